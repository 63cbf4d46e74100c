/* fax-server-receive.c
 *
 * Receiving on a local server. A port that receives holds its device
 * (and so its locks) and waits for RING; after the port's number of rings
 * (or at the first RING when a program asked it to answer) it runs a
 * FaxCall as the called side. The fax lands in the inbox,
 * $XDG_DATA_HOME/fax-manager/inbox/, as fax-<time>-<n>.tif (mode 0600,
 * TIFF-F with the standard fax tags) beside fax-<time>-<n>.ini (what does
 * not fit in a tag: caller id, port, incomplete, unread) and
 * fax-<time>-<n>.log (the session log). A call that fails after some
 * pages keeps them, marked incomplete. File names never contain anything
 * that came from the line.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <glib-unix.h>
#include <tiffio.h>

#include "fax-call.h"
#include "fax-device-status-private.h"
#include "fax-error.h"
#include "fax-port-info.h"
#include "fax-received-fax-private.h"
#include "fax-server-private.h"

#define INIT_TIMEOUT_MS   5000
#define RING_GAP_SECONDS  15
#define RETRY_SECONDS     10
/* Room a call needs in the inbox before it is answered (as mgetty's
 * minfreespace): a fine page is 30-150 kB, a photo page up to 500 kB */
#define MIN_FREE_KB       4096

typedef enum {
  RX_IDLE,       /* device not open: waiting to retry */
  RX_INIT,       /* sending the init commands */
  RX_WAITING,    /* waiting for RING */
  RX_CALL,       /* a call is running */
  RX_LENT,       /* a job is using the device to send */
} ReceiverState;

typedef struct
{
  FaxServer     *server;        /* unowned */
  char          *stable_id;
  FaxDevice     *device;
  gboolean       device_open;
  ReceiverState  state;
  gboolean       on_request;    /* answer at the first RING */
  GSource       *io_source;
  GSource       *timer;
  GString       *line;
  guint          init_step;
  guint          rings;
  gint64         last_ring;
  char          *caller_id;
  char          *caller_name;
  FaxCall       *call;
  GCancellable  *cancellable;
  char          *base;          /* inbox path without extension, for the call */
  char          *abort_reason;  /* why this side ended the call, or NULL */
  gboolean       room_refused;  /* this call was not answered for want of disk space */
  guint          room_watch;    /* during a call: the free space check */
  gulong         busy_id;
} Receiver;

static void receiver_start   (Receiver *r);
static void receiver_stop_io (Receiver *r);
static gboolean wants_receiver (FaxServer *self, FaxPortEntry *entry);

/* Caller id from the line: valid UTF-8 with no control characters (no
 * terminal escapes reach a log or faxctl's output), trimmed */
static char *
printable_text (const char *raw)
{
  g_autofree char *valid = g_utf8_make_valid (raw, -1);
  GString *out = g_string_new (NULL);

  for (const char *p = valid; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_iscntrl (c))
        g_string_append_c (out, '?');
      else
        g_string_append_unichar (out, c);
    }
  return g_strstrip (g_string_free (out, FALSE));
}

static const char *init_commands[] = { "ATE0", "ATS0=0", "AT+FCLASS=1" };

static FaxPortEntry *
receiver_entry (Receiver *r)
{
  FaxPortEntry *entry = _fax_server_find_entry (r->server, r->stable_id);
  return entry != NULL && entry->present ? entry : NULL;
}

static void
receiver_free (Receiver *r)
{
  receiver_stop_io (r);
  g_clear_handle_id (&r->room_watch, g_source_remove);
  if (r->timer)
    {
      g_source_destroy (r->timer);
      g_source_unref (r->timer);
    }
  if (r->call)
    {
      g_signal_handlers_disconnect_by_data (r->call, r);
      g_cancellable_cancel (r->cancellable);
    }
  if (r->device && r->busy_id)
    g_signal_handler_disconnect (r->device, r->busy_id);
  if (r->device_open)
    _fax_device_close (r->device);
  g_clear_object (&r->call);
  g_clear_object (&r->cancellable);
  g_clear_object (&r->device);
  g_string_free (r->line, TRUE);
  g_free (r->stable_id);
  g_free (r->caller_id);
  g_free (r->caller_name);
  g_free (r->abort_reason);
  g_free (r->base);
  g_free (r);
}

static void
receiver_stop_io (Receiver *r)
{
  if (r->io_source)
    {
      g_source_destroy (r->io_source);
      g_clear_pointer (&r->io_source, g_source_unref);
    }
}

static void
set_timer (Receiver    *r,
           guint        ms,
           GSourceFunc  func)
{
  if (r->timer)
    {
      g_source_destroy (r->timer);
      g_clear_pointer (&r->timer, g_source_unref);
    }
  if (func == NULL)
    return;
  r->timer = g_timeout_source_new (ms);
  g_source_set_callback (r->timer, func, r, NULL);
  g_source_attach (r->timer, g_main_context_get_thread_default ());
}

static void
write_line (Receiver   *r,
            const char *command)
{
  g_autofree char *text = g_strconcat (command, "\r", NULL);
  int fd = _fax_device_get_fd (r->device);

  if (write (fd, text, strlen (text)) < 0)
    g_debug ("receiver: write failed: %s", g_strerror (errno));
}

static void
port_state (Receiver     *r,
            FaxPortState  state,
            const char   *text)
{
  FaxPortEntry *entry = receiver_entry (r);

  if (entry != NULL)
    _fax_server_set_port_state (r->server, entry, state, text);
}

static guint32
receiver_device_id (Receiver *r)
{
  FaxPortEntry *entry = receiver_entry (r);
  return entry ? entry->device_id : 0;
}

/* ------------------------------------------------------------ the inbox */

static char *
inbox_base_name (FaxServer *self)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *stamp = g_date_time_format (now, "%Y%m%d-%H%M%S");

  for (guint n = 1; n < 10000; n++)
    {
      g_autofree char *name = g_strdup_printf ("fax-%s-%u", stamp, n);
      g_autofree char *base = g_build_filename (self->inbox_dir, name, NULL);
      g_autofree char *tif = g_strconcat (base, ".tif", NULL);
      g_autofree char *log = g_strconcat (base, ".log", NULL);

      int fd;

      if (g_file_test (log, G_FILE_TEST_EXISTS))
        continue;
      /* Reserve the name with the file itself, private from the first
       * byte: the T.30 engine later rewrites it in place */
      fd = g_open (tif, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
      if (fd >= 0)
        {
          close (fd);
          return g_steal_pointer (&base);
        }
      if (errno != EEXIST)
        return NULL;
    }
  return NULL;
}

static guint
count_pages (const char *path)
{
  TIFF *tiff;
  guint n = 0;

  TIFFSetErrorHandler (NULL);
  TIFFSetWarningHandler (NULL);
  tiff = TIFFOpen (path, "r");
  if (tiff == NULL)
    return 0;
  do
    n++;
  while (TIFFReadDirectory (tiff));
  TIFFClose (tiff);
  return n;
}

