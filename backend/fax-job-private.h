/* fax-job-private.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "fax-job.h"

G_BEGIN_DECLS

void          _fax_job_set_id (FaxJob *self, guint32 value);
void          _fax_job_set_state (FaxJob *self, FaxJobState value);
void          _fax_job_set_recipient_number (FaxJob *self, const char *value);
void          _fax_job_set_recipient_name (FaxJob *self, const char *value);
void          _fax_job_set_device_id (FaxJob *self, guint32 value);
void          _fax_job_set_port_name (FaxJob *self, const char *value);
void          _fax_job_set_document (FaxJob *self, const char *value);
void          _fax_job_set_total_pages (FaxJob *self, guint value);
void          _fax_job_set_pages_sent (FaxJob *self, guint value);
void          _fax_job_set_attempts (FaxJob *self, guint value);
void          _fax_job_set_max_attempts (FaxJob *self, guint value);
void          _fax_job_set_retry_delay (FaxJob *self, guint value);
void          _fax_job_set_next_try (FaxJob *self, gint64 value);
void          _fax_job_set_submitted (FaxJob *self, gint64 value);
void          _fax_job_set_finished (FaxJob *self, gint64 value);
void          _fax_job_set_result_text (FaxJob *self, const char *value);
void          _fax_job_set_remote_csid (FaxJob *self, const char *value);
void          _fax_job_set_bit_rate (FaxJob *self, guint value);
void          _fax_job_set_compression (FaxJob *self, const char *value);
void          _fax_job_set_ecm_used (FaxJob *self, gboolean value);
void          _fax_job_set_duration (FaxJob *self, double value);
void          _fax_job_set_use_ecm (FaxJob *self, gboolean value);
void          _fax_job_set_page_header (FaxJob *self, gboolean value);
void          _fax_job_set_log_path (FaxJob *self, const char *value);

G_END_DECLS
