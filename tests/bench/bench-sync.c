/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The sync benchmark (issues 7 and 17): a PouchDB Server database of
 * case-sized documents and their children, replicated by Tiaojie and by
 * PouchDB's own replicator (pouchdb-node: same server, same machine, same
 * run), next to the server's raw dump as the limit line:
 *
 *   first pull   into an empty store, beside `GET _all_docs?include_docs=true`
 *                read whole (what any pull must at least wait for);
 *   first push   into an empty server database, beside the same documents
 *                written raw with `_bulk_docs` (new_edits=false, bodies built
 *                beforehand, BENCH_BATCH or 2000 per request);
 *   both again   through a link-delay proxy (tj-delay-proxy.h) with
 *                BENCH_RTT_MS round trips, on a smaller database, as a
 *                station on a 4G link sees it;
 *   the app's    a pull into a store with every index attached (what the
 *     pull       app and tiaojie-cli do), for information;
 *   increments   one changed document, both directions.
 *
 * Below the times: the CPU time the replicators and the server spent, the
 * memory of a pull (resident size before it, after its first, middle and
 * last batches, and its peak), and the load of the machine before and
 * after (/proc/loadavg): the machine is shared, so compare CPU times, and
 * times only within one run.
 *
 * Knobs (environment):
 *   BENCH_CASES, BENCH_CHILDREN  size of the loopback database (10000 + 40000)
 *   BENCH_SLOW_DOCS              size of the database behind the proxy (10000;
 *                                a fifth of them cases)
 *   BENCH_RTT_MS                 round trip of the proxy (100; 0 skips that part)
 *   BENCH_BATCH                  Tiaojie's batch size (its default otherwise)
 *   BENCH_REPEAT                 rounds; the best time of each side is printed (1)
 *   BENCH_POUCH=0                leave PouchDB's replicator out (profiling)
 *   BENCH_POUCH_BATCH            PouchDB's batch_size (its default, 100,
 *                                otherwise; 2000 is Tiaojie's)
 *   BENCH_INDEXED=0              leave the pull into the app's store out
 *   BENCH_ONLY=pull              only the pulls, no push (profiling)
 *   BENCH_BUSY=N                 N processes that only spin, at the same
 *                                priority, while the replicators are timed:
 *                                the same load for every side, to measure
 *                                under load and say which (0)
 *   BENCH_LOG=1                  keep G_MESSAGES_DEBUG (Tiaojie-Sync logs every
 *                                request with its time: where a run waits)
 * Run with build-aux/dev bench, or meson test --benchmark sync. Figures
 * only: nothing here asserts a time. */
#undef G_LOG_DOMAIN
#define G_LOG_DOMAIN "Tiaojie-Bench"

#include <glib/gstdio.h>
#include <libsoup/soup.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include "tj-delay-proxy.h"
#include "tj-json.h"
#include "tj-replicator.h"
#include "tj-repository.h"
#include "tj-store.h"
#include "tj-test-server.h"
#include "tj-test-util.h"

static double
now_ms (void)
{
  return g_get_monotonic_time () / 1000.0;
}

/* CPU time (user + system, ms) of this process (RUSAGE_SELF) or of its
 * waited-for children (RUSAGE_CHILDREN: PouchDB's replicator in node), and
 * of @pid (from /proc), to show where a replication's time goes. */
static double
rusage_ms (int who)
{
  struct rusage usage;

  getrusage (who, &usage);
  return usage.ru_utime.tv_sec * 1000.0 + usage.ru_utime.tv_usec / 1000.0 +
         usage.ru_stime.tv_sec * 1000.0 + usage.ru_stime.tv_usec / 1000.0;
}

