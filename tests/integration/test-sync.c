/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The replicator against a real PouchDB Server (npm pouchdb-server, pinned
 * in package-lock.json): one server per test on a free loopback port with
 * a temporary data directory, killed at the end. The protocol: first and
 * incremental runs, conflicts, deletions, attachments, batches,
 * authentication, provisioning, PouchDB interoperability, TLS pinning,
 * cancellation and the CLI. Recovering from a killed server and from bad
 * replies is in test-sync-recovery.c. */
#undef G_LOG_DOMAIN
#define G_LOG_DOMAIN "Tiaojie-Test"

#include <errno.h>
#include <glib/gstdio.h>
#include <libsoup/soup.h>
#include <signal.h>
#include <string.h>

#include "tj-json.h"
#include "tj-replicator.h"
#include "tj-store.h"
#include "tj-test-proxy.h"
#include "tj-test-store.h"
#include "tj-test-sync.h"

static void
run_async_done_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      data)
{
  JsonObject **out = data;
  g_autoptr(GError) error = NULL;

  *out = tj_replicator_run_finish (TJ_REPLICATOR (source), result, &error);
  g_assert_no_error (error);
}

static void
test_first_pull_push (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(TjStore) store = NULL;
  g_autoptr(TjReplicator) r = NULL;
  g_autoptr(JsonObject) result = NULL;
  g_autoptr(JsonObject) doc = NULL;
  g_autoptr(JsonObject) remote = NULL;
  g_autoptr(JsonObject) remote_log = NULL;
  g_autoptr(JsonObject) local_log = NULL;
  g_autofree char *srv_rev = NULL, *loc_rev = NULL, *pull_id = NULL, *path = NULL;
  g_autoptr(GError) error = NULL;

  SKIP_IF_FAILED (f);
  create_db (f, "station");
  srv_rev = remote_put (f, "station", "hotline-1", "{\"type\":\"case\",\"source\":\"hotline\",\"title\":\"欠薪 12351\"}");
  g_free (remote_put (f, "station", "hotline-2", "{\"type\":\"case\",\"source\":\"hotline\"}"));

  store = open_store (f, "a.db");
  loc_rev = tj_test_put (store, "{\"_id\":\"local-1\",\"type\":\"case\",\"title\":\"本地案件\",\"claim_fen\":350000}");
  g_free (tj_test_put (store, "{\"_id\":\"local-2\",\"type\":\"note\"}"));

  /* The asynchronous path: a thread with its own store connection. */
  r = replicator_for (f, store, NULL, "station");
  tj_replicator_run_async (r, NULL, run_async_done_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);

  assert_counts (result, 2, 2);
  g_assert_cmpint (json_object_get_int_member (result, "docs_written"), ==, 4);
  g_assert_cmpint (json_object_get_int_member (result, "conflicts"), ==, 0);

  doc = local_get (store, "hotline-1");
  g_assert_cmpstr (json_object_get_string_member (doc, "_rev"), ==, srv_rev);
  g_assert_cmpstr (json_object_get_string_member (doc, "title"), ==, "欠薪 12351");
  remote = remote_get (f, "station", "local-1");
  g_assert_cmpstr (json_object_get_string_member (remote, "_rev"), ==, loc_rev);
  g_assert_cmpstr (json_object_get_string_member (remote, "title"), ==, "本地案件");
  g_assert_cmpint (json_object_get_int_member (remote, "claim_fen"), ==, 350000);

  /* Checkpoints on both sides, in CouchDB's format, same session. */
  pull_id = tj_replicator_dup_replication_id (r, TJ_SYNC_PULL);
  g_assert_nonnull (pull_id);
  path = g_strdup_printf ("/station/_local/%s", pull_id);
  remote_log = http_object (f, "GET", path, NULL, 200);
  g_free (path);
  path = g_strconcat ("_local/", pull_id, NULL);
  local_log = tj_store_get_local (store, path, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (json_object_get_string_member (remote_log, "session_id"), ==,
                   json_object_get_string_member (local_log, "session_id"));
  g_assert_cmpint (json_object_get_int_member (remote_log, "replication_id_version"), ==, 3);
  g_assert_true (json_node_equal (json_object_get_member (remote_log, "source_last_seq"),
                                  json_object_get_member (result, "pull_seq")));
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (remote_log, "history")), ==, 1);
  {
    JsonObject *entry = json_array_get_object_element (json_object_get_array_member (remote_log, "history"), 0);
    g_assert_cmpint (json_object_get_int_member (entry, "docs_written"), ==, 2);
    g_assert_true (json_object_has_member (entry, "recorded_seq"));
  }
}

typedef struct
{
  guint calls;
  guint last_pulled;
  guint last_pushed;
} ProgressLog;

static void
progress_cb (TjReplicator *r,
             guint         pulled,
             guint         pushed,
             gpointer      data)
{
  ProgressLog *log = data;

  log->calls++;
  log->last_pulled = pulled;
  log->last_pushed = pushed;
}

static void
test_incremental (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(TjStore) store = NULL;
  g_autoptr(TjReplicator) r = NULL;
  g_autoptr(JsonObject) result = NULL;
  g_autoptr(JsonObject) doc = NULL;
  g_autoptr(JsonObject) remote_log = NULL;
  g_autofree char *rev = NULL, *path = NULL, *body = NULL, *pull_id = NULL;
  ProgressLog log = { 0 };

  SKIP_IF_FAILED (f);
  create_db (f, "station");
  remote_bulk (f, "station", "case", 250);
  store = open_store (f, "a.db");

  r = replicator_for (f, store, NULL, "station");
  tj_replicator_set_batch_size (r, 100);
  g_signal_connect (r, "progress", G_CALLBACK (progress_cb), &log);
  result = sync_ok (r);
  assert_counts (result, 250, 0);
  g_assert_cmpuint (log.calls, >=, 3);
  g_assert_cmpuint (log.last_pulled, ==, 250);
  g_assert_cmpuint (local_doc_count (store), ==, 250);
  g_assert_true (json_node_equal (json_object_get_member (result, "pull_seq"),
                                  json_object_get_member (result, "source_seq")));

  /* Second run: the checkpoint is used, nothing moves. */
  g_clear_pointer (&result, json_object_unref);
  result = sync_ok (r);
  assert_counts (result, 0, 0);
  g_assert_cmpint (json_object_get_int_member (result, "docs_read"), ==, 0);

  /* One change on each side. */
  rev = local_rev (store, "case-0007");
  path = g_strdup_printf ("case-0007?rev=%s", rev);
  g_free (remote_put (f, "station", path, "{\"type\":\"case\",\"title\":\"改过\"}"));
  doc = local_get (store, "case-0008");
  json_object_set_string_member (doc, "title", "本地改过");
  body = tj_json_object_to_string (doc, FALSE);
  g_free (tj_test_put (store, body));

  g_clear_pointer (&result, json_object_unref);
  result = sync_ok (r);
  assert_counts (result, 1, 1);
  g_assert_cmpint (json_object_get_int_member (result, "docs_read"), ==, 2);
  g_clear_pointer (&doc, json_object_unref);
  doc = local_get (store, "case-0007");
  g_assert_cmpstr (json_object_get_string_member (doc, "title"), ==, "改过");
  g_clear_pointer (&doc, json_object_unref);
  doc = remote_get (f, "station", "case-0008");
  g_assert_cmpstr (json_object_get_string_member (doc, "title"), ==, "本地改过");

  g_clear_pointer (&result, json_object_unref);
  result = sync_ok (r);
  assert_counts (result, 0, 0);

  /* The history grows by session and stays bounded. */
  pull_id = tj_replicator_dup_replication_id (r, TJ_SYNC_PULL);
  g_free (path);
  path = g_strdup_printf ("/station/_local/%s", pull_id);
  remote_log = http_object (f, "GET", path, NULL, 200);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (remote_log, "history")), >=, 3);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (remote_log, "history")), <=, 50);
}

