/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Calculator of pay for unused annual leave. */
#undef G_LOG_DOMAIN
#define G_LOG_DOMAIN "Tiaojie-Calc"

#include "tj-calc-private.h"
#include "tj-error.h"
#include "tj-i18n.h"
#include "tj-json.h"
#include "tj-money.h"


/* Legal bases ----------------------------------------------------------- */

static const Basis basis_leave_measures_5 = {
  N_("Measures for the Implementation of Paid Annual Leave for Enterprise Employees"), N_("Article 5"),
  N_("A worker who joins the employer during the year gets leave for that year pro rata by the calendar days left in the year: days left ÷ 365 × the full year’s leave; a part of a day is not granted.") };

static const Basis basis_leave_3 = {
  N_("Regulations on Paid Annual Leave for Employees"), N_("Article 3"),
  N_("Annual leave is 5 days after cumulative work of 1 to less than 10 years, 10 days after 10 to less than 20 years, and 15 days after 20 years.") };

static const Basis basis_leave_5 = {
  N_("Regulations on Paid Annual Leave for Employees"), N_("Article 5"),
  /* xgettext:no-c-format */
  N_("For each day of annual leave not taken, the employer pays 300% of the worker’s daily wage.") };

static const Basis basis_leave_measures_10 = {
  N_("Measures for the Implementation of Paid Annual Leave for Enterprise Employees"), N_("Articles 10 and 11"),
  /* xgettext:no-c-format */
  N_("The 300% includes the worker’s normal wage for the day, so 200% is owed in addition; the daily wage is the average monthly wage of the 12 months before, excluding overtime pay, divided by 21.75.") };

static const Basis basis_leave_measures_12 = {
  N_("Measures for the Implementation of Paid Annual Leave for Enterprise Employees"), N_("Article 12"),
  N_("When the contract ends and the leave of the current year has not been taken in full, the days owed are pro rata: days of the year already worked ÷ 365 × the full year’s leave − days already taken; a part of a day is not paid.") };

/* Unused annual leave -------------------------------------------------- */

