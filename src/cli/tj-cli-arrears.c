/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tiaojie-cli roster / settlement / payment / arrears: collective wage
 * arrears from the roster to the last installment. */

#include <stdio.h>
#include <string.h>

#include "tj-arrears.h"
#include "tj-bank-import.h"
#include "tj-case.h"
#include "tj-cli-private.h"
#include "tj-i18n.h"
#include "tj-calendar.h"
#include "tj-json.h"
#include "tj-roster.h"
#include "tj-settlement.h"

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
  tj_context_fill_case_context (cli->context, &ctx);

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
  return tj_cli_print_result (result, error);
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

  tj_context_fill_case_context (cli->context, &ctx);
  input = tj_cli_read_json (tj_cli_opt (args, "json"), &error);
  if (input == NULL)
    return tj_cli_fail (error);
  store = arrears_store (cli, &error);
  if (store == NULL)
    return tj_cli_fail (error);
  result = tj_settlement_set (store, &ctx, tj_cli_opt (args, "case"), input, &error);
  return tj_cli_print_result (result, error);
}

static int
settlement_show (TjCli     *cli,
                 TjCliArgs *args)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) result = NULL;
  TjCaseContext ctx;
  TjStore *store;

  tj_context_fill_case_context (cli->context, &ctx);
  store = arrears_store (cli, &error);
  if (store == NULL)
    return tj_cli_fail (error);
  result = tj_settlement_get (store, &ctx, tj_cli_opt (args, "case"), &error);
  return tj_cli_print_result (result, error);
}

/* payment add --installment N --all|--workers ID,…: the whole
 * installment (or the workers listed) paid what is still owed. */
static int
payment_add_installment (TjCli     *cli,
                         TjCliArgs *args)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) input = json_object_new ();
  g_autoptr(JsonObject) result = NULL;
  const char *number = tj_cli_opt (args, "installment");
  const char *workers = tj_cli_opt (args, "workers");
  const char *paid_on = tj_cli_opt (args, "paid-on");
  const char *reference = tj_cli_opt (args, "reference");
  gint64 n = 0;
  TjCaseContext ctx;
  TjStore *store;

  if (number == NULL)
    return tj_cli_usage_error (args, _("--all and --workers need --installment N (1 is the first installment)"));
  if (!tj_cli_count (args, "installment", &n, &error))
    return tj_cli_fail (error);
  if (n < 1)
    return tj_cli_usage_error (args, _("--installment counts from 1, as settlement show numbers them"));
  tj_context_fill_case_context (cli->context, &ctx);
  store = arrears_store (cli, &error);
  if (store == NULL)
    return tj_cli_fail (error);
  /* Counted from 1 here, from 0 in the JSON: say it the user's way. */
  {
    g_autoptr(JsonObject) settlement = tj_settlement_get (store, &ctx, tj_cli_opt (args, "case"), &error);
    guint count;

    if (settlement == NULL)
      return tj_cli_fail (error);
    count = json_array_get_length (tj_json_get_array (settlement, "installments"));
    if (n > count)
      {
        g_set_error (&error, TJ_ERROR, TJ_ERROR_INVALID,
                     g_dngettext (GETTEXT_PACKAGE, "--installment: the settlement has %u installment; there is no "
                                  "installment %u", "--installment: the settlement has %u installments; there is "
                                  "no installment %u", count),
                     count, (guint) MIN (n, G_MAXUINT));
        return tj_cli_fail (error);
      }
  }
  json_object_set_int_member (input, "installment", n - 1);
  {
    g_autofree char *today = tj_date_today_iso (ctx.today);
    json_object_set_string_member (input, "paid_on", paid_on ? paid_on : today);
  }
  if (reference)
    json_object_set_string_member (input, "reference", reference);
  if (workers)
    {
      g_auto(GStrv) ids = g_strsplit (workers, ",", -1);
      JsonArray *list = json_array_new ();
      for (guint i = 0; ids[i]; i++)
        {
          g_strstrip (ids[i]);
          if (*ids[i])
            json_array_add_string_element (list, ids[i]);
        }
      json_object_set_array_member (input, "worker_ids", list);
    }
  result = tj_payment_add_installment (store, &ctx, tj_cli_opt (args, "case"), input, &error);
  return tj_cli_print_result (result, error);
}

static int
payment_add (TjCli     *cli,
             TjCliArgs *args)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) input = NULL;
  g_autoptr(JsonObject) result = NULL;
  const char *photo = tj_cli_opt (args, "receipt");
  gboolean batch = tj_cli_flag (args, "all") || tj_cli_opt (args, "workers");
  TjCaseContext ctx;
  TjStore *store;

  /* One payment as JSON, or a whole installment: not both. */
  if (batch && tj_cli_opt (args, "json"))
    return tj_cli_usage_error (args, _("--json records one payment; --all and --workers a whole installment: "
                                       "give one of them"));
  if (tj_cli_flag (args, "all") && tj_cli_opt (args, "workers"))
    return tj_cli_usage_error (args, _("--all pays every worker of the installment, --workers the ones listed: "
                                       "give one of them"));
  if (batch && photo)
    return tj_cli_usage_error (args, _("--receipt goes with one payment (--json)"));
  if (batch)
    return payment_add_installment (cli, args);
  if (tj_cli_opt (args, "json") == NULL)
    return tj_cli_usage_error (args, _("Give the payment with --json, or a whole installment with "
                                       "--installment N --all"));
  if (tj_cli_opt (args, "installment") || tj_cli_opt (args, "paid-on") || tj_cli_opt (args, "reference"))
    return tj_cli_usage_error (args, _("--installment, --paid-on and --reference go with --all or --workers; "
                                       "one payment has them in its JSON"));

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
  tj_context_fill_case_context (cli->context, &ctx);
  result = tj_payment_add (store, &ctx, tj_cli_opt (args, "case"), input, &error);
  return tj_cli_print_result (result, error);
}

