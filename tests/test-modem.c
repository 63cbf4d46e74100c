/* test-modem.c: UUCP locking, the AT channel, identification and hot-plug
 *
 * The AT parser is driven by fax-fake-modem, a scripted modem on a pty;
 * the real thing by the virtual line's spandsp modems; locking also
 * against Debian's efax. Waits have generous limits that only guard
 * against a hang; nothing asserts how fast things happen.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include <fax-backend.h>

#include <termios.h>

#include "fax-error.h"
#include "fax-serial.h"
#include "fax-server-private.h"
#include "fax-test-util.h"

#define WAIT_LIMIT_US (60 * G_USEC_PER_SEC)

/* Generous: the machine may be busy; tests that want a timeout use short
 * ones on silent modems, where the length does not matter */
#define CMD_TIMEOUT 10000


static void
store_result_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  GAsyncResult **out = user_data;
  *out = g_object_ref (result);
}

static GAsyncResult *
wait_result (GAsyncResult **slot)
{
  gint64 deadline = g_get_monotonic_time () + WAIT_LIMIT_US;

  while (*slot == NULL)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, TRUE);
    }
  return *slot;
}

static FaxModemReply *
run_command (FaxModem    *modem,
             const char  *command,
             guint        timeout_ms,
             GError     **error)
{
  GAsyncResult *result = NULL;
  FaxModemReply *reply;

  fax_modem_command_async (modem, command, timeout_ms, NULL, store_result_cb, &result);
  reply = fax_modem_command_finish (modem, wait_result (&result), error);
  g_object_unref (result);
  return reply;
}

static FaxModemReply *
expect_result (FaxModem       *modem,
               const char     *command,
               FaxModemResult  expected)
{
  g_autoptr(GError) error = NULL;
  FaxModemReply *reply = run_command (modem, command, CMD_TIMEOUT, &error);

  g_assert_no_error (error);
  g_assert_nonnull (reply);
  g_assert_cmpstr (fax_modem_result_to_string (reply->result), ==, fax_modem_result_to_string (expected));
  return reply;
}

static FaxModem *
open_modem (const char *path)
{
  g_autoptr(GError) error = NULL;
  FaxModem *modem = fax_modem_open (path, 0, FAX_FLOW_CONTROL_NONE, &error);

  g_assert_no_error (error);
  g_assert_nonnull (modem);
  return modem;
}

static char *
lock_path (const char *name)
{
  g_autofree char *file = g_strconcat ("LCK..", name, NULL);
  return g_build_filename (g_getenv ("FAX_MANAGER_LOCK_DIR"), file, NULL);
}

static void
clear_locks (void)
{
  const char *dir = g_getenv ("FAX_MANAGER_LOCK_DIR");
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  while (d && (name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_unlink (path);
    }
}

/* ---- the AT channel ---- */

static const char *basic_script =
  "echo on\n"
  "AT => OK\n"
  "AT+FMI? => \"FakeCorp\" OK\n"
  "AT+MULTI => \"line one\" \"+X: line two\" OK\n"
  "ATDT1 => \"CONNECT 9600\" raw:DATA\n"
  "ATBUSY => BUSY\n"
  "ATNOCARRIER => \"NO CARRIER\"\n"
  "ATNODIAL => \"NO DIALTONE\"\n"
  "ATNODIAL2 => \"NO DIAL TONE\"\n"
  "ATNOANSWER => \"NO ANSWER\"\n"
  "AT+FRM=96 => +FCERROR\n"
  "ATDELAYED => \"DELAYED 30\"\n"
  "ATBLACK => BLACKLISTED\n"
  "ATGARBAGE => hex:00ff1311fe \"junk\" hex:00 OK\n"
  "ATSILENT => silent\n"
  "ATPARTIAL => raw:PARTIAL\n"
  "ATRING => OK \"RING\" \"NMBR = 5551234\" \"NAME=ACME LTD\" \"RING\"\n"
  "ATUNSOL => OK \"NO CARRIER\"\n"
  "* => ERROR\n";

static void
check_basic_replies (const char *script)
{
  g_autoptr(FaxTestFakeModem) fm = fax_test_fake_modem_start (script);
  g_autoptr(FaxModem) modem = open_modem (fm->link);
  g_autoptr(FaxModemReply) ok = expect_result (modem, "AT", FAX_MODEM_RESULT_OK);
  g_autoptr(FaxModemReply) fmi = expect_result (modem, "AT+FMI?", FAX_MODEM_RESULT_OK);
  g_autoptr(FaxModemReply) multi = expect_result (modem, "AT+MULTI", FAX_MODEM_RESULT_OK);
  g_autoptr(FaxModemReply) error = expect_result (modem, "ATXYZ", FAX_MODEM_RESULT_ERROR);
  g_autofree char *text = NULL;

  /* the echo is not an information line */
  g_assert_cmpuint (g_strv_length (ok->lines), ==, 0);
  g_assert_cmpuint (g_strv_length (fmi->lines), ==, 1);
  g_assert_cmpstr (fmi->lines[0], ==, "FakeCorp");
  g_assert_cmpuint (g_strv_length (multi->lines), ==, 2);
  g_assert_cmpstr (multi->lines[1], ==, "+X: line two");
  text = fax_modem_reply_dup_text (multi, "+X");
  g_assert_cmpstr (text, ==, "line one line two");
  g_assert_cmpuint (g_strv_length (error->lines), ==, 0);

  fax_modem_close (modem);
  g_assert_finalize_object (g_steal_pointer (&modem));
}

static void
test_channel_basic (void)
{
  check_basic_replies (basic_script);
}

/* Modems end lines with CR LF, CR alone or LF alone, with and without echo */
static void
test_channel_line_endings (void)
{
  static const char *variants[] = {
    "eol cr\n", "eol lf\n", "echo off\n", "echo off\neol lf\n",
  };

  for (guint i = 0; i < G_N_ELEMENTS (variants); i++)
    {
      g_autofree char *script = g_strconcat (basic_script, variants[i], NULL);
      g_test_message ("variant %s", variants[i]);
      check_basic_replies (script);
    }
}

static void
test_channel_results (void)
{
  static const struct { const char *command; FaxModemResult result; const char *line; } cases[] = {
    { "ATBUSY", FAX_MODEM_RESULT_BUSY, "BUSY" },
    { "ATNOCARRIER", FAX_MODEM_RESULT_NO_CARRIER, "NO CARRIER" },
    { "ATNODIAL", FAX_MODEM_RESULT_NO_DIALTONE, "NO DIALTONE" },
    { "ATNODIAL2", FAX_MODEM_RESULT_NO_DIALTONE, "NO DIAL TONE" },
    { "ATNOANSWER", FAX_MODEM_RESULT_NO_ANSWER, "NO ANSWER" },
    { "AT+FRM=96", FAX_MODEM_RESULT_FCERROR, "+FCERROR" },
    { "ATDELAYED", FAX_MODEM_RESULT_DELAYED, "DELAYED 30" },
    { "ATBLACK", FAX_MODEM_RESULT_BLACKLISTED, "BLACKLISTED" },
    { "ATGARBAGE", FAX_MODEM_RESULT_OK, NULL },
  };
  g_autoptr(FaxTestFakeModem) fm = fax_test_fake_modem_start (basic_script);
  g_autoptr(FaxModem) modem = open_modem (fm->link);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(FaxModemReply) reply = expect_result (modem, cases[i].command, cases[i].result);
      if (cases[i].line)
        g_assert_cmpstr (reply->result_line, ==, cases[i].line);
      else
        {
          /* control bytes and noise are dropped; printable junk stays a line */
          g_assert_cmpuint (g_strv_length (reply->lines), ==, 1);
          g_assert_cmpstr (reply->lines[0], ==, "junk");
        }
    }

  g_assert_finalize_object (g_steal_pointer (&modem));
}

