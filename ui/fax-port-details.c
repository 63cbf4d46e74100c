/* fax-port-details.c
 *
 * The FAX_PORT_INFO fields of one port, its device and its routing, as
 * the server reports them: the labels follow the live FaxPortInfo, and
 * the routing methods are read through the item's query handle.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "fax-port-details.h"
#include "fax-port-text.h"

struct _FaxPortDetails
{
  AdwBin                parent_instance;

  FaxPortItem          *item;
  FaxPortInfo          *info;
  FaxPort              *port;
  gulong                info_notify_id;
  gulong                item_port_id;
  gulong                port_access_id;
  FaxDeviceStatus      *status;
  gulong                status_notify_id;
  gulong                server_event_id;
  gulong                ports_changed_id;
  GPtrArray            *routing_rows;

  GtkInfoBar           *error_bar;
  GtkLabel             *error_title;
  GtkLabel             *error_label;
  GtkImage             *icon;
  GtkLabel             *name_label;
  GtkLabel             *hardware_label;
  GtkWidget            *edit_button;
  GtkWidget            *virtual_note;
  AdwPreferencesGroup  *status_group;
  AdwPreferencesGroup  *settings_group;
  AdwPreferencesGroup  *identity_group;
  AdwPreferencesGroup  *routing_group;
  AdwPreferencesGroup  *device_group;

  GtkLabel             *state_value;
  GtkLabel             *status_value;
  GtkLabel             *call_value;
  GtkLabel             *access_value;
  GtkLabel             *receive_value;
  GtkLabel             *send_value;
  GtkLabel             *priority_value;
  GtkLabel             *tsid_value;
  GtkLabel             *csid_value;
  GtkLabel             *path_value;
  GtkLabel             *manufacturer_value;
  GtkLabel             *model_value;
  GtkLabel             *revision_value;
  GtkLabel             *classes_value;
  GtkLabel             *device_id_value;
  GtkLabel             *stable_id_value;
  GtkLabel             *serial_value;
};

G_DEFINE_FINAL_TYPE (FaxPortDetails, fax_port_details, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_ITEM,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void update_call (FaxPortDetails *self);

static GtkLabel *
add_value_row (AdwPreferencesGroup *group,
               const char          *title,
               const char          *name)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *label = gtk_label_new (NULL);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  gtk_widget_set_name (label, name);
  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_MIDDLE);
  gtk_label_set_xalign (GTK_LABEL (label), 1.0);
  gtk_widget_set_hexpand (label, TRUE);
  gtk_widget_add_css_class (label, "dim-label");
  gtk_accessible_update_relation (GTK_ACCESSIBLE (label),
                                  GTK_ACCESSIBLE_RELATION_LABELLED_BY, row, NULL,
                                  -1);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), label);
  adw_preferences_group_add (group, row);

  return GTK_LABEL (label);
}

static void
set_value (GtkLabel   *label,
           const char *value,
           const char *fallback)
{
  gboolean empty = value == NULL || value[0] == '\0';

  gtk_label_set_label (label, empty ? fallback : value);
  gtk_widget_set_tooltip_text (GTK_WIDGET (label), empty ? NULL : value);
}

static void
update_access (FaxPortDetails *self)
{
  FaxPort *port = self->item ? fax_port_item_get_port (self->item) : NULL;
  const GError *open_error = self->item ? fax_port_item_get_open_error (self->item) : NULL;
  FaxPortState state = self->info ? fax_port_info_get_state (self->info) : FAX_PORT_STATE_UNAVAILABLE;

  if (port != NULL && (fax_port_get_access (port) & FAX_PORT_OPEN_MODIFY))
    set_value (self->access_value, _("Being edited in this window"), NULL);
  else if (port != NULL && !fax_port_is_closed (port))
    set_value (self->access_value, _("Shown (query access)"), NULL);
  else if (open_error != NULL)
    set_value (self->access_value, open_error->message, NULL);
  else
    set_value (self->access_value, _("Not open"), NULL);

  gtk_widget_set_sensitive (self->edit_button, state != FAX_PORT_STATE_UNAVAILABLE);
  gtk_widget_set_tooltip_text (self->edit_button,
                               state != FAX_PORT_STATE_UNAVAILABLE
                                 ? _("Change how this port answers, sends and identifies itself")
                                 : _("Connect the device to change its settings"));
}

static void
update_info (FaxPortDetails *self)
{
  FaxPortInfo *info = self->info;
  FaxPortFlags flags;
  g_autofree char *hardware = NULL;
  g_autofree char *receive = NULL;
  g_autofree char *priority = NULL;
  g_autofree char *device_id = NULL;
  GListModel *ports;

  if (info == NULL)
    return;

  flags = fax_port_info_get_flags (info);
  hardware = fax_port_text_hardware (info);
  ports = fax_server_get_ports (fax_port_item_get_server (self->item));

  gtk_image_set_from_icon_name (self->icon, fax_port_text_icon_name (info));
  gtk_label_set_label (self->name_label, fax_port_info_get_device_name (info));
  gtk_label_set_label (self->hardware_label, hardware);

  set_value (self->state_value, fax_port_state_to_string (fax_port_info_get_state (info)), NULL);
  /* What the port is doing, in the server's words, when it says more */
  set_value (self->status_value, fax_port_info_get_status_text (info), NULL);
  gtk_widget_set_visible (gtk_widget_get_ancestor (GTK_WIDGET (self->status_value), ADW_TYPE_ACTION_ROW),
                          fax_port_info_get_status_text (info) != NULL &&
                          fax_port_info_get_status_text (info)[0] != '\0');
  gtk_widget_set_visible (self->virtual_note, (flags & FAX_PORT_FLAG_VIRTUAL) != 0);

  if (flags & FAX_PORT_FLAG_RECEIVE)
    receive = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                            "Yes, answers after %u ring",
                                            "Yes, answers after %u rings",
                                            fax_port_info_get_rings (info)),
                               fax_port_info_get_rings (info));
  else
    receive = g_strdup (_("No"));
  set_value (self->receive_value, receive, NULL);
  set_value (self->send_value, (flags & FAX_PORT_FLAG_SEND) ? _("Yes") : _("No"), NULL);

  /* Translators: the priority of a port among all ports, "1 of 3" */
  priority = g_strdup_printf (_("%u of %u"), fax_port_info_get_priority (info),
                              g_list_model_get_n_items (ports));
  set_value (self->priority_value, priority, NULL);

  set_value (self->tsid_value, fax_port_info_get_tsid (info), _("Not set"));
  set_value (self->csid_value, fax_port_info_get_csid (info), _("Not set"));

  device_id = g_strdup_printf ("%u", fax_port_info_get_device_id (info));
  set_value (self->path_value, fax_port_info_get_device_path (info), _("Unknown"));
  set_value (self->manufacturer_value, fax_port_info_get_manufacturer (info), _("Unknown"));
  set_value (self->model_value, fax_port_info_get_model (info), _("Unknown"));
  set_value (self->revision_value, fax_port_info_get_revision (info), _("Unknown"));
  set_value (self->classes_value, fax_port_info_get_fax_classes (info), _("Not identified"));
  set_value (self->device_id_value, device_id, NULL);
  set_value (self->stable_id_value, fax_port_info_get_stable_id (info), _("Unknown"));

  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, fax_port_info_get_device_name (info),
                                  -1);

  update_access (self);
  update_call (self);
}

