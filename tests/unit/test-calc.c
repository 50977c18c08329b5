/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Worked examples for every calculator of LAW.md, with the boundaries.
 * Each expected figure is worked out by hand in the comment above it.
 * Conventions: 21.75 pay days a month, so hourly = monthly ÷ 174 and
 * daily = monthly × 4 ÷ 87; one rounding, half up, at the end. */

#include <glib/gstdio.h>
#include <string.h>

#include "tj-calc.h"
#include "tj-error.h"
#include "tj-json.h"
#include "tj-local-figures.h"

static JsonObject *
parse (const char *json)
{
  g_autoptr(GError) error = NULL;
  JsonObject *object = tj_json_parse_object (json, -1, &error);

  g_assert_no_error (error);
  return object;
}

/* Runs calculator @kind on @json and checks the amount. */
static JsonObject *
run (const char     *kind,
     const char     *json,
     TjLocalFigures *figures,
     gint64          expected_fen)
{
  g_autoptr(JsonObject) input = parse (json);
  g_autoptr(GError) error = NULL;
  JsonObject *result = tj_calc_run (kind, input, figures, &error);

  g_assert_no_error (error);
  g_assert_nonnull (result);
  g_assert_cmpint (json_object_get_int_member (result, "amount_fen"), ==, expected_fen);
  g_assert_cmpstr (json_object_get_string_member (result, "kind"), ==, kind);
  /* Every result explains itself and cites its basis. */
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (result, "breakdown")), >, 0);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (result, "basis")), >, 0);
  g_assert_nonnull (json_object_get_array_member (result, "warnings"));
  return result;
}

static void
run_fails (const char *kind,
           const char *json,
           const char *field)
{
  g_autoptr(JsonObject) input = parse (json);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) result = tj_calc_run (kind, input, NULL, &error);

  g_assert_null (result);
  g_assert_error (error, TJ_ERROR, TJ_ERROR_INVALID);
  if (strstr (error->message, field) == NULL)
    g_error ("“%s” does not name “%s”", error->message, field);
}

static gboolean
has_warning (JsonObject *result,
             const char *fragment)
{
  JsonArray *warnings = json_object_get_array_member (result, "warnings");

  for (guint i = 0; i < json_array_get_length (warnings); i++)
    if (strstr (json_array_get_string_element (warnings, i), fragment))
      return TRUE;
  return FALSE;
}

static guint
n_warnings (JsonObject *result)
{
  return json_array_get_length (json_object_get_array_member (result, "warnings"));
}

static gboolean
cites (JsonObject *result,
       const char *article)
{
  JsonArray *basis = json_object_get_array_member (result, "basis");

  for (guint i = 0; i < json_array_get_length (basis); i++)
    if (g_strcmp0 (json_object_get_string_member (json_array_get_object_element (basis, i), "article"),
                   article) == 0)
      return TRUE;
  return FALSE;
}

static double
months_of (JsonObject *result)
{
  return json_object_get_double_member (result, "months");
}

/* Arrears ---------------------------------------------------------------- */

static void
test_arrears (void)
{
  g_autoptr(JsonObject) r = NULL;
  g_autoptr(JsonObject) r2 = NULL;

  /* (6000 − 2000) + (6000 − 0) + (6000 − 6500) = 4000 + 6000 − 500 = ¥9,500. */
  r = run ("arrears",
           "{\"items\":[{\"month\":\"2025-01\",\"due_fen\":600000,\"paid_fen\":200000},"
           "{\"month\":\"2025-02\",\"due_fen\":600000},"
           "{\"month\":\"2025-03\",\"due_fen\":600000,\"paid_fen\":650000}]}",
           NULL, 950000);
  g_assert_true (has_warning (r, "2025-03"));
  g_assert_true (cites (r, "Article 50"));

  /* A month listed twice is counted twice but flagged. */
  r2 = run ("arrears",
            "{\"items\":[{\"month\":\"2025-01\",\"due_fen\":100,\"paid_fen\":0},"
            "{\"month\":\"2025-01\",\"due_fen\":100,\"paid_fen\":0}]}", NULL, 200);
  g_assert_true (has_warning (r2, "2025-01"));

  run_fails ("arrears", "{}", "items");
  run_fails ("arrears", "{\"items\":[]}", "items");
  run_fails ("arrears", "{\"items\":[{\"month\":\"2025-01\"}]}", "items[0].due_fen");
  run_fails ("arrears", "{\"items\":[{\"month\":\"2025-13\",\"due_fen\":1}]}", "items[0].month");
  run_fails ("arrears", "{\"items\":[{\"month\":\"2025-01\",\"due_fen\":1},{\"due_fen\":1}]}", "items[1].month");
  run_fails ("arrears", "{\"items\":[{\"month\":\"2025-01\",\"due_fen\":\"6000\"}]}", "items[0].due_fen");
  run_fails ("arrears", "{\"items\":[{\"month\":\"2025-01\",\"due_fen\":100,\"paid_fen\":-1}]}", "items[0].paid_fen");
}

