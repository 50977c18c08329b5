/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tiaojie-cli report: the centre's statistics for a period (issue 8). */

#include <stdio.h>
#include <string.h>

#include "tj-audit.h"
#include "tj-cli-private.h"
#include "tj-i18n.h"
#include "tj-json.h"
#include "tj-report.h"

/* The organisation's name (--organisation over the preferences) and the
 * collective threshold come from the run's context; today is the clock's
 * (tj_cli_today()). */
static void
report_options (TjCli           *cli,
                TjCliArgs       *args,
                TjReportOptions *options,
                char           **organisation)
{
  tj_report_options_init (options);
  if (tj_cli_opt_maybe (args, "organisation"))
    tj_context_override (cli->context, TJ_CONTEXT_ORGANISATION_NAME, tj_cli_opt_maybe (args, "organisation"));
  *organisation = g_strdup (tj_context_get_organisation_name (cli->context));
  options->collective_min_workers = tj_context_get_flag_min_workers (cli->context);
  options->today = tj_cli_today ();
}

/* What every report command shares: the period, the options, the store. */
static TjStore *
report_begin (TjCli            *cli,
              TjCliArgs        *args,
              TjReportOptions  *options,
              char            **organisation,
              GError          **error)
{
  gint64 n;

  report_options (cli, args, options, organisation);
  if (tj_cli_opt (args, "collective"))
    {
      if (!tj_cli_count (args, "collective", &n, error))
        return NULL;
      options->collective_min_workers = (guint) MAX (1, n);
    }
  if (!tj_report_check_period (tj_cli_opt (args, "from"), tj_cli_opt (args, "to"), error))
    return NULL;
  return tj_cli_store (cli, error);
}

static int
report_summary (TjCli     *cli,
                TjCliArgs *args)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *organisation = NULL;
  g_autoptr(JsonObject) summary = NULL;
  TjReportOptions options;
  TjStore *store;

  store = report_begin (cli, args, &options, &organisation, &error);
  if (store == NULL)
    return tj_cli_fail (error);
  options.by_station = tj_cli_flag (args, "by-station");
  summary = tj_report_summary_full (store, tj_cli_opt (args, "from"), tj_cli_opt (args, "to"), &options, &error);
  return tj_cli_print_result (summary, error);
}

static int
report_cases (TjCli     *cli,
              TjCliArgs *args)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *organisation = NULL;
  g_autoptr(JsonArray) rows = NULL;
  g_autoptr(JsonObject) out = json_object_new ();
  g_autofree char *label = NULL;
  const char *from = tj_cli_opt (args, "from");
  const char *to = tj_cli_opt (args, "to");
  const char *figure = tj_cli_opt (args, "figure");
  TjReportOptions options;
  TjStore *store;
  gint64 n;

  store = report_begin (cli, args, &options, &organisation, &error);
  if (store == NULL)
    return tj_cli_fail (error);
  if (tj_cli_opt (args, "limit"))
    {
      if (!tj_cli_count (args, "limit", &n, &error))
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

static int
report_export (TjCli     *cli,
               TjCliArgs *args)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *organisation = NULL;
  g_autoptr(TjCliOutput) output = NULL;
  g_autoptr(JsonObject) summary = NULL;
  g_autoptr(JsonObject) out = NULL;
  g_autoptr(GBytes) bytes = NULL;
  const char *from = tj_cli_opt (args, "from");
  const char *to = tj_cli_opt (args, "to");
  const char *format = tj_cli_opt (args, "format");
  const char *path = tj_cli_opt (args, "out");
  TjReportOptions options;
  TjStore *store;

  if (strcmp (format, "csv") != 0 && strcmp (format, "pdf") != 0)
    return tj_cli_usage_error (args, _("--format must be csv or pdf, not “%s”"), format);
  if ((output = tj_cli_output_open (path, &error)) == NULL)
    return tj_cli_fail (error);
  store = report_begin (cli, args, &options, &organisation, &error);
  if (store == NULL)
    return tj_cli_fail (error);
  options.by_station = tj_cli_flag (args, "by-station");
  summary = tj_report_summary_full (store, from, to, &options, &error);
  if (summary == NULL)
    return tj_cli_fail (error);
  bytes = g_str_equal (format, "csv") ? tj_report_to_csv (summary, organisation, &error)
                                      : tj_report_to_pdf (summary, organisation, &error);
  if (bytes == NULL || !tj_cli_output_write (output, bytes, &error))
    return tj_cli_fail (error);
  {
    /* Every export is in the access log; the file appears only once it is. */
    g_autofree char *period = tj_report_period_label (from, to);
    g_autofree char *audit_id = NULL;
    TjAuditEntry entry = { TJ_AUDIT_EXPORT, NULL, NULL, "report", NULL, period, FALSE };
    TjCaseContext ctx;

    tj_context_fill_case_context (cli->context, &ctx);
    if (!tj_case_attach (store, &error) ||
        (audit_id = tj_audit_record (store, &ctx, &entry, &error)) == NULL ||
        !tj_cli_output_finish (output, &error))
      return tj_cli_fail (error);
  }
  out = json_object_new ();
  json_object_set_string_member (out, "format", format);
  json_object_set_string_member (out, "path", path);
  json_object_set_string_member (out, "from", from);
  json_object_set_string_member (out, "to", to);
  tj_cli_print_object (out);
  return TJ_EXIT_OK;
}

#define PERIOD \
  TJ_CLI_REQUIRED_OPTION ("from", "DATE", N_("The first day of the period (YYYY-MM-DD)")), \
  TJ_CLI_REQUIRED_OPTION ("to", "DATE", N_("The last day of the period (YYYY-MM-DD)"))
#define COLLECTIVE \
  TJ_CLI_VALUE_OPTION ("collective", "N", N_("Workers that make a case collective (default: the preferences, 10)"))

#define BY_STATION \
  TJ_CLI_FLAG_OPTION ("by-station", N_("At a centre: the figures of every station too (\"by_station\")"))

static const TjCliCommand report_commands[] = {
  { .name = "summary", .summary = N_("Every figure of the period, as JSON"), .run = report_summary,
    .options = { PERIOD, COLLECTIVE, BY_STATION } },
  { .name = "cases", .summary = N_("The cases behind one figure"), .run = report_cases,
    .options = {
      PERIOD,
      TJ_CLI_REQUIRED_OPTION ("figure", "KEY", N_("The figure’s key, as in the summary’s tables")),
      TJ_CLI_VALUE_OPTION ("limit", "N", N_("At most N rows")),
      COLLECTIVE,
    } },
  { .name = "export", .summary = N_("CSV (UTF-8 with BOM) or an A4 PDF with charts"), .run = report_export,
    .options = {
      PERIOD,
      TJ_CLI_REQUIRED_OPTION ("format", "csv|pdf", N_("The file format")),
      TJ_CLI_REQUIRED_OPTION ("out", "FILE", N_("Where to write the file")),
      TJ_CLI_VALUE_OPTION ("organisation", "NAME", N_("The organisation in the title (default: the preferences)")),
      COLLECTIVE, BY_STATION,
    } },
};

const TjCliGroup tj_cli_report_group = {
  "report", N_("Statistics for a period: summary, cases behind a figure, export CSV or PDF"),
  report_commands, G_N_ELEMENTS (report_commands),
};
