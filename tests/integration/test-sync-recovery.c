/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The replicator recovering, against a real PouchDB Server: the server
 * killed (kill -9) in the middle of a pull or a push and started again;
 * dropped connections, 5xx answers and slow answers retried; replies
 * that are truncated, cut, malformed or have members renamed, which fail
 * the run before anything of the batch is written or checkpointed, and
 * the next run that resumes; 403, 404 and a server without _bulk_get. A
 * fault-injecting proxy (tj-test-proxy.h) sits in between. */
#undef G_LOG_DOMAIN
#define G_LOG_DOMAIN "Tiaojie-Test"

#include <string.h>

#include "tj-json.h"
#include "tj-replicator.h"
#include "tj-store.h"
#include "tj-test-proxy.h"
#include "tj-test-store.h"
#include "tj-test-sync.h"

typedef struct
{
  TjTestServer *server;
  gboolean killed;
} KillData;

static void
kill_on_progress_cb (TjReplicator *r,
                     guint         pulled,
                     guint         pushed,
                     gpointer      data)
{
  KillData *kill = data;

  if (!kill->killed)
    {
      kill->killed = TRUE;
      tj_test_server_kill (kill->server);
    }
}

static void
test_kill_resume_pull (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(TjStore) a = NULL;
  g_autoptr(TjReplicator) r = NULL;
  g_autoptr(JsonObject) result = NULL;
  g_autoptr(JsonObject) log = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;
  KillData kill = { &f->server, FALSE };
  gulong handler;
  guint written;

  SKIP_IF_FAILED (f);
  create_db (f, "station");
  remote_bulk (f, "station", "case", 450);
  a = open_store (f, "a.db");
  r = replicator_for (f, a, NULL, "station");
  tj_replicator_set_direction (r, TJ_SYNC_PULL);
  tj_replicator_set_batch_size (r, 100);

  /* The server dies right after the first batch is checkpointed. */
  handler = g_signal_connect (r, "progress", G_CALLBACK (kill_on_progress_cb), &kill);
  result = tj_replicator_run (r, NULL, &error);
  g_assert_error (error, TJ_ERROR, TJ_ERROR_NETWORK);
  g_assert_null (result);
  g_assert_true (kill.killed);
  g_clear_error (&error);
  g_signal_handler_disconnect (r, handler);
  /* Everything written is checkpointed locally (the target side comes
   * first): the first batch, perhaps the second too when its page was
   * already fetched before the server died. */
  written = local_doc_count (a);
  g_assert_cmpuint (written, >=, 100);
  g_assert_cmpuint (written % 100, ==, 0);
  g_assert_cmpuint (written, <, 450);
  {
    g_autofree char *rep_id = tj_replicator_dup_replication_id (r, TJ_SYNC_PULL);
    id = g_strconcat ("_local/", rep_id, NULL);
  }
  log = tj_store_get_local (a, id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (json_object_get_int_member (log, "source_last_seq"), ==, written);

  /* Back up: the run resumes after the checkpoint and fetches only what
   * is missing. */
  tj_test_server_start (&f->server);
  result = sync_ok (r);
  assert_counts (result, 450 - written, 0);
  g_assert_cmpint (json_object_get_int_member (result, "docs_read"), ==, 450 - written);
  g_assert_cmpuint (local_doc_count (a), ==, 450);
  g_assert_cmpuint (local_conflict_count (a), ==, 0);
  for (guint i = 0; i < 450; i += 37)
    {
      g_autofree char *doc_id = g_strdup_printf ("case-%04u", i);
      g_autoptr(JsonArray) leaves = tj_store_get_leaves (a, doc_id, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (json_array_get_length (leaves), ==, 1);
    }
}

static void
test_kill_resume_push (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(TjStore) a = NULL;
  g_autoptr(TjReplicator) r = NULL;
  g_autoptr(JsonObject) result = NULL;
  g_autoptr(GError) error = NULL;
  KillData kill = { &f->server, FALSE };
  gulong handler;

  SKIP_IF_FAILED (f);
  create_db (f, "station");
  a = open_store (f, "a.db");
  g_assert_true (tj_store_begin (a, &error));
  for (guint i = 0; i < 300; i++)
    {
      g_autofree char *json = g_strdup_printf ("{\"_id\":\"loc-%03u\",\"type\":\"case\",\"n\":%u}", i, i);
      g_free (tj_test_put (a, json));
    }
  g_assert_true (tj_store_commit (a, &error));

  r = replicator_for (f, a, NULL, "station");
  tj_replicator_set_direction (r, TJ_SYNC_PUSH);
  tj_replicator_set_batch_size (r, 100);
  handler = g_signal_connect (r, "progress", G_CALLBACK (kill_on_progress_cb), &kill);
  result = tj_replicator_run (r, NULL, &error);
  g_assert_error (error, TJ_ERROR, TJ_ERROR_NETWORK);
  g_clear_error (&error);
  g_signal_handler_disconnect (r, handler);

  tj_test_server_start (&f->server);
  g_assert_cmpint (remote_doc_count (f, "station"), ==, 100);
  result = sync_ok (r);
  assert_counts (result, 0, 200);
  g_assert_cmpint (remote_doc_count (f, "station"), ==, 300);
  g_assert_cmpint (json_object_get_int_member (result, "push_seq"), ==, tj_store_get_update_seq (a));
  for (guint i = 0; i < 300; i += 23)
    {
      g_autofree char *id = g_strdup_printf ("loc-%03u", i);
      g_autofree char *rev = local_rev (a, id);
      g_autoptr(JsonObject) remote = remote_get (f, "station", id);
      g_assert_cmpstr (json_object_get_string_member (remote, "_rev"), ==, rev);
      g_assert_false (json_object_has_member (remote, "_conflicts"));
    }
}

static void
test_fault_retry (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(Proxy) proxy = NULL;
  g_autoptr(TjStore) a = NULL;
  g_autoptr(TjReplicator) r = NULL;
  g_autoptr(JsonObject) result = NULL;

  SKIP_IF_FAILED (f);
  create_db (f, "station");
  remote_bulk (f, "station", "case", 30);
  proxy = proxy_new (f->server.url);
  a = open_store (f, "a.db");
  r = replicator_for (f, a, proxy->url, "station");

  /* Two 500s, then the real answer: retried, not fatal. */
  proxy_fault (proxy, FAULT_STATUS, "/_changes", 2, 500, NULL, NULL);
  result = sync_ok (r);
  assert_counts (result, 30, 0);
  g_assert_cmpuint (proxy_count (proxy, "GET /station/_changes"), >=, 3);

  /* A dropped connection and a slow answer. */
  g_free (tj_test_put (a, "{\"_id\":\"loc-1\",\"type\":\"case\"}"));
  remote_bulk (f, "station", "more", 5);
  proxy_fault (proxy, FAULT_DROP, "/_bulk_get", 1, 0, NULL, NULL);
  g_clear_pointer (&result, json_object_unref);
  result = sync_ok (r);
  assert_counts (result, 5, 1);
  g_assert_cmpuint (proxy_count (proxy, "/_bulk_get"), ==, 2);

  g_free (tj_test_put (a, "{\"_id\":\"loc-2\",\"type\":\"case\"}"));
  proxy_fault (proxy, FAULT_DELAY, "/_revs_diff", 1, 300, NULL, NULL);
  g_clear_pointer (&result, json_object_unref);
  result = sync_ok (r);
  assert_counts (result, 0, 1);
  g_assert_cmpint (remote_doc_count (f, "station"), ==, 37);
}

static void
test_fault_malformed (Fixture       *f,
                      gconstpointer  data)
{
  static const struct {
    FaultKind   kind;
    const char *match;
    const char *text;
    const char *subst_from;
  } faults[] = {
    { FAULT_TRUNCATE, "/_bulk_get", NULL, NULL },
    { FAULT_CUT, "/_bulk_get", NULL, NULL },
    { FAULT_REPLACE, "/_changes", "{\"results\":[{\"id\":5,\"changes\":\"x\",\"seq\":{}}],\"last_seq\":1}", NULL },
    { FAULT_REPLACE, "/_changes", "{\"results\":{\"not\":\"a list\"}}", NULL },
    { FAULT_REPLACE, "/_bulk_get", "{\"results\":[{\"id\":\"case-0001\",\"docs\":[{\"ok\":{\"_id\":\"case-0001\",\"_rev\":\"1-abc\"}}]}]}", NULL },
    { FAULT_SUBST, "/_changes", "\"seq\":1e300,\"x\":", "\"seq\":" },
    { FAULT_REPLACE, "=GET /", NULL, NULL },  /* 100,000 nested lists, filled in below */
    { FAULT_REPLACE, "=GET /station", "{\"update_seq\":[1,2,3]}", NULL },
    /* Every reply's members renamed, one at a time. */
    { FAULT_SUBST, "=GET /station", "\"update_seqx\"", "\"update_seq\"" },
    { FAULT_SUBST, "/_changes", "\"resultsx\"", "\"results\"" },
    { FAULT_SUBST, "/_changes", "\"changesx\"", "\"changes\"" },
    { FAULT_SUBST, "/_bulk_get", "\"resultsx\"", "\"results\"" },
    { FAULT_SUBST, "/_bulk_get", "\"okx\"", "\"ok\"" },
    { FAULT_SUBST, "/_bulk_get", "\"docsx\"", "\"docs\"" },
  };
  g_autoptr(Proxy) proxy = NULL;
  g_autoptr(TjStore) a = NULL;
  g_autoptr(TjReplicator) r = NULL;
  g_autoptr(JsonObject) result = NULL;

  SKIP_IF_FAILED (f);
  create_db (f, "station");
  remote_bulk_edited (f, "station", "case", 20);
  proxy = proxy_new (f->server.url);
  a = open_store (f, "a.db");
  r = replicator_for (f, a, proxy->url, "station");
  tj_replicator_set_direction (r, TJ_SYNC_PULL);

  g_autofree char *deep = g_strnfill (100000, '[');

  for (guint i = 0; i < G_N_ELEMENTS (faults); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonObject) bad = NULL;
      const char *text = faults[i].text;

      if (faults[i].kind == FAULT_REPLACE && text == NULL)
        text = deep;
      g_test_message ("fault %u", i);
      /* Each fault on a proxy of its own: a failed run may leave a request
       * it had sent ahead (GET /station beside GET /) reaching the proxy
       * after the run returned, and it must not count for the next fault. */
      g_clear_object (&r);
      g_clear_pointer (&proxy, proxy_free);
      proxy = proxy_new (f->server.url);
      r = replicator_for (f, a, proxy->url, "station");
      tj_replicator_set_direction (r, TJ_SYNC_PULL);
      proxy_fault (proxy, faults[i].kind, faults[i].match, -1, 0, text, faults[i].subst_from);
      bad = tj_replicator_run (r, NULL, &error);
      g_assert_error (error, TJ_ERROR, TJ_ERROR_NETWORK);
      g_assert_null (bad);
      g_test_message ("  → %s", error->message);
      /* Asked again like a 5xx (a reply nested absurdly deep is not),
       * then given up. */
      if (text != deep)
        g_assert_cmpuint (proxy_count (proxy, faults[i].match), ==, 4);
      /* Nothing of the damaged batch was written, no checkpoint moved. */
      g_assert_cmpuint (local_doc_count (a), ==, 0);
      {
        g_autofree char *pull_id = tj_replicator_dup_replication_id (r, TJ_SYNC_PULL);
        g_autofree char *local_id = pull_id ? g_strconcat ("_local/", pull_id, NULL) : NULL;
        g_autoptr(GError) missing = NULL;
        g_autoptr(JsonObject) log = local_id ? tj_store_get_local (a, local_id, &missing) : NULL;
        g_assert_null (log);
      }
    }

  /* The push side: an answer about documents nobody asked about; one
   * whose "missing" list is renamed, which is not "nothing missing"; a
   * _bulk_docs answer that is not a list. The document stays unpushed
   * and no push checkpoint claims it. */
  g_free (tj_test_put (a, "{\"_id\":\"loc-1\",\"type\":\"case\"}"));
  g_clear_object (&r);
  g_clear_pointer (&proxy, proxy_free);
  proxy = proxy_new (f->server.url);
  r = replicator_for (f, a, proxy->url, "station");
  tj_replicator_set_direction (r, TJ_SYNC_PUSH);
  for (guint i = 0; i < 3; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonObject) bad = NULL;

      if (i == 0)
        proxy_fault (proxy, FAULT_REPLACE, "/_revs_diff", -1, 0, "{\"stranger\":{\"missing\":[\"1-abc\"]}}", NULL);
      else if (i == 1)
        proxy_fault (proxy, FAULT_SUBST, "/_revs_diff", -1, 0, "\"missinx\"", "\"missing\"");
      else
        proxy_fault (proxy, FAULT_REPLACE, "/_bulk_docs", -1, 0, "{\"ok\":true}", NULL);
      bad = tj_replicator_run (r, NULL, &error);
      g_assert_error (error, TJ_ERROR, TJ_ERROR_NETWORK);
      g_test_message ("  → %s", error->message);
      /* (The server took the _bulk_docs it answered badly.) */
      if (i < 2)
        g_assert_cmpint (remote_doc_count (f, "station"), ==, 20);
      {
        g_autofree char *push_id = tj_replicator_dup_replication_id (r, TJ_SYNC_PUSH);
        g_autofree char *path = g_strdup_printf ("/station/_local/%s", push_id);
        guint status = 0;
        g_autoptr(JsonNode) log = http (f, "GET", path, NULL, &status);
        g_assert_cmpuint (status, ==, 404);
      }
    }

  /* The network heals: everything arrives. */
  proxy_fault (proxy, FAULT_NONE, NULL, 0, 0, NULL, NULL);
  tj_replicator_set_direction (r, TJ_SYNC_BOTH);
  result = sync_ok (r);
  /* (loc-1 may be there already: see the _bulk_docs answer above.) */
  g_assert_cmpint (json_object_get_int_member (result, "pulled"), ==, 20);
  g_assert_cmpuint (local_doc_count (a), ==, 21);
  {
    g_autoptr(JsonObject) remote = remote_get (f, "station", "loc-1");
    g_autofree char *rev = local_rev (a, "loc-1");
    g_assert_cmpstr (json_object_get_string_member (remote, "_rev"), ==, rev);
  }

  /* A checkpoint the server sends damaged, and an answer to writing one
   * that does not say its new revision: the run fails, the next one
   * resumes and loses nothing. */
  g_free (remote_put (f, "station", "late", "{\"type\":\"case\"}"));
  for (guint i = 0; i < 2; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonObject) bad = NULL;

      if (i == 0)
        proxy_fault (proxy, FAULT_REPLACE, "GET /station/_local/", -1, 0, "[]", NULL);
      else
        proxy_fault (proxy, FAULT_SUBST, "PUT /station/_local/", -1, 0, "\"revx\"", "\"rev\"");
      bad = tj_replicator_run (r, NULL, &error);
      g_assert_error (error, TJ_ERROR, TJ_ERROR_NETWORK);
      g_test_message ("  → %s", error->message);
    }
  proxy_fault (proxy, FAULT_NONE, NULL, 0, 0, NULL, NULL);
  g_clear_pointer (&result, json_object_unref);
  result = sync_ok (r);
  g_assert_cmpuint (local_doc_count (a), ==, 22);
  g_clear_pointer (&result, json_object_unref);
  result = sync_ok (r);
  assert_counts (result, 0, 0);
}

