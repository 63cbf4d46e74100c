/* fax-modem-identify.c
 *
 * Who is on the other end of a serial port: a short AT dialogue, after
 * HylaFAX's and efax's probing. Each question has fallbacks because no two
 * modem families answer the same ones: Class 2.0 (+FMI?), Class 2
 * (+FMFR?), V.250 (+GMI) and the old ATI0/ATI3.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "fax-modem.h"

/* Speeds tried by autobaud, most likely first (fax modems are usually
 * locked at 19200, mgetty uses 38400) */
static const guint autobaud_speeds[] = { 19200, 38400, 57600, 115200, 9600 };

static const char *manufacturer_commands[] = { "AT+FMI?", "AT+FMFR?", "AT+GMI", "ATI3", NULL };
static const char *model_commands[] = { "AT+FMM?", "AT+FMDL?", "AT+GMM", "ATI0", NULL };
static const char *revision_commands[] = { "AT+FMR?", "AT+FREV?", "AT+GMR", NULL };

/* After this many unanswered questions the modem is taken as gone */
#define MAX_TIMEOUTS 3

typedef enum {
  STEP_ATTENTION,
  STEP_RESET,
  STEP_ECHO_OFF,
  STEP_MANUFACTURER,
  STEP_MODEL,
  STEP_REVISION,
  STEP_CLASSES,
  STEP_CLASS1_ON,
  STEP_TRANSMIT_SPEEDS,
  STEP_RECEIVE_SPEEDS,
  STEP_CLASS0,
  STEP_DONE,
} Step;

typedef struct
{
  FaxModemIdentity *identity;
  char             *reset_command;
  gboolean          autobaud;
  guint             timeout_ms;
  guint             speed_index;
  Step              step;
  guint             fallback;   /* index in the step's command list */
  guint             timeouts;
} Identify;

static void
identify_free (Identify *data)
{
  fax_modem_identity_free (data->identity);
  g_free (data->reset_command);
  g_free (data);
}

static void run_step (GTask *task);

static const char * const *
commands_for (Step step)
{
  switch (step)
    {
    case STEP_MANUFACTURER: return manufacturer_commands;
    case STEP_MODEL: return model_commands;
    case STEP_REVISION: return revision_commands;
    default: return NULL;
    }
}

static const char *
prefix_for (const char *command)
{
  /* "AT+FMI?" answers "+FMI: x" on some modems */
  static char prefix[16];
  const char *plus = strchr (command, '+');
  gsize len;

  if (plus == NULL)
    return NULL;
  len = strcspn (plus, "?=");
  if (len >= sizeof prefix)
    return NULL;
  memcpy (prefix, plus, len);
  prefix[len] = '\0';
  return prefix;
}

static void
next_step (Identify *data,
           Step      step)
{
  data->step = step;
  data->fallback = 0;
}

static gboolean
has_class1 (const char *classes)
{
  g_auto(GStrv) list = classes ? g_strsplit (classes, ",", -1) : NULL;

  for (guint i = 0; list && list[i]; i++)
    if (g_str_equal (list[i], "1") || g_str_equal (list[i], "1.0"))
      return TRUE;
  return FALSE;
}

static char *
strip_list (const char *text)
{
  GString *out = g_string_new (NULL);

  for (const char *p = text; *p; p++)
    if (*p != '(' && *p != ')' && *p != ' ' && *p != '"')
      g_string_append_c (out, *p);
  return g_string_free (out, FALSE);
}

char *
fax_modem_parse_fax_classes (const char *answer)
{
  static const char *fax_classes[] = { "1", "1.0", "2", "2.0", "2.1" };
  g_autofree char *clean = NULL;
  g_auto(GStrv) items = NULL;
  g_autoptr(GString) out = g_string_new (NULL);

  if (answer == NULL)
    return NULL;

  clean = strip_list (answer);
  items = g_strsplit (clean, ",", -1);
  for (guint i = 0; items[i]; i++)
    for (guint j = 0; j < G_N_ELEMENTS (fax_classes); j++)
      if (g_str_equal (items[i], fax_classes[j]))
        {
          if (out->len > 0)
            g_string_append_c (out, ',');
          g_string_append (out, items[i]);
        }

  if (out->len == 0)
    return NULL;
  return g_string_free (g_steal_pointer (&out), FALSE);
}

