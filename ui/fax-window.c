/* fax-window.c
 *
 * The main window: a view switcher over Ports, Inbox, Outbox and Sent.
 * Its size is remembered in GSettings.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "fax-inbox-view.h"
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

FaxSendDialog *
fax_window_open_send_dialog (FaxWindow     *self,
                             GFile * const *files,
                             guint          n_files)
{
  GtkApplication *app = gtk_window_get_application (GTK_WINDOW (self));
  FaxServer *server = FAX_IS_APPLICATION (app) ? fax_application_get_server (FAX_APPLICATION (app)) : NULL;
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
fax_window_class_init (FaxWindowClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  g_type_ensure (FAX_TYPE_PORTS_VIEW);
  g_type_ensure (FAX_TYPE_JOBS_VIEW);
  g_type_ensure (FAX_TYPE_INBOX_VIEW);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/faxmanager/FaxManager/fax-window.ui");
  gtk_widget_class_bind_template_child (widget_class, FaxWindow, view_stack);
  gtk_widget_class_bind_template_child (widget_class, FaxWindow, ports_view);
  gtk_widget_class_bind_template_child (widget_class, FaxWindow, inbox_view);
  gtk_widget_class_bind_template_child (widget_class, FaxWindow, outbox_view);
  gtk_widget_class_bind_template_child (widget_class, FaxWindow, sent_view);
  gtk_widget_class_bind_template_callback (widget_class, close_request_cb);

  gtk_widget_class_install_action (widget_class, "window.send-fax", NULL, send_fax_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_n, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "window.send-fax", NULL);
}

static void
fax_window_init (FaxWindow *self)
{
  GtkDropTarget *target;

  gtk_widget_init_template (GTK_WIDGET (self));

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
