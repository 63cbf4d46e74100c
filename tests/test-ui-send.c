/* test-ui-send.c: the send dialog, for real
 *
 * The application runs with the virtual line; a two-page PDF made here
 * with cairo goes through the send dialog with a cover page at fine
 * resolution: the Preview page shows the three converted pages, and Send
 * takes exactly those from "Virtual line A" to "Virtual line B", where
 * they arrive as three pages. "Later" queues a job that waits for its
 * time; a time that has passed is refused; a broken PDF is explained and
 * nothing is queued. Screenshots of the form and the preview go to
 * $FAX_TEST_SCREENSHOT_DIR. The tests run with fatal warnings, so a text
 * field that loses its focus the wrong way (GtkText's "did not receive a
 * focus-out event") fails them.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <adwaita.h>
#include <cairo-pdf.h>

#include "fax-application.h"
#include "fax-send-dialog.h"
#include "fax-window.h"

#include "fax-test-fax.h"
#include "fax-test-notifications.h"
#include "fax-test-ui.h"
#include "fax-test-util.h"

static void
set_text (gpointer    root,
          const char *id,
          const char *text)
{
  gtk_editable_set_text (GTK_EDITABLE (fax_test_ui_get_widget (root, id)), text);
}

/* No text field (or anything else) on the hidden or locked form holds the
 * focus: the focus is where the user can see and use it */
static void
assert_focus_usable (FaxSendDialog *dialog)
{
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (dialog));
  GtkWidget *form = fax_test_ui_get_widget (dialog, "form_page");

  if (focus == NULL)
    return;
  g_test_message ("focus on a %s in %s (%s)", G_OBJECT_TYPE_NAME (focus),
                  G_OBJECT_TYPE_NAME (gtk_widget_get_parent (focus)),
                  gtk_buildable_get_buildable_id (GTK_BUILDABLE (gtk_widget_get_parent (focus))));
  g_assert_true (gtk_widget_is_sensitive (focus));
  if (!gtk_widget_get_child_visible (form) || !gtk_widget_is_sensitive (form))
    g_assert_false (gtk_widget_is_ancestor (focus, form));
}

/* A click on a button of the dialog (as the pointer does: at once; a
 * keyboard activation emits "clicked" only after a short delay) */
static void
click (gpointer    root,
       const char *id)
{
  GtkWidget *button = fax_test_ui_get_widget (root, id);

  g_assert_true (gtk_widget_is_sensitive (button));
  g_assert_true (gtk_widget_get_mapped (button));
  g_signal_emit_by_name (button, "clicked");
}

static guint
count_children (GtkWidget *widget)
{
  guint n = 0;

  for (GtkWidget *c = gtk_widget_get_first_child (widget); c; c = gtk_widget_get_next_sibling (c))
    n++;
  return n;
}

static GtkWidget *
find_picture (GtkWidget *root)
{
  if (GTK_IS_PICTURE (root))
    return root;
  for (GtkWidget *c = gtk_widget_get_first_child (root); c; c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *found = find_picture (c);
      if (found)
        return found;
    }
  return NULL;
}

/* Folders the send dialogs made for their converted pages and left */
static guint
count_work_dirs (void)
{
  g_autofree char *cache = g_build_filename (g_get_user_cache_dir (), "fax-manager", NULL);
  GDir *dir = g_dir_open (cache, 0, NULL);
  const char *name;
  guint n = 0;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    if (g_str_has_prefix (name, "send-"))
      n++;
  g_clear_pointer (&dir, g_dir_close);
  return n;
}

