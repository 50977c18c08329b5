/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Calculators of pay owed: wage arrears, overtime, double wages for no
 * written contract, late-payment compensation, minimum-wage shortfall. */
#undef G_LOG_DOMAIN
#define G_LOG_DOMAIN "Tiaojie-Calc"

#include "tj-calc-private.h"
#include "tj-calendar.h"
#include "tj-error.h"
#include "tj-i18n.h"
#include "tj-json.h"
#include "tj-money.h"

#include <string.h>

/* Legal bases ----------------------------------------------------------- */

static const Basis basis_labour_law_50 = {
  N_("Labour Law"), N_("Article 50"),
  N_("Wages are paid monthly in money to the worker in person; the employer may not deduct or delay wages without cause.") };

static const Basis basis_lcl_30 = {
  N_("Labour Contract Law"), N_("Article 30"),
  N_("The employer pays the worker’s labour remuneration in time and in full as agreed in the contract and as the state prescribes; for arrears the worker may apply to the local court for a payment order.") };

static const Basis basis_labour_law_44 = {
  N_("Labour Law"), N_("Article 44"),
  /* xgettext:no-c-format */
  N_("Overtime is paid at no less than 150% of the wage for extended working hours, 200% for work on rest days without time off in lieu, and 300% for work on statutory holidays.") };

static const Basis basis_pay_days = {
  N_("Notice on the Average Monthly Working Time and Wage Conversion of Employees (MOHRSS [2008] No. 3)"), N_("Article 2"),
  N_("Monthly pay-calculation days are 21.75: daily wage = monthly wage ÷ 21.75; hourly wage = monthly wage ÷ (21.75 × 8).") };

static const Basis basis_lcl_82 = {
  N_("Labour Contract Law"), N_("Article 82"),
  N_("An employer that has not concluded a written contract with the worker more than one month and less than one year after employment began pays twice the monthly wage each month.") };

static const Basis basis_impl_6_7 = {
  N_("Implementing Regulations of the Labour Contract Law"), N_("Articles 6 and 7"),
  N_("The double wage runs from the day after the first month of employment until the day before the written contract is concluded; after a full year without one, an open-ended contract is deemed concluded and the double wage stops (at most 11 months).") };

static const Basis basis_lcl_85 = {
  N_("Labour Contract Law"), N_("Article 85"),
  /* xgettext:no-c-format */
  N_("If the employer does not pay remuneration in full and on time, pays below the local minimum wage, does not pay overtime, or does not pay economic compensation, the labour administration orders payment within a time limit, and for pay below the minimum wage the difference; if the employer still does not pay, it pays additional compensation of 50% to 100% of the amount owed.") };

static const Basis basis_min_wage_12 = {
  N_("Provisions on Minimum Wages"), N_("Article 12"),
  N_("After deducting overtime pay, special-condition allowances (night shift, high temperature, hazardous work…) and statutory welfare, the wage paid for normal work may not be below the local minimum wage.") };

/* Wage arrears ---------------------------------------------------------- */

