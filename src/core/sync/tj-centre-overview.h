/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

#include "tj-case.h"
#include "tj-store.h"

G_BEGIN_DECLS

/*
 * What the centre watches (issue 18), computed in SQL over the case index,
 * the arrears index and the centre's owner table, grouped by station:
 *
 * tj_centre_overview() returns
 *   { "today", "days",
 *     "stations": [{"code", "name", "database",
 *                   "last_sync_at", "last_ok_at" (null when never),
 *                   "sync_ok" (null when never synced), "sync_state":
 *                   "ok"|"failed"|"never", "sync_error", "sync_error_kind"
 *                   (as in tj_centre_sync_run()'s result, null when none),
 *                   "cases"            every case of the station,
 *                   "open_cases"       not closed, withdrawn, failed or referred,
 *                   "deadlines_due"    accepted or mediating, the 15-day
 *                                      mediation limit from today to today + days,
 *                   "deadlines_missed" accepted or mediating, the limit passed,
 *                   "collective"       open cases with an early warning of a
 *                                      collective dispute (the preferences'
 *                                      workers and amount, or a layoff),
 *                   "overdue_installments" of agreed settlements in open cases}],
 *     "totals": {the same counts over the stations} }
 * "today", the thresholds and "days" come from @ctx and @days.
 */
JsonObject *tj_centre_overview       (TjStore             *store,
                                      const TjCaseContext *ctx,
                                      guint                days,
                                      GError             **error);

/*
 * A station's cases as the station wrote them, the open ones first
 * (soonest mediation limit first), then the others (newest first):
 * [{"id", "number", "title", "status", "status_label", "kind",
 *   "received_on", "employer", "workers", "owed_fen", "mediation_deadline",
 *   "days_left" (or null), "flagged", "dispatched" (bool), "open"}]
 * TJ_ERROR_INVALID for a code that is not a station of this centre.
 */
JsonArray  *tj_centre_station_cases  (TjStore             *store,
                                      const TjCaseContext *ctx,
                                      const char          *code,
                                      GError             **error);

/*
 * The follow-up calls (回访) of closed cases of every station, as a work
 * list: each case closed in the last 72 days has two calls, 7 and 30 days
 * after closing (tj_deadlines_compute(): follow_up_7, follow_up_30). A
 * call is listed when it was made (with its outcome) or when it is due
 * within @days or overdue by at most 30 days. Calls due first, then the
 * ones made:
 * [{"case_id", "number", "title", "station", "station_name", "closed_on",
 *   "follow_up", "label", "due_on", "days_left", "state":
 *   "overdue"|"due"|"upcoming"|"done", "attempts" (calls that did not
 *   reach the worker), "outcome" (null while not made), "outcome_label",
 *   "note", "done_at", "by_centre"}]
 */
JsonArray  *tj_centre_follow_ups     (TjStore             *store,
                                      const TjCaseContext *ctx,
                                      guint                days,
                                      GError             **error);

/* The outcomes of a follow-up call: satisfied, dissatisfied (the worker
 * is not satisfied with how it was handled), unresolved (the agreement
 * is not performed or the problem is back), not_reached (no answer; the
 * call stays on the list). */
const char *tj_centre_outcome_label  (const char          *outcome);

/* Records a follow-up call on the case's timeline: for an outcome other
 * than not_reached the call is made (a "follow_up" event, which also
 * takes it off Today's agenda); not_reached is an attempt
 * ("follow_up_attempt"). @note (nullable) is what the worker said.
 * TJ_ERROR_INVALID for an unknown call or outcome, TJ_ERROR_NOT_FOUND for
 * an unknown case; nothing is written then. */
gboolean    tj_centre_record_follow_up (TjStore             *store,
                                        const TjCaseContext *ctx,
                                        const char          *case_id,
                                        const char          *follow_up,
                                        const char          *outcome,
                                        const char          *note,
                                        GError             **error);

G_END_DECLS
