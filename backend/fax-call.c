/* fax-call.c
 *
 * One fax call on a Class 1 modem, with spandsp's T.30 engine as the
 * protocol. T.30 talks to a "front end" through three callbacks (the
 * receive type it wants, the transmit type it wants, HDLC frames to send);
 * here they only record the wish. A loop on the caller's main context
 * (modem fd readable/writable, a 20 ms tick that also feeds T.30's timers
 * from the real clock) runs one modem activity at a time and, whenever the
 * modem is idle in command mode, starts the next one from those wishes:
 *
 *   frames queued            AT+FTH=3, frames DLE-stuffed, DLE ETX
 *   fast transmit (TCF/page) AT+FTS=8, AT+FTM=n, data, DLE ETX
 *   pause                    AT+FTS=n
 *   V.21 receive             AT+FRH=3, frames up to DLE ETX, OK/ERROR
 *   fast receive             AT+FRM=n, data up to DLE ETX, NO CARRIER
 *   done                     ATH0
 *
 * Results go back to T.30 from the loop, never from inside a T.30
 * callback. ECM blocks are framed on the host with spandsp's HDLC code,
 * whose bytes are MSB first, so they are bit-reversed for the modem.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>

#include <glib/gi18n-lib.h>
#include <glib-unix.h>
#include <glib/gstdio.h>

#include <tiffio.h>
#define SPANDSP_EXPOSE_INTERNAL_STRUCTURES
#include <spandsp.h>

#include "fax-call.h"
#include "fax-error.h"

#define DLE 0x10
#define ETX 0x03
#define SUB 0x1a
#define CAN 0x18
#define XON 0x11
#define XOFF 0x13

#define TICK_MS            20
#define COMMAND_TIMEOUT_MS 10000
#define OUT_LOW_WATER      512
#define CHUNK              256
#define MAX_LINE           256
#define MAX_FRAME          512

typedef enum {
  ACT_NONE,
  ACT_COMMAND,    /* a plain command with a continuation */
  ACT_DIAL,
  ACT_ANSWER,
  ACT_TX_HDLC,
  ACT_RX_HDLC,
  ACT_TX_FAST,
  ACT_RX_FAST,
  ACT_PAUSE,
  ACT_HANGUP,
} Activity;

typedef enum {
  STEP_WAIT_CONNECT,
  STEP_CONNECTED,      /* tx HDLC: waiting for the next frame */
  STEP_SENT_NONFINAL,  /* tx HDLC: waiting for CONNECT */
  STEP_SENT_FINAL,     /* tx HDLC: waiting for OK */
  STEP_SILENCE,        /* tx fast: AT+FTS=8 sent */
  STEP_DATA,           /* streaming data either way */
  STEP_WAIT_RESULT,    /* after DLE ETX */
  STEP_ABORTING,       /* CAN written, waiting for OK */
} Step;

typedef enum {
  SINK_HDLC_FRAME,
  SINK_NON_ECM,
  SINK_ECM,
} Sink;

typedef struct
{
  int type;
  int bit_rate;
  int short_train;
  int hdlc;
} Want;

typedef void (*CommandDone) (FaxCall *self, const char *result);

struct _FaxCall
{
  GObject              parent_instance;

  /* configuration */
  int                  fd;
  FaxCallDirection     direction;
  char                *number;
  char                *tx_file;
  char                *rx_file;
  char                *local_ident;
  char                *header_info;
  char                *log_path;
  gboolean             ecm;
  FaxCallModems        modems;
  FaxCallCompressions  compressions;
  guint                dial_timeout;
  gboolean             flow_set;
  FaxFlowControl       flow;

  /* running */
  GTask               *task;
  GMainContext        *context;
  GSource             *io_source;
  GSource             *tick_source;
  GCancellable        *cancellable;
  gint64               started_us;
  gint64               last_tick_us;
  gint64               deadline_us;     /* for the current command, 0: none */
  FILE                *log;
  t30_state_t         *t30;
  hdlc_tx_state_t     *hdlc_tx;
  hdlc_rx_state_t     *hdlc_rx;
  gboolean             t30_started;
  gboolean             in_pump;

  Activity             activity;
  Step                 step;
  Sink                 sink;
  CommandDone          command_done;
  char                *command_text;
  GQueue               frames;          /* GBytes*; an empty one marks end of transmission */
  Want                 want_rx;
  guint                want_rx_serial;   /* bumped by every set-rx-type */
  guint                fallback_serial;  /* the serial a +FCERROR V.21 fallback answers; 0: none */
  gint64               rx_answered_us;   /* when this receiver last answered a page (MCF, RTP, RTN...) */
  Want                 want_tx;
  Want                 active;          /* what the current rx/tx activity runs */
  gboolean             ecm_tx_active;
  gboolean             ecm_tx_ended;
  gboolean             carrier_reported;
  gboolean             tx_hdlc_ready;   /* after ATA: the modem is in +FTH=3 */
  gboolean             xoff;
  gboolean             dle;

  GString             *line;
  GByteArray          *out;
  GByteArray          *frame;

  /* results */
  FaxCallResult        result;
  int                  t30_status;
  gboolean             phase_e_seen;
  gboolean             connected;    /* T.30 reached phase B */
  guint                refusals;
  gboolean             line_lost;     /* ERRORs in a row to +FTH/+FRH/+FTM/+FRM */
  char                *status_text;
  char                *remote_ident;
  guint                pages;
  guint                total_pages;
  guint                bit_rate;
  gboolean             ecm_used;
  char                *compression;
  guint                x_resolution;
  guint                y_resolution;
  double               duration;
};

