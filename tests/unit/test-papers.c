/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The papers of a case: generated from the store, kept as versions, signed
 * versions never touched, and no caucus note in anything stored. */

#include <string.h>

#include <archive.h>
#include <archive_entry.h>
#include <glib/gstdio.h>

#include "tj-audit.h"
#include "tj-case.h"
#include "tj-docgen.h"
#include "tj-consultation.h"
#include "tj-json.h"
#include "tj-paper-list.h"
#include "tj-papers.h"
#include "tj-repository.h"
#include "tj-settlement.h"
#include "tj-test-store.h"
#include "tj-test-util.h"

#define SECRET "SENTINEL-CAUCUS-7731"

typedef struct {
  char          *dir;
  char          *path;
  TjStore       *store;
  TjCaseContext  ctx;
  JsonObject    *org;
  char          *case_id;
  char          *w[2];
} Fixture;

static const char case_json[] =
  "{\"title\":\"城南工地农民工欠薪\",\"kind\":\"wage_arrears\",\"source\":\"hotline\","
  "\"received_on\":\"2026-11-16\",\"accepted_on\":\"2026-11-16\","
  "\"employment_ended_on\":\"2026-10-31\","
  "\"facts\":\"2026年春节前后工资未发放。\","
  "\"employer\":{\"name\":\"华建劳务有限公司\"},"
  "\"workers\":[{\"name\":\"张三\",\"id_number\":\"11010519491231002X\",\"owed_fen\":1200000},"
  "             {\"name\":\"王伟\",\"id_number\":\"110105198503120012\",\"owed_fen\":900000}]}";

static void
set_settlement (Fixture *f,
                gint64   first,
                gint64   second)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *json = g_strdup_printf (
    "{\"status\":\"agreed\",\"total_fen\":%" G_GINT64_FORMAT ",\"method\":\"bank_transfer\","
    "\"payer\":{\"role\":\"employer\",\"name\":\"华建劳务有限公司\"},"
    "\"installments\":[{\"due_on\":\"2026-12-01\",\"amount_fen\":%" G_GINT64_FORMAT ","
    "  \"allocations\":[{\"worker_id\":\"%s\",\"amount_fen\":%" G_GINT64_FORMAT "},"
    "                   {\"worker_id\":\"%s\",\"amount_fen\":%" G_GINT64_FORMAT "}]}],"
    "\"terms\":[\"双方无其他劳动争议。\"]}",
    first + second, first + second, f->w[0], first, f->w[1], second);
  g_autoptr(JsonObject) input = tj_test_object (json);
  g_autoptr(JsonObject) result = tj_settlement_set (f->store, &f->ctx, f->case_id, input, &error);
  g_assert_no_error (error);
  g_assert_nonnull (result);
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) input = tj_test_object (case_json);
  g_autoptr(JsonObject) added = NULL;
  g_autoptr(JsonObject) shown = NULL;
  JsonArray *workers;

  f->store = tj_test_store_open_tmp ("tj-papers-XXXXXX", "p.db", &f->dir, &f->path);
  tj_case_context_init_defaults (&f->ctx);
  f->ctx.actor = "李调解";
  f->ctx.today = "2026-11-22";
  f->org = tj_test_object ("{\"name\":\"城南职工维权服务中心\",\"mediator\":\"李调解\"}");

  added = tj_case_add (f->store, &f->ctx, input, &error);
  g_assert_no_error (error);
  f->case_id = g_strdup (tj_json_get_string (added, "id", NULL));
  shown = tj_case_show (f->store, &f->ctx, f->case_id, &error);
  g_assert_no_error (error);
  workers = tj_json_get_array (shown, "workers");
  for (guint i = 0; i < 2; i++)
    f->w[i] = g_strdup (tj_json_get_string (json_array_get_object_element (workers, i), "id", NULL));

  /* A caucus note whose text must never reach a paper. */
  tj_test_add_caucus_note (f->store, &f->ctx, f->case_id, "2026-11-20", "底线：最多付八成 " SECRET);

  g_assert_true (tj_case_set_status (f->store, &f->ctx, f->case_id, "agreed", "达成协议", NULL, &error));
  g_assert_no_error (error);
  set_settlement (f, 1200000, 900000);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  tj_test_store_close (&f->store, &f->dir, &f->path);
  g_free (f->case_id);
  g_free (f->w[0]);
  g_free (f->w[1]);
  json_object_unref (f->org);
}

static JsonObject *
generate (Fixture    *f,
          const char *template_name,
          const char *format)
{
  g_autoptr(GError) error = NULL;
  JsonObject *paper = tj_papers_generate (f->store, &f->ctx, f->org, f->case_id, template_name, format, &error);
  g_assert_no_error (error);
  g_assert_nonnull (paper);
  return paper;
}

static guint
count_events (Fixture    *f,
              const char *kind)
{
  g_autoptr(JsonArray) timeline = tj_case_timeline (f->store, f->case_id, NULL);
  guint n = 0;

  for (guint i = 0; i < json_array_get_length (timeline); i++)
    if (g_strcmp0 (tj_json_get_string (json_array_get_object_element (timeline, i), "kind", NULL), kind) == 0)
      n++;
  return n;
}

