/* fax-port-store.h: port settings on disk, keyed by the device's stable identity
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _FaxPortStore FaxPortStore;

FaxPortStore *_fax_port_store_new         (const char    *path);
void          _fax_port_store_free        (FaxPortStore  *self);
const char   *_fax_port_store_get_path    (FaxPortStore  *self);

/* Re-reads the file; a missing file is an empty store. A file that cannot
 * be parsed is kept aside as ports.conf.broken-<time> and reported. */
gboolean      _fax_port_store_reload      (FaxPortStore  *self,
                                           GError       **error);

/* A change is begin (takes an inter-process lock and reloads), edits, then
 * commit (atomic write, 0600) or rollback. Both release the lock. */
gboolean      _fax_port_store_begin       (FaxPortStore  *self,
                                           GError       **error);
gboolean      _fax_port_store_commit      (FaxPortStore  *self,
                                           GError       **error);
void          _fax_port_store_rollback    (FaxPortStore  *self);

guint         _fax_port_store_get_uint    (FaxPortStore  *self,
                                           const char    *stable_id,
                                           const char    *key,
                                           guint          fallback);
void          _fax_port_store_set_uint    (FaxPortStore  *self,
                                           const char    *stable_id,
                                           const char    *key,
                                           guint          value);
gboolean      _fax_port_store_get_boolean (FaxPortStore  *self,
                                           const char    *stable_id,
                                           const char    *key,
                                           gboolean       fallback);
void          _fax_port_store_set_boolean (FaxPortStore  *self,
                                           const char    *stable_id,
                                           const char    *key,
                                           gboolean       value);
char         *_fax_port_store_get_string  (FaxPortStore  *self,
                                           const char    *stable_id,
                                           const char    *key);
void          _fax_port_store_set_string  (FaxPortStore  *self,
                                           const char    *stable_id,
                                           const char    *key,
                                           const char    *value);
char        **_fax_port_store_get_extra_devices (FaxPortStore *self);
void          _fax_port_store_set_extra_devices (FaxPortStore *self,
                                                 const char * const *paths);

G_END_DECLS
