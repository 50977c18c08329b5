/* SPDX-License-Identifier: GPL-3.0-or-later */
#undef G_LOG_DOMAIN
#define G_LOG_DOMAIN "Tiaojie-Calc"

#include "tj-calc.h"
#include "tj-calendar.h"
#include "tj-error.h"
#include "tj-i18n.h"
#include "tj-json.h"
#include "tj-money.h"

#include <string.h>

/* 21.75 monthly pay-calculation days (劳社部发〔2008〕3号) = 87/4, and 8
 * hours a day: hourly wage = monthly × 4 / 87 / 8 = monthly / 174. */
#define PAY_DAYS_NUM   87   /* daily wage = monthly × 4 / 87 */
#define PAY_DAYS_DEN   4
#define HOURS_PER_MONTH 174

/* Legal bases ----------------------------------------------------------- */

typedef struct {
  const char *statute;
  const char *article;
  const char *text;
} Basis;

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
static const Basis basis_lcl_47 = {
  N_("Labour Contract Law"), N_("Article 47"),
  N_("Economic compensation is one month’s wage per full year of service; six months or more count as one year, less than six months as half a month’s wage. If the monthly wage exceeds three times the average monthly wage of the previous year published by the local government, it is paid at three times that average for at most 12 years. The monthly wage is the average of the 12 months before the contract ended.") };
static const Basis basis_lcl_97 = {
  N_("Labour Contract Law"), N_("Article 97"),
  N_("Where compensation for service before this Law took effect (1 January 2008) is due under the rules then in force, those rules apply; service from that day on is counted under this Law.") };
static const Basis basis_lcl_87 = {
  N_("Labour Contract Law"), N_("Article 87"),
  N_("An employer that terminates a contract in violation of this Law pays damages of twice the economic compensation of Article 47.") };
static const Basis basis_lcl_48 = {
  N_("Labour Contract Law"), N_("Article 48"),
  N_("If the employer terminates unlawfully and the worker asks to continue the contract, it continues; if the worker does not ask, or continuing is impossible, the employer pays damages under Article 87.") };
static const Basis basis_impl_25 = {
  N_("Implementing Regulations of the Labour Contract Law"), N_("Article 25"),
  N_("When damages under Article 87 are paid, economic compensation is not paid in addition; the damages are counted from the first day of employment.") };
static const Basis basis_lcl_82 = {
  N_("Labour Contract Law"), N_("Article 82"),
  N_("An employer that has not concluded a written contract with the worker more than one month and less than one year after employment began pays twice the monthly wage each month.") };
static const Basis basis_impl_6_7 = {
  N_("Implementing Regulations of the Labour Contract Law"), N_("Articles 6 and 7"),
  N_("The double wage runs from the day after the first month of employment until the day before the written contract is concluded; after a full year without one, an open-ended contract is deemed concluded and the double wage stops (at most 11 months).") };
static const Basis basis_impl_27 = {
  N_("Implementing Regulations of the Labour Contract Law"), N_("Article 27"),
  N_("The monthly wage for economic compensation includes hourly or piece-rate wages, bonuses, allowances and subsidies; if the average of the 12 months before is below the local minimum wage, the minimum wage is used.") };
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
static const Basis basis_lcl_85 = {
  N_("Labour Contract Law"), N_("Article 85"),
  /* xgettext:no-c-format */
  N_("If the employer does not pay remuneration in full and on time, pays below the local minimum wage, does not pay overtime, or does not pay economic compensation, the labour administration orders payment within a time limit, and for pay below the minimum wage the difference; if the employer still does not pay, it pays additional compensation of 50% to 100% of the amount owed.") };
static const Basis basis_min_wage_12 = {
  N_("Provisions on Minimum Wages"), N_("Article 12"),
  N_("After deducting overtime pay, special-condition allowances (night shift, high temperature, hazardous work…) and statutory welfare, the wage paid for normal work may not be below the local minimum wage.") };

/* The result being built ------------------------------------------------ */

typedef struct {
  JsonObject *object;
  JsonArray  *breakdown;
  JsonArray  *basis;
  JsonArray  *warnings;
} Result;

static void
result_init (Result     *r,
             const char *kind)
{
  r->object = json_object_new ();
  r->breakdown = json_array_new ();
  r->basis = json_array_new ();
  r->warnings = json_array_new ();
  json_object_set_string_member (r->object, "kind", kind);
}

