/* test-jobs.c: the server's job queue and inbox over the virtual line
 *
 * A job submitted on "Virtual line A" is dialled, sent with spandsp's T.30
 * through the spandsp modems of the line, and answered by the server's own
 * receiver on "Virtual line B": the whole product path, with no hardware.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <string.h>
#include <sys/stat.h>
#include <glib/gstdio.h>
#include <tiffio.h>

#include "fax-backend.h"
#include "fax-test-fax.h"
#include "fax-test-util.h"

typedef struct
{
  FaxEventType type;
  guint32      device_id;
  guint32      job_id;
} SeenEvent;

static void
record_event (FaxServer *server,
              FaxEvent  *event,
              GArray    *seen)
{
  SeenEvent e = { fax_event_get_event_type (event), fax_event_get_device_id (event), fax_event_get_job_id (event) };
  g_array_append_val (seen, e);
}

/* TRUE when @seen has @types for @device_id in this order (others between) */
static gboolean
saw_in_order (GArray             *seen,
              guint32             device_id,
              guint32             job_id,
              const FaxEventType *types,
              guint               n_types)
{
  guint next = 0;

  for (guint i = 0; i < seen->len && next < n_types; i++)
    {
      SeenEvent *e = &g_array_index (seen, SeenEvent, i);

      if (e->device_id == device_id && e->job_id == job_id && e->type == types[next])
        next++;
    }
  return next == n_types;
}

static FaxPortState
port_state (FaxServer *server,
            guint32    device_id)
{
  g_autoptr(FaxPort) port = fax_server_open_port (server, device_id, FAX_PORT_OPEN_QUERY, NULL);
  g_autoptr(FaxDeviceStatus) status = fax_port_get_device_status (port, NULL);

  return fax_device_status_get_state (status);
}

typedef struct { GListModel *model; guint n; } Growth;

static gboolean
model_grew (gpointer data)
{
  Growth *g = data;
  return g_list_model_get_n_items (g->model) > g->n;
}

static char *
tmp_path (const char *name)
{
  return g_build_filename (fax_test_get_root (), name, NULL);
}

