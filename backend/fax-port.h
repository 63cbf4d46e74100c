/* fax-port.h: a handle to an open fax port (FaxOpenPort)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "fax-device-options.h"
#include "fax-device-status.h"
#include "fax-enums.h"
#include "fax-port-info.h"
#include "fax-routing-method.h"

G_BEGIN_DECLS

#define FAX_TYPE_PORT (fax_port_get_type ())

G_DECLARE_FINAL_TYPE (FaxPort, fax_port, FAX, PORT, GObject)

FaxPortInfo      *fax_port_get_info               (FaxPort     *self,
                                                   GError     **error);
gboolean          fax_port_set_info               (FaxPort     *self,
                                                   FaxPortInfo *info,
                                                   GError     **error);
GPtrArray        *fax_port_enum_routing_methods   (FaxPort     *self,
                                                   GError     **error);
gboolean          fax_port_enable_routing_method  (FaxPort     *self,
                                                   const char  *guid,
                                                   gboolean     enabled,
                                                   GError     **error);
gboolean          fax_port_set_routing_info       (FaxPort     *self,
                                                   const char  *guid,
                                                   const char  *routing_info,
                                                   GError     **error);
gboolean          fax_port_request_modify         (FaxPort     *self,
                                                   GError     **error);
void              fax_port_release_modify         (FaxPort     *self);
void              fax_port_close                  (FaxPort     *self);
gboolean          fax_port_is_closed              (FaxPort     *self);
FaxPortOpenFlags  fax_port_get_access             (FaxPort     *self);
/* FaxGetDeviceStatus: the live status of the port (call, pages, ids) */
FaxDeviceStatus  *fax_port_get_device_status      (FaxPort     *self,
                                                   GError     **error);
guint32           fax_port_get_device_id          (FaxPort     *self);
/* The serial line settings; setting them needs modify access */
FaxDeviceOptions *fax_port_get_device_options     (FaxPort           *self,
                                                   GError           **error);
gboolean          fax_port_set_device_options     (FaxPort           *self,
                                                   FaxDeviceOptions  *options,
                                                   GError           **error);

G_END_DECLS