/* Overtime ----------------------------------------------------------- */

static void
test_overtime (void)
{
  g_autoptr(JsonObject) r = NULL;
  g_autoptr(JsonObject) r2 = NULL;
  g_autoptr(JsonObject) r3 = NULL;

  /* Monthly ¥12,000: hourly 12000 ÷ 21.75 ÷ 8 = 68.9655…
   * 10 h × 150% = 1034.4827…; 16 h × 200% = 2206.8965…; 8 h × 300% = 1655.1724…
   * Exact total = 12000 × (15 + 32 + 24) ÷ 174 = 12000 × 71 ÷ 174 = 4896.5517… → ¥4,896.55 */
  r = run ("overtime",
           "{\"monthly_wage_fen\":1200000,\"weekday_hours\":10,\"restday_hours\":16,\"holiday_hours\":8}",
           NULL, 489655);
  g_assert_true (cites (r, "Article 44"));
  g_assert_true (has_warning (r, "200%"));

  /* 2.5 h on weekdays: 12000 × 2.5 × 1.5 ÷ 174 = 258.6206… → ¥258.62 */
  r2 = run ("overtime", "{\"monthly_wage_fen\":1200000,\"weekday_hours\":2.5}", NULL, 25862);

  /* One rounding at the end: ¥5,000 and 1 h at 150% each of three kinds
   * would round parts 43.10 + 57.47 + 86.21 = 186.78; exact is
   * 5000 × (1.5 + 2 + 3) ÷ 174 = 186.7816… → ¥186.78 */
  r3 = run ("overtime",
            "{\"monthly_wage_fen\":500000,\"weekday_hours\":1,\"restday_hours\":1,\"holiday_hours\":1}",
            NULL, 18678);

  run_fails ("overtime", "{\"weekday_hours\":1}", "monthly_wage_fen");
  run_fails ("overtime", "{\"monthly_wage_fen\":\"12000\"}", "monthly_wage_fen");
  run_fails ("overtime", "{\"monthly_wage_fen\":1200000.5}", "monthly_wage_fen");
  run_fails ("overtime", "{\"monthly_wage_fen\":-1}", "monthly_wage_fen");
  run_fails ("overtime", "{\"monthly_wage_fen\":1200000,\"weekday_hours\":1.234}", "weekday_hours");
  run_fails ("overtime", "{\"monthly_wage_fen\":1200000,\"holiday_hours\":\"8\"}", "holiday_hours");
  run_fails ("overtime", "{\"monthly_wage_fen\":1200000,\"restday_hours\":-2}", "restday_hours");
}

/* Economic compensation N ------------------------------------------------ */

