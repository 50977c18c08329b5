/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Cases: validation, numbers, search in Chinese, status workflow, import. */

#include <glib/gstdio.h>
#include <string.h>

#include "tj-calendar.h"
#include "tj-case.h"
#include "tj-case-private.h"
#include "tj-check.h"
#include "tj-consultation.h"
#include "tj-error.h"
#include "tj-json.h"
#include "tj-money.h"
#include "tj-search.h"
#include "tj-test-store.h"
#include "tj-test-util.h"
#include "tj-validate.h"

/* A store with the case tables, station "海" (tj-test-store.h). */
typedef TjTestCaseStore Fixture;

/* Valid numbers for fixtures (check digits computed by hand and verified by
 * tj_validate_* in test_validators). */
#define ID_ZHANG "11010519491231002X"
#define ID_WANG  "110105198503120012"
#define USCC_HJ  "91110108MA01ABCD0B"

static const char hotline_case[] =
  "{\"title\":\"城南工地农民工欠薪\",\"kind\":\"wage_arrears\",\"source\":\"hotline\","
  "\"received_on\":\"2026-11-16\",\"accepted_on\":\"2026-11-16\",\"knew_on\":\"2026-10-31\","
  "\"employment_ended_on\":\"2026-10-31\",\"facts\":\"完工后拖欠工资\","
  "\"employer\":{\"name\":\"华建劳务有限公司\",\"credit_code\":\"" USCC_HJ "\"},"
  "\"chain\":[{\"role\":\"general_contractor\",\"name\":\"中城建设集团\"},"
  "           {\"role\":\"subcontractor\",\"name\":\"华建劳务有限公司\"}],"
  "\"workers\":[{\"name\":\"张三\",\"id_number\":\"" ID_ZHANG "\",\"phone\":\"13812345678\",\"owed_fen\":1200000},"
  "             {\"name\":\"王伟\",\"id_number\":\"" ID_WANG "\",\"phone\":\"139-0000-5678\",\"owed_fen\":980000},"
  "             {\"name\":\"欧阳娜娜\",\"owed_fen\":500000}]}";

#define add_case(f, json) tj_test_add_case ((f)->store, &(f)->ctx, (json))

/* The checks shared by cases and settlements list every problem in one
 * message, each naming its field. */
static void
test_check (void)
{
  g_autoptr(GPtrArray) errors = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(JsonObject) obj = json_object_new ();
  g_autoptr(GError) error = NULL;
  g_auto(TjCheck) check = { errors };

  json_object_set_string_member (obj, "name", "张三");
  json_object_set_string_member (obj, "blank", "   ");
  json_object_set_int_member (obj, "number", 3);
  json_object_set_string_member (obj, "on", "2025-02-29");
  json_object_set_string_member (obj, "good_on", "2024-02-29");

  g_assert_cmpstr (tj_check_string (&check, obj, "name", "name", TRUE), ==, "张三");
  g_assert_null (tj_check_string (&check, obj, "missing", "missing", FALSE));
  tj_check_date (&check, obj, "good_on", "good_on", TRUE);
  g_assert_true (tj_check_finish (&check, &error));
  g_assert_no_error (error);

  g_assert_null (tj_check_string (&check, obj, "blank", "workers[1].name", TRUE));
  g_assert_null (tj_check_string (&check, obj, "number", "title", FALSE));
  tj_check_date (&check, obj, "on", "received_on", FALSE);
  tj_check_take_error (&check, NULL);
  g_assert_cmpuint (errors->len, ==, 3);
  g_assert_false (tj_check_finish (&check, &error));
  g_assert_error (error, TJ_ERROR, TJ_ERROR_INVALID);
  g_assert_true (g_str_has_prefix (error->message, "workers[1].name: "));
  g_assert_nonnull (strstr (error->message, "; title: "));
  g_assert_nonnull (strstr (error->message, "; received_on"));

  /* The same problems as data: each field's path and its message alone. */
  g_assert_cmpuint (tj_error_get_n_fields (error), ==, 3);
  g_assert_cmpstr (tj_error_get_field_path (error, 0), ==, "workers[1].name");
  g_assert_cmpstr (tj_error_get_field_message (error, 0), ==, "required");
  g_assert_cmpstr (tj_error_get_field_path (error, 1), ==, "title");
  g_assert_cmpstr (tj_error_get_field_message (error, 1), ==, "must be text");
  g_assert_cmpstr (tj_error_get_field_path (error, 2), ==, "received_on");
  g_assert_nonnull (strstr (tj_error_get_field_message (error, 2), "2025-02-29"));
  g_assert_false (g_str_has_prefix (tj_error_get_field_message (error, 2), "received_on"));

  /* A copy keeps them (GTask hands errors over by copy). */
  {
    g_autoptr(GError) copy = g_error_copy (error);
    g_assert_cmpuint (tj_error_get_n_fields (copy), ==, 3);
    g_assert_cmpstr (tj_error_get_field_path (copy, 2), ==, "received_on");
  }
}

/* A list's elements that must be objects: the others are a problem each,
 * about the field the caller names. */
static void
test_check_element (void)
{
  g_autoptr(GPtrArray) errors = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(JsonObject) input = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(TjCheck) check = { errors };
  JsonArray *list;

  input = tj_json_parse_object ("{\"list\":[{\"name\":\"张三\"},\"李四\",null,[1]]}", -1, &error);
  g_assert_no_error (error);
  list = tj_json_get_array (input, "list");

  g_assert_cmpstr (tj_json_get_string (tj_check_element (&check, list, 0, "list[0]"), "name", NULL), ==, "张三");
  g_assert_cmpuint (errors->len, ==, 0);
  g_assert_null (tj_check_element (&check, list, 1, "list[1]"));
  g_assert_null (tj_check_element (&check, list, 2, "list[2]"));
  g_assert_null (tj_check_element (&check, list, 3, "list[3].name"));
  g_assert_false (tj_check_finish (&check, &error));
  g_assert_error (error, TJ_ERROR, TJ_ERROR_INVALID);
  g_assert_cmpuint (tj_error_get_n_fields (error), ==, 3);
  g_assert_cmpstr (tj_error_get_field_path (error, 0), ==, "list[1]");
  g_assert_cmpstr (tj_error_get_field_message (error, 0), ==, "must be an object");
  g_assert_cmpstr (tj_error_get_field_path (error, 1), ==, "list[2]");
  g_assert_cmpstr (tj_error_get_field_path (error, 2), ==, "list[3].name");
}

/* A member checked by one of tj-validate.h's validators: the validator's
 * message is the problem, about the field named; a blank optional member
 * is no problem, a missing required one is. */
static void
test_check_valid (void)
{
  g_autoptr(GPtrArray) errors = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(JsonObject) obj = json_object_new ();
  g_autoptr(GError) error = NULL;
  g_auto(TjCheck) check = { errors };

  json_object_set_string_member (obj, "phone", "138 0013 8000");
  json_object_set_string_member (obj, "short", "12");
  json_object_set_string_member (obj, "blank", "");

  tj_check_valid (&check, obj, "phone", "workers[0].phone", TRUE, tj_validate_phone);
  tj_check_valid (&check, obj, "blank", "workers[0].phone", FALSE, tj_validate_phone);
  tj_check_valid (&check, obj, "missing", "workers[0].phone", FALSE, tj_validate_phone);
  g_assert_true (tj_check_finish (&check, &error));
  g_assert_no_error (error);

  tj_check_valid (&check, obj, "short", "workers[1].phone", FALSE, tj_validate_phone);
  tj_check_valid (&check, obj, "missing", "workers[2].phone", TRUE, tj_validate_phone);
  g_assert_false (tj_check_finish (&check, &error));
  g_assert_error (error, TJ_ERROR, TJ_ERROR_INVALID);
  g_assert_cmpuint (tj_error_get_n_fields (error), ==, 2);
  g_assert_cmpstr (tj_error_get_field_path (error, 0), ==, "workers[1].phone");
  g_assert_nonnull (strstr (tj_error_get_field_message (error, 0), "2 digits"));
  g_assert_cmpstr (tj_error_get_field_path (error, 1), ==, "workers[2].phone");
  g_assert_cmpstr (tj_error_get_field_message (error, 1), ==, "required");
}

/* Amounts in fen, for cases and settlements alike: whole, not negative,
 * not beyond TJ_MONEY_MAX_AMOUNT_FEN; -1 for absent or wrong. */
static void
test_check_fen (void)
{
  g_autoptr(GPtrArray) errors = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(JsonObject) obj = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(TjCheck) check = { errors };

  obj = tj_json_parse_object ("{\"ok\":1250,\"max\":100000000000000,\"yuan\":12.5,\"text\":\"12\","
                              "\"minus\":-1,\"huge\":100000000000001,\"none\":null}", -1, &error);
  g_assert_no_error (error);
  g_assert_cmpint (tj_check_fen (&check, obj, "ok", "ok", TRUE), ==, 1250);
  g_assert_cmpint (tj_check_fen (&check, obj, "max", "max", TRUE), ==, TJ_MONEY_MAX_AMOUNT_FEN);
  g_assert_cmpint (tj_check_fen (&check, obj, "none", "none", FALSE), ==, -1);
  g_assert_cmpint (tj_check_fen (&check, obj, "missing", "missing", FALSE), ==, -1);
  g_assert_cmpuint (errors->len, ==, 0);

  g_assert_cmpint (tj_check_fen (&check, obj, "missing", "missing", TRUE), ==, -1);
  g_assert_cmpint (tj_check_fen (&check, obj, "yuan", "yuan", TRUE), ==, -1);
  g_assert_cmpint (tj_check_fen (&check, obj, "text", "text", TRUE), ==, -1);
  g_assert_cmpint (tj_check_fen (&check, obj, "minus", "minus", TRUE), ==, -1);
  g_assert_cmpint (tj_check_fen (&check, obj, "huge", "huge", TRUE), ==, -1);
  g_assert_false (tj_check_finish (&check, &error));
  g_assert_cmpuint (tj_error_get_n_fields (error), ==, 5);
  g_assert_cmpstr (tj_error_get_field_message (error, 0), ==, "required");
  g_assert_nonnull (strstr (tj_error_get_field_message (error, 1), "¥12.50 is 1250"));
  g_assert_cmpstr (tj_error_get_field_message (error, 2), ==, "must be a whole number of fen");
  g_assert_cmpstr (tj_error_get_field_message (error, 3), ==, "cannot be negative");
  g_assert_cmpstr (tj_error_get_field_path (error, 4), ==, "huge");
}

