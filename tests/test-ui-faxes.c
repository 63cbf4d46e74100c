/* test-ui-faxes.c: sending and receiving through the window, for real
 *
 * The application runs with the virtual line (a faster clock); a fax goes
 * from "Virtual line A" to "Virtual line B" through the send dialog, the
 * Outbox shows it on its way, Sent shows it sent, and the Inbox shows it
 * arrived, searchable by sender, read/unread, and then in the trash.
 * Real widgets on Xvfb, the real engine and spandsp modems underneath.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <unistd.h>

#include <adwaita.h>
#include <glib/gstdio.h>
#include <poppler.h>

#include "fax-application.h"
#include "fax-inbox-view.h"
#include "fax-jobs-view.h"
#include "fax-send-dialog.h"
#include "fax-viewer.h"
#include "fax-window.h"

#include "fax-test-fax.h"
#include "fax-test-notifications.h"
#include "fax-test-ui.h"
#include "fax-test-util.h"

/* The row of job @id in a jobs view (its list box follows the model) */
static AdwActionRow *
job_row (GtkWidget *view,
         guint32    id)
{
  GListModel *model = fax_jobs_view_get_model (FAX_JOBS_VIEW (view));
  GtkListBox *list_box = GTK_LIST_BOX (fax_test_ui_find_child (view, GTK_TYPE_LIST_BOX));
  guint n = g_list_model_get_n_items (model);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(FaxJob) job = g_list_model_get_item (model, i);
      if (fax_job_get_id (job) == id)
        return ADW_ACTION_ROW (gtk_list_box_get_row_at_index (list_box, i));
    }
  return NULL;
}

/* Clicks the button @name of @row, once it is shown and sensitive */
static void
click_row_button (AdwActionRow *row,
                  const char   *name)
{
  GtkWidget *button = fax_test_ui_find_widget (GTK_WIDGET (row), name);

  g_assert_nonnull (button);
  g_assert_true (gtk_widget_get_visible (button));
  g_assert_true (gtk_widget_is_sensitive (button));
  g_test_message ("clicking %s", name);
  /* "clicked" itself: activating a GtkButton clicks it only after a
   * visual press of 250 ms */
  g_signal_emit_by_name (button, "clicked");
}

static gboolean
row_subtitle_has (AdwActionRow *row,
                  const char   *text)
{
  const char *subtitle = row ? adw_action_row_get_subtitle (row) : NULL;
  return subtitle != NULL && strstr (subtitle, text) != NULL;
}

static FaxJob *job_in (GListModel *model, guint32 id);

static GPtrArray *notifications;   /* "id|title|body", from fax_test_serve_notifications () */

static gboolean
notified (const char *prefix)
{
  for (guint i = 0; i < notifications->len; i++)
    if (g_str_has_prefix (g_ptr_array_index (notifications, i), prefix))
      return TRUE;
  return FALSE;
}

static guint
pdf_pages (const char *path)
{
  g_autofree char *uri = g_filename_to_uri (path, NULL, NULL);
  PopplerDocument *document = poppler_document_new_from_file (uri, NULL, NULL);
  guint n = 0;

  if (document != NULL)
    {
      n = poppler_document_get_n_pages (document);
      g_object_unref (document);
    }
  return n;
}

/* A whole PDF: its header, and its trailer at the end */
static gboolean
pdf_complete (const char *path)
{
  g_autofree char *data = NULL;
  gsize len = 0;

  if (!g_file_get_contents (path, &data, &len, NULL) || len < 1000)
    return FALSE;
  return g_str_has_prefix (data, "%PDF") && g_strstr_len (data + len - 32, 32, "%%EOF") != NULL;
}

static FaxJob *
job_in (GListModel *model,
        guint32     id)
{
  guint n = g_list_model_get_n_items (model);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(FaxJob) job = g_list_model_get_item (model, i);
      if (fax_job_get_id (job) == id)
        return job;   /* the model keeps it alive */
    }
  return NULL;
}

