/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* ISO dates (YYYY-MM-DD) ↔ GDate. The parser is strict: a real calendar
 * date, four-digit year, two-digit month and day. */
gboolean  tj_date_parse_iso     (const char  *text,
                                 GDate       *out);
char     *tj_date_to_iso        (const GDate *date);
/* @date as the user's language writes it in prose ("22 Nov 2026",
 * "2026年11月22日"), the same as the UI's dates. (transfer full) */
char     *tj_date_format_display (const GDate *date);
/* Today by the default clock (tj_clock_get_default(): the local date, or
 * the day the environment pins or moves it to). */
void      tj_date_set_today     (GDate       *date);
/* @override when set (the "today" of a context or a test), else today by
 * the default clock, as ISO. */
char     *tj_date_today_iso     (const char  *override);

#define TJ_TYPE_CALENDAR (tj_calendar_get_type ())
G_DECLARE_FINAL_TYPE (TjCalendar, tj_calendar, TJ, CALENDAR, GObject)

/**
 * TjCalendar:
 *
 * The public-holiday calendar of mainland China: per year, the days off
 * (holidays, including the weekend days inside a break) and the make-up
 * working days (调休) that fall on a weekend. For a year it has no notice
 * for (2000–2100), the days off are the statutory holidays that the
 * 全国年节及纪念日放假办法 fixes (元旦, 春节, 清明, 劳动节, 端午, 中秋, 国庆,
 * the lunar ones computed) and the weekends: the year is "estimated", its
 * make-up working days unknown. Outside those years, Saturdays and Sundays
 * are the rest days.
 *
 * The data come from the bundled file data/holidays-cn.json (compiled into
 * the core) and, per year, from the user's file
 * $XDG_DATA_HOME/tiaojie/holidays-cn.json, which replaces the bundled data
 * of each year it contains. Format:
 * |[
 * { "source": "…", "updated": "2026-11-22",
 *   "years": { "2026": { "official": true, "source": "国务院办公厅…",
 *                        "published": "2025-11-04",
 *                        "holidays": ["2026-01-01", …],
 *                        "workdays": ["2026-01-04", …] } } }
 * ]|
 */

TjCalendar *tj_calendar_new              (void);
/* Bundled data, then the user file (if any). A broken user file is
 * ignored and reported by tj_calendar_get_warnings(), never fatal. */
TjCalendar *tj_calendar_new_default      (void);
/* The default calendar of the process, loaded once on first use; (transfer
 * none). Read-only after load, so threads may share it. */
TjCalendar *tj_calendar_get_default      (void);
/* Loads the default calendar again (after newer data were installed) and
 * makes it the default; (transfer none). Indexes that stored dates counted
 * with the old one recount them: see tj_case_recount_deadlines(). */
TjCalendar *tj_calendar_reload_default   (void);
/* Same with an explicit user file (for tests and preferences). */
TjCalendar *tj_calendar_new_with_user_file (const char *user_file);

/* $XDG_DATA_HOME/tiaojie/holidays-cn.json */
char       *tj_calendar_get_user_file_path (void);

/* Merge data (the format above) over what the calendar holds, year by
 * year. @name names the data in errors ("holidays-cn.json"). Nothing is
 * changed when the data are invalid; the error names the file and line. */
gboolean    tj_calendar_load_data        (TjCalendar  *self,
                                          const char  *data,
                                          gssize       length,
                                          const char  *name,
                                          GError     **error);
gboolean    tj_calendar_load_file        (TjCalendar  *self,
                                          const char  *path,
                                          GError     **error);

/* For preferences ("update the holiday calendar"): check @source_path
 * completely and copy it to @dest_path (NULL: the user file path). On bad
 * data nothing is written and the error names the file and line. */
gboolean    tj_calendar_install_file     (const char  *source_path,
                                          const char  *dest_path,
                                          GError     **error);

gboolean    tj_calendar_is_working_day   (TjCalendar  *self,
                                          const GDate *date);
/* A day off that is not an ordinary weekend (a public holiday or a day of
 * a holiday break). */
gboolean    tj_calendar_is_holiday       (TjCalendar  *self,
                                          const GDate *date);
/* A weekend day that is a working day (调休). */
gboolean    tj_calendar_is_makeup_workday (TjCalendar *self,
                                          const GDate *date);
/* TRUE when a notice (bundled or installed) gives the year's days. */
gboolean    tj_calendar_covers_year      (TjCalendar  *self,
                                          guint        year);
/* TRUE when the year has no notice and counts the statutory holidays
 * only (computed): its 调休 and bridging days are unknown. */
gboolean    tj_calendar_year_is_estimated (TjCalendar *self,
                                          guint        year);
/* The version of the 全国年节及纪念日放假办法 in force in @year (Chinese),
 * or NULL outside 2000–2100. */
const char *tj_calendar_fixed_rules_source (guint      year);
/* Source (notice) of a year's data, or NULL; @official set when known. */
const char *tj_calendar_get_year_source  (TjCalendar  *self,
                                          guint        year,
                                          gboolean    *official);
/* Sorted years the calendar has data for. */
GArray     *tj_calendar_get_years        (TjCalendar  *self);
/* A year's data as JSON {year, official, source, published, holidays,
 * workdays} (sorted ISO dates); for an estimated year the statutory days
 * with "estimated": true and a "warning"; NULL outside 2000–2100 when the
 * calendar has no data. */
JsonObject *tj_calendar_describe_year    (TjCalendar  *self,
                                          guint        year);
/* A digest of the days off and working weekend days of every year: two
 * calendars that count every period alike have the same one. */
char       *tj_calendar_dup_fingerprint  (TjCalendar  *self);
/* Messages about user files that were ignored (translated), or NULL. */
const char * const *tj_calendar_get_warnings (TjCalendar *self);

G_END_DECLS