static void
test_cover_preview_send (FaxApplication *app,
                         FaxWindow      *window)
{
  FaxServer *server = fax_application_get_server (app);
  g_autofree char *pdf = fax_test_ui_make_pdf ("order.pdf", 2);
  g_autoptr(GFile) file = g_file_new_for_path (pdf);
  g_autoptr(FaxJob) job = NULL;
  g_autoptr(FaxPageRenderer) sent = NULL;
  g_autoptr(FaxReceivedFax) fax = NULL;
  g_autoptr(GError) error = NULL;
  GListModel *inbox = fax_server_get_inbox (server);
  GtkWidget *pages;
  FaxSendDialog *dialog;
  guint32 a;

  a = fax_test_configure_port (server, "virtual-line:A", FAX_PORT_FLAG_SEND, "+1 555 0100");
  fax_test_configure_port (server, "virtual-line:B", FAX_PORT_FLAG_RECEIVE, "+1 555 0200");
  g_assert_cmpuint (g_list_model_get_n_items (inbox), ==, 0);

  dialog = g_object_ref (fax_window_open_send_dialog (window, &file, 1));
  set_text (dialog, "number_row", "555 0200");
  set_text (dialog, "name_row", "Front Office");
  adw_expander_row_set_enable_expansion (ADW_EXPANDER_ROW (fax_test_ui_get_widget (dialog, "cover_row")), TRUE);
  adw_expander_row_set_expanded (ADW_EXPANDER_ROW (fax_test_ui_get_widget (dialog, "cover_row")), TRUE);
  set_text (dialog, "cover_to_row", "Front Office, Building B");
  set_text (dialog, "cover_from_row", "Purchasing");
  set_text (dialog, "cover_subject_row", "Order for Monday");
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (fax_test_ui_get_widget (dialog, "cover_message_view"))),
                            "Hello,\n\nplease find our order for Monday attached.\n\nThank you", -1);
  adw_combo_row_set_selected (ADW_COMBO_ROW (fax_test_ui_get_widget (dialog, "resolution_row")), 1);
  /* Tall enough for the whole form in the screenshot */
  gtk_window_set_default_size (GTK_WINDOW (dialog), 600, 1000);
  fax_test_ui_save_screenshot_now (GTK_WIDGET (dialog), "send-dialog.png");

  /* The trap: a text field of the form holds the focus when the form
   * goes away for the preview (and the conversion outlasts a cursor blink) */
  gtk_widget_grab_focus (fax_test_ui_get_widget (dialog, "cover_subject_row"));
  click (dialog, "preview_button");
  assert_focus_usable (dialog);
  FAX_TEST_WAIT_UNTIL (fax_send_dialog_get_n_pages (dialog) > 0);
  assert_focus_usable (dialog);

  /* Cover page + 2 pages, as thumbnails at their true proportions */
  g_assert_cmpuint (fax_send_dialog_get_n_pages (dialog), ==, 3);
  pages = fax_test_ui_get_widget (dialog, "preview_pages");
  g_assert_cmpuint (count_children (pages), ==, 3);
  for (GtkWidget *c = gtk_widget_get_first_child (pages); c; c = gtk_widget_get_next_sibling (c))
    {
      GdkPaintable *paintable = gtk_picture_get_paintable (GTK_PICTURE (find_picture (c)));
      double aspect = (double)gdk_paintable_get_intrinsic_height (paintable) /
                      gdk_paintable_get_intrinsic_width (paintable);

      g_assert_cmpfloat (aspect, >, 1.35);   /* A4: 1.414 */
      g_assert_cmpfloat (aspect, <, 1.48);
    }
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (fax_test_ui_get_widget (dialog, "preview_title"))), "3 pages"));
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (fax_test_ui_get_widget (dialog, "preview_subtitle"))), "Fine"));
  fax_test_ui_save_screenshot_now (GTK_WIDGET (dialog), "send-preview.png");

  /* Send: exactly those pages, without a second conversion. The queue
   * holds the call until the window has settled: the engine and both
   * ends of the line share this main loop, and a slow first frame of the
   * Outbox (seconds under the sanitizers) would starve the modems */
  fax_server_set_sending (server, FALSE);
  click (dialog, "send_button");
  assert_focus_usable (dialog);
  FAX_TEST_WAIT_UNTIL (fax_send_dialog_get_job (dialog) != NULL);
  job = g_object_ref (fax_send_dialog_get_job (dialog));
  FAX_TEST_WAIT_UNTIL (!gtk_widget_get_visible (GTK_WIDGET (dialog)));
  g_object_unref (dialog);
  fax_test_ui_wait_for_paint (GTK_WIDGET (window));
  fax_test_ui_spin_for ((1) * 1000);
  fax_server_set_sending (server, TRUE);
  g_assert_cmpuint (fax_job_get_total_pages (job), ==, 3);
  g_assert_cmpint (fax_job_get_next_try (job), ==, 0);

  /* At fine resolution, A4 */
  {
    g_autoptr(GFile) document = g_file_new_for_path (fax_job_get_document (job));
    sent = fax_page_renderer_new (document);
  }
  g_assert_true (fax_page_renderer_load (sent, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (fax_page_renderer_get_n_pages (sent), ==, 3);
  for (guint i = 0; i < 3; i++)
    {
      guint w, h;
      double x_dpi, y_dpi;

      g_assert_true (fax_page_renderer_get_page_size (sent, i, &w, &h, &x_dpi, &y_dpi));
      g_assert_cmpuint (w, ==, 1728);
      g_assert_cmpfloat (y_dpi, >, 190);
      g_assert_cmpfloat (y_dpi, <, 200);
    }

  /* Over the line, and in the inbox on the other side with three pages */
  FAX_TEST_WAIT_UNTIL (fax_test_job_finished (job));
  g_test_message ("job: %s", fax_job_get_result_text (job));
  g_assert_cmpint (fax_job_get_state (job), ==, FAX_JOB_STATE_COMPLETED);
  g_assert_cmpuint (fax_job_get_pages_sent (job), ==, 3);
  g_assert_cmpuint (fax_job_get_device_id (job) == 0 || fax_job_get_device_id (job) == a, ==, TRUE);
  FAX_TEST_WAIT_UNTIL (g_list_model_get_n_items (inbox) == 1);
  fax = g_list_model_get_item (inbox, 0);
  g_assert_cmpuint (fax_received_fax_get_pages (fax), ==, 3);
  g_assert_false (fax_received_fax_get_incomplete (fax));
  {
    g_autoptr(GFile) received_file = g_file_new_for_path (fax_received_fax_get_path (fax));
    g_autoptr(FaxPageRenderer) received = fax_page_renderer_new (received_file);

    g_assert_true (fax_page_renderer_load (received, NULL, &error));
    g_assert_no_error (error);
    g_assert_cmpuint (fax_page_renderer_get_n_pages (received), ==, 3);
  }
}

/* Chooses "Later" at @when (local time, to the minute) */
static void
choose_time (FaxSendDialog *dialog,
             GDateTime     *when)
{
  adw_combo_row_set_selected (ADW_COMBO_ROW (fax_test_ui_get_widget (dialog, "when_row")), 1);
  g_assert_true (gtk_widget_get_visible (fax_test_ui_get_widget (dialog, "time_row")));
  gtk_calendar_select_day (GTK_CALENDAR (fax_test_ui_get_widget (dialog, "calendar")), when);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (fax_test_ui_get_widget (dialog, "hour_spin")), g_date_time_get_hour (when));
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (fax_test_ui_get_widget (dialog, "minute_spin")), g_date_time_get_minute (when));
}