static void
test_two_stations_conflict (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(TjStore) a = NULL;
  g_autoptr(TjStore) b = NULL;
  g_autoptr(JsonObject) doc = NULL;
  g_autoptr(JsonObject) remote = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *body = NULL, *rev_a = NULL, *rev_b = NULL, *resolved = NULL;
  g_autofree char *win_a = NULL, *win_b = NULL;

  SKIP_IF_FAILED (f);
  create_db (f, "station");
  a = open_store (f, "a.db");
  b = open_store (f, "b.db");
  g_free (tj_test_put (a, "{\"_id\":\"case-1\",\"type\":\"case\",\"status\":\"open\"}"));
  json_object_unref (sync_once (f, a, "station"));
  json_object_unref (sync_once (f, b, "station"));

  /* Both stations edit the same case offline. */
  doc = local_get (a, "case-1");
  json_object_set_string_member (doc, "status", "mediated-by-a");
  body = tj_json_object_to_string (doc, FALSE);
  rev_a = tj_test_put (a, body);
  g_clear_pointer (&doc, json_object_unref);
  g_free (body);
  doc = local_get (b, "case-1");
  json_object_set_string_member (doc, "status", "mediated-by-b");
  body = tj_json_object_to_string (doc, FALSE);
  rev_b = tj_test_put (b, body);
  g_assert_cmpstr (rev_a, !=, rev_b);

  json_object_unref (sync_once (f, a, "station"));
  json_object_unref (sync_once (f, b, "station"));
  json_object_unref (sync_once (f, a, "station"));

  /* The conflict is kept everywhere, with the same winner. */
  g_assert_cmpuint (local_conflict_count (a), ==, 1);
  g_assert_cmpuint (local_conflict_count (b), ==, 1);
  remote = remote_get (f, "station", "case-1");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (remote, "_conflicts")), ==, 1);
  win_a = local_rev (a, "case-1");
  win_b = local_rev (b, "case-1");
  g_assert_cmpstr (win_a, ==, win_b);
  g_assert_cmpstr (win_a, ==, json_object_get_string_member (remote, "_rev"));

  /* Resolved once, on station A, with the CLI: B's version wins. */
  g_clear_object (&a);
  {
    g_autofree char *db = g_build_filename (f->tmp, "a.db", NULL);
    g_autofree char *out = NULL;
    g_autoptr(JsonNode) listed = NULL;
    g_autoptr(JsonObject) answer = NULL;
    JsonObject *entry;

    g_assert_cmpint (run_cli (&out, "--db", db, "conflicts", "list", NULL), ==, 0);
    listed = tj_json_parse (out, -1, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (json_array_get_length (json_node_get_array (listed)), ==, 1);
    entry = json_array_get_object_element (json_node_get_array (listed), 0);
    g_assert_cmpstr (json_object_get_string_member (entry, "id"), ==, "case-1");
    g_assert_cmpstr (json_object_get_string_member (entry, "winner"), ==, win_a);
    g_clear_pointer (&out, g_free);

    g_assert_cmpint (run_cli (&out, "--db", db, "conflicts", "resolve", "case-1", "--pick", "9-nonsense", NULL), ==, 3);
    g_clear_pointer (&out, g_free);
    g_assert_cmpint (run_cli (&out, "--db", db, "conflicts", "resolve", "case-1", NULL), ==, 1);
    g_clear_pointer (&out, g_free);
    g_assert_cmpint (run_cli (&out, "--db", db, "conflicts", "resolve", "case-1", "--pick", rev_b, NULL), ==, 0);
    answer = tj_json_parse_object (out, -1, &error);
    g_assert_no_error (error);
    resolved = g_strdup (json_object_get_string_member (answer, "rev"));
  }
  a = open_store (f, "a.db");
  g_assert_cmpuint (local_conflict_count (a), ==, 0);

  /* The losers' tombstones close branches: a resolution, not a deletion
   * anyone needs to hear about. */
  for (guint i = 0; i < 3; i++)
    {
      g_autoptr(JsonObject) result = sync_once (f, i == 1 ? b : a, "station");
      g_assert_cmpuint (json_array_get_length (json_object_get_array_member (result, "kept")), ==, 0);
    }

  g_assert_cmpuint (local_conflict_count (a), ==, 0);
  g_assert_cmpuint (local_conflict_count (b), ==, 0);
  g_clear_pointer (&remote, json_object_unref);
  remote = remote_get (f, "station", "case-1");
  g_assert_false (json_object_has_member (remote, "_conflicts"));
  g_assert_cmpstr (json_object_get_string_member (remote, "_rev"), ==, resolved);
  g_assert_cmpstr (json_object_get_string_member (remote, "status"), ==, "mediated-by-b");
  g_free (win_a);
  g_free (win_b);
  win_a = local_rev (a, "case-1");
  win_b = local_rev (b, "case-1");
  g_assert_cmpstr (win_a, ==, resolved);
  g_assert_cmpstr (win_b, ==, resolved);
}

static void
test_delete_vs_edit (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(TjStore) a = NULL;
  g_autoptr(TjStore) b = NULL;
  g_autoptr(JsonObject) doc = NULL;
  g_autoptr(JsonObject) remote = NULL;
  g_autoptr(JsonArray) leaves = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *rev = NULL, *body = NULL, *edit_rev = NULL, *deleted_rev = NULL;

  SKIP_IF_FAILED (f);
  create_db (f, "station");
  a = open_store (f, "a.db");
  b = open_store (f, "b.db");
  g_free (tj_test_put (a, "{\"_id\":\"case-9\",\"type\":\"case\",\"status\":\"open\"}"));
  json_object_unref (sync_once (f, a, "station"));
  json_object_unref (sync_once (f, b, "station"));

  rev = local_rev (a, "case-9");
  deleted_rev = tj_store_delete (a, "case-9", rev, &error);
  g_assert_no_error (error);
  doc = local_get (b, "case-9");
  json_object_set_string_member (doc, "status", "closed");
  body = tj_json_object_to_string (doc, FALSE);
  edit_rev = tj_test_put (b, body);

  json_object_unref (sync_once (f, a, "station"));
  {
    /* B hears that the deletion made on A lost to its own edit… */
    g_autoptr(JsonObject) result = sync_once (f, b, "station");
    JsonArray *kept = json_object_get_array_member (result, "kept");
    g_assert_cmpuint (json_array_get_length (kept), ==, 1);
    g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (kept, 0), "id"), ==, "case-9");
    g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (kept, 0), "why"), ==,
                     "edited_here");
  }
  {
    /* …and A that the case it deleted is back, edited elsewhere. */
    g_autoptr(JsonObject) result = sync_once (f, a, "station");
    JsonArray *kept = json_object_get_array_member (result, "kept");
    g_assert_cmpuint (json_array_get_length (kept), ==, 1);
    g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (kept, 0), "why"), ==,
                     "edited_elsewhere");
  }
  {
    /* Said once: the next run has nothing to tell. */
    g_autoptr(JsonObject) result = sync_once (f, a, "station");
    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (result, "kept")), ==, 0);
  }

  /* The edit beats the delete everywhere: the document comes back. */
  g_clear_pointer (&doc, json_object_unref);
  doc = local_get (a, "case-9");
  g_assert_cmpstr (json_object_get_string_member (doc, "_rev"), ==, edit_rev);
  g_assert_cmpstr (json_object_get_string_member (doc, "status"), ==, "closed");
  g_assert_false (tj_json_get_bool (doc, "_deleted", FALSE));
  g_free (rev);
  rev = local_rev (b, "case-9");
  g_assert_cmpstr (rev, ==, edit_rev);
  remote = remote_get (f, "station", "case-9");
  g_assert_cmpstr (json_object_get_string_member (remote, "_rev"), ==, edit_rev);

  /* The tombstone is kept as a leaf on both stations. */
  leaves = tj_store_get_leaves (b, "case-9", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (json_array_get_length (leaves), ==, 2);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (leaves, 1), "rev"), ==, deleted_rev);

  /* An ordinary deletion of what both stations have is no news: it is
   * not reported as kept, and the document is gone on both. */
  g_free (rev);
  rev = local_rev (a, "case-9");
  g_free (tj_store_delete (a, "case-9", rev, &error));
  g_assert_no_error (error);
  json_object_unref (sync_once (f, a, "station"));
  {
    g_autoptr(JsonObject) result = sync_once (f, b, "station");
    g_autoptr(GError) gone = NULL;
    g_autoptr(JsonObject) deleted = NULL;
    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (result, "kept")), ==, 0);
    deleted = tj_store_get (b, "case-9", NULL, TJ_GET_NONE, &gone);
    g_assert_null (deleted);
    g_assert_error (gone, TJ_ERROR, TJ_ERROR_NOT_FOUND);
  }
}

