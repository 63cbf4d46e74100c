/* fax-send-dialog.c
 *
 * A new fax: the recipient's number and name, the documents in order
 * (chosen with the file chooser or dropped on the dialog), an optional
 * cover page, when to send it, the port ("Automatic" picks the first free
 * port that may send, by priority), the resolution and the header line
 * and ECM options.
 *
 * The dialog converts the documents (and the cover page) into the TIFF-F
 * that will be transmitted itself, with FaxDocument on a worker thread,
 * showing progress on its Preview page with a Stop button. Preview shows
 * those pages as thumbnails; Send submits exactly that file (converting
 * first if nothing was previewed, or if the form changed since), which
 * the server copies into the outbox page for page without converting
 * again. What goes wrong (a broken PDF, a bad number, a time that has
 * passed) is shown in the dialog, which stays open with everything the
 * user entered.
 *
 * Focus: a text field must never be made insensitive or hidden while it
 * has the keyboard focus (GtkText would miss its focus-out and warn when
 * its cursor blinks), so the focus moves to the Preview page's own
 * buttons before the form is hidden, and back to where it was after.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "fax-page-texture.h"
#include "fax-send-dialog.h"

#define THUMBNAIL_WIDTH   150
#define THUMBNAIL_HEIGHT  212
/* Thumbnails held at once: a long fax shows its first pages and a count */
#define MAX_THUMBNAILS    100

struct _FaxSendDialog
{
  AdwWindow       parent_instance;

  FaxServer      *server;
  GPtrArray      *files;        /* GFile*, in sending order */
  GArray         *port_ids;     /* guint32 per row of the port list; 0: automatic */
  GPtrArray      *port_tsids;   /* char* per row: the sender's fax number on the cover */
  GCancellable   *cancellable;  /* a conversion or a submission under way */
  gboolean        submitting;
  gboolean        send_when_prepared;
  FaxJob         *job;

  char           *work_dir;     /* private folder of the converted pages */
  guint           serial;       /* of the conversion that made (or makes) the pages */
  char           *prepared;     /* the converted pages matching the form, or NULL */
  guint           n_prepared_pages;
  GtkWidget      *form_focus;   /* weak: where the focus was on the form */

  AdwWindowTitle *window_title;
  GtkWidget      *send_button;
  GtkWidget      *preview_button;
  GtkWidget      *cancel_button;
  GtkWidget      *back_button;
  GtkSpinner     *spinner;
  GtkStack       *stack;
  GtkLabel       *error_label;
  AdwEntryRow    *number_row;
  AdwEntryRow    *name_row;
  GtkListBox     *documents_list;
  AdwExpanderRow *cover_row;
  AdwEntryRow    *cover_to_row;
  AdwEntryRow    *cover_from_row;
  AdwEntryRow    *cover_subject_row;
  GtkTextView    *cover_message_view;
  AdwComboRow    *when_row;
  AdwActionRow   *date_row;
  GtkMenuButton  *date_button;
  GtkCalendar    *calendar;
  AdwActionRow   *time_row;
  GtkSpinButton  *hour_spin;
  GtkSpinButton  *minute_spin;
  AdwComboRow    *port_row;
  AdwComboRow    *resolution_row;
  GtkSwitch      *header_switch;
  GtkSwitch      *ecm_switch;
  GtkStack       *preview_stack;
  GtkLabel       *progress_label;
  GtkProgressBar *progress_bar;
  GtkWidget      *stop_button;
  GtkLabel       *preview_title;
  GtkLabel       *preview_subtitle;
  GtkFlowBox     *preview_pages;
  GtkLabel       *preview_more;
};

G_DEFINE_FINAL_TYPE (FaxSendDialog, fax_send_dialog, ADW_TYPE_WINDOW)

enum { WHEN_NOW, WHEN_LATER };

static gboolean
busy (FaxSendDialog *self)
{
  return self->cancellable != NULL;
}

static gboolean
converting (FaxSendDialog *self)
{
  return busy (self) && !self->submitting;
}

static char *
dup_stripped (AdwEntryRow *row)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (row));

  return g_strstrip (g_strdup (text ? text : ""));
}

static gboolean
cover_enabled (FaxSendDialog *self)
{
  return adw_expander_row_get_enable_expansion (self->cover_row);
}

static gboolean
on_preview_page (FaxSendDialog *self)
{
  return g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "preview") == 0;
}

static void
update_sensitivity (FaxSendDialog *self)
{
  g_autofree char *number = dup_stripped (self->number_row);
  gboolean has_documents = self->files->len > 0;

  gtk_widget_set_sensitive (self->send_button, !busy (self) && number[0] != '\0' && has_documents);
  gtk_widget_set_sensitive (self->preview_button, !busy (self) && has_documents);
}

static void
show_error (FaxSendDialog *self,
            const char    *message)
{
  gtk_label_set_text (self->error_label, message ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
}

/* ------------------------------------------------------------- the pages */

static void
clear_preview (FaxSendDialog *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->preview_pages))) != NULL)
    gtk_flow_box_remove (self->preview_pages, child);
  gtk_widget_set_visible (GTK_WIDGET (self->preview_more), FALSE);
}

/* The converted pages no longer match the form: they go, and whatever a
 * conversion under way returns is ignored (the caller stops it) */
static void
invalidate_pages (FaxSendDialog *self)
{
  clear_preview (self);
  if (self->prepared != NULL)
    {
      g_unlink (self->prepared);
      g_clear_pointer (&self->prepared, g_free);
      self->n_prepared_pages = 0;
    }
  self->serial++;
}

