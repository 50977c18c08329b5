/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

typedef enum {
  TJ_LOCAL_FIGURE_AVG_MONTHLY_WAGE,   /* previous year's average monthly wage */
  TJ_LOCAL_FIGURE_MIN_MONTHLY_WAGE,   /* monthly minimum wage */
} TjLocalFigureKind;

/**
 * TjLocalFigure:
 * @city: e.g. "北京"
 * @year: the year the figures are used for
 * @avg_monthly_wage_fen: previous year's average monthly wage, -1 if unknown
 * @avg_wage_of_year: the statistical year of that average
 * @min_monthly_wage_fen: monthly minimum wage, -1 if unknown
 * @min_wage_effective: date the minimum wage took effect, or NULL
 * @source: where the figures come from
 * @published: when they were published (YYYY-MM or YYYY-MM-DD)
 * @verify: a note asking to check the figures, or NULL
 */
typedef struct {
  char   *city;
  guint   year;
  gint64  avg_monthly_wage_fen;
  guint   avg_wage_of_year;
  gint64  min_monthly_wage_fen;
  char   *min_wage_effective;
  char   *source;
  char   *published;
  char   *verify;
} TjLocalFigure;

#define TJ_TYPE_LOCAL_FIGURES (tj_local_figures_get_type ())
G_DECLARE_FINAL_TYPE (TjLocalFigures, tj_local_figures, TJ, LOCAL_FIGURES, GObject)

/**
 * TjLocalFigures:
 *
 * Local wage figures by city and year from the bundled, dated file
 * data/local-figures-cn.json, overridden entry by entry (same city and
 * year) by $XDG_DATA_HOME/tiaojie/local-figures-cn.json. Format:
 * |[
 * { "source": "…", "updated": "2026-11-22",
 *   "figures": [ { "city": "北京", "year": 2024,
 *                  "avg_monthly_wage_fen": 1176100, "avg_wage_of_year": 2023,
 *                  "min_monthly_wage_fen": 242000, "min_wage_effective": "2023-09-01",
 *                  "source": "…", "published": "2024-07" } ] }
 * ]|
 * A figure may be null when it is not known.
 */
TjLocalFigures *tj_local_figures_new                (void);
/* Bundled data, then the user file; a broken user file is ignored and
 * reported by tj_local_figures_get_warnings(). */
TjLocalFigures *tj_local_figures_new_default        (void);
TjLocalFigures *tj_local_figures_new_with_user_file (const char *user_file);
char           *tj_local_figures_get_user_file_path (void);

/* For preferences: check @source_path completely and copy it to
 * @dest_path (NULL: the user file path); nothing is written on bad data. */
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
 * @year: the year of the period the figure is used for
 * @kind: which figure is needed
 * @warning: (out) (optional): set (translated) when the figure found is
 *   for an earlier year than @year
 * @error: TJ_ERROR_NOT_FOUND when no entry for @city up to @year has the figure
 *
 * Returns: (transfer none): the entry of the latest year ≤ @year that has
 *   the figure.
 */
const TjLocalFigure *tj_local_figures_lookup (TjLocalFigures    *self,
                                              const char        *city,
                                              guint              year,
                                              TjLocalFigureKind  kind,
                                              char             **warning,
                                              GError           **error);
/* Sorted distinct city names. */
GStrv           tj_local_figures_get_cities   (TjLocalFigures *self);
const char * const *tj_local_figures_get_warnings (TjLocalFigures *self);

G_END_DECLS
