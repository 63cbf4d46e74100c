/* fax-page-renderer.c: reading and showing fax TIFF files
 *
 * The file is read through our own libtiff client procedures over a
 * mapped copy: a read past the end of a truncated file yields zeros (and
 * is noted), so libtiff decodes the part of a page that did arrive instead
 * of refusing the whole strip.  Every call opens its own TIFF handle with
 * its own message log, which makes rendering thread-safe.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <math.h>
#include <string.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <cairo-pdf.h>

#include "fax-error.h"
#include "fax-page-renderer-private.h"
#include "fax-tiff-private.h"

/* Bounds that keep a hostile or broken file from exhausting memory */
#define MAX_PAGES        5000
#define MAX_DIMENSION    30000
#define MAX_PIXELS       (80 * 1000 * 1000)
/* How far past the end a truncated file may be read as zeros */
#define TRUNCATION_SLACK (64 * 1024 * 1024)

typedef struct
{
  toff_t   offset;
  guint32  width;
  guint32  height;
  double   x_dpi;
  double   y_dpi;
  guint16  compression;
  guint16  photometric;
  guint16  bits;
  guint16  samples;
  gboolean tiled;
  gboolean usable;
} PageInfo;

struct _FaxPageRenderer
{
  GObject     parent_instance;

  GFile      *file;
  char       *display_name;
  GMappedFile *mapped;
  GArray     *pages;          /* PageInfo */
  GHashTable *metadata;
  gboolean    loaded;

  GMutex      mutex;          /* protects problems and the cache */
  GPtrArray  *problems;       /* char* */
  guint       cached_page;
  cairo_surface_t *cached;    /* decoded page at its native pixels */
};

