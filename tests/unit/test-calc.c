/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Worked examples for every calculator of docs/LAW.md, with the boundaries.
 * Each expected figure is worked out by hand in the comment above it.
 * Conventions: 21.75 pay days a month, so hourly = monthly ÷ 174 and
 * daily = monthly × 4 ÷ 87; one rounding, half up, at the end. */

#include <glib/gstdio.h>
#include <string.h>

#include "tj-calc.h"
#include "tj-calc-inputs.h"
#include "tj-calendar.h"
#include "tj-error.h"
#include "tj-json.h"
#include "tj-local-figures.h"
#include "tj-test-util.h"

/* Runs calculator @kind on @json and checks the amount. */
static JsonObject *
run (const char     *kind,
     const char     *json,
     TjLocalFigures *figures,
     gint64          expected_fen)
{
  g_autoptr(JsonObject) input = tj_test_object (json);
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
  g_autoptr(JsonObject) input = tj_test_object (json);
  g_autoptr(GError) error = NULL;
  g_autoptr(TjLocalFigures) figures = tj_local_figures_new_with_user_file (NULL);
  g_autoptr(JsonObject) result = tj_calc_run (kind, input, figures, &error);

  g_assert_null (result);
  g_assert_error (error, TJ_ERROR, TJ_ERROR_INVALID);
  if (strstr (error->message, field) == NULL)
    g_error ("“%s” does not name “%s”", error->message, field);
}

typedef struct {
  const char *json;
  const char *field;   /* what the message must name */
} BadInput;

