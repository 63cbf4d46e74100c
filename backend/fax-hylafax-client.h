/* fax-hylafax-client.h: a client of HylaFAX's hfaxd protocol
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define FAX_TYPE_HYLAFAX_CLIENT (fax_hylafax_client_get_type ())

G_DECLARE_FINAL_TYPE (FaxHylafaxClient, fax_hylafax_client, FAX, HYLAFAX_CLIENT, GObject)

#define FAX_HYLAFAX_DEFAULT_PORT 4559

/* Parses hylafax://[user@]host[:port][/]; FAX_ERROR_INVALID_PARAMETER
 * on anything else. @user is NULL when the address names none. */
gboolean          fax_hylafax_parse_address        (const char   *address,
                                                    char        **user,
                                                    char        **host,
                                                    guint16      *port,
                                                    GError      **error);

FaxHylafaxClient *fax_hylafax_client_new           (const char   *host,
                                                    guint16       port,
                                                    const char   *user,
                                                    const char   *password);
const char       *fax_hylafax_client_get_user      (FaxHylafaxClient *self);
/* Seconds a connect or a reply may take (30 by default) */
void              fax_hylafax_client_set_timeout   (FaxHylafaxClient *self,
                                                    guint             seconds);
/* ADMIN with the login password after every login (administrative
 * privileges last one session) */
void              fax_hylafax_client_set_admin_on_login (FaxHylafaxClient *self,
                                                         gboolean          admin);

/* Everything below blocks the calling thread: call it in a worker (see
 * fax_hylafax_client_run_async ()). A client serves one operation at a
 * time; fax_hylafax_client_lock () holds it for a sequence of commands.
 * A dropped connection is opened again (and logged in) by the next
 * command; an operation never repeats a command on its own. */
void              fax_hylafax_client_lock          (FaxHylafaxClient *self);
void              fax_hylafax_client_unlock        (FaxHylafaxClient *self);

gboolean          fax_hylafax_client_ensure_connected (FaxHylafaxClient *self,
                                                       GCancellable     *cancellable,
                                                       GError          **error);
gboolean          fax_hylafax_client_is_connected  (FaxHylafaxClient *self);
/* Sends QUIT (when connected) and closes the connection */
void              fax_hylafax_client_disconnect    (FaxHylafaxClient *self);
/* Drops the connection without a word (after a confused exchange) */
void              fax_hylafax_client_abandon       (FaxHylafaxClient *self);

/* Sends one command line and reads its reply. Returns the reply code
 * (100..599) with the reply text in @text (every line, the codes cut off),
 * or 0 with @error set when the connection failed. The line must not
 * contain CR or LF (FAX_ERROR_INVALID_PARAMETER). */
guint             fax_hylafax_client_command       (FaxHylafaxClient *self,
                                                    char            **text,
                                                    GCancellable     *cancellable,
                                                    GError          **error,
                                                    const char       *format,
                                                    ...) G_GNUC_PRINTF (5, 6);
/* Like fax_hylafax_client_command () but a reply outside 2xx becomes a
 * FAX_ERROR_FAILED with the server's words */
gboolean          fax_hylafax_client_expect        (FaxHylafaxClient *self,
                                                    char            **text,
                                                    GCancellable     *cancellable,
                                                    GError          **error,
                                                    const char       *format,
                                                    ...) G_GNUC_PRINTF (5, 6);

/* ADMIN with the login password: the reply code (230 when the server
 * grants administrative privileges for this session), 0 on failure */
guint             fax_hylafax_client_admin         (FaxHylafaxClient *self,
                                                    char            **text,
                                                    GCancellable     *cancellable,
                                                    GError          **error);

/* Data transfers over a fresh EPSV connection: LIST <dir> and RETR
 * <path> into @output; STOT of @input (with FORM TIFF), returning the
 * server's file name. */
GBytes           *fax_hylafax_client_list          (FaxHylafaxClient *self,
                                                    const char       *directory,
                                                    GCancellable     *cancellable,
                                                    GError          **error);
gboolean          fax_hylafax_client_retrieve      (FaxHylafaxClient *self,
                                                    const char       *path,
                                                    GOutputStream    *output,
                                                    GCancellable     *cancellable,
                                                    GError          **error);
char             *fax_hylafax_client_store_temp    (FaxHylafaxClient *self,
                                                    GInputStream     *input,
                                                    GCancellable     *cancellable,
                                                    GError          **error);

/* Runs @func in a worker thread with the client locked, and calls
 * @callback on the caller's main context. */
typedef gpointer (*FaxHylafaxClientFunc) (FaxHylafaxClient *client,
                                          gpointer          data,
                                          GCancellable     *cancellable,
                                          GError          **error);

void              fax_hylafax_client_run_async     (FaxHylafaxClient     *self,
                                                    FaxHylafaxClientFunc  func,
                                                    gpointer              data,
                                                    GDestroyNotify        data_free,
                                                    GDestroyNotify        result_free,
                                                    GCancellable         *cancellable,
                                                    GAsyncReadyCallback   callback,
                                                    gpointer              user_data);
/* Returns what @func returned; @result_free frees it if nobody takes it */
gpointer          fax_hylafax_client_run_finish    (FaxHylafaxClient     *self,
                                                    GAsyncResult         *result,
                                                    GError              **error);

G_END_DECLS
