/* fax-server-hylafax.c
 *
 * A FaxServer backed by a HylaFAX server (hfaxd). The server's modems
 * are the ports, its send and done queues the jobs, its receive queue the
 * inbox, in the same list models as the local server's, so that callers
 * cannot tell the two apart.
 *
 * Two connections: the control connection carries what the user asks for
 * (submit, kill, suspend...), in the calling thread; the poll connection
 * lists modems, jobs and received faxes every few seconds in a worker
 * thread and fetches new faxes into a private cache. hfaxd shows a
 * session stale job states (it re-reads a job only when its file is newer
 * by a second), and SITE TRIGGER delivered no events in our tests, so the
 * poll opens a fresh session each time.
 *
 * A dropped connection makes every port UNAVAILABLE, FaxServer:connected
 * FALSE, and is opened again by the next poll, tried after a wait that
 * doubles with each failure (up to MAX_RETRY_SECONDS). A submission is tagged with a unique USRKEY; when the
 * connection breaks after JSUBM was sent, the queues are searched for the
 * tag instead of submitting again.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include <glib/gstdio.h>
#include <tiffio.h>
#include <glib/gi18n-lib.h>

#include "fax-document.h"
#include "fax-error.h"
#include "fax-hylafax-client.h"
#include "fax-job-private.h"
#include "fax-port-info.h"
#include "fax-received-fax-private.h"
#include "fax-server-private.h"

#define DEFAULT_POLL_SECONDS 5
/* While the server cannot be reached, the wait between attempts doubles
 * up to this */
#define MAX_RETRY_SECONDS    30

/* Free text last: a status may contain the separator */
#define MDMFMT "MDMFMT \"%m|%z|%n|%l|%s\""
#define JOBFMT "JOBFMT \"%j|%a|%o|%e|%P|%T|%Z|%m|%J|%R|%s\""
#define RCVFMT "RCVFMT \"%f|%z|%p|%b|%d|%h|%s|%e\""
#define N_MDM_FIELDS 5
#define N_JOB_FIELDS 11
#define N_RCV_FIELDS 8

struct _FaxHylafaxRemote
{
  char             *address;     /* hylafax://user@host:port */
  FaxHylafaxClient *control;
  FaxHylafaxClient *poll;
  char             *cache_dir;
  guint             poll_seconds;
  GSource          *poll_source;
  GCancellable     *cancellable;
  GWeakRef         *self_ref;    /* for poll callbacks */
  gboolean          polling;
  guint             failures;    /* polls failed in a row */
  guint             poll_seq;    /* counts polls started */
  GHashTable       *young;       /* job id -> poll_seq when it was submitted here */
  gboolean          loaded;      /* the first listing is in */
  GError           *connection_error;
  GHashTable       *modems;      /* stable id -> ModemInfo* */
  GHashTable       *disabled;    /* modem names we disabled for sending */
  gboolean          admin;
  char             *admin_refusal; /* the server's words when it is not */
};

typedef struct
{
  char     *number;
  char     *local_id;
  gboolean  receiving;
} ModemInfo;

static void
modem_info_free (ModemInfo *info)
{
  g_free (info->number);
  g_free (info->local_id);
  g_free (info);
}

/* ------------------------------------------------------------- listings */

typedef struct
{
  GPtrArray *modems;   /* GStrv */
  GPtrArray *jobs;     /* GStrv; the queue name appended */
  GPtrArray *faxes;    /* GStrv; cache path and received time appended */
  int        admin;    /* first listing: -1 unknown, 0 no, 1 administrator */
  char      *admin_refusal;
} Listing;

static void
listing_free (Listing *listing)
{
  g_clear_pointer (&listing->modems, g_ptr_array_unref);
  g_clear_pointer (&listing->jobs, g_ptr_array_unref);
  g_clear_pointer (&listing->faxes, g_ptr_array_unref);
  g_free (listing->admin_refusal);
  g_free (listing);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Listing, listing_free)

/* Splits a listing into rows of @n fields; the last field takes the rest */
static void
split_rows (GBytes    *bytes,
            guint      n,
            gboolean   skip_first,
            GPtrArray *rows)
{
  gsize size = 0;
  const char *data = g_bytes_get_data (bytes, &size);
  g_autofree char *text = data ? g_strndup (data, size) : g_strdup ("");
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);

  for (guint i = skip_first ? 1 : 0; lines[i]; i++)
    {
      char *line = lines[i];
      gsize len = strlen (line);
      char **fields;

      if (len > 0 && line[len - 1] == '\r')
        line[len - 1] = '\0';
      if (line[0] == '\0' || !g_utf8_validate (line, -1, NULL))
        continue;
      fields = g_strsplit (line, "|", n);
      if (g_strv_length (fields) != n)
        {
          g_strfreev (fields);
          continue;
        }
      for (guint j = 0; j < n; j++)
        g_strstrip (fields[j]);
      g_ptr_array_add (rows, fields);
    }
}

static char **
strv_append (char       **strv,
             const char  *value)
{
  guint n = g_strv_length (strv);

  strv = g_renew (char *, strv, n + 2);
  strv[n] = g_strdup (value);
  strv[n + 1] = NULL;
  return strv;
}

/* Received faxes are named by the server (fax000000012.tif): take only
 * plain names as cache file names */
static gboolean
safe_file_name (const char *name)
{
  if (name[0] == '\0' || name[0] == '.' || strlen (name) > 200)
    return FALSE;
  for (const char *p = name; *p; p++)
    if (!g_ascii_isalnum (*p) && *p != '.' && *p != '-' && *p != '_')
      return FALSE;
  return TRUE;
}

/* 20261125005956 (GMT) */
static gint64
parse_mdtm (const char *text)
{
  g_autoptr(GDateTime) dt = NULL;
  int y, mo, d, h, mi, s;

  if (text == NULL || sscanf (text, "%4d%2d%2d%2d%2d%2d", &y, &mo, &d, &h, &mi, &s) != 6)
    return 0;
  dt = g_date_time_new_utc (y, mo, d, h, mi, s);
  return dt ? g_date_time_to_unix (dt) : 0;
}

static gboolean
fetch_fax (FaxHylafaxClient  *client,
           const char        *name,
           const char        *dest,
           GCancellable      *cancellable,
           GError           **error)
{
  g_autofree char *part = g_strconcat (dest, ".part", NULL);
  g_autofree char *remote = g_strconcat ("recvq/", name, NULL);
  g_autoptr(GFile) file = g_file_new_for_path (part);
  g_autoptr(GFileOutputStream) out = NULL;
  int fd;

  /* Private from the first byte */
  fd = g_open (part, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0)
    {
      int errsv = errno;
      g_set_error (error, FAX_ERROR, FAX_ERROR_FAILED,
                   _("Cannot write %s: %s"), part, g_strerror (errsv));
      return FALSE;
    }
  close (fd);

  out = g_file_append_to (file, G_FILE_CREATE_PRIVATE, cancellable, error);
  if (out == NULL ||
      !fax_hylafax_client_retrieve (client, remote, G_OUTPUT_STREAM (out), cancellable, error) ||
      !g_output_stream_close (G_OUTPUT_STREAM (out), cancellable, error) ||
      g_rename (part, dest) != 0)
    {
      g_unlink (part);
      if (error != NULL && *error == NULL)
        g_set_error (error, FAX_ERROR, FAX_ERROR_FAILED, _("Cannot write %s"), dest);
      return FALSE;
    }
  return TRUE;
}

