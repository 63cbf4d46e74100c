/* fax-page-renderer-private.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "fax-page-renderer.h"

G_BEGIN_DECLS

/* Page @page at its native pixels: an A1 surface of the ink (bilevel
 * pages) or an RGB24 image; thread-safe */
cairo_surface_t *_fax_page_renderer_decode_page (FaxPageRenderer *self,
                                                 guint            page,
                                                 GCancellable    *cancellable,
                                                 GError         **error);

G_END_DECLS
