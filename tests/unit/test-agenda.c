/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The agenda behind Today: overdue and due deadlines of open cases with
 * their basis, flagged cases with their reasons, follow-up calls and
 * overdue installments, on a fixed "today" (Friday 2026-11-20). */

#include <glib/gstdio.h>
#include <string.h>

#include "tj-agenda.h"
#include "tj-case.h"
#include "tj-json.h"
#include "tj-session.h"
#include "tj-settlement.h"
#include "tj-test-store.h"
#include "tj-test-util.h"

#define TODAY "2026-11-20"

/* A store with the case tables, station "海" (tj-test-store.h). */
typedef TjTestCaseStore Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  tj_test_case_store_set_up (f, data);
  f->ctx.today = TODAY;
}

#define add_case(f, json) tj_test_add_case ((f)->store, &(f)->ctx, (json))

/* Moves a case to @status as if it happened on @on. */
static void
set_status_on (Fixture    *f,
               const char *id,
               const char *status,
               const char *on)
{
  g_autoptr(GError) error = NULL;
  TjCaseContext ctx = f->ctx;

  ctx.today = on;
  g_assert_true (tj_case_set_status (f->store, &ctx, id, status, "测试", NULL, &error));
  g_assert_no_error (error);
}

static JsonObject *
agenda (Fixture *f,
        guint    days)
{
  g_autoptr(GError) error = NULL;
  JsonObject *out = tj_agenda (f->store, &f->ctx, days, &error);

  g_assert_no_error (error);
  g_assert_nonnull (out);
  g_assert_cmpstr (tj_json_get_string (out, "today", NULL), ==, TODAY);
  return out;
}

/* The item of @list for @case_id and @kind, or NULL. */
static JsonObject *
find_item (JsonObject *agenda,
           const char *list,
           const char *case_id,
           const char *kind)
{
  JsonArray *items = tj_json_get_array (agenda, list);

  g_assert_nonnull (items);
  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      JsonObject *item = json_array_get_object_element (items, i);
      if (g_strcmp0 (tj_json_get_string (item, "case_id", NULL), case_id) == 0 &&
          (kind == NULL || g_strcmp0 (tj_json_get_string (item, "kind", NULL), kind) == 0))
        return item;
    }
  return NULL;
}

static void
assert_item (JsonObject *item,
             const char *date,
             gint64      days_left,
             const char *basis_part)
{
  g_assert_nonnull (item);
  g_assert_cmpstr (tj_json_get_string (item, "date", NULL), ==, date);
  g_assert_cmpint (tj_json_get_int (item, "days_left", 999), ==, days_left);
  g_assert_nonnull (strstr (tj_json_get_string (item, "basis", ""), basis_part));
  g_assert_nonnull (tj_json_get_string (item, "number", NULL));
  g_assert_cmpstr (tj_json_get_string (item, "label", ""), !=, "");
}