static gpointer
poll_func (FaxHylafaxClient  *client,
           gpointer           data,
           GCancellable      *cancellable,
           GError           **error)
{
  const char *cache_dir = data;
  g_autoptr(Listing) listing = g_new0 (Listing, 1);
  g_autoptr(GBytes) status = NULL;

  listing->admin = -1;
  g_autoptr(GBytes) sendq = NULL;
  g_autoptr(GBytes) doneq = NULL;
  g_autoptr(GBytes) recvq = NULL;
  g_autoptr(GPtrArray) jobs = g_ptr_array_new_with_free_func ((GDestroyNotify)g_strfreev);

  listing->modems = g_ptr_array_new_with_free_func ((GDestroyNotify)g_strfreev);
  listing->jobs = g_ptr_array_new_with_free_func ((GDestroyNotify)g_strfreev);
  listing->faxes = g_ptr_array_new_with_free_func ((GDestroyNotify)g_strfreev);

  if (!fax_hylafax_client_expect (client, NULL, cancellable, error, "%s", MDMFMT) ||
      (status = fax_hylafax_client_list (client, "status", cancellable, error)) == NULL ||
      !fax_hylafax_client_expect (client, NULL, cancellable, error, "%s", JOBFMT) ||
      (sendq = fax_hylafax_client_list (client, "sendq", cancellable, error)) == NULL ||
      (doneq = fax_hylafax_client_list (client, "doneq", cancellable, error)) == NULL ||
      !fax_hylafax_client_expect (client, NULL, cancellable, error, "%s", RCVFMT) ||
      (recvq = fax_hylafax_client_list (client, "recvq", cancellable, error)) == NULL)
    {
      fax_hylafax_client_abandon (client);
      return NULL;
    }

  /* The first line of the status listing is the scheduler's */
  split_rows (status, N_MDM_FIELDS, TRUE, listing->modems);

  split_rows (sendq, N_JOB_FIELDS, FALSE, jobs);
  while (jobs->len > 0)
    g_ptr_array_add (listing->jobs, strv_append (g_ptr_array_steal_index (jobs, 0), "sendq"));
  split_rows (doneq, N_JOB_FIELDS, FALSE, jobs);
  while (jobs->len > 0)
    g_ptr_array_add (listing->jobs, strv_append (g_ptr_array_steal_index (jobs, 0), "doneq"));

  split_rows (recvq, N_RCV_FIELDS, FALSE, jobs);
  if (g_mkdir_with_parents (cache_dir, 0700) != 0)
    {
      int errsv = errno;
      g_set_error (error, FAX_ERROR, FAX_ERROR_FAILED,
                   _("Cannot create the cache of received faxes %s: %s"),
                   cache_dir, g_strerror (errsv));
      fax_hylafax_client_disconnect (client);
      return NULL;
    }
  for (guint i = 0; i < jobs->len; i++)
    {
      char **row = g_ptr_array_index (jobs, i);
      const char *name = row[0];
      g_autofree char *dest = NULL;
      g_autofree char *stamp = NULL;
      g_autofree char *mdtm = NULL;
      g_autoptr(GError) local_error = NULL;

      if (!safe_file_name (name) || g_str_equal (row[1], "*"))
        continue;   /* still being received: next time */

      dest = g_build_filename (cache_dir, name, NULL);
      if (!g_file_test (dest, G_FILE_TEST_EXISTS) &&
          !fetch_fax (client, name, dest, cancellable, &local_error))
        {
          if (!fax_hylafax_client_is_connected (client))
            {
              g_propagate_error (error, g_steal_pointer (&local_error));
              return NULL;
            }
          /* One unreadable fax (mode 0600 on the server) hides no other */
          g_debug ("not fetching %s: %s", name, local_error->message);
          continue;
        }

      if (fax_hylafax_client_command (client, &mdtm, cancellable, NULL, "MDTM recvq/%s", name) != 213)
        g_clear_pointer (&mdtm, g_free);
      stamp = g_strdup_printf ("%" G_GINT64_FORMAT, parse_mdtm (mdtm));
      g_ptr_array_add (listing->faxes, strv_append (strv_append (g_strdupv (row), dest), stamp));
    }

  /* A fresh session next time: this one's view of jobs may be stale */
  fax_hylafax_client_disconnect (client);

  return g_steal_pointer (&listing);
}

/* ------------------------------------------------------ applying listings */

static FaxPortState
modem_state (const char *alive,
             const char *status)
{
  g_autofree char *s = g_ascii_strdown (status, -1);

  if (strstr (s, "sending") != NULL)
    return FAX_PORT_STATE_SENDING;
  if (strstr (s, "receiving") != NULL)
    return FAX_PORT_STATE_RECEIVING;
  if (strstr (s, "answering") != NULL)
    return FAX_PORT_STATE_ANSWERED;
  if (strstr (s, "dialing") != NULL)
    return FAX_PORT_STATE_DIALING;
  if (strstr (s, "idle") != NULL)
    return FAX_PORT_STATE_AVAILABLE;
  if (strstr (s, "initializing") != NULL || strstr (s, "come ready") != NULL)
    return FAX_PORT_STATE_INITIALIZING;
  if (strstr (s, "come free") != NULL || strstr (s, "busy") != NULL)
    return FAX_PORT_STATE_BUSY;
  if (!g_str_equal (alive, "*"))
    return FAX_PORT_STATE_OFFLINE;
  return FAX_PORT_STATE_AVAILABLE;
}

static void
apply_modems (FaxServer *self,
              GPtrArray *rows)
{
  FaxHylafaxRemote *remote = self->remote;
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  gboolean changed = FALSE;

  for (guint i = 0; i < rows->len; i++)
    {
      char **row = g_ptr_array_index (rows, i);
      g_autofree char *stable_id = g_strconcat ("hylafax:", row[0], NULL);
      FaxPortEntry *entry = _fax_server_find_entry (self, stable_id);
      FaxPortState state = modem_state (row[1], row[4]);
      ModemInfo *info = g_new0 (ModemInfo, 1);

      if (row[0][0] == '\0')
        {
          modem_info_free (info);
          continue;
        }

      info->number = g_strdup (row[2]);
      info->local_id = g_strdup (row[3]);
      info->receiving = g_str_equal (row[1], "*");
      g_hash_table_replace (remote->modems, g_strdup (stable_id), info);

      if (entry == NULL)
        {
          entry = g_new0 (FaxPortEntry, 1);
          entry->stable_id = g_strdup (stable_id);
          entry->path = g_strdup (row[0]);
          entry->name = g_strdup (row[0]);
          entry->model = g_strdup ("HylaFAX");
          entry->device_id = self->next_device_id++;
          entry->seq = self->next_seq++;
          entry->priority = self->entries->len + 1;
          entry->present = TRUE;
          entry->state = state;
          entry->status_text = g_strdup (row[4]);
          g_ptr_array_add (self->entries, entry);
          changed = TRUE;
        }
      else
        {
          if (!entry->present)
            {
              entry->present = TRUE;
              entry->device_id = self->next_device_id++;
              changed = TRUE;
            }
          if (entry->state != state || g_strcmp0 (entry->status_text, row[4]) != 0)
            changed = TRUE;
          entry->state = state;
          g_free (entry->status_text);
          entry->status_text = g_strdup (row[4]);
        }
      g_hash_table_add (seen, g_steal_pointer (&stable_id));
    }

  for (guint i = 0; i < self->entries->len; i++)
    {
      FaxPortEntry *entry = g_ptr_array_index (self->entries, i);

      if (entry->present && !g_hash_table_contains (seen, entry->stable_id))
        {
          entry->present = FALSE;
          entry->state = FAX_PORT_STATE_UNAVAILABLE;
          g_free (entry->status_text);
          entry->status_text = g_strdup (_("The HylaFAX server no longer lists this modem"));
          changed = TRUE;
        }
    }

  if (changed)
    _fax_server_ports_changed (self);
}

static FaxJobState
job_state (const char *code,
           const char *status)
{
  switch (code[0])
    {
    case 'T': return FAX_JOB_STATE_PAUSED;
    case 'S': return FAX_JOB_STATE_RETRYING;
    case 'R': return FAX_JOB_STATE_SENDING;
    case 'D': return FAX_JOB_STATE_COMPLETED;
    case 'F':
      return strstr (status, "by request") != NULL ? FAX_JOB_STATE_CANCELLED : FAX_JOB_STATE_FAILED;
    default:  return FAX_JOB_STATE_QUEUED;   /* P, B, W, ? */
    }
}

