/* fax-virtual-line.c
 *
 * A telephone line with a software Class 1 fax modem at each end. Each end
 * is a pseudo-terminal served by one of spandsp's T.31 modems (the AT
 * interpreter plus the V.21/V.27ter/V.29/V.17 modulations); the audio one
 * modem transmits is what the other receives, a line delay later. The line
 * plays the telephone network between them: ATD rings the other end, ATA
 * (or auto-answer) connects the call, ATH, a DTR drop or closing the device
 * hangs up, and the other end hears the hang-up once the audio in flight has
 * crossed the line.
 *
 * Everything about the modems runs on one thread with its own GMainContext,
 * ticked by the clock in blocks of 20 ms of audio (160 samples at 8 kHz), so
 * that a busy UI never starves the line. The owner's thread only creates and
 * destroys the line and receives its log lines.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define _GNU_SOURCE
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include <glib/gi18n-lib.h>

/* The T.31 state is opaque unless exposed: we read the AT interpreter's
 * mode and result-code settings, and free the receive queue that
 * t31_free () leaks. */
#define SPANDSP_EXPOSE_INTERNAL_STRUCTURES
#include <spandsp.h>

#include "fax-error.h"
#include "fax-virtual-line.h"

#define SAMPLE_RATE      8000
#define BLOCK            160                 /* 20 ms */
#define TICK_MS          20
#define RING_INTERVAL    (5 * SAMPLE_RATE)   /* a RING every 5 s */
#define READ_CHUNK       512                 /* well under T.31's 1 KB of headroom */
#define MAX_OUT_BACKLOG  (256 * 1024)        /* output for a DTE that does not read */
#define MAX_CATCH_UP     25                  /* blocks per tick when late */
#define XON              0x11
#define XOFF             0x13

#define DEFAULT_SPEED      1.0
#define DEFAULT_DELAY      50
#define DEFAULT_NO_ANSWER  60

typedef enum {
  CALL_IDLE,
  CALL_RINGING,
  CALL_CONNECTED,
} CallState;

typedef enum {
  REQUEST_DIAL,
  REQUEST_ANSWER,
  REQUEST_HANGUP,
  REQUEST_OFFHOOK,
} RequestKind;

typedef struct
{
  RequestKind  kind;
  guint        end;
  char        *number;
} Request;

/* One direction of AT traffic, cut into lines for the log */
typedef struct
{
  GString *text;
  gsize    data_bytes;
} Traffic;

typedef struct
{
  FaxVirtualLine *line;
  guint           index;
  char            letter;
  t31_state_t    *modem;
  int             master_fd;
  char           *path;

  guint8          in[READ_CHUNK];
  gsize           in_len;
  gsize           in_pos;
  GByteArray     *out;

  gboolean        dte_present;   /* some program has the device open */
  gboolean        dtr;           /* its speed is not B0 */
  gboolean        cts;           /* the modem takes data */
  gboolean        off_hook;
  gboolean        backlog_warned;
  gint64          hangup_at;     /* line time of a hang-up heard from the far end, or -1 */

  Traffic         from_dte;
  Traffic         to_dte;
} LineEnd;

struct _FaxVirtualLine
{
  GObject       parent_instance;

  /* Options, fixed at construction */
  double        speed;
  guint         delay_ms;
  double        noise_dbm0;
  double        cut_after;
  guint         no_answer_timeout;
  gboolean      verbose;

  /* Line thread state: touched only by the line thread once it runs */
  LineEnd       ends[2];
  int16_t      *delay_buf[2];    /* [i]: audio travelling from end i to end 1 - i */
  guint         delay_samples;
  guint         delay_pos;
  awgn_state_t *noise[2];
  gint64        now;             /* line time in samples */
  gint64        clock_base_us;
  gint64        clock_base_samples;
  CallState     call;
  guint         caller;
  gint64        next_ring;
  gint64        no_answer_at;
  gint64        connected_at;
  GQueue        requests;

  /* Thread plumbing */
  GThread      *thread;
  GMainContext *context;
  GMainLoop    *loop;
  GMutex        mutex;
  GCond         cond;
  gboolean      running;

  /* Log lines travel to the owner's context */
  GMainContext *owner_context;
  GSource      *log_source;
  GAsyncQueue  *log_queue;
};

static void fax_virtual_line_initable_iface_init (GInitableIface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (FaxVirtualLine, fax_virtual_line, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_INITABLE, fax_virtual_line_initable_iface_init))

