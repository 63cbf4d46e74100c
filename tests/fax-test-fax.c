/* fax-test-fax.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <errno.h>
#include <fcntl.h>
#include <termios.h>
#include <unistd.h>

#include <glib-unix.h>
#include <tiffio.h>

#include "fax-test-fax.h"

#define WIDTH 1728

void
fax_test_page_free (FaxTestPage *page)
{
  g_bytes_unref (page->bits);
  g_free (page);
}

static void
set_black (guint8 *row,
           guint   x0,
           guint   x1)
{
  for (guint x = x0; x < x1 && x < WIDTH; x++)
    row[x / 8] |= 0x80 >> (x % 8);
}

/* A page that exercises the coders: long white runs, solid areas, thin
 * lines, and a block of random "glyphs" (short runs) that only decodes
 * right if every row does */
static guint8 *
make_page (guint  page,
           guint  length,
           guint  seed)
{
  guint8 *bits = g_malloc0 ((gsize)WIDTH / 8 * length);
  GRand *rand = g_rand_new_with_seed (seed * 1000 + page);

  for (guint y = 0; y < length; y++)
    {
      guint8 *row = bits + (gsize)y * WIDTH / 8;
      double fy = (double)y / length;

      /* frame */
      if (y < 4 || y >= length - 4)
        set_black (row, 40, WIDTH - 40);
      set_black (row, 40, 44);
      set_black (row, WIDTH - 44, WIDTH - 40);

      /* a solid box whose place depends on the page */
      if (fy > 0.05 + 0.02 * page && fy < 0.15 + 0.02 * page)
        set_black (row, 200 + page * 100, 700 + page * 100);

      /* diagonal line */
      {
        guint x = 100 + (guint)(fy * (WIDTH - 200));
        set_black (row, x, x + 3);
      }

      /* pseudo text: words of random glyph columns in lines */
      if (fy > 0.3 && fy < 0.42 && (y / 6) % 4 != 3)
        {
          for (guint x = 120; x < WIDTH - 120; x += 8)
            if (g_rand_int_range (rand, 0, 100) < 35)
              set_black (row, x, x + 1 + g_rand_int_range (rand, 0, 6));
        }

      /* page number as a bar code near the bottom */
      if (fy > 0.9 && fy < 0.93)
        for (guint b = 0; b < 8; b++)
          if ((page + 1) & (1 << b))
            set_black (row, 300 + b * 60, 330 + b * 60);
    }

  g_rand_free (rand);
  return bits;
}

static void
write_page (TIFF         *tiff,
            const guint8 *bits,
            guint         length,
            float         yres,
            guint         compression,
            guint         page,
            guint         n_pages)
{
  TIFFSetField (tiff, TIFFTAG_SUBFILETYPE, FILETYPE_PAGE);
  TIFFSetField (tiff, TIFFTAG_IMAGEWIDTH, WIDTH);
  TIFFSetField (tiff, TIFFTAG_IMAGELENGTH, length);
  TIFFSetField (tiff, TIFFTAG_BITSPERSAMPLE, 1);
  TIFFSetField (tiff, TIFFTAG_SAMPLESPERPIXEL, 1);
  TIFFSetField (tiff, TIFFTAG_COMPRESSION, compression);
  if (compression == COMPRESSION_CCITTFAX3)
    TIFFSetField (tiff, TIFFTAG_GROUP3OPTIONS, GROUP3OPT_FILLBITS);
  TIFFSetField (tiff, TIFFTAG_PHOTOMETRIC, PHOTOMETRIC_MINISWHITE);
  TIFFSetField (tiff, TIFFTAG_FILLORDER, FILLORDER_LSB2MSB);
  TIFFSetField (tiff, TIFFTAG_RESOLUTIONUNIT, RESUNIT_INCH);
  TIFFSetField (tiff, TIFFTAG_XRESOLUTION, 204.0);
  TIFFSetField (tiff, TIFFTAG_YRESOLUTION, yres);
  TIFFSetField (tiff, TIFFTAG_ROWSPERSTRIP, length);
  TIFFSetField (tiff, TIFFTAG_PAGENUMBER, page, n_pages);

  for (guint y = 0; y < length; y++)
    TIFFWriteScanline (tiff, (void *)(bits + (gsize)y * WIDTH / 8), y, 0);
  TIFFWriteDirectory (tiff);
}

static guint
length_for (float yres)
{
  /* A4: 297 mm */
  return (guint)(297.0 / 25.4 * yres);
}

