/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Cases: the case index (list, people, search text) kept by the store's
 * indexer, and the mediation limits counted again when the calendar changes. */
#define G_LOG_DOMAIN "Tiaojie-Case"

#include "tj-case-private.h"
#include "tj-audit.h"
#include "tj-consent.h"
#include "tj-calendar.h"
#include "tj-deadline.h"
#include "tj-json.h"
#include "tj-money.h"
#include "tj-search.h"
#include "tj-error.h"
#include "tj-i18n.h"

#include <stdio.h>
#include <string.h>


#define INDEX_NAME "cases"
#define INDEX_VERSION 7 /* 2: mediation limit counted from receipt; 3: referral numbers searched;
                          * 4, 6: the rowid follows the received date (tj-case-private.h);
                          * 5: 4-grams (tj-search.h);
                          * 7: people indexed by ID number and credit code only where they have one,
                          * by case with what they are owed */

/* ------------------------------------------------------------------ */
/* Index                                                                */

typedef struct {
  GHashTable *dirty; /* case ids to refresh before commit */
  /* Search text by case_index rowid, written to FTS5 just before the
   * commit: FTS5 flushes its pending terms at every savepoint, so writing
   * it case by case inside an import made thousands of tiny segments. */
  GHashTable *fts;
} CaseIndex;

static void
case_index_free (gpointer data)
{
  CaseIndex *ix = data;
  g_hash_table_unref (ix->dirty);
  g_hash_table_unref (ix->fts);
  g_free (ix);
}

static gboolean
index_reset (TjStore  *store,
             gpointer  user_data,
             GError  **error)
{
  return tj_store_exec (store,
                        "DROP TABLE IF EXISTS case_index;"
                        "DROP TABLE IF EXISTS case_children;"
                        "DROP TABLE IF EXISTS case_people;"
                        "DROP TABLE IF EXISTS case_fts;"
                        "CREATE TABLE case_index ("
                        "  rowid INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, number TEXT, station TEXT,"
                        "  number_year INTEGER, number_seq INTEGER, title TEXT, status TEXT, kind TEXT,"
                        "  source TEXT, received_on TEXT, accepted_on TEXT, closed_on TEXT, employer TEXT,"
                        "  workers INTEGER NOT NULL DEFAULT 0, owed_fen INTEGER NOT NULL DEFAULT 0,"
                        "  claimed_fen INTEGER NOT NULL DEFAULT 0, layoff INTEGER NOT NULL DEFAULT 0,"
                        "  mediation_deadline TEXT, referred_to TEXT);"
                        "CREATE INDEX case_index_received ON case_index (received_on);"
                        "CREATE INDEX case_index_status ON case_index (status);"
                        "CREATE INDEX case_index_deadline ON case_index (mediation_deadline);"
                        "CREATE INDEX case_index_owed ON case_index (owed_fen);"
                        "CREATE INDEX case_index_number ON case_index (station, number_year, number_seq);"
                        "CREATE TABLE case_children ("
                        "  id TEXT PRIMARY KEY, case_id TEXT NOT NULL, type TEXT, sort_key TEXT,"
                        "  amount_fen INTEGER NOT NULL DEFAULT 0) WITHOUT ROWID;"
                        "CREATE INDEX case_children_by_case ON case_children (case_id, type, sort_key);"
                        "CREATE TABLE case_people ("
                        "  id TEXT PRIMARY KEY, case_id TEXT NOT NULL, role TEXT, name TEXT, id_number TEXT,"
                        "  phone TEXT, credit_code TEXT, owed_fen INTEGER NOT NULL DEFAULT 0) WITHOUT ROWID;"
                        /* owed_fen too: the arrears list counts a case's
                         * workers owed money from this index alone. */
                        "CREATE INDEX case_people_by_case ON case_people (case_id, role, owed_fen);"
                        /* Partial: workers have no credit code and employers no
                         * ID number, and an index of NULLs (each with its
                         * 32-character id) only took room; lookups by value
                         * (= ?) still use them. */
                        "CREATE INDEX case_people_by_id_number ON case_people (id_number)"
                        "  WHERE id_number IS NOT NULL;"
                        "CREATE INDEX case_people_by_name ON case_people (name, role);"
                        "CREATE INDEX case_people_by_credit ON case_people (credit_code)"
                        "  WHERE credit_code IS NOT NULL;"
                        "CREATE VIRTUAL TABLE case_fts USING fts5 (text, tokenize = 'tj_cjk');",
                        error);
}

