/* fax-test-util.h: a private, throw-away environment for each test program
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* g_test_init () plus a fresh temporary root holding XDG_CONFIG_HOME,
 * XDG_DATA_HOME, XDG_CACHE_HOME, XDG_RUNTIME_DIR and a devices folder;
 * udev is switched off so that only the test's devices are ports. */
void        fax_test_init             (int    *argc,
                                       char ***argv);
const char *fax_test_get_root         (void);
/* fax_test_init () also keeps the last log messages (debug ones too) and
 * prints them, with the running test's path, when the program dies of a
 * signal: a failed assertion, a crash or meson's timeout. Hooks run first
 * (from the signal handler: kill children, nothing more). */
typedef void (*FaxTestFatalHook) (void);
void        fax_test_add_fatal_hook   (FaxTestFatalHook hook);
/* Removes ports.conf and the devices, recreates @n devices dev0..dev<n-1>
 * and points FAX_MANAGER_DEVICES at them (plus @extra, may be NULL) */
void        fax_test_reset            (guint       n,
                                       const char *extra);
char       *fax_test_device_path      (guint       i);
char       *fax_test_config_path      (void);
/* The contents of ports.conf ("" when there is none) */
char       *fax_test_read_config      (void);

/* tests/fax-port-holder holding modify access to @device in another
 * process, once it says so; it lets go when its stdin closes */
typedef struct
{
  GPid  pid;
  int   stdin_fd;
} FaxTestHolder;

FaxTestHolder fax_test_spawn_port_holder (const char *device);

/* waitpid () for a child that must end soon: its wait status; after 60 s
 * it is killed and the test fails, saying so */
int         fax_test_wait_child       (GPid        pid);

/* tests/fax-fake-modem on a pty, answering @script (its syntax is at the
 * top of fax-fake-modem.c); @link is a symlink to the device and @log the
 * commands it received, one a line. Stopping closes its stdin and waits. */
typedef struct
{
  GPid  pid;
  int   in_fd;
  char *link;
  char *device;
  char *log;
} FaxTestFakeModem;

FaxTestFakeModem *fax_test_fake_modem_start (const char       *script);
void              fax_test_fake_modem_stop  (FaxTestFakeModem *fm);
/* Opens the modem as a DTE would: raw, non-blocking */
int               fax_test_fake_modem_open  (FaxTestFakeModem *fm);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FaxTestFakeModem, fax_test_fake_modem_stop)

G_END_DECLS
