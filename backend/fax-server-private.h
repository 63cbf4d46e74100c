/* fax-server-private.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "fax-port-store.h"
#include "fax-server.h"

G_BEGIN_DECLS

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
  guint32       device_id;
  guint         seq;        /* order of discovery, breaks priority ties */
  guint         priority;   /* 1..n, normalized on every refresh */
  FaxPortState  state;
  guint         present : 1;
  guint         is_virtual : 1;
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

/* fax-port.c */
FaxPort      *_fax_port_new                (FaxServer        *server,
                                            FaxPortEntry     *entry,
                                            FaxPortOpenFlags  access,
                                            int               lock_fd);

G_END_DECLS
