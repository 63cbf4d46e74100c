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
#include "fax-test-hylafax.h"
#include "fax-test-util.h"

#define LONG_WAIT 300   /* seconds: a whole fax call with HylaFAX's pauses */

static FaxTestHylafax hfx;

static struct
{
  FaxServer *local;
  char      *end_a;
  char      *end_b;
} hf;

/* ------------------------------------------------------------ the server */

static gboolean
skip_without_hylafax (void)
{
  if (hfx.skip == NULL)
    return FALSE;
  g_test_skip_printf ("no HylaFAX server for this test: %s", hfx.skip);
  return TRUE;
}

static char *
url (const char *user)
{
  return g_strdup_printf ("hylafax://%s@%s", user, hfx.address);
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

/* ------------------------------------------------------------ the proxy */

/* A TCP proxy in front of hfaxd's control port that cuts a session at a
 * chosen point: when the server answers @verb with a reply starting with
 * @reply, it passes that reply on (or swallows it) and closes both sides.
 * Data connections (EPSV) go to hfaxd directly, so a document upload is
 * under way when the control connection goes. */
typedef struct
{
  GSocket      *listener;
  guint16       port;
  GThread      *accept_thread;
  GCancellable *cancellable;
  GMutex        lock;
  char         *verb;
  char         *reply;
  gboolean      pass_reply;
  guint         cuts_left;
  guint         cuts_done;
  guint         sessions;
  GPtrArray    *active;   /* ProxySession* */
} Proxy;

typedef struct
{
  Proxy   *proxy;
  GSocket *client;
  GSocket *server;
  GMutex   lock;
  char     last_verb[16];
  int      refs;
} ProxySession;

static void
proxy_session_unref (ProxySession *ps)
{
  gboolean last;

  g_mutex_lock (&ps->lock);
  last = --ps->refs == 0;
  g_mutex_unlock (&ps->lock);
  if (!last)
    return;
  g_mutex_lock (&ps->proxy->lock);
  g_ptr_array_remove (ps->proxy->active, ps);
  g_mutex_unlock (&ps->proxy->lock);
  g_socket_close (ps->client, NULL);
  g_socket_close (ps->server, NULL);
  g_object_unref (ps->client);
  g_object_unref (ps->server);
  g_mutex_clear (&ps->lock);
  g_free (ps);
}

static void
proxy_session_cut (ProxySession *ps)
{
  g_socket_shutdown (ps->client, TRUE, TRUE, NULL);
  g_socket_shutdown (ps->server, TRUE, TRUE, NULL);
}

/* Client to server: remembers the verb of the last command line */
static gpointer
pump_up (gpointer data)
{
  ProxySession *ps = data;
  char buffer[4096];
  gssize n;

  while ((n = g_socket_receive (ps->client, buffer, sizeof buffer, NULL, NULL)) > 0)
    {
      gsize start = 0;

      /* The start of the last line in this chunk */
      for (gssize i = 0; i + 1 < n; i++)
        if (buffer[i] == '\n')
          start = i + 1;
      g_mutex_lock (&ps->lock);
      if (start < (gsize)n)
        {
          gsize len = strcspn (buffer + start, " \r\n");
          len = MIN (len, MIN ((gsize)n - start, sizeof ps->last_verb - 1));
          memcpy (ps->last_verb, buffer + start, len);
          ps->last_verb[len] = '\0';
        }
      g_mutex_unlock (&ps->lock);
      if (g_socket_send (ps->server, buffer, n, NULL, NULL) != n)
        break;
    }
  proxy_session_cut (ps);
  proxy_session_unref (ps);
  return NULL;
}

/* Server to client: where the cut happens */
static gpointer
pump_down (gpointer data)
{
  ProxySession *ps = data;
  Proxy *proxy = ps->proxy;
  char buffer[4096];
  gssize n;

  while ((n = g_socket_receive (ps->server, buffer, sizeof buffer, NULL, NULL)) > 0)
    {
      gboolean cut = FALSE, pass = TRUE;

      g_mutex_lock (&proxy->lock);
      g_mutex_lock (&ps->lock);
      if (proxy->cuts_left > 0 && proxy->verb != NULL &&
          g_ascii_strcasecmp (ps->last_verb, proxy->verb) == 0 &&
          (gsize)n >= strlen (proxy->reply) && strncmp (buffer, proxy->reply, strlen (proxy->reply)) == 0)
        {
          cut = TRUE;
          pass = proxy->pass_reply;
          proxy->cuts_left--;
          proxy->cuts_done++;
        }
      g_mutex_unlock (&ps->lock);
      g_mutex_unlock (&proxy->lock);

      if (pass && g_socket_send (ps->client, buffer, n, NULL, NULL) != n)
        break;
      if (cut)
        break;
    }
  proxy_session_cut (ps);
  proxy_session_unref (ps);
  return NULL;
}

static gpointer
proxy_accept (gpointer data)
{
  Proxy *proxy = data;

  for (;;)
    {
      g_autoptr(GSocket) client = g_socket_accept (proxy->listener, proxy->cancellable, NULL);
      g_autoptr(GSocket) server = NULL;
      g_autoptr(GInetAddress) lo = NULL;
      g_autoptr(GSocketAddress) address = NULL;
      ProxySession *ps;

      if (client == NULL)
        return NULL;
      server = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, NULL);
      lo = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
      address = g_inet_socket_address_new (lo, hfx.port);
      if (!g_socket_connect (server, address, NULL, NULL))
        continue;   /* hfaxd is down: the client sees the connection close */

      ps = g_new0 (ProxySession, 1);
      ps->proxy = proxy;
      ps->client = g_steal_pointer (&client);
      ps->server = g_steal_pointer (&server);
      ps->refs = 2;
      g_mutex_init (&ps->lock);
      g_mutex_lock (&proxy->lock);
      proxy->sessions++;
      g_ptr_array_add (proxy->active, ps);
      g_mutex_unlock (&proxy->lock);
      g_thread_unref (g_thread_new ("proxy-up", pump_up, ps));
      g_thread_unref (g_thread_new ("proxy-down", pump_down, ps));
    }
}

