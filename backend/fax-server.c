/* fax-server.c
 *
 * The local fax server: the modems of this machine. Ports come from udev,
 * from $FAX_MANAGER_DEVICES, from the user's configured extra devices and
 * from devices the server provides itself (the virtual line). Their
 * settings live in a FaxPortStore keyed by each device's stable identity.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <unistd.h>

#include <glib/gi18n-lib.h>

#include "fax-access-lock.h"
#include "fax-device-scan.h"
#include "fax-error.h"
#include "fax-port-info.h"
#include "fax-event-private.h"
#include "fax-device-status-private.h"
#include "fax-server-private.h"
#include "fax-virtual-line.h"

#define DEFAULT_RINGS 2
#define MAX_RINGS     99


G_DEFINE_FINAL_TYPE (FaxServer, fax_server, G_TYPE_OBJECT)

enum {
  PORTS_CHANGED,
  EVENT,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

enum {
  PROP_0,
  PROP_CONNECTED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
fax_port_entry_free (FaxPortEntry *entry)
{
  g_free (entry->stable_id);
  g_free (entry->path);
  g_free (entry->name);
  g_free (entry->manufacturer);
  g_free (entry->model);
  g_free (entry->revision);
  g_free (entry->fax_classes);
  g_free (entry->status_text);
  g_free (entry->speeds);
  g_free (entry->lock_warning);
  g_clear_object (&entry->device);
  g_clear_object (&entry->status);
  g_free (entry);
}

static void
fax_server_dispose (GObject *object)
{
  FaxServer *self = (FaxServer *)object;

  _fax_server_hylafax_dispose (self);
  _fax_server_receive_dispose (self);
  _fax_server_jobs_dispose (self);
  _fax_server_modems_dispose (self);

  G_OBJECT_CLASS (fax_server_parent_class)->dispose (object);
}

static void
fax_server_finalize (GObject *object)
{
  FaxServer *self = (FaxServer *)object;

  g_clear_object (&self->virtual_line);
  g_clear_pointer (&self->machine_name, g_free);
  g_clear_pointer (&self->store, _fax_port_store_free);
  g_clear_pointer (&self->entries, g_ptr_array_unref);
  g_clear_pointer (&self->builtin, g_ptr_array_unref);
  g_clear_object (&self->model);

  G_OBJECT_CLASS (fax_server_parent_class)->finalize (object);
}

static void
fax_server_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  FaxServer *self = FAX_SERVER (object);

  switch (prop_id)
    {
    case PROP_CONNECTED:
      g_value_set_boolean (value, fax_server_get_connected (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fax_server_class_init (FaxServerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = fax_server_dispose;
  object_class->finalize = fax_server_finalize;
  object_class->get_property = fax_server_get_property;

  /**
   * FaxServer:connected:
   *
   * Whether the server can be reached: always for this machine; for a
   * HylaFAX server FALSE while its connection is lost (the server
   * connects again by itself; fax_server_check_connection () says why).
   */
  properties[PROP_CONNECTED] =
    g_param_spec_boolean ("connected", NULL, NULL, TRUE,
                          (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * FaxServer::ports-changed:
   *
   * Emitted when ports appear, disappear, return or change settings.
   */
  signals[PORTS_CHANGED] =
    g_signal_new ("ports-changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);

  /**
   * FaxServer::event:
   * @event: a #FaxEvent
   *
   * The event stream (FaxGetEvent / FAX_EVENT): calls, jobs, devices.
   */
  signals[EVENT] =
    g_signal_new ("event",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, FAX_TYPE_EVENT);
}

static void
fax_server_init (FaxServer *self)
{
  g_autofree char *path = g_build_filename (g_get_user_config_dir (), "fax-manager", "ports.conf", NULL);

  self->store = _fax_port_store_new (path);
  self->entries = g_ptr_array_new_with_free_func ((GDestroyNotify)fax_port_entry_free);
  self->builtin = g_ptr_array_new_with_free_func ((GDestroyNotify)_fax_device_candidate_free);
  self->model = g_list_store_new (FAX_TYPE_PORT_INFO);
  self->next_device_id = 1;
}

static void sync_model (FaxServer *self);

/* Something about the ports changed: update the model, then tell listeners */
void
_fax_server_ports_changed (FaxServer *self)
{
  sync_model (self);
  g_signal_emit (self, signals[PORTS_CHANGED], 0);
}

static gboolean
is_local_name (const char *machine_name)
{
  return machine_name == NULL ||
         machine_name[0] == '\0' ||
         g_ascii_strcasecmp (machine_name, "localhost") == 0 ||
         g_ascii_strcasecmp (machine_name, "local:") == 0 ||
         g_ascii_strcasecmp (machine_name, g_get_host_name ()) == 0;
}

/**
 * fax_server_connect:
 * @machine_name: (nullable): NULL for this machine
 *
 * Connects to a fax server, as FaxConnectFaxServer does.
 *
 * Returns: (transfer full): the server, or NULL with @error set
 */
FaxServer *
fax_server_connect (const char  *machine_name,
                    GError     **error)
{
  g_autoptr(FaxServer) self = NULL;
  g_autoptr(GError) local_error = NULL;

  if (!is_local_name (machine_name))
    return fax_server_connect_with_password (machine_name, NULL, NULL, error);

  self = g_object_new (FAX_TYPE_SERVER, NULL);
  self->machine_name = g_strdup (g_get_host_name ());

  /* A broken settings file is moved aside and reported, but it does not
   * stop the server: the ports are still there. */
  if (!_fax_port_store_reload (self->store, &local_error))
    {
      if (g_file_test (_fax_port_store_get_path (self->store), G_FILE_TEST_EXISTS))
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return NULL;
        }
      g_warning ("%s", local_error->message);
      g_clear_error (&local_error);
    }

  _fax_server_modems_init (self);

  if (!fax_server_refresh (self, error))
    return NULL;

  _fax_server_jobs_init (self);
  _fax_server_receive_init (self);

  return g_steal_pointer (&self);
}

static gboolean
is_hylafax_name (const char *machine_name)
{
  return machine_name != NULL && g_ascii_strncasecmp (machine_name, "hylafax://", 10) == 0;
}

static void
set_bad_name_error (const char  *machine_name,
                    GError     **error)
{
  g_set_error (error, FAX_ERROR, FAX_ERROR_INVALID_PARAMETER,
               _("“%s” is not a fax server address; leave it empty for this computer or write hylafax://[user@]host[:port]"),
               machine_name);
}

/**
 * fax_server_connect_with_password:
 * @machine_name: (nullable): NULL for this machine, or
 *   hylafax://[user@]host[:port] for a HylaFAX server
 * @password: (nullable): the password of the HylaFAX user
 *
 * Like fax_server_connect (), with a password for a HylaFAX server. A
 * HylaFAX server is logged in to and listed once before this returns,
 * which blocks for a network round trip or two: a program with a user
 * interface calls fax_server_connect_async () instead.
 *
 * Returns: (transfer full): the server, or NULL with @error set
 *   (FAX_ERROR_ACCESS_DENIED when the server refused the login)
 */
FaxServer *
fax_server_connect_with_password (const char    *machine_name,
                                  const char    *password,
                                  GCancellable  *cancellable,
                                  GError       **error)
{
  if (is_hylafax_name (machine_name))
    return _fax_server_hylafax_connect (machine_name, password, cancellable, error);
  if (!is_local_name (machine_name))
    {
      set_bad_name_error (machine_name, error);
      return NULL;
    }
  return fax_server_connect (machine_name, error);
}

/**
 * fax_server_connect_async:
 *
 * Connects without blocking; see fax_server_connect_with_password ().
 */
void
fax_server_connect_async (const char          *machine_name,
                          const char          *password,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  GError *error = NULL;
  FaxServer *server;

  if (is_hylafax_name (machine_name))
    {
      _fax_server_hylafax_connect_async (machine_name, password, cancellable, callback, user_data);
      return;
    }

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, fax_server_connect_async);
  server = fax_server_connect_with_password (machine_name, password, cancellable, &error);
  if (server == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, server, g_object_unref);
}

