/* fax-window.c
 *
 * The main window: a view switcher over Ports, Inbox, Outbox and Sent.
 * Its size is remembered in GSettings.
 *
 * The views show one FaxServer: this computer's (the application's), or
 * a HylaFAX server connected from the primary menu. A bar under the
 * header names the fax server shown and its connection state, with
 * "Disconnect" back to this computer.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "fax-connect-dialog.h"
#include "fax-inbox-view.h"
#include "fax-secret.h"
#include "fax-jobs-view.h"
#include "fax-send-dialog.h"
#include "fax-window.h"

struct _FaxWindow
{
  AdwApplicationWindow  parent_instance;

  AdwViewStack         *view_stack;
  FaxPortsView         *ports_view;
  FaxInboxView         *inbox_view;
  FaxJobsView          *outbox_view;
  FaxJobsView          *sent_view;
  AdwViewSwitcherTitle *switcher_title;
  AdwToastOverlay      *toast_overlay;
  GtkRevealer          *server_bar;
  GtkLabel             *server_label;
  GtkImage             *server_icon;
  GtkWidget            *reconnect_button;

  FaxServer            *remote;       /* the fax server shown, if not this computer */
  char                 *notice;
};

G_DEFINE_FINAL_TYPE (FaxWindow, fax_window, ADW_TYPE_APPLICATION_WINDOW)

static GSettings *
window_settings (FaxWindow *self)
{
  GtkApplication *app = gtk_window_get_application (GTK_WINDOW (self));

  return FAX_IS_APPLICATION (app) ? fax_application_get_settings (FAX_APPLICATION (app)) : NULL;
}

static gboolean
close_request_cb (FaxWindow *self)
{
  GtkWindow *window = GTK_WINDOW (self);
  GSettings *settings = window_settings (self);
  int width, height;

  if (settings != NULL)
    {
      gtk_window_get_default_size (window, &width, &height);
      g_settings_set_int (settings, "window-width", width);
      g_settings_set_int (settings, "window-height", height);
      g_settings_set_boolean (settings, "window-maximized", gtk_window_is_maximized (window));
    }

  return FALSE;
}

static void
send_dialog_closed_cb (FaxWindow     *self,
                       FaxSendDialog *dialog)
{
  /* A queued fax: show where it is */
  if (fax_send_dialog_get_job (dialog) != NULL)
    adw_view_stack_set_visible_child_name (self->view_stack, "outbox");
}

FaxServer *
fax_window_get_server (FaxWindow *self)
{
  GtkApplication *app;

  g_return_val_if_fail (FAX_IS_WINDOW (self), NULL);

  if (self->remote != NULL)
    return self->remote;
  app = gtk_window_get_application (GTK_WINDOW (self));
  return FAX_IS_APPLICATION (app) ? fax_application_get_server (FAX_APPLICATION (app)) : NULL;
}

static void
add_notice (FaxWindow  *self,
            const char *text)
{
  AdwToast *toast = adw_toast_new (text);

  g_free (self->notice);
  self->notice = g_strdup (text);
  adw_toast_set_timeout (toast, 0);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

static void
update_server_bar (FaxWindow *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  const char *name;

  if (self->remote == NULL)
    {
      adw_view_switcher_title_set_subtitle (self->switcher_title, NULL);
      gtk_revealer_set_reveal_child (self->server_bar, FALSE);
      gtk_label_set_text (self->server_label, "");
      return;
    }

  name = fax_server_get_machine_name (self->remote);
  if (g_str_has_prefix (name, "hylafax://"))
    name += 10;
  adw_view_switcher_title_set_subtitle (self->switcher_title, name);

  if (fax_server_check_connection (self->remote, &error))
    {
      /* Translators: %s is a fax server, e.g. faxuser@faxserver:4559 */
      text = g_strdup_printf (_("Connected to the fax server %s"), name);
      gtk_image_set_from_icon_name (self->server_icon, "network-server-symbolic");
      gtk_widget_remove_css_class (GTK_WIDGET (self->server_label), "warning");
    }
  else
    {
      /* Translators: %s is a fax server, then why the connection broke */
      text = g_strdup_printf (_("Reconnecting to the fax server %s: %s"), name, error->message);
      gtk_image_set_from_icon_name (self->server_icon, "network-error-symbolic");
      gtk_widget_add_css_class (GTK_WIDGET (self->server_label), "warning");
    }
  gtk_label_set_text (self->server_label, text);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->server_label), text);
  gtk_widget_set_visible (self->reconnect_button, !fax_server_get_connected (self->remote));
  gtk_revealer_set_reveal_child (self->server_bar, TRUE);
}

