/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The repository: one open with every index, work on the worker thread,
 * and "changed" for writes by this connection, the worker, another
 * connection and another process (the real tiaojie-cli). Waits are bounded
 * by a generous timeout and end as soon as the signal came: nothing sleeps. */

#include <glib/gstdio.h>
#include <string.h>

#include "tj-case.h"
#include "tj-json.h"
#include "tj-repository.h"
#include "tj-test-util.h"

#define WAIT_MS 10000

typedef struct {
  char         *dir;
  char         *path;
  TjRepository *repo;
  GPtrArray    *emissions;  /* of GStrv */
  gint64        last_seq;
} Fixture;

static void
changed_cb (TjRepository *repo,
            GStrv         ids,
            gint64        seq,
            Fixture      *f)
{
  g_assert_cmpint (seq, >, f->last_seq);
  f->last_seq = seq;
  g_ptr_array_add (f->emissions, g_strdupv (ids));
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->dir = g_dir_make_tmp ("tj-repository-XXXXXX", NULL);
  f->path = g_build_filename (f->dir, "repo.db", NULL);
  f->repo = tj_repository_open (f->path, &error);
  g_assert_no_error (error);
  f->emissions = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  f->last_seq = tj_repository_get_seq (f->repo);
  g_signal_connect (f->repo, "changed", G_CALLBACK (changed_cb), f);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_object (&f->repo);
  g_ptr_array_unref (f->emissions);
  tj_test_remove_tree (f->dir);
  g_free (f->path);
  g_free (f->dir);
}

static gboolean
timeout_cb (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

/* Runs the main loop until @n emissions arrived (TRUE) or WAIT_MS passed;
 * then handles whatever else is already pending, so that a second,
 * unwanted emission would be counted. */
static gboolean
wait_emissions (Fixture *f,
                guint    n)
{
  gboolean timed_out = FALSE;
  guint timeout = g_timeout_add (WAIT_MS, timeout_cb, &timed_out);

  while (f->emissions->len < n && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  if (!timed_out)
    g_source_remove (timeout);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  return f->emissions->len >= n;
}

static char *
put (TjStore    *store,
     const char *json)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) doc = tj_json_parse_object (json, -1, &error);
  g_autofree char *id = NULL;
  g_autofree char *rev = NULL;

  g_assert_no_error (error);
  rev = tj_store_put (store, doc, &id, &error);
  g_assert_no_error (error);
  return g_steal_pointer (&id);
}

static void
assert_ids (GStrv               got,
            const char * const *want)
{
  g_assert_cmpuint (g_strv_length (got), ==, g_strv_length ((GStrv) want));
  for (guint i = 0; want[i]; i++)
    g_assert_true (g_strv_contains ((const char * const *) got, want[i]));
}

/* Every index is attached: the case list and the report index know a
 * case written through the repository's connection. */
static void
test_indexes (Fixture       *f,
              gconstpointer  data)
{
  TjStore *store = tj_repository_get_store (f->repo);

  g_assert_nonnull (g_object_get_data (G_OBJECT (store), "tj-case-index"));
  g_assert_nonnull (g_object_get_data (G_OBJECT (store), "tj-arrears-index"));
  g_assert_nonnull (g_object_get_data (G_OBJECT (store), "tj-report-index"));
  g_assert_cmpstr (tj_repository_get_path (f->repo), ==, f->path);
}

/* Writes on the main connection in one main-loop turn: one emission. */
static void
test_main_connection (Fixture       *f,
                      gconstpointer  data)
{
  TjStore *store = tj_repository_get_store (f->repo);
  g_autofree char *a = put (store, "{\"type\":\"consultation\",\"question\":\"加班费\"}");
  g_autofree char *b = put (store, "{\"type\":\"consultation\",\"question\":\"工伤\"}");
  g_autofree char *c = put (store, "{\"type\":\"consultation\",\"question\":\"欠薪\"}");

  g_assert_true (wait_emissions (f, 1));
  g_assert_cmpuint (f->emissions->len, ==, 1);
  assert_ids (g_ptr_array_index (f->emissions, 0), (const char *[]) { a, b, c, NULL });
  g_assert_cmpint (tj_repository_get_seq (f->repo), ==, tj_store_get_update_seq (store));

  /* A read, or nothing at all, announces nothing. */
  tj_repository_queue_check (f->repo);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_cmpuint (f->emissions->len, ==, 1);
}