static void
mark_dirty (CaseIndex  *ix,
            const char *case_id)
{
  if (case_id && *case_id)
    g_hash_table_add (ix->dirty, g_strdup (case_id));
}

static gboolean
index_doc (TjStore     *store,
           const char  *id,
           JsonObject  *winner,
           gpointer     user_data,
           GError     **error)
{
  CaseIndex *ix = user_data;
  const char *type = tj_json_get_string (winner, "type", NULL);
  const char *case_id = tj_json_get_string (winner, "case_id", NULL);
  sqlite3_stmt *st;

  if (winner == NULL)
    {
      /* Deleted: whatever it was, forget it and refresh its case. */
      st = tj_store_statement (store, "SELECT case_id FROM case_children WHERE id = ?", error);
      if (st == NULL)
        return FALSE;
      sqlite3_bind_text (st, 1, id, -1, SQLITE_STATIC);
      if (sqlite3_step (st) == SQLITE_ROW)
        mark_dirty (ix, (const char *) sqlite3_column_text (st, 0));
      sqlite3_reset (st);
      mark_dirty (ix, id); /* in case it was a case */
      return tj_store_exec_with_id (store, "DELETE FROM case_children WHERE id = ?1", id, error) &&
             tj_store_exec_with_id (store, "DELETE FROM case_people WHERE id = ?1", id, error);
    }

  if (g_strcmp0 (type, "case") == 0)
    {
      mark_dirty (ix, id);
      return TRUE;
    }
  if (case_id == NULL)
    return TRUE;

  st = tj_store_statement (store,
                           "INSERT OR REPLACE INTO case_children (id, case_id, type, sort_key, amount_fen) "
                           "VALUES (?, ?, ?, ?, ?)", error);
  if (st == NULL)
    return FALSE;
  sqlite3_bind_text (st, 1, id, -1, SQLITE_STATIC);
  sqlite3_bind_text (st, 2, case_id, -1, SQLITE_STATIC);
  tj_store_bind_text_or_null (st, 3, type);
  /* Events sort by time; parties and claims keep the order they were
   * entered in (their position). */
  if (json_object_has_member (winner, "position"))
    {
      g_autofree char *key = g_strdup_printf ("%010" G_GINT64_FORMAT, tj_json_get_int (winner, "position", 0));
      tj_store_bind_text_or_null (st, 4, key);
    }
  else
    tj_store_bind_text_or_null (st, 4, tj_json_get_string (winner, "at", tj_json_get_string (winner, "created_at", NULL)));
  sqlite3_bind_int64 (st, 5, tj_json_get_int (winner, "amount_fen", 0));
  if (!tj_store_step_done (store, st, error))
    return FALSE;

  if (g_strcmp0 (type, "party") == 0)
    {
      st = tj_store_statement (store,
                               "INSERT OR REPLACE INTO case_people (id, case_id, role, name, id_number, phone, "
                               "credit_code, owed_fen) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", error);
      if (st == NULL)
        return FALSE;
      sqlite3_bind_text (st, 1, id, -1, SQLITE_STATIC);
      sqlite3_bind_text (st, 2, case_id, -1, SQLITE_STATIC);
      tj_store_bind_text_or_null (st, 3, tj_json_get_string (winner, "role", NULL));
      tj_store_bind_text_or_null (st, 4, tj_json_get_string (winner, "name", NULL));
      tj_store_bind_text_or_null (st, 5, tj_json_get_string (winner, "id_number", NULL));
      tj_store_bind_text_or_null (st, 6, tj_json_get_string (winner, "phone", NULL));
      tj_store_bind_text_or_null (st, 7, tj_json_get_string (winner, "credit_code", NULL));
      sqlite3_bind_int64 (st, 8, tj_json_get_int (winner, "owed_fen", 0));
      if (!tj_store_step_done (store, st, error))
        return FALSE;
      mark_dirty (ix, case_id);
    }
  else if (g_strcmp0 (type, "claim") == 0)
    mark_dirty (ix, case_id);
  return TRUE;
}

