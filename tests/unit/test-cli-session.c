/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tiaojie-cli session …: a mediation run as a script would, with the
 * caucus sentinel checked on the joint outputs and the exit codes. */

#include <glib/gstdio.h>
#include <string.h>

#include "tj-json.h"
#include "tj-test-cli.h"
#include "tj-test-util.h"

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
  const char *env[] = { "TIAOJIE_GUIDANCE", "/nonexistent/guidance.json", NULL };
  g_auto(TjTestCliRun) run = { 0 };
  va_list args;

  va_start (args, out_text);
  tj_test_cli_run_va (&run, &(TjTestCli) { .db = db_path, .input = input, .today = "2026-11-22", .env = env }, args);
  va_end (args);
  if (out_json)
    *out_json = tj_json_parse (run.out, -1, NULL);
  if (out_text)
    *out_text = g_steal_pointer (&run.out);
  /* Errors are one line on stderr; a usage error (exit 1) has the usage
   * below it. */
  if (*run.err && run.status != 1)
    g_assert_true (strchr (run.err, '\n') == run.err + strlen (run.err) - 1);
  return run.status;
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


/* "side:yuan" of every move of the first issue, "!" marking a bottom line. */
static char *
moves_of (JsonNode *figures)
{
  JsonObject *is = json_array_get_object_element (tj_json_get_array (json_node_get_object (figures), "issues"), 0);
  JsonArray *moves = tj_json_get_array (is, "moves");
  GString *s = g_string_new (NULL);

  for (guint i = 0; moves && i < json_array_get_length (moves); i++)
    {
      JsonObject *m = json_array_get_object_element (moves, i);
      g_string_append_printf (s, "%s%s:%" G_GINT64_FORMAT "%s", i ? " " : "", tj_json_get_string (m, "side", ""),
                              tj_json_get_int (m, "amount_fen", 0) / 100,
                              tj_json_get_bool (m, "private", FALSE) ? "!" : "");
    }
  return g_string_free (s, FALSE);
}

static char *
start_meeting (const char *case_id,
               const char *kind,
               const char *side)
{
  g_autoptr(JsonNode) s = NULL;

  g_assert_cmpint (run_cli (NULL, &s, NULL, "session", "start", "--case", case_id, "--kind", kind,
                            side ? "--side" : NULL, side, NULL), ==, 0);
  return id_of (s);
}

static void
say (const char *session,
     const char *by,
     const char *amount,
     gboolean    private)
{
  g_assert_cmpint (run_cli (NULL, NULL, NULL, "session", "offer", session, "--by", by, "--issue", "wages_owed",
                            "--amount", amount, "--visibility", private ? "caucus" : "joint",
                            "--reason", private ? "底线 " SENTINEL : "当面提出", NULL), ==, 0);
}

