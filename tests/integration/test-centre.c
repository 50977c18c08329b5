/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The centre (issue 18) against a real PouchDB Server: two stations, each
 * with its own database, user and role (server provision), and a centre
 * whose role is a member of both (server provision --centre).
 *
 * - Station cases reach the centre; a case dispatched to one station
 *   reaches that station only — the other station's database on the
 *   server never holds it, checked on the server itself — and raises the
 *   station's dispatch notice; the station's edits come back, the
 *   centre's edits reach the station marked as the centre's.
 * - Edits of the same case on both sides converge: the conflict is kept
 *   everywhere with the same revisions.
 * - A station whose database cannot be reached (through the fault proxy)
 *   is tried again and reported while the other completes; the next
 *   centre sync brings it.
 * - Bad input: an unknown station code, a station database missing on the
 *   server, a centre account without access to a station — each named in
 *   a clear message (in Chinese too), exit 2 or 5, nothing written for it.
 */
#undef G_LOG_DOMAIN
#define G_LOG_DOMAIN "Tiaojie-Test"

#include <string.h>

#include "tj-case.h"
#include "tj-centre.h"
#include "tj-centre-overview.h"
#include "tj-centre-sync.h"
#include "tj-json.h"
#include "tj-repository.h"
#include "tj-test-cli.h"
#include "tj-sync-scheduler.h"
#include "tj-test-proxy.h"
#include "tj-test-sync.h"

#define STATION_A "BH0001"
#define STATION_B "BH0002"
#define DB_A      "station-bh0001"
#define DB_B      "station-bh0002"
#define CENTRE    "centre-test"

typedef struct
{
  char    *admin_file;
  char    *centre_file;
  TjStore *centre;
  TjStore *a;
  TjStore *b;
} Centre;

static void
centre_clear (Centre *c)
{
  g_free (c->admin_file);
  g_free (c->centre_file);
  g_clear_object (&c->centre);
  g_clear_object (&c->a);
  g_clear_object (&c->b);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Centre, centre_clear)

/* tiaojie-cli with stdout and stderr, in English or in Chinese. */
static int
cli (char       **out,
     char       **err,
     gboolean     chinese,
     ...)
{
  /* Fast retries: a station that cannot be reached is given up quickly. */
  const char *env[] = { "TIAOJIE_SYNC_TIMEOUT", "10", NULL };
  g_auto(TjTestCliRun) run = { 0 };
  va_list ap;

  va_start (ap, chinese);
  tj_test_cli_run_va (&run, &(TjTestCli) { .chinese = chinese, .env = env }, ap);
  va_end (ap);
  if (*run.err)
    {
      /* One TAP comment per line. */
      g_auto(GStrv) lines = g_strsplit (run.err, "\n", -1);
      for (guint i = 0; lines[i]; i++)
        if (*lines[i])
          g_test_message ("%s", lines[i]);
    }
  if (out)
    *out = g_steal_pointer (&run.out);
  if (err)
    *err = g_steal_pointer (&run.err);
  return run.status;
}

static char *
write_file (Fixture    *f,
            const char *name,
            const char *text)
{
  char *path = g_build_filename (f->tmp, name, NULL);

  g_assert_true (g_file_set_contents (path, text, -1, NULL));
  return path;
}

/* The server leaves "admin party"; both stations and the centre are
 * provisioned with the CLI, as README tells a centre to. */