/* Calculator @kind refuses each of @bad, naming its field. */
static void
run_fails_each (const char     *kind,
                const BadInput *bad,
                gsize           n_bad)
{
  for (gsize i = 0; i < n_bad; i++)
    run_fails (kind, bad[i].json, bad[i].field);
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

/* Cites @article of a statute whose name contains @statute. */
static gboolean
cites_in (JsonObject *result,
          const char *statute,
          const char *article)
{
  JsonArray *basis = json_object_get_array_member (result, "basis");

  for (guint i = 0; i < json_array_get_length (basis); i++)
    {
      JsonObject *b = json_array_get_object_element (basis, i);
      if (g_strcmp0 (json_object_get_string_member (b, "article"), article) == 0
          && strstr (json_object_get_string_member (b, "statute"), statute))
        return TRUE;
    }
  return FALSE;
}

/* The figure of @kind named in the result, or NULL. */
static JsonObject *
figure_of (JsonObject *result,
           const char *kind,
           guint       nth)
{
  JsonArray *figures = json_object_has_member (result, "figures")
                       ? json_object_get_array_member (result, "figures") : NULL;

  for (guint i = 0; figures && i < json_array_get_length (figures); i++)
    {
      JsonObject *f = json_array_get_object_element (figures, i);
      if (g_strcmp0 (json_object_get_string_member (f, "kind"), kind) == 0 && nth-- == 0)
        return f;
    }
  return NULL;
}

/* "in force from " and @iso as the labels write dates. */
static char *
in_force_from (const char *iso)
{
  GDate d;
  g_autofree char *text = NULL;

  g_assert_true (tj_date_parse_iso (iso, &d));
  text = tj_date_format_display (&d);
  return g_strconcat ("in force from ", text, NULL);
}

static char *
published_on (const char *iso)
{
  GDate d;
  g_autofree char *text = NULL;

  g_assert_true (tj_date_parse_iso (iso, &d));
  text = tj_date_format_display (&d);
  return g_strconcat ("published ", text, NULL);
}

/* A step whose label contains @fragment. */
static JsonObject *
step_with (JsonObject *result,
           const char *fragment)
{
  JsonArray *steps = json_object_get_array_member (result, "breakdown");

  for (guint i = 0; i < json_array_get_length (steps); i++)
    {
      JsonObject *step = json_array_get_object_element (steps, i);
      if (strstr (json_object_get_string_member (step, "label"), fragment))
        return step;
    }
  return NULL;
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

  static const BadInput bad[] = {
    { "{}", "items" },
    { "{\"items\":[]}", "items" },
    { "{\"items\":[{\"month\":\"2025-01\"}]}", "items[0].due_fen" },
    { "{\"items\":[{\"month\":\"2025-13\",\"due_fen\":1}]}", "items[0].month" },
    { "{\"items\":[{\"month\":\"2025-01\",\"due_fen\":1},{\"due_fen\":1}]}", "items[1].month" },
    { "{\"items\":[{\"month\":\"2025-01\",\"due_fen\":\"6000\"}]}", "items[0].due_fen" },
    { "{\"items\":[{\"month\":\"2025-01\",\"due_fen\":100,\"paid_fen\":-1}]}", "items[0].paid_fen" },
  };
  run_fails_each ("arrears", bad, G_N_ELEMENTS (bad));
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

  static const BadInput bad[] = {
    { "{\"weekday_hours\":1}", "monthly_wage_fen" },
    { "{\"monthly_wage_fen\":\"12000\"}", "monthly_wage_fen" },
    { "{\"monthly_wage_fen\":1200000.5}", "monthly_wage_fen" },
    { "{\"monthly_wage_fen\":-1}", "monthly_wage_fen" },
    { "{\"monthly_wage_fen\":1200000,\"weekday_hours\":1.234}", "weekday_hours" },
    { "{\"monthly_wage_fen\":1200000,\"holiday_hours\":\"8\"}", "holiday_hours" },
    { "{\"monthly_wage_fen\":1200000,\"restday_hours\":-2}", "restday_hours" },
  };
  run_fails_each ("overtime", bad, G_N_ELEMENTS (bad));
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
  g_autoptr(JsonObject) negotiated = NULL;
  g_autoptr(JsonObject) expiry = NULL;
  g_autoptr(JsonObject) incompetence = NULL;
  g_autoptr(JsonObject) objective = NULL;
  g_autoptr(JsonObject) layoff = NULL;
  g_autoptr(JsonObject) high = NULL;
  g_autoptr(JsonObject) all_before = NULL;
  g_autoptr(JsonObject) fault = NULL;
  g_autoptr(JsonObject) damages = NULL;

  /* §97 ¶3: the service before 2008 follows the rules then in force, by
   * ground; without the ground nothing is computed. */
  run_fails ("compensation",
             "{\"monthly_wage_fen\":600000,\"start\":\"2005-07-01\",\"end\":\"2010-06-30\",\"local_avg_monthly_wage_fen\":500000}",
             "termination_ground");
  run_fails ("compensation",
             "{\"monthly_wage_fen\":600000,\"start\":\"2005-07-01\",\"end\":\"2010-06-30\",\"termination_ground\":\"quit\"}",
             "termination_ground");

  /* Agreement proposed by the employer, ¥6,000, cap 3 × 5000 = 15000 (not
   * reached). Before: 2005-07-01 … 2007-12-31 = 2 years 6 months; a year
   * begun counts as a year (劳办发〔1997〕98号) → 3 months (481号 §5, at
   * most 12) = ¥18,000. From 2008: 2008-01-01 … 2010-06-30 = 2 years
   * 6 months → 3 months (§47) = ¥18,000. N = ¥36,000. */
  negotiated = run ("compensation",
                    "{\"monthly_wage_fen\":600000,\"start\":\"2005-07-01\",\"end\":\"2010-06-30\","
                    "\"local_avg_monthly_wage_fen\":500000,\"termination_ground\":\"negotiated_employer\"}",
                    NULL, 3600000);
  g_assert_cmpfloat (months_of (negotiated), ==, 6.0);
  g_assert_cmpfloat (json_object_get_double_member (negotiated, "months_before_2008"), ==, 3.0);
  g_assert_cmpfloat (json_object_get_double_member (negotiated, "months_from_2008"), ==, 3.0);
  g_assert_true (cites (negotiated, "Article 97"));
  g_assert_true (cites_in (negotiated, "481", "Article 5"));
  g_assert_true (cites_in (negotiated, "98", "Items 1 and 2"));
  g_assert_cmpstr (json_object_get_string_member (negotiated, "termination_ground"), ==, "negotiated_employer");

  /* A fixed-term contract that expired earned nothing before 2008: only
   * the 3 months from 2008 → ¥18,000, with a warning. */
  expiry = run ("compensation",
                "{\"monthly_wage_fen\":600000,\"start\":\"2005-07-01\",\"end\":\"2010-06-30\","
                "\"local_avg_monthly_wage_fen\":500000,\"termination_ground\":\"fixed_term_expiry\"}",
                NULL, 1800000);
  g_assert_cmpfloat (json_object_get_double_member (expiry, "months_before_2008"), ==, 0.0);
  g_assert_true (has_warning (expiry, "before 2008"));

  /* Incompetence (481号 §7, at most 12 months): 1990-03-01 … 2007-12-31 =
   * 17 years 10 months → 18, limited to 12 × ¥5,000 = ¥60,000; from 2008,
   * 2 years → 2 × 5000 = ¥10,000. N = ¥70,000. */
  incompetence = run ("compensation",
                      "{\"monthly_wage_fen\":500000,\"start\":\"1990-03-01\",\"end\":\"2009-12-31\","
                      "\"local_avg_monthly_wage_fen\":500000,\"termination_ground\":\"incompetence\"}",
                      NULL, 7000000);
  g_assert_cmpfloat (months_of (incompetence), ==, 14.0);
  /* A change of circumstances (481号 §8) has no limit: 18 × 5000 +
   * 10,000 = ¥100,000. */
  objective = run ("compensation",
                   "{\"monthly_wage_fen\":500000,\"start\":\"1990-03-01\",\"end\":\"2009-12-31\","
                   "\"local_avg_monthly_wage_fen\":500000,\"termination_ground\":\"objective_change\"}",
                   NULL, 10000000);
  g_assert_true (has_warning (objective, "enterprise_avg_monthly_wage_fen"));

  /* A layoff (481号 §9) with the wage ¥3,000 below the enterprise's average
   * ¥4,000 (§11): before, 2006-01-01 … 2007-12-31 = 2 years → 2 × 4000 =
   * ¥8,000; from 2008, 1 year at the worker's own ¥3,000 → ¥3,000. N = ¥11,000. */
  layoff = run ("compensation",
                "{\"monthly_wage_fen\":300000,\"start\":\"2006-01-01\",\"end\":\"2008-12-31\","
                "\"local_avg_monthly_wage_fen\":500000,\"enterprise_avg_monthly_wage_fen\":400000,"
                "\"termination_ground\":\"layoff\"}",
                NULL, 1100000);
  g_assert_true (cites_in (layoff, "481", "Article 11"));

  /* A high earner: the §47 cap (3 × 5000 = 15000) applies to the years
   * from 2008 only. Before: 2 years × ¥20,000 = ¥40,000; from 2008:
   * 2008-01-01 … 2010-12-31 = 3 years × 15000 = ¥45,000. N = ¥85,000. */
  high = run ("compensation",
              "{\"monthly_wage_fen\":2000000,\"start\":\"2006-01-01\",\"end\":\"2010-12-31\","
              "\"local_avg_monthly_wage_fen\":500000,\"termination_ground\":\"negotiated_employer\"}",
              NULL, 8500000);

  /* All service before 2008: 2005-01-01 … 2007-06-30 = 2 years 6 months
   * → 3 × 6000 = ¥18,000. */
  all_before = run ("compensation",
                    "{\"monthly_wage_fen\":600000,\"start\":\"2005-01-01\",\"end\":\"2007-06-30\","
                    "\"termination_ground\":\"negotiated_employer\"}",
                    NULL, 1800000);
  g_assert_cmpfloat (months_of (all_before), ==, 3.0);

  /* Wages not paid (法释〔2001〕14号 §15): 2007-03-01 … 2007-12-31 = 10
   * months → 1 month = ¥4,000; 2008-01-01 … 2008-02-29 = 1 month 29 days
   * → half a month = ¥2,000. N = ¥6,000. */
  fault = run ("compensation",
               "{\"monthly_wage_fen\":400000,\"start\":\"2007-03-01\",\"end\":\"2008-02-29\","
               "\"local_avg_monthly_wage_fen\":500000,\"termination_ground\":\"employer_fault_pay\"}",
               NULL, 600000);
  g_assert_true (cites_in (fault, "2001", "Article 15"));

  /* 2N counts all service from the first day under §47 (Implementing
   * Regulations §25): 2005-07-01 … 2010-06-30 = 5 years → 2 × 5 × 6000 =
   * ¥60,000; no ground asked, no §97 warning. */
  damages = run ("unlawful_termination",
                 "{\"monthly_wage_fen\":600000,\"start\":\"2005-07-01\",\"end\":\"2010-06-30\",\"local_avg_monthly_wage_fen\":500000}",
                 NULL, 6000000);
  g_assert_true (cites (damages, "Article 25"));
  g_assert_false (cites (damages, "Article 97"));
  g_assert_false (has_warning (damages, "2008"));
  g_assert_nonnull (step_with (damages, "first day of employment"));

  static const BadInput bad[] = {
    { "{\"monthly_wage_fen\":1,\"start\":\"2020-01-01\"}", "end" },
    { "{\"monthly_wage_fen\":1,\"start\":\"2020-02-30\",\"end\":\"2021-01-01\"}", "start" },
    { "{\"monthly_wage_fen\":1,\"start\":\"2021-01-01\",\"end\":\"2020-01-01\"}", "end" },
    { "{\"start\":\"2020-01-01\",\"end\":\"2021-01-01\"}", "monthly_wage_fen" },
    { "{\"monthly_wage_fen\":1,\"start\":20200101,\"end\":\"2021-01-01\"}", "start" },
    { "{\"monthly_wage_fen\":1,\"start\":\"2020-01-01\",\"end\":\"2021-01-01\",\"local_avg_monthly_wage_fen\":true}", "local_avg_monthly_wage_fen" },
  };
  run_fails_each ("compensation", bad, G_N_ELEMENTS (bad));
}

/* Pay in lieu of notice and N + 1 ---------------------------------------- */

static void
test_notice_pay (void)
{
  g_autoptr(JsonObject) plus_one = NULL;
  g_autoptr(JsonObject) n_plus_one = NULL;
  g_autoptr(JsonObject) pre_2008 = NULL;
  JsonArray *parts;

  /* +1: the previous month's wage (Implementing Regulations §20), ¥6,500. */
  plus_one = run ("notice_pay", "{\"last_month_wage_fen\":650000,\"termination_ground\":\"illness_injury\"}",
                  NULL, 650000);
  g_assert_true (cites (plus_one, "Article 40"));
  g_assert_true (cites (plus_one, "Article 20"));
  run_fails ("notice_pay", "{}", "last_month_wage_fen");
  /* Only a §40 dismissal earns it. */
  run_fails ("notice_pay", "{\"last_month_wage_fen\":650000,\"termination_ground\":\"layoff\"}", "termination_ground");

  /* N + 1: 2020-03-01 … 2025-08-30 = 5 years 5 months 30 days → 5.5 ×
   * ¥8,000 = ¥44,000; + the previous month's ¥8,500 = ¥52,500. */
  n_plus_one = run ("compensation_with_notice",
                    "{\"monthly_wage_fen\":800000,\"start\":\"2020-03-01\",\"end\":\"2025-08-30\","
                    "\"local_avg_monthly_wage_fen\":1000000,\"last_month_wage_fen\":850000,"
                    "\"termination_ground\":\"incompetence\"}",
                    NULL, 5250000);
  g_assert_cmpfloat (months_of (n_plus_one), ==, 5.5);
  parts = json_object_get_array_member (n_plus_one, "parts");
  g_assert_cmpuint (json_array_get_length (parts), ==, 2);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (parts, 0), "kind"), ==, "compensation");
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (parts, 0), "amount_fen"), ==, 4400000);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (parts, 1), "kind"), ==, "notice_pay");
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (parts, 1), "amount_fen"), ==, 850000);
  g_assert_true (cites (n_plus_one, "Article 47"));
  g_assert_true (cites (n_plus_one, "Article 40"));
  g_assert_true (cites (n_plus_one, "Article 20"));
  g_assert_cmpint (json_object_get_int_member (step_with (n_plus_one, "N + 1"), "amount_fen"), ==, 5250000);

  /* With service before 2008, the ground of N counts too: incompetence,
   * 2005-07-01 … 2010-06-30, ¥6,000: 3 months before (481号 §7) + 3 from
   * 2008 = ¥36,000; + ¥6,200 = ¥42,200. */
  pre_2008 = run ("compensation_with_notice",
                  "{\"monthly_wage_fen\":600000,\"start\":\"2005-07-01\",\"end\":\"2010-06-30\","
                  "\"local_avg_monthly_wage_fen\":500000,\"last_month_wage_fen\":620000,"
                  "\"termination_ground\":\"incompetence\"}",
                  NULL, 4220000);
  static const BadInput bad[] = {
    { "{\"monthly_wage_fen\":600000,\"start\":\"2005-07-01\",\"end\":\"2010-06-30\",\"last_month_wage_fen\":620000}", "termination_ground" },
    { "{\"monthly_wage_fen\":600000,\"start\":\"2015-07-01\",\"end\":\"2020-06-30\",\"last_month_wage_fen\":620000,"
      "\"termination_ground\":\"fixed_term_expiry\"}", "termination_ground" },
    { "{\"monthly_wage_fen\":600000,\"start\":\"2015-07-01\",\"end\":\"2020-06-30\"}", "last_month_wage_fen" },
  };
  run_fails_each ("compensation_with_notice", bad, G_N_ELEMENTS (bad));
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

  /* The same from the 北京 figures on the last day, 2024-08-31: the
   * minimum ¥2,420 (in force from 2023-09-01) and the 2023 average
   * (published 2024-07-01) are both named, with their dates, as figures
   * and as steps. 2022-09-01 … 2024-08-31 = 2 years × 2420 = ¥4,840. */
  looked_up = run ("compensation",
                   "{\"monthly_wage_fen\":150000,\"start\":\"2022-09-01\",\"end\":\"2024-08-31\",\"city\":\"北京\"}",
                   figures, 484000);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (looked_up, "figures")), ==, 2);
  g_assert_cmpstr (json_object_get_string_member (figure_of (looked_up, "min_monthly_wage", 0), "effective"), ==, "2023-09-01");
  g_assert_cmpstr (json_object_get_string_member (figure_of (looked_up, "avg_monthly_wage", 0), "effective"), ==, "2024-07-01");
  g_assert_cmpint (json_object_get_int_member (figure_of (looked_up, "avg_monthly_wage", 0), "of_year"), ==, 2023);
  {
    g_autofree char *from = in_force_from ("2023-09-01");
    g_autofree char *published = published_on ("2024-07-01");
    g_assert_nonnull (step_with (looked_up, from));
    g_assert_nonnull (step_with (looked_up, published));
  }

  /* A wage above the minimum is used as it is: 2 × 3000 = ¥6,000. */
  above = run ("compensation",
               "{\"monthly_wage_fen\":300000,\"start\":\"2022-09-01\",\"end\":\"2024-08-31\",\"city\":\"北京\"}",
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

  static const BadInput bad[] = {
    { "{\"monthly_wage_fen\":600000,\"start\":\"2024-01-15\"}", "contract_signed" },
    { "{\"monthly_wage_fen\":600000,\"start\":\"2024-01-15\",\"contract_signed\":\"2023-12-01\"}", "contract_signed" },
    { "{\"monthly_wage_fen\":600000,\"contract_signed\":\"2024-05-01\"}", "start" },
  };
  run_fails_each ("double_wage", bad, G_N_ELEMENTS (bad));
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

  {
    /* A new hire still employed (Measures §5): joined 2025-03-01 with 5
     * years of work: 2025-03-01 … 12-31 = 306 calendar days; 306 ÷ 365 × 5
     * = 4.19 → 4 whole days × ¥800 = ¥3,200. */
    g_autoptr(JsonObject) hire = run ("annual_leave",
                                      "{\"monthly_wage_fen\":870000,\"cumulative_years\":5,\"start\":\"2025-03-01\"}",
                                      NULL, 320000);
    g_autoptr(JsonObject) half = NULL;
    g_autoptr(JsonObject) left_half = NULL;
    g_autoptr(JsonObject) left_half_late = NULL;
    g_autoptr(JsonObject) earlier = NULL;

    g_assert_true (cites_in (hire, "Enterprise", "Article 5"));
    g_assert_false (cites (hire, "Article 12"));
    /* Joined 2025-07-01, 12 years (10 days a year): 184 days; 184 ÷ 365 ×
     * 10 = 5.04 → 5 days; one and a half taken leaves 3.5 days (the whole
     * days are of the year's leave; a half day taken comes off as it
     * is) × ¥800 = ¥2,800. */
    half = run ("annual_leave",
                "{\"monthly_wage_fen\":870000,\"cumulative_years\":12,\"start\":\"2025-07-01\",\"taken_days\":1.5}",
                NULL, 280000);
    /* Leaving (Measures §12), half days taken: the part of a day is
     * dropped from the whole formula. Left 2025-06-30, 2.5 taken: 181 ÷
     * 365 × 10 − 2.5 = 2.46 → 2 days = ¥1,600. Left 2025-09-30: 273 ÷ 365
     * × 10 − 2.5 = 4.98 → 4 days = ¥3,200 (not 7 − 2.5 = 4.5). */
    left_half = run ("annual_leave",
                     "{\"monthly_wage_fen\":870000,\"cumulative_years\":12,\"left_on\":\"2025-06-30\",\"taken_days\":2.5}",
                     NULL, 160000);
    left_half_late = run ("annual_leave",
                          "{\"monthly_wage_fen\":870000,\"cumulative_years\":12,\"left_on\":\"2025-09-30\",\"taken_days\":2.5}",
                          NULL, 320000);
    /* Joined in an earlier year: the full year's leave, the unused days
     * must be given. */
    earlier = run ("annual_leave",
                   "{\"monthly_wage_fen\":870000,\"cumulative_years\":5,\"start\":\"2019-05-01\",\"year\":2025,\"unused_days\":5}",
                   NULL, 400000);
    g_assert_false (cites_in (earlier, "Enterprise", "Article 5"));
    static const BadInput bad[] = {
      { "{\"monthly_wage_fen\":870000,\"cumulative_years\":5,\"start\":\"2019-05-01\",\"year\":2025}", "unused_days" },
      { "{\"monthly_wage_fen\":870000,\"cumulative_years\":5,\"start\":\"2026-05-01\",\"year\":2025}", "start" },
      { "{\"monthly_wage_fen\":870000,\"cumulative_years\":5,\"left_on\":\"2025-05-01\",\"year\":2024}", "year" },
    };
    run_fails_each ("annual_leave", bad, G_N_ELEMENTS (bad));
  }

  static const BadInput bad[] = {
    { "{\"monthly_wage_fen\":870000,\"cumulative_years\":5,\"start\":\"2025-03-01\",\"left_on\":\"2025-02-01\"}", "left_on" },
    { "{\"monthly_wage_fen\":870000,\"cumulative_years\":5,\"left_on\":\"2025-13-01\"}", "left_on" },
    { "{\"monthly_wage_fen\":870000,\"unused_days\":1}", "cumulative_years" },
    { "{\"monthly_wage_fen\":870000,\"cumulative_years\":3}", "unused_days" },
    { "{\"monthly_wage_fen\":870000,\"cumulative_years\":\"3\",\"unused_days\":1}", "cumulative_years" },
  };
  run_fails_each ("annual_leave", bad, G_N_ELEMENTS (bad));
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
  g_autoptr(JsonObject) stale = NULL;
  g_autoptr(JsonObject) straddles = NULL;
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

  /* 上海, paid ¥2,500 for 2025-05 … 2025-09: the minimum was ¥2,690 (from
   * 2023-07-01) for May and June and ¥2,740 (from 2025-07-01) for July to
   * September: (2690 − 2500) × 2 + (2740 − 2500) × 3 = 380 + 720 = ¥1,100. */
  straddles = run ("minimum_wage",
                   "{\"monthly_wage_fen\":250000,\"city\":\"上海\",\"from_month\":\"2025-05\",\"to_month\":\"2025-09\"}",
                   figures, 110000);
  figure = figure_of (straddles, "min_monthly_wage", 0);
  g_assert_cmpint (json_object_get_int_member (figure, "value_fen"), ==, 269000);
  g_assert_cmpstr (json_object_get_string_member (figure, "effective"), ==, "2023-07-01");
  g_assert_cmpstr (json_object_get_string_member (figure, "from"), ==, "2025-05-01");
  g_assert_cmpstr (json_object_get_string_member (figure, "to"), ==, "2025-06-30");
  figure = figure_of (straddles, "min_monthly_wage", 1);
  g_assert_cmpint (json_object_get_int_member (figure, "value_fen"), ==, 274000);
  g_assert_cmpstr (json_object_get_string_member (figure, "from"), ==, "2025-07-01");
  g_assert_cmpstr (json_object_get_string_member (figure, "to"), ==, "2025-09-30");
  g_assert_nonnull (json_object_get_string_member (figure, "source"));
  g_assert_cmpint (json_object_get_int_member (step_with (straddles, "2025-05 – 2025-06"), "amount_fen"), ==, 38000);
  g_assert_cmpint (json_object_get_int_member (step_with (straddles, "2025-07 – 2025-09"), "amount_fen"), ==, 72000);
  {
    g_autofree char *from = in_force_from ("2025-07-01");
    g_assert_nonnull (step_with (straddles, from));
  }

  /* The earlier input, a year: 北京 had ¥2,420 all through 2024 → (2420 −
   * 2000) × 6 = ¥2,520, the figure named with its date. */
  looked_up = run ("minimum_wage", "{\"monthly_wage_fen\":200000,\"city\":\"北京\",\"year\":2024,\"months\":6}",
                   figures, 252000);
  figure = figure_of (looked_up, "min_monthly_wage", 0);
  g_assert_cmpint (json_object_get_int_member (figure, "year"), ==, 2024);
  g_assert_cmpint (json_object_get_int_member (figure, "value_fen"), ==, 242000);
  g_assert_cmpstr (json_object_get_string_member (figure, "effective"), ==, "2023-09-01");
  /* Bundled figures say they are to be verified, and where they come from. */
  g_assert_nonnull (json_object_get_string_member (figure, "verify"));
  g_assert_nonnull (json_object_get_string_member (figure, "source"));
  g_assert_false (has_warning (looked_up, "two years"));
  /* A year in which the minimum changed cannot be used: 上海 2025. */
  run_fails ("minimum_wage", "{\"monthly_wage_fen\":200000,\"city\":\"上海\",\"year\":2025,\"months\":6}", "from_month");
  /* 杭州's ¥2,280 has applied since 2021-08-01, over two years before the
   * end of 2025: used, with a warning to check for a newer one (最低工资规定
   * §10). (2280 − 2000) × 12 = ¥3,360. */
  stale = run ("minimum_wage", "{\"monthly_wage_fen\":200000,\"city\":\"杭州\",\"year\":2025,\"months\":12}",
               figures, 336000);
  g_assert_true (has_warning (stale, "two years"));

  /* 深圳 2025-03 … 2025-05, all at ¥2,520 (from 2025-03-01): (2520 − 2000) × 3 = ¥1,560. */
  current = run ("minimum_wage",
                 "{\"monthly_wage_fen\":200000,\"city\":\"深圳\",\"from_month\":\"2025-03\",\"to_month\":\"2025-05\"}",
                 figures, 156000);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (current, "figures")), ==, 1);

  /* No figure that early: NOT_FOUND, naming the city. */
  input = tj_test_object ("{\"monthly_wage_fen\":200000,\"city\":\"深圳\",\"from_month\":\"2020-01\",\"to_month\":\"2020-03\"}");
  missing = tj_calc_minimum_wage (input, figures, &error);
  g_assert_null (missing);
  g_assert_error (error, TJ_ERROR, TJ_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "深圳"));

  static const BadInput bad[] = {
    { "{\"monthly_wage_fen\":200000,\"months\":6}", "minimum_wage_fen" },
    { "{\"monthly_wage_fen\":200000,\"minimum_wage_fen\":242000}", "months" },
    { "{\"monthly_wage_fen\":200000,\"city\":\"北京\",\"months\":6}", "from_month" },
    { "{\"monthly_wage_fen\":200000,\"city\":\"北京\",\"from_month\":\"2025-05\"}", "to_month" },
    { "{\"monthly_wage_fen\":200000,\"city\":\"北京\",\"from_month\":\"2025-05\",\"to_month\":\"2025-13\"}", "to_month" },
    { "{\"monthly_wage_fen\":200000,\"city\":\"北京\",\"from_month\":\"2025-05\",\"to_month\":\"2025-04\"}", "to_month" },
    { "{\"monthly_wage_fen\":200000,\"minimum_wage_fen\":242000,\"from_month\":\"2025-05\",\"to_month\":\"2025-06\",\"months\":3}", "months" },
  };
  run_fails_each ("minimum_wage", bad, G_N_ELEMENTS (bad));
}

