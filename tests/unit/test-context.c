/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The core context: preferences read from GSettings (memory backend, the
 * schema compiled for the unit tests), the built-in defaults without
 * them, overrides as a command's --actor and --station give, today by the
 * context's clock, and the case context and organisation filled from it. */

#include <string.h>

#include "tj-calendar.h"
#include "tj-context.h"

static TjClock *
pinned (const char *iso)
{
  GDate day;

  g_date_clear (&day, 1);
  g_assert_true (tj_date_parse_iso (iso, &day));
  return tj_clock_new_pinned (&day);
}

static GSettings *
fresh_settings (void)
{
  GSettings *settings = g_settings_new (APP_ID);
  g_autoptr(GSettingsSchema) schema = NULL;
  g_auto(GStrv) keys = NULL;

  /* The memory backend keeps values for the whole process. */
  g_object_get (settings, "settings-schema", &schema, NULL);
  keys = g_settings_schema_list_keys (schema);
  for (guint i = 0; keys[i]; i++)
    g_settings_reset (settings, keys[i]);
  return settings;
}

static void
test_defaults (void)
{
  g_autoptr(TjClock) clock = pinned ("2026-11-22");
  g_autoptr(TjContext) context = tj_context_new (NULL, clock);
  g_autoptr(JsonObject) org = NULL;
  TjCaseContext ctx, defaults;

  g_assert_null (tj_context_get_settings (context));
  g_assert_true (tj_context_get_clock (context) == clock);
  g_assert_null (tj_context_get_repository (context));
  g_assert_cmpstr (tj_context_get_station_code (context), ==, "");
  g_assert_cmpstr (tj_context_get_actor (context), ==, "");
  g_assert_cmpstr (tj_context_get_city (context), ==, "");
  g_assert_cmpstr (tj_context_get_today (context), ==, "2026-11-22");

  /* Without preferences the case context is the built-in one, dated by
   * the context's clock. */
  tj_case_context_init_defaults (&defaults);
  tj_context_fill_case_context (context, &ctx);
  g_assert_cmpstr (ctx.station_code, ==, defaults.station_code);
  g_assert_cmpstr (ctx.number_pattern, ==, defaults.number_pattern);
  g_assert_cmpstr (ctx.actor, ==, defaults.actor);
  g_assert_cmpuint (ctx.flag_min_workers, ==, defaults.flag_min_workers);
  g_assert_cmpint (ctx.flag_min_amount_fen, ==, defaults.flag_min_amount_fen);
  g_assert_cmpstr (ctx.today, ==, "2026-11-22");

  org = tj_context_dup_organisation (context);
  g_assert_cmpstr (json_object_get_string_member (org, "name"), ==, "");
  g_assert_false (json_object_has_member (org, "mediator"));
  g_assert_false (json_object_has_member (org, "court"));
}

