/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

#include "tj-case.h"

G_BEGIN_DECLS

/*
 * Guided separate-then-joint mediation sessions (issue 4, 分离冷静调解法).
 *
 * Every record is its own document linked by `case_id` (DESIGN.md: split
 * records, so the mediator typing a note never rewrites the session):
 *
 *   session  {case_id, kind: separate|joint, party_side: worker|employer
 *             (separate), party_id?, round, step, scheduled_on,
 *             scheduled_time, place, participants: [text],
 *             attendance: [party ids], checklist: {item: bool},
 *             timer: {started_at, accumulated_seconds, running},
 *             created_at, opened_on, ended_at, ended_on, outcome,
 *             outcome_reason}  (the *_on days by the context's today)
 *   note     {session_id, case_id, text, visibility: caucus|joint,
 *             category: note|position|interest, party_side, created_at,
 *             updated_at, released_at, released_with_consent_of}
 *   offer    {session_id, case_id, side: worker|employer|both, party_id?,
 *             issue, label, amount_fen | date | text, reason, round,
 *             visibility: joint|caucus, created_at}
 *             (side "both" records a figure both sides accepted)
 *
 * Steps: preparation, separate_worker, separate_employer, shuttle, joint,
 * outcome. The flow suggests the next step; the mediator may move freely.
 *
 * Caucus confidentiality (the invariant the tests prove): a note whose
 * visibility is "caucus" and that has not been released with consent, and
 * an offer marked "caucus", never appear in tj_session_joint_view(),
 * tj_session_presentation_model() or tj_session_public_model(). Those three
 * are built from shared content only; the mediator's tj_session_show() is
 * the one place caucus text is read.
 */

const char * const *tj_session_steps           (void);
const char         *tj_session_step_label      (const char *step);
const char * const *tj_session_issues          (void);
const char         *tj_session_issue_label     (const char *issue);
const char * const *tj_session_checklist_items (void);
const char         *tj_session_checklist_label (const char *item);

/**
 * tj_session_start:
 * @input: {"case_id", "kind": "separate"|"joint", "party_side":
 *   "worker"|"employer" and/or "party_id" (separate sessions),
 *   "scheduled_on", "scheduled_time" ("HH:MM"), "place",
 *   "participants": [text], "step"}
 *
 * Opens a session on an accepted or mediating case. The first session of
 * an accepted case moves it to "mediating" (with a timeline event). The
 * round is counted per case: a new round starts when this side (or the
 * joint table) already met in the current round.
 *
 * Returns: the session as tj_session_show() gives it.
 */
JsonObject *tj_session_start        (TjStore             *store,
                                     const TjCaseContext *ctx,
                                     JsonObject          *input,
                                     GError             **error);

/* The mediator's view: the session, its case summary, its notes (caucus
 * included), its offers, the guidance of its step with the checklist
 * state, the timer with "elapsed_seconds", attendance with names and
 * the suggested next step. */
JsonObject *tj_session_show         (TjStore             *store,
                                     const TjCaseContext *ctx,
                                     const char          *session_id,
                                     GError             **error);

/* The stepper of a case's mediation: [{"step", "label", "sessions" (how
 * many sessions took place at this step), "done", "current" (the step of
 * the open session), "suggested" (the suggested next step)}] in the order
 * of the method. Also in tj_session_show() as "flow". */
JsonArray  *tj_session_flow         (TjStore             *store,
                                     const char          *case_id,
                                     GError             **error);

/**
 * tj_session_start_meeting:
 * @input: as for tj_session_start()
 *
 * Starts a meeting as the mediator does (the session window and
 * `tiaojie-cli session start`): tj_session_start(), and when the meeting is
 * for today (no "scheduled_on", or today's date in @ctx) it is taking
 * place now, so its timer runs and every other open meeting of the case
 * ends, to be continued — one meeting at a time. All in one transaction:
 * nothing is written when any part fails. A meeting for another day is
 * only scheduled.
 *
 * Returns: the session as tj_session_show() gives it.
 */
JsonObject *tj_session_start_meeting (TjStore             *store,
                                      const TjCaseContext *ctx,
                                      JsonObject          *input,
                                      GError             **error);

/* Cancels a scheduled session that did not take place: refused
 * (TJ_ERROR_CONFLICT) once it has notes or offers or has ended, since
 * then it happened. The cancellation and @reason go in the timeline. */
gboolean    tj_session_cancel       (TjStore             *store,
                                     const TjCaseContext *ctx,
                                     const char          *session_id,
                                     const char          *reason,
                                     GError             **error);

