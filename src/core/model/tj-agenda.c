/* SPDX-License-Identifier: GPL-3.0-or-later */
#undef G_LOG_DOMAIN
#define G_LOG_DOMAIN "Tiaojie-Agenda"

#include <string.h>

#include "tj-agenda-private.h"
#include "tj-arrears.h"
#include "tj-deadline.h"
#include "tj-i18n.h"
#include "tj-json.h"
#include "tj-money.h"
#include "tj-session.h"
#include "tj-store.h"


#define ENDED_STATUSES TJ_AGENDA_ENDED_STATUSES

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

/* ------------------------------------------------------------------ */
/* The lists                                                            */

static const char * const sections[] = {
  "overdue", "due", "flagged", "follow_ups", "sessions", "installments", "after_mediation", NULL
};

const char * const *
tj_agenda_sections (void)
{
  return sections;
}

/* What a query of a list is bound to. */
typedef struct {
  const char *today;
  char       *horizon;      /* today + days */
  gint64      min_workers;
  gint64      min_amount;
} Params;

static void
params_init (Params              *p,
             const char          *today,
             const TjCaseContext *ctx,
             guint                days)
{
  GDate date;

  p->today = today;
  tj_date_parse_iso (today, &date);
  g_date_add_days (&date, days);
  p->horizon = tj_date_to_iso (&date);
  p->min_workers = ctx->flag_min_workers ? (gint64) ctx->flag_min_workers : G_MAXINT64;
  p->min_amount = ctx->flag_min_amount_fen > 0 ? ctx->flag_min_amount_fen : G_MAXINT64;
}

static void
params_clear (Params *p)
{
  g_free (p->horizon);
}

static void
bind_params (sqlite3_stmt *st,
             const Params *p,
             guint         offset,
             guint         limit)
{
  int i;

  if ((i = sqlite3_bind_parameter_index (st, ":today")))
    sqlite3_bind_text (st, i, p->today, -1, SQLITE_TRANSIENT);
  if ((i = sqlite3_bind_parameter_index (st, ":horizon")))
    sqlite3_bind_text (st, i, p->horizon, -1, SQLITE_TRANSIENT);
  if ((i = sqlite3_bind_parameter_index (st, ":minw")))
    sqlite3_bind_int64 (st, i, p->min_workers);
  if ((i = sqlite3_bind_parameter_index (st, ":mina")))
    sqlite3_bind_int64 (st, i, p->min_amount);
  if ((i = sqlite3_bind_parameter_index (st, ":limit")))
    sqlite3_bind_int64 (st, i, limit ? (gint64) limit : -1);
  if ((i = sqlite3_bind_parameter_index (st, ":offset")))
    sqlite3_bind_int64 (st, i, offset);
}

/* Each list is one WHERE over its tables, counted and paged alike. The
 * deadlines: the legal deadlines of open cases that have passed (an
 * arbitration award date passed is not yet missed: the extension runs,
 * and only the extended date counts once both exist), or fall between
 * today and the horizon. */
#define DEADLINES_FROM \
  " FROM agenda_deadline a JOIN case_index ci ON ci.id = a.case_id"
#define OVERDUE_COND " WHERE a.section = 'open' AND a.date < :today AND a.kind <> 'arbitration_award'"
#define OVERDUE_WHERE DEADLINES_FROM OVERDUE_COND
#define DUE_COND " WHERE a.section = 'open' AND a.date >= :today AND a.date <= :horizon"
#define DUE_WHERE DEADLINES_FROM DUE_COND
/* Counted without the join: every case of the agenda's index is in the
 * case index (both are kept from the case document in the same write),
 * and 96,403 look-ups in it cost most of a second. */
#define DEADLINES_ONLY " FROM agenda_deadline a"
/* Follow-up calls due within the days or overdue by at most a month (they
 * are organisation practice, not law: one missed by more than a month is
 * no longer worth a reminder) and not yet recorded in the timeline. */
#define FOLLOW_UPS_WHERE \
  DEADLINES_FROM " WHERE a.section = 'follow_up' AND a.date >= date(:today, '-30 days')" \
  " AND a.date <= :horizon AND ci.closed_on <= :today" \
  " AND NOT EXISTS (SELECT 1 FROM agenda_follow_up f WHERE f.case_id = a.case_id AND f.kind = a.kind)"
