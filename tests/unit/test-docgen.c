/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Document generation: the template language, its errors, the document
 * model's whitelist, and the PDF and DOCX outputs (read back with
 * pdftotext and libarchive + libxml2). */

#include <string.h>

#include <archive.h>
#include <archive_entry.h>
#include <glib/gstdio.h>
#include <libxml/parser.h>

#include "tj-docgen.h"
#include "tj-docgen-private.h"
#include "tj-json.h"
#include "tj-test-util.h"

#define SECRET "SECRET-CAUCUS-XYZ"

static const TjDocgenOptions options = { "2026-11-22" };

static JsonObject *
load_fixture (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "fixtures",
                                                 "docgen-wage-arrears-72.json", NULL);
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;
  gsize len = 0;
  JsonObject *model;

  g_assert_true (g_file_get_contents (path, &text, &len, &error));
  model = tj_json_parse_object (text, len, &error);
  g_assert_no_error (error);
  return model;
}

/* Evaluating @t on @model is invalid input, and the message names each
 * of the NULL-terminated fragments (the field, the file, the line). */
static void G_GNUC_NULL_TERMINATED
assert_refused (TjTemplate            *t,
                JsonObject            *model,
                const TjDocgenOptions *opts,
                ...)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TjDocument) doc = tj_docgen_evaluate (t, model, opts, &error);
  const char *fragment;
  va_list ap;

  g_assert_null (doc);
  g_assert_error (error, TJ_ERROR, TJ_ERROR_INVALID);
  va_start (ap, opts);
  while ((fragment = va_arg (ap, const char *)))
    if (strstr (error->message, fragment) == NULL)
      g_error ("“%s” does not name “%s”", error->message, fragment);
  va_end (ap);
}

/* The text of a PDF with all white space removed (pdftotext wraps lines
 * wherever the layout did), or NULL (test skipped) without pdftotext. */
static char *
pdf_text (GBytes     *pdf,
          int         page)
{
  g_autofree char *prog = g_find_program_in_path ("pdftotext");
  g_autofree char *dir = NULL;
  g_autofree char *file = NULL;
  g_autofree char *out = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *first = g_strdup_printf ("%d", page);
  int status = 0;
  GString *squeezed;

  if (prog == NULL)
    {
      g_test_skip ("pdftotext (poppler-utils) is not installed");
      return NULL;
    }
  dir = g_dir_make_tmp ("test-docgen-XXXXXX", &error);
  g_assert_no_error (error);
  file = g_build_filename (dir, "doc.pdf", NULL);
  g_assert_true (g_file_set_contents (file, g_bytes_get_data (pdf, NULL), g_bytes_get_size (pdf), &error));
  {
    const char *argv_all[] = { prog, "-enc", "UTF-8", file, "-", NULL };
    const char *argv_page[] = { prog, "-enc", "UTF-8", "-f", first, "-l", first, file, "-", NULL };
    g_spawn_sync (NULL, (char **) (page > 0 ? argv_page : argv_all), NULL, G_SPAWN_STDERR_TO_DEV_NULL,
                  NULL, NULL, &out, NULL, &status, &error);
  }
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  g_unlink (file);
  g_rmdir (dir);
  squeezed = g_string_new (NULL);
  for (const char *c = out; *c; c++)
    if (!g_ascii_isspace (*c) && *c != '\f')
      g_string_append_c (squeezed, *c);
  /* Sentences run on across a page break; the footer must not split them
   * (the footers are checked apart, per page). */
  if (page == 0)
    {
      g_autoptr(GRegex) footer = g_regex_new ("第[0-9]+页共[0-9]+页", 0, 0, NULL);
      char *joined = g_regex_replace_literal (footer, squeezed->str, -1, 0, "", 0, NULL);
      g_string_free (squeezed, TRUE);
      return joined;
    }
  return g_string_free (squeezed, FALSE);
}

/* Every part of a DOCX by name; fails the test if it is not a zip. */
static GHashTable *
docx_parts (GBytes *docx)
{
  GHashTable *parts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  struct archive *a = archive_read_new ();
  struct archive_entry *entry;

  archive_read_support_format_zip (a);
  g_assert_cmpint (archive_read_open_memory (a, g_bytes_get_data (docx, NULL),
                                             g_bytes_get_size (docx)), ==, ARCHIVE_OK);
  while (archive_read_next_header (a, &entry) == ARCHIVE_OK)
    {
      GString *data = g_string_new (NULL);
      char buf[8192];
      la_ssize_t n;
      while ((n = archive_read_data (a, buf, sizeof buf)) > 0)
        g_string_append_len (data, buf, n);
      g_assert_cmpint (n, ==, 0);
      g_hash_table_insert (parts, g_strdup (archive_entry_pathname (entry)),
                           g_string_free (data, FALSE));
    }
  archive_read_free (a);
  return parts;
}

static TjTemplate *
template_from_string (const char  *text,
                      GError     **error)
{
  return tj_template_new_from_data (text, strlen (text), "test.xml", error);
}

static char *
document_text (TjDocument *doc)
{
  GString *s = g_string_new (NULL);

  for (guint i = 0; i < doc->blocks->len; i++)
    {
      TjBlock *block = g_ptr_array_index (doc->blocks, i);
      if (block->kind == TJ_BLOCK_PARA)
        {
          g_autofree char *t = tj_para_plain_text (block->para);
          g_string_append_printf (s, "%s|", t);
        }
      else if (block->kind == TJ_BLOCK_TABLE)
        for (guint r = 0; r < block->table->rows->len; r++)
          {
            TjRow *row = g_ptr_array_index (block->table->rows, r);
            for (guint c = 0; c < row->cells->len; c++)
              {
                g_autofree char *t = tj_para_plain_text (((TjCell *) g_ptr_array_index (row->cells, c))->para);
                g_string_append_printf (s, "%s,", t);
              }
            g_string_append (s, ";");
          }
    }
  return g_string_free (s, FALSE);
}

/* ---- the template language ---- */

