/* fax-port-store.c
 *
 * The settings of every port live in one key file,
 * $XDG_CONFIG_HOME/fax-manager/ports.conf, one group per device identity
 * ("port <stable id>", the id URI-escaped). Writers take an flock on a
 * sibling lock file, re-read the file, apply their change and replace the
 * file atomically, so two processes editing different ports never lose
 * each other's changes and a crash mid-write leaves the old file intact.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "fax-error.h"
#include "fax-port-store.h"

struct _FaxPortStore
{
  char     *path;
  GKeyFile *keyfile;
  int       lock_fd;
};

FaxPortStore *
_fax_port_store_new (const char *path)
{
  FaxPortStore *self = g_new0 (FaxPortStore, 1);

  self->path = g_strdup (path);
  self->keyfile = g_key_file_new ();
  self->lock_fd = -1;

  return self;
}

void
_fax_port_store_free (FaxPortStore *self)
{
  if (self == NULL)
    return;

  if (self->lock_fd >= 0)
    close (self->lock_fd);
  g_clear_pointer (&self->keyfile, g_key_file_unref);
  g_free (self->path);
  g_free (self);
}

const char *
_fax_port_store_get_path (FaxPortStore *self)
{
  return self->path;
}

gboolean
_fax_port_store_reload (FaxPortStore  *self,
                        GError       **error)
{
  g_autoptr(GKeyFile) keyfile = g_key_file_new ();
  g_autoptr(GError) local_error = NULL;

  if (!g_key_file_load_from_file (keyfile, self->path, G_KEY_FILE_KEEP_COMMENTS, &local_error))
    {
      if (g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        {
          g_key_file_unref (self->keyfile);
          self->keyfile = g_steal_pointer (&keyfile);
          return TRUE;
        }

      if (local_error->domain == G_KEY_FILE_ERROR)
        {
          g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
          g_autofree char *stamp = g_date_time_format (now, "%Y%m%dT%H%M%S");
          g_autofree char *aside = g_strdup_printf ("%s.broken-%s", self->path, stamp);

          g_rename (self->path, aside);
          g_set_error (error, FAX_ERROR, FAX_ERROR_FAILED,
                       _("The port settings file %s could not be read (%s); it was moved to %s and default settings are used"),
                       self->path, local_error->message, aside);
          g_key_file_unref (self->keyfile);
          self->keyfile = g_steal_pointer (&keyfile);
          return FALSE;
        }

      g_set_error (error, FAX_ERROR, FAX_ERROR_FAILED,
                   _("The port settings file %s could not be read: %s"),
                   self->path, local_error->message);
      return FALSE;
    }

  g_key_file_unref (self->keyfile);
  self->keyfile = g_steal_pointer (&keyfile);
  return TRUE;
}

gboolean
_fax_port_store_begin (FaxPortStore  *self,
                       GError       **error)
{
  g_autofree char *dir = g_path_get_dirname (self->path);
  g_autofree char *lock_path = g_strconcat (self->path, ".lock", NULL);
  g_autoptr(GError) reload_error = NULL;
  int fd;

  g_return_val_if_fail (self->lock_fd < 0, FALSE);

  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int errsv = errno;
      g_set_error (error, FAX_ERROR, FAX_ERROR_FAILED,
                   _("Cannot create the settings folder %s: %s"),
                   dir, g_strerror (errsv));
      return FALSE;
    }

  fd = open (lock_path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0)
    {
      int errsv = errno;
      g_set_error (error, FAX_ERROR, FAX_ERROR_FAILED,
                   _("Cannot open %s to save port settings: %s"),
                   lock_path, g_strerror (errsv));
      return FALSE;
    }

  while (flock (fd, LOCK_EX) != 0)
    {
      int errsv = errno;
      if (errsv == EINTR)
        continue;
      close (fd);
      g_set_error (error, FAX_ERROR, FAX_ERROR_FAILED,
                   _("Cannot lock %s to save port settings: %s"),
                   lock_path, g_strerror (errsv));
      return FALSE;
    }

  self->lock_fd = fd;

  /* A broken file was moved aside and reported; carry on from defaults
   * rather than refusing every change. */
  if (!_fax_port_store_reload (self, &reload_error))
    {
      if (!g_error_matches (reload_error, FAX_ERROR, FAX_ERROR_FAILED) ||
          g_file_test (self->path, G_FILE_TEST_EXISTS))
        {
          _fax_port_store_rollback (self);
          g_propagate_error (error, g_steal_pointer (&reload_error));
          return FALSE;
        }
      g_warning ("%s", reload_error->message);
    }

  return TRUE;
}

