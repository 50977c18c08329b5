/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Tiaojie-Case"

#include "tj-case.h"
#include "tj-audit.h"
#include "tj-consent.h"
#include "tj-calendar.h"
#include "tj-chain.h"
#include "tj-check.h"
#include "tj-csv.h"
#include "tj-deadline.h"
#include "tj-field-labels.h"
#include "tj-i18n.h"
#include "tj-time.h"
#include "tj-json.h"
#include "tj-money.h"
#include "tj-search.h"
#include "tj-validate.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define INDEX_NAME "cases"
#define INDEX_VERSION 3 /* 2: mediation limit counted from receipt; 3: referral numbers searched */

static const char * const kinds[] = {
  "wage_arrears", "compensation", "termination", "overtime", "social_insurance",
  "work_injury", "other", NULL
};
static const char * const sources[] = {
  "hotline", "walk_in", "night_clinic", "station", "court", "referral", NULL
};
static const char * const statuses[] = {
  "intake", "accepted", "mediating", "agreed", "performing", "closed",
  "failed", "referred", "withdrawn", NULL
};
static const char * const referral_targets[] = {
  "arbitration", "court", "labour_inspection", "legal_aid", NULL
};

/* ------------------------------------------------------------------ */
/* Labels                                                               */

typedef struct {
  const char *id;
  const char *label;
} Label;

/* The translated label of @id in @labels, or @id itself when unknown
 * (a document from a newer version keeps showing something). */
static const char *
label_of (const Label *labels,
          gsize        n,
          const char  *id)
{
  for (gsize i = 0; i < n; i++)
    if (g_strcmp0 (id, labels[i].id) == 0)
      return _(labels[i].label);
  return id ? id : "";
}

const char *
tj_case_kind_label (const char *kind)
{
  static const Label labels[] = {
    { "wage_arrears", N_("Wage arrears") },
    { "compensation", N_("Economic compensation") },
    { "termination", N_("Unlawful termination") },
    { "overtime", N_("Overtime pay") },
    { "social_insurance", N_("Social insurance") },
    { "work_injury", N_("Work injury") },
    { "other", N_("Other") },
  };
  return label_of (labels, G_N_ELEMENTS (labels), kind);
}

const char *
tj_case_source_label (const char *source)
{
  static const Label labels[] = {
    { "hotline", N_("12351 hotline") },
    { "walk_in", N_("Walk-in") },
    { "night_clinic", N_("Evening clinic") },
    { "station", N_("Worker station") },
    { "court", N_("Court referral") },
    { "referral", N_("Other referral") },
  };
  return label_of (labels, G_N_ELEMENTS (labels), source);
}

const char *
tj_case_status_label (const char *status)
{
  static const Label labels[] = {
    { "intake", N_("Intake") },
    { "accepted", N_("Accepted") },
    { "mediating", N_("Mediating") },
    { "agreed", N_("Agreed") },
    { "performing", N_("Performing") },
    { "closed", N_("Closed") },
    { "failed", N_("Failed") },
    { "referred", N_("Referred") },
    { "withdrawn", N_("Withdrawn") },
  };
  return label_of (labels, G_N_ELEMENTS (labels), status);
}

/* The title a case gets when none was typed: employer and kind. It is part
 * of the record (searched, synced to the centre, printed), so it is written
 * in Chinese whatever the language of the program that took the case in. */
static char *
default_title (JsonObject *employer,
               const char *kind)
{
  static const Label kinds[] = {
    { "wage_arrears", "拖欠工资" },
    { "compensation", "经济补偿" },
    { "termination", "违法解除劳动合同" },
    { "overtime", "加班工资" },
    { "social_insurance", "社会保险" },
    { "work_injury", "工伤" },
    { "other", "其他劳动争议" },
  };
  g_autofree char *name = g_strstrip (g_strdup (tj_json_get_string (employer, "name", "")));
  const char *what = "劳动争议";

  for (gsize i = 0; i < G_N_ELEMENTS (kinds); i++)
    if (g_strcmp0 (kind, kinds[i].id) == 0)
      what = kinds[i].label;
  return g_strdup_printf ("%s——%s", *name ? name : "用人单位不详", what);
}

void
tj_case_context_init_defaults (TjCaseContext *ctx)
{
  memset (ctx, 0, sizeof *ctx);
  ctx->station_code = "";
  ctx->number_pattern = "〔{year}〕{station}调字第{seq:04}号";
  ctx->actor = "";
  ctx->flag_min_workers = 10;
  ctx->flag_min_amount_fen = 50000000; /* ¥500,000 */
}

void
tj_case_query_init (TjCaseQuery *query)
{
  memset (query, 0, sizeof *query);
  query->deadline_within = -1;
  query->flag_min_workers = 10;
  query->flag_min_amount_fen = 50000000;
}

static gboolean
in_list (const char         *value,
         const char * const *list)
{
  return value && g_strv_contains (list, value);
}

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
                        "CREATE INDEX case_people_by_case ON case_people (case_id, role);"
                        "CREATE INDEX case_people_by_id_number ON case_people (id_number);"
                        "CREATE INDEX case_people_by_name ON case_people (name, role);"
                        "CREATE INDEX case_people_by_credit ON case_people (credit_code);"
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

  st = tj_store_statement (store,
                           "INSERT INTO case_index (id, number, station, number_year, number_seq, title, status, kind,"
                           " source, received_on, accepted_on, closed_on, employer, workers, owed_fen, claimed_fen,"
                           " layoff, mediation_deadline, referred_to)"
                           " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19)"
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

/* ------------------------------------------------------------------ */
/* Validation of the interchange JSON                                   */

static gint64
check_fen (TjCheck    *check,
           JsonObject *obj,
           const char *member,
           const char *field)
{
  JsonNode *node = obj ? json_object_get_member (obj, member) : NULL;
  gint64 value;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return 0;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64)
    {
      if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_DOUBLE)
        tj_check_problem (check, _("%s: an amount in fen must be a whole number (¥12.50 is 1250)"), field);
      else
        tj_check_problem (check, _("%s: must be a whole number of fen"), field);
      return 0;
    }
  value = json_node_get_int (node);
  if (value < 0)
    tj_check_problem (check, _("%s: cannot be negative"), field);
  else if (value > TJ_MONEY_MAX_AMOUNT_FEN)
    tj_check_problem (check, _("%s: the amount is implausibly large"), field);
  else
    return value;
  return 0;
}

/* A count (not money): a whole number from @min to @max when given.
 * A double such as 1e308 is refused here, not cast. */
static void
check_count (TjCheck    *check,
             JsonObject *obj,
             const char *member,
             const char *field,
             int         min,
             int         max)
{
  JsonNode *node = obj ? json_object_get_member (obj, member) : NULL;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64 ||
      json_node_get_int (node) < min || json_node_get_int (node) > max)
    tj_check_problem (check, _("%s: must be a whole number from %d to %d"), field, min, max);
}

/* true or false when given: "no" or 0 must not pass for a flag (a case
 * whose employment_ongoing is "no" silently lost its deadlines). */
static void
check_bool (TjCheck    *check,
            JsonObject *obj,
            const char *member,
            const char *field)
{
  JsonNode *node = obj ? json_object_get_member (obj, member) : NULL;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_BOOLEAN)
    tj_check_problem (check, _("%s: must be true or false"), field);
}

/* Optional text members of @obj, each named "@prefix.member". */
static void
check_strings (TjCheck            *check,
               JsonObject         *obj,
               const char         *prefix,
               const char * const *members)
{
  for (guint i = 0; members[i]; i++)
    {
      g_autofree char *field = g_strconcat (prefix, ".", members[i], NULL);
      tj_check_string (check, obj, members[i], field, FALSE);
    }
}

static void
check_phone (TjCheck    *check,
             JsonObject *obj,
             const char *field)
{
  const char *phone = tj_check_string (check, obj, "phone", field, FALSE);
  GError *error = NULL;
  if (phone && *phone && !tj_validate_phone (phone, field, &error))
    tj_check_take_error (check, error);
}

static void
check_represents (TjCheck    *check,
                  JsonObject *agent,
                  const char *field)
{
  const char *represents = tj_check_string (check, agent, "represents", field, FALSE);

  if (represents && g_strcmp0 (represents, "worker") != 0 && g_strcmp0 (represents, "employer") != 0)
    tj_check_problem (check, _("%s: “%s” is not worker or employer"), field, represents);
}

/* One worker (intake, roster, later edits); @prefix names it in messages
 * ("workers[3]"). Returns FALSE when it found a problem. */
static gboolean
validate_worker (TjCheck    *check,
                 JsonObject *w,
                 const char *prefix)
{
  guint before = check->errors->len;
  g_autofree char *f_name = g_strconcat (prefix, ".name", NULL);
  g_autofree char *f_id = g_strconcat (prefix, ".id_number", NULL);
  g_autofree char *f_phone = g_strconcat (prefix, ".phone", NULL);
  g_autofree char *f_job = g_strconcat (prefix, ".job", NULL);
  g_autofree char *f_start = g_strconcat (prefix, ".start_date", NULL);
  g_autofree char *f_wage = g_strconcat (prefix, ".monthly_wage_fen", NULL);
  g_autofree char *f_owed = g_strconcat (prefix, ".owed_fen", NULL);
  const char *id_number;

  tj_check_string (check, w, "name", f_name, TRUE);
  id_number = tj_check_string (check, w, "id_number", f_id, FALSE);
  if (id_number && *id_number)
    {
      GError *error = NULL;
      if (!tj_validate_id_number (id_number, f_id, &error))
        tj_check_take_error (check, error);
    }
  check_phone (check, w, f_phone);
  {
    g_autofree char *f_account = g_strconcat (prefix, ".bank_account", NULL);
    const char *account = tj_check_string (check, w, "bank_account", f_account, FALSE);
    GError *local = NULL;
    if (account && *account && !tj_validate_bank_account (account, f_account, &local))
      tj_check_take_error (check, local);
  }
  tj_check_string (check, w, "job", f_job, FALSE);
  {
    /* Where papers are served and what the arbitration application names
     * as the worker's domicile (劳动争议调解仲裁法 §28). */
    g_autofree char *f_address = g_strconcat (prefix, ".address", NULL);
    tj_check_string (check, w, "address", f_address, FALSE);
  }
  tj_check_date (check, w, "start_date", f_start, FALSE);
  check_fen (check, w, "monthly_wage_fen", f_wage);
  check_fen (check, w, "owed_fen", f_owed);
  return check->errors->len == before;
}

/* An employer or a member of the contractor chain. */
static void
validate_org (TjCheck    *check,
              JsonObject *o,
              const char *prefix)
{
  g_autofree char *f_name = g_strconcat (prefix, ".name", NULL);
  g_autofree char *f_code = g_strconcat (prefix, ".credit_code", NULL);
  g_autofree char *f_phone = g_strconcat (prefix, ".phone", NULL);
  const char *code;

  static const char * const texts[] = { "representative", "address", "contact", NULL };

  tj_check_string (check, o, "name", f_name, TRUE);
  check_strings (check, o, prefix, texts);
  code = tj_check_string (check, o, "credit_code", f_code, FALSE);
  if (code && *code)
    {
      GError *error = NULL;
      if (!tj_validate_credit_code (code, f_code, &error))
        tj_check_take_error (check, error);
    }
  check_phone (check, o, f_phone);
}

static void
validate_input (TjCheck    *check,
                JsonObject *input)
{
  const char *kind = tj_check_string (check, input, "kind", "kind", TRUE);
  const char *source = tj_check_string (check, input, "source", "source", TRUE);
  JsonObject *employer = tj_json_get_object (input, "employer");
  JsonArray *workers = tj_json_get_array (input, "workers");
  JsonArray *chain = tj_json_get_array (input, "chain");
  JsonArray *agents = tj_json_get_array (input, "agents");
  JsonArray *claims = tj_json_get_array (input, "claims");
  g_autoptr(GHashTable) seen_ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  gint64 owed = 0, claimed = 0;
  gboolean owed_overflow = FALSE, claimed_overflow = FALSE;

  if (kind && !in_list (kind, kinds))
    tj_check_problem (check, _("kind: “%s” is not one of wage_arrears, compensation, termination, overtime, social_insurance, work_injury, other"), kind);
  if (source && !in_list (source, sources))
    tj_check_problem (check, _("source: “%s” is not one of hotline, walk_in, night_clinic, station, court, referral"), source);

  tj_check_string (check, input, "title", "title", FALSE);
  tj_check_string (check, input, "facts", "facts", FALSE);
  tj_check_string (check, input, "hotline_ref", "hotline_ref", FALSE);
  /* A court's or another body's referral: who sent the case, and their
   * number for it (the result is reported back under that number). */
  tj_check_string (check, input, "referred_by", "referred_by", FALSE);
  tj_check_string (check, input, "referral_ref", "referral_ref", FALSE);
  tj_check_date (check, input, "received_on", "received_on", FALSE);
  tj_check_date (check, input, "accepted_on", "accepted_on", FALSE);
  tj_check_date (check, input, "knew_on", "knew_on", FALSE);
  tj_check_date (check, input, "employment_ended_on", "employment_ended_on", FALSE);
  check_bool (check, input, "employment_ongoing", "employment_ongoing");
  check_bool (check, input, "layoff", "layoff");
  check_bool (check, input, "illegal_project", "illegal_project");
  check_count (check, input, "layoff_size", "layoff_size", 1, 1000000);

  if (json_object_has_member (input, "employer") && employer == NULL)
    tj_check_problem (check, _("employer: must be an object"));
  if (employer)
    validate_org (check, employer, "employer");
  if (employer == NULL && tj_json_get_string (input, "title", NULL) == NULL)
    tj_check_problem (check, _("title: required when there is no employer"));

#define CHECK_ARRAY(arr, name) \
  if (json_object_has_member (input, name) && arr == NULL) \
    tj_check_problem (check, _("%s: must be a list"), name);
  CHECK_ARRAY (workers, "workers");
  CHECK_ARRAY (chain, "chain");
  CHECK_ARRAY (agents, "agents");
  CHECK_ARRAY (claims, "claims");
#undef CHECK_ARRAY

  for (guint i = 0; workers && i < json_array_get_length (workers); i++)
    {
      JsonNode *node = json_array_get_element (workers, i);
      JsonObject *w = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
      g_autofree char *f = g_strdup_printf ("workers[%u]", i);
      g_autofree char *f_id = g_strdup_printf ("workers[%u].id_number", i);
      const char *id_number;

      if (w == NULL)
        {
          tj_check_problem (check, _("%s: must be an object"), f);
          continue;
        }
      if (!validate_worker (check, w, f))
        continue;
      if (!tj_money_add (&owed, tj_json_get_int (w, "owed_fen", 0)) && !owed_overflow)
        {
          tj_check_problem (check, _("%s: the amounts owed add up to more than can be counted"), "workers");
          owed_overflow = TRUE;
        }
      id_number = tj_json_get_string (w, "id_number", NULL);
      if (id_number && *id_number)
        {
          g_autofree char *norm = tj_normalize_id_number (id_number);
          if (g_hash_table_contains (seen_ids, norm))
            tj_check_problem (check, _("%s: the same ID number as workers[%u] — the worker is listed twice"),
                              f_id, GPOINTER_TO_UINT (g_hash_table_lookup (seen_ids, norm)));
          else
            g_hash_table_insert (seen_ids, g_steal_pointer (&norm), GUINT_TO_POINTER (i));
        }
    }

  for (guint i = 0; chain && i < json_array_get_length (chain); i++)
    {
      JsonNode *node = json_array_get_element (chain, i);
      JsonObject *c = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
      g_autofree char *f = g_strdup_printf ("chain[%u]", i);
      g_autofree char *f_role = g_strdup_printf ("chain[%u].role", i);
      const char *role;

      if (c == NULL)
        {
          tj_check_problem (check, _("%s: must be an object"), f);
          continue;
        }
      role = tj_check_string (check, c, "role", f_role, TRUE);
      if (role && !tj_chain_is_role (role))
        tj_check_problem (check, _("%s: “%s” is not one of project_owner, general_contractor, subcontractor, team_leader"),
                          f_role, role);
      validate_org (check, c, f);
    }
  {
    JsonNode *illegal = json_object_get_member (input, "illegal_project");
    if (illegal && !JSON_NODE_HOLDS_NULL (illegal) &&
        !(JSON_NODE_HOLDS_VALUE (illegal) && json_node_get_value_type (illegal) == G_TYPE_BOOLEAN))
      tj_check_problem (check, _("illegal_project: must be true or false"));
    /* The chain as a whole: one owner at the top, nobody above where the
     * law puts them, the facts where they belong. */
    tj_chain_check (check, chain, tj_json_get_bool (input, "illegal_project", FALSE));
  }

  for (guint i = 0; agents && i < json_array_get_length (agents); i++)
    {
      JsonNode *node = json_array_get_element (agents, i);
      JsonObject *a = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
      g_autofree char *f_name = g_strdup_printf ("agents[%u].name", i);
      g_autofree char *f_role = g_strdup_printf ("agents[%u].role", i);
      g_autofree char *f_phone = g_strdup_printf ("agents[%u].phone", i);
      g_autofree char *f_represents = g_strdup_printf ("agents[%u].represents", i);
      const char *role;

      if (a == NULL)
        {
          tj_check_problem (check, _("%s: must be an object"), f_name);
          continue;
        }
      tj_check_string (check, a, "name", f_name, TRUE);
      role = tj_check_string (check, a, "role", f_role, FALSE);
      if (role && g_strcmp0 (role, "agent") != 0 && g_strcmp0 (role, "representative") != 0)
        tj_check_problem (check, _("%s: “%s” is not agent or representative"), f_role, role);
      check_represents (check, a, f_represents);
      check_phone (check, a, f_phone);
    }

  for (guint i = 0; claims && i < json_array_get_length (claims); i++)
    {
      JsonNode *node = json_array_get_element (claims, i);
      JsonObject *c = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
      g_autofree char *f = g_strdup_printf ("claims[%u]", i);
      g_autofree char *f_kind = g_strdup_printf ("claims[%u].kind", i);
      g_autofree char *f_amount = g_strdup_printf ("claims[%u].amount_fen", i);
      g_autofree char *f_description = g_strdup_printf ("claims[%u].description", i);

      if (c == NULL)
        {
          tj_check_problem (check, _("%s: must be an object"), f);
          continue;
        }
      tj_check_string (check, c, "kind", f_kind, TRUE);
      if (!tj_money_add (&claimed, check_fen (check, c, "amount_fen", f_amount)) && !claimed_overflow)
        {
          tj_check_problem (check, _("%s: the amounts claimed add up to more than can be counted"), "claims");
          claimed_overflow = TRUE;
        }
      tj_check_string (check, c, "description", f_description, FALSE);
    }
}

