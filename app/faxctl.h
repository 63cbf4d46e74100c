/* faxctl.h: what the faxctl command files share
 *
 * Each area of faxctl lives in its own file (faxctl-<area>.c) and adds
 * its commands to the table in faxctl.c.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include <fax-backend.h>

G_BEGIN_DECLS

#define EXIT_USAGE 2

typedef struct
{
  FaxServer *server;
} FaxCtl;

typedef struct
{
  const char *name;       /* first word on the command line; NULL: a help line only */
  const char *synopsis;
  const char *summary;    /* N_() marked */
  int       (*run)        (FaxCtl  *ctl,
                           int      argc,
                           char   **argv);
} FaxCtlCommand;

/* Prints "faxctl: <message>" and a hint; returns EXIT_USAGE (2) */
int      faxctl_usage_error   (const char    *fmt,
                               ...) G_GNUC_PRINTF (1, 2);
/* Prints "faxctl: <error message>"; returns EXIT_FAILURE (1) */
int      faxctl_failed        (GError        *error);
void     faxctl_print_json    (JsonBuilder   *builder);
/* GOptionContext parsing of a command's own options; on failure sets
 * @exit_code to EXIT_USAGE and returns FALSE */
gboolean faxctl_parse_options (int           *argc,
                               char        ***argv,
                               const char    *parameter_string,
                               GOptionEntry  *entries,
                               int           *exit_code);

/* faxctl-hylafax.c: the server of --server ADDRESS (NULL: this machine) */
FaxServer *faxctl_connect     (const char *address, GError **error);

/* faxctl-fax.c */
int      faxctl_cmd_send      (FaxCtl *ctl, int argc, char **argv);
int      faxctl_cmd_jobs      (FaxCtl *ctl, int argc, char **argv);
int      faxctl_cmd_job       (FaxCtl *ctl, int argc, char **argv);
int      faxctl_cmd_receive   (FaxCtl *ctl, int argc, char **argv);
int      faxctl_cmd_watch     (FaxCtl *ctl, int argc, char **argv);
int      faxctl_cmd_inbox     (FaxCtl *ctl, int argc, char **argv);
/* faxctl-docs.c */
int faxctl_cmd_convert (FaxCtl *ctl, int argc, char **argv);
int faxctl_cmd_render  (FaxCtl *ctl, int argc, char **argv);
int faxctl_cmd_export  (FaxCtl *ctl, int argc, char **argv);
int faxctl_cmd_inspect (FaxCtl *ctl, int argc, char **argv);

/* faxctl-modem.c */
int      faxctl_cmd_probe     (FaxCtl *ctl, int argc, char **argv);
int      faxctl_cmd_line      (FaxCtl *ctl, int argc, char **argv);

G_END_DECLS
