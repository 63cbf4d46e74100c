/* fax-event.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "fax-event-private.h"

struct _FaxEvent
{
  GObject parent_instance;

  FaxEventType event_type;
  gint64 timestamp;
  guint32 device_id;
  guint32 job_id;
  char *message;
};

G_DEFINE_FINAL_TYPE (FaxEvent, fax_event, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_EVENT_TYPE,
  PROP_TIMESTAMP,
  PROP_DEVICE_ID,
  PROP_JOB_ID,
  PROP_MESSAGE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
fax_event_finalize (GObject *object)
{
  FaxEvent *self = (FaxEvent *)object;

  g_clear_pointer (&self->message, g_free);

  G_OBJECT_CLASS (fax_event_parent_class)->finalize (object);
}

static void
fax_event_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  FaxEvent *self = FAX_EVENT (object);

  switch (prop_id)
    {
    case PROP_EVENT_TYPE:
      g_value_set_enum (value, self->event_type);
      break;
    case PROP_TIMESTAMP:
      g_value_set_int64 (value, self->timestamp);
      break;
    case PROP_DEVICE_ID:
      g_value_set_uint (value, self->device_id);
      break;
    case PROP_JOB_ID:
      g_value_set_uint (value, self->job_id);
      break;
    case PROP_MESSAGE:
      g_value_set_string (value, self->message);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fax_event_class_init (FaxEventClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = fax_event_finalize;
  object_class->get_property = fax_event_get_property;

  properties[PROP_EVENT_TYPE] =
    g_param_spec_enum ("event-type", NULL, NULL, FAX_TYPE_EVENT_TYPE, FAX_EVENT_IDLE,
                       (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_TIMESTAMP] =
    g_param_spec_int64 ("timestamp", NULL, NULL, G_MININT64, G_MAXINT64, 0,
                        (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_DEVICE_ID] =
    g_param_spec_uint ("device-id", NULL, NULL, 0, G_MAXUINT, 0,
                       (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_JOB_ID] =
    g_param_spec_uint ("job-id", NULL, NULL, 0, G_MAXUINT, 0,
                       (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_MESSAGE] =
    g_param_spec_string ("message", NULL, NULL, NULL,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
fax_event_init (FaxEvent *self)
{
}

FaxEventType 
fax_event_get_event_type (FaxEvent *self)
{
  g_return_val_if_fail (FAX_IS_EVENT (self), 0);
  return self->event_type;
}

void
_fax_event_set_event_type (FaxEvent *self,
                          FaxEventType value)
{
  if (self->event_type == value)
    return;
  self->event_type = value;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_EVENT_TYPE]);
}

gint64 
fax_event_get_timestamp (FaxEvent *self)
{
  g_return_val_if_fail (FAX_IS_EVENT (self), 0);
  return self->timestamp;
}

void
_fax_event_set_timestamp (FaxEvent *self,
                         gint64 value)
{
  if (self->timestamp == value)
    return;
  self->timestamp = value;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TIMESTAMP]);
}

guint32 
fax_event_get_device_id (FaxEvent *self)
{
  g_return_val_if_fail (FAX_IS_EVENT (self), 0);
  return self->device_id;
}

void
_fax_event_set_device_id (FaxEvent *self,
                         guint32 value)
{
  if (self->device_id == value)
    return;
  self->device_id = value;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DEVICE_ID]);
}

guint32 
fax_event_get_job_id (FaxEvent *self)
{
  g_return_val_if_fail (FAX_IS_EVENT (self), 0);
  return self->job_id;
}

void
_fax_event_set_job_id (FaxEvent *self,
                      guint32 value)
{
  if (self->job_id == value)
    return;
  self->job_id = value;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_JOB_ID]);
}

const char *
fax_event_get_message (FaxEvent *self)
{
  g_return_val_if_fail (FAX_IS_EVENT (self), NULL);
  return self->message;
}

void
_fax_event_set_message (FaxEvent *self,
                       const char *value)
{
  if (g_strcmp0 (self->message, value) == 0)
    return;
  g_free (self->message);
  self->message = g_strdup (value);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MESSAGE]);
}