static void
test_attachments (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(TjStore) a = NULL;
  g_autoptr(TjStore) b = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) got = NULL;
  g_autofree char *content_type = NULL, *encoded = NULL, *body = NULL, *url = NULL;
  g_autofree char *note_b64 = NULL;
  g_autoptr(SoupMessage) msg = NULL;
  g_autoptr(GBytes) raw = NULL;
  g_autoptr(JsonObject) doc = NULL;
  guint8 bytes[1024];
  const char *note = "调解笔录：双方同意分期支付。";

  SKIP_IF_FAILED (f);
  for (guint i = 0; i < sizeof bytes; i++)
    bytes[i] = (guint8) (i * 7 + i / 256);
  encoded = g_base64_encode (bytes, sizeof bytes);
  create_db (f, "station");
  body = g_strdup_printf ("{\"type\":\"document\",\"_attachments\":{\"scan.bin\":"
                          "{\"content_type\":\"application/octet-stream\",\"data\":\"%s\"}}}", encoded);
  g_free (remote_put (f, "station", "srv-doc", body));

  a = open_store (f, "a.db");
  note_b64 = g_base64_encode ((const guchar *) note, strlen (note));
  g_free (body);
  body = g_strdup_printf ("{\"_id\":\"loc-doc\",\"type\":\"document\",\"_attachments\":{\"note.txt\":"
                          "{\"content_type\":\"text/plain;charset=utf-8\",\"data\":\"%s\"}}}", note_b64);
  g_free (tj_test_put (a, body));

  json_object_unref (sync_once (f, a, "station"));

  /* Server to station, byte for byte. */
  got = tj_store_get_attachment (a, "srv-doc", NULL, "scan.bin", &content_type, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (content_type, ==, "application/octet-stream");
  g_assert_cmpmem (g_bytes_get_data (got, NULL), g_bytes_get_size (got), bytes, sizeof bytes);

  /* Station to server, read back raw. */
  url = g_strdup_printf ("%s/station/loc-doc/note.txt", f->server.url);
  msg = soup_message_new ("GET", url);
  raw = soup_session_send_and_read (f->http, msg, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (soup_message_get_status (msg), ==, 200);
  g_assert_cmpmem (g_bytes_get_data (raw, NULL), g_bytes_get_size (raw), note, strlen (note));

  /* An edit that keeps the attachment (a stub locally) still carries it to
   * a second station. */
  doc = local_get (a, "loc-doc");
  json_object_set_string_member (doc, "title", "second revision");
  g_free (body);
  body = tj_json_object_to_string (doc, FALSE);
  g_free (tj_test_put (a, body));
  json_object_unref (sync_once (f, a, "station"));
  b = open_store (f, "b.db");
  json_object_unref (sync_once (f, b, "station"));
  g_clear_pointer (&got, g_bytes_unref);
  g_clear_pointer (&content_type, g_free);
  got = tj_store_get_attachment (b, "loc-doc", NULL, "note.txt", &content_type, &error);
  g_assert_no_error (error);
  g_assert_cmpmem (g_bytes_get_data (got, NULL), g_bytes_get_size (got), note, strlen (note));
  g_clear_pointer (&got, g_bytes_unref);
  got = tj_store_get_attachment (b, "srv-doc", NULL, "scan.bin", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpmem (g_bytes_get_data (got, NULL), g_bytes_get_size (got), bytes, sizeof bytes);
}

static GBytes *
raw_attachment (Fixture    *f,
                const char *path)
{
  g_autofree char *url = g_strconcat (f->server.url, path, NULL);
  g_autoptr(SoupMessage) msg = soup_message_new ("GET", url);
  g_autoptr(GError) error = NULL;
  GBytes *raw = soup_session_send_and_read (f->http, msg, NULL, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (soup_message_get_status (msg), ==, 200);
  return raw;
}

static void
test_attachment_stubs (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(Proxy) proxy = NULL;
  g_autoptr(TjStore) a = NULL;
  g_autoptr(TjStore) b = NULL;
  g_autoptr(TjReplicator) r = NULL;
  g_autoptr(TjReplicator) rb = NULL;
  g_autoptr(JsonObject) result = NULL;
  g_autoptr(JsonObject) doc = NULL;
  g_autoptr(GBytes) raw = NULL;
  g_autoptr(GBytes) got = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GChecksum) md5 = g_checksum_new (G_CHECKSUM_MD5);
  g_autofree char *b64 = NULL, *prefix = NULL, *json = NULL, *rev1 = NULL, *rev2 = NULL;
  g_autofree char *s1 = NULL, *text = NULL, *digest = NULL, *data_member = NULL, *path = NULL;
  guint8 bytes[48 * 1024];
  guint8 raw_digest[16];
  gsize digest_len = sizeof raw_digest;
  guint32 x = 2463534242u;

  SKIP_IF_FAILED (f);
  for (guint i = 0; i < sizeof bytes; i++)
    {
      x ^= x << 13; x ^= x >> 17; x ^= x << 5;
      bytes[i] = (guint8) x;
    }
  b64 = g_base64_encode (bytes, sizeof bytes);
  prefix = g_strndup (b64, 64);
  g_checksum_update (md5, bytes, sizeof bytes);
  g_checksum_get_digest (md5, raw_digest, &digest_len);
  {
    g_autofree char *d = g_base64_encode (raw_digest, digest_len);
    digest = g_strconcat ("md5-", d, NULL);
  }
  create_db (f, "station");
  proxy = proxy_new (f->server.url);
  a = open_store (f, "a.db");
  r = replicator_for (f, a, proxy->url, "station");

  /* The first revision carries the data. */
  json = g_strdup_printf ("{\"_id\":\"scan\",\"type\":\"document\",\"_attachments\":{\"scan.bin\":"
                          "{\"content_type\":\"application/octet-stream\",\"data\":\"%s\"}}}", b64);
  rev1 = tj_test_put (a, json);
  result = sync_ok (r);
  assert_counts (result, 0, 1);
  g_assert_nonnull (strstr (proxy->last_bulk_docs, prefix));

  /* An edit: the server says (as CouchDB does) that it has the first
   * revision, so the unchanged attachment goes as a stub. */
  doc = local_get (a, "scan");
  json_object_set_string_member (doc, "title", "second");
  g_free (json);
  json = tj_json_object_to_string (doc, FALSE);
  rev2 = tj_test_put (a, json);
  text = g_strdup_printf ("\"possible_ancestors\":[\"%s\"],\"missing\":[\"2-", rev1);
  proxy_fault (proxy, FAULT_SUBST, "/_revs_diff", -1, 0, text, "\"missing\":[\"2-");
  g_clear_pointer (&result, json_object_unref);
  result = sync_ok (r);
  assert_counts (result, 0, 1);
  g_assert_null (strstr (proxy->last_bulk_docs, prefix));
  g_assert_nonnull (strstr (proxy->last_bulk_docs, "\"stub\":true"));
  raw = raw_attachment (f, "/station/scan/scan.bin");
  g_assert_cmpmem (g_bytes_get_data (raw, NULL), g_bytes_get_size (raw), bytes, sizeof bytes);
  g_clear_pointer (&doc, json_object_unref);
  doc = remote_get (f, "station", "scan");
  g_assert_cmpstr (json_object_get_string_member (doc, "_rev"), ==, rev2);

  /* A wrong guess (the server never had that revision, nor the
   * attachment anywhere): refused with 412, sent again with the data. */
  bytes[0] ^= 0xff;
  g_free (b64);
  b64 = g_base64_encode (bytes, sizeof bytes);
  g_free (json);
  json = g_strdup_printf ("{\"_id\":\"scan2\",\"type\":\"document\",\"_attachments\":{\"scan.bin\":"
                          "{\"content_type\":\"application/octet-stream\",\"data\":\"%s\"}}}", b64);
  s1 = tj_test_put (a, json);
  g_clear_pointer (&doc, json_object_unref);
  doc = local_get (a, "scan2");
  json_object_set_string_member (doc, "title", "second");
  g_free (json);
  json = tj_json_object_to_string (doc, FALSE);
  g_free (tj_test_put (a, json));
  g_free (text);
  text = g_strdup_printf ("\"possible_ancestors\":[\"%s\"],\"missing\":[\"2-", s1);
  proxy_fault (proxy, FAULT_SUBST, "/_revs_diff", -1, 0, text, "\"missing\":[\"2-");
  g_clear_pointer (&result, json_object_unref);
  result = sync_ok (r);
  assert_counts (result, 0, 1);
  g_assert_cmpuint (proxy_count (proxy, "/_bulk_docs"), ==, 2);
  g_clear_pointer (&raw, g_bytes_unref);
  raw = raw_attachment (f, "/station/scan2/scan.bin");
  g_assert_cmpmem (g_bytes_get_data (raw, NULL), g_bytes_get_size (raw), bytes, sizeof bytes);
  bytes[0] ^= 0xff;
  g_free (b64);
  b64 = g_base64_encode (bytes, sizeof bytes);

  /* Pulling: a stub the store cannot resolve (it has no such blob yet) is
   * fetched again with its data… */
  data_member = g_strdup_printf ("\"data\":\"%s\"", b64);
  proxy_fault (proxy, FAULT_SUBST, "/_bulk_get", 1, 0, "\"stub\":true", data_member);
  b = open_store (f, "b.db");
  rb = replicator_for (f, b, proxy->url, "station");
  g_clear_pointer (&result, json_object_unref);
  result = sync_ok (rb);
  assert_counts (result, 2, 0);
  g_assert_cmpuint (proxy_count (proxy, "/_bulk_get"), ==, 2);
  got = tj_store_get_attachment (b, "scan", NULL, "scan.bin", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpmem (g_bytes_get_data (got, NULL), g_bytes_get_size (got), bytes, sizeof bytes);

  /* …and one it can resolve is taken as it is. */
  g_free (json);
  json = g_strdup_printf ("{\"type\":\"document\",\"title\":\"third\",\"_attachments\":{\"scan.bin\":"
                          "{\"content_type\":\"application/octet-stream\",\"stub\":true,"
                          "\"digest\":\"%s\",\"revpos\":1}}}", digest);
  path = g_strdup_printf ("scan?rev=%s", rev2);
  g_free (remote_put (f, "station", path, json));
  proxy_fault (proxy, FAULT_SUBST, "/_bulk_get", -1, 0, "\"stub\":true", data_member);
  g_clear_pointer (&result, json_object_unref);
  result = sync_ok (rb);
  assert_counts (result, 1, 0);
  g_assert_cmpuint (proxy_count (proxy, "/_bulk_get"), ==, 1);
  g_clear_pointer (&got, g_bytes_unref);
  got = tj_store_get_attachment (b, "scan", NULL, "scan.bin", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpmem (g_bytes_get_data (got, NULL), g_bytes_get_size (got), bytes, sizeof bytes);
  g_clear_pointer (&doc, json_object_unref);
  doc = local_get (b, "scan");
  g_assert_cmpstr (json_object_get_string_member (doc, "title"), ==, "third");
}

static void
test_large_batches (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(Proxy) proxy = NULL;
  g_autoptr(TjStore) a = NULL;
  g_autoptr(TjReplicator) r = NULL;
  g_autoptr(JsonObject) result = NULL;
  g_autoptr(GBytes) raw = NULL;
  g_autofree guint8 *bytes = g_malloc (1024 * 1024);
  g_autofree char *b64 = NULL;

  SKIP_IF_FAILED (f);
  for (guint i = 0; i < 1024 * 1024; i++)
    bytes[i] = (guint8) (i * 2654435761u >> 13);
  b64 = g_base64_encode (bytes, 1024 * 1024);
  create_db (f, "station");
  remote_bulk_edited (f, "station", "case", 230);
  proxy = proxy_new (f->server.url);
  a = open_store (f, "a.db");
  g_assert_true (tj_store_begin (a, NULL));
  for (guint i = 0; i < 10; i++)
    {
      g_autofree char *json = g_strdup_printf ("{\"_id\":\"scan-%u\",\"type\":\"document\",\"_attachments\":"
                                               "{\"page.bin\":{\"content_type\":\"application/octet-stream\","
                                               "\"data\":\"%s\"}}}", i, b64);
      g_free (tj_test_put (a, json));
    }
  g_assert_true (tj_store_commit (a, NULL));
  r = replicator_for (f, a, proxy->url, "station");

  /* One batch of 500 each way, but at most 100 revisions per _bulk_get
   * and at most 8 MiB per _bulk_docs. */
  result = sync_ok (r);
  assert_counts (result, 230, 10);
  g_assert_cmpuint (proxy_count (proxy, "GET /station/_changes"), ==, 1);
  g_assert_cmpuint (proxy_count (proxy, "POST /station/_bulk_get"), ==, 3);
  g_assert_cmpuint (proxy_count (proxy, "POST /station/_bulk_docs"), ==, 2);
  g_assert_cmpuint (local_doc_count (a), ==, 240);
  g_assert_cmpint (remote_doc_count (f, "station"), ==, 240);
  raw = raw_attachment (f, "/station/scan-9/page.bin");
  g_assert_cmpmem (g_bytes_get_data (raw, NULL), g_bytes_get_size (raw), bytes, 1024 * 1024);
}

/* A push into a database that held nothing asks no _revs_diff (every
 * revision is missing); once the server holds documents it asks again.
 * A run of many batches leaves one history entry for its session. */
static void
test_empty_target (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(Proxy) proxy = NULL;
  g_autoptr(TjStore) a = NULL;
  g_autoptr(TjReplicator) r = NULL;
  g_autoptr(JsonObject) result = NULL;
  g_autoptr(JsonObject) doc = NULL;
  g_autoptr(JsonObject) remote = NULL;
  g_autoptr(JsonObject) remote_log = NULL;
  g_autofree char *push_id = NULL, *path = NULL, *body = NULL;
  JsonArray *history;

  SKIP_IF_FAILED (f);
  create_db (f, "station");
  proxy = proxy_new (f->server.url);
  a = open_store (f, "a.db");
  g_assert_true (tj_store_begin (a, NULL));
  for (guint i = 0; i < 120; i++)
    {
      g_autofree char *json = g_strdup_printf ("{\"_id\":\"case-%03u\",\"type\":\"case\",\"title\":\"欠薪 %u\"}", i, i);
      g_free (tj_test_put (a, json));
    }
  g_assert_true (tj_store_commit (a, NULL));

  r = replicator_for (f, a, proxy->url, "station");
  tj_replicator_set_direction (r, TJ_SYNC_PUSH);
  tj_replicator_set_batch_size (r, 25);
  result = sync_ok (r);
  assert_counts (result, 0, 120);
  g_assert_cmpuint (proxy_count (proxy, "/_revs_diff"), ==, 0);
  g_assert_cmpuint (proxy_count (proxy, "POST /station/_bulk_docs"), ==, 5);
  g_assert_cmpint (remote_doc_count (f, "station"), ==, 120);
  remote = remote_get (f, "station", "case-077");
  g_assert_cmpstr (json_object_get_string_member (remote, "title"), ==, "欠薪 77");

  push_id = tj_replicator_dup_replication_id (r, TJ_SYNC_PUSH);
  path = g_strdup_printf ("/station/_local/%s", push_id);
  remote_log = http_object (f, "GET", path, NULL, 200);
  history = json_object_get_array_member (remote_log, "history");
  g_assert_cmpuint (json_array_get_length (history), ==, 1);
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (history, 0), "docs_written"), ==, 120);

  /* The server is no longer empty: the next push asks what it misses. */
  doc = local_get (a, "case-042");
  json_object_set_string_member (doc, "title", "改过");
  body = tj_json_object_to_string (doc, FALSE);
  g_free (tj_test_put (a, body));
  proxy_fault (proxy, FAULT_NONE, NULL, 0, 0, NULL, NULL);
  g_clear_pointer (&result, json_object_unref);
  result = sync_ok (r);
  assert_counts (result, 0, 1);
  g_assert_cmpuint (proxy_count (proxy, "/_revs_diff"), ==, 1);
  g_clear_pointer (&remote, json_object_unref);
  remote = remote_get (f, "station", "case-042");
  g_assert_cmpstr (json_object_get_string_member (remote, "title"), ==, "改过");

  g_clear_pointer (&remote_log, json_object_unref);
  remote_log = http_object (f, "GET", path, NULL, 200);
  history = json_object_get_array_member (remote_log, "history");
  g_assert_cmpuint (json_array_get_length (history), ==, 2);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (history, 0), "session_id"), ==,
                   json_object_get_string_member (remote_log, "session_id"));
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (history, 0), "session_id"), !=,
                   json_object_get_string_member (json_array_get_object_element (history, 1), "session_id"));
}

