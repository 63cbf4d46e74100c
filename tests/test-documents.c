/* test-documents.c: FaxDocument, PDFs, images, TIFFs and text into TIFF-F
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include <glib/gstdio.h>

#include <fax-backend.h>

#include "fax-test-docs.h"
#include "fax-test-util.h"

static const double a4[] = { 595.28, 841.89 };

static char *
make_dir (const char *name)
{
  char *dir = g_build_filename (fax_test_get_root (), name, NULL);

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  return dir;
}

/* Converts @files (NULL-terminated) to @out; returns the page count */
static guint
convert (FaxDocument        *document,
         const char * const *files,
         const char         *out,
         GError            **error)
{
  g_autoptr(GFile) output = g_file_new_for_path (out);
  guint n;

  fax_document_clear_files (document);
  for (guint i = 0; files[i] != NULL; i++)
    {
      g_autoptr(GFile) file = g_file_new_for_path (files[i]);

      fax_document_add_file (document, file);
    }
  n = fax_document_convert (document, output, NULL, NULL, NULL, error);
  if (n == 0 && error != NULL && *error != NULL)
    g_test_message ("conversion failed: %s", (*error)->message);
  return n;
}

static void
test_pdf_golden (void)
{
  g_autofree char *dir = make_dir ("pdf-golden");
  const double sizes[] = { 595.28, 841.89, 612, 792, 841.89, 595.28 };
  g_autofree char *pdf = fax_test_make_pdf (dir, "in.pdf", 3, sizes);
  g_autofree char *out = g_build_filename (dir, "out.tif", NULL);
  g_autoptr(FaxDocument) document = fax_document_new ();
  g_autoptr(GPtrArray) pages = NULL;
  g_autoptr(GError) error = NULL;
  const char *files[] = { pdf, NULL };
  FaxTestPage *page;

  g_assert_cmpuint (convert (document, files, out, &error), ==, 3);
  g_assert_no_error (error);

  pages = fax_test_read_tiff (out);
  g_assert_cmpuint (pages->len, ==, 3);
  for (guint i = 0; i < 3; i++)
    {
      page = g_ptr_array_index (pages, i);
      g_assert_cmpuint (page->width, ==, 1728);
      g_assert_cmpuint (page->height, ==, 2292);     /* 297 mm at 196 lpi */
      g_assert_cmpfloat (page->x_res, ==, 204);
      g_assert_cmpfloat (page->y_res, ==, 196);
      g_assert_cmpuint (page->res_unit, ==, RESUNIT_INCH);
      g_assert_cmpuint (page->compression, ==, COMPRESSION_CCITTFAX4);
      g_assert_cmpuint (page->fill_order, ==, FILLORDER_LSB2MSB);
      g_assert_cmpuint (page->page_number, ==, i);
      g_assert_cmpuint (page->n_pages, ==, 3);
      g_assert_true (g_str_has_prefix (page->software, "Fax Manager"));
    }

  /* A4: the box at 1 inch lands 1 inch (plus the centring) in */
  page = g_ptr_array_index (pages, 0);
  g_assert_cmpfloat (fax_test_page_ink (page, 240, 210, 370, 170), >, 0.99);
  g_assert_cmpfloat (fax_test_page_ink (page, 0, 0, 200, 180), <, 0.001);
  g_assert_cmpfloat (fax_test_page_ink (page, 660, 200, 400, 200), <, 0.001);
  /* Nothing but the box and the label */
  g_assert_cmpfloat (fax_test_page_ink (page, 0, 1000, 1728, 1292), <, 0.001);

  /* Letter: scaled to the width, the box slightly smaller */
  page = g_ptr_array_index (pages, 1);
  g_assert_cmpfloat (fax_test_page_ink (page, 220, 210, 370, 170), >, 0.99);
  g_assert_cmpfloat (fax_test_page_ink (page, 0, 0, 190, 180), <, 0.001);

  /* Landscape: turned to portrait, the top of the page on the left */
  page = g_ptr_array_index (pages, 2);
  g_assert_cmpfloat (fax_test_page_ink (page, 240, 1720, 170, 360), >, 0.99);
  g_assert_cmpfloat (fax_test_page_ink (page, 240, 210, 370, 170), <, 0.001);
}

