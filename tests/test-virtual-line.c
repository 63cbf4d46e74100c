/* test-virtual-line.c: the virtual fax line at the AT level, as a DTE sees it
 *
 * Each test opens the line's pseudo-terminals like a fax program would and
 * talks AT commands to the two spandsp modems. Waits have generous limits
 * that only guard against a hang; nothing asserts how fast things happen.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include <fax-backend.h>

#include "fax-test-util.h"

#define WAIT_LIMIT_US (120 * G_USEC_PER_SEC)

/* A program on one end of the line */
typedef struct
{
  int      fd;
  char     name;
  GString *buf;
} Dte;

static void
set_speed (Dte     *dte,
           speed_t  speed)
{
  struct termios tio;

  g_assert_cmpint (tcgetattr (dte->fd, &tio), ==, 0);
  cfsetospeed (&tio, speed);
  cfsetispeed (&tio, speed);
  g_assert_cmpint (tcsetattr (dte->fd, TCSANOW, &tio), ==, 0);
}

static Dte *
dte_open (FaxVirtualLine    *line,
          FaxVirtualLineEnd  end)
{
  Dte *dte = g_new0 (Dte, 1);
  struct termios tio;

  dte->name = end == FAX_VIRTUAL_LINE_END_A ? 'A' : 'B';
  dte->buf = g_string_new (NULL);
  dte->fd = open (fax_virtual_line_get_device_path (line, end), O_RDWR | O_NOCTTY | O_NONBLOCK | O_CLOEXEC);
  g_assert_cmpint (dte->fd, >=, 0);

  g_assert_cmpint (tcgetattr (dte->fd, &tio), ==, 0);
  cfmakeraw (&tio);
  tio.c_cflag |= CLOCAL | CREAD;
  cfsetspeed (&tio, B115200);
  g_assert_cmpint (tcsetattr (dte->fd, TCSANOW, &tio), ==, 0);

  return dte;
}

static void
dte_close (Dte *dte)
{
  if (dte->fd >= 0)
    close (dte->fd);
  g_string_free (dte->buf, TRUE);
  g_free (dte);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Dte, dte_close)

static void
dte_send (Dte        *dte,
          const char *text)
{
  gsize len = strlen (text);
  gsize done = 0;

  while (done < len)
    {
      ssize_t n = write (dte->fd, text + done, len - done);

      if (n < 0 && errno == EAGAIN)
        {
          struct pollfd pfd = { .fd = dte->fd, .events = POLLOUT };
          poll (&pfd, 1, 100);
          continue;
        }
      g_assert_cmpint (n, >, 0);
      done += n;
    }
}

/* Waits for @token in what the modem sent; returns what came before it
 * and drops both from the buffer */
static char *
dte_expect (Dte        *dte,
            const char *token)
{
  gint64 deadline = g_get_monotonic_time () + WAIT_LIMIT_US;

  for (;;)
    {
      const char *found = strstr (dte->buf->str, token);
      struct pollfd pfd = { .fd = dte->fd, .events = POLLIN };
      char chunk[1024];
      ssize_t n;

      if (found != NULL)
        {
          char *before = g_strndup (dte->buf->str, found - dte->buf->str);
          g_string_erase (dte->buf, 0, (found - dte->buf->str) + strlen (token));
          return before;
        }

      if (g_get_monotonic_time () > deadline)
        {
          g_test_message ("%c: waiting for “%s”, got “%s”", dte->name, token, dte->buf->str);
          g_assert_cmpstr (dte->buf->str, ==, token);
        }

      poll (&pfd, 1, 100);
      n = read (dte->fd, chunk, sizeof chunk);
      /* Flow-control bytes are not part of responses */
      for (ssize_t i = 0; i < n; i++)
        if (chunk[i] != 0x11 && chunk[i] != 0x13 && chunk[i] != '\0')
          g_string_append_c (dte->buf, chunk[i]);
    }
}

static void
dte_command (Dte        *dte,
             const char *command,
             const char *response)
{
  g_autofree char *cmd = g_strconcat (command, "\r", NULL);
  g_autofree char *before = NULL;

  dte_send (dte, cmd);
  before = dte_expect (dte, response);
}