static void
test_fault_first_replication (Fixture       *f,
                              gconstpointer  data)
{
  g_autoptr(Proxy) proxy = NULL;
  g_autoptr(TjStore) a = NULL;
  g_autoptr(TjReplicator) r = NULL;
  g_autoptr(JsonObject) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *body = NULL;

  SKIP_IF_FAILED (f);
  create_db (f, "station");
  remote_bulk (f, "station", "case", 10);
  body = g_strdup_printf ("{\"type\":\"document\",\"_attachments\":{\"a.txt\":"
                          "{\"content_type\":\"text/plain\",\"data\":\"%s\"}}}", "aGVsbG8gd29ybGQ=");
  g_free (remote_put (f, "station", "with-attachment", body));
  proxy = proxy_new (f->server.url);
  a = open_store (f, "a.db");
  r = replicator_for (f, a, proxy->url, "station");
  tj_replicator_set_direction (r, TJ_SYNC_PULL);

  /* One revision each: taken from the feed, no _bulk_get needed. */
  result = sync_ok (r);
  assert_counts (result, 11, 0);
  g_assert_cmpuint (proxy_count (proxy, "/_bulk_get"), ==, 0);

  /* Documents inline in the changes feed are checked like fetched ones:
   * one with a damaged attachment (its digest no longer matches) or
   * under another id is not taken from the feed but fetched. */
  for (guint i = 0; i < 2; i++)
    {
      g_autoptr(TjStore) b = NULL;
      g_autoptr(TjReplicator) rb = NULL;
      g_autofree char *name = g_strdup_printf ("b%u.db", i);

      b = open_store (f, name);
      rb = replicator_for (f, b, proxy->url, "station");
      tj_replicator_set_direction (rb, TJ_SYNC_PULL);
      if (i == 0)
        proxy_fault (proxy, FAULT_SUBST, "/_changes", -1, 0, "aGVsbG8gd29ybGU=", "aGVsbG8gd29ybGQ=");
      else
        proxy_fault (proxy, FAULT_SUBST, "/_changes", -1, 0, "\"_id\":\"other-", "\"_id\":\"case-");
      g_clear_pointer (&result, json_object_unref);
      result = sync_ok (rb);
      assert_counts (result, 11, 0);
      g_assert_cmpuint (proxy_count (proxy, "/_bulk_get"), ==, 1);
      g_assert_cmpuint (local_doc_count (b), ==, 11);
      if (i == 0)
        {
          g_autoptr(GBytes) got = tj_store_get_attachment (b, "with-attachment", NULL, "a.txt", NULL, &error);
          g_assert_no_error (error);
          g_assert_cmpmem (g_bytes_get_data (got, NULL), g_bytes_get_size (got), "hello world", 11);
        }
    }
}

