/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Retention (issue 19) against a real PouchDB Server: a station and a
 * centre on one server.
 *
 * - A closed case older than the period that the station pushed is
 *   archived: gone from the station, still on the server, and at the
 *   centre after a centre sync; the station's next sync brings nothing
 *   back and sends no deletion.
 * - A closed case never pushed is refused, the report says why, and it
 *   stays; a dry run archives nothing.
 * - A document the centre changes after the archive comes back with the
 *   station's pull and is reported beside the archived case.
 * - Restore brings the whole case back with the server's revisions,
 *   through the API and through tiaojie-cli, and the lists show it.
 */
#undef G_LOG_DOMAIN
#define G_LOG_DOMAIN "Tiaojie-Test"

#include <string.h>

#include "tj-audit.h"
#include "tj-case.h"
#include "tj-centre.h"
#include "tj-centre-sync.h"
#include "tj-clock.h"
#include "tj-json.h"
#include "tj-repository.h"
#include "tj-retention.h"
#include "tj-test-sync.h"

#define STATION "BH0001"
#define DB      "station-bh0001"

static void
set_today (TjCaseContext *ctx,
           const char    *iso)
{
  GDate d;

  g_date_clear (&d, 1);
  g_date_set_parse (&d, iso);
  tj_clock_set_today (tj_clock_get_default (), &d);
  ctx->today = iso;
}

static char *
add_closed_case (TjStore       *store,
                 TjCaseContext *ctx,
                 const char    *title,
                 const char    *received_on,
                 const char    *closed_on)
{
  g_autofree char *json = g_strdup_printf (
    "{\"title\":\"%s\",\"kind\":\"wage_arrears\",\"source\":\"walk_in\",\"received_on\":\"%s\","
    "\"employer\":{\"name\":\"华建劳务有限公司\"},"
    "\"workers\":[{\"name\":\"张三\",\"owed_fen\":1200000},{\"name\":\"王伟\",\"owed_fen\":900000}]}",
    title, received_on);
  g_autoptr(JsonObject) input = tj_json_parse_object (json, -1, NULL);
  g_autoptr(JsonObject) added = NULL;
  g_autoptr(GError) error = NULL;
  const char *id;

  set_today (ctx, received_on);
  added = tj_case_add (store, ctx, input, &error);
  g_assert_no_error (error);
  id = tj_json_get_string (added, "id", NULL);
  if (closed_on)
    {
      set_today (ctx, closed_on);
      g_assert_true (tj_case_set_status (store, ctx, id, "withdrawn", "劳动者撤回", NULL, &error));
      g_assert_true (tj_case_set_status (store, ctx, id, "closed", "结案", NULL, &error));
      g_assert_no_error (error);
    }
  set_today (ctx, "2026-12-06");
  return g_strdup (id);
}

static JsonObject *
centre_sync (Fixture *f,
             TjStore *centre)
{
  g_autoptr(TjCentreSync) sync = tj_centre_sync_new (centre, f->server.url, NULL, NULL);
  g_autoptr(GError) error = NULL;
  JsonObject *result;

  tj_centre_sync_set_retry (sync, 10, 1);
  tj_centre_sync_set_timeout (sync, 10);
  result = tj_centre_sync_run (sync, NULL, &error);
  g_assert_no_error (error);
  return result;
}

static gboolean
present (TjStore    *store,
         const char *id)
{
  g_autoptr(JsonArray) leaves = tj_store_get_leaves (store, id, NULL);
  return leaves != NULL && json_array_get_length (leaves) > 0;
}

static gboolean
in_list (JsonArray  *rows,
         const char *id)
{
  for (guint i = 0; i < json_array_get_length (rows); i++)
    if (g_strcmp0 (tj_json_get_string (json_array_get_object_element (rows, i), "id", NULL), id) == 0)
      return TRUE;
  return FALSE;
}

static gboolean
listed (TjStore    *store,
        const char *id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonArray) rows = NULL;
  TjCaseQuery query;

  tj_case_query_init (&query);
  rows = tj_case_list (store, &query, &error);
  g_assert_no_error (error);
  return in_list (rows, id);
}

