/* fax-port-text.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "fax-port-text.h"

char *
fax_port_text_state (FaxPortInfo *info)
{
  const char *state = fax_port_state_to_string (fax_port_info_get_state (info));
  const char *status = fax_port_info_get_status_text (info);

  /* The server's status text is a whole sentence that says more than the
   * state: "Sending page 2 of 5", "Unavailable: in use by efax (PID 1234)",
   * "Not connected: /dev/ttyACM0 does not exist" */
  if (status == NULL || status[0] == '\0')
    return g_strdup (state);

  return g_strdup (status);
}

const char *
fax_port_text_state_style (FaxPortState state)
{
  switch (state)
    {
    case FAX_PORT_STATE_AVAILABLE:
    case FAX_PORT_STATE_COMPLETED:
    case FAX_PORT_STATE_HANDLED:
      return "success";

    case FAX_PORT_STATE_RINGING:
    case FAX_PORT_STATE_DIALING:
    case FAX_PORT_STATE_SENDING:
    case FAX_PORT_STATE_RECEIVING:
    case FAX_PORT_STATE_ANSWERED:
    case FAX_PORT_STATE_ROUTING:
    case FAX_PORT_STATE_INITIALIZING:
      return "accent";

    case FAX_PORT_STATE_BUSY:
    case FAX_PORT_STATE_NO_ANSWER:
    case FAX_PORT_STATE_NOT_FAX_CALL:
    case FAX_PORT_STATE_CALL_DELAYED:
    case FAX_PORT_STATE_CALL_BLACKLISTED:
    case FAX_PORT_STATE_ABORTING:
    case FAX_PORT_STATE_DISCONNECTED:
      return "warning";

    case FAX_PORT_STATE_UNAVAILABLE:
    case FAX_PORT_STATE_BAD_ADDRESS:
    case FAX_PORT_STATE_NO_DIAL_TONE:
    case FAX_PORT_STATE_FATAL_ERROR:
      return "error";

    case FAX_PORT_STATE_OFFLINE:
    default:
      return "dim";
    }
}

char *
fax_port_text_hardware (FaxPortInfo *info)
{
  const char *manufacturer = fax_port_info_get_manufacturer (info);
  const char *model = fax_port_info_get_model (info);
  gboolean has_manufacturer = manufacturer != NULL && manufacturer[0] != '\0';
  gboolean has_model = model != NULL && model[0] != '\0';

  if (has_manufacturer && has_model)
    {
      /* udev's model often repeats the vendor */
      if (g_str_has_prefix (model, manufacturer))
        return g_strdup (model);
      /* Translators: manufacturer and model of a modem */
      return g_strdup_printf (C_("hardware", "%s %s"), manufacturer, model);
    }
  if (has_model)
    return g_strdup (model);
  if (has_manufacturer)
    return g_strdup (manufacturer);

  if (fax_port_info_get_flags (info) & FAX_PORT_FLAG_VIRTUAL)
    return g_strdup (_("Software fax modem"));

  return g_strdup (fax_port_info_get_device_path (info));
}

const char *
fax_port_text_icon_name (FaxPortInfo *info)
{
  if (fax_port_info_get_flags (info) & FAX_PORT_FLAG_VIRTUAL)
    return "computer-symbolic";
  return "modem-symbolic";
}