static Proxy *
proxy_new (void)
{
  Proxy *proxy = g_new0 (Proxy, 1);
  g_autoptr(GInetAddress) lo = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) any = g_inet_socket_address_new (lo, 0);
  g_autoptr(GSocketAddress) bound = NULL;

  proxy->listener = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, NULL);
  g_assert_true (g_socket_bind (proxy->listener, any, TRUE, NULL));
  g_assert_true (g_socket_listen (proxy->listener, NULL));
  bound = g_socket_get_local_address (proxy->listener, NULL);
  proxy->port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
  proxy->cancellable = g_cancellable_new ();
  g_mutex_init (&proxy->lock);
  proxy->active = g_ptr_array_new ();
  proxy->accept_thread = g_thread_new ("proxy-accept", proxy_accept, proxy);
  return proxy;
}

/* The next @cuts sessions that answer @verb with @reply are cut there */
static void
proxy_cut_at (Proxy      *proxy,
              const char *verb,
              const char *reply,
              gboolean    pass_reply,
              guint       cuts)
{
  g_mutex_lock (&proxy->lock);
  g_free (proxy->verb);
  g_free (proxy->reply);
  proxy->verb = g_strdup (verb);
  proxy->reply = g_strdup (reply);
  proxy->pass_reply = pass_reply;
  proxy->cuts_left = cuts;
  proxy->cuts_done = 0;
  g_mutex_unlock (&proxy->lock);
}

static guint
proxy_get_cuts_done (Proxy *proxy)
{
  guint n;

  g_mutex_lock (&proxy->lock);
  n = proxy->cuts_done;
  g_mutex_unlock (&proxy->lock);
  return n;
}