static void
result_clear (Result *r)
{
  g_clear_pointer (&r->object, json_object_unref);
  g_clear_pointer (&r->breakdown, json_array_unref);
  g_clear_pointer (&r->basis, json_array_unref);
  g_clear_pointer (&r->warnings, json_array_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Result, result_clear)

static JsonObject *
result_finish (Result *r,
               gint64  amount_fen)
{
  g_autofree char *text = tj_money_format (amount_fen);

  json_object_set_int_member (r->object, "amount_fen", amount_fen);
  json_object_set_string_member (r->object, "amount_text", text);
  json_object_set_array_member (r->object, "breakdown", g_steal_pointer (&r->breakdown));
  json_object_set_array_member (r->object, "basis", g_steal_pointer (&r->basis));
  json_object_set_array_member (r->object, "warnings", g_steal_pointer (&r->warnings));
  return g_steal_pointer (&r->object);
}

static void
add_basis (Result      *r,
           const Basis *b)
{
  JsonObject *o = json_object_new ();

  json_object_set_string_member (o, "statute", _(b->statute));
  json_object_set_string_member (o, "article", _(b->article));
  json_object_set_string_member (o, "text", _(b->text));
  json_array_add_object_element (r->basis, o);
}

static void add_warning (Result *r, const char *format, ...) G_GNUC_PRINTF (2, 3);

static void
add_warning (Result     *r,
             const char *format,
             ...)
{
  va_list args;
  g_autofree char *text = NULL;

  va_start (args, format);
  text = g_strdup_vprintf (format, args);
  va_end (args);
  json_array_add_string_element (r->warnings, text);
}

static JsonObject *
add_step (Result     *r,
          const char *label,
          const char *formula)
{
  JsonObject *o = json_object_new ();

  json_object_set_string_member (o, "label", label);
  if (formula)
    json_object_set_string_member (o, "formula", formula);
  json_array_add_object_element (r->breakdown, o);
  return o;
}

static void
add_money_step (Result     *r,
                const char *label,
                gint64      fen,
                const char *formula)
{
  JsonObject *o = add_step (r, label, formula);
  g_autofree char *text = tj_money_format (fen);

  json_object_set_int_member (o, "amount_fen", fen);
  json_object_set_string_member (o, "amount_text", text);
}

static void
add_value_step (Result     *r,
                const char *label,
                const char *value,
                const char *formula)
{
  JsonObject *o = add_step (r, label, formula);

  json_object_set_string_member (o, "value", value);
}

/* Numbers for display -------------------------------------------------- */

/* Hundredths as a short decimal: 250 → "2.5", 1200 → "12". */
static char *
centi_to_string (gint64 centi)
{
  if (centi % 100 == 0)
    return g_strdup_printf ("%" G_GINT64_FORMAT, centi / 100);
  if (centi % 10 == 0)
    return g_strdup_printf ("%" G_GINT64_FORMAT ".%" G_GINT64_FORMAT, centi / 100, (centi % 100) / 10);
  return g_strdup_printf ("%" G_GINT64_FORMAT ".%02" G_GINT64_FORMAT, centi / 100, centi % 100);
}

static char *
half_months_to_string (gint64 half_months)
{
  return centi_to_string (half_months * 50);
}

static char *
service_to_string (guint years,
                   guint months,
                   guint days)
{
  /* Translators: a length of service, e.g. "5 years 6 months 0 days" */
  return g_strdup_printf (_("%u years %u months %u days"), years, months, days);
}

/* Input --------------------------------------------------------------- */

static gboolean
missing (const char  *field,
         GError     **error)
{
  g_set_error (error, TJ_ERROR, TJ_ERROR_INVALID, _("“%s” is missing"), field);
  return FALSE;
}

static JsonNode *
member (JsonObject *input,
        const char *name)
{
  JsonNode *node = json_object_get_member (input, name);
  return node == NULL || JSON_NODE_HOLDS_NULL (node) ? NULL : node;
}

/* A whole number of fen ≥ 0. */
static gboolean
get_fen (JsonObject  *input,
         const char  *name,
         const char  *field,
         gboolean     required,
         gint64      *out,
         GError     **error)
{
  JsonNode *node = member (input, name);
  GType type;

  if (field == NULL)
    field = name;
  if (node == NULL)
    return required ? missing (field, error) : TRUE;
  type = JSON_NODE_HOLDS_VALUE (node) ? json_node_get_value_type (node) : G_TYPE_INVALID;
  if (type == G_TYPE_INT64)
    *out = json_node_get_int (node);
  else if (type == G_TYPE_DOUBLE && json_node_get_double (node) == (double) (gint64) json_node_get_double (node))
    *out = (gint64) json_node_get_double (node);
  else
    {
      g_set_error (error, TJ_ERROR, TJ_ERROR_INVALID,
                   _("“%s” must be a whole number of fen (e.g. 1200000 for ¥12,000.00)"), field);
      return FALSE;
    }
  if (*out < 0)
    {
      g_set_error (error, TJ_ERROR, TJ_ERROR_INVALID, _("“%s” must not be negative"), field);
      return FALSE;
    }
  if (*out > G_GINT64_CONSTANT (1000000000000000))
    {
      g_set_error (error, TJ_ERROR, TJ_ERROR_INVALID, _("“%s” is too large"), field);
      return FALSE;
    }
  return TRUE;
}

/* A number ≥ 0 with at most two decimals, as hundredths. */
static gboolean
get_centi (JsonObject  *input,
           const char  *name,
           gboolean     required,
           gint64      *out,
           GError     **error)
{
  JsonNode *node = member (input, name);
  GType type;
  double value, scaled;

  if (node == NULL)
    return required ? missing (name, error) : TRUE;
  type = JSON_NODE_HOLDS_VALUE (node) ? json_node_get_value_type (node) : G_TYPE_INVALID;
  if (type == G_TYPE_INT64)
    value = (double) json_node_get_int (node);
  else if (type == G_TYPE_DOUBLE)
    value = json_node_get_double (node);
  else
    {
      g_set_error (error, TJ_ERROR, TJ_ERROR_INVALID, _("“%s” must be a number"), name);
      return FALSE;
    }
  if (value < 0)
    {
      g_set_error (error, TJ_ERROR, TJ_ERROR_INVALID, _("“%s” must not be negative"), name);
      return FALSE;
    }
  if (value > 1e9)
    {
      g_set_error (error, TJ_ERROR, TJ_ERROR_INVALID, _("“%s” is too large"), name);
      return FALSE;
    }
  /* JSON numbers arrive as doubles: 2.5 hours is exact, 0.1 is not, so
   * compare with a tolerance far below a hundredth. */
  scaled = value * 100.0;
  *out = (gint64) (scaled + 0.5);
  if (scaled - (double) *out > 1e-6 || (double) *out - scaled > 1e-6)
    {
      g_set_error (error, TJ_ERROR, TJ_ERROR_INVALID,
                   _("“%s” must have at most two decimals"), name);
      return FALSE;
    }
  return TRUE;
}

static gboolean
get_date (JsonObject  *input,
          const char  *name,
          gboolean     required,
          GDate       *out,
          gboolean    *present,
          GError     **error)
{
  JsonNode *node = member (input, name);
  const char *text;

  if (present)
    *present = FALSE;
  if (node == NULL)
    return required ? missing (name, error) : TRUE;
  text = JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING
         ? json_node_get_string (node) : NULL;
  if (text == NULL || !tj_date_parse_iso (text, out))
    {
      g_set_error (error, TJ_ERROR, TJ_ERROR_INVALID,
                   _("“%s” must be a date written YYYY-MM-DD"), name);
      return FALSE;
    }
  if (present)
    *present = TRUE;
  return TRUE;
}

static gboolean
get_string (JsonObject  *input,
            const char  *name,
            const char **out,
            GError     **error)
{
  JsonNode *node = member (input, name);

  *out = NULL;
  if (node == NULL)
    return TRUE;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    {
      g_set_error (error, TJ_ERROR, TJ_ERROR_INVALID, _("“%s” must be text"), name);
      return FALSE;
    }
  *out = json_node_get_string (node);
  if (**out == '\0')
    *out = NULL;
  return TRUE;
}

static gboolean
overflow (GError **error)
{
  g_set_error (error, TJ_ERROR, TJ_ERROR_INVALID,
               _("The amounts are too large to compute"));
  return FALSE;
}

/* A figure from the local figures file, named in the result. */
static gboolean
lookup_figure (Result             *r,
               TjLocalFigures     *figures,
               const char         *city,
               guint               year,
               TjLocalFigureKind   kind,
               gint64             *out,
               GError            **error)
{
  g_autofree char *warning = NULL;
  const TjLocalFigure *f;
  JsonObject *o;

  if (figures == NULL)
    {
      g_set_error (error, TJ_ERROR, TJ_ERROR_NOT_FOUND,
                   _("No local figures are loaded to look up “%s”"), city);
      return FALSE;
    }
  f = tj_local_figures_lookup (figures, city, year, kind, &warning, error);
  if (f == NULL)
    return FALSE;
  if (warning)
    add_warning (r, "%s", warning);
  *out = kind == TJ_LOCAL_FIGURE_AVG_MONTHLY_WAGE ? f->avg_monthly_wage_fen : f->min_monthly_wage_fen;

  o = json_object_new ();
  json_object_set_string_member (o, "city", f->city);
  json_object_set_int_member (o, "year", f->year);
  json_object_set_string_member (o, "kind", kind == TJ_LOCAL_FIGURE_AVG_MONTHLY_WAGE
                                            ? "avg_monthly_wage" : "min_monthly_wage");
  json_object_set_int_member (o, "value_fen", *out);
  if (kind == TJ_LOCAL_FIGURE_AVG_MONTHLY_WAGE)
    json_object_set_int_member (o, "of_year", f->avg_wage_of_year);
  else if (f->min_wage_effective)
    json_object_set_string_member (o, "effective", f->min_wage_effective);
  if (f->source)
    json_object_set_string_member (o, "source", f->source);
  if (f->published)
    json_object_set_string_member (o, "published", f->published);
  if (f->verify)
    json_object_set_string_member (o, "verify", f->verify);
  if (!json_object_has_member (r->object, "figures"))
    json_object_set_array_member (r->object, "figures", json_array_new ());
  json_array_add_object_element (json_object_get_array_member (r->object, "figures"), o);
  return TRUE;
}

/* Whole months between two dates ---------------------------------------- */

/* The period from @start to @last (both days included) as whole months
 * counted from @start's anniversaries (start + k months, the day clamped
 * to the month's end as in Civil Code §202) plus the remaining days of
 * the partial month that follows; @month_days_out gets that month's
 * length (from its anniversary to the next). */
static void
count_months (const GDate *start,
              const GDate *last,
              guint       *months_out,
              guint       *days_out,
              guint       *month_days_out)
{
  GDate after_last = *last, a, b;
  gint months;

  g_date_add_days (&after_last, 1);
  months = ((gint) g_date_get_year (&after_last) - (gint) g_date_get_year (start)) * 12
           + ((gint) g_date_get_month (&after_last) - (gint) g_date_get_month (start));
  for (;; months--)
    {
      a = *start;
      if (months > 0)
        g_date_add_months (&a, (guint) months);
      if (months <= 0 || g_date_compare (&a, &after_last) <= 0)
        break;
    }
  if (months < 0)
    months = 0;
  b = *start;
  g_date_add_months (&b, (guint) months + 1);
  *months_out = (guint) months;
  *days_out = (guint) g_date_days_between (&a, &after_last);
  if (month_days_out)
    *month_days_out = (guint) g_date_days_between (&a, &b);
}

/* Wage arrears ---------------------------------------------------------- */

JsonObject *
tj_calc_arrears (JsonObject  *input,
                 GError     **error)
{
  g_auto(Result) r = { 0 };
  JsonNode *items_node = member (input, "items");
  JsonArray *items;
  g_autoptr(GHashTable) months = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  gint64 total_due = 0, total_paid = 0, total;
  g_autofree char *formula = NULL;

  if (items_node == NULL)
    { missing ("items", error); return NULL; }
  if (!JSON_NODE_HOLDS_ARRAY (items_node)
      || json_array_get_length (json_node_get_array (items_node)) == 0)
    {
      g_set_error (error, TJ_ERROR, TJ_ERROR_INVALID,
                   _("“items” must be a non-empty list of {month, due_fen, paid_fen}"));
      return NULL;
    }
  items = json_node_get_array (items_node);

  result_init (&r, "arrears");
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
      if (member (item, "month") != NULL)
        {
          g_autofree char *as_date = NULL;
          if (!get_string (item, "month", &month, NULL) || month == NULL
              || strlen (month) != 7
              || !tj_date_parse_iso ((as_date = g_strconcat (month, "-01", NULL)), &d))
            {
              g_set_error (error, TJ_ERROR, TJ_ERROR_INVALID,
                           _("“%s” must be a month written YYYY-MM"), f_month);
              return NULL;
            }
        }
      else
        { missing (f_month, error); return NULL; }
      if (!get_fen (item, "due_fen", f_due, TRUE, &due, error)
          || !get_fen (item, "paid_fen", f_paid, FALSE, &paid, error))
        return NULL;

      if (!g_hash_table_add (months, g_strdup (month)))
        add_warning (&r, _("%s appears more than once in the list"), month);
      if (paid > due)
        add_warning (&r, _("%s: more was paid than was due; the surplus is set off against the other months"), month);

      total_due += due;
      total_paid += paid;
      if (total_due > G_GINT64_CONSTANT (1000000000000000000))
        { overflow (error); return NULL; }
      due_text = tj_money_format (due);
      paid_text = tj_money_format (paid);
      /* Translators: "2025-03: due ¥6,000.00, paid ¥2,000.00" */
      label = g_strdup_printf (_("%s: due %s, paid %s"), month, due_text, paid_text);
      line = g_strdup_printf ("%s − %s", due_text, paid_text);
      add_money_step (&r, label, due - paid, line);
    }

  total = total_due - total_paid;
  add_money_step (&r, _("Total due"), total_due, NULL);
  add_money_step (&r, _("Total paid"), total_paid, NULL);
  if (total < 0)
    {
      add_warning (&r, "%s", _("More was paid than was due in total: nothing is owed"));
      total = 0;
    }
  {
    g_autofree char *a = tj_money_format (total_due);
    g_autofree char *b = tj_money_format (total_paid);
    formula = g_strdup_printf ("%s − %s", a, b);
  }
  add_money_step (&r, _("Wages owed"), total, formula);
  add_basis (&r, &basis_labour_law_50);
  add_basis (&r, &basis_lcl_30);
  return result_finish (&r, total);
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

  if (!get_fen (input, "monthly_wage_fen", NULL, TRUE, &wage, error)
      || !get_centi (input, "weekday_hours", FALSE, &weekday, error)
      || !get_centi (input, "restday_hours", FALSE, &restday, error)
      || !get_centi (input, "holiday_hours", FALSE, &holiday, error))
    return NULL;

  result_init (&r, "overtime");
  wage_text = tj_money_format (wage);
  if (!tj_money_mul_div (wage, 1, HOURS_PER_MONTH, &hourly))
    { overflow (error); return NULL; }
  formula = g_strdup_printf ("%s ÷ 21.75 ÷ 8", wage_text);
  add_money_step (&r, _("Hourly wage (monthly wage ÷ 21.75 ÷ 8, rounded for display)"), hourly, formula);

  /* Exact: total = wage × Σ(percent × centi-hours) / (174 × 100 × 100),
   * rounded once. */
  weighted = 0;
  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    {
      gint64 part;
      g_autofree char *hours = centi_to_string (*rows[i].hours);
      g_autofree char *line = NULL;

      weighted += rows[i].percent * *rows[i].hours;
      if (*rows[i].hours == 0)
        continue;
      if (!tj_money_mul_div (wage, rows[i].percent * *rows[i].hours,
                             (gint64) HOURS_PER_MONTH * 100 * 100, &part))
        { overflow (error); return NULL; }
      line = g_strdup_printf ("%s ÷ 174 × %s h × %" G_GINT64_FORMAT "%%",
                              wage_text, hours, rows[i].percent);
      add_money_step (&r, _(rows[i].label), part, line);
    }
  if (!tj_money_mul_div (wage, weighted, (gint64) HOURS_PER_MONTH * 100 * 100, &total))
    { overflow (error); return NULL; }
  add_money_step (&r, _("Overtime pay"), total, NULL);

  if (weighted == 0)
    add_warning (&r, "%s", _("No overtime hours were given"));
  if (restday > 0)
    /* xgettext:no-c-format */
    add_warning (&r, "%s", _("Rest-day work is paid at 200% only when no time off in lieu was arranged."));
  add_basis (&r, &basis_labour_law_44);
  add_basis (&r, &basis_pay_days);
  return result_finish (&r, total);
}

