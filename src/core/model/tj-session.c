/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Tiaojie-Session"

/* Mediation sessions, their notes and offers (issue 4). See tj-session.h.
 *
 * Sessions, notes and offers carry `case_id`, so the case indexer lists them
 * in case_children (sorted by created_at); reading a case's sessions is one
 * indexed query and never a scan of the store. */

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

static const char * const steps[] = {
  "preparation", "separate_worker", "separate_employer", "shuttle", "joint", "outcome", NULL
};
static const char * const issues[] = {
  "wages_owed", "economic_compensation", "payment_date", "other", NULL
};
static const char * const sides[] = { "worker", "employer", NULL };
static const char * const employer_roles[] = {
  "employer", "project_owner", "general_contractor", "subcontractor", "team_leader", NULL
};
static const char * const methods[] = { "bank_transfer", "cash", "wage_account", NULL };

/* Statutes cited in next steps (the same msgids as the guidance). */
#define LIR_26 N_("Regulations on Labour Security Inspection, Article 26")
#define LAL_42 N_("Legal Aid Law, Article 42")

const char * const *
tj_session_steps (void)
{
  return steps;
}

const char * const *
tj_session_issues (void)
{
  return issues;
}

const char *
tj_session_issue_label (const char *issue)
{
  static const struct { const char *id; const char *label; } labels[] = {
    { "wages_owed", N_("Wages owed") },
    { "economic_compensation", N_("Economic compensation") },
    { "payment_date", N_("Payment date") },
    { "other", N_("Other") },
  };
  for (guint i = 0; i < G_N_ELEMENTS (labels); i++)
    if (g_strcmp0 (issue, labels[i].id) == 0)
      return _(labels[i].label);
  return issue ? issue : "";
}

static const char *
side_label (const char *side)
{
  if (g_strcmp0 (side, "worker") == 0)
    return _("worker side");
  if (g_strcmp0 (side, "employer") == 0)
    return _("employer side");
  return side ? side : "";
}

/* ------------------------------------------------------------------ */
/* Small helpers                                                        */

static gboolean
in_list (const char         *value,
         const char * const *list)
{
  return value && g_strv_contains (list, value);
}


static char *
today_iso (const TjCaseContext *ctx)
{
  return tj_date_today_iso (ctx ? ctx->today : NULL);
}