static void
proxy_free (Proxy *proxy)
{
  g_cancellable_cancel (proxy->cancellable);
  g_thread_join (proxy->accept_thread);
  /* Cut what is left and let the pumps finish */
  for (;;)
    {
      guint n;

      g_mutex_lock (&proxy->lock);
      n = proxy->active->len;
      for (guint i = 0; i < n; i++)
        proxy_session_cut (g_ptr_array_index (proxy->active, i));
      g_mutex_unlock (&proxy->lock);
      if (n == 0)
        break;
      g_usleep (10000);
    }
  g_ptr_array_unref (proxy->active);
  g_socket_close (proxy->listener, NULL);
  g_object_unref (proxy->listener);
  g_object_unref (proxy->cancellable);
  g_mutex_clear (&proxy->lock);
  g_free (proxy->verb);
  g_free (proxy->reply);
  g_free (proxy);
}

/* A listener that greets with @greeting (NULL: says nothing at all) */
typedef struct
{
  GSocket      *listener;
  guint16       port;
  const char   *greeting;
  GThread      *thread;
  GCancellable *cancellable;
} FakeServer;

static gpointer
fake_server_run (gpointer data)
{
  FakeServer *fake = data;
  g_autoptr(GPtrArray) clients = g_ptr_array_new_with_free_func (g_object_unref);

  for (;;)
    {
      GSocket *client = g_socket_accept (fake->listener, fake->cancellable, NULL);
      if (client == NULL)
        return NULL;
      if (fake->greeting != NULL)
        g_socket_send (client, fake->greeting, strlen (fake->greeting), NULL, NULL);
      g_ptr_array_add (clients, client);   /* kept open: silence */
    }
}

static FakeServer *
fake_server_new (const char *greeting)
{
  FakeServer *fake = g_new0 (FakeServer, 1);
  g_autoptr(GInetAddress) lo = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) any = g_inet_socket_address_new (lo, 0);
  g_autoptr(GSocketAddress) bound = NULL;

  fake->listener = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, NULL);
  g_assert_true (g_socket_bind (fake->listener, any, TRUE, NULL));
  g_assert_true (g_socket_listen (fake->listener, NULL));
  bound = g_socket_get_local_address (fake->listener, NULL);
  fake->port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
  fake->greeting = greeting;
  fake->cancellable = g_cancellable_new ();
  fake->thread = g_thread_new ("fake-server", fake_server_run, fake);
  return fake;
}

static void
fake_server_free (FakeServer *fake)
{
  g_cancellable_cancel (fake->cancellable);
  g_thread_join (fake->thread);
  g_socket_close (fake->listener, NULL);
  g_object_unref (fake->listener);
  g_object_unref (fake->cancellable);
  g_free (fake);
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
  PortWait w = { server, hfx.modem, TRUE };
  g_autoptr(FaxPortInfo) info = NULL;

  /* faxgetty takes about ten seconds to set the modem up, and about half
   * a minute after a call */
  g_assert_true (fax_test_spin_until (port_ready, &w, LONG_WAIT));
  info = find_port (server, hfx.modem);
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
  g_autofree char *nobody = g_strdup_printf ("hylafax://faxuser@127.0.0.1:%u", fax_test_free_port ());
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
  g_assert_cmpstr (fax_port_info_get_device_name (info), ==, hfx.modem);
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
  g_autoptr(FaxPortInfo) info = find_port (data, hfx.modem);
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
  g_assert_nonnull (strstr (out, hfx.modem));
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

/* The jobs for @number on the server, as a fresh session lists them */
static guint
count_jobs_to (const char *number,
               guint32    *id)
{
  FaxServer *admin = connect_as ("faxadmin", "adminpw");
  GListModel *jobs = fax_server_get_jobs (admin);
  guint count = 0;

  for (guint i = 0; i < g_list_model_get_n_items (jobs); i++)
    {
      g_autoptr(FaxJob) job = g_list_model_get_item (jobs, i);
      if (g_strcmp0 (fax_job_get_recipient_number (job), number) == 0)
        {
          count++;
          if (id != NULL)
            *id = fax_job_get_id (job);
        }
    }
  g_assert_finalize_object (admin);
  return count;
}

static void
job_done_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  int *done = user_data;
  g_autoptr(GError) error = NULL;

  g_assert_true (fax_server_abort_job_finish (FAX_SERVER (object), result, &error));
  g_assert_no_error (error);
  *done = 1;
}