/* Economic compensation N -------------------------------------------- */

/* Fills @r with the N breakdown; *@base_out and *@half_months_out give
 * N = base × half_months / 2. */
static gboolean
compute_n (Result          *r,
           JsonObject      *input,
           TjLocalFigures  *figures,
           gint64          *base_out,
           gint64          *half_months_out,
           GError         **error)
{
  gint64 wage = 0, local_avg = -1, minimum = -1, base, cap = -1, half_months;
  GDate start, end, law_start;
  const char *city = NULL;
  guint months, days, years, rem_months;
  gboolean capped = FALSE;
  g_autofree char *service = NULL;
  g_autofree char *months_text = NULL;
  g_autofree char *rule = NULL;

  if (!get_fen (input, "monthly_wage_fen", NULL, TRUE, &wage, error)
      || !get_date (input, "start", TRUE, &start, NULL, error)
      || !get_date (input, "end", TRUE, &end, NULL, error)
      || !get_fen (input, "local_avg_monthly_wage_fen", NULL, FALSE, &local_avg, error)
      || !get_fen (input, "minimum_wage_fen", NULL, FALSE, &minimum, error)
      || !get_string (input, "city", &city, error))
    return FALSE;
  if (g_date_compare (&end, &start) < 0)
    {
      g_set_error (error, TJ_ERROR, TJ_ERROR_INVALID, _("“end” is before “start”"));
      return FALSE;
    }
  if (local_avg < 0 && city != NULL
      && !lookup_figure (r, figures, city, g_date_get_year (&end),
                         TJ_LOCAL_FIGURE_AVG_MONTHLY_WAGE, &local_avg, error))
    return FALSE;
  if (minimum < 0 && city != NULL && figures != NULL)
    {
      /* Optional: without a minimum-wage figure for the city the floor is
       * simply not checked. */
      const TjLocalFigure *f = tj_local_figures_lookup (figures, city, g_date_get_year (&end),
                                                        TJ_LOCAL_FIGURE_MIN_MONTHLY_WAGE, NULL, NULL);
      if (f != NULL && !lookup_figure (r, figures, city, g_date_get_year (&end),
                                       TJ_LOCAL_FIGURE_MIN_MONTHLY_WAGE, &minimum, error))
        return FALSE;
    }

  /* Service from start to end, both days included. */
  count_months (&start, &end, &months, &days, NULL);
  years = months / 12;
  rem_months = months % 12;
  service = service_to_string (years, rem_months, days);
  add_value_step (r, _("Length of service (start to end, both days included)"), service, NULL);

  /* §47: one month per full year; a remainder of 6 months or more counts
   * as a year, a shorter (non-empty) remainder as half a month. */
  half_months = 2 * (gint64) years;
  if (rem_months >= 6)
    {
      half_months += 2;
      rule = g_strdup (_("remainder of 6 months or more: one month"));
    }
  else if (rem_months > 0 || days > 0)
    {
      half_months += 1;
      rule = g_strdup (_("remainder under 6 months: half a month"));
    }
  else
    rule = g_strdup (_("no remainder"));
  months_text = half_months_to_string (half_months);
  add_value_step (r, _("Months of wages for the service"), months_text, rule);

  add_money_step (r, _("Monthly wage (average of the last 12 months)"), wage, NULL);

  base = wage;
  if (minimum >= 0 && wage < minimum)
    {
      /* Implementing Regulations §27: never below the minimum wage. */
      base = minimum;
      add_money_step (r, _("The monthly wage is below the local minimum wage: the minimum wage is used"),
                      minimum, NULL);
      add_basis (r, &basis_impl_27);
    }
  if (local_avg >= 0)
    {
      g_autofree char *avg_text = tj_money_format (local_avg);
      g_autofree char *line = NULL;

      cap = 3 * local_avg;
      line = g_strdup_printf ("3 × %s", avg_text);
      add_money_step (r, _("Cap: three times the local average monthly wage of the previous year"), cap, line);
      /* "高于…三倍的": only a wage above the cap is capped; a wage exactly
       * at it is not, and the 12-year limit does not apply. */
      if (wage > cap)
        {
          capped = TRUE;
          base = cap;
          add_value_step (r, _("The monthly wage is above the cap: the cap is used and the years are limited to 12"),
                          line, NULL);
          if (half_months > 24)
            {
              g_autofree char *before = half_months_to_string (half_months);
              g_autofree char *line2 = g_strdup_printf (_("%s months capped at 12"), before);
              half_months = 24;
              add_value_step (r, _("Years of service capped at 12"), "12", line2);
            }
        }
    }
  else
    add_warning (r, "%s", _("No local average monthly wage was given (“local_avg_monthly_wage_fen” or “city”): the cap of three times the local average was not checked."));
  add_money_step (r, _("Monthly wage used"), base, capped ? _("capped") : NULL);

  g_date_clear (&law_start, 1);
  g_date_set_dmy (&law_start, 1, G_DATE_JANUARY, 2008);
  if (g_date_compare (&start, &law_start) < 0)
    {
      GDate before_end = law_start;
      guint m2, d2;
      g_autofree char *pre = NULL;

      g_date_subtract_days (&before_end, 1);
      if (g_date_compare (&end, &before_end) < 0)
        before_end = end;
      count_months (&start, &before_end, &m2, &d2, NULL);
      pre = service_to_string (m2 / 12, m2 % 12, d2);
      add_value_step (r, _("Service before 2008-01-01"), pre, NULL);
      add_warning (r, _("%s of the service is before 2008-01-01: compensation for that part follows the rules then in force (Labour Contract Law §97), which may differ (e.g. no compensation when a fixed-term contract expired, a part year counted as a full year). The amount here counts all service under §47; check the earlier period."),
                   pre);
      add_basis (r, &basis_lcl_97);
    }

  *base_out = base;
  *half_months_out = half_months;
  json_object_set_double_member (r->object, "months", (double) half_months / 2.0);
  return TRUE;
}

