/* test-port-model.c: the FaxOpenPort / FaxEnumPorts / FaxGetPort / FaxSetPort contract
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <grp.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include <fax-backend.h>
#include "fax-device-scan.h"

#include "fax-test-util.h"

static FaxServer *
connect_server (void)
{
  g_autoptr(GError) error = NULL;
  FaxServer *server = fax_server_connect (NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (server);
  return server;
}

static guint32
port_id (FaxServer *server,
         guint      i)
{
  g_autofree char *path = fax_test_device_path (i);
  g_autoptr(GError) error = NULL;
  guint32 id = fax_server_lookup_port (server, path, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (id, >, 0);
  return id;
}

static FaxPort *
open_port (FaxServer        *server,
           guint             i,
           FaxPortOpenFlags  flags)
{
  g_autoptr(GError) error = NULL;
  FaxPort *port = fax_server_open_port (server, port_id (server, i), flags, &error);

  g_assert_no_error (error);
  g_assert_nonnull (port);
  return port;
}

static void
test_enum_ports (void)
{
  g_autoptr(FaxServer) server = NULL;
  g_autoptr(GPtrArray) ports = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *missing = g_build_filename (fax_test_get_root (), "devices", "missing", NULL);
  g_autoptr(GHashTable) ids = g_hash_table_new (NULL, NULL);

  fax_test_reset (3, missing);
  server = connect_server ();
  ports = fax_server_enum_ports (server, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ports->len, ==, 4);

  for (guint i = 0; i < ports->len; i++)
    {
      FaxPortInfo *info = g_ptr_array_index (ports, i);
      guint32 id = fax_port_info_get_device_id (info);

      g_assert_false (g_hash_table_contains (ids, GUINT_TO_POINTER (id)));
      g_hash_table_add (ids, GUINT_TO_POINTER (id));
      g_assert_cmpuint (fax_port_info_get_priority (info), ==, i + 1);
      g_assert_nonnull (fax_port_info_get_device_name (info));

      if (i < 3)
        {
          g_autofree char *path = fax_test_device_path (i);
          g_assert_cmpstr (fax_port_info_get_device_path (info), ==, path);
          g_assert_cmpint (fax_port_info_get_state (info), ==, FAX_PORT_STATE_AVAILABLE);
        }
      else
        {
          /* A configured device that is not there is listed, unavailable */
          g_assert_cmpstr (fax_port_info_get_device_path (info), ==, missing);
          g_assert_cmpint (fax_port_info_get_state (info), ==, FAX_PORT_STATE_UNAVAILABLE);
          g_assert_nonnull (fax_port_info_get_status_text (info));
        }
    }

  g_clear_pointer (&ports, g_ptr_array_unref);
  g_assert_finalize_object (g_steal_pointer (&server));
}

