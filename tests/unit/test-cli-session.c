/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tiaojie-cli session …: a mediation run as a script would, with the
 * caucus sentinel checked on the joint outputs and the exit codes. */

#include <glib/gstdio.h>
#include <string.h>

#include "tj-json.h"

#define SENTINEL "保密SENTINEL-4420"

static char *dir;
static char *db_path;

/* Runs tiaojie-cli --db DB ARGS with @input on stdin; returns the exit
 * status, stdout as text and parsed (NULL when not JSON). */
static int
run_cli (const char  *input,
         JsonNode   **out_json,
         char       **out_text,
         ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocess) proc = NULL;
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  const char *arg;
  va_list args;

  g_ptr_array_add (argv, (char *) g_getenv ("TJ_CLI"));
  g_ptr_array_add (argv, "--db");
  g_ptr_array_add (argv, db_path);
  va_start (args, out_text);
  while ((arg = va_arg (args, const char *)))
    g_ptr_array_add (argv, (char *) arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                        G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_subprocess_launcher_setenv (launcher, "TIAOJIE_TODAY", "2026-11-22", TRUE);
  g_subprocess_launcher_setenv (launcher, "TIAOJIE_GUIDANCE", "/nonexistent/guidance.json", TRUE);
  g_subprocess_launcher_setenv (launcher, "LANGUAGE", "C", TRUE);
  proc = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (proc, input, NULL, &out, &err, &error);
  g_assert_no_error (error);
  if (out_json)
    *out_json = tj_json_parse (out, -1, NULL);
  if (out_text)
    *out_text = g_steal_pointer (&out);
  /* Errors are one line on stderr; a usage error (exit 1) has the usage
   * below it. */
  if (err && *err && g_subprocess_get_exit_status (proc) != 1)
    g_assert_true (strchr (err, '\n') == err + strlen (err) - 1);
  return g_subprocess_get_exit_status (proc);
}

static char *
id_of (JsonNode *node)
{
  g_assert_nonnull (node);
  return g_strdup (tj_json_get_string (json_node_get_object (node), "id", NULL));
}

