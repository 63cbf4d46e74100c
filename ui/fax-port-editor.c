/* fax-port-editor.c
 *
 * Edits one port through its item's handle, which the caller upgraded to
 * modify access. Everything is checked as it is typed: Save stays off,
 * with the reason shown, while anything would be refused. Save applies
 * the port settings (fax_port_set_info ()), then the routing methods, and
 * drops back to query access; Cancel (or closing the window) only drops
 * back.
 *
 * The serial line settings (speed, flow control) are saved with
 * fax_port_set_device_options (); the virtual line has none.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <gtk/gtkunixprint.h>

#include "fax-port-editor.h"

typedef struct
{
  GWeakRef editor;
} PrinterSearch;

struct _FaxPortEditor
{
  AdwWindow             parent_instance;

  FaxPortItem          *item;
  FaxPortInfo          *original;
  GPtrArray            *methods;     /* FaxRoutingMethod*, as loaded */
  FaxDeviceOptions     *device_options;  /* as loaded; NULL for the virtual line */
  char                 *folder;
  GtkStringList        *printers;
  GtkFileChooserNative *chooser;
  gboolean              loaded;
  gboolean              finished;
  gboolean              printers_done;

  AdwWindowTitle       *window_title;
  GtkWidget            *save_button;
  GtkInfoBar           *error_bar;
  GtkLabel             *error_label;
  GtkRevealer          *problem_revealer;
  GtkLabel             *problem_label;
  GtkSwitch            *receive_switch;
  GtkSpinButton        *rings_spin;
  GtkSwitch            *send_switch;
  GtkSpinButton        *priority_spin;
  GtkWidget            *tsid_row;
  GtkWidget            *csid_row;
  AdwExpanderRow       *folder_row;
  AdwActionRow         *folder_path_row;
  AdwExpanderRow       *print_row;
  AdwComboRow          *printer_row;
  AdwExpanderRow       *email_row;
  GtkWidget            *email_address_row;
  GtkWidget            *device_group;
  AdwComboRow          *speed_row;
  AdwComboRow          *flow_control_row;
};

G_DEFINE_FINAL_TYPE (FaxPortEditor, fax_port_editor, ADW_TYPE_WINDOW)

enum {
  PROP_0,
  PROP_ITEM,
  N_PROPS
};

