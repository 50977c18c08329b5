/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Tiaojie-Store"

/* What replication needs of the store: writes with new_edits=false
 * (grafting a revision and its history), revs_diff, the changes feed,
 * the text of a revision as it is sent, and _local/ documents, where
 * replication keeps its checkpoints. */

#include "tj-store-private.h"
#include "tj-json.h"
#include "tj-i18n.h"

#include <string.h>

static void
append_json_string (GString    *out,
                    const char *s)
{
  g_string_append_c (out, '"');
  for (const unsigned char *p = (const unsigned char *) s; *p; p++)
    {
      if (*p == '"' || *p == '\\')
        {
          g_string_append_c (out, '\\');
          g_string_append_c (out, (char) *p);
        }
      else if (*p < 0x20)
        g_string_append_printf (out, "\\u%04x", *p);
      else
        g_string_append_c (out, (char) *p);
    }
  g_string_append_c (out, '"');
}

char *
tj_store_get_replicated_text (TjStore     *self,
                              const char  *id,
                              const char  *rev,
                              gboolean    *out_attachments,
                              GError     **error)
{
  g_autofree char *winner = NULL;
  g_autoptr(JsonArray) ids = NULL;
  g_autoptr(GString) out = NULL;
  sqlite3_stmt *st;
  gboolean deleted = FALSE, has_body = FALSE, has_atts;
  const char *body, *end;
  gint64 doc_id;
  int start = 0;
  int rc;

  g_return_val_if_fail (TJ_IS_STORE (self), NULL);
  g_return_val_if_fail (id != NULL && rev != NULL, NULL);

  *out_attachments = FALSE;
  if (!_tj_store_doc_row (self, id, &doc_id, &winner, &deleted, error))
    return NULL;

  st = _tj_store_stmt (self, "SELECT EXISTS (SELECT 1 FROM rev_atts WHERE doc_id = ?1 AND rev = ?2)", error);
  if (st == NULL)
    return NULL;
  sqlite3_bind_int64 (st, 1, doc_id);
  sqlite3_bind_text (st, 2, rev, -1, SQLITE_STATIC);
  rc = sqlite3_step (st);
  has_atts = rc == SQLITE_ROW && sqlite3_column_int (st, 0) != 0;
  sqlite3_reset (st);
  if (rc != SQLITE_ROW)
    {
      _tj_store_set_sqlite_error (self, rc, error);
      return NULL;
    }
  if (has_atts)
    {
      *out_attachments = TRUE;
      return NULL;
    }

  st = _tj_store_stmt (self, "SELECT body, deleted FROM revs WHERE doc_id = ? AND rev = ?", error);
  if (st == NULL)
    return NULL;
  sqlite3_bind_int64 (st, 1, doc_id);
  sqlite3_bind_text (st, 2, rev, -1, SQLITE_STATIC);
  rc = sqlite3_step (st);
  out = g_string_new ("{\"_id\":");
  append_json_string (out, id);
  g_string_append (out, ",\"_rev\":");
  append_json_string (out, rev);
  if (rc == SQLITE_ROW && sqlite3_column_type (st, 0) != SQLITE_NULL)
    {
      has_body = TRUE;
      deleted = sqlite3_column_int (st, 1) != 0;
      body = (const char *) sqlite3_column_text (st, 0);
      /* The stored object's members, as they are. */
      while (*body && *body != '{')
        body++;
      end = body + strlen (body);
      while (end > body && end[-1] != '}')
        end--;
      if (*body == '{' && end > body + 1)
        {
          const char *inner = body + 1, *inner_end = end - 1;

          while (inner < inner_end && g_ascii_isspace (*inner))
            inner++;
          if (inner < inner_end)
            {
              g_string_append_c (out, ',');
              g_string_append_len (out, inner, inner_end - inner);
            }
        }
    }
  sqlite3_reset (st);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    {
      _tj_store_set_sqlite_error (self, rc, error);
      return NULL;
    }
  if (!has_body)
    {
      g_set_error (error, TJ_ERROR, TJ_ERROR_NOT_FOUND,
                   _("Document %s has no revision %s (or its content was not kept)"), id, rev);
      return NULL;
    }

  if (deleted)
    g_string_append (out, ",\"_deleted\":true");
  ids = _tj_store_revisions_path (self, doc_id, rev, &start);
  g_string_append_printf (out, ",\"_revisions\":{\"start\":%d,\"ids\":[", start);
  for (guint i = 0; i < json_array_get_length (ids); i++)
    {
      if (i > 0)
        g_string_append_c (out, ',');
      append_json_string (out, json_array_get_string_element (ids, i));
    }
  g_string_append (out, "]}}");
  return g_string_free (g_steal_pointer (&out), FALSE);
}

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

