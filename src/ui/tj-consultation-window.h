/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "tj-application.h"

G_BEGIN_DECLS

#define TJ_TYPE_CONSULTATION_WINDOW (tj_consultation_window_get_type ())
G_DECLARE_FINAL_TYPE (TjConsultationWindow, tj_consultation_window, TJ, CONSULTATION_WINDOW, AdwWindow)

/* The two-minute evening-clinic form. It writes the consultation itself
 * and then emits "saved" (id, open-case) and closes; open-case is TRUE when
 * the user asked to open a case from it at once. */
TjConsultationWindow *tj_consultation_window_new  (GtkWindow            *parent,
                                                   TjApplication        *application);
/* Saves as the Save button does: FALSE (and the form stays open, the
 * wrong field marked) when the input is refused before anything was
 * written; TRUE when it went to the repository's worker (busy until it
 * answers: then "saved" and closed, or the core's refusal shown). */
gboolean              tj_consultation_window_save (TjConsultationWindow *self,
                                                   gboolean              open_case);
gboolean              tj_consultation_window_get_busy (TjConsultationWindow *self);

G_END_DECLS
