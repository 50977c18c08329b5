/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The centre's statistics (issue 8), computed in SQL. Definitions are in
 * tj-report.h; the summary's figures and the case lists behind them are
 * written from the same conditions, and the unit test checks that every
 * figure equals the number of cases it lists. */
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

#define INDEX_NAME "report"
#define INDEX_VERSION 3 /* 3: mediation limit counted from receipt, as cases */

static const char * const kinds[] = {
  "wage_arrears", "compensation", "termination", "overtime", "social_insurance", "work_injury", "other", NULL
};
static const char * const sources[] = {
  "hotline", "walk_in", "night_clinic", "station", "court", "referral", NULL
};
static const char * const outcomes[] = { "agreed", "failed", "withdrawn", "referred", NULL };
static const char * const destinations[] = { "arbitration", "court", "labour_inspection", "legal_aid", NULL };

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
                        "  claimed_fen INTEGER NOT NULL DEFAULT 0, owed_fen INTEGER NOT NULL DEFAULT 0)"
                        "  WITHOUT ROWID;"
                        "CREATE INDEX report_case_by_received ON report_case"
                        "  (received_on, kind, source, workers, claimed_fen, owed_fen);"
                        "CREATE INDEX report_case_by_outcome ON report_case"
                        "  (outcome_on, outcome, accepted_on, days, kind, source, workers);"
                        "CREATE INDEX report_case_by_referral ON report_case (referred_on, referred_to);"
                        "CREATE INDEX report_case_by_deadline ON report_case (mediation_deadline, outcome_on);"
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
  GDate accepted, reached;
  gboolean have_accepted;
  sqlite3_stmt *st;

  case_outcome (doc, &outcome, &outcome_on);
  have_accepted = accepted_on && tj_date_parse_iso (accepted_on, &accepted);
  /* The same limit as the case list shows, counted from receipt (§14). */
  deadline = tj_case_mediation_deadline (tj_json_get_string (doc, "received_on", NULL), accepted_on);

  st = tj_store_statement (store,
                           "INSERT OR REPLACE INTO report_case (id, accepted_on, outcome, outcome_on, days, kind,"
                           " source, referred_to, referred_on, mediation_deadline, received_on)"
                           " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)", error);
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

void
tj_report_options_init (TjReportOptions *options)
{
  g_return_if_fail (options != NULL);
  memset (options, 0, sizeof *options);
  options->collective_min_workers = 10;
}

/* ------------------------------------------------------------------ */
/* Periods and labels                                                   */

gboolean
tj_report_check_period (const char  *from,
                        const char  *to,
                        GError     **error)
{
  GDate a, b;

  if (from == NULL || !tj_date_parse_iso (from, &a))
    {
      g_set_error (error, TJ_ERROR, TJ_ERROR_INVALID, _("from: “%s” is not a date (YYYY-MM-DD)"),
                   from ? from : "");
      return FALSE;
    }
  if (to == NULL || !tj_date_parse_iso (to, &b))
    {
      g_set_error (error, TJ_ERROR, TJ_ERROR_INVALID, _("to: “%s” is not a date (YYYY-MM-DD)"), to ? to : "");
      return FALSE;
    }
  if (g_date_compare (&a, &b) > 0)
    {
      g_set_error (error, TJ_ERROR, TJ_ERROR_INVALID, _("to: the period ends (%s) before it starts (%s)"), to, from);
      return FALSE;
    }
  return TRUE;
}

static const char *
month_name (int month)
{
  switch (month)
    {
    case 1: return C_("month", "January");
    case 2: return C_("month", "February");
    case 3: return C_("month", "March");
    case 4: return C_("month", "April");
    case 5: return C_("month", "May");
    case 6: return C_("month", "June");
    case 7: return C_("month", "July");
    case 8: return C_("month", "August");
    case 9: return C_("month", "September");
    case 10: return C_("month", "October");
    case 11: return C_("month", "November");
    case 12: return C_("month", "December");
    default: return "";
    }
}

static const char *
month_short (int month)
{
  switch (month)
    {
    case 1: return C_("month", "Jan");
    case 2: return C_("month", "Feb");
    case 3: return C_("month", "Mar");
    case 4: return C_("month", "Apr");
    case 5: return C_("month", "May");
    case 6: return C_("month", "Jun");
    case 7: return C_("month", "Jul");
    case 8: return C_("month", "Aug");
    case 9: return C_("month", "Sep");
    case 10: return C_("month", "Oct");
    case 11: return C_("month", "Nov");
    case 12: return C_("month", "Dec");
    default: return "";
    }
}

static gboolean
is_month_end (const GDate *d)
{
  return g_date_get_day (d) == g_date_get_days_in_month (g_date_get_month (d), g_date_get_year (d));
}

char *
tj_report_period_label (const char *from,
                        const char *to)
{
  GDate a, b;

  if (from == NULL || to == NULL || !tj_date_parse_iso (from, &a) || !tj_date_parse_iso (to, &b))
    return g_strdup ("");
  if (g_date_get_day (&a) == 1 && is_month_end (&b) && g_date_get_year (&a) == g_date_get_year (&b))
    {
      int y = g_date_get_year (&a);
      int m0 = g_date_get_month (&a), m1 = g_date_get_month (&b);

      if (m0 == m1)
        /* Translators: a month of a year, e.g. "July 2026"; %1$s is the month, %2$d the year */
        return g_strdup_printf (C_("period", "%1$s %2$d"), month_name (m0), y);
      if (m0 == 1 && m1 == 12)
        /* Translators: a whole year */
        return g_strdup_printf (C_("period", "Year %d"), y);
      if (m1 == m0 + 2 && (m0 - 1) % 3 == 0)
        {
          switch ((m0 - 1) / 3)
            {
            case 0: return g_strdup_printf (C_("period", "First quarter of %d"), y);
            case 1: return g_strdup_printf (C_("period", "Second quarter of %d"), y);
            case 2: return g_strdup_printf (C_("period", "Third quarter of %d"), y);
            default: return g_strdup_printf (C_("period", "Fourth quarter of %d"), y);
            }
        }
    }
  /* Translators: a custom period, from one date to another */
  return g_strdup_printf (C_("period", "%s to %s"), from, to);
}

const char *
tj_report_referral_label (const char *destination)
{
  if (g_strcmp0 (destination, "arbitration") == 0)
    return _("Labour arbitration");
  if (g_strcmp0 (destination, "court") == 0)
    return _("People's court");
  if (g_strcmp0 (destination, "labour_inspection") == 0)
    return _("Labour inspection");
  if (g_strcmp0 (destination, "legal_aid") == 0)
    return _("Legal aid");
  return destination ? destination : "";
}

