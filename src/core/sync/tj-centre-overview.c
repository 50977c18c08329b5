/* SPDX-License-Identifier: GPL-3.0-or-later */
/* What the centre watches, per station: open cases, mediation limits,
 * early warnings, overdue installments; each station's cases; the
 * follow-up calls work list. See tj-centre-overview.h. */
#undef G_LOG_DOMAIN
#define G_LOG_DOMAIN "Tiaojie-Centre"

#include "tj-centre-overview.h"

#include <string.h>

#include "tj-agenda.h"
#include "tj-arrears.h"
#include "tj-calendar.h"
#include "tj-centre.h"
#include "tj-deadline.h"
#include "tj-i18n.h"
#include "tj-json.h"
#include "tj-time.h"

#define ENDED_STATUSES "('closed', 'withdrawn', 'failed', 'referred')"
#define RUNNING_STATUSES "('accepted', 'mediating')"
/* Calls are due 7 and 30 days after closing (moved to a working day), and
 * stay on the list 30 days past that: cases closed this long ago. */
#define FOLLOW_UP_WINDOW_DAYS (30 + 12 + 30)
#define FOLLOW_UP_GRACE_DAYS  30

static const char * const outcomes[] = { "satisfied", "dissatisfied", "unresolved", "not_reached", NULL };

const char *
tj_centre_outcome_label (const char *outcome)
{
  if (g_strcmp0 (outcome, "satisfied") == 0)
    return _("Worker satisfied");
  if (g_strcmp0 (outcome, "dissatisfied") == 0)
    return _("Worker not satisfied");
  if (g_strcmp0 (outcome, "unresolved") == 0)
    return _("Problem not resolved");
  if (g_strcmp0 (outcome, "not_reached") == 0)
    return _("Could not reach the worker");
  /* A call recorded at the station (Today), with no outcome. */
  return _("Call made");
}

static char *
today_of (const TjCaseContext *ctx)
{
  return tj_date_today_iso (ctx ? ctx->today : NULL);
}

static char *
add_days (const char *iso,
          int         days)
{
  GDate date;

  if (!tj_date_parse_iso (iso, &date))
    return g_strdup (iso);
  if (days >= 0)
    g_date_add_days (&date, days);
  else
    g_date_subtract_days (&date, -days);
  return tj_date_to_iso (&date);
}

/* ------------------------------------------------------------------ */
/* The overview                                                         */

static JsonObject *
counts_new (void)
{
  static const char * const keys[] = {
    "cases", "open_cases", "deadlines_due", "deadlines_missed", "collective", "overdue_installments", NULL
  };
  JsonObject *o = json_object_new ();

  for (guint i = 0; keys[i]; i++)
    json_object_set_int_member (o, keys[i], 0);
  return o;
}

static void
count_add (JsonObject *o,
           const char *key,
           gint64      n)
{
  json_object_set_int_member (o, key, tj_json_get_int (o, key, 0) + n);
}