/* The text of a PDF, or NULL without pdftotext. */
static char *
pdf_text (GBytes *pdf)
{
  g_autofree char *prog = g_find_program_in_path ("pdftotext");
  g_autofree char *file = NULL;
  g_autoptr(GError) error = NULL;
  char *out = NULL;
  int status = 0;
  int fd;

  if (prog == NULL)
    return NULL;
  fd = g_file_open_tmp ("tj-papers-XXXXXX.pdf", &file, &error);
  g_assert_no_error (error);
  close (fd);
  g_assert_true (g_file_set_contents (file, g_bytes_get_data (pdf, NULL), g_bytes_get_size (pdf), &error));
  {
    const char *argv[] = { prog, "-enc", "UTF-8", file, "-", NULL };
    g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL, &out, NULL, &status, &error);
  }
  g_assert_no_error (error);
  g_unlink (file);
  return out;
}

/* Every file inside a DOCX, concatenated. */
static GString *
docx_text (GBytes *docx)
{
  struct archive *a = archive_read_new ();
  struct archive_entry *entry;
  GString *all = g_string_new (NULL);

  archive_read_support_format_zip (a);
  g_assert_cmpint (archive_read_open_memory (a, g_bytes_get_data (docx, NULL), g_bytes_get_size (docx)), ==, ARCHIVE_OK);
  while (archive_read_next_header (a, &entry) == ARCHIVE_OK)
    {
      char buf[8192];
      la_ssize_t n;
      while ((n = archive_read_data (a, buf, sizeof buf)) > 0)
        g_string_append_len (all, buf, n);
    }
  archive_read_free (a);
  return all;
}

