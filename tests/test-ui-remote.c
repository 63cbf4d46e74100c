/* test-ui-remote.c: the window on a real HylaFAX server
 *
 * Starts Debian's faxq, hfaxd and faxgetty (tests/hylafax-start.sh) with
 * a modem on end A of a virtual line, and a GNOME Keyring unlocked on the
 * session bus of this test (dbus-run-session). Through the window: the
 * connect dialog refuses a wrong password in the server's words, connects
 * with the right one and keeps it in the keyring, the ports view shows
 * the server's modem, a fax sent through the send dialog shows in the
 * outbox, the bar under the header follows the connection when hfaxd
 * stops and comes back, Disconnect shows this computer again, and the
 * dialog offers the last server with its stored password next time.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <adwaita.h>
#include <glib/gstdio.h>
#include <libsecret/secret.h>

#include "fax-application.h"
#include "fax-connect-dialog.h"
#include "fax-jobs-view.h"
#include "fax-send-dialog.h"
#include "fax-window.h"

#include "fax-test-fax.h"
#include "fax-test-hylafax.h"
#include "fax-test-ui.h"
#include "fax-test-util.h"

static FaxTestHylafax hfx;

static struct
{
  GPid            keyring;
  gboolean        have_keyring;
  FaxVirtualLine *line;
} hf;

static const SecretSchema server_schema = {
  "io.github.faxmanager.FaxManager.Server", SECRET_SCHEMA_NONE,
  {
    { "server", SECRET_SCHEMA_ATTRIBUTE_STRING },
    { "user", SECRET_SCHEMA_ATTRIBUTE_STRING },
    { NULL, 0 },
  },
  0, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
};

/* ------------------------------------------------------------ the server */

static void
stop_all (void)
{
  fax_test_hylafax_stop (&hfx);
  if (hf.keyring > 0)
    kill (hf.keyring, SIGTERM);
  hf.keyring = 0;
}

/* ----------------------------------------------------------- the keyring */

static gboolean
secrets_served (void)
{
  g_autoptr(GDBusConnection) bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, NULL);
  g_autoptr(GVariant) reply = NULL;

  if (bus == NULL)
    return FALSE;
  reply = g_dbus_connection_call_sync (bus, "org.freedesktop.DBus", "/org/freedesktop/DBus",
                                       "org.freedesktop.DBus", "NameHasOwner",
                                       g_variant_new ("(s)", "org.freedesktop.secrets"),
                                       G_VARIANT_TYPE ("(b)"), G_DBUS_CALL_FLAGS_NONE, -1, NULL, NULL);
  if (reply == NULL)
    return FALSE;
  return g_variant_get_boolean (g_variant_get_child_value (reply, 0));
}

/* GNOME Keyring on this test's session bus, its login keyring created
 * and unlocked with a password on stdin (no prompt: there is nobody to
 * answer one), in the test's private XDG_DATA_HOME */
static void
start_keyring (void)
{
  const char *argv[] = { "gnome-keyring-daemon", "--foreground", "--unlock", "--components=secrets", NULL };
  g_autoptr(GError) error = NULL;
  gint64 end;
  int in = -1;

  if (!g_spawn_async_with_pipes (NULL, (char **)argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL,
                                 NULL, NULL, &hf.keyring, &in, NULL, NULL, &error))
    {
      g_test_message ("no keyring: %s", error->message);
      return;
    }
  g_assert_cmpint (write (in, "test-keyring", 12), ==, 12);
  close (in);

  end = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;
  while (!secrets_served () && g_get_monotonic_time () < end)
    g_usleep (100000);
  hf.have_keyring = secrets_served ();
  g_test_message ("GNOME Keyring %s", hf.have_keyring ? "serves org.freedesktop.secrets" : "did not start");
}

/* --------------------------------------------------------------- widgets */

