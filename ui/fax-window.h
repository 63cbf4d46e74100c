/* fax-window.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "fax-application.h"
#include "fax-ports-view.h"

G_BEGIN_DECLS

#define FAX_TYPE_WINDOW (fax_window_get_type ())

G_DECLARE_FINAL_TYPE (FaxWindow, fax_window, FAX, WINDOW, AdwApplicationWindow)

FaxWindow    *fax_window_new            (FaxApplication *application);
FaxPortsView *fax_window_get_ports_view (FaxWindow      *self);
/* "ports", "inbox", "outbox" or "sent" */
void          fax_window_show_view      (FaxWindow      *self,
                                         const char     *name);

G_END_DECLS
