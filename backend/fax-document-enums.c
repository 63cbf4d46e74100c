/* fax-document-enums.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>

#include "fax-document-enums.h"

G_DEFINE_ENUM_TYPE (FaxResolution, fax_resolution,
  G_DEFINE_ENUM_VALUE (FAX_RESOLUTION_STANDARD, "standard"),
  G_DEFINE_ENUM_VALUE (FAX_RESOLUTION_FINE, "fine"),
  G_DEFINE_ENUM_VALUE (FAX_RESOLUTION_SUPERFINE, "superfine"),
  G_DEFINE_ENUM_VALUE (FAX_RESOLUTION_ULTRAFINE, "ultrafine"))

G_DEFINE_ENUM_TYPE (FaxPaperSize, fax_paper_size,
  G_DEFINE_ENUM_VALUE (FAX_PAPER_A4, "a4"),
  G_DEFINE_ENUM_VALUE (FAX_PAPER_LETTER, "letter"))

G_DEFINE_ENUM_TYPE (FaxCompression, fax_compression,
  G_DEFINE_ENUM_VALUE (FAX_COMPRESSION_G3_1D, "g3"),
  G_DEFINE_ENUM_VALUE (FAX_COMPRESSION_G3_2D, "g3-2d"),
  G_DEFINE_ENUM_VALUE (FAX_COMPRESSION_G4, "g4"))

G_DEFINE_ENUM_TYPE (FaxRenderMode, fax_render_mode,
  G_DEFINE_ENUM_VALUE (FAX_RENDER_AUTO, "auto"),
  G_DEFINE_ENUM_VALUE (FAX_RENDER_TEXT, "text"),
  G_DEFINE_ENUM_VALUE (FAX_RENDER_PHOTO, "photo"))

void
fax_resolution_get_dpi (FaxResolution  resolution,
                        double        *x_dpi,
                        double        *y_dpi)
{
  /* T.30 nominal values: 8 pels/mm = 204 dpi, 3.85 lines/mm = 98 lpi,
   * 7.7 = 196, 15.4 = 391; 16 pels/mm = 408 */
  switch (resolution)
    {
    case FAX_RESOLUTION_STANDARD:  *x_dpi = 204; *y_dpi = 98; break;
    case FAX_RESOLUTION_SUPERFINE: *x_dpi = 204; *y_dpi = 391; break;
    case FAX_RESOLUTION_ULTRAFINE: *x_dpi = 408; *y_dpi = 391; break;
    case FAX_RESOLUTION_FINE:
    default:                       *x_dpi = 204; *y_dpi = 196; break;
    }
}

guint
fax_resolution_get_width (FaxResolution resolution)
{
  return resolution == FAX_RESOLUTION_ULTRAFINE ? 3456 : 1728;
}

guint
fax_paper_size_get_lines (FaxPaperSize  paper,
                          FaxResolution resolution)
{
  double x_dpi, y_dpi;
  /* A4 is 297 mm long, Letter 11 inches */
  double inches = paper == FAX_PAPER_LETTER ? 11.0 : 297.0 / 25.4;

  fax_resolution_get_dpi (resolution, &x_dpi, &y_dpi);
  return (guint)floor (inches * y_dpi + 0.5);
}
