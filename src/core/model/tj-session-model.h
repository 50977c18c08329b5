/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "tj-context.h"
#include "tj-repository.h"
#include "tj-session.h"

G_BEGIN_DECLS

/**
 * TjSessionItem:
 *
 * One row of a list of the session model, as read-only properties: "id",
 * "title", "subtitle", "kind", "side", "state", "active" (checked,
 * present, current), "flag" (required, released, private, suggested) and
 * "count". Each list says what its rows carry. Rows are updated in place
 * when the same ids come back, so a bound list keeps its rows and focus.
 */
#define TJ_TYPE_SESSION_ITEM (tj_session_item_get_type ())
G_DECLARE_FINAL_TYPE (TjSessionItem, tj_session_item, TJ, SESSION_ITEM, GObject)

const char *tj_session_item_get_id       (TjSessionItem *self);
const char *tj_session_item_get_title    (TjSessionItem *self);
const char *tj_session_item_get_subtitle (TjSessionItem *self);
const char *tj_session_item_get_kind     (TjSessionItem *self);
const char *tj_session_item_get_side     (TjSessionItem *self);
const char *tj_session_item_get_state    (TjSessionItem *self);
gboolean    tj_session_item_get_active   (TjSessionItem *self);
gboolean    tj_session_item_get_flag     (TjSessionItem *self);
int         tj_session_item_get_count    (TjSessionItem *self);

/**
 * TjSessionIssueRow:
 *
 * One issue of the demands and offers as the model's audience may see it,
 * as read-only properties: "key", "label", "status" ("open"|"crossed"|
 * "agreed"), "settled" (crossed or agreed), "worker" and "employer" (the
 * latest figure each side said at the table, written out, "—" for none),
 * "summary" (both, for a row), "gap" ("Gap ¥1,000.00", "Open", "Agreed"…),
 * "message" (what a crossing or an agreement means, %NULL while open),
 * "round" (the latest round a figure was named in) and, for the mediator
 * only (%NULL for any other audience), "worker-bottom-line" and
 * "employer-bottom-line".
 */
#define TJ_TYPE_SESSION_ISSUE_ROW (tj_session_issue_row_get_type ())
G_DECLARE_FINAL_TYPE (TjSessionIssueRow, tj_session_issue_row, TJ, SESSION_ISSUE_ROW, GObject)

const char *tj_session_issue_row_get_key                    (TjSessionIssueRow *self);
const char *tj_session_issue_row_get_label                  (TjSessionIssueRow *self);
const char *tj_session_issue_row_get_status                 (TjSessionIssueRow *self);
gboolean    tj_session_issue_row_get_settled                (TjSessionIssueRow *self);
const char *tj_session_issue_row_get_worker                 (TjSessionIssueRow *self);
const char *tj_session_issue_row_get_employer               (TjSessionIssueRow *self);
const char *tj_session_issue_row_get_summary                (TjSessionIssueRow *self);
const char *tj_session_issue_row_get_gap                    (TjSessionIssueRow *self);
const char *tj_session_issue_row_get_message                (TjSessionIssueRow *self);
const char *tj_session_issue_row_get_worker_bottom_line     (TjSessionIssueRow *self);
const char *tj_session_issue_row_get_employer_bottom_line   (TjSessionIssueRow *self);
int         tj_session_issue_row_get_round                  (TjSessionIssueRow *self);

