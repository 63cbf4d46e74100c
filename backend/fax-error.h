/* fax-error.h: the FAX_ERROR domain, mirroring the Win32 errors of winfax.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define FAX_ERROR (fax_error_quark ())

typedef enum {
  FAX_ERROR_ACCESS_DENIED,      /* ERROR_ACCESS_DENIED */
  FAX_ERROR_NOT_ENOUGH_MEMORY,  /* ERROR_NOT_ENOUGH_MEMORY */
  FAX_ERROR_INVALID_HANDLE,     /* ERROR_INVALID_HANDLE: modify access already held, or a closed handle */
  FAX_ERROR_BAD_UNIT,           /* ERROR_BAD_UNIT: no port with that DeviceId */
  FAX_ERROR_INVALID_PARAMETER,  /* ERROR_INVALID_PARAMETER */
  FAX_ERROR_DEVICE_IN_USE,      /* ERROR_DEVICE_IN_USE */
  FAX_ERROR_FAILED              /* anything else, with a clear message */
} FaxError;

GQuark fax_error_quark (void);

G_END_DECLS