static int
payment_import (TjCli     *cli,
                TjCliArgs *args)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) result = NULL;
  g_autofree char *data = NULL;
  const char *case_id = tj_cli_opt (args, "case");
  const char *file = tj_cli_arg (args, 0);
  const char *paid_on = tj_cli_opt (args, "paid-on");
  TjCaseContext ctx;
  TjStore *store;
  gsize length = 0;

  data = tj_cli_read_file (file, &length, &error);
  if (data == NULL)
    return tj_cli_fail (error);
  store = arrears_store (cli, &error);
  if (store == NULL)
    return tj_cli_fail (error);
  tj_context_fill_case_context (cli->context, &ctx);

  if (tj_cli_flag (args, "dry-run"))
    {
      JsonArray *errors;
      result = tj_bank_import_preview (store, &ctx, case_id, data, length, file, paid_on, &error);
      if (result == NULL)
        return tj_cli_fail (error);
      tj_cli_print_object (result);
      errors = tj_json_get_array (result, "errors");
      if (json_array_get_length (errors) > 0)
        {
          fprintf (stderr, "tiaojie-cli: %s\n",
                   g_dngettext (GETTEXT_PACKAGE, "the file has a bad row; nothing would be imported",
                                "the file has bad rows; nothing would be imported",
                                json_array_get_length (errors)));
          return TJ_EXIT_INVALID;
        }
      return TJ_EXIT_OK;
    }
  result = tj_bank_import (store, &ctx, case_id, data, length, file, paid_on, &error);
  return tj_cli_print_result (result, error);
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
  tj_context_fill_case_context (cli->context, &ctx);
  store = arrears_store (cli, &error);
  if (store == NULL)
    return tj_cli_fail (error);
  result = tj_arrears_list (store, sort, ctx.today, &error);
  return tj_cli_print_result (result, error);
}

static int
arrears_overdue (TjCli     *cli,
                 TjCliArgs *args)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonArray) rows = NULL;
  TjCaseContext ctx;
  TjStore *store;

  tj_context_fill_case_context (cli->context, &ctx);
  store = arrears_store (cli, &error);
  if (store == NULL)
    return tj_cli_fail (error);
  rows = tj_arrears_overdue (store, ctx.today, &error);
  return tj_cli_print_array_result (rows, error);
}

#define CASE_ID TJ_CLI_REQUIRED_OPTION ("case", "ID", N_("The case"))

static const TjCliCommand roster_commands[] = {
  { .name = "import", .arguments = "FILE", .min_args = 1, .max_args = 1,
    .summary = N_("Import a roster: CSV (UTF-8 or GBK) or Excel .xlsx, all or nothing"), .run = roster_import,
    .options = {
      CASE_ID,
      TJ_CLI_FLAG_OPTION ("dry-run", N_("Print the preview and write nothing")),
      TJ_CLI_ACTOR_OPTION,
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
      TJ_CLI_ACTOR_OPTION,
    } },
  { .name = "show", .summary = N_("The settlement with what is paid, owed and overdue"), .run = settlement_show,
    .options = { CASE_ID } },
};

const TjCliGroup tj_cli_settlement_group = {
  "settlement", N_("Settlements of wage arrears: set, show"),
  settlement_commands, G_N_ELEMENTS (settlement_commands),
};

static const TjCliCommand payment_commands[] = {
  { .name = "add", .summary = N_("Record a payment under the agreed settlement, or a whole installment paid"),
    .run = payment_add,
    .options = {
      CASE_ID,
      TJ_CLI_VALUE_OPTION ("json", "FILE|-", N_("One payment as JSON, from FILE or standard input (-)")),
      TJ_CLI_VALUE_OPTION ("receipt", "PHOTO", N_("Attach a photo of the receipt")),
      TJ_CLI_VALUE_OPTION ("installment", "N", N_("The installment paid, 1 for the first (with --all or --workers)")),
      TJ_CLI_FLAG_OPTION ("all", N_("Every worker of the installment is paid what is still owed")),
      TJ_CLI_VALUE_OPTION ("workers", "ID,…", N_("Only these workers (party ids) are paid what is still owed")),
      TJ_CLI_VALUE_OPTION ("paid-on", "DATE", N_("The day it was paid (default: today)")),
      TJ_CLI_VALUE_OPTION ("reference", "TEXT", N_("The bank transaction number")),
      TJ_CLI_ACTOR_OPTION,
    } },
  { .name = "import", .arguments = "FILE", .min_args = 1, .max_args = 1,
    .summary = N_("Record the payments of a bank’s batch-payment file (CSV or .xlsx), all or nothing"),
    .run = payment_import,
    .options = {
      CASE_ID,
      TJ_CLI_FLAG_OPTION ("dry-run", N_("Print the preview and write nothing")),
      TJ_CLI_VALUE_OPTION ("paid-on", "DATE", N_("The day of rows without a date (default: today)")),
      TJ_CLI_ACTOR_OPTION,
    } },
};

const TjCliGroup tj_cli_payment_group = {
  "payment", N_("Record payments under a settlement: one, an installment, a bank file"),
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