/* ------------------------------------------------------------------ */
/* Writing                                                              */

static char *
format_number (const char *pattern,
               const char *station,
               int         year,
               gint64      seq)
{
  GString *out = g_string_new (NULL);
  const char *p = pattern;

  while (*p)
    {
      if (g_str_has_prefix (p, "{year}"))
        {
          g_string_append_printf (out, "%d", year);
          p += strlen ("{year}");
        }
      else if (g_str_has_prefix (p, "{station}"))
        {
          g_string_append (out, station);
          p += strlen ("{station}");
        }
      else if (g_str_has_prefix (p, "{seq"))
        {
          const char *close = strchr (p, '}');
          int width = 0;
          if (close && p[4] == ':')
            width = atoi (p + 5);
          g_string_append_printf (out, "%0*" G_GINT64_FORMAT, CLAMP (width, 0, 12), seq);
          p = close ? close + 1 : p + strlen (p);
        }
      else
        {
          const char *next = g_utf8_next_char (p);
          g_string_append_len (out, p, next - p);
          p = next;
        }
    }
  return g_string_free (out, FALSE);
}

/* The station part of case numbers: the configured code, or — so that two
 * unconfigured offline stations still never collide — a short piece of
 * this database's uuid. */
static char *
station_of (TjStore             *store,
            const TjCaseContext *ctx)
{
  if (ctx->station_code && *ctx->station_code)
    return g_strdup (ctx->station_code);
  return g_ascii_strup (tj_store_get_uuid (store), 4);
}

static gint64
next_seq (TjStore     *store,
          const char  *station,
          int          year,
          GError     **error)
{
  /* A bare MAX() over the (station, number_year, number_seq) index is
   * answered in O(log n). */
  sqlite3_stmt *st = tj_store_statement (store,
                                         "SELECT MAX(number_seq) FROM case_index "
                                         "WHERE station = ? AND number_year = ?", error);
  gint64 seq = 1;
  if (st == NULL)
    return -1;
  sqlite3_bind_text (st, 1, station, -1, SQLITE_STATIC);
  sqlite3_bind_int (st, 2, year);
  if (sqlite3_step (st) == SQLITE_ROW)
    seq = sqlite3_column_int64 (st, 0) + 1; /* NULL (none yet) reads as 0 */
  sqlite3_reset (st);
  return seq;
}

static void
copy_members (JsonObject         *to,
              JsonObject         *from,
              const char * const *members)
{
  for (guint i = 0; members[i]; i++)
    {
      JsonNode *node = from ? json_object_get_member (from, members[i]) : NULL;
      if (node && !JSON_NODE_HOLDS_NULL (node))
        {
          if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
            {
              g_autofree char *s = g_strstrip (g_strdup (json_node_get_string (node)));
              if (*s == '\0')
                continue;
              json_object_set_string_member (to, members[i], s);
            }
          else
            json_object_set_member (to, members[i], json_node_copy (node));
        }
    }
}

static const char * const worker_members[] = {
  "name", "id_number", "phone", "job", "start_date", "monthly_wage_fen", "owed_fen", "address", "bank_account", NULL
};
static const char * const org_members[] = {
  "name", "credit_code", "representative", "phone", "address", "contact", NULL
};
/* A member of the contractor chain: the organisation and the facts the
 * rules of tj-chain.h read. */
static const char * const chain_members[] = {
  "name", "credit_code", "representative", "phone", "address", "contact",
  "qualified", "relation", "tier", "name_lent", "unpaid_price_fen", "illegal_project", NULL
};
static const char * const agent_members[] = { "name", "role", "represents", "phone", NULL };
static const char * const claim_members[] = { "kind", "amount_fen", "description", NULL };

/* The party's members as stored: ID numbers upper case, bank accounts
 * digits only, credit codes upper case. */
static void
normalize_party (JsonObject *doc)
{
  if (json_object_has_member (doc, "id_number"))
    {
      g_autofree char *n = tj_normalize_id_number (tj_json_get_string (doc, "id_number", ""));
      json_object_set_string_member (doc, "id_number", n);
    }
  if (json_object_has_member (doc, "bank_account"))
    {
      g_autofree char *n = tj_normalize_bank_account (tj_json_get_string (doc, "bank_account", ""));
      json_object_set_string_member (doc, "bank_account", n);
    }
  if (json_object_has_member (doc, "credit_code"))
    {
      g_autofree char *up = g_ascii_strup (tj_json_get_string (doc, "credit_code", ""), -1);
      json_object_set_string_member (doc, "credit_code", up);
    }
}

static gboolean
put_party (TjStore     *store,
           const char  *case_id,
           const char  *role,
           JsonObject  *source,
           const char * const *members,
           gint64       position,
           char       **out_id,
           GError     **error)
{
  g_autoptr(JsonObject) doc = json_object_new ();
  g_autofree char *rev = NULL;

  json_object_set_string_member (doc, "type", "party");
  json_object_set_string_member (doc, "case_id", case_id);
  json_object_set_int_member (doc, "position", position);
  copy_members (doc, source, members);
  json_object_set_string_member (doc, "role", role);
  normalize_party (doc);
  rev = tj_store_put (store, doc, out_id, error);
  return rev != NULL;
}

static const char * const *
members_for_role (const char *role)
{
  if (g_strcmp0 (role, "worker") == 0)
    return worker_members;
  if (g_strcmp0 (role, "agent") == 0 || g_strcmp0 (role, "representative") == 0)
    return agent_members;
  if (tj_chain_is_role (role))
    return chain_members;
  return org_members;
}

gboolean
tj_case_add_event (TjStore             *store,
                   const TjCaseContext *ctx,
                   const char          *case_id,
                   const char          *kind,
                   const char          *text,
                   JsonObject          *extra,
                   GError             **error)
{
  g_autoptr(JsonObject) doc = json_object_new ();
  g_autofree char *at = tj_timestamp_now ();
  g_autofree char *rev = NULL;

  json_object_set_string_member (doc, "type", "event");
  json_object_set_string_member (doc, "case_id", case_id);
  json_object_set_string_member (doc, "at", at);
  json_object_set_string_member (doc, "kind", kind);
  if (ctx && ctx->actor && *ctx->actor)
    json_object_set_string_member (doc, "actor", ctx->actor);
  if (text)
    json_object_set_string_member (doc, "text", text);
  if (extra)
    {
      g_autoptr(GList) members = json_object_get_members (extra);
      for (GList *l = members; l; l = l->next)
        if (!json_object_has_member (doc, l->data))
          json_object_set_member (doc, l->data, json_node_copy (json_object_get_member (extra, l->data)));
    }
  rev = tj_store_put (store, doc, NULL, error);
  return rev != NULL;
}

static gboolean
write_case (TjStore             *store,
            const TjCaseContext *ctx,
            JsonObject          *input,
            const char          *case_id,
            char               **out_number,
            GError             **error)
{
  static const char * const case_members[] = {
    "title", "kind", "source", "received_on", "accepted_on", "knew_on", "employment_ended_on",
    "employment_ongoing", "facts", "layoff", "layoff_size", "hotline_ref", "illegal_project",
    "referred_by", "referral_ref", NULL
  };
  g_autoptr(JsonObject) doc = json_object_new ();
  g_autofree char *station = station_of (store, ctx);
  g_autofree char *today = tj_date_today_iso (ctx->today);
  g_autofree char *number = NULL;
  g_autofree char *created = tj_timestamp_now ();
  g_autofree char *rev = NULL;
  JsonObject *employer = tj_json_get_object (input, "employer");
  JsonArray *arr;
  const char *received;
  int year;
  gint64 seq;
  gint64 position = 0;

  copy_members (doc, input, case_members);
  if (!json_object_has_member (doc, "received_on"))
    json_object_set_string_member (doc, "received_on", today);
  received = tj_json_get_string (doc, "received_on", today);
  year = atoi (received);
  if (!json_object_has_member (doc, "title"))
    {
      g_autofree char *title = default_title (employer, tj_json_get_string (input, "kind", ""));
      json_object_set_string_member (doc, "title", title);
    }

  seq = next_seq (store, station, year, error);
  if (seq < 0)
    return FALSE;
  number = format_number (ctx->number_pattern ? ctx->number_pattern : "{station}-{year}-{seq:04}",
                          station, year, seq);

  /* Parties first: the case document written last refreshes the index
   * once, with all of them. */
  if (employer && !put_party (store, case_id, "employer", employer, org_members, position++, NULL, error))
    return FALSE;
  arr = tj_json_get_array (input, "chain");
  if (arr)
    {
      /* Each subcontractor keeps its tier, so the chain reads in its
       * legal order whatever is added to it later. */
      g_autoptr(JsonNode) copy = json_node_copy (json_object_get_member (input, "chain"));
      JsonArray *chain = json_node_get_array (copy);
      tj_chain_number_tiers (chain);
      for (guint i = 0; i < json_array_get_length (chain); i++)
        {
          JsonObject *c = json_array_get_object_element (chain, i);
          if (!put_party (store, case_id, tj_json_get_string (c, "role", "subcontractor"), c, chain_members,
                          position++, NULL, error))
            return FALSE;
        }
    }
  arr = tj_json_get_array (input, "workers");
  for (guint i = 0; arr && i < json_array_get_length (arr); i++)
    if (!put_party (store, case_id, "worker", json_array_get_object_element (arr, i), worker_members,
                    position++, NULL, error))
      return FALSE;
  arr = tj_json_get_array (input, "agents");
  for (guint i = 0; arr && i < json_array_get_length (arr); i++)
    {
      JsonObject *a = json_array_get_object_element (arr, i);
      if (!put_party (store, case_id, tj_json_get_string (a, "role", "agent"), a, agent_members,
                      position++, NULL, error))
        return FALSE;
    }
  arr = tj_json_get_array (input, "claims");
  for (guint i = 0; arr && i < json_array_get_length (arr); i++)
    {
      g_autoptr(JsonObject) claim = json_object_new ();
      g_autofree char *r = NULL;
      json_object_set_string_member (claim, "type", "claim");
      json_object_set_string_member (claim, "case_id", case_id);
      json_object_set_int_member (claim, "position", position++);
      copy_members (claim, json_array_get_object_element (arr, i), claim_members);
      r = tj_store_put (store, claim, NULL, error);
      if (r == NULL)
        return FALSE;
    }

  json_object_set_string_member (doc, "_id", case_id);
  json_object_set_string_member (doc, "type", "case");
  json_object_set_string_member (doc, "number", number);
  json_object_set_string_member (doc, "station", station);
  json_object_set_int_member (doc, "number_year", year);
  json_object_set_int_member (doc, "number_seq", seq);
  json_object_set_string_member (doc, "status",
                                 json_object_has_member (doc, "accepted_on") ? "accepted" : "intake");
  json_object_set_string_member (doc, "created_at", created);
  if (ctx->actor && *ctx->actor)
    json_object_set_string_member (doc, "created_by", ctx->actor);
  rev = tj_store_put (store, doc, NULL, error);
  if (rev == NULL)
    return FALSE;
  /* Index it now rather than at commit: the next case written in the same
   * transaction (an import) must see this number as taken. */
  if (!refresh_dirty (store, g_object_get_data (G_OBJECT (store), "tj-case-index"), error))
    return FALSE;

  {
    g_autofree char *text = g_strdup_printf (_("Case taken in from %s"),
                                             tj_case_source_label (tj_json_get_string (doc, "source", "")));
    g_autoptr(JsonObject) extra = json_object_new ();
    json_object_set_string_member (extra, "to_status", tj_json_get_string (doc, "status", ""));
    if (!tj_case_add_event (store, ctx, case_id, "created", text, extra, error))
      return FALSE;
  }
  *out_number = g_steal_pointer (&number);
  return TRUE;
}