JsonObject *
tj_calc_arrears (JsonObject  *input,
                 GError     **error)
{
  g_auto(Result) r = { 0 };
  JsonNode *items_node = _tj_calc_member (input, "items");
  JsonArray *items;
  g_autoptr(GHashTable) months = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  gint64 total_due = 0, total_paid = 0, total;
  g_autofree char *formula = NULL;

  if (items_node == NULL)
    { _tj_calc_missing ("items", error); return NULL; }
  if (!JSON_NODE_HOLDS_ARRAY (items_node)
      || json_array_get_length (json_node_get_array (items_node)) == 0)
    {
      g_set_error (error, TJ_ERROR, TJ_ERROR_INVALID,
                   _("“items” must be a non-empty list of {month, due_fen, paid_fen}"));
      return NULL;
    }
  items = json_node_get_array (items_node);

  _tj_calc_result_init (&r, "arrears");
  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      JsonNode *node = json_array_get_element (items, i);
      JsonObject *item = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
      g_autofree char *f_item = g_strdup_printf ("items[%u]", i);
      g_autofree char *f_month = g_strdup_printf ("items[%u].month", i);
      g_autofree char *f_due = g_strdup_printf ("items[%u].due_fen", i);
      g_autofree char *f_paid = g_strdup_printf ("items[%u].paid_fen", i);
      g_autofree char *label = NULL;
      g_autofree char *line = NULL;
      g_autofree char *due_text = NULL;
      g_autofree char *paid_text = NULL;
      const char *month = NULL;
      gint64 due = 0, paid = 0;
      GDate d;

      if (item == NULL)
        {
          g_set_error (error, TJ_ERROR, TJ_ERROR_INVALID,
                       _("“%s” must be an object {month, due_fen, paid_fen}"), f_item);
          return NULL;
        }
      if (_tj_calc_member (item, "month") != NULL)
        {
          g_autofree char *as_date = NULL;
          if (!_tj_calc_get_string (item, "month", &month, NULL) || month == NULL
              || strlen (month) != 7
              || !tj_date_parse_iso ((as_date = g_strconcat (month, "-01", NULL)), &d))
            {
              g_set_error (error, TJ_ERROR, TJ_ERROR_INVALID,
                           _("“%s” must be a month written YYYY-MM"), f_month);
              return NULL;
            }
        }
      else
        { _tj_calc_missing (f_month, error); return NULL; }
      if (!_tj_calc_get_fen (item, "due_fen", f_due, TRUE, &due, error)
          || !_tj_calc_get_fen (item, "paid_fen", f_paid, FALSE, &paid, error))
        return NULL;

      if (!g_hash_table_add (months, g_strdup (month)))
        _tj_calc_add_warning (&r, _("%s appears more than once in the list"), month);
      if (paid > due)
        _tj_calc_add_warning (&r, _("%s: more was paid than was due; the surplus is set off against the other months"), month);

      total_due += due;
      total_paid += paid;
      if (total_due > G_GINT64_CONSTANT (1000000000000000000))
        { _tj_calc_overflow (error); return NULL; }
      due_text = tj_money_format (due);
      paid_text = tj_money_format (paid);
      /* Translators: "2025-03: due ¥6,000.00, paid ¥2,000.00" */
      label = g_strdup_printf (_("%s: due %s, paid %s"), month, due_text, paid_text);
      line = g_strdup_printf ("%s − %s", due_text, paid_text);
      _tj_calc_add_money_step (&r, label, due - paid, line);
    }

  total = total_due - total_paid;
  _tj_calc_add_money_step (&r, _("Total due"), total_due, NULL);
  _tj_calc_add_money_step (&r, _("Total paid"), total_paid, NULL);
  if (total < 0)
    {
      _tj_calc_add_warning (&r, "%s", _("More was paid than was due in total: nothing is owed"));
      total = 0;
    }
  {
    g_autofree char *a = tj_money_format (total_due);
    g_autofree char *b = tj_money_format (total_paid);
    formula = g_strdup_printf ("%s − %s", a, b);
  }
  _tj_calc_add_money_step (&r, _("Wages owed"), total, formula);
  _tj_calc_add_basis (&r, &basis_labour_law_50);
  _tj_calc_add_basis (&r, &basis_lcl_30);
  return _tj_calc_result_finish (&r, total);
}

/* Overtime ----------------------------------------------------------- */

