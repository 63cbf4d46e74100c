/* fax-notifier.c
 *
 * Turns the server's event stream into desktop notifications: a fax came
 * in (with "Open"), a fax was sent, a fax could not be sent (with the
 * reason in words). A job is announced once, when it ends; retries are
 * not announced, the Outbox shows them.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "fax-notifier.h"

struct _FaxNotifier
{
  GObject       parent_instance;

  GApplication *application;   /* weak: the application owns us */
  FaxServer    *server;
  GHashTable   *announced;     /* job ids already announced */
};

G_DEFINE_FINAL_TYPE (FaxNotifier, fax_notifier, G_TYPE_OBJECT)

static void
notify_received (FaxNotifier *self,
                 const char  *path)
{
  GListModel *inbox = fax_server_get_inbox (self->server);
  g_autoptr(FaxReceivedFax) fax = NULL;
  g_autoptr(GNotification) notification = NULL;
  g_autofree char *body = NULL;
  g_autofree char *id = NULL;
  const char *sender;
  guint n = g_list_model_get_n_items (inbox);

  for (guint i = 0; i < n && fax == NULL; i++)
    {
      g_autoptr(FaxReceivedFax) candidate = g_list_model_get_item (inbox, i);
      if (g_strcmp0 (fax_received_fax_get_path (candidate), path) == 0)
        fax = g_steal_pointer (&candidate);
    }
  if (fax == NULL)
    return;

  sender = fax_received_fax_get_remote_tsid (fax);
  if (sender == NULL || *sender == '\0')
    sender = fax_received_fax_get_caller_id (fax);
  if (sender != NULL && *sender != '\0')
    body = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "From %s, %u page", "From %s, %u pages",
                                         fax_received_fax_get_pages (fax)),
                            sender, fax_received_fax_get_pages (fax));
  else
    body = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u page", "%u pages",
                                         fax_received_fax_get_pages (fax)),
                            fax_received_fax_get_pages (fax));

  notification = g_notification_new (fax_received_fax_get_incomplete (fax) ? _("Incomplete Fax Received")
                                                                           : _("Fax Received"));
  g_notification_set_body (notification, body);
  g_notification_set_default_action_and_target (notification, "app.open-fax", "s", path);
  g_notification_add_button_with_target (notification, _("Open"), "app.open-fax", "s", path);
  id = g_strdup_printf ("received-%s", path);
  g_application_send_notification (self->application, id, notification);
}

static void
notify_job (FaxNotifier *self,
            guint32      job_id)
{
  g_autoptr(FaxJob) job = fax_server_get_job (self->server, job_id, NULL);
  g_autoptr(GNotification) notification = NULL;
  g_autofree char *id = NULL;
  const char *to;
  FaxJobState state;

  if (job == NULL || g_hash_table_contains (self->announced, GUINT_TO_POINTER (job_id)))
    return;
  state = fax_job_get_state (job);
  if (state != FAX_JOB_STATE_COMPLETED && state != FAX_JOB_STATE_FAILED)
    return;
  g_hash_table_add (self->announced, GUINT_TO_POINTER (job_id));

  to = fax_job_get_recipient_name (job);
  if (to == NULL || *to == '\0')
    to = fax_job_get_recipient_number (job);

  if (state == FAX_JOB_STATE_COMPLETED)
    {
      g_autofree char *body = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u page sent to %s",
                                                            "%u pages sent to %s", fax_job_get_pages_sent (job)),
                                               fax_job_get_pages_sent (job), to);
      notification = g_notification_new (_("Fax Sent"));
      g_notification_set_body (notification, body);
    }
  else
    {
      g_autofree char *title = g_strdup_printf (_("Fax to %s Not Sent"), to);
      notification = g_notification_new (title);
      g_notification_set_body (notification, fax_job_get_result_text (job));
      g_notification_set_priority (notification, G_NOTIFICATION_PRIORITY_HIGH);
    }
  g_notification_set_default_action_and_target (notification, "app.show-view", "s", "sent");
  id = g_strdup_printf ("job-%u", job_id);
  g_application_send_notification (self->application, id, notification);
}

static void
event_cb (FaxNotifier *self,
          FaxEvent    *event)
{
  guint32 job_id = fax_event_get_job_id (event);

  if (job_id != 0)
    notify_job (self, job_id);
  else if (fax_event_get_event_type (event) == FAX_EVENT_COMPLETED &&
           fax_event_get_message (event) != NULL &&
           g_str_has_suffix (fax_event_get_message (event), ".tif"))
    notify_received (self, fax_event_get_message (event));
}

FaxNotifier *
fax_notifier_new (GApplication *application,
                  FaxServer    *server)
{
  FaxNotifier *self;

  g_return_val_if_fail (G_IS_APPLICATION (application), NULL);
  g_return_val_if_fail (FAX_IS_SERVER (server), NULL);

  self = g_object_new (FAX_TYPE_NOTIFIER, NULL);
  self->application = application;
  self->server = g_object_ref (server);
  g_signal_connect_object (server, "event", G_CALLBACK (event_cb), self, G_CONNECT_SWAPPED);
  return self;
}

static void
fax_notifier_finalize (GObject *object)
{
  FaxNotifier *self = FAX_NOTIFIER (object);

  g_clear_object (&self->server);
  g_clear_pointer (&self->announced, g_hash_table_unref);

  G_OBJECT_CLASS (fax_notifier_parent_class)->finalize (object);
}

static void
fax_notifier_class_init (FaxNotifierClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = fax_notifier_finalize;
}

static void
fax_notifier_init (FaxNotifier *self)
{
  self->announced = g_hash_table_new (NULL, NULL);
}
