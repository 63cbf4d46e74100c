/* test-ui.c: the application on a real display (Xvfb under dbus-run-session)
 *
 * Every test starts a fresh FaxApplication over fresh fake devices, drives
 * the real widgets the way a user would (select, Edit, type, Save) and
 * checks what the backend then holds. Screenshots of the main views are
 * written to $FAX_TEST_SCREENSHOT_DIR on every run.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "fax-application.h"
#include "fax-port-details.h"
#include "fax-port-editor.h"
#include "fax-port-item.h"
#include "fax-port-row.h"
#include "fax-ports-view.h"
#include "fax-preferences-window.h"
#include "fax-window.h"

#include "fax-test-fax.h"
#include "fax-test-notifications.h"
#include "fax-test-ui.h"
#include "fax-test-util.h"

typedef void (*UiTestFunc) (FaxApplication *app,
                            FaxWindow      *window);

static void
drain_events (void)
{
  while (g_main_context_pending (NULL))
    g_main_context_iteration (NULL, FALSE);
}

static const char *
label_text (GtkWidget  *root,
            const char *id)
{
  return gtk_label_get_label (GTK_LABEL (fax_test_ui_get_widget (root, id)));
}

static guint
count_widgets_of_type (GtkWidget *root,
                       GType      type)
{
  guint n = G_TYPE_CHECK_INSTANCE_TYPE (root, type) && gtk_widget_get_mapped (root) ? 1 : 0;

  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    n += count_widgets_of_type (child, type);

  return n;
}

/* The accelerators a GtkShortcutsWindow shows; fails on one without keys */
static void
collect_accelerators (GtkWidget *root,
                      GPtrArray *out)
{
  if (GTK_IS_SHORTCUTS_SHORTCUT (root))
    {
      g_autofree char *accelerator = NULL;
      g_autofree char *title = NULL;

      g_object_get (root, "accelerator", &accelerator, "title", &title, NULL);
      if (accelerator == NULL || accelerator[0] == '\0')
        g_error ("The shortcut “%s” shows no keys", title);
      g_ptr_array_add (out, g_steal_pointer (&accelerator));
    }

  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_accelerators (child, out);
}

/* Every toplevel, also dialogs that are only transient for a window */
static GtkWindow *
find_window_of_type (FaxApplication *app,
                     GType           type)
{
  g_autoptr(GList) windows = gtk_window_list_toplevels ();

  for (GList *l = windows; l; l = l->next)
    if (G_TYPE_CHECK_INSTANCE_TYPE (l->data, type) && gtk_widget_get_visible (l->data))
      return l->data;
  return NULL;
}

static guint
count_windows_of_type (FaxApplication *app,
                       GType           type)
{
  g_autoptr(GList) windows = gtk_window_list_toplevels ();
  guint n = 0;

  for (GList *l = windows; l; l = l->next)
    if (G_TYPE_CHECK_INSTANCE_TYPE (l->data, type) && gtk_widget_get_visible (l->data))
      n++;
  return n;
}

static FaxPortsView *
ports_view (FaxWindow *window)
{
  return fax_window_get_ports_view (window);
}

static GListModel *
items (FaxWindow *window)
{
  return fax_ports_view_get_items (ports_view (window));
}

static FaxPortItem *
item_at (FaxWindow *window,
         guint      i)
{
  g_autoptr(FaxPortItem) item = g_list_model_get_item (items (window), i);

  g_assert_nonnull (item);
  return item;  /* the view keeps it alive */
}

static gboolean
all_handles_open (FaxWindow *window)
{
  guint n = g_list_model_get_n_items (items (window));

  for (guint i = 0; i < n; i++)
    {
      FaxPortItem *item = item_at (window, i);
      FaxPortInfo *info = fax_port_item_get_info (item);

      if (fax_port_info_get_state (info) != FAX_PORT_STATE_UNAVAILABLE &&
          fax_port_item_get_port (item) == NULL)
        return FALSE;
    }
  return TRUE;
}

static guint
count_virtual_ports (FaxWindow *window)
{
  guint n = g_list_model_get_n_items (items (window));
  guint virtual = 0;

  for (guint i = 0; i < n; i++)
    if (fax_port_info_get_flags (fax_port_item_get_info (item_at (window, i))) & FAX_PORT_FLAG_VIRTUAL)
      virtual++;
  return virtual;
}

/* The row that shows @item */
static FaxPortRow *
find_row (GtkWidget   *root,
          FaxPortItem *item)
{
  if (FAX_IS_PORT_ROW (root) && fax_port_row_get_item (FAX_PORT_ROW (root)) == item)
    return FAX_PORT_ROW (root);

  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      FaxPortRow *found = find_row (child, item);
      if (found != NULL)
        return found;
    }

  return NULL;
}

/* The position in the ports list of the port at @path, or G_MAXUINT */
static guint
index_for_path (FaxWindow  *window,
                const char *path)
{
  guint n = g_list_model_get_n_items (items (window));

  for (guint i = 0; i < n; i++)
    if (g_strcmp0 (fax_port_info_get_device_path (fax_port_item_get_info (item_at (window, i))), path) == 0)
      return i;
  return G_MAXUINT;
}

/* Selects the port of fake device @i, as a click in the list does */
static FaxPortItem *
select_port (FaxWindow *window,
             guint      device)
{
  g_autofree char *path = fax_test_device_path (device);
  GtkListView *list = GTK_LIST_VIEW (fax_test_ui_get_widget (GTK_WIDGET (window), "list_view"));
  GtkSelectionModel *selection = gtk_list_view_get_model (list);
  guint i = index_for_path (window, path);

  if (i == G_MAXUINT)
    g_error ("%s is not in the list", path);
  g_assert_true (gtk_selection_model_select_item (selection, i, TRUE));
  drain_events ();
  return item_at (window, i);
}

static GtkWidget *
details (FaxWindow *window)
{
  return fax_test_ui_get_widget (GTK_WIDGET (window), "details");
}

/* A fresh connection, as another program would make, sees the saved port */
static FaxPortInfo *
info_from_new_server (guint device)
{
  g_autoptr(FaxServer) server = NULL;
  g_autoptr(FaxPort) port = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = fax_test_device_path (device);
  FaxPortInfo *info;
  guint32 id;

  server = fax_server_connect (NULL, &error);
  g_assert_no_error (error);
  id = fax_server_lookup_port (server, path, &error);
  g_assert_no_error (error);
  port = fax_server_open_port (server, id, FAX_PORT_OPEN_QUERY, &error);
  g_assert_no_error (error);
  info = fax_port_get_info (port, &error);
  g_assert_no_error (error);

  fax_port_close (port);
  g_assert_finalize_object (g_steal_pointer (&port));
  g_assert_finalize_object (g_steal_pointer (&server));
  return info;
}

static FaxPortEditor *
open_editor (FaxApplication *app,
             FaxWindow      *window)
{
  guint before = count_windows_of_type (app, FAX_TYPE_PORT_EDITOR);
  FaxPortEditor *editor;

  gtk_widget_activate_action (GTK_WIDGET (ports_view (window)), "ports.edit", NULL);
  drain_events ();
  g_assert_cmpuint (count_windows_of_type (app, FAX_TYPE_PORT_EDITOR), ==, before + 1);

  editor = FAX_PORT_EDITOR (find_window_of_type (app, FAX_TYPE_PORT_EDITOR));
  FAX_TEST_WAIT_UNTIL (gtk_widget_get_mapped (GTK_WIDGET (editor)));
  return editor;
}

