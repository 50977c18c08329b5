/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Tiaojie-Session"

/* Mediation sessions, their notes and offers (issue 4). See tj-session.h.
 *
 * This file starts, lists and updates sessions and holds the helpers the
 * other files share (tj-session-private.h): tj-session-timer.c (the
 * meeting clock), -notes.c, -figures.c (offers and what they add up to),
 * -views.c (what the parties may see), -outcome.c (how a meeting ends)
 * and -guidance.c (what to do at each step).
 *
 * Sessions, notes and offers carry `case_id`, so the case indexer lists them
 * in case_children (sorted by created_at); reading a case's sessions is one
 * indexed query and never a scan of the store. */

#include <string.h>

#include "tj-calendar.h"
#include "tj-enum-types.h"
#include "tj-error.h"
#include "tj-i18n.h"
#include "tj-time.h"
#include "tj-json.h"
#include "tj-money.h"
#include "tj-session.h"
#include "tj-session-private.h"
#include "tj-settlement.h"
#include "tj-validate.h"

static const char * const steps[] = {
  "preparation", "separate_worker", "separate_employer", "shuttle", "joint", "outcome", NULL
};
const char * const _tj_session_issue_ids[] = {
  "wages_owed", "economic_compensation", "payment_date", "other", NULL
};
const char * const _tj_session_sides[] = { "worker", "employer", NULL };
const char * const _tj_session_employer_roles[] = {
  "employer", "project_owner", "general_contractor", "subcontractor", "team_leader", NULL
};

const char * const *
tj_session_steps (void)
{
  return steps;
}

const char * const *
tj_session_issues (void)
{
  return _tj_session_issue_ids;
}

const char *
_tj_session_side_label (const char *side)
{
  if (g_strcmp0 (side, "worker") == 0)
    return _("worker side");
  if (g_strcmp0 (side, "employer") == 0)
    return _("employer side");
  return side ? side : "";
}

/* ------------------------------------------------------------------ */
/* Small helpers                                                        */

gboolean
_tj_session_in_list (const char         *value,
                     const char * const *list)
{
  return value && g_strv_contains (list, value);
}


char *
_tj_session_today_iso (const TjCaseContext *ctx)
{
  return tj_date_today_iso (ctx ? ctx->today : NULL);
}

char *
_tj_session_day_of (const char *day,
                    const char *timestamp)
{
  g_autoptr(GDateTime) at = NULL;
  g_autoptr(GDateTime) local = NULL;

  if (day && *day)
    return g_strdup (day);
  /* A UTC timestamp: in China its date is the day before until 08:00. */
  at = timestamp ? g_date_time_new_from_iso8601 (timestamp, NULL) : NULL;
  if (at == NULL)
    return g_strndup (timestamp ? timestamp : "", 10);
  local = g_date_time_to_local (at);
  return g_date_time_format (local, "%Y-%m-%d");
}

JsonObject *
_tj_session_get_typed (TjStore     *store,
                       const char  *id,
                       const char  *type,
                       const char  *what,
                       GError     **error)
{
  g_autoptr(GError) local = NULL;
  JsonObject *doc;

  if (id == NULL || *id == '\0')
    {
      g_set_error (error, TJ_ERROR, TJ_ERROR_INVALID, _("Give the id of the %s"), what);
      return NULL;
    }
  doc = tj_store_get (store, id, NULL, TJ_GET_NONE, &local);
  if (doc == NULL)
    {
      if (g_error_matches (local, TJ_ERROR, TJ_ERROR_NOT_FOUND))
        g_set_error (error, TJ_ERROR, TJ_ERROR_NOT_FOUND, _("No %s has the id %s"), what, id);
      else
        g_propagate_error (error, g_steal_pointer (&local));
      return NULL;
    }
  if (g_strcmp0 (tj_json_get_string (doc, "type", NULL), type) != 0)
    {
      g_set_error (error, TJ_ERROR, TJ_ERROR_NOT_FOUND, _("%s is not a %s"), id, what);
      json_object_unref (doc);
      return NULL;
    }
  return doc;
}

JsonObject *
_tj_session_get_session (TjStore     *store,
                         const char  *id,
                         GError     **error)
{
  return _tj_session_get_typed (store, id, "session", _("session"), error);
}

/* Documents of @type linked to @case_id, oldest first (case_children). */
GPtrArray *
_tj_session_children (TjStore     *store,
                      const char  *case_id,
                      const char  *type,
                      GError     **error)
{
  sqlite3 *db = tj_store_get_sqlite (store);
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) docs = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  sqlite3_stmt *st = NULL;

  if (!tj_case_attach (store, error))
    return NULL;
  if (sqlite3_prepare_v2 (db, "SELECT id FROM case_children WHERE case_id = ? AND type = ? "
                              "ORDER BY sort_key, id", -1, &st, NULL) != SQLITE_OK)
    {
      g_set_error (error, TJ_ERROR, TJ_ERROR_FAILED, "%s", sqlite3_errmsg (db));
      return NULL;
    }
  sqlite3_bind_text (st, 1, case_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (st, 2, type, -1, SQLITE_STATIC);
  while (sqlite3_step (st) == SQLITE_ROW)
    g_ptr_array_add (ids, g_strdup ((const char *) sqlite3_column_text (st, 0)));
  sqlite3_finalize (st);

  for (guint i = 0; i < ids->len; i++)
    {
      g_autoptr(GError) local = NULL;
      JsonObject *doc = tj_store_get (store, ids->pdata[i], NULL, TJ_GET_NONE, &local);
      if (doc == NULL)
        {
          if (g_error_matches (local, TJ_ERROR, TJ_ERROR_NOT_FOUND))
            continue;
          g_propagate_error (error, g_steal_pointer (&local));
          return NULL;
        }
      g_ptr_array_add (docs, doc);
    }
  return g_steal_pointer (&docs);
}

