/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tiaojie-cli calc: the labour-law calculators and legal deadlines. No
 * store is needed: everything comes from the JSON input and the bundled
 * (or user-updated) data files. */

#include <stdio.h>
#include <string.h>

#include "tj-cli-private.h"
#include "tj-calc.h"
#include "tj-calendar.h"
#include "tj-deadline.h"
#include "tj-error.h"
#include "tj-i18n.h"
#include "tj-json.h"
#include "tj-local-figures.h"
#include "tj-money.h"

static int
usage (void)
{
  return tj_cli_usage ("%s",
                       _("usage: calc KIND --json FILE|- [--text] (KIND: arrears, overtime, compensation, unlawful_termination, notice_pay, compensation_with_notice, double_wage, annual_leave, late_payment, minimum_wage); calc deadlines --json FILE|-; calc capital AMOUNT; calc calendar [YEAR]; calc calendar --install FILE; calc figures --install FILE; calc kinds"));
}

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

static const char *
json_option (int    argc,
             char **argv)
{
  for (int i = 2; i < argc; i++)
    {
      if (strcmp (argv[i], "--json") == 0 && i + 1 < argc)
        return argv[i + 1];
      if (g_str_has_prefix (argv[i], "--json="))
        return argv[i] + strlen ("--json=");
    }
  return NULL;
}

static gboolean
has_option (int         argc,
            char      **argv,
            const char *option)
{
  for (int i = 2; i < argc; i++)
    if (strcmp (argv[i], option) == 0)
      return TRUE;
  return FALSE;
}

static int
run_deadlines (JsonObject *input)
{
  g_autoptr(TjCalendar) calendar = tj_calendar_new_default ();
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) result = tj_deadlines_compute (calendar, input, &error);

  if (result == NULL)
    return tj_cli_fail (error);
  append_warnings (result, tj_calendar_get_warnings (calendar));
  tj_cli_print_object (result);
  return TJ_EXIT_OK;
}

static int
run_capital (const char *amount)
{
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
run_calendar (const char *year_text)
{
  g_autoptr(TjCalendar) calendar = tj_calendar_new_default ();
  g_autoptr(JsonObject) result = json_object_new ();
  g_autoptr(JsonArray) years_out = json_array_new ();
  g_autoptr(GArray) years = tj_calendar_get_years (calendar);
  guint64 wanted = 0;

  if (year_text != NULL
      && !g_ascii_string_to_unsigned (year_text, 10, 1900, 2999, &wanted, NULL))
    return tj_cli_usage (_("“%s” is not a year"), year_text);
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
run_install (gboolean    calendar,
             const char *path)
{
  g_autoptr(GError) error = NULL;
  gboolean ok = calendar ? tj_calendar_install_file (path, NULL, &error)
                         : tj_local_figures_install_file (path, NULL, &error);

  if (!ok)
    return tj_cli_fail (error);
  if (calendar)
    return run_calendar (NULL);
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

int
tj_cli_calc (TjCli  *cli,
             int     argc,
             char  **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) input = NULL;
  g_autoptr(JsonObject) result = NULL;
  g_autoptr(TjLocalFigures) figures = NULL;
  const char *kind, *file;

  if (argc < 2)
    return usage ();
  kind = argv[1];

  if (strcmp (kind, "kinds") == 0)
    {
      g_autoptr(JsonArray) array = json_array_new ();
      g_autoptr(JsonNode) node = json_node_new (JSON_NODE_ARRAY);
      const char * const *kinds = tj_calc_get_kinds ();

      for (guint i = 0; kinds[i]; i++)
        json_array_add_string_element (array, kinds[i]);
      json_array_add_string_element (array, "deadlines");
      json_node_set_array (node, array);
      tj_cli_print_json (node);
      return TJ_EXIT_OK;
    }
  if (strcmp (kind, "capital") == 0)
    return argc == 3 ? run_capital (argv[2]) : usage ();
  if ((strcmp (kind, "calendar") == 0 || strcmp (kind, "figures") == 0) &&
      argc == 4 && strcmp (argv[2], "--install") == 0)
    return run_install (strcmp (kind, "calendar") == 0, argv[3]);
  if (strcmp (kind, "calendar") == 0)
    return argc <= 3 ? run_calendar (argc == 3 ? argv[2] : NULL) : usage ();

  file = json_option (argc, argv);
  if (file == NULL)
    return usage ();
  input = tj_cli_read_json (file, &error);
  if (input == NULL)
    return tj_cli_fail (error);

  if (strcmp (kind, "deadlines") == 0)
    return run_deadlines (input);

  figures = tj_local_figures_new_default ();
  result = tj_calc_run (kind, input, figures, &error);
  if (result == NULL)
    return tj_cli_fail (error);
  append_warnings (result, tj_local_figures_get_warnings (figures));
  if (has_option (argc, argv, "--text"))
    {
      /* For printing or pasting into a note, instead of JSON. */
      g_autofree char *text = tj_calc_result_to_text (result);
      fputs (text, stdout);
      return TJ_EXIT_OK;
    }
  tj_cli_print_object (result);
  return TJ_EXIT_OK;
}
