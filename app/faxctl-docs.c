/* faxctl-docs.c: faxctl convert, render, export and inspect
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdlib.h>
#include <unistd.h>

#include <glib/gi18n.h>

#include "faxctl.h"

static gboolean
parse_enum (GType       type,
            const char *nick,
            int        *value)
{
  GEnumClass *klass = g_type_class_ref (type);
  GEnumValue *ev = g_enum_get_value_by_nick (klass, nick);

  if (ev != NULL)
    *value = ev->value;
  g_type_class_unref (klass);
  return ev != NULL;
}

static void
print_progress (guint    done,
                guint    n_pages,
                gpointer user_data)
{
  g_printerr ("\r%s", "");
  /* Translators: progress of a conversion, "page 3 of 10" */
  g_printerr (_("Converting: page %u of %u"), done, n_pages);
  if (done == n_pages)
    g_printerr ("\n");
}

int
faxctl_cmd_convert (FaxCtl  *ctl,
                    int      argc,
                    char   **argv)
{
  g_autoptr(FaxDocument) document = fax_document_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) output = NULL;
  g_autofree char *out_path = NULL;
  g_autofree char *resolution = NULL;
  g_autofree char *paper = NULL;
  g_autofree char *compression = NULL;
  g_autofree char *mode = NULL;
  g_autofree char *cover_to = NULL;
  g_autofree char *cover_to_number = NULL;
  g_autofree char *cover_from = NULL;
  g_autofree char *cover_from_number = NULL;
  g_autofree char *cover_subject = NULL;
  g_autofree char *cover_message = NULL;
  gboolean standard = FALSE, fine = FALSE, superfine = FALSE, cover = FALSE;
  int workers = 1;
  int exit_code = 0;
  int value;
  guint n_pages;
  GOptionEntry entries[] = {
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &out_path, N_("Write the fax to OUT.tif"), "OUT.tif" },
    { "standard", 0, 0, G_OPTION_ARG_NONE, &standard, N_("Standard resolution (204×98 dpi)"), NULL },
    { "fine", 0, 0, G_OPTION_ARG_NONE, &fine, N_("Fine resolution (204×196 dpi, the default)"), NULL },
    { "superfine", 0, 0, G_OPTION_ARG_NONE, &superfine, N_("Superfine resolution (204×391 dpi)"), NULL },
    { "resolution", 0, 0, G_OPTION_ARG_STRING, &resolution, N_("standard, fine, superfine or ultrafine (408×391)"), "RES" },
    { "paper", 0, 0, G_OPTION_ARG_STRING, &paper, N_("Paper size: a4 (default) or letter"), "PAPER" },
    { "compression", 0, 0, G_OPTION_ARG_STRING, &compression, N_("g3, g3-2d or g4 (default)"), "C" },
    { "mode", 0, 0, G_OPTION_ARG_STRING, &mode, N_("auto (default), text or photo"), "MODE" },
    { "workers", 0, 0, G_OPTION_ARG_INT, &workers, N_("Pages rendered in parallel"), "N" },
    { "cover", 0, 0, G_OPTION_ARG_NONE, &cover, N_("Put a cover page first"), NULL },
    { "cover-to", 0, 0, G_OPTION_ARG_STRING, &cover_to, N_("Cover page: recipient"), "NAME" },
    { "cover-to-number", 0, 0, G_OPTION_ARG_STRING, &cover_to_number, N_("Cover page: recipient's fax number"), "NUMBER" },
    { "cover-from", 0, 0, G_OPTION_ARG_STRING, &cover_from, N_("Cover page: sender"), "NAME" },
    { "cover-from-number", 0, 0, G_OPTION_ARG_STRING, &cover_from_number, N_("Cover page: sender's fax number"), "NUMBER" },
    { "cover-subject", 0, 0, G_OPTION_ARG_STRING, &cover_subject, N_("Cover page: subject"), "TEXT" },
    { "cover-message", 0, 0, G_OPTION_ARG_STRING, &cover_message, N_("Cover page: message"), "TEXT" },
    { NULL }
  };

  if (!faxctl_parse_options (&argc, &argv, "FILE... -o OUT.tif - convert documents to a fax", entries, &exit_code))
    return exit_code;
  if (out_path == NULL)
    return faxctl_usage_error (_("“convert” needs an output file (-o OUT.tif)"));
  if (argc < 2)
    return faxctl_usage_error (_("“convert” needs at least one PDF, image, TIFF or text file"));

  if (standard + fine + superfine + (resolution != NULL) > 1)
    return faxctl_usage_error (_("give only one resolution"));
  if (standard)
    fax_document_set_resolution (document, FAX_RESOLUTION_STANDARD);
  else if (superfine)
    fax_document_set_resolution (document, FAX_RESOLUTION_SUPERFINE);
  else if (resolution != NULL)
    {
      if (!parse_enum (FAX_TYPE_RESOLUTION, resolution, &value))
        return faxctl_usage_error (_("unknown resolution “%s” (standard, fine, superfine, ultrafine)"), resolution);
      fax_document_set_resolution (document, value);
    }
  if (paper != NULL)
    {
      g_autofree char *lower = g_ascii_strdown (paper, -1);

      if (!parse_enum (FAX_TYPE_PAPER_SIZE, lower, &value))
        return faxctl_usage_error (_("unknown paper size “%s” (a4, letter)"), paper);
      fax_document_set_paper_size (document, value);
    }
  if (compression != NULL)
    {
      if (!parse_enum (FAX_TYPE_COMPRESSION, compression, &value))
        return faxctl_usage_error (_("unknown compression “%s” (g3, g3-2d, g4)"), compression);
      fax_document_set_compression (document, value);
    }
  if (mode != NULL)
    {
      if (!parse_enum (FAX_TYPE_RENDER_MODE, mode, &value))
        return faxctl_usage_error (_("unknown mode “%s” (auto, text, photo)"), mode);
      fax_document_set_render_mode (document, value);
    }
  if (workers < 1 || workers > 16)
    return faxctl_usage_error (_("--workers must be between 1 and 16"));
  fax_document_set_n_workers (document, workers);

  if (cover || cover_to || cover_to_number || cover_from || cover_from_number
      || cover_subject || cover_message)
    {
      g_autoptr(FaxCoverPage) page = fax_cover_page_new ();

      fax_cover_page_set_recipient (page, cover_to);
      fax_cover_page_set_recipient_number (page, cover_to_number);
      fax_cover_page_set_sender (page, cover_from);
      fax_cover_page_set_sender_number (page, cover_from_number);
      fax_cover_page_set_subject (page, cover_subject);
      fax_cover_page_set_message (page, cover_message);
      fax_document_set_cover_page (document, page);
    }

  for (int i = 1; i < argc; i++)
    {
      g_autoptr(GFile) file = g_file_new_for_commandline_arg (argv[i]);

      fax_document_add_file (document, file);
    }

  output = g_file_new_for_commandline_arg (out_path);
  n_pages = fax_document_convert (document, output,
                                  isatty (STDERR_FILENO) ? print_progress : NULL, NULL,
                                  NULL, &error);
  if (n_pages == 0)
    return faxctl_failed (error);

  g_print (g_dngettext (GETTEXT_PACKAGE, "Wrote %u page to %s\n", "Wrote %u pages to %s\n", n_pages),
           n_pages, out_path);
  return EXIT_SUCCESS;
}