static void
test_resolutions (void)
{
  g_autofree char *dir = make_dir ("resolutions");
  g_autofree char *pdf = fax_test_make_pdf (dir, "in.pdf", 1, a4);
  g_autofree char *out = g_build_filename (dir, "out.tif", NULL);
  g_autoptr(FaxDocument) document = fax_document_new ();
  const struct {
    FaxResolution resolution;
    FaxPaperSize paper;
    guint width, height;
    float x_res, y_res;
  } cases[] = {
    { FAX_RESOLUTION_STANDARD, FAX_PAPER_A4, 1728, 1146, 204, 98 },
    { FAX_RESOLUTION_FINE, FAX_PAPER_A4, 1728, 2292, 204, 196 },
    { FAX_RESOLUTION_SUPERFINE, FAX_PAPER_A4, 1728, 4572, 204, 391 },
    { FAX_RESOLUTION_ULTRAFINE, FAX_PAPER_A4, 3456, 4572, 408, 391 },
    { FAX_RESOLUTION_STANDARD, FAX_PAPER_LETTER, 1728, 1078, 204, 98 },
    { FAX_RESOLUTION_FINE, FAX_PAPER_LETTER, 1728, 2156, 204, 196 },
  };
  const char *files[] = { pdf, NULL };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GPtrArray) pages = NULL;
      g_autoptr(GError) error = NULL;
      FaxTestPage *page;
      double sx, sy;

      fax_document_set_resolution (document, cases[i].resolution);
      fax_document_set_paper_size (document, cases[i].paper);
      g_assert_cmpuint (convert (document, files, out, &error), ==, 1);
      g_assert_no_error (error);
      pages = fax_test_read_tiff (out);
      page = g_ptr_array_index (pages, 0);
      g_assert_cmpuint (page->width, ==, cases[i].width);
      g_assert_cmpuint (page->height, ==, cases[i].height);
      g_assert_cmpfloat (page->x_res, ==, cases[i].x_res);
      g_assert_cmpfloat (page->y_res, ==, cases[i].y_res);

      /* The box (1 inch down, 2 x 1 inch) scales with the resolution:
       * nothing is cut off or squeezed */
      sx = cases[i].x_res / 72.0;
      sy = cases[i].y_res / 72.0;
      g_assert_cmpfloat (fax_test_page_ink (page, (guint)(100 * sx), (guint)(80 * sy),
                                            (guint)(100 * sx), (guint)(56 * sy)), >, 0.99);
      g_assert_cmpfloat (fax_test_page_ink (page, (guint)(100 * sx), (guint)(160 * sy),
                                            (guint)(100 * sx), (guint)(20 * sy)), <, 0.001);
    }
}

static void
test_compressions (void)
{
  g_autofree char *dir = make_dir ("compressions");
  g_autofree char *pdf = fax_test_make_pdf (dir, "in.pdf", 1, a4);
  g_autofree char *out = g_build_filename (dir, "out.tif", NULL);
  g_autoptr(FaxDocument) document = fax_document_new ();
  g_autoptr(GPtrArray) reference = NULL;
  const struct { FaxCompression c; guint16 tag; gboolean two_d; } cases[] = {
    { FAX_COMPRESSION_G4, COMPRESSION_CCITTFAX4, FALSE },
    { FAX_COMPRESSION_G3_1D, COMPRESSION_CCITTFAX3, FALSE },
    { FAX_COMPRESSION_G3_2D, COMPRESSION_CCITTFAX3, TRUE },
  };
  const char *files[] = { pdf, NULL };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GPtrArray) pages = NULL;
      g_autoptr(GError) error = NULL;
      FaxTestPage *page, *ref;

      fax_document_set_compression (document, cases[i].c);
      g_assert_cmpuint (convert (document, files, out, &error), ==, 1);
      g_assert_no_error (error);
      pages = fax_test_read_tiff (out);
      page = g_ptr_array_index (pages, 0);
      g_assert_cmpuint (page->compression, ==, cases[i].tag);
      if (cases[i].tag == COMPRESSION_CCITTFAX3)
        g_assert_cmpuint (!!(page->t4options & GROUP3OPT_2DENCODING), ==, cases[i].two_d);
      if (reference == NULL)
        {
          reference = g_steal_pointer (&pages);
          continue;
        }
      /* The same pixels whatever the coding */
      ref = g_ptr_array_index (reference, 0);
      g_assert_cmpmem (page->ink, page->width * page->height, ref->ink, ref->width * ref->height);
    }
}

/* A fax TIFF at one resolution converts to another with its geometry kept */
static void
test_tiff_input (void)
{
  g_autofree char *dir = make_dir ("tiff-input");
  g_autofree char *pdf = fax_test_make_pdf (dir, "in.pdf", 2, (const double[]) { 595.28, 841.89, 595.28, 841.89 });
  g_autofree char *standard = g_build_filename (dir, "standard.tif", NULL);
  g_autofree char *fine = g_build_filename (dir, "fine.tif", NULL);
  g_autoptr(FaxDocument) document = fax_document_new ();
  g_autoptr(GPtrArray) pages = NULL;
  g_autoptr(GError) error = NULL;
  const char *first[] = { pdf, NULL };
  const char *second[] = { standard, NULL };

  fax_document_set_resolution (document, FAX_RESOLUTION_STANDARD);
  fax_document_set_compression (document, FAX_COMPRESSION_G3_1D);
  g_assert_cmpuint (convert (document, first, standard, &error), ==, 2);
  g_assert_no_error (error);

  fax_document_set_resolution (document, FAX_RESOLUTION_FINE);
  fax_document_set_compression (document, FAX_COMPRESSION_G4);
  g_assert_cmpuint (convert (document, second, fine, &error), ==, 2);
  g_assert_no_error (error);

  pages = fax_test_read_tiff (fine);
  g_assert_cmpuint (pages->len, ==, 2);
  for (guint i = 0; i < 2; i++)
    {
      FaxTestPage *page = g_ptr_array_index (pages, i);

      g_assert_cmpuint (page->height, ==, 2292);
      g_assert_cmpuint (page->compression, ==, COMPRESSION_CCITTFAX4);
      /* Same box as the PDF gave directly (rows doubled from standard) */
      g_assert_cmpfloat (fax_test_page_ink (page, 240, 210, 370, 170), >, 0.99);
      g_assert_cmpfloat (fax_test_page_ink (page, 0, 0, 200, 180), <, 0.001);
      g_assert_cmpfloat (fax_test_page_ink (page, 0, 1000, 1728, 1292), <, 0.001);
    }
}

