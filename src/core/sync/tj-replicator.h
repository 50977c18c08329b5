/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "tj-error.h"
#include "tj-store.h"

G_BEGIN_DECLS

/**
 * TjSyncDirection:
 * @TJ_SYNC_BOTH: pull from the server, then push to it
 * @TJ_SYNC_PUSH: local changes to the server only
 * @TJ_SYNC_PULL: server changes to the local store only
 */
typedef enum {
  TJ_SYNC_BOTH,
  TJ_SYNC_PUSH,
  TJ_SYNC_PULL,
} TjSyncDirection;

const char *tj_sync_direction_to_string   (TjSyncDirection  direction);
gboolean    tj_sync_direction_from_string (const char      *text,
                                           TjSyncDirection *out_direction);
/* Whether CouchDB accepts @name (nullable) as a database name:
 * ^[a-z][a-z0-9_$()+/-]*$, at most 238 characters. */
gboolean    tj_sync_valid_database_name   (const char      *name);

/**
 * TjReplicatorStoreSetup:
 * @store: a store connection the replicator just opened in its thread
 * @user_data: data given to tj_replicator_set_store_setup()
 * @error: set to abort the run
 *
 * tj_replicator_run_async() works on a connection of its own to the same
 * database file (a #TjStore is used from one thread at a time). This hook
 * lets the application add its indexers to that connection, so that
 * documents written by replication update the derived tables too.
 */
typedef gboolean (*TjReplicatorStoreSetup) (TjStore   *store,
                                            gpointer   user_data,
                                            GError   **error);

/**
 * TjReplicatorChanges:
 * @store: the connection the run works on
 * @since: the local sequence after which to list
 * @limit: at most this many rows
 * @user_data: data given to tj_replicator_set_push_filter()
 * @error: set to fail the run
 *
 * A page of the local changes feed in the shape of tj_store_changes()
 * (`{"results": [{"seq", "id", "changes": [{"rev"}], "deleted"?}],
 * "last_seq"}`, in sequence order, each document once with all its
 * leaves), holding only the documents a push may send.
 *
 * Returns: (transfer full): the page, or %NULL with @error set
 */
typedef JsonObject *(*TjReplicatorChanges) (TjStore   *store,
                                            gint64     since,
                                            guint      limit,
                                            gpointer   user_data,
                                            GError   **error);

/**
 * TjReplicator:
 *
 * The client side of the CouchDB replication protocol (docs/SYNC.md)
 * between a #TjStore and one database on a CouchDB or PouchDB Server:
 * pull and push in batches, checkpoints in `_local/` documents on both
 * sides in CouchDB's format, `_revs_diff`, `_bulk_get` (with the
 * `open_revs` fallback), `_bulk_docs` with `new_edits=false`,
 * attachments and tombstones. A run cut at any point resumes from the
 * last checkpoint.
 *
 * A first replication takes single-revision documents straight from the
 * changes feed (include_docs). Attachments travel as stubs where the other
 * side already has them (atts_since when pulling; possible_ancestors that
 * are in the document's history when pushing), with the data otherwise or
 * when a stub is refused.
 *
 * Network errors, 5xx answers and replies that do not have the shape
 * their request expects (malformed, truncated, renamed members) are
 * retried with exponential back-off and jitter, within the run's timeout
 * (tj_replicator_set_timeout()); 401/403/409/412 never are. When the
 * retries are spent the run fails with %TJ_ERROR_NETWORK: nothing of
 * that batch is written and no checkpoint moves past it.
 *
 * One revision that cannot be taken does not stop the others: a
 * revision the server sends damaged (after asking for it once more) or
 * the local store refuses, and a local revision that cannot be read or
 * breaks the rule of every body (nesting depth, UTF-8: the local store's
 * rule), are listed in the result's "errors" by document id, revision
 * and reason. Documents the server refuses are listed in "denied" or
 * "errors". All of them are kept in a `_local/` document per direction
 * and offered again (and reported again) on every run until they go
 * through; the checkpoint moves on, as CouchDB's does past its
 * doc_write_failures. Logs name ids, revisions and reasons, never a body.
 *
 * The result of a run is a JSON object:
 * `{"pulled", "pushed", "conflicts", "denied": [{"id", "reason"}],
 *   "errors": [{"id", "rev"?, "error", "reason"}], "kept": [{"id", "why"}],
 *   "source_seq", "pull_seq", "push_seq", "docs_read", "docs_written"}`
 * where "pulled"/"pushed" count revisions written locally/on the server,
 * "conflicts" the local documents in conflict after the run, "kept" the
 * deletions an edit overruled in this run, "source_seq" the server's
 * `update_seq` when the run began and "pull_seq"/"push_seq" the
 * checkpointed sequences (server sequences are opaque JSON values).
 *
 * The "progress" signal (`void (TjReplicator *, guint pulled, guint
 * pushed, gpointer)`) is emitted after every batch written: in the calling
 * thread for tj_replicator_run(), in the thread-default main context of the
 * caller for tj_replicator_run_async().
 *
 * Properties must not be changed while a run is in progress.
 */
#define TJ_TYPE_REPLICATOR (tj_replicator_get_type ())
G_DECLARE_FINAL_TYPE (TjReplicator, tj_replicator, TJ, REPLICATOR, GObject)

