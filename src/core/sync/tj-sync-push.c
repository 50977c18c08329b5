/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Push: the local changes feed, _revs_diff against the server, local
 * revisions sent with _bulk_docs (new_edits=false, attachment stubs where
 * the server has the data), refusals kept and offered again.
 *
 * A revision without attachments is sent as the store keeps its text
 * (tj_store_get_replicated_text()), checked on a tape, never parsed into
 * objects and serialised again; one with attachments is read as JSON,
 * for its data and its stubs.
 *
 * A local revision that cannot be read back or breaks the rule of every
 * body (tj-sync-replies.c) is not sent: a document one station cannot
 * hold must not reach the server, where it would stop every other
 * station's pull. It is reported and kept in the refused list like a
 * revision the server refused, and offered again on every run. */
#undef G_LOG_DOMAIN
#define G_LOG_DOMAIN "Tiaojie-Sync"

#include "tj-replicator-private.h"

#include <string.h>

#include "tj-i18n.h"

/* A revision on its way: its JSON text and what the answers need. */
typedef struct
{
  char    *id;
  char    *rev;
  GBytes  *json;
} PushDoc;

static void
push_doc_free (PushDoc *doc)
{
  g_free (doc->id);
  g_free (doc->rev);
  g_bytes_unref (doc->json);
  g_free (doc);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PushDoc, push_doc_free)

static PushDoc *
push_doc_new (const char *id,
              const char *rev,
              char       *json)
{
  PushDoc *doc = g_new0 (PushDoc, 1);

  doc->id = g_strdup (id);
  doc->rev = g_strdup (rev);
  doc->json = g_bytes_new_take (json, strlen (json));
  return doc;
}

typedef struct
{
  JsonObject *asked;
  const char *what;
  JsonObject *missing;
  JsonObject *ancestors;
} RevsDiffCheck;

static gboolean
check_revs_diff (JsonNode  *reply,
                 gpointer   data,
                 GError   **error)
{
  RevsDiffCheck *check = data;

  g_clear_pointer (&check->missing, json_object_unref);
  g_clear_pointer (&check->ancestors, json_object_unref);
  return _tj_sync_parse_revs_diff (reply, check->asked, check->what, &check->missing, &check->ancestors, error);
}

/* Which of @diff_request's revisions the server misses, and which
 * revisions it has that may be their ancestors. */
static gboolean
remote_revs_diff (TjSyncRun   *run,
                  JsonObject  *diff_request,
                  JsonObject **out_missing,
                  JsonObject **out_ancestors,
                  GError     **error)
{
  g_autofree char *path = g_strconcat (run->db_path, "/_revs_diff", NULL);
  g_autofree char *what = g_strdup_printf ("POST %s", path);
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);
  RevsDiffCheck check = { diff_request, what, NULL, NULL };

  json_node_set_object (node, diff_request);
  if (!_tj_sync_request_ok (run, "POST", path, node, check_revs_diff, &check, NULL, error))
    {
      g_clear_pointer (&check.missing, json_object_unref);
      g_clear_pointer (&check.ancestors, json_object_unref);
      return FALSE;
    }
  *out_missing = g_steal_pointer (&check.missing);
  *out_ancestors = g_steal_pointer (&check.ancestors);
  return TRUE;
}

/* Replace attachment data by stubs where the server already holds the
 * attachment: when one of its revisions in @ancestors is in this
 * revision's own history at a generation >= the attachment's revpos, the
 * attachment was unchanged since then (docs/SYNC.md; a wrong guess would give
 * 412 missing_stub, which remote_bulk_docs() answers by sending the data).
 * Returns whether anything was stubbed. */
