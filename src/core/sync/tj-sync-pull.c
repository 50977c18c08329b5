/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Pull: the server's changes feed, compared with the local store, the
 * missing revisions fetched (_bulk_get or open_revs) and written in one
 * transaction per batch, then checkpointed. */
#undef G_LOG_DOMAIN
#define G_LOG_DOMAIN "Tiaojie-Sync"

#include "tj-replicator-private.h"

#include <string.h>

#include "tj-i18n.h"

/* The path of a document on the server, relative to the server root. */
static char *
doc_path (TjSyncRun  *run,
          const char *id)
{
  g_autofree char *escaped = NULL;

  if (g_str_has_prefix (id, "_design/"))
    {
      escaped = _tj_sync_escape (id + strlen ("_design/"));
      return g_strconcat (run->db_path, "/_design/", escaped, NULL);
    }
  escaped = _tj_sync_escape (id);
  return g_strconcat (run->db_path, "/", escaped, NULL);
}

/* @atts_since (nullable): per document, revisions we have; the server then
 * sends attachments those revisions already hold as stubs, which the
 * store resolves from its blobs by digest. */
static gboolean
fetch_bulk_get_chunk (TjSyncRun   *run,
                      JsonObject  *missing,
                      JsonObject  *atts_since,
                      GPtrArray   *docs,
                      GError     **error)
{
  const char *path_tail = "/_bulk_get?revs=true&latest=true&attachments=true";
  g_autofree char *path = g_strconcat (run->db_path, path_tail, NULL);
  g_autofree char *what = g_strdup_printf ("POST %s", path);
  g_autoptr(JsonObject) body = json_object_new ();
  g_autoptr(JsonArray) list = json_array_new ();
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);
  g_autoptr(JsonNode) reply = NULL;
  g_autoptr(GList) ids = json_object_get_members (missing);
  g_autoptr(GHashTable) answered = g_hash_table_new (g_str_hash, g_str_equal);
  JsonArray *results;
  guint status;

  for (GList *l = ids; l; l = l->next)
    {
      JsonArray *revs = tj_json_get_array (missing, l->data);
      for (guint i = 0; i < json_array_get_length (revs); i++)
        {
          JsonObject *item = json_object_new ();
          JsonArray *since = atts_since ? tj_json_get_array (atts_since, l->data) : NULL;

          json_object_set_string_member (item, "id", l->data);
          json_object_set_string_member (item, "rev", json_array_get_string_element (revs, i));
          if (since && json_array_get_length (since) > 0)
            json_object_set_array_member (item, "atts_since", json_array_ref (since));
          json_array_add_object_element (list, item);
        }
    }
  json_object_set_array_member (body, "docs", json_array_ref (list));
  json_node_set_object (node, body);

  if (!_tj_sync_request (run, "POST", path, node, TRUE, &status, &reply, error))
    return FALSE;
  if (status == SOUP_STATUS_UNAUTHORIZED || status == SOUP_STATUS_FORBIDDEN)
    return _tj_sync_status_error (error, what, status, reply);
  if (!SOUP_STATUS_IS_SUCCESSFUL (status))
    {
      if (status >= 500)
        return _tj_sync_status_error (error, what, status, reply);
      /* CouchDB 1.x and some proxies have no _bulk_get. */
      g_debug ("_bulk_get answered %u: falling back to open_revs", status);
      run->no_bulk_get = TRUE;
      return TRUE;
    }

  results = tj_json_get_array (_tj_sync_node_object (reply), "results");
  if (results == NULL)
    return _tj_sync_malformed (error, what, _("no “results” list"));
  for (guint i = 0; i < json_array_get_length (results); i++)
    {
      JsonObject *result = _tj_sync_node_object (json_array_get_element (results, i));
      const char *id = tj_json_get_string (result, "id", NULL);
      JsonArray *items = tj_json_get_array (result, "docs");

      if (id == NULL || items == NULL || !json_object_has_member (missing, id))
        return _tj_sync_malformed (error, what, _("a result names a document that was not asked for"));
      g_hash_table_add (answered, (gpointer) id);
      for (guint j = 0; j < json_array_get_length (items); j++)
        {
          JsonObject *item = _tj_sync_node_object (json_array_get_element (items, j));
          JsonObject *ok = tj_json_get_object (item, "ok");
          JsonObject *failure = tj_json_get_object (item, "error");

          if (ok)
            {
              if (!_tj_sync_validate_doc (ok, id, what, error))
                return FALSE;
              g_ptr_array_add (docs, json_object_ref (ok));
            }
          else if (failure)
            _tj_sync_add_failure (run->errors, id,
                                  tj_json_get_string (failure, "error", NULL) ? tj_json_get_string (failure, "error", NULL) : "error",
                                  tj_json_get_string (failure, "reason", NULL));
          else
            return _tj_sync_malformed (error, what, _("a result is neither a document nor an error"));
        }
    }
  for (GList *l = ids; l; l = l->next)
    if (!g_hash_table_contains (answered, l->data))
      {
        g_autofree char *detail = g_strdup_printf (_("document “%s” is missing from the answer"),
                                                   (const char *) l->data);
        return _tj_sync_malformed (error, what, detail);
      }
  return TRUE;
}

