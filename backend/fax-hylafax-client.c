/* fax-hylafax-client.c
 *
 * The client side of HylaFAX's hfaxd protocol (FTP-like: CRLF command
 * lines, 3-digit replies, "NNN-" continuation lines), over GIO sockets.
 * The protocol code is written as plain blocking steps and runs in GTask
 * worker threads, so that callers on the main context never wait.
 *
 * What hfaxd 6.0.7 needs from a client (found by running it, see
 * /work/shared/notes/hylafax-hfaxd.md): TYPE I before binary transfers;
 * EPSV (a fresh listener per transfer) rather than PASV; the data
 * connection made before the reply to the transfer command is read.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "fax-error.h"
#include "fax-hylafax-client.h"

#define DEFAULT_TIMEOUT 30
#define MAX_LINE        8192

struct _FaxHylafaxClient
{
  GObject            parent_instance;

  char              *host;
  guint16            port;
  char              *user;
  char              *password;
  guint              timeout;
  gboolean           admin_on_login;

  GRecMutex          lock;
  GSocketConnection *connection;
  GDataInputStream  *input;
  GOutputStream     *output;
};

G_DEFINE_FINAL_TYPE (FaxHylafaxClient, fax_hylafax_client, G_TYPE_OBJECT)

static void
fax_hylafax_client_finalize (GObject *object)
{
  FaxHylafaxClient *self = (FaxHylafaxClient *)object;

  fax_hylafax_client_abandon (self);
  g_free (self->host);
  g_free (self->user);
  if (self->password != NULL)
    {
      memset (self->password, 0, strlen (self->password));
      g_free (self->password);
    }
  g_rec_mutex_clear (&self->lock);

  G_OBJECT_CLASS (fax_hylafax_client_parent_class)->finalize (object);
}

static void
fax_hylafax_client_class_init (FaxHylafaxClientClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = fax_hylafax_client_finalize;
}

static void
fax_hylafax_client_init (FaxHylafaxClient *self)
{
  g_rec_mutex_init (&self->lock);
  self->timeout = DEFAULT_TIMEOUT;
}

gboolean
fax_hylafax_parse_address (const char  *address,
                           char       **user,
                           char       **host,
                           guint16     *port,
                           GError     **error)
{
  g_autofree char *rest = NULL;
  g_autofree char *hostport = NULL;
  const char *at, *colon, *slash;
  guint64 number = FAX_HYLAFAX_DEFAULT_PORT;

  if (address == NULL || g_ascii_strncasecmp (address, "hylafax://", 10) != 0)
    goto bad;

  rest = g_strdup (address + 10);
  slash = strchr (rest, '/');
  if (slash != NULL)
    {
      if (slash[1] != '\0')
        goto bad;
      rest[slash - rest] = '\0';
    }

  at = strrchr (rest, '@');
  hostport = g_strdup (at ? at + 1 : rest);
  if (user != NULL)
    *user = at ? g_uri_unescape_segment (rest, at, NULL) : NULL;
  if (at != NULL && (at == rest || (user != NULL && *user == NULL)))
    goto bad_user;

  colon = strrchr (hostport, ':');
  if (colon != NULL && strchr (hostport, ']') == NULL && strchr (hostport, ':') != colon)
    colon = NULL;   /* a bare IPv6 address */
  if (colon != NULL && (strchr (hostport, ']') == NULL || colon > strchr (hostport, ']')))
    {
      if (!g_ascii_string_to_unsigned (colon + 1, 10, 1, 65535, &number, NULL))
        {
          g_set_error (error, FAX_ERROR, FAX_ERROR_INVALID_PARAMETER,
                       _("“%s” is not a port number in %s; hfaxd usually listens on 4559"),
                       colon + 1, address);
          goto fail;
        }
      hostport[colon - hostport] = '\0';
    }

  if (hostport[0] == '[')
    {
      gsize len = strlen (hostport);
      if (len < 3 || hostport[len - 1] != ']')
        goto bad;
      memmove (hostport, hostport + 1, len - 2);
      hostport[len - 2] = '\0';
    }

  if (hostport[0] == '\0' || strpbrk (hostport, " \t\r\n@/") != NULL)
    goto bad;

  if (host != NULL)
    *host = g_steal_pointer (&hostport);
  if (port != NULL)
    *port = (guint16)number;
  return TRUE;