static double
pid_cpu_ms (const char *pid)
{
  g_autofree char *path = g_strdup_printf ("/proc/%s/stat", pid);
  g_autofree char *text = NULL;
  g_auto(GStrv) fields = NULL;
  const char *after;

  if (pid == NULL || !g_file_get_contents (path, &text, NULL, NULL) ||
      (after = strrchr (text, ')')) == NULL)
    return 0;
  fields = g_strsplit (after + 2, " ", 0);
  if (g_strv_length (fields) < 13)
    return 0;
  /* Fields 14 and 15 (utime, stime) counted from the state, field 3. */
  return (g_ascii_strtod (fields[11], NULL) + g_ascii_strtod (fields[12], NULL)) *
         1000.0 / sysconf (_SC_CLK_TCK);
}

/* A line of /proc/self/status in KiB ("VmRSS", "VmHWM"). */
static double
status_kib (const char *name)
{
  g_autofree char *text = NULL;
  g_autofree char *key = g_strconcat ("\n", name, ":", NULL);
  const char *at;

  if (!g_file_get_contents ("/proc/self/status", &text, NULL, NULL) || (at = strstr (text, key)) == NULL)
    return 0;
  return g_ascii_strtod (at + strlen (key), NULL);
}

/* Forget the peak resident size so far (Linux: "5" to clear_refs), so
 * that VmHWM afterwards is the peak of what follows. */
static void
reset_peak (void)
{
  g_file_set_contents ("/proc/self/clear_refs", "5", 1, NULL);
}

static char *
load_average (void)
{
  g_autofree char *text = NULL;
  g_auto(GStrv) fields = NULL;

  if (!g_file_get_contents ("/proc/loadavg", &text, NULL, NULL))
    return g_strdup ("?");
  fields = g_strsplit (text, " ", 4);
  return g_strdup_printf ("%s %s %s", fields[0], fields[1], fields[2]);
}

static guint
env_count (const char *name,
           guint       fallback)
{
  const char *text = g_getenv (name);
  guint64 value;

  if (text && g_ascii_string_to_unsigned (text, 10, 0, 10000000, &value, NULL))
    return (guint) value;
  return fallback;
}

static JsonObject *
node (const char *command,
      const char *arg1,
      const char *arg2,
      const char *arg3)
{
  g_autofree char *script = tj_test_source_path ("tests", "integration", "pouch-writer.js", NULL);
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL, *err = NULL;
  JsonObject *result;

  process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE, &error,
                              "node", script, command, arg1, arg2, arg3, NULL);
  if (process == NULL || !g_subprocess_communicate_utf8 (process, NULL, NULL, &out, &err, &error))
    g_error ("node: %s", error->message);
  if (!g_subprocess_get_successful (process))
    g_error ("pouch-writer.js %s failed: %s", command, err);
  result = tj_json_parse_object (out, -1, &error);
  if (result == NULL)
    g_error ("pouch-writer.js %s: %s", command, error->message);
  return result;
}

/* A figure: the best wall time of the rounds, and the CPU times of that
 * round (the client's and the server's). */
typedef struct
{
  double ms;
  double client_cpu;
  double server_cpu;
} Figure;

static void
figure_init (Figure *f)
{
  f->ms = G_MAXDOUBLE;
  f->client_cpu = f->server_cpu = 0;
}

static void
figure_take (Figure *f,
             double  ms,
             double  client_cpu,
             double  server_cpu)
{
  if (ms < f->ms)
    {
      f->ms = ms;
      f->client_cpu = client_cpu;
      f->server_cpu = server_cpu;
    }
}

static const char *server_pid;

/* ------------------------------------------------------------------ */
/* The limit lines                                                      */

/* GET _all_docs?include_docs=true read whole, with the session Tiaojie's
 * replicator uses (the same content encoding). */
