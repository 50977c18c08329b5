/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tiaojie-cli roster / settlement / payment / arrears: collective wage
 * arrears from the roster to the last installment. */

#include <stdio.h>
#include <string.h>

#include "tj-arrears.h"
#include "tj-case.h"
#include "tj-cli-private.h"
#include "tj-i18n.h"
#include "tj-json.h"
#include "tj-roster.h"
#include "tj-settlement.h"

/* The mediator's name for the timeline comes from preferences when the
 * schema is installed; today is the clock's (tj_cli_today()). */
static void
arrears_context (TjCliArgs     *args,
                 TjCaseContext *ctx)
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
    }
  if (tj_cli_opt_maybe (args, "actor"))
    ctx->actor = tj_cli_opt_maybe (args, "actor");
  ctx->today = tj_cli_today ();
}

static TjStore *
arrears_store (TjCli   *cli,
               GError **error)
{
  TjStore *store = tj_cli_store (cli, error);
  if (store && !tj_arrears_attach (store, error))
    return NULL;
  return store;
}

/* ------------------------------------------------------------------ */

static int
roster_import (TjCli     *cli,
               TjCliArgs *args)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) result = NULL;
  g_autofree char *data = NULL;
  const char *case_id = tj_cli_opt (args, "case");
  const char *file = tj_cli_arg (args, 0);
  TjCaseContext ctx;
  TjStore *store;
  gsize length = 0;

  data = tj_cli_read_file (file, &length, &error);
  if (data == NULL)
    return tj_cli_fail (error);
  store = arrears_store (cli, &error);
  if (store == NULL)
    return tj_cli_fail (error);
  arrears_context (args, &ctx);

  if (tj_cli_flag (args, "dry-run"))
    {
      JsonArray *errors;
      result = tj_roster_preview (store, case_id, data, length, file, &error);
      if (result == NULL)
        return tj_cli_fail (error);
      tj_cli_print_object (result);
      errors = tj_json_get_array (result, "errors");
      if (json_array_get_length (errors) > 0)
        {
          /* Scripts see from the exit code that the import would fail. */
          fprintf (stderr, "tiaojie-cli: %s\n",
                   g_dngettext (GETTEXT_PACKAGE, "the roster has a bad row; nothing would be imported",
                                "the roster has bad rows; nothing would be imported",
                                json_array_get_length (errors)));
          return TJ_EXIT_INVALID;
        }
      return TJ_EXIT_OK;
    }
  result = tj_roster_import (store, &ctx, case_id, data, length, file, &error);
  if (result == NULL)
    return tj_cli_fail (error);
  tj_cli_print_object (result);
  return TJ_EXIT_OK;
}

static int
settlement_set (TjCli     *cli,
                TjCliArgs *args)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) input = NULL;
  g_autoptr(JsonObject) result = NULL;
  TjCaseContext ctx;
  TjStore *store;

  arrears_context (args, &ctx);
  input = tj_cli_read_json (tj_cli_opt (args, "json"), &error);
  if (input == NULL)
    return tj_cli_fail (error);
  store = arrears_store (cli, &error);
  if (store == NULL)
    return tj_cli_fail (error);
  result = tj_settlement_set (store, &ctx, tj_cli_opt (args, "case"), input, &error);
  if (result == NULL)
    return tj_cli_fail (error);
  tj_cli_print_object (result);
  return TJ_EXIT_OK;
}

static int
settlement_show (TjCli     *cli,
                 TjCliArgs *args)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) result = NULL;
  TjCaseContext ctx;
  TjStore *store;

  arrears_context (args, &ctx);
  store = arrears_store (cli, &error);
  if (store == NULL)
    return tj_cli_fail (error);
  result = tj_settlement_get (store, &ctx, tj_cli_opt (args, "case"), &error);
  if (result == NULL)
    return tj_cli_fail (error);
  tj_cli_print_object (result);
  return TJ_EXIT_OK;
}

static int
payment_add (TjCli     *cli,
             TjCliArgs *args)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) input = NULL;
  g_autoptr(JsonObject) result = NULL;
  const char *photo = tj_cli_opt (args, "receipt");
  TjCaseContext ctx;
  TjStore *store;

  input = tj_cli_read_json (tj_cli_opt (args, "json"), &error);
  if (input == NULL)
    return tj_cli_fail (error);
  if (photo)
    {
      gsize length = 0;
      g_autofree char *bytes = tj_cli_read_file (photo, &length, &error);
      g_autofree char *type = NULL;
      g_autofree char *mime = NULL;
      g_autofree char *b64 = NULL;
      g_autofree char *base = g_path_get_basename (photo);
      JsonObject *receipt;

      if (bytes == NULL)
        return tj_cli_fail (error);
      type = g_content_type_guess (photo, (const guchar *) bytes, length, NULL);
      mime = g_content_type_get_mime_type (type);
      b64 = g_base64_encode ((const guchar *) bytes, length);
      receipt = json_object_new ();
      json_object_set_string_member (receipt, "content_type", mime ? mime : "application/octet-stream");
      json_object_set_string_member (receipt, "data", b64);
      json_object_set_string_member (receipt, "filename", base);
      json_object_set_object_member (input, "receipt", receipt);
    }
  store = arrears_store (cli, &error);
  if (store == NULL)
    return tj_cli_fail (error);
  arrears_context (args, &ctx);
  result = tj_payment_add (store, &ctx, tj_cli_opt (args, "case"), input, &error);
  if (result == NULL)
    return tj_cli_fail (error);
  tj_cli_print_object (result);
  return TJ_EXIT_OK;
}

