/* fax-device.c
 *
 * The modem device node, opened once however many parts of the server use
 * it (the receiver waiting for RING, a job sending). Opening takes the
 * locks every Linux serial program honours, so that efax, mgetty or
 * minicom and we never use a modem at the same time.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "fax-device.h"
#include "fax-error.h"
#include "fax-serial.h"

struct _FaxDevice
{
  GObject   parent_instance;

  char     *path;
  char     *name;
  int       fd;
  FaxSerialLock *lock;
  guint     speed;
  FaxFlowControl flow;
  guint     users;
  gboolean  busy;
};

G_DEFINE_FINAL_TYPE (FaxDevice, fax_device, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_BUSY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
fax_device_finalize (GObject *object)
{
  FaxDevice *self = (FaxDevice *)object;

  if (self->fd >= 0)
    _fax_serial_close (self->fd, g_steal_pointer (&self->lock));
  g_free (self->path);
  g_free (self->name);

  G_OBJECT_CLASS (fax_device_parent_class)->finalize (object);
}

static void
fax_device_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  FaxDevice *self = FAX_DEVICE (object);

  switch (prop_id)
    {
    case PROP_BUSY:
      g_value_set_boolean (value, self->busy);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fax_device_class_init (FaxDeviceClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = fax_device_finalize;
  object_class->get_property = fax_device_get_property;

  properties[PROP_BUSY] =
    g_param_spec_boolean ("busy", NULL, NULL, FALSE,
                          (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
fax_device_init (FaxDevice *self)
{
  self->fd = -1;
}

FaxDevice *
_fax_device_new (const char *path,
                 const char *name)
{
  FaxDevice *self = g_object_new (FAX_TYPE_DEVICE, NULL);

  self->path = g_strdup (path);
  self->name = g_strdup (name);
  return self;
}

const char *
_fax_device_get_path (FaxDevice *self)
{
  return self->path;
}

gboolean
_fax_device_open (FaxDevice  *self,
                  GError    **error)
{
  int fd;

  if (self->fd >= 0)
    {
      self->users++;
      return TRUE;
    }

  /* UUCP lock files, flock and TIOCEXCL: see fax-serial.c */
  fd = _fax_serial_open (self->path, self->speed, self->flow, &self->lock, error);
  if (fd < 0)
    return FALSE;

  self->fd = fd;
  self->users = 1;
  return TRUE;
}

void
_fax_device_close (FaxDevice *self)
{
  g_return_if_fail (self->users > 0);

  if (--self->users > 0)
    return;

  _fax_serial_close (self->fd, g_steal_pointer (&self->lock));
  self->fd = -1;
}

void
_fax_device_set_line (FaxDevice      *self,
                      guint           speed,
                      FaxFlowControl  flow)
{
  self->speed = speed;
  self->flow = flow;
}

gboolean
_fax_device_is_open (FaxDevice *self)
{
  return self->fd >= 0;
}

/* Why the lock file could not be written (the device is open anyway) */
const char *
_fax_device_get_lock_warning (FaxDevice *self)
{
  return self->lock ? _fax_serial_lock_get_warning (self->lock) : NULL;
}

int
_fax_device_get_fd (FaxDevice *self)
{
  return self->fd;
}

FaxFlowControl
_fax_device_get_flow_control (FaxDevice *self)
{
  return self->flow;
}

gboolean
_fax_device_get_busy (FaxDevice *self)
{
  return self->busy;
}

void
_fax_device_set_busy (FaxDevice *self,
                      gboolean   busy)
{
  busy = !!busy;
  if (self->busy == busy)
    return;
  self->busy = busy;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}
