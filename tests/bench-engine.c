/* bench-engine.c: wire time of our T.30 engine against efax's
 *
 *   FAX_VIRTUAL_LINE=_build/app/fax-virtual-line _build/tests/bench-engine [SPEED]
 *
 * Sends the same five fine-resolution A4 pages twice over the virtual line
 * at the same clock speed-up (default 4): once from our engine to our
 * engine (V.17 down, MMR with ECM allowed) and once from efax to efax (MH,
 * efax has no ECM), and prints the wire seconds (line time, so the
 * speed-up cancels out), the image bytes per page in each coding, and
 * what the image data alone would take at the negotiated rate.
 * Not a test: run it by hand; the figures go in the note.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <stdlib.h>

#include <glib/gstdio.h>
#include <tiffio.h>

#include "fax-backend.h"
#include "fax-call.h"
#include "fax-test-efax.h"
#include "fax-test-fax.h"
#include "fax-test-pages.h"
#include "fax-test-util.h"

#define N_PAGES 5

/* Appends @bitmap as a page of @tif in @compression */
static void
write_page (TIFF          *tif,
            FaxTestBitmap *bitmap,
            guint16        compression,
            guint          page)
{
  TIFFSetField (tif, TIFFTAG_IMAGEWIDTH, bitmap->width);
  TIFFSetField (tif, TIFFTAG_IMAGELENGTH, bitmap->height);
  TIFFSetField (tif, TIFFTAG_BITSPERSAMPLE, 1);
  TIFFSetField (tif, TIFFTAG_SAMPLESPERPIXEL, 1);
  TIFFSetField (tif, TIFFTAG_PHOTOMETRIC, PHOTOMETRIC_MINISWHITE);
  TIFFSetField (tif, TIFFTAG_COMPRESSION, compression);
  if (compression == COMPRESSION_CCITTFAX3)
    TIFFSetField (tif, TIFFTAG_GROUP3OPTIONS, 0);
  TIFFSetField (tif, TIFFTAG_FILLORDER, FILLORDER_LSB2MSB);
  TIFFSetField (tif, TIFFTAG_PLANARCONFIG, PLANARCONFIG_CONTIG);
  TIFFSetField (tif, TIFFTAG_ROWSPERSTRIP, bitmap->height);
  TIFFSetField (tif, TIFFTAG_XRESOLUTION, 204.0);
  TIFFSetField (tif, TIFFTAG_YRESOLUTION, 196.0);
  TIFFSetField (tif, TIFFTAG_RESOLUTIONUNIT, RESUNIT_INCH);
  TIFFSetField (tif, TIFFTAG_SUBFILETYPE, FILETYPE_PAGE);
  TIFFSetField (tif, TIFFTAG_PAGENUMBER, page, N_PAGES);
  for (guint y = 0; y < bitmap->height; y++)
    if (TIFFWriteScanline (tif, bitmap->bits + (gsize)y * bitmap->stride, y, 0) != 1)
      g_error ("cannot write the benchmark page");
  if (!TIFFWriteDirectory (tif))
    g_error ("cannot write the benchmark page");
}

static void
page_sizes (FaxTestBitmap **pages,
            const char     *path,
            guint16         compression,
            guint64        *total)
{
  TIFF *tif = TIFFOpen (path, "w");

  for (guint i = 0; i < N_PAGES; i++)
    write_page (tif, pages[i], compression, i);
  TIFFClose (tif);

  /* What the image data of each page costs on the wire */
  *total = 0;
  tif = TIFFOpen (path, "r");
  do
    {
      guint64 *counts = NULL;

      if (TIFFGetField (tif, TIFFTAG_STRIPBYTECOUNTS, &counts) && counts)
        *total += counts[0];
    }
  while (TIFFReadDirectory (tif));
  TIFFClose (tif);
}

