/* fax-viewer.c
 *
 * One fax file in a window: page thumbnails down the side, the page at
 * its true proportions (FaxPageRenderer corrects 204x98 dpi pages), zoom
 * to the width, to the page, to actual size or by Ctrl+scroll, rotation
 * in quarter turns, printing (each page scaled to the paper), export to
 * PDF, a copy, and another application. Reading the file and rendering
 * pages run in the renderer's GTask workers; a newer request cancels an
 * older one, so the window never waits for pixels.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include <fax-backend.h>

#include "fax-page-texture.h"
#include "fax-viewer.h"

#define THUMBNAIL_WIDTH  120
#define THUMBNAIL_HEIGHT 170

struct _FaxViewer
{
  AdwWindow        parent_instance;

  GFile           *file;
  FaxPageRenderer *renderer;
  GCancellable    *cancellable;     /* the whole window's work */
  GCancellable    *render_cancellable;
  guint            page;
  guint            n_pages;
  guint            rotation;
  FaxViewerZoom    zoom;
  double           custom_scale;
  double           shown_scale;
  guint            relayout_id;
  GdkPaintable    *paintable;

  AdwToastOverlay *toast_overlay;
  GtkStack        *stack;
  AdwStatusPage   *error_page;
  GtkListBox      *thumbnails;
  GtkScrolledWindow *scroller;
  GtkPicture      *picture;
  GtkLabel        *page_label;
};

G_DEFINE_FINAL_TYPE (FaxViewer, fax_viewer, ADW_TYPE_WINDOW)

static void
toast (FaxViewer  *self,
       const char *text)
{
  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (text));
}

/* ----------------------------------------------------------- the page */

static double
wanted_scale (FaxViewer *self)
{
  guint width = 0, height = 0;
  double x_dpi = 204, y_dpi = 196;
  double page_w, page_h, avail_w, avail_h;

  if (!fax_page_renderer_get_page_size (self->renderer, self->page, &width, &height, &x_dpi, &y_dpi) ||
      width == 0 || height == 0)
    return 0.5;

  /* The rendered page: width * scale across, height * scale * x/y down */
  page_w = width;
  page_h = height * (x_dpi / MAX (y_dpi, 1));
  if (self->rotation % 2 == 1)
    {
      double t = page_w;
      page_w = page_h;
      page_h = t;
    }
  avail_w = MAX (gtk_widget_get_width (GTK_WIDGET (self->scroller)) - 24, 100);
  avail_h = MAX (gtk_widget_get_height (GTK_WIDGET (self->scroller)) - 24, 100);

  switch (self->zoom)
    {
    case FAX_VIEWER_ZOOM_FIT_WIDTH:
      return avail_w / page_w;
    case FAX_VIEWER_ZOOM_FIT_PAGE:
      return MIN (avail_w / page_w, avail_h / page_h);
    case FAX_VIEWER_ZOOM_ACTUAL:
      return 96.0 / MAX (x_dpi, 1);
    case FAX_VIEWER_ZOOM_CUSTOM:
    default:
      return self->custom_scale;
    }
}

static void
rendered_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(FaxViewer) self = user_data;
  g_autoptr(GError) error = NULL;
  cairo_surface_t *surface = fax_page_renderer_render_page_finish (FAX_PAGE_RENDERER (object), result, &error);
  g_autoptr(GdkTexture) texture = NULL;

  if (surface == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        toast (self, error->message);
      return;
    }
  texture = fax_page_texture_new (surface, self->rotation);
  cairo_surface_destroy (surface);
  g_set_object (&self->paintable, GDK_PAINTABLE (texture));
  gtk_picture_set_paintable (self->picture, self->paintable);
}

static void
render_current (FaxViewer *self)
{
  double scale;

  if (self->renderer == NULL || self->n_pages == 0)
    return;

  scale = CLAMP (wanted_scale (self), 0.05, 4.0);
  self->shown_scale = scale;

  g_cancellable_cancel (self->render_cancellable);
  g_clear_object (&self->render_cancellable);
  self->render_cancellable = g_cancellable_new ();
  fax_page_renderer_render_page_async (self->renderer, self->page, scale, self->render_cancellable,
                                       rendered_cb, g_object_ref (self));
}

