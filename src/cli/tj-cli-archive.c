/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tiaojie-cli archive …: retention (tj-retention.h). Closed cases older
 * than the period are archived from this station once the server holds
 * them, listed, and restored on request. */
#undef G_LOG_DOMAIN
#define G_LOG_DOMAIN "Tiaojie-CLI"

#include <stdio.h>
#include <string.h>

#include "tj-cli-private.h"
#include "tj-clock.h"
#include "tj-i18n.h"
#include "tj-json.h"
#include "tj-retention.h"

/* --older-than-years N, else the preference, else 3. */
static gboolean
period (TjCli      *cli,
        TjCliArgs  *args,
        guint      *out,
        GError    **error)
{
  GSettings *settings = tj_context_get_settings (cli->context);
  gint64 years = -1;

  if (!tj_cli_count (args, "older-than-years", &years, error))
    return FALSE;
  if (years < 0)
    {
      g_autoptr(GSettingsSchema) schema = NULL;

      years = TJ_RETENTION_DEFAULT_YEARS;
      if (settings)
        g_object_get (settings, "settings-schema", &schema, NULL);
      if (schema && g_settings_schema_has_key (schema, "retention-years"))
        years = g_settings_get_uint (settings, "retention-years");
    }
  if (years > TJ_RETENTION_MAX_YEARS)
    {
      g_set_error (error, TJ_ERROR, TJ_ERROR_INVALID, _("--older-than-years must be 0 (never) to %u, not “%s”"),
                   TJ_RETENTION_MAX_YEARS, tj_cli_opt (args, "older-than-years"));
      return FALSE;
    }
  *out = (guint) years;
  return TRUE;
}

static void
today (GDate *date)
{
  tj_clock_get_today (tj_clock_get_default (), date);
}

static int
archive_list (TjCli     *cli,
              TjCliArgs *args)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonArray) rows = NULL;
  TjStore *store;

  if ((store = tj_cli_store (cli, &error)) == NULL ||
      (rows = tj_retention_list_archived (store, &error)) == NULL)
    return tj_cli_fail (error);
  tj_cli_print_array (rows);
  return TJ_EXIT_OK;
}

static int
archive_due (TjCli     *cli,
             TjCliArgs *args)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonArray) rows = NULL;
  TjStore *store;
  guint years;
  GDate date;

  today (&date);
  if (!period (cli, args, &years, &error) ||
      (store = tj_cli_store (cli, &error)) == NULL ||
      (rows = tj_retention_list_due (store, &date, years, &error)) == NULL)
    return tj_cli_fail (error);
  tj_cli_print_array (rows);
  return TJ_EXIT_OK;
}

static int
archive_run (TjCli     *cli,
             TjCliArgs *args)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TjReplicator) replicator = NULL;
  g_autoptr(JsonObject) report = NULL;
  TjCaseContext ctx;
  guint years;
  GDate date;

  today (&date);
  if (!period (cli, args, &years, &error) ||
      (replicator = tj_cli_replicator (cli, args, &error)) == NULL)
    return tj_cli_fail (error);
  tj_context_fill_case_context (cli->context, &ctx);
  report = tj_retention_archive (replicator, &date, years, tj_cli_flag (args, "dry-run"), &ctx, NULL, &error);
  return tj_cli_print_result (report, error);
}

static int
archive_restore (TjCli     *cli,
                 TjCliArgs *args)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TjReplicator) replicator = NULL;
  g_autoptr(JsonObject) result = NULL;
  TjCaseContext ctx;

  if ((replicator = tj_cli_replicator (cli, args, &error)) == NULL)
    return tj_cli_fail (error);
  tj_context_fill_case_context (cli->context, &ctx);
  result = tj_retention_restore (replicator, tj_cli_arg (args, 0), &ctx, NULL, &error);
  return tj_cli_print_result (result, error);
}

#define SERVER_OPTIONS \
  TJ_CLI_SERVER_OPTION, \
  TJ_CLI_REQUIRED_OPTION ("database", "NAME", N_("The station’s database on the server")), \
  TJ_CLI_VALUE_OPTION ("user", "USER", N_("The user name")), \
  TJ_CLI_PASSWORD_FILE_OPTION, \
  TJ_CLI_CERTIFICATE_OPTION, \
  TJ_CLI_RETRIES_OPTION

static const TjCliCommand archive_commands[] = {
  { .name = "list", .summary = N_("The cases archived from this station, newest first"),
    .run = archive_list },
  { .name = "due", .summary = N_("The closed cases older than the retention period (read here, nothing sent)"),
    .run = archive_due,
    .options = {
      TJ_CLI_VALUE_OPTION ("older-than-years", "N", N_("The period in years, 0–30 (default: the preference, 3)")),
    } },
  { .name = "run",
    .summary = N_("Archive the closed cases older than the period that the server holds: removed here, kept "
                  "there; prints the report (archived, and kept with the reason); exit 5 on a network or "
                  "server error"),
    .run = archive_run,
    .options = {
      SERVER_OPTIONS,
      TJ_CLI_VALUE_OPTION ("older-than-years", "N", N_("The period in years, 0–30 (default: the preference, 3)")),
      TJ_CLI_FLAG_OPTION ("dry-run", N_("Check with the server and report, archive nothing")),
    } },
  { .name = "restore", .arguments = "CASE-ID", .min_args = 1, .max_args = 1,
    .summary = N_("Fetch an archived case back from the server; exit 3 when it is not archived here"),
    .run = archive_restore,
    .options = {
      SERVER_OPTIONS,
    } },
};

const TjCliGroup tj_cli_archive_group = {
  "archive", N_("Retention: archive old closed cases from this station, list and restore them"),
  archive_commands, G_N_ELEMENTS (archive_commands),
};
