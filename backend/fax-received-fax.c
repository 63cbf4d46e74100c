/* fax-received-fax.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "fax-received-fax-private.h"

struct _FaxReceivedFax
{
  GObject parent_instance;

  char *path;
  gint64 received;
  char *remote_tsid;
  char *caller_id;
  guint pages;
  char *device_name;
  gboolean incomplete;
  gboolean unread;
  char *result_text;
  guint bit_rate;
  char *compression;
  char *log_path;
  char *routing_problems;
};

G_DEFINE_FINAL_TYPE (FaxReceivedFax, fax_received_fax, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_PATH,
  PROP_RECEIVED,
  PROP_REMOTE_TSID,
  PROP_CALLER_ID,
  PROP_PAGES,
  PROP_DEVICE_NAME,
  PROP_INCOMPLETE,
  PROP_UNREAD,
  PROP_RESULT_TEXT,
  PROP_BIT_RATE,
  PROP_COMPRESSION,
  PROP_LOG_PATH,
  PROP_ROUTING_PROBLEMS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
fax_received_fax_finalize (GObject *object)
{
  FaxReceivedFax *self = (FaxReceivedFax *)object;

  g_clear_pointer (&self->path, g_free);
  g_clear_pointer (&self->remote_tsid, g_free);
  g_clear_pointer (&self->caller_id, g_free);
  g_clear_pointer (&self->device_name, g_free);
  g_clear_pointer (&self->result_text, g_free);
  g_clear_pointer (&self->compression, g_free);
  g_clear_pointer (&self->log_path, g_free);
  g_clear_pointer (&self->routing_problems, g_free);

  G_OBJECT_CLASS (fax_received_fax_parent_class)->finalize (object);
}

static void
fax_received_fax_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  FaxReceivedFax *self = FAX_RECEIVED_FAX (object);

  switch (prop_id)
    {
    case PROP_PATH:
      g_value_set_string (value, self->path);
      break;
    case PROP_RECEIVED:
      g_value_set_int64 (value, self->received);
      break;
    case PROP_REMOTE_TSID:
      g_value_set_string (value, self->remote_tsid);
      break;
    case PROP_CALLER_ID:
      g_value_set_string (value, self->caller_id);
      break;
    case PROP_PAGES:
      g_value_set_uint (value, self->pages);
      break;
    case PROP_DEVICE_NAME:
      g_value_set_string (value, self->device_name);
      break;
    case PROP_INCOMPLETE:
      g_value_set_boolean (value, self->incomplete);
      break;
    case PROP_UNREAD:
      g_value_set_boolean (value, self->unread);
      break;
    case PROP_RESULT_TEXT:
      g_value_set_string (value, self->result_text);
      break;
    case PROP_BIT_RATE:
      g_value_set_uint (value, self->bit_rate);
      break;
    case PROP_COMPRESSION:
      g_value_set_string (value, self->compression);
      break;
    case PROP_LOG_PATH:
      g_value_set_string (value, self->log_path);
      break;
    case PROP_ROUTING_PROBLEMS:
      g_value_set_string (value, self->routing_problems);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fax_received_fax_class_init (FaxReceivedFaxClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = fax_received_fax_finalize;
  object_class->get_property = fax_received_fax_get_property;

  properties[PROP_PATH] =
    g_param_spec_string ("path", NULL, NULL, NULL,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_RECEIVED] =
    g_param_spec_int64 ("received", NULL, NULL, G_MININT64, G_MAXINT64, 0,
                        (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_REMOTE_TSID] =
    g_param_spec_string ("remote-tsid", NULL, NULL, NULL,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_CALLER_ID] =
    g_param_spec_string ("caller-id", NULL, NULL, NULL,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_PAGES] =
    g_param_spec_uint ("pages", NULL, NULL, 0, G_MAXUINT, 0,
                       (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_DEVICE_NAME] =
    g_param_spec_string ("device-name", NULL, NULL, NULL,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_INCOMPLETE] =
    g_param_spec_boolean ("incomplete", NULL, NULL, FALSE,
                          (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_UNREAD] =
    g_param_spec_boolean ("unread", NULL, NULL, FALSE,
                          (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_RESULT_TEXT] =
    g_param_spec_string ("result-text", NULL, NULL, NULL,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_BIT_RATE] =
    g_param_spec_uint ("bit-rate", NULL, NULL, 0, G_MAXUINT, 0,
                       (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_COMPRESSION] =
    g_param_spec_string ("compression", NULL, NULL, NULL,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_LOG_PATH] =
    g_param_spec_string ("log-path", NULL, NULL, NULL,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  /* What went wrong routing the fax, one line per failed method; NULL
   * when every enabled method did its work */
  properties[PROP_ROUTING_PROBLEMS] =
    g_param_spec_string ("routing-problems", NULL, NULL, NULL,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
fax_received_fax_init (FaxReceivedFax *self)
{
}

const char *
fax_received_fax_get_path (FaxReceivedFax *self)
{
  g_return_val_if_fail (FAX_IS_RECEIVED_FAX (self), NULL);
  return self->path;
}

void
_fax_received_fax_set_path (FaxReceivedFax *self,
                           const char *value)
{
  if (g_strcmp0 (self->path, value) == 0)
    return;
  g_free (self->path);
  self->path = g_strdup (value);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PATH]);
}

