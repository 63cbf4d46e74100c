/* fax-device-status-private.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "fax-device-status.h"

G_BEGIN_DECLS

void          _fax_device_status_set_device_id (FaxDeviceStatus *self, guint32 value);
void          _fax_device_status_set_state (FaxDeviceStatus *self, FaxPortState value);
void          _fax_device_status_set_current_page (FaxDeviceStatus *self, guint value);
void          _fax_device_status_set_total_pages (FaxDeviceStatus *self, guint value);
void          _fax_device_status_set_remote_id (FaxDeviceStatus *self, const char *value);
void          _fax_device_status_set_caller_id (FaxDeviceStatus *self, const char *value);
void          _fax_device_status_set_job_id (FaxDeviceStatus *self, guint32 value);
void          _fax_device_status_set_bit_rate (FaxDeviceStatus *self, guint value);
void          _fax_device_status_set_status_text (FaxDeviceStatus *self, const char *value);

G_END_DECLS