static void
test_generate_versions (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(JsonObject) first = generate (f, "agreement", "pdf");
  g_autoptr(JsonObject) again = NULL;
  g_autoptr(JsonObject) docx = NULL;
  g_autoptr(JsonObject) changed = NULL;
  g_autoptr(JsonArray) list = NULL;
  g_autoptr(GBytes) file = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *sha = NULL;
  g_autofree char *text = NULL;
  g_autofree char *ctype = NULL;

  g_assert_cmpint (tj_json_get_int (first, "version", 0), ==, 1);
  g_assert_false (tj_json_get_bool (first, "reused", TRUE));
  g_assert_cmpstr (tj_json_get_string (first, "title", NULL), ==, "调解协议书");
  g_assert_nonnull (tj_json_get_string (first, "settlement_rev", NULL));
  g_assert_cmpuint (count_events (f, "paper_generated"), ==, 1);

  /* The stored file is what its hash says, and says what an agreement must. */
  file = tj_papers_get_file (f->store, tj_json_get_string (first, "id", ""), NULL, &ctype, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (ctype, ==, "application/pdf");
  sha = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, file);
  g_assert_cmpstr (sha, ==, tj_json_get_string (first, "sha256", NULL));
  text = pdf_text (file);
  if (text)
    {
      g_assert_nonnull (strstr (text, "调解协议书"));
      g_assert_nonnull (strstr (text, "张三"));
      g_assert_nonnull (strstr (text, "城南职工维权服务中心"));
    }

  /* Nothing changed: the same version, no new document, no new event. */
  again = generate (f, "agreement", "pdf");
  g_assert_true (tj_json_get_bool (again, "reused", FALSE));
  g_assert_cmpstr (tj_json_get_string (again, "id", NULL), ==, tj_json_get_string (first, "id", NULL));
  g_assert_cmpuint (count_events (f, "paper_generated"), ==, 1);

  /* The DOCX of the same data shares the version number. */
  docx = generate (f, "agreement", "docx");
  g_assert_cmpint (tj_json_get_int (docx, "version", 0), ==, 1);
  g_assert_cmpstr (tj_json_get_string (docx, "format", NULL), ==, "docx");

  /* The terms changed: a new version. */
  set_settlement (f, 1100000, 900000);
  changed = generate (f, "agreement", "pdf");
  g_assert_false (tj_json_get_bool (changed, "reused", TRUE));
  g_assert_cmpint (tj_json_get_int (changed, "version", 0), ==, 2);
  g_assert_cmpstr (tj_json_get_string (changed, "id", NULL), !=, tj_json_get_string (first, "id", NULL));

  list = tj_papers_list (f->store, f->case_id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (json_array_get_length (list), ==, 3);
  /* Newest first. */
  g_assert_cmpstr (tj_json_get_string (json_array_get_object_element (list, 0), "id", NULL), ==,
                   tj_json_get_string (changed, "id", NULL));
}

static void
test_signed_untouched (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(JsonObject) first = generate (f, "agreement", "pdf");
  g_autoptr(JsonObject) signed_paper = NULL;
  g_autoptr(JsonObject) before = NULL;
  g_autoptr(JsonObject) after = NULL;
  g_autoptr(JsonObject) regenerated = NULL;
  g_autoptr(JsonObject) bad = NULL;
  g_autoptr(GBytes) scan = g_bytes_new_static ("\x89PNG\r\n\x1a\nfake-scan", 17);
  g_autoptr(GBytes) scan_back = NULL;
  g_autoptr(GError) error = NULL;
  const char *id = tj_json_get_string (first, "id", "");

  /* A scan that is neither an image nor a PDF changes nothing. */
  bad = tj_papers_attach_signed (f->store, &f->ctx, id, scan, "notes.txt", "text/plain", &error);
  g_assert_error (error, TJ_ERROR, TJ_ERROR_INVALID);
  g_assert_null (bad);
  g_clear_error (&error);
  g_assert_cmpuint (count_events (f, "paper_signed"), ==, 0);

  signed_paper = tj_papers_attach_signed (f->store, &f->ctx, id, scan, "签字页.png", "image/png", &error);
  g_assert_no_error (error);
  g_assert_true (tj_json_get_bool (signed_paper, "signed", FALSE));
  g_assert_cmpuint (json_array_get_length (tj_json_get_array (signed_paper, "scans")), ==, 1);
  g_assert_cmpuint (count_events (f, "paper_signed"), ==, 1);
  scan_back = tj_store_get_attachment (f->store, id, NULL, "signed-1.png", NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_bytes_equal (scan, scan_back));

  before = tj_store_get (f->store, id, NULL, TJ_GET_NONE, &error);
  g_assert_no_error (error);

  /* Regenerating with nothing changed makes a new version; the signed one
   * is not rewritten. */
  regenerated = generate (f, "agreement", "pdf");
  g_assert_false (tj_json_get_bool (regenerated, "reused", TRUE));
  g_assert_cmpstr (tj_json_get_string (regenerated, "id", NULL), !=, id);
  g_assert_cmpint (tj_json_get_int (regenerated, "version", 0), ==, 2);
  g_assert_false (tj_json_get_bool (regenerated, "signed", TRUE));

  after = tj_store_get (f->store, id, NULL, TJ_GET_NONE, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (tj_json_get_string (after, "_rev", NULL), ==, tj_json_get_string (before, "_rev", NULL));
  g_assert_true (tj_json_get_bool (after, "signed", FALSE));

  /* And again: the new unsigned version is reused. */
  {
    g_autoptr(JsonObject) third = generate (f, "agreement", "pdf");
    g_assert_cmpstr (tj_json_get_string (third, "id", NULL), ==, tj_json_get_string (regenerated, "id", NULL));
  }
}

static void
test_refusals (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) paper = NULL;
  g_autoptr(JsonArray) list = NULL;

  paper = tj_papers_generate (f->store, &f->ctx, f->org, f->case_id, "agreement", "odt", &error);
  g_assert_error (error, TJ_ERROR, TJ_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "odt"));
  g_clear_error (&error);

  paper = tj_papers_generate (f->store, &f->ctx, f->org, f->case_id, "no_such_template", "pdf", &error);
  g_assert_error (error, TJ_ERROR, TJ_ERROR_NOT_FOUND);
  g_clear_error (&error);

  paper = tj_papers_generate (f->store, &f->ctx, f->org, "no-such-case", "agreement", "pdf", &error);
  g_assert_error (error, TJ_ERROR, TJ_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* The case did not fail: no termination record. */
  paper = tj_papers_generate (f->store, &f->ctx, f->org, f->case_id, "termination_record", "pdf", &error);
  g_assert_error (error, TJ_ERROR, TJ_ERROR_INVALID);
  g_clear_error (&error);

  list = tj_papers_list (f->store, f->case_id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (json_array_get_length (list), ==, 0);
}

static void
test_failed_outcome (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) model = NULL;
  g_autoptr(JsonObject) paper = NULL;
  g_autoptr(GBytes) file = NULL;
  g_autofree char *text = NULL;
  JsonObject *outcome;

  g_assert_true (tj_case_set_status (f->store, &f->ctx, f->case_id, "failed", "用人单位拒绝支付", NULL, &error));
  g_assert_no_error (error);
  model = tj_papers_model (f->store, &f->ctx, f->org, f->case_id, &error);
  g_assert_no_error (error);
  outcome = tj_json_get_object (model, "outcome");
  g_assert_nonnull (outcome);
  g_assert_cmpstr (tj_json_get_string (outcome, "reason", NULL), ==, "用人单位拒绝支付");
  g_assert_cmpstr (tj_json_get_string (outcome, "ended_on", NULL), ==, "2026-11-22");
  g_assert_nonnull (tj_json_get_object (outcome, "arbitration_limitation"));
  g_assert_nonnull (tj_json_get_string (tj_json_get_object (outcome, "arbitration_limitation"), "date", NULL));

  paper = generate (f, "termination_record", "pdf");
  file = tj_papers_get_file (f->store, tj_json_get_string (paper, "id", ""), NULL, NULL, &error);
  g_assert_no_error (error);
  text = pdf_text (file);
  if (text)
    g_assert_nonnull (strstr (text, "用人单位拒绝支付"));
}


/* 支付令申请书 from the payments recorded (劳动争议调解仲裁法 §16).
 * Agreed: 张三 ¥12,000.00 and 王伟 ¥9,000.00, all due 2026-12-01. 张三
 * was paid ¥5,000.00 on 2026-11-30. On 2026-12-05 the installment is
 * overdue: 张三 is owed 12,000 − 5,000 = ¥7,000.00, 王伟 ¥9,000.00; the
 * payer has paid ¥5,000.00 of ¥21,000.00, ¥16,000.00 outstanding, all of
 * it due. Before the due date nothing can be claimed; a case about
 * social insurance is not one §16 covers. */
static void
test_payment_order (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) paper = NULL;
  g_autoptr(JsonObject) model = NULL;
  g_autoptr(JsonObject) payment = NULL;
  g_autoptr(JsonObject) paid = NULL;
  g_autoptr(GBytes) file = NULL;
  g_autofree char *text = NULL;
  g_autofree char *json = NULL;
  JsonObject *order, *app;

  /* Not yet due. */
  paper = tj_papers_generate (f->store, &f->ctx, f->org, f->case_id, "payment_order", "pdf", &error);
  g_assert_null (paper);
  g_assert_error (error, TJ_ERROR, TJ_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "Nothing agreed is overdue"));
  g_clear_error (&error);

  f->ctx.today = "2026-11-30";
  json = g_strdup_printf ("{\"installment\":0,\"worker_id\":\"%s\",\"amount_fen\":500000,\"paid_on\":\"2026-11-30\"}",
                          f->w[0]);
  payment = tj_test_object (json);
  paid = tj_payment_add (f->store, &f->ctx, f->case_id, payment, &error);
  g_assert_no_error (error);

  f->ctx.today = "2026-12-05";
  model = tj_papers_model (f->store, &f->ctx, f->org, f->case_id, &error);
  g_assert_no_error (error);
  order = tj_json_get_object (model, "payment_order");
  g_assert_nonnull (order);
  g_assert_cmpint (tj_json_get_int (order, "total_fen", 0), ==, 2100000);
  g_assert_cmpint (tj_json_get_int (order, "paid_fen", 0), ==, 500000);
  g_assert_cmpint (tj_json_get_int (order, "outstanding_fen", 0), ==, 1600000);
  g_assert_cmpint (tj_json_get_int (order, "overdue_fen", 0), ==, 1600000);
  g_assert_cmpstr (tj_json_get_string (tj_json_get_object (order, "debtor"), "name", NULL), ==, "华建劳务有限公司");
  g_assert_cmpuint (json_array_get_length (tj_json_get_array (order, "applications")), ==, 2);
  app = json_array_get_object_element (tj_json_get_array (order, "applications"), 0);
  g_assert_cmpstr (tj_json_get_string (tj_json_get_object (app, "creditor"), "name", NULL), ==, "张三");
  g_assert_cmpint (tj_json_get_int (app, "agreed_fen", 0), ==, 1200000);
  g_assert_cmpint (tj_json_get_int (app, "paid_fen", 0), ==, 500000);
  g_assert_cmpint (tj_json_get_int (app, "amount_fen", 0), ==, 700000);
  app = json_array_get_object_element (tj_json_get_array (order, "applications"), 1);
  g_assert_cmpint (tj_json_get_int (app, "amount_fen", 0), ==, 900000);

  g_clear_pointer (&paper, json_object_unref);
  paper = generate (f, "payment_order", "pdf");
  file = tj_papers_get_file (f->store, tj_json_get_string (paper, "id", ""), NULL, NULL, &error);
  g_assert_no_error (error);
  text = pdf_text (file);
  if (text)
    {
      g_autoptr(GString) squeezed = g_string_new (NULL);
      for (const char *c = text; *c; c++)
        if (!g_ascii_isspace (*c) && *c != '\f')
          g_string_append_c (squeezed, *c);
      g_assert_nonnull (strstr (squeezed->str, "申请人（债权人）：张三，女，1949年12月31日出生"));
      g_assert_nonnull (strstr (squeezed->str, "被申请人（债务人）：华建劳务有限公司"));
      g_assert_nonnull (strstr (squeezed->str, "依调解协议已到期而未支付的款项¥7,000.00（大写：人民币柒仟元整）"));
      g_assert_nonnull (strstr (squeezed->str, "已向申请人支付¥5,000.00，尚欠¥7,000.00"));
      g_assert_nonnull (strstr (squeezed->str, "¥9,000.00（大写：人民币玖仟元整）"));
      g_assert_nonnull (strstr (squeezed->str, "《中华人民共和国民事诉讼法》第二百二十五条"));
    }

  /* §16 does not cover a dispute over social insurance. */
  {
    g_autoptr(JsonObject) patch = tj_test_object ("{\"kind\":\"social_insurance\"}");
    g_autoptr(JsonObject) refused = NULL;
    g_assert_true (tj_case_update (f->store, &f->ctx, f->case_id, patch, &error));
    refused = tj_papers_generate (f->store, &f->ctx, f->org, f->case_id, "payment_order", "pdf", &error);
    g_assert_null (refused);
    g_assert_error (error, TJ_ERROR, TJ_ERROR_INVALID);
    g_assert_nonnull (strstr (error->message, "Art. 16"));
  }
}