/* Every figure named stays, in order; caucus figures only with --private. */
static void
test_figures_cli (void)
{
  g_autoptr(JsonNode) c = NULL, table = NULL, mediator = NULL, view = NULL, meeting = NULL;
  g_autofree char *case_id = NULL, *w1 = NULL, *e1 = NULL, *j1 = NULL, *w2 = NULL, *e2 = NULL, *j2 = NULL;
  g_autofree char *table_text = NULL, *private_text = NULL, *view_text = NULL, *meeting_text = NULL;
  g_autofree char *table_moves = NULL, *mediator_moves = NULL, *png = NULL;
  JsonObject *is;

  g_assert_cmpint (run_cli ("{\"title\":\"东郊物流园欠薪\",\"kind\":\"wage_arrears\",\"source\":\"hotline\","
                            "\"received_on\":\"2026-11-16\",\"accepted_on\":\"2026-11-16\","
                            "\"knew_on\":\"2026-10-31\",\"employment_ended_on\":\"2026-10-31\","
                            "\"employer\":{\"name\":\"东郊物流有限公司\"},"
                            "\"workers\":[{\"name\":\"李四\",\"owed_fen\":110605000}]}",
                            &c, NULL, "case", "add", "--json", "-", NULL), ==, 0);
  case_id = id_of (c);

  w1 = start_meeting (case_id, "separate", "worker");
  say (w1, "worker", "1106050", FALSE);
  say (w1, "worker", "860000", TRUE);
  e1 = start_meeting (case_id, "separate", "employer");
  say (e1, "employer", "600000", FALSE);
  say (e1, "employer", "880000", TRUE);
  j1 = start_meeting (case_id, "joint", NULL);
  say (j1, "worker", "1000000", FALSE);
  say (j1, "employer", "700000", FALSE);
  w2 = start_meeting (case_id, "separate", "worker");
  say (w2, "worker", "950000", FALSE);
  e2 = start_meeting (case_id, "separate", "employer");
  say (e2, "employer", "800000", FALSE);
  j2 = start_meeting (case_id, "joint", NULL);
  say (j2, "worker", "900000", FALSE);
  say (j2, "employer", "850000", FALSE);
  say (j2, "both", "875000", FALSE);

  g_assert_cmpint (run_cli (NULL, &table, &table_text, "session", "figures", case_id, NULL), ==, 0);
  table_moves = moves_of (table);
  g_assert_cmpstr (table_moves, ==,
                   "worker:1106050 employer:600000 worker:1000000 employer:700000 worker:950000 employer:800000 "
                   "worker:900000 employer:850000 agreed:875000");
  g_assert_null (strstr (table_text, SENTINEL));
  g_assert_null (strstr (table_text, "86000000"));
  g_assert_null (strstr (table_text, "bottom_lines"));
  is = json_array_get_object_element (tj_json_get_array (json_node_get_object (table), "issues"), 0);
  g_assert_cmpuint (json_array_get_length (tj_json_get_array (is, "gaps")), ==, 7);
  g_assert_cmpuint (json_array_get_length (tj_json_get_array (is, "rounds")), ==, 2);

  g_assert_cmpint (run_cli (NULL, &mediator, &private_text, "session", "figures", case_id, "--private", NULL), ==, 0);
  mediator_moves = moves_of (mediator);
  g_assert_cmpstr (mediator_moves, ==,
                   "worker:1106050 worker:860000! employer:600000 employer:880000! worker:1000000 employer:700000 "
                   "worker:950000 employer:800000 worker:900000 employer:850000 agreed:875000");
  g_assert_nonnull (strstr (private_text, SENTINEL));
  g_assert_cmpstr (tj_json_get_string (json_node_get_object (mediator), "audience", NULL), ==, "mediator");
  /* --private is the mediator's: never with another audience. */
  g_assert_cmpint (run_cli (NULL, NULL, NULL, "session", "figures", case_id, "--private", "--audience", "table",
                            NULL), ==, 2);

  /* Each audience through one door. */
  g_assert_cmpint (run_cli (NULL, &view, &view_text, "session", "view", case_id, "--audience", "parties_screen", NULL),
                   ==, 0);
  g_assert_null (strstr (view_text, SENTINEL));
  g_assert_nonnull (tj_json_get_array (json_node_get_object (view), "items"));
  g_clear_pointer (&view_text, g_free);
  g_assert_cmpint (run_cli (NULL, NULL, &view_text, "session", "view", case_id, "--audience", "document", NULL), ==, 0);
  g_assert_null (strstr (view_text, SENTINEL));
  g_clear_pointer (&view_text, g_free);
  g_assert_cmpint (run_cli (NULL, NULL, &view_text, "session", "view", case_id, NULL), ==, 0);
  g_assert_nonnull (strstr (view_text, SENTINEL));
  g_assert_cmpint (run_cli (NULL, NULL, NULL, "session", "view", case_id, "--audience", "everyone", NULL), ==, 2);
  /* The worker's caucus as the table would see it: when and where only. */
  g_assert_cmpint (run_cli (NULL, &meeting, &meeting_text, "session", "show", w1, "--audience", "table", NULL), ==, 0);
  g_assert_null (strstr (meeting_text, SENTINEL));
  g_assert_cmpstr (tj_json_get_string (json_node_get_object (meeting), "step", NULL), ==, "separate_worker");
  g_assert_cmpint (run_cli (NULL, NULL, NULL, "session", "show", w1, "--audience", "document", NULL), ==, 2);

  /* The chart draws every move: the private view has more to draw. */
  png = g_build_filename (dir, "record.png", NULL);
  g_assert_cmpint (run_cli (NULL, NULL, NULL, "session", "chart", case_id, "--out", png, "--private", NULL), ==, 0);
  g_assert_true (g_file_test (png, G_FILE_TEST_IS_REGULAR));
  g_remove (png);
}

int
main (int    argc,
      char **argv)
{
  int status;

  tj_test_pin_today ("2026-11-22");
  g_test_init (&argc, &argv, NULL);
  dir = g_dir_make_tmp ("tj-cli-session-XXXXXX", NULL);
  db_path = g_build_filename (dir, "cli.db", NULL);
  g_test_add_func ("/cli/session", test_session_cli);
  g_test_add_func ("/cli/session/figures", test_figures_cli);
  status = g_test_run ();
  tj_test_remove_tree (dir);
  return status;
}