JsonObject *
tj_calc_compensation (JsonObject      *input,
                      TjLocalFigures  *figures,
                      GError         **error)
{
  g_auto(Result) r = { 0 };
  gint64 base = 0, half_months = 0, amount;
  g_autofree char *line = NULL;
  g_autofree char *base_text = NULL;
  g_autofree char *months_text = NULL;

  result_init (&r, "compensation");
  if (!compute_n (&r, input, figures, &base, &half_months, error))
    return NULL;
  if (!tj_money_mul_div (base, half_months, 2, &amount))
    { overflow (error); return NULL; }
  base_text = tj_money_format (base);
  months_text = half_months_to_string (half_months);
  line = g_strdup_printf ("%s × %s", base_text, months_text);
  add_money_step (&r, _("Economic compensation (N)"), amount, line);
  /* Keep §47 first: it is the rule applied. */
  {
    g_autoptr(JsonArray) extra = g_steal_pointer (&r.basis);
    r.basis = json_array_new ();
    add_basis (&r, &basis_lcl_47);
    for (guint i = 0; i < json_array_get_length (extra); i++)
      json_array_add_element (r.basis, json_node_copy (json_array_get_element (extra, i)));
  }
  return result_finish (&r, amount);
}

JsonObject *
tj_calc_unlawful_termination (JsonObject      *input,
                              TjLocalFigures  *figures,
                              GError         **error)
{
  g_auto(Result) r = { 0 };
  gint64 base = 0, half_months = 0, n, amount;
  g_autofree char *line = NULL;
  g_autofree char *n_line = NULL;
  g_autofree char *base_text = NULL;
  g_autofree char *months_text = NULL;

  result_init (&r, "unlawful_termination");
  if (!compute_n (&r, input, figures, &base, &half_months, error))
    return NULL;
  /* 2N = base × half_months exactly; N itself is shown rounded. */
  if (!tj_money_mul_div (base, half_months, 2, &n)
      || !tj_money_mul_div (base, half_months, 1, &amount))
    { overflow (error); return NULL; }
  base_text = tj_money_format (base);
  months_text = half_months_to_string (half_months);
  n_line = g_strdup_printf ("%s × %s", base_text, months_text);
  add_money_step (&r, _("Economic compensation (N)"), n, n_line);
  line = g_strdup_printf ("2 × %s × %s", base_text, months_text);
  add_money_step (&r, _("Damages for unlawful termination (2N)"), amount, line);
  json_object_set_int_member (r.object, "multiplier", 2);
  add_warning (&r, "%s", _("The damages replace economic compensation: N is not paid in addition (Implementing Regulations §25). They are due when the worker does not ask to continue the contract or it cannot continue (§48)."));
  {
    g_autoptr(JsonArray) extra = g_steal_pointer (&r.basis);
    r.basis = json_array_new ();
    add_basis (&r, &basis_lcl_87);
    add_basis (&r, &basis_lcl_48);
    add_basis (&r, &basis_lcl_47);
    add_basis (&r, &basis_impl_25);
    for (guint i = 0; i < json_array_get_length (extra); i++)
      json_array_add_element (r.basis, json_node_copy (json_array_get_element (extra, i)));
  }
  return result_finish (&r, amount);
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

  if (!get_fen (input, "monthly_wage_fen", NULL, TRUE, &wage, error)
      || !get_date (input, "start", TRUE, &start, NULL, error)
      || !get_date (input, "contract_signed", FALSE, &signed_on, &has_signed, error)
      || !get_date (input, "end", FALSE, &end, &has_end, error))
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

  result_init (&r, "double_wage");
  add_basis (&r, &basis_lcl_82);
  add_basis (&r, &basis_impl_6_7);

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
      add_value_step (&r, _("Contract signed within the first month of employment"), "0", NULL);
      add_money_step (&r, _("Double wage owed"), 0, NULL);
      return result_finish (&r, 0);
    }

  first_iso = tj_date_to_iso (&first);
  last_iso = tj_date_to_iso (&last);
  period = g_strdup_printf ("%s – %s", first_iso, last_iso);
  add_value_step (&r, _("Period without a written contract after the first month"), period, NULL);

  {
    /* Whole months from the employment's monthly anniversaries (start +
     * k months); a partial month is paid pro rata by the calendar days of
     * that wage month (days worked ÷ days in it). */
    guint months_from_start, days, month_days;
    gint64 months, numerator;
    g_autofree char *wage_text = tj_money_format (wage);
    g_autofree char *months_text = NULL;
    g_autofree char *line = NULL;

    count_months (&start, &last, &months_from_start, &days, &month_days);
    months = (gint64) months_from_start - 1;   /* the first month is not owed */
    months_text = g_strdup_printf ("%" G_GINT64_FORMAT, months);
    add_value_step (&r, _("Whole months"), months_text, NULL);
    if (days > 0)
      {
        g_autofree char *partial = g_strdup_printf ("%u / %u", days, month_days);
        add_value_step (&r, _("Partial month (days ÷ days in that wage month)"), partial, NULL);
      }
    else
      month_days = 1;
    numerator = months * month_days + days;
    if (!tj_money_mul_div (wage, numerator, month_days, &amount))
      { overflow (error); return NULL; }
    if (days > 0)
      line = g_strdup_printf ("%s × (%" G_GINT64_FORMAT " + %u/%u)", wage_text, months, days, month_days);
    else
      line = g_strdup_printf ("%s × %" G_GINT64_FORMAT, wage_text, months);
    add_money_step (&r, _("Monthly wage"), wage, NULL);
    add_money_step (&r, _("Double wage owed (the extra month’s wage per month)"), amount, line);
    /* For display: two decimals are enough (the amount is exact). */
    json_object_set_double_member (r.object, "months",
                                   (double) ((months * month_days + days) * 100 / month_days) / 100.0);
  }

  if (full_year)
    add_warning (&r, "%s", capped
                 ? _("There was no written contract for more than a year: the double wage is limited to 11 months, and an open-ended contract is deemed concluded from the first anniversary (Labour Contract Law §14, Implementing Regulations §7).")
                 : _("The period reaches the 11-month limit of the double wage (Implementing Regulations §7)."));
  return result_finish (&r, amount);
}