gint64 
fax_received_fax_get_received (FaxReceivedFax *self)
{
  g_return_val_if_fail (FAX_IS_RECEIVED_FAX (self), 0);
  return self->received;
}

void
_fax_received_fax_set_received (FaxReceivedFax *self,
                               gint64 value)
{
  if (self->received == value)
    return;
  self->received = value;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RECEIVED]);
}

const char *
fax_received_fax_get_remote_tsid (FaxReceivedFax *self)
{
  g_return_val_if_fail (FAX_IS_RECEIVED_FAX (self), NULL);
  return self->remote_tsid;
}

void
_fax_received_fax_set_remote_tsid (FaxReceivedFax *self,
                                  const char *value)
{
  if (g_strcmp0 (self->remote_tsid, value) == 0)
    return;
  g_free (self->remote_tsid);
  self->remote_tsid = g_strdup (value);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REMOTE_TSID]);
}

const char *
fax_received_fax_get_caller_id (FaxReceivedFax *self)
{
  g_return_val_if_fail (FAX_IS_RECEIVED_FAX (self), NULL);
  return self->caller_id;
}

void
_fax_received_fax_set_caller_id (FaxReceivedFax *self,
                                const char *value)
{
  if (g_strcmp0 (self->caller_id, value) == 0)
    return;
  g_free (self->caller_id);
  self->caller_id = g_strdup (value);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CALLER_ID]);
}

guint 
fax_received_fax_get_pages (FaxReceivedFax *self)
{
  g_return_val_if_fail (FAX_IS_RECEIVED_FAX (self), 0);
  return self->pages;
}

void
_fax_received_fax_set_pages (FaxReceivedFax *self,
                            guint value)
{
  if (self->pages == value)
    return;
  self->pages = value;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PAGES]);
}

const char *
fax_received_fax_get_device_name (FaxReceivedFax *self)
{
  g_return_val_if_fail (FAX_IS_RECEIVED_FAX (self), NULL);
  return self->device_name;
}

void
_fax_received_fax_set_device_name (FaxReceivedFax *self,
                                  const char *value)
{
  if (g_strcmp0 (self->device_name, value) == 0)
    return;
  g_free (self->device_name);
  self->device_name = g_strdup (value);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DEVICE_NAME]);
}

gboolean 
fax_received_fax_get_incomplete (FaxReceivedFax *self)
{
  g_return_val_if_fail (FAX_IS_RECEIVED_FAX (self), 0);
  return self->incomplete;
}

void
_fax_received_fax_set_incomplete (FaxReceivedFax *self,
                                 gboolean value)
{
  if (self->incomplete == value)
    return;
  self->incomplete = value;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_INCOMPLETE]);
}

gboolean 
fax_received_fax_get_unread (FaxReceivedFax *self)
{
  g_return_val_if_fail (FAX_IS_RECEIVED_FAX (self), 0);
  return self->unread;
}

void
_fax_received_fax_set_unread (FaxReceivedFax *self,
                             gboolean value)
{
  if (self->unread == value)
    return;
  self->unread = value;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_UNREAD]);
}

const char *
fax_received_fax_get_result_text (FaxReceivedFax *self)
{
  g_return_val_if_fail (FAX_IS_RECEIVED_FAX (self), NULL);
  return self->result_text;
}

void
_fax_received_fax_set_result_text (FaxReceivedFax *self,
                                  const char *value)
{
  if (g_strcmp0 (self->result_text, value) == 0)
    return;
  g_free (self->result_text);
  self->result_text = g_strdup (value);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RESULT_TEXT]);
}

guint 
fax_received_fax_get_bit_rate (FaxReceivedFax *self)
{
  g_return_val_if_fail (FAX_IS_RECEIVED_FAX (self), 0);
  return self->bit_rate;
}

void
_fax_received_fax_set_bit_rate (FaxReceivedFax *self,
                               guint value)
{
  if (self->bit_rate == value)
    return;
  self->bit_rate = value;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BIT_RATE]);
}

const char *
fax_received_fax_get_compression (FaxReceivedFax *self)
{
  g_return_val_if_fail (FAX_IS_RECEIVED_FAX (self), NULL);
  return self->compression;
}

void
_fax_received_fax_set_compression (FaxReceivedFax *self,
                                  const char *value)
{
  if (g_strcmp0 (self->compression, value) == 0)
    return;
  g_free (self->compression);
  self->compression = g_strdup (value);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_COMPRESSION]);
}

const char *
fax_received_fax_get_log_path (FaxReceivedFax *self)
{
  g_return_val_if_fail (FAX_IS_RECEIVED_FAX (self), NULL);
  return self->log_path;
}

void
_fax_received_fax_set_log_path (FaxReceivedFax *self,
                               const char *value)
{
  if (g_strcmp0 (self->log_path, value) == 0)
    return;
  g_free (self->log_path);
  self->log_path = g_strdup (value);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOG_PATH]);
}


const char *
fax_received_fax_get_routing_problems (FaxReceivedFax *self)
{
  g_return_val_if_fail (FAX_IS_RECEIVED_FAX (self), NULL);
  return self->routing_problems;
}

void
_fax_received_fax_set_routing_problems (FaxReceivedFax *self,
                                        const char     *value)
{
  if (value != NULL && *value == '\0')
    value = NULL;
  if (g_strcmp0 (self->routing_problems, value) == 0)
    return;
  g_free (self->routing_problems);
  self->routing_problems = g_strdup (value);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ROUTING_PROBLEMS]);
}
