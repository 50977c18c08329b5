/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Day counting (民法典 §201–§203) and the legal deadlines of a case, on the
 * bundled holiday calendar. Weekdays and holidays are noted next to each
 * date so a reader can check them against a calendar. */

#include <glib/gstdio.h>
#include <string.h>

#include "tj-calendar.h"
#include "tj-data-file.h"
#include "tj-deadline.h"
#include "tj-error.h"
#include "tj-json.h"
#include "tj-lunar.h"
#include "tj-test-util.h"
#include "tj-time.h"

static TjCalendar *
bundled (void)
{
  return tj_calendar_new_with_user_file (NULL);
}

static GDate
date (const char *iso)
{
  GDate d;

  g_assert_true (tj_date_parse_iso (iso, &d));
  return d;
}

/* @iso as the notes write it (the user's language). */
static char *
display (const char *iso)
{
  GDate d;

  g_assert_true (tj_date_parse_iso (iso, &d));
  return tj_date_format_display (&d);
}

static void
assert_date (const GDate *d,
             const char  *iso)
{
  g_autofree char *text = tj_date_to_iso (d);
  g_assert_cmpstr (text, ==, iso);
}

static void
test_dates (void)
{
  GDate d;
  const char *bad[] = { "", "2025-2-1", "2025-02-29", "2024-13-01", "2024-00-10",
                        "2024-01-32", "20240101", "2024/01/01", "abcd-ef-gh", "2024-01-01T" };

  g_assert_true (tj_date_parse_iso ("2024-02-29", &d));
  assert_date (&d, "2024-02-29");
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    g_assert_false (tj_date_parse_iso (bad[i], &d));
  g_assert_false (tj_date_parse_iso (NULL, &d));
}

/* The loading the calendar and the local figures share. */
static void
test_data_file (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TjCalendar) cal = tj_calendar_new ();
  g_autofree char *text = NULL;
  g_autoptr(JsonObject) root = NULL;
  const char *broken = "{\n  \"years\": {\n    \"2030\": [,]\n  }\n}\n";

  g_assert_false (tj_calendar_load_file (cal, "/nonexistent/holidays-cn.json", &error));
  g_assert_error (error, TJ_ERROR, TJ_ERROR_NOT_FOUND);
  g_clear_error (&error);

  root = _tj_data_file_parse (broken, -1, "mine.json", &text, &error);
  g_assert_null (root);
  g_assert_error (error, TJ_ERROR, TJ_ERROR_INVALID);
  g_assert_true (g_str_has_prefix (error->message, "mine.json: "));
  g_assert_nonnull (strstr (error->message, "line 3, column"));
  g_assert_cmpstr (text, ==, broken);
  g_clear_error (&error);
  g_clear_pointer (&text, g_free);

  root = _tj_data_file_parse ("{\"a\": 1}trailing", 8, "mine.json", &text, &error);
  g_assert_no_error (error);
  g_assert_nonnull (root);
  g_assert_cmpstr (text, ==, "{\"a\": 1}");
  g_assert_cmpuint (_tj_data_file_line_of (broken, "\"2030\""), ==, 3);
  g_assert_cmpuint (_tj_data_file_line_of (broken, "absent"), ==, 0);
  g_assert_cmpuint (_tj_data_file_line_at (broken, broken), ==, 1);
}

/* One calendar for the whole process, loaded once. */
static void
test_default_calendar (void)
{
  TjCalendar *cal = tj_calendar_get_default ();

  g_assert_true (TJ_IS_CALENDAR (cal));
  g_assert_true (cal == tj_calendar_get_default ());
  g_assert_true (tj_calendar_covers_year (cal, 2025));
}

/* "Today" and "now" as the documents store them. */
static void
test_today_and_now (void)
{
  g_autofree char *given = tj_date_today_iso ("2025-02-28");
  g_autofree char *today = tj_date_today_iso (NULL);
  g_autoptr(GDateTime) local = g_date_time_new_now_local ();
  g_autofree char *expected = g_date_time_format (local, "%Y-%m-%d");
  g_autofree char *a = tj_timestamp_now ();
  g_autofree char *b = tj_timestamp_now ();
  g_autofree char *s = tj_timestamp_now_seconds ();
  g_autoptr(GDateTime) parsed = g_date_time_new_from_iso8601 (s, NULL);
  GDate d;

  g_assert_cmpstr (given, ==, "2025-02-28");
  g_assert_true (tj_date_parse_iso (today, &d));
  /* Unless the test runs across midnight. */
  if (g_strcmp0 (today, expected) != 0)
    g_test_incomplete ("the date changed during the test");
  else
    g_assert_cmpstr (today, ==, expected);

  g_assert_cmpint (strlen (a), ==, strlen ("2026-11-22T09:30:00.123456Z"));
  g_assert_cmpstr (a, <, b);
  g_assert_cmpint (strlen (s), ==, strlen ("2026-11-22T09:30:00Z"));
  g_assert_true (g_str_has_suffix (s, "Z"));
  g_assert_nonnull (parsed);
  g_assert_cmpint (g_date_time_get_utc_offset (parsed), ==, 0);
}