/* Echo off, fax class 1 */
static void
dte_setup (Dte *dte)
{
  dte_command (dte, "ATE0", "OK\r\n");
  dte_command (dte, "AT+FCLASS=1", "OK\r\n");
}

static FaxVirtualLine *
line_new (const char *first_property,
          ...)
{
  g_autoptr(GError) error = NULL;
  FaxVirtualLine *line;
  va_list args;

  va_start (args, first_property);
  line = (FaxVirtualLine *)g_initable_new_valist (FAX_TYPE_VIRTUAL_LINE, first_property, args, NULL, &error);
  va_end (args);

  g_assert_no_error (error);
  g_assert_true (FAX_IS_VIRTUAL_LINE (line));
  return line;
}

/* A dials B, B answers: both modems report CONNECT */
static void
connect_call (Dte *a,
              Dte *b)
{
  g_free (dte_expect (b, "RING"));
  dte_command (b, "ATA", "CONNECT\r\n");
  g_free (dte_expect (a, "CONNECT\r\n"));
}

static void
test_commands (void)
{
  g_autoptr(FaxVirtualLine) line = fax_virtual_line_new (NULL);
  Dte *dtes[2];

  g_assert_nonnull (line);
  g_assert_cmpstr (fax_virtual_line_get_device_path (line, FAX_VIRTUAL_LINE_END_A), !=,
                   fax_virtual_line_get_device_path (line, FAX_VIRTUAL_LINE_END_B));
  g_assert_cmpfloat (fax_virtual_line_get_speed (line), ==, 1.0);
  g_assert_cmpuint (fax_virtual_line_get_delay (line), ==, 50);

  dtes[0] = dte_open (line, FAX_VIRTUAL_LINE_END_A);
  dtes[1] = dte_open (line, FAX_VIRTUAL_LINE_END_B);

  for (guint i = 0; i < 2; i++)
    {
      Dte *dte = dtes[i];
      g_autofree char *echo = NULL;
      g_autofree char *ident = NULL;
      g_autofree char *classes = NULL;
      g_auto(GStrv) list = NULL;

      /* The modem echoes commands until ATE0 */
      dte_send (dte, "AT\r");
      echo = dte_expect (dte, "OK\r\n");
      g_assert_nonnull (strstr (echo, "AT"));

      dte_command (dte, "ATE0", "OK\r\n");

      dte_send (dte, "ATI\r");
      ident = dte_expect (dte, "OK\r\n");
      g_strstrip (ident);
      g_assert_cmpstr (ident, !=, "");

      dte_send (dte, "AT+FCLASS=?\r");
      classes = dte_expect (dte, "OK\r\n");
      g_strstrip (classes);
      list = g_strsplit (classes, ",", -1);
      g_assert_true (g_strv_contains ((const char * const *)list, "1"));

      dte_command (dte, "AT+FCLASS=1", "OK\r\n");
      dte_send (dte, "AT+FCLASS?\r");
      g_free (classes);
      classes = dte_expect (dte, "OK\r\n");
      g_strstrip (classes);
      g_assert_cmpstr (classes, ==, "1");

      /* An identification page the modem does not have */
      dte_command (dte, "ATI9", "ERROR\r\n");
    }

  dte_close (dtes[0]);
  dte_close (dtes[1]);
  g_assert_finalize_object (g_steal_pointer (&line));
}

/* ATD rings the other end every 5 s until ATA; ATH hangs up and the far
 * end sees NO CARRIER; then the line is free for the next call */
static void
test_call_answer_hangup (void)
{
  g_autoptr(FaxVirtualLine) line = line_new ("speed", 4.0, NULL);
  g_autoptr(Dte) a = dte_open (line, FAX_VIRTUAL_LINE_END_A);
  g_autoptr(Dte) b = dte_open (line, FAX_VIRTUAL_LINE_END_B);
  g_autofree char *before = NULL;

  dte_setup (a);
  dte_setup (b);

  dte_send (a, "ATD5551234\r");
  g_free (dte_expect (b, "RING\r\n"));
  g_free (dte_expect (b, "RING\r\n"));
  dte_command (b, "ATA", "CONNECT\r\n");
  /* The caller's modem connects when it hears the answerer's V.21 */
  before = dte_expect (a, "CONNECT\r\n");
  g_assert_null (strstr (before, "BUSY"));

  /* Any byte ends A's receive; then ATH puts A on hook */
  dte_send (a, "\x18");
  g_free (dte_expect (a, "OK\r\n"));
  dte_command (a, "ATH", "OK\r\n");
  /* B is still sending V.21 flags and hears the hang-up */
  g_free (dte_expect (b, "NO CARRIER\r\n"));

  /* The line is free again: B calls A this time */
  dte_send (b, "ATD1\r");
  connect_call (b, a);

  g_clear_pointer (&a, dte_close);
  g_clear_pointer (&b, dte_close);
  g_assert_finalize_object (g_steal_pointer (&line));
}

