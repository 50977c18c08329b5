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
static const Basis basis_lcl_46 = {
  N_("Labour Contract Law"), N_("Article 46"),
  N_("The employer pays economic compensation when the worker terminates under Article 38; when the employer proposes a termination by agreement (Article 36); when it terminates under Article 40 or 41; when a fixed-term contract expires, unless the employer offers to renew on the same or better terms and the worker refuses; and when the employer is declared bankrupt, loses its business licence, is ordered to close or is dissolved.") };
static const Basis basis_lcl_40 = {
  N_("Labour Contract Law"), N_("Article 40"),
  N_("The employer may terminate with 30 days’ written notice, or by paying one extra month’s wage instead, when after the medical treatment period for an illness or non-work injury the worker cannot do the original work or other work arranged; when the worker is incompetent and remains so after training or a change of post; or when the circumstances the contract was based on have changed so much that it cannot be performed and no agreement on changing it is reached.") };
static const Basis basis_impl_20 = {
  N_("Implementing Regulations of the Labour Contract Law"), N_("Article 20"),
  N_("When the employer terminates under Article 40 by paying one extra month’s wage, that wage follows the worker’s wage standard of the previous month.") };
static const Basis basis_481_5 = {
  N_("Measures on Economic Compensation for Breaching and Terminating Labour Contracts (MOL [1994] No. 481)"), N_("Article 5"),
  N_("When the employer terminates the contract by agreement with the worker, it pays one month’s wage per full year of service, at most 12 months; less than a year counts as a year.") };
static const Basis basis_481_6 = {
  N_("Measures on Economic Compensation for Breaching and Terminating Labour Contracts (MOL [1994] No. 481)"), N_("Article 6"),
  N_("When the contract is terminated because illness or a non-work injury leaves the worker unable to do the original work or other work arranged, the employer pays one month’s wage per full year of service, and a medical subsidy of at least six months’ wage.") };
static const Basis basis_481_7 = {
  N_("Measures on Economic Compensation for Breaching and Terminating Labour Contracts (MOL [1994] No. 481)"), N_("Article 7"),
  N_("When the employer terminates because the worker remains incompetent after training or a change of post, it pays one month’s wage per full year of service, at most 12 months.") };
static const Basis basis_481_8 = {
  N_("Measures on Economic Compensation for Breaching and Terminating Labour Contracts (MOL [1994] No. 481)"), N_("Article 8"),
  N_("When the employer terminates because a major change of the objective circumstances makes the contract impossible to perform and no agreement on changing it is reached, it pays one month’s wage per full year of service.") };
static const Basis basis_481_9 = {
  N_("Measures on Economic Compensation for Breaching and Terminating Labour Contracts (MOL [1994] No. 481)"), N_("Article 9"),
  N_("When the employer must reduce its staff because it is close to bankruptcy or in serious difficulty, it pays each worker laid off one month’s wage per full year of service.") };
static const Basis basis_481_11 = {
  N_("Measures on Economic Compensation for Breaching and Terminating Labour Contracts (MOL [1994] No. 481)"), N_("Article 11"),
  N_("The wage is the worker’s average monthly wage of the 12 months before the termination; under Articles 6, 8 and 9, a worker’s average below the enterprise’s average monthly wage is raised to it.") };
static const Basis basis_1997_98 = {
  N_("Reply of the General Office of the Ministry of Labour on Economic Compensation for Terminating Labour Contracts (MOL General Office [1997] No. 98)"), N_("Items 1 and 2"),
  N_("Under the 1994 Measures, service of less than a year, and a remainder of less than a year after full years, each count as a full year; this applies to Articles 5 to 9.") };
static const Basis basis_2001_15 = {
  N_("Interpretation of the Supreme People’s Court on Labour Dispute Cases (Fa Shi [2001] No. 14)"), N_("Article 15"),
  N_("When the employer forces the worker to terminate by violence, threats or restraint, by not paying the agreed remuneration or providing the agreed working conditions, by withholding or delaying wages, by refusing overtime pay or by paying below the minimum wage, it pays the worker’s remuneration and economic compensation.") };
static const Basis basis_leave_measures_5 = {
  N_("Measures for the Implementation of Paid Annual Leave for Enterprise Employees"), N_("Article 5"),
  N_("A worker who joins the employer during the year gets leave for that year pro rata by the calendar days left in the year: days left ÷ 365 × the full year’s leave; a part of a day is not granted.") };
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

/* Figures from the local figures file, named in the result: in
 * "figures" (city, kind, value, the date it applies from, source…) and as
 * a step, so that the printed result says which figure of which date it
 * used. @from/@to: the part of a period it was used for (NULL: @on). */