static void
test_calendar (void)
{
  g_autoptr(TjCalendar) cal = bundled ();
  g_autoptr(GArray) years = tj_calendar_get_years (cal);
  gboolean official = FALSE;
  GDate d;

  g_assert_cmpuint (years->len, >=, 3);
  g_assert_true (tj_calendar_covers_year (cal, 2024));
  g_assert_true (tj_calendar_covers_year (cal, 2025));
  g_assert_true (tj_calendar_covers_year (cal, 2026));
  g_assert_nonnull (tj_calendar_get_year_source (cal, 2025, &official));
  g_assert_true (official);
  g_assert_null (tj_calendar_get_warnings (cal));

  d = date ("2025-03-18");   /* an ordinary Tuesday */
  g_assert_true (tj_calendar_is_working_day (cal, &d));
  d = date ("2025-03-22");   /* an ordinary Saturday */
  g_assert_false (tj_calendar_is_working_day (cal, &d));
  g_assert_false (tj_calendar_is_holiday (cal, &d));
  d = date ("2025-10-01");   /* National Day, Wednesday */
  g_assert_false (tj_calendar_is_working_day (cal, &d));
  g_assert_true (tj_calendar_is_holiday (cal, &d));
  d = date ("2025-10-08");   /* last day of the 2025 National Day break, Wednesday */
  g_assert_false (tj_calendar_is_working_day (cal, &d));
  d = date ("2025-10-11");   /* Saturday, 调休 working day */
  g_assert_true (tj_calendar_is_working_day (cal, &d));
  g_assert_true (tj_calendar_is_makeup_workday (cal, &d));
  d = date ("2026-01-04");   /* Sunday, 调休 working day after New Year 2026 */
  g_assert_true (tj_calendar_is_working_day (cal, &d));
  d = date ("2024-02-09");   /* 除夕 2024 was a working day (only "encouraged" off) */
  g_assert_true (tj_calendar_is_working_day (cal, &d));
  d = date ("2025-01-28");   /* 除夕 2025 is a holiday under the amended rules */
  g_assert_false (tj_calendar_is_working_day (cal, &d));
  d = date ("2027-01-01");   /* no notice, but New Year's Day is a statutory holiday */
  g_assert_false (tj_calendar_covers_year (cal, 2027));
  g_assert_true (tj_calendar_year_is_estimated (cal, 2027));
  g_assert_false (tj_calendar_year_is_estimated (cal, 2026));
  g_assert_false (tj_calendar_is_working_day (cal, &d));
  g_assert_true (tj_calendar_is_holiday (cal, &d));
  d = date ("1999-10-01");   /* before the computed years: weekends only (a Friday) */
  g_assert_false (tj_calendar_year_is_estimated (cal, 1999));
  g_assert_true (tj_calendar_is_working_day (cal, &d));
}

/* The lunar dates the holidays need, against the published calendar:
 * 春节 (正月初一), 清明 (the Sun at 15°), 端午 (五月初五), 中秋 (八月十五),
 * each year 2000–2050, as "YEAR 春节 清明 端午 中秋" (month-day). These
 * are the dates of the calendars as issued; an independent ephemeris
 * gives the same for every year 1944–2100. Noteworthy: 2001 and 2020,
 * 中秋 on National Day; 2023, a leap second month (闰二月), so 端午 is late
 * (06-22); 2033, the leap eleventh month (闰十一月) that moves 春节 2034 to
 * 02-19; 2006 and 2025, a leap month after 端午 (05-31). */
static const char lunar_table[] =
    "2000 02-05 04-04 06-06 09-12\n"
    "2001 01-24 04-05 06-25 10-01\n"
    "2002 02-12 04-05 06-15 09-21\n"
    "2003 02-01 04-05 06-04 09-11\n"
    "2004 01-22 04-04 06-22 09-28\n"
    "2005 02-09 04-05 06-11 09-18\n"
    "2006 01-29 04-05 05-31 10-06\n"
    "2007 02-18 04-05 06-19 09-25\n"
    "2008 02-07 04-04 06-08 09-14\n"
    "2009 01-26 04-04 05-28 10-03\n"
    "2010 02-14 04-05 06-16 09-22\n"
    "2011 02-03 04-05 06-06 09-12\n"
    "2012 01-23 04-04 06-23 09-30\n"
    "2013 02-10 04-04 06-12 09-19\n"
    "2014 01-31 04-05 06-02 09-08\n"
    "2015 02-19 04-05 06-20 09-27\n"
    "2016 02-08 04-04 06-09 09-15\n"
    "2017 01-28 04-04 05-30 10-04\n"
    "2018 02-16 04-05 06-18 09-24\n"
    "2019 02-05 04-05 06-07 09-13\n"
    "2020 01-25 04-04 06-25 10-01\n"
    "2021 02-12 04-04 06-14 09-21\n"
    "2022 02-01 04-05 06-03 09-10\n"
    "2023 01-22 04-05 06-22 09-29\n"
    "2024 02-10 04-04 06-10 09-17\n"
    "2025 01-29 04-04 05-31 10-06\n"
    "2026 02-17 04-05 06-19 09-25\n"
    "2027 02-06 04-05 06-09 09-15\n"
    "2028 01-26 04-04 05-28 10-03\n"
    "2029 02-13 04-04 06-16 09-22\n"
    "2030 02-03 04-05 06-05 09-12\n"
    "2031 01-23 04-05 06-24 10-01\n"
    "2032 02-11 04-04 06-12 09-19\n"
    "2033 01-31 04-04 06-01 09-08\n"
    "2034 02-19 04-05 06-20 09-27\n"
    "2035 02-08 04-05 06-10 09-16\n"
    "2036 01-28 04-04 05-30 10-04\n"
    "2037 02-15 04-04 06-18 09-24\n"
    "2038 02-04 04-05 06-07 09-13\n"
    "2039 01-24 04-05 05-27 10-02\n"
    "2040 02-12 04-04 06-14 09-20\n"
    "2041 02-01 04-04 06-03 09-10\n"
    "2042 01-22 04-04 06-22 09-28\n"
    "2043 02-10 04-05 06-11 09-17\n"
    "2044 01-30 04-04 05-31 10-05\n"
    "2045 02-17 04-04 06-19 09-25\n"
    "2046 02-06 04-04 06-08 09-15\n"
    "2047 01-26 04-05 05-29 10-04\n"
    "2048 02-14 04-04 06-15 09-22\n"
    "2049 02-02 04-04 06-04 09-11\n"
    "2050 01-23 04-04 06-23 09-30\n";