static void
test_send_and_receive (FaxApplication *app,
                       FaxWindow      *window)
{
  FaxServer *server = fax_application_get_server (app);
  /* A PDF, converted by the dialog on a worker as a user's would be */
  g_autofree char *doc = fax_test_ui_make_pdf ("ui-doc.pdf", 2);
  g_autoptr(GFile) file = g_file_new_for_path (doc);
  FaxInboxView *inbox;
  GtkWidget *outbox, *sent;
  FaxSendDialog *dialog;
  FaxJob *job;
  guint32 id;
  guint32 a;

  g_assert_nonnull (server);
  a = fax_test_configure_port (server, "virtual-line:A", FAX_PORT_FLAG_SEND, "+1 555 0100");
  fax_test_configure_port (server, "virtual-line:B", FAX_PORT_FLAG_RECEIVE, "+1 555 0200");

  inbox = FAX_INBOX_VIEW (fax_test_ui_find_child (GTK_WIDGET (window), FAX_TYPE_INBOX_VIEW));
  outbox = fax_test_ui_find_jobs_view (GTK_WIDGET (window), FAX_JOBS_VIEW_OUTBOX);
  sent = fax_test_ui_find_jobs_view (GTK_WIDGET (window), FAX_JOBS_VIEW_SENT);
  g_assert_nonnull (inbox);
  g_assert_nonnull (outbox);
  g_assert_nonnull (sent);
  g_assert_cmpuint (g_list_model_get_n_items (fax_inbox_view_get_model (inbox)), ==, 0);

  fax_window_show_view (window, "ports");
  fax_test_ui_save_screenshot (GTK_WIDGET (window), "faxes-ports.png");

  /* The dialog refuses to send with no number */
  dialog = fax_window_open_send_dialog (window, &file, 1);
  g_assert_nonnull (dialog);
  fax_send_dialog_send (dialog);
  g_assert_null (fax_send_dialog_get_job (dialog));

  /* A number, and the dialog queues the fax on a worker and closes */
  g_object_ref (dialog);
  fax_send_dialog_set_number (dialog, "555 0200");
  fax_send_dialog_send (dialog);
  FAX_TEST_WAIT_UNTIL (fax_send_dialog_get_job (dialog) != NULL);
  job = fax_send_dialog_get_job (dialog);
  id = fax_job_get_id (job);
  g_assert_cmpuint (fax_job_get_total_pages (job), ==, 2);
  FAX_TEST_WAIT_UNTIL (!gtk_widget_get_visible (GTK_WIDGET (dialog)));
  g_object_unref (dialog);

  /* On its way in the Outbox, then in Sent */
  FAX_TEST_WAIT_UNTIL (job_in (fax_jobs_view_get_model (FAX_JOBS_VIEW (outbox)), id) != NULL ||
              job_in (fax_jobs_view_get_model (FAX_JOBS_VIEW (sent)), id) != NULL);
  FAX_TEST_WAIT_UNTIL (job_in (fax_jobs_view_get_model (FAX_JOBS_VIEW (sent)), id) != NULL);
  job = job_in (fax_jobs_view_get_model (FAX_JOBS_VIEW (sent)), id);
  g_assert_null (job_in (fax_jobs_view_get_model (FAX_JOBS_VIEW (outbox)), id));
  g_test_message ("job: %s", fax_job_get_result_text (job));
  g_assert_cmpint (fax_job_get_state (job), ==, FAX_JOB_STATE_COMPLETED);
  g_assert_cmpuint (fax_job_get_device_id (job) == 0 || fax_job_get_device_id (job) == a, ==, TRUE);
  {
    g_autofree char *text = fax_job_describe_state (job);
    g_assert_true (g_str_has_prefix (text, "Sent 2 pages to +1 555 0200"));
  }
  fax_window_show_view (window, "sent");
  FAX_TEST_WAIT_UNTIL (row_subtitle_has (job_row (sent, id), "Sent 2 pages"));
  g_assert_false (gtk_widget_get_visible (fax_test_ui_find_widget (GTK_WIDGET (job_row (sent, id)), "retry")));
  g_assert_true (gtk_widget_get_visible (fax_test_ui_find_widget (GTK_WIDGET (job_row (sent, id)), "delete")));
  fax_test_ui_save_screenshot (GTK_WIDGET (window), "faxes-sent.png");

  /* Announced on the desktop: sent, and received (with its sender) */
  {
    g_autofree char *sent_prefix = g_strdup_printf ("job-%u|Fax Sent|2 pages sent to 555 0200", id);

    FAX_TEST_WAIT_UNTIL (notified (sent_prefix));
    FAX_TEST_WAIT_UNTIL (notified ("received-"));
    for (guint i = 0; i < notifications->len; i++)
      g_test_message ("notification: %s", (char *)g_ptr_array_index (notifications, i));
    g_assert_true (notified ("received-"));
    {
      gboolean found = FALSE;
      for (guint i = 0; i < notifications->len; i++)
        found |= strstr (g_ptr_array_index (notifications, i), "|Fax Received|From +1 555 0100, 2 pages") != NULL;
      g_assert_true (found);
    }
  }

  /* Arrived: in the Inbox, new, with page 1 as its thumbnail, findable by its sender */
  fax_window_show_view (window, "inbox");
  FAX_TEST_WAIT_UNTIL (g_list_model_get_n_items (fax_inbox_view_get_model (inbox)) == 1);
  {
    g_autoptr(FaxReceivedFax) first = g_list_model_get_item (fax_inbox_view_get_model (inbox), 0);
    FAX_TEST_WAIT_UNTIL (fax_inbox_view_get_thumbnail (inbox, first) != NULL);
    fax_test_ui_save_screenshot (GTK_WIDGET (window), "faxes-inbox.png");
    g_assert_cmpint (gdk_texture_get_height (fax_inbox_view_get_thumbnail (inbox, first)), >,
                     gdk_texture_get_width (fax_inbox_view_get_thumbnail (inbox, first)));
  }
  {
    g_autoptr(FaxReceivedFax) fax = g_list_model_get_item (fax_inbox_view_get_model (inbox), 0);
    g_autoptr(GError) error = NULL;

    g_assert_cmpstr (fax_received_fax_get_remote_tsid (fax), ==, "+1 555 0100");
    g_assert_cmpuint (fax_received_fax_get_pages (fax), ==, 2);
    g_assert_true (fax_received_fax_get_unread (fax));

    fax_inbox_view_set_search (inbox, "0100");
    g_assert_cmpuint (g_list_model_get_n_items (fax_inbox_view_get_model (inbox)), ==, 1);
    fax_inbox_view_set_search (inbox, "9999");
    g_assert_cmpuint (g_list_model_get_n_items (fax_inbox_view_get_model (inbox)), ==, 0);
    fax_inbox_view_set_search (inbox, NULL);
    g_assert_cmpuint (g_list_model_get_n_items (fax_inbox_view_get_model (inbox)), ==, 1);

    /* The viewer: both pages, at their true proportions, turned, exported */
    {
      g_autoptr(GFile) fax_file = g_file_new_for_path (fax_received_fax_get_path (fax));
      g_autofree char *pdf = g_build_filename (fax_test_get_root (), "viewer-export.pdf", NULL);
      g_autoptr(GFile) pdf_file = g_file_new_for_path (pdf);
      FaxViewer *viewer = g_object_ref (fax_viewer_new (GTK_WINDOW (window), fax_file));
      double aspect;
      int w, h;

      gtk_window_present (GTK_WINDOW (viewer));
      FAX_TEST_WAIT_UNTIL (fax_viewer_get_n_pages (viewer) == 2 && fax_viewer_get_paintable (viewer) != NULL);
      w = gdk_paintable_get_intrinsic_width (fax_viewer_get_paintable (viewer));
      h = gdk_paintable_get_intrinsic_height (fax_viewer_get_paintable (viewer));
      /* A4: shown with square pixels, the page is about 1.4 times as tall
       * as wide, whatever its resolution */
      aspect = (double)h / w;
      g_test_message ("page shown at %dx%d (aspect %.3f)", w, h, aspect);
      g_assert_cmpfloat (aspect, >, 1.3);
      g_assert_cmpfloat (aspect, <, 1.5);
      fax_test_ui_save_screenshot (GTK_WIDGET (viewer), "faxes-viewer.png");

      fax_viewer_set_page (viewer, 1);
      g_assert_cmpuint (fax_viewer_get_page (viewer), ==, 1);
      fax_viewer_rotate (viewer);
      FAX_TEST_WAIT_UNTIL (fax_viewer_get_paintable (viewer) != NULL &&
                  gdk_paintable_get_intrinsic_width (fax_viewer_get_paintable (viewer)) >
                  gdk_paintable_get_intrinsic_height (fax_viewer_get_paintable (viewer)));

      fax_viewer_export_pdf (viewer, pdf_file);
      FAX_TEST_WAIT_UNTIL (pdf_complete (pdf));
      g_assert_cmpuint (pdf_pages (pdf), ==, 2);
      gtk_window_destroy (GTK_WINDOW (viewer));
      g_object_unref (viewer);
    }

    g_assert_true (fax_server_mark_fax_read (server, fax, TRUE, &error));
    g_assert_false (fax_received_fax_get_unread (fax));
    g_assert_true (fax_server_trash_fax (server, fax, &error));
    g_assert_no_error (error);
    g_assert_cmpuint (g_list_model_get_n_items (fax_inbox_view_get_model (inbox)), ==, 0);
  }
}

