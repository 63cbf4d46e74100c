/* fax-jobs-view.c
 *
 * The Outbox and Sent pages: the server's live job model, filtered by
 * state (the outbox holds what is still on its way, Sent what has ended),
 * one row per job with its state in words and the actions that make sense
 * for it: pause/resume and cancel on the way, "Try again" and delete when
 * it has ended. The rows follow the jobs' notifications; a job moves from
 * one page to the other when the server's event stream says it changed.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "fax-jobs-view.h"

struct _FaxJobsView
{
  AdwBin              parent_instance;

  FaxJobsViewMode     mode;
  FaxServer          *server;
  gulong              event_id;
  GtkCustomFilter    *filter;
  GtkFilterListModel *filtered;
  GtkSortListModel   *sorted;

  AdwToastOverlay    *toast_overlay;
  GtkStack           *stack;
  AdwStatusPage      *empty_page;
  GtkListBox         *list_box;
};

G_DEFINE_FINAL_TYPE (FaxJobsView, fax_jobs_view, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_MODE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static gboolean
job_has_ended (FaxJob *job)
{
  switch (fax_job_get_state (job))
    {
    case FAX_JOB_STATE_COMPLETED:
    case FAX_JOB_STATE_FAILED:
    case FAX_JOB_STATE_CANCELLED:
      return TRUE;
    default:
      return FALSE;
    }
}

static char *
format_time (gint64 unix_time)
{
  g_autoptr(GDateTime) when = g_date_time_new_from_unix_local (unix_time);
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();

  if (when == NULL)
    return g_strdup ("");
  if (g_date_time_get_year (when) == g_date_time_get_year (now) &&
      g_date_time_get_day_of_year (when) == g_date_time_get_day_of_year (now))
    return g_date_time_format (when, "%H:%M");
  /* Translators: a date and time, in strftime () format */
  return g_date_time_format (when, _("%e %b %Y %H:%M"));
}

static char *
format_duration (double seconds)
{
  guint s = (guint)(seconds + 0.5);

  if (s < 60)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u second", "%u seconds", s), s);
  return g_strdup_printf (_("%u min %02u s"), s / 60, s % 60);
}

char *
fax_job_describe_state (FaxJob *job)
{
  guint total = fax_job_get_total_pages (job);
  guint sent = fax_job_get_pages_sent (job);
  const char *result = fax_job_get_result_text (job);

  switch (fax_job_get_state (job))
    {
    case FAX_JOB_STATE_QUEUED:
      if (fax_job_get_next_try (job) > g_get_real_time () / G_USEC_PER_SEC)
        {
          g_autofree char *when = format_time (fax_job_get_next_try (job));
          return g_strdup_printf (_("Queued, to be sent at %s"), when);
        }
      return g_strdup (_("Queued, waiting for a free port"));

    case FAX_JOB_STATE_DIALING:
      return g_strdup_printf (_("Dialing %s"), fax_job_get_recipient_number (job));

    case FAX_JOB_STATE_SENDING:
      /* A fax server that has not counted the pages yet: its own words */
      if (total == 0)
        return g_strdup (result != NULL && *result != '\0' ? result : _("Sending"));
      if (fax_job_get_bit_rate (job) > 0)
        return g_strdup_printf (_("Sending page %u of %u at %u bit/s"),
                                MIN (sent + 1, total), total, fax_job_get_bit_rate (job));
      return g_strdup_printf (_("Sending page %u of %u"), MIN (sent + 1, total), total);

    case FAX_JOB_STATE_RETRYING:
      {
        g_autofree char *when = format_time (fax_job_get_next_try (job));
        if (result != NULL && *result != '\0')
          /* Translators: "Next try at 10:32 (attempt 2 of 3): Nobody answered" */
          return g_strdup_printf (_("Next try at %s (attempt %u of %u): %s"), when,
                                  fax_job_get_attempts (job) + 1, fax_job_get_max_attempts (job), result);
        return g_strdup_printf (_("Next try at %s (attempt %u of %u)"), when,
                                fax_job_get_attempts (job) + 1, fax_job_get_max_attempts (job));
      }

    case FAX_JOB_STATE_PAUSED:
      return g_strdup (_("Paused"));

    case FAX_JOB_STATE_COMPLETED:
      {
        g_autofree char *when = format_time (fax_job_get_finished (job));
        g_autofree char *duration = format_duration (fax_job_get_duration (job));
        const char *csid = fax_job_get_remote_csid (job);
        g_autofree char *what = NULL;

        if (csid != NULL && *csid != '\0')
          /* Translators: "Sent 3 pages to +1 555 0100 at 10:32 in 1 min 20 s" */
          what = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                               "Sent %u page to %s at %s in %s",
                                               "Sent %u pages to %s at %s in %s", sent),
                                  sent, csid, when, duration);
        else
          what = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                               "Sent %u page at %s in %s",
                                               "Sent %u pages at %s in %s", sent),
                                  sent, when, duration);
        if (fax_job_get_bit_rate (job) > 0)
          /* Translators: "Sent 3 pages ... in 20 s" and the line's speed */
          return g_strdup_printf (_("%s · %u bit/s"), what, fax_job_get_bit_rate (job));
        return g_steal_pointer (&what);
      }

    case FAX_JOB_STATE_FAILED:
      {
        guint attempts = fax_job_get_attempts (job);
        g_autofree char *tries = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                               "%u attempt", "%u attempts", attempts),
                                                  attempts);
        g_autofree char *reason = NULL;

        if (result != NULL && *result != '\0')
          reason = g_strdup (result);
        else
          reason = g_strdup (_("the call failed"));
        if (sent > 0 && sent < total)
          /* Translators: "Not sent: The call was cut (2 of 5 pages went through, 3 attempts)" */
          return g_strdup_printf (_("Not sent: %s (%u of %u pages went through, %s)"),
                                  reason, sent, total, tries);
        /* Translators: "Not sent: Nobody answered (3 attempts)" */
        return g_strdup_printf (_("Not sent: %s (%s)"), reason, tries);
      }

    case FAX_JOB_STATE_CANCELLED:
      return g_strdup (_("Cancelled"));

    default:
      return g_strdup ("");
    }
}