JsonObject *
tj_case_add (TjStore             *store,
             const TjCaseContext *ctx,
             JsonObject          *input,
             GError             **error)
{
  g_autoptr(GPtrArray) errors = g_ptr_array_new_with_free_func (g_free);
  TjCheck check = { errors };
  g_autofree char *case_id = tj_store_new_id ();
  g_autofree char *number = NULL;
  JsonNode *consent;
  JsonObject *out;

  g_return_val_if_fail (TJ_IS_STORE (store), NULL);
  g_return_val_if_fail (input != NULL, NULL);

  validate_input (&check, input);
  if (!tj_check_finish (&check, error))
    return NULL;
  /* Consent given at intake (tj-consent.h): {"wording", "given_by"}. */
  consent = json_object_get_member (input, "consent");
  if (consent && !JSON_NODE_HOLDS_NULL (consent) &&
      (!JSON_NODE_HOLDS_OBJECT (consent) ||
       !*tj_json_get_string (json_node_get_object (consent), "wording", "")))
    {
      g_set_error (error, TJ_ERROR, TJ_ERROR_INVALID,
                   _("consent.wording: say what the worker was told about the use of their data"));
      return NULL;
    }
  if (!tj_case_attach (store, error) || !tj_store_begin (store, error))
    return NULL;
  if (!write_case (store, ctx, input, case_id, &number, error))
    {
      tj_store_rollback (store);
      return NULL;
    }
  if (consent && JSON_NODE_HOLDS_OBJECT (consent))
    {
      JsonObject *c = json_node_get_object (consent);
      g_autofree char *consent_id = tj_consent_record (store, ctx, case_id, tj_json_get_string (c, "wording", NULL),
                                                       tj_json_get_string (c, "given_by", NULL), error);
      if (consent_id == NULL)
        {
          tj_store_rollback (store);
          return NULL;
        }
    }
  if (!tj_store_commit (store, error))
    return NULL;

  out = json_object_new ();
  json_object_set_string_member (out, "id", case_id);
  json_object_set_string_member (out, "number", number);
  return out;
}

/* ------------------------------------------------------------------ */
/* Reading                                                              */

static JsonArray *
child_ids (TjStore     *store,
           const char  *case_id,
           const char  *type,
           gboolean     newest_first,
           GError     **error)
{
  /* @type NULL: the timeline, events and audit entries together. */
  sqlite3_stmt *st = tj_store_statement (store,
                                         type == NULL
                                           ? "SELECT id FROM case_children WHERE case_id = ? "
                                             "AND type IN ('event', 'audit') ORDER BY sort_key DESC, id"
                                         : newest_first
                                           ? "SELECT id FROM case_children WHERE case_id = ? AND type = ? ORDER BY sort_key DESC, id"
                                           : "SELECT id FROM case_children WHERE case_id = ? AND type = ? ORDER BY sort_key, id",
                                         error);
  JsonArray *ids;
  if (st == NULL)
    return NULL;
  ids = json_array_new ();
  sqlite3_bind_text (st, 1, case_id, -1, SQLITE_STATIC);
  if (type)
    sqlite3_bind_text (st, 2, type, -1, SQLITE_STATIC);
  while (sqlite3_step (st) == SQLITE_ROW)
    json_array_add_string_element (ids, (const char *) sqlite3_column_text (st, 0));
  sqlite3_reset (st);
  return ids;
}

static JsonObject *
public_copy (JsonObject *doc)
{
  JsonObject *out = json_object_new ();
  g_autoptr(GList) members = json_object_get_members (doc);

  json_object_set_string_member (out, "id", tj_json_get_string (doc, "_id", ""));
  for (GList *l = members; l; l = l->next)
    {
      const char *m = l->data;
      if (m[0] == '_' || g_str_equal (m, "type") || g_str_equal (m, "case_id") || g_str_equal (m, "position"))
        continue;
      json_object_set_member (out, m, json_node_copy (json_object_get_member (doc, m)));
    }
  return out;
}

JsonObject *
tj_case_deadline_input (JsonObject *doc,
                        const char *today)
{
  static const char * const m[] = {
    "received_on", "accepted_on", "knew_on", "employment_ended_on", "employment_ongoing", "kind",
    "limitation_restarted_on", "arbitration_applied_on", "arbitration_accepted_on",
    "agreement_effective_on", "closed_on", NULL
  };
  JsonObject *input = json_object_new ();
  const char *status = tj_json_get_string (doc, "status", "intake");
  const char *ended_on = tj_json_get_string (doc, "ended_on", NULL);
  const char *withdrawn_on = tj_json_get_string (doc, "withdrawn_on", NULL);

  copy_members (input, doc, m);
  if (today)
    json_object_set_string_member (input, "today", today);
  /* The end of the mediation restarts the limitation (§27 ¶2): a failure
   * or a referral records "ended_on", a withdrawal "withdrawn_on" (cases
   * withdrawn before that was recorded: their "closed_on" while still
   * withdrawn). */
  if (ended_on && *ended_on)
    {
      json_object_set_string_member (input, "mediation_ended_on", ended_on);
      json_object_set_string_member (input, "mediation_end_reason",
                                     g_str_equal (status, "referred") || tj_json_get_string (doc, "referred_to", NULL)
                                     ? "referred" : "failed");
    }
  else if ((withdrawn_on && *withdrawn_on) || g_str_equal (status, "withdrawn"))
    {
      const char *on = withdrawn_on && *withdrawn_on ? withdrawn_on : tj_json_get_string (doc, "closed_on", NULL);
      if (on && *on)
        {
          json_object_set_string_member (input, "mediation_ended_on", on);
          json_object_set_string_member (input, "mediation_end_reason", "withdrawn");
        }
    }
  return input;
}

/* Once the parties agree, the 15-day mediation limit (§14) has done its
 * work: it no longer counts down, and says when and why it ended. */
static void
end_mediation_limit (TjStore    *store,
                     const char *case_id,
                     const char *status,
                     JsonObject *deadlines)
{
  static const char * const agreed[] = { "agreed", "performing", "closed", NULL };
  JsonObject *mediation = tj_json_get_object (deadlines, "mediation");
  g_autofree char *settlement_id = g_strconcat ("settlement-", case_id, NULL);
  g_autoptr(JsonObject) settlement = NULL;
  const char *agreed_on = NULL;

  if (mediation == NULL || !in_list (status, agreed))
    return;
  settlement = tj_store_get (store, settlement_id, NULL, TJ_GET_NONE, NULL);
  if (settlement && g_strcmp0 (tj_json_get_string (settlement, "status", NULL), "agreed") == 0)
    agreed_on = tj_json_get_string (settlement, "agreed_on", NULL);
  json_object_set_string_member (mediation, "status", "ended");
  json_object_set_string_member (mediation, "ended_by", "agreement");
  if (agreed_on)
    json_object_set_string_member (mediation, "ended_on", agreed_on);
  else
    json_object_set_null_member (mediation, "ended_on");
  json_object_set_null_member (mediation, "days_remaining");
}

JsonObject *
tj_case_show (TjStore             *store,
              const TjCaseContext *ctx,
              const char          *id,
              GError             **error)
{
  g_autoptr(JsonObject) doc = NULL;
  g_autoptr(JsonArray) party_ids = NULL;
  g_autoptr(JsonArray) claim_ids = NULL;
  g_autoptr(JsonObject) deadlines_in = NULL;
  g_autoptr(JsonObject) deadlines = NULL;
  g_autoptr(GError) local = NULL;
  JsonObject *out, *totals, *dl;
  JsonArray *workers, *chain, *agents, *claims, *flags;
  JsonObject *employer = NULL;
  gint64 owed = 0, claimed = 0;
  g_autofree char *today = tj_date_today_iso (ctx ? ctx->today : NULL);

  g_return_val_if_fail (TJ_IS_STORE (store), NULL);

  if (!tj_case_attach (store, error))
    return NULL;
  doc = tj_store_get (store, id, NULL, TJ_GET_NONE, error);
  if (doc == NULL)
    return NULL;
  if (g_strcmp0 (tj_json_get_string (doc, "type", NULL), "case") != 0)
    {
      g_set_error (error, TJ_ERROR, TJ_ERROR_NOT_FOUND, _("%s is not a case"), id);
      return NULL;
    }

  out = public_copy (doc);
  workers = json_array_new ();
  chain = json_array_new ();
  agents = json_array_new ();
  claims = json_array_new ();

  party_ids = child_ids (store, id, "party", FALSE, error);
  claim_ids = child_ids (store, id, "claim", FALSE, error);
  if (party_ids == NULL || claim_ids == NULL)
    goto fail;

  for (guint i = 0; i < json_array_get_length (party_ids); i++)
    {
      g_autoptr(JsonObject) p = tj_store_get (store, json_array_get_string_element (party_ids, i),
                                              NULL, TJ_GET_NONE, error);
      const char *role;
      JsonObject *copy;

      if (p == NULL)
        goto fail;
      role = tj_json_get_string (p, "role", "");
      copy = public_copy (p);
      if (g_str_equal (role, "worker"))
        {
          json_object_remove_member (copy, "role");
          tj_money_add (&owed, tj_json_get_int (p, "owed_fen", 0));
          json_array_add_object_element (workers, copy);
        }
      else if (g_str_equal (role, "employer"))
        {
          json_object_remove_member (copy, "role");
          employer = copy;
          json_object_set_object_member (out, "employer", copy);
        }
      else if (tj_chain_is_role (role))
        json_array_add_object_element (chain, copy);
      else
        json_array_add_object_element (agents, copy);
    }
  for (guint i = 0; i < json_array_get_length (claim_ids); i++)
    {
      g_autoptr(JsonObject) c = tj_store_get (store, json_array_get_string_element (claim_ids, i),
                                              NULL, TJ_GET_NONE, error);
      if (c == NULL)
        goto fail;
      tj_money_add (&claimed, tj_json_get_int (c, "amount_fen", 0));
      json_array_add_object_element (claims, public_copy (c));
    }
  json_object_set_array_member (out, "workers", workers);
  /* The legal order, whatever order the links were entered in. */
  {
    JsonArray *sorted = tj_chain_sort (chain);
    json_array_unref (chain);
    chain = sorted;
  }
  json_object_set_array_member (out, "chain", json_array_ref (chain));
  json_object_set_array_member (out, "agents", agents);
  json_object_set_array_member (out, "claims", claims);

  totals = json_object_new ();
  json_object_set_int_member (totals, "workers", json_array_get_length (workers));
  json_object_set_int_member (totals, "owed_fen", owed);
  json_object_set_int_member (totals, "claimed_fen", claimed);
  json_object_set_object_member (out, "totals", totals);

  {
    JsonObject *lf = tj_chain_liable_first (chain, employer, tj_json_get_bool (doc, "illegal_project", FALSE));
    if (lf)
      json_object_set_object_member (out, "liable_first", lf);
  }
  json_array_unref (chain);

  /* Deadlines with their legal basis (LAW.md), from the calc engine. */
  deadlines_in = tj_case_deadline_input (doc, today);
  deadlines = tj_deadlines_compute (tj_calendar_get_default (), deadlines_in, &local);
  dl = json_object_new ();
  if (deadlines)
    {
      JsonArray *list = tj_json_get_array (deadlines, "deadlines");
      for (guint i = 0; list && i < json_array_get_length (list); i++)
        {
          JsonObject *d = json_array_get_object_element (list, i);
          json_object_set_object_member (dl, tj_json_get_string (d, "kind", "?"), json_object_ref (d));
        }
      if (tj_json_get_array (deadlines, "warnings"))
        json_object_set_array_member (out, "deadline_warnings",
                                      json_array_ref (tj_json_get_array (deadlines, "warnings")));
    }
  else
    {
      JsonArray *w = json_array_new ();
      json_array_add_string_element (w, local->message);
      json_object_set_array_member (out, "deadline_warnings", w);
    }
  end_mediation_limit (store, id, tj_json_get_string (doc, "status", "intake"), dl);
  json_object_set_object_member (out, "deadlines", dl);

  flags = json_array_new ();
  if (ctx && ctx->flag_min_workers > 0 && json_array_get_length (workers) >= ctx->flag_min_workers)
    json_array_add_string_element (flags, "collective");
  if (ctx && ctx->flag_min_amount_fen > 0 && MAX (owed, claimed) >= ctx->flag_min_amount_fen)
    json_array_add_string_element (flags, "large_amount");
  if (tj_json_get_bool (doc, "layoff", FALSE))
    json_array_add_string_element (flags, "layoff");
  json_object_set_array_member (out, "flags", flags);
  {
    /* PIPL §29: whether the worker agreed to the use of their data. */
    JsonObject *consent = tj_consent_summary (store, id, error);
    if (consent == NULL)
      goto fail;
    json_object_set_object_member (out, "consent", consent);
  }
  return out;

fail:
  json_object_unref (out);
  return NULL;
}

/* ------------------------------------------------------------------ */
/* Listing and search                                                   */

static char *
build_where (const TjCaseQuery *q,
             const char        *today,
             gboolean          *uses_match)
{
  GString *sql = g_string_new (" WHERE 1");

  *uses_match = FALSE;
  if (q->query && *q->query)
    {
      g_autofree char *expr = tj_search_match_expression (q->query);
      if (expr)
        {
          g_string_append (sql, " AND ci.rowid IN (SELECT rowid FROM case_fts WHERE case_fts MATCH :match)");
          *uses_match = TRUE;
        }
    }
  if (q->status)
    g_string_append (sql, " AND ci.status = :status");
  if (q->kind)
    g_string_append (sql, " AND ci.kind = :kind");
  if (q->source)
    g_string_append (sql, " AND ci.source = :source");
  if (q->flagged_only)
    g_string_append (sql, " AND (ci.workers >= :minw OR MAX(ci.owed_fen, ci.claimed_fen) >= :mina OR ci.layoff = 1)");
  if (q->deadline_within >= 0)
    g_string_append (sql, " AND ci.status IN ('accepted', 'mediating') AND ci.mediation_deadline IS NOT NULL"
                          " AND ci.mediation_deadline <= date(:today, '+' || :within || ' days')");
  (void) today;
  return g_string_free (sql, FALSE);
}

static void
bind_query (sqlite3_stmt      *st,
            const TjCaseQuery *q,
            const char        *today)
{
  int i;
  if ((i = sqlite3_bind_parameter_index (st, ":match")))
    {
      g_autofree char *expr = tj_search_match_expression (q->query);
      sqlite3_bind_text (st, i, expr, -1, SQLITE_TRANSIENT);
    }
  if ((i = sqlite3_bind_parameter_index (st, ":status")))
    sqlite3_bind_text (st, i, q->status, -1, SQLITE_TRANSIENT);
  if ((i = sqlite3_bind_parameter_index (st, ":kind")))
    sqlite3_bind_text (st, i, q->kind, -1, SQLITE_TRANSIENT);
  if ((i = sqlite3_bind_parameter_index (st, ":source")))
    sqlite3_bind_text (st, i, q->source, -1, SQLITE_TRANSIENT);
  if ((i = sqlite3_bind_parameter_index (st, ":minw")))
    sqlite3_bind_int64 (st, i, q->flag_min_workers ? q->flag_min_workers : G_MAXINT);
  if ((i = sqlite3_bind_parameter_index (st, ":mina")))
    sqlite3_bind_int64 (st, i, q->flag_min_amount_fen ? q->flag_min_amount_fen : G_MAXINT64);
  if ((i = sqlite3_bind_parameter_index (st, ":today")))
    sqlite3_bind_text (st, i, today, -1, SQLITE_TRANSIENT);
  if ((i = sqlite3_bind_parameter_index (st, ":within")))
    sqlite3_bind_int (st, i, q->deadline_within);
}

