/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Tiaojie-Sync"

#include "tj-arrears.h"
#include "tj-case.h"
#include "tj-i18n.h"
#include "tj-json.h"
#include "tj-report.h"
#include "tj-repository.h"
#include "tj-sync-scheduler.h"

#define HISTORY_ID     "_local/sync-history"
#define DISPATCHED_ID  "_local/sync-dispatched"
#define HISTORY_MAX    50
#define DISPATCHED_MAX 200
#define BACKOFF_MAX    (30 * 60)
#define PENDING_MAX    10000

/* The scheduler decides *when* to run; the replicator decides *what* a run
 * does. All the deciding happens on the main thread, from timers and
 * signals (a local write is the repository's "changed", not a poll); a
 * run is a GTask thread with its own store connection (a TjStore is used
 * from one thread at a time), which also writes the
 * history entry, so that a run that crashes half-way still leaves the
 * previous history intact. */
struct _TjSyncScheduler
{
  GObject          parent_instance;

  TjRepository    *repository;
  TjStore         *store;            /* the repository's */
  TjSyncAccount   *account;
  GNetworkMonitor *monitor;
  GCancellable    *cancellable;

  guint            interval;
  guint            change_delay;
  guint            backoff_base;

  guint            periodic_source;
  guint            run_source;       /* the next run (change delay, back-off, start) */
  gint64           seen_seq;

  gboolean         started;
  gboolean         running;
  gboolean         again;            /* a trigger arrived during a run */
  gboolean         network_available;
  guint            failures;
  gint64           backoff_until;    /* monotonic µs */

  TjSyncState      state;
  guint            pending;
  char            *error;
  JsonObject      *last_run;
};

