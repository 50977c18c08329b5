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
      g_set_error (error, TJ_ERROR, TJ_ERROR_INVALID, _("by: say who makes the offer (worker, employer, both or a party id)"));
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
          g_set_error (error, TJ_ERROR, TJ_ERROR_INVALID,
                       _("by: %s is not worker, employer, both or a party of this case"), by);
          return NULL;
        }
      side = _tj_session_side_of_party (party);
      party_id = by;
      if (side == NULL)
        {
          g_set_error (error, TJ_ERROR, TJ_ERROR_INVALID, _("by: say which side %s represents"),
                       tj_json_get_string (party, "name", by));
          return NULL;
        }
    }

  issue = tj_json_get_string (input, "issue", NULL);
  if (!_tj_session_in_list (issue, _tj_session_issue_ids))
    {
      g_set_error (error, TJ_ERROR, TJ_ERROR_INVALID,
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
      g_set_error (error, TJ_ERROR, TJ_ERROR_INVALID, _("label: name the issue (for example “Social insurance arrears”)"));
      return NULL;
    }

  unit = unit_of_issue (issue);
  if (json_object_has_member (input, "amount_fen") &&
      (!_tj_session_is_int (input, "amount_fen") || tj_json_get_int (input, "amount_fen", -1) < 0))
    {
      g_set_error (error, TJ_ERROR, TJ_ERROR_INVALID, _("amount_fen: must be a whole, non-negative number of fen"));
      return NULL;
    }
  if (json_object_has_member (input, "date") &&
      !tj_validate_date (tj_json_get_string (input, "date", ""), "date", error))
    return NULL;
  if (g_strcmp0 (unit, "fen") == 0 && !json_object_has_member (input, "amount_fen"))
    {
      g_set_error (error, TJ_ERROR, TJ_ERROR_INVALID, _("amount_fen: give the amount for %s"),
                   tj_session_issue_label (issue));
      return NULL;
    }
  if (g_strcmp0 (unit, "date") == 0 && !json_object_has_member (input, "date"))
    {
      g_set_error (error, TJ_ERROR, TJ_ERROR_INVALID, _("date: give the payment date (YYYY-MM-DD)"));
      return NULL;
    }
  if (unit == NULL && !json_object_has_member (input, "amount_fen") && !json_object_has_member (input, "date") &&
      tj_json_get_string (input, "text", NULL) == NULL)
    {
      g_set_error (error, TJ_ERROR, TJ_ERROR_INVALID, _("amount_fen: give an amount, a date or a text"));
      return NULL;
    }
  round = tj_json_get_int (session, "round", 1);
  if (json_object_has_member (input, "round"))
    {
      if (!_tj_session_is_int (input, "round") || tj_json_get_int (input, "round", 0) < 1)
        {
          g_set_error (error, TJ_ERROR, TJ_ERROR_INVALID, _("round: must be a whole number from 1"));
          return NULL;
        }
      round = tj_json_get_int (input, "round", 1);
    }
  visibility = tj_json_get_string (input, "visibility", "joint");
  if (!_tj_session_in_list (visibility, (const char *[]) { "caucus", "joint", NULL }))
    {
      g_set_error (error, TJ_ERROR, TJ_ERROR_INVALID, _("visibility: “%s” is not caucus or joint"), visibility);
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
  json_object_set_string_member (doc, "visibility", visibility);
  json_object_set_string_member (doc, "created_at", at);
  if (ctx && ctx->actor && *ctx->actor)
    json_object_set_string_member (doc, "recorded_by", ctx->actor);
  if (!_tj_session_put_doc (store, doc, NULL, error))
    return NULL;
  return _tj_session_private_copy (doc);
}

/* A figure as shown in views: only the value, its round, reason and who. */
static JsonObject *
figure_of (JsonObject *offer)
{
  JsonObject *f = json_object_new ();
  json_object_set_string_member (f, "offer_id", tj_json_get_string (offer, "_id", ""));
  _tj_session_copy_listed (f, offer, (const char *[]) { "amount_fen", "date", "text", "reason", "round", "party_id", "created_at", NULL });
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

typedef struct {
  char       *key;
  const char *issue;
  const char *label;
  GPtrArray  *offers;   /* borrowed JsonObject*, oldest first */
} IssueGroup;

static void
issue_group_free (IssueGroup *g)
{
  g_free (g->key);
  g_ptr_array_unref (g->offers);
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

static JsonObject *
issue_figures (IssueGroup *g)
{
  JsonObject *out = json_object_new ();
  JsonObject *latest[3] = { NULL, NULL, NULL };   /* worker, employer, both */
  g_autoptr(GArray) round_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  const char *unit = unit_of_issue (g->issue);
  JsonArray *rounds;
  const char *status = "open";

  for (guint i = 0; i < g->offers->len; i++)
    {
      JsonObject *o = g->offers->pdata[i];
      const char *side = tj_json_get_string (o, "side", "");
      int s = g_str_equal (side, "worker") ? 0 : g_str_equal (side, "employer") ? 1 : 2;
      gint64 r = tj_json_get_int (o, "round", 1);
      gboolean seen = FALSE;
      latest[s] = o;
      for (guint j = 0; j < round_ids->len; j++)
        seen |= g_array_index (round_ids, gint64, j) == r;
      if (!seen)
        g_array_append_val (round_ids, r);
    }
  if (unit == NULL)
    {
      /* "other": money when amounts were given, else dates, else text. */
      JsonObject *any = latest[0] ? latest[0] : latest[1] ? latest[1] : latest[2];
      unit = json_object_has_member (any, "amount_fen") ? "fen"
           : json_object_has_member (any, "date") ? "date" : "text";
    }

  json_object_set_string_member (out, "key", g->key);
  json_object_set_string_member (out, "issue", g->issue);
  json_object_set_string_member (out, "label", g->label);
  json_object_set_string_member (out, "unit", unit);

  /* Latest figure of each side in each round, rounds ascending. */
  for (guint i = 1; i < round_ids->len; i++)
    for (guint j = i; j > 0 && g_array_index (round_ids, gint64, j - 1) > g_array_index (round_ids, gint64, j); j--)
      {
        gint64 t = g_array_index (round_ids, gint64, j);
        g_array_index (round_ids, gint64, j) = g_array_index (round_ids, gint64, j - 1);
        g_array_index (round_ids, gint64, j - 1) = t;
      }
  rounds = json_array_new ();
  for (guint i = 0; i < round_ids->len; i++)
    {
      gint64 r = g_array_index (round_ids, gint64, i);
      JsonObject *in_round[3] = { NULL, NULL, NULL };
      JsonObject *row = json_object_new ();
      static const char * const names[] = { "worker", "employer", "agreed" };
      for (guint j = 0; j < g->offers->len; j++)
        {
          JsonObject *o = g->offers->pdata[j];
          const char *side = tj_json_get_string (o, "side", "");
          if (tj_json_get_int (o, "round", 1) != r)
            continue;
          in_round[g_str_equal (side, "worker") ? 0 : g_str_equal (side, "employer") ? 1 : 2] = o;
        }
      json_object_set_int_member (row, "round", r);
      for (int s = 0; s < 3; s++)
        if (in_round[s])
          json_object_set_object_member (row, names[s], figure_of (in_round[s]));
      json_array_add_object_element (rounds, row);
    }
  json_object_set_array_member (out, "rounds", rounds);
  if (latest[0])
    json_object_set_object_member (out, "worker", figure_of (latest[0]));
  if (latest[1])
    json_object_set_object_member (out, "employer", figure_of (latest[1]));
  if (latest[2])
    json_object_set_object_member (out, "agreed", figure_of (latest[2]));

  if (latest[0] && latest[1])
    {
      if (g_str_equal (unit, "fen") && json_object_has_member (latest[0], "amount_fen") &&
          json_object_has_member (latest[1], "amount_fen"))
        {
          gint64 demand = tj_json_get_int (latest[0], "amount_fen", 0);
          gint64 offer = tj_json_get_int (latest[1], "amount_fen", 0);
          json_object_set_int_member (out, "gap_fen", demand - offer);
          json_object_set_boolean_member (out, "crossed", offer >= demand);
          if (offer >= demand)
            {
              /* Both sides accept anything between; the worker's own demand
               * is the figure both have already said yes to. */
              json_object_set_int_member (out, "meeting_point_fen", demand);
              status = "crossed";
            }
        }
      else if (g_str_equal (unit, "date") && json_object_has_member (latest[0], "date") &&
               json_object_has_member (latest[1], "date"))
        {
          const char *want = tj_json_get_string (latest[0], "date", "");
          const char *offer = tj_json_get_string (latest[1], "date", "");
          gint64 gap = days_between (want, offer);
          json_object_set_int_member (out, "gap_days", gap);
          json_object_set_boolean_member (out, "crossed", gap <= 0);
          if (gap <= 0)
            {
              json_object_set_string_member (out, "meeting_point_date", want);
              status = "crossed";
            }
        }
    }
  if (latest[2])
    status = "agreed";
  json_object_set_string_member (out, "status", status);
  return out;
}

JsonObject *
tj_session_figures (TjStore     *store,
                    const char  *case_id,
                    gboolean     include_caucus,
                    GError     **error)
{
  g_autoptr(GPtrArray) offers = NULL;
  g_autoptr(GPtrArray) groups = g_ptr_array_new_with_free_func ((GDestroyNotify) issue_group_free);
  JsonObject *out;
  JsonArray *list;

  g_return_val_if_fail (TJ_IS_STORE (store), NULL);

  offers = _tj_session_children (store, case_id, "offer", error);
  if (offers == NULL)
    return NULL;
  for (guint i = 0; i < offers->len; i++)
    {
      JsonObject *o = offers->pdata[i];
      const char *issue = tj_json_get_string (o, "issue", "other");
      const char *label = tj_json_get_string (o, "label", tj_session_issue_label (issue));
      g_autofree char *key = NULL;
      IssueGroup *g = NULL;

      if (!include_caucus && g_strcmp0 (tj_json_get_string (o, "visibility", "joint"), "joint") != 0)
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
          g->offers = g_ptr_array_new ();
          g_ptr_array_add (groups, g);
        }
      g_ptr_array_add (g->offers, o);
    }
  g_ptr_array_sort (groups, compare_groups);

  out = json_object_new ();
  list = json_array_new ();
  for (guint i = 0; i < groups->len; i++)
    json_array_add_object_element (list, issue_figures (groups->pdata[i]));
  json_object_set_array_member (out, "issues", list);
  return out;
}
