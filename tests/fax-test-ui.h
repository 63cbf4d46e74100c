/* fax-test-ui.h: waiting, finding widgets and screenshots in the GUI tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "fax-jobs-view.h"

G_BEGIN_DECLS

#define FAX_TEST_UI_WAIT_SECONDS 300

gboolean   fax_test_ui_hang_guard_cb   (gpointer    what);

/* Iterates the main context until @cond holds; a hang fails the test,
 * naming the condition, instead of waiting for meson's timeout */
#define FAX_TEST_WAIT_UNTIL(cond)                                               \
  G_STMT_START {                                                                \
    guint guard_ = g_timeout_add_seconds (FAX_TEST_UI_WAIT_SECONDS,             \
                                          fax_test_ui_hang_guard_cb,            \
                                          (gpointer)#cond);                     \
    while (!(cond))                                                             \
      g_main_context_iteration (NULL, TRUE);                                    \
    g_source_remove (guard_);                                                   \
  } G_STMT_END

/* Runs the main loop for @ms (for transitions to end, or for things that
 * must NOT happen) */
void       fax_test_ui_spin_for        (guint       ms);
/* Until @widget's window has been laid out and painted as it is now */
void       fax_test_ui_wait_for_paint  (GtkWidget  *widget);
/* @widget as on screen, once transitions ended (or _now: as soon as it
 * is painted, for a state that does not last), into
 * $FAX_TEST_SCREENSHOT_DIR/@name (nothing when that is unset) */
void       fax_test_ui_save_screenshot (GtkWidget  *widget,
                                        const char *name);
void       fax_test_ui_save_screenshot_now (GtkWidget  *widget,
                                            const char *name);
/* The widget under @root whose GtkBuilder id or widget name is @id;
 * get_widget fails the test when there is none */
GtkWidget *fax_test_ui_find_widget     (gpointer    root,
                                        const char *id);
GtkWidget *fax_test_ui_get_widget      (gpointer    root,
                                        const char *id);
/* The first widget of @type under @root (depth first) */
GtkWidget *fax_test_ui_find_child      (gpointer    root,
                                        GType       type);
/* The Outbox or Sent view under @root */
GtkWidget *fax_test_ui_find_jobs_view  (gpointer         root,
                                        FaxJobsViewMode  mode);

/* The application's settings in this test process (the memory backend),
 * set as the GUI tests want them before an application starts: ports are
 * not identified (the tests' fake devices are plain files), except by a
 * test that turns "identify-modems" on for itself */
GSettings *fax_test_ui_settings        (void);

/* A PDF of @n_pages A4 pages (a heading, a box, lines of text) made with
 * cairo in the test's root folder: its path */
char      *fax_test_ui_make_pdf        (const char *name,
                                        guint       n_pages);

G_END_DECLS