void
fax_test_write_document (const char *path,
                         guint       n_pages,
                         float       yres,
                         guint       seed)
{
  TIFF *tiff = TIFFOpen (path, "w");
  guint length = length_for (yres);

  g_assert_nonnull (tiff);
  for (guint p = 0; p < n_pages; p++)
    {
      g_autofree guint8 *bits = make_page (p, length, seed);
      write_page (tiff, bits, length, yres, COMPRESSION_CCITTFAX4, p, n_pages);
    }
  TIFFClose (tiff);
}

void
fax_test_write_g3_pages (const char *prefix,
                         guint       n_pages,
                         float       yres,
                         guint       seed,
                         GPtrArray  *paths_out)
{
  guint length = length_for (yres);

  for (guint p = 0; p < n_pages; p++)
    {
      g_autofree char *path = g_strdup_printf ("%s.%03u.tif", prefix, p + 1);
      g_autofree guint8 *bits = make_page (p, length, seed);
      TIFF *tiff = TIFFOpen (path, "w");

      g_assert_nonnull (tiff);
      write_page (tiff, bits, length, yres, COMPRESSION_CCITTFAX3, 0, 1);
      TIFFClose (tiff);
      g_ptr_array_add (paths_out, g_steal_pointer (&path));
    }
}

GPtrArray *
fax_test_read_pages (const char  *path,
                     GError     **error)
{
  g_autoptr(GPtrArray) pages = g_ptr_array_new_with_free_func ((GDestroyNotify)fax_test_page_free);
  TIFF *tiff;

  TIFFSetWarningHandler (NULL);
  tiff = TIFFOpen (path, "r");
  if (tiff == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "cannot open %s as TIFF", path);
      return NULL;
    }

  do
    {
      FaxTestPage *page = g_new0 (FaxTestPage, 1);
      guint32 width = 0, length = 0;
      guint16 photometric = PHOTOMETRIC_MINISWHITE;
      gsize row_bytes;
      guint8 *bits;

      TIFFGetField (tiff, TIFFTAG_IMAGEWIDTH, &width);
      TIFFGetField (tiff, TIFFTAG_IMAGELENGTH, &length);
      TIFFGetField (tiff, TIFFTAG_YRESOLUTION, &page->yres);
      TIFFGetFieldDefaulted (tiff, TIFFTAG_PHOTOMETRIC, &photometric);
      page->width = width;
      page->length = length;
      row_bytes = (width + 7) / 8;
      bits = g_malloc0 (row_bytes * length + 1);
      for (guint y = 0; y < length; y++)
        {
          guint8 *row = bits + row_bytes * y;
          if (TIFFReadScanline (tiff, row, y, 0) < 0)
            break;
          if (photometric == PHOTOMETRIC_MINISBLACK)
            for (gsize i = 0; i < row_bytes; i++)
              row[i] = ~row[i];
        }
      page->bits = g_bytes_new_take (bits, row_bytes * length);
      g_ptr_array_add (pages, page);
    }
  while (TIFFReadDirectory (tiff));

  TIFFClose (tiff);
  return g_steal_pointer (&pages);
}

gboolean
fax_test_page_rows_equal (FaxTestPage *a,
                          guint        a_skip,
                          FaxTestPage *b,
                          guint        b_skip,
                          guint        rows)
{
  gsize row_bytes = (a->width + 7) / 8;
  const guint8 *da = g_bytes_get_data (a->bits, NULL);
  const guint8 *db = g_bytes_get_data (b->bits, NULL);

  if (a->width != b->width)
    return FALSE;
  if (rows == 0)
    rows = MIN (a->length - a_skip, b->length - b_skip);
  if (a_skip + rows > a->length || b_skip + rows > b->length)
    return FALSE;

  for (guint y = 0; y < rows; y++)
    if (memcmp (da + row_bytes * (a_skip + y), db + row_bytes * (b_skip + y), row_bytes) != 0)
      {
        g_test_message ("rows differ at %u (+%u / +%u)", y, a_skip, b_skip);
        return FALSE;
      }
  return TRUE;
}

/* A line with the given properties ("speed", 4.0, "delay", 50u, ...) */
FaxVirtualLine *
fax_test_line_new (const char *first_property,
                   ...)
{
  g_autoptr(GError) error = NULL;
  FaxVirtualLine *line;
  va_list args;

  va_start (args, first_property);
  line = (FaxVirtualLine *)g_initable_new_valist (FAX_TYPE_VIRTUAL_LINE, first_property, args, NULL, &error);
  va_end (args);
  g_assert_no_error (error);
  g_assert_nonnull (line);
  return line;
}

int
fax_test_open_end (FaxVirtualLine    *line,
                   FaxVirtualLineEnd  end)
{
  const char *path = fax_virtual_line_get_device_path (line, end);
  struct termios tio;
  int fd = open (path, O_RDWR | O_NOCTTY | O_NONBLOCK | O_CLOEXEC);

  g_assert_cmpint (fd, >=, 0);
  g_assert_cmpint (tcgetattr (fd, &tio), ==, 0);
  cfmakeraw (&tio);
  cfsetspeed (&tio, B19200);
  tcsetattr (fd, TCSANOW, &tio);
  return fd;
}

