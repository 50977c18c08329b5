/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Correcting a case (issue 16): a party entered twice is deleted unless
 * the settlement or a payment names it, a contractor moves to its right
 * role, claims are changed and deleted; every change is on the timeline
 * naming the fields by their labels. Reaching the worker: impossible
 * phones are refused at intake, masked numbers are revealed through
 * tj_reveal() alone. The same through tiaojie-cli, in English and Chinese. */

#include <glib/gstdio.h>
#include <string.h>

#include "tj-arrears.h"
#include "tj-case.h"
#include "tj-consultation.h"
#include "tj-field-labels.h"
#include "tj-json.h"
#include "tj-reveal.h"
#include "tj-settlement.h"
#include "tj-test-cli.h"
#include "tj-test-store.h"
#include "tj-test-util.h"
#include "tj-validate.h"

#define ID_ZHANG "11010519491231002X"
#define ID_WANG  "110105198503120012"

typedef struct {
  char          *dir;
  char          *path;
  TjStore       *store;
  TjCaseContext  ctx;
  char          *case_id;
  char          *employer_id;
  char          *owner[2];      /* the subcontractor, entered twice */
  char          *contractor;    /* the general contractor */
  char          *w[2];          /* 张三, 王伟 */
  char          *claim_id;
} Fixture;

static const char case_json[] =
  "{\"title\":\"城南工地农民工欠薪\",\"kind\":\"wage_arrears\",\"source\":\"hotline\","
  "\"received_on\":\"2026-11-16\",\"accepted_on\":\"2026-11-16\","
  "\"employer\":{\"name\":\"华建劳务有限公司\"},"
  "\"chain\":[{\"role\":\"project_owner\",\"name\":\"滨海置业有限公司\"},"
  "           {\"role\":\"general_contractor\",\"name\":\"滨海建工集团有限公司\"},"
  "           {\"role\":\"subcontractor\",\"name\":\"宏达劳务分包有限公司\"},"
  "           {\"role\":\"subcontractor\",\"name\":\"宏达劳务分包有限公司\"}],"
  "\"workers\":[{\"name\":\"张三\",\"id_number\":\"" ID_ZHANG "\",\"owed_fen\":1200000,"
  "              \"phone\":\"13812345678\",\"bank_account\":\"6222 0212 3456 7890 123\"},"
  "             {\"name\":\"王伟\",\"id_number\":\"" ID_WANG "\",\"owed_fen\":900000}],"
  "\"claims\":[{\"kind\":\"overtime\",\"amount_fen\":400000,\"description\":\"加班费\"}]}";

static JsonObject *
show (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  JsonObject *doc = tj_case_show (f->store, &f->ctx, f->case_id, &error);
  g_assert_no_error (error);
  return doc;
}

/* The newest timeline entry. */
static JsonObject *
last_event (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonArray) events = tj_case_timeline (f->store, f->case_id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (json_array_get_length (events), >, 0);
  return json_object_ref (json_array_get_object_element (events, 0));
}

static guint
n_events (Fixture *f)
{
  g_autoptr(JsonArray) events = tj_case_timeline (f->store, f->case_id, NULL);
  return json_array_get_length (events);
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) input = tj_test_object (case_json);
  g_autoptr(JsonObject) added = NULL;
  g_autoptr(JsonObject) doc = NULL;
  JsonArray *arr;

  f->store = tj_test_store_open_tmp ("tj-corrections-XXXXXX", "c.db", &f->dir, &f->path);
  g_assert_true (tj_arrears_attach (f->store, &error));
  tj_case_context_init_defaults (&f->ctx);
  f->ctx.actor = "调解员甲";
  f->ctx.today = "2026-11-22";
  added = tj_case_add (f->store, &f->ctx, input, &error);
  g_assert_no_error (error);
  f->case_id = g_strdup (tj_json_get_string (added, "id", NULL));
  doc = show (f);
  arr = tj_json_get_array (doc, "chain");
  g_assert_cmpuint (json_array_get_length (arr), ==, 4);
  f->contractor = g_strdup (tj_json_get_string (json_array_get_object_element (arr, 1), "id", NULL));
  for (guint i = 0; i < 2; i++)
    f->owner[i] = g_strdup (tj_json_get_string (json_array_get_object_element (arr, i + 2), "id", NULL));
  arr = tj_json_get_array (doc, "workers");
  for (guint i = 0; i < 2; i++)
    f->w[i] = g_strdup (tj_json_get_string (json_array_get_object_element (arr, i), "id", NULL));
  f->employer_id = g_strdup (tj_json_get_string (tj_json_get_object (doc, "employer"), "id", NULL));
  f->claim_id = g_strdup (tj_json_get_string (json_array_get_object_element (tj_json_get_array (doc, "claims"), 0),
                                              "id", NULL));
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  tj_test_store_close (&f->store, &f->dir, &f->path);
  g_free (f->case_id);
  g_free (f->employer_id);
  g_free (f->claim_id);
  g_free (f->contractor);
  for (guint i = 0; i < 2; i++)
    {
      g_free (f->owner[i]);
      g_free (f->w[i]);
    }
}