static void
test_gradient_dithered (void)
{
  g_autofree char *dir = make_dir ("gradient");
  /* 1200 x 1600 at 150 dpi: 8 x 10.7 inches, portrait */
  g_autofree char *png = fax_test_make_gradient_png (dir, "ramp.png", 1200, 1600);
  g_autofree char *out = g_build_filename (dir, "out.tif", NULL);
  g_autoptr(FaxDocument) document = fax_document_new ();
  const char *files[] = { png, NULL };
  const FaxRenderMode modes[] = { FAX_RENDER_AUTO, FAX_RENDER_PHOTO, FAX_RENDER_TEXT };

  for (guint m = 0; m < G_N_ELEMENTS (modes); m++)
    {
      g_autoptr(GPtrArray) pages = NULL;
      g_autoptr(GError) error = NULL;
      FaxTestPage *page;
      double mid;

      fax_document_set_render_mode (document, modes[m]);
      g_assert_cmpuint (convert (document, files, out, &error), ==, 1);
      g_assert_no_error (error);
      pages = fax_test_read_tiff (out);
      page = g_ptr_array_index (pages, 0);

      /* A band a quarter of the way (light grey) and at the middle */
      mid = fax_test_page_ink (page, 860, 500, 32, 400);
      if (modes[m] == FAX_RENDER_TEXT)
        {
          /* Thresholded: each column is all black or all white */
          for (guint x = 100; x < 1600; x += 50)
            {
              double col = fax_test_page_ink (page, x, 500, 4, 400);

              g_assert_true (col < 0.001 || col > 0.999);
            }
        }
      else
        {
          /* Dithered: the mid grey is about half ink, and the ink
           * follows the ramp from light to dark */
          double light = fax_test_page_ink (page, 300, 500, 32, 400);
          double dark = fax_test_page_ink (page, 1400, 500, 32, 400);

          g_assert_cmpfloat (mid, >, 0.35);
          g_assert_cmpfloat (mid, <, 0.65);
          g_assert_cmpfloat (light, >, 0.05);
          g_assert_cmpfloat (light, <, mid);
          g_assert_cmpfloat (dark, >, mid);
          g_assert_cmpfloat (dark, <, 0.98);
        }
    }
}

static void
test_text_crisp (void)
{
  g_autofree char *dir = make_dir ("text-crisp");
  g_autofree char *txt = fax_test_make_text (dir, "letter.txt", 150, NULL);
  g_autofree char *out = g_build_filename (dir, "out.tif", NULL);
  g_autoptr(FaxDocument) document = fax_document_new ();
  g_autoptr(GPtrArray) pages = NULL;
  g_autoptr(GError) error = NULL;
  const char *files[] = { txt, NULL };
  FaxTestPage *page;
  guint n;

  n = convert (document, files, out, &error);
  g_assert_no_error (error);
  /* 150 lines of 10 point text: three pages */
  g_assert_cmpuint (n, ==, 3);
  pages = fax_test_read_tiff (out);
  page = g_ptr_array_index (pages, 0);

  /* Margins stay white; the text area has ink but no speckle */
  g_assert_cmpfloat (fax_test_page_ink (page, 0, 0, 1728, 140), ==, 0);
  g_assert_cmpfloat (fax_test_page_ink (page, 0, 0, 120, 2292), ==, 0);
  g_assert_cmpfloat (fax_test_page_ink (page, 150, 160, 1400, 1800), >, 0.03);
  g_assert_cmpuint (fax_test_page_speckles (page, 0, 0, 1728, 2292), <, 20);
}

static gboolean
have_tesseract (void)
{
  g_autofree char *path = g_find_program_in_path ("tesseract");

  return path != NULL;
}