static void
test_settings (void)
{
  g_autoptr(GSettings) settings = fresh_settings ();
  g_autoptr(TjClock) clock = pinned ("2027-01-05");
  g_autoptr(TjContext) context = tj_context_new (settings, clock);
  g_autoptr(JsonObject) org = NULL;
  TjCaseContext ctx;
  TjCaseQuery query;

  g_settings_set_string (settings, "station-code", "GX01");
  g_settings_set_string (settings, "case-number-pattern", "{station}-{year}-{seq:03}");
  g_settings_set_string (settings, "mediator-name", "李调解");
  g_settings_set_string (settings, "organisation-name", "南宁市总工会");
  g_settings_set_string (settings, "arbitration-commission", "南宁市劳动人事争议仲裁委员会");
  g_settings_set_string (settings, "court", "");
  g_settings_set_string (settings, "locality", "南宁");
  g_settings_set_uint (settings, "flag-min-workers", 30);
  g_settings_set_int64 (settings, "flag-min-amount-fen", 100000000);

  tj_context_fill_case_context (context, &ctx);
  g_assert_cmpstr (ctx.station_code, ==, "GX01");
  g_assert_cmpstr (ctx.number_pattern, ==, "{station}-{year}-{seq:03}");
  g_assert_cmpstr (ctx.actor, ==, "李调解");
  g_assert_cmpuint (ctx.flag_min_workers, ==, 30);
  g_assert_cmpint (ctx.flag_min_amount_fen, ==, 100000000);
  g_assert_cmpstr (ctx.today, ==, "2027-01-05");
  g_assert_cmpstr (tj_context_get_city (context), ==, "南宁");

  tj_case_query_init (&query);
  tj_context_fill_case_query (context, &query);
  g_assert_cmpuint (query.flag_min_workers, ==, 30);
  g_assert_cmpint (query.flag_min_amount_fen, ==, 100000000);
  g_assert_cmpstr (query.today, ==, "2027-01-05");

  org = tj_context_dup_organisation (context);
  g_assert_cmpstr (json_object_get_string_member (org, "name"), ==, "南宁市总工会");
  g_assert_cmpstr (json_object_get_string_member (org, "mediator"), ==, "李调解");
  g_assert_cmpstr (json_object_get_string_member (org, "arbitration_commission"), ==, "南宁市劳动人事争议仲裁委员会");
  /* An empty preference is left out: the paper prints a line instead. */
  g_assert_false (json_object_has_member (org, "court"));

  /* An empty pattern means the built-in one. */
  g_settings_set_string (settings, "case-number-pattern", "");
  g_assert_cmpstr (tj_context_get_number_pattern (context), ==, "〔{year}〕{station}调字第{seq:04}号");

  /* A context filled earlier keeps its values when a preference changes:
   * pages hand it to worker threads. */
  g_settings_set_string (settings, "mediator-name", "王调解");
  g_assert_cmpstr (ctx.actor, ==, "李调解");
  g_assert_cmpstr (tj_context_get_actor (context), ==, "王调解");
}

static void
test_overrides (void)
{
  g_autoptr(GSettings) settings = fresh_settings ();
  g_autoptr(TjContext) context = tj_context_new (settings, NULL);
  g_autoptr(JsonObject) org = NULL;
  TjCaseContext ctx;

  g_settings_set_string (settings, "mediator-name", "李调解");
  g_settings_set_string (settings, "station-code", "GX01");
  tj_context_override (context, TJ_CONTEXT_MEDIATOR_NAME, "值班员");
  tj_context_override (context, TJ_CONTEXT_STATION_CODE, "NN02");
  tj_context_fill_case_context (context, &ctx);
  g_assert_cmpstr (ctx.actor, ==, "值班员");
  g_assert_cmpstr (ctx.station_code, ==, "NN02");
  /* The papers name the organisation's mediator, not whoever typed. */
  org = tj_context_dup_organisation (context);
  g_assert_cmpstr (json_object_get_string_member (org, "mediator"), ==, "李调解");

  /* A NULL override follows the preference again. */
  tj_context_override (context, TJ_CONTEXT_STATION_CODE, NULL);
  g_assert_cmpstr (tj_context_get_station_code (context), ==, "GX01");

  /* Without a clock the context asks the process's. */
  {
    g_autofree char *today = tj_clock_dup_today_iso (tj_clock_get_default ());
    g_assert_true (tj_context_get_clock (context) == tj_clock_get_default ());
    g_assert_cmpstr (tj_context_get_today (context), ==, today);
  }
}

static void
test_default_for_program (void)
{
  g_autoptr(TjClock) clock = pinned ("2026-03-01");
  g_autoptr(TjContext) context = tj_context_new_default (clock);

  /* The schema is installed for this test, so the preferences are read. */
  g_assert_nonnull (tj_context_get_settings (context));
  g_assert_cmpstr (tj_context_get_today (context), ==, "2026-03-01");
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/context/defaults", test_defaults);
  g_test_add_func ("/context/settings", test_settings);
  g_test_add_func ("/context/overrides", test_overrides);
  g_test_add_func ("/context/default-for-program", test_default_for_program);
  return g_test_run ();
}