static void show_form (FaxSendDialog *self);

static void
stop_conversion (FaxSendDialog *self)
{
  if (!converting (self))
    return;
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  gtk_spinner_stop (self->spinner);
  self->send_when_prepared = FALSE;
  update_sensitivity (self);
}

/* Something that is on the pages changed */
static void
pages_changed_cb (FaxSendDialog *self)
{
  if (self->submitting)
    return;
  stop_conversion (self);
  invalidate_pages (self);
  if (on_preview_page (self))
    show_form (self);
}

/* Something that is on the cover page only, if there is one */
static void
cover_detail_changed_cb (FaxSendDialog *self)
{
  if (cover_enabled (self))
    pages_changed_cb (self);
}

static void
number_changed_cb (FaxSendDialog *self)
{
  update_sensitivity (self);
  cover_detail_changed_cb (self);
}

/* ------------------------------------------------------------ documents */

static void rebuild_documents (FaxSendDialog *self);

static void
remove_clicked_cb (GtkButton     *button,
                   FaxSendDialog *self)
{
  guint index = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (button), "index"));

  if (self->submitting || index >= self->files->len)
    return;
  /* The button goes with its row: keep the focus in the list */
  gtk_widget_grab_focus (GTK_WIDGET (self->documents_list));
  g_ptr_array_remove_index (self->files, index);
  pages_changed_cb (self);
  rebuild_documents (self);
}

static void
rebuild_documents (FaxSendDialog *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->documents_list))) != NULL)
    gtk_list_box_remove (self->documents_list, child);

  if (self->files->len == 0)
    {
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("No documents yet"));
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), _("PDF, images, text or TIFF fax files"));
      gtk_widget_add_css_class (row, "dim-label");
      gtk_list_box_append (self->documents_list, row);
    }

  for (guint i = 0; i < self->files->len; i++)
    {
      GFile *file = g_ptr_array_index (self->files, i);
      g_autofree char *name = g_file_get_basename (file);
      g_autoptr(GFile) parent = g_file_get_parent (file);
      g_autofree char *folder = parent ? g_file_get_parse_name (parent) : NULL;
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *remove = gtk_button_new_from_icon_name ("list-remove-symbolic");

      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), name);
      if (folder != NULL)
        adw_action_row_set_subtitle (ADW_ACTION_ROW (row), folder);
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("text-x-generic-symbolic"));
      gtk_widget_set_valign (remove, GTK_ALIGN_CENTER);
      gtk_widget_add_css_class (remove, "flat");
      gtk_widget_set_tooltip_text (remove, _("Remove from this fax"));
      g_object_set_data (G_OBJECT (remove), "index", GUINT_TO_POINTER (i));
      g_signal_connect (remove, "clicked", G_CALLBACK (remove_clicked_cb), self);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), remove);
      gtk_list_box_append (self->documents_list, row);
    }

  update_sensitivity (self);
}

void
fax_send_dialog_add_files (FaxSendDialog *self,
                           GFile * const *files,
                           guint          n_files)
{
  g_return_if_fail (FAX_IS_SEND_DIALOG (self));

  if (self->submitting)
    return;
  for (guint i = 0; i < n_files; i++)
    if (files[i] != NULL && g_file_is_native (files[i]))
      g_ptr_array_add (self->files, g_object_ref (files[i]));
  show_error (self, NULL);
  pages_changed_cb (self);
  rebuild_documents (self);
}

static void
chooser_response_cb (GtkNativeDialog *chooser,
                     int              response,
                     FaxSendDialog   *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GListModel) files = gtk_file_chooser_get_files (GTK_FILE_CHOOSER (chooser));
      guint n = g_list_model_get_n_items (files);
      g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func (g_object_unref);

      for (guint i = 0; i < n; i++)
        g_ptr_array_add (list, g_list_model_get_item (files, i));
      fax_send_dialog_add_files (self, (GFile * const *)list->pdata, list->len);
    }
  gtk_native_dialog_destroy (chooser);
  g_object_unref (chooser);
}