/* The 15-day limit (§14) runs from the organisation receiving the
 * application: the received date when it is earlier than acceptance, as
 * the deadline engine counts it. Only accepted cases have one. */
char *
tj_case_mediation_deadline (const char *received_on,
                            const char *accepted_on)
{
  GDate trigger, end;

  if (accepted_on == NULL || !tj_date_parse_iso (accepted_on, &trigger))
    return NULL;
  if (received_on && g_strcmp0 (received_on, accepted_on) < 0)
    tj_date_parse_iso (received_on, &trigger);
  tj_period_end_days (tj_calendar_get_default (), &trigger, 15, &end);
  return tj_date_to_iso (&end);
}

static char *
mediation_deadline_of (JsonObject *doc)
{
  return tj_case_mediation_deadline (tj_json_get_string (doc, "received_on", NULL),
                                     tj_json_get_string (doc, "accepted_on", NULL));
}

static gboolean
remove_case_rows (TjStore     *store,
                  CaseIndex   *ix,
                  const char  *case_id,
                  GError     **error)
{
  sqlite3_stmt *st = tj_store_statement (store, "SELECT rowid FROM case_index WHERE id = ?1", error);

  if (st == NULL)
    return FALSE;
  sqlite3_bind_text (st, 1, case_id, -1, SQLITE_STATIC);
  if (sqlite3_step (st) == SQLITE_ROW)
    {
      gint64 rowid = sqlite3_column_int64 (st, 0);
      g_hash_table_remove (ix->fts, &rowid);
    }
  sqlite3_reset (st);
  return tj_store_exec_with_id (store,
                                "DELETE FROM case_fts WHERE rowid = (SELECT rowid FROM case_index WHERE id = ?1)",
                                case_id, error) &&
         tj_store_exec_with_id (store, "DELETE FROM case_index WHERE id = ?1", case_id, error);
}

/* The rowids a case received on @received_on may take, [*lo, *hi)
 * (tj-case-private.h). */
static void
order_range (const char *received_on,
             gint64     *lo,
             gint64     *hi)
{
  guint y, m, d;
  char tail;

  /* Dates are ISO; anything else sorts with the undated, last. */
  if (received_on && strlen (received_on) == 10 &&
      sscanf (received_on, "%4u-%2u-%2u%c", &y, &m, &d, &tail) == 3 && g_date_valid_dmy (d, m, y))
    {
      GDate date;
      g_date_clear (&date, 1);
      g_date_set_dmy (&date, d, m, y);
      *lo = TJ_CASE_ORDER_DATED + ((gint64) g_date_get_julian (&date) << TJ_CASE_ORDER_DAY_BITS);
      *hi = *lo + (G_GINT64_CONSTANT (1) << TJ_CASE_ORDER_DAY_BITS);
    }
  else
    {
      *lo = 1;
      *hi = TJ_CASE_ORDER_DATED;
    }
}

/* The rowid case @case_id takes: the one it has when it is still in its
 * day's range, else the next free one there (its old rows are removed
 * first). Taken one after another, so that the rowids of a day are dense
 * and the index's rowid deltas stay small. */
