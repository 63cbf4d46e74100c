/* fax-port-details.h: everything about one port, read-only
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "fax-port-item.h"

G_BEGIN_DECLS

#define FAX_TYPE_PORT_DETAILS (fax_port_details_get_type ())

G_DECLARE_FINAL_TYPE (FaxPortDetails, fax_port_details, FAX, PORT_DETAILS, AdwBin)

FaxPortItem *fax_port_details_get_item   (FaxPortDetails *self);
void         fax_port_details_set_item   (FaxPortDetails *self,
                                          FaxPortItem    *item);
/* Shows why editing failed, in place, until the port changes or the
 * user closes it; NULL hides it */
void         fax_port_details_show_error (FaxPortDetails *self,
                                          const GError   *error);
void         fax_port_details_reload     (FaxPortDetails *self);

G_END_DECLS
