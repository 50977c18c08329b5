/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Reports at scale (issue 8): a year of generated cases (default 100,000;
 * TJ_BENCH_CASES overrides) taken in through the case API and moved
 * through the status workflow on their own dates, with settlements,
 * payments and evening-clinic consultations; then the time of
 * tj_report_summary() for a quarter and for the year, of listing the cases
 * behind a figure, and the figures themselves. It prints figures only;
 * the budget (summary under 200 ms) is judged by a person.
 */

#include <glib/gstdio.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "tj-case.h"
#include "tj-consultation.h"
#include "tj-json.h"
#include "tj-report.h"
#include "tj-settlement.h"
#include "tj-test-store.h"
#include "tj-test-util.h"

static const char *kinds[] = { "wage_arrears", "wage_arrears", "wage_arrears", "compensation", "termination",
                               "overtime", "social_insurance", "work_injury", "other" };
static const char *sources[] = { "hotline", "hotline", "walk_in", "night_clinic", "station", "court", "referral" };
static const char *destinations[] = { "arbitration", "court", "labour_inspection", "legal_aid" };
static const char *employers[] = { "海淀建筑劳务有限公司", "朝阳电子科技有限公司", "浦东服装有限公司",
                                   "天河餐饮管理有限公司", "南山物流有限公司", "江北机械制造厂" };

static char *
date_plus (const char *iso,
           int         days)
{
  GDate d;
  char buf[16];

  g_date_clear (&d, 1);
  g_date_set_parse (&d, iso);
  g_date_add_days (&d, days);
  g_snprintf (buf, sizeof buf, "%04d-%02d-%02d", g_date_get_year (&d), g_date_get_month (&d), g_date_get_day (&d));
  return g_strdup (buf);
}

static void
move (TjStore    *store,
      const char *id,
      const char *status,
      const char *on,
      const char *referred_to)
{
  g_autoptr(GError) error = NULL;
  TjCaseContext ctx;

  tj_case_context_init_defaults (&ctx);
  ctx.actor = "调解员";
  ctx.today = on;
  if (!tj_case_set_status (store, &ctx, id, status, "调解", referred_to, &error))
    g_error ("%s → %s: %s", id, status, error->message);
}

static void
settle_and_pay (TjStore    *store,
                const char *id,
                const char *on,
                GRand      *rand)
{
  gint64 per = 100 * g_rand_int_range (rand, 1000, 20000);
  g_autofree char *due = date_plus (on, 30);
  g_autofree char *paid_on = NULL;

  tj_test_settle_evenly (store, id, per, due, on);
  /* The first worker is paid within a month. */
  paid_on = date_plus (on, g_rand_int_range (rand, 1, 30));
  tj_test_pay_worker (store, id, 0, per, paid_on);
}

static JsonObject *
make_case (GRand      *rand,
           const char *received)
{
  JsonObject *c = json_object_new ();
  JsonObject *employer = json_object_new ();
  JsonArray *workers = json_array_new ();
  int n = g_rand_int_range (rand, 0, 100) < 4 ? g_rand_int_range (rand, 10, 40) : g_rand_int_range (rand, 1, 4);

  json_object_set_string_member (c, "kind", kinds[g_rand_int_range (rand, 0, G_N_ELEMENTS (kinds))]);
  json_object_set_string_member (c, "source", sources[g_rand_int_range (rand, 0, G_N_ELEMENTS (sources))]);
  json_object_set_string_member (c, "received_on", received);
  if (g_rand_int_range (rand, 0, 100) < 92)
    json_object_set_string_member (c, "accepted_on", received);
  json_object_set_string_member (c, "facts", "用人单位拖欠工资，多次催要未果。");
  json_object_set_string_member (employer, "name", employers[g_rand_int_range (rand, 0, G_N_ELEMENTS (employers))]);
  json_object_set_object_member (c, "employer", employer);
  for (int w = 0; w < n; w++)
    {
      JsonObject *o = json_object_new ();
      g_autofree char *name = g_strdup_printf ("工人%d", w + 1);
      json_object_set_string_member (o, "name", name);
      json_object_set_int_member (o, "owed_fen", 100 * g_rand_int_range (rand, 1000, 60000));
      json_array_add_object_element (workers, o);
    }
  json_object_set_array_member (c, "workers", workers);
  return c;
}