FaxServer *
fax_server_connect_finish (GAsyncResult  *result,
                           GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * fax_server_is_remote:
 *
 * Whether this is a HylaFAX server rather than this machine's modems.
 */
gboolean
fax_server_is_remote (FaxServer *self)
{
  g_return_val_if_fail (FAX_IS_SERVER (self), FALSE);
  return self->remote != NULL;
}

/**
 * fax_server_check_connection:
 *
 * For a HylaFAX server: FALSE with the reason while the server cannot be
 * reached (the connection is tried again every few seconds, and
 * ::event reports FATAL_ERROR when it breaks and IDLE when it is back).
 * Always TRUE for this machine.
 */
gboolean
fax_server_get_connected (FaxServer *self)
{
  g_return_val_if_fail (FAX_IS_SERVER (self), FALSE);
  return self->remote == NULL || _fax_server_hylafax_check (self, NULL);
}

void
_fax_server_notify_connected (FaxServer *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONNECTED]);
}

gboolean
fax_server_check_connection (FaxServer  *self,
                             GError    **error)
{
  g_return_val_if_fail (FAX_IS_SERVER (self), FALSE);
  return self->remote == NULL || _fax_server_hylafax_check (self, error);
}

const char *
fax_server_get_machine_name (FaxServer *self)
{
  g_return_val_if_fail (FAX_IS_SERVER (self), NULL);
  return self->machine_name;
}

FaxPortStore *
_fax_server_get_store (FaxServer *self)
{
  return self->store;
}

FaxPortEntry *
_fax_server_lookup_entry (FaxServer *self,
                          guint32    device_id)
{
  for (guint i = 0; i < self->entries->len; i++)
    {
      FaxPortEntry *entry = g_ptr_array_index (self->entries, i);
      if (entry->device_id == device_id)
        return entry->present ? entry : NULL;
    }
  return NULL;
}

static void
add_candidate (GPtrArray          *candidates,
               GHashTable         *seen,
               FaxDeviceCandidate *candidate)
{
  g_autofree char *real = NULL;

  if (g_hash_table_contains (seen, candidate->stable_id))
    {
      _fax_device_candidate_free (candidate);
      return;
    }

  /* The same node reached through a symlink and through udev is one port */
  real = realpath (candidate->path, NULL);
  if (real != NULL && g_hash_table_contains (seen, real))
    {
      _fax_device_candidate_free (candidate);
      return;
    }

  g_hash_table_add (seen, g_strdup (candidate->stable_id));
  if (real != NULL)
    g_hash_table_add (seen, g_steal_pointer (&real));
  g_ptr_array_add (candidates, candidate);
}

