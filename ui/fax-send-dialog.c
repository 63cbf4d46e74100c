/* fax-send-dialog.c
 *
 * A new fax: the recipient's number and name, the documents in order
 * (chosen with the file chooser or dropped on the dialog), the port
 * ("Automatic" picks the first free port that may send, by priority) and
 * the header line and ECM options. Send hands everything to
 * fax_server_submit_job_async (): the documents are read and copied into
 * the outbox on a worker thread, so the window stays responsive, and the
 * dialog closes once the job is queued. What the server refuses (a bad
 * number, a document it cannot read) is shown in the dialog, which stays
 * open with everything the user entered.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "fax-send-dialog.h"

struct _FaxSendDialog
{
  AdwWindow       parent_instance;

  FaxServer      *server;
  GPtrArray      *files;        /* GFile*, in sending order */
  GArray         *port_ids;     /* guint32 per row of the port list; 0: automatic */
  GCancellable   *cancellable;
  FaxJob         *job;

  GtkWidget      *send_button;
  GtkWidget      *cancel_button;
  GtkSpinner     *spinner;
  GtkLabel       *error_label;
  AdwEntryRow    *number_row;
  AdwEntryRow    *name_row;
  GtkListBox     *documents_list;
  AdwComboRow    *port_row;
  GtkSwitch      *header_switch;
  GtkSwitch      *ecm_switch;
};

G_DEFINE_FINAL_TYPE (FaxSendDialog, fax_send_dialog, ADW_TYPE_WINDOW)

static gboolean
busy (FaxSendDialog *self)
{
  return self->cancellable != NULL;
}

static void
update_sensitivity (FaxSendDialog *self)
{
  const char *number = gtk_editable_get_text (GTK_EDITABLE (self->number_row));
  g_autofree char *stripped = g_strstrip (g_strdup (number ? number : ""));
  gboolean has_number = stripped[0] != '\0';

  gtk_widget_set_sensitive (self->send_button, !busy (self) && has_number && self->files->len > 0);
}

static void
show_error (FaxSendDialog *self,
            const char    *message)
{
  gtk_label_set_text (self->error_label, message ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
}

/* ------------------------------------------------------------ documents */

static void rebuild_documents (FaxSendDialog *self);

static void
remove_clicked_cb (GtkButton     *button,
                   FaxSendDialog *self)
{
  guint index = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (button), "index"));

  if (busy (self) || index >= self->files->len)
    return;
  g_ptr_array_remove_index (self->files, index);
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

  for (guint i = 0; i < n_files; i++)
    if (files[i] != NULL && g_file_is_native (files[i]))
      g_ptr_array_add (self->files, g_object_ref (files[i]));
  show_error (self, NULL);
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

  if (busy (self) || !G_VALUE_HOLDS (value, GDK_TYPE_FILE_LIST))
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
  guint32 automatic = 0;

  g_array_set_size (self->port_ids, 0);
  gtk_string_list_append (names, _("Automatic (first free port)"));
  g_array_append_val (self->port_ids, automatic);

  ports = self->server ? fax_server_enum_ports (self->server, NULL) : NULL;
  for (guint i = 0; ports != NULL && i < ports->len; i++)
    {
      FaxPortInfo *info = g_ptr_array_index (ports, i);
      guint32 id = fax_port_info_get_device_id (info);

      if (!(fax_port_info_get_flags (info) & FAX_PORT_FLAG_SEND))
        continue;
      gtk_string_list_append (names, fax_port_info_get_device_name (info));
      g_array_append_val (self->port_ids, id);
    }
  adw_combo_row_set_model (self->port_row, G_LIST_MODEL (names));
  adw_combo_row_set_selected (self->port_row, 0);
}

/* ----------------------------------------------------------------- send */

