/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Pull: the server's changes feed, compared with the local store, the
 * missing revisions fetched (_bulk_get or open_revs) and written in one
 * transaction per batch, then checkpointed.
 *
 * A revision that cannot be taken (damaged twice in a row, refused by the
 * local store, or refused by the server) does not stop the batch: it is
 * reported in the result's "errors", counted as a write failure in the
 * checkpoint's history, and kept in the direction's refused list
 * (tj-sync-checkpoint.c) to be fetched again on every later run until it
 * is written. The checkpoint then moves past it, as CouchDB's does past
 * its doc_write_failures: nothing is lost silently, and one bad document
 * does not hold back every station's pull. */
#undef G_LOG_DOMAIN
#define G_LOG_DOMAIN "Tiaojie-Sync"

#include "tj-replicator-private.h"

#include <string.h>

#include "tj-i18n.h"

/* What a batch fetched: the revisions to write (TjSyncDoc: checked, the
 * server's text kept as it came), and the ones that cannot be taken, as
 * {id, rev?, error, reason}. */
typedef struct
{
  GPtrArray *docs;
  JsonArray *failures;
} Fetched;

static void
fetched_init (Fetched *f)
{
  f->docs = g_ptr_array_new_with_free_func ((GDestroyNotify) _tj_sync_doc_free);
  f->failures = json_array_new ();
}