typedef struct {
  char *path;
  char *id;
} ThreadWrite;

static gpointer
write_thread (gpointer data)
{
  ThreadWrite *w = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(TjStore) other = tj_store_open (w->path, &error);

  g_assert_no_error (error);
  w->id = put (other, "{\"type\":\"consultation\",\"question\":\"另一个连接\"}");
  return NULL;
}

/* Another connection (as the sync scheduler's) on another thread: seen by
 * the file monitor and PRAGMA data_version. */
static void
test_other_connection (Fixture       *f,
                       gconstpointer  data)
{
  ThreadWrite w = { f->path, NULL };
  GThread *thread = g_thread_new ("writer", write_thread, &w);

  g_thread_join (thread);
  g_assert_true (wait_emissions (f, 1));
  g_assert_cmpuint (f->emissions->len, ==, 1);
  assert_ids (g_ptr_array_index (f->emissions, 0), (const char *[]) { w.id, NULL });
  g_free (w.id);
}

typedef struct {
  char *ids[3];
  gboolean ran;
} WorkerJob;

static void
worker_job_free (gpointer data)
{
  WorkerJob *job = data;

  for (guint i = 0; i < G_N_ELEMENTS (job->ids); i++)
    g_free (job->ids[i]);
  g_free (job);
}

static gboolean
worker_write (TjStore  *store,
              gpointer  data,
              GError  **error)
{
  WorkerJob *job = data;

  g_assert_false (g_main_context_is_owner (g_main_context_default ()));
  job->ran = TRUE;
  /* The worker's connection has every index, too. */
  g_assert_nonnull (g_object_get_data (G_OBJECT (store), "tj-report-index"));
  if (!tj_store_begin (store, error))
    return FALSE;
  job->ids[0] = put (store, "{\"type\":\"consultation\",\"question\":\"一\"}");
  job->ids[1] = put (store, "{\"type\":\"consultation\",\"question\":\"二\"}");
  return tj_store_commit (store, error);
}

static gboolean
worker_fail (TjStore  *store,
             gpointer  data,
             GError  **error)
{
  ((WorkerJob *) data)->ran = TRUE;
  g_set_error_literal (error, TJ_ERROR, TJ_ERROR_INVALID, "no");
  return FALSE;
}

static void
run_done_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