/* Agreed: ¥12,000 to 张三 and ¥9,000 to 王伟 in one installment, paid by
 * the employer. */
static void
agree (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *json = g_strdup_printf (
    "{\"status\":\"agreed\",\"total_fen\":2100000,\"payer\":{\"party_id\":\"%s\"},\"method\":\"bank_transfer\","
    "\"installments\":[{\"due_on\":\"2026-11-30\",\"amount_fen\":2100000,\"allocations\":["
    "{\"worker_id\":\"%s\",\"amount_fen\":1200000},{\"worker_id\":\"%s\",\"amount_fen\":900000}]}]}",
    f->employer_id, f->w[0], f->w[1]);
  g_autoptr(JsonObject) s = tj_test_object (json);
  g_autoptr(JsonObject) out = NULL;

  g_assert_true (tj_case_set_status (f->store, &f->ctx, f->case_id, "mediating", "test", NULL, &error));
  g_assert_true (tj_case_set_status (f->store, &f->ctx, f->case_id, "agreed", "test", NULL, &error));
  out = tj_settlement_set (f->store, &f->ctx, f->case_id, s, &error);
  g_assert_no_error (error);
}

/* ------------------------------------------------------------------ */

static void
test_phone_and_account (void)
{
  static const char * const good[] = {
    "13812345678", "138 1234 5678", "+86 138-1234-5678", "010-82345678", "0755-8234567", "87654321",
    "12351", "110", "4008123123", "95588", NULL
  };
  static const char * const bad[] = { "1381234", "13812345", "138123456", "0123", "12", "555", NULL };
  g_autoptr(GError) error = NULL;

  for (guint i = 0; good[i]; i++)
    {
      if (!tj_validate_phone (good[i], NULL, &error))
        g_error ("%s refused: %s", good[i], error->message);
    }
  for (guint i = 0; bad[i]; i++)
    {
      if (tj_validate_phone (bad[i], "worker.phone", &error))
        g_error ("%s accepted", bad[i]);
      g_assert_error (error, TJ_ERROR, TJ_ERROR_INVALID);
      g_assert_true (g_str_has_prefix (error->message, "worker.phone: "));
      /* The message never repeats a whole number. */
      if (strlen (bad[i]) >= 7)
        g_assert_null (strstr (error->message, bad[i]));
      g_clear_error (&error);
    }
  g_assert_false (tj_validate_phone ("1381234", NULL, &error));
  g_assert_nonnull (strstr (error->message, "11"));
  g_clear_error (&error);

  g_assert_true (tj_validate_bank_account ("6222 0212 3456 7890 123", NULL, &error));
  g_assert_no_error (error);
  g_assert_false (tj_validate_bank_account ("6222-abc", "bank_account", &error));
  g_assert_error (error, TJ_ERROR, TJ_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (tj_validate_bank_account ("1234567", NULL, &error));
  g_clear_error (&error);
  {
    g_autofree char *n = tj_normalize_bank_account ("6222 0212-3456 7890 123");
    g_autofree char *m = tj_mask_bank_account ("6222 0212 3456 7890 123");
    g_assert_cmpstr (n, ==, "6222021234567890123");
    g_assert_cmpstr (m, ==, "6222 ****0123");
  }
}

/* "1381234" is refused at every intake, naming the field; nothing is
 * written. */
static void
test_intake_refuses_impossible_phone (Fixture       *f,
                                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) c = tj_test_object ("{\"kind\":\"wage_arrears\",\"source\":\"walk_in\",\"title\":\"李四欠薪\","
                                            "\"workers\":[{\"name\":\"李四\",\"phone\":\"1381234\"}]}");
  g_autoptr(JsonObject) consultation = tj_test_object ("{\"held_on\":\"2026-11-20\",\"channel\":\"night_clinic\","
                                                       "\"worker\":{\"name\":\"李四\",\"phone\":\"1381234\"},"
                                                       "\"problem\":\"欠薪\"}");
  g_autoptr(JsonObject) edit = tj_test_object ("{\"phone\":\"1381234\"}");
  g_autoptr(JsonObject) out = NULL;
  g_autoptr(JsonArray) list = NULL;
  guint before = n_events (f);

  out = tj_case_add (f->store, &f->ctx, c, &error);
  g_assert_null (out);
  g_assert_error (error, TJ_ERROR, TJ_ERROR_INVALID);
  g_assert_true (g_str_has_prefix (error->message, "workers[0].phone: "));
  g_clear_error (&error);

  out = tj_consultation_add (f->store, &f->ctx, consultation, &error);
  g_assert_null (out);
  g_assert_error (error, TJ_ERROR, TJ_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "worker.phone"));
  g_clear_error (&error);
  list = tj_consultation_list (f->store, NULL, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (json_array_get_length (list), ==, 0);

  g_assert_false (tj_case_update_party (f->store, &f->ctx, f->w[1], edit, &error));
  g_assert_error (error, TJ_ERROR, TJ_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "phone"));
  g_clear_error (&error);
  g_assert_cmpuint (n_events (f), ==, before);
}