static void
test_lunar (void)
{
  g_auto(GStrv) lines = g_strsplit (lunar_table, "\n", -1);
  guint checked = 0;

  for (guint i = 0; lines[i] && *lines[i]; i++)
    {
      guint year;
      char md[4][6];
      GDate got;
      const struct { guint month, day; } lunar[] = { { 1, 1 }, { 0, 0 }, { 5, 5 }, { 8, 15 } };

      g_assert_cmpint (sscanf (lines[i], "%u %5s %5s %5s %5s", &year, md[0], md[1], md[2], md[3]), ==, 5);
      for (guint k = 0; k < 4; k++)
        {
          g_autofree char *want = g_strdup_printf ("%u-%s", year, md[k]);
          g_autofree char *have = NULL;

          if (k == 1)
            g_assert_true (tj_lunar_solar_term (year, 15, &got));
          else
            g_assert_true (tj_lunar_to_gregorian (year, lunar[k].month, lunar[k].day, &got));
          have = tj_date_to_iso (&got);
          if (g_strcmp0 (have, want) != 0)
            g_error ("%u, item %u: computed %s, published %s", year, k, have, want);
          checked++;
        }
    }
  g_assert_cmpuint (checked, ==, 51 * 4);

  /* The dates the brief for 2020–2030 lists, spelled out. */
  {
    const char *spring[] = { "2020-01-25", "2021-02-12", "2022-02-01", "2023-01-22", "2024-02-10",
                             "2025-01-29", "2026-02-17", "2027-02-06", "2028-01-26", "2029-02-13",
                             "2030-02-03" };
    GDate got;

    for (guint i = 0; i < G_N_ELEMENTS (spring); i++)
      {
        g_assert_true (tj_lunar_to_gregorian (2020 + i, 1, 1, &got));
        assert_date (&got, spring[i]);
      }
    g_assert_true (tj_lunar_solar_term (2028, 15, &got));
    assert_date (&got, "2028-04-04");
    g_assert_true (tj_lunar_to_gregorian (2027, 5, 5, &got));
    assert_date (&got, "2027-06-09");
    g_assert_true (tj_lunar_to_gregorian (2027, 8, 15, &got));
    assert_date (&got, "2027-09-15");
    /* 冬至 2026: 12-22. */
    g_assert_true (tj_lunar_solar_term (2026, 270, &got));
    assert_date (&got, "2026-12-22");
  }

  {
    GDate got;

    g_assert_false (tj_lunar_to_gregorian (1899, 1, 1, &got));
    g_assert_false (tj_lunar_to_gregorian (2101, 1, 1, &got));
    g_assert_false (tj_lunar_to_gregorian (2027, 0, 1, &got));
    g_assert_false (tj_lunar_to_gregorian (2027, 11, 1, &got));
    g_assert_false (tj_lunar_to_gregorian (2027, 1, 31, &got));
    g_assert_false (tj_lunar_solar_term (2027, 10, &got));
  }
}

/* Years without a notice count the days the 全国年节及纪念日放假办法 fixes,
 * by the version in force that year. */
static void
test_fixed_holidays (void)
{
  g_autoptr(TjCalendar) cal = bundled ();
  /* 2027 (2024 rules): 元旦 01-01; 春节 除夕 02-05 to 初三 02-08; 清明 04-05;
   * 劳动节 05-01–05-02; 端午 06-09; 中秋 09-15; 国庆 10-01–10-03. */
  const char *off_2027[] = { "2027-01-01", "2027-02-05", "2027-02-06", "2027-02-07", "2027-02-08",
                             "2027-04-05", "2027-05-01", "2027-05-02", "2027-06-09", "2027-09-15",
                             "2027-10-01", "2027-10-02", "2027-10-03" };
  /* Working days next to them (no 调休 is known, and no 补假 is guessed). */
  const char *on_2027[] = { "2027-01-04", "2027-02-04", "2027-02-09", "2027-04-06", "2027-05-03",
                            "2027-06-10", "2027-09-16", "2027-10-04" };
  /* 2028: 春节 01-26, so 除夕 01-25 to 初三 01-28; 清明 04-04; 端午 05-28;
   * 中秋 10-03, the same day as the third day of National Day. */
  const char *off_2028[] = { "2028-01-25", "2028-01-26", "2028-01-27", "2028-01-28", "2028-04-04",
                             "2028-05-01", "2028-05-02", "2028-05-28", "2028-10-03" };
  GDate d;

  for (guint i = 0; i < G_N_ELEMENTS (off_2027); i++)
    {
      d = date (off_2027[i]);
      if (tj_calendar_is_working_day (cal, &d))
        g_error ("%s should be a day off", off_2027[i]);
      g_assert_true (tj_calendar_is_holiday (cal, &d));
    }
  for (guint i = 0; i < G_N_ELEMENTS (on_2027); i++)
    {
      d = date (on_2027[i]);
      if (!tj_calendar_is_working_day (cal, &d))
        g_error ("%s should be a working day", on_2027[i]);
    }
  for (guint i = 0; i < G_N_ELEMENTS (off_2028); i++)
    {
      d = date (off_2028[i]);
      g_assert_true (tj_calendar_is_holiday (cal, &d));
    }
  d = date ("2028-01-31");   /* Monday after the break */
  g_assert_true (tj_calendar_is_working_day (cal, &d));

  /* Earlier versions, for years no notice is bundled for. 2023 (2013
   * rules): 春节 初一–初三 01-22…01-24, 除夕 01-21 not; 劳动节 05-01 only. */
  d = date ("2023-01-24");
  g_assert_true (tj_calendar_is_holiday (cal, &d));
  d = date ("2023-01-21");
  g_assert_false (tj_calendar_is_holiday (cal, &d));
  d = date ("2023-05-02");   /* Tuesday */
  g_assert_true (tj_calendar_is_working_day (cal, &d));
  /* 2010 (2007 rules): 除夕 02-13, 初一 02-14, 初二 02-15; not 初三 02-16. */
  d = date ("2010-02-13");
  g_assert_true (tj_calendar_is_holiday (cal, &d));
  d = date ("2010-02-15");
  g_assert_true (tj_calendar_is_holiday (cal, &d));
  d = date ("2010-02-16");
  g_assert_false (tj_calendar_is_holiday (cal, &d));
  /* 2005 (1999 rules): 劳动节 05-01–05-03, no 清明 holiday (04-05, Tuesday). */
  d = date ("2005-05-03");
  g_assert_true (tj_calendar_is_holiday (cal, &d));
  d = date ("2005-04-05");
  g_assert_true (tj_calendar_is_working_day (cal, &d));

  {
    g_autoptr(JsonObject) y = tj_calendar_describe_year (cal, 2027);
    JsonArray *holidays = json_object_get_array_member (y, "holidays");

    g_assert_true (json_object_get_boolean_member (y, "estimated"));
    g_assert_false (json_object_get_boolean_member (y, "official"));
    g_assert_nonnull (strstr (json_object_get_string_member (y, "source"), "2024"));
    g_assert_nonnull (strstr (json_object_get_string_member (y, "warning"), "调休"));
    g_assert_cmpuint (json_array_get_length (holidays), ==, G_N_ELEMENTS (off_2027));
    g_assert_cmpstr (json_array_get_string_element (holidays, 0), ==, "2027-01-01");
    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (y, "workdays")), ==, 0);
  }
  g_assert_null (tj_calendar_describe_year (cal, 1999));
}