bad_user:
  g_set_error (error, FAX_ERROR, FAX_ERROR_INVALID_PARAMETER,
               _("The user name in %s is empty or not valid"), address);
  goto fail;
bad:
  g_set_error (error, FAX_ERROR, FAX_ERROR_INVALID_PARAMETER,
               _("“%s” is not a HylaFAX server address; write hylafax://[user@]host[:port]"),
               address ? address : "");
fail:
  if (user != NULL)
    g_clear_pointer (user, g_free);
  return FALSE;
}

FaxHylafaxClient *
fax_hylafax_client_new (const char *host,
                        guint16     port,
                        const char *user,
                        const char *password)
{
  FaxHylafaxClient *self = g_object_new (FAX_TYPE_HYLAFAX_CLIENT, NULL);

  self->host = g_strdup (host);
  self->port = port ? port : FAX_HYLAFAX_DEFAULT_PORT;
  self->user = g_strdup (user ? user : g_get_user_name ());
  self->password = g_strdup (password);
  return self;
}

const char *
fax_hylafax_client_get_user (FaxHylafaxClient *self)
{
  g_return_val_if_fail (FAX_IS_HYLAFAX_CLIENT (self), NULL);
  return self->user;
}

void
fax_hylafax_client_set_timeout (FaxHylafaxClient *self,
                                guint             seconds)
{
  g_return_if_fail (FAX_IS_HYLAFAX_CLIENT (self));
  self->timeout = seconds;
}

void
fax_hylafax_client_set_admin_on_login (FaxHylafaxClient *self,
                                       gboolean          admin)
{
  g_return_if_fail (FAX_IS_HYLAFAX_CLIENT (self));
  g_rec_mutex_lock (&self->lock);
  self->admin_on_login = admin;
  g_rec_mutex_unlock (&self->lock);
}

void
fax_hylafax_client_lock (FaxHylafaxClient *self)
{
  g_rec_mutex_lock (&self->lock);
}

void
fax_hylafax_client_unlock (FaxHylafaxClient *self)
{
  g_rec_mutex_unlock (&self->lock);
}

gboolean
fax_hylafax_client_is_connected (FaxHylafaxClient *self)
{
  return self->connection != NULL;
}

void
fax_hylafax_client_abandon (FaxHylafaxClient *self)
{
  g_rec_mutex_lock (&self->lock);
  if (self->connection != NULL)
    g_io_stream_close (G_IO_STREAM (self->connection), NULL, NULL);
  g_clear_object (&self->input);
  self->output = NULL;
  g_clear_object (&self->connection);
  g_rec_mutex_unlock (&self->lock);
}

/* Turns a GIO failure into words a user can act on, and forgets the
 * connection: whatever was under way is lost, the next command reconnects */
static void
connection_failed (FaxHylafaxClient  *self,
                   GError            *io_error,
                   const char        *doing,
                   GError           **error)
{
  g_autofree char *where = g_strdup_printf ("%s:%u", self->host, self->port);

  fax_hylafax_client_abandon (self);

  if (g_error_matches (io_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_CANCELLED, io_error->message);
  else if (g_error_matches (io_error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT))
    g_set_error (error, FAX_ERROR, FAX_ERROR_FAILED,
                 _("The HylaFAX server %s did not answer within %u seconds (%s); the connection was closed and is opened again on the next request. If the server is busy, try again later."),
                 where, self->timeout, doing);
  else if (g_error_matches (io_error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA))
    g_set_error (error, FAX_ERROR, FAX_ERROR_FAILED,
                 _("The HylaFAX server %s answered in a way Fax Manager does not understand (%s): %s. Check that the address names a HylaFAX server (hfaxd) and not another service."),
                 where, doing, io_error->message);
  else if (g_error_matches (io_error, G_IO_ERROR, G_IO_ERROR_CONNECTION_REFUSED))
    g_set_error (error, FAX_ERROR, FAX_ERROR_FAILED,
                 _("The HylaFAX server %s refused the connection: is hfaxd running and listening on port %u?"),
                 where, self->port);
  else
    g_set_error (error, FAX_ERROR, FAX_ERROR_FAILED,
                 _("Lost the connection to the HylaFAX server %s (%s): %s. It is opened again on the next request; if this keeps happening, check the network and that hfaxd is running."),
                 where, doing, io_error->message);
}

static void
closed_error (GError **error)
{
  g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_CLOSED,
                       _("the server closed the connection"));
}

