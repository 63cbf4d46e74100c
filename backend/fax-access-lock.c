/* fax-access-lock.c
 *
 * Modify access is an flock(2) on $XDG_RUNTIME_DIR/fax-manager/<hash>.modify.
 * flock locks belong to the open file description, so two handles in one
 * process conflict exactly as two processes do, and the kernel drops the
 * lock when the holder dies. The holder writes "<program> <pid>" into the
 * file so that the refused one can say who has it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <sys/file.h>
#include <unistd.h>

#include <glib/gi18n-lib.h>

#include "fax-access-lock.h"
#include "fax-error.h"

static char *
lock_path_for (const char *stable_id)
{
  g_autofree char *hash = g_compute_checksum_for_string (G_CHECKSUM_SHA1, stable_id, -1);
  g_autofree char *name = g_strconcat (hash, ".modify", NULL);

  return g_build_filename (g_get_user_runtime_dir (), "fax-manager", name, NULL);
}

static char *
read_holder (int fd)
{
  char buf[256];
  ssize_t n = pread (fd, buf, sizeof buf - 1, 0);
  guint64 pid;

  if (n <= 0)
    return NULL;
  buf[n] = '\0';
  g_strchomp (buf);

  /* "<program> <pid>", program may contain spaces */
  {
    char *space = strrchr (buf, ' ');
    g_autofree char *program = NULL;

    if (space == NULL || !g_ascii_string_to_unsigned (space + 1, 10, 1, G_MAXINT, &pid, NULL))
      return NULL;
    program = g_strndup (buf, space - buf);
    if (!g_utf8_validate (program, -1, NULL))
      return NULL;
    return g_strdup_printf (_("%s, PID %" G_GUINT64_FORMAT), program, pid);
  }
}

int
_fax_access_lock_acquire (const char  *stable_id,
                          const char  *device_name,
                          GError     **error)
{
  g_autofree char *path = lock_path_for (stable_id);
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *holder = NULL;
  const char *program;
  int fd;

  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int errsv = errno;
      g_set_error (error, FAX_ERROR, FAX_ERROR_FAILED,
                   _("Cannot create %s to manage port access: %s"),
                   dir, g_strerror (errsv));
      return -1;
    }

  fd = open (path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
  if (fd < 0)
    {
      int errsv = errno;
      g_set_error (error, FAX_ERROR, FAX_ERROR_FAILED,
                   _("Cannot open %s to manage port access: %s"),
                   path, g_strerror (errsv));
      return -1;
    }

  while (flock (fd, LOCK_EX | LOCK_NB) != 0)
    {
      int errsv = errno;

      if (errsv == EINTR)
        continue;

      if (errsv == EWOULDBLOCK)
        {
          holder = read_holder (fd);
          close (fd);
          if (holder != NULL)
            g_set_error (error, FAX_ERROR, FAX_ERROR_INVALID_HANDLE,
                         _("%s is being edited in another window (%s). Finish or cancel that edit first"),
                         device_name, holder);
          else
            g_set_error (error, FAX_ERROR, FAX_ERROR_INVALID_HANDLE,
                         _("%s is being edited in another window. Finish or cancel that edit first"),
                         device_name);
          return -1;
        }

      close (fd);
      g_set_error (error, FAX_ERROR, FAX_ERROR_FAILED,
                   _("Cannot lock %s: %s"), path, g_strerror (errsv));
      return -1;
    }

  program = g_get_prgname ();
  if (program == NULL)
    program = "unknown program";

  {
    g_autofree char *content = g_strdup_printf ("%s %d\n", program, (int)getpid ());
    gsize len = strlen (content);

    if (ftruncate (fd, 0) != 0 || pwrite (fd, content, len, 0) != (ssize_t)len)
      g_debug ("Could not record the holder in %s", path);
  }

  return fd;
}

void
_fax_access_lock_release (int fd)
{
  if (fd < 0)
    return;

  /* Empty it first so that nobody reads a stale holder, then unlock */
  if (ftruncate (fd, 0) != 0)
    g_debug ("Could not clear a port access lock");
  close (fd);
}