/* ----------------------------------------------------------------- rows */

typedef enum {
  ACTION_PAUSE,
  ACTION_RESUME,
  ACTION_CANCEL,
  ACTION_RETRY,       /* ended: the same pages again, as a fresh job */
  ACTION_RETRY_NOW,   /* waiting for its next try or its time: now */
  ACTION_DELETE,
} JobAction;

static void
show_error (FaxJobsView  *self,
            const GError *error)
{
  AdwToast *toast = adw_toast_new (error->message);

  adw_toast_set_timeout (toast, 0);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

typedef struct
{
  GWeakRef  view;
  JobAction action;
} ActionData;

static void
action_done_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  ActionData *data = user_data;
  g_autoptr(FaxJobsView) self = g_weak_ref_get (&data->view);
  g_autoptr(GError) error = NULL;
  FaxServer *server = FAX_SERVER (object);
  gboolean ok = FALSE;

  switch (data->action)
    {
    case ACTION_PAUSE:
    case ACTION_RESUME:
      ok = fax_server_pause_job_finish (server, result, &error);
      break;
    case ACTION_CANCEL:
      ok = fax_server_abort_job_finish (server, result, &error);
      break;
    case ACTION_RETRY:
    case ACTION_RETRY_NOW:
      ok = fax_server_retry_job_finish (server, result, &error);
      break;
    case ACTION_DELETE:
      ok = fax_server_delete_job_finish (server, result, &error);
      break;
    }
  g_weak_ref_clear (&data->view);
  g_free (data);

  if (self == NULL)
    return;
  if (!ok)
    show_error (self, error);
  gtk_filter_changed (GTK_FILTER (self->filter), GTK_FILTER_CHANGE_DIFFERENT);
}

/* On a fax server the answer takes a round trip: never wait for it here */
static void
action_clicked_cb (GtkButton *button,
                   FaxJob    *job)
{
  FaxJobsView *self = FAX_JOBS_VIEW (gtk_widget_get_ancestor (GTK_WIDGET (button), FAX_TYPE_JOBS_VIEW));
  JobAction action = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (button), "job-action"));
  guint32 id = fax_job_get_id (job);
  ActionData *data;

  if (self == NULL || self->server == NULL)
    return;

  data = g_new0 (ActionData, 1);
  g_weak_ref_init (&data->view, self);
  data->action = action;

  switch (action)
    {
    case ACTION_PAUSE:
    case ACTION_RESUME:
      fax_server_pause_job_async (self->server, id, action == ACTION_PAUSE, NULL, action_done_cb, data);
      break;
    case ACTION_CANCEL:
      fax_server_abort_job_async (self->server, id, NULL, action_done_cb, data);
      break;
    case ACTION_RETRY:
    case ACTION_RETRY_NOW:
      /* Both are the server's retry: a waiting job tries now; an ended one
       * goes back to the outbox with the pages it already has */
      fax_server_retry_job_async (self->server, id, NULL, action_done_cb, data);
      break;
    case ACTION_DELETE:
      fax_server_delete_job_async (self->server, id, NULL, action_done_cb, data);
      break;
    }
}