/* The subcontractor entered twice goes; the timeline says who and in
 * which role. Parties the settlement or a payment names stay, with the
 * reason — a link of the chain too. */
static void
test_delete_party (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) doc = NULL;
  g_autoptr(JsonObject) event = NULL;
  guint before;

  g_assert_true (tj_case_delete_party (f->store, &f->ctx, f->owner[1], &error));
  g_assert_no_error (error);
  doc = show (f);
  g_assert_cmpuint (json_array_get_length (tj_json_get_array (doc, "chain")), ==, 3);
  g_assert_cmpstr (tj_json_get_string (json_array_get_object_element (tj_json_get_array (doc, "chain"), 2), "id", NULL),
                   ==, f->owner[0]);
  event = last_event (f);
  g_assert_cmpstr (tj_json_get_string (event, "kind", NULL), ==, "party_deleted");
  g_assert_cmpstr (tj_json_get_string (event, "text", NULL), ==, "Party deleted: 宏达劳务分包有限公司 (Subcontractor)");
  g_assert_cmpstr (tj_json_get_string (event, "actor", NULL), ==, "调解员甲");

  /* Gone is not found. */
  g_assert_false (tj_case_delete_party (f->store, &f->ctx, f->owner[1], &error));
  g_assert_error (error, TJ_ERROR, TJ_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_false (tj_case_delete_party (f->store, &f->ctx, f->claim_id, &error));
  g_assert_error (error, TJ_ERROR, TJ_ERROR_NOT_FOUND);
  g_clear_error (&error);

  agree (f);
  before = n_events (f);
  g_assert_false (tj_case_delete_party (f->store, &f->ctx, f->w[0], &error));
  g_assert_error (error, TJ_ERROR, TJ_ERROR_CONFLICT);
  g_assert_cmpstr (error->message, ==,
                   "张三 cannot be deleted: the agreed settlement allocates ¥12,000.00 to them in installment 1");
  g_clear_error (&error);
  g_assert_false (tj_case_delete_party (f->store, &f->ctx, f->employer_id, &error));
  g_assert_error (error, TJ_ERROR, TJ_ERROR_CONFLICT);
  g_assert_nonnull (strstr (error->message, "payer"));
  g_clear_error (&error);
  g_assert_cmpuint (n_events (f), ==, before);
  g_clear_pointer (&doc, json_object_unref);
  doc = show (f);
  g_assert_cmpuint (json_array_get_length (tj_json_get_array (doc, "workers")), ==, 2);
  g_assert_nonnull (tj_json_get_object (doc, "employer"));

  /* The general contractor named as the payer of a new agreement stays in
   * the chain. */
  {
    g_autofree char *json = g_strdup_printf (
      "{\"status\":\"agreed\",\"total_fen\":2100000,\"payer\":{\"party_id\":\"%s\"},\"method\":\"bank_transfer\","
      "\"installments\":[{\"due_on\":\"2026-11-30\",\"amount_fen\":2100000,\"allocations\":["
      "{\"worker_id\":\"%s\",\"amount_fen\":1200000},{\"worker_id\":\"%s\",\"amount_fen\":900000}]}]}",
      f->contractor, f->w[0], f->w[1]);
    g_autoptr(JsonObject) s = tj_test_object (json);
    g_autoptr(JsonObject) out = tj_settlement_set (f->store, &f->ctx, f->case_id, s, &error);
    g_assert_no_error (error);
  }
  g_assert_false (tj_case_delete_party (f->store, &f->ctx, f->contractor, &error));
  g_assert_error (error, TJ_ERROR, TJ_ERROR_CONFLICT);
  g_assert_cmpstr (error->message, ==, "滨海建工集团有限公司 cannot be deleted: the agreed settlement names them as the payer");
  g_clear_error (&error);
  g_clear_pointer (&doc, json_object_unref);
  doc = show (f);
  g_assert_cmpuint (json_array_get_length (tj_json_get_array (doc, "chain")), ==, 3);

  /* A payment to 王伟, then a new agreement that leaves him out: the
   * payment still names him. (The new agreement is refused because it
   * does not cover the payment — the payment keeps him either way.) */
  {
    g_autofree char *json = g_strdup_printf ("{\"installment\":0,\"worker_id\":\"%s\",\"amount_fen\":100000,"
                                             "\"paid_on\":\"2026-11-21\"}", f->w[1]);
    g_autoptr(JsonObject) p = tj_test_object (json);
    g_autoptr(JsonObject) out = tj_payment_add (f->store, &f->ctx, f->case_id, p, &error);
    g_assert_no_error (error);
  }
  g_assert_false (tj_case_delete_party (f->store, &f->ctx, f->w[1], &error));
  g_assert_error (error, TJ_ERROR, TJ_ERROR_CONFLICT);
  g_assert_true (g_str_has_prefix (error->message, "王伟 cannot be deleted: "));
  g_clear_error (&error);
}