static GBytes *
raw_dump (const char *base,
          const char *db,
          Figure     *figure)
{
  g_autofree char *url = g_strdup_printf ("%s/%s/_all_docs?include_docs=true", base, db);
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autoptr(SoupMessage) msg = soup_message_new ("GET", url);
  g_autoptr(GError) error = NULL;
  double t0, client0, server0;
  GBytes *body;

  soup_message_headers_replace (soup_message_get_request_headers (msg), "Accept", "application/json");
  client0 = rusage_ms (RUSAGE_SELF);
  server0 = pid_cpu_ms (server_pid);
  t0 = now_ms ();
  body = soup_session_send_and_read (session, msg, NULL, &error);
  if (body == NULL || soup_message_get_status (msg) != 200)
    g_error ("GET %s failed: %s", url, error ? error->message : soup_message_get_reason_phrase (msg));
  figure_take (figure, now_ms () - t0, rusage_ms (RUSAGE_SELF) - client0, pid_cpu_ms (server_pid) - server0);
  return body;
}

/* The documents of a dump as _bulk_docs bodies (new_edits=false, each
 * revision with its history, as a replicator sends them), @per_request
 * documents each. */
static GPtrArray *
bulk_bodies (GBytes *dump,
             guint   per_request)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) all = tj_json_parse_object (g_bytes_get_data (dump, NULL), g_bytes_get_size (dump),
                                                    &error);
  JsonArray *rows = tj_json_get_array (all, "rows");
  GPtrArray *bodies = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  g_autoptr(JsonArray) docs = NULL;

  if (rows == NULL)
    g_error ("the dump is not a list of rows: %s", error ? error->message : "no rows");
  for (guint i = 0; i < json_array_get_length (rows); i++)
    {
      JsonObject *doc = tj_json_get_object (json_array_get_object_element (rows, i), "doc");
      const char *rev = tj_json_get_string (doc, "_rev", "");
      JsonObject *revisions = json_object_new ();
      JsonArray *ids = json_array_new ();
      JsonObject *copy = tj_json_object_copy (doc);

      json_array_add_string_element (ids, strchr (rev, '-') + 1);
      json_object_set_int_member (revisions, "start", g_ascii_strtoll (rev, NULL, 10));
      json_object_set_array_member (revisions, "ids", ids);
      json_object_set_object_member (copy, "_revisions", revisions);
      if (docs == NULL)
        docs = json_array_new ();
      json_array_add_object_element (docs, copy);
      if (json_array_get_length (docs) == per_request || i + 1 == json_array_get_length (rows))
        {
          g_autoptr(JsonObject) body = json_object_new ();
          char *text;

          json_object_set_array_member (body, "docs", g_steal_pointer (&docs));
          json_object_set_boolean_member (body, "new_edits", FALSE);
          text = tj_json_object_to_string (body, FALSE);
          g_ptr_array_add (bodies, g_bytes_new_take (text, strlen (text)));
        }
    }
  return bodies;
}

/* The bodies written one request after the other into @db (empty). */
static void
raw_write (const char *base,
           const char *db,
           GPtrArray  *bodies,
           Figure     *figure)
{
  g_autofree char *url = g_strdup_printf ("%s/%s/_bulk_docs", base, db);
  g_autoptr(SoupSession) session = soup_session_new ();
  double t0, client0, server0;

  client0 = rusage_ms (RUSAGE_SELF);
  server0 = pid_cpu_ms (server_pid);
  t0 = now_ms ();
  for (guint i = 0; i < bodies->len; i++)
    {
      g_autoptr(SoupMessage) msg = soup_message_new ("POST", url);
      g_autoptr(GError) error = NULL;
      g_autoptr(GBytes) answer = NULL;

      soup_message_set_request_body_from_bytes (msg, "application/json", g_ptr_array_index (bodies, i));
      answer = soup_session_send_and_read (session, msg, NULL, &error);
      if (answer == NULL || soup_message_get_status (msg) != 201)
        g_error ("POST %s failed: %s", url, error ? error->message : soup_message_get_reason_phrase (msg));
    }
  figure_take (figure, now_ms () - t0, rusage_ms (RUSAGE_SELF) - client0, pid_cpu_ms (server_pid) - server0);
}

/* ------------------------------------------------------------------ */
/* The replicators                                                      */