static gboolean
int_set (gpointer data)
{
  return *(int *)data != 0;
}

static void
kill_job_async (FaxServer *server,
                guint32    id)
{
  int done = 0;

  fax_server_abort_job_async (server, id, NULL, job_done_cb, &done);
  g_assert_true (fax_test_spin_until (int_set, &done, 60));
}

/* The control connection cut while a large document is uploaded (STOT),
 * and the reply to JSUBM lost: never a job twice */
static void
test_connection_cut (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FaxJob) job = NULL;
  g_autofree char *document = g_build_filename (fax_test_get_root (), "long.tif", NULL);
  g_autofree char *address = NULL;
  const char *documents[] = { document, NULL };
  FaxJobOptions options;
  FaxServer *server;
  Proxy *proxy;
  guint32 id = 0;

  if (skip_without_hylafax ())
    return;

  fax_test_write_document (document, 30, 196, 7);
  proxy = proxy_new ();
  address = g_strdup_printf ("hylafax://faxuser@127.0.0.1:%u", proxy->port);
  server = fax_server_connect_with_password (address, "secret", NULL, &error);
  g_assert_no_error (error);

  fax_job_options_init (&options);
  options.send_at = g_get_real_time () / G_USEC_PER_SEC + 3600;

  /* Cut once during the upload: nothing was queued, so the submission
   * starts again on a new connection, and the job is there once */
  proxy_cut_at (proxy, "STOT", "150", TRUE, 1);
  job = fax_server_submit_job (server, documents, "5550301", NULL, 0, &options, &error);
  g_assert_no_error (error);
  g_assert_nonnull (job);
  g_assert_cmpuint (proxy_get_cuts_done (proxy), ==, 1);
  g_assert_cmpuint (count_jobs_to ("5550301", &id), ==, 1);
  g_assert_cmpuint (id, ==, fax_job_get_id (job));
  kill_job_async (server, id);
  g_clear_object (&job);

  /* Cut every time: a clear error, and no job */
  proxy_cut_at (proxy, "STOT", "150", TRUE, 2);
  job = fax_server_submit_job (server, documents, "5550302", NULL, 0, &options, &error);
  g_assert_null (job);
  g_assert_error (error, FAX_ERROR, FAX_ERROR_FAILED);
  g_test_message ("upload cut twice: %s", error->message);
  g_assert_nonnull (strstr (error->message, "not submitted"));
  g_assert_nonnull (strstr (error->message, "uploading a document"));
  g_assert_nonnull (strstr (error->message, "127.0.0.1"));
  g_clear_error (&error);
  g_assert_cmpuint (proxy_get_cuts_done (proxy), ==, 2);
  g_assert_cmpuint (count_jobs_to ("5550302", NULL), ==, 0);

  /* JSUBM went through and its reply was lost: the job is found by its
   * key in the server's queue, not submitted again */
  proxy_cut_at (proxy, "JSUBM", "200", FALSE, 1);
  fax_server_submit_job_async (server, documents, "5550303", NULL, 0, &options, NULL, submitted_cb, &job);
  g_assert_true (fax_test_spin_until (pointer_set, &job, 120));
  g_assert_cmpuint (proxy_get_cuts_done (proxy), ==, 1);
  g_assert_cmpuint (count_jobs_to ("5550303", &id), ==, 1);
  g_assert_cmpuint (id, ==, fax_job_get_id (job));
  kill_job_async (server, id);
  g_clear_object (&job);

  g_assert_finalize_object (server);
  drain ();
  proxy_free (proxy);
}

