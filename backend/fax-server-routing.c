/* fax-server-routing.c: what happens to a received fax after the inbox
 *
 * The port's enabled routing methods (FaxRoutingMethod) are applied to
 * every fax it receives, each on its own and asynchronously:
 *
 *   store in a folder   a copy in the configured folder (0600, never
 *                       overwriting: "name-2.tif" when the name is taken)
 *   print               `lp -d PRINTER -t TITLE -- FILE` (CUPS)
 *   e-mail              `xdg-email --subject ... --attach FILE ADDRESS`:
 *                       the user's mail client, with the fax attached
 *
 * The fax in the inbox is the original and stays whatever happens here.
 * Each outcome is an event (FAX_EVENT_ROUTING, the message says what was
 * done or what failed) and a line in the [routing] group of the fax's
 * .ini file. Strings from the line (the remote TSID) only reach a file
 * name after sanitize_for_path (), and programs run with an argv, never a
 * shell.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "fax-backend"

#include "config.h"

#include <errno.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "fax-port-store.h"
#include "fax-received-fax-private.h"
#include "fax-routing-method.h"
#include "fax-server-private.h"

typedef struct
{
  GWeakRef        server;
  FaxReceivedFax *fax;
  guint32         device_id;
  char           *guid;
  char           *info;
  char           *target;    /* the copy's path, for the folder method */
} Route;

static void
route_free (Route *route)
{
  g_weak_ref_clear (&route->server);
  g_clear_object (&route->fax);
  g_free (route->guid);
  g_free (route->info);
  g_free (route->target);
  g_free (route);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Route, route_free)

/* Keeps letters, digits, '+' and '-' of @text (a TSID from the far end),
 * turns runs of anything else into one '_', at most 32 characters */
static char *
sanitize_for_path (const char *text)
{
  GString *out = g_string_new (NULL);

  for (const char *p = text ? text : ""; *p && out->len < 32; p++)
    {
      if (g_ascii_isalnum (*p) || *p == '+' || *p == '-')
        g_string_append_c (out, *p);
      else if (out->len > 0 && out->str[out->len - 1] != '_')
        g_string_append_c (out, '_');
    }
  while (out->len > 0 && out->str[out->len - 1] == '_')
    g_string_truncate (out, out->len - 1);
  return g_string_free (out, FALSE);
}

static const char *
sender_of (FaxReceivedFax *fax)
{
  const char *tsid = fax_received_fax_get_remote_tsid (fax);
  const char *caller = fax_received_fax_get_caller_id (fax);

  if (tsid != NULL && *tsid != '\0')
    return tsid;
  if (caller != NULL && *caller != '\0')
    return caller;
  return NULL;
}

static char *
describe_fax (FaxReceivedFax *fax)
{
  const char *sender = sender_of (fax);

  if (sender != NULL)
    return g_strdup_printf (_("Fax from %s"), sender);
  return g_strdup (_("Fax"));
}

/* The failure messages of a fax's .ini, one line each, or NULL */
char *
_fax_routing_problems_from_key_file (GKeyFile *kf)
{
  g_auto(GStrv) keys = g_key_file_get_keys (kf, "routing-failed", NULL, NULL);
  g_autoptr(GString) out = NULL;

  for (guint i = 0; keys != NULL && keys[i] != NULL; i++)
    {
      g_autofree char *message = g_key_file_get_string (kf, "routing-failed", keys[i], NULL);

      if (message == NULL || *message == '\0')
        continue;
      if (out == NULL)
        out = g_string_new (NULL);
      else
        g_string_append_c (out, '\n');
      g_string_append (out, message);
    }
  return out ? g_string_free (g_steal_pointer (&out), FALSE) : NULL;
}

