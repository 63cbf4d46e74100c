/* fax-secret.h: fax server passwords in the user's keyring (libsecret)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* The schema io.github.faxmanager.FaxManager.Server: one password per
 * server address (hylafax://host:port, no user) and user name */
void      fax_secret_store_async   (const char          *server,
                                    const char          *user,
                                    const char          *password,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data);
gboolean  fax_secret_store_finish  (GAsyncResult        *result,
                                    GError             **error);
/* NULL without an error when nothing is stored */
void      fax_secret_lookup_async  (const char          *server,
                                    const char          *user,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data);
char     *fax_secret_lookup_finish (GAsyncResult        *result,
                                    GError             **error);
void      fax_secret_clear_async   (const char          *server,
                                    const char          *user,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data);
gboolean  fax_secret_clear_finish  (GAsyncResult        *result,
                                    GError             **error);

G_END_DECLS
