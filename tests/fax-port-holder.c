/* fax-port-holder.c: test helper that holds modify access to a port
 *
 * Usage: fax-port-holder DEVICE_PATH
 * Opens the port with modify access, prints "held <pid>" and waits until
 * its standard input closes (or it is killed).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <stdio.h>
#include <unistd.h>

#include <fax-backend.h>

int
main (int    argc,
      char **argv)
{
  g_autoptr(FaxServer) server = NULL;
  g_autoptr(FaxPort) port = NULL;
  g_autoptr(GError) error = NULL;
  guint32 id;
  char c;

  g_set_prgname ("fax-port-holder");

  if (argc != 2)
    {
      g_printerr ("usage: fax-port-holder DEVICE_PATH\n");
      return 2;
    }

  if (!(server = fax_server_connect (NULL, &error)) ||
      !(id = fax_server_lookup_port (server, argv[1], &error)) ||
      !(port = fax_server_open_port (server, id, FAX_PORT_OPEN_MODIFY, &error)))
    {
      g_printerr ("fax-port-holder: %s\n", error->message);
      return 1;
    }

  printf ("held %d\n", (int)getpid ());
  fflush (stdout);

  while (read (STDIN_FILENO, &c, 1) > 0)
    ;

  return 0;
}
