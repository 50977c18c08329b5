/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tiaojie-cli calc: the labour-law calculators and legal deadlines. No
 * store is needed: everything comes from the JSON input and the bundled
 * (or user-updated) data files. */

#include <stdio.h>
#include <string.h>

#include "tj-cli-private.h"
#include "tj-calc.h"
#include "tj-calc-inputs.h"
#include "tj-calendar.h"
#include "tj-deadline.h"
#include "tj-error.h"
#include "tj-i18n.h"
#include "tj-json.h"
#include "tj-local-figures.h"
#include "tj-money.h"

/* Warnings about ignored user data files go with the result, so they are
 * seen wherever the result is shown. */
static void
append_warnings (JsonObject         *result,
                 const char * const *warnings)
{
  JsonArray *array = tj_json_get_array (result, "warnings");

  if (warnings == NULL)
    return;
  if (array == NULL)
    {
      json_object_set_array_member (result, "warnings", json_array_new ());
      array = tj_json_get_array (result, "warnings");
    }
  for (guint i = 0; warnings[i]; i++)
    json_array_add_string_element (array, warnings[i]);
}

static int
run_deadlines (TjCli     *cli,
               TjCliArgs *args)
{
  g_autoptr(TjCalendar) calendar = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) input = tj_cli_read_json (tj_cli_opt (args, "json"), &error);
  g_autoptr(JsonObject) result = NULL;

  if (input == NULL)
    return tj_cli_fail (error);
  calendar = tj_calendar_new_default ();
  result = tj_deadlines_compute (calendar, input, &error);
  if (result == NULL)
    return tj_cli_fail (error);
  append_warnings (result, tj_calendar_get_warnings (calendar));
  tj_cli_print_object (result);
  return TJ_EXIT_OK;
}

static int
run_capital (TjCli     *cli,
             TjCliArgs *args)
{
  const char *amount = tj_cli_arg (args, 0);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) result = json_object_new ();
  g_autofree char *text = NULL;
  g_autofree char *capital = NULL;
  gint64 fen = 0;

  if (!tj_money_parse (amount, &fen, &error))
    return tj_cli_fail (error);
  text = tj_money_format (fen);
  capital = tj_money_to_capital (fen);
  json_object_set_int_member (result, "amount_fen", fen);
  json_object_set_string_member (result, "amount_text", text);
  json_object_set_string_member (result, "capital", capital);
  tj_cli_print_object (result);
  return TJ_EXIT_OK;
}

/* calc calendar [YEAR]: what the deadlines are counted with, after the
 * user's file was applied. */
static int
describe_calendar (TjCliArgs  *args,
                   const char *year_text)
{
  g_autoptr(TjCalendar) calendar = tj_calendar_new_default ();
  g_autoptr(JsonObject) result = json_object_new ();
  g_autoptr(JsonArray) years_out = json_array_new ();
  g_autoptr(GArray) years = tj_calendar_get_years (calendar);
  guint64 wanted = 0;

  if (year_text != NULL
      && !g_ascii_string_to_unsigned (year_text, 10, 1900, 2999, &wanted, NULL))
    return tj_cli_usage_error (args, _("“%s” is not a year"), year_text);
  for (guint i = 0; i < years->len; i++)
    {
      guint y = g_array_index (years, guint, i);
      if (wanted == 0 || wanted == y)
        json_array_add_object_element (years_out, tj_calendar_describe_year (calendar, y));
    }
  if (wanted != 0 && json_array_get_length (years_out) == 0)
    {
      /* No notice: the statutory holidays it counts instead, marked
       * "estimated", with the warning that 调休 is unknown. */
      JsonObject *estimated = tj_calendar_describe_year (calendar, (guint) wanted);
      if (estimated)
        json_array_add_object_element (years_out, estimated);
    }
  if (wanted != 0 && json_array_get_length (years_out) == 0)
    {
      g_autoptr(GError) error = g_error_new (TJ_ERROR, TJ_ERROR_NOT_FOUND,
                                             _("The holiday calendar has no data for %u"), (guint) wanted);
      return tj_cli_fail (error);
    }
  {
    g_autofree char *user_file = tj_calendar_get_user_file_path ();
    json_object_set_string_member (result, "user_file", user_file);
  }
  json_object_set_array_member (result, "years", g_steal_pointer (&years_out));
  json_object_set_array_member (result, "warnings", json_array_new ());
  append_warnings (result, tj_calendar_get_warnings (calendar));
  tj_cli_print_object (result);
  return TJ_EXIT_OK;
}

/* calc calendar|figures --install FILE: a newer data file (the State
 * Council publishes next year's holidays each November; the local bureau
 * its average wage each summer), checked completely, then copied to where
 * the program reads it. Bad data change nothing; the error names the file
 * and line. */
static int
run_install (TjCliArgs  *args,
             gboolean    calendar,
             const char *path)
{
  g_autoptr(GError) error = NULL;
  gboolean ok = calendar ? tj_calendar_install_file (path, NULL, &error)
                         : tj_local_figures_install_file (path, NULL, &error);

  if (!ok)
    return tj_cli_fail (error);
  if (calendar)
    return describe_calendar (args, NULL);
  {
    g_autoptr(JsonObject) result = json_object_new ();
    g_autofree char *user_file = tj_local_figures_get_user_file_path ();
    g_autoptr(TjLocalFigures) figures = tj_local_figures_new_default ();

    json_object_set_string_member (result, "user_file", user_file);
    json_object_set_array_member (result, "warnings", json_array_new ());
    append_warnings (result, tj_local_figures_get_warnings (figures));
    tj_cli_print_object (result);
  }
  return TJ_EXIT_OK;
}

