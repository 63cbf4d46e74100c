/* fax-device.h: an open modem device, shared by the sender and the receiver
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "fax-serial.h"

G_BEGIN_DECLS

#define FAX_TYPE_DEVICE (fax_device_get_type ())

G_DECLARE_FINAL_TYPE (FaxDevice, fax_device, FAX, DEVICE, GObject)

FaxDevice  *_fax_device_new       (const char  *path,
                                   const char  *name);
const char *_fax_device_get_path  (FaxDevice   *self);
/* Opens (first user) or shares the open device; every successful open
 * needs one _fax_device_close (). The fd is raw 8N1, non-blocking, and
 * locked against other programs. */
gboolean    _fax_device_open      (FaxDevice   *self,
                                   GError     **error);
void        _fax_device_close     (FaxDevice   *self);
/* Line settings for the next open (speed 0: 19200) */
void        _fax_device_set_line  (FaxDevice   *self,
                                   guint        speed,
                                   FaxFlowControl flow);
gboolean    _fax_device_is_open   (FaxDevice   *self);
const char *_fax_device_get_lock_warning (FaxDevice *self);
int         _fax_device_get_fd    (FaxDevice   *self);
FaxFlowControl _fax_device_get_flow_control (FaxDevice *self);
/* A call owns the device: the receiver stops watching for RING */
gboolean    _fax_device_get_busy  (FaxDevice   *self);
void        _fax_device_set_busy  (FaxDevice   *self,
                                   gboolean     busy);

G_END_DECLS
