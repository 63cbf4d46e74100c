/* fax-ports-view.c
 *
 * The list of ports (a GtkListView over FaxPortItems that mirror the
 * server's live port model one to one), the details of the selected one,
 * and the edit flow: upgrade the item's handle to modify access, show the
 * editor, back to query access when it closes. An upgrade that fails is
 * explained in place, above the details.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "fax-port-details.h"
#include "fax-port-editor.h"
#include "fax-port-item.h"
#include "fax-port-row.h"
#include "fax-ports-view.h"

struct _FaxPortsView
{
  AdwBin               parent_instance;

  FaxServer           *server;
  GListStore          *items;
  GtkSingleSelection  *selection;
  gulong               items_changed_id;
  gboolean             syncing;

  AdwToastOverlay     *toast_overlay;
  GtkStack            *stack;
  AdwLeaflet          *leaflet;
  GtkWidget           *content;
  GtkListView         *list_view;
  GtkStack            *content_stack;
  FaxPortDetails      *details;
  AdwStatusPage       *empty_page;
  AdwStatusPage       *error_page;
};

G_DEFINE_FINAL_TYPE (FaxPortsView, fax_ports_view, ADW_TYPE_BIN)

static FaxPortItem *
selected_item (FaxPortsView *self)
{
  return gtk_single_selection_get_selected_item (self->selection);
}

static void
update_stack (FaxPortsView *self)
{
  if (self->server == NULL)
    return;

  if (g_list_model_get_n_items (G_LIST_MODEL (self->items)) == 0)
    gtk_stack_set_visible_child_name (self->stack, "empty");
  else
    gtk_stack_set_visible_child_name (self->stack, "ports");
}

static void
selection_changed_cb (FaxPortsView *self)
{
  FaxPortItem *item = selected_item (self);

  fax_port_details_set_item (self->details, item);
  gtk_stack_set_visible_child_name (self->content_stack, item ? "details" : "none");

  /* On a narrow window, picking a port goes to its details */
  if (item != NULL && !self->syncing && adw_leaflet_get_folded (self->leaflet))
    adw_leaflet_set_visible_child (self->leaflet, self->content);
}

static void
list_activate_cb (FaxPortsView *self,
                  guint         position)
{
  gtk_single_selection_set_selected (self->selection, position);
  adw_leaflet_set_visible_child (self->leaflet, self->content);
}

static void
back_cb (FaxPortsView *self)
{
  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_BACK);
}

static void
folded_cb (FaxPortsView *self)
{
  /* Unfolding shows both; folding starts from the list */
  if (adw_leaflet_get_folded (self->leaflet))
    adw_leaflet_set_visible_child (self->leaflet, gtk_widget_get_first_child (GTK_WIDGET (self->leaflet)));
}

/* Mirrors the server's port model: one item (and query handle) per port */
static void
ports_changed_cb (FaxPortsView *self,
                  guint         position,
                  guint         removed,
                  guint         added,
                  GListModel   *ports)
{
  g_autoptr(GPtrArray) new_items = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < removed; i++)
    {
      g_autoptr(FaxPortItem) item = g_list_model_get_item (G_LIST_MODEL (self->items), position + i);
      fax_port_item_close (item);
    }

  for (guint i = 0; i < added; i++)
    {
      g_autoptr(FaxPortInfo) info = g_list_model_get_item (ports, position + i);
      g_ptr_array_add (new_items, fax_port_item_new (self->server, info));
    }

  self->syncing = TRUE;
  g_list_store_splice (self->items, position, removed, new_items->pdata, new_items->len);
  self->syncing = FALSE;

  update_stack (self);
}

static void
clear_items (FaxPortsView *self)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->items));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(FaxPortItem) item = g_list_model_get_item (G_LIST_MODEL (self->items), i);
      fax_port_item_close (item);
    }
  self->syncing = TRUE;
  g_list_store_remove_all (self->items);
  self->syncing = FALSE;
}

static void
editor_finished_cb (FaxPortsView  *self,
                    gboolean       saved,
                    FaxPortEditor *editor)
{
  FaxPortItem *item = fax_port_editor_get_item (editor);

  if (item == selected_item (self))
    fax_port_details_reload (self->details);

  if (saved)
    {
      g_autofree char *title = g_strdup_printf (_("Settings of %s saved"),
                                                fax_port_info_get_device_name (fax_port_item_get_info (item)));
      adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (title));
    }
}