static void
test_deadlines (Fixture       *f,
                gconstpointer  data)
{
  g_autofree char *due = NULL, *overdue = NULL, *later = NULL, *limit_due = NULL;
  g_autofree char *limit_over = NULL, *ongoing = NULL, *agreed = NULL, *closed = NULL;
  g_autofree char *received_earlier = NULL;
  g_autoptr(JsonObject) week = NULL;
  g_autoptr(JsonObject) fortnight = NULL;
  JsonArray *list;

  /* Accepted Tue 11-10: 15 days end Wed 11-25, 5 days from today. */
  due = add_case (f, "{\"title\":\"欠薪 A\",\"kind\":\"wage_arrears\",\"source\":\"walk_in\","
                     "\"received_on\":\"2026-11-10\",\"accepted_on\":\"2026-11-10\","
                     "\"employment_ongoing\":true,\"employer\":{\"name\":\"甲公司\"},"
                     "\"workers\":[{\"name\":\"张三\",\"owed_fen\":300000}]}");
  /* Accepted Tue 10-27: the limit ended Wed 11-11, 9 days ago. */
  overdue = add_case (f, "{\"title\":\"欠薪 B\",\"kind\":\"wage_arrears\",\"source\":\"hotline\","
                         "\"received_on\":\"2026-10-27\",\"accepted_on\":\"2026-10-27\","
                         "\"employment_ongoing\":true,\"employer\":{\"name\":\"乙公司\"},"
                         "\"workers\":[{\"name\":\"李四\"}]}");
  /* Accepted Thu 11-19: ends Fri 12-04, beyond a week. */
  later = add_case (f, "{\"title\":\"欠薪 C\",\"kind\":\"wage_arrears\",\"source\":\"walk_in\","
                       "\"received_on\":\"2026-11-19\",\"accepted_on\":\"2026-11-19\","
                       "\"employment_ongoing\":true,\"workers\":[{\"name\":\"王五\"}]}");
  /* Knew 2025-10-01; the application for mediation received Sun
   * 2025-11-09 interrupted the limitation (§27 ¶2), which runs again from
   * the end of the 15 days, Mon 2025-11-24: it ends Tue 2026-11-24. */
  limit_due = add_case (f, "{\"title\":\"补偿 D\",\"kind\":\"compensation\",\"source\":\"walk_in\","
                           "\"received_on\":\"2025-11-09\",\"knew_on\":\"2025-10-01\","
                           "\"workers\":[{\"name\":\"赵六\"}]}");
  /* Knew Mon 2025-11-03: ended Tue 2026-11-03, 17 days ago (the
   * application received 2026-11-16 came too late to interrupt it). */
  limit_over = add_case (f, "{\"title\":\"解除 E\",\"kind\":\"termination\",\"source\":\"walk_in\","
                            "\"received_on\":\"2026-11-16\",\"knew_on\":\"2025-11-03\","
                            "\"workers\":[{\"name\":\"钱七\"}]}");
  /* Wages while the employment continues are not time-barred. */
  ongoing = add_case (f, "{\"title\":\"欠薪 F\",\"kind\":\"wage_arrears\",\"source\":\"walk_in\","
                         "\"received_on\":\"2026-11-16\",\"knew_on\":\"2025-11-03\","
                         "\"employment_ongoing\":true,\"workers\":[{\"name\":\"孙八\"}]}");
  /* Agreed Mon 10-26: judicial confirmation window ends Wed 11-25. */
  agreed = add_case (f, "{\"title\":\"协议 G\",\"kind\":\"wage_arrears\",\"source\":\"walk_in\","
                        "\"received_on\":\"2026-10-20\",\"employment_ongoing\":true,"
                        "\"workers\":[{\"name\":\"周九\"}]}");
  set_status_on (f, agreed, "accepted", "2026-10-20");
  set_status_on (f, agreed, "mediating", "2026-10-21");
  set_status_on (f, agreed, "agreed", "2026-10-26");
  /* A closed case's deadlines are over, even an overdue limitation. */
  closed = add_case (f, "{\"title\":\"结案 H\",\"kind\":\"termination\",\"source\":\"walk_in\","
                        "\"received_on\":\"2026-10-01\",\"accepted_on\":\"2026-10-09\","
                        "\"knew_on\":\"2025-10-01\",\"workers\":[{\"name\":\"吴十\"}]}");
  set_status_on (f, closed, "withdrawn", "2026-10-12");

  /* Received Mon 11-02, accepted Fri 11-06: §14 counts from receipt, so
   * the limit ends Tue 11-17, as on the case page. */
  received_earlier = add_case (f, "{\"title\":\"先收后受\",\"kind\":\"wage_arrears\",\"source\":\"walk_in\","
                                  "\"received_on\":\"2026-11-02\",\"accepted_on\":\"2026-11-06\","
                                  "\"employment_ongoing\":true,\"workers\":[{\"name\":\"冯五\"}]}");

  week = agenda (f, 7);
  assert_item (find_item (week, "overdue", received_earlier, "mediation"), "2026-11-17", -3, "14");
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(JsonObject) shown = tj_case_show (f->store, &f->ctx, received_earlier, &error);
    g_assert_no_error (error);
    g_assert_cmpstr (tj_json_get_string (tj_json_get_object (tj_json_get_object (shown, "deadlines"), "mediation"),
                                         "date", NULL), ==, "2026-11-17");
  }
  assert_item (find_item (week, "due", due, "mediation"), "2026-11-25", 5, "14");
  assert_item (find_item (week, "overdue", overdue, "mediation"), "2026-11-11", -9, "14");
  g_assert_null (find_item (week, "due", later, NULL));
  g_assert_null (find_item (week, "overdue", later, NULL));
  assert_item (find_item (week, "due", limit_due, "arbitration_limitation"), "2026-11-24", 4, "27");
  assert_item (find_item (week, "overdue", limit_over, "arbitration_limitation"), "2026-11-03", -17, "27");
  g_assert_null (find_item (week, "due", ongoing, NULL));
  g_assert_null (find_item (week, "overdue", ongoing, NULL));
  assert_item (find_item (week, "due", agreed, "judicial_confirmation"), "2026-11-25", 5, "33");
  /* Agreed: the mediation limit no longer runs. */
  g_assert_null (find_item (week, "overdue", agreed, "mediation"));
  g_assert_null (find_item (week, "overdue", closed, NULL));
  g_assert_null (find_item (week, "due", closed, NULL));

  /* Sorted by date: the limitation (11-24) before the mediation limits
   * (11-25); the longest overdue first. */
  list = tj_json_get_array (week, "due");
  g_assert_cmpuint (json_array_get_length (list), ==, 3);
  g_assert_cmpstr (tj_json_get_string (json_array_get_object_element (list, 0), "date", NULL), ==,
                   "2026-11-24");
  list = tj_json_get_array (week, "overdue");
  g_assert_cmpuint (json_array_get_length (list), ==, 3);
  g_assert_cmpstr (tj_json_get_string (json_array_get_object_element (list, 0), "date", NULL), ==,
                   "2026-11-03");

  /* A longer window reaches case C. */
  fortnight = agenda (f, 14);
  assert_item (find_item (fortnight, "due", later, "mediation"), "2026-12-04", 14, "14");
}

