/* SPDX-License-Identifier: GPL-3.0-or-later */
#undef G_LOG_DOMAIN
#define G_LOG_DOMAIN "Tiaojie-Calc"

#include "tj-calendar.h"
#include "tj-clock.h"
#include "tj-data-file.h"
#include "tj-error.h"
#include "tj-i18n.h"
#include "tj-json.h"
#include "tj-lunar.h"

#include <string.h>

#define HOLIDAYS_FILE "holidays-cn.json"

typedef struct {
  gboolean    official;
  char       *source;
  char       *published;
  GHashTable *holidays;   /* julian day → itself */
  GHashTable *workdays;
} YearData;

struct _TjCalendar {
  GObject     parent_instance;
  GHashTable *years;      /* year → YearData */
  GPtrArray  *warnings;   /* NULL-terminated */
};

G_DEFINE_FINAL_TYPE (TjCalendar, tj_calendar, G_TYPE_OBJECT)

static void
year_data_free (gpointer data)
{
  YearData *yd = data;

  g_free (yd->source);
  g_free (yd->published);
  g_hash_table_unref (yd->holidays);
  g_hash_table_unref (yd->workdays);
  g_free (yd);
}

/* Dates ---------------------------------------------------------------- */

gboolean
tj_date_parse_iso (const char *text,
                   GDate      *out)
{
  guint y, m, d;

  g_return_val_if_fail (out != NULL, FALSE);

  if (text == NULL || strlen (text) != 10 || text[4] != '-' || text[7] != '-')
    return FALSE;
  for (int i = 0; i < 10; i++)
    if (i != 4 && i != 7 && !g_ascii_isdigit (text[i]))
      return FALSE;
  y = (guint) g_ascii_strtoull (text, NULL, 10);
  m = (guint) g_ascii_strtoull (text + 5, NULL, 10);
  d = (guint) g_ascii_strtoull (text + 8, NULL, 10);
  if (y < 1 || !g_date_valid_dmy ((GDateDay) d, (GDateMonth) m, (GDateYear) y))
    return FALSE;
  g_date_clear (out, 1);
  g_date_set_dmy (out, (GDateDay) d, (GDateMonth) m, (GDateYear) y);
  return TRUE;
}

char *
tj_date_to_iso (const GDate *date)
{
  g_return_val_if_fail (date != NULL && g_date_valid (date), NULL);

  return g_strdup_printf ("%04u-%02u-%02u", g_date_get_year (date),
                          g_date_get_month (date), g_date_get_day (date));
}

char *
tj_date_format_display (const GDate *date)
{
  g_autoptr(GDateTime) dt = NULL;

  g_return_val_if_fail (date != NULL && g_date_valid (date), NULL);

  dt = g_date_time_new_utc (g_date_get_year (date), g_date_get_month (date), g_date_get_day (date), 12, 0, 0);
  /* xgettext:no-c-format */
  /* Translators: a date in g_date_time_format() notation; Chinese uses
   * "%Y年%-m月%-d日". */
  return g_date_time_format (dt, _("%-d %b %Y"));
}

void
tj_date_set_today (GDate *date)
{
  tj_clock_get_today (tj_clock_get_default (), date);
}

char *
tj_date_today_iso (const char *override)
{
  if (override)
    return g_strdup (override);
  return tj_clock_dup_today_iso (tj_clock_get_default ());
}

/* The calendar --------------------------------------------------------- */

static void
tj_calendar_finalize (GObject *object)
{
  TjCalendar *self = TJ_CALENDAR (object);

  g_clear_pointer (&self->years, g_hash_table_unref);
  g_clear_pointer (&self->warnings, g_ptr_array_unref);
  G_OBJECT_CLASS (tj_calendar_parent_class)->finalize (object);
}

static void
tj_calendar_class_init (TjCalendarClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = tj_calendar_finalize;
}

static void
tj_calendar_init (TjCalendar *self)
{
  self->years = g_hash_table_new_full (NULL, NULL, NULL, year_data_free);
  self->warnings = g_ptr_array_new_null_terminated (0, g_free, TRUE);
}

TjCalendar *
tj_calendar_new (void)
{
  return g_object_new (TJ_TYPE_CALENDAR, NULL);
}

char *
tj_calendar_get_user_file_path (void)
{
  return _tj_data_file_user_path (HOLIDAYS_FILE);
}

