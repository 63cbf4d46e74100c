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

#include <errno.h>
#include <fcntl.h>
#include <sys/file.h>
#include <sys/ioctl.h>
#include <termios.h>
#include <unistd.h>

#include <glib/gi18n-lib.h>

#include "fax-device.h"
#include "fax-error.h"

struct _FaxDevice
{
  GObject   parent_instance;

  char     *path;
  char     *name;
  int       fd;
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
    close (self->fd);
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
  struct termios tio;
  int fd;

  if (self->fd >= 0)
    {
      self->users++;
      return TRUE;
    }

  fd = open (self->path, O_RDWR | O_NOCTTY | O_NONBLOCK | O_CLOEXEC);
  if (fd < 0)
    {
      int errsv = errno;
      g_set_error (error, FAX_ERROR, errsv == EACCES ? FAX_ERROR_ACCESS_DENIED : FAX_ERROR_FAILED,
                   _("Cannot open %s (%s): %s"), self->name, self->path, g_strerror (errsv));
      return FALSE;
    }

  if (flock (fd, LOCK_EX | LOCK_NB) != 0)
    {
      close (fd);
      g_set_error (error, FAX_ERROR, FAX_ERROR_DEVICE_IN_USE,
                   _("%s is in use by another program"), self->name);
      return FALSE;
    }

  /* Other programs that open the node now get EBUSY */
  ioctl (fd, TIOCEXCL);

  if (tcgetattr (fd, &tio) == 0)
    {
      cfmakeraw (&tio);
      tio.c_cflag |= CLOCAL | CREAD;
      tio.c_cflag &= ~CRTSCTS;
      tio.c_iflag &= ~(IXON | IXOFF | IXANY);
      tio.c_cc[VMIN] = 1;
      tio.c_cc[VTIME] = 0;
      cfsetispeed (&tio, B19200);
      cfsetospeed (&tio, B19200);
      tcsetattr (fd, TCSANOW, &tio);
    }

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

  close (self->fd);
  self->fd = -1;
}

int
_fax_device_get_fd (FaxDevice *self)
{
  return self->fd;
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