static void
test_idempotent (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(TjStore) a = NULL;
  g_autoptr(TjReplicator) r = NULL;
  g_autoptr(JsonObject) result = NULL;
  g_autoptr(JsonObject) log = NULL;
  g_autofree char *pull_id = NULL, *push_id = NULL, *path = NULL;
  guint status;

  SKIP_IF_FAILED (f);
  create_db (f, "station");
  remote_bulk (f, "station", "srv", 120);
  a = open_store (f, "a.db");
  for (guint i = 0; i < 30; i++)
    {
      g_autofree char *json = g_strdup_printf ("{\"_id\":\"loc-%02u\",\"type\":\"case\"}", i);
      g_free (tj_test_put (a, json));
    }
  r = replicator_for (f, a, NULL, "station");
  tj_replicator_set_batch_size (r, 50);
  result = sync_ok (r);
  assert_counts (result, 120, 30);
  g_clear_pointer (&result, json_object_unref);
  result = sync_ok (r);
  assert_counts (result, 0, 0);

  /* Lose the server's checkpoints (a restored backup): the run starts
   * over, reads everything again and writes nothing twice. */
  pull_id = tj_replicator_dup_replication_id (r, TJ_SYNC_PULL);
  push_id = tj_replicator_dup_replication_id (r, TJ_SYNC_PUSH);
  for (guint i = 0; i < 2; i++)
    {
      g_autofree char *get = g_strdup_printf ("/station/_local/%s", i ? push_id : pull_id);
      g_autofree char *del = NULL;
      g_clear_pointer (&log, json_object_unref);
      log = http_object (f, "GET", get, NULL, 200);
      del = g_strdup_printf ("%s?rev=%s", get, json_object_get_string_member (log, "_rev"));
      json_node_unref (http (f, "DELETE", del, NULL, &status));
      g_assert_cmpuint (status, ==, 200);
    }
  g_clear_pointer (&result, json_object_unref);
  result = sync_ok (r);
  assert_counts (result, 0, 0);
  g_assert_cmpint (json_object_get_int_member (result, "docs_read"), ==, 0);
  g_assert_cmpint (remote_doc_count (f, "station"), ==, 150);
  g_assert_cmpuint (local_doc_count (a), ==, 150);
  g_assert_cmpuint (local_conflict_count (a), ==, 0);
  path = g_strdup_printf ("/station/_local/%s", pull_id);
  g_clear_pointer (&log, json_object_unref);
  log = http_object (f, "GET", path, NULL, 200);
}

