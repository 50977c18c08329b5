/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The fixed data set of the report tests (unit and ui), written through
 * the same core APIs as the application. Its figures for the third
 * quarter of 2026 (2026-07-01 … 2026-09-30, today 2026-10-15) were worked
 * out by hand; test-report.c lists them.
 *
 *  case kind/source              received accepted  path (date)                          workers owed
 *  A wage_arrears/hotline        07-03    07-03     mediating 07-05, agreed 07-10        12 × ¥100
 *  B compensation/walk_in        07-15    07-15     mediating 07-16, failed 08-20         1 ¥5,000 (claims ¥8,000)
 *  C termination/night_clinic    08-07    08-08     (consultation) withdrawn 08-12        1 ¥3,000
 *  D overtime/station            08-20    08-21     mediating 08-22, referred arbitration 09-10   2 × ¥1,000
 *  E wage_arrears/court          09-01    09-01     mediating 09-02 (still)               3 × ¥500
 *  F wage_arrears/hotline        09-20    —         referred labour_inspection 09-22      1 ¥700
 *  G wage_arrears/hotline        06-20    06-20     mediating 06-21, agreed 07-02,        2 × ¥2,000
 *                                                   paid 07-20 (performing), closed 09-15
 *  H social_insurance/walk_in    10-05    10-05     mediating 10-06, agreed 10-10         1 ¥900
 *  I other/referral              07-20    07-20     mediating 07-21, withdrawn 07-25, closed 08-01   1 ¥100
 *  J work_injury/court           08-01    08-01     mediating 08-02, failed 08-10,        1 ¥4,000
 *                                                   referred court 08-15, closed 09-01
 * Settlements: A ¥1,200 (12 × ¥100), paid ¥100 on 08-05, ¥100 on 09-30,
 * ¥100 on 10-02; G ¥4,000, paid ¥2,000 on 07-20.
 * Consultations: night clinic 08-07 (became C), night clinic 09-04, hotline
 * 08-10, night clinic 06-30.
 */
#pragma once

#include "tj-case.h"
#include "tj-consultation.h"
#include "tj-json.h"
#include "tj-settlement.h"
#include "tj-test-store.h"
#include "tj-test-util.h"

typedef struct {
  char *a, *b, *c, *d, *e, *f, *g, *h, *i, *j;
} ReportData;

static char *
report_data_case (TjStore    *store,
                  const char *kind,
                  const char *source,
                  const char *received,
                  const char *accepted,
                  int         workers,
                  gint64      owed,
                  gint64      claim,
                  const char *employer)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) input = json_object_new ();
  g_autoptr(JsonObject) out = NULL;
  JsonObject *emp = json_object_new ();
  JsonArray *list = json_array_new ();
  TjCaseContext ctx;

  tj_case_context_init_defaults (&ctx);
  ctx.station_code = "海";
  ctx.actor = "调解员甲";
  ctx.today = received;
  json_object_set_string_member (input, "kind", kind);
  json_object_set_string_member (input, "source", source);
  json_object_set_string_member (input, "received_on", received);
  if (accepted)
    json_object_set_string_member (input, "accepted_on", accepted);
  json_object_set_string_member (input, "facts", "拖欠工资，多次催要未果。");
  json_object_set_string_member (emp, "name", employer);
  json_object_set_object_member (input, "employer", emp);
  for (int w = 0; w < workers; w++)
    {
      JsonObject *o = json_object_new ();
      g_autofree char *name = g_strdup_printf ("工人%c%d", employer[0] == '\0' ? 'x' : 'a' + (w % 26), w + 1);
      json_object_set_string_member (o, "name", name);
      json_object_set_int_member (o, "owed_fen", owed);
      json_array_add_object_element (list, o);
    }
  json_object_set_array_member (input, "workers", list);
  if (claim > 0)
    {
      JsonArray *claims = json_array_new ();
      JsonObject *c = json_object_new ();
      json_object_set_string_member (c, "kind", kind);
      json_object_set_int_member (c, "amount_fen", claim);
      json_object_set_string_member (c, "description", "经济补偿");
      json_array_add_object_element (claims, c);
      json_object_set_array_member (input, "claims", claims);
    }
  out = tj_case_add (store, &ctx, input, &error);
  g_assert_no_error (error);
  return g_strdup (tj_json_get_string (out, "id", NULL));
}

static void
report_data_move (TjStore    *store,
                  const char *id,
                  const char *status,
                  const char *on,
                  const char *referred_to)
{
  g_autoptr(GError) error = NULL;
  TjCaseContext ctx;

  tj_case_context_init_defaults (&ctx);
  ctx.actor = "调解员甲";
  ctx.today = on;
  tj_case_set_status (store, &ctx, id, status, "测试数据", referred_to, &error);
  g_assert_no_error (error);
}

static char *
report_data_consultation (TjStore    *store,
                          const char *held_on,
                          const char *channel,
                          const char *name)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *json = g_strdup_printf ("{\"held_on\":\"%s\",\"channel\":\"%s\",\"worker\":{\"name\":\"%s\"},"
                                           "\"employer\":{\"name\":\"鼓楼餐饮有限公司\"},\"kind\":\"termination\","
                                           "\"problem\":\"被口头辞退\",\"owed_fen\":300000}",
                                           held_on, channel, name);
  g_autoptr(JsonObject) input = tj_test_object (json);
  g_autoptr(JsonObject) out = NULL;
  TjCaseContext ctx;

  tj_case_context_init_defaults (&ctx);
  ctx.today = held_on;
  out = tj_consultation_add (store, &ctx, input, &error);
  g_assert_no_error (error);
  return g_strdup (tj_json_get_string (out, "id", NULL));
}