enum {
  FINISHED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static FaxRoutingMethod *
find_method (FaxPortEditor *self,
             const char    *guid)
{
  for (guint i = 0; self->methods && i < self->methods->len; i++)
    {
      FaxRoutingMethod *method = g_ptr_array_index (self->methods, i);
      if (g_ascii_strcasecmp (fax_routing_method_get_guid (method), guid) == 0)
        return method;
    }
  return NULL;
}

static const char *
selected_printer (FaxPortEditor *self)
{
  guint selected = adw_combo_row_get_selected (self->printer_row);

  if (selected == GTK_INVALID_LIST_POSITION)
    return NULL;
  return gtk_string_list_get_string (self->printers, selected);
}

/* The same rule the backend applies to e-mail routing: name@domain */
static gboolean
email_address_is_valid (const char *address)
{
  const char *at = strchr (address, '@');

  return at != NULL && at != address && at[1] != '\0' &&
         strchr (address, ' ') == NULL && strchr (at + 1, '@') == NULL &&
         g_utf8_validate (address, -1, NULL);
}

static void
set_row_error (GtkWidget *row,
               gboolean   error)
{
  if (error)
    gtk_widget_add_css_class (row, "error");
  else
    gtk_widget_remove_css_class (row, "error");
}

/* Why Save is off, or NULL when everything can be saved */
static char *
find_problem (FaxPortEditor *self)
{
  const char *tsid = gtk_editable_get_text (GTK_EDITABLE (self->tsid_row));
  const char *csid = gtk_editable_get_text (GTK_EDITABLE (self->csid_row));
  const char *address = gtk_editable_get_text (GTK_EDITABLE (self->email_address_row));
  g_autoptr(GError) tsid_error = NULL;
  g_autoptr(GError) csid_error = NULL;
  gboolean address_bad = address[0] != '\0' && !email_address_is_valid (address);
  char *problem = NULL;

  fax_station_id_is_valid (tsid, &tsid_error);
  fax_station_id_is_valid (csid, &csid_error);

  set_row_error (self->tsid_row, tsid_error != NULL);
  set_row_error (self->csid_row, csid_error != NULL);
  set_row_error (self->email_address_row,
                 address_bad || (adw_expander_row_get_enable_expansion (self->email_row) && address[0] == '\0'));

  if (!self->loaded)
    return g_strdup (_("The port settings could not be read, so they cannot be saved"));

  {
    FaxPort *port = fax_port_item_get_port (self->item);

    if (!self->finished &&
        (port == NULL || !(fax_port_get_access (port) & FAX_PORT_OPEN_MODIFY)))
      return g_strdup_printf (_("%s was disconnected or removed, so these changes cannot be saved. "
                                "Cancel, and edit the port again once it is back"),
                              fax_port_info_get_device_name (fax_port_item_get_info (self->item)));
  }

  if (tsid_error != NULL)
    problem = g_strdup_printf (_("Sender ID (TSID): %s"), tsid_error->message);
  else if (csid_error != NULL)
    problem = g_strdup_printf (_("Receiver ID (CSID): %s"), csid_error->message);
  else if (adw_expander_row_get_enable_expansion (self->folder_row) &&
           (self->folder == NULL || self->folder[0] == '\0'))
    problem = g_strdup (_("Choose a folder for received faxes, or turn “Store in a folder” off"));
  else if (adw_expander_row_get_enable_expansion (self->print_row) && selected_printer (self) == NULL)
    problem = g_strdup (_("Choose a printer for received faxes, or turn “Print” off"));
  else if (address_bad)
    problem = g_strdup_printf (_("“%s” is not an e-mail address; write it as name@example.com"), address);
  else if (adw_expander_row_get_enable_expansion (self->email_row) && address[0] == '\0')
    problem = g_strdup (_("Write the e-mail address for received faxes, or turn “Send by e-mail” off"));

  return problem;
}

static void
update_save_state (FaxPortEditor *self)
{
  g_autofree char *problem = find_problem (self);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "editor.save", problem == NULL);
  gtk_widget_set_tooltip_text (self->save_button, problem);

  if (problem != NULL)
    gtk_label_set_label (self->problem_label, problem);
  gtk_revealer_set_reveal_child (self->problem_revealer, problem != NULL);
}

static void
changed_cb (FaxPortEditor *self)
{
  update_save_state (self);
}

static void
update_folder_row (FaxPortEditor *self)
{
  gboolean set = self->folder != NULL && self->folder[0] != '\0';

  adw_action_row_set_subtitle (self->folder_path_row, set ? self->folder : _("No folder chosen"));
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->folder_path_row), set ? self->folder : NULL);
  adw_expander_row_set_subtitle (self->folder_row, set ? self->folder : NULL);
}

static void
update_printer_row (FaxPortEditor *self)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->printers));

  if (n > 0)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (self->printer_row), NULL);
  else if (self->printers_done)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (self->printer_row), _("No printers found"));
  else
    adw_action_row_set_subtitle (ADW_ACTION_ROW (self->printer_row), _("Looking for printers…"));
}

static void
add_printer (FaxPortEditor *self,
             const char    *name)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->printers));

  for (guint i = 0; i < n; i++)
    if (g_strcmp0 (gtk_string_list_get_string (self->printers, i), name) == 0)
      return;

  gtk_string_list_append (self->printers, name);
  update_printer_row (self);
}