/* Unused annual leave -------------------------------------------------- */

JsonObject *
tj_calc_annual_leave (JsonObject  *input,
                      GError     **error)
{
  g_auto(Result) r = { 0 };
  gint64 wage = 0, years = 0, unused = 0, entitlement, daily, amount;
  g_autofree char *years_text = NULL;
  g_autofree char *ent_text = NULL;
  g_autofree char *unused_text = NULL;
  g_autofree char *wage_text = NULL;
  g_autofree char *line = NULL;
  g_autofree char *daily_line = NULL;

  GDate left_on, start;
  gboolean has_left = FALSE, has_start = FALSE, has_unused;
  gint64 taken = 0;

  if (!get_fen (input, "monthly_wage_fen", NULL, TRUE, &wage, error)
      || !get_centi (input, "cumulative_years", TRUE, &years, error)
      || !get_date (input, "left_on", FALSE, &left_on, &has_left, error)
      || !get_date (input, "start", FALSE, &start, &has_start, error)
      || !get_centi (input, "taken_days", FALSE, &taken, error))
    return NULL;
  /* unused_days may be left out when the leaving date lets us work it out. */
  has_unused = member (input, "unused_days") != NULL;
  if (!get_centi (input, "unused_days", !has_left, &unused, error))
    return NULL;
  if (has_left && has_start && g_date_compare (&start, &left_on) > 0)
    {
      g_set_error (error, TJ_ERROR, TJ_ERROR_INVALID, _("“left_on” is before “start”"));
      return NULL;
    }

  result_init (&r, "annual_leave");
  add_basis (&r, &basis_leave_3);
  add_basis (&r, &basis_leave_5);
  add_basis (&r, &basis_leave_measures_10);

  /* Regulations §3: 已满1年不满10年 5 days, 已满10年不满20年 10, 已满20年 15
   * (values in hundredths of a year). */
  entitlement = years < 100 ? 0 : years < 1000 ? 5 : years < 2000 ? 10 : 15;
  years_text = centi_to_string (years);
  ent_text = g_strdup_printf ("%" G_GINT64_FORMAT, entitlement);
  add_value_step (&r, _("Cumulative years of work"), years_text, NULL);
  add_value_step (&r, _("Annual leave entitlement (days)"), ent_text,
                  entitlement == 0 ? _("less than 1 year: none")
                  : entitlement == 5 ? _("1 to less than 10 years: 5 days")
                  : entitlement == 10 ? _("10 to less than 20 years: 10 days")
                  : _("20 years or more: 15 days"));
  if (entitlement == 0)
    add_warning (&r, "%s", _("Less than one year of cumulative work: no annual leave is due."));

  if (has_left)
    {
      /* Measures §12: days of the year worked (from 1 January, or the start
       * of the employment if later, to the last day) ÷ 365 × the year's
       * leave, whole days only, less the days already taken. */
      GDate from;
      gint64 elapsed, pro_rata_days, payable;
      g_autofree char *elapsed_text = NULL;
      g_autofree char *pro_rata_text = NULL;
      g_autofree char *pro_rata_line = NULL;
      g_autofree char *taken_text = centi_to_string (taken);
      g_autofree char *payable_text = NULL;

      g_date_clear (&from, 1);
      g_date_set_dmy (&from, 1, G_DATE_JANUARY, g_date_get_year (&left_on));
      if (has_start && g_date_compare (&start, &from) > 0)
        from = start;
      elapsed = g_date_days_between (&from, &left_on) + 1;
      pro_rata_days = elapsed * entitlement / 365;   /* whole days, rounded down */
      payable = MAX (0, pro_rata_days * 100 - taken);
      elapsed_text = g_strdup_printf ("%" G_GINT64_FORMAT, elapsed);
      pro_rata_text = g_strdup_printf ("%" G_GINT64_FORMAT, pro_rata_days);
      pro_rata_line = g_strdup_printf ("%s ÷ 365 × %" G_GINT64_FORMAT, elapsed_text, entitlement);
      add_value_step (&r, _("Days of the year worked before leaving"), elapsed_text, NULL);
      add_value_step (&r, _("Leave for the part of the year (whole days)"), pro_rata_text, pro_rata_line);
      add_value_step (&r, _("Leave already taken this year (days)"), taken_text, NULL);
      add_basis (&r, &basis_leave_measures_12);
      payable_text = centi_to_string (payable);
      if (!has_unused)
        unused = payable;
      else if (unused > payable)
        {
          g_autofree char *given = centi_to_string (unused);
          add_warning (&r, _("%s unused days were given but only %s are owed for the part of the year worked: only %s are counted."),
                       given, payable_text, payable_text);
          unused = payable;
        }
    }
  else if (unused > entitlement * 100)
    {
      g_autofree char *given = centi_to_string (unused);
      add_warning (&r, _("%s unused days were given but the entitlement is %d days: only %d are counted."),
                   given, (int) entitlement, (int) entitlement);
      unused = entitlement * 100;
    }
  unused_text = centi_to_string (unused);
  add_value_step (&r, _("Unused days counted"), unused_text, NULL);

  wage_text = tj_money_format (wage);
  if (!tj_money_mul_div (wage, PAY_DAYS_DEN, PAY_DAYS_NUM, &daily))
    { overflow (error); return NULL; }
  daily_line = g_strdup_printf ("%s ÷ 21.75", wage_text);
  add_money_step (&r, _("Daily wage (12-month average excluding overtime ÷ 21.75, rounded for display)"), daily, daily_line);

  /* 200% extra: wage × 4/87 × 2 × days = wage × 8 × centi-days / 8700. */
  if (!tj_money_mul_div (wage, 2 * PAY_DAYS_DEN * unused, (gint64) PAY_DAYS_NUM * 100, &amount))
    { overflow (error); return NULL; }
  line = g_strdup_printf ("%s ÷ 21.75 × 200%% × %s", wage_text, unused_text);
  /* xgettext:no-c-format */
  add_money_step (&r, _("Pay for unused annual leave (200% on top of normal pay)"), amount, line);
  return result_finish (&r, amount);
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

  if (!get_fen (input, "amount_fen", NULL, TRUE, &owed, error))
    return NULL;

  result_init (&r, "late_payment");
  if (!tj_money_mul_div (owed, 50, 100, &min_fen))
    { overflow (error); return NULL; }
  max_fen = owed;
  owed_text = tj_money_format (owed);
  min_line = g_strdup_printf ("%s × 50%%", owed_text);
  max_line = g_strdup_printf ("%s × 100%%", owed_text);
  add_money_step (&r, _("Amount owed"), owed, NULL);
  add_money_step (&r, _("Additional compensation, lower end (50%)"), min_fen, min_line);
  add_money_step (&r, _("Additional compensation, upper end (100%)"), max_fen, max_line);
  add_warning (&r, "%s", _("Due only when the labour administration ordered payment by a deadline and the employer still did not pay. The authority sets the rate within the range; amount_fen is the lower end."));
  add_basis (&r, &basis_lcl_85);
  json_object_set_int_member (r.object, "min_fen", min_fen);
  json_object_set_int_member (r.object, "max_fen", max_fen);
  return result_finish (&r, min_fen);
}