static guint64
min_free_bytes (void)
{
  const char *env = g_getenv ("FAX_MANAGER_MIN_FREE_KB");
  guint64 kb = MIN_FREE_KB;

  if (env != NULL)
    g_ascii_string_to_unsigned (env, 10, 0, G_MAXUINT32, &kb, NULL);
  return kb * 1024;
}

/* The bytes an ordinary user may still write on the inbox's disk;
 * G_MAXUINT64 when that is not knowable here (the call finds out) */
static guint64
inbox_free_bytes (FaxServer *self)
{
  struct statvfs st;

  if (statvfs (self->inbox_dir, &st) != 0)
    return G_MAXUINT64;
  return (guint64)st.f_bavail * st.f_frsize;
}

/* NULL when the inbox has room for a call, else why not, in words */
static char *
inbox_room_problem (FaxServer *self)
{
  guint64 avail = inbox_free_bytes (self), wanted = min_free_bytes ();
  g_autofree char *have = NULL;
  g_autofree char *need = NULL;

  if (avail >= wanted)
    return NULL;
  have = g_format_size (avail);
  need = g_format_size (wanted);
  return g_strdup_printf (_("Not answering: the disk holding the inbox is full (%s free, %s needed). "
                            "Free some space in %s."), have, need, self->inbox_dir);
}

static FaxReceivedFax *
load_received (const char *tif)
{
  const char *dot = g_strrstr (tif, ".tif");
  g_autofree char *base = g_strndup (tif, dot ? (gsize)(dot - tif) : strlen (tif));
  g_autofree char *ini = g_strconcat (base, ".ini", NULL);
  g_autofree char *log = g_strconcat (base, ".log", NULL);
  g_autoptr(GKeyFile) kf = g_key_file_new ();
  FaxReceivedFax *fax = g_object_new (FAX_TYPE_RECEIVED_FAX, NULL);

  _fax_received_fax_set_path (fax, tif);
  if (g_file_test (log, G_FILE_TEST_EXISTS))
    _fax_received_fax_set_log_path (fax, log);

  if (g_key_file_load_from_file (kf, ini, 0, NULL))
    {
      g_autofree char *tsid = g_key_file_get_string (kf, "fax", "remote-tsid", NULL);
      g_autofree char *caller = g_key_file_get_string (kf, "fax", "caller-id", NULL);
      g_autofree char *port = g_key_file_get_string (kf, "fax", "port", NULL);
      g_autofree char *result = g_key_file_get_string (kf, "fax", "result", NULL);
      g_autofree char *compression = g_key_file_get_string (kf, "fax", "compression", NULL);

      _fax_received_fax_set_received (fax, g_key_file_get_int64 (kf, "fax", "received", NULL));
      _fax_received_fax_set_remote_tsid (fax, tsid);
      _fax_received_fax_set_caller_id (fax, caller);
      _fax_received_fax_set_device_name (fax, port);
      _fax_received_fax_set_result_text (fax, result);
      _fax_received_fax_set_compression (fax, compression);
      _fax_received_fax_set_pages (fax, g_key_file_get_uint64 (kf, "fax", "pages", NULL));
      _fax_received_fax_set_bit_rate (fax, g_key_file_get_uint64 (kf, "fax", "bit-rate", NULL));
      _fax_received_fax_set_incomplete (fax, g_key_file_get_boolean (kf, "fax", "incomplete", NULL));
      _fax_received_fax_set_unread (fax, g_key_file_get_boolean (kf, "fax", "unread", NULL));
      {
        g_autofree char *problems = _fax_routing_problems_from_key_file (kf);
        _fax_received_fax_set_routing_problems (fax, problems);
      }
    }
  else
    {
      /* A fax put here by hand or by another program: what its tags say */
      TIFF *tiff = TIFFOpen (tif, "r");
      GStatBuf st;

      if (tiff != NULL)
        {
          char *desc = NULL;
          if (TIFFGetField (tiff, TIFFTAG_IMAGEDESCRIPTION, &desc) && g_utf8_validate (desc, -1, NULL))
            _fax_received_fax_set_remote_tsid (fax, desc);
          TIFFClose (tiff);
        }
      _fax_received_fax_set_pages (fax, count_pages (tif));
      if (g_stat (tif, &st) == 0)
        _fax_received_fax_set_received (fax, st.st_mtime);
      _fax_received_fax_set_unread (fax, TRUE);
    }

  return fax;
}

static gint
compare_newest_first (gconstpointer a,
                      gconstpointer b,
                      gpointer      user_data)
{
  gint64 ta = fax_received_fax_get_received ((FaxReceivedFax *)a);
  gint64 tb = fax_received_fax_get_received ((FaxReceivedFax *)b);

  if (ta != tb)
    return ta > tb ? -1 : 1;
  return -g_strcmp0 (fax_received_fax_get_path ((FaxReceivedFax *)a),
                     fax_received_fax_get_path ((FaxReceivedFax *)b));
}

/* Every fax goes into the inbox model through here, once */
static gboolean
inbox_insert (FaxServer      *self,
              FaxReceivedFax *fax)
{
  const char *path = fax_received_fax_get_path (fax);

  if (g_hash_table_contains (self->inbox_paths, path))
    return FALSE;
  g_hash_table_add (self->inbox_paths, g_strdup (path));
  g_list_store_insert_sorted (self->inbox, fax, compare_newest_first, NULL);
  return TRUE;
}

static gboolean
is_fax_name (const char *name)
{
  return g_str_has_suffix (name, ".tif") || g_str_has_suffix (name, ".tiff");
}

static void
scan_inbox (FaxServer *self)
{
  g_autoptr(GDir) dir = g_dir_open (self->inbox_dir, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)))
    {
      g_autofree char *path = NULL;
      g_autoptr(FaxReceivedFax) fax = NULL;

      if (!is_fax_name (name))
        continue;
      path = g_build_filename (self->inbox_dir, name, NULL);
      if (g_hash_table_contains (self->inbox_paths, path))
        continue;
      fax = load_received (path);
      inbox_insert (self, fax);
    }
  self->inbox_scanned = TRUE;
}

/* ------------------------------------------------- loading in a worker */

/* The worker reads the folder's names, newest first by name (fax-<time>-n),
 * and loads each fax's metadata; the faxes reach the model in batches on
 * the caller's main context through one idle source that takes one batch
 * per main loop iteration, below redraw priority, so that the list is
 * painted as it fills however far ahead the worker is. The first batch
 * is small: the first screenful. */
#define LOAD_FIRST_BATCH 50
#define LOAD_BATCH       200

typedef struct
{
  GTask      *task;
  GPtrArray  *faxes;
  gboolean    last;
} InboxBatch;