static gboolean
place_case (TjStore     *store,
            CaseIndex   *ix,
            const char  *case_id,
            const char  *received_on,
            gint64      *rowid,
            GError     **error)
{
  sqlite3_stmt *st = tj_store_statement (store, "SELECT rowid FROM case_index WHERE id = ?1", error);
  gint64 old = -1, lo, hi, next = -1;

  if (st == NULL)
    return FALSE;
  sqlite3_bind_text (st, 1, case_id, -1, SQLITE_STATIC);
  if (sqlite3_step (st) == SQLITE_ROW)
    old = sqlite3_column_int64 (st, 0);
  sqlite3_reset (st);
  order_range (received_on, &lo, &hi);
  if (old >= lo && old < hi)
    {
      *rowid = old;
      return TRUE;
    }
  if (old >= 0 && !remove_case_rows (store, ix, case_id, error))
    return FALSE;

  st = tj_store_statement (store, "SELECT MAX(rowid) FROM case_index WHERE rowid >= ?1 AND rowid < ?2", error);
  if (st == NULL)
    return FALSE;
  sqlite3_bind_int64 (st, 1, lo);
  sqlite3_bind_int64 (st, 2, hi);
  if (sqlite3_step (st) == SQLITE_ROW)
    next = sqlite3_column_type (st, 0) == SQLITE_NULL ? lo : sqlite3_column_int64 (st, 0) + 1;
  sqlite3_reset (st);
  if (next < lo || next >= hi)
    {
      /* The end of the range is taken: the first hole a case that moved
       * away left. */
      st = tj_store_statement (store, "SELECT rowid FROM case_index WHERE rowid >= ?1 AND rowid < ?2 ORDER BY rowid",
                               error);
      if (st == NULL)
        return FALSE;
      sqlite3_bind_int64 (st, 1, lo);
      sqlite3_bind_int64 (st, 2, hi);
      next = lo;
      while (sqlite3_step (st) == SQLITE_ROW && sqlite3_column_int64 (st, 0) == next)
        next++;
      sqlite3_reset (st);
    }
  if (next >= hi)
    {
      g_set_error (error, TJ_ERROR, TJ_ERROR_FAILED,
                   _("More than %d cases were received on %s: the case list cannot hold more of that day"),
                   1 << TJ_CASE_ORDER_DAY_BITS, received_on ? received_on : "?");
      return FALSE;
    }
  *rowid = next;
  return TRUE;
}

