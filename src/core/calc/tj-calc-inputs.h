/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/*
 * What each calculator reads (tj-calc.h), described once: the calculator
 * window builds its form from it and `tiaojie-cli calc describe KIND`
 * prints it, so neither front end decides which inputs a calculator has.
 * A member may appear more than once with other words for other kinds
 * (the monthly wage means the average of 12 months for compensation, the
 * normal wage for overtime).
 */

typedef enum {
  TJ_CALC_INPUT_MONEY,    /* integer fen */
  TJ_CALC_INPUT_DATE,     /* YYYY-MM-DD */
  TJ_CALC_INPUT_MONTH,    /* YYYY-MM */
  TJ_CALC_INPUT_NUMBER,
  TJ_CALC_INPUT_CITY,     /* a city of the local figures */
  TJ_CALC_INPUT_GROUND,   /* one of tj_calc_get_termination_grounds() */
} TjCalcInputType;

typedef struct {
  const char      *member;  /* the JSON member */
  const char      *title;   /* untranslated (N_); translate with _() */
  const char      *hint;    /* untranslated (N_) */
  TjCalcInputType  type;
  const char      *kinds;   /* the calculators that read it, space-separated */
} TjCalcInput;

/* Every input of every calculator but arrears (whose input is a list of
 * months: "items" of {month, due_fen, paid_fen}), in the order a form
 * shows them. */
#define TJ_CALC_N_INPUTS 27
extern const TjCalcInput tj_calc_inputs[TJ_CALC_N_INPUTS];

gboolean    tj_calc_input_used_by     (const TjCalcInput *input,
                                       const char        *kind);
/* "money", "date", "month", "number", "city", "ground". */
const char *tj_calc_input_type_name   (TjCalcInputType    type);

/* @kind's inputs as JSON: {kind, label, inputs: [{member, type, title,
 * hint}]} with translated texts (arrears: one "items" input of type
 * "list" with its members in "of"). NULL and TJ_ERROR_NOT_FOUND for an
 * unknown kind. (transfer full) */
JsonObject *tj_calc_describe          (const char        *kind,
                                       GError           **error);

G_END_DECLS