static void
test_parse_errors (void)
{
  static const struct { const char *text; const char *line; const char *reason; } cases[] = {
    /* not well-formed: the tag opened on line 3 is never closed */
    { "<?xml version=\"1.0\"?>\n<template title=\"t\">\n<paragraph>x\n</template>\n", "line 4", NULL },
    { "<template title=\"t\">\n\n<paragrahp>x</paragrahp>\n</template>", "line 3", "paragrahp" },
    { "<template title=\"t\">\n<paragraph>{{case.number</paragraph>\n</template>", "line 2", "}}" },
    { "<template title=\"t\">\n<paragraph>\n{{case.number|moneyy}}</paragraph>\n</template>", "line 3", "moneyy" },
    { "<template title=\"t\">\n<paragraph>x</paragraph>\n<paragraph>{{caes.number}}</paragraph></template>", "line 3", "caes.number" },
    { "<template title=\"t\"><table widths=\"1,x\"/></template>", "line 1", "x" },
    { "<template title=\"t\">\n<if path=\"case.flags\"><else/><paragraph/></if></template>", "line 2", "<else>" },
    { "<template title=\"t\">\n<cell>x</cell></template>", "line 2", "<cell>" },
    { "<template>\n</template>", "line 1", "title" },
    /* An empty field crashed listing and rendering (issue 12). */
    { "<template title=\"t\">\n<paragraph>{{}}</paragraph>\n</template>", "line 2", "{{}}" },
    { "<template title=\"t\">\n\n<paragraph>a{{  }}b</paragraph>\n</template>", "line 3", "{{}}" },
    { "<template title=\"t\">\n<paragraph>{{|money}}</paragraph>\n</template>", "line 2", NULL },
    { "<template title=\"t\">\n<paragraph>{{?}}</paragraph>\n</template>", "line 2", NULL },
    /* libxml2 quotes the comment by bytes, cutting 达 in half. */
    { "<template title=\"t\">\n<p>x</p><!-- ab送达回证送达回证送达回证送达回证</template>", "line 2", "Comment" },
    { "<?xml version=\"1.0\"?>\n<!DOCTYPE template [\n<!ENTITY boom \"BOOM\">\n]>\n"
      "<template title=\"t\"><paragraph>&boom;</paragraph></template>", "line 2", "DOCTYPE" },
    { "<?xml version=\"1.0\"?>\n<!DOCTYPE template SYSTEM \"http://example.com/x.dtd\">\n"
      "<template title=\"t\"/>", NULL, "DOCTYPE" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(TjTemplate) t = template_from_string (cases[i].text, &error);

      g_test_message ("case %u: %s", i, error ? error->message : "(no error)");
      g_assert_null (t);
      g_assert_error (error, TJ_ERROR, TJ_ERROR_INVALID);
      g_assert_true (g_utf8_validate (error->message, -1, NULL));
      g_assert_nonnull (strstr (error->message, "test.xml"));
      if (cases[i].line)
        g_assert_nonnull (strstr (error->message, cases[i].line));
      if (cases[i].reason)
        g_assert_nonnull (strstr (error->message, cases[i].reason));
      g_assert_null (strstr (error->message, "BOOM"));
    }
}

static void
test_unknown_path (void)
{
  g_autoptr(JsonObject) model = load_fixture ();
  g_autoptr(GError) error = NULL;
  g_autoptr(TjTemplate) t = template_from_string (
    "<template title=\"t\">\n"
    "<paragraph>{{case.employer.name}}</paragraph>\n"
    "<paragraph>{{case.employer.fax?}}<field path=\"case.employer.email\" optional=\"true\"/></paragraph>\n"
    "<paragraph>{{case.employer.nmae}}</paragraph>\n"
    "</template>", &error);

  g_assert_no_error (error);
  assert_refused (t, model, &options, "case.employer.nmae", "line 4", "test.xml", NULL);
}

static void
test_conditionals_and_repeats (void)
{
  g_autoptr(JsonObject) model = load_fixture ();
  g_autoptr(GError) error = NULL;
  g_autoptr(TjTemplate) t = template_from_string (
    "<template title=\"t\">\n"
    "<if path=\"case.flags\" contains=\"collective\"><p>COLLECTIVE</p><else><p>SINGLE</p></else></if>\n"
    "<if path=\"case.flags\" contains=\"layoff\"><p>LAYOFF</p><else><p>NO-LAYOFF</p></else></if>\n"
    "<if path=\"settlement.method\" equals=\"cash\"><p>CASH</p><else><p>NOT-CASH</p></else></if>\n"
    "<if path=\"case.nothing_here\"><p>ABSENT</p></if>\n"
    "<if path=\"case.nothing_here\" not=\"true\"><p>NEGATED</p></if>\n"
    "<p><each path=\"settlement.installments\" as=\"p\" index=\"i\">[{{i}}:{{p.due_on|date_cn}}:{{p.amount_fen|money}}]</each></p>\n"
    "<table widths=\"1,1\"><header><cell>A</cell><cell>B</cell></header>\n"
    "<each path=\"case.workers\" as=\"w\"><if path=\"w.owed_fen\" equals=\"14300\"><row><cell>x</cell><cell>y</cell></row></if>\n"
    "<row><cell>{{w.name}}</cell><cell>{{w.id_number|masked_id}}</cell></row></each></table>\n"
    "<p>{{case.workers|count}}/{{settlement.installment_count|cn_number}}/{{case.employment_ongoing}}</p>\n"
    "</template>", &error);
  g_autoptr(TjDocument) doc = NULL;
  g_autofree char *text = NULL;
  TjBlock *table;

  g_assert_no_error (error);
  doc = tj_docgen_evaluate (t, model, &options, &error);
  g_assert_no_error (error);
  text = document_text (doc);
  g_test_message ("%s", text);
  g_assert_true (g_str_has_prefix (text, "COLLECTIVE|NO-LAYOFF|NOT-CASH|NEGATED|"
                                         "[1:2026年11月25日:¥400,000.00][2:2026年12月25日:¥240,000.00]"
                                         "[3:2027年1月20日:¥160,000.00]|"));
  g_assert_null (strstr (text, "ABSENT"));
  g_assert_null (strstr (text, "SINGLE"));
  /* One row per worker, masked ID numbers: 6 + 8 stars + 4. */
  table = g_ptr_array_index (doc->blocks, 5);
  g_assert_cmpint (table->kind, ==, TJ_BLOCK_TABLE);
  g_assert_cmpuint (table->table->rows->len, ==, 72);
  g_assert_nonnull (strstr (text, "侯军,412726********0389,"));
  g_assert_true (g_str_has_suffix (text, ";72/三/否|"));
}

static void
test_money_and_dates (void)
{
  g_autoptr(JsonObject) model = load_fixture ();
  g_autoptr(GError) error = NULL;
  g_autoptr(TjTemplate) t = template_from_string (
    "<template title=\"t\"><p>{{settlement.total_fen|money}}={{settlement.total_fen|money_upper}};"
    "{{case.workers.0.owed_fen|money_upper}};{{settlement.installments.2.due_on|date_cn}}</p></template>",
    &error);
  g_autoptr(TjDocument) doc = NULL;
  g_autofree char *text = NULL;

  g_assert_no_error (error);
  doc = tj_docgen_evaluate (t, model, &options, &error);
  g_assert_no_error (error);
  text = document_text (doc);
  g_assert_cmpstr (text, ==, "¥800,000.00=人民币捌拾万元整;人民币壹万肆仟叁佰元整;2027年1月20日|");

  /* A date format on something that is not a date names the field. */
  g_clear_pointer (&t, tj_template_unref);
  g_clear_pointer (&doc, tj_document_free);
  t = template_from_string ("<template title=\"t\">\n<p>{{case.title|date_cn}}</p></template>", &error);
  g_assert_no_error (error);
  assert_refused (t, model, &options, "case.title", "line 2", NULL);
}

static void
test_settlement_must_add_up (void)
{
  g_autoptr(JsonObject) model = load_fixture ();
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) scope = NULL;
  JsonObject *settlement = json_object_get_object_member (model, "settlement");

  json_object_set_int_member (settlement, "total_fen", 80000001);
  scope = tj_docgen_model_from_case (model, &error);
  g_assert_null (scope);
  g_assert_error (error, TJ_ERROR, TJ_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "settlement.installments"));
}


/* ---- the agreement's parties, copies and typography (issue 13) ---- */

/* Two workers (王五 without an ID number, 张三 with an address), the
 * general contractor paying first by law (§30) and named as the payer
 * only by its party id, as the settlement JSON allows. */
static const char chain_model[] =
  "{\"case\": {\"number\": \"〔2026〕海调字第0007号\", \"kind\": \"wage_arrears\", \"facts\": \"完工后拖欠工资。\","
  "  \"employer\": {\"id\": \"e1\", \"name\": \"华建劳务有限公司\", \"credit_code\": \"91110108MA01ABCD0B\"},"
  "  \"chain\": [{\"id\": \"c1\", \"role\": \"project_owner\", \"name\": \"城南置业有限公司\"},"
  "             {\"id\": \"c2\", \"role\": \"general_contractor\", \"name\": \"中城建设集团有限公司\", \"address\": \"北京市朝阳区建国路8号\"},"
  "             {\"id\": \"c3\", \"role\": \"subcontractor\", \"tier\": 1, \"name\": \"华建劳务有限公司\"}],"
  "  \"workers\": [{\"id\": \"w1\", \"name\": \"张三\", \"id_number\": \"11010519491231002X\", \"address\": \"河南省周口市川汇区人民路3号\", \"owed_fen\": 1200000},"
  "              {\"id\": \"w2\", \"name\": \"王五\", \"owed_fen\": 980000}],"
  "  \"liable_first\": {\"role\": \"general_contractor\", \"name\": \"中城建设集团有限公司\", \"party_id\": \"c2\","
  "                   \"citation\": \"《保障农民工工资支付条例》第三十条\", \"duty\": \"pays_first\","
  "                   \"employer\": {\"role\": \"subcontractor\", \"name\": \"华建劳务有限公司\", \"party_id\": \"c3\","
  "                                \"citation\": \"《保障农民工工资支付条例》第三十条\"}},"
  "  \"flags\": []},"
  " \"settlement\": {\"status\": \"agreed\", \"total_fen\": 2180000, \"payer\": {\"party_id\": \"c2\"}, \"method\": \"bank_transfer\","
  "  \"installments\": [{\"due_on\": \"2026-11-25\", \"amount_fen\": 1090000, \"allocations\": [{\"worker_id\": \"w1\", \"amount_fen\": 600000}, {\"worker_id\": \"w2\", \"amount_fen\": 490000}]},"
  "                    {\"due_on\": \"2026-12-25\", \"amount_fen\": 1090000, \"allocations\": [{\"worker_id\": \"w1\", \"amount_fen\": 600000}, {\"worker_id\": \"w2\", \"amount_fen\": 490000}]}]},"
  " \"organisation\": {\"name\": \"海淀区总工会劳动争议调解委员会\", \"mediator\": \"刘调解\"},"
  " \"agreement\": {\"signed_on\": \"2026-11-20\"}}";

