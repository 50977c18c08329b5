/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "tj-application.h"

G_BEGIN_DECLS

/* "Show to parties": a window for the screen the parties look at, in large
 * text, built from tj_session_view() for the parties' screen only — caucus
 * notes and private offers never reach it. It reads again whenever the
 * case changes. F11 toggles full screen, Escape leaves it. */
#define TJ_TYPE_PRESENTATION_WINDOW (tj_presentation_window_get_type ())
G_DECLARE_FINAL_TYPE (TjPresentationWindow, tj_presentation_window, TJ, PRESENTATION_WINDOW, AdwWindow)

TjPresentationWindow *tj_presentation_window_new    (TjApplication        *application,
                                                     const char           *case_id);
const char           *tj_presentation_window_get_case_id (TjPresentationWindow *self);
/* Reads the parties' view again (it does so itself on every change). */
/* Reads the view again, on the repository's worker. */
void                  tj_presentation_window_reload (TjPresentationWindow *self);
/* The view has been read and shown at least once. */
gboolean              tj_presentation_window_get_loaded (TjPresentationWindow *self);

G_END_DECLS