static void
test_compensation_rounding (void)
{
  g_autoptr(JsonObject) six = NULL;
  g_autoptr(JsonObject) under = NULL;
  g_autoptr(JsonObject) whole = NULL;
  g_autoptr(JsonObject) one_day = NULL;
  g_autoptr(JsonObject) half_up = NULL;

  /* 2020-03-01 … 2025-08-31 inclusive = 5 years 6 months exactly: a
   * remainder of 6 months counts as a year → 6 × ¥8,000 = ¥48,000. */
  six = run ("compensation",
             "{\"monthly_wage_fen\":800000,\"start\":\"2020-03-01\",\"end\":\"2025-08-31\",\"local_avg_monthly_wage_fen\":1000000}",
             NULL, 4800000);
  g_assert_cmpfloat (months_of (six), ==, 6.0);
  g_assert_true (cites (six, "Article 47"));
  g_assert_cmpuint (n_warnings (six), ==, 0);

  /* One day less: 5 years 5 months 30 days → half a month → 5.5 × 8000 = ¥44,000. */
  under = run ("compensation",
               "{\"monthly_wage_fen\":800000,\"start\":\"2020-03-01\",\"end\":\"2025-08-30\",\"local_avg_monthly_wage_fen\":1000000}",
               NULL, 4400000);
  g_assert_cmpfloat (months_of (under), ==, 5.5);

  /* Exactly 5 years (2020-03-01 … 2025-02-28): no remainder → 5 months. */
  whole = run ("compensation",
               "{\"monthly_wage_fen\":800000,\"start\":\"2020-03-01\",\"end\":\"2025-02-28\",\"local_avg_monthly_wage_fen\":1000000}",
               NULL, 4000000);
  g_assert_cmpfloat (months_of (whole), ==, 5.0);

  /* A single day of service still earns half a month: 0.5 × 8000 = ¥4,000.
   * Without a local average the cap is not checked: a warning says so. */
  one_day = run ("compensation",
                 "{\"monthly_wage_fen\":800000,\"start\":\"2025-01-01\",\"end\":\"2025-01-01\"}",
                 NULL, 400000);
  g_assert_cmpfloat (months_of (one_day), ==, 0.5);
  g_assert_true (has_warning (one_day, "local_avg_monthly_wage_fen"));

  /* Half up: ¥1,000.01 × 0.5 = ¥500.005 → ¥500.01. */
  half_up = run ("compensation",
                 "{\"monthly_wage_fen\":100001,\"start\":\"2025-01-01\",\"end\":\"2025-03-31\",\"local_avg_monthly_wage_fen\":1000000}",
                 NULL, 50001);
}

static void
test_compensation_cap (void)
{
  g_autoptr(JsonObject) at = NULL;
  g_autoptr(JsonObject) above = NULL;
  g_autoptr(JsonObject) eleven_and_half = NULL;
  g_autoptr(JsonObject) twelve_and_half = NULL;

  /* Local average ¥10,000, cap ¥30,000. A wage exactly at the cap is not
   * "above" it: 15 years (2010-01-01 … 2024-12-31) × ¥30,000 = ¥450,000,
   * no 12-year limit. */
  at = run ("compensation",
            "{\"monthly_wage_fen\":3000000,\"start\":\"2010-01-01\",\"end\":\"2024-12-31\",\"local_avg_monthly_wage_fen\":1000000}",
            NULL, 45000000);
  g_assert_cmpfloat (months_of (at), ==, 15.0);

  /* One fen above: base ¥30,000 and at most 12 years → ¥360,000. */
  above = run ("compensation",
               "{\"monthly_wage_fen\":3000001,\"start\":\"2010-01-01\",\"end\":\"2024-12-31\",\"local_avg_monthly_wage_fen\":1000000}",
               NULL, 36000000);
  g_assert_cmpfloat (months_of (above), ==, 12.0);

  /* Above the cap with 11 years 3 months: 11.5 months, under the limit:
   * 11.5 × 30000 = ¥345,000. */
  eleven_and_half = run ("compensation",
                         "{\"monthly_wage_fen\":5000000,\"start\":\"2013-10-01\",\"end\":\"2024-12-31\",\"local_avg_monthly_wage_fen\":1000000}",
                         NULL, 34500000);
  g_assert_cmpfloat (months_of (eleven_and_half), ==, 11.5);

  /* 12 years 3 months = 12.5 months, limited to 12: 12 × 30000 = ¥360,000. */
  twelve_and_half = run ("compensation",
                         "{\"monthly_wage_fen\":5000000,\"start\":\"2012-10-01\",\"end\":\"2024-12-31\",\"local_avg_monthly_wage_fen\":1000000}",
                         NULL, 36000000);
  g_assert_cmpfloat (months_of (twelve_and_half), ==, 12.0);
}

