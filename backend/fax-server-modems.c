/* fax-server-modems.c
 *
 * The server's modem management: hot-plug (udev uevents for the tty
 * subsystem, file monitors for the extra device paths udev does not know),
 * ModemManager (which opens new serial devices and talks AT to them), and
 * identification of the modems behind the ports.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <gudev/gudev.h>
#include <glib/gi18n-lib.h>

#include "fax-error.h"
#include "fax-modem.h"
#include "fax-server-private.h"

/* A port locked by another program is identified again after this long */
#define RETRY_SECONDS 30

#define MM_BUS_NAME "org.freedesktop.ModemManager1"

struct _FaxServerModems
{
  GUdevClient  *udev;
  GHashTable   *monitors;     /* path -> GFileMonitor */
  guint         refresh_id;
  guint         mm_watch;
  gboolean      mm_running;
  GHashTable   *retries;      /* stable id -> timeout source id */
  GCancellable *cancellable;  /* identification in progress */
  gboolean      auto_identify;
  guint         start_id;
  gboolean      watching;
};

static gboolean
refresh_idle_cb (gpointer user_data)
{
  FaxServer *self = user_data;
  g_autoptr(GError) error = NULL;

  self->modems->refresh_id = 0;
  if (!fax_server_refresh (self, &error))
    g_warning ("Cannot update the list of ports: %s", error->message);
  return G_SOURCE_REMOVE;
}

static void
schedule_refresh (FaxServer *self)
{
  /* Several events arrive together (a USB modem brings its tty and its
   * interfaces): look once */
  if (self->modems->refresh_id == 0)
    self->modems->refresh_id = g_idle_add (refresh_idle_cb, self);
}

static void
uevent_cb (GUdevClient *client,
           const char  *action,
           GUdevDevice *device,
           gpointer     user_data)
{
  g_debug ("udev %s %s", action, g_udev_device_get_device_file (device));
  schedule_refresh (user_data);
}

static void
monitor_changed_cb (GFileMonitor      *monitor,
                    GFile             *file,
                    GFile             *other_file,
                    GFileMonitorEvent  event,
                    gpointer           user_data)
{
  switch (event)
    {
    case G_FILE_MONITOR_EVENT_CREATED:
    case G_FILE_MONITOR_EVENT_DELETED:
    case G_FILE_MONITOR_EVENT_MOVED:
    case G_FILE_MONITOR_EVENT_MOVED_IN:
    case G_FILE_MONITOR_EVENT_MOVED_OUT:
    case G_FILE_MONITOR_EVENT_RENAMED:
    case G_FILE_MONITOR_EVENT_UNMOUNTED:
      schedule_refresh (user_data);
      break;
    default:
      break;
    }
}

void
_fax_server_modems_watch (FaxServer *self)
{
  FaxServerModems *modems = self->modems;
  g_autoptr(GHashTable) wanted = NULL;
  GHashTableIter iter;
  gpointer key;

  if (modems == NULL || !modems->watching)
    return;

  wanted = g_hash_table_new (g_str_hash, g_str_equal);

  /* Ports known by their path (extra devices, software modems) */
  for (guint i = 0; i < self->entries->len; i++)
    {
      FaxPortEntry *entry = g_ptr_array_index (self->entries, i);

      if (entry->is_virtual || entry->stable_id[0] != '/')
        continue;
      g_hash_table_add (wanted, entry->stable_id);

      if (!g_hash_table_contains (modems->monitors, entry->stable_id))
        {
          g_autoptr(GFile) file = g_file_new_for_path (entry->stable_id);
          g_autoptr(GError) error = NULL;
          GFileMonitor *monitor = g_file_monitor_file (file, G_FILE_MONITOR_NONE, NULL, &error);

          if (monitor == NULL)
            {
              g_debug ("Cannot watch %s: %s", entry->stable_id, error->message);
              continue;
            }
          g_signal_connect (monitor, "changed", G_CALLBACK (monitor_changed_cb), self);
          g_hash_table_insert (modems->monitors, g_strdup (entry->stable_id), monitor);
        }
    }

  g_hash_table_iter_init (&iter, modems->monitors);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    if (!g_hash_table_contains (wanted, key))
      g_hash_table_iter_remove (&iter);
}

