/* test-engine.c: the Class 1 engine (FaxCall) over the virtual line
 *
 * Every call here goes through two spandsp T.31 software modems joined
 * back to back: our engine on both ends, or our engine against Debian's
 * efax as an independent peer.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <fcntl.h>
#include <pty.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "fax-call.h"
#include "fax-test-fax.h"
#include "fax-test-util.h"

/* Ours-to-ours calls run the line 8 times faster than real time */
#define FAST 8.0
#define NOISY_SPEED 3.0
/* efax tolerates 4 (see shared/notes/spandsp-virtual-line.md) */
#define EFAX_SPEED 4.0

typedef struct
{
  const char          *name;
  FaxCallModems        modem;
  guint                expect_rate;
  FaxCallCompressions  compression;
  const char          *expect_compression;
  gboolean             ecm;
  float                yres;
} Cell;

static char *
tmp_path (const char *name)
{
  return g_build_filename (fax_test_get_root (), name, NULL);
}

static void
test_matrix_cell (gconstpointer data)
{
  const Cell *cell = data;
  g_autoptr(FaxVirtualLine) line = fax_test_line_new ("speed", FAST, NULL);
  g_autofree char *doc = tmp_path ("matrix-doc.tif");
  g_autofree char *rx = tmp_path ("matrix-rx.tif");
  g_autoptr(FaxCall) sender = NULL;
  g_autoptr(FaxCall) receiver = NULL;
  g_autoptr(GPtrArray) sent = NULL;
  g_autoptr(GPtrArray) got = NULL;
  g_autoptr(GError) error = NULL;
  int a = fax_test_open_end (line, FAX_VIRTUAL_LINE_END_A);
  int b = fax_test_open_end (line, FAX_VIRTUAL_LINE_END_B);

  g_unlink (rx);
  fax_test_write_document (doc, 2, cell->yres, 7);

  sender = fax_call_new (a, FAX_CALL_SEND);
  fax_call_set_number (sender, "5550101");
  fax_call_set_tx_file (sender, doc);
  fax_call_set_local_ident (sender, "+1 555 0100");
  fax_call_set_modems (sender, cell->modem);
  fax_call_set_compressions (sender, cell->compression);
  fax_call_set_ecm (sender, cell->ecm);

  receiver = fax_call_new (b, FAX_CALL_RECEIVE);
  fax_call_set_rx_file (receiver, rx);
  fax_call_set_local_ident (receiver, "+1 555 0200");
  fax_call_set_ecm (receiver, cell->ecm);

  fax_test_run_calls (sender, receiver, b, 300);

  g_assert_cmpint (fax_call_get_result (sender), ==, FAX_CALL_RESULT_OK);
  g_assert_cmpint (fax_call_get_result (receiver), ==, FAX_CALL_RESULT_OK);
  g_assert_cmpuint (fax_call_get_pages (sender), ==, 2);
  g_assert_cmpuint (fax_call_get_pages (receiver), ==, 2);
  g_assert_cmpuint (fax_call_get_bit_rate (sender), ==, cell->expect_rate);
  g_assert_cmpint (fax_call_get_ecm_used (sender), ==, cell->ecm);
  g_assert_cmpstr (fax_call_get_compression (sender), ==, cell->expect_compression);
  g_assert_cmpstr (fax_call_get_remote_ident (sender), ==, "+1 555 0200");
  g_assert_cmpstr (fax_call_get_remote_ident (receiver), ==, "+1 555 0100");

  /* Every page decodes to the bitmap that was sent */
  sent = fax_test_read_pages (doc, &error);
  g_assert_no_error (error);
  got = fax_test_read_pages (rx, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (got->len, ==, 2);
  for (guint i = 0; i < 2; i++)
    {
      FaxTestPage *s = g_ptr_array_index (sent, i);
      FaxTestPage *r = g_ptr_array_index (got, i);

      g_assert_cmpuint (r->width, ==, s->width);
      g_assert_cmpuint (r->length, ==, s->length);
      g_assert_cmpfloat_with_epsilon (r->yres, s->yres, 2.0);
      g_assert_true (fax_test_page_rows_equal (s, 0, r, 0, 0));
    }

  close (a);
  close (b);
  g_assert_finalize_object (g_steal_pointer (&sender));
  g_assert_finalize_object (g_steal_pointer (&receiver));
}

static gboolean
have_efax (void)
{
  g_autofree char *efax = g_find_program_in_path ("efax");

  if (efax == NULL)
    {
      g_test_skip ("efax is not installed (apt-get install efax); the test command installs it");
      return FALSE;
    }
  return TRUE;
}

/* efax reads and writes one file per page and adds a header band on top */
static guint
find_offset (FaxTestPage *sent,
             FaxTestPage *received)
{
  for (guint skip = 0; skip < 120 && skip < received->length; skip++)
    if (fax_test_page_rows_equal (sent, 0, received, skip, 400))
      return skip;
  return G_MAXUINT;
}

static void
test_ours_to_efax (void)
{
  g_autoptr(FaxVirtualLine) line = NULL;
  g_autofree char *doc = tmp_path ("to-efax.tif");
  g_autofree char *prefix = tmp_path ("efax-rx");
  g_autoptr(FaxCall) sender = NULL;
  g_autoptr(GPtrArray) sent = NULL;
  g_autoptr(GError) error = NULL;
  GPid pid;
  int status;
  int a;

  if (!have_efax ())
    return;

  line = fax_test_line_new ("speed", EFAX_SPEED, NULL);
  fax_test_write_document (doc, 2, 196, 3);

  {
    const char *argv[] = { "efax", "-d", fax_virtual_line_get_device_path (line, FAX_VIRTUAL_LINE_END_B),
                           "-o1", "-iZ", "-iS0=1", "-w", "-kZ", "-r", prefix, NULL };
    g_spawn_async (NULL, (char **)argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_DO_NOT_REAP_CHILD |
                   G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_STDERR_TO_DEV_NULL,
                   NULL, NULL, &pid, &error);
    g_assert_no_error (error);
  }
  /* efax initialises its modem before it waits */
  g_usleep (1500 * 1000);

  a = fax_test_open_end (line, FAX_VIRTUAL_LINE_END_A);
  sender = fax_call_new (a, FAX_CALL_SEND);
  fax_call_set_number (sender, "5550102");
  fax_call_set_tx_file (sender, doc);
  fax_call_set_local_ident (sender, "+1 555 0100");
  fax_test_run_calls (sender, NULL, -1, 300);

  g_assert_cmpint (fax_call_get_result (sender), ==, FAX_CALL_RESULT_OK);
  g_assert_cmpuint (fax_call_get_pages (sender), ==, 2);
  /* efax speaks MH without ECM */
  g_assert_false (fax_call_get_ecm_used (sender));

  waitpid (pid, &status, 0);
  g_spawn_close_pid (pid);

  sent = fax_test_read_pages (doc, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < 2; i++)
    {
      g_autofree char *path = g_strdup_printf ("%s.%03u", prefix, i + 1);
      g_autoptr(GPtrArray) got = fax_test_read_pages (path, &error);
      FaxTestPage *s = g_ptr_array_index (sent, i);
      FaxTestPage *r;
      guint offset;

      g_assert_no_error (error);
      r = g_ptr_array_index (got, 0);
      offset = find_offset (s, r);
      g_assert_cmpuint (offset, !=, G_MAXUINT);
      /* efax may drop the last row of a page */
      g_assert_true (fax_test_page_rows_equal (s, 0, r, offset, MIN (s->length, r->length - offset) - 1));
    }

  close (a);
}

static void
test_efax_to_ours (void)
{
  g_autoptr(FaxVirtualLine) line = NULL;
  g_autoptr(GPtrArray) pages = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autofree char *prefix = tmp_path ("efax-tx");
  g_autofree char *rx = tmp_path ("from-efax.tif");
  g_autoptr(FaxCall) receiver = NULL;
  g_autoptr(GPtrArray) got = NULL;
  g_autoptr(GError) error = NULL;
  GPid pid;
  int status;
  int b;

  if (!have_efax ())
    return;

  line = fax_test_line_new ("speed", EFAX_SPEED, NULL);
  fax_test_write_g3_pages (prefix, 2, 196, 5, pages);
  g_unlink (rx);

  b = fax_test_open_end (line, FAX_VIRTUAL_LINE_END_B);

  g_ptr_array_add (argv, "efax");
  g_ptr_array_add (argv, "-d");
  g_ptr_array_add (argv, (char *)fax_virtual_line_get_device_path (line, FAX_VIRTUAL_LINE_END_A));
  g_ptr_array_add (argv, "-o1");
  g_ptr_array_add (argv, "-l");
  g_ptr_array_add (argv, "+1 555 0999");
  g_ptr_array_add (argv, "-t");
  g_ptr_array_add (argv, "5550103");
  for (guint i = 0; i < pages->len; i++)
    g_ptr_array_add (argv, g_ptr_array_index (pages, i));
  g_ptr_array_add (argv, NULL);
  g_spawn_async (NULL, (char **)argv->pdata, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_DO_NOT_REAP_CHILD |
                 G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_STDERR_TO_DEV_NULL,
                 NULL, NULL, &pid, &error);
  g_assert_no_error (error);

  receiver = fax_call_new (b, FAX_CALL_RECEIVE);
  fax_call_set_rx_file (receiver, rx);
  fax_call_set_local_ident (receiver, "+1 555 0200");
  g_assert_true (fax_test_wait_for_ring (b, 60));
  fax_test_run_calls (NULL, receiver, b, 300);

  waitpid (pid, &status, 0);
  g_spawn_close_pid (pid);

  g_assert_cmpint (fax_call_get_result (receiver), ==, FAX_CALL_RESULT_OK);
  g_assert_cmpuint (fax_call_get_pages (receiver), ==, 2);
  g_assert_cmpstr (fax_call_get_remote_ident (receiver), ==, "+1 555 0999");

  got = fax_test_read_pages (rx, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (got->len, ==, 2);
  for (guint i = 0; i < 2; i++)
    {
      g_autoptr(GPtrArray) sent = fax_test_read_pages (g_ptr_array_index (pages, i), &error);
      FaxTestPage *s = g_ptr_array_index (sent, 0);
      FaxTestPage *r = g_ptr_array_index (got, i);
      guint offset = find_offset (s, r);

      g_assert_cmpuint (offset, !=, G_MAXUINT);
      g_assert_true (fax_test_page_rows_equal (s, 0, r, offset, MIN (s->length, r->length - offset) - 1));
    }

  close (b);
}

static void
test_line_cut (void)
{
  /* Cut the line in the middle of the second page: the receiver keeps the
   * first page; both sides end with a failure, not a hang */
  g_autoptr(FaxVirtualLine) line = fax_test_line_new ("speed", FAST, "cut-after", 45.0, NULL);
  g_autofree char *doc = tmp_path ("cut-doc.tif");
  g_autofree char *rx = tmp_path ("cut-rx.tif");
  g_autoptr(FaxCall) sender = NULL;
  g_autoptr(FaxCall) receiver = NULL;
  g_autoptr(GPtrArray) sent = NULL;
  g_autoptr(GPtrArray) got = NULL;
  g_autoptr(GError) error = NULL;
  int a = fax_test_open_end (line, FAX_VIRTUAL_LINE_END_A);
  int b = fax_test_open_end (line, FAX_VIRTUAL_LINE_END_B);
  guint received;

  g_unlink (rx);
  fax_test_write_document (doc, 3, 98, 11);

  sender = fax_call_new (a, FAX_CALL_SEND);
  fax_call_set_number (sender, "5550104");
  fax_call_set_tx_file (sender, doc);
  fax_call_set_ecm (sender, FALSE);
  fax_call_set_modems (sender, FAX_CALL_MODEM_V27TER);
  receiver = fax_call_new (b, FAX_CALL_RECEIVE);
  fax_call_set_rx_file (receiver, rx);
  fax_call_set_ecm (receiver, FALSE);

  fax_test_run_calls (sender, receiver, b, 300);

  g_test_message ("sender: %s; receiver: %s", fax_call_get_status_text (sender), fax_call_get_status_text (receiver));
  g_assert_cmpint (fax_call_get_result (sender), !=, FAX_CALL_RESULT_OK);
  g_assert_cmpint (fax_call_get_result (receiver), !=, FAX_CALL_RESULT_OK);
  received = fax_call_get_pages (receiver);
  g_assert_cmpuint (received, <, 3);
  g_assert_cmpuint (received, >=, 1);

  /* Every page the receiver confirmed is in its file, intact */
  sent = fax_test_read_pages (doc, &error);
  g_assert_no_error (error);
  got = fax_test_read_pages (rx, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (got->len, >=, received);
  for (guint i = 0; i < received; i++)
    g_assert_true (fax_test_page_rows_equal (g_ptr_array_index (sent, i), 0, g_ptr_array_index (got, i), 0, 0));

  close (a);
  close (b);
}

static void
test_silent_modem (void)
{
  g_autoptr(FaxCall) call = NULL;
  g_autofree char *doc = tmp_path ("silent-doc.tif");
  int master, slave;
  struct termios tio;

  /* A serial device with nothing behind it that answers */
  g_assert_cmpint (openpty (&master, &slave, NULL, NULL, NULL), ==, 0);
  tcgetattr (slave, &tio);
  cfmakeraw (&tio);
  tcsetattr (slave, TCSANOW, &tio);
  fax_test_write_document (doc, 1, 98, 1);

  call = fax_call_new (slave, FAX_CALL_SEND);
  fax_call_set_number (call, "5550105");
  fax_call_set_tx_file (call, doc);
  fax_test_run_calls (call, NULL, -1, 60);

  g_assert_cmpint (fax_call_get_result (call), ==, FAX_CALL_RESULT_MODEM_ERROR);
  /* The error names the command the modem did not answer */
  g_assert_nonnull (strstr (fax_call_get_status_text (call), "ATE0"));

  close (master);
  close (slave);
}

static void
test_garbage_modem (void)
{
  /* A device that answers every command with noise */
  g_autoptr(FaxTestFakeModem) fm = fax_test_fake_modem_start ("echo off\n"
                                                              "* => 'raw:\\001\\376 garbage \\r\\n\\177@@@ \\r\\nOKAY?\\r\\n'\n");
  g_autoptr(FaxCall) call = NULL;
  g_autofree char *doc = tmp_path ("garbage-doc.tif");
  int fd = fax_test_fake_modem_open (fm);

  fax_test_write_document (doc, 1, 98, 1);
  call = fax_call_new (fd, FAX_CALL_SEND);
  fax_call_set_number (call, "5550106");
  fax_call_set_tx_file (call, doc);
  fax_test_run_calls (call, NULL, -1, 60);

  g_test_message ("%s", fax_call_get_status_text (call));
  g_assert_cmpint (fax_call_get_result (call), ==, FAX_CALL_RESULT_MODEM_ERROR);
  close (fd);
}

static void
test_class_1_0_modem (void)
{
  /* A T.31 modem that knows only "1.0", and not AT+IFC either: the call
   * goes on to dial, having asked for the port's flow control */
  g_autoptr(FaxTestFakeModem) fm = fax_test_fake_modem_start ("echo off\n"
                                                              "AT+FCLASS=1 => ERROR\n"
                                                              "AT+IFC=1,1 => ERROR\n"
                                                              "ATD5550113 => \"NO DIALTONE\"\n"
                                                              "* => OK\n");
  g_autoptr(FaxCall) call = NULL;
  g_autofree char *doc = tmp_path ("class10-doc.tif");
  g_autofree char *commands = NULL;
  int fd = fax_test_fake_modem_open (fm);

  fax_test_write_document (doc, 1, 98, 1);
  call = fax_call_new (fd, FAX_CALL_SEND);
  fax_call_set_number (call, "5550113");
  fax_call_set_tx_file (call, doc);
  fax_call_set_flow_control (call, FAX_FLOW_CONTROL_SOFTWARE);
  fax_test_run_calls (call, NULL, -1, 60);

  g_test_message ("%s", fax_call_get_status_text (call));
  g_assert_cmpint (fax_call_get_result (call), ==, FAX_CALL_RESULT_NO_DIAL_TONE);
  close (fd);
  g_assert_true (g_file_get_contents (fm->log, &commands, NULL, NULL));
  g_assert_nonnull (strstr (commands, "ATE0\nAT+IFC=1,1\nAT+FCLASS=1\nAT+FCLASS=1.0\nATD5550113\n"));
}

static void
test_device_gone (void)
{
  /* The line (and so both ptys) disappears in the middle of the call */
  FaxVirtualLine *line = fax_test_line_new ("speed", FAST, NULL);
  g_autofree char *doc = tmp_path ("gone-doc.tif");
  g_autofree char *rx = tmp_path ("gone-rx.tif");
  g_autoptr(FaxCall) sender = NULL;
  g_autoptr(FaxCall) receiver = NULL;
  int a = fax_test_open_end (line, FAX_VIRTUAL_LINE_END_A);
  int b = fax_test_open_end (line, FAX_VIRTUAL_LINE_END_B);
  gint64 deadline;

  fax_test_write_document (doc, 6, 196, 13);
  sender = fax_call_new (a, FAX_CALL_SEND);
  fax_call_set_number (sender, "5550107");
  fax_call_set_tx_file (sender, doc);
  receiver = fax_call_new (b, FAX_CALL_RECEIVE);
  fax_call_set_rx_file (receiver, rx);

  fax_call_run_async (sender, NULL, NULL, NULL);
  g_assert_true (fax_test_wait_for_ring (b, 60));
  fax_call_run_async (receiver, NULL, NULL, NULL);

  /* Let the first page through, then pull the plug */
  deadline = g_get_monotonic_time () + 120 * G_USEC_PER_SEC;
  while (fax_call_get_pages (receiver) < 1 && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (fax_call_get_pages (receiver), >=, 1);
  g_object_unref (line);

  deadline = g_get_monotonic_time () + 120 * G_USEC_PER_SEC;
  while ((fax_call_get_result (sender) == FAX_CALL_RESULT_NONE ||
          fax_call_get_result (receiver) == FAX_CALL_RESULT_NONE) &&
         g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);

  g_test_message ("sender: %s; receiver: %s", fax_call_get_status_text (sender), fax_call_get_status_text (receiver));
  g_assert_cmpint (fax_call_get_result (sender), ==, FAX_CALL_RESULT_DISCONNECTED);
  g_assert_cmpint (fax_call_get_result (receiver), ==, FAX_CALL_RESULT_DISCONNECTED);

  close (a);
  close (b);
}

static void
test_busy (void)
{
  g_autoptr(FaxVirtualLine) line = fax_test_line_new ("speed", FAST, NULL);
  g_autofree char *doc = tmp_path ("busy-doc.tif");
  g_autoptr(FaxCall) sender = NULL;
  int a = fax_test_open_end (line, FAX_VIRTUAL_LINE_END_A);
  int b = fax_test_open_end (line, FAX_VIRTUAL_LINE_END_B);

  /* The far end is off-hook */
  g_assert_cmpint (write (b, "ATH1\r", 5), ==, 5);
  g_usleep (300 * 1000);

  fax_test_write_document (doc, 1, 98, 1);
  sender = fax_call_new (a, FAX_CALL_SEND);
  fax_call_set_number (sender, "5550108");
  fax_call_set_tx_file (sender, doc);
  fax_test_run_calls (sender, NULL, -1, 60);

  g_assert_cmpint (fax_call_get_result (sender), ==, FAX_CALL_RESULT_BUSY);
  close (a);
  close (b);
}

static void
test_silent_caller (void)
{
  /* A caller that dials and then says nothing (a person who hung on,
   * a voice call): the answering side gives up as "not a fax call" */
  g_autoptr(FaxVirtualLine) line = fax_test_line_new ("speed", FAST, NULL);
  g_autofree char *rx = tmp_path ("silent-caller-rx.tif");
  g_autoptr(FaxCall) receiver = NULL;
  int a = fax_test_open_end (line, FAX_VIRTUAL_LINE_END_A);
  int b = fax_test_open_end (line, FAX_VIRTUAL_LINE_END_B);

  g_unlink (rx);
  g_assert_cmpint (write (a, "ATD5550111\r", 11), ==, 11);
  g_assert_true (fax_test_wait_for_ring (b, 60));
  receiver = fax_call_new (b, FAX_CALL_RECEIVE);
  fax_call_set_rx_file (receiver, rx);
  fax_test_run_calls (NULL, receiver, b, 300);

  g_test_message ("silent caller: %s", fax_call_get_status_text (receiver));
  g_assert_cmpint (fax_call_get_result (receiver), ==, FAX_CALL_RESULT_NOT_FAX_CALL);
  g_assert_cmpuint (fax_call_get_pages (receiver), ==, 0);
  close (a);
  close (b);
}

static void
test_hostile_ident (void)
{
  /* A far end whose TSID carries a terminal escape: it arrives defused */
  g_autoptr(FaxVirtualLine) line = fax_test_line_new ("speed", FAST, NULL);
  g_autofree char *doc = tmp_path ("ident-doc.tif");
  g_autofree char *rx = tmp_path ("ident-rx.tif");
  g_autoptr(FaxCall) sender = NULL;
  g_autoptr(FaxCall) receiver = NULL;
  int a = fax_test_open_end (line, FAX_VIRTUAL_LINE_END_A);
  int b = fax_test_open_end (line, FAX_VIRTUAL_LINE_END_B);
  const char *ident;

  g_unlink (rx);
  fax_test_write_document (doc, 1, 98, 3);
  sender = fax_call_new (a, FAX_CALL_SEND);
  fax_call_set_number (sender, "5550112");
  fax_call_set_tx_file (sender, doc);
  fax_call_set_local_ident (sender, "\033]0;x\007 555\r\n");
  receiver = fax_call_new (b, FAX_CALL_RECEIVE);
  fax_call_set_rx_file (receiver, rx);
  fax_test_run_calls (sender, receiver, b, 300);

  g_assert_cmpint (fax_call_get_result (receiver), ==, FAX_CALL_RESULT_OK);
  ident = fax_call_get_remote_ident (receiver);
  g_assert_nonnull (ident);
  g_test_message ("received ident: \"%s\"", ident);
  for (const char *p = ident; *p; p++)
    g_assert_true (g_ascii_isprint (*p));
  g_assert_nonnull (strstr (ident, "555"));
  close (a);
  close (b);
}

static void
test_no_answer (void)
{
  g_autoptr(FaxVirtualLine) line = fax_test_line_new ("speed", FAST, "no-answer-timeout", 4u, NULL);
  g_autofree char *doc = tmp_path ("noanswer-doc.tif");
  g_autoptr(FaxCall) sender = NULL;
  int a = fax_test_open_end (line, FAX_VIRTUAL_LINE_END_A);
  int b = fax_test_open_end (line, FAX_VIRTUAL_LINE_END_B);

  fax_test_write_document (doc, 1, 98, 1);
  sender = fax_call_new (a, FAX_CALL_SEND);
  fax_call_set_number (sender, "5550109");
  fax_call_set_tx_file (sender, doc);
  fax_test_run_calls (sender, NULL, -1, 120);

  g_assert_cmpint (fax_call_get_result (sender), ==, FAX_CALL_RESULT_NO_ANSWER);
  close (a);
  close (b);
}

static void
run_noisy (double     noise_dbm0,
           FaxCall  **sender_out,
           FaxCall  **receiver_out,
           char     **rx_out)
{
  /* Without ECM, noise costs rows or a retrain, never the call's sanity:
   * it ends, and whatever page the receiver confirmed is in its file */
  /* A slower clock than the other tests: with noise, the modems' carrier
   * detection and retraining leave less slack for a loaded machine */
  g_autoptr(FaxVirtualLine) line = fax_test_line_new ("speed", NOISY_SPEED, "noise", noise_dbm0, NULL);
  g_autofree char *doc = tmp_path ("noise-doc.tif");
  g_autofree char *rx = tmp_path ("noise-rx.tif");
  FaxCall *sender, *receiver;
  int a = fax_test_open_end (line, FAX_VIRTUAL_LINE_END_A);
  int b = fax_test_open_end (line, FAX_VIRTUAL_LINE_END_B);

  g_unlink (rx);
  fax_test_write_document (doc, 2, 196, 17);
  sender = fax_call_new (a, FAX_CALL_SEND);
  fax_call_set_number (sender, "5550110");
  fax_call_set_tx_file (sender, doc);
  fax_call_set_ecm (sender, FALSE);
  receiver = fax_call_new (b, FAX_CALL_RECEIVE);
  fax_call_set_rx_file (receiver, rx);
  fax_call_set_ecm (receiver, FALSE);

  fax_test_run_calls (sender, receiver, b, 300);

  g_test_message ("noise %.0f dBm0: sender %s (%u bit/s), receiver %s", noise_dbm0,
                  fax_call_get_status_text (sender), fax_call_get_bit_rate (sender),
                  fax_call_get_status_text (receiver));
  g_assert_cmpint (fax_call_get_result (sender), !=, FAX_CALL_RESULT_NONE);
  g_assert_cmpint (fax_call_get_result (receiver), !=, FAX_CALL_RESULT_NONE);
  g_assert_false (fax_call_get_ecm_used (sender));
  if (fax_call_get_pages (receiver) > 0)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) got = fax_test_read_pages (rx, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (got->len, >=, fax_call_get_pages (receiver));
    }

  close (a);
  close (b);
  *sender_out = sender;
  *receiver_out = receiver;
  *rx_out = g_steal_pointer (&rx);
}

static void
test_noisy_line (void)
{
  /* Audible hiss well above a quiet line (-50 dBm0): the fax gets through */
  g_autoptr(FaxCall) sender = NULL;
  g_autoptr(FaxCall) receiver = NULL;
  g_autofree char *rx = NULL;

  run_noisy (-50.0, &sender, &receiver, &rx);
  g_assert_cmpint (fax_call_get_result (sender), ==, FAX_CALL_RESULT_OK);
  g_assert_cmpuint (fax_call_get_pages (receiver), ==, 2);
}

static void
test_very_noisy_line (void)
{
  /* Noise at the modems' carrier-detect threshold (-40 dBm0): V.21 never
   * sees the line go quiet and the handshake falls apart. The calls must
   * still end, with a failure each side can explain, not hang or spin. */
  g_autoptr(FaxCall) sender = NULL;
  g_autoptr(FaxCall) receiver = NULL;
  g_autofree char *rx = NULL;

  run_noisy (-40.0, &sender, &receiver, &rx);
  if (fax_call_get_result (sender) != FAX_CALL_RESULT_OK)
    g_assert_nonnull (fax_call_get_status_text (sender));
}

static const Cell cells[] = {
#define MODEM(m, rate, mname)                                                                          \
  { "/fax/engine/matrix/" mname "/mh/ecm-off/standard", m, rate, FAX_CALL_COMPRESSION_MH, "T.4 1-D", FALSE, 98 },  \
  { "/fax/engine/matrix/" mname "/mh/ecm-off/fine", m, rate, FAX_CALL_COMPRESSION_MH, "T.4 1-D", FALSE, 196 },     \
  { "/fax/engine/matrix/" mname "/mh/ecm-on/standard", m, rate, FAX_CALL_COMPRESSION_MH, "T.4 1-D", TRUE, 98 },    \
  { "/fax/engine/matrix/" mname "/mh/ecm-on/fine", m, rate, FAX_CALL_COMPRESSION_MH, "T.4 1-D", TRUE, 196 },       \
  { "/fax/engine/matrix/" mname "/mr/ecm-off/standard", m, rate, FAX_CALL_COMPRESSION_MR, "T.4 2-D", FALSE, 98 },  \
  { "/fax/engine/matrix/" mname "/mr/ecm-off/fine", m, rate, FAX_CALL_COMPRESSION_MR, "T.4 2-D", FALSE, 196 },     \
  { "/fax/engine/matrix/" mname "/mr/ecm-on/standard", m, rate, FAX_CALL_COMPRESSION_MR, "T.4 2-D", TRUE, 98 },    \
  { "/fax/engine/matrix/" mname "/mr/ecm-on/fine", m, rate, FAX_CALL_COMPRESSION_MR, "T.4 2-D", TRUE, 196 },       \
  { "/fax/engine/matrix/" mname "/mmr/ecm-on/standard", m, rate, FAX_CALL_COMPRESSION_MMR, "T.6", TRUE, 98 },      \
  { "/fax/engine/matrix/" mname "/mmr/ecm-on/fine", m, rate, FAX_CALL_COMPRESSION_MMR, "T.6", TRUE, 196 },
  MODEM (FAX_CALL_MODEM_V27TER, 4800, "v27ter-4800")
  MODEM (FAX_CALL_MODEM_V29, 9600, "v29-9600")
  MODEM (FAX_CALL_MODEM_V17, 14400, "v17-14400")
#undef MODEM
};

int
main (int    argc,
      char **argv)
{
  static const struct { const char *path; GTestFunc func; } tests[] = {
    { "/fax/engine/efax/ours-to-efax", test_ours_to_efax },
    { "/fax/engine/efax/efax-to-ours", test_efax_to_ours },
    { "/fax/engine/fault/line-cut", test_line_cut },
    { "/fax/engine/fault/silent-modem", test_silent_modem },
    { "/fax/engine/fault/garbage-modem", test_garbage_modem },
    { "/fax/engine/fault/class-1.0-modem", test_class_1_0_modem },
    { "/fax/engine/fault/device-gone", test_device_gone },
    { "/fax/engine/fault/busy", test_busy },
    { "/fax/engine/fault/no-answer", test_no_answer },
    { "/fax/engine/fault/silent-caller", test_silent_caller },
    { "/fax/engine/fault/hostile-ident", test_hostile_ident },
    { "/fax/engine/fault/noisy-line", test_noisy_line },
    { "/fax/engine/fault/very-noisy-line", test_very_noisy_line },
  };
  const char *part = NULL;

  /* --part PREFIX: only the tests under PREFIX, so that the build can run
   * the parts side by side (GLib 2.74's -p does not select these suites) */
  if (argc > 2 && g_str_equal (argv[1], "--part"))
    {
      part = argv[2];
      argv[2] = argv[0];
      argv += 2;
      argc -= 2;
    }

  fax_test_init (&argc, &argv);

  for (guint i = 0; i < G_N_ELEMENTS (cells); i++)
    if (part == NULL || g_str_has_prefix (cells[i].name, part))
      g_test_add_data_func (cells[i].name, &cells[i], test_matrix_cell);
  for (guint i = 0; i < G_N_ELEMENTS (tests); i++)
    if (part == NULL || g_str_has_prefix (tests[i].path, part))
      g_test_add_func (tests[i].path, tests[i].func);

  return g_test_run ();
}
