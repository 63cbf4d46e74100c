/* faxctl.c: the command-line face of the Fax Manager backend
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <locale.h>
#include <stdlib.h>

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>

#include "faxctl.h"

int
faxctl_usage_error (const char *fmt,
             ...)
{
  g_autofree char *msg = NULL;
  va_list args;

  va_start (args, fmt);
  msg = g_strdup_vprintf (fmt, args);
  va_end (args);

  g_printerr ("faxctl: %s\n", msg);
  g_printerr ("%s\n", _("Try “faxctl --help” for the list of commands."));
  return EXIT_USAGE;
}

int
faxctl_failed (GError *error)
{
  g_printerr ("faxctl: %s\n", error->message);
  return EXIT_FAILURE;
}

static char *
flags_to_string (FaxPortFlags flags)
{
  g_autoptr(GString) str = g_string_new (NULL);

  if (flags & FAX_PORT_FLAG_RECEIVE)
    g_string_append (str, "receive,");
  if (flags & FAX_PORT_FLAG_SEND)
    g_string_append (str, "send,");
  if (flags & FAX_PORT_FLAG_VIRTUAL)
    g_string_append (str, "virtual,");
  if (str->len > 0)
    g_string_truncate (str, str->len - 1);
  else
    g_string_append (str, "-");

  return g_string_free (g_steal_pointer (&str), FALSE);
}

static void
add_string_member (JsonBuilder *builder,
                   const char  *name,
                   const char  *value)
{
  json_builder_set_member_name (builder, name);
  if (value != NULL)
    json_builder_add_string_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

static void
build_port_json (JsonBuilder *builder,
                 FaxPortInfo *info)
{
  FaxPortFlags flags = fax_port_info_get_flags (info);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "device_id");
  json_builder_add_int_value (builder, fax_port_info_get_device_id (info));
  add_string_member (builder, "device_name", fax_port_info_get_device_name (info));
  add_string_member (builder, "state", fax_port_state_to_nick (fax_port_info_get_state (info)));
  json_builder_set_member_name (builder, "flags");
  json_builder_begin_array (builder);
  if (flags & FAX_PORT_FLAG_RECEIVE)
    json_builder_add_string_value (builder, "receive");
  if (flags & FAX_PORT_FLAG_SEND)
    json_builder_add_string_value (builder, "send");
  if (flags & FAX_PORT_FLAG_VIRTUAL)
    json_builder_add_string_value (builder, "virtual");
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "rings");
  json_builder_add_int_value (builder, fax_port_info_get_rings (info));
  json_builder_set_member_name (builder, "priority");
  json_builder_add_int_value (builder, fax_port_info_get_priority (info));
  add_string_member (builder, "tsid", fax_port_info_get_tsid (info));
  add_string_member (builder, "csid", fax_port_info_get_csid (info));
  add_string_member (builder, "device_path", fax_port_info_get_device_path (info));
  add_string_member (builder, "stable_id", fax_port_info_get_stable_id (info));
  add_string_member (builder, "manufacturer", fax_port_info_get_manufacturer (info));
  add_string_member (builder, "model", fax_port_info_get_model (info));
  add_string_member (builder, "revision", fax_port_info_get_revision (info));
  add_string_member (builder, "fax_classes", fax_port_info_get_fax_classes (info));
  add_string_member (builder, "speeds", fax_port_info_get_speeds (info));
  add_string_member (builder, "warning", fax_port_info_get_warning (info));
  add_string_member (builder, "status", fax_port_info_get_status_text (info));
  json_builder_end_object (builder);
}

void
faxctl_print_json (JsonBuilder *builder)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = json_builder_get_root (builder);
  g_autofree char *text = NULL;

  json_generator_set_pretty (generator, TRUE);
  json_generator_set_root (generator, root);
  text = json_generator_to_data (generator, NULL);
  g_print ("%s\n", text);
}

gboolean
faxctl_parse_options (int           *argc,
               char        ***argv,
               const char    *parameter_string,
               GOptionEntry  *entries,
               int           *exit_code)
{
  g_autoptr(GOptionContext) context = g_option_context_new (parameter_string);
  g_autoptr(GError) error = NULL;

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, argc, argv, &error))
    {
      *exit_code = faxctl_usage_error ("%s", error->message);
      return FALSE;
    }
  return TRUE;
}

static int
cmd_ports (FaxCtl  *ctl,
           int      argc,
           char   **argv)
{
  g_autoptr(GPtrArray) ports = NULL;
  g_autoptr(GError) error = NULL;
  gboolean json = FALSE;
  int exit_code = 0;
  GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print JSON"), NULL },
    { NULL }
  };

  if (!faxctl_parse_options (&argc, &argv, "- list fax ports", entries, &exit_code))
    return exit_code;
  if (argc > 1)
    return faxctl_usage_error (_("“ports” takes no arguments, got “%s”"), argv[1]);

  ports = fax_server_enum_ports (ctl->server, &error);
  if (ports == NULL)
    return faxctl_failed (error);

  if (json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      json_builder_begin_array (builder);
      for (guint i = 0; i < ports->len; i++)
        build_port_json (builder, g_ptr_array_index (ports, i));
      json_builder_end_array (builder);
      faxctl_print_json (builder);
      return EXIT_SUCCESS;
    }

  if (ports->len == 0)
    {
      g_print ("%s\n", _("No fax ports found. Plug in a fax modem, add a device path "
                         "(FAX_MANAGER_DEVICES=/dev/ttyIAX0), or use the virtual line."));
      return EXIT_SUCCESS;
    }

  g_print ("%-4s %-24s %-12s %-20s %-5s %-4s %s\n",
           "ID", "NAME", "STATE", "FLAGS", "RINGS", "PRIO", "DEVICE");
  for (guint i = 0; i < ports->len; i++)
    {
      FaxPortInfo *info = g_ptr_array_index (ports, i);
      g_autofree char *flags = flags_to_string (fax_port_info_get_flags (info));

      g_print ("%-4u %-24s %-12s %-20s %-5u %-4u %s\n",
               fax_port_info_get_device_id (info),
               fax_port_info_get_device_name (info),
               fax_port_state_to_nick (fax_port_info_get_state (info)),
               flags,
               fax_port_info_get_rings (info),
               fax_port_info_get_priority (info),
               fax_port_info_get_device_path (info));
    }

  return EXIT_SUCCESS;
}

static void
print_field (const char *label,
             const char *value)
{
  g_print ("%-20s %s\n", label, value != NULL && value[0] != '\0' ? value : "-");
}

static int
cmd_port_show (FaxCtl  *ctl,
               int      argc,
               char   **argv)
{
  g_autoptr(FaxPortInfo) info = NULL;
  g_autoptr(FaxPort) port = NULL;
  g_autoptr(GPtrArray) methods = NULL;
  g_autoptr(GError) error = NULL;
  gboolean json = FALSE;
  int exit_code = 0;
  guint32 device_id;
  GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print JSON"), NULL },
    { NULL }
  };

  if (!faxctl_parse_options (&argc, &argv, "PORT - show a fax port", entries, &exit_code))
    return exit_code;
  if (argc != 2)
    return faxctl_usage_error (_("usage: faxctl port show PORT [--json]"));

  device_id = fax_server_lookup_port (ctl->server, argv[1], &error);
  if (device_id == 0)
    return faxctl_failed (error);

  port = fax_server_open_port (ctl->server, device_id, FAX_PORT_OPEN_QUERY, &error);
  if (port == NULL)
    return faxctl_failed (error);

  info = fax_port_get_info (port, &error);
  if (info == NULL)
    return faxctl_failed (error);

  methods = fax_port_enum_routing_methods (port, &error);
  if (methods == NULL)
    return faxctl_failed (error);

  if (json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();
      g_autoptr(JsonNode) port_node = NULL;
      JsonObject *object;
      JsonArray *routing = json_array_new ();

      build_port_json (builder, info);
      port_node = json_builder_get_root (builder);
      object = json_node_get_object (port_node);
      for (guint i = 0; i < methods->len; i++)
        {
          FaxRoutingMethod *method = g_ptr_array_index (methods, i);
          JsonObject *m = json_object_new ();

          json_object_set_string_member (m, "guid", fax_routing_method_get_guid (method));
          json_object_set_string_member (m, "function_name", fax_routing_method_get_function_name (method));
          json_object_set_string_member (m, "friendly_name", fax_routing_method_get_friendly_name (method));
          json_object_set_boolean_member (m, "enabled", fax_routing_method_get_enabled (method));
          if (fax_routing_method_get_routing_info (method))
            json_object_set_string_member (m, "routing_info", fax_routing_method_get_routing_info (method));
          else
            json_object_set_null_member (m, "routing_info");
          json_array_add_object_element (routing, m);
        }
      json_object_set_array_member (object, "routing_methods", routing);

      {
        g_autoptr(JsonGenerator) generator = json_generator_new ();
        g_autofree char *text = NULL;

        json_generator_set_pretty (generator, TRUE);
        json_generator_set_root (generator, port_node);
        text = json_generator_to_data (generator, NULL);
        g_print ("%s\n", text);
      }
      return EXIT_SUCCESS;
    }

  {
    g_autofree char *id = g_strdup_printf ("%u", fax_port_info_get_device_id (info));
    g_autofree char *flags = flags_to_string (fax_port_info_get_flags (info));
    g_autofree char *rings = g_strdup_printf ("%u", fax_port_info_get_rings (info));
    g_autofree char *priority = g_strdup_printf ("%u", fax_port_info_get_priority (info));

    print_field (_("Device id"), id);
    print_field (_("Name"), fax_port_info_get_device_name (info));
    print_field (_("Device"), fax_port_info_get_device_path (info));
    print_field (_("State"), fax_port_state_to_string (fax_port_info_get_state (info)));
    print_field (_("Status"), fax_port_info_get_status_text (info));
    print_field (_("Flags"), flags);
    print_field (_("Rings"), rings);
    print_field (_("Priority"), priority);
    print_field (_("TSID"), fax_port_info_get_tsid (info));
    print_field (_("CSID"), fax_port_info_get_csid (info));
    print_field (_("Manufacturer"), fax_port_info_get_manufacturer (info));
    print_field (_("Model"), fax_port_info_get_model (info));
    print_field (_("Revision"), fax_port_info_get_revision (info));
    print_field (_("Fax classes"), fax_port_info_get_fax_classes (info));
    print_field (_("Speeds (bit/s)"), fax_port_info_get_speeds (info));
    print_field (_("Warning"), fax_port_info_get_warning (info));

    for (guint i = 0; i < methods->len; i++)
      {
        FaxRoutingMethod *method = g_ptr_array_index (methods, i);
        g_autofree char *value = g_strdup_printf ("%s%s%s",
                                                  fax_routing_method_get_enabled (method) ? _("on") : _("off"),
                                                  fax_routing_method_get_routing_info (method) ? ", " : "",
                                                  fax_routing_method_get_routing_info (method) ? fax_routing_method_get_routing_info (method) : "");
        g_autofree char *label = g_strdup_printf ("%s:", fax_routing_method_get_friendly_name (method));
        print_field (label, value);
      }
  }

  return EXIT_SUCCESS;
}

static gboolean
parse_bool (const char *value,
            gboolean   *out)
{
  if (g_ascii_strcasecmp (value, "on") == 0 || g_ascii_strcasecmp (value, "yes") == 0 ||
      g_ascii_strcasecmp (value, "true") == 0 || g_strcmp0 (value, "1") == 0)
    *out = TRUE;
  else if (g_ascii_strcasecmp (value, "off") == 0 || g_ascii_strcasecmp (value, "no") == 0 ||
           g_ascii_strcasecmp (value, "false") == 0 || g_strcmp0 (value, "0") == 0)
    *out = FALSE;
  else
    return FALSE;
  return TRUE;
}

static int
cmd_port_set (FaxCtl  *ctl,
              int      argc,
              char   **argv)
{
  g_autoptr(FaxPortInfo) info = NULL;
  g_autoptr(FaxPort) port = NULL;
  g_autoptr(GError) error = NULL;
  guint32 device_id;

  if (argc < 3)
    return faxctl_usage_error (_("usage: faxctl port set PORT key=value... (keys: rings, priority, tsid, csid, receive, send)"));

  /* Check every argument before touching the port */
  for (int i = 2; i < argc; i++)
    {
      const char *eq = strchr (argv[i], '=');
      g_autofree char *key = eq ? g_strndup (argv[i], eq - argv[i]) : NULL;
      const char *value = eq ? eq + 1 : NULL;
      guint64 number;
      gboolean b;

      if (key == NULL)
        return faxctl_usage_error (_("“%s” is not key=value"), argv[i]);
      if (g_str_equal (key, "rings") || g_str_equal (key, "priority"))
        {
          if (!g_ascii_string_to_unsigned (value, 10, 0, G_MAXUINT, &number, NULL))
            return faxctl_usage_error (_("%s must be a number, not “%s”"), key, value);
        }
      else if (g_str_equal (key, "receive") || g_str_equal (key, "send"))
        {
          if (!parse_bool (value, &b))
            return faxctl_usage_error (_("%s must be on or off, not “%s”"), key, value);
        }
      else if (!g_str_equal (key, "tsid") && !g_str_equal (key, "csid"))
        return faxctl_usage_error (_("unknown setting “%s”; use rings, priority, tsid, csid, receive or send"), key);
    }

  device_id = fax_server_lookup_port (ctl->server, argv[1], &error);
  if (device_id == 0)
    return faxctl_failed (error);

  port = fax_server_open_port (ctl->server, device_id, FAX_PORT_OPEN_MODIFY, &error);
  if (port == NULL)
    return faxctl_failed (error);

  info = fax_port_get_info (port, &error);
  if (info == NULL)
    return faxctl_failed (error);

  for (int i = 2; i < argc; i++)
    {
      const char *eq = strchr (argv[i], '=');
      g_autofree char *key = g_strndup (argv[i], eq - argv[i]);
      const char *value = eq + 1;
      gboolean b = FALSE;

      if (g_str_equal (key, "rings"))
        fax_port_info_set_rings (info, (guint)g_ascii_strtoull (value, NULL, 10));
      else if (g_str_equal (key, "priority"))
        fax_port_info_set_priority (info, (guint)g_ascii_strtoull (value, NULL, 10));
      else if (g_str_equal (key, "tsid"))
        fax_port_info_set_tsid (info, value);
      else if (g_str_equal (key, "csid"))
        fax_port_info_set_csid (info, value);
      else if (g_str_equal (key, "receive") || g_str_equal (key, "send"))
        {
          FaxPortFlags flag = g_str_equal (key, "receive") ? FAX_PORT_FLAG_RECEIVE : FAX_PORT_FLAG_SEND;
          FaxPortFlags flags = fax_port_info_get_flags (info);

          parse_bool (value, &b);
          fax_port_info_set_flags (info, b ? (flags | flag) : (flags & ~flag));
        }
    }

  if (!fax_port_set_info (port, info, &error))
    return faxctl_failed (error);

  fax_port_close (port);
  return EXIT_SUCCESS;
}

