/* test-hylafax.c: FaxServer on a real HylaFAX server
 *
 * Starts Debian's faxq and hfaxd on 127.0.0.1 against a throw-away copy
 * of the spool (tests/hylafax-start.sh), with faxgetty on end A of the
 * virtual line of a local FaxServer. The local server's end B is the fax
 * machine on the other side of the line: HylaFAX sends to it and receives
 * from it, with spandsp on our side and HylaFAX's Class 1 driver on the
 * server's.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include <glib/gstdio.h>

#include "fax-backend.h"
#include "fax-test-fax.h"
#include "fax-test-util.h"

#define LONG_WAIT 300   /* seconds: a whole fax call with HylaFAX's pauses */

static struct
{
  char      *skip;
  char      *spool;
  char      *address;   /* host:port */
  guint16    port;
  GPid       faxq;
  GPid       hfaxd;
  GPid       faxgetty;
  FaxServer *local;
  char      *end_a;
  char      *end_b;
  char      *modem;   /* a link to end A */
} hf;

/* ------------------------------------------------------------ the server */

static guint16
free_port (void)
{
  g_autoptr(GSocket) socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, NULL);
  g_autoptr(GInetAddress) lo = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) any = g_inet_socket_address_new (lo, 0);
  g_autoptr(GSocketAddress) bound = NULL;

  g_assert_nonnull (socket);
  g_assert_true (g_socket_bind (socket, any, FALSE, NULL));
  bound = g_socket_get_local_address (socket, NULL);
  return g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
}

static gboolean
start_hylafax (void)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *port = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) words = NULL;
  const char *script = g_getenv ("HYLAFAX_START");
  g_autofree char *parent = g_dir_make_tmp ("fax-test-hylafax-XXXXXX", NULL);
  int status = 0;

  g_assert_nonnull (script);
  g_assert_nonnull (parent);
  /* faxq and hfaxd run as uucp: the way to the spool must be open */
  g_chmod (parent, 0755);
  hf.spool = g_build_filename (parent, "spool", NULL);

  /* HylaFAX names a modem by its path with "/" as "_" and maps it back
   * for the lock file: /dev/pts/7 does not survive that, a link does */
  hf.modem = g_build_filename (parent, "ttyHF0", NULL);
  g_assert_cmpint (symlink (hf.end_a, hf.modem), ==, 0);
  hf.port = free_port ();
  port = g_strdup_printf ("%u", hf.port);
  hf.address = g_strdup_printf ("127.0.0.1:%u", hf.port);

  {
    const char *argv[] = { "bash", script, hf.spool, port, hf.modem, NULL };
    if (!g_spawn_sync (NULL, (char **)argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL,
                       &out, &err, &status, &error))
      {
        hf.skip = g_strdup_printf ("cannot run %s: %s", script, error->message);
        return FALSE;
      }
  }

  if (WIFEXITED (status) && WEXITSTATUS (status) == 77)
    {
      hf.skip = g_strstrip (g_strdup (err));
      return FALSE;
    }
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  words = g_strsplit (g_strstrip (out), " ", -1);
  g_assert_cmpstr (words[0], ==, "PIDS");
  g_assert_cmpuint (g_strv_length (words), ==, 4);
  hf.faxq = atoi (words[1]);
  hf.hfaxd = atoi (words[2]);
  hf.faxgetty = atoi (words[3]);
  return TRUE;
}

/* hfaxd forks a process per session: stop those with it */
static void
kill_with_children (GPid pid)
{
  g_autoptr(GDir) proc = g_dir_open ("/proc", 0, NULL);
  const char *name;

  while (proc != NULL && (name = g_dir_read_name (proc)))
    {
      g_autofree char *stat_path = g_build_filename ("/proc", name, "stat", NULL);
      g_autofree char *stat = NULL;
      const char *close_paren;
      int ppid = 0;

      if (!g_ascii_isdigit (name[0]) || !g_file_get_contents (stat_path, &stat, NULL, NULL))
        continue;
      close_paren = strrchr (stat, ')');
      if (close_paren != NULL && sscanf (close_paren + 2, "%*c %d", &ppid) == 1 && ppid == pid)
        kill (atoi (name), SIGKILL);
    }
  kill (pid, SIGKILL);
}