static void
test_field_paths (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) other = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_FAILED, "x");
  const char *rest = NULL;
  guint index = 0;

  g_assert_true (tj_field_path_element ("workers[12].id_number", "workers", &index, &rest));
  g_assert_cmpuint (index, ==, 12);
  g_assert_cmpstr (rest, ==, "id_number");
  g_assert_true (tj_field_path_element ("installments[1].allocations[3]", "installments", &index, &rest));
  g_assert_cmpuint (index, ==, 1);
  g_assert_true (tj_field_path_element (rest, "allocations", &index, &rest));
  g_assert_cmpuint (index, ==, 3);
  g_assert_cmpstr (rest, ==, "");
  g_assert_false (tj_field_path_element ("workers", "workers", &index, NULL));
  g_assert_false (tj_field_path_element ("workers_count", "workers", &index, NULL));
  g_assert_false (tj_field_path_element ("workers[x]", "workers", &index, NULL));
  g_assert_false (tj_field_path_element ("workers[2]name", "workers", &index, NULL));
  g_assert_false (tj_field_path_element ("chain[1].name", "workers", &index, NULL));
  g_assert_false (tj_field_path_element (NULL, "workers", &index, NULL));

  tj_set_field_error (&error, "paid_on", "is in the future");
  g_assert_error (error, TJ_ERROR, TJ_ERROR_INVALID);
  g_assert_cmpstr (error->message, ==, "paid_on: is in the future");
  g_assert_cmpuint (tj_error_get_n_fields (error), ==, 1);
  g_assert_cmpstr (tj_error_get_field_path (error, 0), ==, "paid_on");
  g_assert_cmpuint (tj_error_get_n_fields (other), ==, 0);
  g_assert_cmpuint (tj_error_get_n_fields (NULL), ==, 0);
}

static void
test_add_field_errors (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(JsonObject) input = tj_test_object ("{\"kind\":\"wage_arrears\",\"source\":\"walk_in\","
                                                "\"employer\":{\"name\":\"某建筑公司\"},"
                                                "\"workers\":[{\"name\":\"张三\",\"id_number\":\"" ID_ZHANG "\"},"
                                                "{\"name\":\"李四\",\"id_number\":\"110105198503120013\",\"owed_fen\":-5}]}");
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) result = tj_case_add (f->store, &f->ctx, input, &error);
  gboolean id_number = FALSE, owed = FALSE;

  g_assert_null (result);
  g_assert_error (error, TJ_ERROR, TJ_ERROR_INVALID);
  /* Each problem is named by its path; the message says why without the
   * path, and the validators' message (a wrong check digit) comes with
   * the path the case gave it. */
  for (guint i = 0; i < tj_error_get_n_fields (error); i++)
    {
      const char *path = tj_error_get_field_path (error, i);
      const char *message = tj_error_get_field_message (error, i);

      g_assert_false (g_str_has_prefix (message, path));
      if (g_str_equal (path, "workers[1].id_number"))
        id_number = TRUE;
      if (g_str_equal (path, "workers[1].owed_fen"))
        owed = TRUE;
    }
  g_assert_true (id_number);
  g_assert_true (owed);
}

static void
test_validators (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *m1 = tj_mask_id_number (ID_ZHANG);
  g_autofree char *m2 = tj_mask_phone ("+86 138-1234-5678");

  g_assert_true (tj_validate_id_number (ID_ZHANG, NULL, &error));
  g_assert_true (tj_validate_id_number ("11010519491231002x", NULL, &error)); /* lower-case x */
  g_assert_true (tj_validate_id_number (ID_WANG, NULL, &error));
  g_assert_no_error (error);

  /* Messages quote whole characters, never half of one (found by the
   * fuzzer: "%.4s" of "1工…" was not UTF-8). */
  g_assert_false (tj_validate_id_number ("1工", "id", &error));
  g_assert_true (g_utf8_validate (error->message, -1, NULL));
  g_assert_nonnull (strstr (error->message, "1工…"));
  g_clear_error (&error);
  g_assert_false (tj_validate_credit_code ("91110108MA0Ѿ" "BCD0B", "code", &error));
  g_assert_true (g_utf8_validate (error->message, -1, NULL));
  g_assert_nonnull (strstr (error->message, "“Ѿ” at position 12"));
  g_clear_error (&error);

  /* One digit changed: the check digit catches it, the message names the
   * field and shows only the start of the number. */
  g_assert_false (tj_validate_id_number ("110105198503120013", "workers[3].id_number", &error));
  g_assert_error (error, TJ_ERROR, TJ_ERROR_INVALID);
  g_assert_true (g_str_has_prefix (error->message, "workers[3].id_number: "));
  g_assert_null (strstr (error->message, "110105198503120013"));
  g_clear_error (&error);
  g_assert_false (tj_validate_id_number ("11010519850231001X", NULL, &error)); /* Feb 31 */
  g_clear_error (&error);
  g_assert_false (tj_validate_id_number ("1101051985031200", NULL, &error)); /* 16 chars */
  g_clear_error (&error);
  g_assert_false (tj_validate_id_number ("990105198503120012", NULL, &error)); /* region 99 */
  g_clear_error (&error);
  g_assert_false (tj_validate_id_number ("110105209903120012", NULL, &error)); /* born 2099 */
  g_clear_error (&error);

  g_assert_true (tj_validate_credit_code (USCC_HJ, NULL, &error));
  g_assert_true (tj_validate_credit_code ("91310000MA1FL4XK22", NULL, &error));
  g_assert_no_error (error);
  g_assert_false (tj_validate_credit_code ("91110108MA01ABCD0C", "employer.credit_code", &error));
  g_assert_error (error, TJ_ERROR, TJ_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (tj_validate_credit_code ("91110108MA01ABCDOB", NULL, &error)); /* letter O */
  g_clear_error (&error);

  g_assert_true (tj_validate_mobile ("138 1234 5678", NULL, &error));
  g_assert_true (tj_validate_phone ("010-82345678", NULL, &error));
  g_assert_true (tj_validate_phone ("12351", NULL, &error));
  g_assert_no_error (error);
  g_assert_false (tj_validate_mobile ("1381234567", NULL, &error));
  g_clear_error (&error);
  g_assert_false (tj_validate_mobile ("12812345678", NULL, &error));
  g_clear_error (&error);
  g_assert_false (tj_validate_phone ("138abc", NULL, &error));
  g_clear_error (&error);

  g_assert_true (tj_validate_date ("2024-02-29", NULL, &error));
  g_assert_false (tj_validate_date ("2026-02-29", NULL, &error));
  g_clear_error (&error);
  g_assert_false (tj_validate_date ("2026/11/22", NULL, &error));
  g_clear_error (&error);

  g_assert_cmpstr (m1, ==, "110***********002X");
  g_assert_cmpstr (m2, ==, "138****5678");
}

static void
test_match_expression (void)
{
  g_autofree char *a = tj_search_match_expression ("王");
  g_autofree char *b = tj_search_match_expression ("  王伟  12 ");
  g_autofree char *c = tj_search_match_expression ("张三123");
  g_autofree char *d = tj_search_match_expression ("\"); DROP TABLE docs; --");
  g_autofree char *e = tj_search_match_expression ("  —、。 ");

  g_assert_cmpstr (a, ==, "\"王\"");
  g_assert_cmpstr (b, ==, "\"王伟\" \"12\"*");
  /* Han and digits become separate phrases; three digits are a prefix
   * (of the 4-grams the index holds, tj-search.h). */
  g_assert_cmpstr (c, ==, "\"张三\" \"123\"*");
  /* Quotes and operators never reach FTS5 syntax. */
  g_assert_cmpstr (d, ==, "\"drop\" \"table\" \"docs\"");
  g_assert_null (e);
}

static guint
search_count (Fixture    *f,
              const char *query)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonArray) rows = NULL;
  TjCaseQuery q;

  tj_case_query_init (&q);
  q.query = query;
  q.today = f->ctx.today;
  rows = tj_case_list (f->store, &q, &error);
  g_assert_no_error (error);
  /* The count of a search (read from the search index) is the list's. */
  g_assert_cmpuint (tj_case_count (f->store, &q, &error), ==, json_array_get_length (rows));
  g_assert_no_error (error);
  return json_array_get_length (rows);
}

/* A case's own document, and nothing else under its name: a claim's id
 * or an unknown one is "not found", as every caller reports it. */