/* A document new to the store: its revisions and its row written at
 * once, with nothing to look up, demote or compare (most of a first
 * replication). */
static gboolean
put_new_replicated (TjStore                *self,
                    const TjReplicatedRev  *r,
                    GPtrArray              *atts,
                    const Written          *written,
                    GError                **error)
{
  g_autoptr(JsonObject) winner = NULL;
  gboolean dropped = FALSE;
  gint64 doc_id;

  doc_id = _tj_store_insert_new_doc (self, r->id, r->rev, r->deleted, written->type, error);
  if (doc_id < 0)
    return FALSE;

  for (int j = (int) r->n_path - 1; j >= 0; j--)
    {
      int gen;

      _tj_store_parse_rev (r->path[j], &gen, NULL);
      if (!_tj_store_insert_rev (self, doc_id, r->path[j], gen, j + 1 < (int) r->n_path ? r->path[j + 1] : NULL,
                                 j == 0 && r->deleted, j == 0, j == 0 ? written->text : NULL, error))
        return FALSE;
    }
  if (!_tj_store_save_atts (self, doc_id, r->rev, atts, error))
    return FALSE;
  if (r->n_path > self->revs_limit &&
      (!_tj_store_stem (self, doc_id, &dropped, error) || (dropped && !_tj_store_drop_unused_blobs (self, error))))
    return FALSE;

  if (!r->deleted && self->indexers->len > 0)
    {
      winner = written->atts ? _tj_store_load_revision (self, doc_id, r->id, r->rev, TJ_GET_NONE, error)
                             : _tj_store_written_winner (r->id, written, error);
      if (winner == NULL)
        return FALSE;
    }
  return _tj_store_tell_indexers (self, r->id, winner, error);
}

/* Grafts @r into the tree (see tj_store_put_replicated_rev()); @body, when
 * given, is its content as an object (for the indexers). */
static gboolean
put_replicated_rev (TjStore                *self,
                    const TjReplicatedRev  *r,
                    JsonObject             *body,
                    TjReplicatedOutcome    *outcome,
                    GError                **error)
{
  gboolean existed, was_deleted = FALSE, attach_was_leaf = FALSE;
  g_autoptr(JsonNode) atts_node = NULL;
  g_autoptr(GPtrArray) atts = NULL;
  const char *hash;
  gboolean dropped = FALSE;
  Written written = { r->rev, body, r->body, r->type, FALSE };
  gint64 doc_id;
  int gen;
  int attach = -1;
  guint i;

  if (!_tj_store_parse_rev (r->rev, &gen, &hash))
    {
      g_set_error (error, TJ_ERROR, TJ_ERROR_INVALID,
                   _("Document %s: _rev “%s” is not a revision id (N-hash)"), r->id, r->rev ? r->rev : "");
      return FALSE;
    }
  /* The history: the revision first, each the parent of the one before. */
  for (i = 0; i < r->n_path; i++)
    {
      int g = 0;
      if (!_tj_store_parse_rev (r->path[i], &g, NULL) || g != gen - (int) i || (i == 0 && strcmp (r->path[0], r->rev) != 0))
        {
          g_set_error (error, TJ_ERROR, TJ_ERROR_INVALID,
                       _("Document %s: _revisions does not match _rev %s"), r->id, r->rev);
          return FALSE;
        }
    }
  g_return_val_if_fail (r->n_path > 0 && r->body != NULL, FALSE);
  if (r->attachments)
    atts_node = json_node_init_object (json_node_alloc (), r->attachments);

  if (outcome)
    *outcome = TJ_REPLICATED_PLAIN;
  doc_id = _tj_store_lookup_doc (self, r->id, error);
  if (doc_id < 0)
    return FALSE;
  if (doc_id == 0)
    {
      atts = _tj_store_collect_atts (self, r->id, atts_node, NULL, gen, TRUE, error);
      if (atts == NULL)
        return FALSE;
      written.atts = atts->len > 0;
      return put_new_replicated (self, r, atts, &written, error);
    }
  existed = TRUE;
  if (outcome)
    was_deleted = winner_deleted (self, doc_id);

  /* The newest revision of the path that we already have: graft there. */
  for (i = 0; i < r->n_path; i++)
    {
      RevInfo info;
      if (!_tj_store_lookup_rev (self, doc_id, r->path[i], &info, error))
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

  atts = _tj_store_collect_atts (self, r->id, atts_node, NULL, gen, TRUE, error);
  if (atts == NULL)
    return FALSE;
  written.atts = atts->len > 0;

  if (attach > 0)
    {
      RevInfo info;
      if (!_tj_store_lookup_rev (self, doc_id, r->path[attach], &info, error))
        return FALSE;
      if (info.leaf && !_tj_store_demote_rev (self, doc_id, r->path[attach], &dropped, error))
        {
          _tj_store_rev_info_clear (&info);
          return FALSE;
        }
      attach_was_leaf = info.leaf;
      _tj_store_rev_info_clear (&info);
    }

  {
    int top = attach > 0 ? attach - 1 : (int) r->n_path - 1;
    for (int j = top; j >= 0; j--)
      {
        const char *rv = r->path[j];
        const char *p = (j + 1 < (int) r->n_path) ? r->path[j + 1] : NULL;
        int g;
        _tj_store_parse_rev (rv, &g, NULL);
        if (!_tj_store_insert_rev (self, doc_id, rv, g, p, j == 0 ? r->deleted : FALSE, j == 0,
                                   j == 0 ? r->body : NULL, error))
          return FALSE;
      }
  }

  if (!_tj_store_save_atts (self, doc_id, r->rev, atts, error) ||
      (dropped && !_tj_store_drop_unused_blobs (self, error)) ||
      !_tj_store_update_doc_row (self, doc_id, r->id, &written, error))
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
      if (was_deleted && !now_deleted && !r->deleted)
        *outcome = TJ_REPLICATED_REVIVED;
      else if (!was_deleted && !now_deleted && r->deleted && attach > 0 && !attach_was_leaf)
        *outcome = TJ_REPLICATED_DELETION_LOST;
    }
  return TRUE;
}

