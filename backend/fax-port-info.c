/* fax-port-info.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "fax-error.h"
#include "fax-port-info.h"

struct _FaxPortInfo
{
  GObject       parent_instance;

  guint32       device_id;
  FaxPortState  state;
  FaxPortFlags  flags;
  guint         rings;
  guint         priority;
  char         *device_name;
  char         *tsid;
  char         *csid;
  char         *device_path;
  char         *manufacturer;
  char         *model;
  char         *revision;
  char         *fax_classes;
  char         *stable_id;
  char         *status_text;
  char         *speeds;
  char         *warning;
};

G_DEFINE_FINAL_TYPE (FaxPortInfo, fax_port_info, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_DEVICE_ID,
  PROP_STATE,
  PROP_FLAGS,
  PROP_RINGS,
  PROP_PRIORITY,
  PROP_DEVICE_NAME,
  PROP_TSID,
  PROP_CSID,
  PROP_DEVICE_PATH,
  PROP_MANUFACTURER,
  PROP_MODEL,
  PROP_REVISION,
  PROP_FAX_CLASSES,
  PROP_STABLE_ID,
  PROP_STATUS_TEXT,
  PROP_SPEEDS,
  PROP_WARNING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
fax_port_info_finalize (GObject *object)
{
  FaxPortInfo *self = (FaxPortInfo *)object;

  g_clear_pointer (&self->device_name, g_free);
  g_clear_pointer (&self->tsid, g_free);
  g_clear_pointer (&self->csid, g_free);
  g_clear_pointer (&self->device_path, g_free);
  g_clear_pointer (&self->manufacturer, g_free);
  g_clear_pointer (&self->model, g_free);
  g_clear_pointer (&self->revision, g_free);
  g_clear_pointer (&self->fax_classes, g_free);
  g_clear_pointer (&self->stable_id, g_free);
  g_clear_pointer (&self->status_text, g_free);
  g_clear_pointer (&self->speeds, g_free);
  g_clear_pointer (&self->warning, g_free);

  G_OBJECT_CLASS (fax_port_info_parent_class)->finalize (object);
}

static void
fax_port_info_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  FaxPortInfo *self = FAX_PORT_INFO (object);

  switch (prop_id)
    {
    case PROP_DEVICE_ID:
      g_value_set_uint (value, self->device_id);
      break;
    case PROP_STATE:
      g_value_set_enum (value, self->state);
      break;
    case PROP_FLAGS:
      g_value_set_flags (value, self->flags);
      break;
    case PROP_RINGS:
      g_value_set_uint (value, self->rings);
      break;
    case PROP_PRIORITY:
      g_value_set_uint (value, self->priority);
      break;
    case PROP_DEVICE_NAME:
      g_value_set_string (value, self->device_name);
      break;
    case PROP_TSID:
      g_value_set_string (value, self->tsid);
      break;
    case PROP_CSID:
      g_value_set_string (value, self->csid);
      break;
    case PROP_DEVICE_PATH:
      g_value_set_string (value, self->device_path);
      break;
    case PROP_MANUFACTURER:
      g_value_set_string (value, self->manufacturer);
      break;
    case PROP_MODEL:
      g_value_set_string (value, self->model);
      break;
    case PROP_REVISION:
      g_value_set_string (value, self->revision);
      break;
    case PROP_FAX_CLASSES:
      g_value_set_string (value, self->fax_classes);
      break;
    case PROP_STABLE_ID:
      g_value_set_string (value, self->stable_id);
      break;
    case PROP_STATUS_TEXT:
      g_value_set_string (value, self->status_text);
      break;
    case PROP_SPEEDS:
      g_value_set_string (value, self->speeds);
      break;
    case PROP_WARNING:
      g_value_set_string (value, self->warning);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fax_port_info_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  FaxPortInfo *self = FAX_PORT_INFO (object);

  switch (prop_id)
    {
    case PROP_DEVICE_ID:
      fax_port_info_set_device_id (self, g_value_get_uint (value));
      break;
    case PROP_STATE:
      fax_port_info_set_state (self, g_value_get_enum (value));
      break;
    case PROP_FLAGS:
      fax_port_info_set_flags (self, g_value_get_flags (value));
      break;
    case PROP_RINGS:
      fax_port_info_set_rings (self, g_value_get_uint (value));
      break;
    case PROP_PRIORITY:
      fax_port_info_set_priority (self, g_value_get_uint (value));
      break;
    case PROP_DEVICE_NAME:
      fax_port_info_set_device_name (self, g_value_get_string (value));
      break;
    case PROP_TSID:
      fax_port_info_set_tsid (self, g_value_get_string (value));
      break;
    case PROP_CSID:
      fax_port_info_set_csid (self, g_value_get_string (value));
      break;
    case PROP_DEVICE_PATH:
      fax_port_info_set_device_path (self, g_value_get_string (value));
      break;
    case PROP_MANUFACTURER:
      fax_port_info_set_manufacturer (self, g_value_get_string (value));
      break;
    case PROP_MODEL:
      fax_port_info_set_model (self, g_value_get_string (value));
      break;
    case PROP_REVISION:
      fax_port_info_set_revision (self, g_value_get_string (value));
      break;
    case PROP_FAX_CLASSES:
      fax_port_info_set_fax_classes (self, g_value_get_string (value));
      break;
    case PROP_STABLE_ID:
      fax_port_info_set_stable_id (self, g_value_get_string (value));
      break;
    case PROP_STATUS_TEXT:
      fax_port_info_set_status_text (self, g_value_get_string (value));
      break;
    case PROP_SPEEDS:
      fax_port_info_set_speeds (self, g_value_get_string (value));
      break;
    case PROP_WARNING:
      fax_port_info_set_warning (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fax_port_info_class_init (FaxPortInfoClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = fax_port_info_finalize;
  object_class->get_property = fax_port_info_get_property;
  object_class->set_property = fax_port_info_set_property;

  properties[PROP_DEVICE_ID] =
    g_param_spec_uint ("device-id", NULL, "DeviceId, assigned per server connection",
                       0, G_MAXUINT32, 0,
                       (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_STATE] =
    g_param_spec_enum ("state", NULL, "The FPS_* state",
                       FAX_TYPE_PORT_STATE, FAX_PORT_STATE_AVAILABLE,
                       (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_FLAGS] =
    g_param_spec_flags ("flags", NULL, "The FPF_* flags",
                        FAX_TYPE_PORT_FLAGS, 0,
                        (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_RINGS] =
    g_param_spec_uint ("rings", NULL, "Rings before answering",
                       0, G_MAXUINT, 0,
                       (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_PRIORITY] =
    g_param_spec_uint ("priority", NULL, "Order in which ports are used for sending",
                       0, G_MAXUINT, 0,
                       (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_DEVICE_NAME] =
    g_param_spec_string ("device-name", NULL, "The name shown for the device (DeviceName)",
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_TSID] =
    g_param_spec_string ("tsid", NULL, "Transmitting station id",
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_CSID] =
    g_param_spec_string ("csid", NULL, "Called station id",
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_DEVICE_PATH] =
    g_param_spec_string ("device-path", NULL, "Path of the device node",
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_MANUFACTURER] =
    g_param_spec_string ("manufacturer", NULL, "Modem manufacturer",
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_MODEL] =
    g_param_spec_string ("model", NULL, "Modem model",
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_REVISION] =
    g_param_spec_string ("revision", NULL, "Modem firmware revision",
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_FAX_CLASSES] =
    g_param_spec_string ("fax-classes", NULL, "Fax classes the modem supports, comma separated",
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_STABLE_ID] =
    g_param_spec_string ("stable-id", NULL, "The identity settings are kept under (udev ID_PATH/ID_SERIAL or the path)",
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_STATUS_TEXT] =
    g_param_spec_string ("status-text", NULL, "A sentence about the state, such as who holds the device",
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_SPEEDS] =
    g_param_spec_string ("speeds", NULL, "Class 1 fax bit rates the modem offers, comma separated",
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_WARNING] =
    g_param_spec_string ("warning", NULL, "Something that may stop the port from working (ModemManager, lock files)",
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
fax_port_info_init (FaxPortInfo *self)
{
  self->state = FAX_PORT_STATE_AVAILABLE;
}

FaxPortInfo *
fax_port_info_new (void)
{
  return g_object_new (FAX_TYPE_PORT_INFO, NULL);
}

/**
 * fax_port_info_copy:
 *
 * Returns: (transfer full): a new object with the same values
 */