static void
add_clicked_cb (FaxSendDialog *self)
{
  GtkFileChooserNative *chooser;
  g_autoptr(GtkFileFilter) documents = gtk_file_filter_new ();
  g_autoptr(GtkFileFilter) all = gtk_file_filter_new ();

  chooser = gtk_file_chooser_native_new (_("Add Documents"), GTK_WINDOW (self),
                                         GTK_FILE_CHOOSER_ACTION_OPEN, _("_Add"), _("_Cancel"));
  gtk_file_chooser_set_select_multiple (GTK_FILE_CHOOSER (chooser), TRUE);
  gtk_file_filter_set_name (documents, _("Documents"));
  gtk_file_filter_add_mime_type (documents, "application/pdf");
  gtk_file_filter_add_mime_type (documents, "image/*");
  gtk_file_filter_add_mime_type (documents, "text/plain");
  gtk_file_filter_set_name (all, _("All files"));
  gtk_file_filter_add_pattern (all, "*");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), documents);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), all);
  g_signal_connect (chooser, "response", G_CALLBACK (chooser_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static gboolean
drop_cb (GtkDropTarget *target,
         const GValue  *value,
         double         x,
         double         y,
         FaxSendDialog *self)
{
  GSList *files;
  g_autoptr(GPtrArray) list = g_ptr_array_new ();

  if (self->submitting || !G_VALUE_HOLDS (value, GDK_TYPE_FILE_LIST))
    return FALSE;
  files = gdk_file_list_get_files (g_value_get_boxed (value));
  for (GSList *l = files; l != NULL; l = l->next)
    g_ptr_array_add (list, l->data);
  fax_send_dialog_add_files (self, (GFile * const *)list->pdata, list->len);
  g_slist_free (files);
  return TRUE;
}

/* ---------------------------------------------------------------- ports */

static void
fill_ports (FaxSendDialog *self)
{
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  g_autoptr(GPtrArray) ports = NULL;
  g_autofree char *common_tsid = NULL;
  gboolean tsids_agree = TRUE;
  guint32 automatic = 0;

  g_array_set_size (self->port_ids, 0);
  g_ptr_array_set_size (self->port_tsids, 0);
  gtk_string_list_append (names, _("Automatic (first free port)"));
  g_array_append_val (self->port_ids, automatic);
  g_ptr_array_add (self->port_tsids, NULL);   /* filled in below */

  ports = self->server ? fax_server_enum_ports (self->server, NULL) : NULL;
  for (guint i = 0; ports != NULL && i < ports->len; i++)
    {
      FaxPortInfo *info = g_ptr_array_index (ports, i);
      guint32 id = fax_port_info_get_device_id (info);
      const char *tsid = fax_port_info_get_tsid (info);

      if (!(fax_port_info_get_flags (info) & FAX_PORT_FLAG_SEND))
        continue;
      gtk_string_list_append (names, fax_port_info_get_device_name (info));
      g_array_append_val (self->port_ids, id);
      g_ptr_array_add (self->port_tsids, g_strdup (tsid));

      /* Automatic: the sender's number is known when all ports share it */
      if (common_tsid == NULL && tsids_agree)
        common_tsid = g_strdup (tsid ? tsid : "");
      else if (g_strcmp0 (common_tsid, tsid ? tsid : "") != 0)
        tsids_agree = FALSE;
    }
  if (tsids_agree && common_tsid != NULL && common_tsid[0] != '\0')
    self->port_tsids->pdata[0] = g_steal_pointer (&common_tsid);

  adw_combo_row_set_model (self->port_row, G_LIST_MODEL (names));
  adw_combo_row_set_selected (self->port_row, 0);
}

static guint
selected_port (FaxSendDialog *self)
{
  guint selected = adw_combo_row_get_selected (self->port_row);

  return selected < self->port_ids->len ? selected : 0;
}

/* ------------------------------------------------------------- the time */

static int
spin_output_cb (GtkSpinButton *spin,
                gpointer       user_data)
{
  g_autofree char *text = g_strdup_printf ("%02d", gtk_spin_button_get_value_as_int (spin));

  if (g_strcmp0 (text, gtk_editable_get_text (GTK_EDITABLE (spin))) != 0)
    gtk_editable_set_text (GTK_EDITABLE (spin), text);
  return TRUE;
}

/* The local time chosen on the form (seconds 0) */
static GDateTime *
dup_chosen_time (FaxSendDialog *self)
{
  g_autoptr(GDateTime) day = gtk_calendar_get_date (self->calendar);

  return g_date_time_new_local (g_date_time_get_year (day), g_date_time_get_month (day),
                                g_date_time_get_day_of_month (day),
                                gtk_spin_button_get_value_as_int (self->hour_spin),
                                gtk_spin_button_get_value_as_int (self->minute_spin), 0);
}

/* When to send: 0 for now, else the unix time; FALSE with a message
 * when the chosen time has passed */
static gboolean
get_send_at (FaxSendDialog  *self,
             gint64         *send_at,
             char          **message)
{
  g_autoptr(GDateTime) chosen = NULL;
  g_autoptr(GDateTime) now = NULL;
  g_autofree char *when = NULL;

  *send_at = 0;
  if (adw_combo_row_get_selected (self->when_row) != WHEN_LATER)
    return TRUE;

  chosen = dup_chosen_time (self);
  now = g_date_time_new_now_local ();
  if (chosen != NULL && g_date_time_compare (chosen, now) > 0)
    {
      *send_at = g_date_time_to_unix (chosen);
      return TRUE;
    }

  if (message != NULL)
    {
      when = chosen ? g_date_time_format (chosen, "%x %H:%M") : g_strdup ("");
      /* Translators: %s is a date and time the user chose */
      *message = g_strdup_printf (_("%s has already passed: choose a later date and time, or send now."), when);
    }
  return FALSE;
}

static void
update_time_row (FaxSendDialog *self)
{
  g_autoptr(GDateTime) day = gtk_calendar_get_date (self->calendar);
  g_autofree char *label = g_date_time_format (day, "%x");
  gint64 send_at;

  gtk_menu_button_set_label (self->date_button, label);
  if (get_send_at (self, &send_at, NULL))
    {
      adw_action_row_set_subtitle (self->time_row, "");
      gtk_widget_remove_css_class (GTK_WIDGET (self->time_row), "error");
    }
  else
    {
      adw_action_row_set_subtitle (self->time_row, _("This time has already passed"));
      gtk_widget_add_css_class (GTK_WIDGET (self->time_row), "error");
    }
}

static void
time_changed_cb (FaxSendDialog *self)
{
  update_time_row (self);
  /* The cover page's date is the time of sending */
  cover_detail_changed_cb (self);
}

/* Later: by default the next full hour after the coming one, today
 * unless that is tomorrow already */
static void
set_default_time (FaxSendDialog *self)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) later = g_date_time_add_minutes (now, 60 + (60 - g_date_time_get_minute (now)) % 60);

  g_signal_handlers_block_by_func (self->calendar, time_changed_cb, self);
  g_signal_handlers_block_by_func (self->hour_spin, time_changed_cb, self);
  g_signal_handlers_block_by_func (self->minute_spin, time_changed_cb, self);
  gtk_calendar_select_day (self->calendar, later);
  gtk_spin_button_set_value (self->hour_spin, g_date_time_get_hour (later));
  gtk_spin_button_set_value (self->minute_spin, 0);
  g_signal_handlers_unblock_by_func (self->calendar, time_changed_cb, self);
  g_signal_handlers_unblock_by_func (self->hour_spin, time_changed_cb, self);
  g_signal_handlers_unblock_by_func (self->minute_spin, time_changed_cb, self);
}