static char *
render_text (const char *template_name,
             JsonObject *model,
             GError    **error)
{
  g_autoptr(TjTemplate) t = tj_template_load (template_name, error);
  g_autoptr(GBytes) pdf = NULL;

  if (t == NULL)
    return NULL;
  pdf = tj_docgen_render_pdf (t, model, &options, error);
  if (pdf == NULL)
    return NULL;
  return pdf_text (pdf, 0);
}

static GBytes *
render_builtin_pdf (const char *name,
                    JsonObject *model)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TjTemplate) t = tj_template_load (name, &error);
  GBytes *pdf;

  g_assert_no_error (error);
  pdf = tj_docgen_render_pdf (t, model, &options, &error);
  g_assert_no_error (error);
  return pdf;
}

/* The text of the built-in template @name rendered on @model, as
 * pdf_text() gives it (NULL: test skipped). */
static char *
builtin_text (const char *name,
              JsonObject *model)
{
  g_autoptr(GBytes) pdf = render_builtin_pdf (name, model);

  return pdf_text (pdf, 0);
}

/* The pages of @t laid out on @model; fails the test on an error. */
static TjPages *
lay_out (TjTemplate *t,
         JsonObject *model)
{
  g_autoptr(GError) error = NULL;
  TjPages *pages = tj_docgen_lay_out (t, model, &options, &error);

  g_assert_no_error (error);
  return pages;
}

static void
test_agreement_parties (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) model = tj_json_parse_object (chain_model, -1, &error);
  g_autofree char *text = NULL;
  g_autofree char *text2 = NULL;
  JsonObject *payer;

  g_assert_no_error (error);
  text = render_text ("agreement", model, &error);
  g_assert_no_error (error);
  if (text == NULL)
    return;
  /* A worker without an ID number, a worker's address. */
  g_assert_nonnull (strstr (text, "申请人（劳动者）：王五。"));
  g_assert_nonnull (strstr (text, "住址河南省周口市川汇区人民路3号"));
  /* The payer named by its party id: its name, role and address come
   * from the chain; it obliges itself, so it is a party and signs. */
  g_assert_nonnull (strstr (text, "付款单位（施工总承包单位）：中城建设集团有限公司住所：北京市朝阳区建国路8号"));
  g_assert_nonnull (strstr (text, "中城建设集团有限公司（施工总承包单位）同意向申请人支付劳动报酬共计¥21,800.00"));
  g_assert_nonnull (strstr (text, "付款单位（盖章）：中城"));   /* the block wraps in its column */
  /* 2 workers + the employer + the payer = 4 parties, + the organisation. */
  g_assert_nonnull (strstr (text, "本协议一式五份，申请人各执一份，被申请人执一份，付款单位执一份，"
                                  "海淀区总工会劳动争议调解委员会留存一份"));
  /* Two installments: 分两期, not 分二期. */
  g_assert_nonnull (strstr (text, "分两期支付"));
  g_assert_null (strstr (text, "分二期"));
  g_assert_nonnull (strstr (text, "华建劳务有限公司作为用人单位"));
  g_assert_null (strstr (text, "未作为当事人签署本协议"));
  g_assert_null (strstr (text, "送达"));

  /* The employer pays and the general contractor does not sign: the text
   * records the rule of §30 and says it binds the contractor to nothing;
   * one party fewer. */
  payer = json_object_get_object_member (json_object_get_object_member (model, "settlement"), "payer");
  json_object_set_string_member (payer, "party_id", "e1");
  text2 = render_text ("agreement", model, &error);
  g_assert_no_error (error);
  g_assert_nonnull (strstr (text2, "依照《保障农民工工资支付条例》第三十条的规定，施工总承包单位中城建设集团有限公司"
                                   "对上述劳动报酬负有先行清偿责任"));
  g_assert_nonnull (strstr (text2, "中城建设集团有限公司未作为当事人签署本协议。本协议对上述法律规定仅作记载，"
                                   "对未签署本协议的单位和个人不产生协议约束力。"));
  g_assert_nonnull (strstr (text2, "本协议一式四份，申请人各执一份，被申请人执一份，海淀区"));
  g_assert_null (strstr (text2, "付款单位（盖章）"));
  g_assert_null (strstr (text2, "付款单位执一份"));
}

/* What a paper lacks is said in a mediator's words, not as a template
 * path and line. */
static void
test_missing_in_plain_words (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) model = tj_json_parse_object (chain_model, -1, &error);
  g_autoptr(TjTemplate) t = tj_template_load ("agreement", &error);
  g_autoptr(GBytes) pdf = NULL;
  JsonObject *settlement = json_object_get_object_member (model, "settlement");
  JsonObject *case_obj = json_object_get_object_member (model, "case");

  g_assert_no_error (error);
  json_object_remove_member (settlement, "payer");
  pdf = tj_docgen_render_pdf (t, model, &options, &error);
  g_assert_null (pdf);
  g_assert_error (error, TJ_ERROR, TJ_ERROR_INVALID);
  g_assert_cmpstr (error->message, ==, "The settlement names no payer: choose who pays in the settlement");
  g_clear_error (&error);

  /* A payer whose party was since removed from the case. */
  json_object_set_object_member (settlement, "payer", json_object_new ());
  json_object_set_string_member (json_object_get_object_member (settlement, "payer"), "party_id", "gone");
  pdf = tj_docgen_render_pdf (t, model, &options, &error);
  g_assert_null (pdf);
  g_assert_nonnull (strstr (error->message, "no longer a party of the case"));
  g_clear_error (&error);

  json_object_set_object_member (settlement, "payer", json_object_new ());
  json_object_set_string_member (json_object_get_object_member (settlement, "payer"), "party_id", "e1");
  json_object_remove_member (case_obj, "facts");
  pdf = tj_docgen_render_pdf (t, model, &options, &error);
  g_assert_null (pdf);
  g_assert_cmpstr (error->message, ==, "The case has no facts: write what happened on the case page");
  g_assert_null (strstr (error->message, ".xml"));
}

/* A line that wraps before a long credit code is left ragged rather than
 * spread out character by character; a paragraph of full lines is still
 * justified to the margin. Read from the glyph boxes pdftotext reports:
 * a 12 pt CJK character is 12 pt wide. */
static void
test_no_letter_spacing (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TjTemplate) t = template_from_string (
    "<template name=\"t\" title=\"t\">"
    "<paragraph>经核实，分包单位南京恒筑劳务有限公司的统一社会信用代码为91320115MA1XK8RT30，负责人陈国栋。</paragraph>"
    "<paragraph>申请人多次向被申请人及班组长追讨未果，经调查核实，被申请人对拖欠工资的事实和数额无异议，"
    "但提出资金周转困难、请求分期支付；申请人要求在春节前全部付清。</paragraph>"
    "</template>", &error);
  g_autoptr(JsonObject) model = json_object_new ();
  g_autoptr(GBytes) pdf = NULL;
  g_autofree char *prog = g_find_program_in_path ("pdftotext");
  g_autofree char *dir = NULL;
  g_autofree char *file = NULL;
  g_autofree char *out = NULL;
  g_autoptr(GRegex) word = g_regex_new ("<word xMin=\"([0-9.]+)\" yMin=\"[0-9.]+\" xMax=\"([0-9.]+)\"[^>]*>([^<]+)</word>",
                                        0, 0, NULL);
  g_autoptr(GMatchInfo) match = NULL;
  int status = 0;
  double widths[2] = { 0, 0 }, per_char = 0;
  guint seen = 0;

  g_assert_no_error (error);
  pdf = tj_docgen_render_pdf (t, model, &options, &error);
  g_assert_no_error (error);
  if (prog == NULL)
    {
      g_test_skip ("pdftotext (poppler-utils) is not installed");
      return;
    }
  dir = g_dir_make_tmp ("test-docgen-XXXXXX", &error);
  file = g_build_filename (dir, "doc.pdf", NULL);
  g_assert_true (g_file_set_contents (file, g_bytes_get_data (pdf, NULL), g_bytes_get_size (pdf), &error));
  {
    const char *argv[] = { prog, "-bbox", file, "-", NULL };
    g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL, &out, NULL, &status, &error);
  }
  g_assert_no_error (error);
  g_unlink (file);
  g_rmdir (dir);

  /* The first line of each paragraph. */
  g_regex_match (word, out, 0, &match);
  while (g_match_info_matches (match) && seen < 3)
    {
      g_autofree char *x0 = g_match_info_fetch (match, 1);
      g_autofree char *x1 = g_match_info_fetch (match, 2);
      g_autofree char *w = g_match_info_fetch (match, 3);
      double width = g_ascii_strtod (x1, NULL) - g_ascii_strtod (x0, NULL);
      if (seen == 0)
        {
          /* 经核实，…信用代码为: all CJK, ragged, its natural width. */
          per_char = width / g_utf8_strlen (w, -1);
          widths[0] = width;
        }
      else if (seen == 2)
        widths[1] = width;   /* the second paragraph's first line */
      seen++;
      g_match_info_next (match, NULL);
    }
  g_test_message ("first line %.1f pt (%.2f pt a character); full line %.1f pt", widths[0], per_char, widths[1]);
  g_assert_cmpfloat (per_char, <=, 12.2);
  /* The justified line of the second paragraph reaches the margin:
   * wider than the ragged one by more than the code that did not fit. */
  g_assert_cmpfloat (widths[1], >, widths[0] + 60);
}