static gboolean
fetch_open_revs_chunk (TjSyncRun   *run,
                       const char  *id,
                       JsonArray   *revs,
                       GPtrArray   *docs,
                       GError     **error)
{
  g_autoptr(JsonNode) revs_node = json_node_new (JSON_NODE_ARRAY);
  g_autofree char *revs_text = NULL;
  g_autofree char *revs_param = NULL;
  g_autofree char *base_path = doc_path (run, id);
  g_autofree char *path = NULL;
  g_autofree char *what = NULL;
  g_autoptr(JsonNode) reply = NULL;
  JsonArray *items;

  json_node_set_array (revs_node, revs);
  revs_text = tj_json_to_string (revs_node, FALSE);
  revs_param = _tj_sync_escape (revs_text);
  path = g_strconcat (base_path, "?revs=true&latest=true&attachments=true&open_revs=", revs_param, NULL);
  what = g_strdup_printf ("GET %s", base_path);

  if (!_tj_sync_request_ok (run, "GET", path, NULL, &reply, error))
    return FALSE;
  items = _tj_sync_node_array (reply);
  if (items == NULL)
    return _tj_sync_malformed (error, what, _("open_revs did not answer a list"));
  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      JsonObject *item = _tj_sync_node_object (json_array_get_element (items, i));
      JsonObject *ok = tj_json_get_object (item, "ok");
      const char *missing_rev = tj_json_get_string (item, "missing", NULL);

      if (ok)
        {
          if (!_tj_sync_validate_doc (ok, id, what, error))
            return FALSE;
          g_ptr_array_add (docs, json_object_ref (ok));
        }
      else if (missing_rev)
        _tj_sync_add_failure (run->errors, id, "not_found", missing_rev);
      else
        return _tj_sync_malformed (error, what, _("a result is neither a document nor “missing”"));
    }
  return TRUE;
}

/* The fallback: one GET per document, revisions chunked so that URLs stay
 * under the length proxies accept. */
static gboolean
fetch_open_revs (TjSyncRun   *run,
                 JsonObject  *missing,
                 GPtrArray   *docs,
                 GError     **error)
{
  g_autoptr(GList) ids = json_object_get_members (missing);

  for (GList *l = ids; l; l = l->next)
    {
      const char *id = l->data;
      JsonArray *revs = tj_json_get_array (missing, id);
      g_autoptr(JsonArray) chunk = json_array_new ();
      gsize url_len = strlen (run->base) + strlen (run->db_path) + 3 * strlen (id) + 100;

      for (guint i = 0; i < json_array_get_length (revs); i++)
        {
          const char *rev = json_array_get_string_element (revs, i);
          gsize rev_len = 3 * strlen (rev) + 9;

          if (json_array_get_length (chunk) > 0 && url_len + rev_len > MAX_URL_BYTES)
            {
              if (!fetch_open_revs_chunk (run, id, chunk, docs, error))
                return FALSE;
              g_clear_pointer (&chunk, json_array_unref);
              chunk = json_array_new ();
              url_len = strlen (run->base) + strlen (run->db_path) + 3 * strlen (id) + 100;
            }
          json_array_add_string_element (chunk, rev);
          url_len += rev_len;
        }
      if (json_array_get_length (chunk) > 0 && !fetch_open_revs_chunk (run, id, chunk, docs, error))
        return FALSE;
    }
  return TRUE;
}

