/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Tiaojie-Arrears"

#include "tj-arrears.h"
#include "tj-calendar.h"
#include "tj-case.h"
#include "tj-i18n.h"
#include "tj-json.h"

#include <string.h>

#define INDEX_NAME "arrears"
#define INDEX_VERSION 1

/* ------------------------------------------------------------------ */
/* The indexer                                                          */

static gboolean
index_reset (TjStore  *store,
             gpointer  user_data,
             GError  **error)
{
  return tj_store_exec (store,
                        "DROP TABLE IF EXISTS settlement_index;"
                        "DROP TABLE IF EXISTS installment_index;"
                        "DROP TABLE IF EXISTS payment_index;"
                        "CREATE TABLE settlement_index ("
                        "  id TEXT PRIMARY KEY, case_id TEXT NOT NULL, status TEXT,"
                        "  total_fen INTEGER NOT NULL DEFAULT 0, installments INTEGER NOT NULL DEFAULT 0)"
                        "  WITHOUT ROWID;"
                        "CREATE INDEX settlement_index_by_case ON settlement_index (case_id);"
                        "CREATE TABLE installment_index ("
                        "  settlement_id TEXT NOT NULL, idx INTEGER NOT NULL, case_id TEXT NOT NULL,"
                        "  due_on TEXT, amount_fen INTEGER NOT NULL DEFAULT 0,"
                        "  PRIMARY KEY (settlement_id, idx)) WITHOUT ROWID;"
                        "CREATE INDEX installment_index_by_case ON installment_index (case_id);"
                        "CREATE INDEX installment_index_by_due ON installment_index (due_on);"
                        "CREATE TABLE payment_index ("
                        "  id TEXT PRIMARY KEY, case_id TEXT NOT NULL, settlement_id TEXT,"
                        "  installment INTEGER, worker_id TEXT, amount_fen INTEGER NOT NULL DEFAULT 0,"
                        "  paid_on TEXT) WITHOUT ROWID;"
                        "CREATE INDEX payment_index_by_case ON payment_index (case_id);"
                        "CREATE INDEX payment_index_by_installment ON payment_index (settlement_id, installment, worker_id);",
                        error);
}

static gboolean
forget (TjStore     *store,
        const char  *id,
        GError     **error)
{
  return tj_store_exec_with_id (store, "DELETE FROM settlement_index WHERE id = ?1", id, error) &&
         tj_store_exec_with_id (store, "DELETE FROM installment_index WHERE settlement_id = ?1", id, error) &&
         tj_store_exec_with_id (store, "DELETE FROM payment_index WHERE id = ?1", id, error);
}