/* ---- built-in templates and overrides ---- */

static const char * const builtin_names[] = {
  "acceptance_notice", "advice_sheet", "agreement", "application", "arbitration_application",
  "judicial_confirmation", "payment_order", "payment_roster", "proof_of_service", "termination_record",
};

static void
test_builtin_templates (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonArray) list = tj_docgen_list_templates (&error);
  g_autoptr(JsonObject) model = load_fixture ();

  g_assert_no_error (error);
  g_assert_cmpuint (json_array_get_length (list), ==, G_N_ELEMENTS (builtin_names));
  for (guint i = 0; i < G_N_ELEMENTS (builtin_names); i++)
    {
      JsonObject *o = json_array_get_object_element (list, i);
      g_autoptr(TjTemplate) t = NULL;
      g_autoptr(GBytes) pdf = NULL;
      g_autoptr(GBytes) docx = NULL;

      g_assert_cmpstr (json_object_get_string_member (o, "name"), ==, builtin_names[i]);
      g_assert_cmpstr (json_object_get_string_member (o, "source"), ==, "builtin");
      t = tj_template_load (builtin_names[i], &error);
      g_assert_no_error (error);
      g_assert_cmpstr (tj_template_get_title (t), ==, json_object_get_string_member (o, "title"));
      pdf = tj_docgen_render_pdf (t, model, &options, &error);
      g_assert_no_error (error);
      g_assert_true (memcmp (g_bytes_get_data (pdf, NULL), "%PDF-", 5) == 0);
      docx = tj_docgen_render_docx (t, model, &options, &error);
      g_assert_no_error (error);
    }

  g_assert_null (tj_template_load ("no_such_template", &error));
  g_assert_error (error, TJ_ERROR, TJ_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_null (tj_template_load ("../../etc/passwd", &error));
  g_assert_error (error, TJ_ERROR, TJ_ERROR_INVALID);
}

/* <each> in <each> in <each> over 72 workers is 378,504 paragraphs: a
 * custom template is stopped, naming the line, before the document eats
 * the memory; two levels are fine. */
static void
test_repeat_limit (void)
{
  g_autoptr(JsonObject) model = load_fixture ();
  g_autoptr(GError) error = NULL;
  g_autoptr(TjTemplate) two = template_from_string (
    "<template title=\"t\">\n<each path=\"case.workers\" as=\"a\"><each path=\"case.workers\" as=\"b\">"
    "<p>{{a.name}}{{b.name}}</p></each></each>\n</template>", &error);
  g_autoptr(TjTemplate) three = template_from_string (
    "<template title=\"t\">\n<each path=\"case.workers\" as=\"a\">\n<each path=\"case.workers\" as=\"b\">\n"
    "<each path=\"case.workers\" as=\"c\"><p>{{a.name}}{{b.name}}{{c.name}}</p></each></each></each>\n</template>",
    &error);
  g_autoptr(TjDocument) doc = NULL;
  TjDocgenOptions options = { "2026-11-22" };

  g_assert_no_error (error);
  doc = tj_docgen_evaluate (two, model, &options, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (doc->blocks->len, ==, 72 * 72);
  g_clear_pointer (&doc, tj_document_free);

  assert_refused (three, model, &options, "test.xml, line 4", "200000", NULL);
}

/* A custom template with an empty field is listed with its error (file
 * and line) and refused when loaded; listing used to crash. */
static void
test_custom_empty_field (void)
{
  g_autofree char *dir = tj_docgen_custom_dir ();
  g_autofree char *path = g_build_filename (dir, "empty_field.xml", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonArray) list = NULL;
  gboolean listed = FALSE;

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  g_assert_true (g_file_set_contents (path, "<template title=\"空\">\n<p>申请人：{{}}</p>\n</template>", -1, NULL));
  g_assert_null (tj_template_load ("empty_field", &error));
  g_assert_error (error, TJ_ERROR, TJ_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "empty_field.xml"));
  g_assert_nonnull (strstr (error->message, "line 2"));
  g_clear_error (&error);

  list = tj_docgen_list_templates (&error);
  g_assert_no_error (error);
  for (guint i = 0; i < json_array_get_length (list); i++)
    {
      JsonObject *o = json_array_get_object_element (list, i);
      if (g_str_equal (json_object_get_string_member (o, "name"), "empty_field"))
        {
          listed = TRUE;
          g_assert_nonnull (strstr (json_object_get_string_member (o, "error"), "line 2"));
        }
    }
  g_assert_true (listed);
  g_unlink (path);
}

/* Amounts past what capitals can say are an error naming the field, not
 * a critical warning and a document without an error. */
static void
test_money_upper_range (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TjTemplate) t = template_from_string (
    "<template title=\"t\">\n<paragraph>{{case.totals.owed_fen|money_upper}}</paragraph>\n</template>", &error);
  g_autoptr(JsonObject) model = tj_json_parse_object ("{\"case\":{\"totals\":{\"owed_fen\":1000000000000000000}}}",
                                                     -1, NULL);
  TjDocgenOptions options = { "2026-11-22" };

  g_assert_no_error (error);
  assert_refused (t, model, &options, "case.totals.owed_fen", "line 2", NULL);
}

