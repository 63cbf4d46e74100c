/* fax-window.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "fax-application.h"
#include "fax-ports-view.h"
#include "fax-send-dialog.h"

G_BEGIN_DECLS

#define FAX_TYPE_WINDOW (fax_window_get_type ())

G_DECLARE_FINAL_TYPE (FaxWindow, fax_window, FAX, WINDOW, AdwApplicationWindow)

FaxWindow    *fax_window_new            (FaxApplication *application);
FaxPortsView *fax_window_get_ports_view (FaxWindow      *self);
/* "ports", "inbox", "outbox" or "sent" */
void          fax_window_show_view      (FaxWindow      *self,
                                         const char     *name);
/* The send dialog, with @files already added; NULL without a server */
FaxSendDialog *fax_window_open_send_dialog (FaxWindow     *self,
                                            GFile * const *files,
                                            guint          n_files);

G_END_DECLS