static void
test_later (FaxApplication *app,
            FaxWindow      *window)
{
  FaxServer *server = fax_application_get_server (app);
  g_autofree char *pdf = fax_test_ui_make_pdf ("later.pdf", 1);
  g_autoptr(GFile) file = g_file_new_for_path (pdf);
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) past = g_date_time_add_hours (now, -1);
  g_autoptr(GDateTime) ahead = NULL;
  g_autoptr(FaxJob) job = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *error_label;
  FaxSendDialog *dialog;
  guint n_jobs = g_list_model_get_n_items (fax_server_get_jobs (server));

  /* An hour from now, to the minute */
  {
    g_autoptr(GDateTime) hour = g_date_time_add_hours (now, 1);
    ahead = g_date_time_add_seconds (hour, -g_date_time_get_seconds (hour));
  }

  dialog = g_object_ref (fax_window_open_send_dialog (window, &file, 1));
  set_text (dialog, "number_row", "555 0300");
  error_label = fax_test_ui_get_widget (dialog, "error_label");

  /* A time that has passed: refused, said so, nothing converted or queued */
  choose_time (dialog, past);
  gtk_widget_grab_focus (fax_test_ui_get_widget (dialog, "number_row"));
  click (dialog, "send_button");
  g_assert_true (gtk_widget_get_visible (error_label));
  g_test_message ("%s", gtk_label_get_text (GTK_LABEL (error_label)));
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (error_label)), "passed"));
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (fax_test_ui_get_widget (dialog, "time_row"))), "passed"));
  g_assert_null (fax_send_dialog_get_job (dialog));
  g_assert_cmpuint (fax_send_dialog_get_n_pages (dialog), ==, 0);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (dialog)));
  fax_test_ui_spin_for ((1) * 1000);
  g_assert_cmpuint (g_list_model_get_n_items (fax_server_get_jobs (server)), ==, n_jobs);
  gtk_window_set_default_size (GTK_WINDOW (dialog), 600, 1000);
  fax_test_ui_save_screenshot_now (GTK_WIDGET (dialog), "send-later-refused.png");

  /* An hour ahead: queued with that time */
  choose_time (dialog, ahead);
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (fax_test_ui_get_widget (dialog, "time_row"))), ==, "");
  click (dialog, "send_button");
  assert_focus_usable (dialog);
  FAX_TEST_WAIT_UNTIL (fax_send_dialog_get_job (dialog) != NULL);
  job = g_object_ref (fax_send_dialog_get_job (dialog));
  FAX_TEST_WAIT_UNTIL (!gtk_widget_get_visible (GTK_WIDGET (dialog)));
  g_object_unref (dialog);
  g_assert_cmpint (fax_job_get_next_try (job), ==, g_date_time_to_unix (ahead));
  g_assert_cmpint (fax_job_get_state (job), ==, FAX_JOB_STATE_QUEUED);
  g_assert_cmpuint (fax_job_get_total_pages (job), ==, 1);

  /* ... and it stays queued while the queue ticks */
  fax_test_ui_spin_for ((3) * 1000);
  g_assert_cmpint (fax_job_get_state (job), ==, FAX_JOB_STATE_QUEUED);
  g_assert_cmpuint (fax_job_get_attempts (job), ==, 0);
  g_assert_cmpint (fax_job_get_next_try (job), ==, g_date_time_to_unix (ahead));

  g_assert_true (fax_server_abort_job (server, fax_job_get_id (job), &error));
  g_assert_no_error (error);
  g_assert_true (fax_server_delete_job (server, fax_job_get_id (job), &error));
  g_assert_no_error (error);
}

