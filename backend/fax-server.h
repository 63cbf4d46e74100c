/* fax-server.h: a connection to a fax server (FaxConnectFaxServer)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "fax-document-enums.h"
#include "fax-enums.h"
#include "fax-event.h"
#include "fax-job.h"
#include "fax-port.h"
#include "fax-received-fax.h"
#include "fax-virtual-line.h"

G_BEGIN_DECLS

#define FAX_TYPE_SERVER (fax_server_get_type ())

G_DECLARE_FINAL_TYPE (FaxServer, fax_server, FAX, SERVER, GObject)

FaxServer  *fax_server_connect            (const char        *machine_name,
                                           GError           **error);
/* hylafax://[user@]host[:port] with a password; see fax-server.c */
FaxServer  *fax_server_connect_with_password (const char        *machine_name,
                                              const char        *password,
                                              GCancellable      *cancellable,
                                              GError           **error);
void        fax_server_connect_async      (const char          *machine_name,
                                           const char          *password,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data);
FaxServer  *fax_server_connect_finish     (GAsyncResult      *result,
                                           GError           **error);
gboolean    fax_server_is_remote          (FaxServer         *self);
gboolean    fax_server_check_connection   (FaxServer         *self,
                                           GError           **error);
/* The FaxServer:connected property (notify::connected) */
gboolean    fax_server_get_connected      (FaxServer         *self);
const char *fax_server_get_machine_name   (FaxServer         *self);
GListModel *fax_server_get_ports          (FaxServer         *self);
GPtrArray  *fax_server_enum_ports         (FaxServer         *self,
                                           GError           **error);
FaxPort    *fax_server_open_port          (FaxServer         *self,
                                           guint32            device_id,
                                           FaxPortOpenFlags   flags,
                                           GError           **error);
gboolean    fax_server_refresh            (FaxServer         *self,
                                           GError           **error);
gboolean    fax_server_add_device         (FaxServer         *self,
                                           const char        *device_path,
                                           GError           **error);
gboolean    fax_server_remove_device      (FaxServer         *self,
                                           const char        *device_path,
                                           GError           **error);
char      **fax_server_dup_extra_devices  (FaxServer         *self);
/* Finds a port by DeviceId ("3") or device path ("/dev/ttyACM0");
 * FAX_ERROR_BAD_UNIT when there is none. */
guint32     fax_server_lookup_port        (FaxServer         *self,
                                           const char        *id_or_path,
                                           GError           **error);
/* The virtual fax line as two ports, "Virtual line A" and "B" */
gboolean    fax_server_set_virtual_line_enabled (FaxServer   *self,
                                                 gboolean     enabled,
                                                 GError     **error);
gboolean    fax_server_get_virtual_line_enabled (FaxServer   *self);
FaxVirtualLine *fax_server_get_virtual_line     (FaxServer   *self);

/* Identification: asks the modem of one port (@device_id) or of every
 * present port (0) who it is, all at once; see fax-server-modems.c */
void        fax_server_identify_ports_async  (FaxServer           *self,
                                              guint32              device_id,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data);
gboolean    fax_server_identify_ports_finish (FaxServer           *self,
                                              GAsyncResult        *result,
                                              GError             **error);
/* Identify every port now and each one that appears later */
void        fax_server_set_auto_identify     (FaxServer           *self,
                                              gboolean             auto_identify);
/* How identification resets the port's modem: "ATZ" (default), "AT&F", ... */
gboolean    fax_server_set_port_reset_command (FaxServer          *self,
                                               guint32             device_id,
                                               const char         *reset_command,
                                               GError            **error);
char       *fax_server_dup_port_reset_command (FaxServer          *self,
                                               guint32             device_id,
                                               GError            **error);
/* Whether ModemManager runs (ports it may grab carry a warning) */
gboolean    fax_server_get_modem_manager_running (FaxServer       *self);

/* Options of a fax job; fax_job_options_init () sets the defaults */
typedef struct
{
  gboolean  use_ecm;        /* TRUE */
  gboolean  page_header;    /* TRUE: sender id, date, page n/m on each page */
  guint     max_attempts;   /* 3 */
  guint     retry_delay;    /* seconds between attempts: 300 */
  gint64    send_at;        /* unix time; 0: now; the queue holds the job until then */
  FaxResolution resolution; /* FINE: for documents that must be converted first */
  gpointer  reserved[3];
} FaxJobOptions;

void        fax_job_options_init          (FaxJobOptions     *options);

/* FaxSendDocument: queues TIFF-F @documents (pages in order) for @number
 * on @device_id, or on any port with the SEND flag by priority (0). */