static void
when_changed_cb (FaxSendDialog *self)
{
  gboolean later = adw_combo_row_get_selected (self->when_row) == WHEN_LATER;
  gint64 send_at;

  if (later && !get_send_at (self, &send_at, NULL))
    set_default_time (self);
  gtk_widget_set_visible (GTK_WIDGET (self->date_row), later);
  gtk_widget_set_visible (GTK_WIDGET (self->time_row), later);
  update_time_row (self);
  cover_detail_changed_cb (self);
}

/* ---------------------------------------------------------------- pages */

static FaxResolution
selected_resolution (FaxSendDialog *self)
{
  switch (adw_combo_row_get_selected (self->resolution_row))
    {
    case 0:
      return FAX_RESOLUTION_STANDARD;
    case 2:
      return FAX_RESOLUTION_SUPERFINE;
    case 1:
    default:
      return FAX_RESOLUTION_FINE;
    }
}

static FaxCoverPage *
build_cover_page (FaxSendDialog *self,
                  gint64         send_at)
{
  FaxCoverPage *cover = fax_cover_page_new ();
  g_autofree char *number = dup_stripped (self->number_row);
  g_autofree char *name = dup_stripped (self->name_row);
  g_autofree char *to = dup_stripped (self->cover_to_row);
  g_autofree char *from = dup_stripped (self->cover_from_row);
  g_autofree char *subject = dup_stripped (self->cover_subject_row);
  g_autofree char *message = NULL;
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->cover_message_view);
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  message = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);

  fax_cover_page_set_recipient (cover, to[0] ? to : name);
  fax_cover_page_set_recipient_number (cover, number);
  fax_cover_page_set_sender (cover, from);
  fax_cover_page_set_sender_number (cover, g_ptr_array_index (self->port_tsids, selected_port (self)));
  fax_cover_page_set_subject (cover, subject);
  fax_cover_page_set_message (cover, g_strchomp (message));
  if (send_at > 0)
    {
      g_autoptr(GDateTime) date = g_date_time_new_from_unix_local (send_at);
      fax_cover_page_set_date (cover, date);
    }
  return cover;
}

/* The worker's data. The dialog is held by the callback's user data,
 * which is released on the main thread (a task's own references may be
 * dropped on the worker's thread, and widgets must not be finalized there) */
typedef struct
{
  FaxSendDialog *self;        /* unowned: alive until the callback has run */
  GMainContext  *context;
  FaxDocument   *document;
  char          *output;
  guint          serial;
} Conversion;

static void
conversion_free (Conversion *c)
{
  g_main_context_unref (c->context);
  g_object_unref (c->document);
  g_free (c->output);
  g_free (c);
}

typedef struct
{
  guint      n_pages;
  GPtrArray *thumbnails;      /* cairo_surface_t* */
} Converted;

static void
converted_free (Converted *c)
{
  g_ptr_array_unref (c->thumbnails);
  g_free (c);
}

typedef struct
{
  FaxSendDialog *self;
  guint          serial;
  guint          done;
  guint          n_pages;
} Progress;

static void
progress_free (Progress *p)
{
  g_object_unref (p->self);
  g_free (p);
}

static gboolean
show_progress (gpointer data)
{
  Progress *p = data;
  FaxSendDialog *self = p->self;
  g_autofree char *text = NULL;

  if (p->serial != self->serial || !converting (self))
    return G_SOURCE_REMOVE;
  gtk_progress_bar_set_fraction (self->progress_bar, p->n_pages ? (double)p->done / p->n_pages : 1.0);
  /* Translators: while the documents become fax pages */
  text = g_strdup_printf (_("Preparing page %u of %u…"), MIN (p->done + 1, p->n_pages), p->n_pages);
  gtk_label_set_text (self->progress_label, text);
  return G_SOURCE_REMOVE;
}

/* On the converting thread, after each page */
static void
conversion_progress (guint    done,
                     guint    n_pages,
                     gpointer user_data)
{
  Conversion *c = user_data;
  Progress *p = g_new0 (Progress, 1);

  p->self = g_object_ref (c->self);
  p->serial = c->serial;
  p->done = done;
  p->n_pages = n_pages;
  g_main_context_invoke_full (c->context, G_PRIORITY_DEFAULT, show_progress, p,
                              (GDestroyNotify)progress_free);
}

