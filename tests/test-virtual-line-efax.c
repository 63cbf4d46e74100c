/* test-virtual-line-efax.c: a real fax through the virtual line
 *
 * No code of ours on either end: Debian's efax sends two pages from end A
 * of fax-virtual-line and another efax receives them on end B. The pages
 * that arrive must decode to the very bitmaps that were sent, below the
 * header band efax adds at the top of each page.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <glib/gstdio.h>

#include "fax-test-efax.h"
#include "fax-test-pages.h"
#include "fax-test-util.h"

/* efax copes with a clock 4 times faster than real time on any page */
#define SPEED 4.0

#define HEADER_ROWS 32

static void
test_two_pages (void)
{
  g_autofree char *efax = g_find_program_in_path ("efax");
  g_autofree char *workdir = g_build_filename (fax_test_get_root (), "efax", NULL);
  g_autofree char *page1 = g_build_filename (workdir, "page1.tif", NULL);
  g_autofree char *page2 = g_build_filename (workdir, "page2.tif", NULL);
  g_autoptr(FaxTestBitmap) sent1 = fax_test_page_new (1);
  g_autoptr(FaxTestBitmap) sent2 = fax_test_page_new (2);
  const char *pages[] = { page1, page2, NULL };
  FaxTestBitmap *sent[] = { sent1, sent2 };
  g_auto(FaxTestEfaxRun) run = { 0 };

  if (efax == NULL)
    {
      g_test_skip ("efax is not installed (apt-get install efax; tests/bootstrap.sh test does)");
      return;
    }

  g_assert_cmpint (g_mkdir_with_parents (workdir, 0700), ==, 0);
  fax_test_page_write (sent1, page1);
  fax_test_page_write (sent2, page2);

  /* The two pages differ, so a page cannot match the other one */
  g_assert_cmpint (fax_test_page_find_offset (sent1, sent2, 0, 0, 0), ==, -1);

  fax_test_efax_run (workdir, SPEED, pages, &run);

  g_test_message ("line log:\n%s", run.line_log);
  g_test_message ("sender log:\n%s", run.sender_log);
  g_test_message ("receiver log:\n%s", run.receiver_log);
  g_test_message ("2 pages in %.1f s at x%g (%.1f s per page)", run.seconds, SPEED, run.seconds / 2);

  g_assert_cmpint (run.sender_status, ==, 0);
  g_assert_cmpint (run.receiver_status, ==, 0);
  g_assert_cmpint (run.line_status, ==, 0);
  /* efax's receiver exits 0 even when nothing came: the files decide */
  g_assert_cmpuint (run.received->len, ==, 2);

  for (guint i = 0; i < 2; i++)
    {
      g_autoptr(FaxTestBitmap) received = fax_test_page_read (g_ptr_array_index (run.received, i));
      int offset;

      g_assert_cmpuint (received->width, ==, FAX_TEST_PAGE_WIDTH);
      /* efax adds a band of about 0.1" at the top and writes its header
       * there, in a font that reaches a few rows into the page: compare
       * from row 32 of the page (the test pages start lower) */
      offset = fax_test_page_find_offset (sent[i], received, HEADER_ROWS, 64, 1);
      g_test_message ("page %u: %u rows received, header band %d rows", i + 1, received->height, offset);
      g_assert_cmpint (offset, >=, 0);
      g_assert_cmpuint (received->height, >=, offset + FAX_TEST_PAGE_HEIGHT - 1);
      /* and it is not the other page */
      g_assert_cmpint (fax_test_page_find_offset (sent[1 - i], received, HEADER_ROWS, 64, 1), ==, -1);
    }
}

int
main (int    argc,
      char **argv)
{
  fax_test_init (&argc, &argv);

  g_test_add_func ("/fax/virtual-line/efax/two-pages", test_two_pages);

  return g_test_run ();
}
