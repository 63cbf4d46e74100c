/* faxctl-modem.c: identifying the modems behind the ports
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <glib/gi18n.h>

#include "faxctl.h"

static void
identify_done_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  GAsyncResult **out = user_data;
  *out = g_object_ref (result);
}

static void
add_member (JsonBuilder *builder,
            const char  *name,
            const char  *value)
{
  json_builder_set_member_name (builder, name);
  if (value != NULL)
    json_builder_add_string_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

static const char *
or_dash (const char *value)
{
  return value != NULL && value[0] != '\0' ? value : "-";
}

/* faxctl probe [PORT] [--json]: asks the modems who they are (all ports at
 * once) and prints what they said. Exit status 1 when a port probed is not
 * available afterwards (not a modem, in use by another program). */
int
faxctl_cmd_probe (FaxCtl  *ctl,
                  int      argc,
                  char   **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  gboolean json = FALSE;
  int exit_code = 0;
  guint32 device_id = 0;
  gboolean all_available = TRUE;
  GListModel *ports;
  GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print JSON"), NULL },
    { NULL }
  };

  if (!faxctl_parse_options (&argc, &argv, "[PORT] - identify the modems", entries, &exit_code))
    return exit_code;
  if (argc > 2)
    return faxctl_usage_error (_("usage: faxctl probe [PORT] [--json]"));

  if (argc == 2)
    {
      device_id = fax_server_lookup_port (ctl->server, argv[1], &error);
      if (device_id == 0)
        return faxctl_failed (error);
    }

  fax_server_identify_ports_async (ctl->server, device_id, NULL, identify_done_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  if (!fax_server_identify_ports_finish (ctl->server, result, &error))
    return faxctl_failed (error);

  ports = fax_server_get_ports (ctl->server);

  if (json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      json_builder_begin_array (builder);
      for (guint i = 0; i < g_list_model_get_n_items (ports); i++)
        {
          g_autoptr(FaxPortInfo) info = g_list_model_get_item (ports, i);

          if (device_id != 0 && fax_port_info_get_device_id (info) != device_id)
            continue;
          if (fax_port_info_get_state (info) != FAX_PORT_STATE_AVAILABLE)
            all_available = FALSE;
          json_builder_begin_object (builder);
          json_builder_set_member_name (builder, "device_id");
          json_builder_add_int_value (builder, fax_port_info_get_device_id (info));
          add_member (builder, "device_path", fax_port_info_get_device_path (info));
          add_member (builder, "state", fax_port_state_to_nick (fax_port_info_get_state (info)));
          add_member (builder, "status", fax_port_info_get_status_text (info));
          add_member (builder, "manufacturer", fax_port_info_get_manufacturer (info));
          add_member (builder, "model", fax_port_info_get_model (info));
          add_member (builder, "revision", fax_port_info_get_revision (info));
          add_member (builder, "fax_classes", fax_port_info_get_fax_classes (info));
          add_member (builder, "speeds", fax_port_info_get_speeds (info));
          add_member (builder, "warning", fax_port_info_get_warning (info));
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);
      faxctl_print_json (builder);
      return all_available ? EXIT_SUCCESS : EXIT_FAILURE;
    }

  for (guint i = 0; i < g_list_model_get_n_items (ports); i++)
    {
      g_autoptr(FaxPortInfo) info = g_list_model_get_item (ports, i);
      FaxPortState state = fax_port_info_get_state (info);

      if (device_id != 0 && fax_port_info_get_device_id (info) != device_id)
        continue;

      g_print ("%u %s (%s): %s\n", fax_port_info_get_device_id (info),
               fax_port_info_get_device_name (info), fax_port_info_get_device_path (info),
               fax_port_state_to_nick (state));
      if (state != FAX_PORT_STATE_AVAILABLE)
        {
          all_available = FALSE;
          g_print ("  %-16s %s\n", _("Status:"), or_dash (fax_port_info_get_status_text (info)));
        }
      if (fax_port_info_get_manufacturer (info) != NULL || fax_port_info_get_fax_classes (info) != NULL)
        {
          g_print ("  %-16s %s\n", _("Manufacturer:"), or_dash (fax_port_info_get_manufacturer (info)));
          g_print ("  %-16s %s\n", _("Model:"), or_dash (fax_port_info_get_model (info)));
          g_print ("  %-16s %s\n", _("Revision:"), or_dash (fax_port_info_get_revision (info)));
          g_print ("  %-16s %s\n", _("Fax classes:"), or_dash (fax_port_info_get_fax_classes (info)));
          g_print ("  %-16s %s\n", _("Speeds (bit/s):"), or_dash (fax_port_info_get_speeds (info)));
        }
      if (fax_port_info_get_warning (info) != NULL)
        g_print ("  %-16s %s\n", _("Warning:"), fax_port_info_get_warning (info));
    }

  return all_available ? EXIT_SUCCESS : EXIT_FAILURE;
}