/* Failed mediations not taken to arbitration and still in time. */
#define AFTER_WHERE \
  DEADLINES_FROM " WHERE a.section = 'after' AND (a.date IS NULL OR a.date >= :today)"
#define DEADLINE_COLUMNS "SELECT a.case_id, ci.number, ci.title, ci.status, a.kind, a.date, ci.closed_on"
/* By date (no date first, as SQLite sorts NULL), so that the date index
 * gives the order and the five most urgent of 96,403 are read, not
 * sorted: only the ties are. */
#define DEADLINE_ORDER " ORDER BY a.date, ci.number, a.kind LIMIT :limit OFFSET :offset"
#define FLAGGED_WHERE \
  " FROM case_index WHERE status NOT IN " ENDED_STATUSES \
  " AND (workers >= :minw OR MAX(owed_fen, claimed_fen) >= :mina OR layoff = 1)"
/* Sessions scheduled from today to the horizon that have not ended. */
#define SESSIONS_WHERE \
  " FROM agenda_session s LEFT JOIN case_index ci ON ci.id = s.case_id" \
  " WHERE s.scheduled_on >= :today AND s.scheduled_on <= :horizon"

/* The deadline of @kind of a case as the case page shows it today: the
 * same computation, for the basis, the note and the days left. */
static JsonObject *
case_deadline (TjStore    *store,
               const char *case_id,
               const char *closed_on,
               const char *kind,
               const char *today,
               JsonObject **out_result,
               GError    **error)
{
  g_autoptr(JsonObject) input = NULL;
  g_autoptr(GError) local = NULL;
  JsonObject *result;

  *out_result = NULL;
  if (g_str_has_prefix (kind, "follow_up_"))
    {
      input = json_object_new ();
      json_object_set_string_member (input, "closed_on", closed_on);
    }
  else
    {
      g_autoptr(JsonObject) doc = tj_store_get (store, case_id, NULL, TJ_GET_NONE, &local);

      if (doc == NULL)
        {
          if (!g_error_matches (local, TJ_ERROR, TJ_ERROR_NOT_FOUND))
            g_propagate_error (error, g_steal_pointer (&local));
          return NULL;
        }
      /* The case page's facts, so that the limitation restarted by the
       * mediation (§27 ¶2) is the same date here. */
      input = tj_case_deadline_input (doc, today);
    }
  json_object_set_string_member (input, "today", today);
  result = tj_deadlines_compute (tj_calendar_get_default (), input, &local);
  if (result == NULL)
    {
      /* A malformed date in one case must not hide every other. */
      g_warning ("Case %s: %s", case_id, local->message);
      return NULL;
    }
  *out_result = result;
  return tj_deadlines_find (result, kind);
}

