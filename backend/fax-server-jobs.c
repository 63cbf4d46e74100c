/* fax-server-jobs.c
 *
 * The outgoing queue of a local server. Every job is a folder on disk,
 * $XDG_DATA_HOME/fax-manager/outbox/<id>/ with job.ini (the FaxJob
 * fields), document.tif (the pages, TIFF-F) and session.log (the calls);
 * a finished job moves to sent/<id>/. So jobs survive a restart, and other
 * processes of the same user (faxctl and the application) share one
 * queue: a job is sent by whoever holds its flock, a device by whoever
 * holds the device locks.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <tiffio.h>

#include "fax-call.h"
#include "fax-device-status-private.h"
#include "fax-document.h"
#include "fax-error.h"
#include "fax-job-private.h"
#include "fax-port-info.h"
#include "fax-server-private.h"

#define QUEUE_TICK_SECONDS 1

typedef struct
{
  FaxServer    *server;       /* unowned: the server outlives its calls */
  FaxJob       *job;
  FaxCall      *call;
  FaxDevice    *device;
  GCancellable *cancellable;
  char         *stable_id;
  int           lock_fd;
  guint32       device_id;
} Running;

static void
running_free (Running *r)
{
  if (r->lock_fd >= 0)
    close (r->lock_fd);
  g_clear_object (&r->job);
  g_clear_object (&r->call);
  g_clear_object (&r->device);
  g_clear_object (&r->cancellable);
  g_free (r->stable_id);
  g_free (r);
}

void
fax_job_options_init (FaxJobOptions *options)
{
  g_return_if_fail (options != NULL);

  memset (options, 0, sizeof *options);
  options->use_ecm = TRUE;
  options->page_header = TRUE;
  options->max_attempts = 3;
  options->retry_delay = 300;
  options->resolution = FAX_RESOLUTION_FINE;
}

static char *
job_dir (FaxServer *self,
         FaxJob    *job)
{
  g_autofree char *name = g_strdup_printf ("%u", fax_job_get_id (job));
  FaxJobState state = fax_job_get_state (job);
  gboolean done = state == FAX_JOB_STATE_COMPLETED || state == FAX_JOB_STATE_FAILED ||
                  state == FAX_JOB_STATE_CANCELLED;

  return g_build_filename (done ? self->sent_dir : self->outbox_dir, name, NULL);
}

static gboolean
save_job (FaxServer  *self,
          FaxJob     *job,
          const char *stable_id,
          GError    **error)
{
  g_autoptr(GKeyFile) kf = g_key_file_new ();
  g_autofree char *dir = job_dir (self, job);
  g_autofree char *path = g_build_filename (dir, "job.ini", NULL);
  g_autofree char *data = NULL;
  gsize len;

#define SET_STR(key, value) if (value) g_key_file_set_string (kf, "job", key, value)
  g_key_file_set_uint64 (kf, "job", "id", fax_job_get_id (job));
  g_key_file_set_string (kf, "job", "state", fax_job_state_to_nick (fax_job_get_state (job)));
  SET_STR ("number", fax_job_get_recipient_number (job));
  SET_STR ("name", fax_job_get_recipient_name (job));
  SET_STR ("port", stable_id);
  SET_STR ("port-name", fax_job_get_port_name (job));
  g_key_file_set_uint64 (kf, "job", "total-pages", fax_job_get_total_pages (job));
  g_key_file_set_uint64 (kf, "job", "pages-sent", fax_job_get_pages_sent (job));
  g_key_file_set_uint64 (kf, "job", "attempts", fax_job_get_attempts (job));
  g_key_file_set_uint64 (kf, "job", "max-attempts", fax_job_get_max_attempts (job));
  g_key_file_set_uint64 (kf, "job", "retry-delay", fax_job_get_retry_delay (job));
  g_key_file_set_int64 (kf, "job", "next-try", fax_job_get_next_try (job));
  g_key_file_set_int64 (kf, "job", "submitted", fax_job_get_submitted (job));
  g_key_file_set_int64 (kf, "job", "finished", fax_job_get_finished (job));
  SET_STR ("result", fax_job_get_result_text (job));
  SET_STR ("remote-csid", fax_job_get_remote_csid (job));
  g_key_file_set_uint64 (kf, "job", "bit-rate", fax_job_get_bit_rate (job));
  SET_STR ("compression", fax_job_get_compression (job));
  g_key_file_set_boolean (kf, "job", "ecm-used", fax_job_get_ecm_used (job));
  g_key_file_set_double (kf, "job", "duration", fax_job_get_duration (job));
  g_key_file_set_boolean (kf, "job", "use-ecm", fax_job_get_use_ecm (job));
  g_key_file_set_boolean (kf, "job", "page-header", fax_job_get_page_header (job));
#undef SET_STR

  data = g_key_file_to_data (kf, &len, NULL);
  return g_file_set_contents_full (path, data, len,
                                   G_FILE_SET_CONTENTS_CONSISTENT | G_FILE_SET_CONTENTS_DURABLE,
                                   0600, error);
}

static char *
job_port (FaxServer *self,
          FaxJob    *job)
{
  g_autofree char *dir = job_dir (self, job);
  g_autofree char *path = g_build_filename (dir, "job.ini", NULL);
  g_autoptr(GKeyFile) kf = g_key_file_new ();

  if (!g_key_file_load_from_file (kf, path, 0, NULL))
    return NULL;
  return g_key_file_get_string (kf, "job", "port", NULL);
}

static void
update_job (FaxServer *self,
            FaxJob    *job)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *port = job_port (self, job);

  if (!save_job (self, job, port, &error))
    g_warning ("Could not save fax job %u: %s", fax_job_get_id (job), error->message);
}