FaxPortInfo *
fax_port_info_copy (FaxPortInfo *self)
{
  FaxPortInfo *copy;

  g_return_val_if_fail (FAX_IS_PORT_INFO (self), NULL);

  copy = fax_port_info_new ();
  copy->device_id = self->device_id;
  copy->state = self->state;
  copy->flags = self->flags;
  copy->rings = self->rings;
  copy->priority = self->priority;
  copy->device_name = g_strdup (self->device_name);
  copy->tsid = g_strdup (self->tsid);
  copy->csid = g_strdup (self->csid);
  copy->device_path = g_strdup (self->device_path);
  copy->manufacturer = g_strdup (self->manufacturer);
  copy->model = g_strdup (self->model);
  copy->revision = g_strdup (self->revision);
  copy->fax_classes = g_strdup (self->fax_classes);
  copy->stable_id = g_strdup (self->stable_id);
  copy->status_text = g_strdup (self->status_text);
  copy->speeds = g_strdup (self->speeds);
  copy->warning = g_strdup (self->warning);

  return copy;
}

gboolean
fax_port_info_equal (FaxPortInfo *a,
                     FaxPortInfo *b)
{
  g_return_val_if_fail (FAX_IS_PORT_INFO (a), FALSE);
  g_return_val_if_fail (FAX_IS_PORT_INFO (b), FALSE);

  return a->device_id == b->device_id &&
         a->state == b->state &&
         a->flags == b->flags &&
         a->rings == b->rings &&
         a->priority == b->priority &&
         g_strcmp0 (a->device_name, b->device_name) == 0 &&
         g_strcmp0 (a->tsid, b->tsid) == 0 &&
         g_strcmp0 (a->csid, b->csid) == 0 &&
         g_strcmp0 (a->device_path, b->device_path) == 0 &&
         g_strcmp0 (a->manufacturer, b->manufacturer) == 0 &&
         g_strcmp0 (a->model, b->model) == 0 &&
         g_strcmp0 (a->revision, b->revision) == 0 &&
         g_strcmp0 (a->fax_classes, b->fax_classes) == 0 &&
         g_strcmp0 (a->stable_id, b->stable_id) == 0 &&
         g_strcmp0 (a->status_text, b->status_text) == 0 &&
         g_strcmp0 (a->speeds, b->speeds) == 0 &&
         g_strcmp0 (a->warning, b->warning) == 0;
}

