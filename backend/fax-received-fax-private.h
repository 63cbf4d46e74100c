/* fax-received-fax-private.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "fax-received-fax.h"

G_BEGIN_DECLS

void          _fax_received_fax_set_path (FaxReceivedFax *self, const char *value);
void          _fax_received_fax_set_received (FaxReceivedFax *self, gint64 value);
void          _fax_received_fax_set_remote_tsid (FaxReceivedFax *self, const char *value);
void          _fax_received_fax_set_caller_id (FaxReceivedFax *self, const char *value);
void          _fax_received_fax_set_pages (FaxReceivedFax *self, guint value);
void          _fax_received_fax_set_device_name (FaxReceivedFax *self, const char *value);
void          _fax_received_fax_set_incomplete (FaxReceivedFax *self, gboolean value);
void          _fax_received_fax_set_unread (FaxReceivedFax *self, gboolean value);
void          _fax_received_fax_set_result_text (FaxReceivedFax *self, const char *value);
void          _fax_received_fax_set_bit_rate (FaxReceivedFax *self, guint value);
void          _fax_received_fax_set_compression (FaxReceivedFax *self, const char *value);
void          _fax_received_fax_set_log_path (FaxReceivedFax *self, const char *value);
void          _fax_received_fax_set_routing_problems (FaxReceivedFax *self, const char *value);

G_END_DECLS
