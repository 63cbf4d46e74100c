/* fax-window.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "fax-application.h"

G_BEGIN_DECLS

#define FAX_TYPE_WINDOW (fax_window_get_type ())

G_DECLARE_FINAL_TYPE (FaxWindow, fax_window, FAX, WINDOW, AdwApplicationWindow)

FaxWindow *fax_window_new (FaxApplication *application);

G_END_DECLS
