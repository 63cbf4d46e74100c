/* faxctl-fax.c: sending, jobs, receiving, events and the inbox
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdlib.h>

#include <glib/gi18n.h>
#include <glib-unix.h>

#include "faxctl.h"

static gboolean
job_finished (FaxJob *job)
{
  FaxJobState state = fax_job_get_state (job);
  return state == FAX_JOB_STATE_COMPLETED || state == FAX_JOB_STATE_FAILED ||
         state == FAX_JOB_STATE_CANCELLED;
}

static char *
format_time (gint64 t)
{
  g_autoptr(GDateTime) dt = NULL;

  if (t <= 0)
    return g_strdup ("-");
  dt = g_date_time_new_from_unix_local (t);
  return g_date_time_format (dt, "%Y-%m-%d %H:%M:%S");
}

static void
add_str (JsonBuilder *b,
         const char  *name,
         const char  *value)
{
  json_builder_set_member_name (b, name);
  if (value)
    json_builder_add_string_value (b, value);
  else
    json_builder_add_null_value (b);
}

static void
add_int (JsonBuilder *b,
         const char  *name,
         gint64       value)
{
  json_builder_set_member_name (b, name);
  json_builder_add_int_value (b, value);
}

static void
build_job (JsonBuilder *b,
           FaxJob      *job)
{
  json_builder_begin_object (b);
  add_int (b, "id", fax_job_get_id (job));
  add_str (b, "state", fax_job_state_to_nick (fax_job_get_state (job)));
  add_str (b, "number", fax_job_get_recipient_number (job));
  add_str (b, "name", fax_job_get_recipient_name (job));
  add_str (b, "port", fax_job_get_port_name (job));
  add_int (b, "pages", fax_job_get_total_pages (job));
  add_int (b, "pages_sent", fax_job_get_pages_sent (job));
  add_int (b, "attempts", fax_job_get_attempts (job));
  add_int (b, "max_attempts", fax_job_get_max_attempts (job));
  add_int (b, "next_try", fax_job_get_next_try (job));
  add_int (b, "submitted", fax_job_get_submitted (job));
  add_int (b, "finished", fax_job_get_finished (job));
  add_str (b, "result", fax_job_get_result_text (job));
  add_str (b, "remote_csid", fax_job_get_remote_csid (job));
  add_int (b, "bit_rate", fax_job_get_bit_rate (job));
  add_str (b, "compression", fax_job_get_compression (job));
  json_builder_set_member_name (b, "ecm");
  json_builder_add_boolean_value (b, fax_job_get_ecm_used (job));
  json_builder_set_member_name (b, "duration");
  json_builder_add_double_value (b, fax_job_get_duration (job));
  add_str (b, "document", fax_job_get_document (job));
  add_str (b, "log", fax_job_get_log_path (job));
  json_builder_end_object (b);
}

static void
build_event (JsonBuilder *b,
             FaxEvent    *event)
{
  json_builder_begin_object (b);
  add_str (b, "event", fax_event_type_to_nick (fax_event_get_event_type (event)));
  add_int (b, "time", fax_event_get_timestamp (event));
  add_int (b, "device_id", fax_event_get_device_id (event));
  add_int (b, "job_id", fax_event_get_job_id (event));
  add_str (b, "message", fax_event_get_message (event));
  json_builder_end_object (b);
}

static void
print_event_line (FaxEvent *event)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonGenerator) gen = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *text = NULL;

  build_event (b, event);
  root = json_builder_get_root (b);
  json_generator_set_root (gen, root);
  text = json_generator_to_data (gen, NULL);
  g_print ("%s\n", text);
}

typedef struct
{
  GMainLoop *loop;
  guint32    job_id;
  guint32    device_id;
  gboolean   once;
  gboolean   quiet;
  int        status;
  gboolean   done;
} Waiter;

static gboolean
on_signal (gpointer user_data)
{
  Waiter *w = user_data;

  w->status = 130;
  g_main_loop_quit (w->loop);
  return G_SOURCE_CONTINUE;
}

static void
event_cb (FaxServer *server,
          FaxEvent  *event,
          Waiter    *w)
{
  FaxEventType type = fax_event_get_event_type (event);

  if (!w->quiet)
    print_event_line (event);

  if (w->job_id != 0 && fax_event_get_job_id (event) == w->job_id)
    {
      g_autoptr(FaxJob) job = fax_server_get_job (server, w->job_id, NULL);

      if (job != NULL && job_finished (job))
        {
          w->status = fax_job_get_state (job) == FAX_JOB_STATE_COMPLETED ? EXIT_SUCCESS : EXIT_FAILURE;
          w->done = TRUE;
          g_main_loop_quit (w->loop);
        }
    }

  if (w->once && fax_event_get_device_id (event) == w->device_id &&
      fax_event_get_job_id (event) == 0 &&
      (type == FAX_EVENT_COMPLETED || type == FAX_EVENT_NOT_FAX_CALL ||
       type == FAX_EVENT_FATAL_ERROR || type == FAX_EVENT_DISCONNECTED))
    {
      w->status = type == FAX_EVENT_COMPLETED ? EXIT_SUCCESS : EXIT_FAILURE;
      w->done = TRUE;
      g_main_loop_quit (w->loop);
    }
}

static void
run_until (FaxServer *server,
           Waiter    *w)
{
  gulong id = g_signal_connect (server, "event", G_CALLBACK (event_cb), w);
  guint sigint = g_unix_signal_add (SIGINT, on_signal, w);
  guint sigterm = g_unix_signal_add (SIGTERM, on_signal, w);

  g_main_loop_run (w->loop);

  g_source_remove (sigint);
  g_source_remove (sigterm);
  g_signal_handler_disconnect (server, id);
}

static void
print_job (FaxJob *job)
{
  g_autofree char *submitted = format_time (fax_job_get_submitted (job));
  g_autofree char *finished = format_time (fax_job_get_finished (job));
  g_autofree char *next = format_time (fax_job_get_next_try (job));

  g_print ("%-14s %u\n", _("Job"), fax_job_get_id (job));
  g_print ("%-14s %s\n", _("State"), fax_job_state_to_string (fax_job_get_state (job)));
  g_print ("%-14s %s\n", _("To"), fax_job_get_recipient_number (job));
  if (fax_job_get_recipient_name (job))
    g_print ("%-14s %s\n", _("Name"), fax_job_get_recipient_name (job));
  g_print ("%-14s %s\n", _("Port"), fax_job_get_port_name (job) ? fax_job_get_port_name (job) : _("any"));
  g_print ("%-14s %u/%u\n", _("Pages sent"), fax_job_get_pages_sent (job), fax_job_get_total_pages (job));
  g_print ("%-14s %u/%u\n", _("Attempts"), fax_job_get_attempts (job), fax_job_get_max_attempts (job));
  g_print ("%-14s %s\n", _("Submitted"), submitted);
  if (fax_job_get_state (job) == FAX_JOB_STATE_RETRYING)
    g_print ("%-14s %s\n", _("Next try"), next);
  if (job_finished (job))
    g_print ("%-14s %s\n", _("Finished"), finished);
  if (fax_job_get_result_text (job))
    g_print ("%-14s %s\n", _("Result"), fax_job_get_result_text (job));
  if (fax_job_get_remote_csid (job))
    g_print ("%-14s %s\n", _("Remote CSID"), fax_job_get_remote_csid (job));
  if (fax_job_get_bit_rate (job))
    g_print ("%-14s %u bit/s, %s, ECM %s, %.1f s\n", _("Transfer"), fax_job_get_bit_rate (job),
             fax_job_get_compression (job) ? fax_job_get_compression (job) : "-",
             fax_job_get_ecm_used (job) ? _("on") : _("off"), fax_job_get_duration (job));
  if (fax_job_get_log_path (job))
    g_print ("%-14s %s\n", _("Session log"), fax_job_get_log_path (job));
}

int
faxctl_cmd_send (FaxCtl  *ctl,
                 int      argc,
                 char   **argv)
{
  g_autofree char *port = NULL;
  g_autofree char *to = NULL;
  g_autofree char *name = NULL;
  g_auto(GStrv) files = NULL;
  gboolean wait = FALSE, no_ecm = FALSE, no_header = FALSE;
  int attempts = 3, retry_delay = 300;
  int exit_code = 0;
  g_autoptr(GError) error = NULL;
  g_autoptr(FaxJob) job = NULL;
  FaxJobOptions options;
  guint32 device_id = 0;
  GOptionEntry entries[] = {
    { "port", 0, 0, G_OPTION_ARG_STRING, &port, N_("Port to send on (device id or path; default: any, by priority)"), "PORT" },
    { "to", 0, 0, G_OPTION_ARG_STRING, &to, N_("Fax number to call"), "NUMBER" },
    { "name", 0, 0, G_OPTION_ARG_STRING, &name, N_("Recipient name"), "NAME" },
    { "wait", 0, 0, G_OPTION_ARG_NONE, &wait, N_("Send now and wait for the result"), NULL },
    { "no-ecm", 0, 0, G_OPTION_ARG_NONE, &no_ecm, N_("Do not use error correction mode"), NULL },
    { "no-header", 0, 0, G_OPTION_ARG_NONE, &no_header, N_("No header line on the pages"), NULL },
    { "attempts", 0, 0, G_OPTION_ARG_INT, &attempts, N_("Calls to try before giving up (default 3)"), "N" },
    { "retry-delay", 0, 0, G_OPTION_ARG_INT, &retry_delay, N_("Seconds between attempts (default 300)"), "S" },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &files, NULL, "FILE.tif" },
    { NULL }
  };

  if (!faxctl_parse_options (&argc, &argv, "--to NUMBER FILE.tif... - send a fax", entries, &exit_code))
    return exit_code;
  if (to == NULL)
    return faxctl_usage_error (_("send needs --to NUMBER"));
  if (files == NULL || files[0] == NULL)
    return faxctl_usage_error (_("send needs at least one TIFF-F file"));
  if (attempts < 1 || retry_delay < 0)
    return faxctl_usage_error (_("--attempts must be at least 1 and --retry-delay not negative"));

  if (port != NULL)
    {
      device_id = fax_server_lookup_port (ctl->server, port, &error);
      if (device_id == 0)
        return faxctl_failed (error);
    }

  fax_job_options_init (&options);
  options.use_ecm = !no_ecm;
  options.page_header = !no_header;
  options.max_attempts = attempts;
  options.retry_delay = retry_delay;

  job = fax_server_submit_job (ctl->server, (const char * const *)files, to, name, device_id, &options, &error);
  if (job == NULL)
    return faxctl_failed (error);

  if (!wait && fax_server_is_remote (ctl->server))
    {
      g_print (_("Queued as job %u on %s.\n"), fax_job_get_id (job),
               fax_server_get_machine_name (ctl->server));
      return EXIT_SUCCESS;
    }
  if (!wait)
    {
      g_print (_("Queued as job %u. It is sent while Fax Manager or “faxctl watch” runs.\n"),
               fax_job_get_id (job));
      return EXIT_SUCCESS;
    }

  {
    Waiter w = { 0 };

    w.loop = g_main_loop_new (NULL, FALSE);
    w.job_id = fax_job_get_id (job);
    w.quiet = TRUE;
    w.status = EXIT_FAILURE;
    run_until (ctl->server, &w);
    g_main_loop_unref (w.loop);
    print_job (job);
    return w.status;
  }
}

int
faxctl_cmd_jobs (FaxCtl  *ctl,
                 int      argc,
                 char   **argv)
{
  gboolean json = FALSE, all = FALSE;
  int exit_code = 0;
  GListModel *jobs;
  guint n;
  GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print JSON"), NULL },
    { "all", 0, 0, G_OPTION_ARG_NONE, &all, N_("Include finished jobs"), NULL },
    { NULL }
  };

  if (!faxctl_parse_options (&argc, &argv, "- list fax jobs", entries, &exit_code))
    return exit_code;

  jobs = fax_server_get_jobs (ctl->server);
  n = g_list_model_get_n_items (jobs);

  if (json)
    {
      g_autoptr(JsonBuilder) b = json_builder_new ();

      json_builder_begin_array (b);
      for (guint i = 0; i < n; i++)
        {
          g_autoptr(FaxJob) job = g_list_model_get_item (jobs, i);
          if (all || !job_finished (job))
            build_job (b, job);
        }
      json_builder_end_array (b);
      faxctl_print_json (b);
      return EXIT_SUCCESS;
    }

  g_print ("%-5s %-10s %-20s %-7s %-8s %s\n", "ID", "STATE", "NUMBER", "PAGES", "TRIES", "RESULT");
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(FaxJob) job = g_list_model_get_item (jobs, i);
      g_autofree char *pages = NULL;
      g_autofree char *tries = NULL;

      if (!all && job_finished (job))
        continue;
      pages = g_strdup_printf ("%u/%u", fax_job_get_pages_sent (job), fax_job_get_total_pages (job));
      tries = g_strdup_printf ("%u/%u", fax_job_get_attempts (job), fax_job_get_max_attempts (job));
      g_print ("%-5u %-10s %-20s %-7s %-8s %s\n", fax_job_get_id (job),
               fax_job_state_to_nick (fax_job_get_state (job)),
               fax_job_get_recipient_number (job), pages, tries,
               fax_job_get_result_text (job) ? fax_job_get_result_text (job) : "");
    }
  return EXIT_SUCCESS;
}

int
faxctl_cmd_job (FaxCtl  *ctl,
                int      argc,
                char   **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FaxJob) job = NULL;
  gboolean json = FALSE;
  int exit_code = 0;
  guint64 id;
  GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print JSON"), NULL },
    { NULL }
  };

  if (!faxctl_parse_options (&argc, &argv, "show|abort|retry|delete|log ID - one fax job", entries, &exit_code))
    return exit_code;
  if (argc != 3)
    return faxctl_usage_error (_("usage: faxctl job show|abort|pause|resume|retry|delete|log ID"));
  if (!g_ascii_string_to_unsigned (argv[2], 10, 1, G_MAXUINT32, &id, NULL))
    return faxctl_usage_error (_("“%s” is not a job number"), argv[2]);

  if (g_str_equal (argv[1], "show"))
    {
      job = fax_server_get_job (ctl->server, id, &error);
      if (job == NULL)
        return faxctl_failed (error);
      if (json)
        {
          g_autoptr(JsonBuilder) b = json_builder_new ();
          build_job (b, job);
          faxctl_print_json (b);
        }
      else
        print_job (job);
      return EXIT_SUCCESS;
    }
  else if (g_str_equal (argv[1], "log"))
    {
      g_autofree char *text = NULL;

      job = fax_server_get_job (ctl->server, id, &error);
      if (job == NULL)
        return faxctl_failed (error);
      if (fax_job_get_log_path (job) == NULL)
        {
          g_printerr ("faxctl: %s\n", _("This job has no session log here; a HylaFAX server keeps its call logs in the log folder of its spool"));
          return EXIT_FAILURE;
        }
      if (!g_file_get_contents (fax_job_get_log_path (job), &text, NULL, &error))
        return faxctl_failed (error);
      g_print ("%s", text);
      return EXIT_SUCCESS;
    }
  else if (g_str_equal (argv[1], "abort"))
    {
      if (!fax_server_abort_job (ctl->server, id, &error))
        return faxctl_failed (error);
      return EXIT_SUCCESS;
    }
  else if (g_str_equal (argv[1], "pause") || g_str_equal (argv[1], "resume"))
    {
      if (!fax_server_pause_job (ctl->server, id, g_str_equal (argv[1], "pause"), &error))
        return faxctl_failed (error);
      return EXIT_SUCCESS;
    }
  else if (g_str_equal (argv[1], "retry"))
    {
      if (!fax_server_retry_job (ctl->server, id, &error))
        return faxctl_failed (error);
      return EXIT_SUCCESS;
    }
  else if (g_str_equal (argv[1], "delete"))
    {
      if (!fax_server_delete_job (ctl->server, id, &error))
        return faxctl_failed (error);
      return EXIT_SUCCESS;
    }

  return faxctl_usage_error (_("unknown job command “%s”"), argv[1]);
}

int
faxctl_cmd_receive (FaxCtl  *ctl,
                    int      argc,
                    char   **argv)
{
  g_autofree char *port = NULL;
  g_autoptr(GError) error = NULL;
  gboolean once = FALSE;
  int exit_code = 0;
  guint32 device_id;
  Waiter w = { 0 };
  GOptionEntry entries[] = {
    { "port", 0, 0, G_OPTION_ARG_STRING, &port, N_("Port to answer on (device id or path)"), "PORT" },
    { "once", 0, 0, G_OPTION_ARG_NONE, &once, N_("Stop after one call"), NULL },
    { NULL }
  };

  if (!faxctl_parse_options (&argc, &argv, "--port PORT - answer calls and store faxes", entries, &exit_code))
    return exit_code;
  if (port == NULL)
    return faxctl_usage_error (_("receive needs --port PORT"));

  device_id = fax_server_lookup_port (ctl->server, port, &error);
  if (device_id == 0)
    return faxctl_failed (error);
  if (!fax_server_answer_on (ctl->server, device_id, &error))
    return faxctl_failed (error);

  w.loop = g_main_loop_new (NULL, FALSE);
  w.device_id = device_id;
  w.once = once;
  w.status = EXIT_SUCCESS;
  run_until (ctl->server, &w);
  g_main_loop_unref (w.loop);
  return w.status;
}

int
faxctl_cmd_watch (FaxCtl  *ctl,
                  int      argc,
                  char   **argv)
{
  int exit_code = 0;
  Waiter w = { 0 };
  GOptionEntry entries[] = {
    { NULL }
  };

  if (!faxctl_parse_options (&argc, &argv, "- send queued jobs, answer on receiving ports, print events as JSON lines", entries, &exit_code))
    return exit_code;

  fax_server_set_receiving (ctl->server, TRUE);
  w.loop = g_main_loop_new (NULL, FALSE);
  w.status = EXIT_SUCCESS;
  run_until (ctl->server, &w);
  g_main_loop_unref (w.loop);
  return w.status == 130 ? EXIT_SUCCESS : w.status;
}

int
faxctl_cmd_inbox (FaxCtl  *ctl,
                  int      argc,
                  char   **argv)
{
  gboolean json = FALSE;
  int exit_code = 0;
  GListModel *inbox;
  guint n;
  GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print JSON"), NULL },
    { NULL }
  };

  if (!faxctl_parse_options (&argc, &argv, "- list received faxes", entries, &exit_code))
    return exit_code;

  inbox = fax_server_get_inbox (ctl->server);
  n = g_list_model_get_n_items (inbox);

  if (json)
    {
      g_autoptr(JsonBuilder) b = json_builder_new ();

      json_builder_begin_array (b);
      for (guint i = 0; i < n; i++)
        {
          g_autoptr(FaxReceivedFax) fax = g_list_model_get_item (inbox, i);

          json_builder_begin_object (b);
          add_str (b, "path", fax_received_fax_get_path (fax));
          add_int (b, "received", fax_received_fax_get_received (fax));
          add_str (b, "remote_tsid", fax_received_fax_get_remote_tsid (fax));
          add_str (b, "caller_id", fax_received_fax_get_caller_id (fax));
          add_int (b, "pages", fax_received_fax_get_pages (fax));
          add_str (b, "port", fax_received_fax_get_device_name (fax));
          json_builder_set_member_name (b, "incomplete");
          json_builder_add_boolean_value (b, fax_received_fax_get_incomplete (fax));
          json_builder_set_member_name (b, "unread");
          json_builder_add_boolean_value (b, fax_received_fax_get_unread (fax));
          add_str (b, "result", fax_received_fax_get_result_text (fax));
          add_str (b, "log", fax_received_fax_get_log_path (fax));
          json_builder_end_object (b);
        }
      json_builder_end_array (b);
      faxctl_print_json (b);
      return EXIT_SUCCESS;
    }

  if (n == 0)
    {
      g_print ("%s\n", _("The inbox is empty."));
      return EXIT_SUCCESS;
    }

  g_print ("%-19s %-22s %-5s %-10s %s\n", "RECEIVED", "FROM", "PAGES", "STATUS", "FILE");
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(FaxReceivedFax) fax = g_list_model_get_item (inbox, i);
      g_autofree char *when = format_time (fax_received_fax_get_received (fax));
      const char *from = fax_received_fax_get_remote_tsid (fax);

      if (from == NULL || from[0] == '\0')
        from = fax_received_fax_get_caller_id (fax);
      g_print ("%-19s %-22s %-5u %-10s %s\n", when, from ? from : _("unknown"),
               fax_received_fax_get_pages (fax),
               fax_received_fax_get_incomplete (fax) ? _("incomplete") :
               fax_received_fax_get_unread (fax) ? _("new") : _("read"),
               fax_received_fax_get_path (fax));
    }
  return EXIT_SUCCESS;
}
