/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "tj-case.h"
#include "tj-store.h"

G_BEGIN_DECLS

/*
 * The centre (issue 18): the 12351 hotline or the district union, whose
 * store holds every station's cases. It is the same application and the
 * same kind of database as a station's; what makes it a centre is its
 * registry of stations (docs/SYNC.md, "The centre").
 *
 * - The registry: one document per station, `_id` "station:CODE", type
 *   "station", with "code", "name", "database" and "added_at". It is a
 *   document of the centre's own (no station owns it, so it is never
 *   pushed anywhere) and survives like any other; a station document
 *   that arrived from a station's database is not part of the registry.
 * - Who owns what: every document of the centre store belongs to at most
 *   one station, in the table `centre_owner` kept by the "centre" indexer.
 *   A document pulled from a station's database belongs to that station;
 *   a case the centre dispatched belongs to the station it names in
 *   "dispatched_to"; a document with a "case_id" belongs to its case's
 *   station. The first owner stays. Documents no station owns (the
 *   registry, the centre's own cases) stay at the centre.
 * - The push to a station offers only that station's documents written at
 *   the centre (tj_centre_station_changes(), the replicator's push
 *   filter); the pull takes the whole station database.
 */

/* What a station code may be: ASCII letters, digits, "-" and "_", a
 * letter or digit first, at most 64 bytes (it names the station's user,
 * role and database on the server, as for `server provision`). */
gboolean    tj_centre_check_code        (const char          *code,
                                         GError             **error);

/* Whether @store is a centre: it has registered a station at least once.
 * Cheap. */
gboolean    tj_centre_is_centre         (TjStore             *store);

/* Attaches the "centre" indexer to @store when it is a centre (nothing
 * otherwise; cheap when attached). tj_repository_attach_indexes() calls
 * it; a connection opened before the store became a centre calls it
 * again. */
gboolean    tj_centre_attach            (TjStore             *store,
                                         GError             **error);

/* Registers a station (or changes the name or database of one): @name
 * may be NULL (kept, or the code), @database NULL for "station-" and the
 * code in lower case. Makes @store a centre. Returns the station object
 * {"code", "name", "database", "added_at", "created"}; TJ_ERROR_INVALID
 * naming the code or database (a code or database another station has
 * is refused) and nothing written. */
JsonObject *tj_centre_add_station       (TjStore             *store,
                                         const char          *code,
                                         const char          *name,
                                         const char          *database,
                                         GError             **error);
/* Removes a station from the registry; its documents stay at the centre.
 * TJ_ERROR_NOT_FOUND for a code that is not registered. */
gboolean    tj_centre_remove_station    (TjStore             *store,
                                         const char          *code,
                                         GError             **error);
/* The registered stations by code: [{"code", "name", "database",
 * "added_at", "last_sync": {see tj_centre_sync_state()} or null}]. */
JsonArray  *tj_centre_list_stations     (TjStore             *store,
                                         GError             **error);
/* The station object, or NULL with TJ_ERROR_INVALID ("“X” is not a
 * station of this centre") for a code that is not registered. */
JsonObject *tj_centre_get_station       (TjStore             *store,
                                         const char          *code,
                                         GError             **error);

/* The station that owns document @id, or NULL (the centre's own). */
char       *tj_centre_owner             (TjStore             *store,
                                         const char          *id);

/* On a connection of the centre sync's own: documents written on it from
 * now on (a station's pull) belong to @code unless they have an owner
 * already. NULL stops. */
void        tj_centre_set_origin        (TjStore             *store,
                                         const char          *code);

/* The push filter of the centre's push to @code, in the shape of
 * tj_store_changes(): @code's documents written at the centre (not by a
 * pull, whose revisions the station has) after @since, each once, at the
 * sequence of its last write here, in that order. */
JsonObject *tj_centre_station_changes   (TjStore             *store,
                                         const char          *code,
                                         gint64               since,
                                         guint                limit,
                                         GError             **error);

/* Dispatch (派单): takes in a hotline case for station @code, as
 * tj_case_add() does, with "dispatched_to" @code and the time: it is
 * pushed to that station alone at the next centre sync, where it arrives
 * as a new hotline case (status intake). @input must have its 12351
 * number ("hotline_ref"); "source" is hotline (when absent, it is set);
 * the station accepts the case, so "accepted_on" is refused. The case is
 * numbered in the centre's own series (ctx->station_code), which no
 * station's numbers share. Returns {"id", "number", "station"}.
 * TJ_ERROR_INVALID (unknown station, missing number…) writes nothing. */
JsonObject *tj_centre_dispatch          (TjStore             *store,
                                         const TjCaseContext *ctx,
                                         const char          *code,
                                         JsonObject          *input,
                                         GError             **error);

/* The last centre sync of each station, from `_local/centre-sync`:
 * {CODE: {"at", "ok", "error", "error_kind", "last_ok_at", "pulled",
 * "pushed"}}. */
JsonObject *tj_centre_sync_state        (TjStore             *store,
                                         GError             **error);
/* Records a station's run in `_local/centre-sync`: @entry is {"ok",
 * "error"?, "error_kind"?, "pulled"?, "pushed"?}; "at" (and "last_ok_at"
 * when ok) are set here. */
gboolean    tj_centre_record_sync       (TjStore             *store,
                                         const char          *code,
                                         JsonObject          *entry,
                                         GError             **error);

G_END_DECLS