static GPtrArray *
collect_candidates (FaxServer *self)
{
  GPtrArray *candidates = g_ptr_array_new_with_free_func ((GDestroyNotify)_fax_device_candidate_free);
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GPtrArray) udev = _fax_device_scan_udev ();
  g_auto(GStrv) extra = _fax_port_store_get_extra_devices (self->store);
  const char *env = g_getenv ("FAX_MANAGER_DEVICES");

  for (guint i = 0; i < self->builtin->len; i++)
    {
      FaxDeviceCandidate *b = g_ptr_array_index (self->builtin, i);
      FaxDeviceCandidate *c = _fax_device_candidate_new (b->path, b->stable_id, b->name, b->is_virtual);
      c->present = g_file_test (b->path, G_FILE_TEST_EXISTS);
      add_candidate (candidates, seen, c);
    }

  while (udev->len > 0)
    add_candidate (candidates, seen, g_ptr_array_steal_index (udev, 0));

  if (env != NULL)
    {
      g_auto(GStrv) paths = g_strsplit (env, ":", -1);
      for (guint i = 0; paths[i]; i++)
        if (paths[i][0] != '\0')
          add_candidate (candidates, seen, _fax_device_candidate_for_path (paths[i]));
    }

  for (guint i = 0; extra[i]; i++)
    if (extra[i][0] != '\0')
      add_candidate (candidates, seen, _fax_device_candidate_for_path (extra[i]));

  return candidates;
}

/* A view of the entries that does not own them (g_ptr_array_copy () would
 * carry the free function over) */
static GPtrArray *
entries_view (FaxServer *self)
{
  GPtrArray *view = g_ptr_array_sized_new (self->entries->len);

  for (guint i = 0; i < self->entries->len; i++)
    g_ptr_array_add (view, g_ptr_array_index (self->entries, i));
  return view;
}

static gint
compare_priority (gconstpointer a,
                  gconstpointer b,
                  gpointer      user_data)
{
  FaxServer *self = user_data;
  const FaxPortEntry *ea = *(FaxPortEntry **)a;
  const FaxPortEntry *eb = *(FaxPortEntry **)b;
  guint pa = _fax_port_store_get_uint (self->store, ea->stable_id, "priority", G_MAXUINT);
  guint pb = _fax_port_store_get_uint (self->store, eb->stable_id, "priority", G_MAXUINT);

  if (pa == 0)
    pa = G_MAXUINT;
  if (pb == 0)
    pb = G_MAXUINT;
  if (pa != pb)
    return pa < pb ? -1 : 1;
  return ea->seq < eb->seq ? -1 : (ea->seq > eb->seq);
}

/* Priorities are 1..n and unique: order by the saved value, newcomers
 * after the others in the order they were found. */
static gboolean
normalize_priorities (FaxServer *self)
{
  g_autoptr(GPtrArray) order = entries_view (self);
  gboolean changed = FALSE;

  g_ptr_array_sort_with_data (order, compare_priority, self);
  for (guint i = 0; i < order->len; i++)
    {
      FaxPortEntry *entry = g_ptr_array_index (order, i);
      if (entry->priority != i + 1)
        {
          entry->priority = i + 1;
          changed = TRUE;
        }
    }

  return changed;
}

static void
copy_info_into (FaxPortInfo *dest,
                FaxPortInfo *src)
{
  /* Setters notify only on change, so rows bound to @dest update exactly
   * where something changed */
  fax_port_info_set_device_id (dest, fax_port_info_get_device_id (src));
  fax_port_info_set_device_name (dest, fax_port_info_get_device_name (src));
  fax_port_info_set_state (dest, fax_port_info_get_state (src));
  fax_port_info_set_flags (dest, fax_port_info_get_flags (src));
  fax_port_info_set_rings (dest, fax_port_info_get_rings (src));
  fax_port_info_set_priority (dest, fax_port_info_get_priority (src));
  fax_port_info_set_tsid (dest, fax_port_info_get_tsid (src));
  fax_port_info_set_csid (dest, fax_port_info_get_csid (src));
  fax_port_info_set_device_path (dest, fax_port_info_get_device_path (src));
  fax_port_info_set_manufacturer (dest, fax_port_info_get_manufacturer (src));
  fax_port_info_set_model (dest, fax_port_info_get_model (src));
  fax_port_info_set_revision (dest, fax_port_info_get_revision (src));
  fax_port_info_set_fax_classes (dest, fax_port_info_get_fax_classes (src));
  fax_port_info_set_stable_id (dest, fax_port_info_get_stable_id (src));
  fax_port_info_set_status_text (dest, fax_port_info_get_status_text (src));
  fax_port_info_set_speeds (dest, fax_port_info_get_speeds (src));
  fax_port_info_set_warning (dest, fax_port_info_get_warning (src));
}

/* Brings the port model in line with the entries: items of the same
 * device are updated in place, the rest replaced. */
static void
sync_model (FaxServer *self)
{
  guint n_items = g_list_model_get_n_items (G_LIST_MODEL (self->model));
  g_autoptr(GPtrArray) added = g_ptr_array_new_with_free_func (g_object_unref);
  guint i;

  for (i = 0; i < self->entries->len && i < n_items; i++)
    {
      FaxPortEntry *entry = g_ptr_array_index (self->entries, i);
      g_autoptr(FaxPortInfo) item = g_list_model_get_item (G_LIST_MODEL (self->model), i);
      g_autoptr(FaxPortInfo) fresh = NULL;

      if (g_strcmp0 (fax_port_info_get_stable_id (item), entry->stable_id) != 0)
        break;

      fresh = _fax_server_dup_info (self, entry);
      copy_info_into (item, fresh);
    }

  for (guint j = i; j < self->entries->len; j++)
    g_ptr_array_add (added, _fax_server_dup_info (self, g_ptr_array_index (self->entries, j)));

  if (added->len > 0 || i < n_items)
    g_list_store_splice (self->model, i, n_items - i, added->pdata, added->len);
}