const char *
tj_report_outcome_label (const char *outcome)
{
  if (g_strcmp0 (outcome, "agreed") == 0)
    return C_("outcome", "Agreed");
  if (g_strcmp0 (outcome, "failed") == 0)
    return C_("outcome", "Failed");
  if (g_strcmp0 (outcome, "withdrawn") == 0)
    return C_("outcome", "Withdrawn");
  if (g_strcmp0 (outcome, "referred") == 0)
    return C_("outcome", "Referred");
  return "";
}

/* ------------------------------------------------------------------ */
/* Figures: the condition that selects each figure's cases              */

/*
 * Every case list runs over
 *   case_index c LEFT JOIN report_case r ON r.id = c.id
 * with ?1 = from, ?2 = to, ?3 = today, ?4 = collective threshold and
 * ?5 = the key's parameter (a kind, source, outcome or destination).
 */
#define CLOSED_WHERE "r.outcome_on BETWEEN ?1 AND ?2 AND r.outcome IS NOT NULL AND r.accepted_on IS NOT NULL"

typedef enum {
  ORDER_RECEIVED,
  ORDER_OUTCOME,
  ORDER_DAYS,
  ORDER_DEADLINE,
  ORDER_REFERRAL,
} Order;

typedef struct {
  char  *where;
  char  *param;      /* ?5, or NULL */
  char  *from;       /* the period, narrowed to a month for month.* keys */
  char  *to;
  Order  order;
  gboolean consultations; /* rows are consultations, not cases */
} FigureQuery;

static void
figure_query_clear (FigureQuery *q)
{
  g_free (q->where);
  g_free (q->param);
  g_free (q->from);
  g_free (q->to);
}

static gboolean
in_list (const char         *value,
         const char * const *list)
{
  return value && g_strv_contains ((const char * const *) list, value);
}

static gboolean
invalid_figure (const char  *figure,
                GError     **error)
{
  g_set_error (error, TJ_ERROR, TJ_ERROR_INVALID, _("figure: “%s” is not a figure of the report"),
               figure ? figure : "");
  return FALSE;
}

/* A month.YYYY-MM.* key: the month within the period. */
static gboolean
narrow_to_month (FigureQuery *q,
                 const char  *month)
{
  GDate start, end;
  g_autofree char *first = g_strdup_printf ("%s-01", month);
  g_autofree char *last = NULL;

  if (strlen (month) != 7 || !tj_date_parse_iso (first, &start))
    return FALSE;
  end = start;
  g_date_set_day (&end, g_date_get_days_in_month (g_date_get_month (&start), g_date_get_year (&start)));
  last = tj_date_to_iso (&end);
  if (strcmp (first, q->from) > 0)
    {
      g_free (q->from);
      q->from = g_strdup (first);
    }
  if (strcmp (last, q->to) < 0)
    {
      g_free (q->to);
      q->to = g_strdup (last);
    }
  /* A month outside the period simply selects nothing. */
  return TRUE;
}

static gboolean
figure_query (const char   *figure,
              const char   *from,
              const char   *to,
              FigureQuery  *q,
              GError      **error)
{
  g_auto(GStrv) parts = NULL;
  const char *key = figure;

  memset (q, 0, sizeof *q);
  q->from = g_strdup (from);
  q->to = g_strdup (to);
  q->order = ORDER_RECEIVED;
  if (figure == NULL || *figure == '\0')
    return invalid_figure (figure, error);

  parts = g_strsplit (figure, ".", 3);
  if (g_str_equal (parts[0], "month"))
    {
      if (parts[1] == NULL || parts[2] == NULL || !narrow_to_month (q, parts[1]))
        return invalid_figure (figure, error);
      key = parts[2];
      if (g_str_equal (key, "received"))
        q->where = g_strdup ("r.received_on BETWEEN ?1 AND ?2");
      else if (in_list (key, outcomes))
        {
          q->where = g_strdup (CLOSED_WHERE " AND r.outcome = ?5");
          q->param = g_strdup (key);
          q->order = ORDER_OUTCOME;
        }
      else if (g_str_equal (key, "paid"))
        q->where = g_strdup ("r.id IN (SELECT case_id FROM report_payment WHERE paid_on BETWEEN ?1 AND ?2)");
      else
        return invalid_figure (figure, error);
      return TRUE;
    }

  if (parts[1] && parts[2] == NULL)
    {
      /* received.kind.K style keys have three parts; two-part keys are
       * referrals.D */
      if (g_str_equal (parts[0], "referrals") && in_list (parts[1], destinations))
        {
          q->where = g_strdup ("r.referred_on BETWEEN ?1 AND ?2 AND r.referred_to = ?5");
          q->param = g_strdup (parts[1]);
          q->order = ORDER_REFERRAL;
          return TRUE;
        }
      if (g_str_equal (figure, "consultations.became_cases"))
        {
          q->where = g_strdup ("r.id IN (SELECT case_id FROM report_consultation WHERE held_on BETWEEN ?1 AND ?2"
                               " AND channel = 'night_clinic' AND case_id IS NOT NULL)");
          return TRUE;
        }
      return invalid_figure (figure, error);
    }
  if (parts[1] && parts[2])
    {
      gboolean received = g_str_equal (parts[0], "received");
      gboolean closed = g_str_equal (parts[0], "closed");

      if (!received && !closed)
        return invalid_figure (figure, error);
      if (g_str_equal (parts[1], "kind") && in_list (parts[2], kinds))
        q->where = g_strdup (received ? "r.received_on BETWEEN ?1 AND ?2 AND r.kind = ?5"
                                      : CLOSED_WHERE " AND r.kind = ?5");
      else if (g_str_equal (parts[1], "source") && in_list (parts[2], sources))
        q->where = g_strdup (received ? "r.received_on BETWEEN ?1 AND ?2 AND r.source = ?5"
                                      : CLOSED_WHERE " AND r.source = ?5");
      else
        return invalid_figure (figure, error);
      q->param = g_strdup (parts[2]);
      q->order = received ? ORDER_RECEIVED : ORDER_OUTCOME;
      return TRUE;
    }

  if (g_str_equal (key, "received") || g_str_equal (key, "claimed") || g_str_equal (key, "owed") ||
      g_str_equal (key, "workers_received"))
    q->where = g_strdup ("r.received_on BETWEEN ?1 AND ?2");
  else if (g_str_equal (key, "collective"))
    q->where = g_strdup ("r.received_on BETWEEN ?1 AND ?2 AND r.workers >= ?4");
  else if (g_str_equal (key, "closed") || g_str_equal (key, "settlement_rate"))
    {
      q->where = g_strdup (CLOSED_WHERE);
      q->order = ORDER_OUTCOME;
    }
  else if (g_str_equal (key, "days_average") || g_str_equal (key, "days_longest"))
    {
      q->where = g_strdup (CLOSED_WHERE);
      q->order = ORDER_DAYS;
    }
  else if (in_list (key, outcomes) || g_str_equal (key, "workers_helped"))
    {
      q->where = g_strdup (CLOSED_WHERE " AND r.outcome = ?5");
      q->param = g_strdup (in_list (key, outcomes) ? key : "agreed");
      q->order = ORDER_OUTCOME;
    }
  else if (g_str_equal (key, "agreed_amount"))
    {
      q->where = g_strdup (CLOSED_WHERE " AND r.outcome = 'agreed' AND EXISTS (SELECT 1 FROM report_settlement s"
                           " WHERE s.case_id = c.id AND s.status = 'agreed')");
      q->order = ORDER_OUTCOME;
    }
  else if (g_str_equal (key, "paid"))
    q->where = g_strdup ("r.id IN (SELECT case_id FROM report_payment WHERE paid_on BETWEEN ?1 AND ?2)");
  else if (g_str_equal (key, "deadlines_missed"))
    {
      q->where = g_strdup ("r.mediation_deadline BETWEEN ?1 AND ?2 AND r.mediation_deadline < ?3"
                           " AND (r.outcome_on IS NULL OR r.outcome_on > r.mediation_deadline)");
      q->order = ORDER_DEADLINE;
    }
  else if (g_str_equal (key, "referrals"))
    {
      q->where = g_strdup ("r.referred_on BETWEEN ?1 AND ?2 AND r.referred_to IS NOT NULL");
      q->order = ORDER_REFERRAL;
    }
  else if (g_str_equal (key, "consultations"))
    {
      q->where = g_strdup ("held_on BETWEEN ?1 AND ?2 AND channel = 'night_clinic'");
      q->consultations = TRUE;
    }
  else
    return invalid_figure (figure, error);
  return TRUE;
}

