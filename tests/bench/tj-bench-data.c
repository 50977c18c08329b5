/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <stdio.h>

#include "tj-bench-data.h"
#include "tj-calendar.h"
#include "tj-case.h"
#include "tj-consultation.h"
#include "tj-json.h"
#include "tj-session.h"
#include "tj-settlement.h"
#include "tj-test-store.h"
#include "tj-test-util.h"

static const char *surnames[] = {
  "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡", "郭",
  "何", "高", "林", "罗", "郑", "梁", "谢", "宋", "唐", "许", "韩", "冯", "邓", "曹", "彭", "曾",
  "欧阳", "司马",
};
static const char *given[] = {
  "伟", "芳", "娜", "秀英", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛",
  "明", "超", "秀兰", "霞", "平", "刚", "桂英", "建华", "建国", "小红", "志强", "海燕", "德福", "春生",
};
static const char *cities[] = { "海淀", "朝阳", "浦东", "天河", "南山", "江北", "武侯", "雁塔", "鼓楼", "历下" };
const char * const tj_bench_trades[10] = { "建筑", "劳务", "电子", "服装", "餐饮", "物流", "机械", "装饰", "保洁", "食品" };
const char * const tj_bench_forms[5] = { "有限公司", "工程有限公司", "科技有限公司", "制造厂", "集团有限公司" };
static const char *kinds[] = { "wage_arrears", "wage_arrears", "wage_arrears", "compensation", "termination", "overtime" };
static const char *sources[] = { "hotline", "walk_in", "night_clinic", "station", "court", "referral" };

static char *
make_id_number (GRand *rand)
{
  g_autofree char *body = g_strdup_printf ("%02d%04d%04d%02d%02d%03d", 11 + g_rand_int_range (rand, 0, 4),
                                           g_rand_int_range (rand, 100, 9999), g_rand_int_range (rand, 1960, 2004),
                                           g_rand_int_range (rand, 1, 13), g_rand_int_range (rand, 1, 29),
                                           g_rand_int_range (rand, 0, 999));

  return tj_test_id_number (body);
}

static char *
make_name (GRand *rand)
{
  return g_strconcat (surnames[g_rand_int_range (rand, 0, G_N_ELEMENTS (surnames))],
                      given[g_rand_int_range (rand, 0, G_N_ELEMENTS (given))], NULL);
}

JsonObject *
tj_bench_make_case (GRand *rand,
                    int    i)
{
  JsonObject *c = json_object_new ();
  JsonObject *employer = json_object_new ();
  JsonArray *workers = json_array_new ();
  g_autofree char *emp = g_strconcat (cities[g_rand_int_range (rand, 0, G_N_ELEMENTS (cities))],
                                      tj_bench_trades[g_rand_int_range (rand, 0, G_N_ELEMENTS (tj_bench_trades))],
                                      tj_bench_forms[g_rand_int_range (rand, 0, G_N_ELEMENTS (tj_bench_forms))], NULL);
  g_autofree char *date = g_strdup_printf ("%04d-%02d-%02d", 2024 + (i % 3), 1 + g_rand_int_range (rand, 0, 12),
                                           1 + g_rand_int_range (rand, 0, 28));
  /* Most cases have one to three workers; a few are collective. */
  int n = g_rand_int_range (rand, 0, 100) < 3 ? g_rand_int_range (rand, 10, 40) : g_rand_int_range (rand, 1, 4);

  json_object_set_string_member (employer, "name", emp);
  json_object_set_string_member (c, "kind", kinds[g_rand_int_range (rand, 0, G_N_ELEMENTS (kinds))]);
  json_object_set_string_member (c, "source", sources[g_rand_int_range (rand, 0, G_N_ELEMENTS (sources))]);
  json_object_set_string_member (c, "received_on", date);
  json_object_set_string_member (c, "accepted_on", date);
  json_object_set_string_member (c, "facts", "用人单位拖欠工资，多次催要未果。");
  json_object_set_object_member (c, "employer", employer);
  for (int w = 0; w < n; w++)
    {
      JsonObject *o = json_object_new ();
      g_autofree char *name = make_name (rand);
      g_autofree char *id = make_id_number (rand);
      g_autofree char *phone = g_strdup_printf ("1%d%09d", 3 + g_rand_int_range (rand, 0, 7),
                                                g_rand_int_range (rand, 0, 999999999));
      json_object_set_string_member (o, "name", name);
      json_object_set_string_member (o, "id_number", id);
      json_object_set_string_member (o, "phone", phone);
      json_object_set_int_member (o, "owed_fen", 100 * g_rand_int_range (rand, 1000, 60000));
      json_array_add_object_element (workers, o);
    }
  json_object_set_array_member (c, "workers", workers);
  return c;
}