TjCalendar *
tj_calendar_new_with_user_file (const char *user_file)
{
  TjCalendar *self = tj_calendar_new ();

  _tj_data_file_load_default (HOLIDAYS_FILE, user_file, (TjDataFileLoad) tj_calendar_load_data, self,
                              self->warnings);
  return self;
}

TjCalendar *
tj_calendar_new_default (void)
{
  g_autofree char *user_file = tj_calendar_get_user_file_path ();

  return tj_calendar_new_with_user_file (user_file);
}

/* The process's default calendar. Replaced by tj_calendar_reload_default()
 * when newer data are installed; callers hold it without a reference, so a
 * replaced calendar is kept (retired) for the life of the process — once a
 * year or so, a few kilobytes. */
static GMutex default_lock;
static TjCalendar *default_calendar;
static GPtrArray *retired_calendars;

TjCalendar *
tj_calendar_get_default (void)
{
  TjCalendar *calendar;

  /* Loading parses the bundled data and the user's file: once is enough
   * for the indexes, the agenda and the reports alike. */
  g_mutex_lock (&default_lock);
  if (default_calendar == NULL)
    default_calendar = tj_calendar_new_default ();
  calendar = default_calendar;
  g_mutex_unlock (&default_lock);
  return calendar;
}

TjCalendar *
tj_calendar_reload_default (void)
{
  TjCalendar *fresh = tj_calendar_new_default ();

  g_mutex_lock (&default_lock);
  if (default_calendar)
    {
      if (retired_calendars == NULL)
        retired_calendars = g_ptr_array_new ();
      g_ptr_array_add (retired_calendars, default_calendar);
    }
  default_calendar = fresh;
  g_mutex_unlock (&default_lock);
  return fresh;
}

static gboolean
load_date_list (JsonObject  *year_object,
                const char  *member,
                const char  *year_key,
                guint        year,
                const char  *name,
                const char  *text,
                GHashTable  *into,
                GError     **error)
{
  JsonNode *node = json_object_get_member (year_object, member);
  JsonArray *array;
  guint line = _tj_data_file_line_of (text, year_key);

  if (node == NULL)
    return TRUE;
  if (!JSON_NODE_HOLDS_ARRAY (node))
    {
      g_set_error (error, TJ_ERROR, TJ_ERROR_INVALID,
                   _("%s, line %u: “%s” of year %u must be a list of dates"),
                   name, line, member, year);
      return FALSE;
    }
  array = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *element = json_array_get_element (array, i);
      const char *s = JSON_NODE_HOLDS_VALUE (element)
                      && json_node_get_value_type (element) == G_TYPE_STRING
                      ? json_node_get_string (element) : NULL;
      g_autofree char *quoted = s ? g_strdup_printf ("\"%s\"", s) : NULL;
      GDate date;

      if (s == NULL || !tj_date_parse_iso (s, &date))
        {
          guint at = quoted ? _tj_data_file_line_of (text, quoted) : line;
          g_set_error (error, TJ_ERROR, TJ_ERROR_INVALID,
                       _("%s, line %u: entry %u of “%s” of year %u is not a date (YYYY-MM-DD)"),
                       name, at ? at : line, i + 1, member, year);
          return FALSE;
        }
      if (g_date_get_year (&date) != year)
        {
          g_set_error (error, TJ_ERROR, TJ_ERROR_INVALID,
                       _("%s, line %u: %s is listed under year %u"),
                       name, _tj_data_file_line_of (text, quoted), s, year);
          return FALSE;
        }
      g_hash_table_add (into, GUINT_TO_POINTER (g_date_get_julian (&date)));
    }
  return TRUE;
}

