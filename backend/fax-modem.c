/* fax-modem.c
 *
 * The AT command channel. Bytes from the modem are cut into lines at CR
 * or LF (modems send CR LF, CR alone or LF alone); control characters and
 * other garbage are dropped, and so are empty lines. A line is then, in
 * this order: the echo of the command in flight, an unsolicited line
 * (RING, caller id: NMBR=, NAME=, DATE=, TIME=), the final result of the
 * command in flight, or one of its information lines. Lines with no
 * command in flight are unsolicited.
 *
 * Everything runs on the main context the modem was made in, from fd
 * sources: nothing blocks. After CONNECT the modem is in data mode and
 * the channel stops reading until the next command.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <termios.h>
#include <unistd.h>

#include <glib/gi18n-lib.h>
#include <glib-unix.h>

#include "fax-error.h"
#include "fax-modem.h"

#define MAX_LINE 512

struct _FaxModem
{
  GObject        parent_instance;

  char          *name;
  int            fd;
  gboolean       owns_fd;
  FaxSerialLock *lock;
  GMainContext  *context;

  GSource       *in_source;
  GSource       *out_source;
  GByteArray    *out;
  GString       *line;
  gboolean       line_overflow;
  GByteArray    *data;       /* bytes after CONNECT, for the data phase */

  GQueue         queue;      /* GTask*, the head is in flight once sent */
  GTask         *current;
  GSource       *timeout_source;
  GPtrArray     *info;
  gboolean       echo_seen;
  gboolean       data_mode;
  gboolean       flush_input;
  char          *stale_command;  /* timed out or cancelled: its echo may still come */
  gboolean       closed;
  gboolean       broken;     /* the device went away; close () still cleans up */

  char          *caller_number;
  char          *caller_name;
};

G_DEFINE_FINAL_TYPE (FaxModem, fax_modem, G_TYPE_OBJECT)

enum {
  RING,
  CALLER_ID,
  UNSOLICITED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

typedef struct
{
  char     *command;
  guint     timeout_ms;
  GSource  *cancel_source;
  gboolean  done;
} Command;

static void
drop_cancel_source (Command *command)
{
  if (command->cancel_source != NULL)
    {
      g_source_destroy (command->cancel_source);
      g_clear_pointer (&command->cancel_source, g_source_unref);
    }
}

static void
command_free (Command *command)
{
  drop_cancel_source (command);
  g_free (command->command);
  g_free (command);
}

/* Returns @task's result once; the task reference is the caller's */
static void
complete_task (GTask         *task,
               FaxModemReply *reply,
               GError        *error)
{
  Command *command = g_task_get_task_data (task);

  command->done = TRUE;
  drop_cancel_source (command);
  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, reply, (GDestroyNotify)fax_modem_reply_free);
}

G_DEFINE_BOXED_TYPE (FaxModemReply, fax_modem_reply, fax_modem_reply_copy, fax_modem_reply_free)
G_DEFINE_BOXED_TYPE (FaxModemIdentity, fax_modem_identity, fax_modem_identity_copy, fax_modem_identity_free)

FaxModemReply *
fax_modem_reply_copy (const FaxModemReply *reply)
{
  FaxModemReply *copy = g_new0 (FaxModemReply, 1);

  copy->result = reply->result;
  copy->result_line = g_strdup (reply->result_line);
  copy->lines = g_strdupv (reply->lines);
  return copy;
}

void
fax_modem_reply_free (FaxModemReply *reply)
{
  if (reply == NULL)
    return;
  g_free (reply->result_line);
  g_strfreev (reply->lines);
  g_free (reply);
}

char *
fax_modem_reply_dup_text (const FaxModemReply *reply,
                          const char          *prefix)
{
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; reply->lines[i]; i++)
    {
      const char *line = reply->lines[i];
      g_autofree char *value = NULL;

      /* "+FMI: USRobotics", "+GMM: \"Model\"" */
      if (prefix != NULL && g_ascii_strncasecmp (line, prefix, strlen (prefix)) == 0 &&
          line[strlen (prefix)] == ':')
        line += strlen (prefix) + 1;

      value = g_strstrip (g_strdup (line));
      if (value[0] == '"' && strlen (value) >= 2 && value[strlen (value) - 1] == '"')
        {
          char *unquoted = g_strndup (value + 1, strlen (value) - 2);
          g_free (value);
          value = unquoted;
        }
      if (value[0] == '\0')
        continue;
      if (text->len > 0)
        g_string_append_c (text, ' ');
      g_string_append (text, value);
    }

  if (text->len == 0)
    return NULL;
  return g_string_free (g_steal_pointer (&text), FALSE);
}