int
main (int    argc,
      char **argv)
{
  double speed = argc > 1 ? g_ascii_strtod (argv[1], NULL) : 4.0;
  FaxTestBitmap *bitmaps[N_PAGES];
  g_autofree char *workdir = NULL;
  g_autofree char *doc = NULL;
  g_autofree char *rx = NULL;
  g_autofree char *mh = NULL;
  g_autoptr(GPtrArray) efax_pages = g_ptr_array_new_with_free_func (g_free);
  guint64 mmr_bytes, mh_bytes;
  double ours_s, efax_s;
  guint ours_rate;

  if (!(speed >= 1 && speed <= 16) || g_find_program_in_path ("efax") == NULL ||
      g_getenv ("FAX_VIRTUAL_LINE") == NULL)
    {
      g_printerr ("usage: FAX_VIRTUAL_LINE=.../fax-virtual-line bench-engine [SPEED 1-16] (needs efax)\n");
      return 2;
    }

  argc = 1;
  fax_test_init (&argc, &argv);
  workdir = g_build_filename (fax_test_get_root (), "bench", NULL);
  g_mkdir_with_parents (workdir, 0700);
  doc = g_build_filename (workdir, "doc.tif", NULL);
  rx = g_build_filename (workdir, "rx.tif", NULL);
  mh = g_build_filename (workdir, "mh.tif", NULL);

  for (guint i = 0; i < N_PAGES; i++)
    {
      g_autofree char *name = g_strdup_printf ("page%u.tif", i + 1);
      char *path = g_build_filename (workdir, name, NULL);

      bitmaps[i] = fax_test_page_new (i + 1);
      fax_test_page_write (bitmaps[i], path);
      g_ptr_array_add (efax_pages, path);
    }
  g_ptr_array_add (efax_pages, NULL);

  page_sizes (bitmaps, doc, COMPRESSION_CCITTFAX4, &mmr_bytes);
  page_sizes (bitmaps, mh, COMPRESSION_CCITTFAX3, &mh_bytes);

  /* Ours to ours */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(FaxVirtualLine) line = g_initable_new (FAX_TYPE_VIRTUAL_LINE, NULL, &error, "speed", speed, NULL);
    g_autoptr(FaxCall) sender = NULL;
    g_autoptr(FaxCall) receiver = NULL;
    int a, b;
    gint64 start;

    g_assert_no_error (error);
    a = fax_test_open_end (line, FAX_VIRTUAL_LINE_END_A);
    b = fax_test_open_end (line, FAX_VIRTUAL_LINE_END_B);
    sender = fax_call_new (a, FAX_CALL_SEND);
    fax_call_set_number (sender, "5550001");
    fax_call_set_tx_file (sender, doc);
    receiver = fax_call_new (b, FAX_CALL_RECEIVE);
    fax_call_set_rx_file (receiver, rx);

    start = g_get_monotonic_time ();
    fax_test_run_calls (sender, receiver, b, 1800);
    ours_s = (g_get_monotonic_time () - start) / 1e6 * speed;
    ours_rate = fax_call_get_bit_rate (sender);
    if (fax_call_get_result (sender) != FAX_CALL_RESULT_OK || fax_call_get_pages (receiver) != N_PAGES)
      {
        g_printerr ("our call failed: %s\n", fax_call_get_status_text (sender));
        return 1;
      }
    g_print ("ours: %u pages, %u bit/s, %s, ECM %s\n", fax_call_get_pages (receiver), ours_rate,
             fax_call_get_compression (sender), fax_call_get_ecm_used (sender) ? "on" : "off");
    close (a);
    close (b);
  }

  /* efax to efax through fax-virtual-line */
  {
    g_auto(FaxTestEfaxRun) run = { 0 };

    fax_test_efax_run (workdir, speed, (const char * const *)efax_pages->pdata, &run);
    if (run.sender_status != 0 || run.received->len != N_PAGES)
      {
        g_printerr ("the efax call failed:\n%s\n", run.sender_log);
        return 1;
      }
    efax_s = run.seconds * speed;
  }

  g_print ("\n%-22s %10s %10s\n", "", "ours", "efax");
  g_print ("%-22s %10.1f %10.1f\n", "wire seconds", ours_s, efax_s);
  g_print ("%-22s %10s %10s\n", "coding", "MMR+ECM", "MH");
  g_print ("%-22s %10.0f %10.0f\n", "image bytes per page", mmr_bytes / (double)N_PAGES, mh_bytes / (double)N_PAGES);
  g_print ("%-22s %10.1f %10.1f\n", "image seconds (14400)", mmr_bytes * 8.0 / ours_rate, mh_bytes * 8.0 / 14400);
  g_print ("\nours / efax wire time: %.2f (target <= 0.60)\n", ours_s / efax_s);
  g_print ("ours: wire %.1f s = image %.1f s + %.1f s of handshakes and set-up\n",
           ours_s, mmr_bytes * 8.0 / ours_rate, ours_s - mmr_bytes * 8.0 / ours_rate);

  for (guint i = 0; i < N_PAGES; i++)
    fax_test_bitmap_free (bitmaps[i]);
  return EXIT_SUCCESS;
}
