/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Tiaojie-Session"

/* The rows of the session model's lists, built from what tj_session_view()
 * gave the model's audience: nothing here decides who may see what. See
 * tj-session-model.h for what each list's rows carry. */

#include <stdio.h>

#include "tj-i18n.h"
#include "tj-json.h"
#include "tj-money.h"
#include "tj-session-model-private.h"

const char *
_tj_session_side_title (const char *side)
{
  if (g_strcmp0 (side, "worker") == 0)
    return _("Worker side");
  if (g_strcmp0 (side, "employer") == 0)
    return _("Employer side");
  if (g_strcmp0 (side, "agreed") == 0 || g_strcmp0 (side, "both") == 0)
    return _("Both sides (agreed)");
  return _("Not assigned");
}

char *
_tj_session_format_date (const char *iso_date)
{
  int y, m, d;
  g_autoptr(GDateTime) dt = NULL;

  if (iso_date == NULL)
    return g_strdup ("");
  if (sscanf (iso_date, "%4d-%2d-%2d", &y, &m, &d) != 3 || (dt = g_date_time_new_local (y, m, d, 12, 0, 0)) == NULL)
    return g_strdup (iso_date);
  /* xgettext:no-c-format */
  /* Translators: a date in g_date_time_format() notation; Chinese uses
   * "%Y年%-m月%-d日". */
  return g_date_time_format (dt, _("%-d %b %Y"));
}

static TjSessionItem *
row (GPtrArray  *rows,
     const char *id,
     const char *title,
     const char *subtitle)
{
  TjSessionItem *item = _tj_session_item_new (id, title, subtitle);
  g_ptr_array_add (rows, item);
  return item;
}

static GPtrArray *
rows_new (void)
{
  return g_ptr_array_new_with_free_func (g_object_unref);
}

GPtrArray *
_tj_session_rows_flow (JsonArray *flow)
{
  GPtrArray *rows = rows_new ();

  for (guint i = 0; flow && i < json_array_get_length (flow); i++)
    {
      JsonObject *step = json_array_get_object_element (flow, i);
      gboolean current = tj_json_get_bool (step, "current", FALSE);
      gboolean done = tj_json_get_bool (step, "done", FALSE);
      gboolean suggested = tj_json_get_bool (step, "suggested", FALSE);
      gint64 count = tj_json_get_int (step, "sessions", 0);
      g_autofree char *sub = NULL;
      TjSessionItem *item;

      if (suggested)
        sub = g_strdup (_("Suggested next"));
      else if (current)
        sub = g_strdup (_("In progress"));
      else if (count > 0)
        sub = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d meeting", "%d meetings", (gulong) count), (int) count);
      item = row (rows, tj_json_get_string (step, "step", ""), tj_json_get_string (step, "label", ""), sub);
      _tj_session_item_set (item, NULL, NULL, current ? "current" : done ? "done" : suggested ? "suggested" : "",
                            current, suggested, (int) count);
    }
  return rows;
}

GPtrArray *
_tj_session_rows_checklist (JsonObject *guidance,
                            JsonObject *session)
{
  GPtrArray *rows = rows_new ();
  JsonArray *list = guidance ? tj_json_get_array (guidance, "checklist") : NULL;

  /* The checklist is saved on a meeting; before one exists it is only a
   * reminder in the guidance. */
  for (guint i = 0; session && list && i < json_array_get_length (list); i++)
    {
      JsonObject *c = json_array_get_object_element (list, i);
      gboolean required = tj_json_get_bool (c, "required", FALSE);
      TjSessionItem *item = row (rows, tj_json_get_string (c, "item", ""), tj_json_get_string (c, "label", ""),
                                 required ? _("Required for this case") : NULL);
      _tj_session_item_set (item, NULL, NULL, NULL, tj_json_get_bool (c, "checked", FALSE), required, 0);
    }
  return rows;
}

