/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Retention: archiving closed cases from a station once the server holds
 * them, and restoring them on request (tj-retention.h, docs/SYNC.md). */
#undef G_LOG_DOMAIN
#define G_LOG_DOMAIN "Tiaojie-Sync"

#include "tj-replicator-private.h"

#include <stdio.h>
#include <string.h>

#include "tj-audit.h"
#include "tj-centre.h"
#include "tj-clock.h"
#include "tj-i18n.h"
#include "tj-repository.h"
#include "tj-retention.h"

#define ARCHIVE_ID   "_local/tiaojie-archive"
/* Cases per _revs_diff request: a case has tens of documents. */
#define CHECK_CASES  20

/* ------------------------------------------------------------------ */
/* Which cases are due                                                  */
/* ------------------------------------------------------------------ */

static gboolean
parse_date (const char *text,
            GDate      *date)
{
  int y, m, d;
  char tail;

  g_date_clear (date, 1);
  if (text == NULL || sscanf (text, "%4d-%2d-%2d%c", &y, &m, &d, &tail) != 3 ||
      strlen (text) != 10 || !g_date_valid_dmy (d, m, y))
    return FALSE;
  g_date_set_dmy (date, d, m, y);
  return TRUE;
}

/* "YYYY-MM-DD" of @today less @years (29 February becomes the 28th). */
static char *
cutoff_iso (const GDate *today,
            guint        years)
{
  GDate cut = *today;
  char buf[16];

  g_date_subtract_years (&cut, years);
  g_date_strftime (buf, sizeof buf, "%Y-%m-%d", &cut);
  return g_strdup (buf);
}

gboolean
tj_retention_is_due (const char  *closed_on,
                     const GDate *today,
                     guint        years)
{
  g_autofree char *cutoff = NULL;
  GDate closed;

  g_return_val_if_fail (today != NULL && g_date_valid (today), FALSE);

  if (years == 0 || !parse_date (closed_on, &closed))
    return FALSE;
  cutoff = cutoff_iso (today, years);
  return strcmp (closed_on, cutoff) < 0;
}

static gboolean
check_years (guint    years,
             GError **error)
{
  if (years > TJ_RETENTION_MAX_YEARS)
    {
      g_set_error (error, TJ_ERROR, TJ_ERROR_INVALID,
                   _("The retention period must be 0 (never) to %u years, not %u"),
                   TJ_RETENTION_MAX_YEARS, years);
      return FALSE;
    }
  return TRUE;
}

/* Every document of the cases in @cases (case id -> GPtrArray of ids,
 * empty), added to their arrays: the case itself and whatever revision
 * names it in "case_id" (a deleted party's tombstone is found by the body
 * of the revision before it). One pass over the revisions for a run. */
static gboolean
collect_docs (TjStore     *store,
              GHashTable  *cases,
              GError     **error)
{
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  GHashTableIter iter;
  gpointer key, value;
  sqlite3_stmt *st;
  int rc;

  g_hash_table_iter_init (&iter, cases);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      g_autoptr(JsonArray) leaves = tj_store_get_leaves (store, key, NULL);
      if (leaves && json_array_get_length (leaves) > 0)
        {
          g_ptr_array_add (value, g_strdup (key));
          g_hash_table_add (seen, g_strdup (key));
        }
    }

  st = tj_store_statement (store,
                           "SELECT DISTINCT d.id, c FROM ("
                           "  SELECT doc_id, CASE WHEN json_valid (body) THEN json_extract (body, '$.case_id') END AS c"
                           "  FROM revs WHERE body IS NOT NULL) r JOIN docs d ON d.doc_id = r.doc_id "
                           "WHERE typeof (c) = 'text'", error);
  if (st == NULL)
    return FALSE;
  while ((rc = sqlite3_step (st)) == SQLITE_ROW)
    {
      const char *id = tj_store_column_text (st, 0);
      GPtrArray *ids = g_hash_table_lookup (cases, tj_store_column_text (st, 1));

      if (ids && !g_hash_table_contains (seen, id))
        {
          g_ptr_array_add (ids, g_strdup (id));
          g_hash_table_add (seen, g_strdup (id));
        }
    }
  sqlite3_reset (st);
  if (rc != SQLITE_DONE)
    return tj_store_set_error (store, rc, error);
  return TRUE;
}