static void
test_period_counting (void)
{
  g_autoptr(TjCalendar) cal = bundled ();
  GDate t, end;

  /* §201: the trigger day is not counted. 2025-03-03 (Mon) + 15 days =
   * 2025-03-18 (Tue), a working day. */
  t = date ("2025-03-03");
  tj_period_end_days (cal, &t, 15, &end);
  assert_date (&end, "2025-03-18");

  /* §203: 2025-03-07 (Fri) + 15 = 2025-03-22 (Sat) → Monday 2025-03-24. */
  t = date ("2025-03-07");
  tj_period_end_days (cal, &t, 15, &end);
  assert_date (&end, "2025-03-24");

  /* Ending on National Day: 2025-09-16 + 15 = 2025-10-01; the break runs to
   * 10-08 → Thursday 2025-10-09. */
  t = date ("2025-09-16");
  tj_period_end_days (cal, &t, 15, &end);
  assert_date (&end, "2025-10-09");

  /* Ending on a 调休 Saturday that is a working day: 2025-09-26 + 15 =
   * 2025-10-11 (Sat, working) — it stays. */
  t = date ("2025-09-26");
  tj_period_end_days (cal, &t, 15, &end);
  assert_date (&end, "2025-10-11");

  /* §202: Jan 31 + 1 month has no Feb 31: the last day of February. */
  t = date ("2025-01-31");
  tj_period_end_months (cal, &t, 1, &end);
  assert_date (&end, "2025-02-28");   /* Friday, working */
  t = date ("2024-01-31");
  tj_period_end_months (cal, &t, 1, &end);
  assert_date (&end, "2024-02-29");   /* leap year, Thursday */
  /* Corresponding day: 2024-03-15 + 1 year = 2025-03-15 (Sat) → 03-17 (Mon). */
  t = date ("2024-03-15");
  tj_period_end_years (cal, &t, 1, &end);
  assert_date (&end, "2025-03-17");
  /* Feb 29 + 1 year → Feb 28 (Fri) 2025. */
  t = date ("2024-02-29");
  tj_period_end_years (cal, &t, 1, &end);
  assert_date (&end, "2025-02-28");

  /* Working days: from Friday 2025-09-26, the 5th working day is
   * 09-28 (Sun, 调休) 1, 09-29 2, 09-30 3, [10-01…10-08 off], 10-09 4, 10-10 5. */
  t = date ("2025-09-26");
  tj_period_end_working_days (cal, &t, 5, &end);
  assert_date (&end, "2025-10-10");

  /* Countdown. */
  t = date ("2025-03-10");
  end = date ("2025-03-18");
  g_assert_cmpint (tj_deadline_days_remaining (&end, &t), ==, 8);
  g_assert_cmpint (tj_deadline_days_remaining (&end, &end), ==, 0);
  t = date ("2025-03-20");
  g_assert_cmpint (tj_deadline_days_remaining (&end, &t), ==, -2);
}

/* For many triggers over the years with data: the end is a working day,
 * and every day between the nominal end and it is a rest day (§203 moves
 * the end to the *first* working day, never further). */
static void
test_period_properties (void)
{
  g_autoptr(TjCalendar) cal = bundled ();
  GDate first, trigger, nominal, end;

  g_assert_true (tj_date_parse_iso ("2024-01-01", &first));
  for (guint i = 0; i < 1000; i++)
    {
      guint days = (guint) g_test_rand_int_range (1, 61);
      GDate d;

      trigger = first;
      g_date_add_days (&trigger, (guint) g_test_rand_int_range (0, 3 * 365 - 62));
      nominal = trigger;
      g_date_add_days (&nominal, days);
      tj_period_end_days (cal, &trigger, days, &end);
      g_assert_true (tj_calendar_is_working_day (cal, &end));
      g_assert_cmpint (g_date_compare (&end, &nominal), >=, 0);
      for (d = nominal; g_date_compare (&d, &end) < 0; g_date_add_days (&d, 1))
        g_assert_false (tj_calendar_is_working_day (cal, &d));

      /* Working days: exactly @days working days in (trigger, end]. */
      tj_period_end_working_days (cal, &trigger, days % 10 + 1, &end);
      {
        guint count = 0;
        for (d = trigger, g_date_add_days (&d, 1); g_date_compare (&d, &end) <= 0; g_date_add_days (&d, 1))
          count += tj_calendar_is_working_day (cal, &d);
        g_assert_cmpuint (count, ==, days % 10 + 1);
        g_assert_true (tj_calendar_is_working_day (cal, &end));
      }
    }
}

static JsonObject *
compute (TjCalendar *cal,
         const char *json)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) input = tj_json_parse_object (json, -1, &error);
  JsonObject *result;

  g_assert_no_error (error);
  result = tj_deadlines_compute (cal, input, &error);
  g_assert_no_error (error);
  g_assert_nonnull (result);
  return result;
}

static JsonObject *
find (JsonObject *result,
      const char *kind)
{
  JsonObject *d = tj_deadlines_find (result, kind);

  if (d == NULL)
    g_error ("no deadline of kind %s", kind);
  /* Every deadline carries its basis and a note on how it was counted. */
  g_assert_cmpstr (json_object_get_string_member (d, "basis"), !=, "");
  g_assert_cmpstr (json_object_get_string_member (d, "note"), !=, "");
  return d;
}

static void
test_mediation (void)
{
  g_autoptr(TjCalendar) cal = bundled ();
  g_autoptr(JsonObject) r = compute (cal, "{\"accepted_on\":\"2025-03-07\",\"today\":\"2025-03-10\"}");
  g_autoptr(JsonObject) due = compute (cal, "{\"accepted_on\":\"2025-03-07\",\"today\":\"2025-03-24\"}");
  g_autoptr(JsonObject) late = compute (cal, "{\"accepted_on\":\"2025-03-07\",\"today\":\"2025-03-25\"}");
  JsonObject *d = find (r, "mediation");

  /* 2025-03-07 + 15 = Saturday 03-22 → Monday 03-24; 14 days from 03-10. */
  g_assert_cmpstr (json_object_get_string_member (d, "date"), ==, "2025-03-24");
  g_assert_cmpstr (json_object_get_string_member (d, "moved_from"), ==, "2025-03-22");
  g_assert_cmpstr (json_object_get_string_member (d, "trigger"), ==, "2025-03-07");
  g_assert_cmpint (json_object_get_int_member (d, "days_remaining"), ==, 14);
  g_assert_cmpstr (json_object_get_string_member (d, "status"), ==, "running");
  g_assert_nonnull (strstr (json_object_get_string_member (d, "basis"), "Article 14"));
  g_assert_cmpstr (json_object_get_string_member (r, "today"), ==, "2025-03-10");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (r, "deadlines")), ==, 1);

  g_assert_cmpstr (json_object_get_string_member (find (due, "mediation"), "status"), ==, "due_today");
  g_assert_cmpstr (json_object_get_string_member (find (late, "mediation"), "status"), ==, "overdue");
  g_assert_cmpint (json_object_get_int_member (find (late, "mediation"), "days_remaining"), ==, -1);

  {
    /* Received Monday 2025-03-03, accepted 03-07: §14 counts from receipt,
     * 03-03 + 15 = 2025-03-18 (Tue). */
    g_autoptr(JsonObject) both = compute (cal, "{\"received_on\":\"2025-03-03\",\"accepted_on\":\"2025-03-07\",\"today\":\"2025-03-10\"}");
    g_assert_cmpstr (json_object_get_string_member (find (both, "mediation"), "date"), ==, "2025-03-18");
  }
}