JsonArray *
tj_case_list (TjStore            *store,
              const TjCaseQuery  *q,
              GError            **error)
{
  g_autofree char *today = tj_date_today_iso (q->today);
  g_autofree char *where = NULL;
  g_autofree char *sql = NULL;
  const char *order;
  gboolean uses_match;
  sqlite3_stmt *st;
  JsonArray *rows;

  g_return_val_if_fail (TJ_IS_STORE (store), NULL);
  if (!tj_case_attach (store, error))
    return NULL;

  where = build_where (q, today, &uses_match);

  /* A common search term (a one-character surname matches a tenth of all
   * cases) would make SQLite fetch and sort every match. Then walk the
   * received-date index newest first instead and stop at the page. Rare
   * terms keep the plan SQLite picks: fetch the few matches by rowid. */
  if (uses_match && (q->sort == NULL || g_strcmp0 (q->sort, "received") == 0))
    {
      g_autofree char *expr = tj_search_match_expression (q->query);
      sqlite3_stmt *cst = tj_store_statement (store, "SELECT COUNT(*) FROM case_fts WHERE case_fts MATCH ?", error);
      gint64 hits = 0;

      if (cst == NULL)
        return NULL;
      sqlite3_bind_text (cst, 1, expr, -1, SQLITE_TRANSIENT);
      if (sqlite3_step (cst) == SQLITE_ROW)
        hits = sqlite3_column_int64 (cst, 0);
      sqlite3_reset (cst);
      if (hits > 2000)
        {
          g_autofree char *forced = g_strconcat (" INDEXED BY case_index_received", where, NULL);
          g_free (where);
          where = g_steal_pointer (&forced);
        }
    }

  if (g_strcmp0 (q->sort, "deadline") == 0)
    order = " ORDER BY ci.mediation_deadline IS NULL, ci.mediation_deadline, ci.received_on DESC";
  else if (g_strcmp0 (q->sort, "amount") == 0)
    order = " ORDER BY MAX(ci.owed_fen, ci.claimed_fen) DESC, ci.received_on DESC";
  else
    order = " ORDER BY ci.received_on DESC, ci.number_seq DESC";
  sql = g_strdup_printf ("SELECT ci.id, ci.number, ci.title, ci.status, ci.kind, ci.source, ci.received_on,"
                         " ci.employer, ci.workers, ci.owed_fen, ci.claimed_fen,"
                         " (ci.workers >= :minw2 OR MAX(ci.owed_fen, ci.claimed_fen) >= :mina2 OR ci.layoff = 1),"
                         " ci.mediation_deadline, ci.accepted_on"
                         " FROM case_index ci%s%s LIMIT :limit OFFSET :offset", where, order);
  /* Interned: the cache keeps the key, and the filters give a few shapes of
   * SQL that the list asks for again on every page. */
  st = tj_store_statement (store, g_intern_string (sql), error);
  if (st == NULL)
    return NULL;
  bind_query (st, q, today);
  sqlite3_bind_int64 (st, sqlite3_bind_parameter_index (st, ":minw2"),
                      q->flag_min_workers ? q->flag_min_workers : G_MAXINT);
  sqlite3_bind_int64 (st, sqlite3_bind_parameter_index (st, ":mina2"),
                      q->flag_min_amount_fen ? q->flag_min_amount_fen : G_MAXINT64);
  sqlite3_bind_int (st, sqlite3_bind_parameter_index (st, ":limit"), q->limit ? (int) q->limit : 50);
  sqlite3_bind_int (st, sqlite3_bind_parameter_index (st, ":offset"), (int) q->offset);

  rows = json_array_new ();
  while (sqlite3_step (st) == SQLITE_ROW)
    {
      JsonObject *row = json_object_new ();
      static const char * const text_cols[] = {
        "id", "number", "title", "status", "kind", "source", "received_on", "employer"
      };
      for (guint c = 0; c < G_N_ELEMENTS (text_cols); c++)
        json_object_set_string_member (row, text_cols[c],
                                       sqlite3_column_text (st, c) ? (const char *) sqlite3_column_text (st, c) : "");
      json_object_set_int_member (row, "workers", sqlite3_column_int64 (st, 8));
      json_object_set_int_member (row, "owed_fen", sqlite3_column_int64 (st, 9));
      json_object_set_int_member (row, "claimed_fen", sqlite3_column_int64 (st, 10));
      json_object_set_boolean_member (row, "flagged", sqlite3_column_int (st, 11) != 0);
      if (sqlite3_column_text (st, 12))
        {
          const char *deadline = (const char *) sqlite3_column_text (st, 12);
          GDate d, t;
          json_object_set_string_member (row, "mediation_deadline", deadline);
          if (tj_date_parse_iso (deadline, &d) && tj_date_parse_iso (today, &t))
            json_object_set_int_member (row, "days_left", tj_deadline_days_remaining (&d, &t));
        }
      json_array_add_object_element (rows, row);
    }
  sqlite3_reset (st);
  return rows;
}

guint
tj_case_count (TjStore            *store,
               const TjCaseQuery  *q,
               GError            **error)
{
  g_autofree char *today = tj_date_today_iso (q->today);
  g_autofree char *where = NULL;
  g_autofree char *sql = NULL;
  gboolean uses_match;
  sqlite3_stmt *st;
  guint n = 0;

  if (!tj_case_attach (store, error))
    return 0;
  where = build_where (q, today, &uses_match);
  sql = g_strdup_printf ("SELECT COUNT(*) FROM case_index ci%s", where);
  st = tj_store_statement (store, g_intern_string (sql), error);
  if (st == NULL)
    return 0;
  bind_query (st, q, today);
  if (sqlite3_step (st) == SQLITE_ROW)
    n = (guint) sqlite3_column_int64 (st, 0);
  sqlite3_reset (st);
  return n;
}

JsonArray *
tj_case_find_related (TjStore     *store,
                      JsonObject  *input,
                      const char  *except_id,
                      GError     **error)
{
  JsonObject *employer = tj_json_get_object (input, "employer");
  JsonArray *workers = tj_json_get_array (input, "workers");
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  JsonArray *out;
  sqlite3_stmt *st;

  if (!tj_case_attach (store, error))
    return NULL;
  st = tj_store_statement (store,
                           "SELECT ci.id, ci.number, ci.title, ci.status, ci.received_on, cp.name, cp.role"
                           " FROM case_people cp JOIN case_index ci ON ci.id = cp.case_id"
                           " WHERE ((cp.role = 'employer' AND (cp.name = :employer OR cp.credit_code = :credit))"
                           "        OR (cp.role = 'worker' AND cp.id_number = :idnum))"
                           "   AND ci.id IS NOT :except"
                           " ORDER BY ci.received_on DESC LIMIT 20", error);
  if (st == NULL)
    return NULL;

  out = json_array_new ();
  for (guint i = 0; i <= (workers ? json_array_get_length (workers) : 0); i++)
    {
      const char *idnum = NULL;
      g_autofree char *norm = NULL;

      if (i > 0)
        {
          JsonObject *w = json_array_get_object_element (workers, i - 1);
          idnum = tj_json_get_string (w, "id_number", NULL);
          if (idnum == NULL || *idnum == '\0')
            continue;
          norm = tj_normalize_id_number (idnum);
        }
      sqlite3_reset (st);
      sqlite3_clear_bindings (st);
      if (i == 0 && employer)
        {
          const char *credit = tj_json_get_string (employer, "credit_code", NULL);
          g_autofree char *up = credit ? g_ascii_strup (credit, -1) : NULL;
          tj_store_bind_text_or_null (st, sqlite3_bind_parameter_index (st, ":employer"),
                                      tj_json_get_string (employer, "name", NULL));
          tj_store_bind_text_or_null (st, sqlite3_bind_parameter_index (st, ":credit"), up);
        }
      else if (i == 0)
        continue;
      tj_store_bind_text_or_null (st, sqlite3_bind_parameter_index (st, ":idnum"), norm);
      tj_store_bind_text_or_null (st, sqlite3_bind_parameter_index (st, ":except"), except_id);
      while (sqlite3_step (st) == SQLITE_ROW)
        {
          const char *cid = (const char *) sqlite3_column_text (st, 0);
          JsonObject *row;
          if (g_hash_table_contains (seen, cid))
            continue;
          row = json_object_new ();
          json_object_set_string_member (row, "id", cid);
          json_object_set_string_member (row, "number", (const char *) sqlite3_column_text (st, 1));
          json_object_set_string_member (row, "title", (const char *) sqlite3_column_text (st, 2));
          json_object_set_string_member (row, "status", (const char *) sqlite3_column_text (st, 3));
          json_object_set_string_member (row, "received_on", (const char *) sqlite3_column_text (st, 4));
          json_object_set_string_member (row, "name", (const char *) sqlite3_column_text (st, 5));
          json_object_set_string_member (row, "match",
                                         g_strcmp0 ((const char *) sqlite3_column_text (st, 6), "worker") == 0
                                           ? "worker" : "employer");
          g_hash_table_add (seen, (gpointer) tj_json_get_string (row, "id", NULL));
          json_array_add_object_element (out, row);
        }
    }
  sqlite3_reset (st);
  return out;
}

/* ------------------------------------------------------------------ */
/* Status                                                               */

gboolean
tj_case_status_allowed (const char *from,
                        const char *to)
{
  static const struct { const char *from; const char * const to[6]; } moves[] = {
    { "intake",     { "accepted", "withdrawn", "referred", NULL } },
    { "accepted",   { "mediating", "withdrawn", "referred", "failed", NULL } },
    { "mediating",  { "agreed", "failed", "withdrawn", "referred", NULL } },
    { "agreed",     { "performing", "closed", "failed", "referred", NULL } },
    { "performing", { "closed", "failed", "referred", NULL } },
    { "failed",     { "referred", "closed", NULL } },
    { "referred",   { "closed", NULL } },
    { "withdrawn",  { "closed", NULL } },
    { "closed",     { NULL } },
  };
  for (guint i = 0; i < G_N_ELEMENTS (moves); i++)
    if (g_strcmp0 (moves[i].from, from) == 0)
      return in_list (to, moves[i].to);
  return FALSE;
}

gboolean
tj_case_set_status (TjStore             *store,
                    const TjCaseContext *ctx,
                    const char          *id,
                    const char          *new_status,
                    const char          *reason,
                    const char          *referred_to,
                    GError             **error)
{
  g_autoptr(JsonObject) doc = NULL;
  g_autoptr(JsonObject) extra = NULL;
  g_autofree char *today = tj_date_today_iso (ctx ? ctx->today : NULL);
  g_autofree char *rev = NULL;
  g_autofree char *text = NULL;
  g_autofree char *from = NULL;

  g_return_val_if_fail (TJ_IS_STORE (store), FALSE);

  if (!in_list (new_status, statuses))
    {
      g_set_error (error, TJ_ERROR, TJ_ERROR_INVALID,
                   _("“%s” is not a case status (intake, accepted, mediating, agreed, performing, closed, failed, referred, withdrawn)"),
                   new_status ? new_status : "");
      return FALSE;
    }
  if (g_strcmp0 (new_status, "referred") == 0 && !in_list (referred_to, referral_targets))
    {
      g_set_error (error, TJ_ERROR, TJ_ERROR_INVALID,
                   _("A referral needs its destination: arbitration, court, labour_inspection or legal_aid"));
      return FALSE;
    }
  if (reason == NULL || *reason == '\0')
    {
      g_set_error (error, TJ_ERROR, TJ_ERROR_INVALID, _("Give the reason for the change of status"));
      return FALSE;
    }
  if (!tj_case_attach (store, error) || !tj_store_begin (store, error))
    return FALSE;

  doc = tj_store_get (store, id, NULL, TJ_GET_NONE, error);
  if (doc == NULL)
    goto fail;
  if (g_strcmp0 (tj_json_get_string (doc, "type", NULL), "case") != 0)
    {
      g_set_error (error, TJ_ERROR, TJ_ERROR_NOT_FOUND, _("%s is not a case"), id);
      goto fail;
    }
  from = g_strdup (tj_json_get_string (doc, "status", "intake"));
  if (!tj_case_status_allowed (from, new_status))
    {
      g_set_error (error, TJ_ERROR, TJ_ERROR_CONFLICT,
                   _("A case that is “%s” cannot become “%s”"),
                   tj_case_status_label (from), tj_case_status_label (new_status));
      goto fail;
    }

  json_object_set_string_member (doc, "status", new_status);
  if (g_str_equal (new_status, "accepted") && !json_object_has_member (doc, "accepted_on"))
    json_object_set_string_member (doc, "accepted_on", today);
  if (g_str_equal (new_status, "agreed") && !json_object_has_member (doc, "agreement_effective_on"))
    json_object_set_string_member (doc, "agreement_effective_on", today);
  if (g_str_equal (new_status, "closed") || g_str_equal (new_status, "withdrawn"))
    json_object_set_string_member (doc, "closed_on", today);
  /* Kept when the case is closed later: the limitation runs again from
   * the withdrawal (劳动争议调解仲裁法 §27 ¶2). */
  if (g_str_equal (new_status, "withdrawn"))
    json_object_set_string_member (doc, "withdrawn_on", today);
  if (g_str_equal (new_status, "failed") || g_str_equal (new_status, "referred"))
    json_object_set_string_member (doc, "ended_on", today);
  if (referred_to)
    json_object_set_string_member (doc, "referred_to", referred_to);
  rev = tj_store_put (store, doc, NULL, error);
  if (rev == NULL)
    goto fail;

  extra = json_object_new ();
  json_object_set_string_member (extra, "from_status", from);
  json_object_set_string_member (extra, "to_status", new_status);
  json_object_set_string_member (extra, "reason", reason);
  if (referred_to)
    json_object_set_string_member (extra, "referred_to", referred_to);
  text = g_strdup_printf (_("Status: %s → %s"), tj_case_status_label (from), tj_case_status_label (new_status));
  if (!tj_case_add_event (store, ctx, id, "status", text, extra, error))
    goto fail;
  return tj_store_commit (store, error);

fail:
  tj_store_rollback (store);
  return FALSE;
}

static JsonArray *
timeline (TjStore     *store,
          const char  *case_id,
          gboolean     with_audit,
          GError     **error)
{
  g_autoptr(JsonArray) ids = NULL;
  JsonArray *out;

  if (!tj_case_attach (store, error))
    return NULL;
  /* With the access log's entries of the case (tj-audit.h), merged by
   * time. */
  ids = child_ids (store, case_id, with_audit ? NULL : "event", TRUE, error);
  if (ids == NULL)
    return NULL;
  out = json_array_new ();
  for (guint i = 0; i < json_array_get_length (ids); i++)
    {
      g_autoptr(JsonObject) e = tj_store_get (store, json_array_get_string_element (ids, i), NULL,
                                              TJ_GET_NONE, NULL);
      JsonObject *row;

      if (e == NULL)
        continue;
      row = public_copy (e);
      if (g_strcmp0 (tj_json_get_string (e, "type", NULL), "audit") == 0)
        {
          g_autofree char *text = tj_audit_describe (e);
          json_object_set_string_member (row, "kind", "audit");
          json_object_set_string_member (row, "audit_action", tj_json_get_string (e, "action", ""));
          json_object_set_string_member (row, "text", text);
        }
      json_array_add_object_element (out, row);
    }
  return out;
}

JsonArray *
tj_case_timeline (TjStore     *store,
                  const char  *case_id,
                  GError     **error)
{
  return timeline (store, case_id, FALSE, error);
}

JsonArray *
tj_case_timeline_full (TjStore     *store,
                       const char  *case_id,
                       GError     **error)
{
  return timeline (store, case_id, TRUE, error);
}