static void
drop_monitor (gpointer data)
{
  GFileMonitor *monitor = data;

  g_signal_handlers_disconnect_matched (monitor, G_SIGNAL_MATCH_FUNC, 0, 0, NULL, monitor_changed_cb, NULL);
  g_file_monitor_cancel (monitor);
  g_object_unref (monitor);
}

static void
mm_appeared_cb (GDBusConnection *connection,
                const char      *name,
                const char      *owner,
                gpointer         user_data)
{
  FaxServer *self = user_data;

  if (self->modems->mm_running)
    return;
  self->modems->mm_running = TRUE;
  _fax_server_ports_changed (self);
}

static void
mm_vanished_cb (GDBusConnection *connection,
                const char      *name,
                gpointer         user_data)
{
  FaxServer *self = user_data;

  if (!self->modems->mm_running)
    return;
  self->modems->mm_running = FALSE;
  _fax_server_ports_changed (self);
}

/* Watching starts with the main loop: a one-shot program (faxctl ports,
 * port set) never pays for the udev monitor, the inotify watches and the
 * D-Bus connection, and neither does a forked child that never runs one */
static gboolean
start_watching_cb (gpointer user_data)
{
  FaxServer *self = user_data;
  FaxServerModems *modems = self->modems;
  const char *mm_bus = g_getenv ("FAX_MANAGER_MODEMMANAGER_BUS");

  modems->start_id = 0;
  /* A HylaFAX server's modems are the server's business, not this machine's */
  if (fax_server_is_remote (self))
    return G_SOURCE_REMOVE;
  modems->watching = TRUE;

  if (g_getenv ("FAX_MANAGER_NO_UDEV") == NULL)
    {
      static const char *subsystems[] = { "tty", NULL };

      modems->udev = g_udev_client_new (subsystems);
      g_signal_connect (modems->udev, "uevent", G_CALLBACK (uevent_cb), self);
    }

  /* The session bus only for tests, which cannot own names on the system bus */
  modems->mm_watch = g_bus_watch_name (g_strcmp0 (mm_bus, "session") == 0 ? G_BUS_TYPE_SESSION : G_BUS_TYPE_SYSTEM,
                                       MM_BUS_NAME, G_BUS_NAME_WATCHER_FLAGS_NONE,
                                       mm_appeared_cb, mm_vanished_cb, self, NULL);

  _fax_server_modems_watch (self);

  /* What changed before we watched */
  schedule_refresh (self);
  return G_SOURCE_REMOVE;
}

void
_fax_server_modems_init (FaxServer *self)
{
  FaxServerModems *modems = g_new0 (FaxServerModems, 1);

  self->modems = modems;
  modems->monitors = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, drop_monitor);
  modems->retries = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  modems->cancellable = g_cancellable_new ();
  modems->start_id = g_idle_add_full (G_PRIORITY_DEFAULT, start_watching_cb, self, NULL);
}

void
_fax_server_modems_dispose (FaxServer *self)
{
  FaxServerModems *modems = self->modems;
  GHashTableIter iter;
  gpointer value;

  if (modems == NULL)
    return;

  g_cancellable_cancel (modems->cancellable);
  g_clear_object (&modems->cancellable);
  if (modems->udev != NULL)
    g_signal_handlers_disconnect_by_data (modems->udev, self);
  g_clear_object (&modems->udev);
  g_clear_handle_id (&modems->refresh_id, g_source_remove);
  g_clear_handle_id (&modems->start_id, g_source_remove);
  g_clear_handle_id (&modems->mm_watch, g_bus_unwatch_name);
  g_hash_table_iter_init (&iter, modems->retries);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    g_source_remove (GPOINTER_TO_UINT (value));
  g_hash_table_unref (modems->retries);
  g_hash_table_unref (modems->monitors);
  g_clear_pointer (&self->modems, g_free);
}

