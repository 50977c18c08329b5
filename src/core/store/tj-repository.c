/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Tiaojie-Store"

/* See tj-repository.h. Three threads meet here: the main thread (the main
 * connection, the file monitors' events, the "changed" emissions), the
 * worker (its own connection, one job at a time so that writes stay in
 * order) and GLib's file-monitor thread. Everything that crosses threads
 * goes through schedule_check() and g_main_context_invoke_full(). */

#include <sqlite3.h>

#include "tj-agenda.h"
#include "tj-arrears.h"
#include "tj-case.h"
#include "tj-centre.h"
#include "tj-i18n.h"
#include "tj-json.h"
#include "tj-report.h"
#include "tj-repository.h"

/* Commits that follow each other faster than this are announced together
 * by the file monitor (GLib's default, 800 ms, would make a second write
 * by the CLI wait almost a second). */
#define MONITOR_RATE_LIMIT_MS 50

typedef struct
{
  char *type;     /* NULL: not known (deleted) */
  char *case_id;  /* the case it belongs to, or NULL */
} ChangeInfo;

struct _TjRepository
{
  GObject        parent_instance;

  char          *path;
  TjStore       *store;
  GMainContext  *context;      /* where "changed" is emitted */

  /* What the last check saw: a change of either means something was
   * committed since (data_version: by another connection;
   * total_changes: by this one). */
  gint64         seq;
  gint64         data_version;
  gint64         total_changes;
  GHashTable    *last_changes; /* id → ChangeInfo, of the last emission */

  GFileMonitor  *monitors[2];  /* the database file and its -wal */

  GMutex         lock;         /* check_source, worker_store */
  GSource       *check_source;
  gboolean       disposed;

  GThreadPool   *worker;       /* one thread: writes stay ordered */
  TjStore       *worker_store; /* opened by the worker, on first use */
};

G_DEFINE_FINAL_TYPE (TjRepository, tj_repository, G_TYPE_OBJECT)

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
change_info_free (gpointer data)
{
  ChangeInfo *info = data;

  g_free (info->type);
  g_free (info->case_id);
  g_free (info);
}

gboolean
tj_repository_attach_indexes (TjStore  *store,
                              GError  **error)
{
  g_return_val_if_fail (TJ_IS_STORE (store), FALSE);

  /* The case index first: the others read it. A new index goes here and
   * nowhere else. */
  return tj_case_attach (store, error) &&
         tj_arrears_attach (store, error) &&
         tj_agenda_attach (store, error) &&
         tj_report_attach (store, error) &&
         tj_centre_attach (store, error);
}

static TjStore *
open_store (const char  *path,
            GError     **error)
{
  g_autoptr(TjStore) store = tj_store_open (path, error);

  if (store == NULL || !tj_repository_attach_indexes (store, error))
    return NULL;
  return g_steal_pointer (&store);
}

/* ------------------------------------------------------------------ */
/* Noticing changes                                                     */

static gint64
read_data_version (TjRepository *self)
{
  sqlite3_stmt *st = tj_store_statement (self->store, "PRAGMA data_version", NULL);
  gint64 version = -1;

  if (st == NULL)
    return -1;
  if (sqlite3_step (st) == SQLITE_ROW)
    version = sqlite3_column_int64 (st, 0);
  sqlite3_reset (st);
  return version;
}

/* The documents written after self->seq, with their type and case. The
 * store's docs table is its changes feed (tj_store_changes() reads the
 * same rows, with their revisions, which are not needed here); the case
 * index knows every document's case. One query, however large the burst. */
