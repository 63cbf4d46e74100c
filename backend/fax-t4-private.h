/* fax-t4-private.h: compressing bilevel pages for TIFF-F (T.4 and T.6)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "fax-document-enums.h"

G_BEGIN_DECLS

GBytes *_fax_t4_encode (const guint8   *bits,
                        guint           width,
                        guint           height,
                        gsize           stride,
                        FaxCompression  compression,
                        guint           k_factor,
                        gboolean        lsb_first);

G_END_DECLS
