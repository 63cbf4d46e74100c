/* fax-serial.h: opening a modem device the way every Linux serial program
 * agrees on (UUCP lock files, flock, TIOCEXCL) and setting up its line
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "fax-device-options.h"   /* FaxFlowControl */

G_BEGIN_DECLS

#define FAX_SERIAL_DEFAULT_SPEED 19200

/* The UUCP lock files held for one open device */
typedef struct _FaxSerialLock FaxSerialLock;

/* The directory of the lock files: $FAX_MANAGER_LOCK_DIR, else /var/lock */
char          *_fax_serial_get_lock_dir   (void);

/* Takes LCK..<basename> for @path as configured and, when @path is a
 * symlink, for the basename of the device it resolves to. A lock held by
 * a live process (or a fresh one of a process that just exited) fails with
 * FAX_ERROR_DEVICE_IN_USE naming the program and PID; stale locks are
 * removed. When the directory is not writable the lock is still returned
 * (flock/TIOCEXCL protect the device) with a warning to show. */
FaxSerialLock *_fax_serial_lock_acquire   (const char     *path,
                                           GError        **error);
void           _fax_serial_lock_release   (FaxSerialLock  *lock);
/* Why no lock file could be written, or NULL */
const char    *_fax_serial_lock_get_warning (FaxSerialLock *lock);

/* Locks, then opens @path non-blocking with flock (LOCK_EX|LOCK_NB) and
 * TIOCEXCL, raw 8N1 at @speed (0: 19200) with @flow (hardware: RTS/CTS;
 * software: XON/XOFF in band, handled by the call, not the kernel). Returns the fd and
 * stores the lock in @lock_out; release both with _fax_serial_close (). */
int            _fax_serial_open           (const char     *path,
                                           guint           speed,
                                           FaxFlowControl  flow,
                                           FaxSerialLock **lock_out,
                                           GError        **error);
void           _fax_serial_close          (int             fd,
                                           FaxSerialLock  *lock);
gboolean       _fax_serial_set_speed      (int             fd,
                                           guint           speed,
                                           FaxFlowControl  flow,
                                           GError        **error);
/* Changes only the speed (autobaud) */
gboolean       _fax_serial_set_baud       (int             fd,
                                           guint           speed,
                                           GError        **error);

/* A pseudo-terminal (a software modem): its speed setting means nothing */
gboolean       _fax_serial_is_pty         (const char     *path);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FaxSerialLock, _fax_serial_lock_release)

G_END_DECLS