G_DEFINE_FINAL_TYPE (FaxCall, fax_call, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_PHASE,
  PROP_PAGES,
  PROP_TOTAL_PAGES,
  PROP_REMOTE_IDENT,
  PROP_BIT_RATE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* spandsp's log handler has no user data: the call being served */
static __thread FaxCall *current_call;

static void pump          (FaxCall    *self);
static void finish        (FaxCall    *self,
                           FaxCallResult result,
                           const char *text);
static void start_command (FaxCall    *self,
                           const char *command,
                           guint       timeout_ms,
                           CommandDone done);

/* ---------------------------------------------------------------- log */

static void
call_log (FaxCall    *self,
          const char *fmt,
          ...) G_GNUC_PRINTF (2, 3);

static void
call_log (FaxCall    *self,
          const char *fmt,
          ...)
{
  g_autofree char *msg = NULL;
  va_list args;
  double t;

  va_start (args, fmt);
  msg = g_strdup_vprintf (fmt, args);
  va_end (args);

  t = (g_get_monotonic_time () - self->started_us) / 1e6;
  g_debug ("call %p %8.3f %s", self, t, msg);
  if (self->log != NULL)
    {
      fprintf (self->log, "%8.3f %s\n", t, msg);
      fflush (self->log);
    }
}

static void
span_message (int         level,
              const char *text)
{
  g_autofree char *copy = g_strdup (text);

  if (current_call == NULL)
    return;
  g_strchomp (copy);
  call_log (current_call, "t30: %s", copy);
}

static char *
printable (const char *s,
           gsize       len)
{
  GString *str = g_string_new (NULL);

  for (gsize i = 0; i < len; i++)
    {
      guchar c = s[i];
      if (c >= 0x20 && c < 0x7f)
        g_string_append_c (str, c);
      else
        g_string_append_printf (str, "<%02x>", c);
    }
  return g_string_free (str, FALSE);
}

/* ------------------------------------------------------------- output */

static void
out_append (FaxCall      *self,
            const guint8 *data,
            gsize         len)
{
  g_byte_array_append (self->out, data, len);
}

static void
out_stuffed (FaxCall      *self,
             const guint8 *data,
             gsize         len,
             gboolean      reverse)
{
  for (gsize i = 0; i < len; i++)
    {
      guint8 b = reverse ? bit_reverse8 (data[i]) : data[i];

      g_byte_array_append (self->out, &b, 1);
      if (b == DLE)
        g_byte_array_append (self->out, &b, 1);
    }
}

static void
out_end_of_data (FaxCall *self)
{
  static const guint8 end[] = { DLE, ETX };
  out_append (self, end, sizeof end);
}

static gboolean
flush_out (FaxCall *self)
{
  while (self->out->len > 0)
    {
      /* Small writes keep the modem's buffer from overflowing between our
       * reads of its XOFF */
      gsize n = MIN (self->out->len, 512);
      ssize_t w = write (self->fd, self->out->data, n);

      if (w < 0)
        {
          if (errno == EINTR)
            continue;
          if (errno == EAGAIN)
            return TRUE;
          call_log (self, "write failed: %s", g_strerror (errno));
          finish (self, FAX_CALL_RESULT_DISCONNECTED,
                  _("The modem stopped accepting data (it may have been unplugged)"));
          return FALSE;
        }
      g_byte_array_remove_range (self->out, 0, w);
    }
  return TRUE;
}

static void
write_command (FaxCall    *self,
               const char *command)
{
  call_log (self, "> %s", command);
  out_append (self, (const guint8 *)command, strlen (command));
  out_append (self, (const guint8 *)"\r", 1);
  flush_out (self);
}

/* ------------------------------------------------ T.30 front end hooks */

static void
want_rx_cb (void *user_data,
            int   type,
            int   bit_rate,
            int   short_train,
            int   use_hdlc)
{
  FaxCall *self = user_data;

  self->want_rx = (Want) { type, bit_rate, short_train, use_hdlc };
  self->want_rx_serial++;
}

static void
want_tx_cb (void *user_data,
            int   type,
            int   bit_rate,
            int   short_train,
            int   use_hdlc)
{
  FaxCall *self = user_data;

  self->want_tx = (Want) { type, bit_rate, short_train, use_hdlc };
}

static void
send_hdlc_cb (void          *user_data,
              const uint8_t *msg,
              int            len)
{
  FaxCall *self = user_data;

  if (len < 0)
    {
      /* Flush: T.30 changed its mind about the frames not yet sent */
      while (!g_queue_is_empty (&self->frames))
        g_bytes_unref (g_queue_pop_head (&self->frames));
      return;
    }

  if (self->ecm_tx_active)
    {
      /* An ECM block is framed here: the modem sends raw data */
      if (len == 0)
        {
          hdlc_tx_frame (self->hdlc_tx, NULL, 0);
          self->ecm_tx_ended = TRUE;
        }
      else
        hdlc_tx_frame (self->hdlc_tx, msg, len);
      return;
    }

  g_queue_push_tail (&self->frames, g_bytes_new (msg, len > 0 ? len : 0));
}

static void
ecm_underflow_cb (void *user_data)
{
  FaxCall *self = user_data;

  /* The frame went out: T.30 hands the next one straight to hdlc_tx */
  if (!self->ecm_tx_ended)
    t30_front_end_status (self->t30, T30_FRONT_END_SEND_STEP_COMPLETE);
}

/* T.30 idents are printable ASCII; whatever else a far end sends (control
 * characters, terminal escapes) never leaves this call */
static char *
printable_ident (const char *raw)
{
  char *ident;

  if (raw == NULL)
    return NULL;
  ident = g_strstrip (g_strdup (raw));
  for (char *p = ident; *p; p++)
    if (!g_ascii_isprint (*p))
      *p = '?';
  return ident;
}

static void
phase_e_cb (t30_state_t *s,
            void        *user_data,
            int          completion_code)
{
  FaxCall *self = user_data;
  t30_stats_t stats;

  t30_get_transfer_statistics (s, &stats);
  self->phase_e_seen = TRUE;
  self->t30_status = completion_code;
  self->bit_rate = stats.bit_rate;
  self->ecm_used = stats.error_correcting_mode;
  self->pages = self->direction == FAX_CALL_SEND ? stats.pages_tx : stats.pages_rx;
  if (stats.pages_in_file > 0)
    self->total_pages = stats.pages_in_file;
  self->x_resolution = stats.x_resolution;
  self->y_resolution = stats.y_resolution;
  g_free (self->compression);
  self->compression = g_strdup (t4_encoding_to_str (stats.encoding));
  g_free (self->remote_ident);
  self->remote_ident = printable_ident (t30_get_rx_ident (s));

  call_log (self, "phase E: %d (%s), pages %u, %u bit/s, ECM %s, %s",
            completion_code, t30_completion_code_to_str (completion_code),
            self->pages, self->bit_rate, self->ecm_used ? "on" : "off",
            self->compression);
}

static int
phase_d_cb (t30_state_t *s,
            void        *user_data,
            int          result)
{
  FaxCall *self = user_data;
  t30_stats_t stats;
  guint pages;

  t30_get_transfer_statistics (s, &stats);
  pages = self->direction == FAX_CALL_SEND ? stats.pages_tx : stats.pages_rx;
  if (stats.pages_in_file > 0 && (guint)stats.pages_in_file != self->total_pages)
    {
      self->total_pages = stats.pages_in_file;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TOTAL_PAGES]);
    }
  if (pages != self->pages)
    {
      self->pages = pages;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PAGES]);
    }
  if ((guint)stats.bit_rate != self->bit_rate)
    {
      self->bit_rate = stats.bit_rate;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BIT_RATE]);
    }
  call_log (self, "phase D: %s, page %u done", t30_frametype (result), pages);
  return T30_ERR_OK;
}

static int
phase_b_cb (t30_state_t *s,
            void        *user_data,
            int          result)
{
  FaxCall *self = user_data;
  g_autofree char *ident = printable_ident (t30_get_rx_ident (s));

  if (ident != NULL && g_strcmp0 (ident, self->remote_ident) != 0)
    {
      g_free (self->remote_ident);
      self->remote_ident = g_strdup (ident);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REMOTE_IDENT]);
    }
  if (!self->connected)
    {
      self->connected = TRUE;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PHASE]);
    }
  call_log (self, "phase B: %s, remote id \"%s\"", t30_frametype (result), ident ? ident : "");
  return T30_ERR_OK;
}

static void
frame_cb (t30_state_t   *s,
          void          *user_data,
          int            incoming,
          const uint8_t *msg,
          int            len)
{
  FaxCall *self = user_data;
  g_autoptr(GString) hex = g_string_new (NULL);

  for (int i = 0; i < len && i < 40; i++)
    g_string_append_printf (hex, "%02x ", msg[i]);
  if (!incoming && len >= 3)
    {
      switch (msg[2] & 0xFE)
        {
        case T30_MCF: case T30_RTP: case T30_RTN: case T30_PIP: case T30_PIN:
          self->rx_answered_us = g_get_monotonic_time ();
          break;
        default:
          break;
        }
    }
  call_log (self, "%s %s %s", incoming ? "rx" : "tx",
            len >= 3 ? t30_frametype (msg[2]) : "?", hex->str);
}

/* A Class 1 modem says nothing when the fast carrier of a page fails to
 * train: the host just sees V.21 (+FCERROR) where the page should have
 * been. Either the sender repeats its post-page command because it missed
 * our answer (it does so T4, 3 s, after its command), or it sent a page we
 * never saw. spandsp treats both as the first and repeats its last answer,
 * which confirms a page that never arrived, or, before the first answer
 * since CFR, sends an invalid frame (FCF 0xFF). So: no answer yet since
 * CFR, or V.21 well after the repeat time, means a missed page. (A page
 * missed that was shorter than T4 is still taken for a repeat.) */
#define RX_REPEAT_WINDOW_US (5 * G_USEC_PER_SEC)

static gboolean
rx_page_missed (FaxCall *self)
{
  if (self->direction != FAX_CALL_RECEIVE || self->t30 == NULL)
    return FALSE;
  if (self->t30->last_rx_page_result < 0)
    return TRUE;
  return g_get_monotonic_time () - self->rx_answered_us > RX_REPEAT_WINDOW_US;
}

/* T.30 is entered only through these, so its log lands in this call */
static void
t30_status (FaxCall *self,
            int      status)
{
  current_call = self;
  t30_front_end_status (self->t30, status);
  current_call = NULL;
}

static void
t30_accept (FaxCall      *self,
            const guint8 *msg,
            int           len,
            gboolean      ok)
{
  current_call = self;
  t30_hdlc_accept (self->t30, msg, len, ok);
  current_call = NULL;
}

static void
t30_put_bit (FaxCall *self,
             int      status)
{
  current_call = self;
  t30_non_ecm_put_bit (self->t30, status);
  current_call = NULL;
}

static void
rx_carrier_down (FaxCall *self)
{
  if (!self->carrier_reported)
    return;
  self->carrier_reported = FALSE;

  if (self->sink == SINK_NON_ECM)
    t30_put_bit (self, SIG_STATUS_CARRIER_DOWN);
  else
    t30_accept (self, NULL, SIG_STATUS_CARRIER_DOWN, TRUE);
}

/* ------------------------------------------------------------ modem io */