/* The documents become the fax pages, and the pages thumbnails */
static void
conversion_thread (GTask        *task,
                   gpointer      source_object,
                   gpointer      task_data,
                   GCancellable *cancellable)
{
  Conversion *c = task_data;
  g_autoptr(GFile) output = g_file_new_for_path (c->output);
  g_autoptr(FaxPageRenderer) renderer = NULL;
  g_autoptr(GError) error = NULL;
  Converted *result;
  guint n;

  n = fax_document_convert (c->document, output, conversion_progress, c, cancellable, &error);
  if (n == 0)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  result = g_new0 (Converted, 1);
  result->n_pages = n;
  result->thumbnails = g_ptr_array_new_with_free_func ((GDestroyNotify)cairo_surface_destroy);
  renderer = fax_page_renderer_new (output);
  if (!fax_page_renderer_load (renderer, cancellable, &error))
    goto failed;
  for (guint i = 0; i < MIN (n, MAX_THUMBNAILS); i++)
    {
      cairo_surface_t *surface = fax_page_renderer_render_thumbnail (renderer, i, THUMBNAIL_WIDTH,
                                                                     THUMBNAIL_HEIGHT, cancellable,
                                                                     &error);
      if (surface == NULL)
        goto failed;
      g_ptr_array_add (result->thumbnails, surface);
    }
  g_task_return_pointer (task, result, (GDestroyNotify)converted_free);
  return;

failed:
  converted_free (result);
  g_unlink (c->output);
  g_task_return_error (task, g_steal_pointer (&error));
}

static char *
describe_resolution (FaxResolution resolution)
{
  double x, y;

  fax_resolution_get_dpi (resolution, &x, &y);
  switch (resolution)
    {
    case FAX_RESOLUTION_STANDARD:
      return g_strdup_printf (_("Standard resolution (%g × %g dpi)"), x, y);
    case FAX_RESOLUTION_SUPERFINE:
      return g_strdup_printf (_("Superfine resolution (%g × %g dpi)"), x, y);
    case FAX_RESOLUTION_FINE:
    default:
      return g_strdup_printf (_("Fine resolution (%g × %g dpi)"), x, y);
    }
}

static void
show_pages (FaxSendDialog *self,
            Converted     *converted,
            gboolean       with_cover)
{
  g_autofree char *title = NULL;
  g_autofree char *resolution = describe_resolution (selected_resolution (self));
  g_autofree char *subtitle = NULL;

  clear_preview (self);
  for (guint i = 0; i < converted->thumbnails->len; i++)
    {
      g_autoptr(GdkTexture) texture = fax_page_texture_new (g_ptr_array_index (converted->thumbnails, i), 0);
      GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
      GtkWidget *picture = gtk_picture_new_for_paintable (GDK_PAINTABLE (texture));
      g_autofree char *label = NULL;

      if (i == 0 && with_cover)
        label = g_strdup (_("Cover page"));
      else
        label = g_strdup_printf (_("Page %u"), i + 1);
      /* At its own size: the thumbnail already has the page's proportions */
      gtk_picture_set_can_shrink (GTK_PICTURE (picture), FALSE);
      gtk_widget_set_size_request (picture, gdk_texture_get_width (texture), gdk_texture_get_height (texture));
      gtk_widget_set_halign (picture, GTK_ALIGN_CENTER);
      gtk_widget_add_css_class (picture, "card");
      gtk_box_append (GTK_BOX (box), picture);
      gtk_box_append (GTK_BOX (box), gtk_label_new (label));
      gtk_widget_set_valign (box, GTK_ALIGN_START);
      gtk_flow_box_append (self->preview_pages, box);
    }

  if (converted->n_pages > converted->thumbnails->len)
    {
      g_autofree char *more = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "…and %u more page",
                                                            "…and %u more pages",
                                                            converted->n_pages - converted->thumbnails->len),
                                               converted->n_pages - converted->thumbnails->len);
      gtk_label_set_text (self->preview_more, more);
      gtk_widget_set_visible (GTK_WIDGET (self->preview_more), TRUE);
    }

  title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u page", "%u pages", converted->n_pages),
                           converted->n_pages);
  if (gtk_switch_get_active (self->header_switch))
    /* Translators: %s is a resolution such as "Fine resolution (204 × 196 dpi)" */
    subtitle = g_strdup_printf (_("%s. These are the pages exactly as they will be sent; the header line is added at the top of each page as it goes out."),
                                resolution);
  else
    subtitle = g_strdup_printf (_("%s. These are the pages exactly as they will be sent."), resolution);
  gtk_label_set_text (self->preview_title, title);
  gtk_label_set_text (self->preview_subtitle, subtitle);
  gtk_stack_set_visible_child_name (self->preview_stack, "pages");
}

static void submit (FaxSendDialog *self);

static void
converted_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(FaxSendDialog) self = user_data;
  Conversion *c = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  Converted *converted = g_task_propagate_pointer (G_TASK (result), &error);
  gboolean stale = g_cancellable_is_cancelled (g_task_get_cancellable (G_TASK (result))) ||
                   c->serial != self->serial;

  /* Stopped, or the form changed meanwhile (which has reset the dialog):
   * only the file is left to clean up */
  if (stale)
    {
      if (converted != NULL)
        {
          g_unlink (c->output);
          converted_free (converted);
        }
      return;
    }

  g_clear_object (&self->cancellable);
  gtk_spinner_stop (self->spinner);

  if (converted == NULL)
    {
      g_autofree char *message = NULL;

      self->send_when_prepared = FALSE;
      if (g_error_matches (error, FAX_ERROR, FAX_ERROR_INVALID_PARAMETER))
        /* Translators: %s says which document is wrong and why */
        message = g_strdup_printf (_("%s.\nNothing was sent: replace or remove that document, then try again."),
                                   error->message);
      else
        message = g_strdup_printf (_("The fax cannot be prepared: %s"), error->message);
      show_error (self, message);
      show_form (self);
      update_sensitivity (self);
      return;
    }

  self->prepared = g_strdup (c->output);
  self->n_prepared_pages = converted->n_pages;
  show_pages (self, converted, fax_document_get_cover_page (c->document) != NULL);
  converted_free (converted);
  update_sensitivity (self);

  if (self->send_when_prepared)
    {
      self->send_when_prepared = FALSE;
      submit (self);
    }
  else if (on_preview_page (self))
    gtk_widget_grab_focus (self->send_button);
}

