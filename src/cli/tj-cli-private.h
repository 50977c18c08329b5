/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

#include "tj-store.h"

G_BEGIN_DECLS

/* Exit codes (DESIGN.md, stable). */
enum {
  TJ_EXIT_OK = 0,
  TJ_EXIT_USAGE = 1,
  TJ_EXIT_INVALID = 2,
  TJ_EXIT_NOT_FOUND = 3,
  TJ_EXIT_CONFLICT = 4,
  TJ_EXIT_NETWORK = 5,
};

typedef struct {
  const char *db_path;   /* --db, or NULL for the default */
  TjStore    *store;     /* opened lazily by tj_cli_store() */
} TjCli;

/* A command group: argv[0] is the group name ("doc"), argv[1] the command. */
typedef int (*TjCliGroupFunc) (TjCli *cli, int argc, char **argv);

int tj_cli_doc          (TjCli *cli, int argc, char **argv);
int tj_cli_case         (TjCli *cli, int argc, char **argv);
int tj_cli_consultation (TjCli *cli, int argc, char **argv);
int tj_cli_calc         (TjCli *cli, int argc, char **argv);
int tj_cli_sync         (TjCli *cli, int argc, char **argv);
int tj_cli_papers       (TjCli *cli, int argc, char **argv);
int tj_cli_conflicts    (TjCli *cli, int argc, char **argv);
int tj_cli_server       (TjCli *cli, int argc, char **argv);
int tj_cli_roster       (TjCli *cli, int argc, char **argv);
int tj_cli_settlement   (TjCli *cli, int argc, char **argv);
int tj_cli_payment      (TjCli *cli, int argc, char **argv);
int tj_cli_arrears      (TjCli *cli, int argc, char **argv);
int tj_cli_agenda       (TjCli *cli, int argc, char **argv);
int tj_cli_session      (TjCli *cli, int argc, char **argv);
int tj_cli_report       (TjCli *cli, int argc, char **argv);

/* The store, opened on first use; NULL and an error printed on failure. */
TjStore    *tj_cli_store        (TjCli       *cli,
                                 GError     **error);
/* Print @node as JSON on stdout (pretty when stdout is a terminal). */
void        tj_cli_print_json   (JsonNode    *node);
void        tj_cli_print_object (JsonObject  *object);
/* Print the error as one line on stderr and return its exit code. */
int         tj_cli_fail         (const GError *error);
/* Print a usage message on stderr; returns TJ_EXIT_USAGE. */
int         tj_cli_usage        (const char  *format,
                                 ...) G_GNUC_PRINTF (1, 2);
/* Read a JSON object from FILE or "-" (stdin). */
JsonObject *tj_cli_read_json    (const char  *file,
                                 GError     **error);
/* Read a whole file, or stdin for "-". */
char       *tj_cli_read_file    (const char  *file,
                                 gsize       *length,
                                 GError     **error);

/* Options after the command: --name VALUE, --name=VALUE, bare --flag. */
const char *tj_cli_opt_value    (int          argc,
                                 char       **argv,
                                 const char  *name);
gboolean    tj_cli_opt_flag     (int          argc,
                                 char       **argv,
                                 const char  *name);
/* --name N as a non-negative whole number; FALSE with TJ_ERROR_INVALID. */
gboolean    tj_cli_opt_count    (int          argc,
                                 char       **argv,
                                 const char  *name,
                                 gint64      *out,
                                 GError     **error);

G_END_DECLS