GPtrArray *
tj_retention_case_docs (TjStore     *store,
                        const char  *case_id,
                        GError     **error)
{
  g_autoptr(GHashTable) cases = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                       (GDestroyNotify) g_ptr_array_unref);
  GPtrArray *ids;

  g_return_val_if_fail (TJ_IS_STORE (store), NULL);
  g_return_val_if_fail (case_id != NULL, NULL);

  g_hash_table_insert (cases, g_strdup (case_id), g_ptr_array_new_with_free_func (g_free));
  if (!collect_docs (store, cases, error))
    return NULL;
  ids = g_hash_table_lookup (cases, case_id);
  return g_ptr_array_ref (ids);
}

static JsonObject *
case_line (const char *id,
           const char *number,
           const char *title,
           const char *closed_on,
           guint       docs)
{
  JsonObject *line = json_object_new ();

  json_object_set_string_member (line, "id", id);
  json_object_set_string_member (line, "number", number ? number : "");
  json_object_set_string_member (line, "title", title ? title : "");
  json_object_set_string_member (line, "closed_on", closed_on ? closed_on : "");
  json_object_set_int_member (line, "docs", docs);
  return line;
}

JsonArray *
tj_retention_list_due (TjStore      *store,
                       const GDate  *today,
                       guint         years,
                       GError      **error)
{
  g_autoptr(JsonArray) out = json_array_new ();
  g_autoptr(GHashTable) cases = NULL;
  g_autofree char *cutoff = NULL;
  sqlite3_stmt *st;
  int rc;

  g_return_val_if_fail (TJ_IS_STORE (store), NULL);
  g_return_val_if_fail (today != NULL && g_date_valid (today), NULL);

  if (!check_years (years, error) || !tj_case_attach (store, error))
    return NULL;
  if (years == 0)
    return g_steal_pointer (&out);
  cutoff = cutoff_iso (today, years);
  st = tj_store_statement (store,
                           "SELECT id, number, title, closed_on FROM case_index "
                           "WHERE status = 'closed' AND closed_on IS NOT NULL AND closed_on < ? "
                           "ORDER BY closed_on, number_year, number_seq, id", error);
  if (st == NULL)
    return NULL;
  sqlite3_bind_text (st, 1, cutoff, -1, SQLITE_TRANSIENT);
  while ((rc = sqlite3_step (st)) == SQLITE_ROW)
    {
      const char *closed_on = tj_store_column_text (st, 3);
      GDate closed;

      /* The index keeps what the document says; only a real date counts. */
      if (!parse_date (closed_on, &closed))
        continue;
      json_array_add_object_element (out, case_line (tj_store_column_text (st, 0), tj_store_column_text (st, 1),
                                                     tj_store_column_text (st, 2), closed_on, 0));
    }
  sqlite3_reset (st);
  if (rc != SQLITE_DONE)
    {
      tj_store_set_error (store, rc, error);
      return NULL;
    }

  cases = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) g_ptr_array_unref);
  for (guint i = 0; i < json_array_get_length (out); i++)
    g_hash_table_insert (cases, g_strdup (tj_json_get_string (json_array_get_object_element (out, i), "id", "")),
                         g_ptr_array_new_with_free_func (g_free));
  if (!collect_docs (store, cases, error))
    return NULL;
  for (guint i = 0; i < json_array_get_length (out); i++)
    {
      JsonObject *line = json_array_get_object_element (out, i);
      GPtrArray *ids = g_hash_table_lookup (cases, tj_json_get_string (line, "id", ""));
      json_object_set_int_member (line, "docs", ids->len);
    }
  return g_steal_pointer (&out);
}

/* ------------------------------------------------------------------ */
/* The archive record                                                   */
/* ------------------------------------------------------------------ */

static JsonObject *
load_archive (TjStore  *store,
              GError  **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(JsonObject) doc = tj_store_get_local (store, ARCHIVE_ID, &local_error);
  JsonObject *cases;

  if (doc == NULL)
    {
      if (!g_error_matches (local_error, TJ_ERROR, TJ_ERROR_NOT_FOUND))
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return NULL;
        }
      doc = json_object_new ();
    }
  cases = tj_json_get_object (doc, "cases");
  if (cases == NULL)
    json_object_set_object_member (doc, "cases", json_object_new ());
  json_object_remove_member (doc, "_id");
  json_object_remove_member (doc, "_rev");
  return g_steal_pointer (&doc);
}