static gboolean
stub_known_attachments (JsonObject *doc,
                        JsonArray  *ancestors)
{
  JsonObject *atts = tj_json_get_object (doc, "_attachments");
  JsonObject *revisions = tj_json_get_object (doc, "_revisions");
  JsonArray *ids = tj_json_get_array (revisions, "ids");
  gint64 start = tj_json_get_int (revisions, "start", 0);
  gint64 known = 0;
  g_autoptr(GList) names = NULL;
  g_autoptr(JsonObject) replacement = NULL;
  gboolean stubbed = FALSE;

  if (atts == NULL || ids == NULL || ancestors == NULL)
    return FALSE;
  for (guint i = 0; i < json_array_get_length (ancestors); i++)
    {
      const char *hash = NULL;
      gint64 generation = 0;

      if (!_tj_sync_parse_rev (json_array_get_string_element (ancestors, i), &generation, &hash))
        continue;
      if (generation <= start && start - generation < json_array_get_length (ids) &&
          g_strcmp0 (json_array_get_string_element (ids, start - generation), hash) == 0)
        known = MAX (known, generation);
    }
  if (known == 0)
    return FALSE;

  /* Built afresh: objects read from JSON may be sealed. */
  replacement = json_object_new ();
  names = json_object_get_members (atts);
  for (GList *l = names; l; l = l->next)
    {
      JsonObject *att = tj_json_get_object (atts, l->data);
      JsonObject *copy = json_object_new ();
      g_autoptr(GList) members = att ? json_object_get_members (att) : NULL;
      gboolean stub = att && json_object_has_member (att, "data") &&
                      tj_json_get_int (att, "revpos", G_MAXINT64) <= known;

      for (GList *m = members; m; m = m->next)
        if (!stub || strcmp (m->data, "data") != 0)
          json_object_set_member (copy, m->data, json_node_copy (json_object_get_member (att, m->data)));
      if (stub)
        {
          json_object_set_boolean_member (copy, "stub", TRUE);
          stubbed = TRUE;
        }
      json_object_set_object_member (replacement, l->data, copy);
    }
  if (stubbed)
    json_object_set_object_member (doc, "_attachments", json_object_ref (replacement));
  return stubbed;
}

static void
add_denied (TjSyncRun  *run,
            const char *id,
            const char *reason)
{
  JsonObject *entry;

  /* A document retried from the refused list and met again in the changes
   * feed is reported once. */
  for (guint i = 0; i < json_array_get_length (run->denied); i++)
    if (g_strcmp0 (tj_json_get_string (json_array_get_object_element (run->denied, i), "id", NULL), id) == 0)
      return;
  entry = json_object_new ();
  json_object_set_string_member (entry, "id", id);
  json_object_set_string_member (entry, "reason", reason);
  json_array_add_object_element (run->denied, entry);
}

/* Remember the revisions of @id that were in @docs (PushDoc) as refused. */
static void
note_refused (JsonObject *refused,
              GPtrArray  *docs,
              const char *id)
{
  for (guint i = 0; i < docs->len; i++)
    {
      PushDoc *doc = g_ptr_array_index (docs, i);

      if (g_strcmp0 (doc->id, id) == 0)
        _tj_sync_refused_add (refused, id, doc->rev);
    }
}

/* The body of a _bulk_docs with @docs (PushDoc): their texts joined. */
static GBytes *
bulk_docs_body (GPtrArray *docs)
{
  gsize size = 64;
  GString *out;

  for (guint i = 0; i < docs->len; i++)
    size += g_bytes_get_size (((PushDoc *) g_ptr_array_index (docs, i))->json) + 1;
  out = g_string_sized_new (size);
  g_string_append (out, "{\"new_edits\":false,\"docs\":[");
  for (guint i = 0; i < docs->len; i++)
    {
      GBytes *json = ((PushDoc *) g_ptr_array_index (docs, i))->json;
      if (i > 0)
        g_string_append_c (out, ',');
      g_string_append_len (out, g_bytes_get_data (json, NULL), g_bytes_get_size (json));
    }
  g_string_append (out, "]}");
  size = out->len;
  return g_bytes_new_take (g_string_free (out, FALSE), size);
}

