/* test-disk-full.c: receiving when the disk holding the inbox is full
 *
 * The inbox is a small tmpfs mounted in a mount namespace of this test
 * program alone, so the disk really fills up: a call that finds too little
 * room is not answered (the sender hears no answer and tries later), and a
 * call that fills the disk is ended; the pages that were stored stay in the
 * inbox, marked incomplete, with the reason.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "fax-backend.h"
#include "fax-test-fax.h"
#include "fax-test-util.h"

/* Pages answered, and the abort point a quarter of it */
#define MIN_FREE_KB "64"

static char *namespace_problem;

static gboolean
write_file (const char *path,
            const char *text)
{
  int fd = open (path, O_WRONLY);
  gboolean ok;

  if (fd < 0)
    return FALSE;
  ok = write (fd, text, strlen (text)) == (ssize_t)strlen (text);
  close (fd);
  return ok;
}

/* Before any thread exists: a mount namespace of our own (as root), or a
 * user namespace with one (as anybody, where the kernel allows it) */
static void
enter_mount_namespace (void)
{
  uid_t uid = getuid ();
  gid_t gid = getgid ();

  if (unshare (CLONE_NEWNS) != 0)
    {
      g_autofree char *uid_map = g_strdup_printf ("0 %u 1\n", (guint)uid);
      g_autofree char *gid_map = g_strdup_printf ("0 %u 1\n", (guint)gid);

      if (unshare (CLONE_NEWUSER | CLONE_NEWNS) != 0)
        {
          namespace_problem = g_strdup_printf ("no mount namespace here (unshare: %s)", g_strerror (errno));
          return;
        }
      write_file ("/proc/self/setgroups", "deny");
      if (!write_file ("/proc/self/uid_map", uid_map) || !write_file ("/proc/self/gid_map", gid_map))
        {
          namespace_problem = g_strdup ("no user id map in the user namespace");
          return;
        }
    }
  if (mount (NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) != 0)
    namespace_problem = g_strdup_printf ("cannot make mounts private (%s)", g_strerror (errno));
}

static char *inbox_dir;

/* A fresh tmpfs of @size_kb as the inbox, holding a filler file that
 * leaves @free_kb */
static gboolean
mount_small_inbox (guint size_kb,
                   guint free_kb)
{
  g_autofree char *options = g_strdup_printf ("size=%uk,mode=0700", size_kb);
  g_autofree char *filler = NULL;
  g_autofree char *data = NULL;
  struct statvfs st;
  guint64 avail;

  if (namespace_problem != NULL)
    {
      g_test_skip (namespace_problem);
      return FALSE;
    }
  umount2 (inbox_dir, MNT_DETACH);
  g_assert_cmpint (g_mkdir_with_parents (inbox_dir, 0700), ==, 0);
  if (mount ("tmpfs", inbox_dir, "tmpfs", 0, options) != 0)
    {
      g_autofree char *why = g_strdup_printf ("cannot mount a tmpfs (%s)", g_strerror (errno));
      g_test_skip (why);
      return FALSE;
    }

  g_assert_cmpint (statvfs (inbox_dir, &st), ==, 0);
  avail = (guint64)st.f_bavail * st.f_frsize;
  g_assert_cmpuint (avail, >, (guint64)free_kb * 1024);
  filler = g_build_filename (inbox_dir, "filler", NULL);
  data = g_malloc0 (avail - (guint64)free_kb * 1024);
  g_assert_true (g_file_set_contents (filler, data, avail - (guint64)free_kb * 1024, NULL));
  return TRUE;
}

static void
record_event (FaxServer *server,
              FaxEvent  *event,
              GPtrArray *texts)
{
  if (fax_event_get_event_type (event) == FAX_EVENT_FATAL_ERROR && fax_event_get_message (event) != NULL)
    g_ptr_array_add (texts, g_strdup (fax_event_get_message (event)));
}

/* Too little room: B rings and is not answered; the port and the event
 * stream say why. With room again, the next call is answered. */
static void
test_not_answering (void)
{
  g_autoptr(FaxServer) server = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(FaxJob) job = NULL;
  g_autoptr(FaxJob) again = NULL;
  g_autoptr(GPtrArray) texts = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *doc = g_build_filename (fax_test_get_root (), "small.tif", NULL);
  g_autofree char *filler = NULL;
  const char *docs[] = { doc, NULL };
  FaxJobOptions options;
  guint32 a;

  if (!mount_small_inbox (1024, 32))
    return;
  filler = g_build_filename (inbox_dir, "filler", NULL);

  server = fax_test_server_with_line ();
  g_assert_cmpstr (fax_server_get_inbox_dir (server), ==, inbox_dir);
  fax_test_write_document (doc, 1, 98, 3);
  a = fax_test_configure_port (server, "virtual-line:A", FAX_PORT_FLAG_SEND, "+1 555 0100");
  fax_test_configure_port (server, "virtual-line:B", FAX_PORT_FLAG_RECEIVE, "+1 555 0200");
  g_signal_connect (server, "event", G_CALLBACK (record_event), texts);
  fax_server_set_receiving (server, TRUE);

  fax_job_options_init (&options);
  options.max_attempts = 1;
  job = fax_server_submit_job (server, docs, "5550200", NULL, a, &options, &error);
  g_assert_no_error (error);
  g_assert_true (fax_test_spin_until (fax_test_job_finished, job, 300));
  g_test_message ("job: %s", fax_job_get_result_text (job));
  g_assert_cmpint (fax_job_get_state (job), ==, FAX_JOB_STATE_FAILED);
  g_assert_nonnull (strstr (fax_job_get_result_text (job), "answer"));
  g_assert_cmpuint (g_list_model_get_n_items (fax_server_get_inbox (server)), ==, 0);

  g_assert_cmpuint (texts->len, >=, 1);
  g_test_message ("port B said: %s", (char *)texts->pdata[0]);
  g_assert_nonnull (strstr (texts->pdata[0], "disk holding the inbox is full"));
  g_assert_nonnull (strstr (texts->pdata[0], inbox_dir));

  /* Space again: answered */
  g_assert_cmpint (g_unlink (filler), ==, 0);
  again = fax_server_submit_job (server, docs, "5550200", NULL, a, &options, &error);
  g_assert_no_error (error);
  g_assert_true (fax_test_spin_until (fax_test_job_finished, again, 300));
  g_test_message ("job: %s", fax_job_get_result_text (again));
  g_assert_cmpint (fax_job_get_state (again), ==, FAX_JOB_STATE_COMPLETED);
  g_assert_true (fax_test_spin_until (fax_test_model_not_empty, fax_server_get_inbox (server), 120));

  g_signal_handlers_disconnect_by_data (server, texts);
  fax_server_set_receiving (server, FALSE);
  fax_server_set_virtual_line_enabled (server, FALSE, NULL);
  umount2 (inbox_dir, MNT_DETACH);
}