/* After CONNECT the channel stops reading and hands the bytes over */
static void
test_channel_connect (void)
{
  g_autoptr(FaxTestFakeModem) fm = fax_test_fake_modem_start (basic_script);
  g_autoptr(FaxModem) modem = open_modem (fm->link);
  g_autoptr(FaxModemReply) reply = expect_result (modem, "ATDT1", FAX_MODEM_RESULT_CONNECT);
  g_autoptr(GByteArray) data = g_byte_array_new ();
  gint64 deadline = g_get_monotonic_time () + WAIT_LIMIT_US;

  g_assert_cmpstr (reply->result_line, ==, "CONNECT 9600");

  /* DATA came with CONNECT or comes after it, to the fd, not the parser */
  {
    g_autoptr(GBytes) early = fax_modem_take_data (modem);
    gsize size;
    const guint8 *bytes = g_bytes_get_data (early, &size);
    g_byte_array_append (data, bytes, size);
  }
  while (data->len < 4)
    {
      guint8 buf[16];
      ssize_t n = read (fax_modem_get_fd (modem), buf, sizeof buf);

      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      if (n > 0)
        g_byte_array_append (data, buf, n);
      else
        g_usleep (10000);
    }
  g_assert_cmpmem (data->data, data->len, "DATA", 4);

  /* The next command reads lines again */
  g_clear_pointer (&reply, fax_modem_reply_free);
  reply = expect_result (modem, "AT", FAX_MODEM_RESULT_OK);

  g_assert_finalize_object (g_steal_pointer (&modem));
}

/* A silent modem times out, naming the command; the channel is reset:
 * the next command works and a partial line is not glued onto it */
static void
test_channel_timeout (void)
{
  g_autoptr(FaxTestFakeModem) fm = fax_test_fake_modem_start (basic_script);
  g_autoptr(FaxModem) modem = open_modem (fm->link);
  g_autoptr(GError) error = NULL;
  g_autoptr(FaxModemReply) reply = NULL;

  reply = run_command (modem, "ATSILENT", 300, &error);
  g_assert_null (reply);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT);
  g_assert_nonnull (strstr (error->message, "“ATSILENT”"));
  g_clear_error (&error);

  reply = run_command (modem, "ATPARTIAL", 1000, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT);
  g_clear_error (&error);

  reply = expect_result (modem, "AT", FAX_MODEM_RESULT_OK);
  g_assert_cmpuint (g_strv_length (reply->lines), ==, 0);

  g_assert_finalize_object (g_steal_pointer (&modem));
}

typedef struct
{
  guint  rings;
  char  *number;
  char  *name;
  GPtrArray *unsolicited;
} Rings;

static void
ring_cb (FaxModem *modem,
         Rings    *rings)
{
  rings->rings++;
}

static void
caller_id_cb (FaxModem   *modem,
              const char *number,
              const char *name,
              Rings      *rings)
{
  g_free (rings->number);
  rings->number = g_strdup (number);
  g_free (rings->name);
  rings->name = g_strdup (name);
}

static void
unsolicited_cb (FaxModem   *modem,
                const char *line,
                Rings      *rings)
{
  g_ptr_array_add (rings->unsolicited, g_strdup (line));
}

static void
test_channel_unsolicited (void)
{
  g_autoptr(FaxTestFakeModem) fm = fax_test_fake_modem_start (basic_script);
  g_autoptr(FaxModem) modem = open_modem (fm->link);
  g_autoptr(FaxModemReply) reply = NULL;
  Rings rings = { 0, NULL, NULL, g_ptr_array_new_with_free_func (g_free) };
  gint64 deadline = g_get_monotonic_time () + WAIT_LIMIT_US;

  g_signal_connect (modem, "ring", G_CALLBACK (ring_cb), &rings);
  g_signal_connect (modem, "caller-id", G_CALLBACK (caller_id_cb), &rings);
  g_signal_connect (modem, "unsolicited", G_CALLBACK (unsolicited_cb), &rings);

  reply = expect_result (modem, "ATRING", FAX_MODEM_RESULT_OK);
  while (rings.rings < 2)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, TRUE);
    }
  g_assert_cmpstr (rings.number, ==, "5551234");
  g_assert_cmpstr (rings.name, ==, "ACME LTD");

  /* A NO CARRIER with no command in flight is unsolicited, not a result */
  g_clear_pointer (&reply, fax_modem_reply_free);
  reply = expect_result (modem, "ATUNSOL", FAX_MODEM_RESULT_OK);
  while (rings.unsolicited->len < 5)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, TRUE);
    }
  g_assert_cmpstr (g_ptr_array_index (rings.unsolicited, 4), ==, "NO CARRIER");

  g_signal_handlers_disconnect_by_data (modem, &rings);
  g_ptr_array_unref (rings.unsolicited);
  g_free (rings.number);
  g_free (rings.name);
  g_assert_finalize_object (g_steal_pointer (&modem));
}

/* Commands queue; a queued one and the one in flight can be cancelled */
static void
test_channel_queue_cancel (void)
{
  g_autoptr(FaxTestFakeModem) fm = fax_test_fake_modem_start (basic_script);
  g_autoptr(FaxModem) modem = open_modem (fm->link);
  g_autoptr(GCancellable) cancel_queued = g_cancellable_new ();
  g_autoptr(GCancellable) cancel_current = g_cancellable_new ();
  GAsyncResult *results[4] = { NULL, };
  g_autoptr(GError) error = NULL;
  FaxModemReply *reply;

  fax_modem_command_async (modem, "ATSILENT", CMD_TIMEOUT, cancel_current, store_result_cb, &results[0]);
  fax_modem_command_async (modem, "AT+FMI?", CMD_TIMEOUT, NULL, store_result_cb, &results[1]);
  fax_modem_command_async (modem, "ATBUSY", CMD_TIMEOUT, cancel_queued, store_result_cb, &results[2]);
  fax_modem_command_async (modem, "AT", CMD_TIMEOUT, NULL, store_result_cb, &results[3]);

  g_cancellable_cancel (cancel_queued);
  wait_result (&results[2]);
  g_assert_null (results[0]);
  reply = fax_modem_command_finish (modem, results[2], &error);
  g_assert_null (reply);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);

  g_cancellable_cancel (cancel_current);
  reply = fax_modem_command_finish (modem, wait_result (&results[0]), &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);

  reply = fax_modem_command_finish (modem, wait_result (&results[1]), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (reply->lines[0], ==, "FakeCorp");
  fax_modem_reply_free (reply);
  reply = fax_modem_command_finish (modem, wait_result (&results[3]), &error);
  g_assert_no_error (error);
  g_assert_cmpint (reply->result, ==, FAX_MODEM_RESULT_OK);
  fax_modem_reply_free (reply);

  for (guint i = 0; i < G_N_ELEMENTS (results); i++)
    g_object_unref (results[i]);
  g_assert_finalize_object (g_steal_pointer (&modem));
}