/* The control connection cut while a received fax is downloaded (RETR):
 * a clear error, nothing half-written in the cache, and the next
 * connection fetches the fax whole */
static void
test_download_cut (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDir) dir = NULL;
  g_autoptr(FaxReceivedFax) fax = NULL;
  g_autoptr(GPtrArray) pages = NULL;
  g_autofree char *address = NULL;
  g_autofree char *cache_name = NULL;
  g_autofree char *cache = NULL;
  FaxServer *server;
  Proxy *proxy;
  GStatBuf st;

  if (skip_without_hylafax ())
    return;

  proxy = proxy_new ();
  address = g_strdup_printf ("hylafax://faxuser@127.0.0.1:%u", proxy->port);
  cache_name = g_strdup_printf ("faxuser@127.0.0.1_%u", proxy->port);
  cache = g_build_filename (g_get_user_cache_dir (), "fax-manager", "hylafax", cache_name, NULL);

  /* A new address: a new cache, so the first listing downloads every fax */
  proxy_cut_at (proxy, "RETR", "150", TRUE, 1);
  server = fax_server_connect_with_password (address, "secret", NULL, &error);
  if (proxy_get_cuts_done (proxy) == 0)
    {
      g_clear_object (&server);
      drain ();
      proxy_free (proxy);
      g_test_skip ("the server has no received fax (the receive test did not run)");
      return;
    }
  g_assert_null (server);
  g_assert_error (error, FAX_ERROR, FAX_ERROR_FAILED);
  g_test_message ("download cut: %s", error->message);
  g_assert_nonnull (strstr (error->message, "downloading recvq/fax"));
  g_clear_error (&error);
  dir = g_dir_open (cache, 0, NULL);
  g_assert_nonnull (dir);
  g_assert_null (g_dir_read_name (dir));

  server = fax_server_connect_with_password (address, "secret", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (fax_server_get_inbox (server)), >, 0);
  fax = g_list_model_get_item (fax_server_get_inbox (server), 0);
  g_assert_true (g_str_has_prefix (fax_received_fax_get_path (fax), cache));
  g_assert_cmpint (g_stat (fax_received_fax_get_path (fax), &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  pages = fax_test_read_pages (fax_received_fax_get_path (fax), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (pages->len, ==, fax_received_fax_get_pages (fax));

  g_clear_object (&fax);
  g_assert_finalize_object (server);
  drain ();
  proxy_free (proxy);
}

/* Something that is not hfaxd, and a server that never answers */
static void
test_bad_server (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *address = NULL;
  FakeServer *fake;
  FaxServer *server;

  fake = fake_server_new ("SSH-2.0-OpenSSH_9.2\r\n");
  address = g_strdup_printf ("hylafax://faxuser@127.0.0.1:%u", fake->port);
  server = fax_server_connect_with_password (address, "secret", NULL, &error);
  g_assert_null (server);
  g_assert_error (error, FAX_ERROR, FAX_ERROR_FAILED);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, "does not understand"));
  g_clear_error (&error);
  fake_server_free (fake);

  g_setenv ("FAX_MANAGER_HYLAFAX_TIMEOUT", "2", TRUE);
  fake = fake_server_new (NULL);
  g_free (address);
  address = g_strdup_printf ("hylafax://faxuser@127.0.0.1:%u", fake->port);
  server = fax_server_connect_with_password (address, "secret", NULL, &error);
  g_unsetenv ("FAX_MANAGER_HYLAFAX_TIMEOUT");
  g_assert_null (server);
  g_assert_error (error, FAX_ERROR, FAX_ERROR_FAILED);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, "did not answer within 2 seconds"));
  g_clear_error (&error);
  fake_server_free (fake);
}

