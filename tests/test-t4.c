/* test-t4.c: the T.4/T.6 page encoder, checked by libtiff's decoder
 *
 * Every page is encoded by _fax_t4_encode, stored as the one strip of a
 * TIFF with the matching tags, and read back with libtiff: the pixels must
 * come back exactly and libtiff must not complain.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include <glib/gstdio.h>
#include <tiffio.h>

#include <fax-backend.h>

#include "fax-t4-private.h"
#include "fax-test-util.h"

typedef enum
{
  PATTERN_RANDOM,       /* each pixel on its own: the shortest runs */
  PATTERN_RUNS,         /* runs of random lengths, up to whole rows */
  PATTERN_TEXT,         /* rows that mostly repeat the one above, as in print */
  PATTERN_WHITE,
  PATTERN_BLACK,
  PATTERN_EDGES,        /* black at the first and the last pixel */
  N_PATTERNS
} Pattern;

static const char *const pattern_names[N_PATTERNS] = {
  "random", "runs", "text", "white", "black", "edges",
};

static guint8 *
make_page (GRand   *rand,
           Pattern  pattern,
           guint    width,
           guint    height,
           gsize    stride)
{
  guint8 *bits = g_malloc0 (stride * height);

  for (guint y = 0; y < height; y++)
    {
      guint8 *row = bits + (gsize)y * stride;
      guint x = 0;
      gboolean black = g_rand_boolean (rand);

      switch (pattern)
        {
        case PATTERN_RANDOM:
          for (x = 0; x < width; x++)
            if (g_rand_boolean (rand))
              row[x / 8] |= 0x80 >> (x % 8);
          break;
        case PATTERN_RUNS:
          while (x < width)
            {
              /* Short, medium and make-up lengths, and some past 2560 */
              guint limit = (guint[]){ 4, 70, 700, 6000 }[g_rand_int_range (rand, 0, 4)];
              guint run = g_rand_int_range (rand, 1, limit + 1);

              run = MIN (run, width - x);

              if (black)
                for (guint i = x; i < x + run; i++)
                  row[i / 8] |= 0x80 >> (i % 8);
              x += run;
              black = !black;
            }
          break;
        case PATTERN_TEXT:
          if (y > 0 && g_rand_int_range (rand, 0, 4) != 0)
            {
              /* The row above, one edge moved by up to four pixels */
              memcpy (row, row - stride, stride);
              guint end;

              x = g_rand_int_range (rand, 0, width);
              end = MIN (width, x + g_rand_int_range (rand, 0, 5));
              for (guint i = x; i < end; i++)
                row[i / 8] ^= 0x80 >> (i % 8);
            }
          else
            for (x = 0; x < width; x++)
              if (g_rand_int_range (rand, 0, 9) == 0)
                row[x / 8] |= 0x80 >> (x % 8);
          break;
        case PATTERN_WHITE:
          break;
        case PATTERN_BLACK:
          for (x = 0; x < width; x++)
            row[x / 8] |= 0x80 >> (x % 8);
          break;
        case PATTERN_EDGES:
          row[0] |= 0x80;
          row[(width - 1) / 8] |= 0x80 >> ((width - 1) % 8);
          break;
        default:
          g_assert_not_reached ();
        }
      /* Padding bits past the row's end must not matter */
      if (width % 8 != 0)
        row[width / 8] |= 0xff >> (width % 8);
    }
  return bits;
}

static int
count_error (TIFF       *tif,
             void       *user_data,
             const char *module,
             const char *fmt,
             va_list     ap)
{
  guint *n_messages = user_data;

  (*n_messages)++;
  return 1;
}

static void
check_round_trip (const char     *dir,
                  const guint8   *bits,
                  guint           width,
                  guint           height,
                  gsize           stride,
                  FaxCompression  compression,
                  gboolean        lsb_first,
                  const char     *what)
{
  g_autofree char *path = g_build_filename (dir, "page.tif", NULL);
  g_autoptr(GBytes) strip = NULL;
  g_autofree guint8 *line = NULL;
  TIFFOpenOptions *opts;
  guint n_messages = 0;
  gsize size;
  gconstpointer data;
  TIFF *tif;

  strip = _fax_t4_encode (bits, width, height, stride, compression, 4, lsb_first);
  g_assert_nonnull (strip);
  data = g_bytes_get_data (strip, &size);

  opts = TIFFOpenOptionsAlloc ();
  TIFFOpenOptionsSetErrorHandlerExtR (opts, count_error, &n_messages);
  TIFFOpenOptionsSetWarningHandlerExtR (opts, count_error, &n_messages);

  tif = TIFFOpenExt (path, "w", opts);
  g_assert_nonnull (tif);
  TIFFSetField (tif, TIFFTAG_IMAGEWIDTH, width);
  TIFFSetField (tif, TIFFTAG_IMAGELENGTH, height);
  TIFFSetField (tif, TIFFTAG_BITSPERSAMPLE, 1);
  TIFFSetField (tif, TIFFTAG_SAMPLESPERPIXEL, 1);
  TIFFSetField (tif, TIFFTAG_PHOTOMETRIC, PHOTOMETRIC_MINISWHITE);
  TIFFSetField (tif, TIFFTAG_FILLORDER, lsb_first ? FILLORDER_LSB2MSB : FILLORDER_MSB2LSB);
  TIFFSetField (tif, TIFFTAG_ROWSPERSTRIP, height);
  switch (compression)
    {
    case FAX_COMPRESSION_G3_1D:
      TIFFSetField (tif, TIFFTAG_COMPRESSION, COMPRESSION_CCITTFAX3);
      TIFFSetField (tif, TIFFTAG_GROUP3OPTIONS, GROUP3OPT_FILLBITS);
      break;
    case FAX_COMPRESSION_G3_2D:
      TIFFSetField (tif, TIFFTAG_COMPRESSION, COMPRESSION_CCITTFAX3);
      TIFFSetField (tif, TIFFTAG_GROUP3OPTIONS, GROUP3OPT_2DENCODING | GROUP3OPT_FILLBITS);
      break;
    case FAX_COMPRESSION_G4:
    default:
      TIFFSetField (tif, TIFFTAG_COMPRESSION, COMPRESSION_CCITTFAX4);
      break;
    }
  g_assert_cmpint (TIFFWriteRawStrip (tif, 0, (void *)data, size), ==, (tmsize_t)size);
  TIFFClose (tif);

  tif = TIFFOpenExt (path, "r", opts);
  g_assert_nonnull (tif);
  line = g_malloc (TIFFScanlineSize (tif));
  for (guint y = 0; y < height; y++)
    {
      const guint8 *want = bits + (gsize)y * stride;

      g_assert_cmpint (TIFFReadScanline (tif, line, y, 0), ==, 1);
      for (guint x = 0; x < width; x++)
        {
          gboolean a = (want[x / 8] >> (7 - x % 8)) & 1;
          gboolean b = (line[x / 8] >> (7 - x % 8)) & 1;

          if (a != b)
            g_error ("%s: pixel %u,%u decodes as %d, was %d", what, x, y, b, a);
        }
    }
  TIFFClose (tif);
  TIFFOpenOptionsFree (opts);
  if (n_messages != 0)
    g_error ("%s: libtiff reported %u problems decoding", what, n_messages);
  g_unlink (path);
}