FaxModemIdentity *
fax_modem_identity_copy (const FaxModemIdentity *identity)
{
  FaxModemIdentity *copy = g_new0 (FaxModemIdentity, 1);

  copy->responding = identity->responding;
  copy->speed = identity->speed;
  copy->manufacturer = g_strdup (identity->manufacturer);
  copy->model = g_strdup (identity->model);
  copy->revision = g_strdup (identity->revision);
  copy->fax_classes = g_strdup (identity->fax_classes);
  copy->transmit_speeds = g_strdup (identity->transmit_speeds);
  copy->receive_speeds = g_strdup (identity->receive_speeds);
  copy->bit_rates = g_strdup (identity->bit_rates);
  return copy;
}

void
fax_modem_identity_free (FaxModemIdentity *identity)
{
  if (identity == NULL)
    return;
  g_free (identity->manufacturer);
  g_free (identity->model);
  g_free (identity->revision);
  g_free (identity->fax_classes);
  g_free (identity->transmit_speeds);
  g_free (identity->receive_speeds);
  g_free (identity->bit_rates);
  g_free (identity);
}

const char *
fax_modem_result_to_string (FaxModemResult result)
{
  switch (result)
    {
    case FAX_MODEM_RESULT_OK: return "OK";
    case FAX_MODEM_RESULT_CONNECT: return "CONNECT";
    case FAX_MODEM_RESULT_ERROR: return "ERROR";
    case FAX_MODEM_RESULT_NO_CARRIER: return "NO CARRIER";
    case FAX_MODEM_RESULT_BUSY: return "BUSY";
    case FAX_MODEM_RESULT_NO_DIALTONE: return "NO DIALTONE";
    case FAX_MODEM_RESULT_NO_ANSWER: return "NO ANSWER";
    case FAX_MODEM_RESULT_FCERROR: return "+FCERROR";
    case FAX_MODEM_RESULT_DELAYED: return "DELAYED";
    case FAX_MODEM_RESULT_BLACKLISTED: return "BLACKLISTED";
    default: return "?";
    }
}

static void stop_reading (FaxModem *self);
static void fail_all (FaxModem *self, GError *error);

static void
fax_modem_dispose (GObject *object)
{
  FaxModem *self = (FaxModem *)object;

  fax_modem_close (self);

  G_OBJECT_CLASS (fax_modem_parent_class)->dispose (object);
}

static void
fax_modem_finalize (GObject *object)
{
  FaxModem *self = (FaxModem *)object;

  g_free (self->name);
  g_byte_array_unref (self->out);
  g_byte_array_unref (self->data);
  g_string_free (self->line, TRUE);
  g_ptr_array_unref (self->info);
  g_free (self->caller_number);
  g_free (self->caller_name);
  g_free (self->stale_command);
  g_main_context_unref (self->context);

  G_OBJECT_CLASS (fax_modem_parent_class)->finalize (object);
}