G_DEFINE_FINAL_TYPE (TjSyncScheduler, tj_sync_scheduler, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_STATE,
  PROP_PENDING,
  PROP_ERROR,
  PROP_RUNNING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  RUN_FINISHED,
  CASES_DISPATCHED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void schedule_run (TjSyncScheduler *self, guint seconds);
static void start_run (TjSyncScheduler *self);

const char *
tj_sync_state_to_string (TjSyncState state)
{
  static const char *const names[] = { "disabled", "synced", "pending", "syncing", "offline", "error" };

  if ((guint) state < G_N_ELEMENTS (names))
    return names[state];
  return "unknown";
}

static char *
now_iso (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  return g_date_time_format (now, "%Y-%m-%dT%H:%M:%SZ");
}

/* ------------------------------------------------------------------ */
/* _local/ documents                                                    */
/* ------------------------------------------------------------------ */

static JsonArray *
load_local_array (TjStore    *store,
                  const char *id,
                  const char *member,
                  GError    **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(JsonObject) doc = tj_store_get_local (store, id, &local_error);
  JsonArray *array;
  JsonArray *copy = json_array_new ();

  if (doc == NULL)
    {
      if (g_error_matches (local_error, TJ_ERROR, TJ_ERROR_NOT_FOUND))
        return copy;
      json_array_unref (copy);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }
  array = tj_json_get_array (doc, member);
  for (guint i = 0; array && i < json_array_get_length (array); i++)
    {
      JsonNode *node = json_array_get_element (array, i);
      /* Only well-formed entries: the document is ours, but a damaged one
       * must not break the Sync page. */
      if (JSON_NODE_HOLDS_OBJECT (node))
        json_array_add_element (copy, json_node_copy (node));
    }
  return copy;
}

static gboolean
save_local_array (TjStore    *store,
                  const char *id,
                  const char *member,
                  JsonArray  *array,
                  GError    **error)
{
  g_autoptr(JsonObject) doc = json_object_new ();

  json_object_set_array_member (doc, member, json_array_ref (array));
  return tj_store_put_local (store, id, doc, error);
}

JsonArray *
tj_sync_history_load (TjStore *store,
                      GError **error)
{
  g_return_val_if_fail (TJ_IS_STORE (store), NULL);
  return load_local_array (store, HISTORY_ID, "runs", error);
}

gboolean
tj_sync_history_append (TjStore    *store,
                        JsonObject *entry,
                        GError    **error)
{
  g_autoptr(JsonArray) runs = NULL;
  g_autoptr(JsonArray) kept = json_array_new ();

  g_return_val_if_fail (TJ_IS_STORE (store), FALSE);
  g_return_val_if_fail (entry != NULL, FALSE);

  runs = tj_sync_history_load (store, error);
  if (runs == NULL)
    return FALSE;
  json_array_add_object_element (kept, json_object_ref (entry));
  for (guint i = 0; i < json_array_get_length (runs) && json_array_get_length (kept) < HISTORY_MAX; i++)
    json_array_add_element (kept, json_node_copy (json_array_get_element (runs, i)));
  return save_local_array (store, HISTORY_ID, "runs", kept, error);
}

JsonArray *
tj_sync_dispatched_list (TjStore *store,
                         GError **error)
{
  g_autoptr(JsonArray) all = NULL;
  JsonArray *unseen;

  g_return_val_if_fail (TJ_IS_STORE (store), NULL);

  all = load_local_array (store, DISPATCHED_ID, "cases", error);
  if (all == NULL)
    return NULL;
  unseen = json_array_new ();
  for (guint i = 0; i < json_array_get_length (all); i++)
    {
      JsonObject *item = json_array_get_object_element (all, i);
      if (!tj_json_get_bool (item, "seen", FALSE))
        {
          JsonObject *copy = json_object_new ();
          json_object_set_string_member (copy, "id", tj_json_get_string (item, "id", ""));
          json_object_set_string_member (copy, "title", tj_json_get_string (item, "title", ""));
          json_object_set_string_member (copy, "number", tj_json_get_string (item, "number", ""));
          json_object_set_string_member (copy, "arrived_at", tj_json_get_string (item, "arrived_at", ""));
          json_array_add_object_element (unseen, copy);
        }
    }
  return unseen;
}

gboolean
tj_sync_dispatched_mark_seen (TjStore    *store,
                              const char *case_id,
                              GError    **error)
{
  g_autoptr(JsonArray) all = NULL;
  gboolean changed = FALSE;

  g_return_val_if_fail (TJ_IS_STORE (store), FALSE);
  g_return_val_if_fail (case_id != NULL, FALSE);

  all = load_local_array (store, DISPATCHED_ID, "cases", error);
  if (all == NULL)
    return FALSE;
  for (guint i = 0; i < json_array_get_length (all); i++)
    {
      JsonObject *item = json_array_get_object_element (all, i);
      if (g_strcmp0 (tj_json_get_string (item, "id", NULL), case_id) == 0 &&
          !tj_json_get_bool (item, "seen", FALSE))
        {
          json_object_set_boolean_member (item, "seen", TRUE);
          changed = TRUE;
        }
    }
  return !changed || save_local_array (store, DISPATCHED_ID, "cases", all, error);
}

JsonArray *
tj_sync_dispatched_collect (TjStore *store,
                            gint64   since,
                            GError **error)
{
  g_autoptr(JsonArray) known = NULL;
  g_autoptr(JsonArray) kept = NULL;
  g_autoptr(JsonObject) changes = NULL;
  g_autoptr(JsonArray) found = json_array_new ();
  g_autofree char *arrived_at = now_iso ();
  g_autoptr(GHashTable) known_ids = g_hash_table_new (g_str_hash, g_str_equal);
  JsonArray *results;

  g_return_val_if_fail (TJ_IS_STORE (store), NULL);

  known = load_local_array (store, DISPATCHED_ID, "cases", error);
  if (known == NULL)
    return NULL;
  for (guint i = 0; i < json_array_get_length (known); i++)
    g_hash_table_add (known_ids, (gpointer) tj_json_get_string (json_array_get_object_element (known, i), "id", ""));

  changes = tj_store_changes (store, since, 0, error);
  if (changes == NULL)
    return NULL;
  results = tj_json_get_array (changes, "results");
  for (guint i = 0; results && i < json_array_get_length (results); i++)
    {
      const char *id = tj_json_get_string (json_array_get_object_element (results, i), "id", NULL);
      g_autoptr(JsonObject) doc = NULL;
      JsonObject *item;

      if (id == NULL || g_hash_table_contains (known_ids, id))
        continue;
      doc = tj_store_get (store, id, NULL, TJ_GET_NONE, NULL);
      /* Only new dispatches: a hotline case already being worked on that
       * merely changed on the server is not news. */
      if (doc == NULL || g_strcmp0 (tj_json_get_string (doc, "type", NULL), "case") != 0 ||
          g_strcmp0 (tj_json_get_string (doc, "source", NULL), "hotline") != 0 ||
          g_strcmp0 (tj_json_get_string (doc, "status", "intake"), "intake") != 0)
        continue;
      item = json_object_new ();
      json_object_set_string_member (item, "id", id);
      json_object_set_string_member (item, "title", tj_json_get_string (doc, "title", ""));
      json_object_set_string_member (item, "number", tj_json_get_string (doc, "number", ""));
      json_object_set_string_member (item, "arrived_at", arrived_at);
      json_array_add_object_element (found, item);
    }
  if (json_array_get_length (found) == 0)
    return g_steal_pointer (&found);

  kept = json_array_new ();
  for (guint i = 0; i < json_array_get_length (found); i++)
    json_array_add_element (kept, json_node_copy (json_array_get_element (found, i)));
  for (guint i = 0; i < json_array_get_length (known) && json_array_get_length (kept) < DISPATCHED_MAX; i++)
    json_array_add_element (kept, json_node_copy (json_array_get_element (known, i)));
  if (!save_local_array (store, DISPATCHED_ID, "cases", kept, error))
    return NULL;
  return g_steal_pointer (&found);
}

/* ------------------------------------------------------------------ */
/* A run, in its thread                                                 */
/* ------------------------------------------------------------------ */

typedef struct
{
  char          *path;
  TjSyncAccount *account;
  JsonObject    *entry;       /* the history entry, always */
  JsonArray     *dispatched;
  GError        *error;       /* why the run failed */
} RunData;

static void
run_data_free (RunData *data)
{
  g_free (data->path);
  g_clear_object (&data->account);
  g_clear_pointer (&data->entry, json_object_unref);
  g_clear_pointer (&data->dispatched, json_array_unref);
  g_clear_error (&data->error);
  g_free (data);
}

static gboolean
attach_indexers (TjStore  *store,
                 GError  **error)
{
  /* Replicated documents must reach the case list, the arrears overview
   * and the statistics in the same write, as local edits do. */
  return tj_repository_attach_indexes (store, error);
}

/* "〔2026〕海调字第0007号 东方电子厂——拖欠工资" for a case or a document
 * of one; the id when it belongs to none. */
static char *
kept_label (TjStore    *store,
            const char *id)
{
  g_autoptr(JsonObject) doc = tj_store_get (store, id, NULL, TJ_GET_NONE, NULL);
  g_autoptr(JsonObject) case_doc = NULL;
  const char *case_id;

  if (doc == NULL)
    return g_strdup (id);
  case_id = g_strcmp0 (tj_json_get_string (doc, "type", NULL), "case") == 0
            ? id : tj_json_get_string (doc, "case_id", NULL);
  if (case_id == NULL)
    return g_strdup (id);
  case_doc = g_strcmp0 (case_id, id) == 0 ? json_object_ref (doc)
                                          : tj_store_get (store, case_id, NULL, TJ_GET_NONE, NULL);
  if (case_doc == NULL || tj_json_get_string (case_doc, "number", NULL) == NULL)
    return g_strdup (id);
  return g_strdup_printf ("%s %s", tj_json_get_string (case_doc, "number", ""),
                          tj_json_get_string (case_doc, "title", ""));
}

static void
run_thread (GTask        *task,
            gpointer      source,
            gpointer      task_data,
            GCancellable *cancellable)
{
  RunData *data = task_data;
  g_autoptr(TjStore) store = NULL;
  g_autoptr(TjReplicator) replicator = NULL;
  g_autoptr(JsonObject) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *finished = NULL;
  JsonObject *entry = data->entry;
  gint64 before = 0;

  store = tj_store_open (data->path, &error);
  if (store && attach_indexers (store, &error))
    {
      before = tj_store_get_update_seq (store);
      replicator = tj_sync_account_create_replicator (data->account, store, cancellable);
      /* A short inner retry: the scheduler's own back-off takes over
       * after that, without holding a thread for minutes. */
      tj_replicator_set_retry (replicator, 500, 2);
      result = tj_replicator_run (replicator, cancellable, &error);
    }

  finished = now_iso ();
  json_object_set_string_member (entry, "finished_at", finished);
  json_object_set_boolean_member (entry, "ok", result != NULL);
  if (result)
    {
      JsonArray *denied = tj_json_get_array (result, "denied");
      JsonArray *ids = json_array_new ();
      JsonNode *push_seq = json_object_get_member (result, "push_seq");

      json_object_set_int_member (entry, "pulled", tj_json_get_int (result, "pulled", 0));
      json_object_set_int_member (entry, "pushed", tj_json_get_int (result, "pushed", 0));
      json_object_set_int_member (entry, "conflicts", tj_json_get_int (result, "conflicts", 0));
      json_object_set_int_member (entry, "denied", denied ? json_array_get_length (denied) : 0);
      for (guint i = 0; denied && i < json_array_get_length (denied) && i < 20; i++)
        {
          JsonNode *node = json_array_get_element (denied, i);
          if (JSON_NODE_HOLDS_OBJECT (node))
            json_array_add_string_element (ids, tj_json_get_string (json_node_get_object (node), "id", ""));
        }
      json_object_set_array_member (entry, "denied_ids", ids);
      /* Revisions that could not be taken or sent (damaged, refused by
       * the local store, unreadable): offered again on every run, and
       * counted on every run until they go through. */
      {
        JsonArray *errors = tj_json_get_array (result, "errors");
        JsonArray *error_ids = json_array_new ();
        for (guint i = 0; errors && i < json_array_get_length (errors) && i < 20; i++)
          {
            JsonNode *node = json_array_get_element (errors, i);
            if (JSON_NODE_HOLDS_OBJECT (node))
              json_array_add_string_element (error_ids, tj_json_get_string (json_node_get_object (node), "id", ""));
          }
        json_object_set_int_member (entry, "errors", errors ? json_array_get_length (errors) : 0);
        json_object_set_array_member (entry, "error_ids", error_ids);
      }
      /* Deletions an edit overruled (docs/SYNC.md: shown, not hidden), named
       * as the mediator knows them: by the case they belong to. */
      {
        JsonArray *kept = tj_json_get_array (result, "kept");
        JsonArray *kept_ids = json_array_new ();
        JsonArray *kept_labels = json_array_new ();
        for (guint i = 0; kept && i < json_array_get_length (kept) && i < 20; i++)
          {
            JsonNode *node = json_array_get_element (kept, i);
            const char *id = JSON_NODE_HOLDS_OBJECT (node) ? tj_json_get_string (json_node_get_object (node), "id", "") : "";
            g_autofree char *label = kept_label (store, id);
            json_array_add_string_element (kept_ids, id);
            json_array_add_string_element (kept_labels, label);
          }
        json_object_set_int_member (entry, "kept", kept ? json_array_get_length (kept) : 0);
        json_object_set_array_member (entry, "kept_ids", kept_ids);
        json_object_set_array_member (entry, "kept_labels", kept_labels);
      }
      /* The local sequence the push reached: what "pending" counts from. */
      if (push_seq && JSON_NODE_HOLDS_VALUE (push_seq) &&
          json_node_get_value_type (push_seq) == G_TYPE_INT64)
        json_object_set_int_member (entry, "local_seq", json_node_get_int (push_seq));
      else
        json_object_set_int_member (entry, "local_seq", tj_store_get_update_seq (store));

      data->dispatched = tj_sync_dispatched_collect (store, before, &error);
      if (data->dispatched == NULL)
        {
          g_warning ("Could not record the dispatched cases: %s", error->message);
          g_clear_error (&error);
        }
      json_object_set_int_member (entry, "dispatched",
                                  data->dispatched ? json_array_get_length (data->dispatched) : 0);
    }
  else
    {
      json_object_set_string_member (entry, "error", error->message);
      json_object_set_string_member (entry, "error_kind",
                                     error->domain == TJ_ERROR && error->code == TJ_ERROR_DENIED ? "denied" :
                                     error->domain == TJ_ERROR && error->code == TJ_ERROR_NETWORK ? "network" :
                                     g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) ? "cancelled" :
                                     "other");
      data->error = g_steal_pointer (&error);
    }

  if (store)
    {
      g_autoptr(GError) history_error = NULL;
      if (!tj_sync_history_append (store, entry, &history_error))
        g_warning ("Could not record the sync run: %s", history_error->message);
    }
  g_task_return_boolean (task, TRUE);
}