static gboolean
printer_found_cb (GtkPrinter *printer,
                  gpointer    user_data)
{
  PrinterSearch *search = user_data;
  g_autoptr(FaxPortEditor) self = g_weak_ref_get (&search->editor);

  /* "Print to File" and the like are no place for received faxes */
  if (self != NULL && !gtk_printer_is_virtual (printer))
    add_printer (self, gtk_printer_get_name (printer));

  return FALSE;
}

static void
printer_search_done_cb (gpointer user_data)
{
  PrinterSearch *search = user_data;
  g_autoptr(FaxPortEditor) self = g_weak_ref_get (&search->editor);

  if (self != NULL)
    {
      self->printers_done = TRUE;
      update_printer_row (self);
      update_save_state (self);
    }

  g_weak_ref_clear (&search->editor);
  g_free (search);
}

static void
start_printer_search (FaxPortEditor *self)
{
  PrinterSearch *search = g_new0 (PrinterSearch, 1);

  g_weak_ref_init (&search->editor, self);
  gtk_enumerate_printers (printer_found_cb, search, printer_search_done_cb, FALSE);
}

static void
show_error (FaxPortEditor *self,
            const char    *message)
{
  gtk_label_set_label (self->error_label, message);
  gtk_info_bar_set_revealed (self->error_bar, message != NULL);
}

static void
error_bar_response_cb (FaxPortEditor *self)
{
  show_error (self, NULL);
}

static void
load_method (FaxPortEditor  *self,
             const char     *guid,
             AdwExpanderRow *row)
{
  FaxRoutingMethod *method = find_method (self, guid);
  const char *info;

  if (method == NULL)
    {
      gtk_widget_set_visible (GTK_WIDGET (row), FALSE);
      return;
    }

  info = fax_routing_method_get_routing_info (method);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), fax_routing_method_get_friendly_name (method));
  adw_expander_row_set_enable_expansion (row, fax_routing_method_get_enabled (method));

  if (g_str_equal (guid, FAX_ROUTING_GUID_STORE_IN_FOLDER))
    {
      g_free (self->folder);
      self->folder = g_strdup (info);
      update_folder_row (self);
    }
  else if (g_str_equal (guid, FAX_ROUTING_GUID_PRINT))
    {
      if (info != NULL && info[0] != '\0')
        {
          add_printer (self, info);
          adw_combo_row_set_selected (self->printer_row, 0);
        }
    }
  else if (g_str_equal (guid, FAX_ROUTING_GUID_EMAIL))
    gtk_editable_set_text (GTK_EDITABLE (self->email_address_row), info ? info : "");
}

/* The speed list: "Automatic", then fax_device_options_get_valid_speeds () */
static guint
speed_position (guint speed)
{
  const guint *speeds = fax_device_options_get_valid_speeds ();

  for (guint i = 0; speeds[i] != 0; i++)
    if (speeds[i] == speed)
      return i + 1;
  return 0;
}

static guint
selected_speed (FaxPortEditor *self)
{
  guint position = adw_combo_row_get_selected (self->speed_row);

  if (position == 0 || position == GTK_INVALID_LIST_POSITION)
    return 0;
  return fax_device_options_get_valid_speeds ()[position - 1];
}

static FaxDeviceOptions *
build_device_options (FaxPortEditor *self)
{
  FaxDeviceOptions *options = fax_device_options_copy (self->device_options);
  guint flow = adw_combo_row_get_selected (self->flow_control_row);

  fax_device_options_set_speed (options, selected_speed (self));
  if (flow != GTK_INVALID_LIST_POSITION)
    fax_device_options_set_flow_control (options, (FaxFlowControl)flow);
  return options;
}