static void
update_page_label (FaxViewer *self)
{
  g_autofree char *text = g_strdup_printf (_("Page %u of %u"), self->page + 1, self->n_pages);

  gtk_label_set_text (self->page_label, text);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "viewer.previous-page", self->page > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "viewer.next-page", self->page + 1 < self->n_pages);
}

void
fax_viewer_set_page (FaxViewer *self,
                     guint      page)
{
  GtkListBoxRow *row;

  g_return_if_fail (FAX_IS_VIEWER (self));

  if (self->n_pages == 0 || page >= self->n_pages)
    return;
  self->page = page;
  update_page_label (self);
  row = gtk_list_box_get_row_at_index (self->thumbnails, page);
  if (row != NULL && gtk_list_box_get_selected_row (self->thumbnails) != row)
    gtk_list_box_select_row (self->thumbnails, row);
  render_current (self);
}

static void
thumbnail_selected_cb (FaxViewer     *self,
                       GtkListBoxRow *row)
{
  if (row != NULL && (guint)gtk_list_box_row_get_index (row) != self->page)
    fax_viewer_set_page (self, gtk_list_box_row_get_index (row));
}

/* ----------------------------------------------------------- thumbnails */

typedef struct
{
  guint       page;
  GtkPicture *picture;   /* weak */
} Thumb;

static void
thumb_free (Thumb *thumb)
{
  g_clear_weak_pointer (&thumb->picture);
  g_free (thumb);
}

static void
thumbnail_thread (GTask        *task,
                  gpointer      source_object,
                  gpointer      task_data,
                  GCancellable *cancellable)
{
  Thumb *thumb = task_data;
  GError *error = NULL;
  cairo_surface_t *surface = fax_page_renderer_render_thumbnail (source_object, thumb->page,
                                                                 THUMBNAIL_WIDTH, THUMBNAIL_HEIGHT,
                                                                 cancellable, &error);
  if (surface == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, surface, (GDestroyNotify)cairo_surface_destroy);
}

static void
thumbnail_done_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  Thumb *thumb = g_task_get_task_data (G_TASK (result));
  cairo_surface_t *surface = g_task_propagate_pointer (G_TASK (result), NULL);
  g_autoptr(GdkTexture) texture = NULL;

  if (surface == NULL || thumb->picture == NULL)
    {
      if (surface != NULL)
        cairo_surface_destroy (surface);
      return;
    }
  texture = fax_page_texture_new (surface, 0);
  cairo_surface_destroy (surface);
  gtk_picture_set_paintable (thumb->picture, GDK_PAINTABLE (texture));
}

static void
fill_thumbnails (FaxViewer *self)
{
  for (guint i = 0; i < self->n_pages; i++)
    {
      GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
      GtkWidget *picture = gtk_picture_new ();
      g_autofree char *number = g_strdup_printf ("%u", i + 1);
      g_autoptr(GTask) task = NULL;
      Thumb *thumb = g_new0 (Thumb, 1);

      gtk_widget_set_size_request (picture, THUMBNAIL_WIDTH, THUMBNAIL_HEIGHT);
      gtk_widget_add_css_class (picture, "card");
      gtk_box_append (GTK_BOX (box), picture);
      gtk_box_append (GTK_BOX (box), gtk_label_new (number));
      gtk_widget_set_margin_top (box, 6);
      gtk_widget_set_margin_bottom (box, 6);
      gtk_list_box_append (self->thumbnails, box);

      thumb->page = i;
      g_set_weak_pointer (&thumb->picture, GTK_PICTURE (picture));
      task = g_task_new (self->renderer, self->cancellable, thumbnail_done_cb, NULL);
      g_task_set_task_data (task, thumb, (GDestroyNotify)thumb_free);
      g_task_run_in_thread (task, thumbnail_thread);
    }
}

