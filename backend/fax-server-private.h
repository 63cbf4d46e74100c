/* fax-server-private.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "fax-device.h"
#include "fax-device-status.h"
#include "fax-enums.h"
#include "fax-port-store.h"
#include "fax-received-fax.h"
#include "fax-virtual-line.h"
#include "fax-server.h"

G_BEGIN_DECLS

typedef struct _FaxServerModems FaxServerModems;

struct _FaxServer
{
  GObject        parent_instance;

  char          *machine_name;
  FaxPortStore  *store;
  GPtrArray     *entries;   /* FaxPortEntry*, discovery order */
  GPtrArray     *builtin;   /* FaxDeviceCandidate* */
  GListStore    *model;     /* FaxPortInfo*, one per entry, updated in place */
  guint32        next_device_id;
  guint          next_seq;

  /* fax-server-jobs.c */
  GListStore    *jobs;       /* FaxJob*, by id */
  char          *outbox_dir;
  char          *sent_dir;
  GSource       *queue_source;
  GSource       *kick_source;
  gboolean       queue_paused;
  GHashTable    *running;    /* job id -> FaxCall* */
  GFileMonitor  *outbox_monitor;

  /* fax-server-receive.c */
  GListStore    *inbox;      /* FaxReceivedFax*, newest first */
  GHashTable    *inbox_paths; /* the paths in inbox (owned strings) */
  char          *inbox_dir;
  gboolean       inbox_scanned;  /* read from the folder at least once */
  guint          inbox_loading;  /* fax_server_load_inbox_async () under way */
  GHashTable    *receivers;  /* stable id -> FaxReceiver* */
  gboolean       receiving;
  gboolean       receive_syncing;

  FaxVirtualLine *virtual_line;

  /* fax-server-modems.c: hot-plug, ModemManager, identification */
  FaxServerModems *modems;
  /* fax-server-hylafax.c: set when the server is a HylaFAX server; the
   * public functions hand over to it first */
  struct _FaxHylafaxRemote *remote;
};

/* One device the server knows of during this connection. An entry stays
 * when its device goes away (state UNAVAILABLE); when the device returns
 * it gets a new DeviceId, which invalidates the handles opened before. */
typedef struct
{
  char         *stable_id;
  char         *path;
  char         *name;
  char         *manufacturer;
  char         *model;
  char         *revision;
  char         *fax_classes;
  char         *status_text;
  char         *speeds;       /* Class 1 bit rates, from identification */
  char         *lock_warning; /* the lock directory is not writable */
  guint         detected_speed; /* autobaud's finding */
  guint32       device_id;
  guint         seq;        /* order of discovery, breaks priority ties */
  guint         priority;   /* 1..n, normalized on every refresh */
  FaxPortState  state;
  guint         present : 1;
  guint         is_virtual : 1;
  guint         mm_candidate : 1;  /* udev device ModemManager may open */
  guint         identified : 1;
  FaxDevice    *device;     /* created on first use */
  FaxDeviceStatus *status;
} FaxPortEntry;

FaxPortStore *_fax_server_get_store        (FaxServer     *self);
/* The present entry with this DeviceId, else NULL */
FaxPortEntry *_fax_server_lookup_entry     (FaxServer     *self,
                                            guint32        device_id);
FaxPortInfo  *_fax_server_dup_info         (FaxServer     *self,
                                            FaxPortEntry  *entry);
/* Validates @info against @entry and saves it; nothing changes on error */
gboolean      _fax_server_apply_info       (FaxServer     *self,
                                            FaxPortEntry  *entry,
                                            FaxPortInfo   *info,
                                            GError       **error);
/* Updates the port model and emits ::ports-changed; call after changing
 * an entry (state, status text, identification) */
void          _fax_server_ports_changed    (FaxServer     *self);
/* A device the server itself provides (the virtual line) */
void          _fax_server_add_builtin_device    (FaxServer   *self,
                                                 const char  *path,
                                                 const char  *stable_id,
                                                 const char  *name,
                                                 gboolean     is_virtual);
void          _fax_server_remove_builtin_device (FaxServer   *self,
                                                 const char  *stable_id);

FaxDevice    *_fax_server_get_device       (FaxServer     *self,
                                            FaxPortEntry  *entry);
void          _fax_server_set_port_state   (FaxServer     *self,
                                            FaxPortEntry  *entry,
                                            FaxPortState   state,
                                            const char    *status_text);
FaxDeviceStatus *_fax_server_get_status    (FaxServer     *self,
                                            FaxPortEntry  *entry);
void          _fax_server_route_fax        (FaxServer      *self,
                                            FaxPortEntry   *entry,
                                            FaxReceivedFax *fax);
char         *_fax_routing_problems_from_key_file (GKeyFile *kf);
void          _fax_server_emit_event       (FaxServer     *self,
                                            FaxEventType   type,
                                            guint32        device_id,
                                            guint32        job_id,
                                            const char    *message);
