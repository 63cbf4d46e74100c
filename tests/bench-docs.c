/* bench-docs.c: figures for the document converter and the page renderer
 *
 *   _build/tests/bench-docs [N_PAGES]
 *
 * Converts an N-page (default 30) PDF made with cairo at fine resolution
 * with one and two workers, and with Ghostscript (tiffg3, 204x196, one
 * rendering thread) when gs is installed; then times the first page of a
 * 20-page fine fax painted at window size against a bare libtiff decode.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <stdlib.h>
#include <sys/resource.h>

#include <cairo-pdf.h>
#include <glib/gstdio.h>

#include <fax-backend.h>

#include "fax-test-docs.h"

static char *
make_busy_pdf (const char *dir,
               guint       n_pages)
{
  char *path = g_build_filename (dir, "bench.pdf", NULL);
  cairo_surface_t *surface = cairo_pdf_surface_create (path, 595.28, 841.89);
  cairo_t *cr = cairo_create (surface);

  for (guint p = 0; p < n_pages; p++)
    {
      cairo_set_source_rgb (cr, 0, 0, 0);
      cairo_select_font_face (cr, "Serif", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_NORMAL);
      cairo_set_font_size (cr, 10);
      for (guint line = 0; line < 60; line++)
        {
          g_autofree char *text = g_strdup_printf ("Page %u line %u: the quick brown fox jumps over the lazy dog, 0123456789 times.", p + 1, line + 1);

          cairo_move_to (cr, 56, 60 + line * 12);
          cairo_show_text (cr, text);
        }
      /* A grey photo-like patch and some line art */
      {
        cairo_pattern_t *ramp = cairo_pattern_create_linear (56, 0, 540, 0);

        cairo_pattern_add_color_stop_rgb (ramp, 0, 1, 1, 1);
        cairo_pattern_add_color_stop_rgb (ramp, 1, 0, 0, 0);
        cairo_set_source (cr, ramp);
        cairo_rectangle (cr, 56, 800 - 60, 484, 40);
        cairo_fill (cr);
        cairo_pattern_destroy (ramp);
      }
      cairo_show_page (cr);
    }
  cairo_destroy (cr);
  cairo_surface_destroy (surface);
  return path;
}

#define ROUNDS 5

static double
convert_once (const char *pdf,
              const char *out,
              guint       workers)
{
  g_autoptr(FaxDocument) document = fax_document_new ();
  g_autoptr(GFile) in = g_file_new_for_path (pdf);
  g_autoptr(GFile) output = g_file_new_for_path (out);
  g_autoptr(GError) error = NULL;
  gint64 start;
  guint n;

  fax_document_add_file (document, in);
  fax_document_set_resolution (document, FAX_RESOLUTION_FINE);
  fax_document_set_compression (document, FAX_COMPRESSION_G3_1D);
  fax_document_set_n_workers (document, workers);
  start = g_get_monotonic_time ();
  n = fax_document_convert (document, output, NULL, NULL, NULL, &error);
  if (n == 0)
    g_error ("conversion failed: %s", error->message);
  return n / ((g_get_monotonic_time () - start) / 1e6);
}

static double
gs_once (const char *pdf,
         const char *out)
{
  g_autofree char *gs = g_find_program_in_path ("gs");
  g_autofree char *out_arg = g_strconcat ("-sOutputFile=", out, NULL);
  g_autoptr(GError) error = NULL;
  const char *argv[] = { gs, "-q", "-dNOPAUSE", "-dBATCH", "-dSAFER", "-sDEVICE=tiffg3",
                         "-r204x196", "-dNumRenderingThreads=1", out_arg, pdf, NULL };
  int status = 0;
  gint64 start;

  if (gs == NULL)
    return 0;
  start = g_get_monotonic_time ();
  g_spawn_sync (NULL, (char **)argv, NULL, G_SPAWN_STDOUT_TO_DEV_NULL, NULL, NULL, NULL, NULL, &status, &error);
  g_assert_no_error (error);
  return (g_get_monotonic_time () - start) / 1e6;
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *)a, y = *(const double *)b;

  return (x > y) - (x < y);
}

static double
median (double *v,
        guint   n)
{
  qsort (v, n, sizeof (double), compare_doubles);
  return v[n / 2];
}

