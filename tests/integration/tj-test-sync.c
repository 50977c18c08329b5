/* SPDX-License-Identifier: GPL-3.0-or-later */
#undef G_LOG_DOMAIN
#define G_LOG_DOMAIN "Tiaojie-Test"

#include "tj-test-sync.h"

#include <glib/gstdio.h>
#include <string.h>

#include "tj-json.h"
#include "tj-repository.h"
#include "tj-test-cli.h"
#include "tj-test-store.h"
#include "tj-test-util.h"

void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autofree char *bin = tj_test_source_path ("node_modules", ".bin", "pouchdb-server", NULL);

  if (!g_file_test (bin, G_FILE_TEST_IS_EXECUTABLE))
    {
      /* No silent skip: CI installs it; a developer is told how. */
      g_test_message ("PouchDB Server is not installed (%s is missing). "
                      "Run build-aux/dev test, which installs it with npm ci.", bin);
      g_test_fail ();
      return;
    }
  f->tmp = g_dir_make_tmp ("tj-sync-XXXXXX", NULL);
  g_assert_nonnull (f->tmp);
  f->server.dir = g_build_filename (f->tmp, "server", NULL);
  g_assert_cmpint (g_mkdir (f->server.dir, 0700), ==, 0);
  f->server.port = tj_test_free_port ();
  f->server.url = g_strdup_printf ("http://127.0.0.1:%u", f->server.port);
  tj_test_server_start (&f->server);
  f->http = soup_session_new_with_options ("timeout", 30, NULL);
}

void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  tj_test_server_kill (&f->server);
  g_clear_object (&f->http);
  if (f->tmp && g_getenv ("TJ_KEEP_TMP") == NULL)
    tj_test_remove_tree (f->tmp);
  g_free (f->tmp);
  g_free (f->server.dir);
  g_free (f->server.url);
  g_free (f->auth);
}


/* The test's own HTTP client, straight to the server. */
JsonNode *
http (Fixture    *f,
      const char *method,
      const char *path,
      const char *body,
      guint      *out_status)
{
  g_autofree char *url = g_strconcat (f->server.url, path, NULL);
  g_autoptr(SoupMessage) msg = soup_message_new (method, url);
  g_autoptr(GBytes) reply = NULL;
  g_autoptr(GError) error = NULL;
  JsonNode *node = NULL;

  g_assert_nonnull (msg);
  soup_message_headers_replace (soup_message_get_request_headers (msg), "Accept", "application/json");
  if (f->auth)
    soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", f->auth);
  if (body)
    {
      g_autoptr(GBytes) bytes = g_bytes_new (body, strlen (body));
      soup_message_set_request_body_from_bytes (msg, "application/json", bytes);
    }
  reply = soup_session_send_and_read (f->http, msg, NULL, &error);
  g_assert_no_error (error);
  if (out_status)
    *out_status = soup_message_get_status (msg);
  if (g_bytes_get_size (reply) > 0)
    node = tj_json_parse (g_bytes_get_data (reply, NULL), g_bytes_get_size (reply), NULL);
  return node;
}

JsonObject *
http_object (Fixture    *f,
             const char *method,
             const char *path,
             const char *body,
             guint       expected_status)
{
  guint status = 0;
  g_autoptr(JsonNode) node = http (f, method, path, body, &status);
  g_autofree char *text = node ? tj_json_to_string (node, FALSE) : g_strdup ("(empty)");

  if (status != expected_status)
    g_error ("%s %s: expected %u, got %u: %s", method, path, expected_status, status, text);
  g_assert_true (node && JSON_NODE_HOLDS_OBJECT (node));
  return json_object_ref (json_node_get_object (node));
}

void
create_db (Fixture    *f,
           const char *db)
{
  g_autofree char *path = g_strconcat ("/", db, NULL);
  g_autoptr(JsonObject) answer = http_object (f, "PUT", path, NULL, 201);
}

char *
remote_put (Fixture    *f,
            const char *db,
            const char *id,
            const char *body)
{
  g_autofree char *path = g_strdup_printf ("/%s/%s", db, id);
  g_autoptr(JsonObject) answer = http_object (f, "PUT", path, body, 201);

  return g_strdup (json_object_get_string_member (answer, "rev"));
}

JsonObject *
remote_get (Fixture    *f,
            const char *db,
            const char *id)
{
  g_autofree char *path = g_strdup_printf ("/%s/%s?conflicts=true&attachments=true", db, id);
  return http_object (f, "GET", path, NULL, 200);
}

gint64
remote_doc_count (Fixture    *f,
                  const char *db)
{
  g_autofree char *path = g_strconcat ("/", db, NULL);
  g_autoptr(JsonObject) info = http_object (f, "GET", path, NULL, 200);

  return json_object_get_int_member (info, "doc_count");
}