static FaxPageRenderer *
open_fax (const char  *path,
          GError     **error)
{
  g_autoptr(GFile) file = g_file_new_for_commandline_arg (path);
  g_autoptr(FaxPageRenderer) renderer = fax_page_renderer_new (file);

  if (!fax_page_renderer_load (renderer, NULL, error))
    return NULL;
  return g_steal_pointer (&renderer);
}

static void
print_problems (FaxPageRenderer *renderer)
{
  g_auto(GStrv) problems = fax_page_renderer_dup_problems (renderer);

  for (guint i = 0; problems[i] != NULL; i++)
    g_printerr (_("faxctl: warning: %s\n"), problems[i]);
}

int
faxctl_cmd_render (FaxCtl  *ctl,
                   int      argc,
                   char   **argv)
{
  g_autoptr(FaxPageRenderer) renderer = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *out_path = NULL;
  cairo_surface_t *surface;
  cairo_status_t status;
  double scale = 1.0;
  int page = 1;
  int thumbnail = 0;
  int exit_code = 0;
  GOptionEntry entries[] = {
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &out_path, N_("Write the page to OUT.png"), "OUT.png" },
    { "page", 0, 0, G_OPTION_ARG_INT, &page, N_("Page number (from 1)"), "N" },
    { "scale", 0, 0, G_OPTION_ARG_DOUBLE, &scale, N_("Scale (1: one pixel per fax dot across)"), "S" },
    { "thumbnail", 0, 0, G_OPTION_ARG_INT, &thumbnail, N_("Fit the page in SIZE×SIZE pixels"), "SIZE" },
    { NULL }
  };

  if (!faxctl_parse_options (&argc, &argv, "IN.tif -o OUT.png - render a fax page", entries, &exit_code))
    return exit_code;
  if (argc != 2)
    return faxctl_usage_error (_("“render” needs one fax file"));
  if (out_path == NULL)
    return faxctl_usage_error (_("“render” needs an output file (-o OUT.png)"));
  if (page < 1)
    return faxctl_usage_error (_("--page counts from 1"));

  renderer = open_fax (argv[1], &error);
  if (renderer == NULL)
    return faxctl_failed (error);
  if (thumbnail > 0)
    surface = fax_page_renderer_render_thumbnail (renderer, page - 1, thumbnail, thumbnail, NULL, &error);
  else
    surface = fax_page_renderer_render_page (renderer, page - 1, scale, NULL, &error);
  print_problems (renderer);
  if (surface == NULL)
    return faxctl_failed (error);

  status = cairo_surface_write_to_png (surface, out_path);
  cairo_surface_destroy (surface);
  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_printerr (_("faxctl: could not write “%s”: %s\n"), out_path, cairo_status_to_string (status));
      return EXIT_FAILURE;
    }
  return EXIT_SUCCESS;
}