/* The leaves of @ids: {id: [rev]}. */
static JsonObject *
leaves_of (TjStore    *store,
           GPtrArray  *ids,
           guint      *out_revs,
           GError    **error)
{
  g_autoptr(JsonObject) docs = json_object_new ();
  guint n = 0;

  for (guint i = 0; i < ids->len; i++)
    {
      g_autoptr(JsonArray) leaves = tj_store_get_leaves (store, ids->pdata[i], error);
      JsonArray *revs;

      if (leaves == NULL)
        return NULL;
      revs = json_array_new ();
      for (guint j = 0; j < json_array_get_length (leaves); j++)
        json_array_add_string_element (revs, tj_json_get_string (json_array_get_object_element (leaves, j),
                                                                 "rev", ""));
      n += json_array_get_length (revs);
      json_object_set_array_member (docs, ids->pdata[i], revs);
    }
  if (out_revs)
    *out_revs = n;
  return g_steal_pointer (&docs);
}

static gboolean
same_revs (JsonObject *a,
           JsonObject *b)
{
  g_autoptr(GList) ids = json_object_get_members (a);

  if (json_object_get_size (a) != json_object_get_size (b))
    return FALSE;
  for (GList *l = ids; l; l = l->next)
    {
      JsonArray *x = tj_json_get_array (a, l->data);
      JsonArray *y = tj_json_get_array (b, l->data);

      if (y == NULL || json_array_get_length (x) != json_array_get_length (y))
        return FALSE;
      for (guint i = 0; i < json_array_get_length (x); i++)
        {
          gboolean found = FALSE;
          for (guint j = 0; j < json_array_get_length (y) && !found; j++)
            found = g_strcmp0 (json_array_get_string_element (x, i), json_array_get_string_element (y, j)) == 0;
          if (!found)
            return FALSE;
        }
    }
  return TRUE;
}

static char *
now_utc (void)
{
  g_autoptr(GDateTime) now = tj_clock_get_now (tj_clock_get_default ());
  g_autoptr(GDateTime) utc = g_date_time_to_utc (now);

  return g_date_time_format (utc, "%Y-%m-%dT%H:%M:%SZ");
}

static gboolean
pulled_table_exists (TjStore *store)
{
  sqlite3_stmt *st = tj_store_statement (store, "SELECT 1 FROM sqlite_master WHERE name = 'sync_pulled_winners'",
                                         NULL);
  gboolean exists;

  if (st == NULL)
    return FALSE;
  exists = sqlite3_step (st) == SQLITE_ROW;
  sqlite3_reset (st);
  return exists;
}

/* The purge itself, in one transaction: @verified ({id: [rev]}, nullable)
 * is what the server was found to hold; when the case's documents here
 * are no longer exactly those, the case is left alone (*out_changed). */
static JsonObject *
purge_case (TjStore             *store,
            const char          *case_id,
            JsonObject          *verified,
            const TjCaseContext *ctx,
            gboolean            *out_changed,
            GError             **error)
{
  g_autoptr(JsonObject) case_doc = NULL;
  g_autoptr(GPtrArray) ids = NULL;
  g_autoptr(JsonObject) docs = NULL;
  g_autoptr(JsonObject) archive = NULL;
  g_autofree char *archived_at = NULL;
  g_autofree char *audit_id = NULL;
  JsonObject *record;
  JsonObject *line;
  gboolean pulled_table;
  TjAuditEntry entry = { TJ_AUDIT_ARCHIVE, };

  if (out_changed)
    *out_changed = FALSE;
  if (!tj_case_attach (store, error))
    return NULL;
  pulled_table = pulled_table_exists (store);
  if (!tj_store_begin (store, error))
    return NULL;

  /* Read again under the write lock: the case may have been edited since
   * the server was asked. */
  case_doc = tj_store_get (store, case_id, NULL, TJ_GET_NONE, error);
  if (case_doc == NULL || (ids = tj_retention_case_docs (store, case_id, error)) == NULL ||
      (docs = leaves_of (store, ids, NULL, error)) == NULL)
    goto fail;
  if (verified && !same_revs (docs, verified))
    {
      tj_store_rollback (store);
      if (out_changed)
        *out_changed = TRUE;
      return NULL;
    }
  if ((archive = load_archive (store, error)) == NULL)
    goto fail;

  for (guint i = 0; i < ids->len; i++)
    {
      const char *id = ids->pdata[i];

      /* The access log is never changed here; archiving takes a case's
       * entries away with it (the centre keeps them), so the audit index
       * lets go of them first. */
      if (!tj_store_exec_with_id (store, "DELETE FROM audit_index WHERE id = ?1", id, error) ||
          !tj_store_purge (store, id, error) ||
          (pulled_table &&
           !tj_store_exec_with_id (store, "DELETE FROM sync_pulled_winners WHERE id = ?1", id, error)))
        goto fail;
    }

  archived_at = now_utc ();
  record = case_line (case_id, tj_json_get_string (case_doc, "number", ""), tj_json_get_string (case_doc, "title", ""),
                      tj_json_get_string (case_doc, "closed_on", ""), ids->len);
  json_object_set_string_member (record, "archived_at", archived_at);
  json_object_set_object_member (record, "revs", json_object_ref (docs));
  json_object_set_object_member (tj_json_get_object (archive, "cases"), case_id, record);
  if (!tj_store_put_local (store, ARCHIVE_ID, archive, error))
    goto fail;

  entry.case_id = case_id;
  entry.field = "case";
  entry.detail = tj_json_get_string (case_doc, "number", NULL);
  if ((audit_id = tj_audit_record (store, ctx, &entry, error)) == NULL)
    goto fail;
  if (!tj_store_commit (store, error))
    return NULL;

  g_debug ("retention: archived %s (%u documents)", case_id, ids->len);
  line = case_line (case_id, tj_json_get_string (case_doc, "number", ""), tj_json_get_string (case_doc, "title", ""),
                    tj_json_get_string (case_doc, "closed_on", ""), ids->len);
  return line;

fail:
  tj_store_rollback (store);
  return NULL;
}