/* A label, shown, whose text contains @text */
static gboolean
shows_text (GtkWidget  *root,
            const char *text)
{
  if (!gtk_widget_get_visible (root))
    return FALSE;
  if (GTK_IS_LABEL (root) && strstr (gtk_label_get_text (GTK_LABEL (root)), text) != NULL)
    return TRUE;
  for (GtkWidget *c = gtk_widget_get_first_child (root); c; c = gtk_widget_get_next_sibling (c))
    if (shows_text (c, text))
      return TRUE;
  return FALSE;
}

static gboolean
has_job_to (GListModel *model,
            const char *number)
{
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(FaxJob) job = g_list_model_get_item (model, i);
      if (g_strcmp0 (fax_job_get_recipient_number (job), number) == 0)
        return TRUE;
    }
  return FALSE;
}

static gboolean
modem_listed (FaxServer *server)
{
  GListModel *ports = fax_server_get_ports (server);

  for (guint i = 0; i < g_list_model_get_n_items (ports); i++)
    {
      g_autoptr(FaxPortInfo) info = g_list_model_get_item (ports, i);
      if (g_strcmp0 (fax_port_info_get_device_path (info), hfx.modem) == 0 &&
          fax_port_info_get_state (info) == FAX_PORT_STATE_AVAILABLE)
        return TRUE;
    }
  return FALSE;
}

static char *
stored_password (const char *server)
{
  g_autoptr(GError) error = NULL;
  char *secret = secret_password_lookup_sync (&server_schema, NULL, &error,
                                              "server", server, "user", "faxuser", NULL);
  char *copy = g_strdup (secret);

  secret_password_free (secret);
  return copy;
}

static gboolean
dialog_done (GtkWindow *dialog)
{
  return !gtk_widget_get_visible (GTK_WIDGET (dialog));
}

/* ----------------------------------------------------------------- test */