typedef struct
{
  GHashTable *sent;       /* the ids sent */
  const char *what;
} BulkDocsCheck;

static GHashTable *
ids_of (GPtrArray *docs)
{
  GHashTable *ids = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; i < docs->len; i++)
    g_hash_table_add (ids, ((PushDoc *) g_ptr_array_index (docs, i))->id);
  return ids;
}

static gboolean
check_bulk_docs (JsonNode  *reply,
                 gpointer   data,
                 GError   **error)
{
  BulkDocsCheck *check = data;
  g_autoptr(JsonArray) refusals = json_array_new ();

  return _tj_sync_parse_bulk_docs_ids (reply, check->sent, check->what, refusals, error);
}

/* The server's answer to _bulk_docs with @docs. @stubbed (nullable): ids
 * sent with attachment stubs; the server's missing_stub refusals of those
 * go to @resend (or, for a whole-batch 412, @out_resend_all) instead of
 * being reported. */
static gboolean
bulk_docs_answer (TjSyncRun   *run,
                  GPtrArray   *docs,
                  JsonObject  *refused,
                  GHashTable  *stubbed,
                  GHashTable  *resend,
                  gboolean    *out_resend_all,
                  guint        status,
                  JsonNode    *reply,
                  guint       *out_written,
                  GError     **error)
{
  g_autofree char *what = g_strdup_printf ("POST %s/_bulk_docs", run->db_path);
  g_autoptr(JsonArray) refusals = json_array_new ();
  guint failed = 0;

  *out_written = 0;
  if (status == SOUP_STATUS_PRECONDITION_FAILED && stubbed && g_hash_table_size (stubbed) > 0)
    {
      /* PouchDB Server refuses the whole batch for one missing stub. */
      g_debug ("%s: 412 for a stub; sending the batch again with data", what);
      *out_resend_all = TRUE;
      return TRUE;
    }
  if (!SOUP_STATUS_IS_SUCCESSFUL (status))
    return _tj_sync_status_error (error, what, status, reply);
  /* With new_edits=false the answer lists only the failures. */
  {
    g_autoptr(GHashTable) ids = ids_of (docs);
    if (!_tj_sync_parse_bulk_docs_ids (reply, ids, what, refusals, error))
      return FALSE;
  }

  for (guint i = 0; i < json_array_get_length (refusals); i++)
    {
      JsonObject *item = json_array_get_object_element (refusals, i);
      const char *id = tj_json_get_string (item, "id", NULL);
      const char *err = tj_json_get_string (item, "error", NULL);
      const char *reason = tj_json_get_string (item, "reason", NULL);

      failed++;
      if (stubbed && g_hash_table_contains (stubbed, id) &&
          (g_strcmp0 (err, "missing_stub") == 0 || g_strcmp0 (err, "412") == 0))
        {
          g_hash_table_add (resend, g_strdup (id));
          continue;
        }
      note_refused (refused, docs, id);
      g_debug ("push: the server refused %s: %s", id, err);
      if (g_strcmp0 (err, "forbidden") == 0 || g_strcmp0 (err, "unauthorized") == 0)
        add_denied (run, id, *reason ? reason : err);
      else
        _tj_sync_add_failure (run->errors, id, NULL, err, reason);
    }
  *out_written = docs->len - MIN (failed, docs->len);
  return TRUE;
}

/* _bulk_docs with @docs (full data, no stubs), waiting for the answer. */
static gboolean
remote_bulk_docs (TjSyncRun   *run,
                  GPtrArray   *docs,
                  JsonObject  *refused,
                  guint       *out_written,
                  GError     **error)
{
  g_autofree char *path = g_strconcat (run->db_path, "/_bulk_docs", NULL);
  g_autofree char *what = g_strdup_printf ("POST %s", path);
  g_autoptr(GBytes) body = bulk_docs_body (docs);
  g_autoptr(JsonNode) reply = NULL;
  g_autoptr(GHashTable) sent = ids_of (docs);
  BulkDocsCheck check = { sent, what };
  guint status;

  if (!_tj_sync_request_bytes (run, "POST", path, body, check_bulk_docs, &check, &status, &reply, error))
    return FALSE;
  return bulk_docs_answer (run, docs, refused, NULL, NULL, NULL, status, reply, out_written, error);
}