gboolean
fax_server_get_modem_manager_running (FaxServer *self)
{
  g_return_val_if_fail (FAX_IS_SERVER (self), FALSE);
  return self->modems != NULL && self->modems->mm_running;
}

char *
_fax_server_dup_port_warning (FaxServer    *self,
                              FaxPortEntry *entry)
{
  g_autoptr(GString) text = g_string_new (NULL);

  if (entry->mm_candidate && self->modems != NULL && self->modems->mm_running)
    g_string_append_printf (text,
                            _("ModemManager is running and may open %s and send it commands while Fax Manager uses it. "
                              "To keep it away, install the udev rule 61-fax-manager-modemmanager.rules as the README explains."),
                            entry->path);

  /* From identification, or from the device open right now (a call, the
   * receiver waiting for RING) */
  {
    const char *lock_warning = entry->lock_warning;

    if (lock_warning == NULL && entry->device != NULL)
      lock_warning = _fax_device_get_lock_warning (entry->device);
    if (lock_warning != NULL)
      {
        if (text->len > 0)
          g_string_append_c (text, ' ');
        g_string_append (text, lock_warning);
      }
  }

  if (text->len == 0)
    return NULL;
  return g_string_free (g_steal_pointer (&text), FALSE);
}

/* The port's serial line options (fax_port_set_device_options (): keys
 * device-speed, 0 for automatic, and device-flow-control) */
static guint
configured_speed (FaxServer    *self,
                  FaxPortEntry *entry)
{
  guint speed = _fax_port_store_get_uint (_fax_server_get_store (self), entry->stable_id, "device-speed", 0);
  const guint *valid = fax_device_options_get_valid_speeds ();

  for (guint i = 0; valid[i] != 0; i++)
    if (valid[i] == speed)
      return speed;
  return 0;
}

void
_fax_server_configure_device (FaxServer    *self,
                              FaxPortEntry *entry,
                              FaxDevice    *device)
{
  g_autofree char *flow_name = _fax_port_store_get_string (_fax_server_get_store (self), entry->stable_id,
                                                           "device-flow-control");
  FaxFlowControl flow = FAX_FLOW_CONTROL_HARDWARE;
  guint speed = configured_speed (self, entry);

  /* Automatic: what identification found the modem answering at (0,
   * the default 19200, until then) */
  if (speed == 0)
    speed = entry->detected_speed;
  if (flow_name == NULL || !fax_flow_control_from_nick (flow_name, &flow))
    flow = FAX_FLOW_CONTROL_HARDWARE;
  /* The virtual line's ptys have no modem lines: as the engine always had it */
  if (entry->is_virtual)
    flow = FAX_FLOW_CONTROL_NONE;

  _fax_device_set_line (device, speed, flow);
}

/* Identification of ports */

typedef struct
{
  FaxServer *server;
  guint      pending;
} IdentifyAll;

typedef struct
{
  GTask     *task;       /* IdentifyAll's */
  char      *stable_id;
  FaxDevice *device;
  FaxModem  *modem;
} IdentifyOne;

static guint
probe_timeout (void)
{
  const char *env = g_getenv ("FAX_MANAGER_PROBE_TIMEOUT");
  guint64 ms;

  if (env != NULL && g_ascii_string_to_unsigned (env, 10, 100, 60000, &ms, NULL))
    return (guint)ms;
  return FAX_MODEM_DEFAULT_TIMEOUT;
}

static void identify_port (FaxServer *self, FaxPortEntry *entry, GTask *task);
static gboolean valid_reset (const char *reset);

static void
one_done (IdentifyOne *one)
{
  IdentifyAll *all = g_task_get_task_data (one->task);

  if (one->modem != NULL)
    {
      fax_modem_close (one->modem);
      g_clear_object (&one->modem);
    }
  if (one->device != NULL)
    {
      _fax_device_set_busy (one->device, FALSE);
      _fax_device_close (one->device);
      g_clear_object (&one->device);
    }

  if (--all->pending == 0)
    g_task_return_boolean (one->task, TRUE);

  g_object_unref (one->task);
  g_free (one->stable_id);
  g_free (one);
}

