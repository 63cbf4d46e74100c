/* fax-port-row.h: one port in the list
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "fax-port-item.h"

G_BEGIN_DECLS

#define FAX_TYPE_PORT_ROW (fax_port_row_get_type ())

G_DECLARE_FINAL_TYPE (FaxPortRow, fax_port_row, FAX, PORT_ROW, AdwBin)

GtkWidget   *fax_port_row_new      (void);
FaxPortItem *fax_port_row_get_item (FaxPortRow  *self);
void         fax_port_row_set_item (FaxPortRow  *self,
                                    FaxPortItem *item);

G_END_DECLS
