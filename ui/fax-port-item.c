/* fax-port-item.c
 *
 * A port as the window shows it: the server's live FaxPortInfo (updated in
 * place, so its notify signals drive the row and the details) and a QUERY
 * handle, opened for as long as the item is shown and closed with it.
 * The handle is upgraded to MODIFY while the port is edited.
 *
 * Handles are (re)opened from an idle callback, not from inside the port
 * model's signal emission: opening a port refreshes the server, which may
 * update the very model that is emitting.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "fax-port-item.h"

struct _FaxPortItem
{
  GObject      parent_instance;

  FaxServer   *server;
  FaxPortInfo *info;
  FaxPort     *port;
  GError      *open_error;
  guint        open_source;
  gboolean     closed;
};

G_DEFINE_FINAL_TYPE (FaxPortItem, fax_port_item, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_SERVER,
  PROP_INFO,
  PROP_PORT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
set_port (FaxPortItem *self,
          FaxPort     *port,
          GError      *error)
{
  if (self->port != NULL)
    fax_port_close (self->port);

  g_clear_error (&self->open_error);
  self->open_error = error;

  if (g_set_object (&self->port, port))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PORT]);
}

static gboolean
handle_is_current (FaxPortItem *self)
{
  return self->port != NULL &&
         !fax_port_is_closed (self->port) &&
         fax_port_get_device_id (self->port) == fax_port_info_get_device_id (self->info);
}

/* Opens a query handle if the port is there and the one we hold is not
 * for its current DeviceId (a device that returns gets a new one) */
static void
sync_handle (FaxPortItem *self)
{
  g_autoptr(FaxPort) port = NULL;
  GError *error = NULL;

  if (self->closed)
    return;

  /* A port that is gone cannot be used through any handle: close ours,
   * and open a new one when it returns (with a new DeviceId) */
  if (fax_port_info_get_state (self->info) == FAX_PORT_STATE_UNAVAILABLE)
    {
      g_autoptr(FaxPortInfo) current = NULL;

      /* Unavailable but there (in use by another program): keep it */
      if (self->port != NULL && handle_is_current (self))
        current = fax_port_get_info (self->port, NULL);
      if (current == NULL && (self->port != NULL || self->open_error != NULL))
        set_port (self, NULL, NULL);
      return;
    }

  if (handle_is_current (self))
    return;

  port = fax_server_open_port (self->server,
                               fax_port_info_get_device_id (self->info),
                               FAX_PORT_OPEN_QUERY,
                               &error);
  set_port (self, port, error);
}

static gboolean
open_idle_cb (gpointer user_data)
{
  FaxPortItem *self = user_data;

  self->open_source = 0;
  sync_handle (self);

  return G_SOURCE_REMOVE;
}

static void
schedule_sync (FaxPortItem *self)
{
  if (self->open_source == 0 && !self->closed)
    self->open_source = g_idle_add_full (G_PRIORITY_DEFAULT, open_idle_cb, self, NULL);
}

static void
info_changed_cb (FaxPortItem *self)
{
  if (!handle_is_current (self) ||
      fax_port_info_get_state (self->info) == FAX_PORT_STATE_UNAVAILABLE)
    schedule_sync (self);
}