static gboolean
ensure_work_dir (FaxSendDialog  *self,
                 GError        **error)
{
  g_autofree char *parent = NULL;
  g_autofree char *dir = NULL;

  if (self->work_dir != NULL)
    return TRUE;

  /* In the user's cache (private, and not a small tmpfs): removed when
   * the dialog goes */
  parent = g_build_filename (g_get_user_cache_dir (), "fax-manager", NULL);
  dir = g_build_filename (parent, "send-XXXXXX", NULL);
  if (g_mkdir_with_parents (parent, 0700) != 0 || g_mkdtemp_full (dir, 0700) == NULL)
    {
      int errsv = errno;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errsv),
                   _("Cannot create a folder for the fax pages in %s: %s"), parent, g_strerror (errsv));
      return FALSE;
    }
  self->work_dir = g_steal_pointer (&dir);
  return TRUE;
}

/* Remembers where the focus is on the form and takes it away, while the
 * field is still sensitive and shown, so that it gets its focus-out (see
 * the top of the file) */
static void
leave_form (FaxSendDialog *self)
{
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (self));

  if (focus != NULL && gtk_widget_is_ancestor (focus, gtk_stack_get_child_by_name (self->stack, "form")))
    {
      g_set_weak_pointer (&self->form_focus, focus);
      gtk_window_set_focus (GTK_WINDOW (self), NULL);
    }
}

static void
show_preview_page (FaxSendDialog *self)
{
  if (!on_preview_page (self))
    leave_form (self);
  gtk_stack_set_visible_child_name (self->stack, "preview");
  adw_window_title_set_subtitle (self->window_title, _("Preview"));
  gtk_widget_set_visible (self->cancel_button, FALSE);
  gtk_widget_set_visible (self->back_button, TRUE);
  gtk_widget_set_visible (self->preview_button, FALSE);
  gtk_widget_grab_focus (converting (self) ? self->stop_button
                         : gtk_widget_get_sensitive (self->send_button) ? self->send_button
                         : self->back_button);
}

static void
show_form (FaxSendDialog *self)
{
  gboolean was_preview = on_preview_page (self);

  gtk_widget_set_sensitive (gtk_stack_get_child_by_name (self->stack, "form"), TRUE);
  gtk_stack_set_visible_child_name (self->stack, "form");
  adw_window_title_set_subtitle (self->window_title, NULL);
  gtk_widget_set_visible (self->cancel_button, TRUE);
  gtk_widget_set_visible (self->back_button, FALSE);
  gtk_widget_set_visible (self->preview_button, TRUE);
  if (was_preview)
    gtk_widget_grab_focus (self->form_focus ? self->form_focus : GTK_WIDGET (self->number_row));
}

static void
start_conversion (FaxSendDialog *self)
{
  g_autoptr(FaxDocument) document = fax_document_new ();
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *name = NULL;
  Conversion *c;
  gint64 send_at = 0;

  invalidate_pages (self);
  if (!ensure_work_dir (self, &error))
    {
      g_autofree char *message = g_strdup_printf (_("The fax cannot be prepared: %s"), error->message);
      self->send_when_prepared = FALSE;
      show_error (self, message);
      return;
    }

  for (guint i = 0; i < self->files->len; i++)
    fax_document_add_file (document, g_ptr_array_index (self->files, i));
  fax_document_set_resolution (document, selected_resolution (self));
  fax_document_set_compression (document, FAX_COMPRESSION_G4);
  if (cover_enabled (self))
    {
      g_autoptr(FaxCoverPage) cover = NULL;

      get_send_at (self, &send_at, NULL);
      cover = build_cover_page (self, send_at);
      fax_document_set_cover_page (document, cover);
    }

  name = g_strdup_printf ("pages-%u.tif", self->serial);
  c = g_new0 (Conversion, 1);
  c->self = self;
  c->context = g_main_context_ref_thread_default ();
  c->document = g_steal_pointer (&document);
  c->output = g_build_filename (self->work_dir, name, NULL);
  c->serial = self->serial;

  show_error (self, NULL);
  clear_preview (self);
  gtk_progress_bar_set_fraction (self->progress_bar, 0);
  gtk_label_set_text (self->progress_label, _("Preparing the pages…"));
  gtk_stack_set_visible_child_name (self->preview_stack, "progress");

  self->cancellable = g_cancellable_new ();
  gtk_spinner_start (self->spinner);
  update_sensitivity (self);
  show_preview_page (self);

  task = g_task_new (NULL, self->cancellable, converted_cb, g_object_ref (self));
  g_task_set_source_tag (task, start_conversion);
  g_task_set_task_data (task, c, (GDestroyNotify)conversion_free);
  g_task_run_in_thread (task, conversion_thread);
}

/**
 * fax_send_dialog_preview:
 *
 * Shows the Preview page, converting the documents first if the pages
 * shown would not be those of the form.
 */