/* ------------------------------------------------------------------ */
/* Deciding, on the main thread                                         */
/* ------------------------------------------------------------------ */

static void
set_state (TjSyncScheduler *self,
           TjSyncState      state,
           const char      *error)
{
  GObject *object = G_OBJECT (self);

  g_object_freeze_notify (object);
  if (self->state != state)
    {
      self->state = state;
      g_object_notify_by_pspec (object, properties[PROP_STATE]);
    }
  if (g_strcmp0 (self->error, error) != 0)
    {
      g_free (self->error);
      self->error = g_strdup (error);
      g_object_notify_by_pspec (object, properties[PROP_ERROR]);
    }
  g_object_thaw_notify (object);
}

static gint64
last_synced_seq (TjSyncScheduler *self)
{
  g_autoptr(JsonArray) runs = tj_sync_history_load (self->store, NULL);

  for (guint i = 0; runs && i < json_array_get_length (runs); i++)
    {
      JsonObject *run = json_array_get_object_element (runs, i);
      if (tj_json_get_bool (run, "ok", FALSE))
        return tj_json_get_int (run, "local_seq", 0);
    }
  return 0;
}

static void
count_pending (TjSyncScheduler *self)
{
  g_autoptr(JsonObject) changes = NULL;
  g_autoptr(GError) error = NULL;
  guint pending = 0;

  /* Without an account nothing waits; and the count is capped so that a
   * large database that never synced costs one bounded query per change,
   * on the main thread. */
  if (!tj_sync_account_is_configured (self->account))
    changes = NULL;
  else if ((changes = tj_store_changes (self->store, last_synced_seq (self), PENDING_MAX, &error)) == NULL)
    g_warning ("Could not count the changes waiting for sync: %s", error->message);
  if (changes)
    {
      JsonArray *results = tj_json_get_array (changes, "results");
      pending = results ? json_array_get_length (results) : 0;
    }

  if (pending != self->pending)
    {
      self->pending = pending;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PENDING]);
    }
}

