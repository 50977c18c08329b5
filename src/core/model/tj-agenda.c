/* SPDX-License-Identifier: GPL-3.0-or-later */
#undef G_LOG_DOMAIN
#define G_LOG_DOMAIN "Tiaojie-Agenda"

#include <string.h>

#include "tj-agenda.h"
#include "tj-arrears.h"
#include "tj-deadline.h"
#include "tj-i18n.h"
#include "tj-json.h"
#include "tj-money.h"
#include "tj-session.h"

/* Follow-up calls are organisation practice, not law: one missed by more
 * than a month is no longer worth a reminder. */
#define FOLLOW_UP_GRACE_DAYS 30
/* The second call is 30 days after closing, plus at most a long holiday
 * (§203 moves the day past rest days). */
#define FOLLOW_UP_WINDOW_DAYS (30 + 12)

#define ENDED_STATUSES "('closed', 'withdrawn', 'failed', 'referred')"

static gboolean
sql_failed (TjStore  *store,
            GError  **error)
{
  g_set_error (error, TJ_ERROR, TJ_ERROR_FAILED, _("Database error in the agenda: %s"),
               sqlite3_errmsg (tj_store_get_sqlite (store)));
  return FALSE;
}

static const char *
column_text (sqlite3_stmt *st,
             int           column)
{
  const unsigned char *text = sqlite3_column_text (st, column);
  return text ? (const char *) text : "";
}

/* One agenda item from a deadline of tj_deadlines_compute(). */
static JsonObject *
deadline_item (const char *case_id,
               const char *number,
               const char *title,
               const char *status,
               JsonObject *deadline)
{
  JsonObject *item = json_object_new ();
  const char *kind = tj_json_get_string (deadline, "kind", "");

  json_object_set_string_member (item, "case_id", case_id);
  json_object_set_string_member (item, "number", number);
  json_object_set_string_member (item, "title", title);
  json_object_set_string_member (item, "status", status);
  json_object_set_string_member (item, "kind", kind);
  json_object_set_string_member (item, "label", tj_deadline_kind_label (kind));
  json_object_set_string_member (item, "date", tj_json_get_string (deadline, "date", ""));
  json_object_set_int_member (item, "days_left", tj_json_get_int (deadline, "days_remaining", 0));
  json_object_set_string_member (item, "basis", tj_json_get_string (deadline, "basis", ""));
  json_object_set_string_member (item, "note", tj_json_get_string (deadline, "note", ""));
  return item;
}

typedef struct {
  GPtrArray *overdue;
  GPtrArray *due;
  guint      days;
} Sorter;

/* Sorts a running or passed deadline into overdue or due; others (too far
 * away, not running) are dropped. */
static void
place_deadline (Sorter     *sorter,
                const char *case_id,
                const char *number,
                const char *title,
                const char *status,
                JsonObject *deadline)
{
  gint64 left;

  if (tj_json_get_string (deadline, "date", NULL) == NULL)
    return;
  left = tj_json_get_int (deadline, "days_remaining", 0);
  if (left < 0)
    g_ptr_array_add (sorter->overdue, deadline_item (case_id, number, title, status, deadline));
  else if (left <= (gint64) sorter->days)
    g_ptr_array_add (sorter->due, deadline_item (case_id, number, title, status, deadline));
}

/* The 15-day mediation limit straight from the indexed column: only the
 * cases whose limit falls before the end of the window are read. */
