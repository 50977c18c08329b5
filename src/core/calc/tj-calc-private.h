/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/*
 * Internals of the calculators (tj-calc.h), one file per family:
 * tj-calc.c (building a result, reading inputs, local figures, dispatch,
 * plain text), tj-calc-wages.c (pay owed), tj-calc-termination.c (ending a
 * contract), tj-calc-leave.c (annual leave), tj-calc-inputs.c (what each
 * calculator reads).
 */

#include "tj-calc.h"

G_BEGIN_DECLS

/* 21.75 monthly pay-calculation days (劳社部发〔2008〕3号) = 87/4, and 8
 * hours a day: hourly wage = monthly × 4 / 87 / 8 = monthly / 174. */
#define PAY_DAYS_NUM   87   /* daily wage = monthly × 4 / 87 */
#define PAY_DAYS_DEN   4
#define HOURS_PER_MONTH 174

/* A legal basis of a result; each family keeps the ones it cites. */
typedef struct {
  const char *statute;
  const char *article;
  const char *text;
} Basis;

/* The result being built. */
typedef struct {
  JsonObject *object;
  JsonArray  *breakdown;
  JsonArray  *basis;
  JsonArray  *warnings;
} Result;

void        _tj_calc_result_init      (Result          *r,
                                       const char      *kind);
void        _tj_calc_result_clear     (Result          *r);
JsonObject *_tj_calc_result_finish    (Result          *r,
                                       gint64           amount_fen);
void        _tj_calc_add_basis        (Result          *r,
                                       const Basis     *b);
void        _tj_calc_add_warning      (Result          *r,
                                       const char      *format,
                                       ...) G_GNUC_PRINTF (2, 3);
void        _tj_calc_add_money_step   (Result          *r,
                                       const char      *label,
                                       gint64           fen,
                                       const char      *formula);
void        _tj_calc_add_value_step   (Result          *r,
                                       const char      *label,
                                       const char      *value,
                                       const char      *formula);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Result, _tj_calc_result_clear)

/* Numbers for display */
char       *_tj_calc_centi_to_string  (gint64           centi);
char       *_tj_calc_half_months_to_string (gint64      half_months);
char       *_tj_calc_service_to_string (guint           years,
                                        guint           months,
                                        guint           days);

/* Input */
gboolean    _tj_calc_missing          (const char      *field,
                                       GError         **error);
JsonNode   *_tj_calc_member           (JsonObject      *input,
                                       const char      *name);
gboolean    _tj_calc_get_fen          (JsonObject      *input,
                                       const char      *name,
                                       const char      *field,
                                       gboolean         required,
                                       gint64          *out,
                                       GError         **error);
gboolean    _tj_calc_get_centi        (JsonObject      *input,
                                       const char      *name,
                                       gboolean         required,
                                       gint64          *out,
                                       GError         **error);
gboolean    _tj_calc_get_date         (JsonObject      *input,
                                       const char      *name,
                                       gboolean         required,
                                       GDate           *out,
                                       gboolean        *present,
                                       GError         **error);
gboolean    _tj_calc_get_string       (JsonObject      *input,
                                       const char      *name,
                                       const char     **out,
                                       GError         **error);
gboolean    _tj_calc_overflow         (GError         **error);

/* Figures from the local figures file, named in the result. */
void        _tj_calc_use_figure       (Result              *r,
                                       const TjLocalFigure *f,
                                       const GDate         *on,
                                       const GDate         *from,
                                       const GDate         *to);
const TjLocalFigure *
            _tj_calc_lookup_figure    (Result              *r,
                                       TjLocalFigures      *figures,
                                       const char          *city,
                                       const GDate         *on,
                                       TjLocalFigureKind    kind,
                                       GError             **error);
void        _tj_calc_count_months     (const GDate     *start,
                                       const GDate     *last,
                                       guint           *months_out,
                                       guint           *days_out,
                                       guint           *month_days_out);

G_END_DECLS