static void
test_limitation (void)
{
  g_autoptr(TjCalendar) cal = bundled ();
  g_autoptr(JsonObject) general = NULL;
  g_autoptr(JsonObject) ongoing = NULL;
  g_autoptr(JsonObject) ended = NULL;
  g_autoptr(JsonObject) restarted = NULL;
  g_autoptr(JsonObject) unknown = NULL;
  JsonObject *d;

  /* knew 2024-10-01 + 1 year = 2025-10-01, National Day → 2025-10-09. */
  general = compute (cal, "{\"kind\":\"compensation\",\"knew_on\":\"2024-10-01\",\"today\":\"2025-01-01\"}");
  d = find (general, "arbitration_limitation");
  g_assert_cmpstr (json_object_get_string_member (d, "date"), ==, "2025-10-09");
  g_assert_cmpstr (json_object_get_string_member (d, "moved_from"), ==, "2025-10-01");
  g_assert_nonnull (strstr (json_object_get_string_member (d, "basis"), "Article 27"));

  /* Unpaid wages while employed: not running. */
  ongoing = compute (cal, "{\"kind\":\"wage_arrears\",\"knew_on\":\"2024-10-01\",\"employment_ongoing\":true,\"today\":\"2026-01-01\"}");
  d = find (ongoing, "arbitration_limitation");
  g_assert_cmpstr (json_object_get_string_member (d, "status"), ==, "not_running");
  g_assert_true (json_object_get_null_member (d, "date"));
  g_assert_nonnull (strstr (json_object_get_string_member (d, "basis"), "paragraph 4"));

  /* After the employment ended 2024-05-11: one year from the end, not from
   * knew_on → 2025-05-11 (Sun) → 2025-05-12 (Mon). */
  ended = compute (cal, "{\"kind\":\"wage_arrears\",\"knew_on\":\"2023-01-01\",\"employment_ended_on\":\"2024-05-11\",\"today\":\"2025-01-01\"}");
  d = find (ended, "arbitration_limitation");
  g_assert_cmpstr (json_object_get_string_member (d, "date"), ==, "2025-05-12");
  g_assert_cmpstr (json_object_get_string_member (d, "trigger"), ==, "2024-05-11");

  /* Interrupted on 2024-09-10: runs again for a full year → 2025-09-10 (Wed). */
  restarted = compute (cal, "{\"kind\":\"overtime\",\"knew_on\":\"2024-03-01\",\"employment_ended_on\":\"2024-03-01\",\"limitation_restarted_on\":\"2024-09-10\",\"today\":\"2025-01-01\"}");
  d = find (restarted, "arbitration_limitation");
  g_assert_cmpstr (json_object_get_string_member (d, "date"), ==, "2025-09-10");
  g_assert_cmpstr (json_object_get_string_member (d, "trigger"), ==, "2024-09-10");
  g_assert_cmpint (json_object_get_int_member (d, "days_remaining"), ==, 252);

  /* Wages, employment status unknown: the cautious date from knew_on, and
   * a warning explaining the exception. */
  unknown = compute (cal, "{\"kind\":\"wage_arrears\",\"knew_on\":\"2025-03-03\",\"today\":\"2025-04-01\"}");
  d = find (unknown, "arbitration_limitation");
  g_assert_cmpstr (json_object_get_string_member (d, "date"), ==, "2026-03-03");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (unknown, "warnings")), ==, 1);
}

/* §27 ¶2: the application for mediation interrupts the limitation, and
 * the year runs again in full from the end of the mediation. Hand-worked:
 * knew 2025-09-01, so without mediation the year ends Tuesday 2026-09-01.
 * The application is received Monday 2026-03-02; its 15 days end Tuesday
 * 2026-03-17 (§14). */