/* Shared by the worker and the main context (an atomic rc box) */
typedef struct
{
  GTask        *task;       /* the caller's, returned with the last batch */
  GMainContext *context;
  char         *dir;
  GHashTable   *known;      /* paths already in the model when it began */
  GMutex        lock;
  GQueue        batches;    /* InboxBatch*, to go in, oldest first */
  gboolean      draining;   /* the idle source is attached */
} InboxLoad;

static void
inbox_batch_free (gpointer data)
{
  InboxBatch *batch = data;

  g_clear_object (&batch->task);
  g_ptr_array_unref (batch->faxes);
  g_free (batch);
}

static void
inbox_load_clear (gpointer data)
{
  InboxLoad *load = data;

  g_clear_object (&load->task);
  g_main_context_unref (load->context);
  g_free (load->dir);
  g_hash_table_unref (load->known);
  g_queue_clear_full (&load->batches, inbox_batch_free);
  g_mutex_clear (&load->lock);
}

static void
inbox_load_release (gpointer data)
{
  g_atomic_rc_box_release_full (data, inbox_load_clear);
}

/* A batch (sorted newest first by the worker) that goes after the last
 * fax of the model goes in as one change; the list then lays out once
 * per batch, not once per fax. Others go in one by one, in order. */
static void
inbox_insert_batch (FaxServer *self,
                    GPtrArray *faxes)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->inbox));
  g_autoptr(FaxReceivedFax) last = n > 0 ? g_list_model_get_item (G_LIST_MODEL (self->inbox), n - 1) : NULL;
  g_autoptr(GPtrArray) fresh = g_ptr_array_new ();

  for (guint i = 0; i < faxes->len; i++)
    {
      FaxReceivedFax *fax = g_ptr_array_index (faxes, i);
      if (!g_hash_table_contains (self->inbox_paths, fax_received_fax_get_path (fax)))
        g_ptr_array_add (fresh, fax);
    }
  if (fresh->len == 0)
    return;

  if (last == NULL || compare_newest_first (last, g_ptr_array_index (fresh, 0), NULL) < 0)
    {
      for (guint i = 0; i < fresh->len; i++)
        g_hash_table_add (self->inbox_paths,
                          g_strdup (fax_received_fax_get_path (g_ptr_array_index (fresh, i))));
      g_list_store_splice (self->inbox, n, 0, fresh->pdata, fresh->len);
    }
  else
    for (guint i = 0; i < fresh->len; i++)
      inbox_insert (self, g_ptr_array_index (fresh, i));
}

static int
compare_faxes_newest_first (gconstpointer a,
                            gconstpointer b)
{
  return compare_newest_first (*(FaxReceivedFax * const *)a, *(FaxReceivedFax * const *)b, NULL);
}

static void
inbox_batch_apply (InboxBatch *batch)
{
  FaxServer *self = g_task_get_source_object (batch->task);
  GCancellable *cancellable = g_task_get_cancellable (batch->task);

  if (self->inbox != NULL && !g_cancellable_is_cancelled (cancellable))
    inbox_insert_batch (self, batch->faxes);

  if (batch->last)
    {
      self->inbox_loading--;
      self->inbox_scanned = TRUE;
      if (!g_task_return_error_if_cancelled (batch->task))
        g_task_return_boolean (batch->task, TRUE);
    }
}

/* One batch per dispatch: the main loop runs in between */
static gboolean
inbox_drain_cb (gpointer data)
{
  InboxLoad *load = data;
  InboxBatch *batch;
  gboolean more;

  g_mutex_lock (&load->lock);
  batch = g_queue_pop_head (&load->batches);
  g_mutex_unlock (&load->lock);

  if (batch != NULL)
    {
      inbox_batch_apply (batch);
      inbox_batch_free (batch);
    }

  g_mutex_lock (&load->lock);
  more = load->batches.length > 0;
  if (!more)
    load->draining = FALSE;
  g_mutex_unlock (&load->lock);
  return more ? G_SOURCE_CONTINUE : G_SOURCE_REMOVE;
}

static void
send_batch (InboxLoad *load,
            GPtrArray *faxes,
            gboolean   last)
{
  InboxBatch *batch = g_new0 (InboxBatch, 1);

  g_ptr_array_sort (faxes, compare_faxes_newest_first);
  batch->task = g_object_ref (load->task);
  batch->faxes = faxes;
  batch->last = last;

  g_mutex_lock (&load->lock);
  g_queue_push_tail (&load->batches, batch);
  if (!load->draining)
    {
      GSource *source = g_idle_source_new ();

      load->draining = TRUE;
      g_source_set_priority (source, G_PRIORITY_DEFAULT_IDLE);
      g_source_set_static_name (source, "[fax-manager] inbox batches");
      g_source_set_callback (source, inbox_drain_cb, g_atomic_rc_box_acquire (load), inbox_load_release);
      g_source_attach (source, load->context);
      g_source_unref (source);
    }
  g_mutex_unlock (&load->lock);
}

static int
compare_names_newest_first (gconstpointer a,
                            gconstpointer b)
{
  return -strcmp (*(char * const *)a, *(char * const *)b);
}

static void
inbox_load_thread (GTask        *worker,
                   gpointer      source_object,
                   gpointer      task_data,
                   GCancellable *cancellable)
{
  InboxLoad *load = task_data;
  g_autoptr(GDir) dir = g_dir_open (load->dir, 0, NULL);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  GPtrArray *faxes = g_ptr_array_new_with_free_func (g_object_unref);
  guint batch_size = LOAD_FIRST_BATCH;
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)))
    if (is_fax_name (name))
      g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, compare_names_newest_first);

  for (guint i = 0; i < names->len && !g_cancellable_is_cancelled (cancellable); i++)
    {
      g_autofree char *path = g_build_filename (load->dir, g_ptr_array_index (names, i), NULL);

      if (g_hash_table_contains (load->known, path))
        continue;
      g_ptr_array_add (faxes, load_received (path));
      if (faxes->len >= batch_size)
        {
          send_batch (load, faxes, FALSE);
          faxes = g_ptr_array_new_with_free_func (g_object_unref);
          batch_size = LOAD_BATCH;
        }
    }
  send_batch (load, faxes, TRUE);
  g_task_return_boolean (worker, TRUE);
}

/**
 * fax_server_load_inbox_async:
 *
 * Reads the inbox folder in a worker and fills the inbox model
 * (fax_server_get_inbox ()) as it goes, in batches on the caller's main
 * context, so that a program showing thousands of faxes never waits for
 * the disk. While it runs, fax_server_get_inbox () returns the model as
 * filled so far. Faxes already in the model stay as they are.
 */
