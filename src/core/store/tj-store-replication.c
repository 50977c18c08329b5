/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The store: writes of replicated revisions (new_edits=false), conflicts,
 * revs_diff, the changes feed and _local documents. */
#define G_LOG_DOMAIN "Tiaojie-Store"

#include "tj-store-private.h"
#include "tj-json.h"
#include "tj-i18n.h"

#include <string.h>

/* Whether the winner of document @doc_id is a deletion. */
static gboolean
winner_deleted (TjStore *self,
                gint64   doc_id)
{
  sqlite3_stmt *st = _tj_store_stmt (self, "SELECT deleted FROM docs WHERE doc_id = ?", NULL);
  gboolean deleted = FALSE;

  if (st == NULL)
    return FALSE;
  sqlite3_bind_int64 (st, 1, doc_id);
  if (sqlite3_step (st) == SQLITE_ROW)
    deleted = sqlite3_column_int (st, 0) != 0;
  sqlite3_reset (st);
  return deleted;
}

static gboolean
put_replicated_in_transaction (TjStore              *self,
                               JsonObject           *doc,
                               TjReplicatedOutcome  *outcome,
                               GError              **error)
{
  gboolean existed, was_deleted = FALSE, attach_was_leaf = FALSE;
  const char *id = tj_json_get_string (doc, "_id", NULL);
  const char *rev = tj_json_get_string (doc, "_rev", NULL);
  JsonObject *revisions = tj_json_get_object (doc, "_revisions");
  g_autoptr(GPtrArray) path = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) atts = NULL;
  g_autoptr(JsonObject) body = NULL;
  g_autofree char *body_text = NULL;
  const char *hash;
  gboolean deleted = tj_json_get_bool (doc, "_deleted", FALSE);
  gboolean dropped = FALSE;
  gint64 doc_id;
  int gen;
  int attach = -1;
  guint i;

  if (id == NULL || !_tj_store_validate_id (id, error))
    {
      if (id == NULL)
        g_set_error (error, TJ_ERROR, TJ_ERROR_INVALID, _("A replicated document has no _id"));
      return FALSE;
    }
  /* The same rules as a local write: what is refused here is what a
   * station would refuse to write itself (depth, UTF-8, numbers). */
  if (!tj_json_check_document (doc, id, error))
    return FALSE;
  if (!_tj_store_parse_rev (rev, &gen, &hash))
    {
      g_set_error (error, TJ_ERROR, TJ_ERROR_INVALID,
                   _("Document %s: _rev “%s” is not a revision id (N-hash)"), id, rev ? rev : "");
      return FALSE;
    }

  if (revisions)
    {
      JsonArray *ids = tj_json_get_array (revisions, "ids");
      gint64 start = tj_json_get_int (revisions, "start", -1);
      guint n = ids ? json_array_get_length (ids) : 0;

      if (ids == NULL || n == 0 || start != gen || (gint64) n > start)
        {
          g_set_error (error, TJ_ERROR, TJ_ERROR_INVALID,
                       _("Document %s: _revisions does not match _rev %s"), id, rev);
          return FALSE;
        }
      for (i = 0; i < n; i++)
        {
          JsonNode *node = json_array_get_element (ids, i);
          if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING ||
              *json_node_get_string (node) == '\0')
            {
              g_set_error (error, TJ_ERROR, TJ_ERROR_INVALID,
                           _("Document %s: _revisions.ids[%u] is not a revision hash"), id, i);
              return FALSE;
            }
          g_ptr_array_add (path, g_strdup_printf ("%" G_GINT64_FORMAT "-%s", start - i,
                                                  json_node_get_string (node)));
        }
      if (g_strcmp0 (g_ptr_array_index (path, 0), rev) != 0)
        {
          g_set_error (error, TJ_ERROR, TJ_ERROR_INVALID,
                       _("Document %s: _revisions does not match _rev %s"), id, rev);
          return FALSE;
        }
    }
  else
    g_ptr_array_add (path, g_strdup (rev));

  if (outcome)
    *outcome = TJ_REPLICATED_PLAIN;
  doc_id = _tj_store_lookup_doc (self, id, error);
  if (doc_id < 0)
    return FALSE;
  existed = doc_id != 0;
  if (existed && outcome)
    was_deleted = winner_deleted (self, doc_id);
  if (doc_id == 0)
    {
      doc_id = _tj_store_create_doc (self, id, error);
      if (doc_id < 0)
        return FALSE;
    }

  /* The newest revision of the path that we already have: graft there. */
  for (i = 0; i < path->len; i++)
    {
      RevInfo info;
      if (!_tj_store_lookup_rev (self, doc_id, g_ptr_array_index (path, i), &info, error))
        return FALSE;
      _tj_store_rev_info_clear (&info);
      if (info.exists)
        {
          attach = (int) i;
          break;
        }
    }
  if (attach == 0)
    return TRUE; /* already known: replication delivers changes more than once */

  atts = _tj_store_collect_atts (self, id, doc, NULL, gen, TRUE, error);
  if (atts == NULL)
    return FALSE;

  if (attach > 0)
    {
      RevInfo info;
      if (!_tj_store_lookup_rev (self, doc_id, g_ptr_array_index (path, attach), &info, error))
        return FALSE;
      if (info.leaf && !_tj_store_demote_rev (self, doc_id, g_ptr_array_index (path, attach), &dropped, error))
        {
          _tj_store_rev_info_clear (&info);
          return FALSE;
        }
      attach_was_leaf = info.leaf;
      _tj_store_rev_info_clear (&info);
    }

  body = _tj_store_body_of (doc);
  body_text = tj_json_canonical_object (body);
  {
    int top = attach > 0 ? attach - 1 : (int) path->len - 1;
    for (int j = top; j >= 0; j--)
      {
        const char *r = g_ptr_array_index (path, j);
        const char *p = (j + 1 < (int) path->len) ? g_ptr_array_index (path, j + 1) : NULL;
        int g;
        _tj_store_parse_rev (r, &g, NULL);
        if (!_tj_store_insert_rev (self, doc_id, r, g, p, j == 0 ? deleted : FALSE, j == 0,
                                   j == 0 ? body_text : NULL, error))
          return FALSE;
      }
  }

  if (!_tj_store_save_atts (self, doc_id, rev, atts, error) ||
      (dropped && !_tj_store_drop_unused_blobs (self, error)) ||
      !_tj_store_update_doc_row (self, doc_id, id, rev, body, atts->len > 0, error))
    return FALSE;

  /* docs/SYNC.md: an edit on one branch beats a delete on another, and a
   * deleted document can come back; say so rather than hide it. A
   * deletion that forks from history this store had already edited past
   * (it grafts below a revision that was no longer a leaf) lost to the
   * edit; a live revision that makes a deleted document live again
   * revived it. A deletion continuing a leaf is an ordinary delete, or a
   * conflict being resolved elsewhere. */
  if (outcome && existed)
    {
      gboolean now_deleted = winner_deleted (self, doc_id);
      if (was_deleted && !now_deleted && !deleted)
        *outcome = TJ_REPLICATED_REVIVED;
      else if (!was_deleted && !now_deleted && deleted && attach > 0 && !attach_was_leaf)
        *outcome = TJ_REPLICATED_DELETION_LOST;
    }
  return TRUE;
}