/* ATS0=n answers on the n-th ring; closing the device hangs up */
static void
test_auto_answer_close (void)
{
  g_autoptr(FaxVirtualLine) line = line_new ("speed", 4.0, NULL);
  g_autoptr(Dte) a = dte_open (line, FAX_VIRTUAL_LINE_END_A);
  g_autoptr(Dte) b = dte_open (line, FAX_VIRTUAL_LINE_END_B);
  g_autofree char *rings = NULL;

  dte_setup (a);
  dte_setup (b);
  dte_command (b, "ATS0=2", "OK\r\n");

  dte_send (a, "ATD2\r");
  rings = dte_expect (b, "CONNECT\r\n");
  /* Two rings, then the modem answered by itself */
  g_assert_nonnull (strstr (rings, "RING"));
  g_assert_nonnull (strstr (strstr (rings, "RING") + 4, "RING"));
  g_free (dte_expect (a, "CONNECT\r\n"));

  /* Closing A's device hangs up: B, still transmitting, sees NO CARRIER */
  g_clear_pointer (&a, dte_close);
  g_free (dte_expect (b, "NO CARRIER\r\n"));

  /* Reopened, A works again and can be called */
  a = dte_open (line, FAX_VIRTUAL_LINE_END_A);
  dte_setup (a);
  dte_command (b, "ATS0=0", "OK\r\n");
  dte_send (b, "ATD3\r");
  connect_call (b, a);

  /* Now the answerer closes: the caller (receiving V.21) sees NO CARRIER */
  g_clear_pointer (&a, dte_close);
  g_free (dte_expect (b, "NO CARRIER\r\n"));

  g_clear_pointer (&b, dte_close);
  g_assert_finalize_object (g_steal_pointer (&line));
}

/* The DTE drops DTR (sets the speed to B0): the modem hangs up */
static void
test_dtr_drop (void)
{
  g_autoptr(FaxVirtualLine) line = line_new ("speed", 4.0, NULL);
  g_autoptr(Dte) a = dte_open (line, FAX_VIRTUAL_LINE_END_A);
  g_autoptr(Dte) b = dte_open (line, FAX_VIRTUAL_LINE_END_B);

  dte_setup (a);
  dte_setup (b);

  dte_send (a, "ATD4\r");
  connect_call (a, b);

  set_speed (a, B0);
  g_free (dte_expect (b, "NO CARRIER\r\n"));

  /* DTR up again: A is on hook and can call once more */
  set_speed (a, B115200);
  dte_command (a, "AT", "OK\r\n");
  dte_send (a, "ATD5\r");
  connect_call (a, b);

  /* and the answerer's DTR drop reaches the caller */
  set_speed (b, B0);
  g_free (dte_expect (a, "NO CARRIER\r\n"));

  g_clear_pointer (&a, dte_close);
  g_clear_pointer (&b, dte_close);
  g_assert_finalize_object (g_steal_pointer (&line));
}

/* Dialing an end that is off hook gives BUSY */
static void
test_busy (void)
{
  g_autoptr(FaxVirtualLine) line = line_new ("speed", 4.0, NULL);
  g_autoptr(Dte) a = dte_open (line, FAX_VIRTUAL_LINE_END_A);
  g_autoptr(Dte) b = dte_open (line, FAX_VIRTUAL_LINE_END_B);
  g_autofree char *before = NULL;

  dte_setup (a);
  dte_setup (b);

  dte_command (b, "ATH1", "OK\r\n");
  dte_send (a, "ATD6\r");
  before = dte_expect (a, "BUSY\r\n");
  g_assert_null (strstr (before, "CONNECT"));

  /* On hook again, B rings */
  dte_command (b, "ATH0", "OK\r\n");
  dte_send (a, "ATD7\r");
  connect_call (a, b);

  g_clear_pointer (&a, dte_close);
  g_clear_pointer (&b, dte_close);
  g_assert_finalize_object (g_steal_pointer (&line));
}

