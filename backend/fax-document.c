/* fax-document.c: turning PDFs, images, TIFFs and text into fax pages
 *
 * A conversion first plans the job (what every input is and how many
 * pages it gives, failing early with a clear error), then renders each
 * page into a white RGB24 canvas at the fax resolution, turns it into
 * black and white (thresholding text and line art, error-diffusing photos
 * and grey areas), and writes it as one page of a TIFF-F file.  Pages can
 * be rendered by several workers at once; the writer puts them in order.
 * The output appears at its final name only when complete.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define _GNU_SOURCE  /* memmem */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <string.h>
#include <unistd.h>

#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <gdk-pixbuf/gdk-pixbuf.h>
#include <pango/pangocairo.h>
#include <poppler.h>

#include "fax-cover-page-private.h"
#include "fax-document.h"
#include "fax-error.h"
#include "fax-page-renderer-private.h"
#include "fax-t4-private.h"
#include "fax-tiff-private.h"

/* poppler 22.12 and pango 1.50 define no autoptr cleanups for these */
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PopplerDocument, g_object_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PopplerPage, g_object_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PangoContext, g_object_unref)

/* Bounds on input, so that no file can exhaust memory */
#define MAX_IMAGE_DIMENSION  30000
#define MAX_IMAGE_PIXELS     (40 * 1000 * 1000)
#define MAX_TEXT_BYTES       (4 * 1024 * 1024)
#define MAX_PAGES            2000
#define DEFAULT_IMAGE_DPI    150.0

/* Text pages: monospace with margins, in points */
#define TEXT_FONT            "Monospace 10"
#define TEXT_MARGIN_X        48.0
#define TEXT_MARGIN_Y        54.0

/* Black-and-white conversion */
#define TILE                 16
#define TEXT_THRESHOLD       160   /* darker than this is ink (keeps thin strokes) */
#define MID_LOW              32
#define MID_HIGH             240
#define PHOTO_TILE_PERCENT   35    /* tiles this much mid-grey are pictures */

struct _FaxDocument
{
  GObject         parent_instance;

  GPtrArray      *files;
  FaxCoverPage   *cover;
  FaxResolution   resolution;
  FaxPaperSize    paper;
  FaxCompression  compression;
  FaxRenderMode   render_mode;
  guint           n_workers;
  double          progress;
};

G_DEFINE_FINAL_TYPE (FaxDocument, fax_document, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_COVER_PAGE,
  PROP_RESOLUTION,
  PROP_PAPER_SIZE,
  PROP_COMPRESSION,
  PROP_RENDER_MODE,
  PROP_N_WORKERS,
  PROP_PROGRESS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

typedef enum {
  SOURCE_COVER,
  SOURCE_PDF,
  SOURCE_IMAGE,
  SOURCE_TIFF,
  SOURCE_TEXT,
} SourceKind;

typedef struct
{
  SourceKind  kind;
  guint       file;        /* index into Job.paths */
  guint       sub_page;    /* page within that file */
  char       *text;        /* SOURCE_TEXT: this page's text */
} PageSource;

typedef struct
{
  /* A snapshot of the document's settings */
  GPtrArray      *paths;
  GPtrArray      *names;
  FaxCoverPage   *cover;
  FaxRenderMode   render_mode;
  FaxCompression  compression;
  guint           n_workers;
  double          x_dpi;
  double          y_dpi;
  guint           width;
  guint           height;
  GCancellable   *cancellable;

  GArray         *pages;   /* PageSource */

  /* Parallel rendering */
  GMutex          mutex;
  GCond           cond;
  guint           next_page;
  guint           written;
  GBytes        **results;   /* each page's encoded strip */
  GError         *error;
} Job;

typedef struct
{
  Job          *job;
  GPtrArray    *pdfs;        /* PopplerDocument* or NULL, per file */
  GPtrArray    *tiffs;       /* FaxPageRenderer* or NULL, per file */
  PangoContext *text_context;
  cairo_surface_t *canvas;
  gboolean      canvas_white;  /* binarize () has wiped what was drawn */
  guint8       *gray;
  guint8       *tile_photo;
  int          *err_a;
  int          *err_b;
} Worker;

/* ---------------------------------------------------------------- */
/* GObject                                                          */

static void
fax_document_finalize (GObject *object)
{
  FaxDocument *self = (FaxDocument *)object;

  g_clear_pointer (&self->files, g_ptr_array_unref);
  g_clear_object (&self->cover);

  G_OBJECT_CLASS (fax_document_parent_class)->finalize (object);
}

static void
fax_document_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  FaxDocument *self = FAX_DOCUMENT (object);

  switch (prop_id)
    {
    case PROP_COVER_PAGE:
      g_value_set_object (value, self->cover);
      break;
    case PROP_RESOLUTION:
      g_value_set_enum (value, self->resolution);
      break;
    case PROP_PAPER_SIZE:
      g_value_set_enum (value, self->paper);
      break;
    case PROP_COMPRESSION:
      g_value_set_enum (value, self->compression);
      break;
    case PROP_RENDER_MODE:
      g_value_set_enum (value, self->render_mode);
      break;
    case PROP_N_WORKERS:
      g_value_set_uint (value, self->n_workers);
      break;
    case PROP_PROGRESS:
      g_value_set_double (value, self->progress);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fax_document_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  FaxDocument *self = FAX_DOCUMENT (object);

  switch (prop_id)
    {
    case PROP_COVER_PAGE:
      fax_document_set_cover_page (self, g_value_get_object (value));
      break;
    case PROP_RESOLUTION:
      fax_document_set_resolution (self, g_value_get_enum (value));
      break;
    case PROP_PAPER_SIZE:
      fax_document_set_paper_size (self, g_value_get_enum (value));
      break;
    case PROP_COMPRESSION:
      fax_document_set_compression (self, g_value_get_enum (value));
      break;
    case PROP_RENDER_MODE:
      fax_document_set_render_mode (self, g_value_get_enum (value));
      break;
    case PROP_N_WORKERS:
      fax_document_set_n_workers (self, g_value_get_uint (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fax_document_class_init (FaxDocumentClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;

  object_class->finalize = fax_document_finalize;
  object_class->get_property = fax_document_get_property;
  object_class->set_property = fax_document_set_property;

  properties[PROP_COVER_PAGE] =
    g_param_spec_object ("cover-page", NULL, NULL, FAX_TYPE_COVER_PAGE, flags);
  properties[PROP_RESOLUTION] =
    g_param_spec_enum ("resolution", NULL, NULL, FAX_TYPE_RESOLUTION,
                       FAX_RESOLUTION_FINE, flags);
  properties[PROP_PAPER_SIZE] =
    g_param_spec_enum ("paper-size", NULL, NULL, FAX_TYPE_PAPER_SIZE,
                       FAX_PAPER_A4, flags);
  properties[PROP_COMPRESSION] =
    g_param_spec_enum ("compression", NULL, NULL, FAX_TYPE_COMPRESSION,
                       FAX_COMPRESSION_G4, flags);
  properties[PROP_RENDER_MODE] =
    g_param_spec_enum ("render-mode", NULL, NULL, FAX_TYPE_RENDER_MODE,
                       FAX_RENDER_AUTO, flags);
  properties[PROP_N_WORKERS] =
    g_param_spec_uint ("n-workers", NULL, NULL, 1, 16, 1, flags);
  properties[PROP_PROGRESS] =
    g_param_spec_double ("progress", NULL, NULL, 0, 1, 0,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
fax_document_init (FaxDocument *self)
{
  self->files = g_ptr_array_new_with_free_func (g_object_unref);
  self->resolution = FAX_RESOLUTION_FINE;
  self->paper = FAX_PAPER_A4;
  self->compression = FAX_COMPRESSION_G4;
  self->render_mode = FAX_RENDER_AUTO;
  self->n_workers = 1;
}

FaxDocument *
fax_document_new (void)
{
  return g_object_new (FAX_TYPE_DOCUMENT, NULL);
}

void
fax_document_add_file (FaxDocument *self,
                       GFile       *file)
{
  g_return_if_fail (FAX_IS_DOCUMENT (self));
  g_return_if_fail (G_IS_FILE (file));

  g_ptr_array_add (self->files, g_object_ref (file));
}

guint
fax_document_get_n_files (FaxDocument *self)
{
  g_return_val_if_fail (FAX_IS_DOCUMENT (self), 0);

  return self->files->len;
}

void
fax_document_clear_files (FaxDocument *self)
{
  g_return_if_fail (FAX_IS_DOCUMENT (self));

  g_ptr_array_set_size (self->files, 0);
}

FaxCoverPage *
fax_document_get_cover_page (FaxDocument *self)
{
  g_return_val_if_fail (FAX_IS_DOCUMENT (self), NULL);

  return self->cover;
}

void
fax_document_set_cover_page (FaxDocument  *self,
                             FaxCoverPage *cover)
{
  g_return_if_fail (FAX_IS_DOCUMENT (self));
  g_return_if_fail (cover == NULL || FAX_IS_COVER_PAGE (cover));

  if (g_set_object (&self->cover, cover))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_COVER_PAGE]);
}

#define DEFINE_ENUM_ACCESSORS(Type, name, field, PROP)                  \
  Type                                                                  \
  fax_document_get_##name (FaxDocument *self)                           \
  {                                                                     \
    g_return_val_if_fail (FAX_IS_DOCUMENT (self), 0);                   \
    return self->field;                                                 \
  }                                                                     \
                                                                        \
  void                                                                  \
  fax_document_set_##name (FaxDocument *self,                           \
                           Type         value)                          \
  {                                                                     \
    g_return_if_fail (FAX_IS_DOCUMENT (self));                          \
    if (self->field == value)                                           \
      return;                                                           \
    self->field = value;                                                \
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP]);       \
  }

DEFINE_ENUM_ACCESSORS (FaxResolution, resolution, resolution, PROP_RESOLUTION)
DEFINE_ENUM_ACCESSORS (FaxPaperSize, paper_size, paper, PROP_PAPER_SIZE)
DEFINE_ENUM_ACCESSORS (FaxCompression, compression, compression, PROP_COMPRESSION)
DEFINE_ENUM_ACCESSORS (FaxRenderMode, render_mode, render_mode, PROP_RENDER_MODE)

guint
fax_document_get_n_workers (FaxDocument *self)
{
  g_return_val_if_fail (FAX_IS_DOCUMENT (self), 1);

  return self->n_workers;
}

void
fax_document_set_n_workers (FaxDocument *self,
                            guint        n_workers)
{
  g_return_if_fail (FAX_IS_DOCUMENT (self));

  n_workers = CLAMP (n_workers, 1, 16);
  if (self->n_workers == n_workers)
    return;
  self->n_workers = n_workers;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_WORKERS]);
}