JsonObject *
tj_calc_overtime (JsonObject  *input,
                  GError     **error)
{
  g_auto(Result) r = { 0 };
  gint64 wage = 0, weekday = 0, restday = 0, holiday = 0;
  gint64 hourly, weighted, total;
  g_autofree char *wage_text = NULL;
  g_autofree char *formula = NULL;
  const struct {
    const char *label;
    gint64     *hours;
    gint64      percent;
  } rows[] = {
    { N_("Extended hours on working days at 150%"), &weekday, 150 },
    { N_("Rest-day work without time off in lieu at 200%"), &restday, 200 },
    { N_("Statutory-holiday work at 300%"), &holiday, 300 },
  };

  if (!_tj_calc_get_fen (input, "monthly_wage_fen", NULL, TRUE, &wage, error)
      || !_tj_calc_get_centi (input, "weekday_hours", FALSE, &weekday, error)
      || !_tj_calc_get_centi (input, "restday_hours", FALSE, &restday, error)
      || !_tj_calc_get_centi (input, "holiday_hours", FALSE, &holiday, error))
    return NULL;

  _tj_calc_result_init (&r, "overtime");
  wage_text = tj_money_format (wage);
  if (!tj_money_mul_div (wage, 1, HOURS_PER_MONTH, &hourly))
    { _tj_calc_overflow (error); return NULL; }
  formula = g_strdup_printf ("%s ÷ 21.75 ÷ 8", wage_text);
  _tj_calc_add_money_step (&r, _("Hourly wage (monthly wage ÷ 21.75 ÷ 8, rounded for display)"), hourly, formula);

  /* Exact: total = wage × Σ(percent × centi-hours) / (174 × 100 × 100),
   * rounded once. */
  weighted = 0;
  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    {
      gint64 part;
      g_autofree char *hours = _tj_calc_centi_to_string (*rows[i].hours);
      g_autofree char *line = NULL;

      weighted += rows[i].percent * *rows[i].hours;
      if (*rows[i].hours == 0)
        continue;
      if (!tj_money_mul_div (wage, rows[i].percent * *rows[i].hours,
                             (gint64) HOURS_PER_MONTH * 100 * 100, &part))
        { _tj_calc_overflow (error); return NULL; }
      line = g_strdup_printf ("%s ÷ 174 × %s h × %" G_GINT64_FORMAT "%%",
                              wage_text, hours, rows[i].percent);
      _tj_calc_add_money_step (&r, _(rows[i].label), part, line);
    }
  if (!tj_money_mul_div (wage, weighted, (gint64) HOURS_PER_MONTH * 100 * 100, &total))
    { _tj_calc_overflow (error); return NULL; }
  _tj_calc_add_money_step (&r, _("Overtime pay"), total, NULL);

  if (weighted == 0)
    _tj_calc_add_warning (&r, "%s", _("No overtime hours were given"));
  if (restday > 0)
    /* xgettext:no-c-format */
    _tj_calc_add_warning (&r, "%s", _("Rest-day work is paid at 200% only when no time off in lieu was arranged."));
  _tj_calc_add_basis (&r, &basis_labour_law_44);
  _tj_calc_add_basis (&r, &basis_pay_days);
  return _tj_calc_result_finish (&r, total);
}

/* Double wages for no written contract ---------------------------------- */