static void
test_session_cli (void)
{
  g_autoptr(JsonNode) c = NULL, s = NULL, n = NULL, o = NULL, end = NULL, j = NULL, chart = NULL;
  g_autofree char *case_id = NULL, *worker = NULL, *employer = NULL, *joint = NULL, *note = NULL;
  g_autofree char *shown = NULL, *joint_text = NULL, *present = NULL, *png = NULL, *usage = NULL;
  JsonObject *is;

  g_assert_cmpint (run_cli ("{\"title\":\"城南工地欠薪\",\"kind\":\"wage_arrears\",\"source\":\"walk_in\","
                            "\"received_on\":\"2026-11-16\",\"accepted_on\":\"2026-11-16\","
                            "\"knew_on\":\"2026-10-31\",\"employment_ended_on\":\"2026-10-31\","
                            "\"employer\":{\"name\":\"华建劳务有限公司\"},"
                            "\"workers\":[{\"name\":\"张三\",\"owed_fen\":600000},{\"name\":\"王伟\",\"owed_fen\":300000}]}",
                            &c, NULL, "case", "add", "--json", "-", NULL), ==, 0);
  case_id = id_of (c);

  g_assert_cmpint (run_cli (NULL, &s, NULL, "session", "start", "--case", case_id, "--kind", "separate",
                            "--side", "worker", NULL), ==, 0);
  worker = id_of (s);
  g_assert_cmpstr (tj_json_get_string (json_node_get_object (s), "step", NULL), ==, "separate_worker");
  g_assert_cmpint (run_cli (NULL, NULL, NULL, "session", "note", worker, "--text", "包工头跑了 " SENTINEL, NULL), ==, 0);
  g_assert_cmpint (run_cli (NULL, &n, NULL, "session", "note", worker, "--text", "可以分两期", NULL), ==, 0);
  note = id_of (n);
  g_assert_cmpint (run_cli (NULL, NULL, NULL, "session", "offer", worker, "--by", "worker", "--issue", "wages_owed",
                            "--amount", "9000", NULL), ==, 0);

  g_clear_pointer (&s, json_node_unref);
  g_assert_cmpint (run_cli (NULL, &s, NULL, "session", "start", "--case", case_id, "--kind", "separate",
                            "--side", "employer", NULL), ==, 0);
  employer = id_of (s);
  /* Started for today, as in the session window: the employer's meeting
   * runs and the worker's ended, to be continued. */
  g_assert_true (tj_json_get_bool (tj_json_get_object (json_node_get_object (s), "timer"), "running", FALSE));
  {
    g_autoptr(JsonNode) w = NULL;
    g_assert_cmpint (run_cli (NULL, &w, NULL, "session", "show", worker, NULL), ==, 0);
    g_assert_cmpstr (tj_json_get_string (json_node_get_object (w), "outcome", NULL), ==, "continue");
  }
  g_assert_cmpint (run_cli (NULL, NULL, NULL, "session", "offer", employer, "--by", "employer", "--issue",
                            "wages_owed", "--amount-fen", "900000", "--reason", "同意全额", NULL), ==, 0);
  g_assert_cmpint (run_cli (NULL, NULL, NULL, "session", "offer", employer, "--by", "employer", "--issue",
                            "wages_owed", "--amount-fen", "950000", "--visibility", "caucus",
                            "--reason", SENTINEL, NULL), ==, 0);
  g_assert_cmpint (run_cli (NULL, NULL, NULL, "session", "release", note, NULL), ==, 0);

  /* The mediator's view has the caucus text; nothing shared does. */
  g_assert_cmpint (run_cli (NULL, NULL, &shown, "session", "show", worker, NULL), ==, 0);
  g_assert_nonnull (strstr (shown, SENTINEL));
  g_assert_cmpint (run_cli (NULL, &j, &joint_text, "session", "joint", case_id, NULL), ==, 0);
  g_assert_null (strstr (joint_text, SENTINEL));
  g_assert_nonnull (strstr (joint_text, "可以分两期"));
  is = json_array_get_object_element (tj_json_get_array (json_node_get_object (j), "issues"), 0);
  g_assert_true (tj_json_get_bool (is, "crossed", FALSE));
  g_assert_cmpint (tj_json_get_int (is, "meeting_point_fen", 0), ==, 900000);
  g_assert_cmpint (run_cli (NULL, NULL, &present, "session", "present", case_id, NULL), ==, 0);
  g_assert_null (strstr (present, SENTINEL));

  png = g_build_filename (dir, "offers.png", NULL);
  g_assert_cmpint (run_cli (NULL, &chart, NULL, "session", "chart", case_id, "--out", png, NULL), ==, 0);
  g_assert_true (g_file_test (png, G_FILE_TEST_IS_REGULAR));
  g_remove (png);

  g_clear_pointer (&s, json_node_unref);
  g_assert_cmpint (run_cli (NULL, &s, NULL, "session", "start", "--case", case_id, "--kind", "joint", NULL), ==, 0);
  joint = id_of (s);
  g_assert_cmpint (run_cli ("{\"due_on\":\"2026-12-31\"}", &end, NULL, "session", "end", joint,
                            "--outcome", "agreed", "--terms", "-", NULL), ==, 0);
  g_assert_cmpstr (tj_json_get_string (json_node_get_object (end), "case_status", NULL), ==, "agreed");
  g_assert_cmpint (tj_json_get_int (tj_json_get_object (json_node_get_object (end), "settlement"), "total_fen", 0),
                   ==, 900000);

  /* Exit codes: invalid 2, not found 3, conflict 4, usage 1. */
  g_assert_cmpint (run_cli (NULL, NULL, NULL, "session", "end", joint, "--outcome", "agreed", NULL), ==, 4);
  g_assert_cmpint (run_cli (NULL, NULL, NULL, "session", "show", "no-such-session", NULL), ==, 3);
  g_assert_cmpint (run_cli (NULL, NULL, NULL, "session", "note", worker, "--text", "x", "--visibility", "public",
                            NULL), ==, 2);
  g_assert_cmpint (run_cli (NULL, NULL, &usage, "session", "frobnicate", NULL), ==, 1);
}

int
main (int    argc,
      char **argv)
{
  int status;

  /* Every date this test counts from is fixed: no assertion may depend on
   * the calendar (the yearahead test setup checks it). */
  g_setenv ("TIAOJIE_TODAY", "2026-11-22", TRUE);
  g_test_init (&argc, &argv, NULL);
  dir = g_dir_make_tmp ("tj-cli-session-XXXXXX", NULL);
  db_path = g_build_filename (dir, "cli.db", NULL);
  g_test_add_func ("/cli/session", test_session_cli);
  status = g_test_run ();
  {
    const char *suffixes[] = { "", "-wal", "-shm" };
    for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
      {
        g_autofree char *p = g_strconcat (db_path, suffixes[i], NULL);
        g_remove (p);
      }
  }
  g_rmdir (dir);
  return status;
}