/* The state when no run is in progress, from the last run and the count. */
static void
update_idle_state (TjSyncScheduler *self)
{
  const char *error;

  if (self->running)
    return;
  if (!tj_sync_account_is_configured (self->account))
    {
      set_state (self, TJ_SYNC_STATE_DISABLED, NULL);
      return;
    }
  if (self->last_run == NULL)
    {
      set_state (self, tj_sync_account_get_enabled (self->account) ? TJ_SYNC_STATE_PENDING
                                                                    : TJ_SYNC_STATE_DISABLED, NULL);
      return;
    }
  if (!tj_json_get_bool (self->last_run, "ok", FALSE))
    {
      error = tj_json_get_string (self->last_run, "error", "");
      if (!self->network_available && g_strcmp0 (tj_json_get_string (self->last_run, "error_kind", ""), "network") == 0)
        set_state (self, TJ_SYNC_STATE_OFFLINE, error);
      else if (g_strcmp0 (tj_json_get_string (self->last_run, "error_kind", ""), "cancelled") == 0)
        set_state (self, self->pending ? TJ_SYNC_STATE_PENDING : TJ_SYNC_STATE_SYNCED, NULL);
      else
        set_state (self, TJ_SYNC_STATE_ERROR, error);
      return;
    }
  set_state (self, self->pending ? TJ_SYNC_STATE_PENDING : TJ_SYNC_STATE_SYNCED, NULL);
}