/* The device going away fails the command in flight and later ones */
static void
test_channel_device_gone (void)
{
  FaxTestFakeModem *fm = fax_test_fake_modem_start (basic_script);
  g_autoptr(FaxModem) modem = open_modem (fm->link);
  g_autoptr(GError) error = NULL;
  GAsyncResult *result = NULL;
  FaxModemReply *reply;

  fax_modem_command_async (modem, "ATSILENT", CMD_TIMEOUT, NULL, store_result_cb, &result);
  fax_test_fake_modem_stop (fm);
  reply = fax_modem_command_finish (modem, wait_result (&result), &error);
  g_assert_null (reply);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_BROKEN_PIPE);
  g_clear_error (&error);
  g_clear_object (&result);

  reply = run_command (modem, "AT", CMD_TIMEOUT, &error);
  g_assert_null (reply);
  g_assert_nonnull (error);
  g_assert_finalize_object (g_steal_pointer (&modem));
}

/* ---- identification ---- */

static FaxModemIdentity *
identify (FaxModem *modem,
          guint     timeout_ms)
{
  GAsyncResult *result = NULL;
  g_autoptr(GError) error = NULL;
  FaxModemIdentity *identity;

  fax_modem_identify_async (modem, "ATZ", FALSE, timeout_ms, NULL, store_result_cb, &result);
  identity = fax_modem_identify_finish (modem, wait_result (&result), &error);
  g_assert_no_error (error);
  g_object_unref (result);
  return identity;
}

static const char *class2_script =
  "ATZ => OK\n"
  "ATE0Q0V1 => echo:off OK\n"
  "AT+FMI? => ERROR\n"
  "AT+FMFR? => ERROR\n"
  "AT+GMI => \"+GMI: ACME Modems\" OK\n"
  "AT+FMM? => ERROR\n"
  "AT+FMDL? => ERROR\n"
  "AT+GMM => ERROR\n"
  "ATI0 => \"56000\" OK\n"
  "AT+FMR? => ERROR\n"
  "AT+FREV? => \"\\\"V2.10\\\"\" OK\n"
  "AT+FCLASS=? => \"(0,1,2,2.0,8)\" OK\n"
  "AT+FCLASS=1 => OK\n"
  "AT+FTM=? => \"(24,48,72,96)\" OK\n"
  "AT+FRM=? => \"(24,48,72,96)\" OK\n"
  "* => OK\n";

static void
test_identify_fallbacks (void)
{
  g_autoptr(FaxTestFakeModem) fm = fax_test_fake_modem_start (class2_script);
  g_autoptr(FaxModem) modem = open_modem (fm->link);
  g_autoptr(FaxModemIdentity) id = identify (modem, CMD_TIMEOUT);

  g_assert_true (id->responding);
  g_assert_cmpstr (id->manufacturer, ==, "ACME Modems");
  g_assert_cmpstr (id->model, ==, "56000");
  g_assert_cmpstr (id->revision, ==, "V2.10");
  g_assert_cmpstr (id->fax_classes, ==, "1,2,2.0");
  g_assert_cmpstr (id->transmit_speeds, ==, "24,48,72,96");
  g_assert_cmpstr (id->bit_rates, ==, "2400,4800,7200,9600");
  g_assert_finalize_object (g_steal_pointer (&modem));
}

static void
test_identify_silent (void)
{
  g_autoptr(FaxTestFakeModem) fm = fax_test_fake_modem_start ("* => silent\n");
  g_autoptr(FaxModem) modem = open_modem (fm->link);
  g_autoptr(FaxModemIdentity) id = identify (modem, 300);

  g_assert_false (id->responding);
  g_assert_null (id->manufacturer);
  g_assert_null (id->fax_classes);
  g_assert_finalize_object (g_steal_pointer (&modem));
}

static void
test_identify_parsers (void)
{
  g_autofree char *a = fax_modem_parse_fax_classes ("0,1,1.0,8");
  g_autofree char *b = fax_modem_parse_fax_classes ("(0,1,2,2.0,2.1)");
  g_autofree char *c = fax_modem_parse_fax_classes ("0,8");
  g_autofree char *d = fax_modem_modulations_to_bit_rates ("24,48,72,73,74,96,97,98,121,122,145,146");
  g_autofree char *e = fax_modem_modulations_to_bit_rates ("3");

  g_assert_cmpstr (a, ==, "1,1.0");
  g_assert_cmpstr (b, ==, "1,2,2.0,2.1");
  g_assert_null (c);
  g_assert_cmpstr (d, ==, "2400,4800,7200,9600,12000,14400");
  g_assert_null (e);
}

/* The spandsp modems of the virtual line: identify them and ring one */
static void
test_virtual_line (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FaxVirtualLine) line = fax_virtual_line_new (&error);
  g_autoptr(FaxModem) a = NULL;
  g_autoptr(FaxModem) b = NULL;
  g_autoptr(FaxModemIdentity) id = NULL;
  g_autoptr(FaxModemReply) reply = NULL;
  Rings rings = { 0, NULL, NULL, g_ptr_array_new_with_free_func (g_free) };
  gint64 deadline = g_get_monotonic_time () + WAIT_LIMIT_US;

  g_assert_no_error (error);
  a = open_modem (fax_virtual_line_get_device_path (line, FAX_VIRTUAL_LINE_END_A));
  b = open_modem (fax_virtual_line_get_device_path (line, FAX_VIRTUAL_LINE_END_B));

  id = identify (a, CMD_TIMEOUT);
  g_assert_true (id->responding);
  g_assert_cmpstr (id->manufacturer, ==, "www.soft-switch.org");
  g_assert_cmpstr (id->model, ==, "spandsp");
  g_assert_cmpstr (id->revision, ==, "0.0.6");
  g_assert_cmpstr (id->fax_classes, ==, "1,1.0");
  g_assert_cmpstr (id->bit_rates, ==, "2400,4800,7200,9600,12000,14400");

  g_signal_connect (b, "ring", G_CALLBACK (ring_cb), &rings);
  reply = expect_result (b, "ATE0", FAX_MODEM_RESULT_OK);
  g_clear_pointer (&reply, fax_modem_reply_free);

  /* A dials; the answer (CONNECT or NO CARRIER) comes after we hang up */
  fax_modem_command_async (a, "ATD5551234", CMD_TIMEOUT * 6, NULL, NULL, NULL);
  while (rings.rings < 1)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, TRUE);
    }

  g_signal_handlers_disconnect_by_data (b, &rings);
  g_ptr_array_unref (rings.unsolicited);
  fax_modem_close (a);
  fax_modem_close (b);
  /* the failed ATD task lets go of its modem */
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_finalize_object (g_steal_pointer (&a));
  g_assert_finalize_object (g_steal_pointer (&b));
}

