/* bench-probe.c: how long identifying many ports takes
 *
 * Run by hand: bench-probe [N] (default 16). Starts N scripted modems that
 * answer and N that stay silent (fax-fake-modem from the build directory),
 * identifies all 2N ports with one fax_server_identify_ports_async () and
 * prints the time next to the probe timeout: identification runs for all
 * ports at once, so the total should be about one timeout (the silent
 * ones), not N of them.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include <fax-backend.h>

static const char *answering =
  "ATE0Q0V1 => echo:off OK\n"
  "AT+FMI? => \"Bench Modems\" OK\n"
  "AT+FMM? => \"B-1\" OK\n"
  "AT+FMR? => \"1.0\" OK\n"
  "AT+FCLASS=? => \"0,1,1.0\" OK\n"
  "AT+FTM=? => \"24,48,72,96,145,146\" OK\n"
  "AT+FRM=? => \"24,48,72,96,145,146\" OK\n"
  "* => OK\n";

static GPid
start_modem (const char *helper,
             const char *dir,
             guint       i,
             const char *script,
             int        *in_fd,
             char      **link)
{
  g_autofree char *script_path = g_strdup_printf ("%s/script-%u", dir, i);
  g_autoptr(GError) error = NULL;
  GPid pid;
  int out_fd;
  char c;

  *link = g_strdup_printf ("%s/tty%u", dir, i);
  g_file_set_contents (script_path, script, -1, NULL);
  {
    const char *argv[] = { helper, script_path, *link, NULL };
    if (!g_spawn_async_with_pipes (NULL, (char **)argv, NULL, G_SPAWN_DO_NOT_REAP_CHILD, NULL, NULL,
                                   &pid, in_fd, &out_fd, NULL, &error))
      g_error ("%s", error->message);
  }
  while (read (out_fd, &c, 1) == 1 && c != '\n')
    ;
  close (out_fd);
  return pid;
}

static void
done_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  *(GAsyncResult **)user_data = g_object_ref (result);
}

int
main (int    argc,
      char **argv)
{
  guint n = argc > 1 ? (guint)g_ascii_strtoull (argv[1], NULL, 10) : 16;
  g_autofree char *dir = g_dir_make_tmp ("fax-bench-XXXXXX", NULL);
  g_autofree char *self_dir = g_path_get_dirname (argv[0]);
  g_autofree char *helper = g_build_filename (self_dir, "fax-fake-modem", NULL);
  g_autoptr(GString) devices = g_string_new (NULL);
  g_autoptr(GArray) pids = g_array_new (FALSE, FALSE, sizeof (GPid));
  g_autoptr(GArray) fds = g_array_new (FALSE, FALSE, sizeof (int));
  g_autoptr(FaxServer) server = NULL;
  g_autoptr(GError) error = NULL;
  GAsyncResult *result = NULL;
  guint timeout_ms = 3000;
  guint answered = 0, silent = 0;
  gint64 start;
  double elapsed;

  if (n == 0 || n > 64)
    n = 16;

  g_setenv ("XDG_CONFIG_HOME", dir, TRUE);
  g_setenv ("XDG_RUNTIME_DIR", dir, TRUE);
  g_setenv ("FAX_MANAGER_LOCK_DIR", dir, TRUE);
  g_setenv ("FAX_MANAGER_NO_UDEV", "1", TRUE);
  g_setenv ("FAX_MANAGER_PROBE_TIMEOUT", "3000", TRUE);

  for (guint i = 0; i < 2 * n; i++)
    {
      g_autofree char *link = NULL;
      int in_fd;
      GPid pid = start_modem (helper, dir, i, i % 2 ? "* => silent\n" : answering, &in_fd, &link);

      g_array_append_val (pids, pid);
      g_array_append_val (fds, in_fd);
      if (devices->len)
        g_string_append_c (devices, ':');
      g_string_append (devices, link);
    }
  g_setenv ("FAX_MANAGER_DEVICES", devices->str, TRUE);

  server = fax_server_connect (NULL, &error);
  if (server == NULL)
    g_error ("%s", error->message);

  start = g_get_monotonic_time ();
  fax_server_identify_ports_async (server, 0, NULL, done_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  elapsed = (g_get_monotonic_time () - start) / 1e6;
  if (!fax_server_identify_ports_finish (server, result, &error))
    g_error ("%s", error->message);
  g_object_unref (result);

  for (guint i = 0; i < g_list_model_get_n_items (fax_server_get_ports (server)); i++)
    {
      g_autoptr(FaxPortInfo) info = g_list_model_get_item (fax_server_get_ports (server), i);
      if (fax_port_info_get_state (info) == FAX_PORT_STATE_AVAILABLE)
        answered++;
      else
        silent++;
    }

  printf ("ports: %u (%u answering, %u silent)\n", 2 * n, answered, silent);
  printf ("probe timeout: %.1f s\n", timeout_ms / 1000.0);
  printf ("identification of all ports: %.2f s (%.2f probe timeouts)\n",
          elapsed, elapsed / (timeout_ms / 1000.0));

  g_clear_object (&server);
  for (guint i = 0; i < pids->len; i++)
    {
      close (g_array_index (fds, int, i));
      waitpid (g_array_index (pids, GPid, i), NULL, 0);
    }
  for (guint i = 0; i < 2 * n; i++)
    {
      g_autofree char *script = g_strdup_printf ("%s/script-%u", dir, i);
      g_autofree char *log = g_strdup_printf ("%s/script-%u.log", dir, i);
      g_unlink (script);
      g_unlink (log);
    }
  {
    g_autofree char *conf = g_build_filename (dir, "fax-manager", "ports.conf", NULL);
    g_autofree char *conf_dir = g_build_filename (dir, "fax-manager", NULL);
    g_unlink (conf);
    g_rmdir (conf_dir);
  }
  g_rmdir (dir);
  return 0;
}
