/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

#include "tj-case.h"

G_BEGIN_DECLS

/*
 * The agenda behind the Today page and `tiaojie-cli agenda` (issue 3):
 * what a mediator must not miss, computed from the case index and the
 * legal deadlines of tj_deadlines_compute(), so that Today, the case page
 * and the CLI never disagree about a date.
 *
 * tj_agenda() returns
 *
 *   { "today", "days",
 *     "overdue":  [deadline item…]  legal deadlines of open cases already
 *                                   passed, the longest overdue first,
 *     "due":      [deadline item…]  due from today to today + days, soonest
 *                                   first,
 *     "flagged":  [{"case_id", "number", "title", "status", "employer",
 *                   "received_on", "workers", "owed_fen", "flags":
 *                   ["collective"|"large_amount"|"layoff"], "reasons":
 *                   [translated text]}]  open cases for early warning,
 *     "follow_ups": [deadline item…] follow-up calls (回访) of closed cases
 *                   due within the days or overdue by at most 30 days and
 *                   not yet recorded with tj_agenda_record_follow_up(),
 *     "sessions": [{"case_id", "number", "title", "kind": "session",
 *                   "label", "session_id", "session_kind", "date", "time",
 *                   "place", "step_label", "days_left"}]  mediation sessions
 *                   scheduled from today to today + days that have not
 *                   ended, soonest first,
 *     "installments": [{"case_id", "number", "title", "kind":
 *                   "installment", "date", "days_left" (negative),
 *                   "amount_fen", "owed_fen", "next_step", "basis",
 *                   "paper"}]  overdue installments of agreed settlements,
 *                   "paper" the template that takes the next step
 *                   (payment_order, arbitration_application),
 *     "after_mediation": [deadline item + "next_step", "paper"]  failed
 *                   mediations not yet taken to arbitration and still in
 *                   time, with the arbitration limitation }
 *
 * A deadline item: {"case_id", "number", "title", "status", "kind" (a
 * deadline kind of tj_deadlines_compute()), "label" (translated), "date",
 * "days_left" (negative when overdue), "basis", "note"}.
 *
 * Open cases are those not closed, withdrawn, failed or referred. The
 * early-warning thresholds and "today" come from @ctx (ctx->today NULL:
 * the local date).
 */

JsonObject *tj_agenda                  (TjStore             *store,
                                        const TjCaseContext *ctx,
                                        guint                days,
                                        GError             **error);

/* The lists of the agenda, in the order Today shows them: "overdue",
 * "due", "flagged", "follow_ups", "sessions", "installments",
 * "after_mediation". */
const char * const *tj_agenda_sections (void);

/* One list of the agenda a page at a time, in the order tj_agenda() gives
 * it (@limit 0: all from @offset), and how many items it has — counted in
 * SQL over the agenda's index, not by making the items. */
JsonArray  *tj_agenda_items            (TjStore             *store,
                                        const TjCaseContext *ctx,
                                        const char          *section,
                                        guint                days,
                                        guint                offset,
                                        guint                limit,
                                        GError             **error);
gboolean    tj_agenda_count            (TjStore             *store,
                                        const TjCaseContext *ctx,
                                        const char          *section,
                                        guint                days,
                                        guint               *n,
                                        GError             **error);

/* Registers the agenda's indexer (tj_repository_open() does): the dates
 * of every open case's deadlines, sessions and follow-up calls, kept as
 * documents are written. Cheap when current. */
gboolean    tj_agenda_attach           (TjStore             *store,
                                        GError             **error);
/* Its deadlines computed again when the holiday calendar changed since. */
gboolean    tj_agenda_recount_deadlines (TjStore            *store,
                                         GError            **error);

/* Records in the case timeline that the follow-up call @kind
 * ("follow_up_7" or "follow_up_30") was made, with an optional @note of
 * what the worker said; the call then leaves the agenda. */
gboolean    tj_agenda_record_follow_up (TjStore             *store,
                                        const TjCaseContext *ctx,
                                        const char          *case_id,
                                        const char          *kind,
                                        const char          *note,
                                        GError             **error);

/* The translated name of a deadline kind ("Mediation limit", …). */
const char *tj_agenda_kind_label       (const char          *kind);

G_END_DECLS