static void
setup_auth (Fixture *f)
{
  g_autoptr(JsonNode) answer = NULL;
  g_autofree char *encoded = g_base64_encode ((const guchar *) "admin:s3cret", strlen ("admin:s3cret"));
  guint status;

  /* Leave "admin party": an admin, two users, a station database that
   * only role station-a may use, and a validation function that refuses
   * some documents. */
  answer = http (f, "PUT", "/_config/admins/admin", "\"s3cret\"", &status);
  g_assert_cmpuint (status, ==, 200);
  f->auth = g_strconcat ("Basic ", encoded, NULL);
  json_object_unref (http_object (f, "PUT", "/_users/org.couchdb.user:alice",
                               "{\"name\":\"alice\",\"password\":\"pw-a\",\"roles\":[\"station-a\"],\"type\":\"user\"}", 201));
  json_object_unref (http_object (f, "PUT", "/_users/org.couchdb.user:bob",
                               "{\"name\":\"bob\",\"password\":\"pw-b\",\"roles\":[\"station-b\"],\"type\":\"user\"}", 201));
  create_db (f, "station-a");
  json_object_unref (http_object (f, "PUT", "/station-a/_security",
                               "{\"admins\":{\"names\":[],\"roles\":[]},\"members\":{\"names\":[],\"roles\":[\"station-a\"]}}", 200));
  json_object_unref (http_object (f, "PUT", "/station-a/_design/rules",
                               "{\"validate_doc_update\":\"function (doc) { if (doc.secret) throw ({forbidden: 'secret documents stay local'}); }\"}", 201));
}

/* tiaojie-cli server provision on a server that has left "admin party":
 * a station's database, user, role and _security; the station syncs with
 * the user it got, another station's user is refused; running it again
 * changes nothing; a wrong administrator password changes nothing. */
