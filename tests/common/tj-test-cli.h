/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Running the real tiaojie-cli from a test, as a script would: ARGS… with
 * a text on stdin, "today" pinned, English messages (or Chinese from the
 * build tree's translations), the exit status, stdout and stderr.
 */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

typedef struct {
  const char         *db;      /* --db DB before the arguments, unless NULL */
  const char         *input;   /* on stdin; NULL: nothing */
  const char         *today;   /* $TIAOJIE_TODAY; NULL: the test's own */
  gboolean            chinese; /* zh_CN messages instead of English */
  gboolean            binary;  /* stdout need not be UTF-8 */
  const char * const *env;     /* more NAME, VALUE pairs, NULL-terminated */
} TjTestCli;

typedef struct {
  int   status;
  char *out;
  char *err;
} TjTestCliRun;

const char *tj_test_cli_path       (void);
void        tj_test_cli_run        (TjTestCliRun        *run,
                                    const TjTestCli     *cli,
                                    ...) G_GNUC_NULL_TERMINATED;
void        tj_test_cli_run_va     (TjTestCliRun        *run,
                                    const TjTestCli     *cli,
                                    va_list              args);
void        tj_test_cli_run_argv   (TjTestCliRun        *run,
                                    const TjTestCli     *cli,
                                    const char * const  *args);
void        tj_test_cli_run_clear  (TjTestCliRun        *run);
JsonNode   *tj_test_cli_run_json   (const TjTestCliRun  *run);
int         tj_test_cli            (const TjTestCli     *cli,
                                    JsonNode           **out_json,
                                    char               **out_err,
                                    ...) G_GNUC_NULL_TERMINATED;
int         tj_test_cli_object     (const TjTestCli     *cli,
                                    JsonObject         **out_json,
                                    char               **out_err,
                                    ...) G_GNUC_NULL_TERMINATED;
int         tj_test_cli_text       (const TjTestCli     *cli,
                                    char               **out_text,
                                    char               **out_err,
                                    ...) G_GNUC_NULL_TERMINATED;

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (TjTestCliRun, tj_test_cli_run_clear)

G_END_DECLS