static gboolean
read_deadlines (TjStore      *store,
                const char   *sql,
                const Params *p,
                gboolean      after,
                guint         offset,
                guint         limit,
                JsonArray    *out,
                GError      **error)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  sqlite3_stmt *st = tj_store_statement (store, sql, error);
  int rc;

  if (st == NULL)
    return FALSE;
  bind_params (st, p, offset, limit);
  /* Rows first, documents after: the statement must not stay open while
   * tj_store_get() uses the store's other statements. */
  while ((rc = sqlite3_step (st)) == SQLITE_ROW)
    {
      char **row = g_new0 (char *, 8);
      for (int c = 0; c < 7; c++)
        row[c] = g_strdup (tj_store_column_text (st, c));
      if (sqlite3_column_type (st, 5) == SQLITE_NULL)
        g_clear_pointer (&row[5], g_free);
      g_ptr_array_add (rows, row);
    }
  sqlite3_reset (st);
  if (rc != SQLITE_DONE)
    return sql_failed (store, error);

  for (guint i = 0; i < rows->len; i++)
    {
      char **row = g_ptr_array_index (rows, i);
      const char *case_id = row[0], *number = row[1], *title = row[2], *status = row[3], *kind = row[4];
      g_autoptr(JsonObject) result = NULL;
      g_autoptr(GError) local = NULL;
      JsonObject *deadline, *item;

      deadline = case_deadline (store, case_id, row[6], kind, p->today, &result, &local);
      if (local)
        {
          g_propagate_error (error, g_steal_pointer (&local));
          return FALSE;
        }
      if (deadline)
        item = deadline_item (case_id, number, title, status, deadline);
      else
        {
          /* Computed from the index when the document says nothing more. */
          item = json_object_new ();
          json_object_set_string_member (item, "case_id", case_id);
          json_object_set_string_member (item, "number", number);
          json_object_set_string_member (item, "title", title);
          json_object_set_string_member (item, "status", status);
          json_object_set_string_member (item, "kind", kind);
          json_object_set_string_member (item, "label", tj_deadline_kind_label (kind));
          if (!after && row[5])
            {
              GDate when, today;

              tj_date_parse_iso (row[5], &when);
              tj_date_parse_iso (p->today, &today);
              json_object_set_string_member (item, "date", row[5]);
              json_object_set_int_member (item, "days_left", tj_deadline_days_remaining (&when, &today));
              json_object_set_string_member (item, "basis", "");
              json_object_set_string_member (item, "note", "");
            }
        }
      if (after)
        {
          json_object_set_string_member (item, "next_step", _("Apply for labour dispute arbitration"));
          json_object_set_string_member (item, "paper", "arbitration_application");
        }
      json_array_add_object_element (out, item);
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
read_flagged (TjStore      *store,
              const Params *p,
              guint         offset,
              guint         limit,
              JsonArray    *out,
              GError      **error)
{
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  sqlite3_stmt *st;
  int rc;

  st = tj_store_statement (store,
                           "SELECT id, number, title, status, employer, received_on, workers,"
                           " MAX(owed_fen, claimed_fen), layoff, owed_fen" FLAGGED_WHERE
                           " ORDER BY received_on DESC, number_seq DESC LIMIT :limit OFFSET :offset",
                           error);
  if (st == NULL)
    return FALSE;
  bind_params (st, p, offset, limit);
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
      if (workers >= p->min_workers)
        json_array_add_string_element (flags, "collective");
      if (amount >= p->min_amount)
        json_array_add_string_element (flags, "large_amount");
      if (sqlite3_column_int (st, 8))
        json_array_add_string_element (flags, "layoff");
      json_object_set_array_member (item, "flags", flags);
      g_ptr_array_add (items, item);
    }
  sqlite3_reset (st);
  if (rc != SQLITE_DONE)
    return sql_failed (store, error);

  /* The size of a planned layoff is only in the case document. */
  for (guint i = 0; i < items->len; i++)
    {
      JsonObject *item = g_ptr_array_index (items, i);
      JsonArray *flags = tj_json_get_array (item, "flags");
      JsonArray *reasons = json_array_new ();
      gint64 layoff_size = 0;
      gboolean layoff = FALSE;

      for (guint j = 0; j < json_array_get_length (flags); j++)
        layoff |= g_str_equal (json_array_get_string_element (flags, j), "layoff");
      if (layoff)
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
      json_array_add_object_element (out, json_object_ref (item));
    }
  return TRUE;
}

static gboolean
read_installments (TjStore      *store,
                   const Params *p,
                   guint         offset,
                   guint         limit,
                   JsonArray    *out,
                   GError      **error)
{
  g_autoptr(JsonArray) overdue = tj_arrears_overdue_page (store, p->today, offset, limit, error);

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
      json_array_add_object_element (out, item);
    }
  return TRUE;
}

static const char *
session_label (const char *session_kind,
               const char *side)
{
  if (g_strcmp0 (session_kind, "joint") == 0)
    return _("Joint session");
  if (g_strcmp0 (side, "employer") == 0)
    return _("Separate session with the employer");
  if (g_strcmp0 (side, "worker") == 0)
    return _("Separate session with the worker");
  return _("Separate session");
}