static void
set_busy (FaxSendDialog *self,
          gboolean       is_busy)
{
  if (is_busy)
    {
      self->cancellable = g_cancellable_new ();
      gtk_spinner_start (self->spinner);
    }
  else
    {
      g_clear_object (&self->cancellable);
      gtk_spinner_stop (self->spinner);
    }
  gtk_widget_set_sensitive (GTK_WIDGET (self->number_row), !is_busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->documents_list), !is_busy);
  update_sensitivity (self);
}

static void
submitted_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(FaxSendDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(FaxJob) job = fax_server_submit_job_finish (FAX_SERVER (object), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  set_busy (self, FALSE);
  if (job == NULL)
    {
      show_error (self, error->message);
      return;
    }

  g_set_object (&self->job, job);
  gtk_window_close (GTK_WINDOW (self));
}

void
fax_send_dialog_send (FaxSendDialog *self)
{
  g_autoptr(GPtrArray) paths = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *number = NULL;
  g_autofree char *name = NULL;
  FaxJobOptions options;
  guint selected;
  guint32 device_id = 0;

  g_return_if_fail (FAX_IS_SEND_DIALOG (self));

  if (busy (self) || self->server == NULL || !gtk_widget_get_sensitive (self->send_button))
    return;

  number = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->number_row))));
  name = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->name_row))));
  for (guint i = 0; i < self->files->len; i++)
    g_ptr_array_add (paths, g_file_get_path (g_ptr_array_index (self->files, i)));
  g_ptr_array_add (paths, NULL);

  selected = adw_combo_row_get_selected (self->port_row);
  if (selected != GTK_INVALID_LIST_POSITION && selected < self->port_ids->len)
    device_id = g_array_index (self->port_ids, guint32, selected);

  fax_job_options_init (&options);
  options.page_header = gtk_switch_get_active (self->header_switch);
  options.use_ecm = gtk_switch_get_active (self->ecm_switch);

  show_error (self, NULL);
  set_busy (self, TRUE);
  fax_server_submit_job_async (self->server, (const char * const *)paths->pdata, number,
                               name[0] ? name : NULL, device_id, &options, self->cancellable,
                               submitted_cb, g_object_ref (self));
}

static void
send_clicked_cb (FaxSendDialog *self)
{
  fax_send_dialog_send (self);
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
  g_clear_pointer (&self->files, g_ptr_array_unref);
  g_clear_pointer (&self->port_ids, g_array_unref);

  G_OBJECT_CLASS (fax_send_dialog_parent_class)->dispose (object);
}

static void
fax_send_dialog_class_init (FaxSendDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = fax_send_dialog_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/faxmanager/FaxManager/fax-send-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, FaxSendDialog, send_button);
  gtk_widget_class_bind_template_child (widget_class, FaxSendDialog, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, FaxSendDialog, spinner);
  gtk_widget_class_bind_template_child (widget_class, FaxSendDialog, error_label);
  gtk_widget_class_bind_template_child (widget_class, FaxSendDialog, number_row);
  gtk_widget_class_bind_template_child (widget_class, FaxSendDialog, name_row);
  gtk_widget_class_bind_template_child (widget_class, FaxSendDialog, documents_list);
  gtk_widget_class_bind_template_child (widget_class, FaxSendDialog, port_row);
  gtk_widget_class_bind_template_child (widget_class, FaxSendDialog, header_switch);
  gtk_widget_class_bind_template_child (widget_class, FaxSendDialog, ecm_switch);
  gtk_widget_class_bind_template_callback (widget_class, update_sensitivity);
  gtk_widget_class_bind_template_callback (widget_class, add_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, send_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, cancel_clicked_cb);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
fax_send_dialog_init (FaxSendDialog *self)
{
  GtkDropTarget *target;

  self->files = g_ptr_array_new_with_free_func (g_object_unref);
  self->port_ids = g_array_new (FALSE, FALSE, sizeof (guint32));

  gtk_widget_init_template (GTK_WIDGET (self));

  target = gtk_drop_target_new (GDK_TYPE_FILE_LIST, GDK_ACTION_COPY);
  g_signal_connect (target, "drop", G_CALLBACK (drop_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (target));

  rebuild_documents (self);
}
