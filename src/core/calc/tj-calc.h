/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

#include "tj-local-figures.h"

G_BEGIN_DECLS

/**
 * Labour-law calculators (docs/LAW.md, "Money").
 *
 * Each takes the JSON input documented in README.md ("Calculators") and
 * returns a result object:
 * |[
 * { "kind": "overtime", "amount_fen": 123456, "amount_text": "¥1,234.56",
 *   "breakdown": [ { "label": "…", "amount_fen": 6897, "formula": "…" },
 *                  { "label": "…", "value": "5.5" } ],
 *   "basis": [ { "statute": "…", "article": "…", "text": "…" } ],
 *   "warnings": [ "…" ] }
 * ]|
 * Ranges add "min_fen"/"max_fen" (amount_fen is then the lower end);
 * compensation adds "months" (e.g. 5.5), and with service before 2008
 * "months_before_2008"/"months_from_2008"; N + 1 adds "parts" (one
 * {kind, amount_fen, amount_text} per part). Figures taken from the local
 * figures file are named in "figures": [{city, year, kind, value_fen,
 * effective, of_year, used_on or from/to, source, published, verify}] and
 * as a step of the breakdown.
 *
 * All arithmetic is in integer fen with exact fractions; the final amount
 * is rounded once, half up, to the fen. Intermediate amounts in the
 * breakdown (hourly wage, daily wage…) are rounded for display only.
 *
 * A missing or mistyped input gives TJ_ERROR_INVALID naming the field.
 * Texts (labels, basis, warnings) are translated.
 */

/* NULL-terminated: arrears, overtime, compensation, unlawful_termination,
 * notice_pay, compensation_with_notice, double_wage, annual_leave,
 * late_payment, minimum_wage. */
const char * const *tj_calc_get_kinds (void);

/* NULL-terminated ids of the grounds of termination that
 * "termination_ground" takes (N with service before 2008, +1, N + 1),
 * and a ground's label in the user's words (translated), or NULL. */
const char * const *tj_calc_get_termination_grounds (void);
const char *tj_calc_termination_ground_label     (const char *ground);

/* Dispatch by @kind; TJ_ERROR_INVALID for an unknown kind. @figures is
 * used when an input names a "city" instead of a figure; may be NULL. */
JsonObject *tj_calc_run                  (const char      *kind,
                                          JsonObject      *input,
                                          TjLocalFigures  *figures,
                                          GError         **error);

JsonObject *tj_calc_arrears              (JsonObject      *input,
                                          GError         **error);
JsonObject *tj_calc_overtime             (JsonObject      *input,
                                          GError         **error);
JsonObject *tj_calc_compensation         (JsonObject      *input,
                                          TjLocalFigures  *figures,
                                          GError         **error);
JsonObject *tj_calc_unlawful_termination (JsonObject      *input,
                                          TjLocalFigures  *figures,
                                          GError         **error);
JsonObject *tj_calc_notice_pay           (JsonObject      *input,
                                          GError         **error);
JsonObject *tj_calc_compensation_with_notice (JsonObject  *input,
                                          TjLocalFigures  *figures,
                                          GError         **error);
JsonObject *tj_calc_double_wage          (JsonObject      *input,
                                          GError         **error);
JsonObject *tj_calc_annual_leave         (JsonObject      *input,
                                          GError         **error);
JsonObject *tj_calc_late_payment         (JsonObject      *input,
                                          GError         **error);
JsonObject *tj_calc_minimum_wage         (JsonObject      *input,
                                          TjLocalFigures  *figures,
                                          GError         **error);

/**
 * tj_calc_result_to_text:
 * @result: a result of one of the calculators
 *
 * The result as plain text for printing or copying into a note: the
 * amount (in figures and in Chinese capital numerals), each step of the
 * breakdown, the legal basis and the warnings, one per line. Headings are
 * translated.
 */
char       *tj_calc_result_to_text       (JsonObject      *result);

G_END_DECLS