FaxPortEntry *_fax_server_find_entry       (FaxServer     *self,
                                            const char    *stable_id);
GPtrArray    *_fax_server_get_entries      (FaxServer     *self);

/* fax-server-jobs.c */
void          _fax_server_jobs_init        (FaxServer     *self);
void          _fax_server_jobs_dispose     (FaxServer     *self);

/* fax-server-receive.c */
void          _fax_server_receive_init     (FaxServer     *self);
void          _fax_server_receive_dispose  (FaxServer     *self);
void          _fax_server_receive_sync     (FaxServer     *self);

/* fax-server-modems.c */
void          _fax_server_modems_init      (FaxServer     *self);
void          _fax_server_modems_dispose   (FaxServer     *self);
/* Watches the extra device paths for appearing and disappearing */
void          _fax_server_modems_watch     (FaxServer     *self);
char         *_fax_server_dup_port_warning (FaxServer     *self,
                                            FaxPortEntry  *entry);
/* A port appeared (hot-plug): identified when auto-identify is on */
void          _fax_server_modems_port_arrived (FaxServer  *self,
                                               guint32     device_id);
/* Speed and flow control from the port's settings */
void          _fax_server_configure_device (FaxServer     *self,
                                            FaxPortEntry  *entry,
                                            FaxDevice     *device);
/* fax-server-jobs.c: the job model, shared with the HylaFAX backend */
FaxJob       *_fax_server_find_job         (FaxServer     *self,
                                            guint32        id,
                                            guint         *position);
gint          _fax_server_compare_jobs     (gconstpointer  a,
                                            gconstpointer  b,
                                            gpointer       user_data);

/* fax-server-hylafax.c */
typedef struct _FaxHylafaxRemote FaxHylafaxRemote;

typedef enum {
  FAX_HYLAFAX_JOB_KILL,
  FAX_HYLAFAX_JOB_DELETE,
  FAX_HYLAFAX_JOB_SUSPEND,
  FAX_HYLAFAX_JOB_RESUME,
  FAX_HYLAFAX_JOB_NOW,
} FaxHylafaxJobCommand;

FaxServer    *_fax_server_hylafax_connect       (const char          *address,
                                                 const char          *password,
                                                 GCancellable        *cancellable,
                                                 GError             **error);
void          _fax_server_hylafax_connect_async (const char          *address,
                                                 const char          *password,
                                                 GCancellable        *cancellable,
                                                 GAsyncReadyCallback  callback,
                                                 gpointer             user_data);
void          _fax_server_hylafax_dispose       (FaxServer           *self);
/* FALSE with the last connection error while the server is unreachable */
gboolean      _fax_server_hylafax_check         (FaxServer           *self,
                                                 GError             **error);
void          _fax_server_hylafax_poll_now      (FaxServer           *self);
FaxPortInfo  *_fax_server_hylafax_dup_info      (FaxServer           *self,
                                                 FaxPortEntry        *entry);
gboolean      _fax_server_hylafax_open_modify   (FaxServer           *self,
                                                 FaxPortEntry        *entry,
                                                 GError             **error);
gboolean      _fax_server_hylafax_apply_info    (FaxServer           *self,
                                                 FaxPortEntry        *entry,
                                                 FaxPortInfo         *info,
                                                 GError             **error);
FaxJob       *_fax_server_hylafax_submit_job    (FaxServer           *self,
                                                 const char * const  *documents,
                                                 const char          *number,
                                                 const char          *recipient_name,
                                                 guint32              device_id,
                                                 const FaxJobOptions *options,
                                                 GError             **error);
void          _fax_server_hylafax_submit_job_async (FaxServer        *self,
                                                 const char * const  *documents,
                                                 const char          *number,
                                                 const char          *recipient_name,
                                                 guint32              device_id,
                                                 const FaxJobOptions *options,
                                                 GTask               *task);
gboolean      _fax_server_hylafax_job_command   (FaxServer           *self,
                                                 guint32              job_id,
                                                 FaxHylafaxJobCommand command,
                                                 GError             **error);
/* Runs the command on a worker; @task gets a boolean */
void          _fax_server_hylafax_job_command_async (FaxServer       *self,
                                                 guint32              job_id,
                                                 FaxHylafaxJobCommand command,
                                                 GTask               *task);
/* fax-server.c: FaxServer:connected changed */
void          _fax_server_notify_connected      (FaxServer           *self);
gboolean      _fax_server_hylafax_answer        (FaxServer           *self,
                                                 FaxPortEntry        *entry,
                                                 GError             **error);

/* fax-port.c */
FaxPort      *_fax_port_new                (FaxServer        *server,
                                            FaxPortEntry     *entry,
                                            FaxPortOpenFlags  access,
                                            int               lock_fd);

G_END_DECLS
