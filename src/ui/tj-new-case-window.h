/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "tj-application.h"

G_BEGIN_DECLS

/* Intake: first the source (hotline dispatch, walk-in, evening clinic,
 * worker station, court referral, other referral), then a form with what
 * that source gives first: workers (rows typed quickly, Enter adds the
 * next), employer, the contractor chain for construction, the problem.
 * The core validates; its messages appear next to the fields they name
 * and nothing is saved until all is well. Earlier cases and consultations
 * with the same employer or worker are shown while typing. */
#define TJ_TYPE_NEW_CASE_WINDOW (tj_new_case_window_get_type ())
G_DECLARE_FINAL_TYPE (TjNewCaseWindow, tj_new_case_window, TJ, NEW_CASE_WINDOW, AdwWindow)

GtkWidget *tj_new_case_window_new           (GtkWindow       *parent,
                                             TjApplication   *application);
/* Skips the first step (Today's buttons, tests). */
void       tj_new_case_window_choose_source (TjNewCaseWindow *self,
                                             const char      *source);
/* Number of worker rows in the form (empty ones included). */
guint      tj_new_case_window_get_n_worker_rows (TjNewCaseWindow *self);
/* Validates and saves as the button does: FALSE when refused before
 * anything was written; TRUE when the case went to the repository's worker
 * (tj_new_case_window_get_busy() until it answers: then the window closes
 * and the case opens, or the core's reasons are shown). */
gboolean   tj_new_case_window_save          (TjNewCaseWindow *self);
gboolean   tj_new_case_window_get_busy      (TjNewCaseWindow *self);

G_END_DECLS