G_DEFINE_FINAL_TYPE (FaxPageRenderer, fax_page_renderer, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_FILE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Client I/O over the mapped file */
typedef struct
{
  const guint8 *data;
  gsize         length;
  toff_t        pos;
  gboolean      read_past_end;
} Reader;

static tmsize_t
reader_read (thandle_t handle,
             void     *buf,
             tmsize_t  size)
{
  Reader *r = (Reader *)handle;
  tmsize_t avail = 0;

  if (size <= 0)
    return 0;
  if (r->pos >= r->length + TRUNCATION_SLACK)
    return 0;
  if (r->pos < r->length)
    avail = MIN ((toff_t)size, r->length - r->pos);
  if (avail > 0)
    memcpy (buf, r->data + r->pos, avail);
  if (avail < size)
    {
      tmsize_t pad = MIN ((toff_t)(size - avail), r->length + TRUNCATION_SLACK - (r->pos + avail));

      memset ((guint8 *)buf + avail, 0, pad);
      r->read_past_end = TRUE;
      avail += pad;
    }
  r->pos += avail;
  return avail;
}

static tmsize_t
reader_write (thandle_t handle,
              void     *buf,
              tmsize_t  size)
{
  return -1;
}

static toff_t
reader_seek (thandle_t handle,
             toff_t    offset,
             int       whence)
{
  Reader *r = (Reader *)handle;
  toff_t base = 0;

  if (whence == SEEK_CUR)
    base = r->pos;
  else if (whence == SEEK_END)
    base = r->length;
  if (base + offset > r->length + TRUNCATION_SLACK)
    return (toff_t)-1;
  r->pos = base + offset;
  return r->pos;
}

static int
reader_close (thandle_t handle)
{
  return 0;
}

static toff_t
reader_size (thandle_t handle)
{
  Reader *r = (Reader *)handle;

  /* Pretend the file is as long as its strips claim, within bounds:
   * the missing part reads as zeros */
  return r->length + TRUNCATION_SLACK;
}

static int
reader_map (thandle_t handle,
            void    **base,
            toff_t   *size)
{
  return 0;
}

static void
reader_unmap (thandle_t handle,
              void     *base,
              toff_t    size)
{
}

static TIFF *
open_reader (FaxPageRenderer *self,
             Reader          *reader,
             FaxTiffLog      *log,
             GError         **error)
{
  TIFF *tif;

  reader->data = (const guint8 *)g_mapped_file_get_contents (self->mapped);
  reader->length = g_mapped_file_get_length (self->mapped);
  reader->pos = 0;
  reader->read_past_end = FALSE;

  tif = _fax_tiff_client_open (self->display_name, reader,
                               reader_read, reader_write, reader_seek,
                               reader_close, reader_size,
                               reader_map, reader_unmap, log, error);
  return tif;
}

static void
add_problem (FaxPageRenderer *self,
             char            *problem)
{
  g_mutex_lock (&self->mutex);
  for (guint i = 0; i < self->problems->len; i++)
    if (g_str_equal (g_ptr_array_index (self->problems, i), problem))
      {
        g_free (problem);
        g_mutex_unlock (&self->mutex);
        return;
      }
  g_ptr_array_add (self->problems, problem);
  g_mutex_unlock (&self->mutex);
}

static void
fax_page_renderer_finalize (GObject *object)
{
  FaxPageRenderer *self = (FaxPageRenderer *)object;

  g_clear_object (&self->file);
  g_clear_pointer (&self->display_name, g_free);
  g_clear_pointer (&self->mapped, g_mapped_file_unref);
  g_clear_pointer (&self->pages, g_array_unref);
  g_clear_pointer (&self->metadata, g_hash_table_unref);
  g_clear_pointer (&self->problems, g_ptr_array_unref);
  g_clear_pointer (&self->cached, cairo_surface_destroy);
  g_mutex_clear (&self->mutex);

  G_OBJECT_CLASS (fax_page_renderer_parent_class)->finalize (object);
}

static void
fax_page_renderer_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  FaxPageRenderer *self = FAX_PAGE_RENDERER (object);

  switch (prop_id)
    {
    case PROP_FILE:
      g_value_set_object (value, self->file);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fax_page_renderer_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  FaxPageRenderer *self = FAX_PAGE_RENDERER (object);

  switch (prop_id)
    {
    case PROP_FILE:
      g_set_object (&self->file, g_value_get_object (value));
      g_clear_pointer (&self->display_name, g_free);
      if (self->file != NULL)
        self->display_name = g_file_get_parse_name (self->file);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fax_page_renderer_class_init (FaxPageRendererClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = fax_page_renderer_finalize;
  object_class->get_property = fax_page_renderer_get_property;
  object_class->set_property = fax_page_renderer_set_property;

  properties[PROP_FILE] =
    g_param_spec_object ("file", NULL, NULL,
                         G_TYPE_FILE,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY |
                          G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
fax_page_renderer_init (FaxPageRenderer *self)
{
  g_mutex_init (&self->mutex);
  self->pages = g_array_new (FALSE, TRUE, sizeof (PageInfo));
  self->metadata = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);
  self->problems = g_ptr_array_new_with_free_func (g_free);
  self->cached_page = G_MAXUINT;
}

FaxPageRenderer *
fax_page_renderer_new (GFile *file)
{
  g_return_val_if_fail (G_IS_FILE (file), NULL);

  return g_object_new (FAX_TYPE_PAGE_RENDERER, "file", file, NULL);
}

GFile *
fax_page_renderer_get_file (FaxPageRenderer *self)
{
  g_return_val_if_fail (FAX_IS_PAGE_RENDERER (self), NULL);

  return self->file;
}

static const char *
compression_name (guint16 compression,
                  guint32 t4options)
{
  switch (compression)
    {
    case COMPRESSION_NONE: return "none";
    case COMPRESSION_CCITTRLE: return "MH (RLE)";
    case COMPRESSION_CCITTFAX3: return (t4options & GROUP3OPT_2DENCODING) ? "G3 2D" : "G3 1D";
    case COMPRESSION_CCITTFAX4: return "G4";
    case COMPRESSION_LZW: return "LZW";
    case COMPRESSION_OJPEG:
    case COMPRESSION_JPEG: return "JPEG";
    case COMPRESSION_PACKBITS: return "PackBits";
    case COMPRESSION_ADOBE_DEFLATE:
    case COMPRESSION_DEFLATE: return "Deflate";
    case COMPRESSION_JBIG: return "JBIG";
    default: return "other";
    }
}

static const struct { ttag_t tag; const char *name; } metadata_tags[] = {
  { TIFFTAG_SOFTWARE, "Software" },
  { TIFFTAG_IMAGEDESCRIPTION, "ImageDescription" },
  { TIFFTAG_DATETIME, "DateTime" },
  { TIFFTAG_HOSTCOMPUTER, "HostComputer" },
  { TIFFTAG_MAKE, "Make" },
  { TIFFTAG_MODEL, "Model" },
  { TIFFTAG_DOCUMENTNAME, "DocumentName" },
  { TIFFTAG_ARTIST, "Artist" },
  { TIFFTAG_PAGENAME, "PageName" },
};

static void
read_page_info (FaxPageRenderer *self,
                TIFF            *tif,
                guint            index,
                FaxTiffLog      *log)
{
  PageInfo info = { 0 };
  float xres = 0, yres = 0;
  guint16 unit = RESUNIT_INCH;
  guint32 t4options = 0;

  info.offset = TIFFCurrentDirOffset (tif);
  TIFFGetField (tif, TIFFTAG_IMAGEWIDTH, &info.width);
  TIFFGetField (tif, TIFFTAG_IMAGELENGTH, &info.height);
  TIFFGetFieldDefaulted (tif, TIFFTAG_COMPRESSION, &info.compression);
  TIFFGetFieldDefaulted (tif, TIFFTAG_BITSPERSAMPLE, &info.bits);
  TIFFGetFieldDefaulted (tif, TIFFTAG_SAMPLESPERPIXEL, &info.samples);
  if (!TIFFGetField (tif, TIFFTAG_PHOTOMETRIC, &info.photometric))
    info.photometric = PHOTOMETRIC_MINISWHITE;
  if (info.compression == COMPRESSION_CCITTFAX3)
    TIFFGetField (tif, TIFFTAG_GROUP3OPTIONS, &t4options);
  info.tiled = TIFFIsTiled (tif);

  TIFFGetField (tif, TIFFTAG_XRESOLUTION, &xres);
  TIFFGetField (tif, TIFFTAG_YRESOLUTION, &yres);
  TIFFGetFieldDefaulted (tif, TIFFTAG_RESOLUTIONUNIT, &unit);
  if (unit == RESUNIT_CENTIMETER)
    {
      xres *= 2.54f;
      yres *= 2.54f;
    }
  /* Missing or silly resolutions: assume fine fax */
  info.x_dpi = (xres >= 10 && xres <= 2000) ? xres : 204;
  info.y_dpi = (yres >= 10 && yres <= 2000) ? yres : (xres >= 10 && xres <= 2000 ? xres : 196);
  if (unit == RESUNIT_NONE && xres > 0 && yres > 0)
    {
      /* Only the aspect ratio is known: keep the fax width */
      info.x_dpi = 204;
      info.y_dpi = 204 * yres / xres;
    }

  info.usable = TRUE;
  if (info.width == 0 || info.height == 0)
    {
      add_problem (self, g_strdup_printf (_("Page %u has no image size"), index + 1));
      info.usable = FALSE;
    }
  else if (info.width > MAX_DIMENSION || info.height > MAX_DIMENSION
           || (guint64)info.width * info.height > MAX_PIXELS)
    {
      add_problem (self, g_strdup_printf (_("Page %u is too large to show (%u × %u pixels)"),
                                          index + 1, info.width, info.height));
      info.usable = FALSE;
    }

  if (index == 0)
    for (guint i = 0; i < G_N_ELEMENTS (metadata_tags); i++)
      {
        const char *value = NULL;

        if (TIFFGetField (tif, metadata_tags[i].tag, &value) && value != NULL
            && g_utf8_validate (value, -1, NULL))
          g_hash_table_insert (self->metadata, (gpointer)metadata_tags[i].name,
                               g_strdup (value));
      }

  g_array_append_val (self->pages, info);
  (void)log;
  (void)t4options;
}

gboolean
fax_page_renderer_load (FaxPageRenderer *self,
                        GCancellable    *cancellable,
                        GError         **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *path = NULL;
  FaxTiffLog log;
  Reader reader;
  TIFF *tif;
  guint index = 0;

  g_return_val_if_fail (FAX_IS_PAGE_RENDERER (self), FALSE);
  g_return_val_if_fail (!self->loaded, FALSE);

  path = g_file_get_path (self->file);
  if (path == NULL)
    {
      g_set_error (error, FAX_ERROR, FAX_ERROR_INVALID_PARAMETER,
                   _("“%s” is not a local file"), self->display_name);
      return FALSE;
    }

  self->mapped = g_mapped_file_new (path, FALSE, &local_error);
  if (self->mapped == NULL)
    {
      g_set_error (error, FAX_ERROR, FAX_ERROR_FAILED,
                   _("Could not open the fax “%s”: %s"),
                   self->display_name, local_error->message);
      return FALSE;
    }
  if (g_mapped_file_get_length (self->mapped) == 0)
    {
      g_set_error (error, FAX_ERROR, FAX_ERROR_FAILED,
                   _("The fax “%s” is an empty file"), self->display_name);
      return FALSE;
    }

  _fax_tiff_log_init (&log);
  tif = open_reader (self, &reader, &log, error);
  if (tif == NULL)
    {
      _fax_tiff_log_clear (&log);
      return FALSE;
    }

  do
    {
      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        {
          TIFFClose (tif);
          _fax_tiff_log_clear (&log);
          return FALSE;
        }
      read_page_info (self, tif, index++, &log);
      _fax_tiff_log_reset (&log);
      if (index >= MAX_PAGES)
        {
          add_problem (self, g_strdup_printf (_("The file has more than %u pages; the rest are not shown"),
                                              MAX_PAGES));
          break;
        }
    }
  while (TIFFReadDirectory (tif));

  if (log.n_errors > 0)
    add_problem (self, g_strdup_printf (_("The page list is damaged after page %u (%s)"),
                                        index, log.errors->str));
  if (reader.read_past_end)
    add_problem (self, g_strdup (_("The file is truncated: it ends before its last page")));

  TIFFClose (tif);
  _fax_tiff_log_clear (&log);
  self->loaded = TRUE;
  return TRUE;
}

static void
load_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  GError *error = NULL;

  if (fax_page_renderer_load (source_object, cancellable, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

void
fax_page_renderer_load_async (FaxPageRenderer     *self,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (FAX_IS_PAGE_RENDERER (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, fax_page_renderer_load_async);
  g_task_run_in_thread (task, load_thread);
}

gboolean
fax_page_renderer_load_finish (FaxPageRenderer  *self,
                               GAsyncResult     *result,
                               GError          **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

guint
fax_page_renderer_get_n_pages (FaxPageRenderer *self)
{
  g_return_val_if_fail (FAX_IS_PAGE_RENDERER (self), 0);

  return self->pages->len;
}

static const PageInfo *
get_page (FaxPageRenderer *self,
          guint            page)
{
  if (page >= self->pages->len)
    return NULL;
  return &g_array_index (self->pages, PageInfo, page);
}

gboolean
fax_page_renderer_get_page_size (FaxPageRenderer *self,
                                 guint            page,
                                 guint           *width,
                                 guint           *height,
                                 double          *x_dpi,
                                 double          *y_dpi)
{
  const PageInfo *info;

  g_return_val_if_fail (FAX_IS_PAGE_RENDERER (self), FALSE);

  info = get_page (self, page);
  if (info == NULL)
    return FALSE;
  if (width)
    *width = info->width;
  if (height)
    *height = info->height;
  if (x_dpi)
    *x_dpi = info->x_dpi;
  if (y_dpi)
    *y_dpi = info->y_dpi;
  return TRUE;
}

const char *
fax_page_renderer_get_page_compression (FaxPageRenderer *self,
                                        guint            page)
{
  const PageInfo *info;

  g_return_val_if_fail (FAX_IS_PAGE_RENDERER (self), NULL);

  info = get_page (self, page);
  if (info == NULL)
    return NULL;
  /* The T.4 options are not kept; report the family */
  if (info->compression == COMPRESSION_CCITTFAX3)
    return "G3";
  return compression_name (info->compression, 0);
}

void
fax_page_renderer_get_page_size_points (FaxPageRenderer *self,
                                        guint            page,
                                        double          *width,
                                        double          *height)
{
  const PageInfo *info;

  g_return_if_fail (FAX_IS_PAGE_RENDERER (self));

  info = get_page (self, page);
  *width = info ? info->width * 72.0 / info->x_dpi : 0;
  *height = info ? info->height * 72.0 / info->y_dpi : 0;
}

GHashTable *
fax_page_renderer_get_metadata (FaxPageRenderer *self)
{
  g_return_val_if_fail (FAX_IS_PAGE_RENDERER (self), NULL);

  return self->metadata;
}

char **
fax_page_renderer_dup_problems (FaxPageRenderer *self)
{
  GStrvBuilder *builder;
  char **ret;

  g_return_val_if_fail (FAX_IS_PAGE_RENDERER (self), NULL);

  builder = g_strv_builder_new ();
  g_mutex_lock (&self->mutex);
  for (guint i = 0; i < self->problems->len; i++)
    g_strv_builder_add (builder, g_ptr_array_index (self->problems, i));
  g_mutex_unlock (&self->mutex);
  ret = g_strv_builder_end (builder);
  g_strv_builder_unref (builder);
  return ret;
}

/* Each byte with its bits in the opposite order */
static guint8 reversed_bits[256];

static void
init_reversed_bits (void)
{
  static gsize done = 0;

  if (g_once_init_enter (&done))
    {
      for (guint i = 0; i < 256; i++)
        {
          guint8 r = 0;

          for (guint b = 0; b < 8; b++)
            if (i & (1 << b))
              r |= 0x80 >> b;
          reversed_bits[i] = r;
        }
      g_once_init_leave (&done, 1);
    }
}

/* Bilevel pages become an A1 mask of the ink; anything else an RGB24 image */
static cairo_surface_t *
decode_bilevel (FaxPageRenderer *self,
                TIFF            *tif,
                const PageInfo  *info,
                guint            page,
                FaxTiffLog      *log,
                GCancellable    *cancellable)
{
  cairo_surface_t *surface;
  guint8 *data;
  int stride;
  tmsize_t strip_size = TIFFStripSize (tif);
  guint32 rows_per_strip = info->height;
  guint32 n_strips = TIFFNumberOfStrips (tif);
  gsize row_bytes = (info->width + 7) / 8;
  g_autofree guint8 *buf = NULL;
  gboolean invert = info->photometric == PHOTOMETRIC_MINISBLACK;
  guint8 flip = invert ? 0xff : 0x00;
  guint32 bad_from = G_MAXUINT32;

  init_reversed_bits ();
  TIFFGetFieldDefaulted (tif, TIFFTAG_ROWSPERSTRIP, &rows_per_strip);
  if (rows_per_strip == 0 || rows_per_strip > info->height)
    rows_per_strip = info->height;
  if (strip_size <= 0 || (guint64)strip_size < row_bytes * (guint64)rows_per_strip)
    return NULL;

  surface = cairo_image_surface_create (CAIRO_FORMAT_A1, info->width, info->height);
  if (cairo_surface_status (surface) != CAIRO_STATUS_SUCCESS)
    {
      cairo_surface_destroy (surface);
      return NULL;
    }
  cairo_surface_flush (surface);
  data = cairo_image_surface_get_data (surface);
  stride = cairo_image_surface_get_stride (surface);
  memset (data, 0, (gsize)stride * info->height);

  buf = g_malloc (strip_size);
  for (guint32 strip = 0; strip < n_strips; strip++)
    {
      guint32 first_row = strip * rows_per_strip;
      guint32 n_rows;
      tmsize_t got;

      if (first_row >= info->height)
        break;
      if (g_cancellable_is_cancelled (cancellable))
        break;
      n_rows = MIN (rows_per_strip, info->height - first_row);

      /* White where nothing decodes */
      memset (buf, invert ? 0xff : 0x00, strip_size);
      _fax_tiff_log_reset (log);
      got = TIFFReadEncodedStrip (tif, strip, buf, strip_size);
      if (got < 0 || log->n_errors > 0)
        {
          if (bad_from == G_MAXUINT32)
            bad_from = first_row;
          add_problem (self, g_strdup_printf (_("Page %u is damaged from row %u on (%s)"),
                                              page + 1, bad_from + 1,
                                              log->n_errors > 0 ? log->errors->str : _("unreadable data")));
        }

      for (guint32 r = 0; r < n_rows; r++)
        {
          const guint8 *src = buf + (gsize)r * row_bytes;
          guint8 *dst = data + (gsize)(first_row + r) * stride;

          for (gsize i = 0; i < row_bytes; i++)
#if G_BYTE_ORDER == G_LITTLE_ENDIAN
            dst[i] = reversed_bits[(guint8)(src[i] ^ flip)];
#else
            dst[i] = src[i] ^ flip;
#endif
          /* Padding bits past the width stay white */
          if (info->width & 7)
#if G_BYTE_ORDER == G_LITTLE_ENDIAN
            dst[row_bytes - 1] &= 0xff >> (8 - (info->width & 7));
#else
            dst[row_bytes - 1] &= 0xff << (8 - (info->width & 7));
#endif
        }
    }

  cairo_surface_mark_dirty (surface);
  return surface;
}

static cairo_surface_t *
decode_rgba (FaxPageRenderer *self,
             TIFF            *tif,
             const PageInfo  *info,
             guint            page,
             FaxTiffLog      *log)
{
  cairo_surface_t *surface;
  g_autofree guint32 *raster = NULL;
  char emsg[1024] = "";
  guint8 *data;
  int stride;

  if (!TIFFRGBAImageOK (tif, emsg))
    {
      add_problem (self, g_strdup_printf (_("Page %u cannot be shown: %s"), page + 1, emsg));
      return NULL;
    }

  raster = g_try_malloc_n ((gsize)info->width * info->height, sizeof (guint32));
  if (raster == NULL)
    return NULL;
  /* White where nothing decodes */
  memset (raster, 0xff, (gsize)info->width * info->height * sizeof (guint32));

  _fax_tiff_log_reset (log);
  if (!TIFFReadRGBAImageOriented (tif, info->width, info->height, raster,
                                  ORIENTATION_TOPLEFT, 0)
      || log->n_errors > 0)
    add_problem (self, g_strdup_printf (_("Page %u is damaged (%s)"), page + 1,
                                        log->n_errors > 0 ? log->errors->str : _("unreadable data")));

  surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, info->width, info->height);
  if (cairo_surface_status (surface) != CAIRO_STATUS_SUCCESS)
    {
      cairo_surface_destroy (surface);
      return NULL;
    }
  cairo_surface_flush (surface);
  data = cairo_image_surface_get_data (surface);
  stride = cairo_image_surface_get_stride (surface);
  for (guint32 y = 0; y < info->height; y++)
    {
      guint32 *dst = (guint32 *)(data + (gsize)y * stride);
      const guint32 *src = raster + (gsize)y * info->width;

      for (guint32 x = 0; x < info->width; x++)
        {
          guint32 p = src[x];
          guint32 a = TIFFGetA (p);
          /* Composite on white paper */
          guint32 rr = (TIFFGetR (p) * a + 255 * (255 - a)) / 255;
          guint32 gg = (TIFFGetG (p) * a + 255 * (255 - a)) / 255;
          guint32 bb = (TIFFGetB (p) * a + 255 * (255 - a)) / 255;

          dst[x] = (rr << 16) | (gg << 8) | bb;
        }
    }
  cairo_surface_mark_dirty (surface);
  return surface;
}

/* The page at its native pixels: A1 ink mask or RGB24 image */
static cairo_surface_t *
decode_page (FaxPageRenderer *self,
             guint            page,
             GCancellable    *cancellable,
             GError         **error)
{
  const PageInfo *info;
  cairo_surface_t *surface = NULL;
  FaxTiffLog log;
  Reader reader;
  TIFF *tif;

  if (!self->loaded)
    {
      g_set_error (error, FAX_ERROR, FAX_ERROR_INVALID_PARAMETER,
                   _("The fax “%s” has not been loaded"), self->display_name);
      return NULL;
    }
  info = get_page (self, page);
  if (info == NULL)
    {
      g_set_error (error, FAX_ERROR, FAX_ERROR_INVALID_PARAMETER,
                   _("The fax “%s” has no page %u (it has %u)"),
                   self->display_name, page + 1, self->pages->len);
      return NULL;
    }
  if (!info->usable)
    {
      g_set_error (error, FAX_ERROR, FAX_ERROR_FAILED,
                   _("Page %u of “%s” cannot be shown: it has no valid size"),
                   page + 1, self->display_name);
      return NULL;
    }

  g_mutex_lock (&self->mutex);
  if (self->cached != NULL && self->cached_page == page)
    surface = cairo_surface_reference (self->cached);
  g_mutex_unlock (&self->mutex);
  if (surface != NULL)
    return surface;

  _fax_tiff_log_init (&log);
  tif = open_reader (self, &reader, &log, error);
  if (tif == NULL)
    {
      _fax_tiff_log_clear (&log);
      return NULL;
    }

  if (!TIFFSetSubDirectory (tif, info->offset))
    {
      g_set_error (error, FAX_ERROR, FAX_ERROR_FAILED,
                   _("Page %u of “%s” cannot be read (%s)"),
                   page + 1, self->display_name, _fax_tiff_log_last (&log));
      TIFFClose (tif);
      _fax_tiff_log_clear (&log);
      return NULL;
    }

  if (info->bits == 1 && info->samples == 1 && !info->tiled
      && (info->photometric == PHOTOMETRIC_MINISWHITE || info->photometric == PHOTOMETRIC_MINISBLACK))
    surface = decode_bilevel (self, tif, info, page, &log, cancellable);
  if (surface == NULL)
    surface = decode_rgba (self, tif, info, page, &log);

  if (reader.read_past_end)
    add_problem (self, g_strdup_printf (_("Page %u is cut short: the file is truncated"), page + 1));

  TIFFClose (tif);
  _fax_tiff_log_clear (&log);

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    {
      g_clear_pointer (&surface, cairo_surface_destroy);
      return NULL;
    }
  if (surface == NULL)
    {
      g_set_error (error, FAX_ERROR, FAX_ERROR_FAILED,
                   _("Page %u of “%s” cannot be shown: its image data is unreadable"),
                   page + 1, self->display_name);
      return NULL;
    }

  g_mutex_lock (&self->mutex);
  g_clear_pointer (&self->cached, cairo_surface_destroy);
  self->cached = cairo_surface_reference (surface);
  self->cached_page = page;
  g_mutex_unlock (&self->mutex);

  return surface;
}

/* Paints @native (A1 ink or RGB24 image) scaled to @width x @height */
static void
paint_page (cairo_t         *cr,
            cairo_surface_t *native,
            double           sx,
            double           sy)
{
  cairo_pattern_t *pattern;

  cairo_save (cr);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  cairo_scale (cr, sx, sy);
  pattern = cairo_pattern_create_for_surface (native);
  cairo_pattern_set_filter (pattern, (sx < 1 || sy < 1) ? CAIRO_FILTER_GOOD : CAIRO_FILTER_BILINEAR);
  if (cairo_image_surface_get_format (native) == CAIRO_FORMAT_A1)
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
  cairo_restore (cr);
}

/* Reducing an A1 ink mask: each output pixel is the share of ink in the
 * source pixels it covers (a box filter), much faster than a general
 * resampling of a fax page down to window size.  The source is read 64
 * pixels at a time; columns of words without ink in the rows that make
 * one output row are skipped, and their output pixels are plain paper. */
static void
reduce_bilevel (cairo_surface_t *native,
                cairo_surface_t *out)
{
  int sw = cairo_image_surface_get_width (native);
  int sh = cairo_image_surface_get_height (native);
  int sstride = cairo_image_surface_get_stride (native);
  const guint8 *sdata = cairo_image_surface_get_data (native);
  int ow = cairo_image_surface_get_width (out);
  int oh = cairo_image_surface_get_height (out);
  int ostride = cairo_image_surface_get_stride (out);
  guint8 *odata = cairo_image_surface_get_data (out);
  gsize row_bytes = (sw + 7) / 8;
  guint n_words = (sw + 63) / 64;
  /* Ink counts per source column, valid where the word is marked */
  g_autofree guint16 *colsum = g_new (guint16, (gsize)n_words * 64);
  g_autofree guint8 *inked = g_new (guint8, n_words);
  g_autofree int *x_start = g_new (int, ow + 1);

  for (int ox = 0; ox <= ow; ox++)
    x_start[ox] = (int)((gint64)ox * sw / ow);

  for (int oy = 0; oy < oh; oy++)
    {
      int y0 = (int)((gint64)oy * sh / oh);
      int y1 = MIN (sh, MAX (y0 + 1, (int)((gint64)(oy + 1) * sh / oh)));
      guint32 *dst = (guint32 *)(odata + (gsize)oy * ostride);

      memset (inked, 0, n_words);
      for (int y = y0; y < y1; y++)
        {
          const guint8 *row = sdata + (gsize)y * sstride;

          for (guint wi = 0; wi < n_words; wi++)
            {
              gsize at = (gsize)wi * 8;
              guint64 word = 0;

              /* cairo's A1 order: the first pixel in the low bit on
               * little-endian machines, in the high bit on big-endian ones */
              memcpy (&word, row + at, MIN (8, row_bytes - at));
#if G_BYTE_ORDER == G_LITTLE_ENDIAN
              word = GUINT64_FROM_LE (word);
#else
              word = GUINT64_FROM_BE (word);
#endif
              if (word == 0)
                continue;
              if (!inked[wi])
                {
                  memset (colsum + at * 8, 0, 64 * sizeof (guint16));
                  inked[wi] = 1;
                }
              /* One step per ink pixel */
              while (word != 0)
                {
#if G_BYTE_ORDER == G_LITTLE_ENDIAN
                  colsum[at * 8 + __builtin_ctzll (word)]++;
                  word &= word - 1;
#else
                  int k = __builtin_clzll (word);

                  colsum[at * 8 + k]++;
                  word &= ~(G_GUINT64_CONSTANT (1) << (63 - k));
#endif
                }
            }
        }

      for (int ox = 0; ox < ow; ox++)
        {
          int x0 = x_start[ox];
          int x1 = MIN (sw, MAX (x0 + 1, x_start[ox + 1]));
          guint sum = 0;
          guint area = (guint)(x1 - x0) * (guint)(y1 - y0);
          guint v;
          gboolean ink = FALSE;

          for (int wi = x0 / 64; wi <= (x1 - 1) / 64; wi++)
            ink |= inked[wi];
          if (!ink)
            {
              dst[ox] = 0xffffff;
              continue;
            }
          for (int x = x0; x < x1; x++)
            if (inked[x / 64])
              sum += colsum[x];
          v = 255 - (sum * 255 + area / 2) / area;
          dst[ox] = (v << 16) | (v << 8) | v;
        }
    }
  cairo_surface_mark_dirty (out);
}

static cairo_surface_t *
render_scaled (FaxPageRenderer *self,
               guint            page,
               double           sx,
               double           sy,
               GCancellable    *cancellable,
               GError         **error)
{
  cairo_surface_t *native;
  cairo_surface_t *out;
  const PageInfo *info;
  int width, height;
  cairo_t *cr;

  native = decode_page (self, page, cancellable, error);
  if (native == NULL)
    return NULL;
  info = get_page (self, page);
  g_assert (info != NULL);

  width = MAX (1, (int)ceil (info->width * sx - 0.01));
  height = MAX (1, (int)ceil (info->height * sy - 0.01));
  if ((guint64)width * height > 4 * (guint64)MAX_PIXELS)
    {
      cairo_surface_destroy (native);
      g_set_error (error, FAX_ERROR, FAX_ERROR_INVALID_PARAMETER,
                   _("The scale is too large to render page %u"), page + 1);
      return NULL;
    }

  out = cairo_image_surface_create (CAIRO_FORMAT_RGB24, width, height);
  if (cairo_surface_status (out) == CAIRO_STATUS_SUCCESS
      && cairo_image_surface_get_format (native) == CAIRO_FORMAT_A1
      && width <= (int)info->width && height <= (int)info->height)
    {
      cairo_surface_flush (out);
      reduce_bilevel (native, out);
    }
  else
    {
      cr = cairo_create (out);
      paint_page (cr, native, (double)width / info->width, (double)height / info->height);
      cairo_destroy (cr);
    }
  cairo_surface_destroy (native);
  cairo_surface_flush (out);

  if (cairo_surface_status (out) != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, FAX_ERROR, FAX_ERROR_NOT_ENOUGH_MEMORY,
                   _("Not enough memory to render page %u"), page + 1);
      cairo_surface_destroy (out);
      return NULL;
    }
  return out;
}

cairo_surface_t *
fax_page_renderer_render_page (FaxPageRenderer *self,
                               guint            page,
                               double           scale,
                               GCancellable    *cancellable,
                               GError         **error)
{
  const PageInfo *info;

  g_return_val_if_fail (FAX_IS_PAGE_RENDERER (self), NULL);

  if (!(scale > 0 && scale <= 16))
    {
      g_set_error (error, FAX_ERROR, FAX_ERROR_INVALID_PARAMETER,
                   _("The scale %g is out of range (above 0, at most 16)"), scale);
      return NULL;
    }
  info = get_page (self, page);
  if (info == NULL)
    return decode_page (self, page, cancellable, error);   /* sets the error */

  /* Square pixels: the vertical axis carries the resolution difference */
  return render_scaled (self, page, scale, scale * info->x_dpi / info->y_dpi,
                        cancellable, error);
}

typedef struct
{
  guint  page;
  double scale;
} RenderData;

static void
render_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  RenderData *data = task_data;
  GError *error = NULL;
  cairo_surface_t *surface;

  surface = fax_page_renderer_render_page (source_object, data->page, data->scale,
                                           cancellable, &error);
  if (surface != NULL)
    g_task_return_pointer (task, surface, (GDestroyNotify)cairo_surface_destroy);
  else
    g_task_return_error (task, error);
}

void
fax_page_renderer_render_page_async (FaxPageRenderer     *self,
                                     guint                page,
                                     double               scale,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  RenderData *data;

  g_return_if_fail (FAX_IS_PAGE_RENDERER (self));

  data = g_new0 (RenderData, 1);
  data->page = page;
  data->scale = scale;
  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, fax_page_renderer_render_page_async);
  g_task_set_task_data (task, data, g_free);
  g_task_run_in_thread (task, render_thread);
}

cairo_surface_t *
fax_page_renderer_render_page_finish (FaxPageRenderer  *self,
                                      GAsyncResult     *result,
                                      GError          **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

cairo_surface_t *
fax_page_renderer_render_thumbnail (FaxPageRenderer *self,
                                    guint            page,
                                    int              max_width,
                                    int              max_height,
                                    GCancellable    *cancellable,
                                    GError         **error)
{
  const PageInfo *info;
  double true_height, scale;

  g_return_val_if_fail (FAX_IS_PAGE_RENDERER (self), NULL);
  g_return_val_if_fail (max_width > 0 && max_height > 0, NULL);

  info = get_page (self, page);
  if (info == NULL)
    return decode_page (self, page, cancellable, error);   /* sets the error */

  true_height = info->height * info->x_dpi / info->y_dpi;
  scale = MIN ((double)max_width / info->width, (double)max_height / true_height);
  scale = MIN (scale, 16);
  return fax_page_renderer_render_page (self, page, scale, cancellable, error);
}

static cairo_status_t
write_to_stream (void                *closure,
                 const unsigned char *data,
                 unsigned int         length)
{
  GOutputStream *stream = closure;

  if (!g_output_stream_write_all (stream, data, length, NULL, NULL, NULL))
    return CAIRO_STATUS_WRITE_ERROR;
  return CAIRO_STATUS_SUCCESS;
}

gboolean
fax_page_renderer_export_pdf (FaxPageRenderer *self,
                              GFile           *output,
                              GCancellable    *cancellable,
                              GError         **error)
{
  g_autoptr(GFileOutputStream) stream = NULL;
  g_autoptr(GCancellable) abort = g_cancellable_new ();
  g_autoptr(GError) local_error = NULL;
  g_autofree char *out_name = NULL;
  cairo_surface_t *pdf;
  cairo_status_t status;
  cairo_t *cr;
  guint n_done = 0;

  g_return_val_if_fail (FAX_IS_PAGE_RENDERER (self), FALSE);
  g_return_val_if_fail (G_IS_FILE (output), FALSE);

  out_name = g_file_get_parse_name (output);
  if (self->pages->len == 0)
    {
      g_set_error (error, FAX_ERROR, FAX_ERROR_FAILED,
                   _("The fax “%s” has no pages to export"), self->display_name);
      return FALSE;
    }

  /* Written beside the target and renamed over it when complete */
  stream = g_file_replace (output, NULL, FALSE, G_FILE_CREATE_REPLACE_DESTINATION,
                           cancellable, &local_error);
  if (stream == NULL)
    {
      g_set_error (error, FAX_ERROR, FAX_ERROR_FAILED,
                   _("Could not write “%s”: %s"), out_name, local_error->message);
      return FALSE;
    }

  pdf = cairo_pdf_surface_create_for_stream (write_to_stream, stream, 612, 792);
  cairo_pdf_surface_set_metadata (pdf, CAIRO_PDF_METADATA_CREATOR, "Fax Manager " PACKAGE_VERSION);
  cr = cairo_create (pdf);

  for (guint page = 0; page < self->pages->len; page++)
    {
      g_autoptr(GError) page_error = NULL;
      cairo_surface_t *native;
      const PageInfo *info = get_page (self, page);
      double wpt, hpt;

      if (g_cancellable_set_error_if_cancelled (cancellable, &local_error))
        break;
      native = decode_page (self, page, cancellable, &page_error);
      if (native == NULL)
        continue;   /* noted in the problems; export what is readable */

      fax_page_renderer_get_page_size_points (self, page, &wpt, &hpt);
      cairo_pdf_surface_set_size (pdf, wpt, hpt);
      paint_page (cr, native, 72.0 / info->x_dpi, 72.0 / info->y_dpi);
      cairo_show_page (cr);
      cairo_surface_destroy (native);
      n_done++;
    }

  cairo_destroy (cr);
  cairo_surface_finish (pdf);
  status = cairo_surface_status (pdf);
  cairo_surface_destroy (pdf);

  if (local_error == NULL && n_done == 0)
    g_set_error (&local_error, FAX_ERROR, FAX_ERROR_FAILED,
                 _("No page of “%s” could be read"), self->display_name);
  else if (local_error == NULL && status != CAIRO_STATUS_SUCCESS)
    g_set_error (&local_error, FAX_ERROR, FAX_ERROR_FAILED,
                 _("Could not write “%s”: %s"), out_name, cairo_status_to_string (status));

  if (local_error != NULL)
    {
      /* Cancelling the close drops the temporary file */
      g_cancellable_cancel (abort);
      g_output_stream_close (G_OUTPUT_STREAM (stream), abort, NULL);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  if (!g_output_stream_close (G_OUTPUT_STREAM (stream), cancellable, &local_error))
    {
      g_set_error (error, FAX_ERROR, FAX_ERROR_FAILED,
                   _("Could not write “%s”: %s"), out_name, local_error->message);
      return FALSE;
    }
  return TRUE;
}

static void
export_pdf_thread (GTask        *task,
                   gpointer      source_object,
                   gpointer      task_data,
                   GCancellable *cancellable)
{
  GError *error = NULL;

  if (fax_page_renderer_export_pdf (source_object, task_data, cancellable, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

void
fax_page_renderer_export_pdf_async (FaxPageRenderer     *self,
                                    GFile               *output,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (FAX_IS_PAGE_RENDERER (self));
  g_return_if_fail (G_IS_FILE (output));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, fax_page_renderer_export_pdf_async);
  g_task_set_task_data (task, g_object_ref (output), g_object_unref);
  g_task_run_in_thread (task, export_pdf_thread);
}

gboolean
fax_page_renderer_export_pdf_finish (FaxPageRenderer  *self,
                                     GAsyncResult     *result,
                                     GError          **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

gboolean
fax_page_renderer_export_png (FaxPageRenderer *self,
                              const char      *pattern,
                              GCancellable    *cancellable,
                              GError         **error)
{
  const char *p;
  guint n_done = 0;

  g_return_val_if_fail (FAX_IS_PAGE_RENDERER (self), FALSE);
  g_return_val_if_fail (pattern != NULL, FALSE);

  /* Exactly one %u and no other conversion */
  p = strchr (pattern, '%');
  if (p == NULL || p[1] != 'u' || strchr (p + 2, '%') != NULL)
    {
      g_set_error (error, FAX_ERROR, FAX_ERROR_INVALID_PARAMETER,
                   _("The file name pattern “%s” needs exactly one “%%u” for the page number"),
                   pattern);
      return FALSE;
    }

  for (guint page = 0; page < self->pages->len; page++)
    {
      g_autoptr(GError) page_error = NULL;
      g_autofree char *path = NULL;
      g_autofree char *tmp = NULL;
      cairo_surface_t *surface;
      cairo_status_t status;

      surface = fax_page_renderer_render_page (self, page, 1.0, cancellable, &page_error);
      if (surface == NULL)
        {
          if (g_error_matches (page_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
            {
              g_propagate_error (error, g_steal_pointer (&page_error));
              return FALSE;
            }
          continue;
        }

#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
      path = g_strdup_printf (pattern, page + 1);
#pragma GCC diagnostic pop
      tmp = g_strconcat (path, ".part", NULL);
      status = cairo_surface_write_to_png (surface, tmp);
      cairo_surface_destroy (surface);
      if (status != CAIRO_STATUS_SUCCESS || g_rename (tmp, path) != 0)
        {
          g_unlink (tmp);
          g_set_error (error, FAX_ERROR, FAX_ERROR_FAILED,
                       _("Could not write “%s”: %s"), path,
                       status != CAIRO_STATUS_SUCCESS ? cairo_status_to_string (status) : g_strerror (errno));
          return FALSE;
        }
      n_done++;
    }

  if (n_done == 0)
    {
      g_set_error (error, FAX_ERROR, FAX_ERROR_FAILED,
                   _("No page of “%s” could be read"), self->display_name);
      return FALSE;
    }
  return TRUE;
}

cairo_surface_t *
_fax_page_renderer_decode_page (FaxPageRenderer *self,
                                guint            page,
                                GCancellable    *cancellable,
                                GError         **error)
{
  return decode_page (self, page, cancellable, error);
}
