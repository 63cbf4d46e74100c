/* fax-document.h: turning PDFs, images, TIFFs and text into fax pages
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "fax-cover-page.h"
#include "fax-document-enums.h"

G_BEGIN_DECLS

#define FAX_TYPE_DOCUMENT (fax_document_get_type ())

G_DECLARE_FINAL_TYPE (FaxDocument, fax_document, FAX, DOCUMENT, GObject)

/* Called from the converting thread after each page written */
typedef void (*FaxDocumentProgressFunc) (guint    pages_done,
                                         guint    n_pages,
                                         gpointer user_data);

FaxDocument   *fax_document_new              (void);

/* Inputs, converted in the order added: PDF, TIFF, any image format
 * gdk-pixbuf reads, or UTF-8 text */
void           fax_document_add_file         (FaxDocument     *self,
                                              GFile           *file);
guint          fax_document_get_n_files      (FaxDocument     *self);
void           fax_document_clear_files      (FaxDocument     *self);

/* A cover page put first; NULL for none */
FaxCoverPage  *fax_document_get_cover_page   (FaxDocument     *self);
void           fax_document_set_cover_page   (FaxDocument     *self,
                                              FaxCoverPage    *cover);

FaxResolution  fax_document_get_resolution   (FaxDocument     *self);
void           fax_document_set_resolution   (FaxDocument     *self,
                                              FaxResolution    resolution);
FaxPaperSize   fax_document_get_paper_size   (FaxDocument     *self);
void           fax_document_set_paper_size   (FaxDocument     *self,
                                              FaxPaperSize     paper);
FaxCompression fax_document_get_compression  (FaxDocument     *self);
void           fax_document_set_compression  (FaxDocument     *self,
                                              FaxCompression   compression);
FaxRenderMode  fax_document_get_render_mode  (FaxDocument     *self);
void           fax_document_set_render_mode  (FaxDocument     *self,
                                              FaxRenderMode    mode);
/* Pages rendered in parallel (1: all in the converting thread) */
guint          fax_document_get_n_workers    (FaxDocument     *self);
void           fax_document_set_n_workers    (FaxDocument     *self,
                                              guint            n_workers);
/* 0.0 - 1.0 while an asynchronous conversion runs (notified on the
 * main context of the caller of fax_document_convert_async ()) */
double         fax_document_get_progress     (FaxDocument     *self);

/* Writes a multi-page TIFF-F to @output, atomically: on any error
 * nothing is left at @output.  Blocking; returns the page count or 0. */
guint          fax_document_convert          (FaxDocument              *self,
                                              GFile                    *output,
                                              FaxDocumentProgressFunc   progress,
                                              gpointer                  progress_data,
                                              GCancellable             *cancellable,
                                              GError                  **error);
void           fax_document_convert_async    (FaxDocument              *self,
                                              GFile                    *output,
                                              GCancellable             *cancellable,
                                              GAsyncReadyCallback       callback,
                                              gpointer                  user_data);
guint          fax_document_convert_finish   (FaxDocument              *self,
                                              GAsyncResult             *result,
                                              GError                  **error);

G_END_DECLS
