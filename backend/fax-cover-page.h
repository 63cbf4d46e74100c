/* fax-cover-page.h: the fields of a fax cover page
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define FAX_TYPE_COVER_PAGE (fax_cover_page_get_type ())

G_DECLARE_FINAL_TYPE (FaxCoverPage, fax_cover_page, FAX, COVER_PAGE, GObject)

FaxCoverPage *fax_cover_page_new                (void);

const char   *fax_cover_page_get_recipient      (FaxCoverPage *self);
void          fax_cover_page_set_recipient      (FaxCoverPage *self,
                                                 const char   *recipient);
const char   *fax_cover_page_get_recipient_number (FaxCoverPage *self);
void          fax_cover_page_set_recipient_number (FaxCoverPage *self,
                                                 const char   *number);
const char   *fax_cover_page_get_sender         (FaxCoverPage *self);
void          fax_cover_page_set_sender         (FaxCoverPage *self,
                                                 const char   *sender);
const char   *fax_cover_page_get_sender_number  (FaxCoverPage *self);
void          fax_cover_page_set_sender_number  (FaxCoverPage *self,
                                                 const char   *number);
const char   *fax_cover_page_get_subject        (FaxCoverPage *self);
void          fax_cover_page_set_subject        (FaxCoverPage *self,
                                                 const char   *subject);
const char   *fax_cover_page_get_message        (FaxCoverPage *self);
void          fax_cover_page_set_message        (FaxCoverPage *self,
                                                 const char   *message);
/* NULL: the time of conversion */
GDateTime    *fax_cover_page_get_date           (FaxCoverPage *self);
void          fax_cover_page_set_date           (FaxCoverPage *self,
                                                 GDateTime    *date);

G_END_DECLS