static void
test_bad_document (FaxApplication *app,
                   FaxWindow      *window)
{
  g_autofree char *junk = g_build_filename (fax_test_get_root (), "not-a-fax.tif", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (junk);
  FaxSendDialog *dialog;
  GtkWidget *label;

  g_assert_true (g_file_set_contents (junk, "II*\0garbage", 11, NULL));
  dialog = g_object_ref (fax_window_open_send_dialog (window, &file, 1));
  fax_send_dialog_set_number (dialog, "5550300");
  fax_send_dialog_send (dialog);

  /* The error is shown in the dialog, which stays open */
  label = fax_test_ui_find_widget (GTK_WIDGET (dialog), "error_label");
  g_assert_nonnull (label);
  FAX_TEST_WAIT_UNTIL (gtk_widget_get_visible (label) && strstr (gtk_label_get_text (GTK_LABEL (label)), "not-a-fax.tif"));
  g_test_message ("%s", gtk_label_get_text (GTK_LABEL (label)));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (dialog)));
  g_assert_null (fax_send_dialog_get_job (dialog));
  gtk_window_close (GTK_WINDOW (dialog));
  g_object_unref (dialog);
}


static gboolean
job_is (FaxJob      *job,
        FaxJobState  state)
{
  return job != NULL && fax_job_get_state (job) == state;
}