enum {
  PROP_0,
  PROP_SPEED,
  PROP_DELAY,
  PROP_NOISE,
  PROP_CUT_AFTER,
  PROP_NO_ANSWER_TIMEOUT,
  PROP_VERBOSE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  LOG,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void run_requests (FaxVirtualLine *self);

/* Log lines */

static void
line_log (FaxVirtualLine *self,
          const char     *fmt,
          ...) G_GNUC_PRINTF (2, 3);

static void
line_log (FaxVirtualLine *self,
          const char     *fmt,
          ...)
{
  g_autofree char *text = NULL;
  va_list args;

  va_start (args, fmt);
  text = g_strdup_vprintf (fmt, args);
  va_end (args);

  g_debug ("virtual line: %s", text);
  if (self->verbose)
    {
      g_async_queue_push (self->log_queue, g_steal_pointer (&text));
      g_source_set_ready_time (self->log_source, 0);
    }
}

static gboolean
log_source_dispatch (GSource     *source,
                     GSourceFunc  callback,
                     gpointer     user_data)
{
  FaxVirtualLine *self = user_data;
  char *text;

  g_source_set_ready_time (source, -1);
  while ((text = g_async_queue_try_pop (self->log_queue)))
    {
      g_signal_emit (self, signals[LOG], 0, text);
      g_free (text);
    }

  return G_SOURCE_CONTINUE;
}

static GSourceFuncs log_source_funcs = {
  .dispatch = log_source_dispatch,
};

static void
traffic_flush (FaxVirtualLine *self,
               LineEnd        *end,
               Traffic        *traffic,
               const char     *arrow)
{
  if (traffic->data_bytes > 0)
    {
      line_log (self, "%c %s [%" G_GSIZE_FORMAT " bytes of data]", end->letter, arrow, traffic->data_bytes);
      traffic->data_bytes = 0;
    }
  if (traffic->text->len > 0)
    {
      line_log (self, "%c %s %s", end->letter, arrow, traffic->text->str);
      g_string_truncate (traffic->text, 0);
    }
}

static gboolean
is_text (const guint8 *data,
         gsize         len)
{
  for (gsize i = 0; i < len; i++)
    if (data[i] != '\r' && data[i] != '\n' && (data[i] < 0x20 || data[i] > 0x7e))
      return FALSE;
  return TRUE;
}

/* Commands and responses go to the log as lines, data as byte counts */
static void
traffic_log (FaxVirtualLine *self,
             LineEnd        *end,
             gboolean        from_dte,
             const guint8   *data,
             gsize           len,
             gboolean        is_data)
{
  Traffic *traffic = from_dte ? &end->from_dte : &end->to_dte;
  const char *arrow = from_dte ? "<-" : "->";

  if (!self->verbose)
    return;

  if (is_data)
    {
      if (traffic->text->len > 0)
        traffic_flush (self, end, traffic, arrow);
      traffic->data_bytes += len;
      return;
    }

  for (gsize i = 0; i < len; i++)
    {
      if (data[i] == '\r' || data[i] == '\n')
        {
          if (traffic->text->len > 0 || traffic->data_bytes > 0)
            traffic_flush (self, end, traffic, arrow);
        }
      else if (traffic->text->len < 200)
        g_string_append_c (traffic->text, data[i]);
    }
}

/* The modem's side of the serial port */

static gboolean
in_command_mode (LineEnd *end)
{
  int mode = end->modem->at_state.at_rx_mode;

  return mode == AT_MODE_ONHOOK_COMMAND || mode == AT_MODE_OFFHOOK_COMMAND;
}

static void
queue_output (LineEnd      *end,
              const guint8 *data,
              gsize         len)
{
  if (!end->dte_present)
    return;

  if (end->out->len + len > MAX_OUT_BACKLOG)
    {
      if (!end->backlog_warned)
        g_warning ("Virtual line %c: the program on %s does not read; dropping modem output",
                   end->letter, end->path);
      end->backlog_warned = TRUE;
      return;
    }

  g_byte_array_append (end->out, data, len);
}

static int
at_tx_handler (at_state_t    *s,
               void          *user_data,
               const uint8_t *buf,
               size_t         len)
{
  LineEnd *end = user_data;

  traffic_log (end->line, end, FALSE, buf, len, !is_text (buf, len));
  queue_output (end, buf, len);
  return len;
}

static void
push_request (LineEnd     *end,
              RequestKind  kind,
              const char  *number)
{
  Request *request = g_new0 (Request, 1);

  request->kind = kind;
  request->end = end->index;
  request->number = g_strdup (number);
  g_queue_push_tail (&end->line->requests, request);
}

static void
request_free (Request *request)
{
  g_free (request->number);
  g_free (request);
}

/* Called from inside the T.31 code (even from inside t31_call_event ()):
 * only record what the modem asks for; the loop acts on it afterwards. */
static int
modem_control_handler (t31_state_t *s,
                       void        *user_data,
                       int          op,
                       const char  *num)
{
  LineEnd *end = user_data;

  switch (op)
    {
    case AT_MODEM_CONTROL_CALL:
      push_request (end, REQUEST_DIAL, num);
      break;

    case AT_MODEM_CONTROL_ANSWER:
      push_request (end, REQUEST_ANSWER, NULL);
      break;

    case AT_MODEM_CONTROL_HANGUP:
      push_request (end, REQUEST_HANGUP, NULL);
      break;

    case AT_MODEM_CONTROL_OFFHOOK:
      push_request (end, REQUEST_OFFHOOK, NULL);
      break;

    case AT_MODEM_CONTROL_ONHOOK:
      /* The answer to a hang-up we delivered */
      end->off_hook = FALSE;
      break;

    case AT_MODEM_CONTROL_CTS:
      {
        /* On/off values arrive cast into the pointer. A pty has no CTS
         * line: tell the DTE in band, as iaxmodem does. */
        gboolean on = num != NULL;
        guint8 c = on ? XON : XOFF;

        if (on != end->cts)
          {
            end->cts = on;
            queue_output (end, &c, 1);
          }
      }
      break;

    default:
      /* DTR, RTS, carrier, ring, DSR, caller id: nothing to do on a pty */
      break;
    }

  return 0;
}

/* The telephone network */

static void
call_event (FaxVirtualLine *self,
            guint           index,
            int             event)
{
  t31_call_event (self->ends[index].modem, event);
}

static void
put_response (LineEnd *end,
              int      code)
{
  at_put_response_code (&end->modem->at_state, code);
}

static void
clear_delay_lines (FaxVirtualLine *self)
{
  for (guint i = 0; i < 2; i++)
    if (self->delay_samples > 0)
      memset (self->delay_buf[i], 0, self->delay_samples * sizeof (int16_t));
}

static gboolean
is_busy (FaxVirtualLine *self,
         guint           index)
{
  LineEnd *end = &self->ends[index];

  return self->call != CALL_IDLE || end->off_hook || end->hangup_at >= 0;
}

static void
do_dial (FaxVirtualLine *self,
         guint           index,
         const char     *number)
{
  LineEnd *end = &self->ends[index];
  guint other = 1 - index;

  line_log (self, "%c dials %s", end->letter, number && number[0] ? number : "(no number)");

  if (is_busy (self, other) || end->hangup_at >= 0)
    {
      line_log (self, "%c is busy", self->ends[other].letter);
      call_event (self, index, AT_CALL_EVENT_BUSY);
      return;
    }

  end->off_hook = TRUE;
  self->call = CALL_RINGING;
  self->caller = index;
  self->next_ring = self->now;
  self->no_answer_at = self->now + (gint64)self->no_answer_timeout * SAMPLE_RATE;
}

static void
do_answer (FaxVirtualLine *self,
           guint           index)
{
  LineEnd *end = &self->ends[index];

  if (self->call != CALL_RINGING || self->caller == index)
    {
      /* Nothing is ringing here: the modem finds no carrier */
      line_log (self, "%c answers, but no call is coming in", end->letter);
      put_response (end, AT_RESPONSE_CODE_NO_CARRIER);
      return;
    }

  line_log (self, "%c answers; %c and %c are connected", end->letter,
            self->ends[self->caller].letter, end->letter);
  self->call = CALL_CONNECTED;
  self->connected_at = self->now;
  end->off_hook = TRUE;
  at_reset_call_info (&end->modem->at_state);
  call_event (self, index, AT_CALL_EVENT_ANSWERED);
  call_event (self, self->caller, AT_CALL_EVENT_CONNECTED);
}

/* End @index went on hook (ATH, ATZ, a DTR drop, closing) */
static void
do_hangup (FaxVirtualLine *self,
           guint           index,
           const char     *why)
{
  LineEnd *end = &self->ends[index];
  LineEnd *other = &self->ends[1 - index];
  gboolean was_off_hook = end->off_hook;

  end->off_hook = FALSE;
  /* Our own hang-up makes one from the far end moot */
  end->hangup_at = -1;

  switch (self->call)
    {
    case CALL_RINGING:
      if (self->caller == index)
        {
          line_log (self, "%c hangs up (%s) before %c answers", end->letter, why, other->letter);
          self->call = CALL_IDLE;
          at_reset_call_info (&other->modem->at_state);
        }
      /* The called end hanging up does not stop the ringing */
      break;

    case CALL_CONNECTED:
      line_log (self, "%c hangs up (%s)", end->letter, why);
      self->call = CALL_IDLE;
      /* The far end hears it once the audio in flight has crossed */
      other->hangup_at = self->now + self->delay_samples + BLOCK;
      break;

    case CALL_IDLE:
    default:
      if (was_off_hook)
        line_log (self, "%c goes on hook (%s)", end->letter, why);
      break;
    }
}

static void
handle_request (FaxVirtualLine *self,
                Request        *request)
{
  LineEnd *end = &self->ends[request->end];

  switch (request->kind)
    {
    case REQUEST_DIAL:
      do_dial (self, request->end, request->number);
      break;

    case REQUEST_ANSWER:
      do_answer (self, request->end);
      break;

    case REQUEST_HANGUP:
      do_hangup (self, request->end, "ATH");
      break;

    case REQUEST_OFFHOOK:
      if (!end->off_hook)
        line_log (self, "%c goes off hook", end->letter);
      end->off_hook = TRUE;
      break;

    default:
      g_assert_not_reached ();
    }
}

static void
run_requests (FaxVirtualLine *self)
{
  Request *request;

  /* Acting on one request may make the modems ask for more */
  while ((request = g_queue_pop_head (&self->requests)))
    {
      handle_request (self, request);
      request_free (request);
    }
}

/* The DTE went away or dropped DTR: the modem hangs up */
static void
dte_hangup (FaxVirtualLine *self,
            guint           index,
            const char     *why)
{
  LineEnd *end = &self->ends[index];
  gboolean in_call = (self->call == CALL_CONNECTED) ||
                     (self->call == CALL_RINGING && self->caller == index);

  if (in_call || end->off_hook || end->hangup_at >= 0)
    {
      call_event (self, index, AT_CALL_EVENT_HANGUP);
      do_hangup (self, index, why);
      run_requests (self);
    }
}

static void
run_call_timers (FaxVirtualLine *self)
{
  for (guint i = 0; i < 2; i++)
    {
      LineEnd *end = &self->ends[i];

      if (end->hangup_at >= 0 && self->now >= end->hangup_at)
        {
          line_log (self, "%c hears the hang-up", end->letter);
          end->hangup_at = -1;
          end->off_hook = FALSE;
          call_event (self, i, AT_CALL_EVENT_HANGUP);
          run_requests (self);
        }
    }

  if (self->call == CALL_RINGING && self->now >= self->no_answer_at)
    {
      guint callee = 1 - self->caller;

      line_log (self, "%c did not answer", self->ends[callee].letter);
      self->call = CALL_IDLE;
      self->ends[self->caller].off_hook = FALSE;
      at_reset_call_info (&self->ends[callee].modem->at_state);
      call_event (self, self->caller, AT_CALL_EVENT_NO_ANSWER);
      run_requests (self);
    }
  else if (self->call == CALL_RINGING && self->now >= self->next_ring)
    {
      guint callee = 1 - self->caller;

      line_log (self, "%c rings", self->ends[callee].letter);
      self->next_ring += RING_INTERVAL;
      /* With auto-answer this asks to answer from inside */
      call_event (self, callee, AT_CALL_EVENT_ALERTING);
      run_requests (self);
    }

  if (self->call == CALL_CONNECTED && self->cut_after > 0 &&
      self->now - self->connected_at >= (gint64)(self->cut_after * SAMPLE_RATE))
    {
      line_log (self, "the line is cut");
      self->call = CALL_IDLE;
      clear_delay_lines (self);
      for (guint i = 0; i < 2; i++)
        {
          self->ends[i].off_hook = FALSE;
          self->ends[i].hangup_at = -1;
          call_event (self, i, AT_CALL_EVENT_HANGUP);
        }
      run_requests (self);
    }
}

/* The serial side: presence, DTR, data in and out */

static void
poll_dte (FaxVirtualLine *self,
          LineEnd        *end)
{
  struct pollfd pfd = { .fd = end->master_fd, .events = POLLIN };
  struct termios tio;
  gboolean present;

  if (poll (&pfd, 1, 0) < 0)
    return;

  /* The pty was opened and closed once when it was made, so a hang-up
   * shows whenever no program has the device open */
  present = (pfd.revents & POLLHUP) == 0;

  if (present && !end->dte_present)
    {
      end->dte_present = TRUE;
      end->backlog_warned = FALSE;
      g_byte_array_set_size (end->out, 0);
      end->in_len = end->in_pos = 0;
      end->dtr = tcgetattr (end->master_fd, &tio) == 0 && cfgetospeed (&tio) != B0;
      line_log (self, "%c: a program opened %s", end->letter, end->path);
      if (!end->cts)
        {
          guint8 c = XOFF;
          queue_output (end, &c, 1);
        }
    }
  else if (!present && end->dte_present)
    {
      end->dte_present = FALSE;
      end->dtr = FALSE;
      g_byte_array_set_size (end->out, 0);
      end->in_len = end->in_pos = 0;
      traffic_flush (self, end, &end->from_dte, "<-");
      traffic_flush (self, end, &end->to_dte, "->");
      line_log (self, "%c: the program closed %s", end->letter, end->path);
      dte_hangup (self, end->index, "device closed");
      return;
    }

  if (end->dte_present && tcgetattr (end->master_fd, &tio) == 0)
    {
      gboolean dtr = cfgetospeed (&tio) != B0;

      if (end->dtr && !dtr)
        {
          line_log (self, "%c: DTR dropped", end->letter);
          end->dtr = FALSE;
          dte_hangup (self, end->index, "DTR dropped");
        }
      end->dtr = dtr;
    }
}

static void
feed_modem (FaxVirtualLine *self,
            LineEnd        *end)
{
  if (!end->dte_present)
    return;

  if (end->in_pos == end->in_len && end->cts)
    {
      ssize_t n = read (end->master_fd, end->in, sizeof end->in);

      end->in_pos = 0;
      end->in_len = n > 0 ? n : 0;
    }

  /* Stop while the modem holds flow control: T.31 drops what does not fit */
  while (end->in_pos < end->in_len && end->cts)
    {
      const guint8 *data = end->in + end->in_pos;
      gsize n = end->in_len - end->in_pos;
      gboolean command = in_command_mode (end);

      /* A command line at a time, as a modem reads them: what follows it
       * (data after CONNECT) must meet the mode the command set up */
      if (command)
        {
          const guint8 *cr = memchr (data, end->modem->at_state.p.s_regs[3], n);
          if (cr != NULL)
            n = cr - data + 1;
        }

      traffic_log (self, end, TRUE, data, n, !command);
      t31_at_rx (end->modem, (const char *)data, n);
      end->in_pos += n;
      run_requests (self);
    }
}

static void
drain_output (LineEnd *end)
{
  ssize_t n;

  if (end->out->len == 0 || !end->dte_present)
    return;

  n = write (end->master_fd, end->out->data, end->out->len);
  if (n > 0)
    g_byte_array_remove_range (end->out, 0, n);
}

/* The audio side */

static inline int16_t
add_saturated (int16_t a,
               int16_t b)
{
  int32_t sum = (int32_t)a + b;

  return (int16_t)CLAMP (sum, G_MININT16, G_MAXINT16);
}

static void
run_block (FaxVirtualLine *self)
{
  int16_t tx[2][BLOCK];
  int16_t rx[2][BLOCK];
  gboolean connected;

  for (guint i = 0; i < 2; i++)
    poll_dte (self, &self->ends[i]);

  for (guint i = 0; i < 2; i++)
    feed_modem (self, &self->ends[i]);

  run_call_timers (self);

  connected = self->call == CALL_CONNECTED;

  for (guint i = 0; i < 2; i++)
    {
      int n = t31_tx (self->ends[i].modem, tx[i], BLOCK);

      if (n < BLOCK)
        memset (tx[i] + n, 0, (BLOCK - n) * sizeof (int16_t));
      /* Only a call joins the ends; a modem on hook talks to nobody */
      if (!connected)
        memset (tx[i], 0, sizeof tx[i]);
      run_requests (self);
    }

  /* Each direction through its delay line */
  for (guint i = 0; i < 2; i++)
    {
      int16_t *out = rx[1 - i];

      if (self->delay_samples == 0)
        {
          memcpy (out, tx[i], sizeof tx[i]);
          continue;
        }

      for (guint k = 0, pos = self->delay_pos; k < BLOCK; k++)
        {
          out[k] = self->delay_buf[i][pos];
          self->delay_buf[i][pos] = tx[i][k];
          if (++pos == self->delay_samples)
            pos = 0;
        }
    }
  if (self->delay_samples > 0)
    self->delay_pos = (self->delay_pos + BLOCK) % self->delay_samples;

  for (guint i = 0; i < 2; i++)
    {
      if (connected && self->noise[i] != NULL)
        for (guint k = 0; k < BLOCK; k++)
          rx[i][k] = add_saturated (rx[i][k], awgn (self->noise[i]));

      /* T.31's timers count the samples it receives: feed it always */
      t31_rx (self->ends[i].modem, rx[i], BLOCK);
      run_requests (self);
    }

  for (guint i = 0; i < 2; i++)
    drain_output (&self->ends[i]);

  self->now += BLOCK;
}

static gboolean
tick_cb (gpointer user_data)
{
  FaxVirtualLine *self = user_data;
  gint64 now_us = g_get_monotonic_time ();
  gint64 due = self->clock_base_samples +
               (gint64)((now_us - self->clock_base_us) * self->speed * SAMPLE_RATE / G_USEC_PER_SEC);
  guint blocks = 0;

  while (self->now + BLOCK <= due)
    {
      if (blocks++ == MAX_CATCH_UP)
        {
          /* Far behind (a stopped or overloaded machine): the line slows
           * down rather than rushing through seconds of audio */
          self->clock_base_us = now_us;
          self->clock_base_samples = self->now;
          break;
        }
      run_block (self);
    }

  return G_SOURCE_CONTINUE;
}

static gboolean
started_cb (gpointer user_data)
{
  FaxVirtualLine *self = user_data;

  g_mutex_lock (&self->mutex);
  self->running = TRUE;
  g_cond_signal (&self->cond);
  g_mutex_unlock (&self->mutex);

  return G_SOURCE_REMOVE;
}

static gboolean
quit_cb (gpointer user_data)
{
  FaxVirtualLine *self = user_data;

  g_main_loop_quit (self->loop);
  return G_SOURCE_REMOVE;
}

static gpointer
line_thread (gpointer user_data)
{
  FaxVirtualLine *self = user_data;
  guint interval = MAX (1, (guint)(TICK_MS / self->speed));
  GSource *timer;
  GSource *idle;

  g_main_context_push_thread_default (self->context);

  self->clock_base_us = g_get_monotonic_time ();
  self->clock_base_samples = 0;

  timer = g_timeout_source_new (interval);
  g_source_set_priority (timer, G_PRIORITY_HIGH);
  g_source_set_callback (timer, tick_cb, self, NULL);
  g_source_set_static_name (timer, "[fax] virtual line clock");
  g_source_attach (timer, self->context);

  idle = g_idle_source_new ();
  g_source_set_callback (idle, started_cb, self, NULL);
  g_source_attach (idle, self->context);
  g_source_unref (idle);

  g_main_loop_run (self->loop);

  g_source_destroy (timer);
  g_source_unref (timer);
  g_main_context_pop_thread_default (self->context);

  return NULL;
}

/* Construction */

static int
open_pty (char    **path,
          GError  **error)
{
  char name[128];
  struct termios tio;
  int master;
  int slave;
  int saved_errno;

  master = posix_openpt (O_RDWR | O_NOCTTY | O_CLOEXEC);
  if (master < 0 || grantpt (master) != 0 || unlockpt (master) != 0 ||
      ptsname_r (master, name, sizeof name) != 0)
    goto fail;

  /* Open the device once: from then on the master reports a hang-up
   * whenever no program has it open. The DTE starts out in raw mode with
   * no kernel XON/XOFF, which would swallow bytes inside fax data. */
  slave = open (name, O_RDWR | O_NOCTTY | O_CLOEXEC);
  if (slave < 0)
    goto fail;
  if (tcgetattr (slave, &tio) == 0)
    {
      cfmakeraw (&tio);
      tio.c_cflag |= CLOCAL | CREAD;
      tio.c_iflag &= ~(IXON | IXOFF | IXANY);
      cfsetspeed (&tio, B115200);
      tcsetattr (slave, TCSANOW, &tio);
    }
  close (slave);

  if (fcntl (master, F_SETFL, fcntl (master, F_GETFL) | O_NONBLOCK) != 0)
    goto fail;

  *path = g_strdup (name);
  return master;

fail:
  saved_errno = errno;
  if (master >= 0)
    close (master);
  g_set_error (error, FAX_ERROR, FAX_ERROR_FAILED,
               _("Could not create a pseudo-terminal for the virtual fax line: %s. "
                 "Check that /dev/pts is mounted and that the limit on ptys is not reached"),
               g_strerror (saved_errno));
  return -1;
}

static gboolean
fax_virtual_line_initable_init (GInitable     *initable,
                                GCancellable  *cancellable,
                                GError       **error)
{
  FaxVirtualLine *self = FAX_VIRTUAL_LINE (initable);

  g_return_val_if_fail (self->thread == NULL, FALSE);

  for (guint i = 0; i < 2; i++)
    {
      LineEnd *end = &self->ends[i];

      end->master_fd = open_pty (&end->path, error);
      if (end->master_fd < 0)
        return FALSE;

      end->modem = t31_init (NULL, at_tx_handler, end, modem_control_handler, end, NULL, NULL);
      if (end->modem == NULL)
        {
          g_set_error_literal (error, FAX_ERROR, FAX_ERROR_NOT_ENOUGH_MEMORY,
                               _("Could not start a software fax modem for the virtual line"));
          return FALSE;
        }
      /* Silence when idle, so every block carries 160 samples */
      t31_set_transmit_on_idle (end->modem, TRUE);

      if (self->noise_dbm0 > FAX_VIRTUAL_LINE_NO_NOISE + 10)
        self->noise[i] = awgn_init_dbm0 (NULL, 1234567 + 7654321 * i, self->noise_dbm0);
    }

  self->delay_samples = self->delay_ms * SAMPLE_RATE / 1000;
  for (guint i = 0; i < 2; i++)
    self->delay_buf[i] = g_new0 (int16_t, MAX (self->delay_samples, 1));

  self->owner_context = g_main_context_ref_thread_default ();
  self->log_source = g_source_new (&log_source_funcs, sizeof (GSource));
  g_source_set_callback (self->log_source, NULL, self, NULL);
  g_source_set_static_name (self->log_source, "[fax] virtual line log");
  g_source_attach (self->log_source, self->owner_context);

  self->context = g_main_context_new ();
  self->loop = g_main_loop_new (self->context, FALSE);
  self->thread = g_thread_try_new ("fax-virtual-line", line_thread, self, error);
  if (self->thread == NULL)
    return FALSE;

  /* Return once the modems take commands */
  g_mutex_lock (&self->mutex);
  while (!self->running)
    g_cond_wait (&self->cond, &self->mutex);
  g_mutex_unlock (&self->mutex);

  return TRUE;
}

static void
fax_virtual_line_initable_iface_init (GInitableIface *iface)
{
  iface->init = fax_virtual_line_initable_init;
}

static void
fax_virtual_line_dispose (GObject *object)
{
  FaxVirtualLine *self = (FaxVirtualLine *)object;

  if (self->thread != NULL)
    {
      g_main_context_invoke (self->context, quit_cb, self);
      g_thread_join (g_steal_pointer (&self->thread));
    }

  if (self->log_source != NULL)
    {
      g_source_destroy (self->log_source);
      g_clear_pointer (&self->log_source, g_source_unref);
    }

  G_OBJECT_CLASS (fax_virtual_line_parent_class)->dispose (object);
}

static void
fax_virtual_line_finalize (GObject *object)
{
  FaxVirtualLine *self = (FaxVirtualLine *)object;

  for (guint i = 0; i < 2; i++)
    {
      LineEnd *end = &self->ends[i];

      if (end->modem != NULL)
        {
          /* t31_free () leaves its receive queue behind */
          if (end->modem->rx_queue != NULL)
            queue_free (end->modem->rx_queue);
          end->modem->rx_queue = NULL;
          t31_free (end->modem);
          end->modem = NULL;
        }
      if (end->master_fd >= 0)
        close (end->master_fd);
      g_clear_pointer (&end->path, g_free);
      g_clear_pointer (&end->out, g_byte_array_unref);
      g_string_free (end->from_dte.text, TRUE);
      g_string_free (end->to_dte.text, TRUE);
      if (self->noise[i] != NULL)
        awgn_free (self->noise[i]);
      self->noise[i] = NULL;
      g_clear_pointer (&self->delay_buf[i], g_free);
    }

  g_queue_clear_full (&self->requests, (GDestroyNotify)request_free);
  g_clear_pointer (&self->loop, g_main_loop_unref);
  g_clear_pointer (&self->context, g_main_context_unref);
  g_clear_pointer (&self->owner_context, g_main_context_unref);
  g_clear_pointer (&self->log_queue, g_async_queue_unref);
  g_mutex_clear (&self->mutex);
  g_cond_clear (&self->cond);

  G_OBJECT_CLASS (fax_virtual_line_parent_class)->finalize (object);
}

static void
fax_virtual_line_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  FaxVirtualLine *self = FAX_VIRTUAL_LINE (object);