gboolean
_fax_port_store_commit (FaxPortStore  *self,
                        GError       **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *data = NULL;
  gsize len = 0;
  gboolean ret;

  g_return_val_if_fail (self->lock_fd >= 0, FALSE);

  data = g_key_file_to_data (self->keyfile, &len, NULL);
  ret = g_file_set_contents_full (self->path, data, len,
                                  G_FILE_SET_CONTENTS_CONSISTENT | G_FILE_SET_CONTENTS_DURABLE,
                                  0600, &local_error);
  if (!ret)
    {
      g_set_error (error, FAX_ERROR, FAX_ERROR_FAILED,
                   _("The port settings could not be saved to %s: %s. Nothing was changed; free some disk space or check the folder’s permissions and try again"),
                   self->path, local_error->message);
      /* Forget the unsaved edit: the file still holds the truth */
      _fax_port_store_rollback (self);
      return FALSE;
    }

  close (self->lock_fd);
  self->lock_fd = -1;
  return TRUE;
}

void
_fax_port_store_rollback (FaxPortStore *self)
{
  if (self->lock_fd >= 0)
    {
      close (self->lock_fd);
      self->lock_fd = -1;
    }
  _fax_port_store_reload (self, NULL);
}

static char *
group_for (const char *stable_id)
{
  g_autofree char *escaped = g_uri_escape_string (stable_id, "/:.-_@+", FALSE);
  return g_strconcat ("port ", escaped, NULL);
}

guint
_fax_port_store_get_uint (FaxPortStore *self,
                          const char   *stable_id,
                          const char   *key,
                          guint         fallback)
{
  g_autofree char *group = group_for (stable_id);
  g_autoptr(GError) error = NULL;
  guint64 value;

  value = g_key_file_get_uint64 (self->keyfile, group, key, &error);
  if (error != NULL || value > G_MAXUINT)
    return fallback;

  return (guint)value;
}

void
_fax_port_store_set_uint (FaxPortStore *self,
                          const char   *stable_id,
                          const char   *key,
                          guint         value)
{
  g_autofree char *group = group_for (stable_id);
  g_key_file_set_uint64 (self->keyfile, group, key, value);
}

gboolean
_fax_port_store_get_boolean (FaxPortStore *self,
                             const char   *stable_id,
                             const char   *key,
                             gboolean      fallback)
{
  g_autofree char *group = group_for (stable_id);
  g_autoptr(GError) error = NULL;
  gboolean value;

  value = g_key_file_get_boolean (self->keyfile, group, key, &error);
  if (error != NULL)
    return fallback;

  return value;
}

void
_fax_port_store_set_boolean (FaxPortStore *self,
                             const char   *stable_id,
                             const char   *key,
                             gboolean      value)
{
  g_autofree char *group = group_for (stable_id);
  g_key_file_set_boolean (self->keyfile, group, key, value);
}

char *
_fax_port_store_get_string (FaxPortStore *self,
                            const char   *stable_id,
                            const char   *key)
{
  g_autofree char *group = group_for (stable_id);
  return g_key_file_get_string (self->keyfile, group, key, NULL);
}

void
_fax_port_store_set_string (FaxPortStore *self,
                            const char   *stable_id,
                            const char   *key,
                            const char   *value)
{
  g_autofree char *group = group_for (stable_id);

  if (value == NULL)
    g_key_file_remove_key (self->keyfile, group, key, NULL);
  else
    g_key_file_set_string (self->keyfile, group, key, value);
}

char **
_fax_port_store_get_extra_devices (FaxPortStore *self)
{
  char **paths = g_key_file_get_string_list (self->keyfile, "devices", "extra", NULL, NULL);
  return paths ? paths : g_new0 (char *, 1);
}

void
_fax_port_store_set_extra_devices (FaxPortStore       *self,
                                   const char * const *paths)
{
  g_key_file_set_string_list (self->keyfile, "devices", "extra", paths,
                              paths ? g_strv_length ((char **)paths) : 0);
}