static void
start_hfaxd_again (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *port = g_strdup_printf ("%u", hf.port);
  const char *argv[] = { "/usr/sbin/hfaxd", "-q", hf.spool, "-d", "-l", "127.0.0.1", "-i", port, NULL };

  g_spawn_async (NULL, (char **)argv, NULL, G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_STDERR_TO_DEV_NULL,
                 NULL, NULL, &hf.hfaxd, &error);
  g_assert_no_error (error);
}

static void
stop_hylafax (void)
{
  g_autofree char *parent = NULL;
  const char *argv[] = { "rm", "-rf", NULL, NULL };

  if (hf.hfaxd > 0)
    kill_with_children (hf.hfaxd);
  if (hf.faxgetty > 0)
    kill (hf.faxgetty, SIGTERM);
  if (hf.faxq > 0)
    kill (hf.faxq, SIGTERM);
  if (hf.spool == NULL)
    return;
  parent = g_path_get_dirname (hf.spool);
  argv[2] = parent;
  g_usleep (G_USEC_PER_SEC / 2);
  g_spawn_sync (NULL, (char **)argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL, NULL, NULL);
}

/* A failed assertion aborts: take the server down with the test */
static void
abort_handler (int signum)
{
  if (hf.hfaxd > 0)
    kill (hf.hfaxd, SIGKILL);
  if (hf.faxgetty > 0)
    kill (hf.faxgetty, SIGKILL);
  if (hf.faxq > 0)
    kill (hf.faxq, SIGKILL);
  signal (signum, SIG_DFL);
  raise (signum);
}

static gboolean
skip_without_hylafax (void)
{
  if (hf.skip == NULL)
    return FALSE;
  g_test_skip_printf ("no HylaFAX server for this test: %s", hf.skip);
  return TRUE;
}

static char *
url (const char *user)
{
  return g_strdup_printf ("hylafax://%s@%s", user, hf.address);
}

static FaxServer *
connect_as (const char *user,
            const char *password)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *address = url (user);
  FaxServer *server = fax_server_connect_with_password (address, password, NULL, &error);

  g_assert_no_error (error);
  g_assert_true (fax_server_is_remote (server));
  return server;
}

/* Lets poll threads of finished servers come back before the next test */
static void
drain (void)
{
  gint64 end = g_get_monotonic_time () + G_USEC_PER_SEC;

  while (g_get_monotonic_time () < end)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (10000);
    }
}

/* --------------------------------------------------------------- helpers */

typedef struct
{
  FaxServer  *server;
  const char *path;
  gboolean    need_idle;
} PortWait;

static FaxPortInfo *
find_port (FaxServer  *server,
           const char *path)
{
  GListModel *ports = fax_server_get_ports (server);

  for (guint i = 0; i < g_list_model_get_n_items (ports); i++)
    {
      g_autoptr(FaxPortInfo) info = g_list_model_get_item (ports, i);
      if (g_strcmp0 (fax_port_info_get_device_path (info), path) == 0)
        return g_steal_pointer (&info);
    }
  return NULL;
}

static gboolean
port_ready (gpointer data)
{
  PortWait *w = data;
  g_autoptr(FaxPortInfo) info = find_port (w->server, w->path);

  return info != NULL && fax_port_info_get_state (info) == FAX_PORT_STATE_AVAILABLE;
}

static guint32
wait_for_modem (FaxServer *server)
{
  PortWait w = { server, hf.modem, TRUE };
  g_autoptr(FaxPortInfo) info = NULL;

  /* faxgetty takes about ten seconds to set the modem up, and about half
   * a minute after a call */
  g_assert_true (fax_test_spin_until (port_ready, &w, LONG_WAIT));
  info = find_port (server, hf.modem);
  return fax_port_info_get_device_id (info);
}

typedef struct
{
  FaxServer   *server;
  guint32      job_id;
  FaxJobState  state;
  gboolean     gone;
} JobWait;

static gboolean
job_reached (gpointer data)
{
  JobWait *w = data;
  g_autoptr(FaxJob) job = fax_server_get_job (w->server, w->job_id, NULL);

  if (w->gone)
    return job == NULL;
  return job != NULL && fax_job_get_state (job) == w->state;
}

