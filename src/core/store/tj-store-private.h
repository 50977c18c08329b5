/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/*
 * Internals of TjStore, one class over several files: tj-store.c (the
 * object, opening, the schema, metadata and transactions),
 * tj-store-revisions.c (the revision tree, reading and writing),
 * tj-store-attachments.c, tj-store-replication.c (new_edits=false writes,
 * conflicts, revs_diff, the changes feed, _local documents) and
 * tj-store-index.c (iteration and indexers).
 */

#include "tj-store.h"

G_BEGIN_DECLS

typedef struct {
  char              *name;
  TjStoreIndexer     indexer;
  TjStoreIndexReset  flush;
  GCallback          discard;
  gpointer           user_data;
} Indexer;

struct _TjStore
{
  GObject     parent_instance;

  char       *path;
  char       *uuid;
  sqlite3    *db;
  GHashTable *stmts;        /* SQL text -> sqlite3_stmt* */
  GArray     *indexers;     /* Indexer */
  guint       depth;        /* transaction nesting */
  gboolean    dirty;        /* documents written in this transaction */
  guint       revs_limit;
};

/* A leaf of a document's revision tree. */
typedef struct {
  char     *rev;
  int       gen;
  gboolean  deleted;
} Leaf;

/* One stored revision, as _tj_store_lookup_rev() finds it. */
typedef struct {
  gboolean  exists;
  int       gen;
  gboolean  deleted;
  gboolean  leaf;
  gboolean  has_body;
  char     *parent;
} RevInfo;

/* An attachment of a revision; its data is a blob by digest. */
typedef struct {
  char   *name;
  char   *content_type;
  char   *digest;
  gint64  length;
  int     revpos;
} Att;

/* tj-store.c: SQLite helpers, metadata */
gboolean      _tj_store_set_sqlite_error (TjStore       *self,
                                          int            rc,
                                          GError       **error);
gboolean      _tj_store_exec_sql         (TjStore       *self,
                                          const char    *sql,
                                          GError       **error);
/* A cached prepared statement, reset and unbound, ready to use. */
sqlite3_stmt *_tj_store_stmt             (TjStore       *self,
                                          const char    *sql,
                                          GError       **error);
gboolean      _tj_store_step_done        (TjStore       *self,
                                          sqlite3_stmt  *st,
                                          GError       **error);
char         *_tj_store_meta_get         (TjStore       *self,
                                          const char    *key);
gboolean      _tj_store_meta_set         (TjStore       *self,
                                          const char    *key,
                                          const char    *value,
                                          GError       **error);
void          _tj_store_leaf_clear       (gpointer       data);

/* tj-store-revisions.c */
gboolean      _tj_store_parse_rev        (const char    *rev,
                                          int           *gen,
                                          const char   **hash);
JsonObject   *_tj_store_body_of          (JsonObject    *doc);
gint64        _tj_store_lookup_doc       (TjStore       *self,
                                          const char    *id,
                                          GError       **error);
gint64        _tj_store_create_doc       (TjStore       *self,
                                          const char    *id,
                                          GError       **error);
GArray       *_tj_store_load_leaves      (TjStore       *self,
                                          gint64         doc_id,
                                          GError       **error);
gboolean      _tj_store_lookup_rev       (TjStore       *self,
                                          gint64         doc_id,
                                          const char    *rev,
                                          RevInfo       *info,
                                          GError       **error);
void          _tj_store_rev_info_clear   (RevInfo       *info);
gboolean      _tj_store_insert_rev       (TjStore       *self,
                                          gint64         doc_id,
                                          const char    *rev,
                                          int            gen,
                                          const char    *parent,
                                          gboolean       deleted,
                                          gboolean       leaf,
                                          const char    *body,
                                          GError       **error);
gboolean      _tj_store_drop_unused_blobs (TjStore      *self,
                                           GError      **error);
gboolean      _tj_store_demote_rev       (TjStore       *self,
                                          gint64         doc_id,
                                          const char    *rev,
                                          gboolean      *dropped_atts,
                                          GError       **error);
gboolean      _tj_store_update_doc_row   (TjStore       *self,
                                          gint64         doc_id,
                                          const char    *id,
                                          const char    *written_rev,
                                          JsonObject    *written_body,
                                          gboolean       written_atts,
                                          GError       **error);
gboolean      _tj_store_validate_id      (const char    *id,
                                          GError       **error);
char         *_tj_store_put_in_transaction (TjStore     *self,
                                            JsonObject  *doc,
                                            char       **out_id,
                                            GError     **error);

/* tj-store-attachments.c */
GPtrArray    *_tj_store_load_atts        (TjStore       *self,
                                          gint64         doc_id,
                                          const char    *rev,
                                          GError       **error);
GPtrArray    *_tj_store_collect_atts     (TjStore       *self,
                                          const char    *id,
                                          JsonObject    *doc,
                                          GPtrArray     *parent_atts,
                                          int            new_gen,
                                          gboolean       replicated,
                                          GError       **error);
char         *_tj_store_canonical_atts   (GPtrArray     *atts);
gboolean      _tj_store_save_atts        (TjStore       *self,
                                          gint64         doc_id,
                                          const char    *rev,
                                          GPtrArray     *atts,
                                          GError       **error);
GBytes       *_tj_store_load_blob        (TjStore       *self,
                                          const char    *digest);

/* tj-store-index.c */
gboolean      _tj_store_flush_indexers   (TjStore       *self,
                                          GError       **error);

G_END_DECLS