void
fax_window_set_server (FaxWindow *self,
                       FaxServer *server)
{
  GtkApplication *app;
  FaxServer *shown;
  const GError *error = NULL;

  g_return_if_fail (FAX_IS_WINDOW (self));
  g_return_if_fail (server == NULL || FAX_IS_SERVER (server));

  app = gtk_window_get_application (GTK_WINDOW (self));
  if (server != NULL && FAX_IS_APPLICATION (app) && server == fax_application_get_server (FAX_APPLICATION (app)))
    server = NULL;
  if (server == self->remote)
    return;

  if (self->remote != NULL)
    g_signal_handlers_disconnect_by_data (self->remote, self);
  g_set_object (&self->remote, server);
  if (self->remote != NULL)
    g_signal_connect_object (self->remote, "notify::connected", G_CALLBACK (update_server_bar),
                             self, G_CONNECT_SWAPPED);

  shown = fax_window_get_server (self);
  if (shown == NULL && FAX_IS_APPLICATION (app))
    error = fax_application_get_server_error (FAX_APPLICATION (app));
  fax_ports_view_set_server (self->ports_view, shown, error);
  fax_inbox_view_set_server (self->inbox_view, shown);
  fax_jobs_view_set_server (self->outbox_view, shown);
  fax_jobs_view_set_server (self->sent_view, shown);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "window.disconnect-server", self->remote != NULL);
  update_server_bar (self);
}

static void
secret_stored_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  GWeakRef *ref = user_data;
  g_autoptr(FaxWindow) self = g_weak_ref_get (ref);
  g_autoptr(GError) error = NULL;

  g_weak_ref_clear (ref);
  g_free (ref);

  if (!fax_secret_store_finish (result, &error) && self != NULL)
    {
      g_autofree char *text = NULL;

      /* Translators: %s says why, e.g. that no keyring service runs */
      text = g_strdup_printf (_("The password could not be kept in your keyring; you will be asked for it next time (%s)"),
                              error->message);
      add_notice (self, text);
    }
}

static void
secret_cleared_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  /* Nothing was stored, or no keyring: nothing to forget either */
  if (!fax_secret_clear_finish (result, &error) && error != NULL)
    g_debug ("No password cleared: %s", error->message);
}

static void
server_connected_cb (FaxWindow        *self,
                     FaxServer        *server,
                     const char       *address,
                     const char       *user,
                     const char       *password,
                     gboolean          remember,
                     FaxConnectDialog *dialog)
{
  fax_window_set_server (self, server);

  if (remember && password != NULL)
    {
      GWeakRef *ref = g_new0 (GWeakRef, 1);

      g_weak_ref_init (ref, self);
      fax_secret_store_async (address, user, password, NULL, secret_stored_cb, ref);
    }
  else
    fax_secret_clear_async (address, user, NULL, secret_cleared_cb, NULL);
}

GtkWindow *
fax_window_open_connect_dialog (FaxWindow *self)
{
  FaxConnectDialog *dialog;

  g_return_val_if_fail (FAX_IS_WINDOW (self), NULL);

  dialog = fax_connect_dialog_new (GTK_WINDOW (self), window_settings (self));
  g_signal_connect_object (dialog, "connected", G_CALLBACK (server_connected_cb), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
  return GTK_WINDOW (dialog);
}

static void
connect_server_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  fax_window_open_connect_dialog (FAX_WINDOW (widget));
}

static void
disconnect_server_action (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *parameter)
{
  fax_window_set_server (FAX_WINDOW (widget), NULL);
}

static void
reconnect_clicked_cb (FaxWindow *self)
{
  /* Try now rather than after the wait */
  if (self->remote != NULL)
    fax_server_refresh (self->remote, NULL);
}

const char *
fax_window_get_notice (FaxWindow *self)
{
  g_return_val_if_fail (FAX_IS_WINDOW (self), NULL);
  return self->notice;
}

const char *
fax_window_get_server_status (FaxWindow *self)
{
  g_return_val_if_fail (FAX_IS_WINDOW (self), NULL);
  return self->remote != NULL ? gtk_label_get_text (self->server_label) : NULL;
}

FaxSendDialog *
fax_window_open_send_dialog (FaxWindow     *self,
                             GFile * const *files,
                             guint          n_files)
{
  FaxServer *server = fax_window_get_server (self);
  FaxSendDialog *dialog;

  if (server == NULL)
    return NULL;

  dialog = fax_send_dialog_new (GTK_WINDOW (self), server);
  if (n_files > 0)
    fax_send_dialog_add_files (dialog, files, n_files);
  g_signal_connect_object (dialog, "close-request", G_CALLBACK (send_dialog_closed_cb), self,
                           G_CONNECT_SWAPPED | G_CONNECT_AFTER);
  gtk_window_present (GTK_WINDOW (dialog));
  return dialog;
}

/* Documents dropped on the window: a new fax with them */
static gboolean
drop_cb (GtkDropTarget *target,
         const GValue  *value,
         double         x,
         double         y,
         FaxWindow     *self)
{
  g_autoptr(GPtrArray) files = g_ptr_array_new ();
  GSList *list;

  if (!G_VALUE_HOLDS (value, GDK_TYPE_FILE_LIST))
    return FALSE;
  list = gdk_file_list_get_files (g_value_get_boxed (value));
  for (GSList *l = list; l != NULL; l = l->next)
    g_ptr_array_add (files, l->data);
  g_slist_free (list);
  return files->len > 0 &&
         fax_window_open_send_dialog (self, (GFile * const *)files->pdata, files->len) != NULL;
}