static gboolean
add_mediation (TjStore    *store,
               const char *today,
               Sorter     *sorter,
               GError    **error)
{
  sqlite3_stmt *st;
  int rc;

  st = tj_store_statement (store,
                           "SELECT id, number, title, status, accepted_on, received_on"
                           " FROM case_index WHERE status IN ('accepted', 'mediating')"
                           " AND mediation_deadline IS NOT NULL"
                           " AND mediation_deadline <= date(?1, '+' || ?2 || ' days')",
                           error);
  if (st == NULL)
    return FALSE;
  sqlite3_bind_text (st, 1, today, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int (st, 2, (int) sorter->days);
  while ((rc = sqlite3_step (st)) == SQLITE_ROW)
    {
      g_autoptr(JsonObject) input = json_object_new ();
      g_autoptr(JsonObject) result = NULL;
      g_autoptr(GError) local = NULL;
      JsonObject *deadline;

      /* The same computation as the case page, for the basis and note
       * (the date agrees with the index: §14 counts from the earlier of
       * receipt and acceptance). */
      json_object_set_string_member (input, "accepted_on", column_text (st, 4));
      if (sqlite3_column_text (st, 5))
        json_object_set_string_member (input, "received_on", column_text (st, 5));
      json_object_set_string_member (input, "today", today);
      result = tj_deadlines_compute (tj_calendar_get_default (), input, &local);
      if (result == NULL)
        {
          g_warning ("Case %s: %s", column_text (st, 0), local->message);
          continue;
        }
      deadline = tj_deadlines_find (result, "mediation");
      if (deadline)
        place_deadline (sorter, column_text (st, 0), column_text (st, 1), column_text (st, 2),
                        column_text (st, 3), deadline);
    }
  sqlite3_reset (st);
  if (rc != SQLITE_DONE)
    return sql_failed (store, error);
  return TRUE;
}

typedef struct {
  char *id, *number, *title, *status, *closed_on;
} CaseRow;

static void
case_row_free (CaseRow *row)
{
  g_free (row->id);
  g_free (row->number);
  g_free (row->title);
  g_free (row->status);
  g_free (row->closed_on);
  g_free (row);
}

/* Rows first, documents after: the statement must not stay open while
 * tj_store_get() uses the store's other statements. ?1 is today, ?2 (when
 * the query has it) how far back closed cases can still owe a call. */
static GPtrArray *
select_cases (TjStore     *store,
              const char  *sql,
              const char  *today,
              GError     **error)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) case_row_free);
  sqlite3_stmt *st = tj_store_statement (store, sql, error);
  int rc;

  if (st == NULL)
    return NULL;
  if (sqlite3_bind_parameter_count (st) >= 1)
    sqlite3_bind_text (st, 1, today, -1, SQLITE_TRANSIENT);
  if (sqlite3_bind_parameter_count (st) >= 2)
    sqlite3_bind_int (st, 2, FOLLOW_UP_WINDOW_DAYS + FOLLOW_UP_GRACE_DAYS);
  while ((rc = sqlite3_step (st)) == SQLITE_ROW)
    {
      CaseRow *row = g_new0 (CaseRow, 1);
      row->id = g_strdup (column_text (st, 0));
      row->number = g_strdup (column_text (st, 1));
      row->title = g_strdup (column_text (st, 2));
      row->status = g_strdup (column_text (st, 3));
      row->closed_on = g_strdup (column_text (st, 4));
      g_ptr_array_add (rows, row);
    }
  sqlite3_reset (st);
  if (rc != SQLITE_DONE)
    {
      sql_failed (store, error);
      return NULL;
    }
  return g_steal_pointer (&rows);
}

/* The deadlines that depend on facts the index does not hold (the
 * arbitration limitation with its wage exception, the arbitration and
 * judicial-confirmation periods), from each open case's document. */
static gboolean
add_case_deadlines (TjStore    *store,
                    const char *today,
                    Sorter     *sorter,
                    GError    **error)
{
  g_autoptr(GPtrArray) rows = NULL;

  rows = select_cases (store,
                       "SELECT id, number, title, status, closed_on FROM case_index"
                       " WHERE status NOT IN " ENDED_STATUSES,
                       today, error);
  if (rows == NULL)
    return FALSE;

  for (guint i = 0; i < rows->len; i++)
    {
      CaseRow *row = g_ptr_array_index (rows, i);
      g_autoptr(JsonObject) doc = NULL;
      g_autoptr(JsonObject) input = NULL;
      g_autoptr(JsonObject) result = NULL;
      g_autoptr(GError) local = NULL;
      JsonArray *list;

      doc = tj_store_get (store, row->id, NULL, TJ_GET_NONE, &local);
      if (doc == NULL)
        {
          if (g_error_matches (local, TJ_ERROR, TJ_ERROR_NOT_FOUND))
            continue;
          g_propagate_error (error, g_steal_pointer (&local));
          return FALSE;
        }
      /* The case page's facts, so that the limitation restarted by the
       * mediation (§27 ¶2) is the same date here. */
      input = tj_case_deadline_input (doc, today);
      result = tj_deadlines_compute (tj_calendar_get_default (), input, &local);
      if (result == NULL)
        {
          /* A malformed date in one case must not hide every other. */
          g_warning ("Case %s: %s", row->id, local->message);
          continue;
        }
      list = tj_json_get_array (result, "deadlines");
      for (guint j = 0; list && j < json_array_get_length (list); j++)
        {
          JsonObject *deadline = json_array_get_object_element (list, j);
          const char *kind = tj_json_get_string (deadline, "kind", "");

          /* The mediation limit comes from the index (above). */
          if (g_str_equal (kind, "mediation"))
            continue;
          /* An award date that passed with the extension still running
           * is not yet a missed deadline: only the extended one counts
           * once both exist. */
          if (g_str_equal (kind, "arbitration_award") &&
              tj_json_get_int (deadline, "days_remaining", 0) < 0)
            continue;
          place_deadline (sorter, row->id, row->number, row->title, row->status, deadline);
        }
    }
  return TRUE;
}