static void
attendee (GPtrArray  *rows,
          JsonObject *party,
          const char *kind,
          const char *role,
          JsonArray  *present)
{
  const char *id = party ? tj_json_get_string (party, "id", NULL) : NULL;
  gboolean here = FALSE;
  TjSessionItem *item;

  if (id == NULL)
    return;
  for (guint i = 0; present && i < json_array_get_length (present); i++)
    here |= g_strcmp0 (json_array_get_string_element (present, i), id) == 0;
  item = row (rows, id, tj_json_get_string (party, "name", ""), role);
  _tj_session_item_set (item, kind, NULL, NULL, here, FALSE, 0);
}

GPtrArray *
_tj_session_rows_attendance (JsonObject *case_doc,
                             JsonObject *session)
{
  GPtrArray *rows = rows_new ();
  JsonArray *workers = case_doc ? tj_json_get_array (case_doc, "workers") : NULL;
  JsonArray *agents = case_doc ? tj_json_get_array (case_doc, "agents") : NULL;
  JsonObject *employer = case_doc ? tj_json_get_object (case_doc, "employer") : NULL;
  JsonArray *present = session ? tj_json_get_array (session, "attendance") : NULL;
  const char *kind = session ? tj_json_get_string (session, "kind", "") : "";
  const char *side = session ? tj_json_get_string (session, "party_side", "") : "";

  if (session == NULL)
    return rows;
  /* Those the meeting is for: both sides at the table, one side alone. */
  if (g_str_equal (kind, "joint") || g_str_equal (side, "worker"))
    {
      for (guint i = 0; workers && i < json_array_get_length (workers); i++)
        attendee (rows, json_array_get_object_element (workers, i), "worker", _("Worker"), present);
      for (guint i = 0; agents && i < json_array_get_length (agents); i++)
        attendee (rows, json_array_get_object_element (agents, i), "agent", _("Representative"), present);
    }
  if (g_str_equal (kind, "joint") || g_str_equal (side, "employer"))
    attendee (rows, employer, "employer", _("Employer"), present);
  return rows;
}

GPtrArray *
_tj_session_rows_main_note (JsonObject *session)
{
  GPtrArray *rows = rows_new ();
  JsonArray *notes = session ? tj_json_get_array (session, "notes") : NULL;

  for (guint i = 0; notes && i < json_array_get_length (notes); i++)
    {
      JsonObject *note = json_array_get_object_element (notes, i);
      gboolean released = tj_json_get_bool (note, "released", json_object_has_member (note, "released_at"));
      const char *visibility = tj_json_get_string (note, "visibility", released ? "caucus" : "joint");
      TjSessionItem *item;

      if (g_strcmp0 (tj_json_get_string (note, "category", "note"), "note") != 0)
        continue;
      item = row (rows, tj_json_get_string (note, "id", ""), tj_json_get_string (note, "text", ""), NULL);
      _tj_session_item_set (item, visibility, tj_json_get_string (note, "party_side", NULL),
                            released ? "released" : visibility, FALSE, released, 0);
      break;
    }
  return rows;
}

GPtrArray *
_tj_session_rows_notes (JsonArray *notes)
{
  GPtrArray *rows = rows_new ();

  for (guint i = 0; notes && i < json_array_get_length (notes); i++)
    {
      JsonObject *note = json_array_get_object_element (notes, i);
      gboolean released = tj_json_get_bool (note, "released", FALSE);
      const char *side = tj_json_get_string (note, "party_side", NULL);
      g_autofree char *sub = g_strdup_printf ("%s · %s", _tj_session_side_title (side),
                                              released ? _("Released with consent") : _("Said at the joint session"));
      TjSessionItem *item = row (rows, tj_json_get_string (note, "id", ""), tj_json_get_string (note, "text", ""), sub);
      _tj_session_item_set (item, tj_json_get_string (note, "category", "note"), side, NULL, FALSE, released, 0);
    }
  return rows;
}

