/* fax-inbox-view.c
 *
 * The Inbox page: the server's live inbox model (newest first) in a
 * one-column GtkGridView, so that thousands of faxes cost only the rows
 * on screen (GTK 4.8's GtkListView keeps 200 rows bound and laid out
 * whatever its height; a one-column grid view about 30);
 * a search entry narrows it to the faxes whose sender (remote TSID or
 * caller id) contains the text. Each row shows the sender, when it came,
 * the pages, the port, whether it is new (bold) or incomplete, and the
 * buttons to mark it read/unread and to move it to the trash. Activating
 * a row marks it read and opens the fax.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#ifdef __linux__
# include <sys/resource.h>
# include <sys/syscall.h>
# include <unistd.h>
#endif

#include "fax-inbox-view.h"
#include "fax-page-texture.h"
#include "fax-viewer.h"

struct _FaxInboxView
{
  AdwBin              parent_instance;

  FaxServer          *server;
  GtkCustomFilter    *filter;
  GtkFilterListModel *filtered;
  GtkSingleSelection *selection;
  char               *search;
  gboolean            setting_search;
  GHashTable         *thumbnails;     /* path -> ThumbEntry: page 1, recently shown */
  GQueue              thumb_lru;      /* of paths, most recently shown first */
  GHashTable         *pending;        /* path -> GCancellable of its render */
  GQueue              thumb_queue;    /* ThumbRequests not started, newest first */
  guint               thumb_running;  /* renders in workers */
  gint64              thumb_asked;    /* when the last request was queued */
  guint               thumb_quiet_id; /* waits for the requests to pause */
  GCancellable       *cancellable;
  GCancellable       *load_cancellable;
  gboolean            loading;

  AdwToastOverlay    *toast_overlay;
  GtkStack           *stack;
  GtkSearchEntry     *search_entry;
  GtkGridView        *list_view;
  AdwStatusPage      *empty_page;
};

G_DEFINE_FINAL_TYPE (FaxInboxView, fax_inbox_view, ADW_TYPE_BIN)

static GdkTexture *thumbnail_for (FaxInboxView *self, FaxReceivedFax *fax);

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

static void
show_error (FaxInboxView *self,
            const GError *error)
{
  AdwToast *toast = adw_toast_new (error->message);

  adw_toast_set_timeout (toast, 0);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

/* ----------------------------------------------------------------- rows */

static char *
describe (FaxReceivedFax *fax)
{
  g_autoptr(GDateTime) when = g_date_time_new_from_unix_local (fax_received_fax_get_received (fax));
  /* Translators: when a fax came in, in strftime () format */
  g_autofree char *time = when ? g_date_time_format (when, _("%e %b %Y, %H:%M")) : g_strdup ("");
  guint pages = fax_received_fax_get_pages (fax);
  g_autofree char *count = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u page", "%u pages", pages), pages);
  const char *port = fax_received_fax_get_device_name (fax);

  g_strstrip (time);
  if (port != NULL && *port != '\0')
    /* Translators: "25 Nov 2026, 10:32 · 3 pages · Virtual line B" */
    return g_strdup_printf (_("%s · %s · %s"), time, count, port);
  return g_strdup_printf (_("%s · %s"), time, count);
}

static void
update_row (GtkWidget      *row,
            GParamSpec     *pspec,
            FaxReceivedFax *fax)
{
  GtkLabel *title = g_object_get_data (G_OBJECT (row), "title");
  GtkLabel *subtitle = g_object_get_data (G_OBJECT (row), "subtitle");
  GtkWidget *incomplete = g_object_get_data (G_OBJECT (row), "incomplete");
  GtkButton *read_button = g_object_get_data (G_OBJECT (row), "read");
  const char *sender = sender_of (fax);
  g_autofree char *text = describe (fax);
  gboolean unread = fax_received_fax_get_unread (fax);

  gtk_label_set_text (title, sender ? sender : _("Unknown sender"));
  gtk_label_set_text (subtitle, text);
  gtk_widget_set_visible (incomplete, fax_received_fax_get_incomplete (fax));
  {
    GtkWidget *routing = g_object_get_data (G_OBJECT (row), "routing");
    const char *problems = fax_received_fax_get_routing_problems (fax);

    gtk_widget_set_visible (routing, problems != NULL);
    if (problems != NULL)
      {
        /* Translators: a tooltip; the reasons follow, one per line */
        g_autofree char *tip = g_strdup_printf (_("Passing this fax on failed:\n%s"), problems);
        gtk_widget_set_tooltip_text (routing, tip);
        gtk_accessible_update_property (GTK_ACCESSIBLE (routing),
                                        GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, tip, -1);
      }
  }
  if (unread)
    gtk_widget_add_css_class (GTK_WIDGET (title), "heading");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (title), "heading");
  gtk_button_set_icon_name (read_button, unread ? "mail-read-symbolic" : "mail-unread-symbolic");

  {
    FaxInboxView *view = g_object_get_data (G_OBJECT (row), "view");
    GdkTexture *texture = thumbnail_for (view, fax);

    gtk_picture_set_paintable (g_object_get_data (G_OBJECT (row), "thumb"), GDK_PAINTABLE (texture));
    gtk_stack_set_visible_child_name (g_object_get_data (G_OBJECT (row), "thumb-stack"),
                                      texture ? "thumbnail" : "icon");
  }
  gtk_widget_set_tooltip_text (GTK_WIDGET (read_button), unread ? _("Mark as Read") : _("Mark as Unread"));
}