void
fax_send_dialog_preview (FaxSendDialog *self)
{
  g_return_if_fail (FAX_IS_SEND_DIALOG (self));

  if (busy (self) || self->files->len == 0)
    return;
  if (self->prepared != NULL)
    show_preview_page (self);
  else
    start_conversion (self);
}

guint
fax_send_dialog_get_n_pages (FaxSendDialog *self)
{
  g_return_val_if_fail (FAX_IS_SEND_DIALOG (self), 0);
  return self->prepared != NULL ? self->n_prepared_pages : 0;
}

/* ----------------------------------------------------------------- send */

static void
submitted_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(FaxSendDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(FaxJob) job = fax_server_submit_job_finish (FAX_SERVER (object), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || self->server == NULL)
    return;

  g_clear_object (&self->cancellable);
  self->submitting = FALSE;
  gtk_spinner_stop (self->spinner);
  update_sensitivity (self);
  if (job == NULL)
    {
      show_error (self, error->message);
      show_form (self);
      return;
    }

  g_set_object (&self->job, job);
  gtk_window_close (GTK_WINDOW (self));
}

/* Hands the converted pages to the server */
static void
submit (FaxSendDialog *self)
{
  const char *documents[] = { self->prepared, NULL };
  g_autofree char *number = dup_stripped (self->number_row);
  g_autofree char *name = dup_stripped (self->name_row);
  g_autofree char *message = NULL;
  FaxJobOptions options;

  fax_job_options_init (&options);
  if (!get_send_at (self, &options.send_at, &message))
    {
      show_error (self, message);
      show_form (self);
      return;
    }
  options.page_header = gtk_switch_get_active (self->header_switch);
  options.use_ecm = gtk_switch_get_active (self->ecm_switch);
  options.resolution = selected_resolution (self);

  show_error (self, NULL);
  /* The form is locked while the server takes the fax: the focus leaves
   * it first, for the Cancel button (which stops the submission) */
  if (on_preview_page (self))
    gtk_widget_grab_focus (self->back_button);
  else
    {
      leave_form (self);
      gtk_widget_grab_focus (self->cancel_button);
    }
  gtk_widget_set_sensitive (gtk_stack_get_child_by_name (self->stack, "form"), FALSE);
  self->submitting = TRUE;
  self->cancellable = g_cancellable_new ();
  gtk_spinner_start (self->spinner);
  update_sensitivity (self);
  fax_server_submit_job_async (self->server, documents, number, name[0] ? name : NULL,
                               g_array_index (self->port_ids, guint32, selected_port (self)),
                               &options, self->cancellable, submitted_cb, g_object_ref (self));
}

void
fax_send_dialog_send (FaxSendDialog *self)
{
  g_autofree char *message = NULL;
  gint64 send_at;

  g_return_if_fail (FAX_IS_SEND_DIALOG (self));

  if (busy (self) || self->server == NULL || !gtk_widget_get_sensitive (self->send_button))
    return;

  /* A time in the past is refused before any work */
  if (!get_send_at (self, &send_at, &message))
    {
      show_error (self, message);
      show_form (self);
      gtk_widget_grab_focus (GTK_WIDGET (self->hour_spin));
      return;
    }

  if (self->prepared != NULL)
    submit (self);
  else
    {
      self->send_when_prepared = TRUE;
      start_conversion (self);
    }
}

static void
send_clicked_cb (FaxSendDialog *self)
{
  fax_send_dialog_send (self);
}

static void
preview_clicked_cb (FaxSendDialog *self)
{
  fax_send_dialog_preview (self);
}

static void
stop_clicked_cb (FaxSendDialog *self)
{
  stop_conversion (self);
  invalidate_pages (self);
  show_form (self);
}

/* Back to the form: what is being prepared stops, what is ready stays */
static void
back_clicked_cb (FaxSendDialog *self)
{
  if (self->submitting)
    return;
  if (converting (self))
    stop_clicked_cb (self);
  else
    show_form (self);
}

static void
cancel_clicked_cb (FaxSendDialog *self)
{
  gtk_window_close (GTK_WINDOW (self));
}

void
fax_send_dialog_set_number (FaxSendDialog *self,
                            const char    *number)
{
  g_return_if_fail (FAX_IS_SEND_DIALOG (self));
  gtk_editable_set_text (GTK_EDITABLE (self->number_row), number ? number : "");
}

FaxJob *
fax_send_dialog_get_job (FaxSendDialog *self)
{
  g_return_val_if_fail (FAX_IS_SEND_DIALOG (self), NULL);
  return self->job;
}

FaxSendDialog *
fax_send_dialog_new (GtkWindow *parent,
                     FaxServer *server)
{
  FaxSendDialog *self;

  g_return_val_if_fail (FAX_IS_SERVER (server), NULL);

  self = g_object_new (FAX_TYPE_SEND_DIALOG, "transient-for", parent, NULL);
  self->server = g_object_ref (server);
  fill_ports (self);
  gtk_window_set_focus (GTK_WINDOW (self), GTK_WIDGET (self->number_row));
  return self;
}

static void
fax_send_dialog_dispose (GObject *object)
{
  FaxSendDialog *self = FAX_SEND_DIALOG (object);

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->server);
  g_clear_object (&self->job);
  g_clear_weak_pointer (&self->form_focus);
  g_clear_pointer (&self->files, g_ptr_array_unref);
  g_clear_pointer (&self->port_ids, g_array_unref);
  g_clear_pointer (&self->port_tsids, g_ptr_array_unref);

  G_OBJECT_CLASS (fax_send_dialog_parent_class)->dispose (object);
}

