/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tiaojie-cli agenda as scripts use it: the JSON of a fixed day, the --days
 * window, recording a follow-up call, and the exit codes of bad input. */

#include <glib/gstdio.h>
#include <string.h>

#include "tj-json.h"
#include "tj-test-cli.h"
#include "tj-test-util.h"

static char *dir;
static char *db;

/* tiaojie-cli --db DB ARGS with @input on stdin on Friday 2026-11-20;
 * returns the exit status and the parsed stdout. */
#define run_cli(text, out_json, out_err, ...) \
  tj_test_cli_object (&(TjTestCli) { .db = db, .input = (text), .today = "2026-11-20" }, out_json, out_err, __VA_ARGS__)

static char *
add_case (const char *json)
{
  g_autoptr(JsonObject) out = NULL;

  g_assert_cmpint (run_cli (json, &out, NULL, "case", "add", "--json", "-", NULL), ==, 0);
  g_assert_nonnull (out);
  return g_strdup (tj_json_get_string (out, "id", NULL));
}

static JsonObject *
first (JsonObject *agenda,
       const char *list)
{
  JsonArray *items = tj_json_get_array (agenda, list);

  g_assert_nonnull (items);
  return json_array_get_length (items) ? json_array_get_object_element (items, 0) : NULL;
}

static void
test_agenda (void)
{
  g_autofree char *late = NULL, *soon = NULL;
  g_autoptr(JsonObject) week = NULL;
  g_autoptr(JsonObject) month = NULL;
  g_autoptr(JsonObject) recorded = NULL;
  g_autoptr(JsonObject) after = NULL;
  g_autofree char *err = NULL;
  JsonObject *item;

  /* Mediation limit ended Wed 11-11; another ends Fri 12-04. */
  late = add_case ("{\"title\":\"逾期\",\"kind\":\"wage_arrears\",\"source\":\"walk_in\","
                   "\"received_on\":\"2026-10-27\",\"accepted_on\":\"2026-10-27\","
                   "\"employment_ongoing\":true,\"workers\":[{\"name\":\"孙立\"}]}");
  soon = add_case ("{\"title\":\"两周内\",\"kind\":\"wage_arrears\",\"source\":\"walk_in\","
                   "\"received_on\":\"2026-11-19\",\"accepted_on\":\"2026-11-19\","
                   "\"employment_ongoing\":true,\"workers\":[{\"name\":\"赵敏\"}]}");

  g_assert_cmpint (run_cli ("", &week, NULL, "agenda", NULL), ==, 0);
  g_assert_cmpstr (tj_json_get_string (week, "today", NULL), ==, "2026-11-20");
  g_assert_cmpint (tj_json_get_int (week, "days", 0), ==, 7);
  item = first (week, "overdue");
  g_assert_nonnull (item);
  g_assert_cmpstr (tj_json_get_string (item, "case_id", NULL), ==, late);
  g_assert_cmpstr (tj_json_get_string (item, "kind", NULL), ==, "mediation");
  g_assert_cmpint (tj_json_get_int (item, "days_left", 0), ==, -9);
  g_assert_nonnull (strstr (tj_json_get_string (item, "basis", ""), "Article 14"));
  g_assert_null (first (week, "due"));

  g_assert_cmpint (run_cli ("", &month, NULL, "agenda", "--days", "14", NULL), ==, 0);
  item = first (month, "due");
  g_assert_nonnull (item);
  g_assert_cmpstr (tj_json_get_string (item, "case_id", NULL), ==, soon);
  g_assert_cmpstr (tj_json_get_string (item, "date", NULL), ==, "2026-12-04");

  /* Recording a call: bad kind, unknown case, then the real one. */
  g_assert_cmpint (run_cli ("", NULL, &err, "agenda", "follow-up", late, "follow_up_9", NULL), ==, 2);
  g_assert_nonnull (strstr (err, "follow_up_9"));
  g_assert_cmpint (strchr (err, '\n') - err, ==, (int) strlen (err) - 1);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_cli ("", NULL, NULL, "agenda", "follow-up", "no-such-case", "follow_up_7", NULL), ==, 3);
  g_assert_cmpint (run_cli ("", &recorded, NULL, "agenda", "follow-up", late, "follow_up_7",
                            "--note", "已付清", NULL), ==, 0);
  g_assert_cmpstr (tj_json_get_string (recorded, "follow_up", NULL), ==, "follow_up_7");

  /* Usage errors. */
  g_assert_cmpint (run_cli ("", NULL, NULL, "agenda", "--days", "x", NULL), ==, 2);
  g_assert_cmpint (run_cli ("", NULL, NULL, "agenda", "--days", "99999", NULL), ==, 1);
  g_assert_cmpint (run_cli ("", NULL, NULL, "agenda", "bogus", NULL), ==, 1);
  g_assert_cmpint (run_cli ("", NULL, NULL, "agenda", "follow-up", late, NULL), ==, 1);

  /* Nothing bad was written: the agenda is the same. */
  g_assert_cmpint (run_cli ("", &after, NULL, "agenda", NULL), ==, 0);
  g_assert_cmpuint (json_array_get_length (tj_json_get_array (after, "overdue")), ==, 1);
}

int
main (int    argc,
      char **argv)
{
  int ret;

  tj_test_pin_today ("2026-11-20");
  g_test_init (&argc, &argv, NULL);
  dir = g_dir_make_tmp ("tj-cli-agenda-XXXXXX", NULL);
  db = g_build_filename (dir, "agenda.db", NULL);

  g_test_add_func ("/cli/agenda", test_agenda);
  ret = g_test_run ();

  tj_test_remove_tree (dir);
  g_free (db);
  g_free (dir);
  return ret;
}
