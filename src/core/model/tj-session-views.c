/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Tiaojie-Session"

/* What the parties may see: the joint view, the "show to parties" model,
 * the public model and the step guidance. See tj-session.h. */

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
      _tj_session_copy_listed (row, n, (const char *[]) { "session_id", "text", "category", "party_side", "created_at",
                                              "released_at", "released_consent_name", NULL });
      if (json_object_has_member (n, "released_at") && !json_object_has_member (n, "released_consent_name"))
        json_object_set_string_member (row, "released_consent_name",
                                       _tj_session_side_label (tj_json_get_string (n, "released_with_consent_of", NULL)));
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
        g_autofree char *day = _tj_session_day_of (tj_json_get_string (s, "opened_on", NULL),
                                                   tj_json_get_string (s, "created_at", NULL));
        json_object_set_string_member (row, "date", tj_json_get_string (s, "scheduled_on", day));
      }
      _tj_session_copy_listed (row, s, (const char *[]) { "round", "scheduled_on", "scheduled_time", "place", "ended_at",
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
  notes = figures ? _tj_session_children (store, case_id, "note", error) : NULL;
  sessions = notes ? _tj_session_children (store, case_id, "session", error) : NULL;
  if (sessions == NULL)
    return NULL;

  out = json_object_new ();
  summary = json_object_new ();
  _tj_session_copy_listed (summary, case_doc, (const char *[]) { "id", "number", "title", "status", "kind", NULL });
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
  sessions = _tj_session_children (store, case_id, "session", error);
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
      _tj_session_copy_listed (row, n, (const char *[]) { "text", "released", "released_at", "released_consent_name", NULL });
      json_array_add_object_element (released, row);
    }
  json_object_set_array_member (out, "released_notes", released);

  /* The outcome of the last session that settled the matter either way. */
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