JsonObject *
tj_calc_double_wage (JsonObject  *input,
                     GError     **error)
{
  g_auto(Result) r = { 0 };
  gint64 wage = 0, amount;
  GDate start, signed_on, end, first, last, cap_last;
  gboolean has_signed = FALSE, has_end = FALSE, capped = FALSE, full_year = FALSE;
  g_autofree char *first_iso = NULL;
  g_autofree char *last_iso = NULL;
  g_autofree char *period = NULL;

  if (!_tj_calc_get_fen (input, "monthly_wage_fen", NULL, TRUE, &wage, error)
      || !_tj_calc_get_date (input, "start", TRUE, &start, NULL, error)
      || !_tj_calc_get_date (input, "contract_signed", FALSE, &signed_on, &has_signed, error)
      || !_tj_calc_get_date (input, "end", FALSE, &end, &has_end, error))
    return NULL;
  if (!has_signed && !has_end)
    {
      g_set_error (error, TJ_ERROR, TJ_ERROR_INVALID,
                   _("“contract_signed” is missing: give the date the written contract was signed, or “end” if the employment ended without one"));
      return NULL;
    }
  if ((has_signed && g_date_compare (&signed_on, &start) < 0)
      || (has_end && g_date_compare (&end, &start) < 0))
    {
      g_set_error (error, TJ_ERROR, TJ_ERROR_INVALID,
                   has_signed && g_date_compare (&signed_on, &start) < 0
                   ? _("“contract_signed” is before “start”: no double wage is owed for a contract signed before work began")
                   : _("“end” is before “start”"));
      return NULL;
    }

  _tj_calc_result_init (&r, "double_wage");
  _tj_calc_add_basis (&r, &basis_lcl_82);
  _tj_calc_add_basis (&r, &basis_impl_6_7);

  /* From the day after the first month (start + 1 month) to the day
   * before signing, or to the last day of employment; never past the day
   * before the first anniversary, which makes at most 11 months. */
  first = start;
  g_date_add_months (&first, 1);
  if (has_signed)
    {
      last = signed_on;
      g_date_subtract_days (&last, 1);
    }
  if (has_end && (!has_signed || g_date_compare (&end, &last) < 0))
    last = end;
  cap_last = start;
  g_date_add_months (&cap_last, 12);
  g_date_subtract_days (&cap_last, 1);
  if (g_date_compare (&last, &cap_last) >= 0)
    {
      full_year = TRUE;
      capped = g_date_compare (&last, &cap_last) > 0;
      last = cap_last;
    }

  if (g_date_compare (&last, &first) < 0)
    {
      _tj_calc_add_value_step (&r, _("Contract signed within the first month of employment"), "0", NULL);
      _tj_calc_add_money_step (&r, _("Double wage owed"), 0, NULL);
      return _tj_calc_result_finish (&r, 0);
    }

  first_iso = tj_date_to_iso (&first);
  last_iso = tj_date_to_iso (&last);
  period = g_strdup_printf ("%s – %s", first_iso, last_iso);
  _tj_calc_add_value_step (&r, _("Period without a written contract after the first month"), period, NULL);

  {
    /* Whole months from the employment's monthly anniversaries (start +
     * k months); a partial month is paid pro rata by the calendar days of
     * that wage month (days worked ÷ days in it). */
    guint months_from_start, days, month_days;
    gint64 months, numerator;
    g_autofree char *wage_text = tj_money_format (wage);
    g_autofree char *months_text = NULL;
    g_autofree char *line = NULL;

    _tj_calc_count_months (&start, &last, &months_from_start, &days, &month_days);
    months = (gint64) months_from_start - 1;   /* the first month is not owed */
    months_text = g_strdup_printf ("%" G_GINT64_FORMAT, months);
    _tj_calc_add_value_step (&r, _("Whole months"), months_text, NULL);
    if (days > 0)
      {
        g_autofree char *partial = g_strdup_printf ("%u / %u", days, month_days);
        _tj_calc_add_value_step (&r, _("Partial month (days ÷ days in that wage month)"), partial, NULL);
      }
    else
      month_days = 1;
    numerator = months * month_days + days;
    if (!tj_money_mul_div (wage, numerator, month_days, &amount))
      { _tj_calc_overflow (error); return NULL; }
    if (days > 0)
      line = g_strdup_printf ("%s × (%" G_GINT64_FORMAT " + %u/%u)", wage_text, months, days, month_days);
    else
      line = g_strdup_printf ("%s × %" G_GINT64_FORMAT, wage_text, months);
    _tj_calc_add_money_step (&r, _("Monthly wage"), wage, NULL);
    _tj_calc_add_money_step (&r, _("Double wage owed (the extra month’s wage per month)"), amount, line);
    /* For display: two decimals are enough (the amount is exact). */
    json_object_set_double_member (r.object, "months",
                                   (double) ((months * month_days + days) * 100 / month_days) / 100.0);
  }

  if (full_year)
    _tj_calc_add_warning (&r, "%s", capped
                          ? _("There was no written contract for more than a year: the double wage is limited to 11 months, and an open-ended contract is deemed concluded from the first anniversary (Labour Contract Law §14, Implementing Regulations §7).")
                          : _("The period reaches the 11-month limit of the double wage (Implementing Regulations §7)."));
  return _tj_calc_result_finish (&r, amount);
}

/* Late-payment additional compensation ---------------------------------- */

