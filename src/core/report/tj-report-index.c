/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The report index: per-case rows (received, outcome, amounts, mediation
 * limit) kept by a store indexer in the same write as the documents, so
 * that a summary is a few SQL passes. See tj-report.h. */
#undef G_LOG_DOMAIN
#define G_LOG_DOMAIN "Tiaojie-Report"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tj-calendar.h"
#include "tj-case.h"
#include "tj-deadline.h"
#include "tj-i18n.h"
#include "tj-json.h"
#include "tj-report.h"
#include "tj-report-private.h"

#define INDEX_NAME "report"

/* ------------------------------------------------------------------ */
/* The indexer                                                          */

static gboolean
index_reset (TjStore  *store,
             gpointer  user_data,
             GError  **error)
{
  /* The covering indexes let the summary's range queries read an index
   * alone, without a lookup per case; report_case repeats the few case
   * index columns it needs (workers, amounts) for the same reason. */
  return tj_store_exec (store,
                        "DROP TABLE IF EXISTS report_case;"
                        "DROP TABLE IF EXISTS report_child;"
                        "DROP TABLE IF EXISTS report_consultation;"
                        "DROP TABLE IF EXISTS report_settlement;"
                        "DROP TABLE IF EXISTS report_payment;"
                        "CREATE TABLE report_case ("
                        "  id TEXT PRIMARY KEY, received_on TEXT, accepted_on TEXT, outcome TEXT, outcome_on TEXT,"
                        "  days INTEGER, kind TEXT, source TEXT, referred_to TEXT, referred_on TEXT,"
                        "  mediation_deadline TEXT, workers INTEGER NOT NULL DEFAULT 0,"
                        "  claimed_fen INTEGER NOT NULL DEFAULT 0, owed_fen INTEGER NOT NULL DEFAULT 0,"
                        "  station TEXT)"
                        "  WITHOUT ROWID;"
                        "CREATE INDEX report_case_by_received ON report_case"
                        "  (received_on, kind, source, workers, claimed_fen, owed_fen, station);"
                        "CREATE INDEX report_case_by_outcome ON report_case"
                        "  (outcome_on, outcome, accepted_on, days, kind, source, workers, station);"
                        "CREATE INDEX report_case_by_referral ON report_case (referred_on, referred_to, station);"
                        "CREATE INDEX report_case_by_deadline ON report_case (mediation_deadline, outcome_on, station);"
                        "CREATE TABLE report_child ("
                        "  id TEXT PRIMARY KEY, case_id TEXT NOT NULL, worker INTEGER NOT NULL,"
                        "  amount_fen INTEGER NOT NULL DEFAULT 0) WITHOUT ROWID;"
                        "CREATE INDEX report_child_by_case ON report_child (case_id, worker, amount_fen);"
                        "CREATE TABLE report_consultation ("
                        "  id TEXT PRIMARY KEY, held_on TEXT, channel TEXT, case_id TEXT, title TEXT) WITHOUT ROWID;"
                        "CREATE INDEX report_consultation_by_held ON report_consultation (held_on, channel, case_id);"
                        "CREATE TABLE report_settlement ("
                        "  id TEXT PRIMARY KEY, case_id TEXT NOT NULL, status TEXT,"
                        "  total_fen INTEGER NOT NULL DEFAULT 0) WITHOUT ROWID;"
                        "CREATE INDEX report_settlement_by_case ON report_settlement (case_id, status, total_fen);"
                        "CREATE TABLE report_payment ("
                        "  id TEXT PRIMARY KEY, case_id TEXT NOT NULL, paid_on TEXT,"
                        "  amount_fen INTEGER NOT NULL DEFAULT 0) WITHOUT ROWID;"
                        "CREATE INDEX report_payment_by_paid ON report_payment (paid_on, case_id, amount_fen);",
                        error);
}

static gboolean
forget (TjStore     *store,
        const char  *id,
        GError     **error)
{
  static const char * const sql[] = {
    "DELETE FROM report_case WHERE id = ?1",
    "DELETE FROM report_child WHERE id = ?1",
    "DELETE FROM report_consultation WHERE id = ?1",
    "DELETE FROM report_settlement WHERE id = ?1",
    "DELETE FROM report_payment WHERE id = ?1",
  };

  for (guint i = 0; i < G_N_ELEMENTS (sql); i++)
    if (!tj_store_exec_with_id (store, sql[i], id, error))
      return FALSE;
  return TRUE;
}

