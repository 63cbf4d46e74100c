/* fax-test-pages.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include <tiffio.h>

#include "fax-test-pages.h"

void
fax_test_bitmap_free (FaxTestBitmap *bitmap)
{
  g_free (bitmap->bits);
  g_free (bitmap);
}

static FaxTestBitmap *
bitmap_new (guint width,
            guint height)
{
  FaxTestBitmap *bitmap = g_new0 (FaxTestBitmap, 1);

  bitmap->width = width;
  bitmap->height = height;
  bitmap->stride = (width + 7) / 8;
  bitmap->bits = g_malloc0 ((gsize)bitmap->stride * height);
  return bitmap;
}

static void
set_pixel (FaxTestBitmap *bitmap,
           guint          x,
           guint          y)
{
  if (x < bitmap->width && y < bitmap->height)
    bitmap->bits[(gsize)y * bitmap->stride + x / 8] |= 0x80 >> (x % 8);
}

static void
fill_rect (FaxTestBitmap *bitmap,
           guint          x0,
           guint          y0,
           guint          w,
           guint          h)
{
  for (guint y = y0; y < y0 + h; y++)
    for (guint x = x0; x < x0 + w; x++)
      set_pixel (bitmap, x, y);
}

/* Small deterministic generator, so pages are the same on every run */
static guint32
next_random (guint32 *state)
{
  *state = *state * 1664525u + 1013904223u;
  return *state >> 8;
}

FaxTestBitmap *
fax_test_page_new (guint32 seed)
{
  FaxTestBitmap *page = bitmap_new (FAX_TEST_PAGE_WIDTH, FAX_TEST_PAGE_HEIGHT);
  guint32 state = seed * 2654435761u + 1;
  const guint margin = 120;
  const guint cell = 4;                 /* a glyph is 3x5 cells of 4x4 pixels */
  const guint glyph_w = 4 * cell;       /* with one cell of spacing */
  const guint line_h = 14 * cell;

  /* A frame, so that the edges of the page are checked too */
  fill_rect (page, margin / 2, margin / 2, page->width - margin, 3);
  fill_rect (page, margin / 2, page->height - margin / 2, page->width - margin, 3);
  fill_rect (page, margin / 2, margin / 2, 3, page->height - margin);
  fill_rect (page, page->width - margin / 2 - 3, margin / 2, 3, page->height - margin);

  /* Lines of "words" made of random glyphs */
  for (guint y = margin; y + line_h < page->height - margin; y += line_h)
    {
      guint x = margin;

      /* Now and then a short last line of a paragraph, or an empty line */
      guint line_end = page->width - margin;
      if (next_random (&state) % 7 == 0)
        line_end = margin + next_random (&state) % (page->width - 2 * margin);

      while (x + glyph_w < line_end)
        {
          guint word = 1 + next_random (&state) % 9;

          for (guint g = 0; g < word && x + glyph_w < line_end; g++, x += glyph_w)
            {
              guint bits = next_random (&state) & next_random (&state) & 0x7fff;

              for (guint r = 0; r < 5; r++)
                for (guint c = 0; c < 3; c++)
                  if (bits & (1u << (r * 3 + c)))
                    fill_rect (page, x + c * cell, y + r * cell, cell, cell);
            }
          x += glyph_w;
        }
    }

  /* A patch of fine detail: a checkerboard of 2-pixel squares */
  for (guint y = 0; y < 64; y++)
    for (guint x = 0; x < 256; x++)
      if (((x / 2) + (y / 2)) % 2 == 0)
        set_pixel (page, page->width - margin - 256 + x, page->height - margin - 80 + y);

  return page;
}

