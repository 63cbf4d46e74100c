/* fax-port-text.h: how a port is described to people (rows, details)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <fax-backend.h>

G_BEGIN_DECLS

/* "Available", "Unavailable: Not connected: /dev/ttyACM0 does not exist" */
char       *fax_port_text_state        (FaxPortInfo  *info);
/* A style class for the state: "success", "warning", "error" or "dim" */
const char *fax_port_text_state_style  (FaxPortState  state);
/* "U.S. Robotics 5637" or the device path when the modem is not identified */
char       *fax_port_text_hardware     (FaxPortInfo  *info);
/* "modem-symbolic" or "computer-symbolic" for the virtual line */
const char *fax_port_text_icon_name    (FaxPortInfo  *info);

G_END_DECLS