static void
bind_query (sqlite3_stmt          *st,
            const FigureQuery     *q,
            const char            *today,
            const TjReportOptions *options)
{
  sqlite3_bind_text (st, 1, q->from, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (st, 2, q->to, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (st, 3, today, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (st, 4, options->collective_min_workers);
  if (q->param)
    sqlite3_bind_text (st, 5, q->param, -1, SQLITE_TRANSIENT);
  else
    sqlite3_bind_null (st, 5);
}

gint64
tj_report_count (TjStore                *store,
                 const char             *from,
                 const char             *to,
                 const char             *figure,
                 const TjReportOptions  *options,
                 GError                **error)
{
  TjReportOptions defaults;
  FigureQuery q;
  g_autofree char *sql = NULL;
  g_autofree char *today = NULL;
  sqlite3_stmt *st;
  gint64 n = -1;
  int rc;

  g_return_val_if_fail (TJ_IS_STORE (store), -1);

  if (options == NULL)
    {
      tj_report_options_init (&defaults);
      options = &defaults;
    }
  if (!tj_report_check_period (from, to, error) || !tj_report_attach (store, error))
    return -1;
  if (!figure_query (figure, from, to, &q, error))
    {
      figure_query_clear (&q);
      return -1;
    }
  today = tj_date_today_iso (options->today);
  if (q.consultations)
    sql = g_strdup_printf ("SELECT COUNT(*) FROM report_consultation WHERE %s", q.where);
  else
    sql = g_strdup_printf ("SELECT COUNT(*) FROM report_case r JOIN case_index c ON c.id = r.id WHERE %s",
                           q.where);
  st = tj_store_prepare (store, sql, error);
  if (st)
    {
      bind_query (st, &q, today, options);
      rc = sqlite3_step (st);
      if (rc == SQLITE_ROW)
        n = sqlite3_column_int64 (st, 0);
      else
        tj_store_set_error (store, rc, error);
      sqlite3_finalize (st);
    }
  figure_query_clear (&q);
  return n;
}

JsonArray *
tj_report_cases_full (TjStore                *store,
                      const char             *from,
                      const char             *to,
                      const char             *figure,
                      const TjReportOptions  *options,
                      GError                **error)
{
  static const char * const order_by[] = {
    [ORDER_RECEIVED] = "c.received_on, c.number_year, c.number_seq",
    [ORDER_OUTCOME] = "r.outcome_on, c.received_on, c.number_seq",
    [ORDER_DAYS] = "r.days DESC, r.outcome_on",
    [ORDER_DEADLINE] = "r.mediation_deadline, c.number_seq",
    [ORDER_REFERRAL] = "r.referred_on, c.number_seq",
  };
  TjReportOptions defaults;
  FigureQuery q;
  g_autofree char *sql = NULL;
  g_autofree char *today = NULL;
  g_autofree char *limit = NULL;
  g_autoptr(JsonArray) rows = NULL;
  sqlite3_stmt *st;
  int rc;

  g_return_val_if_fail (TJ_IS_STORE (store), NULL);

  if (options == NULL)
    {
      tj_report_options_init (&defaults);
      options = &defaults;
    }
  if (!tj_report_check_period (from, to, error) || !tj_report_attach (store, error))
    return NULL;
  if (!figure_query (figure, from, to, &q, error))
    {
      figure_query_clear (&q);
      return NULL;
    }
  today = tj_date_today_iso (options->today);
  limit = options->limit ? g_strdup_printf (" LIMIT %u", options->limit) : g_strdup ("");
  if (q.consultations)
    sql = g_strdup_printf ("SELECT k.id, k.held_on, k.title, k.case_id, c.number FROM report_consultation k"
                           " LEFT JOIN case_index c ON c.id = k.case_id WHERE %s ORDER BY k.held_on, k.id%s",
                           q.where, limit);
  else
    sql = g_strdup_printf ("SELECT c.id, c.number, c.title, c.status, c.kind, c.source, c.received_on,"
                           " r.accepted_on, r.outcome, r.outcome_on, r.days, r.workers, r.claimed_fen,"
                           " r.owed_fen, r.mediation_deadline, r.referred_to, c.employer"
                           " FROM report_case r JOIN case_index c ON c.id = r.id WHERE %s ORDER BY %s%s",
                           q.where, order_by[q.order], limit);
  st = tj_store_prepare (store, sql, error);
  if (st == NULL)
    {
      figure_query_clear (&q);
      return NULL;
    }
  bind_query (st, &q, today, options);
  rows = json_array_new ();
  while ((rc = sqlite3_step (st)) == SQLITE_ROW)
    {
      JsonObject *o = json_object_new ();

      if (q.consultations)
        {
          json_object_set_string_member (o, "type", "consultation");
          json_object_set_string_member (o, "id", tj_store_column_text (st, 0));
          json_object_set_string_member (o, "held_on", tj_store_column_text (st, 1));
          json_object_set_string_member (o, "title", tj_store_column_text (st, 2));
          if (sqlite3_column_type (st, 3) != SQLITE_NULL)
            {
              json_object_set_string_member (o, "case_id", tj_store_column_text (st, 3));
              json_object_set_string_member (o, "number", tj_store_column_text (st, 4));
            }
        }
      else
        {
          const char *title = tj_store_column_text (st, 2);
          json_object_set_string_member (o, "type", "case");
          json_object_set_string_member (o, "id", tj_store_column_text (st, 0));
          json_object_set_string_member (o, "number", tj_store_column_text (st, 1));
          /* Cases taken in quickly may have no title yet: the employer
           * says which case it is. */
          json_object_set_string_member (o, "title", *title ? title : tj_store_column_text (st, 16));
          json_object_set_string_member (o, "status", tj_store_column_text (st, 3));
          json_object_set_string_member (o, "status_label", tj_case_status_label (tj_store_column_text (st, 3)));
          json_object_set_string_member (o, "kind", tj_store_column_text (st, 4));
          json_object_set_string_member (o, "source", tj_store_column_text (st, 5));
          json_object_set_string_member (o, "received_on", tj_store_column_text (st, 6));
          for (int i = 7; i <= 9; i++)
            if (sqlite3_column_type (st, i) != SQLITE_NULL)
              json_object_set_string_member (o, sqlite3_column_name (st, i), tj_store_column_text (st, i));
          if (sqlite3_column_type (st, 10) != SQLITE_NULL)
            json_object_set_int_member (o, "days", sqlite3_column_int64 (st, 10));
          json_object_set_int_member (o, "workers", sqlite3_column_int64 (st, 11));
          json_object_set_int_member (o, "claimed_fen", sqlite3_column_int64 (st, 12));
          json_object_set_int_member (o, "owed_fen", sqlite3_column_int64 (st, 13));
          for (int i = 14; i <= 15; i++)
            if (sqlite3_column_type (st, i) != SQLITE_NULL)
              json_object_set_string_member (o, sqlite3_column_name (st, i), tj_store_column_text (st, i));
        }
      json_array_add_object_element (rows, o);
    }
  if (rc != SQLITE_DONE)
    {
      tj_store_set_error (store, rc, error);
      g_clear_pointer (&rows, json_array_unref);
    }
  sqlite3_finalize (st);
  figure_query_clear (&q);
  return g_steal_pointer (&rows);
}

JsonArray *
tj_report_cases (TjStore     *store,
                 const char  *from,
                 const char  *to,
                 const char  *figure,
                 GError     **error)
{
  return tj_report_cases_full (store, from, to, figure, NULL, error);
}

/* ------------------------------------------------------------------ */
/* The summary                                                          */

typedef struct {
  char   *month;     /* YYYY-MM */
  gint64  received;
  gint64  outcome[4];
  gint64  agreed_fen;
  gint64  paid_fen;
} Month;

typedef struct {
  gint64 received, closed, agreed;
} Split;

typedef struct {
  const TjReportOptions *options;
  const char *from, *to;
  char       *today;
  gint64      received, workers_received, claimed_fen, owed_fen, collective;
  gint64      outcome[4];
  gint64      days_cases, days_total, days_longest;
  gint64      workers_helped, agreed_fen, paid_fen, paid_cases;
  gint64      deadlines_missed;
  gint64      night_clinic, became_cases;
  gint64      referrals[5]; /* per destination, then the total */
  Split       by_kind[G_N_ELEMENTS (kinds) - 1];
  Split       by_source[G_N_ELEMENTS (sources) - 1];
  GArray     *months;       /* of Month */
  int         first_year, first_month;
} Summary;

static int
index_of (const char         *value,
          const char * const *list)
{
  for (int i = 0; list[i]; i++)
    if (g_strcmp0 (list[i], value) == 0)
      return i;
  return -1;
}

/* The month of an ISO date, by arithmetic: this runs once per case. */
static Month *
month_of (Summary    *s,
          const char *date)
{
  int y, m, i;

  if (date == NULL || s->months->len == 0 || strlen (date) < 7 || date[4] != '-')
    return NULL;
  y = (date[0] - '0') * 1000 + (date[1] - '0') * 100 + (date[2] - '0') * 10 + (date[3] - '0');
  m = (date[5] - '0') * 10 + (date[6] - '0');
  i = (y - s->first_year) * 12 + (m - s->first_month);
  if (i < 0 || (guint) i >= s->months->len)
    return NULL;
  return &g_array_index (s->months, Month, i);
}

static void
month_clear (gpointer data)
{
  g_free (((Month *) data)->month);
}

static void
fill_months (Summary *s)
{
  GDate d, end;

  tj_date_parse_iso (s->from, &d);
  tj_date_parse_iso (s->to, &end);
  g_date_set_day (&d, 1);
  s->first_year = g_date_get_year (&d);
  s->first_month = g_date_get_month (&d);
  while (g_date_compare (&d, &end) <= 0)
    {
      Month m = { 0 };
      m.month = g_strdup_printf ("%04d-%02d", g_date_get_year (&d), g_date_get_month (&d));
      g_array_append_val (s->months, m);
      g_date_add_months (&d, 1);
    }
}

static sqlite3_stmt *
summary_statement (TjStore     *store,
                   Summary     *s,
                   const char  *sql,
                   GError     **error)
{
  sqlite3_stmt *st = tj_store_statement (store, sql, error);

  if (st == NULL)
    return NULL;
  sqlite3_bind_text (st, 1, s->from, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (st, 2, s->to, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (st, 3, s->today, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (st, 4, s->options->collective_min_workers);
  return st;
}

static gboolean
finish_rows (TjStore       *store,
             sqlite3_stmt  *st,
             int            rc,
             GError       **error)
{
  sqlite3_reset (st);
  sqlite3_clear_bindings (st);
  if (rc != SQLITE_DONE)
    return tj_store_set_error (store, rc, error);
  return TRUE;
}

/* A summary query of one row: its first column into @first and, when
 * @second is not NULL, the second into @second. */
static gboolean
summary_row (TjStore     *store,
             Summary     *s,
             const char  *sql,
             gint64      *first,
             gint64      *second,
             GError     **error)
{
  sqlite3_stmt *st = summary_statement (store, s, sql, error);
  int rc;

  if (st == NULL)
    return FALSE;
  rc = sqlite3_step (st);
  if (rc == SQLITE_ROW)
    {
      *first = sqlite3_column_int64 (st, 0);
      if (second)
        *second = sqlite3_column_int64 (st, 1);
      rc = SQLITE_DONE;
    }
  return finish_rows (store, st, rc, error);
}

/* One pass over the cases received in the period: a range of a covering
 * index, aggregated here rather than by a GROUP BY, which would sort
 * every row (a year of 100,000 cases) in a temporary B-tree. */
static gboolean
query_received (TjStore  *store,
                Summary  *s,
                GError  **error)
{
  sqlite3_stmt *st = summary_statement (store, s,
    "SELECT received_on, kind, source, workers, claimed_fen, owed_fen"
    " FROM report_case WHERE received_on BETWEEN ?1 AND ?2 AND ?3 IS NOT NULL AND ?4 IS NOT NULL", error);
  gint64 min_workers = s->options->collective_min_workers;
  int rc;

  if (st == NULL)
    return FALSE;
  while ((rc = sqlite3_step (st)) == SQLITE_ROW)
    {
      Month *m = month_of (s, (const char *) sqlite3_column_text (st, 0));
      int k = index_of ((const char *) sqlite3_column_text (st, 1), kinds);
      int src = index_of ((const char *) sqlite3_column_text (st, 2), sources);
      gint64 workers = sqlite3_column_int64 (st, 3);
      gint64 claimed = sqlite3_column_int64 (st, 4);
      gint64 owed = sqlite3_column_int64 (st, 5);

      s->received++;
      s->workers_received += workers;
      s->owed_fen += owed;
      s->claimed_fen += MAX (claimed, owed);
      if (workers >= min_workers)
        s->collective++;
      if (k >= 0)
        s->by_kind[k].received++;
      if (src >= 0)
        s->by_source[src].received++;
      if (m)
        m->received++;
    }
  return finish_rows (store, st, rc, error);
}

/* One pass over the index of outcomes: the cases closed in the period,
 * with the workers of those agreed. */
static gboolean
query_outcomes (TjStore  *store,
                Summary  *s,
                GError  **error)
{
  sqlite3_stmt *st = summary_statement (store, s,
    "SELECT outcome, kind, source, outcome_on, days, workers"
    " FROM report_case WHERE outcome_on BETWEEN ?1 AND ?2 AND outcome IS NOT NULL"
    " AND accepted_on IS NOT NULL AND ?3 IS NOT NULL AND ?4 IS NOT NULL", error);
  int rc;

  if (st == NULL)
    return FALSE;
  while ((rc = sqlite3_step (st)) == SQLITE_ROW)
    {
      int o = index_of ((const char *) sqlite3_column_text (st, 0), outcomes);
      int k = index_of ((const char *) sqlite3_column_text (st, 1), kinds);
      int src = index_of ((const char *) sqlite3_column_text (st, 2), sources);
      Month *m = month_of (s, (const char *) sqlite3_column_text (st, 3));

      if (o < 0)
        continue;
      s->outcome[o]++;
      if (sqlite3_column_type (st, 4) != SQLITE_NULL)
        {
          gint64 days = sqlite3_column_int64 (st, 4);
          s->days_cases++;
          s->days_total += days;
          s->days_longest = MAX (s->days_longest, days);
        }
      if (o == 0)
        s->workers_helped += sqlite3_column_int64 (st, 5);
      if (k >= 0)
        {
          s->by_kind[k].closed++;
          if (o == 0)
            s->by_kind[k].agreed++;
        }
      if (src >= 0)
        {
          s->by_source[src].closed++;
          if (o == 0)
            s->by_source[src].agreed++;
        }
      if (m)
        m->outcome[o]++;
    }
  return finish_rows (store, st, rc, error);
}

/* The agreed totals of the cases agreed in the period, starting from the
 * (few) settlements. */
static gboolean
query_agreed (TjStore  *store,
              Summary  *s,
              GError  **error)
{
  sqlite3_stmt *st = summary_statement (store, s,
    "SELECT substr(r.outcome_on, 1, 7), 0, SUM(x.total_fen)"
    " FROM report_settlement x JOIN report_case r ON r.id = x.case_id"
    " WHERE x.status = 'agreed' AND r.outcome_on BETWEEN ?1 AND ?2 AND r.outcome = 'agreed'"
    " AND r.accepted_on IS NOT NULL AND ?3 IS NOT NULL AND ?4 IS NOT NULL GROUP BY 1", error);
  int rc;

  if (st == NULL)
    return FALSE;
  while ((rc = sqlite3_step (st)) == SQLITE_ROW)
    {
      Month *m = month_of (s, tj_store_column_text (st, 0));
      s->agreed_fen += sqlite3_column_int64 (st, 2);
      if (m)
        m->agreed_fen += sqlite3_column_int64 (st, 2);
    }
  return finish_rows (store, st, rc, error);
}

static gboolean
query_paid (TjStore  *store,
            Summary  *s,
            GError  **error)
{
  sqlite3_stmt *st = summary_statement (store, s,
    "SELECT substr(paid_on, 1, 7), SUM(amount_fen) FROM report_payment"
    " WHERE paid_on BETWEEN ?1 AND ?2 AND ?3 IS NOT NULL AND ?4 IS NOT NULL GROUP BY 1", error);
  int rc;

  if (st == NULL)
    return FALSE;
  while ((rc = sqlite3_step (st)) == SQLITE_ROW)
    {
      Month *m = month_of (s, tj_store_column_text (st, 0));
      s->paid_fen += sqlite3_column_int64 (st, 1);
      if (m)
        m->paid_fen += sqlite3_column_int64 (st, 1);
    }
  if (!finish_rows (store, st, rc, error))
    return FALSE;

  /* Only the cases that still exist, like the case list behind it. */
  return summary_row (store, s,
    "SELECT COUNT(*) FROM report_case WHERE id IN (SELECT case_id FROM report_payment"
    " WHERE paid_on BETWEEN ?1 AND ?2) AND ?3 IS NOT NULL AND ?4 IS NOT NULL",
    &s->paid_cases, NULL, error);
}

static gboolean
query_rest (TjStore  *store,
            Summary  *s,
            GError  **error)
{
  sqlite3_stmt *st;
  int rc;

  if (!summary_row (store, s,
    "SELECT COUNT(*) FROM report_case WHERE mediation_deadline BETWEEN ?1 AND ?2"
    " AND mediation_deadline < ?3 AND (outcome_on IS NULL OR outcome_on > mediation_deadline)"
    " AND ?4 IS NOT NULL", &s->deadlines_missed, NULL, error))
    return FALSE;

  st = summary_statement (store, s,
    "SELECT referred_to, COUNT(*) FROM report_case WHERE referred_on BETWEEN ?1 AND ?2"
    " AND referred_to IS NOT NULL AND ?3 IS NOT NULL AND ?4 IS NOT NULL GROUP BY 1", error);
  if (st == NULL)
    return FALSE;
  while ((rc = sqlite3_step (st)) == SQLITE_ROW)
    {
      int d = index_of (tj_store_column_text (st, 0), destinations);
      if (d >= 0)
        {
          s->referrals[d] += sqlite3_column_int64 (st, 1);
          s->referrals[4] += sqlite3_column_int64 (st, 1);
        }
    }
  if (!finish_rows (store, st, rc, error))
    return FALSE;

  return summary_row (store, s,
    "SELECT COUNT(*), COUNT(case_id) FROM report_consultation WHERE held_on BETWEEN ?1 AND ?2"
    " AND channel = 'night_clinic' AND ?3 IS NOT NULL AND ?4 IS NOT NULL",
    &s->night_clinic, &s->became_cases, error);
}

/* ---- presentation: the tables shared by the GUI, CSV and PDF ---- */

static JsonObject *
table_new (JsonArray  *tables,
           const char *key,
           const char *title)
{
  JsonObject *t = json_object_new ();

  json_object_set_string_member (t, "key", key);
  json_object_set_string_member (t, "title", title);
  json_object_set_array_member (t, "columns", json_array_new ());
  json_object_set_array_member (t, "rows", json_array_new ());
  json_array_add_object_element (tables, t);
  return t;
}

static void
table_column (JsonObject *t,
              const char *key,
              const char *title,
              const char *unit)
{
  JsonObject *c = json_object_new ();

  json_object_set_string_member (c, "key", key);
  json_object_set_string_member (c, "title", title);
  json_object_set_string_member (c, "unit", unit);
  json_array_add_object_element (json_object_get_array_member (t, "columns"), c);
}

static JsonArray *
table_row (JsonObject *t,
           const char *key,
           const char *label)
{
  JsonObject *r = json_object_new ();
  JsonArray *cells = json_array_new ();

  json_object_set_string_member (r, "key", key);
  json_object_set_string_member (r, "label", label);
  json_object_set_array_member (r, "cells", cells);
  json_array_add_object_element (json_object_get_array_member (t, "rows"), r);
  return cells;
}

static void
cell_int (JsonArray  *cells,
          gint64      value,
          const char *unit,
          const char *figure)
{
  JsonObject *c = json_object_new ();

  json_object_set_int_member (c, "value", value);
  json_object_set_string_member (c, "unit", unit);
  if (figure)
    json_object_set_string_member (c, "figure", figure);
  else
    json_object_set_null_member (c, "figure");
  json_array_add_object_element (cells, c);
}

static void
cell_double (JsonArray  *cells,
             gboolean    have,
             double      value,
             const char *unit,
             const char *figure)
{
  JsonObject *c = json_object_new ();

  if (have)
    json_object_set_double_member (c, "value", value);
  else
    json_object_set_null_member (c, "value");
  json_object_set_string_member (c, "unit", unit);
  json_object_set_string_member (c, "figure", figure);
  json_array_add_object_element (cells, c);
}

static void
one_row (JsonObject *t,
         const char *key,
         const char *label,
         gint64      value,
         const char *unit,
         const char *figure)
{
  cell_int (table_row (t, key, label), value, unit, figure);
}

char *
tj_report_figure_label (const char *figure)
{
  static const struct { const char *key; const char *label; } labels[] = {
    { "received", N_("Cases received") },
    { "closed", N_("Cases closed") },
    { "agreed", N_("Settled by agreement") },
    { "failed", N_("Mediation failed") },
    { "withdrawn", N_("Withdrawn") },
    { "referred", N_("Referred after mediation") },
    { "settlement_rate", N_("Settlement rate") },
    { "collective", N_("Collective cases") },
    { "workers_received", N_("Workers in the cases received") },
    { "workers_helped", N_("Workers helped") },
    { "days_average", N_("Average days from acceptance to outcome") },
    { "days_longest", N_("Longest days from acceptance to outcome") },
    { "deadlines_missed", N_("Mediation deadlines missed") },
    { "claimed", N_("Amount claimed") },
    { "owed", N_("Wages owed at intake") },
    { "agreed_amount", N_("Amount agreed") },
    { "paid", N_("Amount recovered (paid)") },
    { "consultations", N_("Evening-clinic consultations") },
    { "consultations.became_cases", N_("Consultations that became cases") },
    { "referrals", N_("Referrals") },
  };
  g_auto(GStrv) parts = NULL;

  if (figure == NULL)
    return NULL;
  for (guint i = 0; i < G_N_ELEMENTS (labels); i++)
    if (g_str_equal (labels[i].key, figure))
      return g_strdup (_(labels[i].label));
  parts = g_strsplit (figure, ".", 3);
  if (g_strv_length (parts) == 2 && g_str_equal (parts[0], "referrals"))
    /* Translators: referrals to one destination, e.g. "Referrals: Labour arbitration" */
    return g_strdup_printf (_("Referrals: %s"), tj_report_referral_label (parts[1]));
  if (g_strv_length (parts) == 3 && (g_str_equal (parts[0], "received") || g_str_equal (parts[0], "closed")))
    {
      const char *what = g_str_equal (parts[1], "kind") ? tj_case_kind_label (parts[2])
                                                        : tj_case_source_label (parts[2]);
      return g_str_equal (parts[0], "received")
             /* Translators: %s is a kind or source of case */
             ? g_strdup_printf (_("Cases received: %s"), what)
             : g_strdup_printf (_("Cases closed: %s"), what);
    }
  if (g_strv_length (parts) == 3 && g_str_equal (parts[0], "month"))
    {
      g_autofree char *what = NULL;
      int y = 0, m = 0;
      if (sscanf (parts[1], "%d-%d", &y, &m) != 2)
        return NULL;
      if (g_str_equal (parts[2], "received"))
        what = g_strdup (_("Cases received"));
      else if (g_str_equal (parts[2], "paid"))
        what = g_strdup (_("Amount recovered (paid)"));
      else
        what = g_strdup (tj_report_outcome_label (parts[2]));
      /* Translators: a month's figure: "%1$s %2$d: %3$s" is "July 2026: Agreed" */
      return g_strdup_printf (_("%1$s %2$d: %3$s"), month_name (m), y, what);
    }
  return NULL;
}

static JsonObject *
build_json (Summary *s)
{
  JsonObject *o = json_object_new ();
  JsonObject *days = json_object_new ();
  JsonObject *consult = json_object_new ();
  JsonObject *referrals = json_object_new ();
  JsonArray *by_kind = json_array_new ();
  JsonArray *by_source = json_array_new ();
  JsonArray *months = json_array_new ();
  JsonArray *tables = json_array_new ();
  gint64 closed = s->outcome[0] + s->outcome[1] + s->outcome[2] + s->outcome[3];
  double rate = closed ? (double) s->outcome[0] / (double) closed : 0;
  double average = s->days_cases ? (double) s->days_total / (double) s->days_cases : 0;
  g_autofree char *label = tj_report_period_label (s->from, s->to);
  g_autofree char *collective_label = NULL;
  JsonObject *t;
  JsonArray *cells;

  json_object_set_string_member (o, "from", s->from);
  json_object_set_string_member (o, "to", s->to);
  json_object_set_string_member (o, "label", label);
  json_object_set_string_member (o, "today", s->today);
  json_object_set_int_member (o, "collective_min_workers", s->options->collective_min_workers);
  json_object_set_int_member (o, "received", s->received);
  json_object_set_int_member (o, "closed", closed);
  for (int i = 0; outcomes[i]; i++)
    json_object_set_int_member (o, outcomes[i], s->outcome[i]);
  if (closed)
    json_object_set_double_member (o, "settlement_rate", rate);
  else
    json_object_set_null_member (o, "settlement_rate");
  json_object_set_int_member (o, "claimed_fen", s->claimed_fen);
  json_object_set_int_member (o, "owed_fen", s->owed_fen);
  json_object_set_int_member (o, "agreed_fen", s->agreed_fen);
  json_object_set_int_member (o, "paid_fen", s->paid_fen);
  json_object_set_int_member (o, "paid_cases", s->paid_cases);
  json_object_set_int_member (o, "workers_helped", s->workers_helped);
  json_object_set_int_member (o, "workers_received", s->workers_received);
  json_object_set_int_member (o, "collective", s->collective);
  json_object_set_int_member (days, "cases", s->days_cases);
  if (s->days_cases)
    {
      json_object_set_double_member (days, "average", average);
      json_object_set_int_member (days, "longest", s->days_longest);
    }
  else
    {
      json_object_set_null_member (days, "average");
      json_object_set_null_member (days, "longest");
    }
  json_object_set_object_member (o, "days_to_outcome", days);
  json_object_set_int_member (o, "deadlines_missed", s->deadlines_missed);
  json_object_set_int_member (consult, "night_clinic", s->night_clinic);
  json_object_set_int_member (consult, "became_cases", s->became_cases);
  json_object_set_object_member (o, "consultations", consult);
  json_object_set_int_member (referrals, "total", s->referrals[4]);
  for (int i = 0; destinations[i]; i++)
    json_object_set_int_member (referrals, destinations[i], s->referrals[i]);
  json_object_set_object_member (o, "referrals", referrals);

  for (int i = 0; kinds[i]; i++)
    {
      JsonObject *k = json_object_new ();
      json_object_set_string_member (k, "kind", kinds[i]);
      json_object_set_string_member (k, "label", tj_case_kind_label (kinds[i]));
      json_object_set_int_member (k, "received", s->by_kind[i].received);
      json_object_set_int_member (k, "closed", s->by_kind[i].closed);
      json_object_set_int_member (k, "agreed", s->by_kind[i].agreed);
      json_array_add_object_element (by_kind, k);
    }
  json_object_set_array_member (o, "by_kind", by_kind);
  for (int i = 0; sources[i]; i++)
    {
      JsonObject *k = json_object_new ();
      json_object_set_string_member (k, "source", sources[i]);
      json_object_set_string_member (k, "label", tj_case_source_label (sources[i]));
      json_object_set_int_member (k, "received", s->by_source[i].received);
      json_object_set_int_member (k, "closed", s->by_source[i].closed);
      json_object_set_int_member (k, "agreed", s->by_source[i].agreed);
      json_array_add_object_element (by_source, k);
    }
  json_object_set_array_member (o, "by_source", by_source);
  for (guint i = 0; i < s->months->len; i++)
    {
      Month *m = &g_array_index (s->months, Month, i);
      JsonObject *j = json_object_new ();
      json_object_set_string_member (j, "month", m->month);
      json_object_set_string_member (j, "label", month_short (atoi (m->month + 5)));
      json_object_set_int_member (j, "received", m->received);
      for (int k = 0; outcomes[k]; k++)
        json_object_set_int_member (j, outcomes[k], m->outcome[k]);
      json_object_set_int_member (j, "agreed_fen", m->agreed_fen);
      json_object_set_int_member (j, "paid_fen", m->paid_fen);
      json_array_add_object_element (months, j);
    }
  json_object_set_array_member (o, "months", months);

  /* Overview */
  t = table_new (tables, "overview", _("Cases"));
  table_column (t, "value", _("Figure"), "count");
  one_row (t, "received", _("Cases received"), s->received, "count", "received");
  one_row (t, "closed", _("Cases closed"), closed, "count", "closed");
  one_row (t, "agreed", _("Settled by agreement"), s->outcome[0], "count", "agreed");
  one_row (t, "failed", _("Mediation failed"), s->outcome[1], "count", "failed");
  one_row (t, "withdrawn", _("Withdrawn"), s->outcome[2], "count", "withdrawn");
  one_row (t, "referred", _("Referred after mediation"), s->outcome[3], "count", "referred");
  cell_double (table_row (t, "settlement_rate", _("Settlement rate")), closed > 0, rate, "rate", "closed");
  collective_label = g_strdup_printf (_("Collective cases (%u or more workers)"),
                                      s->options->collective_min_workers);
  one_row (t, "collective", collective_label, s->collective, "count", "collective");
  one_row (t, "workers_received", _("Workers in the cases received"), s->workers_received, "count", "received");
  one_row (t, "workers_helped", _("Workers helped"), s->workers_helped, "count", "agreed");
  cell_double (table_row (t, "days_average", _("Average days from acceptance to outcome")),
               s->days_cases > 0, average, "days", "days_average");
  cell_double (table_row (t, "days_longest", _("Longest days from acceptance to outcome")),
               s->days_cases > 0, (double) s->days_longest, "days", "days_longest");
  one_row (t, "deadlines_missed", _("Mediation deadlines missed"), s->deadlines_missed, "count", "deadlines_missed");

  /* Amounts */
  t = table_new (tables, "amounts", _("Amounts"));
  table_column (t, "value", _("Amount"), "fen");
  one_row (t, "claimed", _("Amount claimed"), s->claimed_fen, "fen", "received");
  one_row (t, "agreed_amount", _("Amount agreed"), s->agreed_fen, "fen", "agreed_amount");
  one_row (t, "paid", _("Amount recovered (paid)"), s->paid_fen, "fen", "paid");

  /* By kind and by source */
  for (int pass = 0; pass < 2; pass++)
    {
      const char * const *list = pass ? sources : kinds;
      Split *split = pass ? s->by_source : s->by_kind;
      const char *dim = pass ? "source" : "kind";

      t = pass ? table_new (tables, "by_source", _("Cases by source"))
               : table_new (tables, "by_kind", _("Cases by kind"));
      table_column (t, "received", C_("report column", "Received"), "count");
      table_column (t, "closed", C_("report column", "Closed"), "count");
      table_column (t, "agreed", C_("outcome", "Agreed"), "count");
      for (int i = 0; list[i]; i++)
        {
          g_autofree char *rf = g_strdup_printf ("received.%s.%s", dim, list[i]);
          g_autofree char *cf = g_strdup_printf ("closed.%s.%s", dim, list[i]);
          cells = table_row (t, list[i], pass ? tj_case_source_label (list[i]) : tj_case_kind_label (list[i]));
          cell_int (cells, split[i].received, "count", rf);
          cell_int (cells, split[i].closed, "count", cf);
          cell_int (cells, split[i].agreed, "count", NULL);
        }
    }

  /* Referrals */
  t = table_new (tables, "referrals", _("Referrals by destination"));
  table_column (t, "value", C_("report column", "Cases"), "count");
  for (int i = 0; destinations[i]; i++)
    {
      g_autofree char *f = g_strdup_printf ("referrals.%s", destinations[i]);
      one_row (t, destinations[i], tj_report_referral_label (destinations[i]), s->referrals[i], "count", f);
    }
  one_row (t, "total", _("All referrals"), s->referrals[4], "count", "referrals");

  /* Evening clinics */
  t = table_new (tables, "consultations", _("Evening legal clinics"));
  table_column (t, "value", _("Figure"), "count");
  one_row (t, "night_clinic", _("Evening-clinic consultations"), s->night_clinic, "count", "consultations");
  one_row (t, "became_cases", _("Consultations that became cases"), s->became_cases, "count",
           "consultations.became_cases");

  /* Months */
  t = table_new (tables, "months", _("By month"));
  table_column (t, "received", C_("report column", "Received"), "count");
  for (int k = 0; outcomes[k]; k++)
    table_column (t, outcomes[k], tj_report_outcome_label (outcomes[k]), "count");
  table_column (t, "paid", _("Recovered"), "fen");
  for (guint i = 0; i < s->months->len; i++)
    {
      Month *m = &g_array_index (s->months, Month, i);
      g_autofree char *mlabel = NULL;
      g_autofree char *f = NULL;
      mlabel = g_strdup_printf (C_("period", "%1$s %2$d"), month_name (atoi (m->month + 5)), atoi (m->month));
      cells = table_row (t, m->month, mlabel);
      f = g_strdup_printf ("month.%s.received", m->month);
      cell_int (cells, m->received, "count", f);
      for (int k = 0; outcomes[k]; k++)
        {
          g_free (f);
          f = g_strdup_printf ("month.%s.%s", m->month, outcomes[k]);
          cell_int (cells, m->outcome[k], "count", f);
        }
      g_free (f);
      f = g_strdup_printf ("month.%s.paid", m->month);
      cell_int (cells, m->paid_fen, "fen", f);
    }

  json_object_set_array_member (o, "tables", tables);
  return o;
}

JsonObject *
tj_report_summary_full (TjStore                *store,
                        const char             *from,
                        const char             *to,
                        const TjReportOptions  *options,
                        GError                **error)
{
  TjReportOptions defaults;
  Summary s = { 0 };
  JsonObject *out = NULL;

  g_return_val_if_fail (TJ_IS_STORE (store), NULL);

  if (options == NULL)
    {
      tj_report_options_init (&defaults);
      options = &defaults;
    }
  if (!tj_report_check_period (from, to, error) || !tj_report_attach (store, error))
    return NULL;

  s.options = options;
  s.from = from;
  s.to = to;
  s.today = tj_date_today_iso (options->today);
  s.months = g_array_new (FALSE, TRUE, sizeof (Month));
  g_array_set_clear_func (s.months, month_clear);
  fill_months (&s);

  /* One read transaction: every figure sees the same state of the store,
   * even while another thread (sync) writes. */
  if (!tj_store_exec (store, "SAVEPOINT tj_report", error))
    goto out;
  if (query_received (store, &s, error) && query_outcomes (store, &s, error) &&
      query_agreed (store, &s, error) && query_paid (store, &s, error) && query_rest (store, &s, error))
    out = build_json (&s);
  tj_store_exec (store, "RELEASE tj_report", NULL);

out:
  g_array_unref (s.months);
  g_free (s.today);
  return out;
}

JsonObject *
tj_report_summary (TjStore     *store,
                   const char  *from,
                   const char  *to,
                   GError     **error)
{
  return tj_report_summary_full (store, from, to, NULL, error);
}
