/* fax-jobs-view.h: the outbox (jobs on their way) or the sent jobs
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include <fax-backend.h>

G_BEGIN_DECLS

typedef enum {
  FAX_JOBS_VIEW_OUTBOX,   /* queued, dialing, sending, retrying, paused */
  FAX_JOBS_VIEW_SENT,     /* completed, failed, cancelled */
} FaxJobsViewMode;

#define FAX_TYPE_JOBS_VIEW (fax_jobs_view_get_type ())

G_DECLARE_FINAL_TYPE (FaxJobsView, fax_jobs_view, FAX, JOBS_VIEW, AdwBin)

GtkWidget  *fax_jobs_view_new        (FaxJobsViewMode  mode);
void        fax_jobs_view_set_server (FaxJobsView     *self,
                                      FaxServer       *server);
/* The jobs shown, in display order (a GListModel of FaxJob) */
GListModel *fax_jobs_view_get_model  (FaxJobsView     *self);

/* "Sending page 2 of 5", "Next try at 10:32 (attempt 2 of 3): ...": a
 * job's state in words, for rows and notifications */
char       *fax_job_describe_state   (FaxJob          *job);

G_END_DECLS
