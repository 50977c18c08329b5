/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The summary of a period: every figure in a few passes over the report
 * index, and the tables the GUI, CSV and PDF show. See tj-report.h. */
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

typedef struct _Summary Summary;

struct _Summary {
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
  Split       by_kind[G_N_ELEMENTS (_tj_report_kinds) - 1];
  Split       by_source[G_N_ELEMENTS (_tj_report_sources) - 1];
  GArray     *months;       /* of Month */
  int         first_year, first_month;
  /* --by-station: each registered station's own figures, by code; the
   * cases no registered station owns count only in the totals. */
  GHashTable *stations;     /* code -> Summary */
  JsonArray  *station_list; /* the registry: [{"code", "name", …}] */
};

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
summary_free (gpointer data)
{
  Summary *x = data;

  g_array_unref (x->months);
  g_free (x->today);
  g_free (x);
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

/* The station a row's case belongs to (its last column), when the
 * summary is by station and a registered station owns it. */
static Summary *
row_station (Summary      *s,
             sqlite3_stmt *st,
             int           column)
{
  if (s->stations == NULL || sqlite3_column_type (st, column) == SQLITE_NULL)
    return NULL;
  return g_hash_table_lookup (s->stations, sqlite3_column_text (st, column));
}

/* The queries by station read the owner of each case from its row of the
 * report index, in the covering indexes the plain summary reads (a join
 * to the centre's owner table per case made the summary ten times
 * slower); the payments and consultations, few, join the owner table
 * (tj-centre.c). */
#define CASE_STATION ", r.station"
#define OWNER_COLUMN ", o.station"
#define OWNER_JOIN(id) " LEFT JOIN centre_owner o ON o.id = " id

static void
add_received (Summary    *t,
              const char *received_on,
              int         k,
              int         src,
              gint64      workers,
              gint64      claimed,
              gint64      owed)
{
  Month *m = month_of (t, received_on);

  t->received++;
  t->workers_received += workers;
  t->owed_fen += owed;
  t->claimed_fen += MAX (claimed, owed);
  if (workers >= (gint64) t->options->collective_min_workers)
    t->collective++;
  if (k >= 0)
    t->by_kind[k].received++;
  if (src >= 0)
    t->by_source[src].received++;
  if (m)
    m->received++;
}

/* One pass over the cases received in the period: a range of a covering
 * index, aggregated here rather than by a GROUP BY, which would sort
 * every row (a year of 100,000 cases) in a temporary B-tree. */
#define RECEIVED_SQL(col, join) \
  "SELECT r.received_on, r.kind, r.source, r.workers, r.claimed_fen, r.owed_fen" col \
  " FROM report_case r" join " WHERE r.received_on BETWEEN ?1 AND ?2 AND ?3 IS NOT NULL AND ?4 IS NOT NULL"

static gboolean
query_received (TjStore  *store,
                Summary  *s,
                GError  **error)
{
  sqlite3_stmt *st = summary_statement (store, s,
                                        s->stations ? RECEIVED_SQL (CASE_STATION, "")
                                                    : RECEIVED_SQL ("", ""), error);
  int rc;

  if (st == NULL)
    return FALSE;
  while ((rc = sqlite3_step (st)) == SQLITE_ROW)
    {
      const char *received_on = (const char *) sqlite3_column_text (st, 0);
      int k = index_of ((const char *) sqlite3_column_text (st, 1), _tj_report_kinds);
      int src = index_of ((const char *) sqlite3_column_text (st, 2), _tj_report_sources);
      gint64 workers = sqlite3_column_int64 (st, 3);
      gint64 claimed = sqlite3_column_int64 (st, 4);
      gint64 owed = sqlite3_column_int64 (st, 5);
      Summary *station = row_station (s, st, 6);

      add_received (s, received_on, k, src, workers, claimed, owed);
      if (station)
        add_received (station, received_on, k, src, workers, claimed, owed);
    }
  return finish_rows (store, st, rc, error);
}

static void
add_outcome (Summary    *t,
             int         o,
             int         k,
             int         src,
             const char *outcome_on,
             gboolean    have_days,
             gint64      days,
             gint64      workers)
{
  Month *m = month_of (t, outcome_on);

  t->outcome[o]++;
  if (have_days)
    {
      t->days_cases++;
      t->days_total += days;
      t->days_longest = MAX (t->days_longest, days);
    }
  if (o == 0)
    t->workers_helped += workers;
  if (k >= 0)
    {
      t->by_kind[k].closed++;
      if (o == 0)
        t->by_kind[k].agreed++;
    }
  if (src >= 0)
    {
      t->by_source[src].closed++;
      if (o == 0)
        t->by_source[src].agreed++;
    }
  if (m)
    m->outcome[o]++;
}

/* One pass over the index of _tj_report_outcomes: the cases closed in the period,
 * with the workers of those agreed. */
#define OUTCOMES_SQL(col, join) \
  "SELECT r.outcome, r.kind, r.source, r.outcome_on, r.days, r.workers" col \
  " FROM report_case r" join " WHERE r.outcome_on BETWEEN ?1 AND ?2 AND r.outcome IS NOT NULL" \
  " AND r.accepted_on IS NOT NULL AND ?3 IS NOT NULL AND ?4 IS NOT NULL"

static gboolean
query_outcomes (TjStore  *store,
                Summary  *s,
                GError  **error)
{
  sqlite3_stmt *st = summary_statement (store, s,
                                        s->stations ? OUTCOMES_SQL (CASE_STATION, "")
                                                    : OUTCOMES_SQL ("", ""), error);
  int rc;

  if (st == NULL)
    return FALSE;
  while ((rc = sqlite3_step (st)) == SQLITE_ROW)
    {
      int o = index_of ((const char *) sqlite3_column_text (st, 0), _tj_report_outcomes);
      int k = index_of ((const char *) sqlite3_column_text (st, 1), _tj_report_kinds);
      int src = index_of ((const char *) sqlite3_column_text (st, 2), _tj_report_sources);
      const char *outcome_on = (const char *) sqlite3_column_text (st, 3);
      gboolean have_days = sqlite3_column_type (st, 4) != SQLITE_NULL;
      gint64 days = sqlite3_column_int64 (st, 4);
      gint64 workers = sqlite3_column_int64 (st, 5);
      Summary *station = row_station (s, st, 6);

      if (o < 0)
        continue;
      add_outcome (s, o, k, src, outcome_on, have_days, days, workers);
      if (station)
        add_outcome (station, o, k, src, outcome_on, have_days, days, workers);
    }
  return finish_rows (store, st, rc, error);
}

/* The agreed totals of the cases agreed in the period, starting from the
 * (few) settlements. */
#define AGREED_SQL(col, join, group) \
  "SELECT substr(r.outcome_on, 1, 7), 0, SUM(x.total_fen)" col \
  " FROM report_settlement x JOIN report_case r ON r.id = x.case_id" join \
  " WHERE x.status = 'agreed' AND r.outcome_on BETWEEN ?1 AND ?2 AND r.outcome = 'agreed'" \
  " AND r.accepted_on IS NOT NULL AND ?3 IS NOT NULL AND ?4 IS NOT NULL GROUP BY 1" group

static gboolean
query_agreed (TjStore  *store,
              Summary  *s,
              GError  **error)
{
  sqlite3_stmt *st = summary_statement (store, s,
                                        s->stations ? AGREED_SQL (CASE_STATION, "", ", r.station")
                                                    : AGREED_SQL ("", "", ""), error);
  int rc;

  if (st == NULL)
    return FALSE;
  while ((rc = sqlite3_step (st)) == SQLITE_ROW)
    {
      Summary *station = row_station (s, st, 3);
      gint64 fen = sqlite3_column_int64 (st, 2);

      for (Summary *t = s; t; t = t == s ? station : NULL)
        {
          Month *m = month_of (t, tj_store_column_text (st, 0));
          t->agreed_fen += fen;
          if (m)
            m->agreed_fen += fen;
        }
    }
  return finish_rows (store, st, rc, error);
}

#define PAID_SQL(col, join, group) \
  "SELECT substr(p.paid_on, 1, 7), SUM(p.amount_fen)" col " FROM report_payment p" join \
  " WHERE p.paid_on BETWEEN ?1 AND ?2 AND ?3 IS NOT NULL AND ?4 IS NOT NULL GROUP BY 1" group
/* Only the cases that still exist, like the case list behind it. */
#define PAID_CASES_SQL(col, join, group) \
  "SELECT COUNT(*)" col " FROM report_case r" join " WHERE r.id IN (SELECT case_id FROM report_payment" \
  " WHERE paid_on BETWEEN ?1 AND ?2) AND ?3 IS NOT NULL AND ?4 IS NOT NULL" group

static gboolean
query_paid (TjStore  *store,
            Summary  *s,
            GError  **error)
{
  sqlite3_stmt *st = summary_statement (store, s,
                                        s->stations ? PAID_SQL (OWNER_COLUMN, OWNER_JOIN ("p.case_id"), ", o.station")
                                                    : PAID_SQL ("", "", ""), error);
  int rc;

  if (st == NULL)
    return FALSE;
  while ((rc = sqlite3_step (st)) == SQLITE_ROW)
    {
      Summary *station = row_station (s, st, 2);
      gint64 fen = sqlite3_column_int64 (st, 1);

      for (Summary *t = s; t; t = t == s ? station : NULL)
        {
          Month *m = month_of (t, tj_store_column_text (st, 0));
          t->paid_fen += fen;
          if (m)
            m->paid_fen += fen;
        }
    }
  if (!finish_rows (store, st, rc, error))
    return FALSE;

  st = summary_statement (store, s,
                          s->stations ? PAID_CASES_SQL (CASE_STATION, "", " GROUP BY r.station")
                                      : PAID_CASES_SQL ("", "", ""), error);
  if (st == NULL)
    return FALSE;
  while ((rc = sqlite3_step (st)) == SQLITE_ROW)
    {
      Summary *station = row_station (s, st, 1);

      s->paid_cases += sqlite3_column_int64 (st, 0);
      if (station)
        station->paid_cases += sqlite3_column_int64 (st, 0);
    }
  return finish_rows (store, st, rc, error);
}

#define MISSED_SQL(col, join, group) \
  "SELECT COUNT(*)" col " FROM report_case r" join " WHERE r.mediation_deadline BETWEEN ?1 AND ?2" \
  " AND r.mediation_deadline < ?3 AND (r.outcome_on IS NULL OR r.outcome_on > r.mediation_deadline)" \
  " AND ?4 IS NOT NULL" group
#define REFERRALS_SQL(col, join, group) \
  "SELECT r.referred_to, COUNT(*)" col " FROM report_case r" join " WHERE r.referred_on BETWEEN ?1 AND ?2" \
  " AND r.referred_to IS NOT NULL AND ?3 IS NOT NULL AND ?4 IS NOT NULL GROUP BY 1" group
#define CONSULTATIONS_SQL(col, join, group) \
  "SELECT COUNT(*), COUNT(k.case_id)" col " FROM report_consultation k" join " WHERE k.held_on BETWEEN ?1 AND ?2" \
  " AND k.channel = 'night_clinic' AND ?3 IS NOT NULL AND ?4 IS NOT NULL" group

static gboolean
query_rest (TjStore  *store,
            Summary  *s,
            GError  **error)
{
  sqlite3_stmt *st;
  int rc;

  st = summary_statement (store, s,
                          s->stations ? MISSED_SQL (CASE_STATION, "", " GROUP BY r.station")
                                      : MISSED_SQL ("", "", ""), error);
  if (st == NULL)
    return FALSE;
  while ((rc = sqlite3_step (st)) == SQLITE_ROW)
    {
      Summary *station = row_station (s, st, 1);

      s->deadlines_missed += sqlite3_column_int64 (st, 0);
      if (station)
        station->deadlines_missed += sqlite3_column_int64 (st, 0);
    }
  if (!finish_rows (store, st, rc, error))
    return FALSE;

  st = summary_statement (store, s,
                          s->stations ? REFERRALS_SQL (CASE_STATION, "", ", r.station")
                                      : REFERRALS_SQL ("", "", ""), error);
  if (st == NULL)
    return FALSE;
  while ((rc = sqlite3_step (st)) == SQLITE_ROW)
    {
      int d = index_of (tj_store_column_text (st, 0), _tj_report_destinations);
      Summary *station = row_station (s, st, 2);

      if (d < 0)
        continue;
      for (Summary *t = s; t; t = t == s ? station : NULL)
        {
          t->referrals[d] += sqlite3_column_int64 (st, 1);
          t->referrals[4] += sqlite3_column_int64 (st, 1);
        }
    }
  if (!finish_rows (store, st, rc, error))
    return FALSE;

  st = summary_statement (store, s,
                          s->stations ? CONSULTATIONS_SQL (OWNER_COLUMN, OWNER_JOIN ("k.id"), " GROUP BY o.station")
                                      : CONSULTATIONS_SQL ("", "", ""), error);
  if (st == NULL)
    return FALSE;
  while ((rc = sqlite3_step (st)) == SQLITE_ROW)
    {
      Summary *station = row_station (s, st, 2);

      for (Summary *t = s; t; t = t == s ? station : NULL)
        {
          t->night_clinic += sqlite3_column_int64 (st, 0);
          t->became_cases += sqlite3_column_int64 (st, 1);
        }
    }
  return finish_rows (store, st, rc, error);
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
  if (g_str_has_prefix (figure, "station."))
    {
      const char *code = figure + strlen ("station.");
      const char *dot = strchr (code, '.');
      g_autofree char *station = dot ? g_strndup (code, dot - code) : NULL;
      g_autofree char *base = dot ? tj_report_figure_label (dot + 1) : NULL;

      /* Translators: a figure of one station: "BH0043: Cases received" */
      return base ? g_strdup_printf (C_("station figure", "%s: %s"), station, base) : NULL;
    }
  for (guint i = 0; i < G_N_ELEMENTS (labels); i++)
    if (g_str_equal (labels[i].key, figure))
      return g_strdup (_(labels[i].label));
  parts = g_strsplit (figure, ".", 3);
  if (g_strv_length (parts) == 2 && g_str_equal (parts[0], "referrals"))
    /* Translators: referrals to one destination, e.g. "Referrals: Labour arbitration" */
    return g_strdup_printf (_("Referrals: %s"), tj_referral_target_label (parts[1]));
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
      return g_strdup_printf (_("%1$s %2$d: %3$s"), _tj_report_month_name (m), y, what);
    }
  return NULL;
}