static void
test_provision (Fixture       *f,
                gconstpointer  data)
{
  g_autofree char *admin_file = g_build_filename (f->tmp, "admin.pw", NULL);
  g_autofree char *wrong_file = g_build_filename (f->tmp, "wrong.pw", NULL);
  g_autofree char *user_file = g_build_filename (f->tmp, "station.pw", NULL);
  g_autofree char *out = NULL;
  g_autoptr(JsonObject) printed = NULL;
  g_autoptr(JsonObject) security = NULL;
  g_autoptr(JsonObject) result = NULL;
  g_autoptr(TjStore) a = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *password = NULL;

  SKIP_IF_FAILED (f);
  setup_auth (f);
  g_assert_true (g_file_set_contents (admin_file, "s3cret\n", -1, NULL));
  g_assert_true (g_file_set_contents (wrong_file, "guess\n", -1, NULL));

  /* A wrong administrator password: refused, nothing created. */
  g_assert_cmpint (run_cli (&out, "server", "provision", "--server", f->server.url, "--admin-user", "admin",
                            "--admin-password-file", wrong_file, "--station", "HD0042", NULL), ==, 5);
  {
    guint status = 0;
    g_autoptr(JsonNode) gone = http (f, "GET", "/station-hd0042", NULL, &status);
    g_assert_cmpuint (status, ==, 404);
  }
  g_clear_pointer (&out, g_free);
  /* A Chinese code cannot name a user on the server: said, nothing done. */
  g_assert_cmpint (run_cli (&out, "server", "provision", "--server", f->server.url, "--admin-user", "admin",
                            "--admin-password-file", admin_file, "--station", "海", NULL), ==, 2);
  g_clear_pointer (&out, g_free);

  g_assert_cmpint (run_cli (&out, "server", "provision", "--server", f->server.url, "--admin-user", "admin",
                            "--admin-password-file", admin_file, "--station", "HD0042", NULL), ==, 0);
  printed = tj_json_parse_object (out, -1, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (json_object_get_string_member (printed, "database"), ==, "station-hd0042");
  g_assert_cmpstr (json_object_get_string_member (printed, "user"), ==, "station-HD0042");
  g_assert_true (json_object_get_boolean_member (printed, "created_database"));
  g_assert_true (json_object_get_boolean_member (printed, "created_user"));
  g_assert_true (json_object_get_boolean_member (printed, "verified"));
  password = g_strdup (json_object_get_string_member (printed, "password"));
  g_assert_cmpuint (strlen (password), >=, 16);
  security = http_object (f, "GET", "/station-hd0042/_security", NULL, 200);
  g_assert_cmpstr (json_array_get_string_element (json_object_get_array_member (
                     json_object_get_object_member (security, "members"), "roles"), 0), ==, "station-HD0042");

  /* The station syncs with what it was given; another station may not. */
  a = open_store (f, "a.db");
  g_free (tj_test_put (a, "{\"_id\":\"case-1\",\"type\":\"case\",\"title\":\"欠薪\"}"));
  {
    g_autoptr(TjReplicator) r = tj_replicator_new (a, f->server.url, "station-hd0042", "station-HD0042", password);
    result = tj_replicator_run (r, NULL, &error);
    g_assert_no_error (error);
    assert_counts (result, 0, 1);
  }
  {
    g_autoptr(TjReplicator) r = tj_replicator_new (a, f->server.url, "station-hd0042", "alice", "pw-a");
    tj_replicator_set_retry (r, 10, 1);
    g_clear_pointer (&result, json_object_unref);
    result = tj_replicator_run (r, NULL, &error);
    g_assert_error (error, TJ_ERROR, TJ_ERROR_DENIED);
    g_clear_error (&error);
  }

  /* Again: nothing created, the password kept (not printed); with a
   * password file it is set, and the login with it verified. */
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&printed, json_object_unref);
  g_assert_cmpint (run_cli (&out, "server", "provision", "--server", f->server.url, "--admin-user", "admin",
                            "--admin-password-file", admin_file, "--station", "HD0042", NULL), ==, 0);
  printed = tj_json_parse_object (out, -1, &error);
  g_assert_no_error (error);
  g_assert_false (json_object_get_boolean_member (printed, "created_database"));
  g_assert_false (json_object_get_boolean_member (printed, "created_user"));
  g_assert_false (json_object_has_member (printed, "password"));
  g_assert_true (g_file_set_contents (user_file, "new-station-pw\n", -1, NULL));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&printed, json_object_unref);
  g_assert_cmpint (run_cli (&out, "server", "provision", "--server", f->server.url, "--admin-user", "admin",
                            "--admin-password-file", admin_file, "--station", "HD0042",
                            "--user-password-file", user_file, NULL), ==, 0);
  printed = tj_json_parse_object (out, -1, &error);
  g_assert_no_error (error);
  g_assert_true (json_object_get_boolean_member (printed, "verified"));
  {
    g_autoptr(TjReplicator) r = tj_replicator_new (a, f->server.url, "station-hd0042", "station-HD0042",
                                                   "new-station-pw");
    g_clear_pointer (&result, json_object_unref);
    result = tj_replicator_run (r, NULL, &error);
    g_assert_no_error (error);
  }
}

static void
test_auth (Fixture       *f,
           gconstpointer  data)
{
  g_autoptr(Proxy) proxy = NULL;
  g_autoptr(TjStore) a = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) result = NULL;
  JsonArray *denied;

  SKIP_IF_FAILED (f);
  setup_auth (f);
  proxy = proxy_new (f->server.url);
  a = open_store (f, "a.db");
  g_free (tj_test_put (a, "{\"_id\":\"ok-doc\",\"type\":\"case\"}"));
  g_free (tj_test_put (a, "{\"_id\":\"secret-doc\",\"type\":\"case\",\"secret\":true}"));

  /* No credentials, a wrong password, a user of another station. */
  {
    g_autoptr(TjReplicator) r = replicator_for (f, a, proxy->url, "station-a");
    result = tj_replicator_run (r, NULL, &error);
    g_assert_error (error, TJ_ERROR, TJ_ERROR_DENIED);
    g_clear_error (&error);
  }
  {
    g_autoptr(TjReplicator) r = tj_replicator_new (a, proxy->url, "station-a", "alice", "wrong");
    tj_replicator_set_retry (r, 10, 3);
    result = tj_replicator_run (r, NULL, &error);
    g_assert_error (error, TJ_ERROR, TJ_ERROR_DENIED);
    g_clear_error (&error);
    g_assert_cmpuint (proxy_count (proxy, "/_session"), ==, 1);
  }
  {
    g_autoptr(TjReplicator) r = tj_replicator_new (a, proxy->url, "station-a", "bob", "pw-b");
    tj_replicator_set_retry (r, 10, 3);
    result = tj_replicator_run (r, NULL, &error);
    g_assert_error (error, TJ_ERROR, TJ_ERROR_DENIED);
    /* Bob's password is right (PouchDB Server still says 401): he is
     * told he lacks permission, not that his password is wrong. */
    g_assert_nonnull (strstr (error->message, "no permission"));
    g_clear_error (&error);
  }

  /* The right user: a cookie session, renewed once when the server
   * suddenly answers 401; the document the server refuses is reported by
   * id and reason. */
  {
    g_autoptr(TjReplicator) r = tj_replicator_new (a, proxy->url, "station-a", "alice", "pw-a");
    tj_replicator_set_retry (r, 10, 3);
    proxy_fault (proxy, FAULT_STATUS, "/_changes", 1, 401, NULL, NULL);
    result = tj_replicator_run (r, NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (proxy_count (proxy, "POST /_session"), ==, 2);
    g_assert_cmpint (json_object_get_int_member (result, "pushed"), ==, 1);
    g_assert_cmpint (json_object_get_int_member (result, "pulled"), ==, 1); /* _design/rules */
    denied = json_object_get_array_member (result, "denied");
    g_assert_cmpuint (json_array_get_length (denied), ==, 1);
    g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (denied, 0), "id"), ==, "secret-doc");
    g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (denied, 0), "reason"), ==,
                     "secret documents stay local");
  }

  /* Several pages, some of them fetched while the previous one is being
   * written: the cookie session covers those requests too. */
  remote_bulk (f, "station-a", "case", 120);
  {
    g_autoptr(TjReplicator) r = tj_replicator_new (a, proxy->url, "station-a", "alice", "pw-a");
    tj_replicator_set_retry (r, 10, 3);
    tj_replicator_set_batch_size (r, 50);
    proxy_fault (proxy, FAULT_NONE, NULL, 0, 0, NULL, NULL);
    g_clear_pointer (&result, json_object_unref);
    result = tj_replicator_run (r, NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpint (json_object_get_int_member (result, "pulled"), ==, 120);
    g_assert_cmpuint (proxy_count (proxy, "=STATUS 401"), ==, 0);
    g_assert_cmpuint (proxy_count (proxy, "POST /_session"), ==, 1);
    g_assert_cmpuint (proxy_count (proxy, "GET /station-a/_changes"), ==, 3);
  }

  /* The CLI: the same refusal is exit code 5, with the JSON printed. */
  {
    g_autofree char *db = g_build_filename (f->tmp, "a.db", NULL);
    g_autofree char *password_file = g_build_filename (f->tmp, "password", NULL);
    g_autofree char *out = NULL, *err = NULL;
    g_autoptr(GSubprocess) cli = NULL;
    g_autoptr(JsonObject) printed = NULL;

    g_assert_true (g_file_set_contents (password_file, "pw-a\n", -1, NULL));
    cli = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE, &error,
                            g_getenv ("TIAOJIE_CLI"), "--db", db, "sync", "--server", f->server.url,
                            "--database", "station-a", "--user", "alice",
                            "--password-file", password_file, NULL);
    g_assert_no_error (error);
    g_subprocess_communicate_utf8 (cli, NULL, NULL, &out, &err, &error);
    g_assert_no_error (error);
    g_assert_cmpint (g_subprocess_get_exit_status (cli), ==, 5);
    printed = tj_json_parse_object (out, -1, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (printed, "denied")), ==, 1);
    g_assert_nonnull (strstr (err, "1"));
  }
}

