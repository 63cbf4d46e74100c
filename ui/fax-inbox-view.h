/* fax-inbox-view.h: the received faxes
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include <fax-backend.h>

G_BEGIN_DECLS

#define FAX_TYPE_INBOX_VIEW (fax_inbox_view_get_type ())

G_DECLARE_FINAL_TYPE (FaxInboxView, fax_inbox_view, FAX, INBOX_VIEW, AdwBin)

void        fax_inbox_view_set_server (FaxInboxView *self,
                                       FaxServer    *server);
/* Shows only faxes whose sender (TSID or caller id) contains @text */
void        fax_inbox_view_set_search (FaxInboxView *self,
                                       const char   *text);
/* Whether the inbox folder is still being read (the list fills meanwhile) */
gboolean    fax_inbox_view_get_loading (FaxInboxView *self);
/* The faxes shown, newest first (a GListModel of FaxReceivedFax) */
GListModel *fax_inbox_view_get_model  (FaxInboxView *self);
/* Page 1 of @fax as shown in its row, once rendered (NULL before) */
GdkTexture *fax_inbox_view_get_thumbnail (FaxInboxView   *self,
                                          FaxReceivedFax *fax);

G_END_DECLS