/* Sessions of a case, oldest first (no notes). */
JsonArray  *tj_session_list         (TjStore             *store,
                                     const char          *case_id,
                                     GError             **error);

/* Sessions scheduled from @from (ISO date) for @days days that have not
 * ended, soonest first, with the case number and title (for Today). */
JsonArray  *tj_session_upcoming     (TjStore             *store,
                                     const char          *from,
                                     guint                days,
                                     GError             **error);

/**
 * tj_session_update:
 * @patch: any of "step", "scheduled_on", "scheduled_time", "place",
 *   "participants" ([text]), "attendance" ([party ids of the case]),
 *   "checklist" ({item: bool}, merged)
 *
 * TJ_ERROR_INVALID names the member; nothing is written then.
 * Returns: the session as tj_session_show() gives it.
 */
JsonObject *tj_session_update       (TjStore             *store,
                                     const TjCaseContext *ctx,
                                     const char          *session_id,
                                     JsonObject          *patch,
                                     GError             **error);

/* Timer: @action "start", "pause" or "reset"; @at the moment (NULL: now).
 * Returns the timer {started_at, accumulated_seconds, running,
 * elapsed_seconds}. */
JsonObject *tj_session_timer        (TjStore             *store,
                                     const char          *session_id,
                                     const char          *action,
                                     GDateTime           *at,
                                     GError             **error);
/* Seconds the timer of @session has run up to @at (NULL: now). */
gint64      tj_session_timer_elapsed (JsonObject         *session,
                                      GDateTime          *at);

/**
 * tj_session_note_add:
 * @input: {"text", "visibility": "caucus"|"joint" (default: caucus in a
 *   separate session, joint in a joint one), "category":
 *   "note"|"position"|"interest", "party_side"}
 *
 * Returns: the note with its "id".
 */
JsonObject *tj_session_note_add     (TjStore             *store,
                                     const TjCaseContext *ctx,
                                     const char          *session_id,
                                     JsonObject          *input,
                                     GError             **error);

/* Autosave: rewrites only the note document (one small transaction), so
 * the GUI can call it on every pause in typing. */
gboolean    tj_session_note_update  (TjStore             *store,
                                     const char          *note_id,
                                     const char          *text,
                                     GError             **error);

/**
 * tj_session_release_note:
 * @consent_of: (nullable): the party id whose consent was given, or a side
 *   ("worker"/"employer"); NULL means the note's own side
 *
 * Releases a caucus note to the joint session and records the release
 * (who consented, when) in the case timeline — without the note's text.
 * Returns: the note.
 */
JsonObject *tj_session_release_note (TjStore             *store,
                                     const TjCaseContext *ctx,
                                     const char          *note_id,
                                     const char          *consent_of,
                                     GError             **error);

/**
 * tj_session_offer_add:
 * @input: {"by": party id | "worker" | "employer" | "both", "issue":
 *   wages_owed|economic_compensation|payment_date|other, "label" (needed
 *   for other), "amount_fen" (money issues) | "date" (payment_date) |
 *   "text", "reason", "round" (default: the session's),
 *   "visibility": "joint" (default) | "caucus" (a bottom line not to be
 *   shown to the other side)}
 *
 * Returns: the offer with its "id".
 */
JsonObject *tj_session_offer_add    (TjStore             *store,
                                     const TjCaseContext *ctx,
                                     const char          *session_id,
                                     JsonObject          *input,
                                     GError             **error);

/* The mediator's positions-and-interests board (caucus content: never for
 * a shared screen): notes of category position or interest across the
 * case, per side: {"worker": {"positions": [note], "interests": [note]},
 * "employer": {…}, "unassigned": {…}}, oldest first. */
JsonObject *tj_session_interests    (TjStore             *store,
                                     const char          *case_id,
                                     GError             **error);

/**
 * tj_session_figures:
 * @include_caucus: also count offers marked caucus (the mediator's view)
 *
 * Demands and offers per issue: {"issues": [{"issue", "label", "unit":
 * "fen"|"date"|"text", "rounds": [{"round", "worker": {…}, "employer":
 * {…}, "agreed": {…}}], "worker", "employer", "agreed" (latest of each),
 * "gap_fen" | "gap_days" (worker demand − employer offer; for dates the
 * days the employer wants beyond the worker's date), "crossed" (the
 * employer's offer reaches the worker's demand), "meeting_point_fen" |
 * "meeting_point_date" (the worker's demand: both sides have accepted it),
 * "status": "agreed"|"crossed"|"open"}]}. This is also the input of
 * tj_offer_chart_draw().
 */
JsonObject *tj_session_figures      (TjStore             *store,
                                     const char          *case_id,
                                     gboolean             include_caucus,
                                     GError             **error);