static GtkWidget *
action_button (FaxJob     *job,
               JobAction   action,
               const char *icon,
               const char *label,
               const char *tooltip)
{
  GtkWidget *button;

  if (label != NULL)
    button = gtk_button_new_with_mnemonic (label);
  else
    button = gtk_button_new_from_icon_name (icon);
  gtk_widget_set_tooltip_text (button, tooltip);
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  if (label == NULL)
    gtk_widget_add_css_class (button, "flat");
  g_object_set_data (G_OBJECT (button), "job-action", GUINT_TO_POINTER (action));
  g_signal_connect_object (button, "clicked", G_CALLBACK (action_clicked_cb), job, 0);
  return button;
}

static void
update_row (AdwActionRow *row,
            GParamSpec   *pspec,
            FaxJob       *job)
{
  g_autofree char *state = fax_job_describe_state (job);
  const char *name = fax_job_get_recipient_name (job);
  const char *number = fax_job_get_recipient_number (job);
  GtkWidget *pause = g_object_get_data (G_OBJECT (row), "pause");
  GtkWidget *resume = g_object_get_data (G_OBJECT (row), "resume");
  GtkWidget *cancel = g_object_get_data (G_OBJECT (row), "cancel");
  GtkWidget *retry = g_object_get_data (G_OBJECT (row), "retry");
  GtkWidget *retry_now = g_object_get_data (G_OBJECT (row), "retry-now");
  GtkWidget *delete = g_object_get_data (G_OBJECT (row), "delete");
  GtkImage *icon = g_object_get_data (G_OBJECT (row), "icon");
  FaxJobState s = fax_job_get_state (job);
  gboolean scheduled = s == FAX_JOB_STATE_QUEUED &&
                       fax_job_get_next_try (job) > g_get_real_time () / G_USEC_PER_SEC;
  const char *icon_name;

  if (name != NULL && *name != '\0')
    {
      g_autofree char *title = g_strdup_printf ("%s (%s)", name, number);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
    }
  else
    adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), number);
  adw_action_row_set_subtitle (row, state);
  gtk_widget_set_tooltip_text (GTK_WIDGET (row), state);

  switch (s)
    {
    case FAX_JOB_STATE_COMPLETED: icon_name = "emblem-ok-symbolic"; break;
    case FAX_JOB_STATE_FAILED:    icon_name = "dialog-warning-symbolic"; break;
    case FAX_JOB_STATE_CANCELLED: icon_name = "process-stop-symbolic"; break;
    case FAX_JOB_STATE_PAUSED:    icon_name = "media-playback-pause-symbolic"; break;
    case FAX_JOB_STATE_RETRYING:  icon_name = "view-refresh-symbolic"; break;
    case FAX_JOB_STATE_QUEUED:    icon_name = scheduled ? "alarm-symbolic" : "mail-send-symbolic"; break;
    default:                      icon_name = "call-start-symbolic"; break;
    }
  gtk_image_set_from_icon_name (icon, icon_name);

  if (s == FAX_JOB_STATE_FAILED)
    {
      gtk_widget_add_css_class (GTK_WIDGET (row), "fax-job-failed");
      gtk_widget_add_css_class (GTK_WIDGET (icon), "error");
    }
  else
    {
      gtk_widget_remove_css_class (GTK_WIDGET (row), "fax-job-failed");
      gtk_widget_remove_css_class (GTK_WIDGET (icon), "error");
    }
  if (s == FAX_JOB_STATE_COMPLETED)
    gtk_widget_add_css_class (GTK_WIDGET (icon), "success");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (icon), "success");

  gtk_widget_set_visible (pause, s == FAX_JOB_STATE_QUEUED || s == FAX_JOB_STATE_RETRYING);
  gtk_widget_set_visible (resume, s == FAX_JOB_STATE_PAUSED);
  gtk_widget_set_visible (cancel, !job_has_ended (job));
  gtk_widget_set_visible (retry_now, s == FAX_JOB_STATE_RETRYING || scheduled);
  gtk_button_set_label (GTK_BUTTON (retry_now), scheduled ? _("Send _Now") : _("Retry _Now"));
  gtk_widget_set_tooltip_text (retry_now, scheduled ? _("Send this fax now instead of at its time")
                                                    : _("Make the next try now instead of waiting"));
  gtk_widget_set_visible (retry, s == FAX_JOB_STATE_FAILED || s == FAX_JOB_STATE_CANCELLED);
  gtk_widget_set_visible (delete, job_has_ended (job));
}