/* Resident size during a pull: after each batch, and the peak. */
typedef struct
{
  double  before_kib;
  double  samples_kib[256];
  guint   batches;
  double  peak_kib;
} Memory;

static void
progress_cb (TjReplicator *r,
             guint         pulled,
             guint         pushed,
             Memory       *memory)
{
  if (memory->batches < G_N_ELEMENTS (memory->samples_kib))
    memory->samples_kib[memory->batches] = status_kib ("VmRSS");
  memory->batches++;
}

static JsonObject *
replicate (TjStore         *store,
           const char      *server,
           const char      *db,
           TjSyncDirection  direction,
           Figure          *figure,
           Memory          *memory)
{
  g_autoptr(TjReplicator) r = tj_replicator_new (store, server, db, NULL, NULL);
  g_autoptr(GError) error = NULL;
  JsonObject *result;
  double t0, ms, client0, server0;

  tj_replicator_set_direction (r, direction);
  if (env_count ("BENCH_BATCH", 0) > 0)
    tj_replicator_set_batch_size (r, env_count ("BENCH_BATCH", 0));
  if (memory)
    {
      memset (memory, 0, sizeof *memory);
      g_signal_connect (r, "progress", G_CALLBACK (progress_cb), memory);
      reset_peak ();
      memory->before_kib = status_kib ("VmRSS");
    }
  client0 = rusage_ms (RUSAGE_SELF);
  server0 = pid_cpu_ms (server_pid);
  t0 = now_ms ();
  result = tj_replicator_run (r, NULL, &error);
  ms = now_ms () - t0;
  if (result == NULL)
    g_error ("replication of %s failed: %s", db, error->message);
  if (figure)
    figure_take (figure, ms, rusage_ms (RUSAGE_SELF) - client0, pid_cpu_ms (server_pid) - server0);
  if (memory)
    memory->peak_kib = status_kib ("VmHWM");
  return result;
}

static void
pouch (const char *command,
       const char *from,
       const char *to,
       Figure     *figure)
{
  g_autoptr(JsonObject) result = NULL;
  double client0 = rusage_ms (RUSAGE_CHILDREN);
  double server0 = pid_cpu_ms (server_pid);

  result = node (command, from, to, NULL);
  figure_take (figure, json_object_get_double_member (result, "ms"),
               rusage_ms (RUSAGE_CHILDREN) - client0, pid_cpu_ms (server_pid) - server0);
}

static void
expect_count (JsonObject *result,
              const char *member,
              guint       total,
              const char *what)
{
  if (json_object_get_int_member (result, member) != total)
    g_error ("%s: %s %" G_GINT64_FORMAT " of %u documents", what, member,
             json_object_get_int_member (result, member), total);
}

/* ------------------------------------------------------------------ */
/* One setting: a source database, pulled and pushed by both            */

typedef struct
{
  const char *label;       /* "loopback", "100 ms round trips" */
  const char *base;        /* the server's URL, or the proxy's */
  const char *src;         /* the source database */
  guint       total;
  Figure      dump, raw_push, tj_pull, tj_push, pouch_pull, pouch_push, app_pull;
  Memory      memory;      /* of Tiaojie's best pull */
} Setting;

static void
setting_init (Setting    *s,
              const char *label,
              const char *base,
              const char *src,
              guint       total)
{
  memset (s, 0, sizeof *s);
  s->label = label;
  s->base = base;
  s->src = src;
  s->total = total;
  figure_init (&s->dump);
  figure_init (&s->raw_push);
  figure_init (&s->tj_pull);
  figure_init (&s->tj_push);
  figure_init (&s->pouch_pull);
  figure_init (&s->pouch_push);
  figure_init (&s->app_pull);
}

static guint db_counter;

static char *
fresh_db (const char *server,
          const char *prefix)
{
  char *name = g_strdup_printf ("%s-%u", prefix, db_counter++);

  tj_test_create_database (server, name);
  return name;
}