/* One reply: "NNN text" or "NNN-text" ... "NNN text". 0 on failure. */
static guint
read_reply (FaxHylafaxClient  *self,
            char             **text,
            const char        *doing,
            GCancellable      *cancellable,
            GError           **error)
{
  g_autoptr(GString) all = g_string_new (NULL);
  g_autoptr(GError) io_error = NULL;
  guint code = 0;
  gboolean first = TRUE;

  for (;;)
    {
      gsize len = 0;
      g_autofree char *line = g_data_input_stream_read_line (self->input, &len, cancellable, &io_error);

      if (line == NULL)
        {
          if (io_error == NULL)
            closed_error (&io_error);
          connection_failed (self, io_error, doing, error);
          return 0;
        }
      if (len > 0 && line[len - 1] == '\r')
        line[--len] = '\0';

      if (first)
        {
          if (len < 3 || !g_ascii_isdigit (line[0]) || !g_ascii_isdigit (line[1]) ||
              !g_ascii_isdigit (line[2]) || (len > 3 && line[3] != ' ' && line[3] != '-'))
            {
              g_set_error_literal (&io_error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                                   _("the server sent something that is not a HylaFAX reply"));
              connection_failed (self, io_error, doing, error);
              return 0;
            }
          code = (line[0] - '0') * 100 + (line[1] - '0') * 10 + (line[2] - '0');
          g_string_append (all, len > 4 ? line + 4 : "");
          if (len <= 3 || line[3] == ' ')
            break;
          first = FALSE;
          continue;
        }

      if (len >= 4 && line[3] == ' ' && (guint)g_ascii_strtoull (line, NULL, 10) == code &&
          g_ascii_isdigit (line[0]))
        {
          g_string_append_c (all, '\n');
          g_string_append (all, line + 4);
          break;
        }
      g_string_append_c (all, '\n');
      g_string_append (all, g_str_has_prefix (line, "    ") ? line + 4 : line);
      if (all->len > 1024 * 1024)
        {
          g_set_error_literal (&io_error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                               _("the server's reply does not end"));
          connection_failed (self, io_error, doing, error);
          return 0;
        }
    }

  if (text != NULL)
    *text = g_string_free (g_steal_pointer (&all), FALSE);
  return code;
}

static gboolean
send_line (FaxHylafaxClient  *self,
           const char        *line,
           const char        *doing,
           GCancellable      *cancellable,
           GError           **error)
{
  g_autofree char *wire = g_strconcat (line, "\r\n", NULL);
  g_autoptr(GError) io_error = NULL;

  if (!g_output_stream_write_all (self->output, wire, strlen (wire), NULL, cancellable, &io_error))
    {
      connection_failed (self, io_error, doing, error);
      return FALSE;
    }
  return TRUE;
}

static void
login_refused (FaxHylafaxClient  *self,
               const char        *reply,
               GError           **error)
{
  fax_hylafax_client_abandon (self);
  g_set_error (error, FAX_ERROR, FAX_ERROR_ACCESS_DENIED,
               _("The HylaFAX server %s:%u did not let %s log in: “%s”"),
               self->host, self->port, self->user, reply);
}

