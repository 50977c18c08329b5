/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/**
 * TjCentreFollowUp:
 *
 * One follow-up call (回访) of the work list of tj_centre_follow_ups().
 * Read-only properties: case-id, number, title, station, station-name,
 * closed-on, follow-up, label, due-on, days-left, state, attempts,
 * outcome, outcome-label, note, done-at, by-centre. Strings are "" when
 * unknown, "days-left" G_MININT when there is none.
 */
#define TJ_TYPE_CENTRE_FOLLOW_UP (tj_centre_follow_up_get_type ())
G_DECLARE_FINAL_TYPE (TjCentreFollowUp, tj_centre_follow_up, TJ, CENTRE_FOLLOW_UP, GObject)

/* @object: one element of the core's list (kept, not copied). */
TjCentreFollowUp *tj_centre_follow_up_new (JsonObject *object);
/* The items of @array (JSON objects), for a GListStore. (transfer full) */
GPtrArray *tj_centre_follow_up_items_from (JsonArray *array);
JsonObject *tj_centre_follow_up_get_json (TjCentreFollowUp *self);
const char *tj_centre_follow_up_get_case_id (TjCentreFollowUp *self);
const char *tj_centre_follow_up_get_number (TjCentreFollowUp *self);
const char *tj_centre_follow_up_get_title (TjCentreFollowUp *self);
const char *tj_centre_follow_up_get_station (TjCentreFollowUp *self);
const char *tj_centre_follow_up_get_station_name (TjCentreFollowUp *self);
const char *tj_centre_follow_up_get_closed_on (TjCentreFollowUp *self);
const char *tj_centre_follow_up_get_follow_up (TjCentreFollowUp *self);
const char *tj_centre_follow_up_get_label (TjCentreFollowUp *self);
const char *tj_centre_follow_up_get_due_on (TjCentreFollowUp *self);
gint64     tj_centre_follow_up_get_days_left (TjCentreFollowUp *self);
const char *tj_centre_follow_up_get_state (TjCentreFollowUp *self);
gint64     tj_centre_follow_up_get_attempts (TjCentreFollowUp *self);
const char *tj_centre_follow_up_get_outcome (TjCentreFollowUp *self);
const char *tj_centre_follow_up_get_outcome_label (TjCentreFollowUp *self);
const char *tj_centre_follow_up_get_note (TjCentreFollowUp *self);
const char *tj_centre_follow_up_get_done_at (TjCentreFollowUp *self);
gboolean   tj_centre_follow_up_get_by_centre (TjCentreFollowUp *self);

G_END_DECLS