/**
 * fax_server_get_ports:
 *
 * The ports as a list model of #FaxPortInfo, kept up to date: items change
 * in place when a port changes state or settings, and are added when
 * devices appear. The objects are the server's: do not change them;
 * copy one with fax_port_info_copy () to edit.
 *
 * Returns: (transfer none): a #GListModel of #FaxPortInfo
 */
GListModel *
fax_server_get_ports (FaxServer *self)
{
  g_return_val_if_fail (FAX_IS_SERVER (self), NULL);
  return G_LIST_MODEL (self->model);
}

/**
 * fax_server_refresh:
 *
 * Looks for devices again: new ones become ports, vanished ones become
 * UNAVAILABLE (their handles fail), returning ones get a new DeviceId.
 */
gboolean
fax_server_refresh (FaxServer  *self,
                    GError    **error)
{
  g_autoptr(GPtrArray) candidates = NULL;
  g_autoptr(GArray) powered_on = g_array_new (FALSE, FALSE, sizeof (guint32));
  g_autoptr(GArray) powered_off = g_array_new (FALSE, FALSE, sizeof (guint32));
  gboolean changed = FALSE;

  g_return_val_if_fail (FAX_IS_SERVER (self), FALSE);

  /* A HylaFAX server: list again now (and try to reach it now) */
  if (self->remote != NULL)
    {
      _fax_server_hylafax_poll_now (self);
      return _fax_server_hylafax_check (self, error);
    }

  candidates = collect_candidates (self);

  for (guint i = 0; i < self->entries->len; i++)
    {
      FaxPortEntry *entry = g_ptr_array_index (self->entries, i);
      FaxDeviceCandidate *found = NULL;

      for (guint j = 0; j < candidates->len; j++)
        {
          FaxDeviceCandidate *c = g_ptr_array_index (candidates, j);
          if (g_strcmp0 (c->stable_id, entry->stable_id) == 0)
            {
              found = c;
              break;
            }
        }

      if (found != NULL && found->present)
        {
          if (!entry->present)
            {
              entry->present = TRUE;
              entry->device_id = self->next_device_id++;
              entry->state = FAX_PORT_STATE_AVAILABLE;
              g_clear_pointer (&entry->status_text, g_free);
              g_array_append_val (powered_on, entry->device_id);
              changed = TRUE;
            }
          entry->mm_candidate = found->mm_candidate;
          if (g_strcmp0 (entry->path, found->path) != 0)
            {
              g_free (entry->path);
              entry->path = g_strdup (found->path);
              changed = TRUE;
            }
        }
      else if (entry->present || entry->state != FAX_PORT_STATE_UNAVAILABLE)
        {
          if (entry->present)
            g_array_append_val (powered_off, entry->device_id);
          entry->present = FALSE;
          entry->state = FAX_PORT_STATE_UNAVAILABLE;
          g_free (entry->status_text);
          entry->status_text = g_strdup_printf (_("Not connected: %s does not exist"), entry->path);
          changed = TRUE;
        }

      if (found != NULL)
        g_ptr_array_remove_fast (candidates, found);
    }

  for (guint i = 0; i < candidates->len; i++)
    {
      FaxDeviceCandidate *c = g_ptr_array_index (candidates, i);
      FaxPortEntry *entry = g_new0 (FaxPortEntry, 1);

      entry->stable_id = g_strdup (c->stable_id);
      entry->path = g_strdup (c->path);
      entry->name = g_strdup (c->name);
      entry->manufacturer = g_strdup (c->vendor);
      entry->model = g_strdup (c->model);
      entry->is_virtual = c->is_virtual;
      entry->present = c->present;
      entry->device_id = self->next_device_id++;
      entry->seq = self->next_seq++;
      entry->state = c->present ? FAX_PORT_STATE_AVAILABLE : FAX_PORT_STATE_UNAVAILABLE;
      entry->mm_candidate = c->mm_candidate;
      if (!c->present)
        entry->status_text = g_strdup_printf (_("Not connected: %s does not exist"), c->path);
      else
        g_array_append_val (powered_on, entry->device_id);
      g_ptr_array_add (self->entries, entry);
      changed = TRUE;
    }

  if (normalize_priorities (self))
    changed = TRUE;

  if (changed)
    _fax_server_ports_changed (self);

  /* Hot-plug in the event stream, after the model shows it (and only
   * when someone listens: the first scan in connect has no listeners) */
  if (g_signal_has_handler_pending (self, signals[EVENT], 0, FALSE))
    {
      for (guint i = 0; i < powered_on->len; i++)
        _fax_server_emit_event (self, FAX_EVENT_MODEM_POWERED_ON, g_array_index (powered_on, guint32, i),
                                0, _("The modem is connected"));
      for (guint i = 0; i < powered_off->len; i++)
        _fax_server_emit_event (self, FAX_EVENT_MODEM_POWERED_OFF, g_array_index (powered_off, guint32, i),
                                0, _("The modem was disconnected"));
    }
  for (guint i = 0; i < powered_on->len; i++)
    _fax_server_modems_port_arrived (self, g_array_index (powered_on, guint32, i));

  _fax_server_modems_watch (self);

  return TRUE;
}

