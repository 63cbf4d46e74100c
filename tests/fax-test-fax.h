/* fax-test-fax.h: fax pages and calls for tests on the virtual line
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "fax-backend.h"
#include "fax-call.h"
#include "fax-virtual-line.h"

G_BEGIN_DECLS

typedef struct
{
  guint    width;
  guint    length;
  float    yres;
  GBytes  *bits;   /* rows of width/8 bytes, 1 = black */
} FaxTestPage;

void       fax_test_page_free        (FaxTestPage *page);

/* Writes @n_pages distinct pages (boxes, lines, a block of pseudo-text,
 * a page number pattern) at 204 x @yres dpi, G4, to @path */
void       fax_test_write_document   (const char  *path,
                                      guint        n_pages,
                                      float        yres,
                                      guint        seed);
/* One file per page, G3 1-D (what efax reads) */
void       fax_test_write_g3_pages   (const char  *prefix,
                                      guint        n_pages,
                                      float        yres,
                                      guint        seed,
                                      GPtrArray   *paths_out);
GPtrArray *fax_test_read_pages       (const char  *path,
                                      GError     **error);
/* Rows of @b from @b_skip on equal rows of @a from @a_skip, for
 * @rows rows (all of the shorter page when 0) */
gboolean   fax_test_page_rows_equal  (FaxTestPage *a,
                                      guint        a_skip,
                                      FaxTestPage *b,
                                      guint        b_skip,
                                      guint        rows);

FaxVirtualLine *fax_test_line_new    (const char  *first_property,
                                      ...) G_GNUC_NULL_TERMINATED;
/* Opens an end of the line as a DTE would: raw, non-blocking */
int        fax_test_open_end         (FaxVirtualLine   *line,
                                      FaxVirtualLineEnd end);
/* Runs @sender (already configured) from end A and answers on end B
 * with @receiver once B rings; spins the main context until both end.
 * Either may be NULL (a peer outside, such as efax). */
void       fax_test_run_calls        (FaxCall     *sender,
                                      FaxCall     *receiver,
                                      int          receiver_fd,
                                      guint        timeout_seconds);
gboolean   fax_test_wait_for_ring    (int          fd,
                                      guint        timeout_seconds);
gboolean   fax_test_spin_until       (gboolean   (*done) (gpointer),
                                      gpointer     data,
                                      guint        timeout_seconds);

/* The local server with the virtual line on, at 8 times real time */
FaxServer *fax_test_server_with_line (void);
/* For fax_test_spin_until (): a FaxJob ended (completed, failed or
 * cancelled); a GListModel has items */
gboolean   fax_test_job_finished     (gpointer     job);
gboolean   fax_test_model_not_empty  (gpointer     model);

guint32    fax_test_configure_port   (FaxServer   *server,
                                      const char  *id,
                                      FaxPortFlags flags,
                                      const char  *station_id);

G_END_DECLS
