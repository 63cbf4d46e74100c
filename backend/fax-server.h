/* fax-server.h: a connection to a fax server (FaxConnectFaxServer)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "fax-enums.h"
#include "fax-port.h"
#include "fax-virtual-line.h"

G_BEGIN_DECLS

#define FAX_TYPE_SERVER (fax_server_get_type ())

G_DECLARE_FINAL_TYPE (FaxServer, fax_server, FAX, SERVER, GObject)

FaxServer  *fax_server_connect            (const char        *machine_name,
                                           GError           **error);
const char *fax_server_get_machine_name   (FaxServer         *self);
GListModel *fax_server_get_ports          (FaxServer         *self);
GPtrArray  *fax_server_enum_ports         (FaxServer         *self,
                                           GError           **error);
FaxPort    *fax_server_open_port          (FaxServer         *self,
                                           guint32            device_id,
                                           FaxPortOpenFlags   flags,
                                           GError           **error);
gboolean    fax_server_refresh            (FaxServer         *self,
                                           GError           **error);
gboolean    fax_server_add_device         (FaxServer         *self,
                                           const char        *device_path,
                                           GError           **error);
gboolean    fax_server_remove_device      (FaxServer         *self,
                                           const char        *device_path,
                                           GError           **error);
char      **fax_server_dup_extra_devices  (FaxServer         *self);
/* Finds a port by DeviceId ("3") or device path ("/dev/ttyACM0");
 * FAX_ERROR_BAD_UNIT when there is none. */
guint32     fax_server_lookup_port        (FaxServer         *self,
                                           const char        *id_or_path,
                                           GError           **error);
/* The virtual fax line as two ports, "Virtual line A" and "B" */
gboolean    fax_server_set_virtual_line_enabled (FaxServer   *self,
                                                 gboolean     enabled,
                                                 GError     **error);
gboolean    fax_server_get_virtual_line_enabled (FaxServer   *self);
FaxVirtualLine *fax_server_get_virtual_line     (FaxServer   *self);

G_END_DECLS