static void
test_change_role (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) role = tj_test_object ("{\"role\":\"team_leader\"}");
  g_autoptr(JsonObject) to_worker = tj_test_object ("{\"role\":\"worker\"}");
  g_autoptr(JsonObject) to_employer = tj_test_object ("{\"role\":\"employer\"}");
  g_autoptr(JsonObject) nonsense = tj_test_object ("{\"role\":\"boss\"}");
  g_autoptr(JsonObject) doc = NULL;
  g_autoptr(JsonObject) event = NULL;
  guint before;

  g_assert_true (tj_case_update_party (f->store, &f->ctx, f->owner[1], role, &error));
  g_assert_no_error (error);
  doc = show (f);
  {
    JsonArray *chain = tj_json_get_array (doc, "chain");
    gboolean found = FALSE;
    for (guint i = 0; i < json_array_get_length (chain); i++)
      if (g_strcmp0 (tj_json_get_string (json_array_get_object_element (chain, i), "id", NULL), f->owner[1]) == 0)
        {
          g_assert_cmpstr (tj_json_get_string (json_array_get_object_element (chain, i), "role", NULL), ==, "team_leader");
          found = TRUE;
        }
    g_assert_true (found);
  }
  event = last_event (f);
  g_assert_cmpstr (tj_json_get_string (event, "kind", NULL), ==, "party_role");
  g_assert_cmpstr (tj_json_get_string (event, "text", NULL), ==,
                   "Role changed: 宏达劳务分包有限公司, Subcontractor → Team leader");

  /* The same role again is no change and no event. */
  before = n_events (f);
  g_assert_true (tj_case_update_party (f->store, &f->ctx, f->owner[1], role, &error));
  g_assert_cmpuint (n_events (f), ==, before);

  g_assert_false (tj_case_update_party (f->store, &f->ctx, f->owner[1], to_worker, &error));
  g_assert_error (error, TJ_ERROR, TJ_ERROR_INVALID);
  g_assert_true (g_str_has_prefix (error->message, "role: "));
  g_clear_error (&error);
  g_assert_false (tj_case_update_party (f->store, &f->ctx, f->owner[1], to_employer, &error));
  g_assert_error (error, TJ_ERROR, TJ_ERROR_INVALID);
  g_assert_true (g_str_has_prefix (error->message, "role: "));
  g_clear_error (&error);
  /* A second general contractor: the chain refuses it as a whole. */
  {
    g_autoptr(JsonObject) second = tj_test_object ("{\"role\":\"general_contractor\"}");
    g_assert_false (tj_case_update_party (f->store, &f->ctx, f->owner[0], second, &error));
    g_assert_error (error, TJ_ERROR, TJ_ERROR_INVALID);
    g_clear_error (&error);
  }
  g_assert_false (tj_case_update_party (f->store, &f->ctx, f->owner[1], nonsense, &error));
  g_assert_error (error, TJ_ERROR, TJ_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_cmpuint (n_events (f), ==, before);
}

