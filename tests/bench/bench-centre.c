/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The centre at scale (issue 18): BENCH_STATIONS stations (default 20)
 * with BENCH_CASES_PER_STATION cases each (default 5,000), every case
 * with its employer, one to four workers and its timeline, taken in and
 * moved through the status workflow at the stations. Each station pushes
 * its store into its own database on a PouchDB Server; then the centre:
 *
 *   - a first centre sync of every station into an empty centre store
 *     (all of each pulled; each station's documents offered back to it),
 *   - an incremental centre sync with nothing changed,
 *   - one after each station edited a case and the centre dispatched a
 *     case to each station,
 *
 * and, on the centre store that sync filled (20 × 5,000 cases): search
 * (1- and 2-character names, ID and phone fragments; p50/p95 against the
 * issue 3 budget of 20 ms), the first page of the case list (50 ms), the
 * report summary of a year with and without the figures per station
 * (issue 8: 200 ms), the Centre section's overview, a station's cases and
 * the follow-up calls. It prints figures and the machine's load; it does
 * not fail on a budget. Run with build-aux/dev bench, or
 * meson test --benchmark centre. BENCH_KEEP=1 keeps the stores;
 * BENCH_CENTRE_DB=PATH measures a kept centre store again without the
 * sync. */
#undef G_LOG_DOMAIN
#define G_LOG_DOMAIN "Tiaojie-Bench"

#include <glib/gstdio.h>
#include <libsoup/soup.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include "tj-case.h"
#include "tj-centre.h"
#include "tj-centre-overview.h"
#include "tj-centre-sync.h"
#include "tj-json.h"
#include "tj-replicator.h"
#include "tj-report.h"
#include "tj-repository.h"
#include "tj-test-server.h"
#include "tj-test-util.h"

#define YEAR "2026"
#define TODAY "2026-12-20"

static const char *surnames[] = {
  "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡", "郭",
  "何", "高", "林", "罗", "郑", "梁", "谢", "宋", "唐", "许", "韩", "冯", "邓", "曹", "彭", "曾",
};
static const char *given[] = {
  "伟", "芳", "娜", "秀英", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛",
  "明", "超", "秀兰", "霞", "平", "刚", "桂英", "建华", "建国", "小红", "志强", "海燕",
};
static const char *trades[] = { "建筑", "劳务", "电子", "服装", "餐饮", "物流", "机械", "装饰", "保洁", "食品" };
static const char *kinds[] = { "wage_arrears", "wage_arrears", "wage_arrears", "compensation", "termination", "overtime" };

static double
now_ms (void)
{
  return g_get_monotonic_time () / 1000.0;
}

static guint
env_count (const char *name,
           guint       fallback)
{
  const char *text = g_getenv (name);
  guint64 value;

  if (text && g_ascii_string_to_unsigned (text, 10, 1, 10000000, &value, NULL))
    return (guint) value;
  return fallback;
}

static char *
person (GRand *rand)
{
  return g_strconcat (surnames[g_rand_int_range (rand, 0, G_N_ELEMENTS (surnames))],
                      given[g_rand_int_range (rand, 0, G_N_ELEMENTS (given))], NULL);
}

/* A valid resident ID number (GB 11643 check character). */
static char *
id_number (GRand *rand)
{
  g_autofree char *body = g_strdup_printf ("%02d%04d19%02d%02d%02d%03d", 11 + g_rand_int_range (rand, 0, 4),
                                           g_rand_int_range (rand, 100, 9999), g_rand_int_range (rand, 60, 99),
                                           g_rand_int_range (rand, 1, 13), g_rand_int_range (rand, 1, 29),
                                           g_rand_int_range (rand, 100, 999));

  return tj_test_id_number (body);
}

/* One station's store: @n cases of the year, a third through to closed. */
static void
fill_station (const char *path,
              const char *code,
              guint       n,
              guint       seed)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TjStore) store = tj_store_open (path, &error);
  g_autoptr(GRand) rand = g_rand_new_with_seed (seed);
  static const char * const steps[][5] = {
    { NULL },
    { "accepted", NULL },
    { "accepted", "mediating", NULL },
    { "accepted", "mediating", "agreed", "closed", NULL },
    { "accepted", "failed", NULL },
  };
  TjCaseContext ctx;

  g_assert_no_error (error);
  g_assert_true (tj_repository_attach_indexes (store, &error));
  tj_case_context_init_defaults (&ctx);
  ctx.station_code = code;
  ctx.actor = "调解员";
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GString) json = g_string_new (NULL);
      g_autoptr(JsonObject) input = NULL;
      g_autoptr(JsonObject) result = NULL;
      g_autofree char *received = g_strdup_printf (YEAR "-%02d-%02d", 1 + (i * 12) / n, 1 + g_rand_int_range (rand, 0, 28));
      guint workers = 1 + g_rand_int_range (rand, 0, 4);
      guint path_i = g_rand_int_range (rand, 0, G_N_ELEMENTS (steps));

      if (i % 200 == 0)
        g_assert_true (tj_store_begin (store, &error));
      g_string_append_printf (json, "{\"kind\":\"%s\",\"source\":\"walk_in\",\"received_on\":\"%s\","
                              "\"employer\":{\"name\":\"%s%s%s有限公司\"},\"workers\":[",
                              kinds[g_rand_int_range (rand, 0, G_N_ELEMENTS (kinds))], received, code,
                              trades[g_rand_int_range (rand, 0, G_N_ELEMENTS (trades))],
                              trades[g_rand_int_range (rand, 0, G_N_ELEMENTS (trades))]);
      for (guint w = 0; w < workers; w++)
        {
          g_autofree char *name = person (rand);
          g_autofree char *id = id_number (rand);
          g_string_append_printf (json, "%s{\"name\":\"%s\",\"id_number\":\"%s\",\"phone\":\"13%09d\","
                                  "\"owed_fen\":%d}", w ? "," : "", name, id, g_rand_int_range (rand, 0, 999999999),
                                  g_rand_int_range (rand, 100000, 5000000));
        }
      g_string_append (json, "]}");
      input = tj_json_parse_object (json->str, -1, &error);
      g_assert_no_error (error);
      ctx.today = received;
      result = tj_case_add (store, &ctx, input, &error);
      g_assert_no_error (error);
      for (guint s = 0; steps[path_i][s]; s++)
        {
          if (!tj_case_set_status (store, &ctx, json_object_get_string_member (result, "id"), steps[path_i][s],
                                   "进展", NULL, &error))
            g_error ("%s: %s", steps[path_i][s], error->message);
        }
      if (i % 200 == 199 || i == n - 1)
        g_assert_true (tj_store_commit (store, &error));
    }
}