/* An unanswered call gives NO ANSWER after the configured time */
static void
test_no_answer (void)
{
  g_autoptr(FaxVirtualLine) line = line_new ("speed", 4.0, "no-answer-timeout", 7, NULL);
  g_autoptr(Dte) a = dte_open (line, FAX_VIRTUAL_LINE_END_A);
  g_autoptr(Dte) b = dte_open (line, FAX_VIRTUAL_LINE_END_B);
  g_autofree char *before = NULL;

  g_assert_cmpuint (fax_virtual_line_get_no_answer_timeout (line), ==, 7);
  dte_setup (a);
  dte_setup (b);

  dte_send (a, "ATD8\r");
  g_free (dte_expect (b, "RING\r\n"));
  before = dte_expect (a, "NO ANSWER\r\n");
  g_assert_null (strstr (before, "CONNECT"));

  /* The call is over: ATA on B finds nothing */
  dte_command (b, "ATA", "NO CARRIER\r\n");

  g_clear_pointer (&a, dte_close);
  g_clear_pointer (&b, dte_close);
  g_assert_finalize_object (g_steal_pointer (&line));
}

/* --cut-after: the line drops the call; both ends see NO CARRIER */
static void
test_cut (void)
{
  g_autoptr(FaxVirtualLine) line = line_new ("speed", 4.0, "cut-after", 6.0, NULL);
  g_autoptr(Dte) a = dte_open (line, FAX_VIRTUAL_LINE_END_A);
  g_autoptr(Dte) b = dte_open (line, FAX_VIRTUAL_LINE_END_B);

  g_assert_cmpfloat (fax_virtual_line_get_cut_after (line), ==, 6.0);
  dte_setup (a);
  dte_setup (b);

  dte_send (a, "ATD9\r");
  connect_call (a, b);
  g_free (dte_expect (a, "NO CARRIER\r\n"));
  g_free (dte_expect (b, "NO CARRIER\r\n"));

  g_clear_pointer (&a, dte_close);
  g_clear_pointer (&b, dte_close);
  g_assert_finalize_object (g_steal_pointer (&line));
}

static void
log_cb (FaxVirtualLine *line,
        const char     *message,
        gpointer        user_data)
{
  GPtrArray *messages = user_data;

  g_ptr_array_add (messages, g_strdup (message));
}

static gboolean
has_message (GPtrArray  *messages,
             const char *text)
{
  for (guint i = 0; i < messages->len; i++)
    if (g_str_equal (g_ptr_array_index (messages, i), text))
      return TRUE;
  return FALSE;
}

/* With verbose, commands, responses and call events reach ::log on the
 * context that made the line */
static void
test_log (void)
{
  g_autoptr(FaxVirtualLine) line = line_new ("speed", 4.0, "verbose", TRUE, NULL);
  g_autoptr(GPtrArray) messages = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(Dte) a = dte_open (line, FAX_VIRTUAL_LINE_END_A);
  g_autoptr(Dte) b = dte_open (line, FAX_VIRTUAL_LINE_END_B);
  gint64 deadline;

  g_signal_connect (line, "log", G_CALLBACK (log_cb), messages);

  dte_setup (a);
  dte_setup (b);
  dte_send (a, "ATD42\r");
  g_free (dte_expect (b, "RING\r\n"));

  deadline = g_get_monotonic_time () + WAIT_LIMIT_US;
  while (!has_message (messages, "B rings") && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);

  g_assert_true (has_message (messages, "A <- ATD42"));
  g_assert_true (has_message (messages, "A dials 42"));
  g_assert_true (has_message (messages, "B -> RING"));
  g_assert_true (has_message (messages, "B rings"));

  g_clear_pointer (&a, dte_close);
  g_clear_pointer (&b, dte_close);
  g_assert_finalize_object (g_steal_pointer (&line));
}