/* The mediator's copy of a document: everything but the store's members. */
JsonObject *
_tj_session_private_copy (JsonObject *doc)
{
  JsonObject *out = json_object_new ();
  g_autoptr(GList) members = json_object_get_members (doc);

  json_object_set_string_member (out, "id", tj_json_get_string (doc, "_id", ""));
  for (GList *l = members; l; l = l->next)
    {
      const char *m = l->data;
      if (m[0] == '_' || g_str_equal (m, "type"))
        continue;
      json_object_set_member (out, m, json_node_copy (json_object_get_member (doc, m)));
    }
  return out;
}

/* Copies only the listed members: every shared view is built this way, so
 * a member added to a document later is private until someone lists it. */
void
_tj_session_copy_listed (JsonObject         *to,
                         JsonObject         *from,
                         const char * const *members)
{
  for (guint i = 0; members[i]; i++)
    if (json_object_has_member (from, members[i]))
      json_object_set_member (to, members[i], json_node_copy (json_object_get_member (from, members[i])));
}

/* The step a session belongs to: as recorded, else as tj_session_flow()
 * counts it (the first round alone per side, later rounds shuttle). */
const char *
_tj_session_step_of (JsonObject *session)
{
  const char *step = tj_json_get_string (session, "step", NULL);
  const char *kind = tj_json_get_string (session, "kind", "");

  if (step && _tj_session_in_list (step, steps))
    return step;
  if (g_str_equal (kind, "joint"))
    return "joint";
  if (tj_json_get_int (session, "round", 1) > 1)
    return "shuttle";
  return g_strcmp0 (tj_json_get_string (session, "party_side", NULL), "employer") == 0
           ? "separate_employer" : "separate_worker";
}

const char *
_tj_session_side_of_party (JsonObject *party)
{
  const char *role = tj_json_get_string (party, "role", "");
  if (g_str_equal (role, "worker"))
    return "worker";
  if (_tj_session_in_list (role, _tj_session_employer_roles))
    return "employer";
  /* Agents and representatives speak for the side they represent. */
  return _tj_session_in_list (tj_json_get_string (party, "represents", NULL), _tj_session_sides)
           ? tj_json_get_string (party, "represents", NULL) : NULL;
}

JsonObject *
_tj_session_find_party (GPtrArray  *parties,
                        const char *id)
{
  for (guint i = 0; parties && i < parties->len; i++)
    if (g_strcmp0 (tj_json_get_string (parties->pdata[i], "_id", NULL), id) == 0)
      return parties->pdata[i];
  return NULL;
}

static gboolean
is_string (JsonObject *o,
           const char *member)
{
  JsonNode *n = json_object_get_member (o, member);
  return n && JSON_NODE_HOLDS_VALUE (n) && json_node_get_value_type (n) == G_TYPE_STRING;
}

gboolean
_tj_session_is_int (JsonObject *o,
                    const char *member)
{
  JsonNode *n = json_object_get_member (o, member);
  return n && JSON_NODE_HOLDS_VALUE (n) && json_node_get_value_type (n) == G_TYPE_INT64;
}

/* An optional text member: absent is fine, anything but a string is not. */
gboolean
_tj_session_check_text (JsonObject  *o,
                        const char  *member,
                        const char  *field,
                        GError     **error)
{
  if (o == NULL || !json_object_has_member (o, member) || is_string (o, member))
    return TRUE;
  g_set_error (error, TJ_ERROR, TJ_ERROR_INVALID, _("%s: must be a text"), field);
  return FALSE;
}

static gboolean
check_time (const char  *value,
            GError     **error)
{
  if (value && strlen (value) == 5 && g_ascii_isdigit (value[0]) && g_ascii_isdigit (value[1]) &&
      value[2] == ':' && g_ascii_isdigit (value[3]) && g_ascii_isdigit (value[4]) &&
      (value[0] - '0') * 10 + (value[1] - '0') < 24 && value[3] < '6')
    return TRUE;
  tj_set_invalid (error, "scheduled_time",
               _("scheduled_time: “%s” is not a time of day (HH:MM)"), value ? value : "");
  return FALSE;
}