static JsonObject *
push_station (const char *path,
              const char *server,
              const char *database)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TjStore) store = tj_store_open (path, &error);
  g_autoptr(TjReplicator) r = NULL;
  JsonObject *result;

  g_assert_no_error (error);
  r = tj_replicator_new (store, server, database, NULL, NULL);
  result = tj_replicator_run (r, NULL, &error);
  if (result == NULL)
    g_error ("push of %s: %s", database, error->message);
  return result;
}

static JsonObject *
centre_sync (TjStore *centre,
             const char *server,
             double     *ms)
{
  g_autoptr(TjCentreSync) sync = tj_centre_sync_new (centre, server, NULL, NULL);
  g_autoptr(GError) error = NULL;
  JsonObject *result;
  double t0 = now_ms ();

  result = tj_centre_sync_run (sync, NULL, &error);
  *ms = now_ms () - t0;
  if (result == NULL)
    g_error ("centre sync: %s", error->message);
  if (json_object_get_int_member (result, "failed") != 0)
    g_error ("centre sync: %" G_GINT64_FORMAT " stations failed", json_object_get_int_member (result, "failed"));
  return result;
}

static gint64
sum_member (JsonObject *result,
            const char *member)
{
  JsonArray *stations = json_object_get_array_member (result, "stations");
  gint64 n = 0;

  for (guint i = 0; i < json_array_get_length (stations); i++)
    n += tj_json_get_int (tj_json_get_object (json_array_get_object_element (stations, i), "result"), member, 0);
  return n;
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;
  return x < y ? -1 : x > y;
}

static void
percentiles (GArray *times,
             double *p50,
             double *p95)
{
  g_array_sort (times, compare_doubles);
  *p50 = g_array_index (times, double, times->len / 2);
  *p95 = g_array_index (times, double, MIN (times->len - 1, (times->len * 95) / 100));
}

/* Search p50/p95 of @queries through the case list with its count. */
static void
time_search (TjStore    *store,
             const char *label,
             GPtrArray  *queries)
{
  g_autoptr(GArray) times = g_array_new (FALSE, FALSE, sizeof (double));
  double p50, p95;

  for (guint i = 0; i < queries->len; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonArray) rows = NULL;
      TjCaseQuery query;
      double t0 = now_ms (), ms;

      tj_case_query_init (&query);
      query.query = g_ptr_array_index (queries, i);
      query.today = TODAY;
      rows = tj_case_list (store, &query, &error);
      tj_case_count (store, &query, &error);
      ms = now_ms () - t0;
      g_assert_no_error (error);
      g_array_append_val (times, ms);
    }
  percentiles (times, &p50, &p95);
  printf ("  %-34s p50 %7.2f ms  p95 %7.2f ms  (%u queries)\n", label, p50, p95, queries->len);
}

