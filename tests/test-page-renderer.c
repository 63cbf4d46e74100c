/* test-page-renderer.c: FaxPageRenderer on the TIFF faxes found in the wild,
 * and the faxctl document commands
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#include <glib/gstdio.h>
#include <gdk-pixbuf/gdk-pixbuf.h>
#include <poppler.h>

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PopplerDocument, g_object_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PopplerPage, g_object_unref)

#include <fax-backend.h>

#include "fax-test-docs.h"
#include "fax-test-util.h"

#define W 1728
#define H 400

static char *
make_dir (const char *name)
{
  char *dir = g_build_filename (fax_test_get_root (), name, NULL);

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  return dir;
}

typedef struct
{
  guint16 compression;
  guint32 t4options;
  guint16 photometric;
  guint16 bits;
  guint16 samples;
  float   x_res;
  float   y_res;
} Format;

/* A page with a dark box at x 100-300, y 50-100 (red in colour) */
static void
write_page (TIFF         *tif,
            const Format *f,
            guint         page,
            guint         n_pages)
{
  gsize row_size;
  g_autofree guint8 *row = NULL;

  TIFFSetField (tif, TIFFTAG_SUBFILETYPE, FILETYPE_PAGE);
  TIFFSetField (tif, TIFFTAG_IMAGEWIDTH, W);
  TIFFSetField (tif, TIFFTAG_IMAGELENGTH, H);
  TIFFSetField (tif, TIFFTAG_BITSPERSAMPLE, f->bits);
  TIFFSetField (tif, TIFFTAG_SAMPLESPERPIXEL, f->samples);
  TIFFSetField (tif, TIFFTAG_PLANARCONFIG, PLANARCONFIG_CONTIG);
  TIFFSetField (tif, TIFFTAG_COMPRESSION, f->compression);
  if (f->compression == COMPRESSION_CCITTFAX3)
    TIFFSetField (tif, TIFFTAG_GROUP3OPTIONS, f->t4options);
  if (f->compression == COMPRESSION_JPEG && f->samples == 3)
    {
      TIFFSetField (tif, TIFFTAG_PHOTOMETRIC, PHOTOMETRIC_YCBCR);
      TIFFSetField (tif, TIFFTAG_JPEGCOLORMODE, JPEGCOLORMODE_RGB);
    }
  else
    TIFFSetField (tif, TIFFTAG_PHOTOMETRIC, f->photometric);
  TIFFSetField (tif, TIFFTAG_FILLORDER, FILLORDER_LSB2MSB);
  TIFFSetField (tif, TIFFTAG_XRESOLUTION, f->x_res);
  TIFFSetField (tif, TIFFTAG_YRESOLUTION, f->y_res);
  TIFFSetField (tif, TIFFTAG_RESOLUTIONUNIT, RESUNIT_INCH);
  TIFFSetField (tif, TIFFTAG_ROWSPERSTRIP, f->compression == COMPRESSION_JPEG ? 16 : 64);
  TIFFSetField (tif, TIFFTAG_PAGENUMBER, page, n_pages);
  TIFFSetField (tif, TIFFTAG_SOFTWARE, "HylaFAX+ (tm) Version 7.0.7");
  TIFFSetField (tif, TIFFTAG_IMAGEDESCRIPTION, "+1 555 0100");
  TIFFSetField (tif, TIFFTAG_DATETIME, "2026:11:25 08:00:00");

  row_size = TIFFScanlineSize (tif);
  row = g_malloc (row_size);
  for (guint y = 0; y < H; y++)
    {
      gboolean in_y = y >= 50 && y < 100;

      memset (row, 0, row_size);
      for (guint x = 0; x < W; x++)
        {
          gboolean in = in_y && x >= 100 && x < 300;

          if (f->bits == 1)
            {
              gboolean bit = (f->photometric == PHOTOMETRIC_MINISWHITE) ? in : !in;

              if (bit)
                row[x >> 3] |= 0x80 >> (x & 7);
            }
          else if (f->samples == 1)
            row[x] = in ? 0 : 255;
          else
            {
              row[3 * x] = in ? 220 : 255;
              row[3 * x + 1] = in ? 0 : 255;
              row[3 * x + 2] = in ? 0 : 255;
            }
        }
      g_assert_cmpint (TIFFWriteScanline (tif, row, y, 0), ==, 1);
    }
  g_assert_true (TIFFWriteDirectory (tif));
}

