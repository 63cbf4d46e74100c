/* fax-test-util.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <termios.h>
#include <unistd.h>
#include <signal.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>

#include <glib/gstdio.h>
#include <gio/gio.h>

#include "fax-test-util.h"

static char *test_root;

static void
remove_tree (const char *path)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFileEnumerator) enumerator = NULL;
  GFileInfo *info;
  GFile *child;

  enumerator = g_file_enumerate_children (file, G_FILE_ATTRIBUTE_STANDARD_NAME, G_FILE_QUERY_INFO_NOFOLLOW_SYMLINKS, NULL, NULL);
  while (enumerator && g_file_enumerator_iterate (enumerator, &info, &child, NULL, NULL) && info)
    {
      if (g_file_info_get_file_type (info) == G_FILE_TYPE_DIRECTORY)
        {
          g_autofree char *p = g_file_get_path (child);
          remove_tree (p);
        }
      else
        g_file_delete (child, NULL, NULL);
    }
  g_file_delete (file, NULL, NULL);
}

static void
cleanup_root (void)
{
  if (test_root != NULL && g_getenv ("FAX_TEST_KEEP") == NULL)
    remove_tree (test_root);
}

/* ------------------------------------------------- the flight recorder
 *
 * Every log message of the test program, debug ones too (printed or not),
 * goes into a ring of the last RECENT_LINES. A failed assertion (SIGABRT),
 * a fatal warning (SIGTRAP), a crash, or meson's timeout (SIGTERM) prints
 * the test that was running and that ring before the program dies, so that
 * a failure far away (CI) says what the backend was doing. */

#define RECENT_LINES 300

static GMutex recent_lock;
static char *recent[RECENT_LINES];
static guint recent_next;
static FaxTestFatalHook fatal_hooks[8];
static volatile sig_atomic_t in_fatal;

static GLogWriterOutput
recorder_writer (GLogLevelFlags   log_level,
                 const GLogField *fields,
                 gsize            n_fields,
                 gpointer         user_data)
{
  const char *domain = NULL;
  const char *message = NULL;

  for (gsize i = 0; i < n_fields; i++)
    {
      if (g_str_equal (fields[i].key, "GLIB_DOMAIN"))
        domain = fields[i].value;
      else if (g_str_equal (fields[i].key, "MESSAGE"))
        message = fields[i].value;
    }

  if (message != NULL && !in_fatal)
    {
      char *line = g_strdup_printf ("%.3f %s: %s", g_get_monotonic_time () / 1e6,
                                    domain ? domain : "-", message);

      g_mutex_lock (&recent_lock);
      g_free (recent[recent_next]);
      recent[recent_next] = line;
      recent_next = (recent_next + 1) % RECENT_LINES;
      g_mutex_unlock (&recent_lock);
    }

  return g_log_writer_default (log_level, fields, n_fields, user_data);
}

static void
write_stderr (const char *text)
{
  gsize len = strlen (text);

  while (len > 0)
    {
      ssize_t n = write (STDERR_FILENO, text, len);
      if (n <= 0)
        return;
      text += n;
      len -= n;
    }
}

static void
fatal_signal_handler (int signum)
{
  if (!in_fatal)
    {
      const char *path = g_test_get_path ();

      in_fatal = TRUE;
      for (guint i = 0; i < G_N_ELEMENTS (fatal_hooks); i++)
        if (fatal_hooks[i] != NULL)
          fatal_hooks[i] ();

      /* The lock may be held by the thread that was interrupted: the ring
       * is read as it is, which is good enough for a dying test */
      write_stderr ("\n# ---- ");
      write_stderr (g_strsignal (signum));
      write_stderr (" in ");
      write_stderr (path != NULL && path[0] ? path : "(no test case)");
      write_stderr ("; the last log messages (debug ones too), oldest first:\n");
      for (guint i = 0; i < RECENT_LINES; i++)
        {
          const char *line = recent[(recent_next + i) % RECENT_LINES];
          if (line != NULL)
            {
              write_stderr ("# | ");
              write_stderr (line);
              write_stderr ("\n");
            }
        }
      write_stderr ("# ---- end of the last log messages (");
      write_stderr (g_strsignal (signum));
      write_stderr (" in ");
      write_stderr (path != NULL && path[0] ? path : "(no test case)");
      write_stderr (")\n");
    }

  signal (signum, SIG_DFL);
  raise (signum);
}

