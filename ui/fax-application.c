/* fax-application.c
 *
 * The application: one instance per session (a second start activates the
 * first), the connection to the fax server, the settings, and the
 * application actions (new window, preferences, shortcuts, about, quit).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <gudev/gudev.h>

#include "fax-application.h"
#include "fax-notifier.h"
#include "fax-preferences-window.h"
#include "fax-viewer.h"
#include "fax-window.h"

struct _FaxApplication
{
  AdwApplication  parent_instance;

  GSettings      *settings;
  FaxServer      *server;
  GError         *server_error;
  GError         *virtual_line_error;
  FaxNotifier    *notifier;
  gboolean        held;         /* background receiving keeps us running */
  GUdevClient    *udev;
  guint           udev_source;
  guint           poll_source;
  gboolean        virtual_line_option;
  gboolean        virtual_line;
};

G_DEFINE_FINAL_TYPE (FaxApplication, fax_application, ADW_TYPE_APPLICATION)

enum {
  PROP_0,
  PROP_VIRTUAL_LINE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static GSettings *
create_settings (void)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;

  if (source != NULL)
    schema = g_settings_schema_source_lookup (source, APP_ID, TRUE);

#ifdef FAX_BUILD_SCHEMAS_DIR
  /* Run from the build tree, not installed */
  if (schema == NULL)
    {
      g_autoptr(GSettingsSchemaSource) build = NULL;

      build = g_settings_schema_source_new_from_directory (FAX_BUILD_SCHEMAS_DIR, source, FALSE, NULL);
      if (build != NULL)
        schema = g_settings_schema_source_lookup (build, APP_ID, FALSE);
    }
#endif

  if (schema == NULL)
    g_error ("The settings schema %s is not installed. Install Fax Manager (meson install), "
             "or point GSETTINGS_SCHEMA_DIR at the folder holding its compiled schema", APP_ID);

  return g_settings_new_full (schema, NULL, NULL);
}

/* The one place that decides whether the virtual line is shown */
static void
sync_virtual_line (FaxApplication *self)
{
  gboolean wanted = self->virtual_line_option ||
                    (self->settings != NULL && g_settings_get_boolean (self->settings, "virtual-line"));

  g_autoptr(GError) error = NULL;

  if (wanted == self->virtual_line)
    return;

  self->virtual_line = wanted;
  g_clear_error (&self->virtual_line_error);

  if (self->server != NULL &&
      !fax_server_set_virtual_line_enabled (self->server, wanted, &error))
    {
      /* Shown by the windows, in the ports view */
      self->virtual_line_error = g_steal_pointer (&error);
      self->virtual_line = FALSE;
    }

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VIRTUAL_LINE]);
}

/* Hot-plug: a modem plugged in or pulled out shows at once, without the
 * user asking for a new search */
static gboolean
udev_settled_cb (gpointer user_data)
{
  FaxApplication *self = user_data;

  self->udev_source = 0;
  if (self->server != NULL)
    fax_server_refresh (self->server, NULL);

  return G_SOURCE_REMOVE;
}

static void
uevent_cb (FaxApplication *self,
           const char     *action,
           GUdevDevice    *device)
{
  if (g_strcmp0 (action, "add") != 0 && g_strcmp0 (action, "remove") != 0 &&
      g_strcmp0 (action, "change") != 0)
    return;

  /* A burst of events for one device makes one search, after udev has
   * filled in the device's properties */
  if (self->udev_source == 0)
    self->udev_source = g_timeout_add (500, udev_settled_cb, self);
}

/* Devices udev does not announce (pseudo-terminals of software modems,
 * paths added by hand) are looked for again every few seconds while one
 * of them is missing */
static gboolean
poll_missing_cb (gpointer user_data)
{
  FaxApplication *self = user_data;
  GListModel *ports;
  guint n;

  if (self->server == NULL)
    return G_SOURCE_CONTINUE;

  ports = fax_server_get_ports (self->server);
  n = g_list_model_get_n_items (ports);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(FaxPortInfo) info = g_list_model_get_item (ports, i);

      if (fax_port_info_get_state (info) == FAX_PORT_STATE_UNAVAILABLE)
        {
          fax_server_refresh (self->server, NULL);
          break;
        }
    }

  return G_SOURCE_CONTINUE;
}

