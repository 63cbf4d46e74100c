/* fax-send-dialog.h: a new fax: recipient, documents, cover page, time, preview
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include <fax-backend.h>

G_BEGIN_DECLS

#define FAX_TYPE_SEND_DIALOG (fax_send_dialog_get_type ())

G_DECLARE_FINAL_TYPE (FaxSendDialog, fax_send_dialog, FAX, SEND_DIALOG, AdwWindow)

FaxSendDialog *fax_send_dialog_new          (GtkWindow     *parent,
                                             FaxServer     *server);
/* Adds documents to send, in order (files from the command line, drops) */
void           fax_send_dialog_add_files    (FaxSendDialog *self,
                                             GFile * const *files,
                                             guint          n_files);
void           fax_send_dialog_set_number   (FaxSendDialog *self,
                                             const char    *number);
/* Shows the pages that will be sent, as the Preview button does
 * (converting the documents on a worker first) */
void           fax_send_dialog_preview      (FaxSendDialog *self);
/* Pages of the converted fax shown on the Preview page (0: none yet) */
guint          fax_send_dialog_get_n_pages  (FaxSendDialog *self);
/* Submits as the Send button does; the dialog closes once the job is queued */
void           fax_send_dialog_send         (FaxSendDialog *self);
/* The job the dialog queued, once it has (NULL before) */
FaxJob        *fax_send_dialog_get_job      (FaxSendDialog *self);

G_END_DECLS
