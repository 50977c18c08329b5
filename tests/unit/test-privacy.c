/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Privacy and access (issue 19): a reveal needs a reason and writes one
 * append-only audit document, which the case timeline shows and the
 * changes feed carries to the centre; the log cannot be edited or
 * deleted; exports mask ID numbers and phones unless made with a reveal;
 * papers, imports and deletions are logged. The same through tiaojie-cli. */

#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>

#include "tj-audit.h"
#include "tj-case.h"
#include "tj-clock.h"
#include "tj-consent.h"
#include "tj-json.h"
#include "tj-papers.h"
#include "tj-reveal.h"
#include "tj-roster.h"
#include "tj-test-cli.h"
#include "tj-test-store.h"
#include "tj-test-util.h"

#define ID_ZHANG "11010519491231002X"
#define ID_WANG  "110105198503120012"
#define PHONE_ZHANG "13812345678"

typedef struct {
  char          *dir;
  char          *path;
  TjStore       *store;
  TjCaseContext  ctx;
  char          *case_id;
  char          *w[2];
} Fixture;

static const char case_json[] =
  "{\"title\":\"城南工地农民工欠薪\",\"kind\":\"wage_arrears\",\"source\":\"hotline\","
  "\"received_on\":\"2026-11-16\",\"accepted_on\":\"2026-11-16\",\"facts\":\"拖欠三个月工资\","
  "\"employer\":{\"name\":\"华建劳务有限公司\"},"
  "\"workers\":[{\"name\":\"张三\",\"id_number\":\"" ID_ZHANG "\",\"owed_fen\":1200000,"
  "              \"phone\":\"" PHONE_ZHANG "\",\"address\":\"北京市朝阳区建国路88号3单元\"},"
  "             {\"name\":\"王伟\",\"id_number\":\"" ID_WANG "\",\"owed_fen\":900000}]}";

static void
set_today (const char *iso)
{
  GDate d;

  g_date_clear (&d, 1);
  g_date_set_parse (&d, iso);
  g_assert_true (g_date_valid (&d));
  tj_clock_set_today (tj_clock_get_default (), &d);
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) input = tj_json_parse_object (case_json, -1, &error);
  g_autoptr(JsonObject) added = NULL;
  g_autoptr(JsonObject) doc = NULL;

  g_assert_no_error (error);
  set_today ("2026-11-22");
  f->store = tj_test_store_open_tmp ("tj-privacy-XXXXXX", "p.db", &f->dir, &f->path);
  tj_case_context_init_defaults (&f->ctx);
  f->ctx.actor = "调解员甲";
  f->ctx.station_code = "BH01";
  f->ctx.today = "2026-11-22";
  added = tj_case_add (f->store, &f->ctx, input, &error);
  g_assert_no_error (error);
  f->case_id = g_strdup (tj_json_get_string (added, "id", NULL));
  doc = tj_case_show (f->store, &f->ctx, f->case_id, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < 2; i++)
    f->w[i] = g_strdup (tj_json_get_string (json_array_get_object_element (tj_json_get_array (doc, "workers"), i),
                                            "id", NULL));
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  tj_test_store_close (&f->store, &f->dir, &f->path);
  g_free (f->case_id);
  g_free (f->w[0]);
  g_free (f->w[1]);
}

static JsonArray *
audit (Fixture    *f,
       const char *case_id)
{
  g_autoptr(GError) error = NULL;
  JsonArray *rows = tj_audit_list (f->store, case_id, NULL, NULL, &error);

  g_assert_no_error (error);
  return rows;
}

/* A reveal without a reason shows nothing and records nothing; with one,
 * the value and one record naming who, which field of whom, when and why,
 * on the case's timeline too. */
