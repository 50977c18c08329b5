/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

#include "tj-case.h"

G_BEGIN_DECLS

/**
 * TjAudience:
 * @TJ_AUDIENCE_MEDIATOR: the mediator alone: everything, caucus included
 * @TJ_AUDIENCE_TABLE: both sides at the table (a joint session)
 * @TJ_AUDIENCE_PARTIES_SCREEN: the "show to parties" screen
 * @TJ_AUDIENCE_DOCUMENT: documents that leave the office
 *
 * Who is looking. Only %TJ_AUDIENCE_MEDIATOR sees caucus content.
 */
typedef enum {
  TJ_AUDIENCE_MEDIATOR,
  TJ_AUDIENCE_TABLE,
  TJ_AUDIENCE_PARTIES_SCREEN,
  TJ_AUDIENCE_DOCUMENT,
} TjAudience;

GType       tj_audience_get_type    (void) G_GNUC_CONST;
#define TJ_TYPE_AUDIENCE (tj_audience_get_type ())

/* "mediator", "table", "parties_screen", "document". */
const char *tj_audience_to_string   (TjAudience   audience);
/* TJ_ERROR_INVALID names the value when it is not an audience. */
gboolean    tj_audience_from_string (const char  *text,
                                     TjAudience  *audience,
                                     GError     **error);
/**
 * tj_audience_may_see:
 * @doc: a note, an offer or a session document (as stored)
 *
 * The one rule: whether @audience may see @doc. Notes: joint ones, and
 * caucus ones released with consent. Offers: those not marked caucus.
 * Sessions: every joint session; a separate one (its existence, not its
 * content) for the mediator and the table only.
 */
gboolean    tj_audience_may_see     (TjAudience   audience,
                                     JsonObject  *doc);

/*
 * Guided separate-then-joint mediation sessions (issue 4, 分离冷静调解法).
 *
 * Every record is its own document linked by `case_id` (docs/DESIGN.md: split
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
 * Audiences (DESIGN: decided in core, once). Who may see what is decided
 * by tj_audience_may_see() alone, and every view of the mediation is
 * tj_session_view() for an audience: the mediator (everything), the table
 * (a joint session: shared content), the parties' screen (large text) and
 * documents. A note whose visibility is "caucus" and that has not been
 * released with consent, positions and interests told in caucus, and an
 * offer marked "caucus" (a bottom line) reach the mediator only. Shared
 * views copy listed members only, so a member added to a document later
 * stays private until someone lists it.
 *
 * The negotiation record: every figure a side names is its own offer
 * document with its session, step, round and time; tj_session_figures()
 * keeps them all, in order ("moves"), and groups them by round. Offers
 * written before the step was recorded take the step of their session.
 */

/* Labels: tj_session_step_label(), tj_session_issue_label() (tj-types.h). */
const char * const *tj_session_steps           (void);
const char * const *tj_session_issues          (void);
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

/* The mediator's view of one meeting (the "session" of tj_session_view()
 * for %TJ_AUDIENCE_MEDIATOR): the session, its case summary, its notes
 * (caucus included), its offers, "issues" (the mediator's figures), the
 * guidance of its step with the checklist state, the timer with
 * "elapsed_seconds", attendance with names and the suggested next step. */
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
 * Every figure is kept: a new one never replaces an earlier one. The
 * offer records the step of its session and when it was named.
 * Returns: the offer with its "id".
 */
JsonObject *tj_session_offer_add    (TjStore             *store,
                                     const TjCaseContext *ctx,
                                     const char          *session_id,
                                     JsonObject          *input,
                                     GError             **error);

/**
 * tj_session_figures:
 * @audience: whose figures: caucus offers (bottom lines) only for
 *   %TJ_AUDIENCE_MEDIATOR
 *
 * The negotiation record per issue: {"audience", "issues": [{"key",
 * "issue", "label", "unit": "fen"|"date"|"text",
 *   "moves": [{"n" (1, 2, … in the order named), "offer_id", "side":
 *     "worker"|"employer"|"agreed", "amount_fen" | "date" | "text",
 *     "reason", "round", "session_id", "step", "step_label", "at",
 *     "party_id", "private" (true for a bottom line: mediator only)}],
 *   "rounds": [{"round", "first", "last" (move numbers), "steps": [step],
 *     "worker", "employer", "agreed" (the last figure of each in the
 *     round)}] — groups of moves, not slots,
 *   "gaps": [{"n", "at", "gap_fen" | "gap_days"}] (after each move once
 *     both sides named a figure: the gap over time),
 *   "crossing": {"n", "at", "round", "step", "meeting_point_fen" |
 *     "meeting_point_date"} (the move at which the offer first reached the
 *     demand),
 *   "worker", "employer", "agreed" (the latest figure said at the table),
 *   "gap_fen" | "gap_days" (worker demand − employer offer; for dates the
 *   days the employer wants beyond the worker's date), "crossed",
 *   "meeting_point_fen" | "meeting_point_date" (the worker's demand: both
 *   sides have accepted it), "status": "agreed"|"crossed"|"open",
 *   "bottom_lines": {"worker", "employer"} (mediator only: the latest
 *   private figure of each side)}]}.
 * The gap, the crossing and the status come from figures said at the
 * table only, for every audience: a bottom line never moves them. This is
 * also the input of tj_offer_chart_draw().
 */
JsonObject *tj_session_figures      (TjStore             *store,
                                     const char          *case_id,
                                     TjAudience           audience,
                                     GError             **error);

/**
 * tj_session_view:
 * @case_id: (nullable): the case (taken from @session_id when %NULL)
 * @session_id: (nullable): the meeting in focus
 * @audience: who is looking
 *
 * What @audience may see of the mediation of a case; the CLI, the session
 * window, the parties' screen and documents all read this and filter
 * nothing themselves. Every audience gets {"audience", "case": {id,
 * number, title, status, kind}, "issues" (tj_session_figures() for the
 * audience), "agreed_points", "open_points", "notes", "sessions"} and,
 * with @session_id, "session" (the meeting: for the mediator as
 * tj_session_show() gives it; for the table its when, where, who and
 * step with its shared notes and figures).
 * - mediator: "notes" are every note of the case with "visibility" and
 *   "released"; "sessions" every meeting; "interests": the positions and
 *   interests board {"worker": {"positions": [note], "interests":
 *   [note]}, "employer": {…}, "unassigned": {…}}.
 * - table: joint notes and notes released with consent; joint sessions.
 * - parties_screen: also "title", "number" and "items": [{"kind":
 *   "agreed"|"open"|"crossed"|"note", "text", "detail"}] in large-text form.
 * - document: also "figures" (the issues), "released_notes" and
 *   "outcome": {outcome, reason, ended_on, arbitration_limitation};
 *   "sessions" are joint ones with their "date" (docgen reads it).
 */
JsonObject *tj_session_view         (TjStore             *store,
                                     const TjCaseContext *ctx,
                                     const char          *case_id,
                                     const char          *session_id,
                                     TjAudience           audience,
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