FaxJob     *fax_server_submit_job         (FaxServer          *self,
                                           const char * const *documents,
                                           const char         *number,
                                           const char         *recipient_name,
                                           guint32             device_id,
                                           const FaxJobOptions *options,
                                           GError            **error);
void        fax_server_submit_job_async   (FaxServer          *self,
                                           const char * const *documents,
                                           const char         *number,
                                           const char         *recipient_name,
                                           guint32             device_id,
                                           const FaxJobOptions *options,
                                           GCancellable       *cancellable,
                                           GAsyncReadyCallback callback,
                                           gpointer            user_data);
FaxJob     *fax_server_submit_job_finish  (FaxServer          *self,
                                           GAsyncResult       *result,
                                           GError            **error);
/* Every job of this user, queued, running and finished: a live model */
GListModel *fax_server_get_jobs           (FaxServer          *self);
GPtrArray  *fax_server_enum_jobs          (FaxServer          *self,
                                           GError            **error);
FaxJob     *fax_server_get_job            (FaxServer          *self,
                                           guint32             job_id,
                                           GError            **error);
/* FaxAbort: stops a running job, or cancels a queued one */
gboolean    fax_server_abort_job          (FaxServer          *self,
                                           guint32             job_id,
                                           GError            **error);
/* The same, on a worker for a HylaFAX server: never blocks the caller */
void        fax_server_abort_job_async    (FaxServer          *self,
                                           guint32             job_id,
                                           GCancellable       *cancellable,
                                           GAsyncReadyCallback callback,
                                           gpointer            user_data);
gboolean    fax_server_abort_job_finish   (FaxServer          *self,
                                           GAsyncResult       *result,
                                           GError            **error);
/* Removes a finished job and its files */
gboolean    fax_server_delete_job         (FaxServer          *self,
                                           guint32             job_id,
                                           GError            **error);
void        fax_server_delete_job_async   (FaxServer          *self,
                                           guint32             job_id,
                                           GCancellable       *cancellable,
                                           GAsyncReadyCallback callback,
                                           gpointer            user_data);
gboolean    fax_server_delete_job_finish  (FaxServer          *self,
                                           GAsyncResult       *result,
                                           GError            **error);
gboolean    fax_server_pause_job          (FaxServer          *self,
                                           guint32             job_id,
                                           gboolean            paused,
                                           GError            **error);
void        fax_server_pause_job_async    (FaxServer          *self,
                                           guint32             job_id,
                                           gboolean            paused,
                                           GCancellable       *cancellable,
                                           GAsyncReadyCallback callback,
                                           gpointer            user_data);
gboolean    fax_server_pause_job_finish   (FaxServer          *self,
                                           GAsyncResult       *result,
                                           GError            **error);
/* Try again now: a waiting job at once, a failed one as a fresh attempt */
gboolean    fax_server_retry_job          (FaxServer          *self,
                                           guint32             job_id,
                                           GError            **error);
void        fax_server_retry_job_async    (FaxServer          *self,
                                           guint32             job_id,
                                           GCancellable       *cancellable,
                                           GAsyncReadyCallback callback,
                                           gpointer            user_data);
gboolean    fax_server_retry_job_finish   (FaxServer          *self,
                                           GAsyncResult       *result,
                                           GError            **error);

void        fax_server_set_sending        (FaxServer          *self,
                                           gboolean            sending);

/* Receiving: ports with the RECEIVE flag wait for calls while enabled */
void        fax_server_set_receiving      (FaxServer          *self,
                                           gboolean            receiving);
gboolean    fax_server_get_receiving      (FaxServer          *self);
/* Answer the next call on one port, whatever its RECEIVE flag says */
gboolean    fax_server_answer_on          (FaxServer          *self,
                                           guint32             device_id,
                                           GError            **error);
/* The received faxes, newest first: a live model of FaxReceivedFax */
GListModel *fax_server_get_inbox          (FaxServer          *self);
/* Fills that model from the inbox folder in a worker, in batches */
void        fax_server_load_inbox_async   (FaxServer          *self,
                                           GCancellable       *cancellable,
                                           GAsyncReadyCallback callback,
                                           gpointer            user_data);
gboolean    fax_server_load_inbox_finish  (FaxServer          *self,
                                           GAsyncResult       *result,
                                           GError            **error);
const char *fax_server_get_inbox_dir      (FaxServer          *self);
gboolean    fax_server_mark_fax_read      (FaxServer          *self,
                                           FaxReceivedFax     *fax,
                                           gboolean            read,
                                           GError            **error);
gboolean    fax_server_trash_fax          (FaxServer          *self,
                                           FaxReceivedFax     *fax,
                                           GError            **error);

G_END_DECLS