static void
test_custom_override (void)
{
  g_autofree char *dir = tj_docgen_custom_dir ();
  g_autofree char *path = g_build_filename (dir, "agreement.xml", NULL);
  g_autofree char *broken = g_build_filename (dir, "broken.xml", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(TjTemplate) t = NULL;
  g_autoptr(JsonArray) list = NULL;
  gboolean saw_broken = FALSE;

  /* G_TEST_OPTION_ISOLATE_DIRS gives this test its own XDG_DATA_HOME. */
  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  g_assert_true (g_file_set_contents (path,
    "<template title=\"本站调解协议书\"><title>{{organisation.name}}调解协议书</title></template>", -1, NULL));
  g_assert_true (g_file_set_contents (broken, "<template title=\"坏\">\n<p>x</template>", -1, NULL));

  t = tj_template_load ("agreement", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (tj_template_get_source (t), ==, "custom");
  g_assert_cmpstr (tj_template_get_title (t), ==, "本站调解协议书");

  g_assert_null (tj_template_load ("broken", &error));
  g_assert_error (error, TJ_ERROR, TJ_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "broken.xml"));
  g_assert_nonnull (strstr (error->message, "line 2"));
  g_clear_error (&error);

  list = tj_docgen_list_templates (&error);
  g_assert_no_error (error);
  g_assert_cmpuint (json_array_get_length (list), ==, G_N_ELEMENTS (builtin_names) + 1);
  for (guint i = 0; i < json_array_get_length (list); i++)
    {
      JsonObject *o = json_array_get_object_element (list, i);
      const char *name = json_object_get_string_member (o, "name");
      if (g_str_equal (name, "agreement"))
        g_assert_cmpstr (json_object_get_string_member (o, "source"), ==, "custom");
      if (g_str_equal (name, "broken"))
        {
          saw_broken = TRUE;
          g_assert_true (json_object_has_member (o, "error"));
        }
    }
  g_assert_true (saw_broken);
  g_unlink (path);
  g_unlink (broken);
}

/* A one-worker case typed by hand: no ids, no chain, no agents, no split
 * per worker, cash. Every template must still render, and say the right
 * things for one worker. */
static const char single_worker_model[] =
  "{\"case\": {\"number\": \"〔2026〕江工调字第0201号\", \"title\": \"王秀英追索工资\", \"kind\": \"wage_arrears\", \"source\": \"walk_in\","
  "  \"received_on\": \"2026-11-20\", \"facts\": \"申请人王秀英于2025年3月入职被申请人处担任收银员，2026年9月30日离职，被申请人未支付其2026年8月、9月工资共计9,600元。\","
  "  \"employer\": {\"name\": \"南京好又多超市有限公司\"},"
  "  \"workers\": [{\"id\": \"w1\", \"name\": \"王秀英\", \"gender\": \"female\", \"id_number\": \"320113199005124428\", \"owed_fen\": 960000}],"
  "  \"flags\": []},"
  " \"settlement\": {\"total_fen\": 960000, \"payer\": {\"role\": \"employer\", \"name\": \"南京好又多超市有限公司\"}, \"method\": \"cash\","
  "  \"installments\": [{\"due_on\": \"2026-11-30\", \"amount_fen\": 960000}], \"terms\": []},"
  " \"organisation\": {\"name\": \"江宁区东山街道劳动争议调解委员会\", \"mediator\": \"李明\"},"
  " \"agreement\": {\"copies\": 3},"
  " \"outcome\": {\"reason\": \"被申请人经通知未到场。\", \"ended_on\": \"2026-12-05\", \"arbitration_limitation\": {\"date\": \"2027-09-30\"}},"
  " \"consultation\": {\"date\": \"2026-11-20\", \"worker\": {\"name\": \"王秀英\"}, \"situation\": \"您在超市做收银员，老板欠您8月、9月两个月工资。\", \"next_steps\": [\"先找街道调解委员会调解。\"], \"where\": [], \"legal_aid\": {\"exempt\": false}},"
  " \"payment_order\": {\"total_fen\": 960000, \"paid_fen\": 0, \"outstanding_fen\": 960000, \"overdue_fen\": 960000,"
  "  \"debtor\": {\"role\": \"employer\", \"name\": \"南京好又多超市有限公司\"},"
  "  \"installments\": [{\"number\": 1, \"due_on\": \"2026-11-30\", \"amount_fen\": 960000, \"paid_fen\": 0, \"owed_fen\": 960000}],"
  "  \"applications\": [{\"creditor\": {\"name\": \"王秀英\", \"id_number\": \"320113199005124428\"}, \"agreed_fen\": 960000,"
  "   \"paid_fen\": 0, \"outstanding_fen\": 960000, \"amount_fen\": 960000,"
  "   \"installments\": [{\"number\": 1, \"due_on\": \"2026-11-30\", \"amount_fen\": 960000, \"paid_fen\": 0, \"owed_fen\": 960000}]}]}"
  "}"
  "";

static void
test_single_worker_case (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) model = tj_json_parse_object (single_worker_model, -1, &error);

  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (builtin_names); i++)
    {
      g_autofree char *text = builtin_text (builtin_names[i], model);

      if (text == NULL)
        return;
      g_test_message ("%s: %zu characters", builtin_names[i], strlen (text));
      if (g_str_equal (builtin_names[i], "agreement"))
        {
          g_assert_nonnull (strstr (text, "申请人（劳动者）：王秀英，女，公民身份号码320113199005124428"));
          g_assert_nonnull (strstr (text, "以现金方式支付"));
          g_assert_nonnull (strstr (text, "本协议一式三份"));
          g_assert_null (strstr (text, "附件"));       /* no annex for one worker */
          g_assert_null (strstr (text, "付款单位"));   /* the employer pays itself */
          g_assert_null (strstr (text, "草稿"));
        }
      if (g_str_equal (builtin_names[i], "payment_roster"))
        g_assert_nonnull (strstr (text, "王秀英320113199005124428¥9,600.00"));
    }

  /* A draft settlement prints as a draft. */
  {
    g_autofree char *text = NULL;

    json_object_set_string_member (json_object_get_object_member (model, "settlement"), "status", "draft");
    text = builtin_text ("agreement", model);
    g_assert_nonnull (strstr (text, "（草稿，供各方核对，未经签署不发生效力）"));
  }
}

/* The advice sheet from a consultation as tj-consultation.h stores it. */
static void
test_advice_sheet_from_consultation (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) model = tj_json_parse_object (
    "{\"consultation\": {\"held_on\": \"2026-11-20\", \"channel\": \"night_clinic\","
    " \"worker\": {\"name\": \"马光明\", \"phone\": \"13912345678\"},"
    " \"employer\": {\"name\": \"南京恒筑劳务有限公司\"}, \"kind\": \"wage_arrears\","
    " \"problem\": \"工地干了四个月，老板一直没发工资。\", \"advice\": \"先把考勤和聊天记录收好。\","
    " \"next_step\": \"周一到区总工会申请调解。\", \"referral\": \"区法律援助中心\","
    " \"migrant_worker\": true, \"owed_fen\": 2400000}}", -1, &error);
  g_autofree char *text = NULL;

  g_assert_no_error (error);
  text = builtin_text ("advice_sheet", model);
  if (text == NULL)
    return;
  g_assert_nonnull (strstr (text, "马光明：您好"));
  g_assert_nonnull (strstr (text, "2026年11月20日"));
  g_assert_nonnull (strstr (text, "工地干了四个月，老板一直没发工资。"));
  g_assert_nonnull (strstr (text, "¥24,000.00（人民币贰万肆仟元整）"));
  g_assert_nonnull (strstr (text, "1．先把考勤和聊天记录收好。"));
  g_assert_nonnull (strstr (text, "2．周一到区总工会申请调解。"));
  g_assert_nonnull (strstr (text, "3．去区法律援助中心。"));
  g_assert_nonnull (strstr (text, "不用证明家里经济困难"));
  g_assert_nonnull (strstr (text, "《中华人民共和国法律援助法》第四十二条"));
  g_assert_nonnull (strstr (text, "12351"));
}

/* ---- the agreement ---- */