static GAsyncResult *
wait_result (GAsyncResult **slot)
{
  gboolean timed_out = FALSE;
  guint timeout = g_timeout_add (WAIT_MS, timeout_cb, &timed_out);

  while (*slot == NULL && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  if (!timed_out)
    g_source_remove (timeout);
  g_assert_nonnull (*slot);
  return *slot;
}

/* The worker runs jobs off the main thread, results come back on the main
 * context, its writes are announced, failures and cancellation reported. */
static void
test_worker (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  WorkerJob *job = g_new0 (WorkerJob, 1);
  gpointer back = NULL;

  tj_repository_run_async (f->repo, worker_write, job, worker_job_free, NULL, run_done_cb, &result);
  wait_result (&result);
  g_assert_true (tj_repository_run_finish (f->repo, result, &back, &error));
  g_assert_no_error (error);
  g_assert_true (back == job);
  g_assert_true (job->ran);
  g_assert_true (wait_emissions (f, 1));
  g_assert_cmpuint (f->emissions->len, ==, 1);
  assert_ids (g_ptr_array_index (f->emissions, 0), (const char *[]) { job->ids[0], job->ids[1], NULL });
  g_clear_object (&result);

  job = g_new0 (WorkerJob, 1);
  tj_repository_run_async (f->repo, worker_fail, job, worker_job_free, NULL, run_done_cb, &result);
  wait_result (&result);
  g_assert_false (tj_repository_run_finish (f->repo, result, NULL, &error));
  g_assert_error (error, TJ_ERROR, TJ_ERROR_INVALID);
  g_clear_error (&error);
  g_clear_object (&result);

  /* Cancelled before it ran: it does not run. */
  job = g_new0 (WorkerJob, 1);
  g_cancellable_cancel (cancellable);
  tj_repository_run_async (f->repo, worker_write, job, worker_job_free, cancellable, run_done_cb, &result);
  wait_result (&result);
  g_assert_false (tj_repository_run_finish (f->repo, result, &back, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_false (((WorkerJob *) back)->ran);
  g_assert_cmpuint (f->emissions->len, ==, 1);
}

/* At the end of the program: waiting for the worker returns once a write
 * asked before is done and stored, without the main loop turning (its
 * callback comes later). */
static void
test_wait_idle (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(JsonObject) stored = NULL;
  WorkerJob *job = g_new0 (WorkerJob, 1);

  /* Nothing asked yet: nothing to wait for. */
  g_assert_true (tj_repository_wait_idle (f->repo, WAIT_MS));
  tj_repository_run_async (f->repo, worker_write, job, worker_job_free, NULL, run_done_cb, &result);
  g_assert_true (tj_repository_wait_idle (f->repo, WAIT_MS));
  g_assert_null (result);
  g_assert_true (job->ran);
  stored = tj_store_get (tj_repository_get_store (f->repo), job->ids[1], NULL, TJ_GET_NONE, &error);
  g_assert_no_error (error);
  g_assert_nonnull (stored);
  wait_result (&result);
  g_assert_true (tj_repository_run_finish (f->repo, result, NULL, &error));
}

/* Another process: the real tiaojie-cli adds a case while the repository
 * is open. */
static void
test_cli (Fixture       *f,
          gconstpointer  data)
{
  const char *cli = g_getenv ("TJ_CLI");
  g_autoptr(GSubprocess) proc = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) out = NULL;
  g_autofree char *stdout_text = NULL;
  g_autofree char *stderr_text = NULL;
  GStrv ids;
  const char *id;

  g_assert_nonnull (cli);
  proc = g_subprocess_new (G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                           G_SUBPROCESS_FLAGS_STDERR_PIPE, &error,
                           cli, "--db", f->path, "case", "add", "--json", "-", NULL);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (proc,
                                 "{\"title\":\"东方电子厂欠薪\",\"kind\":\"wage_arrears\",\"source\":\"walk_in\","
                                 "\"received_on\":\"2026-11-16\",\"employer\":{\"name\":\"东方电子厂\"},"
                                 "\"workers\":[{\"name\":\"张三\",\"owed_fen\":600000}]}",
                                 NULL, &stdout_text, &stderr_text, &error);
  g_assert_no_error (error);
  g_assert_cmpint (g_subprocess_get_exit_status (proc), ==, 0);
  out = tj_json_parse_object (stdout_text, -1, &error);
  g_assert_no_error (error);
  id = tj_json_get_string (out, "id", NULL);

  g_assert_true (wait_emissions (f, 1));
  g_assert_cmpuint (f->emissions->len, ==, 1);
  ids = g_ptr_array_index (f->emissions, 0);
  /* The case and its parties, all in one write. */
  g_assert_true (g_strv_contains ((const char * const *) ids, id));
  g_assert_cmpuint (g_strv_length (ids), >=, 3);
  /* A handler can tell which case the documents belong to. */
  g_assert_true (tj_repository_changes_concern (f->repo, (const char * const *) ids,
                                                (const char *[]) { "case", NULL }, NULL));
  g_assert_true (tj_repository_changes_concern (f->repo, (const char * const *) ids,
                                                (const char *[]) { "party", NULL }, id));
  g_assert_false (tj_repository_changes_concern (f->repo, (const char * const *) ids, NULL, "another-case"));
  g_assert_false (tj_repository_changes_concern (f->repo, (const char * const *) ids,
                                                 (const char *[]) { "settlement", NULL }, NULL));
}

int
main (int    argc,
      char **argv)
{
  tj_test_pin_today ("2026-11-22");
  g_test_init (&argc, &argv, NULL);

#define ADD(name, func) \
  g_test_add ("/repository/" name, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("indexes", test_indexes);
  ADD ("main-connection", test_main_connection);
  ADD ("other-connection", test_other_connection);
  ADD ("worker", test_worker);
  ADD ("wait-idle", test_wait_idle);
  ADD ("cli", test_cli);
#undef ADD

  return g_test_run ();
}