static GtkWidget *
create_row (gpointer item,
            gpointer user_data)
{
  FaxJob *job = item;
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *icon = gtk_image_new_from_icon_name ("mail-send-symbolic");
  struct {
    const char *key;
    JobAction   action;
    const char *icon;
    const char *label;
    const char *tooltip;
  } buttons[] = {
    { "retry-now", ACTION_RETRY_NOW, NULL, _("Retry _Now"), _("Make the next try now instead of waiting") },
    { "pause", ACTION_PAUSE, "media-playback-pause-symbolic", NULL, _("Pause") },
    { "resume", ACTION_RESUME, "media-playback-start-symbolic", NULL, _("Resume") },
    { "retry", ACTION_RETRY, NULL, _("_Try Again"), _("Send the same pages again now") },
    { "cancel", ACTION_CANCEL, "process-stop-symbolic", NULL, _("Cancel") },
    { "delete", ACTION_DELETE, "user-trash-symbolic", NULL, _("Delete") },
  };

  gtk_widget_add_css_class (row, "fax-job-row");
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 3);
  g_object_set_data (G_OBJECT (row), "icon", icon);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon);
  for (guint i = 0; i < G_N_ELEMENTS (buttons); i++)
    {
      GtkWidget *button = action_button (job, buttons[i].action, buttons[i].icon,
                                         buttons[i].label, buttons[i].tooltip);
      gtk_widget_set_name (button, buttons[i].key);
      if (buttons[i].label == NULL)
        gtk_accessible_update_property (GTK_ACCESSIBLE (button),
                                        GTK_ACCESSIBLE_PROPERTY_LABEL, buttons[i].tooltip, -1);
      g_object_set_data (G_OBJECT (row), buttons[i].key, button);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
    }

  update_row (ADW_ACTION_ROW (row), NULL, job);
  g_signal_connect_object (job, "notify", G_CALLBACK (update_row), row, G_CONNECT_SWAPPED);
  return row;
}

/* ------------------------------------------------------------ the model */

static gboolean
filter_func (gpointer item,
             gpointer user_data)
{
  FaxJobsView *self = user_data;
  gboolean ended = job_has_ended (FAX_JOB (item));

  return self->mode == FAX_JOBS_VIEW_SENT ? ended : !ended;
}

static int
sort_func (gconstpointer a,
           gconstpointer b,
           gpointer      user_data)
{
  FaxJobsView *self = user_data;
  FaxJob *ja = FAX_JOB ((gpointer)a);
  FaxJob *jb = FAX_JOB ((gpointer)b);

  /* The outbox in the order the jobs go out; Sent with the latest first */
  if (self->mode == FAX_JOBS_VIEW_SENT)
    {
      gint64 fa = fax_job_get_finished (ja), fb = fax_job_get_finished (jb);
      if (fa != fb)
        return fa > fb ? -1 : 1;
      return fax_job_get_id (ja) > fax_job_get_id (jb) ? -1 : 1;
    }
  if (fax_job_get_id (ja) == fax_job_get_id (jb))
    return 0;
  return fax_job_get_id (ja) < fax_job_get_id (jb) ? -1 : 1;
}

static void
update_stack (FaxJobsView *self)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->sorted));
  gtk_stack_set_visible_child_name (self->stack, n > 0 ? "list" : "empty");
}

static void
event_cb (FaxJobsView *self,
          FaxEvent    *event)
{
  /* Job states changed: rows may move between Outbox and Sent */
  if (fax_event_get_job_id (event) != 0)
    {
      gtk_filter_changed (GTK_FILTER (self->filter), GTK_FILTER_CHANGE_DIFFERENT);
      gtk_sorter_changed (gtk_sort_list_model_get_sorter (self->sorted), GTK_SORTER_CHANGE_DIFFERENT);
    }
}