static void
record (Route      *route,
        FaxServer  *server,
        gboolean    ok,
        const char *message)
{
  const char *path = fax_received_fax_get_path (route->fax);
  const char *dot = g_strrstr (path, ".tif");
  g_autofree char *base = g_strndup (path, dot ? (gsize)(dot - path) : strlen (path));
  g_autofree char *ini = g_strconcat (base, ".ini", NULL);
  g_autoptr(GKeyFile) kf = g_key_file_new ();
  g_autofree char *data = NULL;
  gsize len;

  if (ok)
    g_debug ("routing %s: %s", path, message);
  else
    g_message ("routing %s: %s", path, message);

  /* Best effort: the fax itself is already safe */
  g_key_file_load_from_file (kf, ini, G_KEY_FILE_KEEP_COMMENTS, NULL);
  g_key_file_set_string (kf, "routing", route->guid, message);
  /* Failures also go to [routing-failed], which the inbox shows */
  if (ok)
    g_key_file_remove_key (kf, "routing-failed", route->guid, NULL);
  else
    g_key_file_set_string (kf, "routing-failed", route->guid, message);
  data = g_key_file_to_data (kf, &len, NULL);
  g_file_set_contents_full (ini, data, len, G_FILE_SET_CONTENTS_CONSISTENT, 0600, NULL);

  {
    g_autofree char *problems = _fax_routing_problems_from_key_file (kf);
    _fax_received_fax_set_routing_problems (route->fax, problems);
  }

  if (server != NULL)
    _fax_server_emit_event (server, FAX_EVENT_ROUTING, route->device_id, 0, message);
}

/* ------------------------------------------------------------- folder */

static void copy_next (Route *route, guint attempt);

static void
copy_done_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(Route) route = user_data;
  g_autoptr(FaxServer) server = g_weak_ref_get (&route->server);
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;

  if (g_file_copy_finish (G_FILE (object), result, &error))
    {
      g_chmod (route->target, 0600);
      message = g_strdup_printf (_("Stored a copy in %s"), route->target);
      record (route, server, TRUE, message);
      return;
    }

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_EXISTS))
    {
      /* Taken in the meantime: the next free name */
      guint attempt = GPOINTER_TO_UINT (g_object_get_data (object, "attempt"));
      copy_next (g_steal_pointer (&route), attempt + 1);
      return;
    }

  message = g_strdup_printf (_("Could not store a copy in %s: %s. The fax is still in the inbox."),
                             route->info, error->message);
  record (route, server, FALSE, message);
}

static void
copy_next (Route *route,
           guint  attempt)
{
  g_autoptr(GDateTime) when = g_date_time_new_from_unix_local (fax_received_fax_get_received (route->fax));
  g_autofree char *stamp = g_date_time_format (when, "%Y-%m-%d %H.%M.%S");
  g_autofree char *sender = sanitize_for_path (sender_of (route->fax));
  g_autofree char *name = NULL;
  g_autoptr(GFile) source = g_file_new_for_path (fax_received_fax_get_path (route->fax));
  g_autoptr(GFile) dest = NULL;

  if (attempt > 100)
    {
      g_autoptr(FaxServer) server = g_weak_ref_get (&route->server);
      g_autofree char *message = g_strdup_printf (_("Could not store a copy in %s: no free file name. The fax is still in the inbox."),
                                                  route->info);
      record (route, server, FALSE, message);
      route_free (route);
      return;
    }

  if (*sender != '\0')
    name = g_strdup_printf (attempt > 1 ? "Fax %s %s-%u.tif" : "Fax %s %s.tif", stamp, sender, attempt);
  else
    name = g_strdup_printf (attempt > 1 ? "Fax %s-%u.tif" : "Fax %s.tif", stamp, attempt);

  g_free (route->target);
  route->target = g_build_filename (route->info, name, NULL);
  dest = g_file_new_for_path (route->target);
  g_object_set_data (G_OBJECT (source), "attempt", GUINT_TO_POINTER (attempt));
  g_file_copy_async (source, dest, G_FILE_COPY_NONE, G_PRIORITY_DEFAULT, NULL,
                     NULL, NULL, copy_done_cb, route);
}

/* ----------------------------------------------------- print and e-mail */

