/* fax-backend.h: the one public header of the Fax Manager backend
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#define FAX_BACKEND_INSIDE
# include "fax-device-options.h"
# include "fax-device-status.h"
# include "fax-enums.h"
# include "fax-error.h"
# include "fax-event.h"
# include "fax-job.h"
# include "fax-port-info.h"
# include "fax-routing-method.h"
# include "fax-port.h"
# include "fax-received-fax.h"
# include "fax-server.h"
# include "fax-virtual-line.h"
# include "fax-document-enums.h"
# include "fax-cover-page.h"
# include "fax-document.h"
# include "fax-page-renderer.h"
#undef FAX_BACKEND_INSIDE
