/* fax-connect-dialog.c
 *
 * "Connect to a Fax Server": the address of a HylaFAX server, a user
 * name and a password. The last server and user are remembered in
 * GSettings and offered again; the password only in the keyring (see
 * fax-secret.c), when the user asks for that. Connecting runs in the
 * background; a refusal shows the server's own words here. On success
 * ::connected hands the new FaxServer over and the dialog closes.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "fax-connect-dialog.h"
#include "fax-secret.h"

struct _FaxConnectDialog
{
  AdwWindow             parent_instance;

  GtkWidget            *connect_button;
  GtkSpinner           *spinner;
  GtkLabel             *error_label;
  AdwEntryRow          *address_row;
  AdwEntryRow          *user_row;
  AdwEntryRow          *password_row;
  GtkSwitch            *remember_switch;

  GSettings            *settings;
  GCancellable         *cancellable;
  gboolean              connecting;
  gboolean              lookup_done;
};

G_DEFINE_FINAL_TYPE (FaxConnectDialog, fax_connect_dialog, ADW_TYPE_WINDOW)

enum {
  CONNECTED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* The address as typed, with "hylafax://" in front when it was left out,
 * and without a user: the key of the server in the settings and the
 * keyring. @user gets the user named in the address, if any. */
static char *
server_key (const char  *text,
            char       **user)
{
  g_autofree char *address = g_strstrip (g_strdup (text));
  const char *rest, *at;
  gsize len;

  if (user != NULL)
    *user = NULL;
  if (g_ascii_strncasecmp (address, "hylafax://", 10) == 0)
    rest = address + 10;
  else
    rest = address;

  at = strchr (rest, '@');
  if (at != NULL)
    {
      if (user != NULL)
        *user = g_uri_unescape_segment (rest, at, NULL);
      rest = at + 1;
    }
  len = strlen (rest);
  while (len > 0 && rest[len - 1] == '/')
    len--;
  return g_strdup_printf ("hylafax://%.*s", (int)len, rest);
}

static char *
dup_user (FaxConnectDialog *self)
{
  g_autofree char *in_address = NULL;
  g_autofree char *key = server_key (gtk_editable_get_text (GTK_EDITABLE (self->address_row)), &in_address);
  g_autofree char *typed = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->user_row))));

  if (typed[0] != '\0')
    return g_steal_pointer (&typed);
  return g_steal_pointer (&in_address);
}

char *
fax_connect_dialog_dup_machine_name (FaxConnectDialog  *self,
                                     GError           **error)
{
  g_autofree char *key = NULL;
  g_autofree char *user = NULL;
  g_autofree char *escaped = NULL;
  const char *text;

  g_return_val_if_fail (FAX_IS_CONNECT_DIALOG (self), NULL);

  text = gtk_editable_get_text (GTK_EDITABLE (self->address_row));
  key = server_key (text, NULL);
  if (strlen (key) <= 10)
    {
      g_set_error_literal (error, FAX_ERROR, FAX_ERROR_INVALID_PARAMETER,
                           _("Enter the address of the fax server, such as hylafax://faxserver.example.com:4559"));
      return NULL;
    }
  user = dup_user (self);
  if (user == NULL || user[0] == '\0')
    return g_steal_pointer (&key);
  escaped = g_uri_escape_string (user, NULL, FALSE);
  return g_strdup_printf ("hylafax://%s@%s", escaped, key + 10);
}

static void
changed_cb (FaxConnectDialog *self)
{
  const char *address = gtk_editable_get_text (GTK_EDITABLE (self->address_row));
  g_autofree char *stripped = g_strstrip (g_strdup (address));

  gtk_widget_set_sensitive (self->connect_button, !self->connecting && stripped[0] != '\0');
}

static void
set_connecting (FaxConnectDialog *self,
                gboolean          connecting)
{
  self->connecting = connecting;
  if (connecting)
    gtk_spinner_start (self->spinner);
  else
    gtk_spinner_stop (self->spinner);
  /* Read-only rather than insensitive: the focus stays where it is */
  gtk_editable_set_editable (GTK_EDITABLE (self->address_row), !connecting);
  gtk_editable_set_editable (GTK_EDITABLE (self->user_row), !connecting);
  gtk_editable_set_editable (GTK_EDITABLE (self->password_row), !connecting);
  gtk_widget_set_sensitive (GTK_WIDGET (self->remember_switch), !connecting);
  changed_cb (self);
}

static void
show_error (FaxConnectDialog *self,
            const char       *message)
{
  gtk_label_set_text (self->error_label, message);
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
}

static void
connect_done_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(FaxConnectDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(FaxServer) server = fax_server_connect_finish (result, &error);
  g_autofree char *key = NULL;
  g_autofree char *user = NULL;
  const char *password;
  gboolean remember;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  set_connecting (self, FALSE);

  if (server == NULL)
    {
      /* The server's words ("Login incorrect") are in the message */
      show_error (self, error->message);
      if (g_error_matches (error, FAX_ERROR, FAX_ERROR_ACCESS_DENIED))
        gtk_widget_grab_focus (GTK_WIDGET (self->password_row));
      return;
    }

  key = server_key (gtk_editable_get_text (GTK_EDITABLE (self->address_row)), NULL);
  user = dup_user (self);
  if (user == NULL)
    user = g_strdup (g_get_user_name ());
  password = gtk_editable_get_text (GTK_EDITABLE (self->password_row));
  remember = gtk_switch_get_active (self->remember_switch);

  if (self->settings != NULL)
    {
      g_settings_set_string (self->settings, "last-server-address", key);
      g_settings_set_string (self->settings, "last-server-user", user);
    }

  g_signal_emit (self, signals[CONNECTED], 0, server, key, user,
                 password[0] != '\0' ? password : NULL, remember);
  gtk_window_destroy (GTK_WINDOW (self));
}