static int
modem_code (int type,
            int bit_rate,
            int short_train)
{
  switch (type)
    {
    case T30_MODEM_V27TER:
      return bit_rate == 2400 ? 24 : 48;
    case T30_MODEM_V29:
      return bit_rate == 7200 ? 72 : 96;
    case T30_MODEM_V17:
      switch (bit_rate)
        {
        case 7200: return short_train ? 74 : 73;
        case 9600: return short_train ? 98 : 97;
        case 12000: return short_train ? 122 : 121;
        default: return short_train ? 146 : 145;
        }
    default:
      return 0;
    }
}

static gboolean
is_final_result (const char *line)
{
  static const char *results[] = {
    "OK", "ERROR", "CONNECT", "NO CARRIER", "BUSY", "NO DIALTONE", "NO DIAL TONE",
    "NO ANSWER", "+FCERROR", "+F34", "FCERROR", "DELAYED", "BLACKLISTED",
  };

  /* A whole word: "OKAY?" from a confused device is not OK */
  for (guint i = 0; i < G_N_ELEMENTS (results); i++)
    if (g_str_has_prefix (line, results[i]))
      {
        char next = line[strlen (results[i])];

        if (next == '\0' || next == ' ' || next == ':' || next == '=')
          return TRUE;
      }
  return FALSE;
}

static void
begin_rx_data (FaxCall *self,
               Sink     sink)
{
  self->sink = sink;
  self->step = STEP_DATA;
  self->dle = FALSE;
  g_byte_array_set_size (self->frame, 0);
}

static void
tx_next_frame (FaxCall *self)
{
  g_autoptr(GBytes) frame = NULL;
  const guint8 *data;
  gsize len;

  if (g_queue_is_empty (&self->frames))
    return;

  frame = g_queue_pop_head (&self->frames);
  data = g_bytes_get_data (frame, &len);
  if (len == 0)
    {
      /* End of transmission while the modem still holds +FTH: the final
       * frame will not come; let the carrier go with an empty frame end */
      call_log (self, "end of HDLC transmission");
      out_end_of_data (self);
      self->step = STEP_SENT_FINAL;
      flush_out (self);
      return;
    }

  out_stuffed (self, data, len, FALSE);
  out_end_of_data (self);
  self->step = (len >= 2 && (data[1] & 0x10)) ? STEP_SENT_FINAL : STEP_SENT_NONFINAL;
  flush_out (self);
}

static void
fill_fast_tx (FaxCall *self)
{
  guint8 buf[CHUNK];

  if (self->activity != ACT_TX_FAST || self->step != STEP_DATA)
    return;

  while (!self->xoff && self->out->len < OUT_LOW_WATER)
    {
      if (self->active.hdlc)
        {
          int n;

          current_call = self;
          for (n = 0; n < CHUNK; n++)
            {
              int b = hdlc_tx_get_byte (self->hdlc_tx);
              if (b < 0)
                break;
              buf[n] = b;
            }
          current_call = NULL;
          out_stuffed (self, buf, n, TRUE);
          if (n < CHUNK)
            {
              out_end_of_data (self);
              self->step = STEP_WAIT_RESULT;
              self->ecm_tx_active = FALSE;
              break;
            }
        }
      else
        {
          int n;

          current_call = self;
          n = t30_non_ecm_get_chunk (self->t30, buf, CHUNK);
          current_call = NULL;
          out_stuffed (self, buf, n, FALSE);
          if (n < CHUNK)
            {
              out_end_of_data (self);
              self->step = STEP_WAIT_RESULT;
              break;
            }
        }
    }

  flush_out (self);
}

static void
abort_rx (FaxCall *self)
{
  static const guint8 can = CAN;

  /* A single CAN, alone, ends +FRH/+FRM; the modem answers OK */
  call_log (self, "> <CAN>");
  self->step = STEP_ABORTING;
  self->deadline_us = g_get_monotonic_time () + COMMAND_TIMEOUT_MS * 1000;
  out_append (self, &can, 1);
  flush_out (self);
}

static void
activity_done (FaxCall *self)
{
  self->fallback_serial = 0;
  self->activity = ACT_NONE;
  self->deadline_us = 0;
}

static void
after_fts (FaxCall    *self,
           const char *result)
{
  /* The silence before a fast carrier is done: start it */
  char cmd[32];

  if (!g_str_equal (result, "OK"))
    {
      finish (self, FAX_CALL_RESULT_MODEM_ERROR, _("The modem refused to send silence before the page data (AT+FTS)"));
      return;
    }

  g_snprintf (cmd, sizeof cmd, "AT+FTM=%d", modem_code (self->active.type, self->active.bit_rate, self->active.short_train));
  self->activity = ACT_TX_FAST;
  self->step = STEP_WAIT_CONNECT;
  self->deadline_us = g_get_monotonic_time () + COMMAND_TIMEOUT_MS * 1000;
  write_command (self, cmd);
}

/* A modem whose call is gone answers every carrier command with ERROR
 * at once, and T.30 would go on retrying faster than its timers run.
 * A few refusals in a row with no carrier in between end the call. */
#define MAX_REFUSALS 3

static gboolean
note_refusal (FaxCall    *self,
              const char *line)
{
  if (!g_str_has_prefix (line, "ERROR"))
    return FALSE;

  if (++self->refusals < MAX_REFUSALS)
    return FALSE;

  call_log (self, "the modem refuses every carrier command: the call is gone");
  activity_done (self);
  if (self->t30_started)
    {
      current_call = self;
      t30_terminate (self->t30);
      current_call = NULL;
    }
  self->line_lost = TRUE;
  finish (self, FAX_CALL_RESULT_T30_FAILED, NULL);
  return TRUE;
}