static FaxJob *
load_job (FaxServer  *self,
          const char *dir,
          gboolean    finished)
{
  g_autofree char *path = g_build_filename (dir, "job.ini", NULL);
  g_autofree char *doc = g_build_filename (dir, "document.tif", NULL);
  g_autofree char *log = g_build_filename (dir, "session.log", NULL);
  g_autoptr(GKeyFile) kf = g_key_file_new ();
  g_autoptr(FaxJob) job = NULL;
  g_autofree char *state_nick = NULL;
  g_autofree char *port = NULL;
  GEnumClass *klass;
  GEnumValue *value;
  FaxJobState state = FAX_JOB_STATE_QUEUED;

  if (!g_key_file_load_from_file (kf, path, 0, NULL))
    return NULL;

  job = g_object_new (FAX_TYPE_JOB, NULL);
  _fax_job_set_id (job, g_key_file_get_uint64 (kf, "job", "id", NULL));
  if (fax_job_get_id (job) == 0)
    return NULL;

  state_nick = g_key_file_get_string (kf, "job", "state", NULL);
  klass = g_type_class_ref (FAX_TYPE_JOB_STATE);
  value = state_nick ? g_enum_get_value_by_nick (klass, state_nick) : NULL;
  if (value != NULL)
    state = value->value;
  g_type_class_unref (klass);

  /* A call that was running when its process ended did not finish */
  if (state == FAX_JOB_STATE_DIALING || state == FAX_JOB_STATE_SENDING)
    state = FAX_JOB_STATE_QUEUED;
  if (!finished && (state == FAX_JOB_STATE_COMPLETED || state == FAX_JOB_STATE_FAILED ||
                    state == FAX_JOB_STATE_CANCELLED))
    state = FAX_JOB_STATE_QUEUED;

#define GET_STR(key) ({ g_autofree char *v_ = g_key_file_get_string (kf, "job", key, NULL); g_steal_pointer (&v_); })
  {
    g_autofree char *number = GET_STR ("number");
    g_autofree char *name = GET_STR ("name");
    g_autofree char *port_name = GET_STR ("port-name");
    g_autofree char *result = GET_STR ("result");
    g_autofree char *csid = GET_STR ("remote-csid");
    g_autofree char *compression = GET_STR ("compression");

    _fax_job_set_recipient_number (job, number);
    _fax_job_set_recipient_name (job, name);
    _fax_job_set_port_name (job, port_name);
    _fax_job_set_result_text (job, result);
    _fax_job_set_remote_csid (job, csid);
    _fax_job_set_compression (job, compression);
  }
#undef GET_STR

  _fax_job_set_state (job, state);
  _fax_job_set_document (job, doc);
  _fax_job_set_log_path (job, log);
  _fax_job_set_total_pages (job, g_key_file_get_uint64 (kf, "job", "total-pages", NULL));
  _fax_job_set_pages_sent (job, g_key_file_get_uint64 (kf, "job", "pages-sent", NULL));
  _fax_job_set_attempts (job, g_key_file_get_uint64 (kf, "job", "attempts", NULL));
  _fax_job_set_max_attempts (job, MAX (1, g_key_file_get_uint64 (kf, "job", "max-attempts", NULL)));
  _fax_job_set_retry_delay (job, g_key_file_get_uint64 (kf, "job", "retry-delay", NULL));
  _fax_job_set_next_try (job, g_key_file_get_int64 (kf, "job", "next-try", NULL));
  _fax_job_set_submitted (job, g_key_file_get_int64 (kf, "job", "submitted", NULL));
  _fax_job_set_finished (job, g_key_file_get_int64 (kf, "job", "finished", NULL));
  _fax_job_set_bit_rate (job, g_key_file_get_uint64 (kf, "job", "bit-rate", NULL));
  _fax_job_set_ecm_used (job, g_key_file_get_boolean (kf, "job", "ecm-used", NULL));
  _fax_job_set_duration (job, g_key_file_get_double (kf, "job", "duration", NULL));
  _fax_job_set_use_ecm (job, g_key_file_get_boolean (kf, "job", "use-ecm", NULL));
  _fax_job_set_page_header (job, g_key_file_get_boolean (kf, "job", "page-header", NULL));

  port = g_key_file_get_string (kf, "job", "port", NULL);
  if (port != NULL)
    {
      FaxPortEntry *entry = _fax_server_find_entry (self, port);
      _fax_job_set_device_id (job, entry ? entry->device_id : 0);
    }

  return g_steal_pointer (&job);
}

/* The job @id in the server's job model (and its @position), or NULL */
FaxJob *
_fax_server_find_job (FaxServer *self,
                      guint32    id,
                      guint     *position)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->jobs));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(FaxJob) job = g_list_model_get_item (G_LIST_MODEL (self->jobs), i);
      if (fax_job_get_id (job) == id)
        {
          if (position)
            *position = i;
          return job;  /* the store keeps it alive */
        }
    }
  return NULL;
}

/* The job model's order: by id */
gint
_fax_server_compare_jobs (gconstpointer a,
                          gconstpointer b,
                          gpointer      user_data)
{
  guint32 ia = fax_job_get_id ((FaxJob *)a);
  guint32 ib = fax_job_get_id ((FaxJob *)b);
  return ia < ib ? -1 : ia > ib;
}

/* Loads jobs this process does not know yet, and picks up changes other
 * processes made to the ones it is not running itself */
static void
scan_jobs (FaxServer *self)
{
  const char *dirs[] = { self->outbox_dir, self->sent_dir };

  if (self->remote != NULL)
    return;   /* the HylaFAX server's queues come in by polling */

  for (guint d = 0; d < G_N_ELEMENTS (dirs); d++)
    {
      g_autoptr(GDir) dir = g_dir_open (dirs[d], 0, NULL);
      const char *name;

      while (dir != NULL && (name = g_dir_read_name (dir)))
        {
          g_autofree char *path = g_build_filename (dirs[d], name, NULL);
          g_autoptr(FaxJob) job = NULL;
          guint64 id;
          FaxJob *known;
          guint position;

          if (!g_ascii_string_to_unsigned (name, 10, 1, G_MAXUINT32, &id, NULL))
            continue;

          known = _fax_server_find_job (self, id, &position);
          if (known != NULL && g_hash_table_contains (self->running, GUINT_TO_POINTER (id)))
            continue;

          job = load_job (self, path, d == 1);
          if (job == NULL)
            continue;

          if (known == NULL)
            g_list_store_insert_sorted (self->jobs, job, _fax_server_compare_jobs, NULL);
          else if (fax_job_get_state (known) != fax_job_get_state (job) ||
                   fax_job_get_attempts (known) != fax_job_get_attempts (job))
            {
              /* Another process moved it on: take its view */
              _fax_job_set_state (known, fax_job_get_state (job));
              _fax_job_set_attempts (known, fax_job_get_attempts (job));
              _fax_job_set_next_try (known, fax_job_get_next_try (job));
              _fax_job_set_pages_sent (known, fax_job_get_pages_sent (job));
              _fax_job_set_result_text (known, fax_job_get_result_text (job));
              _fax_job_set_remote_csid (known, fax_job_get_remote_csid (job));
              _fax_job_set_finished (known, fax_job_get_finished (job));
            }
        }
    }
}

/* ---------------------------------------------------------- documents */

/* Copies the pages of every TIFF-F document into one file, checking that
 * each is a fax page spandsp can send. */
