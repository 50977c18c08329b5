/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Payments in batches (issue 16): a 75-worker installment paid in one
 * action, and the banks' batch-payment files (ICBC-style CSV in GBK,
 * CCB-style .xlsx) matched to the workers, all or nothing, every bad row
 * named. The fixtures come from tests/fixtures/bank-75-generate.py. */

#include <glib/gstdio.h>
#include <string.h>

#include "tj-arrears.h"
#include "tj-bank-import.h"
#include "tj-case.h"
#include "tj-json.h"
#include "tj-roster.h"
#include "tj-settlement.h"
#include "tj-test-cli.h"
#include "tj-test-store.h"
#include "tj-test-util.h"

typedef struct {
  char          *dir;
  char          *path;
  TjStore       *store;
  TjCaseContext  ctx;
  char          *case_id;
  JsonArray     *workers;      /* of tj_case_show() */
  gint64         total;
} Fixture;

static char *
fixture_file (const char *name,
              gsize      *length)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "fixtures", name, NULL);
  g_autoptr(GError) error = NULL;
  char *data = NULL;

  g_assert_true (g_file_get_contents (path, &data, length, &error));
  g_assert_no_error (error);
  return data;
}

static guint
n_payments (Fixture *f)
{
  g_autoptr(JsonObject) s = tj_settlement_get (f->store, &f->ctx, f->case_id, NULL);
  g_assert_nonnull (s);
  return json_array_get_length (tj_json_get_array (s, "payments"));
}

static guint
n_events (Fixture *f)
{
  g_autoptr(JsonArray) events = tj_case_timeline (f->store, f->case_id, NULL);
  return json_array_get_length (events);
}

static const char *
worker_id (Fixture *f,
           guint    i)
{
  return tj_json_get_string (json_array_get_object_element (f->workers, i), "id", NULL);
}

/* The 75 workers, agreed in two equal installments (due 11-30, 12-15). */
static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *json = fixture_file ("bank-75-case.json", NULL);
  g_autoptr(JsonObject) input = tj_test_object (json);
  g_autoptr(JsonObject) added = NULL;
  g_autoptr(JsonObject) doc = NULL;

  f->store = tj_test_store_open_tmp ("tj-batch-XXXXXX", "b.db", &f->dir, &f->path);
  g_assert_true (tj_arrears_attach (f->store, &error));
  tj_case_context_init_defaults (&f->ctx);
  f->ctx.actor = "调解员甲";
  f->ctx.today = "2026-12-20";
  added = tj_case_add (f->store, &f->ctx, input, &error);
  g_assert_no_error (error);
  f->case_id = g_strdup (tj_json_get_string (added, "id", NULL));
  doc = tj_case_show (f->store, &f->ctx, f->case_id, &error);
  g_assert_no_error (error);
  f->workers = json_array_ref (tj_json_get_array (doc, "workers"));
  g_assert_cmpuint (json_array_get_length (f->workers), ==, 75);

  f->total = tj_test_settle_halves (f->store, &f->ctx, f->case_id, "2026-11-30", "2026-12-15", "test");
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  tj_test_store_close (&f->store, &f->dir, &f->path);
  g_free (f->case_id);
  g_clear_pointer (&f->workers, json_array_unref);
}

/* ------------------------------------------------------------------ */
/* A whole installment                                                  */