static gboolean
follow_up_done (TjStore     *store,
                const char  *case_id,
                const char  *kind,
                gboolean    *done,
                GError     **error)
{
  g_autoptr(JsonArray) timeline = tj_case_timeline (store, case_id, error);

  if (timeline == NULL)
    return FALSE;
  *done = FALSE;
  for (guint i = 0; i < json_array_get_length (timeline); i++)
    {
      JsonObject *event = json_array_get_object_element (timeline, i);
      if (g_strcmp0 (tj_json_get_string (event, "kind", NULL), "follow_up") == 0 &&
          g_strcmp0 (tj_json_get_string (event, "follow_up", NULL), kind) == 0)
        {
          *done = TRUE;
          break;
        }
    }
  return TRUE;
}

static gboolean
add_follow_ups (TjStore    *store,
                const char *today,
                guint       days,
                GPtrArray  *out,
                GError    **error)
{
  g_autoptr(GPtrArray) rows = NULL;

  rows = select_cases (store,
                       "SELECT id, number, title, status, closed_on FROM case_index"
                       " WHERE status = 'closed' AND closed_on IS NOT NULL AND closed_on <= ?1"
                       " AND closed_on >= date(?1, '-' || ?2 || ' days')",
                       today, error);
  if (rows == NULL)
    return FALSE;

  for (guint i = 0; i < rows->len; i++)
    {
      CaseRow *row = g_ptr_array_index (rows, i);
      g_autoptr(JsonObject) input = json_object_new ();
      g_autoptr(JsonObject) result = NULL;
      g_autoptr(GError) local = NULL;
      JsonArray *list;

      json_object_set_string_member (input, "closed_on", row->closed_on);
      json_object_set_string_member (input, "today", today);
      result = tj_deadlines_compute (tj_calendar_get_default (), input, &local);
      if (result == NULL)
        {
          g_warning ("Case %s: %s", row->id, local->message);
          continue;
        }
      list = tj_json_get_array (result, "deadlines");
      for (guint j = 0; list && j < json_array_get_length (list); j++)
        {
          JsonObject *deadline = json_array_get_object_element (list, j);
          const char *kind = tj_json_get_string (deadline, "kind", "");
          gint64 left = tj_json_get_int (deadline, "days_remaining", 0);
          gboolean done;

          if (!g_str_has_prefix (kind, "follow_up_"))
            continue;
          if (left > (gint64) days || left < -FOLLOW_UP_GRACE_DAYS)
            continue;
          if (!follow_up_done (store, row->id, kind, &done, error))
            return FALSE;
          if (!done)
            g_ptr_array_add (out, deadline_item (row->id, row->number, row->title, row->status, deadline));
        }
    }
  return TRUE;
}

static char *
flag_reason (const char *flag,
             gint64      workers,
             gint64      amount_fen,
             gint64      layoff_size)
{
  if (g_str_equal (flag, "collective"))
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Collective: %d worker",
                                         "Collective: %d workers", (gulong) workers),
                            (int) workers);
  if (g_str_equal (flag, "large_amount"))
    {
      g_autofree char *money = tj_money_format (amount_fen);
      return g_strdup_printf (_("Large amount: %s"), money);
    }
  if (layoff_size > 0)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Layoff of %d worker",
                                         "Layoff of %d workers", (gulong) layoff_size),
                            (int) layoff_size);
  return g_strdup (_("Collective layoff"));
}