double
fax_document_get_progress (FaxDocument *self)
{
  g_return_val_if_fail (FAX_IS_DOCUMENT (self), 0);

  return self->progress;
}

/* ---------------------------------------------------------------- */
/* Planning                                                         */

static void
page_source_clear (gpointer data)
{
  PageSource *source = data;

  g_clear_pointer (&source->text, g_free);
}

static void
job_free (Job *job)
{
  g_clear_pointer (&job->paths, g_ptr_array_unref);
  g_clear_pointer (&job->names, g_ptr_array_unref);
  g_clear_object (&job->cover);
  g_clear_object (&job->cancellable);
  if (job->results != NULL)
    for (guint i = 0; i < job->pages->len; i++)
      g_clear_pointer (&job->results[i], g_bytes_unref);
  g_clear_pointer (&job->results, g_free);
  g_clear_pointer (&job->pages, g_array_unref);
  g_clear_error (&job->error);
  g_mutex_clear (&job->mutex);
  g_cond_clear (&job->cond);
  g_free (job);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Job, job_free)

static Job *
job_new (FaxDocument  *self,
         GCancellable *cancellable)
{
  Job *job = g_new0 (Job, 1);
  FaxResolution resolution = self->resolution;

  g_mutex_init (&job->mutex);
  g_cond_init (&job->cond);
  job->paths = g_ptr_array_new_with_free_func (g_free);
  job->names = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < self->files->len; i++)
    {
      GFile *file = g_ptr_array_index (self->files, i);

      g_ptr_array_add (job->paths, g_file_get_path (file));
      g_ptr_array_add (job->names, g_file_get_parse_name (file));
    }
  job->cover = self->cover ? g_object_ref (self->cover) : NULL;
  job->render_mode = self->render_mode;
  job->compression = self->compression;
  job->n_workers = self->n_workers;
  fax_resolution_get_dpi (resolution, &job->x_dpi, &job->y_dpi);
  job->width = fax_resolution_get_width (resolution);
  job->height = fax_paper_size_get_lines (self->paper, resolution);
  job->cancellable = cancellable ? g_object_ref (cancellable) : NULL;
  job->pages = g_array_new (FALSE, TRUE, sizeof (PageSource));
  g_array_set_clear_func (job->pages, page_source_clear);
  return job;
}

static gboolean
add_page (Job         *job,
          PageSource  *source,
          GError     **error)
{
  if (job->pages->len >= MAX_PAGES)
    {
      g_free (source->text);
      g_set_error (error, FAX_ERROR, FAX_ERROR_INVALID_PARAMETER,
                   _("The fax would have more than %u pages; send it in parts"), MAX_PAGES);
      return FALSE;
    }
  g_array_append_vals (job->pages, source, 1);
  return TRUE;
}

static gboolean
pdf_is_complete (const char *path)
{
  g_autoptr(GMappedFile) mapped = g_mapped_file_new (path, FALSE, NULL);
  const char *data;
  gsize len, tail;

  if (mapped == NULL)
    return FALSE;
  data = g_mapped_file_get_contents (mapped);
  len = g_mapped_file_get_length (mapped);
  tail = MIN (len, 2048);
  /* A complete PDF ends with %%EOF (some writers add a little after it) */
  return memmem (data + len - tail, tail, "%%EOF", 5) != NULL;
}

static PopplerDocument *
open_pdf (Job         *job,
          guint        file,
          GError     **error)
{
  const char *path = g_ptr_array_index (job->paths, file);
  const char *name = g_ptr_array_index (job->names, file);
  g_autoptr(GError) local_error = NULL;
  g_autofree char *uri = g_filename_to_uri (path, NULL, NULL);
  PopplerDocument *doc;

  doc = poppler_document_new_from_file (uri, NULL, &local_error);
  if (doc == NULL)
    {
      if (g_error_matches (local_error, POPPLER_ERROR, POPPLER_ERROR_ENCRYPTED))
        g_set_error (error, FAX_ERROR, FAX_ERROR_INVALID_PARAMETER,
                     _("“%s” is a password-protected PDF; save or print it without a password and try again"),
                     name);
      else
        g_set_error (error, FAX_ERROR, FAX_ERROR_INVALID_PARAMETER,
                     _("“%s” is a damaged PDF that cannot be read (%s)"),
                     name, local_error->message);
    }
  return doc;
}