static void
load_last_run (TjSyncScheduler *self)
{
  g_autoptr(JsonArray) runs = tj_sync_history_load (self->store, NULL);

  g_clear_pointer (&self->last_run, json_object_unref);
  if (runs && json_array_get_length (runs) > 0)
    self->last_run = json_object_ref (json_array_get_object_element (runs, 0));
}

static gboolean
automatic (TjSyncScheduler *self)
{
  return self->started && tj_sync_account_get_enabled (self->account) &&
         tj_sync_account_is_configured (self->account);
}

static gboolean
in_backoff (TjSyncScheduler *self)
{
  return self->backoff_until > g_get_monotonic_time ();
}

static void
run_done_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(TjSyncScheduler) self = user_data;
  RunData *data = g_task_get_task_data (G_TASK (result));

  self->running = FALSE;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);
  g_clear_pointer (&self->last_run, json_object_unref);
  self->last_run = json_object_ref (data->entry);

  if (data->error == NULL)
    {
      self->failures = 0;
      self->backoff_until = 0;
    }
  else if (!g_error_matches (data->error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      /* 30 s, 1 min, 2 min… capped at 30 min, ±20 % so that stations that
       * lost the server together do not come back together. */
      guint delay = self->backoff_base;
      for (guint i = 0; i < self->failures && delay < BACKOFF_MAX; i++)
        delay *= 2;
      delay = MIN (delay, BACKOFF_MAX);
      delay = (guint) (delay * g_random_double_range (0.8, 1.2));
      self->failures++;
      self->backoff_until = g_get_monotonic_time () + (gint64) delay * G_USEC_PER_SEC;
      g_debug ("Sync failed (%s); next automatic attempt in %u s", data->error->message, delay);
      if (automatic (self))
        schedule_run (self, delay);
    }

  self->seen_seq = tj_store_get_update_seq (self->store);
  count_pending (self);
  update_idle_state (self);

  g_signal_emit (self, signals[RUN_FINISHED], 0, data->entry);
  if (data->dispatched && json_array_get_length (data->dispatched) > 0)
    g_signal_emit (self, signals[CASES_DISPATCHED], 0, data->dispatched);

  if (self->again && data->error == NULL && self->started)
    {
      self->again = FALSE;
      schedule_run (self, 1);
    }
}