static void
fax_modem_class_init (FaxModemClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = fax_modem_dispose;
  object_class->finalize = fax_modem_finalize;

  /**
   * FaxModem::ring:
   *
   * The modem reported RING (whether or not a command is in flight).
   */
  signals[RING] =
    g_signal_new ("ring", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  /**
   * FaxModem::caller-id:
   * @number: (nullable): NMBR= so far
   * @name: (nullable): NAME= so far
   *
   * Caller id arrived (between the first and second RING).
   */
  signals[CALLER_ID] =
    g_signal_new ("caller-id", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_STRING);

  /**
   * FaxModem::unsolicited:
   * @line: the line
   *
   * A line that belongs to no command: RING, caller id, NO CARRIER after
   * a call dropped, anything else the modem says on its own.
   */
  signals[UNSOLICITED] =
    g_signal_new ("unsolicited", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void
fax_modem_init (FaxModem *self)
{
  self->fd = -1;
  self->out = g_byte_array_new ();
  self->data = g_byte_array_new ();
  self->line = g_string_new (NULL);
  self->info = g_ptr_array_new_with_free_func (g_free);
  self->context = g_main_context_ref_thread_default ();
  g_queue_init (&self->queue);
}

static gboolean read_cb (int fd, GIOCondition condition, gpointer user_data);

static void
start_reading (FaxModem *self)
{
  if (self->in_source != NULL || self->closed || self->broken)
    return;

  self->in_source = g_unix_fd_source_new (self->fd, G_IO_IN | G_IO_HUP | G_IO_ERR);
  g_source_set_callback (self->in_source, (GSourceFunc)(void (*)(void))read_cb, self, NULL);
  g_source_set_name (self->in_source, "[fax-modem] read");
  g_source_attach (self->in_source, self->context);
}

static void
stop_reading (FaxModem *self)
{
  if (self->in_source != NULL)
    {
      g_source_destroy (self->in_source);
      g_clear_pointer (&self->in_source, g_source_unref);
    }
}

FaxModem *
fax_modem_new_for_fd (int         fd,
                      const char *name)
{
  FaxModem *self;

  g_return_val_if_fail (fd >= 0, NULL);

  self = g_object_new (FAX_TYPE_MODEM, NULL);
  self->fd = fd;
  self->name = g_strdup (name ? name : "modem");
  start_reading (self);
  return self;
}

FaxModem *
fax_modem_open (const char      *path,
                guint            speed,
                FaxFlowControl   flow,
                GError         **error)
{
  FaxSerialLock *lock = NULL;
  FaxModem *self;
  int fd;

  fd = _fax_serial_open (path, speed, flow, &lock, error);
  if (fd < 0)
    return NULL;

  self = fax_modem_new_for_fd (fd, path);
  self->owns_fd = TRUE;
  self->lock = lock;
  return self;
}

const char *
fax_modem_get_name (FaxModem *self)
{
  g_return_val_if_fail (FAX_IS_MODEM (self), NULL);
  return self->name;
}

int
fax_modem_get_fd (FaxModem *self)
{
  g_return_val_if_fail (FAX_IS_MODEM (self), -1);
  return self->fd;
}

void
fax_modem_close (FaxModem *self)
{
  g_return_if_fail (FAX_IS_MODEM (self));

  if (self->closed)
    return;

  self->closed = TRUE;
  stop_reading (self);
  if (self->out_source != NULL)
    {
      g_source_destroy (self->out_source);
      g_clear_pointer (&self->out_source, g_source_unref);
    }

  {
    g_autoptr(GError) error = g_error_new (G_IO_ERROR, G_IO_ERROR_CLOSED,
                                           _("The modem %s was closed"), self->name);
    fail_all (self, error);
  }

  if (self->owns_fd)
    _fax_serial_close (self->fd, g_steal_pointer (&self->lock));
  self->fd = -1;
}

/* Drops whatever the modem sent so far: after a timeout, late answers must
 * not be taken for the next command's */
static void
reset_channel (FaxModem *self)
{
  if (self->current != NULL)
    {
      Command *command = g_task_get_task_data (self->current);
      g_free (self->stale_command);
      self->stale_command = g_strdup (command->command);
    }
  g_string_truncate (self->line, 0);
  self->line_overflow = FALSE;
  g_ptr_array_set_size (self->info, 0);
  if (self->fd >= 0)
    tcflush (self->fd, TCIFLUSH);
  self->flush_input = TRUE;
}

static void
clear_current_sources (FaxModem *self)
{
  if (self->timeout_source != NULL)
    {
      g_source_destroy (self->timeout_source);
      g_clear_pointer (&self->timeout_source, g_source_unref);
    }
}

static void send_next (FaxModem *self);

/* Completes the command in flight (with @reply or @error) and sends the next */
static void
finish_current (FaxModem      *self,
                FaxModemReply *reply,
                GError        *error)
{
  g_autoptr(GTask) task = g_steal_pointer (&self->current);

  clear_current_sources (self);
  if (g_queue_remove (&self->queue, task))
    g_object_unref (task);   /* the queue's reference; ours is @task */

  complete_task (task, reply, error);
  send_next (self);
}

static void
fail_all (FaxModem *self,
          GError   *error)
{
  GTask *task;

  clear_current_sources (self);
  g_clear_object (&self->current);

  while ((task = g_queue_pop_head (&self->queue)) != NULL)
    {
      complete_task (task, NULL, g_error_copy (error));
      g_object_unref (task);
    }
}

static gboolean
timeout_cb (gpointer user_data)
{
  FaxModem *self = user_data;
  Command *command = g_task_get_task_data (self->current);
  GError *error;

  g_clear_pointer (&self->timeout_source, g_source_unref);

  error = g_error_new (G_IO_ERROR, G_IO_ERROR_TIMED_OUT,
                       _("The modem %s did not answer “%s” within %.1f s"),
                       self->name, command->command, command->timeout_ms / 1000.0);
  g_debug ("%s: %s", self->name, error->message);
  reset_channel (self);
  finish_current (self, NULL, error);

  return G_SOURCE_REMOVE;
}

static gboolean
cancelled_cb (GCancellable *cancellable,
              gpointer      user_data)
{
  GTask *task = user_data;
  FaxModem *self = g_task_get_source_object (task);
  Command *command = g_task_get_task_data (task);
  GError *error;

  if (command->done)
    return G_SOURCE_REMOVE;

  error = g_error_new (G_IO_ERROR, G_IO_ERROR_CANCELLED,
                       _("“%s” on %s was cancelled"), command->command, self->name);

  if (task == self->current)
    {
      reset_channel (self);
      finish_current (self, NULL, error);
    }
  else if (g_queue_remove (&self->queue, task))
    {
      complete_task (task, NULL, error);
      g_object_unref (task);
    }
  else
    g_error_free (error);

  return G_SOURCE_REMOVE;
}

static gboolean
write_cb (int          fd,
          GIOCondition condition,
          gpointer     user_data)
{
  FaxModem *self = user_data;

  while (self->out->len > 0)
    {
      ssize_t n = write (self->fd, self->out->data, self->out->len);

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0 && errno == EAGAIN)
        return G_SOURCE_CONTINUE;
      if (n <= 0)
        {
          int errsv = errno;
          if (self->current != NULL)
            {
              Command *command = g_task_get_task_data (self->current);
              g_clear_pointer (&self->out_source, g_source_unref);
              g_byte_array_set_size (self->out, 0);
              finish_current (self, NULL,
                              g_error_new (G_IO_ERROR, g_io_error_from_errno (errsv),
                                           _("Cannot send “%s” to %s: %s"),
                                           command->command, self->name, g_strerror (errsv)));
              return G_SOURCE_REMOVE;
            }
          break;
        }
      g_byte_array_remove_range (self->out, 0, n);
    }

  g_clear_pointer (&self->out_source, g_source_unref);
  return G_SOURCE_REMOVE;
}

static void
send_next (FaxModem *self)
{
  GTask *task;
  Command *command;

  if (self->current != NULL || self->closed || self->broken)
    return;

  task = g_queue_peek_head (&self->queue);
  if (task == NULL)
    return;

  self->current = g_object_ref (task);
  command = g_task_get_task_data (task);

  if (self->flush_input)
    {
      tcflush (self->fd, TCIFLUSH);
      g_string_truncate (self->line, 0);
      self->flush_input = FALSE;
    }

  g_ptr_array_set_size (self->info, 0);
  self->echo_seen = FALSE;
  g_clear_pointer (&self->caller_number, g_free);
  g_clear_pointer (&self->caller_name, g_free);

  if (self->data_mode)
    {
      self->data_mode = FALSE;
      g_string_truncate (self->line, 0);
      g_byte_array_set_size (self->data, 0);
    }
  start_reading (self);

  g_debug ("%s <- %s", self->name, command->command);
  g_byte_array_append (self->out, (const guint8 *)command->command, strlen (command->command));
  g_byte_array_append (self->out, (const guint8 *)"\r", 1);
  if (self->out_source == NULL)
    {
      self->out_source = g_unix_fd_source_new (self->fd, G_IO_OUT);
      g_source_set_callback (self->out_source, (GSourceFunc)(void (*)(void))write_cb, self, NULL);
      g_source_attach (self->out_source, self->context);
    }

  self->timeout_source = g_timeout_source_new (command->timeout_ms);
  g_source_set_callback (self->timeout_source, timeout_cb, self, NULL);
  g_source_attach (self->timeout_source, self->context);
}

void
fax_modem_command_async (FaxModem            *self,
                         const char          *command,
                         guint                timeout_ms,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  Command *data;

  g_return_if_fail (FAX_IS_MODEM (self));
  g_return_if_fail (command != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, fax_modem_command_async);

  if (self->closed || self->broken)
    {
      g_task_return_new_error (task, G_IO_ERROR, self->broken ? G_IO_ERROR_BROKEN_PIPE : G_IO_ERROR_CLOSED,
                               self->broken ? _("The modem %s went away") : _("The modem %s was closed"),
                               self->name);
      return;
    }

  if (strchr (command, '\r') != NULL || strchr (command, '\n') != NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                               _("An AT command may not contain line breaks"));
      return;
    }

  data = g_new0 (Command, 1);
  data->command = g_strdup (command);
  data->timeout_ms = timeout_ms ? timeout_ms : FAX_MODEM_DEFAULT_TIMEOUT;
  g_task_set_task_data (task, data, (GDestroyNotify)command_free);

  if (g_cancellable_is_cancelled (cancellable))
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED,
                               _("“%s” on %s was cancelled"), command, self->name);
      return;
    }

  /* Cancellation, queued or in flight; the source goes with the task */
  if (cancellable != NULL)
    {
      data->cancel_source = g_cancellable_source_new (cancellable);
      g_source_set_callback (data->cancel_source, (GSourceFunc)(void (*)(void))cancelled_cb, task, NULL);
      g_source_attach (data->cancel_source, self->context);
    }

  g_queue_push_tail (&self->queue, g_object_ref (task));

  send_next (self);
}