static void
handle_result (FaxCall    *self,
               const char *line)
{
  if (g_str_has_prefix (line, "CONNECT"))
    self->refusals = 0;

  switch (self->activity)
    {
    case ACT_NONE:
      /* Unsolicited: a hang-up by the far end shows as NO CARRIER */
      if (g_str_has_prefix (line, "NO CARRIER") && self->t30_started)
        {
          call_log (self, "the line dropped");
          current_call = self;
          t30_terminate (self->t30);
          current_call = NULL;
          finish (self, FAX_CALL_RESULT_T30_FAILED, NULL);
        }
      break;

    case ACT_COMMAND:
      {
        CommandDone done = self->command_done;
        activity_done (self);
        self->command_done = NULL;
        if (done)
          done (self, line);
      }
      break;

    case ACT_DIAL:
      if (g_str_has_prefix (line, "CONNECT"))
        {
          /* Answered: the modem now listens for V.21 as after +FRH=3 */
          call_log (self, "connected");
          self->activity = ACT_RX_HDLC;
          self->active = (Want) { T30_MODEM_V21, 300, FALSE, TRUE };
          begin_rx_data (self, SINK_HDLC_FRAME);
          self->carrier_reported = TRUE;
          t30_accept (self, NULL, SIG_STATUS_CARRIER_UP, TRUE);
          t30_accept (self, NULL, SIG_STATUS_FRAMING_OK, TRUE);
          self->deadline_us = 0;
        }
      else if (g_str_has_prefix (line, "BUSY"))
        finish (self, FAX_CALL_RESULT_BUSY, NULL);
      else if (g_str_has_prefix (line, "NO ANSWER"))
        finish (self, FAX_CALL_RESULT_NO_ANSWER, NULL);
      else if (g_str_has_prefix (line, "NO DIAL"))
        finish (self, FAX_CALL_RESULT_NO_DIAL_TONE, NULL);
      else if (g_str_has_prefix (line, "NO CARRIER"))
        finish (self, FAX_CALL_RESULT_NO_CARRIER, NULL);
      else if (g_str_has_prefix (line, "ERROR"))
        finish (self, FAX_CALL_RESULT_MODEM_ERROR, _("The modem refused to dial"));
      break;

    case ACT_ANSWER:
      if (g_str_has_prefix (line, "CONNECT"))
        {
          /* CED went out; the modem is in +FTH=3 for our first frame */
          call_log (self, "answered");
          activity_done (self);
          self->tx_hdlc_ready = TRUE;
          t30_status (self, T30_FRONT_END_SEND_STEP_COMPLETE);
        }
      else if (g_str_has_prefix (line, "NO CARRIER"))
        finish (self, FAX_CALL_RESULT_NOT_FAX_CALL, NULL);
      else if (g_str_has_prefix (line, "ERROR"))
        finish (self, FAX_CALL_RESULT_MODEM_ERROR, _("The modem refused to answer"));
      break;

    case ACT_TX_HDLC:
      if (g_str_has_prefix (line, "CONNECT"))
        {
          if (self->step == STEP_WAIT_CONNECT)
            {
              self->step = STEP_CONNECTED;
              self->deadline_us = 0;
              tx_next_frame (self);
            }
          else if (self->step == STEP_SENT_NONFINAL)
            {
              self->step = STEP_CONNECTED;
              t30_status (self, T30_FRONT_END_SEND_STEP_COMPLETE);
              tx_next_frame (self);
            }
          /* else: an extra CONNECT before a queued frame; drop it */
        }
      else if (g_str_has_prefix (line, "OK") && self->step == STEP_SENT_FINAL)
        {
          activity_done (self);
          t30_status (self, T30_FRONT_END_SEND_STEP_COMPLETE);
        }
      else if (g_str_has_prefix (line, "ERROR") || g_str_has_prefix (line, "NO CARRIER"))
        {
          call_log (self, "HDLC transmission failed: %s", line);
          if (note_refusal (self, line))
            break;
          activity_done (self);
          t30_status (self, T30_FRONT_END_SEND_STEP_COMPLETE);
        }
      break;

    case ACT_RX_HDLC:
      if (self->step == STEP_ABORTING)
        {
          if (g_str_has_prefix (line, "OK") || g_str_has_prefix (line, "ERROR") ||
              g_str_has_prefix (line, "NO CARRIER"))
            {
              rx_carrier_down (self);
              activity_done (self);
            }
          else if (g_str_has_prefix (line, "CONNECT"))
            {
              /* The frame won the race: take it, then its OK */
              self->carrier_reported = TRUE;
              t30_accept (self, NULL, SIG_STATUS_CARRIER_UP, TRUE);
              begin_rx_data (self, SINK_HDLC_FRAME);
            }
        }
      else if (self->step == STEP_WAIT_CONNECT)
        {
          if (g_str_has_prefix (line, "CONNECT"))
            {
              self->deadline_us = 0;
              if (!self->carrier_reported)
                {
                  self->carrier_reported = TRUE;
                  t30_accept (self, NULL, SIG_STATUS_CARRIER_UP, TRUE);
                  t30_accept (self, NULL, SIG_STATUS_FRAMING_OK, TRUE);
                }
              begin_rx_data (self, SINK_HDLC_FRAME);
            }
          else
            {
              if (note_refusal (self, line))
                break;
              rx_carrier_down (self);
              activity_done (self);
            }
        }
      else if (self->step == STEP_WAIT_RESULT)
        {
          gboolean ok = g_str_has_prefix (line, "OK");
          gboolean final = FALSE;

          if (self->frame->len > 2 && (ok || g_str_has_prefix (line, "ERROR")))
            {
              final = (self->frame->data[1] & 0x10) != 0;
              t30_accept (self, self->frame->data, self->frame->len - 2, ok);
            }
          g_byte_array_set_size (self->frame, 0);

          if (ok && !final && self->activity == ACT_RX_HDLC &&
              self->want_rx.type == T30_MODEM_V21 && g_queue_is_empty (&self->frames))
            {
              /* More frames follow on the same carrier */
              self->step = STEP_WAIT_CONNECT;
              self->deadline_us = 0;
              write_command (self, "AT+FRH=3");
            }
          else if (self->activity == ACT_RX_HDLC)
            {
              rx_carrier_down (self);
              activity_done (self);
            }
        }
      break;

    case ACT_TX_FAST:
      if (self->step == STEP_WAIT_CONNECT && g_str_has_prefix (line, "CONNECT"))
        {
          self->deadline_us = 0;
          self->step = STEP_DATA;
          if (self->active.hdlc)
            {
              /* ECM: preamble flags, then the frames T.30 queued */
              hdlc_tx_init (self->hdlc_tx, FALSE, 2, FALSE, ecm_underflow_cb, self);
              hdlc_tx_flags (self->hdlc_tx, 32);
              self->ecm_tx_active = TRUE;
              self->ecm_tx_ended = FALSE;
              while (!g_queue_is_empty (&self->frames))
                {
                  g_autoptr(GBytes) f = g_queue_pop_head (&self->frames);
                  gsize len;
                  const guint8 *d = g_bytes_get_data (f, &len);

                  if (len == 0)
                    {
                      hdlc_tx_frame (self->hdlc_tx, NULL, 0);
                      self->ecm_tx_ended = TRUE;
                    }
                  else
                    hdlc_tx_frame (self->hdlc_tx, d, len);
                }
            }
          fill_fast_tx (self);
        }
      else if (self->step == STEP_WAIT_RESULT && g_str_has_prefix (line, "OK"))
        {
          activity_done (self);
          t30_status (self, T30_FRONT_END_SEND_STEP_COMPLETE);
        }
      else
        {
          call_log (self, "fast transmission failed: %s", line);
          if (note_refusal (self, line))
            break;
          self->ecm_tx_active = FALSE;
          activity_done (self);
          t30_status (self, T30_FRONT_END_SEND_STEP_COMPLETE);
        }
      break;

    case ACT_RX_FAST:
      if (self->step == STEP_ABORTING)
        {
          if (g_str_has_prefix (line, "CONNECT"))
            {
              /* Data won the race; it ends with NO CARRIER like any */
              self->step = STEP_DATA;
              self->carrier_reported = TRUE;
              begin_rx_data (self, self->active.hdlc ? SINK_ECM : SINK_NON_ECM);
              if (self->active.hdlc)
                t30_accept (self, NULL, SIG_STATUS_TRAINING_SUCCEEDED, TRUE);
              else
                t30_put_bit (self, SIG_STATUS_TRAINING_SUCCEEDED);
            }
          else
            {
              rx_carrier_down (self);
              activity_done (self);
            }
        }
      else if (self->step == STEP_WAIT_CONNECT)
        {
          if (g_str_has_prefix (line, "CONNECT"))
            {
              self->deadline_us = 0;
              self->carrier_reported = TRUE;
              begin_rx_data (self, self->active.hdlc ? SINK_ECM : SINK_NON_ECM);
              if (self->active.hdlc)
                {
                  hdlc_rx_init (self->hdlc_rx, FALSE, TRUE, 2, t30_hdlc_accept, self->t30);
                  t30_accept (self, NULL, SIG_STATUS_TRAINING_SUCCEEDED, TRUE);
                }
              else
                t30_put_bit (self, SIG_STATUS_TRAINING_SUCCEEDED);
            }
          else if (g_str_has_prefix (line, "+FCERROR"))
            {
              /* Not the fast carrier but V.21: the sender repeated a
               * command. Read the frames instead. */
              call_log (self, "V.21 instead of the expected carrier");
              if (!self->active.hdlc && rx_page_missed (self))
                {
                  /* Tell T.30 a page was on the line: it answers the
                   * post-page command with RTN (retrain, send again) */
                  call_log (self, "the page never trained: asking for it again");
                  t30_put_bit (self, SIG_STATUS_TRAINING_IN_PROGRESS);
                }
              self->activity = ACT_RX_HDLC;
              self->active = (Want) { T30_MODEM_V21, 300, FALSE, TRUE };
              self->fallback_serial = self->want_rx_serial;
              self->step = STEP_WAIT_CONNECT;
              write_command (self, "AT+FRH=3");
            }
          else if (!note_refusal (self, line))
            activity_done (self);
        }
      else
        {
          /* NO CARRIER (or OK) after the data: the carrier is gone */
          rx_carrier_down (self);
          activity_done (self);
        }
      break;

    case ACT_PAUSE:
      activity_done (self);
      t30_status (self, T30_FRONT_END_SEND_STEP_COMPLETE);
      break;

    case ACT_HANGUP:
      activity_done (self);
      finish (self, FAX_CALL_RESULT_NONE, NULL);
      break;
    }
}

static void
handle_line (FaxCall *self,
             char    *line)
{
  g_strstrip (line);
  if (line[0] == '\0')
    return;

  {
    g_autofree char *shown = printable (line, strlen (line));
    call_log (self, "< %s", shown);
  }

  /* Echo of our own command, information text, RING while busy */
  if (!is_final_result (line))
    return;

  handle_result (self, line);
}