char *
fax_modem_modulations_to_bit_rates (const char *modulations)
{
  g_autofree char *clean = NULL;
  g_auto(GStrv) items = NULL;
  gboolean rates[6] = { FALSE, };
  static const guint rate_values[6] = { 2400, 4800, 7200, 9600, 12000, 14400 };
  g_autoptr(GString) out = g_string_new (NULL);

  if (modulations == NULL)
    return NULL;

  clean = strip_list (modulations);
  items = g_strsplit (clean, ",", -1);
  for (guint i = 0; items[i]; i++)
    {
      guint64 code;

      if (!g_ascii_string_to_unsigned (items[i], 10, 1, 999, &code, NULL))
        continue;
      /* T.31 codes are the bit rate in hundreds (+1, +2 for the V.17
       * long/short training variants); 3 is V.21 for HDLC frames */
      for (guint r = 0; r < G_N_ELEMENTS (rate_values); r++)
        if (code >= rate_values[r] / 100 && code <= rate_values[r] / 100 + 2)
          rates[r] = TRUE;
    }

  for (guint r = 0; r < G_N_ELEMENTS (rate_values); r++)
    if (rates[r])
      g_string_append_printf (out, "%s%u", out->len ? "," : "", rate_values[r]);

  if (out->len == 0)
    return NULL;
  return g_string_free (g_steal_pointer (&out), FALSE);
}

static void
command_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  FaxModem *modem = FAX_MODEM (source);
  Identify *data = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(FaxModemReply) reply = fax_modem_command_finish (modem, result, &error);
  gboolean ok = reply != NULL && reply->result == FAX_MODEM_RESULT_OK;
  const char * const *commands = commands_for (data->step);

  if (reply == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT))
        {
          g_task_return_error (task, g_steal_pointer (&error));
          return;
        }

      if (data->step == STEP_ATTENTION)
        {
          if (data->autobaud && data->speed_index + 1 < G_N_ELEMENTS (autobaud_speeds))
            {
              g_autoptr(GError) speed_error = NULL;

              data->speed_index++;
              if (!_fax_serial_set_baud (fax_modem_get_fd (modem), autobaud_speeds[data->speed_index],
                                         &speed_error))
                {
                  g_debug ("%s: %s", fax_modem_get_name (modem), speed_error->message);
                  next_step (data, STEP_DONE);
                }
            }
          else
            next_step (data, STEP_DONE);   /* not a modem, or not answering */
          run_step (g_steal_pointer (&task));
          return;
        }

      if (++data->timeouts >= MAX_TIMEOUTS)
        {
          next_step (data, STEP_DONE);
          run_step (g_steal_pointer (&task));
          return;
        }
      /* an unanswered question counts as not supported */
    }

  switch (data->step)
    {
    case STEP_ATTENTION:
      data->identity->responding = TRUE;
      data->identity->speed = data->autobaud ? autobaud_speeds[data->speed_index] : 0;
      next_step (data, data->reset_command && data->reset_command[0] ? STEP_RESET : STEP_ECHO_OFF);
      break;

    case STEP_RESET:
      next_step (data, STEP_ECHO_OFF);
      break;

    case STEP_ECHO_OFF:
      next_step (data, STEP_MANUFACTURER);
      break;

    case STEP_MANUFACTURER:
    case STEP_MODEL:
    case STEP_REVISION:
      {
        g_autofree char *text = ok ? fax_modem_reply_dup_text (reply, prefix_for (commands[data->fallback])) : NULL;
        char **field = data->step == STEP_MANUFACTURER ? &data->identity->manufacturer :
                       data->step == STEP_MODEL ? &data->identity->model : &data->identity->revision;

        if (text != NULL)
          {
            *field = g_steal_pointer (&text);
            next_step (data, data->step + 1);
          }
        else if (commands[data->fallback + 1] != NULL)
          data->fallback++;
        else
          next_step (data, data->step + 1);
      }
      break;

    case STEP_CLASSES:
      {
        g_autofree char *text = ok ? fax_modem_reply_dup_text (reply, "+FCLASS") : NULL;

        data->identity->fax_classes = fax_modem_parse_fax_classes (text);
        next_step (data, has_class1 (data->identity->fax_classes) ? STEP_CLASS1_ON : STEP_DONE);
      }
      break;

    case STEP_CLASS1_ON:
      next_step (data, ok ? STEP_TRANSMIT_SPEEDS : STEP_CLASS0);
      break;

    case STEP_TRANSMIT_SPEEDS:
    case STEP_RECEIVE_SPEEDS:
      {
        g_autofree char *text = ok ? fax_modem_reply_dup_text (reply, data->step == STEP_TRANSMIT_SPEEDS ? "+FTM" : "+FRM") : NULL;
        g_autofree char *clean = text ? strip_list (text) : NULL;

        if (data->step == STEP_TRANSMIT_SPEEDS)
          data->identity->transmit_speeds = g_steal_pointer (&clean);
        else
          data->identity->receive_speeds = g_steal_pointer (&clean);
        next_step (data, data->step + 1);
      }
      break;

    case STEP_CLASS0:
      {
        /* What both directions can do; a modem that lists only one
         * direction is taken at its word for that one */
        const char *rates = data->identity->transmit_speeds ? data->identity->transmit_speeds
                                                            : data->identity->receive_speeds;
        data->identity->bit_rates = fax_modem_modulations_to_bit_rates (rates);
        next_step (data, STEP_DONE);
      }
      break;

    case STEP_DONE:
    default:
      g_assert_not_reached ();
    }

  run_step (g_steal_pointer (&task));
}