static void size_changed_cb (FaxViewer *self);

/* -------------------------------------------------------------- loading */

static void
loaded_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(FaxViewer) self = user_data;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) problems = NULL;

  if (!fax_page_renderer_load_finish (FAX_PAGE_RENDERER (object), result, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      adw_status_page_set_description (self->error_page, error->message);
      gtk_stack_set_visible_child_name (self->stack, "error");
      return;
    }

  self->n_pages = fax_page_renderer_get_n_pages (self->renderer);
  gtk_stack_set_visible_child_name (self->stack, "pages");
  fill_thumbnails (self);
  fax_viewer_set_page (self, 0);
  /* Once laid out, the fit zooms know the room they have */
  size_changed_cb (self);

  /* A damaged file shows what can be read, and says what cannot */
  problems = fax_page_renderer_dup_problems (self->renderer);
  if (problems != NULL && problems[0] != NULL)
    {
      g_autofree char *text = g_strdup_printf (_("Part of this fax is damaged: %s"), problems[0]);
      toast (self, text);
    }
}

/* -------------------------------------------------------------- actions */

void
fax_viewer_set_zoom (FaxViewer     *self,
                     FaxViewerZoom  zoom)
{
  g_return_if_fail (FAX_IS_VIEWER (self));
  if (zoom == FAX_VIEWER_ZOOM_CUSTOM && self->custom_scale <= 0)
    self->custom_scale = self->shown_scale > 0 ? self->shown_scale : 0.5;
  self->zoom = zoom;
  render_current (self);
}

void
fax_viewer_rotate (FaxViewer *self)
{
  g_return_if_fail (FAX_IS_VIEWER (self));
  self->rotation = (self->rotation + 1) % 4;
  render_current (self);
}

static void
zoom_by (FaxViewer *self,
         double     factor)
{
  self->custom_scale = CLAMP ((self->shown_scale > 0 ? self->shown_scale : 0.5) * factor, 0.05, 4.0);
  self->zoom = FAX_VIEWER_ZOOM_CUSTOM;
  render_current (self);
}

static void
page_action (GtkWidget  *widget,
             const char *name,
             GVariant   *parameter)
{
  FaxViewer *self = FAX_VIEWER (widget);

  if (g_str_equal (name, "viewer.next-page"))
    fax_viewer_set_page (self, self->page + 1);
  else if (self->page > 0)
    fax_viewer_set_page (self, self->page - 1);
}

static void
zoom_action (GtkWidget  *widget,
             const char *name,
             GVariant   *parameter)
{
  FaxViewer *self = FAX_VIEWER (widget);
  const char *which = g_variant_get_string (parameter, NULL);

  if (g_str_equal (which, "width"))
    fax_viewer_set_zoom (self, FAX_VIEWER_ZOOM_FIT_WIDTH);
  else if (g_str_equal (which, "page"))
    fax_viewer_set_zoom (self, FAX_VIEWER_ZOOM_FIT_PAGE);
  else if (g_str_equal (which, "actual"))
    fax_viewer_set_zoom (self, FAX_VIEWER_ZOOM_ACTUAL);
  else if (g_str_equal (which, "in"))
    zoom_by (self, 1.25);
  else if (g_str_equal (which, "out"))
    zoom_by (self, 0.8);
}

static void
rotate_action (GtkWidget  *widget,
               const char *name,
               GVariant   *parameter)
{
  fax_viewer_rotate (FAX_VIEWER (widget));
}

static gboolean
scroll_cb (GtkEventControllerScroll *controller,
           double                    dx,
           double                    dy,
           FaxViewer                *self)
{
  GdkModifierType state = gtk_event_controller_get_current_event_state (GTK_EVENT_CONTROLLER (controller));

  if (!(state & GDK_CONTROL_MASK) || dy == 0)
    return FALSE;
  zoom_by (self, dy < 0 ? 1.1 : 1 / 1.1);
  return TRUE;
}