static gboolean
refresh_case (TjStore     *store,
              CaseIndex   *ix,
              const char  *case_id,
              GError     **error)
{
  g_autoptr(GError) local = NULL;
  g_autoptr(JsonObject) doc = tj_store_get (store, case_id, NULL, TJ_GET_NONE, &local);
  g_autoptr(GString) text = g_string_new (NULL);
  g_autofree char *deadline = NULL;
  g_autofree char *employer = NULL;
  sqlite3_stmt *st;
  gint64 workers = 0, owed = 0, claimed = 0;
  gint64 rowid;
  int rc;

  if (doc == NULL || g_strcmp0 (tj_json_get_string (doc, "type", NULL), "case") != 0)
    {
      if (local && !g_error_matches (local, TJ_ERROR, TJ_ERROR_NOT_FOUND))
        {
          g_propagate_error (error, g_steal_pointer (&local));
          return FALSE;
        }
      return remove_case_rows (store, ix, case_id, error);
    }

  g_string_append_printf (text, "%s %s ", tj_json_get_string (doc, "number", ""),
                          tj_json_get_string (doc, "title", ""));
  /* The hotline's dispatch number and a court's referral number are how
   * the other side asks about a case. */
  g_string_append_printf (text, "%s %s %s ", tj_json_get_string (doc, "hotline_ref", ""),
                          tj_json_get_string (doc, "referred_by", ""),
                          tj_json_get_string (doc, "referral_ref", ""));

  st = tj_store_statement (store,
                           "SELECT role, name, id_number, phone, credit_code, owed_fen FROM case_people "
                           "WHERE case_id = ?", error);
  if (st == NULL)
    return FALSE;
  sqlite3_bind_text (st, 1, case_id, -1, SQLITE_STATIC);
  while (sqlite3_step (st) == SQLITE_ROW)
    {
      const char *role = (const char *) sqlite3_column_text (st, 0);
      for (int c = 1; c <= 4; c++)
        if (sqlite3_column_text (st, c))
          g_string_append_printf (text, "%s ", sqlite3_column_text (st, c));
      if (g_strcmp0 (role, "worker") == 0)
        {
          workers++;
          /* Amounts that came by sync are not bounded: saturate rather
           * than overflow. */
          tj_money_add (&owed, sqlite3_column_int64 (st, 5));
        }
      else if (g_strcmp0 (role, "employer") == 0 && employer == NULL)
        employer = g_strdup ((const char *) sqlite3_column_text (st, 1));
    }
  sqlite3_reset (st);

  /* Summed here, not with SQL SUM(), which fails the whole write with
   * "integer overflow" on amounts from elsewhere. */
  st = tj_store_statement (store, "SELECT amount_fen FROM case_children WHERE case_id = ? AND type = 'claim'", error);
  if (st == NULL)
    return FALSE;
  sqlite3_bind_text (st, 1, case_id, -1, SQLITE_STATIC);
  while (sqlite3_step (st) == SQLITE_ROW)
    tj_money_add (&claimed, sqlite3_column_int64 (st, 0));
  sqlite3_reset (st);

  deadline = mediation_deadline_of (doc);
  if (!place_case (store, ix, case_id, tj_json_get_string (doc, "received_on", NULL), &rowid, error))
    return FALSE;

  st = tj_store_statement (store,
                           "INSERT INTO case_index (rowid, id, number, station, number_year, number_seq, title, status, kind,"
                           " source, received_on, accepted_on, closed_on, employer, workers, owed_fen, claimed_fen,"
                           " layoff, mediation_deadline, referred_to)"
                           " VALUES (?20, ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19)"
                           " ON CONFLICT (id) DO UPDATE SET number = ?2, station = ?3, number_year = ?4,"
                           " number_seq = ?5, title = ?6, status = ?7, kind = ?8, source = ?9, received_on = ?10,"
                           " accepted_on = ?11, closed_on = ?12, employer = ?13, workers = ?14, owed_fen = ?15,"
                           " claimed_fen = ?16, layoff = ?17, mediation_deadline = ?18, referred_to = ?19"
                           " RETURNING rowid", error);
  if (st == NULL)
    return FALSE;
  sqlite3_bind_text (st, 1, case_id, -1, SQLITE_STATIC);
  tj_store_bind_text_or_null (st, 2, tj_json_get_string (doc, "number", NULL));
  tj_store_bind_text_or_null (st, 3, tj_json_get_string (doc, "station", NULL));
  sqlite3_bind_int64 (st, 4, tj_json_get_int (doc, "number_year", 0));
  sqlite3_bind_int64 (st, 5, tj_json_get_int (doc, "number_seq", 0));
  tj_store_bind_text_or_null (st, 6, tj_json_get_string (doc, "title", NULL));
  tj_store_bind_text_or_null (st, 7, tj_json_get_string (doc, "status", "intake"));
  tj_store_bind_text_or_null (st, 8, tj_json_get_string (doc, "kind", NULL));
  tj_store_bind_text_or_null (st, 9, tj_json_get_string (doc, "source", NULL));
  tj_store_bind_text_or_null (st, 10, tj_json_get_string (doc, "received_on", NULL));
  tj_store_bind_text_or_null (st, 11, tj_json_get_string (doc, "accepted_on", NULL));
  tj_store_bind_text_or_null (st, 12, tj_json_get_string (doc, "closed_on", NULL));
  tj_store_bind_text_or_null (st, 13, employer);
  sqlite3_bind_int64 (st, 14, workers);
  sqlite3_bind_int64 (st, 15, owed);
  sqlite3_bind_int64 (st, 16, claimed);
  sqlite3_bind_int (st, 17, tj_json_get_bool (doc, "layoff", FALSE));
  tj_store_bind_text_or_null (st, 18, deadline);
  tj_store_bind_text_or_null (st, 19, tj_json_get_string (doc, "referred_to", NULL));
  sqlite3_bind_int64 (st, 20, rowid);
  rc = sqlite3_step (st);
  if (rc != SQLITE_ROW)
    {
      sqlite3_reset (st);
      return tj_store_set_error (store, rc, error);
    }
  rowid = sqlite3_column_int64 (st, 0);
  sqlite3_reset (st);

  g_hash_table_replace (ix->fts, g_memdup2 (&rowid, sizeof rowid), g_string_free (g_steal_pointer (&text), FALSE));
  return TRUE;
}

