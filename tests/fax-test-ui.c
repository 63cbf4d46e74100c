/* fax-test-ui.c: waiting, finding widgets and screenshots in the GUI tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <cairo-pdf.h>

#include "fax-test-ui.h"
#include "fax-test-util.h"

/* In the sanitizer build: full stacks for allocations, so that
 * tests/lsan.supp can tell GLib's load-time quark block from our leaks.
 * Every GUI test links this file (its waits), so every one gets it. */
const char *__asan_default_options (void);

__attribute__((used, visibility ("default"))) const char *
__asan_default_options (void)
{
  return "fast_unwind_on_malloc=0";
}

GSettings *
fax_test_ui_settings (void)
{
  static GSettings *settings;

  if (settings == NULL)
    {
      settings = g_settings_new ("io.github.faxmanager.FaxManager");
      g_settings_set_boolean (settings, "identify-modems", FALSE);
    }
  return settings;
}

gboolean
fax_test_ui_hang_guard_cb (gpointer what)
{
  g_error ("Waited for more than %u seconds for: %s", FAX_TEST_UI_WAIT_SECONDS, (const char *)what);
  return G_SOURCE_REMOVE;
}

static gboolean
set_flag_cb (gpointer data)
{
  *(gboolean *)data = TRUE;
  return G_SOURCE_REMOVE;
}

void
fax_test_ui_spin_for (guint ms)
{
  gboolean done = FALSE;

  g_timeout_add (ms, set_flag_cb, &done);
  FAX_TEST_WAIT_UNTIL (done);
}

static void
frame_cb (GdkFrameClock *clock,
          guint         *frames)
{
  (*frames)++;
}

void
fax_test_ui_wait_for_paint (GtkWidget *widget)
{
  GdkFrameClock *clock;
  guint frames = 0;
  gulong id;

  FAX_TEST_WAIT_UNTIL (gtk_widget_get_mapped (widget));
  clock = gtk_widget_get_frame_clock (widget);
  id = g_signal_connect (clock, "after-paint", G_CALLBACK (frame_cb), &frames);
  gtk_widget_queue_draw (widget);
  FAX_TEST_WAIT_UNTIL (frames >= 1);
  g_signal_handler_disconnect (clock, id);
}

void
fax_test_ui_save_screenshot_now (GtkWidget  *widget,
                                 const char *name)
{
  const char *dir = g_getenv ("FAX_TEST_SCREENSHOT_DIR");
  g_autoptr(GdkPaintable) paintable = NULL;
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *path = NULL;
  GtkSnapshot *snapshot;
  GskRenderer *renderer;
  int width, height;

  if (dir == NULL)
    return;

  g_assert_cmpint (g_mkdir_with_parents (dir, 0755), ==, 0);
  fax_test_ui_wait_for_paint (widget);
  width = gtk_widget_get_width (widget);
  height = gtk_widget_get_height (widget);
  g_assert_cmpint (width, >, 0);
  g_assert_cmpint (height, >, 0);

  paintable = gtk_widget_paintable_new (widget);
  snapshot = gtk_snapshot_new ();
  gdk_paintable_snapshot (paintable, snapshot, width, height);
  node = gtk_snapshot_free_to_node (snapshot);
  g_assert_nonnull (node);
  renderer = gtk_native_get_renderer (gtk_widget_get_native (widget));
  texture = gsk_renderer_render_texture (renderer, node, &GRAPHENE_RECT_INIT (0, 0, width, height));
  path = g_build_filename (dir, name, NULL);
  g_assert_true (gdk_texture_save_to_png (texture, path));
  g_test_message ("Screenshot: %s", path);
}

void
fax_test_ui_save_screenshot (GtkWidget  *widget,
                             const char *name)
{
  if (g_getenv ("FAX_TEST_SCREENSHOT_DIR") == NULL)
    return;
  /* CSS transitions (the view switcher's) end first */
  fax_test_ui_spin_for (400);
  fax_test_ui_save_screenshot_now (widget, name);
}

GtkWidget *
fax_test_ui_find_widget (gpointer    root,
                         const char *id)
{
  GtkWidget *widget = GTK_WIDGET (root);

  if (g_strcmp0 (gtk_buildable_get_buildable_id (GTK_BUILDABLE (widget)), id) == 0 ||
      g_strcmp0 (gtk_widget_get_name (widget), id) == 0)
    return widget;
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c; c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *found = fax_test_ui_find_widget (c, id);
      if (found != NULL)
        return found;
    }
  return NULL;
}

GtkWidget *
fax_test_ui_get_widget (gpointer    root,
                        const char *id)
{
  GtkWidget *widget = fax_test_ui_find_widget (root, id);

  if (widget == NULL)
    g_error ("No widget “%s” in %s", id, G_OBJECT_TYPE_NAME (root));
  return widget;
}

GtkWidget *
fax_test_ui_find_child (gpointer root,
                        GType    type)
{
  GtkWidget *widget = GTK_WIDGET (root);

  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type))
    return widget;
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c; c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *found = fax_test_ui_find_child (c, type);
      if (found != NULL)
        return found;
    }
  return NULL;
}

GtkWidget *
fax_test_ui_find_jobs_view (gpointer         root,
                            FaxJobsViewMode  mode)
{
  GtkWidget *widget = GTK_WIDGET (root);

  if (FAX_IS_JOBS_VIEW (widget))
    {
      int m;

      g_object_get (widget, "mode", &m, NULL);
      if ((FaxJobsViewMode)m == mode)
        return widget;
    }
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c; c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *found = fax_test_ui_find_jobs_view (c, mode);
      if (found != NULL)
        return found;
    }
  return NULL;
}

/* A PDF of @n_pages A4 pages, each with a heading, a box and some text */
char *
fax_test_ui_make_pdf (const char *name,
                      guint       n_pages)
{
  char *path = g_build_filename (fax_test_get_root (), name, NULL);
  cairo_surface_t *surface = cairo_pdf_surface_create (path, 595.28, 841.89);
  cairo_t *cr = cairo_create (surface);

  for (guint i = 0; i < n_pages; i++)
    {
      g_autofree char *heading = g_strdup_printf ("Order form, page %u", i + 1);

      cairo_set_source_rgb (cr, 0, 0, 0);
      cairo_select_font_face (cr, "Sans", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_BOLD);
      cairo_set_font_size (cr, 28);
      cairo_move_to (cr, 72, 100);
      cairo_show_text (cr, heading);
      cairo_rectangle (cr, 72, 140, 300, 120 + 60 * i);
      cairo_set_line_width (cr, 4);
      cairo_stroke (cr);
      cairo_select_font_face (cr, "Serif", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_NORMAL);
      cairo_set_font_size (cr, 12);
      for (guint line = 0; line < 20; line++)
        {
          cairo_move_to (cr, 72, 320 + line * 18);
          cairo_show_text (cr, "Please deliver the items below to the front office before noon.");
        }
      cairo_show_page (cr);
    }
  cairo_destroy (cr);
  cairo_surface_finish (surface);
  g_assert_cmpint (cairo_surface_status (surface), ==, CAIRO_STATUS_SUCCESS);
  cairo_surface_destroy (surface);
  return path;
}