static void
test_broken_pdf (FaxApplication *app,
                 FaxWindow      *window)
{
  FaxServer *server = fax_application_get_server (app);
  g_autofree char *good = fax_test_ui_make_pdf ("cut-off.pdf", 2);
  g_autofree char *data = NULL;
  g_autoptr(GFile) file = g_file_new_for_path (good);
  gsize len;
  GtkWidget *error_label;
  FaxSendDialog *dialog;
  guint n_jobs = g_list_model_get_n_items (fax_server_get_jobs (server));

  /* Cut off halfway, as a broken download is */
  g_assert_true (g_file_get_contents (good, &data, &len, NULL));
  g_assert_true (g_file_set_contents (good, data, len / 2, NULL));

  dialog = g_object_ref (fax_window_open_send_dialog (window, &file, 1));
  set_text (dialog, "number_row", "555 0400");
  error_label = fax_test_ui_get_widget (dialog, "error_label");
  gtk_widget_grab_focus (fax_test_ui_get_widget (dialog, "number_row"));
  click (dialog, "send_button");
  assert_focus_usable (dialog);

  /* Explained on the form, naming the file and what to do; nothing queued */
  FAX_TEST_WAIT_UNTIL (gtk_widget_get_visible (error_label));
  g_test_message ("%s", gtk_label_get_text (GTK_LABEL (error_label)));
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (error_label)), "cut-off.pdf"));
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (error_label)), "replace or remove that document"));
  g_assert_true (gtk_widget_get_child_visible (fax_test_ui_get_widget (dialog, "form_page")));
  g_assert_null (fax_send_dialog_get_job (dialog));
  g_assert_cmpuint (fax_send_dialog_get_n_pages (dialog), ==, 0);
  g_assert_true (gtk_widget_is_sensitive (fax_test_ui_get_widget (dialog, "send_button")));
  g_assert_cmpuint (g_list_model_get_n_items (fax_server_get_jobs (server)), ==, n_jobs);
  fax_test_ui_save_screenshot_now (GTK_WIDGET (dialog), "send-broken-pdf.png");
  gtk_window_close (GTK_WINDOW (dialog));
  g_object_unref (dialog);
}

static const char *
visible_page (FaxSendDialog *dialog,
              const char    *stack)
{
  return gtk_stack_get_visible_child_name (GTK_STACK (fax_test_ui_get_widget (dialog, stack)));
}

/* Stop while the pages are prepared: back to the form, nothing shown
 * later from the stopped conversion; Preview again starts afresh */
