/* fax-test-hylafax.h: a real HylaFAX server (faxq, hfaxd, faxgetty) for tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct
{
  char    *skip;      /* why there is no server here, or NULL */
  char    *spool;     /* a throw-away copy of the spool */
  char    *address;   /* 127.0.0.1:port */
  guint16  port;
  GPid     faxq;
  GPid     hfaxd;
  GPid     faxgetty;
  char    *modem;     /* the link to the modem device faxgetty runs on */
} FaxTestHylafax;

/* A TCP port on 127.0.0.1 that nothing listens on right now */
guint16  fax_test_free_port          (void);
/* Starts faxq and hfaxd on 127.0.0.1 with $HYLAFAX_START, and faxgetty on
 * @modem_device. FALSE with @hf->skip set when this machine has no
 * HylaFAX. Its processes are killed if the test aborts. */
gboolean fax_test_hylafax_start      (FaxTestHylafax *hf,
                                      const char     *modem_device);
/* hfaxd alone: stopped with its session processes, and started again */
void     fax_test_hylafax_stop_hfaxd (FaxTestHylafax *hf);
void     fax_test_hylafax_start_hfaxd (FaxTestHylafax *hf);
/* Everything stopped, the spool removed, @hf cleared */
void     fax_test_hylafax_stop       (FaxTestHylafax *hf);

/* Another process to kill (SIGKILL) should the test abort; @pid is read
 * then, so it may change meanwhile */
void     fax_test_kill_on_abort      (GPid           *pid);

G_END_DECLS