/* Refresh the rows of the cases written since the last call. */
static gboolean
refresh_dirty (TjStore   *store,
               CaseIndex *ix,
               GError   **error)
{
  GHashTableIter iter;
  gpointer key;

  g_hash_table_iter_init (&iter, ix->dirty);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    if (!refresh_case (store, ix, key, error))
      return FALSE;
  g_hash_table_remove_all (ix->dirty);
  return TRUE;
}

/* Just before the outermost commit: the rows, then the search text. */
static gboolean
index_flush (TjStore  *store,
             gpointer  user_data,
             GError  **error)
{
  CaseIndex *ix = user_data;
  GHashTableIter iter;
  gpointer key, value;

  if (!refresh_dirty (store, ix, error))
    return FALSE;
  g_hash_table_iter_init (&iter, ix->fts);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      sqlite3_stmt *st = tj_store_statement (store, "INSERT OR REPLACE INTO case_fts (rowid, text) VALUES (?, ?)", error);
      if (st == NULL)
        return FALSE;
      sqlite3_bind_int64 (st, 1, *(gint64 *) key);
      sqlite3_bind_text (st, 2, value, -1, SQLITE_STATIC);
      if (!tj_store_step_done (store, st, error))
        return FALSE;
    }
  g_hash_table_remove_all (ix->fts);
  return TRUE;
}

static void
index_discard (TjStore  *store,
               gpointer  user_data)
{
  CaseIndex *ix = user_data;
  g_hash_table_remove_all (ix->dirty);
  g_hash_table_remove_all (ix->fts);
}

gboolean
tj_case_attach (TjStore  *store,
                GError  **error)
{
  CaseIndex *ix;

  g_return_val_if_fail (TJ_IS_STORE (store), FALSE);

  if (g_object_get_data (G_OBJECT (store), "tj-case-index"))
    return TRUE;
  if (!tj_search_register (tj_store_get_sqlite (store), error))
    return FALSE;
  ix = g_new0 (CaseIndex, 1);
  ix->dirty = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  ix->fts = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  g_object_set_data_full (G_OBJECT (store), "tj-case-index", ix, case_index_free);
  if (!tj_store_add_indexer_full (store, INDEX_NAME, INDEX_VERSION, index_reset, index_doc,
                                  index_flush, G_CALLBACK (index_discard), ix, error))
    {
      g_object_set_data (G_OBJECT (store), "tj-case-index", NULL);
      return FALSE;
    }
  /* A case's access log is read beside its timeline. */
  if (!tj_audit_attach (store, error))
    return FALSE;
  /* Newer holidays may have come with an update or from the centre since
   * the index counted its deadlines. */
  return tj_case_recount_deadlines (store, error);
}

