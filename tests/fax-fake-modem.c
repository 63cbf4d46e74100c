/* fax-fake-modem.c: a scripted modem on a pseudo-terminal, for tests
 *
 * Usage: fax-fake-modem SCRIPT LINK
 *
 * Creates a pty, links LINK to its device, prints the device path and a
 * newline on stdout, then answers what arrives on it from SCRIPT until
 * stdin reaches end of file. Script lines:
 *
 *   # comment
 *   echo on|off                 initial command echo (default on)
 *   eol crlf|cr|lf              line ending of replies (default crlf)
 *   COMMAND => ACTION...        what to do when COMMAND arrives (case-insensitive)
 *   * => ACTION...              any other command
 *   start => ACTION...          once, when the first byte arrives
 *
 * ACTIONs are shell-quoted words: "TEXT" sends a reply line (EOL TEXT
 * EOL, as modems do in verbose mode); raw:C-ESCAPED sends bytes as they
 * are; sleep:MS waits; echo:on|off switches echo; silent does nothing
 * (as the last action: the modem stays quiet). Every command received is
 * logged to stderr and appended to SCRIPT.log, one per line.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include <glib.h>

typedef struct
{
  char  *command;   /* NULL: the default rule */
  char **actions;
} Rule;

static GPtrArray *rules;
static gboolean echo = TRUE;
static const char *eol = "\r\n";
static int master = -1;
static FILE *log_file;

static void
write_all (const char *data,
           gsize       len)
{
  while (len > 0)
    {
      ssize_t n = write (master, data, len);
      if (n < 0 && (errno == EINTR || errno == EAGAIN))
        {
          g_usleep (1000);
          continue;
        }
      if (n <= 0)
        return;
      data += n;
      len -= n;
    }
}

static void
run_actions (char **actions)
{
  for (guint i = 0; actions[i]; i++)
    {
      const char *a = actions[i];

      if (g_str_has_prefix (a, "raw:"))
        {
          g_autofree char *bytes = g_strcompress (a + 4);
          /* g_strcompress stops at \0; \x escapes are not C escapes there */
          write_all (bytes, strlen (bytes));
        }
      else if (g_str_has_prefix (a, "hex:"))
        {
          const char *p = a + 4;
          while (p[0] && p[1])
            {
              char byte = (char)((g_ascii_xdigit_value (p[0]) << 4) | g_ascii_xdigit_value (p[1]));
              write_all (&byte, 1);
              p += 2;
            }
        }
      else if (g_str_has_prefix (a, "sleep:"))
        g_usleep (g_ascii_strtoull (a + 6, NULL, 10) * 1000);
      else if (g_str_equal (a, "echo:on"))
        echo = TRUE;
      else if (g_str_equal (a, "echo:off"))
        echo = FALSE;
      else if (g_str_equal (a, "silent"))
        ;
      else
        {
          write_all (eol, strlen (eol));
          write_all (a, strlen (a));
          write_all (eol, strlen (eol));
        }
    }
}

static Rule *
find_rule (const char *command)
{
  Rule *fallback = NULL;

  for (guint i = 0; i < rules->len; i++)
    {
      Rule *rule = g_ptr_array_index (rules, i);
      if (rule->command == NULL)
        fallback = rule;
      else if (g_ascii_strcasecmp (rule->command, command) == 0)
        return rule;
    }
  return fallback;
}