/* The joint-session view of a case: {"case": {id, number, title,
 * status}, "issues" (shared figures), "agreed_points", "open_points",
 * "notes" (joint notes and released caucus notes only), "sessions"
 * (joint sessions: date, place, round)}. No caucus content. */
JsonObject *tj_session_joint_view   (TjStore             *store,
                                     const TjCaseContext *ctx,
                                     const char          *case_id,
                                     GError             **error);

/* "Show to parties": {"title", "items": [{"kind": "agreed"|"open"|
 * "crossed"|"note", "text", "detail"}]} in large-text form; built from
 * tj_session_joint_view() only. */
JsonObject *tj_session_presentation_model (TjStore             *store,
                                           const TjCaseContext *ctx,
                                           const char          *case_id,
                                           GError             **error);

/* What documents may say about the mediation (input for docgen: put
 * "sessions" into the case of tj_case_show() and "outcome" beside it):
 * {"sessions": [{id, date, scheduled_on, scheduled_time, place, kind:
 * "joint", visibility: "joint", round, ended_at, outcome}] (joint sessions
 * only), "agreed_points", "open_points",
 * "figures", "released_notes", "outcome": {outcome, reason, ended_on,
 * arbitration_limitation}}. Never any caucus text. */
JsonObject *tj_session_public_model (TjStore             *store,
                                     const TjCaseContext *ctx,
                                     const char          *case_id,
                                     GError             **error);

/**
 * tj_session_guidance:
 * @case_id: (nullable): the case, for its deadlines and flags
 * @step: a step name
 * @session: (nullable): a session document, for the checklist state
 *
 * {"step", "title", "summary", "ask": [text], "explain": [text], "law":
 * [{"basis", "text"}], "calculators": [calc kinds], "checklist": [{"item",
 * "label", "checked", "required"}], "deadlines": [{"kind", "date",
 * "days_remaining", "status", "basis"}], "source": "builtin"|file path,
 * "warnings": [text]}. Texts are the translated built-ins unless the
 * organisation's file (tj_session_guidance_override_path()) overrides
 * them; a malformed file is named with its line in "warnings" and ignored.
 */
JsonObject *tj_session_guidance     (TjStore             *store,
                                     const TjCaseContext *ctx,
                                     const char          *case_id,
                                     const char          *step,
                                     JsonObject          *session,
                                     GError             **error);

/* $TIAOJIE_GUIDANCE when set, else $XDG_DATA_HOME/tiaojie/guidance.json. */
char       *tj_session_guidance_override_path (void);

/* Parses and checks an override file:
 * {"steps": {STEP: {"title", "summary", "ask": [..], "explain": [..],
 *   "law": [{"basis", "text"}]}}, "checklist": {ITEM: "label"}}.
 * TJ_ERROR_INVALID names the file and line. */
JsonObject *tj_session_guidance_load_file (const char *path,
                                           GError    **error);

/**
 * tj_session_end:
 * @outcome: "agreed", "failed" or "continue"
 * @reason: why (required for failed)
 * @terms: (nullable): for agreed: {"total_fen" | "workers": [{"worker_id",
 *   "amount_fen"}], "payer": {"party_id"}, "method", "due_on" |
 *   "installments": [{"due_on", "amount_fen"}], "terms": [text]}; missing
 *   figures are taken from the agreed (or crossed) points
 *
 * agreed: drafts the settlement (tj_settlement_set(), status "draft",
 * a total split over workers in proportion to what each is owed, exact to
 * the fen: tj_money_split(), installments by tj_money_split_installments())
 * and moves the case to "agreed". failed: moves the case to
 * "failed" with @reason and returns the next steps with their dates.
 * continue: ends this meeting only. agreed and failed end the mediation:
 * every other open meeting of the case ends too (to be continued), in the
 * same transaction.
 *
 * Returns: {"session_id", "outcome", "case_status", "settlement_id"?,
 * "settlement"?, "next_steps"?}
 */
JsonObject *tj_session_end          (TjStore             *store,
                                     const TjCaseContext *ctx,
                                     const char          *session_id,
                                     const char          *outcome,
                                     const char          *reason,
                                     JsonObject          *terms,
                                     GError             **error);

/* After a failed mediation: [{"kind": "arbitration"|"labour_inspection"|
 * "legal_aid", "title", "text", "from" (date), "by" (date, when there is
 * a limit), "basis"}]. */
JsonArray  *tj_session_next_steps   (TjStore             *store,
                                     const TjCaseContext *ctx,
                                     const char          *case_id,
                                     GError             **error);

G_END_DECLS