void
remote_bulk (Fixture    *f,
             const char *db,
             const char *prefix,
             guint       n)
{
  g_autofree char *path = g_strdup_printf ("/%s/_bulk_docs", db);
  g_autoptr(GString) body = g_string_new ("{\"docs\":[");
  g_autoptr(JsonNode) reply = NULL;
  guint status;

  for (guint i = 0; i < n; i++)
    g_string_append_printf (body, "%s{\"_id\":\"%s-%04u\",\"type\":\"case\",\"title\":\"案件 %u\",\"n\":%u}",
                            i ? "," : "", prefix, i, i, i);
  g_string_append (body, "]}");
  reply = http (f, "POST", path, body->str, &status);
  g_assert_cmpuint (status, ==, 201);
}

/* Documents at their second revision (edited cases): a first replication
 * must then fetch them with _bulk_get instead of taking them from the
 * changes feed. */
void
remote_bulk_edited (Fixture    *f,
                    const char *db,
                    const char *prefix,
                    guint       n)
{
  g_autofree char *path = g_strdup_printf ("/%s/_bulk_docs", db);
  g_autoptr(GString) body = g_string_new ("{\"new_edits\":false,\"docs\":[");
  g_autoptr(JsonNode) reply = NULL;
  guint status;

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *id = g_strdup_printf ("%s-%04u", prefix, i);
      g_autofree char *seed1 = g_strconcat ("1", id, NULL);
      g_autofree char *seed2 = g_strconcat ("2", id, NULL);
      g_autofree char *h1 = g_compute_checksum_for_string (G_CHECKSUM_MD5, seed1, -1);
      g_autofree char *h2 = g_compute_checksum_for_string (G_CHECKSUM_MD5, seed2, -1);
      g_string_append_printf (body, "%s{\"_id\":\"%s\",\"_rev\":\"2-%s\","
                              "\"_revisions\":{\"start\":2,\"ids\":[\"%s\",\"%s\"]},"
                              "\"type\":\"case\",\"title\":\"案件 %u\",\"n\":%u}",
                              i ? "," : "", id, h2, h2, h1, i, i);
    }
  g_string_append (body, "]}");
  reply = http (f, "POST", path, body->str, &status);
  g_assert_cmpuint (status, ==, 201);
}

TjStore *
open_store (Fixture    *f,
            const char *name)
{
  g_autofree char *path = g_build_filename (f->tmp, name, NULL);
  g_autoptr(GError) error = NULL;
  TjStore *store = tj_store_open (path, &error);

  g_assert_no_error (error);
  return store;
}

/* open_store () with the indexes of the lists and the centre attached. */
TjStore *
open_indexed (Fixture    *f,
              const char *name)
{
  g_autoptr(TjStore) store = open_store (f, name);
  g_autoptr(GError) error = NULL;

  g_assert_true (tj_repository_attach_indexes (store, &error));
  g_assert_no_error (error);
  return g_steal_pointer (&store);
}

JsonObject *
local_get (TjStore    *store,
           const char *id)
{
  g_autoptr(GError) error = NULL;
  JsonObject *doc = tj_store_get (store, id, NULL, TJ_GET_CONFLICTS | TJ_GET_DELETED, &error);

  g_assert_no_error (error);
  return doc;
}

char *
local_rev (TjStore    *store,
           const char *id)
{
  g_autoptr(JsonObject) doc = local_get (store, id);
  return g_strdup (json_object_get_string_member (doc, "_rev"));
}

guint
local_doc_count (TjStore *store)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) changes = tj_store_changes (store, 0, 0, &error);

  g_assert_no_error (error);
  return json_array_get_length (json_object_get_array_member (changes, "results"));
}

guint
local_conflict_count (TjStore *store)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonArray) list = tj_store_list_conflicts (store, &error);

  g_assert_no_error (error);
  return json_array_get_length (list);
}

TjReplicator *
replicator_for (Fixture    *f,
                TjStore    *store,
                const char *url,
                const char *db)
{
  TjReplicator *r = tj_replicator_new (store, url ? url : f->server.url, db, NULL, NULL);

  /* Fast retries: the tests exercise the back-off, not the waiting. */
  tj_replicator_set_retry (r, 10, 3);
  return r;
}

JsonObject *
sync_ok (TjReplicator *r)
{
  g_autoptr(GError) error = NULL;
  JsonObject *result = tj_replicator_run (r, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (result);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (result, "denied")), ==, 0);
  if (json_array_get_length (json_object_get_array_member (result, "errors")) > 0)
    {
      g_autofree char *text = tj_json_object_to_string (result, FALSE);
      g_error ("unexpected per-document errors: %s", text);
    }
  return result;
}

JsonObject *
sync_once (Fixture    *f,
           TjStore    *store,
           const char *db)
{
  g_autoptr(TjReplicator) r = replicator_for (f, store, NULL, db);
  return sync_ok (r);
}

/* Run tiaojie-cli; returns the exit status, stdout in @out. */
int
run_cli (char **out,
         ...)
{
  g_auto(TjTestCliRun) run = { 0 };
  va_list ap;

  va_start (ap, out);
  tj_test_cli_run_va (&run, &(TjTestCli) { 0 }, ap);
  va_end (ap);
  if (*run.err)
    g_test_message ("tiaojie-cli: %s", run.err);
  if (out)
    *out = g_steal_pointer (&run.out);
  return run.status;
}