static void
test_round_trip (void)
{
  g_autofree char *dir = g_build_filename (fax_test_get_root (), "t4", NULL);
  /* Fax widths (A4 at 204 and 408 dpi, B4, A3 superfine) and awkward ones */
  static const guint widths[] = { 1728, 3456, 2048, 4864, 1, 7, 63, 64, 65, 1000 };
  static const FaxCompression compressions[] = {
    FAX_COMPRESSION_G3_1D, FAX_COMPRESSION_G3_2D, FAX_COMPRESSION_G4,
  };
  g_autoptr(GRand) rand = g_rand_new_with_seed (20261207);
  guint n_pages = 0;

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  for (guint wi = 0; wi < G_N_ELEMENTS (widths); wi++)
    for (Pattern pattern = 0; pattern < N_PATTERNS; pattern++)
      for (guint ci = 0; ci < G_N_ELEMENTS (compressions); ci++)
        {
          guint width = widths[wi];
          guint height = width > 100 ? 96 : 40;
          gsize stride = (width + 7) / 8 + (pattern == PATTERN_TEXT ? 3 : 0);
          g_autofree guint8 *bits = make_page (rand, pattern, width, height, stride);
          g_autofree char *what = g_strdup_printf ("%u pixels, %s, compression %d",
                                                   width, pattern_names[pattern], compressions[ci]);

          check_round_trip (dir, bits, width, height, stride, compressions[ci],
                            (wi + pattern) % 2 == 0, what);
          n_pages++;
        }
  g_test_message ("%u pages encoded and decoded back", n_pages);
}

/* A page of print compresses to a fraction of its size, and G4 to less
 * than G3 */
static void
test_sizes (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (7);
  gsize row_bytes = 1728 / 8;
  g_autofree guint8 *bits = make_page (rand, PATTERN_TEXT, 1728, 2292, row_bytes);
  g_autoptr(GBytes) g3 = _fax_t4_encode (bits, 1728, 2292, row_bytes, FAX_COMPRESSION_G3_1D, 4, TRUE);
  g_autoptr(GBytes) g3_2d = _fax_t4_encode (bits, 1728, 2292, row_bytes, FAX_COMPRESSION_G3_2D, 4, TRUE);
  g_autoptr(GBytes) g4 = _fax_t4_encode (bits, 1728, 2292, row_bytes, FAX_COMPRESSION_G4, 4, TRUE);
  g_autofree guint8 *white = g_malloc0 (row_bytes * 2292);
  g_autoptr(GBytes) blank = _fax_t4_encode (white, 1728, 2292, row_bytes, FAX_COMPRESSION_G4, 4, TRUE);

  g_test_message ("random print: raw %zu, G3 %zu, G3 2D %zu, G4 %zu bytes; blank page G4 %zu",
                  row_bytes * 2292, g_bytes_get_size (g3), g_bytes_get_size (g3_2d),
                  g_bytes_get_size (g4), g_bytes_get_size (blank));
  g_assert_cmpuint (g_bytes_get_size (g4), <, g_bytes_get_size (g3_2d));
  g_assert_cmpuint (g_bytes_get_size (g3_2d), <, g_bytes_get_size (g3));
  /* A white row is one V0 in G4: 2292 bits and the EOFB */
  g_assert_cmpuint (g_bytes_get_size (blank), ==, (2292 + 24 + 7) / 8);
}

int
main (int    argc,
      char **argv)
{
  fax_test_init (&argc, &argv);

  g_test_add_func ("/t4/round-trip", test_round_trip);
  g_test_add_func ("/t4/sizes", test_sizes);
  return g_test_run ();
}
