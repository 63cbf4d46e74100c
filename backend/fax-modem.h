/* fax-modem.h: an asynchronous AT command channel on a serial fd
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "fax-serial.h"

G_BEGIN_DECLS

/* The final result of an AT command */
typedef enum {
  FAX_MODEM_RESULT_OK,
  FAX_MODEM_RESULT_CONNECT,
  FAX_MODEM_RESULT_ERROR,
  FAX_MODEM_RESULT_NO_CARRIER,
  FAX_MODEM_RESULT_BUSY,
  FAX_MODEM_RESULT_NO_DIALTONE,
  FAX_MODEM_RESULT_NO_ANSWER,
  FAX_MODEM_RESULT_FCERROR,     /* +FCERROR: Class 1 carrier mismatch */
  FAX_MODEM_RESULT_DELAYED,     /* the modem refuses to dial yet (country rules) */
  FAX_MODEM_RESULT_BLACKLISTED,
} FaxModemResult;

const char *fax_modem_result_to_string (FaxModemResult result);

/* What a command returned: the final result and the information lines
 * before it (echo, blank lines, garbage and unsolicited lines removed) */
typedef struct
{
  FaxModemResult  result;
  char           *result_line;  /* as received: "CONNECT 9600", "+FCERROR" */
  char          **lines;        /* NULL-terminated, never NULL */
} FaxModemReply;

#define FAX_TYPE_MODEM_REPLY (fax_modem_reply_get_type ())
GType          fax_modem_reply_get_type (void) G_GNUC_CONST;
FaxModemReply *fax_modem_reply_copy     (const FaxModemReply *reply);
void           fax_modem_reply_free     (FaxModemReply       *reply);
/* The information lines joined by spaces, "+XYZ:" prefixes and quotes
 * removed; NULL when there are none */
char          *fax_modem_reply_dup_text (const FaxModemReply *reply,
                                         const char          *prefix);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (FaxModemReply, fax_modem_reply_free)

/* What identification learned about a modem */
typedef struct
{
  gboolean  responding;      /* FALSE: not a modem, or not answering */
  guint     speed;           /* the serial speed it answered at */
  char     *manufacturer;
  char     *model;
  char     *revision;
  char     *fax_classes;     /* "1,1.0,2.0": fax classes only */
  char     *transmit_speeds; /* Class 1 +FTM=? modulations: "24,48,72,96,..." */
  char     *receive_speeds;  /* +FRM=? */
  char     *bit_rates;       /* "2400,4800,...,14400": from the modulations */
} FaxModemIdentity;

#define FAX_TYPE_MODEM_IDENTITY (fax_modem_identity_get_type ())
GType             fax_modem_identity_get_type (void) G_GNUC_CONST;
FaxModemIdentity *fax_modem_identity_copy     (const FaxModemIdentity *identity);
void              fax_modem_identity_free     (FaxModemIdentity       *identity);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (FaxModemIdentity, fax_modem_identity_free)

#define FAX_MODEM_DEFAULT_TIMEOUT 3000  /* ms */

#define FAX_TYPE_MODEM (fax_modem_get_type ())

G_DECLARE_FINAL_TYPE (FaxModem, fax_modem, FAX, MODEM, GObject)

/* A channel on an fd someone else opened (and closes) */
FaxModem      *fax_modem_new_for_fd        (int                  fd,
                                            const char          *name);
/* Opens and locks @path (see _fax_serial_open ()); the modem closes it */
FaxModem      *fax_modem_open              (const char          *path,
                                            guint                speed,
                                            FaxFlowControl       flow,
                                            GError             **error);
const char    *fax_modem_get_name          (FaxModem            *self);
int            fax_modem_get_fd            (FaxModem            *self);
/* Stops reading; fails queued commands; closes the fd if owned */
void           fax_modem_close             (FaxModem            *self);

/* Sends @command (without CR) and waits up to @timeout_ms for a final
 * result. Commands queue behind each other. A timeout or cancellation
 * resets the channel (input flushed, partial lines dropped) and fails
 * with G_IO_ERROR_TIMED_OUT / G_IO_ERROR_CANCELLED naming the command;
 * a result such as ERROR is not a GError but a reply. */
void           fax_modem_command_async     (FaxModem            *self,
                                            const char          *command,
                                            guint                timeout_ms,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data);
FaxModemReply *fax_modem_command_finish    (FaxModem            *self,
                                            GAsyncResult        *result,
                                            GError             **error);
/* After a CONNECT result the channel stops reading (data mode) until the
 * next command; these are the bytes that came right after CONNECT */
GBytes        *fax_modem_take_data         (FaxModem            *self);

/* Identification: ATQ0V1, reset, ATE0Q0V1, manufacturer/model/revision, fax classes,
 * Class 1 speeds. With @autobaud the speeds 19200, 38400, 57600, 115200
 * and 9600 are tried until the modem answers. A modem that never answers
 * gives an identity with responding = FALSE, not an error; errors are
 * for cancellation and a device that went away. */
void              fax_modem_identify_async  (FaxModem            *self,
                                             const char          *reset_command,
                                             gboolean             autobaud,
                                             guint                timeout_ms,
                                             GCancellable        *cancellable,
                                             GAsyncReadyCallback  callback,
                                             gpointer             user_data);
FaxModemIdentity *fax_modem_identify_finish (FaxModem            *self,
                                             GAsyncResult        *result,
                                             GError             **error);

/* Class 1 modulation codes as bit rates: "24,48,96,145" -> "2400,4800,9600,14400" */
char          *fax_modem_modulations_to_bit_rates (const char *modulations);
/* The fax classes in an +FCLASS=? answer: "0,1,1.0,2,8" -> "1,1.0,2" */
char          *fax_modem_parse_fax_classes         (const char *answer);

G_END_DECLS
