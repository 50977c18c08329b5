/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The replicator object and one run: the server's address and identity,
 * pull then push, the result. The protocol itself lives in the other
 * tj-sync-*.c files listed in tj-replicator-private.h. */
#undef G_LOG_DOMAIN
#define G_LOG_DOMAIN "Tiaojie-Sync"

#include "tj-replicator-private.h"

#include <string.h>

#include "tj-centre.h"
#include "tj-i18n.h"

G_DEFINE_FINAL_TYPE (TjReplicator, tj_replicator, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_STORE,
  PROP_SERVER_URL,
  PROP_DATABASE,
  PROP_USER,
  PROP_PASSWORD,
  PROP_DIRECTION,
  PROP_BATCH_SIZE,
  PROP_PINNED_CERTIFICATE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  SIGNAL_PROGRESS,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

const char *
tj_sync_direction_to_string (TjSyncDirection direction)
{
  switch (direction)
    {
    case TJ_SYNC_PUSH:
      return "push";
    case TJ_SYNC_PULL:
      return "pull";
    case TJ_SYNC_BOTH:
    default:
      return "both";
    }
}

gboolean
tj_sync_direction_from_string (const char      *text,
                               TjSyncDirection *out_direction)
{
  if (g_strcmp0 (text, "both") == 0)
    *out_direction = TJ_SYNC_BOTH;
  else if (g_strcmp0 (text, "push") == 0)
    *out_direction = TJ_SYNC_PUSH;
  else if (g_strcmp0 (text, "pull") == 0)
    *out_direction = TJ_SYNC_PULL;
  else
    return FALSE;
  return TRUE;
}

gboolean
tj_sync_valid_database_name (const char *name)
{
  if (name == NULL || !g_ascii_islower (name[0]) || strlen (name) > 238)
    return FALSE;
  for (const char *p = name; *p; p++)
    if (!g_ascii_islower (*p) && !g_ascii_isdigit (*p) && strchr ("_$()+/-", *p) == NULL)
      return FALSE;
  return TRUE;
}

/* ------------------------------------------------------------------ */
/* Progress                                                             */
/* ------------------------------------------------------------------ */

typedef struct
{
  TjReplicator *self;
  guint         pulled;
  guint         pushed;
} Progress;

static gboolean
emit_progress_cb (gpointer data)
{
  Progress *p = data;

  g_signal_emit (p->self, signals[SIGNAL_PROGRESS], 0, p->pulled, p->pushed);
  return G_SOURCE_REMOVE;
}

static void
progress_free (gpointer data)
{
  Progress *p = data;

  g_object_unref (p->self);
  g_free (p);
}

void
_tj_replicator_report_progress (TjSyncRun *run)
{
  Progress *p = g_new0 (Progress, 1);

  p->self = g_object_ref (run->self);
  p->pulled = run->pulled;
  p->pushed = run->pushed;
  if (run->progress_context)
    g_main_context_invoke_full (run->progress_context, G_PRIORITY_DEFAULT,
                                emit_progress_cb, p, progress_free);
  else
    {
      emit_progress_cb (p);
      progress_free (p);
    }
}

JsonObject *
_tj_replicator_push_changes (TjSyncRun  *run,
                             gint64      since,
                             guint       limit,
                             GError    **error)
{
  TjReplicator *self = run->self;

  if (self->push_filter)
    return self->push_filter (run->store, since, limit, self->push_filter_data, error);
  return tj_store_changes (run->store, since, limit, error);
}

/* ------------------------------------------------------------------ */
/* A run                                                                */
/* ------------------------------------------------------------------ */

static void
run_clear (TjSyncRun *run)
{
  g_clear_pointer (&run->worker, _tj_sync_worker_free);
  g_clear_object (&run->session);
  g_clear_pointer (&run->base, g_free);
  g_clear_pointer (&run->db_path, g_free);
  g_clear_pointer (&run->user, g_free);
  g_clear_pointer (&run->password, g_free);
  g_clear_pointer (&run->basic_auth, g_free);
  g_clear_pointer (&run->local_uuid, g_free);
  g_clear_pointer (&run->server_uuid, g_free);
  g_clear_pointer (&run->source_seq, json_node_unref);
  g_clear_pointer (&run->pull_seq, json_node_unref);
  g_clear_pointer (&run->push_seq, json_node_unref);
  g_clear_pointer (&run->denied, json_array_unref);
  g_clear_pointer (&run->errors, json_array_unref);
  g_clear_pointer (&run->kept, json_array_unref);
}

/* Split the configured URL: credentials in it ("https://u:p@host/") are
 * used, but never kept in the URL that appears in messages. */
static gboolean
parse_server (TjSyncRun  *run,
              GError    **error)
{
  TjReplicator *self = run->self;
  g_autofree char *scheme = NULL, *user = NULL, *password = NULL, *host = NULL, *path = NULL;
  int port = -1;
  g_autofree char *trimmed = NULL;

  if (self->server_url == NULL ||
      !g_uri_split_with_user (self->server_url, G_URI_FLAGS_HAS_PASSWORD | G_URI_FLAGS_ENCODED_PATH,
                              &scheme, &user, &password, NULL, &host, &port, &path, NULL, NULL, NULL) ||
      scheme == NULL || host == NULL || *host == '\0' ||
      (g_ascii_strcasecmp (scheme, "http") != 0 && g_ascii_strcasecmp (scheme, "https") != 0))
    {
      g_set_error (error, TJ_ERROR, TJ_ERROR_INVALID,
                   _("The server address “%s” is not an http:// or https:// URL"),
                   self->server_url ? self->server_url : "");
      return FALSE;
    }
  if (!tj_sync_valid_database_name (self->database))
    {
      g_set_error (error, TJ_ERROR, TJ_ERROR_INVALID,
                   _("“%s” is not a valid database name (lower-case letters, digits and _$()+-/, starting with a letter)"),
                   self->database ? self->database : "");
      return FALSE;
    }

  trimmed = g_strdup (path ? path : "");
  while (*trimmed && trimmed[strlen (trimmed) - 1] == '/')
    trimmed[strlen (trimmed) - 1] = '\0';
  run->base = g_uri_join (G_URI_FLAGS_ENCODED_PATH, scheme, NULL, host, port, trimmed, NULL, NULL);
  {
    g_autofree char *escaped = _tj_sync_escape (self->database);
    run->db_path = g_strconcat ("/", escaped, NULL);
  }
  run->user = g_strdup (self->user && *self->user ? self->user : user);
  run->password = g_strdup (self->user && *self->user ? self->password : password);
  if (run->user && *run->user == '\0')
    g_clear_pointer (&run->user, g_free);
  return TRUE;
}

static gboolean
check_server (JsonNode  *reply,
              gpointer   data,
              GError   **error)
{
  const char *uuid;

  return _tj_sync_parse_server (reply, &uuid, error);
}

static gboolean
check_database (JsonNode  *reply,
                gpointer   data,
                GError   **error)
{
  g_autofree char *what = g_strdup_printf ("GET %s", (const char *) data);
  JsonNode *update_seq;
  gboolean empty;

  return _tj_sync_parse_database (reply, what, &update_seq, &empty, error);
}

static JsonObject *
run_with_store (TjReplicator    *self,
                TjStore         *store,
                TjSyncDirection  direction,
                GMainContext    *progress_context,
                GCancellable    *cancellable,
                GError         **error)
{
  TjSyncRun run = { 0 };
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(JsonNode) db_info = NULL;
  g_autoptr(JsonArray) conflicts = NULL;
  JsonObject *result = NULL;
  TjSyncPending *db_pending = NULL;
  const char *uuid;
  JsonNode *update_seq;
  guint status;

  run.self = self;
  run.store = store;
  run.cancellable = cancellable;
  run.progress_context = progress_context;
  run.denied = json_array_new ();
  run.errors = json_array_new ();
  run.kept = json_array_new ();

  /* A centre holds every station's cases: a run without the centre's
   * push filter would send them all into one station's database, and its
   * pull would count a station's documents as the centre's own. */
  if (self->push_filter == NULL && tj_centre_is_centre (store))
    {
      g_set_error (error, TJ_ERROR, TJ_ERROR_INVALID,
                   _("This database is a centre: it syncs with each station’s database only through the centre "
                     "sync (tiaojie-cli centre sync, or Sync Stations in the Centre section), which gives each "
                     "station only its own cases"));
      goto out;
    }

  if (!parse_server (&run, error))
    goto out;

  run.timeout = (gint64) self->timeout_seconds * G_USEC_PER_SEC;
  run.idle_timeout = MAX (1, self->timeout_seconds / 3);
  run.session = _tj_sync_session_new (run.idle_timeout);
  soup_session_add_feature_by_type (run.session, SOUP_TYPE_COOKIE_JAR);

  run.local_uuid = g_strdup (tj_store_get_uuid (store));
  if (run.local_uuid == NULL)
    {
      g_set_error (error, TJ_ERROR, TJ_ERROR_CORRUPT, _("The local database has no identifier"));
      goto out;
    }

  if (run.user && !_tj_sync_login (&run, error))
    goto out;

  /* GET /db travels (and the worker threads connect) while GET / is
   * asked: on a slow link every round trip before the first page counts. */
  db_pending = _tj_sync_pending_start (&run, "GET", run.db_path, NULL);

  /* The server's uuid, for the replication id. A server without one (old
   * CouchDB behind some proxies) is known by its address instead. */
  if (!_tj_sync_request_ok (&run, "GET", "/", NULL, check_server, NULL, &root, error) ||
      !_tj_sync_parse_server (root, &uuid, error))
    goto out;
  run.server_uuid = g_strdup (uuid ? uuid : run.base);

  if (!_tj_sync_pending_finish (&run, g_steal_pointer (&db_pending), check_database, run.db_path,
                                &status, &db_info, error))
    goto out;
  if (status == SOUP_STATUS_NOT_FOUND)
    {
      g_set_error (error, TJ_ERROR, TJ_ERROR_NOT_FOUND,
                   _("The database “%s” does not exist on %s"), self->database, run.base);
      goto out;
    }
  if (!SOUP_STATUS_IS_SUCCESSFUL (status))
    {
      g_autofree char *what = g_strdup_printf ("GET %s", run.db_path);
      _tj_sync_status_error (error, what, status, db_info);
      goto out;
    }
  /* Pushing into a database that held nothing (a new station's first
   * push), every revision is missing: asking _revs_diff about each batch
   * would only cost the server time. Sending a revision someone else wrote
   * meanwhile is harmless (new_edits=false keeps what is there), and no
   * attachment is stubbed without an answer from _revs_diff. (PouchDB
   * Server does not count deleted documents; a tombstone there only means
   * one revision sent in vain.) */
  if (!_tj_sync_parse_database (db_info, run.db_path, &update_seq, &run.target_was_empty, error))
    goto out;
  run.source_seq = json_node_copy (update_seq);

  g_mutex_lock (&self->mutex);
  g_free (self->local_uuid);
  self->local_uuid = g_strdup (run.local_uuid);
  g_free (self->server_uuid);
  self->server_uuid = g_strdup (run.server_uuid);
  g_mutex_unlock (&self->mutex);

  /* Pull first: conflicts it creates locally are pushed in the same run,
   * so the server holds them too. */
  if (direction != TJ_SYNC_PUSH && !_tj_sync_pull (&run, error))
    goto out;
  if (direction != TJ_SYNC_PULL && !_tj_sync_push (&run, error))
    goto out;

  conflicts = tj_store_list_conflicts (store, error);
  if (conflicts == NULL)
    goto out;

  result = json_object_new ();
  json_object_set_int_member (result, "pulled", run.pulled);
  json_object_set_int_member (result, "pushed", run.pushed);
  json_object_set_int_member (result, "conflicts", json_array_get_length (conflicts));
  json_object_set_array_member (result, "denied", json_array_ref (run.denied));
  json_object_set_array_member (result, "errors", json_array_ref (run.errors));
  json_object_set_array_member (result, "kept", json_array_ref (run.kept));
  json_object_set_member (result, "source_seq", json_node_copy (run.source_seq));
  json_object_set_member (result, "pull_seq",
                          run.pull_seq ? json_node_copy (run.pull_seq) : json_node_new (JSON_NODE_NULL));
  json_object_set_member (result, "push_seq",
                          run.push_seq ? json_node_copy (run.push_seq) : json_node_new (JSON_NODE_NULL));
  json_object_set_int_member (result, "docs_read", run.docs_read);
  json_object_set_int_member (result, "docs_written", run.docs_written);

out:
  if (db_pending)
    _tj_sync_pending_free (&run, db_pending);
  run_clear (&run);
  /* A reply too deep to parse that no step could split or do without is
   * one more malformed reply for whoever asked for the run. */
  if (result == NULL && error && *error && (*error)->domain == TJ_SYNC_TOO_DEEP_ERROR)
    {
      /* A new error, not a changed domain: TJ_ERROR is an extended domain
       * (tj-error.c), whose errors carry data another domain's lack. */
      GError *deep = g_steal_pointer (error);

      g_set_error_literal (error, TJ_ERROR, TJ_ERROR_NETWORK, deep->message);
      g_error_free (deep);
    }
  return result;
}

/* One pull on @store (a connection of the caller's thread), whatever the
 * replicator's direction: retention pulls before it archives. */
JsonObject *
_tj_replicator_pull_with_store (TjReplicator  *self,
                                TjStore       *store,
                                GCancellable  *cancellable,
                                GError       **error)
{
  JsonObject *result;

  if (!tj_sync_claim_run (&self->running, error))
    return NULL;
  result = run_with_store (self, store, TJ_SYNC_PULL, NULL, cancellable, error);
  g_atomic_int_set (&self->running, 0);
  return result;
}

/* A run for a few requests of another module (retention: tj-retention.c):
 * the server's address split, a session, the login, and GET /db, whose
 * 404 is TJ_ERROR_NOT_FOUND. Neither pulls nor pushes nor touches a
 * checkpoint. _tj_replicator_close_run() frees what it holds. */
gboolean
_tj_replicator_open_run (TjReplicator  *self,
                         TjStore       *store,
                         GCancellable  *cancellable,
                         TjSyncRun     *run,
                         GError       **error)
{
  g_autoptr(JsonNode) db_info = NULL;
  JsonNode *update_seq;
  guint status;

  memset (run, 0, sizeof *run);
  run->self = self;
  run->store = store;
  run->cancellable = cancellable;
  run->denied = json_array_new ();
  run->errors = json_array_new ();
  run->kept = json_array_new ();
  if (!parse_server (run, error))
    return FALSE;
  run->timeout = (gint64) self->timeout_seconds * G_USEC_PER_SEC;
  run->idle_timeout = MAX (1, self->timeout_seconds / 3);
  run->session = _tj_sync_session_new (run->idle_timeout);
  soup_session_add_feature_by_type (run->session, SOUP_TYPE_COOKIE_JAR);
  run->local_uuid = g_strdup (tj_store_get_uuid (store));
  if (run->user && !_tj_sync_login (run, error))
    return FALSE;
  if (!_tj_sync_request (run, "GET", run->db_path, NULL, check_database, run->db_path, &status, &db_info, error))
    return FALSE;
  if (status == SOUP_STATUS_NOT_FOUND)
    {
      g_set_error (error, TJ_ERROR, TJ_ERROR_NOT_FOUND,
                   _("The database “%s” does not exist on %s"), self->database, run->base);
      return FALSE;
    }
  if (!SOUP_STATUS_IS_SUCCESSFUL (status))
    {
      g_autofree char *what = g_strdup_printf ("GET %s", run->db_path);
      return _tj_sync_status_error (error, what, status, db_info);
    }
  return _tj_sync_parse_database (db_info, run->db_path, &update_seq, &run->target_was_empty, error);
}

void
_tj_replicator_close_run (TjSyncRun *run)
{
  run_clear (run);
}

gboolean
tj_sync_claim_run (gint    *flag,
                   GError **error)
{
  if (g_atomic_int_compare_and_exchange (flag, 0, 1))
    return TRUE;
  g_set_error (error, TJ_ERROR, TJ_ERROR_BUSY, _("A synchronisation is already running"));
  return FALSE;
}

void
tj_sync_run_in_thread (GTask           *task,
                       gint            *flag,
                       GTaskThreadFunc  func)
{
  GError *error = NULL;

  if (!tj_sync_claim_run (flag, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  g_task_set_task_data (task, g_main_context_ref_thread_default (), (GDestroyNotify) g_main_context_unref);
  g_task_run_in_thread (task, func);
}

void
tj_sync_return_run (GTask      *task,
                    gint       *flag,
                    JsonObject *result,
                    GError     *error)
{
  g_atomic_int_set (flag, 0);
  if (result)
    g_task_return_pointer (task, result, (GDestroyNotify) json_object_unref);
  else
    g_task_return_error (task, error);
}

/**
 * tj_replicator_run:
 * @self: a #TjReplicator
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for an error
 *
 * Replicates synchronously, with the replicator's own store, in the
 * calling thread (which must be the store's thread).
 *
 * Returns: (transfer full): the result object, or %NULL with @error set
 */
JsonObject *
tj_replicator_run (TjReplicator  *self,
                   GCancellable  *cancellable,
                   GError       **error)
{
  JsonObject *result;

  g_return_val_if_fail (TJ_IS_REPLICATOR (self), NULL);

  if (!tj_sync_claim_run (&self->running, error))
    return NULL;
  result = run_with_store (self, self->store, self->direction, NULL, cancellable, error);
  g_atomic_int_set (&self->running, 0);
  return result;
}

static void
run_thread (GTask        *task,
            gpointer      source_object,
            gpointer      task_data,
            GCancellable *cancellable)
{
  TjReplicator *self = source_object;
  GMainContext *context = task_data;
  g_autoptr(TjStore) store = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *result = NULL;

  store = tj_store_open (tj_store_get_path (self->store), &error);
  if (store && self->store_setup && !self->store_setup (store, self->store_setup_data, &error))
    g_clear_object (&store);
  if (store)
    result = run_with_store (self, store, self->direction, context, cancellable, &error);
  tj_sync_return_run (task, &self->running, result, g_steal_pointer (&error));
}

/**
 * tj_replicator_run_async:
 * @self: a #TjReplicator
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when the run ends
 * @user_data: data for @callback
 *
 * Replicates in a worker thread on a connection of its own to the store's
 * database file (see tj_replicator_set_store_setup()).
 */
void
tj_replicator_run_async (TjReplicator        *self,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (TJ_IS_REPLICATOR (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, tj_replicator_run_async);
  g_task_set_return_on_cancel (task, FALSE);
  tj_sync_run_in_thread (task, &self->running, run_thread);
}

/**
 * tj_replicator_run_finish:
 * @self: a #TjReplicator
 * @result: the #GAsyncResult
 * @error: return location for an error
 *
 * Returns: (transfer full): the result object, or %NULL with @error set
 */
JsonObject *
tj_replicator_run_finish (TjReplicator  *self,
                          GAsyncResult  *result,
                          GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == tj_replicator_run_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

char *
tj_replicator_dup_replication_id (TjReplicator    *self,
                                  TjSyncDirection  direction)
{
  char *id = NULL;

  g_return_val_if_fail (TJ_IS_REPLICATOR (self), NULL);
  g_return_val_if_fail (direction != TJ_SYNC_BOTH, NULL);

  g_mutex_lock (&self->mutex);
  if (self->local_uuid && self->server_uuid)
    id = _tj_sync_replication_id (self->local_uuid, self->server_uuid, self->database, direction,
                                  direction == TJ_SYNC_PUSH ? self->push_filter_name : NULL);
  g_mutex_unlock (&self->mutex);
  return id;
}

/* ------------------------------------------------------------------ */
/* GObject                                                              */
/* ------------------------------------------------------------------ */

TjReplicator *
tj_replicator_new (TjStore    *store,
                   const char *server_url,
                   const char *database,
                   const char *user,
                   const char *password)
{
  g_return_val_if_fail (TJ_IS_STORE (store), NULL);

  return g_object_new (TJ_TYPE_REPLICATOR,
                       "store", store,
                       "server-url", server_url,
                       "database", database,
                       "user", user,
                       "password", password,
                       NULL);
}

TjStore *
tj_replicator_get_store (TjReplicator *self)
{
  g_return_val_if_fail (TJ_IS_REPLICATOR (self), NULL);
  return self->store;
}

const char *
tj_replicator_get_server_url (TjReplicator *self)
{
  g_return_val_if_fail (TJ_IS_REPLICATOR (self), NULL);
  return self->server_url;
}

const char *
tj_replicator_get_database (TjReplicator *self)
{
  g_return_val_if_fail (TJ_IS_REPLICATOR (self), NULL);
  return self->database;
}

void
tj_replicator_set_direction (TjReplicator    *self,
                             TjSyncDirection  direction)
{
  g_return_if_fail (TJ_IS_REPLICATOR (self));
  if (self->direction == direction)
    return;
  self->direction = direction;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DIRECTION]);
}

TjSyncDirection
tj_replicator_get_direction (TjReplicator *self)
{
  g_return_val_if_fail (TJ_IS_REPLICATOR (self), TJ_SYNC_BOTH);
  return self->direction;
}

void
tj_replicator_set_batch_size (TjReplicator *self,
                              guint         batch_size)
{
  g_return_if_fail (TJ_IS_REPLICATOR (self));
  batch_size = CLAMP (batch_size, 1, TJ_REPLICATOR_MAX_BATCH);
  if (self->batch_size == batch_size)
    return;
  self->batch_size = batch_size;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BATCH_SIZE]);
}

void
tj_replicator_set_retry (TjReplicator *self,
                         guint         base_delay_ms,
                         guint         max_retries)
{
  g_return_if_fail (TJ_IS_REPLICATOR (self));
  self->retry_delay_ms = MIN (base_delay_ms, MAX_DELAY_MS);
  self->max_retries = MIN (max_retries, 30);
}

void
tj_replicator_set_timeout (TjReplicator *self,
                           guint         seconds)
{
  g_return_if_fail (TJ_IS_REPLICATOR (self));
  self->timeout_seconds = CLAMP (seconds, 1, MAX_TIMEOUT_SECONDS);
}

guint
tj_replicator_get_timeout (TjReplicator *self)
{
  g_return_val_if_fail (TJ_IS_REPLICATOR (self), DEFAULT_TIMEOUT_SECONDS);
  return self->timeout_seconds;
}

void
tj_replicator_set_pinned_certificate (TjReplicator    *self,
                                      GTlsCertificate *certificate)
{
  g_return_if_fail (TJ_IS_REPLICATOR (self));
  g_return_if_fail (certificate == NULL || G_IS_TLS_CERTIFICATE (certificate));
  if (g_set_object (&self->pinned_certificate, certificate))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PINNED_CERTIFICATE]);
}

