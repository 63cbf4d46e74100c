/* fuzz-document.c: libFuzzer target for the document converter (PDF,
 * images, TIFF, text in; TIFF-F out)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <unistd.h>

#include <glib/gstdio.h>

#include <fax-backend.h>

int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  g_autofree char *in_path = g_strdup_printf ("%s/fuzz-doc-%d.in", g_get_tmp_dir (), getpid ());
  g_autofree char *out_path = g_strdup_printf ("%s/fuzz-doc-%d.tif", g_get_tmp_dir (), getpid ());
  g_autoptr(GFile) in = g_file_new_for_path (in_path);
  g_autoptr(GFile) out = g_file_new_for_path (out_path);
  g_autoptr(FaxDocument) document = fax_document_new ();
  g_autoptr(GError) error = NULL;

  if (!g_file_set_contents (in_path, (const char *)data, size, NULL))
    return 0;
  fax_document_add_file (document, in);
  fax_document_set_resolution (document, FAX_RESOLUTION_STANDARD);
  if (fax_document_convert (document, out, NULL, NULL, NULL, &error) == 0)
    g_assert_nonnull (error);
  g_unlink (in_path);
  g_unlink (out_path);
  return 0;
}
