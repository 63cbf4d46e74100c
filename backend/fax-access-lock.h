/* fax-access-lock.h: the exclusive modify access of a port, across processes
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Takes the modify lock of the port known as @stable_id. Returns an fd
 * that holds it (close it, or let the process die, to release), or -1 with
 * FAX_ERROR_INVALID_HANDLE naming the holder when another handle has it. */
int   _fax_access_lock_acquire (const char  *stable_id,
                                const char  *device_name,
                                GError     **error);
void  _fax_access_lock_release (int          fd);

G_END_DECLS