  switch (prop_id)
    {
    case PROP_SPEED:
      g_value_set_double (value, self->speed);
      break;
    case PROP_DELAY:
      g_value_set_uint (value, self->delay_ms);
      break;
    case PROP_NOISE:
      g_value_set_double (value, self->noise_dbm0);
      break;
    case PROP_CUT_AFTER:
      g_value_set_double (value, self->cut_after);
      break;
    case PROP_NO_ANSWER_TIMEOUT:
      g_value_set_uint (value, self->no_answer_timeout);
      break;
    case PROP_VERBOSE:
      g_value_set_boolean (value, self->verbose);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fax_virtual_line_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  FaxVirtualLine *self = FAX_VIRTUAL_LINE (object);

  /* All construct-only: the line thread reads them without a lock */
  switch (prop_id)
    {
    case PROP_SPEED:
      self->speed = g_value_get_double (value);
      break;
    case PROP_DELAY:
      self->delay_ms = g_value_get_uint (value);
      break;
    case PROP_NOISE:
      self->noise_dbm0 = g_value_get_double (value);
      break;
    case PROP_CUT_AFTER:
      self->cut_after = g_value_get_double (value);
      break;
    case PROP_NO_ANSWER_TIMEOUT:
      self->no_answer_timeout = g_value_get_uint (value);
      break;
    case PROP_VERBOSE:
      self->verbose = g_value_get_boolean (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fax_virtual_line_class_init (FaxVirtualLineClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = fax_virtual_line_dispose;
  object_class->finalize = fax_virtual_line_finalize;
  object_class->get_property = fax_virtual_line_get_property;
  object_class->set_property = fax_virtual_line_set_property;

  /**
   * FaxVirtualLine:speed:
   *
   * How many times faster than real time the line's clock runs. Every
   * time on the line (rings, timeouts, the modems' own timers) follows it.
   * efax copes with 4.
   */
  properties[PROP_SPEED] =
    g_param_spec_double ("speed", NULL, NULL,
                         0.1, 100.0, DEFAULT_SPEED,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  /**
   * FaxVirtualLine:delay:
   *
   * The one-way delay of the line in milliseconds (of line time). Fax
   * peers need some: with none efax fails its training check.
   */
  properties[PROP_DELAY] =
    g_param_spec_uint ("delay", NULL, NULL,
                       0, 2000, DEFAULT_DELAY,
                       G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  /**
   * FaxVirtualLine:noise:
   *
   * White gaussian noise added to both directions during a call, in
   * dBm0; FAX_VIRTUAL_LINE_NO_NOISE (and anything within 10 dB of it)
   * is a quiet line.
   */
  properties[PROP_NOISE] =
    g_param_spec_double ("noise", NULL, NULL,
                         FAX_VIRTUAL_LINE_NO_NOISE, 3.0, FAX_VIRTUAL_LINE_NO_NOISE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  /**
   * FaxVirtualLine:cut-after:
   *
   * Cuts every call this many seconds (of line time) after it was
   * answered; 0 never does.
   */
  properties[PROP_CUT_AFTER] =
    g_param_spec_double ("cut-after", NULL, NULL,
                         0.0, 24 * 3600.0, 0.0,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  /**
   * FaxVirtualLine:no-answer-timeout:
   *
   * Seconds (of line time) an unanswered call rings before the caller
   * gets NO ANSWER.
   */
  properties[PROP_NO_ANSWER_TIMEOUT] =
    g_param_spec_uint ("no-answer-timeout", NULL, NULL,
                       1, 3600, DEFAULT_NO_ANSWER,
                       G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  /**
   * FaxVirtualLine:verbose:
   *
   * Whether #FaxVirtualLine::log reports the AT traffic and call events.
   */
  properties[PROP_VERBOSE] =
    g_param_spec_boolean ("verbose", NULL, NULL,
                          FALSE,
                          G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * FaxVirtualLine::log:
   * @line: the line
   * @message: what happened ("A <- ATD123", "B rings", ...)
   *
   * With #FaxVirtualLine:verbose, emitted on the main context that was the
   * thread default when the line was made, for each command and response
   * and each call event.
   */
  signals[LOG] =
    g_signal_new ("log",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void
fax_virtual_line_init (FaxVirtualLine *self)
{
  self->speed = DEFAULT_SPEED;
  self->delay_ms = DEFAULT_DELAY;
  self->noise_dbm0 = FAX_VIRTUAL_LINE_NO_NOISE;
  self->no_answer_timeout = DEFAULT_NO_ANSWER;
  self->call = CALL_IDLE;
  g_queue_init (&self->requests);
  g_mutex_init (&self->mutex);
  g_cond_init (&self->cond);
  self->log_queue = g_async_queue_new_full (g_free);

  for (guint i = 0; i < 2; i++)
    {
      LineEnd *end = &self->ends[i];

      end->line = self;
      end->index = i;
      end->letter = 'A' + i;
      end->master_fd = -1;
      end->out = g_byte_array_new ();
      end->cts = TRUE;
      end->hangup_at = -1;
      end->from_dte.text = g_string_new (NULL);
      end->to_dte.text = g_string_new (NULL);
    }
}

/**
 * fax_virtual_line_new:
 *
 * Makes a virtual fax line with the default options.
 *
 * Returns: (transfer full): the line, or NULL with @error set
 */
FaxVirtualLine *
fax_virtual_line_new (GError **error)
{
  return g_initable_new (FAX_TYPE_VIRTUAL_LINE, NULL, error, NULL);
}

const char *
fax_virtual_line_get_device_path (FaxVirtualLine    *self,
                                  FaxVirtualLineEnd  end)
{
  g_return_val_if_fail (FAX_IS_VIRTUAL_LINE (self), NULL);
  g_return_val_if_fail (end == FAX_VIRTUAL_LINE_END_A || end == FAX_VIRTUAL_LINE_END_B, NULL);

  return self->ends[end].path;
}

double
fax_virtual_line_get_speed (FaxVirtualLine *self)
{
  g_return_val_if_fail (FAX_IS_VIRTUAL_LINE (self), 0);
  return self->speed;
}

guint
fax_virtual_line_get_delay (FaxVirtualLine *self)
{
  g_return_val_if_fail (FAX_IS_VIRTUAL_LINE (self), 0);
  return self->delay_ms;
}

double
fax_virtual_line_get_noise (FaxVirtualLine *self)
{
  g_return_val_if_fail (FAX_IS_VIRTUAL_LINE (self), 0);
  return self->noise_dbm0;
}

double
fax_virtual_line_get_cut_after (FaxVirtualLine *self)
{
  g_return_val_if_fail (FAX_IS_VIRTUAL_LINE (self), 0);
  return self->cut_after;
}

guint
fax_virtual_line_get_no_answer_timeout (FaxVirtualLine *self)
{
  g_return_val_if_fail (FAX_IS_VIRTUAL_LINE (self), 0);
  return self->no_answer_timeout;
}