static void
test_compensation_pre_2008 (void)
{
  g_autoptr(JsonObject) r = NULL;

  /* 2005-07-01 … 2010-06-30 = 5 years → 5 × ¥6,000 = ¥30,000, with 2 years
   * 6 months before 2008 flagged under §97. */
  r = run ("compensation",
           "{\"monthly_wage_fen\":600000,\"start\":\"2005-07-01\",\"end\":\"2010-06-30\",\"local_avg_monthly_wage_fen\":500000}",
           NULL, 3000000);
  g_assert_true (cites (r, "Article 97"));
  g_assert_true (has_warning (r, "2008-01-01"));

  run_fails ("compensation", "{\"monthly_wage_fen\":1,\"start\":\"2020-01-01\"}", "end");
  run_fails ("compensation", "{\"monthly_wage_fen\":1,\"start\":\"2020-02-30\",\"end\":\"2021-01-01\"}", "start");
  run_fails ("compensation", "{\"monthly_wage_fen\":1,\"start\":\"2021-01-01\",\"end\":\"2020-01-01\"}", "end");
  run_fails ("compensation", "{\"start\":\"2020-01-01\",\"end\":\"2021-01-01\"}", "monthly_wage_fen");
  run_fails ("compensation", "{\"monthly_wage_fen\":1,\"start\":20200101,\"end\":\"2021-01-01\"}", "start");
  run_fails ("compensation",
             "{\"monthly_wage_fen\":1,\"start\":\"2020-01-01\",\"end\":\"2021-01-01\",\"local_avg_monthly_wage_fen\":true}",
             "local_avg_monthly_wage_fen");
}

static void
test_compensation_minimum_wage (void)
{
  g_autoptr(TjLocalFigures) figures = tj_local_figures_new_with_user_file (NULL);
  g_autoptr(JsonObject) given = NULL;
  g_autoptr(JsonObject) looked_up = NULL;
  g_autoptr(JsonObject) above = NULL;

  /* Average wage ¥1,500 below the ¥2,420 minimum (Implementing
   * Regulations §27): 2 years (2022-07-01 … 2024-06-30) × 2420 = ¥4,840. */
  given = run ("compensation",
               "{\"monthly_wage_fen\":150000,\"start\":\"2022-07-01\",\"end\":\"2024-06-30\",\"minimum_wage_fen\":242000,\"local_avg_monthly_wage_fen\":1176100}",
               NULL, 484000);
  g_assert_true (cites (given, "Article 27"));

  /* The same from the 北京 2024 figures: the average (cap) and the minimum
   * are both named. */
  looked_up = run ("compensation",
                   "{\"monthly_wage_fen\":150000,\"start\":\"2022-07-01\",\"end\":\"2024-06-30\",\"city\":\"北京\"}",
                   figures, 484000);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (looked_up, "figures")), ==, 2);

  /* A wage above the minimum is used as it is: 2 × 3000 = ¥6,000. */
  above = run ("compensation",
               "{\"monthly_wage_fen\":300000,\"start\":\"2022-07-01\",\"end\":\"2024-06-30\",\"city\":\"北京\"}",
               figures, 600000);
  g_assert_false (cites (above, "Article 27"));
}

static void
test_unlawful_termination (void)
{
  g_autoptr(JsonObject) r = NULL;
  g_autoptr(JsonObject) r2 = NULL;

  /* 2N for the 5.5-year example: 2 × 5.5 × ¥8,000 = ¥88,000. */
  r = run ("unlawful_termination",
           "{\"monthly_wage_fen\":800000,\"start\":\"2020-03-01\",\"end\":\"2025-08-30\",\"local_avg_monthly_wage_fen\":1000000}",
           NULL, 8800000);
  g_assert_true (cites (r, "Article 87"));
  g_assert_true (cites (r, "Article 25"));
  g_assert_cmpint (json_object_get_int_member (r, "multiplier"), ==, 2);

  /* One rounding: 2 × 0.5 × ¥1,000.01 = ¥1,000.01 exactly, not
   * 2 × round(500.005) = ¥1,000.02. */
  r2 = run ("unlawful_termination",
            "{\"monthly_wage_fen\":100001,\"start\":\"2025-01-01\",\"end\":\"2025-03-31\",\"local_avg_monthly_wage_fen\":1000000}",
            NULL, 100001);
}

/* Double wages -------------------------------------------------------- */