static void
test_installment_in_one_action (Fixture       *f,
                                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) all = tj_test_object ("{\"installment\":0,\"paid_on\":\"2026-11-28\",\"reference\":\"DF20261128001\"}");
  g_autoptr(JsonObject) out = NULL;
  g_autoptr(JsonObject) s = NULL;
  g_autoptr(JsonArray) events = NULL;
  g_autoptr(JsonObject) shown = NULL;
  JsonObject *inst, *e;
  guint before = n_events (f);

  out = tj_payment_add_installment (f->store, &f->ctx, f->case_id, all, &error);
  g_assert_no_error (error);
  g_assert_cmpint (tj_json_get_int (out, "payments", 0), ==, 75);
  g_assert_cmpuint (json_array_get_length (tj_json_get_array (out, "ids")), ==, 75);
  g_assert_cmpint (tj_json_get_int (out, "amount_fen", 0), ==, f->total / 2);
  g_assert_cmpint (tj_json_get_int (out, "owed_fen", 0), ==, f->total / 2);
  g_assert_false (tj_json_get_bool (out, "all_paid", TRUE));

  s = tj_settlement_get (f->store, &f->ctx, f->case_id, &error);
  g_assert_no_error (error);
  inst = json_array_get_object_element (tj_json_get_array (s, "installments"), 0);
  g_assert_cmpstr (tj_json_get_string (inst, "state", NULL), ==, "paid");
  g_assert_cmpuint (json_array_get_length (tj_json_get_array (s, "payments")), ==, 75);
  g_assert_cmpstr (tj_json_get_string (json_array_get_object_element (tj_json_get_array (s, "payments"), 0),
                                       "reference", NULL), ==, "DF20261128001");
  g_assert_cmpstr (tj_json_get_string (json_array_get_object_element (tj_json_get_array (s, "payments"), 0),
                                       "method", NULL), ==, "bank_transfer");

  /* One entry on the timeline for the batch, and the case is being
   * performed. */
  events = tj_case_timeline (f->store, f->case_id, &error);
  g_assert_cmpuint (json_array_get_length (events), ==, before + 2);
  e = json_array_get_object_element (events, 1);
  g_assert_cmpstr (tj_json_get_string (e, "kind", NULL), ==, "payment");
  g_assert_true (g_str_has_prefix (tj_json_get_string (e, "text", ""), "Installment 1 paid: ¥701,776.50 to 75 workers"));
  shown = tj_case_show (f->store, &f->ctx, f->case_id, &error);
  g_assert_cmpstr (tj_json_get_string (shown, "status", NULL), ==, "performing");

  /* Paid already: nothing to record, nothing written. */
  g_clear_pointer (&out, json_object_unref);
  out = tj_payment_add_installment (f->store, &f->ctx, f->case_id, all, &error);
  g_assert_null (out);
  g_assert_error (error, TJ_ERROR, TJ_ERROR_CONFLICT);
  g_assert_cmpuint (n_payments (f), ==, 75);
}

static void
test_installment_ticked (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *three = g_strdup_printf ("{\"installment\":1,\"paid_on\":\"2026-12-16\","
                                            "\"worker_ids\":[\"%s\",\"%s\",\"%s\"]}",
                                            worker_id (f, 0), worker_id (f, 10), worker_id (f, 74));
  g_autofree char *wrong = g_strdup_printf ("{\"installment\":1,\"paid_on\":\"2026-12-16\","
                                            "\"worker_ids\":[\"%s\",\"nobody\"]}", worker_id (f, 1));
  g_autoptr(JsonObject) ticked = tj_test_object (three);
  g_autoptr(JsonObject) bad = tj_test_object (wrong);
  g_autoptr(JsonObject) future = tj_test_object ("{\"installment\":1,\"paid_on\":\"2027-01-05\"}");
  g_autoptr(JsonObject) no_such = tj_test_object ("{\"installment\":2,\"paid_on\":\"2026-12-16\"}");
  g_autoptr(JsonObject) rest = tj_test_object ("{\"installment\":1,\"paid_on\":\"2026-12-18\"}");
  g_autoptr(JsonObject) out = NULL;
  guint events = n_events (f);

  /* Refused as a whole: a worker who is not on the case, a date to come,
   * an installment the settlement does not have. */
  g_assert_null (tj_payment_add_installment (f->store, &f->ctx, f->case_id, bad, &error));
  g_assert_error (error, TJ_ERROR, TJ_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "nobody"));
  g_clear_error (&error);
  g_assert_null (tj_payment_add_installment (f->store, &f->ctx, f->case_id, future, &error));
  g_assert_error (error, TJ_ERROR, TJ_ERROR_INVALID);
  g_assert_true (g_str_has_prefix (error->message, "paid_on: "));
  g_clear_error (&error);
  g_assert_null (tj_payment_add_installment (f->store, &f->ctx, f->case_id, no_such, &error));
  g_assert_error (error, TJ_ERROR, TJ_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_cmpuint (n_payments (f), ==, 0);
  g_assert_cmpuint (n_events (f), ==, events);

  out = tj_payment_add_installment (f->store, &f->ctx, f->case_id, ticked, &error);
  g_assert_no_error (error);
  g_assert_cmpint (tj_json_get_int (out, "payments", 0), ==, 3);
  g_clear_pointer (&out, json_object_unref);
  /* Ticked again: each is paid in full there. */
  g_assert_null (tj_payment_add_installment (f->store, &f->ctx, f->case_id, ticked, &error));
  g_assert_error (error, TJ_ERROR, TJ_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "paid in full in installment 2"));
  g_clear_error (&error);
  /* The rest of the installment. */
  out = tj_payment_add_installment (f->store, &f->ctx, f->case_id, rest, &error);
  g_assert_no_error (error);
  g_assert_cmpint (tj_json_get_int (out, "payments", 0), ==, 72);
  g_assert_cmpuint (n_payments (f), ==, 75);
}

