/* fax-test-hylafax.c: a real HylaFAX server for tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gio/gio.h>
#include <glib/gstdio.h>

#include "fax-test-hylafax.h"
#include "fax-test-util.h"

#define MAX_KILL_ON_ABORT 16

static GPid *kill_on_abort[MAX_KILL_ON_ABORT];

/* A failed assertion aborts, a fatal warning traps, meson's timeout
 * terminates: take the servers down with the test, or they outlive it */
static void
kill_servers (void)
{
  for (guint i = 0; i < MAX_KILL_ON_ABORT; i++)
    if (kill_on_abort[i] != NULL && *kill_on_abort[i] > 0)
      kill (*kill_on_abort[i], SIGKILL);
}

void
fax_test_kill_on_abort (GPid *pid)
{
  for (guint i = 0; i < MAX_KILL_ON_ABORT; i++)
    {
      if (kill_on_abort[i] == pid)
        return;
      if (kill_on_abort[i] == NULL)
        {
          kill_on_abort[i] = pid;
          fax_test_add_fatal_hook (kill_servers);
          return;
        }
    }
  g_error ("more than %d processes to kill on abort", MAX_KILL_ON_ABORT);
}

static void
forget_on_abort (GPid *pid)
{
  for (guint i = 0; i < MAX_KILL_ON_ABORT; i++)
    if (kill_on_abort[i] == pid)
      kill_on_abort[i] = NULL;
}

guint16
fax_test_free_port (void)
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

gboolean
fax_test_hylafax_start (FaxTestHylafax *hf,
                        const char     *modem_device)
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
  memset (hf, 0, sizeof *hf);
  /* faxq and hfaxd run as uucp: the way to the spool must be open */
  g_chmod (parent, 0755);
  hf->spool = g_build_filename (parent, "spool", NULL);

  /* HylaFAX names a modem by its path with "/" as "_" and maps it back
   * for the lock file: /dev/pts/7 does not survive that, a link does */
  hf->modem = g_build_filename (parent, "ttyHF0", NULL);
  g_assert_cmpint (symlink (modem_device, hf->modem), ==, 0);
  hf->port = fax_test_free_port ();
  port = g_strdup_printf ("%u", hf->port);
  hf->address = g_strdup_printf ("127.0.0.1:%u", hf->port);

  {
    const char *argv[] = { "bash", script, hf->spool, port, hf->modem, NULL };
    if (!g_spawn_sync (NULL, (char **)argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL,
                       &out, &err, &status, &error))
      {
        hf->skip = g_strdup_printf ("cannot run %s: %s", script, error->message);
        return FALSE;
      }
  }

  if (WIFEXITED (status) && WEXITSTATUS (status) == 77)
    {
      hf->skip = g_strstrip (g_strdup (err));
      return FALSE;
    }
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  words = g_strsplit (g_strstrip (out), " ", -1);
  g_assert_cmpstr (words[0], ==, "PIDS");
  g_assert_cmpuint (g_strv_length (words), ==, 4);
  hf->faxq = atoi (words[1]);
  hf->hfaxd = atoi (words[2]);
  hf->faxgetty = atoi (words[3]);
  fax_test_kill_on_abort (&hf->faxq);
  fax_test_kill_on_abort (&hf->hfaxd);
  fax_test_kill_on_abort (&hf->faxgetty);
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

void
fax_test_hylafax_stop_hfaxd (FaxTestHylafax *hf)
{
  g_assert_cmpint (hf->hfaxd, >, 0);
  kill_with_children (hf->hfaxd);
  waitpid (hf->hfaxd, NULL, 0);
  hf->hfaxd = 0;
}

void
fax_test_hylafax_start_hfaxd (FaxTestHylafax *hf)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *port = g_strdup_printf ("%u", hf->port);
  const char *argv[] = { "/usr/sbin/hfaxd", "-q", hf->spool, "-d", "-l", "127.0.0.1", "-i", port, NULL };

  g_spawn_async (NULL, (char **)argv, NULL, G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_STDERR_TO_DEV_NULL,
                 NULL, NULL, &hf->hfaxd, &error);
  g_assert_no_error (error);
}

void
fax_test_hylafax_stop (FaxTestHylafax *hf)
{
  if (hf->hfaxd > 0)
    kill_with_children (hf->hfaxd);
  if (hf->faxgetty > 0)
    kill (hf->faxgetty, SIGTERM);
  if (hf->faxq > 0)
    kill (hf->faxq, SIGTERM);
  forget_on_abort (&hf->faxq);
  forget_on_abort (&hf->hfaxd);
  forget_on_abort (&hf->faxgetty);
  if (hf->spool != NULL)
    {
      g_autofree char *parent = g_path_get_dirname (hf->spool);
      const char *argv[] = { "rm", "-rf", parent, NULL };

      g_usleep (G_USEC_PER_SEC / 2);
      g_spawn_sync (NULL, (char **)argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL, NULL, NULL);
    }
  g_free (hf->skip);
  g_free (hf->spool);
  g_free (hf->address);
  g_free (hf->modem);
  memset (hf, 0, sizeof *hf);
}
