/* fax-routing-method.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "fax-error.h"
#include "fax-routing-method-private.h"

struct _FaxRoutingMethod
{
  GObject   parent_instance;

  guint32   device_id;
  char     *device_name;
  char     *guid;
  char     *friendly_name;
  char     *function_name;
  char     *routing_info;
  gboolean  enabled;
};

G_DEFINE_FINAL_TYPE (FaxRoutingMethod, fax_routing_method, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_DEVICE_ID,
  PROP_DEVICE_NAME,
  PROP_GUID,
  PROP_FRIENDLY_NAME,
  PROP_FUNCTION_NAME,
  PROP_ENABLED,
  PROP_ROUTING_INFO,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

const FaxRoutingMethodDesc fax_routing_methods[] = {
  { FAX_ROUTING_GUID_STORE_IN_FOLDER, "RouteToFolder", N_("Store in a folder") },
  { FAX_ROUTING_GUID_PRINT, "RoutePrint", N_("Print") },
  { FAX_ROUTING_GUID_EMAIL, "RouteEmail", N_("Send by e-mail") },
  { NULL, NULL, NULL }
};

const FaxRoutingMethodDesc *
_fax_routing_method_lookup (const char *guid)
{
  if (guid == NULL)
    return NULL;

  for (guint i = 0; fax_routing_methods[i].guid; i++)
    if (g_ascii_strcasecmp (fax_routing_methods[i].guid, guid) == 0)
      return &fax_routing_methods[i];

  return NULL;
}

gboolean
_fax_routing_info_validate (const char  *guid,
                            const char  *info,
                            GError     **error)
{
  const FaxRoutingMethodDesc *desc = _fax_routing_method_lookup (guid);

  if (desc == NULL)
    {
      g_set_error (error, FAX_ERROR, FAX_ERROR_INVALID_PARAMETER,
                   _("There is no routing method with the GUID “%s”"), guid);
      return FALSE;
    }

  if (info == NULL || info[0] == '\0')
    return TRUE;

  if (!g_utf8_validate (info, -1, NULL))
    {
      g_set_error_literal (error, FAX_ERROR, FAX_ERROR_INVALID_PARAMETER,
                           _("Routing settings must be valid UTF-8 text"));
      return FALSE;
    }

  for (const char *p = info; *p; p++)
    {
      if ((guchar)*p < 0x20)
        {
          g_set_error_literal (error, FAX_ERROR, FAX_ERROR_INVALID_PARAMETER,
                               _("Routing settings may not contain control characters such as line breaks"));
          return FALSE;
        }
    }

  if (g_str_equal (desc->guid, FAX_ROUTING_GUID_STORE_IN_FOLDER) &&
      !g_path_is_absolute (info))
    {
      g_set_error (error, FAX_ERROR, FAX_ERROR_INVALID_PARAMETER,
                   _("The folder “%s” is not an absolute path; choose a folder such as /home/you/Faxes"),
                   info);
      return FALSE;
    }

  if (g_str_equal (desc->guid, FAX_ROUTING_GUID_EMAIL))
    {
      const char *at = strchr (info, '@');

      if (at == NULL || at == info || at[1] == '\0' || strchr (info, ' ') != NULL)
        {
          g_set_error (error, FAX_ERROR, FAX_ERROR_INVALID_PARAMETER,
                       _("“%s” is not an e-mail address; write it as name@example.com"),
                       info);
          return FALSE;
        }
    }

  return TRUE;
}

static void
fax_routing_method_finalize (GObject *object)
{
  FaxRoutingMethod *self = (FaxRoutingMethod *)object;

  g_clear_pointer (&self->device_name, g_free);
  g_clear_pointer (&self->guid, g_free);
  g_clear_pointer (&self->friendly_name, g_free);
  g_clear_pointer (&self->function_name, g_free);
  g_clear_pointer (&self->routing_info, g_free);

  G_OBJECT_CLASS (fax_routing_method_parent_class)->finalize (object);
}

static void
fax_routing_method_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  FaxRoutingMethod *self = FAX_ROUTING_METHOD (object);

  switch (prop_id)
    {
    case PROP_DEVICE_ID:
      g_value_set_uint (value, self->device_id);
      break;
    case PROP_DEVICE_NAME:
      g_value_set_string (value, self->device_name);
      break;
    case PROP_GUID:
      g_value_set_string (value, self->guid);
      break;
    case PROP_FRIENDLY_NAME:
      g_value_set_string (value, self->friendly_name);
      break;
    case PROP_FUNCTION_NAME:
      g_value_set_string (value, self->function_name);
      break;
    case PROP_ENABLED:
      g_value_set_boolean (value, self->enabled);
      break;
    case PROP_ROUTING_INFO:
      g_value_set_string (value, self->routing_info);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fax_routing_method_class_init (FaxRoutingMethodClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = fax_routing_method_finalize;
  object_class->get_property = fax_routing_method_get_property;

  properties[PROP_DEVICE_ID] =
    g_param_spec_uint ("device-id", NULL, NULL, 0, G_MAXUINT32, 0,
                       (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
  properties[PROP_DEVICE_NAME] =
    g_param_spec_string ("device-name", NULL, NULL, NULL,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
  properties[PROP_GUID] =
    g_param_spec_string ("guid", NULL, NULL, NULL,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
  properties[PROP_FRIENDLY_NAME] =
    g_param_spec_string ("friendly-name", NULL, NULL, NULL,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
  properties[PROP_FUNCTION_NAME] =
    g_param_spec_string ("function-name", NULL, NULL, NULL,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
  properties[PROP_ENABLED] =
    g_param_spec_boolean ("enabled", NULL, NULL, FALSE,
                          (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
  properties[PROP_ROUTING_INFO] =
    g_param_spec_string ("routing-info", NULL, NULL, NULL,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
fax_routing_method_init (FaxRoutingMethod *self)
{
}

FaxRoutingMethod *
_fax_routing_method_new (const FaxRoutingMethodDesc *desc,
                         guint32                     device_id,
                         const char                 *device_name,
                         gboolean                    enabled,
                         const char                 *routing_info)
{
  FaxRoutingMethod *self = g_object_new (FAX_TYPE_ROUTING_METHOD, NULL);

  self->device_id = device_id;
  self->device_name = g_strdup (device_name);
  self->guid = g_strdup (desc->guid);
  self->function_name = g_strdup (desc->function_name);
  self->friendly_name = g_strdup (g_dgettext (GETTEXT_PACKAGE, desc->friendly_name));
  self->enabled = !!enabled;
  self->routing_info = g_strdup (routing_info);

  return self;
}

#define GETTER(type, name, fallback)                              \
  type                                                            \
  fax_routing_method_get_##name (FaxRoutingMethod *self)          \
  {                                                               \
    g_return_val_if_fail (FAX_IS_ROUTING_METHOD (self), fallback); \
    return self->name;                                            \
  }

GETTER (guint32, device_id, 0)
GETTER (const char *, device_name, NULL)
GETTER (const char *, guid, NULL)
GETTER (const char *, friendly_name, NULL)
GETTER (const char *, function_name, NULL)
GETTER (gboolean, enabled, FALSE)
GETTER (const char *, routing_info, NULL)