static void
test_fault_server_errors (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(Proxy) proxy = NULL;
  g_autoptr(TjStore) a = NULL;
  g_autoptr(TjReplicator) r = NULL;
  g_autoptr(JsonObject) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL, *push_id = NULL;
  g_autoptr(JsonNode) answer = NULL;
  guint status;

  SKIP_IF_FAILED (f);
  create_db (f, "station");
  remote_bulk_edited (f, "station", "case", 12);
  proxy = proxy_new (f->server.url);
  a = open_store (f, "a.db");
  for (guint i = 0; i < 5; i++)
    {
      g_autofree char *json = g_strdup_printf ("{\"_id\":\"loc-%u\",\"type\":\"case\"}", i);
      g_free (tj_test_put (a, json));
    }
  r = replicator_for (f, a, proxy->url, "station");

  /* 403 is final: exactly one request, no retry. */
  proxy_fault (proxy, FAULT_STATUS, "=GET /station", -1, 403, NULL, NULL);
  result = tj_replicator_run (r, NULL, &error);
  g_assert_error (error, TJ_ERROR, TJ_ERROR_DENIED);
  g_assert_cmpuint (proxy_count (proxy, "=GET /station"), ==, 1);
  g_clear_error (&error);

  /* 404 on the database: reported as missing. */
  proxy_fault (proxy, FAULT_STATUS, "=GET /station", -1, 404, NULL, NULL);
  result = tj_replicator_run (r, NULL, &error);
  g_assert_error (error, TJ_ERROR, TJ_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* No _bulk_get on the server: the open_revs fallback, same result. */
  tj_replicator_set_direction (r, TJ_SYNC_PULL);
  proxy_fault (proxy, FAULT_STATUS, "/_bulk_get", -1, 404, NULL, NULL);
  result = sync_ok (r);
  assert_counts (result, 12, 0);
  g_assert_cmpuint (local_doc_count (a), ==, 17);
  g_assert_cmpuint (proxy_count (proxy, "GET /station/case-"), ==, 12);
  {
    g_autoptr(JsonObject) doc = local_get (a, "case-0003");
    g_autoptr(JsonObject) remote = remote_get (f, "station", "case-0003");
    g_assert_cmpstr (json_object_get_string_member (doc, "_rev"), ==,
                     json_object_get_string_member (remote, "_rev"));
    g_assert_cmpstr (json_object_get_string_member (doc, "title"), ==, "案件 3");
  }

  /* _bulk_docs keeps failing with 503: retried, then given up, and no
   * push checkpoint claims anything. */
  tj_replicator_set_direction (r, TJ_SYNC_PUSH);
  proxy_fault (proxy, FAULT_STATUS, "/_bulk_docs", -1, 503, NULL, NULL);
  g_clear_pointer (&result, json_object_unref);
  result = tj_replicator_run (r, NULL, &error);
  g_assert_error (error, TJ_ERROR, TJ_ERROR_NETWORK);
  g_clear_error (&error);
  g_assert_cmpuint (proxy_count (proxy, "/_bulk_docs"), ==, 4);
  g_assert_cmpint (remote_doc_count (f, "station"), ==, 12);
  push_id = tj_replicator_dup_replication_id (r, TJ_SYNC_PUSH);
  path = g_strdup_printf ("/station/_local/%s", push_id);
  answer = http (f, "GET", path, NULL, &status);
  g_assert_cmpuint (status, ==, 404);

  /* Healed. */
  proxy_fault (proxy, FAULT_NONE, NULL, 0, 0, NULL, NULL);
  tj_replicator_set_direction (r, TJ_SYNC_BOTH);
  result = sync_ok (r);
  assert_counts (result, 0, 5);
  g_assert_cmpint (remote_doc_count (f, "station"), ==, 17);
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
  ADD ("/sync-recovery/kill-resume-pull", test_kill_resume_pull);
  ADD ("/sync-recovery/kill-resume-push", test_kill_resume_push);
  ADD ("/sync-recovery/retry", test_fault_retry);
  ADD ("/sync-recovery/malformed", test_fault_malformed);
  ADD ("/sync-recovery/server-errors", test_fault_server_errors);
  ADD ("/sync-recovery/first-replication", test_fault_first_replication);
#undef ADD

  return g_test_run ();
}
