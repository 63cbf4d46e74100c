/* fax-notifier.h: desktop notifications for received faxes and ended jobs
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include <fax-backend.h>

G_BEGIN_DECLS

#define FAX_TYPE_NOTIFIER (fax_notifier_get_type ())

G_DECLARE_FINAL_TYPE (FaxNotifier, fax_notifier, FAX, NOTIFIER, GObject)

/* Follows @server's events and sends notifications through @application;
 * "app.open-fax" (a path) and "app.show-view" (a view name) are the
 * actions they activate */
FaxNotifier *fax_notifier_new (GApplication *application,
                               FaxServer    *server);

G_END_DECLS