static gboolean
index_settlement (TjStore     *store,
                  const char  *id,
                  JsonObject  *doc,
                  GError     **error)
{
  const char *case_id = tj_json_get_string (doc, "case_id", "");
  JsonArray *installments = tj_json_get_array (doc, "installments");
  guint n = installments ? json_array_get_length (installments) : 0;
  sqlite3_stmt *st;

  if (!forget (store, id, error))
    return FALSE;
  st = tj_store_statement (store,
                           "INSERT INTO settlement_index (id, case_id, status, total_fen, installments)"
                           " VALUES (?, ?, ?, ?, ?)", error);
  if (st == NULL)
    return FALSE;
  sqlite3_bind_text (st, 1, id, -1, SQLITE_STATIC);
  sqlite3_bind_text (st, 2, case_id, -1, SQLITE_STATIC);
  sqlite3_bind_text (st, 3, tj_json_get_string (doc, "status", "draft"), -1, SQLITE_STATIC);
  sqlite3_bind_int64 (st, 4, tj_json_get_int (doc, "total_fen", 0));
  sqlite3_bind_int (st, 5, (int) n);
  if (!tj_store_step_done (store, st, error))
    return FALSE;

  st = tj_store_statement (store,
                           "INSERT INTO installment_index (settlement_id, idx, case_id, due_on, amount_fen)"
                           " VALUES (?, ?, ?, ?, ?)", error);
  if (st == NULL)
    return FALSE;
  for (guint i = 0; i < n; i++)
    {
      JsonNode *node = json_array_get_element (installments, i);
      JsonObject *inst = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;

      sqlite3_bind_text (st, 1, id, -1, SQLITE_STATIC);
      sqlite3_bind_int (st, 2, (int) i);
      sqlite3_bind_text (st, 3, case_id, -1, SQLITE_STATIC);
      sqlite3_bind_text (st, 4, tj_json_get_string (inst, "due_on", ""), -1, SQLITE_TRANSIENT);
      sqlite3_bind_int64 (st, 5, tj_json_get_int (inst, "amount_fen", 0));
      if (!tj_store_step_done (store, st, error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
index_payment (TjStore     *store,
               const char  *id,
               JsonObject  *doc,
               GError     **error)
{
  sqlite3_stmt *st = tj_store_statement (store,
                                         "INSERT OR REPLACE INTO payment_index"
                                         " (id, case_id, settlement_id, installment, worker_id, amount_fen, paid_on)"
                                         " VALUES (?, ?, ?, ?, ?, ?, ?)", error);
  if (st == NULL)
    return FALSE;
  sqlite3_bind_text (st, 1, id, -1, SQLITE_STATIC);
  sqlite3_bind_text (st, 2, tj_json_get_string (doc, "case_id", ""), -1, SQLITE_STATIC);
  sqlite3_bind_text (st, 3, tj_json_get_string (doc, "settlement_id", ""), -1, SQLITE_STATIC);
  sqlite3_bind_int64 (st, 4, tj_json_get_int (doc, "installment", -1));
  sqlite3_bind_text (st, 5, tj_json_get_string (doc, "worker_id", ""), -1, SQLITE_STATIC);
  sqlite3_bind_int64 (st, 6, tj_json_get_int (doc, "amount_fen", 0));
  sqlite3_bind_text (st, 7, tj_json_get_string (doc, "paid_on", ""), -1, SQLITE_STATIC);
  return tj_store_step_done (store, st, error);
}

static gboolean
index_doc (TjStore     *store,
           const char  *id,
           JsonObject  *winner,
           gpointer     user_data,
           GError     **error)
{
  const char *type;

  if (winner == NULL)
    return forget (store, id, error);
  type = tj_json_get_string (winner, "type", NULL);
  if (g_strcmp0 (type, "settlement") == 0 && tj_json_get_string (winner, "case_id", NULL))
    return index_settlement (store, id, winner, error);
  if (g_strcmp0 (type, "payment") == 0 && tj_json_get_string (winner, "case_id", NULL))
    return index_payment (store, id, winner, error);
  return TRUE;
}

gboolean
tj_arrears_attach (TjStore  *store,
                   GError  **error)
{
  g_return_val_if_fail (TJ_IS_STORE (store), FALSE);

  if (!tj_case_attach (store, error))
    return FALSE;
  if (g_object_get_data (G_OBJECT (store), "tj-arrears-index"))
    return TRUE;
  if (!tj_store_add_indexer (store, INDEX_NAME, INDEX_VERSION, index_reset, index_doc, NULL, error))
    return FALSE;
  g_object_set_data (G_OBJECT (store), "tj-arrears-index", GINT_TO_POINTER (1));
  return TRUE;
}

/* ------------------------------------------------------------------ */
/* Next steps                                                           */

JsonArray *
tj_arrears_next_steps (const char *case_kind)
{
  static const char * const remuneration[] = {
    "wage_arrears", "overtime", "compensation", "termination", "work_injury", NULL
  };
  static const char * const wages[] = { "wage_arrears", "overtime", NULL };
  JsonArray *steps = json_array_new ();
  JsonObject *order = NULL, *arbitration, *inspection = NULL;

  /* §16 covers agreements on labour remuneration, work-injury medical
   * costs, economic compensation and damages. */
  if (case_kind && g_strv_contains (remuneration, case_kind))
    {
      order = json_object_new ();
      json_object_set_string_member (order, "kind", "payment_order");
      json_object_set_string_member (order, "label", _("Apply to the court for a payment order (支付令)"));
      json_object_set_string_member (order, "basis",
                                     _("Labour Dispute Mediation and Arbitration Law, Art. 16: when the employer "
                                       "does not perform by the agreed time a mediation agreement on unpaid labour "
                                       "remuneration, work-injury medical costs, economic compensation or damages, "
                                       "the worker may apply to the people's court for a payment order on the "
                                       "strength of the agreement."));
    }
  arbitration = json_object_new ();
  json_object_set_string_member (arbitration, "kind", "arbitration");
  json_object_set_string_member (arbitration, "label", _("Apply for labour dispute arbitration"));
  json_object_set_string_member (arbitration, "basis",
                                 _("Labour Dispute Mediation and Arbitration Law, Art. 15: when one party does "
                                   "not perform a mediation agreement within the agreed time, the other party "
                                   "may apply for arbitration."));
  if (case_kind == NULL || g_strv_contains (wages, case_kind))
    {
      inspection = json_object_new ();
      json_object_set_string_member (inspection, "kind", "labour_inspection");
      json_object_set_string_member (inspection, "label", _("Report the unpaid wages to labour inspection"));
      json_object_set_string_member (inspection, "basis",
                                     /* xgettext:no-c-format */
                                     _("Labour Contract Law, Art. 85: the labour administration orders the "
                                       "employer to pay the wages owed by a deadline; if it still does not pay, "
                                       "it is ordered to pay additional compensation of 50% to 100% of the "
                                       "amount owed."));
    }
  if (order)
    json_array_add_object_element (steps, order);
  json_array_add_object_element (steps, arbitration);
  if (inspection)
    json_array_add_object_element (steps, inspection);
  return steps;
}

/* ------------------------------------------------------------------ */
/* Queries                                                              */

/* Installments of agreed settlements with what has been paid on each. */
#define INSTALLMENTS_CTE \
  "inst AS (" \
  "  SELECT i.case_id, i.settlement_id, i.idx, i.due_on, i.amount_fen," \
  "         COALESCE((SELECT SUM(p.amount_fen) FROM payment_index p" \
  "                   WHERE p.settlement_id = i.settlement_id AND p.installment = i.idx), 0) AS paid" \
  "  FROM installment_index i JOIN settlement_index s ON s.id = i.settlement_id" \
  "  WHERE s.status = 'agreed')"

#define OPEN_ARREARS \
  "ci.status NOT IN ('closed', 'withdrawn') AND (ci.kind = 'wage_arrears' OR ci.owed_fen > 0)"

/* The figures of each open arrears case. Installments and payments are
 * few next to cases (a settlement for a case in ten, say), so they are
 * aggregated once per case in `ic`, `pc` and `sett` (each read in one
 * pass and joined by an automatic index) rather than by a subquery per
 * case over the installments: that was cases × installments, 118 s of
 * CPU at 100,000 cases. What stays per case reads the covering index
 * case_people_by_case, only for the rows a page shows when the
 * query has a LIMIT, and the "owed" order walks case_index_owed, so the
 * first page of the default order costs a few rows, not the table. */
#define ROWS_WITH \
  "WITH pay AS (SELECT settlement_id, installment, SUM(amount_fen) AS paid FROM payment_index" \
  "             GROUP BY settlement_id, installment)," \
  " inst AS (SELECT i.case_id, i.due_on, i.amount_fen, COALESCE(pay.paid, 0) AS paid" \
  "          FROM installment_index i JOIN settlement_index s ON s.id = i.settlement_id" \
  "          LEFT JOIN pay ON pay.settlement_id = i.settlement_id AND pay.installment = i.idx" \
  "          WHERE s.status = 'agreed')," \
  " ic AS (SELECT case_id," \
  "          SUM(CASE WHEN due_on < :today AND paid < amount_fen THEN amount_fen - paid ELSE 0 END) AS overdue," \
  "          SUM(CASE WHEN due_on < :today AND paid < amount_fen THEN 1 ELSE 0 END) AS n_overdue," \
  "          MIN(CASE WHEN due_on >= :today AND paid < amount_fen THEN due_on END) AS next_due," \
  "          MIN(CASE WHEN paid < amount_fen THEN due_on END) AS first_unpaid" \
  "        FROM inst GROUP BY case_id)," \
  " pc AS (SELECT case_id, SUM(amount_fen) AS paid FROM payment_index GROUP BY case_id)," \
  " sett AS (SELECT case_id, MIN(status) AS status," \
  "          SUM(CASE WHEN status = 'agreed' THEN total_fen ELSE 0 END) AS agreed" \
  "          FROM settlement_index GROUP BY case_id)"
#define ROWS_FROM \
  " FROM case_index ci LEFT JOIN sett s ON s.case_id = ci.id LEFT JOIN pc ON pc.case_id = ci.id" \
  " LEFT JOIN ic ON ic.case_id = ci.id" \
  " WHERE " OPEN_ARREARS

#define OUTSTANDING \
  "MAX((CASE WHEN s.status = 'agreed' THEN COALESCE(s.agreed, 0) ELSE ci.owed_fen END) - COALESCE(pc.paid, 0), 0)"
#define WORKERS_OWED \
  "(SELECT COUNT(*) FROM case_people cp WHERE cp.case_id = ci.id AND cp.role = 'worker' AND cp.owed_fen > 0)"

/* Workers owed money are counted per case from case_people_by_case
 * (case_id, role, owed_fen) alone, without reading the people's rows. A
 * partial index of its own, case_people_workers_owed (case_id, role), once
 * did that: it repeated most of case_people_by_case, about 80 bytes a
 * worker, and is dropped from stores that have it. */
static gboolean
ensure_query_index (TjStore  *store,
                    GError  **error)
{
  if (g_object_get_data (G_OBJECT (store), "tj-arrears-query-index"))
    return TRUE;
  if (!tj_store_exec (store, "DROP INDEX IF EXISTS case_people_workers_owed", error))
    return FALSE;
  g_object_set_data (G_OBJECT (store), "tj-arrears-query-index", GINT_TO_POINTER (1));
  return TRUE;
}

/* The parameters of a paged query counted as of @today; @limit 0 reads
 * every row. */
static void
bind_page (sqlite3_stmt *st,
           const char   *today,
           guint         limit,
           guint         offset)
{
  sqlite3_bind_text (st, sqlite3_bind_parameter_index (st, ":today"), today, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (st, sqlite3_bind_parameter_index (st, ":limit"), limit ? (gint64) limit : -1);
  sqlite3_bind_int64 (st, sqlite3_bind_parameter_index (st, ":offset"), offset);
}

static gboolean
prepare_queries (TjStore  *store,
                 GError  **error)
{
  return tj_arrears_attach (store, error) && ensure_query_index (store, error);
}

static const char *
sort_order (const char  *sort,
            GError     **error)
{
  if (sort == NULL || g_str_equal (sort, "owed"))
    return "ci.owed_fen DESC, outstanding DESC, ci.received_on DESC, ci.id";
  if (g_str_equal (sort, "overdue"))
    return "overdue DESC, first_unpaid IS NULL, first_unpaid, ci.owed_fen DESC, ci.id";
  if (g_str_equal (sort, "due"))
    return "first_unpaid IS NULL, first_unpaid, overdue DESC, ci.owed_fen DESC, ci.id";
  g_set_error (error, TJ_ERROR, TJ_ERROR_INVALID,
               _("“%s” is not a way to sort arrears (owed, overdue or due)"), sort);
  return NULL;
}

gboolean
tj_arrears_check_sort (const char  *sort,
                       GError     **error)
{
  return sort_order (sort, error) != NULL;
}

JsonArray *
tj_arrears_cases_page (TjStore     *store,
                       const char  *sort,
                       const char  *today_override,
                       guint        offset,
                       guint        limit,
                       GError     **error)
{
  g_autofree char *today = tj_date_today_iso (today_override);
  g_autofree char *sql = NULL;
  const char *order;
  sqlite3_stmt *st;
  JsonArray *cases;
  int rc;

  g_return_val_if_fail (TJ_IS_STORE (store), NULL);

  order = sort_order (sort, error);
  if (order == NULL || !prepare_queries (store, error))
    return NULL;

  /* The page is chosen first and only its rows count their workers. */
  sql = g_strdup_printf (
    ROWS_WITH
    " SELECT id, number, title, status, kind, employer, workers, owed_fen, sstatus, agreed, paid,"
    "        outstanding, overdue, n_overdue, next_due, " WORKERS_OWED
    " FROM (SELECT ci.id, ci.number, ci.title, ci.status, ci.kind, ci.employer, ci.workers, ci.owed_fen,"
    "              ci.received_on, s.status AS sstatus, COALESCE(s.agreed, 0) AS agreed,"
    "              COALESCE(pc.paid, 0) AS paid, " OUTSTANDING " AS outstanding,"
    "              COALESCE(ic.overdue, 0) AS overdue, COALESCE(ic.n_overdue, 0) AS n_overdue,"
    "              ic.next_due AS next_due, ic.first_unpaid AS first_unpaid"
    "       " ROWS_FROM " ORDER BY %s LIMIT :limit OFFSET :offset) ci",
    order);
  st = tj_store_prepare (store, sql, error);
  if (st == NULL)
    return NULL;
  bind_page (st, today, limit, offset);

  cases = json_array_new ();
  while ((rc = sqlite3_step (st)) == SQLITE_ROW)
    {
      JsonObject *row = json_object_new ();
      static const char * const text_cols[] = { "id", "number", "title", "status", "kind", "employer" };

      for (guint c = 0; c < G_N_ELEMENTS (text_cols); c++)
        json_object_set_string_member (row, text_cols[c], tj_store_column_text (st, c));
      json_object_set_int_member (row, "workers", sqlite3_column_int64 (st, 6));
      json_object_set_int_member (row, "workers_owed", sqlite3_column_int64 (st, 15));
      json_object_set_int_member (row, "owed_fen", sqlite3_column_int64 (st, 7));
      if (sqlite3_column_type (st, 8) == SQLITE_NULL)
        json_object_set_null_member (row, "settlement_status");
      else
        json_object_set_string_member (row, "settlement_status", tj_store_column_text (st, 8));
      json_object_set_int_member (row, "agreed_fen", sqlite3_column_int64 (st, 9));
      json_object_set_int_member (row, "paid_fen", sqlite3_column_int64 (st, 10));
      json_object_set_int_member (row, "outstanding_fen", sqlite3_column_int64 (st, 11));
      json_object_set_int_member (row, "overdue_fen", sqlite3_column_int64 (st, 12));
      json_object_set_int_member (row, "overdue_installments", sqlite3_column_int64 (st, 13));
      if (sqlite3_column_type (st, 14) == SQLITE_NULL)
        json_object_set_null_member (row, "next_due_on");
      else
        json_object_set_string_member (row, "next_due_on", tj_store_column_text (st, 14));
      json_array_add_object_element (cases, row);
    }
  rc = sqlite3_finalize (st);
  if (rc != SQLITE_OK)
    {
      tj_store_set_error (store, rc, error);
      json_array_unref (cases);
      return NULL;
    }
  return cases;
}

JsonObject *
tj_arrears_totals (TjStore     *store,
                   const char  *today_override,
                   GError     **error)
{
  g_autofree char *today = tj_date_today_iso (today_override);
  static const char * const names[] = {
    "cases", "workers", "workers_owed", "owed_fen", "agreed_fen", "paid_fen",
    "outstanding_fen", "overdue_fen", "overdue_installments"
  };
  sqlite3_stmt *st;
  JsonObject *totals;
  int rc;

  g_return_val_if_fail (TJ_IS_STORE (store), NULL);

  if (!prepare_queries (store, error))
    return NULL;
  st = tj_store_statement (store,
                           ROWS_WITH
                           " SELECT COUNT(*), SUM(ci.workers), SUM(" WORKERS_OWED "), SUM(ci.owed_fen),"
                           "        SUM(COALESCE(s.agreed, 0)), SUM(COALESCE(pc.paid, 0)), SUM(" OUTSTANDING "),"
                           "        SUM(COALESCE(ic.overdue, 0)), SUM(COALESCE(ic.n_overdue, 0))"
                           ROWS_FROM, error);
  if (st == NULL)
    return NULL;
  sqlite3_bind_text (st, sqlite3_bind_parameter_index (st, ":today"), today, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (st);
  if (rc != SQLITE_ROW)
    {
      sqlite3_reset (st);
      tj_store_set_error (store, rc, error);
      return NULL;
    }
  totals = json_object_new ();
  for (guint c = 0; c < G_N_ELEMENTS (names); c++)
    json_object_set_int_member (totals, names[c], sqlite3_column_int64 (st, (int) c));
  sqlite3_reset (st);
  return totals;
}

JsonObject *
tj_arrears_list (TjStore     *store,
                 const char  *sort,
                 const char  *today_override,
                 GError     **error)
{
  g_autofree char *today = tj_date_today_iso (today_override);
  g_autoptr(JsonArray) cases = NULL;
  JsonObject *totals, *out;

  g_return_val_if_fail (TJ_IS_STORE (store), NULL);

  cases = tj_arrears_cases_page (store, sort, today, 0, 0, error);
  if (cases == NULL)
    return NULL;
  totals = tj_arrears_totals (store, today, error);
  if (totals == NULL)
    return NULL;
  out = json_object_new ();
  json_object_set_string_member (out, "today", today);
  json_object_set_array_member (out, "cases", g_steal_pointer (&cases));
  json_object_set_object_member (out, "totals", totals);
  return out;
}

/* The overdue installments, oldest first; @limit 0: all. */
#define OVERDUE_WHERE \
  " FROM inst i JOIN case_index ci ON ci.id = i.case_id" \
  " WHERE i.due_on < :today AND i.paid < i.amount_fen" \
  "   AND ci.status NOT IN ('closed', 'withdrawn')"

JsonArray *
tj_arrears_overdue_page (TjStore     *store,
                         const char  *today_override,
                         guint        offset,
                         guint        limit,
                         GError     **error)
{
  g_autofree char *today = tj_date_today_iso (today_override);
  sqlite3_stmt *st;
  JsonArray *out;
  int rc;

  g_return_val_if_fail (TJ_IS_STORE (store), NULL);

  if (!tj_arrears_attach (store, error))
    return NULL;
  st = tj_store_statement (store,
                           "WITH " INSTALLMENTS_CTE
                           " SELECT ci.id, ci.number, ci.title, ci.kind, i.idx, i.due_on, i.amount_fen, i.paid,"
                           "        CAST(julianday(:today) - julianday(i.due_on) AS INTEGER)"
                           OVERDUE_WHERE
                           " ORDER BY i.due_on, ci.number, i.idx LIMIT :limit OFFSET :offset", error);
  if (st == NULL)
    return NULL;
  bind_page (st, today, limit, offset);

  out = json_array_new ();
  while ((rc = sqlite3_step (st)) == SQLITE_ROW)
    {
      JsonObject *row = json_object_new ();
      g_autoptr(JsonArray) steps = tj_arrears_next_steps (tj_store_column_text (st, 3));
      JsonArray *alternatives = json_array_new ();
      gint64 amount = sqlite3_column_int64 (st, 6), paid = sqlite3_column_int64 (st, 7);

      json_object_set_string_member (row, "case_id", tj_store_column_text (st, 0));
      json_object_set_string_member (row, "number", tj_store_column_text (st, 1));
      json_object_set_string_member (row, "title", tj_store_column_text (st, 2));
      json_object_set_string_member (row, "kind", tj_store_column_text (st, 3));
      json_object_set_int_member (row, "installment", sqlite3_column_int64 (st, 4));
      json_object_set_string_member (row, "due_on", tj_store_column_text (st, 5));
      json_object_set_int_member (row, "days_overdue", sqlite3_column_int64 (st, 8));
      json_object_set_int_member (row, "amount_fen", amount);
      json_object_set_int_member (row, "paid_fen", paid);
      json_object_set_int_member (row, "owed_fen", amount - paid);
      json_object_set_object_member (row, "next_step",
                                     json_object_ref (json_array_get_object_element (steps, 0)));
      for (guint k = 1; k < json_array_get_length (steps); k++)
        json_array_add_object_element (alternatives, json_object_ref (json_array_get_object_element (steps, k)));
      json_object_set_array_member (row, "alternatives", alternatives);
      json_array_add_object_element (out, row);
    }
  sqlite3_reset (st);
  if (rc != SQLITE_DONE)
    {
      tj_store_set_error (store, rc, error);
      json_array_unref (out);
      return NULL;
    }
  return out;
}

gboolean
tj_arrears_overdue_count (TjStore     *store,
                          const char  *today_override,
                          guint       *n,
                          GError     **error)
{
  g_autofree char *today = tj_date_today_iso (today_override);
  sqlite3_stmt *st;
  int rc;

  g_return_val_if_fail (TJ_IS_STORE (store), FALSE);

  if (!tj_arrears_attach (store, error))
    return FALSE;
  st = tj_store_statement (store, "WITH " INSTALLMENTS_CTE " SELECT COUNT(*)" OVERDUE_WHERE, error);
  if (st == NULL)
    return FALSE;
  sqlite3_bind_text (st, sqlite3_bind_parameter_index (st, ":today"), today, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (st);
  if (rc == SQLITE_ROW)
    *n = (guint) sqlite3_column_int64 (st, 0);
  sqlite3_reset (st);
  if (rc != SQLITE_ROW)
    return tj_store_set_error (store, rc, error);
  return TRUE;
}

JsonArray *
tj_arrears_overdue (TjStore     *store,
                    const char  *today_override,
                    GError     **error)
{
  return tj_arrears_overdue_page (store, today_override, 0, 0, error);
}
