/* fax-port-editor.h: the settings of one port, edited with modify access
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "fax-port-item.h"

G_BEGIN_DECLS

#define FAX_TYPE_PORT_EDITOR (fax_port_editor_get_type ())

G_DECLARE_FINAL_TYPE (FaxPortEditor, fax_port_editor, FAX, PORT_EDITOR, AdwWindow)

/* @item's handle must hold modify access; the editor drops it when it
 * closes, saved or not */
FaxPortEditor *fax_port_editor_new      (GtkWindow     *parent,
                                         FaxPortItem   *item);
FaxPortItem   *fax_port_editor_get_item (FaxPortEditor *self);

G_END_DECLS
