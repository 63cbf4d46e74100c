/* fax-document-enums.h: the choices of the document converter
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/* Fax resolutions (horizontal x vertical dots per inch) */
typedef enum {
  FAX_RESOLUTION_STANDARD,    /* 204 x 98,  1728 pixels wide */
  FAX_RESOLUTION_FINE,        /* 204 x 196, 1728 pixels wide */
  FAX_RESOLUTION_SUPERFINE,   /* 204 x 391, 1728 pixels wide */
  FAX_RESOLUTION_ULTRAFINE,   /* 408 x 391, 3456 pixels wide */
} FaxResolution;

typedef enum {
  FAX_PAPER_A4,
  FAX_PAPER_LETTER,
} FaxPaperSize;

typedef enum {
  FAX_COMPRESSION_G3_1D,      /* T.4 one-dimensional (MH) */
  FAX_COMPRESSION_G3_2D,      /* T.4 two-dimensional (MR) */
  FAX_COMPRESSION_G4,         /* T.6 (MMR) */
} FaxCompression;

/* How grey becomes black and white */
typedef enum {
  FAX_RENDER_AUTO,            /* per area: text and line art thresholded, photos dithered */
  FAX_RENDER_TEXT,            /* threshold everything (crisp text, no speckle) */
  FAX_RENDER_PHOTO,           /* error-diffuse everything */
} FaxRenderMode;

#define FAX_TYPE_RESOLUTION (fax_resolution_get_type ())
#define FAX_TYPE_PAPER_SIZE (fax_paper_size_get_type ())
#define FAX_TYPE_COMPRESSION (fax_compression_get_type ())
#define FAX_TYPE_RENDER_MODE (fax_render_mode_get_type ())

GType fax_resolution_get_type   (void) G_GNUC_CONST;
GType fax_paper_size_get_type   (void) G_GNUC_CONST;
GType fax_compression_get_type  (void) G_GNUC_CONST;
GType fax_render_mode_get_type  (void) G_GNUC_CONST;

/* The dots per inch and page width of a resolution */
void  fax_resolution_get_dpi    (FaxResolution  resolution,
                                 double        *x_dpi,
                                 double        *y_dpi);
guint fax_resolution_get_width  (FaxResolution  resolution);
/* Lines per page of @paper at @resolution */
guint fax_paper_size_get_lines  (FaxPaperSize   paper,
                                 FaxResolution  resolution);

G_END_DECLS
