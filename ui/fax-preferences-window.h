/* fax-preferences-window.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "fax-application.h"

G_BEGIN_DECLS

#define FAX_TYPE_PREFERENCES_WINDOW (fax_preferences_window_get_type ())

G_DECLARE_FINAL_TYPE (FaxPreferencesWindow, fax_preferences_window, FAX, PREFERENCES_WINDOW, AdwPreferencesWindow)

FaxPreferencesWindow *fax_preferences_window_new (FaxApplication *application,
                                                  GtkWindow      *parent);

G_END_DECLS