static void
zoom_gesture_cb (GtkGestureZoom *gesture,
                 double          scale,
                 FaxViewer      *self)
{
  if (scale > 1.05 || scale < 0.95)
    {
      zoom_by (self, scale);
      gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
    }
}

/* Print: each page scaled to fit the printable area, true proportions */
static void
draw_page_cb (GtkPrintOperation *operation,
              GtkPrintContext   *context,
              int                page_nr,
              FaxViewer         *self)
{
  cairo_t *cr = gtk_print_context_get_cairo_context (context);
  double area_w = gtk_print_context_get_width (context);
  double area_h = gtk_print_context_get_height (context);
  g_autoptr(GError) error = NULL;
  cairo_surface_t *surface = fax_page_renderer_render_page (self->renderer, page_nr, 1.0, NULL, &error);
  double w, h, fit;

  if (surface == NULL)
    {
      g_warning ("Cannot print page %d: %s", page_nr + 1, error->message);
      return;
    }
  w = cairo_image_surface_get_width (surface);
  h = cairo_image_surface_get_height (surface);
  fit = MIN (area_w / w, area_h / h);
  cairo_scale (cr, fit, fit);
  cairo_set_source_surface (cr, surface, 0, 0);
  cairo_pattern_set_filter (cairo_get_source (cr), CAIRO_FILTER_GOOD);
  cairo_paint (cr);
  cairo_surface_destroy (surface);
}

static void
print_action (GtkWidget  *widget,
              const char *name,
              GVariant   *parameter)
{
  FaxViewer *self = FAX_VIEWER (widget);
  g_autoptr(GtkPrintOperation) operation = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *job_name = g_file_get_basename (self->file);

  if (self->n_pages == 0)
    return;
  operation = gtk_print_operation_new ();
  gtk_print_operation_set_n_pages (operation, self->n_pages);
  gtk_print_operation_set_job_name (operation, job_name);
  gtk_print_operation_set_embed_page_setup (operation, TRUE);
  g_signal_connect (operation, "draw-page", G_CALLBACK (draw_page_cb), self);
  if (gtk_print_operation_run (operation, GTK_PRINT_OPERATION_ACTION_PRINT_DIALOG,
                               GTK_WINDOW (self), &error) == GTK_PRINT_OPERATION_RESULT_ERROR)
    toast (self, error->message);
}

static void
exported_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(FaxViewer) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!fax_page_renderer_export_pdf_finish (FAX_PAGE_RENDERER (object), result, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        toast (self, error->message);
      return;
    }
  toast (self, _("Exported to PDF"));
}

void
fax_viewer_export_pdf (FaxViewer *self,
                       GFile     *output)
{
  g_return_if_fail (FAX_IS_VIEWER (self));
  g_return_if_fail (G_IS_FILE (output));

  if (self->renderer == NULL)
    return;
  fax_page_renderer_export_pdf_async (self->renderer, output, self->cancellable,
                                      exported_cb, g_object_ref (self));
}

static void
copied_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(FaxViewer) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!g_file_copy_finish (G_FILE (object), result, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        toast (self, error->message);
      return;
    }
  toast (self, _("Copy saved"));
}

static void
save_response_cb (GtkNativeDialog *chooser,
                  int              response,
                  FaxViewer       *self)
{
  gboolean pdf = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (chooser), "pdf"));

  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) target = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));

      if (pdf)
        fax_viewer_export_pdf (self, target);
      else
        g_file_copy_async (self->file, target, G_FILE_COPY_OVERWRITE, G_PRIORITY_DEFAULT,
                           self->cancellable, NULL, NULL, copied_cb, g_object_ref (self));
    }
  gtk_native_dialog_destroy (chooser);
  g_object_unref (chooser);
}