/* The fax a row shows now (rows are recycled as the list scrolls) */
static FaxReceivedFax *
row_fax (GtkWidget *row)
{
  GtkListItem *item = g_object_get_data (G_OBJECT (row), "list-item");
  return item ? gtk_list_item_get_item (item) : NULL;
}

static void
read_clicked_cb (GtkButton    *button,
                 FaxInboxView *self)
{
  GtkWidget *row = gtk_widget_get_parent (GTK_WIDGET (button));
  FaxReceivedFax *fax = row_fax (row);
  g_autoptr(GError) error = NULL;

  if (fax == NULL || self->server == NULL)
    return;
  if (!fax_server_mark_fax_read (self->server, fax, fax_received_fax_get_unread (fax), &error))
    show_error (self, error);
}

static void
trash_clicked_cb (GtkButton    *button,
                  FaxInboxView *self)
{
  GtkWidget *row = gtk_widget_get_parent (GTK_WIDGET (button));
  g_autoptr(FaxReceivedFax) fax = NULL;
  g_autoptr(GError) error = NULL;

  if (row_fax (row) == NULL || self->server == NULL)
    return;
  fax = g_object_ref (row_fax (row));
  if (!fax_server_trash_fax (self->server, fax, &error))
    show_error (self, error);
  else
    {
      AdwToast *toast = adw_toast_new (_("The fax is in the trash"));
      adw_toast_overlay_add_toast (self->toast_overlay, toast);
    }
}

/* ----------------------------------------------------------- thumbnails */

#define THUMB_WIDTH  40
#define THUMB_HEIGHT 56

/* Page 1 of each fax, rendered in a worker when its row is shown. The
 * last THUMB_CACHE_SIZE are kept (a few MB), so that scrolling through
 * thousands of faxes costs neither memory nor work for rows long gone: a
 * row that leaves the screen cancels its render if it has not begun */
#define THUMB_CACHE_SIZE 300

/* Renders at once: they decode whole pages, and must leave the UI thread
 * a core; the newest request (the rows on screen now) goes first */
static guint
max_thumb_workers (void)
{
  return MAX (1, g_get_num_processors () - 1);
}

typedef struct
{
  GdkTexture *texture;
  GQueue     *lru;
  GList      *link;     /* in lru; its data is the table's key */
} ThumbEntry;

static void
thumb_entry_free_cb (gpointer data)
{
  ThumbEntry *entry = data;

  g_free (entry->link->data);
  g_queue_delete_link (entry->lru, entry->link);
  g_clear_object (&entry->texture);
  g_free (entry);
}

typedef struct
{
  GWeakRef        view;
  FaxReceivedFax *fax;
  char           *path;
  GCancellable   *cancellable;
} ThumbRequest;