/* Whether @rev is still a leaf of @id. */
static gboolean
is_leaf (TjSyncRun   *run,
         const char  *id,
         const char  *rev,
         GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(JsonArray) leaves = tj_store_get_leaves (run->store, id, &local_error);

  if (leaves == NULL)
    {
      if (!g_error_matches (local_error, TJ_ERROR, TJ_ERROR_NOT_FOUND))
        g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  for (guint i = 0; i < json_array_get_length (leaves); i++)
    if (g_strcmp0 (tj_json_get_string (json_array_get_object_element (leaves, i), "rev", NULL), rev) == 0)
      return TRUE;
  return FALSE;
}

/* A local revision that cannot go: reported, and kept to be offered again
 * on every run (an edit that fixes the document replaces it). */
static void
refuse_local (TjSyncRun   *run,
              JsonObject  *refused,
              const char  *id,
              const char  *rev,
              const char  *error_name,
              const char  *reason)
{
  g_debug ("push: %s %s not sent: %s", id, rev, error_name);
  _tj_sync_add_failure (run->errors, id, rev, error_name, reason);
  if (refused)
    _tj_sync_refused_add (refused, id, rev);
}

/* The rule of every body on the text of a local revision: TRUE when it
 * may go; otherwise the refusal's name ("unreadable": the stored text is
 * not JSON; "invalid_document": it breaks the rule) and reason. */
static gboolean
check_text (GBytes      *json,
            const char  *id,
            const char  *rev,
            const char **out_name,
            GError     **error)
{
  g_autoptr(TjSyncTape) tape = NULL;
  guint line, column;
  gboolean too_deep;

  tape = _tj_sync_tape_parse (json, MAX_JSON_DEPTH, &line, &column, &too_deep);
  if (tape == NULL)
    {
      *out_name = too_deep ? "invalid_document" : "unreadable";
      if (too_deep)
        g_set_error (error, TJ_ERROR, TJ_ERROR_INVALID, _("“%s” is nested deeper than %u levels"), id,
                     TJ_SYNC_MAX_DOC_DEPTH);
      else
        g_set_error (error, TJ_ERROR, TJ_ERROR_CORRUPT,
                     _("The stored text of revision %s of %s is damaged (line %u, character %u)"),
                     rev, id, line, column);
      return FALSE;
    }
  *out_name = "invalid_document";
  return _tj_sync_tape_check_body (tape, TJ_TAPE_ROOT, error);
}

/* A local revision read for sending: its text, or NULL with *@out_name
 * and @error saying why it cannot go (FALSE only for a store failure). */
static gboolean
read_local_rev (TjSyncRun    *run,
                const char   *id,
                const char   *rev,
                JsonArray    *ancestors,
                PushDoc     **out_doc,
                gboolean     *out_stubbed,
                const char  **out_name,
                GError      **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(JsonObject) doc = NULL;
  gboolean attachments = FALSE;
  char *text;

  *out_doc = NULL;
  *out_stubbed = FALSE;
  *out_name = NULL;
  text = tj_store_get_replicated_text (run->store, id, rev, &attachments, &local_error);
  if (text)
    {
      g_autoptr(PushDoc) pushed = push_doc_new (id, rev, text);

      if (!check_text (pushed->json, id, rev, out_name, error))
        return TRUE;
      *out_doc = g_steal_pointer (&pushed);
      return TRUE;
    }
  if (attachments)
    {
      /* Read with the attachments' data, stubbed where the server has it. */
      doc = tj_store_get (run->store, id, rev, TJ_GET_REVS | TJ_GET_ATTACHMENTS | TJ_GET_DELETED, &local_error);
      if (doc != NULL && !_tj_sync_check_body (doc, &local_error))
        g_clear_pointer (&doc, json_object_unref);
      if (doc != NULL)
        {
          *out_stubbed = ancestors && stub_known_attachments (doc, ancestors);
          *out_doc = push_doc_new (id, rev, tj_json_object_to_string (doc, FALSE));
          return TRUE;
        }
    }
  if (!g_error_matches (local_error, TJ_ERROR, TJ_ERROR_NOT_FOUND) &&
      !g_error_matches (local_error, TJ_ERROR, TJ_ERROR_INVALID) &&
      !g_error_matches (local_error, TJ_ERROR, TJ_ERROR_CORRUPT))
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  *out_name = g_error_matches (local_error, TJ_ERROR, TJ_ERROR_INVALID) ? "invalid_document" : "unreadable";
  g_propagate_error (error, g_steal_pointer (&local_error));
  return TRUE;
}

/* The revisions @missing names, read locally with their history and
 * attachment data; with @ancestors, attachments the server has are
 * stubbed and their ids added to @stubbed. A revision that cannot be read
 * or breaks the rule of every body is not sent but reported and kept in
 * @refused; *@out_failed counts them. */
static gboolean
read_local_revs (TjSyncRun   *run,
                 JsonObject  *missing,
                 JsonObject  *ancestors,
                 GPtrArray   *docs,
                 GHashTable  *stubbed,
                 JsonObject  *refused,
                 guint       *out_failed,
                 GError     **error)
{
  g_autoptr(GList) ids = json_object_get_members (missing);
  guint failed = 0;

  for (GList *l = ids; l; l = l->next)
    {
      const char *id = l->data;
      JsonArray *revs = tj_json_get_array (missing, id);

      for (guint i = 0; i < json_array_get_length (revs); i++)
        {
          const char *rev = json_array_get_string_element (revs, i);
          g_autoptr(GError) local_error = NULL;
          g_autoptr(GError) leaf_error = NULL;
          PushDoc *doc = NULL;
          gboolean stubs = FALSE;
          const char *name = NULL;

          if (!read_local_rev (run, id, rev, ancestors ? tj_json_get_array (ancestors, id) : NULL, &doc, &stubs,
                               &name, &local_error))
            {
              g_propagate_error (error, g_steal_pointer (&local_error));
              return FALSE;
            }
          if (doc == NULL)
            {
              /* A revision that is no longer a leaf need not go: it was
               * replaced by another connection since the changes were read
               * (a refused revision retried later, an edit in the app
               * during an asynchronous run), and its successor, which has
               * a later sequence, carries it in its history. One that is
               * still a leaf cannot go: its body cannot be read back
               * (damaged, or written before the store checked bodies) or
               * breaks the rule. */
              if (!is_leaf (run, id, rev, &leaf_error))
                {
                  if (leaf_error)
                    {
                      g_propagate_error (error, g_steal_pointer (&leaf_error));
                      return FALSE;
                    }
                  g_debug ("%s %s is no longer a leaf", id, rev);
                  continue;
                }
              refuse_local (run, refused, id, rev, name, local_error->message);
              failed++;
              continue;
            }
          if (stubs && stubbed)
            g_hash_table_add (stubbed, g_strdup (id));
          g_ptr_array_add (docs, doc);
        }
    }
  if (out_failed)
    *out_failed += failed;
  return TRUE;
}

/* A push batch on its way: what was sent, and the request in flight. */
typedef struct
{
  JsonObject *missing;
  GPtrArray  *docs;       /* PushDoc */
  GHashTable *stubbed;
  GPtrArray  *chunks;     /* @docs cut into _bulk_docs requests (GPtrArray of PushDoc) */
  TjSyncPending    *pending;    /* the first chunk, in flight */
  gint64      last_seq;   /* local sequence to checkpoint once it landed */
} Flight;

static Flight *
flight_new (gint64 last_seq)
{
  Flight *flight = g_new0 (Flight, 1);

  flight->docs = g_ptr_array_new_with_free_func ((GDestroyNotify) push_doc_free);
  flight->stubbed = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  flight->chunks = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);
  flight->last_seq = last_seq;
  return flight;
}