static double
best_of (guint n,
         double (*func) (gpointer),
         gpointer data)
{
  double best = G_MAXDOUBLE;

  for (guint i = 0; i < n; i++)
    best = MIN (best, func (data));
  return best;
}

typedef struct {
  TjStore *store;
  gboolean by_station;
  const char *station;
} Timed;

static double
time_summary (gpointer data)
{
  Timed *t = data;
  TjReportOptions options;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) summary = NULL;
  double t0 = now_ms ();

  tj_report_options_init (&options);
  options.today = TODAY;
  options.by_station = t->by_station;
  summary = tj_report_summary_full (t->store, YEAR "-01-01", YEAR "-12-31", &options, &error);
  g_assert_no_error (error);
  return now_ms () - t0;
}

static double
time_overview (gpointer data)
{
  Timed *t = data;
  TjCaseContext ctx;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) overview = NULL;
  double t0 = now_ms ();

  tj_case_context_init_defaults (&ctx);
  ctx.today = TODAY;
  overview = tj_centre_overview (t->store, &ctx, 7, &error);
  g_assert_no_error (error);
  return now_ms () - t0;
}

static double
time_station_cases (gpointer data)
{
  Timed *t = data;
  TjCaseContext ctx;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonArray) cases = NULL;
  double t0 = now_ms ();

  tj_case_context_init_defaults (&ctx);
  ctx.today = TODAY;
  cases = tj_centre_station_cases (t->store, &ctx, t->station, &error);
  g_assert_no_error (error);
  return now_ms () - t0;
}

static double
time_follow_ups (gpointer data)
{
  Timed *t = data;
  TjCaseContext ctx;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonArray) calls = NULL;
  double t0 = now_ms ();

  tj_case_context_init_defaults (&ctx);
  ctx.today = TODAY;
  calls = tj_centre_follow_ups (t->store, &ctx, 7, &error);
  g_assert_no_error (error);
  return now_ms () - t0;
}

static void
print_load (const char *when)
{
  double load[3] = { 0 };

  if (getloadavg (load, 3) == 3)
    printf ("machine load %s: %.2f %.2f %.2f (1, 5, 15 min; %ld cores)\n", when, load[0], load[1], load[2],
            sysconf (_SC_NPROCESSORS_ONLN));
}

/* Search, the case list, the reports and the Centre section on the centre
 * store the sync filled. */
static void
measure_centre_store (TjStore *centre,
                      guint    n_stations,
                      guint    per_station)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GRand) rand = g_rand_new_with_seed (7);
  g_autoptr(GPtrArray) one = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) two = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) phones = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GArray) page_times = g_array_new (FALSE, FALSE, sizeof (double));
  Timed timed = { centre, FALSE, "ST01" };
  double p50, p95, plain_ms, stations_ms;
  TjCaseQuery query;

  printf ("\ncentre store: %u stations, %" G_GINT64_FORMAT " document writes\n", n_stations,
          tj_store_get_update_seq (centre));
  for (guint i = 0; i < 40; i++)
    {
      g_autofree char *name = person (rand);
      g_autofree char *id = id_number (rand);
      g_ptr_array_add (one, g_strdup (surnames[g_rand_int_range (rand, 0, G_N_ELEMENTS (surnames))]));
      g_ptr_array_add (two, g_strdup (name));
      g_ptr_array_add (ids, g_strndup (id + 6, 8));
      g_ptr_array_add (phones, g_strdup_printf ("13%04d", g_rand_int_range (rand, 0, 9999)));
    }
  printf ("search (issue 3 budget: p95 under 20 ms):\n");
  time_search (centre, "1-character name", one);
  time_search (centre, "2-character name", two);
  time_search (centre, "ID number fragment (8 digits)", ids);
  time_search (centre, "phone fragment (6 digits)", phones);
  for (guint i = 0; i < 20; i++)
    {
      g_autoptr(JsonArray) rows = NULL;
      double t1 = now_ms (), ms;
      tj_case_query_init (&query);
      query.today = TODAY;
      rows = tj_case_list (centre, &query, &error);
      tj_case_count (centre, &query, &error);
      ms = now_ms () - t1;
      g_array_append_val (page_times, ms);
    }
  percentiles (page_times, &p50, &p95);
  printf ("first page of the case list (issue 3 budget: 50 ms): p50 %.2f ms, p95 %.2f ms\n", p50, p95);

  plain_ms = best_of (3, time_summary, &timed);
  timed.by_station = TRUE;
  stations_ms = best_of (3, time_summary, &timed);
  printf ("report summary of the year (issue 8 budget: 200 ms): %.1f ms; with by_station: %.1f ms\n",
          plain_ms, stations_ms);
  printf ("Centre section: overview of every station %.1f ms, a station's %u cases %.1f ms, "
          "follow-up calls %.1f ms (best of 3)\n",
          best_of (3, time_overview, &timed), per_station + 1, best_of (3, time_station_cases, &timed),
          best_of (3, time_follow_ups, &timed));
}

