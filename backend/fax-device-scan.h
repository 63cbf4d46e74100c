/* fax-device-scan.h: which serial devices can be fax modems
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct
{
  char     *path;       /* device node as configured or found */
  char     *stable_id;  /* settings key: "udev-serial:..", "udev-path:..", or the path */
  char     *name;       /* shown to people */
  char     *vendor;     /* from udev, may be NULL */
  char     *model;      /* from udev, may be NULL */
  gboolean  present;
  gboolean  is_virtual;
  gboolean  mm_candidate;  /* from udev, without ID_MM_DEVICE_IGNORE */
} FaxDeviceCandidate;

void       _fax_device_candidate_free (FaxDeviceCandidate *candidate);
FaxDeviceCandidate *_fax_device_candidate_new (const char *path,
                                               const char *stable_id,
                                               const char *name,
                                               gboolean    is_virtual);

/* Serial devices found in udev's tty subsystem that may be modems:
 * USB ACM and USB-serial adapters, and serial ports whose UART is real.
 * Skipped entirely when FAX_MANAGER_NO_UDEV is set (tests). */
GPtrArray *_fax_device_scan_udev      (void);

/* Extra paths (FAX_MANAGER_DEVICES, configured ones): listed whether they
 * exist or not, so that a missing one shows as unavailable. */
FaxDeviceCandidate *_fax_device_candidate_for_path (const char *path);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FaxDeviceCandidate, _fax_device_candidate_free)

G_END_DECLS