static void
identify_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  IdentifyOne *one = user_data;
  IdentifyAll *all = g_task_get_task_data (one->task);
  FaxServer *self = all->server;
  g_autoptr(GError) error = NULL;
  g_autoptr(FaxModemIdentity) identity = fax_modem_identify_finish (FAX_MODEM (source), result, &error);
  FaxPortEntry *entry = self->modems ? _fax_server_find_entry (self, one->stable_id) : NULL;

  if (entry == NULL || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      one_done (one);
      return;
    }

  g_clear_pointer (&entry->lock_warning, g_free);
  entry->lock_warning = g_strdup (_fax_device_get_lock_warning (one->device));

  /* The port's new state first, then the device goes back (a waiting
   * receiver takes over from there), then the caller hears of it */
  if (identity == NULL)
    {
      g_autofree char *text = g_strdup_printf (_("Unavailable: %s"), error->message);
      _fax_server_set_port_state (self, entry, FAX_PORT_STATE_UNAVAILABLE, text);
    }
  else if (identity->responding)
    {
      g_free (entry->manufacturer);
      entry->manufacturer = g_strdup (identity->manufacturer);
      g_free (entry->model);
      entry->model = g_strdup (identity->model);
      g_free (entry->revision);
      entry->revision = g_strdup (identity->revision);
      g_free (entry->fax_classes);
      entry->fax_classes = g_strdup (identity->fax_classes);
      g_free (entry->speeds);
      entry->speeds = g_strdup (identity->bit_rates);
      entry->detected_speed = identity->speed;
      entry->identified = TRUE;
      if (identity->fax_classes == NULL)
        _fax_server_set_port_state (self, entry, FAX_PORT_STATE_OFFLINE,
                                    _("A modem, but without fax: it lists no fax class (AT+FCLASS=?)"));
      else
        _fax_server_set_port_state (self, entry, FAX_PORT_STATE_AVAILABLE, NULL);
    }
  else
    _fax_server_set_port_state (self, entry, FAX_PORT_STATE_OFFLINE,
                                _("Not a modem, or not responding: no answer to AT"));

  _fax_server_ports_changed (self);
  one_done (one);
}

static guint
retry_seconds (void)
{
  const char *env = g_getenv ("FAX_MANAGER_RETRY_SECONDS");   /* for tests */
  guint64 seconds;

  if (env != NULL && g_ascii_string_to_unsigned (env, 10, 1, 3600, &seconds, NULL))
    return (guint)seconds;
  return RETRY_SECONDS;
}

typedef struct
{
  FaxServer *server;     /* the source is removed when the server goes */
  char      *stable_id;
} Retry;

static void
retry_free (Retry *retry)
{
  g_free (retry->stable_id);
  g_free (retry);
}

static gboolean
retry_port_cb (gpointer user_data)
{
  Retry *retry = user_data;
  FaxServer *self = retry->server;
  FaxPortEntry *entry;

  g_hash_table_remove (self->modems->retries, retry->stable_id);
  entry = _fax_server_find_entry (self, retry->stable_id);
  if (entry != NULL && entry->present)
    fax_server_identify_ports_async (self, entry->device_id, NULL, NULL, NULL);
  return G_SOURCE_REMOVE;
}

static void
schedule_retry (FaxServer    *self,
                FaxPortEntry *entry)
{
  Retry *retry;
  guint id;

  if (self->modems == NULL || g_hash_table_contains (self->modems->retries, entry->stable_id))
    return;

  retry = g_new0 (Retry, 1);
  retry->server = self;
  retry->stable_id = g_strdup (entry->stable_id);
  id = g_timeout_add_seconds_full (G_PRIORITY_DEFAULT, retry_seconds (), retry_port_cb,
                                   retry, (GDestroyNotify)retry_free);
  g_hash_table_insert (self->modems->retries, g_strdup (entry->stable_id), GUINT_TO_POINTER (id));
}