static void
thumb_request_free (ThumbRequest *req)
{
  g_weak_ref_clear (&req->view);
  g_clear_object (&req->fax);
  g_clear_object (&req->cancellable);
  g_free (req->path);
  g_free (req);
}

static void
thumb_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  ThumbRequest *req = task_data;
  g_autoptr(GFile) file = NULL;
  g_autoptr(FaxPageRenderer) renderer = NULL;
  GError *error = NULL;
  cairo_surface_t *surface;

  /* Scrolled past before a worker was free */
  if (g_task_return_error_if_cancelled (task))
    return;

  file = g_file_new_for_path (req->path);
  renderer = fax_page_renderer_new (file);
  if (!fax_page_renderer_load (renderer, cancellable, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  surface = fax_page_renderer_render_thumbnail (renderer, 0, THUMB_WIDTH * 2, THUMB_HEIGHT * 2,
                                                cancellable, &error);
  if (surface == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, surface, (GDestroyNotify)cairo_surface_destroy);
}

/* The renders run in threads of their own, at a lower CPU priority, so
 * that on a machine with few cores they wait for the UI thread and the
 * display server rather than the other way round: a thumbnail late by a
 * frame is not seen, a frame late by a thumbnail is */
static void
thumb_pool_run (gpointer data,
                gpointer user_data)
{
  static GPrivate niced;
  GTask *task = data;

#ifdef __linux__
  if (g_private_get (&niced) == NULL)
    {
      /* On Linux the nice value belongs to the thread */
      setpriority (PRIO_PROCESS, (id_t)syscall (SYS_gettid), 10);
      g_private_set (&niced, GINT_TO_POINTER (1));
    }
#endif
  thumb_thread (task, NULL, g_task_get_task_data (task), g_task_get_cancellable (task));
  g_object_unref (task);
}

static void
thumb_run_in_pool (GTask *task)
{
  static GThreadPool *pool;

  if (g_once_init_enter (&pool))
    {
      GThreadPool *new_pool = g_thread_pool_new (thumb_pool_run, NULL, max_thumb_workers (),
                                                 TRUE, NULL);

      g_once_init_leave (&pool, new_pool);
    }
  g_thread_pool_push (pool, g_object_ref (task), NULL);
}

static void
thumb_cache_add (FaxInboxView *self,
                 const char   *path,
                 GdkTexture   *texture)
{
  ThumbEntry *entry = g_new0 (ThumbEntry, 1);
  char *key = g_strdup (path);

  g_hash_table_remove (self->thumbnails, path);
  entry->texture = texture;
  entry->lru = &self->thumb_lru;
  g_queue_push_head (&self->thumb_lru, key);
  entry->link = self->thumb_lru.head;
  g_hash_table_insert (self->thumbnails, key, entry);

  while (self->thumb_lru.length > THUMB_CACHE_SIZE)
    g_hash_table_remove (self->thumbnails, g_queue_peek_tail (&self->thumb_lru));
}

static void thumb_done_cb (GObject *object, GAsyncResult *result, gpointer user_data);

static void
thumb_pump (FaxInboxView *self)
{
  while (self->thumb_running < max_thumb_workers () && self->thumb_queue.length > 0)
    {
      ThumbRequest *req = g_queue_pop_head (&self->thumb_queue);
      g_autoptr(GTask) task = NULL;

      if (g_cancellable_is_cancelled (req->cancellable))
        {
          thumb_request_free (req);
          continue;
        }
      task = g_task_new (NULL, req->cancellable, thumb_done_cb, NULL);
      g_task_set_task_data (task, req, (GDestroyNotify)thumb_request_free);
      thumb_run_in_pool (task);
      self->thumb_running++;
    }
}

/* Renders start once the requests pause for THUMB_QUIET_MS: while the
 * list scrolls fast, rows pass in a frame or two and their thumbnails
 * would never be seen, and a worker busy with them takes a core from the
 * UI thread and the display server. The rows on screen when the scroll
 * slows down or stops get theirs. */
#define THUMB_QUIET_MS 100

static void thumb_pump_when_quiet (FaxInboxView *self);

static gboolean
thumb_quiet_cb (gpointer data)
{
  FaxInboxView *self = data;

  self->thumb_quiet_id = 0;
  thumb_pump_when_quiet (self);
  return G_SOURCE_REMOVE;
}

static void
thumb_pump_when_quiet (FaxInboxView *self)
{
  gint64 waited;

  if (self->thumb_quiet_id != 0)
    return;
  waited = (g_get_monotonic_time () - self->thumb_asked) / 1000;
  if (waited >= THUMB_QUIET_MS)
    thumb_pump (self);
  else
    self->thumb_quiet_id = g_timeout_add (THUMB_QUIET_MS - waited, thumb_quiet_cb, self);
}

static void
thumb_done_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  ThumbRequest *req = g_task_get_task_data (G_TASK (result));
  g_autoptr(FaxInboxView) self = g_weak_ref_get (&req->view);
  cairo_surface_t *surface = g_task_propagate_pointer (G_TASK (result), NULL);

  if (self == NULL || self->thumbnails == NULL)
    {
      if (surface != NULL)
        cairo_surface_destroy (surface);
      return;
    }
  self->thumb_running--;
  thumb_pump_when_quiet (self);
  /* Only this request's own entry: a cancelled one may have a successor */
  if (g_hash_table_lookup (self->pending, req->path) == req->cancellable)
    g_hash_table_remove (self->pending, req->path);
  if (surface == NULL)
    return;   /* cancelled, or an unreadable fax: it keeps its icon */
  thumb_cache_add (self, req->path, fax_page_texture_new (surface, 0));
  cairo_surface_destroy (surface);
  /* Rows showing this fax pick it up */
  g_object_notify (G_OBJECT (req->fax), "pages");
}

