/* fax-virtual-line.c: a virtual fax line for other programs
 *
 *   fax-virtual-line [-v] [--speed N] [--delay MS] [--noise DB] [--cut-after S] LINK_A LINK_B
 *
 * Makes the two ends of a FaxVirtualLine available as serial ports under
 * the given names (symlinks to the ptys), prints "ready LINK_A LINK_B" when
 * both modems take commands, and runs until SIGTERM, SIGINT or SIGHUP,
 * then removes its links and exits 0.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <locale.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gi18n.h>
#include <glib-unix.h>

#include <fax-backend.h>

#define EXIT_USAGE 2

static gboolean
quit_cb (gpointer user_data)
{
  g_main_loop_quit (user_data);
  return G_SOURCE_CONTINUE;
}

static void
log_cb (FaxVirtualLine *line,
        const char     *message,
        gpointer        user_data)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *stamp = g_date_time_format (now, "%H:%M:%S.%f");

  /* %f gives microseconds: keep milliseconds */
  stamp[12] = '\0';
  g_printerr ("%s %s\n", stamp, message);
}

/* Links the pty to @link, replacing only a stale symlink */
static gboolean
make_link (const char  *target,
           const char  *link,
           GError     **error)
{
  struct stat st;

  if (lstat (link, &st) == 0)
    {
      if (!S_ISLNK (st.st_mode))
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS,
                       _("%s exists and is not a symbolic link; remove it or choose another name"),
                       link);
          return FALSE;
        }
      if (unlink (link) != 0)
        {
          int saved_errno = errno;
          g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                       _("Could not replace the old link %s: %s"), link, g_strerror (saved_errno));
          return FALSE;
        }
    }

  if (symlink (target, link) != 0)
    {
      int saved_errno = errno;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   _("Could not create the link %s: %s"), link, g_strerror (saved_errno));
      return FALSE;
    }

  return TRUE;
}