static void
wait_for_job (FaxServer   *server,
              guint32      job_id,
              FaxJobState  state,
              guint        seconds)
{
  JobWait w = { server, job_id, state, FALSE };
  gboolean ok = fax_test_spin_until (job_reached, &w, seconds);

  if (!ok)
    {
      g_autoptr(FaxJob) job = fax_server_get_job (server, job_id, NULL);
      g_test_message ("job %u is %s (%s), not %s", job_id,
                      job ? fax_job_state_to_nick (fax_job_get_state (job)) : "gone",
                      job && fax_job_get_result_text (job) ? fax_job_get_result_text (job) : "",
                      fax_job_state_to_nick (state));
    }
  g_assert_true (ok);
}

static void
record_event (FaxServer *server,
              FaxEvent  *event,
              GPtrArray *events)
{
  g_ptr_array_add (events, g_object_ref (event));
}

static gboolean
saw_event (GPtrArray    *events,
           FaxEventType  type,
           guint32       job_id)
{
  for (guint i = 0; i < events->len; i++)
    {
      FaxEvent *e = g_ptr_array_index (events, i);
      if (fax_event_get_event_type (e) == type && fax_event_get_job_id (e) == job_id)
        return TRUE;
    }
  return FALSE;
}

typedef struct
{
  GPtrArray    *events;
  FaxEventType  type;
} EventWait;

static gboolean
event_seen (gpointer data)
{
  EventWait *w = data;
  return saw_event (w->events, w->type, 0);
}

static char *
write_page (guint seed)
{
  g_autofree char *name = g_strdup_printf ("page-%u.tif", seed);
  char *path = g_build_filename (fax_test_get_root (), name, NULL);

  fax_test_write_document (path, 1, 196, seed);
  return path;
}

/* The page arrived: every row below HylaFAX's tag line, at some shift */
static gboolean
same_page (const char *sent_path,
           const char *received_path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) sent = fax_test_read_pages (sent_path, &error);
  g_autoptr(GPtrArray) received = fax_test_read_pages (received_path, &error);
  FaxTestPage *a, *b;

  g_assert_no_error (error);
  g_assert_cmpuint (sent->len, ==, 1);
  g_assert_cmpuint (received->len, ==, 1);
  a = g_ptr_array_index (sent, 0);
  b = g_ptr_array_index (received, 0);
  g_assert_cmpuint (a->width, ==, b->width);

  for (guint shift = 0; shift < 150; shift++)
    if (b->length >= 300 + shift &&
        fax_test_page_rows_equal (a, 150, b, 150 + shift, MIN (a->length, b->length - shift) - 300))
      return TRUE;
  return FALSE;
}

/* ----------------------------------------------------------------- tests */

static void
test_login (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *faxuser = url ("faxuser");
  g_autofree char *nobody = g_strdup_printf ("hylafax://faxuser@127.0.0.1:%u", free_port ());
  FaxServer *server;

  if (skip_without_hylafax ())
    return;

  server = fax_server_connect_with_password (faxuser, "wrong", NULL, &error);
  g_assert_null (server);
  g_assert_error (error, FAX_ERROR, FAX_ERROR_ACCESS_DENIED);
  g_assert_nonnull (strstr (error->message, "Login incorrect"));
  g_clear_error (&error);

  /* No password for an account that needs one: the server's words */
  server = fax_server_connect (faxuser, &error);
  g_assert_null (server);
  g_assert_error (error, FAX_ERROR, FAX_ERROR_ACCESS_DENIED);
  g_assert_nonnull (strstr (error->message, "Password required"));
  g_clear_error (&error);

  server = fax_server_connect_with_password (nobody, "secret", NULL, &error);
  g_assert_null (server);
  g_assert_error (error, FAX_ERROR, FAX_ERROR_FAILED);
  g_assert_nonnull (strstr (error->message, "refused the connection"));
  g_clear_error (&error);

  server = fax_server_connect ("hylafax://faxuser@", &error);
  g_assert_null (server);
  g_assert_error (error, FAX_ERROR, FAX_ERROR_INVALID_PARAMETER);
  g_clear_error (&error);
  server = fax_server_connect ("hylafax://127.0.0.1:port", &error);
  g_assert_null (server);
  g_assert_error (error, FAX_ERROR, FAX_ERROR_INVALID_PARAMETER);
  g_clear_error (&error);

  server = connect_as ("faxuser", "secret");
  g_assert_cmpstr (fax_server_get_machine_name (server), ==, faxuser);
  g_assert_true (fax_server_check_connection (server, NULL));
  g_assert_finalize_object (server);
  drain ();
}