static void
test_send_to_inbox (void)
{
  g_autoptr(FaxServer) server = fax_test_server_with_line ();
  g_autoptr(GError) error = NULL;
  g_autoptr(FaxJob) job = NULL;
  g_autoptr(FaxReceivedFax) fax = NULL;
  g_autoptr(GPtrArray) sent = NULL;
  g_autoptr(GPtrArray) got = NULL;
  g_autofree char *doc = tmp_path ("job-doc.tif");
  g_autofree char *ini = NULL;
  const char *docs[] = { doc, NULL };
  GListModel *inbox;
  g_autoptr(GArray) seen = g_array_new (FALSE, FALSE, sizeof (SeenEvent));
  FaxJobOptions options;
  guint32 a, b;
  struct stat st;

  fax_test_write_document (doc, 2, 98, 21);
  a = fax_test_configure_port (server, "virtual-line:A", FAX_PORT_FLAG_SEND, "+1 555 0100");
  b = fax_test_configure_port (server, "virtual-line:B", FAX_PORT_FLAG_RECEIVE, "+1 555 0200");
  g_signal_connect (server, "event", G_CALLBACK (record_event), seen);

  inbox = fax_server_get_inbox (server);
  g_assert_cmpuint (g_list_model_get_n_items (inbox), ==, 0);
  fax_server_set_receiving (server, TRUE);

  fax_job_options_init (&options);
  options.page_header = FALSE;   /* compare the rows exactly */
  job = fax_server_submit_job (server, docs, "5550200", "Office B", a, &options, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (fax_job_get_total_pages (job), ==, 2);
  g_assert_cmpstr (fax_job_get_recipient_name (job), ==, "Office B");

  g_assert_true (fax_test_spin_until (fax_test_job_finished, job, 300));
  g_test_message ("job: %s", fax_job_get_result_text (job));
  g_assert_cmpint (fax_job_get_state (job), ==, FAX_JOB_STATE_COMPLETED);
  g_assert_cmpuint (fax_job_get_pages_sent (job), ==, 2);
  g_assert_cmpuint (fax_job_get_attempts (job), ==, 1);
  g_assert_cmpstr (fax_job_get_remote_csid (job), ==, "+1 555 0200");
  g_assert_cmpuint (fax_job_get_bit_rate (job), >=, 2400);
  g_assert_cmpfloat (fax_job_get_duration (job), >, 0);

  /* The receiver finishes a moment after the sender */
  g_assert_true (fax_test_spin_until (fax_test_model_not_empty, inbox, 120));
  g_assert_cmpuint (g_list_model_get_n_items (inbox), ==, 1);
  fax = g_list_model_get_item (inbox, 0);
  g_assert_cmpuint (fax_received_fax_get_pages (fax), ==, 2);
  g_assert_cmpstr (fax_received_fax_get_remote_tsid (fax), ==, "+1 555 0100");
  g_assert_false (fax_received_fax_get_incomplete (fax));
  g_assert_true (fax_received_fax_get_unread (fax));
  g_assert_cmpstr (fax_received_fax_get_device_name (fax), ==, "Virtual line B");

  /* The event stream told the story on both ports, and both are idle again */
  {
    const FaxEventType sender[] = { FAX_EVENT_JOB_QUEUED, FAX_EVENT_DIALING, FAX_EVENT_SENDING, FAX_EVENT_COMPLETED };
    const FaxEventType receiver[] = { FAX_EVENT_RINGING, FAX_EVENT_ANSWERED, FAX_EVENT_RECEIVING, FAX_EVENT_COMPLETED };

    g_assert_true (saw_in_order (seen, fax_job_get_device_id (job), fax_job_get_id (job), sender + 1, 3) ||
                   saw_in_order (seen, 0, fax_job_get_id (job), sender, 1));
    g_assert_true (saw_in_order (seen, a, fax_job_get_id (job), sender + 1, 3));
    g_assert_true (saw_in_order (seen, b, 0, receiver, G_N_ELEMENTS (receiver)));
    g_assert_cmpint (port_state (server, a), ==, FAX_PORT_STATE_AVAILABLE);
  }
  g_signal_handlers_disconnect_by_data (server, seen);

  /* Private to the user, with its metadata beside it */
  g_assert_cmpint (g_stat (fax_received_fax_get_path (fax), &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  g_assert_true (g_str_has_prefix (fax_received_fax_get_path (fax), fax_server_get_inbox_dir (server)));
  ini = g_strdup (fax_received_fax_get_path (fax));
  strcpy (ini + strlen (ini) - 3, "ini");
  g_assert_cmpint (g_stat (ini, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);

  /* The standard fax tags, for faxinfo and libtiff's tools */
  {
    TIFF *tiff = TIFFOpen (fax_received_fax_get_path (fax), "r");
    guint n = 0;

    g_assert_nonnull (tiff);
    do
      {
        char *desc = NULL;
        guint32 params = 0;
        guint16 page = 0, of = 0;

        g_assert_true (TIFFGetField (tiff, TIFFTAG_IMAGEDESCRIPTION, &desc));
        g_assert_cmpstr (desc, ==, "+1 555 0100");
        g_assert_true (TIFFGetField (tiff, TIFFTAG_FAXRECVPARAMS, &params));
        g_assert_cmphex (params >> 21, ==, 1);            /* encoding version */
        g_assert_cmpuint ((params >> 3) & 15, ==, fax_job_get_bit_rate (job) / 2400 - 1);
        g_assert_cmpuint (params & 7, ==, 0);             /* standard resolution */
        g_assert_true (TIFFGetField (tiff, TIFFTAG_PAGENUMBER, &page, &of));
        g_assert_cmpuint (page, ==, n);
        n++;
      }
    while (TIFFReadDirectory (tiff));
    TIFFClose (tiff);
    g_assert_cmpuint (n, ==, 2);
  }

  /* Every row arrived as it left */
  sent = fax_test_read_pages (doc, &error);
  g_assert_no_error (error);
  got = fax_test_read_pages (fax_received_fax_get_path (fax), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (got->len, ==, 2);
  for (guint i = 0; i < 2; i++)
    g_assert_true (fax_test_page_rows_equal (g_ptr_array_index (sent, i), 0, g_ptr_array_index (got, i), 0, 0));

  /* A second server (a new session) finds the fax and the finished job */
  {
    g_autoptr(FaxServer) again = fax_server_connect (NULL, &error);
    g_autoptr(FaxJob) same = NULL;

    g_assert_no_error (error);
    g_assert_cmpuint (g_list_model_get_n_items (fax_server_get_inbox (again)), ==, 1);
    same = fax_server_get_job (again, fax_job_get_id (job), &error);
    g_assert_no_error (error);
    g_assert_cmpint (fax_job_get_state (same), ==, FAX_JOB_STATE_COMPLETED);
    g_assert_cmpstr (fax_job_get_remote_csid (same), ==, "+1 555 0200");
  }

  /* Read, for every program that looks; then to the trash, not gone */
  {
    g_autoptr(FaxServer) again = NULL;
    g_autoptr(FaxReceivedFax) same = NULL;
    g_autofree char *path = g_strdup (fax_received_fax_get_path (fax));
    g_autofree char *base = g_path_get_basename (path);
    g_autofree char *trashed = g_build_filename (g_get_user_data_dir (), "Trash", "files", base, NULL);

    g_assert_true (fax_server_mark_fax_read (server, fax, TRUE, &error));
    g_assert_no_error (error);
    g_assert_false (fax_received_fax_get_unread (fax));
    again = fax_server_connect (NULL, &error);
    g_assert_no_error (error);
    same = g_list_model_get_item (fax_server_get_inbox (again), 0);
    g_assert_cmpstr (fax_received_fax_get_path (same), ==, path);
    g_assert_false (fax_received_fax_get_unread (same));

    g_assert_true (fax_server_trash_fax (server, fax, &error));
    g_assert_no_error (error);
    g_assert_cmpuint (g_list_model_get_n_items (inbox), ==, 0);
    g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
    g_assert_false (g_file_test (ini, G_FILE_TEST_EXISTS));
    g_assert_true (g_file_test (trashed, G_FILE_TEST_EXISTS));
  }

  fax_server_set_receiving (server, FALSE);
  fax_server_set_virtual_line_enabled (server, FALSE, NULL);
}

static gboolean
two_routing_events (gpointer data)
{
  GArray *seen = data;
  guint n = 0;

  for (guint i = 0; i < seen->len; i++)
    if (g_array_index (seen, SeenEvent, i).type == FAX_EVENT_ROUTING)
      n++;
  return n >= 2;
}

static void
test_routing (void)
{
  g_autoptr(FaxServer) server = fax_test_server_with_line ();
  g_autoptr(GError) error = NULL;
  g_autoptr(FaxJob) job = NULL;
  g_autoptr(FaxReceivedFax) fax = NULL;
  g_autoptr(FaxPort) port = NULL;
  g_autoptr(GArray) seen = g_array_new (FALSE, FALSE, sizeof (SeenEvent));
  g_autoptr(GDir) dir = NULL;
  g_autoptr(GKeyFile) kf = g_key_file_new ();
  g_autofree char *doc = tmp_path ("route-doc.tif");
  g_autofree char *folder = tmp_path ("Faxes/Office");
  g_autofree char *copy = NULL;
  g_autofree char *ini = NULL;
  g_autofree char *stored = NULL;
  g_autofree char *printed = NULL;
  const char *docs[] = { doc, NULL };
  const char *name;
  GListModel *inbox;
  FaxJobOptions options;
  guint32 a, b;
  struct stat st;

  fax_test_write_document (doc, 1, 98, 33);
  /* A TSID that would be a path and a command if used carelessly */
  a = fax_test_configure_port (server, "virtual-line:A", FAX_PORT_FLAG_SEND, "../../x;rm -rf ~");
  b = fax_test_configure_port (server, "virtual-line:B", FAX_PORT_FLAG_RECEIVE, "+1 555 0200");

  port = fax_server_open_port (server, b, FAX_PORT_OPEN_QUERY | FAX_PORT_OPEN_MODIFY, &error);
  g_assert_no_error (error);
  g_assert_true (fax_port_set_routing_info (port, FAX_ROUTING_GUID_STORE_IN_FOLDER, folder, &error));
  g_assert_true (fax_port_enable_routing_method (port, FAX_ROUTING_GUID_STORE_IN_FOLDER, TRUE, &error));
  /* A printer CUPS does not know: the real lp refuses, the fax stays */
  g_assert_true (fax_port_set_routing_info (port, FAX_ROUTING_GUID_PRINT, "No_Such_Fax_Printer", &error));
  g_assert_true (fax_port_enable_routing_method (port, FAX_ROUTING_GUID_PRINT, TRUE, &error));
  g_assert_no_error (error);
  fax_port_close (port);

  g_signal_connect (server, "event", G_CALLBACK (record_event), seen);
  inbox = fax_server_get_inbox (server);
  fax_server_set_receiving (server, TRUE);
  fax_job_options_init (&options);
  job = fax_server_submit_job (server, docs, "5550200", NULL, a, &options, &error);
  g_assert_no_error (error);
  g_assert_true (fax_test_spin_until (fax_test_job_finished, job, 300));
  g_assert_cmpint (fax_job_get_state (job), ==, FAX_JOB_STATE_COMPLETED);
  g_assert_true (fax_test_spin_until (two_routing_events, seen, 120));
  g_signal_handlers_disconnect_by_data (server, seen);

  /* The copy: in the folder, private, named without the line's slashes */
  dir = g_dir_open (folder, 0, &error);
  g_assert_no_error (error);
  name = g_dir_read_name (dir);
  g_assert_nonnull (name);
  g_test_message ("stored as \"%s\"", name);
  g_assert_null (g_dir_read_name (dir));
  g_assert_true (g_str_has_prefix (name, "Fax "));
  g_assert_true (g_str_has_suffix (name, " x_rm_-rf.tif"));
  copy = g_build_filename (folder, name, NULL);
  g_assert_cmpint (g_stat (copy, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);

  /* The original is still in the inbox, and the .ini tells what happened */
  g_assert_cmpuint (g_list_model_get_n_items (inbox), >=, 1);
  fax = g_list_model_get_item (inbox, 0);
  g_assert_true (g_file_test (fax_received_fax_get_path (fax), G_FILE_TEST_EXISTS));
  ini = g_strdup (fax_received_fax_get_path (fax));
  strcpy (ini + strlen (ini) - 3, "ini");
  g_assert_true (g_key_file_load_from_file (kf, ini, G_KEY_FILE_NONE, &error));
  stored = g_key_file_get_string (kf, "routing", FAX_ROUTING_GUID_STORE_IN_FOLDER, &error);
  g_assert_no_error (error);
  g_assert_nonnull (strstr (stored, copy));
  printed = g_key_file_get_string (kf, "routing", FAX_ROUTING_GUID_PRINT, &error);
  g_assert_no_error (error);
  g_test_message ("print: %s", printed);
  g_assert_nonnull (strstr (printed, "Could not print on No_Such_Fax_Printer"));
  g_assert_nonnull (strstr (printed, "still in the inbox"));

  /* The failure (and only it) is on the fax for the inbox to show, and
   * still there when the inbox is read again from the folder */
  g_assert_nonnull (fax_received_fax_get_routing_problems (fax));
  g_assert_cmpstr (fax_received_fax_get_routing_problems (fax), ==, printed);
  {
    g_autoptr(FaxServer) again = fax_server_connect (NULL, &error);
    g_autoptr(FaxReceivedFax) reloaded = NULL;
    GListModel *other;

    g_assert_no_error (error);
    other = fax_server_get_inbox (again);
    g_assert_cmpuint (g_list_model_get_n_items (other), ==, g_list_model_get_n_items (inbox));
    reloaded = g_list_model_get_item (other, 0);
    g_assert_cmpstr (fax_received_fax_get_path (reloaded), ==, fax_received_fax_get_path (fax));
    g_assert_cmpstr (fax_received_fax_get_routing_problems (reloaded), ==, printed);
  }

  fax_server_set_receiving (server, FALSE);
  fax_server_set_virtual_line_enabled (server, FALSE, NULL);
}

static void
test_page_header (void)
{
  /* On by default: a header band (sender id, date, page n/m) on top of
   * each page as it leaves, the document below it untouched */
  g_autoptr(FaxServer) server = fax_test_server_with_line ();
  g_autoptr(GError) error = NULL;
  g_autoptr(FaxJob) job = NULL;
  g_autoptr(FaxReceivedFax) fax = NULL;
  g_autoptr(GPtrArray) sent = NULL;
  g_autoptr(GPtrArray) got = NULL;
  g_autofree char *doc = tmp_path ("header-doc.tif");
  const char *docs[] = { doc, NULL };
  FaxTestPage *in, *out;
  GListModel *inbox;
  const guint8 *bits;
  guint extra, black = 0;
  guint32 a;

  fax_test_write_document (doc, 1, 98, 44);
  a = fax_test_configure_port (server, "virtual-line:A", FAX_PORT_FLAG_SEND, "+1 555 0100");
  fax_test_configure_port (server, "virtual-line:B", FAX_PORT_FLAG_RECEIVE, "+1 555 0200");
  Growth growth;

  inbox = fax_server_get_inbox (server);
  growth = (Growth) { inbox, g_list_model_get_n_items (inbox) };
  fax_server_set_receiving (server, TRUE);

  job = fax_server_submit_job (server, docs, "5550200", NULL, a, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (fax_job_get_page_header (job));
  g_assert_true (fax_test_spin_until (fax_test_job_finished, job, 300));
  g_assert_cmpint (fax_job_get_state (job), ==, FAX_JOB_STATE_COMPLETED);
  g_assert_true (fax_test_spin_until (model_grew, &growth, 120));
  fax = g_list_model_get_item (inbox, 0);

  sent = fax_test_read_pages (doc, &error);
  g_assert_no_error (error);
  got = fax_test_read_pages (fax_received_fax_get_path (fax), &error);
  g_assert_no_error (error);
  in = g_ptr_array_index (sent, 0);
  out = g_ptr_array_index (got, 0);

  /* The band is added above the page: the page follows it row for row */
  g_assert_cmpuint (out->length, >, in->length);
  extra = out->length - in->length;
  g_test_message ("header band: %u rows", extra);
  g_assert_cmpuint (extra, <=, 64);
  g_assert_true (fax_test_page_rows_equal (in, 0, out, extra, in->length));

  /* and it carries text: black pixels */
  bits = g_bytes_get_data (out->bits, NULL);
  for (gsize i = 0; i < (gsize)extra * (out->width / 8); i++)
    black += __builtin_popcount (bits[i]);
  g_assert_cmpuint (black, >, 200);

  fax_server_set_receiving (server, FALSE);
  fax_server_set_virtual_line_enabled (server, FALSE, NULL);
}

static void
note_start (FaxJob     *job,
            GParamSpec *pspec,
            gint64     *left_queue)
{
  if (*left_queue == 0 && fax_job_get_state (job) != FAX_JOB_STATE_QUEUED)
    *left_queue = g_get_real_time () / G_USEC_PER_SEC;
}

static gboolean
flag_set (gpointer data)
{
  return *(gboolean *)data;
}

static gboolean
set_flag (gpointer data)
{
  *(gboolean *)data = TRUE;
  return G_SOURCE_REMOVE;
}

/* A job with a send time stays queued, its port idle, until that time;
 * then it goes out like any other */
static void
test_send_at (void)
{
  g_autoptr(FaxServer) server = fax_test_server_with_line ();
  g_autoptr(GError) error = NULL;
  g_autoptr(FaxJob) later = NULL;
  g_autoptr(FaxJob) soon = NULL;
  g_autofree char *doc = tmp_path ("send-at-doc.tif");
  const char *docs[] = { doc, NULL };
  FaxJobOptions options;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  gint64 left_queue = 0;
  gboolean waited = FALSE;
  guint32 a;

  fax_test_write_document (doc, 1, 98, 31);
  a = fax_test_configure_port (server, "virtual-line:A", FAX_PORT_FLAG_SEND, "+1 555 0100");
  fax_test_configure_port (server, "virtual-line:B", FAX_PORT_FLAG_RECEIVE, "+1 555 0200");
  fax_server_set_receiving (server, TRUE);

  /* An hour ahead: queued, and still queued after several queue ticks
   * with its port free */
  fax_job_options_init (&options);
  options.send_at = now + 3600;
  later = fax_server_submit_job (server, docs, "5550200", NULL, a, &options, &error);
  g_assert_no_error (error);
  g_assert_cmpint (fax_job_get_next_try (later), ==, now + 3600);
  g_timeout_add_seconds (4, set_flag, &waited);
  g_assert_true (fax_test_spin_until (flag_set, &waited, 60));
  g_assert_cmpint (fax_job_get_state (later), ==, FAX_JOB_STATE_QUEUED);
  g_assert_cmpuint (fax_job_get_attempts (later), ==, 0);
  g_assert_cmpint (port_state (server, a), ==, FAX_PORT_STATE_AVAILABLE);

  /* A few seconds ahead: it leaves the queue no earlier than asked, and
   * is sent */
  options.send_at = g_get_real_time () / G_USEC_PER_SEC + 3;
  soon = fax_server_submit_job (server, docs, "5550200", NULL, a, &options, &error);
  g_assert_no_error (error);
  g_signal_connect (soon, "notify::state", G_CALLBACK (note_start), &left_queue);
  g_assert_true (fax_test_spin_until (fax_test_job_finished, soon, 300));
  g_test_message ("job: %s", fax_job_get_result_text (soon));
  g_assert_cmpint (fax_job_get_state (soon), ==, FAX_JOB_STATE_COMPLETED);
  g_assert_cmpint (left_queue, >=, options.send_at);
  g_signal_handlers_disconnect_by_data (soon, &left_queue);

  /* The later one waits on */
  g_assert_cmpint (fax_job_get_state (later), ==, FAX_JOB_STATE_QUEUED);
  g_assert_true (fax_server_abort_job (server, fax_job_get_id (later), &error));
  g_assert_no_error (error);

  fax_server_set_receiving (server, FALSE);
  fax_server_set_virtual_line_enabled (server, FALSE, NULL);
}

static void
test_retries_no_answer (void)
{
  g_autoptr(FaxServer) server = fax_test_server_with_line ();
  g_autoptr(GError) error = NULL;
  g_autoptr(FaxJob) job = NULL;
  g_autofree char *doc = tmp_path ("retry-doc.tif");
  const char *docs[] = { doc, NULL };
  FaxJobOptions options;
  guint32 a;

  fax_test_write_document (doc, 1, 98, 5);
  a = fax_test_configure_port (server, "virtual-line:A", FAX_PORT_FLAG_SEND, "+1 555 0100");
  /* B rings, but nothing answers it */
  fax_test_configure_port (server, "virtual-line:B", 0, "+1 555 0200");

  fax_job_options_init (&options);
  options.max_attempts = 2;
  options.retry_delay = 1;
  job = fax_server_submit_job (server, docs, "5550200", NULL, a, &options, &error);
  g_assert_no_error (error);

  g_assert_true (fax_test_spin_until (fax_test_job_finished, job, 300));
  g_test_message ("job: %s", fax_job_get_result_text (job));
  g_assert_cmpint (fax_job_get_state (job), ==, FAX_JOB_STATE_FAILED);
  g_assert_cmpuint (fax_job_get_attempts (job), ==, 2);
  g_assert_cmpuint (fax_job_get_pages_sent (job), ==, 0);
  g_assert_nonnull (strstr (fax_job_get_result_text (job), "answer"));

  /* A fresh attempt on request */
  g_assert_true (fax_server_retry_job (server, fax_job_get_id (job), &error));
  g_assert_no_error (error);
  g_assert_false (fax_test_job_finished (job));
  g_assert_true (fax_server_abort_job (server, fax_job_get_id (job), &error));
  g_assert_no_error (error);
  g_assert_true (fax_test_spin_until (fax_test_job_finished, job, 120));
  g_assert_cmpint (fax_job_get_state (job), ==, FAX_JOB_STATE_CANCELLED);

  fax_server_set_virtual_line_enabled (server, FALSE, NULL);
}

static gboolean
job_waiting (gpointer data)
{
  return fax_job_get_state (FAX_JOB (data)) == FAX_JOB_STATE_RETRYING;
}

/* "Retry now": a job waiting an hour for its next try makes it at once */
static void
test_retry_now (void)
{
  g_autoptr(FaxServer) server = fax_test_server_with_line ();
  g_autoptr(GError) error = NULL;
  g_autoptr(FaxJob) job = NULL;
  g_autofree char *doc = tmp_path ("retry-now-doc.tif");
  const char *docs[] = { doc, NULL };
  FaxJobOptions options;
  gint64 now;
  guint32 a;

  fax_test_write_document (doc, 1, 98, 6);
  a = fax_test_configure_port (server, "virtual-line:A", FAX_PORT_FLAG_SEND, "+1 555 0100");
  fax_test_configure_port (server, "virtual-line:B", 0, "+1 555 0200");

  fax_job_options_init (&options);
  options.max_attempts = 2;
  options.retry_delay = 3600;
  job = fax_server_submit_job (server, docs, "5550200", NULL, a, &options, &error);
  g_assert_no_error (error);

  g_assert_true (fax_test_spin_until (job_waiting, job, 300));
  now = g_get_real_time () / G_USEC_PER_SEC;
  g_assert_cmpuint (fax_job_get_attempts (job), ==, 1);
  g_assert_cmpint (fax_job_get_next_try (job), >, now + 3000);

  /* Forced: the second (last) attempt runs now, not in an hour */
  g_assert_true (fax_server_retry_job (server, fax_job_get_id (job), &error));
  g_assert_no_error (error);
  g_assert_cmpint (fax_job_get_next_try (job), <=, now + 1);
  g_assert_true (fax_test_spin_until (fax_test_job_finished, job, 300));
  g_assert_cmpint (fax_job_get_state (job), ==, FAX_JOB_STATE_FAILED);
  g_assert_cmpuint (fax_job_get_attempts (job), ==, 2);

  /* A job that does not exist: said so, nothing changes */
  g_assert_false (fax_server_retry_job (server, 99999, &error));
  g_assert_error (error, FAX_ERROR, FAX_ERROR_INVALID_PARAMETER);

  fax_server_set_virtual_line_enabled (server, FALSE, NULL);
}

static void
count_changes (GListModel *model,
               guint       position,
               guint       removed,
               guint       added,
               guint      *changes)
{
  (*changes)++;
}

static gboolean
load_done (gpointer data)
{
  return *(gboolean *)data;
}

static void
load_done_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (fax_server_load_inbox_finish (FAX_SERVER (object), result, &error));
  g_assert_no_error (error);
  *(gboolean *)user_data = TRUE;
}

/* The inbox read in a worker: every fax once, newest first, in more than
 * one step; a second load and a synchronous read add nothing */
static void
test_inbox_load_async (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FaxServer) server = NULL;
  g_autoptr(GPtrArray) written = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *inbox_dir = g_build_filename (g_get_user_data_dir (), "fax-manager", "inbox", NULL);
  g_autofree char *page = tmp_path ("inbox-load.tif");
  g_autofree char *data = NULL;
  g_autoptr(GDir) dir = NULL;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  GListModel *inbox;
  gboolean done = FALSE;
  guint existing = 0, changes = 0, n = 600;
  const char *name;
  gsize len;

  g_assert_cmpint (g_mkdir_with_parents (inbox_dir, 0700), ==, 0);
  dir = g_dir_open (inbox_dir, 0, &error);
  g_assert_no_error (error);
  while ((name = g_dir_read_name (dir)) != NULL)
    existing += g_str_has_suffix (name, ".tif");

  fax_test_write_document (page, 1, 98, 77);
  g_assert_true (g_file_get_contents (page, &data, &len, NULL));
  for (guint i = 0; i < n; i++)
    {
      /* Ten years ago and before: after whatever is there already */
      gint64 received = now - 10 * 365 * 86400 - (gint64)i * 60;
      g_autoptr(GDateTime) when = g_date_time_new_from_unix_local (received);
      g_autofree char *stamp = g_date_time_format (when, "%Y%m%d-%H%M%S");
      g_autofree char *base = g_strdup_printf ("%s/fax-%s-1", inbox_dir, stamp);
      g_autofree char *tif = g_strconcat (base, ".tif", NULL);
      g_autofree char *ini = g_strconcat (base, ".ini", NULL);
      g_autofree char *text = g_strdup_printf ("[fax]\nreceived=%" G_GINT64_FORMAT "\npages=1\n"
                                               "remote-tsid=+1 555 %04u\nunread=true\n", received, i);

      g_assert_true (g_file_set_contents_full (tif, data, len, G_FILE_SET_CONTENTS_NONE, 0600, NULL));
      /* One as another program would leave it: no .ini */
      if (i != 10)
        g_assert_true (g_file_set_contents_full (ini, text, -1, G_FILE_SET_CONTENTS_NONE, 0600, NULL));
      g_ptr_array_add (written, g_steal_pointer (&base));
    }

  server = fax_server_connect (NULL, &error);
  g_assert_no_error (error);
  fax_server_load_inbox_async (server, NULL, load_done_cb, &done);
  /* Meanwhile the model is there, filled as the worker goes */
  inbox = fax_server_get_inbox (server);
  g_signal_connect (inbox, "items-changed", G_CALLBACK (count_changes), &changes);
  g_assert_true (fax_test_spin_until (load_done, &done, 120));
  g_test_message ("%u faxes, %u changes of the model", g_list_model_get_n_items (inbox), changes);
  g_assert_cmpuint (g_list_model_get_n_items (inbox), ==, existing + n);
  g_assert_cmpuint (changes, >, 1);

  for (guint i = 1; i < g_list_model_get_n_items (inbox); i++)
    {
      g_autoptr(FaxReceivedFax) a = g_list_model_get_item (inbox, i - 1);
      g_autoptr(FaxReceivedFax) b = g_list_model_get_item (inbox, i);
      g_assert_cmpint (fax_received_fax_get_received (a), >=, fax_received_fax_get_received (b));
    }
  {
    g_autoptr(FaxReceivedFax) last = g_list_model_get_item (inbox, existing + n - 1);
    g_assert_cmpstr (fax_received_fax_get_remote_tsid (last), ==, "+1 555 0599");
  }

  /* Again, and read at once: nothing twice */
  done = FALSE;
  fax_server_load_inbox_async (server, NULL, load_done_cb, &done);
  g_assert_true (fax_test_spin_until (load_done, &done, 120));
  g_assert_cmpuint (g_list_model_get_n_items (fax_server_get_inbox (server)), ==, existing + n);
  g_signal_handlers_disconnect_by_data (inbox, &changes);

  for (guint i = 0; i < written->len; i++)
    {
      g_autofree char *tif = g_strconcat (g_ptr_array_index (written, i), ".tif", NULL);
      g_autofree char *ini = g_strconcat (g_ptr_array_index (written, i), ".ini", NULL);
      g_unlink (tif);
      g_unlink (ini);
    }
}

static void
test_outbox_survives_restart (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *doc = tmp_path ("later-doc.tif");
  const char *docs[] = { doc, NULL };
  FaxJobOptions options;
  guint32 id;

  fax_test_write_document (doc, 3, 196, 9);
  fax_job_options_init (&options);
  options.send_at = g_get_real_time () / G_USEC_PER_SEC + 24 * 3600;

  {
    g_autoptr(FaxServer) server = fax_server_connect (NULL, &error);
    g_autoptr(FaxJob) job = NULL;

    g_assert_no_error (error);
    job = fax_server_submit_job (server, docs, "5550300", "Tomorrow", 0, &options, &error);
    g_assert_no_error (error);
    id = fax_job_get_id (job);
    g_assert_true (fax_server_pause_job (server, id, TRUE, &error));
    g_assert_no_error (error);
    g_assert_cmpint (fax_job_get_state (job), ==, FAX_JOB_STATE_PAUSED);
  }

  /* The document was copied into the outbox: the original may go */
  g_assert_cmpint (g_unlink (doc), ==, 0);

  {
    g_autoptr(FaxServer) server = fax_server_connect (NULL, &error);
    g_autoptr(FaxJob) job = NULL;
    g_autoptr(GPtrArray) pages = NULL;

    g_assert_no_error (error);
    job = fax_server_get_job (server, id, &error);
    g_assert_no_error (error);
    g_assert_cmpstr (fax_job_get_recipient_number (job), ==, "5550300");
    g_assert_cmpstr (fax_job_get_recipient_name (job), ==, "Tomorrow");
    g_assert_cmpint (fax_job_get_state (job), ==, FAX_JOB_STATE_PAUSED);
    g_assert_cmpuint (fax_job_get_total_pages (job), ==, 3);
    pages = fax_test_read_pages (fax_job_get_document (job), &error);
    g_assert_no_error (error);
    g_assert_cmpuint (pages->len, ==, 3);

    /* Deleting a queued job is refused until it is stopped */
    g_assert_true (fax_server_abort_job (server, id, &error));
    g_assert_no_error (error);
    g_assert_true (fax_server_delete_job (server, id, &error));
    g_assert_no_error (error);
    g_assert_false (g_file_test (fax_job_get_document (job), G_FILE_TEST_EXISTS));
    g_assert_null (fax_server_get_job (server, id, &error));
    g_assert_error (error, FAX_ERROR, FAX_ERROR_INVALID_PARAMETER);
  }
}

static void
submitted_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  GAsyncResult **out = user_data;
  *out = g_object_ref (result);
}

static gboolean
have_result (gpointer data)
{
  return *(GAsyncResult **)data != NULL;
}

static void
test_submit_async (void)
{
  g_autoptr(FaxServer) server = fax_server_connect (NULL, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GAsyncResult) bad_result = NULL;
  g_autoptr(FaxJob) job = NULL;
  g_autofree char *doc = tmp_path ("async-doc.tif");
  g_autofree char *junk = tmp_path ("async-junk.tif");
  g_autofree char *outbox = g_build_filename (g_get_user_data_dir (), "fax-manager", "outbox", NULL);
  const char *docs[] = { doc, NULL };
  const char *bad_docs[] = { doc, junk, NULL };
  FaxJobOptions options;
  guint jobs_before, dirs_before = 0, dirs_after = 0;
  GDir *dir;

  fax_test_write_document (doc, 3, 196, 12);
  g_assert_true (g_file_set_contents (junk, "MM\0*truncated", 14, NULL));
  fax_job_options_init (&options);
  options.send_at = g_get_real_time () / G_USEC_PER_SEC + 3600;
  jobs_before = g_list_model_get_n_items (fax_server_get_jobs (server));

  fax_server_submit_job_async (server, docs, "5550500", "Async", 0, &options, NULL, submitted_cb, &result);
  /* Nothing is registered before the worker is done */
  g_assert_null (result);
  g_assert_true (fax_test_spin_until (have_result, &result, 60));
  job = fax_server_submit_job_finish (server, result, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (fax_job_get_total_pages (job), ==, 3);
  g_assert_cmpuint (g_list_model_get_n_items (fax_server_get_jobs (server)), ==, jobs_before + 1);
  g_assert_true (g_file_test (fax_job_get_document (job), G_FILE_TEST_EXISTS));

  /* A broken second document: an error naming it, and no half job left */
  dir = g_dir_open (outbox, 0, NULL);
  while (dir && g_dir_read_name (dir))
    dirs_before++;
  g_clear_pointer (&dir, g_dir_close);
  fax_server_submit_job_async (server, bad_docs, "5550500", NULL, 0, &options, NULL, submitted_cb, &bad_result);
  g_assert_true (fax_test_spin_until (have_result, &bad_result, 60));
  g_assert_null (fax_server_submit_job_finish (server, bad_result, &error));
  g_assert_nonnull (error);
  g_assert_nonnull (strstr (error->message, "async-junk.tif"));
  dir = g_dir_open (outbox, 0, NULL);
  while (dir && g_dir_read_name (dir))
    dirs_after++;
  g_clear_pointer (&dir, g_dir_close);
  g_assert_cmpuint (dirs_after, ==, dirs_before);
  g_assert_cmpuint (g_list_model_get_n_items (fax_server_get_jobs (server)), ==, jobs_before + 1);

  g_assert_true (fax_server_abort_job (server, fax_job_get_id (job), NULL));
  g_assert_true (fax_server_delete_job (server, fax_job_get_id (job), NULL));
}

static void
test_submit_converts (void)
{
  /* Not fax TIFFs: text and a picture become fax pages on submission */
  g_autoptr(FaxServer) server = fax_server_connect (NULL, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(FaxJob) job = NULL;
  g_autoptr(GPtrArray) pages = NULL;
  g_autofree char *text = tmp_path ("letter.txt");
  g_autofree char *picture = tmp_path ("picture.pgm");
  const char *docs[] = { text, picture, NULL };
  g_autoptr(GString) pgm = g_string_new ("P5\n400 300\n255\n");
  FaxJobOptions options;

  g_assert_true (g_file_set_contents (text, "Dear office,\n\nplease find the order below.\n", -1, NULL));
  for (guint i = 0; i < 400 * 300; i++)
    g_string_append_c (pgm, (char)(i % 400 * 255 / 400));
  g_assert_true (g_file_set_contents (picture, pgm->str, pgm->len, NULL));

  fax_job_options_init (&options);
  options.send_at = g_get_real_time () / G_USEC_PER_SEC + 3600;
  job = fax_server_submit_job (server, docs, "5550600", NULL, 0, &options, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (fax_job_get_total_pages (job), ==, 2);

  /* What will go out: fax pages, fine resolution, 1728 dots across */
  pages = fax_test_read_pages (fax_job_get_document (job), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (pages->len, ==, 2);
  for (guint i = 0; i < pages->len; i++)
    {
      FaxTestPage *page = g_ptr_array_index (pages, i);
      g_assert_cmpuint (page->width, ==, 1728);
      g_assert_cmpfloat (page->yres, >, 190);
    }

  g_assert_true (fax_server_abort_job (server, fax_job_get_id (job), NULL));
  g_assert_true (fax_server_delete_job (server, fax_job_get_id (job), NULL));
}

static void
test_submit_bad_input (void)
{
  g_autoptr(FaxServer) server = fax_server_connect (NULL, NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *junk = tmp_path ("junk.tif");
  const char *docs[] = { junk, NULL };
  FaxJob *job;

  g_assert_true (g_file_set_contents (junk, "II*\0not a tiff at all", 21, NULL));
  job = fax_server_submit_job (server, docs, "5550400", NULL, 0, NULL, &error);
  g_assert_null (job);
  g_assert_nonnull (error);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, "junk.tif"));
  g_clear_error (&error);

  docs[0] = NULL;
  g_assert_null (fax_server_submit_job (server, docs, "5550400", NULL, 0, NULL, &error));
  g_assert_error (error, FAX_ERROR, FAX_ERROR_INVALID_PARAMETER);
  g_clear_error (&error);

  docs[0] = junk;
  g_assert_null (fax_server_submit_job (server, docs, "call me; rm -rf", NULL, 0, NULL, &error));
  g_assert_error (error, FAX_ERROR, FAX_ERROR_INVALID_PARAMETER);
}

int
main (int   argc,
      char *argv[])
{
  fax_test_init (&argc, &argv);
  fax_test_reset (0, NULL);

  g_test_add_func ("/fax/jobs/send-to-inbox", test_send_to_inbox);
  g_test_add_func ("/fax/jobs/page-header", test_page_header);
  g_test_add_func ("/fax/jobs/routing", test_routing);
  g_test_add_func ("/fax/jobs/retries-no-answer", test_retries_no_answer);
  g_test_add_func ("/fax/jobs/retry-now", test_retry_now);
  g_test_add_func ("/fax/jobs/inbox-load-async", test_inbox_load_async);
  g_test_add_func ("/fax/jobs/send-at", test_send_at);
  g_test_add_func ("/fax/jobs/outbox-survives-restart", test_outbox_survives_restart);
  g_test_add_func ("/fax/jobs/submit-async", test_submit_async);
  g_test_add_func ("/fax/jobs/submit-converts", test_submit_converts);
  g_test_add_func ("/fax/jobs/submit-bad-input", test_submit_bad_input);

  return g_test_run ();
}