static void
test_limitation_mediation (void)
{
  g_autoptr(TjCalendar) cal = bundled ();
  const char *base = "\"kind\":\"compensation\",\"knew_on\":\"2025-09-01\",\"received_on\":\"2026-03-02\"";
  const struct {
    const char *extra;
    const char *today;
    const char *trigger;
    const char *date;
    const char *reason;
  } cases[] = {
    /* Still mediating on 03-05: the latest end is the limit, 2026-03-17;
     * + 1 year = Wednesday 2027-03-17. */
    { "", "2026-03-05", "2026-03-17", "2027-03-17", "mediation_limit" },
    /* The limit passed without agreement: the same, from 03-17. */
    { "", "2026-04-01", "2026-03-17", "2027-03-17", "mediation_limit" },
    /* Failed on 03-10, before the limit: from 03-10 → Wednesday 2027-03-10. */
    { ",\"mediation_ended_on\":\"2026-03-10\",\"mediation_end_reason\":\"failed\"", "2026-03-11",
      "2026-03-10", "2027-03-10", "mediation_failed" },
    /* Withdrawn on 03-06: + 1 year = Saturday 2027-03-06 → Monday 03-08. */
    { ",\"mediation_ended_on\":\"2026-03-06\",\"mediation_end_reason\":\"withdrawn\"", "2026-03-11",
      "2026-03-06", "2027-03-08", "mediation_withdrawn" },
    /* Failed after the limit (mediation went on): the limit ended it. */
    { ",\"mediation_ended_on\":\"2026-03-25\",\"mediation_end_reason\":\"failed\"", "2026-04-01",
      "2026-03-17", "2027-03-17", "mediation_limit" },
    /* An agreement on 03-12: the other side agreed to perform → Friday
     * 2027-03-12. */
    { ",\"agreement_effective_on\":\"2026-03-12\"", "2026-03-13", "2026-03-12", "2027-03-12", "agreement" },
    /* An agreement on 04-01, after the limit: interrupted at 03-17 and
     * again on 04-01 → Thursday 2027-04-01. */
    { ",\"agreement_effective_on\":\"2026-04-01\"", "2026-04-02", "2026-04-01", "2027-04-01", "agreement" },
    /* A claim on 2025-10-10 first (the year then ran to 2026-10-10), then
     * the mediation: the later end wins, 2027-03-17. */
    { ",\"limitation_restarted_on\":\"2025-10-10\"", "2026-04-01", "2026-03-17", "2027-03-17", "mediation_limit" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *json = g_strdup_printf ("{%s%s,\"today\":\"%s\"}", base, cases[i].extra, cases[i].today);
      g_autoptr(JsonObject) r = compute (cal, json);
      JsonObject *d = find (r, "arbitration_limitation");

      g_assert_cmpstr (json_object_get_string_member (d, "trigger"), ==, cases[i].trigger);
      g_assert_cmpstr (json_object_get_string_member (d, "date"), ==, cases[i].date);
      g_assert_cmpstr (json_object_get_string_member (d, "restart_reason"), ==, cases[i].reason);
      g_assert_cmpstr (json_object_get_string_member (d, "interrupted_on"), ==,
                       i == 6 ? "2026-04-01" : i == 7 ? "2026-03-02" : "2026-03-02");
      /* The case says why: the application's day and the new start. */
      g_autofree char *applied = display ("2026-03-02");
      g_autofree char *restart = display (cases[i].trigger);
      g_assert_nonnull (strstr (json_object_get_string_member (d, "note"), applied));
      g_assert_nonnull (strstr (json_object_get_string_member (d, "note"), restart));
      g_assert_nonnull (strstr (json_object_get_string_member (d, "basis"), "Article 27"));
      if (i == 0)
        g_assert_nonnull (strstr (json_object_get_string_member (d, "note"), "latest date"));
      if (i == 1)
        g_assert_null (strstr (json_object_get_string_member (d, "note"), "latest date"));
    }

  {
    /* Too late to interrupt: knew 2024-01-10, the year ended Friday
     * 2025-01-10; an application received 2025-03-03 changes nothing. */
    g_autoptr(JsonObject) r = compute (cal, "{\"kind\":\"compensation\",\"knew_on\":\"2024-01-10\","
                                            "\"received_on\":\"2025-03-03\",\"today\":\"2025-03-04\"}");
    JsonObject *d = find (r, "arbitration_limitation");
    JsonArray *warnings = json_object_get_array_member (r, "warnings");

    g_assert_cmpstr (json_object_get_string_member (d, "date"), ==, "2025-01-10");
    g_assert_false (json_object_has_member (d, "restart_reason"));
    g_autofree char *ended = display ("2025-01-10");
    g_assert_cmpuint (json_array_get_length (warnings), ==, 1);
    g_assert_nonnull (strstr (json_array_get_string_element (warnings, 0), ended));
  }
  {
    /* Wages after the employment ended 2025-12-31 (§27 ¶4): applied
     * Monday 2026-01-05, limit Tuesday 01-20 → Wednesday 2027-01-20. */
    g_autoptr(JsonObject) r = compute (cal, "{\"kind\":\"wage_arrears\",\"employment_ended_on\":\"2025-12-31\","
                                            "\"received_on\":\"2026-01-05\",\"today\":\"2026-02-01\"}");
    JsonObject *d = find (r, "arbitration_limitation");

    g_assert_cmpstr (json_object_get_string_member (d, "date"), ==, "2027-01-20");
  }
  {
    /* The limit itself moved by §203: received 2025-09-16, + 15 = 10-01,
     * the National Day break → 2025-10-09; from it + 1 year = Friday
     * 2026-10-09. */
    g_autoptr(JsonObject) r = compute (cal, "{\"kind\":\"compensation\",\"knew_on\":\"2025-06-01\","
                                            "\"received_on\":\"2025-09-16\",\"today\":\"2025-11-01\"}");
    JsonObject *d = find (r, "arbitration_limitation");

    g_assert_cmpstr (json_object_get_string_member (d, "trigger"), ==, "2025-10-09");
    g_assert_cmpstr (json_object_get_string_member (d, "date"), ==, "2026-10-09");
  }
  {
    /* Still employed, wages: not running; the mediation changes nothing. */
    g_autoptr(JsonObject) r = compute (cal, "{\"kind\":\"wage_arrears\",\"employment_ongoing\":true,"
                                            "\"received_on\":\"2026-01-05\",\"today\":\"2026-02-01\"}");
    g_assert_cmpstr (json_object_get_string_member (find (r, "arbitration_limitation"), "status"), ==, "not_running");
  }
}

static void
test_arbitration_and_after (void)
{
  g_autoptr(TjCalendar) cal = bundled ();
  g_autoptr(JsonObject) r = compute (cal,
    "{\"arbitration_applied_on\":\"2025-09-26\",\"arbitration_accepted_on\":\"2025-08-01\","
    "\"agreement_effective_on\":\"2026-01-16\",\"closed_on\":\"2025-09-24\",\"today\":\"2025-09-01\"}");
  JsonObject *d;

  /* 5 working days from Friday 2025-09-26 → 2025-10-10 (see test_period_counting). */
  d = find (r, "arbitration_acceptance");
  g_assert_cmpstr (json_object_get_string_member (d, "date"), ==, "2025-10-10");
  g_assert_nonnull (strstr (json_object_get_string_member (d, "basis"), "Article 29"));
  /* 2025-08-01 + 45 = 2025-09-15 (Mon); + 60 = 2025-09-30 (Tue). */
  d = find (r, "arbitration_award");
  g_assert_cmpstr (json_object_get_string_member (d, "date"), ==, "2025-09-15");
  g_assert_nonnull (strstr (json_object_get_string_member (d, "basis"), "Article 43"));
  d = find (r, "arbitration_award_extended");
  g_assert_cmpstr (json_object_get_string_member (d, "date"), ==, "2025-09-30");
  /* 2026-01-16 + 30 = 2026-02-15, first day of the Spring Festival break
   * (02-15…02-23) → Tuesday 2026-02-24. */
  d = find (r, "judicial_confirmation");
  g_assert_cmpstr (json_object_get_string_member (d, "date"), ==, "2026-02-24");
  g_assert_nonnull (strstr (json_object_get_string_member (d, "basis"), "Article 33"));
  /* Follow-ups: 2025-09-24 + 7 = 10-01 → 10-09; + 30 = 10-24 (Fri). */
  d = find (r, "follow_up_7");
  g_assert_cmpstr (json_object_get_string_member (d, "date"), ==, "2025-10-09");
  g_assert_nonnull (strstr (json_object_get_string_member (d, "note"), "not a legal deadline"));
  d = find (r, "follow_up_30");
  g_assert_cmpstr (json_object_get_string_member (d, "date"), ==, "2025-10-24");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (r, "warnings")), ==, 0);
}