/**
 * TjSessionModel:
 *
 * The mediation of one case as the session window shows it: which step is
 * shown, who is looking (the audience) and what that audience may see,
 * as properties and #GListModels the window's sections bind to. It reads
 * everything through tj_session_view() for its audience on the
 * repository's worker, and reads again when the repository's "changed"
 * concerns the case (a settlement agreed on the case page, a note from the
 * CLI) or after its own writes, which run on the worker too. A new step,
 * or an audience that may see less, empties what was shown at once; the
 * lists fill when the read is done.
 *
 * The audience is decided here, once: the joint step is seen by the table
 * unless the mediator reveals private content ("reveal-private"), which
 * turns off again when the step changes or the parties' screen opens; while
 * the parties' screen is up ("presenting") every step is seen by the table.
 *
 * Properties (read-only unless said): "repository", "case-id" (construct),
 * "step" (read-write), "reveal-private" (read-write), "presenting"
 * (read-write), "audience", "can-reveal", "hiding-private" (the audience
 * is not the mediator), "case-number", "case-title", "case-status",
 * "collective", "session" (the step's meeting as the audience sees it,
 * a JsonObject or NULL), "has-session", "session-open", "session-title",
 * "view" (tj_session_view() for the audience), "figures" ({"issues"}),
 * "guidance", "settlement" (JsonObject or NULL), "next-steps" (JsonArray),
 * "timer-running", "loaded" (the first read is shown), "busy" (a read or
 * a write is under way), and the lists:
 * - "flow": the steps (id step, title label, subtitle, state
 *   "current"|"done"|"suggested"|"", count meetings);
 * - "checklist": (id item, title label, active checked, flag required);
 * - "attendance": (id party, title name, kind "worker"|"agent"|"employer",
 *   subtitle role, active present);
 * - "main-note": a single row or none (id, title text, kind visibility,
 *   flag released) — the meeting's note as the audience may see it;
 * - "shared-notes": what the table sees (title text, subtitle side and how
 *   it was shared, flag released);
 * - "interests": positions and interests (mediator only; title text,
 *   kind "position"|"interest", side);
 * - "meetings": the case's meetings (title, subtitle when and where,
 *   state "open"|"ended");
 * - "moves": every figure named (title side and value, subtitle issue,
 *   round, step and time, side, flag private);
 * - "bottom-lines": the bottom lines told in confidence, mediator only
 *   (id issue:side, title side and value, subtitle issue, kind issue key,
 *   side, flag private);
 * - "issues": #TjSessionIssueRow rows (not #TjSessionItem), one per issue.
 */
#define TJ_TYPE_SESSION_MODEL (tj_session_model_get_type ())
G_DECLARE_FINAL_TYPE (TjSessionModel, tj_session_model, TJ, SESSION_MODEL, GObject)

TjSessionModel *tj_session_model_new           (TjRepository        *repository,
                                                const char          *case_id);
/* What writes are recorded with (the mediator's name, today); without a
 * context, the defaults. */
void            tj_session_model_set_context   (TjSessionModel      *self,
                                                TjContext           *context);
/* Reads everything again on the repository's worker and shows it when
 * read; asked again meanwhile, it reads once more after (latest wins). A
 * failure is told by "read-failed"; the model keeps what it had. */
void            tj_session_model_queue_reload  (TjSessionModel      *self);
/* The same at once on the main thread's connection, for tests and the
 * command line: FALSE with @error when the case cannot be read. Never
 * from the GUI. */
gboolean        tj_session_model_reload        (TjSessionModel      *self,
                                                GError             **error);
/* Whether the first read is shown. */
gboolean        tj_session_model_get_loaded    (TjSessionModel      *self);
/* Whether a read or a write of the model is under way. */
gboolean        tj_session_model_get_busy      (TjSessionModel      *self);

TjRepository   *tj_session_model_get_repository (TjSessionModel     *self);
const char     *tj_session_model_get_case_id   (TjSessionModel      *self);
const char     *tj_session_model_get_step      (TjSessionModel      *self);
/* Shows @step (a tj_session_steps() name); turns "reveal-private" off. */
void            tj_session_model_set_step      (TjSessionModel      *self,
                                                const char          *step);
TjAudience      tj_session_model_get_audience  (TjSessionModel      *self);
gboolean        tj_session_model_get_reveal_private (TjSessionModel *self);
/* Ignored (stays off) while the parties' screen is up or outside the
 * joint step, where the mediator sees everything anyway. */
void            tj_session_model_set_reveal_private (TjSessionModel *self,
                                                gboolean             reveal);
gboolean        tj_session_model_get_presenting (TjSessionModel     *self);
void            tj_session_model_set_presenting (TjSessionModel     *self,
                                                gboolean             presenting);
gboolean        tj_session_model_get_can_reveal (TjSessionModel     *self);
JsonObject     *tj_session_model_get_case      (TjSessionModel      *self);
JsonObject     *tj_session_model_get_session   (TjSessionModel      *self);
const char     *tj_session_model_get_session_id (TjSessionModel     *self);
JsonObject     *tj_session_model_get_view      (TjSessionModel      *self);
JsonObject     *tj_session_model_get_figures   (TjSessionModel      *self);
JsonObject     *tj_session_model_get_guidance  (TjSessionModel      *self);
JsonObject     *tj_session_model_get_settlement (TjSessionModel     *self);
JsonArray      *tj_session_model_get_next_steps (TjSessionModel     *self);
GListModel     *tj_session_model_get_list      (TjSessionModel      *self,
                                                const char          *name);