void
fax_server_load_inbox_async (FaxServer           *self,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GTask) worker = NULL;
  InboxLoad *load;
  GHashTableIter iter;
  gpointer path;

  g_return_if_fail (FAX_IS_SERVER (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, fax_server_load_inbox_async);
  if (self->remote != NULL)
    {
      g_task_return_boolean (task, TRUE);
      return;
    }

  load = g_atomic_rc_box_new0 (InboxLoad);
  g_mutex_init (&load->lock);
  g_queue_init (&load->batches);
  load->task = g_object_ref (task);
  load->context = g_main_context_ref_thread_default ();
  load->dir = g_strdup (self->inbox_dir);
  load->known = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_hash_table_iter_init (&iter, self->inbox_paths);
  while (g_hash_table_iter_next (&iter, &path, NULL))
    g_hash_table_add (load->known, g_strdup (path));
  self->inbox_loading++;

  worker = g_task_new (NULL, cancellable, NULL, NULL);
  g_task_set_source_tag (worker, inbox_load_thread);
  g_task_set_task_data (worker, load, inbox_load_release);
  g_task_run_in_thread (worker, inbox_load_thread);
}

gboolean
fax_server_load_inbox_finish (FaxServer     *self,
                              GAsyncResult  *result,
                              GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* HylaFAX's FaxRecvParams (version 1 of its Class2Params encoding):
 * vr | br << 3 | wd << 9 | ln << 12 | df << 14 | ec << 16 | bf << 17 |
 * st << 18 | 1 << 21, so that faxinfo shows how the fax came in */
static guint32
recv_params (FaxCall *call)
{
  guint yres = fax_call_get_y_resolution (call);
  guint rate = fax_call_get_bit_rate (call);
  const char *compression = fax_call_get_compression (call);
  /* spandsp counts rows per metre: 3850 standard, 7700 fine, 15400 superfine */
  guint32 vr = yres >= 15000 ? 2 : yres >= 7000 ? 1 : 0;
  guint32 br = rate >= 2400 ? MIN (rate / 2400 - 1, 5) : 0;
  guint32 df = 0;

  if (compression != NULL && strstr (compression, "T.6"))
    df = 3;
  else if (compression != NULL && strstr (compression, "2-D"))
    df = 1;

  return vr | (br << 3) | (0 << 9) | (2 << 12) | (df << 14) |
         ((fax_call_get_ecm_used (call) ? 1u : 0u) << 16) | (1u << 21);
}

/* Adds the tags spandsp does not write (FaxRecvParams, and the remote
 * TSID as ImageDescription when missing) to every page. It works on a
 * copy and replaces the file only when the copy has every page, so a
 * failure here never costs a received page. */
static void
stamp_fax_tags (const char *path,
                FaxCall    *call,
                guint       pages)
{
  g_autofree char *tmp = g_strconcat (path, ".tags", NULL);
  g_autoptr(GFile) src = g_file_new_for_path (path);
  g_autoptr(GFile) dst = g_file_new_for_path (tmp);
  g_autoptr(GError) error = NULL;
  const char *tsid = fax_call_get_remote_ident (call);
  guint32 params = recv_params (call);
  gboolean ok = TRUE;
  TIFF *tiff;

  if (!g_file_copy (src, dst, G_FILE_COPY_OVERWRITE, NULL, NULL, NULL, &error))
    {
      g_debug ("Cannot add fax tags to %s: %s", path, error->message);
      return;
    }
  g_chmod (tmp, 0600);

  TIFFSetErrorHandler (NULL);
  TIFFSetWarningHandler (NULL);
  tiff = TIFFOpen (tmp, "r+");
  if (tiff == NULL)
    {
      g_unlink (tmp);
      return;
    }
  for (guint i = 0; i < pages && ok; i++)
    {
      char *desc = NULL;

      ok = TIFFSetDirectory (tiff, i) &&
           TIFFSetField (tiff, TIFFTAG_FAXRECVPARAMS, params);
      /* spandsp wrote the ident as it came; ours is the defused one */
      if (ok && tsid != NULL && *tsid != '\0' &&
          (!TIFFGetField (tiff, TIFFTAG_IMAGEDESCRIPTION, &desc) || g_strcmp0 (desc, tsid) != 0))
        ok = TIFFSetField (tiff, TIFFTAG_IMAGEDESCRIPTION, tsid);
      if (ok)
        ok = TIFFRewriteDirectory (tiff);
    }
  TIFFClose (tiff);

  if (ok && count_pages (tmp) == pages && g_rename (tmp, path) == 0)
    return;
  g_debug ("Cannot add fax tags to %s", path);
  g_unlink (tmp);
}

static void
write_sidecar (FaxServer  *self,
               const char *base,
               FaxCall    *call,
               const char *port_name,
               const char *caller_id,
               guint       pages,
               gboolean    incomplete,
               const char *result)
{
  g_autofree char *ini = g_strconcat (base, ".ini", NULL);
  g_autoptr(GKeyFile) kf = g_key_file_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *data = NULL;
  gsize len;

  g_key_file_set_int64 (kf, "fax", "received", g_get_real_time () / G_USEC_PER_SEC);
  if (fax_call_get_remote_ident (call) && g_utf8_validate (fax_call_get_remote_ident (call), -1, NULL))
    g_key_file_set_string (kf, "fax", "remote-tsid", fax_call_get_remote_ident (call));
  if (caller_id && g_utf8_validate (caller_id, -1, NULL))
    g_key_file_set_string (kf, "fax", "caller-id", caller_id);
  if (port_name)
    g_key_file_set_string (kf, "fax", "port", port_name);
  g_key_file_set_uint64 (kf, "fax", "pages", pages);
  g_key_file_set_uint64 (kf, "fax", "bit-rate", fax_call_get_bit_rate (call));
  if (fax_call_get_compression (call))
    g_key_file_set_string (kf, "fax", "compression", fax_call_get_compression (call));
  g_key_file_set_boolean (kf, "fax", "ecm", fax_call_get_ecm_used (call));
  g_key_file_set_boolean (kf, "fax", "incomplete", incomplete);
  g_key_file_set_boolean (kf, "fax", "unread", TRUE);
  if (result != NULL)
    g_key_file_set_string (kf, "fax", "result", result);

  data = g_key_file_to_data (kf, &len, NULL);
  if (!g_file_set_contents_full (ini, data, len, G_FILE_SET_CONTENTS_CONSISTENT, 0600, &error))
    {
      /* A full disk has no room for the new copy beside the old: write
       * over the one reserved when the call was answered */
      int fd = g_open (ini, O_WRONLY | O_TRUNC | O_CLOEXEC, 0600);
      gboolean written = fd >= 0 && write (fd, data, len) == (gssize)len;

      if (fd >= 0 && (close (fd) != 0 || !written))
        written = FALSE;
      if (!written)
        g_warning ("Could not save the details of the received fax %s: %s", base, error->message);
    }
}

/* The details file exists from the start of the call, with room for what
 * the end of the call writes, so that a disk that fills up meanwhile still
 * takes them (write_sidecar () writes over it then) */
static void
reserve_sidecar (const char *base)
{
  g_autofree char *ini = g_strconcat (base, ".ini", NULL);
  g_autofree char *text = g_strdup_printf ("[fax]\nincomplete=true\nunread=true\n#%*s\n", 2048, "");

  if (!g_file_set_contents_full (ini, text, -1, G_FILE_SET_CONTENTS_NONE, 0600, NULL))
    g_debug ("Could not reserve %s", ini);
}

/* ---------------------------------------------------------- the receiver */

static gboolean
retry_cb (gpointer user_data)
{
  Receiver *r = user_data;

  g_clear_pointer (&r->timer, g_source_unref);
  receiver_start (r);
  return G_SOURCE_REMOVE;
}

static void
receiver_fail (Receiver   *r,
               const char *text)
{
  receiver_stop_io (r);
  if (r->device_open)
    {
      _fax_device_close (r->device);
      r->device_open = FALSE;
    }
  r->state = RX_IDLE;
  port_state (r, FAX_PORT_STATE_UNAVAILABLE, text);
  set_timer (r, RETRY_SECONDS * 1000, retry_cb);
}

static void
receive_done_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  Receiver *r = user_data;
  FaxServer *self = r->server;
  FaxCall *call = FAX_CALL (object);
  g_autoptr(GError) error = NULL;
  g_autofree char *tif = g_strconcat (r->base, ".tif", NULL);
  g_autofree char *part = g_strconcat (r->base, ".tif.part", NULL);
  FaxPortEntry *entry = receiver_entry (r);
  FaxCallResult outcome;
  guint pages;
  guint32 device_id = receiver_device_id (r);

  g_clear_handle_id (&r->room_watch, g_source_remove);
  fax_call_run_finish (call, result, &error);
  outcome = fax_call_get_result (call);
  pages = count_pages (part);

  if (pages < fax_call_get_pages (call) && r->abort_reason == NULL)
    {
      /* Confirmed to the sender but not in the file: the disk filled up
       * (or failed) under the engine */
      guint64 avail = inbox_free_bytes (self);
      g_autofree char *have = avail < min_free_bytes () ? g_format_size (avail) : NULL;
      g_autofree char *why = have ? g_strdup_printf (_("the disk holding the inbox is full (%s free)"), have)
                                  : g_strdup (_("the inbox could not be written"));

      r->abort_reason = g_strdup_printf (_("Only %u of %u pages could be stored: %s"), pages,
                                         fax_call_get_pages (call), why);
    }
  if (r->abort_reason != NULL)
    g_message ("%s: %s", r->base, r->abort_reason);

  if (pages > 0)
    {
      g_autoptr(FaxReceivedFax) fax = NULL;

      g_chmod (part, 0600);
      stamp_fax_tags (part, call, pages);
      if (g_rename (part, tif) != 0)
        {
          /* Keep the pages under the temporary name rather than lose them */
          g_warning ("Cannot rename %s: %s", part, g_strerror (errno));
          g_free (tif);
          tif = g_strdup (part);
        }
      write_sidecar (self, r->base, call, entry ? entry->name : NULL, r->caller_id,
                     pages, outcome != FAX_CALL_RESULT_OK || r->abort_reason != NULL,
                     r->abort_reason ? r->abort_reason : fax_call_get_status_text (call));
      fax = load_received (tif);
      inbox_insert (self, fax);
      _fax_server_route_fax (self, entry, fax);
    }
  else
    {
      /* Nothing arrived: no empty fax in the inbox (the log stays), and
       * not the empty file that reserved the name either */
      g_autofree char *ini = g_strconcat (r->base, ".ini", NULL);
      GStatBuf st;

      g_unlink (part);
      g_unlink (ini);
      if (g_stat (tif, &st) == 0 && st.st_size == 0)
        g_unlink (tif);
    }

  _fax_server_emit_event (self,
                          outcome == FAX_CALL_RESULT_OK ? FAX_EVENT_COMPLETED :
                          outcome == FAX_CALL_RESULT_NOT_FAX_CALL || outcome == FAX_CALL_RESULT_NO_CARRIER ? FAX_EVENT_NOT_FAX_CALL :
                          outcome == FAX_CALL_RESULT_DISCONNECTED ? FAX_EVENT_DISCONNECTED :
                          outcome == FAX_CALL_RESULT_CANCELLED ? FAX_EVENT_ABORTING :
                          FAX_EVENT_FATAL_ERROR,
                          device_id, 0,
                          pages > 0 ? tif : r->abort_reason ? r->abort_reason : fax_call_get_status_text (call));

  g_clear_object (&r->call);
  g_clear_object (&r->cancellable);
  g_clear_pointer (&r->base, g_free);
  g_clear_pointer (&r->caller_id, g_free);
  g_clear_pointer (&r->caller_name, g_free);
  g_clear_pointer (&r->abort_reason, g_free);
  r->rings = 0;
  r->room_refused = FALSE;

  if (entry != NULL)
    {
      FaxDeviceStatus *status = _fax_server_get_status (self, entry);
      _fax_device_status_set_current_page (status, 0);
      _fax_device_status_set_caller_id (status, NULL);
      _fax_device_status_set_remote_id (status, NULL);
    }

  _fax_device_set_busy (r->device, FALSE);

  if (outcome == FAX_CALL_RESULT_DISCONNECTED)
    {
      receiver_fail (r, _("Not responding: the modem went away during the call"));
      return;
    }

  _fax_server_emit_event (self, FAX_EVENT_IDLE, device_id, 0, NULL);
  if (r->on_request && r->server->receiving == FALSE)
    r->on_request = FALSE;
  entry = receiver_entry (r);
  if (!r->on_request && (entry == NULL || !wants_receiver (self, entry)))
    {
      /* Answered once on request: let the device go (this frees @r) */
      r->state = RX_IDLE;
      _fax_server_receive_sync (self);
      return;
    }
  receiver_start (r);
}

