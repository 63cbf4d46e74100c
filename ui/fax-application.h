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

FaxApplication *fax_application_new        (void);
FaxServer      *fax_application_get_server (FaxApplication *self);

G_END_DECLS