gboolean
fax_test_spin_until (gboolean (*done) (gpointer),
                     gpointer   data,
                     guint      timeout_seconds)
{
  gint64 end = g_get_monotonic_time () + (gint64)timeout_seconds * G_USEC_PER_SEC;

  while (!done (data))
    {
      if (g_get_monotonic_time () > end)
        return FALSE;
      g_main_context_iteration (NULL, FALSE);
      if (!done (data))
        g_usleep (1000);
    }
  return TRUE;
}

gboolean
fax_test_wait_for_ring (int   fd,
                        guint timeout_seconds)
{
  gint64 end = g_get_monotonic_time () + (gint64)timeout_seconds * G_USEC_PER_SEC;
  GString *seen = g_string_new (NULL);
  gboolean found = FALSE;

  while (!found && g_get_monotonic_time () < end)
    {
      char buf[64];
      ssize_t n = read (fd, buf, sizeof buf);

      if (n > 0)
        {
          g_string_append_len (seen, buf, n);
          found = strstr (seen->str, "RING") != NULL;
        }
      else
        {
          /* the main context runs the sender meanwhile */
          g_main_context_iteration (NULL, FALSE);
          g_usleep (2000);
        }
    }

  g_string_free (seen, TRUE);
  return found;
}

typedef struct
{
  guint pending;
} Pending;

static void
call_done_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  Pending *p = user_data;
  g_autoptr(GError) error = NULL;

  if (!fax_call_run_finish (FAX_CALL (object), result, &error))
    g_test_message ("call ended: %s", error->message);
  p->pending--;
}

static gboolean
none_pending (gpointer data)
{
  return ((Pending *)data)->pending == 0;
}

void
fax_test_run_calls (FaxCall *sender,
                    FaxCall *receiver,
                    int      receiver_fd,
                    guint    timeout_seconds)
{
  Pending p = { 0 };

  if (sender != NULL)
    {
      p.pending++;
      fax_call_run_async (sender, NULL, call_done_cb, &p);
    }

  if (receiver != NULL)
    {
      if (sender != NULL)
        g_assert_true (fax_test_wait_for_ring (receiver_fd, 60));
      p.pending++;
      fax_call_run_async (receiver, NULL, call_done_cb, &p);
    }

  g_assert_true (fax_test_spin_until (none_pending, &p, timeout_seconds));
}

/* Sets a port's flags (plus VIRTUAL), one ring, and both station ids,
 * through a modify handle; returns its DeviceId */
guint32
fax_test_configure_port (FaxServer    *server,
                         const char   *id,
                         FaxPortFlags  flags,
                         const char   *station_id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FaxPort) port = NULL;
  g_autoptr(FaxPortInfo) info = NULL;
  guint32 device_id = fax_server_lookup_port (server, id, &error);

  g_assert_no_error (error);
  port = fax_server_open_port (server, device_id, FAX_PORT_OPEN_QUERY | FAX_PORT_OPEN_MODIFY, &error);
  g_assert_no_error (error);
  info = fax_port_get_info (port, &error);
  g_assert_no_error (error);
  fax_port_info_set_flags (info, flags | FAX_PORT_FLAG_VIRTUAL);
  fax_port_info_set_rings (info, 1);
  fax_port_info_set_tsid (info, station_id);
  fax_port_info_set_csid (info, station_id);
  fax_port_set_info (port, info, &error);
  g_assert_no_error (error);
  fax_port_close (port);
  return device_id;
}

FaxServer *
fax_test_server_with_line (void)
{
  g_autoptr(GError) error = NULL;
  FaxServer *server;

  g_setenv ("FAX_MANAGER_VIRTUAL_LINE_SPEED", "8", TRUE);
  server = fax_server_connect (NULL, &error);
  g_assert_no_error (error);
  fax_server_set_virtual_line_enabled (server, TRUE, &error);
  g_assert_no_error (error);
  return server;
}

gboolean
fax_test_job_finished (gpointer job)
{
  switch (fax_job_get_state (FAX_JOB (job)))
    {
    case FAX_JOB_STATE_COMPLETED:
    case FAX_JOB_STATE_FAILED:
    case FAX_JOB_STATE_CANCELLED:
      return TRUE;
    default:
      return FALSE;
    }
}

gboolean
fax_test_model_not_empty (gpointer model)
{
  return g_list_model_get_n_items (G_LIST_MODEL (model)) > 0;
}