static void
call_progress_cb (FaxCall    *call,
                  GParamSpec *pspec,
                  Receiver   *r)
{
  FaxPortEntry *entry = receiver_entry (r);
  FaxDeviceStatus *status;
  g_autofree char *text = NULL;
  guint pages = fax_call_get_pages (call);

  if (entry == NULL)
    return;

  status = _fax_server_get_status (r->server, entry);
  _fax_device_status_set_remote_id (status, fax_call_get_remote_ident (call));
  _fax_device_status_set_current_page (status, pages + 1);
  _fax_device_status_set_bit_rate (status, fax_call_get_bit_rate (call));

  if (g_str_equal (pspec->name, "phase"))
    _fax_server_emit_event (r->server, FAX_EVENT_RECEIVING, entry->device_id, 0,
                            fax_call_get_remote_ident (call));

  text = g_strdup_printf (_("Receiving page %u"), pages + 1);
  _fax_server_set_port_state (r->server, entry, FAX_PORT_STATE_RECEIVING, text);
}

/* Every second of a call: stop before the disk is full, so that the
 * sender hears that the rest did not arrive and sends it again later,
 * rather than have pages confirmed that were never stored, and so that
 * what did arrive can still be closed and described */
static gboolean
room_watch_cb (gpointer user_data)
{
  Receiver *r = user_data;
  guint64 avail;

  if (r->abort_reason != NULL)
    return G_SOURCE_CONTINUE;
  avail = inbox_free_bytes (r->server);
  if (avail < min_free_bytes () / 4)
    {
      g_autofree char *have = g_format_size (avail);
      guint pages = r->call ? fax_call_get_pages (r->call) : 0;

      r->abort_reason = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                      "The call was ended after %u page: the disk holding the inbox is full (%s free). Free some space in %s.",
                                                      "The call was ended after %u pages: the disk holding the inbox is full (%s free). Free some space in %s.",
                                                      pages),
                                         pages, have, r->server->inbox_dir);
      g_cancellable_cancel (r->cancellable);
    }
  return G_SOURCE_CONTINUE;
}