static void
connected_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  FaxServer **out = user_data;
  g_autoptr(GError) error = NULL;

  *out = fax_server_connect_finish (result, &error);
  g_assert_no_error (error);
}

static gboolean
pointer_set (gpointer data)
{
  return *(gpointer *)data != NULL;
}

static void
submitted_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  FaxJob **out = user_data;
  g_autoptr(GError) error = NULL;

  *out = fax_server_submit_job_finish (FAX_SERVER (object), result, &error);
  g_assert_no_error (error);
}

static void
test_ports (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *address = url ("faxuser");
  g_autoptr(FaxPort) port = NULL;
  g_autoptr(FaxPort) admin_port = NULL;
  g_autoptr(FaxPortInfo) info = NULL;
  g_autoptr(GPtrArray) ports = NULL;
  FaxServer *server = NULL;
  FaxServer *admin;
  guint32 device_id;

  if (skip_without_hylafax ())
    return;

  fax_server_connect_async (address, "secret", NULL, connected_cb, &server);
  g_assert_true (fax_test_spin_until (pointer_set, &server, 60));

  device_id = wait_for_modem (server);
  ports = fax_server_enum_ports (server, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ports->len, ==, 1);

  port = fax_server_open_port (server, device_id, FAX_PORT_OPEN_QUERY, &error);
  g_assert_no_error (error);
  info = fax_port_get_info (port, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (fax_port_info_get_device_name (info), ==, hf.modem);
  g_assert_cmpint (fax_port_info_get_state (info), ==, FAX_PORT_STATE_AVAILABLE);
  g_assert_cmpint (fax_port_info_get_flags (info), ==, FAX_PORT_FLAG_RECEIVE | FAX_PORT_FLAG_SEND);
  g_assert_cmpstr (fax_port_info_get_tsid (info), ==, "HylaFAX test");
  g_assert_cmpstr (fax_port_info_get_status_text (info), ==, "Running and idle");

  /* An ordinary user may look, not change: the server says why */
  g_assert_false (fax_port_request_modify (port, &error));
  g_assert_error (error, FAX_ERROR, FAX_ERROR_ACCESS_DENIED);
  g_assert_nonnull (strstr (error->message, "Please use ADMIN"));
  g_clear_error (&error);
  g_assert_null (fax_server_open_port (server, device_id, FAX_PORT_OPEN_MODIFY, &error));
  g_assert_error (error, FAX_ERROR, FAX_ERROR_ACCESS_DENIED);
  g_clear_error (&error);

  /* An administrator may switch sending, nothing the server keeps in
   * the modem's configuration file */
  admin = connect_as ("faxadmin", "adminpw");
  device_id = wait_for_modem (admin);
  admin_port = fax_server_open_port (admin, device_id, FAX_PORT_OPEN_MODIFY, &error);
  g_assert_no_error (error);
  g_clear_object (&info);
  info = fax_port_get_info (admin_port, &error);
  g_assert_no_error (error);
  fax_port_info_set_rings (info, 4);
  g_assert_false (fax_port_set_info (admin_port, info, &error));
  g_assert_error (error, FAX_ERROR, FAX_ERROR_INVALID_PARAMETER);
  g_clear_error (&error);
  fax_port_info_set_rings (info, 0);
  fax_port_info_set_flags (info, FAX_PORT_FLAG_RECEIVE);
  g_assert_true (fax_port_set_info (admin_port, info, &error));
  g_assert_no_error (error);
  g_clear_object (&info);
  info = fax_port_get_info (admin_port, &error);
  g_assert_cmpint (fax_port_info_get_flags (info), ==, FAX_PORT_FLAG_RECEIVE);
  fax_port_info_set_flags (info, FAX_PORT_FLAG_RECEIVE | FAX_PORT_FLAG_SEND);
  g_assert_true (fax_port_set_info (admin_port, info, &error));
  g_assert_no_error (error);

  fax_port_close (admin_port);
  fax_port_close (port);
  g_clear_object (&admin_port);
  g_clear_object (&port);
  g_assert_finalize_object (admin);
  g_assert_finalize_object (server);
  drain ();
}

static void
test_jobs (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) events = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(FaxJob) job = NULL;
  g_autoptr(FaxJob) other = NULL;
  g_autoptr(GPtrArray) queued = NULL;
  g_autofree char *page = write_page (1);
  g_autofree char *not_tiff = g_build_filename (fax_test_get_root (), "letter.txt", NULL);
  const char *documents[] = { page, NULL };
  const char *bad_documents[] = { not_tiff, NULL };
  const char *missing_documents[] = { "/nonexistent/letter.pdf", NULL };
  FaxServer *server, *admin;
  FaxJobOptions options;
  gboolean found = FALSE;
  guint32 id;

  if (skip_without_hylafax ())
    return;

  server = connect_as ("faxuser", "secret");
  admin = connect_as ("faxadmin", "adminpw");
  g_signal_connect (server, "event", G_CALLBACK (record_event), events);

  /* In an hour: the job waits in the queue */
  fax_job_options_init (&options);
  options.send_at = g_get_real_time () / G_USEC_PER_SEC + 3600;
  job = fax_server_submit_job (server, documents, "+49 30 5550199", "Erika Mustermann", 0, &options, &error);
  g_assert_no_error (error);
  id = fax_job_get_id (job);
  g_assert_cmpuint (id, >, 0);
  g_assert_cmpint (fax_job_get_state (job), ==, FAX_JOB_STATE_QUEUED);
  g_assert_true (saw_event (events, FAX_EVENT_JOB_QUEUED, id));

  queued = fax_server_enum_jobs (server, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < queued->len; i++)
    found |= fax_job_get_id (g_ptr_array_index (queued, i)) == id;
  g_assert_true (found);

  /* The listing of another session shows it too, as the server has it */
  wait_for_job (admin, id, FAX_JOB_STATE_QUEUED, 60);
  g_clear_object (&other);
  other = fax_server_get_job (admin, id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (fax_job_get_recipient_number (other), ==, "+49 30 5550199");
  g_assert_cmpstr (fax_job_get_recipient_name (other), ==, "Erika Mustermann");
  g_assert_cmpuint (fax_job_get_max_attempts (other), ==, 3);

  g_assert_true (fax_server_pause_job (server, id, TRUE, &error));
  g_assert_no_error (error);
  wait_for_job (server, id, FAX_JOB_STATE_PAUSED, 60);
  g_assert_true (saw_event (events, FAX_EVENT_PAUSED, id));
  g_assert_true (fax_server_pause_job (server, id, FALSE, &error));
  g_assert_no_error (error);
  wait_for_job (server, id, FAX_JOB_STATE_QUEUED, 60);

  /* Someone else's job: the server refuses, in its words */
  g_clear_object (&other);
  fax_server_submit_job_async (admin, documents, "5550198", NULL, 0, &options, NULL, submitted_cb, &other);
  g_assert_true (fax_test_spin_until (pointer_set, &other, 60));
  g_assert_cmpuint (fax_job_get_id (other), >, id);
  g_assert_false (fax_server_abort_job (server, fax_job_get_id (other), &error));
  g_assert_error (error, FAX_ERROR, FAX_ERROR_ACCESS_DENIED);
  g_assert_nonnull (strstr (error->message, "not permitted"));
  g_clear_error (&error);
  g_assert_true (fax_server_abort_job (admin, fax_job_get_id (other), &error));
  g_assert_no_error (error);

  g_assert_false (fax_server_abort_job (server, 99999, &error));
  g_assert_error (error, FAX_ERROR, FAX_ERROR_INVALID_PARAMETER);
  g_assert_nonnull (strstr (error->message, "does not exist"));
  g_clear_error (&error);

  /* Kill it: done queue, cancelled; delete it: gone */
  g_assert_true (fax_server_abort_job (server, id, &error));
  g_assert_no_error (error);
  wait_for_job (server, id, FAX_JOB_STATE_CANCELLED, 60);
  g_clear_object (&job);
  job = fax_server_get_job (server, id, &error);
  g_assert_no_error (error);
  g_assert_nonnull (strstr (fax_job_get_result_text (job), "aborted by request"));
  g_assert_true (fax_server_delete_job (server, id, &error));
  g_assert_no_error (error);
  {
    JobWait w = { server, id, 0, TRUE };
    g_assert_true (fax_test_spin_until (job_reached, &w, 60));
  }
  g_assert_true (saw_event (events, FAX_EVENT_DELETED, id));

  /* Text is converted to fax pages here, then uploaded */
  g_assert_true (g_file_set_contents (not_tiff, "Dear Erika,\nthe invoice follows.\n", -1, NULL));
  g_clear_object (&job);
  job = fax_server_submit_job (server, bad_documents, "5550196", NULL, 0, &options, &error);
  g_assert_no_error (error);
  wait_for_job (admin, fax_job_get_id (job), FAX_JOB_STATE_QUEUED, 60);
  g_assert_true (fax_server_abort_job (server, fax_job_get_id (job), &error));
  g_assert_no_error (error);

  /* Bad input is refused before anything reaches the server */
  g_assert_null (fax_server_submit_job (server, missing_documents, "5550199", NULL, 0, NULL, &error));
  g_assert_nonnull (error);
  g_clear_error (&error);
  g_assert_null (fax_server_submit_job (server, documents, "call me", NULL, 0, NULL, &error));
  g_assert_error (error, FAX_ERROR, FAX_ERROR_INVALID_PARAMETER);
  g_clear_error (&error);

  g_signal_handlers_disconnect_by_data (server, events);
  g_clear_object (&job);
  g_clear_object (&other);
  g_assert_finalize_object (admin);
  g_assert_finalize_object (server);
  drain ();
}

/* HylaFAX calls end B of the line, where the local server answers */
static void
test_send (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) events = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(FaxJob) job = NULL;
  g_autoptr(FaxReceivedFax) fax = NULL;
  g_autofree char *page = write_page (2);
  const char *documents[] = { page, NULL };
  GListModel *local_inbox = fax_server_get_inbox (hf.local);
  FaxServer *server;
  guint32 b, id;

  if (skip_without_hylafax ())
    return;

  server = connect_as ("faxuser", "secret");
  g_signal_connect (server, "event", G_CALLBACK (record_event), events);
  wait_for_modem (server);

  b = fax_server_lookup_port (hf.local, hf.end_b, &error);
  g_assert_no_error (error);
  g_assert_true (fax_server_answer_on (hf.local, b, &error));
  g_assert_no_error (error);

  job = fax_server_submit_job (server, documents, "5550199", NULL, 0, NULL, &error);
  g_assert_no_error (error);
  id = fax_job_get_id (job);

  wait_for_job (server, id, FAX_JOB_STATE_COMPLETED, LONG_WAIT);
  g_assert_cmpuint (fax_job_get_pages_sent (job), ==, 1);
  g_assert_cmpuint (fax_job_get_total_pages (job), ==, 1);
  g_assert_true (saw_event (events, FAX_EVENT_JOB_QUEUED, id));
  g_assert_true (saw_event (events, FAX_EVENT_COMPLETED, id));

  g_assert_true (fax_test_spin_until (fax_test_model_not_empty, local_inbox, 60));
  fax = g_list_model_get_item (local_inbox, 0);
  g_assert_cmpstr (fax_received_fax_get_remote_tsid (fax), ==, "HylaFAX test");
  g_assert_true (same_page (page, fax_received_fax_get_path (fax)));

  fax_server_set_receiving (hf.local, TRUE);
  fax_server_set_receiving (hf.local, FALSE);
  g_signal_handlers_disconnect_by_data (server, events);
  g_clear_object (&job);
  g_assert_finalize_object (server);
  drain ();
}