void
fax_test_add_fatal_hook (FaxTestFatalHook hook)
{
  for (guint i = 0; i < G_N_ELEMENTS (fatal_hooks); i++)
    {
      if (fatal_hooks[i] == hook)
        return;
      if (fatal_hooks[i] == NULL)
        {
          fatal_hooks[i] = hook;
          return;
        }
    }
  g_error ("too many fatal hooks");
}

static void
install_recorder (void)
{
  static const int signals[] = { SIGABRT, SIGTRAP, SIGTERM, SIGINT, SIGSEGV, SIGBUS, SIGFPE, SIGILL };
  struct rlimit no_core = { 0, 0 };

  /* A failing test writes no core: where the core pattern hands it to a
   * program that is slow or absent, the dying test would hang instead */
  setrlimit (RLIMIT_CORE, &no_core);

  g_log_set_writer_func (recorder_writer, NULL, NULL);
  for (guint i = 0; i < G_N_ELEMENTS (signals); i++)
    signal (signals[i], fatal_signal_handler);
}

static gboolean
wake_up_cb (gpointer user_data)
{
  return G_SOURCE_CONTINUE;
}

void
fax_test_init (int    *argc,
               char ***argv)
{
  static const char *subdirs[] = { "config", "data", "cache", "runtime", "devices", "lock" };
  g_autoptr(GError) error = NULL;

  g_test_init (argc, argv, NULL);
  install_recorder ();

  /* Waits in the tests iterate the main context until a condition or
   * their deadline: this tick wakes them when nothing else happens, so a
   * lost event fails at the deadline, naming the wait, not at meson's
   * timeout with no word of where */
  g_timeout_add (250, wake_up_cb, NULL);

  /* A g_test_trap_subprocess () child works in its parent's root */
  if (g_test_subprocess () && g_getenv ("FAX_TEST_ROOT") != NULL)
    {
      test_root = g_strdup (g_getenv ("FAX_TEST_ROOT"));
      return;
    }

  test_root = g_dir_make_tmp ("fax-test-XXXXXX", &error);
  g_assert_no_error (error);
  g_setenv ("FAX_TEST_ROOT", test_root, TRUE);

  for (guint i = 0; i < G_N_ELEMENTS (subdirs); i++)
    {
      g_autofree char *dir = g_build_filename (test_root, subdirs[i], NULL);
      g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
    }

  {
    g_autofree char *config = g_build_filename (test_root, "config", NULL);
    g_autofree char *data = g_build_filename (test_root, "data", NULL);
    g_autofree char *cache = g_build_filename (test_root, "cache", NULL);
    g_autofree char *runtime = g_build_filename (test_root, "runtime", NULL);

    g_setenv ("XDG_CONFIG_HOME", config, TRUE);
    g_setenv ("XDG_DATA_HOME", data, TRUE);
    g_setenv ("XDG_CACHE_HOME", cache, TRUE);
    g_setenv ("XDG_RUNTIME_DIR", runtime, TRUE);
  }
  /* UUCP lock files of the devices the test opens, not /var/lock */
  {
    g_autofree char *lock = g_build_filename (test_root, "lock", NULL);
    g_setenv ("FAX_MANAGER_LOCK_DIR", lock, TRUE);
  }
  g_setenv ("FAX_MANAGER_NO_UDEV", "1", TRUE);
  g_unsetenv ("FAX_MANAGER_DEVICES");

  atexit (cleanup_root);
}

const char *
fax_test_get_root (void)
{
  return test_root;
}

char *
fax_test_device_path (guint i)
{
  g_autofree char *name = g_strdup_printf ("dev%u", i);
  return g_build_filename (test_root, "devices", name, NULL);
}

char *
fax_test_config_path (void)
{
  return g_build_filename (g_get_user_config_dir (), "fax-manager", "ports.conf", NULL);
}

void
fax_test_reset (guint       n,
                const char *extra)
{
  g_autofree char *config = fax_test_config_path ();
  g_autofree char *devices = g_build_filename (test_root, "devices", NULL);
  g_autoptr(GString) list = g_string_new (NULL);
  g_autoptr(GError) error = NULL;

  g_unlink (config);
  remove_tree (devices);
  g_assert_cmpint (g_mkdir_with_parents (devices, 0700), ==, 0);

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *path = fax_test_device_path (i);
      g_file_set_contents (path, "", 0, &error);
      g_assert_no_error (error);
      if (list->len)
        g_string_append_c (list, ':');
      g_string_append (list, path);
    }

  if (extra != NULL)
    {
      if (list->len)
        g_string_append_c (list, ':');
      g_string_append (list, extra);
    }

  g_setenv ("FAX_MANAGER_DEVICES", list->str, TRUE);
}

