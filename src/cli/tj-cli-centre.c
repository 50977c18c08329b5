/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tiaojie-cli centre …: the centre's registry of stations, the centre
 * sync with every station's database, and what the Centre section shows
 * (overview, a station's cases, the follow-up calls). */
#undef G_LOG_DOMAIN
#define G_LOG_DOMAIN "Tiaojie-CLI"

#include <stdio.h>
#include <string.h>

#include "tj-centre.h"
#include "tj-centre-overview.h"
#include "tj-centre-sync.h"
#include "tj-cli-private.h"
#include "tj-i18n.h"
#include "tj-json.h"

/* The thresholds of the preferences, as the other commands get them;
 * today is the clock's (tj_cli_today()). */
static void
centre_context (TjCaseContext *ctx)
{
  static char *actor;
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = source ? g_settings_schema_source_lookup (source, APP_ID, TRUE) : NULL;

  tj_case_context_init_defaults (ctx);
  if (schema)
    {
      g_autoptr(GSettings) settings = g_settings_new (APP_ID);
      g_clear_pointer (&actor, g_free);
      actor = g_settings_get_string (settings, "mediator-name");
      ctx->actor = actor;
      ctx->flag_min_workers = g_settings_get_uint (settings, "flag-min-workers");
      ctx->flag_min_amount_fen = g_settings_get_int64 (settings, "flag-min-amount-fen");
    }
  ctx->today = tj_cli_today ();
}

static int
stations_add (TjCli     *cli,
              TjCliArgs *args)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) station = NULL;
  TjStore *store;

  if ((store = tj_cli_store (cli, &error)) == NULL)
    return tj_cli_fail (error);
  station = tj_centre_add_station (store, tj_cli_arg (args, 0), tj_cli_opt (args, "name"),
                                   tj_cli_opt (args, "database"), &error);
  return tj_cli_print_result (station, error);
}

static int
stations_list (TjCli     *cli,
               TjCliArgs *args)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonArray) stations = NULL;
  TjStore *store;

  if ((store = tj_cli_store (cli, &error)) == NULL)
    return tj_cli_fail (error);
  stations = tj_centre_list_stations (store, &error);
  return tj_cli_print_array_result (stations, error);
}

static int
stations_remove (TjCli     *cli,
                 TjCliArgs *args)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) answer = json_object_new ();
  TjStore *store;

  if ((store = tj_cli_store (cli, &error)) == NULL)
    return tj_cli_fail (error);
  if (!tj_centre_remove_station (store, tj_cli_arg (args, 0), &error))
    return tj_cli_fail (error);
  json_object_set_boolean_member (answer, "ok", TRUE);
  json_object_set_string_member (answer, "code", tj_cli_arg (args, 0));
  tj_cli_print_object (answer);
  return TJ_EXIT_OK;
}

/**
 * tiaojie-cli centre sync: a run with every station's database (or the
 * ones named); prints every station's result. Exit 2 for an unknown
 * station before anything is sent, 5 when any station failed.
 */
