/* fax-test-docs.h: documents made at test time, and reading fax TIFFs back
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <cairo.h>
#include <glib.h>
#include <tiffio.h>

G_BEGIN_DECLS

/* A PDF drawn with cairo: page i has size sizes[2i] x sizes[2i+1] points
 * and a black box at (72, 72) of 144 x 72 points, plus "Page N" text */
char    *fax_test_make_pdf          (const char *dir,
                                     const char *name,
                                     guint       n_pages,
                                     const double *sizes);
/* A 16-page-ish text of real words; returns the words in @words */
char    *fax_test_make_text         (const char *dir,
                                     const char *name,
                                     guint       n_lines,
                                     GPtrArray **words);
/* A horizontal grey ramp (white left, black right) saved as PNG */
char    *fax_test_make_gradient_png (const char *dir,
                                     const char *name,
                                     int         width,
                                     int         height);
char    *fax_test_write_file        (const char *dir,
                                     const char *name,
                                     const void *data,
                                     gssize      len);

typedef struct
{
  guint32  width;
  guint32  height;
  float    x_res;
  float    y_res;
  guint16  res_unit;
  guint16  compression;
  guint32  t4options;
  guint16  fill_order;
  guint16  page_number;
  guint16  n_pages;
  char    *software;
  guint8  *ink;          /* width * height, 1 = black */
} FaxTestPage;

/* Every page of a bilevel TIFF, decoded with libtiff */
GPtrArray *fax_test_read_tiff       (const char *path);
void       fax_test_page_free       (FaxTestPage *page);
/* Fraction of black pixels in a rectangle */
double     fax_test_page_ink        (const FaxTestPage *page,
                                     guint x, guint y, guint w, guint h);
/* Black pixels with no black 8-neighbour (speckle) in a rectangle */
guint      fax_test_page_speckles   (const FaxTestPage *page,
                                     guint x, guint y, guint w, guint h);
/* Fraction of dark pixels in a rectangle of an RGB24 surface */
double     fax_test_surface_ink     (cairo_surface_t *surface,
                                     int x, int y, int w, int h);

/* No file in @dir other than @keep (NULL-terminated list of names) */
void       fax_test_assert_dir_only (const char *dir,
                                     const char * const *keep);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FaxTestPage, fax_test_page_free)

G_END_DECLS
