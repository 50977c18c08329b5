/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Settlements, installment payments and the arrears overview. */

#include <glib/gstdio.h>
#include <string.h>

#include "tj-arrears.h"
#include "tj-case.h"
#include "tj-json.h"
#include "tj-settlement.h"
#include "tj-test-cli.h"
#include "tj-test-store.h"
#include "tj-test-util.h"

#define ID_ZHANG "11010519491231002X"
#define ID_WANG  "110105198503120012"

typedef struct {
  char          *dir;
  char          *path;
  TjStore       *store;
  TjCaseContext  ctx;
  char          *case_id;
  char          *employer_id;
  char          *w[3];          /* worker party ids: 张三, 王伟, 欧阳娜娜 */
} Fixture;

static const char case_json[] =
  "{\"title\":\"城南工地农民工欠薪\",\"kind\":\"wage_arrears\",\"source\":\"hotline\","
  "\"received_on\":\"2026-11-16\",\"accepted_on\":\"2026-11-16\","
  "\"employer\":{\"name\":\"华建劳务有限公司\"},"
  "\"workers\":[{\"name\":\"张三\",\"id_number\":\"" ID_ZHANG "\",\"owed_fen\":1200000},"
  "             {\"name\":\"王伟\",\"id_number\":\"" ID_WANG "\",\"owed_fen\":900000},"
  "             {\"name\":\"欧阳娜娜\",\"owed_fen\":600000}]}";

#define add_case(f, json) tj_test_add_case ((f)->store, &(f)->ctx, (json))

static void
move_to (Fixture    *f,
         const char *case_id,
         const char *status)
{
  g_autoptr(GError) error = NULL;
  g_assert_true (tj_case_set_status (f->store, &f->ctx, case_id, status, "test", NULL, &error));
  g_assert_no_error (error);
}

static const char *
case_status (Fixture *f)
{
  static char status[32];
  g_autoptr(JsonObject) shown = tj_case_show (f->store, &f->ctx, f->case_id, NULL);
  g_strlcpy (status, tj_json_get_string (shown, "status", ""), sizeof status);
  return status;
}

/* Makes a new case like the fixture's (moved on to @status) the one the
 * helpers work on. */
static void
switch_to_new_case (Fixture    *f,
                    const char *status)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) shown = NULL;
  JsonArray *workers;

  g_free (f->case_id);
  f->case_id = add_case (f, case_json);
  shown = tj_case_show (f->store, &f->ctx, f->case_id, &error);
  g_assert_no_error (error);
  workers = tj_json_get_array (shown, "workers");
  for (guint i = 0; i < 3; i++)
    {
      g_free (f->w[i]);
      f->w[i] = g_strdup (tj_json_get_string (json_array_get_object_element (workers, i), "id", NULL));
    }
  g_free (f->employer_id);
  f->employer_id = g_strdup (tj_json_get_string (tj_json_get_object (shown, "employer"), "id", NULL));
  move_to (f, f->case_id, "mediating");
  if (g_str_equal (status, "agreed"))
    move_to (f, f->case_id, "agreed");
}

/* Beside the fixture's case: an arrears case without a settlement (北区工地,
 * its workers the JSON objects @workers), a withdrawn arrears case owing
 * ¥1.00, and a compensation case owing nothing. */
static void
add_cases_beside (Fixture     *f,
                  const char  *workers,
                  char       **unsettled,
                  char       **withdrawn,
                  char       **other)
{
  g_autofree char *json = g_strdup_printf ("{\"title\":\"北区工地\",\"kind\":\"wage_arrears\",\"source\":\"walk_in\","
                                           "\"employer\":{\"name\":\"北区建设\"},\"workers\":[%s]}", workers);

  *unsettled = add_case (f, json);
  *withdrawn = add_case (f, "{\"title\":\"已撤回\",\"kind\":\"wage_arrears\",\"source\":\"walk_in\","
                            "\"employer\":{\"name\":\"某公司\"},\"workers\":[{\"name\":\"丙\",\"owed_fen\":100}]}");
  move_to (f, *withdrawn, "withdrawn");
  *other = add_case (f, "{\"title\":\"解除劳动合同\",\"kind\":\"compensation\",\"source\":\"walk_in\","
                        "\"employer\":{\"name\":\"某公司\"}}");
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->store = tj_test_store_open_tmp ("tj-settlement-XXXXXX", "s.db", &f->dir, &f->path);
  g_assert_true (tj_arrears_attach (f->store, &error));
  tj_case_context_init_defaults (&f->ctx);
  f->ctx.actor = "调解员甲";
  f->ctx.today = "2026-11-22";

  switch_to_new_case (f, "agreed");
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  tj_test_store_close (&f->store, &f->dir, &f->path);
  g_free (f->case_id);
  g_free (f->employer_id);
  for (guint i = 0; i < 3; i++)
    g_free (f->w[i]);
}

/* ¥27,000 in three installments: ¥10,000 due 11-30, ¥10,000 due 12-15,
 * ¥7,000 due 12-31; 欧阳娜娜 is paid only in the last one. */
static JsonObject *
three_installments (Fixture    *f,
                    const char *status)
{
  g_autofree char *json = g_strdup_printf (
    "{\"status\":\"%s\",\"total_fen\":2700000,"
    "\"payer\":{\"party_id\":\"%s\",\"role\":\"employer\",\"name\":\"华建劳务有限公司\"},"
    "\"method\":\"bank_transfer\","
    "\"installments\":["
    " {\"due_on\":\"2026-11-30\",\"amount_fen\":1000000,\"allocations\":["
    "   {\"worker_id\":\"%s\",\"amount_fen\":600000},{\"worker_id\":\"%s\",\"amount_fen\":400000}]},"
    " {\"due_on\":\"2026-12-15\",\"amount_fen\":1000000,\"allocations\":["
    "   {\"worker_id\":\"%s\",\"amount_fen\":500000},{\"worker_id\":\"%s\",\"amount_fen\":500000}]},"
    " {\"due_on\":\"2026-12-31\",\"amount_fen\":700000,\"allocations\":["
    "   {\"worker_id\":\"%s\",\"amount_fen\":100000},{\"worker_id\":\"%s\",\"amount_fen\":600000}]}],"
    "\"terms\":[\"分三期支付\",\"逾期未付可申请支付令\"],\"source_session_id\":\"session-1\"}",
    status, f->employer_id, f->w[0], f->w[1], f->w[0], f->w[1], f->w[1], f->w[2]);
  return tj_test_object (json);
}

static JsonObject *
pay (Fixture    *f,
     guint       installment,
     const char *worker,
     gint64      amount,
     const char *paid_on,
     GError    **error)
{
  g_autofree char *json = g_strdup_printf ("{\"installment\":%u,\"worker_id\":\"%s\",\"amount_fen\":%" G_GINT64_FORMAT
                                           ",\"paid_on\":\"%s\",\"method\":\"bank_transfer\",\"reference\":\"TX%u\"}",
                                           installment, worker, amount, paid_on, installment);
  g_autoptr(JsonObject) payment = tj_test_object (json);
  return tj_payment_add (f->store, &f->ctx, f->case_id, payment, error);
}