static GPtrArray *
read_changes (TjRepository  *self,
              gint64        *out_seq,
              GError       **error)
{
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  sqlite3_stmt *st;
  gint64 seq = self->seq;
  int rc;

  st = tj_store_statement (self->store,
                           "SELECT d.id, d.seq, d.type, CASE WHEN d.type = 'case' THEN d.id ELSE c.case_id END"
                           " FROM docs d LEFT JOIN case_children c ON c.id = d.id"
                           " WHERE d.seq > ?1 ORDER BY d.seq", error);
  if (st == NULL)
    return NULL;
  sqlite3_bind_int64 (st, 1, self->seq);
  g_hash_table_remove_all (self->last_changes);
  while ((rc = sqlite3_step (st)) == SQLITE_ROW)
    {
      ChangeInfo *info = g_new0 (ChangeInfo, 1);
      char *id = g_strdup ((const char *) sqlite3_column_text (st, 0));

      seq = MAX (seq, sqlite3_column_int64 (st, 1));
      info->type = g_strdup ((const char *) sqlite3_column_text (st, 2));
      info->case_id = g_strdup ((const char *) sqlite3_column_text (st, 3));
      g_hash_table_replace (self->last_changes, g_strdup (id), info);
      g_ptr_array_add (ids, id);
    }
  sqlite3_reset (st);
  if (rc != SQLITE_DONE)
    {
      tj_store_set_error (self->store, rc, error);
      return NULL;
    }
  *out_seq = seq;
  return g_steal_pointer (&ids);
}

static gboolean
check_cb (gpointer user_data)
{
  TjRepository *self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) ids = NULL;
  gint64 version, total, seq = 0;

  g_mutex_lock (&self->lock);
  g_clear_pointer (&self->check_source, g_source_unref);
  g_mutex_unlock (&self->lock);

  /* Cheap first: nothing committed by anyone since the last look. */
  version = read_data_version (self);
  total = sqlite3_total_changes64 (tj_store_get_sqlite (self->store));
  if (version == self->data_version && total == self->total_changes)
    return G_SOURCE_REMOVE;

  ids = read_changes (self, &seq, &error);
  if (ids == NULL)
    {
      /* Busy or damaged now: the next commit looks again. */
      g_debug ("Could not read the changes of %s: %s", self->path, error->message);
      return G_SOURCE_REMOVE;
    }
  self->data_version = version;
  self->total_changes = total;
  if (ids->len == 0)
    return G_SOURCE_REMOVE;

  self->seq = seq;
  g_ptr_array_add (ids, NULL);
  g_debug ("%u documents changed, up to sequence %" G_GINT64_FORMAT, ids->len - 1, seq);
  g_signal_emit (self, signals[CHANGED], 0, (GStrv) ids->pdata, seq);
  return G_SOURCE_REMOVE;
}

/* Any thread: look at the next main-loop turn, once however many
 * triggers arrive before it. */
static void
schedule_check (TjRepository *self)
{
  g_mutex_lock (&self->lock);
  if (self->check_source == NULL && !self->disposed)
    {
      self->check_source = g_idle_source_new ();
      /* Not idle priority: a window that keeps redrawing (a spinner, an
       * animation) would starve it. Still after the commit and what is
       * already queued in this turn. */
      g_source_set_priority (self->check_source, G_PRIORITY_DEFAULT);
      /* No reference: dispose destroys the source first. */
      g_source_set_callback (self->check_source, check_cb, self, NULL);
      g_source_set_static_name (self->check_source, "[tiaojie] repository check");
      g_source_attach (self->check_source, self->context);
    }
  g_mutex_unlock (&self->lock);
}

void
tj_repository_queue_check (TjRepository *self)
{
  g_return_if_fail (TJ_IS_REPOSITORY (self));

  /* Even when data_version and total_changes did not move. */
  self->total_changes = -1;
  schedule_check (self);
}

/* SQLite calls this on the main connection's thread just before a commit;
 * the check runs once the commit is done and the main loop turns. */
static int
commit_hook_cb (void *user_data)
{
  schedule_check (user_data);
  return 0; /* let the commit go on */
}

static void
file_changed_cb (GFileMonitor      *monitor,
                 GFile             *file,
                 GFile             *other,
                 GFileMonitorEvent  event,
                 TjRepository      *self)
{
  if (event == G_FILE_MONITOR_EVENT_CHANGED || event == G_FILE_MONITOR_EVENT_CREATED ||
      event == G_FILE_MONITOR_EVENT_CHANGES_DONE_HINT)
    schedule_check (self);
}