/* ---- locking ---- */

static char *
read_file (const char *path)
{
  char *contents = NULL;
  g_file_get_contents (path, &contents, NULL, NULL);
  return contents;
}

static void
test_lock_basic (void)
{
  g_autoptr(FaxTestFakeModem) fm = fax_test_fake_modem_start ("* => OK\n");
  g_autofree char *link_lock = NULL;
  g_autofree char *target_lock = NULL;
  g_autofree char *base = g_path_get_basename (fm->link);
  g_autofree char *target_base = g_path_get_basename (fm->device);
  g_autofree char *expected = g_strdup_printf ("%10d\n", (int)getpid ());
  g_autoptr(GError) error = NULL;
  FaxSerialLock *lock = NULL;
  int fd;

  clear_locks ();
  link_lock = lock_path (base);
  target_lock = lock_path (target_base);

  fd = _fax_serial_open (fm->link, 0, FAX_FLOW_CONTROL_NONE, &lock, &error);
  g_assert_no_error (error);
  g_assert_cmpint (fd, >=, 0);

  /* Both names: as configured and as resolved, ASCII "%10d\n" */
  {
    g_autofree char *a = read_file (link_lock);
    g_autofree char *b = read_file (target_lock);
    g_assert_cmpstr (a, ==, expected);
    g_assert_cmpstr (b, ==, expected);
  }

  /* A second open in this process is refused too */
  g_assert_cmpint (_fax_serial_open (fm->link, 0, FAX_FLOW_CONTROL_NONE, &lock, &error), ==, -1);
  g_assert_error (error, FAX_ERROR, FAX_ERROR_DEVICE_IN_USE);
  g_clear_error (&error);

  _fax_serial_close (fd, lock);
  g_assert_false (g_file_test (link_lock, G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (target_lock, G_FILE_TEST_EXISTS));
}

static GPid
spawn_sleeper (void)
{
  const char *argv[] = { "sleep", "600", NULL };
  g_autoptr(GError) error = NULL;
  GPid pid;

  g_spawn_async (NULL, (char **)argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_DO_NOT_REAP_CHILD,
                 NULL, NULL, &pid, &error);
  g_assert_no_error (error);
  return pid;
}

static void
kill_and_reap (GPid pid)
{
  kill (pid, SIGKILL);
  fax_test_wait_child (pid);
  g_spawn_close_pid (pid);
}

static void
write_lock (const char *name,
            pid_t       pid,
            gboolean    binary,
            gboolean    old)
{
  g_autofree char *path = lock_path (name);

  if (binary)
    {
      gint32 bin = pid;
      g_assert_true (g_file_set_contents (path, (const char *)&bin, sizeof bin, NULL));
    }
  else
    {
      g_autofree char *text = g_strdup_printf ("%10d\n", (int)pid);
      g_assert_true (g_file_set_contents (path, text, -1, NULL));
    }

  if (old)
    {
      struct timeval times[2] = { { time (NULL) - 3600, 0 }, { time (NULL) - 3600, 0 } };
      g_assert_cmpint (utimes (path, times), ==, 0);
    }
}

/* A live foreign lock under either name is honoured, never stolen */
static void
test_lock_foreign (void)
{
  g_autoptr(FaxTestFakeModem) fm = fax_test_fake_modem_start ("* => OK\n");
  g_autofree char *base = g_path_get_basename (fm->link);
  g_autofree char *target_base = g_path_get_basename (fm->device);
  g_autofree char *expected_pid = NULL;
  GPid sleeper = spawn_sleeper ();
  const char *names[] = { base, target_base };

  expected_pid = g_strdup_printf ("sleep (PID %d)", (int)sleeper);

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    for (guint binary = 0; binary < 2; binary++)
      {
        g_autoptr(GError) error = NULL;
        g_autofree char *path = lock_path (names[i]);
        g_autoptr(FaxSerialLock) lock = NULL;

        clear_locks ();
        write_lock (names[i], sleeper, binary, TRUE);
        lock = _fax_serial_lock_acquire (fm->link, &error);
        g_assert_null (lock);
        g_assert_error (error, FAX_ERROR, FAX_ERROR_DEVICE_IN_USE);
        g_assert_nonnull (strstr (error->message, expected_pid));
        g_assert_true (g_file_test (path, G_FILE_TEST_EXISTS));
      }

  kill_and_reap (sleeper);
  clear_locks ();
}

/* A lock of a process that is gone is removed once it is older than the
 * grace period; a fresh one is still respected */
static void
test_lock_stale (void)
{
  g_autoptr(FaxTestFakeModem) fm = fax_test_fake_modem_start ("* => OK\n");
  g_autofree char *base = g_path_get_basename (fm->link);
  g_autofree char *path = lock_path (base);
  g_autofree char *ours = g_strdup_printf ("%10d\n", (int)getpid ());
  g_autoptr(GError) error = NULL;
  g_autoptr(FaxSerialLock) lock = NULL;
  GPid dead = spawn_sleeper ();

  kill_and_reap (dead);
  clear_locks ();

  write_lock (base, dead, FALSE, FALSE);
  lock = _fax_serial_lock_acquire (fm->link, &error);
  g_assert_null (lock);
  g_assert_error (error, FAX_ERROR, FAX_ERROR_DEVICE_IN_USE);
  g_clear_error (&error);

  write_lock (base, dead, FALSE, TRUE);
  lock = _fax_serial_lock_acquire (fm->link, &error);
  g_assert_no_error (error);
  g_assert_nonnull (lock);
  {
    g_autofree char *contents = read_file (path);
    g_assert_cmpstr (contents, ==, ours);
  }
  g_clear_pointer (&lock, _fax_serial_lock_release);

  /* Binary PIDs whose first byte looks like ASCII ('4', ' ') and an
   * ASCII "123\n", each four bytes, read as what they are: the fresh lock
   * of a process that has gone names its PID */
  {
    static const gint32 binary_pids[] = { 0x3F0034, 0x3E0020 };

    for (guint i = 0; i < G_N_ELEMENTS (binary_pids); i++)
      {
        g_autofree char *expected = g_strdup_printf ("(PID %d)", (int)binary_pids[i]);

        g_assert_true (g_file_set_contents (path, (const char *)&binary_pids[i], sizeof binary_pids[i], NULL));
        lock = _fax_serial_lock_acquire (fm->link, &error);
        g_assert_null (lock);
        g_assert_error (error, FAX_ERROR, FAX_ERROR_DEVICE_IN_USE);
        g_test_message ("%s", error->message);
        g_assert_nonnull (strstr (error->message, expected));
        g_clear_error (&error);
      }

    g_assert_true (g_file_set_contents (path, "123\n", -1, NULL));
    lock = _fax_serial_lock_acquire (fm->link, &error);
    g_assert_null (lock);
    g_assert_error (error, FAX_ERROR, FAX_ERROR_DEVICE_IN_USE);
    g_test_message ("%s", error->message);
    g_assert_nonnull (strstr (error->message, "(PID 123)"));
    g_clear_error (&error);
  }

  /* Garbage in an old lock file: stale too */
  g_assert_true (g_file_set_contents (path, "garbage", -1, NULL));
  {
    struct timeval times[2] = { { time (NULL) - 3600, 0 }, { time (NULL) - 3600, 0 } };
    utimes (path, times);
  }
  lock = _fax_serial_lock_acquire (fm->link, &error);
  g_assert_no_error (error);
  g_clear_pointer (&lock, _fax_serial_lock_release);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
}

/* Without a writable lock directory the device still opens (flock and
 * TIOCEXCL), with a warning saying why */
static void
test_lock_dir_unwritable (void)
{
  g_autoptr(FaxTestFakeModem) fm = fax_test_fake_modem_start ("* => OK\n");
  g_autofree char *saved = g_strdup (g_getenv ("FAX_MANAGER_LOCK_DIR"));
  g_autofree char *missing = g_build_filename (fax_test_get_root (), "no-such-dir", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(FaxSerialLock) lock = NULL;

  g_setenv ("FAX_MANAGER_LOCK_DIR", missing, TRUE);
  lock = _fax_serial_lock_acquire (fm->link, &error);
  g_setenv ("FAX_MANAGER_LOCK_DIR", saved, TRUE);

  g_assert_no_error (error);
  g_assert_nonnull (lock);
  g_assert_nonnull (_fax_serial_lock_get_warning (lock));
  g_assert_nonnull (strstr (_fax_serial_lock_get_warning (lock), missing));
}

static int
run_faxctl (const char  *arg1,
            const char  *arg2,
            char       **out,
            char       **err)
{
  const char *argv[] = { g_getenv ("FAXCTL"), arg1, arg2, NULL };
  g_autoptr(GError) error = NULL;
  int status;

  g_spawn_sync (NULL, (char **)argv, NULL, 0, NULL, NULL, out, err, &status, &error);
  g_assert_no_error (error);
  return WIFEXITED (status) ? WEXITSTATUS (status) : -1;
}

/* Two of our processes never use a device together: faxctl probe while
 * this process holds it reports who has it */
static void
test_lock_two_processes (void)
{
  g_autoptr(FaxTestFakeModem) fm = fax_test_fake_modem_start (class2_script);
  g_autoptr(FaxModem) modem = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *holder = g_strdup_printf ("(PID %d)", (int)getpid ());

  if (g_getenv ("FAXCTL") == NULL)
    {
      g_test_skip ("FAXCTL is not set");
      return;
    }

  clear_locks ();
  g_setenv ("FAX_MANAGER_DEVICES", fm->link, TRUE);
  modem = open_modem (fm->link);

  g_assert_cmpint (run_faxctl ("probe", fm->link, &out, &err), ==, 1);
  g_test_message ("faxctl: %s %s", out, err);
  g_assert_nonnull (strstr (out, "unavailable"));
  g_assert_nonnull (strstr (out, holder));

  fax_modem_close (modem);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_faxctl ("probe", fm->link, &out, &err), ==, 0);
  g_test_message ("faxctl: %s %s", out, err);
  g_assert_nonnull (strstr (out, "ACME Modems"));
  g_unsetenv ("FAX_MANAGER_DEVICES");
  g_assert_finalize_object (g_steal_pointer (&modem));
}

static gboolean
wait_for_file_pid (const char *path,
                   GPid        pid,
                   gboolean    present)
{
  gint64 deadline = g_get_monotonic_time () + WAIT_LIMIT_US;

  while (g_get_monotonic_time () < deadline)
    {
      g_autofree char *contents = read_file (path);
      guint64 found = 0;

      if (contents != NULL)
        g_ascii_string_to_unsigned (g_strstrip (contents), 10, 0, G_MAXINT, &found, NULL);
      if (present ? found == (guint64)pid : found != (guint64)pid)
        return TRUE;
      g_usleep (50000);
    }
  return FALSE;
}

/* efax and Fax Manager take turns on one device: each waits for the
 * other's lock */
static void
test_lock_efax (void)
{
  g_autoptr(FaxTestFakeModem) fm = fax_test_fake_modem_start ("* => OK\n");
  g_autofree char *base = g_path_get_basename (fm->link);
  g_autofree char *path = lock_path (base);
  g_autofree char *efax = g_find_program_in_path ("efax");
  g_autofree char *prefix = g_build_filename (fax_test_get_root (), "efax-rx", NULL);
  g_autofree char *expected = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(FaxModem) modem = NULL;
  GPid pid;

  if (efax == NULL)
    {
      g_test_skip ("efax is not installed");
      return;
    }

  clear_locks ();

  {
    /* efax waits for a call, holding the device; -olll: look at locks every second */
    const char *argv[] = { efax, "-d", fm->link, "-x", path, "-olll", "-iZ", "-w", "-r", prefix, NULL };
    g_spawn_async (NULL, (char **)argv, NULL, G_SPAWN_DO_NOT_REAP_CHILD | G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_STDERR_TO_DEV_NULL,
                   NULL, NULL, &pid, &error);
    g_assert_no_error (error);
  }
  g_assert_true (wait_for_file_pid (path, pid, TRUE));

  /* We wait */
  expected = g_strdup_printf ("efax (PID %d)", (int)pid);
  modem = fax_modem_open (fm->link, 0, FAX_FLOW_CONTROL_NONE, &error);
  g_assert_null (modem);
  g_assert_error (error, FAX_ERROR, FAX_ERROR_DEVICE_IN_USE);
  g_assert_nonnull (strstr (error->message, expected));
  g_clear_error (&error);

  /* efax is stopped; its lock goes, and we take the device */
  kill (pid, SIGTERM);
  fax_test_wait_child (pid);
  g_spawn_close_pid (pid);
  modem = fax_modem_open (fm->link, 0, FAX_FLOW_CONTROL_NONE, &error);
  g_assert_no_error (error);
  g_assert_nonnull (modem);

  /* efax now waits for us */
  {
    const char *argv[] = { efax, "-d", fm->link, "-x", path, "-olll", "-iZ", "-w", "-r", prefix, NULL };
    g_spawn_async (NULL, (char **)argv, NULL, G_SPAWN_DO_NOT_REAP_CHILD | G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_STDERR_TO_DEV_NULL,
                   NULL, NULL, &pid, &error);
    g_assert_no_error (error);
  }
  g_usleep (1500000);   /* efax looks at the lock, sees ours and keeps waiting */
  {
    g_autofree char *ours = g_strdup_printf ("%10d\n", (int)getpid ());
    g_autofree char *contents = read_file (path);
    g_assert_cmpstr (contents, ==, ours);
  }

  fax_modem_close (modem);
  g_assert_finalize_object (g_steal_pointer (&modem));
  g_assert_true (wait_for_file_pid (path, pid, TRUE));

  kill (pid, SIGTERM);
  fax_test_wait_child (pid);
  g_spawn_close_pid (pid);
  clear_locks ();
}

/* ---- the server: identification, hot-plug ---- */

static void
test_server_identify (void)
{
  g_autoptr(FaxTestFakeModem) good = fax_test_fake_modem_start (class2_script);
  g_autoptr(FaxTestFakeModem) silent = fax_test_fake_modem_start ("* => silent\n");
  g_autoptr(FaxTestFakeModem) locked = fax_test_fake_modem_start (class2_script);
  g_autofree char *devices = g_strdup_printf ("%s:%s:%s", good->link, silent->link, locked->link);
  g_autofree char *locked_base = g_path_get_basename (locked->link);
  g_autoptr(FaxServer) server = NULL;
  g_autoptr(GError) error = NULL;
  GAsyncResult *result = NULL;
  GListModel *ports;
  GPid sleeper = spawn_sleeper ();
  g_autofree char *holder = g_strdup_printf ("sleep (PID %d)", (int)sleeper);

  clear_locks ();
  write_lock (locked_base, sleeper, FALSE, FALSE);
  fax_test_reset (0, devices);
  g_setenv ("FAX_MANAGER_PROBE_TIMEOUT", "500", TRUE);

  server = fax_server_connect (NULL, &error);
  g_assert_no_error (error);
  ports = fax_server_get_ports (server);
  g_assert_cmpuint (g_list_model_get_n_items (ports), ==, 3);

  fax_server_identify_ports_async (server, 0, NULL, store_result_cb, &result);
  g_assert_true (fax_server_identify_ports_finish (server, wait_result (&result), &error));
  g_assert_no_error (error);
  g_clear_object (&result);

  {
    g_autoptr(FaxPortInfo) a = g_list_model_get_item (ports, 0);
    g_autoptr(FaxPortInfo) b = g_list_model_get_item (ports, 1);
    g_autoptr(FaxPortInfo) c = g_list_model_get_item (ports, 2);

    g_assert_cmpstr (fax_port_info_get_device_path (a), ==, good->link);
    g_assert_cmpint (fax_port_info_get_state (a), ==, FAX_PORT_STATE_AVAILABLE);
    g_assert_cmpstr (fax_port_info_get_manufacturer (a), ==, "ACME Modems");
    g_assert_cmpstr (fax_port_info_get_model (a), ==, "56000");
    g_assert_cmpstr (fax_port_info_get_revision (a), ==, "V2.10");
    g_assert_cmpstr (fax_port_info_get_fax_classes (a), ==, "1,2,2.0");
    g_assert_cmpstr (fax_port_info_get_speeds (a), ==, "2400,4800,7200,9600");

    g_assert_cmpint (fax_port_info_get_state (b), ==, FAX_PORT_STATE_OFFLINE);
    g_assert_nonnull (strstr (fax_port_info_get_status_text (b), "Not a modem"));
    g_assert_null (fax_port_info_get_manufacturer (b));

    g_assert_cmpint (fax_port_info_get_state (c), ==, FAX_PORT_STATE_UNAVAILABLE);
    g_assert_nonnull (strstr (fax_port_info_get_status_text (c), holder));
  }

  /* The locks are released after identification */
  {
    g_autofree char *base = g_path_get_basename (good->link);
    g_autofree char *path = lock_path (base);
    g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  }

  g_unsetenv ("FAX_MANAGER_PROBE_TIMEOUT");
  kill_and_reap (sleeper);
  clear_locks ();
  g_assert_finalize_object (g_steal_pointer (&server));
}

/* Lets the server start watching (it does from the main loop) */
static void
spin_main_context (void)
{
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

static void
wait_state (GListModel   *ports,
            guint         index,
            FaxPortState  state)
{
  gint64 deadline = g_get_monotonic_time () + WAIT_LIMIT_US;

  for (;;)
    {
      g_autoptr(FaxPortInfo) info = g_list_model_get_item (ports, index);
      if (fax_port_info_get_state (info) == state)
        return;
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, TRUE);
    }
}

/* A port another program holds is tried again later and identified once
 * that program is gone (its lock stale) */
static void
test_server_retry (void)
{
  g_autoptr(FaxTestFakeModem) fm = fax_test_fake_modem_start (class2_script);
  g_autofree char *base = g_path_get_basename (fm->link);
  g_autoptr(FaxServer) server = NULL;
  g_autoptr(GError) error = NULL;
  GAsyncResult *result = NULL;
  GListModel *ports;
  GPid holder = spawn_sleeper ();
  gint64 deadline = g_get_monotonic_time () + WAIT_LIMIT_US;

  clear_locks ();
  write_lock (base, holder, FALSE, FALSE);
  fax_test_reset (0, fm->link);
  g_setenv ("FAX_MANAGER_RETRY_SECONDS", "1", TRUE);
  server = fax_server_connect (NULL, &error);
  g_assert_no_error (error);
  ports = fax_server_get_ports (server);

  fax_server_identify_ports_async (server, 0, NULL, store_result_cb, &result);
  g_assert_true (fax_server_identify_ports_finish (server, wait_result (&result), &error));
  g_clear_object (&result);
  wait_state (ports, 0, FAX_PORT_STATE_UNAVAILABLE);

  /* The holder dies; its lock file stays behind, old */
  kill_and_reap (holder);
  write_lock (base, holder, FALSE, TRUE);

  for (;;)
    {
      g_autoptr(FaxPortInfo) info = g_list_model_get_item (ports, 0);

      if (fax_port_info_get_state (info) == FAX_PORT_STATE_AVAILABLE &&
          g_strcmp0 (fax_port_info_get_manufacturer (info), "ACME Modems") == 0)
        break;
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, TRUE);
    }

  g_unsetenv ("FAX_MANAGER_RETRY_SECONDS");
  clear_locks ();
  g_assert_finalize_object (g_steal_pointer (&server));
}