gboolean
_tj_session_check_text_list (JsonObject  *o,
                             const char  *member,
                             GError     **error)
{
  JsonNode *n = json_object_get_member (o, member);
  JsonArray *a;

  if (n == NULL)
    return TRUE;
  if (!JSON_NODE_HOLDS_ARRAY (n))
    goto bad;
  a = json_node_get_array (n);
  for (guint i = 0; i < json_array_get_length (a); i++)
    {
      JsonNode *e = json_array_get_element (a, i);
      if (!JSON_NODE_HOLDS_VALUE (e) || json_node_get_value_type (e) != G_TYPE_STRING)
        {
          g_set_error (error, TJ_ERROR, TJ_ERROR_INVALID, _("%s[%u]: must be a text"), member, i);
          return FALSE;
        }
    }
  return TRUE;
bad:
  g_set_error (error, TJ_ERROR, TJ_ERROR_INVALID, _("%s: must be a list of texts"), member);
  return FALSE;
}

gboolean
_tj_session_put_doc (TjStore     *store,
                     JsonObject  *doc,
                     char       **out_id,
                     GError     **error)
{
  g_autofree char *id = NULL;
  g_autofree char *rev = tj_store_put (store, doc, &id, error);
  if (rev == NULL)
    return FALSE;
  /* Keep the in-memory document current: callers return copies of it. */
  json_object_set_string_member (doc, "_id", id);
  json_object_set_string_member (doc, "_rev", rev);
  if (out_id)
    *out_id = g_steal_pointer (&id);
  return TRUE;
}

/* ------------------------------------------------------------------ */
/* Starting, showing, listing                                           */

/* Rounds are counted per case: a separate session opens a new round when
 * its side, or the joint table, already met in the current one. */
static gint64
next_round (GPtrArray  *sessions,
            const char *kind,
            const char *side)
{
  gint64 current = 0;
  gboolean taken = FALSE;

  for (guint i = 0; i < sessions->len; i++)
    current = MAX (current, tj_json_get_int (sessions->pdata[i], "round", 1));
  if (current == 0)
    return 1;
  for (guint i = 0; i < sessions->len; i++)
    {
      JsonObject *s = sessions->pdata[i];
      const char *k = tj_json_get_string (s, "kind", "");
      if (tj_json_get_int (s, "round", 1) != current)
        continue;
      if (g_str_equal (k, "joint"))
        taken = TRUE;
      else if (g_str_equal (kind, "separate") && g_strcmp0 (tj_json_get_string (s, "party_side", NULL), side) == 0)
        taken = TRUE;
    }
  return taken ? current + 1 : current;
}

static const char *
suggest_next (GPtrArray  *sessions,
              JsonObject *figures)
{
  gint64 round = 0;
  gboolean worker = FALSE, employer = FALSE, joint = FALSE, open_gap = FALSE;
  JsonObject *last;
  JsonArray *list;

  if (sessions == NULL || sessions->len == 0)
    return "separate_worker";
  last = sessions->pdata[sessions->len - 1];
  if (_tj_session_in_list (tj_json_get_string (last, "outcome", NULL), (const char *[]) { "agreed", "failed", NULL }))
    return "outcome";
  for (guint i = 0; i < sessions->len; i++)
    round = MAX (round, tj_json_get_int (sessions->pdata[i], "round", 1));
  for (guint i = 0; i < sessions->len; i++)
    {
      JsonObject *s = sessions->pdata[i];
      if (tj_json_get_int (s, "round", 1) != round)
        continue;
      if (g_strcmp0 (tj_json_get_string (s, "kind", NULL), "joint") == 0)
        joint = TRUE;
      else if (g_strcmp0 (tj_json_get_string (s, "party_side", NULL), "worker") == 0)
        worker = TRUE;
      else if (g_strcmp0 (tj_json_get_string (s, "party_side", NULL), "employer") == 0)
        employer = TRUE;
    }
  if (joint)
    return json_object_has_member (last, "ended_at") ? "shuttle" : "joint";
  if (worker && !employer)
    return "separate_employer";
  if (employer && !worker)
    return "separate_worker";
  list = figures ? tj_json_get_array (figures, "issues") : NULL;
  for (guint i = 0; list && i < json_array_get_length (list); i++)
    if (g_strcmp0 (tj_json_get_string (json_array_get_object_element (list, i), "status", NULL), "open") == 0)
      open_gap = TRUE;
  /* Meet together once nothing is far apart; otherwise keep shuttling. */
  return open_gap ? "shuttle" : "joint";
}