gboolean
tj_calendar_load_data (TjCalendar  *self,
                       const char  *data,
                       gssize       length,
                       const char  *name,
                       GError     **error)
{
  g_autoptr(JsonObject) root = NULL;
  g_autoptr(GHashTable) parsed = NULL;
  g_autofree char *text = NULL;
  JsonObject *years;
  g_autoptr(GList) members = NULL;
  GHashTableIter iter;
  gpointer key, value;

  g_return_val_if_fail (TJ_IS_CALENDAR (self), FALSE);
  g_return_val_if_fail (data != NULL, FALSE);

  if (name == NULL)
    name = HOLIDAYS_FILE;
  root = _tj_data_file_parse (data, length, name, &text, error);
  if (root == NULL)
    return FALSE;
  years = tj_json_get_object (root, "years");
  if (years == NULL)
    {
      g_set_error (error, TJ_ERROR, TJ_ERROR_INVALID,
                   _("%s, line %u: “years” is missing or not an object of years"),
                   name, MAX (1u, _tj_data_file_line_of (text, "\"years\"")));
      return FALSE;
    }

  /* Parse everything first, then merge: invalid data change nothing. */
  parsed = g_hash_table_new_full (NULL, NULL, NULL, year_data_free);
  members = json_object_get_members (years);
  for (GList *l = members; l; l = l->next)
    {
      const char *year_name = l->data;
      g_autofree char *year_key = g_strdup_printf ("\"%s\"", year_name);
      guint line = _tj_data_file_line_of (text, year_key);
      JsonObject *year_object = tj_json_get_object (years, year_name);
      guint64 year = 0;
      YearData *yd;
      GHashTableIter it;
      gpointer day;

      if (strlen (year_name) != 4 || !g_ascii_string_to_unsigned (year_name, 10, 1900, 2999, &year, NULL))
        {
          g_set_error (error, TJ_ERROR, TJ_ERROR_INVALID,
                       _("%s, line %u: “%s” is not a year"), name, line, year_name);
          return FALSE;
        }
      if (year_object == NULL)
        {
          g_set_error (error, TJ_ERROR, TJ_ERROR_INVALID,
                       _("%s, line %u: year %s must be an object with “holidays” and “workdays”"),
                       name, line, year_name);
          return FALSE;
        }
      if (json_object_get_member (year_object, "holidays") == NULL)
        {
          g_set_error (error, TJ_ERROR, TJ_ERROR_INVALID,
                       _("%s, line %u: year %s has no “holidays” list"), name, line, year_name);
          return FALSE;
        }

      yd = g_new0 (YearData, 1);
      yd->holidays = g_hash_table_new (NULL, NULL);
      yd->workdays = g_hash_table_new (NULL, NULL);
      yd->official = tj_json_get_bool (year_object, "official", FALSE);
      yd->source = g_strdup (tj_json_get_string (year_object, "source",
                                                 tj_json_get_string (root, "source", NULL)));
      yd->published = g_strdup (tj_json_get_string (year_object, "published", NULL));
      g_hash_table_insert (parsed, GUINT_TO_POINTER ((guint) year), yd);

      if (!load_date_list (year_object, "holidays", year_key, (guint) year, name, text, yd->holidays, error)
          || !load_date_list (year_object, "workdays", year_key, (guint) year, name, text, yd->workdays, error))
        return FALSE;

      g_hash_table_iter_init (&it, yd->workdays);
      while (g_hash_table_iter_next (&it, &day, NULL))
        if (g_hash_table_contains (yd->holidays, day))
          {
            GDate date;
            g_autofree char *iso = NULL;
            g_autofree char *quoted = NULL;

            g_date_clear (&date, 1);
            g_date_set_julian (&date, GPOINTER_TO_UINT (day));
            iso = tj_date_to_iso (&date);
            quoted = g_strdup_printf ("\"%s\"", iso);
            g_set_error (error, TJ_ERROR, TJ_ERROR_INVALID,
                         _("%s, line %u: %s is listed both as a holiday and as a working day"),
                         name, _tj_data_file_line_of (text, quoted), iso);
            return FALSE;
          }
    }

  g_hash_table_iter_init (&iter, parsed);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      g_hash_table_iter_steal (&iter);
      g_hash_table_replace (self->years, key, value);
    }
  return TRUE;
}