/* ------------------------------------------------------------------ */
/* CSV import                                                           */

static const char * const col_case[] = { "case", "case_ref", "案件", "案件编号", "序号组", NULL };
static const char * const col_title[] = { "title", "标题", "案由", NULL };
static const char * const col_kind[] = { "kind", "类型", "争议类型", NULL };
static const char * const col_source[] = { "source", "来源", NULL };
static const char * const col_received[] = { "received_on", "收案日期", "受理日期", "日期", NULL };
static const char * const col_employer[] = { "employer", "employer_name", "用人单位", "单位名称", "公司", NULL };
static const char * const col_credit[] = { "credit_code", "统一社会信用代码", "信用代码", NULL };
static const char * const col_name[] = { "name", "worker", "姓名", "职工姓名", NULL };
static const char * const col_id[] = { "id_number", "身份证号", "身份证号码", "身份证", NULL };
static const char * const col_phone[] = { "phone", "电话", "手机", "联系电话", "手机号", NULL };
static const char * const col_job[] = { "job", "工种", "岗位", NULL };
static const char * const col_wage[] = { "monthly_wage", "月工资", "工资", NULL };
static const char * const col_owed[] = { "owed", "欠薪金额", "欠薪", "拖欠金额", "金额", NULL };
static const char * const col_facts[] = { "facts", "事实", "情况", "备注", NULL };

static const char *
cell (GStrv row,
      int   col)
{
  if (col < 0)
    return NULL;
  for (int i = 0; i <= col; i++)
    if (row[i] == NULL)
      return NULL;
  return *row[col] ? row[col] : NULL;
}

/* Kind and source may be written in Chinese in a spreadsheet. */
static const char *
code_of (const char         *value,
         const char * const *codes,
         const char *      (*label) (const char *))
{
  for (guint i = 0; value && codes[i]; i++)
    if (g_str_equal (value, codes[i]) || g_str_equal (value, label (codes[i])))
      return codes[i];
  return value;
}

JsonObject *
tj_case_import_csv (TjStore             *store,
                    const TjCaseContext *ctx,
                    const char          *data,
                    gsize                length,
                    GError             **error)
{
  g_autoptr(TjCsv) csv = tj_csv_parse (data, length, error);
  g_autoptr(GHashTable) groups = NULL;  /* key -> JsonObject (input) */
  g_autoptr(GPtrArray) order = NULL;    /* keys in file order */
  g_autoptr(GPtrArray) errors = NULL;
  g_autoptr(GHashTable) group_line = NULL;
  JsonObject *out;
  JsonArray *cases;
  GStrv header;
  int c_case, c_title, c_kind, c_source, c_received, c_employer, c_credit, c_name, c_id, c_phone,
      c_job, c_wage, c_owed, c_facts;

  if (csv == NULL)
    return NULL;
  if (csv->rows->len < 2)
    {
      g_set_error (error, TJ_ERROR, TJ_ERROR_INVALID,
                   _("The file has no data rows: the first row must name the columns, the rows below hold the cases"));
      return NULL;
    }
  header = g_ptr_array_index (csv->rows, 0);
  c_case = tj_csv_find_column (header, col_case);
  c_title = tj_csv_find_column (header, col_title);
  c_kind = tj_csv_find_column (header, col_kind);
  c_source = tj_csv_find_column (header, col_source);
  c_received = tj_csv_find_column (header, col_received);
  c_employer = tj_csv_find_column (header, col_employer);
  c_credit = tj_csv_find_column (header, col_credit);
  c_name = tj_csv_find_column (header, col_name);
  c_id = tj_csv_find_column (header, col_id);
  c_phone = tj_csv_find_column (header, col_phone);
  c_job = tj_csv_find_column (header, col_job);
  c_wage = tj_csv_find_column (header, col_wage);
  c_owed = tj_csv_find_column (header, col_owed);
  c_facts = tj_csv_find_column (header, col_facts);
  if (c_employer < 0 && c_title < 0)
    {
      g_set_error (error, TJ_ERROR, TJ_ERROR_INVALID,
                   _("Line %u: no employer (用人单位) or title (标题) column was found in the header"),
                   g_array_index (csv->lines, guint, 0));
      return NULL;
    }

  groups = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) json_object_unref);
  group_line = g_hash_table_new (g_str_hash, g_str_equal);
  order = g_ptr_array_new ();
  errors = g_ptr_array_new_with_free_func (g_free);

  for (guint r = 1; r < csv->rows->len; r++)
    {
      GStrv row = g_ptr_array_index (csv->rows, r);
      guint line = g_array_index (csv->lines, guint, r);
      g_autofree char *key = NULL;
      JsonObject *input;
      const char *employer = cell (row, c_employer);

      if (cell (row, c_case))
        key = g_strdup (cell (row, c_case));
      else
        key = g_strdup_printf ("%s|%s|%s", employer ? employer : "",
                               cell (row, c_received) ? cell (row, c_received) : "",
                               cell (row, c_title) ? cell (row, c_title) : "");
      input = g_hash_table_lookup (groups, key);
      if (input == NULL)
        {
          input = json_object_new ();
          json_object_set_string_member (input, "kind",
                                         code_of (cell (row, c_kind) ? cell (row, c_kind) : "wage_arrears",
                                                  kinds, tj_case_kind_label));
          json_object_set_string_member (input, "source",
                                         code_of (cell (row, c_source) ? cell (row, c_source) : "referral",
                                                  sources, tj_case_source_label));
          if (cell (row, c_title))
            json_object_set_string_member (input, "title", cell (row, c_title));
          if (cell (row, c_received))
            json_object_set_string_member (input, "received_on", cell (row, c_received));
          if (cell (row, c_facts))
            json_object_set_string_member (input, "facts", cell (row, c_facts));
          if (employer)
            {
              JsonObject *e = json_object_new ();
              json_object_set_string_member (e, "name", employer);
              if (cell (row, c_credit))
                json_object_set_string_member (e, "credit_code", cell (row, c_credit));
              json_object_set_object_member (input, "employer", e);
            }
          json_object_set_array_member (input, "workers", json_array_new ());
          /* groups owns the key; order and group_line borrow it. */
          g_ptr_array_add (order, key);
          g_hash_table_insert (group_line, key, GUINT_TO_POINTER (line));
          g_hash_table_insert (groups, g_steal_pointer (&key), input);
        }

      if (cell (row, c_name))
        {
          JsonObject *w = json_object_new ();
          json_object_set_string_member (w, "name", cell (row, c_name));
          if (cell (row, c_id))
            json_object_set_string_member (w, "id_number", cell (row, c_id));
          if (cell (row, c_phone))
            json_object_set_string_member (w, "phone", cell (row, c_phone));
          if (cell (row, c_job))
            json_object_set_string_member (w, "job", cell (row, c_job));
          {
            const int cols[2] = { c_wage, c_owed };
            const char *members[2] = { "monthly_wage_fen", "owed_fen" };
            for (int k = 0; k < 2; k++)
              if (cell (row, cols[k]))
                {
                  g_autoptr(GError) perr = NULL;
                  gint64 fen;
                  if (tj_money_parse (cell (row, cols[k]), &fen, &perr))
                    json_object_set_int_member (w, members[k], fen);
                  else
                    g_ptr_array_add (errors, g_strdup_printf (_("Row %u: %s: %s"), line, header[cols[k]],
                                                              perr->message));
                }
          }
          json_array_add_object_element (tj_json_get_array (input, "workers"), w);
          json_object_set_int_member (w, "_line", line);
        }
    }

  /* Validate every case; report row numbers. */
  for (guint i = 0; i < order->len; i++)
    {
      JsonObject *input = g_hash_table_lookup (groups, g_ptr_array_index (order, i));
      g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func (g_free);
      TjCheck check = { problems };
      JsonArray *workers = tj_json_get_array (input, "workers");

      validate_input (&check, input);
      for (guint k = 0; k < problems->len; k++)
        {
          const char *msg = g_ptr_array_index (problems, k);
          guint line = GPOINTER_TO_UINT (g_hash_table_lookup (group_line, g_ptr_array_index (order, i)));
          unsigned idx;
          /* Map "workers[N]…" back to the row the worker came from. */
          if (sscanf (msg, "workers[%u]", &idx) == 1 && idx < json_array_get_length (workers))
            line = (guint) tj_json_get_int (json_array_get_object_element (workers, idx), "_line", line);
          g_ptr_array_add (errors, g_strdup_printf (_("Row %u: %s"), line, msg));
        }
    }
  if (errors->len > 0)
    {
      g_autoptr(GString) msg = g_string_new (NULL);
      g_string_append_printf (msg, _("Nothing was imported; fix these rows: "));
      for (guint i = 0; i < errors->len; i++)
        g_string_append_printf (msg, "%s%s", i ? "; " : "", (char *) g_ptr_array_index (errors, i));
      g_set_error_literal (error, TJ_ERROR, TJ_ERROR_INVALID, msg->str);
      return NULL;
    }

  if (!tj_case_attach (store, error) || !tj_store_begin (store, error))
    return NULL;
  cases = json_array_new ();
  for (guint i = 0; i < order->len; i++)
    {
      JsonObject *input = g_hash_table_lookup (groups, g_ptr_array_index (order, i));
      g_autofree char *id = tj_store_new_id ();
      g_autofree char *number = NULL;
      JsonObject *c;
      JsonArray *workers = tj_json_get_array (input, "workers");

      for (guint k = 0; k < json_array_get_length (workers); k++)
        json_object_remove_member (json_array_get_object_element (workers, k), "_line");
      if (!write_case (store, ctx, input, id, &number, error))
        {
          tj_store_rollback (store);
          json_array_unref (cases);
          return NULL;
        }
      c = json_object_new ();
      json_object_set_string_member (c, "id", id);
      json_object_set_string_member (c, "number", number);
      json_array_add_object_element (cases, c);
    }
  if (!tj_store_commit (store, error))
    {
      json_array_unref (cases);
      return NULL;
    }
  out = json_object_new ();
  json_object_set_int_member (out, "imported", json_array_get_length (cases));
  json_object_set_array_member (out, "cases", cases);
  return out;
}

/* ------------------------------------------------------------------ */
/* Later edits and evidence                                             */

static const char * const party_roles[] = {
  "worker", "employer", "project_owner", "general_contractor", "subcontractor", "team_leader",
  "agent", "representative", NULL
};

static JsonObject *
load_typed (TjStore     *store,
            const char  *id,
            const char  *type,
            GError     **error)
{
  JsonObject *doc = tj_store_get (store, id, NULL, TJ_GET_NONE, error);
  if (doc && g_strcmp0 (tj_json_get_string (doc, "type", NULL), type) != 0)
    {
      g_set_error (error, TJ_ERROR, TJ_ERROR_NOT_FOUND, _("%s is not a %s"), id, type);
      g_clear_pointer (&doc, json_object_unref);
    }
  return doc;
}

static gboolean
finish_check (GPtrArray  *errors,
              GError    **error)
{
  TjCheck check = { errors };
  return tj_check_finish (&check, error);
}

/* Validates a party by its role, prefixing messages with @prefix. */
static void
validate_party (TjCheck    *check,
                const char *role,
                JsonObject *party,
                const char *prefix)
{
  if (g_strcmp0 (role, "worker") == 0)
    validate_worker (check, party, prefix);
  else if (g_strcmp0 (role, "agent") == 0 || g_strcmp0 (role, "representative") == 0)
    {
      g_autofree char *f_name = g_strconcat (prefix, ".name", NULL);
      g_autofree char *f_phone = g_strconcat (prefix, ".phone", NULL);
      g_autofree char *f_represents = g_strconcat (prefix, ".represents", NULL);
      tj_check_string (check, party, "name", f_name, TRUE);
      check_represents (check, party, f_represents);
      check_phone (check, party, f_phone);
    }
  else
    validate_org (check, party, prefix);
}

/* The labels of the changed members, in the writer's language. */
static char *
join_labels (GPtrArray *fields)
{
  g_autoptr(GPtrArray) names = g_ptr_array_new ();

  for (guint i = 0; i < fields->len; i++)
    g_ptr_array_add (names, fields->pdata[i]);
  g_ptr_array_add (names, NULL);
  return tj_field_labels_join ((const char * const *) names->pdata);
}

/* An edit's timeline event keeps the changed members ("fields") beside its
 * text, so that a reader in another language sees the labels in theirs. */
static gboolean
add_fields_event (TjStore             *store,
                  const TjCaseContext *ctx,
                  const char          *case_id,
                  const char          *kind,
                  const char          *text,
                  GPtrArray           *fields,
                  JsonObject          *extra,
                  GError             **error)
{
  g_autoptr(JsonObject) all = extra ? json_object_ref (extra) : json_object_new ();
  JsonArray *names = json_array_new ();

  for (guint i = 0; fields && i < fields->len; i++)
    json_array_add_string_element (names, fields->pdata[i]);
  json_object_set_array_member (all, "fields", names);
  return tj_case_add_event (store, ctx, case_id, kind, text, all, error);
}

static gint64
next_position (TjStore     *store,
               const char  *case_id,
               GError     **error)
{
  sqlite3_stmt *st = tj_store_statement (store,
                                         "SELECT COALESCE(MAX(CAST(sort_key AS INTEGER)), -1) + 1 FROM case_children "
                                         "WHERE case_id = ? AND type IN ('party', 'claim')", error);
  gint64 pos = 0;
  if (st == NULL)
    return -1;
  sqlite3_bind_text (st, 1, case_id, -1, SQLITE_STATIC);
  if (sqlite3_step (st) == SQLITE_ROW)
    pos = sqlite3_column_int64 (st, 0);
  sqlite3_reset (st);
  return pos;
}

/* ------------------------------------------------------------------ */
/* The contractor chain as a whole                                      */

/* The chain party documents of a case, in legal order. */
static JsonArray *
load_chain (TjStore     *store,
            const char  *case_id,
            GError     **error)
{
  g_autoptr(JsonArray) ids = child_ids (store, case_id, "party", FALSE, error);
  g_autoptr(JsonArray) docs = NULL;

  if (ids == NULL)
    return NULL;
  docs = json_array_new ();
  for (guint i = 0; i < json_array_get_length (ids); i++)
    {
      g_autoptr(JsonObject) doc = tj_store_get (store, json_array_get_string_element (ids, i), NULL,
                                                TJ_GET_NONE, error);
      if (doc == NULL)
        return NULL;
      if (tj_chain_is_role (tj_json_get_string (doc, "role", NULL)))
        json_array_add_object_element (docs, g_steal_pointer (&doc));
    }
  return tj_chain_sort (docs);
}

/* A stored link as the interchange JSON has it: its members and its id. */
static JsonObject *
public_link (JsonObject *doc)
{
  JsonObject *link = json_object_new ();

  json_object_set_string_member (link, "id", tj_json_get_string (doc, "_id", ""));
  json_object_set_string_member (link, "role", tj_json_get_string (doc, "role", ""));
  copy_members (link, doc, chain_members);
  return link;
}

/* Writes @links (top-down, each the whole of a link; "id" names a stored
 * one) as the case's chain: validates the chain as a whole, numbers the
 * tiers, updates what changed, adds the new links (setting their "id")
 * and deletes the stored links not listed. Inside the caller's
 * transaction; nothing is written when it is refused. */
static char *party_references (TjStore *store, const char *case_id, const char *party_id, const char *name,
                               GError **error);