static JsonArray *
flow_of (GPtrArray  *sessions,
         JsonObject *figures)
{
  const char *suggested = suggest_next (sessions, figures);
  const char *current = NULL;
  JsonArray *out = json_array_new ();

  for (guint i = sessions->len; i > 0 && current == NULL; i--)
    if (!json_object_has_member (sessions->pdata[i - 1], "ended_at"))
      current = tj_json_get_string (sessions->pdata[i - 1], "step", NULL);

  for (guint k = 0; steps[k]; k++)
    {
      const char *step = steps[k];
      JsonObject *row = json_object_new ();
      guint count = 0;
      gboolean done = FALSE;

      for (guint i = 0; i < sessions->len; i++)
        {
          JsonObject *s = sessions->pdata[i];
          const char *kind = tj_json_get_string (s, "kind", "");
          const char *side = tj_json_get_string (s, "party_side", "");
          gint64 round = tj_json_get_int (s, "round", 1);
          gboolean here;

          if (g_str_equal (step, "preparation"))
            here = FALSE;
          else if (g_str_equal (step, "separate_worker"))
            here = g_str_equal (kind, "separate") && g_str_equal (side, "worker") && round == 1;
          else if (g_str_equal (step, "separate_employer"))
            here = g_str_equal (kind, "separate") && g_str_equal (side, "employer") && round == 1;
          else if (g_str_equal (step, "shuttle"))
            here = g_str_equal (kind, "separate") && round > 1;
          else if (g_str_equal (step, "joint"))
            here = g_str_equal (kind, "joint");
          else
            here = _tj_session_in_list (tj_json_get_string (s, "outcome", NULL), (const char *[]) { "agreed", "failed", NULL });
          if (here)
            count++;
        }
      /* Preparation is behind the mediator once anyone has been met. */
      done = g_str_equal (step, "preparation") ? sessions->len > 0 : count > 0;
      json_object_set_string_member (row, "step", step);
      json_object_set_string_member (row, "label", tj_session_step_label (step));
      json_object_set_int_member (row, "sessions", count);
      json_object_set_boolean_member (row, "done", done);
      json_object_set_boolean_member (row, "current", g_strcmp0 (current, step) == 0);
      json_object_set_boolean_member (row, "suggested", g_str_equal (suggested, step));
      json_array_add_object_element (out, row);
    }
  return out;
}

JsonArray *
tj_session_flow (TjStore     *store,
                 const char  *case_id,
                 GError     **error)
{
  g_autoptr(GPtrArray) sessions = NULL;
  g_autoptr(JsonObject) figures = NULL;

  g_return_val_if_fail (TJ_IS_STORE (store), NULL);

  sessions = _tj_session_children (store, case_id, "session", error);
  figures = sessions ? tj_session_figures (store, case_id, TJ_AUDIENCE_MEDIATOR, error) : NULL;
  if (figures == NULL)
    return NULL;
  return flow_of (sessions, figures);
}

