/* fax-port-row.c
 *
 * A row of the port list. It follows its port's FaxPortInfo, which the
 * server updates in place, so state changes show without rebuilding.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "fax-port-row.h"
#include "fax-port-text.h"

struct _FaxPortRow
{
  AdwBin        parent_instance;

  FaxPortItem  *item;
  FaxPortInfo  *info;
  gulong        notify_id;
  const char   *state_style;

  GtkImage     *icon;
  GtkLabel     *name_label;
  GtkLabel     *hardware_label;
  GtkWidget    *state_dot;
  GtkLabel     *state_label;
  GtkWidget    *receive_pill;
  GtkWidget    *send_pill;
  GtkWidget    *virtual_pill;
  GtkWidget    *off_pill;
};

G_DEFINE_FINAL_TYPE (FaxPortRow, fax_port_row, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_ITEM,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
fax_port_row_update (FaxPortRow *self)
{
  FaxPortInfo *info = self->info;
  FaxPortFlags flags;
  FaxPortState state;
  g_autofree char *hardware = NULL;
  g_autofree char *state_text = NULL;
  g_autofree char *description = NULL;
  const char *style;

  if (info == NULL)
    return;

  flags = fax_port_info_get_flags (info);
  state = fax_port_info_get_state (info);
  hardware = fax_port_text_hardware (info);
  state_text = fax_port_text_state (info);

  gtk_image_set_from_icon_name (self->icon, fax_port_text_icon_name (info));
  gtk_label_set_label (self->name_label, fax_port_info_get_device_name (info));
  gtk_label_set_label (self->hardware_label, hardware);
  gtk_label_set_label (self->state_label, state_text);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->state_label), state_text);

  style = fax_port_text_state_style (state);
  if (self->state_style != NULL)
    gtk_widget_remove_css_class (self->state_dot, self->state_style);
  gtk_widget_add_css_class (self->state_dot, style);
  self->state_style = style;

  gtk_widget_set_visible (self->receive_pill, (flags & FAX_PORT_FLAG_RECEIVE) != 0);
  gtk_widget_set_visible (self->send_pill, (flags & FAX_PORT_FLAG_SEND) != 0);
  gtk_widget_set_visible (self->virtual_pill, (flags & FAX_PORT_FLAG_VIRTUAL) != 0);
  gtk_widget_set_visible (self->off_pill, (flags & (FAX_PORT_FLAG_RECEIVE | FAX_PORT_FLAG_SEND)) == 0);

  /* What a screen reader says for the row */
  {
    const char *parts[6];
    guint n = 0;

    parts[n++] = hardware;
    parts[n++] = state_text;
    parts[n++] = (flags & FAX_PORT_FLAG_RECEIVE) ? _("receives faxes") : _("does not receive faxes");
    parts[n++] = (flags & FAX_PORT_FLAG_SEND) ? _("sends faxes") : _("does not send faxes");
    if (flags & FAX_PORT_FLAG_VIRTUAL)
      parts[n++] = _("virtual test line");
    parts[n] = NULL;
    description = g_strjoinv (", ", (char **)parts);
  }
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, fax_port_info_get_device_name (info),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, description,
                                  -1);
}

static void
fax_port_row_dispose (GObject *object)
{
  FaxPortRow *self = (FaxPortRow *)object;

  fax_port_row_set_item (self, NULL);

  G_OBJECT_CLASS (fax_port_row_parent_class)->dispose (object);
}

static void
fax_port_row_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  FaxPortRow *self = FAX_PORT_ROW (object);

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
fax_port_row_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  FaxPortRow *self = FAX_PORT_ROW (object);

  switch (prop_id)
    {
    case PROP_ITEM:
      fax_port_row_set_item (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fax_port_row_class_init (FaxPortRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = fax_port_row_dispose;
  object_class->get_property = fax_port_row_get_property;
  object_class->set_property = fax_port_row_set_property;

  properties[PROP_ITEM] =
    g_param_spec_object ("item", NULL, NULL, FAX_TYPE_PORT_ITEM,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/faxmanager/FaxManager/fax-port-row.ui");
  gtk_widget_class_bind_template_child (widget_class, FaxPortRow, icon);
  gtk_widget_class_bind_template_child (widget_class, FaxPortRow, name_label);
  gtk_widget_class_bind_template_child (widget_class, FaxPortRow, hardware_label);
  gtk_widget_class_bind_template_child (widget_class, FaxPortRow, state_dot);
  gtk_widget_class_bind_template_child (widget_class, FaxPortRow, state_label);
  gtk_widget_class_bind_template_child (widget_class, FaxPortRow, receive_pill);
  gtk_widget_class_bind_template_child (widget_class, FaxPortRow, send_pill);
  gtk_widget_class_bind_template_child (widget_class, FaxPortRow, virtual_pill);
  gtk_widget_class_bind_template_child (widget_class, FaxPortRow, off_pill);
}

static void
fax_port_row_init (FaxPortRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
fax_port_row_new (void)
{
  return g_object_new (FAX_TYPE_PORT_ROW, NULL);
}

FaxPortItem *
fax_port_row_get_item (FaxPortRow *self)
{
  g_return_val_if_fail (FAX_IS_PORT_ROW (self), NULL);
  return self->item;
}

void
fax_port_row_set_item (FaxPortRow  *self,
                       FaxPortItem *item)
{
  g_return_if_fail (FAX_IS_PORT_ROW (self));
  g_return_if_fail (item == NULL || FAX_IS_PORT_ITEM (item));

  if (self->item == item)
    return;

  if (self->info != NULL)
    {
      g_clear_signal_handler (&self->notify_id, self->info);
      g_clear_object (&self->info);
    }

  g_set_object (&self->item, item);

  if (item != NULL)
    {
      self->info = g_object_ref (fax_port_item_get_info (item));
      self->notify_id = g_signal_connect_object (self->info, "notify",
                                                 G_CALLBACK (fax_port_row_update), self,
                                                 G_CONNECT_SWAPPED);
      fax_port_row_update (self);
    }

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ITEM]);
}
