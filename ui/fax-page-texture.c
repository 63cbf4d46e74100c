/* fax-page-texture.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "fax-page-texture.h"

GdkTexture *
fax_page_texture_new (cairo_surface_t *surface,
                      guint            rotation)
{
  /* Always through an ARGB32 copy: opaque for RGB24 sources (GTK 4.8 has
   * no format for their undefined fourth byte), turned if asked */
  int w = cairo_image_surface_get_width (surface);
  int h = cairo_image_surface_get_height (surface);
  gboolean quarter = rotation % 2 == 1;
  int tw = quarter ? h : w;
  int th = quarter ? w : h;
  cairo_surface_t *out = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, tw, th);
  cairo_t *cr = cairo_create (out);
  g_autoptr(GBytes) bytes = NULL;
  GdkTexture *texture;

  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  cairo_translate (cr, tw / 2.0, th / 2.0);
  cairo_rotate (cr, G_PI / 2 * (rotation % 4));
  cairo_translate (cr, -w / 2.0, -h / 2.0);
  cairo_set_source_surface (cr, surface, 0, 0);
  cairo_paint (cr);
  cairo_destroy (cr);
  cairo_surface_flush (out);

  bytes = g_bytes_new (cairo_image_surface_get_data (out),
                       (gsize)cairo_image_surface_get_stride (out) * th);
  texture = gdk_memory_texture_new (tw, th, GDK_MEMORY_B8G8R8A8_PREMULTIPLIED,
                                    bytes, cairo_image_surface_get_stride (out));
  cairo_surface_destroy (out);
  return texture;
}