static gboolean
put_replicated_in_transaction (TjStore              *self,
                               JsonObject           *doc,
                               TjReplicatedOutcome  *outcome,
                               GError              **error)
{
  const char *id = tj_json_get_string (doc, "_id", NULL);
  const char *rev = tj_json_get_string (doc, "_rev", NULL);
  JsonObject *revisions = tj_json_get_object (doc, "_revisions");
  g_autoptr(GPtrArray) path = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(JsonObject) body = NULL;
  g_autofree char *body_text = NULL;
  TjReplicatedRev r = { 0 };
  const char *hash;
  int gen;
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

  if (json_object_has_member (doc, "_attachments") && tj_json_get_object (doc, "_attachments") == NULL)
    {
      g_set_error (error, TJ_ERROR, TJ_ERROR_INVALID,
                   _("Document %s: _attachments must be an object"), id);
      return FALSE;
    }
  /* The canonical text, computed once: what the revision keeps. */
  body = _tj_store_body_of (doc);
  body_text = tj_json_canonical_object (body);
  r.id = id;
  r.rev = rev;
  r.path = (const char * const *) path->pdata;
  r.n_path = path->len;
  r.deleted = tj_json_get_bool (doc, "_deleted", FALSE);
  r.body = body_text;
  r.type = tj_json_get_string (body, "type", NULL);
  r.attachments = tj_json_get_object (doc, "_attachments");
  return put_replicated_rev (self, &r, body, outcome, error);
}

/* put_replicated_in_transaction() in a transaction of its own. */
static gboolean
put_replicated (TjStore              *self,
                JsonObject           *doc,
                TjReplicatedOutcome  *outcome,
                GError              **error)
{
  if (!tj_store_begin (self, error))
    return FALSE;
  if (!put_replicated_in_transaction (self, doc, outcome, error))
    {
      tj_store_rollback (self);
      return FALSE;
    }
  return tj_store_commit (self, error);
}

gboolean
tj_store_put_replicated (TjStore     *self,
                         JsonObject  *doc,
                         GError     **error)
{
  g_return_val_if_fail (TJ_IS_STORE (self), FALSE);
  g_return_val_if_fail (doc != NULL, FALSE);

  return put_replicated (self, doc, NULL, error);
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

  return put_replicated (self, doc, outcome, error);
}