/* ------------------------------------------------------------------ */
/* Bank files                                                           */

static void
test_bank_csv (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  gsize length = 0;
  g_autofree char *csv = fixture_file ("bank-75-installment-1.csv", &length);
  g_autoptr(JsonObject) preview = NULL;
  g_autoptr(JsonObject) out = NULL;
  g_autoptr(JsonObject) s = NULL;
  g_autoptr(JsonArray) events = NULL;
  JsonObject *totals, *row, *columns;
  JsonArray *notes, *rows;

  preview = tj_bank_import_preview (f->store, &f->ctx, f->case_id, csv, length, "icbc.csv", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (tj_json_get_string (preview, "encoding", NULL), ==, "GB18030");
  g_assert_cmpint (tj_json_get_int (preview, "header_row", 0), ==, 4);
  columns = tj_json_get_object (preview, "columns");
  g_assert_cmpstr (tj_json_get_string (columns, "name", NULL), ==, "户名");
  g_assert_cmpstr (tj_json_get_string (columns, "reference", NULL), ==, "交易流水号");
  g_assert_cmpuint (json_array_get_length (tj_json_get_array (preview, "errors")), ==, 0);
  totals = tj_json_get_object (preview, "totals");
  g_assert_cmpint (tj_json_get_int (totals, "valid", 0), ==, 75);
  g_assert_cmpint (tj_json_get_int (totals, "skipped", 0), ==, 1);
  g_assert_cmpint (tj_json_get_int (totals, "workers", 0), ==, 75);
  g_assert_cmpint (tj_json_get_int (totals, "amount_fen", 0), ==, f->total / 2);
  /* The bounced transfer and the totals row are explained, not counted. */
  notes = tj_json_get_array (preview, "notes");
  g_assert_cmpuint (json_array_get_length (notes), ==, 2);
  g_assert_cmpint (tj_json_get_int (json_array_get_object_element (notes, 0), "row", 0), ==, 34);
  g_assert_nonnull (strstr (tj_json_get_string (json_array_get_object_element (notes, 0), "message", ""), "交易失败"));
  /* Accounts are masked in the preview. */
  rows = tj_json_get_array (preview, "rows");
  row = json_array_get_object_element (rows, 0);
  g_assert_cmpstr (tj_json_get_string (row, "account", NULL), ==, "6222 ****7919");
  g_assert_cmpstr (tj_json_get_string (row, "worker_id", NULL), ==, worker_id (f, 0));
  g_assert_cmpstr (tj_json_get_string (row, "paid_on", NULL), ==, "2026-11-28");
  g_assert_cmpuint (n_payments (f), ==, 0);

  out = tj_bank_import (f->store, &f->ctx, f->case_id, csv, length, "/tmp/icbc.csv", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (tj_json_get_int (out, "imported", 0), ==, 75);
  g_assert_cmpint (tj_json_get_int (out, "payments", 0), ==, 75);
  g_assert_cmpint (tj_json_get_int (out, "owed_fen", 0), ==, f->total / 2);
  s = tj_settlement_get (f->store, &f->ctx, f->case_id, &error);
  g_assert_cmpstr (tj_json_get_string (json_array_get_object_element (tj_json_get_array (s, "installments"), 0),
                                       "state", NULL), ==, "paid");
  {
    JsonArray *payments = tj_json_get_array (s, "payments");
    gboolean found = FALSE;
    for (guint i = 0; i < json_array_get_length (payments); i++)
      {
        JsonObject *p = json_array_get_object_element (payments, i);
        if (g_strcmp0 (tj_json_get_string (p, "reference", NULL), "ICBC20261128001") == 0)
          {
            found = TRUE;
            g_assert_cmpstr (tj_json_get_string (p, "worker_id", NULL), ==, worker_id (f, 0));
            g_assert_cmpstr (tj_json_get_string (p, "paid_on", NULL), ==, "2026-11-28");
          }
      }
    g_assert_true (found);
  }
  events = tj_case_timeline (f->store, f->case_id, &error);
  g_assert_cmpstr (tj_json_get_string (json_array_get_object_element (events, 1), "text", NULL), ==,
                   "Bank payment file icbc.csv imported: ¥701,776.50 to 75 workers");

  /* The same file again: every row is named as recorded already. */
  g_clear_pointer (&out, json_object_unref);
  out = tj_bank_import (f->store, &f->ctx, f->case_id, csv, length, "icbc.csv", NULL, &error);
  g_assert_null (out);
  g_assert_error (error, TJ_ERROR, TJ_ERROR_INVALID);
  g_assert_true (g_str_has_prefix (error->message, "Nothing was imported; fix these rows: Row 5, 交易流水号: "
                                                   "ICBC20261128001 is recorded already"));
  g_assert_cmpuint (n_payments (f), ==, 75);
}

static void
test_bank_xlsx_bad_row (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  gsize bad_length = 0, good_length = 0;
  g_autofree char *bad = fixture_file ("bank-75-installment-2-bad.xlsx", &bad_length);
  g_autofree char *good = fixture_file ("bank-75-installment-2.xlsx", &good_length);
  g_autoptr(JsonObject) preview = NULL;
  g_autoptr(JsonObject) out = NULL;
  g_autoptr(JsonObject) first = tj_test_object ("{\"installment\":0,\"paid_on\":\"2026-11-28\"}");
  JsonArray *errors;
  JsonObject *e;
  guint events;

  /* The first installment was paid; this is the bank's file of the
   * second. */
  out = tj_payment_add_installment (f->store, &f->ctx, f->case_id, first, &error);
  g_assert_no_error (error);
  g_clear_pointer (&out, json_object_unref);
  events = n_events (f);

  preview = tj_bank_import_preview (f->store, &f->ctx, f->case_id, bad, bad_length, "ccb.xlsx", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (tj_json_get_string (preview, "format", NULL), ==, "xlsx");
  errors = tj_json_get_array (preview, "errors");
  g_assert_cmpuint (json_array_get_length (errors), ==, 2);
  e = json_array_get_object_element (errors, 0);
  g_assert_cmpint (tj_json_get_int (e, "row", 0), ==, 15);
  g_assert_cmpstr (tj_json_get_string (e, "column", NULL), ==, "收款账号");
  g_assert_nonnull (strstr (tj_json_get_string (e, "message", ""), "6217 ****8777"));
  e = json_array_get_object_element (errors, 1);
  g_assert_cmpint (tj_json_get_int (e, "row", 0), ==, 47);
  g_assert_cmpstr (tj_json_get_string (e, "field", NULL), ==, "amount");
  g_assert_nonnull (strstr (tj_json_get_string (e, "message", ""), "is more than"));
  g_assert_cmpint (tj_json_get_int (tj_json_get_object (preview, "totals"), "invalid", 0), ==, 2);

  /* All or nothing: the 73 good rows are not recorded either. */
  out = tj_bank_import (f->store, &f->ctx, f->case_id, bad, bad_length, "ccb.xlsx", NULL, &error);
  g_assert_null (out);
  g_assert_error (error, TJ_ERROR, TJ_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "Row 15, 收款账号"));
  g_assert_nonnull (strstr (error->message, "Row 47, 交易金额（元）"));
  g_clear_error (&error);
  g_assert_cmpuint (n_payments (f), ==, 75);
  g_assert_cmpuint (n_events (f), ==, events);

  /* The corrected file, matched by account or by ID number: everything
   * is paid, and the case may be closed. */
  out = tj_bank_import (f->store, &f->ctx, f->case_id, good, good_length, "ccb.xlsx", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (tj_json_get_int (out, "payments", 0), ==, 75);
  g_assert_cmpint (tj_json_get_int (out, "paid_fen", 0), ==, f->total);
  g_assert_true (tj_json_get_bool (out, "all_paid", FALSE));
  g_assert_cmpstr (tj_json_get_string (out, "suggested_status", NULL), ==, "closed");
}

/* One worker paid more than an installment: the rest goes to the next.
 * A name with another worker's ID number is refused. */
static void
test_bank_spill_and_mismatch (Fixture       *f,
                              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) doc = tj_case_show (f->store, &f->ctx, f->case_id, NULL);
  JsonObject *w0 = json_array_get_object_element (f->workers, 0);
  JsonObject *w1 = json_array_get_object_element (f->workers, 1);
  gint64 half = tj_json_get_int (w0, "owed_fen", 0) / 2;
  g_autofree char *csv = g_strdup_printf ("收款人,证件号码,付款金额,附言\n"
                                          "%s,%s,%" G_GINT64_FORMAT ".%02d,工资\n"
                                          "%s,%s,100.00,工资\n"
                                          "%s,,50.00,工资\n",
                                          tj_json_get_string (w0, "name", ""), tj_json_get_string (w0, "id_number", ""),
                                          (half + 10000) / 100, (int) ((half + 10000) % 100),
                                          tj_json_get_string (w0, "name", ""), tj_json_get_string (w1, "id_number", ""),
                                          tj_json_get_string (w1, "name", ""));
  g_autoptr(JsonObject) preview = NULL;
  g_autoptr(JsonObject) out = NULL;
  JsonArray *errors, *payments;

  g_assert_nonnull (doc);
  preview = tj_bank_import_preview (f->store, &f->ctx, f->case_id, csv, strlen (csv), NULL, "2026-12-01", &error);
  g_assert_no_error (error);
  errors = tj_json_get_array (preview, "errors");
  g_assert_cmpuint (json_array_get_length (errors), ==, 2);
  /* Row 3: 王伟's ID number under 张三's name; row 4: nothing confirms who. */
  g_assert_cmpint (tj_json_get_int (json_array_get_object_element (errors, 0), "row", 0), ==, 3);
  g_assert_nonnull (strstr (tj_json_get_string (json_array_get_object_element (errors, 0), "message", ""),
                            "belongs to"));
  g_assert_cmpint (tj_json_get_int (json_array_get_object_element (errors, 1), "row", 0), ==, 4);
  g_assert_nonnull (strstr (tj_json_get_string (json_array_get_object_element (errors, 1), "message", ""),
                            "nothing confirms"));
  payments = tj_json_get_array (json_array_get_object_element (tj_json_get_array (preview, "rows"), 0), "payments");
  g_assert_cmpuint (json_array_get_length (payments), ==, 2);
  g_assert_cmpint (tj_json_get_int (json_array_get_object_element (payments, 0), "amount_fen", 0), ==, half);
  g_assert_cmpint (tj_json_get_int (json_array_get_object_element (payments, 1), "installment", 0), ==, 1);
  g_assert_cmpint (tj_json_get_int (json_array_get_object_element (payments, 1), "amount_fen", 0), ==, 10000);
  /* Rows without a date take the one given. */
  g_assert_cmpstr (tj_json_get_string (json_array_get_object_element (tj_json_get_array (preview, "rows"), 0),
                                       "paid_on", NULL), ==, "2026-12-01");

  /* What cannot be read at all. */
  g_assert_null (tj_bank_import_preview (f->store, &f->ctx, f->case_id, "日期,备注\n2026-12-01,x\n",
                                         strlen ("日期,备注\n2026-12-01,x\n"), NULL, NULL, &error));
  g_assert_error (error, TJ_ERROR, TJ_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_null (tj_bank_import_preview (f->store, &f->ctx, f->case_id,
                                         "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1 old excel", 18, "old.xls", NULL, &error));
  g_assert_error (error, TJ_ERROR, TJ_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, ".xls"));
  g_clear_error (&error);
  g_assert_null (tj_bank_import_preview (f->store, &f->ctx, "nope", csv, strlen (csv), NULL, NULL, &error));
  g_assert_error (error, TJ_ERROR, TJ_ERROR_NOT_FOUND);
  g_clear_error (&error);
  out = tj_bank_import (f->store, &f->ctx, f->case_id, csv, strlen (csv), NULL, "2026-12-01", &error);
  g_assert_null (out);
  g_assert_error (error, TJ_ERROR, TJ_ERROR_INVALID);
  g_assert_cmpuint (n_payments (f), ==, 0);
}

/* The wage sheet's card numbers come in with the roster: what the bank's
 * file is matched by later. */
static void
test_roster_accounts (Fixture       *f,
                      gconstpointer  data)
{
  static const char bad[] = "工资表\n姓名,身份证号,银行卡号,欠薪金额\n"
                            "李小龙,110105198503120012,6222 0212 0000 1111,5000\n"
                            "赵大海,11010519491231002X,6222-abc,3000\n";
  static const char good[] = "工资表\n姓名,身份证号,银行卡号,欠薪金额\n"
                             "李小龙,110105198503120012,6222 0212 0000 1111,5000\n"
                             "赵大海,11010519491231002X,6217000011112222,3000\n";
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) input = tj_test_object ("{\"title\":\"滨海电子厂欠薪\",\"kind\":\"wage_arrears\",\"source\":\"walk_in\","
                                                "\"employer\":{\"name\":\"滨海电子厂\"}}");
  g_autoptr(JsonObject) added = tj_case_add (f->store, &f->ctx, input, &error);
  g_autoptr(JsonObject) preview = NULL;
  g_autoptr(JsonObject) out = NULL;
  g_autoptr(JsonObject) doc = NULL;
  const char *id;
  JsonArray *errors;

  g_assert_no_error (error);
  id = tj_json_get_string (added, "id", NULL);
  preview = tj_roster_preview (f->store, id, bad, strlen (bad), "工资表.csv", &error);
  g_assert_no_error (error);
  errors = tj_json_get_array (preview, "errors");
  g_assert_cmpuint (json_array_get_length (errors), ==, 1);
  g_assert_cmpint (tj_json_get_int (json_array_get_object_element (errors, 0), "row", 0), ==, 4);
  g_assert_cmpstr (tj_json_get_string (json_array_get_object_element (errors, 0), "column", NULL), ==, "银行卡号");
  /* Masked in the preview. */
  g_assert_cmpstr (tj_json_get_string (json_array_get_object_element (tj_json_get_array (preview, "rows"), 0),
                                       "bank_account", NULL), ==, "6222 ****1111");

  out = tj_roster_import (f->store, &f->ctx, id, good, strlen (good), "工资表.csv", &error);
  g_assert_no_error (error);
  doc = tj_case_show (f->store, &f->ctx, id, &error);
  g_assert_cmpstr (tj_json_get_string (json_array_get_object_element (tj_json_get_array (doc, "workers"), 0),
                                       "bank_account", NULL), ==, "6222021200001111");
}

/* ------------------------------------------------------------------ */
/* tiaojie-cli                                                          */

#define run_cli(path, out_json, out_err, ...) \
  tj_test_cli (&(TjTestCli) { .db = (path), .today = "2026-12-20" }, out_json, out_err, __VA_ARGS__)

static void
test_cli (Fixture       *f,
          gconstpointer  data)
{
  const char *cli = tj_test_cli_path ();
  g_autofree char *bad = g_test_build_filename (G_TEST_DIST, "fixtures", "bank-75-installment-2-bad.xlsx", NULL);
  g_autofree char *good = g_test_build_filename (G_TEST_DIST, "fixtures", "bank-75-installment-2.xlsx", NULL);
  g_autoptr(JsonNode) out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *some = g_strdup_printf ("%s,%s", worker_id (f, 3), worker_id (f, 4));

  if (cli == NULL)
    {
      g_test_skip ("tiaojie-cli is not built next to the tests");
      return;
    }
  g_clear_object (&f->store);

  /* Usage: --all without the installment, --installment from 1. */
  g_assert_cmpint (run_cli (f->path, NULL, NULL, "payment", "add", "--case", f->case_id, "--all", NULL), ==, 1);
  g_assert_cmpint (run_cli (f->path, NULL, NULL, "payment", "add", "--case", f->case_id, "--all",
                            "--installment", "0", NULL), ==, 1);
  g_assert_cmpint (run_cli (f->path, NULL, &err, "payment", "add", "--case", f->case_id, "--all",
                            "--installment", "3", NULL), ==, 2);
  g_assert_nonnull (strstr (err, "has 2 installments"));
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (run_cli (f->path, &out, NULL, "payment", "add", "--case", f->case_id, "--installment", "2",
                            "--workers", some, "--paid-on", "2026-12-16", NULL), ==, 0);
  g_assert_cmpint (tj_json_get_int (json_node_get_object (out), "payments", 0), ==, 2);
  g_clear_pointer (&out, json_node_unref);
  g_assert_cmpint (run_cli (f->path, &out, NULL, "payment", "add", "--case", f->case_id, "--installment", "1",
                            "--all", "--paid-on", "2026-11-28", NULL), ==, 0);
  g_assert_cmpint (tj_json_get_int (json_node_get_object (out), "payments", 0), ==, 75);
  g_clear_pointer (&out, json_node_unref);
  g_assert_cmpint (run_cli (f->path, NULL, &err, "payment", "add", "--case", f->case_id, "--installment", "1",
                            "--all", NULL), ==, 4);
  g_clear_pointer (&err, g_free);

  /* The bank's file: the dry run prints the preview and exits 2; the
   * import names the rows on one line and writes nothing. Two workers of
   * the file were paid by hand already (rows 7 and 8: more than they are
   * owed now), and the file has its two bad rows. */
  g_assert_cmpint (run_cli (f->path, &out, &err, "payment", "import", "--case", f->case_id, bad, "--dry-run", NULL),
                   ==, 2);
  g_assert_cmpuint (json_array_get_length (tj_json_get_array (json_node_get_object (out), "errors")), ==, 4);
  g_clear_pointer (&out, json_node_unref);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_cli (f->path, &out, &err, "payment", "import", "--case", f->case_id, bad, NULL), ==, 2);
  g_assert_null (out);
  g_assert_nonnull (strstr (err, "Row 15, 收款账号"));
  g_assert_cmpint (strchr (err, '\n') - err, ==, (int) strlen (err) - 1);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_cli (f->path, NULL, &err, "payment", "import", "--case", f->case_id, good, NULL), ==, 2);
  g_assert_nonnull (strstr (err, "Row 7, "));
  g_assert_nonnull (strstr (err, "Row 8, "));
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_cli (f->path, NULL, NULL, "payment", "import", "--case", "nope", good, NULL), ==, 3);
  g_assert_cmpint (run_cli (f->path, NULL, NULL, "payment", "import", "--case", f->case_id, "missing.csv", NULL), ==, 3);

  f->store = tj_store_open (f->path, NULL);
  g_assert_cmpuint (n_payments (f), ==, 77);
}

int
main (int   argc,
      char *argv[])
{
  tj_test_pin_today ("2026-12-20");
  g_test_init (&argc, &argv, NULL);
  g_setenv ("LC_ALL", "C.UTF-8", TRUE);

#define ADD(path, func) g_test_add ("/payment-batch/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("installment-in-one-action", test_installment_in_one_action);
  ADD ("installment-ticked", test_installment_ticked);
  ADD ("bank-csv", test_bank_csv);
  ADD ("bank-xlsx-bad-row", test_bank_xlsx_bad_row);
  ADD ("bank-spill-and-mismatch", test_bank_spill_and_mismatch);
  ADD ("roster-accounts", test_roster_accounts);
  ADD ("cli", test_cli);
#undef ADD
  return g_test_run ();
}