JsonObject *
tj_calc_late_payment (JsonObject  *input,
                      GError     **error)
{
  g_auto(Result) r = { 0 };
  gint64 owed = 0, min_fen, max_fen;
  g_autofree char *owed_text = NULL;
  g_autofree char *min_line = NULL;
  g_autofree char *max_line = NULL;

  if (!_tj_calc_get_fen (input, "amount_fen", NULL, TRUE, &owed, error))
    return NULL;

  _tj_calc_result_init (&r, "late_payment");
  if (!tj_money_mul_div (owed, 50, 100, &min_fen))
    { _tj_calc_overflow (error); return NULL; }
  max_fen = owed;
  owed_text = tj_money_format (owed);
  min_line = g_strdup_printf ("%s × 50%%", owed_text);
  max_line = g_strdup_printf ("%s × 100%%", owed_text);
  _tj_calc_add_money_step (&r, _("Amount owed"), owed, NULL);
  _tj_calc_add_money_step (&r, _("Additional compensation, lower end (50%)"), min_fen, min_line);
  _tj_calc_add_money_step (&r, _("Additional compensation, upper end (100%)"), max_fen, max_line);
  _tj_calc_add_warning (&r, "%s", _("Due only when the labour administration ordered payment by a deadline and the employer still did not pay. The authority sets the rate within the range; amount_fen is the lower end."));
  _tj_calc_add_basis (&r, &basis_lcl_85);
  json_object_set_int_member (r.object, "min_fen", min_fen);
  json_object_set_int_member (r.object, "max_fen", max_fen);
  return _tj_calc_result_finish (&r, min_fen);
}

/* Minimum-wage shortfall ------------------------------------------------ */

/* A month "YYYY-MM" as its first day. */
static gboolean
get_month (JsonObject  *input,
           const char  *name,
           GDate       *out,
           gboolean    *present,
           GError     **error)
{
  const char *text = NULL;
  g_autofree char *day = NULL;

  *present = FALSE;
  if (!_tj_calc_get_string (input, name, &text, error))
    return FALSE;
  if (text == NULL)
    return TRUE;
  if (strlen (text) != 7 || !tj_date_parse_iso ((day = g_strconcat (text, "-01", NULL)), out))
    {
      g_set_error (error, TJ_ERROR, TJ_ERROR_INVALID, _("“%s” must be a month written YYYY-MM"), name);
      return FALSE;
    }
  *present = TRUE;
  return TRUE;
}

static char *
month_text (const GDate *d)
{
  return g_strdup_printf ("%04u-%02u", g_date_get_year (d), g_date_get_month (d));
}

/* The least common multiple of the month lengths 28–31: shortfalls of
 * months split between two minimum wages are fractions of a month with
 * these denominators, summed exactly over it and rounded once. */
#define MONTH_DAYS_LCM 377580

/* A run of months with the same minimum wage, or one month in which it
 * changed. */
typedef struct {
  GDate                first;
  GDate                last;     /* first day of the last month */
  guint                count;
  const TjLocalFigure *figure;   /* NULL: the month is split */
  GPtrArray           *parts;    /* split month: the figures in turn */
  GArray              *days;     /* split month: days under each */
  gint64               numerator;/* shortfall × MONTH_DAYS_LCM, fen */
} Run;

static void
run_free (gpointer data)
{
  Run *run = data;

  g_clear_pointer (&run->parts, g_ptr_array_unref);
  g_clear_pointer (&run->days, g_array_unref);
  g_free (run);
}

/* Shortfall over @from…@to (first days of months) with the figures of
 * @city in force each day: the months are grouped into runs with one
 * figure; a month in which the figure changes is weighted by its days. */