static void
run_round (Setting    *s,
           const char *server,
           const char *tmp,
           gboolean    with_pouch,
           gboolean    with_push,
           gboolean    with_app)
{
  g_autofree char *store_path = g_strdup_printf ("%s/tiaojie-%u.db", tmp, db_counter++);
  g_autofree char *pouch_dir = g_strdup_printf ("%s/pouch-%u", tmp, db_counter++);
  g_autofree char *src_url = g_strdup_printf ("%s/%s", s->base, s->src);
  g_autoptr(TjStore) store = NULL;
  g_autoptr(JsonObject) result = NULL;
  g_autoptr(GBytes) dump = NULL;
  g_autoptr(GError) error = NULL;
  Figure before = s->tj_pull;
  Memory memory;

  /* Timed, then let go of: the pull's memory is measured alone. */
  g_bytes_unref (raw_dump (s->base, s->src, &s->dump));

  store = tj_store_open (store_path, &error);
  g_assert_no_error (error);
  result = replicate (store, s->base, s->src, TJ_SYNC_PULL, &s->tj_pull, &memory);
  expect_count (result, "pulled", s->total, "Tiaojie's pull");
  if (s->tj_pull.ms < before.ms)
    s->memory = memory;

  if (with_pouch)
    {
      g_mkdir (pouch_dir, 0700);
      pouch ("bench-pull", src_url, pouch_dir, &s->pouch_pull);
    }

  if (with_app)
    {
      g_autofree char *app_path = g_strdup_printf ("%s/app-%u.db", tmp, db_counter++);
      g_autoptr(TjStore) app = tj_store_open (app_path, &error);

      g_assert_no_error (error);
      if (!tj_repository_attach_indexes (app, &error))
        g_error ("indexes: %s", error->message);
      g_clear_pointer (&result, json_object_unref);
      result = replicate (app, s->base, s->src, TJ_SYNC_PULL, &s->app_pull, NULL);
      expect_count (result, "pulled", s->total, "the app's pull");
    }

  if (!with_push)
    return;
  {
    g_autofree char *raw_db = fresh_db (server, "bench-raw");
    g_autofree char *tj_db = fresh_db (server, "bench-dst-tiaojie");
    g_autofree char *pouch_db = fresh_db (server, "bench-dst-pouch");
    g_autofree char *pouch_url = g_strdup_printf ("%s/%s", s->base, pouch_db);
    guint per_request = env_count ("BENCH_BATCH", 0) > 0 ? env_count ("BENCH_BATCH", 0) : 2000;
    g_autoptr(GPtrArray) bodies = NULL;
    Figure untimed;

    figure_init (&untimed);
    dump = raw_dump (s->base, s->src, &untimed);
    bodies = bulk_bodies (dump, per_request);

    raw_write (s->base, raw_db, bodies, &s->raw_push);
    g_clear_pointer (&result, json_object_unref);
    result = replicate (store, s->base, tj_db, TJ_SYNC_PUSH, &s->tj_push, NULL);
    expect_count (result, "pushed", s->total, "Tiaojie's push");
    if (with_pouch)
      pouch ("bench-push", pouch_dir, pouch_url, &s->pouch_push);
  }
}

/* ------------------------------------------------------------------ */
/* Printing                                                             */

static void
print_ms (double ms)
{
  if (ms == G_MAXDOUBLE || ms <= 0)
    printf ("%12s", "—");
  else
    printf ("%9.0f ms", ms);
}

static void
print_ratio (double a,
             double b)
{
  if (a == G_MAXDOUBLE || b == G_MAXDOUBLE || b <= 0)
    printf ("%10s", "—");
  else
    printf ("%10.2f", a / b);
}

static void
print_row (const char *what,
           Figure     *ours,
           Figure     *peer,
           Figure     *limit)
{
  printf ("%-40s", what);
  print_ms (ours->ms);
  print_ms (peer->ms);
  print_ms (limit->ms);
  print_ratio (ours->ms, limit->ms);
  print_ratio (ours->ms, peer->ms);
  printf ("\n");
}