/* Edits name what changed by its label, and keep the members for readers
 * in another language. */
static void
test_labels_on_timeline (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) patch = tj_test_object ("{\"knew_on\":\"2026-10-01\",\"employment_ended_on\":\"2026-10-31\","
                                                "\"facts\":\"拖欠三个月工资\",\"title\":\"城南工地农民工欠薪\"}");
  g_autoptr(JsonObject) party = tj_test_object ("{\"phone\":\"13900139000\",\"bank_account\":\"6217 0000 1111 2222\","
                                                "\"name\":\"王伟\"}");
  g_autoptr(JsonObject) event = NULL;
  JsonArray *fields;

  g_assert_true (tj_case_update (f->store, &f->ctx, f->case_id, patch, &error));
  g_assert_no_error (error);
  event = last_event (f);
  /* The title did not change, so it is not named. */
  g_assert_cmpstr (tj_json_get_string (event, "text", NULL), ==,
                   "Case details changed: Worker knew of the infringement, Employment ended, Facts");
  fields = tj_json_get_array (event, "fields");
  g_assert_cmpuint (json_array_get_length (fields), ==, 3);
  g_assert_cmpstr (json_array_get_string_element (fields, 0), ==, "knew_on");
  g_clear_pointer (&event, json_object_unref);

  g_assert_true (tj_case_update_party (f->store, &f->ctx, f->w[1], party, &error));
  g_assert_no_error (error);
  event = last_event (f);
  g_assert_cmpstr (tj_json_get_string (event, "text", NULL), ==, "Party details changed: 王伟 (Phone, Bank account)");
  g_clear_pointer (&event, json_object_unref);
  {
    g_autoptr(JsonObject) doc = show (f);
    JsonObject *w = json_array_get_object_element (tj_json_get_array (doc, "workers"), 1);
    g_assert_cmpstr (tj_json_get_string (w, "bank_account", NULL), ==, "6217000011112222");
  }

  /* Every member a case, party or claim document has is in the table. */
  {
    static const char * const members[] = {
      "title", "kind", "source", "received_on", "accepted_on", "knew_on", "employment_ended_on",
      "employment_ongoing", "facts", "layoff", "layoff_size", "hotline_ref", "illegal_project", "referred_by",
      "referral_ref", "limitation_restarted_on", "arbitration_applied_on", "arbitration_accepted_on",
      "number", "station", "number_year", "number_seq", "status", "created_at", "name", "id_number", "phone",
      "job", "start_date", "monthly_wage_fen", "owed_fen", "bank_account", "credit_code", "representative",
      "address", "contact", "role", "represents", "amount_fen", "description", "paid_on", "reference", NULL
    };
    for (guint i = 0; members[i]; i++)
      if (!tj_field_label_known (members[i]))
        g_error ("%s has no label", members[i]);
    g_assert_cmpstr (tj_field_label ("number_seq"), !=, "number_seq");
    g_assert_cmpstr (tj_field_label ("something_new"), ==, "something_new");
    g_assert_true (tj_field_is_date ("employment_ended_on"));
    g_assert_true (tj_field_is_timestamp ("recorded_at"));
    g_assert_false (tj_field_is_date ("station"));
  }
}