static void
load_script (const char *path,
             char     ***start)
{
  g_autofree char *contents = NULL;
  g_auto(GStrv) lines = NULL;
  g_autoptr(GError) error = NULL;

  if (!g_file_get_contents (path, &contents, NULL, &error))
    g_error ("%s", error->message);

  rules = g_ptr_array_new ();
  lines = g_strsplit (contents, "\n", -1);
  for (guint i = 0; lines[i]; i++)
    {
      char *line = g_strstrip (lines[i]);
      char *arrow;

      if (line[0] == '\0' || line[0] == '#')
        continue;
      if (g_str_equal (line, "echo on") || g_str_equal (line, "echo off"))
        {
          echo = g_str_equal (line, "echo on");
          continue;
        }
      if (g_str_has_prefix (line, "eol "))
        {
          const char *which = line + 4;
          eol = g_str_equal (which, "cr") ? "\r" : g_str_equal (which, "lf") ? "\n" : "\r\n";
          continue;
        }

      arrow = strstr (line, "=>");
      if (arrow == NULL)
        g_error ("%s:%u: no “=>”", path, i + 1);
      {
        Rule *rule = g_new0 (Rule, 1);
        g_autofree char *command = g_strstrip (g_strndup (line, arrow - line));
        int argc;

        if (!g_shell_parse_argv (arrow + 2, &argc, &rule->actions, &error))
          g_error ("%s:%u: %s", path, i + 1, error->message);
        if (g_str_equal (command, "start"))
          {
            *start = rule->actions;
            g_free (rule);
            continue;
          }
        rule->command = g_str_equal (command, "*") ? NULL : g_steal_pointer (&command);
        g_ptr_array_add (rules, rule);
      }
    }
}

int
main (int    argc,
      char **argv)
{
  char **start = NULL;
  struct termios tio;
  GString *line = g_string_new (NULL);
  int slave;
  const char *name;

  if (argc != 3)
    {
      fprintf (stderr, "usage: fax-fake-modem SCRIPT LINK\n");
      return 2;
    }

  load_script (argv[1], &start);
  {
    g_autofree char *log_path = g_strconcat (argv[1], ".log", NULL);
    log_file = fopen (log_path, "w");
  }

  master = posix_openpt (O_RDWR | O_NOCTTY);
  if (master < 0 || grantpt (master) != 0 || unlockpt (master) != 0)
    g_error ("cannot create a pty: %s", g_strerror (errno));
  name = ptsname (master);

  /* Keep the slave open ourselves so that the master never sees a hangup
   * between the test's opens */
  slave = open (name, O_RDWR | O_NOCTTY);
  if (slave < 0)
    g_error ("cannot open %s: %s", name, g_strerror (errno));
  tcgetattr (slave, &tio);
  cfmakeraw (&tio);
  tcsetattr (slave, TCSANOW, &tio);

  unlink (argv[2]);
  if (symlink (name, argv[2]) != 0)
    g_error ("cannot link %s: %s", argv[2], g_strerror (errno));

  printf ("%s\n", name);
  fflush (stdout);

  for (;;)
    {
      struct pollfd fds[2] = { { master, POLLIN, 0 }, { 0, POLLIN, 0 } };
      char buf[256];
      ssize_t n;

      if (poll (fds, 2, -1) < 0)
        {
          if (errno == EINTR)
            continue;
          break;
        }

      if (fds[1].revents)
        {
          n = read (0, buf, sizeof buf);
          if (n <= 0)
            break;
        }

      if (!(fds[0].revents & POLLIN))
        continue;

      n = read (master, buf, sizeof buf);
      if (n <= 0)
        continue;

      if (start != NULL)
        {
          run_actions (start);
          start = NULL;
        }

      for (ssize_t i = 0; i < n; i++)
        {
          if (buf[i] == '\r')
            {
              Rule *rule;

              if (echo)
                {
                  write_all (line->str, line->len);
                  write_all ("\r", 1);
                }
              fprintf (stderr, "fake-modem: %s\n", line->str);
              if (log_file != NULL)
                {
                  fprintf (log_file, "%s\n", line->str);
                  fflush (log_file);
                }
              if (line->len > 0 && (rule = find_rule (line->str)) != NULL)
                run_actions (rule->actions);
              g_string_truncate (line, 0);
            }
          else if (buf[i] != '\n')
            g_string_append_c (line, buf[i]);
        }
    }

  unlink (argv[2]);
  return 0;
}