static void
start_run (TjSyncScheduler *self)
{
  g_autoptr(GTask) task = NULL;
  g_autofree char *started = now_iso ();
  RunData *data;

  if (self->running)
    {
      self->again = TRUE;
      return;
    }
  if (!tj_sync_account_is_configured (self->account))
    return;

  g_clear_handle_id (&self->run_source, g_source_remove);
  if (self->cancellable == NULL || g_cancellable_is_cancelled (self->cancellable))
    {
      g_clear_object (&self->cancellable);
      self->cancellable = g_cancellable_new ();
    }

  data = g_new0 (RunData, 1);
  data->path = g_strdup (tj_store_get_path (self->store));
  data->account = g_object_ref (self->account);
  data->entry = json_object_new ();
  json_object_set_string_member (data->entry, "started_at", started);

  self->running = TRUE;
  self->again = FALSE;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);
  set_state (self, TJ_SYNC_STATE_SYNCING, NULL);

  task = g_task_new (self, self->cancellable, run_done_cb, g_object_ref (self));
  g_task_set_source_tag (task, start_run);
  g_task_set_task_data (task, data, (GDestroyNotify) run_data_free);
  g_task_run_in_thread (task, run_thread);
}

static gboolean
run_timeout_cb (gpointer user_data)
{
  TjSyncScheduler *self = user_data;

  self->run_source = 0;
  if (automatic (self))
    start_run (self);
  return G_SOURCE_REMOVE;
}

/* Runs in @seconds unless a run is due sooner already. */
static void
schedule_run (TjSyncScheduler *self,
              guint            seconds)
{
  if (self->run_source != 0)
    return;
  self->run_source = g_timeout_add_seconds (seconds, run_timeout_cb, self);
}

/* Documents were written, here, by the CLI or by a run: what was not seen
 * yet (a run's own writes were, when it finished) waits to be pushed. */
