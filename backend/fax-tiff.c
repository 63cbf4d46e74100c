/* fax-tiff.c: libtiff with per-call message handlers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "fax-error.h"
#include "fax-tiff-private.h"

/* A single allocation above this is refused by libtiff itself: no fax
 * page needs more, and a hostile file cannot make us allocate gigabytes */
#define FAX_TIFF_MAX_SINGLE_ALLOC (256 * 1024 * 1024)

void
_fax_tiff_log_init (FaxTiffLog *log)
{
  log->errors = g_string_new (NULL);
  log->warnings = g_string_new (NULL);
  log->n_errors = 0;
}

void
_fax_tiff_log_clear (FaxTiffLog *log)
{
  if (log->errors != NULL)
    g_string_free (log->errors, TRUE);
  if (log->warnings != NULL)
    g_string_free (log->warnings, TRUE);
  log->errors = NULL;
  log->warnings = NULL;
  log->n_errors = 0;
}

void
_fax_tiff_log_reset (FaxTiffLog *log)
{
  g_string_truncate (log->errors, 0);
  g_string_truncate (log->warnings, 0);
  log->n_errors = 0;
}

const char *
_fax_tiff_log_last (FaxTiffLog *log)
{
  if (log->errors->len > 0)
    return log->errors->str;
  return _("unknown libtiff error");
}

/* libtiff hands us its format strings: not literals, by nature */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
static void
append_message (GString    *str,
                const char *module,
                const char *fmt,
                va_list     ap)
{
  g_autofree char *msg = g_strdup_vprintf (fmt, ap);

  /* Keep the log bounded however broken the file */
  if (str->len > 4096)
    return;
  if (str->len > 0)
    g_string_append (str, "; ");
  if (module != NULL && *module != '\0')
    g_string_append_printf (str, "%s: ", module);
  g_string_append (str, msg);
}
#pragma GCC diagnostic pop

static int
on_error (TIFF       *tif,
          void       *user_data,
          const char *module,
          const char *fmt,
          va_list     ap)
{
  FaxTiffLog *log = user_data;

  log->n_errors++;
  append_message (log->errors, module, fmt, ap);
  return 1;     /* handled: the global handler is not called */
}

static int
on_warning (TIFF       *tif,
            void       *user_data,
            const char *module,
            const char *fmt,
            va_list     ap)
{
  FaxTiffLog *log = user_data;

  append_message (log->warnings, module, fmt, ap);
  return 1;
}

TIFF *
_fax_tiff_open (const char  *path,
                const char  *mode,
                const char  *display_name,
                FaxTiffLog  *log,
                GError     **error)
{
  TIFFOpenOptions *opts;
  TIFF *tif;

  opts = TIFFOpenOptionsAlloc ();
  TIFFOpenOptionsSetErrorHandlerExtR (opts, on_error, log);
  TIFFOpenOptionsSetWarningHandlerExtR (opts, on_warning, log);
  TIFFOpenOptionsSetMaxSingleMemAlloc (opts, FAX_TIFF_MAX_SINGLE_ALLOC);
  tif = TIFFOpenExt (path, mode, opts);
  TIFFOpenOptionsFree (opts);

  if (tif == NULL && mode[0] == 'w')
    g_set_error (error, FAX_ERROR, FAX_ERROR_FAILED,
                 _("Could not create “%s” (%s)"),
                 display_name, _fax_tiff_log_last (log));
  else if (tif == NULL)
    g_set_error (error, FAX_ERROR, FAX_ERROR_FAILED,
                 _("“%s” is not a readable TIFF file (%s)"),
                 display_name, _fax_tiff_log_last (log));
  return tif;
}

TIFF *
_fax_tiff_client_open (const char       *display_name,
                       thandle_t         handle,
                       TIFFReadWriteProc read_proc,
                       TIFFReadWriteProc write_proc,
                       TIFFSeekProc      seek_proc,
                       TIFFCloseProc     close_proc,
                       TIFFSizeProc      size_proc,
                       TIFFMapFileProc   map_proc,
                       TIFFUnmapFileProc unmap_proc,
                       FaxTiffLog       *log,
                       GError          **error)
{
  TIFFOpenOptions *opts;
  TIFF *tif;

  opts = TIFFOpenOptionsAlloc ();
  TIFFOpenOptionsSetErrorHandlerExtR (opts, on_error, log);
  TIFFOpenOptionsSetWarningHandlerExtR (opts, on_warning, log);
  TIFFOpenOptionsSetMaxSingleMemAlloc (opts, FAX_TIFF_MAX_SINGLE_ALLOC);
  /* "m": no memory mapping, everything goes through read_proc */
  tif = TIFFClientOpenExt (display_name, "rm", handle, read_proc, write_proc,
                           seek_proc, close_proc, size_proc, map_proc, unmap_proc,
                           opts);
  TIFFOpenOptionsFree (opts);

  if (tif == NULL)
    g_set_error (error, FAX_ERROR, FAX_ERROR_FAILED,
                 _("“%s” is not a readable TIFF file (%s)"),
                 display_name, _fax_tiff_log_last (log));
  return tif;
}