static void
test_double_wage (void)
{
  g_autoptr(JsonObject) partial = NULL;
  g_autoptr(JsonObject) capped = NULL;
  g_autoptr(JsonObject) full_year = NULL;
  g_autoptr(JsonObject) day_before = NULL;
  g_autoptr(JsonObject) first_month = NULL;
  g_autoptr(JsonObject) one_day = NULL;

  /* Start 2024-01-15, signed 2024-05-20: owed 2024-02-15 … 2024-05-19 =
   * 3 whole months (02-15…03-14, 03-15…04-14, 04-15…05-14) + 5 days of the
   * wage month 05-15…06-14 (31 days): 6000 × (3 + 5/31) = 18967.7419… → ¥18,967.74 */
  partial = run ("double_wage",
                 "{\"monthly_wage_fen\":600000,\"start\":\"2024-01-15\",\"contract_signed\":\"2024-05-20\"}",
                 NULL, 1896774);
  g_assert_true (cites (partial, "Article 82"));
  g_assert_cmpuint (n_warnings (partial), ==, 0);

  /* No contract from 2023-03-01 until leaving on 2024-08-31: capped at the
   * day before the anniversary, 2023-04-01 … 2024-02-29 = 11 months → ¥66,000. */
  capped = run ("double_wage",
                "{\"monthly_wage_fen\":600000,\"start\":\"2023-03-01\",\"end\":\"2024-08-31\"}",
                NULL, 6600000);
  g_assert_true (has_warning (capped, "open-ended"));
  g_assert_cmpfloat (months_of (capped), ==, 11.0);

  /* Leaving exactly on 2024-02-29, the day before the anniversary: 11
   * months, the limit reached but not exceeded. */
  full_year = run ("double_wage",
                   "{\"monthly_wage_fen\":600000,\"start\":\"2023-03-01\",\"end\":\"2024-02-29\"}",
                   NULL, 6600000);
  g_assert_true (has_warning (full_year, "11"));

  /* One day earlier: 2023-04-01 … 2024-02-28 = 10 months (to 2024-01-31)
   * + 28 of the 29 days of 2024-02-01…02-29: 6000 × (10 + 28/29) =
   * 65793.1034… → ¥65,793.10 */
  day_before = run ("double_wage",
                    "{\"monthly_wage_fen\":600000,\"start\":\"2023-03-01\",\"end\":\"2024-02-28\"}",
                    NULL, 6579310);

  /* Signed on 2024-02-15, the day after the first month: nothing owed. */
  first_month = run ("double_wage",
                     "{\"monthly_wage_fen\":600000,\"start\":\"2024-01-15\",\"contract_signed\":\"2024-02-15\"}",
                     NULL, 0);

  /* Signed on 2024-02-16: one day (02-15) of the wage month 02-15…03-14
   * (29 days in 2024): 6000 ÷ 29 = 206.896… → ¥206.90 */
  one_day = run ("double_wage",
                 "{\"monthly_wage_fen\":600000,\"start\":\"2024-01-15\",\"contract_signed\":\"2024-02-16\"}",
                 NULL, 20690);

  run_fails ("double_wage", "{\"monthly_wage_fen\":600000,\"start\":\"2024-01-15\"}", "contract_signed");
  run_fails ("double_wage", "{\"monthly_wage_fen\":600000,\"start\":\"2024-01-15\",\"contract_signed\":\"2023-12-01\"}", "contract_signed");
  run_fails ("double_wage", "{\"monthly_wage_fen\":600000,\"contract_signed\":\"2024-05-01\"}", "start");
}

/* Annual leave ------------------------------------------------------------- */