typedef struct
{
  guint      changed;
  GPtrArray *events;
} Watch;

static void
ports_changed_cb (FaxServer *server,
                  Watch     *watch)
{
  watch->changed++;
}

static void
event_cb (FaxServer *server,
          FaxEvent  *event,
          Watch     *watch)
{
  g_ptr_array_add (watch->events, g_object_ref (event));
}

static gboolean
has_event (Watch        *watch,
           FaxEventType  type)
{
  for (guint i = 0; i < watch->events->len; i++)
    if (fax_event_get_event_type (g_ptr_array_index (watch->events, i)) == type)
      return TRUE;
  return FALSE;
}


/* An extra device path appears and disappears: the list follows without
 * anyone asking, the events say so, old handles fail */
static void
test_server_hotplug (void)
{
  g_autofree char *path = g_build_filename (fax_test_get_root (), "devices", "ttyIAX7", NULL);
  g_autoptr(FaxServer) server = NULL;
  g_autoptr(FaxPort) port = NULL;
  g_autoptr(GError) error = NULL;
  Watch watch = { 0, g_ptr_array_new_with_free_func (g_object_unref) };
  GListModel *ports;
  guint32 device_id;

  g_unlink (path);
  fax_test_reset (0, path);

  server = fax_server_connect (NULL, &error);
  g_assert_no_error (error);
  ports = fax_server_get_ports (server);
  g_assert_cmpuint (g_list_model_get_n_items (ports), ==, 1);
  wait_state (ports, 0, FAX_PORT_STATE_UNAVAILABLE);
  spin_main_context ();

  g_signal_connect (server, "ports-changed", G_CALLBACK (ports_changed_cb), &watch);
  g_signal_connect (server, "event", G_CALLBACK (event_cb), &watch);

  g_assert_true (g_file_set_contents (path, "", 0, NULL));
  wait_state (ports, 0, FAX_PORT_STATE_AVAILABLE);
  g_assert_cmpuint (watch.changed, >, 0);
  g_assert_true (has_event (&watch, FAX_EVENT_MODEM_POWERED_ON));

  {
    g_autoptr(FaxPortInfo) info = g_list_model_get_item (ports, 0);
    device_id = fax_port_info_get_device_id (info);
  }
  port = fax_server_open_port (server, device_id, FAX_PORT_OPEN_QUERY, &error);
  g_assert_no_error (error);

  g_assert_cmpint (g_unlink (path), ==, 0);
  wait_state (ports, 0, FAX_PORT_STATE_UNAVAILABLE);
  g_assert_true (has_event (&watch, FAX_EVENT_MODEM_POWERED_OFF));
  {
    g_autoptr(FaxPortInfo) info = fax_port_get_info (port, &error);
    g_assert_null (info);
    g_assert_error (error, FAX_ERROR, FAX_ERROR_INVALID_HANDLE);
    g_clear_error (&error);
  }

  /* back again: a new DeviceId */
  g_assert_true (g_file_set_contents (path, "", 0, NULL));
  wait_state (ports, 0, FAX_PORT_STATE_AVAILABLE);
  {
    g_autoptr(FaxPortInfo) info = g_list_model_get_item (ports, 0);
    g_assert_cmpuint (fax_port_info_get_device_id (info), !=, device_id);
  }

  g_signal_handlers_disconnect_by_data (server, &watch);
  g_ptr_array_unref (watch.events);
  fax_port_close (port);
  g_assert_finalize_object (g_steal_pointer (&port));
  g_assert_finalize_object (g_steal_pointer (&server));
}