static void
fax_port_item_constructed (GObject *object)
{
  FaxPortItem *self = (FaxPortItem *)object;

  G_OBJECT_CLASS (fax_port_item_parent_class)->constructed (object);

  g_signal_connect_object (self->info, "notify::device-id", G_CALLBACK (info_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->info, "notify::state", G_CALLBACK (info_changed_cb), self, G_CONNECT_SWAPPED);
  schedule_sync (self);
}

static void
fax_port_item_dispose (GObject *object)
{
  FaxPortItem *self = (FaxPortItem *)object;

  fax_port_item_close (self);

  G_OBJECT_CLASS (fax_port_item_parent_class)->dispose (object);
}

static void
fax_port_item_finalize (GObject *object)
{
  FaxPortItem *self = (FaxPortItem *)object;

  g_clear_object (&self->port);
  g_clear_object (&self->info);
  g_clear_object (&self->server);
  g_clear_error (&self->open_error);

  G_OBJECT_CLASS (fax_port_item_parent_class)->finalize (object);
}

static void
fax_port_item_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  FaxPortItem *self = FAX_PORT_ITEM (object);

  switch (prop_id)
    {
    case PROP_SERVER:
      g_value_set_object (value, self->server);
      break;
    case PROP_INFO:
      g_value_set_object (value, self->info);
      break;
    case PROP_PORT:
      g_value_set_object (value, self->port);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fax_port_item_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  FaxPortItem *self = FAX_PORT_ITEM (object);

  switch (prop_id)
    {
    case PROP_SERVER:
      self->server = g_value_dup_object (value);
      break;
    case PROP_INFO:
      self->info = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fax_port_item_class_init (FaxPortItemClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = fax_port_item_constructed;
  object_class->dispose = fax_port_item_dispose;
  object_class->finalize = fax_port_item_finalize;
  object_class->get_property = fax_port_item_get_property;
  object_class->set_property = fax_port_item_set_property;

  properties[PROP_SERVER] =
    g_param_spec_object ("server", NULL, NULL, FAX_TYPE_SERVER,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));
  properties[PROP_INFO] =
    g_param_spec_object ("info", NULL, NULL, FAX_TYPE_PORT_INFO,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));
  properties[PROP_PORT] =
    g_param_spec_object ("port", NULL, NULL, FAX_TYPE_PORT,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
fax_port_item_init (FaxPortItem *self)
{
}

/**
 * fax_port_item_new:
 * @info: the server's live #FaxPortInfo for the port (not a copy)
 */
FaxPortItem *
fax_port_item_new (FaxServer   *server,
                   FaxPortInfo *info)
{
  g_return_val_if_fail (FAX_IS_SERVER (server), NULL);
  g_return_val_if_fail (FAX_IS_PORT_INFO (info), NULL);

  return g_object_new (FAX_TYPE_PORT_ITEM, "server", server, "info", info, NULL);
}

FaxServer *
fax_port_item_get_server (FaxPortItem *self)
{
  g_return_val_if_fail (FAX_IS_PORT_ITEM (self), NULL);
  return self->server;
}

FaxPortInfo *
fax_port_item_get_info (FaxPortItem *self)
{
  g_return_val_if_fail (FAX_IS_PORT_ITEM (self), NULL);
  return self->info;
}

/**
 * fax_port_item_get_port:
 *
 * Returns: (transfer none) (nullable): the handle, NULL while the port is
 *   not connected or could not be opened (see fax_port_item_get_open_error ())
 */
FaxPort *
fax_port_item_get_port (FaxPortItem *self)
{
  g_return_val_if_fail (FAX_IS_PORT_ITEM (self), NULL);
  return self->port;
}

const GError *
fax_port_item_get_open_error (FaxPortItem *self)
{
  g_return_val_if_fail (FAX_IS_PORT_ITEM (self), NULL);
  return self->open_error;
}

/**
 * fax_port_item_request_modify:
 *
 * Upgrades the item's handle to modify access (fax_port_request_modify ()),
 * opening it first if needed. The errors are the backend's:
 * FAX_ERROR_INVALID_HANDLE while another handle (another window, another
 * program) edits the port or when the port is gone, FAX_ERROR_ACCESS_DENIED
 * without the rights on the device, FAX_ERROR_BAD_UNIT when it vanished.
 */
gboolean
fax_port_item_request_modify (FaxPortItem  *self,
                              GError      **error)
{
  g_return_val_if_fail (FAX_IS_PORT_ITEM (self), FALSE);

  if (self->closed)
    {
      g_set_error (error, FAX_ERROR, FAX_ERROR_INVALID_HANDLE,
                   _("%s is no longer shown; select it again"),
                   fax_port_info_get_device_name (self->info));
      return FALSE;
    }

  g_clear_handle_id (&self->open_source, g_source_remove);
  sync_handle (self);

  if (self->port == NULL)
    {
      if (self->open_error != NULL)
        {
          g_propagate_error (error, g_error_copy (self->open_error));
          return FALSE;
        }
      g_set_error (error, FAX_ERROR, FAX_ERROR_BAD_UNIT,
                   _("%s is not connected. Connect the device, then try again"),
                   fax_port_info_get_device_name (self->info));
      return FALSE;
    }

  return fax_port_request_modify (self->port, error);
}

void
fax_port_item_release_modify (FaxPortItem *self)
{
  g_return_if_fail (FAX_IS_PORT_ITEM (self));

  if (self->port != NULL && !fax_port_is_closed (self->port))
    fax_port_release_modify (self->port);
}

/**
 * fax_port_item_close:
 *
 * Closes the handle for good: the item is no longer shown.
 */
void
fax_port_item_close (FaxPortItem *self)
{
  g_return_if_fail (FAX_IS_PORT_ITEM (self));

  self->closed = TRUE;
  g_clear_handle_id (&self->open_source, g_source_remove);
  if (self->port != NULL)
    fax_port_close (self->port);
}