static void
centre_setup (Fixture *f,
              Centre  *c)
{
  g_autofree char *encoded = g_base64_encode ((const guchar *) "admin:s3cret", strlen ("admin:s3cret"));
  g_autofree char *centre_db = g_build_filename (f->tmp, "centre.db", NULL);
  g_autofree char *a_file = write_file (f, "a.pw", "station-a-pw\n");
  g_autofree char *b_file = write_file (f, "b.pw", "station-b-pw\n");
  g_autofree char *out = NULL;
  g_autoptr(JsonNode) answer = NULL;
  g_autoptr(JsonObject) printed = NULL;
  g_autoptr(JsonObject) station = NULL;
  g_autoptr(GError) error = NULL;
  guint status;

  answer = http (f, "PUT", "/_config/admins/admin", "\"s3cret\"", &status);
  g_assert_cmpuint (status, ==, 200);
  f->auth = g_strconcat ("Basic ", encoded, NULL);
  c->admin_file = write_file (f, "admin.pw", "s3cret\n");
  c->centre_file = write_file (f, "centre.pw", "centre-pw-123\n");

  g_assert_cmpint (cli (&out, NULL, FALSE, "server", "provision", "--server", f->server.url, "--admin-user", "admin",
                        "--admin-password-file", c->admin_file, "--station", STATION_A,
                        "--user-password-file", a_file, NULL), ==, 0);
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (cli (&out, NULL, FALSE, "server", "provision", "--server", f->server.url, "--admin-user", "admin",
                        "--admin-password-file", c->admin_file, "--station", STATION_B,
                        "--user-password-file", b_file, NULL), ==, 0);

  c->centre = open_indexed (f, "centre.db");
  station = tj_centre_add_station (c->centre, STATION_A, "海淀区北站", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (json_object_get_string_member (station, "database"), ==, DB_A);
  g_clear_pointer (&station, json_object_unref);
  station = tj_centre_add_station (c->centre, STATION_B, "丰台区南站", NULL, &error);
  g_assert_no_error (error);

  /* The centre's role joins both stations' members; theirs stay. */
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (cli (&out, NULL, FALSE, "--db", centre_db, "server", "provision", "--server", f->server.url,
                        "--admin-user", "admin", "--admin-password-file", c->admin_file, "--centre", CENTRE,
                        "--user-password-file", c->centre_file, NULL), ==, 0);
  printed = tj_json_parse_object (out, -1, &error);
  g_assert_no_error (error);
  g_assert_true (json_object_get_boolean_member (printed, "verified"));
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (printed, "stations")), ==, 2);
  {
    g_autoptr(JsonObject) security = http_object (f, "GET", "/" DB_B "/_security", NULL, 200);
    JsonArray *roles = json_object_get_array_member (json_object_get_object_member (security, "members"), "roles");
    g_assert_cmpuint (json_array_get_length (roles), ==, 2);
    g_assert_cmpstr (json_array_get_string_element (roles, 0), ==, "station-" STATION_B);
    g_assert_cmpstr (json_array_get_string_element (roles, 1), ==, CENTRE);
  }

  c->a = open_indexed (f, "a.db");
  c->b = open_indexed (f, "b.db");
}

static JsonObject *
station_sync (Fixture    *f,
              TjStore    *store,
              const char *code)
{
  g_autofree char *db = g_ascii_strdown (code, -1);
  g_autofree char *database = g_strconcat ("station-", db, NULL);
  g_autofree char *user = g_strconcat ("station-", code, NULL);
  g_autoptr(TjReplicator) r = tj_replicator_new (store, f->server.url, database, user,
                                                 g_str_equal (code, STATION_A) ? "station-a-pw" : "station-b-pw");

  tj_replicator_set_retry (r, 10, 2);
  return sync_ok (r);
}

