/* fax-secret.c
 *
 * Passwords of fax servers, kept by the desktop's Secret Service (GNOME
 * Keyring, KeePassXC...) through libsecret; never in files of ours or in
 * GSettings.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <libsecret/secret.h>

#include "fax-secret.h"

static const SecretSchema *
server_schema (void)
{
  static const SecretSchema schema = {
    "io.github.faxmanager.FaxManager.Server", SECRET_SCHEMA_NONE,
    {
      { "server", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { "user", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { NULL, 0 },
    },
    0, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
  };

  return &schema;
}

void
fax_secret_store_async (const char          *server,
                        const char          *user,
                        const char          *password,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  /* Translators: the name of a password in the keyring; %s is a user
   * and %s a server address */
  g_autofree char *label = g_strdup_printf (_("Fax server password for %s on %s"), user, server);

  secret_password_store (server_schema (), SECRET_COLLECTION_DEFAULT, label, password,
                         cancellable, callback, user_data,
                         "server", server, "user", user, NULL);
}

gboolean
fax_secret_store_finish (GAsyncResult  *result,
                         GError       **error)
{
  return secret_password_store_finish (result, error);
}

void
fax_secret_lookup_async (const char          *server,
                         const char          *user,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  secret_password_lookup (server_schema (), cancellable, callback, user_data,
                          "server", server, "user", user, NULL);
}

char *
fax_secret_lookup_finish (GAsyncResult  *result,
                          GError       **error)
{
  char *secret = secret_password_lookup_finish (result, error);
  /* Out of libsecret's non-pageable memory: the entry row copies it
   * anyway */
  char *copy = g_strdup (secret);

  secret_password_free (secret);
  return copy;
}

void
fax_secret_clear_async (const char          *server,
                        const char          *user,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  secret_password_clear (server_schema (), cancellable, callback, user_data,
                         "server", server, "user", user, NULL);
}

gboolean
fax_secret_clear_finish (GAsyncResult  *result,
                         GError       **error)
{
  return secret_password_clear_finish (result, error);
}