static void
close_editor (FaxPortEditor *editor,
              const char    *action)
{
  GtkWidget *widget = GTK_WIDGET (editor);

  g_object_add_weak_pointer (G_OBJECT (editor), (gpointer *)&editor);
  gtk_widget_activate_action (widget, action, NULL);
  FAX_TEST_WAIT_UNTIL (editor == NULL);
}

/* A click: GtkButton's keyboard activation waits before "clicked" */
static void
click (GtkWidget *button)
{
  g_assert_true (gtk_widget_is_sensitive (button));
  g_signal_emit_by_name (button, "clicked");
  drain_events ();
}

static void
set_text (GtkWidget  *root,
          const char *id,
          const char *text)
{
  gtk_editable_set_text (GTK_EDITABLE (fax_test_ui_get_widget (root, id)), text);
  drain_events ();
}

/* Running a test inside a real application */

typedef struct
{
  UiTestFunc  func;
  GPtrArray  *windows;   /* weak pointers to every FaxWindow */
} UiTest;

static void
window_added_cb (GtkApplication *app,
                 GtkWindow      *window,
                 UiTest         *test)
{
  if (FAX_IS_WINDOW (window))
    {
      gpointer *slot = g_new0 (gpointer, 1);

      *slot = window;
      g_object_add_weak_pointer (G_OBJECT (window), slot);
      g_ptr_array_add (test->windows, slot);
    }
}

static void
activate_cb (FaxApplication *app,
             UiTest         *test)
{
  FaxWindow *window = FAX_WINDOW (gtk_application_get_active_window (GTK_APPLICATION (app)));
  GList *windows;

  g_assert_nonnull (window);
  fax_test_ui_wait_for_paint (GTK_WIDGET (window));
  FAX_TEST_WAIT_UNTIL (all_handles_open (window));

  test->func (app, window);

  while ((windows = gtk_application_get_windows (GTK_APPLICATION (app))) != NULL)
    gtk_window_destroy (windows->data);
  g_application_quit (G_APPLICATION (app));
}

static void
startup_cb (FaxApplication *app)
{
  /* Screenshots show where things end up, not a frame of a transition */
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);
}

static void
run_ui_test (gconstpointer data)
{
  UiTest test = { (UiTestFunc)data, g_ptr_array_new_with_free_func (g_free) };
  FaxApplication *app = fax_application_new ();

  /* Tests run beside each other and beside a real session: never talk
   * to another instance */
  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  g_signal_connect (app, "window-added", G_CALLBACK (window_added_cb), &test);
  g_signal_connect_after (app, "startup", G_CALLBACK (startup_cb), NULL);
  g_signal_connect_after (app, "activate", G_CALLBACK (activate_cb), &test);

  if (g_str_has_suffix (g_test_get_path (), "/virtual-line") ||
      g_str_has_suffix (g_test_get_path (), "/live-call"))
    {
      char *argv[] = { (char *)"fax-manager", (char *)"--virtual-line", NULL };
      g_assert_cmpint (g_application_run (G_APPLICATION (app), 2, argv), ==, 0);
    }
  else
    g_assert_cmpint (g_application_run (G_APPLICATION (app), 0, NULL), ==, 0);
  drain_events ();

  /* No window (and so no port handle) outlives the application */
  for (guint i = 0; i < test.windows->len; i++)
    g_assert_null (*(gpointer *)g_ptr_array_index (test.windows, i));
  g_ptr_array_unref (test.windows);

  g_assert_finalize_object (app);
}

/* The tests */

static void
test_ports_and_details (FaxApplication *app,
                        FaxWindow      *window)
{
  g_autofree char *path1 = fax_test_device_path (1);
  GtkWidget *view = GTK_WIDGET (ports_view (window));
  GtkWidget *list = fax_test_ui_get_widget (view, "list_view");
  FaxPortItem *item;

  /* Two ports, two rows, each holding a query handle */
  g_assert_cmpuint (g_list_model_get_n_items (items (window)), ==, 2);
  FAX_TEST_WAIT_UNTIL (count_widgets_of_type (list, g_type_from_name ("FaxPortRow")) == 2);
  for (guint i = 0; i < 2; i++)
    {
      FaxPort *port = fax_port_item_get_port (item_at (window, i));

      g_assert_nonnull (port);
      g_assert_cmpint (fax_port_get_access (port), ==, FAX_PORT_OPEN_QUERY);
    }
  g_assert_cmpstr (gtk_stack_get_visible_child_name (GTK_STACK (fax_test_ui_get_widget (view, "stack"))), ==, "ports");

  /* Selecting a port shows its details */
  item = select_port (window, 1);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (GTK_STACK (fax_test_ui_get_widget (view, "content_stack"))), ==, "details");
  g_assert_cmpstr (label_text (details (window), "name_label"), ==, "dev1");
  g_assert_cmpstr (label_text (details (window), "value-path"), ==, path1);
  g_assert_cmpstr (label_text (details (window), "value-state"), ==, "Available");
  g_assert_cmpstr (label_text (details (window), "value-access"), ==, "Shown (query access)");
  g_assert_cmpstr (label_text (details (window), "value-send"), ==, "Yes");
  g_assert_cmpstr (label_text (details (window), "value-receive"), ==, "No");
  g_assert_cmpstr (label_text (details (window), "value-priority"), ==, "2 of 2");
  g_assert_cmpstr (label_text (details (window), "value-csid"), ==, "Not set");
  {
    g_autofree char *id = g_strdup_printf ("%u", fax_port_info_get_device_id (fax_port_item_get_info (item)));
    g_assert_cmpstr (label_text (details (window), "value-device-id"), ==, id);
  }
  /* The routing methods, read through the query handle */
  g_assert_cmpstr (label_text (details (window), "routing-RouteToFolder"), ==, "Off");
  g_assert_cmpstr (label_text (details (window), "routing-RouteEmail"), ==, "Off");
  g_assert_true (gtk_widget_get_sensitive (fax_test_ui_get_widget (details (window), "edit_button")));

  fax_test_ui_save_screenshot_now (GTK_WIDGET (window), "ports.png");

  /* No rights on the device (not reproducible as root): the backend's
   * reason, under a heading that says what happened */
  {
    g_autoptr(GError) denied = g_error_new (FAX_ERROR, FAX_ERROR_ACCESS_DENIED,
                                            "You cannot change dev1: add your account to the dialout group, then log in again");

    fax_port_details_show_error (FAX_PORT_DETAILS (details (window)), denied);
    g_assert_true (gtk_info_bar_get_revealed (GTK_INFO_BAR (fax_test_ui_get_widget (details (window), "error_bar"))));
    g_assert_cmpstr (label_text (details (window), "error_title"), ==, "You may not change this port");
    g_assert_nonnull (strstr (label_text (details (window), "error_label"), "dialout group"));
    fax_port_details_show_error (FAX_PORT_DETAILS (details (window)), NULL);
    g_assert_false (gtk_info_bar_get_revealed (GTK_INFO_BAR (fax_test_ui_get_widget (details (window), "error_bar"))));
  }

  /* An empty inbox says how faxes get there */
  fax_window_show_view (window, "inbox");
  g_assert_true (gtk_widget_get_mapped (fax_test_ui_get_widget (GTK_WIDGET (window), "inbox_view")));
  fax_test_ui_save_screenshot_now (GTK_WIDGET (window), "inbox.png");
  fax_window_show_view (window, "ports");
}