static void
answer (Receiver *r)
{
  FaxServer *self = r->server;
  FaxPortEntry *entry = receiver_entry (r);
  g_autoptr(FaxPortInfo) info = NULL;
  g_autofree char *tif = NULL;
  g_autofree char *log = NULL;

  if (entry == NULL)
    return;

  if (g_mkdir_with_parents (self->inbox_dir, 0700) != 0)
    {
      receiver_fail (r, _("Cannot answer: the inbox folder cannot be written"));
      return;
    }

  {
    g_autofree char *problem = inbox_room_problem (self);

    if (problem != NULL)
      {
        /* Let it ring: the caller tries again later, or another
         * machine answers; a call that could not be stored would be
         * confirmed to the sender and lost. Each further ring looks
         * again, so freeing space now still catches this call. */
        if (!r->room_refused)
          _fax_server_emit_event (self, FAX_EVENT_FATAL_ERROR, entry->device_id, 0, problem);
        r->room_refused = TRUE;
        _fax_server_set_port_state (self, entry, FAX_PORT_STATE_RINGING, problem);
        return;
      }
  }

  if ((r->base = inbox_base_name (self)) == NULL)
    {
      receiver_fail (r, _("Cannot answer: the inbox folder cannot be written"));
      return;
    }

  receiver_stop_io (r);
  set_timer (r, 0, NULL);
  r->state = RX_CALL;
  _fax_device_set_busy (r->device, TRUE);

  info = _fax_server_dup_info (self, entry);
  tif = g_strconcat (r->base, ".tif.part", NULL);
  reserve_sidecar (r->base);
  log = g_strconcat (r->base, ".log", NULL);

  r->cancellable = g_cancellable_new ();
  r->call = fax_call_new (_fax_device_get_fd (r->device), FAX_CALL_RECEIVE);
  fax_call_set_rx_file (r->call, tif);
  fax_call_set_flow_control (r->call, _fax_device_get_flow_control (r->device));
  fax_call_set_log_path (r->call, log);
  fax_call_set_local_ident (r->call, fax_port_info_get_csid (info));
  g_signal_connect (r->call, "notify::pages", G_CALLBACK (call_progress_cb), r);
  g_signal_connect (r->call, "notify::remote-ident", G_CALLBACK (call_progress_cb), r);
  g_signal_connect (r->call, "notify::phase", G_CALLBACK (call_progress_cb), r);

  _fax_server_set_port_state (self, entry, FAX_PORT_STATE_ANSWERED, _("Answering"));
  _fax_server_emit_event (self, FAX_EVENT_ANSWERED, entry->device_id, 0, r->caller_id);

  r->room_watch = g_timeout_add_seconds (1, room_watch_cb, r);
  fax_call_run_async (r->call, r->cancellable, receive_done_cb, r);
}

static void
handle_line (Receiver *r,
             char     *line)
{
  FaxPortEntry *entry = receiver_entry (r);

  g_strstrip (line);
  if (line[0] == '\0' || entry == NULL)
    return;

  if (r->state == RX_INIT)
    {
      if (g_str_has_prefix (line, "OK"))
        {
          r->init_step++;
          if (r->init_step < G_N_ELEMENTS (init_commands))
            {
              write_line (r, init_commands[r->init_step]);
              set_timer (r, INIT_TIMEOUT_MS, NULL);
            }
          else
            {
              set_timer (r, 0, NULL);
              r->state = RX_WAITING;
              r->rings = 0;
              port_state (r, FAX_PORT_STATE_AVAILABLE, _("Waiting for calls"));
            }
        }
      else if (g_str_has_prefix (line, "ERROR"))
        {
          if (r->init_step == 2)
            receiver_fail (r, _("Not a fax modem: it refused fax class 1"));
          else
            {
              /* Old modems may refuse ATS0=0; go on */
              r->init_step++;
              write_line (r, init_commands[r->init_step]);
            }
        }
      return;
    }

  if (r->state != RX_WAITING)
    return;

  if (g_str_has_prefix (line, "NMBR"))
    {
      const char *eq = strchr (line, '=');
      g_autofree char *value = printable_text (eq ? eq + 1 : "");

      /* Kept as text only: shown and stored, never used as a path or command */
      g_free (r->caller_id);
      r->caller_id = g_steal_pointer (&value);
      _fax_device_status_set_caller_id (_fax_server_get_status (r->server, entry), r->caller_id);
      return;
    }

  if (g_str_has_prefix (line, "NAME"))
    {
      const char *eq = strchr (line, '=');
      if (eq)
        {
          g_free (r->caller_name);
          r->caller_name = printable_text (eq + 1);
        }
      return;
    }

  if (g_str_has_prefix (line, "RING"))
    {
      g_autoptr(FaxPortInfo) info = _fax_server_dup_info (r->server, entry);
      guint wanted = fax_port_info_get_rings (info);
      g_autofree char *text = NULL;
      gint64 now = g_get_monotonic_time ();

      if (r->rings > 0 && now - r->last_ring > RING_GAP_SECONDS * G_USEC_PER_SEC)
        {
          r->rings = 0;
          r->room_refused = FALSE;
        }
      r->rings++;
      r->last_ring = now;

      text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Ringing (%u ring)", "Ringing (%u rings)", r->rings), r->rings);
      _fax_server_set_port_state (r->server, entry, FAX_PORT_STATE_RINGING, text);
      _fax_server_emit_event (r->server, FAX_EVENT_RINGING, entry->device_id, 0, r->caller_id);

      if ((r->on_request && (wanted == 0 || r->rings >= wanted)) ||
          (wanted > 0 && r->rings >= wanted && (fax_port_info_get_flags (info) & FAX_PORT_FLAG_RECEIVE)))
        answer (r);
    }
}