int
main (int    argc,
      char **argv)
{
  guint n_stations = env_count ("BENCH_STATIONS", 20);
  guint per_station = env_count ("BENCH_CASES_PER_STATION", 5000);
  g_autofree char *bin = tj_test_source_path ("node_modules", ".bin", "pouchdb-server", NULL);
  g_autofree char *tmp = NULL, *centre_path = NULL;
  g_autoptr(TjStore) centre = NULL;
  g_autoptr(JsonObject) first = NULL, idle = NULL, changed = NULL;
  g_autoptr(GPtrArray) station_paths = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) dispatched = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  TjTestServer server = { 0 };
  double t0, gen_ms, fill_ms, first_ms, idle_ms, changed_ms;
  gint64 docs_pushed = 0;
  struct rusage usage;

  if (g_getenv ("BENCH_CENTRE_DB"))
    {
      /* A centre store kept by an earlier run (BENCH_KEEP): its figures
       * again, e.g. after a change to search, without the sync. */
      centre = tj_store_open (g_getenv ("BENCH_CENTRE_DB"), &error);
      g_assert_no_error (error);
      g_assert_true (tj_repository_attach_indexes (centre, &error));
      printf ("# bench-centre: the centre store %s\n", g_getenv ("BENCH_CENTRE_DB"));
      print_load ("at the start");
      measure_centre_store (centre, n_stations, per_station);
      print_load ("at the end");
      return 0;
    }
  if (!g_file_test (bin, G_FILE_TEST_IS_EXECUTABLE))
    {
      fprintf (stderr, "bench-centre: PouchDB Server is not installed (%s is missing); "
                       "run build-aux/dev bench, which installs it with npm ci.\n", bin);
      return 1;
    }
  g_setenv ("TIAOJIE_TODAY", TODAY, TRUE);
  tmp = g_dir_make_tmp ("tj-bench-centre-XXXXXX", &error);
  g_assert_no_error (error);
  printf ("# bench-centre: %u stations x %u cases\n", n_stations, per_station);
  print_load ("at the start");
  fflush (stdout);

  /* The stations' own stores. */
  t0 = now_ms ();
  for (guint s = 0; s < n_stations; s++)
    {
      g_autofree char *code = g_strdup_printf ("ST%02u", s + 1);
      g_autofree char *name = g_strdup_printf ("station-%02u.db", s + 1);
      char *path = g_build_filename (tmp, name, NULL);

      fill_station (path, code, per_station, 1000 + s);
      g_ptr_array_add (station_paths, path);
    }
  gen_ms = now_ms () - t0;
  printf ("stations' stores: %u cases with parties and events written in %.1f s\n", n_stations * per_station,
          gen_ms / 1000);
  fflush (stdout);

  server.dir = g_build_filename (tmp, "server", NULL);
  g_mkdir (server.dir, 0700);
  server.port = tj_test_free_port ();
  server.url = g_strdup_printf ("http://127.0.0.1:%u", server.port);
  tj_test_server_start (&server);
  t0 = now_ms ();
  for (guint s = 0; s < n_stations; s++)
    {
      g_autofree char *db = g_strdup_printf ("station-st%02u", s + 1);
      g_autoptr(JsonObject) pushed = NULL;

      tj_test_create_database (server.url, db);
      pushed = push_station (g_ptr_array_index (station_paths, s), server.url, db);
      docs_pushed += json_object_get_int_member (pushed, "pushed");
    }
  fill_ms = now_ms () - t0;
  printf ("stations pushed their databases: %" G_GINT64_FORMAT " documents in %.1f s\n", docs_pushed, fill_ms / 1000);
  fflush (stdout);

  /* The centre registers the stations and syncs with all of them. */
  centre_path = g_build_filename (tmp, "centre.db", NULL);
  centre = tj_store_open (centre_path, &error);
  g_assert_no_error (error);
  g_assert_true (tj_repository_attach_indexes (centre, &error));
  for (guint s = 0; s < n_stations; s++)
    {
      g_autofree char *code = g_strdup_printf ("ST%02u", s + 1);
      g_autoptr(JsonObject) station = tj_centre_add_station (centre, code, NULL, NULL, &error);
      g_assert_no_error (error);
    }
  print_load ("before the first centre sync");
  first = centre_sync (centre, server.url, &first_ms);
  printf ("first centre sync: %.1f s — pulled %" G_GINT64_FORMAT " documents (%.0f docs/s), pushed %" G_GINT64_FORMAT "\n",
          first_ms / 1000, sum_member (first, "pulled"), sum_member (first, "pulled") / (first_ms / 1000),
          sum_member (first, "pushed"));
  fflush (stdout);
  if (sum_member (first, "pulled") != docs_pushed)
    g_error ("the centre pulled %" G_GINT64_FORMAT " of %" G_GINT64_FORMAT " documents",
             sum_member (first, "pulled"), docs_pushed);

  idle = centre_sync (centre, server.url, &idle_ms);
  printf ("incremental centre sync, nothing changed: %.0f ms (%.1f ms per station)\n", idle_ms, idle_ms / n_stations);

  /* Each station edits a case; the centre dispatches one to each. */
  for (guint s = 0; s < n_stations; s++)
    {
      g_autoptr(TjStore) store = tj_store_open (g_ptr_array_index (station_paths, s), &error);
      g_autoptr(JsonObject) changes = NULL;
      g_autoptr(JsonObject) doc = NULL;
      g_autoptr(JsonObject) patch = tj_json_parse_object ("{\"facts\":\"补充材料已收到\"}", -1, NULL);
      g_autoptr(JsonObject) input = NULL;
      g_autoptr(JsonObject) result = NULL;
      g_autofree char *db = g_strdup_printf ("station-st%02u", s + 1);
      g_autofree char *code = g_strdup_printf ("ST%02u", s + 1);
      g_autofree char *ref = g_strdup_printf ("RX-BENCH-%02u", s + 1);
      TjCaseContext ctx;
      const char *case_id = NULL;

      g_assert_no_error (error);
      g_assert_true (tj_repository_attach_indexes (store, &error));
      {
        TjCaseQuery query;
        g_autoptr(JsonArray) rows = NULL;
        tj_case_query_init (&query);
        query.limit = 1;
        rows = tj_case_list (store, &query, &error);
        case_id = tj_json_get_string (json_array_get_object_element (rows, 0), "id", NULL);
        tj_case_context_init_defaults (&ctx);
        ctx.station_code = code;
        g_assert_true (tj_case_update (store, &ctx, case_id, patch, &error));
        g_assert_no_error (error);
      }
      json_object_unref (push_station (g_ptr_array_index (station_paths, s), server.url, db));
      tj_case_context_init_defaults (&ctx);
      ctx.station_code = "12351";
      input = tj_json_parse_object ("{\"kind\":\"wage_arrears\",\"employer\":{\"name\":\"派单公司\"},"
                                    "\"workers\":[{\"name\":\"派单工人\"}]}", -1, NULL);
      json_object_set_string_member (input, "hotline_ref", ref);
      result = tj_centre_dispatch (centre, &ctx, code, input, &error);
      g_assert_no_error (error);
      g_ptr_array_add (dispatched, g_strdup (json_object_get_string_member (result, "id")));
      (void) doc; (void) changes;
    }
  changed = centre_sync (centre, server.url, &changed_ms);
  printf ("incremental centre sync, one edit at each station and one case dispatched to each: %.0f ms "
          "(pulled %" G_GINT64_FORMAT ", pushed %" G_GINT64_FORMAT ")\n",
          changed_ms, sum_member (changed, "pulled"), sum_member (changed, "pushed"));
  fflush (stdout);

  measure_centre_store (centre, n_stations, per_station);
  getrusage (RUSAGE_SELF, &usage);
  {
    GStatBuf st;
    g_stat (centre_path, &st);
    printf ("peak memory (max RSS) %.0f MiB; centre database file %.0f MiB\n", usage.ru_maxrss / 1024.0,
            st.st_size / 1048576.0);
  }
  print_load ("at the end");

  g_clear_object (&centre);
  tj_test_server_kill (&server);
  if (g_getenv ("BENCH_KEEP") == NULL)
    tj_test_remove_tree (tmp);
  else
    printf ("kept %s\n", tmp);
  g_free (server.dir);
  g_free (server.url);
  return 0;
}