/* With auto-identify on, a modem appearing at an extra path is identified
 * by itself */
static void
test_server_auto_identify (void)
{
  g_autoptr(FaxTestFakeModem) fm = fax_test_fake_modem_start (class2_script);
  g_autofree char *path = g_build_filename (fax_test_get_root (), "ttyHOT", NULL);
  g_autoptr(FaxServer) server = NULL;
  g_autoptr(GError) error = NULL;
  GListModel *ports;
  gint64 deadline = g_get_monotonic_time () + WAIT_LIMIT_US;

  clear_locks ();
  g_unlink (path);
  fax_test_reset (0, path);
  server = fax_server_connect (NULL, &error);
  g_assert_no_error (error);
  ports = fax_server_get_ports (server);
  fax_server_set_auto_identify (server, TRUE);
  spin_main_context ();

  g_assert_cmpint (symlink (fm->device, path), ==, 0);
  for (;;)
    {
      g_autoptr(FaxPortInfo) info = g_list_model_get_item (ports, 0);

      if (g_strcmp0 (fax_port_info_get_manufacturer (info), "ACME Modems") == 0 &&
          fax_port_info_get_state (info) == FAX_PORT_STATE_AVAILABLE)
        break;
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, TRUE);
    }

  g_unlink (path);
  wait_state (ports, 0, FAX_PORT_STATE_UNAVAILABLE);
  g_assert_finalize_object (g_steal_pointer (&server));
}

