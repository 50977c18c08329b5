/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Newer holidays installed while cases are open: the mediation limits the
 * case list and the reports keep in their indexes are counted again, once,
 * in the running program (tj_calendar_reload_default) and in one that
 * opens the database later. Runs with isolated XDG folders, so the user's
 * holiday file is the test's own. */

#include <glib/gstdio.h>
#include <sqlite3.h>

#include "tj-calendar.h"
#include "tj-case.h"
#include "tj-json.h"
#include "tj-report.h"
#include "tj-test-util.h"

/* A case received and accepted on 2026-12-17: its 15 days end on Friday
 * 2027-01-01, New Year's Day. Without the 2027 notice the statutory
 * holiday still counts (全国年节及纪念日放假办法): the end moves over the
 * weekend to Monday 2027-01-04. The notice below is made up for the test:
 * it also gives Monday 01-04 off, so the end moves to Tuesday 01-05 once
 * it is installed. */
static const char accepted_case[] =
  "{\"kind\":\"wage_arrears\",\"source\":\"walk_in\",\"received_on\":\"2026-12-17\","
  "\"accepted_on\":\"2026-12-17\",\"employer\":{\"name\":\"东方电子厂\"},"
  "\"workers\":[{\"name\":\"王小明\",\"owed_fen\":356000}]}";

static const char holidays_2027[] =
  "{\"source\":\"test\",\"updated\":\"2026-11-22\",\"years\":{\"2027\":{\"official\":true,"
  "\"source\":\"国务院办公厅关于2027年部分节假日安排的通知\",\"published\":\"2026-11-20\","
  "\"holidays\":[\"2027-01-01\",\"2027-01-02\",\"2027-01-03\",\"2027-01-04\"],\"workdays\":[]}}}";

static char *
listed_deadline (TjStore *store)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonArray) rows = NULL;
  TjCaseQuery query;

  tj_case_query_init (&query);
  query.today = "2026-12-18";
  rows = tj_case_list (store, &query, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (json_array_get_length (rows), ==, 1);
  return g_strdup (tj_json_get_string (json_array_get_object_element (rows, 0), "mediation_deadline", NULL));
}

static char *
report_deadline (TjStore *store)
{
  sqlite3_stmt *st = NULL;
  char *deadline = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (tj_store_get_sqlite (store),
                                       "SELECT mediation_deadline FROM report_case", -1, &st, NULL), ==, SQLITE_OK);
  if (sqlite3_step (st) == SQLITE_ROW)
    deadline = g_strdup ((const char *) sqlite3_column_text (st, 0));
  sqlite3_finalize (st);
  return deadline;
}

static void
test_recount (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("tj-recount-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "cases.db", NULL);
  g_autofree char *source = g_build_filename (dir, "holidays-2027.json", NULL);
  g_autofree char *user_file = tj_calendar_get_user_file_path ();
  g_autofree char *before = NULL, *after = NULL, *report_before = NULL, *report_after = NULL;
  g_autofree char *reopened = NULL;
  g_autoptr(TjStore) store = NULL;
  g_autoptr(JsonObject) added = NULL;
  g_autoptr(JsonObject) input = NULL;
  TjCaseContext ctx;

  g_assert_false (tj_calendar_covers_year (tj_calendar_get_default (), 2027));

  store = tj_store_open (path, &error);
  g_assert_no_error (error);
  g_assert_true (tj_report_attach (store, &error));
  g_assert_no_error (error);
  tj_case_context_init_defaults (&ctx);
  ctx.station_code = "海";
  ctx.today = "2026-12-17";
  input = tj_json_parse_object (accepted_case, -1, &error);
  g_assert_no_error (error);
  added = tj_case_add (store, &ctx, input, &error);
  g_assert_no_error (error);

  before = listed_deadline (store);
  report_before = report_deadline (store);
  g_assert_cmpstr (before, ==, "2027-01-04");
  g_assert_cmpstr (report_before, ==, "2027-01-04");

  /* Nothing changed: nothing to count. */
  g_assert_true (tj_case_recount_deadlines (store, &error));
  g_assert_no_error (error);

  /* The centre's file arrives and is installed; the program reloads. */
  g_assert_true (g_file_set_contents (source, holidays_2027, -1, NULL));
  g_assert_true (tj_calendar_install_file (source, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_test (user_file, G_FILE_TEST_EXISTS));
  tj_calendar_reload_default ();
  g_assert_true (tj_calendar_covers_year (tj_calendar_get_default (), 2027));
  g_assert_true (tj_case_recount_deadlines (store, &error));
  g_assert_no_error (error);
  g_assert_true (tj_report_recount_deadlines (store, &error));
  g_assert_no_error (error);

  after = listed_deadline (store);
  report_after = report_deadline (store);
  g_assert_cmpstr (after, ==, "2027-01-05");
  g_assert_cmpstr (report_after, ==, "2027-01-05");

  /* The case page counts with the same calendar. */
  {
    g_autoptr(JsonObject) shown = tj_case_show (store, &ctx, tj_json_get_string (added, "id", NULL), &error);
    g_assert_no_error (error);
    g_assert_cmpstr (tj_json_get_string (tj_json_get_object (tj_json_get_object (shown, "deadlines"), "mediation"),
                                         "date", NULL), ==, "2027-01-05");
  }

  /* A later program (another store on the file) finds them counted. */
  g_clear_object (&store);
  store = tj_store_open (path, &error);
  g_assert_no_error (error);
  g_assert_true (tj_report_attach (store, &error));
  reopened = listed_deadline (store);
  g_assert_cmpstr (reopened, ==, "2027-01-05");

  /* The user's file is removed: the next program that opens the database
   * counts with the bundled data again. */
  g_assert_cmpint (g_unlink (user_file), ==, 0);
  tj_calendar_reload_default ();
  g_clear_object (&store);
  store = tj_store_open (path, &error);
  g_assert_no_error (error);
  g_assert_true (tj_report_attach (store, &error));
  g_free (reopened);
  reopened = listed_deadline (store);
  g_assert_cmpstr (reopened, ==, "2027-01-04");

  g_clear_object (&store);
  {
    const char *suffixes[] = { "", "-wal", "-shm" };
    for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
      {
        g_autofree char *p = g_strconcat (path, suffixes[i], NULL);
        g_remove (p);
      }
  }
  g_remove (source);
  g_rmdir (dir);
}

int
main (int    argc,
      char **argv)
{
  tj_test_pin_today ("2026-12-17");
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  g_test_add_func ("/recount/holidays-installed", test_recount);
  return g_test_run ();
}
