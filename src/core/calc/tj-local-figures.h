/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

typedef enum {
  TJ_LOCAL_FIGURE_AVG_MONTHLY_WAGE,   /* the average monthly wage of a year, as published */
  TJ_LOCAL_FIGURE_MIN_MONTHLY_WAGE,   /* the monthly minimum wage */
} TjLocalFigureKind;

/**
 * TjLocalFigure:
 * @city: e.g. "上海"
 * @kind: which figure
 * @value_fen: the figure
 * @effective: ISO date from which it applies: a minimum wage from the day
 *   it takes effect, an average wage from the day it was published
 * @effective_date: the same as a date
 * @of_year: for an average wage, the statistical year it is the average
 *   of (the "previous year" of 劳动合同法 §47); 0 for a minimum wage
 * @source: where the figure comes from
 * @published: when it was published (YYYY-MM or YYYY-MM-DD), or NULL
 * @verify: a note asking to check the figure, or NULL
 *
 * One figure applies from its @effective date until the next figure of the
 * same city and kind.
 */
typedef struct {
  char              *city;
  TjLocalFigureKind  kind;
  gint64             value_fen;
  char              *effective;
  GDate              effective_date;
  guint              of_year;
  char              *source;
  char              *published;
  char              *verify;
} TjLocalFigure;

#define TJ_TYPE_LOCAL_FIGURES (tj_local_figures_get_type ())
G_DECLARE_FINAL_TYPE (TjLocalFigures, tj_local_figures, TJ, LOCAL_FIGURES, GObject)

/**
 * TjLocalFigures:
 *
 * Local wage figures by city and date from the bundled, dated file
 * data/local-figures-cn.json, with $XDG_DATA_HOME/tiaojie/local-figures-cn.json
 * on top (an entry of the same city, kind and effective date replaces the
 * bundled one; others are added). Format:
 * |[
 * { "source": "…", "updated": "2026-11-22",
 *   "figures": [
 *     { "city": "上海", "kind": "min_monthly_wage", "value_fen": 274000,
 *       "effective": "2025-07-01", "source": "…", "published": "2025-06" },
 *     { "city": "上海", "kind": "avg_monthly_wage", "value_fen": 1218300,
 *       "of_year": 2023, "effective": "2024-06-01", "source": "…" } ] }
 * ]|
 * Files of the earlier format, one entry per city and year
 * ({"city", "year", "avg_monthly_wage_fen", "avg_wage_of_year",
 * "min_monthly_wage_fen", "min_wage_effective", "published"}), are still
 * read: the minimum wage applies from "min_wage_effective" and the average
 * from "published" (1 January of "year" when they are missing).
 */
TjLocalFigures *tj_local_figures_new                (void);
/* Bundled data, then the user file; a broken user file is ignored and
 * reported by tj_local_figures_get_warnings(). */
TjLocalFigures *tj_local_figures_new_default        (void);
TjLocalFigures *tj_local_figures_new_with_user_file (const char *user_file);
char           *tj_local_figures_get_user_file_path (void);

/* For preferences: check @source_path completely and copy it to
 * @dest_path (NULL: the user file path); nothing is written on bad data,
 * and the error names the file, the line and the member. */
gboolean        tj_local_figures_install_file (const char  *source_path,
                                               const char  *dest_path,
                                               GError     **error);

gboolean        tj_local_figures_load_data  (TjLocalFigures  *self,
                                             const char      *data,
                                             gssize           length,
                                             const char      *name,
                                             GError         **error);
gboolean        tj_local_figures_load_file  (TjLocalFigures  *self,
                                             const char      *path,
                                             GError         **error);

/**
 * tj_local_figures_lookup:
 * @city: the city
 * @kind: which figure is needed
 * @on: (nullable): the day it must apply on; NULL for the latest figure
 * @warning: (out) (optional): set (translated) when the figure found looks
 *   outdated for @on: a minimum wage in force for more than two years
 *   (最低工资规定 §10 asks for an adjustment at least every two years), an
 *   average wage of a year more than two years before @on
 * @error: TJ_ERROR_NOT_FOUND when no figure of @city applies on @on
 *
 * Returns: (transfer none): the figure with the latest effective date on
 *   or before @on.
 */
const TjLocalFigure *tj_local_figures_lookup (TjLocalFigures    *self,
                                              const char        *city,
                                              TjLocalFigureKind  kind,
                                              const GDate       *on,
                                              char             **warning,
                                              GError           **error);

/**
 * tj_local_figures_lookup_period:
 * @from: first day of the period
 * @to: last day of the period
 * @error: TJ_ERROR_NOT_FOUND when no figure applies on @from
 *
 * Returns: (transfer container) (element-type TjLocalFigure): the figures
 *   that apply in turn over the period, in order: the one in force on
 *   @from, then each one that takes effect up to @to.
 */
GPtrArray      *tj_local_figures_lookup_period (TjLocalFigures    *self,
                                                const char        *city,
                                                TjLocalFigureKind  kind,
                                                const GDate       *from,
                                                const GDate       *to,
                                                GError           **error);

/* "min_monthly_wage" or "avg_monthly_wage", as in the file. */
const char     *tj_local_figure_kind_to_string (TjLocalFigureKind kind);

/* Sorted distinct city names. */
GStrv           tj_local_figures_get_cities   (TjLocalFigures *self);
const char * const *tj_local_figures_get_warnings (TjLocalFigures *self);

G_END_DECLS