static gboolean
combine_documents (const char * const *documents,
                   const char         *out_path,
                   guint              *pages,
                   GError            **error)
{
  TIFF *out;
  guint n = 0;

  out = TIFFOpen (out_path, "w");
  if (out == NULL)
    {
      g_set_error (error, FAX_ERROR, FAX_ERROR_FAILED,
                   _("Cannot write the fax document %s"), out_path);
      return FALSE;
    }

  for (guint d = 0; documents[d]; d++)
    {
      TIFF *in;

      if (!g_file_test (documents[d], G_FILE_TEST_IS_REGULAR))
        {
          g_set_error (error, FAX_ERROR, FAX_ERROR_INVALID_PARAMETER,
                       _("%s does not exist or is not a file"), documents[d]);
          TIFFClose (out);
          return FALSE;
        }

      in = TIFFOpen (documents[d], "r");
      if (in == NULL)
        {
          g_set_error (error, FAX_ERROR, FAX_ERROR_INVALID_PARAMETER,
                       _("%s is not a TIFF file; fax documents are TIFF-F (convert other files first)"),
                       documents[d]);
          TIFFClose (out);
          return FALSE;
        }

      do
        {
          guint32 width = 0, length = 0;
          guint16 bps = 1, spp = 1, unit = RESUNIT_INCH, photometric = PHOTOMETRIC_MINISWHITE;
          float xres = 0, yres = 0;
          g_autofree guint8 *row = NULL;
          tsize_t row_size;

          TIFFGetField (in, TIFFTAG_IMAGEWIDTH, &width);
          TIFFGetField (in, TIFFTAG_IMAGELENGTH, &length);
          TIFFGetFieldDefaulted (in, TIFFTAG_BITSPERSAMPLE, &bps);
          TIFFGetFieldDefaulted (in, TIFFTAG_SAMPLESPERPIXEL, &spp);
          TIFFGetFieldDefaulted (in, TIFFTAG_RESOLUTIONUNIT, &unit);
          TIFFGetFieldDefaulted (in, TIFFTAG_PHOTOMETRIC, &photometric);
          TIFFGetField (in, TIFFTAG_XRESOLUTION, &xres);
          TIFFGetField (in, TIFFTAG_YRESOLUTION, &yres);

          if (bps != 1 || spp != 1 || (width != 1728 && width != 2048 && width != 2432 && width != 3456))
            {
              g_set_error (error, FAX_ERROR, FAX_ERROR_INVALID_PARAMETER,
                           _("Page %u of %s is not a fax page (%u pixels wide, %u bits per pixel; fax pages are black and white, 1728 pixels wide)"),
                           TIFFCurrentDirectory (in) + 1, documents[d], width, bps * spp);
              TIFFClose (in);
              TIFFClose (out);
              return FALSE;
            }

          if (unit == RESUNIT_CENTIMETER)
            {
              xres *= 2.54f;
              yres *= 2.54f;
            }
          if (xres < 1 || yres < 1)
            {
              xres = 204;
              yres = 196;
            }

          TIFFSetField (out, TIFFTAG_SUBFILETYPE, FILETYPE_PAGE);
          TIFFSetField (out, TIFFTAG_IMAGEWIDTH, width);
          TIFFSetField (out, TIFFTAG_IMAGELENGTH, length);
          TIFFSetField (out, TIFFTAG_BITSPERSAMPLE, 1);
          TIFFSetField (out, TIFFTAG_SAMPLESPERPIXEL, 1);
          TIFFSetField (out, TIFFTAG_COMPRESSION, COMPRESSION_CCITTFAX4);
          TIFFSetField (out, TIFFTAG_PHOTOMETRIC, PHOTOMETRIC_MINISWHITE);
          TIFFSetField (out, TIFFTAG_FILLORDER, FILLORDER_LSB2MSB);
          TIFFSetField (out, TIFFTAG_RESOLUTIONUNIT, RESUNIT_INCH);
          TIFFSetField (out, TIFFTAG_XRESOLUTION, xres);
          TIFFSetField (out, TIFFTAG_YRESOLUTION, yres);
          TIFFSetField (out, TIFFTAG_ROWSPERSTRIP, length);
          TIFFSetField (out, TIFFTAG_PLANARCONFIG, PLANARCONFIG_CONTIG);
          TIFFSetField (out, TIFFTAG_SOFTWARE, "Fax Manager " PACKAGE_VERSION);

          row_size = TIFFScanlineSize (in);
          row = g_malloc (MAX (row_size, 216));
          for (guint32 y = 0; y < length; y++)
            {
              if (TIFFReadScanline (in, row, y, 0) < 0)
                {
                  g_set_error (error, FAX_ERROR, FAX_ERROR_INVALID_PARAMETER,
                               _("Page %u of %s is damaged (row %u cannot be decoded)"),
                               TIFFCurrentDirectory (in) + 1, documents[d], y);
                  TIFFClose (in);
                  TIFFClose (out);
                  return FALSE;
                }
              if (photometric == PHOTOMETRIC_MINISBLACK)
                for (tsize_t i = 0; i < row_size; i++)
                  row[i] = ~row[i];
              TIFFWriteScanline (out, row, y, 0);
            }

          n++;
          TIFFWriteDirectory (out);
        }
      while (TIFFReadDirectory (in));

      TIFFClose (in);
    }

  TIFFClose (out);

  if (n == 0)
    {
      g_set_error_literal (error, FAX_ERROR, FAX_ERROR_INVALID_PARAMETER,
                           _("There are no pages to send"));
      return FALSE;
    }

  /* PageNumber n/total on every page, now that the total is known */
  out = TIFFOpen (out_path, "r+");
  if (out != NULL)
    {
      guint16 i = 0;
      do
        {
          TIFFSetField (out, TIFFTAG_PAGENUMBER, i, (guint16)n);
          TIFFRewriteDirectory (out);
          i++;
        }
      while (TIFFReadDirectory (out));
      TIFFClose (out);
    }

  *pages = n;
  return TRUE;
}

static gboolean
valid_number (const char *number)
{
  gboolean digit = FALSE;

  if (number == NULL || strlen (number) > 64)
    return FALSE;
  for (const char *p = number; *p; p++)
    {
      if (g_ascii_isdigit (*p))
        digit = TRUE;
      else if (!strchr ("*#+,WwPpTt ()-./", *p))
        return FALSE;
    }
  return digit;
}

/* The number as the modem dials it: digits and dial modifiers */
static char *
dial_string (const char *number)
{
  GString *s = g_string_new (NULL);

  for (const char *p = number; *p; p++)
    if (strchr ("0123456789*#,WwPpTt", *p))
      g_string_append_c (s, *p);
    else if (*p == '+' && p == number)
      g_string_append_c (s, '+');
  return g_string_free (s, FALSE);
}

