/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <stdio.h>

#include <json-glib/json-glib.h>

#include "tj-context.h"
#include "tj-case.h"
#include "tj-store.h"

G_BEGIN_DECLS

/* Exit codes (docs/DESIGN.md, stable). */
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
  /* One per run: the preferences (when the schema is installed) under
   * the command's --actor and --station, the repository once opened and
   * a clock pinned to tj_cli_today(). Commands fill the case API's
   * context from it with tj_context_fill_case_context(). */
  TjContext  *context;
} TjCli;

/* Commands are described by tables: tj-cli-command.c parses every
 * command's options from its table with GOptionContext, refuses what the
 * table does not declare, and writes the usage and --help from it, so the
 * parser, the help and the tests (tiaojie-cli --list-commands) cannot
 * disagree. */
typedef enum {
  TJ_CLI_FLAG,           /* --name */
  TJ_CLI_VALUE,          /* --name VALUE or --name=VALUE */
} TjCliOptionKind;

typedef struct {
  const char      *name;         /* without the dashes: "rev" */
  TjCliOptionKind  kind;
  gboolean         required;
  const char      *value_name;   /* placeholder in the usage: "FILE|-" */
  const char      *description;  /* N_(): translated when shown */
} TjCliOption;

#define TJ_CLI_FLAG_OPTION(n, d)      { (n), TJ_CLI_FLAG, FALSE, NULL, (d) }
#define TJ_CLI_VALUE_OPTION(n, v, d)  { (n), TJ_CLI_VALUE, FALSE, (v), (d) }
#define TJ_CLI_REQUIRED_OPTION(n, v, d) { (n), TJ_CLI_VALUE, TRUE, (v), (d) }
/* The options tj_cli_check_server_options() and
 * tj_cli_read_server_secrets() read, for every command that talks to a
 * server. */
#define TJ_CLI_SERVER_OPTION \
  TJ_CLI_REQUIRED_OPTION ("server", "URL", N_("The server’s address"))
#define TJ_CLI_PASSWORD_FILE_OPTION \
  TJ_CLI_VALUE_OPTION ("password-file", "FILE", N_("A file whose first line is the password"))
#define TJ_CLI_CERTIFICATE_OPTION \
  TJ_CLI_VALUE_OPTION ("certificate", "PEM", N_("Accept exactly this server certificate"))
#define TJ_CLI_RETRIES_OPTION \
  TJ_CLI_VALUE_OPTION ("retries", "N", N_("Attempts after a network error, 0–30 (default 6)"))
/* --actor, which every command that writes the timeline takes. */
#define TJ_CLI_ACTOR_OPTION \
  TJ_CLI_VALUE_OPTION ("actor", "NAME", N_("Who acts, for the timeline (default: the preferences)"))

#define TJ_CLI_MAX_OPTIONS 12

typedef struct _TjCliArgs TjCliArgs;

typedef int (*TjCliRunFunc) (TjCli *cli, TjCliArgs *args);

typedef struct {
  /* "get", or two words ("party add"); NULL for the command a group runs
   * when no command is named (agenda, sync). */
  const char   *name;
  const char   *arguments;   /* positional arguments in the usage: "ID [YEAR]" */
  guint         min_args;
  guint         max_args;
  const char   *summary;     /* N_() */
  TjCliRunFunc  run;
  TjCliOption   options[TJ_CLI_MAX_OPTIONS + 1];   /* ends at a NULL name */
} TjCliCommand;

typedef struct {
  const char         *name;
  const char         *summary;   /* N_() */
  const TjCliCommand *commands;
  guint               n_commands;
} TjCliGroup;

extern const TjCliGroup tj_cli_case_group;
extern const TjCliGroup tj_cli_consultation_group;
extern const TjCliGroup tj_cli_doc_group;
extern const TjCliGroup tj_cli_calc_group;
extern const TjCliGroup tj_cli_sync_group;
extern const TjCliGroup tj_cli_papers_group;
extern const TjCliGroup tj_cli_conflicts_group;
extern const TjCliGroup tj_cli_server_group;
extern const TjCliGroup tj_cli_roster_group;
extern const TjCliGroup tj_cli_settlement_group;
extern const TjCliGroup tj_cli_payment_group;
extern const TjCliGroup tj_cli_arrears_group;
extern const TjCliGroup tj_cli_agenda_group;
extern const TjCliGroup tj_cli_session_group;
extern const TjCliGroup tj_cli_report_group;
extern const TjCliGroup tj_cli_centre_group;
extern const TjCliGroup tj_cli_audit_group;
extern const TjCliGroup tj_cli_archive_group;

/* Commands two groups have: "papers templates" is also "doc templates",
 * "conflicts list" also "doc conflicts". */
int         tj_cli_papers_templates (TjCli     *cli,
                                     TjCliArgs *args);
int         tj_cli_conflicts_list   (TjCli     *cli,
                                     TjCliArgs *args);

/* Runs the command of @group named by argv[1…] (argv[0] is the group's
 * name): exit 1 with the usage for what it does not declare, 0 after
 * printing the help for --help. */
int         tj_cli_run_group      (TjCli            *cli,
                                   const TjCliGroup *group,
                                   int               argc,
                                   char            **argv);
/* Prints the group's commands (usage and summary) on @out. */
void        tj_cli_print_group_help (const TjCliGroup *group,
                                     FILE             *out);
