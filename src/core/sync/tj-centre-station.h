/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/**
 * TjCentreStation:
 *
 * One station in the Centre section: its registry entry, its last sync and
 * the counts of tj_centre_overview().
 * Read-only properties: code, name, database, last-sync-at, last-ok-at,
 * sync-error, sync-state, cases, open-cases, deadlines-due,
 * deadlines-missed, collective, overdue-installments. Strings are "" when
 * unknown.
 */
#define TJ_TYPE_CENTRE_STATION (tj_centre_station_get_type ())
G_DECLARE_FINAL_TYPE (TjCentreStation, tj_centre_station, TJ, CENTRE_STATION, GObject)

/* @object: one element of the core's list (kept, not copied). */
TjCentreStation *tj_centre_station_new (JsonObject *object);
/* The items of @array (JSON objects), for a GListStore. (transfer full) */
GPtrArray *tj_centre_station_items_from (JsonArray *array);
JsonObject *tj_centre_station_get_json (TjCentreStation *self);
const char *tj_centre_station_get_code (TjCentreStation *self);
const char *tj_centre_station_get_name (TjCentreStation *self);
const char *tj_centre_station_get_database (TjCentreStation *self);
const char *tj_centre_station_get_last_sync_at (TjCentreStation *self);
const char *tj_centre_station_get_last_ok_at (TjCentreStation *self);
const char *tj_centre_station_get_sync_error (TjCentreStation *self);
const char *tj_centre_station_get_sync_state (TjCentreStation *self);
gint64     tj_centre_station_get_cases (TjCentreStation *self);
gint64     tj_centre_station_get_open_cases (TjCentreStation *self);
gint64     tj_centre_station_get_deadlines_due (TjCentreStation *self);
gint64     tj_centre_station_get_deadlines_missed (TjCentreStation *self);
gint64     tj_centre_station_get_collective (TjCentreStation *self);
gint64     tj_centre_station_get_overdue_installments (TjCentreStation *self);

G_END_DECLS