static char *
date_plus (const char *iso,
           int         days)
{
  GDate d;

  /* Not g_date_set_parse(): it reads dates in the locale's order. */
  g_assert_true (tj_date_parse_iso (iso, &d));
  if (days >= 0)
    g_date_add_days (&d, (guint) days);
  else
    g_date_subtract_days (&d, (guint) -days);
  return tj_date_to_iso (&d);
}

static void
move (TjStore    *store,
      const char *id,
      const char *status,
      const char *on)
{
  g_autoptr(GError) error = NULL;
  TjCaseContext ctx;

  tj_case_context_init_defaults (&ctx);
  ctx.actor = "调解员";
  ctx.today = on;
  if (!tj_case_set_status (store, &ctx, id, status, "调解", NULL, &error))
    g_error ("%s → %s: %s", id, status, error->message);
}

/* Agreed a month before @today, one installment due a week ago, of which
 * the first worker was paid: an overdue installment. */
static void
settle (TjStore    *store,
        const char *id,
        const char *today,
        GRand      *rand)
{
  g_autofree char *agreed_on = date_plus (today, -30);
  g_autofree char *due = date_plus (today, -7);
  gint64 per = 100 * g_rand_int_range (rand, 1000, 20000);

  move (store, id, "mediating", agreed_on);
  move (store, id, "agreed", agreed_on);
  if (tj_test_settle_evenly (store, id, per, due, agreed_on) > 1)
    {
      g_autofree char *paid_on = date_plus (today, -8);
      tj_test_pay_worker (store, id, 0, per, paid_on);
    }
}

/* A joint session in the coming week. */
static void
schedule (TjStore    *store,
          const char *id,
          const char *today,
          int         i)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) input = json_object_new ();
  g_autoptr(JsonObject) out = NULL;
  g_autofree char *on = date_plus (today, i % 7);
  TjCaseContext ctx;

  tj_case_context_init_defaults (&ctx);
  ctx.today = today;
  json_object_set_string_member (input, "case_id", id);
  json_object_set_string_member (input, "kind", "joint");
  json_object_set_string_member (input, "scheduled_on", on);
  json_object_set_string_member (input, "scheduled_time", i % 2 ? "09:30" : "14:00");
  json_object_set_string_member (input, "place", "第二调解室");
  out = tj_session_start (store, &ctx, input, &error);
  g_assert_no_error (error);
}

void
tj_bench_populate (TjStore    *store,
                   int         n,
                   const char *today)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GRand) rand = g_rand_new_with_seed (20261122);
  g_autofree char *closed_on = date_plus (today, -20);
  g_autofree char *failed_on = date_plus (today, -40);
  TjCaseContext ctx;
  gint64 t0 = g_get_monotonic_time ();

  tj_case_context_init_defaults (&ctx);
  ctx.station_code = "海";
  /* Cases are entered on the day they are received. */
  for (int i = 0; i < n; i++)
    {
      g_autoptr(JsonObject) c = tj_bench_make_case (rand, i);
      g_autoptr(JsonObject) out = NULL;
      const char *id;

      if (i % 1000 == 0)
        g_assert_true (tj_store_begin (store, &error));
      ctx.today = tj_json_get_string (c, "received_on", NULL);
      /* Later than today: received today instead. */
      if (g_strcmp0 (ctx.today, today) > 0)
        {
          json_object_set_string_member (c, "received_on", today);
          json_object_set_string_member (c, "accepted_on", today);
          ctx.today = today;
        }
      out = tj_case_add (store, &ctx, c, &error);
      g_assert_no_error (error);
      id = tj_json_get_string (out, "id", NULL);
      switch (i % 100)
        {
        case 1: case 51:
          settle (store, id, today, rand);
          break;
        case 2: case 27: case 52: case 77:
          schedule (store, id, today, i);
          break;
        case 3:
          move (store, id, "mediating", closed_on);
          move (store, id, "agreed", closed_on);
          move (store, id, "closed", closed_on);
          break;
        case 4:
          move (store, id, "mediating", failed_on);
          move (store, id, "failed", failed_on);
          break;
        default:
          break;
        }
      if (i % 20 == 5)
        {
          g_autofree char *json = g_strdup_printf ("{\"held_on\":\"%s\",\"channel\":\"night_clinic\","
                                                   "\"worker\":{\"name\":\"王伟\",\"phone\":\"13800138000\"},"
                                                   "\"problem\":\"欠薪三个月\"}", ctx.today);
          g_autoptr(JsonObject) input = tj_json_parse_object (json, -1, NULL);
          g_autoptr(JsonObject) k = tj_consultation_add (store, &ctx, input, &error);
          g_assert_no_error (error);
        }
      if (i % 1000 == 999 || i == n - 1)
        {
          g_assert_true (tj_store_commit (store, &error));
          if (i % 10000 == 9999 || i == n - 1)
            {
              printf ("  %d cases, %.0f s\n", i + 1, (g_get_monotonic_time () - t0) / 1e6);
              fflush (stdout);
            }
        }
    }
}
