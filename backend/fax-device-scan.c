/* fax-device-scan.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <gudev/gudev.h>

#include "fax-device-scan.h"

void
_fax_device_candidate_free (FaxDeviceCandidate *candidate)
{
  if (candidate == NULL)
    return;

  g_free (candidate->path);
  g_free (candidate->stable_id);
  g_free (candidate->name);
  g_free (candidate->vendor);
  g_free (candidate->model);
  g_free (candidate);
}

FaxDeviceCandidate *
_fax_device_candidate_new (const char *path,
                           const char *stable_id,
                           const char *name,
                           gboolean    is_virtual)
{
  FaxDeviceCandidate *candidate = g_new0 (FaxDeviceCandidate, 1);

  candidate->path = g_strdup (path);
  candidate->stable_id = g_strdup (stable_id);
  candidate->name = g_strdup (name);
  candidate->present = TRUE;
  candidate->is_virtual = !!is_virtual;

  return candidate;
}

static char *
name_for_path (const char *path)
{
  if (g_str_has_prefix (path, "/dev/"))
    return g_strdup (path + strlen ("/dev/"));
  return g_path_get_basename (path);
}

FaxDeviceCandidate *
_fax_device_candidate_for_path (const char *path)
{
  g_autofree char *name = name_for_path (path);
  FaxDeviceCandidate *candidate = _fax_device_candidate_new (path, path, name, FALSE);

  candidate->present = g_file_test (path, G_FILE_TEST_EXISTS);
  return candidate;
}

static gboolean
is_modem_candidate (GUdevDevice *device)
{
  g_autoptr(GUdevDevice) parent = g_udev_device_get_parent (device);
  const char *bus = g_udev_device_get_property (device, "ID_BUS");

  /* Virtual consoles, ptmx, ttyprintk and friends have no parent device */
  if (parent == NULL)
    return FALSE;

  if (g_strcmp0 (bus, "usb") == 0)
    return TRUE;

  {
    const char *subsystem = g_udev_device_get_subsystem (parent);
    if (g_strcmp0 (subsystem, "usb") == 0 || g_strcmp0 (subsystem, "usb-serial") == 0)
      return TRUE;
  }

  /* Platform/PCI UARTs: the 8250 driver registers ttyS0..ttyS31 whether or
   * not a UART sits behind them; "type" is PORT_UNKNOWN (0) for the
   * phantom ones, and a port with neither I/O port nor memory address
   * cannot reach a modem either. Devices without a "type" attribute are
   * not UARTs we know. */
  if (g_udev_device_has_sysfs_attr (device, "type"))
    {
      if (g_udev_device_get_sysfs_attr_as_int (device, "type") == 0)
        return FALSE;
      if (g_udev_device_has_sysfs_attr (device, "port") &&
          g_udev_device_has_sysfs_attr (device, "iomem_base"))
        {
          const char *port = g_udev_device_get_sysfs_attr (device, "port");
          const char *iomem = g_udev_device_get_sysfs_attr (device, "iomem_base");
          if (g_ascii_strtoull (port, NULL, 0) == 0 && g_ascii_strtoull (iomem, NULL, 0) == 0)
            return FALSE;
        }
      return TRUE;
    }

  return FALSE;
}

static char *
stable_id_for (GUdevDevice *device)
{
  const char *serial_short = g_udev_device_get_property (device, "ID_SERIAL_SHORT");
  const char *serial = g_udev_device_get_property (device, "ID_SERIAL");
  const char *interface = g_udev_device_get_property (device, "ID_USB_INTERFACE_NUM");
  const char *id_path = g_udev_device_get_property (device, "ID_PATH");

  /* A real serial number follows the modem from socket to socket; without
   * one (vendor_model only) two identical modems would share settings, so
   * the physical path is the better key. */
  if (serial != NULL && serial_short != NULL && serial_short[0] != '\0')
    return g_strdup_printf ("udev-serial:%s%s%s", serial, interface ? ":" : "", interface ? interface : "");

  if (id_path != NULL)
    return g_strdup_printf ("udev-path:%s", id_path);

  return g_strdup (g_udev_device_get_device_file (device));
}

static char *
display_name_for (GUdevDevice *device,
                  const char  *path)
{
  const char *vendor = g_udev_device_get_property (device, "ID_VENDOR_FROM_DATABASE");
  const char *model = g_udev_device_get_property (device, "ID_MODEL_FROM_DATABASE");
  g_autofree char *node = name_for_path (path);

  if (vendor == NULL)
    vendor = g_udev_device_get_property (device, "ID_VENDOR");
  if (model == NULL)
    model = g_udev_device_get_property (device, "ID_MODEL");

  if (vendor != NULL && model != NULL)
    return g_strdup_printf ("%s %s (%s)", vendor, model, node);
  if (model != NULL)
    return g_strdup_printf ("%s (%s)", model, node);

  return g_steal_pointer (&node);
}

GPtrArray *
_fax_device_scan_udev (void)
{
  static const char *subsystems[] = { "tty", NULL };
  GPtrArray *ret = g_ptr_array_new_with_free_func ((GDestroyNotify)_fax_device_candidate_free);
  g_autoptr(GUdevClient) client = NULL;
  GList *devices;

  if (g_getenv ("FAX_MANAGER_NO_UDEV") != NULL)
    return ret;

  client = g_udev_client_new (subsystems);
  devices = g_udev_client_query_by_subsystem (client, "tty");

  for (GList *l = devices; l; l = l->next)
    {
      GUdevDevice *device = l->data;
      const char *path = g_udev_device_get_device_file (device);
      FaxDeviceCandidate *candidate;
      g_autofree char *stable_id = NULL;
      g_autofree char *name = NULL;

      if (path == NULL || !is_modem_candidate (device))
        continue;

      stable_id = stable_id_for (device);
      name = display_name_for (device, path);
      candidate = _fax_device_candidate_new (path, stable_id, name, FALSE);
      candidate->vendor = g_strdup (g_udev_device_get_property (device, "ID_VENDOR_FROM_DATABASE"));
      candidate->model = g_strdup (g_udev_device_get_property (device, "ID_MODEL_FROM_DATABASE"));
      /* ModemManager probes udev devices unless a rule tells it not to */
      candidate->mm_candidate = !g_udev_device_get_property_as_boolean (device, "ID_MM_DEVICE_IGNORE");
      g_ptr_array_add (ret, candidate);
    }

  g_list_free_full (devices, g_object_unref);

  return ret;
}
