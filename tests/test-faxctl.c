/* test-faxctl.c: the faxctl command line, run as a program
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <json-glib/json-glib.h>

#include "fax-test-util.h"

typedef struct
{
  int   status;
  char *out;
  char *err;
} Run;

static void
run_clear (Run *run)
{
  g_clear_pointer (&run->out, g_free);
  g_clear_pointer (&run->err, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Run, run_clear)

static void
faxctl (Run *run,
        ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  const char *arg;
  va_list args;
  int wait_status;

  g_ptr_array_add (argv, (char *)g_getenv ("FAXCTL"));
  va_start (args, run);
  while ((arg = va_arg (args, const char *)))
    g_ptr_array_add (argv, (char *)arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);

  g_spawn_sync (NULL, (char **)argv->pdata, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                &run->out, &run->err, &wait_status, &error);
  g_assert_no_error (error);
  g_assert_true (WIFEXITED (wait_status));
  run->status = WEXITSTATUS (wait_status);
}

static JsonNode *
parse (const char *text)
{
  g_autoptr(GError) error = NULL;
  JsonNode *node = json_from_string (text, &error);

  g_assert_no_error (error);
  g_assert_nonnull (node);
  return node;
}

static void
test_ports_json (void)
{
  g_auto(Run) run = { 0 };
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *dev1 = NULL;
  JsonArray *ports;
  JsonObject *port;

  fax_test_reset (2, NULL);
  dev1 = fax_test_device_path (1);

  faxctl (&run, "ports", "--json", NULL);
  g_assert_cmpint (run.status, ==, 0);
  root = parse (run.out);
  ports = json_node_get_array (root);
  g_assert_cmpuint (json_array_get_length (ports), ==, 2);

  port = json_array_get_object_element (ports, 1);
  g_assert_cmpstr (json_object_get_string_member (port, "device_path"), ==, dev1);
  g_assert_cmpstr (json_object_get_string_member (port, "state"), ==, "available");
  g_assert_cmpint (json_object_get_int_member (port, "priority"), ==, 2);
  g_assert_cmpint (json_object_get_int_member (port, "rings"), ==, 2);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (port, "flags")), ==, 1);
  g_assert_cmpstr (json_array_get_string_element (json_object_get_array_member (port, "flags"), 0), ==, "send");
  g_assert_true (json_object_has_member (port, "tsid"));
  g_assert_true (json_object_has_member (port, "csid"));
  g_assert_true (json_object_has_member (port, "device_name"));

  /* The plain listing names the device too */
  run_clear (&run);
  faxctl (&run, "ports", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, dev1));
}

static void
test_set_and_show (void)
{
  g_auto(Run) run = { 0 };
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *dev0 = NULL;
  JsonObject *port;
  JsonArray *flags;

  fax_test_reset (2, NULL);
  dev0 = fax_test_device_path (0);

  faxctl (&run, "port", "set", dev0, "rings=6", "csid=+1 555 0199", "tsid=Front desk",
          "receive=on", "send=off", "priority=2", NULL);
  g_assert_cmpint (run.status, ==, 0);
  run_clear (&run);

  faxctl (&run, "port", "show", dev0, "--json", NULL);
  g_assert_cmpint (run.status, ==, 0);
  root = parse (run.out);
  port = json_node_get_object (root);
  g_assert_cmpint (json_object_get_int_member (port, "rings"), ==, 6);
  g_assert_cmpint (json_object_get_int_member (port, "priority"), ==, 2);
  g_assert_cmpstr (json_object_get_string_member (port, "csid"), ==, "+1 555 0199");
  g_assert_cmpstr (json_object_get_string_member (port, "tsid"), ==, "Front desk");
  flags = json_object_get_array_member (port, "flags");
  g_assert_cmpuint (json_array_get_length (flags), ==, 1);
  g_assert_cmpstr (json_array_get_string_element (flags, 0), ==, "receive");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (port, "routing_methods")), ==, 3);

  /* By DeviceId as well, in the human format */
  run_clear (&run);
  {
    g_autofree char *id = g_strdup_printf ("%" G_GINT64_FORMAT, json_object_get_int_member (port, "device_id"));
    faxctl (&run, "port", "show", id, NULL);
  }
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "+1 555 0199"));
}