JsonObject *
tj_retention_purge_case (TjStore             *store,
                         const char          *case_id,
                         const TjCaseContext *ctx,
                         GError             **error)
{
  g_return_val_if_fail (TJ_IS_STORE (store), NULL);
  g_return_val_if_fail (case_id != NULL, NULL);

  return purge_case (store, case_id, NULL, ctx, NULL, error);
}

JsonArray *
tj_retention_list_archived (TjStore  *store,
                            GError  **error)
{
  g_autoptr(JsonObject) archive = NULL;
  g_autoptr(GList) ids = NULL;
  g_autoptr(JsonArray) out = json_array_new ();
  g_autoptr(GPtrArray) lines = g_ptr_array_new ();
  g_autoptr(GHashTable) here = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                      (GDestroyNotify) g_ptr_array_unref);
  JsonObject *cases;

  g_return_val_if_fail (TJ_IS_STORE (store), NULL);

  if ((archive = load_archive (store, error)) == NULL)
    return NULL;
  cases = tj_json_get_object (archive, "cases");
  ids = json_object_get_members (cases);
  for (GList *l = ids; l; l = l->next)
    g_hash_table_insert (here, g_strdup (l->data), g_ptr_array_new_with_free_func (g_free));
  /* A document of the case changed or added at the centre since comes
   * back with a pull (docs/SYNC.md, "Retention"): say so beside it. */
  if (!collect_docs (store, here, error))
    return NULL;
  for (GList *l = ids; l; l = l->next)
    {
      JsonObject *record = tj_json_get_object (cases, l->data);
      GPtrArray *back_ids = g_hash_table_lookup (here, l->data);
      JsonArray *back;
      JsonObject *line;

      if (record == NULL)
        continue;
      line = case_line (l->data, tj_json_get_string (record, "number", ""), tj_json_get_string (record, "title", ""),
                        tj_json_get_string (record, "closed_on", ""), tj_json_get_int (record, "docs", 0));
      json_object_set_string_member (line, "archived_at", tj_json_get_string (record, "archived_at", ""));
      back = json_array_new ();
      for (guint i = 0; i < back_ids->len; i++)
        {
          /* The archive's own audit entry stays here and is no news. */
          g_autoptr(JsonObject) doc = tj_store_get (store, back_ids->pdata[i], NULL, TJ_GET_NONE, NULL);
          if (doc && g_strcmp0 (tj_json_get_string (doc, "type", NULL), "audit") != 0)
            json_array_add_string_element (back, back_ids->pdata[i]);
        }
      json_object_set_array_member (line, "back", back);
      g_ptr_array_add (lines, line);
    }
  for (guint i = 0; i < lines->len; i++)
    {
      /* Newest archive first, then by number. */
      guint best = i;
      for (guint j = i + 1; j < lines->len; j++)
        {
          int c = g_strcmp0 (tj_json_get_string (lines->pdata[j], "archived_at", ""),
                             tj_json_get_string (lines->pdata[best], "archived_at", ""));
          if (c > 0 || (c == 0 && g_strcmp0 (tj_json_get_string (lines->pdata[j], "number", ""),
                                             tj_json_get_string (lines->pdata[best], "number", "")) < 0))
            best = j;
        }
      if (best != i)
        {
          gpointer t = lines->pdata[i];
          lines->pdata[i] = lines->pdata[best];
          lines->pdata[best] = t;
        }
      json_array_add_object_element (out, lines->pdata[i]);
    }
  return g_steal_pointer (&out);
}

