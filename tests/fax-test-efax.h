/* fax-test-efax.h: a fax from efax to efax through fax-virtual-line
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct
{
  int        line_status;       /* exit status of fax-virtual-line after SIGTERM */
  int        sender_status;
  int        receiver_status;
  double     seconds;           /* from the sender's start to its exit */
  double     line_cpu_seconds;  /* CPU time fax-virtual-line used in all (Linux) */
  GPtrArray *received;          /* paths of the received pages, in order */
  char      *line_log;
  char      *sender_log;
  char      *receiver_log;
} FaxTestEfaxRun;

void fax_test_efax_run_clear (FaxTestEfaxRun *run);

/* Starts `fax-virtual-line -v --speed SPEED` ($FAX_VIRTUAL_LINE), an efax
 * receiving (auto-answer) on end B and an efax sending @pages (one TIFF
 * file each) from end A; waits for both, stops the line, and collects the
 * results. Files go to @workdir. Limits only guard against hangs. */
void fax_test_efax_run       (const char          *workdir,
                              double               speed,
                              const char * const  *pages,
                              FaxTestEfaxRun      *run);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (FaxTestEfaxRun, fax_test_efax_run_clear)

G_END_DECLS