static FaxEventType
job_event (FaxJobState state)
{
  switch (state)
    {
    case FAX_JOB_STATE_SENDING:   return FAX_EVENT_SENDING;
    case FAX_JOB_STATE_RETRYING:  return FAX_EVENT_RETRYING;
    case FAX_JOB_STATE_PAUSED:    return FAX_EVENT_PAUSED;
    case FAX_JOB_STATE_COMPLETED: return FAX_EVENT_COMPLETED;
    case FAX_JOB_STATE_FAILED:    return FAX_EVENT_FATAL_ERROR;
    case FAX_JOB_STATE_CANCELLED: return FAX_EVENT_DELETED;
    default:                      return FAX_EVENT_JOB_QUEUED;
    }
}

static void
parse_pair (const char *text,
            guint      *a,
            guint      *b)
{
  guint x = 0, y = 0;

  if (sscanf (text, "%u:%u", &x, &y) == 2)
    {
      *a = x;
      *b = y;
    }
}

static guint32
modem_device_id (FaxServer  *self,
                 const char *modem)
{
  g_autofree char *stable_id = g_strconcat ("hylafax:", modem, NULL);
  FaxPortEntry *entry = _fax_server_find_entry (self, stable_id);

  return entry != NULL && entry->present ? entry->device_id : 0;
}

static void
update_job_from_row (FaxServer *self,
                     FaxJob    *job,
                     char     **row)
{
  FaxJobState state = job_state (row[1], row[10]);
  guint sent = fax_job_get_pages_sent (job), total = fax_job_get_total_pages (job);
  guint tries = fax_job_get_attempts (job), max_tries = fax_job_get_max_attempts (job);
  gint64 when = g_ascii_strtoll (row[6], NULL, 10);
  gboolean finished = state == FAX_JOB_STATE_COMPLETED || state == FAX_JOB_STATE_FAILED ||
                      state == FAX_JOB_STATE_CANCELLED;
  gboolean known_modem = row[7][0] != '\0' && !g_str_equal (row[7], "any");

  parse_pair (row[4], &sent, &total);
  parse_pair (row[5], &tries, &max_tries);

  _fax_job_set_recipient_number (job, row[3]);
  _fax_job_set_recipient_name (job, row[9][0] ? row[9] : NULL);
  _fax_job_set_port_name (job, known_modem ? row[7] : NULL);
  _fax_job_set_device_id (job, known_modem ? modem_device_id (self, row[7]) : 0);
  _fax_job_set_pages_sent (job, sent);
  _fax_job_set_total_pages (job, total);
  _fax_job_set_attempts (job, tries);
  _fax_job_set_max_attempts (job, max_tries);
  if (fax_job_get_submitted (job) == 0)
    _fax_job_set_submitted (job, when);
  _fax_job_set_next_try (job, state == FAX_JOB_STATE_RETRYING || state == FAX_JOB_STATE_QUEUED ? when : 0);
  _fax_job_set_result_text (job, row[10][0] ? row[10] : NULL);
  if (finished && fax_job_get_finished (job) == 0)
    _fax_job_set_finished (job, g_get_real_time () / G_USEC_PER_SEC);
  _fax_job_set_state (job, state);
}

static void
apply_jobs (FaxServer *self,
            GPtrArray *rows,
            gboolean   emit)
{
  g_autoptr(GHashTable) seen = g_hash_table_new (NULL, NULL);
  guint n;

  for (guint i = 0; i < rows->len; i++)
    {
      char **row = g_ptr_array_index (rows, i);
      guint64 id;
      FaxJob *job;
      FaxJobState before;

      if (!g_ascii_string_to_unsigned (row[0], 10, 1, G_MAXUINT32, &id, NULL) ||
          g_hash_table_contains (seen, GUINT_TO_POINTER (id)))
        continue;
      g_hash_table_add (seen, GUINT_TO_POINTER (id));

      job = _fax_server_find_job (self, (guint32)id, NULL);
      if (job == NULL)
        {
          g_autoptr(FaxJob) fresh = g_object_new (FAX_TYPE_JOB, NULL);

          _fax_job_set_id (fresh, (guint32)id);
          _fax_job_set_use_ecm (fresh, TRUE);
          update_job_from_row (self, fresh, row);
          g_list_store_insert_sorted (self->jobs, fresh, _fax_server_compare_jobs, NULL);
          if (emit)
            _fax_server_emit_event (self, FAX_EVENT_JOB_QUEUED, fax_job_get_device_id (fresh),
                                    (guint32)id, fax_job_get_recipient_number (fresh));
          continue;
        }

      before = fax_job_get_state (job);
      update_job_from_row (self, job, row);
      if (emit && fax_job_get_state (job) != before)
        _fax_server_emit_event (self, job_event (fax_job_get_state (job)), fax_job_get_device_id (job),
                                (guint32)id, fax_job_get_result_text (job));
    }

  /* Jobs the server no longer lists were deleted; except those submitted
   * after this listing was asked for */
  n = g_list_model_get_n_items (G_LIST_MODEL (self->jobs));
  for (guint i = n; i > 0; i--)
    {
      g_autoptr(FaxJob) job = g_list_model_get_item (G_LIST_MODEL (self->jobs), i - 1);
      guint32 id = fax_job_get_id (job);
      gpointer submitted_at;

      if (g_hash_table_lookup_extended (self->remote->young, GUINT_TO_POINTER (id), NULL, &submitted_at))
        {
          if (g_hash_table_contains (seen, GUINT_TO_POINTER (id)) ||
              GPOINTER_TO_UINT (submitted_at) < self->remote->poll_seq)
            g_hash_table_remove (self->remote->young, GUINT_TO_POINTER (id));
          else
            continue;
        }
      if (!g_hash_table_contains (seen, GUINT_TO_POINTER (id)))
        {
          g_list_store_remove (self->jobs, i - 1);
          if (emit)
            _fax_server_emit_event (self, FAX_EVENT_DELETED, fax_job_get_device_id (job), id, NULL);
        }
    }
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

static void
apply_faxes (FaxServer *self,
             GPtrArray *rows,
             gboolean   emit)
{
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->inbox));

  for (guint i = 0; i < rows->len; i++)
    {
      char **row = g_ptr_array_index (rows, i);
      const char *path = row[N_RCV_FIELDS];
      gboolean known = FALSE;
      g_autoptr(FaxReceivedFax) fax = NULL;

      g_hash_table_add (seen, (gpointer)path);
      for (guint j = 0; j < n && !known; j++)
        {
          g_autoptr(FaxReceivedFax) item = g_list_model_get_item (G_LIST_MODEL (self->inbox), j);
          known = g_strcmp0 (fax_received_fax_get_path (item), path) == 0;
        }
      if (known)
        continue;

      fax = g_object_new (FAX_TYPE_RECEIVED_FAX, NULL);
      _fax_received_fax_set_path (fax, path);
      _fax_received_fax_set_received (fax, g_ascii_strtoll (row[N_RCV_FIELDS + 1], NULL, 10));
      _fax_received_fax_set_pages (fax, (guint)g_ascii_strtoull (row[2], NULL, 10));
      _fax_received_fax_set_bit_rate (fax, (guint)g_ascii_strtoull (row[3], NULL, 10));
      _fax_received_fax_set_compression (fax, row[4][0] ? row[4] : NULL);
      _fax_received_fax_set_remote_tsid (fax, row[6][0] ? row[6] : NULL);
      _fax_received_fax_set_result_text (fax, row[7][0] ? row[7] : NULL);
      _fax_received_fax_set_incomplete (fax, row[7][0] != '\0');
      _fax_received_fax_set_unread (fax, emit);
      g_list_store_insert_sorted (self->inbox, fax, compare_newest_first, NULL);
      if (emit)
        _fax_server_emit_event (self, FAX_EVENT_COMPLETED, 0, 0, path);
    }

  for (guint i = n = g_list_model_get_n_items (G_LIST_MODEL (self->inbox)); i > 0; i--)
    {
      g_autoptr(FaxReceivedFax) item = g_list_model_get_item (G_LIST_MODEL (self->inbox), i - 1);
      if (!g_hash_table_contains (seen, fax_received_fax_get_path (item)))
        g_list_store_remove (self->inbox, i - 1);
    }
}