/* The outcome a case reached and its date, from the dates the status
 * workflow records (tj_case_set_status()): agreement_effective_on when it
 * agreed, ended_on when it failed or was referred, closed_on when it was
 * withdrawn (or closed). For a closed case the fields tell which outcome
 * it was closed from: a referral leaves referred_to, a failure ended_on
 * alone, an agreement its date; otherwise it was withdrawn. */
static void
case_outcome (JsonObject  *doc,
              const char **outcome,
              const char **outcome_on)
{
  const char *status = tj_json_get_string (doc, "status", "intake");
  const char *agreed_on = tj_json_get_string (doc, "agreement_effective_on", NULL);
  const char *ended_on = tj_json_get_string (doc, "ended_on", NULL);
  const char *closed_on = tj_json_get_string (doc, "closed_on", NULL);
  const char *referred_to = tj_json_get_string (doc, "referred_to", NULL);

  *outcome = NULL;
  *outcome_on = NULL;
  if (g_str_equal (status, "agreed") || g_str_equal (status, "performing"))
    *outcome = "agreed", *outcome_on = agreed_on;
  else if (g_str_equal (status, "failed"))
    *outcome = "failed", *outcome_on = ended_on;
  else if (g_str_equal (status, "referred"))
    *outcome = "referred", *outcome_on = ended_on;
  else if (g_str_equal (status, "withdrawn"))
    *outcome = "withdrawn", *outcome_on = closed_on;
  else if (g_str_equal (status, "closed"))
    {
      if (ended_on && referred_to)
        *outcome = "referred", *outcome_on = ended_on;
      else if (ended_on)
        *outcome = "failed", *outcome_on = ended_on;
      else if (agreed_on)
        *outcome = "agreed", *outcome_on = agreed_on;
      else
        *outcome = "withdrawn", *outcome_on = closed_on;
    }
  if (*outcome && *outcome_on == NULL)
    *outcome = NULL;
}

/* On a centre, the station that owns case @id (tj-centre.c), kept in the
 * case's row so that the figures per station read it from the covering
 * indexes instead of a lookup in the owner table per case. Whichever
 * indexer sees a pulled case first, the row ends up with its owner: here
 * when the owner is known already, else tj-centre.c sets it. */
static char *
case_station (TjStore    *store,
              const char *id)
{
  sqlite3_stmt *st = tj_store_statement (store, "SELECT 1 FROM sqlite_master WHERE type = 'table'"
                                                " AND name = 'centre_owner'", NULL);
  gboolean centre;
  char *station = NULL;

  if (st == NULL)
    return NULL;
  centre = sqlite3_step (st) == SQLITE_ROW;
  sqlite3_reset (st);
  if (!centre)
    return NULL;
  st = tj_store_statement (store, "SELECT station FROM centre_owner WHERE id = ?1", NULL);
  if (st == NULL)
    return NULL;
  sqlite3_bind_text (st, 1, id, -1, SQLITE_STATIC);
  if (sqlite3_step (st) == SQLITE_ROW)
    station = g_strdup (tj_store_column_text (st, 0));
  sqlite3_reset (st);
  return station;
}

static gboolean
index_case (TjStore     *store,
            const char  *id,
            JsonObject  *doc,
            GError     **error)
{
  const char *accepted_on = tj_json_get_string (doc, "accepted_on", NULL);
  const char *referred_to = tj_json_get_string (doc, "referred_to", NULL);
  const char *outcome, *outcome_on;
  g_autofree char *deadline = NULL;
  g_autofree char *station = case_station (store, id);
  GDate accepted, reached;
  gboolean have_accepted;
  sqlite3_stmt *st;

  case_outcome (doc, &outcome, &outcome_on);
  have_accepted = accepted_on && tj_date_parse_iso (accepted_on, &accepted);
  /* The same limit as the case list shows, counted from receipt (§14). */
  deadline = tj_case_mediation_deadline (tj_json_get_string (doc, "received_on", NULL), accepted_on);

  st = tj_store_statement (store,
                           "INSERT OR REPLACE INTO report_case (id, accepted_on, outcome, outcome_on, days, kind,"
                           " source, referred_to, referred_on, mediation_deadline, received_on, station)"
                           " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)", error);
  if (st == NULL)
    return FALSE;
  sqlite3_bind_text (st, 1, id, -1, SQLITE_STATIC);
  tj_store_bind_text_or_null (st, 2, have_accepted ? accepted_on : NULL);
  tj_store_bind_text_or_null (st, 3, outcome);
  tj_store_bind_text_or_null (st, 4, outcome_on);
  if (have_accepted && outcome_on && tj_date_parse_iso (outcome_on, &reached))
    sqlite3_bind_int (st, 5, MAX (0, g_date_days_between (&accepted, &reached)));
  else
    sqlite3_bind_null (st, 5);
  tj_store_bind_text_or_null (st, 6, tj_json_get_string (doc, "kind", NULL));
  tj_store_bind_text_or_null (st, 7, tj_json_get_string (doc, "source", NULL));
  /* A referral is dated by ended_on: nothing after "referred" but
   * "closed" may follow, and closing leaves ended_on alone. */
  tj_store_bind_text_or_null (st, 8, referred_to);
  tj_store_bind_text_or_null (st, 9, referred_to ? tj_json_get_string (doc, "ended_on", NULL) : NULL);
  tj_store_bind_text_or_null (st, 10, deadline);
  tj_store_bind_text_or_null (st, 11, tj_json_get_string (doc, "received_on", NULL));
  tj_store_bind_text_or_null (st, 12, station);
  return tj_store_step_done (store, st, error);
}

