/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Tiaojie-Session"

/* Who may see what: the audiences, the one rule (tj_audience_may_see())
 * and tj_session_view(), the view of the mediation each audience gets.
 * See tj-session.h. */

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
/* Audiences                                                            */

static const GEnumValue audience_values[] = {
  { TJ_AUDIENCE_MEDIATOR, "TJ_AUDIENCE_MEDIATOR", "mediator" },
  { TJ_AUDIENCE_TABLE, "TJ_AUDIENCE_TABLE", "table" },
  { TJ_AUDIENCE_PARTIES_SCREEN, "TJ_AUDIENCE_PARTIES_SCREEN", "parties_screen" },
  { TJ_AUDIENCE_DOCUMENT, "TJ_AUDIENCE_DOCUMENT", "document" },
  { 0, NULL, NULL },
};

GType
tj_audience_get_type (void)
{
  static gsize type = 0;

  if (g_once_init_enter (&type))
    g_once_init_leave (&type, g_enum_register_static (g_intern_static_string ("TjAudience"), audience_values));
  return type;
}

const char *
tj_audience_to_string (TjAudience audience)
{
  for (guint i = 0; audience_values[i].value_nick; i++)
    if (audience_values[i].value == (gint) audience)
      return audience_values[i].value_nick;
  return "mediator";
}

gboolean
tj_audience_from_string (const char  *text,
                         TjAudience  *audience,
                         GError     **error)
{
  for (guint i = 0; audience_values[i].value_nick; i++)
    if (g_strcmp0 (text, audience_values[i].value_nick) == 0)
      {
        *audience = audience_values[i].value;
        return TRUE;
      }
  tj_set_invalid (error, "audience",
               _("audience: “%s” is not mediator, table, parties_screen or document"), text ? text : "");
  return FALSE;
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

gboolean
tj_audience_may_see (TjAudience  audience,
                     JsonObject *doc)
{
  const char *type;

  g_return_val_if_fail (doc != NULL, FALSE);

  if (audience == TJ_AUDIENCE_MEDIATOR)
    return TRUE;
  type = tj_json_get_string (doc, "type", "");
  if (g_str_equal (type, "note"))
    return note_is_shared (doc);
  if (g_str_equal (type, "offer"))
    return g_strcmp0 (tj_json_get_string (doc, "visibility", "joint"), "joint") == 0;
  if (g_str_equal (type, "session"))
    return g_strcmp0 (tj_json_get_string (doc, "kind", NULL), "joint") == 0 || audience == TJ_AUDIENCE_TABLE;
  /* Anything else is not the session model's to hand out. */
  return FALSE;
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
      _tj_session_copy_listed (p, is, (const char *[]) { "issue", "label", "unit", "status", NULL });
      if (agreed)
        {
          JsonObject *f = tj_json_get_object (is, "agreed");
          _tj_session_copy_listed (p, f, (const char *[]) { "amount_fen", "date", "text", NULL });
        }
      else
        {
          _tj_session_copy_listed (p, is, (const char *[]) { "gap_fen", "gap_days", "crossed", "meeting_point_fen",
                                                 "meeting_point_date", NULL });
          if (tj_json_get_object (is, "worker"))
            {
              JsonObject *w = json_object_new ();
              _tj_session_copy_listed (w, tj_json_get_object (is, "worker"), (const char *[]) { "amount_fen", "date", "text", "round", NULL });
              json_object_set_object_member (p, "worker", w);
            }
          if (tj_json_get_object (is, "employer"))
            {
              JsonObject *e = json_object_new ();
              _tj_session_copy_listed (e, tj_json_get_object (is, "employer"), (const char *[]) { "amount_fen", "date", "text", "round", NULL });
              json_object_set_object_member (p, "employer", e);
            }
        }
      json_array_add_object_element (out, p);
    }
  return out;
}