void
fax_jobs_view_set_server (FaxJobsView *self,
                          FaxServer   *server)
{
  g_return_if_fail (FAX_IS_JOBS_VIEW (self));
  g_return_if_fail (server == NULL || FAX_IS_SERVER (server));

  if (self->server == server)
    return;

  g_clear_signal_handler (&self->event_id, self->server);
  g_set_object (&self->server, server);
  gtk_filter_list_model_set_model (self->filtered, server ? fax_server_get_jobs (server) : NULL);
  if (server != NULL)
    self->event_id = g_signal_connect_object (server, "event", G_CALLBACK (event_cb), self, G_CONNECT_SWAPPED);
  update_stack (self);
}

GListModel *
fax_jobs_view_get_model (FaxJobsView *self)
{
  g_return_val_if_fail (FAX_IS_JOBS_VIEW (self), NULL);
  return G_LIST_MODEL (self->sorted);
}

GtkWidget *
fax_jobs_view_new (FaxJobsViewMode mode)
{
  return g_object_new (FAX_TYPE_JOBS_VIEW, "mode", mode, NULL);
}

static void
fax_jobs_view_constructed (GObject *object)
{
  FaxJobsView *self = FAX_JOBS_VIEW (object);

  G_OBJECT_CLASS (fax_jobs_view_parent_class)->constructed (object);

  if (self->mode == FAX_JOBS_VIEW_SENT)
    {
      adw_status_page_set_icon_name (self->empty_page, "emblem-ok-symbolic");
      adw_status_page_set_title (self->empty_page, _("No Sent Faxes"));
      adw_status_page_set_description (self->empty_page,
                                       _("Faxes appear here once they have been sent, or when sending them failed."));
    }
  else
    {
      adw_status_page_set_icon_name (self->empty_page, "mail-send-symbolic");
      adw_status_page_set_title (self->empty_page, _("No Faxes to Send"));
      adw_status_page_set_description (self->empty_page,
                                       _("Faxes waiting to be sent and faxes being sent appear here."));
    }
}

static void
fax_jobs_view_dispose (GObject *object)
{
  FaxJobsView *self = FAX_JOBS_VIEW (object);

  g_clear_signal_handler (&self->event_id, self->server);
  if (self->list_box != NULL)
    gtk_list_box_bind_model (self->list_box, NULL, NULL, NULL, NULL);
  g_clear_object (&self->sorted);
  self->filtered = NULL;
  self->filter = NULL;
  g_clear_object (&self->server);

  G_OBJECT_CLASS (fax_jobs_view_parent_class)->dispose (object);
}

static void
fax_jobs_view_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  FaxJobsView *self = FAX_JOBS_VIEW (object);

  switch (prop_id)
    {
    case PROP_MODE:
      g_value_set_int (value, self->mode);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fax_jobs_view_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  FaxJobsView *self = FAX_JOBS_VIEW (object);

  switch (prop_id)
    {
    case PROP_MODE:
      self->mode = g_value_get_int (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fax_jobs_view_class_init (FaxJobsViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = fax_jobs_view_constructed;
  object_class->dispose = fax_jobs_view_dispose;
  object_class->get_property = fax_jobs_view_get_property;
  object_class->set_property = fax_jobs_view_set_property;

  properties[PROP_MODE] =
    g_param_spec_int ("mode", NULL, NULL,
                      FAX_JOBS_VIEW_OUTBOX, FAX_JOBS_VIEW_SENT, FAX_JOBS_VIEW_OUTBOX,
                      G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/faxmanager/FaxManager/fax-jobs-view.ui");
  gtk_widget_class_bind_template_child (widget_class, FaxJobsView, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, FaxJobsView, stack);
  gtk_widget_class_bind_template_child (widget_class, FaxJobsView, empty_page);
  gtk_widget_class_bind_template_child (widget_class, FaxJobsView, list_box);
}

static void
fax_jobs_view_init (FaxJobsView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->filter = gtk_custom_filter_new (filter_func, self, NULL);
  self->filtered = gtk_filter_list_model_new (NULL, GTK_FILTER (self->filter));
  self->sorted = gtk_sort_list_model_new (G_LIST_MODEL (self->filtered),
                                          GTK_SORTER (gtk_custom_sorter_new (sort_func, self, NULL)));
  g_signal_connect_object (self->sorted, "items-changed", G_CALLBACK (update_stack), self, G_CONNECT_SWAPPED);
  gtk_list_box_bind_model (self->list_box, G_LIST_MODEL (self->sorted), create_row, self, NULL);
}