/* Removes @link if it still points at our pty */
static void
remove_link (const char *target,
             const char *link)
{
  g_autofree char *points_to = g_file_read_link (link, NULL);

  if (g_strcmp0 (points_to, target) == 0)
    unlink (link);
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(FaxVirtualLine) line = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) links = NULL;
  gboolean verbose = FALSE;
  double speed = 1.0;
  int delay = 50;
  double noise = FAX_VIRTUAL_LINE_NO_NOISE;
  double cut_after = 0;
  int no_answer = 60;
  const char *path_a;
  const char *path_b;
  guint signal_ids[3];
  GOptionEntry entries[] = {
    { "verbose", 'v', 0, G_OPTION_ARG_NONE, &verbose, N_("Log AT traffic and call events to standard error"), NULL },
    { "speed", 0, 0, G_OPTION_ARG_DOUBLE, &speed, N_("Run the line N times faster than real time (0.1-100, default 1)"), "N" },
    { "delay", 0, 0, G_OPTION_ARG_INT, &delay, N_("One-way line delay in milliseconds (0-2000, default 50)"), "MS" },
    { "noise", 0, 0, G_OPTION_ARG_DOUBLE, &noise, N_("Add white noise at this level in dBm0 (e.g. -40)"), "DB" },
    { "cut-after", 0, 0, G_OPTION_ARG_DOUBLE, &cut_after, N_("Cut every call S seconds after it is answered"), "S" },
    { "no-answer", 0, 0, G_OPTION_ARG_INT, &no_answer, N_("Give up on an unanswered call after S seconds (default 60)"), "S" },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &links, NULL, N_("LINK_A LINK_B") },
    { NULL }
  };

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
  g_set_prgname ("fax-virtual-line");

  context = g_option_context_new (_("LINK_A LINK_B - a virtual fax line between two serial ports"));
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_set_description (context,
                                    _("Two software Class 1 fax modems joined by a telephone line. Each "
                                      "LINK becomes a symbolic link to one end's pseudo-terminal; dialing "
                                      "(ATD) on one end rings the other. Stop with Ctrl+C or SIGTERM."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("fax-virtual-line: %s\n", error->message);
      return EXIT_USAGE;
    }

  if (links == NULL || g_strv_length (links) != 2)
    {
      g_printerr ("fax-virtual-line: %s\n", _("give two link names, LINK_A and LINK_B (for example /tmp/faxA /tmp/faxB)"));
      return EXIT_USAGE;
    }
  if (g_str_equal (links[0], links[1]))
    {
      g_printerr ("fax-virtual-line: %s\n", _("LINK_A and LINK_B must be different names"));
      return EXIT_USAGE;
    }
  if (!(speed >= 0.1 && speed <= 100))
    {
      g_printerr ("fax-virtual-line: %s\n", _("--speed must be between 0.1 and 100"));
      return EXIT_USAGE;
    }
  if (delay < 0 || delay > 2000)
    {
      g_printerr ("fax-virtual-line: %s\n", _("--delay must be between 0 and 2000 milliseconds"));
      return EXIT_USAGE;
    }
  if (!(noise >= FAX_VIRTUAL_LINE_NO_NOISE && noise <= 3))
    {
      g_printerr ("fax-virtual-line: %s\n", _("--noise must be a level in dBm0 between -100 and 3, such as -40"));
      return EXIT_USAGE;
    }
  if (!(cut_after >= 0 && cut_after <= 24 * 3600))
    {
      g_printerr ("fax-virtual-line: %s\n", _("--cut-after must be a number of seconds between 0 (never) and 86400"));
      return EXIT_USAGE;
    }
  if (no_answer < 1 || no_answer > 3600)
    {
      g_printerr ("fax-virtual-line: %s\n", _("--no-answer must be between 1 and 3600 seconds"));
      return EXIT_USAGE;
    }

  loop = g_main_loop_new (NULL, FALSE);
  signal_ids[0] = g_unix_signal_add (SIGTERM, quit_cb, loop);
  signal_ids[1] = g_unix_signal_add (SIGINT, quit_cb, loop);
  signal_ids[2] = g_unix_signal_add (SIGHUP, quit_cb, loop);

  line = g_initable_new (FAX_TYPE_VIRTUAL_LINE, NULL, &error,
                         "speed", speed,
                         "delay", (guint)delay,
                         "noise", noise,
                         "cut-after", cut_after,
                         "no-answer-timeout", (guint)no_answer,
                         "verbose", verbose,
                         NULL);
  if (line == NULL)
    {
      g_printerr ("fax-virtual-line: %s\n", error->message);
      return EXIT_FAILURE;
    }
  g_signal_connect (line, "log", G_CALLBACK (log_cb), NULL);

  path_a = fax_virtual_line_get_device_path (line, FAX_VIRTUAL_LINE_END_A);
  path_b = fax_virtual_line_get_device_path (line, FAX_VIRTUAL_LINE_END_B);

  if (!make_link (path_a, links[0], &error))
    {
      g_printerr ("fax-virtual-line: %s\n", error->message);
      return EXIT_FAILURE;
    }
  if (!make_link (path_b, links[1], &error))
    {
      g_printerr ("fax-virtual-line: %s\n", error->message);
      remove_link (path_a, links[0]);
      return EXIT_FAILURE;
    }

  if (verbose)
    g_printerr (_("End A: %s -> %s; end B: %s -> %s; speed x%g, delay %d ms\n"),
                links[0], path_a, links[1], path_b, speed, delay);

  g_print ("ready %s %s\n", links[0], links[1]);
  fflush (stdout);

  g_main_loop_run (loop);

  remove_link (path_a, links[0]);
  remove_link (path_b, links[1]);

  for (guint i = 0; i < G_N_ELEMENTS (signal_ids); i++)
    g_source_remove (signal_ids[i]);

  return EXIT_SUCCESS;
}