static void
clear_routing_rows (FaxPortDetails *self)
{
  for (guint i = 0; i < self->routing_rows->len; i++)
    adw_preferences_group_remove (self->routing_group, g_ptr_array_index (self->routing_rows, i));
  g_ptr_array_set_size (self->routing_rows, 0);
}

static void
add_routing_row (FaxPortDetails *self,
                 const char     *title,
                 const char     *value,
                 const char     *name)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *label = gtk_label_new (value);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  gtk_widget_set_name (label, name);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_MIDDLE);
  gtk_label_set_xalign (GTK_LABEL (label), 1.0);
  gtk_widget_set_hexpand (label, TRUE);
  gtk_widget_set_tooltip_text (label, value);
  gtk_widget_add_css_class (label, "dim-label");
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), label);
  adw_preferences_group_add (self->routing_group, row);
  g_ptr_array_add (self->routing_rows, row);
}

static void
update_serial (FaxPortDetails *self)
{
  FaxPort *port = self->item ? fax_port_item_get_port (self->item) : NULL;
  g_autoptr(FaxDeviceOptions) options = NULL;
  g_autofree char *text = NULL;
  g_autofree char *speed = NULL;
  const char *flow;

  if (self->info == NULL)
    return;

  if (fax_port_info_get_flags (self->info) & FAX_PORT_FLAG_VIRTUAL)
    {
      set_value (self->serial_value, _("None: a software modem"), NULL);
      return;
    }

  if (port == NULL || fax_port_is_closed (port) ||
      (options = fax_port_get_device_options (port, NULL)) == NULL)
    {
      set_value (self->serial_value, _("Unknown"), NULL);
      return;
    }

  if (fax_device_options_get_speed (options) == 0)
    speed = g_strdup (_("automatic speed"));
  else
    /* Translators: a serial speed */
    speed = g_strdup_printf (_("%u bit/s"), fax_device_options_get_speed (options));

  switch (fax_device_options_get_flow_control (options))
    {
    case FAX_FLOW_CONTROL_SOFTWARE:
      flow = _("XON/XOFF flow control");
      break;
    case FAX_FLOW_CONTROL_NONE:
      flow = _("no flow control");
      break;
    case FAX_FLOW_CONTROL_HARDWARE:
    default:
      flow = _("RTS/CTS flow control");
      break;
    }

  /* Translators: serial speed and flow control, "115200 bit/s, RTS/CTS flow control" */
  text = g_strdup_printf (C_("serial line", "%s, %s"), speed, flow);
  set_value (self->serial_value, text, NULL);
}

