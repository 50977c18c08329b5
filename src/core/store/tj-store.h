/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>
#include <sqlite3.h>

#include "tj-error.h"

G_BEGIN_DECLS

/**
 * TjStore:
 *
 * A document store on one SQLite file with CouchDB semantics (docs/SYNC.md):
 * JSON documents with `_id` and `_rev`, revision trees with deterministic
 * revision ids, the CouchDB winning-revision rule, conflicts, tombstones, a
 * local sequence and changes feed, `_local/` documents, `new_edits=false`
 * writes, attachments stored once per digest and revision stemming.
 *
 * Every write is one SQLite transaction in WAL mode. Several writes can be
 * grouped with tj_store_begin() / tj_store_commit() (nestable: savepoints).
 *
 * A TjStore is used from one thread at a time; open one per thread when
 * work runs in a GTask thread (SQLite WAL allows concurrent readers).
 */
#define TJ_TYPE_STORE (tj_store_get_type ())
G_DECLARE_FINAL_TYPE (TjStore, tj_store, TJ, STORE, GObject)

typedef enum {
  TJ_GET_NONE              = 0,
  TJ_GET_CONFLICTS         = 1 << 0, /* add _conflicts */
  TJ_GET_DELETED_CONFLICTS = 1 << 1, /* add _deleted_conflicts */
  TJ_GET_REVS              = 1 << 2, /* add _revisions {start, ids} */
  TJ_GET_ATTACHMENTS       = 1 << 3, /* attachment data (base64) instead of stubs */
  TJ_GET_DELETED           = 1 << 4, /* return a deleted winner instead of NOT_FOUND */
} TjGetFlags;

/**
 * TjStoreIndexer:
 * @store: the store
 * @id: the document id
 * @winner: (nullable): the new winning revision with `_id` and `_rev`, or
 *   %NULL when the document is deleted (its winner is a tombstone)
 * @user_data: data given to tj_store_add_indexer()
 * @error: set to abort the whole write
 *
 * Called inside the write transaction whenever a document's winning revision
 * changes, whether by a local edit or by replication, so that derived SQL
 * tables (case list, search index, statistics) never disagree with the
 * documents. Returning %FALSE rolls the write back.
 */
typedef gboolean (*TjStoreIndexer) (TjStore     *store,
                                    const char  *id,
                                    JsonObject  *winner,
                                    gpointer     user_data,
                                    GError     **error);

TjStore    *tj_store_open               (const char           *path,
                                         GError              **error);
void        tj_store_open_async         (const char           *path,
                                         GCancellable         *cancellable,
                                         GAsyncReadyCallback   callback,
                                         gpointer              user_data);
TjStore    *tj_store_open_finish        (GAsyncResult         *result,
                                         GError              **error);
/* $TIAOJIE_DB when set, else $XDG_DATA_HOME/tiaojie/tiaojie.db. */
char       *tj_store_default_path       (void);

const char *tj_store_get_path           (TjStore              *self);
const char *tj_store_get_uuid           (TjStore              *self);
sqlite3    *tj_store_get_sqlite         (TjStore              *self);
/* A prepared statement from the store's cache, reset and unbound. @sql must
 * be a string constant (it is the cache key). Reset it after use; do not
 * finalize it. */
sqlite3_stmt *tj_store_statement        (TjStore              *self,
                                         const char           *sql,
                                         GError              **error);
/* A new prepared statement for SQL built at run time (not cached): the
 * caller finalizes it. */
sqlite3_stmt *tj_store_prepare          (TjStore              *self,
                                         const char           *sql,
                                         GError              **error);
/* Runs @sql, one or more statements without parameters (schema changes of
 * indexers, savepoints). */
gboolean    tj_store_exec               (TjStore              *self,
                                         const char           *sql,
                                         GError              **error);
/* Runs the cached statement @sql (a constant, as for tj_store_statement())
 * once with ?1 bound to @id: the per-document deletes and updates of an
 * indexer. */
gboolean    tj_store_exec_with_id       (TjStore              *self,
                                         const char           *sql,
                                         const char           *id,
                                         GError              **error);
/* Steps @st once and resets it: for writes, and reads whose row is not
 * wanted. A row or the end is success. */
gboolean    tj_store_step_done          (TjStore              *self,
                                         sqlite3_stmt         *st,
                                         GError              **error);
/* Sets @error in TJ_ERROR from the SQLite result code @rc (busy, damaged,
 * disk full… each with its own message) and returns FALSE: for callers that
 * step statements themselves. */
gboolean    tj_store_set_error          (TjStore              *self,
                                         int                   rc,
                                         GError              **error);
/* Binds @text, or NULL when it is NULL or empty. */
void        tj_store_bind_text_or_null  (sqlite3_stmt         *st,
                                         int                   i,
                                         const char           *text);
/* Column @i as text, "" for NULL. */
const char *tj_store_column_text        (sqlite3_stmt         *st,
                                         int                   i);

/* Small values an index keeps beside its tables (what it was computed
 * with). @key must contain ':' ("calendar:cases"); the store's own keys
 * never do. get: (transfer full), NULL when unset. */