/* 劳动人事争议仲裁申请书 after a failed mediation: fewer than ten workers,
 * so one application each (§7 is for ten or more), each claiming what he
 * or she is owed, to the commission named in the preferences; the
 * employer is the respondent. */
static void
test_arbitration_application (Fixture       *f,
                              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) paper = NULL;
  g_autoptr(GBytes) file = NULL;
  g_autofree char *text = NULL;

  json_object_set_string_member (f->org, "arbitration_commission", "城南区劳动人事争议仲裁委员会");
  g_assert_true (tj_case_set_status (f->store, &f->ctx, f->case_id, "failed", "用人单位拒绝支付。", NULL, &error));
  g_assert_no_error (error);
  paper = generate (f, "arbitration_application", "pdf");
  file = tj_papers_get_file (f->store, tj_json_get_string (paper, "id", ""), NULL, NULL, &error);
  g_assert_no_error (error);
  text = pdf_text (file);
  if (text)
    {
      g_autoptr(GString) squeezed = g_string_new (NULL);
      const char *p;
      guint titles = 0;
      for (const char *c = text; *c; c++)
        if (!g_ascii_isspace (*c) && *c != '\f')
          g_string_append_c (squeezed, *c);
      for (p = squeezed->str; (p = strstr (p, "劳动人事争议仲裁申请书")); p++)
        titles++;
      g_assert_cmpuint (titles, ==, 2);
      g_assert_nonnull (strstr (squeezed->str, "姓名：张三性别：女出生日期：1949年12月31日"));
      g_assert_nonnull (strstr (squeezed->str, "裁决被申请人向申请人支付劳动报酬¥12,000.00（大写：人民币壹万贰仟元整）"));
      g_assert_nonnull (strstr (squeezed->str, "裁决被申请人向申请人支付劳动报酬¥9,000.00（大写：人民币玖仟元整）"));
      g_assert_nonnull (strstr (squeezed->str, "未能达成调解协议，原因是：用人单位拒绝支付。"));
      g_assert_nonnull (strstr (squeezed->str, "此致城南区劳动人事争议仲裁委员会"));
      g_assert_nonnull (strstr (squeezed->str, "华建劳务有限公司（用人单位）"));
    }
}

