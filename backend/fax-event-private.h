/* fax-event-private.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "fax-event.h"

G_BEGIN_DECLS

void          _fax_event_set_event_type (FaxEvent *self, FaxEventType value);
void          _fax_event_set_timestamp (FaxEvent *self, gint64 value);
void          _fax_event_set_device_id (FaxEvent *self, guint32 value);
void          _fax_event_set_job_id (FaxEvent *self, guint32 value);
void          _fax_event_set_message (FaxEvent *self, const char *value);

G_END_DECLS
