/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tiaojie-cli agenda: what is overdue, due, flagged and owed a follow-up
 * call, the same list as the Today page. */

#include <stdio.h>
#include <string.h>

#include "tj-agenda.h"
#include "tj-cli-private.h"
#include "tj-i18n.h"

static int
agenda_follow_up (TjCli     *cli,
                  TjCliArgs *args)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) out = NULL;
  const char *case_id = tj_cli_arg (args, 0);
  const char *kind = tj_cli_arg (args, 1);
  TjCaseContext ctx;
  TjStore *store;

  tj_context_fill_case_context (cli->context, &ctx);
  store = tj_cli_case_store (cli, &error);
  if (store == NULL ||
      !tj_agenda_record_follow_up (store, &ctx, case_id, kind, tj_cli_opt (args, "note"), &error))
    return tj_cli_fail (error);

  out = json_object_new ();
  json_object_set_string_member (out, "case_id", case_id);
  json_object_set_string_member (out, "follow_up", kind);
  tj_cli_print_object (out);
  return TJ_EXIT_OK;
}

static int
agenda_show (TjCli     *cli,
             TjCliArgs *args)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) agenda = NULL;
  TjCaseContext ctx;
  gint64 days = 7;
  TjStore *store;

  if (!tj_cli_count (args, "days", &days, &error))
    return tj_cli_fail (error);
  if (days > 3660)
    return tj_cli_usage_error (args, _("--days must be at most 3660"));

  tj_context_fill_case_context (cli->context, &ctx);
  store = tj_cli_store (cli, &error);
  if (store == NULL)
    return tj_cli_fail (error);
  agenda = tj_agenda (store, &ctx, (guint) days, &error);
  return tj_cli_print_result (agenda, error);
}

static const TjCliCommand agenda_commands[] = {
  { .name = NULL, .summary = N_("What is overdue, due, flagged or owed a follow-up call"), .run = agenda_show,
    .options = {
      TJ_CLI_VALUE_OPTION ("days", "N", N_("How far ahead deadlines count as due (default 7)")),
    } },
  { .name = "follow-up", .arguments = "CASE_ID follow_up_7|follow_up_30", .min_args = 2, .max_args = 2,
    .summary = N_("Record that a follow-up call was made; it leaves the agenda"), .run = agenda_follow_up,
    .options = {
      TJ_CLI_VALUE_OPTION ("note", "TEXT", N_("What was said")),
    } },
};

const TjCliGroup tj_cli_agenda_group = {
  "agenda", N_("What is overdue, due, flagged or owed a follow-up call"),
  agenda_commands, G_N_ELEMENTS (agenda_commands),
};