static void
load (FaxPortEditor *self)
{
  FaxPort *port = fax_port_item_get_port (self->item);
  FaxServer *server = fax_port_item_get_server (self->item);
  g_autoptr(GError) error = NULL;
  guint n_ports;

  adw_window_title_set_subtitle (self->window_title,
                                 fax_port_info_get_device_name (fax_port_item_get_info (self->item)));

  if (port == NULL)
    {
      show_error (self, _("The port is not open; close this window and select the port again"));
      return;
    }

  self->original = fax_port_get_info (port, &error);
  if (self->original == NULL)
    {
      show_error (self, error->message);
      return;
    }

  self->methods = fax_port_enum_routing_methods (port, &error);
  if (self->methods == NULL)
    {
      g_clear_object (&self->original);
      show_error (self, error->message);
      return;
    }

  n_ports = MAX (1, g_list_model_get_n_items (fax_server_get_ports (server)));
  gtk_spin_button_set_range (self->priority_spin, 1, n_ports);

  gtk_switch_set_active (self->receive_switch, (fax_port_info_get_flags (self->original) & FAX_PORT_FLAG_RECEIVE) != 0);
  gtk_spin_button_set_value (self->rings_spin, fax_port_info_get_rings (self->original));
  gtk_switch_set_active (self->send_switch, (fax_port_info_get_flags (self->original) & FAX_PORT_FLAG_SEND) != 0);
  gtk_spin_button_set_value (self->priority_spin, fax_port_info_get_priority (self->original));
  gtk_editable_set_text (GTK_EDITABLE (self->tsid_row), fax_port_info_get_tsid (self->original) ?: "");
  gtk_editable_set_text (GTK_EDITABLE (self->csid_row), fax_port_info_get_csid (self->original) ?: "");

  if (!(fax_port_info_get_flags (self->original) & FAX_PORT_FLAG_VIRTUAL))
    {
      self->device_options = fax_port_get_device_options (port, &error);
      if (self->device_options == NULL)
        {
          g_clear_object (&self->original);
          show_error (self, error->message);
          return;
        }
      adw_combo_row_set_selected (self->speed_row,
                                  speed_position (fax_device_options_get_speed (self->device_options)));
      adw_combo_row_set_selected (self->flow_control_row,
                                  fax_device_options_get_flow_control (self->device_options));
    }
  gtk_widget_set_visible (self->device_group, self->device_options != NULL);

  load_method (self, FAX_ROUTING_GUID_STORE_IN_FOLDER, self->folder_row);
  load_method (self, FAX_ROUTING_GUID_PRINT, self->print_row);
  load_method (self, FAX_ROUTING_GUID_EMAIL, self->email_row);

  self->loaded = TRUE;
}

static FaxPortInfo *
build_info (FaxPortEditor *self)
{
  FaxPortInfo *info = fax_port_info_copy (self->original);
  FaxPortFlags flags = fax_port_info_get_flags (info) & ~(FAX_PORT_FLAG_RECEIVE | FAX_PORT_FLAG_SEND);

  if (gtk_switch_get_active (self->receive_switch))
    flags |= FAX_PORT_FLAG_RECEIVE;
  if (gtk_switch_get_active (self->send_switch))
    flags |= FAX_PORT_FLAG_SEND;

  fax_port_info_set_flags (info, flags);
  fax_port_info_set_rings (info, gtk_spin_button_get_value_as_int (self->rings_spin));
  fax_port_info_set_priority (info, gtk_spin_button_get_value_as_int (self->priority_spin));
  fax_port_info_set_tsid (info, gtk_editable_get_text (GTK_EDITABLE (self->tsid_row)));
  fax_port_info_set_csid (info, gtk_editable_get_text (GTK_EDITABLE (self->csid_row)));

  return info;
}