/* The autostart entry of the user's session (XDG autostart), written and
 * removed with the background-receiving setting: this is the user's own
 * configuration folder, and the setting says "start when I log in" */
static void
sync_autostart (gboolean enabled)
{
  g_autofree char *dir = g_build_filename (g_get_user_config_dir (), "autostart", NULL);
  g_autofree char *path = g_build_filename (dir, APP_ID ".desktop", NULL);
  g_autoptr(GKeyFile) kf = NULL;
  g_autoptr(GError) error = NULL;

  if (!enabled)
    {
      if (g_unlink (path) != 0 && errno != ENOENT)
        g_warning ("Cannot remove %s: %s", path, g_strerror (errno));
      return;
    }

  kf = g_key_file_new ();
  g_key_file_set_string (kf, G_KEY_FILE_DESKTOP_GROUP, G_KEY_FILE_DESKTOP_KEY_TYPE, "Application");
  g_key_file_set_string (kf, G_KEY_FILE_DESKTOP_GROUP, G_KEY_FILE_DESKTOP_KEY_NAME, _("Fax Manager"));
  g_key_file_set_string (kf, G_KEY_FILE_DESKTOP_GROUP, G_KEY_FILE_DESKTOP_KEY_COMMENT,
                         _("Receive faxes in the background"));
  g_key_file_set_string (kf, G_KEY_FILE_DESKTOP_GROUP, G_KEY_FILE_DESKTOP_KEY_EXEC,
                         "fax-manager --gapplication-service");
  g_key_file_set_string (kf, G_KEY_FILE_DESKTOP_GROUP, G_KEY_FILE_DESKTOP_KEY_ICON, APP_ID);
  g_key_file_set_boolean (kf, G_KEY_FILE_DESKTOP_GROUP, G_KEY_FILE_DESKTOP_KEY_NO_DISPLAY, TRUE);
  g_key_file_set_boolean (kf, G_KEY_FILE_DESKTOP_GROUP, "X-GNOME-Autostart-enabled", TRUE);
  if (g_mkdir_with_parents (dir, 0700) != 0 ||
      !g_key_file_save_to_file (kf, path, &error))
    g_warning ("Cannot write %s: %s", path, error ? error->message : g_strerror (errno));
}

static void
sync_background (FaxApplication *self)
{
  gboolean background = g_settings_get_boolean (self->settings, "background-receiving");

  /* Held, the application outlives its last window */
  if (background && !self->held)
    g_application_hold (G_APPLICATION (self));
  else if (!background && self->held)
    g_application_release (G_APPLICATION (self));
  self->held = background;
  sync_autostart (background);
}

/* Each port is asked who it is (manufacturer, model, fax classes) when
 * the application starts and when a port appears, unless the user has
 * a serial device that must not see AT commands */
static void
sync_identify (FaxApplication *self)
{
  if (self->server != NULL)
    fax_server_set_auto_identify (self->server,
                                  g_settings_get_boolean (self->settings, "identify-modems"));
}

static void
fax_application_startup (GApplication *app)
{
  FaxApplication *self = FAX_APPLICATION (app);

  G_APPLICATION_CLASS (fax_application_parent_class)->startup (app);

  gtk_window_set_default_icon_name (APP_ID);

  self->settings = create_settings ();
  g_signal_connect_object (self->settings, "changed::virtual-line",
                           G_CALLBACK (sync_virtual_line), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->settings, "changed::background-receiving",
                           G_CALLBACK (sync_background), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->settings, "changed::identify-modems",
                           G_CALLBACK (sync_identify), self, G_CONNECT_SWAPPED);

  self->server = fax_server_connect (NULL, &self->server_error);

  if (self->server != NULL)
    {
      static const char *subsystems[] = { "tty", NULL };

      /* While the application runs, ports that receive answer calls and
       * the outbox is sent */
      fax_server_set_receiving (self->server, TRUE);
      fax_server_set_sending (self->server, TRUE);
      self->notifier = fax_notifier_new (G_APPLICATION (self), self->server);

      /* FAX_MANAGER_NO_UDEV: the server ignores udev, so do we */
      if (g_getenv ("FAX_MANAGER_NO_UDEV") == NULL)
        {
          self->udev = g_udev_client_new (subsystems);
          g_signal_connect_object (self->udev, "uevent", G_CALLBACK (uevent_cb), self, G_CONNECT_SWAPPED);
        }
      self->poll_source = g_timeout_add_seconds (3, poll_missing_cb, self);
    }

  sync_virtual_line (self);
  sync_background (self);
  sync_identify (self);
}