static void
rx_data_byte (FaxCall *self,
              guint8   b)
{
  switch (self->sink)
    {
    case SINK_HDLC_FRAME:
      if (self->frame->len < MAX_FRAME)
        g_byte_array_append (self->frame, &b, 1);
      break;

    case SINK_NON_ECM:
      g_byte_array_append (self->frame, &b, 1);
      if (self->frame->len >= CHUNK)
        {
          current_call = self;
          t30_non_ecm_put_chunk (self->t30, self->frame->data, self->frame->len);
          current_call = NULL;
          g_byte_array_set_size (self->frame, 0);
        }
      break;

    case SINK_ECM:
      current_call = self;
      hdlc_rx_put_byte (self->hdlc_rx, bit_reverse8 (b));
      current_call = NULL;
      break;
    }
}

static void
rx_data_end (FaxCall *self)
{
  if (self->sink == SINK_NON_ECM && self->frame->len > 0)
    {
      current_call = self;
      t30_non_ecm_put_chunk (self->t30, self->frame->data, self->frame->len);
      current_call = NULL;
      g_byte_array_set_size (self->frame, 0);
    }

  self->step = STEP_WAIT_RESULT;
}

static gboolean
in_rx_data (FaxCall *self)
{
  return (self->activity == ACT_RX_HDLC || self->activity == ACT_RX_FAST) &&
         self->step == STEP_DATA;
}

static void
handle_input (FaxCall      *self,
              const guint8 *buf,
              gsize         len)
{
  for (gsize i = 0; i < len && self->task != NULL; i++)
    {
      guint8 b = buf[i];

      if (in_rx_data (self))
        {
          if (self->dle)
            {
              self->dle = FALSE;
              if (b == ETX)
                rx_data_end (self);
              else if (b == DLE)
                rx_data_byte (self, DLE);
              else if (b == SUB)
                {
                  rx_data_byte (self, DLE);
                  rx_data_byte (self, DLE);
                }
              /* other DLE pairs carry nothing for us */
            }
          else if (b == DLE)
            self->dle = TRUE;
          else
            rx_data_byte (self, b);
          continue;
        }

      /* Outside received data, XON/XOFF are the modem's flow control */
      if (b == XOFF)
        {
          self->xoff = TRUE;
          continue;
        }
      if (b == XON)
        {
          self->xoff = FALSE;
          continue;
        }

      /* Lines end at LF: the data after "\r\nCONNECT\r\n" starts right
       * after the LF, so ending lines at CR would hand the LF to T.30 */
      if (b == '\r')
        continue;
      if (b == '\n')
        {
          if (self->line->len > 0)
            {
              g_autofree char *line = g_strdup (self->line->str);
              g_string_truncate (self->line, 0);
              handle_line (self, line);
            }
          continue;
        }

      if (self->line->len < MAX_LINE)
        g_string_append_c (self->line, b);
    }
}

/* ---------------------------------------------------------------- pump */

static void
start_command (FaxCall     *self,
               const char  *command,
               guint        timeout_ms,
               CommandDone  done)
{
  self->activity = ACT_COMMAND;
  self->command_done = done;
  g_free (self->command_text);
  self->command_text = g_strdup (command);
  self->deadline_us = g_get_monotonic_time () + (gint64)timeout_ms * 1000;
  write_command (self, command);
}

static gboolean
same_rx (const Want *a,
         const Want *b)
{
  return a->type == b->type && a->bit_rate == b->bit_rate && a->hdlc == b->hdlc;
}

/* Starts the next modem activity from what T.30 wants, if the modem is
 * free; aborts a receive T.30 no longer wants. */
static void
pump (FaxCall *self)
{
  if (self->in_pump || self->task == NULL || !self->t30_started)
    return;
  self->in_pump = TRUE;

  for (;;)
    {
      if (self->activity == ACT_RX_HDLC || self->activity == ACT_RX_FAST)
        {
          /* T.30 gave up waiting (timer) or has something to say */
          /* (A V.21 fallback after +FCERROR is what T.30 wants, as long
           * as it has not asked for something else since) */
          if (self->step == STEP_WAIT_CONNECT &&
              ((!same_rx (&self->want_rx, &self->active) && self->fallback_serial != self->want_rx_serial) ||
               !g_queue_is_empty (&self->frames)))
            abort_rx (self);
          break;
        }

      if (self->activity == ACT_TX_HDLC && self->step == STEP_CONNECTED)
        {
          tx_next_frame (self);
          break;
        }

      if (self->activity != ACT_NONE)
        break;

      /* The modem is idle in command mode */
      if (!g_queue_is_empty (&self->frames))
        {
          GBytes *head = g_queue_peek_head (&self->frames);

          if (g_bytes_get_size (head) == 0 && !self->tx_hdlc_ready)
            {
              /* End of an HDLC transmission the modem already ended */
              g_bytes_unref (g_queue_pop_head (&self->frames));
              t30_status (self, T30_FRONT_END_SEND_STEP_COMPLETE);
              continue;
            }

          if (self->want_tx.type == T30_MODEM_V21 || self->want_tx.type == T30_MODEM_NONE ||
              self->want_tx.type == T30_MODEM_CED || self->want_tx.type == T30_MODEM_CNG)
            {
              self->activity = ACT_TX_HDLC;
              if (self->tx_hdlc_ready)
                {
                  /* After ATA the modem is already in +FTH=3 */
                  self->tx_hdlc_ready = FALSE;
                  self->step = STEP_CONNECTED;
                  tx_next_frame (self);
                }
              else
                {
                  self->step = STEP_WAIT_CONNECT;
                  self->deadline_us = g_get_monotonic_time () + COMMAND_TIMEOUT_MS * 1000;
                  write_command (self, "AT+FTH=3");
                }
              break;
            }
        }

      switch (self->want_tx.type)
        {
        case T30_MODEM_V27TER:
        case T30_MODEM_V29:
        case T30_MODEM_V17:
          self->active = self->want_tx;
          self->want_tx.type = T30_MODEM_NONE;
          self->tx_hdlc_ready = FALSE;
          start_command (self, "AT+FTS=8", COMMAND_TIMEOUT_MS, after_fts);
          goto out;

        case T30_MODEM_PAUSE:
          {
            char cmd[32];
            int ms = self->want_tx.short_train;

            self->want_tx.type = T30_MODEM_NONE;
            self->tx_hdlc_ready = FALSE;
            self->activity = ACT_PAUSE;
            self->deadline_us = g_get_monotonic_time () + COMMAND_TIMEOUT_MS * 1000;
            g_snprintf (cmd, sizeof cmd, "AT+FTS=%d", CLAMP (ms / 10, 1, 255));
            write_command (self, cmd);
          }
          goto out;

        case T30_MODEM_DONE:
          self->want_tx.type = T30_MODEM_NONE;
          self->activity = ACT_HANGUP;
          self->deadline_us = g_get_monotonic_time () + COMMAND_TIMEOUT_MS * 1000;
          write_command (self, "ATH0");
          goto out;

        case T30_MODEM_CED:
        case T30_MODEM_CNG:
          /* Tones belong to ATA/ATD; nothing else to do */
          break;

        default:
          break;
        }

      if (self->tx_hdlc_ready)
        break;

      switch (self->want_rx.type)
        {
        case T30_MODEM_V21:
        case T30_MODEM_CED:
        case T30_MODEM_CNG:
          self->activity = ACT_RX_HDLC;
          self->active = (Want) { T30_MODEM_V21, 300, FALSE, TRUE };
          self->step = STEP_WAIT_CONNECT;
          self->deadline_us = 0;
          write_command (self, "AT+FRH=3");
          break;

        case T30_MODEM_V27TER:
        case T30_MODEM_V29:
        case T30_MODEM_V17:
          {
            char cmd[32];

            self->activity = ACT_RX_FAST;
            self->active = self->want_rx;
            self->step = STEP_WAIT_CONNECT;
            self->deadline_us = 0;
            g_snprintf (cmd, sizeof cmd, "AT+FRM=%d",
                        modem_code (self->want_rx.type, self->want_rx.bit_rate, self->want_rx.short_train));
            write_command (self, cmd);
          }
          break;

        default:
          break;
        }
      break;
    }

out:
  self->in_pump = FALSE;
}

/* ------------------------------------------------------------- sources */