static void
save_action (GtkWidget  *widget,
             const char *name,
             GVariant   *parameter)
{
  FaxViewer *self = FAX_VIEWER (widget);
  gboolean pdf = g_str_equal (name, "viewer.export-pdf");
  g_autofree char *base = g_file_get_basename (self->file);
  g_autofree char *suggested = NULL;
  GtkFileChooserNative *chooser;

  if (pdf)
    {
      char *dot = strrchr (base, '.');
      if (dot != NULL)
        *dot = '\0';
      suggested = g_strconcat (base, ".pdf", NULL);
    }
  else
    suggested = g_strdup (base);

  chooser = gtk_file_chooser_native_new (pdf ? _("Export to PDF") : _("Save a Copy"), GTK_WINDOW (self),
                                         GTK_FILE_CHOOSER_ACTION_SAVE, _("_Save"), _("_Cancel"));
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), suggested);
  g_object_set_data (G_OBJECT (chooser), "pdf", GINT_TO_POINTER (pdf));
  g_signal_connect (chooser, "response", G_CALLBACK (save_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
app_chosen_cb (GtkDialog *dialog,
               int        response,
               FaxViewer *self)
{
  if (response == GTK_RESPONSE_OK)
    {
      g_autoptr(GAppInfo) app = gtk_app_chooser_get_app_info (GTK_APP_CHOOSER (dialog));
      g_autoptr(GError) error = NULL;
      GList files = { self->file, NULL, NULL };

      if (app != NULL && !g_app_info_launch (app, &files, NULL, &error))
        toast (self, error->message);
    }
  gtk_window_destroy (GTK_WINDOW (dialog));
}

static void
open_with_action (GtkWidget  *widget,
                  const char *name,
                  GVariant   *parameter)
{
  FaxViewer *self = FAX_VIEWER (widget);
  GtkWidget *dialog = gtk_app_chooser_dialog_new (GTK_WINDOW (self), GTK_DIALOG_MODAL, self->file);

  g_signal_connect (dialog, "response", G_CALLBACK (app_chosen_cb), self);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* Re-render for the new size once resizing pauses (fit zooms only) */
static gboolean
relayout_cb (gpointer user_data)
{
  FaxViewer *self = user_data;

  self->relayout_id = 0;
  if (self->zoom == FAX_VIEWER_ZOOM_FIT_WIDTH || self->zoom == FAX_VIEWER_ZOOM_FIT_PAGE)
    {
      double scale = CLAMP (wanted_scale (self), 0.05, 4.0);
      if (ABS (scale - self->shown_scale) > 0.01)
        render_current (self);
    }
  return G_SOURCE_REMOVE;
}

static void
size_changed_cb (FaxViewer *self)
{
  g_clear_handle_id (&self->relayout_id, g_source_remove);
  self->relayout_id = g_timeout_add (150, relayout_cb, self);
}

/* ------------------------------------------------------------------ API */

FaxViewer *
fax_viewer_new (GtkWindow *parent,
                GFile     *file)
{
  FaxViewer *self;
  g_autofree char *name = NULL;

  g_return_val_if_fail (G_IS_FILE (file), NULL);

  self = g_object_new (FAX_TYPE_VIEWER, "transient-for", parent, NULL);
  self->file = g_object_ref (file);
  name = g_file_get_basename (file);
  gtk_window_set_title (GTK_WINDOW (self), name);
  self->renderer = fax_page_renderer_new (file);
  fax_page_renderer_load_async (self->renderer, self->cancellable, loaded_cb, g_object_ref (self));
  return self;
}

GFile *
fax_viewer_get_file (FaxViewer *self)
{
  g_return_val_if_fail (FAX_IS_VIEWER (self), NULL);
  return self->file;
}

guint
fax_viewer_get_n_pages (FaxViewer *self)
{
  g_return_val_if_fail (FAX_IS_VIEWER (self), 0);
  return self->n_pages;
}

guint
fax_viewer_get_page (FaxViewer *self)
{
  g_return_val_if_fail (FAX_IS_VIEWER (self), 0);
  return self->page;
}

guint
fax_viewer_get_rotation (FaxViewer *self)
{
  g_return_val_if_fail (FAX_IS_VIEWER (self), 0);
  return self->rotation;
}

GdkPaintable *
fax_viewer_get_paintable (FaxViewer *self)
{
  g_return_val_if_fail (FAX_IS_VIEWER (self), NULL);
  return self->paintable;
}

static void
fax_viewer_dispose (GObject *object)
{
  FaxViewer *self = FAX_VIEWER (object);

  g_cancellable_cancel (self->cancellable);
  if (self->render_cancellable)
    g_cancellable_cancel (self->render_cancellable);
  g_clear_handle_id (&self->relayout_id, g_source_remove);
  g_clear_object (&self->render_cancellable);
  g_clear_object (&self->paintable);
  g_clear_object (&self->renderer);
  g_clear_object (&self->file);

  G_OBJECT_CLASS (fax_viewer_parent_class)->dispose (object);
}

static void
fax_viewer_finalize (GObject *object)
{
  FaxViewer *self = FAX_VIEWER (object);

  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (fax_viewer_parent_class)->finalize (object);
}

static void
fax_viewer_class_init (FaxViewerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = fax_viewer_dispose;
  object_class->finalize = fax_viewer_finalize;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/faxmanager/FaxManager/fax-viewer.ui");
  gtk_widget_class_bind_template_child (widget_class, FaxViewer, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, FaxViewer, stack);
  gtk_widget_class_bind_template_child (widget_class, FaxViewer, error_page);
  gtk_widget_class_bind_template_child (widget_class, FaxViewer, thumbnails);
  gtk_widget_class_bind_template_child (widget_class, FaxViewer, scroller);
  gtk_widget_class_bind_template_child (widget_class, FaxViewer, picture);
  gtk_widget_class_bind_template_child (widget_class, FaxViewer, page_label);
  gtk_widget_class_bind_template_callback (widget_class, thumbnail_selected_cb);

  gtk_widget_class_install_action (widget_class, "viewer.previous-page", NULL, page_action);
  gtk_widget_class_install_action (widget_class, "viewer.next-page", NULL, page_action);
  gtk_widget_class_install_action (widget_class, "viewer.zoom", "s", zoom_action);
  gtk_widget_class_install_action (widget_class, "viewer.rotate", NULL, rotate_action);
  gtk_widget_class_install_action (widget_class, "viewer.print", NULL, print_action);
  gtk_widget_class_install_action (widget_class, "viewer.export-pdf", NULL, save_action);
  gtk_widget_class_install_action (widget_class, "viewer.save-copy", NULL, save_action);
  gtk_widget_class_install_action (widget_class, "viewer.open-with", NULL, open_with_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Page_Down, 0, "viewer.next-page", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Page_Up, 0, "viewer.previous-page", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_plus, GDK_CONTROL_MASK, "viewer.zoom", "s", "in");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_equal, GDK_CONTROL_MASK, "viewer.zoom", "s", "in");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_minus, GDK_CONTROL_MASK, "viewer.zoom", "s", "out");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_0, GDK_CONTROL_MASK, "viewer.zoom", "s", "actual");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_r, GDK_CONTROL_MASK, "viewer.rotate", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_p, GDK_CONTROL_MASK, "viewer.print", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
fax_viewer_init (FaxViewer *self)
{
  GtkEventController *scroll;
  GtkGesture *zoom;

  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
  self->zoom = FAX_VIEWER_ZOOM_FIT_WIDTH;

  scroll = gtk_event_controller_scroll_new (GTK_EVENT_CONTROLLER_SCROLL_VERTICAL);
  gtk_event_controller_set_propagation_phase (scroll, GTK_PHASE_CAPTURE);
  g_signal_connect (scroll, "scroll", G_CALLBACK (scroll_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self->scroller), scroll);

  zoom = gtk_gesture_zoom_new ();
  g_signal_connect (zoom, "scale-changed", G_CALLBACK (zoom_gesture_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self->scroller), GTK_EVENT_CONTROLLER (zoom));

  g_signal_connect_object (self, "notify::default-width", G_CALLBACK (size_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self, "notify::default-height", G_CALLBACK (size_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self, "notify::maximized", G_CALLBACK (size_changed_cb), self, G_CONNECT_SWAPPED);
}