FaxPortInfo *
_fax_server_dup_info (FaxServer    *self,
                      FaxPortEntry *entry)
{
  FaxPortInfo *info;
  FaxPortFlags flags = 0;
  g_autofree char *tsid = NULL;
  g_autofree char *csid = NULL;

  if (self->remote != NULL)
    return _fax_server_hylafax_dup_info (self, entry);

  info = fax_port_info_new ();
  tsid = _fax_port_store_get_string (self->store, entry->stable_id, "tsid");
  csid = _fax_port_store_get_string (self->store, entry->stable_id, "csid");

  if (_fax_port_store_get_boolean (self->store, entry->stable_id, "receive", FALSE))
    flags |= FAX_PORT_FLAG_RECEIVE;
  if (_fax_port_store_get_boolean (self->store, entry->stable_id, "send", TRUE))
    flags |= FAX_PORT_FLAG_SEND;
  if (entry->is_virtual)
    flags |= FAX_PORT_FLAG_VIRTUAL;

  /* Hand-edited files may hold anything; show only what FaxSetPort allows */
  if (tsid != NULL && !fax_station_id_is_valid (tsid, NULL))
    g_clear_pointer (&tsid, g_free);
  if (csid != NULL && !fax_station_id_is_valid (csid, NULL))
    g_clear_pointer (&csid, g_free);

  fax_port_info_set_device_id (info, entry->device_id);
  fax_port_info_set_device_name (info, entry->name);
  fax_port_info_set_state (info, entry->state);
  fax_port_info_set_flags (info, flags);
  fax_port_info_set_rings (info, MIN (_fax_port_store_get_uint (self->store, entry->stable_id, "rings", DEFAULT_RINGS), MAX_RINGS));
  fax_port_info_set_priority (info, entry->priority);
  fax_port_info_set_tsid (info, tsid ? tsid : "");
  fax_port_info_set_csid (info, csid ? csid : "");
  fax_port_info_set_device_path (info, entry->path);
  fax_port_info_set_manufacturer (info, entry->manufacturer);
  fax_port_info_set_model (info, entry->model);
  fax_port_info_set_revision (info, entry->revision);
  fax_port_info_set_fax_classes (info, entry->fax_classes);
  fax_port_info_set_stable_id (info, entry->stable_id);
  fax_port_info_set_status_text (info, entry->status_text);
  fax_port_info_set_speeds (info, entry->speeds);
  {
    g_autofree char *warning = _fax_server_dup_port_warning (self, entry);
    fax_port_info_set_warning (info, warning);
  }

  return info;
}

/**
 * fax_server_enum_ports:
 *
 * FaxEnumPorts: every port of the server, present or not.
 *
 * Returns: (transfer full) (element-type FaxPortInfo): the ports
 */
GPtrArray *
fax_server_enum_ports (FaxServer  *self,
                       GError    **error)
{
  GPtrArray *ret;

  g_return_val_if_fail (FAX_IS_SERVER (self), NULL);

  if (!fax_server_refresh (self, error))
    return NULL;

  ret = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < self->entries->len; i++)
    g_ptr_array_add (ret, _fax_server_dup_info (self, g_ptr_array_index (self->entries, i)));

  return ret;
}

/**
 * fax_server_open_port:
 *
 * FaxOpenPort. Query access is granted for any present port; modify access
 * (which includes query access) is exclusive per port across every handle
 * of every process of this user.
 *
 * Returns: (transfer full): a handle, or NULL with @error set
 */
FaxPort *
fax_server_open_port (FaxServer         *self,
                      guint32            device_id,
                      FaxPortOpenFlags   flags,
                      GError           **error)
{
  FaxPortEntry *entry;
  int lock_fd = -1;

  g_return_val_if_fail (FAX_IS_SERVER (self), NULL);

  if (flags == 0 || (flags & ~(FAX_PORT_OPEN_QUERY | FAX_PORT_OPEN_MODIFY)) != 0)
    {
      g_set_error (error, FAX_ERROR, FAX_ERROR_INVALID_PARAMETER,
                   _("Ports open for query (1), modify (2) or both; %u is neither"),
                   (guint)flags);
      return NULL;
    }

  if (!fax_server_refresh (self, error))
    return NULL;

  entry = _fax_server_lookup_entry (self, device_id);
  if (entry == NULL)
    {
      g_set_error (error, FAX_ERROR, FAX_ERROR_BAD_UNIT,
                   _("There is no fax port with the id %u; list the ports to see their ids"),
                   device_id);
      return NULL;
    }

  if ((flags & FAX_PORT_OPEN_MODIFY) && self->remote != NULL)
    {
      if (!_fax_server_hylafax_open_modify (self, entry, error))
        return NULL;
    }
  else if (flags & FAX_PORT_OPEN_MODIFY)
    {
      if (!entry->is_virtual && access (entry->path, R_OK | W_OK) != 0 && errno == EACCES)
        {
          g_set_error (error, FAX_ERROR, FAX_ERROR_ACCESS_DENIED,
                       _("You are not allowed to use %s. Add your account to the “dialout” group (sudo adduser %s dialout), then log out and in again"),
                       entry->path, g_get_user_name ());
          return NULL;
        }

      lock_fd = _fax_access_lock_acquire (entry->stable_id, entry->name, error);
      if (lock_fd < 0)
        return NULL;
    }

  return _fax_port_new (self, entry, flags | FAX_PORT_OPEN_QUERY, lock_fd);
}

static int
find_port_index_in_order (GPtrArray    *order,
                          FaxPortEntry *entry)
{
  for (guint i = 0; i < order->len; i++)
    if (g_ptr_array_index (order, i) == entry)
      return i;
  return -1;
}