int
fax_test_wait_child (GPid pid)
{
  gint64 deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;
  int status = 0;

  for (;;)
    {
      pid_t got = waitpid (pid, &status, WNOHANG);

      if (got == pid)
        return status;
      if (got < 0 && errno != EINTR)
        g_error ("waitpid (%d): %s", (int)pid, g_strerror (errno));
      if (g_get_monotonic_time () > deadline)
        {
          kill (pid, SIGKILL);
          waitpid (pid, &status, 0);
          g_error ("child process %d did not end within 60 s; killed", (int)pid);
        }
      g_usleep (20000);
    }
}

static guint fake_count;

FaxTestFakeModem *
fax_test_fake_modem_start (const char *script)
{
  FaxTestFakeModem *fm = g_new0 (FaxTestFakeModem, 1);
  g_autofree char *script_path = g_strdup_printf ("%s/fake-%u.script", fax_test_get_root (), fake_count);
  g_autofree char *helper = g_test_build_filename (G_TEST_BUILT, "fax-fake-modem", NULL);
  g_autoptr(GError) error = NULL;
  char buf[256];
  gsize len = 0;
  int out_fd;

  fm->log = g_strconcat (script_path, ".log", NULL);
  fm->link = g_strdup_printf ("%s/ttyFAKE%u", fax_test_get_root (), fake_count++);
  g_assert_true (g_file_set_contents (script_path, script, -1, NULL));

  {
    const char *argv[] = { helper, script_path, fm->link, NULL };
    g_spawn_async_with_pipes (NULL, (char **)argv, NULL, G_SPAWN_DO_NOT_REAP_CHILD, NULL, NULL,
                              &fm->pid, &fm->in_fd, &out_fd, NULL, &error);
    g_assert_no_error (error);
  }

  /* The helper prints its device once the link exists */
  while (len < sizeof buf - 1)
    {
      struct pollfd pfd = { out_fd, POLLIN, 0 };
      ssize_t n;

      g_assert_cmpint (poll (&pfd, 1, 30000), ==, 1);
      n = read (out_fd, buf + len, 1);
      g_assert_cmpint (n, ==, 1);
      if (buf[len] == '\n')
        break;
      len++;
    }
  buf[len] = '\0';
  close (out_fd);
  fm->device = g_strdup (buf);
  return fm;
}

void
fax_test_fake_modem_stop (FaxTestFakeModem *fm)
{
  if (fm->in_fd >= 0)
    close (fm->in_fd);
  fm->in_fd = -1;
  fax_test_wait_child (fm->pid);
  g_spawn_close_pid (fm->pid);
  g_free (fm->link);
  g_free (fm->device);
  g_free (fm->log);
  g_free (fm);
}

int
fax_test_fake_modem_open (FaxTestFakeModem *fm)
{
  int fd = open (fm->link, O_RDWR | O_NOCTTY | O_NONBLOCK | O_CLOEXEC);
  struct termios tio;

  g_assert_cmpint (fd, >=, 0);
  g_assert_cmpint (tcgetattr (fd, &tio), ==, 0);
  cfmakeraw (&tio);
  g_assert_cmpint (tcsetattr (fd, TCSANOW, &tio), ==, 0);
  return fd;
}

char *
fax_test_read_config (void)
{
  g_autofree char *path = fax_test_config_path ();
  char *contents = NULL;

  if (!g_file_get_contents (path, &contents, NULL, NULL))
    return g_strdup ("");
  return contents;
}

FaxTestHolder
fax_test_spawn_port_holder (const char *device)
{
  g_autofree char *helper = g_test_build_filename (G_TEST_BUILT, "fax-port-holder", NULL);
  const char *argv[] = { helper, device, NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(GIOChannel) out = NULL;
  g_autofree char *line = NULL;
  FaxTestHolder holder;
  int stdout_fd;

  g_spawn_async_with_pipes (NULL, (char **)argv, NULL, G_SPAWN_DO_NOT_REAP_CHILD,
                            NULL, NULL, &holder.pid, &holder.stdin_fd, &stdout_fd, NULL, &error);
  g_assert_no_error (error);

  out = g_io_channel_unix_new (stdout_fd);
  g_io_channel_set_close_on_unref (out, TRUE);
  g_io_channel_read_line (out, &line, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (line);
  g_assert_true (g_str_has_prefix (line, "held "));

  return holder;
}