static void
use_figure (Result              *r,
            const TjLocalFigure *f,
            const GDate         *on,
            const GDate         *from,
            const GDate         *to)
{
  JsonObject *o = json_object_new ();
  g_autofree char *label = NULL;
  g_autofree char *effective = tj_date_to_iso (&f->effective_date);
  g_autofree char *effective_text = tj_date_format_display (&f->effective_date);

  json_object_set_string_member (o, "city", f->city);
  /* "year": the year of the period the figure served (kept from the
   * yearly format; "effective" says when the figure itself applies). */
  json_object_set_int_member (o, "year", g_date_get_year (on ? on : from));
  json_object_set_string_member (o, "kind", tj_local_figure_kind_to_string (f->kind));
  json_object_set_int_member (o, "value_fen", f->value_fen);
  json_object_set_string_member (o, "effective", effective);
  if (f->kind == TJ_LOCAL_FIGURE_AVG_MONTHLY_WAGE)
    json_object_set_int_member (o, "of_year", f->of_year);
  if (on)
    {
      g_autofree char *iso = tj_date_to_iso (on);
      json_object_set_string_member (o, "used_on", iso);
    }
  if (from && to)
    {
      g_autofree char *a = tj_date_to_iso (from);
      g_autofree char *b = tj_date_to_iso (to);
      json_object_set_string_member (o, "from", a);
      json_object_set_string_member (o, "to", b);
    }
  if (f->source)
    json_object_set_string_member (o, "source", f->source);
  if (f->published)
    json_object_set_string_member (o, "published", f->published);
  if (f->verify)
    json_object_set_string_member (o, "verify", f->verify);
  if (!json_object_has_member (r->object, "figures"))
    json_object_set_array_member (r->object, "figures", json_array_new ());
  json_array_add_object_element (json_object_get_array_member (r->object, "figures"), o);

  if (f->kind == TJ_LOCAL_FIGURE_AVG_MONTHLY_WAGE)
    /* Translators: "北京 average monthly wage of 2023, published 2024-07-01" */
    label = g_strdup_printf (_("%s average monthly wage of %u, published %s"), f->city, f->of_year, effective_text);
  else
    /* Translators: "上海 monthly minimum wage in force from 2023-07-01" */
    label = g_strdup_printf (_("%s monthly minimum wage in force from %s"), f->city, effective_text);
  add_money_step (r, label, f->value_fen, f->source);
}