gboolean
tj_calendar_load_file (TjCalendar  *self,
                       const char  *path,
                       GError     **error)
{
  g_return_val_if_fail (TJ_IS_CALENDAR (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  return _tj_data_file_load_file (path, (TjDataFileLoad) tj_calendar_load_data, self, error);
}

gboolean
tj_calendar_install_file (const char  *source_path,
                          const char  *dest_path,
                          GError     **error)
{
  g_autoptr(TjCalendar) check = tj_calendar_new ();
  g_autofree char *default_dest = NULL;

  g_return_val_if_fail (source_path != NULL, FALSE);

  if (dest_path == NULL)
    dest_path = default_dest = tj_calendar_get_user_file_path ();
  return _tj_data_file_install (source_path, dest_path, (TjDataFileLoad) tj_calendar_load_data, check,
                                error);
}

/* The statutory holidays without a notice ------------------------------ */

/* 全国年节及纪念日放假办法 fixes the days off of every year; the State
 * Council's yearly notice only adds the bridging days, the make-up days
 * for holidays on a weekend (办法 §6, "补假") and the working weekends
 * (调休), and is not known before the autumn before. For a year without
 * a notice, the fixed days still count: a period must not end on New
 * Year's Day 2027 because the 2027 notice is not out yet. Each version of
 * the 办法 applies from the year it took effect. */
typedef enum {
  RULES_1999 = 1999,   /* 国务院令第270号: 春节 初一–初三, 劳动节 5/1–5/3 */
  RULES_2007 = 2008,   /* 国务院令第513号, from 2008: 春节 除夕–初二, 清明, 端午, 中秋 */
  RULES_2013 = 2014,   /* 国务院令第644号, from 2014: 春节 初一–初三 */
  RULES_2024 = 2025,   /* 国务院令第795号, from 2025: 春节 除夕–初三, 劳动节 5/1–5/2 */
} FixedRules;

#define FIXED_FIRST_YEAR 2000
#define FIXED_LAST_YEAR  TJ_LUNAR_LAST_YEAR

static GMutex fixed_lock;
static GHashTable *fixed_years;   /* year → set of julian days; computed once */

static FixedRules
fixed_rules_of (guint year)
{
  return year >= RULES_2024 ? RULES_2024 : year >= RULES_2013 ? RULES_2013
         : year >= RULES_2007 ? RULES_2007 : RULES_1999;
}

static void
add_day (GHashTable  *days,
         const GDate *date,
         gint         offset)
{
  GDate d = *date;

  if (offset > 0)
    g_date_add_days (&d, (guint) offset);
  else if (offset < 0)
    g_date_subtract_days (&d, (guint) -offset);
  g_hash_table_add (days, GUINT_TO_POINTER (g_date_get_julian (&d)));
}

static GHashTable *
compute_fixed_days (guint year)
{
  GHashTable *days = g_hash_table_new (NULL, NULL);
  FixedRules rules = fixed_rules_of (year);
  GDate d, spring;

  g_date_clear (&d, 1);
  g_date_set_dmy (&d, 1, G_DATE_JANUARY, (GDateYear) year);          /* 元旦 */
  add_day (days, &d, 0);
  g_date_set_dmy (&d, 1, G_DATE_MAY, (GDateYear) year);              /* 劳动节 */
  add_day (days, &d, 0);
  if (rules == RULES_1999 || rules == RULES_2024)
    add_day (days, &d, 1);
  if (rules == RULES_1999)
    add_day (days, &d, 2);
  g_date_set_dmy (&d, 1, G_DATE_OCTOBER, (GDateYear) year);          /* 国庆 */
  for (gint i = 0; i < 3; i++)
    add_day (days, &d, i);

  /* 春节: 正月初一 and the days around it. 除夕 is the last day of the
   * twelfth month, the day before 初一 (of a 29- or 30-day month alike). */
  if (tj_lunar_to_gregorian (year, 1, 1, &spring))
    {
      if (rules == RULES_2007 || rules == RULES_2024)
        add_day (days, &spring, -1);
      add_day (days, &spring, 0);
      add_day (days, &spring, 1);
      if (rules != RULES_2007)
        add_day (days, &spring, 2);
    }
  if (rules != RULES_1999)
    {
      if (tj_lunar_solar_term (year, 15, &d))       /* 清明 */
        add_day (days, &d, 0);
      if (tj_lunar_to_gregorian (year, 5, 5, &d))   /* 端午 */
        add_day (days, &d, 0);
      if (tj_lunar_to_gregorian (year, 8, 15, &d))  /* 中秋 */
        add_day (days, &d, 0);
    }
  return days;
}

/* (transfer none) The fixed days off of @year, or NULL outside the years
 * the rules and the lunar computation cover. Cached for the process: they
 * depend on nothing but the year. */
static GHashTable *
fixed_days (guint year)
{
  GHashTable *days;

  if (year < FIXED_FIRST_YEAR || year > FIXED_LAST_YEAR)
    return NULL;
  g_mutex_lock (&fixed_lock);
  if (fixed_years == NULL)
    fixed_years = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify) g_hash_table_unref);
  days = g_hash_table_lookup (fixed_years, GUINT_TO_POINTER (year));
  if (days == NULL)
    {
      days = compute_fixed_days (year);
      g_hash_table_insert (fixed_years, GUINT_TO_POINTER (year), days);
    }
  g_mutex_unlock (&fixed_lock);
  return days;
}