/* fax-manager --virtual-line on a machine without modems */
static void
test_virtual_line (FaxApplication *app,
                   FaxWindow      *window)
{
  GtkWidget *view = GTK_WIDGET (ports_view (window));
  GtkWidget *list = fax_test_ui_get_widget (view, "list_view");
  GtkSelectionModel *selection = gtk_list_view_get_model (GTK_LIST_VIEW (list));
  FaxPortItem *item;

  g_assert_true (fax_application_get_virtual_line (app));
  g_assert_cmpuint (g_list_model_get_n_items (items (window)), ==, 2);
  g_assert_cmpuint (count_virtual_ports (window), ==, 2);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (GTK_STACK (fax_test_ui_get_widget (view, "stack"))), ==, "ports");
  FAX_TEST_WAIT_UNTIL (count_widgets_of_type (list, g_type_from_name ("FaxPortRow")) == 2);

  /* Both rows say what they are */
  for (guint i = 0; i < 2; i++)
    {
      FaxPort *port = fax_port_item_get_port (item_at (window, i));

      g_assert_nonnull (port);
      g_assert_cmpint (fax_port_get_access (port), ==, FAX_PORT_OPEN_QUERY);
    }
  g_assert_cmpstr (fax_port_info_get_device_name (fax_port_item_get_info (item_at (window, 0))), ==, "Virtual line A");
  g_assert_cmpstr (fax_port_info_get_device_name (fax_port_item_get_info (item_at (window, 1))), ==, "Virtual line B");

  /* Selecting one shows its details */
  g_assert_true (gtk_selection_model_select_item (selection, 1, TRUE));
  drain_events ();
  item = item_at (window, 1);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (GTK_STACK (fax_test_ui_get_widget (view, "content_stack"))), ==, "details");
  g_assert_cmpstr (label_text (details (window), "name_label"), ==, "Virtual line B");
  g_assert_cmpstr (label_text (details (window), "value-path"), ==,
                   fax_port_info_get_device_path (fax_port_item_get_info (item)));
  g_assert_true (g_str_has_prefix (label_text (details (window), "value-path"), "/dev/pts/"));
  g_assert_cmpstr (label_text (details (window), "value-state"), ==, "Available");
  g_assert_cmpstr (label_text (details (window), "value-access"), ==, "Shown (query access)");
  g_assert_true (gtk_widget_get_visible (fax_test_ui_get_widget (details (window), "virtual_note")));
  fax_test_ui_save_screenshot_now (GTK_WIDGET (window), "virtual-line.png");

  /* Its settings can be edited like a modem's */
  {
    FaxPortEditor *editor = open_editor (app, window);

    g_assert_cmpint (fax_port_get_access (fax_port_item_get_port (item)), ==,
                     FAX_PORT_OPEN_QUERY | FAX_PORT_OPEN_MODIFY);
    /* A software modem has no serial line to set up */
    g_assert_false (gtk_widget_get_visible (fax_test_ui_get_widget (GTK_WIDGET (editor), "device_group")));
    close_editor (editor, "editor.cancel");
    g_assert_cmpint (fax_port_get_access (fax_port_item_get_port (item)), ==, FAX_PORT_OPEN_QUERY);
  }
}

/* Sets flags and station ids of a port, as another program would */
static guint32
configure_port (FaxServer    *server,
                const char   *id,
                FaxPortFlags  flags,
                const char   *station_id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FaxPort) port = NULL;
  g_autoptr(FaxPortInfo) info = NULL;
  guint32 device_id = fax_server_lookup_port (server, id, &error);

  g_assert_no_error (error);
  port = fax_server_open_port (server, device_id, FAX_PORT_OPEN_MODIFY, &error);
  g_assert_no_error (error);
  info = fax_port_get_info (port, &error);
  g_assert_no_error (error);
  fax_port_info_set_flags (info, flags | FAX_PORT_FLAG_VIRTUAL);
  fax_port_info_set_rings (info, 1);
  fax_port_info_set_tsid (info, station_id);
  fax_port_info_set_csid (info, station_id);
  g_assert_true (fax_port_set_info (port, info, &error));
  g_assert_no_error (error);
  fax_port_close (port);
  return device_id;
}

static void
record_label_cb (GtkLabel   *label,
                 GParamSpec *pspec,
                 GPtrArray  *seen)
{
  const char *text = gtk_label_get_label (label);

  if (seen->len == 0 || g_strcmp0 (g_ptr_array_index (seen, seen->len - 1), text) != 0)
    g_ptr_array_add (seen, g_strdup (text));
}

static gboolean
saw_text (GPtrArray  *seen,
          const char *prefix)
{
  for (guint i = 0; i < seen->len; i++)
    if (g_str_has_prefix (g_ptr_array_index (seen, i), prefix))
      return TRUE;
  return FALSE;
}

static gboolean
job_done (FaxJob *job)
{
  FaxJobState state = fax_job_get_state (job);

  return state == FAX_JOB_STATE_COMPLETED || state == FAX_JOB_STATE_FAILED ||
         state == FAX_JOB_STATE_CANCELLED;
}

/* A fax from one end of the virtual line to the other: the rows and the
 * details follow the calls as they happen */
static void
test_live_call (FaxApplication *app,
                FaxWindow      *window)
{
  FaxServer *server = fax_application_get_server (app);
  GtkWidget *list = fax_test_ui_get_widget (GTK_WIDGET (ports_view (window)), "list_view");
  GtkSelectionModel *selection = gtk_list_view_get_model (GTK_LIST_VIEW (list));
  g_autoptr(GPtrArray) seen_a = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) seen_b = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  g_autoptr(FaxJob) job = NULL;
  g_autofree char *doc = g_build_filename (fax_test_get_root (), "live-call.tif", NULL);
  const char *docs[] = { doc, NULL };
  FaxPortItem *item_a = item_at (window, 0);
  FaxPortItem *item_b = item_at (window, 1);
  FaxPortRow *row_a, *row_b;
  GtkWidget *call_row;
  guint32 a;

  a = configure_port (server, "virtual-line:A", FAX_PORT_FLAG_SEND, "+1 555 0100");
  configure_port (server, "virtual-line:B", FAX_PORT_FLAG_RECEIVE, "+1 555 0200");

  FAX_TEST_WAIT_UNTIL (count_widgets_of_type (list, g_type_from_name ("FaxPortRow")) == 2);
  row_a = find_row (list, item_a);
  row_b = find_row (list, item_b);
  g_assert_nonnull (row_a);
  g_assert_nonnull (row_b);
  g_signal_connect (fax_test_ui_get_widget (GTK_WIDGET (row_a), "state_label"), "notify::label",
                    G_CALLBACK (record_label_cb), seen_a);
  g_signal_connect (fax_test_ui_get_widget (GTK_WIDGET (row_b), "state_label"), "notify::label",
                    G_CALLBACK (record_label_cb), seen_b);

  /* Watch the receiving end */
  g_assert_true (gtk_selection_model_select_item (selection, 1, TRUE));
  drain_events ();
  call_row = gtk_widget_get_ancestor (fax_test_ui_get_widget (details (window), "value-call"), ADW_TYPE_ACTION_ROW);
  g_assert_false (gtk_widget_get_visible (call_row));

  fax_server_set_receiving (server, TRUE);
  fax_test_write_document (doc, 2, 98, 7);
  job = fax_server_submit_job (server, docs, "5550200", NULL, a, NULL, &error);
  g_assert_no_error (error);

  /* Mid-call: the receiving row says so, the details show the call */
  FAX_TEST_WAIT_UNTIL (g_str_has_prefix (label_text (GTK_WIDGET (row_b), "state_label"), "Receiving page") || job_done (job));
  g_assert_false (job_done (job));
  g_assert_true (gtk_widget_get_visible (call_row));
  g_test_message ("Call: %s", label_text (details (window), "value-call"));
  g_assert_nonnull (strstr (label_text (details (window), "value-call"), "page "));
  g_assert_true (gtk_widget_has_css_class (fax_test_ui_get_widget (GTK_WIDGET (row_b), "state_dot"), "accent"));
  fax_test_ui_save_screenshot_now (GTK_WIDGET (window), "live-call.png");

  FAX_TEST_WAIT_UNTIL (job_done (job) &&
              fax_port_info_get_state (fax_port_item_get_info (item_a)) == FAX_PORT_STATE_AVAILABLE &&
              fax_port_info_get_state (fax_port_item_get_info (item_b)) == FAX_PORT_STATE_AVAILABLE);
  g_test_message ("Job: %s", fax_job_get_result_text (job));
  g_assert_cmpint (fax_job_get_state (job), ==, FAX_JOB_STATE_COMPLETED);

  for (guint i = 0; i < seen_a->len; i++)
    g_test_message ("Virtual line A: %s", (char *)g_ptr_array_index (seen_a, i));
  for (guint i = 0; i < seen_b->len; i++)
    g_test_message ("Virtual line B: %s", (char *)g_ptr_array_index (seen_b, i));

  /* Each row went through the call, and is back to available */
  g_assert_true (saw_text (seen_a, "Dialing 5550200"));
  g_assert_true (saw_text (seen_a, "Sending page 1 of 2"));
  g_assert_true (saw_text (seen_a, "Sending page 2 of 2"));
  g_assert_true (saw_text (seen_b, "Ringing"));
  g_assert_true (saw_text (seen_b, "Receiving page 1"));
  g_assert_true (saw_text (seen_b, "Receiving page 2"));
  g_assert_cmpstr (label_text (GTK_WIDGET (row_a), "state_label"), ==, "Available");
  /* B still receives: it waits for the next call */
  g_assert_cmpstr (label_text (GTK_WIDGET (row_b), "state_label"), ==, "Waiting for calls");
  g_assert_false (gtk_widget_get_visible (call_row));

  fax_server_set_receiving (server, FALSE);
  g_signal_handlers_disconnect_by_data (fax_test_ui_get_widget (GTK_WIDGET (row_a), "state_label"), seen_a);
  g_signal_handlers_disconnect_by_data (fax_test_ui_get_widget (GTK_WIDGET (row_b), "state_label"), seen_b);
}

