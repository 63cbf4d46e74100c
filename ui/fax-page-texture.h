/* fax-page-texture.h: rendered fax pages as GDK textures
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <cairo.h>
#include <gtk/gtk.h>

G_BEGIN_DECLS

/* A cairo image surface (what FaxPageRenderer returns) as an opaque
 * texture, turned @rotation quarter turns clockwise */
GdkTexture *fax_page_texture_new (cairo_surface_t *surface,
                                  guint            rotation);

G_END_DECLS