static guint32
allocate_job_dir (FaxServer  *self,
                  char      **dir_out,
                  GError    **error)
{
  guint32 id = 1;
  const char *dirs[] = { self->outbox_dir, self->sent_dir };

  for (guint d = 0; d < G_N_ELEMENTS (dirs); d++)
    {
      g_autoptr(GDir) dir = g_dir_open (dirs[d], 0, NULL);
      const char *name;
      guint64 n;

      while (dir != NULL && (name = g_dir_read_name (dir)))
        if (g_ascii_string_to_unsigned (name, 10, 1, G_MAXUINT32 - 1, &n, NULL) && n >= id)
          id = n + 1;
    }

  /* mkdir is the atomic claim: another process may race us to an id */
  for (guint tries = 0; tries < 1000; tries++, id++)
    {
      g_autofree char *name = g_strdup_printf ("%u", id);
      g_autofree char *sent = g_build_filename (self->sent_dir, name, NULL);
      g_autofree char *path = g_build_filename (self->outbox_dir, name, NULL);

      if (g_file_test (sent, G_FILE_TEST_EXISTS))
        continue;
      if (g_mkdir (path, 0700) == 0)
        {
          *dir_out = g_steal_pointer (&path);
          return id;
        }
      if (errno != EEXIST)
        {
          int errsv = errno;
          g_set_error (error, FAX_ERROR, FAX_ERROR_FAILED,
                       _("Cannot create the job folder %s: %s"), path, g_strerror (errsv));
          return 0;
        }
    }

  g_set_error_literal (error, FAX_ERROR, FAX_ERROR_FAILED, _("Cannot allocate a job number"));
  return 0;
}

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)))
    {
      g_autofree char *child = g_build_filename (path, name, NULL);
      if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
        remove_tree (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

static void kick_queue (FaxServer *self);

/* A submission between its checks and its registration: the combining
 * of the documents (libtiff, seconds for long documents) runs in between,
 * on a worker thread for the async variant */
typedef struct
{
  char          **documents;
  char           *number;
  char           *recipient_name;
  guint32         device_id;
  char           *stable_id;
  FaxJobOptions   options;
  guint32         id;
  char           *dir;
  char           *doc;
  guint           pages;
} Submission;

static void
submission_free (Submission *sub)
{
  g_strfreev (sub->documents);
  g_free (sub->number);
  g_free (sub->recipient_name);
  g_free (sub->stable_id);
  g_free (sub->dir);
  g_free (sub->doc);
  g_free (sub);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Submission, submission_free)

/* Checks what the caller gave and reserves the job's folder */
static Submission *
submission_prepare (FaxServer           *self,
                    const char * const  *documents,
                    const char          *number,
                    const char          *recipient_name,
                    guint32              device_id,
                    const FaxJobOptions *options,
                    GError             **error)
{
  g_autoptr(Submission) sub = g_new0 (Submission, 1);

  if (options == NULL)
    fax_job_options_init (&sub->options);
  else
    sub->options = *options;

  if (!valid_number (number))
    {
      g_set_error (error, FAX_ERROR, FAX_ERROR_INVALID_PARAMETER,
                   _("“%s” is not a fax number: use digits, spaces, + - ( ) and the dial characters , W P T * #"),
                   number ? number : "");
      return NULL;
    }

  if (recipient_name != NULL && !g_utf8_validate (recipient_name, -1, NULL))
    {
      g_set_error_literal (error, FAX_ERROR, FAX_ERROR_INVALID_PARAMETER,
                           _("The recipient name is not valid UTF-8 text"));
      return NULL;
    }

  if (documents == NULL || documents[0] == NULL)
    {
      g_set_error_literal (error, FAX_ERROR, FAX_ERROR_INVALID_PARAMETER,
                           _("A fax job needs at least one document"));
      return NULL;
    }

  if (device_id != 0)
    {
      FaxPortEntry *entry;

      if (self->remote == NULL)
        fax_server_refresh (self, NULL);
      entry = _fax_server_lookup_entry (self, device_id);
      if (entry == NULL)
        {
          g_set_error (error, FAX_ERROR, FAX_ERROR_BAD_UNIT,
                       _("There is no fax port with the id %u"), device_id);
          return NULL;
        }
      sub->stable_id = g_strdup (entry->stable_id);
    }

  if (self->remote != NULL)
    {
      /* The HylaFAX server keeps the documents: nothing to prepare here */
      sub->documents = g_strdupv ((char **)documents);
      sub->number = g_strdup (number);
      sub->recipient_name = g_strdup (recipient_name);
      sub->device_id = device_id;
      return g_steal_pointer (&sub);
    }

  if (g_mkdir_with_parents (self->outbox_dir, 0700) != 0 ||
      g_mkdir_with_parents (self->sent_dir, 0700) != 0)
    {
      int errsv = errno;
      g_set_error (error, FAX_ERROR, FAX_ERROR_FAILED,
                   _("Cannot create the outbox %s: %s"), self->outbox_dir, g_strerror (errsv));
      return NULL;
    }

  sub->id = allocate_job_dir (self, &sub->dir, error);
  if (sub->id == 0)
    return NULL;

  sub->documents = g_strdupv ((char **)documents);
  sub->number = g_strdup (number);
  sub->recipient_name = g_strdup (recipient_name);
  sub->device_id = device_id;
  sub->doc = g_build_filename (sub->dir, "document.tif", NULL);
  return g_steal_pointer (&sub);
}

/* TRUE when @path is a TIFF whose every page is already a fax page
 * (black and white, a fax width): those are copied as they are */
static gboolean
is_fax_tiff (const char *path)
{
  TIFF *tiff;
  gboolean ok = TRUE;

  TIFFSetErrorHandler (NULL);
  TIFFSetWarningHandler (NULL);
  tiff = TIFFOpen (path, "r");
  if (tiff == NULL)
    return FALSE;
  do
    {
      guint32 width = 0;
      guint16 bps = 1, spp = 1;

      TIFFGetField (tiff, TIFFTAG_IMAGEWIDTH, &width);
      TIFFGetFieldDefaulted (tiff, TIFFTAG_BITSPERSAMPLE, &bps);
      TIFFGetFieldDefaulted (tiff, TIFFTAG_SAMPLESPERPIXEL, &spp);
      ok = bps == 1 && spp == 1 && (width == 1728 || width == 2048 || width == 2432 || width == 3456);
    }
  while (ok && TIFFReadDirectory (tiff));
  TIFFClose (tiff);
  return ok;
}

/* The slow part; touches only files, so it may run on any thread. Fax
 * TIFFs are copied page for page; anything else (PDF, images, text,
 * other TIFFs) goes through FaxDocument at the job's resolution, G4. */
static gboolean
submission_combine (Submission  *sub,
                    GError     **error)
{
  gboolean all_fax = TRUE;

  for (guint i = 0; sub->documents[i] != NULL && all_fax; i++)
    all_fax = is_fax_tiff (sub->documents[i]);

  if (all_fax)
    {
      if (!combine_documents ((const char * const *)sub->documents, sub->doc, &sub->pages, error))
        return FALSE;
    }
  else
    {
      g_autoptr(FaxDocument) document = fax_document_new ();
      g_autoptr(GFile) output = g_file_new_for_path (sub->doc);

      for (guint i = 0; sub->documents[i] != NULL; i++)
        {
          g_autoptr(GFile) file = g_file_new_for_path (sub->documents[i]);
          fax_document_add_file (document, file);
        }
      fax_document_set_resolution (document, sub->options.resolution);
      fax_document_set_compression (document, FAX_COMPRESSION_G4);
      sub->pages = fax_document_convert (document, output, NULL, NULL, NULL, error);
      if (sub->pages == 0)
        return FALSE;
    }
  g_chmod (sub->doc, 0600);
  return TRUE;
}

static FaxJob *
submission_register (FaxServer   *self,
                     Submission  *sub,
                     GError     **error)
{
  g_autoptr(FaxJob) job = g_object_new (FAX_TYPE_JOB, NULL);
  g_autofree char *log = g_build_filename (sub->dir, "session.log", NULL);

  _fax_job_set_id (job, sub->id);
  _fax_job_set_state (job, FAX_JOB_STATE_QUEUED);
  _fax_job_set_recipient_number (job, sub->number);
  _fax_job_set_recipient_name (job, sub->recipient_name);
  _fax_job_set_device_id (job, sub->device_id);
  _fax_job_set_document (job, sub->doc);
  _fax_job_set_log_path (job, log);
  _fax_job_set_total_pages (job, sub->pages);
  _fax_job_set_max_attempts (job, MAX (1, sub->options.max_attempts));
  _fax_job_set_retry_delay (job, sub->options.retry_delay);
  _fax_job_set_next_try (job, sub->options.send_at);
  _fax_job_set_submitted (job, g_get_real_time () / G_USEC_PER_SEC);
  _fax_job_set_use_ecm (job, sub->options.use_ecm);
  _fax_job_set_page_header (job, sub->options.page_header);

  if (!save_job (self, job, sub->stable_id, error))
    return NULL;

  g_list_store_insert_sorted (self->jobs, job, _fax_server_compare_jobs, NULL);
  _fax_server_emit_event (self, FAX_EVENT_JOB_QUEUED, sub->device_id, sub->id, sub->number);
  kick_queue (self);

  return g_steal_pointer (&job);
}

/**
 * fax_server_submit_job:
 *
 * FaxSendDocument: copies @documents (TIFF-F, pages in order) into a new
 * job in the outbox and queues it. This reads and writes the documents on
 * the calling thread; a GUI uses fax_server_submit_job_async ().
 *
 * Returns: (transfer full): the queued job, or %NULL with @error set
 */
FaxJob *
fax_server_submit_job (FaxServer           *self,
                       const char * const  *documents,
                       const char          *number,
                       const char          *recipient_name,
                       guint32              device_id,
                       const FaxJobOptions *options,
                       GError             **error)
{
  g_autoptr(Submission) sub = NULL;
  FaxJob *job;

  g_return_val_if_fail (FAX_IS_SERVER (self), NULL);

  sub = submission_prepare (self, documents, number, recipient_name, device_id, options, error);
  if (sub == NULL)
    return NULL;

  if (self->remote != NULL)
    return _fax_server_hylafax_submit_job (self, (const char * const *)sub->documents, sub->number,
                                           sub->recipient_name, sub->device_id, &sub->options, error);

  if (!submission_combine (sub, error) ||
      (job = submission_register (self, sub, error)) == NULL)
    {
      remove_tree (sub->dir);
      return NULL;
    }
  return job;
}

static void
submit_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  g_autoptr(GError) error = NULL;

  if (g_task_return_error_if_cancelled (task))
    return;
  if (!submission_combine (task_data, &error))
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, TRUE);
}