static void
test_edit_save (FaxApplication *app,
                FaxWindow      *window)
{
  g_autoptr(FaxPortInfo) saved = NULL;
  g_autoptr(GPtrArray) methods = NULL;
  g_autoptr(GError) error = NULL;
  FaxPortEditor *editor;
  FaxPortItem *item;
  GtkWidget *save_button;

  item = select_port (window, 0);

  editor = open_editor (app, window);
  g_assert_true (fax_port_editor_get_item (editor) == item);
  /* The editor works on the item's handle, upgraded */
  g_assert_cmpint (fax_port_get_access (fax_port_item_get_port (item)), ==,
                   FAX_PORT_OPEN_QUERY | FAX_PORT_OPEN_MODIFY);
  g_assert_cmpstr (label_text (details (window), "value-access"), ==, "Being edited in this window");

  /* It shows what the port holds */
  g_assert_cmpfloat (gtk_spin_button_get_value (GTK_SPIN_BUTTON (fax_test_ui_get_widget (GTK_WIDGET (editor), "rings_spin"))), ==, 2);
  g_assert_true (gtk_switch_get_active (GTK_SWITCH (fax_test_ui_get_widget (GTK_WIDGET (editor), "send_switch"))));
  g_assert_false (gtk_switch_get_active (GTK_SWITCH (fax_test_ui_get_widget (GTK_WIDGET (editor), "receive_switch"))));

  /* Answer after 5 rings, with a CSID, and mail received faxes */
  gtk_switch_set_active (GTK_SWITCH (fax_test_ui_get_widget (GTK_WIDGET (editor), "receive_switch")), TRUE);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (fax_test_ui_get_widget (GTK_WIDGET (editor), "rings_spin")), 5);
  set_text (GTK_WIDGET (editor), "csid_row", "+49 30 1234567");
  set_text (GTK_WIDGET (editor), "tsid_row", "Office fax");

  /* Turning e-mail on without an address is refused until there is one */
  adw_expander_row_set_enable_expansion (ADW_EXPANDER_ROW (fax_test_ui_get_widget (GTK_WIDGET (editor), "email_row")), TRUE);
  save_button = fax_test_ui_get_widget (GTK_WIDGET (editor), "save_button");
  g_assert_false (gtk_widget_get_sensitive (save_button));
  g_assert_nonnull (strstr (label_text (GTK_WIDGET (editor), "problem_label"), "e-mail address"));
  set_text (GTK_WIDGET (editor), "email_address_row", "faxes@example.com");
  g_assert_true (gtk_widget_get_sensitive (save_button));
  g_assert_false (gtk_revealer_get_reveal_child (GTK_REVEALER (fax_test_ui_get_widget (GTK_WIDGET (editor), "problem_revealer"))));

  /* The serial line: 57600 bit/s with XON/XOFF */
  g_assert_true (gtk_widget_get_visible (fax_test_ui_get_widget (GTK_WIDGET (editor), "device_group")));
  g_assert_cmpuint (adw_combo_row_get_selected (ADW_COMBO_ROW (fax_test_ui_get_widget (GTK_WIDGET (editor), "speed_row"))), ==, 0);
  g_assert_cmpuint (adw_combo_row_get_selected (ADW_COMBO_ROW (fax_test_ui_get_widget (GTK_WIDGET (editor), "flow_control_row"))), ==,
                    FAX_FLOW_CONTROL_HARDWARE);
  adw_combo_row_set_selected (ADW_COMBO_ROW (fax_test_ui_get_widget (GTK_WIDGET (editor), "speed_row")), 4);
  adw_combo_row_set_selected (ADW_COMBO_ROW (fax_test_ui_get_widget (GTK_WIDGET (editor), "flow_control_row")),
                              FAX_FLOW_CONTROL_SOFTWARE);

  fax_test_ui_save_screenshot_now (GTK_WIDGET (editor), "port-editor.png");

  /* Nothing is saved before Save */
  saved = info_from_new_server (0);
  g_assert_cmpuint (fax_port_info_get_rings (saved), ==, 2);
  g_clear_object (&saved);

  g_object_add_weak_pointer (G_OBJECT (editor), (gpointer *)&editor);
  gtk_widget_activate (save_button);
  FAX_TEST_WAIT_UNTIL (editor == NULL);

  /* Back to query access */
  g_assert_cmpint (fax_port_get_access (fax_port_item_get_port (item)), ==, FAX_PORT_OPEN_QUERY);

  /* Persisted: a new server sees it */
  saved = info_from_new_server (0);
  g_assert_cmpuint (fax_port_info_get_rings (saved), ==, 5);
  g_assert_cmpstr (fax_port_info_get_csid (saved), ==, "+49 30 1234567");
  g_assert_cmpstr (fax_port_info_get_tsid (saved), ==, "Office fax");
  g_assert_cmpint (fax_port_info_get_flags (saved) & (FAX_PORT_FLAG_RECEIVE | FAX_PORT_FLAG_SEND), ==,
                   FAX_PORT_FLAG_RECEIVE | FAX_PORT_FLAG_SEND);

  {
    g_autoptr(FaxDeviceOptions) options = fax_port_get_device_options (fax_port_item_get_port (item), &error);

    g_assert_no_error (error);
    g_assert_cmpuint (fax_device_options_get_speed (options), ==, 57600);
    g_assert_cmpint (fax_device_options_get_flow_control (options), ==, FAX_FLOW_CONTROL_SOFTWARE);
    g_assert_cmpstr (label_text (details (window), "value-serial"), ==, "57600 bit/s, XON/XOFF flow control");
  }

  methods = fax_port_enum_routing_methods (fax_port_item_get_port (item), &error);
  g_assert_no_error (error);
  for (guint i = 0; i < methods->len; i++)
    {
      FaxRoutingMethod *method = g_ptr_array_index (methods, i);

      if (g_str_equal (fax_routing_method_get_guid (method), FAX_ROUTING_GUID_EMAIL))
        {
          g_assert_true (fax_routing_method_get_enabled (method));
          g_assert_cmpstr (fax_routing_method_get_routing_info (method), ==, "faxes@example.com");
        }
      else
        g_assert_false (fax_routing_method_get_enabled (method));
    }

  /* The details follow the live port info */
  g_assert_cmpstr (label_text (details (window), "value-csid"), ==, "+49 30 1234567");
  g_assert_cmpstr (label_text (details (window), "value-receive"), ==, "Yes, answers after 5 rings");
  g_assert_cmpstr (label_text (details (window), "value-access"), ==, "Shown (query access)");
  g_assert_cmpstr (label_text (details (window), "routing-RouteEmail"), ==, "faxes@example.com");

  /* The second port is untouched */
  saved = info_from_new_server (1);
  g_assert_cmpuint (fax_port_info_get_rings (saved), ==, 2);
  g_assert_cmpstr (fax_port_info_get_csid (saved), ==, "");
}