static double
time_summary (TjStore    *store,
              const char *from,
              const char *to,
              JsonObject **out)
{
  TjReportOptions options;
  double best = G_MAXDOUBLE;

  tj_report_options_init (&options);
  options.today = "2027-01-15";
  for (int run = 0; run < 5; run++)
    {
      g_autoptr(GError) error = NULL;
      gint64 t0 = g_get_monotonic_time ();
      double c0 = 1000 * tj_test_cpu_seconds ();
      JsonObject *s = tj_report_summary_full (store, from, to, &options, &error);
      double ms = (g_get_monotonic_time () - t0) / 1000.0;
      g_assert_no_error (error);
      best = MIN (best, ms);
      printf ("  run %d: %.1f ms (CPU %.1f ms)\n", run + 1, ms, 1000 * tj_test_cpu_seconds () - c0);
      if (out && run == 4)
        *out = s;
      else
        json_object_unref (s);
    }
  return best;
}

static void
print_figures (JsonObject *s)
{
  JsonObject *days = tj_json_get_object (s, "days_to_outcome");
  JsonObject *consult = tj_json_get_object (s, "consultations");
  JsonObject *ref = tj_json_get_object (s, "referrals");
  JsonNode *rate = json_object_get_member (s, "settlement_rate");

  printf ("  received %" G_GINT64_FORMAT ", closed %" G_GINT64_FORMAT " (agreed %" G_GINT64_FORMAT
          ", failed %" G_GINT64_FORMAT ", withdrawn %" G_GINT64_FORMAT ", referred %" G_GINT64_FORMAT ")\n",
          tj_json_get_int (s, "received", 0), tj_json_get_int (s, "closed", 0), tj_json_get_int (s, "agreed", 0),
          tj_json_get_int (s, "failed", 0), tj_json_get_int (s, "withdrawn", 0), tj_json_get_int (s, "referred", 0));
  printf ("  settlement rate %.1f%%, claimed ¥%.2f, agreed ¥%.2f, recovered ¥%.2f\n",
          rate && !JSON_NODE_HOLDS_NULL (rate) ? json_node_get_double (rate) * 100 : 0.0,
          tj_json_get_int (s, "claimed_fen", 0) / 100.0, tj_json_get_int (s, "agreed_fen", 0) / 100.0,
          tj_json_get_int (s, "paid_fen", 0) / 100.0);
  printf ("  workers helped %" G_GINT64_FORMAT ", collective %" G_GINT64_FORMAT ", days to outcome avg %.1f max %"
          G_GINT64_FORMAT ", deadlines missed %" G_GINT64_FORMAT "\n",
          tj_json_get_int (s, "workers_helped", 0), tj_json_get_int (s, "collective", 0),
          json_object_get_member (days, "average") && !JSON_NODE_HOLDS_NULL (json_object_get_member (days, "average"))
            ? json_object_get_double_member (days, "average") : 0.0,
          tj_json_get_int (days, "longest", 0), tj_json_get_int (s, "deadlines_missed", 0));
  printf ("  evening-clinic consultations %" G_GINT64_FORMAT " (became cases %" G_GINT64_FORMAT "), referrals %"
          G_GINT64_FORMAT "\n", tj_json_get_int (consult, "night_clinic", 0), tj_json_get_int (consult, "became_cases", 0),
          tj_json_get_int (ref, "total", 0));
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("tj-bench-report-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "bench.db", NULL);
  g_autoptr(TjStore) store = NULL;
  g_autoptr(GRand) rand = g_rand_new_with_seed (20261122);
  g_autoptr(JsonObject) quarter = NULL;
  g_autoptr(JsonObject) year = NULL;
  const char *env = g_getenv ("TJ_BENCH_CASES");
  int n = env ? atoi (env) : 100000;
  TjCaseContext ctx;
  TjReportOptions options;
  gint64 t0;
  double q_ms, y_ms;

  g_setenv ("XDG_DATA_HOME", dir, TRUE);
  store = tj_store_open (path, &error);
  g_assert_no_error (error);
  g_assert_true (tj_report_attach (store, &error));
  tj_case_context_init_defaults (&ctx);
  ctx.station_code = "海";

  printf ("# Tiaojie report benchmark: %d cases over 2026\n", n);
  fflush (stdout);

  t0 = g_get_monotonic_time ();
  g_assert_true (tj_store_begin (store, &error));
  for (int i = 0; i < n; i++)
    {
      g_autofree char *received = date_plus ("2026-01-01", (int) ((gint64) i * 365 / n));
      g_autoptr(JsonObject) c = make_case (rand, received);
      g_autoptr(JsonObject) out = NULL;
      gboolean accepted = json_object_has_member (c, "accepted_on");
      const char *id;
      int fate = g_rand_int_range (rand, 0, 100);
      g_autofree char *d1 = date_plus (received, g_rand_int_range (rand, 1, 3));
      g_autofree char *d2 = date_plus (received, g_rand_int_range (rand, 3, 19));

      ctx.today = received;
      out = tj_case_add (store, &ctx, c, &error);
      g_assert_no_error (error);
      id = tj_json_get_string (out, "id", NULL);
      if (!accepted)
        {
          if (fate < 50)
            move (store, id, "referred", d1, destinations[g_rand_int_range (rand, 0, 4)]);
          else if (fate < 70)
            move (store, id, "withdrawn", d1, NULL);
        }
      else if (fate < 90)
        {
          move (store, id, "mediating", d1, NULL);
          if (fate < 62)
            {
              move (store, id, "agreed", d2, NULL);
              if (fate < 8)
                settle_and_pay (store, id, d2, rand);
            }
          else if (fate < 75)
            move (store, id, "failed", d2, NULL);
          else if (fate < 83)
            move (store, id, "withdrawn", d2, NULL);
          else
            move (store, id, "referred", d2, destinations[g_rand_int_range (rand, 0, 4)]);
        }
      if (i % 2000 == 1999)
        {
          g_assert_true (tj_store_commit (store, &error));
          g_assert_true (tj_store_begin (store, &error));
        }
      if (i % 20 == 0)
        {
          /* An evening-clinic consultation; every fourth became a case
           * (counted by the link, the case itself is one of the above). */
          g_autofree char *json = g_strdup_printf ("{\"held_on\":\"%s\",\"channel\":\"night_clinic\","
                                                   "\"worker\":{\"name\":\"王伟\"},\"problem\":\"欠薪\"}", received);
          g_autoptr(JsonObject) input = tj_json_parse_object (json, -1, NULL);
          g_autoptr(JsonObject) k = tj_consultation_add (store, &ctx, input, &error);
          g_assert_no_error (error);
        }
    }
  g_assert_true (tj_store_commit (store, &error));
  printf ("generated in %.1f s\n", (g_get_monotonic_time () - t0) / 1e6);

  printf ("summary, third quarter of 2026:\n");
  q_ms = time_summary (store, "2026-07-01", "2026-09-30", &quarter);
  print_figures (quarter);
  printf ("summary, year 2026:\n");
  y_ms = time_summary (store, "2026-01-01", "2026-12-31", &year);
  print_figures (year);

  tj_report_options_init (&options);
  options.today = "2027-01-15";
  options.limit = 500;
  {
    gint64 t1 = g_get_monotonic_time ();
    g_autoptr(JsonArray) rows = tj_report_cases_full (store, "2026-07-01", "2026-09-30", "deadlines_missed",
                                                      &options, &error);
    g_assert_no_error (error);
    printf ("cases behind \"deadlines_missed\" (first %u): %.1f ms\n", json_array_get_length (rows),
            (g_get_monotonic_time () - t1) / 1000.0);
  }
  {
    gint64 t1 = g_get_monotonic_time ();
    g_autoptr(GBytes) pdf = tj_report_to_pdf (year, "滨海县职工维权服务中心", &error);
    g_assert_no_error (error);
    printf ("PDF of the year: %.1f ms, %zu bytes\n", (g_get_monotonic_time () - t1) / 1000.0, g_bytes_get_size (pdf));
  }
  printf ("RESULT summary quarter best %.1f ms, year best %.1f ms (budget 200 ms)\n", q_ms, y_ms);

  g_clear_object (&store);
  if (g_getenv ("TJ_BENCH_KEEP"))
    {
      printf ("kept %s\n", path);
      return 0;
    }
  {
    const char *suffixes[] = { "", "-wal", "-shm" };
    for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
      {
        g_autofree char *p = g_strconcat (path, suffixes[i], NULL);
        g_unlink (p);
      }
    g_rmdir (dir);
  }
  return 0;
}
