/* fax-device-options.c
 *
 * The serial line settings of a port: its speed and flow control. They are
 * port settings like the FAX_PORT_INFO fields (kept by the server per
 * device identity, changed through a handle with modify access:
 * fax_port_set_device_options ()), but not part of FaxSetPort.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "fax-device-options.h"
#include "fax-error.h"

struct _FaxDeviceOptions
{
  GObject         parent_instance;

  guint           speed;
  FaxFlowControl  flow_control;
};

G_DEFINE_FINAL_TYPE (FaxDeviceOptions, fax_device_options, G_TYPE_OBJECT)

G_DEFINE_ENUM_TYPE (FaxFlowControl, fax_flow_control,
  G_DEFINE_ENUM_VALUE (FAX_FLOW_CONTROL_HARDWARE, "hardware"),
  G_DEFINE_ENUM_VALUE (FAX_FLOW_CONTROL_SOFTWARE, "software"),
  G_DEFINE_ENUM_VALUE (FAX_FLOW_CONTROL_NONE, "none"))

enum {
  PROP_0,
  PROP_SPEED,
  PROP_FLOW_CONTROL,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const guint valid_speeds[] = { 9600, 19200, 38400, 57600, 115200, 230400, 0 };

static void
fax_device_options_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  FaxDeviceOptions *self = FAX_DEVICE_OPTIONS (object);

  switch (prop_id)
    {
    case PROP_SPEED:
      g_value_set_uint (value, self->speed);
      break;
    case PROP_FLOW_CONTROL:
      g_value_set_enum (value, self->flow_control);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fax_device_options_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  FaxDeviceOptions *self = FAX_DEVICE_OPTIONS (object);

  switch (prop_id)
    {
    case PROP_SPEED:
      fax_device_options_set_speed (self, g_value_get_uint (value));
      break;
    case PROP_FLOW_CONTROL:
      fax_device_options_set_flow_control (self, g_value_get_enum (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fax_device_options_class_init (FaxDeviceOptionsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = fax_device_options_get_property;
  object_class->set_property = fax_device_options_set_property;

  /**
   * FaxDeviceOptions:speed:
   *
   * The serial speed in bit/s, one of fax_device_options_get_valid_speeds ();
   * 0 for automatic.
   */
  properties[PROP_SPEED] =
    g_param_spec_uint ("speed", NULL, NULL, 0, G_MAXUINT, 0,
                       (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_FLOW_CONTROL] =
    g_param_spec_enum ("flow-control", NULL, NULL, FAX_TYPE_FLOW_CONTROL, FAX_FLOW_CONTROL_HARDWARE,
                       (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
fax_device_options_init (FaxDeviceOptions *self)
{
  self->speed = 0;
  self->flow_control = FAX_FLOW_CONTROL_HARDWARE;
}

const guint *
fax_device_options_get_valid_speeds (void)
{
  return valid_speeds;
}

FaxDeviceOptions *
fax_device_options_new (void)
{
  return g_object_new (FAX_TYPE_DEVICE_OPTIONS, NULL);
}

FaxDeviceOptions *
fax_device_options_copy (FaxDeviceOptions *self)
{
  FaxDeviceOptions *copy;

  g_return_val_if_fail (FAX_IS_DEVICE_OPTIONS (self), NULL);

  copy = fax_device_options_new ();
  copy->speed = self->speed;
  copy->flow_control = self->flow_control;
  return copy;
}

gboolean
fax_device_options_equal (FaxDeviceOptions *a,
                          FaxDeviceOptions *b)
{
  g_return_val_if_fail (FAX_IS_DEVICE_OPTIONS (a), FALSE);
  g_return_val_if_fail (FAX_IS_DEVICE_OPTIONS (b), FALSE);

  return a->speed == b->speed && a->flow_control == b->flow_control;
}

guint
fax_device_options_get_speed (FaxDeviceOptions *self)
{
  g_return_val_if_fail (FAX_IS_DEVICE_OPTIONS (self), 0);
  return self->speed;
}

/* Any value is kept, so that fax_device_options_validate () can name it */
void
fax_device_options_set_speed (FaxDeviceOptions *self,
                              guint             speed)
{
  g_return_if_fail (FAX_IS_DEVICE_OPTIONS (self));

  if (self->speed == speed)
    return;
  self->speed = speed;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SPEED]);
}

FaxFlowControl
fax_device_options_get_flow_control (FaxDeviceOptions *self)
{
  g_return_val_if_fail (FAX_IS_DEVICE_OPTIONS (self), FAX_FLOW_CONTROL_HARDWARE);
  return self->flow_control;
}

void
fax_device_options_set_flow_control (FaxDeviceOptions *self,
                                     FaxFlowControl    flow_control)
{
  g_return_if_fail (FAX_IS_DEVICE_OPTIONS (self));

  if (self->flow_control == flow_control)
    return;
  self->flow_control = flow_control;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FLOW_CONTROL]);
}

gboolean
fax_device_options_validate (FaxDeviceOptions  *self,
                             GError           **error)
{
  gboolean speed_ok = self->speed == 0;

  g_return_val_if_fail (FAX_IS_DEVICE_OPTIONS (self), FALSE);

  for (guint i = 0; valid_speeds[i] != 0; i++)
    if (self->speed == valid_speeds[i])
      speed_ok = TRUE;

  if (!speed_ok)
    {
      g_set_error (error, FAX_ERROR, FAX_ERROR_INVALID_PARAMETER,
                   _("%u bit/s is not a serial speed for a fax modem; use 9600, 19200, 38400, 57600, 115200 or 230400, or 0 for automatic"),
                   self->speed);
      return FALSE;
    }

  if (fax_flow_control_to_nick (self->flow_control) == NULL)
    {
      g_set_error (error, FAX_ERROR, FAX_ERROR_INVALID_PARAMETER,
                   _("Unknown flow control %d; use hardware (RTS/CTS), software (XON/XOFF) or none"),
                   (int)self->flow_control);
      return FALSE;
    }

  return TRUE;
}

const char *
fax_flow_control_to_nick (FaxFlowControl flow_control)
{
  GEnumClass *klass = g_type_class_ref (FAX_TYPE_FLOW_CONTROL);
  GEnumValue *value = g_enum_get_value (klass, flow_control);

  g_type_class_unref (klass);
  return value ? value->value_nick : NULL;
}

gboolean
fax_flow_control_from_nick (const char     *nick,
                            FaxFlowControl *flow_control)
{
  GEnumClass *klass;
  GEnumValue *value;

  if (nick == NULL)
    return FALSE;

  klass = g_type_class_ref (FAX_TYPE_FLOW_CONTROL);
  value = g_enum_get_value_by_nick (klass, nick);
  g_type_class_unref (klass);

  if (value == NULL)
    return FALSE;
  if (flow_control != NULL)
    *flow_control = value->value;
  return TRUE;
}