JsonObject *
tj_centre_overview (TjStore             *store,
                    const TjCaseContext *ctx,
                    guint                days,
                    GError             **error)
{
  g_autoptr(JsonArray) stations = NULL;
  g_autoptr(JsonArray) overdue = NULL;
  g_autoptr(GHashTable) by_code = g_hash_table_new (g_str_hash, g_str_equal);
  g_autofree char *today = today_of (ctx);
  g_autofree char *until = add_days (today, (int) days);
  g_autoptr(JsonObject) totals = counts_new ();
  TjCaseContext defaults;
  JsonObject *out;
  sqlite3_stmt *st;
  int rc;

  g_return_val_if_fail (TJ_IS_STORE (store), NULL);

  if (ctx == NULL)
    {
      tj_case_context_init_defaults (&defaults);
      ctx = &defaults;
    }
  if (!tj_case_attach (store, error) || !tj_arrears_attach (store, error) || !tj_centre_attach (store, error))
    return NULL;
  stations = tj_centre_list_stations (store, error);
  if (stations == NULL)
    return NULL;
  for (guint i = 0; i < json_array_get_length (stations); i++)
    {
      JsonObject *s = json_array_get_object_element (stations, i);
      JsonObject *last = tj_json_get_object (s, "last_sync");
      g_autoptr(JsonObject) counts = counts_new ();
      g_autoptr(GList) keys = json_object_get_members (counts);

      for (GList *l = keys; l; l = l->next)
        json_object_set_int_member (s, l->data, 0);
      if (last)
        {
          json_object_set_string_member (s, "last_sync_at", tj_json_get_string (last, "at", ""));
          if (tj_json_get_string (last, "last_ok_at", NULL))
            json_object_set_string_member (s, "last_ok_at", tj_json_get_string (last, "last_ok_at", ""));
          else
            json_object_set_null_member (s, "last_ok_at");
          json_object_set_boolean_member (s, "sync_ok", tj_json_get_bool (last, "ok", FALSE));
          json_object_set_string_member (s, "sync_state", tj_json_get_bool (last, "ok", FALSE) ? "ok" : "failed");
          if (tj_json_get_string (last, "error", NULL))
            json_object_set_string_member (s, "sync_error", tj_json_get_string (last, "error", ""));
          else
            json_object_set_null_member (s, "sync_error");
          if (tj_json_get_string (last, "error_kind", NULL))
            json_object_set_string_member (s, "sync_error_kind", tj_json_get_string (last, "error_kind", ""));
          else
            json_object_set_null_member (s, "sync_error_kind");
        }
      else
        {
          json_object_set_null_member (s, "last_sync_at");
          json_object_set_null_member (s, "last_ok_at");
          json_object_set_null_member (s, "sync_ok");
          json_object_set_string_member (s, "sync_state", "never");
          json_object_set_null_member (s, "sync_error");
          json_object_set_null_member (s, "sync_error_kind");
        }
      json_object_remove_member (s, "last_sync");
      g_hash_table_insert (by_code, (gpointer) tj_json_get_string (s, "code", ""), s);
    }

  if (tj_centre_is_centre (store))
    {
      /* One pass over the case index, every station at once. */
      st = tj_store_statement (store,
        "SELECT o.station, COUNT(*),"
        " SUM(ci.status NOT IN " ENDED_STATUSES "),"
        " SUM(ci.status IN " RUNNING_STATUSES " AND ci.mediation_deadline BETWEEN ?1 AND ?2),"
        " SUM(ci.status IN " RUNNING_STATUSES " AND ci.mediation_deadline < ?1),"
        " SUM(ci.status NOT IN " ENDED_STATUSES " AND (ci.workers >= ?3 OR MAX(ci.owed_fen, ci.claimed_fen) >= ?4"
        "     OR ci.layoff = 1))"
        " FROM case_index ci JOIN centre_owner o ON o.id = ci.id GROUP BY o.station", error);
      if (st == NULL)
        return NULL;
      sqlite3_bind_text (st, 1, today, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (st, 2, until, -1, SQLITE_TRANSIENT);
      sqlite3_bind_int64 (st, 3, ctx->flag_min_workers ? (gint64) ctx->flag_min_workers : G_MAXINT64);
      sqlite3_bind_int64 (st, 4, ctx->flag_min_amount_fen > 0 ? ctx->flag_min_amount_fen : G_MAXINT64);
      while ((rc = sqlite3_step (st)) == SQLITE_ROW)
        {
          JsonObject *s = g_hash_table_lookup (by_code, tj_store_column_text (st, 0));
          static const char * const keys[] = {
            "cases", "open_cases", "deadlines_due", "deadlines_missed", "collective"
          };

          /* A station removed from the registry keeps its documents here,
           * but is not listed. */
          if (s == NULL)
            continue;
          for (guint k = 0; k < G_N_ELEMENTS (keys); k++)
            json_object_set_int_member (s, keys[k], sqlite3_column_int64 (st, (int) k + 1));
        }
      sqlite3_reset (st);
      if (rc != SQLITE_DONE)
        {
          tj_store_set_error (store, rc, error);
          return NULL;
        }

      /* Overdue installments are few; their cases' stations one by one. */
      overdue = tj_arrears_overdue (store, today, error);
      if (overdue == NULL)
        return NULL;
      for (guint i = 0; i < json_array_get_length (overdue); i++)
        {
          g_autofree char *owner = tj_centre_owner (store, tj_json_get_string (json_array_get_object_element (overdue, i),
                                                                               "case_id", NULL));
          JsonObject *s = owner ? g_hash_table_lookup (by_code, owner) : NULL;

          if (s)
            count_add (s, "overdue_installments", 1);
        }
    }

  for (guint i = 0; i < json_array_get_length (stations); i++)
    {
      JsonObject *s = json_array_get_object_element (stations, i);
      g_autoptr(GList) keys = json_object_get_members (totals);

      for (GList *l = keys; l; l = l->next)
        count_add (totals, l->data, tj_json_get_int (s, l->data, 0));
    }

  out = json_object_new ();
  json_object_set_string_member (out, "today", today);
  json_object_set_int_member (out, "days", days);
  json_object_set_array_member (out, "stations", g_steal_pointer (&stations));
  json_object_set_object_member (out, "totals", g_steal_pointer (&totals));
  return out;
}

/* ------------------------------------------------------------------ */
/* A station's cases                                                    */

JsonArray *
tj_centre_station_cases (TjStore             *store,
                         const TjCaseContext *ctx,
                         const char          *code,
                         GError             **error)
{
  g_autoptr(JsonObject) station = NULL;
  g_autoptr(JsonArray) out = json_array_new ();
  g_autofree char *today = today_of (ctx);
  TjCaseContext defaults;
  sqlite3_stmt *st;
  int rc;

  g_return_val_if_fail (TJ_IS_STORE (store), NULL);

  if (ctx == NULL)
    {
      tj_case_context_init_defaults (&defaults);
      ctx = &defaults;
    }
  if (!tj_case_attach (store, error) || !tj_centre_attach (store, error))
    return NULL;
  station = tj_centre_get_station (store, code, error);
  if (station == NULL)
    return NULL;

  st = tj_store_statement (store,
    "SELECT ci.id, ci.number, ci.title, ci.status, ci.kind, ci.received_on, ci.employer, ci.workers,"
    " MAX(ci.owed_fen, ci.claimed_fen), ci.mediation_deadline,"
    " CAST(julianday(ci.mediation_deadline) - julianday(?2) AS INTEGER),"
    " (ci.workers >= ?3 OR MAX(ci.owed_fen, ci.claimed_fen) >= ?4 OR ci.layoff = 1),"
    " ci.status NOT IN " ENDED_STATUSES ", ci.source"
    " FROM centre_owner o JOIN case_index ci ON ci.id = o.id WHERE o.station = ?1"
    " ORDER BY ci.status IN " ENDED_STATUSES ","
    "  CASE WHEN ci.status IN " ENDED_STATUSES " THEN NULL ELSE ci.mediation_deadline IS NULL END,"
    "  CASE WHEN ci.status IN " ENDED_STATUSES " THEN NULL ELSE ci.mediation_deadline END,"
    "  ci.received_on DESC, ci.number_seq DESC", error);
  if (st == NULL)
    return NULL;
  sqlite3_bind_text (st, 1, code, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (st, 2, today, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (st, 3, ctx->flag_min_workers ? (gint64) ctx->flag_min_workers : G_MAXINT64);
  sqlite3_bind_int64 (st, 4, ctx->flag_min_amount_fen > 0 ? ctx->flag_min_amount_fen : G_MAXINT64);
  while ((rc = sqlite3_step (st)) == SQLITE_ROW)
    {
      JsonObject *row = json_object_new ();
      gboolean open = sqlite3_column_int (st, 12) != 0;

      json_object_set_string_member (row, "id", tj_store_column_text (st, 0));
      json_object_set_string_member (row, "number", tj_store_column_text (st, 1));
      json_object_set_string_member (row, "title", tj_store_column_text (st, 2));
      json_object_set_string_member (row, "status", tj_store_column_text (st, 3));
      json_object_set_string_member (row, "status_label", tj_case_status_label (tj_store_column_text (st, 3)));
      json_object_set_string_member (row, "kind", tj_store_column_text (st, 4));
      json_object_set_string_member (row, "received_on", tj_store_column_text (st, 5));
      json_object_set_string_member (row, "employer", tj_store_column_text (st, 6));
      json_object_set_int_member (row, "workers", sqlite3_column_int64 (st, 7));
      json_object_set_int_member (row, "owed_fen", sqlite3_column_int64 (st, 8));
      if (sqlite3_column_type (st, 9) != SQLITE_NULL)
        json_object_set_string_member (row, "mediation_deadline", tj_store_column_text (st, 9));
      else
        json_object_set_null_member (row, "mediation_deadline");
      if (sqlite3_column_type (st, 9) != SQLITE_NULL && open)
        json_object_set_int_member (row, "days_left", sqlite3_column_int64 (st, 10));
      else
        json_object_set_null_member (row, "days_left");
      json_object_set_boolean_member (row, "flagged", open && sqlite3_column_int (st, 11) != 0);
      json_object_set_boolean_member (row, "open", open);
      json_object_set_boolean_member (row, "dispatched", g_strcmp0 (tj_store_column_text (st, 13), "hotline") == 0);
      json_array_add_object_element (out, row);
    }
  sqlite3_reset (st);
  if (rc != SQLITE_DONE)
    {
      tj_store_set_error (store, rc, error);
      return NULL;
    }
  return g_steal_pointer (&out);
}

/* ------------------------------------------------------------------ */
/* Follow-up calls                                                      */

typedef struct {
  char *id, *number, *title, *closed_on, *station;
} Closed;

static void
closed_free (Closed *c)
{
  g_free (c->id);
  g_free (c->number);
  g_free (c->title);
  g_free (c->closed_on);
  g_free (c->station);
  g_free (c);
}

/* The call @which of @case_id as recorded: whether made, its latest
 * outcome and the attempts that did not reach the worker. */
static gboolean
call_record (TjStore     *store,
             const char  *case_id,
             const char  *which,
             JsonObject  *item,
             GError     **error)
{
  sqlite3_stmt *st = tj_store_statement (store,
    "SELECT reached, outcome, note, at, by_centre FROM centre_follow_up"
    " WHERE case_id = ?1 AND follow_up = ?2 ORDER BY at", error);
  gint64 attempts = 0;
  gboolean made = FALSE;
  int rc;

  if (st == NULL)
    return FALSE;
  sqlite3_bind_text (st, 1, case_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (st, 2, which, -1, SQLITE_TRANSIENT);
  json_object_set_null_member (item, "outcome");
  json_object_set_null_member (item, "note");
  json_object_set_null_member (item, "done_at");
  json_object_set_boolean_member (item, "by_centre", FALSE);
  while ((rc = sqlite3_step (st)) == SQLITE_ROW)
    {
      if (!sqlite3_column_int (st, 0))
        {
          attempts++;
          continue;
        }
      made = TRUE;
      if (sqlite3_column_type (st, 1) != SQLITE_NULL)
        json_object_set_string_member (item, "outcome", tj_store_column_text (st, 1));
      else
        json_object_set_null_member (item, "outcome");
      if (sqlite3_column_type (st, 2) != SQLITE_NULL)
        json_object_set_string_member (item, "note", tj_store_column_text (st, 2));
      json_object_set_string_member (item, "done_at", tj_store_column_text (st, 3));
      json_object_set_boolean_member (item, "by_centre", sqlite3_column_int (st, 4) != 0);
    }
  sqlite3_reset (st);
  if (rc != SQLITE_DONE)
    return tj_store_set_error (store, rc, error);
  json_object_set_int_member (item, "attempts", attempts);
  json_object_set_boolean_member (item, "made", made);
  json_object_set_string_member (item, "outcome_label",
                                 made ? tj_centre_outcome_label (tj_json_get_string (item, "outcome", NULL)) : "");
  return TRUE;
}

static gint
follow_up_order (gconstpointer a,
                 gconstpointer b)
{
  JsonObject *x = *(JsonObject **) a, *y = *(JsonObject **) b;
  gboolean dx = g_strcmp0 (tj_json_get_string (x, "state", ""), "done") == 0;
  gboolean dy = g_strcmp0 (tj_json_get_string (y, "state", ""), "done") == 0;
  int c;

  /* Calls to make first, the most overdue first; then the calls made,
   * the latest first. */
  if (dx != dy)
    return dx ? 1 : -1;
  if (dx)
    c = g_strcmp0 (tj_json_get_string (y, "done_at", ""), tj_json_get_string (x, "done_at", ""));
  else
    c = g_strcmp0 (tj_json_get_string (x, "due_on", ""), tj_json_get_string (y, "due_on", ""));
  return c ? c : g_strcmp0 (tj_json_get_string (x, "number", ""), tj_json_get_string (y, "number", ""));
}

JsonArray *
tj_centre_follow_ups (TjStore             *store,
                      const TjCaseContext *ctx,
                      guint                days,
                      GError             **error)
{
  g_autoptr(GPtrArray) cases = g_ptr_array_new_with_free_func ((GDestroyNotify) closed_free);
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  g_autoptr(JsonArray) stations = NULL;
  g_autoptr(GHashTable) names = g_hash_table_new (g_str_hash, g_str_equal);
  g_autofree char *today = today_of (ctx);
  g_autofree char *since = add_days (today, -FOLLOW_UP_WINDOW_DAYS);
  JsonArray *out;
  sqlite3_stmt *st;
  int rc;

  g_return_val_if_fail (TJ_IS_STORE (store), NULL);

  if (!tj_case_attach (store, error) || !tj_centre_attach (store, error))
    return NULL;
  if (!tj_centre_is_centre (store))
    return json_array_new ();
  stations = tj_centre_list_stations (store, error);
  if (stations == NULL)
    return NULL;
  for (guint i = 0; i < json_array_get_length (stations); i++)
    {
      JsonObject *s = json_array_get_object_element (stations, i);
      g_hash_table_insert (names, (gpointer) tj_json_get_string (s, "code", ""),
                           (gpointer) tj_json_get_string (s, "name", ""));
    }

  /* Rows first: call_record() uses other statements of the store. */
  st = tj_store_statement (store,
    "SELECT ci.id, ci.number, ci.title, ci.closed_on, o.station FROM case_index ci"
    " LEFT JOIN centre_owner o ON o.id = ci.id"
    " WHERE ci.status = 'closed' AND ci.closed_on BETWEEN ?1 AND ?2 ORDER BY ci.closed_on, ci.number", error);
  if (st == NULL)
    return NULL;
  sqlite3_bind_text (st, 1, since, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (st, 2, today, -1, SQLITE_TRANSIENT);
  while ((rc = sqlite3_step (st)) == SQLITE_ROW)
    {
      Closed *c = g_new0 (Closed, 1);

      c->id = g_strdup (tj_store_column_text (st, 0));
      c->number = g_strdup (tj_store_column_text (st, 1));
      c->title = g_strdup (tj_store_column_text (st, 2));
      c->closed_on = g_strdup (tj_store_column_text (st, 3));
      c->station = sqlite3_column_type (st, 4) != SQLITE_NULL ? g_strdup (tj_store_column_text (st, 4)) : NULL;
      g_ptr_array_add (cases, c);
    }
  sqlite3_reset (st);
  if (rc != SQLITE_DONE)
    {
      tj_store_set_error (store, rc, error);
      return NULL;
    }

  for (guint i = 0; i < cases->len; i++)
    {
      Closed *c = g_ptr_array_index (cases, i);
      g_autoptr(JsonObject) input = json_object_new ();
      g_autoptr(JsonObject) result = NULL;
      g_autoptr(GError) local = NULL;
      JsonArray *deadlines;

      json_object_set_string_member (input, "closed_on", c->closed_on);
      json_object_set_string_member (input, "today", today);
      result = tj_deadlines_compute (tj_calendar_get_default (), input, &local);
      if (result == NULL)
        {
          /* A damaged date in one case must not hide every other call. */
          g_warning ("Case %s: %s", c->id, local->message);
          continue;
        }
      deadlines = tj_json_get_array (result, "deadlines");
      for (guint j = 0; deadlines && j < json_array_get_length (deadlines); j++)
        {
          JsonObject *d = json_array_get_object_element (deadlines, j);
          const char *which = tj_json_get_string (d, "kind", "");
          gint64 left = tj_json_get_int (d, "days_remaining", 0);
          g_autoptr(JsonObject) item = NULL;
          gboolean made;

          if (!g_str_has_prefix (which, "follow_up_"))
            continue;
          item = json_object_new ();
          if (!call_record (store, c->id, which, item, error))
            return NULL;
          made = tj_json_get_bool (item, "made", FALSE);
          json_object_remove_member (item, "made");
          if (!made && (left > (gint64) days || left < -FOLLOW_UP_GRACE_DAYS))
            continue;
          json_object_set_string_member (item, "case_id", c->id);
          json_object_set_string_member (item, "number", c->number);
          json_object_set_string_member (item, "title", c->title);
          if (c->station)
            {
              json_object_set_string_member (item, "station", c->station);
              json_object_set_string_member (item, "station_name",
                                             g_hash_table_lookup (names, c->station) ? g_hash_table_lookup (names, c->station)
                                                                                     : c->station);
            }
          else
            {
              json_object_set_null_member (item, "station");
              json_object_set_string_member (item, "station_name", _("Centre"));
            }
          json_object_set_string_member (item, "closed_on", c->closed_on);
          json_object_set_string_member (item, "follow_up", which);
          json_object_set_string_member (item, "label", tj_deadline_kind_label (which));
          json_object_set_string_member (item, "due_on", tj_json_get_string (d, "date", ""));
          json_object_set_int_member (item, "days_left", left);
          json_object_set_string_member (item, "state", made ? "done" : left < 0 ? "overdue" : left == 0 ? "due" : "upcoming");
          g_ptr_array_add (items, g_steal_pointer (&item));
        }
    }

  g_ptr_array_sort (items, follow_up_order);
  out = json_array_new ();
  for (guint i = 0; i < items->len; i++)
    json_array_add_object_element (out, json_object_ref (g_ptr_array_index (items, i)));
  return out;
}

gboolean
tj_centre_record_follow_up (TjStore             *store,
                            const TjCaseContext *ctx,
                            const char          *case_id,
                            const char          *follow_up,
                            const char          *outcome,
                            const char          *note,
                            GError             **error)
{
  g_autoptr(JsonObject) doc = NULL;
  g_autoptr(JsonObject) extra = json_object_new ();
  g_autofree char *text = NULL;
  g_autofree char *trimmed = note ? g_strstrip (g_strdup (note)) : NULL;
  gboolean reached;

  g_return_val_if_fail (TJ_IS_STORE (store), FALSE);
  g_return_val_if_fail (case_id != NULL, FALSE);

  if (g_strcmp0 (follow_up, "follow_up_7") != 0 && g_strcmp0 (follow_up, "follow_up_30") != 0)
    {
      g_set_error (error, TJ_ERROR, TJ_ERROR_INVALID,
                   _("“%s” is not a follow-up call (follow_up_7 or follow_up_30)"), follow_up ? follow_up : "");
      return FALSE;
    }
  if (outcome == NULL || !g_strv_contains (outcomes, outcome))
    {
      g_set_error (error, TJ_ERROR, TJ_ERROR_INVALID,
                   _("“%s” is not an outcome of a follow-up call (satisfied, dissatisfied, unresolved or "
                     "not_reached)"), outcome ? outcome : "");
      return FALSE;
    }
  doc = tj_case_get_doc (store, case_id, error);
  if (doc == NULL)
    return FALSE;

  reached = g_strcmp0 (outcome, "not_reached") != 0;
  json_object_set_string_member (extra, "follow_up", follow_up);
  json_object_set_string_member (extra, "outcome", outcome);
  if (trimmed && *trimmed)
    {
      json_object_set_string_member (extra, "note", trimmed);
      /* Translators: "Follow-up call after 7 days: Worker satisfied. He got the money." */
      text = g_strdup_printf (_("%s: %s. %s"), tj_deadline_kind_label (follow_up), tj_centre_outcome_label (outcome),
                              trimmed);
    }
  else
    /* Translators: "Follow-up call after 7 days: Worker satisfied" */
    text = g_strdup_printf (_("%s: %s"), tj_deadline_kind_label (follow_up), tj_centre_outcome_label (outcome));
  return tj_case_add_event (store, ctx, case_id, reached ? "follow_up" : "follow_up_attempt", text, extra, error);
}