static gboolean
index_consultation (TjStore     *store,
                    const char  *id,
                    JsonObject  *doc,
                    GError     **error)
{
  JsonObject *worker = tj_json_get_object (doc, "worker");
  JsonObject *employer = tj_json_get_object (doc, "employer");
  g_autofree char *title = NULL;
  sqlite3_stmt *st;

  title = g_strjoin ("／", tj_json_get_string (worker, "name", "—"),
                     tj_json_get_string (employer, "name", tj_json_get_string (doc, "problem", "")), NULL);
  st = tj_store_statement (store,
                           "INSERT OR REPLACE INTO report_consultation (id, held_on, channel, case_id, title)"
                           " VALUES (?1, ?2, ?3, ?4, ?5)", error);
  if (st == NULL)
    return FALSE;
  sqlite3_bind_text (st, 1, id, -1, SQLITE_STATIC);
  tj_store_bind_text_or_null (st, 2, tj_json_get_string (doc, "held_on", NULL));
  tj_store_bind_text_or_null (st, 3, tj_json_get_string (doc, "channel", "night_clinic"));
  tj_store_bind_text_or_null (st, 4, tj_json_get_string (doc, "case_id", NULL));
  tj_store_bind_text_or_null (st, 5, title);
  return tj_store_step_done (store, st, error);
}

/* Cases whose workers or amounts must be summed again at the commit. */
typedef struct {
  GHashTable *dirty;
} ReportIndex;

static void
report_index_free (gpointer data)
{
  ReportIndex *ix = data;
  g_hash_table_unref (ix->dirty);
  g_free (ix);
}

static void
mark_dirty (ReportIndex *ix,
            const char  *case_id)
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
  ReportIndex *ix = user_data;
  const char *type;
  const char *case_id;
  sqlite3_stmt *st;

  if (winner == NULL)
    {
      /* A deleted worker or claim changes its case's sums. */
      st = tj_store_statement (store, "SELECT case_id FROM report_child WHERE id = ?1", error);
      if (st == NULL)
        return FALSE;
      sqlite3_bind_text (st, 1, id, -1, SQLITE_STATIC);
      if (sqlite3_step (st) == SQLITE_ROW)
        mark_dirty (ix, tj_store_column_text (st, 0));
      sqlite3_reset (st);
      return forget (store, id, error);
    }
  type = tj_json_get_string (winner, "type", "");
  case_id = tj_json_get_string (winner, "case_id", NULL);

  if (g_str_equal (type, "case"))
    {
      mark_dirty (ix, id);
      return index_case (store, id, winner, error);
    }
  if (g_str_equal (type, "consultation"))
    return index_consultation (store, id, winner, error);
  if ((g_str_equal (type, "party") || g_str_equal (type, "claim")) && case_id)
    {
      /* The same sums as the case index: workers and what they are owed,
       * and the claims' total. */
      gboolean worker = g_str_equal (type, "party");
      if (worker && g_strcmp0 (tj_json_get_string (winner, "role", NULL), "worker") != 0)
        return TRUE;
      st = tj_store_statement (store,
                               "INSERT OR REPLACE INTO report_child (id, case_id, worker, amount_fen) VALUES (?1, ?2, ?3, ?4)",
                               error);
      if (st == NULL)
        return FALSE;
      sqlite3_bind_text (st, 1, id, -1, SQLITE_STATIC);
      sqlite3_bind_text (st, 2, case_id, -1, SQLITE_STATIC);
      sqlite3_bind_int (st, 3, worker);
      sqlite3_bind_int64 (st, 4, tj_json_get_int (winner, worker ? "owed_fen" : "amount_fen", 0));
      mark_dirty (ix, case_id);
      return tj_store_step_done (store, st, error);
    }
  if (g_str_equal (type, "settlement") && case_id)
    {
      st = tj_store_statement (store,
                               "INSERT OR REPLACE INTO report_settlement (id, case_id, status, total_fen)"
                               " VALUES (?1, ?2, ?3, ?4)", error);
      if (st == NULL)
        return FALSE;
      sqlite3_bind_text (st, 1, id, -1, SQLITE_STATIC);
      sqlite3_bind_text (st, 2, case_id, -1, SQLITE_STATIC);
      sqlite3_bind_text (st, 3, tj_json_get_string (winner, "status", "draft"), -1, SQLITE_STATIC);
      sqlite3_bind_int64 (st, 4, tj_json_get_int (winner, "total_fen", 0));
      return tj_store_step_done (store, st, error);
    }
  if (g_str_equal (type, "payment") && case_id)
    {
      st = tj_store_statement (store,
                               "INSERT OR REPLACE INTO report_payment (id, case_id, paid_on, amount_fen)"
                               " VALUES (?1, ?2, ?3, ?4)", error);
      if (st == NULL)
        return FALSE;
      sqlite3_bind_text (st, 1, id, -1, SQLITE_STATIC);
      sqlite3_bind_text (st, 2, case_id, -1, SQLITE_STATIC);
      tj_store_bind_text_or_null (st, 3, tj_json_get_string (winner, "paid_on", NULL));
      sqlite3_bind_int64 (st, 4, tj_json_get_int (winner, "amount_fen", 0));
      return tj_store_step_done (store, st, error);
    }
  return TRUE;
}