/* ------------------------------------------------------------------ */
/* A run against the server                                             */
/* ------------------------------------------------------------------ */

typedef struct
{
  TjRetentionProgress  progress;
  gpointer             progress_data;
  GMainContext        *context;    /* NULL: call @progress directly */
} Progress;

typedef struct
{
  Progress  p;
  guint     done;
  guint     total;
} ProgressCall;

static gboolean
progress_cb (gpointer data)
{
  ProgressCall *call = data;

  call->p.progress (call->done, call->total, call->p.progress_data);
  return G_SOURCE_REMOVE;
}

static void
report_progress (const Progress *p,
                 guint           done,
                 guint           total)
{
  ProgressCall *call;

  if (p == NULL || p->progress == NULL)
    return;
  if (p->context == NULL)
    {
      p->progress (done, total, p->progress_data);
      return;
    }
  call = g_new0 (ProgressCall, 1);
  call->p = *p;
  call->done = done;
  call->total = total;
  g_main_context_invoke_full (p->context, G_PRIORITY_DEFAULT, progress_cb, call, g_free);
}

typedef struct
{
  JsonObject *asked;
  const char *what;
  JsonObject *missing;
  JsonObject *ancestors;
} DiffCheck;

static gboolean
check_diff (JsonNode  *reply,
            gpointer   data,
            GError   **error)
{
  DiffCheck *check = data;

  g_clear_pointer (&check->missing, json_object_unref);
  g_clear_pointer (&check->ancestors, json_object_unref);
  return _tj_sync_parse_revs_diff (reply, check->asked, check->what, &check->missing, &check->ancestors, error);
}

/* What the station's database on the server lacks of @asked ({id: [rev]}). */
static JsonObject *
server_missing (TjSyncRun   *run,
                JsonObject  *asked,
                GError     **error)
{
  g_autofree char *path = g_strconcat (run->db_path, "/_revs_diff", NULL);
  g_autofree char *what = g_strdup_printf ("POST %s", path);
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);
  DiffCheck check = { asked, what, NULL, NULL };

  json_node_set_object (node, asked);
  if (!_tj_sync_request_ok (run, "POST", path, node, check_diff, &check, NULL, error))
    {
      g_clear_pointer (&check.missing, json_object_unref);
      g_clear_pointer (&check.ancestors, json_object_unref);
      return NULL;
    }
  g_clear_pointer (&check.ancestors, json_object_unref);
  return check.missing;
}

static void
add_kept (JsonObject *report,
          JsonObject *line,
          const char *reason,
          const char *message)
{
  json_object_set_string_member (line, "reason", reason);
  json_object_set_string_member (line, "message", message);
  json_array_add_object_element (tj_json_get_array (report, "kept"), line);
}