static void
count_notify (GObject    *object,
              GParamSpec *pspec,
              guint      *count)
{
  (*count)++;
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
  guint n, notified = 0;

  if (skip_without_hylafax ())
    return;

  server = connect_as ("faxuser", "secret");
  g_signal_connect (server, "event", G_CALLBACK (record_event), events);
  g_signal_connect (server, "notify::connected", G_CALLBACK (count_notify), &notified);
  wait_for_modem (server);
  g_assert_true (fax_server_get_connected (server));
  jobs = fax_server_get_jobs (server);

  fax_test_hylafax_stop_hfaxd (&hfx);

  {
    EventWait w = { events, FAX_EVENT_FATAL_ERROR };
    g_assert_true (fax_test_spin_until (event_seen, &w, 60));
  }
  g_assert_true (all_ports_unavailable (server));
  g_assert_false (fax_server_get_connected (server));
  g_assert_cmpuint (notified, ==, 1);
  g_assert_false (fax_server_check_connection (server, &error));
  g_assert_error (error, FAX_ERROR, FAX_ERROR_FAILED);
  g_assert_nonnull (strstr (error->message, hfx.address));
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
  fax_test_hylafax_start_hfaxd (&hfx);
  {
    EventWait w = { events, FAX_EVENT_IDLE };
    g_assert_true (fax_test_spin_until (event_seen, &w, 60));
  }
  g_assert_true (fax_server_check_connection (server, NULL));
  g_assert_true (fax_server_get_connected (server));
  g_assert_cmpuint (notified, ==, 2);
  wait_for_modem (server);

  /* It lists again: a job another session queues now shows up */
  {
    g_autoptr(FaxJob) job = NULL;
    FaxServer *other = connect_as ("faxadmin", "adminpw");
    FaxJobOptions options;

    fax_job_options_init (&options);
    options.send_at = g_get_real_time () / G_USEC_PER_SEC + 3600;
    job = fax_server_submit_job (other, documents, "5550888", NULL, 0, &options, &error);
    g_assert_no_error (error);
    wait_for_job (server, fax_job_get_id (job), FAX_JOB_STATE_QUEUED, 60);
    kill_job_async (other, fax_job_get_id (job));
    g_clear_object (&job);
    g_assert_finalize_object (other);
  }

  /* The failed submission left nothing behind */
  n = g_list_model_get_n_items (jobs);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(FaxJob) job = g_list_model_get_item (jobs, i);
      g_assert_cmpstr (fax_job_get_recipient_number (job), !=, "5550777");
    }

  g_signal_handlers_disconnect_by_data (server, events);
  g_signal_handlers_disconnect_by_data (server, &notified);
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

  if (fax_test_hylafax_start (&hfx, hf.end_a))
    g_test_message ("HylaFAX on %s, spool %s, modem %s", hfx.address, hfx.spool, hfx.modem);
  else
    g_test_message ("skipping: %s", hfx.skip);

  g_test_add_func ("/hylafax/login", test_login);
  g_test_add_func ("/hylafax/ports", test_ports);
  g_test_add_func ("/hylafax/jobs", test_jobs);
  g_test_add_func ("/hylafax/send", test_send);
  g_test_add_func ("/hylafax/receive", test_receive);
  g_test_add_func ("/hylafax/faxctl", test_faxctl);
  g_test_add_func ("/hylafax/connection-cut", test_connection_cut);
  g_test_add_func ("/hylafax/download-cut", test_download_cut);
  g_test_add_func ("/hylafax/bad-server", test_bad_server);
  g_test_add_func ("/hylafax/server-stopped", test_server_stopped);

  ret = g_test_run ();

  fax_test_hylafax_stop (&hfx);
  g_assert_finalize_object (hf.local);
  g_free (hf.end_a);
  g_free (hf.end_b);
  return ret;
}