static void
fetched_clear (Fetched *f)
{
  g_clear_pointer (&f->docs, g_ptr_array_unref);
  g_clear_pointer (&f->failures, json_array_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Fetched, fetched_clear)

/* ------------------------------------------------------------------ */
/* Fetching revisions                                                   */
/* ------------------------------------------------------------------ */

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

/* The check of a _bulk_get or open_revs reply: parses it into a fresh
 * Fetched (a reply asked again must not add to the last one's). */
typedef struct
{
  JsonObject *asked;      /* _bulk_get: {id: [rev]} */
  const char *id;         /* open_revs */
  guint       n_asked;
  const char *what;
  Fetched     fetched;
} FetchCheck;

static void
fetch_check_clear (FetchCheck *check)
{
  fetched_clear (&check->fetched);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (FetchCheck, fetch_check_clear)

static gboolean
check_bulk_get (TjSyncTape  *reply,
                gpointer     data,
                GError     **error)
{
  FetchCheck *check = data;

  fetched_clear (&check->fetched);
  fetched_init (&check->fetched);
  return _tj_sync_tape_bulk_get (reply, check->asked, check->what, check->fetched.docs,
                                 check->fetched.failures, error);
}

static gboolean
check_open_revs (TjSyncTape  *reply,
                 gpointer     data,
                 GError     **error)
{
  FetchCheck *check = data;

  fetched_clear (&check->fetched);
  fetched_init (&check->fetched);
  return _tj_sync_tape_open_revs (reply, check->id, check->n_asked, check->what, check->fetched.docs,
                                  check->fetched.failures, error);
}

/* Moves what @from holds into @into. */
static void
fetched_take (Fetched *into,
              Fetched *from)
{
  g_ptr_array_extend_and_steal (into->docs, g_steal_pointer (&from->docs));
  from->docs = g_ptr_array_new_with_free_func ((GDestroyNotify) _tj_sync_doc_free);
  for (guint i = 0; i < json_array_get_length (from->failures); i++)
    json_array_add_element (into->failures, json_node_copy (json_array_get_element (from->failures, i)));
}

static guint
count_revs (JsonObject *missing)
{
  g_autoptr(GList) ids = json_object_get_members (missing);
  guint n = 0;

  for (GList *l = ids; l; l = l->next)
    n += json_array_get_length (tj_json_get_array (missing, l->data));
  return n;
}

/* Cuts @missing ({id: [rev]}, more than one revision) in two halves. */
static void
split_revs (JsonObject  *missing,
            JsonObject **out_first,
            JsonObject **out_second)
{
  g_autoptr(GList) ids = json_object_get_members (missing);
  guint half = count_revs (missing) / 2;
  guint n = 0;

  *out_first = json_object_new ();
  *out_second = json_object_new ();
  for (GList *l = ids; l; l = l->next)
    {
      JsonArray *revs = tj_json_get_array (missing, l->data);
      for (guint i = 0; i < json_array_get_length (revs); i++, n++)
        _tj_sync_refused_add (n < half ? *out_first : *out_second, l->data,
                              json_array_get_string_element (revs, i));
    }
}

/* The revisions of @missing, each too deep for its reply to be parsed. */
static void
refuse_too_deep (JsonObject *missing,
                 Fetched    *into)
{
  g_autoptr(GList) ids = json_object_get_members (missing);

  for (GList *l = ids; l; l = l->next)
    {
      JsonArray *revs = tj_json_get_array (missing, l->data);
      g_autofree char *reason = g_strdup_printf (_("“%s” is nested deeper than %u levels"),
                                                 (const char *) l->data, TJ_SYNC_MAX_DOC_DEPTH);

      for (guint i = 0; i < json_array_get_length (revs); i++)
        _tj_sync_add_failure (into->failures, l->data, json_array_get_string_element (revs, i),
                              "invalid_document", reason);
    }
}

static gboolean fetch_open_revs (TjSyncRun  *run,
                                 JsonObject *missing,
                                 Fetched    *into,
                                 GError    **error);

static char *
bulk_get_path (TjSyncRun *run)
{
  return g_strconcat (run->db_path, "/_bulk_get?revs=true&latest=true&attachments=true", NULL);
}

/* The body of a _bulk_get for @missing. @atts_since (nullable): per
 * document, revisions we have; the server then sends attachments those
 * revisions already hold as stubs, which the store resolves from its
 * blobs by digest. */
static GBytes *
bulk_get_body (JsonObject *missing,
               JsonObject *atts_since)
{
  g_autoptr(JsonObject) body = json_object_new ();
  g_autoptr(JsonArray) list = json_array_new ();
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);
  g_autoptr(GList) ids = json_object_get_members (missing);
  char *text;

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
  text = tj_json_to_string (node, FALSE);
  return g_bytes_new_take (text, strlen (text));
}

static gboolean fetch_bulk_get_chunk (TjSyncRun   *run,
                                      JsonObject  *missing,
                                      JsonObject  *atts_since,
                                      Fetched     *into,
                                      GError     **error);

/* What a _bulk_get for @missing came back with (*@ok and @local_error:
 * whether an answer came). A reply nested too deep to parse holds at
 * least one revision deeper than any body may be: the request is cut in
 * halves until that revision is alone, and it alone is refused. A server
 * without _bulk_get (a 4xx) is asked with open_revs. */
static gboolean
bulk_get_answer (TjSyncRun    *run,
                 JsonObject   *missing,
                 JsonObject   *atts_since,
                 gboolean      ok,
                 GError       *local_error,
                 guint         status,
                 JsonNode     *reply,
                 FetchCheck   *check,
                 Fetched      *into,
                 GError      **error)
{
  if (!ok)
    {
      g_autoptr(JsonObject) first = NULL;
      g_autoptr(JsonObject) second = NULL;

      if (!g_error_matches (local_error, TJ_SYNC_TOO_DEEP_ERROR, 0))
        {
          g_propagate_error (error, g_error_copy (local_error));
          return FALSE;
        }
      if (count_revs (missing) == 1)
        {
          g_debug ("%s: the reply is nested too deep; refusing that revision", check->what);
          refuse_too_deep (missing, into);
          return TRUE;
        }
      split_revs (missing, &first, &second);
      return fetch_bulk_get_chunk (run, first, atts_since, into, error) &&
             fetch_bulk_get_chunk (run, second, atts_since, into, error);
    }
  if (status == SOUP_STATUS_UNAUTHORIZED || status == SOUP_STATUS_FORBIDDEN)
    return _tj_sync_status_error (error, check->what, status, reply);
  if (!SOUP_STATUS_IS_SUCCESSFUL (status))
    {
      if (status >= 500)
        return _tj_sync_status_error (error, check->what, status, reply);
      /* CouchDB 1.x and some proxies have no _bulk_get. */
      g_debug ("_bulk_get answered %u: falling back to open_revs", status);
      run->no_bulk_get = TRUE;
      return fetch_open_revs (run, missing, into, error);
    }
  fetched_take (into, &check->fetched);
  return TRUE;
}

static gboolean
fetch_bulk_get_chunk (TjSyncRun   *run,
                      JsonObject  *missing,
                      JsonObject  *atts_since,
                      Fetched     *into,
                      GError     **error)
{
  g_autofree char *path = bulk_get_path (run);
  g_autofree char *what = g_strdup_printf ("POST %s/_bulk_get", run->db_path);
  g_autoptr(GBytes) body = bulk_get_body (missing, atts_since);
  g_autoptr(JsonNode) reply = NULL;
  g_autoptr(TjSyncTape) tape = NULL;
  g_autoptr(GError) local_error = NULL;
  g_auto(FetchCheck) check = { missing, NULL, 0, what, { NULL, NULL } };
  guint status = 0;
  gboolean ok;

  ok = _tj_sync_request_tape (run, "POST", path, body, check_bulk_get, &check, &status, &reply, &tape,
                              &local_error);
  return bulk_get_answer (run, missing, atts_since, ok, local_error, status, reply, &check, into, error);
}

static gboolean
fetch_open_revs_chunk (TjSyncRun   *run,
                       const char  *id,
                       JsonArray   *revs,
                       Fetched     *into,
                       GError     **error)
{
  g_autoptr(JsonNode) revs_node = json_node_new (JSON_NODE_ARRAY);
  g_autofree char *revs_text = NULL;
  g_autofree char *revs_param = NULL;
  g_autofree char *base_path = doc_path (run, id);
  g_autofree char *path = NULL;
  g_autofree char *what = g_strdup_printf ("GET %s", base_path);
  g_autoptr(GError) local_error = NULL;
  g_auto(FetchCheck) check = { NULL, id, json_array_get_length (revs), what, { NULL, NULL } };
  g_autoptr(JsonNode) reply = NULL;
  g_autoptr(TjSyncTape) tape = NULL;
  guint status = 0;
  gboolean ok;

  json_node_set_array (revs_node, revs);
  revs_text = tj_json_to_string (revs_node, FALSE);
  revs_param = _tj_sync_escape (revs_text);
  path = g_strconcat (base_path, "?revs=true&latest=true&attachments=true&open_revs=", revs_param, NULL);

  ok = _tj_sync_request_tape (run, "GET", path, NULL, check_open_revs, &check, &status, &reply, &tape,
                              &local_error);
  if (ok && !SOUP_STATUS_IS_SUCCESSFUL (status))
    ok = _tj_sync_status_error (&local_error, what, status, reply);
  if (!ok)
    {
      g_autoptr(JsonObject) missing = json_object_new ();

      if (!g_error_matches (local_error, TJ_SYNC_TOO_DEEP_ERROR, 0))
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
      json_object_set_array_member (missing, id, json_array_ref (revs));
      if (json_array_get_length (revs) == 1)
        {
          refuse_too_deep (missing, into);
          return TRUE;
        }
      for (guint i = 0; i < json_array_get_length (revs); i++)
        {
          g_autoptr(JsonArray) one = json_array_new ();
          json_array_add_string_element (one, json_array_get_string_element (revs, i));
          if (!fetch_open_revs_chunk (run, id, one, into, error))
            return FALSE;
        }
      return TRUE;
    }
  fetched_take (into, &check.fetched);
  return TRUE;
}

/* The fallback: one GET per document, revisions chunked so that URLs stay
 * under the length proxies accept. */
static gboolean
fetch_open_revs (TjSyncRun   *run,
                 JsonObject  *missing,
                 Fetched     *into,
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
              if (!fetch_open_revs_chunk (run, id, chunk, into, error))
                return FALSE;
              g_clear_pointer (&chunk, json_array_unref);
              chunk = json_array_new ();
              url_len = strlen (run->base) + strlen (run->db_path) + 3 * strlen (id) + 100;
            }
          json_array_add_string_element (chunk, rev);
          url_len += rev_len;
        }
      if (json_array_get_length (chunk) > 0 && !fetch_open_revs_chunk (run, id, chunk, into, error))
        return FALSE;
    }
  return TRUE;
}