static void
flight_free (TjSyncRun *run,
             Flight    *flight)
{
  if (flight == NULL)
    return;
  _tj_sync_pending_free (run, flight->pending);
  g_clear_pointer (&flight->missing, json_object_unref);
  g_ptr_array_unref (flight->docs);
  g_hash_table_unref (flight->stubbed);
  g_ptr_array_unref (flight->chunks);
  g_free (flight);
}

/* Which of these revisions does the server miss; read them locally with
 * history and attachment data (stubs where the server has them). */
static gboolean
push_prepare (TjSyncRun         *run,
              TjSyncCheckpoint  *cp,
              JsonObject        *diff_request,
              JsonObject        *refused,
              Flight            *flight,
              GError           **error)
{
  g_autoptr(JsonObject) ancestors = NULL;
  guint failed = 0;

  if (json_object_get_size (diff_request) == 0)
    return TRUE;
  if (run->target_was_empty)
    flight->missing = json_object_ref (diff_request);
  else if (!remote_revs_diff (run, diff_request, &flight->missing, &ancestors, error))
    return FALSE;
  if (!read_local_revs (run, flight->missing, ancestors, flight->docs, flight->stubbed, refused, &failed,
                        error))
    return FALSE;
  cp->failures += failed;
  cp->missing_found += flight->docs->len + failed;
  cp->docs_read += flight->docs->len;
  run->docs_read += flight->docs->len;
  return TRUE;
}