static void
test_annual_leave (void)
{
  /* Monthly ¥8,700 → daily 8700 ÷ 21.75 = ¥400; 200% extra = ¥800 a day. */
  const struct {
    const char *years;
    const char *unused;
    gint64      expected;
    gboolean    warns;
  } cases[] = {
    { "0.99", "5", 0, TRUE },          /* under 1 year: no leave */
    { "1", "5", 400000, FALSE },       /* 1 year: 5 days → 5 × 800 = ¥4,000 */
    { "9.99", "10", 400000, TRUE },    /* just under 10: 5 days, 10 capped to 5 */
    { "10", "10", 800000, FALSE },     /* exactly 10: 10 days → ¥8,000 */
    { "19.99", "15", 800000, TRUE },   /* just under 20: 10 days */
    { "20", "15", 1200000, FALSE },    /* exactly 20: 15 days → ¥12,000 */
    { "35", "3", 240000, FALSE },      /* 3 days → ¥2,400 */
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *json = g_strdup_printf ("{\"monthly_wage_fen\":870000,\"cumulative_years\":%s,\"unused_days\":%s}",
                                               cases[i].years, cases[i].unused);
      g_autoptr(JsonObject) r = run ("annual_leave", json, NULL, cases[i].expected);
      g_assert_cmpint (n_warnings (r) > 0, ==, cases[i].warns);
      g_assert_true (cites (r, "Article 5"));
    }

  {
    /* Half days: ¥10,000 × 4/87 × 2 × 2.5 = 2298.8505… → ¥2,298.85 */
    g_autoptr(JsonObject) r = run ("annual_leave",
                                   "{\"monthly_wage_fen\":1000000,\"cumulative_years\":3,\"unused_days\":2.5}",
                                   NULL, 229885);
  }

  {
    /* Leaving on 2025-06-30 with 12 years (10 days a year), 2 days taken:
     * 1 Jan … 30 Jun = 181 days; 181 ÷ 365 × 10 = 4.96 → 4 whole days;
     * 4 − 2 = 2 days × ¥800 = ¥1,600. */
    g_autoptr(JsonObject) r = run ("annual_leave",
                                   "{\"monthly_wage_fen\":870000,\"cumulative_years\":12,\"left_on\":\"2025-06-30\",\"taken_days\":2}",
                                   NULL, 160000);
    g_autoptr(JsonObject) capped = NULL;
    g_autoptr(JsonObject) hired = NULL;

    g_assert_true (cites (r, "Article 12"));
    g_assert_cmpuint (n_warnings (r), ==, 0);
    /* Five unused days claimed: only the 2 owed are counted. */
    capped = run ("annual_leave",
                  "{\"monthly_wage_fen\":870000,\"cumulative_years\":12,\"left_on\":\"2025-06-30\",\"taken_days\":2,\"unused_days\":5}",
                  NULL, 160000);
    g_assert_cmpuint (n_warnings (capped), ==, 1);
    /* Hired 2025-03-01, 5 years in all, leaving 2025-12-31: 306 days;
     * 306 ÷ 365 × 5 = 4.19 → 4 days × ¥800 = ¥3,200. */
    hired = run ("annual_leave",
                 "{\"monthly_wage_fen\":870000,\"cumulative_years\":5,\"start\":\"2025-03-01\",\"left_on\":\"2025-12-31\"}",
                 NULL, 320000);
  }

  run_fails ("annual_leave", "{\"monthly_wage_fen\":870000,\"cumulative_years\":5,\"start\":\"2025-03-01\",\"left_on\":\"2025-02-01\"}", "left_on");
  run_fails ("annual_leave", "{\"monthly_wage_fen\":870000,\"cumulative_years\":5,\"left_on\":\"2025-13-01\"}", "left_on");
  run_fails ("annual_leave", "{\"monthly_wage_fen\":870000,\"unused_days\":1}", "cumulative_years");
  run_fails ("annual_leave", "{\"monthly_wage_fen\":870000,\"cumulative_years\":3}", "unused_days");
  run_fails ("annual_leave", "{\"monthly_wage_fen\":870000,\"cumulative_years\":\"3\",\"unused_days\":1}", "cumulative_years");
}

/* Late payment, minimum wage --------------------------------------------- */

static void
test_late_payment (void)
{
  /* ¥10,000.01 owed: 50% = 5000.005 → ¥5,000.01 (half up); 100% = ¥10,000.01. */
  g_autoptr(JsonObject) r = run ("late_payment", "{\"amount_fen\":1000001}", NULL, 500001);

  g_assert_cmpint (json_object_get_int_member (r, "min_fen"), ==, 500001);
  g_assert_cmpint (json_object_get_int_member (r, "max_fen"), ==, 1000001);
  g_assert_true (cites (r, "Article 85"));
  run_fails ("late_payment", "{}", "amount_fen");
}