static void
update_routing (FaxPortDetails *self)
{
  FaxPort *port = self->item ? fax_port_item_get_port (self->item) : NULL;
  g_autoptr(GPtrArray) methods = NULL;
  g_autoptr(GError) error = NULL;

  clear_routing_rows (self);

  if (self->item == NULL)
    return;

  update_serial (self);

  if (port == NULL || fax_port_is_closed (port))
    {
      add_routing_row (self, _("Not available"), _("The port is not open"), "routing-none");
      return;
    }

  methods = fax_port_enum_routing_methods (port, &error);
  if (methods == NULL)
    {
      add_routing_row (self, _("Not available"), error->message, "routing-none");
      return;
    }

  for (guint i = 0; i < methods->len; i++)
    {
      FaxRoutingMethod *method = g_ptr_array_index (methods, i);
      const char *info = fax_routing_method_get_routing_info (method);
      g_autofree char *value = NULL;
      g_autofree char *name = g_strdup_printf ("routing-%s", fax_routing_method_get_function_name (method));

      if (fax_routing_method_get_enabled (method))
        value = g_strdup (info);
      else if (info != NULL && info[0] != '\0')
        /* Translators: a routing method that is set up but turned off */
        value = g_strdup_printf (_("Off (%s)"), info);
      else
        value = g_strdup (_("Off"));

      add_routing_row (self, fax_routing_method_get_friendly_name (method), value, name);
    }
}

static void
port_access_cb (FaxPortDetails *self)
{
  update_access (self);
  /* Dropping back to query access follows an edit: routing may have changed */
  update_routing (self);
}

static gboolean
state_is_call (FaxPortState state)
{
  switch (state)
    {
    case FAX_PORT_STATE_RINGING:
    case FAX_PORT_STATE_DIALING:
    case FAX_PORT_STATE_SENDING:
    case FAX_PORT_STATE_RECEIVING:
    case FAX_PORT_STATE_ANSWERED:
    case FAX_PORT_STATE_ROUTING:
    case FAX_PORT_STATE_ABORTING:
      return TRUE;
    default:
      return FALSE;
    }
}

/* The current call, from the port's live FaxDeviceStatus: the other
 * side, the page, the speed. Hidden between calls. */