/* The figures of @s (the whole summary, or one station's) into @o. */
static void
add_figures (JsonObject *o,
             Summary    *s)
{
  JsonObject *days = json_object_new ();
  JsonObject *consult = json_object_new ();
  JsonObject *referrals = json_object_new ();
  JsonArray *by_kind = json_array_new ();
  JsonArray *by_source = json_array_new ();
  JsonArray *months = json_array_new ();
  gint64 closed = s->outcome[0] + s->outcome[1] + s->outcome[2] + s->outcome[3];
  double rate = closed ? (double) s->outcome[0] / (double) closed : 0;
  double average = s->days_cases ? (double) s->days_total / (double) s->days_cases : 0;

  json_object_set_int_member (o, "received", s->received);
  json_object_set_int_member (o, "closed", closed);
  for (int i = 0; _tj_report_outcomes[i]; i++)
    json_object_set_int_member (o, _tj_report_outcomes[i], s->outcome[i]);
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
  for (int i = 0; _tj_report_destinations[i]; i++)
    json_object_set_int_member (referrals, _tj_report_destinations[i], s->referrals[i]);
  json_object_set_object_member (o, "referrals", referrals);

  for (int i = 0; _tj_report_kinds[i]; i++)
    {
      JsonObject *k = json_object_new ();
      json_object_set_string_member (k, "kind", _tj_report_kinds[i]);
      json_object_set_string_member (k, "label", tj_case_kind_label (_tj_report_kinds[i]));
      json_object_set_int_member (k, "received", s->by_kind[i].received);
      json_object_set_int_member (k, "closed", s->by_kind[i].closed);
      json_object_set_int_member (k, "agreed", s->by_kind[i].agreed);
      json_array_add_object_element (by_kind, k);
    }
  json_object_set_array_member (o, "by_kind", by_kind);
  for (int i = 0; _tj_report_sources[i]; i++)
    {
      JsonObject *k = json_object_new ();
      json_object_set_string_member (k, "source", _tj_report_sources[i]);
      json_object_set_string_member (k, "label", tj_case_source_label (_tj_report_sources[i]));
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
      json_object_set_string_member (j, "label", _tj_report_month_short (atoi (m->month + 5)));
      json_object_set_int_member (j, "received", m->received);
      for (int k = 0; _tj_report_outcomes[k]; k++)
        json_object_set_int_member (j, _tj_report_outcomes[k], m->outcome[k]);
      json_object_set_int_member (j, "agreed_fen", m->agreed_fen);
      json_object_set_int_member (j, "paid_fen", m->paid_fen);
      json_array_add_object_element (months, j);
    }
  json_object_set_array_member (o, "months", months);
}