static void
submit_combined_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  FaxServer *self = FAX_SERVER (object);
  Submission *sub = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  FaxJob *job = NULL;

  /* Registered here, on the caller's context, whether or not anyone
   * calls _finish () */
  if (g_task_propagate_boolean (G_TASK (result), &error))
    job = submission_register (self, sub, &error);
  if (job == NULL)
    {
      remove_tree (sub->dir);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  g_task_return_pointer (task, job, g_object_unref);
}

/**
 * fax_server_submit_job_async:
 *
 * Like fax_server_submit_job (), with the documents copied on a worker
 * thread; the job is registered (and queued) on the caller's main context
 * before @callback runs.
 */
void
fax_server_submit_job_async (FaxServer           *self,
                             const char * const  *documents,
                             const char          *number,
                             const char          *recipient_name,
                             guint32              device_id,
                             const FaxJobOptions *options,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GTask) worker = NULL;
  g_autoptr(GError) error = NULL;
  Submission *sub;

  g_return_if_fail (FAX_IS_SERVER (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, fax_server_submit_job_async);

  sub = submission_prepare (self, documents, number, recipient_name, device_id, options, &error);
  if (sub == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (self->remote != NULL)
    {
      _fax_server_hylafax_submit_job_async (self, (const char * const *)sub->documents, sub->number,
                                            sub->recipient_name, sub->device_id, &sub->options, task);
      submission_free (sub);
      return;
    }
  worker = g_task_new (self, cancellable, submit_combined_cb, g_steal_pointer (&task));
  g_task_set_task_data (worker, sub, (GDestroyNotify)submission_free);
  g_task_run_in_thread (worker, submit_thread);
}

/**
 * fax_server_submit_job_finish:
 *
 * Returns: (transfer full): the queued job, or %NULL with @error set
 */
FaxJob *
fax_server_submit_job_finish (FaxServer     *self,
                              GAsyncResult  *result,
                              GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* -------------------------------------------------------------- sending */

static FaxPortEntry *
pick_port (FaxServer *self,
           FaxJob    *job,
           FaxDevice **device_out)
{
  g_autofree char *wanted = job_port (self, job);
  g_autoptr(GPtrArray) candidates = g_ptr_array_new ();
  GPtrArray *entries = _fax_server_get_entries (self);

  for (guint i = 0; i < entries->len; i++)
    {
      FaxPortEntry *entry = g_ptr_array_index (entries, i);
      g_autoptr(FaxPortInfo) info = NULL;

      if (!entry->present)
        continue;
      if (wanted != NULL)
        {
          if (g_strcmp0 (wanted, entry->stable_id) == 0)
            g_ptr_array_add (candidates, entry);
          continue;
        }
      info = _fax_server_dup_info (self, entry);
      if (fax_port_info_get_flags (info) & FAX_PORT_FLAG_SEND)
        g_ptr_array_add (candidates, entry);
    }

  /* By priority: 1 first */
  for (guint pass = 1; pass <= entries->len; pass++)
    for (guint i = 0; i < candidates->len; i++)
      {
        FaxPortEntry *entry = g_ptr_array_index (candidates, i);
        FaxDevice *device;
        g_autoptr(GError) error = NULL;

        if (entry->priority != pass)
          continue;

        device = _fax_server_get_device (self, entry);
        if (_fax_device_get_busy (device))
          continue;
        if (!_fax_device_open (device, &error))
          {
            g_autofree char *text = g_strdup_printf (_("Unavailable: %s"), error->message);
            g_debug ("port %s not usable for sending: %s", entry->name, error->message);
            if (g_error_matches (error, FAX_ERROR, FAX_ERROR_DEVICE_IN_USE))
              _fax_server_set_port_state (self, entry, entry->state, text);
            continue;
          }
        *device_out = g_object_ref (device);
        return entry;
      }

  return NULL;
}

static gboolean
retryable (FaxCallResult result)
{
  switch (result)
    {
    case FAX_CALL_RESULT_BUSY:
    case FAX_CALL_RESULT_NO_ANSWER:
    case FAX_CALL_RESULT_NO_DIAL_TONE:
    case FAX_CALL_RESULT_NO_CARRIER:
    case FAX_CALL_RESULT_T30_FAILED:
    case FAX_CALL_RESULT_MODEM_ERROR:
    case FAX_CALL_RESULT_DISCONNECTED:
      return TRUE;
    default:
      return FALSE;
    }
}

static FaxEventType
event_for_result (FaxCallResult result)
{
  switch (result)
    {
    case FAX_CALL_RESULT_OK:           return FAX_EVENT_COMPLETED;
    case FAX_CALL_RESULT_BUSY:         return FAX_EVENT_BUSY;
    case FAX_CALL_RESULT_NO_ANSWER:    return FAX_EVENT_NO_ANSWER;
    case FAX_CALL_RESULT_NO_DIAL_TONE: return FAX_EVENT_NO_DIAL_TONE;
    case FAX_CALL_RESULT_NOT_FAX_CALL:
    case FAX_CALL_RESULT_NO_CARRIER:   return FAX_EVENT_NOT_FAX_CALL;
    case FAX_CALL_RESULT_CANCELLED:    return FAX_EVENT_ABORTING;
    case FAX_CALL_RESULT_DISCONNECTED: return FAX_EVENT_DISCONNECTED;
    default:                           return FAX_EVENT_FATAL_ERROR;
    }
}

static FaxPortState
port_state_for_result (FaxCallResult result)
{
  switch (result)
    {
    case FAX_CALL_RESULT_BUSY:         return FAX_PORT_STATE_BUSY;
    case FAX_CALL_RESULT_NO_ANSWER:    return FAX_PORT_STATE_NO_ANSWER;
    case FAX_CALL_RESULT_NO_DIAL_TONE: return FAX_PORT_STATE_NO_DIAL_TONE;
    default:                           return FAX_PORT_STATE_AVAILABLE;
    }
}

static void
move_to_sent (FaxServer *self,
              FaxJob    *job)
{
  g_autofree char *name = g_strdup_printf ("%u", fax_job_get_id (job));
  g_autofree char *from = g_build_filename (self->outbox_dir, name, NULL);
  g_autofree char *to = g_build_filename (self->sent_dir, name, NULL);
  g_autofree char *doc = g_build_filename (to, "document.tif", NULL);
  g_autofree char *log = g_build_filename (to, "session.log", NULL);

  g_mkdir_with_parents (self->sent_dir, 0700);
  if (g_rename (from, to) != 0)
    {
      g_warning ("Could not move fax job %u to %s: %s", fax_job_get_id (job), to, g_strerror (errno));
      return;
    }
  _fax_job_set_document (job, doc);
  _fax_job_set_log_path (job, log);
}

static void
call_progress_cb (FaxCall    *call,
                  GParamSpec *pspec,
                  Running    *r)
{
  FaxServer *self = r->server;
  FaxPortEntry *entry = _fax_server_lookup_entry (self, r->device_id);
  FaxDeviceStatus *status = entry ? _fax_server_get_status (self, entry) : NULL;
  guint pages = fax_call_get_pages (call);
  guint total = fax_job_get_total_pages (r->job);

  if (fax_job_get_state (r->job) == FAX_JOB_STATE_DIALING &&
      (fax_call_get_remote_ident (call) != NULL || g_str_equal (pspec->name, "phase")))
    {
      _fax_job_set_state (r->job, FAX_JOB_STATE_SENDING);
      _fax_job_set_remote_csid (r->job, fax_call_get_remote_ident (call));
      _fax_server_emit_event (self, FAX_EVENT_SENDING, r->device_id, fax_job_get_id (r->job),
                              fax_call_get_remote_ident (call));
    }

  _fax_job_set_pages_sent (r->job, pages);
  _fax_job_set_bit_rate (r->job, fax_call_get_bit_rate (call));

  if (status != NULL)
    {
      g_autofree char *text = g_strdup_printf (_("Sending page %u of %u"), MIN (pages + 1, total), total);

      _fax_device_status_set_current_page (status, MIN (pages + 1, total));
      _fax_device_status_set_total_pages (status, total);
      _fax_device_status_set_remote_id (status, fax_call_get_remote_ident (call));
      _fax_device_status_set_bit_rate (status, fax_call_get_bit_rate (call));
      if (fax_job_get_state (r->job) == FAX_JOB_STATE_SENDING)
        _fax_server_set_port_state (self, entry, FAX_PORT_STATE_SENDING, text);
    }
}

static void
send_done_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  Running *r = user_data;
  FaxServer *self = r->server;
  FaxCall *call = FAX_CALL (object);
  g_autoptr(FaxJob) job = g_object_ref (r->job);
  guint32 device_id = r->device_id;
  g_autoptr(GError) error = NULL;
  FaxCallResult outcome;
  FaxPortEntry *entry;
  guint32 id = fax_job_get_id (job);
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;

  fax_call_run_finish (call, result, &error);
  outcome = fax_call_get_result (call);

  g_signal_handlers_disconnect_by_data (call, r);
  _fax_device_set_busy (r->device, FALSE);
  _fax_device_close (r->device);

  _fax_job_set_pages_sent (job, fax_call_get_pages (call));
  _fax_job_set_bit_rate (job, fax_call_get_bit_rate (call));
  _fax_job_set_compression (job, fax_call_get_compression (call));
  _fax_job_set_ecm_used (job, fax_call_get_ecm_used (call));
  _fax_job_set_duration (job, fax_call_get_duration (call));
  if (fax_call_get_remote_ident (call))
    _fax_job_set_remote_csid (job, fax_call_get_remote_ident (call));
  _fax_job_set_result_text (job, fax_call_get_status_text (call));

  if (outcome == FAX_CALL_RESULT_OK)
    {
      _fax_job_set_state (job, FAX_JOB_STATE_COMPLETED);
      _fax_job_set_finished (job, now);
      move_to_sent (self, job);
    }
  else if (outcome == FAX_CALL_RESULT_CANCELLED)
    {
      _fax_job_set_state (job, FAX_JOB_STATE_CANCELLED);
      _fax_job_set_finished (job, now);
      move_to_sent (self, job);
    }
  else if (retryable (outcome) && fax_job_get_attempts (job) < fax_job_get_max_attempts (job))
    {
      _fax_job_set_state (job, FAX_JOB_STATE_RETRYING);
      _fax_job_set_next_try (job, now + fax_job_get_retry_delay (job));
    }
  else
    {
      _fax_job_set_state (job, FAX_JOB_STATE_FAILED);
      _fax_job_set_finished (job, now);
      move_to_sent (self, job);
    }
  update_job (self, job);

  entry = _fax_server_lookup_entry (self, device_id);
  if (entry != NULL)
    {
      FaxDeviceStatus *status = _fax_server_get_status (self, entry);

      _fax_device_status_set_job_id (status, 0);
      _fax_device_status_set_current_page (status, 0);
      _fax_device_status_set_total_pages (status, 0);
      _fax_server_set_port_state (self, entry, port_state_for_result (outcome),
                                  outcome == FAX_CALL_RESULT_OK ? NULL : fax_call_get_status_text (call));
      /* A BUSY/NO ANSWER state is the last call's; the port is free again */
      if (entry->state != FAX_PORT_STATE_AVAILABLE)
        _fax_server_set_port_state (self, entry, FAX_PORT_STATE_AVAILABLE, NULL);
    }

  _fax_server_emit_event (self, event_for_result (outcome), device_id, id, fax_call_get_status_text (call));
  if (fax_job_get_state (job) == FAX_JOB_STATE_RETRYING)
    _fax_server_emit_event (self, FAX_EVENT_RETRYING, device_id, id, fax_call_get_status_text (call));

  /* This frees @r (and the call) */
  g_hash_table_remove (self->running, GUINT_TO_POINTER (id));
  _fax_server_emit_event (self, FAX_EVENT_IDLE, device_id, 0, NULL);
  kick_queue (self);
}

static int
claim_job (FaxServer *self,
           FaxJob    *job)
{
  g_autofree char *dir = job_dir (self, job);
  g_autofree char *path = g_build_filename (dir, "lock", NULL);
  int fd = open (path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);

  if (fd < 0)
    return -1;
  if (flock (fd, LOCK_EX | LOCK_NB) != 0)
    {
      close (fd);
      return -1;
    }
  return fd;
}

static gboolean
start_job (FaxServer *self,
           FaxJob    *job)
{
  g_autoptr(FaxPortInfo) info = NULL;
  g_autofree char *dial = NULL;
  g_autofree char *header = NULL;
  FaxDevice *device = NULL;
  FaxPortEntry *entry;
  Running *r;
  int lock_fd;

  lock_fd = claim_job (self, job);
  if (lock_fd < 0)
    return FALSE;

  entry = pick_port (self, job, &device);
  if (entry == NULL)
    {
      close (lock_fd);
      return FALSE;
    }

  info = _fax_server_dup_info (self, entry);

  r = g_new0 (Running, 1);
  r->server = self;
  r->job = g_object_ref (job);
  r->device = device;
  r->lock_fd = lock_fd;
  r->device_id = entry->device_id;
  r->stable_id = g_strdup (entry->stable_id);
  r->cancellable = g_cancellable_new ();
  r->call = fax_call_new (_fax_device_get_fd (device), FAX_CALL_SEND);
  g_hash_table_insert (self->running, GUINT_TO_POINTER (fax_job_get_id (job)), r);

  _fax_device_set_busy (device, TRUE);

  dial = dial_string (fax_job_get_recipient_number (job));
  fax_call_set_number (r->call, dial);
  fax_call_set_tx_file (r->call, fax_job_get_document (job));
  fax_call_set_flow_control (r->call, _fax_device_get_flow_control (device));
  fax_call_set_local_ident (r->call, fax_port_info_get_tsid (info));
  fax_call_set_ecm (r->call, fax_job_get_use_ecm (job));
  fax_call_set_log_path (r->call, fax_job_get_log_path (job));
  if (fax_job_get_page_header (job))
    {
      const char *tsid = fax_port_info_get_tsid (info);
      header = g_strdup (tsid && tsid[0] ? tsid : g_get_real_name ());
      fax_call_set_header_info (r->call, header);
    }

  _fax_job_set_attempts (job, fax_job_get_attempts (job) + 1);
  _fax_job_set_state (job, FAX_JOB_STATE_DIALING);
  _fax_job_set_device_id (job, entry->device_id);
  _fax_job_set_port_name (job, entry->name);
  _fax_job_set_pages_sent (job, 0);
  update_job (self, job);

  {
    FaxDeviceStatus *status = _fax_server_get_status (self, entry);
    g_autofree char *text = g_strdup_printf (_("Dialing %s"), fax_job_get_recipient_number (job));

    _fax_device_status_set_job_id (status, fax_job_get_id (job));
    _fax_device_status_set_total_pages (status, fax_job_get_total_pages (job));
    _fax_device_status_set_current_page (status, 0);
    _fax_device_status_set_remote_id (status, NULL);
    _fax_server_set_port_state (self, entry, FAX_PORT_STATE_DIALING, text);
  }

  g_signal_connect (r->call, "notify::pages", G_CALLBACK (call_progress_cb), r);
  g_signal_connect (r->call, "notify::remote-ident", G_CALLBACK (call_progress_cb), r);
  g_signal_connect (r->call, "notify::bit-rate", G_CALLBACK (call_progress_cb), r);
  g_signal_connect (r->call, "notify::phase", G_CALLBACK (call_progress_cb), r);

  _fax_server_emit_event (self, FAX_EVENT_DIALING, entry->device_id, fax_job_get_id (job),
                          fax_job_get_recipient_number (job));

  fax_call_run_async (r->call, r->cancellable, send_done_cb, r);
  return TRUE;
}

static gboolean
queue_tick (gpointer user_data)
{
  FaxServer *self = user_data;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  guint n;

  if (self->queue_paused)
    return G_SOURCE_CONTINUE;

  n = g_list_model_get_n_items (G_LIST_MODEL (self->jobs));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(FaxJob) job = g_list_model_get_item (G_LIST_MODEL (self->jobs), i);
      FaxJobState state = fax_job_get_state (job);

      if (g_hash_table_contains (self->running, GUINT_TO_POINTER (fax_job_get_id (job))))
        continue;
      if (state != FAX_JOB_STATE_QUEUED && state != FAX_JOB_STATE_RETRYING)
        continue;
      if (fax_job_get_next_try (job) > now)
        continue;

      start_job (self, job);
    }

  return G_SOURCE_CONTINUE;
}

