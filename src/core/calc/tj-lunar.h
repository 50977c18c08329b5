/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The dates of the Chinese calendar that the statutory holidays need
 * (全国年节及纪念日放假办法: 春节, 清明, 端午, 中秋), computed from the
 * positions of the Sun and the Moon at UTC+8, as the Chinese calendar is
 * defined (GB/T 33661-2017 《农历的编算和颁行》). Years 1900–2100. */

#define TJ_LUNAR_FIRST_YEAR 1900
#define TJ_LUNAR_LAST_YEAR  2100

/**
 * tj_lunar_to_gregorian:
 * @year: the Gregorian year in which the lunar year begins
 * @month: a lunar month, 1–10 (never a leap month; months 11 and 12 end
 *   the lunar year in the next Gregorian year and no holiday needs them)
 * @day: the day of that month, 1–30
 * @out: the Gregorian date
 *
 * E.g. (2027, 1, 1) is 春节 2027, 2027-02-06; (2025, 8, 15) is 中秋 2025,
 * 2025-10-06. A @day past the end of a 29-day month runs into the next.
 *
 * Returns: FALSE when @year is outside 1900–2100 or @month/@day are out of
 *   range.
 */
gboolean tj_lunar_to_gregorian (guint  year,
                                guint  month,
                                guint  day,
                                GDate *out);

/**
 * tj_lunar_solar_term:
 * @year: a Gregorian year
 * @longitude: the Sun's apparent ecliptic longitude in degrees, a multiple
 *   of 15 (15 is 清明, 270 the winter solstice 冬至)
 * @out: the day (at UTC+8) in @year on which the Sun reaches it
 *
 * Returns: FALSE outside 1900–2100 or for a longitude that is not a
 *   multiple of 15.
 */
gboolean tj_lunar_solar_term   (guint  year,
                                guint  longitude,
                                GDate *out);

G_END_DECLS