/* The server shows the line as two VIRTUAL ports while it is enabled */
static void
test_server_ports (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FaxServer) server = NULL;
  g_autoptr(GPtrArray) ports = NULL;
  g_autoptr(FaxPort) port = NULL;
  g_autoptr(FaxPortInfo) info = NULL;
  FaxVirtualLine *line;
  guint32 id_a;

  fax_test_reset (1, NULL);
  server = fax_server_connect (NULL, &error);
  g_assert_no_error (error);
  g_assert_false (fax_server_get_virtual_line_enabled (server));
  g_assert_null (fax_server_get_virtual_line (server));
  g_assert_cmpuint (g_list_model_get_n_items (fax_server_get_ports (server)), ==, 1);

  g_assert_true (fax_server_set_virtual_line_enabled (server, TRUE, &error));
  g_assert_no_error (error);
  g_assert_true (fax_server_get_virtual_line_enabled (server));
  line = fax_server_get_virtual_line (server);
  g_assert_nonnull (line);

  ports = fax_server_enum_ports (server, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ports->len, ==, 3);
  for (guint end = 0; end < 2; end++)
    {
      const char *path = fax_virtual_line_get_device_path (line, end);
      FaxPortInfo *found = NULL;

      for (guint i = 0; i < ports->len; i++)
        if (g_strcmp0 (fax_port_info_get_device_path (g_ptr_array_index (ports, i)), path) == 0)
          found = g_ptr_array_index (ports, i);

      g_assert_nonnull (found);
      g_assert_cmpstr (fax_port_info_get_device_name (found), ==,
                       end == 0 ? "Virtual line A" : "Virtual line B");
      g_assert_true (fax_port_info_get_flags (found) & FAX_PORT_FLAG_VIRTUAL);
      g_assert_cmpint (fax_port_info_get_state (found), ==, FAX_PORT_STATE_AVAILABLE);
    }
  g_assert_cmpuint (g_list_model_get_n_items (fax_server_get_ports (server)), ==, 3);

  /* The ports work like any other: settings can be changed */
  id_a = fax_server_lookup_port (server, fax_virtual_line_get_device_path (line, FAX_VIRTUAL_LINE_END_A), &error);
  g_assert_no_error (error);
  port = fax_server_open_port (server, id_a, FAX_PORT_OPEN_MODIFY, &error);
  g_assert_no_error (error);
  info = fax_port_get_info (port, &error);
  g_assert_no_error (error);
  fax_port_info_set_rings (info, 1);
  g_assert_true (fax_port_set_info (port, info, &error));
  g_assert_no_error (error);
  g_clear_object (&info);
  fax_port_close (port);
  g_clear_object (&port);

  /* A query handle to watch while the line goes away */
  port = fax_server_open_port (server, id_a, FAX_PORT_OPEN_QUERY, &error);
  g_assert_no_error (error);

  /* Enabling twice keeps the same line */
  g_assert_true (fax_server_set_virtual_line_enabled (server, TRUE, &error));
  g_assert_true (fax_server_get_virtual_line (server) == line);

  /* Disabled, the ports go away and their handles are invalid */
  g_object_add_weak_pointer (G_OBJECT (line), (gpointer *)&line);
  g_assert_true (fax_server_set_virtual_line_enabled (server, FALSE, &error));
  g_assert_no_error (error);
  g_assert_null (line);
  g_assert_cmpuint (g_list_model_get_n_items (fax_server_get_ports (server)), ==, 1);
  info = fax_port_get_info (port, &error);
  g_assert_null (info);
  g_assert_error (error, FAX_ERROR, FAX_ERROR_INVALID_HANDLE);
  g_clear_error (&error);

  g_clear_object (&port);
  g_assert_finalize_object (g_steal_pointer (&server));
}

static void
spawn (const char * const  *argv,
       int                 *status,
       char               **out,
       char               **err)
{
  g_autoptr(GError) error = NULL;
  int wait_status;

  g_spawn_sync (NULL, (char **)argv, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                out, err, &wait_status, &error);
  g_assert_no_error (error);
  g_assert_true (WIFEXITED (wait_status));
  *status = WEXITSTATUS (wait_status);
}

