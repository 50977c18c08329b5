/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Tiaojie-Session"

/* Offers and demands per issue and what they add up to: the figures
 * behind the gap, the meeting point and the offers chart. See tj-session.h. */

#include <string.h>

#include "tj-calendar.h"
#include "tj-error.h"
#include "tj-i18n.h"
#include "tj-time.h"
#include "tj-json.h"
#include "tj-money.h"
#include "tj-session.h"
#include "tj-session-private.h"
#include "tj-settlement.h"
#include "tj-validate.h"

/* ------------------------------------------------------------------ */
/* Offers and figures                                                   */

static const char *
unit_of_issue (const char *issue)
{
  if (g_strcmp0 (issue, "payment_date") == 0)
    return "date";
  if (g_strcmp0 (issue, "other") == 0)
    return NULL;
  return "fen";
}

JsonObject *
tj_session_offer_add (TjStore             *store,
                      const TjCaseContext *ctx,
                      const char          *session_id,
                      JsonObject          *input,
                      GError             **error)
{
  g_autoptr(JsonObject) session = NULL;
  g_autoptr(JsonObject) doc = NULL;
  g_autoptr(GPtrArray) parties = NULL;
  g_autofree char *at = tj_timestamp_now ();
  const char *by, *issue, *unit, *visibility, *side, *party_id = NULL, *label;
  gint64 round;

  g_return_val_if_fail (TJ_IS_STORE (store), NULL);
  g_return_val_if_fail (input != NULL, NULL);

  session = _tj_session_get_session (store, session_id, error);
  if (session == NULL)
    return NULL;
  if (json_object_has_member (session, "ended_at"))
    {
      g_set_error (error, TJ_ERROR, TJ_ERROR_CONFLICT,
                   _("This session has ended; record the offer in a new session"));
      return NULL;
    }

  by = tj_json_get_string (input, "by", NULL);
  if (by == NULL || *by == '\0')
    {
      tj_set_invalid (error, "by", _("by: say who makes the offer (worker, employer, both or a party id)"));
      return NULL;
    }
  if (_tj_session_in_list (by, _tj_session_sides) || g_str_equal (by, "both"))
    side = by;
  else
    {
      JsonObject *party;
      parties = _tj_session_children (store, tj_json_get_string (session, "case_id", ""), "party", error);
      if (parties == NULL)
        return NULL;
      party = _tj_session_find_party (parties, by);
      if (party == NULL)
        {
          tj_set_invalid (error, "by",
                       _("by: %s is not worker, employer, both or a party of this case"), by);
          return NULL;
        }
      side = _tj_session_side_of_party (party);
      party_id = by;
      if (side == NULL)
        {
          tj_set_invalid (error, "by", _("by: say which side %s represents"),
                       tj_json_get_string (party, "name", by));
          return NULL;
        }
    }

  issue = tj_json_get_string (input, "issue", NULL);
  if (!_tj_session_in_list (issue, _tj_session_issue_ids))
    {
      tj_set_invalid (error, "issue",
                   _("issue: “%s” is not wages_owed, economic_compensation, payment_date or other"),
                   issue ? issue : "");
      return NULL;
    }
  if (!_tj_session_check_text (input, "label", "label", error) || !_tj_session_check_text (input, "reason", "reason", error) ||
      !_tj_session_check_text (input, "text", "text", error))
    return NULL;
  label = tj_json_get_string (input, "label", NULL);
  if (g_str_equal (issue, "other") && (label == NULL || *label == '\0'))
    {
      tj_set_invalid (error, "label", _("label: name the issue (for example “Social insurance arrears”)"));
      return NULL;
    }

  unit = unit_of_issue (issue);
  if (json_object_has_member (input, "amount_fen") &&
      (!_tj_session_is_int (input, "amount_fen") || tj_json_get_int (input, "amount_fen", -1) < 0))
    {
      tj_set_invalid (error, "amount_fen", _("amount_fen: must be a whole, non-negative number of fen"));
      return NULL;
    }
  if (json_object_has_member (input, "date") &&
      !tj_validate_date (tj_json_get_string (input, "date", ""), "date", error))
    return NULL;
  if (g_strcmp0 (unit, "fen") == 0 && !json_object_has_member (input, "amount_fen"))
    {
      tj_set_invalid (error, "amount_fen", _("amount_fen: give the amount for %s"),
                   tj_session_issue_label (issue));
      return NULL;
    }
  if (g_strcmp0 (unit, "date") == 0 && !json_object_has_member (input, "date"))
    {
      tj_set_invalid (error, "date", _("date: give the payment date (YYYY-MM-DD)"));
      return NULL;
    }
  if (unit == NULL && !json_object_has_member (input, "amount_fen") && !json_object_has_member (input, "date") &&
      tj_json_get_string (input, "text", NULL) == NULL)
    {
      tj_set_invalid (error, "amount_fen", _("amount_fen: give an amount, a date or a text"));
      return NULL;
    }
  round = tj_json_get_int (session, "round", 1);
  if (json_object_has_member (input, "round"))
    {
      if (!_tj_session_is_int (input, "round") || tj_json_get_int (input, "round", 0) < 1)
        {
          tj_set_invalid (error, "round", _("round: must be a whole number from 1"));
          return NULL;
        }
      round = tj_json_get_int (input, "round", 1);
    }
  visibility = tj_json_get_string (input, "visibility", "joint");
  if (!_tj_session_in_list (visibility, (const char *[]) { "caucus", "joint", NULL }))
    {
      tj_set_invalid (error, "visibility", _("visibility: “%s” is not caucus or joint"), visibility);
      return NULL;
    }

  doc = json_object_new ();
  json_object_set_string_member (doc, "type", "offer");
  json_object_set_string_member (doc, "session_id", session_id);
  json_object_set_string_member (doc, "case_id", tj_json_get_string (session, "case_id", ""));
  json_object_set_string_member (doc, "side", side);
  if (party_id)
    json_object_set_string_member (doc, "party_id", party_id);
  json_object_set_string_member (doc, "issue", issue);
  /* Built-in issues are named at read time, in the reader's language. */
  if (label && *label)
    json_object_set_string_member (doc, "label", label);
  if (g_strcmp0 (unit, "date") != 0 && json_object_has_member (input, "amount_fen"))
    json_object_set_int_member (doc, "amount_fen", tj_json_get_int (input, "amount_fen", 0));
  if (g_strcmp0 (unit, "fen") != 0 && json_object_has_member (input, "date"))
    json_object_set_string_member (doc, "date", tj_json_get_string (input, "date", ""));
  if (unit == NULL && tj_json_get_string (input, "text", NULL))
    json_object_set_string_member (doc, "text", tj_json_get_string (input, "text", ""));
  if (tj_json_get_string (input, "reason", NULL))
    json_object_set_string_member (doc, "reason", tj_json_get_string (input, "reason", ""));
  json_object_set_int_member (doc, "round", round);
  /* The step it was named at belongs to the record: the session's step
   * may move on later. */
  json_object_set_string_member (doc, "step", _tj_session_step_of (session));
  json_object_set_string_member (doc, "visibility", visibility);
  json_object_set_string_member (doc, "created_at", at);
  if (ctx && ctx->actor && *ctx->actor)
    json_object_set_string_member (doc, "recorded_by", ctx->actor);
  if (!_tj_session_put_doc (store, doc, NULL, error))
    return NULL;
  return _tj_session_private_copy (doc);
}