void
fax_test_page_write (FaxTestBitmap *bitmap,
                     const char    *path)
{
  TIFF *tif = TIFFOpen (path, "w");

  g_assert_nonnull (tif);
  TIFFSetField (tif, TIFFTAG_IMAGEWIDTH, bitmap->width);
  TIFFSetField (tif, TIFFTAG_IMAGELENGTH, bitmap->height);
  TIFFSetField (tif, TIFFTAG_BITSPERSAMPLE, 1);
  TIFFSetField (tif, TIFFTAG_SAMPLESPERPIXEL, 1);
  TIFFSetField (tif, TIFFTAG_PHOTOMETRIC, PHOTOMETRIC_MINISWHITE);
  TIFFSetField (tif, TIFFTAG_COMPRESSION, COMPRESSION_CCITTFAX3);
  TIFFSetField (tif, TIFFTAG_GROUP3OPTIONS, 0);
  TIFFSetField (tif, TIFFTAG_FILLORDER, FILLORDER_MSB2LSB);
  TIFFSetField (tif, TIFFTAG_PLANARCONFIG, PLANARCONFIG_CONTIG);
  TIFFSetField (tif, TIFFTAG_ROWSPERSTRIP, bitmap->height);
  TIFFSetField (tif, TIFFTAG_XRESOLUTION, 204.0);
  TIFFSetField (tif, TIFFTAG_YRESOLUTION, 196.0);
  TIFFSetField (tif, TIFFTAG_RESOLUTIONUNIT, RESUNIT_INCH);
  TIFFSetField (tif, TIFFTAG_SUBFILETYPE, FILETYPE_PAGE);
  /* End the data with RTC: efax reads a page up to RTC (or the end of
   * the file, through the directory libtiff writes after the data) */
  TIFFSetField (tif, TIFFTAG_FAXMODE, FAXMODE_CLASSIC);

  for (guint y = 0; y < bitmap->height; y++)
    g_assert_cmpint (TIFFWriteScanline (tif, bitmap->bits + (gsize)y * bitmap->stride, y, 0), ==, 1);

  TIFFClose (tif);
}

FaxTestBitmap *
fax_test_page_read (const char *path)
{
  FaxTestBitmap *bitmap;
  TIFF *tif = TIFFOpen (path, "r");
  guint32 width = 0;
  guint32 height = 0;
  guint16 bps = 0;
  guint16 photometric = PHOTOMETRIC_MINISWHITE;

  g_assert_nonnull (tif);
  TIFFGetField (tif, TIFFTAG_IMAGEWIDTH, &width);
  TIFFGetField (tif, TIFFTAG_IMAGELENGTH, &height);
  TIFFGetFieldDefaulted (tif, TIFFTAG_BITSPERSAMPLE, &bps);
  TIFFGetFieldDefaulted (tif, TIFFTAG_PHOTOMETRIC, &photometric);
  g_assert_cmpuint (bps, ==, 1);
  g_assert_cmpuint (width, >, 0);
  g_assert_cmpuint (height, >, 0);

  bitmap = bitmap_new (width, height);
  g_assert_cmpint (TIFFScanlineSize (tif), ==, bitmap->stride);
  for (guint y = 0; y < height; y++)
    {
      guint8 *row = bitmap->bits + (gsize)y * bitmap->stride;

      g_assert_cmpint (TIFFReadScanline (tif, row, y, 0), ==, 1);
      if (photometric == PHOTOMETRIC_MINISBLACK)
        for (guint i = 0; i < bitmap->stride; i++)
          row[i] = ~row[i];
      /* Bits past the width are padding */
      if (width % 8 != 0)
        row[bitmap->stride - 1] &= 0xff << (8 - width % 8);
    }

  TIFFClose (tif);
  return bitmap;
}

int
fax_test_page_find_offset (FaxTestBitmap *sent,
                           FaxTestBitmap *received,
                           guint          first_row,
                           guint          max_offset,
                           guint          missing_rows_allowed)
{
  if (sent->width != received->width || first_row >= sent->height)
    return -1;

  for (guint offset = 0; offset <= max_offset && offset < received->height; offset++)
    {
      guint rows = MIN (sent->height, received->height - offset);
      gboolean same = TRUE;

      if (rows + missing_rows_allowed < sent->height)
        continue;

      for (guint y = first_row; y < rows && same; y++)
        same = memcmp (sent->bits + (gsize)y * sent->stride,
                       received->bits + (gsize)(y + offset) * received->stride,
                       sent->stride) == 0;
      if (same)
        return offset;
    }

  return -1;
}