/**
 * tj_case_recount_index:
 * @table: an index table with id (unique), received_on, accepted_on and
 *   mediation_deadline columns
 * @meta_key: where the store keeps which calendar counted them
 *
 * Counts the table's mediation limits again when the default calendar is
 * not the one they were counted with (tj_calendar_reload_default() after
 * newer holidays were installed, or a program update with new holidays).
 * One transaction; nothing happens when the calendar is the same.
 */
gboolean
tj_case_recount_index (TjStore     *store,
                       const char  *table,
                       const char  *meta_key,
                       GError     **error)
{
  g_autofree char *fingerprint = tj_calendar_dup_fingerprint (tj_calendar_get_default ());
  g_autofree char *counted = tj_store_get_meta (store, meta_key);
  g_autofree char *select_sql = NULL, *update_sql = NULL;
  g_autoptr(GPtrArray) deadlines = NULL;
  g_autoptr(GPtrArray) ids = NULL;
  sqlite3_stmt *st = NULL;
  int rc;

  if (g_strcmp0 (fingerprint, counted) == 0)
    return TRUE;
  if (!tj_store_begin (store, error))
    return FALSE;

  /* Read first, then write: the rows are not updated under a running
   * SELECT of the same table. */
  select_sql = g_strdup_printf ("SELECT id, received_on, accepted_on, mediation_deadline FROM %s"
                                " WHERE accepted_on IS NOT NULL", table);
  if ((st = tj_store_prepare (store, select_sql, error)) == NULL)
    goto fail;
  ids = g_ptr_array_new_with_free_func (g_free);
  deadlines = g_ptr_array_new_with_free_func (g_free);
  while ((rc = sqlite3_step (st)) == SQLITE_ROW)
    {
      char *deadline = tj_case_mediation_deadline ((const char *) sqlite3_column_text (st, 1),
                                                   (const char *) sqlite3_column_text (st, 2));
      if (g_strcmp0 (deadline, (const char *) sqlite3_column_text (st, 3)) == 0)
        {
          g_free (deadline);
          continue;
        }
      g_ptr_array_add (ids, g_strdup ((const char *) sqlite3_column_text (st, 0)));
      g_ptr_array_add (deadlines, deadline);
    }
  g_clear_pointer (&st, sqlite3_finalize);
  if (rc != SQLITE_DONE)
    {
      tj_store_set_error (store, rc, error);
      goto fail;
    }

  update_sql = g_strdup_printf ("UPDATE %s SET mediation_deadline = ?2 WHERE id = ?1", table);
  if ((st = tj_store_prepare (store, update_sql, error)) == NULL)
    goto fail;
  for (guint i = 0; i < ids->len; i++)
    {
      sqlite3_bind_text (st, 1, g_ptr_array_index (ids, i), -1, SQLITE_STATIC);
      tj_store_bind_text_or_null (st, 2, g_ptr_array_index (deadlines, i));
      if (!tj_store_step_done (store, st, error))
        goto fail;
    }
  g_clear_pointer (&st, sqlite3_finalize);
  if (ids->len > 0)
    g_debug ("%s: %u mediation limits counted again with a new holiday calendar", table, ids->len);
  if (tj_store_set_meta (store, meta_key, fingerprint, error) && tj_store_commit (store, error))
    return TRUE;

fail:
  g_clear_pointer (&st, sqlite3_finalize);
  tj_store_rollback (store);
  return FALSE;
}

gboolean
tj_case_recount_deadlines (TjStore  *store,
                           GError  **error)
{
  /* Not attached yet: attaching counts them. */
  if (g_object_get_data (G_OBJECT (store), "tj-case-index") == NULL)
    return TRUE;
  return tj_case_recount_index (store, "case_index", "calendar:cases", error);
}

/* Refreshes the index rows of the cases written so far in this
 * transaction (the next case number must see this one as taken). */
gboolean
_tj_case_index_refresh (TjStore  *store,
                        GError  **error)
{
  CaseIndex *ix = g_object_get_data (G_OBJECT (store), "tj-case-index");

  return ix == NULL || refresh_dirty (store, ix, error);
}
