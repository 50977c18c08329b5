/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* The inside of TjStore, shared by the files that implement it (tj-store.c,
                                                                 * tj-store-revisions.c, tj-store-attachments.c, tj-store-replication.c,
 * tj-store-indexes.c). Nothing outside src/core/store includes it. */

#include "tj-store.h"

G_BEGIN_DECLS

/*
 * Layout of the file (schema version 2):
 *
 *   docs      one row per document: its winning revision, whether that is a
 *             tombstone, whether it has conflicts, its latest sequence.
 *   revs      the revision tree: one row per known revision with its parent.
 *             Only leaves keep a body; ancestors keep their place in the
 *             tree (for _revisions and revs_diff) but not their content.
 *   rev_atts  attachments of a revision, pointing at blobs by digest.
 *   blobs     attachment data, once per digest.
 *   local_docs  _local/ documents (checkpoints): no revisions, no sequence.
 *
 * Every public write runs in one transaction (a savepoint when nested in a
 * caller's transaction), so a crash leaves each document either before or
 * after a write, never half-way.
 */

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
  GHashTable *stmts_by_address; /* the same, by the address of the SQL text */
  GArray     *indexers;     /* Indexer */
  guint       depth;        /* transaction nesting */
  guint       whole_depth;  /* nesting at which an all-or-nothing transaction began, 0: none */
  gboolean    doomed;       /* a write nested in an all-or-nothing transaction failed */
  gboolean    dirty;        /* documents written in this transaction */
  guint       revs_limit;
  gint64      next_seq;     /* the next sequence to give, 0: not known (see _tj_store_take_seq()) */
};

typedef struct {
  char     *rev;
  int       gen;
  gboolean  deleted;
} Leaf;

typedef struct {
  gboolean  exists;
  int       gen;
  gboolean  deleted;
  gboolean  leaf;
  gboolean  has_body;
  char     *parent;
} RevInfo;

/* What a write just stored, for _tj_store_update_doc_row(): its revision and, to
                                                          * spare reading it back, its content as an object or as JSON text. */
typedef struct {
  const char *rev;
  JsonObject *body;   /* nullable: the content as an object, without "_" members */
  const char *text;   /* nullable: the content as JSON text (when there is no @body) */
  const char *type;   /* with @text: its "type" */
  gboolean    atts;   /* it has attachments */
} Written;

typedef struct {
  char   *name;
  char   *content_type;
  char   *digest;
  gint64  length;
  int     revpos;
} Att;

/* tj-store.c */
gboolean _tj_store_set_sqlite_error (TjStore *self, int rc, GError **error);
gboolean _tj_store_exec_sql (TjStore *self, const char *sql, GError **error);
sqlite3_stmt *_tj_store_stmt (TjStore *self, const char *sql, GError **error);
gboolean _tj_store_step_done (TjStore *self, sqlite3_stmt *st, GError **error);
char *_tj_store_meta_get (TjStore *self, const char *key);
gboolean _tj_store_meta_set (TjStore *self, const char *key, const char *value, GError **error);
gint64 _tj_store_take_seq (TjStore *self);

/* tj-store-revisions.c */
gboolean _tj_store_parse_rev (const char *rev, int *gen, const char **hash);
JsonObject *_tj_store_body_of (JsonObject *doc);
gint64 _tj_store_lookup_doc (TjStore *self, const char *id, GError **error);
gint64 _tj_store_insert_new_doc (TjStore *self, const char *id, const char *rev, gboolean deleted,
                                 const char *type, GError **error);
GArray *_tj_store_load_leaves (TjStore *self, gint64 doc_id, GError **error);
gboolean _tj_store_lookup_rev (TjStore *self, gint64 doc_id, const char *rev, RevInfo *info,
                               GError **error);
void _tj_store_rev_info_clear (RevInfo *info);
gboolean _tj_store_insert_rev (TjStore *self, gint64 doc_id, const char *rev, int gen,
                               const char *parent, gboolean deleted, gboolean leaf,
                               const char *body, GError **error);
gboolean _tj_store_demote_rev (TjStore *self, gint64 doc_id, const char *rev,
                               gboolean *dropped_atts, GError **error);
gboolean _tj_store_stem (TjStore *self, gint64 doc_id, gboolean *dropped_atts, GError **error);
JsonObject *_tj_store_written_winner (const char *id, const Written *w, GError **error);
gboolean _tj_store_update_doc_row (TjStore *self, gint64 doc_id, const char *id,
                                   const Written *written, GError **error);
JsonArray *_tj_store_revisions_path (TjStore *self, gint64 doc_id, const char *rev, int *start);
JsonObject *_tj_store_load_revision (TjStore *self, gint64 doc_id, const char *id,
                                     const char *rev, TjGetFlags flags, GError **error);
gboolean _tj_store_doc_row (TjStore *self, const char *id, gint64 *doc_id, char **winner,
                            gboolean *deleted, GError **error);
gboolean _tj_store_validate_id (const char *id, GError **error);

/* tj-store-attachments.c */
gboolean _tj_store_drop_unused_blobs (TjStore *self, GError **error);
GPtrArray *_tj_store_load_atts (TjStore *self, gint64 doc_id, const char *rev, GError **error);
GPtrArray *_tj_store_collect_atts (TjStore *self, const char *id, JsonNode *atts_node,
                                   GPtrArray *parent_atts, int new_gen, gboolean replicated,
                                    GError **error);
char *_tj_store_canonical_atts (GPtrArray *atts);
gboolean _tj_store_save_atts (TjStore *self, gint64 doc_id, const char *rev, GPtrArray *atts,
                              GError **error);
GBytes *_tj_store_load_blob (TjStore *self, const char *digest);

/* tj-store-indexes.c */
gboolean _tj_store_tell_indexers (TjStore *self, const char *id, JsonObject *winner,
                                  GError **error);
gboolean _tj_store_flush_indexers (TjStore *self, GError **error);

G_END_DECLS
