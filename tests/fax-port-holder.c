/* fax-port-holder.c: test helper that holds modify access to a port
 *
 * Usage: fax-port-holder DEVICE_PATH
 * Opens the port with modify access, prints "held <pid>" and waits until
 * its standard input closes (or it is killed).
 *
 * Usage: fax-port-holder --write-loop DEVICE_PATH DEVICE_PATH
 * Changes the two ports' settings in turn, forever, printing "saved" after
 * each change: a writer for tests to kill at any moment.
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

  if (argc == 4 && g_str_equal (argv[1], "--write-loop"))
    {
      if (!(server = fax_server_connect (NULL, &error)))
        {
          g_printerr ("fax-port-holder: %s\n", error->message);
          return 1;
        }
      for (guint n = 0; ; n++)
        {
          g_autoptr(FaxPort) p = NULL;
          g_autoptr(FaxPortInfo) info = NULL;
          g_autofree char *csid = g_strdup_printf ("%u", n);

          if (!(id = fax_server_lookup_port (server, argv[2 + n % 2], &error)) ||
              !(p = fax_server_open_port (server, id, FAX_PORT_OPEN_MODIFY, &error)) ||
              !(info = fax_port_get_info (p, &error)))
            {
              g_printerr ("fax-port-holder: %s\n", error->message);
              return 1;
            }
          fax_port_info_set_rings (info, n % 100);
          fax_port_info_set_csid (info, csid);
          fax_port_info_set_priority (info, 1 + n % 2);
          if (!fax_port_set_info (p, info, &error))
            {
              g_printerr ("fax-port-holder: %s\n", error->message);
              return 1;
            }
          printf ("saved\n");
          fflush (stdout);
        }
    }

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