static gboolean
save_method (FaxPortEditor  *self,
             FaxPort        *port,
             const char     *guid,
             gboolean        enabled,
             const char     *routing_info,
             GError        **error)
{
  FaxRoutingMethod *method = find_method (self, guid);
  const char *old_info;
  gboolean old_enabled;

  if (method == NULL)
    return TRUE;

  if (routing_info != NULL && routing_info[0] == '\0')
    routing_info = NULL;

  old_info = fax_routing_method_get_routing_info (method);
  if (old_info != NULL && old_info[0] == '\0')
    old_info = NULL;
  old_enabled = fax_routing_method_get_enabled (method);

  if (g_strcmp0 (old_info, routing_info) != 0)
    {
      if (!fax_port_set_routing_info (port, guid, routing_info, error))
        return FALSE;
      /* Clearing the setting turns the method off */
      if (routing_info == NULL)
        old_enabled = FALSE;
    }

  if (old_enabled != enabled)
    return fax_port_enable_routing_method (port, guid, enabled, error);

  return TRUE;
}

static void
finish (FaxPortEditor *self,
        gboolean       saved)
{
  if (self->finished)
    return;

  self->finished = TRUE;
  if (self->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  fax_port_item_release_modify (self->item);
  g_signal_emit (self, signals[FINISHED], 0, saved);
}

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  FaxPortEditor *self = FAX_PORT_EDITOR (widget);
  FaxPort *port = fax_port_item_get_port (self->item);
  g_autoptr(FaxPortInfo) info = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *problem = find_problem (self);
  const char *address;

  if (problem != NULL)
    {
      update_save_state (self);
      return;
    }

  if (port == NULL)
    {
      show_error (self, _("The port is no longer open; your changes cannot be saved. Cancel, then edit the port again"));
      return;
    }

  info = build_info (self);
  if (!fax_port_info_equal (info, self->original) &&
      !fax_port_set_info (port, info, &error))
    {
      show_error (self, error->message);
      return;
    }

  if (self->device_options != NULL)
    {
      g_autoptr(FaxDeviceOptions) options = build_device_options (self);

      if (!fax_device_options_equal (options, self->device_options))
        {
          if (!fax_port_set_device_options (port, options, &error))
            {
              show_error (self, error->message);
              return;
            }
          g_set_object (&self->device_options, options);
        }
    }

  address = gtk_editable_get_text (GTK_EDITABLE (self->email_address_row));
  if (!save_method (self, port, FAX_ROUTING_GUID_STORE_IN_FOLDER,
                    adw_expander_row_get_enable_expansion (self->folder_row), self->folder, &error) ||
      !save_method (self, port, FAX_ROUTING_GUID_PRINT,
                    adw_expander_row_get_enable_expansion (self->print_row), selected_printer (self), &error) ||
      !save_method (self, port, FAX_ROUTING_GUID_EMAIL,
                    adw_expander_row_get_enable_expansion (self->email_row), address, &error))
    {
      /* What was saved so far stays saved: show what is left and let the
       * user try again or cancel */
      g_clear_object (&self->original);
      self->original = g_object_ref (info);
      g_clear_pointer (&self->methods, g_ptr_array_unref);
      self->methods = fax_port_enum_routing_methods (port, NULL);
      show_error (self, error->message);
      return;
    }

  finish (self, TRUE);
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
cancel_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  FaxPortEditor *self = FAX_PORT_EDITOR (widget);

  finish (self, FALSE);
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
chooser_response_cb (FaxPortEditor        *self,
                     int                   response,
                     GtkFileChooserNative *chooser)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
      g_autofree char *path = file ? g_file_get_path (file) : NULL;

      if (path == NULL)
        show_error (self, _("Received faxes can only be stored in a folder on this computer; choose a local folder"));
      else
        {
          g_free (self->folder);
          self->folder = g_steal_pointer (&path);
          update_folder_row (self);
          adw_expander_row_set_enable_expansion (self->folder_row, TRUE);
        }
    }

  g_clear_object (&self->chooser);
  update_save_state (self);
}