static JsonObject *
archive_with_store (TjReplicator        *replicator,
                    TjStore             *store,
                    const GDate         *today,
                    guint                years,
                    gboolean             dry_run,
                    const TjCaseContext *ctx,
                    const Progress      *progress,
                    GCancellable        *cancellable,
                    GError             **error)
{
  g_autoptr(JsonObject) report = json_object_new ();
  g_autoptr(JsonArray) due = NULL;
  g_autoptr(GHashTable) cases = NULL;
  g_autofree char *cutoff = NULL;
  char today_iso[16];
  TjSyncRun run = { 0 };
  guint total, done = 0;
  JsonObject *result = NULL;

  if (tj_centre_is_centre (store))
    {
      g_set_error (error, TJ_ERROR, TJ_ERROR_INVALID,
                   _("This database is a centre: it keeps every station’s cases, and archives none"));
      return NULL;
    }
  if ((due = tj_retention_list_due (store, today, years, error)) == NULL)
    return NULL;

  g_date_strftime (today_iso, sizeof today_iso, "%Y-%m-%d", today);
  cutoff = cutoff_iso (today, years);
  json_object_set_string_member (report, "today", today_iso);
  json_object_set_int_member (report, "years", years);
  if (years > 0)
    json_object_set_string_member (report, "before", cutoff);
  else
    json_object_set_null_member (report, "before");
  json_object_set_boolean_member (report, "dry_run", dry_run);
  json_object_set_array_member (report, "archived", json_array_new ());
  if (dry_run)
    json_object_set_array_member (report, "would_archive", json_array_new ());
  json_object_set_array_member (report, "kept", json_array_new ());

  /* A pull first: the station's pull checkpoint then stands past every
   * revision the server holds, its own pushed ones included, so that the
   * next pull does not fetch the purged documents again (docs/SYNC.md,
   * "Retention"). A dry run changes nothing here. The server is asked
   * even when nothing is due: a run says whether the station can archive
   * at all (the address, the account). */
  if (!dry_run)
    {
      g_autoptr(JsonObject) pulled = _tj_replicator_pull_with_store (replicator, store, cancellable, error);
      if (pulled == NULL)
        return NULL;
      json_object_set_int_member (report, "pulled", tj_json_get_int (pulled, "pulled", 0));
      /* What the pull brought may have changed what is due. */
      json_array_unref (g_steal_pointer (&due));
      if ((due = tj_retention_list_due (store, today, years, error)) == NULL)
        return NULL;
    }
  if (!_tj_replicator_open_run (replicator, store, cancellable, &run, error))
    goto out;
  total = json_array_get_length (due);
  cases = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) g_ptr_array_unref);
  for (guint i = 0; i < total; i++)
    g_hash_table_insert (cases, g_strdup (tj_json_get_string (json_array_get_object_element (due, i), "id", "")),
                         g_ptr_array_new_with_free_func (g_free));
  if (!collect_docs (store, cases, error))
    goto out;
  report_progress (progress, 0, total);

  for (guint start = 0; start < total; start += CHECK_CASES)
    {
      guint end = MIN (total, start + CHECK_CASES);
      g_autoptr(JsonObject) asked = json_object_new ();
      g_autoptr(GPtrArray) per_case = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
      g_autoptr(JsonObject) missing = NULL;

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        goto out;
      for (guint i = start; i < end; i++)
        {
          const char *id = tj_json_get_string (json_array_get_object_element (due, i), "id", "");
          JsonObject *revs = leaves_of (store, g_hash_table_lookup (cases, id), NULL, error);
          g_autoptr(GList) doc_ids = NULL;

          if (revs == NULL)
            goto out;
          doc_ids = json_object_get_members (revs);
          for (GList *l = doc_ids; l; l = l->next)
            json_object_set_array_member (asked, l->data, json_array_ref (tj_json_get_array (revs, l->data)));
          g_ptr_array_add (per_case, revs);
        }
      if ((missing = server_missing (&run, asked, error)) == NULL)
        goto out;

      for (guint i = start; i < end; i++)
        {
          JsonObject *line = json_array_get_object_element (due, i);
          const char *id = tj_json_get_string (line, "id", "");
          JsonObject *revs = per_case->pdata[i - start];
          g_autoptr(GList) doc_ids = json_object_get_members (revs);
          guint n_revs = 0, n_missing = 0;

          for (GList *l = doc_ids; l; l = l->next)
            {
              JsonArray *m = tj_json_get_array (missing, l->data);
              n_revs += json_array_get_length (tj_json_get_array (revs, l->data));
              n_missing += m ? json_array_get_length (m) : 0;
            }
          if (n_missing > 0 && n_missing == n_revs)
            add_kept (report, json_object_ref (line), "not_at_centre",
                      _("The server does not hold this case yet: sync first, then archive"));
          else if (n_missing > 0)
            {
              g_autofree char *message =
                g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                              "The server lacks %u revision of this case: sync first, then archive",
                                              "The server lacks %u revisions of this case: sync first, then archive",
                                              n_missing), n_missing);
              add_kept (report, json_object_ref (line), "incomplete_at_centre", message);
            }
          else if (dry_run)
            json_array_add_object_element (tj_json_get_array (report, "would_archive"), json_object_ref (line));
          else
            {
              g_autoptr(GError) local_error = NULL;
              gboolean changed = FALSE;
              JsonObject *archived = purge_case (store, id, revs, ctx, &changed, &local_error);

              if (archived)
                json_array_add_object_element (tj_json_get_array (report, "archived"), archived);
              else if (changed)
                add_kept (report, json_object_ref (line), "changed_here",
                          _("The case was changed here while it was being archived: sync first, then archive"));
              else
                {
                  g_propagate_error (error, g_steal_pointer (&local_error));
                  goto out;
                }
            }
          report_progress (progress, ++done, total);
        }
    }
  result = g_steal_pointer (&report);

