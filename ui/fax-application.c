/* fax-application.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "fax-application.h"
#include "fax-window.h"

struct _FaxApplication
{
  AdwApplication  parent_instance;

  FaxServer      *server;
  gboolean        virtual_line;
};

G_DEFINE_FINAL_TYPE (FaxApplication, fax_application, ADW_TYPE_APPLICATION)

static void
fax_application_startup (GApplication *app)
{
  FaxApplication *self = FAX_APPLICATION (app);
  g_autoptr(GError) error = NULL;

  G_APPLICATION_CLASS (fax_application_parent_class)->startup (app);

  self->server = fax_server_connect (NULL, &error);
  if (self->server == NULL)
    g_warning ("%s", error->message);
  else if (self->virtual_line &&
           !fax_server_set_virtual_line_enabled (self->server, TRUE, &error))
    g_warning ("%s", error->message);
}

static int
fax_application_handle_local_options (GApplication *app,
                                      GVariantDict *options)
{
  FaxApplication *self = FAX_APPLICATION (app);

  if (g_variant_dict_contains (options, "virtual-line"))
    self->virtual_line = TRUE;

  return -1;
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

static void
fax_application_dispose (GObject *object)
{
  FaxApplication *self = (FaxApplication *)object;

  g_clear_object (&self->server);

  G_OBJECT_CLASS (fax_application_parent_class)->dispose (object);
}

static void
fax_application_class_init (FaxApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->dispose = fax_application_dispose;
  app_class->startup = fax_application_startup;
  app_class->handle_local_options = fax_application_handle_local_options;
  app_class->activate = fax_application_activate;
}

static void
quit_action (GSimpleAction *action,
             GVariant      *param,
             gpointer       user_data)
{
  g_application_quit (G_APPLICATION (user_data));
}

static const GActionEntry app_actions[] = {
  { "quit", quit_action },
};

static void
fax_application_init (FaxApplication *self)
{
  static const char *quit_accels[] = { "<Control>q", NULL };

  g_application_add_main_option (G_APPLICATION (self), "virtual-line", 0, G_OPTION_FLAG_NONE,
                                 G_OPTION_ARG_NONE,
                                 _("Show the virtual fax line: two software fax modems joined by a line"),
                                 NULL);
  g_action_map_add_action_entries (G_ACTION_MAP (self), app_actions, G_N_ELEMENTS (app_actions), self);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.quit", quit_accels);
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