/* Local figures --------------------------------------------------------- */

static void
test_local_figures (void)
{
  g_autofree char *dir = g_dir_make_tmp ("tj-calc-XXXXXX", NULL);
  g_autofree char *good = g_build_filename (dir, "good.json", NULL);
  g_autofree char *bad = g_build_filename (dir, "bad.json", NULL);
  g_autofree char *bad_old = g_build_filename (dir, "bad-old.json", NULL);
  g_autoptr(TjLocalFigures) figures = NULL;
  g_autoptr(TjLocalFigures) broken = NULL;
  g_autoptr(JsonObject) capped = NULL;
  g_autoptr(JsonObject) before_publication = NULL;
  g_autoptr(JsonObject) legacy = NULL;
  g_autoptr(JsonObject) split_month = NULL;
  g_auto(GStrv) cities = NULL;
  const TjLocalFigure *f;
  g_autofree char *warning = NULL;
  const char * const *warnings;
  GDate d;

  /* Dated figures, and one entry of the earlier yearly format (重庆),
   * which is still read. 测试市's minimum changes mid-month. */
  g_assert_true (g_file_set_contents (good,
    "{\"figures\":["
    "{\"city\":\"北京\",\"kind\":\"avg_monthly_wage\",\"value_fen\":1200000,\"of_year\":2024,"
    "\"effective\":\"2025-07-01\",\"source\":\"test\",\"published\":\"2025-07\"},"
    "{\"city\":\"成都\",\"kind\":\"avg_monthly_wage\",\"value_fen\":800000,\"effective\":\"2025-06-15\"},"
    "{\"city\":\"测试市\",\"kind\":\"min_monthly_wage\",\"value_fen\":200000,\"effective\":\"2020-01-01\"},"
    "{\"city\":\"测试市\",\"kind\":\"min_monthly_wage\",\"value_fen\":231100,\"effective\":\"2025-03-15\"},"
    "{\"city\":\"重庆\",\"year\":2025,\"avg_monthly_wage_fen\":900000,\"avg_wage_of_year\":2024,"
    "\"min_monthly_wage_fen\":210000,\"min_wage_effective\":\"2025-04-01\",\"published\":\"2025-06\"}]}", -1, NULL));
  /* The entry starting on line 3 has an impossible date on line 4. */
  g_assert_true (g_file_set_contents (bad,
    "{\"figures\": [\n  {\"city\": \"北京\", \"kind\": \"min_monthly_wage\", \"value_fen\": 254000, \"effective\": \"2025-09-01\"},\n"
    "  {\"city\": \"上海\", \"kind\": \"min_monthly_wage\",\n   \"value_fen\": 274000, \"effective\": \"2025-07-32\"}\n]}\n", -1, NULL));
  /* The earlier format: a string where a number belongs, on line 4. */
  g_assert_true (g_file_set_contents (bad_old,
    "{\"figures\": [\n  {\"city\": \"北京\", \"year\": 2025},\n"
    "  {\"city\": \"上海\", \"year\": 2025,\n   \"avg_monthly_wage_fen\": \"12000\"}\n]}\n", -1, NULL));

  figures = tj_local_figures_new_with_user_file (good);
  g_assert_null (tj_local_figures_get_warnings (figures));
  /* The average applies from its publication: on 2025-06-30 the 2023
   * one (published 2024-07-01), from 2025-07-01 the user's 2024 one. */
  g_assert_true (tj_date_parse_iso ("2025-06-30", &d));
  f = tj_local_figures_lookup (figures, "北京", TJ_LOCAL_FIGURE_AVG_MONTHLY_WAGE, &d, &warning, NULL);
  g_assert_cmpint (f->value_fen, ==, 1176100);
  g_assert_cmpuint (f->of_year, ==, 2023);
  g_assert_null (warning);
  g_assert_true (tj_date_parse_iso ("2025-07-01", &d));
  f = tj_local_figures_lookup (figures, "北京", TJ_LOCAL_FIGURE_AVG_MONTHLY_WAGE, &d, NULL, NULL);
  g_assert_cmpint (f->value_fen, ==, 1200000);
  g_assert_cmpstr (f->effective, ==, "2025-07-01");
  /* of_year defaults to the year before publication. */
  f = tj_local_figures_lookup (figures, "成都", TJ_LOCAL_FIGURE_AVG_MONTHLY_WAGE, NULL, NULL, NULL);
  g_assert_cmpuint (f->of_year, ==, 2024);
  /* The yearly entry: the minimum from min_wage_effective, the average
   * from its month of publication. */
  g_assert_true (tj_date_parse_iso ("2025-04-01", &d));
  f = tj_local_figures_lookup (figures, "重庆", TJ_LOCAL_FIGURE_MIN_MONTHLY_WAGE, &d, NULL, NULL);
  g_assert_cmpint (f->value_fen, ==, 210000);
  g_assert_true (tj_date_parse_iso ("2025-03-31", &d));
  g_assert_null (tj_local_figures_lookup (figures, "重庆", TJ_LOCAL_FIGURE_MIN_MONTHLY_WAGE, &d, NULL, NULL));
  f = tj_local_figures_lookup (figures, "重庆", TJ_LOCAL_FIGURE_AVG_MONTHLY_WAGE, NULL, NULL, NULL);
  g_assert_cmpstr (f->effective, ==, "2025-06-01");
  g_assert_cmpuint (f->of_year, ==, 2024);
  /* An average more than two years old for the date is flagged. */
  g_assert_true (tj_date_parse_iso ("2027-03-01", &d));
  g_clear_pointer (&warning, g_free);
  f = tj_local_figures_lookup (figures, "成都", TJ_LOCAL_FIGURE_AVG_MONTHLY_WAGE, &d, &warning, NULL);
  g_assert_nonnull (warning);
  cities = tj_local_figures_get_cities (figures);
  g_assert_true (g_strv_contains ((const char * const *) cities, "成都"));
  g_assert_true (g_strv_contains ((const char * const *) cities, "上海"));
  g_assert_true (g_strv_contains ((const char * const *) cities, "重庆"));

  /* Compensation with the cap from the figures of the last day: 北京 on
   * 2025-08-31, the average of 2024 ¥12,000 (published 2025-07-01), cap
   * ¥36,000; wage ¥40,000 for 2 years → 2 × 36000 = ¥72,000. */
  capped = run ("compensation",
                "{\"monthly_wage_fen\":4000000,\"start\":\"2023-09-01\",\"end\":\"2025-08-31\",\"city\":\"北京\"}",
                figures, 7200000);
  g_assert_cmpint (json_object_get_int_member (figure_of (capped, "avg_monthly_wage", 0), "value_fen"), ==, 1200000);
  g_assert_cmpstr (json_object_get_string_member (figure_of (capped, "avg_monthly_wage", 0), "used_on"), ==, "2025-08-31");
  /* Ending 2025-06-30, before that publication: the 2023 average ¥11,761,
   * cap ¥35,283; 2023-07-01 … 2025-06-30 = 2 years → ¥70,566. */
  before_publication = run ("compensation",
                            "{\"monthly_wage_fen\":4000000,\"start\":\"2023-07-01\",\"end\":\"2025-06-30\",\"city\":\"北京\"}",
                            figures, 7056600);
  g_assert_cmpint (json_object_get_int_member (figure_of (before_publication, "avg_monthly_wage", 0), "of_year"), ==, 2023);

  /* A figure from a file of the earlier format is used like any other:
   * 重庆 minimum ¥2,100 from 2025-04-01; paid ¥2,000 in 2025-04 … 2025-05 →
   * (2100 − 2000) × 2 = ¥200. */
  legacy = run ("minimum_wage",
                "{\"monthly_wage_fen\":200000,\"city\":\"重庆\",\"from_month\":\"2025-04\",\"to_month\":\"2025-05\"}",
                figures, 20000);

  /* The minimum changes on 2025-03-15: March counts ¥2,000 for 14 days and
   * ¥2,311 for 17: (2000 × 14 + 2311 × 17) ÷ 31 − 2100 = 70.548…; April
   * 2311 − 2100 = 211; one rounding at the end: 281.548… → ¥281.55. */
  split_month = run ("minimum_wage",
                     "{\"monthly_wage_fen\":210000,\"city\":\"测试市\",\"from_month\":\"2025-03\",\"to_month\":\"2025-04\"}",
                     figures, 28155);
  g_assert_cmpint (json_object_get_int_member (step_with (split_month, "changed during the month"), "amount_fen"), ==, 7055);
  g_assert_cmpstr (json_object_get_string_member (figure_of (split_month, "min_monthly_wage", 0), "to"), ==, "2025-03-14");
  g_assert_cmpstr (json_object_get_string_member (figure_of (split_month, "min_monthly_wage", 1), "from"), ==, "2025-03-15");

  /* A broken user file is ignored with a message naming file, line and
   * member. */
  broken = tj_local_figures_new_with_user_file (bad);
  warnings = tj_local_figures_get_warnings (broken);
  g_assert_nonnull (warnings);
  g_assert_nonnull (strstr (warnings[0], bad));
  g_assert_nonnull (strstr (warnings[0], "line 4"));
  g_assert_nonnull (strstr (warnings[0], "effective"));
  f = tj_local_figures_lookup (broken, "北京", TJ_LOCAL_FIGURE_AVG_MONTHLY_WAGE, NULL, NULL, NULL);
  g_assert_cmpint (f->value_fen, ==, 1176100);
  {
    g_autoptr(TjLocalFigures) broken_old = tj_local_figures_new_with_user_file (bad_old);
    warnings = tj_local_figures_get_warnings (broken_old);
    g_assert_nonnull (warnings);
    g_assert_nonnull (strstr (warnings[0], "line 4"));
    g_assert_nonnull (strstr (warnings[0], "avg_monthly_wage_fen"));
  }

  {
    g_autofree char *dest = g_build_filename (dir, "installed.json", NULL);
    g_autoptr(GError) error = NULL;

    g_assert_false (tj_local_figures_install_file (bad, dest, &error));
    g_assert_error (error, TJ_ERROR, TJ_ERROR_INVALID);
    g_assert_nonnull (strstr (error->message, "line 4"));
    g_assert_false (g_file_test (dest, G_FILE_TEST_EXISTS));
    g_clear_error (&error);
    g_assert_true (tj_local_figures_install_file (good, dest, &error));
    g_assert_no_error (error);
    g_assert_true (g_file_test (dest, G_FILE_TEST_EXISTS));
    g_unlink (dest);
  }

  g_unlink (good);
  g_unlink (bad);
  g_unlink (bad_old);
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
  g_autoptr(JsonObject) input = tj_test_object ("{}");
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) r = tj_calc_run ("bonus", input, NULL, &error);

  g_assert_null (r);
  g_assert_error (error, TJ_ERROR, TJ_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "bonus"));
  g_assert_cmpuint (g_strv_length ((char **) tj_calc_get_kinds ()), ==, 10);
}