/* The notes @audience may see (of @session_id only, when given). */
static JsonArray *
notes_for (GPtrArray  *notes,
           TjAudience  audience,
           const char *session_id)
{
  JsonArray *out = json_array_new ();

  for (guint i = 0; i < notes->len; i++)
    {
      JsonObject *n = notes->pdata[i];
      JsonObject *row;

      if (session_id && g_strcmp0 (tj_json_get_string (n, "session_id", NULL), session_id) != 0)
        continue;
      if (!tj_audience_may_see (audience, n))
        continue;
      if (audience == TJ_AUDIENCE_MEDIATOR)
        row = _tj_session_private_copy (n);
      else
        {
          row = json_object_new ();
          json_object_set_string_member (row, "id", tj_json_get_string (n, "_id", ""));
          _tj_session_copy_listed (row, n, (const char *[]) { "session_id", "text", "category", "party_side", "created_at",
                                                              "released_at", "released_consent_name", NULL });
        }
      if (json_object_has_member (n, "released_at") && !json_object_has_member (n, "released_consent_name"))
        json_object_set_string_member (row, "released_consent_name",
                                       _tj_session_side_label (tj_json_get_string (n, "released_with_consent_of", NULL)));
      json_object_set_boolean_member (row, "released", json_object_has_member (n, "released_at"));
      json_array_add_object_element (out, row);
    }
  return out;
}

/* The meetings @audience may know of: the mediator every one; the others
 * when and where they were, never what was said. */
static JsonArray *
sessions_for (GPtrArray  *sessions,
              TjAudience  audience)
{
  JsonArray *out = json_array_new ();

  for (guint i = 0; i < sessions->len; i++)
    {
      JsonObject *s = sessions->pdata[i];
      JsonObject *row;

      if (!tj_audience_may_see (audience, s))
        continue;
      if (audience == TJ_AUDIENCE_MEDIATOR)
        row = _tj_session_private_copy (s);
      else
        {
          row = json_object_new ();
          json_object_set_string_member (row, "id", tj_json_get_string (s, "_id", ""));
          _tj_session_copy_listed (row, s, (const char *[]) { "kind", "party_side", "round", "scheduled_on",
                                                              "scheduled_time", "place", "ended_at", "outcome", NULL });
        }
      json_object_set_string_member (row, "step", _tj_session_step_of (s));
      json_object_set_string_member (row, "step_label", tj_session_step_label (_tj_session_step_of (s)));
      if (g_strcmp0 (tj_json_get_string (s, "kind", NULL), "joint") == 0)
        json_object_set_string_member (row, "visibility", "joint");
      {
        /* docgen reads "date"; a session held unscheduled took place the
         * day it was opened. */
        g_autofree char *day = _tj_session_day_of (tj_json_get_string (s, "opened_on", NULL),
                                                   tj_json_get_string (s, "created_at", NULL));
        json_object_set_string_member (row, "date", tj_json_get_string (s, "scheduled_on", day));
      }
      json_array_add_object_element (out, row);
    }
  return out;
}

/* The meeting @session as the table sees it: when, where, who, its step
 * and guidance, and only what was said in the open. */