static void
test_minimum_wage (void)
{
  g_autoptr(TjLocalFigures) figures = tj_local_figures_new_with_user_file (NULL);
  g_autoptr(JsonObject) given = NULL;
  g_autoptr(JsonObject) none = NULL;
  g_autoptr(JsonObject) looked_up = NULL;
  g_autoptr(JsonObject) current = NULL;
  g_autoptr(JsonObject) input = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) missing = NULL;
  JsonObject *figure;

  /* (2420 − 2000) × 6 = ¥2,520. */
  given = run ("minimum_wage", "{\"monthly_wage_fen\":200000,\"minimum_wage_fen\":242000,\"months\":6}",
               NULL, 252000);
  /* Paid above the minimum: nothing. */
  none = run ("minimum_wage", "{\"monthly_wage_fen\":300000,\"minimum_wage_fen\":242000,\"months\":6}",
              NULL, 0);

  /* Looked up: 北京 has no 2025 entry, so the 2024 figure (¥2,420) is used
   * and the result warns that it is older than the period. */
  looked_up = run ("minimum_wage", "{\"monthly_wage_fen\":200000,\"city\":\"北京\",\"year\":2025,\"months\":6}",
                   figures, 252000);
  figure = json_array_get_object_element (json_object_get_array_member (looked_up, "figures"), 0);
  g_assert_cmpint (json_object_get_int_member (figure, "year"), ==, 2024);
  g_assert_cmpint (json_object_get_int_member (figure, "value_fen"), ==, 242000);
  /* Bundled figures say they are to be verified, and where they come from. */
  g_assert_nonnull (json_object_get_string_member (figure, "verify"));
  g_assert_nonnull (json_object_get_string_member (figure, "source"));
  g_assert_true (has_warning (looked_up, "2024"));

  /* 深圳 2025: ¥2,520, the figure of that year: (2520 − 2000) × 3 = ¥1,560. */
  current = run ("minimum_wage", "{\"monthly_wage_fen\":200000,\"city\":\"深圳\",\"year\":2025,\"months\":3}",
                 figures, 156000);
  g_assert_false (has_warning (current, "older"));

  /* No figure that early: NOT_FOUND, naming the city. */
  input = parse ("{\"monthly_wage_fen\":200000,\"city\":\"深圳\",\"year\":2020,\"months\":3}");
  missing = tj_calc_minimum_wage (input, figures, &error);
  g_assert_null (missing);
  g_assert_error (error, TJ_ERROR, TJ_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "深圳"));

  run_fails ("minimum_wage", "{\"monthly_wage_fen\":200000,\"months\":6}", "minimum_wage_fen");
  run_fails ("minimum_wage", "{\"monthly_wage_fen\":200000,\"minimum_wage_fen\":242000}", "months");
  run_fails ("minimum_wage", "{\"monthly_wage_fen\":200000,\"city\":\"北京\",\"months\":6}", "year");
}

/* Local figures --------------------------------------------------------- */

static void
test_local_figures (void)
{
  g_autofree char *dir = g_dir_make_tmp ("tj-calc-XXXXXX", NULL);
  g_autofree char *good = g_build_filename (dir, "good.json", NULL);
  g_autofree char *bad = g_build_filename (dir, "bad.json", NULL);
  g_autoptr(TjLocalFigures) figures = NULL;
  g_autoptr(TjLocalFigures) broken = NULL;
  g_autoptr(JsonObject) capped = NULL;
  g_auto(GStrv) cities = NULL;
  const TjLocalFigure *f;
  g_autofree char *warning = NULL;
  const char * const *warnings;

  g_assert_true (g_file_set_contents (good,
    "{\"figures\":[{\"city\":\"北京\",\"year\":2025,\"avg_monthly_wage_fen\":1200000,"
    "\"min_monthly_wage_fen\":254000,\"source\":\"test\",\"published\":\"2025-07\"},"
    "{\"city\":\"成都\",\"year\":2025,\"avg_monthly_wage_fen\":800000,\"min_monthly_wage_fen\":null}]}", -1, NULL));
  /* The entry starting on line 3 has a string where a number belongs. */
  g_assert_true (g_file_set_contents (bad,
    "{\"figures\": [\n  {\"city\": \"北京\", \"year\": 2025},\n"
    "  {\"city\": \"上海\", \"year\": 2025,\n   \"avg_monthly_wage_fen\": \"12000\"}\n]}\n", -1, NULL));

  figures = tj_local_figures_new_with_user_file (good);
  g_assert_null (tj_local_figures_get_warnings (figures));
  f = tj_local_figures_lookup (figures, "北京", 2025, TJ_LOCAL_FIGURE_AVG_MONTHLY_WAGE, &warning, NULL);
  g_assert_nonnull (f);
  g_assert_cmpint (f->avg_monthly_wage_fen, ==, 1200000);
  g_assert_null (warning);
  /* The bundled 2024 entry is still there for 2024. */
  f = tj_local_figures_lookup (figures, "北京", 2024, TJ_LOCAL_FIGURE_AVG_MONTHLY_WAGE, NULL, NULL);
  g_assert_cmpint (f->avg_monthly_wage_fen, ==, 1176100);
  cities = tj_local_figures_get_cities (figures);
  g_assert_true (g_strv_contains ((const char * const *) cities, "成都"));
  g_assert_true (g_strv_contains ((const char * const *) cities, "上海"));

  /* Compensation with the cap from the figures: 北京 2025 average ¥12,000,
   * cap ¥36,000; wage ¥40,000 for 2 years → 2 × 36000 = ¥72,000. */
  capped = run ("compensation",
                "{\"monthly_wage_fen\":4000000,\"start\":\"2023-07-01\",\"end\":\"2025-06-30\",\"city\":\"北京\"}",
                figures, 7200000);
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (json_object_get_array_member (capped, "figures"), 0),
                                              "value_fen"),
                   ==, 1200000);

  /* A broken user file is ignored with a message naming file and line. */
  broken = tj_local_figures_new_with_user_file (bad);
  warnings = tj_local_figures_get_warnings (broken);
  g_assert_nonnull (warnings);
  g_assert_nonnull (strstr (warnings[0], bad));
  g_assert_nonnull (strstr (warnings[0], "line 3"));
  g_assert_nonnull (strstr (warnings[0], "avg_monthly_wage_fen"));
  f = tj_local_figures_lookup (broken, "北京", 2024, TJ_LOCAL_FIGURE_AVG_MONTHLY_WAGE, NULL, NULL);
  g_assert_cmpint (f->avg_monthly_wage_fen, ==, 1176100);

  {
    g_autofree char *dest = g_build_filename (dir, "installed.json", NULL);
    g_autoptr(GError) error = NULL;

    g_assert_false (tj_local_figures_install_file (bad, dest, &error));
    g_assert_error (error, TJ_ERROR, TJ_ERROR_INVALID);
    g_assert_false (g_file_test (dest, G_FILE_TEST_EXISTS));
    g_clear_error (&error);
    g_assert_true (tj_local_figures_install_file (good, dest, &error));
    g_assert_no_error (error);
    g_assert_true (g_file_test (dest, G_FILE_TEST_EXISTS));
    g_unlink (dest);
  }

  g_unlink (good);
  g_unlink (bad);
  g_rmdir (dir);
}

