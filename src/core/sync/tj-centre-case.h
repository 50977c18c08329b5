/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/**
 * TjCentreCase:
 *
 * One of a station's cases as tj_centre_station_cases() lists it.
 * Read-only properties: id, number, title, status, status-label,
 * received-on, employer, workers, owed-fen, mediation-deadline, days-left,
 * flagged, open, dispatched. Strings are "" when unknown, "days-left"
 * G_MININT when there is none.
 */
#define TJ_TYPE_CENTRE_CASE (tj_centre_case_get_type ())
G_DECLARE_FINAL_TYPE (TjCentreCase, tj_centre_case, TJ, CENTRE_CASE, GObject)

/* @object: one element of the core's list (kept, not copied). */
TjCentreCase *tj_centre_case_new (JsonObject *object);
/* The items of @array (JSON objects), for a GListStore. (transfer full) */
GPtrArray *tj_centre_case_items_from (JsonArray *array);
JsonObject *tj_centre_case_get_json (TjCentreCase *self);
const char *tj_centre_case_get_id (TjCentreCase *self);
const char *tj_centre_case_get_number (TjCentreCase *self);
const char *tj_centre_case_get_title (TjCentreCase *self);
const char *tj_centre_case_get_status (TjCentreCase *self);
const char *tj_centre_case_get_status_label (TjCentreCase *self);
const char *tj_centre_case_get_received_on (TjCentreCase *self);
const char *tj_centre_case_get_employer (TjCentreCase *self);
gint64     tj_centre_case_get_workers (TjCentreCase *self);
gint64     tj_centre_case_get_owed_fen (TjCentreCase *self);
const char *tj_centre_case_get_mediation_deadline (TjCentreCase *self);
gint64     tj_centre_case_get_days_left (TjCentreCase *self);
gboolean   tj_centre_case_get_flagged (TjCentreCase *self);
gboolean   tj_centre_case_get_open (TjCentreCase *self);
gboolean   tj_centre_case_get_dispatched (TjCentreCase *self);

G_END_DECLS
