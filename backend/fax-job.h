/* fax-job.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>
#include "fax-enums.h"

G_BEGIN_DECLS

#define FAX_TYPE_JOB (fax_job_get_type ())

G_DECLARE_FINAL_TYPE (FaxJob, fax_job, FAX, JOB, GObject)

guint32       fax_job_get_id (FaxJob *self);
FaxJobState   fax_job_get_state (FaxJob *self);
const char *  fax_job_get_recipient_number (FaxJob *self);
const char *  fax_job_get_recipient_name (FaxJob *self);
guint32       fax_job_get_device_id (FaxJob *self);
const char *  fax_job_get_port_name (FaxJob *self);
const char *  fax_job_get_document (FaxJob *self);
guint         fax_job_get_total_pages (FaxJob *self);
guint         fax_job_get_pages_sent (FaxJob *self);
guint         fax_job_get_attempts (FaxJob *self);
guint         fax_job_get_max_attempts (FaxJob *self);
guint         fax_job_get_retry_delay (FaxJob *self);
gint64        fax_job_get_next_try (FaxJob *self);
gint64        fax_job_get_submitted (FaxJob *self);
gint64        fax_job_get_finished (FaxJob *self);
const char *  fax_job_get_result_text (FaxJob *self);
const char *  fax_job_get_remote_csid (FaxJob *self);
guint         fax_job_get_bit_rate (FaxJob *self);
const char *  fax_job_get_compression (FaxJob *self);
gboolean      fax_job_get_ecm_used (FaxJob *self);
double        fax_job_get_duration (FaxJob *self);
gboolean      fax_job_get_use_ecm (FaxJob *self);
gboolean      fax_job_get_page_header (FaxJob *self);
const char *  fax_job_get_log_path (FaxJob *self);

G_END_DECLS