void
tj_replicator_set_store_setup (TjReplicator           *self,
                               TjReplicatorStoreSetup  setup,
                               gpointer                user_data)
{
  g_return_if_fail (TJ_IS_REPLICATOR (self));
  self->store_setup = setup;
  self->store_setup_data = user_data;
}

/**
 * tj_replicator_set_push_filter:
 * @self: a #TjReplicator
 * @name: (nullable): the filter's name, part of the push replication id
 * @changes: (nullable): the filtered changes feed, %NULL for the whole one
 * @user_data: data for @changes
 * @destroy: (nullable): frees @user_data with the replicator or the next filter
 *
 * Pushes only the documents @changes lists (CouchDB's filtered
 * replication, for the centre's push to each station). Pull is not
 * filtered. @name must identify what the filter lets through: it goes
 * into the push replication id, so another filter (or none) never takes
 * over its checkpoints.
 */
void
tj_replicator_set_push_filter (TjReplicator        *self,
                               const char          *name,
                               TjReplicatorChanges  changes,
                               gpointer             user_data,
                               GDestroyNotify       destroy)
{
  g_return_if_fail (TJ_IS_REPLICATOR (self));
  g_return_if_fail ((changes == NULL) == (name == NULL));

  if (self->push_filter_destroy)
    self->push_filter_destroy (self->push_filter_data);
  g_free (self->push_filter_name);
  self->push_filter_name = g_strdup (name);
  self->push_filter = changes;
  self->push_filter_data = user_data;
  self->push_filter_destroy = destroy;
}

