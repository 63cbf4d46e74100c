/* fax-serial.c
 *
 * The UUCP lock protocol shared by efax, mgetty, HylaFAX, minicom and cu:
 * /var/lock/LCK..<name> holds the owner's PID as "%10d\n". It is created
 * atomically (a temporary file, then link ()), honoured while its process
 * lives, and removed as stale only when that process is gone and the file
 * is older than a grace period (a program may be between creating it and
 * writing its PID). On top of it the open fd gets flock () and TIOCEXCL,
 * which also protect the device when the lock directory is not writable.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/file.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <termios.h>
#include <unistd.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "fax-error.h"
#include "fax-serial.h"

/* HylaFAX's UUCPLockTimeout */
#define STALE_GRACE_SECONDS 30

struct _FaxSerialLock
{
  GPtrArray *files;    /* lock files we created */
  char      *warning;
};

/* Lock files held by this process, removed at exit whatever happens to
 * the objects that hold them */
G_LOCK_DEFINE_STATIC (held);
static GHashTable *held_files;

static void
remove_held_at_exit (void)
{
  GHashTableIter iter;
  gpointer key;

  G_LOCK (held);
  if (held_files != NULL)
    {
      g_hash_table_iter_init (&iter, held_files);
      while (g_hash_table_iter_next (&iter, &key, NULL))
        unlink (key);
    }
  G_UNLOCK (held);
}

static void
track_file (const char *path,
            gboolean    hold)
{
  G_LOCK (held);
  if (held_files == NULL)
    {
      held_files = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
      atexit (remove_held_at_exit);
    }
  if (hold)
    g_hash_table_add (held_files, g_strdup (path));
  else
    g_hash_table_remove (held_files, path);
  G_UNLOCK (held);
}

char *
_fax_serial_get_lock_dir (void)
{
  const char *env = g_getenv ("FAX_MANAGER_LOCK_DIR");

  if (env != NULL && env[0] != '\0')
    return g_strdup (env);
  return g_strdup ("/var/lock");
}

/* The PID in a lock file: ASCII (any width) or a 4-byte binary int as
 * old HDB programs write. 0 when there is none. */
static pid_t
read_lock_pid (const char *path,
               gboolean   *exists)
{
  g_autofree char *contents = NULL;
  gsize len = 0;
  guint64 pid;
  gint32 bin = 0;

  *exists = TRUE;
  if (!g_file_get_contents (path, &contents, &len, NULL))
    {
      *exists = g_file_test (path, G_FILE_TEST_EXISTS);
      return 0;
    }

  /* ASCII first: four bytes that read as a number are "123\n" and the
   * like (a binary PID of digits and spaces would be over 538 million,
   * beyond any pid_max); anything else four bytes long is binary, whatever
   * its first byte looks like */
  if (len == sizeof bin)
    memcpy (&bin, contents, sizeof bin);

  if (memchr (contents, '\0', len) == NULL)
    {
      g_strstrip (contents);
      if (g_ascii_string_to_unsigned (contents, 10, 1, G_MAXINT32, &pid, NULL))
        return (pid_t)pid;
    }

  return bin > 0 ? bin : 0;
}

/* "efax (PID 1234)": the program name from /proc, as far as we may see it */
static char *
describe_pid (pid_t pid)
{
  g_autofree char *comm_path = g_strdup_printf ("/proc/%d/comm", (int)pid);
  g_autofree char *comm = NULL;

  if (g_file_get_contents (comm_path, &comm, NULL, NULL))
    {
      g_strstrip (comm);
      if (comm[0] != '\0' && g_utf8_validate (comm, -1, NULL))
        return g_strdup_printf (_("%s (PID %d)"), comm, (int)pid);
    }
  return g_strdup_printf (_("another program (PID %d)"), (int)pid);
}

static gboolean
process_alive (pid_t pid)
{
  return kill (pid, 0) == 0 || errno != ESRCH;
}

