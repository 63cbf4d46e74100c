/* fax-test-notifications.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "fax-test-notifications.h"

static void
method_cb (GDBusConnection       *connection,
           const char            *sender,
           const char            *object_path,
           const char            *interface_name,
           const char            *method_name,
           GVariant              *parameters,
           GDBusMethodInvocation *invocation,
           gpointer               user_data)
{
  GPtrArray *seen = user_data;


  if (g_str_equal (method_name, "AddNotification") && seen != NULL)
    {
      const char *app_id, *id;
      g_autoptr(GVariant) data = NULL;
      const char *title = "", *body = "";

      g_variant_get (parameters, "(&s&s@a{sv})", &app_id, &id, &data);
      g_variant_lookup (data, "title", "&s", &title);
      g_variant_lookup (data, "body", "&s", &body);
      g_ptr_array_add (seen, g_strdup_printf ("%s|%s|%s", id, title, body));
    }
  g_dbus_method_invocation_return_value (invocation, NULL);
}

void
fax_test_serve_notifications (GPtrArray *seen)
{
  /* Kept for the life of the test program: the name goes with it */
  static GDBusConnection *connection;
  static const char xml[] =
    "<node><interface name='org.gtk.Notifications'>"
    "<method name='AddNotification'><arg type='s' direction='in'/><arg type='s' direction='in'/>"
    "<arg type='a{sv}' direction='in'/></method>"
    "<method name='RemoveNotification'><arg type='s' direction='in'/><arg type='s' direction='in'/></method>"
    "</interface></node>";
  static const GDBusInterfaceVTable vtable = { method_cb, NULL, NULL, { 0 } };
  g_autoptr(GDBusNodeInfo) info = g_dbus_node_info_new_for_xml (xml, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) reply = NULL;

  g_assert_null (connection);
  connection = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, NULL);
  if (connection == NULL)
    return;   /* no session bus: the tests that need one say so */
  g_dbus_connection_register_object (connection, "/org/gtk/Notifications", info->interfaces[0],
                                     &vtable, seen, NULL, &error);
  g_assert_no_error (error);
  /* DBUS_NAME_FLAG_DO_NOT_QUEUE */
  reply = g_dbus_connection_call_sync (connection, "org.freedesktop.DBus", "/org/freedesktop/DBus",
                                       "org.freedesktop.DBus", "RequestName",
                                       g_variant_new ("(su)", "org.gtk.Notifications", 4),
                                       G_VARIANT_TYPE ("(u)"), G_DBUS_CALL_FLAGS_NONE, -1, NULL, &error);
  g_assert_no_error (error);
  /* DBUS_REQUEST_NAME_REPLY_PRIMARY_OWNER: each test program has a session
   * bus of its own (tests/meson.build runs it under dbus-run-session) */
  {
    guint32 result;
    g_variant_get (reply, "(u)", &result);
    g_assert_cmpuint (result, ==, 1);
  }
}