static int
centre_sync (TjCli     *cli,
             TjCliArgs *args)
{
  const char *server = tj_cli_opt (args, "server"), *stations_text = tj_cli_opt (args, "stations");
  const char *user = tj_cli_opt (args, "user");
  g_autofree char *password = NULL;
  g_auto(GStrv) codes = NULL;
  g_autoptr(GTlsCertificate) certificate = NULL;
  g_autoptr(TjCentreSync) sync = NULL;
  g_autoptr(JsonObject) result = NULL;
  g_autoptr(GError) error = NULL;
  guint64 retries = 0;
  JsonArray *stations;
  TjStore *store;
  int status = TJ_EXIT_OK;

  if (!tj_cli_check_server_options (args, &retries, &error))
    return tj_cli_usage_error (args, "%s", error->message);
  if (stations_text)
    {
      g_auto(GStrv) parts = g_strsplit (stations_text, ",", -1);
      g_autoptr(GPtrArray) kept = g_ptr_array_new_with_free_func (g_free);

      for (guint i = 0; parts[i]; i++)
        {
          g_strstrip (parts[i]);
          if (*parts[i])
            g_ptr_array_add (kept, g_strdup (parts[i]));
        }
      if (kept->len == 0)
        return tj_cli_usage_error (args, _("--stations needs at least one station code"));
      g_ptr_array_add (kept, NULL);
      codes = (GStrv) g_ptr_array_free (g_steal_pointer (&kept), FALSE);
    }
  if (!tj_cli_read_server_secrets (args, &certificate, &password, &error))
    return tj_cli_fail (error);
  if ((store = tj_cli_store (cli, &error)) == NULL)
    return tj_cli_fail (error);

  sync = tj_centre_sync_new (store, server, user, password);
  if (password)
    memset (password, 0, strlen (password));
  if (codes)
    tj_centre_sync_set_stations (sync, (const char * const *) codes);
  if (certificate)
    tj_centre_sync_set_pinned_certificate (sync, certificate);
  if (tj_cli_opt (args, "retries"))
    tj_centre_sync_set_retry (sync, 1000, (guint) retries);

  result = tj_centre_sync_run (sync, NULL, &error);
  if (result == NULL)
    return tj_cli_fail (error);
  tj_cli_print_object (result);

  /* Each station that failed, named, one line each. */
  stations = tj_json_get_array (result, "stations");
  for (guint i = 0; stations && i < json_array_get_length (stations); i++)
    {
      JsonObject *entry = json_array_get_object_element (stations, i);

      if (!tj_json_get_bool (entry, "ok", FALSE))
        {
          fprintf (stderr, "tiaojie-cli: %s\n", tj_json_get_string (entry, "error", ""));
          status = TJ_EXIT_NETWORK;
        }
    }
  return status;
}

static gboolean
parse_days (TjCliArgs  *args,
            guint      *days,
            GError    **error)
{
  gint64 value = *days;

  if (!tj_cli_count (args, "days", &value, error))
    return FALSE;
  if (value > 366)
    {
      g_autofree char *text = g_strdup_printf ("%" G_GINT64_FORMAT, value);
      g_set_error (error, TJ_ERROR, TJ_ERROR_INVALID, _("--days must be at most 366, not %s"), text);
      return FALSE;
    }
  *days = (guint) value;
  return TRUE;
}

static int
centre_overview (TjCli     *cli,
                 TjCliArgs *args)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) overview = NULL;
  TjCaseContext ctx;
  TjStore *store;
  guint days = 7;

  if (!parse_days (args, &days, &error))
    return tj_cli_fail (error);
  if ((store = tj_cli_store (cli, &error)) == NULL)
    return tj_cli_fail (error);
  centre_context (&ctx);
  overview = tj_centre_overview (store, &ctx, days, &error);
  return tj_cli_print_result (overview, error);
}

static int
centre_cases (TjCli     *cli,
              TjCliArgs *args)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonArray) cases = NULL;
  TjCaseContext ctx;
  TjStore *store;

  if ((store = tj_cli_store (cli, &error)) == NULL)
    return tj_cli_fail (error);
  centre_context (&ctx);
  cases = tj_centre_station_cases (store, &ctx, tj_cli_arg (args, 0), &error);
  return tj_cli_print_array_result (cases, error);
}

static int
centre_follow_ups (TjCli     *cli,
                   TjCliArgs *args)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonArray) calls = NULL;
  TjCaseContext ctx;
  TjStore *store;
  guint days = 7;

  if (!parse_days (args, &days, &error))
    return tj_cli_fail (error);
  if ((store = tj_cli_store (cli, &error)) == NULL)
    return tj_cli_fail (error);
  centre_context (&ctx);
  calls = tj_centre_follow_ups (store, &ctx, days, &error);
  return tj_cli_print_array_result (calls, error);
}