static void
choose_folder_cb (FaxPortEditor *self)
{
  if (self->chooser != NULL)
    return;

  self->chooser = gtk_file_chooser_native_new (_("Folder for Received Faxes"),
                                               GTK_WINDOW (self),
                                               GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER,
                                               _("_Select"),
                                               _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);

  if (self->folder != NULL && g_file_test (self->folder, G_FILE_TEST_IS_DIR))
    {
      g_autoptr(GFile) current = g_file_new_for_path (self->folder);
      gtk_file_chooser_set_file (GTK_FILE_CHOOSER (self->chooser), current, NULL);
    }

  g_signal_connect_object (self->chooser, "response", G_CALLBACK (chooser_response_cb), self, G_CONNECT_SWAPPED);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

static gboolean
close_request_cb (FaxPortEditor *self)
{
  /* Closing the window is Cancel */
  finish (self, FALSE);

  return FALSE;
}

static void
fax_port_editor_constructed (GObject *object)
{
  FaxPortEditor *self = (FaxPortEditor *)object;

  G_OBJECT_CLASS (fax_port_editor_parent_class)->constructed (object);

  load (self);

  /* The port going away (unplugged, removed from the list) ends the edit */
  g_signal_connect_object (self->item, "notify::port", G_CALLBACK (changed_cb), self, G_CONNECT_SWAPPED);
  if (fax_port_item_get_port (self->item) != NULL)
    g_signal_connect_object (fax_port_item_get_port (self->item), "notify::access",
                             G_CALLBACK (changed_cb), self, G_CONNECT_SWAPPED);

  start_printer_search (self);
  update_printer_row (self);
  update_save_state (self);
}

static void
fax_port_editor_dispose (GObject *object)
{
  FaxPortEditor *self = (FaxPortEditor *)object;

  /* Never keep the port locked past the editor */
  if (!self->finished && self->item != NULL)
    {
      self->finished = TRUE;
      fax_port_item_release_modify (self->item);
    }
  if (self->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);

  G_OBJECT_CLASS (fax_port_editor_parent_class)->dispose (object);
}

static void
fax_port_editor_finalize (GObject *object)
{
  FaxPortEditor *self = (FaxPortEditor *)object;

  g_clear_object (&self->item);
  g_clear_object (&self->original);
  g_clear_object (&self->device_options);
  g_clear_object (&self->printers);
  g_clear_pointer (&self->methods, g_ptr_array_unref);
  g_clear_pointer (&self->folder, g_free);

  G_OBJECT_CLASS (fax_port_editor_parent_class)->finalize (object);
}

static void
fax_port_editor_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  FaxPortEditor *self = FAX_PORT_EDITOR (object);

  switch (prop_id)
    {
    case PROP_ITEM:
      g_value_set_object (value, self->item);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fax_port_editor_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  FaxPortEditor *self = FAX_PORT_EDITOR (object);

  switch (prop_id)
    {
    case PROP_ITEM:
      self->item = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fax_port_editor_class_init (FaxPortEditorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = fax_port_editor_constructed;
  object_class->dispose = fax_port_editor_dispose;
  object_class->finalize = fax_port_editor_finalize;
  object_class->get_property = fax_port_editor_get_property;
  object_class->set_property = fax_port_editor_set_property;

  properties[PROP_ITEM] =
    g_param_spec_object ("item", NULL, NULL, FAX_TYPE_PORT_ITEM,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * FaxPortEditor::finished:
   * @saved: whether the changes were saved
   *
   * The editor is done and has dropped modify access.
   */
  signals[FINISHED] =
    g_signal_new ("finished",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_BOOLEAN);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/faxmanager/FaxManager/fax-port-editor.ui");
  gtk_widget_class_bind_template_child (widget_class, FaxPortEditor, window_title);
  gtk_widget_class_bind_template_child (widget_class, FaxPortEditor, save_button);
  gtk_widget_class_bind_template_child (widget_class, FaxPortEditor, error_bar);
  gtk_widget_class_bind_template_child (widget_class, FaxPortEditor, error_label);
  gtk_widget_class_bind_template_child (widget_class, FaxPortEditor, problem_revealer);
  gtk_widget_class_bind_template_child (widget_class, FaxPortEditor, problem_label);
  gtk_widget_class_bind_template_child (widget_class, FaxPortEditor, receive_switch);
  gtk_widget_class_bind_template_child (widget_class, FaxPortEditor, rings_spin);
  gtk_widget_class_bind_template_child (widget_class, FaxPortEditor, send_switch);
  gtk_widget_class_bind_template_child (widget_class, FaxPortEditor, priority_spin);
  gtk_widget_class_bind_template_child (widget_class, FaxPortEditor, tsid_row);
  gtk_widget_class_bind_template_child (widget_class, FaxPortEditor, csid_row);
  gtk_widget_class_bind_template_child (widget_class, FaxPortEditor, folder_row);
  gtk_widget_class_bind_template_child (widget_class, FaxPortEditor, folder_path_row);
  gtk_widget_class_bind_template_child (widget_class, FaxPortEditor, print_row);
  gtk_widget_class_bind_template_child (widget_class, FaxPortEditor, printer_row);
  gtk_widget_class_bind_template_child (widget_class, FaxPortEditor, email_row);
  gtk_widget_class_bind_template_child (widget_class, FaxPortEditor, email_address_row);
  gtk_widget_class_bind_template_child (widget_class, FaxPortEditor, device_group);
  gtk_widget_class_bind_template_child (widget_class, FaxPortEditor, speed_row);
  gtk_widget_class_bind_template_child (widget_class, FaxPortEditor, flow_control_row);
  gtk_widget_class_bind_template_callback (widget_class, changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, choose_folder_cb);
  gtk_widget_class_bind_template_callback (widget_class, error_bar_response_cb);
  gtk_widget_class_bind_template_callback (widget_class, close_request_cb);

  gtk_widget_class_install_action (widget_class, "editor.save", NULL, save_action);
  gtk_widget_class_install_action (widget_class, "editor.cancel", NULL, cancel_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK, "editor.save", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "editor.cancel", NULL);
}

static void
fax_port_editor_init (FaxPortEditor *self)
{
  g_autoptr(GtkExpression) expression = NULL;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->printers = gtk_string_list_new (NULL);
  expression = gtk_property_expression_new (GTK_TYPE_STRING_OBJECT, NULL, "string");
  adw_combo_row_set_expression (self->printer_row, expression);
  adw_combo_row_set_model (self->printer_row, G_LIST_MODEL (self->printers));
  update_folder_row (self);

  {
    g_autoptr(GtkStringList) speeds = gtk_string_list_new (NULL);
    const guint *valid = fax_device_options_get_valid_speeds ();

    gtk_string_list_append (speeds, _("Automatic"));
    for (guint i = 0; valid[i] != 0; i++)
      {
        /* Translators: a serial speed, "115200 bit/s" */
        g_autofree char *label = g_strdup_printf (_("%u bit/s"), valid[i]);
        gtk_string_list_append (speeds, label);
      }
    adw_combo_row_set_expression (self->speed_row, expression);
    adw_combo_row_set_model (self->speed_row, G_LIST_MODEL (speeds));
    adw_combo_row_set_expression (self->flow_control_row, expression);
  }
}

FaxPortEditor *
fax_port_editor_new (GtkWindow   *parent,
                     FaxPortItem *item)
{
  g_return_val_if_fail (FAX_IS_PORT_ITEM (item), NULL);

  return g_object_new (FAX_TYPE_PORT_EDITOR,
                       "item", item,
                       "transient-for", parent,
                       "application", parent ? gtk_window_get_application (parent) : NULL,
                       NULL);
}

FaxPortItem *
fax_port_editor_get_item (FaxPortEditor *self)
{
  g_return_val_if_fail (FAX_IS_PORT_EDITOR (self), NULL);
  return self->item;
}