static void
fax_application_activate (GApplication *app)
{
  FaxApplication *self = FAX_APPLICATION (app);
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (app));

  if (window == NULL)
    window = GTK_WINDOW (fax_window_new (self));

  gtk_window_present (window);
}

static int
fax_application_handle_local_options (GApplication *app,
                                      GVariantDict *options)
{
  g_autoptr(GError) error = NULL;

  if (g_variant_dict_contains (options, "virtual-line"))
    {
      /* Hand it to the running instance, if there is one */
      if (!g_application_register (app, NULL, &error))
        {
          g_printerr ("%s\n", error->message);
          return 1;
        }
      g_action_group_activate_action (G_ACTION_GROUP (app), "use-virtual-line",
                                      g_variant_new_boolean (FALSE));
    }

  if (g_variant_dict_contains (options, "send"))
    {
      g_autofree const char **files = NULL;
      g_autoptr(GPtrArray) uris = g_ptr_array_new_with_free_func (g_free);

      g_variant_dict_lookup (options, G_OPTION_REMAINING, "^a&ay", &files);
      for (guint i = 0; files != NULL && files[i] != NULL; i++)
        {
          g_autoptr(GFile) file = g_file_new_for_commandline_arg (files[i]);
          g_ptr_array_add (uris, g_file_get_uri (file));
        }
      g_ptr_array_add (uris, NULL);

      /* The send dialog opens in the running instance, or in this one */
      if (!g_application_register (app, NULL, &error))
        {
          g_printerr ("%s\n", error->message);
          return 1;
        }
      g_action_group_activate_action (G_ACTION_GROUP (app), "send-files",
                                      g_variant_new_strv ((const char * const *)uris->pdata, -1));
      return g_application_get_is_remote (app) ? 0 : -1;
    }

  /* Go on: activate (or hand over to) the primary instance */
  return -1;
}

static void
fax_application_dispose (GObject *object)
{
  FaxApplication *self = (FaxApplication *)object;

  g_clear_handle_id (&self->udev_source, g_source_remove);
  g_clear_handle_id (&self->poll_source, g_source_remove);
  g_clear_object (&self->udev);
  g_clear_object (&self->notifier);
  g_clear_object (&self->settings);
  g_clear_object (&self->server);
  g_clear_error (&self->server_error);
  g_clear_error (&self->virtual_line_error);

  G_OBJECT_CLASS (fax_application_parent_class)->dispose (object);
}