static void
test_edit_cancel (FaxApplication *app,
                  FaxWindow      *window)
{
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  FaxPortEditor *editor;
  FaxPortItem *item;

  item = select_port (window, 1);
  before = fax_test_read_config ();

  editor = open_editor (app, window);

  /* Edit again: the same editor, not a second one on the same handle */
  gtk_widget_activate_action (GTK_WIDGET (ports_view (window)), "ports.edit", NULL);
  drain_events ();
  g_assert_cmpuint (count_windows_of_type (app, FAX_TYPE_PORT_EDITOR), ==, 1);

  gtk_spin_button_set_value (GTK_SPIN_BUTTON (fax_test_ui_get_widget (GTK_WIDGET (editor), "rings_spin")), 9);
  set_text (GTK_WIDGET (editor), "csid_row", "12345");
  close_editor (editor, "editor.cancel");

  after = fax_test_read_config ();
  g_assert_cmpstr (after, ==, before);
  g_assert_cmpint (fax_port_get_access (fax_port_item_get_port (item)), ==, FAX_PORT_OPEN_QUERY);

  /* Closing the editor window is Cancel too, and frees the port */
  editor = open_editor (app, window);
  g_object_add_weak_pointer (G_OBJECT (editor), (gpointer *)&editor);
  gtk_window_close (GTK_WINDOW (editor));
  FAX_TEST_WAIT_UNTIL (editor == NULL);
  g_assert_cmpint (fax_port_get_access (fax_port_item_get_port (item)), ==, FAX_PORT_OPEN_QUERY);
  g_clear_pointer (&after, g_free);
  after = fax_test_read_config ();
  g_assert_cmpstr (after, ==, before);
}

static void
test_conflict_other_window (FaxApplication *app,
                            FaxWindow      *window)
{
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *pid_text = g_strdup_printf ("PID %d", (int)getpid ());
  FaxWindow *second;
  FaxPortEditor *editor;
  FaxPortItem *first_item;
  FaxPortItem *second_item;
  GtkWidget *error_bar;
  const char *message;

  g_action_group_activate_action (G_ACTION_GROUP (app), "new-window", NULL);
  drain_events ();
  g_assert_cmpuint (count_windows_of_type (app, FAX_TYPE_WINDOW), ==, 2);
  second = FAX_WINDOW (gtk_application_get_active_window (GTK_APPLICATION (app)));
  g_assert_true (second != window);
  fax_test_ui_wait_for_paint (GTK_WIDGET (second));
  FAX_TEST_WAIT_UNTIL (all_handles_open (second));

  first_item = select_port (window, 0);
  second_item = select_port (second, 0);
  g_assert_true (first_item != second_item);

  before = fax_test_read_config ();
  editor = open_editor (app, window);

  /* The second window's edit is refused, and says why, in place */
  gtk_widget_activate_action (GTK_WIDGET (ports_view (second)), "ports.edit", NULL);
  drain_events ();
  g_assert_cmpuint (count_windows_of_type (app, FAX_TYPE_PORT_EDITOR), ==, 1);
  error_bar = fax_test_ui_get_widget (details (second), "error_bar");
  g_assert_true (gtk_info_bar_get_revealed (GTK_INFO_BAR (error_bar)));
  message = label_text (details (second), "error_label");
  g_test_message ("Refused: %s", message);
  g_assert_nonnull (strstr (message, "being edited in another window"));
  g_assert_nonnull (strstr (message, pid_text));
  g_assert_cmpstr (label_text (details (second), "error_title"), ==, "This port is already being edited");
  g_assert_cmpint (fax_port_get_access (fax_port_item_get_port (second_item)), ==, FAX_PORT_OPEN_QUERY);

  fax_test_ui_save_screenshot_now (GTK_WIDGET (second), "conflict.png");

  /* Nothing changed; the first edit goes on and is cancelled */
  after = fax_test_read_config ();
  g_assert_cmpstr (after, ==, before);
  close_editor (editor, "editor.cancel");
  g_assert_cmpint (fax_port_get_access (fax_port_item_get_port (first_item)), ==, FAX_PORT_OPEN_QUERY);

  /* Now "Try Again" in the second window works */
  gtk_info_bar_response (GTK_INFO_BAR (error_bar), GTK_RESPONSE_OK);
  drain_events ();
  g_assert_false (gtk_info_bar_get_revealed (GTK_INFO_BAR (error_bar)));
  editor = FAX_PORT_EDITOR (find_window_of_type (app, FAX_TYPE_PORT_EDITOR));
  g_assert_nonnull (editor);
  g_assert_true (fax_port_editor_get_item (editor) == second_item);
  close_editor (editor, "editor.cancel");

  g_clear_pointer (&after, g_free);
  after = fax_test_read_config ();
  g_assert_cmpstr (after, ==, before);
}

static void
test_conflict_other_process (FaxApplication *app,
                             FaxWindow      *window)
{
  g_autofree char *device = fax_test_device_path (0);
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *pid_text = NULL;
  FaxPortEditor *editor;
  FaxPortItem *item;
  const char *message;
  FaxTestHolder holder;
  int status;

  item = select_port (window, 0);
  holder = fax_test_spawn_port_holder (device);
  pid_text = g_strdup_printf ("PID %d", (int)holder.pid);
  before = fax_test_read_config ();

  gtk_widget_activate_action (GTK_WIDGET (ports_view (window)), "ports.edit", NULL);
  drain_events ();
  g_assert_cmpuint (count_windows_of_type (app, FAX_TYPE_PORT_EDITOR), ==, 0);
  g_assert_true (gtk_info_bar_get_revealed (GTK_INFO_BAR (fax_test_ui_get_widget (details (window), "error_bar"))));
  message = label_text (details (window), "error_label");
  g_test_message ("Refused: %s", message);
  g_assert_nonnull (strstr (message, "being edited in another window"));
  g_assert_nonnull (strstr (message, "fax-port-holder"));
  g_assert_nonnull (strstr (message, pid_text));
  g_assert_cmpint (fax_port_get_access (fax_port_item_get_port (item)), ==, FAX_PORT_OPEN_QUERY);
  after = fax_test_read_config ();
  g_assert_cmpstr (after, ==, before);

  /* The other program ends: the port can be edited */
  close (holder.stdin_fd);
  g_assert_cmpint (waitpid (holder.pid, &status, 0), ==, holder.pid);
  g_spawn_close_pid (holder.pid);

  editor = open_editor (app, window);
  g_assert_false (gtk_info_bar_get_revealed (GTK_INFO_BAR (fax_test_ui_get_widget (details (window), "error_bar"))));
  close_editor (editor, "editor.cancel");
}