static void
watch (TjRepository *self)
{
  g_autofree char *wal = g_strconcat (self->path, "-wal", NULL);
  const char *paths[] = { self->path, wal };

  for (guint i = 0; i < G_N_ELEMENTS (paths); i++)
    {
      g_autoptr(GFile) file = g_file_new_for_path (paths[i]);
      g_autoptr(GError) error = NULL;

      self->monitors[i] = g_file_monitor_file (file, G_FILE_MONITOR_NONE, NULL, &error);
      if (self->monitors[i] == NULL)
        {
          /* Still told of this process's writes; others' are missed. */
          g_warning ("Not watching %s for changes by other programs: %s", paths[i], error->message);
          continue;
        }
      g_file_monitor_set_rate_limit (self->monitors[i], MONITOR_RATE_LIMIT_MS);
      g_signal_connect (self->monitors[i], "changed", G_CALLBACK (file_changed_cb), self);
    }
}

/* The main thread's part of opening: the thread-default main context of
 * the caller is where "changed" is emitted and the monitors report. */
static TjRepository *
repository_new (TjStore *store)
{
  TjRepository *self = g_object_new (TJ_TYPE_REPOSITORY, NULL);

  self->store = g_object_ref (store);
  self->path = g_strdup (tj_store_get_path (store));
  self->context = g_main_context_ref_thread_default ();
  self->seq = tj_store_get_update_seq (store);
  self->data_version = read_data_version (self);
  self->total_changes = sqlite3_total_changes64 (tj_store_get_sqlite (store));
  sqlite3_commit_hook (tj_store_get_sqlite (store), commit_hook_cb, self);
  watch (self);
  return self;
}

/**
 * tj_repository_open:
 * @path: the database file
 * @error: return location for an error
 *
 * Opens (or creates) the database with every index attached. Blocks while
 * the indexes catch up; the GUI uses tj_repository_open_async().
 *
 * Returns: (transfer full) (nullable): the repository
 */
TjRepository *
tj_repository_open (const char  *path,
                    GError     **error)
{
  g_autoptr(TjStore) store = NULL;

  g_return_val_if_fail (path != NULL, NULL);

  store = open_store (path, error);
  if (store == NULL)
    return NULL;
  return repository_new (store);
}

static void
open_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  GError *error = NULL;
  TjStore *store = open_store (task_data, &error);

  if (store)
    g_task_return_pointer (task, store, g_object_unref);
  else
    g_task_return_error (task, error);
}

/**
 * tj_repository_open_async:
 *
 * Opens the database and lets its indexes catch up in a thread; the
 * repository itself is made in tj_repository_open_finish(), on the
 * caller's main context.
 */
void
tj_repository_open_async (const char          *path,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (path != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, tj_repository_open_async);
  g_task_set_task_data (task, g_strdup (path), g_free);
  g_task_run_in_thread (task, open_thread);
}

TjRepository *
tj_repository_open_finish (GAsyncResult  *result,
                           GError       **error)
{
  g_autoptr(TjStore) store = NULL;

  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == tj_repository_open_async, NULL);

  store = g_task_propagate_pointer (G_TASK (result), error);
  if (store == NULL)
    return NULL;
  return repository_new (store);
}

/* ------------------------------------------------------------------ */
/* The worker                                                           */

typedef struct
{
  TjRepositoryFunc  func;
  gpointer          data;
  GDestroyNotify    destroy;
} Job;

static void
job_free (gpointer data)
{
  Job *job = data;

  if (job->destroy && job->data)
    job->destroy (job->data);
  g_free (job);
}

typedef struct
{
  GTask  *task;
  GError *error;
} Done;

/* On the main context: the task is returned and unreferenced here, so that
 * the repository is never finalized on the worker thread (whose pool it
 * would then wait for). */
static gboolean
job_done_cb (gpointer user_data)
{
  Done *done = user_data;
  TjRepository *self = g_task_get_source_object (done->task);

  /* The job may have written: look before the caller hears back is not
   * needed, but soon. */
  schedule_check (self);
  if (done->error)
    g_task_return_error (done->task, g_steal_pointer (&done->error));
  else
    g_task_return_boolean (done->task, TRUE);
  g_object_unref (done->task);
  g_free (done);
  return G_SOURCE_REMOVE;
}