/* faxctl --virtual-line: the two ports exist for that command */
static void
test_faxctl (void)
{
  const char *argv[] = { g_getenv ("FAXCTL"), "--virtual-line", "ports", "--json", NULL };
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) error = NULL;
  JsonArray *ports;
  guint n_virtual = 0;
  int status;

  g_assert_nonnull (argv[0]);
  fax_test_reset (0, NULL);

  spawn (argv, &status, &out, &err);
  g_assert_cmpstr (err, ==, "");
  g_assert_cmpint (status, ==, 0);

  root = json_from_string (out, &error);
  g_assert_no_error (error);
  ports = json_node_get_array (root);
  g_assert_cmpuint (json_array_get_length (ports), ==, 2);
  for (guint i = 0; i < 2; i++)
    {
      JsonObject *port = json_array_get_object_element (ports, i);
      JsonArray *flags = json_object_get_array_member (port, "flags");
      const char *name = json_object_get_string_member (port, "device_name");

      g_assert_true (g_str_equal (name, "Virtual line A") || g_str_equal (name, "Virtual line B"));
      g_assert_true (g_str_has_prefix (json_object_get_string_member (port, "device_path"), "/dev/pts/"));
      for (guint j = 0; j < json_array_get_length (flags); j++)
        if (g_str_equal (json_array_get_string_element (flags, j), "virtual"))
          n_virtual++;
    }
  g_assert_cmpuint (n_virtual, ==, 2);

  /* Without the option there is no virtual line */
  {
    const char *plain[] = { g_getenv ("FAXCTL"), "ports", "--json", NULL };
    g_autofree char *out2 = NULL;
    g_autofree char *err2 = NULL;

    spawn (plain, &status, &out2, &err2);
    g_assert_cmpint (status, ==, 0);
    g_assert_null (strstr (out2, "Virtual line"));
  }
}

/* Reads one line from the tool's stdout, with a limit */
static char *
read_line (int fd)
{
  g_autoptr(GString) line = g_string_new (NULL);
  gint64 deadline = g_get_monotonic_time () + WAIT_LIMIT_US;

  while (g_get_monotonic_time () < deadline)
    {
      struct pollfd pfd = { .fd = fd, .events = POLLIN };
      char c;

      if (poll (&pfd, 1, 100) <= 0)
        continue;
      if (read (fd, &c, 1) != 1)
        break;
      if (c == '\n')
        return g_string_free (g_steal_pointer (&line), FALSE);
      g_string_append_c (line, c);
    }

  return NULL;
}

static void
check_tool_signal (int signum)
{
  g_autofree char *dir = g_build_filename (fax_test_get_root (), "links", NULL);
  g_autofree char *link_a = g_build_filename (dir, "faxA", NULL);
  g_autofree char *link_b = g_build_filename (dir, "faxB", NULL);
  g_autofree char *ready = NULL;
  g_autofree char *expected = NULL;
  g_autoptr(GError) error = NULL;
  const char *argv[] = { g_getenv ("FAX_VIRTUAL_LINE"), "--speed", "4", "--delay", "40", link_a, link_b, NULL };
  struct termios tio;
  char buf[64] = { 0 };
  GPid pid;
  int out_fd;
  int fd;
  int status;
  gsize got = 0;
  gint64 deadline;

  g_assert_nonnull (argv[0]);
  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  /* A stale link from an earlier run is replaced */
  g_unlink (link_a);
  g_assert_cmpint (symlink ("/nonexistent", link_a), ==, 0);

  g_spawn_async_with_pipes (NULL, (char **)argv, NULL, G_SPAWN_DO_NOT_REAP_CHILD, NULL, NULL,
                            &pid, NULL, &out_fd, NULL, &error);
  g_assert_no_error (error);

  ready = read_line (out_fd);
  expected = g_strdup_printf ("ready %s %s", link_a, link_b);
  g_assert_cmpstr (ready, ==, expected);

  /* The links lead to working modems */
  fd = open (link_a, O_RDWR | O_NOCTTY | O_NONBLOCK);
  g_assert_cmpint (fd, >=, 0);
  g_assert_cmpint (tcgetattr (fd, &tio), ==, 0);
  cfmakeraw (&tio);
  g_assert_cmpint (tcsetattr (fd, TCSANOW, &tio), ==, 0);
  g_assert_cmpint (write (fd, "ATE0\r", 5), ==, 5);
  deadline = g_get_monotonic_time () + WAIT_LIMIT_US;
  while (strstr (buf, "OK\r\n") == NULL && g_get_monotonic_time () < deadline && got < sizeof buf - 1)
    {
      struct pollfd pfd = { .fd = fd, .events = POLLIN };
      ssize_t n;

      poll (&pfd, 1, 100);
      n = read (fd, buf + got, sizeof buf - 1 - got);
      if (n > 0)
        got += n;
    }
  g_assert_nonnull (strstr (buf, "OK\r\n"));
  close (fd);
  g_assert_true (g_file_test (link_b, G_FILE_TEST_EXISTS));

  kill (pid, signum);
  g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
  g_assert_true (WIFEXITED (status));
  g_assert_cmpint (WEXITSTATUS (status), ==, 0);
  g_spawn_close_pid (pid);
  close (out_fd);

  /* The tool removed its links */
  g_assert_false (g_file_test (link_a, G_FILE_TEST_IS_SYMLINK));
  g_assert_false (g_file_test (link_b, G_FILE_TEST_IS_SYMLINK));
}