static gboolean
add_flagged (TjStore             *store,
             const TjCaseContext *ctx,
             GPtrArray           *out,
             GError             **error)
{
  gint64 min_workers = ctx->flag_min_workers ? (gint64) ctx->flag_min_workers : G_MAXINT64;
  gint64 min_amount = ctx->flag_min_amount_fen > 0 ? ctx->flag_min_amount_fen : G_MAXINT64;
  g_autoptr(GPtrArray) layoffs = g_ptr_array_new ();
  sqlite3_stmt *st;
  int rc;

  st = tj_store_statement (store,
                           "SELECT id, number, title, status, employer, received_on, workers,"
                           " MAX(owed_fen, claimed_fen), layoff, owed_fen"
                           " FROM case_index WHERE status NOT IN " ENDED_STATUSES
                           " AND (workers >= ?1 OR MAX(owed_fen, claimed_fen) >= ?2 OR layoff = 1)"
                           " ORDER BY received_on DESC, number_seq DESC",
                           error);
  if (st == NULL)
    return FALSE;
  sqlite3_bind_int64 (st, 1, min_workers);
  sqlite3_bind_int64 (st, 2, min_amount);
  while ((rc = sqlite3_step (st)) == SQLITE_ROW)
    {
      JsonObject *item = json_object_new ();
      JsonArray *flags = json_array_new ();
      gint64 workers = sqlite3_column_int64 (st, 6);
      gint64 amount = sqlite3_column_int64 (st, 7);

      json_object_set_string_member (item, "case_id", column_text (st, 0));
      json_object_set_string_member (item, "number", column_text (st, 1));
      json_object_set_string_member (item, "title", column_text (st, 2));
      json_object_set_string_member (item, "status", column_text (st, 3));
      json_object_set_string_member (item, "employer", column_text (st, 4));
      json_object_set_string_member (item, "received_on", column_text (st, 5));
      json_object_set_int_member (item, "workers", workers);
      json_object_set_int_member (item, "owed_fen", sqlite3_column_int64 (st, 9));
      json_object_set_int_member (item, "amount_fen", amount);
      if (workers >= min_workers)
        json_array_add_string_element (flags, "collective");
      if (amount >= min_amount)
        json_array_add_string_element (flags, "large_amount");
      if (sqlite3_column_int (st, 8))
        {
          json_array_add_string_element (flags, "layoff");
          g_ptr_array_add (layoffs, item);
        }
      json_object_set_array_member (item, "flags", flags);
      g_ptr_array_add (out, item);
    }
  sqlite3_reset (st);
  if (rc != SQLITE_DONE)
    return sql_failed (store, error);

  /* The size of a planned layoff is only in the case document. */
  for (guint i = 0; i < out->len; i++)
    {
      JsonObject *item = g_ptr_array_index (out, i);
      JsonArray *flags = tj_json_get_array (item, "flags");
      JsonArray *reasons = json_array_new ();
      gint64 layoff_size = 0;

      if (g_ptr_array_find (layoffs, item, NULL))
        {
          g_autoptr(JsonObject) doc = tj_store_get (store, tj_json_get_string (item, "case_id", ""),
                                                    NULL, TJ_GET_NONE, NULL);
          if (doc)
            layoff_size = tj_json_get_int (doc, "layoff_size", 0);
          json_object_set_int_member (item, "layoff_size", layoff_size);
        }
      for (guint j = 0; j < json_array_get_length (flags); j++)
        {
          g_autofree char *reason = flag_reason (json_array_get_string_element (flags, j),
                                                 tj_json_get_int (item, "workers", 0),
                                                 tj_json_get_int (item, "amount_fen", 0),
                                                 layoff_size);
          json_array_add_string_element (reasons, reason);
        }
      json_object_set_array_member (item, "reasons", reasons);
    }
  return TRUE;
}

