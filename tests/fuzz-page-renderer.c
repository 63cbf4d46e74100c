/* fuzz-page-renderer.c: libFuzzer target for FaxPageRenderer
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
  g_autofree char *path = g_strdup_printf ("%s/fuzz-renderer-%d.tif", g_get_tmp_dir (), getpid ());
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(FaxPageRenderer) renderer = NULL;

  if (!g_file_set_contents (path, (const char *)data, size, NULL))
    return 0;
  renderer = fax_page_renderer_new (file);
  if (fax_page_renderer_load (renderer, NULL, NULL))
    {
      guint n = MIN (fax_page_renderer_get_n_pages (renderer), 4);

      for (guint i = 0; i < n; i++)
        {
          cairo_surface_t *s = fax_page_renderer_render_thumbnail (renderer, i, 96, 96, NULL, NULL);

          g_clear_pointer (&s, cairo_surface_destroy);
        }
      g_strfreev (fax_page_renderer_dup_problems (renderer));
    }
  g_unlink (path);
  return 0;
}