static void
set_disconnected (FaxServer *self,
                  GError    *error)
{
  FaxHylafaxRemote *remote = self->remote;
  gboolean was_connected = remote->connection_error == NULL;

  g_clear_error (&remote->connection_error);
  remote->connection_error = g_error_copy (error);

  for (guint i = 0; i < self->entries->len; i++)
    {
      FaxPortEntry *entry = g_ptr_array_index (self->entries, i);
      g_free (entry->status_text);
      entry->status_text = g_strdup (error->message);
      entry->state = FAX_PORT_STATE_UNAVAILABLE;
    }
  _fax_server_ports_changed (self);

  if (was_connected)
    {
      g_debug ("Lost %s: %s", remote->address, error->message);
      _fax_server_notify_connected (self);
      _fax_server_emit_event (self, FAX_EVENT_FATAL_ERROR, 0, 0, error->message);
    }
}

static void
apply_listing (FaxServer *self,
               Listing   *listing)
{
  FaxHylafaxRemote *remote = self->remote;
  gboolean emit = remote->loaded;

  if (listing->admin >= 0)
    {
      remote->admin = listing->admin;
      g_free (remote->admin_refusal);
      remote->admin_refusal = g_strdup (listing->admin ? NULL : listing->admin_refusal);
    }
  apply_modems (self, listing->modems);
  apply_jobs (self, listing->jobs, emit);
  apply_faxes (self, listing->faxes, emit);
  remote->loaded = TRUE;

  if (remote->connection_error != NULL)
    {
      g_autofree char *message = g_strdup_printf (_("Connected to %s again"), remote->address);
      g_clear_error (&remote->connection_error);
      _fax_server_notify_connected (self);
      _fax_server_emit_event (self, FAX_EVENT_IDLE, 0, 0, message);
    }
}

/* ------------------------------------------------------------------ poll */

static gboolean poll_tick (gpointer user_data);

static void
schedule_poll (FaxServer *self,
               guint      seconds)
{
  FaxHylafaxRemote *remote = self->remote;

  if (remote->poll_source != NULL)
    {
      g_source_destroy (remote->poll_source);
      g_source_unref (remote->poll_source);
    }
  remote->poll_source = g_timeout_source_new_seconds (seconds);
  g_source_set_callback (remote->poll_source, poll_tick, self, NULL);
  g_source_set_static_name (remote->poll_source, "[fax-manager] HylaFAX poll");
  g_source_attach (remote->poll_source, g_main_context_get_thread_default ());
}

/* The next poll: soon while all is well, later and later while the
 * server cannot be reached */
static guint
next_poll_seconds (FaxHylafaxRemote *remote)
{
  guint seconds = remote->poll_seconds;

  for (guint i = 1; i < remote->failures && seconds < MAX_RETRY_SECONDS; i++)
    seconds *= 2;
  return remote->failures > 0 ? MIN (seconds, MAX (remote->poll_seconds, MAX_RETRY_SECONDS)) : seconds;
}

static void
poll_done_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  GWeakRef *ref = user_data;
  g_autoptr(FaxServer) self = g_weak_ref_get (ref);
  g_autoptr(GError) error = NULL;
  g_autoptr(Listing) listing = fax_hylafax_client_run_finish (FAX_HYLAFAX_CLIENT (object), result, &error);

  g_weak_ref_clear (ref);
  g_free (ref);

  if (self == NULL || self->remote == NULL)
    return;

  self->remote->polling = FALSE;
  if (listing != NULL)
    {
      self->remote->failures = 0;
      apply_listing (self, listing);
    }
  else if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      self->remote->failures++;
      set_disconnected (self, error);
    }
  else
    return;
  schedule_poll (self, next_poll_seconds (self->remote));
}

static void
start_poll (FaxServer *self)
{
  FaxHylafaxRemote *remote = self->remote;
  GWeakRef *ref;

  if (remote->polling)
    return;

  ref = g_new0 (GWeakRef, 1);
  g_weak_ref_init (ref, self);
  remote->polling = TRUE;
  remote->poll_seq++;
  fax_hylafax_client_run_async (remote->poll, poll_func, g_strdup (remote->cache_dir), g_free,
                                (GDestroyNotify)listing_free, remote->cancellable,
                                poll_done_cb, ref);
}

static gboolean
poll_tick (gpointer user_data)
{
  FaxServer *self = user_data;

  /* poll_done_cb () sets the next one */
  g_clear_pointer (&self->remote->poll_source, g_source_unref);
  start_poll (self);
  return G_SOURCE_REMOVE;
}

/* --------------------------------------------------------------- connect */

static void
remote_free (FaxHylafaxRemote *remote)
{
  if (remote->poll_source != NULL)
    {
      g_source_destroy (remote->poll_source);
      g_source_unref (remote->poll_source);
    }
  g_cancellable_cancel (remote->cancellable);
  g_clear_object (&remote->cancellable);
  if (remote->control != NULL)
    {
      /* QUIT would wait for a server that may be gone: just close */
      fax_hylafax_client_abandon (remote->control);
      g_object_unref (remote->control);
    }
  g_clear_object (&remote->poll);
  g_clear_error (&remote->connection_error);
  g_clear_pointer (&remote->modems, g_hash_table_unref);
  g_clear_pointer (&remote->disabled, g_hash_table_unref);
  g_clear_pointer (&remote->young, g_hash_table_unref);
  g_free (remote->address);
  g_free (remote->admin_refusal);
  g_free (remote->cache_dir);
  g_free (remote);
}

void
_fax_server_hylafax_dispose (FaxServer *self)
{
  g_clear_pointer (&self->remote, remote_free);
}

static FaxServer *
server_new (const char  *address,
            const char  *password,
            GError     **error)
{
  g_autoptr(FaxServer) self = NULL;
  g_autofree char *user = NULL;
  g_autofree char *host = NULL;
  g_autofree char *cache_name = NULL;
  g_autofree char *host_text = NULL;
  FaxHylafaxRemote *remote;
  const char *poll_env = g_getenv ("FAX_MANAGER_HYLAFAX_POLL");
  const char *timeout_env = g_getenv ("FAX_MANAGER_HYLAFAX_TIMEOUT");
  guint16 port;

  if (!fax_hylafax_parse_address (address, &user, &host, &port, error))
    return NULL;

  self = g_object_new (FAX_TYPE_SERVER, NULL);
  remote = self->remote = g_new0 (FaxHylafaxRemote, 1);
  remote->control = fax_hylafax_client_new (host, port, user, password);
  remote->poll = fax_hylafax_client_new (host, port, user, password);
  if (timeout_env != NULL)
    {
      guint timeout = CLAMP (g_ascii_strtoull (timeout_env, NULL, 10), 1, 3600);
      fax_hylafax_client_set_timeout (remote->control, timeout);
      fax_hylafax_client_set_timeout (remote->poll, timeout);
    }
  g_free (user);
  user = g_strdup (fax_hylafax_client_get_user (remote->control));
  host_text = strchr (host, ':') ? g_strdup_printf ("[%s]", host) : g_strdup (host);
  remote->address = g_strdup_printf ("hylafax://%s@%s:%u", user, host_text, port);
  cache_name = g_strdup_printf ("%s@%s_%u", user, host, port);
  g_strdelimit (cache_name, "/:", '_');
  remote->cache_dir = g_build_filename (g_get_user_cache_dir (), "fax-manager", "hylafax", cache_name, NULL);
  remote->cancellable = g_cancellable_new ();
  remote->modems = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify)modem_info_free);
  remote->disabled = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  remote->young = g_hash_table_new (NULL, NULL);
  remote->poll_seconds = DEFAULT_POLL_SECONDS;
  if (poll_env != NULL)
    remote->poll_seconds = CLAMP (g_ascii_strtoull (poll_env, NULL, 10), 1, 3600);

  self->machine_name = g_strdup (remote->address);
  self->jobs = g_list_store_new (FAX_TYPE_JOB);
  self->inbox = g_list_store_new (FAX_TYPE_RECEIVED_FAX);
  self->inbox_dir = g_strdup (remote->cache_dir);

  return g_steal_pointer (&self);
}