/* Cut the batch into requests of at most MAX_SEND_BYTES (at least one
 * revision each) and send the first; the others follow in push_land(). */
static void
push_send (TjSyncRun *run,
           Flight    *flight)
{
  g_autofree char *path = g_strconcat (run->db_path, "/_bulk_docs", NULL);
  g_autoptr(GBytes) body = NULL;
  GPtrArray *chunk = NULL;
  gsize weight = 0;

  for (guint i = 0; i < flight->docs->len; i++)
    {
      PushDoc *doc = g_ptr_array_index (flight->docs, i);
      /* What it weighs in a request: its text, attachments' data and all. */
      gsize w = g_bytes_get_size (doc->json) + 1;

      if (chunk == NULL || (chunk->len > 0 && weight + w > MAX_SEND_BYTES))
        {
          chunk = g_ptr_array_new ();
          g_ptr_array_add (flight->chunks, chunk);
          weight = 0;
        }
      g_ptr_array_add (chunk, doc);
      weight += w;
    }
  if (flight->chunks->len == 0)
    return;
  body = bulk_docs_body (g_ptr_array_index (flight->chunks, 0));
  flight->pending = _tj_sync_pending_start_bytes (run, "POST", path, body, FALSE);
}

/* {id: [rev]} of the revisions in @docs (PushDoc). */
static JsonObject *
revs_of (GPtrArray *docs)
{
  JsonObject *revs = json_object_new ();

  for (guint i = 0; i < docs->len; i++)
    {
      PushDoc *doc = g_ptr_array_index (docs, i);
      _tj_sync_refused_add (revs, doc->id, doc->rev);
    }
  return revs;
}

/* Wait for the server's answers to a batch and account for them; refused
 * stubs are sent again with their data. */