static GdkTexture *
thumbnail_for (FaxInboxView   *self,
               FaxReceivedFax *fax)
{
  const char *path = fax_received_fax_get_path (fax);
  ThumbEntry *entry = g_hash_table_lookup (self->thumbnails, path);
  ThumbRequest *req;

  if (entry != NULL)
    {
      /* Seen again: the most recent */
      g_queue_unlink (&self->thumb_lru, entry->link);
      g_queue_push_head_link (&self->thumb_lru, entry->link);
      return entry->texture;
    }
  if (g_hash_table_contains (self->pending, path))
    return NULL;

  req = g_new0 (ThumbRequest, 1);
  g_weak_ref_init (&req->view, self);
  req->fax = g_object_ref (fax);
  req->path = g_strdup (path);
  req->cancellable = g_cancellable_new ();
  g_hash_table_insert (self->pending, g_strdup (path), g_object_ref (req->cancellable));
  g_queue_push_head (&self->thumb_queue, req);
  self->thumb_asked = g_get_monotonic_time ();
  thumb_pump_when_quiet (self);
  return NULL;
}

/* A row no longer shows @fax: its render is not needed any more */
static void
thumbnail_forget (FaxInboxView   *self,
                  FaxReceivedFax *fax)
{
  const char *path = fax_received_fax_get_path (fax);
  GCancellable *cancellable = g_hash_table_lookup (self->pending, path);

  if (cancellable != NULL)
    {
      g_cancellable_cancel (cancellable);
      g_hash_table_remove (self->pending, path);
    }
}