gboolean
fax_hylafax_client_ensure_connected (FaxHylafaxClient  *self,
                                     GCancellable      *cancellable,
                                     GError           **error)
{
  g_autoptr(GSocketClient) socket_client = NULL;
  g_autoptr(GError) io_error = NULL;
  g_autofree char *text = NULL;
  guint code;
  static const char * const setup[] = { "TZONE GMT", "TYPE I", "MODE S", "STRU F", NULL };

  g_rec_mutex_lock (&self->lock);

  if (self->connection != NULL)
    {
      g_rec_mutex_unlock (&self->lock);
      return TRUE;
    }

  socket_client = g_socket_client_new ();
  g_socket_client_set_timeout (socket_client, self->timeout);
  self->connection = g_socket_client_connect_to_host (socket_client, self->host, self->port,
                                                      cancellable, &io_error);
  if (self->connection == NULL)
    {
      connection_failed (self, io_error, _("connecting"), error);
      goto fail;
    }
  g_socket_set_timeout (g_socket_connection_get_socket (self->connection), self->timeout);
  g_socket_set_keepalive (g_socket_connection_get_socket (self->connection), TRUE);
  self->input = g_data_input_stream_new (g_io_stream_get_input_stream (G_IO_STREAM (self->connection)));
  g_data_input_stream_set_newline_type (self->input, G_DATA_STREAM_NEWLINE_TYPE_LF);
  g_buffered_input_stream_set_buffer_size (G_BUFFERED_INPUT_STREAM (self->input), MAX_LINE);
  self->output = g_io_stream_get_output_stream (G_IO_STREAM (self->connection));

  code = read_reply (self, &text, _("waiting for the greeting"), cancellable, error);
  if (code == 0)
    goto fail;
  if (code != 220)
    {
      g_set_error (error, FAX_ERROR, FAX_ERROR_FAILED,
                   _("%s:%u is not ready to serve HylaFAX clients: “%s”"),
                   self->host, self->port, text);
      fax_hylafax_client_abandon (self);
      goto fail;
    }

  if (strpbrk (self->user, "\r\n") != NULL ||
      (self->password != NULL && strpbrk (self->password, "\r\n") != NULL))
    {
      fax_hylafax_client_abandon (self);
      g_set_error_literal (error, FAX_ERROR, FAX_ERROR_INVALID_PARAMETER,
                           _("User names and passwords may not contain line breaks"));
      goto fail;
    }

  g_clear_pointer (&text, g_free);
  {
    g_autofree char *line = g_strdup_printf ("USER %s", self->user);
    if (!send_line (self, line, _("logging in"), cancellable, error))
      goto fail;
  }
  code = read_reply (self, &text, _("logging in"), cancellable, error);
  if (code == 0)
    goto fail;
  if (code == 331)
    {
      g_autofree char *line = NULL;

      if (self->password == NULL)
        {
          login_refused (self, text, error);
          g_prefix_error (error, "%s ", _("A password is needed."));
          goto fail;
        }
      line = g_strdup_printf ("PASS %s", self->password);
      g_clear_pointer (&text, g_free);
      if (!send_line (self, line, _("logging in"), cancellable, error))
        {
          memset (line, 0, strlen (line));
          goto fail;
        }
      memset (line, 0, strlen (line));
      code = read_reply (self, &text, _("logging in"), cancellable, error);
      if (code == 0)
        goto fail;
    }
  if (code != 230)
    {
      login_refused (self, text, error);
      goto fail;
    }

  for (guint i = 0; setup[i]; i++)
    {
      g_clear_pointer (&text, g_free);
      if (!send_line (self, setup[i], setup[i], cancellable, error))
        goto fail;
      code = read_reply (self, &text, setup[i], cancellable, error);
      if (code == 0)
        goto fail;
      if (code / 100 != 2)
        {
          g_set_error (error, FAX_ERROR, FAX_ERROR_FAILED,
                       _("The HylaFAX server %s:%u refused “%s”: %s"),
                       self->host, self->port, setup[i], text);
          fax_hylafax_client_abandon (self);
          goto fail;
        }
    }

  if (self->admin_on_login && self->password != NULL)
    {
      g_autofree char *line = g_strdup_printf ("ADMIN %s", self->password);
      gboolean sent = send_line (self, line, "ADMIN", cancellable, error);

      memset (line, 0, strlen (line));
      g_clear_pointer (&text, g_free);
      if (!sent || (code = read_reply (self, &text, "ADMIN", cancellable, error)) == 0)
        goto fail;
      if (code != 230)
        g_debug ("ADMIN refused after a new login: %s", text);
    }

  g_rec_mutex_unlock (&self->lock);
  return TRUE;

fail:
  g_rec_mutex_unlock (&self->lock);
  return FALSE;
}

