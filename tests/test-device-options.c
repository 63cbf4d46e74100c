/* test-device-options.c: a port's serial line settings (speed, flow control)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <fax-backend.h>

#include "fax-test-util.h"

static FaxPort *
open_port (FaxServer        *server,
           guint             i,
           FaxPortOpenFlags  flags)
{
  g_autofree char *path = fax_test_device_path (i);
  g_autoptr(GError) error = NULL;
  guint32 id = fax_server_lookup_port (server, path, &error);
  FaxPort *port;

  g_assert_no_error (error);
  port = fax_server_open_port (server, id, flags, &error);
  g_assert_no_error (error);
  g_assert_nonnull (port);
  return port;
}

static FaxDeviceOptions *
options_from_new_server (guint device)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FaxServer) server = fax_server_connect (NULL, &error);
  g_autoptr(FaxPort) port = NULL;
  FaxDeviceOptions *options;

  g_assert_no_error (error);
  port = open_port (server, device, FAX_PORT_OPEN_QUERY);
  options = fax_port_get_device_options (port, &error);
  g_assert_no_error (error);
  fax_port_close (port);
  g_assert_finalize_object (g_steal_pointer (&port));
  g_assert_finalize_object (g_steal_pointer (&server));
  return options;
}

static void
test_defaults (void)
{
  g_autoptr(FaxDeviceOptions) options = NULL;

  fax_test_reset (1, NULL);
  options = options_from_new_server (0);
  g_assert_cmpuint (fax_device_options_get_speed (options), ==, 0);
  g_assert_cmpint (fax_device_options_get_flow_control (options), ==, FAX_FLOW_CONTROL_HARDWARE);
  g_assert_true (fax_device_options_validate (options, NULL));
}

static void
test_set_persists (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FaxServer) server = NULL;
  g_autoptr(FaxPort) port = NULL;
  g_autoptr(FaxDeviceOptions) options = NULL;
  g_autoptr(FaxDeviceOptions) saved = NULL;
  g_autoptr(FaxDeviceOptions) other = NULL;

  fax_test_reset (2, NULL);
  server = fax_server_connect (NULL, &error);
  g_assert_no_error (error);
  port = open_port (server, 0, FAX_PORT_OPEN_MODIFY);

  options = fax_port_get_device_options (port, &error);
  g_assert_no_error (error);
  fax_device_options_set_speed (options, 115200);
  fax_device_options_set_flow_control (options, FAX_FLOW_CONTROL_SOFTWARE);
  g_assert_true (fax_port_set_device_options (port, options, &error));
  g_assert_no_error (error);

  /* Another program sees it; the other port keeps its defaults */
  saved = options_from_new_server (0);
  g_assert_true (fax_device_options_equal (saved, options));
  g_assert_cmpuint (fax_device_options_get_speed (saved), ==, 115200);
  g_assert_cmpint (fax_device_options_get_flow_control (saved), ==, FAX_FLOW_CONTROL_SOFTWARE);
  other = options_from_new_server (1);
  g_assert_cmpuint (fax_device_options_get_speed (other), ==, 0);
  g_assert_cmpint (fax_device_options_get_flow_control (other), ==, FAX_FLOW_CONTROL_HARDWARE);

  /* Back to automatic */
  fax_device_options_set_speed (options, 0);
  fax_device_options_set_flow_control (options, FAX_FLOW_CONTROL_NONE);
  g_assert_true (fax_port_set_device_options (port, options, &error));
  g_assert_no_error (error);
  g_clear_object (&saved);
  saved = options_from_new_server (0);
  g_assert_cmpuint (fax_device_options_get_speed (saved), ==, 0);
  g_assert_cmpint (fax_device_options_get_flow_control (saved), ==, FAX_FLOW_CONTROL_NONE);

  fax_port_close (port);
  g_assert_finalize_object (g_steal_pointer (&port));
  g_assert_finalize_object (g_steal_pointer (&server));
}

