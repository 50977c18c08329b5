/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Tiaojie-Store"

/* Derived tables kept in step with the documents: indexers are told of
 * every change of a winning revision inside the write's transaction, and
 * catch up on what they missed when attached. Also iteration over the
 * winning revisions. */

#include "tj-store-private.h"
#include "tj-json.h"
#include "tj-i18n.h"

#include <string.h>

gboolean
_tj_store_tell_indexers (TjStore     *self,
                         const char  *id,
                         JsonObject  *winner,
                         GError     **error)
{
  self->dirty = TRUE;
  for (guint i = 0; i < self->indexers->len; i++)
    {
      Indexer *ix = &g_array_index (self->indexers, Indexer, i);
      if (!ix->indexer (self, id, winner, ix->user_data, error))
        return FALSE;
    }
  return TRUE;
}

gboolean
tj_store_foreach (TjStore             *self,
                  const char          *type,
                  TjStoreForeachFunc   func,
                  gpointer             user_data,
                  GError             **error)
{
  sqlite3_stmt *st;
  int rc;

  g_return_val_if_fail (TJ_IS_STORE (self), FALSE);

  /* A dedicated statement: the callback may use the cached ones. */
  rc = sqlite3_prepare_v2 (self->db,
                           type
                             ? "SELECT d.id, d.winner, r.body FROM docs d JOIN revs r "
                               "ON r.doc_id = d.doc_id AND r.rev = d.winner "
                               "WHERE d.deleted = 0 AND d.type = ?1 ORDER BY d.id"
                             : "SELECT d.id, d.winner, r.body FROM docs d JOIN revs r "
                               "ON r.doc_id = d.doc_id AND r.rev = d.winner "
                               "WHERE d.deleted = 0 ORDER BY d.id",
                           -1, &st, NULL);
  if (rc != SQLITE_OK)
    return _tj_store_set_sqlite_error (self, rc, error);
  if (type)
    sqlite3_bind_text (st, 1, type, -1, SQLITE_STATIC);

  while ((rc = sqlite3_step (st)) == SQLITE_ROW)
    {
      g_autoptr(JsonObject) body = tj_json_parse_object ((const char *) sqlite3_column_text (st, 2), -1, NULL);
      g_autoptr(JsonObject) doc = json_object_new ();
      gboolean go_on;

      json_object_set_string_member (doc, "_id", (const char *) sqlite3_column_text (st, 0));
      json_object_set_string_member (doc, "_rev", (const char *) sqlite3_column_text (st, 1));
      if (body)
        {
          g_autoptr(GList) members = json_object_get_members (body);
          for (GList *l = members; l; l = l->next)
            json_object_set_member (doc, l->data, json_node_copy (json_object_get_member (body, l->data)));
        }
      go_on = func (doc, user_data);
      if (!go_on)
        break;
    }
  sqlite3_finalize (st);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return _tj_store_set_sqlite_error (self, rc, error);
  return TRUE;
}

static char *
indexer_seq_key (const char *name)
{
  return g_strconcat ("indexer-seq:", name, NULL);
}

/* Before the outermost commit: let indexers finish their batched work and
 * record how far each has seen the documents, so that one attached later
 * (or in another process) knows what it missed. */
gboolean
_tj_store_flush_indexers (TjStore  *self,
                          GError  **error)
{
  g_autofree char *seq = NULL;

  if (self->indexers->len == 0)
    return TRUE;
  seq = g_strdup_printf ("%" G_GINT64_FORMAT, tj_store_get_update_seq (self));
  for (guint i = 0; i < self->indexers->len; i++)
    {
      Indexer *ix = &g_array_index (self->indexers, Indexer, i);
      g_autofree char *key = indexer_seq_key (ix->name);
      if (ix->flush && !ix->flush (self, ix->user_data, error))
        return FALSE;
      if (!_tj_store_meta_set (self, key, seq, error))
        return FALSE;
    }
  return TRUE;
}

typedef struct {
  TjStore        *store;
  TjStoreIndexer  indexer;
  gpointer        user_data;
  GError        **error;
  gboolean        ok;
} ReindexData;

static gboolean
reindex_one (JsonObject *doc,
             gpointer    user_data)
{
  ReindexData *data = user_data;
  data->ok = data->indexer (data->store, tj_json_get_string (doc, "_id", ""), doc,
                            data->user_data, data->error);
  return data->ok;
}

