/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Tiaojie-Store"

/* Documents and their revision trees: deterministic revision ids, the
 * winning revision, stemming, local writes and deletes, reading a
 * revision back, and resolving conflicts. */

#include "tj-store-private.h"
#include "tj-json.h"
#include "tj-i18n.h"

#include <errno.h>
#include <string.h>

static void
leaf_clear (gpointer data)
{
  Leaf *leaf = data;
  g_free (leaf->rev);
}

gboolean
_tj_store_parse_rev (const char  *rev,
                     int         *gen,
                     const char **hash)
{
  char *end = NULL;
  gint64 n;

  if (rev == NULL || !g_ascii_isdigit (rev[0]))
    return FALSE;
  errno = 0;
  n = g_ascii_strtoll (rev, &end, 10);
  if (errno != 0 || end == NULL || *end != '-' || end[1] == '\0' || n < 1 || n > G_MAXINT / 2)
    return FALSE;
  *gen = (int) n;
  if (hash)
    *hash = end + 1;
  return TRUE;
}

static gboolean
is_reserved_member (const char *name)
{
  return name[0] == '_';
}

/* The document without its underscore members: what a revision stores. */
JsonObject *
_tj_store_body_of (JsonObject *doc)
{
  JsonObject *body = json_object_new ();
  g_autoptr(GList) members = json_object_get_members (doc);

  for (GList *l = members; l; l = l->next)
    if (!is_reserved_member (l->data))
      json_object_set_member (body, l->data,
                              json_node_copy (json_object_get_member (doc, l->data)));
  return body;
}

/* Deterministic revision hash (docs/SYNC.md): MD5 over the parent revision, the
 * deleted flag and the canonical body including attachment digests. */
static char *
rev_hash (const char *parent,
          gboolean    deleted,
          const char *canonical_body,
          const char *_tj_store_canonical_atts)
{
  g_autoptr(GChecksum) sum = g_checksum_new (G_CHECKSUM_MD5);

  g_checksum_update (sum, (const guchar *) (parent ? parent : ""), -1);
  g_checksum_update (sum, (const guchar *) (deleted ? "\n1\n" : "\n0\n"), -1);
  g_checksum_update (sum, (const guchar *) canonical_body, -1);
  if (_tj_store_canonical_atts)
    {
      g_checksum_update (sum, (const guchar *) "\n", 1);
      g_checksum_update (sum, (const guchar *) _tj_store_canonical_atts, -1);
    }
  return g_strdup (g_checksum_get_string (sum));
}

gint64
_tj_store_lookup_doc (TjStore     *self,
                      const char  *id,
                      GError     **error)
{
  sqlite3_stmt *st = _tj_store_stmt (self, "SELECT doc_id FROM docs WHERE id = ?", error);
  gint64 doc_id = 0;
  int rc;

  if (st == NULL)
    return -1;
  sqlite3_bind_text (st, 1, id, -1, SQLITE_STATIC);
  rc = sqlite3_step (st);
  if (rc == SQLITE_ROW)
    doc_id = sqlite3_column_int64 (st, 0);
  sqlite3_reset (st);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    {
      _tj_store_set_sqlite_error (self, rc, error);
      return -1;
    }
  return doc_id;
}

/* The row of a document new to the store, its one leaf @rev the winner:
 * written at once, with its sequence (no placeholder to update). Returns
 * its doc_id, or -1. */