void
fax_connect_dialog_connect (FaxConnectDialog *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *machine_name = NULL;
  const char *password;

  g_return_if_fail (FAX_IS_CONNECT_DIALOG (self));

  if (self->connecting || !gtk_widget_get_sensitive (self->connect_button))
    return;

  machine_name = fax_connect_dialog_dup_machine_name (self, &error);
  if (machine_name == NULL)
    {
      show_error (self, error->message);
      return;
    }

  show_error (self, NULL);
  set_connecting (self, TRUE);
  password = gtk_editable_get_text (GTK_EDITABLE (self->password_row));
  fax_server_connect_async (machine_name, password[0] != '\0' ? password : NULL, self->cancellable,
                            connect_done_cb, g_object_ref (self));
}

static void
connect_clicked_cb (FaxConnectDialog *self)
{
  fax_connect_dialog_connect (self);
}

static void
cancel_clicked_cb (FaxConnectDialog *self)
{
  gtk_window_close (GTK_WINDOW (self));
}

static void
lookup_done_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(FaxConnectDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *password = fax_secret_lookup_finish (result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self->lookup_done = TRUE;
  if (error != NULL)
    {
      /* No keyring: the user types the password, as without one */
      g_debug ("No stored password: %s", error->message);
      return;
    }
  if (password == NULL)
    return;

  /* Unless the user has started typing one */
  if (gtk_editable_get_text (GTK_EDITABLE (self->password_row))[0] == '\0')
    {
      gtk_editable_set_text (GTK_EDITABLE (self->password_row), password);
      gtk_switch_set_active (self->remember_switch, TRUE);
    }
  memset (password, 0, strlen (password));
}

static gboolean
close_request_cb (FaxConnectDialog *self)
{
  g_cancellable_cancel (self->cancellable);
  return FALSE;
}

static void
fax_connect_dialog_dispose (GObject *object)
{
  FaxConnectDialog *self = FAX_CONNECT_DIALOG (object);

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (fax_connect_dialog_parent_class)->dispose (object);
}

static void
fax_connect_dialog_class_init (FaxConnectDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = fax_connect_dialog_dispose;

  /**
   * FaxConnectDialog::connected:
   * @server: the connected #FaxServer
   * @address: the server's address, without a user (the keyring's key)
   * @user: the user name that logged in
   * @password: (nullable): the password that was used
   * @remember: whether the user wants the password kept in the keyring
   */
  signals[CONNECTED] =
    g_signal_new ("connected",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 5, FAX_TYPE_SERVER, G_TYPE_STRING, G_TYPE_STRING,
                  G_TYPE_STRING, G_TYPE_BOOLEAN);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/faxmanager/FaxManager/fax-connect-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, FaxConnectDialog, connect_button);
  gtk_widget_class_bind_template_child (widget_class, FaxConnectDialog, spinner);
  gtk_widget_class_bind_template_child (widget_class, FaxConnectDialog, error_label);
  gtk_widget_class_bind_template_child (widget_class, FaxConnectDialog, address_row);
  gtk_widget_class_bind_template_child (widget_class, FaxConnectDialog, user_row);
  gtk_widget_class_bind_template_child (widget_class, FaxConnectDialog, password_row);
  gtk_widget_class_bind_template_child (widget_class, FaxConnectDialog, remember_switch);
  gtk_widget_class_bind_template_callback (widget_class, changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, connect_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, cancel_clicked_cb);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
fax_connect_dialog_init (FaxConnectDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
  g_signal_connect (self, "close-request", G_CALLBACK (close_request_cb), NULL);
}

FaxConnectDialog *
fax_connect_dialog_new (GtkWindow *parent,
                        GSettings *settings)
{
  FaxConnectDialog *self = g_object_new (FAX_TYPE_CONNECT_DIALOG,
                                         "transient-for", parent,
                                         NULL);
  g_autofree char *address = NULL;
  g_autofree char *user = NULL;

  if (settings != NULL)
    {
      self->settings = g_object_ref (settings);
      address = g_settings_get_string (settings, "last-server-address");
      user = g_settings_get_string (settings, "last-server-user");
    }

  /* The last server, offered again, and its password if it was kept */
  if (address != NULL && address[0] != '\0')
    gtk_editable_set_text (GTK_EDITABLE (self->address_row), address);
  if (user != NULL && user[0] != '\0')
    gtk_editable_set_text (GTK_EDITABLE (self->user_row), user);
  if (address != NULL && address[0] != '\0' && user != NULL && user[0] != '\0')
    fax_secret_lookup_async (address, user, self->cancellable, lookup_done_cb, g_object_ref (self));
  else
    self->lookup_done = TRUE;

  changed_cb (self);
  return self;
}

const char *
fax_connect_dialog_get_error (FaxConnectDialog *self)
{
  g_return_val_if_fail (FAX_IS_CONNECT_DIALOG (self), NULL);
  return gtk_widget_get_visible (GTK_WIDGET (self->error_label)) ? gtk_label_get_text (self->error_label) : NULL;
}

gboolean
fax_connect_dialog_get_lookup_done (FaxConnectDialog *self)
{
  g_return_val_if_fail (FAX_IS_CONNECT_DIALOG (self), FALSE);
  return self->lookup_done;
}