static void
test_flagged (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(GString) workers = g_string_new ("[");
  g_autofree char *json = NULL;
  g_autofree char *collective = NULL, *large = NULL, *layoff = NULL, *small = NULL, *ended = NULL;
  g_autoptr(JsonObject) out = NULL;
  JsonObject *item;
  JsonArray *reasons;

  for (int i = 0; i < 12; i++)
    g_string_append_printf (workers, "%s{\"name\":\"工人%02d\",\"owed_fen\":1000000}", i ? "," : "", i);
  g_string_append (workers, "]");
  json = g_strdup_printf ("{\"title\":\"集体欠薪\",\"kind\":\"wage_arrears\",\"source\":\"hotline\","
                          "\"received_on\":\"2026-11-19\",\"employer\":{\"name\":\"建工集团\"},"
                          "\"workers\":%s}", workers->str);
  collective = add_case (f, json);
  large = add_case (f, "{\"title\":\"高额\",\"kind\":\"compensation\",\"source\":\"walk_in\","
                       "\"received_on\":\"2026-11-18\",\"workers\":[{\"name\":\"高管\",\"owed_fen\":60000000}]}");
  layoff = add_case (f, "{\"title\":\"裁员\",\"kind\":\"termination\",\"source\":\"station\","
                        "\"received_on\":\"2026-11-17\",\"layoff\":true,\"layoff_size\":700,"
                        "\"workers\":[{\"name\":\"代表甲\"}]}");
  small = add_case (f, "{\"title\":\"小额\",\"kind\":\"wage_arrears\",\"source\":\"walk_in\","
                       "\"received_on\":\"2026-11-16\",\"workers\":[{\"name\":\"小王\",\"owed_fen\":100}]}");
  ended = add_case (f, "{\"title\":\"已撤回裁员\",\"kind\":\"termination\",\"source\":\"walk_in\","
                       "\"received_on\":\"2026-11-15\",\"layoff\":true,\"workers\":[{\"name\":\"老李\"}]}");
  set_status_on (f, ended, "withdrawn", "2026-11-16");

  out = agenda (f, 7);
  g_assert_cmpuint (json_array_get_length (tj_json_get_array (out, "flagged")), ==, 3);

  item = find_item (out, "flagged", collective, NULL);
  g_assert_nonnull (item);
  g_assert_cmpint (tj_json_get_int (item, "workers", 0), ==, 12);
  g_assert_cmpstr (tj_json_get_string (item, "employer", NULL), ==, "建工集团");
  reasons = tj_json_get_array (item, "reasons");
  g_assert_cmpuint (json_array_get_length (reasons), ==, 1);
  g_assert_nonnull (strstr (json_array_get_string_element (reasons, 0), "12"));
  g_assert_cmpstr (json_array_get_string_element (tj_json_get_array (item, "flags"), 0), ==, "collective");

  item = find_item (out, "flagged", large, NULL);
  g_assert_nonnull (item);
  g_assert_cmpstr (json_array_get_string_element (tj_json_get_array (item, "flags"), 0), ==, "large_amount");
  g_assert_nonnull (strstr (json_array_get_string_element (tj_json_get_array (item, "reasons"), 0),
                            "¥600,000.00"));

  item = find_item (out, "flagged", layoff, NULL);
  g_assert_nonnull (item);
  g_assert_cmpstr (json_array_get_string_element (tj_json_get_array (item, "flags"), 0), ==, "layoff");
  g_assert_nonnull (strstr (json_array_get_string_element (tj_json_get_array (item, "reasons"), 0), "700"));

  g_assert_null (find_item (out, "flagged", small, NULL));
  g_assert_null (find_item (out, "flagged", ended, NULL));

  /* Newest first. */
  g_assert_cmpstr (tj_json_get_string (json_array_get_object_element (tj_json_get_array (out, "flagged"), 0),
                                       "case_id", NULL), ==, collective);

  /* Thresholds come from the preferences (the context). */
  f->ctx.flag_min_workers = 20;
  {
    g_autoptr(JsonObject) raised = agenda (f, 7);
    g_assert_null (find_item (raised, "flagged", collective, NULL));
    g_assert_nonnull (find_item (raised, "flagged", large, NULL));
  }
}