/* Minimum-wage shortfall ------------------------------------------------ */

JsonObject *
tj_calc_minimum_wage (JsonObject      *input,
                      TjLocalFigures  *figures,
                      GError         **error)
{
  g_auto(Result) r = { 0 };
  gint64 paid = 0, minimum = -1, months = 0, year = 0, per_month, amount;
  const char *city = NULL;
  JsonNode *year_node;
  g_autofree char *months_text = NULL;
  g_autofree char *line = NULL;

  if (!get_fen (input, "monthly_wage_fen", NULL, TRUE, &paid, error)
      || !get_fen (input, "minimum_wage_fen", NULL, FALSE, &minimum, error)
      || !get_string (input, "city", &city, error)
      || !get_centi (input, "months", TRUE, &months, error))
    return NULL;

  result_init (&r, "minimum_wage");
  if (minimum < 0)
    {
      if (city == NULL)
        {
          g_set_error (error, TJ_ERROR, TJ_ERROR_INVALID,
                       _("“minimum_wage_fen” is missing: give it, or “city” and “year” to look it up"));
          return NULL;
        }
      year_node = member (input, "year");
      if (year_node == NULL)
        {
          missing ("year", error);
          return NULL;
        }
      year = JSON_NODE_HOLDS_VALUE (year_node) && json_node_get_value_type (year_node) == G_TYPE_INT64
             ? json_node_get_int (year_node) : 0;
      if (year < 1900 || year > 2999)
        {
          g_set_error (error, TJ_ERROR, TJ_ERROR_INVALID, _("“%s” must be a year such as 2025"), "year");
          return NULL;
        }
      if (!lookup_figure (&r, figures, city, (guint) year, TJ_LOCAL_FIGURE_MIN_MONTHLY_WAGE,
                          &minimum, error))
        return NULL;
    }

  add_money_step (&r, _("Local monthly minimum wage"), minimum, NULL);
  add_money_step (&r, _("Monthly wage paid for normal working hours"), paid, NULL);
  per_month = minimum > paid ? minimum - paid : 0;
  {
    g_autofree char *a = tj_money_format (minimum);
    g_autofree char *b = tj_money_format (paid);
    line = g_strdup_printf ("%s − %s", a, b);
  }
  add_money_step (&r, _("Shortfall per month"), per_month, line);
  months_text = centi_to_string (months);
  add_value_step (&r, _("Months"), months_text, NULL);
  if (!tj_money_mul_div (per_month, months, 100, &amount))
    { overflow (error); return NULL; }
  g_clear_pointer (&line, g_free);
  {
    g_autofree char *a = tj_money_format (per_month);
    line = g_strdup_printf ("%s × %s", a, months_text);
  }
  add_money_step (&r, _("Minimum-wage shortfall owed"), amount, line);
  if (per_month == 0)
    add_warning (&r, "%s", _("The wage paid is not below the minimum wage: no shortfall."));
  add_warning (&r, "%s", _("Compare the minimum wage with pay for normal hours only: overtime pay, night-shift, high-temperature and hazard allowances and statutory welfare do not count towards it."));
  add_basis (&r, &basis_lcl_85);
  add_basis (&r, &basis_min_wage_12);
  return result_finish (&r, amount);
}