static void
test_archive_restore (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(TjStore) station = NULL;
  g_autoptr(TjStore) centre = NULL;
  g_autoptr(TjReplicator) r = NULL;
  g_autoptr(JsonObject) result = NULL;
  g_autoptr(JsonObject) report = NULL;
  g_autoptr(JsonObject) station_line = NULL;
  g_autoptr(JsonObject) restored = NULL;
  g_autoptr(JsonArray) archived = NULL;
  g_autoptr(JsonArray) log = NULL;
  g_autoptr(GPtrArray) ids = NULL;
  g_autoptr(GHashTable) revs = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(GError) error = NULL;
  g_autofree char *old_case = NULL, *unpushed = NULL, *open_case = NULL;
  g_autofree char *db_path = NULL;
  g_autofree char *out = NULL;
  g_autofree char *centre_event = NULL;
  TjCaseContext ctx;
  GDate today;
  JsonObject *row;

  SKIP_IF_FAILED (f);
  tj_case_context_init_defaults (&ctx);
  ctx.station_code = STATION;
  ctx.actor = "站点调解员";
  g_date_clear (&today, 1);
  g_date_set_dmy (&today, 6, 12, 2026);

  create_db (f, DB);
  station = open_indexed (f, "station.db");
  centre = open_indexed (f, "centre.db");
  g_assert_nonnull (tj_centre_add_station (centre, STATION, "海淀区北站", NULL, &error));
  g_assert_no_error (error);

  old_case = add_closed_case (station, &ctx, "城南工地欠薪", "2022-03-01", "2022-05-10");
  open_case = add_closed_case (station, &ctx, "宏达物流经济补偿", "2022-04-01", NULL);
  r = tj_replicator_new (station, f->server.url, DB, NULL, NULL);
  tj_replicator_set_retry (r, 10, 2);
  g_clear_pointer (&result, json_object_unref);
  result = sync_ok (r);
  /* Closed just as long ago, but after the last sync: not on the server. */
  unpushed = add_closed_case (station, &ctx, "东方电子厂加班费", "2022-03-02", "2022-05-11");
  g_clear_pointer (&result, json_object_unref);
  result = centre_sync (f, centre);
  g_assert_true (present (centre, old_case));

  ids = tj_retention_case_docs (station, old_case, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ids->len, >=, 4);
  for (guint i = 0; i < ids->len; i++)
    g_hash_table_insert (revs, g_strdup (ids->pdata[i]), local_rev (station, ids->pdata[i]));

  /* A dry run checks with the server and changes nothing. */
  report = tj_retention_archive (r, &today, 3, TRUE, &ctx, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (tj_json_get_bool (report, "dry_run", FALSE));
  g_assert_cmpstr (tj_json_get_string (report, "before", NULL), ==, "2023-12-06");
  g_assert_cmpuint (json_array_get_length (tj_json_get_array (report, "archived")), ==, 0);
  g_assert_cmpuint (json_array_get_length (tj_json_get_array (report, "would_archive")), ==, 1);
  g_assert_true (in_list (tj_json_get_array (report, "would_archive"), old_case));
  g_assert_cmpuint (json_array_get_length (tj_json_get_array (report, "kept")), ==, 1);
  g_assert_true (present (station, old_case));
  g_clear_pointer (&report, json_object_unref);

  /* The run: the pushed case is archived, the other refused with why. */
  report = tj_retention_archive (r, &today, 3, FALSE, &ctx, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (json_array_get_length (tj_json_get_array (report, "archived")), ==, 1);
  row = json_array_get_object_element (tj_json_get_array (report, "archived"), 0);
  g_assert_cmpstr (tj_json_get_string (row, "id", NULL), ==, old_case);
  g_assert_cmpstr (tj_json_get_string (row, "title", NULL), ==, "城南工地欠薪");
  g_assert_cmpint (tj_json_get_int (row, "docs", 0), ==, ids->len);
  g_assert_cmpuint (json_array_get_length (tj_json_get_array (report, "kept")), ==, 1);
  row = json_array_get_object_element (tj_json_get_array (report, "kept"), 0);
  g_assert_cmpstr (tj_json_get_string (row, "id", NULL), ==, unpushed);
  g_assert_cmpstr (tj_json_get_string (row, "reason", NULL), ==, "not_at_centre");
  g_assert_nonnull (strstr (tj_json_get_string (row, "message", ""), "sync first"));

  /* Gone here, still on the server. */
  for (guint i = 0; i < ids->len; i++)
    {
      g_autoptr(JsonObject) remote = remote_get (f, DB, ids->pdata[i]);
      g_assert_false (present (station, ids->pdata[i]));
      g_assert_cmpstr (tj_json_get_string (remote, "_rev", NULL), ==, g_hash_table_lookup (revs, ids->pdata[i]));
      g_assert_false (tj_json_get_bool (remote, "_deleted", FALSE));
    }
  g_assert_false (listed (station, old_case));
  g_assert_true (listed (station, unpushed));
  g_assert_true (listed (station, open_case));

  /* The next sync brings nothing back and deletes nothing on the server:
   * it sends the two cases' worth of the unpushed case and the audit. */
  g_clear_pointer (&result, json_object_unref);
  result = sync_ok (r);
  g_assert_cmpint (tj_json_get_int (result, "pulled", -1), ==, 0);
  for (guint i = 0; i < ids->len; i++)
    {
      g_autoptr(JsonObject) remote = remote_get (f, DB, ids->pdata[i]);
      g_assert_false (present (station, ids->pdata[i]));
      g_assert_false (tj_json_get_bool (remote, "_deleted", FALSE));
    }

  /* The centre keeps it, and reads the station's audit entry. */
  g_clear_pointer (&result, json_object_unref);
  result = centre_sync (f, centre);
  {
    g_autoptr(JsonObject) shown = tj_case_show (centre, &ctx, old_case, &error);
    g_assert_no_error (error);
    g_assert_cmpstr (tj_json_get_string (shown, "title", NULL), ==, "城南工地欠薪");
    log = tj_audit_list (centre, old_case, NULL, NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (json_array_get_length (log), ==, 1);
    g_assert_cmpstr (tj_json_get_string (json_array_get_object_element (log, 0), "action", NULL), ==, "archive");
  }

  /* The centre adds to the archived case: that document comes back with
   * the station's pull, and the archived list says so. */
  g_assert_true (tj_case_add_event (centre, &ctx, old_case, "note", "中心回访：已履行完毕", NULL, &error));
  g_assert_no_error (error);
  g_clear_pointer (&result, json_object_unref);
  result = centre_sync (f, centre);
  g_clear_pointer (&result, json_object_unref);
  result = sync_ok (r);
  g_assert_cmpint (tj_json_get_int (result, "pulled", -1), ==, 1);
  archived = tj_retention_list_archived (station, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (json_array_get_length (archived), ==, 1);
  row = json_array_get_object_element (archived, 0);
  g_assert_cmpuint (json_array_get_length (tj_json_get_array (row, "back")), ==, 1);
  centre_event = g_strdup (json_array_get_string_element (tj_json_get_array (row, "back"), 0));
  g_assert_false (g_hash_table_contains (revs, centre_event));
  g_assert_false (listed (station, old_case));

  /* Restore with tiaojie-cli: the case, all of it, with the server's
   * revisions, and the centre's event beside it. */
  db_path = g_build_filename (f->tmp, "station.db", NULL);
  g_clear_object (&r);
  g_clear_object (&station);
  g_assert_cmpint (run_cli (&out, "--db", db_path, "archive", "list", NULL), ==, 0);
  g_assert_nonnull (strstr (out, old_case));
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (run_cli (&out, "--db", db_path, "archive", "restore", old_case, "--server", f->server.url,
                            "--database", DB, NULL), ==, 0);
  restored = tj_json_parse_object (out, -1, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (tj_json_get_string (restored, "id", NULL), ==, old_case);
  g_assert_cmpint (tj_json_get_int (restored, "docs", 0), ==, ids->len);
  g_clear_pointer (&out, g_free);
  /* Not archived any more: exit 3. */
  g_assert_cmpint (run_cli (&out, "--db", db_path, "archive", "restore", old_case, "--server", f->server.url,
                            "--database", DB, NULL), ==, 3);
  g_clear_pointer (&out, g_free);

  station = open_indexed (f, "station.db");
  for (guint i = 0; i < ids->len; i++)
    {
      g_autofree char *rev = local_rev (station, ids->pdata[i]);
      g_assert_cmpstr (rev, ==, g_hash_table_lookup (revs, ids->pdata[i]));
    }
  g_assert_true (listed (station, old_case));
  {
    g_autoptr(JsonArray) timeline = tj_case_timeline (station, old_case, &error);
    gboolean seen = FALSE;
    g_assert_no_error (error);
    for (guint i = 0; i < json_array_get_length (timeline); i++)
      seen |= g_strcmp0 (tj_json_get_string (json_array_get_object_element (timeline, i), "text", NULL),
                         "中心回访：已履行完毕") == 0;
    g_assert_true (seen);
  }
  g_clear_pointer (&archived, json_array_unref);
  archived = tj_retention_list_archived (station, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (json_array_get_length (archived), ==, 0);
  g_clear_pointer (&log, json_array_unref);
  log = tj_audit_list (station, old_case, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (json_array_get_length (log), ==, 2);
  g_assert_cmpstr (tj_json_get_string (json_array_get_object_element (log, 0), "action", NULL), ==, "restore");

  /* Afterwards the station syncs as before: nothing to pull, no conflict,
   * only the restore's audit entry to push. */
  r = tj_replicator_new (station, f->server.url, DB, NULL, NULL);
  tj_replicator_set_retry (r, 10, 2);
  g_clear_pointer (&result, json_object_unref);
  result = sync_ok (r);
  g_assert_cmpint (tj_json_get_int (result, "pulled", -1), ==, 0);
  g_assert_cmpint (tj_json_get_int (result, "pushed", -1), ==, 1);
  g_assert_cmpint (tj_json_get_int (result, "conflicts", -1), ==, 0);
}

/* A station whose server database does not exist archives nothing:
 * TJ_ERROR_NOT_FOUND, and the case stays. */
static void
test_no_database (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(TjStore) station = NULL;
  g_autoptr(TjReplicator) r = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *old_case = NULL;
  TjCaseContext ctx;
  GDate today;

  SKIP_IF_FAILED (f);
  tj_case_context_init_defaults (&ctx);
  ctx.station_code = STATION;
  g_date_clear (&today, 1);
  g_date_set_dmy (&today, 6, 12, 2026);
  station = open_indexed (f, "station.db");
  old_case = add_closed_case (station, &ctx, "城南工地欠薪", "2022-03-01", "2022-05-10");
  r = tj_replicator_new (station, f->server.url, "station-missing", NULL, NULL);
  tj_replicator_set_retry (r, 10, 1);
  g_assert_null (tj_retention_archive (r, &today, 3, FALSE, &ctx, NULL, &error));
  g_assert_error (error, TJ_ERROR, TJ_ERROR_NOT_FOUND);
  g_assert_true (present (station, old_case));
}

int
main (int    argc,
      char **argv)
{
  g_setenv ("TIAOJIE_TODAY", "2026-12-06", TRUE);
  g_setenv ("LC_ALL", "C.UTF-8", TRUE);
  g_test_init (&argc, &argv, NULL);
  g_test_add ("/retention/archive-restore", Fixture, NULL, fixture_setup, test_archive_restore, fixture_teardown);
  g_test_add ("/retention/no-database", Fixture, NULL, fixture_setup, test_no_database, fixture_teardown);
  return g_test_run ();
}