static void
fax_application_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  FaxApplication *self = FAX_APPLICATION (object);

  switch (prop_id)
    {
    case PROP_VIRTUAL_LINE:
      g_value_set_boolean (value, self->virtual_line);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fax_application_class_init (FaxApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->dispose = fax_application_dispose;
  object_class->get_property = fax_application_get_property;
  app_class->startup = fax_application_startup;
  app_class->activate = fax_application_activate;
  app_class->handle_local_options = fax_application_handle_local_options;

  /**
   * FaxApplication:virtual-line:
   *
   * Whether the virtual test line is wanted, from the setting or the
   * command line.
   */
  properties[PROP_VIRTUAL_LINE] =
    g_param_spec_boolean ("virtual-line", NULL, NULL, FALSE,
                          (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
send_files_action (GSimpleAction *action,
                   GVariant      *parameter,
                   gpointer       user_data)
{
  FaxApplication *self = user_data;
  GtkWindow *window;
  g_autofree const char **uris = g_variant_get_strv (parameter, NULL);
  g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func (g_object_unref);

  /* Before the first activation (this instance was started with --send)
   * the window comes from activate; the dialog opens on it then */
  g_application_activate (G_APPLICATION (self));
  window = gtk_application_get_active_window (GTK_APPLICATION (self));
  if (!FAX_IS_WINDOW (window))
    return;

  for (guint i = 0; uris[i] != NULL; i++)
    g_ptr_array_add (files, g_file_new_for_uri (uris[i]));
  fax_window_open_send_dialog (FAX_WINDOW (window), (GFile * const *)files->pdata, files->len);
}

static FaxWindow *
present_window (FaxApplication *self)
{
  GtkWindow *window;

  g_application_activate (G_APPLICATION (self));
  window = gtk_application_get_active_window (GTK_APPLICATION (self));
  return FAX_IS_WINDOW (window) ? FAX_WINDOW (window) : NULL;
}

static void
show_view_action (GSimpleAction *action,
                  GVariant      *parameter,
                  gpointer       user_data)
{
  FaxWindow *window = present_window (user_data);

  if (window != NULL)
    fax_window_show_view (window, g_variant_get_string (parameter, NULL));
}

/* From a notification: the fax in the desktop's viewer, marked read */
static void
open_fax_action (GSimpleAction *action,
                 GVariant      *parameter,
                 gpointer       user_data)
{
  FaxApplication *self = user_data;
  const char *path = g_variant_get_string (parameter, NULL);
  FaxWindow *window = present_window (self);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  GListModel *inbox;
  guint n;

  if (window == NULL || self->server == NULL)
    return;
  fax_window_show_view (window, "inbox");

  inbox = fax_server_get_inbox (self->server);
  n = g_list_model_get_n_items (inbox);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(FaxReceivedFax) fax = g_list_model_get_item (inbox, i);

      if (g_strcmp0 (fax_received_fax_get_path (fax), path) != 0)
        continue;
      fax_server_mark_fax_read (self->server, fax, TRUE, NULL);
      gtk_window_present (GTK_WINDOW (fax_viewer_new (GTK_WINDOW (window), file)));
      break;
    }
}

static void
quit_action (GSimpleAction *action,
             GVariant      *param,
             gpointer       user_data)
{
  GtkApplication *app = GTK_APPLICATION (user_data);
  GList *windows;

  /* Closing the windows saves their state and cancels open edits */
  while ((windows = gtk_application_get_windows (app)) != NULL)
    gtk_window_destroy (windows->data);

  g_application_quit (G_APPLICATION (app));
}

static void
new_window_action (GSimpleAction *action,
                   GVariant      *param,
                   gpointer       user_data)
{
  FaxApplication *self = FAX_APPLICATION (user_data);

  gtk_window_present (GTK_WINDOW (fax_window_new (self)));
}

static void
preferences_action (GSimpleAction *action,
                    GVariant      *param,
                    gpointer       user_data)
{
  FaxApplication *self = FAX_APPLICATION (user_data);
  GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (self));

  gtk_window_present (GTK_WINDOW (fax_preferences_window_new (self, parent)));
}

static void
shortcuts_action (GSimpleAction *action,
                  GVariant      *param,
                  gpointer       user_data)
{
  GtkApplication *app = GTK_APPLICATION (user_data);
  g_autoptr(GtkBuilder) builder = gtk_builder_new_from_resource ("/io/github/faxmanager/FaxManager/fax-shortcuts-window.ui");
  GtkWindow *window = GTK_WINDOW (gtk_builder_get_object (builder, "shortcuts_window"));

  gtk_window_set_transient_for (window, gtk_application_get_active_window (app));
  gtk_window_set_application (window, app);
  gtk_window_present (window);
}

static void
about_action (GSimpleAction *action,
              GVariant      *param,
              gpointer       user_data)
{
  GtkApplication *app = GTK_APPLICATION (user_data);
  static const char *developers[] = { "The Fax Manager developers", NULL };

  adw_show_about_window (gtk_application_get_active_window (app),
                         "application-name", _("Fax Manager"),
                         "application-icon", APP_ID,
                         "version", PACKAGE_VERSION,
                         "developer-name", _("The Fax Manager developers"),
                         "developers", developers,
                         "comments", _("Send, receive and manage faxes on the fax modems of your computer"),
                         "website", "https://github.com/faxmanager/FaxManager",
                         "issue-url", "https://github.com/faxmanager/FaxManager/issues",
                         "license-type", GTK_LICENSE_GPL_3_0,
                         "copyright", _("© 2026 The Fax Manager developers"),
                         /* Translators: your names, one per line */
                         "translator-credits", _("translator-credits"),
                         NULL);
}

static void
use_virtual_line_action (GSimpleAction *action,
                         GVariant      *param,
                         gpointer       user_data)
{
  FaxApplication *self = FAX_APPLICATION (user_data);

  /* TRUE: from now on (the setting); FALSE: for this run (--virtual-line) */
  if (g_variant_get_boolean (param))
    g_settings_set_boolean (self->settings, "virtual-line", TRUE);
  else
    self->virtual_line_option = TRUE;

  sync_virtual_line (self);
}

static const GActionEntry app_actions[] = {
  { "quit", quit_action },
  { "new-window", new_window_action },
  { "preferences", preferences_action },
  { "shortcuts", shortcuts_action },
  { "about", about_action },
  { "use-virtual-line", use_virtual_line_action, "b" },
  { "send-files", send_files_action, "as" },
  { "show-view", show_view_action, "s" },
  { "open-fax", open_fax_action, "s" },
};

static void
fax_application_init (FaxApplication *self)
{
  static const char *quit_accels[] = { "<Control>q", NULL };
  static const char *new_window_accels[] = { "<Control>n", NULL };
  static const char *preferences_accels[] = { "<Control>comma", NULL };
  static const char *shortcuts_accels[] = { "<Control>question", NULL };
  static const char *close_accels[] = { "<Control>w", NULL };

  g_action_map_add_action_entries (G_ACTION_MAP (self), app_actions, G_N_ELEMENTS (app_actions), self);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.quit", quit_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.new-window", new_window_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.preferences", preferences_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.shortcuts", shortcuts_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "window.close", close_accels);

  g_application_add_main_option (G_APPLICATION (self), "send", 0,
                                 G_OPTION_FLAG_NONE, G_OPTION_ARG_NONE,
                                 _("Open the send dialog with the FILEs given (print to fax)"),
                                 NULL);
  g_application_add_main_option (G_APPLICATION (self), G_OPTION_REMAINING, 0,
                                 G_OPTION_FLAG_NONE, G_OPTION_ARG_FILENAME_ARRAY,
                                 _("Documents to fax, with --send"), _("[FILE…]"));
  g_application_add_main_option (G_APPLICATION (self), "virtual-line", 0,
                                 G_OPTION_FLAG_NONE, G_OPTION_ARG_NONE,
                                 _("Show the virtual test line: two software fax modems joined back to back"),
                                 NULL);
}

FaxApplication *
fax_application_new (void)
{
  return g_object_new (FAX_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "flags", G_APPLICATION_DEFAULT_FLAGS,
                       "resource-base-path", "/io/github/faxmanager/FaxManager",
                       NULL);
}

FaxServer *
fax_application_get_server (FaxApplication *self)
{
  g_return_val_if_fail (FAX_IS_APPLICATION (self), NULL);
  return self->server;
}

const GError *
fax_application_get_server_error (FaxApplication *self)
{
  g_return_val_if_fail (FAX_IS_APPLICATION (self), NULL);
  return self->server_error;
}

GSettings *
fax_application_get_settings (FaxApplication *self)
{
  g_return_val_if_fail (FAX_IS_APPLICATION (self), NULL);
  return self->settings;
}

gboolean
fax_application_get_virtual_line (FaxApplication *self)
{
  g_return_val_if_fail (FAX_IS_APPLICATION (self), FALSE);
  return self->virtual_line;
}

/* Why the virtual line could not be started, if it could not */
const GError *
fax_application_get_virtual_line_error (FaxApplication *self)
{
  g_return_val_if_fail (FAX_IS_APPLICATION (self), NULL);
  return self->virtual_line_error;
}