static int
run_calendar (TjCli     *cli,
              TjCliArgs *args)
{
  if (tj_cli_opt (args, "install"))
    {
      if (tj_cli_arg (args, 0))
        return tj_cli_usage_error (args, _("--install takes no year"));
      return run_install (args, TRUE, tj_cli_opt (args, "install"));
    }
  return describe_calendar (args, tj_cli_arg (args, 0));
}

static int
run_figures (TjCli     *cli,
             TjCliArgs *args)
{
  return run_install (args, FALSE, tj_cli_opt (args, "install"));
}

/* calc describe KIND: what the calculator reads, as the window's form
 * shows it. */
static int
run_describe (TjCli     *cli,
              TjCliArgs *args)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) description = tj_calc_describe (tj_cli_arg (args, 0), &error);

  return tj_cli_print_result (description, error);
}

static int
run_kinds (TjCli     *cli,
           TjCliArgs *args)
{
  g_autoptr(JsonArray) array = json_array_new ();
  const char * const *kinds = tj_calc_get_kinds ();

  for (guint i = 0; kinds[i]; i++)
    json_array_add_string_element (array, kinds[i]);
  json_array_add_string_element (array, "deadlines");
  tj_cli_print_array (array);
  return TJ_EXIT_OK;
}

/* calc KIND: every calculator has its own command (so an unknown one is
 * a usage error), all running the same way. */
static int
run_calculator (const char *kind,
                TjCliArgs  *args)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) input = NULL;
  g_autoptr(JsonObject) result = NULL;
  g_autoptr(TjLocalFigures) figures = NULL;

  input = tj_cli_read_json (tj_cli_opt (args, "json"), &error);
  if (input == NULL)
    return tj_cli_fail (error);
  figures = tj_local_figures_new_default ();
  result = tj_calc_run (kind, input, figures, &error);
  if (result == NULL)
    return tj_cli_fail (error);
  append_warnings (result, tj_local_figures_get_warnings (figures));
  if (tj_cli_flag (args, "text"))
    {
      /* For printing or pasting into a note, instead of JSON. */
      g_autofree char *text = tj_calc_result_to_text (result);
      fputs (text, stdout);
      return TJ_EXIT_OK;
    }
  tj_cli_print_object (result);
  return TJ_EXIT_OK;
}

#define CALCULATOR(kind)                                                             \
  static int                                                                         \
  run_##kind (TjCli     *cli,                                                        \
              TjCliArgs *args)                                                       \
  {                                                                                  \
    return run_calculator (#kind, args);                                             \
  }
CALCULATOR (arrears)
CALCULATOR (overtime)
CALCULATOR (compensation)
CALCULATOR (unlawful_termination)
CALCULATOR (notice_pay)
CALCULATOR (compensation_with_notice)
CALCULATOR (double_wage)
CALCULATOR (annual_leave)
CALCULATOR (late_payment)
CALCULATOR (minimum_wage)

#define CALC_INPUT TJ_CLI_REQUIRED_OPTION ("json", "FILE|-", N_("The input as JSON, from FILE or standard input (-)"))
#define CALC_TEXT TJ_CLI_FLAG_OPTION ("text", N_("Plain text for printing instead of JSON"))
#define CALC_COMMAND(kind, text) \
  { .name = #kind, .summary = text, .run = run_##kind, .options = { CALC_INPUT, CALC_TEXT } }

static const TjCliCommand calc_commands[] = {
  CALC_COMMAND (arrears, N_("Wages owed: the sum of what is due less what was paid, per month")),
  CALC_COMMAND (overtime, N_("Overtime pay: 150%, 200% and 300% of the hourly wage")),
  CALC_COMMAND (compensation, N_("Economic compensation (N)")),
  CALC_COMMAND (unlawful_termination, N_("Compensation for unlawful termination (2N)")),
  CALC_COMMAND (notice_pay, N_("Pay in lieu of notice (+1)")),
  CALC_COMMAND (compensation_with_notice, N_("Compensation and pay in lieu of notice (N+1)")),
  CALC_COMMAND (double_wage, N_("Double wage for working without a written contract")),
  CALC_COMMAND (annual_leave, N_("Pay for unused annual leave")),
  CALC_COMMAND (late_payment, N_("Additional compensation for late payment (50% to 100%)")),
  CALC_COMMAND (minimum_wage, N_("Pay below the minimum wage")),
  { .name = "deadlines", .summary = N_("The legal deadlines that case facts allow"), .run = run_deadlines,
    .options = { CALC_INPUT } },
  { .name = "capital", .arguments = "AMOUNT", .min_args = 1, .max_args = 1,
    .summary = N_("An amount in Chinese capital numerals, for documents"), .run = run_capital },
  { .name = "calendar", .arguments = "[YEAR]", .min_args = 0, .max_args = 1,
    .summary = N_("The holidays and make-up working days (调休) in effect, or install a newer holidays file"),
    .run = run_calendar,
    .options = {
      TJ_CLI_VALUE_OPTION ("install", "FILE", N_("Check a holidays file completely and put it in place")),
    } },
  { .name = "figures", .summary = N_("Install a newer file of local figures (average and minimum wages)"),
    .run = run_figures,
    .options = {
      TJ_CLI_REQUIRED_OPTION ("install", "FILE", N_("Check the file completely and put it in place")),
    } },
  { .name = "kinds", .summary = N_("The calculators there are"), .run = run_kinds },
  { .name = "describe", .arguments = "KIND", .min_args = 1, .max_args = 1,
    .summary = N_("The inputs a calculator reads, with their types, titles and hints"), .run = run_describe },
};

const TjCliGroup tj_cli_calc_group = {
  "calc", N_("Labour-law calculators: arrears, overtime, compensation…"),
  calc_commands, G_N_ELEMENTS (calc_commands),
};
