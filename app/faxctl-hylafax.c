/* faxctl-hylafax.c: faxctl --server hylafax://[user@]host[:port]
 *
 * The password comes from $FAX_MANAGER_PASSWORD or, when the server asks
 * for one and faxctl runs on a terminal, from a prompt without echo;
 * never from the command line, where other users could read it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include <glib/gi18n.h>

#include "faxctl.h"

static char *
read_password (const char *address)
{
  struct termios old, quiet;
  char buffer[256];
  gboolean restore = FALSE;
  char *ret = NULL;
  FILE *tty = fopen ("/dev/tty", "r+e");

  if (tty == NULL)
    return NULL;

  fprintf (tty, _("Password for %s: "), address);
  fflush (tty);
  if (tcgetattr (fileno (tty), &old) == 0)
    {
      quiet = old;
      quiet.c_lflag &= ~ECHO;
      restore = tcsetattr (fileno (tty), TCSAFLUSH, &quiet) == 0;
    }
  if (fgets (buffer, sizeof buffer, tty) != NULL)
    {
      buffer[strcspn (buffer, "\r\n")] = '\0';
      ret = g_strdup (buffer);
    }
  if (restore)
    tcsetattr (fileno (tty), TCSAFLUSH, &old);
  fputc ('\n', tty);
  fclose (tty);
  memset (buffer, 0, sizeof buffer);
  return ret;
}

FaxServer *
faxctl_connect (const char  *address,
                GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *password = NULL;
  const char *env = g_getenv ("FAX_MANAGER_PASSWORD");
  FaxServer *server;

  if (address == NULL || env != NULL || !isatty (STDIN_FILENO))
    return fax_server_connect_with_password (address, env, NULL, error);

  /* On a terminal: ask only when the server wants a password */
  server = fax_server_connect_with_password (address, NULL, NULL, &local_error);
  if (server != NULL || !g_error_matches (local_error, FAX_ERROR, FAX_ERROR_ACCESS_DENIED))
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return server;
    }

  password = read_password (address);
  if (password == NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }
  server = fax_server_connect_with_password (address, password, NULL, error);
  memset (password, 0, strlen (password));
  return server;
}
