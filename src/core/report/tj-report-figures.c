/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Figures: the SQL condition that selects each figure's cases, shared by
 * the count and the list of cases behind it. See tj-report.h. */
#undef G_LOG_DOMAIN
#define G_LOG_DOMAIN "Tiaojie-Report"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tj-calendar.h"
#include "tj-case.h"
#include "tj-centre.h"
#include "tj-deadline.h"
#include "tj-i18n.h"
#include "tj-json.h"
#include "tj-report.h"
#include "tj-report-private.h"

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
  char  *station;    /* station.CODE.KEY: ?6, the station whose cases count */
} FigureQuery;

static void
figure_query_clear (FigureQuery *q)
{
  g_free (q->where);
  g_free (q->param);
  g_free (q->from);
  g_free (q->to);
  g_free (q->station);
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
  tj_set_invalid (error, "figure", _("figure: “%s” is not a figure of the report"),
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

static gboolean figure_query (const char   *figure,
                              const char   *from,
                              const char   *to,
                              FigureQuery  *q,
                              GError      **error);

/* station.CODE.KEY: KEY's cases that the station owns (tj-centre.h). */
static gboolean
station_query (const char   *figure,
               const char   *from,
               const char   *to,
               FigureQuery  *q,
               GError      **error)
{
  const char *code = figure + strlen ("station.");
  const char *dot = strchr (code, '.');
  g_autofree char *station = dot ? g_strndup (code, dot - code) : NULL;
  g_autofree char *where = NULL;

  if (station == NULL || !tj_centre_check_code (station, NULL) || g_str_has_prefix (dot + 1, "station.") ||
      !figure_query (dot + 1, from, to, q, NULL))
    return invalid_figure (figure, error);
  where = q->where;
  q->where = g_strdup_printf ("(%s) AND %s IN (SELECT id FROM centre_owner WHERE station = ?6)", where,
                              q->consultations ? "id" : "r.id");
  q->station = g_steal_pointer (&station);
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
  if (g_str_has_prefix (figure, "station."))
    {
      figure_query_clear (q);
      return station_query (figure, from, to, q, error);
    }

  parts = g_strsplit (figure, ".", 3);
  if (g_str_equal (parts[0], "month"))
    {
      if (parts[1] == NULL || parts[2] == NULL || !narrow_to_month (q, parts[1]))
        return invalid_figure (figure, error);
      key = parts[2];
      if (g_str_equal (key, "received"))
        q->where = g_strdup ("r.received_on BETWEEN ?1 AND ?2");
      else if (in_list (key, _tj_report_outcomes))
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
      if (g_str_equal (parts[0], "referrals") && in_list (parts[1], _tj_report_destinations))
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
      if (g_str_equal (parts[1], "kind") && in_list (parts[2], _tj_report_kinds))
        q->where = g_strdup (received ? "r.received_on BETWEEN ?1 AND ?2 AND r.kind = ?5"
                                      : CLOSED_WHERE " AND r.kind = ?5");
      else if (g_str_equal (parts[1], "source") && in_list (parts[2], _tj_report_sources))
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
  else if (in_list (key, _tj_report_outcomes) || g_str_equal (key, "workers_helped"))
    {
      q->where = g_strdup (CLOSED_WHERE " AND r.outcome = ?5");
      q->param = g_strdup (in_list (key, _tj_report_outcomes) ? key : "agreed");
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
  if (q->station)
    sqlite3_bind_text (st, 6, q->station, -1, SQLITE_TRANSIENT);
}

/* A station's cases are known at a centre only (its owner table). */
static gboolean
check_station (TjStore      *store,
               FigureQuery  *q,
               const char   *figure,
               GError      **error)
{
  if (q->station && !tj_centre_is_centre (store))
    return invalid_figure (figure, error);
  return TRUE;
}

/* What counting a figure and listing its cases start with: the period
 * checked, the index attached and @figure's query in @q, which the caller
 * clears (on failure it is clear). */
static gboolean
begin_figure (TjStore      *store,
              const char   *from,
              const char   *to,
              const char   *figure,
              FigureQuery  *q,
              GError      **error)
{
  if (!tj_report_check_period (from, to, error) || !tj_report_attach (store, error))
    return FALSE;
  if (!figure_query (figure, from, to, q, error) || !check_station (store, q, figure, error))
    {
      figure_query_clear (q);
      return FALSE;
    }
  return TRUE;
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
  if (!begin_figure (store, from, to, figure, &q, error))
    return -1;
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
  if (!begin_figure (store, from, to, figure, &q, error))
    return NULL;
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