static char *
write_tiff (const char   *dir,
            const char   *name,
            const Format *f,
            guint         n_pages)
{
  char *path = g_build_filename (dir, name, NULL);
  TIFF *tif = TIFFOpen (path, "w");

  g_assert_nonnull (tif);
  for (guint i = 0; i < n_pages; i++)
    write_page (tif, f, i, n_pages);
  TIFFClose (tif);
  return path;
}

static FaxPageRenderer *
load (const char *path)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(FaxPageRenderer) renderer = fax_page_renderer_new (file);
  g_autoptr(GError) error = NULL;

  g_assert_true (fax_page_renderer_load (renderer, NULL, &error));
  g_assert_no_error (error);
  return g_steal_pointer (&renderer);
}

static void
test_formats (void)
{
  g_autofree char *dir = make_dir ("formats");
  const struct { const char *name; Format f; gboolean colour; } cases[] = {
    { "g4", { COMPRESSION_CCITTFAX4, 0, PHOTOMETRIC_MINISWHITE, 1, 1, 204, 196 }, FALSE },
    { "g3-1d", { COMPRESSION_CCITTFAX3, 0, PHOTOMETRIC_MINISWHITE, 1, 1, 204, 98 }, FALSE },
    { "g3-2d", { COMPRESSION_CCITTFAX3, GROUP3OPT_2DENCODING | GROUP3OPT_FILLBITS, PHOTOMETRIC_MINISWHITE, 1, 1, 204, 196 }, FALSE },
    { "none", { COMPRESSION_NONE, 0, PHOTOMETRIC_MINISWHITE, 1, 1, 204, 196 }, FALSE },
    { "none-minisblack", { COMPRESSION_NONE, 0, PHOTOMETRIC_MINISBLACK, 1, 1, 204, 196 }, FALSE },
    { "packbits", { COMPRESSION_PACKBITS, 0, PHOTOMETRIC_MINISWHITE, 1, 1, 204, 391 }, FALSE },
    { "lzw", { COMPRESSION_LZW, 0, PHOTOMETRIC_MINISWHITE, 1, 1, 408, 391 }, FALSE },
    { "jpeg-gray", { COMPRESSION_JPEG, 0, PHOTOMETRIC_MINISBLACK, 8, 1, 200, 200 }, FALSE },
    { "jpeg-colour", { COMPRESSION_JPEG, 0, PHOTOMETRIC_RGB, 8, 3, 200, 200 }, TRUE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *name = g_strconcat (cases[i].name, ".tif", NULL);
      g_autofree char *path = write_tiff (dir, name, &cases[i].f, 2);
      g_autoptr(FaxPageRenderer) renderer = load (path);
      g_autoptr(GError) error = NULL;
      g_auto(GStrv) problems = NULL;
      cairo_surface_t *surface;
      guint width, height;
      double x_dpi, y_dpi, stretch;
      int sh;

      g_test_message ("format %s", cases[i].name);
      g_assert_cmpuint (fax_page_renderer_get_n_pages (renderer), ==, 2);
      g_assert_true (fax_page_renderer_get_page_size (renderer, 1, &width, &height, &x_dpi, &y_dpi));
      g_assert_cmpuint (width, ==, W);
      g_assert_cmpuint (height, ==, H);
      g_assert_cmpfloat (x_dpi, ==, cases[i].f.x_res);
      g_assert_cmpfloat (y_dpi, ==, cases[i].f.y_res);

      surface = fax_page_renderer_render_page (renderer, 1, 1.0, NULL, &error);
      g_assert_no_error (error);
      /* Aspect correction: rows are stretched by x_dpi / y_dpi */
      stretch = x_dpi / y_dpi;
      sh = cairo_image_surface_get_height (surface);
      g_assert_cmpint (cairo_image_surface_get_width (surface), ==, W);
      g_assert_cmpint (sh, >=, (int)(H * stretch) - 1);
      g_assert_cmpint (sh, <=, (int)(H * stretch) + 1);
      g_assert_cmpfloat (fax_test_surface_ink (surface, 110, (int)(55 * stretch), 180, (int)(40 * stretch)), >, 0.99);
      g_assert_cmpfloat (fax_test_surface_ink (surface, 400, 0, 800, sh), <, 0.001);
      g_assert_cmpfloat (fax_test_surface_ink (surface, 0, (int)(120 * stretch), W, sh - (int)(120 * stretch)), <, 0.001);
      if (cases[i].colour)
        {
          guint32 p;

          cairo_surface_flush (surface);
          p = *(guint32 *)(cairo_image_surface_get_data (surface)
                           + (gsize)(int)(75 * stretch) * cairo_image_surface_get_stride (surface) + 4 * 200);
          g_assert_cmpuint ((p >> 16) & 0xff, >, 150);   /* red stays red */
          g_assert_cmpuint ((p >> 8) & 0xff, <, 60);
        }
      cairo_surface_destroy (surface);

      problems = fax_page_renderer_dup_problems (renderer);
      g_assert_cmpstrv (problems, ((const char *[]) { NULL }));
      g_assert_cmpstr (g_hash_table_lookup (fax_page_renderer_get_metadata (renderer), "ImageDescription"), ==, "+1 555 0100");
      g_assert_cmpstr (g_hash_table_lookup (fax_page_renderer_get_metadata (renderer), "Software"), ==, "HylaFAX+ (tm) Version 7.0.7");
    }
}

static void
test_thumbnail_and_scale (void)
{
  g_autofree char *dir = make_dir ("thumbnail");
  const Format standard = { COMPRESSION_CCITTFAX3, 0, PHOTOMETRIC_MINISWHITE, 1, 1, 204, 98 };
  g_autofree char *path = write_tiff (dir, "standard.tif", &standard, 1);
  g_autoptr(FaxPageRenderer) renderer = load (path);
  g_autoptr(GError) error = NULL;
  cairo_surface_t *surface;
  double wpt, hpt;

  /* True proportions: 1728 x 400 at 204 x 98 is 8.47 x 4.08 inches */
  fax_page_renderer_get_page_size_points (renderer, 0, &wpt, &hpt);
  g_assert_cmpfloat_with_epsilon (wpt, W * 72.0 / 204, 0.01);
  g_assert_cmpfloat_with_epsilon (hpt, H * 72.0 / 98, 0.01);

  surface = fax_page_renderer_render_thumbnail (renderer, 0, 200, 200, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (cairo_image_surface_get_width (surface), ==, 200);
  g_assert_cmpint (abs (cairo_image_surface_get_height (surface) - (int)(200 * hpt / wpt)), <=, 1);
  /* The box is still there, greyed by the scaling */
  g_assert_cmpfloat (fax_test_surface_ink (surface, 14, 13, 18, 8), >, 0.5);
  cairo_surface_destroy (surface);

  surface = fax_page_renderer_render_page (renderer, 0, 0.25, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (cairo_image_surface_get_width (surface), ==, W / 4);
  cairo_surface_destroy (surface);

  /* Out of range */
  g_assert_null (fax_page_renderer_render_page (renderer, 1, 1.0, NULL, &error));
  g_assert_error (error, FAX_ERROR, FAX_ERROR_INVALID_PARAMETER);
  g_clear_error (&error);
  g_assert_null (fax_page_renderer_render_page (renderer, 0, 0, NULL, &error));
  g_assert_error (error, FAX_ERROR, FAX_ERROR_INVALID_PARAMETER);
}

static void
test_damaged (void)
{
  g_autofree char *dir = make_dir ("damaged");
  const Format g4 = { COMPRESSION_CCITTFAX4, 0, PHOTOMETRIC_MINISWHITE, 1, 1, 204, 196 };
  g_autofree char *path = write_tiff (dir, "three.tif", &g4, 3);
  g_autofree char *garbled = g_build_filename (dir, "garbled.tif", NULL);
  g_autofree char *cut = g_build_filename (dir, "cut.tif", NULL);
  g_autofree char *data = NULL;
  gsize len;
  toff_t offset;
  guint64 *offsets = NULL;
  TIFF *tif;

  /* Find page 2's first strip and scribble over it */
  tif = TIFFOpen (path, "r");
  TIFFSetDirectory (tif, 1);
  TIFFGetField (tif, TIFFTAG_STRIPOFFSETS, &offsets);
  offset = offsets[0];
  TIFFClose (tif);
  g_assert_true (g_file_get_contents (path, &data, &len, NULL));
  for (gsize i = offset; i < offset + 40 && i < len; i++)
    data[i] = 0x00;
  g_assert_true (g_file_set_contents (garbled, data, len, NULL));

  {
    g_autoptr(FaxPageRenderer) renderer = load (garbled);
    g_autoptr(GError) error = NULL;
    g_auto(GStrv) problems = NULL;
    cairo_surface_t *surface;

    g_assert_cmpuint (fax_page_renderer_get_n_pages (renderer), ==, 3);
    for (guint p = 0; p < 3; p++)
      {
        surface = fax_page_renderer_render_page (renderer, p, 0.5, NULL, &error);
        g_assert_no_error (error);
        if (p != 1)
          g_assert_cmpfloat (fax_test_surface_ink (surface, 55, 28, 90, 20), >, 0.99);
        cairo_surface_destroy (surface);
      }
    problems = fax_page_renderer_dup_problems (renderer);
    g_assert_nonnull (problems[0]);
    g_test_message ("garbled: %s", problems[0]);
    g_assert_nonnull (strstr (problems[0], "Page 2"));
    g_assert_null (problems[1]);
  }

  /* Cut in the middle of page 3: pages 1 and 2 whole, the rest reported */
  tif = TIFFOpen (path, "r");
  TIFFSetDirectory (tif, 2);
  TIFFGetField (tif, TIFFTAG_STRIPOFFSETS, &offsets);
  offset = offsets[0];
  TIFFClose (tif);
  g_assert_true (g_file_set_contents (cut, data, offset + 20, NULL));
  {
    g_autoptr(FaxPageRenderer) renderer = load (cut);
    g_autoptr(GError) error = NULL;
    g_auto(GStrv) problems = NULL;
    cairo_surface_t *surface;
    guint n = fax_page_renderer_get_n_pages (renderer);

    g_assert_cmpuint (n, >=, 1);
    /* Page 1 is intact (page 2's data was garbled above) */
    surface = fax_page_renderer_render_page (renderer, 0, 0.5, NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpfloat (fax_test_surface_ink (surface, 55, 28, 90, 20), >, 0.99);
    cairo_surface_destroy (surface);
    for (guint p = 1; p < n; p++)
      {
        g_autoptr(GError) page_error = NULL;

        surface = fax_page_renderer_render_page (renderer, p, 0.5, NULL, &page_error);
        g_clear_pointer (&surface, cairo_surface_destroy);
      }
    problems = fax_page_renderer_dup_problems (renderer);
    g_assert_nonnull (problems[0]);
    for (guint i = 0; problems[i]; i++)
      g_test_message ("cut: %s", problems[i]);
  }

  /* Not a TIFF at all, and empty */
  {
    g_autofree char *junk = fax_test_write_file (dir, "junk.tif", "hello", 5);
    g_autofree char *empty = fax_test_write_file (dir, "empty.tif", "", 0);
    g_autoptr(GFile) f1 = g_file_new_for_path (junk);
    g_autoptr(GFile) f2 = g_file_new_for_path (empty);
    g_autoptr(FaxPageRenderer) r1 = fax_page_renderer_new (f1);
    g_autoptr(FaxPageRenderer) r2 = fax_page_renderer_new (f2);
    g_autoptr(GError) error = NULL;

    g_assert_false (fax_page_renderer_load (r1, NULL, &error));
    g_assert_error (error, FAX_ERROR, FAX_ERROR_FAILED);
    g_assert_nonnull (strstr (error->message, "junk.tif"));
    g_clear_error (&error);
    g_assert_false (fax_page_renderer_load (r2, NULL, &error));
    g_assert_error (error, FAX_ERROR, FAX_ERROR_FAILED);
    g_assert_nonnull (strstr (error->message, "empty"));
  }
}

static void
test_export (void)
{
  g_autofree char *dir = make_dir ("export");
  const Format fine = { COMPRESSION_CCITTFAX4, 0, PHOTOMETRIC_MINISWHITE, 1, 1, 204, 196 };
  const Format standard = { COMPRESSION_CCITTFAX3, 0, PHOTOMETRIC_MINISWHITE, 1, 1, 204, 98 };
  g_autofree char *path = write_tiff (dir, "fine.tif", &fine, 2);
  g_autofree char *path_std = write_tiff (dir, "standard.tif", &standard, 1);
  g_autofree char *pdf_path = g_build_filename (dir, "out.pdf", NULL);
  g_autofree char *pattern = g_build_filename (dir, "page-%u.png", NULL);
  g_autofree char *png1 = g_build_filename (dir, "page-1.png", NULL);
  g_autofree char *png2 = g_build_filename (dir, "page-2.png", NULL);
  g_autofree char *uri = g_filename_to_uri (pdf_path, NULL, NULL);
  g_autoptr(FaxPageRenderer) renderer = load (path);
  g_autoptr(FaxPageRenderer) renderer_std = load (path_std);
  g_autoptr(GFile) pdf = g_file_new_for_path (pdf_path);
  g_autoptr(GError) error = NULL;
  g_autoptr(PopplerDocument) doc = NULL;
  g_autoptr(GdkPixbuf) pixbuf = NULL;
  double w, h;

  g_assert_true (fax_page_renderer_export_pdf (renderer, pdf, NULL, &error));
  g_assert_no_error (error);
  doc = poppler_document_new_from_file (uri, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (poppler_document_get_n_pages (doc), ==, 2);
  {
    g_autoptr(PopplerPage) page = poppler_document_get_page (doc, 0);

    /* True physical size: 1728 / 204 inches wide */
    poppler_page_get_size (page, &w, &h);
    g_assert_cmpfloat_with_epsilon (w, W * 72.0 / 204, 0.1);
    g_assert_cmpfloat_with_epsilon (h, H * 72.0 / 196, 0.1);
  }

  g_assert_true (fax_page_renderer_export_png (renderer_std, pattern, NULL, &error));
  g_assert_no_error (error);
  pixbuf = gdk_pixbuf_new_from_file (png1, &error);
  g_assert_no_error (error);
  /* Square pixels: 400 rows at 98 lpi become 833 at 204 */
  g_assert_cmpint (gdk_pixbuf_get_width (pixbuf), ==, W);
  g_assert_cmpint (abs (gdk_pixbuf_get_height (pixbuf) - (int)(H * 204.0 / 98)), <=, 1);
  g_assert_false (g_file_test (png2, G_FILE_TEST_EXISTS));

  g_assert_false (fax_page_renderer_export_png (renderer, "/tmp/no-number.png", NULL, &error));
  g_assert_error (error, FAX_ERROR, FAX_ERROR_INVALID_PARAMETER);
}

static void
on_done (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  *(GAsyncResult **)user_data = g_object_ref (result);
}

static void
test_async (void)
{
  g_autofree char *dir = make_dir ("async");
  const Format g4 = { COMPRESSION_CCITTFAX4, 0, PHOTOMETRIC_MINISWHITE, 1, 1, 204, 196 };
  g_autofree char *path = write_tiff (dir, "in.tif", &g4, 2);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(FaxPageRenderer) renderer = fax_page_renderer_new (file);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  cairo_surface_t *surface;

  fax_page_renderer_load_async (renderer, NULL, on_done, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (fax_page_renderer_load_finish (renderer, result, &error));
  g_assert_no_error (error);
  g_clear_object (&result);

  fax_page_renderer_render_page_async (renderer, 1, 0.5, NULL, on_done, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  surface = fax_page_renderer_render_page_finish (renderer, result, &error);
  g_assert_no_error (error);
  g_assert_cmpint (cairo_image_surface_get_width (surface), ==, W / 2);
  cairo_surface_destroy (surface);
}

static void
test_fuzz (void)
{
  g_autofree char *dir = make_dir ("fuzz");
  const Format g3 = { COMPRESSION_CCITTFAX3, GROUP3OPT_2DENCODING, PHOTOMETRIC_MINISWHITE, 1, 1, 204, 98 };
  g_autofree char *seed = write_tiff (dir, "seed.tif", &g3, 2);
  g_autofree char *path = g_build_filename (dir, "mutant.tif", NULL);
  g_autoptr(GRand) rand = g_rand_new_with_seed (99);
  g_autofree char *data = NULL;
  gsize len;
  guint loaded = 0;

  g_assert_true (g_file_get_contents (seed, &data, &len, NULL));
  for (guint round = 0; round < 150; round++)
    {
      g_autofree char *copy = g_memdup2 (data, len);
      g_autoptr(GFile) file = g_file_new_for_path (path);
      g_autoptr(FaxPageRenderer) renderer = fax_page_renderer_new (file);
      g_autoptr(GError) error = NULL;
      guint flips = g_rand_int_range (rand, 1, 8);
      gsize cut = g_rand_boolean (rand) ? (gsize)g_rand_int_range (rand, 8, len) : len;

      for (guint f = 0; f < flips; f++)
        copy[g_rand_int_range (rand, 0, len)] = g_rand_int_range (rand, 0, 256);
      g_assert_true (g_file_set_contents (path, copy, cut, NULL));

      if (!fax_page_renderer_load (renderer, NULL, &error))
        {
          g_assert_nonnull (strstr (error->message, "mutant.tif"));
          continue;
        }
      loaded++;
      for (guint p = 0; p < fax_page_renderer_get_n_pages (renderer); p++)
        {
          g_autoptr(GError) page_error = NULL;
          cairo_surface_t *surface = fax_page_renderer_render_thumbnail (renderer, p, 64, 64, NULL, &page_error);

          g_assert_true ((surface == NULL) != (page_error == NULL));
          g_clear_pointer (&surface, cairo_surface_destroy);
        }
    }
  g_test_message ("%u of 150 damaged faxes opened", loaded);
}

/* faxctl convert / inspect / render / export */
static int
run_faxctl (const char * const *args,
            char              **out,
            char              **err)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  int status = 0;

  g_ptr_array_add (argv, (char *)g_getenv ("FAXCTL"));
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (char *)args[i]);
  g_ptr_array_add (argv, NULL);
  g_spawn_sync (NULL, (char **)argv->pdata, NULL, 0, NULL, NULL, out, err, &status, &error);
  g_assert_no_error (error);
  return WIFEXITED (status) ? WEXITSTATUS (status) : -1;
}

static void
test_faxctl (void)
{
  g_autofree char *dir = make_dir ("faxctl");
  g_autofree char *txt = fax_test_make_text (dir, "in.txt", 70, NULL);
  g_autofree char *tif = g_build_filename (dir, "out.tif", NULL);
  g_autofree char *png = g_build_filename (dir, "p2.png", NULL);
  g_autofree char *pdf = g_build_filename (dir, "out.pdf", NULL);
  g_autofree char *bin = fax_test_write_file (dir, "bin.txt", "\x01\x02\0\0\xff", 5);
  g_autoptr(GdkPixbuf) pixbuf = NULL;

  if (g_getenv ("FAXCTL") == NULL)
    {
      g_test_skip ("FAXCTL is not set (run through meson test)");
      return;
    }

  {
    g_autofree char *out = NULL, *err = NULL;
    const char *args[] = { "convert", "--standard", "--paper", "letter", "--cover-to", "Alice",
                           "-o", tif, txt, NULL };

    g_assert_cmpint (run_faxctl (args, &out, &err), ==, 0);
    g_assert_nonnull (strstr (out, "Wrote 3 pages"));
  }
  {
    g_autofree char *out = NULL, *err = NULL;
    const char *args[] = { "inspect", "--json", tif, NULL };

    g_assert_cmpint (run_faxctl (args, &out, &err), ==, 0);
    g_assert_nonnull (strstr (out, "\"height\" : 1078"));
    g_assert_nonnull (strstr (out, "\"y_dpi\" : 98"));
    g_assert_nonnull (strstr (out, "\"problems\" : []"));
  }
  {
    g_autofree char *out = NULL, *err = NULL;
    const char *args[] = { "render", tif, "--page", "2", "--scale", "0.5", "-o", png, NULL };
    g_autoptr(GError) error = NULL;

    g_assert_cmpint (run_faxctl (args, &out, &err), ==, 0);
    pixbuf = gdk_pixbuf_new_from_file (png, &error);
    g_assert_no_error (error);
    g_assert_cmpint (gdk_pixbuf_get_width (pixbuf), ==, 864);
  }
  {
    g_autofree char *out = NULL, *err = NULL;
    const char *args[] = { "export", tif, "-o", pdf, NULL };

    g_assert_cmpint (run_faxctl (args, &out, &err), ==, 0);
    g_assert_true (g_file_test (pdf, G_FILE_TEST_IS_REGULAR));
  }
  {
    g_autofree char *out = NULL, *err = NULL;
    g_autofree char *bad_out = g_build_filename (dir, "bad.tif", NULL);
    const char *args[] = { "convert", "-o", bad_out, bin, NULL };

    g_assert_cmpint (run_faxctl (args, &out, &err), ==, 1);
    g_assert_nonnull (strstr (err, "bin.txt"));
    g_assert_false (g_file_test (bad_out, G_FILE_TEST_EXISTS));
  }
  {
    g_autofree char *out = NULL, *err = NULL;
    const char *args[] = { "convert", "--paper", "a5", "-o", tif, txt, NULL };

    g_assert_cmpint (run_faxctl (args, &out, &err), ==, 2);
  }
  {
    g_autofree char *out = NULL, *err = NULL;
    const char *args[] = { "render", tif, "--page", "9", "-o", png, NULL };

    g_assert_cmpint (run_faxctl (args, &out, &err), ==, 1);
    g_assert_nonnull (strstr (err, "no page 9"));
  }
}

int
main (int    argc,
      char **argv)
{
  fax_test_init (&argc, &argv);

  g_test_add_func ("/page-renderer/formats", test_formats);
  g_test_add_func ("/page-renderer/thumbnail-and-scale", test_thumbnail_and_scale);
  g_test_add_func ("/page-renderer/damaged", test_damaged);
  g_test_add_func ("/page-renderer/export", test_export);
  g_test_add_func ("/page-renderer/async", test_async);
  g_test_add_func ("/page-renderer/fuzz", test_fuzz);
  g_test_add_func ("/page-renderer/faxctl", test_faxctl);

  return g_test_run ();
}