static void
identify_port (FaxServer    *self,
               FaxPortEntry *entry,
               GTask        *task)
{
  IdentifyAll *all = g_task_get_task_data (task);
  IdentifyOne *one;
  g_autoptr(GError) error = NULL;
  g_autofree char *reset = _fax_port_store_get_string (_fax_server_get_store (self), entry->stable_id, "reset-command");
  /* Automatic speed: autobaud; ptys (software modems) answer at any speed */
  gboolean autobaud = configured_speed (self, entry) == 0 && !entry->is_virtual &&
                      !_fax_serial_is_pty (entry->path);
  FaxDevice *device = _fax_server_get_device (self, entry);

  /* A call has the device: it is clearly there, and busy */
  if (_fax_device_get_busy (device))
    return;

  if (!_fax_device_open (device, &error))
    {
      g_autofree char *text = g_strdup_printf (_("Unavailable: %s"), error->message);
      _fax_server_set_port_state (self, entry, FAX_PORT_STATE_UNAVAILABLE, text);
      if (g_error_matches (error, FAX_ERROR, FAX_ERROR_DEVICE_IN_USE))
        schedule_retry (self, entry);
      return;
    }

  one = g_new0 (IdentifyOne, 1);
  one->task = g_object_ref (task);
  one->stable_id = g_strdup (entry->stable_id);
  one->device = g_object_ref (device);
  all->pending++;

  /* The receiver waiting for RING steps aside while we talk */
  _fax_device_set_busy (device, TRUE);
  _fax_server_set_port_state (self, entry, FAX_PORT_STATE_INITIALIZING, _("Identifying the modem"));

  /* ATZ, or AT&F for modems whose stored profile is no good */
  if (!valid_reset (reset))
    {
      g_free (reset);
      reset = g_strdup ("ATZ");
    }

  one->modem = fax_modem_new_for_fd (_fax_device_get_fd (device), entry->name);
  fax_modem_identify_async (one->modem, reset, autobaud, probe_timeout (),
                            g_task_get_cancellable (task), identify_cb, one);
}

static void
identify_all_free (IdentifyAll *all)
{
  g_object_unref (all->server);
  g_free (all);
}

/**
 * fax_server_identify_ports_async:
 * @device_id: one port, or 0 for every present port
 *
 * Asks the modems who they are, all ports at once: the ports' manufacturer,
 * model, revision, fax classes and speeds are filled in. A port that does
 * not answer becomes OFFLINE ("not a modem, or not responding"), one that
 * another program holds UNAVAILABLE ("in use by efax (PID n)") and is tried
 * again later. Ports busy with a call are left alone.
 */
void
fax_server_identify_ports_async (FaxServer           *self,
                                 guint32              device_id,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GPtrArray) targets = g_ptr_array_new ();
  IdentifyAll *all;

  g_return_if_fail (FAX_IS_SERVER (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, fax_server_identify_ports_async);
  all = g_new0 (IdentifyAll, 1);
  all->server = g_object_ref (self);
  g_task_set_task_data (task, all, (GDestroyNotify)identify_all_free);

  for (guint i = 0; i < self->entries->len; i++)
    {
      FaxPortEntry *entry = g_ptr_array_index (self->entries, i);

      if (entry->present && (device_id == 0 || entry->device_id == device_id))
        g_ptr_array_add (targets, g_strdup (entry->stable_id));
    }

  if (device_id != 0 && targets->len == 0)
    {
      g_task_return_new_error (task, FAX_ERROR, FAX_ERROR_BAD_UNIT,
                               _("There is no fax port with the id %u; list the ports to see their ids"),
                               device_id);
      return;
    }

  /* Hold one count ourselves so that ports finishing at once do not
   * complete the task before all are started */
  all->pending++;
  for (guint i = 0; i < targets->len; i++)
    {
      g_autofree char *stable_id = g_ptr_array_index (targets, i);
      FaxPortEntry *entry = _fax_server_find_entry (self, stable_id);

      if (entry != NULL && entry->present)
        identify_port (self, entry, task);
    }
  if (--all->pending == 0)
    g_task_return_boolean (task, TRUE);
}

