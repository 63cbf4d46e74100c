/* fax-preferences-window.c
 *
 * The application settings: the virtual test line, identifying modems and
 * receiving in the background (GSettings), and the
 * devices added by path (kept by the backend in ports.conf, where faxctl
 * reads them too, so there is one list, not two).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "fax-preferences-window.h"

struct _FaxPreferencesWindow
{
  AdwPreferencesWindow  parent_instance;

  FaxApplication       *application;
  GPtrArray            *device_rows;

  GtkSwitch            *virtual_line_switch;
  GtkSwitch            *background_switch;
  GtkSwitch            *identify_switch;
  AdwPreferencesGroup  *devices_group;
  GtkWidget            *add_device_row;
};

G_DEFINE_FINAL_TYPE (FaxPreferencesWindow, fax_preferences_window, ADW_TYPE_PREFERENCES_WINDOW)

static void reload_devices (FaxPreferencesWindow *self);

static void
toast_error (FaxPreferencesWindow *self,
             const GError         *error)
{
  AdwToast *toast = adw_toast_new (error->message);

  adw_toast_set_timeout (toast, 0);
  adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self), toast);
}

static void
remove_device_cb (FaxPreferencesWindow *self,
                  GtkButton            *button)
{
  FaxServer *server = fax_application_get_server (self->application);
  const char *path = g_object_get_data (G_OBJECT (button), "device-path");
  g_autoptr(GError) error = NULL;

  if (server != NULL && !fax_server_remove_device (server, path, &error))
    toast_error (self, error);

  reload_devices (self);
}

static void
add_device_cb (FaxPreferencesWindow *self)
{
  FaxServer *server = fax_application_get_server (self->application);
  g_autofree char *path = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->add_device_row))));
  g_autoptr(GError) error = NULL;

  if (server == NULL || path[0] == '\0')
    return;

  if (!fax_server_add_device (server, path, &error))
    {
      toast_error (self, error);
      return;
    }

  gtk_editable_set_text (GTK_EDITABLE (self->add_device_row), "");
  reload_devices (self);
}

static void
reload_devices (FaxPreferencesWindow *self)
{
  FaxServer *server = fax_application_get_server (self->application);
  g_auto(GStrv) paths = NULL;

  for (guint i = 0; i < self->device_rows->len; i++)
    adw_preferences_group_remove (self->devices_group, g_ptr_array_index (self->device_rows, i));
  g_ptr_array_set_size (self->device_rows, 0);

  if (server == NULL)
    {
      gtk_widget_set_sensitive (self->add_device_row, FALSE);
      return;
    }

  paths = fax_server_dup_extra_devices (server);
  for (guint i = 0; paths[i]; i++)
    {
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *button = gtk_button_new_from_icon_name ("user-trash-symbolic");
      g_autofree char *tooltip = g_strdup_printf (_("Remove %s"), paths[i]);

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), paths[i]);
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
      gtk_widget_add_css_class (button, "flat");
      gtk_widget_set_tooltip_text (button, tooltip);
      gtk_accessible_update_property (GTK_ACCESSIBLE (button),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, tooltip,
                                      -1);
      g_object_set_data_full (G_OBJECT (button), "device-path", g_strdup (paths[i]), g_free);
      g_signal_connect_object (button, "clicked", G_CALLBACK (remove_device_cb), self, G_CONNECT_SWAPPED);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);

      adw_preferences_group_add (self->devices_group, row);
      g_ptr_array_add (self->device_rows, row);
    }
}

static void
fax_preferences_window_dispose (GObject *object)
{
  FaxPreferencesWindow *self = (FaxPreferencesWindow *)object;

  g_clear_object (&self->application);

  G_OBJECT_CLASS (fax_preferences_window_parent_class)->dispose (object);
}

static void
fax_preferences_window_finalize (GObject *object)
{
  FaxPreferencesWindow *self = (FaxPreferencesWindow *)object;

  g_clear_pointer (&self->device_rows, g_ptr_array_unref);

  G_OBJECT_CLASS (fax_preferences_window_parent_class)->finalize (object);
}

static void
fax_preferences_window_class_init (FaxPreferencesWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = fax_preferences_window_dispose;
  object_class->finalize = fax_preferences_window_finalize;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/faxmanager/FaxManager/fax-preferences-window.ui");
  gtk_widget_class_bind_template_child (widget_class, FaxPreferencesWindow, virtual_line_switch);
  gtk_widget_class_bind_template_child (widget_class, FaxPreferencesWindow, background_switch);
  gtk_widget_class_bind_template_child (widget_class, FaxPreferencesWindow, identify_switch);
  gtk_widget_class_bind_template_child (widget_class, FaxPreferencesWindow, devices_group);
  gtk_widget_class_bind_template_child (widget_class, FaxPreferencesWindow, add_device_row);
  gtk_widget_class_bind_template_callback (widget_class, add_device_cb);
}

static void
fax_preferences_window_init (FaxPreferencesWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->device_rows = g_ptr_array_new ();
}

FaxPreferencesWindow *
fax_preferences_window_new (FaxApplication *application,
                            GtkWindow      *parent)
{
  FaxPreferencesWindow *self;
  FaxServer *server;

  g_return_val_if_fail (FAX_IS_APPLICATION (application), NULL);

  self = g_object_new (FAX_TYPE_PREFERENCES_WINDOW,
                       "transient-for", parent,
                       "application", application,
                       NULL);
  self->application = g_object_ref (application);

  g_settings_bind (fax_application_get_settings (application), "background-receiving",
                   self->background_switch, "active", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (fax_application_get_settings (application), "identify-modems",
                   self->identify_switch, "active", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (fax_application_get_settings (application), "virtual-line",
                   self->virtual_line_switch, "active",
                   G_SETTINGS_BIND_DEFAULT);

  server = fax_application_get_server (application);
  if (server != NULL)
    g_signal_connect_object (server, "ports-changed", G_CALLBACK (reload_devices), self, G_CONNECT_SWAPPED);
  reload_devices (self);

  return self;
}
