/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The centre's store without a server (issue 18): the registry of
 * stations, who owns which document, the changes feed of one station's
 * documents (the push filter), dispatch and its bad input, the centre's
 * marks on timelines, the overview per station, the follow-up calls work
 * list, and the report's figures per station. */
#undef G_LOG_DOMAIN
#define G_LOG_DOMAIN "Tiaojie-Test"

#include <glib/gstdio.h>
#include <string.h>

#include "tj-case.h"
#include "tj-centre.h"
#include "tj-centre-case.h"
#include "tj-centre-follow-up.h"
#include "tj-centre-station.h"
#include "tj-centre-overview.h"
#include "tj-json.h"
#include "tj-report.h"
#include "tj-report-chart.h"
#include "tj-replicator.h"
#include "tj-repository.h"

#define TODAY "2026-11-22"

typedef struct
{
  char    *dir;
  TjStore *store;
} Fixture;

static void
setup (Fixture       *f,
       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;

  f->dir = g_dir_make_tmp ("tj-centre-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (f->dir, "centre.db", NULL);
  f->store = tj_store_open (path, &error);
  g_assert_no_error (error);
  g_assert_true (tj_repository_attach_indexes (f->store, &error));
  g_assert_no_error (error);
}

static void
teardown (Fixture       *f,
          gconstpointer  data)
{
  g_autofree char *path = g_build_filename (f->dir, "centre.db", NULL);
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  g_autofree char *shm = g_strconcat (path, "-shm", NULL);

  g_clear_object (&f->store);
  g_unlink (path);
  g_unlink (wal);
  g_unlink (shm);
  g_rmdir (f->dir);
  g_free (f->dir);
}

static void
add_station (Fixture    *f,
             const char *code,
             const char *name)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) station = tj_centre_add_station (f->store, code, name, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (station);
}

static void
context (TjCaseContext *ctx,
         const char    *station_code,
         const char    *today)
{
  tj_case_context_init_defaults (ctx);
  ctx->station_code = station_code;
  ctx->actor = "调解员";
  ctx->today = today;
}

/* A case of @workers workers (the first owed @owed_fen, each next
 * @owed_step more) received on @received_on at @station, written to
 * @store as @origin's pull writes it when @origin is set (the centre), or
 * by the station on its own store; then moved through @statuses on
 * @status_day (or @received_on). Its id. */
static char *
add_case_from (TjStore            *store,
               const char         *station,
               const char         *origin,
               const char         *received_on,
               guint               workers,
               gint64              owed_fen,
               gint64              owed_step,
               const char * const *statuses,
               const char         *status_day)
{
  g_autoptr(GString) json = g_string_new ("{\"kind\":\"wage_arrears\",\"source\":\"walk_in\","
                                          "\"employer\":{\"name\":\"某公司\"},\"workers\":[");
  g_autoptr(JsonObject) input = NULL;
  g_autoptr(JsonObject) result = NULL;
  g_autoptr(GError) error = NULL;
  TjCaseContext ctx;
  char *id;

  for (guint i = 0; i < workers; i++)
    g_string_append_printf (json, "%s{\"name\":\"工人%u\",\"owed_fen\":%" G_GINT64_FORMAT "}",
                            i ? "," : "", i, owed_fen + owed_step * i);
  g_string_append_printf (json, "],\"received_on\":\"%s\"}", received_on);
  input = tj_json_parse_object (json->str, -1, &error);
  g_assert_no_error (error);
  context (&ctx, station, received_on);
  if (origin)
    tj_centre_set_origin (store, origin);
  result = tj_case_add (store, &ctx, input, &error);
  g_assert_no_error (error);
  id = g_strdup (json_object_get_string_member (result, "id"));
  ctx.today = status_day ? status_day : received_on;
  for (guint i = 0; statuses && statuses[i]; i++)
    {
      g_assert_true (tj_case_set_status (store, &ctx, id, statuses[i], "进展", NULL, &error));
      g_assert_no_error (error);
    }
  if (origin)
    tj_centre_set_origin (store, NULL);
  return id;
}

/* A case as a station's pull writes it: on a connection whose documents
 * belong to that station. */
static char *
pulled_case (Fixture            *f,
             const char         *station,
             const char         *received_on,
             guint               workers,
             const char * const *statuses,
             const char         *status_day)
{
  return add_case_from (f->store, station, station, received_on, workers, 100000, 0, statuses, status_day);
}

static gint64
count_owned (Fixture    *f,
             const char *code)
{
  sqlite3_stmt *st = tj_store_statement (f->store, "SELECT COUNT(*) FROM centre_owner WHERE station = ?1", NULL);
  gint64 n = 0;

  g_assert_nonnull (st);
  sqlite3_bind_text (st, 1, code, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (st) == SQLITE_ROW)
    n = sqlite3_column_int64 (st, 0);
  sqlite3_reset (st);
  return n;
}

/* ------------------------------------------------------------------ */

/* The rows of the centre's lists become one object each; what is not an
 * object is skipped, and no list is an empty one. */
static void
test_items (void)
{
  g_autoptr(JsonNode) node = tj_json_parse ("[{\"id\": \"case-1\", \"code\": \"CN\", \"case_id\": \"case-1\"}, 7,"
                                            " null, {\"id\": \"case-2\", \"code\": \"XS\", \"case_id\": \"case-2\"}]",
                                            -1, NULL);
  JsonArray *rows = json_node_get_array (node);
  g_autoptr(GPtrArray) cases = tj_centre_case_items_from (rows);
  g_autoptr(GPtrArray) stations = tj_centre_station_items_from (rows);
  g_autoptr(GPtrArray) calls = tj_centre_follow_up_items_from (rows);
  g_autoptr(GPtrArray) none = tj_centre_case_items_from (NULL);

  g_assert_cmpuint (cases->len, ==, 2);
  g_assert_cmpstr (tj_centre_case_get_id (g_ptr_array_index (cases, 1)), ==, "case-2");
  g_assert_cmpuint (stations->len, ==, 2);
  g_assert_cmpstr (tj_centre_station_get_code (g_ptr_array_index (stations, 0)), ==, "CN");
  g_assert_cmpuint (calls->len, ==, 2);
  g_assert_cmpstr (tj_centre_follow_up_get_case_id (g_ptr_array_index (calls, 1)), ==, "case-2");
  g_assert_cmpuint (none->len, ==, 0);
}