static gboolean
older_than_grace (const char *path)
{
  GStatBuf st;

  if (g_stat (path, &st) != 0)
    return TRUE;
  return time (NULL) - st.st_mtime >= STALE_GRACE_SECONDS;
}

/* Whether the existing lock at @path may be removed; if not, @error says
 * who holds it */
static gboolean
check_existing (const char  *path,
                const char  *device,
                GError     **error)
{
  gboolean exists;
  pid_t pid = read_lock_pid (path, &exists);

  if (!exists)
    return TRUE;

  if (pid > 0 && process_alive (pid))
    {
      g_autofree char *who = describe_pid (pid);
      g_set_error (error, FAX_ERROR, FAX_ERROR_DEVICE_IN_USE,
                   _("%s is in use by %s"), device, who);
      return FALSE;
    }

  if (!older_than_grace (path))
    {
      if (pid > 0)
        g_set_error (error, FAX_ERROR, FAX_ERROR_DEVICE_IN_USE,
                     _("%s was just used by a program that has exited (PID %d); trying again shortly"),
                     device, (int)pid);
      else
        g_set_error (error, FAX_ERROR, FAX_ERROR_DEVICE_IN_USE,
                     _("%s is being locked by another program (%s)"), device, path);
      return FALSE;
    }

  g_debug ("removing stale lock %s (PID %d)", path, (int)pid);
  return TRUE;
}

/* One lock file. Returns TRUE with *created set when we made it, TRUE
 * with *created unset when the directory is not writable (and no live
 * foreign lock exists), FALSE when the device is locked by someone else. */