static void
worker_run (gpointer data,
            gpointer user_data)
{
  GTask *task = data;
  TjRepository *self = user_data;
  Job *job = g_task_get_task_data (task);
  GError *error = NULL;
  Done *done;

  if (!g_cancellable_set_error_if_cancelled (g_task_get_cancellable (task), &error))
    {
      if (self->worker_store == NULL)
        self->worker_store = open_store (self->path, &error);
      if (self->worker_store != NULL)
        {
          if (!job->func (self->worker_store, job->data, &error) && error == NULL)
            g_set_error_literal (&error, TJ_ERROR, TJ_ERROR_FAILED, _("The database work failed"));
        }
    }

  done = g_new0 (Done, 1);
  done->task = task;
  done->error = error;
  g_main_context_invoke_full (self->context, G_PRIORITY_DEFAULT, job_done_cb, done, NULL);
}

/**
 * tj_repository_run_async:
 * @self: the repository
 * @func: the work, run on the worker thread with its connection
 * @data: (nullable): handed to @func and back to the callback
 * @destroy: (nullable): frees @data when the result is gone
 * @cancellable: (nullable): cancels work that has not started, and makes
 *   the result G_IO_ERROR_CANCELLED
 * @callback: called on the caller's main context
 * @user_data: for @callback
 *
 * Runs @func off the main thread. Jobs run one at a time, in the order they
 * were asked for, so writes made this way keep their order. Documents
 * written are announced by "changed" as any others.
 */
void
tj_repository_run_async (TjRepository        *self,
                         TjRepositoryFunc     func,
                         gpointer             data,
                         GDestroyNotify       destroy,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  g_autoptr(GError) error = NULL;
  GTask *task;
  Job *job;

  g_return_if_fail (TJ_IS_REPOSITORY (self));
  g_return_if_fail (func != NULL);

  job = g_new0 (Job, 1);
  job->func = func;
  job->data = data;
  job->destroy = destroy;
  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, tj_repository_run_async);
  g_task_set_task_data (task, job, job_free);

  g_mutex_lock (&self->lock);
  if (self->worker == NULL)
    self->worker = g_thread_pool_new (worker_run, self, 1, FALSE, &error);
  g_mutex_unlock (&self->lock);
  if (self->worker == NULL)
    {
      g_task_return_new_error (task, TJ_ERROR, TJ_ERROR_FAILED, "%s", error->message);
      g_object_unref (task);
      return;
    }
  /* The pool owns the reference until job_done_cb() drops it. */
  g_thread_pool_push (self->worker, task, NULL);
}

/**
 * tj_repository_run_finish:
 * @out_data: (out) (optional) (transfer none): the data given to
 *   tj_repository_run_async(), as the job left it; valid as long as
 *   @result
 *
 * Returns: %FALSE with @error when the job failed or was cancelled
 */