static void
edit_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  FaxPortsView *self = FAX_PORTS_VIEW (widget);
  FaxPortItem *item = selected_item (self);
  g_autoptr(GError) error = NULL;
  FaxPortEditor *editor;

  if (item == NULL)
    return;

  /* Already being edited from here: that editor, not a second one */
  {
    g_autoptr(GList) windows = gtk_window_list_toplevels ();

    for (GList *l = windows; l != NULL; l = l->next)
      if (FAX_IS_PORT_EDITOR (l->data) && fax_port_editor_get_item (l->data) == item)
        {
          gtk_window_present (l->data);
          return;
        }
  }

  if (!fax_port_item_request_modify (item, &error))
    {
      fax_port_details_show_error (self->details, error);
      return;
    }

  fax_port_details_show_error (self->details, NULL);

  editor = fax_port_editor_new (GTK_WINDOW (gtk_widget_get_root (widget)), item);
  g_signal_connect_object (editor, "finished", G_CALLBACK (editor_finished_cb), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (editor));
}

static void
refresh_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *param)
{
  FaxPortsView *self = FAX_PORTS_VIEW (widget);
  g_autoptr(GError) error = NULL;

  if (self->server == NULL)
    return;

  if (!fax_server_refresh (self->server, &error))
    adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (error->message));
}

static void
show_message (FaxPortsView *self,
              const char   *heading,
              const char   *body)
{
  GtkWidget *dialog = adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))),
                                              heading, body);

  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
device_path_changed_cb (GtkEditable      *entry,
                        AdwMessageDialog *dialog)
{
  const char *path = gtk_editable_get_text (entry);

  adw_message_dialog_set_response_enabled (dialog, "add", g_path_is_absolute (path));
}

static void
add_device_response_cb (FaxPortsView     *self,
                        const char       *response,
                        AdwMessageDialog *dialog)
{
  GtkEditable *entry = GTK_EDITABLE (adw_message_dialog_get_extra_child (dialog));
  g_autofree char *path = g_strstrip (g_strdup (gtk_editable_get_text (entry)));
  g_autoptr(GError) error = NULL;

  if (g_strcmp0 (response, "add") != 0 || self->server == NULL)
    return;

  if (!fax_server_add_device (self->server, path, &error))
    {
      show_message (self, _("The Device Cannot Be Added"), error->message);
      return;
    }

  /* Show the new port */
  {
    guint n = g_list_model_get_n_items (G_LIST_MODEL (self->items));

    for (guint i = 0; i < n; i++)
      {
        g_autoptr(FaxPortItem) item = g_list_model_get_item (G_LIST_MODEL (self->items), i);
        FaxPortInfo *info = fax_port_item_get_info (item);

        if (g_strcmp0 (fax_port_info_get_device_path (info), path) == 0 ||
            g_strcmp0 (fax_port_info_get_stable_id (info), path) == 0)
          {
            gtk_single_selection_set_selected (self->selection, i);
            break;
          }
      }
  }
}

static void
add_device_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *param)
{
  FaxPortsView *self = FAX_PORTS_VIEW (widget);
  GtkWidget *dialog;
  GtkWidget *entry;

  dialog = adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (widget)),
                                   _("Add a Device by Path"),
                                   _("Software modems such as iaxmodem and t38modem create serial devices that are not found by themselves. Write the path of the device, for example /dev/ttyIAX0. It is remembered, also while the device is missing."));

  entry = gtk_entry_new ();
  gtk_entry_set_placeholder_text (GTK_ENTRY (entry), "/dev/ttyIAX0");
  gtk_entry_set_activates_default (GTK_ENTRY (entry), TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Device path"),
                                  -1);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), entry);

  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "add", _("_Add"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "add", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "add");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (dialog), "add", FALSE);

  g_signal_connect (entry, "changed", G_CALLBACK (device_path_changed_cb), dialog);
  g_signal_connect_object (dialog, "response", G_CALLBACK (add_device_response_cb), self, G_CONNECT_SWAPPED);

  gtk_window_present (GTK_WINDOW (dialog));
  gtk_widget_grab_focus (entry);
}

static void
setup_row_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *list_item)
{
  gtk_list_item_set_child (list_item, fax_port_row_new ());
}

static void
bind_row_cb (GtkSignalListItemFactory *factory,
             GtkListItem              *list_item)
{
  fax_port_row_set_item (FAX_PORT_ROW (gtk_list_item_get_child (list_item)),
                         gtk_list_item_get_item (list_item));
}

static void
unbind_row_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *list_item)
{
  fax_port_row_set_item (FAX_PORT_ROW (gtk_list_item_get_child (list_item)), NULL);
}

static void
fax_ports_view_dispose (GObject *object)
{
  FaxPortsView *self = (FaxPortsView *)object;

  fax_ports_view_set_server (self, NULL, NULL);

  G_OBJECT_CLASS (fax_ports_view_parent_class)->dispose (object);
}

static void
fax_ports_view_finalize (GObject *object)
{
  FaxPortsView *self = (FaxPortsView *)object;

  g_clear_object (&self->selection);
  g_clear_object (&self->items);

  G_OBJECT_CLASS (fax_ports_view_parent_class)->finalize (object);
}

