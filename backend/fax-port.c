/* fax-port.c
 *
 * A FaxPort is a handle, not the device: it names a port by its DeviceId
 * and carries the access it was opened with. Every call checks that the
 * handle is open and that its port is still the one it was opened on
 * (present, same DeviceId); otherwise FAX_ERROR_INVALID_HANDLE.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "fax-access-lock.h"
#include "fax-error.h"
#include "fax-port-info.h"
#include "fax-routing-method-private.h"
#include "fax-server-private.h"

struct _FaxPort
{
  GObject           parent_instance;

  FaxServer        *server;
  char             *stable_id;
  char             *device_name;
  guint32           device_id;
  FaxPortOpenFlags  access;
  int               lock_fd;
  gboolean          closed;
};

G_DEFINE_FINAL_TYPE (FaxPort, fax_port, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_DEVICE_ID,
  PROP_ACCESS,
  PROP_CLOSED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
fax_port_dispose (GObject *object)
{
  FaxPort *self = (FaxPort *)object;

  fax_port_close (self);

  G_OBJECT_CLASS (fax_port_parent_class)->dispose (object);
}

static void
fax_port_finalize (GObject *object)
{
  FaxPort *self = (FaxPort *)object;

  g_clear_object (&self->server);
  g_clear_pointer (&self->stable_id, g_free);
  g_clear_pointer (&self->device_name, g_free);

  G_OBJECT_CLASS (fax_port_parent_class)->finalize (object);
}

static void
fax_port_get_property (GObject    *object,
                       guint       prop_id,
                       GValue     *value,
                       GParamSpec *pspec)
{
  FaxPort *self = FAX_PORT (object);

  switch (prop_id)
    {
    case PROP_DEVICE_ID:
      g_value_set_uint (value, self->device_id);
      break;
    case PROP_ACCESS:
      g_value_set_flags (value, self->access);
      break;
    case PROP_CLOSED:
      g_value_set_boolean (value, self->closed);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fax_port_class_init (FaxPortClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = fax_port_dispose;
  object_class->finalize = fax_port_finalize;
  object_class->get_property = fax_port_get_property;

  properties[PROP_DEVICE_ID] =
    g_param_spec_uint ("device-id", NULL, NULL, 0, G_MAXUINT32, 0,
                       (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
  properties[PROP_ACCESS] =
    g_param_spec_flags ("access", NULL, NULL, FAX_TYPE_PORT_OPEN_FLAGS, FAX_PORT_OPEN_QUERY,
                        (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_CLOSED] =
    g_param_spec_boolean ("closed", NULL, NULL, FALSE,
                          (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
fax_port_init (FaxPort *self)
{
  self->lock_fd = -1;
}

FaxPort *
_fax_port_new (FaxServer        *server,
               FaxPortEntry     *entry,
               FaxPortOpenFlags  access,
               int               lock_fd)
{
  FaxPort *self = g_object_new (FAX_TYPE_PORT, NULL);

  self->server = g_object_ref (server);
  self->stable_id = g_strdup (entry->stable_id);
  self->device_name = g_strdup (entry->name);
  self->device_id = entry->device_id;
  self->access = access;
  self->lock_fd = lock_fd;

  return self;
}

/* The port this handle was opened on, if the handle is still good */
static FaxPortEntry *
check_handle (FaxPort  *self,
              GError  **error)
{
  FaxPortEntry *entry;

  if (self->closed)
    {
      g_set_error (error, FAX_ERROR, FAX_ERROR_INVALID_HANDLE,
                   _("This handle to %s was closed; open the port again"),
                   self->device_name);
      return NULL;
    }

  fax_server_refresh (self->server, NULL);

  entry = _fax_server_lookup_entry (self->server, self->device_id);
  if (entry == NULL || g_strcmp0 (entry->stable_id, self->stable_id) != 0)
    {
      g_set_error (error, FAX_ERROR, FAX_ERROR_INVALID_HANDLE,
                   _("%s was disconnected; this handle is no longer valid. Open the port again once it is back"),
                   self->device_name);
      return NULL;
    }

  return entry;
}