static void
tj_replicator_finalize (GObject *object)
{
  TjReplicator *self = TJ_REPLICATOR (object);

  if (self->push_filter_destroy)
    self->push_filter_destroy (self->push_filter_data);
  g_free (self->push_filter_name);

  g_clear_object (&self->store);
  g_clear_object (&self->pinned_certificate);
  g_free (self->server_url);
  g_free (self->database);
  g_free (self->user);
  if (self->password)
    memset (self->password, 0, strlen (self->password));
  g_free (self->password);
  g_free (self->local_uuid);
  g_free (self->server_uuid);
  g_mutex_clear (&self->mutex);

  G_OBJECT_CLASS (tj_replicator_parent_class)->finalize (object);
}

static void
tj_replicator_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  TjReplicator *self = TJ_REPLICATOR (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;
    case PROP_SERVER_URL:
      g_value_set_string (value, self->server_url);
      break;
    case PROP_DATABASE:
      g_value_set_string (value, self->database);
      break;
    case PROP_USER:
      g_value_set_string (value, self->user);
      break;
    case PROP_DIRECTION:
      g_value_set_int (value, self->direction);
      break;
    case PROP_BATCH_SIZE:
      g_value_set_uint (value, self->batch_size);
      break;
    case PROP_PINNED_CERTIFICATE:
      g_value_set_object (value, self->pinned_certificate);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tj_replicator_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  TjReplicator *self = TJ_REPLICATOR (object);

  switch (prop_id)
    {
    case PROP_STORE:
      self->store = g_value_dup_object (value);
      break;
    case PROP_SERVER_URL:
      self->server_url = g_value_dup_string (value);
      break;
    case PROP_DATABASE:
      self->database = g_value_dup_string (value);
      break;
    case PROP_USER:
      self->user = g_value_dup_string (value);
      break;
    case PROP_PASSWORD:
      self->password = g_value_dup_string (value);
      break;
    case PROP_DIRECTION:
      tj_replicator_set_direction (self, g_value_get_int (value));
      break;
    case PROP_BATCH_SIZE:
      tj_replicator_set_batch_size (self, g_value_get_uint (value));
      break;
    case PROP_PINNED_CERTIFICATE:
      tj_replicator_set_pinned_certificate (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tj_replicator_class_init (TjReplicatorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = tj_replicator_finalize;
  object_class->get_property = tj_replicator_get_property;
  object_class->set_property = tj_replicator_set_property;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL, TJ_TYPE_STORE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SERVER_URL] =
    g_param_spec_string ("server-url", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_DATABASE] =
    g_param_spec_string ("database", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_USER] =
    g_param_spec_string ("user", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /* Write-only: a password is never read back out of the object. */
  properties[PROP_PASSWORD] =
    g_param_spec_string ("password", NULL, NULL, NULL,
                         G_PARAM_WRITABLE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_DIRECTION] =
    g_param_spec_int ("direction", NULL, NULL, TJ_SYNC_BOTH, TJ_SYNC_PULL, TJ_SYNC_BOTH,
                      G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_BATCH_SIZE] =
    g_param_spec_uint ("batch-size", NULL, NULL, 1, TJ_REPLICATOR_MAX_BATCH, TJ_REPLICATOR_DEFAULT_BATCH,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PINNED_CERTIFICATE] =
    g_param_spec_object ("pinned-certificate", NULL, NULL, G_TYPE_TLS_CERTIFICATE,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * TjReplicator::progress:
   * @self: the replicator
   * @pulled: revisions written locally so far in this run
   * @pushed: revisions written on the server so far in this run
   *
   * Emitted after every completely written (and checkpointed) batch.
   */
  signals[SIGNAL_PROGRESS] =
    g_signal_new ("progress", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_UINT, G_TYPE_UINT);
}

/* TIAOJIE_SYNC_TIMEOUT (seconds) replaces the default: the tests' silent
 * and trickling servers would otherwise take a minute each, and a script
 * on a known-slow link may want more. Read here only. */
static guint
default_timeout (void)
{
  const char *text = g_getenv ("TIAOJIE_SYNC_TIMEOUT");
  guint64 seconds = 0;

  if (text && g_ascii_string_to_unsigned (text, 10, 1, MAX_TIMEOUT_SECONDS, &seconds, NULL))
    return (guint) seconds;
  if (text)
    g_warning ("TIAOJIE_SYNC_TIMEOUT=%s is not a number of seconds from 1 to %u; using %u",
               text, MAX_TIMEOUT_SECONDS, DEFAULT_TIMEOUT_SECONDS);
  return DEFAULT_TIMEOUT_SECONDS;
}

static void
tj_replicator_init (TjReplicator *self)
{
  g_mutex_init (&self->mutex);
  self->direction = TJ_SYNC_BOTH;
  self->batch_size = TJ_REPLICATOR_DEFAULT_BATCH;
  self->retry_delay_ms = 1000;
  self->max_retries = 6;
  self->timeout_seconds = default_timeout ();
}
