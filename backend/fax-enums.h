/* fax-enums.h: the enumerations of the port model
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/* PORT_OPEN_QUERY / PORT_OPEN_MODIFY */
typedef enum {
  FAX_PORT_OPEN_QUERY  = 1,
  FAX_PORT_OPEN_MODIFY = 2,
} FaxPortOpenFlags;

/* FPF_RECEIVE / FPF_SEND / FPF_VIRTUAL */
typedef enum {
  FAX_PORT_FLAG_RECEIVE = 1,
  FAX_PORT_FLAG_SEND    = 2,
  FAX_PORT_FLAG_VIRTUAL = 4,
} FaxPortFlags;

/* The FPS_* states of a port */
typedef enum {
  FAX_PORT_STATE_AVAILABLE,
  FAX_PORT_STATE_OFFLINE,
  FAX_PORT_STATE_UNAVAILABLE,
  FAX_PORT_STATE_INITIALIZING,
  FAX_PORT_STATE_RINGING,
  FAX_PORT_STATE_DIALING,
  FAX_PORT_STATE_SENDING,
  FAX_PORT_STATE_RECEIVING,
  FAX_PORT_STATE_ANSWERED,
  FAX_PORT_STATE_ROUTING,
  FAX_PORT_STATE_COMPLETED,
  FAX_PORT_STATE_HANDLED,
  FAX_PORT_STATE_ABORTING,
  FAX_PORT_STATE_BUSY,
  FAX_PORT_STATE_NO_ANSWER,
  FAX_PORT_STATE_BAD_ADDRESS,
  FAX_PORT_STATE_NO_DIAL_TONE,
  FAX_PORT_STATE_DISCONNECTED,
  FAX_PORT_STATE_FATAL_ERROR,
  FAX_PORT_STATE_NOT_FAX_CALL,
  FAX_PORT_STATE_CALL_DELAYED,
  FAX_PORT_STATE_CALL_BLACKLISTED,
} FaxPortState;

/* The FEI_* events of the fax event stream */
typedef enum {
  FAX_EVENT_IDLE,
  FAX_EVENT_INITIALIZING,
  FAX_EVENT_RINGING,
  FAX_EVENT_ANSWERED,
  FAX_EVENT_DIALING,
  FAX_EVENT_SENDING,
  FAX_EVENT_RECEIVING,
  FAX_EVENT_COMPLETED,
  FAX_EVENT_BUSY,
  FAX_EVENT_NO_ANSWER,
  FAX_EVENT_BAD_ADDRESS,
  FAX_EVENT_NO_DIAL_TONE,
  FAX_EVENT_DISCONNECTED,
  FAX_EVENT_FATAL_ERROR,
  FAX_EVENT_NOT_FAX_CALL,
  FAX_EVENT_ABORTING,
  FAX_EVENT_ROUTING,
  FAX_EVENT_MODEM_POWERED_ON,
  FAX_EVENT_MODEM_POWERED_OFF,
  FAX_EVENT_LINE_UNAVAILABLE,
  FAX_EVENT_JOB_QUEUED,
  FAX_EVENT_DELETED,
  FAX_EVENT_RETRYING,
  FAX_EVENT_PAUSED,
  FAX_EVENT_RESUMED,
} FaxEventType;

/* Where an outgoing job is (JS_* of winfax.h, with the retry state spelled out) */
typedef enum {
  FAX_JOB_STATE_QUEUED,
  FAX_JOB_STATE_DIALING,
  FAX_JOB_STATE_SENDING,
  FAX_JOB_STATE_RETRYING,    /* waiting for the next attempt */
  FAX_JOB_STATE_PAUSED,
  FAX_JOB_STATE_COMPLETED,   /* every page sent */
  FAX_JOB_STATE_FAILED,      /* retries used up or a permanent error */
  FAX_JOB_STATE_CANCELLED,
} FaxJobState;

#define FAX_TYPE_PORT_OPEN_FLAGS (fax_port_open_flags_get_type ())
#define FAX_TYPE_PORT_FLAGS      (fax_port_flags_get_type ())
#define FAX_TYPE_PORT_STATE      (fax_port_state_get_type ())
#define FAX_TYPE_ERROR           (fax_error_get_type ())
#define FAX_TYPE_EVENT_TYPE      (fax_event_type_get_type ())
#define FAX_TYPE_JOB_STATE       (fax_job_state_get_type ())

GType        fax_port_open_flags_get_type (void) G_GNUC_CONST;
GType        fax_port_flags_get_type      (void) G_GNUC_CONST;
GType        fax_port_state_get_type      (void) G_GNUC_CONST;
GType        fax_error_get_type           (void) G_GNUC_CONST;
GType        fax_event_type_get_type      (void) G_GNUC_CONST;
GType        fax_job_state_get_type       (void) G_GNUC_CONST;

const char  *fax_event_type_to_nick       (FaxEventType type);
const char  *fax_job_state_to_nick        (FaxJobState  state);
const char  *fax_job_state_to_string      (FaxJobState  state);

/* A stable lower-case name ("available", "ringing", ...) for scripts */
const char  *fax_port_state_to_nick       (FaxPortState state);
/* A translated, human description ("Available", "Ringing", ...) */
const char  *fax_port_state_to_string     (FaxPortState state);

G_END_DECLS