static void
test_remote (FaxApplication *app,
             FaxWindow      *window)
{
  g_autofree char *address = g_strdup_printf ("hylafax://127.0.0.1:%u", hfx.port);
  g_autofree char *shown_name = g_strdup_printf ("faxuser@127.0.0.1:%u", hfx.port);
  g_autofree char *doc = g_build_filename (fax_test_get_root (), "remote-doc.tif", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (doc);
  g_autoptr(GtkWindow) dialog = NULL;
  FaxServer *local = fax_application_get_server (app);
  FaxServer *remote;
  FaxSendDialog *send;
  GtkWidget *outbox;

  g_assert_true (fax_window_get_server (window) == local);
  g_assert_null (fax_window_get_server_status (window));

  /* A wrong password: the server's words, in the dialog */
  dialog = g_object_ref (fax_window_open_connect_dialog (window));
  gtk_editable_set_text (GTK_EDITABLE (fax_test_ui_find_widget (GTK_WIDGET (dialog), "address_row")), address);
  gtk_editable_set_text (GTK_EDITABLE (fax_test_ui_find_widget (GTK_WIDGET (dialog), "user_row")), "faxuser");
  gtk_editable_set_text (GTK_EDITABLE (fax_test_ui_find_widget (GTK_WIDGET (dialog), "password_row")), "wrong");
  gtk_switch_set_active (GTK_SWITCH (fax_test_ui_find_widget (GTK_WIDGET (dialog), "remember_switch")), TRUE);
  {
    g_autofree char *name = fax_connect_dialog_dup_machine_name (FAX_CONNECT_DIALOG (dialog), NULL);
    g_autofree char *expected = g_strdup_printf ("hylafax://faxuser@127.0.0.1:%u", hfx.port);
    g_assert_cmpstr (name, ==, expected);
  }
  fax_connect_dialog_connect (FAX_CONNECT_DIALOG (dialog));
  FAX_TEST_WAIT_UNTIL (fax_connect_dialog_get_error (FAX_CONNECT_DIALOG (dialog)) != NULL);
  g_test_message ("wrong password: %s", fax_connect_dialog_get_error (FAX_CONNECT_DIALOG (dialog)));
  g_assert_nonnull (strstr (fax_connect_dialog_get_error (FAX_CONNECT_DIALOG (dialog)), "Login incorrect"));
  g_assert_true (shows_text (GTK_WIDGET (dialog), "Login incorrect"));
  g_assert_true (fax_window_get_server (window) == local);
  fax_test_ui_save_screenshot_now (GTK_WIDGET (dialog), "remote-connect-dialog.png");

  /* The right one: the window shows the server */
  gtk_editable_set_text (GTK_EDITABLE (fax_test_ui_find_widget (GTK_WIDGET (dialog), "password_row")), "secret");
  fax_connect_dialog_connect (FAX_CONNECT_DIALOG (dialog));
  FAX_TEST_WAIT_UNTIL (dialog_done (dialog));
  g_clear_object (&dialog);
  remote = fax_window_get_server (window);
  g_assert_true (remote != local);
  g_assert_true (fax_server_is_remote (remote));
  g_assert_nonnull (strstr (fax_window_get_server_status (window), "Connected to the fax server"));
  g_assert_nonnull (strstr (fax_window_get_server_status (window), shown_name));
  g_assert_true (shows_text (GTK_WIDGET (window), shown_name));
  {
    g_autofree char *last = g_settings_get_string (fax_application_get_settings (app), "last-server-address");
    g_assert_cmpstr (last, ==, address);
  }

  /* The password in the keyring, or a word that it could not be kept */
  if (hf.have_keyring)
    {
      g_autofree char *secret = NULL;
      gint64 end = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;

      while ((secret = stored_password (address)) == NULL && g_get_monotonic_time () < end)
        g_main_context_iteration (NULL, FALSE);
      g_assert_cmpstr (secret, ==, "secret");
      g_assert_null (fax_window_get_notice (window));
    }
  else
    {
      FAX_TEST_WAIT_UNTIL (fax_window_get_notice (window) != NULL);
      g_test_message ("notice: %s", fax_window_get_notice (window));
      g_assert_nonnull (strstr (fax_window_get_notice (window), "keyring"));
    }

  /* The server's modem as a port, in the ports view */
  FAX_TEST_WAIT_UNTIL (modem_listed (remote));
  fax_window_show_view (window, "ports");
  FAX_TEST_WAIT_UNTIL (shows_text (GTK_WIDGET (window), "ttyHF0"));
  fax_test_ui_save_screenshot_now (GTK_WIDGET (window), "remote-ports.png");

  /* A fax through the send dialog: queued on the server, in the outbox */
  fax_test_write_document (doc, 1, 98, 11);
  send = g_object_ref (fax_window_open_send_dialog (window, &file, 1));
  fax_send_dialog_set_number (send, "5550404");
  fax_send_dialog_send (send);
  FAX_TEST_WAIT_UNTIL (fax_send_dialog_get_job (send) != NULL);
  FAX_TEST_WAIT_UNTIL (!gtk_widget_get_visible (GTK_WIDGET (send)));
  g_object_unref (send);
  outbox = fax_test_ui_find_jobs_view (GTK_WIDGET (window), FAX_JOBS_VIEW_OUTBOX);
  g_assert_nonnull (outbox);
  FAX_TEST_WAIT_UNTIL (has_job_to (fax_jobs_view_get_model (FAX_JOBS_VIEW (outbox)), "5550404"));
  fax_window_show_view (window, "outbox");
  FAX_TEST_WAIT_UNTIL (shows_text (outbox, "5550404"));
  fax_test_ui_save_screenshot_now (GTK_WIDGET (window), "remote-outbox.png");

  /* hfaxd stops: the bar says so and why; it comes back: connected */
  fax_test_hylafax_stop_hfaxd (&hfx);
  FAX_TEST_WAIT_UNTIL (!fax_server_get_connected (remote));
  g_test_message ("status: %s", fax_window_get_server_status (window));
  g_assert_true (g_str_has_prefix (fax_window_get_server_status (window), "Reconnecting to the fax server"));
  g_assert_nonnull (strstr (fax_window_get_server_status (window), "refused the connection"));
  g_assert_true (gtk_widget_get_visible (fax_test_ui_find_widget (GTK_WIDGET (window), "reconnect_button")));
  fax_test_ui_save_screenshot_now (GTK_WIDGET (window), "remote-reconnecting.png");
  fax_test_hylafax_start_hfaxd (&hfx);
  FAX_TEST_WAIT_UNTIL (fax_server_get_connected (remote));
  g_assert_nonnull (strstr (fax_window_get_server_status (window), "Connected to the fax server"));
  g_assert_false (gtk_widget_get_visible (fax_test_ui_find_widget (GTK_WIDGET (window), "reconnect_button")));
  FAX_TEST_WAIT_UNTIL (has_job_to (fax_jobs_view_get_model (FAX_JOBS_VIEW (outbox)), "5550404"));

  /* Disconnect: this computer again */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "window.disconnect-server", NULL));
  g_assert_true (fax_window_get_server (window) == local);
  g_assert_null (fax_window_get_server_status (window));
  g_assert_false (has_job_to (fax_jobs_view_get_model (FAX_JOBS_VIEW (outbox)), "5550404"));

  /* Next time the dialog offers the last server, with its password */
  dialog = g_object_ref (fax_window_open_connect_dialog (window));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (fax_test_ui_find_widget (GTK_WIDGET (dialog), "address_row"))), ==, address);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (fax_test_ui_find_widget (GTK_WIDGET (dialog), "user_row"))), ==, "faxuser");
  FAX_TEST_WAIT_UNTIL (fax_connect_dialog_get_lookup_done (FAX_CONNECT_DIALOG (dialog)));
  if (hf.have_keyring)
    {
      g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (fax_test_ui_find_widget (GTK_WIDGET (dialog), "password_row"))), ==, "secret");
      g_assert_true (gtk_switch_get_active (GTK_SWITCH (fax_test_ui_find_widget (GTK_WIDGET (dialog), "remember_switch"))));
    }
  fax_test_ui_save_screenshot_now (GTK_WIDGET (dialog), "remote-connect-again.png");
  gtk_window_close (dialog);
  g_clear_object (&dialog);
}