static gboolean
add_installments (TjStore    *store,
                  const char *today,
                  GPtrArray  *out,
                  GError    **error)
{
  g_autoptr(JsonArray) overdue = NULL;

  if (!tj_arrears_attach (store, error))
    return FALSE;
  overdue = tj_arrears_overdue (store, today, error);
  if (overdue == NULL)
    return FALSE;
  for (guint i = 0; i < json_array_get_length (overdue); i++)
    {
      JsonObject *in = json_array_get_object_element (overdue, i);
      JsonObject *next = tj_json_get_object (in, "next_step");
      JsonObject *item = json_object_new ();

      json_object_set_string_member (item, "case_id", tj_json_get_string (in, "case_id", ""));
      json_object_set_string_member (item, "number", tj_json_get_string (in, "number", ""));
      json_object_set_string_member (item, "title", tj_json_get_string (in, "title", ""));
      json_object_set_string_member (item, "kind", "installment");
      json_object_set_string_member (item, "label", tj_deadline_kind_label ("installment"));
      json_object_set_int_member (item, "installment", tj_json_get_int (in, "installment", 0));
      json_object_set_string_member (item, "date", tj_json_get_string (in, "due_on", ""));
      json_object_set_int_member (item, "days_left", -tj_json_get_int (in, "days_overdue", 0));
      json_object_set_int_member (item, "amount_fen", tj_json_get_int (in, "amount_fen", 0));
      json_object_set_int_member (item, "owed_fen", tj_json_get_int (in, "owed_fen", 0));
      json_object_set_string_member (item, "next_step", tj_json_get_string (next, "label", ""));
      json_object_set_string_member (item, "basis", tj_json_get_string (next, "basis", ""));
      /* The paper that takes the step: the payment order (§16), or the
       * arbitration application (§15). */
      if (g_strcmp0 (tj_json_get_string (next, "kind", NULL), "payment_order") == 0)
        json_object_set_string_member (item, "paper", "payment_order");
      else if (g_strcmp0 (tj_json_get_string (next, "kind", NULL), "arbitration") == 0)
        json_object_set_string_member (item, "paper", "arbitration_application");
      g_ptr_array_add (out, item);
    }
  return TRUE;
}

/* Failed mediations whose worker has not applied for arbitration yet
 * and is still in time: the next step is the arbitration application,
 * by the end of the limitation period (§27, running again from the end
 * of the mediation, ¶2). */
static gboolean
add_after_mediation (TjStore    *store,
                     const char *today,
                     GPtrArray  *out,
                     GError    **error)
{
  g_autoptr(GPtrArray) rows = NULL;

  rows = select_cases (store,
                       "SELECT id, number, title, status, closed_on FROM case_index WHERE status = 'failed'",
                       today, error);
  if (rows == NULL)
    return FALSE;
  for (guint i = 0; i < rows->len; i++)
    {
      CaseRow *row = g_ptr_array_index (rows, i);
      g_autoptr(JsonObject) doc = NULL;
      g_autoptr(JsonObject) input = NULL;
      g_autoptr(JsonObject) result = NULL;
      g_autoptr(GError) local = NULL;
      JsonObject *limit, *item;

      doc = tj_store_get (store, row->id, NULL, TJ_GET_NONE, &local);
      if (doc == NULL)
        {
          if (g_error_matches (local, TJ_ERROR, TJ_ERROR_NOT_FOUND))
            continue;
          g_propagate_error (error, g_steal_pointer (&local));
          return FALSE;
        }
      if (tj_json_get_string (doc, "arbitration_applied_on", NULL))
        continue;
      input = tj_case_deadline_input (doc, today);
      result = tj_deadlines_compute (tj_calendar_get_default (), input, &local);
      if (result == NULL)
        {
          g_warning ("Case %s: %s", row->id, local->message);
          continue;
        }
      limit = tj_deadlines_find (result, "arbitration_limitation");
      if (limit && tj_json_get_string (limit, "date", NULL) && tj_json_get_int (limit, "days_remaining", 0) < 0)
        continue;   /* too late: nothing to prepare any more */
      item = limit ? deadline_item (row->id, row->number, row->title, row->status, limit)
                   : json_object_new ();
      if (limit == NULL)
        {
          json_object_set_string_member (item, "case_id", row->id);
          json_object_set_string_member (item, "number", row->number);
          json_object_set_string_member (item, "title", row->title);
          json_object_set_string_member (item, "status", row->status);
          json_object_set_string_member (item, "kind", "arbitration_limitation");
          json_object_set_string_member (item, "label", tj_deadline_kind_label ("arbitration_limitation"));
        }
      json_object_set_string_member (item, "next_step", _("Apply for labour dispute arbitration"));
      json_object_set_string_member (item, "paper", "arbitration_application");
      g_ptr_array_add (out, item);
    }
  return TRUE;
}