static void
report_data_seed (TjStore    *store,
                  ReportData *d)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *k1 = NULL, *k2 = NULL, *k3 = NULL, *k4 = NULL;

  d->a = report_data_case (store, "wage_arrears", "hotline", "2026-07-03", "2026-07-03", 12, 10000, 0, "城南建筑劳务有限公司");
  report_data_move (store, d->a, "mediating", "2026-07-05", NULL);
  report_data_move (store, d->a, "agreed", "2026-07-10", NULL);
  tj_test_settle_evenly (store, d->a, 10000, "2026-12-31", "2026-07-10");
  tj_test_pay_worker (store, d->a, 0, 10000, "2026-08-05");
  tj_test_pay_worker (store, d->a, 1, 10000, "2026-09-30");
  tj_test_pay_worker (store, d->a, 2, 10000, "2026-10-02");

  d->b = report_data_case (store, "compensation", "walk_in", "2026-07-15", "2026-07-15", 1, 500000, 800000, "江北电子科技有限公司");
  report_data_move (store, d->b, "mediating", "2026-07-16", NULL);
  report_data_move (store, d->b, "failed", "2026-08-20", NULL);

  k1 = report_data_consultation (store, "2026-08-07", "night_clinic", "李娜");
  {
    g_autoptr(JsonObject) extra = tj_test_object ("{\"accepted_on\":\"2026-08-08\"}");
    g_autoptr(JsonObject) out = NULL;
    TjCaseContext ctx;
    tj_case_context_init_defaults (&ctx);
    ctx.today = "2026-08-08";
    out = tj_consultation_convert (store, &ctx, k1, extra, &error);
    g_assert_no_error (error);
    d->c = g_strdup (tj_json_get_string (out, "id", NULL));
  }
  report_data_move (store, d->c, "withdrawn", "2026-08-12", NULL);

  d->d = report_data_case (store, "overtime", "station", "2026-08-20", "2026-08-21", 2, 100000, 0, "浦东机械制造厂");
  report_data_move (store, d->d, "mediating", "2026-08-22", NULL);
  report_data_move (store, d->d, "referred", "2026-09-10", "arbitration");

  d->e = report_data_case (store, "wage_arrears", "court", "2026-09-01", "2026-09-01", 3, 50000, 0, "天河物流有限公司");
  report_data_move (store, d->e, "mediating", "2026-09-02", NULL);

  d->f = report_data_case (store, "wage_arrears", "hotline", "2026-09-20", NULL, 1, 70000, 0, "雁塔保洁有限公司");
  report_data_move (store, d->f, "referred", "2026-09-22", "labour_inspection");

  d->g = report_data_case (store, "wage_arrears", "hotline", "2026-06-20", "2026-06-20", 2, 200000, 0, "武侯装饰工程有限公司");
  report_data_move (store, d->g, "mediating", "2026-06-21", NULL);
  report_data_move (store, d->g, "agreed", "2026-07-02", NULL);
  tj_test_settle_evenly (store, d->g, 200000, "2026-12-31", "2026-07-02");
  tj_test_pay_worker (store, d->g, 0, 200000, "2026-07-20");
  report_data_move (store, d->g, "closed", "2026-09-15", NULL);

  d->h = report_data_case (store, "social_insurance", "walk_in", "2026-10-05", "2026-10-05", 1, 90000, 0, "历下食品有限公司");
  report_data_move (store, d->h, "mediating", "2026-10-06", NULL);
  report_data_move (store, d->h, "agreed", "2026-10-10", NULL);

  d->i = report_data_case (store, "other", "referral", "2026-07-20", "2026-07-20", 1, 10000, 0, "鼓楼服装有限公司");
  report_data_move (store, d->i, "mediating", "2026-07-21", NULL);
  report_data_move (store, d->i, "withdrawn", "2026-07-25", NULL);
  report_data_move (store, d->i, "closed", "2026-08-01", NULL);

  d->j = report_data_case (store, "work_injury", "court", "2026-08-01", "2026-08-01", 1, 400000, 0, "南山集团有限公司");
  report_data_move (store, d->j, "mediating", "2026-08-02", NULL);
  report_data_move (store, d->j, "failed", "2026-08-10", NULL);
  report_data_move (store, d->j, "referred", "2026-08-15", "court");
  report_data_move (store, d->j, "closed", "2026-09-01", NULL);

  k2 = report_data_consultation (store, "2026-09-04", "night_clinic", "王伟");
  k3 = report_data_consultation (store, "2026-08-10", "hotline", "张三");
  k4 = report_data_consultation (store, "2026-06-30", "night_clinic", "赵敏");
}

static void
report_data_clear (ReportData *d)
{
  g_free (d->a); g_free (d->b); g_free (d->c); g_free (d->d); g_free (d->e);
  g_free (d->f); g_free (d->g); g_free (d->h); g_free (d->i); g_free (d->j);
}
