/* fax-job.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "fax-job-private.h"

struct _FaxJob
{
  GObject parent_instance;

  guint32 id;
  FaxJobState state;
  char *recipient_number;
  char *recipient_name;
  guint32 device_id;
  char *port_name;
  char *document;
  guint total_pages;
  guint pages_sent;
  guint attempts;
  guint max_attempts;
  guint retry_delay;
  gint64 next_try;
  gint64 submitted;
  gint64 finished;
  char *result_text;
  char *remote_csid;
  guint bit_rate;
  char *compression;
  gboolean ecm_used;
  double duration;
  gboolean use_ecm;
  gboolean page_header;
  char *log_path;
};

G_DEFINE_FINAL_TYPE (FaxJob, fax_job, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_STATE,
  PROP_RECIPIENT_NUMBER,
  PROP_RECIPIENT_NAME,
  PROP_DEVICE_ID,
  PROP_PORT_NAME,
  PROP_DOCUMENT,
  PROP_TOTAL_PAGES,
  PROP_PAGES_SENT,
  PROP_ATTEMPTS,
  PROP_MAX_ATTEMPTS,
  PROP_RETRY_DELAY,
  PROP_NEXT_TRY,
  PROP_SUBMITTED,
  PROP_FINISHED,
  PROP_RESULT_TEXT,
  PROP_REMOTE_CSID,
  PROP_BIT_RATE,
  PROP_COMPRESSION,
  PROP_ECM_USED,
  PROP_DURATION,
  PROP_USE_ECM,
  PROP_PAGE_HEADER,
  PROP_LOG_PATH,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
fax_job_finalize (GObject *object)
{
  FaxJob *self = (FaxJob *)object;

  g_clear_pointer (&self->recipient_number, g_free);
  g_clear_pointer (&self->recipient_name, g_free);
  g_clear_pointer (&self->port_name, g_free);
  g_clear_pointer (&self->document, g_free);
  g_clear_pointer (&self->result_text, g_free);
  g_clear_pointer (&self->remote_csid, g_free);
  g_clear_pointer (&self->compression, g_free);
  g_clear_pointer (&self->log_path, g_free);

  G_OBJECT_CLASS (fax_job_parent_class)->finalize (object);
}

static void
fax_job_get_property (GObject    *object,
                      guint       prop_id,
                      GValue     *value,
                      GParamSpec *pspec)
{
  FaxJob *self = FAX_JOB (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_uint (value, self->id);
      break;
    case PROP_STATE:
      g_value_set_enum (value, self->state);
      break;
    case PROP_RECIPIENT_NUMBER:
      g_value_set_string (value, self->recipient_number);
      break;
    case PROP_RECIPIENT_NAME:
      g_value_set_string (value, self->recipient_name);
      break;
    case PROP_DEVICE_ID:
      g_value_set_uint (value, self->device_id);
      break;
    case PROP_PORT_NAME:
      g_value_set_string (value, self->port_name);
      break;
    case PROP_DOCUMENT:
      g_value_set_string (value, self->document);
      break;
    case PROP_TOTAL_PAGES:
      g_value_set_uint (value, self->total_pages);
      break;
    case PROP_PAGES_SENT:
      g_value_set_uint (value, self->pages_sent);
      break;
    case PROP_ATTEMPTS:
      g_value_set_uint (value, self->attempts);
      break;
    case PROP_MAX_ATTEMPTS:
      g_value_set_uint (value, self->max_attempts);
      break;
    case PROP_RETRY_DELAY:
      g_value_set_uint (value, self->retry_delay);
      break;
    case PROP_NEXT_TRY:
      g_value_set_int64 (value, self->next_try);
      break;
    case PROP_SUBMITTED:
      g_value_set_int64 (value, self->submitted);
      break;
    case PROP_FINISHED:
      g_value_set_int64 (value, self->finished);
      break;
    case PROP_RESULT_TEXT:
      g_value_set_string (value, self->result_text);
      break;
    case PROP_REMOTE_CSID:
      g_value_set_string (value, self->remote_csid);
      break;
    case PROP_BIT_RATE:
      g_value_set_uint (value, self->bit_rate);
      break;
    case PROP_COMPRESSION:
      g_value_set_string (value, self->compression);
      break;
    case PROP_ECM_USED:
      g_value_set_boolean (value, self->ecm_used);
      break;
    case PROP_DURATION:
      g_value_set_double (value, self->duration);
      break;
    case PROP_USE_ECM:
      g_value_set_boolean (value, self->use_ecm);
      break;
    case PROP_PAGE_HEADER:
      g_value_set_boolean (value, self->page_header);
      break;
    case PROP_LOG_PATH:
      g_value_set_string (value, self->log_path);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fax_job_class_init (FaxJobClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = fax_job_finalize;
  object_class->get_property = fax_job_get_property;

  properties[PROP_ID] =
    g_param_spec_uint ("id", NULL, NULL, 0, G_MAXUINT, 0,
                       (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_STATE] =
    g_param_spec_enum ("state", NULL, NULL, FAX_TYPE_JOB_STATE, FAX_JOB_STATE_QUEUED,
                       (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_RECIPIENT_NUMBER] =
    g_param_spec_string ("recipient-number", NULL, NULL, NULL,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_RECIPIENT_NAME] =
    g_param_spec_string ("recipient-name", NULL, NULL, NULL,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_DEVICE_ID] =
    g_param_spec_uint ("device-id", NULL, NULL, 0, G_MAXUINT, 0,
                       (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_PORT_NAME] =
    g_param_spec_string ("port-name", NULL, NULL, NULL,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_DOCUMENT] =
    g_param_spec_string ("document", NULL, NULL, NULL,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_TOTAL_PAGES] =
    g_param_spec_uint ("total-pages", NULL, NULL, 0, G_MAXUINT, 0,
                       (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_PAGES_SENT] =
    g_param_spec_uint ("pages-sent", NULL, NULL, 0, G_MAXUINT, 0,
                       (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_ATTEMPTS] =
    g_param_spec_uint ("attempts", NULL, NULL, 0, G_MAXUINT, 0,
                       (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_MAX_ATTEMPTS] =
    g_param_spec_uint ("max-attempts", NULL, NULL, 0, G_MAXUINT, 0,
                       (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_RETRY_DELAY] =
    g_param_spec_uint ("retry-delay", NULL, NULL, 0, G_MAXUINT, 0,
                       (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_NEXT_TRY] =
    g_param_spec_int64 ("next-try", NULL, NULL, G_MININT64, G_MAXINT64, 0,
                        (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_SUBMITTED] =
    g_param_spec_int64 ("submitted", NULL, NULL, G_MININT64, G_MAXINT64, 0,
                        (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_FINISHED] =
    g_param_spec_int64 ("finished", NULL, NULL, G_MININT64, G_MAXINT64, 0,
                        (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_RESULT_TEXT] =
    g_param_spec_string ("result-text", NULL, NULL, NULL,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_REMOTE_CSID] =
    g_param_spec_string ("remote-csid", NULL, NULL, NULL,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_BIT_RATE] =
    g_param_spec_uint ("bit-rate", NULL, NULL, 0, G_MAXUINT, 0,
                       (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_COMPRESSION] =
    g_param_spec_string ("compression", NULL, NULL, NULL,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_ECM_USED] =
    g_param_spec_boolean ("ecm-used", NULL, NULL, FALSE,
                          (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_DURATION] =
    g_param_spec_double ("duration", NULL, NULL, -G_MAXDOUBLE, G_MAXDOUBLE, 0,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_USE_ECM] =
    g_param_spec_boolean ("use-ecm", NULL, NULL, FALSE,
                          (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_PAGE_HEADER] =
    g_param_spec_boolean ("page-header", NULL, NULL, FALSE,
                          (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_LOG_PATH] =
    g_param_spec_string ("log-path", NULL, NULL, NULL,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
fax_job_init (FaxJob *self)
{
}

guint32 
fax_job_get_id (FaxJob *self)
{
  g_return_val_if_fail (FAX_IS_JOB (self), 0);
  return self->id;
}

void
_fax_job_set_id (FaxJob *self,
                guint32 value)
{
  if (self->id == value)
    return;
  self->id = value;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ID]);
}

FaxJobState 
fax_job_get_state (FaxJob *self)
{
  g_return_val_if_fail (FAX_IS_JOB (self), 0);
  return self->state;
}

void
_fax_job_set_state (FaxJob *self,
                   FaxJobState value)
{
  if (self->state == value)
    return;
  self->state = value;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
}

const char *
fax_job_get_recipient_number (FaxJob *self)
{
  g_return_val_if_fail (FAX_IS_JOB (self), NULL);
  return self->recipient_number;
}

void
_fax_job_set_recipient_number (FaxJob *self,
                              const char *value)
{
  if (g_strcmp0 (self->recipient_number, value) == 0)
    return;
  g_free (self->recipient_number);
  self->recipient_number = g_strdup (value);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RECIPIENT_NUMBER]);
}

const char *
fax_job_get_recipient_name (FaxJob *self)
{
  g_return_val_if_fail (FAX_IS_JOB (self), NULL);
  return self->recipient_name;
}

void
_fax_job_set_recipient_name (FaxJob *self,
                            const char *value)
{
  if (g_strcmp0 (self->recipient_name, value) == 0)
    return;
  g_free (self->recipient_name);
  self->recipient_name = g_strdup (value);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RECIPIENT_NAME]);
}

guint32 
fax_job_get_device_id (FaxJob *self)
{
  g_return_val_if_fail (FAX_IS_JOB (self), 0);
  return self->device_id;
}

void
_fax_job_set_device_id (FaxJob *self,
                       guint32 value)
{
  if (self->device_id == value)
    return;
  self->device_id = value;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DEVICE_ID]);
}

const char *
fax_job_get_port_name (FaxJob *self)
{
  g_return_val_if_fail (FAX_IS_JOB (self), NULL);
  return self->port_name;
}

void
_fax_job_set_port_name (FaxJob *self,
                       const char *value)
{
  if (g_strcmp0 (self->port_name, value) == 0)
    return;
  g_free (self->port_name);
  self->port_name = g_strdup (value);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PORT_NAME]);
}

const char *
fax_job_get_document (FaxJob *self)
{
  g_return_val_if_fail (FAX_IS_JOB (self), NULL);
  return self->document;
}

void
_fax_job_set_document (FaxJob *self,
                      const char *value)
{
  if (g_strcmp0 (self->document, value) == 0)
    return;
  g_free (self->document);
  self->document = g_strdup (value);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DOCUMENT]);
}

guint 
fax_job_get_total_pages (FaxJob *self)
{
  g_return_val_if_fail (FAX_IS_JOB (self), 0);
  return self->total_pages;
}

void
_fax_job_set_total_pages (FaxJob *self,
                         guint value)
{
  if (self->total_pages == value)
    return;
  self->total_pages = value;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TOTAL_PAGES]);
}

guint 
fax_job_get_pages_sent (FaxJob *self)
{
  g_return_val_if_fail (FAX_IS_JOB (self), 0);
  return self->pages_sent;
}

void
_fax_job_set_pages_sent (FaxJob *self,
                        guint value)
{
  if (self->pages_sent == value)
    return;
  self->pages_sent = value;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PAGES_SENT]);
}

guint 
fax_job_get_attempts (FaxJob *self)
{
  g_return_val_if_fail (FAX_IS_JOB (self), 0);
  return self->attempts;
}

void
_fax_job_set_attempts (FaxJob *self,
                      guint value)
{
  if (self->attempts == value)
    return;
  self->attempts = value;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ATTEMPTS]);
}

guint 
fax_job_get_max_attempts (FaxJob *self)
{
  g_return_val_if_fail (FAX_IS_JOB (self), 0);
  return self->max_attempts;
}

void
_fax_job_set_max_attempts (FaxJob *self,
                          guint value)
{
  if (self->max_attempts == value)
    return;
  self->max_attempts = value;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MAX_ATTEMPTS]);
}

guint 
fax_job_get_retry_delay (FaxJob *self)
{
  g_return_val_if_fail (FAX_IS_JOB (self), 0);
  return self->retry_delay;
}

void
_fax_job_set_retry_delay (FaxJob *self,
                         guint value)
{
  if (self->retry_delay == value)
    return;
  self->retry_delay = value;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RETRY_DELAY]);
}

gint64 
fax_job_get_next_try (FaxJob *self)
{
  g_return_val_if_fail (FAX_IS_JOB (self), 0);
  return self->next_try;
}

void
_fax_job_set_next_try (FaxJob *self,
                      gint64 value)
{
  if (self->next_try == value)
    return;
  self->next_try = value;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NEXT_TRY]);
}

gint64 
fax_job_get_submitted (FaxJob *self)
{
  g_return_val_if_fail (FAX_IS_JOB (self), 0);
  return self->submitted;
}

void
_fax_job_set_submitted (FaxJob *self,
                       gint64 value)
{
  if (self->submitted == value)
    return;
  self->submitted = value;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SUBMITTED]);
}

gint64 
fax_job_get_finished (FaxJob *self)
{
  g_return_val_if_fail (FAX_IS_JOB (self), 0);
  return self->finished;
}

void
_fax_job_set_finished (FaxJob *self,
                      gint64 value)
{
  if (self->finished == value)
    return;
  self->finished = value;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FINISHED]);
}

const char *
fax_job_get_result_text (FaxJob *self)
{
  g_return_val_if_fail (FAX_IS_JOB (self), NULL);
  return self->result_text;
}

void
_fax_job_set_result_text (FaxJob *self,
                         const char *value)
{
  if (g_strcmp0 (self->result_text, value) == 0)
    return;
  g_free (self->result_text);
  self->result_text = g_strdup (value);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RESULT_TEXT]);
}

const char *
fax_job_get_remote_csid (FaxJob *self)
{
  g_return_val_if_fail (FAX_IS_JOB (self), NULL);
  return self->remote_csid;
}

void
_fax_job_set_remote_csid (FaxJob *self,
                         const char *value)
{
  if (g_strcmp0 (self->remote_csid, value) == 0)
    return;
  g_free (self->remote_csid);
  self->remote_csid = g_strdup (value);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REMOTE_CSID]);
}

guint 
fax_job_get_bit_rate (FaxJob *self)
{
  g_return_val_if_fail (FAX_IS_JOB (self), 0);
  return self->bit_rate;
}

void
_fax_job_set_bit_rate (FaxJob *self,
                      guint value)
{
  if (self->bit_rate == value)
    return;
  self->bit_rate = value;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BIT_RATE]);
}

const char *
fax_job_get_compression (FaxJob *self)
{
  g_return_val_if_fail (FAX_IS_JOB (self), NULL);
  return self->compression;
}

void
_fax_job_set_compression (FaxJob *self,
                         const char *value)
{
  if (g_strcmp0 (self->compression, value) == 0)
    return;
  g_free (self->compression);
  self->compression = g_strdup (value);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_COMPRESSION]);
}

gboolean 
fax_job_get_ecm_used (FaxJob *self)
{
  g_return_val_if_fail (FAX_IS_JOB (self), 0);
  return self->ecm_used;
}

void
_fax_job_set_ecm_used (FaxJob *self,
                      gboolean value)
{
  if (self->ecm_used == value)
    return;
  self->ecm_used = value;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ECM_USED]);
}

double 
fax_job_get_duration (FaxJob *self)
{
  g_return_val_if_fail (FAX_IS_JOB (self), 0);
  return self->duration;
}

void
_fax_job_set_duration (FaxJob *self,
                      double value)
{
  if (self->duration == value)
    return;
  self->duration = value;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DURATION]);
}

gboolean 
fax_job_get_use_ecm (FaxJob *self)
{
  g_return_val_if_fail (FAX_IS_JOB (self), 0);
  return self->use_ecm;
}

void
_fax_job_set_use_ecm (FaxJob *self,
                     gboolean value)
{
  if (self->use_ecm == value)
    return;
  self->use_ecm = value;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_USE_ECM]);
}

gboolean 
fax_job_get_page_header (FaxJob *self)
{
  g_return_val_if_fail (FAX_IS_JOB (self), 0);
  return self->page_header;
}

void
_fax_job_set_page_header (FaxJob *self,
                         gboolean value)
{
  if (self->page_header == value)
    return;
  self->page_header = value;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PAGE_HEADER]);
}

const char *
fax_job_get_log_path (FaxJob *self)
{
  g_return_val_if_fail (FAX_IS_JOB (self), NULL);
  return self->log_path;
}

void
_fax_job_set_log_path (FaxJob *self,
                      const char *value)
{
  if (g_strcmp0 (self->log_path, value) == 0)
    return;
  g_free (self->log_path);
  self->log_path = g_strdup (value);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOG_PATH]);
}