/* Room for a few pages of a longer fax: the call ends when the disk is
 * nearly full; what was stored stays, readable and marked incomplete, and
 * the sender does not take the fax for delivered */
static void
test_fills_up (void)
{
  g_autoptr(FaxServer) server = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(FaxJob) job = NULL;
  g_autoptr(FaxReceivedFax) fax = NULL;
  g_autoptr(GPtrArray) got = NULL;
  g_autofree char *doc = g_build_filename (fax_test_get_root (), "long.tif", NULL);
  const char *docs[] = { doc, NULL };
  FaxJobOptions options;
  guint32 a;
  struct stat st;

  /* A fine page of the test document is about 30 kB as received */
  if (!mount_small_inbox (1024, 160))
    return;

  server = fax_test_server_with_line ();
  g_assert_cmpstr (fax_server_get_inbox_dir (server), ==, inbox_dir);
  fax_test_write_document (doc, 12, 196, 11);
  a = fax_test_configure_port (server, "virtual-line:A", FAX_PORT_FLAG_SEND, "+1 555 0100");
  fax_test_configure_port (server, "virtual-line:B", FAX_PORT_FLAG_RECEIVE, "+1 555 0200");
  fax_server_set_receiving (server, TRUE);

  fax_job_options_init (&options);
  options.max_attempts = 1;
  options.page_header = FALSE;
  job = fax_server_submit_job (server, docs, "5550200", NULL, a, &options, &error);
  g_assert_no_error (error);
  g_assert_true (fax_test_spin_until (fax_test_job_finished, job, 600));
  g_test_message ("job: %s, %u pages sent", fax_job_get_result_text (job), fax_job_get_pages_sent (job));
  g_assert_cmpint (fax_job_get_state (job), ==, FAX_JOB_STATE_FAILED);
  g_assert_cmpuint (fax_job_get_pages_sent (job), <, 12);

  g_assert_true (fax_test_spin_until (fax_test_model_not_empty, fax_server_get_inbox (server), 120));
  fax = g_list_model_get_item (fax_server_get_inbox (server), 0);
  g_test_message ("stored %u pages: %s", fax_received_fax_get_pages (fax), fax_received_fax_get_path (fax));
  g_assert_cmpuint (fax_received_fax_get_pages (fax), >=, 1);
  g_assert_cmpuint (fax_received_fax_get_pages (fax), <, 12);
  g_assert_true (fax_received_fax_get_incomplete (fax));
  g_assert_cmpint (g_stat (fax_received_fax_get_path (fax), &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);

  /* Every stored page is whole */
  got = fax_test_read_pages (fax_received_fax_get_path (fax), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (got->len, ==, fax_received_fax_get_pages (fax));

  /* The reason is kept with the fax */
  {
    g_autofree char *ini = g_strdup (fax_received_fax_get_path (fax));
    g_autoptr(GKeyFile) kf = g_key_file_new ();
    g_autofree char *result = NULL;

    strcpy (ini + strlen (ini) - 3, "ini");
    g_assert_true (g_key_file_load_from_file (kf, ini, 0, &error));
    g_assert_no_error (error);
    result = g_key_file_get_string (kf, "fax", "result", &error);
    g_assert_no_error (error);
    g_test_message ("result: %s", result);
    g_assert_nonnull (strstr (result, "disk holding the inbox is full"));
  }

  fax_server_set_receiving (server, FALSE);
  fax_server_set_virtual_line_enabled (server, FALSE, NULL);
  umount2 (inbox_dir, MNT_DETACH);
}

int
main (int    argc,
      char **argv)
{
  enter_mount_namespace ();
  fax_test_init (&argc, &argv);
  g_setenv ("FAX_MANAGER_MIN_FREE_KB", MIN_FREE_KB, TRUE);
  inbox_dir = g_build_filename (g_get_user_data_dir (), "fax-manager", "inbox", NULL);

  g_test_add_func ("/fax/disk-full/not-answering", test_not_answering);
  g_test_add_func ("/fax/disk-full/fills-up", test_fills_up);
  return g_test_run ();
}