static gboolean
save_chain (TjStore     *store,
            const char  *case_id,
            JsonObject  *case_doc,
            JsonArray   *links,
            GError     **error)
{
  g_autoptr(GPtrArray) errors = g_ptr_array_new_with_free_func (g_free);
  TjCheck check = { errors };
  g_autoptr(JsonArray) stored = NULL;
  g_autoptr(GHashTable) by_id = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                                       (GDestroyNotify) json_object_unref);
  gint64 position;

  stored = load_chain (store, case_id, error);
  if (stored == NULL)
    return FALSE;
  for (guint i = 0; i < json_array_get_length (stored); i++)
    {
      JsonObject *doc = json_array_get_object_element (stored, i);
      g_hash_table_insert (by_id, (gpointer) tj_json_get_string (doc, "_id", ""), json_object_ref (doc));
    }

  for (guint i = 0; i < json_array_get_length (links); i++)
    {
      JsonNode *node = json_array_get_element (links, i);
      g_autofree char *f = g_strdup_printf ("chain[%u]", i);
      g_autofree char *f_role = g_strdup_printf ("chain[%u].role", i);
      JsonObject *c = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
      const char *role, *id;

      if (c == NULL)
        {
          tj_check_problem (&check, _("%s: must be an object"), f);
          continue;
        }
      role = tj_check_string (&check, c, "role", f_role, TRUE);
      if (role && !tj_chain_is_role (role))
        tj_check_problem (&check, _("%s: “%s” is not one of project_owner, general_contractor, subcontractor, team_leader"),
                          f_role, role);
      validate_org (&check, c, f);
      id = tj_json_get_string (c, "id", NULL);
      if (id && !g_hash_table_contains (by_id, id))
        tj_check_problem (&check, _("%s.id: %s is not a member of this case’s contractor chain"), f, id);
    }
  tj_chain_check (&check, links, tj_json_get_bool (case_doc, "illegal_project", FALSE));
  if (!tj_check_finish (&check, error))
    return FALSE;

  tj_chain_number_tiers (links);
  position = next_position (store, case_id, error);
  if (position < 0)
    return FALSE;
  for (guint i = 0; i < json_array_get_length (links); i++)
    {
      JsonObject *c = json_array_get_object_element (links, i);
      const char *id = tj_json_get_string (c, "id", NULL);
      const char *role = tj_json_get_string (c, "role", "");

      if (id)
        {
          JsonObject *doc = g_hash_table_lookup (by_id, id);
          g_autoptr(JsonObject) updated = tj_json_object_copy (doc);
          g_autofree char *before = tj_json_canonical_object (doc);
          g_autofree char *after = NULL;

          for (guint k = 0; chain_members[k]; k++)
            if (json_object_has_member (updated, chain_members[k]))
              json_object_remove_member (updated, chain_members[k]);
          copy_members (updated, c, chain_members);
          json_object_set_string_member (updated, "role", role);
          if (json_object_has_member (updated, "credit_code"))
            {
              g_autofree char *up = g_ascii_strup (tj_json_get_string (updated, "credit_code", ""), -1);
              json_object_set_string_member (updated, "credit_code", up);
            }
          after = tj_json_canonical_object (updated);
          if (!g_str_equal (before, after))
            {
              g_autofree char *rev = tj_store_put (store, updated, NULL, error);
              if (rev == NULL)
                return FALSE;
            }
          g_hash_table_remove (by_id, id);
        }
      else
        {
          g_autofree char *new_id = NULL;
          if (!put_party (store, case_id, role, c, chain_members, position++, &new_id, error))
            return FALSE;
          json_object_set_string_member (c, "id", new_id);
        }
    }

  /* The links left out are no longer in the chain. */
  {
    GHashTableIter iter;
    JsonObject *doc;

    g_hash_table_iter_init (&iter, by_id);
    while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &doc))
      {
        g_autofree char *rev = NULL;
        /* A link the settlement or a payment names stays (it would print
         * in the agreement as a party the case no longer has). */
        g_autofree char *reason = party_references (store, case_id, tj_json_get_string (doc, "_id", ""),
                                                    tj_json_get_string (doc, "name", ""), error);
        if (reason == NULL)
          return FALSE;
        if (*reason)
          {
            g_set_error_literal (error, TJ_ERROR, TJ_ERROR_CONFLICT, reason);
            return FALSE;
          }
        rev = tj_store_delete (store, tj_json_get_string (doc, "_id", ""), tj_json_get_string (doc, "_rev", ""), error);
        if (rev == NULL)
          return FALSE;
      }
  }
  return TRUE;
}

/* The stored chain as links, with @patched (an id) replaced by @with
 * (NULL: left as it is) and @added inserted where its role and tier put
 * it (NULL: nothing added). */
static JsonArray *
chain_with (JsonArray  *stored,
            const char *patched,
            JsonObject *with,
            JsonObject *added)
{
  g_autoptr(JsonArray) links = json_array_new ();
  gint64 tier = 0, sub_count = 0;

  for (guint i = 0; i < json_array_get_length (stored); i++)
    {
      JsonObject *doc = json_array_get_object_element (stored, i);
      if (patched && g_strcmp0 (tj_json_get_string (doc, "_id", NULL), patched) == 0 && with)
        json_array_add_object_element (links, json_object_ref (with));
      else
        json_array_add_object_element (links, public_link (doc));
    }
  if (added == NULL)
    return g_steal_pointer (&links);

  /* A new subcontractor goes to the tier asked for (pushing those below
   * it down one), by default to the bottom of the subcontractors. */
  for (guint i = 0; i < json_array_get_length (links); i++)
    if (g_strcmp0 (tj_json_get_string (json_array_get_object_element (links, i), "role", NULL),
                   "subcontractor") == 0)
      sub_count++;
  tier = tj_json_get_int (added, "tier", sub_count + 1);
  if (g_strcmp0 (tj_json_get_string (added, "role", NULL), "subcontractor") == 0)
    json_object_set_int_member (added, "tier", MIN (MAX (tier, 1), sub_count + 1));
  {
    JsonArray *sorted;
    g_autoptr(JsonArray) all = json_array_new ();
    gint64 seen = 0;

    /* Number the stored subcontractors by their place, leaving room for
     * the new one at its tier. */
    for (guint i = 0; i < json_array_get_length (links); i++)
      {
        JsonObject *l = json_array_get_object_element (links, i);
        if (g_strcmp0 (tj_json_get_string (l, "role", NULL), "subcontractor") == 0)
          {
            seen++;
            json_object_set_int_member (l, "tier", seen >= tj_json_get_int (added, "tier", 0) &&
                                                   g_strcmp0 (tj_json_get_string (added, "role", NULL), "subcontractor") == 0
                                                   ? seen + 1 : seen);
          }
        json_array_add_object_element (all, json_object_ref (l));
      }
    json_array_add_object_element (all, json_object_ref (added));
    /* A second link of a role that has one goes below the first, where
     * the check names it. Tiers are numbered again when saved. */
    sorted = tj_chain_sort (all);
    return sorted;
  }
}


gboolean
tj_case_update (TjStore             *store,
                const TjCaseContext *ctx,
                const char          *id,
                JsonObject          *patch,
                GError             **error)
{
  static const char * const editable[] = {
    "title", "kind", "source", "received_on", "accepted_on", "knew_on", "employment_ended_on",
    "employment_ongoing", "facts", "layoff", "layoff_size", "hotline_ref", "illegal_project",
    "referred_by", "referral_ref", "limitation_restarted_on", "arbitration_applied_on", "arbitration_accepted_on", NULL
  };
  static const char * const dates[] = {
    "received_on", "accepted_on", "knew_on", "employment_ended_on", "limitation_restarted_on",
    "arbitration_applied_on", "arbitration_accepted_on", NULL
  };
  g_autoptr(GPtrArray) errors = g_ptr_array_new_with_free_func (g_free);
  TjCheck check = { errors };
  g_autoptr(JsonObject) doc = NULL;
  g_autoptr(GList) members = json_object_get_members (patch);
  g_autoptr(GPtrArray) changed = g_ptr_array_new ();
  g_autofree char *rev = NULL;

  for (GList *l = members; l; l = l->next)
    {
      const char *m = l->data;
      JsonNode *node = json_object_get_member (patch, m);
      if (!in_list (m, editable))
        {
          tj_check_problem (&check, _("%s: cannot be changed here"), m);
          continue;
        }
      if (JSON_NODE_HOLDS_NULL (node))
        continue;
      if (in_list (m, dates))
        tj_check_date (&check, patch, m, m, FALSE);
      else if (g_str_equal (m, "kind"))
        {
          const char *kind = tj_check_string (&check, patch, m, m, TRUE);
          if (kind && !in_list (kind, kinds))
            tj_check_problem (&check, _("kind: “%s” is not a dispute kind"), kind);
        }
      else if (g_str_equal (m, "source"))
        {
          const char *source = tj_check_string (&check, patch, m, m, TRUE);
          if (source && !in_list (source, sources))
            tj_check_problem (&check, _("source: “%s” is not an intake channel"), source);
        }
      else if (g_str_equal (m, "title"))
        tj_check_string (&check, patch, m, m, TRUE);
      else if (g_str_equal (m, "facts") || g_str_equal (m, "hotline_ref") ||
               g_str_equal (m, "referred_by") || g_str_equal (m, "referral_ref"))
        tj_check_string (&check, patch, m, m, FALSE);
      else if (g_str_equal (m, "layoff_size"))
        check_count (&check, patch, m, m, 1, 1000000);
      else if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_BOOLEAN)
        tj_check_problem (&check, _("%s: must be true or false"), m);
    }
  if (!tj_check_finish (&check, error))
    return FALSE;

  if (!tj_case_attach (store, error) || !tj_store_begin (store, error))
    return FALSE;
  doc = load_typed (store, id, "case", error);
  if (doc == NULL)
    goto fail;
  for (GList *l = members; l; l = l->next)
    {
      JsonNode *node = json_object_get_member (patch, l->data);
      JsonNode *old = json_object_get_member (doc, l->data);
      g_autofree char *a = old ? tj_json_canonical (old) : NULL;
      g_autofree char *b = tj_json_canonical (node);

      if (JSON_NODE_HOLDS_NULL (node))
        {
          if (old == NULL)
            continue;
          json_object_remove_member (doc, l->data);
        }
      else if (g_strcmp0 (a, b) == 0)
        continue;
      else
        json_object_set_member (doc, l->data, json_node_copy (node));
      g_ptr_array_add (changed, l->data);
    }
  if (changed->len == 0)
    {
      tj_store_rollback (store);
      return TRUE; /* nothing to save: not an edit */
    }
  if (tj_json_get_bool (doc, "illegal_project", FALSE))
    {
      /* Art. 37 makes the owner pay: the chain must have one. */
      g_autoptr(JsonArray) stored = load_chain (store, id, error);
      if (stored == NULL)
        goto fail;
      tj_chain_check (&check, stored, TRUE);
      if (!tj_check_finish (&check, error))
        goto fail;
    }
  rev = tj_store_put (store, doc, NULL, error);
  if (rev == NULL)
    goto fail;
  {
    g_autofree char *labels = join_labels (changed);
    g_autofree char *text = g_strdup_printf (_("Case details changed: %s"), labels);
    if (!add_fields_event (store, ctx, id, "edited", text, changed, NULL, error))
      goto fail;
  }
  return tj_store_commit (store, error);

fail:
  tj_store_rollback (store);
  return FALSE;
}



char *
tj_case_add_party (TjStore             *store,
                   const TjCaseContext *ctx,
                   const char          *case_id,
                   const char          *role,
                   JsonObject          *party,
                   GError             **error)
{
  g_autoptr(GPtrArray) errors = g_ptr_array_new_with_free_func (g_free);
  TjCheck check = { errors };
  g_autoptr(JsonObject) c = NULL;
  char *id = NULL;
  gint64 pos;

  if (!in_list (role, party_roles))
    {
      g_set_error (error, TJ_ERROR, TJ_ERROR_INVALID, _("role: “%s” is not a party role"), role ? role : "");
      return NULL;
    }
  validate_party (&check, role, party, role);
  if (!tj_check_finish (&check, error))
    return NULL;

  if (!tj_case_attach (store, error) || !tj_store_begin (store, error))
    return NULL;
  c = load_typed (store, case_id, "case", error);
  if (c == NULL)
    goto fail;

  /* The same worker twice on one case is a mistake, not a second person. */
  if (g_str_equal (role, "worker") && tj_json_get_string (party, "id_number", NULL) &&
      *tj_json_get_string (party, "id_number", ""))
    {
      g_autofree char *norm = tj_normalize_id_number (tj_json_get_string (party, "id_number", NULL));
      sqlite3_stmt *st = tj_store_statement (store, "SELECT name FROM case_people WHERE case_id = ? AND id_number = ?", error);
      if (st == NULL)
        goto fail;
      sqlite3_bind_text (st, 1, case_id, -1, SQLITE_STATIC);
      sqlite3_bind_text (st, 2, norm, -1, SQLITE_STATIC);
      if (sqlite3_step (st) == SQLITE_ROW)
        {
          g_set_error (error, TJ_ERROR, TJ_ERROR_INVALID,
                       _("worker.id_number: %s is already on this case with the same ID number"),
                       (const char *) sqlite3_column_text (st, 0));
          sqlite3_reset (st);
          goto fail;
        }
      sqlite3_reset (st);
    }

  if (tj_chain_is_role (role))
    {
      /* A link joins the chain where its role (and tier) puts it, and the
       * chain must still hold together. */
      g_autoptr(JsonArray) stored = load_chain (store, case_id, error);
      g_autoptr(JsonArray) links = NULL;
      g_autoptr(JsonObject) added = json_object_new ();

      if (stored == NULL)
        goto fail;
      copy_members (added, party, chain_members);
      json_object_set_string_member (added, "role", role);
      links = chain_with (stored, NULL, NULL, added);
      if (!save_chain (store, case_id, c, links, error))
        goto fail;
      id = g_strdup (tj_json_get_string (added, "id", NULL));
    }
  else
    {
      pos = next_position (store, case_id, error);
      if (pos < 0)
        goto fail;
      if (!put_party (store, case_id, role, party, members_for_role (role), pos, &id, error))
        goto fail;
    }
  {
    g_autofree char *text = g_strdup_printf (_("Party added: %s"), tj_json_get_string (party, "name", ""));
    if (!tj_case_add_event (store, ctx, case_id, "party_added", text, NULL, error))
      goto fail;
  }
  if (!tj_store_commit (store, error))
    {
      g_free (id);
      return NULL;
    }
  return id;

fail:
  g_free (id);
  tj_store_rollback (store);
  return NULL;
}

/* Roles a party may move between: a contractor entered as the project
 * owner by mistake becomes the general contractor (the chain places it
 * again), an agent the workers' representative. A worker is a person with
 * wages and arrears, the employer the other side of the labour relation:
 * neither becomes something else — that is a new party, not a new role. */
static int
role_family (const char *role)
{
  if (g_strcmp0 (role, "agent") == 0 || g_strcmp0 (role, "representative") == 0)
    return 1;
  if (tj_chain_is_role (role))
    return 2;
  if (g_strcmp0 (role, "employer") == 0)
    return 3;
  return 0;
}

/* The timeline of a chain link's edit: its role change, and the fields
 * changed by their labels. */