static gboolean
lock_one (const char  *dir,
          const char  *name,
          const char  *device,
          gboolean    *created,
          char       **warning,
          GError     **error)
{
  g_autofree char *lock_name = g_strconcat ("LCK..", name, NULL);
  g_autofree char *path = g_build_filename (dir, lock_name, NULL);
  g_autofree char *tmp_path = NULL;
  char pid_text[16];
  int fd;

  *created = FALSE;

  /* Look first: a foreign lock counts even when we cannot write our own */
  if (!check_existing (path, device, error))
    return FALSE;

  tmp_path = g_strdup_printf ("%s/LTMP.%d.%08x", dir, (int)getpid (), g_random_int ());
  fd = open (tmp_path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
  if (fd < 0)
    {
      int errsv = errno;
      if (*warning == NULL)
        *warning = g_strdup_printf (_("Cannot create lock files in %s (%s), so other programs cannot see that Fax Manager uses %s. "
                                      "Make the directory writable for your account (on Debian: group “dialout” or “uucp”) "
                                      "or set FAX_MANAGER_LOCK_DIR."),
                                    dir, g_strerror (errsv), device);
      return TRUE;
    }

  g_snprintf (pid_text, sizeof pid_text, "%10d\n", (int)getpid ());
  if (write (fd, pid_text, 11) != 11)
    {
      int errsv = errno;
      close (fd);
      unlink (tmp_path);
      g_set_error (error, FAX_ERROR, FAX_ERROR_FAILED,
                   _("Cannot write the lock file %s: %s"), tmp_path, g_strerror (errsv));
      return FALSE;
    }
  fchmod (fd, 0644);
  close (fd);

  for (guint attempt = 0; attempt < 3; attempt++)
    {
      if (link (tmp_path, path) == 0)
        {
          unlink (tmp_path);
          track_file (path, TRUE);
          *created = TRUE;
          return TRUE;
        }

      if (errno != EEXIST)
        {
          int errsv = errno;
          unlink (tmp_path);
          g_set_error (error, FAX_ERROR, FAX_ERROR_FAILED,
                       _("Cannot create the lock file %s: %s"), path, g_strerror (errsv));
          return FALSE;
        }

      /* Someone was faster, or the lock is stale */
      if (!check_existing (path, device, error))
        {
          unlink (tmp_path);
          return FALSE;
        }
      if (unlink (path) != 0 && errno != ENOENT)
        {
          int errsv = errno;
          unlink (tmp_path);
          g_set_error (error, FAX_ERROR, FAX_ERROR_FAILED,
                       _("Cannot remove the stale lock file %s: %s"), path, g_strerror (errsv));
          return FALSE;
        }
    }

  unlink (tmp_path);
  g_set_error (error, FAX_ERROR, FAX_ERROR_DEVICE_IN_USE,
               _("%s is being locked and unlocked by another program; trying again later"), device);
  return FALSE;
}

static void
release_file (const char *path)
{
  gboolean exists;

  /* Only ours: never remove a lock another program took after ours went */
  if (read_lock_pid (path, &exists) == getpid ())
    unlink (path);
  track_file (path, FALSE);
}

void
_fax_serial_lock_release (FaxSerialLock *lock)
{
  if (lock == NULL)
    return;

  for (guint i = 0; i < lock->files->len; i++)
    release_file (g_ptr_array_index (lock->files, i));
  g_ptr_array_unref (lock->files);
  g_free (lock->warning);
  g_free (lock);
}

const char *
_fax_serial_lock_get_warning (FaxSerialLock *lock)
{
  return lock->warning;
}

FaxSerialLock *
_fax_serial_lock_acquire (const char  *path,
                          GError     **error)
{
  g_autoptr(FaxSerialLock) lock = g_new0 (FaxSerialLock, 1);
  g_autofree char *dir = _fax_serial_get_lock_dir ();
  g_autofree char *name = g_path_get_basename (path);
  g_autofree char *real = realpath (path, NULL);
  g_autofree char *real_name = real ? g_path_get_basename (real) : NULL;
  const char *names[2] = { name, NULL };
  gboolean created;

  lock->files = g_ptr_array_new_with_free_func (g_free);

  if (real_name != NULL && !g_str_equal (real_name, name))
    names[1] = real_name;

  for (guint i = 0; i < G_N_ELEMENTS (names) && names[i] != NULL; i++)
    {
      if (!lock_one (dir, names[i], path, &created, &lock->warning, error))
        return NULL;
      if (created)
        {
          g_autofree char *lock_name = g_strconcat ("LCK..", names[i], NULL);
          g_ptr_array_add (lock->files, g_build_filename (dir, lock_name, NULL));
        }
    }

  return g_steal_pointer (&lock);
}

static speed_t
speed_constant (guint speed)
{
  switch (speed)
    {
    case 1200: return B1200;
    case 2400: return B2400;
    case 4800: return B4800;
    case 9600: return B9600;
    case 19200: return B19200;
    case 38400: return B38400;
    case 57600: return B57600;
    case 115200: return B115200;
    case 230400: return B230400;
    default: return B0;
    }
}

gboolean
_fax_serial_set_speed (int              fd,
                       guint            speed,
                       FaxFlowControl   flow,
                       GError         **error)
{
  struct termios tio;
  speed_t constant = speed_constant (speed ? speed : FAX_SERIAL_DEFAULT_SPEED);

  if (constant == B0)
    {
      g_set_error (error, FAX_ERROR, FAX_ERROR_INVALID_PARAMETER,
                   _("%u baud is not a serial speed; use 9600, 19200, 38400, 57600 or 115200"), speed);
      return FALSE;
    }

  if (tcgetattr (fd, &tio) != 0)
    {
      int errsv = errno;
      g_set_error (error, FAX_ERROR, FAX_ERROR_FAILED,
                   _("This is not a serial device: %s"), g_strerror (errsv));
      return FALSE;
    }

  cfmakeraw (&tio);
  tio.c_cflag &= ~(CSIZE | PARENB | CSTOPB | CRTSCTS);
  tio.c_cflag |= CS8 | CLOCAL | CREAD;
  tio.c_iflag &= ~(IXON | IXOFF | IXANY);
  /* XON/XOFF stays in band: Class 1 data from the modem holds any byte,
   * so the kernel must not eat 0x11/0x13; FaxCall obeys them itself */
  if (flow == FAX_FLOW_CONTROL_HARDWARE)
    tio.c_cflag |= CRTSCTS;
  tio.c_cc[VMIN] = 1;
  tio.c_cc[VTIME] = 0;
  cfsetispeed (&tio, constant);
  cfsetospeed (&tio, constant);

  if (tcsetattr (fd, TCSANOW, &tio) != 0)
    {
      int errsv = errno;
      g_set_error (error, FAX_ERROR, FAX_ERROR_FAILED,
                   _("Cannot set the serial line to %u baud: %s"), speed, g_strerror (errsv));
      return FALSE;
    }

  return TRUE;
}

gboolean
_fax_serial_set_baud (int       fd,
                      guint     speed,
                      GError  **error)
{
  struct termios tio;
  speed_t constant = speed_constant (speed);

  if (constant == B0 || tcgetattr (fd, &tio) != 0)
    {
      g_set_error (error, FAX_ERROR, FAX_ERROR_FAILED,
                   _("Cannot set the serial line to %u baud"), speed);
      return FALSE;
    }

  /* Only the speed: flow control and framing stay as the port has them */
  cfsetispeed (&tio, constant);
  cfsetospeed (&tio, constant);
  if (tcsetattr (fd, TCSANOW, &tio) != 0)
    {
      int errsv = errno;
      g_set_error (error, FAX_ERROR, FAX_ERROR_FAILED,
                   _("Cannot set the serial line to %u baud: %s"), speed, g_strerror (errsv));
      return FALSE;
    }
  return TRUE;
}

int
_fax_serial_open (const char      *path,
                  guint            speed,
                  FaxFlowControl   flow,
                  FaxSerialLock  **lock_out,
                  GError         **error)
{
  g_autoptr(FaxSerialLock) lock = NULL;
  int fd;

  lock = _fax_serial_lock_acquire (path, error);
  if (lock == NULL)
    return -1;

  fd = open (path, O_RDWR | O_NOCTTY | O_NONBLOCK | O_CLOEXEC);
  if (fd < 0)
    {
      int errsv = errno;
      if (errsv == EBUSY)
        g_set_error (error, FAX_ERROR, FAX_ERROR_DEVICE_IN_USE,
                     _("%s is opened exclusively by another program"), path);
      else if (errsv == EACCES)
        g_set_error (error, FAX_ERROR, FAX_ERROR_ACCESS_DENIED,
                     _("You are not allowed to use %s. Add your account to the “dialout” group (sudo adduser %s dialout), then log out and in again"),
                     path, g_get_user_name ());
      else
        g_set_error (error, FAX_ERROR, FAX_ERROR_FAILED,
                     _("Cannot open %s: %s"), path, g_strerror (errsv));
      return -1;
    }

  if (flock (fd, LOCK_EX | LOCK_NB) != 0)
    {
      close (fd);
      g_set_error (error, FAX_ERROR, FAX_ERROR_DEVICE_IN_USE,
                   _("%s is in use by another program (it holds a lock on the device)"), path);
      return -1;
    }

  /* Further opens by other programs fail with EBUSY (root excepted) */
  ioctl (fd, TIOCEXCL);

  if (!_fax_serial_set_speed (fd, speed, flow, error))
    {
      _fax_serial_close (fd, NULL);
      return -1;
    }

  /* Once per process on the terminal; the port shows it too */
  if (lock->warning != NULL)
    {
      static gboolean told;
      if (!told)
        g_message ("%s", lock->warning);
      told = TRUE;
    }

  *lock_out = g_steal_pointer (&lock);
  return fd;
}

void
_fax_serial_close (int            fd,
                   FaxSerialLock *lock)
{
  if (fd >= 0)
    {
      ioctl (fd, TIOCNXCL);
      close (fd);   /* drops the flock */
    }
  _fax_serial_lock_release (lock);
}

gboolean
_fax_serial_is_pty (const char *path)
{
  struct stat st;

  /* Unix98 pty slaves: majors 136-143 (software modems such as iaxmodem,
   * t38modem, the virtual line) */
  return stat (path, &st) == 0 && S_ISCHR (st.st_mode) &&
         major (st.st_rdev) >= 136 && major (st.st_rdev) <= 143;
}
