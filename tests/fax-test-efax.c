/* fax-test-efax.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <signal.h>
#include <string.h>
#include <unistd.h>

#include <gio/gio.h>

#include "fax-test-efax.h"

#define LIMIT_START_S   120
#define LIMIT_SEND_S    900
#define LIMIT_FINISH_S  120

void
fax_test_efax_run_clear (FaxTestEfaxRun *run)
{
  g_clear_pointer (&run->received, g_ptr_array_unref);
  g_clear_pointer (&run->line_log, g_free);
  g_clear_pointer (&run->sender_log, g_free);
  g_clear_pointer (&run->receiver_log, g_free);
}

static void
wait_done_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  gboolean *done = user_data;

  g_subprocess_wait_finish (G_SUBPROCESS (object), result, NULL);
  *done = TRUE;
}

static gboolean
set_flag_cb (gpointer user_data)
{
  gboolean *flag = user_data;

  *flag = TRUE;
  return G_SOURCE_REMOVE;
}

/* Waits for @process to exit, at most @limit_s seconds; then kills it */
static int
wait_process (GSubprocess *process,
              guint        limit_s,
              const char  *what)
{
  gboolean done = FALSE;
  gboolean timed_out = FALSE;
  guint timeout_id;

  g_subprocess_wait_async (process, NULL, wait_done_cb, &done);
  timeout_id = g_timeout_add_seconds (limit_s, set_flag_cb, &timed_out);
  while (!done && !timed_out)
    g_main_context_iteration (NULL, TRUE);

  if (!done)
    {
      g_test_message ("%s did not finish within %u s; killing it", what, limit_s);
      g_subprocess_force_exit (process);
      while (!done)
        g_main_context_iteration (NULL, TRUE);
      return -1;
    }

  g_source_remove (timeout_id);
  if (!g_subprocess_get_if_exited (process))
    return -1;
  return g_subprocess_get_exit_status (process);
}

/* User + system CPU time of a running process, from /proc */
static double
cpu_seconds (GSubprocess *process)
{
  g_autofree char *path = g_strdup_printf ("/proc/%s/stat", g_subprocess_get_identifier (process));
  g_autofree char *stat = NULL;
  g_auto(GStrv) fields = NULL;
  const char *after_name;

  if (!g_file_get_contents (path, &stat, NULL, NULL) ||
      (after_name = strrchr (stat, ')')) == NULL)
    return -1;

  /* Fields after the name: state is field 3; utime and stime are 14, 15 */
  fields = g_strsplit (after_name + 2, " ", -1);
  if (g_strv_length (fields) < 13)
    return -1;
  return (g_ascii_strtod (fields[11], NULL) + g_ascii_strtod (fields[12], NULL)) / sysconf (_SC_CLK_TCK);
}

static GSubprocess *
spawn_logged (const char * const  *argv,
              const char          *log_path)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDERR_MERGE);
  g_autoptr(GError) error = NULL;
  GSubprocess *process;

  g_subprocess_launcher_set_stdout_file_path (launcher, log_path);
  process = g_subprocess_launcher_spawnv (launcher, argv, &error);
  g_assert_no_error (error);
  return process;
}

static char *
read_file (const char *path)
{
  char *contents = NULL;

  if (!g_file_get_contents (path, &contents, NULL, NULL))
    return g_strdup ("");
  return contents;
}