static void
test_needs_modify (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FaxServer) server = NULL;
  g_autoptr(FaxPort) port = NULL;
  g_autoptr(FaxDeviceOptions) options = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;

  fax_test_reset (1, NULL);
  server = fax_server_connect (NULL, &error);
  g_assert_no_error (error);
  port = open_port (server, 0, FAX_PORT_OPEN_QUERY);
  before = fax_test_read_config ();

  options = fax_port_get_device_options (port, &error);
  g_assert_no_error (error);
  fax_device_options_set_speed (options, 38400);
  g_assert_false (fax_port_set_device_options (port, options, &error));
  g_assert_error (error, FAX_ERROR, FAX_ERROR_ACCESS_DENIED);
  g_assert_nonnull (strstr (error->message, "modify access"));

  after = fax_test_read_config ();
  g_assert_cmpstr (after, ==, before);

  fax_port_close (port);
  g_assert_finalize_object (g_steal_pointer (&port));
  g_assert_finalize_object (g_steal_pointer (&server));
}

static void
test_invalid (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FaxServer) server = NULL;
  g_autoptr(FaxPort) port = NULL;
  g_autoptr(FaxDeviceOptions) options = NULL;
  g_autoptr(FaxDeviceOptions) saved = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;

  fax_test_reset (1, NULL);
  server = fax_server_connect (NULL, &error);
  g_assert_no_error (error);
  port = open_port (server, 0, FAX_PORT_OPEN_MODIFY);
  before = fax_test_read_config ();

  /* Not a serial speed */
  options = fax_port_get_device_options (port, &error);
  g_assert_no_error (error);
  fax_device_options_set_speed (options, 14400);
  fax_device_options_set_flow_control (options, FAX_FLOW_CONTROL_NONE);
  g_assert_false (fax_port_set_device_options (port, options, &error));
  g_assert_error (error, FAX_ERROR, FAX_ERROR_INVALID_PARAMETER);
  g_assert_nonnull (strstr (error->message, "14400"));
  g_assert_nonnull (strstr (error->message, "19200"));
  g_clear_error (&error);

  /* Not a flow control */
  fax_device_options_set_speed (options, 19200);
  fax_device_options_set_flow_control (options, (FaxFlowControl)42);
  g_assert_false (fax_port_set_device_options (port, options, &error));
  g_assert_error (error, FAX_ERROR, FAX_ERROR_INVALID_PARAMETER);
  g_clear_error (&error);

  /* Nothing changed, not even the valid part */
  after = fax_test_read_config ();
  g_assert_cmpstr (after, ==, before);
  saved = fax_port_get_device_options (port, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (fax_device_options_get_speed (saved), ==, 0);
  g_assert_cmpint (fax_device_options_get_flow_control (saved), ==, FAX_FLOW_CONTROL_HARDWARE);

  fax_port_close (port);
  g_assert_finalize_object (g_steal_pointer (&port));
  g_assert_finalize_object (g_steal_pointer (&server));
}

static void
test_nicks (void)
{
  FaxFlowControl flow = FAX_FLOW_CONTROL_NONE;

  g_assert_cmpstr (fax_flow_control_to_nick (FAX_FLOW_CONTROL_HARDWARE), ==, "hardware");
  g_assert_cmpstr (fax_flow_control_to_nick (FAX_FLOW_CONTROL_SOFTWARE), ==, "software");
  g_assert_cmpstr (fax_flow_control_to_nick (FAX_FLOW_CONTROL_NONE), ==, "none");
  g_assert_null (fax_flow_control_to_nick ((FaxFlowControl)42));
  g_assert_true (fax_flow_control_from_nick ("software", &flow));
  g_assert_cmpint (flow, ==, FAX_FLOW_CONTROL_SOFTWARE);
  g_assert_false (fax_flow_control_from_nick ("rts", &flow));
  g_assert_false (fax_flow_control_from_nick (NULL, &flow));
  g_assert_cmpint (flow, ==, FAX_FLOW_CONTROL_SOFTWARE);
}

int
main (int    argc,
      char **argv)
{
  fax_test_init (&argc, &argv);

  g_test_add_func ("/device-options/defaults", test_defaults);
  g_test_add_func ("/device-options/set-persists", test_set_persists);
  g_test_add_func ("/device-options/needs-modify", test_needs_modify);
  g_test_add_func ("/device-options/invalid", test_invalid);
  g_test_add_func ("/device-options/nicks", test_nicks);

  return g_test_run ();
}