static void
test_open_query (void)
{
  g_autoptr(FaxServer) server = NULL;
  g_autoptr(FaxPort) port = NULL;
  g_autoptr(FaxPort) port2 = NULL;
  g_autoptr(FaxPortInfo) info = NULL;
  g_autoptr(GError) error = NULL;

  fax_test_reset (2, NULL);
  server = connect_server ();

  port = open_port (server, 0, FAX_PORT_OPEN_QUERY);
  g_assert_cmpint (fax_port_get_access (port), ==, FAX_PORT_OPEN_QUERY);

  /* Query access is not exclusive */
  port2 = open_port (server, 0, FAX_PORT_OPEN_QUERY);

  info = fax_port_get_info (port, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (fax_port_info_get_device_id (info), ==, fax_port_get_device_id (port));

  g_assert_finalize_object (g_steal_pointer (&info));
  g_assert_finalize_object (g_steal_pointer (&port));
  g_assert_finalize_object (g_steal_pointer (&port2));
  g_assert_finalize_object (g_steal_pointer (&server));
}

static void
test_open_bad_unit (void)
{
  g_autoptr(FaxServer) server = NULL;
  g_autoptr(GPtrArray) ports = NULL;
  g_autoptr(GError) error = NULL;
  FaxPort *port;
  guint32 unknown = 1;

  fax_test_reset (2, NULL);
  server = connect_server ();
  ports = fax_server_enum_ports (server, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < ports->len; i++)
    unknown = MAX (unknown, fax_port_info_get_device_id (g_ptr_array_index (ports, i)) + 1);

  port = fax_server_open_port (server, unknown, FAX_PORT_OPEN_QUERY, &error);
  g_assert_error (error, FAX_ERROR, FAX_ERROR_BAD_UNIT);
  g_assert_null (port);
  g_clear_error (&error);

  port = fax_server_open_port (server, unknown, FAX_PORT_OPEN_MODIFY, &error);
  g_assert_error (error, FAX_ERROR, FAX_ERROR_BAD_UNIT);
  g_assert_null (port);
  g_clear_error (&error);

  g_assert_cmpuint (fax_server_lookup_port (server, "/dev/no-such-fax", &error), ==, 0);
  g_assert_error (error, FAX_ERROR, FAX_ERROR_BAD_UNIT);
  g_clear_error (&error);

  /* Neither query nor modify: invalid */
  port = fax_server_open_port (server, port_id (server, 0), 0, &error);
  g_assert_error (error, FAX_ERROR, FAX_ERROR_INVALID_PARAMETER);
  g_assert_null (port);
}

static void
test_modify_exclusive (void)
{
  g_autoptr(FaxServer) server = NULL;
  g_autoptr(FaxPort) first = NULL;
  g_autoptr(FaxPort) other_port = NULL;
  g_autoptr(FaxPort) query = NULL;
  g_autoptr(FaxPort) again = NULL;
  g_autoptr(GError) error = NULL;
  FaxPort *second;

  fax_test_reset (2, NULL);
  server = connect_server ();

  first = open_port (server, 0, FAX_PORT_OPEN_MODIFY);
  /* Modify access includes query access */
  g_assert_cmpint (fax_port_get_access (first), ==, FAX_PORT_OPEN_QUERY | FAX_PORT_OPEN_MODIFY);

  second = fax_server_open_port (server, port_id (server, 0), FAX_PORT_OPEN_MODIFY, &error);
  g_assert_error (error, FAX_ERROR, FAX_ERROR_INVALID_HANDLE);
  g_assert_null (second);
  g_clear_error (&error);

  second = fax_server_open_port (server, port_id (server, 0), FAX_PORT_OPEN_QUERY | FAX_PORT_OPEN_MODIFY, &error);
  g_assert_error (error, FAX_ERROR, FAX_ERROR_INVALID_HANDLE);
  g_assert_null (second);
  g_clear_error (&error);

  /* Query opens still succeed, and another port is unaffected */
  query = open_port (server, 0, FAX_PORT_OPEN_QUERY);
  other_port = open_port (server, 1, FAX_PORT_OPEN_MODIFY);

  /* Upgrading a query handle obeys the same rule */
  g_assert_false (fax_port_request_modify (query, &error));
  g_assert_error (error, FAX_ERROR, FAX_ERROR_INVALID_HANDLE);
  g_assert_cmpint (fax_port_get_access (query), ==, FAX_PORT_OPEN_QUERY);
  g_clear_error (&error);

  /* Closing the holder frees it */
  fax_port_close (first);
  again = open_port (server, 0, FAX_PORT_OPEN_MODIFY);
  fax_port_close (again);

  /* ...and so does dropping the last reference */
  g_clear_object (&again);
  again = open_port (server, 0, FAX_PORT_OPEN_MODIFY);
  g_assert_finalize_object (g_steal_pointer (&again));

  g_assert_true (fax_port_request_modify (query, &error));
  g_assert_no_error (error);
  g_assert_cmpint (fax_port_get_access (query), ==, FAX_PORT_OPEN_QUERY | FAX_PORT_OPEN_MODIFY);
  second = fax_server_open_port (server, port_id (server, 0), FAX_PORT_OPEN_MODIFY, &error);
  g_assert_error (error, FAX_ERROR, FAX_ERROR_INVALID_HANDLE);
  g_clear_error (&error);

  fax_port_release_modify (query);
  g_assert_cmpint (fax_port_get_access (query), ==, FAX_PORT_OPEN_QUERY);
  again = open_port (server, 0, FAX_PORT_OPEN_MODIFY);
}

static void
test_modify_two_processes (void)
{
  g_autoptr(FaxServer) server = NULL;
  g_autoptr(FaxPort) query = NULL;
  g_autoptr(FaxPort) mine = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *device = NULL;
  g_autofree char *pid_text = NULL;
  FaxPort *port;
  FaxTestHolder holder;
  int status;

  fax_test_reset (2, NULL);
  device = fax_test_device_path (0);
  server = connect_server ();

  holder = fax_test_spawn_port_holder (device);
  pid_text = g_strdup_printf ("PID %d", (int)holder.pid);

  port = fax_server_open_port (server, port_id (server, 0), FAX_PORT_OPEN_MODIFY, &error);
  g_assert_null (port);
  g_assert_error (error, FAX_ERROR, FAX_ERROR_INVALID_HANDLE);
  /* The message names the holder program and its PID */
  g_assert_nonnull (strstr (error->message, "fax-port-holder"));
  g_assert_nonnull (strstr (error->message, pid_text));
  g_clear_error (&error);

  /* Query still works; the other port is free */
  query = open_port (server, 0, FAX_PORT_OPEN_QUERY);
  g_clear_object (&query);
  mine = open_port (server, 1, FAX_PORT_OPEN_MODIFY);
  g_clear_object (&mine);

  /* The holder dies without closing anything: the lock goes with it */
  kill (holder.pid, SIGKILL);
  g_assert_cmpint (waitpid (holder.pid, &status, 0), ==, holder.pid);
  g_spawn_close_pid (holder.pid);
  close (holder.stdin_fd);

  mine = open_port (server, 0, FAX_PORT_OPEN_MODIFY);

  /* And the other way round: while we hold it, the helper is refused */
  {
    g_autofree char *helper = g_test_build_filename (G_TEST_BUILT, "fax-port-holder", NULL);
    const char *argv[] = { helper, device, NULL };
    g_autofree char *err_out = NULL;
    int wait_status;

    g_spawn_sync (NULL, (char **)argv, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                  NULL, &err_out, &wait_status, &error);
    g_assert_no_error (error);
    g_assert_false (g_spawn_check_wait_status (wait_status, NULL));
    g_assert_nonnull (strstr (err_out, "being edited"));
  }
}

static void
test_set_needs_modify (void)
{
  g_autoptr(FaxServer) server = NULL;
  g_autoptr(FaxPort) port = NULL;
  g_autoptr(FaxPortInfo) info = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;

  fax_test_reset (1, NULL);
  server = connect_server ();
  port = open_port (server, 0, FAX_PORT_OPEN_QUERY);

  info = fax_port_get_info (port, &error);
  g_assert_no_error (error);
  fax_port_info_set_rings (info, 7);

  before = fax_test_read_config ();
  g_assert_false (fax_port_set_info (port, info, &error));
  g_assert_error (error, FAX_ERROR, FAX_ERROR_ACCESS_DENIED);
  g_clear_error (&error);
  after = fax_test_read_config ();
  g_assert_cmpstr (before, ==, after);

  g_assert_false (fax_port_set_routing_info (port, FAX_ROUTING_GUID_STORE_IN_FOLDER, "/tmp", &error));
  g_assert_error (error, FAX_ERROR, FAX_ERROR_ACCESS_DENIED);
  g_clear_error (&error);
  g_assert_false (fax_port_enable_routing_method (port, FAX_ROUTING_GUID_STORE_IN_FOLDER, TRUE, &error));
  g_assert_error (error, FAX_ERROR, FAX_ERROR_ACCESS_DENIED);
}

static void
test_access_denied_device_subprocess (void)
{
  g_autoptr(FaxServer) server = NULL;
  g_autoptr(FaxPort) query = NULL;
  g_autoptr(GError) error = NULL;
  FaxPort *port;

  if (geteuid () == 0)
    {
      /* Root may open anything: become nobody, with the test folders open
       * to nobody so that only the device node is out of reach */
      const char *dirs[] = { "", "devices" };
      for (guint i = 0; i < G_N_ELEMENTS (dirs); i++)
        {
          g_autofree char *dir = g_build_filename (fax_test_get_root (), dirs[i], NULL);
          g_chmod (dir, 0777);
        }
      {
        g_autofree char *config = g_build_filename (fax_test_get_root (), "nobody-config", NULL);
        g_autofree char *runtime = g_build_filename (fax_test_get_root (), "nobody-runtime", NULL);
        g_mkdir (config, 0777);
        g_mkdir (runtime, 0777);
        g_chmod (config, 0777);
        g_chmod (runtime, 0777);
        g_setenv ("XDG_CONFIG_HOME", config, TRUE);
        g_setenv ("XDG_RUNTIME_DIR", runtime, TRUE);
      }
      g_assert_cmpint (setgroups (0, NULL), ==, 0);
      g_assert_cmpint (setgid (65534), ==, 0);
      g_assert_cmpint (setuid (65534), ==, 0);
    }

  server = connect_server ();

  /* Query needs no access to the device */
  query = open_port (server, 0, FAX_PORT_OPEN_QUERY);

  port = fax_server_open_port (server, port_id (server, 0), FAX_PORT_OPEN_MODIFY, &error);
  g_assert_null (port);
  g_assert_error (error, FAX_ERROR, FAX_ERROR_ACCESS_DENIED);
  g_assert_nonnull (strstr (error->message, "dialout"));
  g_clear_error (&error);

  /* A device we may use is fine */
  port = open_port (server, 1, FAX_PORT_OPEN_MODIFY);
  g_object_unref (port);
}

static void
test_access_denied_device (void)
{
  g_autofree char *dev0 = NULL;
  g_autofree char *dev1 = NULL;

  fax_test_reset (2, NULL);
  dev0 = fax_test_device_path (0);
  dev1 = fax_test_device_path (1);
  g_assert_cmpint (g_chmod (dev0, geteuid () == 0 ? 0600 : 0000), ==, 0);
  g_assert_cmpint (g_chmod (dev1, 0666), ==, 0);

  g_test_trap_subprocess ("/fax/port/access-denied-device/subprocess", 0, G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_test_trap_assert_passed ();
}

typedef struct
{
  const char *what;
  void (*mutate) (FaxPortInfo *info);
} BadChange;

static void bad_rings (FaxPortInfo *i) { fax_port_info_set_rings (i, 100); }
static void bad_priority_zero (FaxPortInfo *i) { fax_port_info_set_priority (i, 0); }
static void bad_priority_high (FaxPortInfo *i) { fax_port_info_set_priority (i, 4); }
static void bad_tsid_long (FaxPortInfo *i) { fax_port_info_set_tsid (i, "123456789012345678901"); }
static void bad_tsid_utf8 (FaxPortInfo *i) { fax_port_info_set_tsid (i, "Caf\xc3\xa9"); }
static void bad_csid_control (FaxPortInfo *i) { fax_port_info_set_csid (i, "line\nbreak"); }
static void bad_csid_del (FaxPortInfo *i) { fax_port_info_set_csid (i, "del\x7f"); }
static void bad_device_id (FaxPortInfo *i) { fax_port_info_set_device_id (i, fax_port_info_get_device_id (i) + 100); }
static void bad_device_name (FaxPortInfo *i) { fax_port_info_set_device_name (i, "Renamed"); }
static void bad_virtual (FaxPortInfo *i) { fax_port_info_set_flags (i, fax_port_info_get_flags (i) | FAX_PORT_FLAG_VIRTUAL); }
static void bad_flag (FaxPortInfo *i) { fax_port_info_set_flags (i, fax_port_info_get_flags (i) | 64); }

static void
test_set_rules (void)
{
  static const BadChange bad[] = {
    { "rings 100", bad_rings },
    { "priority 0", bad_priority_zero },
    { "priority above the number of ports", bad_priority_high },
    { "TSID of 21 characters", bad_tsid_long },
    { "TSID with non-ASCII", bad_tsid_utf8 },
    { "CSID with a control character", bad_csid_control },
    { "CSID with DEL", bad_csid_del },
    { "DeviceId", bad_device_id },
    { "DeviceName", bad_device_name },
    { "VIRTUAL flag", bad_virtual },
    { "unknown flag", bad_flag },
  };
  g_autoptr(FaxServer) server = NULL;
  g_autoptr(FaxPort) port = NULL;
  g_autoptr(FaxPortInfo) good = NULL;
  g_autoptr(GError) error = NULL;

  fax_test_reset (3, NULL);
  server = connect_server ();
  port = open_port (server, 1, FAX_PORT_OPEN_MODIFY);

  /* A valid change first, so that there is something to lose */
  good = fax_port_get_info (port, &error);
  g_assert_no_error (error);
  fax_port_info_set_rings (good, 99);
  fax_port_info_set_tsid (good, "+1 555 0100 ~!@#$%^&");
  fax_port_info_set_csid (good, "");
  fax_port_info_set_flags (good, FAX_PORT_FLAG_RECEIVE);
  /* State and other informational fields are ignored, not refused */
  fax_port_info_set_state (good, FAX_PORT_STATE_RINGING);
  g_assert_true (fax_port_set_info (port, good, &error));
  g_assert_no_error (error);

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(FaxPortInfo) before = fax_port_get_info (port, &error);
      g_autoptr(FaxPortInfo) info = NULL;
      g_autoptr(FaxPortInfo) after = NULL;
      g_autofree char *config_before = fax_test_read_config ();
      g_autofree char *config_after = NULL;

      g_test_message ("invalid change: %s", bad[i].what);
      g_assert_no_error (error);
      info = fax_port_info_copy (before);
      /* Each bad change comes with a good one, which must not land either */
      fax_port_info_set_rings (info, 3);
      bad[i].mutate (info);

      g_assert_false (fax_port_set_info (port, info, &error));
      g_assert_error (error, FAX_ERROR, FAX_ERROR_INVALID_PARAMETER);
      g_clear_error (&error);

      after = fax_port_get_info (port, &error);
      g_assert_no_error (error);
      g_assert_true (fax_port_info_equal (before, after));
      config_after = fax_test_read_config ();
      g_assert_cmpstr (config_before, ==, config_after);
    }

  {
    g_autoptr(FaxPortInfo) now = fax_port_get_info (port, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (fax_port_info_get_rings (now), ==, 99);
    g_assert_cmpstr (fax_port_info_get_tsid (now), ==, "+1 555 0100 ~!@#$%^&");
    g_assert_cmpint (fax_port_info_get_flags (now), ==, FAX_PORT_FLAG_RECEIVE);
    g_assert_cmpint (fax_port_info_get_state (now), ==, FAX_PORT_STATE_AVAILABLE);
  }

  g_assert_false (fax_port_set_info (port, NULL, &error));
  g_assert_error (error, FAX_ERROR, FAX_ERROR_INVALID_PARAMETER);
}

static guint
priority_of (FaxServer *server,
             guint      i)
{
  g_autoptr(FaxPort) port = open_port (server, i, FAX_PORT_OPEN_QUERY);
  g_autoptr(FaxPortInfo) info = fax_port_get_info (port, NULL);

  return fax_port_info_get_priority (info);
}

static void
set_priority (FaxServer *server,
              guint      i,
              guint      priority)
{
  g_autoptr(FaxPort) port = open_port (server, i, FAX_PORT_OPEN_MODIFY);
  g_autoptr(FaxPortInfo) info = fax_port_get_info (port, NULL);
  g_autoptr(GError) error = NULL;

  fax_port_info_set_priority (info, priority);
  g_assert_true (fax_port_set_info (port, info, &error));
  g_assert_no_error (error);
}

static void
test_priority_unique (void)
{
  g_autoptr(FaxServer) server = NULL;
  g_autoptr(FaxServer) server2 = NULL;

  fax_test_reset (4, NULL);
  server = connect_server ();

  for (guint i = 0; i < 4; i++)
    g_assert_cmpuint (priority_of (server, i), ==, i + 1);

  /* dev3 to the front: the others move down one */
  set_priority (server, 3, 1);
  g_assert_cmpuint (priority_of (server, 3), ==, 1);
  g_assert_cmpuint (priority_of (server, 0), ==, 2);
  g_assert_cmpuint (priority_of (server, 1), ==, 3);
  g_assert_cmpuint (priority_of (server, 2), ==, 4);

  /* dev3 to the back again, from another angle */
  set_priority (server, 0, 4);
  g_assert_cmpuint (priority_of (server, 3), ==, 1);
  g_assert_cmpuint (priority_of (server, 1), ==, 2);
  g_assert_cmpuint (priority_of (server, 2), ==, 3);
  g_assert_cmpuint (priority_of (server, 0), ==, 4);

  /* Another server sees the same order */
  server2 = connect_server ();
  g_assert_cmpuint (priority_of (server2, 3), ==, 1);
  g_assert_cmpuint (priority_of (server2, 1), ==, 2);
  g_assert_cmpuint (priority_of (server2, 2), ==, 3);
  g_assert_cmpuint (priority_of (server2, 0), ==, 4);
}

static void
test_persist_by_identity (void)
{
  g_autoptr(FaxServer) server = NULL;
  g_autoptr(FaxPort) port = NULL;
  g_autoptr(FaxPortInfo) info = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *dev0 = NULL;
  g_autofree char *dev1 = NULL;
  g_autofree char *reversed = NULL;
  g_autofree char *config = NULL;
  struct stat st;
  guint32 old_id;

  fax_test_reset (2, NULL);
  server = connect_server ();
  port = open_port (server, 1, FAX_PORT_OPEN_MODIFY);
  old_id = fax_port_get_device_id (port);
  info = fax_port_get_info (port, &error);
  g_assert_no_error (error);
  fax_port_info_set_rings (info, 4);
  fax_port_info_set_csid (info, "+49 30 1234567");
  fax_port_info_set_tsid (info, "ACME Ltd");
  fax_port_info_set_flags (info, FAX_PORT_FLAG_RECEIVE | FAX_PORT_FLAG_SEND);
  g_assert_true (fax_port_set_info (port, info, &error));
  g_assert_no_error (error);
  g_clear_object (&info);
  g_clear_object (&port);
  g_assert_finalize_object (g_steal_pointer (&server));

  /* Written privately */
  config = fax_test_config_path ();
  g_assert_cmpint (g_stat (config, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);

  /* A new server that finds the devices in another order (and so gives
   * them other DeviceIds) still finds the settings of dev1 */
  dev0 = fax_test_device_path (0);
  dev1 = fax_test_device_path (1);
  reversed = g_strdup_printf ("%s:%s:%s", g_getenv ("FAX_MANAGER_DEVICES"), dev1, dev0);
  g_setenv ("FAX_MANAGER_DEVICES", reversed + strlen (g_getenv ("FAX_MANAGER_DEVICES")) + 1, TRUE);

  server = connect_server ();
  port = open_port (server, 1, FAX_PORT_OPEN_QUERY);
  g_assert_cmpuint (fax_port_get_device_id (port), !=, old_id);
  info = fax_port_get_info (port, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (fax_port_info_get_rings (info), ==, 4);
  g_assert_cmpstr (fax_port_info_get_csid (info), ==, "+49 30 1234567");
  g_assert_cmpstr (fax_port_info_get_tsid (info), ==, "ACME Ltd");
  g_assert_cmpint (fax_port_info_get_flags (info), ==, FAX_PORT_FLAG_RECEIVE | FAX_PORT_FLAG_SEND);
  g_clear_object (&info);
  g_clear_object (&port);

  /* dev0 kept the defaults */
  port = open_port (server, 0, FAX_PORT_OPEN_QUERY);
  info = fax_port_get_info (port, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (fax_port_info_get_rings (info), ==, 2);
  g_assert_cmpstr (fax_port_info_get_csid (info), ==, "");
  g_assert_cmpint (fax_port_info_get_flags (info), ==, FAX_PORT_FLAG_SEND);
}

static const char *
holder_path (void)
{
  static char *path;

  if (path == NULL)
    path = g_test_build_filename (G_TEST_BUILT, "fax-port-holder", NULL);
  return path;
}

static void
test_atomic_write (void)
{
  g_autofree char *config = NULL;
  g_autofree char *dir = NULL;
  guint completed = 0;

  fax_test_reset (2, NULL);
  config = fax_test_config_path ();
  dir = g_path_get_dirname (config);

  /* Writers killed at random moments never leave a broken or empty file */
  for (guint round = 0; round < 30; round++)
    {
      g_autofree char *dev0 = fax_test_device_path (0);
      g_autofree char *dev1 = fax_test_device_path (1);
      g_autoptr(GSubprocess) writer = NULL;
      g_autoptr(GDataInputStream) out = NULL;
      g_autofree char *line = NULL;
      g_autoptr(GError) spawn_error = NULL;

      /* The writer (another program, as a second fax-manager or faxctl
       * would be) reports each save, so that every round kills it at a
       * random moment after it got going, however slow the machine */
      writer = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE, &spawn_error,
                                 holder_path (), "--write-loop", dev0, dev1, NULL);
      g_assert_no_error (spawn_error);
      out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (writer));
      line = g_data_input_stream_read_line (out, NULL, NULL, &spawn_error);
      g_assert_no_error (spawn_error);
      g_assert_cmpstr (line, ==, "saved");
      g_usleep (g_test_rand_int_range (0, 20000));
      g_subprocess_force_exit (writer);
      g_subprocess_wait (writer, NULL, NULL);

      if (g_file_test (config, G_FILE_TEST_EXISTS))
        {
          g_autoptr(GKeyFile) keyfile = g_key_file_new ();
          g_autoptr(GError) error = NULL;
          g_autoptr(FaxServer) server = NULL;
          g_autoptr(FaxPort) port = NULL;
          g_autoptr(FaxPortInfo) info = NULL;

          g_key_file_load_from_file (keyfile, config, 0, &error);
          g_assert_no_error (error);
          completed++;

          server = connect_server ();
          port = open_port (server, 0, FAX_PORT_OPEN_QUERY);
          info = fax_port_get_info (port, &error);
          g_assert_no_error (error);
          g_assert_cmpuint (fax_port_info_get_rings (info), <, 100);
        }
    }

  g_assert_cmpuint (completed, >, 0);

  /* No temporary files left lying around besides the lock */
  {
    g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
    const char *name;
    while ((name = g_dir_read_name (d)))
      g_assert_true (g_str_equal (name, "ports.conf") || g_str_equal (name, "ports.conf.lock") ||
                     g_str_has_prefix (name, "ports.conf."));
  }
}

static void
test_broken_config (void)
{
  g_autofree char *config = NULL;
  g_autofree char *dir = NULL;
  g_autoptr(FaxServer) server = NULL;
  g_autoptr(FaxPort) port = NULL;
  g_autoptr(FaxPortInfo) info = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GDir) d = NULL;
  gboolean kept = FALSE;
  const char *name;

  fax_test_reset (1, NULL);
  config = fax_test_config_path ();
  dir = g_path_get_dirname (config);
  g_mkdir_with_parents (dir, 0700);
  g_file_set_contents (config, "this is [not a key file\n\x01\x02", -1, &error);
  g_assert_no_error (error);

  /* The broken file is kept aside, not lost, and the ports still work */
  g_test_expect_message ("fax-backend", G_LOG_LEVEL_WARNING, "*could not be read*moved to*");
  server = connect_server ();
  g_test_assert_expected_messages ();

  d = g_dir_open (dir, 0, NULL);
  while ((name = g_dir_read_name (d)))
    kept |= g_str_has_prefix (name, "ports.conf.broken-");
  g_assert_true (kept);

  port = open_port (server, 0, FAX_PORT_OPEN_MODIFY);
  info = fax_port_get_info (port, &error);
  g_assert_no_error (error);
  fax_port_info_set_rings (info, 5);
  g_assert_true (fax_port_set_info (port, info, &error));
  g_assert_no_error (error);
}

static void
test_vanish_and_return (void)
{
  g_autoptr(FaxServer) server = NULL;
  g_autoptr(FaxPort) query = NULL;
  g_autoptr(FaxPort) modify = NULL;
  g_autoptr(FaxPort) fresh = NULL;
  g_autoptr(FaxPortInfo) info = NULL;
  g_autoptr(GPtrArray) ports = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *dev0 = NULL;
  guint32 old_id;
  guint changes = 0;

  fax_test_reset (2, NULL);
  dev0 = fax_test_device_path (0);
  server = connect_server ();
  g_signal_connect_swapped (server, "ports-changed", G_CALLBACK (g_atomic_int_inc), &changes);

  query = open_port (server, 0, FAX_PORT_OPEN_QUERY);
  modify = open_port (server, 0, FAX_PORT_OPEN_MODIFY);
  old_id = fax_port_get_device_id (query);
  info = fax_port_get_info (modify, &error);
  fax_port_info_set_csid (info, "12345");
  g_assert_true (fax_port_set_info (modify, info, &error));
  g_assert_no_error (error);
  g_clear_object (&info);
  changes = 0;

  /* Unplugged */
  g_assert_cmpint (g_unlink (dev0), ==, 0);

  ports = fax_server_enum_ports (server, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (changes, >, 0);
  for (guint i = 0; i < ports->len; i++)
    {
      FaxPortInfo *p = g_ptr_array_index (ports, i);
      if (fax_port_info_get_device_id (p) == old_id)
        g_assert_cmpint (fax_port_info_get_state (p), ==, FAX_PORT_STATE_UNAVAILABLE);
    }
  g_clear_pointer (&ports, g_ptr_array_unref);

  info = fax_port_get_info (query, &error);
  g_assert_null (info);
  g_assert_error (error, FAX_ERROR, FAX_ERROR_INVALID_HANDLE);
  g_clear_error (&error);

  info = fax_port_get_info (modify, &error);
  g_assert_error (error, FAX_ERROR, FAX_ERROR_INVALID_HANDLE);
  g_clear_error (&error);

  g_assert_null (fax_server_open_port (server, old_id, FAX_PORT_OPEN_QUERY, &error));
  g_assert_error (error, FAX_ERROR, FAX_ERROR_BAD_UNIT);
  g_clear_error (&error);

  /* Plugged back: a new DeviceId, same settings, old handles stay invalid */
  g_file_set_contents (dev0, "", 0, &error);
  g_assert_no_error (error);

  fresh = open_port (server, 0, FAX_PORT_OPEN_QUERY);
  g_assert_cmpuint (fax_port_get_device_id (fresh), !=, old_id);
  info = fax_port_get_info (fresh, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (fax_port_info_get_csid (info), ==, "12345");
  g_assert_cmpint (fax_port_info_get_state (info), ==, FAX_PORT_STATE_AVAILABLE);
  g_clear_object (&info);

  g_assert_null (fax_port_get_info (query, &error));
  g_assert_error (error, FAX_ERROR, FAX_ERROR_INVALID_HANDLE);
  g_clear_error (&error);
}

static void
test_close (void)
{
  g_autoptr(FaxServer) server = NULL;
  g_autoptr(FaxPort) port = NULL;
  g_autoptr(FaxPortInfo) info = NULL;
  g_autoptr(GError) error = NULL;

  fax_test_reset (1, NULL);
  server = connect_server ();
  port = open_port (server, 0, FAX_PORT_OPEN_MODIFY);

  fax_port_close (port);
  fax_port_close (port);
  g_assert_true (fax_port_is_closed (port));
  g_assert_cmpint (fax_port_get_access (port), ==, 0);

  info = fax_port_get_info (port, &error);
  g_assert_null (info);
  g_assert_error (error, FAX_ERROR, FAX_ERROR_INVALID_HANDLE);
  g_clear_error (&error);

  g_assert_null (fax_port_enum_routing_methods (port, &error));
  g_assert_error (error, FAX_ERROR, FAX_ERROR_INVALID_HANDLE);
  g_clear_error (&error);

  g_assert_false (fax_port_request_modify (port, &error));
  g_assert_error (error, FAX_ERROR, FAX_ERROR_INVALID_HANDLE);
  g_clear_error (&error);

  {
    g_autoptr(FaxPortInfo) blank = fax_port_info_new ();
    g_assert_false (fax_port_set_info (port, blank, &error));
    g_assert_error (error, FAX_ERROR, FAX_ERROR_INVALID_HANDLE);
  }

  g_assert_finalize_object (g_steal_pointer (&port));
  g_assert_finalize_object (g_steal_pointer (&server));
}

static void
test_routing_methods (void)
{
  g_autoptr(FaxServer) server = NULL;
  g_autoptr(FaxPort) port = NULL;
  g_autoptr(FaxPort) other = NULL;
  g_autoptr(GPtrArray) methods = NULL;
  g_autoptr(GError) error = NULL;
  const char *guids[] = { FAX_ROUTING_GUID_STORE_IN_FOLDER, FAX_ROUTING_GUID_PRINT, FAX_ROUTING_GUID_EMAIL };

  fax_test_reset (2, NULL);
  server = connect_server ();
  port = open_port (server, 0, FAX_PORT_OPEN_QUERY);

  methods = fax_port_enum_routing_methods (port, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (methods->len, ==, 3);
  for (guint i = 0; i < 3; i++)
    {
      FaxRoutingMethod *m = g_ptr_array_index (methods, i);
      g_assert_cmpstr (fax_routing_method_get_guid (m), ==, guids[i]);
      g_assert_false (fax_routing_method_get_enabled (m));
      g_assert_null (fax_routing_method_get_routing_info (m));
      g_assert_nonnull (fax_routing_method_get_friendly_name (m));
      g_assert_cmpuint (fax_routing_method_get_device_id (m), ==, fax_port_get_device_id (port));
    }
  g_clear_pointer (&methods, g_ptr_array_unref);

  g_assert_true (fax_port_request_modify (port, &error));
  g_assert_no_error (error);

  /* Configure first, then enable */
  g_assert_false (fax_port_enable_routing_method (port, FAX_ROUTING_GUID_STORE_IN_FOLDER, TRUE, &error));
  g_assert_error (error, FAX_ERROR, FAX_ERROR_INVALID_PARAMETER);
  g_clear_error (&error);

  g_assert_false (fax_port_set_routing_info (port, FAX_ROUTING_GUID_STORE_IN_FOLDER, "relative/dir", &error));
  g_assert_error (error, FAX_ERROR, FAX_ERROR_INVALID_PARAMETER);
  g_clear_error (&error);
  g_assert_false (fax_port_set_routing_info (port, FAX_ROUTING_GUID_EMAIL, "not an address", &error));
  g_assert_error (error, FAX_ERROR, FAX_ERROR_INVALID_PARAMETER);
  g_clear_error (&error);
  g_assert_false (fax_port_set_routing_info (port, "{00000000-0000-0000-0000-000000000000}", "x", &error));
  g_assert_error (error, FAX_ERROR, FAX_ERROR_INVALID_PARAMETER);
  g_clear_error (&error);

  g_assert_true (fax_port_set_routing_info (port, FAX_ROUTING_GUID_STORE_IN_FOLDER, "/srv/faxes", &error));
  g_assert_no_error (error);
  g_assert_true (fax_port_enable_routing_method (port, FAX_ROUTING_GUID_STORE_IN_FOLDER, TRUE, &error));
  g_assert_no_error (error);
  g_assert_true (fax_port_set_routing_info (port, FAX_ROUTING_GUID_EMAIL, "office@example.com", &error));
  g_assert_no_error (error);

  /* Another server, another handle: the settings are there, for this port only */
  {
    g_autoptr(FaxServer) server2 = connect_server ();
    g_autoptr(FaxPort) p0 = open_port (server2, 0, FAX_PORT_OPEN_QUERY);
    g_autoptr(FaxPort) p1 = open_port (server2, 1, FAX_PORT_OPEN_QUERY);
    g_autoptr(GPtrArray) m0 = fax_port_enum_routing_methods (p0, &error);
    g_autoptr(GPtrArray) m1 = fax_port_enum_routing_methods (p1, &error);

    g_assert_true (fax_routing_method_get_enabled (g_ptr_array_index (m0, 0)));
    g_assert_cmpstr (fax_routing_method_get_routing_info (g_ptr_array_index (m0, 0)), ==, "/srv/faxes");
    g_assert_false (fax_routing_method_get_enabled (g_ptr_array_index (m0, 2)));
    g_assert_cmpstr (fax_routing_method_get_routing_info (g_ptr_array_index (m0, 2)), ==, "office@example.com");
    g_assert_false (fax_routing_method_get_enabled (g_ptr_array_index (m1, 0)));
    g_assert_null (fax_routing_method_get_routing_info (g_ptr_array_index (m1, 0)));
  }

  /* Clearing the folder turns the method off */
  g_assert_true (fax_port_set_routing_info (port, FAX_ROUTING_GUID_STORE_IN_FOLDER, NULL, &error));
  g_assert_no_error (error);
  methods = fax_port_enum_routing_methods (port, &error);
  g_assert_false (fax_routing_method_get_enabled (g_ptr_array_index (methods, 0)));
}

static void
test_extra_devices (void)
{
  g_autoptr(FaxServer) server = NULL;
  g_autoptr(FaxServer) server2 = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *extra = g_build_filename (fax_test_get_root (), "devices", "ttyIAX0", NULL);
  g_auto(GStrv) list = NULL;

  fax_test_reset (1, NULL);
  server = connect_server ();

  g_assert_false (fax_server_add_device (server, "relative", &error));
  g_assert_error (error, FAX_ERROR, FAX_ERROR_INVALID_PARAMETER);
  g_clear_error (&error);

  g_assert_true (fax_server_add_device (server, extra, &error));
  g_assert_no_error (error);
  g_assert_true (fax_server_add_device (server, extra, &error));

  list = fax_server_dup_extra_devices (server);
  g_assert_cmpuint (g_strv_length (list), ==, 1);
  g_assert_cmpstr (list[0], ==, extra);

  /* Not there yet: listed as unavailable; a new server sees it too */
  server2 = connect_server ();
  {
    g_autoptr(GPtrArray) ports = fax_server_enum_ports (server2, &error);
    g_assert_cmpuint (ports->len, ==, 2);
    g_assert_cmpint (fax_port_info_get_state (g_ptr_array_index (ports, 1)), ==, FAX_PORT_STATE_UNAVAILABLE);
  }

  g_assert_true (fax_server_remove_device (server2, extra, &error));
  g_assert_no_error (error);
  {
    g_autoptr(GPtrArray) ports = fax_server_enum_ports (server2, &error);
    g_assert_cmpuint (ports->len, ==, 1);
  }
  g_assert_false (fax_server_remove_device (server2, extra, &error));
  g_assert_error (error, FAX_ERROR, FAX_ERROR_BAD_UNIT);
}

static void
count_notify (GObject    *object,
              GParamSpec *pspec,
              guint      *count)
{
  (*count)++;
}

static void
count_items_changed (GListModel *model,
                     guint       position,
                     guint       removed,
                     guint       added,
                     guint      *count)
{
  *count += added;
}

static void
test_ports_model (void)
{
  g_autoptr(FaxServer) server = NULL;
  g_autoptr(FaxPort) port = NULL;
  g_autoptr(FaxPortInfo) item = NULL;
  g_autoptr(FaxPortInfo) info = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *dev0 = NULL;
  g_autofree char *dev2 = NULL;
  g_autofree char *devices = NULL;
  GListModel *model;
  guint rings_notified = 0;
  guint state_notified = 0;
  guint added = 0;

  fax_test_reset (2, NULL);
  dev0 = fax_test_device_path (0);
  server = connect_server ();
  model = fax_server_get_ports (server);
  g_assert_true (g_list_model_get_item_type (model) == FAX_TYPE_PORT_INFO);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 2);

  item = g_list_model_get_item (model, 0);
  g_assert_cmpstr (fax_port_info_get_device_path (item), ==, dev0);
  g_signal_connect (item, "notify::rings", G_CALLBACK (count_notify), &rings_notified);
  g_signal_connect (item, "notify::state", G_CALLBACK (count_notify), &state_notified);
  g_signal_connect (model, "items-changed", G_CALLBACK (count_items_changed), &added);

  /* A saved change updates the same item in place */
  port = open_port (server, 0, FAX_PORT_OPEN_MODIFY);
  info = fax_port_get_info (port, &error);
  g_assert_no_error (error);
  fax_port_info_set_rings (info, 9);
  g_assert_true (fax_port_set_info (port, info, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (rings_notified, ==, 1);
  g_assert_cmpuint (fax_port_info_get_rings (item), ==, 9);
  g_assert_cmpuint (state_notified, ==, 0);

  /* Unplugged: same item, now unavailable */
  g_assert_cmpint (g_unlink (dev0), ==, 0);
  fax_server_refresh (server, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (state_notified, ==, 1);
  g_assert_cmpint (fax_port_info_get_state (item), ==, FAX_PORT_STATE_UNAVAILABLE);
  g_assert_cmpuint (added, ==, 0);

  /* A new device appears as a new item */
  dev2 = fax_test_device_path (2);
  g_file_set_contents (dev2, "", 0, &error);
  devices = g_strdup_printf ("%s:%s", g_getenv ("FAX_MANAGER_DEVICES"), dev2);
  g_setenv ("FAX_MANAGER_DEVICES", devices, TRUE);
  fax_server_refresh (server, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (added, ==, 1);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 3);

  g_signal_handlers_disconnect_by_data (item, &rings_notified);
  g_signal_handlers_disconnect_by_data (item, &state_notified);
  g_signal_handlers_disconnect_by_data (model, &added);
}

/* The udev scan of this machine: real UARTs and USB serial devices in,
 * phantom ttyS*, virtual consoles, ptmx and the like out. Checked against
 * sysfs directly. */
static void
test_udev_scan (void)
{
  g_autoptr(GPtrArray) found = NULL;
  g_autoptr(GHashTable) paths = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GDir) dir = NULL;
  const char *name;

  g_unsetenv ("FAX_MANAGER_NO_UDEV");
  found = _fax_device_scan_udev ();
  g_setenv ("FAX_MANAGER_NO_UDEV", "1", TRUE);
  g_test_message ("udev found %u candidates", found->len);

  for (guint i = 0; i < found->len; i++)
    {
      FaxDeviceCandidate *c = g_ptr_array_index (found, i);
      g_autofree char *base = g_path_get_basename (c->path);
      g_autofree char *type_path = g_build_filename ("/sys/class/tty", base, "type", NULL);
      g_autofree char *type = NULL;

      g_test_message ("udev candidate %s (%s, %s)", c->path, c->name, c->stable_id);
      g_hash_table_add (paths, c->path);
      g_assert_nonnull (c->stable_id);
      g_assert_false (g_str_equal (base, "console") || g_str_equal (base, "ptmx") || g_str_equal (base, "tty"));
      g_assert_false (g_str_has_prefix (base, "tty") && g_ascii_isdigit (base[3]));
      if (g_file_get_contents (type_path, &type, NULL, NULL))
        g_assert_cmpint (atoi (type), !=, 0);
    }

  /* Every serial port with a real UART behind it is found */
  dir = g_dir_open ("/sys/class/tty", 0, NULL);
  while (dir != NULL && (name = g_dir_read_name (dir)))
    {
      g_autofree char *type_path = g_build_filename ("/sys/class/tty", name, "type", NULL);
      g_autofree char *device_link = g_build_filename ("/sys/class/tty", name, "device", NULL);
      g_autofree char *node = g_build_filename ("/dev", name, NULL);
      g_autofree char *type = NULL;

      if (g_str_has_prefix (name, "ttyS") &&
          g_file_test (device_link, G_FILE_TEST_EXISTS) &&
          g_file_test (node, G_FILE_TEST_EXISTS) &&
          g_file_get_contents (type_path, &type, NULL, NULL) && atoi (type) != 0)
        {
          g_test_message ("real UART %s", node);
          g_assert_true (g_hash_table_contains (paths, node));
        }
    }
}

static void
test_connect_remote (void)
{
  g_autoptr(GError) error = NULL;

  g_assert_null (fax_server_connect ("not a server", &error));
  g_assert_error (error, FAX_ERROR, FAX_ERROR_INVALID_PARAMETER);
}

int
main (int    argc,
      char **argv)
{
  fax_test_init (&argc, &argv);

  g_test_add_func ("/fax/port/enum", test_enum_ports);
  g_test_add_func ("/fax/port/open-query", test_open_query);
  g_test_add_func ("/fax/port/open-bad-unit", test_open_bad_unit);
  g_test_add_func ("/fax/port/open-modify-twice", test_modify_exclusive);
  g_test_add_func ("/fax/port/open-modify-two-processes", test_modify_two_processes);
  g_test_add_func ("/fax/port/set-needs-modify", test_set_needs_modify);
  g_test_add_func ("/fax/port/access-denied-device", test_access_denied_device);
  g_test_add_func ("/fax/port/access-denied-device/subprocess", test_access_denied_device_subprocess);
  g_test_add_func ("/fax/port/set-rules", test_set_rules);
  g_test_add_func ("/fax/port/priority-unique", test_priority_unique);
  g_test_add_func ("/fax/port/persist-by-identity", test_persist_by_identity);
  g_test_add_func ("/fax/port/atomic-write", test_atomic_write);
  g_test_add_func ("/fax/port/broken-config", test_broken_config);
  g_test_add_func ("/fax/port/vanish-and-return", test_vanish_and_return);
  g_test_add_func ("/fax/port/close", test_close);
  g_test_add_func ("/fax/port/routing-methods", test_routing_methods);
  g_test_add_func ("/fax/server/extra-devices", test_extra_devices);
  g_test_add_func ("/fax/server/ports-model", test_ports_model);
  g_test_add_func ("/fax/server/udev-scan", test_udev_scan);
  g_test_add_func ("/fax/server/connect-remote", test_connect_remote);

  return g_test_run ();
}