/* g_set_str () arrived in GLib 2.76; Debian 12 has 2.74 */
static gboolean
set_str (char       **dest,
         const char  *value)
{
  if (g_strcmp0 (*dest, value) == 0)
    return FALSE;
  g_free (*dest);
  *dest = g_strdup (value);
  return TRUE;
}

#define DEFINE_SCALAR(type, name, NAME)                                   \
  type                                                                    \
  fax_port_info_get_##name (FaxPortInfo *self)                            \
  {                                                                       \
    g_return_val_if_fail (FAX_IS_PORT_INFO (self), 0);                    \
    return self->name;                                                    \
  }                                                                       \
  void                                                                    \
  fax_port_info_set_##name (FaxPortInfo *self,                            \
                            type         value)                           \
  {                                                                       \
    g_return_if_fail (FAX_IS_PORT_INFO (self));                           \
    if (self->name == value)                                              \
      return;                                                             \
    self->name = value;                                                   \
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_##NAME]);  \
  }

#define DEFINE_STRING(name, NAME)                                         \
  const char *                                                            \
  fax_port_info_get_##name (FaxPortInfo *self)                            \
  {                                                                       \
    g_return_val_if_fail (FAX_IS_PORT_INFO (self), NULL);                 \
    return self->name;                                                    \
  }                                                                       \
  void                                                                    \
  fax_port_info_set_##name (FaxPortInfo *self,                            \
                            const char  *value)                           \
  {                                                                       \
    g_return_if_fail (FAX_IS_PORT_INFO (self));                           \
    if (set_str (&self->name, value))                                         \
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_##NAME]); \
  }

DEFINE_SCALAR (guint32, device_id, DEVICE_ID)
DEFINE_SCALAR (FaxPortState, state, STATE)
DEFINE_SCALAR (FaxPortFlags, flags, FLAGS)
DEFINE_SCALAR (guint, rings, RINGS)
DEFINE_SCALAR (guint, priority, PRIORITY)
DEFINE_STRING (device_name, DEVICE_NAME)
DEFINE_STRING (tsid, TSID)
DEFINE_STRING (csid, CSID)
DEFINE_STRING (device_path, DEVICE_PATH)
DEFINE_STRING (manufacturer, MANUFACTURER)
DEFINE_STRING (model, MODEL)
DEFINE_STRING (revision, REVISION)
DEFINE_STRING (fax_classes, FAX_CLASSES)
DEFINE_STRING (stable_id, STABLE_ID)
DEFINE_STRING (status_text, STATUS_TEXT)
DEFINE_STRING (speeds, SPEEDS)
DEFINE_STRING (warning, WARNING)

gboolean
fax_station_id_is_valid (const char  *id,
                         GError     **error)
{
  gsize len = 0;

  if (id == NULL)
    return TRUE;

  for (const char *p = id; *p; p++, len++)
    {
      if ((guchar)*p < 0x20 || (guchar)*p > 0x7e)
        {
          g_set_error (error, FAX_ERROR, FAX_ERROR_INVALID_PARAMETER,
                       _("A station id may hold only printable ASCII characters (letters, digits, space, + and the like); character %u is not one"),
                       (guint)len + 1);
          return FALSE;
        }
    }

  if (len > 20)
    {
      g_set_error (error, FAX_ERROR, FAX_ERROR_INVALID_PARAMETER,
                   _("A station id may be at most 20 characters long; this one has %u"),
                   (guint)len);
      return FALSE;
    }

  return TRUE;
}