static gboolean
chain_edit_events (TjStore             *store,
                   const TjCaseContext *ctx,
                   const char          *case_id,
                   const char          *party_id,
                   JsonObject          *before,
                   JsonObject          *after,
                   GError             **error)
{
  g_autoptr(GPtrArray) changed = g_ptr_array_new ();
  const char *from = tj_json_get_string (before, "role", "");
  const char *to = tj_json_get_string (after, "role", from);
  const char *name = tj_json_get_string (after, "name", "");

  for (guint i = 0; chain_members[i]; i++)
    {
      JsonNode *a = json_object_get_member (before, chain_members[i]);
      JsonNode *b = json_object_get_member (after, chain_members[i]);
      g_autofree char *ta = a ? tj_json_canonical (a) : NULL;
      g_autofree char *tb = b ? tj_json_canonical (b) : NULL;

      /* The tier follows the role and the place in the chain. */
      if (!g_str_equal (chain_members[i], "tier") && g_strcmp0 (ta, tb) != 0)
        g_ptr_array_add (changed, (gpointer) chain_members[i]);
    }
  if (!g_str_equal (from, to))
    {
      g_autoptr(JsonObject) extra = json_object_new ();
      g_autofree char *text = g_strdup_printf (_("Role changed: %s, %s → %s"), name, tj_party_role_label (from),
                                               tj_party_role_label (to));
      json_object_set_string_member (extra, "party_id", party_id);
      json_object_set_string_member (extra, "name", name);
      json_object_set_string_member (extra, "from_role", from);
      json_object_set_string_member (extra, "to_role", to);
      if (!tj_case_add_event (store, ctx, case_id, "party_role", text, extra, error))
        return FALSE;
    }
  if (changed->len > 0)
    {
      g_autoptr(JsonObject) extra = json_object_new ();
      g_autofree char *labels = join_labels (changed);
      g_autofree char *text = g_strdup_printf (_("Party details changed: %s (%s)"), name, labels);
      json_object_set_string_member (extra, "party_id", party_id);
      json_object_set_string_member (extra, "name", name);
      if (!add_fields_event (store, ctx, case_id, "party_edited", text, changed, extra, error))
        return FALSE;
    }
  return TRUE;
}

gboolean
tj_case_update_party (TjStore             *store,
                      const TjCaseContext *ctx,
                      const char          *party_id,
                      JsonObject          *party,
                      GError             **error)
{
  g_autoptr(GPtrArray) errors = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) changed = g_ptr_array_new ();
  TjCheck check = { errors };
  g_autoptr(JsonObject) doc = NULL;
  g_autoptr(JsonObject) merged = NULL;
  g_autofree char *rev = NULL;
  const char *role, *new_role = NULL, *case_id;
  const char * const *members;

  if (json_object_has_member (party, "role"))
    {
      new_role = tj_json_get_string (party, "role", NULL);
      if (!in_list (new_role, party_roles))
        {
          g_set_error (error, TJ_ERROR, TJ_ERROR_INVALID, _("role: “%s” is not a party role"),
                       new_role ? new_role : "");
          return FALSE;
        }
    }

  if (!tj_case_attach (store, error) || !tj_store_begin (store, error))
    return FALSE;
  doc = load_typed (store, party_id, "party", error);
  if (doc == NULL)
    goto fail;
  role = tj_json_get_string (doc, "role", "worker");
  case_id = tj_json_get_string (doc, "case_id", "");
  if (new_role && g_str_equal (new_role, role))
    new_role = NULL;
  if (new_role && role_family (new_role) != role_family (role))
    {
      g_set_error (error, TJ_ERROR, TJ_ERROR_INVALID,
                   _("role: %s cannot change from %s to %s; delete the party and add it again in its role"),
                   tj_json_get_string (doc, "name", party_id), tj_party_role_label (role),
                   tj_party_role_label (new_role));
      goto fail;
    }
  members = members_for_role (new_role ? new_role : role);

  if (tj_chain_is_role (role))
    {
      /* A link is edited as part of its chain (its role too), which must
       * still hold together afterwards. */
      g_autoptr(JsonObject) case_doc = load_typed (store, tj_json_get_string (doc, "case_id", ""), "case", error);
      g_autoptr(JsonArray) stored = NULL;
      g_autoptr(JsonArray) links = NULL;
      g_autoptr(JsonObject) link = NULL;
      g_autoptr(GList) names = json_object_get_members (party);
      const char *new_role;

      if (case_doc == NULL)
        goto fail;
      stored = load_chain (store, tj_json_get_string (doc, "case_id", ""), error);
      if (stored == NULL)
        goto fail;
      link = public_link (doc);
      for (GList *l = names; l; l = l->next)
        {
          JsonNode *node = json_object_get_member (party, l->data);
          if (!g_str_equal (l->data, "role") && !g_strv_contains (chain_members, l->data))
            continue;
          if (JSON_NODE_HOLDS_NULL (node))
            {
              if (json_object_has_member (link, l->data))
                json_object_remove_member (link, l->data);
            }
          else
            json_object_set_member (link, l->data, json_node_copy (node));
        }
      new_role = tj_json_get_string (link, "role", NULL);
      if (new_role == NULL || !tj_chain_is_role (new_role))
        {
          g_set_error (error, TJ_ERROR, TJ_ERROR_INVALID,
                       _("role: “%s” is not one of project_owner, general_contractor, subcontractor, team_leader"),
                       new_role ? new_role : "");
          goto fail;
        }
      /* A link that changes role, or a subcontractor given another tier,
       * moves: the roles and tiers place it again. */
      if (!g_str_equal (new_role, role) ||
          (json_object_has_member (party, "tier") && !JSON_NODE_HOLDS_NULL (json_object_get_member (party, "tier")) &&
           tj_json_get_int (party, "tier", 0) != tj_json_get_int (doc, "tier", 0)))
        {
          g_autoptr(JsonArray) others = chain_with (stored, NULL, NULL, NULL);
          g_autoptr(JsonArray) rest = json_array_new ();
          for (guint i = 0; i < json_array_get_length (others); i++)
            {
              JsonObject *o = json_array_get_object_element (others, i);
              if (g_strcmp0 (tj_json_get_string (o, "id", NULL), party_id) != 0)
                json_array_add_object_element (rest, json_object_ref (o));
            }
          if (!g_str_equal (new_role, role))
            {
              /* The facts were the old role's: keep those the new role
               * can have (tj-chain.h), so that a form made for the old
               * role does not contradict the new one. */
              gboolean owner = g_str_equal (new_role, "project_owner");
              gboolean sub = g_str_equal (new_role, "subcontractor");
              gboolean leader = g_str_equal (new_role, "team_leader");
              const char *relation = tj_json_get_string (link, "relation", NULL);

              if (!sub && json_object_has_member (link, "tier"))
                json_object_remove_member (link, "tier");
              if (sub && !json_object_has_member (party, "tier") && json_object_has_member (link, "tier"))
                json_object_remove_member (link, "tier");
              if (!owner && json_object_has_member (link, "unpaid_price_fen"))
                json_object_remove_member (link, "unpaid_price_fen");
              if (!owner && json_object_has_member (link, "illegal_project"))
                json_object_remove_member (link, "illegal_project");
              if ((owner || leader) && json_object_has_member (link, "name_lent"))
                json_object_remove_member (link, "name_lent");
              if ((owner || leader) && json_object_has_member (link, "qualified"))
                json_object_remove_member (link, "qualified");
              if (relation && !g_strv_contains (tj_chain_relations_for (new_role), relation))
                json_object_remove_member (link, "relation");
            }
          {
            JsonArray *placed;
            g_autoptr(JsonArray) rest_docs = json_array_new ();
            /* chain_with() takes stored documents: hand it the others as
             * such, with their ids. */
            for (guint i = 0; i < json_array_get_length (rest); i++)
              {
                JsonObject *o = tj_json_object_copy (json_array_get_object_element (rest, i));
                json_object_set_string_member (o, "_id", tj_json_get_string (o, "id", ""));
                json_array_add_object_element (rest_docs, o);
              }
            placed = chain_with (rest_docs, NULL, NULL, link);
            links = placed;
          }
        }
      else
        links = chain_with (stored, party_id, link, NULL);
      if (!save_chain (store, tj_json_get_string (doc, "case_id", ""), case_doc, links, error))
        goto fail;
      if (!chain_edit_events (store, ctx, case_id, party_id, doc, link, error))
        goto fail;
      return tj_store_commit (store, error);
    }

  /* Validate the party as it will be after the edit. */
  merged = tj_json_object_copy (doc);
  for (guint i = 0; members[i]; i++)
    {
      JsonNode *node;

      if (g_str_equal (members[i], "role") || !json_object_has_member (party, members[i]))
        continue;
      node = json_object_get_member (party, members[i]);
      if (JSON_NODE_HOLDS_NULL (node))
        json_object_remove_member (merged, members[i]);
      else
        json_object_set_member (merged, members[i], json_node_copy (node));
    }
  validate_party (&check, new_role ? new_role : role, merged, new_role ? new_role : role);
  if (!finish_check (errors, error))
    goto fail;
  normalize_party (merged);
  if (new_role)
    json_object_set_string_member (merged, "role", new_role);

  /* What changed, for the timeline; nothing changed is not an edit. */
  for (guint i = 0; members[i]; i++)
    {
      JsonNode *a = json_object_get_member (doc, members[i]);
      JsonNode *b = json_object_get_member (merged, members[i]);
      g_autofree char *ta = a ? tj_json_canonical (a) : NULL;
      g_autofree char *tb = b ? tj_json_canonical (b) : NULL;

      if (!g_str_equal (members[i], "role") && g_strcmp0 (ta, tb) != 0)
        g_ptr_array_add (changed, (gpointer) members[i]);
    }
  if (changed->len == 0 && new_role == NULL)
    {
      tj_store_rollback (store);
      return TRUE;
    }

  rev = tj_store_put (store, merged, NULL, error);
  if (rev == NULL)
    goto fail;
  if (new_role)
    {
      g_autoptr(JsonObject) extra = json_object_new ();
      g_autofree char *text = g_strdup_printf (_("Role changed: %s, %s → %s"),
                                               tj_json_get_string (merged, "name", ""),
                                               tj_party_role_label (role), tj_party_role_label (new_role));
      json_object_set_string_member (extra, "party_id", party_id);
      json_object_set_string_member (extra, "name", tj_json_get_string (merged, "name", ""));
      json_object_set_string_member (extra, "from_role", role);
      json_object_set_string_member (extra, "to_role", new_role);
      if (!tj_case_add_event (store, ctx, case_id, "party_role", text, extra, error))
        goto fail;
    }
  if (changed->len > 0)
    {
      g_autoptr(JsonObject) extra = json_object_new ();
      g_autofree char *labels = join_labels (changed);
      /* Translators: "Party details changed: 张三 (Phone, Bank account)". */
      g_autofree char *text = g_strdup_printf (_("Party details changed: %s (%s)"),
                                               tj_json_get_string (merged, "name", ""), labels);
      json_object_set_string_member (extra, "party_id", party_id);
      json_object_set_string_member (extra, "name", tj_json_get_string (merged, "name", ""));
      if (!add_fields_event (store, ctx, case_id, "party_edited", text, changed, extra, error))
        goto fail;
    }
  return tj_store_commit (store, error);

fail:
  tj_store_rollback (store);
  return FALSE;
}

/* Why @party_id may not go: the settlement or a payment names them (the
 * agreement would print a party the case no longer has, the payments would
 * belong to no one), or a session was held with them. %NULL when nothing
 * refers to them. */
static char *
party_references (TjStore     *store,
                  const char  *case_id,
                  const char  *party_id,
                  const char  *name,
                  GError     **error)
{
  sqlite3_stmt *st = tj_store_statement (store, "SELECT id, type FROM case_children WHERE case_id = ? "
                                                "AND type IN ('settlement', 'payment', 'session')", error);
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  guint payments = 0;
  gint64 paid = 0;
  char *reason = NULL;

  if (st == NULL)
    return NULL;
  sqlite3_bind_text (st, 1, case_id, -1, SQLITE_STATIC);
  while (sqlite3_step (st) == SQLITE_ROW)
    g_ptr_array_add (ids, g_strdup ((const char *) sqlite3_column_text (st, 0)));
  sqlite3_reset (st);

  for (guint i = 0; i < ids->len && reason == NULL; i++)
    {
      g_autoptr(JsonObject) d = tj_store_get (store, ids->pdata[i], NULL, TJ_GET_NONE, NULL);
      const char *type = d ? tj_json_get_string (d, "type", "") : "";
      gboolean agreed = d && g_strcmp0 (tj_json_get_string (d, "status", NULL), "agreed") == 0;

      if (d == NULL)
        continue;
      if (g_str_equal (type, "payment"))
        {
          if (g_strcmp0 (tj_json_get_string (d, "worker_id", NULL), party_id) == 0)
            {
              payments++;
              paid += tj_json_get_int (d, "amount_fen", 0);
            }
        }
      else if (g_str_equal (type, "session"))
        {
          if (g_strcmp0 (tj_json_get_string (d, "party_id", NULL), party_id) == 0)
            reason = g_strdup_printf (_("%s cannot be deleted: a mediation session was held with them"), name);
        }
      else
        {
          JsonArray *installments = tj_json_get_array (d, "installments");

          if (g_strcmp0 (tj_json_get_string (tj_json_get_object (d, "payer"), "party_id", NULL), party_id) == 0)
            reason = g_strdup_printf (agreed ? _("%s cannot be deleted: the agreed settlement names them as the payer")
                                             : _("%s cannot be deleted: the draft settlement names them as the payer"),
                                      name);
          for (guint k = 0; reason == NULL && installments && k < json_array_get_length (installments); k++)
            {
              JsonArray *allocations = tj_json_get_array (json_array_get_object_element (installments, k),
                                                          "allocations");
              for (guint a = 0; reason == NULL && allocations && a < json_array_get_length (allocations); a++)
                {
                  JsonObject *al = json_array_get_object_element (allocations, a);
                  if (g_strcmp0 (tj_json_get_string (al, "worker_id", NULL), party_id) == 0)
                    {
                      g_autofree char *amount = tj_money_format (tj_json_get_int (al, "amount_fen", 0));
                      reason = g_strdup_printf (agreed ? _("%s cannot be deleted: the agreed settlement allocates "
                                                           "%s to them in installment %u")
                                                       : _("%s cannot be deleted: the draft settlement allocates "
                                                           "%s to them in installment %u"),
                                                name, amount, k + 1);
                    }
                }
            }
        }
    }
  if (reason == NULL && payments > 0)
    {
      g_autofree char *amount = tj_money_format (paid);
      reason = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                             "%s cannot be deleted: %u payment to them (%s) is recorded",
                                             "%s cannot be deleted: %u payments to them (%s) are recorded",
                                             payments),
                                name, payments, amount);
    }
  if (reason == NULL)
    reason = g_strdup ("");
  return reason;
}

