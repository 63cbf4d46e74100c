/* fax-event.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>
#include "fax-enums.h"

G_BEGIN_DECLS

#define FAX_TYPE_EVENT (fax_event_get_type ())

G_DECLARE_FINAL_TYPE (FaxEvent, fax_event, FAX, EVENT, GObject)

FaxEventType  fax_event_get_event_type (FaxEvent *self);
gint64        fax_event_get_timestamp (FaxEvent *self);
guint32       fax_event_get_device_id (FaxEvent *self);
guint32       fax_event_get_job_id (FaxEvent *self);
const char *  fax_event_get_message (FaxEvent *self);

G_END_DECLS