/* The station table: a row per registered station, the figures people
 * compare stations by, each cell listing its cases (station.CODE.…). */
static void
add_station_table (JsonArray *tables,
                   Summary   *s)
{
  JsonObject *t = table_new (tables, "by_station", _("Cases by station"));

  table_column (t, "received", C_("report column", "Received"), "count");
  table_column (t, "closed", C_("report column", "Closed"), "count");
  table_column (t, "agreed", C_("outcome", "Agreed"), "count");
  table_column (t, "settlement_rate", _("Settlement rate"), "rate");
  table_column (t, "collective", _("Collective"), "count");
  table_column (t, "deadlines_missed", _("Deadlines missed"), "count");
  table_column (t, "paid", _("Recovered"), "fen");
  for (guint i = 0; i < json_array_get_length (s->station_list); i++)
    {
      JsonObject *station = json_array_get_object_element (s->station_list, i);
      const char *code = tj_json_get_string (station, "code", "");
      const char *name = tj_json_get_string (station, "name", code);
      Summary *x = g_hash_table_lookup (s->stations, code);
      gint64 closed = x->outcome[0] + x->outcome[1] + x->outcome[2] + x->outcome[3];
      g_autofree char *label = g_strcmp0 (name, code) != 0 ? g_strdup_printf ("%s (%s)", name, code) : g_strdup (code);
      g_autofree char *f_received = g_strdup_printf ("station.%s.received", code);
      g_autofree char *f_closed = g_strdup_printf ("station.%s.closed", code);
      g_autofree char *f_agreed = g_strdup_printf ("station.%s.agreed", code);
      g_autofree char *f_collective = g_strdup_printf ("station.%s.collective", code);
      g_autofree char *f_missed = g_strdup_printf ("station.%s.deadlines_missed", code);
      g_autofree char *f_paid = g_strdup_printf ("station.%s.paid", code);
      JsonArray *cells = table_row (t, code, label);

      cell_int (cells, x->received, "count", f_received);
      cell_int (cells, closed, "count", f_closed);
      cell_int (cells, x->outcome[0], "count", f_agreed);
      cell_double (cells, closed > 0, closed ? (double) x->outcome[0] / (double) closed : 0, "rate", f_closed);
      cell_int (cells, x->collective, "count", f_collective);
      cell_int (cells, x->deadlines_missed, "count", f_missed);
      cell_int (cells, x->paid_fen, "fen", f_paid);
    }
}