static gboolean
push_land (TjSyncRun         *run,
           TjSyncCheckpoint  *cp,
           Flight            *flight,
           JsonObject        *refused,
           GError           **error)
{
  g_autofree char *path = g_strconcat (run->db_path, "/_bulk_docs", NULL);
  g_autofree char *what = g_strdup_printf ("POST %s", path);
  g_autoptr(GHashTable) resend = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  guint written = 0;
  guint n_docs = flight->docs->len;

  for (guint c = 0; c < flight->chunks->len; c++)
    {
      GPtrArray *chunk = g_ptr_array_index (flight->chunks, c);
      g_autoptr(GHashTable) sent = ids_of (chunk);
      BulkDocsCheck check = { sent, what };
      g_autoptr(JsonNode) reply = NULL;
      gboolean resend_all = FALSE;
      guint status = 0;
      guint chunk_written = 0;

      if (c == 0 && flight->pending)
        {
          if (!_tj_sync_pending_finish (run, g_steal_pointer (&flight->pending), check_bulk_docs, &check,
                                        &status, &reply, error))
            return FALSE;
        }
      else
        {
          g_autoptr(GBytes) body = bulk_docs_body (chunk);
          if (!_tj_sync_request_bytes (run, "POST", path, body, check_bulk_docs, &check, &status, &reply, error))
            return FALSE;
        }
      if (!bulk_docs_answer (run, chunk, refused, flight->stubbed, resend, &resend_all,
                             status, reply, &chunk_written, error))
        return FALSE;
      if (resend_all)
        {
          g_autoptr(JsonObject) revs = revs_of (chunk);
          g_autoptr(GPtrArray) full = g_ptr_array_new_with_free_func ((GDestroyNotify) push_doc_free);
          if (!read_local_revs (run, revs, NULL, full, NULL, refused, NULL, error) ||
              !remote_bulk_docs (run, full, refused, &chunk_written, error))
            return FALSE;
        }
      written += chunk_written;
    }

  if (g_hash_table_size (resend) > 0)
    {
      /* The server lacked attachments we stubbed: send them whole. */
      g_autoptr(JsonObject) again = json_object_new ();
      g_autoptr(GPtrArray) full = g_ptr_array_new_with_free_func ((GDestroyNotify) push_doc_free);
      GHashTableIter iter;
      gpointer id;
      guint written_again = 0;

      g_hash_table_iter_init (&iter, resend);
      while (g_hash_table_iter_next (&iter, &id, NULL))
        json_object_set_array_member (again, id, json_array_ref (tj_json_get_array (flight->missing, id)));
      if (!read_local_revs (run, again, NULL, full, NULL, refused, NULL, error) ||
          !remote_bulk_docs (run, full, refused, &written_again, error))
        return FALSE;
      written += written_again;
    }

  cp->docs_written += written;
  cp->failures += n_docs - MIN (written, n_docs);
  run->docs_written += written;
  run->pushed += written;
  return TRUE;
}

/* One batch from start to end, nothing else in flight. */
static gboolean
push_batch (TjSyncRun         *run,
            TjSyncCheckpoint  *cp,
            JsonObject        *diff_request,
            JsonObject        *refused,
            GError           **error)
{
  Flight *flight = flight_new (0);
  gboolean ok = push_prepare (run, cp, diff_request, refused, flight, error);

  if (ok)
    {
      push_send (run, flight);
      ok = push_land (run, cp, flight, refused, error);
    }
  flight_free (run, flight);
  return ok;
}

/* A batch has landed: record refusals, then the checkpoint, the server's
 * sent on its way (the local one follows when it has landed). */
static gboolean
push_checkpoint (TjSyncRun         *run,
                 TjSyncCheckpoint  *cp,
                 gint64             seq,
                 JsonObject        *refused,
                 gboolean           had_refused,
                 GError           **error)
{
  g_autoptr(JsonNode) seq_node = json_node_init_int (json_node_alloc (), seq);
  g_autoptr(JsonObject) log = NULL;

  /* The refusals are on record before the checkpoint moves past them. */
  if ((json_object_get_size (refused) > 0 || had_refused) &&
      !_tj_sync_refused_save (run, cp, refused, error))
    return FALSE;
  log = _tj_sync_checkpoint_log (cp, seq_node);
  if (!_tj_sync_checkpoint_send (run, cp, log, error))
    return FALSE;
  _tj_replicator_report_progress (run);
  return TRUE;
}