/* Dispatch ----------------------------------------------------------- */

static const char *const kinds[] = {
  "arrears", "overtime", "compensation", "unlawful_termination",
  "double_wage", "annual_leave", "late_payment", "minimum_wage", NULL
};

const char * const *
tj_calc_get_kinds (void)
{
  return kinds;
}

JsonObject *
tj_calc_run (const char      *kind,
             JsonObject      *input,
             TjLocalFigures  *figures,
             GError         **error)
{
  g_return_val_if_fail (input != NULL, NULL);

  if (g_strcmp0 (kind, "arrears") == 0)
    return tj_calc_arrears (input, error);
  if (g_strcmp0 (kind, "overtime") == 0)
    return tj_calc_overtime (input, error);
  if (g_strcmp0 (kind, "compensation") == 0)
    return tj_calc_compensation (input, figures, error);
  if (g_strcmp0 (kind, "unlawful_termination") == 0)
    return tj_calc_unlawful_termination (input, figures, error);
  if (g_strcmp0 (kind, "double_wage") == 0)
    return tj_calc_double_wage (input, error);
  if (g_strcmp0 (kind, "annual_leave") == 0)
    return tj_calc_annual_leave (input, error);
  if (g_strcmp0 (kind, "late_payment") == 0)
    return tj_calc_late_payment (input, error);
  if (g_strcmp0 (kind, "minimum_wage") == 0)
    return tj_calc_minimum_wage (input, figures, error);

  g_set_error (error, TJ_ERROR, TJ_ERROR_INVALID,
               _("Unknown calculator “%s”; one of: arrears, overtime, compensation, unlawful_termination, double_wage, annual_leave, late_payment, minimum_wage"),
               kind ? kind : "");
  return NULL;
}