out:
  _tj_replicator_close_run (&run);
  return result;
}

JsonObject *
tj_retention_archive (TjReplicator        *replicator,
                      const GDate         *today,
                      guint                years,
                      gboolean             dry_run,
                      const TjCaseContext *ctx,
                      GCancellable        *cancellable,
                      GError             **error)
{
  g_return_val_if_fail (TJ_IS_REPLICATOR (replicator), NULL);
  g_return_val_if_fail (today != NULL && g_date_valid (today), NULL);

  return archive_with_store (replicator, tj_replicator_get_store (replicator), today, years, dry_run, ctx, NULL,
                             cancellable, error);
}

/* ------------------------------------------------------------------ */
/* Restore                                                              */
/* ------------------------------------------------------------------ */

static JsonObject *
restore_with_store (TjReplicator        *replicator,
                    TjStore             *store,
                    const char          *case_id,
                    const TjCaseContext *ctx,
                    GCancellable        *cancellable,
                    GError             **error)
{
  g_autoptr(JsonObject) archive = NULL;
  g_autoptr(GPtrArray) docs = g_ptr_array_new_with_free_func ((GDestroyNotify) _tj_sync_doc_free);
  g_autoptr(JsonArray) failures = json_array_new ();
  g_autofree char *audit_id = NULL;
  g_autofree char *number = NULL;
  TjAuditEntry entry = { TJ_AUDIT_RESTORE, };
  TjSyncRun run = { 0 };
  JsonObject *record, *revs, *result = NULL;
  guint written = 0;

  if (!tj_case_attach (store, error) || (archive = load_archive (store, error)) == NULL)
    return NULL;
  record = tj_json_get_object (tj_json_get_object (archive, "cases"), case_id);
  revs = record ? tj_json_get_object (record, "revs") : NULL;
  if (revs == NULL)
    {
      g_set_error (error, TJ_ERROR, TJ_ERROR_NOT_FOUND, _("Case %s is not archived on this station"), case_id);
      return NULL;
    }

  if (!_tj_replicator_open_run (replicator, store, cancellable, &run, error) ||
      !_tj_sync_fetch_revs (&run, revs, docs, failures, error))
    goto out;
  if (json_array_get_length (failures) > 0)
    {
      g_set_error (error, TJ_ERROR, TJ_ERROR_NETWORK,
                   g_dngettext (GETTEXT_PACKAGE,
                                "The server did not send %u document of case %s; nothing was restored",
                                "The server did not send %u documents of case %s; nothing was restored",
                                json_array_get_length (failures)),
                   json_array_get_length (failures), tj_json_get_string (record, "number", case_id));
      goto out;
    }

  if (!tj_store_begin (store, error))
    goto out;
  if (!_tj_sync_write_revs (&run, docs, failures, &written, error))
    {
      tj_store_rollback (store);
      goto out;
    }
  if (json_array_get_length (failures) > 0)
    {
      tj_store_rollback (store);
      g_set_error (error, TJ_ERROR, TJ_ERROR_INVALID,
                   _("The local store refused documents of case %s; nothing was restored"),
                   tj_json_get_string (record, "number", case_id));
      goto out;
    }
  result = case_line (case_id, tj_json_get_string (record, "number", ""), tj_json_get_string (record, "title", ""),
                      tj_json_get_string (record, "closed_on", ""), written);
  number = g_strdup (tj_json_get_string (record, "number", NULL));
  entry.case_id = case_id;
  entry.field = "case";
  entry.detail = number;
  /* Frees @record. */
  json_object_remove_member (tj_json_get_object (archive, "cases"), case_id);
  record = revs = NULL;
  if (!tj_store_put_local (store, ARCHIVE_ID, archive, error) ||
      (audit_id = tj_audit_record (store, ctx, &entry, error)) == NULL)
    {
      tj_store_rollback (store);
      g_clear_pointer (&result, json_object_unref);
      goto out;
    }
  if (!tj_store_commit (store, error))
    {
      g_clear_pointer (&result, json_object_unref);
      goto out;
    }
  g_debug ("retention: restored %s (%u revisions)", case_id, written);

out:
  _tj_replicator_close_run (&run);
  return result;
}

JsonObject *
tj_retention_restore (TjReplicator        *replicator,
                      const char          *case_id,
                      const TjCaseContext *ctx,
                      GCancellable        *cancellable,
                      GError             **error)
{
  g_return_val_if_fail (TJ_IS_REPLICATOR (replicator), NULL);
  g_return_val_if_fail (case_id != NULL, NULL);

  return restore_with_store (replicator, tj_replicator_get_store (replicator), case_id, ctx, cancellable, error);
}