static void
test_stop (FaxApplication *app,
           FaxWindow      *window)
{
  g_autofree char *pdf = fax_test_ui_make_pdf ("long.pdf", 24);
  g_autoptr(GFile) file = g_file_new_for_path (pdf);
  FaxSendDialog *dialog;

  dialog = g_object_ref (fax_window_open_send_dialog (window, &file, 1));
  set_text (dialog, "number_row", "555 0500");
  gtk_widget_grab_focus (fax_test_ui_get_widget (dialog, "number_row"));

  click (dialog, "preview_button");
  g_assert_cmpstr (visible_page (dialog, "stack"), ==, "preview");
  g_assert_cmpstr (visible_page (dialog, "preview_stack"), ==, "progress");
  g_assert_false (gtk_widget_is_sensitive (fax_test_ui_get_widget (dialog, "send_button")));
  assert_focus_usable (dialog);
  fax_test_ui_save_screenshot_now (GTK_WIDGET (dialog), "send-preparing.png");
  click (dialog, "stop_button");

  g_assert_cmpstr (visible_page (dialog, "stack"), ==, "form");
  g_assert_true (gtk_widget_is_sensitive (fax_test_ui_get_widget (dialog, "send_button")));
  g_assert_true (gtk_widget_is_sensitive (fax_test_ui_get_widget (dialog, "preview_button")));
  /* The focus is back where it was */
  g_assert_true (gtk_widget_is_ancestor (gtk_root_get_focus (GTK_ROOT (dialog)), fax_test_ui_get_widget (dialog, "number_row")));
  fax_test_ui_spin_for ((2) * 1000);
  g_assert_cmpstr (visible_page (dialog, "stack"), ==, "form");
  g_assert_cmpuint (fax_send_dialog_get_n_pages (dialog), ==, 0);
  g_assert_false (gtk_widget_get_visible (fax_test_ui_get_widget (dialog, "error_label")));

  click (dialog, "preview_button");
  FAX_TEST_WAIT_UNTIL (fax_send_dialog_get_n_pages (dialog) > 0);
  g_assert_cmpuint (fax_send_dialog_get_n_pages (dialog), ==, 24);
  g_assert_cmpstr (visible_page (dialog, "preview_stack"), ==, "pages");
  g_assert_cmpuint (count_children (fax_test_ui_get_widget (dialog, "preview_pages")), ==, 24);

  /* Back, and Preview again: the same pages, not converted again */
  click (dialog, "back_button");
  g_assert_cmpstr (visible_page (dialog, "stack"), ==, "form");
  g_assert_cmpuint (fax_send_dialog_get_n_pages (dialog), ==, 24);
  click (dialog, "preview_button");
  g_assert_cmpstr (visible_page (dialog, "preview_stack"), ==, "pages");
  g_assert_cmpuint (count_children (fax_test_ui_get_widget (dialog, "preview_pages")), ==, 24);

  /* A change to what is on the pages discards them */
  click (dialog, "back_button");
  adw_combo_row_set_selected (ADW_COMBO_ROW (fax_test_ui_get_widget (dialog, "resolution_row")), 0);
  g_assert_cmpuint (fax_send_dialog_get_n_pages (dialog), ==, 0);

  gtk_window_close (GTK_WINDOW (dialog));
  g_object_unref (dialog);
}

typedef void (*UiTestFunc) (FaxApplication *app, FaxWindow *window);

static void
activate_cb (FaxApplication *app,
             gpointer        data)
{
  UiTestFunc func = (UiTestFunc)data;
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (app));
  GList *windows;

  g_assert_true (FAX_IS_WINDOW (window));
  g_assert_cmpuint (count_work_dirs (), ==, 0);
  /* Screenshots show the end of each transition */
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);
  func (app, FAX_WINDOW (window));

  while ((windows = gtk_application_get_windows (GTK_APPLICATION (app))) != NULL)
    gtk_window_destroy (windows->data);
  g_application_quit (G_APPLICATION (app));
}

static void
run_ui_test (gconstpointer data)
{
  FaxApplication *app = fax_application_new ();
  char *argv[] = { (char *)"fax-manager", (char *)"--virtual-line", NULL };

  fax_test_reset (0, NULL);
  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  g_signal_connect_after (app, "activate", G_CALLBACK (activate_cb), (gpointer)data);
  g_assert_cmpint (g_application_run (G_APPLICATION (app), 2, argv), ==, 0);
  while (g_main_context_pending (NULL))
    g_main_context_iteration (NULL, FALSE);
  g_assert_finalize_object (app);
  /* Every dialog takes its converted pages with it (once a conversion
   * it stopped has come back from its worker) */
  FAX_TEST_WAIT_UNTIL (count_work_dirs () == 0);
}

int
main (int   argc,
      char *argv[])
{
  fax_test_init (&argc, &argv);
  fax_test_ui_settings ();
  /* A faster clock on the line, but not so fast that a busy UI thread
   * (the dialog closing, the views updating) lets the sending modem run
   * dry in the middle of a fine page */
  g_setenv ("FAX_MANAGER_VIRTUAL_LINE_SPEED", "2", TRUE);

  if (g_getenv ("DISPLAY") == NULL && g_getenv ("WAYLAND_DISPLAY") == NULL)
    {
      g_print ("1..0 # SKIP these tests need a display: run them under xvfb-run\n");
      return 0;
    }
  /* The application announces sent and received faxes */
  fax_test_serve_notifications (NULL);

  g_test_add_data_func ("/ui/send/cover-preview-send", test_cover_preview_send, run_ui_test);
  g_test_add_data_func ("/ui/send/later", test_later, run_ui_test);
  g_test_add_data_func ("/ui/send/broken-pdf", test_broken_pdf, run_ui_test);
  g_test_add_data_func ("/ui/send/stop", test_stop, run_ui_test);
  return g_test_run ();
}