/* The worker was hired by a team leader the general contractor passed
 * work to (entered as the employer): the general contractor bears the
 * employer's responsibility (劳社部发〔2005〕12号 §4) and is a respondent
 * beside him. Ten workers or more apply together by representatives. */
static void
test_arbitration_respondents (Fixture       *f,
                              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) json = g_string_new ("{\"kind\":\"wage_arrears\",\"source\":\"walk_in\",\"facts\":\"欠薪。\","
                                          "\"employer\":{\"name\":\"赵老四\"},"
                                          "\"chain\":[{\"role\":\"project_owner\",\"name\":\"城南置业有限公司\"},"
                                          "{\"role\":\"general_contractor\",\"name\":\"中城建设集团有限公司\"},"
                                          "{\"role\":\"team_leader\",\"name\":\"赵老四\"}],"
                                          "\"agents\":[{\"name\":\"工友甲\",\"role\":\"representative\",\"represents\":\"worker\"}],"
                                          "\"workers\":[");
  g_autoptr(JsonObject) input = NULL;
  g_autoptr(JsonObject) added = NULL;
  g_autoptr(JsonObject) model = NULL;
  g_autoptr(JsonObject) doc = NULL;
  JsonObject *arb;
  JsonArray *respondents;

  for (guint i = 0; i < 10; i++)
    g_string_append_printf (json, "%s{\"name\":\"工人%u\",\"owed_fen\":%u}", i ? "," : "", i + 1, 100000 * (i + 1));
  g_string_append (json, "]}");
  input = tj_test_object (json->str);
  added = tj_case_add (f->store, &f->ctx, input, &error);
  g_assert_no_error (error);
  model = tj_papers_model (f->store, &f->ctx, f->org, tj_json_get_string (added, "id", ""), &error);
  g_assert_no_error (error);
  doc = tj_docgen_model_from_case (model, &error);
  g_assert_no_error (error);
  arb = tj_json_get_object (doc, "arbitration");
  respondents = tj_json_get_array (arb, "respondents");
  g_assert_cmpuint (json_array_get_length (respondents), ==, 2);
  g_assert_cmpstr (tj_json_get_string (json_array_get_object_element (respondents, 0), "name", NULL), ==, "赵老四");
  g_assert_cmpstr (tj_json_get_string (json_array_get_object_element (respondents, 1), "name", NULL), ==,
                   "中城建设集团有限公司");
  g_assert_cmpint (tj_json_get_int (arb, "copies", 0), ==, 2);
  /* Ten workers: one collective application; 1 + 2 + … + 10 = 55 ×
   * ¥1,000.00 = ¥55,000.00 claimed. */
  g_assert_true (tj_json_get_bool (arb, "collective", FALSE));
  g_assert_cmpuint (json_array_get_length (tj_json_get_array (arb, "applications")), ==, 1);
  g_assert_cmpint (tj_json_get_int (json_array_get_object_element (tj_json_get_array (arb, "applications"), 0),
                                    "total_fen", 0), ==, 5500000);
}

/* Every attachment of every paper: the PDF (as text), the DOCX (every
 * part), the model and the template. */
