/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Retention (issue 19): which closed cases are due by the pinned date, the
 * local purge of a case (every document of it, one transaction, no
 * tombstone in the changes feed), the archive record and the audit entry,
 * and `tiaojie-cli archive` on what needs no server. The round trip with
 * a server is tests/integration/test-retention.c. */

#include <glib/gstdio.h>
#include <string.h>

#include "tj-audit.h"
#include "tj-case.h"
#include "tj-centre.h"
#include "tj-clock.h"
#include "tj-json.h"
#include "tj-reveal.h"
#include "tj-retention.h"
#include "tj-test-cli.h"
#include "tj-test-store.h"
#include "tj-test-util.h"

typedef struct {
  char          *dir;
  char          *path;
  TjStore       *store;
  TjCaseContext  ctx;
  char          *old_case;      /* closed 2023-03-15 */
  char          *recent_case;   /* closed 2025-06-01 */
  char          *open_case;     /* received 2022, still in intake */
} Fixture;

static void
set_today (TjCaseContext *ctx,
           const char    *iso)
{
  GDate d;

  g_date_clear (&d, 1);
  g_date_set_parse (&d, iso);
  g_assert_true (g_date_valid (&d));
  tj_clock_set_today (tj_clock_get_default (), &d);
  if (ctx)
    ctx->today = iso;
}

static char *
add_case (Fixture    *f,
          const char *title,
          const char *received_on,
          const char *closed_on)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *json = g_strdup_printf (
    "{\"title\":\"%s\",\"kind\":\"wage_arrears\",\"source\":\"walk_in\",\"received_on\":\"%s\","
    "\"employer\":{\"name\":\"华建劳务有限公司\"},"
    "\"workers\":[{\"name\":\"张三\",\"id_number\":\"11010519491231002X\",\"owed_fen\":1200000},"
    "             {\"name\":\"王伟\",\"id_number\":\"110105198503120012\",\"owed_fen\":900000}]}",
    title, received_on);
  g_autoptr(JsonObject) input = tj_json_parse_object (json, -1, &error);
  g_autoptr(JsonObject) added = NULL;

  g_assert_no_error (error);
  set_today (&f->ctx, received_on);
  added = tj_case_add (f->store, &f->ctx, input, &error);
  g_assert_no_error (error);
  if (closed_on)
    {
      const char *id = tj_json_get_string (added, "id", NULL);
      set_today (&f->ctx, closed_on);
      g_assert_true (tj_case_set_status (f->store, &f->ctx, id, "withdrawn", "劳动者撤回申请", NULL, &error));
      g_assert_no_error (error);
      g_assert_true (tj_case_set_status (f->store, &f->ctx, id, "closed", "结案", NULL, &error));
      g_assert_no_error (error);
    }
  return g_strdup (tj_json_get_string (added, "id", NULL));
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->store = tj_test_store_open_tmp ("tj-retention-XXXXXX", "r.db", &f->dir, &f->path);
  tj_case_context_init_defaults (&f->ctx);
  f->ctx.actor = "调解员甲";
  f->ctx.station_code = "BH01";
  f->old_case = add_case (f, "城南工地欠薪", "2023-01-10", "2023-03-15");
  f->recent_case = add_case (f, "东方电子厂加班费", "2025-03-02", "2025-06-01");
  f->open_case = add_case (f, "宏达物流经济补偿", "2022-05-05", NULL);
  set_today (&f->ctx, "2026-12-06");
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  tj_test_store_close (&f->store, &f->dir, &f->path);
  g_free (f->old_case);
  g_free (f->recent_case);
  g_free (f->open_case);
}

static void
pinned (GDate      *d,
        const char *iso)
{
  g_date_clear (d, 1);
  g_date_set_parse (d, iso);
  g_assert_true (g_date_valid (d));
}