static gboolean
io_cb (int          fd,
       GIOCondition condition,
       gpointer     user_data)
{
  FaxCall *self = user_data;
  g_autoptr(FaxCall) hold = g_object_ref (self);

  if (condition & G_IO_IN)
    {
      guint8 buf[1024];

      for (;;)
        {
          ssize_t n = read (fd, buf, sizeof buf);

          if (n > 0)
            {
              handle_input (self, buf, n);
              if (self->task == NULL)
                return G_SOURCE_REMOVE;
              continue;
            }
          if (n < 0 && errno == EINTR)
            continue;
          if (n < 0 && errno == EAGAIN)
            break;

          /* EOF or EIO: the device is gone */
          call_log (self, "the modem went away (%s)", n == 0 ? "end of file" : g_strerror (errno));
          if (self->t30_started)
            {
              current_call = self;
              t30_terminate (self->t30);
              current_call = NULL;
            }
          finish (self, FAX_CALL_RESULT_DISCONNECTED,
                  _("The modem disappeared during the call (unplugged or closed)"));
          return G_SOURCE_REMOVE;
        }
    }
  else if (condition & (G_IO_HUP | G_IO_ERR | G_IO_NVAL))
    {
      call_log (self, "the modem went away (hang-up on the device)");
      if (self->t30_started)
        {
          current_call = self;
          t30_terminate (self->t30);
          current_call = NULL;
        }
      finish (self, FAX_CALL_RESULT_DISCONNECTED,
              _("The modem disappeared during the call (unplugged or closed)"));
      return G_SOURCE_REMOVE;
    }

  if (self->task != NULL)
    {
      fill_fast_tx (self);
      flush_out (self);
      pump (self);
    }

  return self->task != NULL ? G_SOURCE_CONTINUE : G_SOURCE_REMOVE;
}

static gboolean
tick_cb (gpointer user_data)
{
  FaxCall *self = user_data;
  g_autoptr(FaxCall) hold = g_object_ref (self);
  gint64 now = g_get_monotonic_time ();
  int samples = (int)((now - self->last_tick_us) * 8000 / G_USEC_PER_SEC);

  if (self->task == NULL)
    return G_SOURCE_REMOVE;

  if (samples > 0 && self->t30_started)
    {
      self->last_tick_us += (gint64)samples * G_USEC_PER_SEC / 8000;
      current_call = self;
      t30_timer_update (self->t30, samples);
      current_call = NULL;
    }
  else if (!self->t30_started)
    self->last_tick_us = now;

  if (self->task == NULL)
    return G_SOURCE_REMOVE;

  if (self->deadline_us != 0 && now > self->deadline_us)
    {
      g_autofree char *msg = NULL;
      const char *what = self->activity == ACT_COMMAND && self->command_text ? self->command_text :
                         self->activity == ACT_DIAL ? "ATD" :
                         self->activity == ACT_ANSWER ? "ATA" : "a data command";

      call_log (self, "no answer from the modem to %s", what);
      if (self->activity == ACT_DIAL)
        {
          write_command (self, "ATH0");
          finish (self, FAX_CALL_RESULT_NO_ANSWER, NULL);
          return G_SOURCE_REMOVE;
        }

      msg = g_strdup_printf (_("The modem did not answer “%s” in time; check that it is switched on and connected"), what);
      if (self->t30_started)
        {
          current_call = self;
          t30_terminate (self->t30);
          current_call = NULL;
        }
      finish (self, FAX_CALL_RESULT_MODEM_ERROR, msg);
      return G_SOURCE_REMOVE;
    }

  fill_fast_tx (self);
  flush_out (self);
  pump (self);

  return self->task != NULL ? G_SOURCE_CONTINUE : G_SOURCE_REMOVE;
}

/* ------------------------------------------------------------ lifecycle */

static void
start_t30 (FaxCall *self)
{
  int modems = 0;
  int compressions = 0;
  logging_state_t *logging;

  if (self->modems & FAX_CALL_MODEM_V27TER)
    modems |= T30_SUPPORT_V27TER;
  if (self->modems & FAX_CALL_MODEM_V29)
    modems |= T30_SUPPORT_V29;
  if (self->modems & FAX_CALL_MODEM_V17)
    modems |= T30_SUPPORT_V17;
  if (self->compressions & FAX_CALL_COMPRESSION_MH)
    compressions |= T30_SUPPORT_T4_1D_COMPRESSION;
  if (self->compressions & FAX_CALL_COMPRESSION_MR)
    compressions |= T30_SUPPORT_T4_2D_COMPRESSION;
  if (self->compressions & FAX_CALL_COMPRESSION_MMR)
    compressions |= T30_SUPPORT_T6_COMPRESSION;

  current_call = self;
  /* t30_init calls the handlers and starts T0: only now, at ATD/ATA */
  self->t30 = t30_init (NULL, self->direction == FAX_CALL_SEND,
                        want_rx_cb, self, want_tx_cb, self, send_hdlc_cb, self);
  logging = t30_get_logging_state (self->t30);
  span_log_set_level (logging, SPAN_LOG_SHOW_SEVERITY | SPAN_LOG_SHOW_PROTOCOL | SPAN_LOG_FLOW);
  span_log_set_message_handler (logging, span_message);

  t30_set_supported_modems (self->t30, modems);
  t30_set_supported_compressions (self->t30, compressions);
  t30_set_ecm_capability (self->t30, self->ecm);
  /* spandsp 0.0.6 has no setter for this: without it a page the receiver
   * rejects (RTN, too many bad rows) is skipped and the call still ends
   * "OK". With it the sender retrains, slower, and sends that page again
   * until it is confirmed or no slower speed is left. */
  self->t30->retransmit_capable = TRUE;
  t30_set_supported_resolutions (self->t30,
                                 T30_SUPPORT_STANDARD_RESOLUTION | T30_SUPPORT_FINE_RESOLUTION |
                                 T30_SUPPORT_SUPERFINE_RESOLUTION | T30_SUPPORT_R8_RESOLUTION |
                                 T30_SUPPORT_R16_RESOLUTION);
  t30_set_supported_image_sizes (self->t30,
                                 T30_SUPPORT_215MM_WIDTH | T30_SUPPORT_255MM_WIDTH |
                                 T30_SUPPORT_303MM_WIDTH | T30_SUPPORT_UNLIMITED_LENGTH |
                                 T30_SUPPORT_A4_LENGTH | T30_SUPPORT_B4_LENGTH |
                                 T30_SUPPORT_US_LETTER_LENGTH | T30_SUPPORT_US_LEGAL_LENGTH);
  if (self->local_ident != NULL)
    t30_set_tx_ident (self->t30, self->local_ident);
  if (self->header_info != NULL && self->header_info[0] != '\0')
    t30_set_tx_page_header_info (self->t30, self->header_info);
  if (self->tx_file != NULL)
    t30_set_tx_file (self->t30, self->tx_file, -1, -1);
  if (self->rx_file != NULL)
    t30_set_rx_file (self->t30, self->rx_file, -1);
  t30_set_phase_b_handler (self->t30, phase_b_cb, self);
  t30_set_phase_d_handler (self->t30, phase_d_cb, self);
  t30_set_phase_e_handler (self->t30, phase_e_cb, self);
  t30_set_real_time_frame_handler (self->t30, frame_cb, self);
  current_call = NULL;

  self->t30_started = TRUE;
  self->last_tick_us = g_get_monotonic_time ();
}

static void after_fclass (FaxCall *self, const char *result);

static void
after_fclass_1_0 (FaxCall    *self,
                  const char *result)
{
  if (!g_str_has_prefix (result, "OK"))
    {
      finish (self, FAX_CALL_RESULT_MODEM_ERROR,
              _("The modem does not support fax Class 1 (AT+FCLASS=1 and AT+FCLASS=1.0 failed)"));
      return;
    }
  after_fclass (self, result);
}

static void
after_fclass (FaxCall    *self,
              const char *result)
{
  if (!g_str_has_prefix (result, "OK"))
    {
      /* Some modems know the class only by its T.31 name */
      start_command (self, "AT+FCLASS=1.0", COMMAND_TIMEOUT_MS, after_fclass_1_0);
      return;
    }

  start_t30 (self);

  if (self->direction == FAX_CALL_SEND)
    {
      g_autofree char *cmd = g_strdup_printf ("ATD%s", self->number);

      self->activity = ACT_DIAL;
      self->deadline_us = g_get_monotonic_time () + (gint64)self->dial_timeout * G_USEC_PER_SEC;
      write_command (self, cmd);
    }
  else
    {
      self->activity = ACT_ANSWER;
      self->deadline_us = g_get_monotonic_time () + (gint64)self->dial_timeout * G_USEC_PER_SEC;
      write_command (self, "ATA");
    }
}

static void
after_flow_control (FaxCall    *self,
                    const char *result)
{
  /* Older modems know only their own commands (&K3, \Q3): the call goes
   * on, with the modem's setting, which the log shows */
  if (!g_str_has_prefix (result, "OK"))
    call_log (self, "the modem refused AT+IFC (%s): keeping its own flow control", result);
  start_command (self, "AT+FCLASS=1", COMMAND_TIMEOUT_MS, after_fclass);
}