TjReplicator *tj_replicator_new             (TjStore              *store,
                                             const char           *server_url,
                                             const char           *database,
                                             const char           *user,
                                             const char           *password);

TjStore      *tj_replicator_get_store       (TjReplicator         *self);
const char   *tj_replicator_get_server_url  (TjReplicator         *self);
const char   *tj_replicator_get_database    (TjReplicator         *self);
void          tj_replicator_set_direction   (TjReplicator         *self,
                                             TjSyncDirection       direction);
TjSyncDirection tj_replicator_get_direction (TjReplicator         *self);
/* Documents per batch (changes read, written in one transaction,
 * checkpointed), 1–TJ_REPLICATOR_MAX_BATCH, default
 * TJ_REPLICATOR_DEFAULT_BATCH; revisions are fetched 100 per request and
 * sent at most 8 MiB per request whatever the batch size. The default is
 * large because a server answers a few large pages of its changes feed
 * with less work than many small ones (PouchDB Server spends about 25 ms
 * on every request for a page), and a slow link pays a round trip per
 * page. */
#define TJ_REPLICATOR_DEFAULT_BATCH 2000
#define TJ_REPLICATOR_MAX_BATCH     10000
void          tj_replicator_set_batch_size  (TjReplicator         *self,
                                             guint                 batch_size);
/* First back-off delay in milliseconds (default 1000; doubled per attempt,
 * capped at 2 minutes, with jitter) and the number of retries (default 6)
 * of one request before a run gives up; never past the request's time
 * (tj_replicator_set_timeout()). Tests make both small. */
void          tj_replicator_set_retry       (TjReplicator         *self,
                                             guint                 base_delay_ms,
                                             guint                 max_retries);
/* How long the server may leave a request unanswered, retries included,
 * before the run fails with TJ_ERROR_NETWORK (1–3600 s; default 60, or
 * $TIAOJIE_SYNC_TIMEOUT): a silent or trickling server ends a run in
 * about that time. A request moving data keeps going as long as it moves
 * at least 16 KiB/s on average; no byte for a third of the time ends an
 * attempt, which is retried on a new connection. */
void          tj_replicator_set_timeout     (TjReplicator         *self,
                                             guint                 seconds);
guint         tj_replicator_get_timeout     (TjReplicator         *self);
/* Accept exactly this certificate from the server, and no other: it is
 * accepted although the system's CAs do not vouch for it (a self-hosted
 * server), and any other certificate is refused even when they do. */
void          tj_replicator_set_pinned_certificate (TjReplicator    *self,
                                             GTlsCertificate      *certificate);

/* Lets @msg accept the @pinned (nullable) certificate where the system
 * does not trust it; tj_sync_pinned_check() afterwards refuses any other. */
void          tj_sync_pin_message           (SoupMessage          *msg,
                                             GTlsCertificate      *pinned);
/* After an exchange over https with a @pinned certificate: FALSE, with a
 * G_TLS_ERROR_BAD_CERTIFICATE @error, when the server presented another
 * one. (Shared by the replicator, Test Connection and provisioning.) */
gboolean      tj_sync_pinned_check          (SoupMessage          *msg,
                                             GTlsCertificate      *pinned,
                                             GError              **error);
void          tj_replicator_set_store_setup (TjReplicator         *self,
                                             TjReplicatorStoreSetup setup,
                                             gpointer              user_data);
void          tj_replicator_set_push_filter (TjReplicator         *self,
                                             const char           *name,
                                             TjReplicatorChanges   changes,
                                             gpointer              user_data,
                                             GDestroyNotify        destroy);

/* Replication ids (the `_local/` checkpoint names) of this configuration,
 * for a direction TJ_SYNC_PUSH or TJ_SYNC_PULL, once a run has learnt the
 * server's uuid; NULL before. */
char         *tj_replicator_dup_replication_id (TjReplicator      *self,
                                             TjSyncDirection       direction);

JsonObject   *tj_replicator_run             (TjReplicator         *self,
                                             GCancellable         *cancellable,
                                             GError              **error);
void          tj_replicator_run_async       (TjReplicator         *self,
                                             GCancellable         *cancellable,
                                             GAsyncReadyCallback   callback,
                                             gpointer              user_data);
JsonObject   *tj_replicator_run_finish      (TjReplicator         *self,
                                             GAsyncResult         *result,
                                             GError              **error);

/* A run at a time: claims @flag (0 while idle) for one run, or sets
 * TJ_ERROR_BUSY. The run gives it back with g_atomic_int_set (flag, 0).
 * For the replicator and the centre's sync of every station. */
gboolean      tj_sync_claim_run             (gint                 *flag,
                                             GError              **error);
/* The same for a run in a worker thread: claims @flag or returns
 * TJ_ERROR_BUSY on @task, else runs @func with the caller's main context
 * as the task data. @func ends with tj_sync_return_run(), which gives
 * @flag back and returns @result (taken) or @error (taken) on @task. */
void          tj_sync_run_in_thread         (GTask                *task,
                                             gint                 *flag,
                                             GTaskThreadFunc       func);
void          tj_sync_return_run            (GTask                *task,
                                             gint                 *flag,
                                             JsonObject           *result,
                                             GError               *error);

G_END_DECLS