/* The one rule for database names, for the replicator, the centre's
 * registry and provisioning alike. */
static void
test_database_names (void)
{
  g_autofree char *long_name = g_strnfill (239, 'a');

  g_assert_true (tj_sync_valid_database_name ("station-bh0042"));
  g_assert_true (tj_sync_valid_database_name ("a_$()+-/9"));
  g_assert_false (tj_sync_valid_database_name (NULL));
  g_assert_false (tj_sync_valid_database_name (""));
  g_assert_false (tj_sync_valid_database_name ("Station_BH"));
  g_assert_false (tj_sync_valid_database_name ("9station"));
  g_assert_false (tj_sync_valid_database_name ("station bh"));
  g_assert_false (tj_sync_valid_database_name (long_name));
  long_name[238] = '\0';
  g_assert_true (tj_sync_valid_database_name (long_name));
}

static void
test_registry (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) again = NULL;
  g_autoptr(JsonArray) list = NULL;
  g_autoptr(JsonObject) station = NULL;
  g_autofree char *added_at = NULL;

  g_assert_false (tj_centre_is_centre (f->store));
  list = tj_centre_list_stations (f->store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (json_array_get_length (list), ==, 0);
  g_clear_pointer (&list, json_array_unref);

  /* Bad codes and databases: refused, nothing written, still no centre. */
  g_assert_null (tj_centre_add_station (f->store, "海淀", NULL, NULL, &error));
  g_assert_error (error, TJ_ERROR, TJ_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_null (tj_centre_add_station (f->store, "-BH", NULL, NULL, &error));
  g_assert_error (error, TJ_ERROR, TJ_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_null (tj_centre_add_station (f->store, "BH0043", NULL, "Station_BH", &error));
  g_assert_error (error, TJ_ERROR, TJ_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (tj_centre_is_centre (f->store));
  g_assert_cmpint (tj_store_get_update_seq (f->store), ==, 0);

  add_station (f, "BH0043", "海淀北站");
  g_assert_true (tj_centre_is_centre (f->store));
  station = tj_centre_get_station (f->store, "BH0043", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (json_object_get_string_member (station, "database"), ==, "station-bh0043");
  g_assert_cmpstr (json_object_get_string_member (station, "name"), ==, "海淀北站");
  added_at = g_strdup (json_object_get_string_member (station, "added_at"));

  /* Another case of the same code, or the same database: refused. */
  g_assert_null (tj_centre_add_station (f->store, "bh0043", NULL, NULL, &error));
  g_assert_error (error, TJ_ERROR, TJ_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "BH0043"));
  g_clear_error (&error);
  g_assert_null (tj_centre_add_station (f->store, "BH0044", NULL, "station-bh0043", &error));
  g_assert_error (error, TJ_ERROR, TJ_ERROR_INVALID);
  g_clear_error (&error);

  /* Again: a new name, the same station and the date it was added. */
  again = tj_centre_add_station (f->store, "BH0043", "海淀北工作站", NULL, &error);
  g_assert_no_error (error);
  g_assert_false (json_object_get_boolean_member (again, "created"));
  g_assert_cmpstr (json_object_get_string_member (again, "added_at"), ==, added_at);
  add_station (f, "BH0044", NULL);

  list = tj_centre_list_stations (f->store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (json_array_get_length (list), ==, 2);
  g_assert_cmpstr (tj_json_get_string (json_array_get_object_element (list, 0), "name", NULL), ==, "海淀北工作站");
  g_assert_cmpstr (tj_json_get_string (json_array_get_object_element (list, 1), "name", NULL), ==, "BH0044");
  /* Never synced yet. */
  g_assert_true (JSON_NODE_HOLDS_NULL (json_object_get_member (json_array_get_object_element (list, 1), "last_sync")));

  /* A station document that came from a station's database is not part
   * of the registry. */
  {
    g_autoptr(JsonObject) doc = tj_json_parse_object ("{\"_id\":\"station:EVIL\",\"type\":\"station\","
                                                      "\"code\":\"EVIL\",\"database\":\"station-bh0044\"}", -1, NULL);
    g_autofree char *rev = NULL;

    tj_centre_set_origin (f->store, "BH0044");
    rev = tj_store_put (f->store, doc, NULL, &error);
    tj_centre_set_origin (f->store, NULL);
    g_assert_no_error (error);
    g_clear_pointer (&list, json_array_unref);
    list = tj_centre_list_stations (f->store, &error);
    g_assert_cmpuint (json_array_get_length (list), ==, 2);
    g_assert_null (tj_centre_get_station (f->store, "EVIL", &error));
    g_assert_error (error, TJ_ERROR, TJ_ERROR_INVALID);
    g_clear_error (&error);
  }

  /* Removed: not listed, unknown afterwards. */
  g_assert_true (tj_centre_remove_station (f->store, "BH0044", &error));
  g_assert_no_error (error);
  g_assert_false (tj_centre_remove_station (f->store, "BH0044", &error));
  g_assert_error (error, TJ_ERROR, TJ_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_clear_pointer (&list, json_array_unref);
  list = tj_centre_list_stations (f->store, &error);
  g_assert_cmpuint (json_array_get_length (list), ==, 1);
}

static void
test_owners (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *a = NULL, *b = NULL, *own = NULL;
  g_autofree char *owner = NULL;
  g_autoptr(JsonObject) changes = NULL;
  g_autoptr(JsonObject) later = NULL;
  g_autoptr(JsonObject) input = NULL;
  g_autoptr(JsonObject) result = NULL;
  JsonArray *rows;
  TjCaseContext ctx;
  gint64 seq;

  add_station (f, "BH0043", NULL);
  add_station (f, "BH0044", NULL);
  a = pulled_case (f, "BH0043", "2026-11-01", 2, NULL, NULL);
  b = pulled_case (f, "BH0044", "2026-11-02", 1, NULL, NULL);
  /* Case, employer, two workers, the intake event. */
  g_assert_cmpint (count_owned (f, "BH0043"), ==, 5);
  g_assert_cmpint (count_owned (f, "BH0044"), ==, 4);

  /* The centre's own case belongs to no station. */
  input = tj_json_parse_object ("{\"kind\":\"other\",\"source\":\"walk_in\",\"employer\":{\"name\":\"中心来访\"},"
                                "\"workers\":[{\"name\":\"来访者\"}]}", -1, NULL);
  context (&ctx, "12351", TODAY);
  result = tj_case_add (f->store, &ctx, input, &error);
  g_assert_no_error (error);
  own = g_strdup (json_object_get_string_member (result, "id"));
  g_assert_null (tj_centre_owner (f->store, own));

  /* A station's feed offers what was written here: none of the
   * documents its own pull brought (the station has them). */
  changes = tj_centre_station_changes (f->store, "BH0043", 0, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (changes, "results")), ==, 0);
  g_assert_cmpint (json_object_get_int_member (changes, "last_seq"), ==, 0);
  g_clear_pointer (&changes, json_object_unref);

  /* The centre notes something on A's case and corrects its title: A's
   * feed has the two, in the order they were written; B's nothing. */
  context (&ctx, "12351", TODAY);
  g_assert_true (tj_case_add_event (f->store, &ctx, a, "note", "请回复", NULL, &error));
  g_assert_no_error (error);
  {
    g_autoptr(JsonObject) patch = tj_json_parse_object ("{\"title\":\"中心更正\"}", -1, NULL);
    g_assert_true (tj_case_update (f->store, &ctx, a, patch, &error));
    g_assert_no_error (error);
  }
  changes = tj_centre_station_changes (f->store, "BH0043", 0, 0, &error);
  g_assert_no_error (error);
  rows = json_object_get_array_member (changes, "results");
  /* The note, the case, and the event that records the correction. */
  g_assert_cmpuint (json_array_get_length (rows), ==, 3);
  for (guint i = 0; i < json_array_get_length (rows); i++)
    {
      JsonObject *row = json_array_get_object_element (rows, i);
      g_autofree char *o = tj_centre_owner (f->store, json_object_get_string_member (row, "id"));
      g_assert_cmpstr (o, ==, "BH0043");
      g_assert_cmpuint (json_array_get_length (json_object_get_array_member (row, "changes")), ==, 1);
      if (i > 0)
        g_assert_cmpint (json_object_get_int_member (row, "seq"), >,
                         json_object_get_int_member (json_array_get_object_element (rows, i - 1), "seq"));
    }
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (rows, 1), "id"), ==, a);
  seq = json_object_get_int_member (json_array_get_object_element (rows, 0), "seq");
  g_assert_cmpint (json_object_get_int_member (changes, "last_seq"), ==,
                   json_object_get_int_member (json_array_get_object_element (rows, 2), "seq"));
  later = tj_centre_station_changes (f->store, "BH0043", seq, 1, &error);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (later, "results")), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (
                     json_object_get_array_member (later, "results"), 0), "id"), ==, a);
  g_clear_pointer (&later, json_object_unref);
  later = tj_centre_station_changes (f->store, "BH0044", 0, 0, &error);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (later, "results")), ==, 0);

  /* The first owner stays: the same case arriving from another station's
   * database does not move. */
  tj_centre_set_origin (f->store, "BH0044");
  {
    g_autoptr(JsonObject) doc = tj_store_get (f->store, a, NULL, TJ_GET_NONE, &error);
    g_autofree char *rev = NULL;
    json_object_set_string_member (doc, "title", "又一次");
    rev = tj_store_put (f->store, doc, NULL, &error);
    g_assert_no_error (error);
  }
  tj_centre_set_origin (f->store, NULL);
  owner = tj_centre_owner (f->store, a);
  g_assert_cmpstr (owner, ==, "BH0043");
  (void) b;
}