static void
print_cpu (const char *what,
           Figure     *ours,
           Figure     *peer,
           Figure     *limit)
{
  printf ("%-40s", what);
  printf ("%9.0f ms", ours->ms == G_MAXDOUBLE ? 0 : ours->client_cpu + ours->server_cpu);
  printf ("%9.0f ms", peer->ms == G_MAXDOUBLE ? 0 : peer->client_cpu + peer->server_cpu);
  printf ("%9.0f ms", limit->ms == G_MAXDOUBLE ? 0 : limit->client_cpu + limit->server_cpu);
  printf ("   client %.0f / %.0f ms, server %.0f / %.0f / %.0f ms\n",
          ours->client_cpu, peer->client_cpu, ours->server_cpu, peer->server_cpu, limit->server_cpu);
}

static void
print_setting (Setting *s)
{
  g_autofree char *pull = g_strdup_printf ("first pull, %u docs, %s", s->total, s->label);
  g_autofree char *push = g_strdup_printf ("first push, %u docs, %s", s->total, s->label);

  print_row (pull, &s->tj_pull, &s->pouch_pull, &s->dump);
  print_cpu ("  CPU (client + server)", &s->tj_pull, &s->pouch_pull, &s->dump);
  if (s->tj_push.ms != G_MAXDOUBLE)
    {
      print_row (push, &s->tj_push, &s->pouch_push, &s->raw_push);
      print_cpu ("  CPU (client + server)", &s->tj_push, &s->pouch_push, &s->raw_push);
    }
  if (s->app_pull.ms != G_MAXDOUBLE)
    {
      printf ("%-40s", "  the same pull into the app's store");
      print_ms (s->app_pull.ms);
      printf ("   (every index attached; client CPU %.0f ms)\n", s->app_pull.client_cpu);
    }
  {
    Memory *m = &s->memory;
    guint n = MIN (m->batches, G_N_ELEMENTS (m->samples_kib));
    double max = 0;

    for (guint i = 0; i < n; i++)
      max = MAX (max, m->samples_kib[i]);
    printf ("  memory of Tiaojie's pull (resident, MiB): %.1f before, after batch 1 / %u / %u of %u: "
            "%.1f / %.1f / %.1f, at most %.1f between batches, peak %.1f\n",
            m->before_kib / 1024, MAX (n / 2, 1), n, m->batches,
            n ? m->samples_kib[0] / 1024 : 0, n ? m->samples_kib[MAX (n / 2, 1) - 1] / 1024 : 0,
            n ? m->samples_kib[n - 1] / 1024 : 0, max / 1024, m->peak_kib / 1024);
  }
}

static const char *
verdict (gboolean met)
{
  return met ? "met" : "MISSED";
}

/* BENCH_BUSY: processes that spin until killed, a load every side of the
 * run shares alike (a shared machine's load comes and goes). */
static GArray *
busy_start (guint n)
{
  GArray *pids = g_array_new (FALSE, FALSE, sizeof (GPid));

  for (guint i = 0; i < n; i++)
    {
      GPid pid = fork ();
      if (pid == 0)
        {
          volatile guint64 x = 0;
          for (;;)
            x++;
        }
      g_assert_cmpint (pid, >, 0);
      g_array_append_val (pids, pid);
    }
  return pids;
}

static void
busy_stop (GArray *pids)
{
  for (guint i = 0; i < pids->len; i++)
    {
      GPid pid = g_array_index (pids, GPid, i);
      kill (pid, SIGKILL);
      waitpid (pid, NULL, 0);
    }
  g_array_unref (pids);
}