/* "Older than the period" by the date given, never the real one. */
static void
test_is_due (void)
{
  GDate today;

  pinned (&today, "2026-12-06");
  g_assert_true (tj_retention_is_due ("2023-12-05", &today, 3));
  g_assert_false (tj_retention_is_due ("2023-12-06", &today, 3));
  g_assert_false (tj_retention_is_due ("2024-01-01", &today, 3));
  g_assert_true (tj_retention_is_due ("2025-12-05", &today, 1));
  g_assert_false (tj_retention_is_due ("2001-01-01", &today, 0));   /* 0: never */
  g_assert_false (tj_retention_is_due ("2023-02-30", &today, 3));
  g_assert_false (tj_retention_is_due ("", &today, 3));
  g_assert_false (tj_retention_is_due (NULL, &today, 3));
  /* 29 February: a year earlier is the 28th. */
  pinned (&today, "2028-02-29");
  g_assert_true (tj_retention_is_due ("2027-02-27", &today, 1));
  g_assert_false (tj_retention_is_due ("2027-02-28", &today, 1));
}

static JsonArray *
due (Fixture    *f,
     const char *today_iso,
     guint       years)
{
  g_autoptr(GError) error = NULL;
  JsonArray *rows;
  GDate today;

  pinned (&today, today_iso);
  rows = tj_retention_list_due (f->store, &today, years, &error);
  g_assert_no_error (error);
  return rows;
}

static void
test_list_due (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonArray) rows = NULL;
  JsonObject *row;
  GDate today;

  rows = due (f, "2026-12-06", 3);
  g_assert_cmpuint (json_array_get_length (rows), ==, 1);
  row = json_array_get_object_element (rows, 0);
  g_assert_cmpstr (tj_json_get_string (row, "id", NULL), ==, f->old_case);
  g_assert_cmpstr (tj_json_get_string (row, "title", NULL), ==, "城南工地欠薪");
  g_assert_cmpstr (tj_json_get_string (row, "closed_on", NULL), ==, "2023-03-15");
  g_assert_true (g_str_has_prefix (tj_json_get_string (row, "number", ""), "〔2023〕"));
  /* The case, its employer, two workers and the timeline's events. */
  g_assert_cmpint (tj_json_get_int (row, "docs", 0), >=, 4);
  g_clear_pointer (&rows, json_array_unref);

  /* A day earlier the case is not yet three years closed. */
  rows = due (f, "2026-03-15", 3);
  g_assert_cmpuint (json_array_get_length (rows), ==, 0);
  g_clear_pointer (&rows, json_array_unref);

  /* One year: the recent closed case too, oldest first; an open case
   * never, however old. */
  rows = due (f, "2026-12-06", 1);
  g_assert_cmpuint (json_array_get_length (rows), ==, 2);
  g_assert_cmpstr (tj_json_get_string (json_array_get_object_element (rows, 0), "id", NULL), ==, f->old_case);
  g_assert_cmpstr (tj_json_get_string (json_array_get_object_element (rows, 1), "id", NULL), ==, f->recent_case);
  g_clear_pointer (&rows, json_array_unref);

  rows = due (f, "2026-12-06", 0);
  g_assert_cmpuint (json_array_get_length (rows), ==, 0);

  pinned (&today, "2026-12-06");
  g_assert_null (tj_retention_list_due (f->store, &today, TJ_RETENTION_MAX_YEARS + 1, &error));
  g_assert_error (error, TJ_ERROR, TJ_ERROR_INVALID);
}

static gboolean
present (TjStore    *store,
         const char *id)
{
  g_autoptr(JsonArray) leaves = tj_store_get_leaves (store, id, NULL);
  return leaves != NULL && json_array_get_length (leaves) > 0;
}

/* The purge: every document of the case is gone from the store (revisions
 * and all, a deleted party's tombstone too), the lists forget the case,
 * the changes feed holds no deletion (only the new audit entry), the
 * other cases are untouched; the archive record names the case. */