static void
update_call (FaxPortDetails *self)
{
  GtkWidget *row = gtk_widget_get_ancestor (GTK_WIDGET (self->call_value), ADW_TYPE_ACTION_ROW);
  g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *text = NULL;
  FaxDeviceStatus *status = self->status;
  const char *remote;
  const char *caller;
  guint page, total, rate;

  if (status == NULL || self->info == NULL ||
      !state_is_call (fax_port_info_get_state (self->info)))
    {
      gtk_widget_set_visible (row, FALSE);
      return;
    }

  remote = fax_device_status_get_remote_id (status);
  caller = fax_device_status_get_caller_id (status);
  page = fax_device_status_get_current_page (status);
  total = fax_device_status_get_total_pages (status);
  rate = fax_device_status_get_bit_rate (status);

  if (remote != NULL && remote[0] != '\0')
    /* Translators: the station id of the fax machine at the other end */
    g_ptr_array_add (parts, g_strdup_printf (_("with “%s”"), remote));
  else if (caller != NULL && caller[0] != '\0')
    /* Translators: the caller's number, from caller id */
    g_ptr_array_add (parts, g_strdup_printf (_("from %s"), caller));
  if (page > 0 && total > 0)
    g_ptr_array_add (parts, g_strdup_printf (_("page %u of %u"), MIN (page, total), total));
  else if (page > 0)
    g_ptr_array_add (parts, g_strdup_printf (_("page %u"), page));
  if (rate > 0)
    g_ptr_array_add (parts, g_strdup_printf (_("%u bit/s"), rate));

  if (parts->len == 0)
    {
      gtk_widget_set_visible (row, FALSE);
      return;
    }

  g_ptr_array_add (parts, NULL);
  text = g_strjoinv (", ", (char **)parts->pdata);
  set_value (self->call_value, text, NULL);
  gtk_widget_set_visible (row, TRUE);
}

static void
server_event_cb (FaxPortDetails *self,
                 FaxEvent       *event)
{
  if (self->info != NULL &&
      fax_event_get_device_id (event) == fax_port_info_get_device_id (self->info))
    update_call (self);
}

static void
set_status (FaxPortDetails  *self,
            FaxDeviceStatus *status)
{
  if (self->status != NULL)
    {
      g_clear_signal_handler (&self->status_notify_id, self->status);
      g_clear_object (&self->status);
    }

  if (status != NULL)
    {
      self->status = g_object_ref (status);
      self->status_notify_id = g_signal_connect_object (status, "notify",
                                                        G_CALLBACK (update_call), self,
                                                        G_CONNECT_SWAPPED);
    }

  update_call (self);
}

static void
item_port_cb (FaxPortDetails *self)
{
  FaxPort *port = fax_port_item_get_port (self->item);

  if (self->port != NULL)
    {
      g_clear_signal_handler (&self->port_access_id, self->port);
      g_clear_object (&self->port);
    }

  if (port != NULL)
    {
      self->port = g_object_ref (port);
      self->port_access_id = g_signal_connect_object (port, "notify::access",
                                                      G_CALLBACK (port_access_cb), self,
                                                      G_CONNECT_SWAPPED);
    }

  /* The live call status comes through the query handle */
  {
    g_autoptr(FaxDeviceStatus) status = port ? fax_port_get_device_status (port, NULL) : NULL;
    set_status (self, status);
  }

  update_access (self);
  update_routing (self);
}

static void
error_bar_response_cb (FaxPortDetails *self,
                       int             response)
{
  if (response == GTK_RESPONSE_OK)
    gtk_widget_activate_action (GTK_WIDGET (self), "ports.edit", NULL);
  else
    fax_port_details_show_error (self, NULL);
}

static void
fax_port_details_dispose (GObject *object)
{
  FaxPortDetails *self = (FaxPortDetails *)object;

  fax_port_details_set_item (self, NULL);

  G_OBJECT_CLASS (fax_port_details_parent_class)->dispose (object);
}

static void
fax_port_details_finalize (GObject *object)
{
  FaxPortDetails *self = (FaxPortDetails *)object;

  g_clear_pointer (&self->routing_rows, g_ptr_array_unref);

  G_OBJECT_CLASS (fax_port_details_parent_class)->finalize (object);
}