/* Feed the indexer every document changed after @since. */
static gboolean
catch_up (TjStore  *self,
          Indexer  *ix,
          gint64    since,
          GError  **error)
{
  for (;;)
    {
      g_autoptr(JsonObject) changes = tj_store_changes (self, since, 500, error);
      JsonArray *results;
      guint n;

      if (changes == NULL)
        return FALSE;
      results = tj_json_get_array (changes, "results");
      n = json_array_get_length (results);
      if (n == 0)
        return TRUE;
      for (guint i = 0; i < n; i++)
        {
          JsonObject *row = json_array_get_object_element (results, i);
          const char *id = tj_json_get_string (row, "id", "");
          g_autoptr(JsonObject) doc = NULL;

          if (!tj_json_get_bool (row, "deleted", FALSE))
            {
              doc = tj_store_get (self, id, NULL, TJ_GET_NONE, error);
              if (doc == NULL)
                return FALSE;
            }
          if (!ix->indexer (self, id, doc, ix->user_data, error))
            return FALSE;
        }
      since = tj_json_get_int (changes, "last_seq", since);
    }
}

gboolean
tj_store_add_indexer_full (TjStore            *self,
                           const char         *name,
                           int                 version,
                           TjStoreIndexReset   reset,
                           TjStoreIndexer      indexer,
                           TjStoreIndexReset   flush,
                           GCallback           discard,
                           gpointer            user_data,
                           GError            **error)
{
  sqlite3_stmt *st;
  int stored = -1;
  gint64 seen = 0;
  g_autofree char *key = NULL;
  g_autofree char *seen_text = NULL;
  Indexer ix = { NULL, indexer, flush, discard, user_data };

  g_return_val_if_fail (TJ_IS_STORE (self), FALSE);
  g_return_val_if_fail (indexer != NULL, FALSE);

  for (guint i = 0; i < self->indexers->len; i++)
    if (g_strcmp0 (g_array_index (self->indexers, Indexer, i).name, name) == 0)
      return TRUE;

  st = _tj_store_stmt (self, "SELECT version FROM indexers WHERE name = ?", error);
  if (st == NULL)
    return FALSE;
  sqlite3_bind_text (st, 1, name, -1, SQLITE_STATIC);
  if (sqlite3_step (st) == SQLITE_ROW)
    stored = sqlite3_column_int (st, 0);
  sqlite3_reset (st);
  key = indexer_seq_key (name);
  seen_text = _tj_store_meta_get (self, key);
  if (seen_text)
    seen = g_ascii_strtoll (seen_text, NULL, 10);

  ix.name = g_strdup (name);
  if (stored != version || seen < tj_store_get_update_seq (self))
    {
      /* Attach first so the commit below flushes and records it. */
      g_array_append_val (self->indexers, ix);
      if (!tj_store_begin (self, error))
        goto fail_detach;
      if (stored != version)
        {
          ReindexData data = { self, indexer, user_data, error, TRUE };

          if ((reset && !reset (self, user_data, error)) ||
              !tj_store_foreach (self, NULL, reindex_one, &data, error) || !data.ok)
            goto fail;
          st = _tj_store_stmt (self, "INSERT OR REPLACE INTO indexers (name, version) VALUES (?, ?)", error);
          if (st == NULL)
            goto fail;
          sqlite3_bind_text (st, 1, name, -1, SQLITE_STATIC);
          sqlite3_bind_int (st, 2, version);
          if (!_tj_store_step_done (self, st, error))
            goto fail;
        }
      else if (!catch_up (self, &g_array_index (self->indexers, Indexer, self->indexers->len - 1),
                          seen, error))
        goto fail;
      self->dirty = TRUE;
      if (!tj_store_commit (self, error))
        goto fail_detach; /* tj_store_commit() rolled back already */
      return TRUE;
    }

  g_array_append_val (self->indexers, ix);
  return TRUE;

fail:
  tj_store_rollback (self);
fail_detach:
  g_array_remove_index (self->indexers, self->indexers->len - 1);
  return FALSE;
}

gboolean
tj_store_add_indexer (TjStore            *self,
                      const char         *name,
                      int                 version,
                      TjStoreIndexReset   reset,
                      TjStoreIndexer      indexer,
                      gpointer            user_data,
                      GError            **error)
{
  return tj_store_add_indexer_full (self, name, version, reset, indexer, NULL, NULL,
                                    user_data, error);
}
