/* fax-call.h: one fax call (send or receive) on a Class 1 modem
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "fax-device-options.h"

G_BEGIN_DECLS

typedef enum {
  FAX_CALL_SEND,
  FAX_CALL_RECEIVE,
} FaxCallDirection;

/* How a call ended, before T.30's own completion code */
typedef enum {
  FAX_CALL_RESULT_NONE,          /* still running */
  FAX_CALL_RESULT_OK,            /* T.30 completed: every page went through */
  FAX_CALL_RESULT_BUSY,
  FAX_CALL_RESULT_NO_ANSWER,
  FAX_CALL_RESULT_NO_DIAL_TONE,
  FAX_CALL_RESULT_NO_CARRIER,    /* the call was answered by no fax / dropped before T.30 */
  FAX_CALL_RESULT_NOT_FAX_CALL,  /* we answered; nobody spoke fax */
  FAX_CALL_RESULT_T30_FAILED,    /* T.30 ended with an error code (see phase E) */
  FAX_CALL_RESULT_MODEM_ERROR,   /* the modem stopped answering or said garbage */
  FAX_CALL_RESULT_DISCONNECTED,  /* the device went away (hang-up on the tty, unplugged) */
  FAX_CALL_RESULT_CANCELLED,
} FaxCallResult;

/* Class 1 modulations the call may use (T30_SUPPORT_V27TER etc.) */
typedef enum {
  FAX_CALL_MODEM_V27TER = 1 << 0,
  FAX_CALL_MODEM_V29    = 1 << 1,
  FAX_CALL_MODEM_V17    = 1 << 2,
} FaxCallModems;

/* T.4/T.6 compressions (T30_SUPPORT_*_COMPRESSION) */
typedef enum {
  FAX_CALL_COMPRESSION_MH  = 1 << 0,
  FAX_CALL_COMPRESSION_MR  = 1 << 1,
  FAX_CALL_COMPRESSION_MMR = 1 << 2,
} FaxCallCompressions;

#define FAX_TYPE_CALL (fax_call_get_type ())

G_DECLARE_FINAL_TYPE (FaxCall, fax_call, FAX, CALL, GObject)

/* @fd: an open, locked serial device in raw mode; borrowed: the caller
 * keeps it open until the call has finished */
FaxCall       *fax_call_new                 (int                   fd,
                                             FaxCallDirection      direction);
void           fax_call_set_number          (FaxCall              *self,
                                             const char           *number);
void           fax_call_set_tx_file         (FaxCall              *self,
                                             const char           *path);
void           fax_call_set_rx_file         (FaxCall              *self,
                                             const char           *path);
void           fax_call_set_local_ident     (FaxCall              *self,
                                             const char           *ident);
/* The page header line (sender id/name); NULL or "" for no header */
void           fax_call_set_header_info     (FaxCall              *self,
                                             const char           *info);
void           fax_call_set_ecm             (FaxCall              *self,
                                             gboolean              ecm);
void           fax_call_set_modems          (FaxCall              *self,
                                             FaxCallModems         modems);
void           fax_call_set_compressions    (FaxCall              *self,
                                             FaxCallCompressions   compressions);
/* Receive: answer with ATA at once (the caller counted the rings) */
void           fax_call_set_log_path        (FaxCall              *self,
                                             const char           *path);
/* Dial timeout and answer wait, in seconds of real time */
void           fax_call_set_dial_timeout    (FaxCall              *self,
                                             guint                 seconds);

/* The flow control the serial line uses, for the modem to use the same
 * (AT+IFC); without it the modem keeps its own setting */
void           fax_call_set_flow_control    (FaxCall              *self,
                                             FaxFlowControl        flow);

void           fax_call_run_async           (FaxCall              *self,
                                             GCancellable         *cancellable,
                                             GAsyncReadyCallback   callback,
                                             gpointer              user_data);
/* TRUE when every page went through; otherwise FALSE with an error that
 * says why in words. The details are in the getters either way. */
gboolean       fax_call_run_finish          (FaxCall              *self,
                                             GAsyncResult         *result,
                                             GError              **error);

FaxCallResult  fax_call_get_result          (FaxCall              *self);
int            fax_call_get_t30_status      (FaxCall              *self);
const char    *fax_call_get_status_text     (FaxCall              *self);
const char    *fax_call_get_remote_ident    (FaxCall              *self);
guint          fax_call_get_pages           (FaxCall              *self);
guint          fax_call_get_total_pages     (FaxCall              *self);
guint          fax_call_get_bit_rate        (FaxCall              *self);
gboolean       fax_call_get_ecm_used        (FaxCall              *self);
const char    *fax_call_get_compression     (FaxCall              *self);
guint          fax_call_get_x_resolution    (FaxCall              *self);
guint          fax_call_get_y_resolution    (FaxCall              *self);
double         fax_call_get_duration        (FaxCall              *self);
const char    *fax_call_result_to_string    (FaxCallResult         result);

G_END_DECLS