gboolean
tj_calendar_year_is_estimated (TjCalendar *self,
                               guint       year)
{
  g_return_val_if_fail (TJ_IS_CALENDAR (self), FALSE);

  return !tj_calendar_covers_year (self, year) && year >= FIXED_FIRST_YEAR && year <= FIXED_LAST_YEAR;
}

const char *
tj_calendar_fixed_rules_source (guint year)
{
  if (year < FIXED_FIRST_YEAR || year > FIXED_LAST_YEAR)
    return NULL;
  switch (fixed_rules_of (year))
    {
    case RULES_2024:
      return "全国年节及纪念日放假办法（2024年11月10日国务院令第795号修订，2025年1月1日起施行）";
    case RULES_2013:
      return "全国年节及纪念日放假办法（2013年12月11日国务院令第644号修订，2014年1月1日起施行）";
    case RULES_2007:
      return "全国年节及纪念日放假办法（2007年12月14日国务院令第513号修订，2008年1月1日起施行）";
    case RULES_1999:
    default:
      return "全国年节及纪念日放假办法（1999年9月18日国务院令第270号修订）";
    }
}

static YearData *
lookup_year (TjCalendar  *self,
             const GDate *date)
{
  return g_hash_table_lookup (self->years, GUINT_TO_POINTER ((guint) g_date_get_year (date)));
}

gboolean
tj_calendar_is_makeup_workday (TjCalendar  *self,
                               const GDate *date)
{
  YearData *yd;

  g_return_val_if_fail (TJ_IS_CALENDAR (self), FALSE);
  g_return_val_if_fail (date != NULL && g_date_valid (date), FALSE);

  yd = lookup_year (self, date);
  return yd != NULL && g_hash_table_contains (yd->workdays, GUINT_TO_POINTER (g_date_get_julian (date)));
}

gboolean
tj_calendar_is_holiday (TjCalendar  *self,
                        const GDate *date)
{
  YearData *yd;

  g_return_val_if_fail (TJ_IS_CALENDAR (self), FALSE);
  g_return_val_if_fail (date != NULL && g_date_valid (date), FALSE);

  yd = lookup_year (self, date);
  if (yd == NULL)
    {
      /* No notice: the fixed days of the 办法 (see fixed_days()). */
      GHashTable *days = fixed_days (g_date_get_year (date));
      return days != NULL && g_hash_table_contains (days, GUINT_TO_POINTER (g_date_get_julian (date)));
    }
  return g_hash_table_contains (yd->holidays, GUINT_TO_POINTER (g_date_get_julian (date)));
}

gboolean
tj_calendar_is_working_day (TjCalendar  *self,
                            const GDate *date)
{
  GDateWeekday wd;

  g_return_val_if_fail (TJ_IS_CALENDAR (self), FALSE);
  g_return_val_if_fail (date != NULL && g_date_valid (date), FALSE);

  if (tj_calendar_is_makeup_workday (self, date))
    return TRUE;
  if (tj_calendar_is_holiday (self, date))
    return FALSE;
  wd = g_date_get_weekday (date);
  return wd != G_DATE_SATURDAY && wd != G_DATE_SUNDAY;
}

gboolean
tj_calendar_covers_year (TjCalendar *self,
                         guint       year)
{
  g_return_val_if_fail (TJ_IS_CALENDAR (self), FALSE);

  return g_hash_table_contains (self->years, GUINT_TO_POINTER (year));
}

const char *
tj_calendar_get_year_source (TjCalendar *self,
                             guint       year,
                             gboolean   *official)
{
  YearData *yd;

  g_return_val_if_fail (TJ_IS_CALENDAR (self), NULL);

  yd = g_hash_table_lookup (self->years, GUINT_TO_POINTER (year));
  if (official)
    *official = yd ? yd->official : FALSE;
  return yd ? yd->source : NULL;
}

static int
compare_uint (gconstpointer a,
              gconstpointer b)
{
  guint x = *(const guint *) a, y = *(const guint *) b;
  return x < y ? -1 : x > y;
}

GArray *
tj_calendar_get_years (TjCalendar *self)
{
  GArray *years = g_array_new (FALSE, FALSE, sizeof (guint));
  GHashTableIter iter;
  gpointer key;

  g_return_val_if_fail (TJ_IS_CALENDAR (self), years);

  g_hash_table_iter_init (&iter, self->years);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      guint y = GPOINTER_TO_UINT (key);
      g_array_append_val (years, y);
    }
  g_array_sort (years, compare_uint);
  return years;
}