static void
test_dispatch (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) input = NULL;
  g_autoptr(JsonObject) result = NULL;
  g_autoptr(JsonObject) doc = NULL;
  g_autoptr(JsonArray) timeline = NULL;
  TjCaseContext ctx;
  gint64 seq;
  const char *id;
  g_autofree char *owner = NULL;

  add_station (f, "BH0043", NULL);
  context (&ctx, "12351", TODAY);
  input = tj_json_parse_object ("{\"kind\":\"wage_arrears\",\"hotline_ref\":\"RX-1\","
                                "\"employer\":{\"name\":\"某餐馆\"},\"workers\":[{\"name\":\"王五\"}]}", -1, NULL);

  /* Bad input: each named, nothing written. */
  seq = tj_store_get_update_seq (f->store);
  g_assert_null (tj_centre_dispatch (f->store, &ctx, "BH9999", input, &error));
  g_assert_error (error, TJ_ERROR, TJ_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "BH9999"));
  g_clear_error (&error);
  json_object_set_string_member (input, "hotline_ref", "  ");
  g_assert_null (tj_centre_dispatch (f->store, &ctx, "BH0043", input, &error));
  g_assert_error (error, TJ_ERROR, TJ_ERROR_INVALID);
  g_assert_true (g_str_has_prefix (error->message, "hotline_ref:"));
  g_clear_error (&error);
  json_object_set_string_member (input, "hotline_ref", "RX-1");
  json_object_set_string_member (input, "source", "walk_in");
  g_assert_null (tj_centre_dispatch (f->store, &ctx, "BH0043", input, &error));
  g_assert_error (error, TJ_ERROR, TJ_ERROR_INVALID);
  g_clear_error (&error);
  json_object_remove_member (input, "source");
  json_object_set_string_member (input, "accepted_on", TODAY);
  g_assert_null (tj_centre_dispatch (f->store, &ctx, "BH0043", input, &error));
  g_assert_error (error, TJ_ERROR, TJ_ERROR_INVALID);
  g_clear_error (&error);
  json_object_remove_member (input, "accepted_on");
  g_assert_cmpint (tj_store_get_update_seq (f->store), ==, seq);

  result = tj_centre_dispatch (f->store, &ctx, "BH0043", input, &error);
  g_assert_no_error (error);
  id = json_object_get_string_member (result, "id");
  /* Numbered in the centre's own series. */
  g_assert_cmpstr (json_object_get_string_member (result, "number"), ==, "〔2026〕12351调字第0001号");
  doc = tj_store_get (f->store, id, NULL, TJ_GET_NONE, &error);
  g_assert_cmpstr (json_object_get_string_member (doc, "dispatched_to"), ==, "BH0043");
  g_assert_cmpstr (json_object_get_string_member (doc, "source"), ==, "hotline");
  g_assert_cmpstr (json_object_get_string_member (doc, "status"), ==, "intake");
  owner = tj_centre_owner (f->store, id);
  g_assert_cmpstr (owner, ==, "BH0043");
  /* Its parties were written before it: theirs too. */
  g_assert_cmpint (count_owned (f, "BH0043"), ==, 4);
  /* Events written at a centre are the centre's. */
  timeline = tj_case_timeline (f->store, id, &error);
  g_assert_no_error (error);
  g_assert_true (tj_json_get_bool (json_array_get_object_element (timeline, 0), "by_centre", FALSE));
}