/* No Secret Service on the bus (tests/dbus-no-services.conf): the window
 * says that the password could not be kept, and connects all the same;
 * the dialog asks for the password next time */
static void
test_no_keyring (FaxApplication *app,
                 FaxWindow      *window)
{
  g_autofree char *address = g_strdup_printf ("hylafax://127.0.0.1:%u", hfx.port);
  g_autoptr(GtkWindow) dialog = NULL;
  FaxServer *remote;

  g_assert_false (hf.have_keyring);

  dialog = g_object_ref (fax_window_open_connect_dialog (window));
  gtk_editable_set_text (GTK_EDITABLE (fax_test_ui_find_widget (GTK_WIDGET (dialog), "address_row")), address);
  gtk_editable_set_text (GTK_EDITABLE (fax_test_ui_find_widget (GTK_WIDGET (dialog), "user_row")), "faxuser");
  gtk_editable_set_text (GTK_EDITABLE (fax_test_ui_find_widget (GTK_WIDGET (dialog), "password_row")), "secret");
  gtk_switch_set_active (GTK_SWITCH (fax_test_ui_find_widget (GTK_WIDGET (dialog), "remember_switch")), TRUE);
  fax_connect_dialog_connect (FAX_CONNECT_DIALOG (dialog));
  FAX_TEST_WAIT_UNTIL (dialog_done (dialog));
  g_clear_object (&dialog);

  remote = fax_window_get_server (window);
  g_assert_true (fax_server_is_remote (remote));
  g_assert_true (fax_server_get_connected (remote));
  FAX_TEST_WAIT_UNTIL (fax_window_get_notice (window) != NULL);
  g_test_message ("notice: %s", fax_window_get_notice (window));
  g_assert_nonnull (strstr (fax_window_get_notice (window), "could not be kept in your keyring"));
  g_assert_nonnull (strstr (fax_window_get_server_status (window), "Connected to the fax server"));
  /* The toast slides in */
  {
    gint64 end = g_get_monotonic_time () + G_USEC_PER_SEC;
    while (g_get_monotonic_time () < end)
      g_main_context_iteration (NULL, FALSE);
  }
  fax_test_ui_save_screenshot_now (GTK_WIDGET (window), "remote-no-keyring.png");

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "window.disconnect-server", NULL));
  dialog = g_object_ref (fax_window_open_connect_dialog (window));
  FAX_TEST_WAIT_UNTIL (fax_connect_dialog_get_lookup_done (FAX_CONNECT_DIALOG (dialog)));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (fax_test_ui_find_widget (GTK_WIDGET (dialog), "address_row"))), ==, address);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (fax_test_ui_find_widget (GTK_WIDGET (dialog), "password_row"))), ==, "");
  gtk_window_close (dialog);
  g_clear_object (&dialog);
}

