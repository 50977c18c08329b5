/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tiaojie-cli calc …: the calculators and deadlines as scripts use them,
 * including a user-updated holiday calendar in $XDG_DATA_HOME. */

#include <glib/gstdio.h>
#include <string.h>

#include "tj-json.h"
#include "tj-test-cli.h"
#include "tj-test-util.h"

static char *data_home;

/* tiaojie-cli ARGS with @input on stdin and XDG_DATA_HOME set to a
 * private folder; returns the exit status and the parsed stdout. */
#define run_cli(text, out_json, out_err, ...) \
  tj_test_cli_object (&(TjTestCli) { .input = (text), .env = (const char *[]) { "XDG_DATA_HOME", data_home, NULL } }, \
                      out_json, out_err, __VA_ARGS__)

static void
test_calculators (void)
{
  g_autoptr(JsonObject) r = NULL;
  g_autoptr(JsonObject) none = NULL;
  g_autofree char *err = NULL;

  /* The overtime example of test-calc.c: ¥4,896.55. */
  g_assert_cmpint (run_cli ("{\"monthly_wage_fen\":1200000,\"weekday_hours\":10,\"restday_hours\":16,\"holiday_hours\":8}",
                            &r, NULL, "calc", "overtime", "--json", "-", NULL), ==, 0);
  g_assert_nonnull (r);
  g_assert_cmpint (json_object_get_int_member (r, "amount_fen"), ==, 489655);
  g_assert_cmpstr (json_object_get_string_member (r, "amount_text"), ==, "¥4,896.55");

  /* Bad input: exit code 2, one line on stderr naming the field, nothing on stdout. */
  g_assert_cmpint (run_cli ("{\"start\":\"2020-01-01\",\"end\":\"2021-01-01\"}",
                            &none, &err, "calc", "compensation", "--json", "-", NULL), ==, 2);
  g_assert_null (none);
  g_assert_nonnull (strstr (err, "monthly_wage_fen"));
  g_assert_cmpint (strchr (err, '\n') - err, ==, (int) strlen (err) - 1);
  g_clear_pointer (&err, g_free);

  /* An unknown calculator is a usage error (README): named, then the
   * calculators there are. */
  /* N + 1 (test-calc.c): 5.5 × ¥8,000 + ¥8,500 = ¥52,500, both parts. */
  {
    g_autoptr(JsonObject) n1 = NULL;
    g_autoptr(JsonObject) split = NULL;
    g_autoptr(JsonObject) kinds = NULL;

    g_assert_cmpint (run_cli ("{\"monthly_wage_fen\":800000,\"start\":\"2020-03-01\",\"end\":\"2025-08-30\","
                              "\"local_avg_monthly_wage_fen\":1000000,\"last_month_wage_fen\":850000}",
                              &n1, NULL, "calc", "compensation_with_notice", "--json", "-", NULL), ==, 0);
    g_assert_cmpint (json_object_get_int_member (n1, "amount_fen"), ==, 5250000);
    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (n1, "parts")), ==, 2);
    g_assert_cmpint (run_cli ("{\"last_month_wage_fen\":650000}", &kinds, NULL, "calc", "notice_pay", "--json", "-", NULL), ==, 0);
    g_assert_cmpint (json_object_get_int_member (kinds, "amount_fen"), ==, 650000);

    /* 上海 2025-05 … 09 at ¥2,500 paid: 190 × 2 + 240 × 3 = ¥1,100, both
     * minimum wages named with their dates. */
    g_assert_cmpint (run_cli ("{\"monthly_wage_fen\":250000,\"city\":\"上海\",\"from_month\":\"2025-05\",\"to_month\":\"2025-09\"}",
                              &split, NULL, "calc", "minimum_wage", "--json", "-", NULL), ==, 0);
    g_assert_cmpint (json_object_get_int_member (split, "amount_fen"), ==, 110000);
    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (split, "figures")), ==, 2);

    /* Service before 2008 without the ground: exit 2, the field named. */
    g_clear_pointer (&err, g_free);
    g_assert_cmpint (run_cli ("{\"monthly_wage_fen\":600000,\"start\":\"2005-07-01\",\"end\":\"2010-06-30\"}",
                              NULL, &err, "calc", "compensation", "--json", "-", NULL), ==, 2);
    g_assert_nonnull (strstr (err, "termination_ground"));
    g_clear_pointer (&err, g_free);
  }

  g_assert_cmpint (run_cli ("{}", NULL, &err, "calc", "bonus", "--json", "-", NULL), ==, 1);
  g_assert_nonnull (strstr (err, "bonus"));
  g_assert_nonnull (strstr (err, "calc overtime --json"));
  g_assert_cmpint (run_cli ("", NULL, NULL, "calc", "overtime", NULL), ==, 1);
  g_assert_cmpint (run_cli ("", NULL, NULL, "calc", NULL), ==, 1);
}