static void
start_polling (FaxServer *self)
{
  schedule_poll (self, self->remote->poll_seconds);
}

/* Logs in on the control connection and lists everything once */
static gpointer
first_poll_func (FaxHylafaxClient  *client,
                 gpointer           data,
                 GCancellable      *cancellable,
                 GError           **error)
{
  FaxHylafaxRemote *remote = data;
  g_autofree char *text = NULL;
  Listing *listing;
  guint code;

  if (!fax_hylafax_client_ensure_connected (remote->control, cancellable, error))
    return NULL;

  /* Whether this user may change modems, found out here once so that
   * opening a port for changes never waits for the server: a harmless
   * admin-only command is refused (530) unless ADMIN with the login
   * password is accepted; the control connection then asks for ADMIN
   * again whenever it logs in anew */
  fax_hylafax_client_lock (remote->control);
  code = fax_hylafax_client_command (remote->control, &text, cancellable, error, "SITE CONFIG");
  if (code == 530)
    {
      g_autofree char *admin_text = NULL;

      if (fax_hylafax_client_admin (remote->control, &admin_text, cancellable, NULL) == 230)
        code = 200;
    }
  if (code / 100 == 2)
    fax_hylafax_client_set_admin_on_login (remote->control, TRUE);
  fax_hylafax_client_unlock (remote->control);
  if (code == 0)
    return NULL;

  listing = poll_func (client, remote->cache_dir, cancellable, error);
  if (listing != NULL)
    {
      listing->admin = code / 100 == 2;
      listing->admin_refusal = g_steal_pointer (&text);
    }
  return listing;
}

FaxServer *
_fax_server_hylafax_connect (const char    *address,
                             const char    *password,
                             GCancellable  *cancellable,
                             GError       **error)
{
  g_autoptr(FaxServer) self = server_new (address, password, error);
  g_autoptr(Listing) listing = NULL;

  if (self == NULL)
    return NULL;

  fax_hylafax_client_lock (self->remote->poll);
  listing = first_poll_func (self->remote->poll, self->remote, cancellable, error);
  fax_hylafax_client_unlock (self->remote->poll);
  if (listing == NULL)
    return NULL;

  apply_listing (self, listing);
  start_polling (self);
  return g_steal_pointer (&self);
}

static void
connect_done_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  FaxServer *self = g_task_get_task_data (task);
  GError *error = NULL;
  g_autoptr(Listing) listing = fax_hylafax_client_run_finish (FAX_HYLAFAX_CLIENT (object), result, &error);

  if (listing == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  apply_listing (self, listing);
  start_polling (self);
  g_task_return_pointer (task, g_object_ref (self), g_object_unref);
}

void
_fax_server_hylafax_connect_async (const char          *address,
                                   const char          *password,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);
  GError *error = NULL;
  FaxServer *self = server_new (address, password, &error);

  g_task_set_source_tag (task, _fax_server_hylafax_connect_async);
  if (self == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  g_task_set_task_data (task, self, g_object_unref);
  fax_hylafax_client_run_async (self->remote->poll, first_poll_func, self->remote, NULL,
                                (GDestroyNotify)listing_free, cancellable,
                                connect_done_cb, g_steal_pointer (&task));
}

/* ----------------------------------------------------------------- state */

gboolean
_fax_server_hylafax_check (FaxServer  *self,
                           GError    **error)
{
  if (self->remote->connection_error != NULL)
    {
      g_propagate_error (error, g_error_copy (self->remote->connection_error));
      return FALSE;
    }
  return TRUE;
}

void
_fax_server_hylafax_poll_now (FaxServer *self)
{
  start_poll (self);
}

FaxPortInfo *
_fax_server_hylafax_dup_info (FaxServer    *self,
                              FaxPortEntry *entry)
{
  FaxPortInfo *info = fax_port_info_new ();
  ModemInfo *modem = g_hash_table_lookup (self->remote->modems, entry->stable_id);
  FaxPortFlags flags = 0;
  const char *id = NULL;

  if (modem != NULL)
    {
      id = modem->local_id && modem->local_id[0] ? modem->local_id : modem->number;
      if (modem->receiving)
        flags |= FAX_PORT_FLAG_RECEIVE;
    }
  if (!g_hash_table_contains (self->remote->disabled, entry->name))
    flags |= FAX_PORT_FLAG_SEND;
  if (id != NULL && !fax_station_id_is_valid (id, NULL))
    id = NULL;

  fax_port_info_set_device_id (info, entry->device_id);
  fax_port_info_set_device_name (info, entry->name);
  fax_port_info_set_state (info, entry->state);
  fax_port_info_set_flags (info, flags);
  fax_port_info_set_rings (info, 0);
  fax_port_info_set_priority (info, entry->priority);
  fax_port_info_set_tsid (info, id ? id : "");
  fax_port_info_set_csid (info, id ? id : "");
  fax_port_info_set_device_path (info, entry->path);
  fax_port_info_set_manufacturer (info, entry->manufacturer);
  fax_port_info_set_model (info, entry->model);
  fax_port_info_set_stable_id (info, entry->stable_id);
  fax_port_info_set_status_text (info, entry->status_text);
  return info;
}

/* Modify access on a HylaFAX modem is what the server's administrators
 * have: the ADMIN command with the user's password. Anyone else gets the
 * server's own refusal. */
gboolean
_fax_server_hylafax_open_modify (FaxServer     *self,
                                 FaxPortEntry  *entry,
                                 GError       **error)
{
  FaxHylafaxRemote *remote = self->remote;

  /* Known since the connection was made: nothing to wait for here */
  if (remote->admin)
    return TRUE;
  g_set_error (error, FAX_ERROR, FAX_ERROR_ACCESS_DENIED,
               _("The HylaFAX server does not let %s change %s: “%s”"),
               fax_hylafax_client_get_user (remote->control), entry->name,
               remote->admin_refusal ? remote->admin_refusal : "");
  return FALSE;
}

gboolean
_fax_server_hylafax_apply_info (FaxServer     *self,
                                FaxPortEntry  *entry,
                                FaxPortInfo   *info,
                                GError       **error)
{
  g_autoptr(FaxPortInfo) now = _fax_server_hylafax_dup_info (self, entry);
  FaxPortFlags flags = fax_port_info_get_flags (info);
  gboolean send = !!(flags & FAX_PORT_FLAG_SEND);

  if (fax_port_info_get_device_id (info) != entry->device_id ||
      g_strcmp0 (fax_port_info_get_device_name (info), entry->name) != 0)
    {
      g_set_error_literal (error, FAX_ERROR, FAX_ERROR_INVALID_PARAMETER,
                           _("The DeviceId and the device name cannot be changed"));
      return FALSE;
    }

  if ((flags & FAX_PORT_FLAG_RECEIVE) != (fax_port_info_get_flags (now) & FAX_PORT_FLAG_RECEIVE) ||
      (flags & FAX_PORT_FLAG_VIRTUAL) ||
      fax_port_info_get_rings (info) != fax_port_info_get_rings (now) ||
      fax_port_info_get_priority (info) != fax_port_info_get_priority (now) ||
      g_strcmp0 (fax_port_info_get_tsid (info), fax_port_info_get_tsid (now)) != 0 ||
      g_strcmp0 (fax_port_info_get_csid (info), fax_port_info_get_csid (now)) != 0)
    {
      g_set_error (error, FAX_ERROR, FAX_ERROR_INVALID_PARAMETER,
                   _("On a HylaFAX server only sending can be switched on or off from here; rings, receiving and the station ids of %s are set in the server's modem configuration (etc/config.<device>)"),
                   entry->name);
      return FALSE;
    }

  /* faxq keeps no state a client can read back: say it every time */
  if (!fax_hylafax_client_expect (self->remote->control, NULL, NULL, error,
                                  send ? "ENABLE %s" : "DISABLE %s", entry->name))
    return FALSE;

  if (send)
    g_hash_table_remove (self->remote->disabled, entry->name);
  else
    g_hash_table_add (self->remote->disabled, g_strdup (entry->name));
  _fax_server_ports_changed (self);
  return TRUE;
}

