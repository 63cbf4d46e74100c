/* fax-cover-page.c: the fields of a fax cover page and its layout
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <pango/pangocairo.h>

#include "fax-cover-page-private.h"

struct _FaxCoverPage
{
  GObject    parent_instance;

  char      *recipient;
  char      *recipient_number;
  char      *sender;
  char      *sender_number;
  char      *subject;
  char      *message;
  GDateTime *date;
};

G_DEFINE_FINAL_TYPE (FaxCoverPage, fax_cover_page, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_RECIPIENT,
  PROP_RECIPIENT_NUMBER,
  PROP_SENDER,
  PROP_SENDER_NUMBER,
  PROP_SUBJECT,
  PROP_MESSAGE,
  PROP_DATE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
fax_cover_page_finalize (GObject *object)
{
  FaxCoverPage *self = (FaxCoverPage *)object;

  g_clear_pointer (&self->recipient, g_free);
  g_clear_pointer (&self->recipient_number, g_free);
  g_clear_pointer (&self->sender, g_free);
  g_clear_pointer (&self->sender_number, g_free);
  g_clear_pointer (&self->subject, g_free);
  g_clear_pointer (&self->message, g_free);
  g_clear_pointer (&self->date, g_date_time_unref);

  G_OBJECT_CLASS (fax_cover_page_parent_class)->finalize (object);
}

static void
fax_cover_page_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  FaxCoverPage *self = FAX_COVER_PAGE (object);

  switch (prop_id)
    {
    case PROP_RECIPIENT:
      g_value_set_string (value, self->recipient);
      break;
    case PROP_RECIPIENT_NUMBER:
      g_value_set_string (value, self->recipient_number);
      break;
    case PROP_SENDER:
      g_value_set_string (value, self->sender);
      break;
    case PROP_SENDER_NUMBER:
      g_value_set_string (value, self->sender_number);
      break;
    case PROP_SUBJECT:
      g_value_set_string (value, self->subject);
      break;
    case PROP_MESSAGE:
      g_value_set_string (value, self->message);
      break;
    case PROP_DATE:
      g_value_set_boxed (value, self->date);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fax_cover_page_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  FaxCoverPage *self = FAX_COVER_PAGE (object);

  switch (prop_id)
    {
    case PROP_RECIPIENT:
      fax_cover_page_set_recipient (self, g_value_get_string (value));
      break;
    case PROP_RECIPIENT_NUMBER:
      fax_cover_page_set_recipient_number (self, g_value_get_string (value));
      break;
    case PROP_SENDER:
      fax_cover_page_set_sender (self, g_value_get_string (value));
      break;
    case PROP_SENDER_NUMBER:
      fax_cover_page_set_sender_number (self, g_value_get_string (value));
      break;
    case PROP_SUBJECT:
      fax_cover_page_set_subject (self, g_value_get_string (value));
      break;
    case PROP_MESSAGE:
      fax_cover_page_set_message (self, g_value_get_string (value));
      break;
    case PROP_DATE:
      fax_cover_page_set_date (self, g_value_get_boxed (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fax_cover_page_class_init (FaxCoverPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = fax_cover_page_finalize;
  object_class->get_property = fax_cover_page_get_property;
  object_class->set_property = fax_cover_page_set_property;

  properties[PROP_RECIPIENT] =
    g_param_spec_string ("recipient", NULL, NULL, NULL,
                         (G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY));
  properties[PROP_RECIPIENT_NUMBER] =
    g_param_spec_string ("recipient-number", NULL, NULL, NULL,
                         (G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY));
  properties[PROP_SENDER] =
    g_param_spec_string ("sender", NULL, NULL, NULL,
                         (G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY));
  properties[PROP_SENDER_NUMBER] =
    g_param_spec_string ("sender-number", NULL, NULL, NULL,
                         (G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY));
  properties[PROP_SUBJECT] =
    g_param_spec_string ("subject", NULL, NULL, NULL,
                         (G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY));
  properties[PROP_MESSAGE] =
    g_param_spec_string ("message", NULL, NULL, NULL,
                         (G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY));
  properties[PROP_DATE] =
    g_param_spec_boxed ("date", NULL, NULL, G_TYPE_DATE_TIME,
                        (G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
fax_cover_page_init (FaxCoverPage *self)
{
}

FaxCoverPage *
fax_cover_page_new (void)
{
  return g_object_new (FAX_TYPE_COVER_PAGE, NULL);
}

const char *
fax_cover_page_get_recipient (FaxCoverPage *self)
{
  g_return_val_if_fail (FAX_IS_COVER_PAGE (self), NULL);

  return self->recipient;
}

void
fax_cover_page_set_recipient (FaxCoverPage *self,
                              const char   *value)
{
  g_return_if_fail (FAX_IS_COVER_PAGE (self));

  if (g_strcmp0 (self->recipient, value) == 0)
    return;
  g_free (self->recipient);
  self->recipient = g_strdup (value);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RECIPIENT]);
}

const char *
fax_cover_page_get_recipient_number (FaxCoverPage *self)
{
  g_return_val_if_fail (FAX_IS_COVER_PAGE (self), NULL);

  return self->recipient_number;
}

void
fax_cover_page_set_recipient_number (FaxCoverPage *self,
                                     const char   *value)
{
  g_return_if_fail (FAX_IS_COVER_PAGE (self));

  if (g_strcmp0 (self->recipient_number, value) == 0)
    return;
  g_free (self->recipient_number);
  self->recipient_number = g_strdup (value);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RECIPIENT_NUMBER]);
}

const char *
fax_cover_page_get_sender (FaxCoverPage *self)
{
  g_return_val_if_fail (FAX_IS_COVER_PAGE (self), NULL);

  return self->sender;
}

void
fax_cover_page_set_sender (FaxCoverPage *self,
                           const char   *value)
{
  g_return_if_fail (FAX_IS_COVER_PAGE (self));

  if (g_strcmp0 (self->sender, value) == 0)
    return;
  g_free (self->sender);
  self->sender = g_strdup (value);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SENDER]);
}

const char *
fax_cover_page_get_sender_number (FaxCoverPage *self)
{
  g_return_val_if_fail (FAX_IS_COVER_PAGE (self), NULL);

  return self->sender_number;
}

void
fax_cover_page_set_sender_number (FaxCoverPage *self,
                                  const char   *value)
{
  g_return_if_fail (FAX_IS_COVER_PAGE (self));

  if (g_strcmp0 (self->sender_number, value) == 0)
    return;
  g_free (self->sender_number);
  self->sender_number = g_strdup (value);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SENDER_NUMBER]);
}

const char *
fax_cover_page_get_subject (FaxCoverPage *self)
{
  g_return_val_if_fail (FAX_IS_COVER_PAGE (self), NULL);

  return self->subject;
}

void
fax_cover_page_set_subject (FaxCoverPage *self,
                            const char   *value)
{
  g_return_if_fail (FAX_IS_COVER_PAGE (self));

  if (g_strcmp0 (self->subject, value) == 0)
    return;
  g_free (self->subject);
  self->subject = g_strdup (value);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SUBJECT]);
}

const char *
fax_cover_page_get_message (FaxCoverPage *self)
{
  g_return_val_if_fail (FAX_IS_COVER_PAGE (self), NULL);

  return self->message;
}

void
fax_cover_page_set_message (FaxCoverPage *self,
                            const char   *value)
{
  g_return_if_fail (FAX_IS_COVER_PAGE (self));

  if (g_strcmp0 (self->message, value) == 0)
    return;
  g_free (self->message);
  self->message = g_strdup (value);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MESSAGE]);
}

GDateTime *
fax_cover_page_get_date (FaxCoverPage *self)
{
  g_return_val_if_fail (FAX_IS_COVER_PAGE (self), NULL);

  return self->date;
}

void
fax_cover_page_set_date (FaxCoverPage *self,
                         GDateTime    *date)
{
  g_return_if_fail (FAX_IS_COVER_PAGE (self));

  if (self->date == date
      || (self->date != NULL && date != NULL && g_date_time_equal (self->date, date)))
    return;
  g_clear_pointer (&self->date, g_date_time_unref);
  if (date != NULL)
    self->date = g_date_time_ref (date);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DATE]);
}

static double
show_text (cairo_t    *cr,
           PangoLayout *layout,
           const char *font,
           const char *text,
           double      x,
           double      y,
           double      width)
{
  PangoFontDescription *desc = pango_font_description_from_string (font);
  int w, h;

  pango_layout_set_font_description (layout, desc);
  pango_font_description_free (desc);
  pango_layout_set_width (layout, (int)(width * PANGO_SCALE));
  pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
  pango_layout_set_text (layout, text, -1);
  cairo_move_to (cr, x, y);
  pango_cairo_show_layout (cr, layout);
  pango_layout_get_size (layout, &w, &h);
  return (double)h / PANGO_SCALE;
}

void
_fax_cover_page_draw (FaxCoverPage *self,
                      cairo_t      *cr,
                      double        width,
                      double        height,
                      guint         n_pages)
{
  g_autoptr(GDateTime) now = NULL;
  g_autofree char *date = NULL;
  g_autofree char *pages = NULL;
  cairo_font_options_t *options;
  PangoContext *context;
  PangoLayout *layout;
  double margin = 54;   /* 3/4 inch */
  double inner = width - 2 * margin;
  double label_w = 110;
  double y = margin;
  const struct { const char *label; const char *value; } rows[] = {
    { _("To:"), self->recipient },
    { _("Fax:"), self->recipient_number },
    { _("From:"), self->sender },
    { _("Fax:"), self->sender_number },
    { _("Date:"), NULL },
    { _("Pages:"), NULL },
    { _("Subject:"), self->subject },
  };

  now = self->date ? g_date_time_ref (self->date) : g_date_time_new_now_local ();
  date = g_date_time_format (now, "%x %H:%M");
  /* Translators: the page count on the cover page, which is included */
  pages = g_strdup_printf (_("%u (including this page)"), n_pages);

  /* Points as user units and no hinting; the context does not take the
   * transformation of @cr, which may scale the axes differently (204x98
   * dpi), so glyphs are laid out in points and only drawn scaled */
  context = pango_font_map_create_context (pango_cairo_font_map_get_default ());
  options = cairo_font_options_create ();
  cairo_font_options_set_hint_metrics (options, CAIRO_HINT_METRICS_OFF);
  cairo_font_options_set_hint_style (options, CAIRO_HINT_STYLE_NONE);
  pango_cairo_context_set_font_options (context, options);
  cairo_font_options_destroy (options);
  pango_cairo_context_set_resolution (context, 72);
  layout = pango_layout_new (context);
  cairo_save (cr);
  cairo_set_source_rgb (cr, 0, 0, 0);

  /* Title and a heavy rule */
  y += show_text (cr, layout, "Sans Bold 40", _("FAX"), margin, y, inner);
  y += 6;
  cairo_rectangle (cr, margin, y, inner, 4);
  cairo_fill (cr);
  y += 24;

  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    {
      const char *value = rows[i].value;
      double h;

      if (i == 4)
        value = date;
      else if (i == 5)
        value = pages;
      if (value == NULL || *value == '\0')
        continue;
      show_text (cr, layout, "Sans Bold 14", rows[i].label, margin, y, label_w);
      h = show_text (cr, layout, "Sans 14", value, margin + label_w, y, inner - label_w);
      y += MAX (h, 20) + 8;
    }

  y += 8;
  cairo_rectangle (cr, margin, y, inner, 1.5);
  cairo_fill (cr);
  y += 24;

  if (self->message != NULL && *self->message != '\0')
    {
      cairo_rectangle (cr, margin, y, inner, height - margin - y);
      cairo_clip (cr);
      show_text (cr, layout, "Sans 13", self->message, margin, y, inner);
    }

  cairo_restore (cr);
  g_object_unref (layout);
  g_object_unref (context);
}