static JsonObject *
get_typed (TjStore     *store,
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

static JsonObject *
get_session (TjStore     *store,
             const char  *id,
             GError     **error)
{
  return get_typed (store, id, "session", _("session"), error);
}

/* Documents of @type linked to @case_id, oldest first (case_children). */
static GPtrArray *
children (TjStore     *store,
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
static JsonObject *
private_copy (JsonObject *doc)
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
static void
copy_listed (JsonObject         *to,
             JsonObject         *from,
             const char * const *members)
{
  for (guint i = 0; members[i]; i++)
    if (json_object_has_member (from, members[i]))
      json_object_set_member (to, members[i], json_node_copy (json_object_get_member (from, members[i])));
}

static const char *
side_of_party (JsonObject *party)
{
  const char *role = tj_json_get_string (party, "role", "");
  if (g_str_equal (role, "worker"))
    return "worker";
  if (in_list (role, employer_roles))
    return "employer";
  /* Agents and representatives speak for the side they represent. */
  return in_list (tj_json_get_string (party, "represents", NULL), sides)
           ? tj_json_get_string (party, "represents", NULL) : NULL;
}

static JsonObject *
find_party (GPtrArray  *parties,
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

static gboolean
is_int (JsonObject *o,
        const char *member)
{
  JsonNode *n = json_object_get_member (o, member);
  return n && JSON_NODE_HOLDS_VALUE (n) && json_node_get_value_type (n) == G_TYPE_INT64;
}

/* An optional text member: absent is fine, anything but a string is not. */
static gboolean
check_text (JsonObject  *o,
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
  g_set_error (error, TJ_ERROR, TJ_ERROR_INVALID,
               _("scheduled_time: “%s” is not a time of day (HH:MM)"), value ? value : "");
  return FALSE;
}

static gboolean
check_text_list (JsonObject  *o,
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

static gboolean
put_doc (TjStore     *store,
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
/* Timer                                                                */

static gint64
seconds_between (const char *from,
                 GDateTime  *to)
{
  g_autoptr(GDateTime) start = from ? g_date_time_new_from_iso8601 (from, NULL) : NULL;
  if (start == NULL)
    return 0;
  return MAX (0, g_date_time_difference (to, start) / G_USEC_PER_SEC);
}

gint64
tj_session_timer_elapsed (JsonObject *session,
                          GDateTime  *at)
{
  JsonObject *timer = tj_json_get_object (session, "timer");
  g_autoptr(GDateTime) now = at ? g_date_time_ref (at) : g_date_time_new_now_utc ();
  gint64 total = tj_json_get_int (timer, "accumulated_seconds", 0);

  if (tj_json_get_bool (timer, "running", FALSE))
    total += seconds_between (tj_json_get_string (timer, "started_at", NULL), now);
  return total;
}

static JsonObject *
timer_with_elapsed (JsonObject *session,
                    GDateTime  *at)
{
  JsonObject *timer = tj_json_get_object (session, "timer");
  JsonObject *out = timer ? tj_json_object_copy (timer) : json_object_new ();
  json_object_set_int_member (out, "elapsed_seconds", tj_session_timer_elapsed (session, at));
  return out;
}

static void
timer_pause (JsonObject *session,
             GDateTime  *at)
{
  JsonObject *timer = tj_json_get_object (session, "timer");
  if (timer == NULL || !tj_json_get_bool (timer, "running", FALSE))
    return;
  json_object_set_int_member (timer, "accumulated_seconds", tj_session_timer_elapsed (session, at));
  json_object_set_boolean_member (timer, "running", FALSE);
  json_object_remove_member (timer, "started_at");
}

JsonObject *
tj_session_timer (TjStore     *store,
                  const char  *session_id,
                  const char  *action,
                  GDateTime   *at,
                  GError     **error)
{
  g_autoptr(JsonObject) doc = NULL;
  g_autoptr(GDateTime) now = NULL;
  JsonObject *timer;

  g_return_val_if_fail (TJ_IS_STORE (store), NULL);

  if (!in_list (action, (const char *[]) { "start", "pause", "reset", NULL }))
    {
      g_set_error (error, TJ_ERROR, TJ_ERROR_INVALID,
                   _("“%s” is not a timer action (start, pause, reset)"), action ? action : "");
      return NULL;
    }
  doc = get_session (store, session_id, error);
  if (doc == NULL)
    return NULL;
  now = at ? g_date_time_ref (at) : g_date_time_new_now_utc ();
  timer = tj_json_get_object (doc, "timer");
  if (timer == NULL)
    {
      timer = json_object_new ();
      json_object_set_object_member (doc, "timer", timer);
    }
  if (g_str_equal (action, "start"))
    {
      if (json_object_has_member (doc, "ended_at"))
        {
          g_set_error (error, TJ_ERROR, TJ_ERROR_CONFLICT, _("This session has ended; its timer cannot run again"));
          return NULL;
        }
      if (!tj_json_get_bool (timer, "running", FALSE))
        {
          g_autoptr(GDateTime) utc = g_date_time_to_utc (now);
          g_autofree char *iso = g_date_time_format (utc, "%Y-%m-%dT%H:%M:%SZ");
          json_object_set_string_member (timer, "started_at", iso);
          json_object_set_boolean_member (timer, "running", TRUE);
          if (!json_object_has_member (timer, "accumulated_seconds"))
            json_object_set_int_member (timer, "accumulated_seconds", 0);
        }
    }
  else if (g_str_equal (action, "pause"))
    timer_pause (doc, now);
  else
    {
      json_object_set_int_member (timer, "accumulated_seconds", 0);
      json_object_set_boolean_member (timer, "running", FALSE);
      json_object_remove_member (timer, "started_at");
    }
  if (!put_doc (store, doc, NULL, error))
    return NULL;
  return timer_with_elapsed (doc, now);
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
  if (in_list (tj_json_get_string (last, "outcome", NULL), (const char *[]) { "agreed", "failed", NULL }))
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
            here = in_list (tj_json_get_string (s, "outcome", NULL), (const char *[]) { "agreed", "failed", NULL });
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

  sessions = children (store, case_id, "session", error);
  figures = sessions ? tj_session_figures (store, case_id, TRUE, error) : NULL;
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

  if (!in_list (kind, (const char *[]) { "separate", "joint", NULL }))
    {
      g_set_error (error, TJ_ERROR, TJ_ERROR_INVALID, _("kind: “%s” is not separate or joint"), kind ? kind : "");
      return NULL;
    }
  if (side && !in_list (side, sides))
    {
      g_set_error (error, TJ_ERROR, TJ_ERROR_INVALID, _("party_side: “%s” is not worker or employer"), side);
      return NULL;
    }
  if (g_str_equal (kind, "joint") && (side || party_id))
    {
      g_set_error (error, TJ_ERROR, TJ_ERROR_INVALID, _("party_side: a joint session meets both sides"));
      return NULL;
    }
  if (g_str_equal (kind, "separate") && side == NULL && party_id == NULL)
    {
      g_set_error (error, TJ_ERROR, TJ_ERROR_INVALID,
                   _("party_side: say which side a separate session meets (worker or employer, or a party id)"));
      return NULL;
    }
  if (step && !in_list (step, steps))
    {
      g_set_error (error, TJ_ERROR, TJ_ERROR_INVALID,
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
  if (!check_text (input, "place", "place", error) || !check_text_list (input, "participants", error))
    return NULL;

  case_doc = get_typed (store, case_id, "case", _("case"), error);
  if (case_doc == NULL)
    return NULL;

  if (party_id)
    {
      JsonObject *party;
      parties = children (store, case_id, "party", error);
      if (parties == NULL)
        return NULL;
      party = find_party (parties, party_id);
      if (party == NULL)
        {
          g_set_error (error, TJ_ERROR, TJ_ERROR_INVALID, _("party_id: %s is not a party of this case"), party_id);
          return NULL;
        }
      if (side && g_strcmp0 (side_of_party (party), side) != 0)
        {
          g_set_error (error, TJ_ERROR, TJ_ERROR_INVALID, _("party_id: %s is not on the %s"),
                       tj_json_get_string (party, "name", party_id), side_label (side));
          return NULL;
        }
      side = side_of_party (party);
      if (side == NULL)
        {
          g_set_error (error, TJ_ERROR, TJ_ERROR_INVALID, _("party_id: say which side %s represents"),
                       tj_json_get_string (party, "name", party_id));
          return NULL;
        }
    }

  status = tj_json_get_string (case_doc, "status", "intake");
  if (!in_list (status, (const char *[]) { "accepted", "mediating", NULL }))
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

  sessions = children (store, case_id, "session", error);
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
  copy_listed (doc, input, (const char *[]) { "scheduled_on", "scheduled_time", "place", "participants", NULL });
  json_object_set_array_member (doc, "attendance", json_array_new ());
  json_object_set_object_member (doc, "checklist", json_object_new ());
  timer = json_object_new ();
  json_object_set_int_member (timer, "accumulated_seconds", 0);
  json_object_set_boolean_member (timer, "running", FALSE);
  json_object_set_object_member (doc, "timer", timer);
  json_object_set_string_member (doc, "created_at", created);
  if (ctx && ctx->actor && *ctx->actor)
    json_object_set_string_member (doc, "mediator", ctx->actor);
  if (!put_doc (store, doc, &id, error))
    goto fail;

  extra = json_object_new ();
  json_object_set_string_member (extra, "session_id", id);
  json_object_set_int_member (extra, "round", round);
  if (g_str_equal (kind, "joint"))
    text = g_strdup_printf (_("Joint session opened (round %d)"), (int) round);
  else
    text = g_strdup_printf (_("Separate session with the %s opened (round %d)"), side_label (side), (int) round);
  if (!tj_case_add_event (store, ctx, case_id, "session_started", text, extra, error) ||
      !tj_store_commit (store, error))
    goto fail;
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
      g_set_error (error, TJ_ERROR, TJ_ERROR_INVALID, _("reason: say why the session is cancelled"));
      return FALSE;
    }
  doc = get_session (store, session_id, error);
  if (doc == NULL)
    return FALSE;
  case_id = tj_json_get_string (doc, "case_id", "");
  notes = children (store, case_id, "note", error);
  offers = notes ? children (store, case_id, "offer", error) : NULL;
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
                          extra, error) ||
      !tj_store_commit (store, error))
    goto fail;
  return TRUE;

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
      JsonObject *p = find_party (parties, id);
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

  doc = get_session (store, session_id, error);
  if (doc == NULL)
    return NULL;
  case_id = tj_json_get_string (doc, "case_id", "");
  case_doc = tj_case_show (store, ctx, case_id, error);
  if (case_doc == NULL)
    return NULL;
  parties = children (store, case_id, "party", error);
  notes = parties ? children (store, case_id, "note", error) : NULL;
  offers = notes ? children (store, case_id, "offer", error) : NULL;
  sessions = offers ? children (store, case_id, "session", error) : NULL;
  figures = sessions ? tj_session_figures (store, case_id, TRUE, error) : NULL;
  if (figures == NULL)
    return NULL;

  guidance = _tj_session_guidance_build (tj_json_get_string (doc, "step", "preparation"), case_doc, doc, error);
  if (guidance == NULL)
    return NULL;

  out = private_copy (doc);
  json_object_set_string_member (out, "step_label", tj_session_step_label (tj_json_get_string (doc, "step", "")));
  json_object_set_object_member (out, "timer", timer_with_elapsed (doc, NULL));
  json_object_set_array_member (out, "attendance_names", attendance_names (doc, parties));

  summary = json_object_new ();
  copy_listed (summary, case_doc, (const char *[]) { "id", "number", "title", "status", "kind", "flags", NULL });
  json_object_set_object_member (out, "case", summary);

  list = json_array_new ();
  for (guint i = 0; i < notes->len; i++)
    if (g_strcmp0 (tj_json_get_string (notes->pdata[i], "session_id", NULL), session_id) == 0)
      json_array_add_object_element (list, private_copy (notes->pdata[i]));
  json_object_set_array_member (out, "notes", list);

  list = json_array_new ();
  for (guint i = 0; i < offers->len; i++)
    if (g_strcmp0 (tj_json_get_string (offers->pdata[i], "session_id", NULL), session_id) == 0)
      json_array_add_object_element (list, private_copy (offers->pdata[i]));
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
  JsonObject *row = private_copy (doc);
  json_object_set_string_member (row, "step_label", tj_session_step_label (tj_json_get_string (doc, "step", "")));
  json_object_set_object_member (row, "timer", timer_with_elapsed (doc, NULL));
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

  sessions = children (store, case_id, "session", error);
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

  doc = get_session (store, session_id, error);
  if (doc == NULL)
    return NULL;

  /* Check everything first: a bad member changes nothing. */
  members = json_object_get_members (patch);
  for (GList *l = members; l; l = l->next)
    if (!in_list (l->data, allowed))
      {
        g_set_error (error, TJ_ERROR, TJ_ERROR_INVALID,
                     _("%s: cannot be changed here (step, scheduled_on, scheduled_time, place, participants, attendance, checklist)"),
                     (const char *) l->data);
        return NULL;
      }
  if (json_object_has_member (patch, "step") && !in_list (tj_json_get_string (patch, "step", NULL), steps))
    {
      g_set_error (error, TJ_ERROR, TJ_ERROR_INVALID,
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
  if (!check_text (patch, "place", "place", error) || !check_text_list (patch, "participants", error))
    return NULL;
  if (json_object_has_member (patch, "attendance"))
    {
      JsonArray *a;
      if (!check_text_list (patch, "attendance", error))
        return NULL;
      parties = children (store, tj_json_get_string (doc, "case_id", ""), "party", error);
      if (parties == NULL)
        return NULL;
      a = tj_json_get_array (patch, "attendance");
      for (guint i = 0; i < json_array_get_length (a); i++)
        if (find_party (parties, json_array_get_string_element (a, i)) == NULL)
          {
            g_set_error (error, TJ_ERROR, TJ_ERROR_INVALID, _("attendance[%u]: %s is not a party of this case"),
                         i, json_array_get_string_element (a, i));
            return NULL;
          }
    }
  checklist = tj_json_get_object (patch, "checklist");
  if (json_object_has_member (patch, "checklist") && checklist == NULL)
    {
      g_set_error (error, TJ_ERROR, TJ_ERROR_INVALID, _("checklist: must be an object of items and true/false"));
      return NULL;
    }
  if (checklist)
    {
      g_autoptr(GList) items = json_object_get_members (checklist);
      for (GList *l = items; l; l = l->next)
        {
          JsonNode *n = json_object_get_member (checklist, l->data);
          if (!in_list (l->data, tj_session_checklist_items ()))
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
  if (!put_doc (store, doc, NULL, error))
    return NULL;
  return tj_session_show (store, ctx, session_id, error);
}

/* ------------------------------------------------------------------ */
/* Notes                                                                */

JsonObject *
tj_session_note_add (TjStore             *store,
                     const TjCaseContext *ctx,
                     const char          *session_id,
                     JsonObject          *input,
                     GError             **error)
{
  g_autoptr(JsonObject) session = NULL;
  g_autoptr(JsonObject) doc = NULL;
  g_autofree char *at = tj_timestamp_now ();
  const char *visibility, *category, *side;

  g_return_val_if_fail (TJ_IS_STORE (store), NULL);
  g_return_val_if_fail (input != NULL, NULL);

  session = get_session (store, session_id, error);
  if (session == NULL)
    return NULL;
  if (!check_text (input, "text", "text", error))
    return NULL;
  visibility = tj_json_get_string (input, "visibility",
                                   g_strcmp0 (tj_json_get_string (session, "kind", NULL), "joint") == 0
                                     ? "joint" : "caucus");
  if (!in_list (visibility, (const char *[]) { "caucus", "joint", NULL }))
    {
      g_set_error (error, TJ_ERROR, TJ_ERROR_INVALID, _("visibility: “%s” is not caucus or joint"), visibility);
      return NULL;
    }
  category = tj_json_get_string (input, "category", "note");
  if (!in_list (category, (const char *[]) { "note", "position", "interest", NULL }))
    {
      g_set_error (error, TJ_ERROR, TJ_ERROR_INVALID, _("category: “%s” is not note, position or interest"), category);
      return NULL;
    }
  side = tj_json_get_string (input, "party_side", tj_json_get_string (session, "party_side", NULL));
  if (side && !in_list (side, sides))
    {
      g_set_error (error, TJ_ERROR, TJ_ERROR_INVALID, _("party_side: “%s” is not worker or employer"), side);
      return NULL;
    }

  doc = json_object_new ();
  json_object_set_string_member (doc, "type", "note");
  json_object_set_string_member (doc, "session_id", session_id);
  json_object_set_string_member (doc, "case_id", tj_json_get_string (session, "case_id", ""));
  json_object_set_string_member (doc, "text", tj_json_get_string (input, "text", ""));
  json_object_set_string_member (doc, "visibility", visibility);
  json_object_set_string_member (doc, "category", category);
  if (side)
    json_object_set_string_member (doc, "party_side", side);
  json_object_set_string_member (doc, "created_at", at);
  json_object_set_string_member (doc, "updated_at", at);
  if (ctx && ctx->actor && *ctx->actor)
    json_object_set_string_member (doc, "author", ctx->actor);
  if (!put_doc (store, doc, NULL, error))
    return NULL;
  return private_copy (doc);
}

gboolean
tj_session_note_update (TjStore     *store,
                        const char  *note_id,
                        const char  *text,
                        GError     **error)
{
  g_autoptr(JsonObject) doc = NULL;
  g_autofree char *at = NULL;

  g_return_val_if_fail (TJ_IS_STORE (store), FALSE);

  if (text == NULL)
    {
      g_set_error (error, TJ_ERROR, TJ_ERROR_INVALID, _("text: give the note's text"));
      return FALSE;
    }
  doc = get_typed (store, note_id, "note", _("note"), error);
  if (doc == NULL)
    return FALSE;
  if (g_strcmp0 (tj_json_get_string (doc, "text", NULL), text) == 0)
    return TRUE; /* autosave with nothing new: no revision */
  /* The party consented to this text being shown; another text would be
   * shown without consent. */
  if (json_object_has_member (doc, "released_at"))
    {
      g_set_error (error, TJ_ERROR, TJ_ERROR_CONFLICT,
                   _("This note was released with consent; its text can no longer change. Add a new note instead."));
      return FALSE;
    }
  at = tj_timestamp_now ();
  json_object_set_string_member (doc, "text", text);
  json_object_set_string_member (doc, "updated_at", at);
  return put_doc (store, doc, NULL, error);
}

JsonObject *
tj_session_release_note (TjStore             *store,
                         const TjCaseContext *ctx,
                         const char          *note_id,
                         const char          *consent_of,
                         GError             **error)
{
  g_autoptr(JsonObject) doc = NULL;
  g_autoptr(JsonObject) extra = NULL;
  g_autoptr(GPtrArray) parties = NULL;
  g_autofree char *at = tj_timestamp_now ();
  g_autofree char *text = NULL;
  const char *side, *case_id, *consent_name;

  g_return_val_if_fail (TJ_IS_STORE (store), NULL);

  doc = get_typed (store, note_id, "note", _("note"), error);
  if (doc == NULL)
    return NULL;
  if (g_strcmp0 (tj_json_get_string (doc, "visibility", NULL), "caucus") != 0)
    {
      g_set_error (error, TJ_ERROR, TJ_ERROR_INVALID, _("This note is already shared with both sides"));
      return NULL;
    }
  if (json_object_has_member (doc, "released_at"))
    {
      g_set_error (error, TJ_ERROR, TJ_ERROR_CONFLICT, _("This note was already released on %s"),
                   tj_json_get_string (doc, "released_at", ""));
      return NULL;
    }
  side = tj_json_get_string (doc, "party_side", NULL);
  case_id = tj_json_get_string (doc, "case_id", "");
  if (consent_of == NULL || *consent_of == '\0')
    consent_of = side;
  if (consent_of == NULL)
    {
      g_set_error (error, TJ_ERROR, TJ_ERROR_INVALID,
                   _("consent_of: name the party whose consent allows this note to be shown"));
      return NULL;
    }
  consent_name = side_label (consent_of);
  if (in_list (consent_of, sides))
    {
      if (side && !g_str_equal (consent_of, side))
        {
          g_set_error (error, TJ_ERROR, TJ_ERROR_INVALID,
                       _("consent_of: this note belongs to the %s; only that side can consent to showing it"),
                       side_label (side));
          return NULL;
        }
    }
  else
    {
      JsonObject *party;
      parties = children (store, case_id, "party", error);
      if (parties == NULL)
        return NULL;
      party = find_party (parties, consent_of);
      if (party == NULL)
        {
          g_set_error (error, TJ_ERROR, TJ_ERROR_INVALID, _("consent_of: %s is not a party of this case"), consent_of);
          return NULL;
        }
      if (side && g_strcmp0 (side_of_party (party), side) != 0)
        {
          g_set_error (error, TJ_ERROR, TJ_ERROR_INVALID,
                       _("consent_of: this note belongs to the %s; only that side can consent to showing it"),
                       side_label (side));
          return NULL;
        }
      consent_name = tj_json_get_string (party, "name", consent_of);
    }

  if (!tj_store_begin (store, error))
    return NULL;
  json_object_set_string_member (doc, "released_at", at);
  json_object_set_string_member (doc, "released_with_consent_of", consent_of);
  /* A party's name is stored; a side is named when read, in the reader's
   * language. */
  if (!in_list (consent_of, sides))
    json_object_set_string_member (doc, "released_consent_name", consent_name);
  if (ctx && ctx->actor && *ctx->actor)
    json_object_set_string_member (doc, "released_by", ctx->actor);
  if (!put_doc (store, doc, NULL, error))
    goto fail;
  /* The timeline says that and by whose consent, never what: the timeline
   * is read by more people than the note's readers. */
  extra = json_object_new ();
  json_object_set_string_member (extra, "note_id", note_id);
  json_object_set_string_member (extra, "session_id", tj_json_get_string (doc, "session_id", ""));
  json_object_set_string_member (extra, "consent_of", consent_of);
  text = g_strdup_printf (_("A separate-session note was shown to both sides with the consent of %s"), consent_name);
  if (!tj_case_add_event (store, ctx, case_id, "note_released", text, extra, error) ||
      !tj_store_commit (store, error))
    goto fail;
  return private_copy (doc);

fail:
  tj_store_rollback (store);
  return NULL;
}

JsonObject *
tj_session_interests (TjStore     *store,
                      const char  *case_id,
                      GError     **error)
{
  g_autoptr(GPtrArray) notes = NULL;
  static const char * const groups[] = { "worker", "employer", "unassigned", NULL };
  JsonObject *out;

  g_return_val_if_fail (TJ_IS_STORE (store), NULL);

  notes = children (store, case_id, "note", error);
  if (notes == NULL)
    return NULL;
  out = json_object_new ();
  for (guint g = 0; groups[g]; g++)
    {
      JsonObject *side = json_object_new ();
      json_object_set_array_member (side, "positions", json_array_new ());
      json_object_set_array_member (side, "interests", json_array_new ());
      json_object_set_object_member (out, groups[g], side);
    }
  for (guint i = 0; i < notes->len; i++)
    {
      JsonObject *n = notes->pdata[i];
      const char *category = tj_json_get_string (n, "category", "note");
      const char *side = tj_json_get_string (n, "party_side", NULL);
      JsonObject *group = tj_json_get_object (out, in_list (side, sides) ? side : "unassigned");
      if (g_str_equal (category, "position"))
        json_array_add_object_element (tj_json_get_array (group, "positions"), private_copy (n));
      else if (g_str_equal (category, "interest"))
        json_array_add_object_element (tj_json_get_array (group, "interests"), private_copy (n));
    }
  return out;
}

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

  session = get_session (store, session_id, error);
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
  if (in_list (by, sides) || g_str_equal (by, "both"))
    side = by;
  else
    {
      JsonObject *party;
      parties = children (store, tj_json_get_string (session, "case_id", ""), "party", error);
      if (parties == NULL)
        return NULL;
      party = find_party (parties, by);
      if (party == NULL)
        {
          g_set_error (error, TJ_ERROR, TJ_ERROR_INVALID,
                       _("by: %s is not worker, employer, both or a party of this case"), by);
          return NULL;
        }
      side = side_of_party (party);
      party_id = by;
      if (side == NULL)
        {
          g_set_error (error, TJ_ERROR, TJ_ERROR_INVALID, _("by: say which side %s represents"),
                       tj_json_get_string (party, "name", by));
          return NULL;
        }
    }

  issue = tj_json_get_string (input, "issue", NULL);
  if (!in_list (issue, issues))
    {
      g_set_error (error, TJ_ERROR, TJ_ERROR_INVALID,
                   _("issue: “%s” is not wages_owed, economic_compensation, payment_date or other"),
                   issue ? issue : "");
      return NULL;
    }
  if (!check_text (input, "label", "label", error) || !check_text (input, "reason", "reason", error) ||
      !check_text (input, "text", "text", error))
    return NULL;
  label = tj_json_get_string (input, "label", NULL);
  if (g_str_equal (issue, "other") && (label == NULL || *label == '\0'))
    {
      g_set_error (error, TJ_ERROR, TJ_ERROR_INVALID, _("label: name the issue (for example “Social insurance arrears”)"));
      return NULL;
    }

  unit = unit_of_issue (issue);
  if (json_object_has_member (input, "amount_fen") &&
      (!is_int (input, "amount_fen") || tj_json_get_int (input, "amount_fen", -1) < 0))
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
      if (!is_int (input, "round") || tj_json_get_int (input, "round", 0) < 1)
        {
          g_set_error (error, TJ_ERROR, TJ_ERROR_INVALID, _("round: must be a whole number from 1"));
          return NULL;
        }
      round = tj_json_get_int (input, "round", 1);
    }
  visibility = tj_json_get_string (input, "visibility", "joint");
  if (!in_list (visibility, (const char *[]) { "caucus", "joint", NULL }))
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
  if (!put_doc (store, doc, NULL, error))
    return NULL;
  return private_copy (doc);
}

/* A figure as shown in views: only the value, its round, reason and who. */
static JsonObject *
figure_of (JsonObject *offer)
{
  JsonObject *f = json_object_new ();
  json_object_set_string_member (f, "offer_id", tj_json_get_string (offer, "_id", ""));
  copy_listed (f, offer, (const char *[]) { "amount_fen", "date", "text", "reason", "round", "party_id", "created_at", NULL });
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
  for (int i = 0; issues[i]; i++)
    if (g_strcmp0 (issues[i], issue) == 0)
      return i;
  return G_N_ELEMENTS (issues);
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

  offers = children (store, case_id, "offer", error);
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

/* ------------------------------------------------------------------ */
/* Shared views                                                         */

static char *
format_value (JsonObject *issue,
              JsonObject *figure)
{
  if (figure == NULL)
    return g_strdup ("—");
  if (json_object_has_member (figure, "amount_fen"))
    return tj_money_format (tj_json_get_int (figure, "amount_fen", 0));
  if (json_object_has_member (figure, "date"))
    return g_strdup (tj_json_get_string (figure, "date", ""));
  return g_strdup (tj_json_get_string (figure, "text", ""));
}

/* Notes both sides may see: taken in the open, or released with consent. */
static gboolean
note_is_shared (JsonObject *note)
{
  return g_strcmp0 (tj_json_get_string (note, "visibility", NULL), "joint") == 0 ||
         (g_strcmp0 (tj_json_get_string (note, "visibility", NULL), "caucus") == 0 &&
          tj_json_get_string (note, "released_at", NULL) != NULL &&
          tj_json_get_string (note, "released_with_consent_of", NULL) != NULL);
}

static JsonArray *
points (JsonArray *issues_list,
        gboolean   agreed)
{
  JsonArray *out = json_array_new ();

  for (guint i = 0; issues_list && i < json_array_get_length (issues_list); i++)
    {
      JsonObject *is = json_array_get_object_element (issues_list, i);
      gboolean is_agreed = g_strcmp0 (tj_json_get_string (is, "status", NULL), "agreed") == 0;
      JsonObject *p;
      if (is_agreed != agreed)
        continue;
      p = json_object_new ();
      copy_listed (p, is, (const char *[]) { "issue", "label", "unit", "status", NULL });
      if (agreed)
        {
          JsonObject *f = tj_json_get_object (is, "agreed");
          copy_listed (p, f, (const char *[]) { "amount_fen", "date", "text", NULL });
        }
      else
        {
          copy_listed (p, is, (const char *[]) { "gap_fen", "gap_days", "crossed", "meeting_point_fen",
                                                 "meeting_point_date", NULL });
          if (tj_json_get_object (is, "worker"))
            {
              JsonObject *w = json_object_new ();
              copy_listed (w, tj_json_get_object (is, "worker"), (const char *[]) { "amount_fen", "date", "text", "round", NULL });
              json_object_set_object_member (p, "worker", w);
            }
          if (tj_json_get_object (is, "employer"))
            {
              JsonObject *e = json_object_new ();
              copy_listed (e, tj_json_get_object (is, "employer"), (const char *[]) { "amount_fen", "date", "text", "round", NULL });
              json_object_set_object_member (p, "employer", e);
            }
        }
      json_array_add_object_element (out, p);
    }
  return out;
}

static JsonArray *
shared_notes (GPtrArray *notes)
{
  JsonArray *out = json_array_new ();
  for (guint i = 0; i < notes->len; i++)
    {
      JsonObject *n = notes->pdata[i];
      JsonObject *row;
      if (!note_is_shared (n))
        continue;
      row = json_object_new ();
      json_object_set_string_member (row, "id", tj_json_get_string (n, "_id", ""));
      copy_listed (row, n, (const char *[]) { "session_id", "text", "category", "party_side", "created_at",
                                              "released_at", "released_consent_name", NULL });
      if (json_object_has_member (n, "released_at") && !json_object_has_member (n, "released_consent_name"))
        json_object_set_string_member (row, "released_consent_name",
                                       side_label (tj_json_get_string (n, "released_with_consent_of", NULL)));
      json_object_set_boolean_member (row, "released", json_object_has_member (n, "released_at"));
      json_array_add_object_element (out, row);
    }
  return out;
}

static JsonArray *
joint_sessions (GPtrArray *sessions)
{
  JsonArray *out = json_array_new ();
  for (guint i = 0; i < sessions->len; i++)
    {
      JsonObject *s = sessions->pdata[i];
      JsonObject *row;
      if (g_strcmp0 (tj_json_get_string (s, "kind", NULL), "joint") != 0)
        continue;
      row = json_object_new ();
      json_object_set_string_member (row, "id", tj_json_get_string (s, "_id", ""));
      json_object_set_string_member (row, "kind", "joint");
      json_object_set_string_member (row, "visibility", "joint");
      {
        /* docgen reads "date"; a session held unscheduled took place the
         * day it was opened. */
        g_autofree char *day = g_strndup (tj_json_get_string (s, "created_at", ""), 10);
        json_object_set_string_member (row, "date", tj_json_get_string (s, "scheduled_on", day));
      }
      copy_listed (row, s, (const char *[]) { "round", "scheduled_on", "scheduled_time", "place", "ended_at",
                                              "outcome", NULL });
      json_array_add_object_element (out, row);
    }
  return out;
}

JsonObject *
tj_session_joint_view (TjStore             *store,
                       const TjCaseContext *ctx,
                       const char          *case_id,
                       GError             **error)
{
  g_autoptr(JsonObject) case_doc = NULL;
  g_autoptr(JsonObject) figures = NULL;
  g_autoptr(GPtrArray) notes = NULL;
  g_autoptr(GPtrArray) sessions = NULL;
  JsonObject *out, *summary;
  JsonArray *list;

  g_return_val_if_fail (TJ_IS_STORE (store), NULL);

  case_doc = tj_case_show (store, ctx, case_id, error);
  if (case_doc == NULL)
    return NULL;
  figures = tj_session_figures (store, case_id, FALSE, error);
  notes = figures ? children (store, case_id, "note", error) : NULL;
  sessions = notes ? children (store, case_id, "session", error) : NULL;
  if (sessions == NULL)
    return NULL;

  out = json_object_new ();
  summary = json_object_new ();
  copy_listed (summary, case_doc, (const char *[]) { "id", "number", "title", "status", "kind", NULL });
  json_object_set_object_member (out, "case", summary);
  list = tj_json_get_array (figures, "issues");
  json_object_set_array_member (out, "issues", json_array_ref (list));
  json_object_set_array_member (out, "agreed_points", points (list, TRUE));
  json_object_set_array_member (out, "open_points", points (list, FALSE));
  json_object_set_array_member (out, "notes", shared_notes (notes));
  json_object_set_array_member (out, "sessions", joint_sessions (sessions));
  return out;
}

JsonObject *
tj_session_presentation_model (TjStore             *store,
                               const TjCaseContext *ctx,
                               const char          *case_id,
                               GError             **error)
{
  g_autoptr(JsonObject) view = tj_session_joint_view (store, ctx, case_id, error);
  JsonObject *out, *summary;
  JsonArray *items, *list;

  if (view == NULL)
    return NULL;
  summary = tj_json_get_object (view, "case");
  out = json_object_new ();
  {
    g_autofree char *title = g_strdup_printf (_("Mediation: %s"), tj_json_get_string (summary, "title", ""));
    json_object_set_string_member (out, "title", title);
  }
  json_object_set_string_member (out, "number", tj_json_get_string (summary, "number", ""));

  items = json_array_new ();
  list = tj_json_get_array (view, "issues");
  for (guint i = 0; list && i < json_array_get_length (list); i++)
    {
      JsonObject *is = json_array_get_object_element (list, i);
      const char *status = tj_json_get_string (is, "status", "open");
      const char *label = tj_json_get_string (is, "label", "");
      JsonObject *item = json_object_new ();
      g_autofree char *text = NULL;
      g_autofree char *detail = NULL;

      json_object_set_string_member (item, "issue", tj_json_get_string (is, "issue", ""));
      if (g_str_equal (status, "agreed"))
        {
          g_autofree char *v = format_value (is, tj_json_get_object (is, "agreed"));
          text = g_strdup_printf (_("%s: agreed — %s"), label, v);
        }
      else
        {
          g_autofree char *w = format_value (is, tj_json_get_object (is, "worker"));
          g_autofree char *e = format_value (is, tj_json_get_object (is, "employer"));
          if (g_str_equal (status, "crossed"))
            {
              g_autofree char *m = json_object_has_member (is, "meeting_point_fen")
                                     ? tj_money_format (tj_json_get_int (is, "meeting_point_fen", 0))
                                     : g_strdup (tj_json_get_string (is, "meeting_point_date", ""));
              text = g_strdup_printf (_("%s: the offers have met — both sides accept %s"), label, m);
            }
          else
            text = g_strdup_printf (_("%s: open"), label);
          detail = g_strdup_printf (_("Worker side: %s · Employer side: %s"), w, e);
          if (json_object_has_member (is, "gap_fen") && !g_str_equal (status, "crossed"))
            {
              g_autofree char *gap = tj_money_format (tj_json_get_int (is, "gap_fen", 0));
              g_autofree char *more = g_strdup_printf (_("%s · Gap: %s"), detail, gap);
              g_free (detail);
              detail = g_steal_pointer (&more);
            }
          else if (json_object_has_member (is, "gap_days") && !g_str_equal (status, "crossed"))
            {
              g_autofree char *more = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s · Gap: %d day",
                                                                    "%s · Gap: %d days",
                                                                    tj_json_get_int (is, "gap_days", 0)),
                                                       detail, (int) tj_json_get_int (is, "gap_days", 0));
              g_free (detail);
              detail = g_steal_pointer (&more);
            }
        }
      json_object_set_string_member (item, "kind", status);
      json_object_set_string_member (item, "text", text);
      if (detail)
        json_object_set_string_member (item, "detail", detail);
      json_array_add_object_element (items, item);
    }
  list = tj_json_get_array (view, "notes");
  for (guint i = 0; list && i < json_array_get_length (list); i++)
    {
      JsonObject *n = json_array_get_object_element (list, i);
      JsonObject *item = json_object_new ();
      json_object_set_string_member (item, "kind", "note");
      json_object_set_string_member (item, "text", tj_json_get_string (n, "text", ""));
      json_array_add_object_element (items, item);
    }
  json_object_set_array_member (out, "items", items);
  return out;
}

JsonObject *
tj_session_public_model (TjStore             *store,
                         const TjCaseContext *ctx,
                         const char          *case_id,
                         GError             **error)
{
  g_autoptr(JsonObject) view = tj_session_joint_view (store, ctx, case_id, error);
  g_autoptr(GPtrArray) sessions = NULL;
  g_autoptr(JsonObject) case_doc = NULL;
  JsonObject *out, *outcome = NULL;
  JsonArray *released, *notes;

  if (view == NULL)
    return NULL;
  sessions = children (store, case_id, "session", error);
  case_doc = sessions ? tj_case_show (store, ctx, case_id, error) : NULL;
  if (case_doc == NULL)
    return NULL;

  out = json_object_new ();
  json_object_set_array_member (out, "sessions", json_array_ref (tj_json_get_array (view, "sessions")));
  json_object_set_array_member (out, "agreed_points", json_array_ref (tj_json_get_array (view, "agreed_points")));
  json_object_set_array_member (out, "open_points", json_array_ref (tj_json_get_array (view, "open_points")));
  json_object_set_array_member (out, "figures", json_array_ref (tj_json_get_array (view, "issues")));

  released = json_array_new ();
  notes = tj_json_get_array (view, "notes");
  for (guint i = 0; notes && i < json_array_get_length (notes); i++)
    {
      JsonObject *n = json_array_get_object_element (notes, i);
      JsonObject *row = json_object_new ();
      copy_listed (row, n, (const char *[]) { "text", "released", "released_at", "released_consent_name", NULL });
      json_array_add_object_element (released, row);
    }
  json_object_set_array_member (out, "released_notes", released);

  /* The outcome of the last session that settled the matter either way. */
  for (guint i = sessions->len; i > 0 && outcome == NULL; i--)
    {
      JsonObject *s = sessions->pdata[i - 1];
      const char *o = tj_json_get_string (s, "outcome", NULL);
      if (in_list (o, (const char *[]) { "agreed", "failed", NULL }))
        {
          JsonObject *dl = tj_json_get_object (tj_json_get_object (case_doc, "deadlines"), "arbitration_limitation");
          g_autofree char *ended_on = g_strndup (tj_json_get_string (s, "ended_at", ""), 10);
          outcome = json_object_new ();
          json_object_set_string_member (outcome, "outcome", o);
          copy_listed (outcome, s, (const char *[]) { "outcome_reason", NULL });
          if (tj_json_get_string (s, "outcome_reason", NULL))
            json_object_set_string_member (outcome, "reason", tj_json_get_string (s, "outcome_reason", ""));
          json_object_set_string_member (outcome, "ended_on", ended_on);
          if (dl)
            json_object_set_object_member (outcome, "arbitration_limitation", tj_json_object_copy (dl));
        }
    }
  if (outcome)
    json_object_set_object_member (out, "outcome", outcome);
  return out;
}

JsonObject *
tj_session_guidance (TjStore             *store,
                     const TjCaseContext *ctx,
                     const char          *case_id,
                     const char          *step,
                     JsonObject          *session,
                     GError             **error)
{
  g_autoptr(JsonObject) case_doc = NULL;

  if (case_id)
    {
      g_return_val_if_fail (TJ_IS_STORE (store), NULL);
      case_doc = tj_case_show (store, ctx, case_id, error);
      if (case_doc == NULL)
        return NULL;
    }
  return _tj_session_guidance_build (step, case_doc, session, error);
}

/* ------------------------------------------------------------------ */
/* Outcome                                                              */

gboolean
tj_session_split_fen (gint64        total,
                      const gint64 *weights,
                      guint         n,
                      gint64       *out)
{
  unsigned __int128 sum = 0;
  g_autofree guint *order = NULL;
  g_autofree unsigned __int128 *rem = NULL;
  gint64 given = 0;
  gboolean even = TRUE;

  if (n == 0 || total < 0)
    return FALSE;
  for (guint i = 0; i < n; i++)
    {
      if (weights[i] < 0)
        return FALSE;
      sum += (unsigned __int128) weights[i];
      even &= weights[i] == 0;
    }
  if (even)
    sum = n;
  rem = g_new0 (unsigned __int128, n);
  order = g_new (guint, n);
  for (guint i = 0; i < n; i++)
    {
      unsigned __int128 w = even ? 1 : (unsigned __int128) weights[i];
      unsigned __int128 p = (unsigned __int128) total * w;
      out[i] = (gint64) (p / sum);
      rem[i] = p % sum;
      given += out[i];
      order[i] = i;
    }
  /* Largest remainder first, ties to the earlier index (insertion sort:
   * stable and n is the number of workers). */
  for (guint i = 1; i < n; i++)
    for (guint j = i; j > 0 && rem[order[j - 1]] < rem[order[j]]; j--)
      {
        guint t = order[j];
        order[j] = order[j - 1];
        order[j - 1] = t;
      }
  for (guint k = 0; given < total; k++, given++)
    out[order[k % n]]++;
  return TRUE;
}

/* The agreed (or, failing that, met) value of a money or date issue. */
static gboolean
settled_value (JsonObject *is,
               gint64     *fen,
               const char **date)
{
  const char *status = tj_json_get_string (is, "status", "open");
  JsonObject *agreed = tj_json_get_object (is, "agreed");

  if (g_str_equal (status, "agreed") && agreed)
    {
      if (fen && json_object_has_member (agreed, "amount_fen"))
        *fen = tj_json_get_int (agreed, "amount_fen", 0);
      if (date && json_object_has_member (agreed, "date"))
        *date = tj_json_get_string (agreed, "date", NULL);
      return TRUE;
    }
  if (g_str_equal (status, "crossed"))
    {
      if (fen && json_object_has_member (is, "meeting_point_fen"))
        *fen = tj_json_get_int (is, "meeting_point_fen", 0);
      if (date && json_object_has_member (is, "meeting_point_date"))
        *date = tj_json_get_string (is, "meeting_point_date", NULL);
      return TRUE;
    }
  return FALSE;
}

static JsonObject *
build_settlement (JsonObject  *case_doc,
                  GPtrArray   *parties,
                  JsonObject  *session,
                  JsonObject  *terms,
                  JsonObject  *figures,
                  GError     **error)
{
  JsonArray *workers = tj_json_get_array (case_doc, "workers");
  JsonArray *issue_list = tj_json_get_array (figures, "issues");
  guint n = workers ? json_array_get_length (workers) : 0;
  g_autofree gint64 *owed = NULL;
  g_autofree gint64 *amount = NULL;
  g_autofree gint64 *left = NULL;
  g_autofree gint64 *share = NULL;
  g_autoptr(JsonArray) plan = json_array_new ();   /* [{due_on, amount_fen}] */
  g_autoptr(JsonObject) out = json_object_new ();
  JsonObject *payer_party = NULL, *payer;
  JsonArray *installments, *lines;
  gint64 total = -1, sum = 0;
  const char *method, *payer_id;

  if (n == 0)
    {
      g_set_error (error, TJ_ERROR, TJ_ERROR_INVALID, _("The case has no workers to pay; add them to the case first"));
      return NULL;
    }
  owed = g_new0 (gint64, n);
  amount = g_new0 (gint64, n);
  left = g_new0 (gint64, n);
  share = g_new0 (gint64, n);
  for (guint i = 0; i < n; i++)
    owed[i] = tj_json_get_int (json_array_get_object_element (workers, i), "owed_fen", 0);

  if (json_object_has_member (terms, "total_fen"))
    {
      if (!is_int (terms, "total_fen") || tj_json_get_int (terms, "total_fen", -1) < 0)
        {
          g_set_error (error, TJ_ERROR, TJ_ERROR_INVALID, _("terms.total_fen: must be a whole, non-negative number of fen"));
          return NULL;
        }
      total = tj_json_get_int (terms, "total_fen", 0);
    }

  if (json_object_has_member (terms, "workers"))
    {
      JsonArray *given = tj_json_get_array (terms, "workers");
      if (given == NULL)
        {
          g_set_error (error, TJ_ERROR, TJ_ERROR_INVALID, _("terms.workers: must be a list of {worker_id, amount_fen}"));
          return NULL;
        }
      for (guint i = 0; i < json_array_get_length (given); i++)
        {
          JsonNode *node = json_array_get_element (given, i);
          JsonObject *w = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
          const char *wid = w ? tj_json_get_string (w, "worker_id", NULL) : NULL;
          guint k;
          for (k = 0; k < n; k++)
            if (g_strcmp0 (tj_json_get_string (json_array_get_object_element (workers, k), "id", NULL), wid) == 0)
              break;
          if (k == n)
            {
              g_set_error (error, TJ_ERROR, TJ_ERROR_INVALID, _("terms.workers[%u].worker_id: %s is not a worker of this case"),
                           i, wid ? wid : "");
              return NULL;
            }
          if (!is_int (w, "amount_fen") || tj_json_get_int (w, "amount_fen", -1) < 0)
            {
              g_set_error (error, TJ_ERROR, TJ_ERROR_INVALID,
                           _("terms.workers[%u].amount_fen: must be a whole, non-negative number of fen"), i);
              return NULL;
            }
          amount[k] += tj_json_get_int (w, "amount_fen", 0);
          sum += tj_json_get_int (w, "amount_fen", 0);
        }
      if (total >= 0 && total != sum)
        {
          g_autofree char *a = tj_money_format (sum);
          g_autofree char *b = tj_money_format (total);
          g_set_error (error, TJ_ERROR, TJ_ERROR_INVALID,
                       _("terms.workers: the amounts add up to %s, not the total %s"), a, b);
          return NULL;
        }
      total = sum;
    }
  else
    {
      if (total < 0)
        {
          gboolean any = FALSE;
          total = 0;
          for (guint i = 0; issue_list && i < json_array_get_length (issue_list); i++)
            {
              JsonObject *is = json_array_get_object_element (issue_list, i);
              gint64 fen = -1;
              if (g_strcmp0 (tj_json_get_string (is, "unit", NULL), "fen") == 0 &&
                  settled_value (is, &fen, NULL) && fen >= 0)
                {
                  total += fen;
                  any = TRUE;
                }
            }
          if (!any)
            {
              g_set_error (error, TJ_ERROR, TJ_ERROR_INVALID,
                           _("terms.total_fen: give the agreed total; no amount has been agreed in the offers yet"));
              return NULL;
            }
        }
      if (!tj_session_split_fen (total, owed, n, amount))
        {
          g_set_error (error, TJ_ERROR, TJ_ERROR_INVALID, _("terms.total_fen: cannot be split over the workers"));
          return NULL;
        }
    }

  /* Installments: given, or one payment on the agreed date. */
  if (json_object_has_member (terms, "installments"))
    {
      JsonArray *given = tj_json_get_array (terms, "installments");
      gint64 isum = 0;
      if (given == NULL || json_array_get_length (given) == 0)
        {
          g_set_error (error, TJ_ERROR, TJ_ERROR_INVALID, _("terms.installments: must be a list of {due_on, amount_fen}"));
          return NULL;
        }
      for (guint i = 0; i < json_array_get_length (given); i++)
        {
          JsonNode *node = json_array_get_element (given, i);
          JsonObject *in = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
          g_autofree char *field = g_strdup_printf ("terms.installments[%u].due_on", i);
          JsonObject *row;
          if (in == NULL || !tj_validate_date (tj_json_get_string (in, "due_on", ""), field, error))
            {
              if (in == NULL)
                g_set_error (error, TJ_ERROR, TJ_ERROR_INVALID, _("terms.installments[%u]: must be an object"), i);
              return NULL;
            }
          if (!is_int (in, "amount_fen") || tj_json_get_int (in, "amount_fen", -1) <= 0)
            {
              g_set_error (error, TJ_ERROR, TJ_ERROR_INVALID,
                           _("terms.installments[%u].amount_fen: must be a whole, positive number of fen"), i);
              return NULL;
            }
          isum += tj_json_get_int (in, "amount_fen", 0);
          row = json_object_new ();
          json_object_set_string_member (row, "due_on", tj_json_get_string (in, "due_on", ""));
          json_object_set_int_member (row, "amount_fen", tj_json_get_int (in, "amount_fen", 0));
          json_array_add_object_element (plan, row);
        }
      if (isum != total)
        {
          g_autofree char *a = tj_money_format (isum);
          g_autofree char *b = tj_money_format (total);
          g_set_error (error, TJ_ERROR, TJ_ERROR_INVALID,
                       _("terms.installments: the installments add up to %s, not the total %s"), a, b);
          return NULL;
        }
    }
  else
    {
      const char *due = tj_json_get_string (terms, "due_on", NULL);
      JsonObject *row;
      if (due == NULL)
        for (guint i = 0; issue_list && i < json_array_get_length (issue_list) && due == NULL; i++)
          {
            JsonObject *is = json_array_get_object_element (issue_list, i);
            if (g_strcmp0 (tj_json_get_string (is, "issue", NULL), "payment_date") == 0)
              settled_value (is, NULL, &due);
          }
      if (due == NULL)
        {
          g_set_error (error, TJ_ERROR, TJ_ERROR_INVALID,
                       _("terms.due_on: give the payment date (or the installments); no date has been agreed yet"));
          return NULL;
        }
      if (!tj_validate_date (due, "terms.due_on", error))
        return NULL;
      row = json_object_new ();
      json_object_set_string_member (row, "due_on", due);
      json_object_set_int_member (row, "amount_fen", total);
      json_array_add_object_element (plan, row);
    }

  /* Each installment is split over what each worker still has to receive,
   * so no allocation ever exceeds it and the last installment pays every
   * worker exactly the rest: per-worker sums equal the agreed amounts. */
  installments = json_array_new ();
  memcpy (left, amount, n * sizeof (gint64));
  for (guint k = 0; k < json_array_get_length (plan); k++)
    {
      JsonObject *p = json_array_get_object_element (plan, k);
      JsonObject *row = json_object_new ();
      JsonArray *alloc = json_array_new ();
      gint64 a = tj_json_get_int (p, "amount_fen", 0);
      if (k + 1 == json_array_get_length (plan))
        memcpy (share, left, n * sizeof (gint64));
      else
        tj_session_split_fen (a, left, n, share);
      for (guint i = 0; i < n; i++)
        {
          JsonObject *w = json_array_get_object_element (workers, i);
          JsonObject *al;
          left[i] -= share[i];
          if (share[i] == 0)
            continue;
          al = json_object_new ();
          json_object_set_string_member (al, "worker_id", tj_json_get_string (w, "id", ""));
          json_object_set_string_member (al, "name", tj_json_get_string (w, "name", ""));
          json_object_set_int_member (al, "amount_fen", share[i]);
          json_array_add_object_element (alloc, al);
        }
      json_object_set_string_member (row, "due_on", tj_json_get_string (p, "due_on", ""));
      json_object_set_int_member (row, "amount_fen", a);
      json_object_set_array_member (row, "allocations", alloc);
      json_array_add_object_element (installments, row);
    }

  /* The payer: named, else the employer. */
  payer_id = tj_json_get_string (tj_json_get_object (terms, "payer"), "party_id", NULL);
  if (json_object_has_member (terms, "payer") && payer_id == NULL)
    {
      g_set_error (error, TJ_ERROR, TJ_ERROR_INVALID, _("terms.payer.party_id: name the party who pays"));
      return NULL;
    }
  for (guint i = 0; parties && i < parties->len; i++)
    {
      JsonObject *p = parties->pdata[i];
      if (payer_id ? g_strcmp0 (tj_json_get_string (p, "_id", NULL), payer_id) == 0
                   : g_strcmp0 (tj_json_get_string (p, "role", NULL), "employer") == 0)
        {
          payer_party = p;
          break;
        }
    }
  if (payer_party == NULL || g_strcmp0 (side_of_party (payer_party), "employer") != 0 ||
      !in_list (tj_json_get_string (payer_party, "role", NULL), employer_roles))
    {
      if (payer_id)
        g_set_error (error, TJ_ERROR, TJ_ERROR_INVALID,
                     _("terms.payer.party_id: %s is not the employer or a contractor of this case"), payer_id);
      else
        g_set_error (error, TJ_ERROR, TJ_ERROR_INVALID,
                     _("terms.payer: the case has no employer; name the party who pays"));
      return NULL;
    }
  payer = json_object_new ();
  json_object_set_string_member (payer, "party_id", tj_json_get_string (payer_party, "_id", ""));
  json_object_set_string_member (payer, "role", tj_json_get_string (payer_party, "role", ""));
  json_object_set_string_member (payer, "name", tj_json_get_string (payer_party, "name", ""));

  method = tj_json_get_string (terms, "method", "bank_transfer");
  if (!in_list (method, methods))
    {
      g_set_error (error, TJ_ERROR, TJ_ERROR_INVALID,
                   _("terms.method: “%s” is not bank_transfer, cash or wage_account"), method);
      return NULL;
    }

  lines = json_array_new ();
  if (json_object_has_member (terms, "terms"))
    {
      if (!check_text_list (terms, "terms", error))
        {
          json_array_unref (lines);
          return NULL;
        }
      for (guint i = 0; i < json_array_get_length (tj_json_get_array (terms, "terms")); i++)
        json_array_add_string_element (lines, json_array_get_string_element (tj_json_get_array (terms, "terms"), i));
    }
  else
    for (guint i = 0; issue_list && i < json_array_get_length (issue_list); i++)
      {
        /* Say each settled point in words; caucus figures never get here
         * (the figures are the shared ones). */
        JsonObject *is = json_array_get_object_element (issue_list, i);
        gint64 fen = -1;
        const char *date = NULL;
        g_autofree char *value = NULL;
        g_autofree char *line = NULL;
        if (!settled_value (is, &fen, &date))
          continue;
        if (fen >= 0)
          value = tj_money_format (fen);
        else if (date)
          value = g_strdup (date);
        else
          value = g_strdup (tj_json_get_string (tj_json_get_object (is, "agreed"), "text", ""));
        line = g_strdup_printf (_("%s: %s"), tj_json_get_string (is, "label", ""), value);
        json_array_add_string_element (lines, line);
      }

  json_object_set_string_member (out, "status", "draft");
  json_object_set_int_member (out, "total_fen", total);
  json_object_set_object_member (out, "payer", payer);
  json_object_set_string_member (out, "method", method);
  json_object_set_array_member (out, "installments", installments);
  json_object_set_array_member (out, "terms", lines);
  json_object_set_string_member (out, "source_session_id", tj_json_get_string (session, "_id", ""));
  return g_steal_pointer (&out);
}

JsonArray *
tj_session_next_steps (TjStore             *store,
                       const TjCaseContext *ctx,
                       const char          *case_id,
                       GError             **error)
{
  g_autoptr(JsonObject) case_doc = tj_case_show (store, ctx, case_id, error);
  g_autofree char *today = today_iso (ctx);
  JsonObject *limit, *step;
  JsonArray *out;
  const char *kind;
  gboolean wages;

  if (case_doc == NULL)
    return NULL;
  kind = tj_json_get_string (case_doc, "kind", "");
  wages = in_list (kind, (const char *[]) { "wage_arrears", "overtime", NULL });
  out = json_array_new ();

  limit = tj_json_get_object (tj_json_get_object (case_doc, "deadlines"), "arbitration_limitation");
  step = json_object_new ();
  json_object_set_string_member (step, "kind", "arbitration");
  json_object_set_string_member (step, "title", _("Apply for labour arbitration"));
  json_object_set_string_member (step, "text",
                                 _("Apply in writing to the labour dispute arbitration commission where the work was done or where the employer is registered. Bring the evidence and this case's papers."));
  json_object_set_string_member (step, "from", today);
  if (limit && tj_json_get_string (limit, "date", NULL))
    {
      json_object_set_string_member (step, "by", tj_json_get_string (limit, "date", ""));
      if (json_object_has_member (limit, "days_remaining"))
        json_object_set_int_member (step, "days_remaining", tj_json_get_int (limit, "days_remaining", 0));
    }
  else
    json_object_set_string_member (step, "note", _("No limitation date can be computed from the case: record when the worker knew of the infringement, or when employment ended."));
  json_object_set_string_member (step, "basis", limit ? tj_json_get_string (limit, "basis", "")
                                                      : _("Labour Dispute Mediation and Arbitration Law, Article 27"));
  json_array_add_object_element (out, step);

  if (wages)
    {
      step = json_object_new ();
      json_object_set_string_member (step, "kind", "labour_inspection");
      json_object_set_string_member (step, "title", _("Complain to the labour inspection"));
      json_object_set_string_member (step, "text",
                                     _("The labour inspection can order the employer to pay the wages owed by a deadline. A complaint is free and can be made now, alongside arbitration."));
      json_object_set_string_member (step, "from", today);
      json_object_set_string_member (step, "basis", _(LIR_26));
      json_array_add_object_element (out, step);
    }

  step = json_object_new ();
  json_object_set_string_member (step, "kind", "legal_aid");
  json_object_set_string_member (step, "title", _("Ask for free legal aid"));
  if (in_list (kind, (const char *[]) { "wage_arrears", "work_injury", NULL }))
    {
      json_object_set_string_member (step, "text",
                                     _("Migrant workers claiming their wages or work-injury compensation need not prove financial hardship to get legal aid."));
      json_object_set_boolean_member (step, "means_test_exempt", TRUE);
    }
  else
    {
      json_object_set_string_member (step, "text",
                                     _("Workers who cannot afford a lawyer may apply for legal aid at the local legal aid centre."));
      json_object_set_boolean_member (step, "means_test_exempt", FALSE);
    }
  json_object_set_string_member (step, "from", today);
  json_object_set_string_member (step, "basis", _(LAL_42));
  json_array_add_object_element (out, step);
  return out;
}

JsonObject *
tj_session_end (TjStore             *store,
                const TjCaseContext *ctx,
                const char          *session_id,
                const char          *outcome,
                const char          *reason,
                JsonObject          *terms,
                GError             **error)
{
  g_autoptr(JsonObject) session = NULL;
  g_autoptr(JsonObject) case_doc = NULL;
  g_autoptr(JsonObject) settlement = NULL;
  g_autoptr(JsonObject) set_result = NULL;
  g_autoptr(JsonObject) figures = NULL;
  g_autoptr(JsonObject) empty = NULL;
  g_autoptr(JsonObject) extra = NULL;
  g_autoptr(GPtrArray) parties = NULL;
  g_autoptr(JsonArray) next = NULL;
  g_autofree char *at = tj_timestamp_now ();
  g_autofree char *text = NULL;
  const char *case_id, *status;
  JsonObject *out;

  g_return_val_if_fail (TJ_IS_STORE (store), NULL);

  if (!in_list (outcome, (const char *[]) { "agreed", "failed", "continue", NULL }))
    {
      g_set_error (error, TJ_ERROR, TJ_ERROR_INVALID, _("outcome: “%s” is not agreed, failed or continue"),
                   outcome ? outcome : "");
      return NULL;
    }
  if (g_str_equal (outcome, "failed") && (reason == NULL || *reason == '\0'))
    {
      g_set_error (error, TJ_ERROR, TJ_ERROR_INVALID, _("reason: say why mediation failed"));
      return NULL;
    }
  session = get_session (store, session_id, error);
  if (session == NULL)
    return NULL;
  if (json_object_has_member (session, "ended_at"))
    {
      g_set_error (error, TJ_ERROR, TJ_ERROR_CONFLICT, _("This session already ended (%s)"),
                   tj_json_get_string (session, "outcome", ""));
      return NULL;
    }
  case_id = tj_json_get_string (session, "case_id", "");
  case_doc = tj_case_show (store, ctx, case_id, error);
  if (case_doc == NULL)
    return NULL;
  status = tj_json_get_string (case_doc, "status", "");
  if (!g_str_equal (outcome, "continue") && !g_str_equal (status, "mediating"))
    {
      g_set_error (error, TJ_ERROR, TJ_ERROR_CONFLICT,
                   _("Only a case under mediation can end in agreement or failure; this case is “%s”"),
                   tj_case_status_label (status));
      return NULL;
    }

  if (g_str_equal (outcome, "agreed"))
    {
      if (terms == NULL)
        terms = empty = json_object_new ();
      parties = children (store, case_id, "party", error);
      figures = parties ? tj_session_figures (store, case_id, FALSE, error) : NULL;
      if (figures == NULL)
        return NULL;
      settlement = build_settlement (case_doc, parties, session, terms, figures, error);
      if (settlement == NULL)
        return NULL;
    }

  if (!tj_store_begin (store, error))
    return NULL;
  if (settlement)
    {
      set_result = tj_settlement_set (store, ctx, case_id, settlement, error);
      if (set_result == NULL ||
          !tj_case_set_status (store, ctx, case_id, "agreed",
                               reason && *reason ? reason : _("The parties reached agreement in mediation"),
                               NULL, error))
        goto fail;
    }
  else if (g_str_equal (outcome, "failed") &&
           !tj_case_set_status (store, ctx, case_id, "failed", reason, NULL, error))
    goto fail;

  timer_pause (session, NULL);
  json_object_set_string_member (session, "ended_at", at);
  json_object_set_string_member (session, "outcome", outcome);
  if (reason && *reason)
    json_object_set_string_member (session, "outcome_reason", reason);
  if (!g_str_equal (outcome, "continue"))
    json_object_set_string_member (session, "step", "outcome");
  if (!put_doc (store, session, NULL, error))
    goto fail;

  extra = json_object_new ();
  json_object_set_string_member (extra, "session_id", session_id);
  json_object_set_string_member (extra, "outcome", outcome);
  text = g_strdup_printf (g_str_equal (outcome, "agreed") ? _("Session ended: agreement reached")
                          : g_str_equal (outcome, "failed") ? _("Session ended: no agreement")
                          : _("Session ended: to be continued"));
  if (!tj_case_add_event (store, ctx, case_id, "session_ended", text, extra, error) ||
      !tj_store_commit (store, error))
    goto fail;

  if (g_str_equal (outcome, "failed"))
    {
      next = tj_session_next_steps (store, ctx, case_id, error);
      if (next == NULL)
        return NULL;
    }

  out = json_object_new ();
  json_object_set_string_member (out, "session_id", session_id);
  json_object_set_string_member (out, "case_id", case_id);
  json_object_set_string_member (out, "outcome", outcome);
  json_object_set_string_member (out, "case_status",
                                 g_str_equal (outcome, "agreed") ? "agreed"
                                 : g_str_equal (outcome, "failed") ? "failed" : status);
  if (set_result)
    {
      json_object_set_string_member (out, "settlement_id", tj_json_get_string (set_result, "id", ""));
      json_object_set_object_member (out, "settlement", g_steal_pointer (&settlement));
    }
  if (next)
    json_object_set_array_member (out, "next_steps", g_steal_pointer (&next));
  return out;

fail:
  tj_store_rollback (store);
  return NULL;
}