static void
setup_cb (GtkSignalListItemFactory *factory,
          GtkListItem              *item,
          FaxInboxView             *self)
{
  GtkWidget *row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *icon = gtk_image_new_from_icon_name ("call-incoming-symbolic");
  GtkWidget *thumb = gtk_picture_new ();
  GtkWidget *thumb_stack = gtk_stack_new ();
  GtkWidget *labels = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *title = gtk_label_new (NULL);
  GtkWidget *subtitle = gtk_label_new (NULL);
  GtkWidget *incomplete = gtk_label_new (_("Incomplete"));
  GtkWidget *routing = gtk_image_new_from_icon_name ("dialog-warning-symbolic");
  GtkWidget *read_button = gtk_button_new ();
  GtkWidget *trash_button = gtk_button_new_from_icon_name ("user-trash-symbolic");

  gtk_widget_set_margin_top (row, 9);
  gtk_widget_set_margin_bottom (row, 9);
  gtk_widget_set_margin_start (row, 12);
  gtk_widget_set_margin_end (row, 12);
  gtk_image_set_pixel_size (GTK_IMAGE (icon), 32);
  gtk_widget_set_size_request (thumb_stack, THUMB_WIDTH, THUMB_HEIGHT);
  gtk_picture_set_can_shrink (GTK_PICTURE (thumb), TRUE);
  /* A thin frame, not a card: with the software renderer a card's blurred
   * shadow on every row took as long to draw as the rest of the list */
  gtk_widget_add_css_class (thumb, "fax-thumbnail");
  gtk_stack_add_named (GTK_STACK (thumb_stack), icon, "icon");
  gtk_stack_add_named (GTK_STACK (thumb_stack), thumb, "thumbnail");
  gtk_widget_set_hexpand (labels, TRUE);
  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_label_set_ellipsize (GTK_LABEL (title), PANGO_ELLIPSIZE_END);
  gtk_label_set_xalign (GTK_LABEL (subtitle), 0);
  gtk_label_set_ellipsize (GTK_LABEL (subtitle), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (subtitle, "dim-label");
  gtk_widget_add_css_class (subtitle, "caption");
  gtk_widget_add_css_class (incomplete, "warning");
  gtk_widget_add_css_class (incomplete, "caption");
  gtk_widget_set_valign (incomplete, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (incomplete, _("The call ended before the last page: every page that arrived is kept"));
  gtk_widget_set_name (routing, "routing-problem");
  gtk_widget_add_css_class (routing, "warning");
  gtk_widget_set_valign (routing, GTK_ALIGN_CENTER);
  gtk_widget_set_visible (routing, FALSE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (routing),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Routing failed"), -1);
  for (GtkWidget *b = read_button; b != NULL; b = (b == read_button ? trash_button : NULL))
    {
      gtk_widget_set_valign (b, GTK_ALIGN_CENTER);
      gtk_widget_add_css_class (b, "flat");
    }
  gtk_widget_set_tooltip_text (trash_button, _("Move to Trash"));
  g_signal_connect (read_button, "clicked", G_CALLBACK (read_clicked_cb), self);
  g_signal_connect (trash_button, "clicked", G_CALLBACK (trash_clicked_cb), self);

  gtk_box_append (GTK_BOX (labels), title);
  gtk_box_append (GTK_BOX (labels), subtitle);
  gtk_box_append (GTK_BOX (row), thumb_stack);
  gtk_box_append (GTK_BOX (row), labels);
  gtk_box_append (GTK_BOX (row), incomplete);
  gtk_box_append (GTK_BOX (row), routing);
  gtk_box_append (GTK_BOX (row), read_button);
  gtk_box_append (GTK_BOX (row), trash_button);

  g_object_set_data (G_OBJECT (row), "title", title);
  g_object_set_data (G_OBJECT (row), "subtitle", subtitle);
  g_object_set_data (G_OBJECT (row), "incomplete", incomplete);
  g_object_set_data (G_OBJECT (row), "routing", routing);
  g_object_set_data (G_OBJECT (row), "read", read_button);
  g_object_set_data (G_OBJECT (row), "thumb", thumb);
  g_object_set_data (G_OBJECT (row), "thumb-stack", thumb_stack);
  g_object_set_data (G_OBJECT (row), "view", self);
  g_object_set_data (G_OBJECT (row), "list-item", item);
  gtk_list_item_set_child (item, row);
}

static void
bind_cb (GtkSignalListItemFactory *factory,
         GtkListItem              *item,
         FaxInboxView             *self)
{
  GtkWidget *row = gtk_list_item_get_child (item);
  FaxReceivedFax *fax = gtk_list_item_get_item (item);

  update_row (row, NULL, fax);
  g_signal_connect_object (fax, "notify", G_CALLBACK (update_row), row, G_CONNECT_SWAPPED);
}

static void
unbind_cb (GtkSignalListItemFactory *factory,
           GtkListItem              *item,
           FaxInboxView             *self)
{
  GtkWidget *row = gtk_list_item_get_child (item);
  FaxReceivedFax *fax = gtk_list_item_get_item (item);

  if (fax != NULL)
    {
      g_signal_handlers_disconnect_by_func (fax, update_row, row);
      thumbnail_forget (self, fax);
    }
}

static void
activate_cb (FaxInboxView *self,
             guint         position)
{
  g_autoptr(FaxReceivedFax) fax = g_list_model_get_item (G_LIST_MODEL (self->filtered), position);
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;

  if (fax == NULL || self->server == NULL)
    return;

  if (fax_received_fax_get_unread (fax) &&
      !fax_server_mark_fax_read (self->server, fax, TRUE, &error))
    {
      show_error (self, error);
      return;
    }
  file = g_file_new_for_path (fax_received_fax_get_path (fax));
  gtk_window_present (GTK_WINDOW (fax_viewer_new (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))), file)));
}