static void
test_uncovered_year (void)
{
  g_autoptr(TjCalendar) cal = bundled ();
  /* 2026-12-20 + 30 = 2027-01-19: no 2027 data, so a warning. */
  g_autoptr(JsonObject) r = compute (cal, "{\"agreement_effective_on\":\"2026-12-20\",\"today\":\"2026-12-21\"}");
  JsonArray *warnings = json_object_get_array_member (r, "warnings");

  g_assert_cmpstr (json_object_get_string_member (find (r, "judicial_confirmation"), "date"), ==, "2027-01-19");
  g_assert_cmpuint (json_array_get_length (warnings), ==, 1);
  g_assert_nonnull (strstr (json_array_get_string_element (warnings, 0), "2027"));
}

/* Periods that end on a statutory holiday of a year without a notice
 * move past it, with a warning that the year's 调休 is unknown. */
static void
test_estimated_year_deadlines (void)
{
  g_autoptr(TjCalendar) cal = bundled ();
  g_autoptr(JsonObject) r = NULL;
  JsonObject *d;
  JsonArray *warnings;
  const struct {
    const char *json;
    const char *kind;
    const char *date;
    const char *moved_from;
  } cases[] = {
    /* Received Thursday 2026-12-17: + 15 = Friday 2027-01-01, New Year's
     * Day; Saturday 01-02 and Sunday 01-03 → Monday 2027-01-04. */
    { "{\"received_on\":\"2026-12-17\",\"today\":\"2026-12-18\"}", "mediation", "2027-01-04", "2027-01-01" },
    /* Knew 2026-02-06 + 1 year = Saturday 2027-02-06, 春节; the break is
     * 除夕 02-05 to 初三 Monday 02-08 → Tuesday 2027-02-09. */
    { "{\"kind\":\"compensation\",\"knew_on\":\"2026-02-06\",\"today\":\"2026-03-01\"}",
      "arbitration_limitation", "2027-02-09", "2027-02-06" },
    /* Agreement 2027-05-10 + 30 = Wednesday 2027-06-09, 端午 → 06-10. */
    { "{\"agreement_effective_on\":\"2027-05-10\",\"today\":\"2027-05-10\"}",
      "judicial_confirmation", "2027-06-10", "2027-06-09" },
    /* 2027-08-16 + 30 = Wednesday 2027-09-15, 中秋 → 09-16. */
    { "{\"agreement_effective_on\":\"2027-08-16\",\"today\":\"2027-08-16\"}",
      "judicial_confirmation", "2027-09-16", "2027-09-15" },
    /* Closed Friday 2027-09-24 + 7 = Friday 10-01, National Day to Sunday
     * 10-03 → Monday 2027-10-04. */
    { "{\"closed_on\":\"2027-09-24\",\"today\":\"2027-09-24\"}", "follow_up_7", "2027-10-04", "2027-10-01" },
    /* 2028-03-05 + 30 = Tuesday 2028-04-04, 清明 → 04-05. */
    { "{\"agreement_effective_on\":\"2028-03-05\",\"today\":\"2028-03-05\"}",
      "judicial_confirmation", "2028-04-05", "2028-04-04" },
    /* Knew 2027-05-01 + 1 year = Monday 2028-05-01; 05-02 too → 05-03. */
    { "{\"kind\":\"compensation\",\"knew_on\":\"2027-05-01\",\"today\":\"2027-06-01\"}",
      "arbitration_limitation", "2028-05-03", "2028-05-01" },
    /* 2027-12-27 + 30 = Wednesday 2028-01-26, 春节 (除夕 01-25 to 初三
     * Friday 01-28), then the weekend → Monday 2028-01-31. */
    { "{\"agreement_effective_on\":\"2027-12-27\",\"today\":\"2027-12-27\"}",
      "judicial_confirmation", "2028-01-31", "2028-01-26" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(JsonObject) result = compute (cal, cases[i].json);

      d = find (result, cases[i].kind);
      g_assert_cmpstr (json_object_get_string_member (d, "date"), ==, cases[i].date);
      g_assert_cmpstr (json_object_get_string_member (d, "moved_from"), ==, cases[i].moved_from);
      g_assert_true (json_object_get_boolean_member (d, "holidays_estimated"));
      warnings = json_object_get_array_member (result, "warnings");
      g_assert_cmpuint (json_array_get_length (warnings), >=, 1);
      g_assert_nonnull (strstr (json_array_get_string_element (warnings, 0), "调休"));
    }

  /* A date in a year with its notice carries no such mark. */
  r = compute (cal, "{\"received_on\":\"2026-03-02\",\"today\":\"2026-03-02\"}");
  d = find (r, "mediation");
  g_assert_false (json_object_has_member (d, "holidays_estimated"));
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (r, "warnings")), ==, 0);
}

static void
test_invalid_input (void)
{
  g_autoptr(TjCalendar) cal = bundled ();
  const struct { const char *json; const char *field; } cases[] = {
    { "{\"accepted_on\":\"2025-02-30\"}", "accepted_on" },
    { "{\"knew_on\":20250101}", "knew_on" },
    { "{\"today\":\"tomorrow\"}", "today" },
    { "{\"employment_ongoing\":\"yes\",\"knew_on\":\"2025-01-01\"}", "employment_ongoing" },
    { "{\"employment_ongoing\":true,\"employment_ended_on\":\"2025-01-01\"}", "employment_ended_on" },
    { "{\"kind\":5}", "kind" },
    { "{\"knew_on\":\"2025-01-01\",\"mediation_ended_on\":\"2025-02-30\"}", "mediation_ended_on" },
    { "{\"knew_on\":\"2025-01-01\",\"mediation_end_reason\":\"lost\"}", "mediation_end_reason" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonObject) input = tj_json_parse_object (cases[i].json, -1, NULL);
      g_autoptr(JsonObject) r = tj_deadlines_compute (cal, input, &error);

      g_assert_null (r);
      g_assert_error (error, TJ_ERROR, TJ_ERROR_INVALID);
      g_assert_nonnull (strstr (error->message, cases[i].field));
    }
}