gboolean
_fax_server_apply_info (FaxServer     *self,
                        FaxPortEntry  *entry,
                        FaxPortInfo   *info,
                        GError       **error)
{
  FaxPortFlags flags = fax_port_info_get_flags (info);
  FaxPortFlags allowed = FAX_PORT_FLAG_RECEIVE | FAX_PORT_FLAG_SEND | FAX_PORT_FLAG_VIRTUAL;
  guint rings = fax_port_info_get_rings (info);
  guint priority = fax_port_info_get_priority (info);
  const char *tsid = fax_port_info_get_tsid (info);
  const char *csid = fax_port_info_get_csid (info);
  g_autoptr(GPtrArray) order = NULL;
  g_autoptr(GError) local_error = NULL;

  if (self->remote != NULL)
    return _fax_server_hylafax_apply_info (self, entry, info, error);

  if (fax_port_info_get_device_id (info) != entry->device_id)
    {
      g_set_error (error, FAX_ERROR, FAX_ERROR_INVALID_PARAMETER,
                   _("The DeviceId cannot be changed (%u is not %u)"),
                   fax_port_info_get_device_id (info), entry->device_id);
      return FALSE;
    }

  if (g_strcmp0 (fax_port_info_get_device_name (info), entry->name) != 0)
    {
      g_set_error (error, FAX_ERROR, FAX_ERROR_INVALID_PARAMETER,
                   _("The device name cannot be changed (it stays “%s”)"),
                   entry->name);
      return FALSE;
    }

  if ((flags & ~allowed) != 0)
    {
      g_set_error (error, FAX_ERROR, FAX_ERROR_INVALID_PARAMETER,
                   _("Unknown port flags 0x%x; only receive (1) and send (2) can be set"),
                   (guint)(flags & ~allowed));
      return FALSE;
    }

  if (!!(flags & FAX_PORT_FLAG_VIRTUAL) != !!entry->is_virtual)
    {
      g_set_error_literal (error, FAX_ERROR, FAX_ERROR_INVALID_PARAMETER,
                           _("Whether a port is virtual cannot be changed"));
      return FALSE;
    }

  if (rings > MAX_RINGS)
    {
      g_set_error (error, FAX_ERROR, FAX_ERROR_INVALID_PARAMETER,
                   _("Rings must be between 0 and %u; %u is too many"),
                   MAX_RINGS, rings);
      return FALSE;
    }

  if (priority < 1 || priority > self->entries->len)
    {
      g_set_error (error, FAX_ERROR, FAX_ERROR_INVALID_PARAMETER,
                   _("Priority must be between 1 and %u (the number of ports); %u is outside"),
                   self->entries->len, priority);
      return FALSE;
    }

  if (!fax_station_id_is_valid (tsid, &local_error) ||
      !fax_station_id_is_valid (csid, &local_error))
    {
      g_propagate_prefixed_error (error, g_steal_pointer (&local_error), "%s: ",
                                  fax_station_id_is_valid (tsid, NULL) ? _("CSID") : _("TSID"));
      return FALSE;
    }

  if (!_fax_port_store_begin (self->store, error))
    return FALSE;

  /* The store was just re-read: another process may have saved ports */
  normalize_priorities (self);

  _fax_port_store_set_boolean (self->store, entry->stable_id, "receive", !!(flags & FAX_PORT_FLAG_RECEIVE));
  _fax_port_store_set_boolean (self->store, entry->stable_id, "send", !!(flags & FAX_PORT_FLAG_SEND));
  _fax_port_store_set_uint (self->store, entry->stable_id, "rings", rings);
  _fax_port_store_set_string (self->store, entry->stable_id, "tsid", tsid ? tsid : "");
  _fax_port_store_set_string (self->store, entry->stable_id, "csid", csid ? csid : "");
  if (entry->path != NULL)
    _fax_port_store_set_string (self->store, entry->stable_id, "last-path", entry->path);

  /* Moving one port to a priority shifts the others to keep 1..n unique */
  order = entries_view (self);
  g_ptr_array_sort_with_data (order, compare_priority, self);
  {
    int index = find_port_index_in_order (order, entry);
    g_assert (index >= 0);
    g_ptr_array_remove_index (order, index);
    g_ptr_array_insert (order, priority - 1, entry);
  }
  for (guint i = 0; i < order->len; i++)
    {
      FaxPortEntry *e = g_ptr_array_index (order, i);
      _fax_port_store_set_uint (self->store, e->stable_id, "priority", i + 1);
    }

  if (!_fax_port_store_commit (self->store, error))
    {
      normalize_priorities (self);
      return FALSE;
    }

  normalize_priorities (self);
  _fax_server_ports_changed (self);

  return TRUE;
}

