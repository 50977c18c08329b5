/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The centre's statistics (issue 8), computed in SQL. Definitions are in
 * tj-report.h; the summary's figures and the case lists behind them are
 * written from the same conditions, and the unit test checks that every
 * figure equals the number of cases it lists.
 *
 * This file holds the options, periods and labels; the index is in
 * tj-report-index.c, the figures' conditions in tj-report-figures.c, the
 * summary and its tables in tj-report-summary.c, charts and exports in
 * tj-report-chart.c and tj-report-export.c. */
#undef G_LOG_DOMAIN
#define G_LOG_DOMAIN "Tiaojie-Report"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tj-calendar.h"
#include "tj-case.h"
#include "tj-deadline.h"
#include "tj-i18n.h"
#include "tj-json.h"
#include "tj-report.h"
#include "tj-report-private.h"

void
tj_report_options_init (TjReportOptions *options)
{
  g_return_if_fail (options != NULL);
  memset (options, 0, sizeof *options);
  options->collective_min_workers = 10;
}

/* ------------------------------------------------------------------ */
/* Periods and labels                                                   */

gboolean
tj_report_check_period (const char  *from,
                        const char  *to,
                        GError     **error)
{
  GDate a, b;

  if (from == NULL || !tj_date_parse_iso (from, &a))
    {
      tj_set_invalid (error, "from", _("from: “%s” is not a date (YYYY-MM-DD)"),
                   from ? from : "");
      return FALSE;
    }
  if (to == NULL || !tj_date_parse_iso (to, &b))
    {
      tj_set_invalid (error, "to", _("to: “%s” is not a date (YYYY-MM-DD)"), to ? to : "");
      return FALSE;
    }
  if (g_date_compare (&a, &b) > 0)
    {
      tj_set_invalid (error, "to", _("to: the period ends (%s) before it starts (%s)"), to, from);
      return FALSE;
    }
  return TRUE;
}

const char *
_tj_report_month_name (int month)
{
  switch (month)
    {
    case 1: return C_("month", "January");
    case 2: return C_("month", "February");
    case 3: return C_("month", "March");
    case 4: return C_("month", "April");
    case 5: return C_("month", "May");
    case 6: return C_("month", "June");
    case 7: return C_("month", "July");
    case 8: return C_("month", "August");
    case 9: return C_("month", "September");
    case 10: return C_("month", "October");
    case 11: return C_("month", "November");
    case 12: return C_("month", "December");
    default: return "";
    }
}

const char *
_tj_report_month_short (int month)
{
  switch (month)
    {
    case 1: return C_("month", "Jan");
    case 2: return C_("month", "Feb");
    case 3: return C_("month", "Mar");
    case 4: return C_("month", "Apr");
    case 5: return C_("month", "May");
    case 6: return C_("month", "Jun");
    case 7: return C_("month", "Jul");
    case 8: return C_("month", "Aug");
    case 9: return C_("month", "Sep");
    case 10: return C_("month", "Oct");
    case 11: return C_("month", "Nov");
    case 12: return C_("month", "Dec");
    default: return "";
    }
}

static gboolean
is_month_end (const GDate *d)
{
  return g_date_get_day (d) == g_date_get_days_in_month (g_date_get_month (d), g_date_get_year (d));
}

char *
tj_report_period_label (const char *from,
                        const char *to)
{
  GDate a, b;

  if (from == NULL || to == NULL || !tj_date_parse_iso (from, &a) || !tj_date_parse_iso (to, &b))
    return g_strdup ("");
  if (g_date_get_day (&a) == 1 && is_month_end (&b) && g_date_get_year (&a) == g_date_get_year (&b))
    {
      int y = g_date_get_year (&a);
      int m0 = g_date_get_month (&a), m1 = g_date_get_month (&b);

      if (m0 == m1)
        /* Translators: a month of a year, e.g. "July 2026"; %1$s is the month, %2$d the year */
        return g_strdup_printf (C_("period", "%1$s %2$d"), _tj_report_month_name (m0), y);
      if (m0 == 1 && m1 == 12)
        /* Translators: a whole year */
        return g_strdup_printf (C_("period", "Year %d"), y);
      if (m1 == m0 + 2 && (m0 - 1) % 3 == 0)
        {
          switch ((m0 - 1) / 3)
            {
            case 0: return g_strdup_printf (C_("period", "First quarter of %d"), y);
            case 1: return g_strdup_printf (C_("period", "Second quarter of %d"), y);
            case 2: return g_strdup_printf (C_("period", "Third quarter of %d"), y);
            default: return g_strdup_printf (C_("period", "Fourth quarter of %d"), y);
            }
        }
    }
  /* Translators: a custom period, from one date to another */
  return g_strdup_printf (C_("period", "%s to %s"), from, to);
}

const char *
tj_report_outcome_label (const char *outcome)
{
  if (g_strcmp0 (outcome, "agreed") == 0)
    return C_("outcome", "Agreed");
  if (g_strcmp0 (outcome, "failed") == 0)
    return C_("outcome", "Failed");
  if (g_strcmp0 (outcome, "withdrawn") == 0)
    return C_("outcome", "Withdrawn");
  if (g_strcmp0 (outcome, "referred") == 0)
    return C_("outcome", "Referred");
  return "";
}