/* ------------------------------------------------------------------ */
/* The negotiation record                                               */

typedef struct {
  JsonObject *offer;      /* borrowed */
  const char *side;       /* worker, employer, agreed */
  const char *step;
  gboolean    is_private;
} Move;

typedef struct {
  char       *key;
  const char *issue;
  const char *label;
  GArray     *moves;      /* Move, in the order named */
} IssueGroup;

static void
issue_group_free (IssueGroup *g)
{
  g_free (g->key);
  g_array_unref (g->moves);
  g_free (g);
}

static int
issue_rank (const char *issue)
{
  int i;

  for (i = 0; _tj_session_issue_ids[i]; i++)
    if (g_strcmp0 (_tj_session_issue_ids[i], issue) == 0)
      return i;
  return i;
}

static int
compare_groups (gconstpointer a,
                gconstpointer b)
{
  const IssueGroup *x = *(IssueGroup **) a, *y = *(IssueGroup **) b;
  return issue_rank (x->issue) - issue_rank (y->issue);
}

/* In the order named: the time, to the microsecond (tj_timestamp_now()),
 * then the id, so that every reader gets the same order. */
static int
compare_offers (gconstpointer a,
                gconstpointer b)
{
  JsonObject *x = *(JsonObject **) a, *y = *(JsonObject **) b;
  int c = g_strcmp0 (tj_json_get_string (x, "created_at", ""), tj_json_get_string (y, "created_at", ""));
  return c ? c : g_strcmp0 (tj_json_get_string (x, "_id", ""), tj_json_get_string (y, "_id", ""));
}