gboolean
fax_server_identify_ports_finish (FaxServer     *self,
                                  GAsyncResult  *result,
                                  GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* The reset command of a port */

static gboolean
valid_reset (const char *reset)
{
  if (reset == NULL || g_ascii_strncasecmp (reset, "AT", 2) != 0 || strlen (reset) > 60)
    return FALSE;
  for (const char *p = reset; *p; p++)
    if (*p < 0x20 || *p > 0x7e)
      return FALSE;
  return TRUE;
}

/**
 * fax_server_set_port_reset_command:
 * @reset_command: "ATZ" (the default), "AT&F" for modems whose stored
 *   profile is no good, or another AT command
 *
 * How identification resets the modem of a port. Callers hold modify
 * access to the port (as for fax_port_set_device_options ()).
 */
gboolean
fax_server_set_port_reset_command (FaxServer   *self,
                                   guint32      device_id,
                                   const char  *reset_command,
                                   GError     **error)
{
  FaxPortStore *store;
  FaxPortEntry *entry;

  g_return_val_if_fail (FAX_IS_SERVER (self), FALSE);

  entry = _fax_server_lookup_entry (self, device_id);
  if (entry == NULL)
    {
      g_set_error (error, FAX_ERROR, FAX_ERROR_BAD_UNIT,
                   _("There is no fax port with the id %u; list the ports to see their ids"),
                   device_id);
      return FALSE;
    }

  if (!valid_reset (reset_command))
    {
      g_set_error (error, FAX_ERROR, FAX_ERROR_INVALID_PARAMETER,
                   _("“%s” is not a reset command; use ATZ, AT&F or another AT command of printable characters"),
                   reset_command ? reset_command : "");
      return FALSE;
    }

  store = _fax_server_get_store (self);
  if (!_fax_port_store_begin (store, error))
    return FALSE;
  _fax_port_store_set_string (store, entry->stable_id, "reset-command", reset_command);
  return _fax_port_store_commit (store, error);
}

/**
 * fax_server_dup_port_reset_command:
 *
 * Returns: (transfer full): the port's reset command ("ATZ" unless set),
 *   or NULL with @error set
 */
char *
fax_server_dup_port_reset_command (FaxServer  *self,
                                   guint32     device_id,
                                   GError    **error)
{
  FaxPortEntry *entry;
  g_autofree char *value = NULL;

  g_return_val_if_fail (FAX_IS_SERVER (self), NULL);

  entry = _fax_server_lookup_entry (self, device_id);
  if (entry == NULL)
    {
      g_set_error (error, FAX_ERROR, FAX_ERROR_BAD_UNIT,
                   _("There is no fax port with the id %u; list the ports to see their ids"),
                   device_id);
      return NULL;
    }

  value = _fax_port_store_get_string (_fax_server_get_store (self), entry->stable_id, "reset-command");
  if (!valid_reset (value))
    return g_strdup ("ATZ");
  return g_steal_pointer (&value);
}

/**
 * fax_server_set_auto_identify:
 *
 * When on, every present port is identified now and every port that
 * appears (plugged in, created) is identified when it does. Off by
 * default: identification opens the devices.
 */
void
fax_server_set_auto_identify (FaxServer *self,
                              gboolean   auto_identify)
{
  g_return_if_fail (FAX_IS_SERVER (self));

  if (self->modems == NULL || self->modems->auto_identify == !!auto_identify)
    return;
  self->modems->auto_identify = !!auto_identify;
  if (auto_identify)
    fax_server_identify_ports_async (self, 0, self->modems->cancellable, NULL, NULL);
}

void
_fax_server_modems_port_arrived (FaxServer *self,
                                 guint32    device_id)
{
  if (self->modems != NULL && self->modems->auto_identify)
    fax_server_identify_ports_async (self, device_id, self->modems->cancellable, NULL, NULL);
}