static JsonArray *
sorted_dates (GHashTable *days)
{
  g_autoptr(GArray) julians = g_array_new (FALSE, FALSE, sizeof (guint));
  JsonArray *array = json_array_new ();
  GHashTableIter iter;
  gpointer key;

  g_hash_table_iter_init (&iter, days);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      guint j = GPOINTER_TO_UINT (key);
      g_array_append_val (julians, j);
    }
  g_array_sort (julians, compare_uint);
  for (guint i = 0; i < julians->len; i++)
    {
      GDate d;
      g_autofree char *iso = NULL;

      g_date_clear (&d, 1);
      g_date_set_julian (&d, g_array_index (julians, guint, i));
      iso = tj_date_to_iso (&d);
      json_array_add_string_element (array, iso);
    }
  return array;
}

JsonObject *
tj_calendar_describe_year (TjCalendar *self,
                           guint       year)
{
  YearData *yd;
  JsonObject *o;

  g_return_val_if_fail (TJ_IS_CALENDAR (self), NULL);

  yd = g_hash_table_lookup (self->years, GUINT_TO_POINTER (year));
  if (yd == NULL)
    {
      GHashTable *days = fixed_days (year);

      if (days == NULL)
        return NULL;
      o = json_object_new ();
      json_object_set_int_member (o, "year", year);
      json_object_set_boolean_member (o, "official", FALSE);
      json_object_set_boolean_member (o, "estimated", TRUE);
      json_object_set_string_member (o, "source", tj_calendar_fixed_rules_source (year));
      json_object_set_array_member (o, "holidays", sorted_dates (days));
      json_object_set_array_member (o, "workdays", json_array_new ());
      json_object_set_string_member (o, "warning", _("No State Council notice for this year is installed: only the statutory holidays of the 全国年节及纪念日放假办法 count as days off (春节, 清明, 端午 and 中秋 computed from the lunar calendar). The year’s make-up working days (调休) and bridging days are not known."));
      return o;
    }
  o = json_object_new ();
  json_object_set_int_member (o, "year", year);
  json_object_set_boolean_member (o, "official", yd->official);
  if (yd->source)
    json_object_set_string_member (o, "source", yd->source);
  if (yd->published)
    json_object_set_string_member (o, "published", yd->published);
  json_object_set_array_member (o, "holidays", sorted_dates (yd->holidays));
  json_object_set_array_member (o, "workdays", sorted_dates (yd->workdays));
  return o;
}

char *
tj_calendar_dup_fingerprint (TjCalendar *self)
{
  g_autoptr(GChecksum) sum = g_checksum_new (G_CHECKSUM_SHA256);
  g_autoptr(GArray) years = NULL;

  g_return_val_if_fail (TJ_IS_CALENDAR (self), NULL);

  /* Only what changes a count: the years, their days off and their
   * working weekend days, in order — and the rules for the years without
   * a notice, so that indexes counted before those rules existed (when a
   * year without a notice had weekends only) are counted again. */
  g_checksum_update (sum, (const guchar *) "fixed-holidays:1;", -1);
  years = tj_calendar_get_years (self);
  for (guint i = 0; i < years->len; i++)
    {
      guint year = g_array_index (years, guint, i);
      YearData *yd = g_hash_table_lookup (self->years, GUINT_TO_POINTER (year));
      g_autoptr(JsonArray) holidays = sorted_dates (yd->holidays);
      g_autoptr(JsonArray) workdays = sorted_dates (yd->workdays);
      g_autofree char *head = g_strdup_printf ("%u:", year);

      g_checksum_update (sum, (const guchar *) head, -1);
      for (guint j = 0; j < json_array_get_length (holidays); j++)
        g_checksum_update (sum, (const guchar *) json_array_get_string_element (holidays, j), -1);
      g_checksum_update (sum, (const guchar *) "|", 1);
      for (guint j = 0; j < json_array_get_length (workdays); j++)
        g_checksum_update (sum, (const guchar *) json_array_get_string_element (workdays, j), -1);
      g_checksum_update (sum, (const guchar *) ";", 1);
    }
  return g_strdup (g_checksum_get_string (sum));
}

const char * const *
tj_calendar_get_warnings (TjCalendar *self)
{
  g_return_val_if_fail (TJ_IS_CALENDAR (self), NULL);

  if (self->warnings->len == 0)
    return NULL;
  return (const char * const *) self->warnings->pdata;
}