/* calc describe: the inputs a calculator reads, as the window shows them;
 * what it lists is what the calculator accepts. */
static void
test_describe (void)
{
  g_autoptr(JsonObject) d = NULL;
  g_autoptr(JsonObject) arrears = NULL;
  g_autoptr(JsonObject) none = NULL;
  g_autofree char *err = NULL;
  JsonArray *inputs;
  gboolean wage = FALSE, start = FALSE, city = FALSE, hours = FALSE;

  g_assert_cmpint (run_cli ("", &d, NULL, "calc", "describe", "compensation", NULL), ==, 0);
  g_assert_cmpstr (json_object_get_string_member (d, "kind"), ==, "compensation");
  g_assert_cmpstr (json_object_get_string_member (d, "label"), ==, "Economic compensation (N)");
  inputs = json_object_get_array_member (d, "inputs");
  for (guint i = 0; i < json_array_get_length (inputs); i++)
    {
      JsonObject *in = json_array_get_object_element (inputs, i);
      const char *member = json_object_get_string_member (in, "member");
      const char *type = json_object_get_string_member (in, "type");

      g_assert_true (json_object_has_member (in, "title"));
      if (g_str_equal (member, "monthly_wage_fen"))
        wage = g_str_equal (type, "money");
      if (g_str_equal (member, "start"))
        start = g_str_equal (type, "date");
      if (g_str_equal (member, "city"))
        city = g_str_equal (type, "city");
      if (g_str_equal (member, "weekday_hours"))
        hours = TRUE;
    }
  g_assert_true (wage && start && city);
  g_assert_false (hours);   /* overtime's, not compensation's */

  g_assert_cmpint (run_cli ("", &arrears, NULL, "calc", "describe", "arrears", NULL), ==, 0);
  inputs = json_object_get_array_member (arrears, "inputs");
  g_assert_cmpuint (json_array_get_length (inputs), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (inputs, 0), "type"), ==, "list");

  g_assert_cmpint (run_cli ("", &none, &err, "calc", "describe", "bonus", NULL), ==, 3);
  g_assert_null (none);
  g_assert_nonnull (strstr (err, "bonus"));
  g_assert_cmpint (run_cli ("", NULL, NULL, "calc", "describe", NULL), ==, 1);
}

static void
test_capital (void)
{
  g_autoptr(JsonObject) r = NULL;

  g_assert_cmpint (run_cli ("", &r, NULL, "calc", "capital", "1.2万", NULL), ==, 0);
  g_assert_cmpint (json_object_get_int_member (r, "amount_fen"), ==, 1200000);
  g_assert_cmpstr (json_object_get_string_member (r, "capital"), ==, "人民币壹万贰仟元整");
  g_assert_cmpint (run_cli ("", NULL, NULL, "calc", "capital", "12,00", NULL), ==, 2);
}

static void
test_calendar (void)
{
  g_autoptr(JsonObject) r = NULL;
  JsonObject *year;
  g_autofree char *workdays = NULL;

  g_assert_cmpint (run_cli ("", &r, NULL, "calc", "calendar", "2025", NULL), ==, 0);
  year = json_array_get_object_element (json_object_get_array_member (r, "years"), 0);
  g_assert_cmpint (json_object_get_int_member (year, "year"), ==, 2025);
  g_assert_true (json_object_get_boolean_member (year, "official"));
  /* 2025: eight days off for National Day, 10-11 (Sat) a 调休 working day. */
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (year, "workdays")), ==, 5);
  workdays = json_to_string (json_object_get_member (year, "workdays"), FALSE);
  g_assert_nonnull (strstr (workdays, "\"2025-10-11\""));
  g_assert_nonnull (strstr (json_object_get_string_member (r, "user_file"), data_home));
  /* A year without a notice: the statutory holidays, computed, marked as
   * estimated. 2030: 春节 02-03, so 除夕 02-02 to 初三 02-05; 清明 04-05;
   * 端午 06-05; 中秋 09-12 — 13 days with 元旦, 劳动节 and 国庆. */
  g_clear_pointer (&r, json_object_unref);
  g_assert_cmpint (run_cli ("", &r, NULL, "calc", "calendar", "2030", NULL), ==, 0);
  year = json_array_get_object_element (json_object_get_array_member (r, "years"), 0);
  g_assert_true (json_object_get_boolean_member (year, "estimated"));
  g_assert_false (json_object_get_boolean_member (year, "official"));
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (year, "holidays")), ==, 13);
  g_clear_pointer (&workdays, g_free);
  workdays = json_to_string (json_object_get_member (year, "holidays"), FALSE);
  g_assert_nonnull (strstr (workdays, "\"2030-02-02\""));
  g_assert_nonnull (strstr (workdays, "\"2030-09-12\""));
  g_assert_nonnull (strstr (json_object_get_string_member (year, "warning"), "调休"));
  g_assert_cmpint (run_cli ("", NULL, NULL, "calc", "calendar", "1999", NULL), ==, 3);
  g_assert_cmpint (run_cli ("", NULL, NULL, "calc", "calendar", "next", NULL), ==, 1);
}