gboolean
tj_repository_run_finish (TjRepository  *self,
                          GAsyncResult  *result,
                          gpointer      *out_data,
                          GError       **error)
{
  g_return_val_if_fail (TJ_IS_REPOSITORY (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  if (out_data)
    *out_data = ((Job *) g_task_get_task_data (G_TASK (result)))->data;
  return g_task_propagate_boolean (G_TASK (result), error);
}

typedef struct
{
  GMutex   lock;
  GCond    cond;
  gboolean reached;
} Barrier;

static void
barrier_free (gpointer data)
{
  Barrier *barrier = data;

  g_mutex_clear (&barrier->lock);
  g_cond_clear (&barrier->cond);
  g_free (barrier);
}

static gboolean
barrier_run (TjStore  *store,
             gpointer  data,
             GError  **error)
{
  Barrier *barrier = data;

  g_mutex_lock (&barrier->lock);
  barrier->reached = TRUE;
  g_cond_signal (&barrier->cond);
  g_mutex_unlock (&barrier->lock);
  return TRUE;
}

/**
 * tj_repository_wait_idle:
 * @self: the repository
 * @timeout_ms: at most this long
 *
 * Blocks until every job asked of the worker before now has run (their
 * callbacks come later, on the main context): for the end of the
 * program, so that a write asked for while windows closed is not cut off
 * when the process exits.
 *
 * Returns: %FALSE when @timeout_ms passed first
 */
gboolean
tj_repository_wait_idle (TjRepository *self,
                         guint         timeout_ms)
{
  Barrier *barrier;
  gint64 end;
  gboolean reached;

  g_return_val_if_fail (TJ_IS_REPOSITORY (self), FALSE);

  if (self->worker == NULL)
    return TRUE;
  barrier = g_new0 (Barrier, 1);
  g_mutex_init (&barrier->lock);
  g_cond_init (&barrier->cond);
  /* Freed with its task, on the main context, after this returns. */
  tj_repository_run_async (self, barrier_run, barrier, barrier_free, NULL, NULL, NULL);
  end = g_get_monotonic_time () + (gint64) timeout_ms * G_TIME_SPAN_MILLISECOND;
  g_mutex_lock (&barrier->lock);
  while (!barrier->reached)
    if (!g_cond_wait_until (&barrier->cond, &barrier->lock, end))
      break;
  reached = barrier->reached;
  g_mutex_unlock (&barrier->lock);
  return reached;
}

/* ------------------------------------------------------------------ */
/* The rest                                                             */

gboolean
tj_repository_changes_concern (TjRepository       *self,
                               const char * const *ids,
                               const char * const *types,
                               const char         *case_id)
{
  g_return_val_if_fail (TJ_IS_REPOSITORY (self), TRUE);

  for (guint i = 0; ids && ids[i]; i++)
    {
      ChangeInfo *info = g_hash_table_lookup (self->last_changes, ids[i]);

      if (info == NULL || info->type == NULL)
        return TRUE;
      if (types && !g_strv_contains (types, info->type))
        continue;
      if (case_id == NULL || g_strcmp0 (info->case_id, case_id) == 0)
        return TRUE;
    }
  return FALSE;
}

const char *
tj_repository_get_path (TjRepository *self)
{
  g_return_val_if_fail (TJ_IS_REPOSITORY (self), NULL);
  return self->path;
}

TjStore *
tj_repository_get_store (TjRepository *self)
{
  g_return_val_if_fail (TJ_IS_REPOSITORY (self), NULL);
  return self->store;
}

gint64
tj_repository_get_seq (TjRepository *self)
{
  g_return_val_if_fail (TJ_IS_REPOSITORY (self), 0);
  return self->seq;
}

static void
tj_repository_dispose (GObject *object)
{
  TjRepository *self = TJ_REPOSITORY (object);

  for (guint i = 0; i < G_N_ELEMENTS (self->monitors); i++)
    if (self->monitors[i])
      {
        g_signal_handlers_disconnect_by_func (self->monitors[i], file_changed_cb, self);
        g_file_monitor_cancel (self->monitors[i]);
        g_clear_object (&self->monitors[i]);
      }
  /* The store may live on (the CLI keeps it): no more hooks into us. */
  if (self->store)
    sqlite3_commit_hook (tj_store_get_sqlite (self->store), NULL, NULL);

  g_mutex_lock (&self->lock);
  self->disposed = TRUE;
  if (self->check_source)
    {
      g_source_destroy (self->check_source);
      g_clear_pointer (&self->check_source, g_source_unref);
    }
  g_mutex_unlock (&self->lock);

  G_OBJECT_CLASS (tj_repository_parent_class)->dispose (object);
}

static void
tj_repository_finalize (GObject *object)
{
  TjRepository *self = TJ_REPOSITORY (object);

  /* Every job holds a reference to us: none is queued or running now. */
  if (self->worker)
    g_thread_pool_free (self->worker, FALSE, TRUE);
  g_clear_object (&self->worker_store);
  g_clear_object (&self->store);
  g_clear_pointer (&self->context, g_main_context_unref);
  g_clear_pointer (&self->last_changes, g_hash_table_unref);
  g_free (self->path);
  g_mutex_clear (&self->lock);

  G_OBJECT_CLASS (tj_repository_parent_class)->finalize (object);
}

static void
tj_repository_class_init (TjRepositoryClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = tj_repository_dispose;
  object_class->finalize = tj_repository_finalize;

  /**
   * TjRepository::changed:
   * @self: the repository
   * @ids: the documents written since the last emission
   * @seq: the local sequence they reach
   *
   * Documents changed, by anyone. Emitted on the main context of the
   * thread that opened the repository, at most once per main-loop turn.
   * tj_repository_changes_concern() tells a page whether to reload.
   */
  signals[CHANGED] =
    g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, G_TYPE_STRV | G_SIGNAL_TYPE_STATIC_SCOPE, G_TYPE_INT64);
}

static void
tj_repository_init (TjRepository *self)
{
  g_mutex_init (&self->lock);
  self->last_changes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, change_info_free);
}