static void
spawn_done_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(Route) route = user_data;
  g_autoptr(FaxServer) server = g_weak_ref_get (&route->server);
  GSubprocess *process = G_SUBPROCESS (object);
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *message = NULL;
  gboolean print = g_str_equal (route->guid, FAX_ROUTING_GUID_PRINT);

  if (g_subprocess_communicate_utf8_finish (process, result, &out, &err, &error) &&
      g_subprocess_get_if_exited (process) && g_subprocess_get_exit_status (process) == 0)
    {
      message = print ? g_strdup_printf (_("Sent to the printer %s"), route->info)
                      : g_strdup_printf (_("Handed to the mail client for %s"), route->info);
      record (route, server, TRUE, message);
      return;
    }

  if (error == NULL && err != NULL)
    {
      g_strstrip (err);
      /* The message goes into a sentence of ours: no full stop of its own */
      while (*err && err[strlen (err) - 1] == '.')
        err[strlen (err) - 1] = '\0';
    }
  message = g_strdup_printf (print ? _("Could not print on %s: %s. The fax is still in the inbox.")
                                   : _("Could not e-mail to %s: %s. The fax is still in the inbox."),
                             route->info,
                             error ? error->message : (err && *err ? err : _("the program failed")));
  record (route, server, FALSE, message);
}

static void
spawn_route (Route              *route,
             const char * const *argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocess) process = NULL;

  process = g_subprocess_newv (argv, G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                     G_SUBPROCESS_FLAGS_STDERR_PIPE, &error);
  if (process == NULL)
    {
      g_autoptr(FaxServer) server = g_weak_ref_get (&route->server);
      g_autofree char *message = g_strdup_printf (_("Could not run %s: %s. The fax is still in the inbox."),
                                                  argv[0], error->message);
      record (route, server, FALSE, message);
      route_free (route);
      return;
    }
  g_subprocess_communicate_utf8_async (process, "", NULL, spawn_done_cb, route);
}

static void
start_route (Route *route)
{
  g_autofree char *title = describe_fax (route->fax);
  const char *path = fax_received_fax_get_path (route->fax);

  if (g_str_equal (route->guid, FAX_ROUTING_GUID_STORE_IN_FOLDER))
    {
      if (g_mkdir_with_parents (route->info, 0700) != 0)
        {
          g_autoptr(FaxServer) server = g_weak_ref_get (&route->server);
          int saved = errno;
          g_autofree char *message = g_strdup_printf (_("Could not store a copy in %s: %s. The fax is still in the inbox."),
                                                      route->info, g_strerror (saved));
          record (route, server, FALSE, message);
          route_free (route);
          return;
        }
      copy_next (route, 1);
    }
  else if (g_str_equal (route->guid, FAX_ROUTING_GUID_PRINT))
    {
      const char *argv[] = { "lp", "-d", route->info, "-t", title, "--", path, NULL };
      spawn_route (route, argv);
    }
  else if (g_str_equal (route->guid, FAX_ROUTING_GUID_EMAIL))
    {
      guint pages = fax_received_fax_get_pages (route->fax);
      g_autofree char *body = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s: %u page, attached.",
                                                            "%s: %u pages, attached.", pages),
                                               title, pages);
      const char *argv[] = { "xdg-email", "--utf8", "--subject", title, "--body", body,
                             "--attach", path, route->info, NULL };
      spawn_route (route, argv);
    }
  else
    route_free (route);
}

/* Applies the enabled routing methods of the port @device_id to @fax */
void
_fax_server_route_fax (FaxServer      *self,
                       FaxPortEntry   *entry,
                       FaxReceivedFax *fax)
{
  FaxPortStore *store = _fax_server_get_store (self);
  static const char *guids[] = {
    FAX_ROUTING_GUID_STORE_IN_FOLDER, FAX_ROUTING_GUID_PRINT, FAX_ROUTING_GUID_EMAIL,
  };

  if (entry == NULL || fax == NULL)
    return;

  for (guint i = 0; i < G_N_ELEMENTS (guids); i++)
    {
      g_autofree char *enabled_key = g_strconcat ("routing-enabled-", guids[i], NULL);
      g_autofree char *info_key = g_strconcat ("routing-info-", guids[i], NULL);
      g_autofree char *info = NULL;
      Route *route;

      if (!_fax_port_store_get_boolean (store, entry->stable_id, enabled_key, FALSE))
        continue;
      info = _fax_port_store_get_string (store, entry->stable_id, info_key);
      if (info == NULL || *info == '\0')
        continue;

      route = g_new0 (Route, 1);
      g_weak_ref_init (&route->server, self);
      route->fax = g_object_ref (fax);
      route->device_id = entry->device_id;
      route->guid = g_strdup (guids[i]);
      route->info = g_steal_pointer (&info);
      start_route (route);
    }
}