static void
after_echo_off (FaxCall    *self,
                const char *result)
{
  if (!g_str_has_prefix (result, "OK"))
    {
      finish (self, FAX_CALL_RESULT_MODEM_ERROR,
              _("The modem did not accept ATE0; it may not be a modem"));
      return;
    }
  if (self->flow_set && self->flow != FAX_FLOW_CONTROL_NONE)
    {
      /* DTE-to-modem and modem-to-DTE flow control as the port's termios:
       * 2,2 RTS/CTS, 1,1 XON/XOFF */
      start_command (self, self->flow == FAX_FLOW_CONTROL_HARDWARE ? "AT+IFC=2,2" : "AT+IFC=1,1",
                     COMMAND_TIMEOUT_MS, after_flow_control);
      return;
    }
  start_command (self, "AT+FCLASS=1", COMMAND_TIMEOUT_MS, after_fclass);
}

/* A GCancellableSource callback: the cancellable comes first */
static gboolean
check_cancelled (GCancellable *cancellable,
                 gpointer      user_data)
{
  FaxCall *self = user_data;

  if (self->task != NULL && g_cancellable_is_cancelled (self->cancellable))
    {
      static const guint8 can = CAN;

      call_log (self, "cancelled by the user");
      /* Leave data mode if we are in it, then hang up */
      out_append (self, &can, 1);
      out_end_of_data (self);
      flush_out (self);
      write_command (self, "ATH0");
      if (self->t30_started)
        {
          current_call = self;
          t30_terminate (self->t30);
          current_call = NULL;
        }
      finish (self, FAX_CALL_RESULT_CANCELLED, NULL);
    }
  return G_SOURCE_CONTINUE;
}

static char *
describe_result (FaxCall *self)
{
  switch (self->result)
    {
    case FAX_CALL_RESULT_OK:
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u page transferred", "%u pages transferred", self->pages), self->pages);
    case FAX_CALL_RESULT_BUSY:
      return g_strdup (_("The line was busy"));
    case FAX_CALL_RESULT_NO_ANSWER:
      return g_strdup (_("Nobody answered"));
    case FAX_CALL_RESULT_NO_DIAL_TONE:
      return g_strdup (_("There was no dial tone: check the phone line"));
    case FAX_CALL_RESULT_NO_CARRIER:
      return g_strdup (_("The call was answered, but not by a fax machine"));
    case FAX_CALL_RESULT_NOT_FAX_CALL:
      return g_strdup (_("The caller was not a fax machine"));
    case FAX_CALL_RESULT_T30_FAILED:
      if (self->line_lost)
        return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                             "The line dropped during the call (after %u page)",
                                             "The line dropped during the call (after %u pages)",
                                             self->pages), self->pages);
      return g_strdup_printf (_("The fax call failed: %s (after %u pages)"),
                              t30_completion_code_to_str (self->t30_status), self->pages);
    case FAX_CALL_RESULT_MODEM_ERROR:
      return g_strdup (_("The modem did not respond as expected"));
    case FAX_CALL_RESULT_DISCONNECTED:
      return g_strdup (_("The modem disappeared during the call"));
    case FAX_CALL_RESULT_CANCELLED:
      return g_strdup (_("The call was cancelled"));
    case FAX_CALL_RESULT_NONE:
    default:
      return g_strdup (_("The call has not finished"));
    }
}

static void
finish (FaxCall       *self,
        FaxCallResult  result,
        const char    *text)
{
  g_autoptr(GTask) task = NULL;

  if (self->task == NULL)
    return;

  task = g_steal_pointer (&self->task);

  if (result == FAX_CALL_RESULT_NONE)
    {
      /* A hang-up after T.30 finished: judge by phase E */
      if (self->phase_e_seen && self->t30_status == T30_ERR_OK)
        result = FAX_CALL_RESULT_OK;
      else
        result = FAX_CALL_RESULT_T30_FAILED;
    }
  else if (result == FAX_CALL_RESULT_T30_FAILED && self->phase_e_seen && self->t30_status == T30_ERR_OK)
    result = FAX_CALL_RESULT_OK;

  /* T.30 gave up without ever hearing DIS/DCS: there was no fax machine
   * on the other end (a voice call, silence) */
  if (result == FAX_CALL_RESULT_T30_FAILED && !self->connected && !self->line_lost)
    result = self->direction == FAX_CALL_RECEIVE ? FAX_CALL_RESULT_NOT_FAX_CALL : FAX_CALL_RESULT_NO_CARRIER;

  self->result = result;
  self->duration = (g_get_monotonic_time () - self->started_us) / 1e6;
  g_free (self->status_text);
  self->status_text = text ? g_strdup (text) : describe_result (self);

  call_log (self, "call ended: %s (%s), %.1f s", fax_call_result_to_string (result),
            self->status_text, self->duration);

  if (self->io_source)
    {
      g_source_destroy (self->io_source);
      g_clear_pointer (&self->io_source, g_source_unref);
    }
  if (self->tick_source)
    {
      g_source_destroy (self->tick_source);
      g_clear_pointer (&self->tick_source, g_source_unref);
    }
  /* Best effort: whatever is still queued for the modem (ATH0) */
  flush_out (self);

  if (result == FAX_CALL_RESULT_OK)
    g_task_return_boolean (task, TRUE);
  else if (result == FAX_CALL_RESULT_CANCELLED)
    g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED, "%s", self->status_text);
  else
    g_task_return_new_error (task, FAX_ERROR, FAX_ERROR_FAILED, "%s", self->status_text);
}

static void
fax_call_dispose (GObject *object)
{
  FaxCall *self = (FaxCall *)object;

  if (self->io_source)
    {
      g_source_destroy (self->io_source);
      g_clear_pointer (&self->io_source, g_source_unref);
    }
  if (self->tick_source)
    {
      g_source_destroy (self->tick_source);
      g_clear_pointer (&self->tick_source, g_source_unref);
    }
  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (fax_call_parent_class)->dispose (object);
}

static void
fax_call_finalize (GObject *object)
{
  FaxCall *self = (FaxCall *)object;

  if (self->t30 != NULL)
    {
      current_call = self;
      t30_free (self->t30);
      current_call = NULL;
    }
  g_free (self->hdlc_tx);
  g_free (self->hdlc_rx);
  while (!g_queue_is_empty (&self->frames))
    g_bytes_unref (g_queue_pop_head (&self->frames));
  if (self->log)
    fclose (self->log);
  g_clear_pointer (&self->context, g_main_context_unref);
  g_string_free (self->line, TRUE);
  g_byte_array_unref (self->out);
  g_byte_array_unref (self->frame);
  g_free (self->number);
  g_free (self->tx_file);
  g_free (self->rx_file);
  g_free (self->local_ident);
  g_free (self->header_info);
  g_free (self->log_path);
  g_free (self->command_text);
  g_free (self->status_text);
  g_free (self->remote_ident);
  g_free (self->compression);

  G_OBJECT_CLASS (fax_call_parent_class)->finalize (object);
}