static void
test_claims (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) patch = tj_test_object ("{\"amount_fen\":489655,\"description\":null}");
  g_autoptr(JsonObject) bad = tj_test_object ("{\"amount_fen\":4896.55,\"colour\":\"red\"}");
  g_autoptr(JsonObject) no_kind = tj_test_object ("{\"kind\":null}");
  g_autoptr(JsonObject) event = NULL;
  g_autoptr(JsonObject) doc = NULL;
  JsonObject *claim;
  guint before = n_events (f);

  /* Refused, naming each problem; nothing written. */
  g_assert_false (tj_case_update_claim (f->store, &f->ctx, f->claim_id, bad, &error));
  g_assert_error (error, TJ_ERROR, TJ_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "claim.amount_fen"));
  g_assert_nonnull (strstr (error->message, "claim.colour"));
  g_clear_error (&error);
  g_assert_false (tj_case_update_claim (f->store, &f->ctx, f->claim_id, no_kind, &error));
  g_assert_error (error, TJ_ERROR, TJ_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_cmpuint (n_events (f), ==, before);

  g_assert_true (tj_case_update_claim (f->store, &f->ctx, f->claim_id, patch, &error));
  g_assert_no_error (error);
  doc = show (f);
  claim = json_array_get_object_element (tj_json_get_array (doc, "claims"), 0);
  g_assert_cmpint (tj_json_get_int (claim, "amount_fen", 0), ==, 489655);
  g_assert_false (json_object_has_member (claim, "description"));
  g_assert_cmpint (tj_json_get_int (tj_json_get_object (doc, "totals"), "claimed_fen", 0), ==, 489655);
  event = last_event (f);
  g_assert_cmpstr (tj_json_get_string (event, "kind", NULL), ==, "claim_edited");
  g_assert_cmpstr (tj_json_get_string (event, "text", NULL), ==,
                   "Claim changed: Overtime pay ¥4,000.00 → Overtime pay ¥4,896.55 (Amount, Description)");
  g_clear_pointer (&event, json_object_unref);

  g_assert_true (tj_case_delete_claim (f->store, &f->ctx, f->claim_id, &error));
  g_assert_no_error (error);
  g_clear_pointer (&doc, json_object_unref);
  doc = show (f);
  g_assert_cmpuint (json_array_get_length (tj_json_get_array (doc, "claims")), ==, 0);
  g_assert_cmpint (tj_json_get_int (tj_json_get_object (doc, "totals"), "claimed_fen", 0), ==, 0);
  event = last_event (f);
  g_assert_cmpstr (tj_json_get_string (event, "text", NULL), ==, "Claim deleted: Overtime pay ¥4,896.55");
  g_assert_false (tj_case_delete_claim (f->store, &f->ctx, f->claim_id, &error));
  g_assert_error (error, TJ_ERROR, TJ_ERROR_NOT_FOUND);
}

