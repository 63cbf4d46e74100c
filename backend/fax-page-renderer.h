/* fax-page-renderer.h: reading and showing fax TIFF files
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once


#include <cairo.h>
#include <gio/gio.h>

G_BEGIN_DECLS

#define FAX_TYPE_PAGE_RENDERER (fax_page_renderer_get_type ())

G_DECLARE_FINAL_TYPE (FaxPageRenderer, fax_page_renderer, FAX, PAGE_RENDERER, GObject)

FaxPageRenderer *fax_page_renderer_new             (GFile                *file);
GFile           *fax_page_renderer_get_file        (FaxPageRenderer      *self);

/* Reads the page directory of the file (blocking: use from a worker, or
 * the _async pair).  Succeeds when at least one page can be read; what is
 * broken is listed by fax_page_renderer_get_problems () */
gboolean         fax_page_renderer_load            (FaxPageRenderer      *self,
                                                    GCancellable         *cancellable,
                                                    GError              **error);
void             fax_page_renderer_load_async      (FaxPageRenderer      *self,
                                                    GCancellable         *cancellable,
                                                    GAsyncReadyCallback   callback,
                                                    gpointer              user_data);
gboolean         fax_page_renderer_load_finish     (FaxPageRenderer      *self,
                                                    GAsyncResult         *result,
                                                    GError              **error);

guint            fax_page_renderer_get_n_pages     (FaxPageRenderer      *self);
/* Pixel size and resolution (dots per inch) of page @page (0-based) */
gboolean         fax_page_renderer_get_page_size   (FaxPageRenderer      *self,
                                                    guint                 page,
                                                    guint                *width,
                                                    guint                *height,
                                                    double               *x_dpi,
                                                    double               *y_dpi);
/* "G4", "G3 2D", "JPEG", ... */
const char      *fax_page_renderer_get_page_compression (FaxPageRenderer *self,
                                                    guint                 page);
/* Physical size in points (1/72 inch) */
void             fax_page_renderer_get_page_size_points (FaxPageRenderer *self,
                                                    guint                 page,
                                                    double               *width,
                                                    double               *height);
/* Descriptive TIFF tags of the first page ("Software", "ImageDescription",
 * "DateTime", "HostComputer", "Make", "Model", "DocumentName", "Artist",
 * "PageName"): name -> value, transfer none */
GHashTable      *fax_page_renderer_get_metadata    (FaxPageRenderer      *self);
/* Human-readable descriptions of what is broken in the file, NULL-terminated;
 * grows as rendering finds more */
char           **fax_page_renderer_dup_problems    (FaxPageRenderer      *self);

/* Renders page @page at @scale (1.0: one image pixel per horizontal
 * pixel), the vertical axis corrected so that pages show at their true
 * proportions (a 204x98 dpi page is not squashed).  Thread-safe. */
cairo_surface_t *fax_page_renderer_render_page     (FaxPageRenderer      *self,
                                                    guint                 page,
                                                    double                scale,
                                                    GCancellable         *cancellable,
                                                    GError              **error);
void             fax_page_renderer_render_page_async (FaxPageRenderer    *self,
                                                    guint                 page,
                                                    double                scale,
                                                    GCancellable         *cancellable,
                                                    GAsyncReadyCallback   callback,
                                                    gpointer              user_data);
cairo_surface_t *fax_page_renderer_render_page_finish (FaxPageRenderer   *self,
                                                    GAsyncResult         *result,
                                                    GError              **error);
/* The page scaled to fit in @max_width x @max_height, true proportions */
cairo_surface_t *fax_page_renderer_render_thumbnail (FaxPageRenderer     *self,
                                                    guint                 page,
                                                    int                   max_width,
                                                    int                   max_height,
                                                    GCancellable         *cancellable,
                                                    GError              **error);

/* One PDF page per fax page at its true physical size */
gboolean         fax_page_renderer_export_pdf      (FaxPageRenderer      *self,
                                                    GFile                *output,
                                                    GCancellable         *cancellable,
                                                    GError              **error);
void             fax_page_renderer_export_pdf_async (FaxPageRenderer     *self,
                                                    GFile                *output,
                                                    GCancellable         *cancellable,
                                                    GAsyncReadyCallback   callback,
                                                    gpointer              user_data);
gboolean         fax_page_renderer_export_pdf_finish (FaxPageRenderer    *self,
                                                    GAsyncResult         *result,
                                                    GError              **error);
/* One PNG per page with square pixels; @pattern contains one "%u" for the
 * 1-based page number (e.g. "/tmp/fax-%u.png") */
gboolean         fax_page_renderer_export_png      (FaxPageRenderer      *self,
                                                    const char           *pattern,
                                                    GCancellable         *cancellable,
                                                    GError              **error);

G_END_DECLS