static void
run_step (GTask *task)
{
  FaxModem *modem = g_task_get_source_object (task);
  Identify *data = g_task_get_task_data (task);
  const char *command = NULL;
  guint timeout = data->timeout_ms;

  switch (data->step)
    {
    /* Q0V1: results on and in words, whatever the modem was left with */
    case STEP_ATTENTION:
      command = "ATQ0V1";
      /* A modem answers AT in milliseconds: the other autobaud speeds
       * need not wait as long as the first */
      if (data->speed_index > 0)
        timeout = MAX (timeout / 5, 300);
      break;
    case STEP_RESET: command = data->reset_command; timeout *= 2; break;
    case STEP_ECHO_OFF: command = "ATE0Q0V1"; break;
    case STEP_MANUFACTURER:
    case STEP_MODEL:
    case STEP_REVISION: command = commands_for (data->step)[data->fallback]; break;
    case STEP_CLASSES: command = "AT+FCLASS=?"; break;
    case STEP_CLASS1_ON: command = "AT+FCLASS=1"; break;
    case STEP_TRANSMIT_SPEEDS: command = "AT+FTM=?"; break;
    case STEP_RECEIVE_SPEEDS: command = "AT+FRM=?"; break;
    case STEP_CLASS0: command = "AT+FCLASS=0"; break;
    case STEP_DONE:
    default:
      g_task_return_pointer (task, g_steal_pointer (&data->identity), (GDestroyNotify)fax_modem_identity_free);
      g_object_unref (task);
      return;
    }

  fax_modem_command_async (modem, command, timeout, g_task_get_cancellable (task), command_cb, task);
}

void
fax_modem_identify_async (FaxModem            *self,
                          const char          *reset_command,
                          gboolean             autobaud,
                          guint                timeout_ms,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  GTask *task;
  Identify *data;

  g_return_if_fail (FAX_IS_MODEM (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, fax_modem_identify_async);

  data = g_new0 (Identify, 1);
  data->identity = g_new0 (FaxModemIdentity, 1);
  data->reset_command = g_strdup (reset_command ? reset_command : "ATZ");
  data->autobaud = autobaud;
  data->timeout_ms = timeout_ms ? timeout_ms : FAX_MODEM_DEFAULT_TIMEOUT;
  g_task_set_task_data (task, data, (GDestroyNotify)identify_free);

  if (autobaud)
    {
      g_autoptr(GError) error = NULL;
      if (!_fax_serial_set_baud (fax_modem_get_fd (self), autobaud_speeds[0], &error))
        {
          g_task_return_error (task, g_steal_pointer (&error));
          g_object_unref (task);
          return;
        }
    }

  run_step (task);
}

FaxModemIdentity *
fax_modem_identify_finish (FaxModem      *self,
                           GAsyncResult  *result,
                           GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}
