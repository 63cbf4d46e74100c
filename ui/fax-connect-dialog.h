/* fax-connect-dialog.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include <fax-backend.h>

G_BEGIN_DECLS

#define FAX_TYPE_CONNECT_DIALOG (fax_connect_dialog_get_type ())

G_DECLARE_FINAL_TYPE (FaxConnectDialog, fax_connect_dialog, FAX, CONNECT_DIALOG, AdwWindow)

/* @settings: where the last server is remembered (NULL: nowhere) */
FaxConnectDialog *fax_connect_dialog_new          (GtkWindow        *parent,
                                                   GSettings        *settings);
/* hylafax://[user@]host[:port] from the address and user fields; NULL
 * with @error when the address is not one */
char             *fax_connect_dialog_dup_machine_name (FaxConnectDialog *self,
                                                       GError          **error);
/* Starts connecting, as the Connect button does */
void              fax_connect_dialog_connect      (FaxConnectDialog *self);
/* The error shown in the dialog, or NULL */
const char       *fax_connect_dialog_get_error    (FaxConnectDialog *self);
/* Whether the keyring was asked for a stored password and answered */
gboolean          fax_connect_dialog_get_lookup_done (FaxConnectDialog *self);

G_END_DECLS