static void
test_invalid_csid (FaxApplication *app,
                   FaxWindow      *window)
{
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  FaxPortEditor *editor;
  GtkWidget *save_button;
  GtkWidget *revealer;
  GtkWidget *csid_row;

  select_port (window, 0);
  before = fax_test_read_config ();
  editor = open_editor (app, window);
  save_button = fax_test_ui_get_widget (GTK_WIDGET (editor), "save_button");
  revealer = fax_test_ui_get_widget (GTK_WIDGET (editor), "problem_revealer");
  csid_row = fax_test_ui_get_widget (GTK_WIDGET (editor), "csid_row");

  g_assert_true (gtk_widget_get_sensitive (save_button));
  g_assert_false (gtk_revealer_get_reveal_child (GTK_REVEALER (revealer)));

  /* Not ASCII: Save goes off and the reason shows */
  set_text (GTK_WIDGET (editor), "csid_row", "Fax ☎ 1234");
  g_assert_false (gtk_widget_get_sensitive (save_button));
  g_assert_true (gtk_revealer_get_reveal_child (GTK_REVEALER (revealer)));
  g_assert_true (gtk_widget_has_css_class (csid_row, "error"));
  g_assert_nonnull (strstr (label_text (GTK_WIDGET (editor), "problem_label"), "Receiver ID (CSID)"));
  g_assert_nonnull (strstr (label_text (GTK_WIDGET (editor), "problem_label"), "printable ASCII"));
  g_assert_nonnull (strstr (label_text (GTK_WIDGET (editor), "problem_label"), "character 5"));
  fax_test_ui_save_screenshot_now (GTK_WIDGET (editor), "invalid-csid.png");

  /* Ctrl+S does not get around it */
  gtk_widget_activate_action (GTK_WIDGET (editor), "editor.save", NULL);
  drain_events ();
  g_assert_cmpuint (count_windows_of_type (app, FAX_TYPE_PORT_EDITOR), ==, 1);

  /* Too long */
  set_text (GTK_WIDGET (editor), "csid_row", "123456789012345678901");
  g_assert_false (gtk_widget_get_sensitive (save_button));
  g_assert_nonnull (strstr (label_text (GTK_WIDGET (editor), "problem_label"), "at most 20 characters"));

  /* The same rules for the TSID */
  set_text (GTK_WIDGET (editor), "csid_row", "+1 555 0100");
  set_text (GTK_WIDGET (editor), "tsid_row", "Büro");
  g_assert_false (gtk_widget_get_sensitive (save_button));
  g_assert_nonnull (strstr (label_text (GTK_WIDGET (editor), "problem_label"), "Sender ID (TSID)"));
  g_assert_false (gtk_widget_has_css_class (csid_row, "error"));

  /* Fixed: Save comes back */
  set_text (GTK_WIDGET (editor), "tsid_row", "Buero");
  g_assert_true (gtk_widget_get_sensitive (save_button));
  g_assert_false (gtk_revealer_get_reveal_child (GTK_REVEALER (revealer)));

  close_editor (editor, "editor.cancel");
  after = fax_test_read_config ();
  g_assert_cmpstr (after, ==, before);
}