static JsonObject *
centre_sync (Centre     *c,
             const char *url)
{
  g_autoptr(TjCentreSync) sync = tj_centre_sync_new (c->centre, url, CENTRE, "centre-pw-123");
  g_autoptr(GError) error = NULL;
  JsonObject *result;

  tj_centre_sync_set_retry (sync, 10, 1);
  tj_centre_sync_set_timeout (sync, 10);
  result = tj_centre_sync_run (sync, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (result);
  return result;
}

static JsonObject *
station_result (JsonObject *result,
                const char *code)
{
  JsonArray *stations = json_object_get_array_member (result, "stations");

  for (guint i = 0; i < json_array_get_length (stations); i++)
    if (g_strcmp0 (tj_json_get_string (json_array_get_object_element (stations, i), "code", NULL), code) == 0)
      return json_array_get_object_element (stations, i);
  g_error ("no result for station %s", code);
  return NULL;
}

static char *
add_case (TjStore    *store,
          const char *station_code,
          const char *title,
          const char *employer,
          const char *worker)
{
  g_autofree char *json = g_strdup_printf ("{\"title\":\"%s\",\"kind\":\"wage_arrears\",\"source\":\"walk_in\","
                                           "\"employer\":{\"name\":\"%s\"},\"workers\":[{\"name\":\"%s\","
                                           "\"owed_fen\":1200000}]}", title, employer, worker);
  g_autoptr(JsonObject) input = tj_json_parse_object (json, -1, NULL);
  g_autoptr(JsonObject) result = NULL;
  g_autoptr(GError) error = NULL;
  TjCaseContext ctx;

  tj_case_context_init_defaults (&ctx);
  ctx.station_code = station_code;
  ctx.actor = "站点调解员";
  result = tj_case_add (store, &ctx, input, &error);
  g_assert_no_error (error);
  return g_strdup (json_object_get_string_member (result, "id"));
}

/* The ids in a database on the server, as the administrator sees them. */
static GHashTable *
remote_ids (Fixture    *f,
            const char *db)
{
  g_autofree char *path = g_strdup_printf ("/%s/_all_docs", db);
  g_autoptr(JsonObject) all = http_object (f, "GET", path, NULL, 200);
  JsonArray *rows = json_object_get_array_member (all, "rows");
  GHashTable *ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (guint i = 0; i < json_array_get_length (rows); i++)
    g_hash_table_add (ids, g_strdup (tj_json_get_string (json_array_get_object_element (rows, i), "id", "")));
  return ids;
}

/* Every document of @case_id (the case, its parties, claims, events) in
 * @store. */
static GPtrArray *
case_doc_ids (TjStore    *store,
              const char *case_id)
{
  sqlite3_stmt *st = tj_store_statement (store, "SELECT id FROM case_children WHERE case_id = ?1", NULL);
  GPtrArray *ids = g_ptr_array_new_with_free_func (g_free);

  g_assert_nonnull (st);
  g_ptr_array_add (ids, g_strdup (case_id));
  sqlite3_bind_text (st, 1, case_id, -1, SQLITE_TRANSIENT);
  while (sqlite3_step (st) == SQLITE_ROW)
    g_ptr_array_add (ids, g_strdup ((const char *) sqlite3_column_text (st, 0)));
  sqlite3_reset (st);
  return ids;
}

static guint
count_case_docs (TjStore    *store,
                 const char *case_id)
{
  g_autoptr(GPtrArray) ids = case_doc_ids (store, case_id);

  return ids->len;
}

static gboolean
has_event_by_centre (TjStore    *store,
                     const char *case_id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonArray) timeline = tj_case_timeline (store, case_id, &error);

  g_assert_no_error (error);
  for (guint i = 0; i < json_array_get_length (timeline); i++)
    if (tj_json_get_bool (json_array_get_object_element (timeline, i), "by_centre", FALSE))
      return TRUE;
  return FALSE;
}

/* Station cases reach the centre; a dispatched case reaches its station
 * only, raising its notice; edits come back both ways. */