static void
test_deadlines_with_user_calendar (void)
{
  g_autofree char *dir = g_build_filename (data_home, "tiaojie", NULL);
  g_autofree char *file = g_build_filename (dir, "holidays-cn.json", NULL);
  g_autoptr(JsonObject) before = NULL;
  g_autoptr(JsonObject) after = NULL;
  g_autoptr(JsonObject) broken = NULL;
  const char *input = "{\"accepted_on\":\"2025-03-03\",\"today\":\"2025-03-04\"}";
  JsonArray *deadlines, *warnings;

  /* Bundled calendar: 2025-03-03 + 15 = 2025-03-18, a Tuesday. */
  g_assert_cmpint (run_cli (input, &before, NULL, "calc", "deadlines", "--json", "-", NULL), ==, 0);
  deadlines = json_object_get_array_member (before, "deadlines");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (deadlines, 0), "date"),
                   ==, "2025-03-18");

  /* The user's calendar makes 2025-03-18 a holiday: the end moves to 03-19. */
  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  g_assert_true (g_file_set_contents (file,
    "{\"years\":{\"2025\":{\"holidays\":[\"2025-03-18\"],\"workdays\":[]}}}", -1, NULL));
  g_assert_cmpint (run_cli (input, &after, NULL, "calc", "deadlines", "--json", "-", NULL), ==, 0);
  deadlines = json_object_get_array_member (after, "deadlines");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (deadlines, 0), "date"),
                   ==, "2025-03-19");

  /* A broken user file: still exit 0 on the bundled data, with a warning
   * naming the file and the line. */
  g_assert_true (g_file_set_contents (file, "{\n\"years\": {\n\"2025\": {\"holidays\": [\"2025-3-18\"]}}}\n", -1, NULL));
  g_assert_cmpint (run_cli (input, &broken, NULL, "calc", "deadlines", "--json", "-", NULL), ==, 0);
  deadlines = json_object_get_array_member (broken, "deadlines");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (deadlines, 0), "date"),
                   ==, "2025-03-18");
  warnings = json_object_get_array_member (broken, "warnings");
  g_assert_cmpuint (json_array_get_length (warnings), ==, 1);
  g_assert_nonnull (strstr (json_array_get_string_element (warnings, 0), file));
  g_assert_nonnull (strstr (json_array_get_string_element (warnings, 0), "line 3"));

  g_unlink (file);
  g_rmdir (dir);
}

/* A newer calendar from the centre, installed with --install: checked
 * completely first (a bad file changes nothing and names its line), then
 * used by the deadlines. The same for local figures. */