static void
test_purge (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) ids = NULL;
  g_autoptr(JsonObject) shown = NULL;
  g_autoptr(JsonObject) line = NULL;
  g_autoptr(JsonObject) changes = NULL;
  g_autoptr(JsonArray) archived = NULL;
  g_autoptr(JsonArray) log = NULL;
  g_autoptr(JsonArray) list = NULL;
  g_autofree char *party = NULL;
  g_autofree char *value = NULL;
  g_autoptr(JsonObject) input = tj_json_parse_object ("{\"name\":\"李四\"}", -1, NULL);
  JsonArray *results;
  JsonObject *row;
  gint64 before;
  guint n_docs;
  TjCaseQuery query;

  /* A party entered by mistake and deleted: its tombstone keeps no body
   * naming the case, and nothing personal, so it may stay. */
  party = tj_case_add_party (f->store, &f->ctx, f->old_case, "worker", input, &error);
  g_assert_no_error (error);
  g_assert_true (tj_case_delete_party (f->store, &f->ctx, party, &error));
  g_assert_no_error (error);
  /* An access-log entry of the case leaves with it. */
  shown = tj_case_show (f->store, &f->ctx, f->old_case, &error);
  g_assert_no_error (error);
  value = tj_reveal (f->store, &f->ctx,
                     tj_json_get_string (json_array_get_object_element (tj_json_get_array (shown, "workers"), 0),
                                         "id", ""),
                     "id_number", "回访核实", &error);
  g_assert_no_error (error);

  ids = tj_retention_case_docs (f->store, f->old_case, &error);
  g_assert_no_error (error);
  g_assert_true (g_ptr_array_find_with_equal_func (ids, f->old_case, g_str_equal, NULL));
  n_docs = ids->len;

  before = tj_store_get_update_seq (f->store);
  line = tj_retention_purge_case (f->store, f->old_case, &f->ctx, &error);
  g_assert_no_error (error);
  g_assert_nonnull (line);
  g_assert_cmpint (tj_json_get_int (line, "docs", 0), ==, n_docs);

  for (guint i = 0; i < ids->len; i++)
    g_assert_false (present (f->store, ids->pdata[i]));
  g_assert_null (tj_case_show (f->store, &f->ctx, f->old_case, &error));
  g_assert_error (error, TJ_ERROR, TJ_ERROR_NOT_FOUND);
  g_clear_error (&error);
  tj_case_query_init (&query);
  list = tj_case_list (f->store, &query, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (json_array_get_length (list), ==, 2);
  for (guint i = 0; i < json_array_get_length (list); i++)
    g_assert_cmpstr (tj_json_get_string (json_array_get_object_element (list, i), "id", NULL), !=, f->old_case);
  g_assert_true (present (f->store, f->recent_case));
  g_assert_true (present (f->store, f->open_case));
  if (!g_ptr_array_find_with_equal_func (ids, party, g_str_equal, NULL))
    {
      g_autoptr(JsonObject) tomb = tj_store_get (f->store, party, NULL, TJ_GET_DELETED, &error);
      g_assert_no_error (error);
      g_assert_false (json_object_has_member (tomb, "name"));
      g_assert_false (json_object_has_member (tomb, "case_id"));
    }

  /* Nothing to replicate but the audit entry: no tombstone, no deletion. */
  changes = tj_store_changes (f->store, before, 1000, &error);
  g_assert_no_error (error);
  results = tj_json_get_array (changes, "results");
  g_assert_cmpuint (json_array_get_length (results), ==, 1);
  row = json_array_get_object_element (results, 0);
  g_assert_false (tj_json_get_bool (row, "deleted", FALSE));
  log = tj_audit_list (f->store, f->old_case, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (json_array_get_length (log), ==, 1);
  g_assert_cmpstr (tj_json_get_string (json_array_get_object_element (log, 0), "id", NULL), ==,
                   tj_json_get_string (row, "id", NULL));
  g_assert_cmpstr (tj_json_get_string (json_array_get_object_element (log, 0), "action", NULL), ==, "archive");
  g_assert_cmpstr (tj_json_get_string (json_array_get_object_element (log, 0), "actor", NULL), ==, "调解员甲");

  /* The archive record. */
  archived = tj_retention_list_archived (f->store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (json_array_get_length (archived), ==, 1);
  row = json_array_get_object_element (archived, 0);
  g_assert_cmpstr (tj_json_get_string (row, "id", NULL), ==, f->old_case);
  g_assert_cmpstr (tj_json_get_string (row, "title", NULL), ==, "城南工地欠薪");
  g_assert_cmpstr (tj_json_get_string (row, "closed_on", NULL), ==, "2023-03-15");
  g_assert_cmpstr (tj_json_get_string (row, "number", NULL), ==, tj_json_get_string (line, "number", NULL));
  g_assert_true (g_str_has_prefix (tj_json_get_string (row, "archived_at", ""), "2026-12-0"));
  g_assert_cmpint (tj_json_get_int (row, "docs", 0), ==, n_docs);
  g_assert_cmpuint (json_array_get_length (tj_json_get_array (row, "back")), ==, 0);

  /* The case is no longer due: it is not here. */
  g_clear_pointer (&list, json_array_unref);
  list = due (f, "2026-12-06", 3);
  g_assert_cmpuint (json_array_get_length (list), ==, 0);
}

static int fail_on_purge;

static gboolean
failing_indexer (TjStore     *store,
                 const char  *id,
                 JsonObject  *winner,
                 gpointer     user_data,
                 GError     **error)
{
  if (winner == NULL && --fail_on_purge == 0)
    {
      g_set_error_literal (error, TJ_ERROR, TJ_ERROR_INVALID, "refused by the test");
      return FALSE;
    }
  return TRUE;
}

static gboolean
no_reset (TjStore  *store,
          gpointer  user_data,
          GError  **error)
{
  return TRUE;
}

/* One transaction: a failure on the third document leaves every document,
 * the index and the archive record as they were. */
static void
test_purge_atomic (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) ids = tj_retention_case_docs (f->store, f->old_case, NULL);
  g_autoptr(JsonArray) archived = NULL;
  g_autoptr(JsonObject) shown = NULL;
  gint64 before = tj_store_get_update_seq (f->store);

  g_assert_true (tj_store_add_indexer (f->store, "test-failing", 1, no_reset, failing_indexer, NULL, &error));
  g_assert_no_error (error);
  fail_on_purge = 3;
  g_assert_null (tj_retention_purge_case (f->store, f->old_case, &f->ctx, &error));
  g_assert_error (error, TJ_ERROR, TJ_ERROR_INVALID);
  g_clear_error (&error);

  for (guint i = 0; i < ids->len; i++)
    g_assert_true (present (f->store, ids->pdata[i]));
  shown = tj_case_show (f->store, &f->ctx, f->old_case, &error);
  g_assert_no_error (error);
  archived = tj_retention_list_archived (f->store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (json_array_get_length (archived), ==, 0);
  g_assert_cmpint (tj_store_get_update_seq (f->store), ==, before);
}

/* A centre keeps every station's cases: it archives none, and says so
 * before any request. */
static void
test_centre_refuses (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) station = NULL;
  g_autoptr(TjReplicator) r = NULL;
  GDate today;

  station = tj_centre_add_station (f->store, "BH02", "丰台区南站", NULL, &error);
  g_assert_no_error (error);
  r = tj_replicator_new (f->store, "http://127.0.0.1:1", "station-bh02", NULL, NULL);
  pinned (&today, "2026-12-06");
  g_assert_null (tj_retention_archive (r, &today, 3, FALSE, &f->ctx, NULL, &error));
  g_assert_error (error, TJ_ERROR, TJ_ERROR_INVALID);
  g_assert_true (present (f->store, f->old_case));
}

/* ------------------------------------------------------------------ */
/* tiaojie-cli archive, without a server                                */

#define run_cli(path, out_json, out_err, ...) \
  tj_test_cli (&(TjTestCli) { .db = (path), .today = "2026-12-06" }, out_json, out_err, __VA_ARGS__)

static void
test_cli (Fixture       *f,
          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) line = NULL;
  g_autoptr(JsonNode) out = NULL;
  g_autofree char *err = NULL;
  const char *cli = tj_test_cli_path ();
  JsonArray *rows;
  gint64 seq;

  if (cli == NULL)
    {
      g_test_skip ("tiaojie-cli is not built next to the tests");
      return;
    }
  line = tj_retention_purge_case (f->store, f->old_case, &f->ctx, &error);
  g_assert_no_error (error);
  seq = tj_store_get_update_seq (f->store);
  g_clear_object (&f->store);

  /* The archived list. */
  g_assert_cmpint (run_cli (f->path, &out, NULL, "archive", "list", NULL), ==, 0);
  g_assert_true (JSON_NODE_HOLDS_ARRAY (out));
  rows = json_node_get_array (out);
  g_assert_cmpuint (json_array_get_length (rows), ==, 1);
  g_assert_cmpstr (tj_json_get_string (json_array_get_object_element (rows, 0), "id", NULL), ==, f->old_case);
  g_clear_pointer (&out, json_node_unref);

  /* The cases due, read locally. */
  g_assert_cmpint (run_cli (f->path, &out, NULL, "archive", "due", "--older-than-years", "1", NULL), ==, 0);
  rows = json_node_get_array (out);
  g_assert_cmpuint (json_array_get_length (rows), ==, 1);
  g_assert_cmpstr (tj_json_get_string (json_array_get_object_element (rows, 0), "id", NULL), ==, f->recent_case);
  g_clear_pointer (&out, json_node_unref);

  /* Bad input: exit 2, a message naming it, nothing written. */
  g_assert_cmpint (run_cli (f->path, NULL, &err, "archive", "run", "--server", "http://127.0.0.1:1",
                            "--database", "station-bh01", "--older-than-years", "tres", NULL), ==, 2);
  g_assert_nonnull (strstr (err, "--older-than-years"));
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_cli (f->path, NULL, &err, "archive", "run", "--server", "http://127.0.0.1:1",
                            "--database", "station-bh01", "--older-than-years", "31", NULL), ==, 2);
  g_assert_nonnull (strstr (err, "31"));
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_cli (f->path, NULL, &err, "archive", "run", "--server", "ftp://example",
                            "--database", "station-bh01", "--older-than-years", "1", NULL), ==, 2);
  g_clear_pointer (&err, g_free);

  /* Not archived here: exit 3, before any server is asked. */
  g_assert_cmpint (run_cli (f->path, NULL, &err, "archive", "restore", f->recent_case, "--server",
                            "http://127.0.0.1:1", "--database", "station-bh01", NULL), ==, 3);
  g_assert_nonnull (strstr (err, f->recent_case));
  g_clear_pointer (&err, g_free);

  /* A server that cannot be reached: exit 5, nothing archived. */
  g_assert_cmpint (run_cli (f->path, NULL, &err, "archive", "run", "--server", "http://127.0.0.1:1",
                            "--database", "station-bh01", "--older-than-years", "1", "--retries", "0",
                            NULL), ==, 5);
  g_clear_pointer (&err, g_free);

  f->store = tj_store_open (f->path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (tj_store_get_update_seq (f->store), ==, seq);
  g_assert_true (present (f->store, f->recent_case));
}

int
main (int    argc,
      char **argv)
{
  /* Every date is fixed: no assertion may depend on the calendar. */
  g_setenv ("TIAOJIE_TODAY", "2026-12-06", TRUE);
  g_test_init (&argc, &argv, NULL);
  g_setenv ("LC_ALL", "C.UTF-8", TRUE);
  g_test_add_func ("/retention/is-due", test_is_due);
  g_test_add ("/retention/list-due", Fixture, NULL, fixture_set_up, test_list_due, fixture_tear_down);
  g_test_add ("/retention/purge", Fixture, NULL, fixture_set_up, test_purge, fixture_tear_down);
  g_test_add ("/retention/purge-atomic", Fixture, NULL, fixture_set_up, test_purge_atomic, fixture_tear_down);
  g_test_add ("/retention/centre-refuses", Fixture, NULL, fixture_set_up, test_centre_refuses, fixture_tear_down);
  g_test_add ("/retention/cli", Fixture, NULL, fixture_set_up, test_cli, fixture_tear_down);
  return g_test_run ();
}
