/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

#include "tj-calendar.h"

G_BEGIN_DECLS

/* Counting of periods (民法典 §201–§203).
 *
 * A period in days starts the day after the triggering day, so it ends
 * @days days after it. A period in months or years ends on the day of the
 * final month corresponding to the triggering day, or on the last day of
 * that month when it has no such day (Jan 31 + 1 month → Feb 28/29). If the
 * last day is a rest day or a public holiday, the period ends on the next
 * working day (a 调休 Saturday is a working day). @out may be @trigger.
 */
void     tj_period_end_days          (TjCalendar  *calendar,
                                      const GDate *trigger,
                                      guint        days,
                                      GDate       *out);
void     tj_period_end_months        (TjCalendar  *calendar,
                                      const GDate *trigger,
                                      guint        months,
                                      GDate       *out);
void     tj_period_end_years         (TjCalendar  *calendar,
                                      const GDate *trigger,
                                      guint        years,
                                      GDate       *out);
/* The @days-th working day after @trigger (periods the arbitration rules
 * count in working days). */
void     tj_period_end_working_days  (TjCalendar  *calendar,
                                      const GDate *trigger,
                                      guint        days,
                                      GDate       *out);
/* §203: move @date forward to the first working day (unchanged if it is
 * one). Returns TRUE if it moved. */
gboolean tj_period_roll_to_working_day (TjCalendar *calendar,
                                        GDate      *date);

/* Days from @today to @deadline: positive before, 0 on the day, negative
 * when overdue. */
gint     tj_deadline_days_remaining  (const GDate *deadline,
                                      const GDate *today);

/**
 * tj_deadlines_compute:
 * @calendar: the holiday calendar
 * @input: the case facts, with the names of the case interchange JSON, all
 *   optional: "accepted_on" (mediation application accepted), "received_on"
 *   (received; §14 counts from receipt, so the earlier of the two is used),
 *   "knew_on", "employment_ended_on", "employment_ongoing" (bool), "kind"
 *   (dispute kind), "limitation_restarted_on" (the limitation was
 *   interrupted on this day: a claim on the other side, a request to an
 *   authority, or the other side agreeing to perform), "arbitration_applied_on",
 *   "arbitration_accepted_on", "agreement_effective_on", "closed_on",
 *   "today" (defaults to the local date)
 * @error: TJ_ERROR_INVALID naming the field when a value is malformed
 *
 * Every deadline the facts allow, each
 * {"kind", "status" (running|due_today|overdue|not_running), "date",
 *  "days_remaining", "trigger", "moved_from" (when §203 moved the end past
 *  rest days), "basis" (translated statute and article), "note"}.
 * Kinds: mediation, arbitration_limitation, arbitration_acceptance,
 * arbitration_award, arbitration_award_extended, judicial_confirmation,
 * follow_up_7, follow_up_30.
 *
 * Returns: (transfer full): {"today", "deadlines": […], "warnings": […]}
 */
JsonObject *tj_deadlines_compute     (TjCalendar  *calendar,
                                      JsonObject  *input,
                                      GError     **error);

/* The deadline of @kind in a result of tj_deadlines_compute(), or NULL. */
JsonObject *tj_deadlines_find        (JsonObject  *result,
                                      const char  *kind);

G_END_DECLS