static JsonObject *
run_node (Fixture     *f,
          const char  *command,
          const char  *arg1,
          const char  *arg2)
{
  g_autofree char *script = tj_test_source_path ("tests", "integration", "pouch-writer.js", NULL);
  g_autoptr(GSubprocess) node = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL, *err = NULL;
  JsonObject *result;

  node = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE, &error,
                           "node", script, command, arg1, arg2, NULL);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (node, NULL, NULL, &out, &err, &error);
  g_assert_no_error (error);
  if (!g_subprocess_get_successful (node))
    g_error ("pouch-writer.js %s failed: %s", command, err);
  result = tj_json_parse_object (out, -1, &error);
  g_assert_no_error (error);
  return result;
}

static void
test_interop (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(TjStore) a = NULL;
  g_autoptr(JsonObject) written = NULL;
  g_autoptr(JsonObject) replica = NULL;
  g_autoptr(JsonObject) result = NULL;
  g_autoptr(JsonObject) changes = NULL;
  g_autoptr(GList) ids = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *url = g_strdup_printf ("%s/interop", f->server.url);
  g_autofree char *dir = NULL;
  JsonArray *rows;

  SKIP_IF_FAILED (f);
  create_db (f, "interop");
  written = run_node (f, "write", url, "12");
  g_assert_cmpuint (json_object_get_size (written), ==, 12);

  /* PouchDB's documents reach Tiaojie intact: same winners, same bodies,
   * same conflicts and attachments. */
  a = open_store (f, "a.db");
  result = sync_once (f, a, "interop");
  ids = json_object_get_members (written);
  for (GList *l = ids; l; l = l->next)
    {
      JsonObject *entry = json_object_get_object_member (written, l->data);
      JsonObject *pouch_doc = json_object_get_object_member (entry, "doc");
      g_autoptr(JsonObject) doc = tj_store_get (a, l->data, NULL,
                                                TJ_GET_CONFLICTS | TJ_GET_DELETED | TJ_GET_ATTACHMENTS, &error);
      g_autoptr(GList) members = json_object_get_members (pouch_doc);

      g_assert_no_error (error);
      g_assert_cmpstr (json_object_get_string_member (doc, "_rev"), ==,
                       json_object_get_string_member (entry, "rev"));
      g_assert_cmpint (tj_json_get_bool (doc, "_deleted", FALSE), ==, tj_json_get_bool (entry, "deleted", FALSE));
      for (GList *m = members; m; m = m->next)
        {
          g_autofree char *want = NULL, *got = NULL;
          if (g_str_equal (m->data, "_attachments"))
            {
              JsonObject *pa = json_object_get_object_member (pouch_doc, "_attachments");
              JsonObject *ta = json_object_get_object_member (doc, "_attachments");
              g_autoptr(GList) names = json_object_get_members (pa);
              for (GList *n = names; n; n = n->next)
                g_assert_cmpstr (tj_json_get_string (tj_json_get_object (ta, n->data), "data", NULL), ==,
                                 tj_json_get_string (tj_json_get_object (pa, n->data), "data", NULL));
              continue;
            }
          if (((char *) m->data)[0] == '_')
            continue;
          want = tj_json_canonical (json_object_get_member (pouch_doc, m->data));
          g_assert_true (json_object_has_member (doc, m->data));
          got = tj_json_canonical (json_object_get_member (doc, m->data));
          g_assert_cmpstr (got, ==, want);
        }
      {
        JsonArray *mine = tj_json_get_array (doc, "_conflicts");
        g_assert_cmpuint (mine ? json_array_get_length (mine) : 0, ==,
                          json_array_get_length (json_object_get_array_member (entry, "conflicts")));
      }
    }

  /* Tiaojie's documents and its conflict resolution reach PouchDB with the
   * same winning revisions. */
  {
    g_autoptr(JsonArray) conflicts = tj_store_list_conflicts (a, &error);
    JsonObject *c = json_array_get_object_element (conflicts, 0);
    const char *losing = json_array_get_string_element (json_object_get_array_member (c, "conflicts"), 0);
    g_autoptr(JsonObject) pick = tj_store_get (a, json_object_get_string_member (c, "id"), losing, TJ_GET_NONE, &error);
    g_autofree char *rev = NULL;
    g_assert_no_error (error);
    rev = tj_store_resolve_conflict (a, pick, &error);
    g_assert_no_error (error);
  }
  for (guint i = 0; i < 6; i++)
    {
      g_autofree char *json = g_strdup_printf ("{\"_id\":\"tj-%u\",\"type\":\"case\",\"claim_fen\":%u,\"title\":\"调解 %u\"}",
                                               i, 100000 * i, i);
      g_free (tj_test_put (a, json));
    }
  {
    g_autofree char *rev = local_rev (a, "tj-5");
    g_free (tj_store_delete (a, "tj-5", rev, &error));
    g_assert_no_error (error);
  }
  g_clear_pointer (&result, json_object_unref);
  result = sync_once (f, a, "interop");

  dir = g_build_filename (f->tmp, "pouch", NULL);
  g_assert_cmpint (g_mkdir (dir, 0700), ==, 0);
  replica = run_node (f, "replicate", url, dir);
  changes = tj_store_changes (a, 0, 0, &error);
  g_assert_no_error (error);
  rows = json_object_get_array_member (changes, "results");
  g_assert_cmpuint (json_array_get_length (rows), ==, json_object_get_size (replica));
  for (guint i = 0; i < json_array_get_length (rows); i++)
    {
      const char *id = json_object_get_string_member (json_array_get_object_element (rows, i), "id");
      JsonObject *entry = tj_json_get_object (replica, id);
      g_autofree char *rev = local_rev (a, id);

      g_assert_nonnull (entry);
      g_assert_cmpstr (json_object_get_string_member (entry, "rev"), ==, rev);
      g_assert_cmpuint (json_array_get_length (json_object_get_array_member (entry, "conflicts")), ==, 0);
    }
  g_assert_true (tj_json_get_bool (tj_json_get_object (replica, "tj-5"), "deleted", FALSE));
}