static gboolean
kick_cb (gpointer user_data)
{
  FaxServer *self = user_data;

  g_clear_pointer (&self->kick_source, g_source_unref);
  queue_tick (self);
  return G_SOURCE_REMOVE;
}

/* Look at the queue soon, from the main loop (never from inside a call's
 * completion, which may still be unwinding) */
static void
kick_queue (FaxServer *self)
{
  if (self->jobs == NULL || self->kick_source != NULL)
    return;

  self->kick_source = g_idle_source_new ();
  g_source_set_callback (self->kick_source, kick_cb, self, NULL);
  g_source_attach (self->kick_source, g_main_context_get_thread_default ());
}

static void
outbox_changed_cb (GFileMonitor      *monitor,
                   GFile             *file,
                   GFile             *other,
                   GFileMonitorEvent  event,
                   FaxServer         *self)
{
  if (event == G_FILE_MONITOR_EVENT_CREATED || event == G_FILE_MONITOR_EVENT_CHANGES_DONE_HINT ||
      event == G_FILE_MONITOR_EVENT_MOVED_IN || event == G_FILE_MONITOR_EVENT_RENAMED)
    scan_jobs (self);
}

void
_fax_server_jobs_init (FaxServer *self)
{
  g_autoptr(GFile) outbox = NULL;

  self->jobs = g_list_store_new (FAX_TYPE_JOB);
  self->running = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify)running_free);
  self->outbox_dir = g_build_filename (g_get_user_data_dir (), "fax-manager", "outbox", NULL);
  self->sent_dir = g_build_filename (g_get_user_data_dir (), "fax-manager", "sent", NULL);

  g_mkdir_with_parents (self->outbox_dir, 0700);
  g_mkdir_with_parents (self->sent_dir, 0700);
  scan_jobs (self);

  outbox = g_file_new_for_path (self->outbox_dir);
  self->outbox_monitor = g_file_monitor_directory (outbox, G_FILE_MONITOR_NONE, NULL, NULL);
  if (self->outbox_monitor != NULL)
    g_signal_connect (self->outbox_monitor, "changed", G_CALLBACK (outbox_changed_cb), self);

  self->queue_source = g_timeout_source_new_seconds (QUEUE_TICK_SECONDS);
  g_source_set_callback (self->queue_source, queue_tick, self, NULL);
  g_source_attach (self->queue_source, g_main_context_get_thread_default ());
  kick_queue (self);
}