/* The table of inputs the window and `calc describe` share: every kind
 * it names is a calculator, every calculator but arrears (a list of
 * months) has inputs, and a member a kind is described with is one its
 * calculator reads: leaving it out, when required, is an error naming it. */
static void
test_inputs (void)
{
  const char * const *kinds = tj_calc_get_kinds ();
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < TJ_CALC_N_INPUTS; i++)
    {
      g_auto(GStrv) named = g_strsplit (tj_calc_inputs[i].kinds, " ", -1);

      g_assert_nonnull (tj_calc_inputs[i].title);
      g_assert_nonnull (tj_calc_input_type_name (tj_calc_inputs[i].type));
      for (guint k = 0; named[k]; k++)
        if (!g_strv_contains (kinds, named[k]))
          g_error ("input %s names no calculator: %s", tj_calc_inputs[i].member, named[k]);
    }
  for (guint k = 0; kinds[k]; k++)
    {
      g_autoptr(JsonObject) d = tj_calc_describe (kinds[k], &error);
      JsonArray *inputs;

      g_assert_no_error (error);
      inputs = json_object_get_array_member (d, "inputs");
      g_assert_cmpuint (json_array_get_length (inputs), >, 0);
      g_assert_cmpstr (json_object_get_string_member (d, "kind"), ==, kinds[k]);
    }

  /* Overtime reads the monthly wage: without it the calculator says so. */
  {
    g_autoptr(JsonObject) d = tj_calc_describe ("overtime", NULL);
    g_autoptr(JsonObject) input = json_object_new ();
    g_autoptr(JsonObject) r = NULL;
    JsonArray *inputs = json_object_get_array_member (d, "inputs");
    gboolean wage = FALSE;

    for (guint i = 0; i < json_array_get_length (inputs); i++)
      if (g_str_equal (json_object_get_string_member (json_array_get_object_element (inputs, i), "member"),
                       "monthly_wage_fen"))
        wage = TRUE;
    g_assert_true (wage);
    json_object_set_int_member (input, "weekday_hours", 10);
    r = tj_calc_run ("overtime", input, NULL, &error);
    g_assert_null (r);
    g_assert_error (error, TJ_ERROR, TJ_ERROR_INVALID);
    g_assert_nonnull (strstr (error->message, "monthly_wage_fen"));
    g_clear_error (&error);
  }

  g_assert_null (tj_calc_describe ("bonus", &error));
  g_assert_error (error, TJ_ERROR, TJ_ERROR_NOT_FOUND);
}

