/* fax-ports-view.h: the ports of a fax server, their details and editing
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include <fax-backend.h>

G_BEGIN_DECLS

#define FAX_TYPE_PORTS_VIEW (fax_ports_view_get_type ())

G_DECLARE_FINAL_TYPE (FaxPortsView, fax_ports_view, FAX, PORTS_VIEW, AdwBin)

/* @server may be NULL when connecting failed: @error then says why */
void        fax_ports_view_set_server (FaxPortsView *self,
                                       FaxServer    *server,
                                       const GError *error);
FaxServer  *fax_ports_view_get_server (FaxPortsView *self);
/* The displayed ports: a GListModel of FaxPortItem */
GListModel *fax_ports_view_get_items  (FaxPortsView *self);

void        fax_ports_view_show_message (FaxPortsView *self,
                                         const char   *text);

G_END_DECLS