/* Every command of @groups with its arguments and options, as JSON. */
JsonArray  *tj_cli_describe_commands (const TjCliGroup * const *groups,
                                      guint                     n_groups);

/* Today as YYYY-MM-DD by the process's clock (tj_clock_get_default():
 * pinned or moved for scripts and tests), the same for the whole run. */
const char *tj_cli_today          (void);

/* The name of the command running ("show", "party add"; NULL for a
 * group's default), for one function that serves several commands. */
const char *tj_cli_command_name   (TjCliArgs   *args);
/* The @index-th positional argument, or NULL. */
const char *tj_cli_arg            (TjCliArgs   *args,
                                   guint        index);
guint       tj_cli_n_args         (TjCliArgs   *args);
/* The value of option @name (declared by the command), or NULL. */
const char *tj_cli_opt            (TjCliArgs   *args,
                                   const char  *name);
/* The same for a helper shared by commands with and without @name:
 * NULL when the command does not declare it. */
const char *tj_cli_opt_maybe      (TjCliArgs   *args,
                                   const char  *name);
gboolean    tj_cli_flag           (TjCliArgs   *args,
                                   const char  *name);
/* --name N as a non-negative whole number, left alone when not given;
 * FALSE with TJ_ERROR_INVALID. */
gboolean    tj_cli_count          (TjCliArgs   *args,
                                   const char  *name,
                                   gint64      *out,
                                   GError     **error);
/* One line naming what is wrong, then the command's usage, on stderr;
 * returns TJ_EXIT_USAGE. */
int         tj_cli_usage_error    (TjCliArgs   *args,
                                   const char  *format,
                                   ...) G_GNUC_PRINTF (2, 3);

/* The store, opened on first use. A --db file that is not a Tiaojie
 * database (not SQLite, another program's SQLite, damaged, newer) or
 * cannot be opened is invalid input (TJ_ERROR_INVALID, naming the file)
 * and is left untouched. */
TjStore    *tj_cli_store          (TjCli       *cli,
                                   GError     **error);
/* The same with the case tables attached (tj_case_attach()). */
TjStore    *tj_cli_case_store     (TjCli       *cli,
                                   GError     **error);
/* The options of a command that talks to a server: --password-file
 * needs --user, and --retries N (in @retries when given) is from 0 to 30;
 * TJ_ERROR_INVALID naming the option. */
gboolean    tj_cli_check_server_options (TjCliArgs  *args,
                                         guint64    *retries,
                                         GError    **error);
/* The certificate of --certificate and the password of --password-file,
 * left NULL when not given (tj_cli_read_certificate(),
 * tj_cli_read_password()). */
gboolean    tj_cli_read_server_secrets (TjCliArgs        *args,
                                        GTlsCertificate **certificate,
                                        char            **password,
                                        GError          **error);
/* A replicator for the store from the options --server, --database,
 * --user, --password-file, --certificate and --retries (tj-cli-sync.c);
 * TJ_ERROR_INVALID naming a bad one. */
struct _TjReplicator *tj_cli_replicator (TjCli      *cli,
                                        TjCliArgs  *args,
                                        GError    **error);
/* Print @node as JSON on stdout (pretty when stdout is a terminal). */
void        tj_cli_print_json     (JsonNode    *node);
void        tj_cli_print_object   (JsonObject  *object);
void        tj_cli_print_array    (JsonArray   *array);
/* A command's last step: prints @result and returns TJ_EXIT_OK, or, when
 * the call that made it failed (NULL), fails with its @error. */
int         tj_cli_print_result   (JsonObject   *result,
                                   const GError *error);
int         tj_cli_print_array_result (JsonArray    *result,
                                       const GError *error);
/* Print the error as one line on stderr and return its exit code. */
int         tj_cli_fail           (const GError *error);
/* Read a JSON object from FILE or "-" (stdin). */
JsonObject *tj_cli_read_json      (const char  *file,
                                   GError     **error);
/* Read a whole file, or stdin for "-": a missing file is
 * TJ_ERROR_NOT_FOUND, any other failure TJ_ERROR_INVALID, naming it. */
char       *tj_cli_read_file      (const char  *file,
                                   gsize       *length,
                                   GError     **error);
/* The first line of @file ("-": standard input), without its newline: a
 * password (they come from files, never from the command line). */
char       *tj_cli_read_password  (const char  *file,
                                   GError     **error);
/* The PEM certificate of --certificate @file; an unreadable one is invalid
 * input naming the file. */
GTlsCertificate *tj_cli_read_certificate (const char  *file,
                                          GError     **error);

/* An output file (--out): created first as a temporary file next to it,
 * so a path that cannot be written is known before anything is stored,
 * then filled and renamed into place, so a failure never leaves half a
 * file. Errors are TJ_ERROR_INVALID naming the path. */
typedef struct _TjCliOutput TjCliOutput;

TjCliOutput *tj_cli_output_open   (const char   *path,
                                   GError      **error);
/* Writes @bytes to the temporary file (and flushes it to disk). */
gboolean     tj_cli_output_write  (TjCliOutput  *output,
                                   GBytes       *bytes,
                                   GError      **error);
/* Renames the written temporary file to the path. */
gboolean     tj_cli_output_finish (TjCliOutput  *output,
                                   GError      **error);
/* Removes the temporary file unless finished. */
void         tj_cli_output_free   (TjCliOutput  *output);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TjCliOutput, tj_cli_output_free)

G_END_DECLS
