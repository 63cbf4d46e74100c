/* fax-port-item.h: one displayed port: its live info and a handle to it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <fax-backend.h>

G_BEGIN_DECLS

#define FAX_TYPE_PORT_ITEM (fax_port_item_get_type ())

G_DECLARE_FINAL_TYPE (FaxPortItem, fax_port_item, FAX, PORT_ITEM, GObject)

FaxPortItem  *fax_port_item_new            (FaxServer    *server,
                                            FaxPortInfo  *info);
FaxServer    *fax_port_item_get_server     (FaxPortItem  *self);
FaxPortInfo  *fax_port_item_get_info       (FaxPortItem  *self);
FaxPort      *fax_port_item_get_port       (FaxPortItem  *self);
const GError *fax_port_item_get_open_error (FaxPortItem  *self);
gboolean      fax_port_item_request_modify (FaxPortItem  *self,
                                            GError      **error);
void          fax_port_item_release_modify (FaxPortItem  *self);
void          fax_port_item_close          (FaxPortItem  *self);

G_END_DECLS