static gboolean
minimum_wage_by_period (Result          *r,
                        TjLocalFigures  *figures,
                        const char      *city,
                        gint64           paid,
                        const GDate     *from,
                        const GDate     *to,
                        gint64          *amount_out,
                        GError         **error)
{
  g_autoptr(GPtrArray) runs = g_ptr_array_new_with_free_func (run_free);
  g_autoptr(GPtrArray) used = NULL;
  g_autofree char *paid_text = tj_money_format (paid);
  gint64 total = 0;
  GDate month, period_last;

  if (figures == NULL)
    {
      g_set_error (error, TJ_ERROR, TJ_ERROR_NOT_FOUND,
                   _("No local figures are loaded to look up “%s”"), city);
      return FALSE;
    }
  period_last = *to;
  g_date_add_months (&period_last, 1);
  g_date_subtract_days (&period_last, 1);
  used = tj_local_figures_lookup_period (figures, city, TJ_LOCAL_FIGURE_MIN_MONTHLY_WAGE, from, &period_last, error);
  if (used == NULL)
    return FALSE;

  for (month = *from; g_date_compare (&month, to) <= 0; g_date_add_months (&month, 1))
    {
      guint dim = g_date_get_days_in_month (g_date_get_month (&month), g_date_get_year (&month));
      GDate last = month;
      g_autoptr(GPtrArray) in_month = NULL;
      Run *run = runs->len ? g_ptr_array_index (runs, runs->len - 1) : NULL;

      g_date_add_days (&last, dim - 1);
      in_month = tj_local_figures_lookup_period (figures, city, TJ_LOCAL_FIGURE_MIN_MONTHLY_WAGE, &month, &last, error);
      if (in_month == NULL)
        return FALSE;
      if (in_month->len == 1)
        {
          const TjLocalFigure *f = g_ptr_array_index (in_month, 0);
          gint64 shortfall = MAX (0, f->value_fen - paid);

          if (run && run->figure == f)
            {
              run->last = month;
              run->count++;
            }
          else
            {
              run = g_new0 (Run, 1);
              run->first = run->last = month;
              run->count = 1;
              run->figure = f;
              g_ptr_array_add (runs, run);
            }
          run->numerator += shortfall * MONTH_DAYS_LCM;
        }
      else
        {
          /* The minimum wage changed during the month: each figure for
           * its days, (Σ value × days − paid × days in month) ÷ days. */
          gint64 weighted = 0;

          run = g_new0 (Run, 1);
          run->first = run->last = month;
          run->count = 1;
          run->parts = g_ptr_array_ref (in_month);
          run->days = g_array_new (FALSE, FALSE, sizeof (guint));
          for (guint i = 0; i < in_month->len; i++)
            {
              const TjLocalFigure *f = g_ptr_array_index (in_month, i);
              const GDate *start = i == 0 ? &month : &f->effective_date;
              GDate end = last;
              guint n;

              if (i + 1 < in_month->len)
                {
                  const TjLocalFigure *next = g_ptr_array_index (in_month, i + 1);
                  end = next->effective_date;
                  g_date_subtract_days (&end, 1);
                }
              n = (guint) g_date_days_between (start, &end) + 1;
              g_array_append_val (run->days, n);
              weighted += f->value_fen * n;
            }
          run->numerator = MAX (0, weighted - paid * dim) * (MONTH_DAYS_LCM / dim);
          g_ptr_array_add (runs, run);
        }
    }

  /* Name every figure with the part of the period it served. */
  for (guint i = 0; i < used->len; i++)
    {
      const TjLocalFigure *f = g_ptr_array_index (used, i);
      GDate a = g_date_compare (&f->effective_date, from) > 0 ? f->effective_date : *from;
      GDate b = period_last;

      if (i + 1 < used->len)
        {
          b = ((const TjLocalFigure *) g_ptr_array_index (used, i + 1))->effective_date;
          g_date_subtract_days (&b, 1);
        }
      _tj_calc_use_figure (r, f, NULL, &a, &b);
    }
  _tj_calc_add_money_step (r, _("Monthly wage paid for normal working hours"), paid, NULL);

  for (guint i = 0; i < runs->len; i++)
    {
      Run *run = g_ptr_array_index (runs, i);
      g_autofree char *first = month_text (&run->first);
      g_autofree char *last = month_text (&run->last);
      g_autofree char *label = NULL;
      g_autofree char *formula = NULL;
      gint64 shown;

      if (!tj_money_mul_div (run->numerator, 1, MONTH_DAYS_LCM, &shown))
        return _tj_calc_overflow (error);
      if (run->figure)
        {
          g_autofree char *minimum = tj_money_format (run->figure->value_fen);
          label = run->count == 1
                  /* Translators: "2025-05: minimum wage ¥2,690.00" */
                  ? g_strdup_printf (_("%s: minimum wage %s"), first, minimum)
                  /* Translators: "2025-05 – 2025-06 (2 months): minimum wage ¥2,690.00" */
                  : g_strdup_printf (_("%s – %s (%u months): minimum wage %s"), first, last, run->count, minimum);
          formula = g_strdup_printf ("(%s − %s) × %u", minimum, paid_text, run->count);
        }
      else
        {
          g_autoptr(GString) sum = g_string_new (NULL);
          guint dim = 0;

          for (guint k = 0; k < run->parts->len; k++)
            {
              const TjLocalFigure *f = g_ptr_array_index (run->parts, k);
              g_autofree char *v = tj_money_format (f->value_fen);
              guint n = g_array_index (run->days, guint, k);

              dim += n;
              g_string_append_printf (sum, "%s%s × %u", k ? " + " : "", v, n);
            }
          /* Translators: a month in which the minimum wage changed, "2025-07: two minimum wages, by days" */
          label = g_strdup_printf (_("%s: the minimum wage changed during the month, counted by days"), first);
          formula = g_strdup_printf ("(%s) ÷ %u − %s", sum->str, dim, paid_text);
        }
      _tj_calc_add_money_step (r, label, shown, formula);
      total += run->numerator;
      if (total > G_GINT64_CONSTANT (4000000000000000000))
        return _tj_calc_overflow (error);
    }
  if (!tj_money_mul_div (total, 1, MONTH_DAYS_LCM, amount_out))
    return _tj_calc_overflow (error);
  {
    g_autofree char *a = month_text (from);
    g_autofree char *b = month_text (to);
    g_autofree char *line = g_strdup_printf ("%s – %s", a, b);
    _tj_calc_add_money_step (r, _("Minimum-wage shortfall owed"), *amount_out, line);
  }
  if (*amount_out == 0)
    _tj_calc_add_warning (r, "%s", _("The wage paid is not below the minimum wage: no shortfall."));
  return TRUE;
}