/* The local server calls HylaFAX's modem; the fax lands in its recvq and
 * comes back through the client's inbox */
static void
test_receive (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FaxJob) job = NULL;
  g_autoptr(FaxReceivedFax) fax = NULL;
  g_autoptr(FaxPort) port = NULL;
  g_autoptr(FaxPortInfo) info = NULL;
  g_autofree char *page = write_page (3);
  const char *documents[] = { page, NULL };
  FaxServer *server;
  FaxJobOptions options;
  GListModel *inbox;
  GStatBuf st;
  guint32 b;

  if (skip_without_hylafax ())
    return;

  server = connect_as ("faxuser", "secret");
  inbox = fax_server_get_inbox (server);
  wait_for_modem (server);

  b = fax_server_lookup_port (hf.local, hf.end_b, &error);
  g_assert_no_error (error);
  port = fax_server_open_port (hf.local, b, FAX_PORT_OPEN_MODIFY, &error);
  g_assert_no_error (error);
  info = fax_port_get_info (port, &error);
  g_assert_no_error (error);
  fax_port_info_set_tsid (info, "+49 30 5550177");
  g_assert_true (fax_port_set_info (port, info, &error));
  g_assert_no_error (error);
  fax_port_close (port);

  fax_job_options_init (&options);
  options.page_header = FALSE;
  job = fax_server_submit_job (hf.local, documents, "5550100", NULL, b, &options, &error);
  g_assert_no_error (error);
  {
    JobWait w = { hf.local, fax_job_get_id (job), FAX_JOB_STATE_COMPLETED, FALSE };
    g_assert_true (fax_test_spin_until (job_reached, &w, LONG_WAIT));
  }

  g_assert_true (fax_test_spin_until (fax_test_model_not_empty, inbox, 60));
  fax = g_list_model_get_item (inbox, 0);
  g_assert_true (g_str_has_prefix (fax_received_fax_get_path (fax), fax_server_get_inbox_dir (server)));
  g_assert_cmpint (g_stat (fax_received_fax_get_path (fax), &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  g_assert_cmpuint (fax_received_fax_get_pages (fax), ==, 1);
  g_assert_cmpstr (fax_received_fax_get_remote_tsid (fax), ==, "+49 30 5550177");
  g_assert_cmpuint (fax_received_fax_get_bit_rate (fax), >=, 2400);
  g_assert_cmpint (fax_received_fax_get_received (fax), >, 0);
  g_assert_true (same_page (page, fax_received_fax_get_path (fax)));

  g_clear_object (&fax);
  g_clear_object (&job);
  g_assert_finalize_object (server);
  drain ();
}

static gboolean
all_ports_unavailable (gpointer data)
{
  g_autoptr(FaxPortInfo) info = find_port (data, hf.modem);
  return info != NULL && fax_port_info_get_state (info) == FAX_PORT_STATE_UNAVAILABLE;
}

/* faxctl --server, with the password from the environment */
static void
test_faxctl (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *address = url ("faxuser");
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_auto(GStrv) env = NULL;
  const char *faxctl = g_getenv ("FAXCTL");
  const char *ports[] = { faxctl, "--server", address, "ports", NULL };
  const char *jobs[] = { faxctl, "--server", address, "jobs", "--all", "--json", NULL };
  int status = 0;

  if (skip_without_hylafax ())
    return;
  g_assert_nonnull (faxctl);

  env = g_environ_setenv (g_get_environ (), "FAX_MANAGER_PASSWORD", "secret", TRUE);
  g_assert_true (g_spawn_sync (NULL, (char **)ports, env, G_SPAWN_STDIN_FROM_DEV_NULL, NULL, NULL,
                               &out, &err, &status, &error));
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  g_assert_nonnull (strstr (out, hf.modem));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_true (g_spawn_sync (NULL, (char **)jobs, env, G_SPAWN_STDIN_FROM_DEV_NULL, NULL, NULL,
                               &out, &err, &status, &error));
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  g_assert_nonnull (strstr (out, "\"5550199\""));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* A wrong password: exit status 1 and the server's words */
  env = g_environ_setenv (env, "FAX_MANAGER_PASSWORD", "wrong", TRUE);
  g_assert_true (g_spawn_sync (NULL, (char **)ports, env, G_SPAWN_STDIN_FROM_DEV_NULL, NULL, NULL,
                               &out, &err, &status, &error));
  g_assert_true (WIFEXITED (status));
  g_assert_cmpint (WEXITSTATUS (status), ==, 1);
  g_assert_nonnull (strstr (err, "Login incorrect"));
}

static void
test_server_stopped (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) events = g_ptr_array_new_with_free_func (g_object_unref);
  g_autofree char *page = write_page (4);
  const char *documents[] = { page, NULL };
  FaxServer *server;
  GListModel *jobs;
  guint n;

  if (skip_without_hylafax ())
    return;

  server = connect_as ("faxuser", "secret");
  g_signal_connect (server, "event", G_CALLBACK (record_event), events);
  wait_for_modem (server);

  kill_with_children (hf.hfaxd);
  waitpid (hf.hfaxd, NULL, 0);

  {
    EventWait w = { events, FAX_EVENT_FATAL_ERROR };
    g_assert_true (fax_test_spin_until (event_seen, &w, 60));
  }
  g_assert_true (all_ports_unavailable (server));
  g_assert_false (fax_server_check_connection (server, &error));
  g_assert_error (error, FAX_ERROR, FAX_ERROR_FAILED);
  g_assert_nonnull (strstr (error->message, hf.address));
  g_clear_error (&error);
  g_assert_null (fax_server_enum_ports (server, &error));
  g_assert_error (error, FAX_ERROR, FAX_ERROR_FAILED);
  g_clear_error (&error);

  /* Nothing can be queued, and the error says so */
  g_assert_null (fax_server_submit_job (server, documents, "5550777", NULL, 0, NULL, &error));
  g_assert_error (error, FAX_ERROR, FAX_ERROR_FAILED);
  g_assert_nonnull (strstr (error->message, "refused the connection"));
  g_clear_error (&error);

  /* Back: the client finds the server again by itself */
  start_hfaxd_again ();
  {
    EventWait w = { events, FAX_EVENT_IDLE };
    g_assert_true (fax_test_spin_until (event_seen, &w, 60));
  }
  g_assert_true (fax_server_check_connection (server, NULL));
  wait_for_modem (server);

  /* The failed submission left nothing behind */
  jobs = fax_server_get_jobs (server);
  n = g_list_model_get_n_items (jobs);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(FaxJob) job = g_list_model_get_item (jobs, i);
      g_assert_cmpstr (fax_job_get_recipient_number (job), !=, "5550777");
    }

  g_signal_handlers_disconnect_by_data (server, events);
  g_assert_finalize_object (server);
  drain ();
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  FaxVirtualLine *line;
  int ret;

  fax_test_init (&argc, &argv);
  g_setenv ("FAX_MANAGER_HYLAFAX_POLL", "1", TRUE);

  hf.local = fax_server_connect (NULL, &error);
  g_assert_no_error (error);
  g_assert_true (fax_server_set_virtual_line_enabled (hf.local, TRUE, &error));
  g_assert_no_error (error);
  line = fax_server_get_virtual_line (hf.local);
  hf.end_a = g_strdup (fax_virtual_line_get_device_path (line, FAX_VIRTUAL_LINE_END_A));
  hf.end_b = g_strdup (fax_virtual_line_get_device_path (line, FAX_VIRTUAL_LINE_END_B));

  signal (SIGABRT, abort_handler);
  if (start_hylafax ())
    g_test_message ("HylaFAX on %s, spool %s, modem %s", hf.address, hf.spool, hf.modem);
  else
    g_test_message ("skipping: %s", hf.skip);

  g_test_add_func ("/hylafax/login", test_login);
  g_test_add_func ("/hylafax/ports", test_ports);
  g_test_add_func ("/hylafax/jobs", test_jobs);
  g_test_add_func ("/hylafax/send", test_send);
  g_test_add_func ("/hylafax/receive", test_receive);
  g_test_add_func ("/hylafax/faxctl", test_faxctl);
  g_test_add_func ("/hylafax/server-stopped", test_server_stopped);

  ret = g_test_run ();

  stop_hylafax ();
  g_assert_finalize_object (hf.local);
  g_free (hf.skip);
  g_free (hf.spool);
  g_free (hf.address);
  g_free (hf.end_a);
  g_free (hf.modem);
  g_free (hf.end_b);
  return ret;
}