JsonObject *
tj_session_start (TjStore             *store,
                  const TjCaseContext *ctx,
                  JsonObject          *input,
                  GError             **error)
{
  g_autoptr(JsonObject) case_doc = NULL;
  g_autoptr(JsonObject) doc = NULL;
  g_autoptr(JsonObject) extra = NULL;
  g_autoptr(GPtrArray) sessions = NULL;
  g_autoptr(GPtrArray) parties = NULL;
  g_autofree char *created = tj_timestamp_now ();
  g_autofree char *id = NULL;
  g_autofree char *text = NULL;
  const char *case_id, *kind, *side, *party_id, *step, *status;
  JsonObject *timer;
  gint64 round;

  g_return_val_if_fail (TJ_IS_STORE (store), NULL);
  g_return_val_if_fail (input != NULL, NULL);

  case_id = tj_json_get_string (input, "case_id", NULL);
  kind = tj_json_get_string (input, "kind", NULL);
  side = tj_json_get_string (input, "party_side", NULL);
  party_id = tj_json_get_string (input, "party_id", NULL);
  step = tj_json_get_string (input, "step", NULL);

  if (!tj_enum_from_nick (TJ_TYPE_SESSION_KIND, kind, NULL))
    {
      tj_set_invalid (error, "kind", _("kind: “%s” is not separate or joint"), kind ? kind : "");
      return NULL;
    }
  if (side && !_tj_session_in_list (side, _tj_session_sides))
    {
      tj_set_invalid (error, "party_side", _("party_side: “%s” is not worker or employer"), side);
      return NULL;
    }
  if (g_str_equal (kind, "joint") && (side || party_id))
    {
      tj_set_invalid (error, "party_side", _("party_side: a joint session meets both sides"));
      return NULL;
    }
  if (g_str_equal (kind, "separate") && side == NULL && party_id == NULL)
    {
      tj_set_invalid (error, "party_side",
                   _("party_side: say which side a separate session meets (worker or employer, or a party id)"));
      return NULL;
    }
  if (step && !_tj_session_in_list (step, steps))
    {
      tj_set_invalid (error, "step",
                   _("step: “%s” is not a step (preparation, separate_worker, separate_employer, shuttle, joint, outcome)"),
                   step);
      return NULL;
    }
  if (json_object_has_member (input, "scheduled_on") &&
      !tj_validate_date (tj_json_get_string (input, "scheduled_on", ""), "scheduled_on", error))
    return NULL;
  if (json_object_has_member (input, "scheduled_time") &&
      !check_time (tj_json_get_string (input, "scheduled_time", NULL), error))
    return NULL;
  if (!_tj_session_check_text (input, "place", "place", error) || !_tj_session_check_text_list (input, "participants", error))
    return NULL;

  case_doc = _tj_session_get_typed (store, case_id, "case", _("case"), error);
  if (case_doc == NULL)
    return NULL;

  if (party_id)
    {
      JsonObject *party;
      parties = _tj_session_children (store, case_id, "party", error);
      if (parties == NULL)
        return NULL;
      party = _tj_session_find_party (parties, party_id);
      if (party == NULL)
        {
          tj_set_invalid (error, "party_id", _("party_id: %s is not a party of this case"), party_id);
          return NULL;
        }
      if (side && g_strcmp0 (_tj_session_side_of_party (party), side) != 0)
        {
          tj_set_invalid (error, "party_id", _("party_id: %s is not on the %s"),
                       tj_json_get_string (party, "name", party_id), _tj_session_side_label (side));
          return NULL;
        }
      side = _tj_session_side_of_party (party);
      if (side == NULL)
        {
          tj_set_invalid (error, "party_id", _("party_id: say which side %s represents"),
                       tj_json_get_string (party, "name", party_id));
          return NULL;
        }
    }

  status = tj_json_get_string (case_doc, "status", "intake");
  if (!_tj_session_in_list (status, (const char *[]) { "accepted", "mediating", NULL }))
    {
      g_set_error (error, TJ_ERROR, TJ_ERROR_CONFLICT,
                   _("Mediation sessions need an accepted case; this case is “%s”"),
                   tj_case_status_label (status));
      return NULL;
    }

  if (!tj_store_begin (store, error))
    return NULL;
  if (g_str_equal (status, "accepted") &&
      !tj_case_set_status (store, ctx, case_id, "mediating", _("The first mediation session started"), NULL, error))
    goto fail;

  sessions = _tj_session_children (store, case_id, "session", error);
  if (sessions == NULL)
    goto fail;
  round = next_round (sessions, kind, side);
  if (step == NULL)
    {
      if (g_str_equal (kind, "joint"))
        step = "joint";
      else if (round > 1)
        step = "shuttle";
      else
        step = g_str_equal (side, "worker") ? "separate_worker" : "separate_employer";
    }

  doc = json_object_new ();
  json_object_set_string_member (doc, "type", "session");
  json_object_set_string_member (doc, "case_id", case_id);
  json_object_set_string_member (doc, "kind", kind);
  if (side)
    json_object_set_string_member (doc, "party_side", side);
  if (party_id)
    json_object_set_string_member (doc, "party_id", party_id);
  json_object_set_int_member (doc, "round", round);
  json_object_set_string_member (doc, "step", step);
  _tj_session_copy_listed (doc, input, (const char *[]) { "scheduled_on", "scheduled_time", "place", "participants", NULL });
  json_object_set_array_member (doc, "attendance", json_array_new ());
  json_object_set_object_member (doc, "checklist", json_object_new ());
  timer = json_object_new ();
  json_object_set_int_member (timer, "accumulated_seconds", 0);
  json_object_set_boolean_member (timer, "running", FALSE);
  json_object_set_object_member (doc, "timer", timer);
  json_object_set_string_member (doc, "created_at", created);
  /* The day it was opened, by the context's clock: a meeting without a
   * date was held that day (the timestamp is the real instant). */
  {
    g_autofree char *today = _tj_session_today_iso (ctx);
    json_object_set_string_member (doc, "opened_on", today);
  }
  if (ctx && ctx->actor && *ctx->actor)
    json_object_set_string_member (doc, "mediator", ctx->actor);
  if (!_tj_session_put_doc (store, doc, &id, error))
    goto fail;

  extra = json_object_new ();
  json_object_set_string_member (extra, "session_id", id);
  json_object_set_int_member (extra, "round", round);
  if (g_str_equal (kind, "joint"))
    text = g_strdup_printf (_("Joint session opened (round %d)"), (int) round);
  else
    text = g_strdup_printf (_("Separate session with the %s opened (round %d)"), _tj_session_side_label (side), (int) round);
  if (!tj_case_add_event (store, ctx, case_id, "session_started", text, extra, error))
    goto fail;
  /* A commit that fails has rolled back already. */
  if (!tj_store_commit (store, error))
    return NULL;
  return tj_session_show (store, ctx, id, error);

fail:
  tj_store_rollback (store);
  return NULL;
}

JsonObject *
tj_session_start_meeting (TjStore             *store,
                          const TjCaseContext *ctx,
                          JsonObject          *input,
                          GError             **error)
{
  g_autoptr(JsonObject) started = NULL;
  g_autoptr(JsonObject) timer = NULL;
  g_autofree char *today = NULL;
  const char *on, *id;

  g_return_val_if_fail (TJ_IS_STORE (store), NULL);
  g_return_val_if_fail (input != NULL, NULL);

  today = _tj_session_today_iso (ctx);
  on = tj_json_get_string (input, "scheduled_on", NULL);
  if (!tj_store_begin (store, error))
    return NULL;
  started = tj_session_start (store, ctx, input, error);
  if (started == NULL)
    goto fail;
  if (on != NULL && *on != '\0' && g_strcmp0 (on, today) != 0)
    {
      if (!tj_store_commit (store, error))
        return NULL;
      return g_steal_pointer (&started);
    }

  /* For today: the meeting is taking place now. */
  id = tj_json_get_string (started, "id", "");
  timer = tj_session_timer (store, id, "start", NULL, error);
  if (timer == NULL ||
      !_tj_session_end_others (store, ctx, tj_json_get_string (started, "case_id", ""), id, error))
    goto fail;
  if (!tj_store_commit (store, error))
    return NULL;
  return tj_session_show (store, ctx, id, error);

fail:
  tj_store_rollback (store);
  return NULL;
}