/* The case the helpers work on settled by three_installments(). */
static void
settle_three (Fixture    *f,
              const char *status)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) input = three_installments (f, status);
  g_autoptr(JsonObject) set = tj_settlement_set (f->store, &f->ctx, f->case_id, input, &error);

  g_assert_no_error (error);
  g_assert_nonnull (set);
}

/* pay(), which must succeed. */
static void
pay_ok (Fixture    *f,
        guint       installment,
        const char *worker,
        gint64      amount,
        const char *paid_on)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) p = pay (f, installment, worker, amount, paid_on, &error);

  g_assert_no_error (error);
  g_assert_nonnull (p);
}

static void
test_sums_validation (Fixture       *f,
                      gconstpointer  data)
{
  g_autofree char *json = g_strdup_printf (
    "{\"status\":\"agreed\",\"total_fen\":2500000,\"method\":\"cheque\","
    "\"installments\":["
    " {\"due_on\":\"2026-02-30\",\"amount_fen\":1000000,\"allocations\":["
    "   {\"worker_id\":\"%s\",\"amount_fen\":600000},{\"worker_id\":\"%s\",\"amount_fen\":300000}]},"
    " {\"due_on\":\"2026-12-15\",\"amount_fen\":1000000.5,\"allocations\":["
    "   {\"worker_id\":\"%s\",\"amount_fen\":1000000}]},"
    " {\"due_on\":\"2026-12-31\",\"amount_fen\":700000,\"allocations\":["
    "   {\"worker_id\":\"%s\",\"amount_fen\":-5},{\"worker_id\":\"%s\",\"amount_fen\":1},"
    "   {\"worker_id\":\"%s\",\"amount_fen\":1}]}]}",
    f->w[0], f->w[1], f->employer_id, f->w[2], f->w[0], f->w[0]);
  g_autoptr(JsonObject) input = tj_test_object (json);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) result = tj_settlement_set (f->store, &f->ctx, f->case_id, input, &error);
  const char *m;

  g_assert_null (result);
  g_assert_error (error, TJ_ERROR, TJ_ERROR_INVALID);
  m = error->message;
  g_assert_nonnull (strstr (m, "installments[0].allocations: the allocations add up to ¥9,000.00 but the installment is ¥10,000.00"));
  g_assert_nonnull (strstr (m, "installments[0].due_on"));
  g_assert_nonnull (strstr (m, "installments[1].amount_fen: an amount in fen must be a whole number"));
  g_assert_nonnull (strstr (m, "installments[1].allocations[0].worker_id"));
  g_assert_nonnull (strstr (m, "is not a worker of this case"));
  g_assert_nonnull (strstr (m, "installments[2].allocations[0].amount_fen: cannot be negative"));
  g_assert_nonnull (strstr (m, "installments[2].allocations[2].worker_id"));
  g_assert_nonnull (strstr (m, "two allocations"));
  g_assert_nonnull (strstr (m, "method: “cheque”"));
  g_assert_nonnull (strstr (m, "payer: an agreed settlement names who pays"));
  g_clear_error (&error);

  /* Whole numbers that do not add up to the total. */
  {
    g_autoptr(JsonObject) s = three_installments (f, "agreed");
    g_autoptr(JsonObject) r = NULL;
    json_object_set_int_member (s, "total_fen", 2600000);
    r = tj_settlement_set (f->store, &f->ctx, f->case_id, s, &error);
    g_assert_null (r);
    g_assert_error (error, TJ_ERROR, TJ_ERROR_INVALID);
    g_assert_nonnull (strstr (error->message, "installments: they add up to ¥27,000.00 but total_fen is ¥26,000.00"));
    g_clear_error (&error);
  }

  /* A worker does not pay the settlement. */
  {
    g_autoptr(JsonObject) s = three_installments (f, "agreed");
    g_autoptr(JsonObject) r = NULL;
    json_object_set_string_member (tj_json_get_object (s, "payer"), "party_id", f->w[0]);
    r = tj_settlement_set (f->store, &f->ctx, f->case_id, s, &error);
    g_assert_null (r);
    g_assert_error (error, TJ_ERROR, TJ_ERROR_INVALID);
    g_assert_nonnull (strstr (error->message, "payer.party_id"));
    g_clear_error (&error);
  }

  /* Nothing was written. */
  g_assert_null (tj_settlement_get (f->store, &f->ctx, f->case_id, &error));
  g_assert_error (error, TJ_ERROR, TJ_ERROR_NOT_FOUND);
}

