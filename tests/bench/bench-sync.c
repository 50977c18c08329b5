/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The sync benchmark (issue 7): a PouchDB Server database of case-sized
 * documents and their children; the time Tiaojie takes to pull it into an
 * empty store and to push it into an empty server database, next to
 * PouchDB's own replicator (pouchdb-node, same server, same machine, same
 * run), and an incremental run with one changed document. Below each
 * time, the CPU time the replicator and the server spent on it: a push is
 * bound by the server's writes, so that is where savings show.
 *
 * BENCH_CASES and BENCH_CHILDREN change the size (default 10000 + 40000),
 * BENCH_BATCH Tiaojie's batch size, BENCH_REPEAT the number of rounds (the
 * best time of each side is printed).
 * Run with build-aux/dev bench, or meson test --benchmark. */
#undef G_LOG_DOMAIN
#define G_LOG_DOMAIN "Tiaojie-Bench"

#include <glib/gstdio.h>
#include <libsoup/soup.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include "tj-json.h"
#include "tj-replicator.h"
#include "tj-store.h"
#include "tj-test-server.h"

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

static void
put_db (const char *server,
        const char *db)
{
  g_autofree char *url = g_strdup_printf ("%s/%s", server, db);
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autoptr(SoupMessage) msg = soup_message_new ("PUT", url);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = soup_session_send_and_read (session, msg, NULL, &error);

  if (body == NULL || soup_message_get_status (msg) != 201)
    g_error ("PUT %s failed: %s", url, error ? error->message : soup_message_get_reason_phrase (msg));
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

/* The server's process id, and the CPU time the last replicate() took
 * in this process and in the server. */
static const char *server_pid;
static double last_client_cpu_ms, last_server_cpu_ms;

static JsonObject *
replicate (TjStore         *store,
           const char      *server,
           const char      *db,
           TjSyncDirection  direction,
           double          *out_ms)
{
  g_autoptr(TjReplicator) r = tj_replicator_new (store, server, db, NULL, NULL);
  g_autoptr(GError) error = NULL;
  JsonObject *result;
  double t0, client0, server0;

  tj_replicator_set_direction (r, direction);
  if (g_getenv ("BENCH_BATCH"))
    tj_replicator_set_batch_size (r, env_count ("BENCH_BATCH", 200));
  client0 = rusage_ms (RUSAGE_SELF);
  server0 = pid_cpu_ms (server_pid);
  t0 = now_ms ();
  result = tj_replicator_run (r, NULL, &error);
  *out_ms = now_ms () - t0;
  last_client_cpu_ms = rusage_ms (RUSAGE_SELF) - client0;
  last_server_cpu_ms = pid_cpu_ms (server_pid) - server0;
  if (result == NULL)
    g_error ("replication of %s failed: %s", db, error->message);
  return result;
}

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir && (name = g_dir_read_name (dir)))
    {
      g_autofree char *child = g_build_filename (path, name, NULL);
      if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
        remove_tree (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

int
main (int    argc,
      char **argv)
{
  guint n_cases = env_count ("BENCH_CASES", 10000);
  guint n_children = env_count ("BENCH_CHILDREN", 40000);
  guint total = n_cases + n_children;
  guint repeat = env_count ("BENCH_REPEAT", 1);
  g_autofree char *bin = tj_test_source_path ("node_modules", ".bin", "pouchdb-server", NULL);
  g_autofree char *tmp = NULL, *store_path = NULL, *pouch_dir = NULL, *src = NULL, *dst = NULL;
  g_autofree char *cases = NULL, *children = NULL;
  g_autoptr(TjStore) store = NULL;
  g_autoptr(JsonObject) filled = NULL, tj_pull = NULL, tj_push = NULL, pouch_pull = NULL, pouch_push = NULL;
  g_autoptr(JsonObject) incr = NULL, idle = NULL, doc = NULL;
  g_autoptr(GError) error = NULL;
  TjTestServer server = { 0 };
  /* CPU time of the best round of each: [pull, push] x [client, server]. */
  double tj_cpu[2][2] = { { 0 } }, pouch_cpu[2][2] = { { 0 } };
  double fill_ms, tj_pull_ms, tj_push_ms, pouch_pull_ms, pouch_push_ms, incr_ms, idle_ms, t0;

  if (!g_file_test (bin, G_FILE_TEST_IS_EXECUTABLE))
    {
      fprintf (stderr, "bench-sync: PouchDB Server is not installed (%s is missing); "
                       "run build-aux/dev bench, which installs it with npm ci.\n", bin);
      return 1;
    }

  tmp = g_dir_make_tmp ("tj-bench-sync-XXXXXX", &error);
  g_assert_no_error (error);
  server.dir = g_build_filename (tmp, "server", NULL);
  g_mkdir (server.dir, 0700);
  server.port = tj_test_free_port ();
  server.url = g_strdup_printf ("http://127.0.0.1:%u", server.port);
  tj_test_server_start (&server);
  server_pid = g_subprocess_get_identifier (server.process);

  put_db (server.url, "bench-src");
  src = g_strdup_printf ("%s/bench-src", server.url);
  cases = g_strdup_printf ("%u", n_cases);
  children = g_strdup_printf ("%u", n_children);
  t0 = now_ms ();
  filled = node ("bench-fill", src, cases, children);
  fill_ms = now_ms () - t0;
  printf ("bench-sync: server database of %u cases + %u children (%" G_GINT64_FORMAT " docs) filled in %.0f ms\n",
          n_cases, n_children, json_object_get_int_member (filled, "doc_count"), fill_ms);
  fflush (stdout);

  /* Pull into empty databases, then push into empty server databases;
   * BENCH_REPEAT rounds, alternating Tiaojie and PouchDB, best of each
   * (a shared machine's noise only ever adds time). */
  tj_pull_ms = tj_push_ms = pouch_pull_ms = pouch_push_ms = G_MAXDOUBLE;
  for (guint round = 0; round < repeat; round++)
    {
      g_autofree char *name = g_strdup_printf ("tiaojie-%u.db", round);
      g_autofree char *pouch_name = g_strdup_printf ("pouch-%u", round);
      g_autofree char *tj_dst = g_strdup_printf ("bench-dst-tiaojie-%u", round);
      g_autofree char *pouch_dst = g_strdup_printf ("bench-dst-pouch-%u", round);
      double ms, client0, server0;

      g_clear_object (&store);
      g_free (store_path);
      store_path = g_build_filename (tmp, name, NULL);
      store = tj_store_open (store_path, &error);
      g_assert_no_error (error);
      g_clear_pointer (&tj_pull, json_object_unref);
      tj_pull = replicate (store, server.url, "bench-src", TJ_SYNC_PULL, &ms);
      if (json_object_get_int_member (tj_pull, "pulled") != total)
        g_error ("Tiaojie pulled %" G_GINT64_FORMAT " of %u documents",
                 json_object_get_int_member (tj_pull, "pulled"), total);
      if (ms < tj_pull_ms)
        {
          tj_pull_ms = ms;
          tj_cpu[0][0] = last_client_cpu_ms;
          tj_cpu[0][1] = last_server_cpu_ms;
        }

      g_free (pouch_dir);
      pouch_dir = g_build_filename (tmp, pouch_name, NULL);
      g_mkdir (pouch_dir, 0700);
      g_clear_pointer (&pouch_pull, json_object_unref);
      client0 = rusage_ms (RUSAGE_CHILDREN);
      server0 = pid_cpu_ms (server_pid);
      pouch_pull = node ("bench-pull", src, pouch_dir, NULL);
      if (json_object_get_double_member (pouch_pull, "ms") < pouch_pull_ms)
        {
          pouch_pull_ms = json_object_get_double_member (pouch_pull, "ms");
          pouch_cpu[0][0] = rusage_ms (RUSAGE_CHILDREN) - client0;
          pouch_cpu[0][1] = pid_cpu_ms (server_pid) - server0;
        }

      put_db (server.url, tj_dst);
      g_clear_pointer (&tj_push, json_object_unref);
      tj_push = replicate (store, server.url, tj_dst, TJ_SYNC_PUSH, &ms);
      if (json_object_get_int_member (tj_push, "pushed") != total)
        g_error ("Tiaojie pushed %" G_GINT64_FORMAT " of %u documents",
                 json_object_get_int_member (tj_push, "pushed"), total);
      if (ms < tj_push_ms)
        {
          tj_push_ms = ms;
          tj_cpu[1][0] = last_client_cpu_ms;
          tj_cpu[1][1] = last_server_cpu_ms;
        }

      put_db (server.url, pouch_dst);
      g_free (dst);
      dst = g_strdup_printf ("%s/%s", server.url, pouch_dst);
      g_clear_pointer (&pouch_push, json_object_unref);
      client0 = rusage_ms (RUSAGE_CHILDREN);
      server0 = pid_cpu_ms (server_pid);
      pouch_push = node ("bench-push", pouch_dir, dst, NULL);
      if (json_object_get_double_member (pouch_push, "ms") < pouch_push_ms)
        {
          pouch_push_ms = json_object_get_double_member (pouch_push, "ms");
          pouch_cpu[1][0] = rusage_ms (RUSAGE_CHILDREN) - client0;
          pouch_cpu[1][1] = pid_cpu_ms (server_pid) - server0;
        }
    }

  /* Incremental: one document changed locally, both directions. */
  idle = replicate (store, server.url, "bench-src", TJ_SYNC_BOTH, &idle_ms);
  g_clear_pointer (&idle, json_object_unref);
  idle = replicate (store, server.url, "bench-src", TJ_SYNC_BOTH, &idle_ms);
  doc = tj_store_get (store, "pouch-case-000042", NULL, TJ_GET_NONE, &error);
  g_assert_no_error (error);
  json_object_set_string_member (doc, "status", "closed");
  g_free (tj_store_put (store, doc, NULL, &error));
  g_assert_no_error (error);
  incr = replicate (store, server.url, "bench-src", TJ_SYNC_BOTH, &incr_ms);
  if (json_object_get_int_member (incr, "pushed") != 1)
    g_error ("the incremental run pushed %" G_GINT64_FORMAT " documents, not 1",
             json_object_get_int_member (incr, "pushed"));

  printf ("\n%-34s %12s %12s %8s   (best of %u)\n", "", "Tiaojie", "PouchDB", "ratio", repeat);
  printf ("%-34s %9.0f ms %9.0f ms %8.2f\n", "pull into an empty database",
          tj_pull_ms, pouch_pull_ms, tj_pull_ms / pouch_pull_ms);
  printf ("%-34s %9.0f ms %9.0f ms %8.2f\n", "push into an empty server database",
          tj_push_ms, pouch_push_ms, tj_push_ms / pouch_push_ms);
  printf ("%-34s %9.0f ms %9.0f ms\n", "  CPU of the replicator, pull",
          tj_cpu[0][0], pouch_cpu[0][0]);
  printf ("%-34s %9.0f ms %9.0f ms\n", "  CPU of the server, pull",
          tj_cpu[0][1], pouch_cpu[0][1]);
  printf ("%-34s %9.0f ms %9.0f ms\n", "  CPU of the replicator, push",
          tj_cpu[1][0], pouch_cpu[1][0]);
  printf ("%-34s %9.0f ms %9.0f ms\n", "  CPU of the server, push",
          tj_cpu[1][1], pouch_cpu[1][1]);
  printf ("%-34s %9.1f ms\n", "incremental run, nothing changed", idle_ms);
  printf ("%-34s %9.1f ms\n", "incremental run, one doc changed", incr_ms);
  printf ("\nbudget: Tiaojie at most half of PouchDB's time (ratio <= 0.50): pull %s, push %s; "
          "incremental under 100 ms: %s\n",
          tj_pull_ms <= pouch_pull_ms / 2 ? "met" : "MISSED",
          tj_push_ms <= pouch_push_ms / 2 ? "met" : "MISSED",
          incr_ms < 100 ? "met" : "MISSED");

  g_clear_object (&store);
  tj_test_server_kill (&server);
  if (g_getenv ("TJ_KEEP_TMP") == NULL)
    remove_tree (tmp);
  g_free (server.dir);
  g_free (server.url);
  return 0;
}
