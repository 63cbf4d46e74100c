/* fax-test-notifications.h: the desktop's notification service, for tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Serves org.gtk.Notifications (GNotification's "gtk" backend, what GNOME
 * Shell implements) on the session bus and appends "id|title|body" to
 * @seen for each notification shown (@seen may be NULL). Call it once,
 * before any application: GLib picks the backend by what it finds. */
void fax_test_serve_notifications (GPtrArray *seen);

G_END_DECLS