static void
test_follow_ups (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL, *old = NULL;
  g_autoptr(JsonObject) out = NULL;
  g_autoptr(JsonObject) after = NULL;
  g_autoptr(JsonObject) later = NULL;
  g_autoptr(JsonArray) timeline = NULL;

  id = add_case (f, "{\"title\":\"回访\",\"kind\":\"wage_arrears\",\"source\":\"hotline\","
                    "\"received_on\":\"2026-10-20\",\"employment_ongoing\":true,"
                    "\"workers\":[{\"name\":\"郑一\"}]}");
  set_status_on (f, id, "accepted", "2026-10-20");
  set_status_on (f, id, "mediating", "2026-10-21");
  set_status_on (f, id, "agreed", "2026-10-22");
  /* Closed Fri 11-13: the first call falls due today (Fri 11-20); the
   * second on Sun 12-13, moved to Mon 12-14. */
  set_status_on (f, id, "closed", "2026-11-13");
  /* Closed long ago: its calls are past the grace period. */
  old = add_case (f, "{\"title\":\"旧案\",\"kind\":\"wage_arrears\",\"source\":\"hotline\","
                     "\"received_on\":\"2026-06-01\",\"employment_ongoing\":true,"
                     "\"workers\":[{\"name\":\"冯二\"}]}");
  set_status_on (f, old, "accepted", "2026-06-01");
  set_status_on (f, old, "mediating", "2026-06-02");
  set_status_on (f, old, "agreed", "2026-06-03");
  set_status_on (f, old, "closed", "2026-06-05");

  out = agenda (f, 7);
  assert_item (find_item (out, "follow_ups", id, "follow_up_7"), "2026-11-20", 0, "");
  g_assert_null (find_item (out, "follow_ups", id, "follow_up_30"));
  g_assert_null (find_item (out, "follow_ups", old, NULL));
  /* Closed: not a legal deadline any more. */
  g_assert_null (find_item (out, "due", id, NULL));
  g_assert_null (find_item (out, "overdue", id, NULL));

  /* Bad input changes nothing. */
  g_assert_false (tj_agenda_record_follow_up (f->store, &f->ctx, id, "follow_up_9", NULL, &error));
  g_assert_error (error, TJ_ERROR, TJ_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (tj_agenda_record_follow_up (f->store, &f->ctx, "no-such-case", "follow_up_7", NULL, &error));
  g_assert_error (error, TJ_ERROR, TJ_ERROR_NOT_FOUND);
  g_clear_error (&error);

  g_assert_true (tj_agenda_record_follow_up (f->store, &f->ctx, id, "follow_up_7", "工资已付清", &error));
  g_assert_no_error (error);
  after = agenda (f, 7);
  g_assert_null (find_item (after, "follow_ups", id, NULL));
  timeline = tj_case_timeline (f->store, id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (tj_json_get_string (json_array_get_object_element (timeline, 0), "kind", NULL), ==,
                   "follow_up");

  /* The second call shows when it comes within the window. */
  later = agenda (f, 30);
  assert_item (find_item (later, "follow_ups", id, "follow_up_30"), "2026-12-14", 24, "");
}

static void
test_installments (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;
  g_autofree char *json = NULL;
  g_autoptr(JsonObject) shown = NULL;
  g_autoptr(JsonObject) settlement = NULL;
  g_autoptr(JsonObject) result = NULL;
  g_autoptr(JsonObject) out = NULL;
  const char *worker_id;
  JsonObject *item;

  id = add_case (f, "{\"title\":\"分期\",\"kind\":\"wage_arrears\",\"source\":\"walk_in\","
                    "\"received_on\":\"2026-10-01\",\"employment_ongoing\":true,"
                    "\"employer\":{\"name\":\"丙公司\"},"
                    "\"workers\":[{\"name\":\"陈三\",\"owed_fen\":2000000}]}");
  set_status_on (f, id, "accepted", "2026-10-01");
  set_status_on (f, id, "mediating", "2026-10-02");
  shown = tj_case_show (f->store, &f->ctx, id, &error);
  g_assert_no_error (error);
  worker_id = tj_json_get_string (json_array_get_object_element (tj_json_get_array (shown, "workers"), 0),
                                  "id", NULL);
  json = g_strdup_printf ("{\"status\":\"agreed\",\"total_fen\":2000000,"
                          "\"payer\":{\"role\":\"employer\",\"name\":\"丙公司\"},\"method\":\"cash\","
                          "\"installments\":["
                          "{\"due_on\":\"2026-11-10\",\"amount_fen\":1000000,"
                          " \"allocations\":[{\"worker_id\":\"%s\",\"name\":\"陈三\",\"amount_fen\":1000000}]},"
                          "{\"due_on\":\"2026-12-10\",\"amount_fen\":1000000,"
                          " \"allocations\":[{\"worker_id\":\"%s\",\"name\":\"陈三\",\"amount_fen\":1000000}]}]}",
                          worker_id, worker_id);
  settlement = tj_test_object (json);
  result = tj_settlement_set (f->store, &f->ctx, id, settlement, &error);
  g_assert_no_error (error);
  g_assert_nonnull (result);

  out = agenda (f, 7);
  item = find_item (out, "installments", id, "installment");
  g_assert_nonnull (item);
  g_assert_cmpstr (tj_json_get_string (item, "date", NULL), ==, "2026-11-10");
  g_assert_cmpint (tj_json_get_int (item, "days_left", 0), ==, -10);
  g_assert_cmpint (tj_json_get_int (item, "owed_fen", 0), ==, 1000000);
  g_assert_cmpstr (tj_json_get_string (item, "basis", ""), !=, "");
  g_assert_cmpuint (json_array_get_length (tj_json_get_array (out, "installments")), ==, 1);
}

static JsonObject *
start_session (Fixture    *f,
               const char *case_id,
               const char *json)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) input = tj_test_object (json);
  JsonObject *s;

  json_object_set_string_member (input, "case_id", case_id);
  s = tj_session_start (f->store, &f->ctx, input, &error);
  g_assert_no_error (error);
  g_assert_nonnull (s);
  return s;
}