static int
cmd_port (FaxCtl  *ctl,
          int      argc,
          char   **argv)
{
  if (argc < 2)
    return faxctl_usage_error (_("usage: faxctl port show|set PORT ..."));

  if (g_str_equal (argv[1], "show"))
    return cmd_port_show (ctl, argc - 1, argv + 1);
  if (g_str_equal (argv[1], "set"))
    return cmd_port_set (ctl, argc - 1, argv + 1);

  return faxctl_usage_error (_("unknown port command “%s”; use show or set"), argv[1]);
}

static const FaxCtlCommand commands[] = {
  { "ports", "ports [--json]", N_("List the fax ports"), cmd_ports },
  { "port", "port show PORT [--json]", N_("Show a port (PORT: device id or path)"), cmd_port },
  { NULL, "port set PORT key=value...", N_("Change rings, priority, tsid, csid, receive, send"), NULL },
  { "send", "send [--port PORT] --to NUMBER FILE.tif... [--wait]", N_("Queue a fax (TIFF-F pages); --wait sends it now"), faxctl_cmd_send },
  { "jobs", "jobs [--all] [--json]", N_("List fax jobs"), faxctl_cmd_jobs },
  { "job", "job show|log|abort|pause|resume|retry|delete ID", N_("Show or control one job"), faxctl_cmd_job },
  { "receive", "receive --port PORT [--once]", N_("Answer calls on a port and store the faxes"), faxctl_cmd_receive },
  { "watch", "watch", N_("Run the queue and receiving ports; print events as JSON lines"), faxctl_cmd_watch },
  { "inbox", "inbox [--json]", N_("List received faxes"), faxctl_cmd_inbox },
  { "convert", "convert [--fine|--standard|--superfine] [--paper a4|letter] [--cover ...] FILE... -o OUT.tif", N_("Convert PDFs, images, TIFFs and text to a fax"), faxctl_cmd_convert },
  { "render", "render IN.tif [--page N] [--scale S] -o OUT.png", N_("Render a page of a fax"), faxctl_cmd_render },
  { "export", "export IN.tif (-o OUT.pdf | --png PATTERN)", N_("Export a fax to PDF or PNG pages"), faxctl_cmd_export },
  { "inspect", "inspect IN.tif [--json]", N_("Show the pages, tags and damage of a fax file"), faxctl_cmd_inspect },
  { "probe", "probe [PORT] [--json]", N_("Identify the modems (all ports at once, or PORT)"), faxctl_cmd_probe },
  { "line", "line PORT [speed=auto|BAUD] [flow=hardware|software|none] [reset=ATZ|AT&F]", N_("Show or change a port's serial line"), faxctl_cmd_line },
};