static FaxPortEntry *
check_modify (FaxPort     *self,
              const char  *what,
              GError     **error)
{
  FaxPortEntry *entry = check_handle (self, error);

  if (entry == NULL)
    return NULL;

  if (!(self->access & FAX_PORT_OPEN_MODIFY))
    {
      g_set_error (error, FAX_ERROR, FAX_ERROR_ACCESS_DENIED,
                   _("%s needs modify access to %s; this handle was opened for query only"),
                   what, self->device_name);
      return NULL;
    }

  return entry;
}

/**
 * fax_port_get_info:
 *
 * FaxGetPort.
 *
 * Returns: (transfer full): a snapshot of the port
 */
FaxPortInfo *
fax_port_get_info (FaxPort  *self,
                   GError  **error)
{
  FaxPortEntry *entry;

  g_return_val_if_fail (FAX_IS_PORT (self), NULL);

  entry = check_handle (self, error);
  if (entry == NULL)
    return NULL;

  return _fax_server_dup_info (self->server, entry);
}

/**
 * fax_port_set_info:
 *
 * FaxSetPort: applies the receive/send flags, rings (0-99), priority
 * (1..number of ports; the others move to keep priorities unique), TSID
 * and CSID (printable ASCII, at most 20 characters). DeviceId, DeviceName
 * and the VIRTUAL flag must be left as they are; State and the other
 * informational fields are ignored. Needs modify access.
 */
gboolean
fax_port_set_info (FaxPort      *self,
                   FaxPortInfo  *info,
                   GError      **error)
{
  FaxPortEntry *entry;

  g_return_val_if_fail (FAX_IS_PORT (self), FALSE);

  if (!FAX_IS_PORT_INFO (info))
    {
      g_set_error_literal (error, FAX_ERROR, FAX_ERROR_INVALID_PARAMETER,
                           _("No port information was given"));
      return FALSE;
    }

  entry = check_modify (self, _("Changing port settings"), error);
  if (entry == NULL)
    return FALSE;

  return _fax_server_apply_info (self->server, entry, info, error);
}

/**
 * fax_port_enum_routing_methods:
 *
 * Returns: (transfer full) (element-type FaxRoutingMethod): the routing
 *   methods of the port with their state
 */
GPtrArray *
fax_port_enum_routing_methods (FaxPort  *self,
                               GError  **error)
{
  FaxPortStore *store;
  FaxPortEntry *entry;
  GPtrArray *ret;

  g_return_val_if_fail (FAX_IS_PORT (self), NULL);

  entry = check_handle (self, error);
  if (entry == NULL)
    return NULL;

  store = _fax_server_get_store (self->server);
  ret = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; fax_routing_methods[i].guid; i++)
    {
      const FaxRoutingMethodDesc *desc = &fax_routing_methods[i];
      g_autofree char *enabled_key = g_strconcat ("routing-enabled-", desc->guid, NULL);
      g_autofree char *info_key = g_strconcat ("routing-info-", desc->guid, NULL);
      g_autofree char *info = _fax_port_store_get_string (store, entry->stable_id, info_key);

      if (!_fax_routing_info_validate (desc->guid, info, NULL))
        g_clear_pointer (&info, g_free);

      g_ptr_array_add (ret, _fax_routing_method_new (desc, entry->device_id, entry->name,
                                                     _fax_port_store_get_boolean (store, entry->stable_id, enabled_key, FALSE),
                                                     info));
    }

  return ret;
}

/**
 * fax_port_enable_routing_method:
 *
 * FaxEnableRoutingMethod. A method can be enabled only once it is
 * configured (fax_port_set_routing_info ()). Needs modify access.
 */