void
_fax_server_jobs_dispose (FaxServer *self)
{
  if (self->kick_source != NULL)
    {
      g_source_destroy (self->kick_source);
      g_clear_pointer (&self->kick_source, g_source_unref);
    }
  if (self->queue_source != NULL)
    {
      g_source_destroy (self->queue_source);
      g_clear_pointer (&self->queue_source, g_source_unref);
    }
  if (self->outbox_monitor != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->outbox_monitor, self);
      g_file_monitor_cancel (self->outbox_monitor);
      g_clear_object (&self->outbox_monitor);
    }
  if (self->running != NULL)
    {
      GHashTableIter iter;
      Running *r;

      /* Calls still running end now; their jobs go back to the queue */
      g_hash_table_iter_init (&iter, self->running);
      while (g_hash_table_iter_next (&iter, NULL, (gpointer *)&r))
        {
          g_signal_handlers_disconnect_by_data (r->call, r);
          g_cancellable_cancel (r->cancellable);
          _fax_job_set_state (r->job, FAX_JOB_STATE_QUEUED);
          update_job (self, r->job);
          _fax_device_set_busy (r->device, FALSE);
          _fax_device_close (r->device);
        }
    }
  g_clear_pointer (&self->running, g_hash_table_unref);
  g_clear_object (&self->jobs);
  g_clear_pointer (&self->outbox_dir, g_free);
  g_clear_pointer (&self->sent_dir, g_free);
}

/* ------------------------------------------------------------------ API */

GListModel *
fax_server_get_jobs (FaxServer *self)
{
  g_return_val_if_fail (FAX_IS_SERVER (self), NULL);
  return G_LIST_MODEL (self->jobs);
}

/**
 * fax_server_enum_jobs:
 *
 * FaxEnumJobs: the jobs still to send (queued, running, waiting, paused).
 *
 * Returns: (transfer full) (element-type FaxJob):
 */
GPtrArray *
fax_server_enum_jobs (FaxServer  *self,
                      GError    **error)
{
  GPtrArray *ret = g_ptr_array_new_with_free_func (g_object_unref);
  guint n;

  g_return_val_if_fail (FAX_IS_SERVER (self), NULL);

  if (!fax_server_check_connection (self, error))
    {
      g_ptr_array_unref (ret);
      return NULL;
    }

  scan_jobs (self);
  n = g_list_model_get_n_items (G_LIST_MODEL (self->jobs));
  for (guint i = 0; i < n; i++)
    {
      FaxJob *job = g_list_model_get_item (G_LIST_MODEL (self->jobs), i);
      FaxJobState state = fax_job_get_state (job);

      if (state == FAX_JOB_STATE_COMPLETED || state == FAX_JOB_STATE_FAILED ||
          state == FAX_JOB_STATE_CANCELLED)
        g_object_unref (job);
      else
        g_ptr_array_add (ret, job);
    }
  return ret;
}

FaxJob *
fax_server_get_job (FaxServer  *self,
                    guint32     job_id,
                    GError    **error)
{
  FaxJob *job;

  g_return_val_if_fail (FAX_IS_SERVER (self), NULL);

  job = _fax_server_find_job (self, job_id, NULL);
  if (job == NULL)
    {
      scan_jobs (self);
      job = _fax_server_find_job (self, job_id, NULL);
    }
  if (job == NULL)
    {
      g_set_error (error, FAX_ERROR, FAX_ERROR_INVALID_PARAMETER,
                   _("There is no fax job %u"), job_id);
      return NULL;
    }
  return g_object_ref (job);
}