/* --------------------------------------------------------------- search */

static gboolean
filter_func (gpointer item,
             gpointer user_data)
{
  FaxInboxView *self = user_data;
  const char *sender;
  g_autofree char *folded = NULL;

  if (self->search == NULL || *self->search == '\0')
    return TRUE;
  sender = sender_of (FAX_RECEIVED_FAX (item));
  if (sender == NULL)
    return FALSE;
  folded = g_utf8_casefold (sender, -1);
  return strstr (folded, self->search) != NULL;
}

static void
update_stack (FaxInboxView *self)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->filtered));
  gboolean searching = self->search != NULL && *self->search != '\0';

  if (n > 0)
    {
      gtk_stack_set_visible_child_name (self->stack, "list");
      return;
    }
  if (self->loading)
    {
      adw_status_page_set_icon_name (self->empty_page, "content-loading-symbolic");
      adw_status_page_set_title (self->empty_page, _("Loading Faxes…"));
      adw_status_page_set_description (self->empty_page, NULL);
    }
  else if (searching)
    {
      adw_status_page_set_icon_name (self->empty_page, "edit-find-symbolic");
      adw_status_page_set_title (self->empty_page, _("No Faxes From That Sender"));
      adw_status_page_set_description (self->empty_page, NULL);
    }
  else
    {
      adw_status_page_set_icon_name (self->empty_page, "call-incoming-symbolic");
      adw_status_page_set_title (self->empty_page, _("No Faxes Received"));
      adw_status_page_set_description (self->empty_page,
                                       _("Faxes arrive on ports that receive: turn on “Receive faxes” in a port's settings."));
    }
  gtk_stack_set_visible_child_name (self->stack, "empty");
}

void
fax_inbox_view_set_search (FaxInboxView *self,
                           const char   *text)
{
  g_return_if_fail (FAX_IS_INBOX_VIEW (self));

  /* The entry says it changed on the way (emptied, then filled): the
   * text given here is what counts */
  if (g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (self->search_entry)), text ? text : "") != 0)
    {
      self->setting_search = TRUE;
      gtk_editable_set_text (GTK_EDITABLE (self->search_entry), text ? text : "");
      self->setting_search = FALSE;
    }
  g_free (self->search);
  self->search = text ? g_utf8_casefold (text, -1) : NULL;
  gtk_filter_changed (GTK_FILTER (self->filter), GTK_FILTER_CHANGE_DIFFERENT);
  update_stack (self);
}

static void
search_changed_cb (FaxInboxView *self)
{
  if (self->setting_search)
    return;
  fax_inbox_view_set_search (self, gtk_editable_get_text (GTK_EDITABLE (self->search_entry)));
}

/* ---------------------------------------------------------------- model */

static void
inbox_loaded_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(FaxInboxView) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!fax_server_load_inbox_finish (FAX_SERVER (object), result, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        show_error (self, error);
      return;
    }
  if (FAX_SERVER (object) != self->server)
    return;
  self->loading = FALSE;
  update_stack (self);
}

gboolean
fax_inbox_view_get_loading (FaxInboxView *self)
{
  g_return_val_if_fail (FAX_IS_INBOX_VIEW (self), FALSE);
  return self->loading;
}