void
fax_hylafax_client_disconnect (FaxHylafaxClient *self)
{
  g_rec_mutex_lock (&self->lock);
  if (self->connection != NULL)
    {
      /* Best effort: a server that is gone is just as disconnected */
      if (send_line (self, "QUIT", "QUIT", NULL, NULL))
        read_reply (self, NULL, "QUIT", NULL, NULL);
    }
  fax_hylafax_client_abandon (self);
  g_rec_mutex_unlock (&self->lock);
}

static guint
command_va (FaxHylafaxClient  *self,
            char             **text,
            GCancellable      *cancellable,
            GError           **error,
            const char        *format,
            va_list            args)
{
  g_autofree char *line = g_strdup_vprintf (format, args);
  g_autofree char *verb = g_strndup (line, strcspn (line, " "));
  guint code = 0;

  if (strpbrk (line, "\r\n") != NULL)
    {
      g_set_error (error, FAX_ERROR, FAX_ERROR_INVALID_PARAMETER,
                   _("A line break cannot be sent to the HylaFAX server (in a %s command)"), verb);
      return 0;
    }

  g_rec_mutex_lock (&self->lock);
  if (fax_hylafax_client_ensure_connected (self, cancellable, error) &&
      send_line (self, line, verb, cancellable, error))
    code = read_reply (self, text, verb, cancellable, error);
  g_rec_mutex_unlock (&self->lock);

  return code;
}

guint
fax_hylafax_client_command (FaxHylafaxClient  *self,
                            char             **text,
                            GCancellable      *cancellable,
                            GError           **error,
                            const char        *format,
                            ...)
{
  va_list args;
  guint code;

  va_start (args, format);
  code = command_va (self, text, cancellable, error, format, args);
  va_end (args);
  return code;
}

gboolean
fax_hylafax_client_expect (FaxHylafaxClient  *self,
                           char             **text,
                           GCancellable      *cancellable,
                           GError           **error,
                           const char        *format,
                           ...)
{
  g_autofree char *reply = NULL;
  va_list args;
  guint code;

  va_start (args, format);
  code = command_va (self, &reply, cancellable, error, format, args);
  va_end (args);

  if (code == 0)
    return FALSE;
  if (code / 100 != 2)
    {
      g_autofree char *verb = g_strndup (format, strcspn (format, " "));
      g_set_error (error, FAX_ERROR, code == 530 ? FAX_ERROR_ACCESS_DENIED : FAX_ERROR_FAILED,
                   _("The HylaFAX server refused %s: “%s”"), verb, reply);
      return FALSE;
    }
  if (text != NULL)
    *text = g_steal_pointer (&reply);
  return TRUE;
}

guint
fax_hylafax_client_admin (FaxHylafaxClient  *self,
                          char             **text,
                          GCancellable      *cancellable,
                          GError           **error)
{
  g_autofree char *line = NULL;
  guint code = 0;

  if (self->password == NULL)
    {
      if (text != NULL)
        *text = g_strdup (_("no password was given"));
      return 530;
    }

  g_rec_mutex_lock (&self->lock);
  line = g_strdup_printf ("ADMIN %s", self->password);
  if (fax_hylafax_client_ensure_connected (self, cancellable, error) &&
      send_line (self, line, "ADMIN", cancellable, error))
    code = read_reply (self, text, "ADMIN", cancellable, error);
  memset (line, 0, strlen (line));
  g_rec_mutex_unlock (&self->lock);
  return code;
}

/* ------------------------------------------------------- data transfers */

typedef gboolean (*TransferFunc) (GSocketConnection  *data,
                                  gpointer            user_data,
                                  GCancellable       *cancellable,
                                  GError            **error);

/* EPSV, connect, send @command, read the preliminary reply, move the
 * data, read the final reply. The data connection is made before the
 * reply to @command is read: hfaxd accepts it first. */