char       *tj_store_get_meta           (TjStore              *self,
                                         const char           *key);
gboolean    tj_store_set_meta           (TjStore              *self,
                                         const char           *key,
                                         const char           *value,
                                         GError              **error);
gint64      tj_store_get_update_seq     (TjStore              *self);
guint       tj_store_get_revs_limit     (TjStore              *self);
gboolean    tj_store_set_revs_limit     (TjStore              *self,
                                         guint                 limit,
                                         GError              **error);

gboolean    tj_store_begin              (TjStore              *self,
                                         GError              **error);
/* A transaction that is committed whole or not at all: the writes nested
 * in it take no savepoint of their own (each costs a copy of every page it
 * touches), so a nested write that fails cannot be undone alone; the
 * transaction is then doomed and its commit fails and rolls it back. For
 * imports, which roll back on the first error anyway. Inside another
 * transaction it is an ordinary nested one. */
gboolean    tj_store_begin_whole        (TjStore              *self,
                                         GError              **error);
/* When it fails, the transaction (this level of it) is rolled back
 * already: do not call tj_store_rollback() after it. */
gboolean    tj_store_commit             (TjStore              *self,
                                         GError              **error);
void        tj_store_rollback           (TjStore              *self);

/* Called to (re)create an indexer's tables, empty. */
typedef gboolean (*TjStoreIndexReset) (TjStore     *store,
                                       gpointer     user_data,
                                       GError     **error);

/* Indexers: @name and @version identify the derived tables; when the version
 * stored in the database differs (or the indexer is new), @reset is called
 * and every document is fed to @indexer again, inside one transaction. */
gboolean    tj_store_add_indexer        (TjStore              *self,
                                         const char           *name,
                                         int                   version,
                                         TjStoreIndexReset     reset,
                                         TjStoreIndexer        indexer,
                                         gpointer              user_data,
                                         GError              **error);

/* Like tj_store_add_indexer(), with @flush called just before the outermost
 * transaction commits (still inside it: failing rolls everything back) and
 * @discard when it rolls back. Lets an indexer collect work during a bulk
 * write and do it once. An indexer also catches up, when attached, on
 * writes made while it was not attached (by a store opened elsewhere). */
gboolean    tj_store_add_indexer_full   (TjStore              *self,
                                         const char           *name,
                                         int                   version,
                                         TjStoreIndexReset     reset,
                                         TjStoreIndexer        indexer,
                                         TjStoreIndexReset     flush,
                                         GCallback             discard,
                                         gpointer              user_data,
                                         GError              **error);

/* Documents. tj_store_put(): @doc has `_id` (generated when absent) and,
 * to update, the `_rev` of a leaf; `_deleted: true` deletes. Returns the new
 * revision id; @out_id receives the id. TJ_ERROR_CONFLICT when `_rev` is
 * not a leaf or is missing for an existing document. */
char       *tj_store_put                (TjStore              *self,
                                         JsonObject           *doc,
                                         char                **out_id,
                                         GError              **error);
JsonObject *tj_store_get                (TjStore              *self,
                                         const char           *id,
                                         const char           *rev,
                                         TjGetFlags            flags,
                                         GError              **error);
char       *tj_store_delete             (TjStore              *self,
                                         const char           *id,
                                         const char           *rev,
                                         GError              **error);

/* Replication writes (`new_edits=false`): @doc carries `_rev` and
 * `_revisions {start, ids}`; the path is grafted into the tree, creating a
 * branch where it diverges. Idempotent. */
gboolean    tj_store_put_replicated     (TjStore              *self,
                                         JsonObject           *doc,
                                         GError              **error);

typedef enum {
  TJ_REPLICATED_PLAIN,          /* nothing a person needs to hear about */
  TJ_REPLICATED_REVIVED,        /* a deleted document is live again: edited elsewhere */
  TJ_REPLICATED_DELETION_LOST,  /* deleted elsewhere, kept: edited here since */
} TjReplicatedOutcome;

/* The same, telling what the write did to a deleted or live document
 * (an edit beats a deletion on another branch: docs/SYNC.md). */
gboolean    tj_store_put_replicated_full (TjStore             *self,
                                          JsonObject          *doc,
                                          TjReplicatedOutcome *outcome,
                                          GError             **error);

/**
 * TjReplicatedRev:
 * @id: the document id
 * @rev: the revision
 * @path: (array length=n_path): its history, newest first (@path[0] is
 *   @rev), each entry the parent of the one before; %NULL with @n_path 0
 *   for a revision without history
 * @n_path: the length of @path
 * @deleted: whether it is a deletion
 * @body: its content: the text of a JSON object without the `_` members,
 *   stored as it is. It must follow the rule of every body (at most 64
 *   levels of nesting, text that is UTF-8 without NUL, numbers a store
 *   keeps): the replicator checks it on the server's text before.
 * @type: (nullable): its `type` member when that is a string
 * @attachments: (nullable): its `_attachments` as they came
 *
 * A revision as replication delivers it, taken apart: written without
 * parsing or re-serialising its content (tj_store_put_replicated_rev()).
 */