static JsonObject *
table_meeting (TjStore             *store,
               const TjCaseContext *ctx,
               JsonObject          *session,
               JsonObject          *figures,
               GPtrArray           *notes,
               GError             **error)
{
  g_autoptr(JsonObject) mediator = tj_session_show (store, ctx, tj_json_get_string (session, "_id", ""), error);
  g_autoptr(GPtrArray) docs = NULL;
  JsonObject *out;
  JsonArray *offers;

  if (mediator == NULL)
    return NULL;
  out = json_object_new ();
  _tj_session_copy_listed (out, mediator, (const char *[]) {
    "id", "case_id", "kind", "party_side", "round", "step", "step_label", "scheduled_on", "scheduled_time", "place",
    "participants", "attendance", "attendance_names", "checklist", "timer", "created_at", "ended_at", "outcome",
    "outcome_reason", "case", "guidance", "suggested_next", "flow", NULL });
  json_object_set_array_member (out, "notes", notes_for (notes, TJ_AUDIENCE_TABLE, tj_json_get_string (session, "_id", "")));
  docs = _tj_session_children (store, tj_json_get_string (session, "case_id", ""), "offer", error);
  if (docs == NULL)
    {
      json_object_unref (out);
      return NULL;
    }
  offers = json_array_new ();
  for (guint i = 0; i < docs->len; i++)
    if (g_strcmp0 (tj_json_get_string (docs->pdata[i], "session_id", NULL), tj_json_get_string (session, "_id", "")) == 0 &&
        tj_audience_may_see (TJ_AUDIENCE_TABLE, docs->pdata[i]))
      {
        JsonObject *row = json_object_new ();
        json_object_set_string_member (row, "id", tj_json_get_string (docs->pdata[i], "_id", ""));
        _tj_session_copy_listed (row, docs->pdata[i], (const char *[]) { "session_id", "side", "party_id", "issue", "label",
                                                                         "amount_fen", "date", "text", "reason", "round",
                                                                         "step", "created_at", NULL });
        json_array_add_object_element (offers, row);
      }
  json_object_set_array_member (out, "offers", offers);
  json_object_set_array_member (out, "issues", json_array_ref (tj_json_get_array (figures, "issues")));
  return out;
}

static JsonArray *
presentation_items (JsonObject *view)
{
  JsonArray *items = json_array_new ();
  JsonArray *list = tj_json_get_array (view, "issues");

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
            /* Translators: an issue still open in mediation. */
            text = g_strdup_printf (C_("issue state", "%s: open"), label);
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
  return items;
}

/* What documents may say: the outcome of the last meeting that settled the
 * matter either way, the released notes, joint meetings only. */
static void
add_document_parts (JsonObject *out,
                    JsonObject *case_doc,
                    GPtrArray  *sessions)
{
  JsonArray *released = json_array_new ();
  JsonArray *notes = tj_json_get_array (out, "notes");
  JsonArray *all = tj_json_get_array (out, "sessions");
  JsonArray *joint = json_array_new ();
  JsonObject *outcome = NULL;

  for (guint i = 0; all && i < json_array_get_length (all); i++)
    if (g_strcmp0 (tj_json_get_string (json_array_get_object_element (all, i), "kind", NULL), "joint") == 0)
      json_array_add_object_element (joint, tj_json_object_copy (json_array_get_object_element (all, i)));
  json_object_set_array_member (out, "sessions", joint);
  json_object_set_array_member (out, "figures", json_array_ref (tj_json_get_array (out, "issues")));

  for (guint i = 0; notes && i < json_array_get_length (notes); i++)
    {
      JsonObject *n = json_array_get_object_element (notes, i);
      JsonObject *row = json_object_new ();
      _tj_session_copy_listed (row, n, (const char *[]) { "text", "released", "released_at", "released_consent_name", NULL });
      json_array_add_object_element (released, row);
    }
  json_object_set_array_member (out, "released_notes", released);

  for (guint i = sessions->len; i > 0 && outcome == NULL; i--)
    {
      JsonObject *s = sessions->pdata[i - 1];
      const char *o = tj_json_get_string (s, "outcome", NULL);
      if (_tj_session_in_list (o, (const char *[]) { "agreed", "failed", NULL }))
        {
          JsonObject *dl = tj_json_get_object (tj_json_get_object (case_doc, "deadlines"), "arbitration_limitation");
          g_autofree char *ended_on = _tj_session_day_of (tj_json_get_string (s, "ended_on", NULL),
                                                          tj_json_get_string (s, "ended_at", NULL));
          outcome = json_object_new ();
          json_object_set_string_member (outcome, "outcome", o);
          _tj_session_copy_listed (outcome, s, (const char *[]) { "outcome_reason", NULL });
          if (tj_json_get_string (s, "outcome_reason", NULL))
            json_object_set_string_member (outcome, "reason", tj_json_get_string (s, "outcome_reason", ""));
          json_object_set_string_member (outcome, "ended_on", ended_on);
          if (dl)
            json_object_set_object_member (outcome, "arbitration_limitation", tj_json_object_copy (dl));
        }
    }
  if (outcome)
    json_object_set_object_member (out, "outcome", outcome);
}