/* Fetch the revisions @missing names: _bulk_get in requests of at most
 * MAX_FETCH revisions (so that documents with large attachments do not
 * make one huge reply), all sent at once to travel side by side on the
 * run's worker threads, or one GET per document where the server has no
 * _bulk_get. */
static gboolean
fetch_revisions (TjSyncRun   *run,
                 JsonObject  *missing,
                 JsonObject  *atts_since,
                 Fetched     *into,
                 GError     **error)
{
  g_autoptr(GList) ids = json_object_get_members (missing);
  g_autoptr(GPtrArray) chunks = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  g_autoptr(GPtrArray) pending = g_ptr_array_new ();
  g_autofree char *path = bulk_get_path (run);
  g_autofree char *what = g_strdup_printf ("POST %s/_bulk_get", run->db_path);
  JsonObject *chunk = NULL;
  guint n = 0;
  gboolean ok = TRUE;

  if (run->no_bulk_get)
    return fetch_open_revs (run, missing, into, error);
  for (GList *l = ids; l; l = l->next)
    {
      JsonArray *revs = tj_json_get_array (missing, l->data);

      if (chunk == NULL)
        {
          chunk = json_object_new ();
          g_ptr_array_add (chunks, chunk);
        }
      json_object_set_array_member (chunk, l->data, json_array_ref (revs));
      n += json_array_get_length (revs);
      if (n >= MAX_FETCH)
        {
          chunk = NULL;
          n = 0;
        }
    }
  if (chunks->len == 1)
    return fetch_bulk_get_chunk (run, g_ptr_array_index (chunks, 0), atts_since, into, error);

  for (guint i = 0; i < chunks->len; i++)
    {
      g_autoptr(GBytes) body = bulk_get_body (g_ptr_array_index (chunks, i), atts_since);
      g_ptr_array_add (pending, _tj_sync_pending_start_bytes (run, "POST", path, body, TRUE));
    }
  for (guint i = 0; i < chunks->len; i++)
    {
      JsonObject *c = g_ptr_array_index (chunks, i);
      TjSyncPending *p = g_steal_pointer (&g_ptr_array_index (pending, i));

      if (!ok)
        _tj_sync_pending_free (run, p);
      else if (run->no_bulk_get)
        {
          _tj_sync_pending_free (run, p);
          ok = fetch_open_revs (run, c, into, error);
        }
      else
        {
          g_autoptr(JsonNode) reply = NULL;
          g_autoptr(TjSyncTape) tape = NULL;
          g_autoptr(GError) local_error = NULL;
          g_auto(FetchCheck) check = { c, NULL, 0, what, { NULL, NULL } };
          guint status = 0;
          gboolean answered;

          answered = _tj_sync_pending_finish_tape (run, p, check_bulk_get, &check, &status, &reply, &tape,
                                                   &local_error);
          ok = bulk_get_answer (run, c, atts_since, answered, local_error, status, reply, &check, into, error);
        }
    }
  return ok;
}

/* The revisions of @failures that came damaged ({id: [rev]}); one whose
 * revision is unknown stands for every revision of it that was asked. */
static JsonObject *
damaged_revs (JsonArray  *failures,
              JsonObject *asked)
{
  JsonObject *again = json_object_new ();

  for (guint i = 0; i < json_array_get_length (failures); i++)
    {
      JsonObject *failure = json_array_get_object_element (failures, i);
      const char *id = tj_json_get_string (failure, "id", NULL);
      const char *rev = tj_json_get_string (failure, "rev", NULL);
      JsonArray *revs = tj_json_get_array (asked, id);

      if (g_strcmp0 (tj_json_get_string (failure, "error", NULL), "bad_revision") != 0)
        continue;
      if (rev)
        _tj_sync_refused_add (again, id, rev);
      else
        for (guint j = 0; j < json_array_get_length (revs); j++)
          _tj_sync_refused_add (again, id, json_array_get_string_element (revs, j));
    }
  return again;
}