static void
test_failures (void)
{
  g_auto(Run) run = { 0 };
  g_autofree char *dev0 = NULL;

  fax_test_reset (1, NULL);
  dev0 = fax_test_device_path (0);

  /* Failed operations: exit 1 with the reason */
  faxctl (&run, "port", "set", dev0, "rings=100", NULL);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_nonnull (strstr (run.err, "Rings"));
  run_clear (&run);

  faxctl (&run, "port", "set", dev0, "csid=123456789012345678901", NULL);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_nonnull (strstr (run.err, "20 characters"));
  run_clear (&run);

  faxctl (&run, "port", "show", "/dev/no-such-modem", NULL);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_nonnull (strstr (run.err, "no fax port"));
  run_clear (&run);

  /* Nothing of the failed changes landed */
  faxctl (&run, "port", "show", dev0, "--json", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "\"rings\" : 2"));
  run_clear (&run);

  /* Usage errors: exit 2 */
  faxctl (&run, NULL);
  g_assert_cmpint (run.status, ==, 2);
  run_clear (&run);
  faxctl (&run, "frobnicate", NULL);
  g_assert_cmpint (run.status, ==, 2);
  run_clear (&run);
  faxctl (&run, "port", "set", dev0, "rings=many", NULL);
  g_assert_cmpint (run.status, ==, 2);
  run_clear (&run);
  faxctl (&run, "port", "set", dev0, "colour=blue", NULL);
  g_assert_cmpint (run.status, ==, 2);
  run_clear (&run);
  faxctl (&run, "port", "set", dev0, "receive=maybe", NULL);
  g_assert_cmpint (run.status, ==, 2);
  run_clear (&run);
  faxctl (&run, "ports", "--bogus", NULL);
  g_assert_cmpint (run.status, ==, 2);
  run_clear (&run);

  faxctl (&run, "--help", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "ports"));
}

static void
test_modify_conflict (void)
{
  g_auto(Run) run = { 0 };
  g_autofree char *dev0 = NULL;
  g_autofree char *helper = g_test_build_filename (G_TEST_BUILT, "fax-port-holder", NULL);
  g_autoptr(GError) error = NULL;
  GPid pid;
  int in_fd, out_fd;
  char buf[64] = { 0 };
  const char *argv[3];

  fax_test_reset (1, NULL);
  dev0 = fax_test_device_path (0);
  argv[0] = helper;
  argv[1] = dev0;
  argv[2] = NULL;

  g_spawn_async_with_pipes (NULL, (char **)argv, NULL, G_SPAWN_DO_NOT_REAP_CHILD,
                            NULL, NULL, &pid, &in_fd, &out_fd, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (read (out_fd, buf, sizeof buf - 1), >, 0);
  g_assert_true (g_str_has_prefix (buf, "held"));

  faxctl (&run, "port", "set", dev0, "rings=3", NULL);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_nonnull (strstr (run.err, "fax-port-holder"));
  run_clear (&run);

  /* Showing needs only query access */
  faxctl (&run, "port", "show", dev0, NULL);
  g_assert_cmpint (run.status, ==, 0);
  run_clear (&run);

  close (in_fd);
  waitpid (pid, NULL, 0);
  g_spawn_close_pid (pid);
  close (out_fd);

  faxctl (&run, "port", "set", dev0, "rings=3", NULL);
  g_assert_cmpint (run.status, ==, 0);
}

int
main (int    argc,
      char **argv)
{
  fax_test_init (&argc, &argv);

  g_test_add_func ("/faxctl/ports-json", test_ports_json);
  g_test_add_func ("/faxctl/set-and-show", test_set_and_show);
  g_test_add_func ("/faxctl/failures", test_failures);
  g_test_add_func ("/faxctl/modify-conflict", test_modify_conflict);

  return g_test_run ();
}