int
main (int    argc,
      char **argv)
{
  guint n_cases = env_count ("BENCH_CASES", 10000);
  guint n_children = env_count ("BENCH_CHILDREN", 40000);
  guint slow_docs = env_count ("BENCH_SLOW_DOCS", 10000);
  guint rtt_ms = env_count ("BENCH_RTT_MS", 100);
  guint repeat = MAX (1, env_count ("BENCH_REPEAT", 1));
  guint busy = env_count ("BENCH_BUSY", 0);
  GArray *busy_pids = NULL;
  g_autofree char *busy_note = NULL;
  gboolean with_pouch = env_count ("BENCH_POUCH", 1) != 0;
  gboolean with_app = env_count ("BENCH_INDEXED", 1) != 0;
  gboolean with_push = g_strcmp0 (g_getenv ("BENCH_ONLY"), "pull") != 0;
  g_autofree char *bin = tj_test_source_path ("node_modules", ".bin", "pouchdb-server", NULL);
  g_autofree char *tmp = NULL, *src_url = NULL, *slow_url = NULL, *load_before = NULL, *load_after = NULL;
  g_autofree char *cases = NULL, *children = NULL, *slow_label = NULL;
  g_autoptr(TjStore) store = NULL;
  g_autoptr(TjDelayProxy) proxy = NULL;
  g_autoptr(JsonObject) filled = NULL, incr = NULL, idle = NULL, doc = NULL, result = NULL;
  g_autoptr(GError) error = NULL;
  TjTestServer server = { 0 };
  Setting loopback, slow;
  Figure idle_run, incr_run;
  double t0;

  if (!g_file_test (bin, G_FILE_TEST_IS_EXECUTABLE))
    {
      fprintf (stderr, "bench-sync: PouchDB Server is not installed (%s is missing); "
                       "run build-aux/dev bench, which installs it with npm ci.\n", bin);
      return 1;
    }
  /* The replicator's debug log costs time a user does not pay. */
  if (env_count ("BENCH_LOG", 0) == 0)
    g_unsetenv ("G_MESSAGES_DEBUG");

  tmp = g_dir_make_tmp ("tj-bench-sync-XXXXXX", &error);
  g_assert_no_error (error);
  server.dir = g_build_filename (tmp, "server", NULL);
  g_mkdir (server.dir, 0700);
  server.port = tj_test_free_port ();
  server.url = g_strdup_printf ("http://127.0.0.1:%u", server.port);
  tj_test_server_start (&server);
  server_pid = g_subprocess_get_identifier (server.process);

  tj_test_create_database (server.url, "bench-src");
  src_url = g_strdup_printf ("%s/bench-src", server.url);
  cases = g_strdup_printf ("%u", n_cases);
  children = g_strdup_printf ("%u", n_children);
  t0 = now_ms ();
  filled = node ("bench-fill", src_url, cases, children);
  printf ("bench-sync: server database of %u cases + %u children (%" G_GINT64_FORMAT " docs) filled in %.0f ms\n",
          n_cases, n_children, json_object_get_int_member (filled, "doc_count"), now_ms () - t0);
  setting_init (&loopback, "loopback", server.url, "bench-src", n_cases + n_children);

  if (rtt_ms > 0)
    {
      g_autofree char *slow_cases = g_strdup_printf ("%u", slow_docs / 5);
      g_autofree char *slow_children = g_strdup_printf ("%u", slow_docs - slow_docs / 5);
      g_autoptr(JsonObject) slow_filled = NULL;

      tj_test_create_database (server.url, "bench-slow");
      slow_url = g_strdup_printf ("%s/bench-slow", server.url);
      slow_filled = node ("bench-fill", slow_url, slow_cases, slow_children);
      proxy = tj_delay_proxy_new (server.port, rtt_ms, &error);
      g_assert_no_error (error);
      slow_label = g_strdup_printf ("%u ms round trips", rtt_ms);
      setting_init (&slow, slow_label, tj_delay_proxy_get_url (proxy), "bench-slow", slow_docs);
    }
  fflush (stdout);

  /* A server reads a database faster the second time (its caches, node's
   * compiler): every side is timed warm. */
  {
    Figure warm;
    figure_init (&warm);
    g_bytes_unref (raw_dump (server.url, "bench-src", &warm));
    if (proxy)
      g_bytes_unref (raw_dump (server.url, "bench-slow", &warm));
  }

  /* BENCH_REPEAT rounds, Tiaojie and PouchDB in turn, best of each: a
   * shared machine's noise only ever adds time. */
  if (busy > 0)
    {
      busy_pids = busy_start (busy);
      /* Long enough for the load average to show them. */
      g_usleep (20 * G_USEC_PER_SEC);
    }
  load_before = load_average ();
  for (guint round = 0; round < repeat; round++)
    {
      run_round (&loopback, server.url, tmp, with_pouch, with_push, with_app && round == 0);
      if (proxy)
        run_round (&slow, server.url, tmp, with_pouch, with_push, FALSE);
    }

  /* Incremental: nothing changed, then one document changed locally. */
  figure_init (&idle_run);
  figure_init (&incr_run);
  store = tj_store_open (g_build_filename (tmp, "incremental.db", NULL), &error);
  g_assert_no_error (error);
  result = replicate (store, server.url, "bench-src", TJ_SYNC_BOTH, NULL, NULL);
  idle = replicate (store, server.url, "bench-src", TJ_SYNC_BOTH, &idle_run, NULL);
  doc = tj_store_get (store, "pouch-case-000042", NULL, TJ_GET_NONE, &error);
  g_assert_no_error (error);
  json_object_set_string_member (doc, "status", "closed");
  g_free (tj_store_put (store, doc, NULL, &error));
  g_assert_no_error (error);
  incr = replicate (store, server.url, "bench-src", TJ_SYNC_BOTH, &incr_run, NULL);
  expect_count (incr, "pushed", 1, "the incremental run");
  load_after = load_average ();
  busy_note = busy ? g_strdup_printf (", %u spinning processes (BENCH_BUSY) throughout", busy) : g_strdup ("");
  if (busy_pids)
    busy_stop (busy_pids);

  printf ("\n%-40s%12s%12s%12s%10s%10s   (best of %u)\n", "", "Tiaojie", "PouchDB", "limit",
          "/limit", "/PouchDB", repeat);
  print_setting (&loopback);
  if (proxy)
    print_setting (&slow);
  printf ("%-40s%9.1f ms\n", "incremental run, nothing changed", idle_run.ms);
  printf ("%-40s%9.1f ms\n", "incremental run, one doc changed", incr_run.ms);
  printf ("limit: the server's raw dump (pull) or raw _bulk_docs writes (push); "
          "load average %s before, %s after, %u cores%s\n",
          load_before, load_after, g_get_num_processors (),
          busy_note);

  printf ("\nbudgets (issue 17): first pull <= 2x the raw dump (goal 1.5x): %s (%.2fx); ",
          verdict (loopback.tj_pull.ms <= 2 * loopback.dump.ms), loopback.tj_pull.ms / loopback.dump.ms);
  if (with_pouch && with_push)
    printf ("first push <= 0.4 of PouchDB's (goal 0.35): %s (%.2f); ",
            verdict (loopback.tj_push.ms <= 0.4 * loopback.pouch_push.ms),
            loopback.tj_push.ms / loopback.pouch_push.ms);
  if (proxy)
    printf ("first pull through %u ms round trips <= 2.5 s (goal 1 s): %s (%.0f ms); ",
            rtt_ms, verdict (slow.tj_pull.ms <= 2500), slow.tj_pull.ms);
  printf ("incremental under 100 ms (both runs): %s\n", verdict (MAX (idle_run.ms, incr_run.ms) < 100));

  g_clear_object (&store);
  g_clear_pointer (&proxy, tj_delay_proxy_free);
  tj_test_server_kill (&server);
  if (g_getenv ("TJ_KEEP_TMP") == NULL)
    tj_test_remove_tree (tmp);
  g_free (server.dir);
  g_free (server.url);
  return 0;
}