/* A centre never syncs as a station does: a plain run (tiaojie-cli sync,
 * the background sync of Preferences) would send every station's cases
 * into one database. It is refused before anything is sent or written,
 * naming the centre sync; the port is one nothing listens on, so a run
 * that got as far as the network would fail differently. */
static void
test_plain_sync_refused (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TjReplicator) replicator = NULL;
  g_autoptr(JsonObject) result = NULL;
  g_autofree char *id = NULL;
  gint64 seq;

  add_station (f, "BH0043", NULL);
  id = pulled_case (f, "BH0043", "2026-11-01", 1, NULL, NULL);
  seq = tj_store_get_update_seq (f->store);
  for (int direction = TJ_SYNC_BOTH; direction <= TJ_SYNC_PULL; direction++)
    {
      replicator = tj_replicator_new (f->store, "http://127.0.0.1:9", "station-bh0043", NULL, NULL);
      tj_replicator_set_direction (replicator, direction);
      result = tj_replicator_run (replicator, NULL, &error);
      g_assert_null (result);
      g_assert_error (error, TJ_ERROR, TJ_ERROR_INVALID);
      g_assert_nonnull (strstr (error->message, "centre sync"));
      g_clear_error (&error);
      g_clear_object (&replicator);
    }
  g_assert_cmpint (tj_store_get_update_seq (f->store), ==, seq);
}

static void
test_not_centre (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) input = tj_json_parse_object ("{\"kind\":\"other\",\"source\":\"walk_in\","
                                                      "\"employer\":{\"name\":\"甲\"},\"workers\":[{\"name\":\"乙\"}]}",
                                                      -1, NULL);
  g_autoptr(JsonObject) result = NULL;
  g_autoptr(JsonArray) timeline = NULL;
  g_autoptr(JsonArray) rows = NULL;
  TjCaseContext ctx;

  /* A station: no centre marks, no owners, no station figures. */
  context (&ctx, "BH0043", TODAY);
  result = tj_case_add (f->store, &ctx, input, &error);
  g_assert_no_error (error);
  timeline = tj_case_timeline (f->store, json_object_get_string_member (result, "id"), &error);
  g_assert_false (json_object_has_member (json_array_get_object_element (timeline, 0), "by_centre"));
  g_assert_null (tj_centre_owner (f->store, json_object_get_string_member (result, "id")));
  rows = tj_report_cases (f->store, "2026-01-01", "2026-12-31", "station.BH0043.received", &error);
  g_assert_null (rows);
  g_assert_error (error, TJ_ERROR, TJ_ERROR_INVALID);
}