static gboolean
plan_pdf (Job     *job,
          guint    file,
          GError **error)
{
  const char *name = g_ptr_array_index (job->names, file);
  g_autoptr(PopplerDocument) doc = NULL;
  int n;

  if (!pdf_is_complete (g_ptr_array_index (job->paths, file)))
    {
      g_set_error (error, FAX_ERROR, FAX_ERROR_INVALID_PARAMETER,
                   _("“%s” is an incomplete PDF (it is cut off before its end); download or copy it again"),
                   name);
      return FALSE;
    }
  doc = open_pdf (job, file, error);
  if (doc == NULL)
    return FALSE;
  n = poppler_document_get_n_pages (doc);
  if (n <= 0)
    {
      g_set_error (error, FAX_ERROR, FAX_ERROR_INVALID_PARAMETER,
                   _("“%s” is a PDF without pages"), name);
      return FALSE;
    }
  for (int i = 0; i < n; i++)
    {
      PageSource source = { SOURCE_PDF, file, i, NULL };

      if (!add_page (job, &source, error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
plan_tiff (Job     *job,
           guint    file,
           GError **error)
{
  const char *name = g_ptr_array_index (job->names, file);
  g_autoptr(GFile) gfile = g_file_new_for_path (g_ptr_array_index (job->paths, file));
  g_autoptr(FaxPageRenderer) renderer = fax_page_renderer_new (gfile);
  g_auto(GStrv) problems = NULL;
  guint n;

  if (!fax_page_renderer_load (renderer, job->cancellable, error))
    return FALSE;
  problems = fax_page_renderer_dup_problems (renderer);
  n = fax_page_renderer_get_n_pages (renderer);
  if (problems[0] != NULL)
    {
      g_set_error (error, FAX_ERROR, FAX_ERROR_INVALID_PARAMETER,
                   _("“%s” is a damaged TIFF file: %s"), name, problems[0]);
      return FALSE;
    }
  for (guint i = 0; i < n; i++)
    {
      PageSource source = { SOURCE_TIFF, file, i, NULL };

      if (!add_page (job, &source, error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
plan_image (Job        *job,
            guint       file,
            int         width,
            int         height,
            GError    **error)
{
  const char *name = g_ptr_array_index (job->names, file);
  PageSource source = { SOURCE_IMAGE, file, 0, NULL };

  if (width <= 0 || height <= 0)
    {
      g_set_error (error, FAX_ERROR, FAX_ERROR_INVALID_PARAMETER,
                   _("“%s” is an empty image (%d × %d pixels)"), name, width, height);
      return FALSE;
    }
  if (width > MAX_IMAGE_DIMENSION || height > MAX_IMAGE_DIMENSION
      || (gint64)width * height > MAX_IMAGE_PIXELS)
    {
      g_set_error (error, FAX_ERROR, FAX_ERROR_INVALID_PARAMETER,
                   _("“%s” is too large an image to fax (%d × %d pixels; at most %d million pixels); scale it down and try again"),
                   name, width, height, MAX_IMAGE_PIXELS / 1000000);
      return FALSE;
    }
  return add_page (job, &source, error);
}

/* Text layout: points, no hinting, so that pagination and rendering at
 * any resolution agree */
static PangoContext *
create_text_context (void)
{
  PangoFontMap *map = pango_cairo_font_map_get_default ();
  PangoContext *context = pango_font_map_create_context (map);
  cairo_font_options_t *options = cairo_font_options_create ();

  cairo_font_options_set_hint_metrics (options, CAIRO_HINT_METRICS_OFF);
  cairo_font_options_set_hint_style (options, CAIRO_HINT_STYLE_NONE);
  pango_cairo_context_set_font_options (context, options);
  pango_cairo_context_set_resolution (context, 72);
  cairo_font_options_destroy (options);
  return context;
}

static PangoLayout *
create_text_layout (PangoContext *context,
                    double        page_width)
{
  PangoLayout *layout = pango_layout_new (context);
  PangoFontDescription *desc = pango_font_description_from_string (TEXT_FONT);

  pango_layout_set_font_description (layout, desc);
  pango_font_description_free (desc);
  pango_layout_set_width (layout, (int)((page_width - 2 * TEXT_MARGIN_X) * PANGO_SCALE));
  pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
  return layout;
}

static gboolean
paginate_text (Job          *job,
               guint         file,
               PangoContext *context,
               const char   *text,
               GError      **error)
{
  double page_w = job->width * 72.0 / job->x_dpi;
  double page_h = job->height * 72.0 / job->y_dpi;
  int avail = (int)((page_h - 2 * TEXT_MARGIN_Y) * PANGO_SCALE);
  g_autoptr(PangoLayout) layout = create_text_layout (context, page_w);
  g_auto(GStrv) chunks = g_strsplit (text, "\f", -1);

  for (guint c = 0; chunks[c] != NULL; c++)
    {
      const char *chunk = chunks[c];
      PangoLayoutIter *iter;
      int page_top = 0;
      int page_start = 0;
      gsize len = strlen (chunk);

      /* A form feed at the very end makes no empty page */
      if (chunks[c + 1] == NULL && c > 0 && *g_strchomp (chunks[c]) == '\0')
        break;

      pango_layout_set_text (layout, chunk, len);
      iter = pango_layout_get_iter (layout);
      do
        {
          PangoLayoutLine *line = pango_layout_iter_get_line_readonly (iter);
          PangoRectangle logical;

          pango_layout_iter_get_line_extents (iter, NULL, &logical);
          if (logical.y + logical.height - page_top > avail && line->start_index > page_start)
            {
              PageSource source = { SOURCE_TEXT, file, 0, NULL };

              source.text = g_strndup (chunk + page_start, line->start_index - page_start);
              if (!add_page (job, &source, error))
                {
                  pango_layout_iter_free (iter);
                  return FALSE;
                }
              page_start = line->start_index;
              page_top = logical.y;
            }
        }
      while (pango_layout_iter_next_line (iter));
      pango_layout_iter_free (iter);

      {
        PageSource source = { SOURCE_TEXT, file, 0, NULL };

        source.text = g_strndup (chunk + page_start, len - page_start);
        if (!add_page (job, &source, error))
          return FALSE;
      }
    }
  return TRUE;
}

static gboolean
plan_text (Job         *job,
           guint        file,
           const char  *data,
           gsize        len,
           GError     **error)
{
  const char *name = g_ptr_array_index (job->names, file);
  g_autoptr(PangoContext) context = NULL;
  g_autoptr(GString) text = NULL;
  const char *end = NULL;
  gsize n_controls = 0;
  gboolean blank = TRUE;

  if (len > MAX_TEXT_BYTES)
    {
      g_set_error (error, FAX_ERROR, FAX_ERROR_INVALID_PARAMETER,
                   _("“%s” is too long to fax as text (%" G_GSIZE_FORMAT " KiB; at most %d KiB)"),
                   name, len / 1024, MAX_TEXT_BYTES / 1024);
      return FALSE;
    }
  if (memchr (data, '\0', len) != NULL)
    {
      g_set_error (error, FAX_ERROR, FAX_ERROR_INVALID_PARAMETER,
                   _("“%s” is not a document that can be faxed: it is binary data, not a PDF, TIFF, image or text file"),
                   name);
      return FALSE;
    }
  if (!g_utf8_validate (data, len, &end))
    {
      g_set_error (error, FAX_ERROR, FAX_ERROR_INVALID_PARAMETER,
                   _("“%s” is not UTF-8 text (invalid byte at offset %" G_GSIZE_FORMAT "); convert it to UTF-8 (for example with iconv) and try again"),
                   name, (gsize)(end - data));
      return FALSE;
    }

  /* Line ends to \n, tabs kept, other control characters dropped */
  text = g_string_sized_new (len);
  for (gsize i = 0; i < len; i++)
    {
      guchar ch = data[i];

      if (ch == '\r')
        {
          if (i + 1 < len && data[i + 1] == '\n')
            continue;
          ch = '\n';
        }
      if (ch < 0x20 && ch != '\n' && ch != '\t' && ch != '\f')
        {
          n_controls++;
          continue;
        }
      if (!g_ascii_isspace (ch))
        blank = FALSE;
      g_string_append_c (text, ch);
    }
  if (n_controls * 100 > len)
    {
      g_set_error (error, FAX_ERROR, FAX_ERROR_INVALID_PARAMETER,
                   _("“%s” is not a document that can be faxed: it is binary data, not a PDF, TIFF, image or text file"),
                   name);
      return FALSE;
    }
  if (blank)
    {
      g_set_error (error, FAX_ERROR, FAX_ERROR_INVALID_PARAMETER,
                   _("“%s” contains no text"), name);
      return FALSE;
    }

  context = create_text_context ();
  return paginate_text (job, file, context, text->str, error);
}

static gboolean
looks_like_text (const char *data,
                 gsize       len)
{
  const char *end = NULL;

  if (memchr (data, '\0', len) != NULL)
    return FALSE;
  /* The sample may end inside a character */
  if (!g_utf8_validate (data, len, &end) && (gsize)(end - data) + 4 < len)
    return FALSE;
  return TRUE;
}

static gboolean
plan_file (Job     *job,
           guint    file,
           GError **error)
{
  const char *path = g_ptr_array_index (job->paths, file);
  const char *name = g_ptr_array_index (job->names, file);
  g_autoptr(GMappedFile) mapped = NULL;
  g_autoptr(GError) local_error = NULL;
  GdkPixbufFormat *format;
  const char *data;
  gsize len, head;
  int width = 0, height = 0;

  if (path == NULL)
    {
      g_set_error (error, FAX_ERROR, FAX_ERROR_INVALID_PARAMETER,
                   _("“%s” is not a local file"), name);
      return FALSE;
    }
  mapped = g_mapped_file_new (path, FALSE, &local_error);
  if (mapped == NULL)
    {
      g_set_error (error, FAX_ERROR, FAX_ERROR_FAILED,
                   _("Could not read “%s”: %s"), name, local_error->message);
      return FALSE;
    }
  data = g_mapped_file_get_contents (mapped);
  len = g_mapped_file_get_length (mapped);
  if (len == 0)
    {
      g_set_error (error, FAX_ERROR, FAX_ERROR_INVALID_PARAMETER,
                   _("“%s” is an empty file"), name);
      return FALSE;
    }
  head = MIN (len, 1024);

  if (memmem (data, head, "%PDF-", 5) != NULL)
    return plan_pdf (job, file, error);
  if (len >= 4 && (memcmp (data, "II*\0", 4) == 0 || memcmp (data, "MM\0*", 4) == 0
                   || memcmp (data, "II+\0", 4) == 0 || memcmp (data, "MM\0+", 4) == 0))
    return plan_tiff (job, file, error);

  format = gdk_pixbuf_get_file_info (path, &width, &height);
  if (format != NULL && !gdk_pixbuf_format_is_disabled (format)
      && !looks_like_text (data, MIN (len, 4096)))
    return plan_image (job, file, width, height, error);
  if (format != NULL)
    {
      g_autofree char *format_name = gdk_pixbuf_format_get_name (format);

      if (g_str_equal (format_name, "svg"))
        return plan_image (job, file, width, height, error);
    }

  /* Images nothing can read: damaged, empty (0 x 0) or without a loader */
  {
    g_autofree char *type = g_content_type_guess (path, (const guchar *)data, head, NULL);
    g_autofree char *mime = type ? g_content_type_get_mime_type (type) : NULL;

    if (mime != NULL && g_str_has_prefix (mime, "image/"))
      {
        g_set_error (error, FAX_ERROR, FAX_ERROR_INVALID_PARAMETER,
                     _("“%s” is an image that cannot be read (%s): it is damaged, empty, or in a format this computer cannot open"),
                     name, mime);
        return FALSE;
      }
  }

  if (g_str_has_suffix (name, ".pdf") || g_str_has_suffix (name, ".PDF"))
    {
      g_set_error (error, FAX_ERROR, FAX_ERROR_INVALID_PARAMETER,
                   _("“%s” is named like a PDF but is not one (no PDF header); it may be damaged"),
                   name);
      return FALSE;
    }
  return plan_text (job, file, data, len, error);
}

static gboolean
plan_job (Job     *job,
          GError **error)
{
  if (job->cover != NULL)
    {
      PageSource source = { SOURCE_COVER, 0, 0, NULL };

      g_array_append_val (job->pages, source);
    }
  if (job->paths->len == 0)
    {
      g_set_error (error, FAX_ERROR, FAX_ERROR_INVALID_PARAMETER,
                   _("There is nothing to fax: add a PDF, image, TIFF or text file"));
      return FALSE;
    }
  for (guint i = 0; i < job->paths->len; i++)
    {
      if (g_cancellable_set_error_if_cancelled (job->cancellable, error))
        return FALSE;
      if (!plan_file (job, i, error))
        return FALSE;
    }
  return TRUE;
}

/* ---------------------------------------------------------------- */
/* Rendering one page                                               */

static void
worker_init (Worker *w,
             Job    *job)
{
  memset (w, 0, sizeof *w);
  w->job = job;
  /* One slot per input file, filled when first needed */
  w->pdfs = g_ptr_array_new ();
  w->tiffs = g_ptr_array_new ();
  g_ptr_array_set_size (w->pdfs, job->paths->len);
  g_ptr_array_set_size (w->tiffs, job->paths->len);
}

static void
worker_clear (Worker *w)
{
  for (guint i = 0; i < w->pdfs->len; i++)
    {
      g_clear_object ((GObject **)&w->pdfs->pdata[i]);
      g_clear_object ((GObject **)&w->tiffs->pdata[i]);
    }
  g_ptr_array_unref (w->pdfs);
  g_ptr_array_unref (w->tiffs);
  g_clear_object (&w->text_context);
  g_clear_pointer (&w->canvas, cairo_surface_destroy);
  g_clear_pointer (&w->gray, g_free);
  g_clear_pointer (&w->tile_photo, g_free);
  g_clear_pointer (&w->err_a, g_free);
  g_clear_pointer (&w->err_b, g_free);
}

/* Fits a source of @sw x @sh points onto the page (@pw x @ph points):
 * landscape turns to portrait, the content scales to the page width (and
 * never grows when @grow is FALSE), centred across, from the top */
static void
place_source (cairo_t *cr,
              double   sw,
              double   sh,
              double   pw,
              double   ph,
              gboolean grow)
{
  gboolean rotate = sw > sh * 1.05;
  double ew = rotate ? sh : sw;
  double eh = rotate ? sw : sh;
  double scale = MIN (pw / ew, ph / eh);

  if (!grow)
    scale = MIN (scale, 1.0);
  cairo_translate (cr, (pw - ew * scale) / 2, 0);
  cairo_scale (cr, scale, scale);
  if (rotate)
    {
      /* The top of a landscape page goes to the left */
      cairo_translate (cr, 0, sw);
      cairo_rotate (cr, -G_PI / 2);
    }
}

static void
paint_image (cairo_t         *cr,
             cairo_surface_t *image,
             double           sw,
             double           sh)
{
  cairo_pattern_t *pattern = cairo_pattern_create_for_surface (image);
  int iw = cairo_image_surface_get_width (image);
  int ih = cairo_image_surface_get_height (image);

  cairo_scale (cr, sw / iw, sh / ih);
  cairo_pattern_set_filter (pattern, CAIRO_FILTER_GOOD);
  cairo_pattern_set_extend (pattern, CAIRO_EXTEND_PAD);
  cairo_rectangle (cr, 0, 0, iw, ih);
  cairo_clip (cr);
  if (cairo_image_surface_get_format (image) == CAIRO_FORMAT_A1)
    {
      cairo_set_source_rgb (cr, 0, 0, 0);
      cairo_mask (cr, pattern);
    }
  else
    {
      cairo_set_source (cr, pattern);
      cairo_paint (cr);
    }
  cairo_pattern_destroy (pattern);
}

static cairo_surface_t *
pixbuf_to_surface (GdkPixbuf *pixbuf)
{
  int w = gdk_pixbuf_get_width (pixbuf);
  int h = gdk_pixbuf_get_height (pixbuf);
  int n = gdk_pixbuf_get_n_channels (pixbuf);
  int src_stride = gdk_pixbuf_get_rowstride (pixbuf);
  gboolean alpha = gdk_pixbuf_get_has_alpha (pixbuf);
  const guint8 *src = gdk_pixbuf_read_pixels (pixbuf);
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, w, h);
  guint8 *dst;
  int stride;

  if (cairo_surface_status (surface) != CAIRO_STATUS_SUCCESS)
    return surface;
  cairo_surface_flush (surface);
  dst = cairo_image_surface_get_data (surface);
  stride = cairo_image_surface_get_stride (surface);
  for (int y = 0; y < h; y++)
    {
      const guint8 *s = src + (gsize)y * src_stride;
      guint32 *d = (guint32 *)(dst + (gsize)y * stride);

      for (int x = 0; x < w; x++, s += n)
        {
          guint a = alpha ? s[3] : 255;
          /* Transparent parts are white paper */
          guint r = (s[0] * a + 255 * (255 - a)) / 255;
          guint g = (s[1] * a + 255 * (255 - a)) / 255;
          guint b = (s[2] * a + 255 * (255 - a)) / 255;

          d[x] = (r << 16) | (g << 8) | b;
        }
    }
  cairo_surface_mark_dirty (surface);
  return surface;
}

static gboolean
draw_image (Worker     *w,
            cairo_t    *cr,
            guint       file,
            double      pw,
            double      ph,
            GError    **error)
{
  Job *job = w->job;
  const char *path = g_ptr_array_index (job->paths, file);
  const char *name = g_ptr_array_index (job->names, file);
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GdkPixbuf) loaded = NULL;
  g_autoptr(GdkPixbuf) pixbuf = NULL;
  cairo_surface_t *surface;
  int width = 0, height = 0;
  int max_side = MAX (job->width, job->height);
  const char *dpi_option;
  double dpi = DEFAULT_IMAGE_DPI;
  double sw, sh;

  gdk_pixbuf_get_file_info (path, &width, &height);
  /* Decode at no more than the page needs (JPEG scales while decoding) */
  if (width > max_side || height > max_side)
    {
      double f = (double)max_side / MAX (width, height);

      loaded = gdk_pixbuf_new_from_file_at_scale (path, MAX (1, (int)(width * f)),
                                                  MAX (1, (int)(height * f)), FALSE,
                                                  &local_error);
    }
  else
    loaded = gdk_pixbuf_new_from_file (path, &local_error);
  if (loaded == NULL)
    {
      g_set_error (error, FAX_ERROR, FAX_ERROR_INVALID_PARAMETER,
                   _("“%s” is a damaged image (%s)"), name, local_error->message);
      return FALSE;
    }
  dpi_option = gdk_pixbuf_get_option (loaded, "x-dpi");
  if (dpi_option != NULL && g_ascii_strtod (dpi_option, NULL) >= 50)
    dpi = MIN (g_ascii_strtod (dpi_option, NULL), 2400);

  pixbuf = gdk_pixbuf_apply_embedded_orientation (loaded);
  if (gdk_pixbuf_get_width (pixbuf) != gdk_pixbuf_get_width (loaded))
    {
      int t = width;

      width = height;
      height = t;
    }

  /* The image's own size in points, shrunk to the page when larger */
  sw = width * 72.0 / dpi;
  sh = height * 72.0 / dpi;
  surface = pixbuf_to_surface (pixbuf);
  place_source (cr, sw, sh, pw, ph, FALSE);
  paint_image (cr, surface, sw, sh);
  cairo_surface_destroy (surface);
  return TRUE;
}

static gboolean
draw_tiff (Worker     *w,
           cairo_t    *cr,
           guint       file,
           guint       page,
           double      pw,
           double      ph,
           GError    **error)
{
  Job *job = w->job;
  const char *name = g_ptr_array_index (job->names, file);
  FaxPageRenderer *renderer = g_ptr_array_index (w->tiffs, file);
  g_auto(GStrv) problems = NULL;
  cairo_surface_t *native;
  double sw, sh;

  if (renderer == NULL)
    {
      g_autoptr(GFile) gfile = g_file_new_for_path (g_ptr_array_index (job->paths, file));

      renderer = fax_page_renderer_new (gfile);
      w->tiffs->pdata[file] = renderer;
      if (!fax_page_renderer_load (renderer, job->cancellable, error))
        return FALSE;
    }

  native = _fax_page_renderer_decode_page (renderer, page, job->cancellable, error);
  problems = fax_page_renderer_dup_problems (renderer);
  if (native != NULL && problems[0] != NULL)
    {
      g_set_error (error, FAX_ERROR, FAX_ERROR_INVALID_PARAMETER,
                   _("“%s” is a damaged TIFF file: %s"), name, problems[0]);
      cairo_surface_destroy (native);
      return FALSE;
    }
  if (native == NULL)
    return FALSE;

  fax_page_renderer_get_page_size_points (renderer, page, &sw, &sh);
  place_source (cr, sw, sh, pw, ph, FALSE);
  paint_image (cr, native, sw, sh);
  cairo_surface_destroy (native);
  return TRUE;
}

static gboolean
draw_pdf (Worker     *w,
          cairo_t    *cr,
          guint       file,
          guint       page,
          double      pw,
          double      ph,
          GError    **error)
{
  Job *job = w->job;
  PopplerDocument *doc = g_ptr_array_index (w->pdfs, file);
  g_autoptr(PopplerPage) ppage = NULL;
  double sw, sh;

  if (doc == NULL)
    {
      doc = open_pdf (job, file, error);
      if (doc == NULL)
        return FALSE;
      w->pdfs->pdata[file] = doc;
    }
  ppage = poppler_document_get_page (doc, page);
  if (ppage == NULL)
    {
      g_set_error (error, FAX_ERROR, FAX_ERROR_INVALID_PARAMETER,
                   _("Page %u of “%s” is damaged and cannot be read"),
                   page + 1, (const char *)g_ptr_array_index (job->names, file));
      return FALSE;
    }
  poppler_page_get_size (ppage, &sw, &sh);
  if (!(sw > 1 && sh > 1 && sw < 100000 && sh < 100000))
    {
      g_set_error (error, FAX_ERROR, FAX_ERROR_INVALID_PARAMETER,
                   _("Page %u of “%s” has an impossible size (%g × %g points)"),
                   page + 1, (const char *)g_ptr_array_index (job->names, file), sw, sh);
      return FALSE;
    }
  place_source (cr, sw, sh, pw, ph, TRUE);
  cairo_rectangle (cr, 0, 0, sw, sh);
  cairo_clip (cr);
  poppler_page_render_for_printing (ppage, cr);
  return TRUE;
}

static void
draw_text (Worker     *w,
           cairo_t    *cr,
           const char *text,
           double      pw)
{
  g_autoptr(PangoLayout) layout = NULL;

  if (w->text_context == NULL)
    w->text_context = create_text_context ();
  /* No pango_cairo_update_context (): the layout stays in points and the
   * glyphs are drawn through the (possibly anisotropic) scale of @cr */
  layout = create_text_layout (w->text_context, pw);
  pango_layout_set_text (layout, text, -1);
  cairo_set_source_rgb (cr, 0, 0, 0);
  cairo_move_to (cr, TEXT_MARGIN_X, TEXT_MARGIN_Y);
  pango_cairo_show_layout (cr, layout);
}

/* Grey levels of one row of the canvas into @g, counting per tile the
 * pixels that are neither black nor white.  Returns whether the row has
 * any ink at all.  Pages are mostly paper: white pixels go eight (or 16)
 * at a time.  What is read is wiped back to white while it is in the
 * cache, so the next page starts on a white canvas without a 16 MB paint;
 * paper is not written at all. */
static gboolean
gray_row (guint32       *src,
          guint8        *g,
          guint          width,
          guint         *mid)
{
  gboolean ink = FALSE;
  guint x = 0;

#ifdef __SSE2__
  /* One tile (16 pixels) at a time, the same integer arithmetic as below */
  const __m128i rgb = _mm_set1_epi32 (0xffffff);
  const __m128i byte = _mm_set1_epi32 (0xff);
  const __m128i mid_low = _mm_set1_epi8 ((char)MID_LOW);
  const __m128i mid_span = _mm_set1_epi8 ((char)(MID_HIGH - MID_LOW - 1));

  G_STATIC_ASSERT (TILE == 16);
  for (; x + TILE <= width; x += TILE)
    {
      __m128i p[4], v[4], levels, t;
      int white = 0xffff;

      for (guint i = 0; i < 4; i++)
        {
          p[i] = _mm_and_si128 (_mm_loadu_si128 ((const __m128i *)(src + x + 4 * i)), rgb);
          white &= _mm_movemask_epi8 (_mm_cmpeq_epi32 (p[i], rgb));
        }
      if (white == 0xffff)
        {
          _mm_storeu_si128 ((__m128i *)(g + x), _mm_set1_epi8 ((char)255));
          continue;
        }
      for (guint i = 0; i < 4; i++)
        _mm_storeu_si128 ((__m128i *)(src + x + 4 * i), rgb);
      for (guint i = 0; i < 4; i++)
        {
          /* Each product fits the low 16 bits of its 32-bit lane, and so
           * does the sum (at most 255 * 256) */
          __m128i b = _mm_and_si128 (p[i], byte);
          __m128i gr = _mm_and_si128 (_mm_srli_epi32 (p[i], 8), byte);
          __m128i r = _mm_srli_epi32 (p[i], 16);
          __m128i sum = _mm_add_epi16 (_mm_add_epi16 (_mm_mullo_epi16 (r, _mm_set1_epi32 (77)),
                                                      _mm_mullo_epi16 (gr, _mm_set1_epi32 (150))),
                                       _mm_mullo_epi16 (b, _mm_set1_epi32 (29)));

          v[i] = _mm_srli_epi32 (sum, 8);
        }
      levels = _mm_packus_epi16 (_mm_packs_epi32 (v[0], v[1]), _mm_packs_epi32 (v[2], v[3]));
      _mm_storeu_si128 ((__m128i *)(g + x), levels);
      /* Mid-grey: MID_LOW <= v < MID_HIGH, as an unsigned range check */
      t = _mm_sub_epi8 (levels, mid_low);
      t = _mm_and_si128 (_mm_cmpeq_epi8 (_mm_min_epu8 (t, mid_span), t), _mm_set1_epi8 (1));
      /* The count of ones, summed per 8-byte half */
      t = _mm_sad_epu8 (t, _mm_setzero_si128 ());
      mid[x / TILE] += _mm_cvtsi128_si32 (t) + _mm_extract_epi16 (t, 4);
      ink = TRUE;
    }
#endif

  while (x < width)
    {
      guint end = MIN (x + 8, width);

      if (end == x + 8)
        {
          guint32 all = src[x] & src[x + 1] & src[x + 2] & src[x + 3]
                      & src[x + 4] & src[x + 5] & src[x + 6] & src[x + 7];

          if ((all & 0xffffff) == 0xffffff)
            {
              memset (g + x, 255, 8);
              x = end;
              continue;
            }
        }
      for (; x < end; x++)
        {
          guint32 p = src[x] & 0xffffff;
          guint v;

          if (p == 0xffffff)
            {
              g[x] = 255;
              continue;
            }
          v = (((p >> 16) & 0xff) * 77 + ((p >> 8) & 0xff) * 150 + (p & 0xff) * 29) >> 8;
          g[x] = v;
          src[x] = 0xffffff;
          mid[x / TILE] += (v - MID_LOW) < (guint)(MID_HIGH - MID_LOW);
          ink = TRUE;
        }
    }
  return ink;
}

/* Eight grey levels to one byte of ink bits, the first pixel in the
 * high bit, all eight compared at once in a 64-bit word.  A level v is
 * paper when v >= TEXT_THRESHOLD (160): its high bit is set and its low
 * seven bits are at least 32, i.e. adding 96 to them carries into bit 7
 * (never beyond it).  The multiplication gathers the eight bit-7 flags
 * into the top byte, each at a distinct position. */
G_STATIC_ASSERT (TEXT_THRESHOLD == 160);
static inline guint8
threshold8 (const guint8 *g)
{
  guint64 v, paper;

  memcpy (&v, g, sizeof v);
  v = GUINT64_FROM_LE (v);
  paper = v & ((v & G_GUINT64_CONSTANT (0x7f7f7f7f7f7f7f7f)) + G_GUINT64_CONSTANT (0x6060606060606060));
  paper &= G_GUINT64_CONSTANT (0x8080808080808080);
  return (guint8)((((~paper & G_GUINT64_CONSTANT (0x8080808080808080)) >> 7)
                   * G_GUINT64_CONSTANT (0x8040201008040201)) >> 56);
}

/* Black and white, MSB first, 1 = black (PhotometricInterpretation
 * WhiteIsZero), one page.  The page is looked at in tiles of TILE x TILE
 * pixels: tiles with many pixels between black and white are pictures
 * (or grey areas) and get error diffusion; the others are text and line
 * art and get a clean threshold, so that no grey speckle appears.
 *
 * The work goes one band of TILE rows at a time, so the grey levels of a
 * band are still in the cache when they are classified and thresholded. */
static guint8 *
binarize (Worker *w)
{
  Job *job = w->job;
  guint width = job->width, height = job->height;
  gsize row_bytes = (width + 7) / 8;
  guint tiles_x = (width + TILE - 1) / TILE;
  guint tiles_y = (height + TILE - 1) / TILE;
  guint8 *data;
  int stride;
  guint8 *bits;
  int *cur, *next;
  g_autofree guint *mid = g_new0 (guint, tiles_x);
  gboolean row_ink[TILE];

  cairo_surface_flush (w->canvas);
  data = cairo_image_surface_get_data (w->canvas);
  stride = cairo_image_surface_get_stride (w->canvas);

  if (w->gray == NULL)
    {
      w->gray = g_malloc ((gsize)width * TILE);
      w->tile_photo = g_malloc (tiles_x);
      w->err_a = g_malloc0_n (width + 2, sizeof (int));
      w->err_b = g_malloc0_n (width + 2, sizeof (int));
    }

  bits = g_malloc0 (row_bytes * height);
  cur = w->err_a + 1;
  next = w->err_b + 1;
  memset (w->err_a, 0, (width + 2) * sizeof (int));
  memset (w->err_b, 0, (width + 2) * sizeof (int));

  for (guint ty = 0; ty < tiles_y; ty++)
    {
      guint y0 = ty * TILE;
      guint y_end = MIN (y0 + TILE, height);
      guint rows = y_end - y0;
      gboolean band_photo = FALSE;

      /* Grey levels, and which tiles of the band are pictures */
      memset (mid, 0, tiles_x * sizeof (guint));
      for (guint y = y0; y < y_end; y++)
        {
          row_ink[y - y0] = gray_row ((guint32 *)(data + (gsize)y * stride),
                                      w->gray + (gsize)(y - y0) * width, width, mid);
        }
      for (guint tx = 0; tx < tiles_x; tx++)
        {
          guint total = rows * (MIN ((tx + 1) * TILE, width) - tx * TILE);
          gboolean photo;

          if (job->render_mode == FAX_RENDER_TEXT)
            photo = FALSE;
          else if (job->render_mode == FAX_RENDER_PHOTO)
            photo = TRUE;
          else
            photo = mid[tx] * 100 > total * PHOTO_TILE_PERCENT;
          w->tile_photo[tx] = photo;
          band_photo |= photo;
        }

      if (!band_photo)
        {
          /* Text and line art only: a clean threshold, eight at a time;
           * rows of bare paper stay zero.  (No error to clear: @next is
           * zeroed after every dithered row.) */
          for (guint y = y0; y < y_end; y++)
            {
              const guint8 *g = w->gray + (gsize)(y - y0) * width;
              guint8 *out = bits + (gsize)y * row_bytes;
              guint x = 0;

              if (!row_ink[y - y0])
                continue;
              for (; x + 8 <= width; x += 8)
                out[x >> 3] = threshold8 (g + x);
              for (; x < width; x++)
                out[x >> 3] |= (g[x] < TEXT_THRESHOLD) << (7 - (x & 7));
            }
          continue;
        }

      for (guint y = y0; y < y_end; y++)
        {
          const guint8 *g = w->gray + (gsize)(y - y0) * width;
          guint8 *out = bits + (gsize)y * row_bytes;
          gboolean reverse = y & 1;   /* serpentine scan */
          int dir = reverse ? -1 : 1;
          int *swap;

          for (guint i = 0; i < width; i++)
            {
              int x = reverse ? (int)(width - 1 - i) : (int)i;
              gboolean black;

              if (!w->tile_photo[x / TILE])
                {
                  /* Text and line art: a clean threshold, no error carried */
                  black = g[x] < TEXT_THRESHOLD;
                }
              else
                {
                  /* Floyd-Steinberg error diffusion */
                  int v = g[x] + cur[x] / 16;
                  int e;

                  black = v < 128;
                  e = v - (black ? 0 : 255);
                  cur[x + dir] += e * 7;
                  next[x - dir] += e * 3;
                  next[x] += e * 5;
                  next[x + dir] += e * 1;
                }
              if (black)
                out[x >> 3] |= 0x80 >> (x & 7);
            }

          swap = cur;
          cur = next;
          next = swap;
          memset (next - 1, 0, (width + 2) * sizeof (int));
        }
    }

  cairo_surface_mark_dirty (w->canvas);
  w->canvas_white = TRUE;
  return bits;
}

static guint8 *
render_page (Worker  *w,
             guint    index,
             GError **error)
{
  Job *job = w->job;
  const PageSource *source = &g_array_index (job->pages, PageSource, index);
  double pw = job->width * 72.0 / job->x_dpi;
  double ph = job->height * 72.0 / job->y_dpi;
  gboolean ok = TRUE;
  cairo_status_t status;
  cairo_t *cr;

  if (w->canvas == NULL)
    {
      w->canvas = cairo_image_surface_create (CAIRO_FORMAT_RGB24, job->width, job->height);
      if (cairo_surface_status (w->canvas) != CAIRO_STATUS_SUCCESS)
        {
          g_set_error (error, FAX_ERROR, FAX_ERROR_NOT_ENOUGH_MEMORY,
                       _("Not enough memory to render a fax page"));
          return NULL;
        }
    }

  cr = cairo_create (w->canvas);
  if (!w->canvas_white)
    {
      cairo_set_source_rgb (cr, 1, 1, 1);
      cairo_paint (cr);
    }
  w->canvas_white = FALSE;
  cairo_scale (cr, job->x_dpi / 72.0, job->y_dpi / 72.0);

  switch (source->kind)
    {
    case SOURCE_COVER:
      _fax_cover_page_draw (job->cover, cr, pw, ph, job->pages->len);
      break;
    case SOURCE_TEXT:
      draw_text (w, cr, source->text, pw);
      break;
    case SOURCE_PDF:
      ok = draw_pdf (w, cr, source->file, source->sub_page, pw, ph, error);
      break;
    case SOURCE_IMAGE:
      ok = draw_image (w, cr, source->file, pw, ph, error);
      break;
    case SOURCE_TIFF:
      ok = draw_tiff (w, cr, source->file, source->sub_page, pw, ph, error);
      break;
    default:
      g_assert_not_reached ();
    }

  status = cairo_status (cr);
  cairo_destroy (cr);
  if (!ok)
    return NULL;
  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, FAX_ERROR, FAX_ERROR_FAILED,
                   _("Could not draw page %u: %s"), index + 1, cairo_status_to_string (status));
      return NULL;
    }
  return binarize (w);
}

/* ---------------------------------------------------------------- */
/* Writing                                                          */

static void
set_page_tags (Job  *job,
               TIFF *tif)
{
  TIFFSetField (tif, TIFFTAG_SUBFILETYPE, FILETYPE_PAGE);
  TIFFSetField (tif, TIFFTAG_IMAGEWIDTH, job->width);
  TIFFSetField (tif, TIFFTAG_IMAGELENGTH, job->height);
  TIFFSetField (tif, TIFFTAG_BITSPERSAMPLE, 1);
  TIFFSetField (tif, TIFFTAG_SAMPLESPERPIXEL, 1);
  TIFFSetField (tif, TIFFTAG_PLANARCONFIG, PLANARCONFIG_CONTIG);
  TIFFSetField (tif, TIFFTAG_PHOTOMETRIC, PHOTOMETRIC_MINISWHITE);
  TIFFSetField (tif, TIFFTAG_FILLORDER, FILLORDER_LSB2MSB);
  TIFFSetField (tif, TIFFTAG_ORIENTATION, ORIENTATION_TOPLEFT);
  switch (job->compression)
    {
    case FAX_COMPRESSION_G3_1D:
      TIFFSetField (tif, TIFFTAG_COMPRESSION, COMPRESSION_CCITTFAX3);
      TIFFSetField (tif, TIFFTAG_GROUP3OPTIONS, GROUP3OPT_FILLBITS);
      break;
    case FAX_COMPRESSION_G3_2D:
      TIFFSetField (tif, TIFFTAG_COMPRESSION, COMPRESSION_CCITTFAX3);
      TIFFSetField (tif, TIFFTAG_GROUP3OPTIONS, GROUP3OPT_2DENCODING | GROUP3OPT_FILLBITS);
      break;
    case FAX_COMPRESSION_G4:
    default:
      TIFFSetField (tif, TIFFTAG_COMPRESSION, COMPRESSION_CCITTFAX4);
      TIFFSetField (tif, TIFFTAG_GROUP4OPTIONS, 0);
      break;
    }
  TIFFSetField (tif, TIFFTAG_XRESOLUTION, (float)job->x_dpi);
  TIFFSetField (tif, TIFFTAG_YRESOLUTION, (float)job->y_dpi);
  TIFFSetField (tif, TIFFTAG_RESOLUTIONUNIT, RESUNIT_INCH);
  /* One strip a page, as the workers encode it */
  TIFFSetField (tif, TIFFTAG_ROWSPERSTRIP, job->height);
}

/* Compresses a rendered page in the worker's thread, so that the writer
 * only copies each page's strip into the file */
static GBytes *
encode_page (Worker       *w,
             const guint8 *bits)
{
  Job *job = w->job;
  /* T.4 recommends one 1D row in 2 at standard resolution, in 4 above it */
  guint k_factor = job->y_dpi > 150 ? 4 : 2;

  return _fax_t4_encode (bits, job->width, job->height, (job->width + 7) / 8,
                         job->compression, k_factor, TRUE);
}

static GBytes *
render_and_encode (Worker  *w,
                   guint    index,
                   GError **error)
{
  g_autofree guint8 *bits = render_page (w, index, error);

  if (bits == NULL)
    return NULL;
  return encode_page (w, bits);
}

static gboolean
write_page (Job         *job,
            TIFF        *tif,
            FaxTiffLog  *log,
            guint        index,
            GBytes      *strip,
            GError     **error)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *date = g_date_time_format (now, "%Y:%m:%d %H:%M:%S");
  gsize size;
  gconstpointer data = g_bytes_get_data (strip, &size);

  set_page_tags (job, tif);
  TIFFSetField (tif, TIFFTAG_PAGENUMBER, index, job->pages->len);
  TIFFSetField (tif, TIFFTAG_CLEANFAXDATA, CLEANFAXDATA_CLEAN);
  TIFFSetField (tif, TIFFTAG_SOFTWARE, "Fax Manager " PACKAGE_VERSION);
  TIFFSetField (tif, TIFFTAG_DATETIME, date);

  if (TIFFWriteRawStrip (tif, 0, (void *)data, size) < 0 || !TIFFWriteDirectory (tif))
    {
      g_set_error (error, FAX_ERROR, FAX_ERROR_FAILED,
                   _("Could not write page %u of the fax (%s)"), index + 1,
                   _fax_tiff_log_last (log));
      return FALSE;
    }
  return TRUE;
}

static gpointer
worker_thread (gpointer data)
{
  Job *job = data;
  /* Rendered pages may run this far ahead of the writer */
  guint window = job->n_workers * 2;
  Worker w;

  worker_init (&w, job);
  for (;;)
    {
      g_autoptr(GError) error = NULL;
      GBytes *strip;
      guint index;

      g_mutex_lock (&job->mutex);
      while (job->error == NULL && job->next_page < job->pages->len
             && job->next_page >= job->written + window)
        g_cond_wait (&job->cond, &job->mutex);
      if (job->error != NULL || job->next_page >= job->pages->len)
        {
          g_mutex_unlock (&job->mutex);
          break;
        }
      index = job->next_page++;
      g_mutex_unlock (&job->mutex);

      if (!g_cancellable_set_error_if_cancelled (job->cancellable, &error))
        strip = render_and_encode (&w, index, &error);
      else
        strip = NULL;

      g_mutex_lock (&job->mutex);
      if (strip != NULL)
        job->results[index] = strip;
      else if (job->error == NULL)
        job->error = g_steal_pointer (&error);
      g_cond_broadcast (&job->cond);
      g_mutex_unlock (&job->mutex);
    }
  worker_clear (&w);
  return NULL;
}

static char *
make_temp_path (const char *path,
                int        *fd)
{
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *base = g_path_get_basename (path);
  g_autofree char *tmpl = g_strdup_printf (".%s.XXXXXX", base);
  char *tmp = g_build_filename (dir, tmpl, NULL);

  *fd = g_mkstemp_full (tmp, O_RDWR | O_CLOEXEC, 0600);
  if (*fd < 0)
    g_clear_pointer (&tmp, g_free);
  return tmp;
}

guint
fax_document_convert (FaxDocument              *self,
                      GFile                    *output,
                      FaxDocumentProgressFunc   progress,
                      gpointer                  progress_data,
                      GCancellable             *cancellable,
                      GError                  **error)
{
  g_autoptr(Job) job = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *out_path = NULL;
  g_autofree char *out_name = NULL;
  g_autofree char *tmp_path = NULL;
  g_autoptr(GPtrArray) threads = NULL;
  FaxTiffLog log;
  TIFF *tif = NULL;
  int fd = -1;
  guint n_pages;

  g_return_val_if_fail (FAX_IS_DOCUMENT (self), 0);
  g_return_val_if_fail (G_IS_FILE (output), 0);

  job = job_new (self, cancellable);
  out_path = g_file_get_path (output);
  out_name = g_file_get_parse_name (output);
  if (out_path == NULL)
    {
      g_set_error (error, FAX_ERROR, FAX_ERROR_INVALID_PARAMETER,
                   _("“%s” is not a local file"), out_name);
      return 0;
    }

  if (!plan_job (job, error))
    return 0;
  n_pages = job->pages->len;

  tmp_path = make_temp_path (out_path, &fd);
  if (tmp_path == NULL)
    {
      int saved_errno = errno;

      g_set_error (error, FAX_ERROR, FAX_ERROR_FAILED,
                   _("Could not write “%s”: %s"), out_name, g_strerror (saved_errno));
      return 0;
    }

  _fax_tiff_log_init (&log);
  close (fd);
  tif = _fax_tiff_open (tmp_path, "w", out_name, &log, &local_error);
  if (tif == NULL)
    goto out;

  job->results = g_new0 (GBytes *, n_pages);

  if (job->n_workers <= 1 || n_pages == 1)
    {
      Worker w;

      worker_init (&w, job);
      for (guint i = 0; i < n_pages && local_error == NULL; i++)
        {
          g_autoptr(GBytes) strip = NULL;

          if (g_cancellable_set_error_if_cancelled (cancellable, &local_error))
            break;
          strip = render_and_encode (&w, i, &local_error);
          if (strip != NULL && write_page (job, tif, &log, i, strip, &local_error) && progress)
            progress (i + 1, n_pages, progress_data);
        }
      worker_clear (&w);
    }
  else
    {
      guint n_threads = MIN (job->n_workers, n_pages);

      threads = g_ptr_array_new ();
      for (guint i = 0; i < n_threads; i++)
        g_ptr_array_add (threads, g_thread_new ("fax-render", worker_thread, job));

      for (guint i = 0; i < n_pages; i++)
        {
          g_autoptr(GBytes) strip = NULL;

          g_mutex_lock (&job->mutex);
          while (job->results[i] == NULL && job->error == NULL)
            g_cond_wait (&job->cond, &job->mutex);
          strip = g_steal_pointer (&job->results[i]);
          if (strip == NULL)
            local_error = g_error_copy (job->error);
          g_mutex_unlock (&job->mutex);
          if (strip == NULL)
            break;

          if (!write_page (job, tif, &log, i, strip, &local_error))
            break;
          g_mutex_lock (&job->mutex);
          job->written = i + 1;
          g_cond_broadcast (&job->cond);
          g_mutex_unlock (&job->mutex);
          if (progress)
            progress (i + 1, n_pages, progress_data);
        }

      /* Stop the workers on failure, then wait for them */
      g_mutex_lock (&job->mutex);
      if (local_error != NULL && job->error == NULL)
        job->error = g_error_copy (local_error);
      g_cond_broadcast (&job->cond);
      g_mutex_unlock (&job->mutex);
      for (guint i = 0; i < threads->len; i++)
        g_thread_join (g_ptr_array_index (threads, i));
    }

  if (local_error == NULL)
    {
      if (!TIFFFlush (tif) || fsync (TIFFFileno (tif)) != 0)
        g_set_error (&local_error, FAX_ERROR, FAX_ERROR_FAILED,
                     _("Could not write “%s”: %s"), out_name,
                     log.n_errors ? _fax_tiff_log_last (&log) : g_strerror (errno));
    }

out:
  if (tif != NULL)
    TIFFClose (tif);
  _fax_tiff_log_clear (&log);

  if (local_error == NULL && g_rename (tmp_path, out_path) != 0)
    {
      int saved_errno = errno;

      g_set_error (&local_error, FAX_ERROR, FAX_ERROR_FAILED,
                   _("Could not write “%s”: %s"), out_name, g_strerror (saved_errno));
    }
  if (local_error != NULL)
    {
      /* No partial output */
      g_unlink (tmp_path);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return 0;
    }
  return n_pages;
}

/* ---------------------------------------------------------------- */
/* Asynchronous conversion                                          */

typedef struct
{
  GFile        *output;
  GMainContext *context;
  FaxDocument  *self;
} ConvertData;

static void
convert_data_free (ConvertData *data)
{
  g_clear_object (&data->output);
  g_clear_pointer (&data->context, g_main_context_unref);
  g_free (data);
}

typedef struct
{
  FaxDocument *self;
  double       progress;
} ProgressUpdate;

static gboolean
apply_progress (gpointer user_data)
{
  ProgressUpdate *update = user_data;

  if (update->self->progress != update->progress)
    {
      update->self->progress = update->progress;
      g_object_notify_by_pspec (G_OBJECT (update->self), properties[PROP_PROGRESS]);
    }
  return G_SOURCE_REMOVE;
}

static void
progress_update_free (gpointer user_data)
{
  ProgressUpdate *update = user_data;

  g_object_unref (update->self);
  g_free (update);
}

static void
post_progress (guint    done,
               guint    n_pages,
               gpointer user_data)
{
  ConvertData *data = user_data;
  ProgressUpdate *update = g_new0 (ProgressUpdate, 1);

  update->self = g_object_ref (data->self);
  update->progress = n_pages ? (double)done / n_pages : 1.0;
  g_main_context_invoke_full (data->context, G_PRIORITY_DEFAULT, apply_progress,
                              update, progress_update_free);
}

static void
convert_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  ConvertData *data = task_data;
  GError *error = NULL;
  guint n;

  n = fax_document_convert (source_object, data->output, post_progress, data,
                            cancellable, &error);
  if (n > 0)
    g_task_return_int (task, n);
  else
    g_task_return_error (task, error);
}

void
fax_document_convert_async (FaxDocument         *self,
                            GFile               *output,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  ConvertData *data;

  g_return_if_fail (FAX_IS_DOCUMENT (self));
  g_return_if_fail (G_IS_FILE (output));

  data = g_new0 (ConvertData, 1);
  data->output = g_object_ref (output);
  data->context = g_main_context_ref_thread_default ();
  data->self = self;

  if (self->progress != 0)
    {
      self->progress = 0;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROGRESS]);
    }

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, fax_document_convert_async);
  g_task_set_task_data (task, data, (GDestroyNotify)convert_data_free);
  g_task_run_in_thread (task, convert_thread);
}

guint
fax_document_convert_finish (FaxDocument   *self,
                             GAsyncResult  *result,
                             GError       **error)
{
  gssize n;

  g_return_val_if_fail (g_task_is_valid (result, self), 0);

  n = g_task_propagate_int (G_TASK (result), error);
  return n > 0 ? (guint)n : 0;
}