static void
test_user_calendar (void)
{
  g_autofree char *dir = g_dir_make_tmp ("tj-deadline-XXXXXX", NULL);
  g_autofree char *good = g_build_filename (dir, "holidays-cn.json", NULL);
  g_autofree char *bad = g_build_filename (dir, "broken.json", NULL);
  g_autofree char *syntax = g_build_filename (dir, "syntax.json", NULL);
  g_autoptr(TjCalendar) cal = NULL;
  g_autoptr(TjCalendar) broken = NULL;
  g_autoptr(TjCalendar) broken2 = NULL;
  const char * const *warnings;
  GDate t, end;

  /* The user's 2025 replaces the bundled 2025 (a made-up holiday on
   * 2025-03-18, and no National Day); 2027 is added. */
  g_assert_true (g_file_set_contents (good,
    "{\"source\":\"test\",\"updated\":\"2026-12-01\",\"years\":{"
    "\"2025\":{\"holidays\":[\"2025-03-18\"],\"workdays\":[]},"
    "\"2027\":{\"official\":true,\"holidays\":[\"2027-01-01\"],\"workdays\":[\"2027-01-02\"]}}}", -1, NULL));
  /* Line 5 holds an impossible date. */
  g_assert_true (g_file_set_contents (bad,
    "{\n  \"years\": {\n    \"2025\": {\n      \"holidays\": [\"2025-03-18\",\n"
    "                   \"2025-02-30\"]\n    }\n  }\n}\n", -1, NULL));
  g_assert_true (g_file_set_contents (syntax, "{\n  \"years\": {\n    \"2025\": [\n}\n", -1, NULL));

  cal = tj_calendar_new_with_user_file (good);
  g_assert_null (tj_calendar_get_warnings (cal));
  g_assert_true (tj_calendar_covers_year (cal, 2027));
  /* 2025-03-03 + 15 = 03-18, now a holiday → 03-19. */
  t = date ("2025-03-03");
  tj_period_end_days (cal, &t, 15, &end);
  assert_date (&end, "2025-03-19");
  /* National Day 2025 is no longer in the user's 2025: Wednesday works. */
  t = date ("2025-10-01");
  g_assert_true (tj_calendar_is_working_day (cal, &t));
  /* 2027-01-02 is a Saturday made a working day by the user file. */
  t = date ("2027-01-02");
  g_assert_true (tj_calendar_is_working_day (cal, &t));
  /* The notice wins over the computed days: this (made-up) 2027 lists no
   * Spring Festival, so Monday 2027-02-08 (初三) is a working day. */
  g_assert_false (tj_calendar_year_is_estimated (cal, 2027));
  t = date ("2027-02-08");
  g_assert_true (tj_calendar_is_working_day (cal, &t));
  /* 2024 still comes from the bundled file. */
  t = date ("2024-10-07");
  g_assert_false (tj_calendar_is_working_day (cal, &t));

  /* A broken file is ignored, not fatal; the message names file and line. */
  broken = tj_calendar_new_with_user_file (bad);
  warnings = tj_calendar_get_warnings (broken);
  g_assert_nonnull (warnings);
  g_assert_nonnull (strstr (warnings[0], bad));
  g_assert_nonnull (strstr (warnings[0], "line 5"));
  t = date ("2025-03-18");
  g_assert_true (tj_calendar_is_working_day (broken, &t));   /* bundled data kept */
  t = date ("2025-10-01");
  g_assert_false (tj_calendar_is_working_day (broken, &t));

  broken2 = tj_calendar_new_with_user_file (syntax);
  warnings = tj_calendar_get_warnings (broken2);
  g_assert_nonnull (warnings);
  g_assert_nonnull (strstr (warnings[0], syntax));
  g_assert_nonnull (strstr (warnings[0], "line 4, column"));

  {
    /* Installing (preferences): a bad file is refused and writes nothing;
     * a good one lands at the destination, creating its folder. */
    g_autofree char *sub = g_build_filename (dir, "sub", NULL);
    g_autofree char *dest = g_build_filename (sub, "holidays-cn.json", NULL);
    g_autoptr(GError) error = NULL;
    g_autoptr(TjCalendar) installed = NULL;

    g_assert_false (tj_calendar_install_file (bad, dest, &error));
    g_assert_error (error, TJ_ERROR, TJ_ERROR_INVALID);
    g_assert_nonnull (strstr (error->message, "line 5"));
    g_assert_false (g_file_test (dest, G_FILE_TEST_EXISTS));
    g_clear_error (&error);

    g_assert_true (tj_calendar_install_file (good, dest, &error));
    g_assert_no_error (error);
    installed = tj_calendar_new_with_user_file (dest);
    g_assert_true (tj_calendar_covers_year (installed, 2027));
    g_unlink (dest);
    g_rmdir (sub);
  }

  g_unlink (good);
  g_unlink (bad);
  g_unlink (syntax);
  g_rmdir (dir);
}

int
main (int    argc,
      char **argv)
{
  tj_test_pin_today ("2026-11-22");
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/deadline/dates", test_dates);
  g_test_add_func ("/deadline/calendar", test_calendar);
  g_test_add_func ("/deadline/lunar", test_lunar);
  g_test_add_func ("/deadline/fixed-holidays", test_fixed_holidays);
  g_test_add_func ("/deadline/today-and-now", test_today_and_now);
  g_test_add_func ("/deadline/data-file", test_data_file);
  g_test_add_func ("/deadline/default-calendar", test_default_calendar);
  g_test_add_func ("/deadline/period-counting", test_period_counting);
  g_test_add_func ("/deadline/period-properties", test_period_properties);
  g_test_add_func ("/deadline/mediation", test_mediation);
  g_test_add_func ("/deadline/limitation", test_limitation);
  g_test_add_func ("/deadline/limitation-mediation", test_limitation_mediation);
  g_test_add_func ("/deadline/arbitration-and-after", test_arbitration_and_after);
  g_test_add_func ("/deadline/uncovered-year", test_uncovered_year);
  g_test_add_func ("/deadline/estimated-year", test_estimated_year_deadlines);
  g_test_add_func ("/deadline/invalid-input", test_invalid_input);
  g_test_add_func ("/deadline/user-calendar", test_user_calendar);
  return g_test_run ();
}