static void
repository_changed_cb (TjSyncScheduler *self)
{
  gint64 seq = tj_store_get_update_seq (self->store);

  if (!self->started || seq == self->seen_seq)
    return;
  self->seen_seq = seq;
  count_pending (self);
  update_idle_state (self);
  if (self->running)
    {
      if (self->pending > 0)
        self->again = TRUE;
    }
  else if (self->pending > 0 && automatic (self) && !in_backoff (self))
    schedule_run (self, self->change_delay);
}

static gboolean
periodic_cb (gpointer user_data)
{
  TjSyncScheduler *self = user_data;

  if (automatic (self) && !in_backoff (self))
    start_run (self);
  return G_SOURCE_CONTINUE;
}

static void
network_changed_cb (GNetworkMonitor *monitor,
                    gboolean         available,
                    TjSyncScheduler *self)
{
  gboolean came_back = available && !self->network_available;

  self->network_available = available;
  if (came_back)
    {
      /* The reason for the failures may be gone: try at once. */
      self->failures = 0;
      self->backoff_until = 0;
      g_clear_handle_id (&self->run_source, g_source_remove);
      if (automatic (self))
        schedule_run (self, 1);
    }
  update_idle_state (self);
}

static void
account_changed_cb (TjSyncAccount   *account,
                    TjSyncScheduler *self)
{
  self->failures = 0;
  self->backoff_until = 0;
  g_clear_handle_id (&self->run_source, g_source_remove);
  count_pending (self);
  update_idle_state (self);
  if (automatic (self))
    schedule_run (self, 1);
}

/* ------------------------------------------------------------------ */
/* GObject                                                              */
/* ------------------------------------------------------------------ */

static void
tj_sync_scheduler_dispose (GObject *object)
{
  TjSyncScheduler *self = TJ_SYNC_SCHEDULER (object);

  tj_sync_scheduler_stop (self);
  if (self->account)
    g_signal_handlers_disconnect_by_data (self->account, self);
  if (self->monitor)
    g_signal_handlers_disconnect_by_data (self->monitor, self);
  g_clear_object (&self->monitor);
  g_clear_object (&self->account);
  if (self->repository)
    g_signal_handlers_disconnect_by_data (self->repository, self);
  g_clear_object (&self->store);
  g_clear_object (&self->repository);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->last_run, json_object_unref);
  g_clear_pointer (&self->error, g_free);

  G_OBJECT_CLASS (tj_sync_scheduler_parent_class)->dispose (object);
}