/* The masked values come back in full only through tj_reveal(). */
static void
test_reveal (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) input = tj_test_object ("{\"held_on\":\"2026-11-20\",\"channel\":\"night_clinic\","
                                                "\"worker\":{\"name\":\"李四\",\"phone\":\"139-0000-5678\","
                                                "\"id_number\":\"" ID_WANG "\"},\"problem\":\"欠薪\"}");
  g_autoptr(JsonObject) added = tj_consultation_add (f->store, &f->ctx, input, &error);
  const char *id;
  char *value;

  g_assert_no_error (error);
  id = tj_json_get_string (added, "id", NULL);

  value = tj_reveal (f->store, &f->ctx, id, "phone", "回访", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (value, ==, "139-0000-5678");
  g_free (value);
  value = tj_reveal_mask ("phone", "139-0000-5678");
  g_assert_cmpstr (value, ==, "139****5678");
  g_free (value);
  value = tj_reveal (f->store, &f->ctx, id, "id_number", "回访", &error);
  g_assert_cmpstr (value, ==, ID_WANG);
  g_free (value);
  value = tj_reveal_mask ("id_number", ID_WANG);
  g_assert_cmpstr (value, ==, "110***********0012");
  g_free (value);

  value = tj_reveal (f->store, &f->ctx, f->w[0], "bank_account", "回访", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (value, ==, "6222021234567890123");
  g_free (value);

  /* Not personal numbers, nothing recorded, no such record. */
  g_assert_null (tj_reveal (f->store, &f->ctx, id, "problem", "回访", &error));
  g_assert_error (error, TJ_ERROR, TJ_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_null (tj_reveal (f->store, &f->ctx, f->w[1], "phone", "回访", &error));
  g_assert_error (error, TJ_ERROR, TJ_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_null (tj_reveal (f->store, &f->ctx, f->case_id, "phone", "回访", &error));
  g_assert_error (error, TJ_ERROR, TJ_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_null (tj_reveal (f->store, &f->ctx, "nope", "phone", "回访", &error));
  g_assert_error (error, TJ_ERROR, TJ_ERROR_NOT_FOUND);
}

/* ------------------------------------------------------------------ */
/* tiaojie-cli                                                          */

/* tiaojie-cli --db @path ARGS… with @text on stdin, in English or (with
 * @zh) in Chinese from the build tree's translations. */
#define run_cli(path, zh, text, out_json, out_err, ...) \
  tj_test_cli (&(TjTestCli) { .db = (path), .chinese = (zh), .input = (text), .today = "2026-11-22" }, \
               out_json, out_err, __VA_ARGS__)

static void
test_cli (Fixture       *f,
          gconstpointer  data)
{
  const char *cli = tj_test_cli_path ();
  g_autoptr(JsonNode) out = NULL;
  g_autoptr(JsonObject) event = NULL;
  g_autofree char *err = NULL;
  g_autofree char *settlement = NULL;
  g_autofree char *consultation_id = NULL;

  if (cli == NULL)
    {
      g_test_skip ("tiaojie-cli is not built next to the tests");
      return;
    }
  /* The fixture's store is closed while the CLI writes. */
  g_clear_object (&f->store);

  /* The duplicate goes; asked again, it is not found (3). */
  g_assert_cmpint (run_cli (f->path, FALSE, "", &out, NULL, "case", "party", "delete", f->owner[1], NULL), ==, 0);
  g_assert_cmpstr (tj_json_get_string (json_node_get_object (out), "id", NULL), ==, f->owner[1]);
  g_assert_true (tj_json_get_bool (json_node_get_object (out), "deleted", FALSE));
  g_clear_pointer (&out, json_node_unref);
  g_assert_cmpint (run_cli (f->path, FALSE, "", NULL, NULL, "case", "party", "delete", f->owner[1], NULL), ==, 3);

  /* Role and claim, from JSON on stdin. */
  g_assert_cmpint (run_cli (f->path, FALSE, "{\"role\":\"team_leader\"}", NULL, NULL,
                            "case", "party", "edit", f->owner[0], "--json", "-", NULL), ==, 0);
  g_assert_cmpint (run_cli (f->path, FALSE, "{\"role\":\"worker\"}", NULL, &err,
                            "case", "party", "edit", f->owner[0], "--json", "-", NULL), ==, 2);
  g_assert_true (g_str_has_prefix (err, "tiaojie-cli: role: "));
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_cli (f->path, FALSE, "{\"amount_fen\":500000}", &out, NULL,
                            "case", "claim", "edit", f->claim_id, "--json", "-", NULL), ==, 0);
  g_assert_cmpstr (tj_json_get_string (json_node_get_object (out), "id", NULL), ==, f->claim_id);
  g_clear_pointer (&out, json_node_unref);
  g_assert_cmpint (run_cli (f->path, FALSE, "{\"amount_fen\":-5}", NULL, &err,
                            "case", "claim", "edit", f->claim_id, "--json", "-", NULL), ==, 2);
  g_assert_nonnull (strstr (err, "claim.amount_fen"));
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_cli (f->path, FALSE, "", NULL, NULL, "case", "claim", "delete", f->claim_id, NULL), ==, 0);
  g_assert_cmpint (run_cli (f->path, FALSE, "", NULL, NULL, "case", "claim", "delete", "nope", NULL), ==, 3);

  /* A party the settlement names: refused with the reason, exit 4. */
  f->store = tj_store_open (f->path, NULL);
  agree (f);
  g_clear_object (&f->store);
  g_assert_cmpint (run_cli (f->path, FALSE, "", &out, &err, "case", "party", "delete", f->w[0], NULL), ==, 4);
  g_assert_null (out);
  g_assert_cmpstr (err, ==, "tiaojie-cli: 张三 cannot be deleted: the agreed settlement allocates ¥12,000.00 to "
                            "them in installment 1\n");
  g_clear_pointer (&err, g_free);
  /* The same in Chinese. */
  g_assert_cmpint (run_cli (f->path, TRUE, "", NULL, &err, "case", "party", "delete", f->w[0], NULL), ==, 4);
  g_assert_cmpstr (err, ==, "tiaojie-cli: 张三不能删除：已达成的调解协议在第 1 期分配给其 ¥12,000.00\n");
  g_clear_pointer (&err, g_free);

  /* The timeline, written by a Chinese CLI, names the fields in Chinese. */
  g_assert_cmpint (run_cli (f->path, TRUE, "{\"knew_on\":\"2026-10-01\",\"employment_ended_on\":\"2026-10-31\","
                                           "\"facts\":\"拖欠三个月工资\"}", NULL, NULL,
                            "case", "update", f->case_id, "--json", "-", NULL), ==, 0);
  g_assert_cmpint (run_cli (f->path, FALSE, "", &out, NULL, "case", "timeline", f->case_id, NULL), ==, 0);
  event = json_object_ref (json_array_get_object_element (json_node_get_array (out), 0));
  g_assert_cmpstr (tj_json_get_string (event, "text", NULL), ==,
                   "案件信息已修改：知道权利被侵害之日、劳动关系终止日期、事实与理由");
  g_clear_pointer (&out, json_node_unref);

  /* A consultation's phone, masked in the list, in full on request. */
  g_assert_cmpint (run_cli (f->path, FALSE, "{\"held_on\":\"2026-11-20\",\"channel\":\"night_clinic\","
                                            "\"worker\":{\"name\":\"李四\",\"phone\":\"13900005678\"},"
                                            "\"problem\":\"欠薪\"}", &out, NULL,
                            "consultation", "add", "--json", "-", NULL), ==, 0);
  consultation_id = g_strdup (tj_json_get_string (json_node_get_object (out), "id", NULL));
  g_clear_pointer (&out, json_node_unref);
  g_assert_cmpint (run_cli (f->path, FALSE, "", &out, NULL, "consultation", "list", NULL), ==, 0);
  g_assert_cmpstr (tj_json_get_string (tj_json_get_object (json_array_get_object_element (json_node_get_array (out), 0),
                                                           "worker"), "phone", NULL), ==, "139****5678");
  g_clear_pointer (&out, json_node_unref);
  g_assert_cmpint (run_cli (f->path, FALSE, "", &out, NULL, "consultation", "reveal", consultation_id, "phone",
                            "--reason", "回访", NULL),
                   ==, 0);
  g_assert_cmpstr (tj_json_get_string (json_node_get_object (out), "value", NULL), ==, "13900005678");
  g_clear_pointer (&out, json_node_unref);
  g_assert_cmpint (run_cli (f->path, FALSE, "", NULL, NULL, "consultation", "reveal", consultation_id, "problem",
                            "--reason", "回访", NULL),
                   ==, 1);
  g_assert_cmpint (run_cli (f->path, FALSE, "", NULL, NULL, "consultation", "reveal", consultation_id, "id_number",
                            "--reason", "回访", NULL), ==, 3);
  /* No reason: refused before anything is shown. */
  g_assert_cmpint (run_cli (f->path, FALSE, "", NULL, NULL, "consultation", "reveal", consultation_id, "phone", NULL),
                   ==, 1);
  /* An impossible phone at intake: exit 2, the field named. */
  g_assert_cmpint (run_cli (f->path, FALSE, "{\"held_on\":\"2026-11-20\",\"channel\":\"night_clinic\","
                                            "\"worker\":{\"name\":\"李四\",\"phone\":\"1381234\"},"
                                            "\"problem\":\"欠薪\"}", NULL, &err,
                            "consultation", "add", "--json", "-", NULL), ==, 2);
  g_assert_nonnull (strstr (err, "worker.phone"));
  f->store = tj_store_open (f->path, NULL);
}

int
main (int   argc,
      char *argv[])
{
  tj_test_pin_today ("2026-11-22");
  g_test_init (&argc, &argv, NULL);
  g_setenv ("LC_ALL", "C.UTF-8", TRUE);

  g_test_add_func ("/corrections/phone-and-account", test_phone_and_account);
#define ADD(path, func) g_test_add ("/corrections/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("intake-refuses-impossible-phone", test_intake_refuses_impossible_phone);
  ADD ("delete-party", test_delete_party);
  ADD ("change-role", test_change_role);
  ADD ("labels-on-timeline", test_labels_on_timeline);
  ADD ("claims", test_claims);
  ADD ("reveal", test_reveal);
  ADD ("cli", test_cli);
#undef ADD
  return g_test_run ();
}