static gboolean
read_sessions (TjStore      *store,
               const Params *p,
               guint         offset,
               guint         limit,
               JsonArray    *out,
               GError      **error)
{
  sqlite3_stmt *st;
  GDate today;
  int rc;

  st = tj_store_statement (store,
                           "SELECT s.id, s.case_id, ci.number, ci.title, s.kind, s.party_side, s.scheduled_on,"
                           " s.scheduled_time, s.place, s.step" SESSIONS_WHERE
                           " ORDER BY s.scheduled_on, s.scheduled_time, ci.number, s.id"
                           " LIMIT :limit OFFSET :offset", error);
  if (st == NULL)
    return FALSE;
  bind_params (st, p, offset, limit);
  tj_date_parse_iso (p->today, &today);
  while ((rc = sqlite3_step (st)) == SQLITE_ROW)
    {
      JsonObject *item = json_object_new ();
      const char *on = column_text (st, 6);
      GDate date;

      json_object_set_string_member (item, "case_id", column_text (st, 1));
      if (sqlite3_column_type (st, 2) != SQLITE_NULL)
        {
          json_object_set_string_member (item, "number", column_text (st, 2));
          json_object_set_string_member (item, "title", column_text (st, 3));
        }
      json_object_set_string_member (item, "kind", "session");
      json_object_set_string_member (item, "label",
                                     session_label (column_text (st, 4),
                                                    (const char *) sqlite3_column_text (st, 5)));
      json_object_set_string_member (item, "session_id", column_text (st, 0));
      json_object_set_string_member (item, "session_kind", column_text (st, 4));
      json_object_set_string_member (item, "date", on);
      json_object_set_string_member (item, "time", column_text (st, 7));
      json_object_set_string_member (item, "place", column_text (st, 8));
      json_object_set_string_member (item, "step_label", tj_session_step_label (column_text (st, 9)));
      if (tj_date_parse_iso (on, &date))
        json_object_set_int_member (item, "days_left", tj_deadline_days_remaining (&date, &today));
      json_array_add_object_element (out, item);
    }
  sqlite3_reset (st);
  if (rc != SQLITE_DONE)
    return sql_failed (store, error);
  return TRUE;
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

static gboolean
prepare (TjStore              *store,
         const TjCaseContext **ctx,
         TjCaseContext        *defaults,
         char                **today,
         GError              **error)
{
  if (*ctx == NULL)
    {
      tj_case_context_init_defaults (defaults);
      *ctx = defaults;
    }
  *today = today_of (*ctx, error);
  return *today != NULL && _tj_agenda_attach (store, error);
}

static gboolean
unknown_section (const char  *section,
                 GError     **error)
{
  g_set_error (error, TJ_ERROR, TJ_ERROR_INVALID, _("“%s” is not a list of the agenda"),
               section ? section : "");
  return FALSE;
}

/**
 * tj_agenda_items:
 * @store: the store
 * @ctx: (nullable): today and the early-warning thresholds
 * @section: a name of tj_agenda_sections()
 * @days: how far ahead "due", sessions and follow-up calls reach
 * @offset: the first item
 * @limit: how many at most; 0: all
 * @error: where to put an error
 *
 * Returns: (transfer full): the items of @section, as in tj_agenda()
 */
JsonArray *
tj_agenda_items (TjStore             *store,
                 const TjCaseContext *ctx,
                 const char          *section,
                 guint                days,
                 guint                offset,
                 guint                limit,
                 GError             **error)
{
  g_autoptr(JsonArray) out = json_array_new ();
  g_autofree char *today = NULL;
  TjCaseContext defaults;
  Params p;
  gboolean ok;

  g_return_val_if_fail (TJ_IS_STORE (store), NULL);

  if (!prepare (store, &ctx, &defaults, &today, error))
    return NULL;
  params_init (&p, today, ctx, days);
  if (g_strcmp0 (section, "overdue") == 0)
    ok = read_deadlines (store, DEADLINE_COLUMNS OVERDUE_WHERE DEADLINE_ORDER, &p, FALSE, offset, limit, out, error);
  else if (g_strcmp0 (section, "due") == 0)
    ok = read_deadlines (store, DEADLINE_COLUMNS DUE_WHERE DEADLINE_ORDER, &p, FALSE, offset, limit, out, error);
  else if (g_strcmp0 (section, "follow_ups") == 0)
    ok = read_deadlines (store, DEADLINE_COLUMNS FOLLOW_UPS_WHERE DEADLINE_ORDER, &p, FALSE, offset, limit, out,
                         error);
  else if (g_strcmp0 (section, "after_mediation") == 0)
    ok = read_deadlines (store, DEADLINE_COLUMNS AFTER_WHERE DEADLINE_ORDER, &p, TRUE, offset, limit, out, error);
  else if (g_strcmp0 (section, "flagged") == 0)
    ok = read_flagged (store, &p, offset, limit, out, error);
  else if (g_strcmp0 (section, "sessions") == 0)
    ok = read_sessions (store, &p, offset, limit, out, error);
  else if (g_strcmp0 (section, "installments") == 0)
    ok = read_installments (store, &p, offset, limit, out, error);
  else
    ok = unknown_section (section, error);
  params_clear (&p);
  return ok ? g_steal_pointer (&out) : NULL;
}

static gboolean
count (TjStore       *store,
       const char    *sql,
       const Params  *p,
       guint         *n,
       GError       **error)
{
  sqlite3_stmt *st = tj_store_statement (store, sql, error);
  int rc;

  if (st == NULL)
    return FALSE;
  bind_params (st, p, 0, 0);
  rc = sqlite3_step (st);
  if (rc == SQLITE_ROW)
    *n = (guint) sqlite3_column_int64 (st, 0);
  sqlite3_reset (st);
  if (rc != SQLITE_ROW)
    return sql_failed (store, error);
  return TRUE;
}

gboolean
tj_agenda_count (TjStore             *store,
                 const TjCaseContext *ctx,
                 const char          *section,
                 guint                days,
                 guint               *n,
                 GError             **error)
{
  g_autofree char *today = NULL;
  TjCaseContext defaults;
  Params p;
  gboolean ok;

  g_return_val_if_fail (TJ_IS_STORE (store), FALSE);
  g_return_val_if_fail (n != NULL, FALSE);

  *n = 0;
  if (!prepare (store, &ctx, &defaults, &today, error))
    return FALSE;
  params_init (&p, today, ctx, days);
  if (g_strcmp0 (section, "overdue") == 0)
    ok = count (store, "SELECT COUNT(*)" DEADLINES_ONLY OVERDUE_COND, &p, n, error);
  else if (g_strcmp0 (section, "due") == 0)
    ok = count (store, "SELECT COUNT(*)" DEADLINES_ONLY DUE_COND, &p, n, error);
  else if (g_strcmp0 (section, "follow_ups") == 0)
    ok = count (store, "SELECT COUNT(*)" FOLLOW_UPS_WHERE, &p, n, error);
  else if (g_strcmp0 (section, "after_mediation") == 0)
    ok = count (store, "SELECT COUNT(*)" AFTER_WHERE, &p, n, error);
  else if (g_strcmp0 (section, "flagged") == 0)
    ok = count (store, "SELECT COUNT(*)" FLAGGED_WHERE, &p, n, error);
  else if (g_strcmp0 (section, "sessions") == 0)
    ok = count (store, "SELECT COUNT(*)" SESSIONS_WHERE, &p, n, error);
  else if (g_strcmp0 (section, "installments") == 0)
    ok = tj_arrears_overdue_count (store, today, n, error);
  else
    ok = unknown_section (section, error);
  params_clear (&p);
  return ok;
}

/**
 * tj_agenda:
 * @store: the store
 * @ctx: (nullable): today and the early-warning thresholds
 * @days: how far ahead "due" reaches, in days
 * @error: where to put an error
 *
 * What is overdue and due in open cases, the flagged cases, the follow-up
 * calls and overdue installments (see the top of tj-agenda.h), every item
 * of every list.
 *
 * Returns: (transfer full): the agenda, or %NULL with @error set
 */
JsonObject *
tj_agenda (TjStore             *store,
           const TjCaseContext *ctx,
           guint                days,
           GError             **error)
{
  g_autoptr(JsonObject) out = json_object_new ();
  g_autofree char *today = NULL;
  TjCaseContext defaults;

  g_return_val_if_fail (TJ_IS_STORE (store), NULL);

  if (!prepare (store, &ctx, &defaults, &today, error))
    return NULL;
  json_object_set_string_member (out, "today", today);
  json_object_set_int_member (out, "days", days);
  /* No enclosing transaction: tj_store_begin() takes the write lock, and
   * the agenda must not hold up a sync or a colleague's intake. */
  for (guint i = 0; sections[i]; i++)
    {
      JsonArray *items = tj_agenda_items (store, ctx, sections[i], days, 0, 0, error);

      if (items == NULL)
        return NULL;
      json_object_set_array_member (out, sections[i], items);
    }
  return g_steal_pointer (&out);
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
  doc = tj_case_get_doc (store, case_id, error);
  if (doc == NULL)
    return FALSE;

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
