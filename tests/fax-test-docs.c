/* fax-test-docs.c: documents made at test time, and reading fax TIFFs back
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include <cairo-pdf.h>
#include <gdk-pixbuf/gdk-pixbuf.h>
#include <glib/gstdio.h>

#include "fax-test-docs.h"

char *
fax_test_make_pdf (const char   *dir,
                   const char   *name,
                   guint         n_pages,
                   const double *sizes)
{
  char *path = g_build_filename (dir, name, NULL);
  cairo_surface_t *surface = cairo_pdf_surface_create (path, sizes[0], sizes[1]);
  cairo_t *cr = cairo_create (surface);

  for (guint i = 0; i < n_pages; i++)
    {
      g_autofree char *label = g_strdup_printf ("Page %u", i + 1);

      cairo_pdf_surface_set_size (surface, sizes[2 * i], sizes[2 * i + 1]);
      cairo_set_source_rgb (cr, 0, 0, 0);
      cairo_rectangle (cr, 72, 72, 144, 72);
      cairo_fill (cr);
      cairo_select_font_face (cr, "Sans", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_NORMAL);
      cairo_set_font_size (cr, 24);
      cairo_move_to (cr, 72, 300);
      cairo_show_text (cr, label);
      cairo_show_page (cr);
    }
  cairo_destroy (cr);
  cairo_surface_finish (surface);
  g_assert_cmpint (cairo_surface_status (surface), ==, CAIRO_STATUS_SUCCESS);
  cairo_surface_destroy (surface);
  return path;
}

static const char *const word_list[] = {
  "the", "office", "received", "your", "letter", "about", "the", "invoice",
  "and", "we", "will", "send", "payment", "before", "Friday", "please",
  "confirm", "that", "account", "number", "matches", "our", "records",
  "thank", "you", "for", "waiting", "during", "holiday", "season", "meeting",
  "tomorrow", "morning", "building", "street", "station", "report", "market",
  "summer", "window", "garden", "yellow", "orange", "purple", "number",
  "question", "answer", "simple", "example", "machine", "telephone", "paper",
};

char *
fax_test_make_text (const char  *dir,
                    const char  *name,
                    guint        n_lines,
                    GPtrArray  **words)
{
  g_autoptr(GString) text = g_string_new (NULL);
  g_autoptr(GRand) rand = g_rand_new_with_seed (42);
  char *path;

  if (words)
    *words = g_ptr_array_new_with_free_func (g_free);
  for (guint line = 0; line < n_lines; line++)
    {
      gsize start = text->len;

      while (text->len - start < 60)
        {
          const char *w = word_list[g_rand_int_range (rand, 0, G_N_ELEMENTS (word_list))];

          if (text->len > start)
            g_string_append_c (text, ' ');
          g_string_append (text, w);
          if (words)
            g_ptr_array_add (*words, g_strdup (w));
        }
      g_string_append_c (text, '\n');
    }
  path = fax_test_write_file (dir, name, text->str, text->len);
  return path;
}

char *
fax_test_make_gradient_png (const char *dir,
                            const char *name,
                            int         width,
                            int         height)
{
  g_autoptr(GdkPixbuf) pixbuf = gdk_pixbuf_new (GDK_COLORSPACE_RGB, FALSE, 8, width, height);
  g_autoptr(GError) error = NULL;
  guint8 *pixels = gdk_pixbuf_get_pixels (pixbuf);
  int stride = gdk_pixbuf_get_rowstride (pixbuf);
  char *path = g_build_filename (dir, name, NULL);

  for (int y = 0; y < height; y++)
    for (int x = 0; x < width; x++)
      {
        guint8 v = 255 - (x * 255) / (width - 1);

        pixels[y * stride + 3 * x] = v;
        pixels[y * stride + 3 * x + 1] = v;
        pixels[y * stride + 3 * x + 2] = v;
      }
  gdk_pixbuf_save (pixbuf, path, "png", &error, NULL);
  g_assert_no_error (error);
  return path;
}

char *
fax_test_write_file (const char *dir,
                     const char *name,
                     const void *data,
                     gssize      len)
{
  g_autoptr(GError) error = NULL;
  char *path = g_build_filename (dir, name, NULL);

  g_file_set_contents (path, data, len, &error);
  g_assert_no_error (error);
  return path;
}

void
fax_test_page_free (FaxTestPage *page)
{
  g_free (page->software);
  g_free (page->ink);
  g_free (page);
}

GPtrArray *
fax_test_read_tiff (const char *path)
{
  GPtrArray *pages = g_ptr_array_new_with_free_func ((GDestroyNotify)fax_test_page_free);
  TIFF *tif = TIFFOpen (path, "r");

  g_assert_nonnull (tif);
  do
    {
      FaxTestPage *page = g_new0 (FaxTestPage, 1);
      g_autofree guint8 *row = NULL;
      const char *software = NULL;
      guint16 photometric = PHOTOMETRIC_MINISWHITE;

      g_assert_true (TIFFGetField (tif, TIFFTAG_IMAGEWIDTH, &page->width));
      g_assert_true (TIFFGetField (tif, TIFFTAG_IMAGELENGTH, &page->height));
      TIFFGetField (tif, TIFFTAG_XRESOLUTION, &page->x_res);
      TIFFGetField (tif, TIFFTAG_YRESOLUTION, &page->y_res);
      TIFFGetField (tif, TIFFTAG_RESOLUTIONUNIT, &page->res_unit);
      TIFFGetField (tif, TIFFTAG_COMPRESSION, &page->compression);
      TIFFGetField (tif, TIFFTAG_GROUP3OPTIONS, &page->t4options);
      TIFFGetField (tif, TIFFTAG_FILLORDER, &page->fill_order);
      TIFFGetField (tif, TIFFTAG_PAGENUMBER, &page->page_number, &page->n_pages);
      TIFFGetField (tif, TIFFTAG_PHOTOMETRIC, &photometric);
      if (TIFFGetField (tif, TIFFTAG_SOFTWARE, &software))
        page->software = g_strdup (software);

      page->ink = g_malloc0 ((gsize)page->width * page->height);
      row = g_malloc (TIFFScanlineSize (tif));
      for (guint32 y = 0; y < page->height; y++)
        {
          g_assert_cmpint (TIFFReadScanline (tif, row, y, 0), ==, 1);
          for (guint32 x = 0; x < page->width; x++)
            {
              gboolean bit = (row[x >> 3] >> (7 - (x & 7))) & 1;

              page->ink[(gsize)y * page->width + x] = (photometric == PHOTOMETRIC_MINISWHITE) ? bit : !bit;
            }
        }
      g_ptr_array_add (pages, page);
    }
  while (TIFFReadDirectory (tif));
  TIFFClose (tif);
  return pages;
}

double
fax_test_page_ink (const FaxTestPage *page,
                   guint x, guint y, guint w, guint h)
{
  guint64 ink = 0;

  g_assert_cmpuint (x + w, <=, page->width);
  g_assert_cmpuint (y + h, <=, page->height);
  for (guint j = y; j < y + h; j++)
    for (guint i = x; i < x + w; i++)
      ink += page->ink[(gsize)j * page->width + i];
  return (double)ink / ((double)w * h);
}

guint
fax_test_page_speckles (const FaxTestPage *page,
                        guint x, guint y, guint w, guint h)
{
  guint n = 0;

  for (guint j = MAX (y, 1); j < MIN (y + h, page->height - 1); j++)
    for (guint i = MAX (x, 1); i < MIN (x + w, page->width - 1); i++)
      {
        guint neighbours = 0;

        if (!page->ink[(gsize)j * page->width + i])
          continue;
        for (int dy = -1; dy <= 1; dy++)
          for (int dx = -1; dx <= 1; dx++)
            if (dx || dy)
              neighbours += page->ink[(gsize)(j + dy) * page->width + i + dx];
        n += neighbours == 0;
      }
  return n;
}

double
fax_test_surface_ink (cairo_surface_t *surface,
                      int x, int y, int w, int h)
{
  const guint8 *data;
  int stride;
  guint64 dark = 0;

  cairo_surface_flush (surface);
  data = cairo_image_surface_get_data (surface);
  stride = cairo_image_surface_get_stride (surface);
  g_assert_cmpint (x + w, <=, cairo_image_surface_get_width (surface));
  g_assert_cmpint (y + h, <=, cairo_image_surface_get_height (surface));
  for (int j = y; j < y + h; j++)
    for (int i = x; i < x + w; i++)
      {
        guint32 p = *(const guint32 *)(data + (gsize)j * stride + 4 * i);
        guint gray = (((p >> 16) & 0xff) + ((p >> 8) & 0xff) + (p & 0xff)) / 3;

        dark += gray < 128;
      }
  return (double)dark / ((double)w * h);
}

void
fax_test_assert_dir_only (const char         *dir,
                          const char * const *keep)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  g_assert_nonnull (d);
  while ((name = g_dir_read_name (d)) != NULL)
    if (!g_strv_contains (keep, name))
      g_error ("unexpected file “%s” left in %s", name, dir);
}