static gboolean
edit_extra_devices (FaxServer   *self,
                    const char  *device_path,
                    gboolean     add,
                    GError     **error)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) current = NULL;
  g_auto(GStrv) paths = NULL;
  gboolean found = FALSE;

  if (self->remote != NULL)
    {
      g_set_error (error, FAX_ERROR, FAX_ERROR_INVALID_PARAMETER,
                   _("The modems of the HylaFAX server %s are configured on that server"),
                   self->machine_name);
      return FALSE;
    }

  if (device_path == NULL || !g_path_is_absolute (device_path))
    {
      g_set_error (error, FAX_ERROR, FAX_ERROR_INVALID_PARAMETER,
                   _("“%s” is not an absolute device path such as /dev/ttyIAX0"),
                   device_path ? device_path : "");
      return FALSE;
    }

  if (strchr (device_path, ';') != NULL || strchr (device_path, '\n') != NULL)
    {
      g_set_error (error, FAX_ERROR, FAX_ERROR_INVALID_PARAMETER,
                   _("Device paths may not contain “;” or line breaks"));
      return FALSE;
    }

  if (!_fax_port_store_begin (self->store, error))
    return FALSE;

  current = _fax_port_store_get_extra_devices (self->store);
  for (guint i = 0; current[i]; i++)
    {
      if (g_str_equal (current[i], device_path))
        {
          found = TRUE;
          if (!add)
            continue;
        }
      g_strv_builder_add (builder, current[i]);
    }

  if (add && !found)
    g_strv_builder_add (builder, device_path);

  if (!add && !found)
    {
      _fax_port_store_rollback (self->store);
      g_set_error (error, FAX_ERROR, FAX_ERROR_BAD_UNIT,
                   _("%s is not one of the added devices"), device_path);
      return FALSE;
    }

  paths = g_strv_builder_end (builder);
  _fax_port_store_set_extra_devices (self->store, (const char * const *)paths);

  if (!_fax_port_store_commit (self->store, error))
    return FALSE;

  if (!add)
    {
      for (guint i = 0; i < self->entries->len; i++)
        {
          FaxPortEntry *entry = g_ptr_array_index (self->entries, i);
          if (g_strcmp0 (entry->stable_id, device_path) == 0)
            {
              g_ptr_array_remove_index (self->entries, i);
              break;
            }
        }
      normalize_priorities (self);
      _fax_server_ports_changed (self);
    }

  return fax_server_refresh (self, error);
}

/**
 * fax_server_add_device:
 *
 * Adds a device path udev does not show (iaxmodem's /dev/ttyIAX0,
 * t38modem's ptys) to the user's configured devices.
 */
gboolean
fax_server_add_device (FaxServer   *self,
                       const char  *device_path,
                       GError     **error)
{
  g_return_val_if_fail (FAX_IS_SERVER (self), FALSE);
  return edit_extra_devices (self, device_path, TRUE, error);
}

gboolean
fax_server_remove_device (FaxServer   *self,
                          const char  *device_path,
                          GError     **error)
{
  g_return_val_if_fail (FAX_IS_SERVER (self), FALSE);
  return edit_extra_devices (self, device_path, FALSE, error);
}

/**
 * fax_server_dup_extra_devices:
 *
 * Returns: (transfer full): the configured extra device paths
 */
char **
fax_server_dup_extra_devices (FaxServer *self)
{
  g_return_val_if_fail (FAX_IS_SERVER (self), NULL);
  return _fax_port_store_get_extra_devices (self->store);
}

guint32
fax_server_lookup_port (FaxServer   *self,
                        const char  *id_or_path,
                        GError     **error)
{
  guint64 id;

  g_return_val_if_fail (FAX_IS_SERVER (self), 0);

  if (!fax_server_refresh (self, error))
    return 0;

  if (id_or_path != NULL &&
      g_ascii_string_to_unsigned (id_or_path, 10, 1, G_MAXUINT32, &id, NULL))
    {
      for (guint i = 0; i < self->entries->len; i++)
        {
          FaxPortEntry *entry = g_ptr_array_index (self->entries, i);
          if (entry->device_id == id)
            return entry->device_id;
        }
    }
  else if (id_or_path != NULL)
    {
      g_autofree char *real = realpath (id_or_path, NULL);

      for (guint i = 0; i < self->entries->len; i++)
        {
          FaxPortEntry *entry = g_ptr_array_index (self->entries, i);
          g_autofree char *entry_real = NULL;

          if (g_strcmp0 (entry->path, id_or_path) == 0 ||
              g_strcmp0 (entry->stable_id, id_or_path) == 0)
            return entry->device_id;

          entry_real = entry->present ? realpath (entry->path, NULL) : NULL;
          if (real != NULL && g_strcmp0 (real, entry_real) == 0)
            return entry->device_id;
        }
    }

  g_set_error (error, FAX_ERROR, FAX_ERROR_BAD_UNIT,
               _("There is no fax port “%s”; give a port id or device path from the list of ports"),
               id_or_path ? id_or_path : "");
  return 0;
}

void
_fax_server_add_builtin_device (FaxServer  *self,
                                const char *path,
                                const char *stable_id,
                                const char *name,
                                gboolean    is_virtual)
{
  g_return_if_fail (FAX_IS_SERVER (self));

  _fax_server_remove_builtin_device (self, stable_id);
  g_ptr_array_add (self->builtin, _fax_device_candidate_new (path, stable_id, name, is_virtual));
  fax_server_refresh (self, NULL);
}

void
_fax_server_remove_builtin_device (FaxServer  *self,
                                   const char *stable_id)
{
  g_return_if_fail (FAX_IS_SERVER (self));

  for (guint i = 0; i < self->builtin->len; i++)
    {
      FaxDeviceCandidate *c = g_ptr_array_index (self->builtin, i);
      if (g_strcmp0 (c->stable_id, stable_id) == 0)
        {
          g_ptr_array_remove_index (self->builtin, i);
          /* A device the server stops providing is gone, not unavailable */
          for (guint j = 0; j < self->entries->len; j++)
            {
              FaxPortEntry *entry = g_ptr_array_index (self->entries, j);
              if (g_strcmp0 (entry->stable_id, stable_id) == 0)
                {
                  g_ptr_array_remove_index (self->entries, j);
                  break;
                }
            }
          normalize_priorities (self);
          _fax_server_ports_changed (self);
          return;
        }
    }
}

FaxPortEntry *
_fax_server_find_entry (FaxServer  *self,
                        const char *stable_id)
{
  for (guint i = 0; i < self->entries->len; i++)
    {
      FaxPortEntry *entry = g_ptr_array_index (self->entries, i);
      if (g_strcmp0 (entry->stable_id, stable_id) == 0)
        return entry;
    }
  return NULL;
}