static gboolean
push_flights (TjSyncRun  *run,
              Flight    **flying,
              GError    **error)
{
  g_autoptr(TjSyncCheckpoint) cp = _tj_sync_checkpoint_begin (run, TRUE, error);
  g_autoptr(JsonObject) retry = NULL;
  g_autoptr(JsonObject) refused = json_object_new ();
  gboolean had_refused;
  gint64 since;
  guint batch = run->self->batch_size;

  if (cp == NULL)
    return FALSE;
  since = cp->start_seq ? json_node_get_int (cp->start_seq) : 0;

  if ((retry = _tj_sync_refused_load (run, cp, error)) == NULL)
    return FALSE;
  had_refused = json_object_get_size (retry) > 0;
  if (had_refused && !push_batch (run, cp, retry, refused, error))
    return FALSE;

  for (;;)
    {
      g_autoptr(JsonObject) changes = NULL;
      g_autoptr(JsonObject) diff_request = json_object_new ();
      JsonArray *rows;
      guint n_rows;
      gint64 last_seq;
      Flight *next;

      if (g_cancellable_set_error_if_cancelled (run->cancellable, error))
        return FALSE;
      changes = tj_store_changes (run->store, since, batch, error);
      if (changes == NULL)
        return FALSE;
      rows = tj_json_get_array (changes, "results");
      n_rows = rows ? json_array_get_length (rows) : 0;
      if (n_rows == 0)
        break;
      last_seq = tj_json_get_int (_tj_sync_node_object (json_array_get_element (rows, n_rows - 1)), "seq", since);

      for (guint i = 0; i < n_rows; i++)
        {
          JsonObject *row = _tj_sync_node_object (json_array_get_element (rows, i));
          const char *id = tj_json_get_string (row, "id", NULL);
          JsonArray *leaves = tj_json_get_array (row, "changes");
          JsonArray *revs = json_array_new ();

          for (guint j = 0; leaves && j < json_array_get_length (leaves); j++)
            json_array_add_string_element (revs, tj_json_get_string (json_array_get_object_element (leaves, j),
                                                                     "rev", NULL));
          cp->missing_checked += json_array_get_length (revs);
          json_object_set_array_member (diff_request, id, revs);
        }

      /* This batch is diffed and read while the previous one travels;
       * the previous one lands (and is checkpointed) before this one is
       * sent, so checkpoints stay in order. */
      next = flight_new (last_seq);
      if (!push_prepare (run, cp, diff_request, refused, next, error))
        {
          flight_free (run, next);
          return FALSE;
        }
      if (*flying)
        {
          Flight *landing = g_steal_pointer (flying);
          gboolean ok = push_land (run, cp, landing, refused, error) &&
                        push_checkpoint (run, cp, landing->last_seq, refused, had_refused, error);
          flight_free (run, landing);
          if (!ok)
            {
              flight_free (run, next);
              return FALSE;
            }
        }
      push_send (run, next);
      *flying = next;
      since = last_seq;
      if (n_rows < batch)
        break;
    }

  if (*flying)
    {
      Flight *landing = g_steal_pointer (flying);
      gboolean ok = push_land (run, cp, landing, refused, error) &&
                    push_checkpoint (run, cp, landing->last_seq, refused, had_refused, error);
      flight_free (run, landing);
      if (!ok)
        return FALSE;
    }

  if (!_tj_sync_checkpoint_land (run, cp, error))
    return FALSE;
  if ((json_object_get_size (refused) > 0 || had_refused) &&
      !_tj_sync_refused_save (run, cp, refused, error))
    return FALSE;
  g_clear_pointer (&run->push_seq, json_node_unref);
  run->push_seq = json_node_init_int (json_node_alloc (), since);
  return TRUE;
}

gboolean
_tj_sync_push (TjSyncRun  *run,
               GError    **error)
{
  Flight *flying = NULL;
  gboolean ok = push_flights (run, &flying, error);

  flight_free (run, flying);
  return ok;
}