/* Runs once no conversion holds the dialog any more: the converted pages
 * (copied into the outbox by now, if sent) go */
static void
fax_send_dialog_finalize (GObject *object)
{
  FaxSendDialog *self = FAX_SEND_DIALOG (object);

  if (self->work_dir != NULL)
    {
      GDir *dir = g_dir_open (self->work_dir, 0, NULL);
      const char *name;

      while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *path = g_build_filename (self->work_dir, name, NULL);
          g_unlink (path);
        }
      g_clear_pointer (&dir, g_dir_close);
      if (g_rmdir (self->work_dir) != 0)
        g_warning ("Could not remove %s: %s", self->work_dir, g_strerror (errno));
    }
  g_free (self->work_dir);
  g_free (self->prepared);

  G_OBJECT_CLASS (fax_send_dialog_parent_class)->finalize (object);
}

static void
fax_send_dialog_class_init (FaxSendDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = fax_send_dialog_dispose;
  object_class->finalize = fax_send_dialog_finalize;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/faxmanager/FaxManager/fax-send-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, FaxSendDialog, window_title);
  gtk_widget_class_bind_template_child (widget_class, FaxSendDialog, send_button);
  gtk_widget_class_bind_template_child (widget_class, FaxSendDialog, preview_button);
  gtk_widget_class_bind_template_child (widget_class, FaxSendDialog, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, FaxSendDialog, back_button);
  gtk_widget_class_bind_template_child (widget_class, FaxSendDialog, spinner);
  gtk_widget_class_bind_template_child (widget_class, FaxSendDialog, stack);
  gtk_widget_class_bind_template_child (widget_class, FaxSendDialog, error_label);
  gtk_widget_class_bind_template_child (widget_class, FaxSendDialog, number_row);
  gtk_widget_class_bind_template_child (widget_class, FaxSendDialog, name_row);
  gtk_widget_class_bind_template_child (widget_class, FaxSendDialog, documents_list);
  gtk_widget_class_bind_template_child (widget_class, FaxSendDialog, cover_row);
  gtk_widget_class_bind_template_child (widget_class, FaxSendDialog, cover_to_row);
  gtk_widget_class_bind_template_child (widget_class, FaxSendDialog, cover_from_row);
  gtk_widget_class_bind_template_child (widget_class, FaxSendDialog, cover_subject_row);
  gtk_widget_class_bind_template_child (widget_class, FaxSendDialog, cover_message_view);
  gtk_widget_class_bind_template_child (widget_class, FaxSendDialog, when_row);
  gtk_widget_class_bind_template_child (widget_class, FaxSendDialog, date_row);
  gtk_widget_class_bind_template_child (widget_class, FaxSendDialog, date_button);
  gtk_widget_class_bind_template_child (widget_class, FaxSendDialog, calendar);
  gtk_widget_class_bind_template_child (widget_class, FaxSendDialog, time_row);
  gtk_widget_class_bind_template_child (widget_class, FaxSendDialog, hour_spin);
  gtk_widget_class_bind_template_child (widget_class, FaxSendDialog, minute_spin);
  gtk_widget_class_bind_template_child (widget_class, FaxSendDialog, port_row);
  gtk_widget_class_bind_template_child (widget_class, FaxSendDialog, resolution_row);
  gtk_widget_class_bind_template_child (widget_class, FaxSendDialog, header_switch);
  gtk_widget_class_bind_template_child (widget_class, FaxSendDialog, ecm_switch);
  gtk_widget_class_bind_template_child (widget_class, FaxSendDialog, preview_stack);
  gtk_widget_class_bind_template_child (widget_class, FaxSendDialog, progress_label);
  gtk_widget_class_bind_template_child (widget_class, FaxSendDialog, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, FaxSendDialog, stop_button);
  gtk_widget_class_bind_template_child (widget_class, FaxSendDialog, preview_title);
  gtk_widget_class_bind_template_child (widget_class, FaxSendDialog, preview_subtitle);
  gtk_widget_class_bind_template_child (widget_class, FaxSendDialog, preview_pages);
  gtk_widget_class_bind_template_child (widget_class, FaxSendDialog, preview_more);
  gtk_widget_class_bind_template_callback (widget_class, number_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, pages_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, cover_detail_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, when_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, time_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, spin_output_cb);
  gtk_widget_class_bind_template_callback (widget_class, add_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, send_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, preview_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, stop_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, back_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, cancel_clicked_cb);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
fax_send_dialog_init (FaxSendDialog *self)
{
  GtkDropTarget *target;
  const char *real_name = g_get_real_name ();

  self->files = g_ptr_array_new_with_free_func (g_object_unref);
  self->port_ids = g_array_new (FALSE, FALSE, sizeof (guint32));
  self->port_tsids = g_ptr_array_new_with_free_func (g_free);

  gtk_widget_init_template (GTK_WIDGET (self));

  g_signal_connect_object (gtk_text_view_get_buffer (self->cover_message_view), "changed",
                           G_CALLBACK (pages_changed_cb), self, G_CONNECT_SWAPPED);

  /* The sender on the cover page: who is logged in, until changed */
  if (real_name != NULL && g_strcmp0 (real_name, "Unknown") != 0)
    gtk_editable_set_text (GTK_EDITABLE (self->cover_from_row), real_name);

  target = gtk_drop_target_new (GDK_TYPE_FILE_LIST, GDK_ACTION_COPY);
  g_signal_connect (target, "drop", G_CALLBACK (drop_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (target));

  update_time_row (self);
  rebuild_documents (self);
}