/* A figure as views show it: the value, its round, step, reason and who. */
static JsonObject *
figure_of (const Move *m)
{
  JsonObject *f = json_object_new ();
  json_object_set_string_member (f, "offer_id", tj_json_get_string (m->offer, "_id", ""));
  _tj_session_copy_listed (f, m->offer, (const char *[]) { "amount_fen", "date", "text", "reason", "round", "party_id",
                                                           "session_id", "created_at", NULL });
  json_object_set_string_member (f, "step", m->step);
  if (m->is_private)
    json_object_set_boolean_member (f, "private", TRUE);
  return f;
}

static gint64
days_between (const char *from,
              const char *to)
{
  GDate a, b;
  g_date_clear (&a, 1);
  g_date_clear (&b, 1);
  if (!tj_date_parse_iso (from, &a) || !tj_date_parse_iso (to, &b))
    return 0;
  return g_date_days_between (&a, &b);
}

/* The gap between the worker's demand @w and the employer's offer @e, or
 * FALSE when they cannot be compared. */
static gboolean
gap_of (const char *unit,
        JsonObject *w,
        JsonObject *e,
        gint64     *gap)
{
  if (w == NULL || e == NULL)
    return FALSE;
  if (g_str_equal (unit, "fen") && json_object_has_member (w, "amount_fen") && json_object_has_member (e, "amount_fen"))
    {
      *gap = tj_json_get_int (w, "amount_fen", 0) - tj_json_get_int (e, "amount_fen", 0);
      return TRUE;
    }
  if (g_str_equal (unit, "date") && json_object_has_member (w, "date") && json_object_has_member (e, "date"))
    {
      *gap = days_between (tj_json_get_string (w, "date", ""), tj_json_get_string (e, "date", ""));
      return TRUE;
    }
  return FALSE;
}

static void
set_meeting_point (JsonObject *out,
                   const char *unit,
                   JsonObject *demand)
{
  /* Both sides accept anything between; the worker's own demand is the
   * figure both have already said yes to. */
  if (g_str_equal (unit, "fen"))
    json_object_set_int_member (out, "meeting_point_fen", tj_json_get_int (demand, "amount_fen", 0));
  else
    json_object_set_string_member (out, "meeting_point_date", tj_json_get_string (demand, "date", ""));
}

static JsonArray *
rounds_of (IssueGroup *g)
{
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  JsonArray *rounds = json_array_new ();

  for (guint i = 0; i < g->moves->len; i++)
    {
      gint64 r = tj_json_get_int (g_array_index (g->moves, Move, i).offer, "round", 1);
      guint j = 0;
      while (j < ids->len && g_array_index (ids, gint64, j) < r)
        j++;
      if (j == ids->len || g_array_index (ids, gint64, j) != r)
        g_array_insert_val (ids, j, r);
    }
  for (guint k = 0; k < ids->len; k++)
    {
      gint64 r = g_array_index (ids, gint64, k);
      JsonObject *row = json_object_new ();
      JsonArray *steps = json_array_new ();
      const Move *last[3] = { NULL, NULL, NULL };
      static const char * const names[] = { "worker", "employer", "agreed" };
      gint64 first = 0, final = 0;

      for (guint i = 0; i < g->moves->len; i++)
        {
          const Move *m = &g_array_index (g->moves, Move, i);
          gboolean seen = FALSE;
          if (tj_json_get_int (m->offer, "round", 1) != r)
            continue;
          if (first == 0)
            first = i + 1;
          final = i + 1;
          for (guint s = 0; s < json_array_get_length (steps); s++)
            seen |= g_strcmp0 (json_array_get_string_element (steps, s), m->step) == 0;
          if (!seen)
            json_array_add_string_element (steps, m->step);
          if (!m->is_private)
            last[g_str_equal (m->side, "worker") ? 0 : g_str_equal (m->side, "employer") ? 1 : 2] = m;
        }
      json_object_set_int_member (row, "round", r);
      json_object_set_int_member (row, "first", first);
      json_object_set_int_member (row, "last", final);
      json_object_set_array_member (row, "steps", steps);
      for (int s = 0; s < 3; s++)
        if (last[s])
          json_object_set_object_member (row, names[s], figure_of (last[s]));
      json_array_add_object_element (rounds, row);
    }
  return rounds;
}