gboolean
fax_port_enable_routing_method (FaxPort     *self,
                                const char  *guid,
                                gboolean     enabled,
                                GError     **error)
{
  const FaxRoutingMethodDesc *desc;
  FaxPortStore *store;
  FaxPortEntry *entry;
  g_autofree char *enabled_key = NULL;
  g_autofree char *info_key = NULL;
  g_autofree char *info = NULL;

  g_return_val_if_fail (FAX_IS_PORT (self), FALSE);

  entry = check_modify (self, _("Changing fax routing"), error);
  if (entry == NULL)
    return FALSE;

  if (!_fax_routing_info_validate (guid, NULL, error))
    return FALSE;
  desc = _fax_routing_method_lookup (guid);

  store = _fax_server_get_store (self->server);
  if (!_fax_port_store_begin (store, error))
    return FALSE;

  enabled_key = g_strconcat ("routing-enabled-", desc->guid, NULL);
  info_key = g_strconcat ("routing-info-", desc->guid, NULL);
  info = _fax_port_store_get_string (store, entry->stable_id, info_key);

  if (enabled && (info == NULL || info[0] == '\0'))
    {
      _fax_port_store_rollback (store);
      g_set_error (error, FAX_ERROR, FAX_ERROR_INVALID_PARAMETER,
                   _("“%s” needs its setting (a folder, printer or address) before it can be turned on"),
                   g_dgettext (GETTEXT_PACKAGE, desc->friendly_name));
      return FALSE;
    }

  _fax_port_store_set_boolean (store, entry->stable_id, enabled_key, !!enabled);
  return _fax_port_store_commit (store, error);
}

/**
 * fax_port_set_routing_info:
 * @routing_info: a folder (absolute path) for "store in a folder", a
 *   printer name for "print", an address for "e-mail"
 *
 * FaxSetRoutingInfo. Needs modify access. Clearing the setting of an
 * enabled method turns the method off.
 */
gboolean
fax_port_set_routing_info (FaxPort     *self,
                           const char  *guid,
                           const char  *routing_info,
                           GError     **error)
{
  const FaxRoutingMethodDesc *desc;
  FaxPortStore *store;
  FaxPortEntry *entry;
  g_autofree char *enabled_key = NULL;
  g_autofree char *info_key = NULL;

  g_return_val_if_fail (FAX_IS_PORT (self), FALSE);

  entry = check_modify (self, _("Changing fax routing"), error);
  if (entry == NULL)
    return FALSE;

  if (!_fax_routing_info_validate (guid, routing_info, error))
    return FALSE;
  desc = _fax_routing_method_lookup (guid);

  store = _fax_server_get_store (self->server);
  if (!_fax_port_store_begin (store, error))
    return FALSE;

  enabled_key = g_strconcat ("routing-enabled-", desc->guid, NULL);
  info_key = g_strconcat ("routing-info-", desc->guid, NULL);

  if (routing_info == NULL || routing_info[0] == '\0')
    {
      _fax_port_store_set_string (store, entry->stable_id, info_key, NULL);
      _fax_port_store_set_boolean (store, entry->stable_id, enabled_key, FALSE);
    }
  else
    _fax_port_store_set_string (store, entry->stable_id, info_key, routing_info);

  return _fax_port_store_commit (store, error);
}

/**
 * fax_port_request_modify:
 *
 * Upgrades a query handle to modify access, with the same rules as
 * opening the port for modify.
 */
gboolean
fax_port_request_modify (FaxPort  *self,
                         GError  **error)
{
  g_autoptr(FaxPort) other = NULL;

  g_return_val_if_fail (FAX_IS_PORT (self), FALSE);

  if (check_handle (self, error) == NULL)
    return FALSE;

  if (self->access & FAX_PORT_OPEN_MODIFY)
    return TRUE;

  other = fax_server_open_port (self->server, self->device_id, FAX_PORT_OPEN_MODIFY, error);
  if (other == NULL)
    return FALSE;

  /* Take over the lock of the temporary handle */
  self->lock_fd = other->lock_fd;
  other->lock_fd = -1;
  self->access |= FAX_PORT_OPEN_MODIFY;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ACCESS]);

  return TRUE;
}

/**
 * fax_port_release_modify:
 *
 * Drops back to query access; another handle may then modify the port.
 */
void
fax_port_release_modify (FaxPort *self)
{
  g_return_if_fail (FAX_IS_PORT (self));

  if (!(self->access & FAX_PORT_OPEN_MODIFY))
    return;

  _fax_access_lock_release (self->lock_fd);
  self->lock_fd = -1;
  self->access &= ~FAX_PORT_OPEN_MODIFY;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ACCESS]);
}