static void
fax_call_get_property (GObject    *object,
                       guint       prop_id,
                       GValue     *value,
                       GParamSpec *pspec)
{
  FaxCall *self = FAX_CALL (object);

  switch (prop_id)
    {
    case PROP_PHASE:
      g_value_set_string (value, self->task == NULL ? fax_call_result_to_string (self->result) :
                                 self->connected ? "connected" : "calling");
      break;
    case PROP_PAGES:
      g_value_set_uint (value, self->pages);
      break;
    case PROP_TOTAL_PAGES:
      g_value_set_uint (value, self->total_pages);
      break;
    case PROP_REMOTE_IDENT:
      g_value_set_string (value, self->remote_ident);
      break;
    case PROP_BIT_RATE:
      g_value_set_uint (value, self->bit_rate);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fax_call_class_init (FaxCallClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = fax_call_dispose;
  object_class->finalize = fax_call_finalize;
  object_class->get_property = fax_call_get_property;

  properties[PROP_PHASE] =
    g_param_spec_string ("phase", NULL, NULL, NULL,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_PAGES] =
    g_param_spec_uint ("pages", NULL, NULL, 0, G_MAXUINT, 0,
                       (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_TOTAL_PAGES] =
    g_param_spec_uint ("total-pages", NULL, NULL, 0, G_MAXUINT, 0,
                       (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_REMOTE_IDENT] =
    g_param_spec_string ("remote-ident", NULL, NULL, NULL,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_BIT_RATE] =
    g_param_spec_uint ("bit-rate", NULL, NULL, 0, G_MAXUINT, 0,
                       (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
fax_call_init (FaxCall *self)
{
  self->fd = -1;
  self->ecm = TRUE;
  self->modems = FAX_CALL_MODEM_V27TER | FAX_CALL_MODEM_V29 | FAX_CALL_MODEM_V17;
  self->compressions = FAX_CALL_COMPRESSION_MH | FAX_CALL_COMPRESSION_MR | FAX_CALL_COMPRESSION_MMR;
  self->dial_timeout = 90;
  self->line = g_string_new (NULL);
  self->out = g_byte_array_new ();
  self->frame = g_byte_array_new ();
  self->hdlc_tx = g_new0 (hdlc_tx_state_t, 1);
  self->hdlc_rx = g_new0 (hdlc_rx_state_t, 1);
  g_queue_init (&self->frames);
}

FaxCall *
fax_call_new (int              fd,
              FaxCallDirection direction)
{
  FaxCall *self = g_object_new (FAX_TYPE_CALL, NULL);

  self->fd = fd;
  self->direction = direction;
  return self;
}

#define SETTER_STR(name)                                   \
  void                                                     \
  fax_call_set_##name (FaxCall    *self,                   \
                       const char *value)                  \
  {                                                        \
    g_return_if_fail (FAX_IS_CALL (self));                 \
    g_free (self->name);                                   \
    self->name = g_strdup (value);                         \
  }

SETTER_STR (number)
SETTER_STR (tx_file)
SETTER_STR (rx_file)
SETTER_STR (local_ident)
SETTER_STR (header_info)
SETTER_STR (log_path)

void
fax_call_set_ecm (FaxCall  *self,
                  gboolean  ecm)
{
  g_return_if_fail (FAX_IS_CALL (self));
  self->ecm = !!ecm;
}

void
fax_call_set_modems (FaxCall       *self,
                     FaxCallModems  modems)
{
  g_return_if_fail (FAX_IS_CALL (self));
  self->modems = modems;
}

void
fax_call_set_compressions (FaxCall             *self,
                           FaxCallCompressions  compressions)
{
  g_return_if_fail (FAX_IS_CALL (self));
  self->compressions = compressions;
}

void
fax_call_set_flow_control (FaxCall        *self,
                           FaxFlowControl  flow)
{
  g_return_if_fail (FAX_IS_CALL (self));
  self->flow_set = TRUE;
  self->flow = flow;
}

void
fax_call_set_dial_timeout (FaxCall *self,
                           guint    seconds)
{
  g_return_if_fail (FAX_IS_CALL (self));
  self->dial_timeout = seconds;
}

void
fax_call_run_async (FaxCall             *self,
                    GCancellable        *cancellable,
                    GAsyncReadyCallback  callback,
                    gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;

  g_return_if_fail (FAX_IS_CALL (self));
  g_return_if_fail (self->task == NULL && self->started_us == 0);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, fax_call_run_async);

  if (self->direction == FAX_CALL_SEND &&
      (self->number == NULL || self->number[0] == '\0' || self->tx_file == NULL))
    {
      g_task_return_new_error (task, FAX_ERROR, FAX_ERROR_INVALID_PARAMETER,
                               _("A fax to send needs a number and a document"));
      return;
    }

  if (self->number != NULL)
    {
      /* The number goes to the modem: digits and dial modifiers only */
      for (const char *p = self->number; *p; p++)
        if (!strchr ("0123456789*#+,WwPpTt!@ABCDabcd", *p))
          {
            g_task_return_new_error (task, FAX_ERROR, FAX_ERROR_INVALID_PARAMETER,
                                     _("“%s” is not a fax number: use digits and the dial characters , W P T * # +"),
                                     self->number);
            return;
          }
    }

  if (self->direction == FAX_CALL_RECEIVE && self->rx_file == NULL)
    {
      g_task_return_new_error (task, FAX_ERROR, FAX_ERROR_INVALID_PARAMETER,
                               _("A fax to receive needs a file to store it in"));
      return;
    }

  if (self->log_path != NULL)
    {
      int log_fd = open (self->log_path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
      if (log_fd >= 0)
        self->log = fdopen (log_fd, "a");
    }

  if (self->rx_file != NULL)
    {
      /* Received faxes are private: create the file 0600 before libtiff
       * opens it (it keeps the mode) */
      int rx_fd = open (self->rx_file, O_WRONLY | O_CREAT | O_CLOEXEC, 0600);
      if (rx_fd < 0)
        {
          int errsv = errno;
          g_task_return_new_error (task, FAX_ERROR, FAX_ERROR_FAILED,
                                   _("Cannot create %s to store the fax: %s"),
                                   self->rx_file, g_strerror (errsv));
          return;
        }
      close (rx_fd);
    }

  self->task = g_steal_pointer (&task);
  self->context = g_main_context_ref_thread_default ();
  self->started_us = g_get_monotonic_time ();
  self->last_tick_us = self->started_us;

  {
    int flags = fcntl (self->fd, F_GETFL);
    if (flags >= 0)
      fcntl (self->fd, F_SETFL, flags | O_NONBLOCK);
  }

  self->io_source = g_unix_fd_source_new (self->fd, G_IO_IN | G_IO_HUP | G_IO_ERR);
  g_source_set_callback (self->io_source, (GSourceFunc)(void (*)(void))io_cb, self, NULL);
  g_source_set_priority (self->io_source, G_PRIORITY_HIGH);
  g_source_attach (self->io_source, self->context);

  self->tick_source = g_timeout_source_new (TICK_MS);
  g_source_set_callback (self->tick_source, tick_cb, self, NULL);
  g_source_set_priority (self->tick_source, G_PRIORITY_HIGH);
  g_source_attach (self->tick_source, self->context);

  if (cancellable != NULL)
    {
      GSource *source = g_cancellable_source_new (cancellable);

      self->cancellable = g_object_ref (cancellable);
      g_source_set_callback (source, G_SOURCE_FUNC (check_cancelled), self, NULL);
      g_source_attach (source, self->context);
      g_source_unref (source);
    }

  call_log (self, "%s call%s%s", self->direction == FAX_CALL_SEND ? "outgoing" : "incoming",
            self->number ? " to " : "", self->number ? self->number : "");
  start_command (self, "ATE0", COMMAND_TIMEOUT_MS, after_echo_off);
}

gboolean
fax_call_run_finish (FaxCall       *self,
                     GAsyncResult  *result,
                     GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

FaxCallResult fax_call_get_result (FaxCall *self) { return self->result; }
int fax_call_get_t30_status (FaxCall *self) { return self->t30_status; }
const char *fax_call_get_status_text (FaxCall *self) { return self->status_text; }
const char *fax_call_get_remote_ident (FaxCall *self) { return self->remote_ident; }
guint fax_call_get_pages (FaxCall *self) { return self->pages; }
guint fax_call_get_total_pages (FaxCall *self) { return self->total_pages; }
guint fax_call_get_bit_rate (FaxCall *self) { return self->bit_rate; }
gboolean fax_call_get_ecm_used (FaxCall *self) { return self->ecm_used; }
const char *fax_call_get_compression (FaxCall *self) { return self->compression; }
guint fax_call_get_x_resolution (FaxCall *self) { return self->x_resolution; }
guint fax_call_get_y_resolution (FaxCall *self) { return self->y_resolution; }
double fax_call_get_duration (FaxCall *self) { return self->duration; }

const char *
fax_call_result_to_string (FaxCallResult result)
{
  switch (result)
    {
    case FAX_CALL_RESULT_NONE: return "running";
    case FAX_CALL_RESULT_OK: return "ok";
    case FAX_CALL_RESULT_BUSY: return "busy";
    case FAX_CALL_RESULT_NO_ANSWER: return "no-answer";
    case FAX_CALL_RESULT_NO_DIAL_TONE: return "no-dial-tone";
    case FAX_CALL_RESULT_NO_CARRIER: return "no-carrier";
    case FAX_CALL_RESULT_NOT_FAX_CALL: return "not-fax-call";
    case FAX_CALL_RESULT_T30_FAILED: return "t30-failed";
    case FAX_CALL_RESULT_MODEM_ERROR: return "modem-error";
    case FAX_CALL_RESULT_DISCONNECTED: return "disconnected";
    case FAX_CALL_RESULT_CANCELLED: return "cancelled";
    default: return "unknown";
    }
}