/* faxctl line PORT [speed=auto|BAUD] [flow=hardware|software|none] [reset=ATZ|AT&F]:
 * shows or changes how the port's serial line is driven */
int
faxctl_cmd_line (FaxCtl  *ctl,
                 int      argc,
                 char   **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FaxPort) port = NULL;
  g_autoptr(FaxDeviceOptions) options = NULL;
  g_autofree char *reset = NULL;
  const char *new_speed = NULL;
  const char *new_flow = NULL;
  const char *new_reset = NULL;
  guint32 device_id;

  if (argc < 2)
    return faxctl_usage_error (_("usage: faxctl line PORT [speed=auto|BAUD] [flow=hardware|software|none] [reset=ATZ|AT&F]"));

  for (int i = 2; i < argc; i++)
    {
      const char *eq = strchr (argv[i], '=');
      g_autofree char *key = eq ? g_strndup (argv[i], eq - argv[i]) : NULL;

      if (key == NULL)
        return faxctl_usage_error (_("“%s” is not key=value"), argv[i]);
      if (g_str_equal (key, "speed"))
        new_speed = eq + 1;
      else if (g_str_equal (key, "flow"))
        new_flow = eq + 1;
      else if (g_str_equal (key, "reset"))
        new_reset = eq + 1;
      else
        return faxctl_usage_error (_("unknown setting “%s”; use speed, flow or reset"), key);
    }

  device_id = fax_server_lookup_port (ctl->server, argv[1], &error);
  if (device_id == 0)
    return faxctl_failed (error);

  /* Changing a port needs modify access, as port set does */
  port = fax_server_open_port (ctl->server, device_id,
                               argc > 2 ? FAX_PORT_OPEN_MODIFY : FAX_PORT_OPEN_QUERY, &error);
  if (port == NULL)
    return faxctl_failed (error);

  options = fax_port_get_device_options (port, &error);
  if (options == NULL)
    return faxctl_failed (error);

  if (new_speed != NULL)
    {
      guint64 speed = 0;

      if (!g_str_equal (new_speed, "auto") &&
          !g_ascii_string_to_unsigned (new_speed, 10, 1, G_MAXUINT, &speed, NULL))
        return faxctl_usage_error (_("speed must be auto or a number, not “%s”"), new_speed);
      fax_device_options_set_speed (options, (guint)speed);
    }
  if (new_flow != NULL)
    {
      FaxFlowControl flow;

      if (!fax_flow_control_from_nick (new_flow, &flow))
        return faxctl_usage_error (_("flow must be hardware, software or none, not “%s”"), new_flow);
      fax_device_options_set_flow_control (options, flow);
    }

  if ((new_speed != NULL || new_flow != NULL) &&
      !fax_port_set_device_options (port, options, &error))
    return faxctl_failed (error);
  if (new_reset != NULL &&
      !fax_server_set_port_reset_command (ctl->server, device_id, new_reset, &error))
    return faxctl_failed (error);

  reset = fax_server_dup_port_reset_command (ctl->server, device_id, &error);
  if (reset == NULL)
    return faxctl_failed (error);

  if (fax_device_options_get_speed (options) == 0)
    g_print ("speed=auto\n");
  else
    g_print ("speed=%u\n", fax_device_options_get_speed (options));
  g_print ("flow=%s\nreset=%s\n",
           fax_flow_control_to_nick (fax_device_options_get_flow_control (options)), reset);

  fax_port_close (port);
  return EXIT_SUCCESS;
}
