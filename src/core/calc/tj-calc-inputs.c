/* SPDX-License-Identifier: GPL-3.0-or-later */
#undef G_LOG_DOMAIN
#define G_LOG_DOMAIN "Tiaojie-Calc"

#include "tj-calc.h"
#include "tj-calc-inputs.h"
#include "tj-error.h"
#include "tj-i18n.h"
#include "tj-types.h"

const TjCalcInput tj_calc_inputs[] = {
  { "amount_fen", N_("Amount owed"), N_("The wages or compensation the authority ordered paid"),
    TJ_CALC_INPUT_MONEY, "late_payment" },
  { "monthly_wage_fen", N_("Monthly wage"), N_("Average of the 12 months before the contract ended"),
    TJ_CALC_INPUT_MONEY, "compensation unlawful_termination compensation_with_notice" },
  { "last_month_wage_fen", N_("Last month’s wage"), N_("The wage of the month before the termination, for the +1"),
    TJ_CALC_INPUT_MONEY, "notice_pay compensation_with_notice" },
  { "monthly_wage_fen", N_("Monthly wage"), N_("Average of the last 12 months, excluding overtime"),
    TJ_CALC_INPUT_MONEY, "annual_leave" },
  { "monthly_wage_fen", N_("Monthly wage"), N_("The normal monthly wage"),
    TJ_CALC_INPUT_MONEY, "overtime double_wage" },
  { "monthly_wage_fen", N_("Monthly wage paid"), N_("Paid for normal working hours"),
    TJ_CALC_INPUT_MONEY, "minimum_wage" },
  { "weekday_hours", N_("Extended weekday hours"), N_("Paid at 150%"), TJ_CALC_INPUT_NUMBER, "overtime" },
  { "restday_hours", N_("Rest-day hours"), N_("Without time off in lieu; paid at 200%"),
    TJ_CALC_INPUT_NUMBER, "overtime" },
  { "holiday_hours", N_("Statutory holiday hours"), N_("Paid at 300%"), TJ_CALC_INPUT_NUMBER, "overtime" },
  { "start", N_("Employment started"), N_("First day of work"),
    TJ_CALC_INPUT_DATE, "compensation unlawful_termination compensation_with_notice double_wage" },
  { "end", N_("Employment ended"), N_("Last day of the contract"),
    TJ_CALC_INPUT_DATE, "compensation unlawful_termination compensation_with_notice" },
  { "termination_ground", N_("Why the contract ended"),
    N_("Needed for service before 2008: the rules then in force depend on it"),
    TJ_CALC_INPUT_GROUND, "compensation" },
  { "termination_ground", N_("Why the contract ended"), N_("Pay in lieu of notice is due for an Article 40 dismissal"),
    TJ_CALC_INPUT_GROUND, "notice_pay compensation_with_notice" },
  { "contract_signed", N_("Written contract signed"), N_("Leave empty if no contract was ever signed"),
    TJ_CALC_INPUT_DATE, "double_wage" },
  { "end", N_("Employment ended"), N_("If it ended before a contract was signed"),
    TJ_CALC_INPUT_DATE, "double_wage" },
  { "cumulative_years", N_("Cumulative years of work"), N_("With all employers; decides 5, 10 or 15 days"),
    TJ_CALC_INPUT_NUMBER, "annual_leave" },
  { "unused_days", N_("Unused leave days"), N_("Days of this year's leave not taken"),
    TJ_CALC_INPUT_NUMBER, "annual_leave" },
  { "left_on", N_("Left on"), N_("Optional: for the year of leaving, to prorate the entitlement"),
    TJ_CALC_INPUT_DATE, "annual_leave" },
  { "start", N_("Employment started"), N_("Optional: if hired during the leave year (prorated by the days left)"),
    TJ_CALC_INPUT_DATE, "annual_leave" },
  { "taken_days", N_("Leave days taken"), N_("Optional: in the year of leaving or of joining"),
    TJ_CALC_INPUT_NUMBER, "annual_leave" },
  { "from_month", N_("From month"), N_("First month paid below the minimum (YYYY-MM)"),
    TJ_CALC_INPUT_MONTH, "minimum_wage" },
  { "to_month", N_("To month"), N_("Last month paid below the minimum (YYYY-MM)"),
    TJ_CALC_INPUT_MONTH, "minimum_wage" },
  { "months", N_("Months"), N_("Optional with the period above: months paid below the minimum"),
    TJ_CALC_INPUT_NUMBER, "minimum_wage" },
  { "city", N_("City"), N_("Local figures from the bundled, dated data file, by the date they applied"),
    TJ_CALC_INPUT_CITY, "compensation unlawful_termination compensation_with_notice minimum_wage" },
  { "local_avg_monthly_wage_fen", N_("Local average monthly wage"),
    N_("Optional: the previous year's figure, instead of the city's"),
    TJ_CALC_INPUT_MONEY, "compensation unlawful_termination compensation_with_notice" },
  { "minimum_wage_fen", N_("Local minimum wage"), N_("Optional: instead of the city's figure"),
    TJ_CALC_INPUT_MONEY, "compensation unlawful_termination compensation_with_notice minimum_wage" },
  { "enterprise_avg_monthly_wage_fen", N_("Enterprise average monthly wage"),
    N_("Optional: for service before 2008 after illness, a change of circumstances or a layoff"),
    TJ_CALC_INPUT_MONEY, "compensation compensation_with_notice" },
};

