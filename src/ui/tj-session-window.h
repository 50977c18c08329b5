/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "tj-application.h"
#include "tj-session-model.h"

G_BEGIN_DECLS

/* The mediator's workspace for one case: a shell around one section per
 * part of the work (tj-session-*-section: steps, checklist, meeting,
 * attendance, notes, offers, outcome), all bound to a #TjSessionModel —
 * the "model" property — which decides what its audience may see. In the
 * joint step the window shows the table's view; the lock in the header
 * reveals private content to the mediator until the step changes or the
 * parties' screen opens. "Show to Parties" (F5) opens a
 * TjPresentationWindow, and while it is up nothing private is shown here
 * either. Open it with the action app.start-mediation::CASE_ID. */
#define TJ_TYPE_SESSION_WINDOW (tj_session_window_get_type ())
G_DECLARE_FINAL_TYPE (TjSessionWindow, tj_session_window, TJ, SESSION_WINDOW, AdwWindow)

TjSessionWindow *tj_session_window_new         (TjApplication   *application,
                                                const char      *case_id);
const char      *tj_session_window_get_case_id (TjSessionWindow *self);
TjSessionModel  *tj_session_window_get_model   (TjSessionWindow *self);
/* Shows @step (a tj_session_steps() name). */
void             tj_session_window_select_step (TjSessionWindow *self,
                                                const char      *step);
const char      *tj_session_window_get_step    (TjSessionWindow *self);
/* The meeting the shown step works on, as the model's audience sees it. */
JsonObject      *tj_session_window_get_session (TjSessionWindow *self);
/* Opens (or raises) the workspace of @case_id. */
TjSessionWindow *tj_session_window_open        (TjApplication   *application,
                                                const char      *case_id);

G_END_DECLS
