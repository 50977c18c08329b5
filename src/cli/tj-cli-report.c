/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tiaojie-cli report: the centre's statistics for a period (issue 8). */

#include <stdio.h>
#include <string.h>

#include "tj-cli-private.h"
#include "tj-i18n.h"
#include "tj-json.h"
#include "tj-report.h"

static const char report_usage[] =
  N_("Usage: tiaojie-cli report COMMAND --from DATE --to DATE [--collective N]\n"
     "  summary                              every figure of the period, as JSON\n"
     "  cases --figure KEY [--limit N]       the cases behind one figure (keys: see README)\n"
     "  export --format csv|pdf --out FILE [--organisation NAME]\n"
     "                                       CSV (UTF-8 with BOM) or an A4 PDF with charts");

/* Preferences give the organisation's name and the collective threshold
 * when the schema is installed; TIAOJIE_TODAY pins "today" for scripts. */
static void
report_options (int              argc,
                char           **argv,
                TjReportOptions *options,
                char           **organisation)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = source ? g_settings_schema_source_lookup (source, APP_ID, TRUE) : NULL;

  tj_report_options_init (options);
  *organisation = NULL;
  if (schema)
    {
      g_autoptr(GSettings) settings = g_settings_new (APP_ID);
      *organisation = g_settings_get_string (settings, "organisation-name");
      if (g_settings_schema_has_key (schema, "flag-min-workers"))
        options->collective_min_workers = g_settings_get_uint (settings, "flag-min-workers");
    }
  if (tj_cli_opt_value (argc, argv, "--organisation"))
    {
      g_free (*organisation);
      *organisation = g_strdup (tj_cli_opt_value (argc, argv, "--organisation"));
    }
  if (g_getenv ("TIAOJIE_TODAY"))
    options->today = g_getenv ("TIAOJIE_TODAY");
}

int
tj_cli_report (TjCli  *cli,
               int     argc,
               char  **argv)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *organisation = NULL;
  const char *command = argc > 1 ? argv[1] : NULL;
  const char *from = tj_cli_opt_value (argc, argv, "--from");
  const char *to = tj_cli_opt_value (argc, argv, "--to");
  TjReportOptions options;
  TjStore *store;
  gint64 n;

  if (command == NULL || (strcmp (command, "summary") != 0 && strcmp (command, "cases") != 0 &&
                          strcmp (command, "export") != 0))
    return tj_cli_usage ("%s", _(report_usage));
  if (from == NULL || to == NULL)
    return tj_cli_usage ("%s", _(report_usage));
  report_options (argc, argv, &options, &organisation);
  if (tj_cli_opt_value (argc, argv, "--collective"))
    {
      if (!tj_cli_opt_count (argc, argv, "--collective", &n, &error))
        return tj_cli_fail (error);
      options.collective_min_workers = (guint) MAX (1, n);
    }
  if (!tj_report_check_period (from, to, &error))
    return tj_cli_fail (error);

  store = tj_cli_store (cli, &error);
  if (store == NULL)
    return tj_cli_fail (error);

  if (strcmp (command, "summary") == 0)
    {
      g_autoptr(JsonObject) summary = tj_report_summary_full (store, from, to, &options, &error);
      if (summary == NULL)
        return tj_cli_fail (error);
      tj_cli_print_object (summary);
      return TJ_EXIT_OK;
    }
  if (strcmp (command, "cases") == 0)
    {
      const char *figure = tj_cli_opt_value (argc, argv, "--figure");
      g_autoptr(JsonArray) rows = NULL;
      g_autoptr(JsonObject) out = json_object_new ();
      g_autofree char *label = NULL;

      if (figure == NULL)
        return tj_cli_usage ("%s", _(report_usage));
      if (tj_cli_opt_value (argc, argv, "--limit"))
        {
          if (!tj_cli_opt_count (argc, argv, "--limit", &n, &error))
            return tj_cli_fail (error);
          options.limit = (guint) n;
        }
      rows = tj_report_cases_full (store, from, to, figure, &options, &error);
      if (rows == NULL)
        return tj_cli_fail (error);
      label = tj_report_figure_label (figure);
      json_object_set_string_member (out, "figure", figure);
      if (label)
        json_object_set_string_member (out, "label", label);
      json_object_set_string_member (out, "from", from);
      json_object_set_string_member (out, "to", to);
      json_object_set_int_member (out, "count", json_array_get_length (rows));
      json_object_set_array_member (out, "cases", g_steal_pointer (&rows));
      tj_cli_print_object (out);
      return TJ_EXIT_OK;
    }

  {
    const char *format = tj_cli_opt_value (argc, argv, "--format");
    const char *path = tj_cli_opt_value (argc, argv, "--out");
    g_autoptr(JsonObject) out = NULL;

    if (format == NULL || path == NULL)
      return tj_cli_usage ("%s", _(report_usage));
    if (!tj_report_export_file (store, from, to, format, organisation, &options, path, &error))
      return tj_cli_fail (error);
    out = json_object_new ();
    json_object_set_string_member (out, "format", format);
    json_object_set_string_member (out, "path", path);
    json_object_set_string_member (out, "from", from);
    json_object_set_string_member (out, "to", to);
    tj_cli_print_object (out);
    return TJ_EXIT_OK;
  }
}