static void
fax_ports_view_class_init (FaxPortsViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = fax_ports_view_dispose;
  object_class->finalize = fax_ports_view_finalize;

  g_type_ensure (FAX_TYPE_PORT_DETAILS);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/faxmanager/FaxManager/fax-ports-view.ui");
  gtk_widget_class_bind_template_child (widget_class, FaxPortsView, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, FaxPortsView, stack);
  gtk_widget_class_bind_template_child (widget_class, FaxPortsView, leaflet);
  gtk_widget_class_bind_template_child (widget_class, FaxPortsView, content);
  gtk_widget_class_bind_template_child (widget_class, FaxPortsView, list_view);
  gtk_widget_class_bind_template_child (widget_class, FaxPortsView, content_stack);
  gtk_widget_class_bind_template_child (widget_class, FaxPortsView, details);
  gtk_widget_class_bind_template_child (widget_class, FaxPortsView, empty_page);
  gtk_widget_class_bind_template_child (widget_class, FaxPortsView, error_page);
  gtk_widget_class_bind_template_callback (widget_class, list_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, back_cb);
  gtk_widget_class_bind_template_callback (widget_class, folded_cb);

  gtk_widget_class_install_action (widget_class, "ports.edit", NULL, edit_action);
  gtk_widget_class_install_action (widget_class, "ports.refresh", NULL, refresh_action);
  gtk_widget_class_install_action (widget_class, "ports.add-device", NULL, add_device_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_e, GDK_CONTROL_MASK, "ports.edit", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F5, 0, "ports.refresh", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_r, GDK_CONTROL_MASK, "ports.refresh", NULL);
}

static void
fax_ports_view_init (FaxPortsView *self)
{
  GtkListItemFactory *factory;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->items = g_list_store_new (FAX_TYPE_PORT_ITEM);
  self->selection = gtk_single_selection_new (g_object_ref (G_LIST_MODEL (self->items)));
  gtk_single_selection_set_autoselect (self->selection, TRUE);
  g_signal_connect_object (self->selection, "notify::selected-item",
                           G_CALLBACK (selection_changed_cb), self, G_CONNECT_SWAPPED);

  factory = gtk_signal_list_item_factory_new ();
  g_signal_connect (factory, "setup", G_CALLBACK (setup_row_cb), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_row_cb), NULL);
  g_signal_connect (factory, "unbind", G_CALLBACK (unbind_row_cb), NULL);
  gtk_list_view_set_factory (self->list_view, factory);
  g_object_unref (factory);
  gtk_list_view_set_model (self->list_view, GTK_SELECTION_MODEL (self->selection));

  adw_status_page_set_description (self->empty_page,
                                   _("Fax Manager looked for USB and serial modems, for the devices you added by path, and for the paths in the FAX_MANAGER_DEVICES environment variable, and found none.\n\nPlug in a fax modem, or start a software modem such as iaxmodem or t38modem and add its device. To try Fax Manager without a modem, use the virtual test line: two software fax modems joined back to back."));
}

/**
 * fax_ports_view_set_server:
 * @server: (nullable): the server whose ports to show
 * @error: (nullable): why there is no server
 */
void
fax_ports_view_set_server (FaxPortsView *self,
                           FaxServer    *server,
                           const GError *error)
{
  GListModel *ports;

  g_return_if_fail (FAX_IS_PORTS_VIEW (self));
  g_return_if_fail (server == NULL || FAX_IS_SERVER (server));

  if (self->server != NULL)
    {
      g_clear_signal_handler (&self->items_changed_id, fax_server_get_ports (self->server));
      g_clear_object (&self->server);
    }
  if (self->items != NULL)
    clear_items (self);

  if (server == NULL)
    {
      if (error != NULL)
        {
          adw_status_page_set_description (self->error_page, error->message);
          gtk_stack_set_visible_child_name (self->stack, "error");
        }
      return;
    }

  self->server = g_object_ref (server);
  ports = fax_server_get_ports (server);
  self->items_changed_id = g_signal_connect_object (ports, "items-changed",
                                                    G_CALLBACK (ports_changed_cb), self,
                                                    G_CONNECT_SWAPPED);
  ports_changed_cb (self, 0, 0, g_list_model_get_n_items (ports), ports);
}

FaxServer *
fax_ports_view_get_server (FaxPortsView *self)
{
  g_return_val_if_fail (FAX_IS_PORTS_VIEW (self), NULL);
  return self->server;
}

GListModel *
fax_ports_view_get_items (FaxPortsView *self)
{
  g_return_val_if_fail (FAX_IS_PORTS_VIEW (self), NULL);
  return G_LIST_MODEL (self->items);
}

/**
 * fax_ports_view_show_message:
 *
 * Shows @text over the ports until the user dismisses it.
 */
void
fax_ports_view_show_message (FaxPortsView *self,
                             const char   *text)
{
  AdwToast *toast;

  g_return_if_fail (FAX_IS_PORTS_VIEW (self));

  toast = adw_toast_new (text);
  adw_toast_set_timeout (toast, 0);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}
