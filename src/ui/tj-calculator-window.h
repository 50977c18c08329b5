/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>
#include <json-glib/json-glib.h>

#include "tj-application.h"

G_BEGIN_DECLS

#define TJ_TYPE_CALCULATOR_WINDOW (tj_calculator_window_get_type ())
G_DECLARE_FINAL_TYPE (TjCalculatorWindow, tj_calculator_window, TJ, CALCULATOR_WINDOW, AdwWindow)

/* The labour-law calculators (app.calculator, Ctrl+K). With @case_id the
 * result can be attached to that case as a claim; %NULL or "" for a
 * calculation on its own (an evening-clinic consultation). */
TjCalculatorWindow *tj_calculator_window_new       (GtkWindow          *parent,
                                                    TjApplication      *application,
                                                    const char         *case_id);
/* One of tj_calc_get_kinds(). */
void                tj_calculator_window_set_kind  (TjCalculatorWindow *self,
                                                    const char         *kind);
const char         *tj_calculator_window_get_kind  (TjCalculatorWindow *self);
/* Fills the fields from calculator input JSON (README "Calculators":
 * monthly_wage_fen, start, end, items…), e.g. from a case or a
 * consultation; members the kind does not use are ignored. */
void                tj_calculator_window_set_input (TjCalculatorWindow *self,
                                                    JsonObject         *input);
/* The entry of @member for the current kind (tests type into it like a
 * user); "items[N].month|due_fen|paid_fen" for the months of arrears. */
GtkEditable        *tj_calculator_window_get_field (TjCalculatorWindow *self,
                                                    const char         *member);
/* Calculates now instead of after the typing pause. */
void                tj_calculator_window_update    (TjCalculatorWindow *self);
/* (transfer none) (nullable): the result shown, NULL while the input is
 * incomplete or refused. */
JsonObject         *tj_calculator_window_get_result (TjCalculatorWindow *self);
/* Adds the result as a claim of the case, on the repository's worker;
 * the finish is FALSE with @error when refused. */
void                tj_calculator_window_attach_async  (TjCalculatorWindow  *self,
                                                        GAsyncReadyCallback  callback,
                                                        gpointer             user_data);
gboolean            tj_calculator_window_attach_finish (TjCalculatorWindow  *self,
                                                        GAsyncResult        *result,
                                                        GError             **error);

G_END_DECLS