static gboolean
receiver_io_cb (int          fd,
                GIOCondition condition,
                gpointer     user_data)
{
  Receiver *r = user_data;
  char buf[256];
  ssize_t n;

  if (condition & G_IO_IN)
    {
      while ((n = read (fd, buf, sizeof buf)) > 0)
        {
          for (ssize_t i = 0; i < n && r->io_source != NULL; i++)
            {
              if (buf[i] == '\n' || buf[i] == '\r')
                {
                  if (r->line->len > 0)
                    {
                      g_autofree char *line = g_strdup (r->line->str);
                      g_string_truncate (r->line, 0);
                      handle_line (r, line);
                    }
                }
              else if ((guchar)buf[i] >= 0x20 && r->line->len < 256)
                g_string_append_c (r->line, buf[i]);
            }
          if (r->io_source == NULL)
            return G_SOURCE_REMOVE;
        }
      if (n == 0 || (n < 0 && errno != EAGAIN && errno != EINTR))
        {
          g_clear_pointer (&r->io_source, g_source_unref);
          receiver_fail (r, _("Not responding: the device was closed or unplugged"));
          return G_SOURCE_REMOVE;
        }
      return G_SOURCE_CONTINUE;
    }

  g_clear_pointer (&r->io_source, g_source_unref);
  receiver_fail (r, _("Not responding: the device was closed or unplugged"));
  return G_SOURCE_REMOVE;
}

static gboolean
init_timeout_cb (gpointer user_data)
{
  Receiver *r = user_data;

  g_clear_pointer (&r->timer, g_source_unref);
  receiver_fail (r, _("Not a modem, or not responding to AT commands"));
  return G_SOURCE_REMOVE;
}

static void
device_busy_cb (FaxDevice  *device,
                GParamSpec *pspec,
                Receiver   *r)
{
  if (r->state == RX_CALL)
    return;

  if (_fax_device_get_busy (device))
    {
      /* A job borrows the modem: stop reading until it is done */
      receiver_stop_io (r);
      set_timer (r, 0, NULL);
      r->state = RX_LENT;
    }
  else if (r->state == RX_LENT)
    receiver_start (r);
}

static void
receiver_start (Receiver *r)
{
  FaxPortEntry *entry = receiver_entry (r);
  g_autoptr(GError) error = NULL;
  FaxDevice *device;

  set_timer (r, 0, NULL);
  receiver_stop_io (r);

  if (entry == NULL)
    {
      r->state = RX_IDLE;
      set_timer (r, RETRY_SECONDS * 1000, retry_cb);
      return;
    }

  device = _fax_server_get_device (r->server, entry);
  if (device != r->device)
    {
      if (r->device && r->busy_id)
        g_signal_handler_disconnect (r->device, r->busy_id);
      if (r->device_open)
        _fax_device_close (r->device);
      r->device_open = FALSE;
      g_set_object (&r->device, device);
      r->busy_id = g_signal_connect (device, "notify::busy", G_CALLBACK (device_busy_cb), r);
    }

  if (_fax_device_get_busy (device))
    {
      r->state = RX_LENT;
      return;
    }

  if (!r->device_open)
    {
      if (!_fax_device_open (device, &error))
        {
          g_autofree char *text = g_strdup_printf (_("Unavailable: %s"), error->message);
          receiver_fail (r, text);
          return;
        }
      r->device_open = TRUE;
    }

  r->state = RX_INIT;
  r->init_step = 0;
  g_string_truncate (r->line, 0);
  r->io_source = g_unix_fd_source_new (_fax_device_get_fd (device), G_IO_IN | G_IO_HUP | G_IO_ERR);
  g_source_set_callback (r->io_source, (GSourceFunc)(void (*)(void))receiver_io_cb, r, NULL);
  g_source_attach (r->io_source, g_main_context_get_thread_default ());
  write_line (r, init_commands[0]);
  set_timer (r, INIT_TIMEOUT_MS, init_timeout_cb);
  /* Last: a port state change can run a receiver sync that frees @r */
  port_state (r, FAX_PORT_STATE_INITIALIZING, _("Preparing the modem to answer"));
}

static gboolean
wants_receiver (FaxServer    *self,
                FaxPortEntry *entry)
{
  g_autoptr(FaxPortInfo) info = NULL;

  if (!entry->present)
    return FALSE;
  info = _fax_server_dup_info (self, entry);
  return self->receiving && (fax_port_info_get_flags (info) & FAX_PORT_FLAG_RECEIVE);
}

/* Starts receivers for ports that should answer and stops the others */
void
_fax_server_receive_sync (FaxServer *self)
{
  GPtrArray *entries = _fax_server_get_entries (self);
  g_autoptr(GPtrArray) stale = g_ptr_array_new ();
  GHashTableIter iter;
  Receiver *r;

  /* Stopping a receiver changes port states, which lands here again */
  if (self->receivers == NULL || self->receive_syncing)
    return;
  self->receive_syncing = TRUE;

  g_hash_table_iter_init (&iter, self->receivers);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *)&r))
    {
      FaxPortEntry *entry = _fax_server_find_entry (self, r->stable_id);

      if (r->state == RX_CALL)
        continue;
      if (entry == NULL || !entry->present || (!r->on_request && !wants_receiver (self, entry)))
        g_ptr_array_add (stale, r->stable_id);
    }

  for (guint i = 0; i < stale->len; i++)
    {
      g_autofree char *stable_id = g_strdup (g_ptr_array_index (stale, i));
      FaxPortEntry *entry = _fax_server_find_entry (self, stable_id);

      g_hash_table_remove (self->receivers, stable_id);
      if (entry != NULL && entry->present)
        _fax_server_set_port_state (self, entry, FAX_PORT_STATE_AVAILABLE, NULL);
    }

  for (guint i = 0; i < entries->len; i++)
    {
      FaxPortEntry *entry = g_ptr_array_index (entries, i);

      if (!wants_receiver (self, entry) || g_hash_table_contains (self->receivers, entry->stable_id))
        continue;

      r = g_new0 (Receiver, 1);
      r->server = self;
      r->stable_id = g_strdup (entry->stable_id);
      r->line = g_string_new (NULL);
      g_hash_table_insert (self->receivers, r->stable_id, r);
      receiver_start (r);
    }

  self->receive_syncing = FALSE;
}

static void
ports_changed_cb (FaxServer *self)
{
  _fax_server_receive_sync (self);
}

void
_fax_server_receive_init (FaxServer *self)
{
  self->inbox = g_list_store_new (FAX_TYPE_RECEIVED_FAX);
  self->inbox_paths = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->inbox_dir = g_build_filename (g_get_user_data_dir (), "fax-manager", "inbox", NULL);
  self->receivers = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, (GDestroyNotify)receiver_free);
  g_mkdir_with_parents (self->inbox_dir, 0700);
  /* The folder is read when the inbox is first asked for: at once by
   * fax_server_get_inbox (), in a worker by fax_server_load_inbox_async () */
  g_signal_connect (self, "ports-changed", G_CALLBACK (ports_changed_cb), NULL);
}