static void
test_text (void)
{
  g_autoptr(JsonObject) r = run ("overtime", "{\"monthly_wage_fen\":1200000,\"weekday_hours\":10}", NULL, 103448);
  g_autoptr(JsonObject) range = run ("late_payment", "{\"amount_fen\":1000000}", NULL, 500000);
  g_autofree char *text = tj_calc_result_to_text (r);
  g_autofree char *range_text = tj_calc_result_to_text (range);

  /* 12000 × 10 × 1.5 ÷ 174 = 1034.4827… → ¥1,034.48, with its 大写 and basis. */
  g_assert_nonnull (strstr (text, "¥1,034.48"));
  g_assert_nonnull (strstr (text, "人民币壹仟零叁拾肆元肆角捌分"));
  g_assert_nonnull (strstr (text, "Article 44"));
  g_assert_nonnull (strstr (text, "¥68.97"));       /* hourly wage step */
  g_assert_nonnull (strstr (range_text, "¥5,000.00 – ¥10,000.00"));
}

static void
test_unknown_kind (void)
{
  g_autoptr(JsonObject) input = parse ("{}");
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) r = tj_calc_run ("bonus", input, NULL, &error);

  g_assert_null (r);
  g_assert_error (error, TJ_ERROR, TJ_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "bonus"));
  g_assert_cmpuint (g_strv_length ((char **) tj_calc_get_kinds ()), ==, 8);
}

int
main (int    argc,
      char **argv)
{
  /* Every date this test counts from is fixed: no assertion may depend on
   * the calendar (the yearahead test setup checks it). */
  g_setenv ("TIAOJIE_TODAY", "2026-11-22", TRUE);
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/calc/arrears", test_arrears);
  g_test_add_func ("/calc/overtime", test_overtime);
  g_test_add_func ("/calc/compensation/rounding", test_compensation_rounding);
  g_test_add_func ("/calc/compensation/cap", test_compensation_cap);
  g_test_add_func ("/calc/compensation/pre-2008", test_compensation_pre_2008);
  g_test_add_func ("/calc/compensation/minimum-wage", test_compensation_minimum_wage);
  g_test_add_func ("/calc/unlawful-termination", test_unlawful_termination);
  g_test_add_func ("/calc/double-wage", test_double_wage);
  g_test_add_func ("/calc/annual-leave", test_annual_leave);
  g_test_add_func ("/calc/late-payment", test_late_payment);
  g_test_add_func ("/calc/minimum-wage", test_minimum_wage);
  g_test_add_func ("/calc/local-figures", test_local_figures);
  g_test_add_func ("/calc/text", test_text);
  g_test_add_func ("/calc/unknown-kind", test_unknown_kind);
  return g_test_run ();
}
