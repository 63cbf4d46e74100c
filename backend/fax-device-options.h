/* fax-device-options.h: how a port's serial line is driven
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/* Flow control between the computer and the modem */
typedef enum {
  FAX_FLOW_CONTROL_HARDWARE,   /* RTS/CTS, the default */
  FAX_FLOW_CONTROL_SOFTWARE,   /* XON/XOFF */
  FAX_FLOW_CONTROL_NONE,
} FaxFlowControl;

#define FAX_TYPE_FLOW_CONTROL   (fax_flow_control_get_type ())
#define FAX_TYPE_DEVICE_OPTIONS (fax_device_options_get_type ())

GType fax_flow_control_get_type (void) G_GNUC_CONST;

G_DECLARE_FINAL_TYPE (FaxDeviceOptions, fax_device_options, FAX, DEVICE_OPTIONS, GObject)

/* Serial speeds a port may be set to, in bit/s, ending with 0; a speed
 * of 0 means automatic (the modem layer picks one that the modem answers at) */
const guint      *fax_device_options_get_valid_speeds (void);

FaxDeviceOptions *fax_device_options_new              (void);
FaxDeviceOptions *fax_device_options_copy             (FaxDeviceOptions *self);
gboolean          fax_device_options_equal            (FaxDeviceOptions *a,
                                                       FaxDeviceOptions *b);
guint             fax_device_options_get_speed        (FaxDeviceOptions *self);
void              fax_device_options_set_speed        (FaxDeviceOptions *self,
                                                       guint             speed);
FaxFlowControl    fax_device_options_get_flow_control (FaxDeviceOptions *self);
void              fax_device_options_set_flow_control (FaxDeviceOptions *self,
                                                       FaxFlowControl    flow_control);
/* FAX_ERROR_INVALID_PARAMETER with what is allowed when @self cannot be applied */
gboolean          fax_device_options_validate         (FaxDeviceOptions *self,
                                                       GError          **error);

/* "hardware", "software", "none": the names in ports.conf and faxctl */
const char       *fax_flow_control_to_nick            (FaxFlowControl    flow_control);
gboolean          fax_flow_control_from_nick          (const char       *nick,
                                                       FaxFlowControl   *flow_control);

G_END_DECLS