static JsonObject *
issue_figures (IssueGroup *g,
               TjAudience  audience)
{
  JsonObject *out = json_object_new ();
  const Move *latest[3] = { NULL, NULL, NULL };    /* at the table: worker, employer, agreed */
  const Move *bottom[2] = { NULL, NULL };          /* private: worker, employer */
  const char *unit = unit_of_issue (g->issue);
  JsonObject *crossing = NULL;
  JsonArray *moves = json_array_new ();
  JsonArray *gaps = json_array_new ();
  const char *status = "open";
  gint64 gap;

  if (unit == NULL)
    {
      /* "other": money when amounts were given, else dates, else text. */
      JsonObject *any = g_array_index (g->moves, Move, 0).offer;
      unit = json_object_has_member (any, "amount_fen") ? "fen"
           : json_object_has_member (any, "date") ? "date" : "text";
    }

  json_object_set_string_member (out, "key", g->key);
  json_object_set_string_member (out, "issue", g->issue);
  json_object_set_string_member (out, "label", g->label);
  json_object_set_string_member (out, "unit", unit);

  for (guint i = 0; i < g->moves->len; i++)
    {
      const Move *m = &g_array_index (g->moves, Move, i);
      int s = g_str_equal (m->side, "worker") ? 0 : g_str_equal (m->side, "employer") ? 1 : 2;
      JsonObject *row = figure_of (m);

      json_object_set_int_member (row, "n", i + 1);
      json_object_set_string_member (row, "side", m->side);
      json_object_set_string_member (row, "step_label", tj_session_step_label (m->step));
      json_object_set_string_member (row, "at", tj_json_get_string (m->offer, "created_at", ""));
      json_array_add_object_element (moves, row);

      if (m->is_private)
        {
          if (s < 2)
            bottom[s] = m;
          continue;
        }
      latest[s] = m;
      /* The gap over time: after each figure said at the table, once both
       * sides have named one. */
      if (s < 2 && latest[0] && latest[1] && gap_of (unit, latest[0]->offer, latest[1]->offer, &gap))
        {
          JsonObject *point = json_object_new ();
          json_object_set_int_member (point, "n", i + 1);
          json_object_set_string_member (point, "at", tj_json_get_string (m->offer, "created_at", ""));
          json_object_set_int_member (point, g_str_equal (unit, "fen") ? "gap_fen" : "gap_days", gap);
          json_array_add_object_element (gaps, point);
          if (crossing == NULL && gap <= 0)
            {
              crossing = json_object_new ();
              json_object_set_int_member (crossing, "n", i + 1);
              json_object_set_string_member (crossing, "at", tj_json_get_string (m->offer, "created_at", ""));
              json_object_set_int_member (crossing, "round", tj_json_get_int (m->offer, "round", 1));
              json_object_set_string_member (crossing, "step", m->step);
              set_meeting_point (crossing, unit, latest[0]->offer);
            }
        }
    }
  json_object_set_array_member (out, "moves", moves);
  json_object_set_array_member (out, "rounds", rounds_of (g));
  json_object_set_array_member (out, "gaps", gaps);
  if (crossing)
    json_object_set_object_member (out, "crossing", crossing);
  if (latest[0])
    json_object_set_object_member (out, "worker", figure_of (latest[0]));
  if (latest[1])
    json_object_set_object_member (out, "employer", figure_of (latest[1]));
  if (latest[2])
    json_object_set_object_member (out, "agreed", figure_of (latest[2]));

  if (latest[0] && latest[1] && gap_of (unit, latest[0]->offer, latest[1]->offer, &gap))
    {
      json_object_set_int_member (out, g_str_equal (unit, "fen") ? "gap_fen" : "gap_days", gap);
      json_object_set_boolean_member (out, "crossed", gap <= 0);
      if (gap <= 0)
        {
          set_meeting_point (out, unit, latest[0]->offer);
          status = "crossed";
        }
    }
  if (latest[2])
    status = "agreed";
  json_object_set_string_member (out, "status", status);

  if (audience == TJ_AUDIENCE_MEDIATOR && (bottom[0] || bottom[1]))
    {
      JsonObject *b = json_object_new ();
      if (bottom[0])
        json_object_set_object_member (b, "worker", figure_of (bottom[0]));
      if (bottom[1])
        json_object_set_object_member (b, "employer", figure_of (bottom[1]));
      json_object_set_object_member (out, "bottom_lines", b);
    }
  return out;
}

