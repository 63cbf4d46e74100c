/* fax-device-status.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "fax-device-status-private.h"

struct _FaxDeviceStatus
{
  GObject parent_instance;

  guint32 device_id;
  FaxPortState state;
  guint current_page;
  guint total_pages;
  char *remote_id;
  char *caller_id;
  guint32 job_id;
  guint bit_rate;
  char *status_text;
};

G_DEFINE_FINAL_TYPE (FaxDeviceStatus, fax_device_status, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_DEVICE_ID,
  PROP_STATE,
  PROP_CURRENT_PAGE,
  PROP_TOTAL_PAGES,
  PROP_REMOTE_ID,
  PROP_CALLER_ID,
  PROP_JOB_ID,
  PROP_BIT_RATE,
  PROP_STATUS_TEXT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
fax_device_status_finalize (GObject *object)
{
  FaxDeviceStatus *self = (FaxDeviceStatus *)object;

  g_clear_pointer (&self->remote_id, g_free);
  g_clear_pointer (&self->caller_id, g_free);
  g_clear_pointer (&self->status_text, g_free);

  G_OBJECT_CLASS (fax_device_status_parent_class)->finalize (object);
}

static void
fax_device_status_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  FaxDeviceStatus *self = FAX_DEVICE_STATUS (object);

  switch (prop_id)
    {
    case PROP_DEVICE_ID:
      g_value_set_uint (value, self->device_id);
      break;
    case PROP_STATE:
      g_value_set_enum (value, self->state);
      break;
    case PROP_CURRENT_PAGE:
      g_value_set_uint (value, self->current_page);
      break;
    case PROP_TOTAL_PAGES:
      g_value_set_uint (value, self->total_pages);
      break;
    case PROP_REMOTE_ID:
      g_value_set_string (value, self->remote_id);
      break;
    case PROP_CALLER_ID:
      g_value_set_string (value, self->caller_id);
      break;
    case PROP_JOB_ID:
      g_value_set_uint (value, self->job_id);
      break;
    case PROP_BIT_RATE:
      g_value_set_uint (value, self->bit_rate);
      break;
    case PROP_STATUS_TEXT:
      g_value_set_string (value, self->status_text);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fax_device_status_class_init (FaxDeviceStatusClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = fax_device_status_finalize;
  object_class->get_property = fax_device_status_get_property;

  properties[PROP_DEVICE_ID] =
    g_param_spec_uint ("device-id", NULL, NULL, 0, G_MAXUINT, 0,
                       (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_STATE] =
    g_param_spec_enum ("state", NULL, NULL, FAX_TYPE_PORT_STATE, FAX_PORT_STATE_AVAILABLE,
                       (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_CURRENT_PAGE] =
    g_param_spec_uint ("current-page", NULL, NULL, 0, G_MAXUINT, 0,
                       (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_TOTAL_PAGES] =
    g_param_spec_uint ("total-pages", NULL, NULL, 0, G_MAXUINT, 0,
                       (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_REMOTE_ID] =
    g_param_spec_string ("remote-id", NULL, NULL, NULL,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_CALLER_ID] =
    g_param_spec_string ("caller-id", NULL, NULL, NULL,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_JOB_ID] =
    g_param_spec_uint ("job-id", NULL, NULL, 0, G_MAXUINT, 0,
                       (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_BIT_RATE] =
    g_param_spec_uint ("bit-rate", NULL, NULL, 0, G_MAXUINT, 0,
                       (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_STATUS_TEXT] =
    g_param_spec_string ("status-text", NULL, NULL, NULL,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
fax_device_status_init (FaxDeviceStatus *self)
{
}

guint32 
fax_device_status_get_device_id (FaxDeviceStatus *self)
{
  g_return_val_if_fail (FAX_IS_DEVICE_STATUS (self), 0);
  return self->device_id;
}

void
_fax_device_status_set_device_id (FaxDeviceStatus *self,
                                 guint32 value)
{
  if (self->device_id == value)
    return;
  self->device_id = value;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DEVICE_ID]);
}

FaxPortState 
fax_device_status_get_state (FaxDeviceStatus *self)
{
  g_return_val_if_fail (FAX_IS_DEVICE_STATUS (self), 0);
  return self->state;
}

void
_fax_device_status_set_state (FaxDeviceStatus *self,
                             FaxPortState value)
{
  if (self->state == value)
    return;
  self->state = value;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
}

guint 
fax_device_status_get_current_page (FaxDeviceStatus *self)
{
  g_return_val_if_fail (FAX_IS_DEVICE_STATUS (self), 0);
  return self->current_page;
}

void
_fax_device_status_set_current_page (FaxDeviceStatus *self,
                                    guint value)
{
  if (self->current_page == value)
    return;
  self->current_page = value;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CURRENT_PAGE]);
}

guint 
fax_device_status_get_total_pages (FaxDeviceStatus *self)
{
  g_return_val_if_fail (FAX_IS_DEVICE_STATUS (self), 0);
  return self->total_pages;
}

void
_fax_device_status_set_total_pages (FaxDeviceStatus *self,
                                   guint value)
{
  if (self->total_pages == value)
    return;
  self->total_pages = value;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TOTAL_PAGES]);
}

const char *
fax_device_status_get_remote_id (FaxDeviceStatus *self)
{
  g_return_val_if_fail (FAX_IS_DEVICE_STATUS (self), NULL);
  return self->remote_id;
}

void
_fax_device_status_set_remote_id (FaxDeviceStatus *self,
                                 const char *value)
{
  if (g_strcmp0 (self->remote_id, value) == 0)
    return;
  g_free (self->remote_id);
  self->remote_id = g_strdup (value);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REMOTE_ID]);
}

const char *
fax_device_status_get_caller_id (FaxDeviceStatus *self)
{
  g_return_val_if_fail (FAX_IS_DEVICE_STATUS (self), NULL);
  return self->caller_id;
}

void
_fax_device_status_set_caller_id (FaxDeviceStatus *self,
                                 const char *value)
{
  if (g_strcmp0 (self->caller_id, value) == 0)
    return;
  g_free (self->caller_id);
  self->caller_id = g_strdup (value);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CALLER_ID]);
}

guint32 
fax_device_status_get_job_id (FaxDeviceStatus *self)
{
  g_return_val_if_fail (FAX_IS_DEVICE_STATUS (self), 0);
  return self->job_id;
}

void
_fax_device_status_set_job_id (FaxDeviceStatus *self,
                              guint32 value)
{
  if (self->job_id == value)
    return;
  self->job_id = value;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_JOB_ID]);
}

guint 
fax_device_status_get_bit_rate (FaxDeviceStatus *self)
{
  g_return_val_if_fail (FAX_IS_DEVICE_STATUS (self), 0);
  return self->bit_rate;
}

void
_fax_device_status_set_bit_rate (FaxDeviceStatus *self,
                                guint value)
{
  if (self->bit_rate == value)
    return;
  self->bit_rate = value;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BIT_RATE]);
}

const char *
fax_device_status_get_status_text (FaxDeviceStatus *self)
{
  g_return_val_if_fail (FAX_IS_DEVICE_STATUS (self), NULL);
  return self->status_text;
}

void
_fax_device_status_set_status_text (FaxDeviceStatus *self,
                                   const char *value)
{
  if (g_strcmp0 (self->status_text, value) == 0)
    return;
  g_free (self->status_text);
  self->status_text = g_strdup (value);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATUS_TEXT]);
}