static void
test_no_caucus_note (Fixture       *f,
                     gconstpointer  data)
{
  static const char * const templates[] = { "agreement", "application", "acceptance_notice",
                                            "judicial_confirmation", "payment_roster", "proof_of_service" };
  static const char * const formats[] = { "pdf", "docx" };
  g_autoptr(JsonArray) list = NULL;
  g_autoptr(GError) error = NULL;
  gboolean checked_pdf_text = FALSE;

  for (guint t = 0; t < G_N_ELEMENTS (templates); t++)
    for (guint k = 0; k < G_N_ELEMENTS (formats); k++)
      {
        g_autoptr(JsonObject) p = generate (f, templates[t], formats[k]);
      }
  list = tj_papers_list (f->store, f->case_id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (json_array_get_length (list), ==, 12);

  for (guint i = 0; i < json_array_get_length (list); i++)
    {
      const char *id = tj_json_get_string (json_array_get_object_element (list, i), "id", "");
      g_autoptr(JsonObject) doc = tj_store_get (f->store, id, NULL, TJ_GET_NONE, &error);
      g_autofree char *body = tj_json_object_to_string (doc, FALSE);
      JsonObject *atts = tj_json_get_object (doc, "_attachments");
      g_autoptr(GList) names = json_object_get_members (atts);

      g_assert_null (strstr (body, SECRET));
      g_assert_cmpuint (g_list_length (names), ==, 3);
      for (GList *l = names; l; l = l->next)
        {
          g_autoptr(GBytes) bytes = tj_store_get_attachment (f->store, id, NULL, l->data, NULL, &error);
          g_autofree char *raw = NULL;
          g_assert_no_error (error);
          raw = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
          g_assert_null (strstr (raw, SECRET));
          if (g_str_has_suffix (l->data, ".pdf"))
            {
              g_autofree char *text = pdf_text (bytes);
              if (text)
                {
                  g_assert_null (strstr (text, SECRET));
                  g_assert_null (strstr (text, "底线"));
                  checked_pdf_text = TRUE;
                }
            }
          else if (g_str_has_suffix (l->data, ".docx"))
            {
              g_autoptr(GString) all = docx_text (bytes);
              g_assert_cmpuint (all->len, >, 1000);
              g_assert_null (strstr (all->str, SECRET));
              g_assert_null (strstr (all->str, "底线"));
            }
        }
    }
  if (!checked_pdf_text)
    g_test_message ("pdftotext is not installed; PDFs were checked as bytes only");
}

/* A stored version laid out again gives the pages of the stored file,
 * even after the case changed. */
static void
test_relayout (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(JsonObject) paper = generate (f, "agreement", "pdf");
  g_autoptr(TjPages) pages = NULL;
  g_autoptr(GBytes) file = NULL;
  g_autoptr(GBytes) again = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  g_autofree char *text_again = NULL;
  const char *id = tj_json_get_string (paper, "id", "");

  file = tj_papers_get_file (f->store, id, NULL, NULL, &error);
  g_assert_no_error (error);

  set_settlement (f, 1000000, 500000);
  pages = tj_papers_paginate (f->store, id, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (pages);
  g_assert_cmpuint (tj_pages_get_n_pages (pages), >=, 2);
  again = tj_pages_to_pdf_bytes (pages, &error);
  g_assert_no_error (error);
  text = pdf_text (file);
  text_again = pdf_text (again);
  if (text)
    {
      g_assert_cmpstr (text, ==, text_again);
      g_assert_nonnull (strstr (text, "21,000.00"));
    }

  /* Not a paper: refused by name, nothing laid out. */
  g_clear_pointer (&pages, tj_pages_free);
  pages = tj_papers_paginate (f->store, f->case_id, NULL, &error);
  g_assert_error (error, TJ_ERROR, TJ_ERROR_NOT_FOUND);
  g_assert_null (pages);
}

/* Save as: the stored file byte for byte in its own format, the same
 * version rendered in the other. */
static void
test_export (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(JsonObject) paper = generate (f, "agreement", "pdf");
  g_autoptr(GBytes) stored = NULL;
  g_autoptr(GBytes) pdf = NULL;
  g_autoptr(GBytes) docx = NULL;
  g_autoptr(GBytes) odt = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) all = NULL;
  const char *id = tj_json_get_string (paper, "id", "");

  stored = tj_papers_get_file (f->store, id, NULL, NULL, &error);
  g_assert_no_error (error);
  pdf = tj_papers_export (f->store, id, "pdf", NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_bytes_equal (pdf, stored));

  /* The case changes afterwards; the DOCX is still of version 1. */
  set_settlement (f, 1000000, 500000);
  docx = tj_papers_export (f->store, id, "docx", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_bytes_get_size (docx), >, 4);
  g_assert_true (memcmp (g_bytes_get_data (docx, NULL), "PK", 2) == 0);
  all = docx_text (docx);
  g_assert_nonnull (strstr (all->str, "21,000.00"));
  g_assert_null (strstr (all->str, "15,000.00"));
  g_assert_null (strstr (all->str, SECRET));

  odt = tj_papers_export (f->store, id, "odt", NULL, &error);
  g_assert_error (error, TJ_ERROR, TJ_ERROR_INVALID);
  g_assert_null (odt);
}

/* What the GUI does with a paper, on the repository's worker: made,
 * laid out, exported and signed with the worker's connection while the
 * main thread only waits on its loop. */
typedef struct {
  JsonObject      *org;
  TjCaseContext    ctx;
  char            *case_id;
  GCancellable    *cancellable;
  JsonObject      *paper;
  TjPages         *pages;
  GBytes          *docx;
  JsonObject      *signed_paper;
  GThread         *thread;
} WorkerJob;

static gboolean
papers_in_worker (TjStore  *store,
                  gpointer  data,
                  GError  **error)
{
  WorkerJob *job = data;
  g_autoptr(GBytes) scan = g_bytes_new_static ("\x89PNG\r\n\x1a\nscan", 12);
  const char *id;

  job->thread = g_thread_self ();
  job->paper = tj_papers_generate (store, &job->ctx, job->org, job->case_id, "agreement", "pdf", error);
  if (job->paper == NULL)
    return FALSE;
  id = tj_json_get_string (job->paper, "id", "");
  job->pages = tj_papers_paginate (store, id, job->cancellable, error);
  if (job->pages == NULL)
    return FALSE;
  job->docx = tj_papers_export (store, id, "docx", job->cancellable, error);
  if (job->docx == NULL)
    return FALSE;
  job->signed_paper = tj_papers_attach_signed (store, &job->ctx, id, scan, "签字页.png", "image/png", error);
  return job->signed_paper != NULL &&
         tj_papers_record_output (store, &job->ctx, id, TJ_AUDIT_EXPORT, error);
}

static void
worker_done_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

static void
test_on_worker (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TjRepository) repo = tj_repository_open (f->path, &error);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(JsonArray) listed = NULL;
  g_autoptr(TjPages) pages = NULL;
  g_autoptr(GCancellable) cancelled = g_cancellable_new ();
  WorkerJob job = { f->org, f->ctx, f->case_id, NULL, };
  WorkerJob *back = NULL;

  g_assert_no_error (error);
  tj_repository_run_async (repo, papers_in_worker, &job, NULL, NULL, worker_done_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (tj_repository_run_finish (repo, result, (gpointer *) &back, &error));
  g_assert_no_error (error);
  g_assert_true (back == &job);
  g_assert_true (job.thread != g_thread_self ());
  g_assert_cmpint (tj_json_get_int (job.paper, "version", 0), ==, 1);
  g_assert_cmpuint (tj_pages_get_n_pages (job.pages), >=, 2);
  g_assert_true (memcmp (g_bytes_get_data (job.docx, NULL), "PK", 2) == 0);
  g_assert_true (tj_json_get_bool (job.signed_paper, "signed", FALSE));

  /* Written by the worker's connection, read by this one. */
  listed = tj_papers_list (f->store, f->case_id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (json_array_get_length (listed), ==, 1);
  g_assert_true (tj_json_get_bool (json_array_get_object_element (listed, 0), "signed", FALSE));

  /* Cancelled (the view was closed): nothing is laid out. */
  g_cancellable_cancel (cancelled);
  pages = tj_papers_paginate (f->store, tj_json_get_string (job.paper, "id", ""), cancelled, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (pages);

  json_object_unref (job.paper);
  tj_pages_free (job.pages);
  g_bytes_unref (job.docx);
  json_object_unref (job.signed_paper);
}

/* A case opened from an evening-clinic consultation gets its advice sheet. */
static void
test_consultation (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) input = tj_test_object (
    "{\"held_on\":\"2026-11-20\",\"channel\":\"night_clinic\","
    "\"worker\":{\"name\":\"刘芳\",\"phone\":\"13700137000\"},\"employer\":{\"name\":\"恒远物流有限公司\"},"
    "\"kind\":\"wage_arrears\",\"problem\":\"两个月工资未发\",\"advice\":\"先收集考勤和工资条。\","
    "\"next_step\":\"申请调解\",\"migrant_worker\":true,\"owed_fen\":860000}");
  g_autoptr(JsonObject) added = tj_consultation_add (f->store, &f->ctx, input, &error);
  g_autoptr(JsonObject) converted = NULL;
  g_autoptr(JsonObject) model = NULL;
  g_autoptr(JsonObject) paper = NULL;
  g_autoptr(JsonObject) refused = NULL;
  g_autoptr(GBytes) file = NULL;
  g_autofree char *text = NULL;
  const char *new_case;

  g_assert_no_error (error);
  converted = tj_consultation_convert (f->store, &f->ctx, tj_json_get_string (added, "id", ""), NULL, &error);
  g_assert_no_error (error);
  new_case = tj_json_get_string (converted, "id", "");
  model = tj_papers_model (f->store, &f->ctx, f->org, new_case, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (tj_json_get_string (tj_json_get_object (model, "consultation"), "problem", NULL), ==, "两个月工资未发");
  g_assert_null (tj_json_get_object (model, "settlement"));

  paper = tj_papers_generate (f->store, &f->ctx, f->org, new_case, "advice_sheet", "pdf", &error);
  g_assert_no_error (error);
  file = tj_papers_get_file (f->store, tj_json_get_string (paper, "id", ""), NULL, NULL, &error);
  g_assert_no_error (error);
  text = pdf_text (file);
  if (text)
    g_assert_nonnull (strstr (text, "刘芳"));

  /* The case of the fixture did not come from a consultation. */
  refused = tj_papers_generate (f->store, &f->ctx, f->org, f->case_id, "advice_sheet", "pdf", &error);
  g_assert_error (error, TJ_ERROR, TJ_ERROR_INVALID);
  g_assert_null (refused);
}

typedef struct {
  TjPaperList *list;
  guint        n_items;
  gboolean     is_signed;
} ListWait;

static gboolean
list_shows (ListWait *w)
{
  g_autoptr(TjPaper) first = g_list_model_get_item (G_LIST_MODEL (w->list), 0);

  return tj_paper_list_get_loaded (w->list) && !tj_paper_list_get_loading (w->list) &&
         g_list_model_get_n_items (G_LIST_MODEL (w->list)) == w->n_items &&
         (first == NULL || tj_paper_get_signed (first) == w->is_signed);
}

static gboolean
wait_list (ListWait *w)
{
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  while (!list_shows (w) && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  return list_shows (w);
}

static void
count_changes_cb (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added,
                  guint      *count)
{
  (*count)++;
}

/* The list model of a case's papers: read on the repository's worker,
 * read again when a paper of the case is written by anyone (here another
 * connection, as the CLI would), rows kept when nothing changed. */
static void
test_paper_list (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TjRepository) repo = tj_repository_open (f->path, &error);
  g_autoptr(TjPaperList) list = NULL;
  g_autoptr(JsonObject) paper = NULL;
  g_autoptr(JsonObject) signed_paper = NULL;
  g_autoptr(JsonObject) other_case = NULL;
  g_autoptr(JsonObject) other_paper = NULL;
  g_autoptr(JsonObject) input = tj_test_object (case_json);
  g_autoptr(GBytes) scan = g_bytes_new_static ("\x89PNG\r\n\x1a\nscan", 12);
  g_autoptr(TjPaper) first = NULL;
  g_autoptr(TjPaper) again = NULL;
  ListWait wait = { NULL, 0, FALSE };
  guint changes = 0;

  g_assert_no_error (error);
  list = tj_paper_list_new (repo, f->case_id);
  wait.list = list;
  g_assert_true (g_list_model_get_item_type (G_LIST_MODEL (list)) == TJ_TYPE_PAPER);
  g_assert_false (tj_paper_list_get_loaded (list));
  tj_paper_list_reload_async (list, NULL, NULL, NULL);
  g_assert_true (tj_paper_list_get_loading (list));
  g_assert_true (wait_list (&wait));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 0);

  /* Generated through another connection: the list reads again. */
  paper = generate (f, "agreement", "pdf");
  wait.n_items = 1;
  g_assert_true (wait_list (&wait));
  first = g_list_model_get_item (G_LIST_MODEL (list), 0);
  g_assert_cmpstr (tj_paper_get_id (first), ==, tj_json_get_string (paper, "id", NULL));
  g_assert_cmpstr (tj_paper_get_title (first), ==, "调解协议书");
  g_assert_cmpstr (tj_paper_get_template (first), ==, "agreement");
  g_assert_cmpstr (tj_paper_get_format (first), ==, "pdf");
  g_assert_cmpint (tj_paper_get_version (first), ==, 1);
  g_assert_cmpstr (tj_paper_get_sha256 (first), ==, tj_json_get_string (paper, "sha256", NULL));
  g_assert_cmpstr (tj_paper_get_generated_at (first), ==, tj_json_get_string (paper, "generated_at", NULL));
  g_assert_false (tj_paper_get_signed (first));
  g_assert_cmpuint (tj_paper_get_n_scans (first), ==, 0);
  g_assert_true (tj_paper_list_find (list, tj_paper_get_id (first)) == first);
  g_assert_null (tj_paper_list_find (list, "no-such-paper"));

  /* Read again with nothing changed: the same rows, nothing announced. */
  g_signal_connect (list, "items-changed", G_CALLBACK (count_changes_cb), &changes);
  tj_paper_list_reload_async (list, NULL, NULL, NULL);
  g_assert_true (wait_list (&wait));
  g_assert_cmpuint (changes, ==, 0);
  again = g_list_model_get_item (G_LIST_MODEL (list), 0);
  g_assert_true (again == first);
  g_clear_object (&again);

  /* Another case's paper is not this case's. */
  other_case = tj_case_add (f->store, &f->ctx, input, &error);
  g_assert_no_error (error);
  other_paper = tj_papers_generate (f->store, &f->ctx, f->org, tj_json_get_string (other_case, "id", ""),
                                    "acceptance_notice", "pdf", &error);
  g_assert_no_error (error);

  /* Signed: the row says so. */
  signed_paper = tj_papers_attach_signed (f->store, &f->ctx, tj_paper_get_id (first), scan, "签字页.png",
                                          "image/png", &error);
  g_assert_no_error (error);
  wait.is_signed = TRUE;
  g_assert_true (wait_list (&wait));
  g_assert_cmpuint (changes, ==, 1);
  again = g_list_model_get_item (G_LIST_MODEL (list), 0);
  g_assert_true (tj_paper_get_signed (again));
  g_assert_cmpuint (tj_paper_get_n_scans (again), ==, 1);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 1);
}

int
main (int   argc,
      char *argv[])
{
  tj_test_pin_today ("2026-11-22");
  g_test_init (&argc, &argv, NULL);

#define ADD(name, func) \
  g_test_add ("/papers/" name, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("generate-versions", test_generate_versions);
  ADD ("signed-untouched", test_signed_untouched);
  ADD ("refusals", test_refusals);
  ADD ("failed-outcome", test_failed_outcome);
  ADD ("no-caucus-note", test_no_caucus_note);
  ADD ("relayout", test_relayout);
  ADD ("export", test_export);
  ADD ("on-worker", test_on_worker);
  ADD ("consultation", test_consultation);
  ADD ("payment-order", test_payment_order);
  ADD ("arbitration-application", test_arbitration_application);
  ADD ("arbitration-respondents", test_arbitration_respondents);
  ADD ("paper-list", test_paper_list);
#undef ADD

  return g_test_run ();
}
