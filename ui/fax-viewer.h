/* fax-viewer.h: a window showing one fax file
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

typedef enum {
  FAX_VIEWER_ZOOM_FIT_WIDTH,
  FAX_VIEWER_ZOOM_FIT_PAGE,
  FAX_VIEWER_ZOOM_ACTUAL,      /* 100%: the page's physical size on a 96 dpi screen */
  FAX_VIEWER_ZOOM_CUSTOM,
} FaxViewerZoom;

#define FAX_TYPE_VIEWER (fax_viewer_get_type ())

G_DECLARE_FINAL_TYPE (FaxViewer, fax_viewer, FAX, VIEWER, AdwWindow)

FaxViewer *fax_viewer_new          (GtkWindow     *parent,
                                    GFile         *file);
GFile     *fax_viewer_get_file     (FaxViewer     *self);
/* 0 until the file is read */
guint      fax_viewer_get_n_pages  (FaxViewer     *self);
guint      fax_viewer_get_page     (FaxViewer     *self);
void       fax_viewer_set_page     (FaxViewer     *self,
                                    guint          page);
void       fax_viewer_set_zoom     (FaxViewer     *self,
                                    FaxViewerZoom  zoom);
/* Quarter turns clockwise, 0-3 */
void       fax_viewer_rotate       (FaxViewer     *self);
guint      fax_viewer_get_rotation (FaxViewer     *self);
/* The texture shown for the current page (NULL while rendering) */
GdkPaintable *fax_viewer_get_paintable (FaxViewer *self);
/* Writes the fax as a PDF (one page per page, true size); async */
void       fax_viewer_export_pdf   (FaxViewer     *self,
                                    GFile         *output);

G_END_DECLS