static void
test_tool (void)
{
  check_tool_signal (SIGTERM);
  check_tool_signal (SIGINT);
  check_tool_signal (SIGHUP);
}

static void
test_tool_usage (void)
{
  g_autofree char *file = g_build_filename (fax_test_get_root (), "regular-file", NULL);
  g_autofree char *link_b = g_build_filename (fax_test_get_root (), "faxB-usage", NULL);
  const char *one_link[] = { g_getenv ("FAX_VIRTUAL_LINE"), "/tmp/x", NULL };
  const char *bad_speed[] = { g_getenv ("FAX_VIRTUAL_LINE"), "--speed", "0", "/tmp/x", "/tmp/y", NULL };
  const char *not_link[] = { g_getenv ("FAX_VIRTUAL_LINE"), file, link_b, NULL };
  g_autoptr(GError) error = NULL;
  int status;

  {
    g_autofree char *out = NULL;
    g_autofree char *err = NULL;

    spawn (one_link, &status, &out, &err);
    g_assert_cmpint (status, ==, 2);
    g_assert_nonnull (strstr (err, "LINK_A"));
  }
  {
    g_autofree char *out = NULL;
    g_autofree char *err = NULL;

    spawn (bad_speed, &status, &out, &err);
    g_assert_cmpint (status, ==, 2);
    g_assert_nonnull (strstr (err, "--speed"));
  }
  {
    g_autofree char *out = NULL;
    g_autofree char *err = NULL;
    g_autofree char *contents = NULL;

    /* A regular file in the way is never replaced */
    g_file_set_contents (file, "keep me", -1, &error);
    g_assert_no_error (error);
    spawn (not_link, &status, &out, &err);
    g_assert_cmpint (status, ==, 1);
    g_assert_nonnull (strstr (err, "not a symbolic link"));
    g_file_get_contents (file, &contents, NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpstr (contents, ==, "keep me");
    g_assert_false (g_file_test (link_b, G_FILE_TEST_EXISTS));
  }
}

int
main (int    argc,
      char **argv)
{
  fax_test_init (&argc, &argv);

  g_test_add_func ("/fax/virtual-line/commands", test_commands);
  g_test_add_func ("/fax/virtual-line/call-answer-hangup", test_call_answer_hangup);
  g_test_add_func ("/fax/virtual-line/auto-answer-close", test_auto_answer_close);
  g_test_add_func ("/fax/virtual-line/dtr-drop", test_dtr_drop);
  g_test_add_func ("/fax/virtual-line/busy", test_busy);
  g_test_add_func ("/fax/virtual-line/no-answer", test_no_answer);
  g_test_add_func ("/fax/virtual-line/cut", test_cut);
  g_test_add_func ("/fax/virtual-line/log", test_log);
  g_test_add_func ("/fax/virtual-line/server-ports", test_server_ports);
  g_test_add_func ("/fax/virtual-line/faxctl", test_faxctl);
  g_test_add_func ("/fax/virtual-line/tool", test_tool);
  g_test_add_func ("/fax/virtual-line/tool-usage", test_tool_usage);

  return g_test_run ();
}