static int
centre_follow_up_record (TjCli     *cli,
                         TjCliArgs *args)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) answer = json_object_new ();
  TjCaseContext ctx;
  TjStore *store;

  if ((store = tj_cli_store (cli, &error)) == NULL)
    return tj_cli_fail (error);
  centre_context (&ctx);
  if (tj_cli_opt (args, "actor"))
    ctx.actor = tj_cli_opt (args, "actor");
  if (!tj_centre_record_follow_up (store, &ctx, tj_cli_arg (args, 0), tj_cli_opt (args, "call"),
                                   tj_cli_opt (args, "outcome"), tj_cli_opt (args, "note"), &error))
    return tj_cli_fail (error);
  json_object_set_boolean_member (answer, "ok", TRUE);
  json_object_set_string_member (answer, "case_id", tj_cli_arg (args, 0));
  json_object_set_string_member (answer, "follow_up", tj_cli_opt (args, "call"));
  json_object_set_string_member (answer, "outcome", tj_cli_opt (args, "outcome"));
  tj_cli_print_object (answer);
  return TJ_EXIT_OK;
}

static const TjCliCommand centre_commands[] = {
  { .name = "stations add", .arguments = "CODE", .min_args = 1, .max_args = 1,
    .summary = N_("Register a station at this centre (or change its name or database); the first one makes "
                  "this database a centre"),
    .run = stations_add,
    .options = {
      TJ_CLI_VALUE_OPTION ("name", "NAME", N_("The station’s name as people know it (default: the code)")),
      TJ_CLI_VALUE_OPTION ("database", "NAME", N_("Its database on the server (default: station-code in lower case)")),
    } },
  { .name = "stations list", .summary = N_("The registered stations with their last centre sync"),
    .run = stations_list },
  { .name = "stations remove", .arguments = "CODE", .min_args = 1, .max_args = 1,
    .summary = N_("Take a station off the registry; its cases stay at the centre"), .run = stations_remove },
  { .name = "sync",
    .summary = N_("Sync with every registered station’s database (or those of --stations): all of each pulled, "
                  "only each station’s own documents pushed to it. A station that fails does not stop the "
                  "others; exit 5 when any failed, 2 for a code that is not a station"),
    .run = centre_sync,
    .options = {
      TJ_CLI_SERVER_OPTION,
      TJ_CLI_VALUE_OPTION ("stations", "CODE,…", N_("Only these stations")),
      TJ_CLI_VALUE_OPTION ("user", "USER", N_("The centre’s user name")),
      TJ_CLI_PASSWORD_FILE_OPTION,
      TJ_CLI_CERTIFICATE_OPTION,
      TJ_CLI_RETRIES_OPTION,
    } },
  { .name = "overview", .summary = N_("Every station: last sync, open cases, mediation limits due or missed, "
                                      "early warnings, overdue installments"),
    .run = centre_overview,
    .options = {
      TJ_CLI_VALUE_OPTION ("days", "N", N_("How far ahead a limit counts as due (default 7)")),
    } },
  { .name = "cases", .arguments = "CODE", .min_args = 1, .max_args = 1,
    .summary = N_("A station’s cases, open ones first"), .run = centre_cases },
  { .name = "follow-ups", .summary = N_("The follow-up calls of closed cases: to make, and made with their outcome"),
    .run = centre_follow_ups,
    .options = {
      TJ_CLI_VALUE_OPTION ("days", "N", N_("Calls due within N days (default 7)")),
    } },
  { .name = "follow-up", .arguments = "CASE_ID", .min_args = 1, .max_args = 1,
    .summary = N_("Record a follow-up call and its outcome on the case’s timeline"),
    .run = centre_follow_up_record,
    .options = {
      TJ_CLI_REQUIRED_OPTION ("call", "follow_up_7|follow_up_30", N_("Which call")),
      TJ_CLI_REQUIRED_OPTION ("outcome", "satisfied|dissatisfied|unresolved|not_reached", N_("How it went")),
      TJ_CLI_VALUE_OPTION ("note", "TEXT", N_("What the worker said")),
      TJ_CLI_VALUE_OPTION ("actor", "NAME", N_("Who called (default: the preferences)")),
    } },
};

const TjCliGroup tj_cli_centre_group = {
  "centre", N_("The centre: its stations, the sync with all of them, what it oversees"),
  centre_commands, G_N_ELEMENTS (centre_commands),
};