static char *
ocr_page (const char *dir,
          const char *tif,
          guint       page)
{
  g_autoptr(GFile) file = g_file_new_for_path (tif);
  g_autoptr(FaxPageRenderer) renderer = fax_page_renderer_new (file);
  g_autoptr(GError) error = NULL;
  g_autofree char *png = g_build_filename (dir, "page.png", NULL);
  g_autofree char *out = NULL;
  cairo_surface_t *surface;
  int status = 0;
  const char *argv[] = { "tesseract", png, "stdout", "--psm", "6", NULL };

  g_assert_true (fax_page_renderer_load (renderer, NULL, &error));
  g_assert_no_error (error);
  surface = fax_page_renderer_render_page (renderer, page, 1.0, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (cairo_surface_write_to_png (surface, png), ==, CAIRO_STATUS_SUCCESS);
  cairo_surface_destroy (surface);

  g_spawn_sync (NULL, (char **)argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL,
                NULL, NULL, &out, NULL, &status, &error);
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  return g_steal_pointer (&out);
}

/* Share of @expected found among the words of @ocr (as a multiset) */
static double
word_accuracy (GPtrArray  *expected,
               const char *ocr)
{
  g_autoptr(GHashTable) counts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_auto(GStrv) tokens = g_regex_split_simple ("[^A-Za-z]+", ocr, 0, 0);
  guint found = 0;

  for (guint i = 0; tokens[i] != NULL; i++)
    if (*tokens[i])
      {
        guint n = GPOINTER_TO_UINT (g_hash_table_lookup (counts, tokens[i]));

        g_hash_table_insert (counts, g_strdup (tokens[i]), GUINT_TO_POINTER (n + 1));
      }
  for (guint i = 0; i < expected->len; i++)
    {
      const char *w = g_ptr_array_index (expected, i);
      guint n = GPOINTER_TO_UINT (g_hash_table_lookup (counts, w));

      if (n > 0)
        {
          found++;
          g_hash_table_insert (counts, g_strdup (w), GUINT_TO_POINTER (n - 1));
        }
    }
  return (double)found / expected->len;
}

static void
test_text_readable (void)
{
  g_autofree char *dir = make_dir ("text-ocr");
  g_autoptr(GPtrArray) words = NULL;
  g_autofree char *txt = fax_test_make_text (dir, "letter.txt", 40, &words);
  g_autofree char *out = g_build_filename (dir, "out.tif", NULL);
  g_autoptr(FaxDocument) document = fax_document_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *ocr = NULL;
  const char *files[] = { txt, NULL };
  double accuracy;

  if (!have_tesseract ())
    {
      g_test_skip ("tesseract is not installed (apt-get install tesseract-ocr): OCR readability not checked");
      return;
    }

  fax_document_set_resolution (document, FAX_RESOLUTION_FINE);
  g_assert_cmpuint (convert (document, files, out, &error), ==, 1);
  g_assert_no_error (error);

  ocr = ocr_page (dir, out, 0);
  accuracy = word_accuracy (words, ocr);
  g_test_message ("OCR read %.1f%% of %u words of 10 point text at fine resolution",
                  accuracy * 100, words->len);
  g_assert_cmpfloat (accuracy, >=, 0.98);
}

static void
test_cover_and_order (void)
{
  g_autofree char *dir = make_dir ("order");
  g_autofree char *pdf = fax_test_make_pdf (dir, "a.pdf", 2, (const double[]) { 595.28, 841.89, 595.28, 841.89 });
  g_autofree char *png = fax_test_make_gradient_png (dir, "b.png", 600, 800);
  g_autofree char *txt = fax_test_make_text (dir, "c.txt", 10, NULL);
  g_autofree char *out = g_build_filename (dir, "out.tif", NULL);
  g_autoptr(FaxDocument) document = fax_document_new ();
  g_autoptr(FaxCoverPage) cover = fax_cover_page_new ();
  g_autoptr(GPtrArray) pages = NULL;
  g_autoptr(GError) error = NULL;
  const char *files[] = { pdf, png, txt, NULL };
  FaxTestPage *page;

  fax_cover_page_set_recipient (cover, "Alice Example");
  fax_cover_page_set_recipient_number (cover, "+44 20 7946 0000");
  fax_cover_page_set_sender (cover, "Bob Sender");
  fax_cover_page_set_subject (cover, "Quarterly report");
  fax_cover_page_set_message (cover, "Please find the report attached.");
  fax_document_set_cover_page (document, cover);

  g_assert_cmpuint (convert (document, files, out, &error), ==, 5);
  g_assert_no_error (error);
  pages = fax_test_read_tiff (out);
  g_assert_cmpuint (pages->len, ==, 5);

  /* Cover (heavy rule under the title), PDF (box), PDF (box),
   * picture (dithered across most of the width), text */
  page = g_ptr_array_index (pages, 0);
  g_assert_cmpfloat (fax_test_page_ink (page, 200, 0, 1300, 600), >, 0.01);
  g_assert_cmpfloat (fax_test_page_ink (page, 240, 210, 370, 170), <, 0.9);
  for (guint i = 1; i <= 2; i++)
    g_assert_cmpfloat (fax_test_page_ink (g_ptr_array_index (pages, i), 240, 210, 370, 170), >, 0.99);
  page = g_ptr_array_index (pages, 3);
  g_assert_cmpfloat (fax_test_page_ink (page, 800, 200, 300, 200), >, 0.3);
  page = g_ptr_array_index (pages, 4);
  g_assert_cmpfloat (fax_test_page_ink (page, 240, 210, 370, 170), <, 0.5);
  g_assert_cmpfloat (fax_test_page_ink (page, 0, 700, 1728, 1592), ==, 0);

  if (have_tesseract ())
    {
      g_autofree char *ocr = ocr_page (dir, out, 0);

      g_assert_nonnull (strstr (ocr, "Alice Example"));
      g_assert_nonnull (strstr (ocr, "Quarterly report"));
      g_assert_nonnull (strstr (ocr, "5 (including this page)"));
    }
}

static void
test_parallel_same (void)
{
  g_autofree char *dir = make_dir ("parallel");
  double sizes[14];
  g_autofree char *pdf = NULL;
  g_autofree char *png = fax_test_make_gradient_png (dir, "b.png", 300, 300);
  g_autofree char *one = g_build_filename (dir, "one.tif", NULL);
  g_autofree char *two = g_build_filename (dir, "two.tif", NULL);
  g_autoptr(FaxDocument) document = fax_document_new ();
  g_autoptr(GPtrArray) a = NULL;
  g_autoptr(GPtrArray) b = NULL;
  g_autoptr(GError) error = NULL;
  const char *files[3] = { NULL, NULL, NULL };

  for (guint i = 0; i < 7; i++)
    {
      sizes[2 * i] = a4[0];
      sizes[2 * i + 1] = a4[1];
    }
  pdf = fax_test_make_pdf (dir, "a.pdf", 7, sizes);
  files[0] = pdf;
  files[1] = png;

  g_assert_cmpuint (convert (document, files, one, &error), ==, 8);
  g_assert_no_error (error);
  fax_document_set_n_workers (document, 3);
  g_assert_cmpuint (convert (document, files, two, &error), ==, 8);
  g_assert_no_error (error);

  a = fax_test_read_tiff (one);
  b = fax_test_read_tiff (two);
  g_assert_cmpuint (a->len, ==, b->len);
  for (guint i = 0; i < a->len; i++)
    {
      FaxTestPage *pa = g_ptr_array_index (a, i);
      FaxTestPage *pb = g_ptr_array_index (b, i);

      g_assert_cmpuint (pb->page_number, ==, i);
      g_assert_cmpmem (pa->ink, pa->width * pa->height, pb->ink, pb->width * pb->height);
    }
}

/* ---------------------------------------------------------------- */

static void
on_converted (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

static GThread *main_thread;

static void
on_progress (FaxDocument *document,
             GParamSpec  *pspec,
             GArray      *seen)
{
  double p = fax_document_get_progress (document);

  /* Only ever on this (the calling) thread */
  g_assert_true (g_thread_self () == main_thread);
  g_array_append_val (seen, p);
}

static void
test_async_progress_cancel (void)
{
  g_autofree char *dir = make_dir ("async");
  g_autofree char *txt = fax_test_make_text (dir, "long.txt", 300, NULL);
  g_autofree char *out_path = g_build_filename (dir, "out.tif", NULL);
  g_autoptr(GFile) in = g_file_new_for_path (txt);
  g_autoptr(GFile) out = g_file_new_for_path (out_path);
  g_autoptr(FaxDocument) document = fax_document_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GArray) seen = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GError) error = NULL;
  const char *keep[] = { "long.txt", "out.tif", NULL };
  const char *keep_in[] = { "long.txt", NULL };
  guint n;

  fax_document_add_file (document, in);
  g_signal_connect (document, "notify::progress", G_CALLBACK (on_progress), seen);
  fax_document_convert_async (document, out, NULL, on_converted, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  n = fax_document_convert_finish (document, result, &error);
  g_assert_no_error (error);
  /* 300 lines of 10 point text on A4: 59 to 63 lines a page, as the
   * monospace font the machine has is taller or shorter */
  g_assert_cmpuint (n, >=, 5);
  g_assert_cmpuint (n, <=, 6);
  /* Progress notifications arrive by the time the result does, or soon */
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_cmpuint (seen->len, >=, 2);
  for (guint i = 1; i < seen->len; i++)
    g_assert_cmpfloat (g_array_index (seen, double, i), >, g_array_index (seen, double, i - 1));
  g_assert_cmpfloat (g_array_index (seen, double, seen->len - 1), ==, 1.0);
  fax_test_assert_dir_only (dir, keep);
  g_assert_cmpint (g_unlink (out_path), ==, 0);

  /* Cancelled: an error, and nothing written */
  g_clear_object (&result);
  g_cancellable_cancel (cancellable);
  fax_document_convert_async (document, out, cancellable, on_converted, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (fax_document_convert_finish (document, result, &error), ==, 0);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  fax_test_assert_dir_only (dir, keep_in);
  g_signal_handlers_disconnect_by_func (document, on_progress, seen);
}

/* ---------------------------------------------------------------- */
/* Bad input                                                        */

static void
expect_failure (const char *dir,
                const char *bad,
                const char *what)
{
  g_autofree char *good = fax_test_make_text (dir, "good.txt", 5, NULL);
  g_autofree char *out = g_build_filename (dir, "out.tif", NULL);
  g_autofree char *base = g_path_get_basename (bad);
  g_autoptr(FaxDocument) document = fax_document_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  const char *files[] = { good, bad, NULL };
  g_autofree char *bad_base = g_path_get_basename (bad);
  const char *keep[] = { "good.txt", "out.tif", bad_base, NULL };

  /* An older fax at the output name must survive the failure */
  g_assert_true (g_file_set_contents (out, "previous fax", -1, NULL));

  g_assert_cmpuint (convert (document, files, out, &error), ==, 0);
  g_assert_nonnull (error);
  g_test_message ("%s: %s", base, error->message);
  g_assert_true (error->domain == FAX_ERROR || error->domain == G_IO_ERROR);
  /* The message names the file and says what is wrong */
  g_assert_nonnull (strstr (error->message, base));
  if (what != NULL)
    g_assert_nonnull (strstr (error->message, what));

  g_assert_true (g_file_get_contents (out, &contents, NULL, NULL));
  g_assert_cmpstr (contents, ==, "previous fax");
  fax_test_assert_dir_only (dir, keep);
}

static char *
make_bad (const char *name,
          const void *data,
          gssize      len,
          char      **dir_out)
{
  *dir_out = make_dir (name);
  return fax_test_write_file (*dir_out, name, data, len);
}

static void
test_bad_pdfs (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *bad = NULL;
  g_autofree char *good_dir = make_dir ("pdf-source");
  g_autofree char *pdf = fax_test_make_pdf (good_dir, "whole.pdf", 1, a4);
  g_autofree char *data = NULL;
  gsize len;
  const char *broken = "%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
                       "2 0 obj << /Type /Pages /Kids [ 9 0 R ] /Count 1 >> garbage\n"
                       "xref\n0 1\n0000000000 65535 f \ntrailer << /Root 1 0 R >>\n%%EOF\n";
  const char *no_pages = "%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
                         "2 0 obj << /Type /Pages /Kids [ ] /Count 0 >> endobj\n"
                         "trailer << /Root 1 0 R >>\n%%EOF\n";
  /* Standard security handler with a user password that is not empty */
  const char *encrypted = "%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
                          "2 0 obj << /Type /Pages /Kids [ 3 0 R ] /Count 1 >> endobj\n"
                          "3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >> endobj\n"
                          "4 0 obj << /Filter /Standard /V 1 /R 2 /Length 40 /P -4\n"
                          "/O <0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef>\n"
                          "/U <fedcba9876543210fedcba9876543210fedcba9876543210fedcba9876543210> >> endobj\n"
                          "trailer << /Root 1 0 R /Encrypt 4 0 R\n"
                          "/ID [<00112233445566778899aabbccddeeff> <00112233445566778899aabbccddeeff>] >>\n%%EOF\n";

  bad = make_bad ("empty.pdf", "", 0, &dir);
  expect_failure (dir, bad, "empty");
  g_clear_pointer (&bad, g_free);
  g_clear_pointer (&dir, g_free);

  g_assert_true (g_file_get_contents (pdf, &data, &len, NULL));
  bad = make_bad ("truncated.pdf", data, len / 2, &dir);
  expect_failure (dir, bad, "incomplete");
  g_clear_pointer (&bad, g_free);
  g_clear_pointer (&dir, g_free);

  bad = make_bad ("broken.pdf", broken, -1, &dir);
  expect_failure (dir, bad, NULL);
  g_clear_pointer (&bad, g_free);
  g_clear_pointer (&dir, g_free);

  bad = make_bad ("nopages.pdf", no_pages, -1, &dir);
  expect_failure (dir, bad, NULL);
  g_clear_pointer (&bad, g_free);
  g_clear_pointer (&dir, g_free);

  bad = make_bad ("secret.pdf", encrypted, -1, &dir);
  expect_failure (dir, bad, "password");
  g_clear_pointer (&bad, g_free);
  g_clear_pointer (&dir, g_free);

  bad = make_bad ("fake.pdf", "this is not a pdf at all\001\002\003\000", 28, &dir);
  expect_failure (dir, bad, NULL);
}

static guint32
crc32_of (const guint8 *data,
          gsize         len)
{
  guint32 crc = 0xffffffff;

  for (gsize i = 0; i < len; i++)
    {
      crc ^= data[i];
      for (int k = 0; k < 8; k++)
        crc = (crc >> 1) ^ (0xedb88320 & -(crc & 1));
    }
  return crc ^ 0xffffffff;
}

/* The start of a PNG claiming @width x @height pixels (valid IHDR CRC) */
static gsize
png_header (guint8  *buf,
            guint32  width,
            guint32  height)
{
  static const guint8 sig[] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13, 'I', 'H', 'D', 'R' };
  guint32 crc;

  memcpy (buf, sig, sizeof sig);
  buf[16] = width >> 24; buf[17] = width >> 16; buf[18] = width >> 8; buf[19] = width;
  buf[20] = height >> 24; buf[21] = height >> 16; buf[22] = height >> 8; buf[23] = height;
  buf[24] = 8;   /* bit depth */
  buf[25] = 2;   /* RGB */
  buf[26] = buf[27] = buf[28] = 0;
  crc = crc32_of (buf + 12, 17);
  buf[29] = crc >> 24; buf[30] = crc >> 16; buf[31] = crc >> 8; buf[32] = crc;
  /* The start of an image data chunk, cut short */
  memcpy (buf + 33, "\0\0\0\x40IDAT", 8);
  memset (buf + 41, 0x55, 56);
  return 33 + 64;
}

static void
test_bad_images (void)
{
  guint8 png[128];
  gsize png_len;
  g_autofree char *dir = NULL;
  g_autofree char *bad = NULL;
  const char *huge = "P5\n100000 100000\n255\n\001\002\003";
  const char *zero = "P5\n0 0\n255\n";
  static const guint8 png_cut[] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n',
                                    0, 0, 0, 13, 'I', 'H', 'D', 'R', 0, 0, 1, 0 };

  png_len = png_header (png, 100000, 100000);
  bad = make_bad ("huge.png", png, png_len, &dir);
  expect_failure (dir, bad, "too large");
  g_clear_pointer (&bad, g_free);
  g_clear_pointer (&dir, g_free);

  png_len = png_header (png, 0, 0);
  bad = make_bad ("zero.png", png, png_len, &dir);
  expect_failure (dir, bad, NULL);
  g_clear_pointer (&bad, g_free);
  g_clear_pointer (&dir, g_free);

  bad = make_bad ("huge.pgm", huge, -1, &dir);
  expect_failure (dir, bad, NULL);
  g_clear_pointer (&bad, g_free);
  g_clear_pointer (&dir, g_free);

  bad = make_bad ("zero.pgm", zero, -1, &dir);
  expect_failure (dir, bad, NULL);
  g_clear_pointer (&bad, g_free);
  g_clear_pointer (&dir, g_free);

  bad = make_bad ("cut.png", png_cut, sizeof png_cut, &dir);
  expect_failure (dir, bad, NULL);
}