G_STATIC_ASSERT (G_N_ELEMENTS (tj_calc_inputs) == TJ_CALC_N_INPUTS);

gboolean
tj_calc_input_used_by (const TjCalcInput *input,
                       const char        *kind)
{
  g_auto(GStrv) list = NULL;

  g_return_val_if_fail (input != NULL, FALSE);

  if (kind == NULL)
    return FALSE;
  list = g_strsplit (input->kinds, " ", -1);
  return g_strv_contains ((const char * const *) list, kind);
}

const char *
tj_calc_input_type_name (TjCalcInputType type)
{
  static const char * const names[] = { "money", "date", "month", "number", "city", "ground" };

  g_return_val_if_fail ((guint) type < G_N_ELEMENTS (names), NULL);

  return names[type];
}

static JsonObject *
input_object (const char *member,
              const char *type,
              const char *title,
              const char *hint)
{
  JsonObject *o = json_object_new ();

  json_object_set_string_member (o, "member", member);
  json_object_set_string_member (o, "type", type);
  if (title)
    json_object_set_string_member (o, "title", _(title));
  if (hint)
    json_object_set_string_member (o, "hint", _(hint));
  return o;
}

JsonObject *
tj_calc_describe (const char  *kind,
                  GError     **error)
{
  JsonObject *out;
  JsonArray *inputs;

  if (kind == NULL || !g_strv_contains (tj_calc_get_kinds (), kind))
    {
      g_set_error (error, TJ_ERROR, TJ_ERROR_NOT_FOUND,
                   _("Unknown calculator “%s”; one of: arrears, overtime, compensation, unlawful_termination, notice_pay, compensation_with_notice, double_wage, annual_leave, late_payment, minimum_wage"),
                   kind ? kind : "");
      return NULL;
    }
  out = json_object_new ();
  inputs = json_array_new ();
  json_object_set_string_member (out, "kind", kind);
  json_object_set_string_member (out, "label", tj_calc_kind_label (kind));
  if (g_str_equal (kind, "arrears"))
    {
      JsonObject *items = input_object ("items", "list", NULL, NULL);
      JsonArray *of = json_array_new ();

      json_array_add_object_element (of, input_object ("month", "month", NULL, NULL));
      json_array_add_object_element (of, input_object ("due_fen", "money", NULL, NULL));
      json_array_add_object_element (of, input_object ("paid_fen", "money", NULL, NULL));
      json_object_set_array_member (items, "of", of);
      json_array_add_object_element (inputs, items);
    }
  for (guint i = 0; i < TJ_CALC_N_INPUTS; i++)
    if (tj_calc_input_used_by (&tj_calc_inputs[i], kind))
      json_array_add_object_element (inputs, input_object (tj_calc_inputs[i].member,
                                                           tj_calc_input_type_name (tj_calc_inputs[i].type),
                                                           tj_calc_inputs[i].title, tj_calc_inputs[i].hint));
  json_object_set_array_member (out, "inputs", inputs);
  return out;
}