static gboolean
transfer (FaxHylafaxClient  *self,
          const char        *command,
          const char        *doing,
          TransferFunc       func,
          gpointer           user_data,
          char             **final_text,
          GCancellable      *cancellable,
          GError           **error)
{
  g_autoptr(GSocketClient) socket_client = NULL;
  g_autoptr(GSocketConnection) data = NULL;
  g_autoptr(GSocketAddress) peer = NULL;
  g_autoptr(GError) io_error = NULL;
  g_autofree char *text = NULL;
  g_autofree char *peer_host = NULL;
  g_autofree char *port_text = NULL;
  const char *open, *close_paren;
  guint64 data_port = 0;
  guint code;
  gboolean ok = FALSE;

  g_rec_mutex_lock (&self->lock);

  code = fax_hylafax_client_command (self, &text, cancellable, error, "EPSV");
  if (code == 0)
    goto out;
  open = strstr (text, "(|||");
  close_paren = open ? strstr (open + 4, "|)") : NULL;
  if (open != NULL && close_paren != NULL)
    port_text = g_strndup (open + 4, close_paren - open - 4);
  if (code != 229 || port_text == NULL ||
      !g_ascii_string_to_unsigned (port_text, 10, 1, 65535, &data_port, NULL))
    {
      g_set_error (error, FAX_ERROR, FAX_ERROR_FAILED,
                   _("The HylaFAX server did not open a data connection: “%s”"), text);
      goto out;
    }

  /* The data port is on the address the control connection reached */
  peer = g_socket_connection_get_remote_address (self->connection, NULL);
  if (G_IS_INET_SOCKET_ADDRESS (peer))
    peer_host = g_inet_address_to_string (g_inet_socket_address_get_address (G_INET_SOCKET_ADDRESS (peer)));
  else
    peer_host = g_strdup (self->host);

  socket_client = g_socket_client_new ();
  g_socket_client_set_timeout (socket_client, self->timeout);
  data = g_socket_client_connect_to_host (socket_client, peer_host, (guint16)data_port, cancellable, &io_error);
  if (data == NULL)
    {
      /* hfaxd now waits for a connection that never comes: start over */
      connection_failed (self, io_error, doing, error);
      goto out;
    }

  g_clear_pointer (&text, g_free);
  if (!send_line (self, command, doing, cancellable, error))
    goto out;
  code = read_reply (self, &text, doing, cancellable, error);
  if (code == 0)
    goto out;
  if (code / 100 != 1)
    {
      g_set_error (error, FAX_ERROR, code == 550 || code == 530 ? FAX_ERROR_ACCESS_DENIED : FAX_ERROR_FAILED,
                   _("The HylaFAX server refused %s: “%s”"), command, text);
      goto out;
    }

  g_socket_set_timeout (g_socket_connection_get_socket (data), self->timeout);
  if (!func (data, user_data, cancellable, &io_error))
    {
      connection_failed (self, io_error, doing, error);
      goto out;
    }
  g_io_stream_close (G_IO_STREAM (data), NULL, NULL);

  g_clear_pointer (&text, g_free);
  code = read_reply (self, &text, doing, cancellable, error);
  if (code == 0)
    goto out;
  if (code / 100 != 2)
    {
      g_set_error (error, FAX_ERROR, FAX_ERROR_FAILED,
                   _("The HylaFAX server could not complete %s: “%s”"), command, text);
      goto out;
    }

  if (final_text != NULL)
    *final_text = g_steal_pointer (&text);
  ok = TRUE;

out:
  g_rec_mutex_unlock (&self->lock);
  return ok;
}

static gboolean
receive_into (GSocketConnection  *data,
              gpointer            user_data,
              GCancellable       *cancellable,
              GError            **error)
{
  GOutputStream *output = user_data;
  GInputStream *input = g_io_stream_get_input_stream (G_IO_STREAM (data));

  return g_output_stream_splice (output, input, G_OUTPUT_STREAM_SPLICE_NONE, cancellable, error) >= 0;
}

static gboolean
send_from (GSocketConnection  *data,
           gpointer            user_data,
           GCancellable       *cancellable,
           GError            **error)
{
  GInputStream *input = user_data;
  GOutputStream *output = g_io_stream_get_output_stream (G_IO_STREAM (data));

  if (g_output_stream_splice (output, input, G_OUTPUT_STREAM_SPLICE_NONE, cancellable, error) < 0)
    return FALSE;
  /* End of file for the server: shut our side, keep reading nothing */
  return g_socket_shutdown (g_socket_connection_get_socket (data), FALSE, TRUE, error);
}