static void
test_sessions (Fixture       *f,
               gconstpointer  data)
{
  g_autofree char *id = NULL;
  g_autoptr(JsonObject) joint = NULL;
  g_autoptr(JsonObject) separate = NULL;
  g_autoptr(JsonObject) far = NULL;
  g_autoptr(JsonObject) past = NULL;
  g_autoptr(JsonObject) out = NULL;
  JsonArray *list;
  JsonObject *item;

  id = add_case (f, "{\"title\":\"调解\",\"kind\":\"wage_arrears\",\"source\":\"walk_in\","
                    "\"received_on\":\"2026-11-18\",\"accepted_on\":\"2026-11-18\","
                    "\"employment_ongoing\":true,\"workers\":[{\"name\":\"林一\"}]}");
  joint = start_session (f, id, "{\"kind\":\"joint\",\"scheduled_on\":\"2026-11-27\","
                                "\"scheduled_time\":\"09:30\",\"place\":\"调解室\"}");
  separate = start_session (f, id, "{\"kind\":\"separate\",\"party_side\":\"employer\","
                                   "\"scheduled_on\":\"2026-11-23\",\"scheduled_time\":\"14:00\"}");
  far = start_session (f, id, "{\"kind\":\"separate\",\"party_side\":\"worker\","
                              "\"scheduled_on\":\"2026-11-28\"}");
  past = start_session (f, id, "{\"kind\":\"separate\",\"party_side\":\"worker\","
                               "\"scheduled_on\":\"2026-11-19\"}");

  out = agenda (f, 7);
  list = tj_json_get_array (out, "sessions");
  /* Mon 11-23 and Fri 11-27 (the seventh day) are in, 11-28 and the past
   * one are not; soonest first. */
  g_assert_cmpuint (json_array_get_length (list), ==, 2);
  item = json_array_get_object_element (list, 0);
  g_assert_cmpstr (tj_json_get_string (item, "session_id", NULL), ==, tj_json_get_string (separate, "id", ""));
  g_assert_cmpstr (tj_json_get_string (item, "case_id", NULL), ==, id);
  g_assert_cmpstr (tj_json_get_string (item, "date", NULL), ==, "2026-11-23");
  g_assert_cmpstr (tj_json_get_string (item, "time", NULL), ==, "14:00");
  g_assert_cmpint (tj_json_get_int (item, "days_left", -1), ==, 3);
  g_assert_cmpstr (tj_json_get_string (item, "number", ""), !=, "");
  item = json_array_get_object_element (list, 1);
  g_assert_cmpstr (tj_json_get_string (item, "session_id", NULL), ==, tj_json_get_string (joint, "id", ""));
  g_assert_cmpstr (tj_json_get_string (item, "session_kind", NULL), ==, "joint");
  g_assert_cmpstr (tj_json_get_string (item, "place", NULL), ==, "调解室");
}