static void
test_live_rows (FaxApplication *app,
                FaxWindow      *window)
{
  FaxServer *server = fax_application_get_server (app);
  g_autofree char *dev1 = fax_test_device_path (1);
  g_autofree char *dev2 = fax_test_device_path (2);
  g_autoptr(FaxPort) added_port = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *list = fax_test_ui_get_widget (GTK_WIDGET (window), "list_view");
  FaxPortEditor *editor;
  FaxPortItem *item;
  guint32 old_id;

  /* Hot-plug: a device added by path becomes a row with a query handle */
  g_file_set_contents (dev2, "", 0, &error);
  g_assert_no_error (error);
  g_assert_true (fax_server_add_device (server, dev2, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (items (window)), ==, 3);
  FAX_TEST_WAIT_UNTIL (all_handles_open (window));
  FAX_TEST_WAIT_UNTIL (count_widgets_of_type (list, g_type_from_name ("FaxPortRow")) == 3);
  /* The shown port's priority counts the newcomer */
  g_assert_cmpstr (label_text (details (window), "value-priority"), ==, "1 of 3");
  item = select_port (window, 2);
  added_port = g_object_ref (fax_port_item_get_port (item));
  g_assert_false (fax_port_is_closed (added_port));

  /* Being edited when it goes away: the editor says so and cannot save */
  editor = open_editor (app, window);
  g_assert_true (gtk_widget_get_sensitive (fax_test_ui_get_widget (GTK_WIDGET (editor), "save_button")));

  /* ... and goes away with its handle closed */
  g_assert_true (fax_server_remove_device (server, dev2, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (items (window)), ==, 2);
  g_assert_true (fax_port_is_closed (added_port));
  FAX_TEST_WAIT_UNTIL (count_widgets_of_type (list, g_type_from_name ("FaxPortRow")) == 2);
  g_assert_false (gtk_widget_get_sensitive (fax_test_ui_get_widget (GTK_WIDGET (editor), "save_button")));
  g_assert_nonnull (strstr (label_text (GTK_WIDGET (editor), "problem_label"), "disconnected or removed"));
  close_editor (editor, "editor.cancel");

  /* A device that vanishes shows as unavailable and cannot be edited */
  item = select_port (window, 1);
  old_id = fax_port_info_get_device_id (fax_port_item_get_info (item));
  g_assert_cmpint (g_unlink (dev1), ==, 0);

  /* Edit before the window has noticed: the upgrade finds the port gone
   * and says so in place */
  gtk_widget_activate_action (GTK_WIDGET (ports_view (window)), "ports.edit", NULL);
  drain_events ();
  g_assert_cmpuint (count_windows_of_type (app, FAX_TYPE_PORT_EDITOR), ==, 0);
  g_assert_true (gtk_info_bar_get_revealed (GTK_INFO_BAR (fax_test_ui_get_widget (details (window), "error_bar"))));
  g_test_message ("Refused: %s", label_text (details (window), "error_label"));
  g_assert_cmpstr (label_text (details (window), "error_title"), ==, "This port cannot be edited right now");
  g_assert_nonnull (strstr (label_text (details (window), "error_label"), "disconnected"));

  g_assert_true (fax_server_refresh (server, &error));
  g_assert_cmpint (fax_port_info_get_state (fax_port_item_get_info (item)), ==, FAX_PORT_STATE_UNAVAILABLE);
  g_assert_cmpstr (label_text (details (window), "value-state"), ==, "Unavailable");
  g_assert_nonnull (strstr (label_text (details (window), "value-status"), "does not exist"));
  g_assert_true (gtk_widget_get_visible (gtk_widget_get_ancestor (fax_test_ui_get_widget (details (window), "value-status"),
                                                                  ADW_TYPE_ACTION_ROW)));
  {
    /* The row says the same, in its words */
    FaxPortRow *row = find_row (list, item);

    g_assert_nonnull (row);
    g_assert_nonnull (strstr (label_text (GTK_WIDGET (row), "state_label"), "does not exist"));
    g_assert_true (gtk_widget_has_css_class (fax_test_ui_get_widget (GTK_WIDGET (row), "state_dot"), "error"));
  }
  g_assert_false (gtk_widget_get_sensitive (fax_test_ui_get_widget (details (window), "edit_button")));
  FAX_TEST_WAIT_UNTIL (fax_port_item_get_port (item) == NULL);
  fax_test_ui_save_screenshot_now (GTK_WIDGET (window), "unavailable.png");

  /* It returns with a new DeviceId, and the item opens a handle to it:
   * the application looks for missing devices by itself */
  g_file_set_contents (dev1, "", 0, &error);
  g_assert_no_error (error);
  FAX_TEST_WAIT_UNTIL (fax_port_info_get_state (fax_port_item_get_info (item)) != FAX_PORT_STATE_UNAVAILABLE);
  g_assert_cmpuint (fax_port_info_get_device_id (fax_port_item_get_info (item)), !=, old_id);
  FAX_TEST_WAIT_UNTIL (fax_port_item_get_port (item) != NULL);
  g_assert_cmpuint (fax_port_get_device_id (fax_port_item_get_port (item)), ==,
                    fax_port_info_get_device_id (fax_port_item_get_info (item)));
  g_assert_cmpstr (label_text (details (window), "value-state"), ==, "Available");
  g_assert_false (gtk_widget_get_visible (gtk_widget_get_ancestor (fax_test_ui_get_widget (details (window), "value-status"),
                                                                   ADW_TYPE_ACTION_ROW)));
  g_assert_true (gtk_widget_get_sensitive (fax_test_ui_get_widget (details (window), "edit_button")));
}

static void
test_empty_state (FaxApplication *app,
                  FaxWindow      *window)
{
  GtkWidget *view = GTK_WIDGET (ports_view (window));
  g_autofree char *path = g_build_filename (fax_test_get_root (), "devices", "ttyIAX0", NULL);
  g_autoptr(GError) error = NULL;
  AdwMessageDialog *dialog;
  GtkWidget *entry;

  g_assert_cmpuint (g_list_model_get_n_items (items (window)), ==, 0);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (GTK_STACK (fax_test_ui_get_widget (view, "stack"))), ==, "empty");
  g_assert_true (gtk_widget_get_mapped (fax_test_ui_get_widget (view, "use_virtual_line_button")));
  g_assert_true (gtk_widget_get_mapped (fax_test_ui_get_widget (view, "add_device_button")));
  g_assert_nonnull (strstr (adw_status_page_get_description (ADW_STATUS_PAGE (fax_test_ui_get_widget (view, "empty_page"))),
                            "USB and serial modems"));
  fax_test_ui_save_screenshot_now (GTK_WIDGET (window), "empty.png");

  /* "Add a device by path..." */
  click (fax_test_ui_get_widget (view, "add_device_button"));
  dialog = ADW_MESSAGE_DIALOG (find_window_of_type (app, ADW_TYPE_MESSAGE_DIALOG));
  g_assert_nonnull (dialog);
  entry = adw_message_dialog_get_extra_child (dialog);
  g_assert_false (adw_message_dialog_get_response_enabled (dialog, "add"));
  gtk_editable_set_text (GTK_EDITABLE (entry), "ttyIAX0");
  g_assert_false (adw_message_dialog_get_response_enabled (dialog, "add"));
  gtk_editable_set_text (GTK_EDITABLE (entry), path);
  g_assert_true (adw_message_dialog_get_response_enabled (dialog, "add"));
  fax_test_ui_save_screenshot_now (GTK_WIDGET (dialog), "add-device.png");

  g_file_set_contents (path, "", 0, &error);
  g_assert_no_error (error);
  adw_message_dialog_response (dialog, "add");
  drain_events ();

  g_assert_cmpuint (g_list_model_get_n_items (items (window)), ==, 1);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (GTK_STACK (fax_test_ui_get_widget (view, "stack"))), ==, "ports");
  FAX_TEST_WAIT_UNTIL (all_handles_open (window));
  g_assert_cmpstr (label_text (details (window), "value-path"), ==, path);

  /* Remembered for the next start, where faxctl sees it too */
  {
    g_autoptr(FaxServer) server = fax_server_connect (NULL, &error);
    g_auto(GStrv) extra = NULL;

    g_assert_no_error (error);
    extra = fax_server_dup_extra_devices (server);
    g_assert_cmpuint (g_strv_length (extra), ==, 1);
    g_assert_cmpstr (extra[0], ==, path);
  }
}

static void
test_app_actions (FaxApplication *app,
                  FaxWindow      *window)
{
  GSettings *settings = fax_application_get_settings (app);
  FaxPreferencesWindow *preferences;
  GtkWidget *virtual_switch;

  g_assert_false (fax_application_get_virtual_line (app));

  /* Preferences: the virtual line setting */
  g_action_group_activate_action (G_ACTION_GROUP (app), "preferences", NULL);
  drain_events ();
  preferences = FAX_PREFERENCES_WINDOW (find_window_of_type (app, FAX_TYPE_PREFERENCES_WINDOW));
  g_assert_nonnull (preferences);
  virtual_switch = fax_test_ui_get_widget (GTK_WIDGET (preferences), "virtual_line_switch");
  g_assert_false (gtk_switch_get_active (GTK_SWITCH (virtual_switch)));
  gtk_switch_set_active (GTK_SWITCH (virtual_switch), TRUE);
  g_assert_true (g_settings_get_boolean (settings, "virtual-line"));
  g_assert_true (fax_application_get_virtual_line (app));
  g_assert_null (fax_application_get_virtual_line_error (app));
  /* Its two ports join the list */
  g_assert_cmpuint (g_list_model_get_n_items (items (window)), ==, 4);
  g_assert_cmpuint (count_virtual_ports (window), ==, 2);

  /* The devices added by path, edited through the backend */
  {
    g_autofree char *path = fax_test_device_path (7);

    set_text (GTK_WIDGET (preferences), "add_device_row", path);
    g_signal_emit_by_name (fax_test_ui_get_widget (GTK_WIDGET (preferences), "add_device_row"), "apply");
    drain_events ();
    g_assert_cmpuint (g_list_model_get_n_items (items (window)), ==, 5);
  }
  fax_test_ui_save_screenshot_now (GTK_WIDGET (preferences), "preferences.png");
  gtk_window_destroy (GTK_WINDOW (preferences));

  g_settings_set_boolean (settings, "virtual-line", FALSE);
  g_assert_false (fax_application_get_virtual_line (app));
  g_assert_cmpuint (count_virtual_ports (window), ==, 0);

  /* --virtual-line: for this run only, the setting stays off */
  g_action_group_activate_action (G_ACTION_GROUP (app), "use-virtual-line", g_variant_new_boolean (FALSE));
  g_assert_true (fax_application_get_virtual_line (app));
  g_assert_false (g_settings_get_boolean (settings, "virtual-line"));

  /* The empty page's button: from now on */
  g_action_group_activate_action (G_ACTION_GROUP (app), "use-virtual-line", g_variant_new_boolean (TRUE));
  g_assert_true (g_settings_get_boolean (settings, "virtual-line"));
  g_settings_reset (settings, "virtual-line");

  /* About and the shortcuts */
  g_action_group_activate_action (G_ACTION_GROUP (app), "about", NULL);
  drain_events ();
  g_assert_nonnull (find_window_of_type (app, ADW_TYPE_ABOUT_WINDOW));
  g_action_group_activate_action (G_ACTION_GROUP (app), "shortcuts", NULL);
  drain_events ();
  g_assert_nonnull (find_window_of_type (app, GTK_TYPE_SHORTCUTS_WINDOW));
  fax_test_ui_save_screenshot_now (GTK_WIDGET (find_window_of_type (app, GTK_TYPE_SHORTCUTS_WINDOW)), "shortcuts.png");
  {
    /* Every shortcut shows its keys, and they are the ones that work */
    GtkWidget *shortcuts = GTK_WIDGET (find_window_of_type (app, GTK_TYPE_SHORTCUTS_WINDOW));
    g_autoptr(GPtrArray) shown = g_ptr_array_new_with_free_func (g_free);
    const char *actions[] = { "app.new-window", "app.preferences", "app.shortcuts", "app.quit", "window.close" };

    collect_accelerators (shortcuts, shown);
    g_assert_cmpuint (shown->len, >=, 9);
    for (guint i = 0; i < G_N_ELEMENTS (actions); i++)
      {
        g_auto(GStrv) accels = gtk_application_get_accels_for_action (GTK_APPLICATION (app), actions[i]);

        g_assert_nonnull (accels[0]);
        g_assert_true (g_ptr_array_find_with_equal_func (shown, accels[0], g_str_equal, NULL));
      }
  }

  /* The window size is remembered when the window closes */
  gtk_window_set_default_size (GTK_WINDOW (window), 900, 620);
  gtk_window_close (GTK_WINDOW (window));
  drain_events ();
  g_assert_cmpint (g_settings_get_int (settings, "window-width"), ==, 900);
  g_assert_cmpint (g_settings_get_int (settings, "window-height"), ==, 620);
  g_settings_reset (settings, "window-width");
  g_settings_reset (settings, "window-height");
  g_settings_reset (settings, "window-maximized");
}