JsonObject *
tj_calc_minimum_wage (JsonObject      *input,
                      TjLocalFigures  *figures,
                      GError         **error)
{
  g_auto(Result) r = { 0 };
  gint64 paid = 0, minimum = -1, months = -1, year = 0, per_month, amount;
  const char *city = NULL;
  JsonNode *year_node;
  GDate from, to;
  gboolean has_from = FALSE, has_to = FALSE;
  guint period_months = 0;
  g_autofree char *months_text = NULL;
  g_autofree char *line = NULL;

  if (!_tj_calc_get_fen (input, "monthly_wage_fen", NULL, TRUE, &paid, error)
      || !_tj_calc_get_fen (input, "minimum_wage_fen", NULL, FALSE, &minimum, error)
      || !_tj_calc_get_string (input, "city", &city, error)
      || !get_month (input, "from_month", &from, &has_from, error)
      || !get_month (input, "to_month", &to, &has_to, error)
      || !_tj_calc_get_centi (input, "months", FALSE, &months, error))
    return NULL;
  if (has_from != has_to)
    {
      _tj_calc_missing (has_from ? "to_month" : "from_month", error);
      return NULL;
    }
  if (has_from)
    {
      if (g_date_compare (&to, &from) < 0)
        {
          g_set_error (error, TJ_ERROR, TJ_ERROR_INVALID, _("“to_month” is before “from_month”"));
          return NULL;
        }
      period_months = (g_date_get_year (&to) - g_date_get_year (&from)) * 12
                      + g_date_get_month (&to) - g_date_get_month (&from) + 1;
      if (months >= 0 && months != (gint64) period_months * 100)
        {
          g_set_error (error, TJ_ERROR, TJ_ERROR_INVALID,
                       _("“months” does not match the period from “from_month” to “to_month” (%u months); give one or the other"),
                       period_months);
          return NULL;
        }
      months = (gint64) period_months * 100;
    }

  _tj_calc_result_init (&r, "minimum_wage");
  _tj_calc_add_basis (&r, &basis_lcl_85);
  _tj_calc_add_basis (&r, &basis_min_wage_12);
  _tj_calc_add_warning (&r, "%s", _("Compare the minimum wage with pay for normal hours only: overtime pay, night-shift, high-temperature and hazard allowances and statutory welfare do not count towards it."));

  if (minimum < 0 && city != NULL && has_from)
    {
      /* By date: each month with the figure in force then. */
      if (!minimum_wage_by_period (&r, figures, city, paid, &from, &to, &amount, error))
        return NULL;
      return _tj_calc_result_finish (&r, amount);
    }

  if (months < 0)
    {
      _tj_calc_missing ("months", error);
      return NULL;
    }
  if (minimum < 0)
    {
      GDate january, december;
      g_autoptr(GPtrArray) in_year = NULL;
      const TjLocalFigure *f;

      if (city == NULL)
        {
          g_set_error (error, TJ_ERROR, TJ_ERROR_INVALID,
                       _("“minimum_wage_fen” is missing: give it, or “city” with “from_month” and “to_month” to look it up"));
          return NULL;
        }
      year_node = _tj_calc_member (input, "year");
      if (year_node == NULL)
        {
          g_set_error (error, TJ_ERROR, TJ_ERROR_INVALID,
                       _("“from_month” is missing: give the period (“from_month” and “to_month”) so that each month uses the minimum wage in force then"));
          return NULL;
        }
      year = JSON_NODE_HOLDS_VALUE (year_node) && json_node_get_value_type (year_node) == G_TYPE_INT64
             ? json_node_get_int (year_node) : 0;
      if (year < 1900 || year > 2999)
        {
          g_set_error (error, TJ_ERROR, TJ_ERROR_INVALID, _("“%s” must be a year such as 2025"), "year");
          return NULL;
        }
      /* The earlier input, a year and a number of months: only when one
       * figure applied all that year; otherwise the months must be named. */
      g_date_clear (&january, 1);
      g_date_set_dmy (&january, 1, G_DATE_JANUARY, (GDateYear) year);
      g_date_clear (&december, 1);
      g_date_set_dmy (&december, 31, G_DATE_DECEMBER, (GDateYear) year);
      if (figures == NULL)
        {
          g_set_error (error, TJ_ERROR, TJ_ERROR_NOT_FOUND,
                       _("No local figures are loaded to look up “%s”"), city);
          return NULL;
        }
      in_year = tj_local_figures_lookup_period (figures, city, TJ_LOCAL_FIGURE_MIN_MONTHLY_WAGE,
                                                &january, &december, error);
      if (in_year == NULL)
        return NULL;
      if (in_year->len > 1)
        {
          const TjLocalFigure *next = g_ptr_array_index (in_year, 1);
          g_autofree char *on = tj_date_format_display (&next->effective_date);
          g_set_error (error, TJ_ERROR, TJ_ERROR_INVALID,
                       _("“year”: the minimum wage of %s changed during %u (on %s); give the period as “from_month” and “to_month” so that each part uses its own figure"),
                       city, (guint) year, on);
          return NULL;
        }
      f = _tj_calc_lookup_figure (&r, figures, city, &december, TJ_LOCAL_FIGURE_MIN_MONTHLY_WAGE, error);
      if (f == NULL)
        return NULL;
      _tj_calc_use_figure (&r, f, NULL, &january, &december);
      minimum = f->value_fen;
    }
  else
    _tj_calc_add_money_step (&r, _("Local monthly minimum wage"), minimum, NULL);

  _tj_calc_add_money_step (&r, _("Monthly wage paid for normal working hours"), paid, NULL);
  per_month = minimum > paid ? minimum - paid : 0;
  {
    g_autofree char *a = tj_money_format (minimum);
    g_autofree char *b = tj_money_format (paid);
    line = g_strdup_printf ("%s − %s", a, b);
  }
  _tj_calc_add_money_step (&r, _("Shortfall per month"), per_month, line);
  months_text = _tj_calc_centi_to_string (months);
  _tj_calc_add_value_step (&r, _("Months"), months_text, NULL);
  if (!tj_money_mul_div (per_month, months, 100, &amount))
    { _tj_calc_overflow (error); return NULL; }
  g_clear_pointer (&line, g_free);
  {
    g_autofree char *a = tj_money_format (per_month);
    line = g_strdup_printf ("%s × %s", a, months_text);
  }
  _tj_calc_add_money_step (&r, _("Minimum-wage shortfall owed"), amount, line);
  if (per_month == 0)
    _tj_calc_add_warning (&r, "%s", _("The wage paid is not below the minimum wage: no shortfall."));
  return _tj_calc_result_finish (&r, amount);
}
