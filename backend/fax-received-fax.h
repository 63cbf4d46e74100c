/* fax-received-fax.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>
#include "fax-enums.h"

G_BEGIN_DECLS

#define FAX_TYPE_RECEIVED_FAX (fax_received_fax_get_type ())

G_DECLARE_FINAL_TYPE (FaxReceivedFax, fax_received_fax, FAX, RECEIVED_FAX, GObject)

const char *  fax_received_fax_get_path (FaxReceivedFax *self);
gint64        fax_received_fax_get_received (FaxReceivedFax *self);
const char *  fax_received_fax_get_remote_tsid (FaxReceivedFax *self);
const char *  fax_received_fax_get_caller_id (FaxReceivedFax *self);
guint         fax_received_fax_get_pages (FaxReceivedFax *self);
const char *  fax_received_fax_get_device_name (FaxReceivedFax *self);
gboolean      fax_received_fax_get_incomplete (FaxReceivedFax *self);
gboolean      fax_received_fax_get_unread (FaxReceivedFax *self);
const char *  fax_received_fax_get_result_text (FaxReceivedFax *self);
guint         fax_received_fax_get_bit_rate (FaxReceivedFax *self);
const char *  fax_received_fax_get_compression (FaxReceivedFax *self);
const char *  fax_received_fax_get_log_path (FaxReceivedFax *self);
/* Failed routing methods, one line each ("Could not print ..."), or NULL */
const char *  fax_received_fax_get_routing_problems (FaxReceivedFax *self);

G_END_DECLS