static void
test_get_doc (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *id = add_case (f, hotline_case);
  g_autoptr(JsonObject) claim = tj_json_parse_object ("{\"kind\":\"wages\",\"amount_fen\":50000}", -1, &error);
  g_autoptr(JsonObject) doc = NULL;
  g_autofree char *claim_id = NULL;
  g_autofree char *expected = NULL;

  g_assert_no_error (error);
  doc = tj_case_get_doc (f->store, id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (tj_json_get_string (doc, "number", NULL), ==, "〔2026〕海调字第0001号");

  claim_id = tj_case_add_claim (f->store, &f->ctx, id, claim, &error);
  g_assert_no_error (error);
  g_assert_null (tj_case_get_doc (f->store, claim_id, &error));
  g_assert_error (error, TJ_ERROR, TJ_ERROR_NOT_FOUND);
  expected = g_strdup_printf ("%s is not a case", claim_id);
  g_assert_cmpstr (error->message, ==, expected);
  g_clear_error (&error);

  g_assert_null (tj_case_get_doc (f->store, "no-such-case", &error));
  g_assert_error (error, TJ_ERROR, TJ_ERROR_NOT_FOUND);
}

/* Asking for a claim, a party or evidence by a case's id is refused with
 * a sentence naming the kind asked for. */
static void
test_wrong_type (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *id = add_case (f, hotline_case);
  g_autofree char *not_claim = g_strdup_printf ("%s is not a claim", id);
  g_autofree char *not_party = g_strdup_printf ("%s is not a party", id);
  g_autofree char *not_evidence = g_strdup_printf ("%s is not an item of evidence", id);

  g_assert_false (tj_case_delete_claim (f->store, &f->ctx, id, &error));
  g_assert_error (error, TJ_ERROR, TJ_ERROR_NOT_FOUND);
  g_assert_cmpstr (error->message, ==, not_claim);
  g_clear_error (&error);

  g_assert_false (tj_case_delete_party (f->store, &f->ctx, id, &error));
  g_assert_error (error, TJ_ERROR, TJ_ERROR_NOT_FOUND);
  g_assert_cmpstr (error->message, ==, not_party);
  g_clear_error (&error);

  g_assert_null (tj_case_get_evidence (f->store, id, NULL, NULL, &error));
  g_assert_error (error, TJ_ERROR, TJ_ERROR_NOT_FOUND);
  g_assert_cmpstr (error->message, ==, not_evidence);
}

static void
test_add_show_search (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *id = add_case (f, hotline_case);
  g_autofree char *other = add_case (f, "{\"kind\":\"overtime\",\"source\":\"walk_in\",\"received_on\":\"2026-11-20\","
                                         "\"employer\":{\"name\":\"东方电子厂\"},"
                                         "\"workers\":[{\"name\":\"王小明\",\"phone\":\"13700001111\"}]}");
  g_autoptr(JsonObject) c = tj_case_show (f->store, &f->ctx, id, &error);
  JsonObject *deadlines;

  g_assert_no_error (error);
  g_assert_cmpstr (tj_json_get_string (c, "number", NULL), ==, "〔2026〕海调字第0001号");
  g_assert_cmpstr (tj_json_get_string (c, "status", NULL), ==, "accepted");
  g_assert_cmpuint (json_array_get_length (tj_json_get_array (c, "workers")), ==, 3);
  g_assert_cmpstr (tj_json_get_string (tj_json_get_object (c, "employer"), "name", NULL), ==, "华建劳务有限公司");
  g_assert_cmpint (tj_json_get_int (tj_json_get_object (c, "totals"), "owed_fen", 0), ==, 2680000);
  /* ID numbers are shown in full on the case (the lists mask them). */
  g_assert_cmpstr (tj_json_get_string (json_array_get_object_element (tj_json_get_array (c, "workers"), 0),
                                       "id_number", NULL), ==, ID_ZHANG);

  /* Deadlines with their legal basis. 15 days after 2026-11-16 is
   * 2026-12-01 (a Tuesday). The limitation ran from the end of employment
   * on 2026-10-31, but the application for mediation received 2026-11-16
   * interrupted it (§27 ¶2): it runs again from the end of the mediation,
   * the limit 2026-12-01 → Wednesday 2027-12-01. */
  deadlines = tj_json_get_object (c, "deadlines");
  g_assert_cmpstr (tj_json_get_string (tj_json_get_object (deadlines, "mediation"), "date", NULL), ==, "2026-12-01");
  g_assert_cmpint (tj_json_get_int (tj_json_get_object (deadlines, "mediation"), "days_remaining", 0), ==, 9);
  g_assert_nonnull (strstr (tj_json_get_string (tj_json_get_object (deadlines, "mediation"), "basis", ""), "14"));
  g_assert_cmpstr (tj_json_get_string (tj_json_get_object (deadlines, "arbitration_limitation"), "date", NULL), ==,
                   "2027-12-01");
  g_assert_cmpstr (tj_json_get_string (tj_json_get_object (deadlines, "arbitration_limitation"), "restart_reason", NULL), ==,
                   "mediation_limit");

  /* The general contractor pays first (no team leader in the chain). */
  g_assert_cmpstr (tj_json_get_string (tj_json_get_object (c, "liable_first"), "role", NULL), ==, "general_contractor");

  /* Search: 1-, 2-, 3- and 4-character names, fragments of IDs, phones,
   * employer names and case numbers. */
  g_assert_cmpuint (search_count (f, "张三"), ==, 1);
  g_assert_cmpuint (search_count (f, "王伟"), ==, 1);
  g_assert_cmpuint (search_count (f, "王"), ==, 2);      /* 王伟 and 王小明 */
  g_assert_cmpuint (search_count (f, "小明"), ==, 1);
  g_assert_cmpuint (search_count (f, "欧阳娜娜"), ==, 1);
  g_assert_cmpuint (search_count (f, "华建"), ==, 1);
  g_assert_cmpuint (search_count (f, "电子"), ==, 1);
  g_assert_cmpuint (search_count (f, "19491231"), ==, 1); /* middle of an ID */
  g_assert_cmpuint (search_count (f, "002x"), ==, 1);     /* end of an ID, any case */
  g_assert_cmpuint (search_count (f, "5678"), ==, 1);     /* both phones ending so are in one case */
  g_assert_cmpuint (search_count (f, "0000"), ==, 2);     /* 139-0000-5678 and 13700001111 */
  g_assert_cmpuint (search_count (f, "0001"), ==, 2);     /* case number; 13700001111 too */
  g_assert_cmpuint (search_count (f, "第0002号"), ==, 1);
  g_assert_cmpuint (search_count (f, "王伟 华建"), ==, 1);
  g_assert_cmpuint (search_count (f, "王伟 电子"), ==, 0);
  g_assert_cmpuint (search_count (f, "李"), ==, 0);
  g_assert_cmpuint (search_count (f, "１３８"), ==, 1);   /* full-width digits */
  g_assert_cmpuint (search_count (f, "\"'*"), ==, 2);     /* nothing searchable: no filter */

  /* A court's referral keeps who referred it and their number as fields
   * (the result goes back to the court under that number). */
  {
    g_autofree char *court = add_case (f, "{\"kind\":\"wage_arrears\",\"source\":\"court\",\"received_on\":\"2026-11-20\","
                                          "\"referred_by\":\"滨海县人民法院\",\"referral_ref\":\"（2026）滨委调字第12号\","
                                          "\"employer\":{\"name\":\"南湖服装厂\"}}");
    g_autoptr(JsonObject) shown = tj_case_show (f->store, &f->ctx, court, &error);
    g_autoptr(JsonObject) patch = tj_test_object ("{\"referral_ref\":\"（2026）滨委调字第13号\"}");
    g_autoptr(JsonObject) bad = tj_test_object ("{\"referred_by\":12}");
    g_autoptr(GError) bad_error = NULL;
    g_autoptr(JsonObject) again = NULL;

    g_assert_no_error (error);
    g_assert_cmpstr (tj_json_get_string (shown, "referred_by", NULL), ==, "滨海县人民法院");
    g_assert_cmpstr (tj_json_get_string (shown, "referral_ref", NULL), ==, "（2026）滨委调字第12号");
    g_assert_true (tj_case_update (f->store, &f->ctx, court, patch, &error));
    g_assert_no_error (error);
    g_assert_false (tj_case_update (f->store, &f->ctx, court, bad, &bad_error));
    g_assert_error (bad_error, TJ_ERROR, TJ_ERROR_INVALID);
    g_assert_nonnull (strstr (bad_error->message, "referred_by"));
    /* Found by the court's number, as the court asks about it. */
    g_assert_cmpuint (search_count (f, "滨委调字第13号"), ==, 1);
    again = tj_case_show (f->store, &f->ctx, court, &error);
    g_assert_cmpstr (tj_json_get_string (again, "referral_ref", NULL), ==, "（2026）滨委调字第13号");
    g_assert_cmpstr (tj_json_get_string (again, "referred_by", NULL), ==, "滨海县人民法院");
  }

  /* A case taken in without a title is titled in Chinese, the language of
   * the record, whatever the program's language (this test runs in C). */
  {
    g_autoptr(JsonObject) o = tj_case_show (f->store, &f->ctx, other, &error);
    g_assert_no_error (error);
    g_assert_cmpstr (tj_json_get_string (o, "title", NULL), ==, "东方电子厂——加班工资");
  }
}

/* A character every case holds (第 and 号 of every case number) is left
 * out of the search, as it filters nothing (tj-case-query.c): the matches
 * must stay exactly those of the whole query, also right after a case
 * without that character came in, here or through another connection (as
 * the CLI or a sync writes). */
static void
test_search_everywhere (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TjStore) other = NULL;
  g_autofree char *a = add_case (f, "{\"kind\":\"wage_arrears\",\"source\":\"walk_in\",\"received_on\":\"2026-11-20\","
                                     "\"employer\":{\"name\":\"东方电子厂\"},"
                                     "\"workers\":[{\"name\":\"王小明\",\"phone\":\"13700001111\"}]}");
  g_autofree char *b = add_case (f, "{\"kind\":\"wage_arrears\",\"source\":\"walk_in\",\"received_on\":\"2026-11-20\","
                                     "\"employer\":{\"name\":\"南湖服装厂\"},"
                                     "\"workers\":[{\"name\":\"李明\",\"phone\":\"13900002222\"}]}");
  g_autofree char *c = NULL;
  g_autofree char *d = NULL;

  /* 第, 号 and 厂 are in both cases: the digits decide. */
  g_assert_cmpuint (search_count (f, "第0002号"), ==, 1);
  g_assert_cmpuint (search_count (f, "厂 1111"), ==, 1);
  g_assert_cmpuint (search_count (f, "厂"), ==, 2);
  /* Nothing else: the character stays and still finds every case. */
  g_assert_cmpuint (search_count (f, "号"), ==, 2);

  /* A case whose text has 1111 but no 厂: 厂 filters again at once. */
  c = add_case (f, "{\"kind\":\"wage_arrears\",\"source\":\"walk_in\",\"received_on\":\"2026-11-21\","
                   "\"employer\":{\"name\":\"华建劳务有限公司\"},"
                   "\"workers\":[{\"name\":\"张明\",\"phone\":\"13600001111\"}]}");
  g_assert_cmpuint (search_count (f, "1111"), ==, 2);
  g_assert_cmpuint (search_count (f, "厂 1111"), ==, 1);

  /* The same through another connection to the file: 明 is in every
   * worker's name so far, and not in the case added there. */
  g_assert_cmpuint (search_count (f, "明"), ==, 3);
  g_assert_cmpuint (search_count (f, "明 0004"), ==, 0);
  other = tj_store_open (f->path, &error);
  g_assert_no_error (error);
  g_assert_true (tj_case_attach (other, &error));
  {
    g_autoptr(JsonObject) input = tj_test_object ("{\"kind\":\"wage_arrears\",\"source\":\"walk_in\","
                                                  "\"received_on\":\"2026-11-21\",\"employer\":{\"name\":\"西城饭店\"},"
                                                  "\"workers\":[{\"name\":\"赵敏\",\"phone\":\"13500000004\"}]}");
    g_autoptr(JsonObject) added = tj_case_add (other, &f->ctx, input, &error);
    g_assert_no_error (error);
    d = g_strdup (tj_json_get_string (added, "id", NULL));
  }
  /* 0004 is in the new case's number and phone; it has no 明. */
  g_assert_cmpuint (search_count (f, "0004"), ==, 1);
  g_assert_cmpuint (search_count (f, "明 0004"), ==, 0);
  g_assert_cmpuint (search_count (f, "明"), ==, 3);
  g_assert_nonnull (a);
  g_assert_nonnull (b);
  g_assert_nonnull (d);
}