/* The figure of @city that applies on @on. */
static const TjLocalFigure *
lookup_figure (Result             *r,
               TjLocalFigures     *figures,
               const char         *city,
               const GDate        *on,
               TjLocalFigureKind   kind,
               GError            **error)
{
  g_autofree char *warning = NULL;
  const TjLocalFigure *f;

  if (figures == NULL)
    {
      g_set_error (error, TJ_ERROR, TJ_ERROR_NOT_FOUND,
                   _("No local figures are loaded to look up “%s”"), city);
      return NULL;
    }
  f = tj_local_figures_lookup (figures, city, kind, on, &warning, error);
  if (f && warning)
    add_warning (r, "%s", warning);
  return f;
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

/* Why the contract ended, for service before 2008-01-01 (§97 ¶3: the
 * years before are compensated under the rules then in force, which
 * depend on the ground) and for pay in lieu of notice (only §40). */
typedef struct {
  const char  *id;
  const char  *label;
  gboolean     compensated_before_2008;
  guint        cap_months;        /* the old rules' limit, 0: none */
  gboolean     enterprise_average;/* 481号 §11: raised to the enterprise's average */
  gboolean     article_40;
  const Basis *basis_before_2008; /* NULL: nothing was due then */
} Ground;

static const Ground grounds[] = {
  { "negotiated_employer", N_("Terminated by agreement, proposed by the employer (§36, §46 item 2)"),
    TRUE, 12, FALSE, FALSE, &basis_481_5 },
  { "employer_fault_pay", N_("The worker terminated: wages not paid in full or on time, no labour protection or conditions, or forced labour (§38)"),
    TRUE, 0, FALSE, FALSE, &basis_2001_15 },
  { "employer_fault_other", N_("The worker terminated: no social insurance, unlawful rules, or a void contract (§38)"),
    FALSE, 0, FALSE, FALSE, NULL },
  { "illness_injury", N_("Dismissed after the medical treatment period (§40 item 1)"),
    TRUE, 0, TRUE, TRUE, &basis_481_6 },
  { "incompetence", N_("Dismissed as still incompetent after training or a new post (§40 item 2)"),
    TRUE, 12, FALSE, TRUE, &basis_481_7 },
  { "objective_change", N_("Dismissed after a major change of circumstances (§40 item 3)"),
    TRUE, 0, TRUE, TRUE, &basis_481_8 },
  { "layoff", N_("Economic layoff (§41)"),
    TRUE, 0, TRUE, FALSE, &basis_481_9 },
  { "fixed_term_expiry", N_("A fixed-term contract expired and the employer did not renew it on the same or better terms (§44 item 1, §46 item 5)"),
    FALSE, 0, FALSE, FALSE, NULL },
  { "employer_closed", N_("The employer went bankrupt, lost its licence, was closed or dissolved (§44 items 4 and 5)"),
    FALSE, 0, FALSE, FALSE, NULL },
};

static const char *const ground_ids[] = {
  "negotiated_employer", "employer_fault_pay", "employer_fault_other", "illness_injury", "incompetence",
  "objective_change", "layoff", "fixed_term_expiry", "employer_closed", NULL
};

const char * const *
tj_calc_get_termination_grounds (void)
{
  return ground_ids;
}

const char *
tj_calc_termination_ground_label (const char *ground)
{
  for (guint i = 0; i < G_N_ELEMENTS (grounds); i++)
    if (g_strcmp0 (grounds[i].id, ground) == 0)
      return _(grounds[i].label);
  return NULL;
}

static const Ground *
find_ground (const char *id)
{
  for (guint i = 0; i < G_N_ELEMENTS (grounds); i++)
    if (g_strcmp0 (grounds[i].id, id) == 0)
      return &grounds[i];
  return NULL;
}

static gboolean
get_ground (JsonObject    *input,
            const Ground **out,
            GError       **error)
{
  const char *id = NULL;
  g_autofree char *list = g_strjoinv (", ", (char **) ground_ids);

  *out = NULL;
  if (!get_string (input, "termination_ground", &id, error))
    return FALSE;
  if (id == NULL)
    return TRUE;
  *out = find_ground (id);
  if (*out == NULL)
    {
      g_set_error (error, TJ_ERROR, TJ_ERROR_INVALID,
                   _("“termination_ground” is not a ground of termination; one of: %s"), list);
      return FALSE;
    }
  return TRUE;
}

/* §47's months for a service of @years full years and a remainder of
 * @rem_months months and @days days, in half months: a remainder of 6
 * months or more counts as a year, a shorter (non-empty) one half a
 * month. */
static gint64
half_months_47 (guint        years,
                guint        rem_months,
                guint        days,
                const char **rule)
{
  if (rem_months >= 6)
    {
      *rule = _("remainder of 6 months or more: one month");
      return 2 * (gint64) years + 2;
    }
  if (rem_months > 0 || days > 0)
    {
      *rule = _("remainder under 6 months: half a month");
      return 2 * (gint64) years + 1;
    }
  *rule = _("no remainder");
  return 2 * (gint64) years;
}

/* N, filled into @r: N = *@twice_n_out ÷ 2 (in fen, exact), with
 * *@half_months_out the months in halves for "months". With
 * @split_before_2008 (N itself) service before 2008-01-01 follows the
 * rules then in force by ground (§97 ¶3); without (2N, Implementing
 * Regulations §25) all service counts under §47 from the first day. */
static gboolean
compute_n (Result          *r,
           JsonObject      *input,
           TjLocalFigures  *figures,
           gboolean         split_before_2008,
           const Ground   **ground_out,
           gint64          *twice_n_out,
           gint64          *half_months_out,
           char           **formula_out,
           GError         **error)
{
  gint64 wage = 0, local_avg = -1, minimum = -1, enterprise_avg = -1, base, cap = -1;
  gint64 half_months, twice_n = 0, pre_months = 0, pre_amount = 0, post_shown = 0;
  GDate start, end, law_start, post_start;
  const char *city = NULL, *rule = NULL;
  const Ground *ground = NULL;
  const TjLocalFigure *avg_figure = NULL, *min_figure = NULL;
  guint months, days, years, rem_months;
  gboolean capped = FALSE, has_pre, has_post;
  g_autofree char *service = NULL;
  g_autofree char *months_text = NULL;

  if (!get_fen (input, "monthly_wage_fen", NULL, TRUE, &wage, error)
      || !get_date (input, "start", TRUE, &start, NULL, error)
      || !get_date (input, "end", TRUE, &end, NULL, error)
      || !get_fen (input, "local_avg_monthly_wage_fen", NULL, FALSE, &local_avg, error)
      || !get_fen (input, "minimum_wage_fen", NULL, FALSE, &minimum, error)
      || !get_fen (input, "enterprise_avg_monthly_wage_fen", NULL, FALSE, &enterprise_avg, error)
      || !get_string (input, "city", &city, error)
      || !get_ground (input, &ground, error))
    return FALSE;
  if (g_date_compare (&end, &start) < 0)
    {
      g_set_error (error, TJ_ERROR, TJ_ERROR_INVALID, _("“end” is before “start”"));
      return FALSE;
    }

  g_date_clear (&law_start, 1);
  g_date_set_dmy (&law_start, 1, G_DATE_JANUARY, 2008);
  has_pre = split_before_2008 && g_date_compare (&start, &law_start) < 0;
  has_post = !has_pre || g_date_compare (&end, &law_start) >= 0;
  post_start = has_pre ? law_start : start;

  /* §97 ¶3: without the ground, nothing can be said about the years
   * before 2008 — refuse rather than guess. */
  if (has_pre && ground == NULL)
    {
      GDate pre_last = law_start;
      guint m2, d2;
      g_autofree char *pre = NULL;

      g_date_subtract_days (&pre_last, 1);
      if (g_date_compare (&end, &pre_last) < 0)
        pre_last = end;
      count_months (&start, &pre_last, &m2, &d2, NULL);
      pre = service_to_string (m2 / 12, m2 % 12, d2);
      g_set_error (error, TJ_ERROR, TJ_ERROR_INVALID,
                   _("“termination_ground” is missing: %s of the service is before 2008-01-01, and the compensation for those years depends on why the contract ended (Labour Contract Law §97 ¶3)"),
                   pre);
      return FALSE;
    }

  /* The local figures that apply on the last day: the average wage
   * published by then (the cap of §47), the minimum wage in force then
   * (the floor of Implementing Regulations §27). */
  if (local_avg < 0 && city != NULL)
    {
      avg_figure = lookup_figure (r, figures, city, &end, TJ_LOCAL_FIGURE_AVG_MONTHLY_WAGE, error);
      if (avg_figure == NULL)
        return FALSE;
      local_avg = avg_figure->value_fen;
    }
  if (minimum < 0 && city != NULL && figures != NULL
      && tj_local_figures_lookup (figures, city, TJ_LOCAL_FIGURE_MIN_MONTHLY_WAGE, &end, NULL, NULL) != NULL)
    {
      /* Optional: without a minimum-wage figure the floor is not checked. */
      min_figure = lookup_figure (r, figures, city, &end, TJ_LOCAL_FIGURE_MIN_MONTHLY_WAGE, error);
      minimum = min_figure->value_fen;
    }

  /* Service from start to end, both days included. */
  count_months (&start, &end, &months, &days, NULL);
  service = service_to_string (months / 12, months % 12, days);
  add_value_step (r, _("Length of service (start to end, both days included)"), service, NULL);
  if (ground)
    {
      add_value_step (r, _("Ground of termination"), _(ground->label), NULL);
      json_object_set_string_member (r->object, "termination_ground", ground->id);
    }
  if (!split_before_2008 && g_date_compare (&start, &law_start) < 0)
    add_value_step (r, _("Counted from the first day of employment, including service before 2008 (Implementing Regulations §25)"),
                    service, NULL);
  add_money_step (r, _("Monthly wage (average of the last 12 months)"), wage, NULL);

  if (has_pre)
    {
      /* Before 2008 (劳部发〔1994〕481号 and 劳办发〔1997〕98号): one month
       * per year of service, a year begun counting as a full one; some
       * grounds limit it to 12 months; others earned nothing. No §47 cap
       * (it did not exist); the wage is the 12-month average, raised to
       * the enterprise's average under §6, §8 and §9 (§11). */
      GDate pre_last = law_start;
      guint m2, d2;
      gint64 pre_base = wage;
      g_autofree char *pre = NULL;
      g_autofree char *pre_months_text = NULL;
      g_autofree char *pre_rule = NULL;

      g_date_subtract_days (&pre_last, 1);
      if (g_date_compare (&end, &pre_last) < 0)
        pre_last = end;
      count_months (&start, &pre_last, &m2, &d2, NULL);
      pre = service_to_string (m2 / 12, m2 % 12, d2);
      add_value_step (r, _("Service before 2008-01-01"), pre, NULL);

      if (!ground->compensated_before_2008)
        {
          pre_months = 0;
          pre_rule = g_strdup (_("the rules then in force gave no compensation for this ground"));
          add_warning (r, "%s", _("No compensation is counted for the service before 2008: the national rules then in force gave none for this ground (Labour Contract Law §97 ¶3). Some provincial rules of the time did; check the local rules for that period."));
        }
      else
        {
          pre_months = m2 / 12 + (m2 % 12 > 0 || d2 > 0 ? 1 : 0);
          if (ground->cap_months && pre_months > ground->cap_months)
            {
              pre_rule = g_strdup_printf (_("one month per year begun, at most %u months"), ground->cap_months);
              pre_months = ground->cap_months;
            }
          else
            pre_rule = g_strdup (ground->cap_months
                                 ? _("one month per year begun (a part year counts as a year), at most 12 months")
                                 : _("one month per year begun (a part year counts as a year)"));
          add_basis (r, ground->basis_before_2008);
          add_basis (r, &basis_1997_98);
          if (ground->enterprise_average)
            {
              add_basis (r, &basis_481_11);
              if (enterprise_avg > wage)
                {
                  pre_base = enterprise_avg;
                  add_money_step (r, _("The wage is below the enterprise’s average monthly wage: the enterprise’s average is used for the years before 2008"),
                                  enterprise_avg, NULL);
                }
              else if (enterprise_avg < 0)
                add_warning (r, "%s", _("For this ground the rules before 2008 raise a wage below the enterprise’s average monthly wage to that average (MOL [1994] No. 481 §11): give “enterprise_avg_monthly_wage_fen” to apply it."));
            }
          if (g_strcmp0 (ground->id, "illness_injury") == 0)
            add_warning (r, "%s", _("For a dismissal after illness or a non-work injury the rules before 2008 also owed a medical subsidy of at least six months’ wage (MOL [1994] No. 481 §6); it is not included here."));
          if (g_strcmp0 (ground->id, "employer_fault_pay") == 0)
            add_warning (r, "%s", _("For the years before 2008 the Supreme People’s Court’s 2001 interpretation (Article 15) owed compensation without fixing its measure; it is counted here as under the 1994 Measures, one month per year begun. Check the local practice."));
        }
      pre_months_text = g_strdup_printf ("%" G_GINT64_FORMAT, pre_months);
      add_value_step (r, _("Months of wages for the service before 2008 (rules then in force)"), pre_months_text, pre_rule);
      if (!tj_money_mul_div (pre_base, pre_months, 1, &pre_amount))
        return overflow (error);
      {
        g_autofree char *a = tj_money_format (pre_base);
        g_autofree char *line = g_strdup_printf ("%s × %" G_GINT64_FORMAT, a, pre_months);
        add_money_step (r, _("Compensation for the service before 2008"), pre_amount, line);
      }
      twice_n += 2 * pre_amount;
      add_basis (r, &basis_lcl_97);
      json_object_set_double_member (r->object, "months_before_2008", (double) pre_months);
    }

  half_months = 0;
  base = wage;
  if (has_post)
    {
      gint64 post_amount_twice;

      if (has_pre)
        {
          guint m3, d3;
          g_autofree char *post = NULL;

          count_months (&post_start, &end, &m3, &d3, NULL);
          post = service_to_string (m3 / 12, m3 % 12, d3);
          add_value_step (r, _("Service from 2008-01-01 (Labour Contract Law §47)"), post, NULL);
          months = m3;
          days = d3;
        }
      years = months / 12;
      rem_months = months % 12;
      half_months = half_months_47 (years, rem_months, days, &rule);
      months_text = half_months_to_string (half_months);
      add_value_step (r, has_pre ? _("Months of wages for the service from 2008") : _("Months of wages for the service"),
                      months_text, rule);

      if (min_figure)
        use_figure (r, min_figure, &end, NULL, NULL);
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

          if (avg_figure)
            use_figure (r, avg_figure, &end, NULL, NULL);
          cap = 3 * local_avg;
          line = g_strdup_printf ("3 × %s", avg_text);
          add_money_step (r, _("Cap: three times the local average monthly wage of the previous year"), cap, line);
          /* "高于…三倍的": only a wage above the cap is capped; a wage
           * exactly at it is not, and the 12-year limit does not apply. */
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
      if (!tj_money_mul_div (base, half_months, 1, &post_amount_twice))
        return overflow (error);
      if (has_pre)
        {
          g_autofree char *a = tj_money_format (base);
          g_autofree char *m = half_months_to_string (half_months);
          g_autofree char *line = g_strdup_printf ("%s × %s", a, m);

          tj_money_mul_div (base, half_months, 2, &post_shown);
          add_money_step (r, _("Compensation for the service from 2008"), post_shown, line);
          json_object_set_double_member (r->object, "months_from_2008", (double) half_months / 2.0);
        }
      twice_n += post_amount_twice;
    }

  if (twice_n > G_GINT64_CONSTANT (1000000000000000000))
    return overflow (error);
  *twice_n_out = twice_n;
  *half_months_out = half_months + 2 * pre_months;
  if (has_pre)
    {
      /* The parts as shown, rounded for display; the sum is exact. */
      g_autofree char *a = tj_money_format (pre_amount);
      g_autofree char *b = tj_money_format (post_shown);
      *formula_out = has_post ? g_strdup_printf ("%s + %s", a, b) : g_strdup (a);
    }
  else
    {
      g_autofree char *a = tj_money_format (base);
      g_autofree char *m = half_months_to_string (half_months);
      *formula_out = g_strdup_printf ("%s × %s", a, m);
    }
  if (ground_out)
    *ground_out = ground;
  json_object_set_double_member (r->object, "months", (double) (half_months + 2 * pre_months) / 2.0);
  return TRUE;
}

/* The final N step: one rounding of the exact sum. */
static gboolean
finish_n (Result      *r,
          gint64       twice_n,
          const char  *formula,
          gint64      *n_out,
          GError     **error)
{
  if (!tj_money_mul_div (twice_n, 1, 2, n_out))
    return overflow (error);
  add_money_step (r, _("Economic compensation (N)"), *n_out, formula);
  return TRUE;
}

/* Puts @first bases before the ones added so far: the rule applied is
 * cited first. */
static void
basis_first (Result             *r,
             const Basis *const *first)
{
  g_autoptr(JsonArray) extra = g_steal_pointer (&r->basis);

  r->basis = json_array_new ();
  for (guint i = 0; first[i]; i++)
    add_basis (r, first[i]);
  for (guint i = 0; i < json_array_get_length (extra); i++)
    json_array_add_element (r->basis, json_node_copy (json_array_get_element (extra, i)));
}

JsonObject *
tj_calc_compensation (JsonObject      *input,
                      TjLocalFigures  *figures,
                      GError         **error)
{
  g_auto(Result) r = { 0 };
  gint64 twice_n = 0, half_months = 0, amount;
  g_autofree char *formula = NULL;
  const Basis *const first[] = { &basis_lcl_47, &basis_lcl_46, NULL };

  result_init (&r, "compensation");
  if (!compute_n (&r, input, figures, TRUE, NULL, &twice_n, &half_months, &formula, error)
      || !finish_n (&r, twice_n, formula, &amount, error))
    return NULL;
  basis_first (&r, first);
  return result_finish (&r, amount);
}

JsonObject *
tj_calc_unlawful_termination (JsonObject      *input,
                              TjLocalFigures  *figures,
                              GError         **error)
{
  g_auto(Result) r = { 0 };
  gint64 twice_n = 0, half_months = 0, n;
  g_autofree char *formula = NULL;
  const Basis *const first[] = { &basis_lcl_87, &basis_lcl_48, &basis_lcl_47, &basis_impl_25, NULL };

  result_init (&r, "unlawful_termination");
  /* Implementing Regulations §25: the damages count all service from the
   * first day under §47 — no split at 2008, no ground needed. */
  if (!compute_n (&r, input, figures, FALSE, NULL, &twice_n, &half_months, &formula, error)
      || !finish_n (&r, twice_n, formula, &n, error))
    return NULL;
  {
    /* 2N = twice the exact N, rounded once (N itself is shown rounded). */
    g_autofree char *line = g_strdup_printf ("2 × %s", formula);
    add_money_step (&r, _("Damages for unlawful termination (2N)"), twice_n, line);
  }
  json_object_set_int_member (r.object, "multiplier", 2);
  add_warning (&r, "%s", _("The damages replace economic compensation: N is not paid in addition (Implementing Regulations §25). They are due when the worker does not ask to continue the contract or it cannot continue (§48)."));
  basis_first (&r, first);
  return result_finish (&r, twice_n);
}

/* Pay in lieu of notice (+1) ------------------------------------------- */

/* The +1 of a §40 dismissal without 30 days' written notice: one month's
 * wage at the previous month's wage (Implementing Regulations §20). Adds
 * its steps to @r and returns the amount. */
static gboolean
compute_notice_pay (Result        *r,
                    JsonObject    *input,
                    const Ground  *ground,
                    gint64        *out,
                    GError       **error)
{
  gint64 last_month = 0;

  if (!get_fen (input, "last_month_wage_fen", NULL, TRUE, &last_month, error))
    return FALSE;
  if (ground && !ground->article_40)
    {
      g_set_error (error, TJ_ERROR, TJ_ERROR_INVALID,
                   _("“termination_ground”: pay in lieu of notice is due only for a dismissal under Article 40 (illness_injury, incompetence, objective_change)"));
      return FALSE;
    }
  {
    g_autofree char *a = tj_money_format (last_month);
    g_autofree char *line = g_strdup_printf ("1 × %s", a);

    add_money_step (r, _("Wage of the month before the termination"), last_month, NULL);
    add_money_step (r, _("Pay in lieu of notice (+1)"), last_month, line);
  }
  add_warning (r, "%s", _("Pay in lieu of notice is due when the employer dismissed under Article 40 (illness or injury after the treatment period, incompetence, a major change of circumstances) without giving 30 days’ written notice."));
  *out = last_month;
  return TRUE;
}

JsonObject *
tj_calc_notice_pay (JsonObject  *input,
                    GError     **error)
{
  g_auto(Result) r = { 0 };
  const Ground *ground = NULL;
  gint64 amount = 0;

  if (!get_ground (input, &ground, error))
    return NULL;
  result_init (&r, "notice_pay");
  if (ground)
    {
      add_value_step (&r, _("Ground of termination"), _(ground->label), NULL);
      json_object_set_string_member (r.object, "termination_ground", ground->id);
    }
  if (!compute_notice_pay (&r, input, ground, &amount, error))
    return NULL;
  add_basis (&r, &basis_lcl_40);
  add_basis (&r, &basis_impl_20);
  return result_finish (&r, amount);
}

/* N + 1 ------------------------------------------------------------------ */

static JsonObject *
part_object (const char *kind,
             gint64      amount)
{
  JsonObject *o = json_object_new ();
  g_autofree char *text = tj_money_format (amount);

  json_object_set_string_member (o, "kind", kind);
  json_object_set_int_member (o, "amount_fen", amount);
  json_object_set_string_member (o, "amount_text", text);
  return o;
}

JsonObject *
tj_calc_compensation_with_notice (JsonObject      *input,
                                  TjLocalFigures  *figures,
                                  GError         **error)
{
  g_auto(Result) r = { 0 };
  gint64 twice_n = 0, half_months = 0, n = 0, notice = 0, total;
  g_autofree char *formula = NULL;
  const Ground *ground = NULL;
  const Basis *const first[] = { &basis_lcl_47, &basis_lcl_40, &basis_impl_20, &basis_lcl_46, NULL };
  JsonArray *parts;

  /* Check the +1's inputs first, so that a wrong ground is named before
   * anything is computed. */
  if (!get_ground (input, &ground, error))
    return NULL;
  if (ground && !ground->article_40)
    {
      g_set_error (error, TJ_ERROR, TJ_ERROR_INVALID,
                   _("“termination_ground”: N + 1 applies only to a dismissal under Article 40 (illness_injury, incompetence, objective_change)"));
      return NULL;
    }
  result_init (&r, "compensation_with_notice");
  if (!compute_n (&r, input, figures, TRUE, &ground, &twice_n, &half_months, &formula, error)
      || !finish_n (&r, twice_n, formula, &n, error)
      || !compute_notice_pay (&r, input, ground, &notice, error))
    return NULL;
  total = n + notice;
  {
    g_autofree char *a = tj_money_format (n);
    g_autofree char *b = tj_money_format (notice);
    g_autofree char *line = g_strdup_printf ("%s + %s", a, b);
    add_money_step (&r, _("Economic compensation plus pay in lieu of notice (N + 1)"), total, line);
  }
  parts = json_array_new ();
  json_array_add_object_element (parts, part_object ("compensation", n));
  json_array_add_object_element (parts, part_object ("notice_pay", notice));
  json_object_set_array_member (r.object, "parts", parts);
  basis_first (&r, first);
  return result_finish (&r, total);
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

  if (!get_fen (input, "monthly_wage_fen", NULL, TRUE, &wage, error)
      || !get_centi (input, "cumulative_years", TRUE, &years, error)
      || !get_date (input, "left_on", FALSE, &left_on, &has_left, error)
      || !get_date (input, "start", FALSE, &start, &has_start, error)
      || !get_centi (input, "taken_days", FALSE, &taken, error))
    return NULL;
  if (has_left && has_start && g_date_compare (&start, &left_on) > 0)
    {
      g_set_error (error, TJ_ERROR, TJ_ERROR_INVALID, _("“left_on” is before “start”"));
      return NULL;
    }
  /* The year the leave is for: given, or the year of leaving, or the
   * year of joining. */
  year_node = member (input, "year");
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
  has_unused = member (input, "unused_days") != NULL;
  if (!get_centi (input, "unused_days", !has_left && !new_hire, &unused, error))
    return NULL;

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

  if (has_left || new_hire)
    {
      gint64 days, payable;
      g_autofree char *days_text = NULL;
      g_autofree char *taken_text = centi_to_string (taken);
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
          add_value_step (&r, _("Days of the year worked before leaving"), days_text, NULL);
          add_value_step (&r, _("Leave already taken this year (days)"), taken_text, NULL);
          exact = centi_to_string (numerator > 0 ? numerator / 365 : 0);
          payable_text = centi_to_string (payable);
          formula = g_strdup_printf ("%s ÷ 365 × %" G_GINT64_FORMAT " − %s = %s… → %s",
                                     days_text, entitlement, taken_text, exact, payable_text);
          add_value_step (&r, _("Leave owed for the part of the year, less the days taken (whole days)"),
                          payable_text, formula);
          add_basis (&r, &basis_leave_measures_12);
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
          add_value_step (&r, _("Calendar days of the year from joining (the day of joining included)"), days_text, NULL);
          add_value_step (&r, _("Leave for the year of joining (whole days)"), year_days_text, formula);
          add_value_step (&r, _("Leave already taken this year (days)"), taken_text, NULL);
          payable_text = centi_to_string (payable);
          g_clear_pointer (&formula, g_free);
          formula = g_strdup_printf ("%s − %s", year_days_text, taken_text);
          add_value_step (&r, _("Leave owed"), payable_text, formula);
          add_basis (&r, &basis_leave_measures_5);
        }
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
  if (!get_string (input, name, &text, error))
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
      use_figure (r, f, NULL, &a, &b);
    }
  add_money_step (r, _("Monthly wage paid for normal working hours"), paid, NULL);

  for (guint i = 0; i < runs->len; i++)
    {
      Run *run = g_ptr_array_index (runs, i);
      g_autofree char *first = month_text (&run->first);
      g_autofree char *last = month_text (&run->last);
      g_autofree char *label = NULL;
      g_autofree char *formula = NULL;
      gint64 shown;

      if (!tj_money_mul_div (run->numerator, 1, MONTH_DAYS_LCM, &shown))
        return overflow (error);
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
      add_money_step (r, label, shown, formula);
      total += run->numerator;
      if (total > G_GINT64_CONSTANT (4000000000000000000))
        return overflow (error);
    }
  if (!tj_money_mul_div (total, 1, MONTH_DAYS_LCM, amount_out))
    return overflow (error);
  {
    g_autofree char *a = month_text (from);
    g_autofree char *b = month_text (to);
    g_autofree char *line = g_strdup_printf ("%s – %s", a, b);
    add_money_step (r, _("Minimum-wage shortfall owed"), *amount_out, line);
  }
  if (*amount_out == 0)
    add_warning (r, "%s", _("The wage paid is not below the minimum wage: no shortfall."));
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

  if (!get_fen (input, "monthly_wage_fen", NULL, TRUE, &paid, error)
      || !get_fen (input, "minimum_wage_fen", NULL, FALSE, &minimum, error)
      || !get_string (input, "city", &city, error)
      || !get_month (input, "from_month", &from, &has_from, error)
      || !get_month (input, "to_month", &to, &has_to, error)
      || !get_centi (input, "months", FALSE, &months, error))
    return NULL;
  if (has_from != has_to)
    {
      missing (has_from ? "to_month" : "from_month", error);
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

  result_init (&r, "minimum_wage");
  add_basis (&r, &basis_lcl_85);
  add_basis (&r, &basis_min_wage_12);
  add_warning (&r, "%s", _("Compare the minimum wage with pay for normal hours only: overtime pay, night-shift, high-temperature and hazard allowances and statutory welfare do not count towards it."));

  if (minimum < 0 && city != NULL && has_from)
    {
      /* By date: each month with the figure in force then. */
      if (!minimum_wage_by_period (&r, figures, city, paid, &from, &to, &amount, error))
        return NULL;
      return result_finish (&r, amount);
    }

  if (months < 0)
    {
      missing ("months", error);
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
      year_node = member (input, "year");
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
      f = lookup_figure (&r, figures, city, &december, TJ_LOCAL_FIGURE_MIN_MONTHLY_WAGE, error);
      if (f == NULL)
        return NULL;
      use_figure (&r, f, NULL, &january, &december);
      minimum = f->value_fen;
    }
  else
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
  return result_finish (&r, amount);
}

/* Dispatch ----------------------------------------------------------- */

static const char *const kinds[] = {
  "arrears", "overtime", "compensation", "unlawful_termination", "notice_pay",
  "compensation_with_notice", "double_wage", "annual_leave", "late_payment", "minimum_wage", NULL
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
  if (g_strcmp0 (kind, "notice_pay") == 0)
    return tj_calc_notice_pay (input, error);
  if (g_strcmp0 (kind, "compensation_with_notice") == 0)
    return tj_calc_compensation_with_notice (input, figures, error);
  if (g_strcmp0 (kind, "double_wage") == 0)
    return tj_calc_double_wage (input, error);
  if (g_strcmp0 (kind, "annual_leave") == 0)
    return tj_calc_annual_leave (input, error);
  if (g_strcmp0 (kind, "late_payment") == 0)
    return tj_calc_late_payment (input, error);
  if (g_strcmp0 (kind, "minimum_wage") == 0)
    return tj_calc_minimum_wage (input, figures, error);

  g_set_error (error, TJ_ERROR, TJ_ERROR_INVALID,
               _("Unknown calculator “%s”; one of: arrears, overtime, compensation, unlawful_termination, notice_pay, compensation_with_notice, double_wage, annual_leave, late_payment, minimum_wage"),
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