/* The reset command per port: validated, kept, used; the line options
 * (speed, flow control) reach the device */
static void
test_server_line (void)
{
  g_autoptr(FaxTestFakeModem) fm = fax_test_fake_modem_start ("AT&F => OK\n"
                                              "ATZ => silent\n"
                                              "AT+FMI? => \"Factory\" OK\n"
                                              "AT+FCLASS=? => \"0,1\" OK\n"
                                              "* => OK\n");
  g_autoptr(FaxServer) server = NULL;
  g_autoptr(FaxPort) port = NULL;
  g_autoptr(FaxDeviceOptions) options = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *reset = NULL;
  GAsyncResult *result = NULL;
  guint32 id;

  clear_locks ();
  fax_test_reset (0, fm->link);
  server = fax_server_connect (NULL, &error);
  g_assert_no_error (error);
  id = fax_server_lookup_port (server, fm->link, &error);
  g_assert_no_error (error);

  reset = fax_server_dup_port_reset_command (server, id, &error);
  g_assert_cmpstr (reset, ==, "ATZ");
  g_clear_pointer (&reset, g_free);

  g_assert_false (fax_server_set_port_reset_command (server, id, "ATZ\r+++", &error));
  g_assert_error (error, FAX_ERROR, FAX_ERROR_INVALID_PARAMETER);
  g_clear_error (&error);
  g_assert_false (fax_server_set_port_reset_command (server, id, "reboot", &error));
  g_assert_error (error, FAX_ERROR, FAX_ERROR_INVALID_PARAMETER);
  g_clear_error (&error);

  g_assert_true (fax_server_set_port_reset_command (server, id, "AT&F", &error));
  g_assert_no_error (error);
  reset = fax_server_dup_port_reset_command (server, id, &error);
  g_assert_cmpstr (reset, ==, "AT&F");

  /* 38400 baud, no flow control */
  port = fax_server_open_port (server, id, FAX_PORT_OPEN_MODIFY, &error);
  g_assert_no_error (error);
  options = fax_port_get_device_options (port, &error);
  fax_device_options_set_speed (options, 38400);
  fax_device_options_set_flow_control (options, FAX_FLOW_CONTROL_NONE);
  g_assert_true (fax_port_set_device_options (port, options, &error));
  g_assert_no_error (error);

  /* Identification resets with AT&F, not ATZ */
  fax_server_identify_ports_async (server, id, NULL, store_result_cb, &result);
  g_assert_true (fax_server_identify_ports_finish (server, wait_result (&result), &error));
  g_assert_no_error (error);
  g_clear_object (&result);
  {
    g_autofree char *log = NULL;
    g_assert_true (g_file_get_contents (fm->log, &log, NULL, NULL));
    g_assert_true (g_str_has_prefix (log, "ATQ0V1\nAT&F\nATE0Q0V1\n"));
    g_assert_null (strstr (log, "ATZ"));
  }
  {
    g_autoptr(FaxPortInfo) info = g_list_model_get_item (fax_server_get_ports (server), 0);
    g_assert_cmpstr (fax_port_info_get_manufacturer (info), ==, "Factory");
    g_assert_cmpint (fax_port_info_get_state (info), ==, FAX_PORT_STATE_AVAILABLE);
  }

  /* The device is opened with the port's options */
  {
    FaxDevice *device;
    struct termios tio;
    g_autoptr(GError) open_error = NULL;
    FaxPortEntry *entry = NULL;

    for (guint i = 0; i < _fax_server_get_entries (server)->len; i++)
      if (((FaxPortEntry *)g_ptr_array_index (_fax_server_get_entries (server), i))->device_id == id)
        entry = g_ptr_array_index (_fax_server_get_entries (server), i);
    g_assert_nonnull (entry);
    device = _fax_server_get_device (server, entry);
    g_assert_true (_fax_device_open (device, &open_error));
    g_assert_no_error (open_error);
    g_assert_cmpint (tcgetattr (_fax_device_get_fd (device), &tio), ==, 0);
    g_assert_cmpint (cfgetospeed (&tio), ==, B38400);
    g_assert_cmpint (tio.c_cflag & CRTSCTS, ==, 0);
    _fax_device_close (device);
  }

  fax_port_close (port);
  g_assert_finalize_object (g_steal_pointer (&port));
  g_assert_finalize_object (g_steal_pointer (&server));
}