GPtrArray *
_tj_session_rows_interests (JsonObject *board)
{
  static const char * const sides[] = { "worker", "employer", "unassigned" };
  static const char * const kinds[] = { "positions", "interests" };
  GPtrArray *rows = rows_new ();

  for (guint s = 0; board && s < G_N_ELEMENTS (sides); s++)
    for (guint k = 0; k < G_N_ELEMENTS (kinds); k++)
      {
        JsonArray *notes = tj_json_get_array (tj_json_get_object (board, sides[s]), kinds[k]);
        for (guint i = 0; notes && i < json_array_get_length (notes); i++)
          {
            JsonObject *note = json_array_get_object_element (notes, i);
            g_autofree char *sub = g_strdup_printf ("%s · %s", _tj_session_side_title (sides[s]),
                                                    k == 0 ? _("Position: what they say they want")
                                                           : _("Interest: what they really need"));
            TjSessionItem *item = row (rows, tj_json_get_string (note, "id", ""), tj_json_get_string (note, "text", ""),
                                       sub);
            _tj_session_item_set (item, k == 0 ? "position" : "interest", sides[s], NULL, FALSE,
                                  tj_json_get_bool (note, "released", json_object_has_member (note, "released_at")), 0);
          }
      }
  return rows;
}

GPtrArray *
_tj_session_rows_meetings (JsonArray *sessions)
{
  GPtrArray *rows = rows_new ();

  for (guint i = 0; sessions && i < json_array_get_length (sessions); i++)
    {
      JsonObject *s = json_array_get_object_element (sessions, i);
      const char *date = tj_json_get_string (s, "scheduled_on", NULL);
      g_autofree char *when = date ? _tj_session_format_date (date) : g_strdup (_("No date set"));
      g_autofree char *sub = g_strdup_printf ("%s %s %s", when, tj_json_get_string (s, "scheduled_time", ""),
                                              tj_json_get_string (s, "place", ""));
      g_autofree char *title = g_strdup_printf (_("Round %d · %s"), (int) tj_json_get_int (s, "round", 1),
                                                tj_json_get_string (s, "step_label", ""));
      gboolean ended = json_object_has_member (s, "ended_at");
      TjSessionItem *item = row (rows, tj_json_get_string (s, "id", ""), title, g_strstrip (sub));
      _tj_session_item_set (item, tj_json_get_string (s, "kind", NULL), tj_json_get_string (s, "party_side", NULL),
                            ended ? "ended" : "open", !ended, FALSE, (int) tj_json_get_int (s, "round", 1));
    }
  return rows;
}

static char *
move_value (JsonObject *move)
{
  if (json_object_has_member (move, "amount_fen"))
    return tj_money_format (tj_json_get_int (move, "amount_fen", 0));
  if (json_object_has_member (move, "date"))
    return _tj_session_format_date (tj_json_get_string (move, "date", ""));
  return g_strdup (tj_json_get_string (move, "text", ""));
}

GPtrArray *
_tj_session_rows_moves (JsonArray *issues)
{
  GPtrArray *rows = rows_new ();

  for (guint i = 0; issues && i < json_array_get_length (issues); i++)
    {
      JsonObject *is = json_array_get_object_element (issues, i);
      JsonArray *moves = tj_json_get_array (is, "moves");
      for (guint m = 0; moves && m < json_array_get_length (moves); m++)
        {
          JsonObject *move = json_array_get_object_element (moves, m);
          const char *side = tj_json_get_string (move, "side", "");
          gboolean secret = tj_json_get_bool (move, "private", FALSE);
          g_autofree char *value = move_value (move);
          g_autofree char *title = NULL;
          g_autofree char *sub = NULL;
          g_autoptr(GDateTime) at = g_date_time_new_from_iso8601 (tj_json_get_string (move, "at", ""), NULL);
          g_autoptr(GDateTime) local = at ? g_date_time_to_local (at) : NULL;
          g_autofree char *time = local ? g_date_time_format (local, "%H:%M") : g_strdup ("");
          TjSessionItem *item;

          /* Translators: who named a figure, and the figure. */
          title = g_strdup_printf (C_("move", "%s: %s"), _tj_session_side_title (side), value);
          sub = g_strdup_printf (_("%s · Round %d · %s · %s"), tj_json_get_string (is, "label", ""),
                                 (int) tj_json_get_int (move, "round", 1), tj_json_get_string (move, "step_label", ""),
                                 time);
          item = row (rows, tj_json_get_string (move, "offer_id", ""), title, sub);
          _tj_session_item_set (item, tj_json_get_string (is, "key", NULL), side, NULL, FALSE, secret,
                                (int) tj_json_get_int (move, "n", 0));
        }
    }
  return rows;
}