/* Fetch the revisions @missing names: _bulk_get in requests of at most
 * MAX_FETCH revisions (so that documents with large attachments do not
 * make one huge reply), or one GET per document where the server has no
 * _bulk_get. */
static gboolean
fetch_revisions (TjSyncRun   *run,
                 JsonObject  *missing,
                 JsonObject  *atts_since,
                 GPtrArray   *docs,
                 GError     **error)
{
  g_autoptr(GList) ids = json_object_get_members (missing);
  g_autoptr(JsonObject) chunk = json_object_new ();
  guint n = 0;

  for (GList *l = ids; l; l = l->next)
    {
      JsonArray *revs = tj_json_get_array (missing, l->data);

      json_object_set_array_member (chunk, l->data, json_array_ref (revs));
      n += json_array_get_length (revs);
      if (n < MAX_FETCH && l->next != NULL)
        continue;
      if (!run->no_bulk_get && !fetch_bulk_get_chunk (run, chunk, atts_since, docs, error))
        return FALSE;
      /* Also when that request just found out there is no _bulk_get. */
      if (run->no_bulk_get && !fetch_open_revs (run, chunk, docs, error))
        return FALSE;
      g_clear_pointer (&chunk, json_object_unref);
      chunk = json_object_new ();
      n = 0;
    }
  return TRUE;
}

static gboolean
has_stub (JsonObject *doc)
{
  JsonObject *atts = tj_json_get_object (doc, "_attachments");
  g_autoptr(GList) names = atts ? json_object_get_members (atts) : NULL;

  for (GList *l = names; l; l = l->next)
    if (tj_json_get_bool (tj_json_get_object (atts, l->data), "stub", FALSE))
      return TRUE;
  return FALSE;
}

/* Write fetched revisions in one transaction. A revision the local store
 * refuses is reported, not silently skipped, except one with attachment
 * stubs when @stub_retry is given: it goes there, to be fetched again
 * with its data (the store lacked a blob the server assumed we had). Any
 * other failure rolls the whole batch back. */