gboolean
tj_store_put_replicated (TjStore     *self,
                         JsonObject  *doc,
                         GError     **error)
{
  g_return_val_if_fail (TJ_IS_STORE (self), FALSE);
  g_return_val_if_fail (doc != NULL, FALSE);

  if (!tj_store_begin (self, error))
    return FALSE;
  if (!put_replicated_in_transaction (self, doc, NULL, error))
    {
      tj_store_rollback (self);
      return FALSE;
    }
  return tj_store_commit (self, error);
}

gboolean
tj_store_put_replicated_full (TjStore              *self,
                              JsonObject           *doc,
                              TjReplicatedOutcome  *outcome,
                              GError              **error)
{
  g_return_val_if_fail (TJ_IS_STORE (self), FALSE);
  g_return_val_if_fail (doc != NULL, FALSE);
  g_return_val_if_fail (outcome != NULL, FALSE);

  if (!tj_store_begin (self, error))
    return FALSE;
  if (!put_replicated_in_transaction (self, doc, outcome, error))
    {
      tj_store_rollback (self);
      return FALSE;
    }
  return tj_store_commit (self, error);
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

  new_rev = _tj_store_put_in_transaction (self, winner, NULL, error);
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
      r = _tj_store_put_in_transaction (self, tomb, NULL, error);
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

/* ------------------------------------------------------------------ */
/* Replication helpers                                                  */

JsonObject *
tj_store_revs_diff (TjStore     *self,
                    JsonObject  *request,
                    GError     **error)
{
  g_autoptr(JsonObject) out = json_object_new ();
  g_autoptr(GList) ids = NULL;

  g_return_val_if_fail (TJ_IS_STORE (self), NULL);

  ids = json_object_get_members (request);
  for (GList *l = ids; l; l = l->next)
    {
      const char *id = l->data;
      JsonArray *revs = tj_json_get_array (request, id);
      JsonArray *missing;
      g_autoptr(GArray) leaves = NULL;
      gint64 doc_id;
      int max_missing_gen = 0;

      if (revs == NULL)
        {
          tj_set_invalid (error, "revs_diff",
                       _("revs_diff: the revisions of %s must be an array"), id);
          return NULL;
        }
      doc_id = _tj_store_lookup_doc (self, id, error);
      if (doc_id < 0)
        return NULL;

      missing = json_array_new ();
      for (guint i = 0; i < json_array_get_length (revs); i++)
        {
          JsonNode *node = json_array_get_element (revs, i);
          const char *rev;
          RevInfo info = { 0 };
          int gen;

          if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
            continue;
          rev = json_node_get_string (node);
          if (!_tj_store_parse_rev (rev, &gen, NULL))
            continue;
          if (doc_id > 0 && !_tj_store_lookup_rev (self, doc_id, rev, &info, error))
            {
              json_array_unref (missing);
              return NULL;
            }
          if (!info.exists)
            {
              json_array_add_string_element (missing, rev);
              max_missing_gen = MAX (max_missing_gen, gen);
            }
          _tj_store_rev_info_clear (&info);
        }

      if (json_array_get_length (missing) == 0)
        {
          json_array_unref (missing);
          continue;
        }

      {
        JsonObject *entry = json_object_new ();
        json_object_set_array_member (entry, "missing", missing);
        if (doc_id > 0 && (leaves = _tj_store_load_leaves (self, doc_id, NULL)) != NULL)
          {
            JsonArray *anc = json_array_new ();
            for (guint i = 0; i < leaves->len; i++)
              {
                Leaf *leaf = &g_array_index (leaves, Leaf, i);
                if (leaf->gen < max_missing_gen)
                  json_array_add_string_element (anc, leaf->rev);
              }
            if (json_array_get_length (anc) > 0)
              json_object_set_array_member (entry, "possible_ancestors", anc);
            else
              json_array_unref (anc);
          }
        json_object_set_object_member (out, id, entry);
      }
    }
  return g_steal_pointer (&out);
}

JsonObject *
tj_store_changes (TjStore     *self,
                  gint64       since,
                  guint        limit,
                  GError     **error)
{
  sqlite3_stmt *st;
  g_autoptr(JsonObject) out = json_object_new ();
  JsonArray *results = json_array_new ();
  gint64 last = since;
  int rc;

  g_return_val_if_fail (TJ_IS_STORE (self), NULL);

  json_object_set_array_member (out, "results", results);

  st = _tj_store_stmt (self, "SELECT doc_id, id, seq, deleted FROM docs WHERE seq > ? ORDER BY seq LIMIT ?",
                       error);
  if (st == NULL)
    return NULL;
  sqlite3_bind_int64 (st, 1, since);
  sqlite3_bind_int64 (st, 2, limit ? (gint64) limit : -1);

  /* Collect rows first: _tj_store_load_leaves() reuses the statement cache. */
  {
    g_autoptr(GArray) rows = g_array_new (FALSE, FALSE, sizeof (gint64));
    g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
    g_autoptr(GArray) seqs = g_array_new (FALSE, FALSE, sizeof (gint64));
    g_autoptr(GArray) dels = g_array_new (FALSE, FALSE, sizeof (gboolean));

    while ((rc = sqlite3_step (st)) == SQLITE_ROW)
      {
        gint64 doc_id = sqlite3_column_int64 (st, 0);
        gint64 seq = sqlite3_column_int64 (st, 2);
        gboolean del = sqlite3_column_int (st, 3) != 0;
        g_array_append_val (rows, doc_id);
        g_ptr_array_add (ids, g_strdup ((const char *) sqlite3_column_text (st, 1)));
        g_array_append_val (seqs, seq);
        g_array_append_val (dels, del);
      }
    sqlite3_reset (st);
    if (rc != SQLITE_DONE)
      {
        _tj_store_set_sqlite_error (self, rc, error);
        return NULL;
      }

    for (guint i = 0; i < rows->len; i++)
      {
        g_autoptr(GArray) leaves = _tj_store_load_leaves (self, g_array_index (rows, gint64, i), error);
        JsonObject *row;
        JsonArray *changes;

        if (leaves == NULL)
          return NULL;
        row = json_object_new ();
        changes = json_array_new ();
        json_object_set_int_member (row, "seq", g_array_index (seqs, gint64, i));
        json_object_set_string_member (row, "id", g_ptr_array_index (ids, i));
        for (guint j = 0; j < leaves->len; j++)
          {
            JsonObject *c = json_object_new ();
            json_object_set_string_member (c, "rev", g_array_index (leaves, Leaf, j).rev);
            json_array_add_object_element (changes, c);
          }
        json_object_set_array_member (row, "changes", changes);
        if (g_array_index (dels, gboolean, i))
          json_object_set_boolean_member (row, "deleted", TRUE);
        json_array_add_object_element (results, row);
        last = g_array_index (seqs, gint64, i);
      }
    if (rows->len == 0)
      last = MAX (since, tj_store_get_update_seq (self));
  }

  json_object_set_int_member (out, "last_seq", last);
  return g_steal_pointer (&out);
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

/* ------------------------------------------------------------------ */
/* _local documents                                                     */

JsonObject *
tj_store_get_local (TjStore     *self,
                    const char  *id,
                    GError     **error)
{
  sqlite3_stmt *st;
  JsonObject *doc = NULL;
  int rc;

  g_return_val_if_fail (TJ_IS_STORE (self), NULL);

  st = _tj_store_stmt (self, "SELECT rev, body FROM local_docs WHERE id = ?", error);
  if (st == NULL)
    return NULL;
  sqlite3_bind_text (st, 1, id, -1, SQLITE_STATIC);
  rc = sqlite3_step (st);
  if (rc == SQLITE_ROW)
    {
      g_autoptr(JsonObject) body = tj_json_parse_object ((const char *) sqlite3_column_text (st, 1), -1, NULL);
      doc = json_object_new ();
      json_object_set_string_member (doc, "_id", id);
      json_object_set_string_member (doc, "_rev", (const char *) sqlite3_column_text (st, 0));
      if (body)
        {
          g_autoptr(GList) members = json_object_get_members (body);
          for (GList *l = members; l; l = l->next)
            json_object_set_member (doc, l->data, json_node_copy (json_object_get_member (body, l->data)));
        }
    }
  sqlite3_reset (st);
  if (rc == SQLITE_DONE)
    g_set_error (error, TJ_ERROR, TJ_ERROR_NOT_FOUND, _("No document with the id %s"), id);
  else if (rc != SQLITE_ROW)
    _tj_store_set_sqlite_error (self, rc, error);
  return doc;
}

gboolean
tj_store_put_local (TjStore     *self,
                    const char  *id,
                    JsonObject  *doc,
                    GError     **error)
{
  g_autoptr(JsonObject) body = NULL;
  g_autofree char *text = NULL;
  g_autofree char *rev = NULL;
  sqlite3_stmt *st;
  gint64 n = 0;

  g_return_val_if_fail (TJ_IS_STORE (self), FALSE);

  if (!g_str_has_prefix (id, "_local/") || id[strlen ("_local/")] == '\0')
    {
      g_set_error (error, TJ_ERROR, TJ_ERROR_INVALID, _("A local document id must start with _local/"));
      return FALSE;
    }
  if (!g_utf8_validate (id, -1, NULL))
    {
      g_set_error (error, TJ_ERROR, TJ_ERROR_INVALID, _("_id is not valid UTF-8"));
      return FALSE;
    }
  if (!tj_json_check_document (doc, id, error))
    return FALSE;
  if (!tj_store_begin (self, error))
    return FALSE;

  st = _tj_store_stmt (self, "SELECT rev FROM local_docs WHERE id = ?", error);
  if (st == NULL)
    goto fail;
  sqlite3_bind_text (st, 1, id, -1, SQLITE_STATIC);
  if (sqlite3_step (st) == SQLITE_ROW)
    {
      const char *old = (const char *) sqlite3_column_text (st, 0);
      const char *dash = strchr (old, '-');
      n = dash ? g_ascii_strtoll (dash + 1, NULL, 10) : 0;
    }
  sqlite3_reset (st);

  /* CouchDB's local revisions are "0-N". */
  rev = g_strdup_printf ("0-%" G_GINT64_FORMAT, n + 1);
  body = _tj_store_body_of (doc);
  text = tj_json_canonical_object (body);
  st = _tj_store_stmt (self, "INSERT OR REPLACE INTO local_docs (id, rev, body) VALUES (?, ?, ?)", error);
  if (st == NULL)
    goto fail;
  sqlite3_bind_text (st, 1, id, -1, SQLITE_STATIC);
  sqlite3_bind_text (st, 2, rev, -1, SQLITE_STATIC);
  sqlite3_bind_text (st, 3, text, -1, SQLITE_STATIC);
  if (!_tj_store_step_done (self, st, error))
    goto fail;
  return tj_store_commit (self, error);

fail:
  tj_store_rollback (self);
  return FALSE;
}