typedef struct {
  const char         *id;
  const char         *rev;
  const char * const *path;
  guint               n_path;
  gboolean            deleted;
  const char         *body;
  const char         *type;
  JsonObject         *attachments;
} TjReplicatedRev;

/* The same write as tj_store_put_replicated_full() from a revision taken
 * apart (a pull writes the server's text as it came). */
gboolean    tj_store_put_replicated_rev (TjStore                *self,
                                         const TjReplicatedRev  *rev,
                                         TjReplicatedOutcome    *outcome,
                                         GError                **error);

/* The winning revision of @id and whether it is a deletion; FALSE with
 * TJ_ERROR_NOT_FOUND when the store has no such document. */
gboolean    tj_store_get_winner         (TjStore              *self,
                                         const char           *id,
                                         char                **out_rev,
                                         gboolean             *out_deleted,
                                         GError              **error);

/* {"docid": ["rev", ...]} -> {"docid": {"missing": [...], "possible_ancestors": [...]}} */
JsonObject *tj_store_revs_diff          (TjStore              *self,
                                         JsonObject           *request,
                                         GError              **error);

/* The same for one document, without JSON: @missing[i] says whether the
 * store lacks @revs[i] (a revision id that does not parse is never
 * missing); with @ancestors (nullable), the document's leaves older than
 * the newest missing revision are added to it (char *, for the caller to
 * free). The number missing, or -1 with @error set. */
gint        tj_store_revs_missing       (TjStore              *self,
                                         const char           *id,
                                         const char * const   *revs,
                                         guint                 n_revs,
                                         gboolean             *missing,
                                         GPtrArray            *ancestors,
                                         GError              **error);

/* The changes feed, style=all_docs: {"results": [{"seq", "id", "changes":
 * [{"rev"}], "deleted"?}], "last_seq"}; each document once, at its latest
 * sequence, with all its leaf revisions. @limit 0 means no limit. */
JsonObject *tj_store_changes            (TjStore              *self,
                                         gint64                since,
                                         guint                 limit,
                                         GError              **error);

/* Revision @rev of @id as replication sends it, as JSON text: `_id`,
 * `_rev`, its content as stored (not parsed: the caller checks it),
 * `_deleted` for a deletion and `_revisions`. A revision with attachments
 * is not given this way: NULL with *@out_attachments set, and no error
 * (read it with tj_store_get()). TJ_ERROR_NOT_FOUND when the store has
 * no such revision or did not keep its content. */
char       *tj_store_get_replicated_text (TjStore             *self,
                                          const char          *id,
                                          const char          *rev,
                                          gboolean            *out_attachments,
                                          GError             **error);

/* Leaf revisions of @id: array of {"rev", "deleted"} with the winner first. */
JsonArray  *tj_store_get_leaves         (TjStore              *self,
                                         const char           *id,
                                         GError              **error);
/* Documents with more than one non-deleted leaf:
 * [{"id", "winner", "conflicts": [...]}], sorted by id. */
JsonArray  *tj_store_list_conflicts     (TjStore              *self,
                                         GError              **error);
/* Resolve a conflict in one write: @winner (a body, with `_id` and the `_rev`
 * of the leaf to extend) becomes the new winner, every other non-deleted
 * leaf is deleted. Deterministic: the same choice on two stations gives
 * the same revision ids. Returns the new winning rev. */
char       *tj_store_resolve_conflict   (TjStore              *self,
                                         JsonObject           *winner,
                                         GError              **error);

/* Attachments. */
GBytes     *tj_store_get_attachment     (TjStore              *self,
                                         const char           *id,
                                         const char           *rev,
                                         const char           *name,
                                         char                **out_content_type,
                                         GError              **error);

/* _local/ documents: never replicated, not in the changes feed. @id
 * includes the "_local/" prefix. */
JsonObject *tj_store_get_local          (TjStore              *self,
                                         const char           *id,
                                         GError              **error);
gboolean    tj_store_put_local          (TjStore              *self,
                                         const char           *id,
                                         JsonObject           *doc,
                                         GError              **error);

/* Iterate over the winning, non-deleted revisions of documents whose `type`
 * is @type (any type when %NULL). Stops when @func returns %FALSE. */
typedef gboolean (*TjStoreForeachFunc) (JsonObject *doc, gpointer user_data);
gboolean    tj_store_foreach            (TjStore              *self,
                                         const char           *type,
                                         TjStoreForeachFunc    func,
                                         gpointer              user_data,
                                         GError              **error);

/* Removes @id and every revision and attachment of it, as if it had never
 * been written here: no tombstone, no sequence, so nothing replicates and
 * the server keeps its copy (retention, tj-retention.h). The indexers
 * forget it as they forget a deleted document. TJ_ERROR_NOT_FOUND when the
 * store has no such document. Nests in the caller's transaction. */
gboolean    tj_store_purge              (TjStore              *self,
                                         const char           *id,
                                         GError              **error);

/* A fresh random document id (32 lowercase hex characters). */
char       *tj_store_new_id             (void);

G_END_DECLS