static void
tj_sync_scheduler_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  TjSyncScheduler *self = TJ_SYNC_SCHEDULER (object);

  switch (prop_id)
    {
    case PROP_STATE:
      g_value_set_int (value, self->state);
      break;
    case PROP_PENDING:
      g_value_set_uint (value, self->pending);
      break;
    case PROP_ERROR:
      g_value_set_string (value, self->error);
      break;
    case PROP_RUNNING:
      g_value_set_boolean (value, self->running);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tj_sync_scheduler_class_init (TjSyncSchedulerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = tj_sync_scheduler_dispose;
  object_class->get_property = tj_sync_scheduler_get_property;

  /* A plain int holding a TjSyncState (the core registers no enum types). */
  properties[PROP_STATE] =
    g_param_spec_int ("state", NULL, NULL, TJ_SYNC_STATE_DISABLED, TJ_SYNC_STATE_ERROR,
                      TJ_SYNC_STATE_DISABLED,
                      G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_PENDING] =
    g_param_spec_uint ("pending", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_ERROR] =
    g_param_spec_string ("error", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_RUNNING] =
    g_param_spec_boolean ("running", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * TjSyncScheduler::run-finished:
   * @entry: the history entry of the run (a #JsonObject)
   */
  signals[RUN_FINISHED] =
    g_signal_new ("run-finished", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 1, JSON_TYPE_OBJECT);

  /**
   * TjSyncScheduler::cases-dispatched:
   * @cases: the hotline cases that arrived (a #JsonArray of {"id",
   *   "title", "number", "arrived_at"})
   */
  signals[CASES_DISPATCHED] =
    g_signal_new ("cases-dispatched", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 1, JSON_TYPE_ARRAY);
}

static void
tj_sync_scheduler_init (TjSyncScheduler *self)
{
  self->interval = 300;
  self->change_delay = 5;
  self->backoff_base = 30;
  self->network_available = TRUE;
}

TjSyncScheduler *
tj_sync_scheduler_new (TjRepository  *repository,
                       TjSyncAccount *account)
{
  TjSyncScheduler *self;

  g_return_val_if_fail (TJ_IS_REPOSITORY (repository), NULL);
  g_return_val_if_fail (TJ_IS_SYNC_ACCOUNT (account), NULL);

  self = g_object_new (TJ_TYPE_SYNC_SCHEDULER, NULL);
  self->repository = g_object_ref (repository);
  self->store = g_object_ref (tj_repository_get_store (repository));
  self->account = g_object_ref (account);
  g_signal_connect (account, "changed", G_CALLBACK (account_changed_cb), self);
  g_signal_connect_swapped (repository, "changed", G_CALLBACK (repository_changed_cb), self);

  self->seen_seq = tj_store_get_update_seq (self->store);
  load_last_run (self);
  count_pending (self);
  update_idle_state (self);
  return self;
}

TjStore *
tj_sync_scheduler_get_store (TjSyncScheduler *self)
{
  g_return_val_if_fail (TJ_IS_SYNC_SCHEDULER (self), NULL);
  return self->store;
}

TjSyncAccount *
tj_sync_scheduler_get_account (TjSyncScheduler *self)
{
  g_return_val_if_fail (TJ_IS_SYNC_SCHEDULER (self), NULL);
  return self->account;
}

void
tj_sync_scheduler_set_timings (TjSyncScheduler *self,
                               guint            interval,
                               guint            change_delay,
                               guint            backoff)
{
  g_return_if_fail (TJ_IS_SYNC_SCHEDULER (self));

  self->interval = MAX (interval, 1);
  self->change_delay = change_delay;
  self->backoff_base = MAX (backoff, 1);
  if (self->periodic_source)
    {
      g_clear_handle_id (&self->periodic_source, g_source_remove);
      self->periodic_source = g_timeout_add_seconds (self->interval, periodic_cb, self);
    }
}

void
tj_sync_scheduler_start (TjSyncScheduler *self)
{
  g_return_if_fail (TJ_IS_SYNC_SCHEDULER (self));

  if (self->started)
    return;
  self->started = TRUE;

  if (self->monitor == NULL)
    {
      self->monitor = g_object_ref (g_network_monitor_get_default ());
      self->network_available = g_network_monitor_get_network_available (self->monitor);
      g_signal_connect (self->monitor, "network-changed", G_CALLBACK (network_changed_cb), self);
    }
  self->periodic_source = g_timeout_add_seconds (self->interval, periodic_cb, self);
  if (automatic (self))
    schedule_run (self, 1);
}

void
tj_sync_scheduler_stop (TjSyncScheduler *self)
{
  g_return_if_fail (TJ_IS_SYNC_SCHEDULER (self));

  self->started = FALSE;
  g_clear_handle_id (&self->periodic_source, g_source_remove);
  g_clear_handle_id (&self->run_source, g_source_remove);
  if (self->cancellable)
    g_cancellable_cancel (self->cancellable);
}

void
tj_sync_scheduler_sync_now (TjSyncScheduler *self)
{
  g_return_if_fail (TJ_IS_SYNC_SCHEDULER (self));

  self->backoff_until = 0;
  start_run (self);
}

TjSyncState
tj_sync_scheduler_get_state (TjSyncScheduler *self)
{
  g_return_val_if_fail (TJ_IS_SYNC_SCHEDULER (self), TJ_SYNC_STATE_DISABLED);
  return self->state;
}

guint
tj_sync_scheduler_get_pending (TjSyncScheduler *self)
{
  g_return_val_if_fail (TJ_IS_SYNC_SCHEDULER (self), 0);
  return self->pending;
}

const char *
tj_sync_scheduler_get_error (TjSyncScheduler *self)
{
  g_return_val_if_fail (TJ_IS_SYNC_SCHEDULER (self), NULL);
  return self->error;
}

JsonObject *
tj_sync_scheduler_get_last_run (TjSyncScheduler *self)
{
  g_return_val_if_fail (TJ_IS_SYNC_SCHEDULER (self), NULL);
  return self->last_run;
}
