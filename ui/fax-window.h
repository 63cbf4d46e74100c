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

/* The server the window shows: the application's (this computer's) or a
 * fax server connected with fax_window_open_connect_dialog () */
FaxServer    *fax_window_get_server     (FaxWindow      *self);
/* Shows @server (NULL: this computer's again) */
void          fax_window_set_server     (FaxWindow      *self,
                                         FaxServer      *server);
GtkWindow    *fax_window_open_connect_dialog (FaxWindow  *self);
/* What the window last told the user in a toast, for tests */
const char   *fax_window_get_notice     (FaxWindow      *self);
/* The text of the bar that names the fax server shown, or NULL when
 * this computer is shown */
const char   *fax_window_get_server_status (FaxWindow   *self);

G_END_DECLS