static void
test_bad_text_and_tiff (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *bad = NULL;
  g_autofree char *src_dir = make_dir ("tiff-source");
  g_autofree char *txt = fax_test_make_text (src_dir, "in.txt", 200, NULL);
  g_autofree char *tif = g_build_filename (src_dir, "in.tif", NULL);
  g_autoptr(FaxDocument) document = fax_document_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *data = NULL;
  gsize len;
  guint8 binary[4096];
  const char *latin1 = "Gr\xfc\xdf" "e aus K\xf6ln\n";
  const char *files[] = { txt, NULL };
  g_autoptr(GRand) rand = g_rand_new_with_seed (7);

  for (guint i = 0; i < sizeof binary; i++)
    binary[i] = g_rand_int_range (rand, 0, 256);

  bad = make_bad ("notes.txt", binary, sizeof binary, &dir);
  expect_failure (dir, bad, "binary");
  g_clear_pointer (&bad, g_free);
  g_clear_pointer (&dir, g_free);

  bad = make_bad ("latin1.txt", latin1, -1, &dir);
  expect_failure (dir, bad, "UTF-8");
  g_clear_pointer (&bad, g_free);
  g_clear_pointer (&dir, g_free);

  bad = make_bad ("blank.txt", "  \n\n \t \n", -1, &dir);
  expect_failure (dir, bad, "no text");
  g_clear_pointer (&bad, g_free);
  g_clear_pointer (&dir, g_free);

  /* TIFFs: cut in the middle, and a header pointing at garbage */
  g_assert_cmpuint (convert (document, files, tif, &error), ==, 4);
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (tif, &data, &len, NULL));
  bad = make_bad ("cut.tif", data, len * 2 / 3, &dir);
  expect_failure (dir, bad, "damaged");
  g_clear_pointer (&bad, g_free);
  g_clear_pointer (&dir, g_free);

  bad = make_bad ("garbage.tif", "II*\0\x08\0\0\0\xff\xff\x01\x02\x03\x04\x05\x06\x07", 17, &dir);
  expect_failure (dir, bad, NULL);
  g_clear_pointer (&bad, g_free);
  g_clear_pointer (&dir, g_free);

  /* A page with a compression libtiff does not know */
  memcpy (binary, data, MIN (len, sizeof binary));
  {
    TIFF *t;
    g_autofree char *odd = NULL;

    dir = make_dir ("odd-compression");
    odd = g_build_filename (dir, "odd.tif", NULL);
    t = TIFFOpen (odd, "w");
    TIFFSetField (t, TIFFTAG_IMAGEWIDTH, 64);
    TIFFSetField (t, TIFFTAG_IMAGELENGTH, 64);
    TIFFSetField (t, TIFFTAG_BITSPERSAMPLE, 1);
    TIFFSetField (t, TIFFTAG_SAMPLESPERPIXEL, 1);
    TIFFSetField (t, TIFFTAG_PHOTOMETRIC, PHOTOMETRIC_MINISWHITE);
    TIFFSetField (t, TIFFTAG_ROWSPERSTRIP, 64);
    for (guint y = 0; y < 64; y++)
      TIFFWriteScanline (t, binary, y, 0);
    TIFFClose (t);
    /* Patch the Compression entry (tag 259, SHORT) to 12345 */
    g_clear_pointer (&data, g_free);
    g_assert_true (g_file_get_contents (odd, &data, &len, NULL));
    for (gsize i = 0; i + 12 <= len; i++)
      if ((guint8)data[i] == 0x03 && data[i + 1] == 0x01 && data[i + 2] == 3 && data[i + 3] == 0)
        {
          data[i + 8] = 0x39;
          data[i + 9] = 0x30;
          break;
        }
    g_assert_true (g_file_set_contents (odd, data, len, NULL));
    expect_failure (dir, odd, NULL);
  }
  g_clear_pointer (&dir, g_free);

  /* A missing file */
  dir = make_dir ("missing");
  {
    g_autofree char *missing = g_build_filename (dir, "missing.pdf", NULL);

    expect_failure (dir, missing, NULL);
  }
}

