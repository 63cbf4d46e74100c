/* fax-test-pages.h: fax pages for tests, written and read with libtiff
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define FAX_TEST_PAGE_WIDTH  1728   /* A4 at 204 dpi */
#define FAX_TEST_PAGE_HEIGHT 2287   /* A4 at 196 lpi ("fine") */

/* A 1-bit bitmap, rows packed MSB first, 1 = black */
typedef struct
{
  guint   width;
  guint   height;
  guint   stride;
  guint8 *bits;
} FaxTestBitmap;

void           fax_test_bitmap_free      (FaxTestBitmap *bitmap);
/* A page of text-like lines of glyphs, different for each @seed */
FaxTestBitmap *fax_test_page_new         (guint32        seed);
/* Writes a single-page TIFF-F file (CCITT G3 1-D, fine resolution) */
void           fax_test_page_write       (FaxTestBitmap *bitmap,
                                          const char    *path);
/* Reads the first page of a bilevel TIFF file */
FaxTestBitmap *fax_test_page_read        (const char    *path);
/* How many rows @received has above the rows of @sent (efax adds a header
 * band at the top), at most @max_offset: the offset at which every row of
 * @sent from @first_row down (the header text may reach a few rows into
 * the page) is identical in @received; -1 when there is none. Up to
 * @missing_rows_allowed rows at the end of @sent may be missing. */
int            fax_test_page_find_offset (FaxTestBitmap *sent,
                                          FaxTestBitmap *received,
                                          guint          first_row,
                                          guint          max_offset,
                                          guint          missing_rows_allowed);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FaxTestBitmap, fax_test_bitmap_free)

G_END_DECLS