gint64
_tj_store_insert_new_doc (TjStore     *self,
                          const char  *id,
                          const char  *rev,
                          gboolean     deleted,
                          const char  *type,
                          GError     **error)
{
  sqlite3_stmt *st = _tj_store_stmt (self,
                                     "INSERT INTO docs (id, seq, winner, deleted, conflicted, type) "
                                     "VALUES (?, ?, ?, ?, 0, ?)", error);

  if (st == NULL)
    return -1;
  sqlite3_bind_text (st, 1, id, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (st, 2, _tj_store_take_seq (self));
  sqlite3_bind_text (st, 3, rev, -1, SQLITE_STATIC);
  sqlite3_bind_int (st, 4, deleted);
  if (!deleted && type)
    sqlite3_bind_text (st, 5, type, -1, SQLITE_STATIC);
  if (!_tj_store_step_done (self, st, error))
    return -1;
  return sqlite3_last_insert_rowid (self->db);
}

static int
compare_leaves (gconstpointer a,
                gconstpointer b)
{
  const Leaf *la = a, *lb = b;
  const char *ha = strchr (la->rev, '-'), *hb = strchr (lb->rev, '-');

  /* Highest first: not deleted, then generation, then hash as a string. */
  if (la->deleted != lb->deleted)
    return la->deleted ? 1 : -1;
  if (la->gen != lb->gen)
    return la->gen > lb->gen ? -1 : 1;
  return -strcmp (ha ? ha : "", hb ? hb : "");
}

/* The leaves of a document, winner first. */
GArray *
_tj_store_load_leaves (TjStore  *self,
                       gint64    doc_id,
                       GError  **error)
{
  sqlite3_stmt *st = _tj_store_stmt (self, "SELECT rev, gen, deleted FROM revs WHERE doc_id = ? AND leaf = 1",
                                     error);
  g_autoptr(GArray) leaves = g_array_new (FALSE, TRUE, sizeof (Leaf));
  int rc;

  g_array_set_clear_func (leaves, leaf_clear);
  if (st == NULL)
    return NULL;
  sqlite3_bind_int64 (st, 1, doc_id);
  while ((rc = sqlite3_step (st)) == SQLITE_ROW)
    {
      Leaf leaf = {
        g_strdup ((const char *) sqlite3_column_text (st, 0)),
        sqlite3_column_int (st, 1),
        sqlite3_column_int (st, 2) != 0,
      };
      g_array_append_val (leaves, leaf);
    }
  sqlite3_reset (st);
  if (rc != SQLITE_DONE)
    {
      _tj_store_set_sqlite_error (self, rc, error);
      return NULL;
    }
  g_array_sort (leaves, compare_leaves);
  return g_steal_pointer (&leaves);
}

gboolean
_tj_store_lookup_rev (TjStore     *self,
                      gint64       doc_id,
                      const char  *rev,
                      RevInfo     *info,
                      GError     **error)
{
  sqlite3_stmt *st = _tj_store_stmt (self,
                                     "SELECT gen, deleted, leaf, body IS NOT NULL, parent FROM revs "
                                     "WHERE doc_id = ? AND rev = ?", error);
  int rc;

  memset (info, 0, sizeof *info);
  if (st == NULL)
    return FALSE;
  sqlite3_bind_int64 (st, 1, doc_id);
  sqlite3_bind_text (st, 2, rev, -1, SQLITE_STATIC);
  rc = sqlite3_step (st);
  if (rc == SQLITE_ROW)
    {
      info->exists = TRUE;
      info->gen = sqlite3_column_int (st, 0);
      info->deleted = sqlite3_column_int (st, 1) != 0;
      info->leaf = sqlite3_column_int (st, 2) != 0;
      info->has_body = sqlite3_column_int (st, 3) != 0;
      info->parent = g_strdup ((const char *) sqlite3_column_text (st, 4));
    }
  sqlite3_reset (st);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return _tj_store_set_sqlite_error (self, rc, error);
  return TRUE;
}

void
_tj_store_rev_info_clear (RevInfo *info)
{
  g_clear_pointer (&info->parent, g_free);
}

gboolean
_tj_store_insert_rev (TjStore     *self,
                      gint64       doc_id,
                      const char  *rev,
                      int          gen,
                      const char  *parent,
                      gboolean     deleted,
                      gboolean     leaf,
                      const char  *body,
                      GError     **error)
{
  sqlite3_stmt *st = _tj_store_stmt (self,
                                     "INSERT INTO revs (doc_id, rev, gen, parent, deleted, leaf, body) "
                                     "VALUES (?, ?, ?, ?, ?, ?, ?)", error);
  if (st == NULL)
    return FALSE;
  sqlite3_bind_int64 (st, 1, doc_id);
  sqlite3_bind_text (st, 2, rev, -1, SQLITE_STATIC);
  sqlite3_bind_int (st, 3, gen);
  if (parent)
    sqlite3_bind_text (st, 4, parent, -1, SQLITE_STATIC);
  sqlite3_bind_int (st, 5, deleted);
  sqlite3_bind_int (st, 6, leaf);
  if (body)
    sqlite3_bind_text (st, 7, body, -1, SQLITE_STATIC);
  return _tj_store_step_done (self, st, error);
}

/* A revision that got a child is no longer a leaf: only leaves keep their
 * content (docs/SYNC.md: bodies of non-leaf revisions may be pruned). */
gboolean
_tj_store_demote_rev (TjStore     *self,
                      gint64       doc_id,
                      const char  *rev,
                      gboolean    *dropped_atts,
                      GError     **error)
{
  sqlite3_stmt *st = _tj_store_stmt (self, "UPDATE revs SET leaf = 0, body = NULL WHERE doc_id = ? AND rev = ?",
                                     error);
  if (st == NULL)
    return FALSE;
  sqlite3_bind_int64 (st, 1, doc_id);
  sqlite3_bind_text (st, 2, rev, -1, SQLITE_STATIC);
  if (!_tj_store_step_done (self, st, error))
    return FALSE;

  st = _tj_store_stmt (self, "DELETE FROM rev_atts WHERE doc_id = ? AND rev = ?", error);
  if (st == NULL)
    return FALSE;
  sqlite3_bind_int64 (st, 1, doc_id);
  sqlite3_bind_text (st, 2, rev, -1, SQLITE_STATIC);
  if (!_tj_store_step_done (self, st, error))
    return FALSE;
  if (sqlite3_changes (self->db) > 0)
    *dropped_atts = TRUE;
  return TRUE;
}

/* Keep only the revs_limit newest ancestors of every leaf. */
gboolean
_tj_store_stem (TjStore   *self,
                gint64     doc_id,
                gboolean  *dropped_atts,
                GError   **error)
{
  sqlite3_stmt *st = _tj_store_stmt (self, "SELECT COUNT(*) FROM revs WHERE doc_id = ?", error);
  g_autoptr(GHashTable) parents = NULL;
  g_autoptr(GHashTable) keep = NULL;
  g_autoptr(GPtrArray) leaves = NULL;
  g_autoptr(GPtrArray) drop = NULL;
  int count = 0;

  if (st == NULL)
    return FALSE;
  sqlite3_bind_int64 (st, 1, doc_id);
  if (sqlite3_step (st) == SQLITE_ROW)
    count = sqlite3_column_int (st, 0);
  sqlite3_reset (st);
  if (count <= (int) self->revs_limit)
    return TRUE;

  parents = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  keep = g_hash_table_new (g_str_hash, g_str_equal);
  leaves = g_ptr_array_new ();
  drop = g_ptr_array_new ();

  st = _tj_store_stmt (self, "SELECT rev, parent, leaf FROM revs WHERE doc_id = ?", error);
  if (st == NULL)
    return FALSE;
  sqlite3_bind_int64 (st, 1, doc_id);
  while (sqlite3_step (st) == SQLITE_ROW)
    {
      char *rev = g_strdup ((const char *) sqlite3_column_text (st, 0));
      g_hash_table_insert (parents, rev, g_strdup ((const char *) sqlite3_column_text (st, 1)));
      if (sqlite3_column_int (st, 2))
        g_ptr_array_add (leaves, rev);
    }
  sqlite3_reset (st);

  for (guint i = 0; i < leaves->len; i++)
    {
      const char *rev = g_ptr_array_index (leaves, i);
      for (guint depth = 0; rev && depth < self->revs_limit; depth++)
        {
          gpointer orig_key, value;
          if (!g_hash_table_lookup_extended (parents, rev, &orig_key, &value))
            break;
          g_hash_table_add (keep, orig_key);
          rev = value;
        }
    }

  {
    GHashTableIter iter;
    gpointer key;
    g_hash_table_iter_init (&iter, parents);
    while (g_hash_table_iter_next (&iter, &key, NULL))
      if (!g_hash_table_contains (keep, key))
        g_ptr_array_add (drop, key);
  }

  st = _tj_store_stmt (self, "DELETE FROM revs WHERE doc_id = ? AND rev = ?", error);
  if (st == NULL)
    return FALSE;
  for (guint i = 0; i < drop->len; i++)
    {
      sqlite3_bind_int64 (st, 1, doc_id);
      sqlite3_bind_text (st, 2, g_ptr_array_index (drop, i), -1, SQLITE_STATIC);
      if (!_tj_store_step_done (self, st, error))
        return FALSE;
      sqlite3_reset (st);
    }
  if (drop->len > 0)
    *dropped_atts = TRUE;
  return TRUE;
}

/* The revision just written, as the indexers see a winner: "_id", "_rev"
 * and its content. */
JsonObject *
_tj_store_written_winner (const char     *id,
                          const Written  *w,
                          GError        **error)
{
  JsonObject *winner;

  if (w->body)
    {
      g_autoptr(GList) members = json_object_get_members (w->body);

      winner = json_object_new ();
      json_object_set_string_member (winner, "_id", id);
      json_object_set_string_member (winner, "_rev", w->rev);
      for (GList *l = members; l; l = l->next)
        json_object_set_member (winner, l->data, json_node_copy (json_object_get_member (w->body, l->data)));
      return winner;
    }
  winner = tj_json_parse_object (w->text, -1, error);
  if (winner == NULL)
    return NULL;
  json_object_set_string_member (winner, "_id", id);
  json_object_set_string_member (winner, "_rev", w->rev);
  return winner;
}

/* After a write: recompute the winner, give the document the next sequence,
 * _tj_store_stem, and tell the indexers. */
gboolean
_tj_store_update_doc_row (TjStore        *self,
                          gint64          doc_id,
                          const char     *id,
                          const Written  *written,
                          GError        **error)
{
  g_autoptr(GArray) leaves = NULL;
  g_autoptr(JsonObject) winner = NULL;
  const char *type = NULL;
  const Leaf *win;
  guint live = 0;
  sqlite3_stmt *st;
  gboolean dropped_atts = FALSE;

  if (!_tj_store_stem (self, doc_id, &dropped_atts, error))
    return FALSE;
  if (dropped_atts && !_tj_store_drop_unused_blobs (self, error))
    return FALSE;

  leaves = _tj_store_load_leaves (self, doc_id, error);
  if (leaves == NULL)
    return FALSE;
  g_assert (leaves->len > 0);
  win = &g_array_index (leaves, Leaf, 0);
  for (guint i = 0; i < leaves->len; i++)
    if (!g_array_index (leaves, Leaf, i).deleted)
      live++;

  if (!win->deleted && (written->body || written->text) && !written->atts &&
      g_strcmp0 (win->rev, written->rev) == 0)
    {
      /* The revision just written won: hand it to the indexers as it is
       * instead of reading and parsing it back (a sixth of a write), and
       * only when there are indexers. */
      type = written->body ? tj_json_get_string (written->body, "type", NULL) : written->type;
      if (self->indexers->len > 0 && (winner = _tj_store_written_winner (id, written, error)) == NULL)
        return FALSE;
    }
  else if (!win->deleted)
    {
      winner = _tj_store_load_revision (self, doc_id, id, win->rev, TJ_GET_NONE, error);
      if (winner == NULL)
        return FALSE;
      type = tj_json_get_string (winner, "type", NULL);
    }

  st = _tj_store_stmt (self,
                       "UPDATE docs SET seq = ?, winner = ?, deleted = ?, conflicted = ?, type = ? "
                       "WHERE doc_id = ?", error);
  if (st == NULL)
    return FALSE;
  sqlite3_bind_int64 (st, 1, _tj_store_take_seq (self));
  sqlite3_bind_text (st, 2, win->rev, -1, SQLITE_STATIC);
  sqlite3_bind_int (st, 3, win->deleted);
  sqlite3_bind_int (st, 4, live > 1);
  if (type)
    sqlite3_bind_text (st, 5, type, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (st, 6, doc_id);
  if (!_tj_store_step_done (self, st, error))
    return FALSE;

  return _tj_store_tell_indexers (self, id, win->deleted ? NULL : winner, error);
}

JsonArray *
_tj_store_revisions_path (TjStore    *self,
                          gint64      doc_id,
                          const char *rev,
                          int        *start)
{
  JsonArray *ids = json_array_new ();
  g_autofree char *cur = g_strdup (rev);
  int gen = 0;

  _tj_store_parse_rev (rev, start, NULL);
  for (guint depth = 0; cur && depth < self->revs_limit; depth++)
    {
      RevInfo info;
      const char *hash;

      if (!_tj_store_parse_rev (cur, &gen, &hash))
        break;
      if (!_tj_store_lookup_rev (self, doc_id, cur, &info, NULL) || !info.exists)
        {
          _tj_store_rev_info_clear (&info);
          break;
        }
      json_array_add_string_element (ids, hash);
      g_free (cur);
      cur = g_steal_pointer (&info.parent);
      _tj_store_rev_info_clear (&info);
    }
  return ids;
}

JsonObject *
_tj_store_load_revision (TjStore     *self,
                         gint64       doc_id,
                         const char  *id,
                         const char  *rev,
                         TjGetFlags   flags,
                         GError     **error)
{
  sqlite3_stmt *st = _tj_store_stmt (self, "SELECT body, deleted FROM revs WHERE doc_id = ? AND rev = ?", error);
  g_autoptr(JsonObject) body = NULL;
  g_autoptr(GPtrArray) atts = NULL;
  JsonObject *doc;
  gboolean deleted = FALSE;
  int rc;

  if (st == NULL)
    return NULL;
  sqlite3_bind_int64 (st, 1, doc_id);
  sqlite3_bind_text (st, 2, rev, -1, SQLITE_STATIC);
  rc = sqlite3_step (st);
  if (rc == SQLITE_ROW && sqlite3_column_type (st, 0) != SQLITE_NULL)
    {
      body = tj_json_parse_object ((const char *) sqlite3_column_text (st, 0), -1, NULL);
      deleted = sqlite3_column_int (st, 1) != 0;
    }
  sqlite3_reset (st);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    {
      _tj_store_set_sqlite_error (self, rc, error);
      return NULL;
    }
  if (body == NULL)
    {
      g_set_error (error, TJ_ERROR, TJ_ERROR_NOT_FOUND,
                   _("Document %s has no revision %s (or its content was not kept)"), id, rev);
      return NULL;
    }

  doc = json_object_new ();
  json_object_set_string_member (doc, "_id", id);
  json_object_set_string_member (doc, "_rev", rev);
  if (deleted)
    json_object_set_boolean_member (doc, "_deleted", TRUE);
  {
    g_autoptr(GList) members = json_object_get_members (body);
    for (GList *l = members; l; l = l->next)
      json_object_set_member (doc, l->data, json_node_copy (json_object_get_member (body, l->data)));
  }

  atts = _tj_store_load_atts (self, doc_id, rev, error);
  if (atts == NULL)
    {
      json_object_unref (doc);
      return NULL;
    }
  if (atts->len > 0)
    {
      JsonObject *obj = json_object_new ();
      for (guint i = 0; i < atts->len; i++)
        {
          Att *att = g_ptr_array_index (atts, i);
          JsonObject *a = json_object_new ();
          json_object_set_string_member (a, "content_type", att->content_type);
          json_object_set_string_member (a, "digest", att->digest);
          json_object_set_int_member (a, "length", att->length);
          json_object_set_int_member (a, "revpos", att->revpos);
          if (flags & TJ_GET_ATTACHMENTS)
            {
              g_autoptr(GBytes) bytes = _tj_store_load_blob (self, att->digest);
              gsize len = 0;
              const guint8 *data = bytes ? g_bytes_get_data (bytes, &len) : NULL;
              g_autofree char *b64 = data ? g_base64_encode (data, len) : g_strdup ("");
              json_object_set_string_member (a, "data", b64);
            }
          else
            json_object_set_boolean_member (a, "stub", TRUE);
          json_object_set_object_member (obj, att->name, a);
        }
      json_object_set_object_member (doc, "_attachments", obj);
    }

  if (flags & (TJ_GET_CONFLICTS | TJ_GET_DELETED_CONFLICTS))
    {
      g_autoptr(GArray) leaves = _tj_store_load_leaves (self, doc_id, NULL);
      JsonArray *conflicts = json_array_new ();
      JsonArray *deleted_conflicts = json_array_new ();

      for (guint i = 1; leaves && i < leaves->len; i++)
        {
          Leaf *leaf = &g_array_index (leaves, Leaf, i);
          json_array_add_string_element (leaf->deleted ? deleted_conflicts : conflicts, leaf->rev);
        }
      if ((flags & TJ_GET_CONFLICTS) && json_array_get_length (conflicts) > 0)
        json_object_set_array_member (doc, "_conflicts", json_array_ref (conflicts));
      if ((flags & TJ_GET_DELETED_CONFLICTS) && json_array_get_length (deleted_conflicts) > 0)
        json_object_set_array_member (doc, "_deleted_conflicts", json_array_ref (deleted_conflicts));
      json_array_unref (conflicts);
      json_array_unref (deleted_conflicts);
    }

  if (flags & TJ_GET_REVS)
    {
      int start = 0;
      JsonArray *ids = _tj_store_revisions_path (self, doc_id, rev, &start);
      JsonObject *revisions = json_object_new ();
      json_object_set_int_member (revisions, "start", start);
      json_object_set_array_member (revisions, "ids", ids);
      json_object_set_object_member (doc, "_revisions", revisions);
    }
  return doc;
}

gboolean
_tj_store_doc_row (TjStore     *self,
                   const char  *id,
                   gint64      *doc_id,
                   char       **winner,
                   gboolean    *deleted,
                   GError     **error)
{
  sqlite3_stmt *st = _tj_store_stmt (self, "SELECT doc_id, winner, deleted FROM docs WHERE id = ?", error);
  int rc;

  if (st == NULL)
    return FALSE;
  sqlite3_bind_text (st, 1, id, -1, SQLITE_STATIC);
  rc = sqlite3_step (st);
  if (rc == SQLITE_ROW)
    {
      *doc_id = sqlite3_column_int64 (st, 0);
      *winner = g_strdup ((const char *) sqlite3_column_text (st, 1));
      *deleted = sqlite3_column_int (st, 2) != 0;
    }
  sqlite3_reset (st);
  if (rc == SQLITE_ROW)
    return TRUE;
  if (rc == SQLITE_DONE)
    g_set_error (error, TJ_ERROR, TJ_ERROR_NOT_FOUND, _("No document with the id %s"), id);
  else
    _tj_store_set_sqlite_error (self, rc, error);
  return FALSE;
}

JsonObject *
tj_store_get (TjStore     *self,
              const char  *id,
              const char  *rev,
              TjGetFlags   flags,
              GError     **error)
{
  g_autofree char *winner = NULL;
  gint64 doc_id;
  gboolean deleted;

  g_return_val_if_fail (TJ_IS_STORE (self), NULL);
  g_return_val_if_fail (id != NULL, NULL);

  if (g_str_has_prefix (id, "_local/"))
    return tj_store_get_local (self, id, error);

  if (!_tj_store_doc_row (self, id, &doc_id, &winner, &deleted, error))
    return NULL;
  if (rev == NULL && deleted && !(flags & TJ_GET_DELETED))
    {
      g_set_error (error, TJ_ERROR, TJ_ERROR_NOT_FOUND, _("Document %s was deleted"), id);
      return NULL;
    }
  return _tj_store_load_revision (self, doc_id, id, rev ? rev : winner, flags, error);
}

JsonArray *
tj_store_get_leaves (TjStore     *self,
                     const char  *id,
                     GError     **error)
{
  g_autoptr(GArray) leaves = NULL;
  JsonArray *out;
  gint64 doc_id;

  g_return_val_if_fail (TJ_IS_STORE (self), NULL);

  doc_id = _tj_store_lookup_doc (self, id, error);
  if (doc_id < 0)
    return NULL;
  if (doc_id == 0)
    {
      g_set_error (error, TJ_ERROR, TJ_ERROR_NOT_FOUND, _("No document with the id %s"), id);
      return NULL;
    }
  leaves = _tj_store_load_leaves (self, doc_id, error);
  if (leaves == NULL)
    return NULL;
  out = json_array_new ();
  for (guint i = 0; i < leaves->len; i++)
    {
      Leaf *leaf = &g_array_index (leaves, Leaf, i);
      JsonObject *o = json_object_new ();
      json_object_set_string_member (o, "rev", leaf->rev);
      json_object_set_boolean_member (o, "deleted", leaf->deleted);
      json_array_add_object_element (out, o);
    }
  return out;
}

gboolean
_tj_store_validate_id (const char  *id,
                       GError     **error)
{
  if (id == NULL || *id == '\0')
    {
      g_set_error (error, TJ_ERROR, TJ_ERROR_INVALID, _("_id must be a non-empty string"));
      return FALSE;
    }
  if (!g_utf8_validate (id, -1, NULL))
    {
      g_set_error (error, TJ_ERROR, TJ_ERROR_INVALID, _("_id is not valid UTF-8"));
      return FALSE;
    }
  if (id[0] == '_' && !g_str_has_prefix (id, "_design/"))
    {
      g_set_error (error, TJ_ERROR, TJ_ERROR_INVALID,
                   _("_id “%s”: ids starting with “_” are reserved"), id);
      return FALSE;
    }
  return TRUE;
}

/* Writes document @id, new to the store, with its first revision @rev
 * (@body as an object and as its canonical @body_text, @atts collected);
 * @body is then the winner given to the indexers. */
static gboolean
put_new_local (TjStore     *self,
               const char  *id,
               const char  *rev,
               gboolean     deleted,
               JsonObject  *body,
               const char  *body_text,
               GPtrArray   *atts,
               GError     **error)
{
  g_autoptr(JsonObject) winner = NULL;
  gboolean has_atts = atts->len > 0;
  gint64 doc_id;

  doc_id = _tj_store_insert_new_doc (self, id, rev, deleted, tj_json_get_string (body, "type", NULL), error);
  if (doc_id < 0 ||
      !_tj_store_insert_rev (self, doc_id, rev, 1, NULL, deleted, TRUE, body_text, error) ||
      !_tj_store_save_atts (self, doc_id, rev, atts, error))
    return FALSE;
  if (!deleted && self->indexers->len > 0)
    {
      if (has_atts)
        winner = _tj_store_load_revision (self, doc_id, id, rev, TJ_GET_NONE, error);
      else
        {
          /* @body is ours and written: it becomes the winner the indexers
           * see, without a copy. */
          json_object_set_string_member (body, "_id", id);
          json_object_set_string_member (body, "_rev", rev);
          winner = json_object_ref (body);
        }
      if (winner == NULL)
        return FALSE;
    }
  return _tj_store_tell_indexers (self, id, winner, error);
}

static char *
put_in_transaction (TjStore     *self,
                    JsonObject  *doc,
                    char       **out_id,
                    GError     **error)
{
  g_autofree char *id = NULL;
  g_autofree char *parent = NULL;
  g_autofree char *body_text = NULL;
  g_autofree char *atts_text = NULL;
  g_autofree char *hash = NULL;
  g_autoptr(JsonObject) body = NULL;
  g_autoptr(GPtrArray) parent_atts = NULL;
  g_autoptr(GPtrArray) atts = NULL;
  const char *given_rev;
  gboolean deleted;
  gboolean dropped = FALSE;
  gint64 doc_id;
  int gen = 0;
  char *rev;

  if (json_object_has_member (doc, "_id") && tj_json_get_string (doc, "_id", NULL) == NULL)
    {
      g_set_error (error, TJ_ERROR, TJ_ERROR_INVALID, _("_id must be a string"));
      return NULL;
    }
  id = g_strdup (tj_json_get_string (doc, "_id", NULL));
  if (id == NULL)
    id = tj_store_new_id ();
  if (!_tj_store_validate_id (id, error) || !tj_json_check_document (doc, id, error))
    return NULL;

  given_rev = tj_json_get_string (doc, "_rev", NULL);
  if (json_object_has_member (doc, "_rev") && given_rev == NULL)
    {
      g_set_error (error, TJ_ERROR, TJ_ERROR_INVALID, _("Document %s: _rev must be a string"), id);
      return NULL;
    }
  deleted = tj_json_get_bool (doc, "_deleted", FALSE);

  doc_id = _tj_store_lookup_doc (self, id, error);
  if (doc_id < 0)
    return NULL;

  if (doc_id == 0)
    {
      if (given_rev)
        {
          g_set_error (error, TJ_ERROR, TJ_ERROR_CONFLICT,
                       _("Document %s does not exist, so revision %s cannot be updated"), id, given_rev);
          return NULL;
        }
      /* Its row is written with its revision, below. */
    }
  else if (given_rev)
    {
      RevInfo info;
      if (!_tj_store_lookup_rev (self, doc_id, given_rev, &info, error))
        return NULL;
      if (!info.exists || !info.leaf)
        {
          _tj_store_rev_info_clear (&info);
          g_set_error (error, TJ_ERROR, TJ_ERROR_CONFLICT,
                       _("Document %s was changed meanwhile: %s is not its current revision"),
                       id, given_rev);
          return NULL;
        }
      gen = info.gen;
      _tj_store_rev_info_clear (&info);
      parent = g_strdup (given_rev);
    }
  else
    {
      g_autoptr(GArray) leaves = _tj_store_load_leaves (self, doc_id, error);
      Leaf *win;
      if (leaves == NULL)
        return NULL;
      win = &g_array_index (leaves, Leaf, 0);
      if (!win->deleted)
        {
          g_set_error (error, TJ_ERROR, TJ_ERROR_CONFLICT,
                       _("Document %s already exists; give its current _rev to update it"), id);
          return NULL;
        }
      /* Re-creating a deleted document continues its tombstone branch. */
      gen = win->gen;
      parent = g_strdup (win->rev);
    }

  if (parent)
    {
      parent_atts = _tj_store_load_atts (self, doc_id, parent, error);
      if (parent_atts == NULL)
        return NULL;
    }
  atts = _tj_store_collect_atts (self, id, json_object_get_member (doc, "_attachments"), parent_atts, gen + 1, FALSE, error);
  if (atts == NULL)
    return NULL;

  body = _tj_store_body_of (doc);
  body_text = tj_json_canonical_object (body);
  atts_text = _tj_store_canonical_atts (atts);
  hash = rev_hash (parent, deleted, body_text, atts_text);
  rev = g_strdup_printf ("%d-%s", gen + 1, hash);

  if (doc_id == 0)
    {
      /* A new document (most of an import): its row, its one revision and
       * the indexers, with nothing to _tj_store_stem, load or compare. */
      if (!put_new_local (self, id, rev, deleted, body, body_text, atts, error))
        {
          g_free (rev);
          return NULL;
        }
      if (out_id)
        *out_id = g_steal_pointer (&id);
      return rev;
    }

  if ((parent && !_tj_store_demote_rev (self, doc_id, parent, &dropped, error)) ||
      !_tj_store_insert_rev (self, doc_id, rev, gen + 1, parent, deleted, TRUE, body_text, error) ||
      !_tj_store_save_atts (self, doc_id, rev, atts, error) ||
      (dropped && !_tj_store_drop_unused_blobs (self, error)) ||
      !_tj_store_update_doc_row (self, doc_id, id, &(Written) { rev, body, NULL, NULL, atts->len > 0 }, error))
    {
      g_free (rev);
      return NULL;
    }

  if (out_id)
    *out_id = g_steal_pointer (&id);
  return rev;
}

char *
tj_store_put (TjStore     *self,
              JsonObject  *doc,
              char       **out_id,
              GError     **error)
{
  char *rev;

  g_return_val_if_fail (TJ_IS_STORE (self), NULL);
  g_return_val_if_fail (doc != NULL, NULL);

  if (!tj_store_begin (self, error))
    return NULL;
  rev = put_in_transaction (self, doc, out_id, error);
  if (rev == NULL || !tj_store_commit (self, error))
    {
      if (rev == NULL)
        tj_store_rollback (self);
      g_clear_pointer (&rev, g_free);
      if (out_id)
        g_clear_pointer (out_id, g_free);
      return NULL;
    }
  return rev;
}

char *
tj_store_delete (TjStore     *self,
                 const char  *id,
                 const char  *rev,
                 GError     **error)
{
  g_autoptr(JsonObject) doc = json_object_new ();

  g_return_val_if_fail (TJ_IS_STORE (self), NULL);
  json_object_set_string_member (doc, "_id", id);
  if (rev)
    json_object_set_string_member (doc, "_rev", rev);
  json_object_set_boolean_member (doc, "_deleted", TRUE);
  return tj_store_put (self, doc, NULL, error);
}

/* The winning revision of @id and whether it is a deletion, as the docs
 * table keeps them. FALSE with TJ_ERROR_NOT_FOUND when the store has no
 * such document. */
gboolean
tj_store_get_winner (TjStore     *self,
                     const char  *id,
                     char       **out_rev,
                     gboolean    *out_deleted,
                     GError     **error)
{
  gint64 doc_id;

  g_return_val_if_fail (TJ_IS_STORE (self), FALSE);
  return _tj_store_doc_row (self, id, &doc_id, out_rev, out_deleted, error);
}

char *
tj_store_resolve_conflict (TjStore     *self,
                           JsonObject  *winner,
                           GError     **error)
{
  const char *id;
  const char *base;
  g_autoptr(GArray) leaves = NULL;
  g_autofree char *new_rev = NULL;
  gint64 doc_id;

  g_return_val_if_fail (TJ_IS_STORE (self), NULL);

  id = tj_json_get_string (winner, "_id", NULL);
  base = tj_json_get_string (winner, "_rev", NULL);
  if (id == NULL || base == NULL)
    {
      g_set_error (error, TJ_ERROR, TJ_ERROR_INVALID,
                   _("A resolution needs the _id and the _rev of the version it builds on"));
      return NULL;
    }

  if (!tj_store_begin (self, error))
    return NULL;

  doc_id = _tj_store_lookup_doc (self, id, error);
  if (doc_id == 0)
    g_set_error (error, TJ_ERROR, TJ_ERROR_NOT_FOUND, _("No document with the id %s"), id);
  if (doc_id <= 0)
    goto fail;
  leaves = _tj_store_load_leaves (self, doc_id, error);
  if (leaves == NULL)
    goto fail;

  new_rev = put_in_transaction (self, winner, NULL, error);
  if (new_rev == NULL)
    goto fail;

  /* Delete every other live leaf: deterministic ids (parent + tombstone)
   * make two stations' identical resolutions converge instead of
   * conflicting again. */
  for (guint i = 0; i < leaves->len; i++)
    {
      Leaf *leaf = &g_array_index (leaves, Leaf, i);
      g_autoptr(JsonObject) tomb = NULL;
      g_autofree char *r = NULL;

      if (leaf->deleted || g_strcmp0 (leaf->rev, base) == 0)
        continue;
      tomb = json_object_new ();
      json_object_set_string_member (tomb, "_id", id);
      json_object_set_string_member (tomb, "_rev", leaf->rev);
      json_object_set_boolean_member (tomb, "_deleted", TRUE);
      r = put_in_transaction (self, tomb, NULL, error);
      if (r == NULL)
        goto fail;
    }

  if (!tj_store_commit (self, error))
    return NULL;
  return g_steal_pointer (&new_rev);

fail:
  tj_store_rollback (self);
  return NULL;
}

JsonArray *
tj_store_list_conflicts (TjStore  *self,
                         GError  **error)
{
  sqlite3_stmt *st;
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GArray) doc_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  JsonArray *out;
  int rc;

  g_return_val_if_fail (TJ_IS_STORE (self), NULL);

  st = _tj_store_stmt (self, "SELECT doc_id, id FROM docs WHERE conflicted = 1 ORDER BY id", error);
  if (st == NULL)
    return NULL;
  while ((rc = sqlite3_step (st)) == SQLITE_ROW)
    {
      gint64 doc_id = sqlite3_column_int64 (st, 0);
      g_array_append_val (doc_ids, doc_id);
      g_ptr_array_add (ids, g_strdup ((const char *) sqlite3_column_text (st, 1)));
    }
  sqlite3_reset (st);
  if (rc != SQLITE_DONE)
    {
      _tj_store_set_sqlite_error (self, rc, error);
      return NULL;
    }

  out = json_array_new ();
  for (guint i = 0; i < ids->len; i++)
    {
      g_autoptr(GArray) leaves = _tj_store_load_leaves (self, g_array_index (doc_ids, gint64, i), NULL);
      JsonObject *o = json_object_new ();
      JsonArray *conflicts = json_array_new ();

      json_object_set_string_member (o, "id", g_ptr_array_index (ids, i));
      for (guint j = 0; leaves && j < leaves->len; j++)
        {
          Leaf *leaf = &g_array_index (leaves, Leaf, j);
          if (j == 0)
            json_object_set_string_member (o, "winner", leaf->rev);
          else if (!leaf->deleted)
            json_array_add_string_element (conflicts, leaf->rev);
        }
      json_object_set_array_member (o, "conflicts", conflicts);
      json_array_add_object_element (out, o);
    }
  return out;
}