JsonObject *
tj_session_figures (TjStore     *store,
                    const char  *case_id,
                    TjAudience   audience,
                    GError     **error)
{
  g_autoptr(GPtrArray) offers = NULL;
  g_autoptr(GPtrArray) sessions = NULL;
  g_autoptr(GHashTable) by_id = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GPtrArray) groups = g_ptr_array_new_with_free_func ((GDestroyNotify) issue_group_free);
  JsonObject *out;
  JsonArray *list;

  g_return_val_if_fail (TJ_IS_STORE (store), NULL);

  offers = _tj_session_children (store, case_id, "offer", error);
  sessions = offers ? _tj_session_children (store, case_id, "session", error) : NULL;
  if (sessions == NULL)
    return NULL;
  for (guint i = 0; i < sessions->len; i++)
    g_hash_table_insert (by_id, (gpointer) tj_json_get_string (sessions->pdata[i], "_id", ""), sessions->pdata[i]);
  g_ptr_array_sort (offers, compare_offers);

  for (guint i = 0; i < offers->len; i++)
    {
      JsonObject *o = offers->pdata[i];
      const char *issue = tj_json_get_string (o, "issue", "other");
      const char *label = tj_json_get_string (o, "label", tj_session_issue_label (issue));
      const char *side = tj_json_get_string (o, "side", "");
      JsonObject *session = g_hash_table_lookup (by_id, tj_json_get_string (o, "session_id", ""));
      g_autofree char *key = NULL;
      IssueGroup *g = NULL;
      Move m;

      if (!tj_audience_may_see (audience, o))
        continue;
      key = g_str_equal (issue, "other") ? g_strconcat ("other:", label, NULL) : g_strdup (issue);
      for (guint j = 0; j < groups->len && g == NULL; j++)
        if (g_str_equal (((IssueGroup *) groups->pdata[j])->key, key))
          g = groups->pdata[j];
      if (g == NULL)
        {
          g = g_new0 (IssueGroup, 1);
          g->key = g_steal_pointer (&key);
          g->issue = issue;
          g->label = g_str_equal (issue, "other") ? label : tj_session_issue_label (issue);
          g->moves = g_array_new (FALSE, TRUE, sizeof (Move));
          g_ptr_array_add (groups, g);
        }
      m.offer = o;
      m.side = g_str_equal (side, "worker") ? "worker" : g_str_equal (side, "employer") ? "employer" : "agreed";
      /* Offers from before the record kept the step take their session's. */
      m.step = tj_json_get_string (o, "step", session ? _tj_session_step_of (session) : "joint");
      m.is_private = g_strcmp0 (tj_json_get_string (o, "visibility", "joint"), "caucus") == 0;
      g_array_append_val (g->moves, m);
    }
  /* Stable: "other" issues keep the order they were first named in. */
  for (guint i = 1; i < groups->len; i++)
    for (guint j = i; j > 0 && compare_groups (&groups->pdata[j - 1], &groups->pdata[j]) > 0; j--)
      {
        gpointer t = groups->pdata[j];
        groups->pdata[j] = groups->pdata[j - 1];
        groups->pdata[j - 1] = t;
      }

  out = json_object_new ();
  json_object_set_string_member (out, "audience", tj_audience_to_string (audience));
  list = json_array_new ();
  for (guint i = 0; i < groups->len; i++)
    json_array_add_object_element (list, issue_figures (groups->pdata[i], audience));
  json_object_set_array_member (out, "issues", list);
  return out;
}