/* Fetches @missing; a revision that came damaged is asked for once more
 * (a proxy or a dropped connection may have spoilt it) before it counts
 * as a failure. */
static gboolean
fetch_checked (TjSyncRun   *run,
               JsonObject  *missing,
               JsonObject  *atts_since,
               Fetched     *into,
               GError     **error)
{
  g_auto(Fetched) first = { NULL, NULL };
  g_auto(Fetched) second = { NULL, NULL };
  g_autoptr(JsonObject) again = NULL;

  fetched_init (&first);
  if (!fetch_revisions (run, missing, atts_since, &first, error))
    return FALSE;
  again = damaged_revs (first.failures, missing);
  if (json_object_get_size (again) == 0)
    {
      fetched_take (into, &first);
      return TRUE;
    }

  g_debug ("%u revisions came damaged; asking for them once more", count_revs (again));
  fetched_init (&second);
  if (!fetch_revisions (run, again, NULL, &second, error))
    return FALSE;
  g_ptr_array_extend_and_steal (into->docs, g_steal_pointer (&first.docs));
  for (guint i = 0; i < json_array_get_length (first.failures); i++)
    {
      JsonObject *failure = json_array_get_object_element (first.failures, i);
      if (g_strcmp0 (tj_json_get_string (failure, "error", NULL), "bad_revision") != 0)
        json_array_add_object_element (into->failures, json_object_ref (failure));
    }
  fetched_take (into, &second);
  return TRUE;
}

/* ------------------------------------------------------------------ */
/* Writing                                                              */
/* ------------------------------------------------------------------ */

/* "kept" says that an edit overruled a deletion: "edited_here" when the
 * edit that kept a document alive was made at this station, and
 * "edited_elsewhere" when the deletion made here lost. The store tells
 * what a write did to a document; whether the revision it kept or
 * replaced was made here is known from this table: the winning revision
 * that pull last wrote, per document. A winner that is not that revision
 * was written here. (Without it, a new station that pulls a document's
 * edit and, in the same batch, the deletion it beat was told it had
 * edited a document it never saw.) */
static gboolean
ensure_pulled_table (TjSyncRun  *run,
                     GError    **error)
{
  return tj_store_exec (run->store,
                        "CREATE TABLE IF NOT EXISTS sync_pulled_winners ("
                        "  id TEXT PRIMARY KEY, rev TEXT NOT NULL) WITHOUT ROWID", error);
}