static void
test_invalid_writes_nothing (Fixture       *f,
                             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) input = tj_test_object ("{\"kind\":\"wage_arrears\",\"source\":\"hotline\","
                                                "\"employer\":{\"name\":\"某公司\"},"
                                                "\"workers\":[{\"name\":\"甲\",\"id_number\":\"" ID_WANG "\"},"
                                                "             {\"name\":\"乙\",\"id_number\":\"110105198503120013\"},"
                                                "             {\"name\":\"丙\",\"id_number\":\"" ID_WANG "\"},"
                                                "             {\"name\":\"\",\"owed_fen\":-5},"
                                                "             {\"name\":\"丁\",\"owed_fen\":12.5}]}");
  gint64 seq = tj_store_get_update_seq (f->store);

  g_assert_null (tj_case_add (f->store, &f->ctx, input, &error));
  g_assert_error (error, TJ_ERROR, TJ_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "workers[1].id_number"));
  g_assert_nonnull (strstr (error->message, "workers[2].id_number"));
  g_assert_nonnull (strstr (error->message, "workers[3].name"));
  g_assert_nonnull (strstr (error->message, "workers[3].owed_fen"));
  g_assert_nonnull (strstr (error->message, "workers[4].owed_fen"));
  g_assert_cmpint (tj_store_get_update_seq (f->store), ==, seq);
  g_clear_error (&error);

  {
    g_autoptr(JsonObject) bad = tj_test_object ("{\"kind\":\"salary\",\"source\":\"fax\",\"title\":\"x\"}");
    g_assert_null (tj_case_add (f->store, &f->ctx, bad, &error));
    g_assert_nonnull (strstr (error->message, "kind"));
    g_assert_nonnull (strstr (error->message, "source"));
  }
}

/* Every member of the interchange JSON has its type checked (issue 12):
 * what used to pass and then quietly go wrong is refused naming the
 * field, and nothing is written. */
static void
test_member_types (Fixture       *f,
                   gconstpointer  data)
{
  static const struct { const char *json; const char *field; } bad[] = {
    /* The case silently lost its deadlines. */
    { "{\"kind\":\"other\",\"source\":\"walk_in\",\"title\":\"t\",\"employment_ongoing\":\"no\"}", "employment_ongoing" },
    { "{\"kind\":\"other\",\"source\":\"walk_in\",\"title\":\"t\",\"layoff_size\":-5}", "layoff_size" },
    { "{\"kind\":\"other\",\"source\":\"walk_in\",\"title\":\"t\",\"layoff_size\":1e308}", "layoff_size" },
    { "{\"kind\":\"other\",\"source\":\"walk_in\",\"title\":\"t\",\"layoff_size\":12.5}", "layoff_size" },
    { "{\"kind\":\"other\",\"source\":\"walk_in\",\"title\":\"t\",\"layoff\":\"yes\"}", "layoff" },
    { "{\"kind\":\"other\",\"source\":\"walk_in\",\"title\":\"t\",\"illegal_project\":1}", "illegal_project" },
    { "{\"kind\":\"other\",\"source\":\"walk_in\",\"title\":\"t\",\"workers\":[{\"name\":\"甲\",\"owed_fen\":1e308}]}",
      "workers[0].owed_fen" },
    { "{\"kind\":\"other\",\"source\":\"walk_in\",\"title\":\"t\",\"workers\":[{\"name\":\"甲\","
      "\"owed_fen\":100000000000001}]}", "workers[0].owed_fen" },
    { "{\"kind\":\"other\",\"source\":\"walk_in\",\"employer\":{\"name\":\"厂\",\"address\":5}}", "employer.address" },
    { "{\"kind\":\"other\",\"source\":\"walk_in\",\"title\":\"t\",\"chain\":[{\"role\":\"team_leader\",\"name\":\"x\","
      "\"representative\":[]}]}", "chain[0].representative" },
    { "{\"kind\":\"other\",\"source\":\"walk_in\",\"title\":\"t\",\"agents\":[{\"name\":\"刘\",\"represents\":\"boss\"}]}",
      "agents[0].represents" },
    { "{\"kind\":\"other\",\"source\":\"walk_in\",\"title\":\"t\",\"claims\":[{\"kind\":\"wages\",\"description\":3}]}",
      "claims[0].description" },
  };
  g_autoptr(GError) error = NULL;
  gint64 seq = tj_store_get_update_seq (f->store);
  g_autofree char *id = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(JsonObject) input = tj_test_object (bad[i].json);
      g_autoptr(JsonObject) added = tj_case_add (f->store, &f->ctx, input, &error);
      g_assert_null (added);
      g_assert_error (error, TJ_ERROR, TJ_ERROR_INVALID);
      if (strstr (error->message, bad[i].field) == NULL)
        g_error ("%s: “%s” does not name %s", bad[i].json, error->message, bad[i].field);
      g_clear_error (&error);
    }
  g_assert_cmpint (tj_store_get_update_seq (f->store), ==, seq);

  /* "\u0000" cut a name short; now the JSON itself is refused, naming it. */
  g_assert_null (tj_json_parse_object ("{\"kind\":\"other\",\"source\":\"walk_in\",\"title\":\"t\","
                                       "\"workers\":[{\"name\":\"张\\u0000三\"}]}", -1, &error));
  g_assert_error (error, TJ_ERROR, TJ_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "workers[0].name"));
  g_clear_error (&error);

  /* The right types pass, and a later edit is held to the same rules. */
  id = add_case (f, "{\"kind\":\"other\",\"source\":\"walk_in\",\"title\":\"t\",\"employment_ongoing\":true,"
                    "\"layoff\":true,\"layoff_size\":40,\"illegal_project\":false,"
                    "\"agents\":[{\"name\":\"刘\",\"represents\":\"worker\"}]}");
  {
    g_autoptr(JsonObject) patch = tj_test_object ("{\"layoff_size\":-5,\"employment_ongoing\":\"no\"}");
    g_assert_false (tj_case_update (f->store, &f->ctx, id, patch, &error));
    g_assert_error (error, TJ_ERROR, TJ_ERROR_INVALID);
    g_assert_nonnull (strstr (error->message, "layoff_size"));
    g_assert_nonnull (strstr (error->message, "employment_ongoing"));
    g_clear_error (&error);
  }
  {
    g_autoptr(JsonObject) shown = tj_case_show (f->store, &f->ctx, id, &error);
    g_assert_no_error (error);
    g_assert_cmpint (tj_json_get_int (shown, "layoff_size", 0), ==, 40);
    g_assert_true (tj_json_get_bool (shown, "employment_ongoing", FALSE));
  }
}

/* Totals never wrap around: amounts that came by sync (unchecked) are
 * summed with saturation, in the list and in case show. */