static gboolean
write_local_batch (TjSyncRun   *run,
                   GPtrArray   *docs,
                   JsonObject  *stub_retry,
                   guint       *out_written,
                   GError     **error)
{
  guint written = 0;

  *out_written = 0;
  if (docs->len == 0)
    return TRUE;
  if (!tj_store_begin (run->store, error))
    return FALSE;
  for (guint i = 0; i < docs->len; i++)
    {
      JsonObject *doc = g_ptr_array_index (docs, i);
      g_autofree char *id = g_strdup (tj_json_get_string (doc, "_id", NULL));
      g_autofree char *rev = g_strdup (tj_json_get_string (doc, "_rev", NULL));
      gboolean stubs = stub_retry != NULL && has_stub (doc);
      g_autoptr(GError) local_error = NULL;
      TjReplicatedOutcome outcome;

      if (tj_store_put_replicated_full (run->store, doc, &outcome, &local_error))
        {
          written++;
          if (outcome != TJ_REPLICATED_PLAIN)
            {
              JsonObject *kept = json_object_new ();
              json_object_set_string_member (kept, "id", id);
              json_object_set_string_member (kept, "why", outcome == TJ_REPLICATED_REVIVED
                                                           ? "edited_elsewhere" : "edited_here");
              json_array_add_object_element (run->kept, kept);
            }
        }
      else if (stubs && g_error_matches (local_error, TJ_ERROR, TJ_ERROR_INVALID))
        {
          JsonArray *revs = tj_json_get_array (stub_retry, id);
          g_debug ("%s %s: %s; fetching it again with its attachments", id, rev, local_error->message);
          if (revs == NULL)
            {
              revs = json_array_new ();
              json_object_set_array_member (stub_retry, id, revs);
            }
          json_array_add_string_element (revs, rev);
        }
      else if (g_error_matches (local_error, TJ_ERROR, TJ_ERROR_INVALID) ||
               g_error_matches (local_error, TJ_ERROR, TJ_ERROR_CONFLICT))
        _tj_sync_add_failure (run->errors, id, "refused_locally", local_error->message);
      else
        {
          tj_store_rollback (run->store);
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
    }
  if (!tj_store_commit (run->store, error))
    {
      tj_store_rollback (run->store);
      return FALSE;
    }
  *out_written = written;
  return TRUE;
}

/* The revision @revs asks for, complete, from a changes row with
 * include_docs when it is the document's only revision and generation 1:
 * its history is then just its own hash. NULL otherwise. */
static JsonObject *
generation_one_doc (JsonArray  *rows,
                    const char *id,
                    JsonArray  *revs)
{
  const char *rev = json_array_get_length (revs) == 1 ? json_array_get_string_element (revs, 0) : NULL;
  const char *hash = NULL;
  gint64 generation = 0;

  if (rev == NULL || !_tj_sync_parse_rev (rev, &generation, &hash) || generation != 1)
    return NULL;
  for (guint i = 0; i < json_array_get_length (rows); i++)
    {
      JsonObject *row = _tj_sync_node_object (json_array_get_element (rows, i));
      JsonObject *doc = tj_json_get_object (row, "doc");
      JsonObject *copy, *revisions;
      JsonArray *ids;

      if (g_strcmp0 (tj_json_get_string (row, "id", NULL), id) != 0)
        continue;
      if (doc == NULL || json_array_get_length (tj_json_get_array (row, "changes")) != 1 ||
          g_strcmp0 (tj_json_get_string (doc, "_rev", NULL), rev) != 0 || json_object_has_member (doc, "_revisions"))
        return NULL;
      copy = tj_json_object_copy (doc);
      revisions = json_object_new ();
      ids = json_array_new ();
      json_array_add_string_element (ids, hash);
      json_object_set_int_member (revisions, "start", 1);
      json_object_set_array_member (revisions, "ids", ids);
      json_object_set_object_member (copy, "_revisions", revisions);
      return copy;
    }
  return NULL;
}

static char *
changes_path (TjSyncRun *run,
              JsonNode  *since,
              guint      batch,
              gboolean   include_docs)
{
  g_autofree char *since_param = _tj_sync_seq_to_param (since);
  g_autofree char *since_escaped = _tj_sync_escape (since_param);

  return g_strdup_printf ("%s/_changes?style=all_docs&limit=%u&since=%s%s",
                          run->db_path, batch, since_escaped,
                          include_docs ? "&include_docs=true&attachments=true" : "");
}

static gboolean
pull_pages (TjSyncRun      *run,
            TjSyncPending **prefetch,
            GError        **error);

gboolean
_tj_sync_pull (TjSyncRun  *run,
               GError    **error)
{
  TjSyncPending *prefetch = NULL;
  gboolean ok = pull_pages (run, &prefetch, error);

  _tj_sync_pending_free (run, prefetch);
  return ok;
}

static gboolean
pull_pages (TjSyncRun      *run,
            TjSyncPending **prefetch,
            GError        **error)
{
  g_autoptr(TjSyncCheckpoint) cp = _tj_sync_checkpoint_begin (run, FALSE, error);
  g_autoptr(JsonNode) since = NULL;
  guint batch = run->self->batch_size;
  gboolean from_scratch;

  if (cp == NULL)
    return FALSE;
  since = cp->start_seq ? json_node_copy (cp->start_seq) : NULL;
  /* A first replication (a new station) has to fetch nearly every
   * document: asking the changes feed for the winning bodies saves the
   * _bulk_get round trip for the many documents that have one revision
   * only (PouchDB's replicator takes the same shortcut with _all_docs).
   * Later runs fetch only what _revs_diff says is missing. */
  from_scratch = since == NULL;

  for (;;)
    {
      g_autofree char *path = changes_path (run, since, batch, from_scratch);
      g_autofree char *what = g_strdup_printf ("GET %s/_changes", run->db_path);
      g_autoptr(JsonNode) reply = NULL;
      g_autoptr(JsonObject) diff_request = json_object_new ();
      g_autoptr(JsonObject) diff = NULL;
      g_autoptr(JsonObject) missing = json_object_new ();
      g_autoptr(JsonObject) ancestors = json_object_new ();
      g_autoptr(JsonObject) stub_retry = json_object_new ();
      g_autoptr(GPtrArray) docs = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
      g_autoptr(GList) diff_ids = NULL;
      JsonArray *rows;
      JsonNode *last_seq;
      guint n_rows, written = 0;

      if (g_cancellable_set_error_if_cancelled (run->cancellable, error))
        return FALSE;
      if (*prefetch != NULL && g_strcmp0 ((*prefetch)->path, path) == 0)
        {
          guint status = 0;
          TjSyncPending *p = g_steal_pointer (prefetch);
          if (!_tj_sync_pending_finish (run, p, &status, &reply, error))
            return FALSE;
          if (!SOUP_STATUS_IS_SUCCESSFUL (status))
            return _tj_sync_status_error (error, what, status, reply);
        }
      else if (!_tj_sync_request_ok (run, "GET", path, NULL, &reply, error))
        return FALSE;
      if ((rows = _tj_sync_validate_changes (reply, what, error)) == NULL)
        return FALSE;
      n_rows = json_array_get_length (rows);
      if (n_rows == 0)
        break;
      last_seq = json_object_get_member (_tj_sync_node_object (json_array_get_element (rows, n_rows - 1)), "seq");
      if (since && _tj_sync_seq_equal (last_seq, since))
        return _tj_sync_malformed (error, what, _("the changes feed does not advance"));

      /* The next page travels while this one is fetched and written. */
      if (n_rows == batch)
        {
          g_autofree char *next_path = changes_path (run, last_seq, batch, from_scratch);
          _tj_sync_pending_free (run, g_steal_pointer (prefetch));
          *prefetch = _tj_sync_pending_start (run, "GET", next_path, NULL);
        }

      for (guint i = 0; i < n_rows; i++)
        {
          JsonObject *row = _tj_sync_node_object (json_array_get_element (rows, i));
          const char *id = tj_json_get_string (row, "id", NULL);
          JsonArray *changes = tj_json_get_array (row, "changes");
          JsonArray *revs = tj_json_get_array (diff_request, id);

          if (revs == NULL)
            {
              revs = json_array_new ();
              json_object_set_array_member (diff_request, id, revs);
            }
          for (guint j = 0; j < json_array_get_length (changes); j++)
            json_array_add_string_element (revs, tj_json_get_string (_tj_sync_node_object (json_array_get_element (changes, j)), "rev", NULL));
          cp->missing_checked += json_array_get_length (changes);
        }

      diff = tj_store_revs_diff (run->store, diff_request, error);
      if (diff == NULL)
        return FALSE;
      diff_ids = json_object_get_members (diff);
      for (GList *l = diff_ids; l; l = l->next)
        {
          JsonArray *revs = tj_json_get_array (tj_json_get_object (diff, l->data), "missing");
          JsonObject *inline_doc;

          if (revs == NULL || json_array_get_length (revs) == 0)
            continue;
          cp->missing_found += json_array_get_length (revs);
          inline_doc = from_scratch ? generation_one_doc (rows, l->data, revs) : NULL;
          if (inline_doc)
            {
              if (!_tj_sync_validate_doc (inline_doc, l->data, what, error))
                {
                  json_object_unref (inline_doc);
                  return FALSE;
                }
              g_ptr_array_add (docs, inline_doc);
            }
          else
            {
              JsonArray *have = tj_json_get_array (tj_json_get_object (diff, l->data), "possible_ancestors");
              json_object_set_array_member (missing, l->data, json_array_ref (revs));
              if (have && json_array_get_length (have) > 0)
                json_object_set_array_member (ancestors, l->data, json_array_ref (have));
            }
        }

      if (json_object_get_size (missing) > 0)
        {
          if (!fetch_revisions (run, missing, ancestors, docs, error))
            return FALSE;
        }
      cp->docs_read += docs->len;
      run->docs_read += docs->len;

      if (!write_local_batch (run, docs, stub_retry, &written, error))
        return FALSE;
      if (json_object_get_size (stub_retry) > 0)
        {
          g_autoptr(GPtrArray) again = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
          guint written_again = 0;

          if (!fetch_revisions (run, stub_retry, NULL, again, error) ||
              !write_local_batch (run, again, NULL, &written_again, error))
            return FALSE;
          written += written_again;
        }
      cp->docs_written += written;
      cp->failures += docs->len - written;
      run->docs_written += written;
      run->pulled += written;

      if (!_tj_sync_checkpoint_write (run, cp, last_seq, error))
        return FALSE;
      g_clear_pointer (&since, json_node_unref);
      since = json_node_copy (last_seq);
      _tj_replicator_report_progress (run);
      if (n_rows < batch)
        break;
    }

  g_clear_pointer (&run->pull_seq, json_node_unref);
  run->pull_seq = since ? json_node_copy (since) : json_node_init_int (json_node_alloc (), 0);
  return TRUE;
}