static int
arrears_list (TjCli     *cli,
              TjCliArgs *args)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) result = NULL;
  const char *sort = tj_cli_opt (args, "sort");
  TjCaseContext ctx;
  TjStore *store;

  if (sort && !g_strv_contains ((const char *[]) { "owed", "overdue", "due", NULL }, sort))
    return tj_cli_usage_error (args, _("--sort takes owed, overdue or due"));
  arrears_context (args, &ctx);
  store = arrears_store (cli, &error);
  if (store == NULL)
    return tj_cli_fail (error);
  result = tj_arrears_list (store, sort, ctx.today, &error);
  if (result == NULL)
    return tj_cli_fail (error);
  tj_cli_print_object (result);
  return TJ_EXIT_OK;
}

static int
arrears_overdue (TjCli     *cli,
                 TjCliArgs *args)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonArray) rows = NULL;
  g_autoptr(JsonNode) node = NULL;
  TjCaseContext ctx;
  TjStore *store;

  arrears_context (args, &ctx);
  store = arrears_store (cli, &error);
  if (store == NULL)
    return tj_cli_fail (error);
  rows = tj_arrears_overdue (store, ctx.today, &error);
  if (rows == NULL)
    return tj_cli_fail (error);
  node = json_node_new (JSON_NODE_ARRAY);
  json_node_set_array (node, rows);
  tj_cli_print_json (node);
  return TJ_EXIT_OK;
}

#define CASE_ID TJ_CLI_REQUIRED_OPTION ("case", "ID", N_("The case"))
#define ACTOR TJ_CLI_VALUE_OPTION ("actor", "NAME", N_("Who acts, for the timeline (default: the preferences)"))

static const TjCliCommand roster_commands[] = {
  { .name = "import", .arguments = "FILE", .min_args = 1, .max_args = 1,
    .summary = N_("Import a roster: CSV (UTF-8 or GBK) or Excel .xlsx, all or nothing"), .run = roster_import,
    .options = {
      CASE_ID,
      TJ_CLI_FLAG_OPTION ("dry-run", N_("Print the preview and write nothing")),
      ACTOR,
    } },
};

const TjCliGroup tj_cli_roster_group = {
  "roster", N_("Import a worker roster into a case (CSV or .xlsx)"),
  roster_commands, G_N_ELEMENTS (roster_commands),
};

static const TjCliCommand settlement_commands[] = {
  { .name = "set", .summary = N_("Draft or agree the settlement (replaces the draft)"), .run = settlement_set,
    .options = {
      CASE_ID,
      TJ_CLI_REQUIRED_OPTION ("json", "FILE|-", N_("The settlement as JSON, from FILE or standard input (-)")),
      ACTOR,
    } },
  { .name = "show", .summary = N_("The settlement with what is paid, owed and overdue"), .run = settlement_show,
    .options = { CASE_ID } },
};

const TjCliGroup tj_cli_settlement_group = {
  "settlement", N_("Settlements of wage arrears: set, show"),
  settlement_commands, G_N_ELEMENTS (settlement_commands),
};

static const TjCliCommand payment_commands[] = {
  { .name = "add", .summary = N_("Record a payment under the agreed settlement"), .run = payment_add,
    .options = {
      CASE_ID,
      TJ_CLI_REQUIRED_OPTION ("json", "FILE|-", N_("The payment as JSON, from FILE or standard input (-)")),
      TJ_CLI_VALUE_OPTION ("receipt", "PHOTO", N_("Attach a photo of the receipt")),
      ACTOR,
    } },
};

const TjCliGroup tj_cli_payment_group = {
  "payment", N_("Record a payment under a settlement"),
  payment_commands, G_N_ELEMENTS (payment_commands),
};

static const TjCliCommand arrears_commands[] = {
  { .name = "list", .summary = N_("Open wage arrears across cases, with totals"), .run = arrears_list,
    .options = {
      TJ_CLI_VALUE_OPTION ("sort", "owed|overdue|due", N_("The order of the rows")),
    } },
  { .name = "overdue", .summary = N_("Installments past their due date, with the next step"),
    .run = arrears_overdue },
};

const TjCliGroup tj_cli_arrears_group = {
  "arrears", N_("Open wage arrears across cases; overdue installments"),
  arrears_commands, G_N_ELEMENTS (arrears_commands),
};