void
_fax_server_receive_dispose (FaxServer *self)
{
  g_signal_handlers_disconnect_by_func (self, ports_changed_cb, NULL);
  g_clear_pointer (&self->receivers, g_hash_table_unref);
  g_clear_object (&self->inbox);
  g_clear_pointer (&self->inbox_paths, g_hash_table_unref);
  g_clear_pointer (&self->inbox_dir, g_free);
}

void
fax_server_set_receiving (FaxServer *self,
                          gboolean   receiving)
{
  g_return_if_fail (FAX_IS_SERVER (self));

  receiving = !!receiving;
  if (self->receiving == receiving)
    return;
  self->receiving = receiving;
  _fax_server_receive_sync (self);
}

gboolean
fax_server_get_receiving (FaxServer *self)
{
  g_return_val_if_fail (FAX_IS_SERVER (self), FALSE);
  return self->receiving;
}

/**
 * fax_server_answer_on:
 *
 * Waits for a call on @device_id and answers it at the first RING (or
 * after the port's rings when it has some), whatever its RECEIVE flag
 * says: answering on request. Stays until fax_server_set_receiving ()
 * turns receiving off for ports without the flag.
 */
gboolean
fax_server_answer_on (FaxServer  *self,
                      guint32     device_id,
                      GError    **error)
{
  FaxPortEntry *entry;
  Receiver *r;

  g_return_val_if_fail (FAX_IS_SERVER (self), FALSE);

  fax_server_refresh (self, NULL);
  entry = _fax_server_lookup_entry (self, device_id);
  if (entry == NULL)
    {
      g_set_error (error, FAX_ERROR, FAX_ERROR_BAD_UNIT,
                   _("There is no fax port with the id %u"), device_id);
      return FALSE;
    }

  if (self->remote != NULL)
    return _fax_server_hylafax_answer (self, entry, error);

  r = g_hash_table_lookup (self->receivers, entry->stable_id);
  if (r != NULL)
    {
      r->on_request = TRUE;
      return TRUE;
    }

  r = g_new0 (Receiver, 1);
  r->server = self;
  r->stable_id = g_strdup (entry->stable_id);
  r->line = g_string_new (NULL);
  r->on_request = TRUE;
  g_hash_table_insert (self->receivers, r->stable_id, r);
  receiver_start (r);
  return TRUE;
}

GListModel *
fax_server_get_inbox (FaxServer *self)
{
  g_return_val_if_fail (FAX_IS_SERVER (self), NULL);
  /* Read again for faxes other programs put there, unless a worker is
   * filling the model right now */
  if (self->remote == NULL && self->inbox_loading == 0)
    scan_inbox (self);
  return G_LIST_MODEL (self->inbox);
}

const char *
fax_server_get_inbox_dir (FaxServer *self)
{
  g_return_val_if_fail (FAX_IS_SERVER (self), NULL);
  return self->inbox_dir;
}

static char *
sidecar_path (FaxReceivedFax *fax,
              const char     *extension)
{
  const char *path = fax_received_fax_get_path (fax);
  const char *dot = g_strrstr (path, ".tif");
  g_autofree char *base = g_strndup (path, dot ? (gsize)(dot - path) : strlen (path));

  return g_strconcat (base, extension, NULL);
}

/**
 * fax_server_mark_fax_read:
 *
 * Marks @fax read (or unread again) and keeps that in its .ini file, so
 * that every program showing the inbox agrees.
 */
gboolean
fax_server_mark_fax_read (FaxServer       *self,
                          FaxReceivedFax  *fax,
                          gboolean         read,
                          GError         **error)
{
  g_autofree char *ini = NULL;
  g_autoptr(GKeyFile) kf = g_key_file_new ();
  g_autoptr(GError) local_error = NULL;
  g_autofree char *data = NULL;
  gsize len;

  g_return_val_if_fail (FAX_IS_SERVER (self), FALSE);
  g_return_val_if_fail (FAX_IS_RECEIVED_FAX (fax), FALSE);

  ini = sidecar_path (fax, ".ini");
  /* A fax without its .ini (copied in by hand) gets one now */
  if (!g_key_file_load_from_file (kf, ini, G_KEY_FILE_KEEP_COMMENTS, &local_error) &&
      !g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
    {
      g_set_error (error, FAX_ERROR, FAX_ERROR_FAILED,
                   _("Cannot read the details of the fax %s: %s"), ini, local_error->message);
      return FALSE;
    }
  g_key_file_set_boolean (kf, "fax", "unread", !read);
  data = g_key_file_to_data (kf, &len, NULL);
  if (!g_file_set_contents_full (ini, data, len, G_FILE_SET_CONTENTS_CONSISTENT, 0600, &local_error))
    {
      g_set_error (error, FAX_ERROR, FAX_ERROR_FAILED,
                   _("Cannot save the details of the fax %s: %s"), ini, local_error->message);
      return FALSE;
    }
  _fax_received_fax_set_unread (fax, !read);
  return TRUE;
}

/**
 * fax_server_trash_fax:
 *
 * Moves @fax (its TIFF, details and call log) to the desktop's trash and
 * takes it out of the inbox. Nothing is deleted for good: a fax can be
 * restored from the trash with the file manager.
 */
gboolean
fax_server_trash_fax (FaxServer       *self,
                      FaxReceivedFax  *fax,
                      GError         **error)
{
  g_autoptr(GFile) tif = NULL;
  g_autoptr(GError) local_error = NULL;
  const char *extensions[] = { ".ini", ".log" };
  guint position;

  g_return_val_if_fail (FAX_IS_SERVER (self), FALSE);
  g_return_val_if_fail (FAX_IS_RECEIVED_FAX (fax), FALSE);

  /* The fax first: if it cannot go, everything stays as it was */
  tif = g_file_new_for_path (fax_received_fax_get_path (fax));
  if (!g_file_trash (tif, NULL, &local_error))
    {
      g_set_error (error, FAX_ERROR, FAX_ERROR_FAILED,
                   _("Cannot move the fax %s to the trash: %s"),
                   fax_received_fax_get_path (fax), local_error->message);
      return FALSE;
    }
  for (guint i = 0; i < G_N_ELEMENTS (extensions); i++)
    {
      g_autofree char *path = sidecar_path (fax, extensions[i]);
      g_autoptr(GFile) file = g_file_new_for_path (path);
      g_autoptr(GError) ignored = NULL;

      if (g_file_test (path, G_FILE_TEST_EXISTS) && !g_file_trash (file, NULL, &ignored))
        g_debug ("Cannot move %s to the trash: %s", path, ignored->message);
    }

  if (g_list_store_find (self->inbox, fax, &position))
    g_list_store_remove (self->inbox, position);
  if (self->inbox_paths != NULL)   /* NULL for a HylaFAX server's inbox */
    g_hash_table_remove (self->inbox_paths, fax_received_fax_get_path (fax));
  _fax_server_emit_event (self, FAX_EVENT_DELETED, 0, 0, fax_received_fax_get_path (fax));
  return TRUE;
}