/* Nobody answers: the job waits for its next try (Outbox, "Retry now"),
 * fails for good (Sent, the reason in words, "Try again"); once the far
 * end answers, "Try again" gets the same pages through */
static void
test_no_answer_try_again (FaxApplication *app,
                          FaxWindow      *window)
{
  FaxServer *server = fax_application_get_server (app);
  g_autofree char *doc = g_build_filename (fax_test_get_root (), "no-answer-doc.tif", NULL);
  const char *docs[] = { doc, NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(FaxJob) job = NULL;
  FaxInboxView *inbox;
  GtkWidget *outbox, *sent;
  AdwActionRow *row;
  FaxJobOptions options;
  guint32 a, id;

  fax_test_write_document (doc, 2, 98, 12);
  a = fax_test_configure_port (server, "virtual-line:A", FAX_PORT_FLAG_SEND, "+1 555 0100");
  /* B rings, but nobody answers it */
  fax_test_configure_port (server, "virtual-line:B", 0, "+1 555 0200");
  inbox = FAX_INBOX_VIEW (fax_test_ui_find_child (GTK_WIDGET (window), FAX_TYPE_INBOX_VIEW));
  outbox = fax_test_ui_find_jobs_view (GTK_WIDGET (window), FAX_JOBS_VIEW_OUTBOX);
  sent = fax_test_ui_find_jobs_view (GTK_WIDGET (window), FAX_JOBS_VIEW_SENT);

  /* Two attempts an hour apart */
  fax_job_options_init (&options);
  options.max_attempts = 2;
  options.retry_delay = 3600;
  job = fax_server_submit_job (server, docs, "555 0200", "Front desk", a, &options, &error);
  g_assert_no_error (error);
  id = fax_job_get_id (job);

  /* The first fails: waiting in the Outbox with the time of the next try */
  fax_window_show_view (window, "outbox");
  FAX_TEST_WAIT_UNTIL (job_is (job, FAX_JOB_STATE_RETRYING));
  FAX_TEST_WAIT_UNTIL (job_row (outbox, id) != NULL);
  row = job_row (outbox, id);
  g_test_message ("outbox: %s", adw_action_row_get_subtitle (row));
  g_assert_true (row_subtitle_has (row, "Next try at "));
  g_assert_true (row_subtitle_has (row, "(attempt 2 of 2): Nobody answered"));
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), ==, "Front desk (555 0200)");
  g_assert_true (gtk_widget_get_visible (fax_test_ui_find_widget (GTK_WIDGET (row), "pause")));
  g_assert_true (gtk_widget_get_visible (fax_test_ui_find_widget (GTK_WIDGET (row), "cancel")));
  g_assert_false (gtk_widget_get_visible (fax_test_ui_find_widget (GTK_WIDGET (row), "retry")));
  fax_test_ui_save_screenshot (GTK_WIDGET (window), "faxes-outbox.png");

  /* Pause and resume: it keeps waiting for its time */
  click_row_button (row, "pause");
  g_assert_cmpint (fax_job_get_state (job), ==, FAX_JOB_STATE_PAUSED);
  FAX_TEST_WAIT_UNTIL (row_subtitle_has (job_row (outbox, id), "Paused"));
  click_row_button (job_row (outbox, id), "resume");
  g_assert_cmpint (fax_job_get_state (job), !=, FAX_JOB_STATE_PAUSED);
  g_assert_cmpint (fax_job_get_next_try (job), >, g_get_real_time () / G_USEC_PER_SEC + 600);

  /* "Retry now": the second and last attempt, now; nobody answers again */
  FAX_TEST_WAIT_UNTIL (job_row (outbox, id) != NULL &&
              gtk_widget_get_visible (fax_test_ui_find_widget (GTK_WIDGET (job_row (outbox, id)), "retry-now")));
  click_row_button (job_row (outbox, id), "retry-now");
  FAX_TEST_WAIT_UNTIL (job_is (job, FAX_JOB_STATE_FAILED));
  g_assert_cmpuint (fax_job_get_attempts (job), ==, 2);

  /* In Sent with the reason in words, and "Try again" */
  fax_window_show_view (window, "sent");
  FAX_TEST_WAIT_UNTIL (job_row (sent, id) != NULL);
  g_assert_null (job_row (outbox, id));
  row = job_row (sent, id);
  g_test_message ("sent: %s", adw_action_row_get_subtitle (row));
  g_assert_true (row_subtitle_has (row, "Not sent: Nobody answered (2 attempts)"));
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (row), "fax-job-failed"));
  g_assert_false (gtk_widget_get_visible (fax_test_ui_find_widget (GTK_WIDGET (row), "cancel")));
  g_assert_false (gtk_widget_get_visible (fax_test_ui_find_widget (GTK_WIDGET (row), "retry-now")));
  fax_test_ui_save_screenshot (GTK_WIDGET (window), "faxes-sent-failed.png");

  /* The far end answers now; "Try again" sends the same pages */
  fax_test_configure_port (server, "virtual-line:B", FAX_PORT_FLAG_RECEIVE, "+1 555 0200");
  click_row_button (row, "retry");
  FAX_TEST_WAIT_UNTIL (job_is (job, FAX_JOB_STATE_COMPLETED));
  g_test_message ("job: %s", fax_job_get_result_text (job));
  g_assert_cmpuint (fax_job_get_pages_sent (job), ==, 2);
  FAX_TEST_WAIT_UNTIL (row_subtitle_has (job_row (sent, id), "Sent 2 pages to +1 555 0200"));
  g_assert_false (gtk_widget_has_css_class (GTK_WIDGET (job_row (sent, id)), "fax-job-failed"));
  g_assert_null (job_row (outbox, id));

  /* and it arrived */
  FAX_TEST_WAIT_UNTIL (g_list_model_get_n_items (fax_inbox_view_get_model (inbox)) == 1);
  {
    g_autoptr(FaxReceivedFax) fax = g_list_model_get_item (fax_inbox_view_get_model (inbox), 0);
    g_assert_cmpstr (fax_received_fax_get_remote_tsid (fax), ==, "+1 555 0100");
    g_assert_cmpuint (fax_received_fax_get_pages (fax), ==, 2);
    /* The inbox as the next test expects it: empty */
    g_assert_true (fax_server_trash_fax (server, fax, &error));
    g_assert_no_error (error);
  }
}