/* Random damage must end in an error or a fax, never a crash */
static void
test_fuzz_inputs (void)
{
  g_autofree char *dir = make_dir ("fuzz");
  g_autofree char *pdf = fax_test_make_pdf (dir, "seed.pdf", 2, (const double[]) { 595.28, 841.89, 300, 200 });
  g_autofree char *png = fax_test_make_gradient_png (dir, "seed.png", 64, 64);
  g_autofree char *txt = fax_test_make_text (dir, "seed.txt", 20, NULL);
  g_autofree char *out = g_build_filename (dir, "out.tif", NULL);
  g_autoptr(FaxDocument) document = fax_document_new ();
  g_autoptr(GRand) rand = g_rand_new_with_seed (1234);
  const char *seeds[] = { pdf, png, txt };
  guint n_ok = 0, n_failed = 0;

  fax_document_set_resolution (document, FAX_RESOLUTION_STANDARD);
  for (guint s = 0; s < G_N_ELEMENTS (seeds); s++)
    {
      g_autofree char *data = NULL;
      gsize len;

      g_assert_true (g_file_get_contents (seeds[s], &data, &len, NULL));
      for (guint round = 0; round < 25; round++)
        {
          g_autofree char *copy = g_memdup2 (data, len);
          g_autofree char *name = g_strdup_printf ("mutant-%u-%u", s, round);
          g_autofree char *path = fax_test_write_file (dir, name, copy, 0);
          g_autoptr(GError) error = NULL;
          gsize cut = len;
          const char *files[] = { path, NULL };
          guint flips = g_rand_int_range (rand, 1, 12);

          for (guint f = 0; f < flips; f++)
            copy[g_rand_int_range (rand, 0, len)] = g_rand_int_range (rand, 0, 256);
          if (g_rand_boolean (rand))
            cut = g_rand_int_range (rand, 1, len);
          g_assert_true (g_file_set_contents (path, copy, cut, NULL));

          if (convert (document, files, out, &error) > 0)
            n_ok++;
          else
            {
              g_assert_nonnull (error);
              g_assert_nonnull (strstr (error->message, name));
              n_failed++;
            }
          g_unlink (path);
        }
    }
  g_test_message ("%u damaged inputs converted, %u refused", n_ok, n_failed);
  g_assert_cmpuint (n_ok + n_failed, ==, 75);
}

int
main (int    argc,
      char **argv)
{
  fax_test_init (&argc, &argv);
  main_thread = g_thread_self ();

  g_test_add_func ("/documents/pdf/golden", test_pdf_golden);
  g_test_add_func ("/documents/resolutions", test_resolutions);
  g_test_add_func ("/documents/compressions", test_compressions);
  g_test_add_func ("/documents/image/gradient-dithered", test_gradient_dithered);
  g_test_add_func ("/documents/tiff/resolution-change", test_tiff_input);
  g_test_add_func ("/documents/text/crisp", test_text_crisp);
  g_test_add_func ("/documents/text/readable-ocr", test_text_readable);
  g_test_add_func ("/documents/cover-and-order", test_cover_and_order);
  g_test_add_func ("/documents/parallel-same-output", test_parallel_same);
  g_test_add_func ("/documents/async/progress-cancel", test_async_progress_cancel);
  g_test_add_func ("/documents/bad/pdf", test_bad_pdfs);
  g_test_add_func ("/documents/bad/image", test_bad_images);
  g_test_add_func ("/documents/bad/text-and-tiff", test_bad_text_and_tiff);
  g_test_add_func ("/documents/bad/fuzz", test_fuzz_inputs);

  return g_test_run ();
}