static void
print_help (void)
{
  g_print ("%s\n\n", _("Usage: faxctl [OPTION...] COMMAND [ARG...]"));
  g_print ("%s\n", _("Commands:"));
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    g_print ("  %-36s %s\n", commands[i].synopsis, _(commands[i].summary));
  g_print ("\n%s\n", _("Options:"));
  g_print ("  %-36s %s\n", "-h, --help", _("Show this help"));
  g_print ("  %-36s %s\n", "--version", _("Show the version"));
  g_print ("  %-36s %s\n", "--virtual-line", _("Add the virtual fax line (two ports, for this command only)"));
  g_print ("  %-36s %s\n", "--server hylafax://[USER@]HOST[:PORT]", _("Use a HylaFAX server (password: $FAX_MANAGER_PASSWORD or a prompt)"));
  g_print ("\n%s\n", _("Exit status: 0 on success, 1 when the operation failed, 2 for usage errors."));
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  const FaxCtlCommand *command = NULL;
  FaxCtl ctl = { 0 };
  gboolean virtual_line = FALSE;
  const char *server_address = NULL;
  int first = 1;
  int ret;

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
  g_set_prgname ("faxctl");

  /* Global options come before the command */
  for (; first < argc && argv[first][0] == '-'; first++)
    {
      if (g_str_equal (argv[first], "-h") || g_str_equal (argv[first], "--help"))
        {
          print_help ();
          return EXIT_SUCCESS;
        }
      else if (g_str_equal (argv[first], "--version"))
        {
          g_print ("faxctl %s\n", PACKAGE_VERSION);
          return EXIT_SUCCESS;
        }
      else if (g_str_equal (argv[first], "--virtual-line"))
        virtual_line = TRUE;
      else if (g_str_equal (argv[first], "--server") && first + 1 < argc)
        server_address = argv[++first];
      else if (g_str_has_prefix (argv[first], "--server="))
        server_address = argv[first] + strlen ("--server=");
      else
        return faxctl_usage_error (_("unknown option “%s”"), argv[first]);
    }

  if (first >= argc)
    return faxctl_usage_error (_("no command given"));

  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    if (commands[i].name != NULL && g_str_equal (commands[i].name, argv[first]))
      command = &commands[i];

  if (command == NULL)
    return faxctl_usage_error (_("unknown command “%s”"), argv[first]);

  ctl.server = faxctl_connect (server_address, &error);
  if (ctl.server == NULL)
    return faxctl_failed (error);

  if (virtual_line && !fax_server_set_virtual_line_enabled (ctl.server, TRUE, &error))
    {
      g_clear_object (&ctl.server);
      return faxctl_failed (error);
    }

  /* Only the commands that are meant to send take jobs from the queue */
  if (!g_str_equal (command->name, "send") && !g_str_equal (command->name, "watch"))
    fax_server_set_sending (ctl.server, FALSE);

  ret = command->run (&ctl, argc - first, argv + first);

  g_clear_object (&ctl.server);
  return ret;
}