static void
test_agreement_pdf_contents (void)
{
  g_autoptr(JsonObject) model = load_fixture ();
  g_autoptr(GError) error = NULL;
  g_autoptr(TjTemplate) t = tj_template_load ("agreement", &error);
  g_autoptr(TjPages) pages = NULL;
  g_autoptr(GBytes) pdf = NULL;
  g_autofree char *text = NULL;
  g_autofree char *footer = NULL;
  JsonArray *workers = json_object_get_array_member (model, "workers");
  static const char * const required[] = {
    /* title and number */
    "劳动争议调解协议书", "江工调协字〔2026〕第0148号",
    /* the parties' basic information */
    "申请人（劳动者）：侯军等72名劳动者", "被申请人（用人单位）：南京恒筑劳务有限公司",
    "91320115MA1XK8RT30", "法定代表人（负责人）：陈国栋", "申请人代表人：侯军",
    "付款单位（施工总承包单位）：江苏苏建第三建设集团有限公司",
    "施工总承包单位江苏苏建第三建设集团有限公司91320000134765213L", "班组长刘德明",
    "南京恒筑劳务有限公司91320115MA1XK8RT30", "劳务分包", "班组长带班",
    "调解员：沈雅琴",
    /* the main facts, disputed matters and responsibilities */
    "纠纷的主要事实、争议事项及各方责任", "未支付申请人2026年7月至10月的工资",
    "依照《保障农民工工资支付条例》第三十条的规定，施工总承包单位江苏苏建第三建设集团有限公司对上述劳动报酬负有先行清偿责任，清偿后可以依法追偿",
    /* agreed terms */
    "同意向申请人支付劳动报酬共计¥800,000.00（大写：人民币捌拾万元整）",
    "可依法向南京恒筑劳务有限公司追偿", "双方就2026年7月至10月工资再无争议",
    /* manner and time limit of performance: the installment table */
    "农民工工资专用账户代发", "分三期支付",
    "第一期2026年11月25日¥400,000.00人民币肆拾万元整",
    "第二期2026年12月25日¥240,000.00人民币贰拾肆万元整",
    "第三期2027年1月20日¥160,000.00人民币壹拾陆万元整",
    "合计¥800,000.00人民币捌拾万元整",
    /* the effect of the agreement */
    "本协议经各方当事人签名或者盖章，经调解员签名并加盖调解组织印章后生效", "第十四条",
    "《中华人民共和国人民调解法》第二十九条", "申请劳动争议仲裁", "第十五条", "支付令", "第十六条",
    "三十日内", "南京市江宁区人民法院申请司法确认", "《中华人民共和国人民调解法》第三十三条",
    /* copies */
    /* one for each party: the two representatives, the employer, the
     * general contractor that pays; and one for the organisation */
    "本协议一式五份，申请人代表人各执一份，被申请人执一份，付款单位执一份", "2026年11月19日",
    /* signature, seal and fingerprint blocks */
    "申请人代表人：侯军", "申请人代表人：陆勇", "签名/捺印：", "被申请人（盖章）：", "签名/盖章：",
    "付款单位（盖章）：", "调解员：沈雅琴", "调解组织（印章）：", "日期：", "年月日",
    /* the worker annex */
    "附件：劳动者名单及调解金额明细表", "本人签名（捺印）", "合计（72人）",
  };

  g_assert_no_error (error);
  pages = lay_out (t, model);
  pdf = tj_pages_to_pdf_bytes (pages, &error);
  g_assert_no_error (error);
  text = pdf_text (pdf, 0);
  if (text == NULL)
    return;

  for (guint i = 0; i < G_N_ELEMENTS (required); i++)
    {
      g_autofree char *squeezed = g_strdup (required[i]);
      if (strstr (text, squeezed) == NULL)
        g_error ("the agreement lacks “%s”", required[i]);
    }
  /* Service is no condition of the agreement's effect (§14). */
  g_assert_null (strstr (text, "送达"));
  /* The general contractor signs: the text does not say it is unbound. */
  g_assert_null (strstr (text, "未作为当事人签署本协议"));
  for (guint i = 0; i < json_array_get_length (workers); i++)
    {
      JsonObject *w = json_array_get_object_element (workers, i);
      g_assert_nonnull (strstr (text, json_object_get_string_member (w, "name")));
      g_assert_nonnull (strstr (text, json_object_get_string_member (w, "id_number")));
    }
  for (guint p = 1; p <= tj_pages_get_n_pages (pages); p++)
    {
      g_autofree char *page_text = pdf_text (pdf, p);
      g_free (footer);
      footer = g_strdup_printf ("第%u页共%u页", p, tj_pages_get_n_pages (pages));
      g_assert_nonnull (strstr (page_text, footer));
    }
}

/* The bytes of the font programs a PDF embeds (FontFile, FontFile2,
 * FontFile3 streams, compressed as they are), and how many there are;
 * fails the test unless every font is named as a subset (ABCDEF+Name). */
static gsize
embedded_font_bytes (GBytes *pdf,
                     guint  *n_fonts)
{
  gsize len = 0;
  const char *data = g_bytes_get_data (pdf, &len);
  g_autofree char *text = g_malloc (len + 1);
  g_autoptr(GRegex) file_re = g_regex_new ("/FontFile[23]? ([0-9]+) 0 R", G_REGEX_RAW, 0, NULL);
  g_autoptr(GRegex) name_re = g_regex_new ("/FontName /([^ /\n]+)", G_REGEX_RAW, 0, NULL);
  g_autoptr(GRegex) tag_re = g_regex_new ("^[A-Z]{6}\\+", 0, 0, NULL);
  g_autoptr(GMatchInfo) match = NULL;
  gsize total = 0;
  guint n_names = 0;

  /* Binary streams hold NULs and are no UTF-8: one raw string for GRegex. */
  for (gsize i = 0; i < len; i++)
    text[i] = data[i] ? data[i] : ' ';
  text[len] = '\0';

  *n_fonts = 0;
  g_regex_match_full (file_re, text, len, 0, G_REGEX_MATCH_NOTEMPTY, &match, NULL);
  while (g_match_info_matches (match))
    {
      g_autofree char *num = g_match_info_fetch (match, 1);
      g_autofree char *head = g_strdup_printf ("\n%s 0 obj", num);
      const char *obj = g_strstr_len (text, len, head);
      const char *start, *end;

      g_assert_nonnull (obj);
      start = strstr (obj, "stream");
      g_assert_nonnull (start);
      start += strlen ("stream");
      end = g_strstr_len (start, len - (start - text), "endstream");
      g_assert_nonnull (end);
      total += end - start;
      (*n_fonts)++;
      g_match_info_next (match, NULL);
    }
  g_clear_pointer (&match, g_match_info_free);

  g_regex_match_full (name_re, text, len, 0, 0, &match, NULL);
  while (g_match_info_matches (match))
    {
      g_autofree char *name = g_match_info_fetch (match, 1);
      if (!g_regex_match (tag_re, name, 0, NULL))
        g_error ("font %s is not embedded as a subset", name);
      n_names++;
      g_match_info_next (match, NULL);
    }
  g_assert_cmpuint (n_names, ==, *n_fonts);
  return total;
}

/* The PDF embeds its fonts cut down to the glyphs it uses, subset
 * before cairo sees them (tj-pdf-renderer.c); the text stays
 * extractable (the contents tests read it back). Subsets are kept and
 * reused across documents with more glyphs than the next one needs:
 * the agreement written before and after a document with other glyphs
 * must come out the same. */
static void
test_pdf_fonts_subset (void)
{
  g_autoptr(JsonObject) model = load_fixture ();
  g_autoptr(GBytes) first = render_builtin_pdf ("agreement", model);
  g_autoptr(GBytes) other = render_builtin_pdf ("payment_order", model);
  g_autoptr(GBytes) again = render_builtin_pdf ("arbitration_application", model);
  g_autoptr(GBytes) second = render_builtin_pdf ("agreement", model);
  g_autofree char *first_text = NULL;
  g_autofree char *second_text = NULL;
  guint n_fonts = 0, n_second = 0, n_other = 0;
  gsize font_bytes = embedded_font_bytes (first, &n_fonts);

  g_assert_cmpuint (n_fonts, >=, 1);
  /* With cairo subsetting the whole Noto CJK faces itself the agreement
   * embedded 698,324 bytes of font programs (728,198 in all); subset
   * first, 126,469 (156,341). */
  g_test_message ("agreement: %u fonts, %" G_GSIZE_FORMAT " bytes of font programs, %" G_GSIZE_FORMAT " in all",
                  n_fonts, font_bytes, g_bytes_get_size (first));
  g_assert_cmpuint (font_bytes, <, 350000);
  g_assert_cmpuint (g_bytes_get_size (first), <, 400000);
  g_assert_cmpuint (embedded_font_bytes (other, &n_other), >, 0);
  g_assert_cmpuint (embedded_font_bytes (again, &n_other), >, 0);

  g_assert_cmpuint (embedded_font_bytes (second, &n_second), ==, font_bytes);
  g_assert_cmpuint (n_second, ==, n_fonts);
  g_assert_cmpuint (g_bytes_get_size (second), ==, g_bytes_get_size (first));
  first_text = pdf_text (first, 0);
  if (first_text == NULL)
    return;
  second_text = pdf_text (second, 0);
  g_assert_cmpstr (second_text, ==, first_text);
  g_assert_nonnull (strstr (first_text, "劳动争议调解协议书"));
}

static void
test_agreement_without_split (void)
{
  g_autoptr(JsonObject) model = load_fixture ();
  g_autofree char *text = NULL;
  JsonArray *installments = json_object_get_array_member (json_object_get_object_member (model, "settlement"),
                                                          "installments");

  /* Agreed in total and by installment, but not yet per worker. */
  for (guint i = 0; i < json_array_get_length (installments); i++)
    json_object_remove_member (json_array_get_object_element (installments, i), "allocations");
  text = builtin_text ("agreement", model);
  if (text == NULL)
    return;
  g_assert_nonnull (strstr (text, "侯军等72名劳动者"));
  g_assert_nonnull (strstr (text, "合计（72人）"));
  g_assert_nonnull (strstr (text, "钱春梅522422199510233088¥15,400.00"));
}