gboolean
tj_case_delete_party (TjStore             *store,
                      const TjCaseContext *ctx,
                      const char          *party_id,
                      GError             **error)
{
  g_autoptr(JsonObject) doc = NULL;
  g_autoptr(JsonObject) extra = NULL;
  g_autofree char *reason = NULL;
  g_autofree char *rev = NULL;
  g_autofree char *text = NULL;
  const char *case_id, *name, *role;

  if (!tj_case_attach (store, error) || !tj_store_begin (store, error))
    return FALSE;
  doc = load_typed (store, party_id, "party", error);
  if (doc == NULL)
    goto fail;
  case_id = tj_json_get_string (doc, "case_id", "");
  name = tj_json_get_string (doc, "name", party_id);
  role = tj_json_get_string (doc, "role", "worker");

  /* Checked under the write lock: a payment recorded by another window in
   * between cannot be left without its worker. */
  reason = party_references (store, case_id, party_id, name, error);
  if (reason == NULL)
    goto fail;
  if (*reason)
    {
      g_set_error_literal (error, TJ_ERROR, TJ_ERROR_CONFLICT, reason);
      goto fail;
    }
  if (tj_chain_is_role (role))
    {
      /* A link leaves the chain, which must hold together without it
       * (the owner of an illegal project cannot simply go). */
      g_autoptr(JsonObject) case_doc = load_typed (store, case_id, "case", error);
      g_autoptr(JsonArray) stored = case_doc ? load_chain (store, case_id, error) : NULL;
      g_autoptr(JsonArray) links = json_array_new ();

      if (stored == NULL)
        goto fail;
      for (guint i = 0; i < json_array_get_length (stored); i++)
        {
          JsonObject *d = json_array_get_object_element (stored, i);
          if (g_strcmp0 (tj_json_get_string (d, "_id", NULL), party_id) != 0)
            json_array_add_object_element (links, public_link (d));
        }
      if (!save_chain (store, case_id, case_doc, links, error))
        goto fail;
    }
  else
    {
      rev = tj_store_delete (store, party_id, tj_json_get_string (doc, "_rev", NULL), error);
      if (rev == NULL)
        goto fail;
    }
  /* Translators: "Party deleted: 华建劳务有限公司 (Project owner)". */
  text = g_strdup_printf (_("Party deleted: %s (%s)"), name, tj_party_role_label (role));
  extra = json_object_new ();
  json_object_set_string_member (extra, "party_id", party_id);
  json_object_set_string_member (extra, "name", name);
  json_object_set_string_member (extra, "role", role);
  if (!tj_case_add_event (store, ctx, case_id, "party_deleted", text, extra, error))
    goto fail;
  {
    /* A person's data left the case: the access log keeps who and when. */
    g_autofree char *audit_id = NULL;
    TjAuditEntry entry = { TJ_AUDIT_DELETE, case_id, party_id, "party", NULL, name, FALSE };

    audit_id = tj_audit_record (store, ctx, &entry, error);
    if (audit_id == NULL)
      goto fail;
  }
  return tj_store_commit (store, error);

fail:
  tj_store_rollback (store);
  return FALSE;
}

gboolean
tj_case_set_chain (TjStore             *store,
                   const TjCaseContext *ctx,
                   const char          *case_id,
                   JsonArray           *chain,
                   GError             **error)
{
  g_autoptr(JsonObject) c = NULL;
  g_autoptr(JsonNode) copy = NULL;
  g_autofree char *text = NULL;

  g_return_val_if_fail (TJ_IS_STORE (store), FALSE);
  g_return_val_if_fail (case_id != NULL, FALSE);

  if (!tj_case_attach (store, error) || !tj_store_begin (store, error))
    return FALSE;
  c = load_typed (store, case_id, "case", error);
  if (c == NULL)
    goto fail;
  /* The caller's list stays as it was given. */
  copy = json_node_new (JSON_NODE_ARRAY);
  json_node_take_array (copy, chain ? json_array_ref (chain) : json_array_new ());
  {
    g_autoptr(JsonNode) mine = json_node_copy (copy);
    JsonArray *links = json_node_get_array (mine);
    /* The order of the list is the chain's: the tiers it had before (a
     * chain read back from tj_case_show() and edited) are numbered again. */
    for (guint i = 0; i < json_array_get_length (links); i++)
      {
        JsonNode *node = json_array_get_element (links, i);
        if (JSON_NODE_HOLDS_OBJECT (node) && json_object_has_member (json_node_get_object (node), "tier"))
          json_object_remove_member (json_node_get_object (node), "tier");
      }
    if (!save_chain (store, case_id, c, links, error))
      goto fail;
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Contractor chain changed: %u link",
                                         "Contractor chain changed: %u links",
                                         json_array_get_length (json_node_get_array (mine))),
                            json_array_get_length (json_node_get_array (mine)));
  }
  if (!tj_case_add_event (store, ctx, case_id, "chain_changed", text, NULL, error))
    goto fail;
  return tj_store_commit (store, error);

fail:
  tj_store_rollback (store);
  return FALSE;
}

/* A claim as the timeline names it: "Overtime pay ¥4,896.55". */
static char *
claim_title (JsonObject *claim)
{
  g_autofree char *amount = tj_money_format (tj_json_get_int (claim, "amount_fen", 0));
  const char *kind = tj_json_get_string (claim, "kind", "");

  return g_strdup_printf ("%s %s", in_list (kind, kinds) ? tj_case_kind_label (kind) : kind, amount);
}

char *
tj_case_add_claim (TjStore             *store,
                   const TjCaseContext *ctx,
                   const char          *case_id,
                   JsonObject          *claim,
                   GError             **error)
{
  g_autoptr(GPtrArray) errors = g_ptr_array_new_with_free_func (g_free);
  TjCheck check = { errors };
  g_autoptr(JsonObject) c = NULL;
  g_autoptr(JsonObject) doc = json_object_new ();
  g_autofree char *rev = NULL;
  char *id = NULL;
  gint64 pos;

  tj_check_string (&check, claim, "kind", "claim.kind", TRUE);
  check_fen (&check, claim, "amount_fen", "claim.amount_fen");
  tj_check_string (&check, claim, "description", "claim.description", FALSE);
  if (!tj_check_finish (&check, error))
    return NULL;
  if (!tj_case_attach (store, error) || !tj_store_begin (store, error))
    return NULL;
  c = load_typed (store, case_id, "case", error);
  if (c == NULL || (pos = next_position (store, case_id, error)) < 0)
    goto fail;
  json_object_set_string_member (doc, "type", "claim");
  json_object_set_string_member (doc, "case_id", case_id);
  json_object_set_int_member (doc, "position", pos);
  copy_members (doc, claim, claim_members);
  rev = tj_store_put (store, doc, &id, error);
  if (rev == NULL)
    goto fail;
  {
    g_autofree char *title = claim_title (claim);
    g_autofree char *text = g_strdup_printf (_("Claim added: %s"), title);
    if (!tj_case_add_event (store, ctx, case_id, "claim_added", text, NULL, error))
      goto fail;
  }
  if (!tj_store_commit (store, error))
    {
      g_free (id);
      return NULL;
    }
  return id;

fail:
  g_free (id);
  tj_store_rollback (store);
  return NULL;
}

gboolean
tj_case_update_claim (TjStore             *store,
                      const TjCaseContext *ctx,
                      const char          *claim_id,
                      JsonObject          *patch,
                      GError             **error)
{
  g_autoptr(GPtrArray) errors = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) changed = g_ptr_array_new ();
  g_autoptr(GList) members = json_object_get_members (patch);
  TjCheck check = { errors };
  g_autoptr(JsonObject) doc = NULL;
  g_autoptr(JsonObject) merged = NULL;
  g_autoptr(JsonObject) extra = NULL;
  g_autofree char *rev = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *labels = NULL;
  g_autofree char *text = NULL;

  /* The same rules as a new claim: a kind, an amount in whole fen. */
  for (GList *l = members; l; l = l->next)
    {
      const char *m = l->data;
      g_autofree char *field = g_strconcat ("claim.", m, NULL);
      JsonNode *node = json_object_get_member (patch, m);

      if (!in_list (m, claim_members))
        tj_check_problem (&check, _("%s: cannot be changed here"), field);
      else if (g_str_equal (m, "kind"))
        tj_check_string (&check, patch, m, field, TRUE);
      else if (JSON_NODE_HOLDS_NULL (node))
        continue;
      else if (g_str_equal (m, "amount_fen"))
        check_fen (&check, patch, m, field);
      else
        tj_check_string (&check, patch, m, field, FALSE);
    }
  if (!tj_check_finish (&check, error))
    return FALSE;

  if (!tj_case_attach (store, error) || !tj_store_begin (store, error))
    return FALSE;
  doc = load_typed (store, claim_id, "claim", error);
  if (doc == NULL)
    goto fail;
  merged = tj_json_object_copy (doc);
  for (GList *l = members; l; l = l->next)
    {
      JsonNode *node = json_object_get_member (patch, l->data);
      JsonNode *old = json_object_get_member (doc, l->data);
      g_autofree char *a = old ? tj_json_canonical (old) : NULL;
      g_autofree char *b = tj_json_canonical (node);

      if (JSON_NODE_HOLDS_NULL (node))
        {
          if (old == NULL)
            continue;
          json_object_remove_member (merged, l->data);
        }
      else if (g_strcmp0 (a, b) == 0)
        continue;
      else
        json_object_set_member (merged, l->data, json_node_copy (node));
      g_ptr_array_add (changed, l->data);
    }
  if (changed->len == 0)
    {
      tj_store_rollback (store);
      return TRUE;
    }
  rev = tj_store_put (store, merged, NULL, error);
  if (rev == NULL)
    goto fail;
  before = claim_title (doc);
  after = claim_title (merged);
  labels = join_labels (changed);
  /* Translators: "Claim changed: Overtime ¥4,000.00 → Overtime ¥4,896.55 (Amount)". */
  text = g_strdup_printf (_("Claim changed: %s → %s (%s)"), before, after, labels);
  extra = json_object_new ();
  json_object_set_string_member (extra, "claim_id", claim_id);
  if (!add_fields_event (store, ctx, tj_json_get_string (doc, "case_id", ""), "claim_edited", text, changed,
                         extra, error))
    goto fail;
  return tj_store_commit (store, error);

fail:
  tj_store_rollback (store);
  return FALSE;
}

gboolean
tj_case_delete_claim (TjStore             *store,
                      const TjCaseContext *ctx,
                      const char          *claim_id,
                      GError             **error)
{
  g_autoptr(JsonObject) doc = NULL;
  g_autoptr(JsonObject) extra = NULL;
  g_autofree char *rev = NULL;
  g_autofree char *title = NULL;
  g_autofree char *text = NULL;

  if (!tj_case_attach (store, error) || !tj_store_begin (store, error))
    return FALSE;
  doc = load_typed (store, claim_id, "claim", error);
  if (doc == NULL)
    goto fail;
  rev = tj_store_delete (store, claim_id, tj_json_get_string (doc, "_rev", NULL), error);
  if (rev == NULL)
    goto fail;
  title = claim_title (doc);
  text = g_strdup_printf (_("Claim deleted: %s"), title);
  extra = json_object_new ();
  json_object_set_string_member (extra, "claim_id", claim_id);
  if (!tj_case_add_event (store, ctx, tj_json_get_string (doc, "case_id", ""), "claim_deleted", text, extra, error))
    goto fail;
  return tj_store_commit (store, error);

fail:
  tj_store_rollback (store);
  return FALSE;
}

char *
tj_case_add_evidence (TjStore             *store,
                      const TjCaseContext *ctx,
                      const char          *case_id,
                      const char          *filename,
                      const char          *content_type,
                      GBytes              *data,
                      const char          *description,
                      GError             **error)
{
  g_autoptr(JsonObject) c = NULL;
  g_autoptr(JsonObject) doc = json_object_new ();
  g_autofree char *b64 = NULL;
  g_autofree char *rev = NULL;
  g_autofree char *added = tj_timestamp_now ();
  g_autofree char *base = NULL;
  JsonObject *atts, *att;
  char *id = NULL;
  gsize len = 0;
  const guint8 *bytes;

  if (filename == NULL || *filename == '\0' || data == NULL)
    {
      g_set_error (error, TJ_ERROR, TJ_ERROR_INVALID, _("evidence: a file is required"));
      return NULL;
    }
  bytes = g_bytes_get_data (data, &len);
  /* Scans and photos, not archives of a whole phone: 50 MB per file. */
  if (len > 50 * 1024 * 1024)
    {
      g_set_error (error, TJ_ERROR, TJ_ERROR_INVALID,
                   _("evidence: %s is larger than 50 MB; scan it at a lower resolution"), filename);
      return NULL;
    }
  base = g_path_get_basename (filename);
  if (!tj_case_attach (store, error) || !tj_store_begin (store, error))
    return NULL;
  c = load_typed (store, case_id, "case", error);
  if (c == NULL)
    goto fail;

  b64 = g_base64_encode (bytes, len);
  json_object_set_string_member (doc, "type", "evidence");
  json_object_set_string_member (doc, "case_id", case_id);
  json_object_set_string_member (doc, "filename", base);
  json_object_set_string_member (doc, "created_at", added);
  if (description && *description)
    json_object_set_string_member (doc, "description", description);
  atts = json_object_new ();
  att = json_object_new ();
  json_object_set_string_member (att, "content_type", content_type ? content_type : "application/octet-stream");
  json_object_set_string_member (att, "data", b64);
  json_object_set_object_member (atts, base, att);
  json_object_set_object_member (doc, "_attachments", atts);
  rev = tj_store_put (store, doc, &id, error);
  if (rev == NULL)
    goto fail;
  {
    g_autofree char *text = g_strdup_printf (_("Evidence added: %s"), base);
    if (!tj_case_add_event (store, ctx, case_id, "evidence_added", text, NULL, error))
      goto fail;
  }
  if (!tj_store_commit (store, error))
    {
      g_free (id);
      return NULL;
    }
  return id;

fail:
  g_free (id);
  tj_store_rollback (store);
  return NULL;
}

JsonArray *
tj_case_list_evidence (TjStore     *store,
                       const char  *case_id,
                       GError     **error)
{
  g_autoptr(JsonArray) ids = NULL;
  JsonArray *out;

  if (!tj_case_attach (store, error))
    return NULL;
  ids = child_ids (store, case_id, "evidence", TRUE, error);
  if (ids == NULL)
    return NULL;
  out = json_array_new ();
  for (guint i = 0; i < json_array_get_length (ids); i++)
    {
      g_autoptr(JsonObject) e = tj_store_get (store, json_array_get_string_element (ids, i), NULL, TJ_GET_NONE, NULL);
      JsonObject *row, *atts;
      g_autoptr(GList) names = NULL;

      if (e == NULL)
        continue;
      row = json_object_new ();
      json_object_set_string_member (row, "id", tj_json_get_string (e, "_id", ""));
      json_object_set_string_member (row, "filename", tj_json_get_string (e, "filename", ""));
      json_object_set_string_member (row, "added_at", tj_json_get_string (e, "created_at", ""));
      if (tj_json_get_string (e, "description", NULL))
        json_object_set_string_member (row, "description", tj_json_get_string (e, "description", NULL));
      atts = tj_json_get_object (e, "_attachments");
      names = atts ? json_object_get_members (atts) : NULL;
      if (names)
        {
          JsonObject *a = tj_json_get_object (atts, names->data);
          json_object_set_string_member (row, "content_type", tj_json_get_string (a, "content_type", ""));
          json_object_set_int_member (row, "length", tj_json_get_int (a, "length", 0));
        }
      json_array_add_object_element (out, row);
    }
  return out;
}

GBytes *
tj_case_get_evidence (TjStore     *store,
                      const char  *evidence_id,
                      char       **out_filename,
                      char       **out_content_type,
                      GError     **error)
{
  g_autoptr(JsonObject) e = load_typed (store, evidence_id, "evidence", error);
  GBytes *bytes;

  if (e == NULL)
    return NULL;
  bytes = tj_store_get_attachment (store, evidence_id, NULL, tj_json_get_string (e, "filename", ""),
                                   out_content_type, error);
  if (bytes && out_filename)
    *out_filename = g_strdup (tj_json_get_string (e, "filename", ""));
  return bytes;
}