JsonObject *
tj_session_view (TjStore             *store,
                 const TjCaseContext *ctx,
                 const char          *case_id,
                 const char          *session_id,
                 TjAudience           audience,
                 GError             **error)
{
  g_autoptr(JsonObject) session = NULL;
  g_autoptr(JsonObject) case_doc = NULL;
  g_autoptr(JsonObject) figures = NULL;
  g_autoptr(GPtrArray) notes = NULL;
  g_autoptr(GPtrArray) sessions = NULL;
  g_autoptr(JsonObject) out = NULL;
  JsonObject *summary;
  JsonArray *list;

  g_return_val_if_fail (TJ_IS_STORE (store), NULL);
  g_return_val_if_fail (case_id != NULL || session_id != NULL, NULL);

  if (session_id)
    {
      session = _tj_session_get_session (store, session_id, error);
      if (session == NULL)
        return NULL;
      if (case_id && g_strcmp0 (case_id, tj_json_get_string (session, "case_id", NULL)) != 0)
        {
          g_set_error (error, TJ_ERROR, TJ_ERROR_NOT_FOUND, _("Session %s is not a session of case %s"),
                       session_id, case_id);
          return NULL;
        }
      case_id = tj_json_get_string (session, "case_id", "");
    }
  case_doc = tj_case_show (store, ctx, case_id, error);
  if (case_doc == NULL)
    return NULL;
  figures = tj_session_figures (store, case_id, audience, error);
  notes = figures ? _tj_session_children (store, case_id, "note", error) : NULL;
  sessions = notes ? _tj_session_children (store, case_id, "session", error) : NULL;
  if (sessions == NULL)
    return NULL;

  out = json_object_new ();
  json_object_set_string_member (out, "audience", tj_audience_to_string (audience));
  summary = json_object_new ();
  _tj_session_copy_listed (summary, case_doc, (const char *[]) { "id", "number", "title", "status", "kind", NULL });
  json_object_set_object_member (out, "case", summary);
  list = tj_json_get_array (figures, "issues");
  json_object_set_array_member (out, "issues", json_array_ref (list));
  json_object_set_array_member (out, "agreed_points", points (list, TRUE));
  json_object_set_array_member (out, "open_points", points (list, FALSE));
  json_object_set_array_member (out, "notes", notes_for (notes, audience, NULL));
  json_object_set_array_member (out, "sessions", sessions_for (sessions, audience));

  if (session && audience == TJ_AUDIENCE_MEDIATOR)
    {
      JsonObject *meeting = tj_session_show (store, ctx, session_id, error);
      if (meeting == NULL)
        return NULL;
      json_object_set_object_member (out, "session", meeting);
    }
  else if (session && audience == TJ_AUDIENCE_TABLE)
    {
      JsonObject *meeting = table_meeting (store, ctx, session, figures, notes, error);
      if (meeting == NULL)
        return NULL;
      json_object_set_object_member (out, "session", meeting);
    }

  switch (audience)
    {
    case TJ_AUDIENCE_MEDIATOR:
      {
        JsonObject *board = _tj_session_interests (store, case_id, error);
        if (board == NULL)
          return NULL;
        json_object_set_object_member (out, "interests", board);
      }
      break;
    case TJ_AUDIENCE_PARTIES_SCREEN:
      {
        g_autofree char *title = g_strdup_printf (_("Mediation: %s"), tj_json_get_string (case_doc, "title", ""));
        json_object_set_string_member (out, "title", title);
        json_object_set_string_member (out, "number", tj_json_get_string (case_doc, "number", ""));
        json_object_set_array_member (out, "items", presentation_items (out));
      }
      break;
    case TJ_AUDIENCE_DOCUMENT:
      add_document_parts (out, case_doc, sessions);
      break;
    case TJ_AUDIENCE_TABLE:
    default:
      break;
    }
  return g_steal_pointer (&out);
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
