/* fax-window.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "fax-window.h"

struct _FaxWindow
{
  AdwApplicationWindow  parent_instance;

  GtkStack             *stack;
  GtkListBox           *ports_list;
  AdwStatusPage        *empty_page;
};

G_DEFINE_FINAL_TYPE (FaxWindow, fax_window, ADW_TYPE_APPLICATION_WINDOW)

static void
fax_window_reload_ports (FaxWindow *self)
{
  FaxApplication *app = FAX_APPLICATION (gtk_window_get_application (GTK_WINDOW (self)));
  FaxServer *server = app ? fax_application_get_server (app) : NULL;
  g_autoptr(GPtrArray) ports = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->ports_list))))
    gtk_list_box_remove (self->ports_list, child);

  if (server != NULL)
    ports = fax_server_enum_ports (server, &error);

  if (ports == NULL || ports->len == 0)
    {
      if (error != NULL)
        adw_status_page_set_description (self->empty_page, error->message);
      gtk_stack_set_visible_child_name (self->stack, "empty");
      return;
    }

  for (guint i = 0; i < ports->len; i++)
    {
      FaxPortInfo *info = g_ptr_array_index (ports, i);
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), fax_port_info_get_device_name (info));
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row),
                                   fax_port_state_to_string (fax_port_info_get_state (info)));
      gtk_list_box_append (self->ports_list, row);
    }

  gtk_stack_set_visible_child_name (self->stack, "ports");
}

static void
fax_window_class_init (FaxWindowClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/faxmanager/FaxManager/fax-window.ui");
  gtk_widget_class_bind_template_child (widget_class, FaxWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, FaxWindow, ports_list);
  gtk_widget_class_bind_template_child (widget_class, FaxWindow, empty_page);
}

static void
fax_window_init (FaxWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

FaxWindow *
fax_window_new (FaxApplication *application)
{
  FaxWindow *self = g_object_new (FAX_TYPE_WINDOW, "application", application, NULL);

  fax_window_reload_ports (self);
  return self;
}