static void
test_overview (Fixture       *f,
               gconstpointer  data)
{
  static const char * const accepted[] = { "accepted", NULL };
  static const char * const closed[] = { "accepted", "mediating", "agreed", "closed", NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) overview = NULL;
  g_autoptr(JsonObject) entry = NULL;
  g_autoptr(JsonArray) cases = NULL;
  g_autoptr(JsonArray) calls = NULL;
  g_autofree char *c1 = NULL, *c2 = NULL, *c3 = NULL, *c4 = NULL, *c5 = NULL;
  JsonArray *stations;
  JsonObject *north, *south;
  TjCaseContext ctx;

  add_station (f, "BH0043", "北站");
  add_station (f, "BH0044", "南站");
  c1 = pulled_case (f, "BH0043", "2026-11-01", 1, accepted, NULL);   /* limit 11-16: missed */
  c2 = pulled_case (f, "BH0043", "2026-11-12", 1, accepted, NULL);   /* limit 11-27: due */
  c3 = pulled_case (f, "BH0043", "2026-11-20", 12, accepted, NULL);  /* collective */
  c4 = pulled_case (f, "BH0043", "2026-11-10", 1, closed, "2026-11-15"); /* closed 11-15 */
  c5 = pulled_case (f, "BH0044", "2026-11-20", 1, NULL, NULL);
  entry = tj_json_parse_object ("{\"ok\":false,\"error\":\"站点 BH0044：无法连接\",\"error_kind\":\"network\"}", -1, NULL);
  g_assert_true (tj_centre_record_sync (f->store, "BH0044", entry, &error));

  context (&ctx, "12351", TODAY);
  overview = tj_centre_overview (f->store, &ctx, 7, &error);
  g_assert_no_error (error);
  stations = json_object_get_array_member (overview, "stations");
  g_assert_cmpuint (json_array_get_length (stations), ==, 2);
  north = json_array_get_object_element (stations, 0);
  south = json_array_get_object_element (stations, 1);
  g_assert_cmpint (tj_json_get_int (north, "cases", -1), ==, 4);
  g_assert_cmpint (tj_json_get_int (north, "open_cases", -1), ==, 3);
  g_assert_cmpint (tj_json_get_int (north, "deadlines_missed", -1), ==, 1);
  g_assert_cmpint (tj_json_get_int (north, "deadlines_due", -1), ==, 1);
  g_assert_cmpint (tj_json_get_int (north, "collective", -1), ==, 1);
  g_assert_cmpstr (tj_json_get_string (north, "sync_state", NULL), ==, "never");
  g_assert_cmpstr (tj_json_get_string (south, "sync_state", NULL), ==, "failed");
  g_assert_cmpstr (tj_json_get_string (south, "sync_error", NULL), ==, "站点 BH0044：无法连接");
  g_assert_cmpint (tj_json_get_int (json_object_get_object_member (overview, "totals"), "open_cases", -1), ==, 4);

  cases = tj_centre_station_cases (f->store, &ctx, "BH0043", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (json_array_get_length (cases), ==, 4);
  g_assert_cmpstr (tj_json_get_string (json_array_get_object_element (cases, 0), "id", NULL), ==, c1);
  g_assert_cmpstr (tj_json_get_string (json_array_get_object_element (cases, 3), "id", NULL), ==, c4);
  g_assert_null (tj_centre_station_cases (f->store, &ctx, "BH9", &error));
  g_assert_error (error, TJ_ERROR, TJ_ERROR_INVALID);
  g_clear_error (&error);

  /* The 7-day call of c4 (11-22 is a Sunday: 11-23) is on the list. */
  calls = tj_centre_follow_ups (f->store, &ctx, 7, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (json_array_get_length (calls), ==, 1);
  g_assert_cmpstr (tj_json_get_string (json_array_get_object_element (calls, 0), "case_id", NULL), ==, c4);
  g_assert_cmpstr (tj_json_get_string (json_array_get_object_element (calls, 0), "state", NULL), ==, "upcoming");
  g_assert_cmpstr (tj_json_get_string (json_array_get_object_element (calls, 0), "station", NULL), ==, "BH0043");

  /* Bad outcomes are refused; an unanswered call stays to make, with
   * its attempt; an answered one is made with its outcome. */
  g_assert_false (tj_centre_record_follow_up (f->store, &ctx, c4, "follow_up_7", "happy", NULL, &error));
  g_assert_error (error, TJ_ERROR, TJ_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (tj_centre_record_follow_up (f->store, &ctx, c4, "follow_up_9", "satisfied", NULL, &error));
  g_assert_error (error, TJ_ERROR, TJ_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_true (tj_centre_record_follow_up (f->store, &ctx, c4, "follow_up_7", "not_reached", NULL, &error));
  g_clear_pointer (&calls, json_array_unref);
  calls = tj_centre_follow_ups (f->store, &ctx, 7, &error);
  g_assert_cmpstr (tj_json_get_string (json_array_get_object_element (calls, 0), "state", NULL), ==, "upcoming");
  g_assert_cmpint (tj_json_get_int (json_array_get_object_element (calls, 0), "attempts", 0), ==, 1);
  g_assert_true (tj_centre_record_follow_up (f->store, &ctx, c4, "follow_up_7", "unresolved", "还欠一半", &error));
  g_assert_no_error (error);
  g_clear_pointer (&calls, json_array_unref);
  calls = tj_centre_follow_ups (f->store, &ctx, 7, &error);
  g_assert_cmpstr (tj_json_get_string (json_array_get_object_element (calls, 0), "state", NULL), ==, "done");
  g_assert_cmpstr (tj_json_get_string (json_array_get_object_element (calls, 0), "outcome", NULL), ==, "unresolved");
  g_assert_cmpstr (tj_json_get_string (json_array_get_object_element (calls, 0), "note", NULL), ==, "还欠一半");
  g_assert_true (tj_json_get_bool (json_array_get_object_element (calls, 0), "by_centre", FALSE));
  (void) c2; (void) c3; (void) c5;
}

static void
test_report_by_station (Fixture       *f,
                        gconstpointer  data)
{
  static const char * const closed[] = { "accepted", "mediating", "agreed", "closed", NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) plain = NULL;
  g_autoptr(JsonObject) summary = NULL;
  g_autoptr(JsonArray) rows = NULL;
  g_autofree char *a1 = NULL, *a2 = NULL, *b1 = NULL, *own = NULL;
  g_autoptr(JsonObject) input = NULL;
  g_autoptr(JsonObject) result = NULL;
  TjReportOptions options;
  TjCaseContext ctx;
  JsonObject *by_station, *tables_last;
  JsonArray *tables;

  add_station (f, "BH0043", "北站");
  add_station (f, "BH0044", "南站");
  add_station (f, "BH0045", "西站");
  a1 = pulled_case (f, "BH0043", "2026-07-01", 12, closed, "2026-07-05");
  a2 = pulled_case (f, "BH0043", "2026-08-01", 1, NULL, NULL);
  b1 = pulled_case (f, "BH0044", "2026-08-10", 2, NULL, NULL);
  input = tj_json_parse_object ("{\"kind\":\"other\",\"source\":\"walk_in\",\"employer\":{\"name\":\"中心\"},"
                                "\"workers\":[{\"name\":\"甲\"}],\"received_on\":\"2026-08-11\"}", -1, NULL);
  context (&ctx, "12351", "2026-08-11");
  result = tj_case_add (f->store, &ctx, input, &error);
  g_assert_no_error (error);

  tj_report_options_init (&options);
  options.today = "2026-09-30";
  plain = tj_report_summary_full (f->store, "2026-07-01", "2026-09-30", &options, &error);
  g_assert_no_error (error);
  g_assert_false (json_object_has_member (plain, "by_station"));
  options.by_station = TRUE;
  summary = tj_report_summary_full (f->store, "2026-07-01", "2026-09-30", &options, &error);
  g_assert_no_error (error);
  /* The totals are the same with or without the stations. */
  g_assert_cmpint (json_object_get_int_member (summary, "received"), ==, json_object_get_int_member (plain, "received"));
  g_assert_cmpint (json_object_get_int_member (summary, "received"), ==, 4);
  by_station = json_object_get_object_member (summary, "by_station");
  g_assert_cmpuint (json_object_get_size (by_station), ==, 3);
  g_assert_cmpint (tj_json_get_int (tj_json_get_object (by_station, "BH0043"), "received", -1), ==, 2);
  g_assert_cmpint (tj_json_get_int (tj_json_get_object (by_station, "BH0043"), "agreed", -1), ==, 1);
  g_assert_cmpint (tj_json_get_int (tj_json_get_object (by_station, "BH0043"), "collective", -1), ==, 1);
  g_assert_cmpint (tj_json_get_int (tj_json_get_object (by_station, "BH0044"), "received", -1), ==, 1);
  g_assert_cmpint (tj_json_get_int (tj_json_get_object (by_station, "BH0045"), "received", -1), ==, 0);
  g_assert_cmpstr (tj_json_get_string (tj_json_get_object (by_station, "BH0045"), "name", NULL), ==, "西站");
  g_assert_nonnull (tj_json_get_array (tj_json_get_object (by_station, "BH0043"), "months"));

  /* The table, and the cases behind a station's figure. */
  tables = json_object_get_array_member (summary, "tables");
  tables_last = json_array_get_object_element (tables, json_array_get_length (tables) - 1);
  g_assert_cmpstr (json_object_get_string_member (tables_last, "key"), ==, "by_station");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (tables_last, "rows")), ==, 3);
  rows = tj_report_cases (f->store, "2026-07-01", "2026-09-30", "station.BH0043.received", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (json_array_get_length (rows), ==, 2);
  g_assert_cmpint (tj_report_count (f->store, "2026-07-01", "2026-09-30", "station.BH0044.received", NULL, &error),
                   ==, 1);
  g_assert_cmpint (tj_report_count (f->store, "2026-07-01", "2026-09-30", "station.BH0043.agreed", NULL, &error),
                   ==, 1);
  g_assert_cmpint (tj_report_count (f->store, "2026-07-01", "2026-09-30", "station.BH0043.nothing", NULL, &error),
                   ==, -1);
  g_assert_error (error, TJ_ERROR, TJ_ERROR_INVALID);

  g_clear_error (&error);

  /* The exports: the station table in the CSV, the table and the chart
   * in the PDF (with pdftotext, when installed). */
  {
    g_autofree char *csv = g_build_filename (f->dir, "stations.csv", NULL);
    g_autofree char *pdf = g_build_filename (f->dir, "stations.pdf", NULL);
    g_autofree char *txt = g_build_filename (f->dir, "stations.txt", NULL);
    g_autofree char *pdftotext = g_find_program_in_path ("pdftotext");
    g_autofree char *text = NULL;

    g_assert_true (tj_report_export_file (f->store, "2026-07-01", "2026-09-30", "csv", "区总工会", &options, csv,
                                          &error));
    g_assert_no_error (error);
    g_assert_true (g_file_get_contents (csv, &text, NULL, NULL));
    g_assert_nonnull (strstr (text, "BH0043"));
    g_assert_nonnull (strstr (text, "西站"));
    g_clear_pointer (&text, g_free);
    g_assert_true (tj_report_export_file (f->store, "2026-07-01", "2026-09-30", "pdf", "区总工会", &options, pdf,
                                          &error));
    g_assert_no_error (error);
    if (pdftotext)
      {
        g_autofree char *cmd = g_strdup_printf ("%s -enc UTF-8 -layout %s %s", pdftotext, pdf, txt);
        int status = 0;

        g_assert_true (g_spawn_command_line_sync (cmd, NULL, NULL, &status, &error));
        g_assert_no_error (error);
        g_assert_true (g_file_get_contents (txt, &text, NULL, NULL));
        g_assert_nonnull (strstr (text, tj_report_chart_title (TJ_REPORT_CHART_STATIONS)));
        g_assert_nonnull (strstr (text, "南站"));
        g_unlink (txt);
      }
    g_unlink (csv);
    g_unlink (pdf);
  }

  /* The chart per station: offered with by_station only, one row per
   * station, drawn (bars and names cover more than the legend alone). */
  g_assert_false (tj_report_chart_applies (plain, TJ_REPORT_CHART_STATIONS));
  g_assert_true (tj_report_chart_applies (summary, TJ_REPORT_CHART_STATIONS));
  g_assert_cmpfloat (tj_report_chart_height (summary, TJ_REPORT_CHART_STATIONS, 10), >,
                     tj_report_chart_height (plain, TJ_REPORT_CHART_STATIONS, 10));
  {
    cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 640, 300);
    cairo_t *cr = cairo_create (surface);
    guint drawn = 0;

    tj_report_chart_draw (summary, TJ_REPORT_CHART_STATIONS, cr, 640, 300, FALSE, NULL);
    cairo_surface_flush (surface);
    for (int y = 0; y < 300; y++)
      for (int x = 0; x < 640; x++)
        if (((guint32 *) (cairo_image_surface_get_data (surface) + y * cairo_image_surface_get_stride (surface)))[x] >> 24)
          drawn++;
    g_assert_cmpuint (drawn, >, 3000);
    cairo_destroy (cr);
    cairo_surface_destroy (surface);
  }
  (void) a2; (void) b1; (void) own;
}

/* A case written to @store, as @origin's pull writes it when @origin is
 * set (the centre), or by a station on its own store. */
static void
write_case (TjStore            *store,
            const char         *origin,
            const char         *received_on,
            guint               workers,
            const char * const *statuses,
            const char         *status_day)
{
  g_free (add_case_from (store, "BH0043", origin, received_on, workers, 50000, 100, statuses, status_day));
}

/* Every whole number of @total equals the sum of the same number in
 * @parts (the averages and rates are not sums; "longest" is a maximum);
 * with one part, every value equals its own. */
static void
assert_sums (JsonNode   *total,
             JsonNode  **parts,
             guint       n_parts,
             const char *where)
{
  if (JSON_NODE_HOLDS_OBJECT (total))
    {
      JsonObject *o = json_node_get_object (total);
      g_autoptr(GList) members = json_object_get_members (o);

      for (GList *l = members; l; l = l->next)
        {
          g_autofree JsonNode **sub = g_new0 (JsonNode *, n_parts);
          g_autofree char *path = g_strconcat (where, ".", l->data, NULL);

          if (g_str_equal (l->data, "longest") && n_parts > 1)
            continue;
          for (guint i = 0; i < n_parts; i++)
            {
              g_assert_true (JSON_NODE_HOLDS_OBJECT (parts[i]));
              sub[i] = json_object_get_member (json_node_get_object (parts[i]), l->data);
              g_assert_nonnull (sub[i]);
            }
          assert_sums (json_object_get_member (o, l->data), sub, n_parts, path);
        }
    }
  else if (JSON_NODE_HOLDS_ARRAY (total))
    {
      JsonArray *a = json_node_get_array (total);

      for (guint j = 0; j < json_array_get_length (a); j++)
        {
          g_autofree JsonNode **sub = g_new0 (JsonNode *, n_parts);
          g_autofree char *path = g_strdup_printf ("%s[%u]", where, j);

          for (guint i = 0; i < n_parts; i++)
            {
              g_assert_cmpuint (json_array_get_length (json_node_get_array (parts[i])), ==, json_array_get_length (a));
              sub[i] = json_array_get_element (json_node_get_array (parts[i]), j);
            }
          assert_sums (json_array_get_element (a, j), sub, n_parts, path);
        }
    }
  else if (n_parts == 1)
    {
      if (!json_node_equal (total, parts[0]))
        g_error ("%s differs", where);
    }
  else if (JSON_NODE_HOLDS_VALUE (total) && json_node_get_value_type (total) == G_TYPE_INT64)
    {
      gint64 sum = 0;

      for (guint i = 0; i < n_parts; i++)
        sum += json_node_get_int (parts[i]);
      if (sum != json_node_get_int (total))
        g_error ("%s: %" G_GINT64_FORMAT " in all, %" G_GINT64_FORMAT " summed over the stations", where,
                 json_node_get_int (total), sum);
    }
}

/* The figures per station add up to the summary, and each station's are
 * those the station's own store counts for the same cases, whichever way
 * a case came to the centre (pulled, dispatched) and after the report
 * index is built again from the documents. */
static void
test_report_by_station_sums (Fixture       *f,
                             gconstpointer  data)
{
  static const char * const agreed[] = { "accepted", "mediating", "agreed", "closed", NULL };
  static const char * const failed[] = { "accepted", "mediating", "failed", NULL };
  static const char * const withdrawn[] = { "withdrawn", NULL };
  static const char * const open[] = { "accepted", NULL };
  static const char * const codes[] = { "BH0043", "BH0044" };
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) summary = NULL;
  g_autoptr(JsonObject) dispatched = NULL;
  g_autoptr(JsonObject) input = NULL;
  TjStore *own[G_N_ELEMENTS (codes)] = { NULL, };
  JsonNode *parts[G_N_ELEMENTS (codes) + 1];
  g_autoptr(JsonNode) total = json_node_new (JSON_NODE_OBJECT);
  JsonObject *by_station;
  TjReportOptions options;
  TjCaseContext ctx;

  add_station (f, "BH0043", "北站");
  add_station (f, "BH0044", "南站");
  add_station (f, "BH0045", "西站");
  for (guint s = 0; s < G_N_ELEMENTS (codes); s++)
    {
      g_autofree char *name = g_strdup_printf ("own-%s.db", codes[s]);
      g_autofree char *path = g_build_filename (f->dir, name, NULL);

      own[s] = tj_store_open (path, &error);
      g_assert_no_error (error);
      g_assert_true (tj_repository_attach_indexes (own[s], &error));
      for (guint pass = 0; pass < 2; pass++)
        {
          TjStore *store = pass ? own[s] : f->store;
          const char *origin = pass ? NULL : codes[s];

          write_case (store, origin, "2026-03-02", 12 - 4 * s, agreed, "2026-03-20");
          write_case (store, origin, "2026-04-10", 2 + s, failed, "2026-05-06");
          write_case (store, origin, "2026-05-01", 1, withdrawn, "2026-05-03");
          write_case (store, origin, "2026-06-15", 3, open, "2026-06-16");
          if (s == 0)
            write_case (store, origin, "2026-07-01", 1, agreed, "2026-09-01");
          write_case (store, origin, "2025-12-30", 1, NULL, NULL);
        }
    }
  /* A hotline case dispatched to the third station: owned by it the
   * moment it is written. */
  input = tj_json_parse_object ("{\"kind\":\"overtime\",\"source\":\"hotline\",\"employer\":{\"name\":\"中心\"},"
                                "\"workers\":[{\"name\":\"甲\",\"owed_fen\":30000}],\"received_on\":\"2026-08-11\","
                                "\"hotline_ref\":\"RX-1\"}", -1, NULL);
  context (&ctx, "12351", "2026-08-11");
  dispatched = tj_centre_dispatch (f->store, &ctx, "BH0045", input, &error);
  g_assert_no_error (error);

  tj_report_options_init (&options);
  options.today = "2026-12-31";
  options.by_station = TRUE;
  for (guint rebuilt = 0; rebuilt < 2; rebuilt++)
    {
      g_clear_pointer (&summary, json_object_unref);
      summary = tj_report_summary_full (f->store, "2026-01-01", "2026-12-31", &options, &error);
      g_assert_no_error (error);
      by_station = json_object_get_object_member (summary, "by_station");
      g_assert_cmpint (json_object_get_int_member (summary, "received"), ==, 10);
      g_assert_cmpint (tj_json_get_int (tj_json_get_object (by_station, "BH0045"), "received", -1), ==, 1);

      json_node_set_object (total, summary);
      parts[0] = json_object_get_member (by_station, "BH0043");
      parts[1] = json_object_get_member (by_station, "BH0044");
      parts[2] = json_object_get_member (by_station, "BH0045");
      for (guint i = 0; i < G_N_ELEMENTS (parts); i++)
        {
          json_object_remove_member (json_node_get_object (parts[i]), "code");
          json_object_remove_member (json_node_get_object (parts[i]), "name");
        }
      /* Only the members of a station's figures: the summary has its
       * tables, period and the like besides. */
      {
        g_autoptr(JsonObject) figures = json_object_new ();
        g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);
        g_autoptr(GList) members = json_object_get_members (json_node_get_object (parts[0]));

        for (GList *l = members; l; l = l->next)
          json_object_set_member (figures, l->data, json_node_copy (json_object_get_member (summary, l->data)));
        json_node_set_object (node, figures);
        assert_sums (node, parts, G_N_ELEMENTS (parts), "summary");
      }

      /* Each station's figures are its own store's summary. */
      for (guint s = 0; s < G_N_ELEMENTS (codes); s++)
        {
          g_autoptr(JsonObject) alone = NULL;
          g_autoptr(JsonObject) figures = json_object_new ();
          g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);
          g_autoptr(GList) members = json_object_get_members (json_node_get_object (parts[s]));
          TjReportOptions plain = options;

          plain.by_station = FALSE;
          alone = tj_report_summary_full (own[s], "2026-01-01", "2026-12-31", &plain, &error);
          g_assert_no_error (error);
          for (GList *l = members; l; l = l->next)
            json_object_set_member (figures, l->data, json_node_copy (json_object_get_member (alone, l->data)));
          json_node_set_object (node, figures);
          assert_sums (node, &parts[s], 1, codes[s]);
        }

      /* The report index built again from the documents (as a new
       * version of it does), with the owners the centre keeps. */
      if (rebuilt == 0)
        {
          g_autofree char *path = g_build_filename (f->dir, "centre.db", NULL);

          g_assert_true (tj_store_exec (f->store, "UPDATE indexers SET version = 0 WHERE name = 'report'", &error));
          g_assert_no_error (error);
          g_clear_object (&f->store);
          f->store = tj_store_open (path, &error);
          g_assert_no_error (error);
          g_assert_true (tj_repository_attach_indexes (f->store, &error));
          g_assert_no_error (error);
        }
    }

  for (guint s = 0; s < G_N_ELEMENTS (codes); s++)
    {
      g_autofree char *name = g_strdup_printf ("own-%s.db", codes[s]);
      g_autofree char *path = g_build_filename (f->dir, name, NULL);
      g_autofree char *wal = g_strconcat (path, "-wal", NULL);
      g_autofree char *shm = g_strconcat (path, "-shm", NULL);

      g_clear_object (&own[s]);
      g_unlink (path);
      g_unlink (wal);
      g_unlink (shm);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_setenv ("TZ", "Asia/Shanghai", TRUE);
  /* The day the fixtures count from, for whatever asks the clock. */
  g_setenv ("TIAOJIE_TODAY", TODAY, TRUE);
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/centre/items", test_items);
  g_test_add_func ("/centre/database-names", test_database_names);
#define ADD(path, func) g_test_add (path, Fixture, NULL, setup, func, teardown)
  ADD ("/centre/registry", test_registry);
  ADD ("/centre/owners", test_owners);
  ADD ("/centre/dispatch", test_dispatch);
  ADD ("/centre/not-a-centre", test_not_centre);
  ADD ("/centre/plain-sync-refused", test_plain_sync_refused);
  ADD ("/centre/overview", test_overview);
  ADD ("/centre/report-by-station", test_report_by_station);
  ADD ("/centre/report-by-station-sums", test_report_by_station_sums);
#undef ADD

  return g_test_run ();
}