gboolean
tj_session_cancel (TjStore             *store,
                   const TjCaseContext *ctx,
                   const char          *session_id,
                   const char          *reason,
                   GError             **error)
{
  g_autoptr(JsonObject) doc = NULL;
  g_autoptr(JsonObject) extra = NULL;
  g_autoptr(GPtrArray) notes = NULL;
  g_autoptr(GPtrArray) offers = NULL;
  g_autofree char *rev = NULL;
  const char *case_id;

  g_return_val_if_fail (TJ_IS_STORE (store), FALSE);

  if (reason == NULL || *reason == '\0')
    {
      tj_set_invalid (error, "reason", _("reason: say why the session is cancelled"));
      return FALSE;
    }
  doc = _tj_session_get_session (store, session_id, error);
  if (doc == NULL)
    return FALSE;
  case_id = tj_json_get_string (doc, "case_id", "");
  notes = _tj_session_children (store, case_id, "note", error);
  offers = notes ? _tj_session_children (store, case_id, "offer", error) : NULL;
  if (offers == NULL)
    return FALSE;
  for (guint i = 0; i < notes->len + offers->len; i++)
    {
      JsonObject *o = i < notes->len ? notes->pdata[i] : offers->pdata[i - notes->len];
      if (g_strcmp0 (tj_json_get_string (o, "session_id", NULL), session_id) == 0)
        {
          g_set_error (error, TJ_ERROR, TJ_ERROR_CONFLICT,
                       _("This session has notes or offers: it took place and cannot be cancelled; end it instead"));
          return FALSE;
        }
    }
  if (json_object_has_member (doc, "ended_at"))
    {
      g_set_error (error, TJ_ERROR, TJ_ERROR_CONFLICT, _("This session already ended (%s)"),
                   tj_json_get_string (doc, "outcome", ""));
      return FALSE;
    }

  if (!tj_store_begin (store, error))
    return FALSE;
  rev = tj_store_delete (store, session_id, tj_json_get_string (doc, "_rev", NULL), error);
  if (rev == NULL)
    goto fail;
  extra = json_object_new ();
  json_object_set_string_member (extra, "session_id", session_id);
  json_object_set_string_member (extra, "reason", reason);
  if (tj_json_get_string (doc, "scheduled_on", NULL))
    json_object_set_string_member (extra, "scheduled_on", tj_json_get_string (doc, "scheduled_on", NULL));
  if (!tj_case_add_event (store, ctx, case_id, "session_cancelled", _("A scheduled session was cancelled"),
                          extra, error))
    goto fail;
  return tj_store_commit (store, error);

fail:
  tj_store_rollback (store);
  return FALSE;
}

static JsonArray *
attendance_names (JsonObject *session,
                  GPtrArray  *parties)
{
  JsonArray *ids = tj_json_get_array (session, "attendance");
  JsonArray *out = json_array_new ();

  for (guint i = 0; ids && i < json_array_get_length (ids); i++)
    {
      const char *id = json_array_get_string_element (ids, i);
      JsonObject *p = _tj_session_find_party (parties, id);
      JsonObject *row = json_object_new ();
      json_object_set_string_member (row, "party_id", id);
      json_object_set_string_member (row, "name", tj_json_get_string (p, "name", ""));
      json_object_set_string_member (row, "role", tj_json_get_string (p, "role", ""));
      json_array_add_object_element (out, row);
    }
  return out;
}