int
faxctl_cmd_export (FaxCtl  *ctl,
                   int      argc,
                   char   **argv)
{
  g_autoptr(FaxPageRenderer) renderer = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *out_path = NULL;
  g_autofree char *png_pattern = NULL;
  int exit_code = 0;
  gboolean ok;
  GOptionEntry entries[] = {
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &out_path, N_("Write a PDF to OUT.pdf"), "OUT.pdf" },
    { "png", 0, 0, G_OPTION_ARG_FILENAME, &png_pattern, N_("Write PNG pages instead; PATTERN has one %u for the page number"), "PATTERN" },
    { NULL }
  };

  if (!faxctl_parse_options (&argc, &argv, "IN.tif -o OUT.pdf - export a fax", entries, &exit_code))
    return exit_code;
  if (argc != 2)
    return faxctl_usage_error (_("“export” needs one fax file"));
  if ((out_path == NULL) == (png_pattern == NULL))
    return faxctl_usage_error (_("“export” needs either -o OUT.pdf or --png PATTERN"));

  renderer = open_fax (argv[1], &error);
  if (renderer == NULL)
    return faxctl_failed (error);

  if (out_path != NULL)
    {
      g_autoptr(GFile) output = g_file_new_for_commandline_arg (out_path);

      ok = fax_page_renderer_export_pdf (renderer, output, NULL, &error);
    }
  else
    ok = fax_page_renderer_export_png (renderer, png_pattern, NULL, &error);
  print_problems (renderer);
  if (!ok)
    return faxctl_failed (error);
  return EXIT_SUCCESS;
}

int
faxctl_cmd_inspect (FaxCtl  *ctl,
                    int      argc,
                    char   **argv)
{
  g_autoptr(FaxPageRenderer) renderer = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) problems = NULL;
  GHashTableIter iter;
  gpointer key, value;
  gboolean json = FALSE;
  int exit_code = 0;
  guint n;
  GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print JSON"), NULL },
    { NULL }
  };

  if (!faxctl_parse_options (&argc, &argv, "IN.tif - describe a fax file", entries, &exit_code))
    return exit_code;
  if (argc != 2)
    return faxctl_usage_error (_("“inspect” needs one fax file"));

  renderer = open_fax (argv[1], &error);
  if (renderer == NULL)
    return faxctl_failed (error);
  n = fax_page_renderer_get_n_pages (renderer);
  /* Decoding every page finds damage inside the pages too */
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GError) page_error = NULL;
      cairo_surface_t *s = fax_page_renderer_render_thumbnail (renderer, i, 16, 16, NULL, &page_error);

      g_clear_pointer (&s, cairo_surface_destroy);
    }
  problems = fax_page_renderer_dup_problems (renderer);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "pages");
  json_builder_begin_array (builder);
  for (guint i = 0; i < n; i++)
    {
      guint width, height;
      double x_dpi, y_dpi;

      fax_page_renderer_get_page_size (renderer, i, &width, &height, &x_dpi, &y_dpi);
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "width");
      json_builder_add_int_value (builder, width);
      json_builder_set_member_name (builder, "height");
      json_builder_add_int_value (builder, height);
      json_builder_set_member_name (builder, "x_dpi");
      json_builder_add_double_value (builder, x_dpi);
      json_builder_set_member_name (builder, "y_dpi");
      json_builder_add_double_value (builder, y_dpi);
      json_builder_set_member_name (builder, "compression");
      json_builder_add_string_value (builder, fax_page_renderer_get_page_compression (renderer, i));
      json_builder_end_object (builder);
      if (!json)
        g_print (_("Page %u: %u × %u pixels, %g × %g dpi, %s\n"), i + 1, width, height,
                 x_dpi, y_dpi, fax_page_renderer_get_page_compression (renderer, i));
    }
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "metadata");
  json_builder_begin_object (builder);
  g_hash_table_iter_init (&iter, fax_page_renderer_get_metadata (renderer));
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      json_builder_set_member_name (builder, key);
      json_builder_add_string_value (builder, value);
      if (!json)
        g_print ("%s: %s\n", (const char *)key, (const char *)value);
    }
  json_builder_end_object (builder);

  json_builder_set_member_name (builder, "problems");
  json_builder_begin_array (builder);
  for (guint i = 0; problems[i] != NULL; i++)
    {
      json_builder_add_string_value (builder, problems[i]);
      if (!json)
        g_print (_("Problem: %s\n"), problems[i]);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  if (json)
    faxctl_print_json (builder);
  return EXIT_SUCCESS;
}
