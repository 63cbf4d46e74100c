/* fax-routing-method.h: FAX_ROUTING_METHOD as a GObject
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/* The routing methods of the Windows Fax Service, with their GUIDs */
#define FAX_ROUTING_GUID_STORE_IN_FOLDER "{92041a90-9af2-11d0-abf7-00c04fd91a4e}"
#define FAX_ROUTING_GUID_PRINT           "{aec1b37c-9af2-11d0-abf7-00c04fd91a4e}"
#define FAX_ROUTING_GUID_EMAIL           "{6bbf7bfe-9af2-11d0-abf7-00c04fd91a4e}"

#define FAX_TYPE_ROUTING_METHOD (fax_routing_method_get_type ())

G_DECLARE_FINAL_TYPE (FaxRoutingMethod, fax_routing_method, FAX, ROUTING_METHOD, GObject)

guint32     fax_routing_method_get_device_id     (FaxRoutingMethod *self);
const char *fax_routing_method_get_device_name   (FaxRoutingMethod *self);
const char *fax_routing_method_get_guid          (FaxRoutingMethod *self);
const char *fax_routing_method_get_friendly_name (FaxRoutingMethod *self);
const char *fax_routing_method_get_function_name (FaxRoutingMethod *self);
gboolean    fax_routing_method_get_enabled       (FaxRoutingMethod *self);
/* The method's configuration: a folder, a printer name or an e-mail address */
const char *fax_routing_method_get_routing_info  (FaxRoutingMethod *self);

G_END_DECLS