typedef void (*UiTestFunc) (FaxApplication *app, FaxWindow *window);

static void
activate_cb (FaxApplication *app,
             gpointer        data)
{
  UiTestFunc func = (UiTestFunc)data;
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (app));
  GList *windows;

  g_assert_true (FAX_IS_WINDOW (window));
  /* GtkText's cursor blink warns when its window lost the X focus to the
   * dialogs of this test (Xvfb without a window manager) */
  g_object_set (gtk_settings_get_default (), "gtk-cursor-blink", FALSE, NULL);
  func (app, FAX_WINDOW (window));

  while ((windows = gtk_application_get_windows (GTK_APPLICATION (app))) != NULL)
    gtk_window_destroy (windows->data);
  g_application_quit (G_APPLICATION (app));
}

static void
run_ui_test (gconstpointer data)
{
  FaxApplication *app;
  char *argv[] = { (char *)"fax-manager", NULL };

  if (hfx.skip != NULL)
    {
      g_test_skip_printf ("no HylaFAX server for this test: %s", hfx.skip);
      return;
    }

  app = fax_application_new ();
  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  g_signal_connect_after (app, "activate", G_CALLBACK (activate_cb), (gpointer)data);
  g_assert_cmpint (g_application_run (G_APPLICATION (app), 1, argv), ==, 0);
  while (g_main_context_pending (NULL))
    g_main_context_iteration (NULL, FALSE);
  g_assert_finalize_object (app);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int ret;

  fax_test_init (&argc, &argv);
  fax_test_ui_settings ();
  g_setenv ("FAX_MANAGER_HYLAFAX_POLL", "1", TRUE);

  if (g_getenv ("DISPLAY") == NULL && g_getenv ("WAYLAND_DISPLAY") == NULL)
    {
      g_print ("1..0 # SKIP these tests need a display: run them under xvfb-run\n");
      return 0;
    }

  hf.line = fax_virtual_line_new (&error);
  g_assert_no_error (error);
  fax_test_kill_on_abort (&hf.keyring);
  /* FAX_TEST_NO_KEYRING: on a bus without a Secret Service */
  if (g_getenv ("FAX_TEST_NO_KEYRING") == NULL)
    start_keyring ();
  if (!fax_test_hylafax_start (&hfx, fax_virtual_line_get_device_path (hf.line, FAX_VIRTUAL_LINE_END_A)))
    g_test_message ("skipping: %s", hfx.skip);

  if (g_getenv ("FAX_TEST_NO_KEYRING") == NULL)
    g_test_add_data_func ("/ui/remote/connect", test_remote, run_ui_test);
  else
    g_test_add_data_func ("/ui/remote/no-keyring", test_no_keyring, run_ui_test);
  ret = g_test_run ();

  g_test_message ("stopping the servers");
  stop_all ();
  g_test_message ("stopped");
  g_clear_object (&hf.line);
  return ret;
}