FaxModemReply *
fax_modem_command_finish (FaxModem      *self,
                          GAsyncResult  *result,
                          GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * fax_modem_take_data:
 *
 * After CONNECT the channel stops reading: the bytes that follow are the
 * data phase's. Those that arrived with the CONNECT line are here.
 *
 * Returns: (transfer full): the bytes read past CONNECT (maybe empty)
 */
GBytes *
fax_modem_take_data (FaxModem *self)
{
  GBytes *bytes;

  g_return_val_if_fail (FAX_IS_MODEM (self), NULL);
  bytes = g_bytes_new (self->data->data, self->data->len);
  g_byte_array_set_size (self->data, 0);
  return bytes;
}

static const struct {
  const char     *text;
  FaxModemResult  result;
  gboolean        prefix;   /* may be followed by " <details>" */
} final_results[] = {
  { "OK", FAX_MODEM_RESULT_OK, FALSE },
  { "CONNECT", FAX_MODEM_RESULT_CONNECT, TRUE },
  { "ERROR", FAX_MODEM_RESULT_ERROR, FALSE },
  { "NO CARRIER", FAX_MODEM_RESULT_NO_CARRIER, FALSE },
  { "BUSY", FAX_MODEM_RESULT_BUSY, FALSE },
  { "NO DIALTONE", FAX_MODEM_RESULT_NO_DIALTONE, FALSE },
  { "NO DIAL TONE", FAX_MODEM_RESULT_NO_DIALTONE, FALSE },
  { "NO ANSWER", FAX_MODEM_RESULT_NO_ANSWER, FALSE },
  { "+FCERROR", FAX_MODEM_RESULT_FCERROR, FALSE },
  { "DELAYED", FAX_MODEM_RESULT_DELAYED, TRUE },
  { "BLACKLISTED", FAX_MODEM_RESULT_BLACKLISTED, TRUE },
};

static gboolean
parse_final (const char     *line,
             FaxModemResult *result)
{
  for (guint i = 0; i < G_N_ELEMENTS (final_results); i++)
    {
      gsize len = strlen (final_results[i].text);

      if (g_ascii_strncasecmp (line, final_results[i].text, len) != 0)
        continue;
      if (line[len] == '\0' || (final_results[i].prefix && line[len] == ' '))
        {
          *result = final_results[i].result;
          return TRUE;
        }
    }
  return FALSE;
}

/* "NMBR = 5551234" -> key "NMBR", value "5551234" */
static gboolean
parse_caller_id (const char  *line,
                 char       **key,
                 char       **value)
{
  static const char *keys[] = { "NMBR", "NAME", "DATE", "TIME", "MESG", "DDN_NMBR", "CALLER NUMBER", "CALLER NAME" };
  const char *eq = strchr (line, '=');
  g_autofree char *k = NULL;

  if (eq == NULL)
    {
      eq = strchr (line, ':');
      if (eq == NULL)
        return FALSE;
    }

  k = g_strstrip (g_strndup (line, eq - line));
  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    if (g_ascii_strcasecmp (k, keys[i]) == 0)
      {
        *key = g_ascii_strup (k, -1);
        *value = g_strstrip (g_strdup (eq + 1));
        return TRUE;
      }
  return FALSE;
}

static void
handle_line (FaxModem   *self,
             const char *line)
{
  Command *command = self->current ? g_task_get_task_data (self->current) : NULL;
  g_autofree char *key = NULL;
  g_autofree char *value = NULL;
  FaxModemResult result;

  g_debug ("%s -> %s", self->name, line);

  if (command != NULL && !self->echo_seen && g_ascii_strcasecmp (line, command->command) == 0)
    {
      self->echo_seen = TRUE;
      return;
    }

  /* The late echo of a command that timed out or was cancelled */
  if (self->stale_command != NULL && g_ascii_strcasecmp (line, self->stale_command) == 0)
    {
      g_clear_pointer (&self->stale_command, g_free);
      return;
    }

  if (g_ascii_strcasecmp (line, "RING") == 0 || g_ascii_strncasecmp (line, "RING ", 5) == 0)
    {
      g_signal_emit (self, signals[UNSOLICITED], 0, line);
      g_signal_emit (self, signals[RING], 0);
      return;
    }

  if (parse_caller_id (line, &key, &value))
    {
      g_signal_emit (self, signals[UNSOLICITED], 0, line);
      if (g_str_equal (key, "NMBR") || g_str_equal (key, "CALLER NUMBER"))
        {
          g_free (self->caller_number);
          self->caller_number = g_steal_pointer (&value);
          g_signal_emit (self, signals[CALLER_ID], 0, self->caller_number, self->caller_name);
        }
      else if (g_str_equal (key, "NAME") || g_str_equal (key, "CALLER NAME"))
        {
          g_free (self->caller_name);
          self->caller_name = g_steal_pointer (&value);
          g_signal_emit (self, signals[CALLER_ID], 0, self->caller_number, self->caller_name);
        }
      return;
    }

  if (command == NULL)
    {
      g_signal_emit (self, signals[UNSOLICITED], 0, line);
      return;
    }

  if (parse_final (line, &result))
    {
      FaxModemReply *reply = g_new0 (FaxModemReply, 1);

      g_ptr_array_add (self->info, NULL);
      reply->result = result;
      reply->result_line = g_strdup (line);
      reply->lines = (char **)g_ptr_array_steal (self->info, NULL);

      /* After CONNECT the bytes are data (HDLC frames, page data), not lines */
      if (result == FAX_MODEM_RESULT_CONNECT)
        {
          self->data_mode = TRUE;
          stop_reading (self);
        }

      finish_current (self, reply, NULL);
      return;
    }

  g_ptr_array_add (self->info, g_strdup (line));
}

static void
handle_bytes (FaxModem    *self,
              const guint8 *data,
              gsize         len)
{
  for (gsize i = 0; i < len && !self->closed; i++)
    {
      guint8 c = data[i];

      if (c == '\r' || c == '\n')
        {
          if (!self->line_overflow)
            {
              g_autofree char *line = g_strstrip (g_strdup (self->line->str));
              if (line[0] != '\0')
                handle_line (self, line);
            }
          g_string_truncate (self->line, 0);
          self->line_overflow = FALSE;

          if (self->data_mode)
            {
              /* the rest belongs to whoever takes over after CONNECT */
              if (c == '\r' && i + 1 < len && data[i + 1] == '\n')
                i++;
              g_byte_array_append (self->data, data + i + 1, len - i - 1);
              return;
            }
        }
      else if (c >= 0x20 && c < 0x7f)
        {
          /* A line that never ends is noise, not a reply */
          if (self->line->len >= MAX_LINE)
            self->line_overflow = TRUE;
          else
            g_string_append_c (self->line, c);
        }
      /* other bytes (NUL, 0xff noise, XON/XOFF) are dropped */
    }
}

static gboolean
read_cb (int          fd,
         GIOCondition condition,
         gpointer     user_data)
{
  FaxModem *self = user_data;
  g_autoptr(FaxModem) hold = g_object_ref (self);
  guint8 buf[1024];

  for (;;)
    {
      ssize_t n = read (self->fd, buf, sizeof buf);

      if (n > 0)
        {
          handle_bytes (self, buf, n);
          if (self->data_mode || self->closed)
            return G_SOURCE_REMOVE;
          continue;
        }
      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0 && errno == EAGAIN)
        return G_SOURCE_CONTINUE;

      /* EOF or EIO: the device went away (USB unplugged, pty closed) */
      {
        int errsv = n < 0 ? errno : EIO;
        g_autoptr(GError) error = g_error_new (G_IO_ERROR, G_IO_ERROR_BROKEN_PIPE,
                                               _("The modem %s went away: %s"),
                                               self->name, g_strerror (errsv));
        g_clear_pointer (&self->in_source, g_source_unref);
        self->broken = TRUE;
        fail_all (self, error);
        return G_SOURCE_REMOVE;
      }
    }
}