/* ------------------------------------------------------------------ jobs */

typedef struct
{
  const char * const *documents;
  const char         *number;
  const char         *recipient_name;
  const char         *modem;
  const FaxJobOptions *options;
  const char         *usrkey;
  gboolean            submit_sent;
} Submission;

static char *
quote (const char *text)
{
  GString *s = g_string_new ("\"");

  for (const char *p = text; *p; p++)
    {
      if (*p == '"' || *p == '\\')
        g_string_append_c (s, '\\');
      if ((guchar)*p >= 0x20)
        g_string_append_c (s, *p);
    }
  g_string_append_c (s, '"');
  return g_string_free (s, FALSE);
}

/* 196 for fine documents, 98 for normal ones: hfaxd images documents at
 * the job's VRES, and its default is normal */
static guint
document_vres (const char *path)
{
  TIFF *tiff;
  float yres = 0;
  guint16 unit = RESUNIT_INCH;

  TIFFSetWarningHandler (NULL);
  TIFFSetErrorHandler (NULL);
  tiff = TIFFOpen (path, "r");
  if (tiff == NULL)
    return 98;
  TIFFGetField (tiff, TIFFTAG_YRESOLUTION, &yres);
  TIFFGetFieldDefaulted (tiff, TIFFTAG_RESOLUTIONUNIT, &unit);
  TIFFClose (tiff);
  if (unit == RESUNIT_CENTIMETER)
    yres *= 2.54f;
  return yres > 150 ? 196 : 98;
}

static guint32
submit_once (FaxHylafaxClient  *client,
             Submission        *sub,
             GError           **error)
{
  g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *text = NULL;
  g_autofree char *number = quote (sub->number);
  g_autofree char *usrkey = quote (sub->usrkey);
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) at = NULL;
  g_autofree char *sendtime = NULL;
  const FaxJobOptions *o = sub->options;
  guint lifetime_min, tries = MAX (1, o->max_attempts);
  g_autofree char *digits = NULL;
  const char *id_text;
  guint64 id = 0;

  for (guint i = 0; sub->documents[i]; i++)
    {
      g_autoptr(GFile) file = g_file_new_for_path (sub->documents[i]);
      g_autoptr(GFileInputStream) in = g_file_read (file, NULL, error);
      char *name;

      if (in == NULL)
        return 0;
      name = fax_hylafax_client_store_temp (client, G_INPUT_STREAM (in), NULL, error);
      if (name == NULL)
        return 0;
      g_ptr_array_add (files, name);
    }

  if (o->send_at > g_date_time_to_unix (now))
    at = g_date_time_new_from_unix_utc (o->send_at);
  sendtime = at ? g_date_time_format (at, "%Y%m%d%H%M") : g_strdup ("NOW");
  /* Time enough for every attempt, and at least three hours */
  lifetime_min = MAX (180, (tries * (o->retry_delay + 300)) / 60);

  /* JNEW copies the current job: start from the defaults */
  if (!fax_hylafax_client_expect (client, NULL, NULL, error, "JOB default") ||
      !fax_hylafax_client_expect (client, &text, NULL, error, "JNEW"))
    return 0;
  id_text = strstr (text, "jobid: ");
  if (id_text != NULL)
    digits = g_strndup (id_text + 7, strspn (id_text + 7, "0123456789"));
  if (digits == NULL || !g_ascii_string_to_unsigned (digits, 10, 1, G_MAXUINT32, &id, NULL))
    {
      g_set_error (error, FAX_ERROR, FAX_ERROR_FAILED,
                   _("The HylaFAX server did not give the new job a number: “%s”"), text);
      return 0;
    }

  if (!fax_hylafax_client_expect (client, NULL, NULL, error, "JPARM NOTIFY NONE") ||
      !fax_hylafax_client_expect (client, NULL, NULL, error, "JPARM DIALSTRING %s", number) ||
      !fax_hylafax_client_expect (client, NULL, NULL, error, "JPARM EXTERNAL %s", number) ||
      !fax_hylafax_client_expect (client, NULL, NULL, error, "JPARM SENDTIME %s", sendtime) ||
      !fax_hylafax_client_expect (client, NULL, NULL, error, "JPARM LASTTIME %02u%02u%02u",
                                  lifetime_min / 1440, (lifetime_min / 60) % 24, lifetime_min % 60) ||
      !fax_hylafax_client_expect (client, NULL, NULL, error, "JPARM MAXTRIES %u", tries) ||
      !fax_hylafax_client_expect (client, NULL, NULL, error, "JPARM MAXDIALS %u", tries * 4) ||
      !fax_hylafax_client_expect (client, NULL, NULL, error, "JPARM RETRYTIME %02u%02u",
                                  MIN (o->retry_delay / 60, 99), o->retry_delay % 60) ||
      !fax_hylafax_client_expect (client, NULL, NULL, error, "JPARM USEECM %s", o->use_ecm ? "YES" : "NO") ||
      !fax_hylafax_client_expect (client, NULL, NULL, error, "JPARM VRES %u", document_vres (sub->documents[0])) ||
      !fax_hylafax_client_expect (client, NULL, NULL, error, "JPARM USRKEY %s", usrkey))
    return 0;

  if (sub->recipient_name != NULL && sub->recipient_name[0] != '\0')
    {
      g_autofree char *name = quote (sub->recipient_name);
      if (!fax_hylafax_client_expect (client, NULL, NULL, error, "JPARM TOUSER %s", name))
        return 0;
    }
  if (sub->modem != NULL &&
      !fax_hylafax_client_expect (client, NULL, NULL, error, "JPARM MODEM %s", sub->modem))
    return 0;
  for (guint i = 0; i < files->len; i++)
    if (!fax_hylafax_client_expect (client, NULL, NULL, error, "JPARM DOCUMENT %s",
                                    (char *)g_ptr_array_index (files, i)))
      return 0;

  sub->submit_sent = TRUE;
  g_clear_pointer (&text, g_free);
  if (!fax_hylafax_client_expect (client, &text, NULL, error, "JSUBM"))
    {
      /* After a refused JSUBM hfaxd's session misbehaves: start a new one */
      if (fax_hylafax_client_is_connected (client))
        {
          fax_hylafax_client_disconnect (client);
          sub->submit_sent = FALSE;   /* refused: nothing was queued */
        }
      return 0;
    }
  return (guint32)id;
}

/* The job that carries @usrkey, if the server queued it */
static guint32
find_submitted (FaxHylafaxClient *client,
                const char       *usrkey)
{
  const char * const queues[] = { "sendq", "doneq" };

  for (guint q = 0; q < G_N_ELEMENTS (queues); q++)
    {
      g_autoptr(GBytes) bytes = NULL;
      g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify)g_strfreev);

      if (!fax_hylafax_client_expect (client, NULL, NULL, NULL, "%s", JOBFMT) ||
          (bytes = fax_hylafax_client_list (client, queues[q], NULL, NULL)) == NULL)
        return 0;
      split_rows (bytes, N_JOB_FIELDS, FALSE, rows);
      for (guint i = 0; i < rows->len; i++)
        {
          char **row = g_ptr_array_index (rows, i);
          if (g_str_equal (row[8], usrkey))
            return (guint32)g_ascii_strtoull (row[0], NULL, 10);
        }
    }
  return 0;
}