static void
fax_port_details_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  FaxPortDetails *self = FAX_PORT_DETAILS (object);

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
fax_port_details_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  FaxPortDetails *self = FAX_PORT_DETAILS (object);

  switch (prop_id)
    {
    case PROP_ITEM:
      fax_port_details_set_item (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fax_port_details_class_init (FaxPortDetailsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = fax_port_details_dispose;
  object_class->finalize = fax_port_details_finalize;
  object_class->get_property = fax_port_details_get_property;
  object_class->set_property = fax_port_details_set_property;

  properties[PROP_ITEM] =
    g_param_spec_object ("item", NULL, NULL, FAX_TYPE_PORT_ITEM,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/faxmanager/FaxManager/fax-port-details.ui");
  gtk_widget_class_bind_template_child (widget_class, FaxPortDetails, error_bar);
  gtk_widget_class_bind_template_child (widget_class, FaxPortDetails, error_title);
  gtk_widget_class_bind_template_child (widget_class, FaxPortDetails, error_label);
  gtk_widget_class_bind_template_child (widget_class, FaxPortDetails, icon);
  gtk_widget_class_bind_template_child (widget_class, FaxPortDetails, name_label);
  gtk_widget_class_bind_template_child (widget_class, FaxPortDetails, hardware_label);
  gtk_widget_class_bind_template_child (widget_class, FaxPortDetails, edit_button);
  gtk_widget_class_bind_template_child (widget_class, FaxPortDetails, virtual_note);
  gtk_widget_class_bind_template_child (widget_class, FaxPortDetails, status_group);
  gtk_widget_class_bind_template_child (widget_class, FaxPortDetails, settings_group);
  gtk_widget_class_bind_template_child (widget_class, FaxPortDetails, identity_group);
  gtk_widget_class_bind_template_child (widget_class, FaxPortDetails, routing_group);
  gtk_widget_class_bind_template_child (widget_class, FaxPortDetails, device_group);
  gtk_widget_class_bind_template_callback (widget_class, error_bar_response_cb);
}

static void
fax_port_details_init (FaxPortDetails *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->routing_rows = g_ptr_array_new ();

  gtk_info_bar_add_button (self->error_bar, _("_Try Again"), GTK_RESPONSE_OK);

  self->state_value = add_value_row (self->status_group, _("State"), "value-state");
  self->status_value = add_value_row (self->status_group, _("Activity"), "value-status");
  self->call_value = add_value_row (self->status_group, _("Call"), "value-call");
  self->access_value = add_value_row (self->status_group, _("Access"), "value-access");

  self->receive_value = add_value_row (self->settings_group, _("Receive faxes"), "value-receive");
  self->send_value = add_value_row (self->settings_group, _("Send faxes"), "value-send");
  self->priority_value = add_value_row (self->settings_group, _("Priority for sending"), "value-priority");

  self->tsid_value = add_value_row (self->identity_group, _("Sender ID (TSID)"), "value-tsid");
  self->csid_value = add_value_row (self->identity_group, _("Receiver ID (CSID)"), "value-csid");

  self->path_value = add_value_row (self->device_group, _("Device path"), "value-path");
  self->manufacturer_value = add_value_row (self->device_group, _("Manufacturer"), "value-manufacturer");
  self->model_value = add_value_row (self->device_group, _("Model"), "value-model");
  self->revision_value = add_value_row (self->device_group, _("Revision"), "value-revision");
  self->classes_value = add_value_row (self->device_group, _("Fax classes"), "value-classes");
  self->device_id_value = add_value_row (self->device_group, _("Device ID"), "value-device-id");
  self->serial_value = add_value_row (self->device_group, _("Serial line"), "value-serial");
  self->stable_id_value = add_value_row (self->device_group, _("Identity"), "value-identity");
}

FaxPortItem *
fax_port_details_get_item (FaxPortDetails *self)
{
  g_return_val_if_fail (FAX_IS_PORT_DETAILS (self), NULL);
  return self->item;
}

void
fax_port_details_set_item (FaxPortDetails *self,
                           FaxPortItem    *item)
{
  g_return_if_fail (FAX_IS_PORT_DETAILS (self));
  g_return_if_fail (item == NULL || FAX_IS_PORT_ITEM (item));

  if (self->item == item)
    return;

  fax_port_details_show_error (self, NULL);

  if (self->port != NULL)
    {
      g_clear_signal_handler (&self->port_access_id, self->port);
      g_clear_object (&self->port);
    }
  if (self->info != NULL)
    {
      g_clear_signal_handler (&self->info_notify_id, self->info);
      g_clear_object (&self->info);
    }
  set_status (self, NULL);
  if (self->item != NULL)
    {
      g_clear_signal_handler (&self->server_event_id, fax_port_item_get_server (self->item));
      g_clear_signal_handler (&self->ports_changed_id,
                              fax_server_get_ports (fax_port_item_get_server (self->item)));
      g_clear_signal_handler (&self->item_port_id, self->item);
      g_clear_object (&self->item);
    }

  if (item != NULL)
    {
      self->item = g_object_ref (item);
      self->info = g_object_ref (fax_port_item_get_info (item));
      self->info_notify_id = g_signal_connect_object (self->info, "notify",
                                                      G_CALLBACK (update_info), self,
                                                      G_CONNECT_SWAPPED);
      self->item_port_id = g_signal_connect_object (item, "notify::port",
                                                    G_CALLBACK (item_port_cb), self,
                                                    G_CONNECT_SWAPPED);
      /* The event stream: ringing, pages, the end of a call */
      self->server_event_id = g_signal_connect_object (fax_port_item_get_server (item), "event",
                                                       G_CALLBACK (server_event_cb), self,
                                                       G_CONNECT_SWAPPED);
      /* "Priority 1 of n": n changes as ports come and go */
      self->ports_changed_id = g_signal_connect_object (fax_server_get_ports (fax_port_item_get_server (item)),
                                                        "items-changed",
                                                        G_CALLBACK (update_info), self,
                                                        G_CONNECT_SWAPPED);
      update_info (self);
      item_port_cb (self);
    }
  else if (self->routing_rows != NULL)
    clear_routing_rows (self);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ITEM]);
}

void
fax_port_details_reload (FaxPortDetails *self)
{
  g_return_if_fail (FAX_IS_PORT_DETAILS (self));

  update_info (self);
  update_routing (self);
}

void
fax_port_details_show_error (FaxPortDetails *self,
                             const GError   *error)
{
  g_autofree char *message = NULL;
  const char *title;
  gboolean gone;

  g_return_if_fail (FAX_IS_PORT_DETAILS (self));

  if (error == NULL)
    {
      gtk_info_bar_set_revealed (self->error_bar, FALSE);
      return;
    }

  /* INVALID_HANDLE means another holder while the port is there, and a
   * port that went away otherwise */
  gone = g_error_matches (error, FAX_ERROR, FAX_ERROR_BAD_UNIT) ||
         (g_error_matches (error, FAX_ERROR, FAX_ERROR_INVALID_HANDLE) &&
          (self->info == NULL || fax_port_info_get_state (self->info) == FAX_PORT_STATE_UNAVAILABLE));

  if (gone)
    {
      title = _("This port cannot be edited right now");
      /* The backend speaks of handles; say what to do */
      message = g_strdup_printf (_("%s was disconnected. Connect it again, or start its software modem; "
                                   "Fax Manager notices when it is back, and then it can be edited."),
                                 self->info ? fax_port_info_get_device_name (self->info) : _("The port"));
    }
  else if (g_error_matches (error, FAX_ERROR, FAX_ERROR_INVALID_HANDLE))
    title = _("This port is already being edited");
  else if (g_error_matches (error, FAX_ERROR, FAX_ERROR_ACCESS_DENIED))
    title = _("You may not change this port");
  else
    title = _("This port cannot be edited");

  gtk_label_set_label (self->error_title, title);
  gtk_label_set_label (self->error_label, message ? message : error->message);
  gtk_info_bar_set_revealed (self->error_bar, TRUE);
}