JsonObject *
tj_session_show (TjStore             *store,
                 const TjCaseContext *ctx,
                 const char          *session_id,
                 GError             **error)
{
  g_autoptr(JsonObject) doc = NULL;
  g_autoptr(JsonObject) case_doc = NULL;
  g_autoptr(JsonObject) figures = NULL;
  g_autoptr(GPtrArray) parties = NULL;
  g_autoptr(GPtrArray) notes = NULL;
  g_autoptr(GPtrArray) offers = NULL;
  g_autoptr(GPtrArray) sessions = NULL;
  const char *case_id;
  JsonObject *out, *summary, *guidance;
  JsonArray *list;

  g_return_val_if_fail (TJ_IS_STORE (store), NULL);

  doc = _tj_session_get_session (store, session_id, error);
  if (doc == NULL)
    return NULL;
  case_id = tj_json_get_string (doc, "case_id", "");
  case_doc = tj_case_show (store, ctx, case_id, error);
  if (case_doc == NULL)
    return NULL;
  parties = _tj_session_children (store, case_id, "party", error);
  notes = parties ? _tj_session_children (store, case_id, "note", error) : NULL;
  offers = notes ? _tj_session_children (store, case_id, "offer", error) : NULL;
  sessions = offers ? _tj_session_children (store, case_id, "session", error) : NULL;
  figures = sessions ? tj_session_figures (store, case_id, TJ_AUDIENCE_MEDIATOR, error) : NULL;
  if (figures == NULL)
    return NULL;

  guidance = _tj_session_guidance_build (tj_json_get_string (doc, "step", "preparation"), case_doc, doc, error);
  if (guidance == NULL)
    return NULL;

  out = _tj_session_private_copy (doc);
  json_object_set_string_member (out, "step_label", tj_session_step_label (tj_json_get_string (doc, "step", "")));
  json_object_set_object_member (out, "timer", _tj_session_timer_with_elapsed (doc, NULL));
  json_object_set_array_member (out, "attendance_names", attendance_names (doc, parties));

  summary = json_object_new ();
  _tj_session_copy_listed (summary, case_doc, (const char *[]) { "id", "number", "title", "status", "kind", "flags", NULL });
  json_object_set_object_member (out, "case", summary);

  list = json_array_new ();
  for (guint i = 0; i < notes->len; i++)
    if (g_strcmp0 (tj_json_get_string (notes->pdata[i], "session_id", NULL), session_id) == 0)
      json_array_add_object_element (list, _tj_session_private_copy (notes->pdata[i]));
  json_object_set_array_member (out, "notes", list);

  list = json_array_new ();
  for (guint i = 0; i < offers->len; i++)
    if (g_strcmp0 (tj_json_get_string (offers->pdata[i], "session_id", NULL), session_id) == 0)
      json_array_add_object_element (list, _tj_session_private_copy (offers->pdata[i]));
  json_object_set_array_member (out, "offers", list);

  json_object_set_array_member (out, "issues", json_array_ref (tj_json_get_array (figures, "issues")));
  json_object_set_object_member (out, "guidance", guidance);
  json_object_set_string_member (out, "suggested_next", suggest_next (sessions, figures));
  json_object_set_array_member (out, "flow", flow_of (sessions, figures));
  return out;
}

static JsonObject *
session_row (JsonObject *doc)
{
  JsonObject *row = _tj_session_private_copy (doc);
  json_object_set_string_member (row, "step_label", tj_session_step_label (tj_json_get_string (doc, "step", "")));
  json_object_set_object_member (row, "timer", _tj_session_timer_with_elapsed (doc, NULL));
  return row;
}

JsonArray *
tj_session_list (TjStore     *store,
                 const char  *case_id,
                 GError     **error)
{
  g_autoptr(GPtrArray) sessions = NULL;
  JsonArray *out;

  g_return_val_if_fail (TJ_IS_STORE (store), NULL);

  sessions = _tj_session_children (store, case_id, "session", error);
  if (sessions == NULL)
    return NULL;
  out = json_array_new ();
  for (guint i = 0; i < sessions->len; i++)
    json_array_add_object_element (out, session_row (sessions->pdata[i]));
  return out;
}

typedef struct {
  char      *from;
  char      *to;
  GPtrArray *rows;
} Upcoming;

static gboolean
collect_upcoming (JsonObject *doc,
                  gpointer    user_data)
{
  Upcoming *u = user_data;
  const char *on = tj_json_get_string (doc, "scheduled_on", NULL);

  if (on && !json_object_has_member (doc, "ended_at") &&
      strcmp (on, u->from) >= 0 && strcmp (on, u->to) < 0)
    g_ptr_array_add (u->rows, json_object_ref (doc));
  return TRUE;
}

static int
compare_scheduled (gconstpointer a,
                   gconstpointer b)
{
  JsonObject *x = *(JsonObject **) a, *y = *(JsonObject **) b;
  int c = g_strcmp0 (tj_json_get_string (x, "scheduled_on", ""), tj_json_get_string (y, "scheduled_on", ""));
  return c ? c : g_strcmp0 (tj_json_get_string (x, "scheduled_time", ""), tj_json_get_string (y, "scheduled_time", ""));
}

JsonArray *
tj_session_upcoming (TjStore     *store,
                     const char  *from,
                     guint        days,
                     GError     **error)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  g_autofree char *to = NULL;
  Upcoming u;
  GDate d;
  JsonArray *out;

  g_return_val_if_fail (TJ_IS_STORE (store), NULL);

  if (!tj_validate_date (from, "from", error))
    return NULL;
  g_date_clear (&d, 1);
  tj_date_parse_iso (from, &d);
  g_date_add_days (&d, days);
  to = tj_date_to_iso (&d);
  u.from = (char *) from;
  u.to = to;
  u.rows = rows;
  if (!tj_store_foreach (store, "session", collect_upcoming, &u, error))
    return NULL;
  g_ptr_array_sort (rows, compare_scheduled);

  out = json_array_new ();
  for (guint i = 0; i < rows->len; i++)
    {
      JsonObject *row = session_row (rows->pdata[i]);
      g_autoptr(JsonObject) c = tj_store_get (store, tj_json_get_string (rows->pdata[i], "case_id", ""),
                                              NULL, TJ_GET_NONE, NULL);
      if (c)
        {
          json_object_set_string_member (row, "case_number", tj_json_get_string (c, "number", ""));
          json_object_set_string_member (row, "case_title", tj_json_get_string (c, "title", ""));
        }
      json_array_add_object_element (out, row);
    }
  return out;
}