/* TRUE when every document starts as a TIFF file; hfaxd converts
 * TIFFs itself (tiff2fax), everything else is converted here */
static gboolean
all_tiff (const char * const *documents)
{
  for (guint i = 0; documents[i]; i++)
    {
      char magic[4] = { 0 };
      FILE *f = g_fopen (documents[i], "rbe");
      gsize got = f ? fread (magic, 1, 4, f) : 0;

      if (f != NULL)
        fclose (f);
      if (got != 4 || (memcmp (magic, "II*\0", 4) != 0 && memcmp (magic, "MM\0*", 4) != 0))
        return FALSE;
    }
  return TRUE;
}

/* PDF, images, text: one TIFF-F (fine, G4) in a private folder */
static char *
convert_documents (const char * const  *documents,
                   GCancellable        *cancellable,
                   GError             **error)
{
  g_autoptr(FaxDocument) document = fax_document_new ();
  g_autofree char *dir = g_dir_make_tmp ("fax-manager-hylafax-XXXXXX", error);
  g_autofree char *path = NULL;
  g_autoptr(GFile) output = NULL;

  if (dir == NULL)
    return NULL;
  path = g_build_filename (dir, "document.tif", NULL);
  output = g_file_new_for_path (path);
  for (guint i = 0; documents[i] != NULL; i++)
    {
      g_autoptr(GFile) file = g_file_new_for_path (documents[i]);
      fax_document_add_file (document, file);
    }
  fax_document_set_resolution (document, FAX_RESOLUTION_FINE);
  fax_document_set_compression (document, FAX_COMPRESSION_G4);
  if (fax_document_convert (document, output, NULL, NULL, cancellable, error) == 0)
    {
      g_rmdir (dir);
      return NULL;
    }
  return g_steal_pointer (&path);
}

static void
remove_converted (const char *path)
{
  g_autofree char *dir = g_path_get_dirname (path);

  g_unlink (path);
  g_rmdir (dir);
}

static gboolean
check_documents (const char * const  *documents,
                 GError             **error)
{
  /* The server takes documents as they are: check that they are TIFF */
  for (guint i = 0; documents[i]; i++)
    {
      char magic[4] = { 0 };
      FILE *f = g_fopen (documents[i], "rbe");
      gsize got = f ? fread (magic, 1, 4, f) : 0;

      if (f == NULL)
        {
          int errsv = errno;
          g_set_error (error, FAX_ERROR, FAX_ERROR_INVALID_PARAMETER,
                       _("Cannot read %s: %s"), documents[i], g_strerror (errsv));
          return FALSE;
        }
      fclose (f);
      if (got != 4 || (memcmp (magic, "II*\0", 4) != 0 && memcmp (magic, "MM\0*", 4) != 0))
        {
          g_set_error (error, FAX_ERROR, FAX_ERROR_INVALID_PARAMETER,
                       _("%s is not a TIFF file; fax documents are sent as TIFF-F pages"),
                       documents[i]);
          return FALSE;
        }
    }
  return TRUE;
}

/* Everything a submission needs, owned, so that it may run in a worker */
typedef struct
{
  char          **documents;
  char           *number;
  char           *recipient_name;
  char           *modem;
  guint32         device_id;
  FaxJobOptions   options;
  char           *usrkey;
  GWeakRef        server;
} RemoteSubmission;

static void
remote_submission_free (RemoteSubmission *rs)
{
  g_strfreev (rs->documents);
  g_free (rs->number);
  g_free (rs->recipient_name);
  g_free (rs->modem);
  g_free (rs->usrkey);
  g_weak_ref_clear (&rs->server);
  g_free (rs);
}

static RemoteSubmission *
remote_submission_new (FaxServer           *self,
                       const char * const  *documents,
                       const char          *number,
                       const char          *recipient_name,
                       guint32              device_id,
                       const FaxJobOptions *options)
{
  RemoteSubmission *rs = g_new0 (RemoteSubmission, 1);
  FaxPortEntry *entry = device_id ? _fax_server_lookup_entry (self, device_id) : NULL;
  g_autofree char *uuid = g_uuid_string_random ();

  rs->documents = g_strdupv ((char **)documents);
  rs->number = g_strdup (number);
  rs->recipient_name = g_strdup (recipient_name);
  rs->modem = entry ? g_strdup (entry->name) : NULL;
  rs->device_id = device_id;
  if (options != NULL)
    rs->options = *options;
  else
    fax_job_options_init (&rs->options);
  rs->usrkey = g_strconcat ("fax-manager:", uuid, NULL);
  g_weak_ref_init (&rs->server, self);
  return rs;
}

/* Blocking: uploads and submits on the control connection; returns the
 * job id. Never submits twice: after a break past JSUBM the queues are
 * searched for the submission's USRKEY instead. */
static gpointer
submit_func (FaxHylafaxClient  *client,
             gpointer           data,
             GCancellable      *cancellable,
             GError           **error)
{
  RemoteSubmission *rs = data;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *converted = NULL;
  const char *single[2] = { NULL, NULL };
  Submission sub = { (const char * const *)rs->documents, rs->number, rs->recipient_name,
                     rs->modem, &rs->options, rs->usrkey, FALSE };
  guint32 id;

  if (!all_tiff ((const char * const *)rs->documents))
    {
      converted = convert_documents ((const char * const *)rs->documents, cancellable, error);
      if (converted == NULL)
        return NULL;
      single[0] = converted;
      sub.documents = single;
    }
  else if (!check_documents ((const char * const *)rs->documents, error))
    return NULL;

  id = submit_once (client, &sub, &local_error);
  /* A lost connection (the client dropped it): not a refusal by the
   * server, which keeps the session, nor a refused login */
  if (id == 0 && !fax_hylafax_client_is_connected (client) &&
      g_error_matches (local_error, FAX_ERROR, FAX_ERROR_FAILED))
    {
      if (sub.submit_sent)
        {
          /* The connection broke after JSUBM was sent: the server may
           * have queued the job and the reply got lost. Look before doing
           * anything. */
          id = find_submitted (client, rs->usrkey);
          if (id == 0 && fax_hylafax_client_is_connected (client))
            g_prefix_error (&local_error, "%s ", _("The job was not submitted; send it again."));
          else if (id == 0)
            g_prefix_error (&local_error, "%s ",
                            _("The connection broke while the job was submitted; whether the server queued it is unknown, look at the outbox before sending it again."));
        }
      else
        {
          /* Nothing was queued (an unsubmitted job dies with its session):
           * one more try on a new connection */
          g_debug ("Submission broke off before JSUBM (%s): once more", local_error->message);
          g_clear_error (&local_error);
          id = submit_once (client, &sub, &local_error);
          if (id == 0 && sub.submit_sent && !fax_hylafax_client_is_connected (client) &&
              g_error_matches (local_error, FAX_ERROR, FAX_ERROR_FAILED))
            {
              id = find_submitted (client, rs->usrkey);
              if (id == 0)
                g_prefix_error (&local_error, "%s ",
                                _("The connection broke while the job was submitted; whether the server queued it is unknown, look at the outbox before sending it again."));
            }
          else if (id == 0 && !sub.submit_sent)
            g_prefix_error (&local_error, "%s ", _("The job was not submitted; send it again when the server can be reached."));
        }
    }

  if (converted != NULL)
    remove_converted (converted);
  if (id == 0)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }
  return GUINT_TO_POINTER (id);
}