void
fax_test_efax_run (const char          *workdir,
                   double               speed,
                   const char * const  *pages,
                   FaxTestEfaxRun      *run)
{
  g_autofree char *link_a = g_build_filename (workdir, "lineA", NULL);
  g_autofree char *link_b = g_build_filename (workdir, "lineB", NULL);
  g_autofree char *line_log = g_build_filename (workdir, "line.log", NULL);
  g_autofree char *sender_log = g_build_filename (workdir, "send.log", NULL);
  g_autofree char *receiver_log = g_build_filename (workdir, "receive.log", NULL);
  g_autofree char *prefix = g_build_filename (workdir, "received", NULL);
  g_autofree char *speed_text = g_strdup_printf ("%g", speed);
  g_autoptr(GSubprocessLauncher) line_launcher = NULL;
  g_autoptr(GSubprocess) line = NULL;
  g_autoptr(GSubprocess) receiver = NULL;
  g_autoptr(GSubprocess) sender = NULL;
  g_autoptr(GDataInputStream) line_out = NULL;
  g_autoptr(GPtrArray) send_argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *ready = NULL;
  gint64 start;
  guint timeout_id;

  g_assert_nonnull (g_getenv ("FAX_VIRTUAL_LINE"));
  /* efax reads the prefix as a strftime () format */
  g_assert_null (strchr (prefix, '%'));
  memset (run, 0, sizeof *run);

  /* The line, with its log in a file */
  {
    const char *argv[] = { g_getenv ("FAX_VIRTUAL_LINE"), "-v", "--speed", speed_text, link_a, link_b, NULL };

    line_launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
    g_subprocess_launcher_set_stderr_file_path (line_launcher, line_log);
    line = g_subprocess_launcher_spawnv (line_launcher, argv, &error);
    g_assert_no_error (error);
    line_out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (line));
    ready = g_data_input_stream_read_line (line_out, NULL, NULL, &error);
    g_assert_no_error (error);
    g_assert_true (g_str_has_prefix (ready, "ready "));
  }

  /* The receiver answers on the first ring; it is ready once it waits */
  {
    const char *argv[] = { "efax", "-d", link_b, "-o1", "-iZ", "-iS0=1", "-w", "-kZ", "-r", prefix, NULL };
    g_autofree char *log = NULL;
    gboolean timed_out = FALSE;

    receiver = spawn_logged (argv, receiver_log);
    timeout_id = g_timeout_add_seconds (LIMIT_START_S, set_flag_cb, &timed_out);
    while (!timed_out)
      {
        g_free (log);
        log = read_file (receiver_log);
        if (strstr (log, "waiting for activity") != NULL)
          break;
        g_usleep (50 * 1000);
        g_main_context_iteration (NULL, FALSE);
      }
    if (!timed_out)
      g_source_remove (timeout_id);
    else
      g_test_message ("the receiving efax did not start waiting for calls; its log:\n%s", log);
    g_assert_false (timed_out);
  }

  g_ptr_array_add (send_argv, (char *)"efax");
  g_ptr_array_add (send_argv, (char *)"-d");
  g_ptr_array_add (send_argv, link_a);
  g_ptr_array_add (send_argv, (char *)"-o1");
  g_ptr_array_add (send_argv, (char *)"-t");
  g_ptr_array_add (send_argv, (char *)"5550123");
  for (guint i = 0; pages[i]; i++)
    g_ptr_array_add (send_argv, (char *)pages[i]);
  g_ptr_array_add (send_argv, NULL);

  start = g_get_monotonic_time ();
  sender = spawn_logged ((const char * const *)send_argv->pdata, sender_log);
  run->sender_status = wait_process (sender, LIMIT_SEND_S, "the sending efax");
  run->seconds = (g_get_monotonic_time () - start) / (double)G_USEC_PER_SEC;
  run->receiver_status = wait_process (receiver, LIMIT_FINISH_S, "the receiving efax");

  run->line_cpu_seconds = cpu_seconds (line);
  g_subprocess_send_signal (line, SIGTERM);
  run->line_status = wait_process (line, LIMIT_FINISH_S, "fax-virtual-line");

  run->received = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 1; i < 1000; i++)
    {
      char *path = g_strdup_printf ("%s.%03u", prefix, i);

      if (!g_file_test (path, G_FILE_TEST_EXISTS))
        {
          g_free (path);
          break;
        }
      g_ptr_array_add (run->received, path);
    }

  run->line_log = read_file (line_log);
  run->sender_log = read_file (sender_log);
  run->receiver_log = read_file (receiver_log);
}