/* A modem that answers, as a Class 1/2 modem does */
static const char *answering_script =
  "ATZ => OK\n"
  "ATE0Q0V1 => echo:off OK\n"
  "AT+FMI? => \"ACME Modems\" OK\n"
  "AT+FMM? => \"FaxStar 56\" OK\n"
  "AT+FMR? => \"V2.10\" OK\n"
  "AT+FCLASS=? => \"0,1,2\" OK\n"
  "AT+FTM=? => \"24,48,72,96\" OK\n"
  "AT+FRM=? => \"24,48,72,96\" OK\n"
  "* => OK\n";

static FaxTestFakeModem *identify_modems[2];

static FaxPortItem *
item_for_path (FaxWindow  *window,
               const char *path)
{
  guint i = index_for_path (window, path);

  return i == G_MAXUINT ? NULL : item_at (window, i);
}

static gboolean
port_in_state (FaxWindow    *window,
               const char   *path,
               FaxPortState  state)
{
  FaxPortItem *item = item_for_path (window, path);

  return item != NULL && fax_port_info_get_state (fax_port_item_get_info (item)) == state;
}

/* With "identify-modems" on (the default outside the tests), the window
 * asks each port who it is: a modem's row names its manufacturer and
 * model, a device that does not answer says it is not a modem */
static void
test_identify (FaxApplication *app,
               FaxWindow      *window)
{
  const char *modem = identify_modems[0]->link;
  const char *silent = identify_modems[1]->link;
  GtkWidget *list = fax_test_ui_get_widget (GTK_WIDGET (window), "list_view");
  FaxPortRow *row;

  FAX_TEST_WAIT_UNTIL (port_in_state (window, modem, FAX_PORT_STATE_AVAILABLE) &&
                       fax_port_info_get_fax_classes (fax_port_item_get_info (item_for_path (window, modem))) != NULL);
  FAX_TEST_WAIT_UNTIL (port_in_state (window, silent, FAX_PORT_STATE_OFFLINE));
  drain_events ();

  row = find_row (list, item_for_path (window, modem));
  g_assert_nonnull (row);
  g_assert_cmpstr (label_text (GTK_WIDGET (row), "hardware_label"), ==, "ACME Modems FaxStar 56");
  g_assert_cmpstr (label_text (GTK_WIDGET (row), "state_label"), ==, "Available");

  row = find_row (list, item_for_path (window, silent));
  g_assert_nonnull (row);
  g_test_message ("silent port: %s", label_text (GTK_WIDGET (row), "state_label"));
  g_assert_nonnull (strstr (label_text (GTK_WIDGET (row), "state_label"), "not responding"));

  fax_test_ui_save_screenshot_now (GTK_WIDGET (window), "ports-identified.png");
}

/* Each test gets fresh devices and settings before its application starts */
static void
run_with_devices (gconstpointer data)
{
  const char *path = g_test_get_path ();
  gboolean no_devices = g_str_has_suffix (path, "/empty") ||
                        g_str_has_suffix (path, "/virtual-line") ||
                        g_str_has_suffix (path, "/live-call");

  if (g_str_has_suffix (path, "/identify"))
    {
      g_autofree char *both = NULL;

      identify_modems[0] = fax_test_fake_modem_start (answering_script);
      identify_modems[1] = fax_test_fake_modem_start ("* => silent\n");
      both = g_strdup_printf ("%s:%s", identify_modems[0]->link, identify_modems[1]->link);
      fax_test_reset (0, both);
      /* Generous: the answers wait while the window is built, which in
       * the sanitizer build takes seconds; the silent device then takes
       * about this long to be found silent */
      g_setenv ("FAX_MANAGER_PROBE_TIMEOUT", "20000", TRUE);
      g_settings_set_boolean (fax_test_ui_settings (), "identify-modems", TRUE);
      run_ui_test (data);
      g_settings_set_boolean (fax_test_ui_settings (), "identify-modems", FALSE);
      g_unsetenv ("FAX_MANAGER_PROBE_TIMEOUT");
      g_clear_pointer (&identify_modems[0], fax_test_fake_modem_stop);
      g_clear_pointer (&identify_modems[1], fax_test_fake_modem_stop);
      return;
    }

  fax_test_reset (no_devices ? 0 : 2, NULL);
  run_ui_test (data);
}

int
main (int    argc,
      char **argv)
{
  /* The virtual line's clock, faster than real time: calls take seconds */
  g_setenv ("FAX_MANAGER_VIRTUAL_LINE_SPEED", "8", TRUE);
  fax_test_init (&argc, &argv);
  fax_test_ui_settings ();

  if (g_getenv ("DISPLAY") == NULL && g_getenv ("WAYLAND_DISPLAY") == NULL)
    {
      /* TAP: skip the whole program */
      g_print ("1..0 # SKIP these tests need a display: run them under xvfb-run\n");
      return 0;
    }
  /* A notification service, as on a desktop: calls end in notifications */
  fax_test_serve_notifications (NULL);

#define ADD(path, func) g_test_add_data_func (path, (gconstpointer)(func), run_with_devices)
  ADD ("/ui/ports/virtual-line", test_virtual_line);
  ADD ("/ui/ports/list-and-details", test_ports_and_details);
  ADD ("/ui/ports/live-rows", test_live_rows);
  ADD ("/ui/ports/live-call", test_live_call);
  ADD ("/ui/ports/empty", test_empty_state);
  ADD ("/ui/ports/identify", test_identify);
  ADD ("/ui/editor/save", test_edit_save);
  ADD ("/ui/editor/cancel", test_edit_cancel);
  ADD ("/ui/editor/conflict-other-window", test_conflict_other_window);
  ADD ("/ui/editor/conflict-other-process", test_conflict_other_process);
  ADD ("/ui/editor/invalid-csid", test_invalid_csid);
  ADD ("/ui/app/actions", test_app_actions);
#undef ADD

  return g_test_run ();
}