static void
test_draft (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(JsonObject) draft = tj_test_object ("{\"status\":\"draft\",\"total_fen\":2700000,"
                                                "\"installments\":[{\"due_on\":\"2026-12-01\",\"amount_fen\":2700000}],"
                                                "\"terms\":[\"一次性支付\"],\"source_session_id\":\"s-1\"}");
  g_autoptr(JsonObject) agreed = three_installments (f, "agreed");
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) r1 = tj_settlement_set (f->store, &f->ctx, f->case_id, draft, &error);
  g_autoptr(JsonObject) shown = NULL;
  g_autoptr(JsonObject) paid = NULL;
  g_autoptr(JsonObject) r2 = NULL;

  g_assert_no_error (error);
  g_assert_cmpstr (tj_json_get_string (r1, "status", NULL), ==, "draft");
  shown = tj_settlement_get (f->store, &f->ctx, f->case_id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (tj_json_get_string (shown, "source_session_id", NULL), ==, "s-1");
  g_assert_cmpint (tj_json_get_int (tj_json_get_object (shown, "progress"), "overdue_installments", -1), ==, 0);

  /* No payments against a draft. */
  paid = pay (f, 0, f->w[0], 100, "2026-11-22", &error);
  g_assert_null (paid);
  g_assert_error (error, TJ_ERROR, TJ_ERROR_CONFLICT);
  g_clear_error (&error);

  /* The agreement replaces the draft: still one settlement document. */
  r2 = tj_settlement_set (f->store, &f->ctx, f->case_id, agreed, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (tj_json_get_string (r2, "id", NULL), ==, tj_json_get_string (r1, "id", NULL));
}

static JsonObject *
installment (JsonObject *settlement,
             guint       i)
{
  return json_array_get_object_element (tj_json_get_array (settlement, "installments"), i);
}

/* The story: a three-installment settlement, the first payment,
 * and the second installment becoming overdue when its date passes. */
static void
test_three_installments (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) p1 = NULL;
  g_autoptr(JsonObject) p2 = NULL;
  g_autoptr(JsonObject) s = NULL;
  g_autoptr(JsonArray) overdue = NULL;
  g_autoptr(JsonArray) timeline = NULL;
  JsonObject *progress, *next;

  settle_three (f, "agreed");

  p1 = pay (f, 0, f->w[0], 600000, "2026-11-22", &error);
  g_assert_no_error (error);
  g_assert_cmpint (tj_json_get_int (p1, "paid_fen", 0), ==, 600000);
  g_assert_false (tj_json_get_bool (p1, "all_paid", TRUE));
  /* The first payment means the agreement is being performed. */
  g_assert_cmpstr (case_status (f), ==, "performing");
  f->ctx.today = "2026-11-28";
  p2 = pay (f, 0, f->w[1], 400000, "2026-11-28", &error);
  g_assert_no_error (error);

  f->ctx.today = "2026-12-01";
  s = tj_settlement_get (f->store, &f->ctx, f->case_id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (tj_json_get_string (installment (s, 0), "state", NULL), ==, "paid");
  g_assert_cmpstr (tj_json_get_string (installment (s, 1), "state", NULL), ==, "due");
  progress = tj_json_get_object (s, "progress");
  g_assert_cmpint (tj_json_get_int (progress, "paid_fen", 0), ==, 1000000);
  g_assert_cmpint (tj_json_get_int (progress, "owed_fen", 0), ==, 1700000);
  g_assert_cmpint (tj_json_get_int (progress, "overdue_installments", -1), ==, 0);
  g_assert_cmpstr (tj_json_get_string (progress, "next_due_on", NULL), ==, "2026-12-15");
  g_assert_false (json_object_has_member (s, "next_steps"));
  g_assert_cmpuint (json_array_get_length (tj_json_get_array (s, "payments")), ==, 2);
  overdue = tj_arrears_overdue (f->store, f->ctx.today, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (json_array_get_length (overdue), ==, 0);
  g_clear_pointer (&overdue, json_array_unref);
  g_clear_pointer (&s, json_object_unref);

  /* 12-16: the second installment is overdue; a part payment does not
   * change that. */
  f->ctx.today = "2026-12-16";
  g_clear_pointer (&p1, json_object_unref);
  p1 = pay (f, 1, f->w[0], 200000, "2026-12-16", &error);
  g_assert_no_error (error);
  s = tj_settlement_get (f->store, &f->ctx, f->case_id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (tj_json_get_string (installment (s, 1), "state", NULL), ==, "overdue");
  g_assert_true (tj_json_get_bool (installment (s, 1), "overdue", FALSE));
  g_assert_cmpint (tj_json_get_int (installment (s, 1), "owed_fen", 0), ==, 800000);
  progress = tj_json_get_object (s, "progress");
  g_assert_cmpint (tj_json_get_int (progress, "overdue_installments", 0), ==, 1);
  g_assert_cmpint (tj_json_get_int (progress, "overdue_fen", 0), ==, 800000);
  g_assert_cmpstr (tj_json_get_string (progress, "next_due_on", NULL), ==, "2026-12-31");
  {
    JsonArray *workers = tj_json_get_array (s, "workers");
    JsonObject *zhang = json_array_get_object_element (workers, 0);
    g_assert_cmpstr (tj_json_get_string (zhang, "name", NULL), ==, "张三");
    g_assert_cmpint (tj_json_get_int (zhang, "allocated_fen", 0), ==, 1100000);
    g_assert_cmpint (tj_json_get_int (zhang, "paid_fen", 0), ==, 800000);
    g_assert_cmpint (tj_json_get_int (zhang, "overdue_fen", 0), ==, 300000);
  }
  next = json_array_get_object_element (tj_json_get_array (s, "next_steps"), 0);
  g_assert_cmpstr (tj_json_get_string (next, "kind", NULL), ==, "payment_order");

  overdue = tj_arrears_overdue (f->store, f->ctx.today, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (json_array_get_length (overdue), ==, 1);
  {
    JsonObject *o = json_array_get_object_element (overdue, 0);
    g_assert_cmpstr (tj_json_get_string (o, "case_id", NULL), ==, f->case_id);
    g_assert_cmpint (tj_json_get_int (o, "installment", -1), ==, 1);
    g_assert_cmpstr (tj_json_get_string (o, "due_on", NULL), ==, "2026-12-15");
    g_assert_cmpint (tj_json_get_int (o, "days_overdue", 0), ==, 1);
    g_assert_cmpint (tj_json_get_int (o, "amount_fen", 0), ==, 1000000);
    g_assert_cmpint (tj_json_get_int (o, "paid_fen", 0), ==, 200000);
    next = tj_json_get_object (o, "next_step");
    g_assert_cmpstr (tj_json_get_string (next, "kind", NULL), ==, "payment_order");
    g_assert_nonnull (strstr (tj_json_get_string (next, "basis", ""), "Art. 16"));
    g_assert_cmpstr (tj_json_get_string (json_array_get_object_element (tj_json_get_array (o, "alternatives"), 0),
                                         "kind", NULL), ==, "arbitration");
    g_assert_cmpstr (tj_json_get_string (json_array_get_object_element (tj_json_get_array (o, "alternatives"), 1),
                                         "kind", NULL), ==, "labour_inspection");
  }

  timeline = tj_case_timeline (f->store, f->case_id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (tj_json_get_string (json_array_get_object_element (timeline, 0), "kind", NULL), ==, "payment");
}

static void
test_overpayment_and_wrong_worker (Fixture       *f,
                                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) ok = NULL;
  g_autoptr(JsonObject) s = NULL;
  JsonObject *refused;

  settle_three (f, "agreed");
  ok = pay (f, 0, f->w[1], 300000, "2026-11-22", &error);
  g_assert_no_error (error);

  /* 王伟 is allocated ¥4,000 in installment 1 and has ¥3,000. */
  refused = pay (f, 0, f->w[1], 150000, "2026-11-22", &error);
  g_assert_null (refused);
  g_assert_error (error, TJ_ERROR, TJ_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "王伟"));
  g_assert_nonnull (strstr (error->message, "¥4,000.00"));
  g_assert_nonnull (strstr (error->message, "¥3,000.00"));
  g_assert_nonnull (strstr (error->message, "by ¥500.00"));
  g_clear_error (&error);

  /* 欧阳娜娜 has nothing in installment 1; the employer is no worker. */
  refused = pay (f, 0, f->w[2], 100, "2026-11-22", &error);
  g_assert_null (refused);
  g_assert_error (error, TJ_ERROR, TJ_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "wrong worker"));
  g_assert_nonnull (strstr (error->message, "欧阳娜娜"));
  g_clear_error (&error);
  refused = pay (f, 2, f->employer_id, 100, "2026-11-22", &error);
  g_assert_null (refused);
  g_assert_error (error, TJ_ERROR, TJ_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "is not a worker of this case"));
  g_clear_error (&error);

  /* No such installment; a date in the future; zero. */
  refused = pay (f, 3, f->w[0], 100, "2026-11-22", &error);
  g_assert_error (error, TJ_ERROR, TJ_ERROR_INVALID);
  g_clear_error (&error);
  refused = pay (f, 0, f->w[0], 100, "2026-11-23", &error);
  g_assert_error (error, TJ_ERROR, TJ_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "future"));
  g_clear_error (&error);
  refused = pay (f, 0, f->w[0], 0, "2026-11-22", &error);
  g_assert_error (error, TJ_ERROR, TJ_ERROR_INVALID);
  g_clear_error (&error);

  /* Only the one good payment was recorded. */
  s = tj_settlement_get (f->store, &f->ctx, f->case_id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (json_array_get_length (tj_json_get_array (s, "payments")), ==, 1);
  g_assert_cmpint (tj_json_get_int (tj_json_get_object (s, "progress"), "paid_fen", 0), ==, 300000);
}

static void
test_new_agreement (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(JsonObject) input = three_installments (f, "agreed");
  g_autoptr(JsonObject) draft = three_installments (f, "draft");
  g_autoptr(JsonObject) smaller = three_installments (f, "agreed");
  g_autoptr(JsonObject) later = three_installments (f, "agreed");
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) set = tj_settlement_set (f->store, &f->ctx, f->case_id, input, &error);
  g_autoptr(JsonObject) p = NULL;
  g_autoptr(JsonObject) r = NULL;
  g_autoptr(JsonObject) s = NULL;

  g_assert_no_error (error);
  p = pay (f, 0, f->w[0], 600000, "2026-11-22", &error);
  g_assert_no_error (error);

  /* Paid under an agreement: no going back to a draft. */
  r = tj_settlement_set (f->store, &f->ctx, f->case_id, draft, &error);
  g_assert_null (r);
  g_assert_error (error, TJ_ERROR, TJ_ERROR_CONFLICT);
  g_clear_error (&error);

  /* A new agreement that gives 张三 less than he was already paid. */
  {
    JsonObject *a = json_array_get_object_element (tj_json_get_array (installment (smaller, 0), "allocations"), 0);
    JsonObject *b = json_array_get_object_element (tj_json_get_array (installment (smaller, 0), "allocations"), 1);
    json_object_set_int_member (a, "amount_fen", 500000);
    json_object_set_int_member (b, "amount_fen", 500000);
  }
  r = tj_settlement_set (f->store, &f->ctx, f->case_id, smaller, &error);
  g_assert_null (r);
  g_assert_error (error, TJ_ERROR, TJ_ERROR_CONFLICT);
  g_assert_nonnull (strstr (error->message, "张三"));
  g_clear_error (&error);

  /* A new agreement that moves the last installment is fine. */
  json_object_set_string_member (installment (later, 2), "due_on", "2027-01-31");
  r = tj_settlement_set (f->store, &f->ctx, f->case_id, later, &error);
  g_assert_no_error (error);
  s = tj_settlement_get (f->store, &f->ctx, f->case_id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (tj_json_get_string (installment (s, 2), "due_on", NULL), ==, "2027-01-31");
  g_assert_cmpint (tj_json_get_int (tj_json_get_object (s, "progress"), "paid_fen", 0), ==, 600000);
}

static void
test_receipt_and_all_paid (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(JsonObject) input = tj_test_object ("{\"status\":\"agreed\",\"total_fen\":150000,"
                                                "\"payer\":{\"name\":\"华建劳务有限公司\"},\"method\":\"cash\","
                                                "\"installments\":[]}");
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) set = NULL;
  g_autoptr(JsonObject) payment = NULL;
  g_autoptr(JsonObject) result = NULL;
  g_autoptr(JsonObject) s = NULL;
  g_autoptr(GBytes) photo = NULL;
  g_autofree char *content_type = NULL;
  g_autofree char *b64 = g_base64_encode ((const guchar *) "\x89PNG\r\n\x1a\nreceipt", 15);
  g_autofree char *json = NULL;
  JsonArray *installments = json_array_new ();
  JsonObject *inst = json_object_new ();
  JsonArray *allocs = json_array_new ();
  JsonObject *alloc = json_object_new ();

  json_object_set_string_member (alloc, "worker_id", f->w[2]);
  json_object_set_int_member (alloc, "amount_fen", 150000);
  json_array_add_object_element (allocs, alloc);
  json_object_set_string_member (inst, "due_on", "2026-11-30");
  json_object_set_int_member (inst, "amount_fen", 150000);
  json_object_set_array_member (inst, "allocations", allocs);
  json_array_add_object_element (installments, inst);
  json_object_set_array_member (input, "installments", installments);
  set = tj_settlement_set (f->store, &f->ctx, f->case_id, input, &error);
  g_assert_no_error (error);

  json = g_strdup_printf ("{\"installment\":0,\"worker_id\":\"%s\",\"amount_fen\":150000,\"paid_on\":\"2026-11-21\","
                          "\"receipt\":{\"content_type\":\"image/png\",\"data\":\"%s\","
                          "\"filename\":\"收条.png\"}}", f->w[2], b64);
  payment = tj_test_object (json);
  result = tj_payment_add (f->store, &f->ctx, f->case_id, payment, &error);
  g_assert_no_error (error);
  g_assert_true (tj_json_get_bool (result, "all_paid", FALSE));
  g_assert_cmpstr (tj_json_get_string (result, "suggested_status", NULL), ==, "closed");
  photo = tj_store_get_attachment (f->store, tj_json_get_string (result, "id", ""), NULL, "收条.png",
                                   &content_type, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (content_type, ==, "image/png");
  g_assert_cmpuint (g_bytes_get_size (photo), ==, 15);

  s = tj_settlement_get (f->store, &f->ctx, f->case_id, &error);
  g_assert_no_error (error);
  g_assert_true (tj_json_get_bool (tj_json_get_object (s, "progress"), "all_paid", FALSE));
  g_assert_cmpstr (tj_json_get_string (s, "suggested_status", NULL), ==, "closed");
  g_assert_cmpstr (tj_json_get_string (json_array_get_object_element (tj_json_get_array (s, "payments"), 0),
                                       "receipt", NULL), ==, "收条.png");
  /* No method given: the settlement's. */
  g_assert_cmpstr (tj_json_get_string (json_array_get_object_element (tj_json_get_array (s, "payments"), 0),
                                       "method", NULL), ==, "cash");
}

static JsonObject *
row_of (JsonObject *list,
        const char *case_id)
{
  JsonArray *cases = tj_json_get_array (list, "cases");
  for (guint i = 0; i < json_array_get_length (cases); i++)
    if (g_strcmp0 (tj_json_get_string (json_array_get_object_element (cases, i), "id", NULL), case_id) == 0)
      return json_array_get_object_element (cases, i);
  return NULL;
}

static void
test_arrears_list (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) p = NULL;
  g_autoptr(JsonObject) list = NULL;
  g_autoptr(JsonObject) by_due = NULL;
  g_autofree char *second = NULL;
  g_autofree char *closed = NULL;
  g_autofree char *other = NULL;
  JsonObject *row, *totals;

  settle_three (f, "agreed");
  p = pay (f, 0, f->w[0], 600000, "2026-11-22", &error);
  g_assert_no_error (error);

  /* A second arrears case without a settlement (¥50,000 owed, 2 workers),
   * a withdrawn one, and a compensation case owing nothing: only the
   * first two are open arrears. */
  add_cases_beside (f, "{\"name\":\"甲\",\"owed_fen\":3000000},{\"name\":\"乙\",\"owed_fen\":2000000}",
                    &second, &closed, &other);

  f->ctx.today = "2026-12-16";
  list = tj_arrears_list (f->store, "owed", f->ctx.today, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (json_array_get_length (tj_json_get_array (list, "cases")), ==, 2);
  g_assert_null (row_of (list, closed));
  g_assert_null (row_of (list, other));
  /* Sorted by the amount owed: 北区 (¥50,000) before 城南 (¥27,000). */
  g_assert_cmpstr (tj_json_get_string (json_array_get_object_element (tj_json_get_array (list, "cases"), 0), "id",
                                       NULL), ==, second);

  row = row_of (list, f->case_id);
  g_assert_cmpint (tj_json_get_int (row, "owed_fen", 0), ==, 2700000);
  g_assert_cmpint (tj_json_get_int (row, "agreed_fen", 0), ==, 2700000);
  g_assert_cmpint (tj_json_get_int (row, "paid_fen", 0), ==, 600000);
  g_assert_cmpint (tj_json_get_int (row, "outstanding_fen", 0), ==, 2100000);
  /* Installment 1 owes ¥4,000 (王伟), installment 2 ¥10,000. */
  g_assert_cmpint (tj_json_get_int (row, "overdue_fen", 0), ==, 1400000);
  g_assert_cmpint (tj_json_get_int (row, "overdue_installments", 0), ==, 2);
  g_assert_cmpstr (tj_json_get_string (row, "next_due_on", NULL), ==, "2026-12-31");
  g_assert_cmpint (tj_json_get_int (row, "workers", 0), ==, 3);
  row = row_of (list, second);
  g_assert_true (json_node_is_null (json_object_get_member (row, "settlement_status")));
  g_assert_cmpint (tj_json_get_int (row, "outstanding_fen", 0), ==, 5000000);

  totals = tj_json_get_object (list, "totals");
  g_assert_cmpint (tj_json_get_int (totals, "cases", 0), ==, 2);
  g_assert_cmpint (tj_json_get_int (totals, "workers", 0), ==, 5);
  g_assert_cmpint (tj_json_get_int (totals, "workers_owed", 0), ==, 5);
  g_assert_cmpint (tj_json_get_int (totals, "owed_fen", 0), ==, 7700000);
  g_assert_cmpint (tj_json_get_int (totals, "agreed_fen", 0), ==, 2700000);
  g_assert_cmpint (tj_json_get_int (totals, "paid_fen", 0), ==, 600000);
  g_assert_cmpint (tj_json_get_int (totals, "outstanding_fen", 0), ==, 7100000);
  g_assert_cmpint (tj_json_get_int (totals, "overdue_fen", 0), ==, 1400000);
  g_assert_cmpint (tj_json_get_int (totals, "overdue_installments", 0), ==, 2);

  /* By due date and by overdue amount, the case with a schedule first. */
  by_due = tj_arrears_list (f->store, "due", f->ctx.today, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (tj_json_get_string (json_array_get_object_element (tj_json_get_array (by_due, "cases"), 0), "id",
                                       NULL), ==, f->case_id);
  g_clear_pointer (&by_due, json_object_unref);
  by_due = tj_arrears_list (f->store, "overdue", f->ctx.today, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (tj_json_get_string (json_array_get_object_element (tj_json_get_array (by_due, "cases"), 0), "id",
                                       NULL), ==, f->case_id);
  g_assert_null (tj_arrears_list (f->store, "name", f->ctx.today, &error));
  g_assert_error (error, TJ_ERROR, TJ_ERROR_INVALID);
}

/* The overview as it was computed before it was read a page at a time
 * (issue 15): subqueries per case over the installments. Kept here as the
 * reference the new query's rows and totals must equal. */
static JsonObject *
old_arrears_list (TjStore    *store,
                  const char *sort,
                  const char *today)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *sql = NULL;
  const char *order;
  sqlite3_stmt *st;
  JsonObject *out, *totals;
  JsonArray *cases;
  gint64 t[8] = { 0 };

  if (g_str_equal (sort, "owed"))
    order = "ci.owed_fen DESC, outstanding DESC, ci.received_on DESC, ci.id";
  else if (g_str_equal (sort, "overdue"))
    order = "overdue DESC, first_unpaid IS NULL, first_unpaid, ci.owed_fen DESC, ci.id";
  else
    order = "first_unpaid IS NULL, first_unpaid, overdue DESC, ci.owed_fen DESC, ci.id";
  sql = g_strdup_printf (
    "WITH inst AS ("
    "  SELECT i.case_id, i.settlement_id, i.idx, i.due_on, i.amount_fen,"
    "         COALESCE((SELECT SUM(p.amount_fen) FROM payment_index p"
    "                   WHERE p.settlement_id = i.settlement_id AND p.installment = i.idx), 0) AS paid"
    "  FROM installment_index i JOIN settlement_index s ON s.id = i.settlement_id"
    "  WHERE s.status = 'agreed'),"
    " sett AS (SELECT case_id, MIN(status) AS status,"
    "          SUM(CASE WHEN status = 'agreed' THEN total_fen ELSE 0 END) AS agreed"
    "          FROM settlement_index GROUP BY case_id),"
    " rows AS ("
    "  SELECT ci.id, ci.number, ci.title, ci.status, ci.kind, ci.employer, ci.workers, ci.owed_fen,"
    "         ci.received_on, s.status AS sstatus, COALESCE(s.agreed, 0) AS agreed,"
    "         COALESCE((SELECT SUM(amount_fen) FROM payment_index p WHERE p.case_id = ci.id), 0) AS paid,"
    "         COALESCE((SELECT SUM(amount_fen - paid) FROM inst WHERE inst.case_id = ci.id"
    "                   AND inst.due_on < :today AND paid < amount_fen), 0) AS overdue,"
    "         (SELECT COUNT(*) FROM inst WHERE inst.case_id = ci.id"
    "          AND inst.due_on < :today AND paid < amount_fen) AS n_overdue,"
    "         (SELECT MIN(due_on) FROM inst WHERE inst.case_id = ci.id"
    "          AND inst.due_on >= :today AND paid < amount_fen) AS next_due,"
    "         (SELECT MIN(due_on) FROM inst WHERE inst.case_id = ci.id AND paid < amount_fen) AS first_unpaid,"
    "         (SELECT COUNT(*) FROM case_people cp WHERE cp.case_id = ci.id AND cp.role = 'worker'"
    "          AND cp.owed_fen > 0) AS workers_owed"
    "  FROM case_index ci LEFT JOIN sett s ON s.case_id = ci.id"
    "  WHERE ci.status NOT IN ('closed', 'withdrawn') AND (ci.kind = 'wage_arrears' OR ci.owed_fen > 0))"
    " SELECT id, number, title, status, kind, employer, workers, owed_fen, sstatus, agreed, paid,"
    "        MAX((CASE WHEN sstatus = 'agreed' THEN agreed ELSE owed_fen END) - paid, 0) AS outstanding,"
    "        overdue, n_overdue, next_due, first_unpaid, workers_owed"
    " FROM rows ci ORDER BY %s", order);
  st = tj_store_prepare (store, sql, &error);
  g_assert_no_error (error);
  sqlite3_bind_text (st, sqlite3_bind_parameter_index (st, ":today"), today, -1, SQLITE_STATIC);
  cases = json_array_new ();
  while (sqlite3_step (st) == SQLITE_ROW)
    {
      JsonObject *row = json_object_new ();
      static const char * const text_cols[] = { "id", "number", "title", "status", "kind", "employer" };

      for (guint c = 0; c < G_N_ELEMENTS (text_cols); c++)
        json_object_set_string_member (row, text_cols[c], tj_store_column_text (st, c));
      json_object_set_int_member (row, "workers", sqlite3_column_int64 (st, 6));
      json_object_set_int_member (row, "workers_owed", sqlite3_column_int64 (st, 16));
      json_object_set_int_member (row, "owed_fen", sqlite3_column_int64 (st, 7));
      if (sqlite3_column_type (st, 8) == SQLITE_NULL)
        json_object_set_null_member (row, "settlement_status");
      else
        json_object_set_string_member (row, "settlement_status", tj_store_column_text (st, 8));
      json_object_set_int_member (row, "agreed_fen", sqlite3_column_int64 (st, 9));
      json_object_set_int_member (row, "paid_fen", sqlite3_column_int64 (st, 10));
      json_object_set_int_member (row, "outstanding_fen", sqlite3_column_int64 (st, 11));
      json_object_set_int_member (row, "overdue_fen", sqlite3_column_int64 (st, 12));
      json_object_set_int_member (row, "overdue_installments", sqlite3_column_int64 (st, 13));
      if (sqlite3_column_type (st, 14) == SQLITE_NULL)
        json_object_set_null_member (row, "next_due_on");
      else
        json_object_set_string_member (row, "next_due_on", tj_store_column_text (st, 14));
      t[0] += sqlite3_column_int64 (st, 6);
      t[1] += sqlite3_column_int64 (st, 16);
      t[2] += sqlite3_column_int64 (st, 7);
      t[3] += sqlite3_column_int64 (st, 9);
      t[4] += sqlite3_column_int64 (st, 10);
      t[5] += sqlite3_column_int64 (st, 11);
      t[6] += sqlite3_column_int64 (st, 12);
      t[7] += sqlite3_column_int64 (st, 13);
      json_array_add_object_element (cases, row);
    }
  g_assert_cmpint (sqlite3_finalize (st), ==, SQLITE_OK);

  out = json_object_new ();
  json_object_set_string_member (out, "today", today);
  totals = json_object_new ();
  json_object_set_int_member (totals, "cases", json_array_get_length (cases));
  json_object_set_int_member (totals, "workers", t[0]);
  json_object_set_int_member (totals, "workers_owed", t[1]);
  json_object_set_int_member (totals, "owed_fen", t[2]);
  json_object_set_int_member (totals, "agreed_fen", t[3]);
  json_object_set_int_member (totals, "paid_fen", t[4]);
  json_object_set_int_member (totals, "outstanding_fen", t[5]);
  json_object_set_int_member (totals, "overdue_fen", t[6]);
  json_object_set_int_member (totals, "overdue_installments", t[7]);
  json_object_set_array_member (out, "cases", cases);
  json_object_set_object_member (out, "totals", totals);
  return out;
}

static void
assert_same_json (JsonNode *a,
                  JsonNode *b)
{
  if (!json_node_equal (a, b))
    {
      g_autofree char *ta = json_to_string (a, TRUE);
      g_autofree char *tb = json_to_string (b, TRUE);
      g_assert_cmpstr (ta, ==, tb);
    }
}

/* The overview read in one pass per table (issue 15) gives, row for row
 * and in the same order, what the subqueries per case gave, with the same
 * totals, on several days and in every order; a page of it is that slice. */
static void
test_arrears_query (Fixture       *f,
                    gconstpointer  data)
{
  static const char * const sorts[] = { "owed", "overdue", "due" };
  static const char * const days[] = { "2026-11-22", "2026-12-01", "2026-12-16", "2027-01-05" };
  g_autoptr(GError) error = NULL;
  g_autofree char *withdrawn = NULL;
  g_autofree char *other = NULL;
  g_autofree char *unsettled = NULL;

  /* The fixture's case: agreed, the first installment partly paid, the
   * second in full. */
  settle_three (f, "agreed");
  pay_ok (f, 0, f->w[0], 600000, "2026-11-22");
  pay_ok (f, 1, f->w[0], 500000, "2026-11-22");
  pay_ok (f, 1, f->w[1], 500000, "2026-11-22");

  /* A second agreed case, one payment on its last installment. */
  switch_to_new_case (f, "agreed");
  settle_three (f, "agreed");
  pay_ok (f, 2, f->w[2], 100000, "2026-11-22");

  /* A draft settlement: nothing agreed, the amount owed outstanding. */
  switch_to_new_case (f, "mediating");
  settle_three (f, "draft");

  /* Without a settlement, withdrawn, and a case of another kind owing
   * nothing. */
  add_cases_beside (f, "{\"name\":\"甲\",\"owed_fen\":3000000},{\"name\":\"乙\"}",
                    &unsettled, &withdrawn, &other);

  for (guint d = 0; d < G_N_ELEMENTS (days); d++)
    for (guint s = 0; s < G_N_ELEMENTS (sorts); s++)
      {
        g_autoptr(JsonObject) old = old_arrears_list (f->store, sorts[s], days[d]);
        g_autoptr(JsonObject) now = tj_arrears_list (f->store, sorts[s], days[d], &error);
        g_autoptr(JsonObject) totals = NULL;
        g_autoptr(JsonArray) page = NULL;
        g_autoptr(JsonNode) old_node = NULL;
        g_autoptr(JsonNode) now_node = NULL;
        g_autoptr(JsonNode) totals_node = NULL;
        g_autoptr(JsonNode) old_totals = NULL;
        JsonArray *old_cases = tj_json_get_array (old, "cases");

        g_assert_no_error (error);
        /* The fixture is what it says: four open cases, some overdue. */
        g_assert_cmpuint (json_array_get_length (old_cases), ==, 4);
        old_node = json_node_init_object (json_node_alloc (), old);
        now_node = json_node_init_object (json_node_alloc (), now);
        assert_same_json (old_node, now_node);

        totals = tj_arrears_totals (f->store, days[d], &error);
        g_assert_no_error (error);
        totals_node = json_node_init_object (json_node_alloc (), totals);
        old_totals = json_node_init_object (json_node_alloc (), tj_json_get_object (old, "totals"));
        assert_same_json (old_totals, totals_node);

        page = tj_arrears_cases_page (f->store, sorts[s], days[d], 1, 2, &error);
        g_assert_no_error (error);
        g_assert_cmpuint (json_array_get_length (page), ==, 2);
        for (guint i = 0; i < 2; i++)
          {
            g_autoptr(JsonNode) a = json_node_init_object (json_node_alloc (),
                                                           json_array_get_object_element (old_cases, i + 1));
            g_autoptr(JsonNode) b = json_node_init_object (json_node_alloc (),
                                                           json_array_get_object_element (page, i));
            assert_same_json (a, b);
          }
      }
  {
    g_autoptr(JsonObject) late = old_arrears_list (f->store, "overdue", "2027-01-05");
    JsonObject *t = tj_json_get_object (late, "totals");

    /* Overdue on more than one case, and a payment on more than one. */
    g_assert_cmpint (tj_json_get_int (t, "overdue_installments", 0), ==, 5);
    g_assert_cmpint (tj_json_get_int (t, "paid_fen", 0), ==, 1700000);
  }
  g_assert_null (tj_arrears_cases_page (f->store, "name", NULL, 0, 10, &error));
  g_assert_error (error, TJ_ERROR, TJ_ERROR_INVALID);
}

/* The arrears tables are derived: a store reopened (and an index rebuilt
 * from scratch) gives the same answers. */
static void
test_index_rebuild (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) p = NULL;
  g_autoptr(JsonObject) list = NULL;
  char *msg = NULL;

  settle_three (f, "agreed");
  p = pay (f, 0, f->w[0], 600000, "2026-11-22", &error);
  g_assert_no_error (error);
  g_assert_cmpint (sqlite3_exec (tj_store_get_sqlite (f->store),
                                 "DELETE FROM payment_index; DELETE FROM settlement_index;"
                                 " DELETE FROM installment_index;"
                                 " UPDATE indexers SET version = 0 WHERE name = 'arrears'", NULL, NULL, &msg),
                   ==, SQLITE_OK);
  g_clear_object (&f->store);
  f->store = tj_store_open (f->path, &error);
  g_assert_no_error (error);
  list = tj_arrears_list (f->store, NULL, "2026-12-16", &error);
  g_assert_no_error (error);
  g_assert_cmpint (tj_json_get_int (tj_json_get_object (list, "totals"), "paid_fen", 0), ==, 600000);
  g_assert_cmpint (tj_json_get_int (tj_json_get_object (list, "totals"), "overdue_fen", 0), ==, 1400000);
}

/* ------------------------------------------------------------------ */
/* The CLI, as scripts use it                                           */

/* tiaojie-cli with the database in $TIAOJIE_DB, @text on stdin. */
#define run_cli(path, day, text, out_json, out_err, ...) \
  tj_test_cli (&(TjTestCli) { .today = (day), .input = (text), .env = (const char *[]) { "TIAOJIE_DB", (path), NULL } }, \
               out_json, out_err, __VA_ARGS__)

static void
test_cli (Fixture       *f,
          gconstpointer  data)
{
  const char *cli = tj_test_cli_path ();
  g_autofree char *db = g_build_filename (f->dir, "cli.db", NULL);
  g_autofree char *roster = g_build_filename (f->dir, "roster.csv", NULL);
  g_autofree char *receipt = g_build_filename (f->dir, "收条.png", NULL);
  g_autofree char *err = NULL;
  g_autofree char *settlement = NULL;
  g_autofree char *payment = NULL;
  g_autoptr(JsonNode) out = NULL;
  const char *case_id;
  g_autofree char *case_copy = NULL;
  JsonArray *workers;
  g_autofree char *w0 = NULL;
  const char *w1;
  int status;

  if (cli == NULL)
    {
      g_test_skip ("tiaojie-cli is not built next to the tests");
      return;
    }
  g_assert_cmpint (run_cli (db, "2026-11-22", case_json, &out, NULL, "case", "add", "--json", "-", NULL), ==, 0);
  case_copy = g_strdup (tj_json_get_string (json_node_get_object (out), "id", NULL));
  case_id = case_copy;
  g_clear_pointer (&out, json_node_unref);

  /* A bad roster: the dry run prints the preview and exits 2; the import
   * says which rows, on one line, and writes nothing. */
  g_assert_true (g_file_set_contents (roster,
                                      "工资表\n姓名,身份证号,欠薪金额\n李四,110105198503120013,很多\n赵六,,5000\n", -1, NULL));
  status = run_cli (db, "2026-11-22", "", &out, &err, "roster", "import", "--case", case_id, roster, "--dry-run", NULL);
  g_assert_cmpint (status, ==, 2);
  g_assert_cmpuint (json_array_get_length (tj_json_get_array (json_node_get_object (out), "errors")), ==, 2);
  g_clear_pointer (&out, json_node_unref);
  g_clear_pointer (&err, g_free);
  status = run_cli (db, "2026-11-22", "", &out, &err, "roster", "import", "--case", case_id, roster, NULL);
  g_assert_cmpint (status, ==, 2);
  g_assert_null (out);
  g_assert_nonnull (strstr (err, "Row 3, 身份证号"));
  g_assert_nonnull (strstr (err, "Row 3, 欠薪金额"));
  g_assert_cmpint (strchr (err, '\n') - err, ==, (int) strlen (err) - 1);
  g_clear_pointer (&err, g_free);

  g_assert_true (g_file_set_contents (roster, "工资表\n姓名,身份证号,欠薪金额\n赵六,,5000\n", -1, NULL));
  g_assert_cmpint (run_cli (db, "2026-11-22", "", &out, NULL, "roster", "import", "--case", case_id, roster, NULL),
                   ==, 0);
  g_assert_cmpint (tj_json_get_int (json_node_get_object (out), "imported", 0), ==, 1);
  g_clear_pointer (&out, json_node_unref);

  g_assert_cmpint (run_cli (db, "2026-11-22", "", &out, NULL, "case", "show", case_id, NULL), ==, 0);
  workers = tj_json_get_array (json_node_get_object (out), "workers");
  g_assert_cmpuint (json_array_get_length (workers), ==, 4);
  w0 = g_strdup (tj_json_get_string (json_array_get_object_element (workers, 0), "id", NULL));
  w1 = tj_json_get_string (json_array_get_object_element (workers, 3), "id", NULL);
  settlement = g_strdup_printf ("{\"status\":\"agreed\",\"total_fen\":800000,\"payer\":{\"name\":\"华建劳务有限公司\"},"
                                "\"method\":\"cash\",\"installments\":["
                                "{\"due_on\":\"2026-11-30\",\"amount_fen\":300000,\"allocations\":[{\"worker_id\":\"%s\",\"amount_fen\":300000}]},"
                                "{\"due_on\":\"2026-12-15\",\"amount_fen\":500000,\"allocations\":[{\"worker_id\":\"%s\",\"amount_fen\":500000}]}]}",
                                w0, w1);
  payment = g_strdup_printf ("{\"installment\":0,\"worker_id\":\"%s\",\"amount_fen\":400000,\"paid_on\":\"2026-11-22\"}", w0);
  g_clear_pointer (&out, json_node_unref);

  g_assert_cmpint (run_cli (db, "2026-11-22", settlement, &out, NULL, "settlement", "set", "--case", case_id,
                            "--json", "-", NULL), ==, 0);
  g_clear_pointer (&out, json_node_unref);
  /* Overpayment: exit 2, nothing recorded; then the right amount. */
  g_assert_cmpint (run_cli (db, "2026-11-22", payment, &out, &err, "payment", "add", "--case", case_id,
                            "--json", "-", NULL), ==, 2);
  g_assert_nonnull (strstr (err, "Overpayment"));
  g_clear_pointer (&err, g_free);
  g_free (payment);
  payment = g_strdup_printf ("{\"installment\":0,\"worker_id\":\"%s\",\"amount_fen\":300000,\"paid_on\":\"2026-11-22\"}", w0);
  g_assert_true (g_file_set_contents (receipt, "\x89PNG\r\n\x1a\n-receipt-", 17, NULL));
  g_assert_cmpint (run_cli (db, "2026-11-22", payment, &out, NULL, "payment", "add", "--case", case_id,
                            "--json", "-", "--receipt", receipt, NULL), ==, 0);
  g_assert_cmpint (tj_json_get_int (json_node_get_object (out), "owed_fen", 0), ==, 500000);
  g_clear_pointer (&out, json_node_unref);
  /* The photo is kept with the payment, under its file name. */
  g_assert_cmpint (run_cli (db, "2026-11-22", "", &out, NULL, "settlement", "show", "--case", case_id, NULL), ==, 0);
  g_assert_cmpstr (tj_json_get_string (json_array_get_object_element (tj_json_get_array (json_node_get_object (out),
                                                                                         "payments"), 0),
                                       "receipt", NULL), ==, "收条.png");
  g_clear_pointer (&out, json_node_unref);

  /* After 12-15 the second installment is overdue. */
  g_assert_cmpint (run_cli (db, "2026-12-20", "", &out, NULL, "arrears", "overdue", NULL), ==, 0);
  g_assert_true (JSON_NODE_HOLDS_ARRAY (out));
  g_assert_cmpuint (json_array_get_length (json_node_get_array (out)), ==, 1);
  g_assert_cmpint (tj_json_get_int (json_array_get_object_element (json_node_get_array (out), 0), "installment", -1),
                   ==, 1);
  g_clear_pointer (&out, json_node_unref);
  g_assert_cmpint (run_cli (db, "2026-12-20", "", &out, NULL, "arrears", "list", "--sort", "overdue", NULL), ==, 0);
  g_assert_cmpint (tj_json_get_int (tj_json_get_object (json_node_get_object (out), "totals"), "overdue_fen", 0),
                   ==, 500000);
  g_clear_pointer (&out, json_node_unref);
  g_assert_cmpint (run_cli (db, "2026-12-20", "", &out, NULL, "settlement", "show", "--case", case_id, NULL), ==, 0);
  g_assert_cmpint (tj_json_get_int (tj_json_get_object (json_node_get_object (out), "progress"),
                                    "overdue_installments", 0), ==, 1);
  g_clear_pointer (&out, json_node_unref);

  /* Usage errors and an unknown case. */
  g_assert_cmpint (run_cli (db, "2026-12-20", "", NULL, NULL, "arrears", "list", "--sort", "name", NULL), ==, 1);
  g_assert_cmpint (run_cli (db, "2026-12-20", "", NULL, NULL, "roster", "import", roster, NULL), ==, 1);
  g_assert_cmpint (run_cli (db, "2026-12-20", "", NULL, NULL, "settlement", "show", "--case", "nope", NULL), ==, 3);
}

static void
test_next_steps (void)
{
  g_autoptr(JsonArray) wages = tj_arrears_next_steps ("wage_arrears");
  g_autoptr(JsonArray) insurance = tj_arrears_next_steps ("social_insurance");
  g_autoptr(JsonArray) compensation = tj_arrears_next_steps ("compensation");

  g_assert_cmpuint (json_array_get_length (wages), ==, 3);
  g_assert_cmpstr (tj_json_get_string (json_array_get_object_element (wages, 0), "kind", NULL), ==, "payment_order");
  /* Social insurance is not labour remuneration: no payment order. */
  g_assert_cmpuint (json_array_get_length (insurance), ==, 1);
  g_assert_cmpstr (tj_json_get_string (json_array_get_object_element (insurance, 0), "kind", NULL), ==, "arbitration");
  g_assert_nonnull (strstr (tj_json_get_string (json_array_get_object_element (insurance, 0), "basis", ""),
                            "Art. 15"));
  /* Economic compensation: payment order and arbitration, not inspection. */
  g_assert_cmpuint (json_array_get_length (compensation), ==, 2);
  g_assert_cmpstr (tj_json_get_string (json_array_get_object_element (compensation, 1), "kind", NULL), ==,
                   "arbitration");
}

int
main (int    argc,
      char **argv)
{
  tj_test_pin_today ("2026-11-22");
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/settlement/next-steps", test_next_steps);
#define ADD(path, func) g_test_add ("/settlement/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("sums-validation", test_sums_validation);
  ADD ("draft", test_draft);
  ADD ("three-installments", test_three_installments);
  ADD ("overpayment-and-wrong-worker", test_overpayment_and_wrong_worker);
  ADD ("new-agreement", test_new_agreement);
  ADD ("receipt-and-all-paid", test_receipt_and_all_paid);
  ADD ("arrears-list", test_arrears_list);
  ADD ("arrears-query", test_arrears_query);
  ADD ("index-rebuild", test_index_rebuild);
  ADD ("cli", test_cli);
#undef ADD
  return g_test_run ();
}