int
main (int    argc,
      char **argv)
{
  tj_test_pin_today ("2026-11-22");
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/calc/arrears", test_arrears);
  g_test_add_func ("/calc/overtime", test_overtime);
  g_test_add_func ("/calc/compensation/rounding", test_compensation_rounding);
  g_test_add_func ("/calc/compensation/cap", test_compensation_cap);
  g_test_add_func ("/calc/compensation/pre-2008", test_compensation_pre_2008);
  g_test_add_func ("/calc/compensation/minimum-wage", test_compensation_minimum_wage);
  g_test_add_func ("/calc/unlawful-termination", test_unlawful_termination);
  g_test_add_func ("/calc/notice-pay", test_notice_pay);
  g_test_add_func ("/calc/double-wage", test_double_wage);
  g_test_add_func ("/calc/annual-leave", test_annual_leave);
  g_test_add_func ("/calc/late-payment", test_late_payment);
  g_test_add_func ("/calc/minimum-wage", test_minimum_wage);
  g_test_add_func ("/calc/local-figures", test_local_figures);
  g_test_add_func ("/calc/text", test_text);
  g_test_add_func ("/calc/unknown-kind", test_unknown_kind);
  g_test_add_func ("/calc/inputs", test_inputs);
  return g_test_run ();
}