static gboolean
add_sessions (TjStore    *store,
              const char *today,
              guint       days,
              GPtrArray  *out,
              GError    **error)
{
  g_autoptr(JsonArray) sessions = NULL;
  GDate today_date;

  /* tj_session_upcoming() stops before from + days: one more day makes
   * the window the same as for deadlines. */
  sessions = tj_session_upcoming (store, today, days + 1, error);
  if (sessions == NULL)
    return FALSE;
  tj_date_parse_iso (today, &today_date);
  for (guint i = 0; i < json_array_get_length (sessions); i++)
    {
      JsonObject *in = json_array_get_object_element (sessions, i);
      const char *session_kind = tj_json_get_string (in, "kind", "");
      const char *side = tj_json_get_string (in, "party_side", NULL);
      const char *on = tj_json_get_string (in, "scheduled_on", "");
      JsonObject *item = json_object_new ();
      const char *label;
      GDate date;

      if (g_str_equal (session_kind, "joint"))
        label = _("Joint session");
      else if (g_strcmp0 (side, "employer") == 0)
        label = _("Separate session with the employer");
      else if (g_strcmp0 (side, "worker") == 0)
        label = _("Separate session with the worker");
      else
        label = _("Separate session");

      json_object_set_string_member (item, "case_id", tj_json_get_string (in, "case_id", ""));
      json_object_set_string_member (item, "number", tj_json_get_string (in, "case_number", ""));
      json_object_set_string_member (item, "title", tj_json_get_string (in, "case_title", ""));
      json_object_set_string_member (item, "kind", "session");
      json_object_set_string_member (item, "label", label);
      json_object_set_string_member (item, "session_id", tj_json_get_string (in, "id", ""));
      json_object_set_string_member (item, "session_kind", session_kind);
      json_object_set_string_member (item, "date", on);
      json_object_set_string_member (item, "time", tj_json_get_string (in, "scheduled_time", ""));
      json_object_set_string_member (item, "place", tj_json_get_string (in, "place", ""));
      json_object_set_string_member (item, "step_label", tj_json_get_string (in, "step_label", ""));
      if (tj_date_parse_iso (on, &date))
        json_object_set_int_member (item, "days_left", tj_deadline_days_remaining (&date, &today_date));
      g_ptr_array_add (out, item);
    }
  return TRUE;
}

static int
by_date (gconstpointer a,
         gconstpointer b)
{
  JsonObject *x = *(JsonObject **) a, *y = *(JsonObject **) b;
  int r = g_strcmp0 (tj_json_get_string (x, "date", ""), tj_json_get_string (y, "date", ""));

  if (r == 0)
    r = g_strcmp0 (tj_json_get_string (x, "time", ""), tj_json_get_string (y, "time", ""));
  if (r == 0)
    r = g_strcmp0 (tj_json_get_string (x, "number", ""), tj_json_get_string (y, "number", ""));
  if (r == 0)
    r = g_strcmp0 (tj_json_get_string (x, "kind", ""), tj_json_get_string (y, "kind", ""));
  return r;
}

static JsonArray *
to_array (GPtrArray *items,
          gboolean   sort)
{
  JsonArray *array = json_array_new ();

  if (sort)
    g_ptr_array_sort (items, by_date);
  for (guint i = 0; i < items->len; i++)
    json_array_add_object_element (array, json_object_ref (g_ptr_array_index (items, i)));
  g_ptr_array_set_size (items, 0);
  return array;
}

static char *
today_of (const TjCaseContext *ctx,
          GError             **error)
{
  GDate date;

  if (ctx && ctx->today)
    {
      if (!tj_date_parse_iso (ctx->today, &date))
        {
          g_set_error (error, TJ_ERROR, TJ_ERROR_INVALID,
                       _("“%s” is not a date (YYYY-MM-DD)"), ctx->today);
          return NULL;
        }
    }
  else
    tj_date_set_today (&date);
  return tj_date_to_iso (&date);
}