static void
test_dispatch (Fixture       *f,
               gconstpointer  data)
{
  g_auto(Centre) c = { 0 };
  g_autofree char *case_a = NULL, *case_b = NULL, *dispatched = NULL;
  g_autoptr(JsonObject) result = NULL;
  g_autoptr(JsonObject) input = NULL;
  g_autoptr(JsonObject) dispatch = NULL;
  g_autoptr(JsonObject) doc = NULL;
  g_autoptr(JsonArray) cases = NULL;
  g_autoptr(JsonArray) arrived = NULL;
  g_autoptr(GHashTable) on_a = NULL, on_b = NULL;
  g_autoptr(GPtrArray) dispatched_docs = NULL;
  g_autoptr(GPtrArray) a_docs = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *owner = NULL;
  TjCaseContext ctx;
  gint64 a_seq;

  SKIP_IF_FAILED (f);
  centre_setup (f, &c);

  case_a = add_case (c.a, STATION_A, "北站欠薪案", "甲建筑公司", "张三");
  case_b = add_case (c.b, STATION_B, "南站欠薪案", "乙物流公司", "李四");
  json_object_unref (station_sync (f, c.a, STATION_A));
  json_object_unref (station_sync (f, c.b, STATION_B));

  /* Both stations' cases reach the centre, each owned by its station. */
  result = centre_sync (&c, f->server.url);
  g_assert_cmpint (json_object_get_int_member (result, "ok"), ==, 2);
  g_assert_cmpint (json_object_get_int_member (result, "failed"), ==, 0);
  doc = local_get (c.centre, case_a);
  g_assert_cmpstr (json_object_get_string_member (doc, "title"), ==, "北站欠薪案");
  owner = tj_centre_owner (c.centre, case_b);
  g_assert_cmpstr (owner, ==, STATION_B);
  cases = tj_centre_station_cases (c.centre, NULL, STATION_A, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (json_array_get_length (cases), ==, 1);
  g_assert_cmpstr (tj_json_get_string (json_array_get_object_element (cases, 0), "id", NULL), ==, case_a);

  /* The hotline dispatches a case to station A. */
  tj_case_context_init_defaults (&ctx);
  ctx.station_code = "12351";
  ctx.actor = "热线坐席";
  input = tj_json_parse_object ("{\"title\":\"热线派单：餐馆欠薪\",\"kind\":\"wage_arrears\","
                                "\"hotline_ref\":\"RX2026-1101\",\"employer\":{\"name\":\"丙餐饮店\"},"
                                "\"workers\":[{\"name\":\"王五\",\"phone\":\"13800138000\",\"owed_fen\":560000}]}",
                                -1, NULL);
  dispatch = tj_centre_dispatch (c.centre, &ctx, STATION_A, input, &error);
  g_assert_no_error (error);
  dispatched = g_strdup (json_object_get_string_member (dispatch, "id"));
  g_assert_cmpstr (json_object_get_string_member (dispatch, "station"), ==, STATION_A);
  dispatched_docs = case_doc_ids (c.centre, dispatched);
  g_assert_cmpuint (dispatched_docs->len, >=, 4); /* case, employer, worker, the intake event */
  for (guint i = 0; i < dispatched_docs->len; i++)
    {
      g_autofree char *o = tj_centre_owner (c.centre, g_ptr_array_index (dispatched_docs, i));
      g_assert_cmpstr (o, ==, STATION_A);
    }

  g_clear_pointer (&result, json_object_unref);
  result = centre_sync (&c, f->server.url);
  g_assert_cmpint (json_object_get_int_member (result, "failed"), ==, 0);
  g_assert_cmpint (tj_json_get_int (tj_json_get_object (station_result (result, STATION_A), "result"), "pushed", 0),
                   ==, dispatched_docs->len);
  g_assert_cmpint (tj_json_get_int (tj_json_get_object (station_result (result, STATION_B), "result"), "pushed", 0),
                   ==, 0);

  /* On the server: A's database holds the dispatched case with all its
   * documents; B's database never held any of them, nor A's own case. */
  on_a = remote_ids (f, DB_A);
  on_b = remote_ids (f, DB_B);
  for (guint i = 0; i < dispatched_docs->len; i++)
    {
      g_assert_true (g_hash_table_contains (on_a, g_ptr_array_index (dispatched_docs, i)));
      g_assert_false (g_hash_table_contains (on_b, g_ptr_array_index (dispatched_docs, i)));
    }
  {
    g_autofree char *path = g_strdup_printf ("/" DB_B "/%s?revs_info=true", dispatched);
    guint status = 0;
    g_autoptr(JsonNode) gone = http (f, "GET", path, NULL, &status);
    g_assert_cmpuint (status, ==, 404);
  }
  a_docs = case_doc_ids (c.a, case_a);
  for (guint i = 0; i < a_docs->len; i++)
    g_assert_false (g_hash_table_contains (on_b, g_ptr_array_index (a_docs, i)));
  /* Nor do the centre's registry and records leave it. */
  g_assert_false (g_hash_table_contains (on_a, "station:" STATION_A));
  g_assert_false (g_hash_table_contains (on_b, "station:" STATION_B));
  g_assert_cmpuint (g_hash_table_size (on_b), ==, count_case_docs (c.b, case_b));

  /* Station A receives it as a new hotline case: the dispatch notice. */
  a_seq = tj_store_get_update_seq (c.a);
  json_object_unref (station_sync (f, c.a, STATION_A));
  json_object_unref (station_sync (f, c.b, STATION_B));
  arrived = tj_sync_dispatched_collect (c.a, a_seq, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (json_array_get_length (arrived), ==, 1);
  g_assert_cmpstr (tj_json_get_string (json_array_get_object_element (arrived, 0), "id", NULL), ==, dispatched);
  g_clear_pointer (&doc, json_object_unref);
  doc = local_get (c.a, dispatched);
  g_assert_cmpstr (json_object_get_string_member (doc, "hotline_ref"), ==, "RX2026-1101");
  g_assert_cmpstr (json_object_get_string_member (doc, "dispatched_to"), ==, STATION_A);
  g_assert_cmpstr (json_object_get_string_member (doc, "source"), ==, "hotline");
  {
    g_autoptr(GError) missing = NULL;
    g_autoptr(JsonObject) none = tj_store_get (c.b, dispatched, NULL, TJ_GET_NONE, &missing);
    g_assert_error (missing, TJ_ERROR, TJ_ERROR_NOT_FOUND);
  }

  /* Station A accepts it; the edit flows back to the centre. */
  tj_case_context_init_defaults (&ctx);
  ctx.station_code = STATION_A;
  ctx.actor = "站点调解员";
  g_assert_true (tj_case_set_status (c.a, &ctx, dispatched, "accepted", "已受理", NULL, &error));
  g_assert_no_error (error);
  json_object_unref (station_sync (f, c.a, STATION_A));
  g_clear_pointer (&result, json_object_unref);
  result = centre_sync (&c, f->server.url);
  g_assert_cmpint (json_object_get_int_member (result, "failed"), ==, 0);
  g_clear_pointer (&doc, json_object_unref);
  doc = local_get (c.centre, dispatched);
  g_assert_cmpstr (json_object_get_string_member (doc, "status"), ==, "accepted");
  g_assert_false (has_event_by_centre (c.a, case_a));

  /* The centre notes something on B's case: B gets it as the centre's,
   * and A's database never sees it. */
  tj_case_context_init_defaults (&ctx);
  ctx.actor = "中心督办";
  g_assert_true (tj_case_add_event (c.centre, &ctx, case_b, "note", "请三日内回复进展", NULL, &error));
  g_assert_no_error (error);
  g_assert_true (has_event_by_centre (c.centre, case_b));
  g_clear_pointer (&result, json_object_unref);
  result = centre_sync (&c, f->server.url);
  g_assert_cmpint (tj_json_get_int (tj_json_get_object (station_result (result, STATION_B), "result"), "pushed", 0),
                   ==, 1);
  g_assert_cmpint (tj_json_get_int (tj_json_get_object (station_result (result, STATION_A), "result"), "pushed", 0),
                   ==, 0);
  json_object_unref (station_sync (f, c.b, STATION_B));
  g_assert_true (has_event_by_centre (c.b, case_b));
  g_clear_pointer (&on_a, g_hash_table_unref);
  on_a = remote_ids (f, DB_A);
  g_assert_cmpuint (g_hash_table_size (on_a), ==, count_case_docs (c.a, case_a) + count_case_docs (c.a, dispatched));
}

/* The same case edited at the centre and at its station before either
 * synced: both versions are kept on the station, the server and the
 * centre, with the same leaves everywhere. */
static void
test_conflict (Fixture       *f,
               gconstpointer  data)
{
  g_auto(Centre) c = { 0 };
  g_autofree char *case_a = NULL;
  g_autoptr(JsonObject) result = NULL;
  g_autoptr(JsonObject) patch = NULL;
  g_autoptr(JsonArray) leaves_a = NULL, leaves_centre = NULL;
  g_autoptr(JsonObject) remote = NULL;
  g_autoptr(GError) error = NULL;
  TjCaseContext ctx;

  SKIP_IF_FAILED (f);
  centre_setup (f, &c);
  case_a = add_case (c.a, STATION_A, "北站欠薪案", "甲建筑公司", "张三");
  json_object_unref (station_sync (f, c.a, STATION_A));
  result = centre_sync (&c, f->server.url);
  g_assert_cmpint (json_object_get_int_member (result, "failed"), ==, 0);

  tj_case_context_init_defaults (&ctx);
  patch = tj_json_parse_object ("{\"title\":\"北站欠薪案（中心更正）\"}", -1, NULL);
  g_assert_true (tj_case_update (c.centre, &ctx, case_a, patch, &error));
  g_assert_no_error (error);
  g_clear_pointer (&patch, json_object_unref);
  patch = tj_json_parse_object ("{\"title\":\"北站欠薪案（站点更正）\"}", -1, NULL);
  ctx.station_code = STATION_A;
  g_assert_true (tj_case_update (c.a, &ctx, case_a, patch, &error));
  g_assert_no_error (error);

  json_object_unref (station_sync (f, c.a, STATION_A));
  g_clear_pointer (&result, json_object_unref);
  result = centre_sync (&c, f->server.url);
  g_assert_cmpint (json_object_get_int_member (result, "failed"), ==, 0);
  json_object_unref (station_sync (f, c.a, STATION_A));

  g_assert_cmpuint (local_conflict_count (c.a), ==, 1);
  g_assert_cmpuint (local_conflict_count (c.centre), ==, 1);
  leaves_a = tj_store_get_leaves (c.a, case_a, &error);
  g_assert_no_error (error);
  leaves_centre = tj_store_get_leaves (c.centre, case_a, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (json_array_get_length (leaves_a), ==, 2);
  {
    g_autoptr(JsonNode) na = json_node_init_array (json_node_alloc (), leaves_a);
    g_autoptr(JsonNode) nc = json_node_init_array (json_node_alloc (), leaves_centre);
    g_assert_true (json_node_equal (na, nc));
  }
  /* The same winner everywhere, the other version kept as the conflict. */
  remote = remote_get (f, DB_A, case_a);
  g_assert_cmpstr (json_object_get_string_member (remote, "_rev"), ==,
                   tj_json_get_string (json_array_get_object_element (leaves_a, 0), "rev", NULL));
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (remote, "_conflicts")), ==, 1);
  g_assert_cmpstr (json_array_get_string_element (json_object_get_array_member (remote, "_conflicts"), 0), ==,
                   tj_json_get_string (json_array_get_object_element (leaves_a, 1), "rev", NULL));
  /* And B never got either. */
  {
    g_autoptr(GHashTable) on_b = remote_ids (f, DB_B);
    g_assert_false (g_hash_table_contains (on_b, case_a));
  }
}

/* Station B's database cannot be reached (the proxy drops every request
 * for it): the centre sync tries B again, reports it, and completes A;
 * the next centre sync brings B. */
static void
test_offline (Fixture       *f,
              gconstpointer  data)
{
  g_auto(Centre) c = { 0 };
  g_autoptr(Proxy) proxy = NULL;
  g_autofree char *case_a = NULL, *case_b = NULL;
  g_autoptr(JsonObject) result = NULL;
  g_autoptr(JsonObject) state = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *b;

  SKIP_IF_FAILED (f);
  centre_setup (f, &c);
  case_a = add_case (c.a, STATION_A, "北站欠薪案", "甲建筑公司", "张三");
  case_b = add_case (c.b, STATION_B, "南站欠薪案", "乙物流公司", "李四");
  json_object_unref (station_sync (f, c.a, STATION_A));
  json_object_unref (station_sync (f, c.b, STATION_B));

  proxy = proxy_new (f->server.url);
  proxy_fault (proxy, FAULT_DROP, "/" DB_B, -1, 0, NULL, NULL);
  result = centre_sync (&c, proxy->url);
  g_assert_cmpint (json_object_get_int_member (result, "ok"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (result, "failed"), ==, 1);
  g_assert_true (tj_json_get_bool (station_result (result, STATION_A), "ok", FALSE));
  b = station_result (result, STATION_B);
  g_assert_false (tj_json_get_bool (b, "ok", TRUE));
  g_assert_cmpstr (tj_json_get_string (b, "error_kind", NULL), ==, "network");
  g_assert_cmpint (tj_json_get_int (b, "attempts", 0), ==, 2);
  g_assert_nonnull (strstr (tj_json_get_string (b, "error", ""), STATION_B));
  /* A completed; nothing of B arrived. */
  json_object_unref (local_get (c.centre, case_a));
  {
    g_autoptr(GError) missing = NULL;
    g_autoptr(JsonObject) none = tj_store_get (c.centre, case_b, NULL, TJ_GET_NONE, &missing);
    g_assert_error (missing, TJ_ERROR, TJ_ERROR_NOT_FOUND);
  }
  state = tj_centre_sync_state (c.centre, &error);
  g_assert_no_error (error);
  g_assert_false (tj_json_get_bool (tj_json_get_object (state, STATION_B), "ok", TRUE));
  g_assert_true (tj_json_get_bool (tj_json_get_object (state, STATION_A), "ok", FALSE));

  /* The link is back: the next centre sync brings B. */
  proxy_fault (proxy, FAULT_NONE, NULL, 0, 0, NULL, NULL);
  g_clear_pointer (&result, json_object_unref);
  result = centre_sync (&c, proxy->url);
  g_assert_cmpint (json_object_get_int_member (result, "failed"), ==, 0);
  json_object_unref (local_get (c.centre, case_b));
  g_clear_pointer (&state, json_object_unref);
  state = tj_centre_sync_state (c.centre, &error);
  g_assert_true (tj_json_get_bool (tj_json_get_object (state, STATION_B), "ok", FALSE));
}

static gint64
owned_by (TjStore    *store,
          const char *code)
{
  sqlite3_stmt *st = tj_store_statement (store, "SELECT COUNT(*) FROM centre_owner WHERE station = ?1", NULL);
  gint64 n = -1;

  g_assert_nonnull (st);
  sqlite3_bind_text (st, 1, code, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (st) == SQLITE_ROW)
    n = sqlite3_column_int64 (st, 0);
  sqlite3_reset (st);
  return n;
}

/* Bad input through the CLI: each station named, exit 2 or 5, nothing
 * written for it. */
static void
test_bad_input (Fixture       *f,
                gconstpointer  data)
{
  g_auto(Centre) c = { 0 };
  g_autofree char *centre_db = g_build_filename (f->tmp, "centre.db", NULL);
  g_autofree char *out = NULL, *err = NULL;
  g_autofree char *case_b = NULL;
  g_autoptr(JsonObject) printed = NULL;
  g_autoptr(JsonObject) before = NULL, after = NULL;
  g_autoptr(JsonObject) station = NULL;
  g_autoptr(GError) error = NULL;
  gint64 seq;

  SKIP_IF_FAILED (f);
  centre_setup (f, &c);
  case_b = add_case (c.b, STATION_B, "南站欠薪案", "乙物流公司", "李四");
  json_object_unref (station_sync (f, c.b, STATION_B));

  /* An unknown code: exit 2 before anything is sent; nothing written. */
  seq = tj_store_get_update_seq (c.centre);
  before = tj_centre_sync_state (c.centre, &error);
  g_assert_cmpint (cli (&out, &err, FALSE, "--db", centre_db, "centre", "sync", "--server", f->server.url,
                        "--user", CENTRE, "--password-file", c.centre_file, "--stations", STATION_A ",BH9999",
                        NULL), ==, 2);
  g_assert_nonnull (strstr (err, "BH9999"));
  g_assert_cmpstr (out, ==, "");
  g_assert_cmpint (tj_store_get_update_seq (c.centre), ==, seq);
  after = tj_centre_sync_state (c.centre, &error);
  g_assert_cmpuint (json_object_get_size (after), ==, json_object_get_size (before));
  g_assert_cmpuint (json_object_get_size (after), ==, 0);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  /* In Chinese too. */
  g_assert_cmpint (cli (&out, &err, TRUE, "--db", centre_db, "centre", "sync", "--server", f->server.url,
                        "--user", CENTRE, "--password-file", c.centre_file, "--stations", "BH9999", NULL), ==, 2);
  g_assert_nonnull (strstr (err, "BH9999"));
  g_assert_nonnull (strstr (err, "不是本中心的站点"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* A station registered at the centre whose database is missing on the
   * server: named, exit 5; the other stations complete; the server still
   * has no such database and the centre nothing of it. */
  station = tj_centre_add_station (c.centre, "BH0003", "石景山站", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (cli (&out, &err, TRUE, "--db", centre_db, "centre", "sync", "--server", f->server.url,
                        "--user", CENTRE, "--password-file", c.centre_file, NULL), ==, 5);
  g_assert_nonnull (strstr (err, "BH0003"));
  g_assert_nonnull (strstr (err, "station-bh0003"));
  g_assert_nonnull (strstr (err, "不存在"));
  printed = tj_json_parse_object (out, -1, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (tj_json_get_string (station_result (printed, "BH0003"), "error_kind", NULL), ==, "database_missing");
  g_assert_true (tj_json_get_bool (station_result (printed, STATION_B), "ok", FALSE));
  json_object_unref (local_get (c.centre, case_b));
  g_assert_cmpint (owned_by (c.centre, "BH0003"), ==, 0);
  {
    guint status = 0;
    g_autoptr(JsonNode) gone = http (f, "GET", "/station-bh0003", NULL, &status);
    g_assert_cmpuint (status, ==, 404);
  }
  g_assert_true (tj_centre_remove_station (c.centre, "BH0003", &error));
  g_assert_no_error (error);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_clear_pointer (&printed, json_object_unref);

  /* The centre's role taken off B's members: B is named as one the
   * centre has no access to, exit 5; A completes; nothing of B's new
   * case reaches the centre. */
  json_object_unref (http_object (f, "PUT", "/" DB_B "/_security",
                                  "{\"admins\":{\"names\":[],\"roles\":[]},\"members\":{\"names\":[],"
                                  "\"roles\":[\"station-" STATION_B "\"]}}", 200));
  {
    g_autofree char *later = add_case (c.b, STATION_B, "南站第二案", "丁商贸公司", "赵六");
    gint64 owned = owned_by (c.centre, STATION_B);

    json_object_unref (station_sync (f, c.b, STATION_B));
    g_assert_cmpint (cli (&out, &err, FALSE, "--db", centre_db, "centre", "sync", "--server", f->server.url,
                          "--user", CENTRE, "--password-file", c.centre_file, NULL), ==, 5);
    g_assert_nonnull (strstr (err, STATION_B));
    g_assert_nonnull (strstr (err, "no access"));
    printed = tj_json_parse_object (out, -1, &error);
    g_assert_no_error (error);
    g_assert_cmpstr (tj_json_get_string (station_result (printed, STATION_B), "error_kind", NULL), ==, "no_access");
    g_assert_true (tj_json_get_bool (station_result (printed, STATION_A), "ok", FALSE));
    g_assert_cmpint (owned_by (c.centre, STATION_B), ==, owned);
    {
      g_autoptr(GError) missing = NULL;
      g_autoptr(JsonObject) none = tj_store_get (c.centre, later, NULL, TJ_GET_NONE, &missing);
      g_assert_error (missing, TJ_ERROR, TJ_ERROR_NOT_FOUND);
    }
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/centre/dispatch", test_dispatch);
  ADD ("/centre/conflict", test_conflict);
  ADD ("/centre/offline", test_offline);
  ADD ("/centre/bad-input", test_bad_input);
#undef ADD

  return g_test_run ();
}