/* A routing method that fails (the folder cannot be written): the fax
 * stays in the inbox and its row says what went wrong */
static void
test_routing_failure (FaxApplication *app,
                      FaxWindow      *window)
{
  FaxServer *server = fax_application_get_server (app);
  g_autofree char *doc = g_build_filename (fax_test_get_root (), "routing-doc.tif", NULL);
  g_autofree char *folder = g_build_filename (fax_test_get_root (), "read-only", NULL);
  g_autofree char *blocker = g_build_filename (fax_test_get_root (), "not-a-folder", NULL);
  g_autofree char *target = NULL;
  const char *docs[] = { doc, NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(FaxJob) job = NULL;
  g_autoptr(FaxPort) port = NULL;
  g_autoptr(FaxReceivedFax) fax = NULL;
  FaxInboxView *inbox;
  GtkWidget *marker;
  const char *tip;
  FaxJobOptions options;
  guint n_before;
  guint32 a, b;

  fax_test_write_document (doc, 1, 98, 21);
  a = fax_test_configure_port (server, "virtual-line:A", FAX_PORT_FLAG_SEND, "+1 555 0100");
  b = fax_test_configure_port (server, "virtual-line:B", FAX_PORT_FLAG_RECEIVE, "+1 555 0200");

  /* A read-only folder; root writes anywhere, so there the folder is
   * one below a plain file, which nobody can create */
  g_assert_cmpint (g_mkdir_with_parents (folder, 0700), ==, 0);
  g_assert_cmpint (g_chmod (folder, 0500), ==, 0);
  if (access (folder, W_OK) == 0)
    {
      g_test_message ("running as root: a folder below a plain file instead");
      g_assert_true (g_file_set_contents (blocker, "", 0, NULL));
      target = g_build_filename (blocker, "Faxes", NULL);
    }
  else
    target = g_strdup (folder);

  port = fax_server_open_port (server, b, FAX_PORT_OPEN_QUERY | FAX_PORT_OPEN_MODIFY, &error);
  g_assert_no_error (error);
  g_assert_true (fax_port_set_routing_info (port, FAX_ROUTING_GUID_STORE_IN_FOLDER, target, &error));
  g_assert_true (fax_port_enable_routing_method (port, FAX_ROUTING_GUID_STORE_IN_FOLDER, TRUE, &error));
  g_assert_no_error (error);
  fax_port_close (port);

  inbox = FAX_INBOX_VIEW (fax_test_ui_find_child (GTK_WIDGET (window), FAX_TYPE_INBOX_VIEW));
  fax_window_show_view (window, "inbox");
  FAX_TEST_WAIT_UNTIL (!fax_inbox_view_get_loading (inbox));
  n_before = g_list_model_get_n_items (fax_inbox_view_get_model (inbox));
  fax_job_options_init (&options);
  job = fax_server_submit_job (server, docs, "555 0200", NULL, a, &options, &error);
  g_assert_no_error (error);
  FAX_TEST_WAIT_UNTIL (job_is (job, FAX_JOB_STATE_COMPLETED));

  /* In the inbox, and the row shows the failure with its reason */
  FAX_TEST_WAIT_UNTIL (g_list_model_get_n_items (fax_inbox_view_get_model (inbox)) == n_before + 1);
  fax = g_list_model_get_item (fax_inbox_view_get_model (inbox), 0);   /* the newest */
  FAX_TEST_WAIT_UNTIL (fax_received_fax_get_routing_problems (fax) != NULL);
  g_test_message ("routing: %s", fax_received_fax_get_routing_problems (fax));
  g_assert_nonnull (strstr (fax_received_fax_get_routing_problems (fax), "Could not store a copy in"));
  g_assert_nonnull (strstr (fax_received_fax_get_routing_problems (fax), "still in the inbox"));
  g_assert_true (g_file_test (fax_received_fax_get_path (fax), G_FILE_TEST_EXISTS));

  FAX_TEST_WAIT_UNTIL ((marker = fax_test_ui_find_widget (GTK_WIDGET (inbox), "routing-problem")) != NULL &&
              gtk_widget_get_mapped (marker));
  tip = gtk_widget_get_tooltip_text (marker);
  g_test_message ("tooltip: %s", tip);
  g_assert_true (g_str_has_prefix (tip, "Passing this fax on failed:\n"));
  g_assert_nonnull (strstr (tip, fax_received_fax_get_routing_problems (fax)));
  fax_test_ui_save_screenshot (GTK_WIDGET (window), "faxes-inbox-routing.png");

  g_chmod (folder, 0700);
}

/* Background receiving: with the setting on, closing the last window
 * leaves the application running (and an autostart entry in place); off
 * again, it ends by itself */
static gboolean still_running;

static gboolean
background_off_cb (gpointer user_data)
{
  FaxApplication *app = user_data;

  still_running = TRUE;
  g_settings_set_boolean (fax_application_get_settings (app), "background-receiving", FALSE);
  return G_SOURCE_REMOVE;
}

static void
test_background (FaxApplication *app,
                 FaxWindow      *window)
{
  g_autofree char *autostart = g_build_filename (g_get_user_config_dir (), "autostart",
                                                 "io.github.faxmanager.FaxManager.desktop", NULL);
  g_autoptr(GKeyFile) kf = g_key_file_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *exec = NULL;

  g_settings_set_boolean (fax_application_get_settings (app), "background-receiving", TRUE);
  g_assert_true (g_key_file_load_from_file (kf, autostart, G_KEY_FILE_NONE, &error));
  exec = g_key_file_get_string (kf, "Desktop Entry", "Exec", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (exec, ==, "fax-manager --gapplication-service");

  still_running = FALSE;
  g_timeout_add (1500, background_off_cb, app);
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
  /* No blinking cursors: GTK 4.8 warns (fatal here) when a text's blink
   * timer fires after its page was switched away while the tests wait */
  g_object_set (gtk_settings_get_default (), "gtk-cursor-blink", FALSE, NULL);

  func (app, FAX_WINDOW (window));

  while ((windows = gtk_application_get_windows (GTK_APPLICATION (app))) != NULL)
    gtk_window_destroy (windows->data);
  /* The background test lets the application end by itself */
  if (func != test_background)
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
  if (data == test_background)
    {
      g_autofree char *autostart = g_build_filename (g_get_user_config_dir (), "autostart",
                                                     "io.github.faxmanager.FaxManager.desktop", NULL);
      /* It outlived its window, and ended once the setting was off */
      g_assert_true (still_running);
      g_assert_false (g_file_test (autostart, G_FILE_TEST_EXISTS));
    }
  g_assert_finalize_object (app);
}

int
main (int   argc,
      char *argv[])
{
  fax_test_init (&argc, &argv);
  fax_test_ui_settings ();
  g_setenv ("FAX_MANAGER_VIRTUAL_LINE_SPEED", "8", TRUE);
  /* Notifications through org.gtk.Notifications, which the test serves */
  g_setenv ("GNOTIFICATION_BACKEND", "gtk", TRUE);
  notifications = g_ptr_array_new_with_free_func (g_free);

  if (g_getenv ("DISPLAY") == NULL && g_getenv ("WAYLAND_DISPLAY") == NULL)
    {
      g_print ("1..0 # SKIP these tests need a display: run them under xvfb-run\n");
      return 0;
    }
  fax_test_serve_notifications (notifications);

  g_test_add_data_func ("/ui/faxes/send-and-receive", test_send_and_receive, run_ui_test);
  g_test_add_data_func ("/ui/faxes/no-answer-try-again", test_no_answer_try_again, run_ui_test);
  g_test_add_data_func ("/ui/faxes/routing-failure", test_routing_failure, run_ui_test);
  g_test_add_data_func ("/ui/faxes/bad-document", test_bad_document, run_ui_test);
  g_test_add_data_func ("/ui/faxes/background", test_background, run_ui_test);
  return g_test_run ();
}
