/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Tiaojie-Session"

/* A meeting's clock: started, paused and reset by the mediator, paused
 * when the meeting ends. See tj-session.h. */

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

JsonObject *
_tj_session_timer_with_elapsed (JsonObject *session,
                                GDateTime  *at)
{
  JsonObject *timer = tj_json_get_object (session, "timer");
  JsonObject *out = timer ? tj_json_object_copy (timer) : json_object_new ();
  json_object_set_int_member (out, "elapsed_seconds", tj_session_timer_elapsed (session, at));
  return out;
}

void
_tj_session_timer_pause (JsonObject *session,
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

  if (!_tj_session_in_list (action, (const char *[]) { "start", "pause", "reset", NULL }))
    {
      g_set_error (error, TJ_ERROR, TJ_ERROR_INVALID,
                   _("“%s” is not a timer action (start, pause, reset)"), action ? action : "");
      return NULL;
    }
  doc = _tj_session_get_session (store, session_id, error);
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
    _tj_session_timer_pause (doc, now);
  else
    {
      json_object_set_int_member (timer, "accumulated_seconds", 0);
      json_object_set_boolean_member (timer, "running", FALSE);
      json_object_remove_member (timer, "started_at");
    }
  if (!_tj_session_put_doc (store, doc, NULL, error))
    return NULL;
  return _tj_session_timer_with_elapsed (doc, now);
}