/* ------------------------------------------------------------------ */
/* Updating                                                             */

JsonObject *
tj_session_update (TjStore             *store,
                   const TjCaseContext *ctx,
                   const char          *session_id,
                   JsonObject          *patch,
                   GError             **error)
{
  static const char * const allowed[] = {
    "step", "scheduled_on", "scheduled_time", "place", "participants", "attendance", "checklist", NULL
  };
  g_autoptr(JsonObject) doc = NULL;
  g_autoptr(GPtrArray) parties = NULL;
  g_autoptr(GList) members = NULL;
  JsonObject *checklist;

  g_return_val_if_fail (TJ_IS_STORE (store), NULL);
  g_return_val_if_fail (patch != NULL, NULL);

  doc = _tj_session_get_session (store, session_id, error);
  if (doc == NULL)
    return NULL;

  /* Check everything first: a bad member changes nothing. */
  members = json_object_get_members (patch);
  for (GList *l = members; l; l = l->next)
    if (!_tj_session_in_list (l->data, allowed))
      {
        g_set_error (error, TJ_ERROR, TJ_ERROR_INVALID,
                     _("%s: cannot be changed here (step, scheduled_on, scheduled_time, place, participants, attendance, checklist)"),
                     (const char *) l->data);
        return NULL;
      }
  if (json_object_has_member (patch, "step") && !_tj_session_in_list (tj_json_get_string (patch, "step", NULL), steps))
    {
      tj_set_invalid (error, "step",
                   _("step: “%s” is not a step (preparation, separate_worker, separate_employer, shuttle, joint, outcome)"),
                   tj_json_get_string (patch, "step", ""));
      return NULL;
    }
  if (json_object_has_member (patch, "scheduled_on") &&
      !tj_validate_date (tj_json_get_string (patch, "scheduled_on", ""), "scheduled_on", error))
    return NULL;
  if (json_object_has_member (patch, "scheduled_time") &&
      !check_time (tj_json_get_string (patch, "scheduled_time", NULL), error))
    return NULL;
  if (!_tj_session_check_text (patch, "place", "place", error) || !_tj_session_check_text_list (patch, "participants", error))
    return NULL;
  if (json_object_has_member (patch, "attendance"))
    {
      JsonArray *a;
      if (!_tj_session_check_text_list (patch, "attendance", error))
        return NULL;
      parties = _tj_session_children (store, tj_json_get_string (doc, "case_id", ""), "party", error);
      if (parties == NULL)
        return NULL;
      a = tj_json_get_array (patch, "attendance");
      for (guint i = 0; i < json_array_get_length (a); i++)
        if (_tj_session_find_party (parties, json_array_get_string_element (a, i)) == NULL)
          {
            g_set_error (error, TJ_ERROR, TJ_ERROR_INVALID, _("attendance[%u]: %s is not a party of this case"),
                         i, json_array_get_string_element (a, i));
            return NULL;
          }
    }
  checklist = tj_json_get_object (patch, "checklist");
  if (json_object_has_member (patch, "checklist") && checklist == NULL)
    {
      tj_set_invalid (error, "checklist", _("checklist: must be an object of items and true/false"));
      return NULL;
    }
  if (checklist)
    {
      g_autoptr(GList) items = json_object_get_members (checklist);
      for (GList *l = items; l; l = l->next)
        {
          JsonNode *n = json_object_get_member (checklist, l->data);
          if (!_tj_session_in_list (l->data, tj_session_checklist_items ()))
            {
              g_set_error (error, TJ_ERROR, TJ_ERROR_INVALID, _("checklist.%s: not a checklist item"),
                           (const char *) l->data);
              return NULL;
            }
          if (!JSON_NODE_HOLDS_VALUE (n) || json_node_get_value_type (n) != G_TYPE_BOOLEAN)
            {
              g_set_error (error, TJ_ERROR, TJ_ERROR_INVALID, _("checklist.%s: must be true or false"),
                           (const char *) l->data);
              return NULL;
            }
        }
    }

  for (GList *l = members; l; l = l->next)
    {
      const char *m = l->data;
      if (g_str_equal (m, "checklist"))
        {
          JsonObject *state = tj_json_get_object (doc, "checklist");
          g_autoptr(GList) items = json_object_get_members (checklist);
          if (state == NULL)
            {
              state = json_object_new ();
              json_object_set_object_member (doc, "checklist", state);
            }
          for (GList *i = items; i; i = i->next)
            json_object_set_boolean_member (state, i->data, json_object_get_boolean_member (checklist, i->data));
        }
      else
        json_object_set_member (doc, m, json_node_copy (json_object_get_member (patch, m)));
    }
  if (!_tj_session_put_doc (store, doc, NULL, error))
    return NULL;
  return tj_session_show (store, ctx, session_id, error);
}