int
main (int    argc,
      char **argv)
{
  guint n_pages = argc > 1 ? (guint)atoi (argv[1]) : 30;
  g_autofree char *dir = g_dir_make_tmp ("bench-docs-XXXXXX", NULL);
  g_autofree char *pdf = make_busy_pdf (dir, n_pages);
  g_autofree char *pdf20 = NULL;
  g_autofree char *out = g_build_filename (dir, "out.tif", NULL);
  g_autofree char *out_gs = g_build_filename (dir, "gs.tif", NULL);
  g_autofree char *fax20 = g_build_filename (dir, "fax20.tif", NULL);
  double ours1 = 0, ours2 = 0, gs_rate = 0;
  double scaling[ROUNDS], against_gs[ROUNDS];
  double first[9], bare[9], paint_ratio[9];
  struct rusage usage;

  /* This machine's speed drifts from minute to minute: each round runs
   * the three one after the other, and the ratios are taken within a round
   * (their median over the rounds) */
  for (guint i = 0; i < ROUNDS; i++)
    {
      double r1 = convert_once (pdf, out, 1);
      double r2 = convert_once (pdf, out, 2);
      double gs_secs = gs_once (pdf, out_gs);

      ours1 = MAX (ours1, r1);
      ours2 = MAX (ours2, r2);
      scaling[i] = r2 / r1;
      if (gs_secs > 0)
        {
          gs_rate = MAX (gs_rate, n_pages / gs_secs);
          against_gs[i] = r1 / (n_pages / gs_secs);
        }
    }
  g_print ("Converting a %u-page PDF at fine resolution (204x196, G3), best of %u rounds:\n",
           n_pages, ROUNDS);
  g_print ("  fax-manager, 1 worker:  %6.1f pages/s\n", ours1);
  g_print ("  fax-manager, 2 workers: %6.1f pages/s (%.2fx; median within a round %.2fx)\n",
           ours2, ours2 / ours1, median (scaling, ROUNDS));
  if (gs_rate > 0)
    g_print ("  gs -sDEVICE=tiffg3 -r204x196, 1 thread: %6.1f pages/s "
             "(ours on 1 worker / gs, median within a round: %.2fx)\n",
             gs_rate, median (against_gs, ROUNDS));
  else
    g_print ("  gs not installed: no comparison\n");

  /* The first page of a 20-page fine fax at window size (fit 800 x 1000) */
  pdf20 = g_build_filename (dir, "twenty.pdf", NULL);
  g_rename (make_busy_pdf (dir, 20), pdf20);
  convert_once (pdf20, fax20, 1);
  for (guint i = 0; i < G_N_ELEMENTS (first); i++)
    {
      g_autoptr(GFile) file = g_file_new_for_path (fax20);
      g_autoptr(FaxPageRenderer) renderer = fax_page_renderer_new (file);
      g_autoptr(GError) error = NULL;
      cairo_surface_t *surface;
      gint64 start = g_get_monotonic_time ();
      TIFF *tif;
      g_autofree guint8 *row = NULL;

      if (!fax_page_renderer_load (renderer, NULL, &error))
        g_error ("%s", error->message);
      surface = fax_page_renderer_render_thumbnail (renderer, 0, 800, 1000, NULL, &error);
      if (surface == NULL)
        g_error ("%s", error->message);
      first[i] = (g_get_monotonic_time () - start) / 1000.0;
      cairo_surface_destroy (surface);


      start = g_get_monotonic_time ();
      tif = TIFFOpen (fax20, "r");
      row = g_malloc (TIFFScanlineSize (tif));
      for (guint32 y = 0; y < 2292; y++)
        TIFFReadScanline (tif, row, y, 0);
      TIFFClose (tif);
      bare[i] = (g_get_monotonic_time () - start) / 1000.0;
      paint_ratio[i] = first[i] / bare[i];
    }
  g_print ("First page of a 20-page fine fax painted at 800x1000: %.1f ms (median of %u)\n",
           median (first, G_N_ELEMENTS (first)), (guint)G_N_ELEMENTS (first));
  g_print ("Bare libtiff decode of that page: %.1f ms (ratio %.1fx; median of the pairs %.1fx)\n",
           median (bare, G_N_ELEMENTS (bare)),
           median (first, G_N_ELEMENTS (first)) / median (bare, G_N_ELEMENTS (bare)),
           median (paint_ratio, G_N_ELEMENTS (paint_ratio)));

  getrusage (RUSAGE_SELF, &usage);
  g_print ("Peak memory (max RSS): %.1f MiB\n", usage.ru_maxrss / 1024.0);

  {
    g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
    const char *name;

    while ((name = g_dir_read_name (d)) != NULL)
      {
        g_autofree char *path = g_build_filename (dir, name, NULL);

        g_unlink (path);
      }
    g_rmdir (dir);
  }
  return 0;
}
