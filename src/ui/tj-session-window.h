/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "tj-application.h"

G_BEGIN_DECLS

/* The mediator's workspace for one case (issue 4): the steps of the
 * separate-then-joint method in a sidebar; per step the guidance, the
 * saved checklist, the schedule, attendance, caucus notes with autosave,
 * demands and offers with their chart, positions and interests, and the
 * outcome. Open it with the action app.start-mediation::CASE_ID. Never
 * show this window to the parties: "Show to Parties" (F5) opens a
 * TjPresentationWindow with shared content only. */
#define TJ_TYPE_SESSION_WINDOW (tj_session_window_get_type ())
G_DECLARE_FINAL_TYPE (TjSessionWindow, tj_session_window, TJ, SESSION_WINDOW, AdwWindow)

TjSessionWindow *tj_session_window_new         (TjApplication   *application,
                                                const char      *case_id);
const char      *tj_session_window_get_case_id (TjSessionWindow *self);
/* Shows @step (a tj_session_steps() name). */
void             tj_session_window_select_step (TjSessionWindow *self,
                                                const char      *step);
const char      *tj_session_window_get_step    (TjSessionWindow *self);
/* The session the shown step works on, as tj_session_show() gives it. */
JsonObject      *tj_session_window_get_session (TjSessionWindow *self);
/* Opens (or raises) the workspace of @case_id. */
TjSessionWindow *tj_session_window_open        (TjApplication   *application,
                                                const char      *case_id);

G_END_DECLS