void
fax_inbox_view_set_server (FaxInboxView *self,
                           FaxServer    *server)
{
  g_return_if_fail (FAX_IS_INBOX_VIEW (self));
  g_return_if_fail (server == NULL || FAX_IS_SERVER (server));

  if (!g_set_object (&self->server, server))
    return;

  g_cancellable_cancel (self->load_cancellable);
  g_clear_object (&self->load_cancellable);
  self->loading = FALSE;
  if (server != NULL)
    {
      /* The folder is read in a worker; the list fills as it goes, and
       * get_inbox () only hands over the model meanwhile */
      self->load_cancellable = g_cancellable_new ();
      self->loading = TRUE;
      fax_server_load_inbox_async (server, self->load_cancellable, inbox_loaded_cb, g_object_ref (self));
    }
  gtk_filter_list_model_set_model (self->filtered, server ? fax_server_get_inbox (server) : NULL);
  update_stack (self);
}

GdkTexture *
fax_inbox_view_get_thumbnail (FaxInboxView   *self,
                              FaxReceivedFax *fax)
{
  ThumbEntry *entry;

  g_return_val_if_fail (FAX_IS_INBOX_VIEW (self), NULL);
  entry = g_hash_table_lookup (self->thumbnails, fax_received_fax_get_path (fax));
  return entry ? entry->texture : NULL;
}

GListModel *
fax_inbox_view_get_model (FaxInboxView *self)
{
  g_return_val_if_fail (FAX_IS_INBOX_VIEW (self), NULL);
  return G_LIST_MODEL (self->filtered);
}

static void
fax_inbox_view_dispose (GObject *object)
{
  FaxInboxView *self = FAX_INBOX_VIEW (object);

  if (self->list_view != NULL)
    gtk_grid_view_set_model (self->list_view, NULL);
  g_clear_object (&self->selection);
  self->filtered = NULL;
  self->filter = NULL;
  g_clear_object (&self->server);
  g_clear_pointer (&self->search, g_free);
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  if (self->load_cancellable != NULL)
    g_cancellable_cancel (self->load_cancellable);
  g_clear_object (&self->load_cancellable);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->thumbnails, g_hash_table_unref);
  g_queue_clear (&self->thumb_lru);
  g_queue_clear_full (&self->thumb_queue, (GDestroyNotify)thumb_request_free);
  g_clear_pointer (&self->pending, g_hash_table_unref);
  g_clear_handle_id (&self->thumb_quiet_id, g_source_remove);

  G_OBJECT_CLASS (fax_inbox_view_parent_class)->dispose (object);
}

static void
fax_inbox_view_class_init (FaxInboxViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = fax_inbox_view_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/faxmanager/FaxManager/fax-inbox-view.ui");
  gtk_widget_class_bind_template_child (widget_class, FaxInboxView, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, FaxInboxView, stack);
  gtk_widget_class_bind_template_child (widget_class, FaxInboxView, search_entry);
  gtk_widget_class_bind_template_child (widget_class, FaxInboxView, list_view);
  gtk_widget_class_bind_template_child (widget_class, FaxInboxView, empty_page);
  gtk_widget_class_bind_template_callback (widget_class, search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, activate_cb);
}

static void
fax_inbox_view_init (FaxInboxView *self)
{
  GtkListItemFactory *factory;

  gtk_widget_init_template (GTK_WIDGET (self));

  /* The keys belong to thumb_lru: removing an entry frees its link */
  self->thumbnails = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, thumb_entry_free_cb);
  g_queue_init (&self->thumb_lru);
  g_queue_init (&self->thumb_queue);
  self->pending = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  self->cancellable = g_cancellable_new ();
  self->filter = gtk_custom_filter_new (filter_func, self, NULL);
  self->filtered = gtk_filter_list_model_new (NULL, GTK_FILTER (self->filter));
  self->selection = gtk_single_selection_new (G_LIST_MODEL (self->filtered));
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);
  g_signal_connect_object (self->filtered, "items-changed", G_CALLBACK (update_stack), self, G_CONNECT_SWAPPED);

  factory = gtk_signal_list_item_factory_new ();
  g_signal_connect (factory, "setup", G_CALLBACK (setup_cb), self);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_cb), self);
  g_signal_connect (factory, "unbind", G_CALLBACK (unbind_cb), self);
  gtk_grid_view_set_factory (self->list_view, factory);
  g_object_unref (factory);
  gtk_grid_view_set_model (self->list_view, GTK_SELECTION_MODEL (self->selection));
  update_stack (self);
}