/**
 * tj_agenda:
 * @store: the store
 * @ctx: (nullable): today and the early-warning thresholds
 * @days: how far ahead "due" reaches, in days
 * @error: where to put an error
 *
 * What is overdue and due in open cases, the flagged cases, the follow-up
 * calls and overdue installments (see the top of tj-agenda.h).
 *
 * Returns: (transfer full): the agenda, or %NULL with @error set
 */
JsonObject *
tj_agenda (TjStore             *store,
           const TjCaseContext *ctx,
           guint                days,
           GError             **error)
{
  g_autoptr(GPtrArray) overdue = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  g_autoptr(GPtrArray) due = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  g_autoptr(GPtrArray) flagged = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  g_autoptr(GPtrArray) follow_ups = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  g_autoptr(GPtrArray) installments = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  g_autoptr(GPtrArray) sessions = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  g_autoptr(GPtrArray) after = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  g_autofree char *today = NULL;
  TjCaseContext defaults;
  Sorter sorter = { overdue, due, days };
  JsonObject *out;

  g_return_val_if_fail (TJ_IS_STORE (store), NULL);

  if (ctx == NULL)
    {
      tj_case_context_init_defaults (&defaults);
      ctx = &defaults;
    }
  today = today_of (ctx, error);
  if (today == NULL)
    return NULL;
  if (!tj_case_attach (store, error))
    return NULL;

  /* No enclosing transaction: tj_store_begin() takes the write lock, and
   * the agenda must not hold up a sync or a colleague's intake. */
  if (!add_mediation (store, today, &sorter, error) ||
      !add_case_deadlines (store, today, &sorter, error) ||
      !add_flagged (store, ctx, flagged, error) ||
      !add_follow_ups (store, today, days, follow_ups, error) ||
      !add_installments (store, today, installments, error) ||
      !add_after_mediation (store, today, after, error) ||
      !add_sessions (store, today, days, sessions, error))
    return NULL;

  out = json_object_new ();
  json_object_set_string_member (out, "today", today);
  json_object_set_int_member (out, "days", days);
  json_object_set_array_member (out, "overdue", to_array (overdue, TRUE));
  json_object_set_array_member (out, "due", to_array (due, TRUE));
  json_object_set_array_member (out, "flagged", to_array (flagged, FALSE));
  json_object_set_array_member (out, "follow_ups", to_array (follow_ups, TRUE));
  json_object_set_array_member (out, "sessions", to_array (sessions, TRUE));
  json_object_set_array_member (out, "installments", to_array (installments, TRUE));
  json_object_set_array_member (out, "after_mediation", to_array (after, TRUE));
  return out;
}

gboolean
tj_agenda_record_follow_up (TjStore             *store,
                            const TjCaseContext *ctx,
                            const char          *case_id,
                            const char          *kind,
                            const char          *note,
                            GError             **error)
{
  g_autoptr(JsonObject) doc = NULL;
  g_autoptr(JsonObject) extra = json_object_new ();
  g_autofree char *text = NULL;

  g_return_val_if_fail (TJ_IS_STORE (store), FALSE);
  g_return_val_if_fail (case_id != NULL, FALSE);

  if (g_strcmp0 (kind, "follow_up_7") != 0 && g_strcmp0 (kind, "follow_up_30") != 0)
    {
      g_set_error (error, TJ_ERROR, TJ_ERROR_INVALID,
                   _("“%s” is not a follow-up call (follow_up_7 or follow_up_30)"), kind ? kind : "");
      return FALSE;
    }
  doc = tj_store_get (store, case_id, NULL, TJ_GET_NONE, error);
  if (doc == NULL)
    return FALSE;
  if (g_strcmp0 (tj_json_get_string (doc, "type", NULL), "case") != 0)
    {
      g_set_error (error, TJ_ERROR, TJ_ERROR_NOT_FOUND, _("%s is not a case"), case_id);
      return FALSE;
    }

  json_object_set_string_member (extra, "follow_up", kind);
  if (note && *note)
    {
      json_object_set_string_member (extra, "note", note);
      text = g_strdup_printf (_("%s: call made. %s"), tj_deadline_kind_label (kind), note);
    }
  else
    text = g_strdup_printf (_("%s: call made"), tj_deadline_kind_label (kind));
  return tj_case_add_event (store, ctx, case_id, "follow_up", text, extra, error);
}