static char *
pulled_winner (TjSyncRun  *run,
               const char *id,
               GError    **error)
{
  sqlite3_stmt *st = tj_store_statement (run->store, "SELECT rev FROM sync_pulled_winners WHERE id = ?1", error);
  char *rev = NULL;
  int rc;

  if (st == NULL)
    return NULL;
  sqlite3_bind_text (st, 1, id, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (st);
  if (rc == SQLITE_ROW)
    rev = g_strdup (tj_store_column_text (st, 0));
  sqlite3_reset (st);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    tj_store_set_error (run->store, rc, error);
  return rev;
}

static gboolean
note_pulled_winner (TjSyncRun  *run,
                    const char *id,
                    const char *rev,
                    GError    **error)
{
  sqlite3_stmt *st = tj_store_statement (run->store,
                                         "INSERT OR REPLACE INTO sync_pulled_winners (id, rev) VALUES (?1, ?2)",
                                         error);

  if (st == NULL)
    return FALSE;
  sqlite3_bind_text (st, 1, id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (st, 2, rev, -1, SQLITE_TRANSIENT);
  return tj_store_step_done (run->store, st, error);
}

/* The winning revision of @id, NULL when the store has no such document
 * (nothing to look at for most of a first replication). */
static char *
winner_of (TjSyncRun   *run,
           const char  *id,
           GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  char *rev = NULL;
  gboolean deleted;

  if (!tj_store_get_winner (run->store, id, &rev, &deleted, &local_error) &&
      !g_error_matches (local_error, TJ_ERROR, TJ_ERROR_NOT_FOUND))
    g_propagate_error (error, g_steal_pointer (&local_error));
  return rev;
}

/* Writes @doc and says, in run->kept, when an edit overruled a deletion. */
static gboolean
write_one (TjSyncRun   *run,
           TjSyncDoc   *doc,
           GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *pulled = NULL;
  TjReplicatedOutcome outcome;
  TjReplicatedRev rev = {
    doc->id, doc->rev, (const char * const *) doc->path->pdata, doc->path->len, doc->deleted,
    doc->body, doc->type, doc->attachments,
  };

  before = winner_of (run, doc->id, &local_error);
  if (local_error == NULL && before != NULL)
    pulled = pulled_winner (run, doc->id, &local_error);
  if (local_error)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  if (!tj_store_put_replicated_rev (run->store, &rev, &outcome, error))
    return FALSE;
  /* A document new here has its one revision as the winner: most of a
   * first replication needs no second look. */
  if (before != NULL)
    {
      after = winner_of (run, doc->id, &local_error);
      if (local_error)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
    }
  if ((before == NULL || g_strcmp0 (after, doc->rev) == 0) && !note_pulled_winner (run, doc->id, doc->rev, error))
    return FALSE;

  if (outcome != TJ_REPLICATED_PLAIN && before && g_strcmp0 (before, pulled) != 0)
    {
      JsonObject *kept = json_object_new ();
      json_object_set_string_member (kept, "id", doc->id);
      json_object_set_string_member (kept, "why", outcome == TJ_REPLICATED_REVIVED
                                                   ? "edited_elsewhere" : "edited_here");
      json_array_add_object_element (run->kept, kept);
    }
  return TRUE;
}

static gboolean
has_stub (TjSyncDoc *doc)
{
  g_autoptr(GList) names = doc->attachments ? json_object_get_members (doc->attachments) : NULL;

  for (GList *l = names; l; l = l->next)
    if (tj_json_get_bool (tj_json_get_object (doc->attachments, l->data), "stub", FALSE))
      return TRUE;
  return FALSE;
}

/* What a batch records once its documents are written, in the same
 * transaction: its refusals, the refused list and the local checkpoint
 * (see pull_pages()). @failures are the batch's. */
typedef gboolean (*BatchEnd) (TjSyncRun         *run,
                              TjSyncCheckpoint  *cp,
                              JsonArray         *failures,
                              gpointer           data,
                              GError           **error);

/* Writes fetched revisions, in the caller's transaction. A revision the
 * local store refuses goes to @failures, except one with attachment stubs
 * when @stub_retry is given: it goes there, to be fetched again with its
 * data (the store lacked a blob the server assumed we had). Any other
 * failure fails the whole batch. */
static gboolean
write_docs (TjSyncRun   *run,
            GPtrArray   *docs,
            JsonObject  *stub_retry,
            JsonArray   *failures,
            guint       *out_written,
            GError     **error)
{
  *out_written = 0;
  for (guint i = 0; i < docs->len; i++)
    {
      TjSyncDoc *doc = g_ptr_array_index (docs, i);
      gboolean stubs = stub_retry != NULL && has_stub (doc);
      g_autoptr(GError) local_error = NULL;

      if (write_one (run, doc, &local_error))
        (*out_written)++;
      else if (stubs && g_error_matches (local_error, TJ_ERROR, TJ_ERROR_INVALID))
        {
          g_debug ("%s %s: an attachment stub the store cannot resolve; fetching it again with its data",
                   doc->id, doc->rev);
          _tj_sync_refused_add (stub_retry, doc->id, doc->rev);
        }
      else if (g_error_matches (local_error, TJ_ERROR, TJ_ERROR_INVALID) ||
               g_error_matches (local_error, TJ_ERROR, TJ_ERROR_CONFLICT))
        {
          /* Not the store's message: an indexer's may quote the content. */
          g_debug ("%s %s refused by the local store", doc->id, doc->rev);
          _tj_sync_add_failure (failures, doc->id, doc->rev, "refused_locally", local_error->message);
        }
      else
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
    }
  return TRUE;
}

/* One transaction: @docs written and, unless some must be fetched again
 * (@stub_retry not empty afterwards), the batch counted and @end called. */
static gboolean
write_batch (TjSyncRun         *run,
             TjSyncCheckpoint  *cp,
             GPtrArray         *docs,
             JsonObject        *stub_retry,
             JsonArray         *failures,
             BatchEnd           end,
             gpointer           end_data,
             GError           **error)
{
  guint written = 0;
  gboolean last;

  if (docs->len == 0 && end == NULL)
    {
      cp->failures += json_array_get_length (failures);
      return TRUE;
    }
  if (!tj_store_begin (run->store, error))
    return FALSE;
  if (!write_docs (run, docs, stub_retry, failures, &written, error))
    {
      tj_store_rollback (run->store);
      return FALSE;
    }
  last = stub_retry == NULL || json_object_get_size (stub_retry) == 0;
  cp->docs_written += written;
  run->docs_written += written;
  run->pulled += written;
  if (last)
    {
      cp->failures += json_array_get_length (failures);
      if (end && !end (run, cp, failures, end_data, error))
        {
          tj_store_rollback (run->store);
          cp->docs_written -= written;
          run->docs_written -= written;
          run->pulled -= written;
          return FALSE;
        }
    }
  if (!tj_store_commit (run->store, error))
    {
      cp->docs_written -= written;
      run->docs_written -= written;
      run->pulled -= written;
      return FALSE;
    }
  return TRUE;
}

/* Fetches @missing, takes @inline_docs (TjSyncDoc, checked), and writes
 * them; revisions that cannot be taken are added to @failures. @end
 * (nullable) is called in the transaction of the last write. */
static gboolean
fetch_and_write (TjSyncRun         *run,
                 TjSyncCheckpoint  *cp,
                 JsonObject        *missing,
                 JsonObject        *atts_since,
                 GPtrArray         *inline_docs,
                 JsonArray         *failures,
                 BatchEnd           end,
                 gpointer           end_data,
                 GError           **error)
{
  g_auto(Fetched) fetched = { NULL, NULL };
  g_autoptr(JsonObject) stub_retry = json_object_new ();

  fetched_init (&fetched);
  if (inline_docs)
    g_ptr_array_extend_and_steal (fetched.docs, g_ptr_array_ref (inline_docs));
  if (json_object_get_size (missing) > 0 && !fetch_checked (run, missing, atts_since, &fetched, error))
    return FALSE;
  cp->docs_read += fetched.docs->len;
  run->docs_read += fetched.docs->len;

  if (!write_batch (run, cp, fetched.docs, stub_retry, fetched.failures, end, end_data, error))
    return FALSE;
  if (json_object_get_size (stub_retry) > 0)
    {
      g_auto(Fetched) again = { NULL, NULL };

      fetched_init (&again);
      if (!fetch_checked (run, stub_retry, NULL, &again, error))
        return FALSE;
      for (guint i = 0; i < json_array_get_length (again.failures); i++)
        json_array_add_element (fetched.failures, json_node_copy (json_array_get_element (again.failures, i)));
      if (!write_batch (run, cp, again.docs, NULL, fetched.failures, end, end_data, error))
        return FALSE;
    }
  for (guint i = 0; i < json_array_get_length (fetched.failures); i++)
    json_array_add_element (failures, json_node_copy (json_array_get_element (fetched.failures, i)));
  return TRUE;
}

/* Reports @failures in the result and keeps those that can be asked for
 * again in @refused ({id: [rev]}). A revision the server says it does not
 * have can never come: it is reported, not kept. */
static void
note_failures (TjSyncRun  *run,
               JsonArray  *failures,
               JsonObject *asked,
               JsonObject *refused)
{
  for (guint i = 0; i < json_array_get_length (failures); i++)
    {
      JsonObject *failure = json_array_get_object_element (failures, i);
      const char *id = tj_json_get_string (failure, "id", NULL);
      const char *rev = tj_json_get_string (failure, "rev", NULL);
      const char *name = tj_json_get_string (failure, "error", NULL);
      JsonArray *revs = tj_json_get_array (asked, id);

      g_debug ("pull: %s %s not written: %s", id, rev ? rev : "(revision unknown)", name);
      json_array_add_object_element (run->errors, json_object_ref (failure));
      if (g_strcmp0 (name, "not_found") == 0)
        continue;
      if (rev)
        _tj_sync_refused_add (refused, id, rev);
      else
        for (guint j = 0; j < json_array_get_length (revs); j++)
          _tj_sync_refused_add (refused, id, json_array_get_string_element (revs, j));
    }
}

/* ------------------------------------------------------------------ */
/* The changes feed                                                     */
/* ------------------------------------------------------------------ */

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

/* A changes page: its tape, and its rows once checked. */
typedef struct
{
  const char *what;
  TjSyncTape *tape;
  GPtrArray  *rows;     /* TjSyncRow */
} Page;

static void
page_clear (Page *page)
{
  g_clear_pointer (&page->tape, _tj_sync_tape_free);
  g_clear_pointer (&page->rows, g_ptr_array_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Page, page_clear)

static gboolean
check_changes (TjSyncTape  *reply,
               gpointer     data,
               GError     **error)
{
  Page *page = data;

  g_clear_pointer (&page->rows, g_ptr_array_unref);
  page->rows = _tj_sync_tape_changes (reply, page->what, error);
  return page->rows != NULL;
}

/* One page of the changes feed after @since (the one sent ahead when it
 * is that page) into @page. With the documents inline (a first
 * replication) a page too deep to parse is asked again without them:
 * they are only a shortcut. */
static gboolean
changes_page (TjSyncRun       *run,
              TjSyncPending  **prefetch,
              JsonNode        *since,
              guint            batch,
              gboolean         include_docs,
              gboolean        *out_with_docs,
              Page            *page,
              GError         **error)
{
  g_autofree char *path = changes_path (run, since, batch, include_docs);
  g_autoptr(GError) local_error = NULL;
  g_autoptr(JsonNode) reply = NULL;
  guint status = 0;
  gboolean ok;

  *out_with_docs = include_docs;
  page_clear (page);
  if (*prefetch != NULL && g_strcmp0 (_tj_sync_pending_get_path (*prefetch), path) == 0)
    ok = _tj_sync_pending_finish_tape (run, g_steal_pointer (prefetch), check_changes, page, &status, &reply,
                                       &page->tape, &local_error);
  else
    ok = _tj_sync_request_tape (run, "GET", path, NULL, check_changes, page, &status, &reply, &page->tape,
                                &local_error);
  if (ok && !SOUP_STATUS_IS_SUCCESSFUL (status))
    ok = _tj_sync_status_error (&local_error, page->what, status, reply);
  if (ok)
    return TRUE;
  page_clear (page);
  if (include_docs && g_error_matches (local_error, TJ_SYNC_TOO_DEEP_ERROR, 0))
    {
      g_debug ("%s: too deep with the documents inline; asking without them", page->what);
      return changes_page (run, prefetch, since, batch, FALSE, out_with_docs, page, error);
    }
  g_propagate_error (error, g_steal_pointer (&local_error));
  return FALSE;
}

/* Revisions refused on earlier runs, fetched and written again first. */
static gboolean
pull_refused (TjSyncRun         *run,
              TjSyncCheckpoint  *cp,
              JsonObject        *retry,
              JsonObject        *refused,
              GError           **error)
{
  g_autoptr(JsonObject) diff = NULL;
  g_autoptr(JsonObject) missing = json_object_new ();
  g_autoptr(JsonArray) failures = json_array_new ();
  g_autoptr(GList) ids = NULL;

  /* Some may have arrived since, in a later revision's history. */
  diff = tj_store_revs_diff (run->store, retry, error);
  if (diff == NULL)
    return FALSE;
  ids = json_object_get_members (diff);
  for (GList *l = ids; l; l = l->next)
    {
      JsonArray *revs = tj_json_get_array (tj_json_get_object (diff, l->data), "missing");
      if (revs && json_array_get_length (revs) > 0)
        json_object_set_array_member (missing, l->data, json_array_ref (revs));
    }
  if (json_object_get_size (missing) == 0)
    return TRUE;
  g_debug ("pull: asking again for %u revisions refused before", count_revs (missing));
  if (!fetch_and_write (run, cp, missing, NULL, NULL, failures, NULL, NULL, error))
    return FALSE;
  note_failures (run, failures, missing, refused);
  return TRUE;
}

/* What a page records with its last write (a BatchEnd). */
typedef struct
{
  JsonObject *asked;       /* {id: [rev]}: the page's leaves */
  JsonObject *refused;
  gboolean    had_refused;
  JsonNode   *seq;         /* the page's last */
  JsonObject *log;         /* out: the checkpoint written */
} PageEnd;

/* The refusals are on record before the checkpoint moves past them, and
 * both are in the transaction of the batch's documents. */
static gboolean
page_end (TjSyncRun         *run,
          TjSyncCheckpoint  *cp,
          JsonArray         *failures,
          gpointer           data,
          GError           **error)
{
  PageEnd *end = data;

  note_failures (run, failures, end->asked, end->refused);
  if ((json_object_get_size (end->refused) > 0 || end->had_refused) &&
      !_tj_sync_refused_save (run, cp, end->refused, error))
    return FALSE;
  g_clear_pointer (&end->log, json_object_unref);
  end->log = _tj_sync_checkpoint_log (cp, end->seq);
  return _tj_sync_checkpoint_write_local (run, cp, end->log, error);
}

/* Whether @row's one revision can be taken as it came in the changes
 * feed: the only revision of its document, generation 1, complete there
 * (its history is its own hash), and it passes every check. */
static TjSyncDoc *
inline_doc (TjSyncTape *tape,
            TjSyncRow  *row,
            const char *what)
{
  g_autoptr(GString) buf = g_string_new (NULL);
  const char *rev;
  TjSyncDoc *doc = NULL;

  if (row->doc == 0 || row->revs->len != 1 || !g_str_has_prefix (g_ptr_array_index (row->revs, 0), "1-"))
    return NULL;
  rev = _tj_sync_tape_get_string (tape, row->doc, "_rev", buf);
  if (g_strcmp0 (rev, g_ptr_array_index (row->revs, 0)) != 0)
    return NULL;
  /* One that does not pass is simply fetched. */
  if (!_tj_sync_tape_doc (tape, row->doc, row->id, TRUE, what, &doc, NULL))
    return NULL;
  return doc;
}

static gboolean
pull_pages (TjSyncRun       *run,
            TjSyncPending  **prefetch,
            GError         **error)
{
  g_autoptr(TjSyncCheckpoint) cp = NULL;
  g_autoptr(JsonNode) since = NULL;
  g_autoptr(JsonObject) retry = NULL;
  g_autoptr(JsonObject) refused = json_object_new ();
  g_autofree char *what = NULL;
  guint batch = run->self->batch_size;
  gboolean from_scratch, had_refused;

  /* A station with no record of pulling from this database starts from
   * the beginning, whatever the server's record says: the first page
   * travels while that record is read. */
  if (!_tj_sync_checkpoint_has_local (run, FALSE))
    {
      g_autofree char *first_path = changes_path (run, NULL, batch, TRUE);
      *prefetch = _tj_sync_pending_start_bytes (run, "GET", first_path, NULL, TRUE);
    }
  cp = _tj_sync_checkpoint_begin (run, FALSE, error);
  if (cp == NULL)
    return FALSE;
  if (!ensure_pulled_table (run, error))
    return FALSE;
  what = g_strdup_printf ("GET %s/_changes", run->db_path);
  since = cp->start_seq ? json_node_copy (cp->start_seq) : NULL;
  /* A first replication (a new station) has to fetch nearly every
   * document: asking the changes feed for the winning bodies saves the
   * _bulk_get round trip for the many documents that have one revision
   * only (PouchDB's replicator takes the same shortcut with _all_docs).
   * Later runs fetch only what _revs_diff says is missing. */
  from_scratch = since == NULL;

  if ((retry = _tj_sync_refused_load (run, cp, error)) == NULL)
    return FALSE;
  had_refused = json_object_get_size (retry) > 0;
  if (had_refused && !pull_refused (run, cp, retry, refused, error))
    return FALSE;

  for (;;)
    {
      g_auto(Page) page = { what, NULL, NULL };
      g_autoptr(JsonObject) asked = json_object_new ();
      g_autoptr(JsonObject) missing = json_object_new ();
      g_autoptr(JsonObject) ancestors = json_object_new ();
      g_autoptr(GPtrArray) inline_docs = g_ptr_array_new_with_free_func ((GDestroyNotify) _tj_sync_doc_free);
      g_autoptr(JsonArray) failures = json_array_new ();
      PageEnd end = { asked, refused, had_refused, NULL, NULL };
      gboolean with_docs, caught_up;
      JsonNode *last_seq;
      guint n_rows;

      if (g_cancellable_set_error_if_cancelled (run->cancellable, error))
        return FALSE;
      if (!changes_page (run, prefetch, since, batch, from_scratch, &with_docs, &page, error))
        return FALSE;
      n_rows = page.rows->len;
      if (n_rows == 0)
        break;
      last_seq = ((TjSyncRow *) g_ptr_array_index (page.rows, n_rows - 1))->seq;
      if (since && _tj_sync_seq_equal (last_seq, since))
        return _tj_sync_malformed (error, what, _("the changes feed does not advance"));

      /* Where the feed was when the run began: nothing more to ask for
       * (what came since is for the next run). */
      caught_up = _tj_sync_seq_equal (last_seq, run->source_seq);
      /* The next page travels (and is read, on a worker thread) while
       * this one is fetched and written. */
      if (n_rows == batch && !caught_up)
        {
          g_autofree char *next_path = changes_path (run, last_seq, batch, from_scratch);
          _tj_sync_pending_free (run, g_steal_pointer (prefetch));
          *prefetch = _tj_sync_pending_start_bytes (run, "GET", next_path, NULL, TRUE);
        }

      for (guint i = 0; i < n_rows; i++)
        {
          TjSyncRow *row = g_ptr_array_index (page.rows, i);
          g_autofree gboolean *lacking = g_new0 (gboolean, row->revs->len);
          g_autoptr(GPtrArray) have = g_ptr_array_new_with_free_func (g_free);
          JsonArray *revs = json_array_new ();
          JsonArray *revs_missing;
          TjSyncDoc *doc;
          gint n_missing;

          for (guint j = 0; j < row->revs->len; j++)
            json_array_add_string_element (revs, g_ptr_array_index (row->revs, j));
          json_object_set_array_member (asked, row->id, revs);
          cp->missing_checked += row->revs->len;
          n_missing = tj_store_revs_missing (run->store, row->id, (const char * const *) row->revs->pdata,
                                             row->revs->len, lacking, have, error);
          if (n_missing < 0)
            return FALSE;
          if (n_missing == 0)
            continue;
          cp->missing_found += n_missing;
          if (with_docs && n_missing == 1 && (doc = inline_doc (page.tape, row, what)) != NULL)
            {
              g_ptr_array_add (inline_docs, doc);
              continue;
            }
          revs_missing = json_array_new ();
          for (guint j = 0; j < row->revs->len; j++)
            if (lacking[j])
              json_array_add_string_element (revs_missing, g_ptr_array_index (row->revs, j));
          json_object_set_array_member (missing, row->id, revs_missing);
          if (have->len > 0)
            {
              JsonArray *list = json_array_new ();
              for (guint j = 0; j < have->len; j++)
                json_array_add_string_element (list, g_ptr_array_index (have, j));
              json_object_set_array_member (ancestors, row->id, list);
            }
        }

      end.seq = last_seq;
      if (!fetch_and_write (run, cp, missing, ancestors, inline_docs, failures, page_end, &end, error))
        {
          g_clear_pointer (&end.log, json_object_unref);
          return FALSE;
        }
      /* The server's side of the checkpoint travels while the next page
       * is written. */
      if (!_tj_sync_checkpoint_send (run, cp, end.log, error))
        {
          g_clear_pointer (&end.log, json_object_unref);
          return FALSE;
        }
      g_clear_pointer (&end.log, json_object_unref);
      g_clear_pointer (&since, json_node_unref);
      since = json_node_copy (last_seq);
      _tj_replicator_report_progress (run);
      if (n_rows < batch || caught_up)
        break;
    }

  if (!_tj_sync_checkpoint_land (run, cp, error))
    return FALSE;
  if ((json_object_get_size (refused) > 0 || had_refused) &&
      !_tj_sync_refused_save (run, cp, refused, error))
    return FALSE;
  g_clear_pointer (&run->pull_seq, json_node_unref);
  run->pull_seq = since ? json_node_copy (since) : json_node_init_int (json_node_alloc (), 0);
  return TRUE;
}

gboolean
_tj_sync_pull (TjSyncRun  *run,
               GError    **error)
{
  TjSyncPending *prefetch = NULL;
  gboolean ok = pull_pages (run, &prefetch, error);

  _tj_sync_pending_free (run, prefetch);
  return ok;
}

/* ------------------------------------------------------------------ */
/* Revisions asked for by name (restoring archived cases)               */
/* ------------------------------------------------------------------ */

gboolean
_tj_sync_fetch_revs (TjSyncRun   *run,
                     JsonObject  *revs,
                     GPtrArray   *docs,
                     JsonArray   *failures,
                     GError     **error)
{
  g_auto(Fetched) fetched = { NULL, NULL };

  fetched_init (&fetched);
  if (json_object_get_size (revs) > 0 && !fetch_checked (run, revs, NULL, &fetched, error))
    return FALSE;
  g_ptr_array_extend_and_steal (docs, g_steal_pointer (&fetched.docs));
  fetched.docs = g_ptr_array_new_with_free_func ((GDestroyNotify) _tj_sync_doc_free);
  for (guint i = 0; i < json_array_get_length (fetched.failures); i++)
    json_array_add_element (failures, json_node_copy (json_array_get_element (fetched.failures, i)));
  return TRUE;
}

gboolean
_tj_sync_write_revs (TjSyncRun   *run,
                     GPtrArray   *docs,
                     JsonArray   *failures,
                     guint       *out_written,
                     GError     **error)
{
  return ensure_pulled_table (run, error) &&
         write_docs (run, docs, NULL, failures, out_written, error);
}