/* ------------------------------------------------------------------ */
/* In a thread                                                          */
/* ------------------------------------------------------------------ */

typedef struct
{
  TjSyncAccount *account;
  char          *path;
  GDate          today;
  guint          years;
  gboolean       dry_run;
  char          *case_id;
  char          *actor;
  char          *station_code;
  Progress       progress;
} TaskData;

static void
task_data_free (TaskData *data)
{
  g_clear_object (&data->account);
  g_free (data->path);
  g_free (data->case_id);
  g_free (data->actor);
  g_free (data->station_code);
  g_clear_pointer (&data->progress.context, g_main_context_unref);
  g_free (data);
}

static TaskData *
task_data_new (TjSyncAccount       *account,
               const char          *path,
               const TjCaseContext *ctx)
{
  TaskData *data = g_new0 (TaskData, 1);

  data->account = g_object_ref (account);
  data->path = g_strdup (path);
  data->actor = g_strdup (ctx ? ctx->actor : NULL);
  data->station_code = g_strdup (ctx ? ctx->station_code : NULL);
  data->progress.context = g_main_context_ref_thread_default ();
  return data;
}

/* A connection of the thread's own, with every index, and a replicator on
 * it, as the sync scheduler's runs have. */
static TjReplicator *
thread_replicator (TaskData      *data,
                   GCancellable  *cancellable,
                   GError       **error)
{
  g_autoptr(TjStore) store = tj_store_open (data->path, error);

  if (store == NULL || !tj_repository_attach_indexes (store, error))
    return NULL;
  return tj_sync_account_create_replicator (data->account, store, cancellable);
}

/* Archives the cases due, or restores @data->case_id when it is set. */
static void
retention_thread (GTask        *task,
                  gpointer      source,
                  gpointer      task_data,
                  GCancellable *cancellable)
{
  TaskData *data = task_data;
  TjCaseContext ctx = { 0 };
  g_autoptr(TjReplicator) replicator = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *result = NULL;
  TjStore *store;

  ctx.actor = data->actor;
  ctx.station_code = data->station_code;
  replicator = thread_replicator (data, cancellable, &error);
  if (replicator)
    {
      store = tj_replicator_get_store (replicator);
      result = data->case_id
        ? restore_with_store (replicator, store, data->case_id, &ctx, cancellable, &error)
        : archive_with_store (replicator, store, &data->today, data->years, data->dry_run, &ctx,
                              &data->progress, cancellable, &error);
    }
  if (result)
    g_task_return_pointer (task, result, (GDestroyNotify) json_object_unref);
  else
    g_task_return_error (task, g_steal_pointer (&error));
}

void
tj_retention_archive_async (TjSyncAccount       *account,
                            const char          *path,
                            const GDate         *today,
                            guint                years,
                            gboolean             dry_run,
                            const TjCaseContext *ctx,
                            TjRetentionProgress  progress,
                            gpointer             progress_data,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  TaskData *data;

  g_return_if_fail (TJ_IS_SYNC_ACCOUNT (account));
  g_return_if_fail (path != NULL);
  g_return_if_fail (today != NULL && g_date_valid (today));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, tj_retention_archive_async);
  data = task_data_new (account, path, ctx);
  data->today = *today;
  data->years = years;
  data->dry_run = dry_run;
  data->progress.progress = progress;
  data->progress.progress_data = progress_data;
  g_task_set_task_data (task, data, (GDestroyNotify) task_data_free);
  g_task_run_in_thread (task, retention_thread);
}

JsonObject *
tj_retention_archive_finish (GAsyncResult  *result,
                             GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == tj_retention_archive_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

void
tj_retention_restore_async (TjSyncAccount       *account,
                            const char          *path,
                            const char          *case_id,
                            const TjCaseContext *ctx,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  TaskData *data;

  g_return_if_fail (TJ_IS_SYNC_ACCOUNT (account));
  g_return_if_fail (path != NULL);
  g_return_if_fail (case_id != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, tj_retention_restore_async);
  data = task_data_new (account, path, ctx);
  data->case_id = g_strdup (case_id);
  g_task_set_task_data (task, data, (GDestroyNotify) task_data_free);
  g_task_run_in_thread (task, retention_thread);
}

JsonObject *
tj_retention_restore_finish (GAsyncResult  *result,
                             GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == tj_retention_restore_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