static FaxJob *
register_job (FaxServer        *self,
              RemoteSubmission *rs,
              guint32           id)
{
  FaxJob *known = _fax_server_find_job (self, id, NULL);
  g_autoptr(FaxJob) job = NULL;

  if (known != NULL)
    return g_object_ref (known);

  job = g_object_new (FAX_TYPE_JOB, NULL);
  _fax_job_set_id (job, id);
  _fax_job_set_state (job, FAX_JOB_STATE_QUEUED);
  _fax_job_set_recipient_number (job, rs->number);
  _fax_job_set_recipient_name (job, rs->recipient_name);
  _fax_job_set_device_id (job, rs->device_id);
  _fax_job_set_port_name (job, rs->modem);
  _fax_job_set_max_attempts (job, MAX (1, rs->options.max_attempts));
  _fax_job_set_retry_delay (job, rs->options.retry_delay);
  _fax_job_set_next_try (job, rs->options.send_at);
  _fax_job_set_submitted (job, g_get_real_time () / G_USEC_PER_SEC);
  _fax_job_set_use_ecm (job, rs->options.use_ecm);
  _fax_job_set_page_header (job, rs->options.page_header);
  g_list_store_insert_sorted (self->jobs, job, _fax_server_compare_jobs, NULL);
  /* A poll under way may have listed the queues before it was there */
  g_hash_table_insert (self->remote->young, GUINT_TO_POINTER (id),
                       GUINT_TO_POINTER (self->remote->poll_seq));
  _fax_server_emit_event (self, FAX_EVENT_JOB_QUEUED, rs->device_id, id, rs->number);

  return g_steal_pointer (&job);
}

FaxJob *
_fax_server_hylafax_submit_job (FaxServer           *self,
                                const char * const  *documents,
                                const char          *number,
                                const char          *recipient_name,
                                guint32              device_id,
                                const FaxJobOptions *options,
                                GError             **error)
{
  RemoteSubmission *rs = remote_submission_new (self, documents, number, recipient_name, device_id, options);
  FaxHylafaxClient *client = self->remote->control;
  FaxJob *job = NULL;
  guint32 id;

  fax_hylafax_client_lock (client);
  id = GPOINTER_TO_UINT (submit_func (client, rs, NULL, error));
  fax_hylafax_client_unlock (client);

  if (id != 0)
    job = register_job (self, rs, id);
  remote_submission_free (rs);
  return job;
}

static void
submit_done_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  RemoteSubmission *rs = g_task_get_task_data (task);
  g_autoptr(FaxServer) self = g_weak_ref_get (&rs->server);
  GError *error = NULL;
  guint32 id = GPOINTER_TO_UINT (fax_hylafax_client_run_finish (FAX_HYLAFAX_CLIENT (object), result, &error));

  if (id == 0)
    g_task_return_error (task, error);
  else if (self == NULL || self->remote == NULL)
    g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED,
                             _("The server was closed while the job was submitted"));
  else
    g_task_return_pointer (task, register_job (self, rs, id), g_object_unref);
}

/* Submits on a worker thread; @task (of the server) gets the job */
void
_fax_server_hylafax_submit_job_async (FaxServer           *self,
                                      const char * const  *documents,
                                      const char          *number,
                                      const char          *recipient_name,
                                      guint32              device_id,
                                      const FaxJobOptions *options,
                                      GTask               *task)
{
  RemoteSubmission *rs = remote_submission_new (self, documents, number, recipient_name, device_id, options);

  g_task_set_task_data (task, rs, (GDestroyNotify)remote_submission_free);
  fax_hylafax_client_run_async (self->remote->control, submit_func, rs, NULL, NULL,
                                g_task_get_cancellable (task), submit_done_cb, g_object_ref (task));
}

static gboolean
job_command_failed (guint32   job_id,
                    GError  **error)
{
  /* Turn the server's refusals into the codes the local server uses */
  if (error != NULL && *error != NULL && (*error)->domain == FAX_ERROR)
    {
      const char *message = (*error)->message;
      if (strstr (message, "not permitted") != NULL || strstr (message, "ermission denied") != NULL)
        (*error)->code = FAX_ERROR_ACCESS_DENIED;
      else if (strstr (message, "does not exist") != NULL)
        (*error)->code = FAX_ERROR_INVALID_PARAMETER;
    }
  return FALSE;
}

static gboolean
run_job_command (FaxHylafaxClient      *client,
                 guint32                job_id,
                 FaxHylafaxJobCommand   command,
                 GCancellable          *cancellable,
                 GError               **error)
{
  gboolean ok = FALSE;

  fax_hylafax_client_lock (client);
  switch (command)
    {
    case FAX_HYLAFAX_JOB_KILL:
      ok = fax_hylafax_client_expect (client, NULL, cancellable, error, "JKILL %u", job_id);
      break;
    case FAX_HYLAFAX_JOB_DELETE:
      ok = fax_hylafax_client_expect (client, NULL, cancellable, error, "JDELE %u", job_id);
      break;
    case FAX_HYLAFAX_JOB_SUSPEND:
      ok = fax_hylafax_client_expect (client, NULL, cancellable, error, "JSUSP %u", job_id);
      break;
    case FAX_HYLAFAX_JOB_RESUME:
      ok = fax_hylafax_client_expect (client, NULL, cancellable, error, "JOB %u", job_id) &&
           fax_hylafax_client_expect (client, NULL, cancellable, error, "JSUBM");
      break;
    case FAX_HYLAFAX_JOB_NOW:
      ok = fax_hylafax_client_expect (client, NULL, cancellable, error, "JOB %u", job_id) &&
           fax_hylafax_client_expect (client, NULL, cancellable, error, "JSUSP") &&
           fax_hylafax_client_expect (client, NULL, cancellable, error, "JPARM SENDTIME NOW") &&
           fax_hylafax_client_expect (client, NULL, cancellable, error, "JPARM LASTTIME 000300") &&
           fax_hylafax_client_expect (client, NULL, cancellable, error, "JSUBM");
      break;
    }
  /* Leave no job current: JNEW would copy it */
  if (fax_hylafax_client_is_connected (client))
    fax_hylafax_client_command (client, NULL, NULL, NULL, "JOB default");
  fax_hylafax_client_unlock (client);

  if (!ok)
    return job_command_failed (job_id, error);
  return TRUE;
}

gboolean
_fax_server_hylafax_job_command (FaxServer            *self,
                                 guint32               job_id,
                                 FaxHylafaxJobCommand  command,
                                 GError              **error)
{
  if (!run_job_command (self->remote->control, job_id, command, NULL, error))
    return FALSE;
  start_poll (self);
  return TRUE;
}

typedef struct
{
  guint32              job_id;
  FaxHylafaxJobCommand command;
} JobCommand;

static gpointer
job_command_func (FaxHylafaxClient  *client,
                  gpointer           data,
                  GCancellable      *cancellable,
                  GError           **error)
{
  JobCommand *jc = data;

  return run_job_command (client, jc->job_id, jc->command, cancellable, error) ? GINT_TO_POINTER (1) : NULL;
}

static void
job_command_done_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  FaxServer *self = g_task_get_source_object (task);
  GError *error = NULL;

  if (fax_hylafax_client_run_finish (FAX_HYLAFAX_CLIENT (object), result, &error) == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  /* The queues as they are now */
  if (self->remote != NULL)
    start_poll (self);
  g_task_return_boolean (task, TRUE);
}

void
_fax_server_hylafax_job_command_async (FaxServer            *self,
                                       guint32               job_id,
                                       FaxHylafaxJobCommand  command,
                                       GTask                *task)
{
  JobCommand *jc = g_new0 (JobCommand, 1);

  jc->job_id = job_id;
  jc->command = command;
  fax_hylafax_client_run_async (self->remote->control, job_command_func, jc, g_free, NULL,
                                g_task_get_cancellable (task), job_command_done_cb, g_object_ref (task));
}

gboolean
_fax_server_hylafax_answer (FaxServer     *self,
                            FaxPortEntry  *entry,
                            GError       **error)
{
  return fax_hylafax_client_expect (self->remote->control, NULL, NULL, error, "ANSWER %s", entry->name);
}
