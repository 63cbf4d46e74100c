/* fax-device-status.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>
#include "fax-enums.h"

G_BEGIN_DECLS

#define FAX_TYPE_DEVICE_STATUS (fax_device_status_get_type ())

G_DECLARE_FINAL_TYPE (FaxDeviceStatus, fax_device_status, FAX, DEVICE_STATUS, GObject)

guint32       fax_device_status_get_device_id (FaxDeviceStatus *self);
FaxPortState  fax_device_status_get_state (FaxDeviceStatus *self);
guint         fax_device_status_get_current_page (FaxDeviceStatus *self);
guint         fax_device_status_get_total_pages (FaxDeviceStatus *self);
const char *  fax_device_status_get_remote_id (FaxDeviceStatus *self);
const char *  fax_device_status_get_caller_id (FaxDeviceStatus *self);
guint32       fax_device_status_get_job_id (FaxDeviceStatus *self);
guint         fax_device_status_get_bit_rate (FaxDeviceStatus *self);
const char *  fax_device_status_get_status_text (FaxDeviceStatus *self);

G_END_DECLS