JsonObject *
tj_calc_annual_leave (JsonObject  *input,
                      GError     **error)
{
  g_auto(Result) r = { 0 };
  gint64 wage = 0, years = 0, unused = 0, entitlement, daily, amount, taken = 0, leave_year = 0;
  g_autofree char *years_text = NULL;
  g_autofree char *ent_text = NULL;
  g_autofree char *unused_text = NULL;
  g_autofree char *wage_text = NULL;
  g_autofree char *line = NULL;
  g_autofree char *daily_line = NULL;
  GDate left_on, start, january, december;
  gboolean has_left = FALSE, has_start = FALSE, has_unused, new_hire;
  JsonNode *year_node;

  if (!_tj_calc_get_fen (input, "monthly_wage_fen", NULL, TRUE, &wage, error)
      || !_tj_calc_get_centi (input, "cumulative_years", TRUE, &years, error)
      || !_tj_calc_get_date (input, "left_on", FALSE, &left_on, &has_left, error)
      || !_tj_calc_get_date (input, "start", FALSE, &start, &has_start, error)
      || !_tj_calc_get_centi (input, "taken_days", FALSE, &taken, error))
    return NULL;
  if (has_left && has_start && g_date_compare (&start, &left_on) > 0)
    {
      g_set_error (error, TJ_ERROR, TJ_ERROR_INVALID, _("“left_on” is before “start”"));
      return NULL;
    }
  /* The year the leave is for: given, or the year of leaving, or the
   * year of joining. */
  year_node = _tj_calc_member (input, "year");
  if (year_node != NULL)
    {
      leave_year = JSON_NODE_HOLDS_VALUE (year_node) && json_node_get_value_type (year_node) == G_TYPE_INT64
                   ? json_node_get_int (year_node) : 0;
      if (leave_year < 1900 || leave_year > 2999)
        {
          g_set_error (error, TJ_ERROR, TJ_ERROR_INVALID, _("“%s” must be a year such as 2025"), "year");
          return NULL;
        }
      if (has_left && g_date_get_year (&left_on) != leave_year)
        {
          g_set_error (error, TJ_ERROR, TJ_ERROR_INVALID, _("“year” is not the year of “left_on”"));
          return NULL;
        }
    }
  else if (has_left)
    leave_year = g_date_get_year (&left_on);
  else if (has_start)
    leave_year = g_date_get_year (&start);
  if (has_start && leave_year && g_date_get_year (&start) > leave_year)
    {
      g_set_error (error, TJ_ERROR, TJ_ERROR_INVALID, _("“start” is after the year of the leave (“year”)"));
      return NULL;
    }
  if (leave_year)
    {
      g_date_clear (&january, 1);
      g_date_set_dmy (&january, 1, G_DATE_JANUARY, (GDateYear) leave_year);
      g_date_clear (&december, 1);
      g_date_set_dmy (&december, 31, G_DATE_DECEMBER, (GDateYear) leave_year);
    }
  /* Measures §5: joined during the year and still employed. */
  new_hire = !has_left && has_start && leave_year && g_date_compare (&start, &january) > 0;
  /* unused_days may be left out when the dates let us work it out. */
  has_unused = _tj_calc_member (input, "unused_days") != NULL;
  if (!_tj_calc_get_centi (input, "unused_days", !has_left && !new_hire, &unused, error))
    return NULL;

  _tj_calc_result_init (&r, "annual_leave");
  _tj_calc_add_basis (&r, &basis_leave_3);
  _tj_calc_add_basis (&r, &basis_leave_5);
  _tj_calc_add_basis (&r, &basis_leave_measures_10);

  /* Regulations §3: 已满1年不满10年 5 days, 已满10年不满20年 10, 已满20年 15
   * (values in hundredths of a year). */
  entitlement = years < 100 ? 0 : years < 1000 ? 5 : years < 2000 ? 10 : 15;
  years_text = _tj_calc_centi_to_string (years);
  ent_text = g_strdup_printf ("%" G_GINT64_FORMAT, entitlement);
  _tj_calc_add_value_step (&r, _("Cumulative years of work"), years_text, NULL);
  _tj_calc_add_value_step (&r, _("Annual leave entitlement (days)"), ent_text,
                           entitlement == 0 ? _("less than 1 year: none")
                           : entitlement == 5 ? _("1 to less than 10 years: 5 days")
                           : entitlement == 10 ? _("10 to less than 20 years: 10 days")
                           : _("20 years or more: 15 days"));
  if (entitlement == 0)
    _tj_calc_add_warning (&r, "%s", _("Less than one year of cumulative work: no annual leave is due."));

  if (has_left || new_hire)
    {
      gint64 days, payable;
      g_autofree char *days_text = NULL;
      g_autofree char *taken_text = _tj_calc_centi_to_string (taken);
      g_autofree char *payable_text = NULL;
      g_autofree char *formula = NULL;

      if (has_left)
        {
          /* Measures §12: (days of the year in the unit, from 1 January or
           * the start if later, to the last day ÷ 365 × the year's leave)
           * − days already taken; "折算后不足1整天的部分不支付": the part
           * of a day left of the whole formula is dropped, so a half day
           * taken counts before the rounding: exact hundredths are
           * (days × entitlement × 100 − taken × 365) ÷ 365, floored to
           * whole days. */
          GDate from = january;
          gint64 numerator;
          g_autofree char *exact = NULL;

          if (has_start && g_date_compare (&start, &from) > 0)
            from = start;
          days = g_date_days_between (&from, &left_on) + 1;
          numerator = days * entitlement * 100 - taken * 365;
          payable = numerator > 0 ? numerator / 36500 * 100 : 0;
          days_text = g_strdup_printf ("%" G_GINT64_FORMAT, days);
          _tj_calc_add_value_step (&r, _("Days of the year worked before leaving"), days_text, NULL);
          _tj_calc_add_value_step (&r, _("Leave already taken this year (days)"), taken_text, NULL);
          exact = _tj_calc_centi_to_string (numerator > 0 ? numerator / 365 : 0);
          payable_text = _tj_calc_centi_to_string (payable);
          formula = g_strdup_printf ("%s ÷ 365 × %" G_GINT64_FORMAT " − %s = %s… → %s",
                                     days_text, entitlement, taken_text, exact, payable_text);
          _tj_calc_add_value_step (&r, _("Leave owed for the part of the year, less the days taken (whole days)"),
                                   payable_text, formula);
          _tj_calc_add_basis (&r, &basis_leave_measures_12);
        }
      else
        {
          /* Measures §5: joined during the year — the year's leave is the
           * calendar days left in it (the day of joining included) ÷ 365
           * × the full year's leave, whole days only; the days taken then
           * come off it as they are (a half day taken leaves half a day). */
          gint64 year_days;
          g_autofree char *year_days_text = NULL;

          days = g_date_days_between (&start, &december) + 1;
          year_days = MIN (entitlement, days * entitlement / 365);
          payable = MAX (0, year_days * 100 - taken);
          days_text = g_strdup_printf ("%" G_GINT64_FORMAT, days);
          year_days_text = g_strdup_printf ("%" G_GINT64_FORMAT, year_days);
          formula = g_strdup_printf ("%s ÷ 365 × %" G_GINT64_FORMAT, days_text, entitlement);
          _tj_calc_add_value_step (&r, _("Calendar days of the year from joining (the day of joining included)"), days_text, NULL);
          _tj_calc_add_value_step (&r, _("Leave for the year of joining (whole days)"), year_days_text, formula);
          _tj_calc_add_value_step (&r, _("Leave already taken this year (days)"), taken_text, NULL);
          payable_text = _tj_calc_centi_to_string (payable);
          g_clear_pointer (&formula, g_free);
          formula = g_strdup_printf ("%s − %s", year_days_text, taken_text);
          _tj_calc_add_value_step (&r, _("Leave owed"), payable_text, formula);
          _tj_calc_add_basis (&r, &basis_leave_measures_5);
        }
      if (!has_unused)
        unused = payable;
      else if (unused > payable)
        {
          g_autofree char *given = _tj_calc_centi_to_string (unused);
          _tj_calc_add_warning (&r, _("%s unused days were given but only %s are owed for the part of the year worked: only %s are counted."),
                                given, payable_text, payable_text);
          unused = payable;
        }
    }
  else if (unused > entitlement * 100)
    {
      g_autofree char *given = _tj_calc_centi_to_string (unused);
      _tj_calc_add_warning (&r, _("%s unused days were given but the entitlement is %d days: only %d are counted."),
                            given, (int) entitlement, (int) entitlement);
      unused = entitlement * 100;
    }
  unused_text = _tj_calc_centi_to_string (unused);
  _tj_calc_add_value_step (&r, _("Unused days counted"), unused_text, NULL);

  wage_text = tj_money_format (wage);
  if (!tj_money_mul_div (wage, PAY_DAYS_DEN, PAY_DAYS_NUM, &daily))
    { _tj_calc_overflow (error); return NULL; }
  daily_line = g_strdup_printf ("%s ÷ 21.75", wage_text);
  _tj_calc_add_money_step (&r, _("Daily wage (12-month average excluding overtime ÷ 21.75, rounded for display)"), daily, daily_line);

  /* 200% extra: wage × 4/87 × 2 × days = wage × 8 × centi-days / 8700. */
  if (!tj_money_mul_div (wage, 2 * PAY_DAYS_DEN * unused, (gint64) PAY_DAYS_NUM * 100, &amount))
    { _tj_calc_overflow (error); return NULL; }
  line = g_strdup_printf ("%s ÷ 21.75 × 200%% × %s", wage_text, unused_text);
  /* xgettext:no-c-format */
  _tj_calc_add_money_step (&r, _("Pay for unused annual leave (200% on top of normal pay)"), amount, line);
  return _tj_calc_result_finish (&r, amount);
}