/* Plain text ---------------------------------------------------------------- */

char *
tj_calc_result_to_text (JsonObject *result)
{
  GString *out = g_string_new (NULL);
  JsonArray *breakdown = tj_json_get_array (result, "breakdown");
  JsonArray *basis = tj_json_get_array (result, "basis");
  JsonArray *warnings = tj_json_get_array (result, "warnings");
  gint64 amount = tj_json_get_int (result, "amount_fen", 0);
  g_autofree char *amount_text = tj_money_format (amount);
  g_autofree char *capital = amount >= 0 ? tj_money_to_capital (amount) : NULL;

  g_return_val_if_fail (result != NULL, NULL);

  if (json_object_has_member (result, "min_fen") && json_object_has_member (result, "max_fen"))
    {
      g_autofree char *lo = tj_money_format (tj_json_get_int (result, "min_fen", 0));
      g_autofree char *hi = tj_money_format (tj_json_get_int (result, "max_fen", 0));
      /* Translators: a range of amounts, "¥5,000.00 – ¥10,000.00" */
      g_string_append_printf (out, _("Amount: %s – %s"), lo, hi);
    }
  else
    g_string_append_printf (out, _("Amount: %s (%s)"), amount_text, capital ? capital : "");
  g_string_append_c (out, '\n');

  for (guint i = 0; breakdown && i < json_array_get_length (breakdown); i++)
    {
      JsonObject *step = json_array_get_object_element (breakdown, i);
      const char *label = tj_json_get_string (step, "label", "");
      const char *formula = tj_json_get_string (step, "formula", NULL);
      const char *value = tj_json_get_string (step, "value", NULL);
      g_autofree char *money = json_object_has_member (step, "amount_fen")
                               ? tj_money_format (tj_json_get_int (step, "amount_fen", 0)) : NULL;

      g_string_append (out, "  ");
      /* Translators: a step of a calculation, "label: value" */
      g_string_append_printf (out, _("%s: %s"), label, money ? money : value ? value : "");
      if (formula)
        /* Translators: how a step was computed, after its value */
        g_string_append_printf (out, _(" (%s)"), formula);
      g_string_append_c (out, '\n');
    }
  if (basis && json_array_get_length (basis) > 0)
    {
      g_string_append_printf (out, "%s\n", _("Legal basis:"));
      for (guint i = 0; i < json_array_get_length (basis); i++)
        {
          JsonObject *b = json_array_get_object_element (basis, i);
          g_string_append (out, "  ");
          /* Translators: statute, article and text of a legal basis */
          g_string_append_printf (out, _("%s %s: %s"),
                                  tj_json_get_string (b, "statute", ""),
                                  tj_json_get_string (b, "article", ""),
                                  tj_json_get_string (b, "text", ""));
          g_string_append_c (out, '\n');
        }
    }
  if (warnings && json_array_get_length (warnings) > 0)
    {
      g_string_append_printf (out, "%s\n", _("Notes:"));
      for (guint i = 0; i < json_array_get_length (warnings); i++)
        g_string_append_printf (out, "  • %s\n", json_array_get_string_element (warnings, i));
    }
  return g_string_free (out, FALSE);
}