static void
send_fax_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  fax_window_open_send_dialog (FAX_WINDOW (widget), NULL, 0);
}

static void
fax_window_dispose (GObject *object)
{
  FaxWindow *self = FAX_WINDOW (object);

  if (self->remote != NULL)
    g_signal_handlers_disconnect_by_data (self->remote, self);
  g_clear_object (&self->remote);
  g_clear_pointer (&self->notice, g_free);

  G_OBJECT_CLASS (fax_window_parent_class)->dispose (object);
}

static void
fax_window_class_init (FaxWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = fax_window_dispose;
  g_type_ensure (FAX_TYPE_PORTS_VIEW);
  g_type_ensure (FAX_TYPE_JOBS_VIEW);
  g_type_ensure (FAX_TYPE_INBOX_VIEW);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/faxmanager/FaxManager/fax-window.ui");
  gtk_widget_class_bind_template_child (widget_class, FaxWindow, view_stack);
  gtk_widget_class_bind_template_child (widget_class, FaxWindow, ports_view);
  gtk_widget_class_bind_template_child (widget_class, FaxWindow, inbox_view);
  gtk_widget_class_bind_template_child (widget_class, FaxWindow, outbox_view);
  gtk_widget_class_bind_template_child (widget_class, FaxWindow, sent_view);
  gtk_widget_class_bind_template_child (widget_class, FaxWindow, switcher_title);
  gtk_widget_class_bind_template_child (widget_class, FaxWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, FaxWindow, server_bar);
  gtk_widget_class_bind_template_child (widget_class, FaxWindow, server_label);
  gtk_widget_class_bind_template_child (widget_class, FaxWindow, server_icon);
  gtk_widget_class_bind_template_child (widget_class, FaxWindow, reconnect_button);
  gtk_widget_class_bind_template_callback (widget_class, close_request_cb);
  gtk_widget_class_bind_template_callback (widget_class, reconnect_clicked_cb);

  gtk_widget_class_install_action (widget_class, "window.connect-server", NULL, connect_server_action);
  gtk_widget_class_install_action (widget_class, "window.disconnect-server", NULL, disconnect_server_action);

  gtk_widget_class_install_action (widget_class, "window.send-fax", NULL, send_fax_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_n, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "window.send-fax", NULL);
}

static void
fax_window_init (FaxWindow *self)
{
  GtkDropTarget *target;

  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "window.disconnect-server", FALSE);

  target = gtk_drop_target_new (GDK_TYPE_FILE_LIST, GDK_ACTION_COPY);
  g_signal_connect (target, "drop", G_CALLBACK (drop_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (target));
}

/* The virtual line was asked for but could not start: say why, and keep
 * saying it until the user has read it */
static void
virtual_line_cb (FaxWindow      *self,
                 GParamSpec     *pspec,
                 FaxApplication *application)
{
  const GError *error = fax_application_get_virtual_line_error (application);
  g_autofree char *text = NULL;

  if (error == NULL)
    return;

  /* Translators: %s says why, e.g. that no pseudo-terminal could be opened */
  text = g_strdup_printf (_("The virtual test line could not be started: %s"), error->message);
  fax_ports_view_show_message (self->ports_view, text);
}

FaxWindow *
fax_window_new (FaxApplication *application)
{
  FaxWindow *self;
  GSettings *settings;

  g_return_val_if_fail (FAX_IS_APPLICATION (application), NULL);

  self = g_object_new (FAX_TYPE_WINDOW, "application", application, NULL);
  settings = fax_application_get_settings (application);

  gtk_window_set_default_size (GTK_WINDOW (self),
                               g_settings_get_int (settings, "window-width"),
                               g_settings_get_int (settings, "window-height"));
  if (g_settings_get_boolean (settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));

  fax_ports_view_set_server (self->ports_view,
                             fax_application_get_server (application),
                             fax_application_get_server_error (application));
  fax_inbox_view_set_server (self->inbox_view, fax_application_get_server (application));
  fax_jobs_view_set_server (self->outbox_view, fax_application_get_server (application));
  fax_jobs_view_set_server (self->sent_view, fax_application_get_server (application));

  g_signal_connect_object (application, "notify::virtual-line",
                           G_CALLBACK (virtual_line_cb), self, G_CONNECT_SWAPPED);
  virtual_line_cb (self, NULL, application);

  return self;
}

FaxPortsView *
fax_window_get_ports_view (FaxWindow *self)
{
  g_return_val_if_fail (FAX_IS_WINDOW (self), NULL);
  return self->ports_view;
}

void
fax_window_show_view (FaxWindow  *self,
                      const char *name)
{
  g_return_if_fail (FAX_IS_WINDOW (self));
  adw_view_stack_set_visible_child_name (self->view_stack, name);
}