static void
test_install (void)
{
  g_autofree char *dir = g_build_filename (data_home, "tiaojie", NULL);
  g_autofree char *file = g_build_filename (dir, "holidays-cn.json", NULL);
  g_autofree char *figures_file = g_build_filename (dir, "local-figures-cn.json", NULL);
  g_autofree char *source = g_build_filename (data_home, "holidays-2027.json", NULL);
  g_autofree char *bad = g_build_filename (data_home, "bad.json", NULL);
  g_autofree char *err = NULL;
  g_autoptr(JsonObject) listed = NULL;
  g_autoptr(JsonObject) deadlines = NULL;
  g_autoptr(JsonObject) figures = NULL;
  g_autofree char *installed = NULL;
  JsonArray *years;
  const char *input = "{\"accepted_on\":\"2026-12-17\",\"today\":\"2026-12-17\"}";

  /* 2026-12-17 + 15 = 2027-01-01, New Year's Day: without the notice the
   * statutory holiday and the weekend move the end to Monday 2027-01-04,
   * with a warning. The notice below is made up: it also gives Monday
   * 01-04 off, so once installed the end is Tuesday 01-05. */
  g_assert_true (g_file_set_contents (source,
    "{\"source\":\"test\",\"updated\":\"2026-11-22\",\"years\":{\"2027\":{\"official\":true,"
    "\"source\":\"国务院办公厅关于2027年部分节假日安排的通知\",\"published\":\"2026-11-20\","
    "\"holidays\":[\"2027-01-01\",\"2027-01-02\",\"2027-01-03\",\"2027-01-04\"],\"workdays\":[]}}}", -1, NULL));
  {
    g_autoptr(JsonObject) estimated = NULL;
    g_assert_cmpint (run_cli (input, &estimated, NULL, "calc", "deadlines", "--json", "-", NULL), ==, 0);
    g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (
                       json_object_get_array_member (estimated, "deadlines"), 0), "date"), ==, "2027-01-04");
    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (estimated, "warnings")), ==, 1);
  }
  g_assert_true (g_file_set_contents (bad, "{\n\"years\": {\n\"2027\": {\"holidays\": [\"2027-1-1\"]}}}\n", -1, NULL));

  g_assert_cmpint (run_cli ("", NULL, &err, "calc", "calendar", "--install", bad, NULL), ==, 2);
  g_assert_nonnull (strstr (err, bad));
  g_assert_nonnull (strstr (err, "line 3"));
  g_assert_false (g_file_test (file, G_FILE_TEST_EXISTS));

  g_assert_cmpint (run_cli ("", &listed, NULL, "calc", "calendar", "--install", source, NULL), ==, 0);
  g_assert_cmpstr (json_object_get_string_member (listed, "user_file"), ==, file);
  years = json_object_get_array_member (listed, "years");
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (years, json_array_get_length (years) - 1),
                                               "year"), ==, 2027);
  g_assert_true (g_file_get_contents (file, &installed, NULL, NULL));

  g_assert_cmpint (run_cli (input, &deadlines, NULL, "calc", "deadlines", "--json", "-", NULL), ==, 0);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (
                     json_object_get_array_member (deadlines, "deadlines"), 0), "date"), ==, "2027-01-05");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (deadlines, "warnings")), ==, 0);

  /* A bad file after a good one leaves the good one in place. */
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_cli ("", NULL, &err, "calc", "calendar", "--install", bad, NULL), ==, 2);
  {
    g_autofree char *still = NULL;
    g_assert_true (g_file_get_contents (file, &still, NULL, NULL));
    g_assert_cmpstr (still, ==, installed);
  }

  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_cli ("", NULL, &err, "calc", "figures", "--install", bad, NULL), ==, 2);
  g_assert_nonnull (strstr (err, bad));
  g_assert_false (g_file_test (figures_file, G_FILE_TEST_EXISTS));
  /* A dated figure with a bad date: the line and the member are named. */
  g_clear_pointer (&err, g_free);
  g_assert_true (g_file_set_contents (bad, "{\"figures\": [\n  {\"city\": \"东莞\", \"kind\": \"min_monthly_wage\",\n"
                                      "   \"value_fen\": 230000, \"effective\": \"2025-02-30\"}\n]}\n", -1, NULL));
  g_assert_cmpint (run_cli ("", NULL, &err, "calc", "figures", "--install", bad, NULL), ==, 2);
  g_assert_nonnull (strstr (err, "line 3"));
  g_assert_nonnull (strstr (err, "effective"));
  g_assert_false (g_file_test (figures_file, G_FILE_TEST_EXISTS));
  g_assert_true (g_file_set_contents (bad, "{\"figures\":[{\"city\":\"东莞\",\"year\":2027,"
                                      "\"avg_monthly_wage_fen\":800000,\"avg_wage_of_year\":2026,"
                                      "\"min_monthly_wage_fen\":null,\"source\":\"test\"}]}", -1, NULL));
  g_assert_cmpint (run_cli ("", &figures, NULL, "calc", "figures", "--install", bad, NULL), ==, 0);
  g_assert_cmpstr (json_object_get_string_member (figures, "user_file"), ==, figures_file);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (figures, "warnings")), ==, 0);
  g_assert_cmpint (run_cli ("", NULL, NULL, "calc", "figures", NULL), ==, 1);

  g_unlink (file);
  g_unlink (figures_file);
  g_unlink (source);
  g_unlink (bad);
  g_rmdir (dir);
}

int
main (int    argc,
      char **argv)
{
  int status;

  tj_test_pin_today ("2026-11-22");
  g_test_init (&argc, &argv, NULL);
  data_home = g_dir_make_tmp ("tj-cli-calc-XXXXXX", NULL);
  g_test_add_func ("/cli/calc/calculators", test_calculators);
  g_test_add_func ("/cli/calc/capital", test_capital);
  g_test_add_func ("/cli/calc/describe", test_describe);
  g_test_add_func ("/cli/calc/calendar", test_calendar);
  g_test_add_func ("/cli/calc/deadlines-user-calendar", test_deadlines_with_user_calendar);
  g_test_add_func ("/cli/calc/install", test_install);
  status = g_test_run ();
  g_rmdir (data_home);
  g_free (data_home);
  return status;
}
