/* fax-routing-method-private.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "fax-routing-method.h"

G_BEGIN_DECLS

typedef struct
{
  const char *guid;
  const char *function_name;
  const char *friendly_name; /* N_() marked */
} FaxRoutingMethodDesc;

/* The three built-in methods, in display order; terminated by a zeroed entry */
extern const FaxRoutingMethodDesc fax_routing_methods[];

const FaxRoutingMethodDesc *_fax_routing_method_lookup (const char *guid);

FaxRoutingMethod *_fax_routing_method_new      (const FaxRoutingMethodDesc *desc,
                                                guint32                     device_id,
                                                const char                 *device_name,
                                                gboolean                    enabled,
                                                const char                 *routing_info);
/* Checks @info for the method @guid; NULL or "" is always accepted */
gboolean          _fax_routing_info_validate   (const char                 *guid,
                                                const char                 *info,
                                                GError                    **error);

G_END_DECLS
