/* bench-virtual-line.c: seconds per fax page through the virtual line
 *
 *   FAX_VIRTUAL_LINE=_build/app/fax-virtual-line _build/tests/bench-virtual-line [SPEED...]
 *
 * Sends two fine-resolution A4 pages from efax to efax through
 * fax-virtual-line at each speed-up factor given (default: 1 and 4) and
 * prints the time per page. Not a test: run it by hand.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <stdlib.h>

#include <glib/gstdio.h>

#include "fax-test-efax.h"
#include "fax-test-pages.h"
#include "fax-test-util.h"

int
main (int    argc,
      char **argv)
{
  g_autoptr(GArray) speeds = g_array_new (FALSE, FALSE, sizeof (double));
  g_autofree char *efax = NULL;

  for (int i = 1; i < argc; i++)
    {
      double speed = g_ascii_strtod (argv[i], NULL);

      if (!(speed >= 0.1 && speed <= 100))
        {
          g_printerr ("usage: bench-virtual-line [SPEED...] (each 0.1-100)\n");
          return 2;
        }
      g_array_append_val (speeds, speed);
    }
  if (speeds->len == 0)
    {
      double defaults[] = { 1.0, 4.0 };
      g_array_append_vals (speeds, defaults, G_N_ELEMENTS (defaults));
    }

  efax = g_find_program_in_path ("efax");
  if (efax == NULL || g_getenv ("FAX_VIRTUAL_LINE") == NULL)
    {
      g_printerr ("bench-virtual-line needs efax on PATH and FAX_VIRTUAL_LINE set to the fax-virtual-line program\n");
      return 1;
    }

  /* The test environment: private directories, no udev */
  argc = 1;
  fax_test_init (&argc, &argv);

  g_print ("%-8s %-6s %-10s %-8s %-14s %s\n", "speed", "pages", "seconds", "s/page", "line CPU (s)", "result");
  for (guint i = 0; i < speeds->len; i++)
    {
      double speed = g_array_index (speeds, double, i);
      g_autofree char *name = g_strdup_printf ("bench-%u", i);
      g_autofree char *workdir = g_build_filename (fax_test_get_root (), name, NULL);
      g_autofree char *page1 = g_build_filename (workdir, "page1.tif", NULL);
      g_autofree char *page2 = g_build_filename (workdir, "page2.tif", NULL);
      g_autoptr(FaxTestBitmap) sent1 = fax_test_page_new (1);
      g_autoptr(FaxTestBitmap) sent2 = fax_test_page_new (2);
      const char *pages[] = { page1, page2, NULL };
      g_auto(FaxTestEfaxRun) run = { 0 };
      gboolean ok;

      g_mkdir_with_parents (workdir, 0700);
      fax_test_page_write (sent1, page1);
      fax_test_page_write (sent2, page2);

      fax_test_efax_run (workdir, speed, pages, &run);
      ok = run.sender_status == 0 && run.received->len == 2;

      g_print ("x%-7g %-6u %-10.1f %-8.1f %-14.1f %s\n", speed, 2, run.seconds, run.seconds / 2,
               run.line_cpu_seconds, ok ? "ok" : "FAILED");
      if (!ok)
        g_printerr ("%s\n%s\n", run.sender_log, run.receiver_log);
    }

  return EXIT_SUCCESS;
}
