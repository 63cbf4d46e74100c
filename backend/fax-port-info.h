/* fax-port-info.h: FAX_PORT_INFO as a GObject
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "fax-enums.h"

G_BEGIN_DECLS

#define FAX_TYPE_PORT_INFO (fax_port_info_get_type ())

G_DECLARE_FINAL_TYPE (FaxPortInfo, fax_port_info, FAX, PORT_INFO, GObject)

FaxPortInfo  *fax_port_info_new              (void);
FaxPortInfo  *fax_port_info_copy             (FaxPortInfo  *self);
gboolean      fax_port_info_equal            (FaxPortInfo  *a,
                                              FaxPortInfo  *b);

guint32       fax_port_info_get_device_id    (FaxPortInfo  *self);
void          fax_port_info_set_device_id    (FaxPortInfo  *self,
                                              guint32       device_id);
const char   *fax_port_info_get_device_name  (FaxPortInfo  *self);
void          fax_port_info_set_device_name  (FaxPortInfo  *self,
                                              const char   *device_name);
FaxPortState  fax_port_info_get_state        (FaxPortInfo  *self);
void          fax_port_info_set_state        (FaxPortInfo  *self,
                                              FaxPortState  state);
FaxPortFlags  fax_port_info_get_flags        (FaxPortInfo  *self);
void          fax_port_info_set_flags        (FaxPortInfo  *self,
                                              FaxPortFlags  flags);
guint         fax_port_info_get_rings        (FaxPortInfo  *self);
void          fax_port_info_set_rings        (FaxPortInfo  *self,
                                              guint         rings);
guint         fax_port_info_get_priority     (FaxPortInfo  *self);
void          fax_port_info_set_priority     (FaxPortInfo  *self,
                                              guint         priority);
const char   *fax_port_info_get_tsid         (FaxPortInfo  *self);
void          fax_port_info_set_tsid         (FaxPortInfo  *self,
                                              const char   *tsid);
const char   *fax_port_info_get_csid         (FaxPortInfo  *self);
void          fax_port_info_set_csid         (FaxPortInfo  *self,
                                              const char   *csid);
const char   *fax_port_info_get_device_path  (FaxPortInfo  *self);
void          fax_port_info_set_device_path  (FaxPortInfo  *self,
                                              const char   *device_path);
const char   *fax_port_info_get_manufacturer (FaxPortInfo  *self);
void          fax_port_info_set_manufacturer (FaxPortInfo  *self,
                                              const char   *manufacturer);
const char   *fax_port_info_get_model        (FaxPortInfo  *self);
void          fax_port_info_set_model        (FaxPortInfo  *self,
                                              const char   *model);
const char   *fax_port_info_get_revision     (FaxPortInfo  *self);
void          fax_port_info_set_revision     (FaxPortInfo  *self,
                                              const char   *revision);
const char   *fax_port_info_get_fax_classes  (FaxPortInfo  *self);
void          fax_port_info_set_fax_classes  (FaxPortInfo  *self,
                                              const char   *fax_classes);
const char   *fax_port_info_get_stable_id    (FaxPortInfo  *self);
void          fax_port_info_set_stable_id    (FaxPortInfo  *self,
                                              const char   *stable_id);
const char   *fax_port_info_get_status_text  (FaxPortInfo  *self);
void          fax_port_info_set_status_text  (FaxPortInfo  *self,
                                              const char   *status_text);
const char   *fax_port_info_get_speeds       (FaxPortInfo  *self);
void          fax_port_info_set_speeds       (FaxPortInfo  *self,
                                              const char   *speeds);
const char   *fax_port_info_get_warning      (FaxPortInfo  *self);
void          fax_port_info_set_warning      (FaxPortInfo  *self,
                                              const char   *warning);

/* Validation shared by fax_port_set_info () and editors: TRUE when @id is
 * printable ASCII (0x20-0x7E) of at most 20 characters. */
gboolean      fax_station_id_is_valid        (const char   *id,
                                              GError      **error);

G_END_DECLS