/* An unwritable lock directory does not stop the port, but the port says so */
static void
test_server_lock_warning (void)
{
  g_autoptr(FaxTestFakeModem) fm = fax_test_fake_modem_start (class2_script);
  g_autofree char *saved = g_strdup (g_getenv ("FAX_MANAGER_LOCK_DIR"));
  g_autofree char *missing = g_build_filename (fax_test_get_root (), "no-lock-dir", NULL);
  g_autoptr(FaxServer) server = NULL;
  g_autoptr(GError) error = NULL;
  GAsyncResult *result = NULL;

  fax_test_reset (0, fm->link);
  g_setenv ("FAX_MANAGER_LOCK_DIR", missing, TRUE);
  server = fax_server_connect (NULL, &error);
  g_assert_no_error (error);

  fax_server_identify_ports_async (server, 0, NULL, store_result_cb, &result);
  g_assert_true (fax_server_identify_ports_finish (server, wait_result (&result), &error));
  g_clear_object (&result);
  g_setenv ("FAX_MANAGER_LOCK_DIR", saved, TRUE);

  {
    g_autoptr(FaxPortInfo) info = g_list_model_get_item (fax_server_get_ports (server), 0);
    g_assert_cmpint (fax_port_info_get_state (info), ==, FAX_PORT_STATE_AVAILABLE);
    g_assert_cmpstr (fax_port_info_get_manufacturer (info), ==, "ACME Modems");
    g_assert_nonnull (fax_port_info_get_warning (info));
    g_assert_nonnull (strstr (fax_port_info_get_warning (info), missing));
  }

  g_assert_finalize_object (g_steal_pointer (&server));
}

/* The server notices ModemManager coming and going (here on the session
 * bus, since a test cannot own its name on the system bus) */
static void
test_server_modem_manager (void)
{
  g_autoptr(FaxServer) server = NULL;
  g_autoptr(GError) error = NULL;
  gint64 deadline = g_get_monotonic_time () + WAIT_LIMIT_US;
  guint owner;

  if (g_getenv ("DBUS_SESSION_BUS_ADDRESS") == NULL)
    {
      g_test_skip ("no session bus");
      return;
    }

  fax_test_reset (1, NULL);
  g_setenv ("FAX_MANAGER_MODEMMANAGER_BUS", "session", TRUE);
  server = fax_server_connect (NULL, &error);
  g_assert_no_error (error);
  g_assert_false (fax_server_get_modem_manager_running (server));

  owner = g_bus_own_name (G_BUS_TYPE_SESSION, "org.freedesktop.ModemManager1",
                          G_BUS_NAME_OWNER_FLAGS_NONE, NULL, NULL, NULL, NULL, NULL);
  while (!fax_server_get_modem_manager_running (server))
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, TRUE);
    }

  g_bus_unown_name (owner);
  while (fax_server_get_modem_manager_running (server))
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, TRUE);
    }

  g_unsetenv ("FAX_MANAGER_MODEMMANAGER_BUS");
  g_assert_finalize_object (g_steal_pointer (&server));
}

int
main (int    argc,
      char **argv)
{
  fax_test_init (&argc, &argv);
  /* efax and the helper die with the pipe; do not die with them */
  signal (SIGPIPE, SIG_IGN);

  g_test_add_func ("/modem/channel/basic", test_channel_basic);
  g_test_add_func ("/modem/channel/line-endings", test_channel_line_endings);
  g_test_add_func ("/modem/channel/results", test_channel_results);
  g_test_add_func ("/modem/channel/connect", test_channel_connect);
  g_test_add_func ("/modem/channel/timeout", test_channel_timeout);
  g_test_add_func ("/modem/channel/unsolicited", test_channel_unsolicited);
  g_test_add_func ("/modem/channel/queue-cancel", test_channel_queue_cancel);
  g_test_add_func ("/modem/channel/device-gone", test_channel_device_gone);
  g_test_add_func ("/modem/identify/parsers", test_identify_parsers);
  g_test_add_func ("/modem/identify/fallbacks", test_identify_fallbacks);
  g_test_add_func ("/modem/identify/silent", test_identify_silent);
  g_test_add_func ("/modem/identify/virtual-line", test_virtual_line);
  g_test_add_func ("/modem/lock/basic", test_lock_basic);
  g_test_add_func ("/modem/lock/foreign", test_lock_foreign);
  g_test_add_func ("/modem/lock/stale", test_lock_stale);
  g_test_add_func ("/modem/lock/dir-unwritable", test_lock_dir_unwritable);
  g_test_add_func ("/modem/lock/two-processes", test_lock_two_processes);
  g_test_add_func ("/modem/lock/efax", test_lock_efax);
  g_test_add_func ("/modem/server/identify", test_server_identify);
  g_test_add_func ("/modem/server/retry", test_server_retry);
  g_test_add_func ("/modem/server/hotplug", test_server_hotplug);
  g_test_add_func ("/modem/server/auto-identify", test_server_auto_identify);
  g_test_add_func ("/modem/server/line", test_server_line);
  g_test_add_func ("/modem/server/lock-warning", test_server_lock_warning);
  g_test_add_func ("/modem/server/modem-manager", test_server_modem_manager);

  return g_test_run ();
}