/* Just before the outermost commit: the sums of the cases touched, once
 * per case however many workers a bulk intake wrote. */
static gboolean
index_flush (TjStore  *store,
             gpointer  user_data,
             GError  **error)
{
  ReportIndex *ix = user_data;
  GHashTableIter iter;
  gpointer key;

  g_hash_table_iter_init (&iter, ix->dirty);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    if (!tj_store_exec_with_id (store,
                                "UPDATE report_case SET"
                                " workers = (SELECT COUNT(*) FROM report_child WHERE case_id = ?1 AND worker = 1),"
                                " owed_fen = (SELECT COALESCE(SUM(amount_fen), 0) FROM report_child"
                                "             WHERE case_id = ?1 AND worker = 1),"
                                " claimed_fen = (SELECT COALESCE(SUM(amount_fen), 0) FROM report_child"
                                "                WHERE case_id = ?1 AND worker = 0)"
                                " WHERE id = ?1", key, error))
      return FALSE;
  g_hash_table_remove_all (ix->dirty);
  return TRUE;
}

static void
index_discard (TjStore  *store,
               gpointer  user_data)
{
  ReportIndex *ix = user_data;
  g_hash_table_remove_all (ix->dirty);
}

gboolean
tj_report_attach (TjStore  *store,
                  GError  **error)
{
  ReportIndex *ix;

  g_return_val_if_fail (TJ_IS_STORE (store), FALSE);

  if (!tj_case_attach (store, error))
    return FALSE;
  if (g_object_get_data (G_OBJECT (store), "tj-report-index"))
    return TRUE;
  ix = g_new0 (ReportIndex, 1);
  ix->dirty = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_object_set_data_full (G_OBJECT (store), "tj-report-index", ix, report_index_free);
  if (!tj_store_add_indexer_full (store, INDEX_NAME, INDEX_VERSION, index_reset, index_doc,
                                  index_flush, G_CALLBACK (index_discard), ix, error))
    {
      g_object_set_data (G_OBJECT (store), "tj-report-index", NULL);
      return FALSE;
    }
  return tj_report_recount_deadlines (store, error);
}

/**
 * tj_report_recount_deadlines:
 *
 * The mediation limits behind "over the limit" counted again when the
 * default calendar changed since (see tj_case_recount_index()).
 */
gboolean
tj_report_recount_deadlines (TjStore  *store,
                             GError  **error)
{
  /* Not attached yet: attaching counts them. */
  if (g_object_get_data (G_OBJECT (store), "tj-report-index") == NULL)
    return TRUE;
  return tj_case_recount_index (store, "report_case", "calendar:reports", error);
}

gboolean
tj_report_has_cases (TjStore *store)
{
  sqlite3_stmt *st;
  gboolean any;

  g_return_val_if_fail (TJ_IS_STORE (store), FALSE);
  if (!tj_case_attach (store, NULL))
    return FALSE;
  st = tj_store_statement (store, "SELECT 1 FROM case_index LIMIT 1", NULL);
  if (st == NULL)
    return FALSE;
  any = sqlite3_step (st) == SQLITE_ROW;
  sqlite3_reset (st);
  return any;
}