static void
cancel_on_progress_cb (TjReplicator *r,
                       guint         pulled,
                       guint         pushed,
                       gpointer      data)
{
  g_cancellable_cancel (G_CANCELLABLE (data));
}

static void
test_cancel (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(TjStore) a = NULL;
  g_autoptr(TjReplicator) r = NULL;
  g_autoptr(JsonObject) result = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *db = NULL, *out = NULL;
  gulong handler;

  SKIP_IF_FAILED (f);
  create_db (f, "station");
  remote_bulk (f, "station", "case", 120);
  a = open_store (f, "a.db");
  r = replicator_for (f, a, NULL, "station");
  tj_replicator_set_batch_size (r, 50);

  /* Cancelled after the first batch: stops cleanly, keeps what it wrote,
   * and the next run picks up from there. */
  handler = g_signal_connect (r, "progress", G_CALLBACK (cancel_on_progress_cb), cancellable);
  result = tj_replicator_run (r, cancellable, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (result);
  g_clear_error (&error);
  g_signal_handler_disconnect (r, handler);
  g_assert_cmpuint (local_doc_count (a), ==, 50);
  result = sync_ok (r);
  assert_counts (result, 70, 0);

  /* The CLI refuses bad arguments with the usage exit code, and a server
   * that does not answer with exit code 5. */
  db = g_build_filename (f->tmp, "cli.db", NULL);
  g_assert_cmpint (run_cli (&out, "--db", db, "sync", "--server", f->server.url, "--database", "station",
                            "--direction", "sideways", NULL), ==, 1);
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (run_cli (&out, "--db", db, "sync", "--server", f->server.url, "--database", "Not A Name",
                            NULL), ==, 2);
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (run_cli (&out, "--db", db, "sync", "--server", "http://127.0.0.1:1", "--database", "station",
                            "--retries", "1", NULL), ==, 5);
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (run_cli (&out, "--db", db, "sync", "--server", f->server.url, "--database", "station",
                            "--direction", "pull", NULL), ==, 0);
  {
    g_autoptr(JsonObject) printed = tj_json_parse_object (out, -1, &error);
    g_assert_no_error (error);
    g_assert_cmpint (json_object_get_int_member (printed, "pulled"), ==, 120);
    g_assert_true (json_object_has_member (printed, "source_seq"));
  }
}

static void
test_tls_pinned (Fixture       *f,
                 gconstpointer  data)
{
  g_autofree char *cert_path = tj_test_source_path ("tests", "integration", "tls-cert.pem", NULL);
  g_autofree char *key_path = tj_test_source_path ("tests", "integration", "tls-key.pem", NULL);
  g_autofree char *other_path = tj_test_source_path ("tests", "integration", "tls-other-cert.pem", NULL);
  g_autoptr(GTlsCertificate) server_cert = NULL;
  g_autoptr(GTlsCertificate) pinned = NULL;
  g_autoptr(GTlsCertificate) other = NULL;
  g_autoptr(Proxy) proxy = NULL;
  g_autoptr(TjStore) a = NULL;
  g_autoptr(TjReplicator) r = NULL;
  g_autoptr(JsonObject) result = NULL;
  g_autoptr(GError) error = NULL;

  SKIP_IF_FAILED (f);
  server_cert = g_tls_certificate_new_from_files (cert_path, key_path, &error);
  g_assert_no_error (error);
  pinned = g_tls_certificate_new_from_file (cert_path, &error);
  g_assert_no_error (error);
  other = g_tls_certificate_new_from_file (other_path, &error);
  g_assert_no_error (error);
  create_db (f, "station");
  remote_bulk (f, "station", "case", 3);
  proxy = proxy_new_full (f->server.url, server_cert);
  g_assert_true (g_str_has_prefix (proxy->url, "https://"));
  a = open_store (f, "a.db");
  r = replicator_for (f, a, proxy->url, "station");

  /* A self-signed certificate is refused by default, and not retried… */
  result = tj_replicator_run (r, NULL, &error);
  g_assert_error (error, TJ_ERROR, TJ_ERROR_NETWORK);
  g_assert_nonnull (strstr (error->message, "certificate"));
  g_clear_error (&error);
  /* …and when another certificate is pinned. */
  tj_replicator_set_pinned_certificate (r, other);
  result = tj_replicator_run (r, NULL, &error);
  g_assert_error (error, TJ_ERROR, TJ_ERROR_NETWORK);
  g_clear_error (&error);
  g_assert_cmpuint (local_doc_count (a), ==, 0);

  /* Exactly the pinned one is accepted. */
  tj_replicator_set_pinned_certificate (r, pinned);
  result = sync_ok (r);
  assert_counts (result, 3, 0);

  /* A certificate the client's CAs vouch for is still refused when another
   * one is pinned: a session that trusts the server's certificate as a CA
   * plays the system's trust store here. */
  {
    g_autoptr(GTlsDatabase) trusting = g_tls_file_database_new (cert_path, &error);
    g_autoptr(SoupSession) session = NULL;
    g_autoptr(SoupMessage) msg = NULL;
    g_autoptr(GBytes) body = NULL;
    g_autofree char *url = g_strconcat (proxy->url, "/", NULL);

    g_assert_no_error (error);
    session = soup_session_new_with_options ("tls-database", trusting, NULL);
    msg = soup_message_new ("GET", url);
    body = soup_session_send_and_read (session, msg, NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (soup_message_get_status (msg), ==, 200);
    g_assert_true (tj_sync_pinned_check (msg, pinned, &error));
    g_assert_no_error (error);
    g_assert_false (tj_sync_pinned_check (msg, other, &error));
    g_assert_error (error, G_TLS_ERROR, G_TLS_ERROR_BAD_CERTIFICATE);
    g_clear_error (&error);
    g_assert_true (tj_sync_pinned_check (msg, NULL, &error));
  }
}

int
main (int    argc,
      char **argv)
{
  /* The replicator's debug messages go to the log on stderr, not into
   * the TAP stream on stdout. */
  g_log_writer_default_set_use_stderr (TRUE);
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/sync/first-pull-push", test_first_pull_push);
  ADD ("/sync/incremental", test_incremental);
  ADD ("/sync/two-stations-conflict", test_two_stations_conflict);
  ADD ("/sync/delete-vs-edit", test_delete_vs_edit);
  ADD ("/sync/attachments", test_attachments);
  ADD ("/sync/attachment-stubs", test_attachment_stubs);
  ADD ("/sync/large-batches", test_large_batches);
  ADD ("/sync/empty-target", test_empty_target);
  ADD ("/sync/idempotent", test_idempotent);
  ADD ("/sync/auth", test_auth);
  ADD ("/sync/provision", test_provision);
  ADD ("/sync/interop", test_interop);
  ADD ("/sync/tls-pinned", test_tls_pinned);
  ADD ("/sync/cancel-and-cli", test_cancel);
#undef ADD

  return g_test_run ();
}