static void
test_table_breaks_repeat_header (void)
{
  g_autoptr(JsonObject) model = load_fixture ();
  g_autoptr(GError) error = NULL;
  g_autoptr(TjTemplate) t = tj_template_load ("agreement", &error);
  g_autoptr(TjPages) pages = NULL;
  g_autoptr(GBytes) pdf = NULL;
  JsonArray *workers = json_object_get_array_member (model, "workers");
  guint annex_pages = 0;
  guint rows_seen = 0;

  g_assert_no_error (error);
  pages = lay_out (t, model);
  pdf = tj_pages_to_pdf_bytes (pages, &error);
  g_assert_no_error (error);

  for (guint p = 1; p <= tj_pages_get_n_pages (pages); p++)
    {
      g_autofree char *text = pdf_text (pdf, p);
      guint rows = 0;
      if (text == NULL)
        return;
      /* ID numbers appear only in the annex rows. */
      for (guint i = 0; i < json_array_get_length (workers); i++)
        if (strstr (text, json_object_get_string_member (json_array_get_object_element (workers, i),
                                                         "id_number")))
          rows++;
      if (rows == 0)
        continue;
      annex_pages++;
      rows_seen += rows;
      g_test_message ("page %u: %u rows", p, rows);
      /* The header row is repeated on every page the table spans. */
      g_assert_nonnull (strstr (text, "序号"));
      g_assert_nonnull (strstr (text, "公民身份号码"));
      g_assert_nonnull (strstr (text, "被拖欠金额"));
      g_assert_nonnull (strstr (text, "本人签名（捺印）"));
    }
  g_assert_cmpuint (annex_pages, >=, 2);
  g_assert_cmpuint (rows_seen, ==, 72);
}

static void
test_long_cells_are_not_cut (void)
{
  g_autoptr(JsonObject) model = load_fixture ();
  g_autoptr(GError) error = NULL;
  g_autoptr(TjPages) pages = NULL;
  g_autoptr(GBytes) pdf = NULL;
  g_autofree char *text = NULL;
  g_autoptr(TjTemplate) t = template_from_string (
    "<template title=\"t\"><table widths=\"1,3\"><header><cell>项目</cell><cell>内容</cell></header>"
    "<row><cell>事实</cell><cell>START-OF-CELL{{case.facts}}{{case.facts}}{{case.facts}}{{case.facts}}"
    "{{case.facts}}{{case.facts}}{{case.facts}}{{case.facts}}{{case.facts}}{{case.facts}}END-OF-CELL</cell></row>"
    "</table></template>", &error);

  g_assert_no_error (error);
  pages = lay_out (t, model);
  /* One cell taller than a page breaks between its lines. */
  g_assert_cmpuint (tj_pages_get_n_pages (pages), >=, 2);
  pdf = tj_pages_to_pdf_bytes (pages, &error);
  g_assert_no_error (error);
  text = pdf_text (pdf, 0);
  if (text == NULL)
    return;
  g_assert_nonnull (strstr (text, "START-OF-CELL"));
  g_assert_nonnull (strstr (text, "END-OF-CELL"));
  {
    g_autofree char *last = pdf_text (pdf, tj_pages_get_n_pages (pages));
    g_assert_nonnull (strstr (last, "项目内容"));   /* header repeated */
  }
}

static void
test_draw_page_on_any_cairo (void)
{
  g_autoptr(JsonObject) model = load_fixture ();
  g_autoptr(GError) error = NULL;
  g_autoptr(TjTemplate) t = tj_template_load ("acceptance_notice", &error);
  g_autoptr(TjPages) pages = NULL;
  cairo_surface_t *surface;
  cairo_t *cr;
  double w, h;
  guint dark = 0;
  unsigned char *data;
  int stride;

  g_assert_no_error (error);
  pages = lay_out (t, model);
  tj_pages_get_page_size (pages, &w, &h);
  g_assert_cmpfloat_with_epsilon (w, 595.28, 0.01);
  g_assert_cmpfloat_with_epsilon (h, 841.89, 0.01);

  /* As a preview would: an image surface at 50 dpi. */
  surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, (int) (w * 50 / 72), (int) (h * 50 / 72));
  cr = cairo_create (surface);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  cairo_scale (cr, 50.0 / 72, 50.0 / 72);
  tj_pages_draw_page (pages, cr, 0);
  cairo_destroy (cr);
  cairo_surface_flush (surface);
  data = cairo_image_surface_get_data (surface);
  stride = cairo_image_surface_get_stride (surface);
  for (int y = 0; y < cairo_image_surface_get_height (surface); y++)
    for (int x = 0; x < cairo_image_surface_get_width (surface); x++)
      if ((((guint32 *) (data + y * stride))[x] & 0xff) < 0x80)
        dark++;
  cairo_surface_destroy (surface);
  g_assert_cmpuint (dark, >, 2000);
}

/* ---- DOCX ---- */

static void
test_docx_package (void)
{
  g_autoptr(JsonObject) model = load_fixture ();
  g_autoptr(GError) error = NULL;
  g_autoptr(TjTemplate) t = tj_template_load ("agreement", &error);
  g_autoptr(GBytes) docx = NULL;
  g_autoptr(GHashTable) parts = NULL;
  static const char * const names[] = {
    "[Content_Types].xml", "_rels/.rels", "word/document.xml", "word/_rels/document.xml.rels",
    "word/styles.xml", "word/settings.xml", "word/footer1.xml", "docProps/core.xml", "docProps/app.xml",
  };
  const char *document;
  xmlDocPtr xml;
  xmlChar *content;
  JsonArray *workers = json_object_get_array_member (model, "workers");

  g_assert_no_error (error);
  docx = tj_docgen_render_docx (t, model, &options, &error);
  g_assert_no_error (error);
  g_assert_true (memcmp (g_bytes_get_data (docx, NULL), "PK\003\004", 4) == 0);
  parts = docx_parts (docx);
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      const char *part = g_hash_table_lookup (parts, names[i]);
      xmlDocPtr parsed;
      g_assert_nonnull (part);
      parsed = xmlReadMemory (part, strlen (part), names[i], "UTF-8", XML_PARSE_NONET | XML_PARSE_NOERROR);
      g_assert_nonnull (parsed);
      xmlFreeDoc (parsed);
    }
  g_assert_nonnull (strstr (g_hash_table_lookup (parts, "word/styles.xml"), "w:eastAsia=\"宋体\""));

  document = g_hash_table_lookup (parts, "word/document.xml");
  g_assert_nonnull (strstr (document, "<w:tblHeader/>"));
  xml = xmlReadMemory (document, strlen (document), "document.xml", "UTF-8", XML_PARSE_NONET);
  g_assert_nonnull (xml);
  content = xmlNodeGetContent (xmlDocGetRootElement (xml));
  for (guint i = 0; i < json_array_get_length (workers); i++)
    g_assert_nonnull (strstr ((const char *) content,
                              json_object_get_string_member (json_array_get_object_element (workers, i), "name")));
  g_assert_nonnull (strstr ((const char *) content, "人民币捌拾万元整"));
  g_assert_nonnull (strstr ((const char *) content, "《中华人民共和国人民调解法》第三十三条"));
  xmlFree (content);
  xmlFreeDoc (xml);
}

/* ---- caucus notes never reach a document ---- */

static void
add_secrets (JsonObject *model)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) notes = tj_json_parse (
    "[{\"type\":\"note\",\"visibility\":\"caucus\",\"party\":\"employer\",\"text\":\"" SECRET "\"}]", -1, &error);
  g_autoptr(JsonNode) sessions = tj_json_parse (
    "[{\"kind\":\"separate\",\"visibility\":\"caucus\",\"date\":\"2026-11-17\",\"place\":\"" SECRET "\","
    "\"notes\":[{\"text\":\"" SECRET "\"}]},"
    "{\"kind\":\"joint\",\"visibility\":\"joint\",\"date\":\"2026-11-19\",\"summary\":\"" SECRET "\","
    "\"notes\":[{\"visibility\":\"caucus\",\"text\":\"" SECRET "\"}]}]", -1, &error);
  JsonObject *employer = json_object_get_object_member (model, "employer");
  JsonObject *worker = json_array_get_object_element (json_object_get_array_member (model, "workers"), 0);
  JsonObject *settlement = json_object_get_object_member (model, "settlement");

  g_assert_no_error (error);
  json_object_set_member (model, "notes", json_node_copy (notes));
  json_object_set_member (model, "sessions", json_node_copy (sessions));
  json_object_set_string_member (employer, "caucus_note", SECRET);
  json_object_set_member (worker, "notes", json_node_copy (notes));
  json_object_set_string_member (settlement, "interests", SECRET);
  json_object_set_member (json_object_get_object_member (model, "organisation"), "notes", json_node_copy (notes));
  json_object_set_member (json_object_get_object_member (model, "consultation"), "notes", json_node_copy (notes));
}