gboolean
tj_store_put_replicated_rev (TjStore                *self,
                             const TjReplicatedRev  *rev,
                             TjReplicatedOutcome    *outcome,
                             GError                **error)
{
  g_return_val_if_fail (TJ_IS_STORE (self), FALSE);
  g_return_val_if_fail (rev != NULL && rev->body != NULL, FALSE);
  g_return_val_if_fail (outcome != NULL, FALSE);

  if (rev->id == NULL || !_tj_store_validate_id (rev->id, error))
    {
      if (rev->id == NULL)
        g_set_error (error, TJ_ERROR, TJ_ERROR_INVALID, _("A replicated document has no _id"));
      return FALSE;
    }
  if (rev->n_path == 0)
    {
      const char *self_path[1] = { rev->rev };
      TjReplicatedRev one = *rev;

      one.path = self_path;
      one.n_path = 1;
      return tj_store_put_replicated_rev (self, &one, outcome, error);
    }
  if (!tj_store_begin (self, error))
    return FALSE;
  if (!put_replicated_rev (self, rev, NULL, outcome, error))
    {
      tj_store_rollback (self);
      return FALSE;
    }
  return tj_store_commit (self, error);
}

gint
tj_store_revs_missing (TjStore             *self,
                       const char          *id,
                       const char * const  *revs,
                       guint                n_revs,
                       gboolean            *missing,
                       GPtrArray           *ancestors,
                       GError             **error)
{
  gint64 doc_id;
  int max_missing_gen = 0;
  gint n_missing = 0;

  g_return_val_if_fail (TJ_IS_STORE (self), -1);

  doc_id = _tj_store_lookup_doc (self, id, error);
  if (doc_id < 0)
    return -1;
  for (guint i = 0; i < n_revs; i++)
    {
      RevInfo info = { 0 };
      int gen;

      missing[i] = FALSE;
      if (revs[i] == NULL || !_tj_store_parse_rev (revs[i], &gen, NULL))
        continue;
      if (doc_id > 0 && !_tj_store_lookup_rev (self, doc_id, revs[i], &info, error))
        return -1;
      if (!info.exists)
        {
          missing[i] = TRUE;
          n_missing++;
          max_missing_gen = MAX (max_missing_gen, gen);
        }
      _tj_store_rev_info_clear (&info);
    }

  if (n_missing > 0 && ancestors && doc_id > 0)
    {
      g_autoptr(GArray) leaves = _tj_store_load_leaves (self, doc_id, NULL);

      for (guint i = 0; leaves && i < leaves->len; i++)
        {
          Leaf *leaf = &g_array_index (leaves, Leaf, i);
          if (leaf->gen < max_missing_gen)
            g_ptr_array_add (ancestors, g_strdup (leaf->rev));
        }
    }
  return n_missing;
}

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
      g_autoptr(GPtrArray) asked = NULL;
      g_autoptr(GPtrArray) ancestors = NULL;
      g_autofree gboolean *missing = NULL;
      JsonArray *missing_list;
      JsonObject *entry;
      gint n_missing;

      if (revs == NULL)
        {
          tj_set_invalid (error, "revs_diff",
                       _("revs_diff: the revisions of %s must be an array"), id);
          return NULL;
        }
      asked = g_ptr_array_new ();
      for (guint i = 0; i < json_array_get_length (revs); i++)
        {
          JsonNode *node = json_array_get_element (revs, i);
          if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
            g_ptr_array_add (asked, (gpointer) json_node_get_string (node));
        }
      missing = g_new0 (gboolean, MAX (asked->len, 1));
      ancestors = g_ptr_array_new_with_free_func (g_free);
      n_missing = tj_store_revs_missing (self, id, (const char * const *) asked->pdata, asked->len, missing,
                                         ancestors, error);
      if (n_missing < 0)
        return NULL;
      if (n_missing == 0)
        continue;

      entry = json_object_new ();
      missing_list = json_array_new ();
      for (guint i = 0; i < asked->len; i++)
        if (missing[i])
          json_array_add_string_element (missing_list, g_ptr_array_index (asked, i));
      json_object_set_array_member (entry, "missing", missing_list);
      if (ancestors->len > 0)
        {
          JsonArray *anc = json_array_new ();
          for (guint i = 0; i < ancestors->len; i++)
            json_array_add_string_element (anc, g_ptr_array_index (ancestors, i));
          json_object_set_array_member (entry, "possible_ancestors", anc);
        }
      json_object_set_object_member (out, id, entry);
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