static void
test_totals_saturate (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *id = add_case (f, "{\"kind\":\"other\",\"source\":\"walk_in\",\"title\":\"溢出\"}");
  g_autoptr(JsonObject) shown = NULL;

  for (guint i = 0; i < 3; i++)
    {
      g_autofree char *json = g_strdup_printf ("{\"_id\":\"w%u\",\"_rev\":\"1-a\",\"type\":\"party\",\"role\":\"worker\","
                                               "\"case_id\":\"%s\",\"position\":%u,\"name\":\"甲\","
                                               "\"owed_fen\":4611686018427387904}", i, id, i + 1);
      g_autoptr(JsonObject) doc = tj_test_object (json);
      g_assert_true (tj_store_put_replicated (f->store, doc, &error));
      g_assert_no_error (error);
    }
  shown = tj_case_show (f->store, &f->ctx, id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (tj_json_get_int (tj_json_get_object (shown, "totals"), "owed_fen", 0), ==, G_MAXINT64);
  {
    TjCaseQuery q;
    g_autoptr(JsonArray) rows = NULL;
    tj_case_query_init (&q);
    q.query = "溢出";
    rows = tj_case_list (f->store, &q, &error);
    g_assert_no_error (error);
    g_assert_cmpint (tj_json_get_int (json_array_get_object_element (rows, 0), "owed_fen", 0), ==, G_MAXINT64);
  }
}

static void
test_numbers (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  const char *json = "{\"kind\":\"other\",\"source\":\"walk_in\",\"title\":\"t\",\"received_on\":\"2026-03-01\"}";
  g_autofree char *a = add_case (f, json);
  g_autofree char *b = add_case (f, json);
  g_autoptr(JsonObject) cb = tj_case_show (f->store, &f->ctx, b, &error);
  g_autoptr(JsonObject) cc = NULL;
  g_autofree char *c = NULL;

  g_assert_cmpstr (tj_json_get_string (cb, "number", NULL), ==, "〔2026〕海调字第0002号");
  /* Another station numbers independently without colliding. */
  f->ctx.station_code = "朝";
  c = add_case (f, json);
  cc = tj_case_show (f->store, &f->ctx, c, &error);
  g_assert_cmpstr (tj_json_get_string (cc, "number", NULL), ==, "〔2026〕朝调字第0001号");
  (void) a;
}

static void
test_status_workflow (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *id = add_case (f, "{\"kind\":\"other\",\"source\":\"walk_in\",\"title\":\"t\"}");
  g_autoptr(JsonArray) timeline = NULL;
  g_autoptr(JsonObject) c = NULL;

  g_assert_true (tj_case_status_allowed ("intake", "accepted"));
  g_assert_false (tj_case_status_allowed ("intake", "agreed"));
  g_assert_false (tj_case_status_allowed ("closed", "mediating"));

  /* Impossible transitions are refused and change nothing. */
  g_assert_false (tj_case_set_status (f->store, &f->ctx, id, "agreed", "they agreed", NULL, &error));
  g_assert_error (error, TJ_ERROR, TJ_ERROR_CONFLICT);
  g_clear_error (&error);
  g_assert_false (tj_case_set_status (f->store, &f->ctx, id, "accepted", "", NULL, &error));
  g_assert_error (error, TJ_ERROR, TJ_ERROR_INVALID);
  g_clear_error (&error);

  g_assert_true (tj_case_set_status (f->store, &f->ctx, id, "accepted", "材料齐全", NULL, &error));
  g_assert_true (tj_case_set_status (f->store, &f->ctx, id, "mediating", "开始调解", NULL, &error));
  g_assert_false (tj_case_set_status (f->store, &f->ctx, id, "referred", "转仲裁", NULL, &error));
  g_assert_error (error, TJ_ERROR, TJ_ERROR_INVALID); /* no destination */
  g_clear_error (&error);
  g_assert_true (tj_case_set_status (f->store, &f->ctx, id, "referred", "转仲裁", "arbitration", &error));
  g_assert_no_error (error);

  c = tj_case_show (f->store, &f->ctx, id, &error);
  g_assert_cmpstr (tj_json_get_string (c, "status", NULL), ==, "referred");
  g_assert_cmpstr (tj_json_get_string (c, "accepted_on", NULL), ==, "2026-11-22");
  g_assert_cmpstr (tj_json_get_string (c, "referred_to", NULL), ==, "arbitration");

  /* Timeline: newest first, who and why. */
  timeline = tj_case_timeline (f->store, id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (json_array_get_length (timeline), ==, 4);
  g_assert_cmpstr (tj_json_get_string (json_array_get_object_element (timeline, 3), "kind", NULL), ==, "created");
  {
    gboolean found = FALSE;
    for (guint i = 0; i < 3; i++)
      {
        JsonObject *e = json_array_get_object_element (timeline, i);
        if (g_strcmp0 (tj_json_get_string (e, "to_status", NULL), "referred") == 0)
          {
            found = TRUE;
            g_assert_cmpstr (tj_json_get_string (e, "reason", NULL), ==, "转仲裁");
            g_assert_cmpstr (tj_json_get_string (e, "actor", NULL), ==, "调解员甲");
            g_assert_nonnull (tj_json_get_string (e, "at", NULL));
          }
      }
    g_assert_true (found);
  }
}

/* The case page's limitation runs again from the end of the mediation
 * (劳动争议调解仲裁法 §27 ¶2), taken from the case's status. Knew
 * 2026-10-31; application received 2026-11-16 (limit 2026-12-01). */
static void
test_limitation_after_mediation (Fixture       *f,
                                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  const char *json = "{\"kind\":\"compensation\",\"source\":\"walk_in\",\"title\":\"t\","
                     "\"received_on\":\"2026-11-16\",\"knew_on\":\"2026-10-31\"}";
  g_autofree char *withdrawn = add_case (f, json);
  g_autofree char *failed = add_case (f, json);
  const char *today = f->ctx.today;
  JsonObject *d;

  /* Withdrawn on 2026-11-22 → the year from then: Monday 2027-11-22. */
  g_assert_true (tj_case_set_status (f->store, &f->ctx, withdrawn, "withdrawn", "申请人撤回", NULL, &error));
  {
    g_autoptr(JsonObject) c = tj_case_show (f->store, &f->ctx, withdrawn, &error);
    d = tj_json_get_object (tj_json_get_object (c, "deadlines"), "arbitration_limitation");
    g_assert_cmpstr (tj_json_get_string (d, "date", NULL), ==, "2027-11-22");
    g_assert_cmpstr (tj_json_get_string (d, "restart_reason", NULL), ==, "mediation_withdrawn");
    g_assert_cmpstr (tj_json_get_string (d, "interrupted_on", NULL), ==, "2026-11-16");
  }
  /* Closed a week later: the withdrawal still counts, not the closing. */
  f->ctx.today = "2026-11-29";
  g_assert_true (tj_case_set_status (f->store, &f->ctx, withdrawn, "closed", "归档", NULL, &error));
  {
    g_autoptr(JsonObject) c = tj_case_show (f->store, &f->ctx, withdrawn, &error);
    d = tj_json_get_object (tj_json_get_object (c, "deadlines"), "arbitration_limitation");
    g_assert_cmpstr (tj_json_get_string (d, "date", NULL), ==, "2027-11-22");
  }

  /* Accepted, then failed on Wednesday 2026-11-25 → Thursday 2027-11-25. */
  f->ctx.today = "2026-11-22";
  g_assert_true (tj_case_set_status (f->store, &f->ctx, failed, "accepted", "受理", NULL, &error));
  g_assert_true (tj_case_set_status (f->store, &f->ctx, failed, "mediating", "调解", NULL, &error));
  f->ctx.today = "2026-11-25";
  g_assert_true (tj_case_set_status (f->store, &f->ctx, failed, "failed", "调解不成", NULL, &error));
  {
    g_autoptr(JsonObject) c = tj_case_show (f->store, &f->ctx, failed, &error);
    d = tj_json_get_object (tj_json_get_object (c, "deadlines"), "arbitration_limitation");
    g_assert_cmpstr (tj_json_get_string (d, "date", NULL), ==, "2027-11-25");
    g_assert_cmpstr (tj_json_get_string (d, "restart_reason", NULL), ==, "mediation_failed");
    {
      GDate day;
      g_autofree char *failed_on = NULL;

      g_assert_true (tj_date_parse_iso ("2026-11-25", &day));
      failed_on = tj_date_format_display (&day);
      g_assert_nonnull (strstr (tj_json_get_string (d, "note", ""), failed_on));
    }
  }
  f->ctx.today = today;
}

static void
test_filters_and_flags (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  GString *many = g_string_new ("{\"kind\":\"wage_arrears\",\"source\":\"station\",\"received_on\":\"2026-11-01\","
                                "\"accepted_on\":\"2026-11-10\",\"employer\":{\"name\":\"大工地\"},\"workers\":[");
  g_autofree char *big = NULL;
  g_autofree char *small = NULL;
  g_autoptr(JsonArray) rows = NULL;
  TjCaseQuery q;

  for (int i = 0; i < 12; i++)
    g_string_append_printf (many, "%s{\"name\":\"工人%d\",\"owed_fen\":100000}", i ? "," : "", i);
  g_string_append (many, "]}");
  big = add_case (f, many->str);
  g_string_free (many, TRUE);
  small = add_case (f, "{\"kind\":\"overtime\",\"source\":\"walk_in\",\"title\":\"小案\",\"received_on\":\"2026-11-21\"}");

  tj_case_query_init (&q);
  q.today = "2026-11-22";
  q.flagged_only = TRUE;
  rows = tj_case_list (f->store, &q, &error);
  g_assert_cmpuint (json_array_get_length (rows), ==, 1);
  g_assert_true (tj_json_get_bool (json_array_get_object_element (rows, 0), "flagged", FALSE));
  g_clear_pointer (&rows, json_array_unref);

  /* Mediation limit (§14) runs from receipt: 2026-11-01 + 15 = 11-16, a
   * Monday, so on 11-22 it is 6 days overdue — and listed as due. */
  tj_case_query_init (&q);
  q.today = "2026-11-22";
  q.deadline_within = 5;
  rows = tj_case_list (f->store, &q, &error);
  g_assert_cmpuint (json_array_get_length (rows), ==, 1);
  g_assert_cmpint (tj_json_get_int (json_array_get_object_element (rows, 0), "days_left", -99), ==, -6);
  g_clear_pointer (&rows, json_array_unref);

  tj_case_query_init (&q);
  q.kind = "overtime";
  g_assert_cmpuint (tj_case_count (f->store, &q, &error), ==, 1);
  tj_case_query_init (&q);
  q.sort = "amount";
  rows = tj_case_list (f->store, &q, &error);
  g_assert_cmpstr (tj_json_get_string (json_array_get_object_element (rows, 0), "id", NULL), ==, big);
  (void) small;
}

static void
test_related (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *first = add_case (f, hotline_case);
  g_autoptr(JsonObject) input = tj_test_object ("{\"employer\":{\"name\":\"别的公司\"},"
                                                "\"workers\":[{\"name\":\"王伟\",\"id_number\":\"" ID_WANG "\"}]}");
  g_autoptr(JsonObject) by_employer = tj_test_object ("{\"employer\":{\"name\":\"x\",\"credit_code\":\"" USCC_HJ "\"}}");
  g_autoptr(JsonArray) rows = tj_case_find_related (f->store, input, NULL, &error);
  g_autoptr(JsonArray) rows2 = tj_case_find_related (f->store, by_employer, NULL, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (json_array_get_length (rows), ==, 1);
  g_assert_cmpstr (tj_json_get_string (json_array_get_object_element (rows, 0), "match", NULL), ==, "worker");
  g_assert_cmpuint (json_array_get_length (rows2), ==, 1);
  g_assert_cmpstr (tj_json_get_string (json_array_get_object_element (rows2, 0), "match", NULL), ==, "employer");
  (void) first;
}

static void
test_import_csv (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  const char *good =
    "案件,用人单位,收案日期,姓名,身份证号,电话,欠薪金额\n"
    "A,华建劳务有限公司,2026-11-01,张三," ID_ZHANG ",13812345678,\"12,000\"\n"
    "A,华建劳务有限公司,2026-11-01,王伟," ID_WANG ",13912345678,1.2万\n"
    "B,东方电子厂,2026-11-02,李四,,,3000\n";
  const char *bad =
    "案件,用人单位,姓名,身份证号,欠薪金额\n"
    "A,某厂,甲," ID_WANG ",100\n"
    "A,某厂,乙,110105198503120013,100\n"
    "B,某厂二,丙,,很多\n";
  g_autoptr(JsonObject) out = tj_case_import_csv (f->store, &f->ctx, good, strlen (good), &error);
  g_autofree char *gbk = NULL;
  gsize gbk_len = 0;

  g_assert_no_error (error);
  g_assert_cmpint (tj_json_get_int (out, "imported", 0), ==, 2);
  g_assert_cmpuint (search_count (f, "王伟"), ==, 1);
  {
    TjCaseQuery q;
    g_autoptr(JsonArray) rows = NULL;
    tj_case_query_init (&q);
    q.query = "华建";
    rows = tj_case_list (f->store, &q, &error);
    /* 12,000 + 1.2万 = 24,000 yuan */
    g_assert_cmpint (tj_json_get_int (json_array_get_object_element (rows, 0), "owed_fen", 0), ==, 2400000);
  }

  /* All or nothing, every bad row named by its line. */
  {
    gint64 seq = tj_store_get_update_seq (f->store);
    g_autoptr(JsonObject) none = tj_case_import_csv (f->store, &f->ctx, bad, strlen (bad), &error);
    g_assert_null (none);
    g_assert_error (error, TJ_ERROR, TJ_ERROR_INVALID);
    g_assert_nonnull (strstr (error->message, "Row 3"));
    g_assert_nonnull (strstr (error->message, "Row 4"));
    g_assert_null (strstr (error->message, "Row 2:"));
    g_assert_cmpint (tj_store_get_update_seq (f->store), ==, seq);
    g_clear_error (&error);
  }

  /* GBK, as Excel on a Chinese Windows saves CSV. */
  gbk = g_convert ("用人单位,姓名,欠薪金额\n南方制衣厂,赵六,800\n", -1, "GB18030", "UTF-8", NULL, &gbk_len, &error);
  g_assert_no_error (error);
  g_clear_pointer (&out, json_object_unref);
  out = tj_case_import_csv (f->store, &f->ctx, gbk, gbk_len, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (search_count (f, "赵六"), ==, 1);
  g_assert_cmpuint (search_count (f, "制衣"), ==, 1);
}

/* Kind and source written as their codes or as their labels (what a
 * spreadsheet exported from the application says) are stored as codes. */
static void
test_import_csv_labels (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *csv = g_strdup_printf ("用人单位,类型,来源,姓名,欠薪金额\n"
                                          "北岸物流,%s,%s,张三,100\n"
                                          "南岸物流,work_injury,hotline,李四,100\n",
                                          tj_case_kind_label ("overtime"), tj_case_source_label ("walk_in"));
  g_autoptr(JsonObject) out = tj_case_import_csv (f->store, &f->ctx, csv, strlen (csv), &error);
  static const struct { const char *employer, *kind, *source; } want[] = {
    { "北岸物流", "overtime", "walk_in" },
    { "南岸物流", "work_injury", "hotline" },
  };

  g_assert_no_error (error);
  g_assert_cmpint (tj_json_get_int (out, "imported", 0), ==, 2);
  for (guint i = 0; i < G_N_ELEMENTS (want); i++)
    {
      TjCaseQuery q;
      g_autoptr(JsonArray) rows = NULL;
      JsonObject *row;

      tj_case_query_init (&q);
      q.query = want[i].employer;
      rows = tj_case_list (f->store, &q, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (json_array_get_length (rows), ==, 1);
      row = json_array_get_object_element (rows, 0);
      g_assert_cmpstr (tj_json_get_string (row, "kind", NULL), ==, want[i].kind);
      g_assert_cmpstr (tj_json_get_string (row, "source", NULL), ==, want[i].source);
    }
}

static void
test_consultation_convert (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) input = tj_test_object ("{\"channel\":\"night_clinic\",\"held_on\":\"2026-11-20\","
                                                "\"worker\":{\"name\":\"刘芳\",\"phone\":\"13600001234\"},"
                                                "\"employer\":{\"name\":\"明光餐饮\"},\"kind\":\"wage_arrears\","
                                                "\"problem\":\"被拖欠三个月工资\",\"advice\":\"先协商，保留考勤记录\","
                                                "\"next_step\":\"周一来中心申请调解\",\"migrant_worker\":true,\"owed_fen\":1500000}");
  g_autoptr(JsonObject) added = tj_consultation_add (f->store, &f->ctx, input, &error);
  g_autoptr(JsonArray) list = NULL;
  g_autoptr(JsonObject) converted = NULL;
  g_autoptr(JsonObject) c = NULL;
  const char *cid;

  g_assert_no_error (error);
  list = tj_consultation_list (f->store, "刘芳", 0, &error);
  g_assert_cmpuint (json_array_get_length (list), ==, 1);

  converted = tj_consultation_convert (f->store, &f->ctx, tj_json_get_string (added, "id", NULL), NULL, &error);
  g_assert_no_error (error);
  cid = tj_json_get_string (converted, "id", NULL);
  c = tj_case_show (f->store, &f->ctx, cid, &error);
  g_assert_cmpstr (tj_json_get_string (c, "source", NULL), ==, "night_clinic");
  g_assert_cmpstr (tj_json_get_string (tj_json_get_object (c, "employer"), "name", NULL), ==, "明光餐饮");
  g_assert_nonnull (strstr (tj_json_get_string (c, "facts", ""), "保留考勤记录"));
  g_assert_nonnull (strstr (tj_json_get_string (c, "facts", ""), "Art. 42"));
  g_assert_cmpint (tj_json_get_int (tj_json_get_object (c, "totals"), "owed_fen", 0), ==, 1500000);

  /* Twice is refused. */
  g_assert_null (tj_consultation_convert (f->store, &f->ctx, tj_json_get_string (added, "id", NULL), NULL, &error));
  g_assert_error (error, TJ_ERROR, TJ_ERROR_CONFLICT);
}

/* Parties that arrive by replication (another station) reach the index. */
static void
test_replicated_party_indexed (Fixture       *f,
                               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *id = add_case (f, hotline_case);
  g_autofree char *json = g_strdup_printf ("{\"_id\":\"p-remote\",\"_rev\":\"1-abc\",\"type\":\"party\","
                                           "\"case_id\":\"%s\",\"role\":\"worker\",\"name\":\"司马光\","
                                           "\"owed_fen\":100}", id);
  g_autoptr(JsonObject) doc = tj_test_object (json);

  g_assert_true (tj_store_put_replicated (f->store, doc, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (search_count (f, "司马"), ==, 1);

  /* And a case written by a store without the index is caught up on open. */
  {
    g_autoptr(TjStore) plain = tj_store_open (f->path, &error);
    g_autoptr(JsonObject) d2 = tj_test_object ("{\"_id\":\"p-remote2\",\"_rev\":\"1-abd\",\"type\":\"case\",\"kind\":\"other\","
                                               "\"source\":\"hotline\",\"title\":\"派单案件诸葛\",\"status\":\"intake\"}");
    g_assert_true (tj_store_put_replicated (plain, d2, &error));
  }
  g_clear_object (&f->store);
  f->store = tj_store_open (f->path, &error);
  g_assert_true (tj_case_attach (f->store, &error));
  g_assert_cmpuint (search_count (f, "诸葛"), ==, 1);
}

static void
test_edits_and_evidence (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *id = add_case (f, hotline_case);
  g_autoptr(JsonObject) patch = tj_test_object ("{\"facts\":\"补充：有考勤表\",\"layoff\":true,\"knew_on\":null}");
  g_autoptr(JsonObject) bad_patch = tj_test_object ("{\"number\":\"x\",\"accepted_on\":\"2026-13-01\"}");
  g_autoptr(JsonObject) worker = tj_test_object ("{\"name\":\"诸葛亮\",\"phone\":\"13511112222\",\"owed_fen\":300000}");
  g_autoptr(JsonObject) dup = tj_test_object ("{\"name\":\"张三二\",\"id_number\":\"" ID_ZHANG "\"}");
  g_autoptr(JsonObject) edit = tj_test_object ("{\"owed_fen\":350000,\"phone\":null}");
  g_autoptr(JsonObject) bad_edit = tj_test_object ("{\"id_number\":\"110105198503120013\"}");
  g_autoptr(JsonObject) claim = tj_test_object ("{\"kind\":\"economic_compensation\",\"amount_fen\":2400000}");
  g_autoptr(JsonObject) c = NULL;
  g_autoptr(JsonArray) evidence = NULL;
  g_autoptr(GBytes) scan = g_bytes_new_static ("%PDF-1.4 fake scan", 18);
  g_autoptr(GBytes) back = NULL;
  g_autofree char *party_id = NULL;
  g_autofree char *claim_id = NULL;
  g_autofree char *ev_id = NULL;
  g_autofree char *fname = NULL;
  g_autofree char *ctype = NULL;

  g_assert_true (tj_case_update (f->store, &f->ctx, id, patch, &error));
  g_assert_no_error (error);
  g_assert_false (tj_case_update (f->store, &f->ctx, id, bad_patch, &error));
  g_assert_nonnull (strstr (error->message, "number"));
  g_assert_nonnull (strstr (error->message, "accepted_on"));
  g_clear_error (&error);

  party_id = tj_case_add_party (f->store, &f->ctx, id, "worker", worker, &error);
  g_assert_no_error (error);
  g_assert_null (tj_case_add_party (f->store, &f->ctx, id, "worker", dup, &error));
  g_assert_error (error, TJ_ERROR, TJ_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_true (tj_case_update_party (f->store, &f->ctx, party_id, edit, &error));
  g_assert_false (tj_case_update_party (f->store, &f->ctx, party_id, bad_edit, &error));
  g_assert_error (error, TJ_ERROR, TJ_ERROR_INVALID);
  g_clear_error (&error);
  claim_id = tj_case_add_claim (f->store, &f->ctx, id, claim, &error);
  g_assert_no_error (error);

  ev_id = tj_case_add_evidence (f->store, &f->ctx, id, "/home/x/考勤表.pdf", "application/pdf", scan,
                                "三个月考勤", &error);
  g_assert_no_error (error);
  evidence = tj_case_list_evidence (f->store, id, &error);
  g_assert_cmpuint (json_array_get_length (evidence), ==, 1);
  g_assert_cmpstr (tj_json_get_string (json_array_get_object_element (evidence, 0), "filename", NULL), ==, "考勤表.pdf");
  g_assert_cmpint (tj_json_get_int (json_array_get_object_element (evidence, 0), "length", 0), ==, 18);
  back = tj_case_get_evidence (f->store, ev_id, &fname, &ctype, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (ctype, ==, "application/pdf");
  g_assert_true (g_bytes_equal (back, scan));

  c = tj_case_show (f->store, &f->ctx, id, &error);
  g_assert_cmpstr (tj_json_get_string (c, "facts", NULL), ==, "补充：有考勤表");
  g_assert_false (json_object_has_member (c, "knew_on"));
  g_assert_cmpuint (json_array_get_length (tj_json_get_array (c, "workers")), ==, 4);
  /* The added worker comes last and carries the edit. */
  {
    JsonObject *w = json_array_get_object_element (tj_json_get_array (c, "workers"), 3);
    g_assert_cmpstr (tj_json_get_string (w, "name", NULL), ==, "诸葛亮");
    g_assert_cmpint (tj_json_get_int (w, "owed_fen", 0), ==, 350000);
    g_assert_false (json_object_has_member (w, "phone"));
  }
  g_assert_cmpint (tj_json_get_int (tj_json_get_object (c, "totals"), "owed_fen", 0), ==, 2680000 + 350000);
  g_assert_cmpint (tj_json_get_int (tj_json_get_object (c, "totals"), "claimed_fen", 0), ==, 2400000);
  /* layoff is now flagged */
  {
    JsonArray *flags = tj_json_get_array (c, "flags");
    gboolean layoff = FALSE;
    for (guint i = 0; i < json_array_get_length (flags); i++)
      layoff |= g_strcmp0 (json_array_get_string_element (flags, i), "layoff") == 0;
    g_assert_true (layoff);
  }
  g_assert_cmpuint (search_count (f, "诸葛"), ==, 1);
  {
    g_autoptr(JsonArray) timeline = tj_case_timeline (f->store, id, &error);
    /* created, edited, party added, party edited, claim added, evidence added */
    g_assert_cmpuint (json_array_get_length (timeline), ==, 6);
    g_assert_cmpstr (tj_json_get_string (json_array_get_object_element (timeline, 0), "kind", NULL), ==,
                     "evidence_added");
  }
}

/* A valid resident ID number (GB 11643 check character) from @seed. */
static char *
make_id_number (guint seed)
{
  g_autofree char *body = g_strdup_printf ("1101%02u19%02u%02u%02u%03u", seed % 90 + 10, 60 + seed % 40,
                                           1 + seed % 12, 1 + seed % 28, seed % 1000);

  return tj_test_id_number (body);
}

/* The ids of @query's matches in the list's order, collected the way the
 * index worked before it kept its rows in that order: every match of the
 * search index, sorted by SQLite. */
static GPtrArray *
matches_sorted (Fixture    *f,
                const char *query)
{
  g_autofree char *expr = tj_search_match_expression (query);
  GPtrArray *ids = g_ptr_array_new_with_free_func (g_free);
  sqlite3_stmt *st = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (tj_store_get_sqlite (f->store),
                                       "SELECT id FROM case_index WHERE rowid IN"
                                       " (SELECT rowid FROM case_fts WHERE case_fts MATCH ?1)"
                                       " ORDER BY received_on DESC, number_seq DESC", -1, &st, NULL), ==, SQLITE_OK);
  sqlite3_bind_text (st, 1, expr, -1, SQLITE_STATIC);
  while (sqlite3_step (st) == SQLITE_ROW)
    g_ptr_array_add (ids, g_strdup ((const char *) sqlite3_column_text (st, 0)));
  sqlite3_finalize (st);
  return ids;
}

/* Pages through @query's list 7 rows at a time and checks it is every
 * match, once, in the list's order; returns how many. */
static guint
check_search_pages (Fixture    *f,
                    const char *query)
{
  g_autoptr(GPtrArray) expected = matches_sorted (f, query);
  g_autoptr(GError) error = NULL;
  guint seen = 0;
  TjCaseQuery q;

  tj_case_query_init (&q);
  q.query = query;
  q.today = f->ctx.today;
  q.limit = 7;
  for (q.offset = 0;; q.offset += q.limit)
    {
      g_autoptr(JsonArray) rows = tj_case_list (f->store, &q, &error);

      g_assert_no_error (error);
      for (guint i = 0; i < json_array_get_length (rows); i++, seen++)
        {
          JsonObject *row = json_array_get_object_element (rows, i);
          g_assert_cmpuint (seen, <, expected->len);
          g_assert_cmpstr (tj_json_get_string (row, "id", NULL), ==, g_ptr_array_index (expected, seen));
        }
      if (json_array_get_length (rows) < q.limit)
        break;
    }
  g_assert_cmpuint (seen, ==, expected->len);
  q.offset = 0;
  g_assert_cmpuint (tj_case_count (f->store, &q, &error), ==, seen);
  return seen;
}

/* How many cases hold @fragment in a searched field, read without the
 * search index: for a fragment of three or more letters or digits, what
 * the search must find (tj-search.h). */
static guint
substring_count (Fixture    *f,
                 const char *fragment)
{
  sqlite3_stmt *st = NULL;
  guint n;

  g_assert_cmpint (sqlite3_prepare_v2 (tj_store_get_sqlite (f->store),
                                       "SELECT COUNT(DISTINCT ci.id) FROM case_index ci"
                                       " LEFT JOIN case_people p ON p.case_id = ci.id"
                                       " WHERE instr(lower(p.id_number), ?1) OR instr(p.phone, ?1)"
                                       " OR instr(lower(p.credit_code), ?1) OR instr(p.name, ?1)"
                                       " OR instr(ci.number, ?1) OR instr(ci.title, ?1)", -1, &st, NULL), ==, SQLITE_OK);
  sqlite3_bind_text (st, 1, fragment, -1, SQLITE_STATIC);
  g_assert_cmpint (sqlite3_step (st), ==, SQLITE_ROW);
  n = sqlite3_column_int (st, 0);
  sqlite3_finalize (st);
  return n;
}

/* Search reads its matches in the list's order from the search index and
 * stops at the page (tj-case-index.c): every kind of query gives the same
 * matches in the same order as sorting all of them, page by page, also
 * after a case's date or number changed. */
static void
test_search_order (Fixture       *f,
                   gconstpointer  data)
{
  static const char * const names[] = { "王伟", "王芳", "李娜", "张秀英", "欧阳娜娜", "刘强", "陈静", "王建国" };
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *id_number = NULL;
  guint n = 0;

  g_assert_true (tj_store_begin (f->store, &error));
  for (guint i = 0; i < 90; i++)
    {
      g_autofree char *idn = make_id_number (i * 7919 + 13);
      /* Days repeat, so the number decides between cases of one day. */
      g_autofree char *json = g_strdup_printf ("{\"kind\":\"wage_arrears\",\"source\":\"walk_in\","
                                               "\"received_on\":\"2026-%02u-%02u\",\"accepted_on\":\"2026-11-20\","
                                               "\"employer\":{\"name\":\"%s电子有限公司\"},"
                                               "\"workers\":[{\"name\":\"%s\",\"id_number\":\"%s\","
                                               "\"phone\":\"1380000%04u\"}]}",
                                               1 + (i * 7) % 11, 1 + (i * 5) % 3, i % 2 ? "华强" : "东方",
                                               names[i % G_N_ELEMENTS (names)], idn, i * 37 % 10000);
      g_ptr_array_add (ids, add_case (f, json));
      if (i == 41)
        id_number = g_steal_pointer (&idn);
    }
  g_assert_true (tj_store_commit (f->store, &error));

  /* One character, two, a compound surname, an employer, fragments of an
   * ID number and of a phone, case numbers, short digits (a prefix). */
  g_assert_cmpuint (check_search_pages (f, "王"), ==, 35);
  g_assert_cmpuint (check_search_pages (f, "王伟"), ==, 12);
  g_assert_cmpuint (check_search_pages (f, "欧阳"), ==, 11);
  g_assert_cmpuint (check_search_pages (f, "娜"), ==, 22);
  g_assert_cmpuint (check_search_pages (f, "华强电子"), ==, 45);
  g_assert_cmpuint (check_search_pages (f, "电子"), ==, 90);
  /* Fragments of numbers anywhere in them, of three characters or more,
   * at the start, inside and at the end: as a plain substring search
   * finds them. */
  {
    static const guint starts[] = { 0, 3, 6, 10, 13, 14, 15 };
    for (guint k = 0; k < G_N_ELEMENTS (starts); k++)
      for (guint len = 3; len <= 8 && starts[k] + len <= 18; len++)
        {
          g_autofree char *fragment = g_ascii_strdown (id_number + starts[k], len);
          n = check_search_pages (f, fragment);
          g_assert_cmpuint (n, >=, 1);
          g_assert_cmpuint (n, ==, substring_count (f, fragment));
        }
  }
  for (guint k = 0; k + 3 <= 11; k++)
    {
      /* Case 41's phone, 13800001517. */
      g_autofree char *fragment = g_strndup ("13800001517" + k, 3 + k % 3);
      if (strlen (fragment) < 3)
        continue;
      n = check_search_pages (f, fragment);
      g_assert_cmpuint (n, >=, 1);
      g_assert_cmpuint (n, ==, substring_count (f, fragment));
    }
  g_assert_cmpuint (check_search_pages (f, "1380000"), ==, 90);
  g_assert_cmpuint (check_search_pages (f, "第0042号"), ==, 1);
  g_assert_cmpuint (check_search_pages (f, "海调字"), ==, 90);
  n = check_search_pages (f, "00");
  g_assert_cmpuint (n, ==, 90);
  n = check_search_pages (f, "1");
  g_assert_cmpuint (n, ==, 90);
  g_assert_cmpuint (check_search_pages (f, "王 电子 8"), >, 0);
  g_assert_cmpuint (check_search_pages (f, "赵"), ==, 0);

  /* A short word reads the newest cases' text; when the page does not
   * fill there, it asks the index. Both give what the index finds. */
  {
    static const char * const shorts[] = { "1", "00", "8", "15", "x", "ma", "王 8", "电子 13", "a" };

    for (guint w = 0; w < 3; w++)
      {
        _tj_case_scan_window = (guint[]) { 1000, 20, 0 }[w];
        for (guint k = 0; k < G_N_ELEMENTS (shorts); k++)
          check_search_pages (f, shorts[k]);
      }
    _tj_case_scan_window = 1000;
    g_assert_true (tj_search_has_short_word ("王 8"));
    g_assert_true (tj_search_has_short_word ("ab"));
    g_assert_false (tj_search_has_short_word ("abc 王"));
    g_assert_false (tj_search_has_short_word ("王"));
    /* What the scan tests, on a text of its own. */
    g_assert_true (tj_search_text_matches ("张三 13812345678", "１３８"));
    g_assert_true (tj_search_text_matches ("张三 13812345678", "56"));   /* a 4-gram starts there */
    g_assert_true (tj_search_text_matches ("张三 13812345678", "67"));   /* the last three start there */
    g_assert_false (tj_search_text_matches ("张三 13812345678", "78")); /* the last two: as the index */
    g_assert_true (tj_search_text_matches ("张三 13812345678", "678"));
    g_assert_true (tj_search_text_matches ("张三 AB", "ab"));
    g_assert_true (tj_search_text_matches ("张三 AB", "三 a"));
    g_assert_false (tj_search_text_matches ("张三 AB", "张 b"));
    g_assert_false (tj_search_text_matches ("张三 AB", "三张"));
  }

  /* A case received later moves to the top of its matches; one with its
   * date removed to the end. */
  {
    g_autoptr(JsonObject) later = tj_test_object ("{\"received_on\":\"2026-11-21\"}");
    g_autoptr(JsonArray) rows = NULL;
    TjCaseQuery q;

    g_assert_true (tj_case_update (f->store, &f->ctx, g_ptr_array_index (ids, 40), later, &error));
    g_assert_no_error (error);
    tj_case_query_init (&q);
    q.query = "王";
    q.today = f->ctx.today;
    q.limit = 1;
    rows = tj_case_list (f->store, &q, &error);
    g_assert_no_error (error);
    g_assert_cmpstr (tj_json_get_string (json_array_get_object_element (rows, 0), "id", NULL), ==,
                     g_ptr_array_index (ids, 40));
    g_assert_cmpuint (check_search_pages (f, "王"), ==, 35);
    g_assert_cmpuint (check_search_pages (f, "电子"), ==, 90);
  }
  /* Cases moved into a busy day come last there but sort by number
   * among its cases; a case without a date sorts last. */
  {
    g_autoptr(JsonObject) busy = tj_test_object ("{\"received_on\":\"2026-08-02\"}");
    g_autoptr(JsonObject) undated = tj_test_object ("{\"received_on\":null}");

    for (guint k = 0; k < 6; k++)
      {
        g_assert_true (tj_case_update (f->store, &f->ctx, g_ptr_array_index (ids, k * 3), busy, &error));
        g_assert_no_error (error);
      }
    if (!tj_case_update (f->store, &f->ctx, g_ptr_array_index (ids, 7), undated, &error))
      g_clear_error (&error); /* the date may be required: then only the busy day */
    for (guint w = 0; w < 2; w++)
      {
        _tj_case_scan_window = (guint[]) { 1000, 10 }[w];
        g_assert_cmpuint (check_search_pages (f, "王"), ==, 35);
        g_assert_cmpuint (check_search_pages (f, "电子"), ==, 90);
        g_assert_cmpuint (check_search_pages (f, "1"), ==, 90);
        check_search_pages (f, "王 8");
      }
    _tj_case_scan_window = 1000;
  }
}

int
main (int    argc,
      char **argv)
{
  tj_test_pin_today ("2026-11-22");
  g_test_init (&argc, &argv, NULL);
  g_setenv ("XDG_DATA_HOME", "/nonexistent-tiaojie-test", TRUE);

  g_test_add_func ("/case/validators", test_validators);
  g_test_add_func ("/case/check", test_check);
  g_test_add_func ("/case/check-element", test_check_element);
  g_test_add_func ("/case/check-valid", test_check_valid);
  g_test_add_func ("/case/check-fen", test_check_fen);
  g_test_add_func ("/case/field-paths", test_field_paths);
  g_test_add_func ("/case/match-expression", test_match_expression);
#define ADD(name, func) g_test_add ("/case/" name, Fixture, NULL, tj_test_case_store_set_up, func, tj_test_case_store_tear_down)
  ADD ("add-show-search", test_add_show_search);
  ADD ("get-doc", test_get_doc);
  ADD ("wrong-type", test_wrong_type);
  ADD ("search-order", test_search_order);
  ADD ("search-everywhere", test_search_everywhere);
  ADD ("invalid-writes-nothing", test_invalid_writes_nothing);
  ADD ("add-field-errors", test_add_field_errors);
  ADD ("member-types", test_member_types);
  ADD ("totals-saturate", test_totals_saturate);
  ADD ("numbers", test_numbers);
  ADD ("status-workflow", test_status_workflow);
  ADD ("limitation-after-mediation", test_limitation_after_mediation);
  ADD ("filters-and-flags", test_filters_and_flags);
  ADD ("related", test_related);
  ADD ("import-csv", test_import_csv);
  ADD ("import-csv-labels", test_import_csv_labels);
  ADD ("consultation-convert", test_consultation_convert);
  ADD ("replicated-party-indexed", test_replicated_party_indexed);
  ADD ("edits-and-evidence", test_edits_and_evidence);
#undef ADD
  return g_test_run ();
}
