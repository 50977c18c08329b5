/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tiaojie-cli agenda: what is overdue, due, flagged and owed a follow-up
 * call, the same list as the Today page. */

#include <stdio.h>
#include <string.h>

#include "tj-agenda.h"
#include "tj-cli-private.h"
#include "tj-i18n.h"

static const char agenda_usage[] =
  N_("Usage: tiaojie-cli agenda [--days N]\n"
     "       tiaojie-cli agenda follow-up CASE_ID follow_up_7|follow_up_30 [--note TEXT]\n"
     "  --days N   how far ahead deadlines count as due (default 7)\n"
     "  follow-up  record that a follow-up call was made; it leaves the agenda");

/* Thresholds for early warning come from preferences when the schema is
 * installed; TIAOJIE_TODAY pins "today" for scripts and tests. */
static void
agenda_context (TjCaseContext *ctx)
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
  if (g_getenv ("TIAOJIE_TODAY"))
    ctx->today = g_getenv ("TIAOJIE_TODAY");
}

static int
agenda_follow_up (TjCli  *cli,
                  int     argc,
                  char  **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) out = NULL;
  TjCaseContext ctx;
  TjStore *store;

  if (argc < 4 || argv[2][0] == '-' || argv[3][0] == '-')
    return tj_cli_usage ("%s", _(agenda_usage));
  agenda_context (&ctx);
  store = tj_cli_store (cli, &error);
  if (store == NULL || !tj_case_attach (store, &error) ||
      !tj_agenda_record_follow_up (store, &ctx, argv[2], argv[3],
                                   tj_cli_opt_value (argc, argv, "--note"), &error))
    return tj_cli_fail (error);

  out = json_object_new ();
  json_object_set_string_member (out, "case_id", argv[2]);
  json_object_set_string_member (out, "follow_up", argv[3]);
  tj_cli_print_object (out);
  return TJ_EXIT_OK;
}

int
tj_cli_agenda (TjCli  *cli,
               int     argc,
               char  **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) agenda = NULL;
  TjCaseContext ctx;
  gint64 days = 7;
  TjStore *store;

  if (tj_cli_opt_flag (argc, argv, "--help"))
    {
      printf ("%s\n", _(agenda_usage));
      return TJ_EXIT_OK;
    }
  if (argc >= 2 && strcmp (argv[1], "follow-up") == 0)
    return agenda_follow_up (cli, argc, argv);
  for (int i = 1; i < argc; i++)
    {
      if (strcmp (argv[i], "--days") == 0)
        i++;
      else if (!g_str_has_prefix (argv[i], "--days="))
        return tj_cli_usage ("%s", _(agenda_usage));
    }
  if (!tj_cli_opt_count (argc, argv, "--days", &days, &error))
    return tj_cli_fail (error);
  if (days > 3660)
    return tj_cli_usage (_("--days must be at most 3660"));

  agenda_context (&ctx);
  store = tj_cli_store (cli, &error);
  if (store == NULL)
    return tj_cli_fail (error);
  agenda = tj_agenda (store, &ctx, (guint) days, &error);
  if (agenda == NULL)
    return tj_cli_fail (error);
  tj_cli_print_object (agenda);
  return TJ_EXIT_OK;
}