static JsonObject *
build_json (Summary *s)
{
  JsonObject *o = json_object_new ();
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
  add_figures (o, s);
  if (s->stations)
    {
      JsonObject *by_station = json_object_new ();

      for (guint i = 0; i < json_array_get_length (s->station_list); i++)
        {
          JsonObject *station = json_array_get_object_element (s->station_list, i);
          const char *code = tj_json_get_string (station, "code", "");
          JsonObject *figures = json_object_new ();

          json_object_set_string_member (figures, "name", tj_json_get_string (station, "name", code));
          add_figures (figures, g_hash_table_lookup (s->stations, code));
          json_object_set_object_member (by_station, code, figures);
        }
      json_object_set_object_member (o, "by_station", by_station);
    }

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
      const char * const *list = pass ? _tj_report_sources : _tj_report_kinds;
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
  for (int i = 0; _tj_report_destinations[i]; i++)
    {
      g_autofree char *f = g_strdup_printf ("referrals.%s", _tj_report_destinations[i]);
      one_row (t, _tj_report_destinations[i], tj_referral_target_label (_tj_report_destinations[i]), s->referrals[i], "count", f);
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
  for (int k = 0; _tj_report_outcomes[k]; k++)
    table_column (t, _tj_report_outcomes[k], tj_report_outcome_label (_tj_report_outcomes[k]), "count");
  table_column (t, "paid", _("Recovered"), "fen");
  for (guint i = 0; i < s->months->len; i++)
    {
      Month *m = &g_array_index (s->months, Month, i);
      g_autofree char *mlabel = NULL;
      g_autofree char *f = NULL;
      mlabel = g_strdup_printf (C_("period", "%1$s %2$d"), _tj_report_month_name (atoi (m->month + 5)), atoi (m->month));
      cells = table_row (t, m->month, mlabel);
      f = g_strdup_printf ("month.%s.received", m->month);
      cell_int (cells, m->received, "count", f);
      for (int k = 0; _tj_report_outcomes[k]; k++)
        {
          g_free (f);
          f = g_strdup_printf ("month.%s.%s", m->month, _tj_report_outcomes[k]);
          cell_int (cells, m->outcome[k], "count", f);
        }
      g_free (f);
      f = g_strdup_printf ("month.%s.paid", m->month);
      cell_int (cells, m->paid_fen, "fen", f);
    }

  if (s->stations)
    add_station_table (tables, s);

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
  if (options->by_station)
    {
      /* Every registered station, those with nothing in the period too
       * (a station that sent nothing shows as zeros, not as missing). */
      s.station_list = tj_centre_list_stations (store, error);
      if (s.station_list == NULL)
        goto out;
      s.stations = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, summary_free);
      for (guint i = 0; i < json_array_get_length (s.station_list); i++)
        {
          Summary *x = g_new0 (Summary, 1);

          x->options = options;
          x->from = from;
          x->to = to;
          x->today = g_strdup (s.today);
          x->months = g_array_new (FALSE, TRUE, sizeof (Month));
          g_array_set_clear_func (x->months, month_clear);
          fill_months (x);
          g_hash_table_insert (s.stations,
                               (gpointer) tj_json_get_string (json_array_get_object_element (s.station_list, i),
                                                              "code", ""), x);
        }
    }

  /* One read transaction: every figure sees the same state of the store,
   * even while another thread (sync) writes. */
  if (!tj_store_exec (store, "SAVEPOINT tj_report", error))
    goto out;
  if (query_received (store, &s, error) && query_outcomes (store, &s, error) &&
      query_agreed (store, &s, error) && query_paid (store, &s, error) && query_rest (store, &s, error))
    out = build_json (&s);
  tj_store_exec (store, "RELEASE tj_report", NULL);

out:
  g_clear_pointer (&s.stations, g_hash_table_unref);
  g_clear_pointer (&s.station_list, json_array_unref);
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