gboolean
fax_server_abort_job (FaxServer  *self,
                      guint32     job_id,
                      GError    **error)
{
  g_autoptr(FaxJob) job = NULL;
  Running *r;
  FaxJobState state;
  int lock_fd;

  if (self->remote != NULL)
    return _fax_server_hylafax_job_command (self, job_id, FAX_HYLAFAX_JOB_KILL, error);

  job = fax_server_get_job (self, job_id, error);
  if (job == NULL)
    return FALSE;

  r = g_hash_table_lookup (self->running, GUINT_TO_POINTER (job_id));
  if (r != NULL)
    {
      _fax_server_emit_event (self, FAX_EVENT_ABORTING, r->device_id, job_id, NULL);
      g_cancellable_cancel (r->cancellable);
      return TRUE;
    }

  state = fax_job_get_state (job);
  if (state == FAX_JOB_STATE_COMPLETED || state == FAX_JOB_STATE_FAILED ||
      state == FAX_JOB_STATE_CANCELLED)
    {
      g_set_error (error, FAX_ERROR, FAX_ERROR_INVALID_PARAMETER,
                   _("Fax job %u has already finished"), job_id);
      return FALSE;
    }

  /* Running in another process: that process holds the job's lock */
  lock_fd = claim_job (self, job);
  if (lock_fd < 0)
    {
      g_set_error (error, FAX_ERROR, FAX_ERROR_DEVICE_IN_USE,
                   _("Fax job %u is being sent by another Fax Manager process; cancel it there"),
                   job_id);
      return FALSE;
    }

  _fax_job_set_state (job, FAX_JOB_STATE_CANCELLED);
  _fax_job_set_result_text (job, _("Cancelled before it was sent"));
  _fax_job_set_finished (job, g_get_real_time () / G_USEC_PER_SEC);
  move_to_sent (self, job);
  update_job (self, job);
  close (lock_fd);
  _fax_server_emit_event (self, FAX_EVENT_DELETED, fax_job_get_device_id (job), job_id, NULL);
  return TRUE;
}

gboolean
fax_server_delete_job (FaxServer  *self,
                       guint32     job_id,
                       GError    **error)
{
  g_autoptr(FaxJob) job = NULL;
  g_autofree char *dir = NULL;
  FaxJobState state;
  guint position;

  if (self->remote != NULL)
    return _fax_server_hylafax_job_command (self, job_id, FAX_HYLAFAX_JOB_DELETE, error);

  job = fax_server_get_job (self, job_id, error);
  if (job == NULL)
    return FALSE;

  state = fax_job_get_state (job);
  if (state != FAX_JOB_STATE_COMPLETED && state != FAX_JOB_STATE_FAILED &&
      state != FAX_JOB_STATE_CANCELLED)
    {
      g_set_error (error, FAX_ERROR, FAX_ERROR_INVALID_PARAMETER,
                   _("Fax job %u has not finished; cancel it first"), job_id);
      return FALSE;
    }

  dir = job_dir (self, job);
  remove_tree (dir);
  if (_fax_server_find_job (self, job_id, &position))
    g_list_store_remove (self->jobs, position);
  _fax_server_emit_event (self, FAX_EVENT_DELETED, fax_job_get_device_id (job), job_id, NULL);
  return TRUE;
}

gboolean
fax_server_pause_job (FaxServer  *self,
                      guint32     job_id,
                      gboolean    paused,
                      GError    **error)
{
  g_autoptr(FaxJob) job = NULL;
  FaxJobState state;

  if (self->remote != NULL)
    return _fax_server_hylafax_job_command (self, job_id,
                                            paused ? FAX_HYLAFAX_JOB_SUSPEND : FAX_HYLAFAX_JOB_RESUME,
                                            error);

  job = fax_server_get_job (self, job_id, error);
  if (job == NULL)
    return FALSE;

  state = fax_job_get_state (job);
  if (paused)
    {
      if (state != FAX_JOB_STATE_QUEUED && state != FAX_JOB_STATE_RETRYING)
        {
          g_set_error (error, FAX_ERROR, FAX_ERROR_INVALID_PARAMETER,
                       _("Only a waiting fax job can be paused; job %u is %s"),
                       job_id, fax_job_state_to_string (state));
          return FALSE;
        }
      _fax_job_set_state (job, FAX_JOB_STATE_PAUSED);
      update_job (self, job);
      _fax_server_emit_event (self, FAX_EVENT_PAUSED, fax_job_get_device_id (job), job_id, NULL);
    }
  else
    {
      if (state != FAX_JOB_STATE_PAUSED)
        {
          g_set_error (error, FAX_ERROR, FAX_ERROR_INVALID_PARAMETER,
                       _("Fax job %u is not paused"), job_id);
          return FALSE;
        }
      _fax_job_set_state (job, fax_job_get_attempts (job) > 0 ? FAX_JOB_STATE_RETRYING : FAX_JOB_STATE_QUEUED);
      update_job (self, job);
      _fax_server_emit_event (self, FAX_EVENT_RESUMED, fax_job_get_device_id (job), job_id, NULL);
      kick_queue (self);
    }
  return TRUE;
}

gboolean
fax_server_retry_job (FaxServer  *self,
                      guint32     job_id,
                      GError    **error)
{
  g_autoptr(FaxJob) job = NULL;
  FaxJobState state;

  if (self->remote != NULL)
    return _fax_server_hylafax_job_command (self, job_id, FAX_HYLAFAX_JOB_NOW, error);

  job = fax_server_get_job (self, job_id, error);
  if (job == NULL)
    return FALSE;

  state = fax_job_get_state (job);
  if (state == FAX_JOB_STATE_RETRYING || state == FAX_JOB_STATE_QUEUED)
    {
      _fax_job_set_next_try (job, 0);
    }
  else if (state == FAX_JOB_STATE_FAILED || state == FAX_JOB_STATE_CANCELLED)
    {
      g_autofree char *name = g_strdup_printf ("%u", job_id);
      g_autofree char *from = g_build_filename (self->sent_dir, name, NULL);
      g_autofree char *to = g_build_filename (self->outbox_dir, name, NULL);
      g_autofree char *doc = g_build_filename (to, "document.tif", NULL);
      g_autofree char *log = g_build_filename (to, "session.log", NULL);

      if (g_rename (from, to) != 0)
        {
          int errsv = errno;
          g_set_error (error, FAX_ERROR, FAX_ERROR_FAILED,
                       _("Cannot put fax job %u back in the outbox: %s"), job_id, g_strerror (errsv));
          return FALSE;
        }
      _fax_job_set_document (job, doc);
      _fax_job_set_log_path (job, log);
      _fax_job_set_attempts (job, 0);
      _fax_job_set_finished (job, 0);
      _fax_job_set_next_try (job, 0);
      _fax_job_set_result_text (job, NULL);
      _fax_job_set_state (job, FAX_JOB_STATE_QUEUED);
    }
  else
    {
      g_set_error (error, FAX_ERROR, FAX_ERROR_INVALID_PARAMETER,
                   _("Fax job %u is %s; there is nothing to retry"),
                   job_id, fax_job_state_to_string (state));
      return FALSE;
    }

  update_job (self, job);
  _fax_server_emit_event (self, FAX_EVENT_JOB_QUEUED, fax_job_get_device_id (job), job_id, NULL);
  kick_queue (self);
  return TRUE;
}

/**
 * fax_server_set_sending:
 *
 * Whether this server sends queued jobs (the default). A program that
 * only looks at the queue, or only receives, turns it off so that the
 * process that queued a job (or the application) sends it.
 */
void
fax_server_set_sending (FaxServer *self,
                        gboolean   sending)
{
  g_return_if_fail (FAX_IS_SERVER (self));

  self->queue_paused = !sending;
  if (sending)
    kick_queue (self);
}
