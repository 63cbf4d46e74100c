/* fax-application.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include <fax-backend.h>

G_BEGIN_DECLS

#define FAX_TYPE_APPLICATION (fax_application_get_type ())

G_DECLARE_FINAL_TYPE (FaxApplication, fax_application, FAX, APPLICATION, AdwApplication)

FaxApplication *fax_application_new              (void);
/* NULL when connecting failed; fax_application_get_server_error () says why */
FaxServer      *fax_application_get_server       (FaxApplication *self);
const GError   *fax_application_get_server_error (FaxApplication *self);
GSettings      *fax_application_get_settings     (FaxApplication *self);
/* Whether the virtual test line is wanted: the "virtual-line" setting,
 * or --virtual-line for this run */
gboolean        fax_application_get_virtual_line (FaxApplication *self);
/* Why the wanted virtual line could not be started; NULL when it runs */
const GError   *fax_application_get_virtual_line_error (FaxApplication *self);

G_END_DECLS