/**
 * fax_port_close:
 *
 * FaxClose: releases the handle's access. Idempotent; every later call on
 * the handle fails with FAX_ERROR_INVALID_HANDLE.
 */
void
fax_port_close (FaxPort *self)
{
  g_return_if_fail (FAX_IS_PORT (self));

  if (self->closed)
    return;

  _fax_access_lock_release (self->lock_fd);
  self->lock_fd = -1;
  self->closed = TRUE;
  self->access = 0;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ACCESS]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CLOSED]);
}

gboolean
fax_port_is_closed (FaxPort *self)
{
  g_return_val_if_fail (FAX_IS_PORT (self), TRUE);
  return self->closed;
}

FaxPortOpenFlags
fax_port_get_access (FaxPort *self)
{
  g_return_val_if_fail (FAX_IS_PORT (self), 0);
  return self->access;
}

/**
 * fax_port_get_device_status:
 *
 * Returns: (transfer full): the port's status object; it stays live
 *   (notify signals) while the server runs
 */
FaxDeviceStatus *
fax_port_get_device_status (FaxPort  *self,
                            GError  **error)
{
  FaxPortEntry *entry;

  g_return_val_if_fail (FAX_IS_PORT (self), NULL);

  entry = check_handle (self, error);
  if (entry == NULL)
    return NULL;

  return g_object_ref (_fax_server_get_status (self->server, entry));
}

guint32
fax_port_get_device_id (FaxPort *self)
{
  g_return_val_if_fail (FAX_IS_PORT (self), 0);
  return self->device_id;
}

/**
 * fax_port_get_device_options:
 *
 * The serial line settings of the port (speed, flow control).
 *
 * Returns: (transfer full): a snapshot of the port's options
 */
FaxDeviceOptions *
fax_port_get_device_options (FaxPort  *self,
                             GError  **error)
{
  FaxDeviceOptions *options;
  FaxPortStore *store;
  FaxPortEntry *entry;
  FaxFlowControl flow_control;
  g_autofree char *flow = NULL;

  g_return_val_if_fail (FAX_IS_PORT (self), NULL);

  entry = check_handle (self, error);
  if (entry == NULL)
    return NULL;

  store = _fax_server_get_store (self->server);
  options = fax_device_options_new ();
  fax_device_options_set_speed (options, _fax_port_store_get_uint (store, entry->stable_id, "device-speed", 0));
  flow = _fax_port_store_get_string (store, entry->stable_id, "device-flow-control");
  if (fax_flow_control_from_nick (flow, &flow_control))
    fax_device_options_set_flow_control (options, flow_control);

  /* A hand-edited file with a speed we do not drive: automatic */
  if (!fax_device_options_validate (options, NULL))
    fax_device_options_set_speed (options, 0);

  return options;
}

/**
 * fax_port_set_device_options:
 *
 * Applies the serial line settings. Needs modify access; an invalid
 * speed or flow control fails with FAX_ERROR_INVALID_PARAMETER and
 * changes nothing. They take effect the next time the device is opened.
 */
gboolean
fax_port_set_device_options (FaxPort           *self,
                             FaxDeviceOptions  *options,
                             GError           **error)
{
  FaxPortStore *store;
  FaxPortEntry *entry;

  g_return_val_if_fail (FAX_IS_PORT (self), FALSE);
  g_return_val_if_fail (FAX_IS_DEVICE_OPTIONS (options), FALSE);

  entry = check_modify (self, _("Changing the serial line settings"), error);
  if (entry == NULL)
    return FALSE;

  if (!fax_device_options_validate (options, error))
    return FALSE;

  store = _fax_server_get_store (self->server);
  if (!_fax_port_store_begin (store, error))
    return FALSE;

  _fax_port_store_set_uint (store, entry->stable_id, "device-speed",
                            fax_device_options_get_speed (options));
  _fax_port_store_set_string (store, entry->stable_id, "device-flow-control",
                              fax_flow_control_to_nick (fax_device_options_get_flow_control (options)));

  return _fax_port_store_commit (store, error);
}
