/* fax-tiff-private.h: libtiff with its messages routed to GError, per call
 *
 * libtiff's global error and warning handlers print to stderr and are
 * shared by every thread.  Each TIFF we open here carries its own
 * handlers (TIFFOpenExt, libtiff >= 4.5) that collect the messages into a
 * FaxTiffLog owned by the caller, so concurrent workers never mix their
 * messages and nothing reaches stderr.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>
#include <tiffio.h>

G_BEGIN_DECLS

typedef struct
{
  GString *errors;      /* "; "-separated libtiff error messages */
  GString *warnings;
  guint    n_errors;
} FaxTiffLog;

void      _fax_tiff_log_init    (FaxTiffLog  *log);
void      _fax_tiff_log_clear   (FaxTiffLog  *log);
/* Forget what was logged so far (before the next operation) */
void      _fax_tiff_log_reset   (FaxTiffLog  *log);
const char *_fax_tiff_log_last  (FaxTiffLog  *log);

/* Opens @path ("r" or "w" modes of TIFFOpen) with the messages going to
 * @log; on failure sets @error naming @display_name */
TIFF     *_fax_tiff_open        (const char  *path,
                                 const char  *mode,
                                 const char  *display_name,
                                 FaxTiffLog  *log,
                                 GError     **error);

/* The same over client procedures (see TIFFClientOpen), read-only */
TIFF     *_fax_tiff_client_open (const char     *display_name,
                                 thandle_t       handle,
                                 TIFFReadWriteProc read_proc,
                                 TIFFReadWriteProc write_proc,
                                 TIFFSeekProc    seek_proc,
                                 TIFFCloseProc   close_proc,
                                 TIFFSizeProc    size_proc,
                                 TIFFMapFileProc map_proc,
                                 TIFFUnmapFileProc unmap_proc,
                                 FaxTiffLog     *log,
                                 GError        **error);

G_END_DECLS
