/* fax-cover-page-private.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <cairo.h>

#include "fax-cover-page.h"

G_BEGIN_DECLS

/* Draws the cover page on @cr, whose user space is points on a page of
 * @width x @height points; @n_pages counts the cover page too */
void _fax_cover_page_draw (FaxCoverPage *self,
                           cairo_t      *cr,
                           double        width,
                           double        height,
                           guint         n_pages);

G_END_DECLS
