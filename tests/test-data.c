/* test-data.c: the desktop integration files are what the desktop expects
 *
 * desktop-file-validate, appstreamcli and glib-compile-schemas check the
 * desktop file, the metainfo and the schema (see meson.build); this checks
 * what they do not: the D-Bus service matches the desktop file, the icons
 * load, and the screenshots the metainfo points at are in the tree.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <gdk-pixbuf/gdk-pixbuf.h>
#include <gio/gio.h>

static const char *
env (const char *name)
{
  const char *value = g_getenv (name);

  if (value == NULL)
    g_error ("%s is not set; run this test through meson", name);
  return value;
}

static void
test_dbus_service (void)
{
  g_autoptr(GKeyFile) service = g_key_file_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *name = NULL;
  g_autofree char *exec = NULL;
  g_autofree char *basename = NULL;
  g_auto(GStrv) argv = NULL;

  g_key_file_load_from_file (service, env ("FAX_SERVICE_FILE"), G_KEY_FILE_NONE, &error);
  g_assert_no_error (error);

  name = g_key_file_get_string (service, "D-BUS Service", "Name", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (name, ==, APP_ID);

  exec = g_key_file_get_string (service, "D-BUS Service", "Exec", &error);
  g_assert_no_error (error);
  g_shell_parse_argv (exec, NULL, &argv, &error);
  g_assert_no_error (error);
  g_assert_true (g_path_is_absolute (argv[0]));
  basename = g_path_get_basename (argv[0]);
  g_assert_cmpstr (basename, ==, "fax-manager");
  g_assert_true (g_strv_contains ((const char * const *)argv, "--gapplication-service"));

  /* The service file is named after the bus name */
  g_clear_pointer (&basename, g_free);
  basename = g_path_get_basename (env ("FAX_SERVICE_FILE"));
  g_assert_cmpstr (basename, ==, APP_ID ".service");
}

static void
test_desktop_file (void)
{
  g_autoptr(GKeyFile) desktop = g_key_file_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *basename = g_path_get_basename (env ("FAX_DESKTOP_FILE"));
  g_autofree char *icon = NULL;

  /* D-Bus activation finds the service by the desktop file's name */
  g_assert_cmpstr (basename, ==, APP_ID ".desktop");

  g_key_file_load_from_file (desktop, env ("FAX_DESKTOP_FILE"), G_KEY_FILE_NONE, &error);
  g_assert_no_error (error);
  g_assert_true (g_key_file_get_boolean (desktop, G_KEY_FILE_DESKTOP_GROUP, "DBusActivatable", &error));
  g_assert_no_error (error);
  icon = g_key_file_get_string (desktop, G_KEY_FILE_DESKTOP_GROUP, "Icon", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (icon, ==, APP_ID);
}

static void
check_icon (const char *relative,
            int         size)
{
  g_autofree char *path = g_build_filename (env ("FAX_SOURCE_DATA_DIR"), relative, NULL);
  g_autoptr(GdkPixbuf) pixbuf = NULL;
  g_autoptr(GError) error = NULL;
  int width = 0, height = 0;

  g_assert_nonnull (gdk_pixbuf_get_file_info (path, &width, &height));
  g_assert_cmpint (width, ==, size);
  g_assert_cmpint (height, ==, size);

  pixbuf = gdk_pixbuf_new_from_file_at_size (path, size * 2, size * 2, &error);
  g_assert_no_error (error);
  g_assert_cmpint (gdk_pixbuf_get_width (pixbuf), ==, size * 2);
}

static void
test_icons (void)
{
  check_icon ("icons/hicolor/scalable/apps/" APP_ID ".svg", 128);
  check_icon ("icons/hicolor/symbolic/apps/" APP_ID "-symbolic.svg", 16);
}

static void
test_screenshots (void)
{
  g_autofree char *metainfo = NULL;
  g_autoptr(GError) error = NULL;
  const char *p;
  guint n = 0;

  g_file_get_contents (env ("FAX_METAINFO_FILE"), &metainfo, NULL, &error);
  g_assert_no_error (error);

  for (p = strstr (metainfo, "<image>"); p != NULL; p = strstr (p, "<image>"))
    {
      const char *end = strstr (p, "</image>");
      g_autofree char *url = NULL;
      g_autofree char *name = NULL;
      g_autofree char *path = NULL;
      g_autoptr(GdkPixbuf) pixbuf = NULL;

      g_assert_nonnull (end);
      url = g_strndup (p + strlen ("<image>"), end - p - strlen ("<image>"));
      g_assert_true (g_str_has_prefix (url, "https://"));
      name = g_path_get_basename (url);
      path = g_build_filename (env ("FAX_SOURCE_DATA_DIR"), "screenshots", name, NULL);

      pixbuf = gdk_pixbuf_new_from_file (path, &error);
      g_assert_no_error (error);
      g_assert_cmpint (gdk_pixbuf_get_width (pixbuf), >=, 360);

      n++;
      p = end;
    }

  g_assert_cmpuint (n, >=, 1);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/data/dbus-service", test_dbus_service);
  g_test_add_func ("/data/desktop-file", test_desktop_file);
  g_test_add_func ("/data/icons", test_icons);
  g_test_add_func ("/data/screenshots", test_screenshots);

  return g_test_run ();
}