/* The case context for a write, from the model's #TjContext. */
void            tj_session_model_get_context   (TjSessionModel      *self,
                                                TjCaseContext       *ctx);

/* Writes, on the repository's worker in the order asked for: each is the
 * core call of the same name in one transaction; the callback comes once
 * the read that follows the write is shown (the model's lists and
 * properties then include it). On failure nothing was written and the
 * model shows what it did. @cancellable only keeps a write that has not
 * started from starting. */
void            tj_session_model_start_meeting_async  (TjSessionModel      *self,
                                                       JsonObject          *input,
                                                       GCancellable        *cancellable,
                                                       GAsyncReadyCallback  callback,
                                                       gpointer             user_data);
JsonObject     *tj_session_model_start_meeting_finish (TjSessionModel      *self,
                                                       GAsyncResult        *result,
                                                       GError             **error);
void            tj_session_model_update_async         (TjSessionModel      *self,
                                                       JsonObject          *patch,
                                                       GCancellable        *cancellable,
                                                       GAsyncReadyCallback  callback,
                                                       gpointer             user_data);
gboolean        tj_session_model_update_finish        (TjSessionModel      *self,
                                                       GAsyncResult        *result,
                                                       GError             **error);
/* Marks @parties (ids) present or absent at the step's meeting, the
 * others as stored when the write runs. */
void            tj_session_model_mark_present_async   (TjSessionModel      *self,
                                                       const char * const  *parties,
                                                       gboolean             present,
                                                       GCancellable        *cancellable,
                                                       GAsyncReadyCallback  callback,
                                                       gpointer             user_data);
gboolean        tj_session_model_mark_present_finish  (TjSessionModel      *self,
                                                       GAsyncResult        *result,
                                                       GError             **error);
/* Pauses the step's meeting's clock when it runs (as the model shows it
 * when asked), starts it otherwise. */
void            tj_session_model_toggle_timer_async   (TjSessionModel      *self,
                                                       GCancellable        *cancellable,
                                                       GAsyncReadyCallback  callback,
                                                       gpointer             user_data);
gboolean        tj_session_model_toggle_timer_finish  (TjSessionModel      *self,
                                                       GAsyncResult        *result,
                                                       GError             **error);
void            tj_session_model_add_note_async       (TjSessionModel      *self,
                                                       JsonObject          *input,
                                                       GCancellable        *cancellable,
                                                       GAsyncReadyCallback  callback,
                                                       gpointer             user_data);
/* Returns: (transfer full): the note */
JsonObject     *tj_session_model_add_note_finish      (TjSessionModel      *self,
                                                       GAsyncResult        *result,
                                                       GError             **error);
void            tj_session_model_release_note_async   (TjSessionModel      *self,
                                                       const char          *note_id,
                                                       const char          *consent_of,
                                                       GCancellable        *cancellable,
                                                       GAsyncReadyCallback  callback,
                                                       gpointer             user_data);
gboolean        tj_session_model_release_note_finish  (TjSessionModel      *self,
                                                       GAsyncResult        *result,
                                                       GError             **error);
void            tj_session_model_add_offer_async      (TjSessionModel      *self,
                                                       JsonObject          *input,
                                                       GCancellable        *cancellable,
                                                       GAsyncReadyCallback  callback,
                                                       gpointer             user_data);
gboolean        tj_session_model_add_offer_finish     (TjSessionModel      *self,
                                                       GAsyncResult        *result,
                                                       GError             **error);
/* Ends the meeting of the step (continue), or, with "agreed" or
 * "failed", the mediation at the open meeting (a short joint one is
 * opened to record it when every meeting has ended), in one transaction;
 * the model then shows the outcome step. */
void            tj_session_model_end_async            (TjSessionModel      *self,
                                                       const char          *outcome,
                                                       const char          *reason,
                                                       JsonObject          *terms,
                                                       GCancellable        *cancellable,
                                                       GAsyncReadyCallback  callback,
                                                       gpointer             user_data);
JsonObject     *tj_session_model_end_finish           (TjSessionModel      *self,
                                                       GAsyncResult        *result,
                                                       GError             **error);
/* Done when every job asked of the repository's worker before it is done
 * (the model's writes, a note autosave's). */
void            tj_session_model_flush_async          (TjSessionModel      *self,
                                                       GCancellable        *cancellable,
                                                       GAsyncReadyCallback  callback,
                                                       gpointer             user_data);
gboolean        tj_session_model_flush_finish         (TjSessionModel      *self,
                                                       GAsyncResult        *result,
                                                       GError             **error);

G_END_DECLS