GBytes *
fax_hylafax_client_list (FaxHylafaxClient  *self,
                         const char        *directory,
                         GCancellable      *cancellable,
                         GError           **error)
{
  g_autoptr(GOutputStream) memory = g_memory_output_stream_new_resizable ();
  g_autofree char *command = g_strdup_printf ("LIST %s", directory);
  /* Translators: what was under way when a connection broke; %s is a
   * HylaFAX queue name such as "sendq" */
  g_autofree char *doing = g_strdup_printf (_("listing %s"), directory);

  if (!transfer (self, command, doing, receive_into, memory, NULL, cancellable, error))
    return NULL;
  g_output_stream_close (memory, NULL, NULL);
  return g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (memory));
}

gboolean
fax_hylafax_client_retrieve (FaxHylafaxClient  *self,
                             const char        *path,
                             GOutputStream     *output,
                             GCancellable      *cancellable,
                             GError           **error)
{
  g_autofree char *command = g_strdup_printf ("RETR %s", path);
  /* Translators: what was under way when a connection broke */
  g_autofree char *doing = g_strdup_printf (_("downloading %s"), path);

  if (strpbrk (path, "\r\n") != NULL)
    {
      g_set_error_literal (error, FAX_ERROR, FAX_ERROR_INVALID_PARAMETER,
                           _("A line break cannot be sent to the HylaFAX server"));
      return FALSE;
    }
  return transfer (self, command, doing, receive_into, output, NULL, cancellable, error);
}

char *
fax_hylafax_client_store_temp (FaxHylafaxClient  *self,
                               GInputStream      *input,
                               GCancellable      *cancellable,
                               GError           **error)
{
  g_autofree char *text = NULL;
  const char *file;
  gsize len;
  gboolean ok;

  g_rec_mutex_lock (&self->lock);
  ok = fax_hylafax_client_expect (self, NULL, cancellable, error, "FORM TIFF") &&
       transfer (self, "STOT", _("uploading a document"), send_from, input, &text, cancellable, error);
  g_rec_mutex_unlock (&self->lock);
  if (!ok)
    return NULL;

  /* "Transfer complete (FILE: /tmp/doc2.tif)." */
  file = strstr (text, "FILE: ");
  if (file == NULL)
    {
      g_set_error (error, FAX_ERROR, FAX_ERROR_FAILED,
                   _("The HylaFAX server did not say where it stored the document: “%s”"), text);
      return NULL;
    }
  file += 6;
  len = strcspn (file, ")");
  return g_strndup (file, len);
}

/* ---------------------------------------------------------------- async */

typedef struct
{
  FaxHylafaxClientFunc func;
  gpointer             data;
  GDestroyNotify       data_free;
  GDestroyNotify       result_free;
} RunData;

static void
run_data_free (RunData *run)
{
  if (run->data_free != NULL)
    run->data_free (run->data);
  g_free (run);
}

static void
run_thread (GTask        *task,
            gpointer      source_object,
            gpointer      task_data,
            GCancellable *cancellable)
{
  FaxHylafaxClient *self = source_object;
  RunData *run = task_data;
  GError *error = NULL;
  gpointer result;

  g_rec_mutex_lock (&self->lock);
  result = run->func (self, run->data, cancellable, &error);
  g_rec_mutex_unlock (&self->lock);

  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, result, run->result_free);
}

void
fax_hylafax_client_run_async (FaxHylafaxClient     *self,
                              FaxHylafaxClientFunc  func,
                              gpointer              data,
                              GDestroyNotify        data_free,
                              GDestroyNotify        result_free,
                              GCancellable         *cancellable,
                              GAsyncReadyCallback   callback,
                              gpointer              user_data)
{
  g_autoptr(GTask) task = NULL;
  RunData *run = g_new0 (RunData, 1);

  g_return_if_fail (FAX_IS_HYLAFAX_CLIENT (self));

  run->func = func;
  run->data = data;
  run->data_free = data_free;
  run->result_free = result_free;

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, fax_hylafax_client_run_async);
  g_task_set_task_data (task, run, (GDestroyNotify)run_data_free);
  g_task_run_in_thread (task, run_thread);
}

gpointer
fax_hylafax_client_run_finish (FaxHylafaxClient  *self,
                               GAsyncResult      *result,
                               GError           **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}