static void
test_empty_and_bad_today (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) out = agenda (f, 7);
  static const char * const lists[] = { "overdue", "due", "flagged", "follow_ups", "sessions",
                                        "installments" };

  for (guint i = 0; i < G_N_ELEMENTS (lists); i++)
    g_assert_cmpuint (json_array_get_length (tj_json_get_array (out, lists[i])), ==, 0);

  f->ctx.today = "2026-13-01";
  g_assert_null (tj_agenda (f->store, &f->ctx, 7, &error));
  g_assert_error (error, TJ_ERROR, TJ_ERROR_INVALID);
}

int
main (int    argc,
      char **argv)
{
  tj_test_pin_today (TODAY);
  g_test_init (&argc, &argv, NULL);

#define ADD(path, fn) g_test_add (path, Fixture, NULL, fixture_set_up, fn, tj_test_case_store_tear_down)
  ADD ("/agenda/deadlines", test_deadlines);
  ADD ("/agenda/flagged", test_flagged);
  ADD ("/agenda/follow-ups", test_follow_ups);
  ADD ("/agenda/installments", test_installments);
  ADD ("/agenda/sessions", test_sessions);
  ADD ("/agenda/empty-and-bad-today", test_empty_and_bad_today);
#undef ADD

  return g_test_run ();
}
