/* fax-virtual-line.h: two software Class 1 fax modems joined by a phone line
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define FAX_TYPE_VIRTUAL_LINE (fax_virtual_line_get_type ())

G_DECLARE_FINAL_TYPE (FaxVirtualLine, fax_virtual_line, FAX, VIRTUAL_LINE, GObject)

/* The two ends of the line */
typedef enum {
  FAX_VIRTUAL_LINE_END_A,
  FAX_VIRTUAL_LINE_END_B,
} FaxVirtualLineEnd;

/* Noise levels at or below this (dBm0) mean a quiet line */
#define FAX_VIRTUAL_LINE_NO_NOISE (-100.0)

/* A line with the default options (real time, 50 ms delay, no impairments).
 * Other options: g_initable_new (FAX_TYPE_VIRTUAL_LINE, NULL, &error,
 * "speed", 4.0, "delay", 50, ..., NULL). */
FaxVirtualLine *fax_virtual_line_new               (GError            **error);
/* The pseudo-terminal (/dev/pts/N) a program opens to use an end */
const char     *fax_virtual_line_get_device_path   (FaxVirtualLine     *self,
                                                    FaxVirtualLineEnd   end);
double          fax_virtual_line_get_speed         (FaxVirtualLine     *self);
guint           fax_virtual_line_get_delay         (FaxVirtualLine     *self);
double          fax_virtual_line_get_noise         (FaxVirtualLine     *self);
double          fax_virtual_line_get_cut_after     (FaxVirtualLine     *self);
guint           fax_virtual_line_get_no_answer_timeout (FaxVirtualLine *self);

G_END_DECLS