static void
test_reveal_recorded (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonArray) rows = NULL;
  g_autoptr(JsonArray) timeline = NULL;
  g_autoptr(JsonArray) events = NULL;
  g_autofree char *value = NULL;
  JsonObject *entry;
  gboolean on_timeline = FALSE;

  g_assert_null (tj_reveal (f->store, &f->ctx, f->w[0], "id_number", NULL, &error));
  g_assert_error (error, TJ_ERROR, TJ_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_null (tj_reveal (f->store, &f->ctx, f->w[0], "id_number", "", &error));
  g_assert_error (error, TJ_ERROR, TJ_ERROR_INVALID);
  g_clear_error (&error);
  rows = audit (f, NULL);
  g_assert_cmpuint (json_array_get_length (rows), ==, 0);
  g_clear_pointer (&rows, json_array_unref);

  value = tj_reveal (f->store, &f->ctx, f->w[0], "id_number", "回访核实身份", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (value, ==, ID_ZHANG);

  rows = audit (f, f->case_id);
  g_assert_cmpuint (json_array_get_length (rows), ==, 1);
  entry = json_array_get_object_element (rows, 0);
  g_assert_cmpstr (tj_json_get_string (entry, "action", NULL), ==, "reveal");
  g_assert_cmpstr (tj_json_get_string (entry, "actor", NULL), ==, "调解员甲");
  g_assert_cmpstr (tj_json_get_string (entry, "station", NULL), ==, "BH01");
  g_assert_cmpstr (tj_json_get_string (entry, "field", NULL), ==, "id_number");
  g_assert_cmpstr (tj_json_get_string (entry, "party_id", NULL), ==, f->w[0]);
  g_assert_cmpstr (tj_json_get_string (entry, "case_id", NULL), ==, f->case_id);
  g_assert_cmpstr (tj_json_get_string (entry, "reason", NULL), ==, "回访核实身份");
  g_assert_cmpstr (tj_json_get_string (entry, "on", NULL), ==, "2026-11-22");
  g_assert_true (g_str_has_prefix (tj_json_get_string (entry, "at", ""), "2026-11-2"));
  g_assert_cmpstr (tj_json_get_string (entry, "text", NULL), ==, "调解员甲 revealed the ID number of 张三");
  /* The value itself is never in the log. */
  g_assert_null (strstr (tj_json_get_string (entry, "text", ""), ID_ZHANG));
  g_assert_false (json_object_has_member (entry, "value"));

  timeline = tj_case_timeline_full (f->store, f->case_id, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < json_array_get_length (timeline); i++)
    {
      JsonObject *e = json_array_get_object_element (timeline, i);
      if (g_strcmp0 (tj_json_get_string (e, "kind", NULL), "audit") == 0)
        {
          g_assert_false (on_timeline);
          on_timeline = TRUE;
          g_assert_cmpstr (tj_json_get_string (e, "reason", NULL), ==, "回访核实身份");
          g_assert_cmpstr (tj_json_get_string (e, "audit_action", NULL), ==, "reveal");
        }
    }
  g_assert_true (on_timeline);
  /* The plain timeline (what agenda and papers read) keeps to events. */
  events = tj_case_timeline (f->store, f->case_id, &error);
  g_assert_cmpuint (json_array_get_length (events), ==, json_array_get_length (timeline) - 1);

  /* An address is masked to its district and revealed the same way. */
  g_free (value);
  value = tj_reveal_mask ("address", "北京市朝阳区建国路88号3单元");
  g_assert_cmpstr (value, ==, "北京市朝阳区****");
  g_free (value);
  value = tj_reveal (f->store, &f->ctx, f->w[0], "address", "寄送文书", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (value, ==, "北京市朝阳区建国路88号3单元");
  g_clear_pointer (&rows, json_array_unref);
  rows = audit (f, NULL);
  g_assert_cmpuint (json_array_get_length (rows), ==, 2);
}

/* The versions of a document in conflict are shown for one reason with
 * one record, which never holds a value: tj_reveal_record() writes what
 * tj_reveal() would, without reading the number (tj_reveal() reads the
 * current version only, so cannot give the other one). */
static void
test_reveal_record_conflict (Fixture       *f,
                             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) doc = NULL;
  g_autoptr(JsonObject) stored = NULL;
  g_autoptr(JsonArray) conflicts = NULL;
  g_autoptr(JsonArray) rows = NULL;
  g_autofree char *rev = NULL;
  g_autofree char *value = NULL;
  JsonObject *entry;

  /* Two stations changed 张三's phone: a local edit and a sibling that
   * arrived by replication. */
  doc = tj_store_get (f->store, f->w[0], NULL, TJ_GET_NONE, &error);
  g_assert_no_error (error);
  {
    g_autoptr(JsonObject) sibling = tj_json_object_copy (doc);
    g_autoptr(JsonObject) revisions = json_object_new ();
    JsonArray *ids = json_array_new ();
    const char *old = tj_json_get_string (sibling, "_rev", "");
    gint64 start = g_ascii_strtoll (old, NULL, 10) + 1;
    g_autofree char *forged = g_strdup_printf ("%" G_GINT64_FORMAT "-0123456789abcdef0123456789abcdef", start);

    json_object_set_string_member (doc, "phone", "13911112222");
    rev = tj_store_put (f->store, doc, NULL, &error);
    g_assert_no_error (error);

    json_array_add_string_element (ids, "0123456789abcdef0123456789abcdef");
    json_array_add_string_element (ids, strchr (old, '-') + 1);
    json_object_set_int_member (revisions, "start", start);
    json_object_set_array_member (revisions, "ids", ids);
    json_object_set_string_member (sibling, "_rev", forged);
    json_object_set_object_member (sibling, "_revisions", json_object_ref (revisions));
    json_object_set_string_member (sibling, "phone", "13733334444");
    g_assert_true (tj_store_put_replicated (f->store, sibling, &error));
    g_assert_no_error (error);
  }
  conflicts = tj_store_list_conflicts (f->store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (json_array_get_length (conflicts), ==, 1);
  /* tj_reveal() gives the current version's phone only. */
  stored = tj_store_get (f->store, f->w[0], NULL, TJ_GET_NONE, &error);
  g_assert_no_error (error);
  value = tj_reveal (f->store, &f->ctx, f->w[0], "phone", "核对电话", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (value, ==, tj_json_get_string (stored, "phone", NULL));
  g_clear_pointer (&rows, json_array_unref);
  rows = audit (f, NULL);
  g_assert_cmpuint (json_array_get_length (rows), ==, 1);
  g_clear_pointer (&rows, json_array_unref);

  /* Refused, and nothing recorded: no reason, a blank one, a field that is
   * not a personal number, a document that does not exist. */
  g_assert_false (tj_reveal_record (f->store, &f->ctx, f->w[0], "phone", NULL, &error));
  g_assert_error (error, TJ_ERROR, TJ_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (tj_reveal_record (f->store, &f->ctx, f->w[0], "phone", "  ", &error));
  g_assert_error (error, TJ_ERROR, TJ_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (tj_reveal_record (f->store, &f->ctx, f->w[0], "name", "核对电话", &error));
  g_assert_error (error, TJ_ERROR, TJ_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (tj_reveal_record (f->store, &f->ctx, "party-nobody", "phone", "核对电话", &error));
  g_assert_error (error, TJ_ERROR, TJ_ERROR_NOT_FOUND);
  g_clear_error (&error);
  rows = audit (f, NULL);
  g_assert_cmpuint (json_array_get_length (rows), ==, 1);
  g_clear_pointer (&rows, json_array_unref);

  /* With a reason: one record, like tj_reveal()'s, without the numbers. */
  g_assert_true (tj_reveal_record (f->store, &f->ctx, f->w[0], "phone", " 选择冲突版本 ", &error));
  g_assert_no_error (error);
  rows = audit (f, f->case_id);
  g_assert_cmpuint (json_array_get_length (rows), ==, 2);
  entry = json_array_get_object_element (rows, 0);
  g_assert_cmpstr (tj_json_get_string (entry, "action", NULL), ==, "reveal");
  g_assert_cmpstr (tj_json_get_string (entry, "actor", NULL), ==, "调解员甲");
  g_assert_cmpstr (tj_json_get_string (entry, "station", NULL), ==, "BH01");
  g_assert_cmpstr (tj_json_get_string (entry, "field", NULL), ==, "phone");
  g_assert_cmpstr (tj_json_get_string (entry, "party_id", NULL), ==, f->w[0]);
  g_assert_cmpstr (tj_json_get_string (entry, "case_id", NULL), ==, f->case_id);
  g_assert_cmpstr (tj_json_get_string (entry, "reason", NULL), ==, "选择冲突版本");
  g_assert_cmpstr (tj_json_get_string (entry, "detail", NULL), ==, "张三");
  {
    g_autoptr(JsonNode) node = json_node_init_object (json_node_alloc (), entry);
    g_autofree char *text = tj_json_to_string (node, FALSE);
    g_assert_null (strstr (text, "13733334444"));
    g_assert_null (strstr (text, "13911112222"));
  }
  /* Recording changed nothing of the conflict. */
  g_clear_pointer (&conflicts, json_array_unref);
  conflicts = tj_store_list_conflicts (f->store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (json_array_get_length (conflicts), ==, 1);
}

/* The log is written once: an edit or a deletion of an audit document is
 * refused, here and when it comes by replication; audit documents are in
 * the changes feed, so they are pushed to the centre like the cases. */
static void
test_append_only (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonArray) rows = NULL;
  g_autoptr(JsonObject) doc = NULL;
  g_autoptr(JsonObject) changes = NULL;
  g_autofree char *value = tj_reveal (f->store, &f->ctx, f->w[1], "id_number", "核实身份", &error);
  g_autofree char *rev = NULL;
  const char *id;
  JsonArray *results;
  gboolean in_feed = FALSE;

  g_assert_no_error (error);
  rows = audit (f, NULL);
  id = tj_json_get_string (json_array_get_object_element (rows, 0), "id", NULL);

  doc = tj_store_get (f->store, id, NULL, TJ_GET_NONE, &error);
  g_assert_no_error (error);
  json_object_set_string_member (doc, "reason", "nothing happened");
  rev = tj_store_put (f->store, doc, NULL, &error);
  g_assert_null (rev);
  g_assert_error (error, TJ_ERROR, TJ_ERROR_CONFLICT);
  g_clear_error (&error);
  rev = tj_store_delete (f->store, id, tj_json_get_string (doc, "_rev", NULL), &error);
  g_assert_null (rev);
  g_assert_error (error, TJ_ERROR, TJ_ERROR_CONFLICT);
  g_clear_error (&error);

  /* A second revision arriving from elsewhere is refused too. */
  {
    g_autoptr(JsonObject) forged = json_object_ref (doc);
    g_autoptr(JsonObject) revisions = json_object_new ();
    JsonArray *ids = json_array_new ();
    const char *first = strchr (tj_json_get_string (doc, "_rev", ""), '-') + 1;

    json_array_add_string_element (ids, "0123456789abcdef0123456789abcdef");
    json_array_add_string_element (ids, first);
    json_object_set_int_member (revisions, "start", 2);
    json_object_set_array_member (revisions, "ids", ids);
    json_object_set_string_member (forged, "_rev", "2-0123456789abcdef0123456789abcdef");
    json_object_set_object_member (forged, "_revisions", json_object_ref (revisions));
    g_assert_false (tj_store_put_replicated (f->store, forged, &error));
    g_assert_error (error, TJ_ERROR, TJ_ERROR_CONFLICT);
    g_clear_error (&error);
  }
  g_clear_pointer (&doc, json_object_unref);
  doc = tj_store_get (f->store, id, NULL, TJ_GET_NONE, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (tj_json_get_string (doc, "reason", NULL), ==, "核实身份");
  g_assert_true (g_str_has_prefix (tj_json_get_string (doc, "_rev", ""), "1-"));

  changes = tj_store_changes (f->store, 0, 0, &error);
  g_assert_no_error (error);
  results = tj_json_get_array (changes, "results");
  for (guint i = 0; i < json_array_get_length (results); i++)
    if (g_strcmp0 (tj_json_get_string (json_array_get_object_element (results, i), "id", NULL), id) == 0)
      in_feed = TRUE;
  g_assert_true (in_feed);

  /* An unknown action, and a full export without a reason, are refused. */
  {
    TjAuditEntry bad = { "peek", f->case_id, };
    TjAuditEntry full = { TJ_AUDIT_EXPORT, f->case_id, NULL, "workers", NULL, NULL, TRUE };
    g_assert_null (tj_audit_record (f->store, &f->ctx, &bad, &error));
    g_assert_error (error, TJ_ERROR, TJ_ERROR_INVALID);
    g_clear_error (&error);
    g_assert_null (tj_audit_record (f->store, &f->ctx, &full, &error));
    g_assert_error (error, TJ_ERROR, TJ_ERROR_INVALID);
  }
}

/* tj_audit_list() by case and by local day (the clock's). */
static void
test_list_filters (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonArray) rows = NULL;
  TjAuditEntry report = { TJ_AUDIT_EXPORT, NULL, NULL, "report", NULL, "2026年11月", FALSE };
  char *id;

  set_today ("2026-11-20");
  id = tj_audit_record (f->store, &f->ctx, &report, &error);
  g_assert_no_error (error);
  g_free (id);
  set_today ("2026-11-22");
  g_free (tj_reveal (f->store, &f->ctx, f->w[0], "phone", "回访", &error));
  g_assert_no_error (error);

  rows = tj_audit_list (f->store, NULL, "2026-11-21", "2026-11-30", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (json_array_get_length (rows), ==, 1);
  g_assert_cmpstr (tj_json_get_string (json_array_get_object_element (rows, 0), "field", NULL), ==, "phone");
  g_clear_pointer (&rows, json_array_unref);
  rows = tj_audit_list (f->store, NULL, NULL, "2026-11-20", &error);
  g_assert_cmpuint (json_array_get_length (rows), ==, 1);
  g_assert_cmpstr (tj_json_get_string (json_array_get_object_element (rows, 0), "field", NULL), ==, "report");
  g_clear_pointer (&rows, json_array_unref);
  rows = tj_audit_list (f->store, NULL, NULL, NULL, &error);
  g_assert_cmpuint (json_array_get_length (rows), ==, 2);
  /* Newest first. */
  g_assert_cmpstr (tj_json_get_string (json_array_get_object_element (rows, 0), "on", NULL), ==, "2026-11-22");
  g_clear_pointer (&rows, json_array_unref);
  rows = tj_audit_list (f->store, f->case_id, NULL, NULL, &error);
  g_assert_cmpuint (json_array_get_length (rows), ==, 1);
  g_clear_pointer (&rows, json_array_unref);

  g_assert_null (tj_audit_list (f->store, NULL, "2026-13-01", NULL, &error));
  g_assert_error (error, TJ_ERROR, TJ_ERROR_INVALID);
}

/* The workers' CSV: masked unless made with a reveal, logged either way. */
static void
test_csv_masks (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) masked = tj_case_export_workers_csv (f->store, &f->ctx, f->case_id, NULL, &error);
  g_autoptr(GBytes) full = NULL;
  g_autoptr(JsonArray) rows = NULL;
  g_autofree char *text = NULL;

  g_assert_no_error (error);
  text = g_strndup (g_bytes_get_data (masked, NULL), g_bytes_get_size (masked));
  g_assert_null (strstr (text, ID_ZHANG));
  g_assert_null (strstr (text, ID_WANG));
  g_assert_null (strstr (text, PHONE_ZHANG));
  g_assert_nonnull (strstr (text, "110***********002X"));
  g_assert_nonnull (strstr (text, "138****5678"));
  g_assert_nonnull (strstr (text, "张三"));
  g_assert_nonnull (strstr (text, "12000.00"));
  g_clear_pointer (&text, g_free);

  g_assert_null (tj_case_export_workers_csv (f->store, &f->ctx, f->case_id, "  ", &error));
  g_assert_error (error, TJ_ERROR, TJ_ERROR_INVALID);
  g_clear_error (&error);

  full = tj_case_export_workers_csv (f->store, &f->ctx, f->case_id, "仲裁立案需要", &error);
  g_assert_no_error (error);
  text = g_strndup (g_bytes_get_data (full, NULL), g_bytes_get_size (full));
  g_assert_nonnull (strstr (text, ID_ZHANG));
  g_assert_nonnull (strstr (text, PHONE_ZHANG));

  rows = audit (f, f->case_id);
  g_assert_cmpuint (json_array_get_length (rows), ==, 2);
  g_assert_true (tj_json_get_bool (json_array_get_object_element (rows, 0), "full", FALSE));
  g_assert_cmpstr (tj_json_get_string (json_array_get_object_element (rows, 0), "reason", NULL), ==, "仲裁立案需要");
  g_assert_false (tj_json_get_bool (json_array_get_object_element (rows, 1), "full", FALSE));
  g_assert_cmpstr (tj_json_get_string (json_array_get_object_element (rows, 1), "action", NULL), ==, "export");
}

/* A paper that prints ID numbers by law is logged as carrying them; a
 * roster import and a party's deletion are logged. */
static void
test_papers_imports_deletions (Fixture       *f,
                               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) paper = NULL;
  g_autoptr(JsonObject) imported = NULL;
  g_autoptr(JsonArray) rows = NULL;
  static const char roster[] = "姓名,身份证号,欠薪金额\n赵六,,5000\n";
  JsonObject *e;

  paper = tj_papers_generate (f->store, &f->ctx, NULL, f->case_id, "application", "pdf", &error);
  g_assert_no_error (error);
  g_assert_true (tj_papers_record_output (f->store, &f->ctx, tj_json_get_string (paper, "id", ""),
                                          TJ_AUDIT_PRINT, &error));
  g_assert_no_error (error);
  rows = audit (f, f->case_id);
  g_assert_cmpuint (json_array_get_length (rows), ==, 1);
  e = json_array_get_object_element (rows, 0);
  g_assert_cmpstr (tj_json_get_string (e, "action", NULL), ==, "print");
  g_assert_cmpstr (tj_json_get_string (e, "field", NULL), ==, "application");
  g_assert_true (tj_json_get_bool (e, "full", FALSE));
  g_clear_pointer (&rows, json_array_unref);

  imported = tj_roster_import (f->store, &f->ctx, f->case_id, roster, strlen (roster), "花名册.csv", &error);
  g_assert_no_error (error);
  rows = audit (f, f->case_id);
  g_assert_cmpuint (json_array_get_length (rows), ==, 2);
  e = json_array_get_object_element (rows, 0);
  g_assert_cmpstr (tj_json_get_string (e, "action", NULL), ==, "import");
  g_assert_cmpstr (tj_json_get_string (e, "field", NULL), ==, "roster");
  g_assert_cmpstr (tj_json_get_string (e, "detail", NULL), ==, "花名册.csv");
  g_clear_pointer (&rows, json_array_unref);

  g_assert_true (tj_case_delete_party (f->store, &f->ctx, f->w[1], &error));
  g_assert_no_error (error);
  rows = audit (f, f->case_id);
  g_assert_cmpuint (json_array_get_length (rows), ==, 3);
  e = json_array_get_object_element (rows, 0);
  g_assert_cmpstr (tj_json_get_string (e, "action", NULL), ==, "delete");
  g_assert_cmpstr (tj_json_get_string (e, "party_id", NULL), ==, f->w[1]);
  g_assert_cmpstr (tj_json_get_string (e, "text", NULL), ==, "调解员甲 deleted a party 王伟");
}

/* Consent: a case taken in without it is flagged; given at intake or
 * later, case show says when, by whom and in which words. */
static void
test_consent (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) shown = tj_case_show (f->store, &f->ctx, f->case_id, &error);
  g_autoptr(JsonObject) input = NULL;
  g_autoptr(JsonObject) added = NULL;
  g_autoptr(JsonObject) bad = NULL;
  g_autofree char *id = NULL;
  JsonObject *consent;
  guint before;

  g_assert_no_error (error);
  g_assert_false (tj_json_get_bool (tj_json_get_object (shown, "consent"), "given", TRUE));
  g_clear_pointer (&shown, json_object_unref);

  g_assert_null (tj_consent_record (f->store, &f->ctx, f->case_id, "  ", "张三", &error));
  g_assert_error (error, TJ_ERROR, TJ_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_null (tj_consent_record (f->store, &f->ctx, "no-such-case", "同意", "张三", &error));
  g_assert_error (error, TJ_ERROR, TJ_ERROR_NOT_FOUND);
  g_clear_error (&error);
  id = tj_consent_record (f->store, &f->ctx, f->case_id, tj_consent_default_wording (), "张三", &error);
  g_assert_no_error (error);
  shown = tj_case_show (f->store, &f->ctx, f->case_id, &error);
  consent = tj_json_get_object (shown, "consent");
  g_assert_true (tj_json_get_bool (consent, "given", FALSE));
  g_assert_cmpstr (tj_json_get_string (consent, "on", NULL), ==, "2026-11-22");
  g_assert_cmpstr (tj_json_get_string (consent, "given_by", NULL), ==, "张三");
  g_assert_cmpstr (tj_json_get_string (consent, "recorded_by", NULL), ==, "调解员甲");
  g_assert_nonnull (strstr (tj_json_get_string (consent, "wording", ""), "敏感个人信息"));

  /* At intake, in the same transaction as the case; a consent without
   * its wording is refused and nothing is written. */
  before = tj_case_count (f->store, &(TjCaseQuery) { .limit = 50, .deadline_within = -1 }, NULL);
  bad = tj_json_parse_object ("{\"title\":\"欠薪\",\"kind\":\"wage_arrears\",\"source\":\"walk_in\","
                              "\"employer\":{\"name\":\"甲公司\"},\"workers\":[{\"name\":\"赵六\"}],"
                              "\"consent\":{\"given_by\":\"赵六\"}}", -1, &error);
  g_assert_null (tj_case_add (f->store, &f->ctx, bad, &error));
  g_assert_error (error, TJ_ERROR, TJ_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "consent.wording"));
  g_clear_error (&error);
  g_assert_cmpuint (tj_case_count (f->store, &(TjCaseQuery) { .limit = 50, .deadline_within = -1 }, NULL), ==, before);

  input = tj_json_parse_object ("{\"title\":\"欠薪\",\"kind\":\"wage_arrears\",\"source\":\"walk_in\","
                                "\"employer\":{\"name\":\"甲公司\"},\"workers\":[{\"name\":\"赵六\"}],"
                                "\"consent\":{\"wording\":\"您的信息仅用于本案，是否同意？\",\"given_by\":\"赵六\"}}",
                                -1, &error);
  added = tj_case_add (f->store, &f->ctx, input, &error);
  g_assert_no_error (error);
  g_clear_pointer (&shown, json_object_unref);
  shown = tj_case_show (f->store, &f->ctx, tj_json_get_string (added, "id", ""), &error);
  consent = tj_json_get_object (shown, "consent");
  g_assert_true (tj_json_get_bool (consent, "given", FALSE));
  g_assert_cmpstr (tj_json_get_string (consent, "wording", NULL), ==, "您的信息仅用于本案，是否同意？");
}

/* A new database, its WAL and shared-memory files are the user's alone,
 * whatever the umask. */
static void
test_database_mode (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("tj-privacy-mode-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "sub", "new.db", NULL);
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  g_autofree char *shm = g_strconcat (path, "-shm", NULL);
  g_autofree char *sub = g_path_get_dirname (path);
  g_autoptr(JsonObject) doc = json_object_new ();
  g_autofree char *rev = NULL;
  TjStore *store;
  GStatBuf st;
  mode_t old = umask (0);

  store = tj_store_open (path, &error);
  umask (old);
  g_assert_no_error (error);
  json_object_set_string_member (doc, "type", "note");
  rev = tj_store_put (store, doc, NULL, &error);
  g_assert_no_error (error);

  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  g_assert_cmpint (g_stat (wal, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  g_assert_cmpint (g_stat (shm, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  g_assert_cmpint (g_stat (sub, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0700);

  g_object_unref (store);
  g_remove (wal);
  g_remove (shm);
  g_remove (path);
  g_rmdir (sub);
  g_rmdir (dir);
}

/* ------------------------------------------------------------------ */
/* tiaojie-cli                                                          */

/* With @out_log, stderr is returned and every debug message is on
 * (G_MESSAGES_DEBUG=all). */
static int
run_cli_full (const char  *db,
              JsonNode   **out_json,
              char       **out_text,
              char       **out_log,
              va_list      args)
{
  const char *debug[] = { "G_MESSAGES_DEBUG", "all", NULL };
  g_auto(TjTestCliRun) run = { 0 };

  tj_test_cli_run_va (&run, &(TjTestCli) { .db = db, .today = "2026-11-22", .env = out_log ? debug : NULL }, args);
  if (out_json)
    *out_json = tj_test_cli_run_json (&run);
  if (out_text)
    *out_text = g_steal_pointer (&run.out);
  if (out_log)
    *out_log = g_steal_pointer (&run.err);
  return run.status;
}

static int
run_cli_logged (const char  *db,
                char       **out_log,
                ...)
{
  va_list args;
  int status;

  va_start (args, out_log);
  status = run_cli_full (db, NULL, NULL, out_log, args);
  va_end (args);
  return status;
}

static int
run_cli (const char  *db,
         JsonNode   **out_json,
         char       **out_text,
         ...)
{
  va_list args;
  int status;

  va_start (args, out_text);
  status = run_cli_full (db, out_json, out_text, NULL, args);
  va_end (args);
  return status;
}


static void
test_cli (Fixture       *f,
          gconstpointer  data)
{
  const char *cli = tj_test_cli_path ();
  g_autofree char *csv_path = NULL;
  g_autofree char *csv = NULL;
  g_autofree char *text = NULL;
  g_autoptr(JsonNode) out = NULL;
  JsonObject *w;
  GStatBuf st;

  if (cli == NULL)
    {
      g_test_skip ("tiaojie-cli is not built next to the tests");
      return;
    }
  g_clear_object (&f->store);

  /* case show masks; --reveal REASON shows in full and is logged. */
  g_assert_cmpint (run_cli (f->path, &out, NULL, "case", "show", f->case_id, NULL), ==, 0);
  w = json_array_get_object_element (tj_json_get_array (json_node_get_object (out), "workers"), 0);
  g_assert_cmpstr (tj_json_get_string (w, "id_number", NULL), ==, "110***********002X");
  g_assert_cmpstr (tj_json_get_string (w, "phone", NULL), ==, "138****5678");
  g_clear_pointer (&out, json_node_unref);
  g_assert_cmpint (run_cli (f->path, &out, NULL, "audit", "list", NULL), ==, 0);
  g_assert_cmpuint (json_array_get_length (json_node_get_array (out)), ==, 0);
  g_clear_pointer (&out, json_node_unref);

  g_assert_cmpint (run_cli (f->path, &out, NULL, "case", "show", f->case_id, "--reveal", "制作仲裁申请书",
                            "--actor", "调解员乙", NULL), ==, 0);
  w = json_array_get_object_element (tj_json_get_array (json_node_get_object (out), "workers"), 0);
  g_assert_cmpstr (tj_json_get_string (w, "id_number", NULL), ==, ID_ZHANG);
  g_clear_pointer (&out, json_node_unref);

  /* One party's number; no reason is a usage error and logs nothing. */
  g_assert_cmpint (run_cli (f->path, NULL, NULL, "case", "reveal", f->w[1], "id_number", NULL), ==, 1);
  g_assert_cmpint (run_cli (f->path, &out, NULL, "case", "reveal", f->w[1], "id_number", "--reason", "回访",
                            NULL), ==, 0);
  g_assert_cmpstr (tj_json_get_string (json_node_get_object (out), "value", NULL), ==, ID_WANG);
  g_clear_pointer (&out, json_node_unref);

  /* The CSV export: masked, then in full with --reveal; the file is the
   * user's alone. */
  csv_path = g_build_filename (f->dir, "workers.csv", NULL);
  g_assert_cmpint (run_cli (f->path, &out, NULL, "case", "export", f->case_id, "--out", csv_path, NULL), ==, 0);
  g_assert_true (tj_json_get_bool (json_node_get_object (out), "masked", FALSE));
  g_clear_pointer (&out, json_node_unref);
  g_assert_true (g_file_get_contents (csv_path, &csv, NULL, NULL));
  g_assert_null (strstr (csv, ID_ZHANG));
  g_assert_null (strstr (csv, PHONE_ZHANG));
  g_assert_cmpint (g_stat (csv_path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  g_clear_pointer (&csv, g_free);
  g_assert_cmpint (run_cli (f->path, NULL, NULL, "case", "export", f->case_id, "--out", csv_path,
                            "--reveal", "银行代发", NULL), ==, 0);
  g_assert_true (g_file_get_contents (csv_path, &csv, NULL, NULL));
  g_assert_nonnull (strstr (csv, ID_ZHANG));
  g_remove (csv_path);

  /* audit list: everything, by case, by day; --text for reading. */
  g_assert_cmpint (run_cli (f->path, &out, NULL, "audit", "list", "--case", f->case_id, NULL), ==, 0);
  g_assert_cmpuint (json_array_get_length (json_node_get_array (out)), ==, 4);
  g_assert_cmpstr (tj_json_get_string (json_array_get_object_element (json_node_get_array (out), 3), "actor", NULL),
                   ==, "调解员乙");
  g_clear_pointer (&out, json_node_unref);
  g_assert_cmpint (run_cli (f->path, &out, NULL, "audit", "list", "--from", "2026-11-23", NULL), ==, 0);
  g_assert_cmpuint (json_array_get_length (json_node_get_array (out)), ==, 0);
  g_clear_pointer (&out, json_node_unref);
  g_assert_cmpint (run_cli (f->path, NULL, &text, "audit", "list", "--text", NULL), ==, 0);
  g_assert_nonnull (strstr (text, "revealed the ID number of 王伟\t回访"));
  g_assert_cmpint (run_cli (f->path, NULL, NULL, "audit", "list", "--to", "2026-02-30", NULL), ==, 2);

  /* Nothing personal in the logs, with every debug message on: a reveal,
   * an export in full, a refused reveal. */
  {
    const char *personal[] = { ID_ZHANG, ID_WANG, PHONE_ZHANG, "张三", "王伟", "建国路", NULL };
    g_autoptr(GString) logs = g_string_new (NULL);
    char *log = NULL;

    g_assert_cmpint (run_cli_logged (f->path, &log, "case", "reveal", f->w[0], "phone", "--reason", "回访", NULL), ==, 0);
    g_string_append (logs, log);
    g_free (log);
    g_assert_cmpint (run_cli_logged (f->path, &log, "case", "export", f->case_id, "--out", csv_path,
                                     "--reveal", "银行代发", NULL), ==, 0);
    g_string_append (logs, log);
    g_free (log);
    g_assert_cmpint (run_cli_logged (f->path, &log, "case", "show", f->case_id, NULL), ==, 0);
    g_string_append (logs, log);
    g_free (log);
    g_remove (csv_path);
    /* The debug messages are on: the log is not empty. */
    g_assert_nonnull (strstr (logs->str, "audit: reveal"));
    for (guint i = 0; personal[i]; i++)
      if (strstr (logs->str, personal[i]))
        g_error ("The log names “%s”:\n%s", personal[i], logs->str);
  }

  /* Consent: flagged until recorded, then shown with its wording. */
  g_assert_cmpint (run_cli (f->path, &out, NULL, "case", "show", f->case_id, NULL), ==, 0);
  g_assert_false (tj_json_get_bool (tj_json_get_object (json_node_get_object (out), "consent"), "given", TRUE));
  g_clear_pointer (&out, json_node_unref);
  g_assert_cmpint (run_cli (f->path, &out, NULL, "case", "consent", f->case_id, "--given-by", "张三", NULL), ==, 0);
  g_assert_true (tj_json_get_bool (json_node_get_object (out), "given", FALSE));
  g_assert_nonnull (strstr (tj_json_get_string (json_node_get_object (out), "wording", ""), "个人信息"));
  g_clear_pointer (&out, json_node_unref);
  g_assert_cmpint (run_cli (f->path, NULL, NULL, "case", "consent", "no-such-case", NULL), ==, 3);

  /* The case timeline lists them among its events. */
  g_assert_cmpint (run_cli (f->path, &out, NULL, "case", "timeline", f->case_id, NULL), ==, 0);
  {
    JsonArray *events = json_node_get_array (out);
    guint audited = 0;
    for (guint i = 0; i < json_array_get_length (events); i++)
      if (g_strcmp0 (tj_json_get_string (json_array_get_object_element (events, i), "kind", NULL), "audit") == 0)
        audited++;
    g_assert_cmpuint (audited, ==, 6);
  }
  f->store = tj_store_open (f->path, NULL);
}

int
main (int   argc,
      char *argv[])
{
  /* Every date is fixed: no assertion may depend on the calendar. */
  g_setenv ("TIAOJIE_TODAY", "2026-11-22", TRUE);
  g_test_init (&argc, &argv, NULL);
  g_setenv ("LC_ALL", "C.UTF-8", TRUE);

  g_test_add_func ("/privacy/database-mode", test_database_mode);
#define ADD(path, func) g_test_add ("/privacy/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("reveal-recorded", test_reveal_recorded);
  ADD ("reveal-record-conflict", test_reveal_record_conflict);
  ADD ("append-only", test_append_only);
  ADD ("list-filters", test_list_filters);
  ADD ("csv-masks", test_csv_masks);
  ADD ("papers-imports-deletions", test_papers_imports_deletions);
  ADD ("consent", test_consent);
  ADD ("cli", test_cli);
#undef ADD
  return g_test_run ();
}