static void
test_caucus_secret_never_rendered (void)
{
  g_autoptr(JsonObject) model = load_fixture ();
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) scope = NULL;
  g_autofree char *scope_text = NULL;

  add_secrets (model);
  {
    g_autofree char *input = tj_json_object_to_string (model, FALSE);
    g_assert_nonnull (strstr (input, SECRET));   /* the test would catch a leak */
  }

  scope = tj_docgen_model_from_case (model, &error);
  g_assert_no_error (error);
  scope_text = tj_json_object_to_string (scope, FALSE);
  g_assert_null (strstr (scope_text, SECRET));
  g_assert_null (strstr (scope_text, "caucus"));

  for (guint i = 0; i < G_N_ELEMENTS (builtin_names); i++)
    {
      g_autoptr(TjTemplate) t = tj_template_load (builtin_names[i], &error);
      g_autoptr(GBytes) pdf = NULL;
      g_autoptr(GBytes) docx = NULL;
      g_autoptr(GHashTable) parts = NULL;
      g_autofree char *text = NULL;
      GHashTableIter iter;
      gpointer name, data;

      g_assert_no_error (error);
      pdf = tj_docgen_render_pdf (t, model, &options, &error);
      g_assert_no_error (error);
      docx = tj_docgen_render_docx (t, model, &options, &error);
      g_assert_no_error (error);

      parts = docx_parts (docx);
      g_hash_table_iter_init (&iter, parts);
      while (g_hash_table_iter_next (&iter, &name, &data))
        if (strstr (data, SECRET))
          g_error ("%s: %s of the DOCX holds a caucus note", builtin_names[i], (char *) name);

      text = pdf_text (pdf, 0);
      if (text == NULL)
        return;
      g_assert_true (strlen (text) > 100);
      if (strstr (text, SECRET))
        g_error ("%s: the PDF holds a caucus note", builtin_names[i]);
    }

  /* A template that asks for the notes by name gets an error, not text. */
  {
    g_autoptr(TjTemplate) t = template_from_string (
      "<template title=\"t\">\n<p>{{case.notes.0.text}}</p></template>", &error);
    g_autoptr(TjDocument) doc = NULL;
    g_assert_no_error (error);
    doc = tj_docgen_evaluate (t, model, &options, &error);
    g_assert_null (doc);
    g_assert_error (error, TJ_ERROR, TJ_ERROR_INVALID);
    g_assert_nonnull (strstr (error->message, "case.notes.0.text"));
    g_assert_null (strstr (error->message, SECRET));
  }
}

/* ---- off the main thread ---- */

typedef struct {
  guint     pending;
  GBytes   *pdf[2];
  GBytes   *docx;
  TjPages  *pages;
} AsyncState;

static void
render_done_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  AsyncState *st = user_data;
  g_autoptr(GError) error = NULL;
  GBytes *bytes = tj_docgen_render_finish (result, &error);

  g_assert_no_error (error);
  if (memcmp (g_bytes_get_data (bytes, NULL), "PK", 2) == 0)
    st->docx = bytes;
  else if (st->pdf[0] == NULL)
    st->pdf[0] = bytes;
  else
    st->pdf[1] = bytes;
  st->pending--;
}

static void
paginate_done_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  AsyncState *st = user_data;
  g_autoptr(GError) error = NULL;

  st->pages = tj_docgen_paginate_finish (result, &error);
  g_assert_no_error (error);
  st->pending--;
}

static void
keep_result_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static void
test_async_renders_in_parallel (void)
{
  g_autoptr(JsonObject) model = load_fixture ();
  g_autoptr(GError) error = NULL;
  g_autoptr(TjTemplate) agreement = tj_template_load ("agreement", &error);
  g_autoptr(TjTemplate) roster = tj_template_load ("payment_roster", &error);
  AsyncState st = { 0 };

  g_assert_no_error (error);
  /* Four renders at once, each in its own GTask thread. */
  tj_docgen_render_async (agreement, model, &options, TJ_DOCGEN_FORMAT_PDF, NULL, render_done_cb, &st);
  tj_docgen_render_async (roster, model, &options, TJ_DOCGEN_FORMAT_PDF, NULL, render_done_cb, &st);
  tj_docgen_render_async (agreement, model, &options, TJ_DOCGEN_FORMAT_DOCX, NULL, render_done_cb, &st);
  tj_docgen_paginate_async (agreement, model, &options, NULL, paginate_done_cb, &st);
  st.pending = 4;
  /* The model was copied: changing it now must not matter. */
  json_object_remove_member (model, "settlement");
  while (st.pending > 0)
    g_main_context_iteration (NULL, TRUE);

  g_assert_nonnull (st.pdf[0]);
  g_assert_nonnull (st.pdf[1]);
  g_assert_nonnull (st.docx);
  g_assert_cmpuint (tj_pages_get_n_pages (st.pages), >=, 5);
  g_bytes_unref (st.pdf[0]);
  g_bytes_unref (st.pdf[1]);
  g_bytes_unref (st.docx);
  tj_pages_free (st.pages);

  /* A cancelled render reports G_IO_ERROR_CANCELLED. */
  {
    g_autoptr(GCancellable) cancellable = g_cancellable_new ();
    GAsyncResult *result = NULL;
    GBytes *bytes;

    g_cancellable_cancel (cancellable);
    tj_docgen_render_async (agreement, model, &options, TJ_DOCGEN_FORMAT_PDF, cancellable,
                            keep_result_cb, &result);
    while (result == NULL)
      g_main_context_iteration (NULL, TRUE);
    bytes = tj_docgen_render_finish (result, &error);
    g_assert_null (bytes);
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
    g_object_unref (result);
  }
}

int
main (int    argc,
      char **argv)
{
  tj_test_pin_today ("2026-11-22");
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/docgen/template/parse-errors", test_parse_errors);
  g_test_add_func ("/docgen/template/unknown-path", test_unknown_path);
  g_test_add_func ("/docgen/template/conditionals-and-repeats", test_conditionals_and_repeats);
  g_test_add_func ("/docgen/template/money-and-dates", test_money_and_dates);
  g_test_add_func ("/docgen/model/settlement-must-add-up", test_settlement_must_add_up);
  g_test_add_func ("/docgen/templates/builtin", test_builtin_templates);
  g_test_add_func ("/docgen/templates/custom-override", test_custom_override);
  g_test_add_func ("/docgen/templates/custom-empty-field", test_custom_empty_field);
  g_test_add_func ("/docgen/template/money-upper-range", test_money_upper_range);
  g_test_add_func ("/docgen/template/repeat-limit", test_repeat_limit);
  g_test_add_func ("/docgen/templates/single-worker", test_single_worker_case);
  g_test_add_func ("/docgen/templates/advice-sheet", test_advice_sheet_from_consultation);
  g_test_add_func ("/docgen/pdf/agreement-contents", test_agreement_pdf_contents);
  g_test_add_func ("/docgen/pdf/fonts-subset", test_pdf_fonts_subset);
  g_test_add_func ("/docgen/pdf/agreement-parties", test_agreement_parties);
  g_test_add_func ("/docgen/pdf/no-letter-spacing", test_no_letter_spacing);
  g_test_add_func ("/docgen/model/missing-in-plain-words", test_missing_in_plain_words);
  g_test_add_func ("/docgen/pdf/table-header-repeated", test_table_breaks_repeat_header);
  g_test_add_func ("/docgen/pdf/agreement-without-split", test_agreement_without_split);
  g_test_add_func ("/docgen/pdf/long-cells", test_long_cells_are_not_cut);
  g_test_add_func ("/docgen/pdf/draw-page", test_draw_page_on_any_cairo);
  g_test_add_func ("/docgen/docx/package", test_docx_package);
  g_test_add_func ("/docgen/caucus-secret", test_caucus_secret_never_rendered);
  g_test_add_func ("/docgen/async", test_async_renders_in_parallel);

  return g_test_run ();
}
