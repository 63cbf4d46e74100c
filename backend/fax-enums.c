/* fax-enums.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "fax-enums.h"
#include "fax-error.h"

G_DEFINE_QUARK (fax-error-quark, fax_error)

G_DEFINE_FLAGS_TYPE (FaxPortOpenFlags, fax_port_open_flags,
  G_DEFINE_ENUM_VALUE (FAX_PORT_OPEN_QUERY, "query"),
  G_DEFINE_ENUM_VALUE (FAX_PORT_OPEN_MODIFY, "modify"))

G_DEFINE_FLAGS_TYPE (FaxPortFlags, fax_port_flags,
  G_DEFINE_ENUM_VALUE (FAX_PORT_FLAG_RECEIVE, "receive"),
  G_DEFINE_ENUM_VALUE (FAX_PORT_FLAG_SEND, "send"),
  G_DEFINE_ENUM_VALUE (FAX_PORT_FLAG_VIRTUAL, "virtual"))

G_DEFINE_ENUM_TYPE (FaxError, fax_error,
  G_DEFINE_ENUM_VALUE (FAX_ERROR_ACCESS_DENIED, "access-denied"),
  G_DEFINE_ENUM_VALUE (FAX_ERROR_NOT_ENOUGH_MEMORY, "not-enough-memory"),
  G_DEFINE_ENUM_VALUE (FAX_ERROR_INVALID_HANDLE, "invalid-handle"),
  G_DEFINE_ENUM_VALUE (FAX_ERROR_BAD_UNIT, "bad-unit"),
  G_DEFINE_ENUM_VALUE (FAX_ERROR_INVALID_PARAMETER, "invalid-parameter"),
  G_DEFINE_ENUM_VALUE (FAX_ERROR_DEVICE_IN_USE, "device-in-use"),
  G_DEFINE_ENUM_VALUE (FAX_ERROR_FAILED, "failed"))

G_DEFINE_ENUM_TYPE (FaxPortState, fax_port_state,
  G_DEFINE_ENUM_VALUE (FAX_PORT_STATE_AVAILABLE, "available"),
  G_DEFINE_ENUM_VALUE (FAX_PORT_STATE_OFFLINE, "offline"),
  G_DEFINE_ENUM_VALUE (FAX_PORT_STATE_UNAVAILABLE, "unavailable"),
  G_DEFINE_ENUM_VALUE (FAX_PORT_STATE_INITIALIZING, "initializing"),
  G_DEFINE_ENUM_VALUE (FAX_PORT_STATE_RINGING, "ringing"),
  G_DEFINE_ENUM_VALUE (FAX_PORT_STATE_DIALING, "dialing"),
  G_DEFINE_ENUM_VALUE (FAX_PORT_STATE_SENDING, "sending"),
  G_DEFINE_ENUM_VALUE (FAX_PORT_STATE_RECEIVING, "receiving"),
  G_DEFINE_ENUM_VALUE (FAX_PORT_STATE_ANSWERED, "answered"),
  G_DEFINE_ENUM_VALUE (FAX_PORT_STATE_ROUTING, "routing"),
  G_DEFINE_ENUM_VALUE (FAX_PORT_STATE_COMPLETED, "completed"),
  G_DEFINE_ENUM_VALUE (FAX_PORT_STATE_HANDLED, "handled"),
  G_DEFINE_ENUM_VALUE (FAX_PORT_STATE_ABORTING, "aborting"),
  G_DEFINE_ENUM_VALUE (FAX_PORT_STATE_BUSY, "busy"),
  G_DEFINE_ENUM_VALUE (FAX_PORT_STATE_NO_ANSWER, "no-answer"),
  G_DEFINE_ENUM_VALUE (FAX_PORT_STATE_BAD_ADDRESS, "bad-address"),
  G_DEFINE_ENUM_VALUE (FAX_PORT_STATE_NO_DIAL_TONE, "no-dial-tone"),
  G_DEFINE_ENUM_VALUE (FAX_PORT_STATE_DISCONNECTED, "disconnected"),
  G_DEFINE_ENUM_VALUE (FAX_PORT_STATE_FATAL_ERROR, "fatal-error"),
  G_DEFINE_ENUM_VALUE (FAX_PORT_STATE_NOT_FAX_CALL, "not-fax-call"),
  G_DEFINE_ENUM_VALUE (FAX_PORT_STATE_CALL_DELAYED, "call-delayed"),
  G_DEFINE_ENUM_VALUE (FAX_PORT_STATE_CALL_BLACKLISTED, "call-blacklisted"))

G_DEFINE_ENUM_TYPE (FaxEventType, fax_event_type,
  G_DEFINE_ENUM_VALUE (FAX_EVENT_IDLE, "idle"),
  G_DEFINE_ENUM_VALUE (FAX_EVENT_INITIALIZING, "initializing"),
  G_DEFINE_ENUM_VALUE (FAX_EVENT_RINGING, "ringing"),
  G_DEFINE_ENUM_VALUE (FAX_EVENT_ANSWERED, "answered"),
  G_DEFINE_ENUM_VALUE (FAX_EVENT_DIALING, "dialing"),
  G_DEFINE_ENUM_VALUE (FAX_EVENT_SENDING, "sending"),
  G_DEFINE_ENUM_VALUE (FAX_EVENT_RECEIVING, "receiving"),
  G_DEFINE_ENUM_VALUE (FAX_EVENT_COMPLETED, "completed"),
  G_DEFINE_ENUM_VALUE (FAX_EVENT_BUSY, "busy"),
  G_DEFINE_ENUM_VALUE (FAX_EVENT_NO_ANSWER, "no-answer"),
  G_DEFINE_ENUM_VALUE (FAX_EVENT_BAD_ADDRESS, "bad-address"),
  G_DEFINE_ENUM_VALUE (FAX_EVENT_NO_DIAL_TONE, "no-dial-tone"),
  G_DEFINE_ENUM_VALUE (FAX_EVENT_DISCONNECTED, "disconnected"),
  G_DEFINE_ENUM_VALUE (FAX_EVENT_FATAL_ERROR, "fatal-error"),
  G_DEFINE_ENUM_VALUE (FAX_EVENT_NOT_FAX_CALL, "not-fax-call"),
  G_DEFINE_ENUM_VALUE (FAX_EVENT_ABORTING, "aborting"),
  G_DEFINE_ENUM_VALUE (FAX_EVENT_ROUTING, "routing"),
  G_DEFINE_ENUM_VALUE (FAX_EVENT_MODEM_POWERED_ON, "modem-powered-on"),
  G_DEFINE_ENUM_VALUE (FAX_EVENT_MODEM_POWERED_OFF, "modem-powered-off"),
  G_DEFINE_ENUM_VALUE (FAX_EVENT_LINE_UNAVAILABLE, "line-unavailable"),
  G_DEFINE_ENUM_VALUE (FAX_EVENT_JOB_QUEUED, "job-queued"),
  G_DEFINE_ENUM_VALUE (FAX_EVENT_DELETED, "deleted"),
  G_DEFINE_ENUM_VALUE (FAX_EVENT_RETRYING, "retrying"),
  G_DEFINE_ENUM_VALUE (FAX_EVENT_PAUSED, "paused"),
  G_DEFINE_ENUM_VALUE (FAX_EVENT_RESUMED, "resumed"))

G_DEFINE_ENUM_TYPE (FaxJobState, fax_job_state,
  G_DEFINE_ENUM_VALUE (FAX_JOB_STATE_QUEUED, "queued"),
  G_DEFINE_ENUM_VALUE (FAX_JOB_STATE_DIALING, "dialing"),
  G_DEFINE_ENUM_VALUE (FAX_JOB_STATE_SENDING, "sending"),
  G_DEFINE_ENUM_VALUE (FAX_JOB_STATE_RETRYING, "retrying"),
  G_DEFINE_ENUM_VALUE (FAX_JOB_STATE_PAUSED, "paused"),
  G_DEFINE_ENUM_VALUE (FAX_JOB_STATE_COMPLETED, "completed"),
  G_DEFINE_ENUM_VALUE (FAX_JOB_STATE_FAILED, "failed"),
  G_DEFINE_ENUM_VALUE (FAX_JOB_STATE_CANCELLED, "cancelled"))

static const char *
enum_nick (GType        type,
           int          value)
{
  GEnumClass *klass = g_type_class_ref (type);
  GEnumValue *v = g_enum_get_value (klass, value);
  const char *nick = v ? v->value_nick : "unknown";

  g_type_class_unref (klass);
  return nick;
}

const char *
fax_event_type_to_nick (FaxEventType type)
{
  return enum_nick (FAX_TYPE_EVENT_TYPE, type);
}

const char *
fax_job_state_to_nick (FaxJobState state)
{
  return enum_nick (FAX_TYPE_JOB_STATE, state);
}

const char *
fax_job_state_to_string (FaxJobState state)
{
  switch (state)
    {
    case FAX_JOB_STATE_QUEUED:    return _("Queued");
    case FAX_JOB_STATE_DIALING:   return _("Dialing");
    case FAX_JOB_STATE_SENDING:   return _("Sending");
    case FAX_JOB_STATE_RETRYING:  return _("Waiting to retry");
    case FAX_JOB_STATE_PAUSED:    return _("Paused");
    case FAX_JOB_STATE_COMPLETED: return _("Sent");
    case FAX_JOB_STATE_FAILED:    return _("Failed");
    case FAX_JOB_STATE_CANCELLED: return _("Cancelled");
    default:                      return _("Unknown");
    }
}

const char *
fax_port_state_to_nick (FaxPortState state)
{
  return enum_nick (FAX_TYPE_PORT_STATE, state);
}

const char *
fax_port_state_to_string (FaxPortState state)
{
  switch (state)
    {
    case FAX_PORT_STATE_AVAILABLE:        return _("Available");
    case FAX_PORT_STATE_OFFLINE:          return _("Offline");
    case FAX_PORT_STATE_UNAVAILABLE:      return _("Unavailable");
    case FAX_PORT_STATE_INITIALIZING:     return _("Initializing");
    case FAX_PORT_STATE_RINGING:          return _("Ringing");
    case FAX_PORT_STATE_DIALING:          return _("Dialing");
    case FAX_PORT_STATE_SENDING:          return _("Sending");
    case FAX_PORT_STATE_RECEIVING:        return _("Receiving");
    case FAX_PORT_STATE_ANSWERED:         return _("Answered");
    case FAX_PORT_STATE_ROUTING:          return _("Routing");
    case FAX_PORT_STATE_COMPLETED:        return _("Completed");
    case FAX_PORT_STATE_HANDLED:          return _("Handled");
    case FAX_PORT_STATE_ABORTING:         return _("Aborting");
    case FAX_PORT_STATE_BUSY:             return _("Busy");
    case FAX_PORT_STATE_NO_ANSWER:        return _("No answer");
    case FAX_PORT_STATE_BAD_ADDRESS:      return _("Bad address");
    case FAX_PORT_STATE_NO_DIAL_TONE:     return _("No dial tone");
    case FAX_PORT_STATE_DISCONNECTED:     return _("Disconnected");
    case FAX_PORT_STATE_FATAL_ERROR:      return _("Fatal error");
    case FAX_PORT_STATE_NOT_FAX_CALL:     return _("Not a fax call");
    case FAX_PORT_STATE_CALL_DELAYED:     return _("Call delayed");
    case FAX_PORT_STATE_CALL_BLACKLISTED: return _("Call blocked");
    default:                              return _("Unknown");
    }
}