GPtrArray *
_fax_server_get_entries (FaxServer *self)
{
  return self->entries;
}

FaxDevice *
_fax_server_get_device (FaxServer    *self,
                        FaxPortEntry *entry)
{
  if (entry->device == NULL ||
      g_strcmp0 (_fax_device_get_path (entry->device), entry->path) != 0)
    {
      /* A device still open elsewhere keeps its own reference */
      g_clear_object (&entry->device);
      entry->device = _fax_device_new (entry->path, entry->name);
    }
  if (!_fax_device_is_open (entry->device))
    _fax_server_configure_device (self, entry, entry->device);
  return entry->device;
}

static FaxDeviceStatus *
ensure_status (FaxPortEntry *entry)
{
  if (entry->status == NULL)
    entry->status = g_object_new (FAX_TYPE_DEVICE_STATUS, NULL);
  _fax_device_status_set_device_id (entry->status, entry->device_id);
  return entry->status;
}

void
_fax_server_set_port_state (FaxServer    *self,
                            FaxPortEntry *entry,
                            FaxPortState  state,
                            const char   *status_text)
{
  FaxDeviceStatus *status = ensure_status (entry);

  _fax_device_status_set_state (status, state);
  _fax_device_status_set_status_text (status, status_text);

  if (entry->state == state && g_strcmp0 (entry->status_text, status_text) == 0)
    return;

  entry->state = state;
  g_free (entry->status_text);
  entry->status_text = g_strdup (status_text);
  _fax_server_ports_changed (self);
}

FaxDeviceStatus *
_fax_server_get_status (FaxServer    *self,
                        FaxPortEntry *entry)
{
  return ensure_status (entry);
}

void
_fax_server_emit_event (FaxServer    *self,
                        FaxEventType  type,
                        guint32       device_id,
                        guint32       job_id,
                        const char   *message)
{
  g_autoptr(FaxEvent) event = g_object_new (FAX_TYPE_EVENT, NULL);

  _fax_event_set_event_type (event, type);
  _fax_event_set_timestamp (event, g_get_real_time ());
  _fax_event_set_device_id (event, device_id);
  _fax_event_set_job_id (event, job_id);
  _fax_event_set_message (event, message);

  g_debug ("event %s device %u job %u: %s", fax_event_type_to_nick (type),
           device_id, job_id, message ? message : "");
  g_signal_emit (self, signals[EVENT], 0, event);
}

#define VIRTUAL_LINE_ID_A "virtual-line:A"
#define VIRTUAL_LINE_ID_B "virtual-line:B"

/**
 * fax_server_set_virtual_line_enabled:
 *
 * Shows or removes the virtual fax line: two software Class 1 modems
 * joined by a telephone line, as the ports "Virtual line A" and "Virtual
 * line B" (flag VIRTUAL). The line lives as long as the server or until
 * it is disabled.
 */
gboolean
fax_server_set_virtual_line_enabled (FaxServer  *self,
                                     gboolean    enabled,
                                     GError    **error)
{
  g_return_val_if_fail (FAX_IS_SERVER (self), FALSE);

  if (!!enabled == (self->virtual_line != NULL))
    return TRUE;

  if (self->remote != NULL)
    {
      g_set_error (error, FAX_ERROR, FAX_ERROR_INVALID_PARAMETER,
                   _("The virtual fax line runs on this computer; it cannot be added to the HylaFAX server %s"),
                   self->machine_name);
      return FALSE;
    }

  if (enabled)
    {
      /* FAX_MANAGER_VIRTUAL_LINE_SPEED: a faster clock for tests and demos */
      const char *speed_env = g_getenv ("FAX_MANAGER_VIRTUAL_LINE_SPEED");
      double speed = speed_env ? g_ascii_strtod (speed_env, NULL) : 1.0;
      g_autoptr(FaxVirtualLine) line = NULL;

      if (!(speed >= 1.0 && speed <= 100.0))
        speed = 1.0;
      line = g_initable_new (FAX_TYPE_VIRTUAL_LINE, NULL, error, "speed", speed, NULL);
      if (line == NULL)
        return FALSE;

      self->virtual_line = g_steal_pointer (&line);
      _fax_server_add_builtin_device (self,
                                      fax_virtual_line_get_device_path (self->virtual_line, FAX_VIRTUAL_LINE_END_A),
                                      VIRTUAL_LINE_ID_A, _("Virtual line A"), TRUE);
      _fax_server_add_builtin_device (self,
                                      fax_virtual_line_get_device_path (self->virtual_line, FAX_VIRTUAL_LINE_END_B),
                                      VIRTUAL_LINE_ID_B, _("Virtual line B"), TRUE);
    }
  else
    {
      _fax_server_remove_builtin_device (self, VIRTUAL_LINE_ID_A);
      _fax_server_remove_builtin_device (self, VIRTUAL_LINE_ID_B);
      g_clear_object (&self->virtual_line);
    }

  return TRUE;
}

gboolean
fax_server_get_virtual_line_enabled (FaxServer *self)
{
  g_return_val_if_fail (FAX_IS_SERVER (self), FALSE);
  return self->virtual_line != NULL;
}

/**
 * fax_server_get_virtual_line:
 *
 * Returns: (transfer none) (nullable): the virtual line, if enabled
 */
FaxVirtualLine *
fax_server_get_virtual_line (FaxServer *self)
{
  g_return_val_if_fail (FAX_IS_SERVER (self), NULL);
  return self->virtual_line;
}
