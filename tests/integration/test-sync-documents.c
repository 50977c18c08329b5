/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Single documents that cannot be replicated, against a real PouchDB
 * Server: revisions damaged in a reply, bodies nested too deep or not
 * valid UTF-8, revisions the local store refuses, local revisions that
 * cannot be read back. Each is reported by id and reason, the others go
 * through, nothing is lost silently and nothing holds back later runs.
 * Also: what a run logs about them (ids, never bodies), and "kept" on a
 * station that never touched a document. */
#undef G_LOG_DOMAIN
#define G_LOG_DOMAIN "Tiaojie-Test"

#include <string.h>

#include "tj-json.h"
#include "tj-replicator.h"
#include "tj-store.h"
#include "tj-test-proxy.h"
#include "tj-test-store.h"
#include "tj-test-sync.h"

/* Everything logged in this process, to look for personal data in. */
static GMutex log_lock;
static GString *log_text;

static GLogWriterOutput
capture_writer (GLogLevelFlags   level,
                const GLogField *fields,
                gsize            n_fields,
                gpointer         data)
{
  g_mutex_lock (&log_lock);
  for (gsize i = 0; i < n_fields; i++)
    if (strcmp (fields[i].key, "MESSAGE") == 0)
      {
        g_string_append_len (log_text, fields[i].value,
                             fields[i].length < 0 ? (gssize) strlen (fields[i].value) : fields[i].length);
        g_string_append_c (log_text, '\n');
      }
  g_mutex_unlock (&log_lock);
  return g_log_writer_default (level, fields, n_fields, data);
}

static char *
take_log (void)
{
  char *text;

  g_mutex_lock (&log_lock);
  text = g_strdup (log_text->str);
  g_string_truncate (log_text, 0);
  g_mutex_unlock (&log_lock);
  return text;
}

static JsonArray *
errors_of (JsonObject *result)
{
  return json_object_get_array_member (result, "errors");
}

/* The entry of "errors" about @id, or NULL. */
static JsonObject *
error_about (JsonObject *result,
             const char *id)
{
  JsonArray *errors = errors_of (result);

  for (guint i = 0; i < json_array_get_length (errors); i++)
    if (g_strcmp0 (json_object_get_string_member (json_array_get_object_element (errors, i), "id"), id) == 0)
      return json_array_get_object_element (errors, i);
  return NULL;
}

static JsonObject *
run_ok (TjReplicator *r)
{
  g_autoptr(GError) error = NULL;
  JsonObject *result = tj_replicator_run (r, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (result);
  return result;
}

/* The ids in a direction's refused list ({"docs": {id: [rev]}}). */
static guint
refused_count (TjStore      *store,
               TjReplicator *r,
               TjSyncDirection direction)
{
  g_autofree char *rep_id = tj_replicator_dup_replication_id (r, direction);
  g_autofree char *id = g_strconcat ("_local/tiaojie-refused-", rep_id, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) doc = tj_store_get_local (store, id, &error);

  if (doc == NULL)
    return 0;
  return json_object_get_size (json_object_get_object_member (doc, "docs"));
}

static gint64
history_failures (TjStore      *store,
                  TjReplicator *r,
                  TjSyncDirection direction)
{
  g_autofree char *rep_id = tj_replicator_dup_replication_id (r, direction);
  g_autofree char *id = g_strconcat ("_local/", rep_id, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) log = tj_store_get_local (store, id, &error);
  JsonArray *history;

  g_assert_no_error (error);
  history = json_object_get_array_member (log, "history");
  return json_object_get_int_member (json_array_get_object_element (history, 0), "doc_write_failures");
}

/* A body nested @depth levels (the document object is the first). */
static char *
deep_body (guint depth)
{
  GString *text = g_string_new ("{\"type\":\"case\",\"deep\":");

  for (guint i = 1; i < depth; i++)
    g_string_append_c (text, '[');
  for (guint i = 1; i < depth; i++)
    g_string_append_c (text, ']');
  g_string_append_c (text, '}');
  return g_string_free (text, FALSE);
}

/* One revision damaged in the _bulk_get reply: the others are written;
 * it is asked for once more, then reported, kept, and fetched again on
 * the next run, when it comes whole. */
static void
test_bad_revision (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(Proxy) proxy = NULL;
  g_autoptr(TjStore) a = NULL;
  g_autoptr(TjReplicator) r = NULL;
  g_autoptr(JsonObject) result = NULL;
  JsonObject *entry;

  SKIP_IF_FAILED (f);
  create_db (f, "station");
  remote_bulk_edited (f, "station", "case", 20);
  proxy = proxy_new (f->server.url);
  a = open_store (f, "a.db");
  r = replicator_for (f, a, proxy->url, "station");
  tj_replicator_set_direction (r, TJ_SYNC_PULL);

  /* An unknown special member is refused, as CouchDB refuses it. */
  proxy_fault (proxy, FAULT_SUBST, "/_bulk_get", -1, 0, "\"_id\":\"case-0003\",\"_secret\":1",
               "\"_id\":\"case-0003\"");
  result = run_ok (r);
  g_assert_cmpint (json_object_get_int_member (result, "pulled"), ==, 19);
  g_assert_cmpuint (json_array_get_length (errors_of (result)), ==, 1);
  entry = error_about (result, "case-0003");
  g_assert_nonnull (entry);
  g_assert_cmpstr (json_object_get_string_member (entry, "error"), ==, "bad_revision");
  g_assert_true (g_str_has_prefix (json_object_get_string_member (entry, "rev"), "2-"));
  g_assert_nonnull (strstr (json_object_get_string_member (entry, "reason"), "case-0003"));
  g_assert_cmpuint (proxy_count (proxy, "/_bulk_get"), ==, 2);
  g_assert_cmpuint (local_doc_count (a), ==, 19);
  g_assert_cmpuint (refused_count (a, r, TJ_SYNC_PULL), ==, 1);
  g_assert_cmpint (history_failures (a, r, TJ_SYNC_PULL), ==, 1);

  /* Still damaged: reported again, not forgotten behind the checkpoint. */
  g_clear_pointer (&result, json_object_unref);
  result = run_ok (r);
  g_assert_cmpint (json_object_get_int_member (result, "pulled"), ==, 0);
  g_assert_nonnull (error_about (result, "case-0003"));

  /* Whole again: written, and the list is empty. */
  proxy_fault (proxy, FAULT_NONE, NULL, 0, 0, NULL, NULL);
  g_clear_pointer (&result, json_object_unref);
  result = sync_ok (r);
  assert_counts (result, 1, 0);
  g_assert_cmpuint (local_doc_count (a), ==, 20);
  g_assert_cmpuint (refused_count (a, r, TJ_SYNC_PULL), ==, 0);

  /* Every revision damaged the same way, in each way the history or the
   * id can be wrong: all reported, none written. */
  {
    static const char *const damage[][2] = {
      { "\"_revisions\":{\"start\":99999999999", "\"_revisions\":{\"start\":" },
      { "\"ids\":[\"not a hash\",", "\"ids\":[" },
      { "\"_id\":\"someone-else", "\"_id\":\"case-" },
    };

    for (guint i = 0; i < G_N_ELEMENTS (damage); i++)
      {
        g_autoptr(TjStore) b = NULL;
        g_autoptr(TjReplicator) rb = NULL;
        g_autofree char *name = g_strdup_printf ("b%u.db", i);

        b = open_store (f, name);
        rb = replicator_for (f, b, proxy->url, "station");
        tj_replicator_set_direction (rb, TJ_SYNC_PULL);
        proxy_fault (proxy, FAULT_SUBST, "/_bulk_get", -1, 0, damage[i][0], damage[i][1]);
        g_clear_pointer (&result, json_object_unref);
        result = run_ok (rb);
        g_assert_cmpint (json_object_get_int_member (result, "pulled"), ==, 0);
        g_assert_cmpuint (json_array_get_length (errors_of (result)), ==, 20);
        g_assert_cmpuint (local_doc_count (b), ==, 0);
        g_assert_cmpuint (refused_count (b, rb, TJ_SYNC_PULL), ==, 20);
      }
  }
}

/* Bodies no store may hold: nested deeper than the limit (64: one level
 * more, and one too deep even for a reply to be parsed), with a string that is not UTF-8 or
 * holds a NUL. A new station gets every other document, and hears about
 * these by id on every run until they are fixed on the server. */
static void
test_body_rules (Fixture       *f,
                 gconstpointer  data)
{
  static const char *const bad[] = { "deep-300", "deep-65", "surrogate", "nul" };
  g_autoptr(TjStore) a = NULL;
  g_autoptr(TjReplicator) r = NULL;
  g_autoptr(JsonObject) result = NULL;
  g_autofree char *deep300 = deep_body (300);
  g_autofree char *deep65 = deep_body (65);
  g_autofree char *ok64 = deep_body (64);
  g_autofree char *rev = NULL;

  SKIP_IF_FAILED (f);
  create_db (f, "station");
  remote_bulk (f, "station", "case", 30);
  rev = remote_put (f, "station", "deep-300", deep300);
  g_free (remote_put (f, "station", "deep-65", deep65));
  g_free (remote_put (f, "station", "deep-64", ok64));
  g_free (remote_put (f, "station", "surrogate", "{\"type\":\"case\",\"name\":\"\\ud800\"}"));
  g_free (remote_put (f, "station", "nul", "{\"type\":\"case\",\"name\":\"a\\u0000b\"}"));

  a = open_store (f, "a.db");
  r = replicator_for (f, a, NULL, "station");
  tj_replicator_set_direction (r, TJ_SYNC_PULL);
  result = run_ok (r);
  g_assert_cmpint (json_object_get_int_member (result, "pulled"), ==, 31);
  g_assert_cmpuint (json_array_get_length (errors_of (result)), ==, G_N_ELEMENTS (bad));
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      JsonObject *entry = error_about (result, bad[i]);
      const char *reason;

      g_assert_nonnull (entry);
      g_assert_cmpstr (json_object_get_string_member (entry, "error"), ==, "invalid_document");
      reason = json_object_get_string_member (entry, "reason");
      g_test_message ("%s: %s", bad[i], reason);
      if (g_str_has_prefix (bad[i], "deep"))
        g_assert_nonnull (strstr (reason, "deep"));
      else
        g_assert_nonnull (strstr (reason, "UTF-8"));
    }
  g_assert_cmpuint (local_doc_count (a), ==, 31);
  g_assert_cmpuint (refused_count (a, r, TJ_SYNC_PULL), ==, G_N_ELEMENTS (bad));

  /* Asked for and reported again on the next run. */
  g_clear_pointer (&result, json_object_unref);
  result = run_ok (r);
  g_assert_cmpint (json_object_get_int_member (result, "pulled"), ==, 0);
  g_assert_cmpuint (json_array_get_length (errors_of (result)), ==, G_N_ELEMENTS (bad));

  /* Fixed on the server: the new revision arrives, the list forgets it. */
  {
    g_autofree char *path = g_strdup_printf ("deep-300?rev=%s", rev);
    g_free (remote_put (f, "station", path, "{\"type\":\"case\",\"deep\":[]}"));
  }
  g_clear_pointer (&result, json_object_unref);
  result = run_ok (r);
  g_assert_cmpint (json_object_get_int_member (result, "pulled"), ==, 1);
  g_assert_null (error_about (result, "deep-300"));
  g_assert_cmpuint (json_array_get_length (errors_of (result)), ==, G_N_ELEMENTS (bad) - 1);
  g_assert_cmpuint (refused_count (a, r, TJ_SYNC_PULL), ==, G_N_ELEMENTS (bad) - 1);
}

/* An indexer that refuses documents marked "refuse": the local store's
 * refusal of one revision. */
static gboolean
refusing_indexer (TjStore     *store,
                  const char  *id,
                  JsonObject  *winner,
                  gpointer     user_data,
                  GError     **error)
{
  if (winner && tj_json_get_bool (winner, "refuse", FALSE))
    {
      g_set_error (error, TJ_ERROR, TJ_ERROR_INVALID, "document %s is refused by the test's indexer", id);
      return FALSE;
    }
  return TRUE;
}

static gboolean
reset_nothing (TjStore  *store,
               gpointer  user_data,
               GError  **error)
{
  return TRUE;
}

static void
test_refused_locally (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(TjStore) a = NULL;
  g_autoptr(TjReplicator) r = NULL;
  g_autoptr(JsonObject) result = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *entry;

  SKIP_IF_FAILED (f);
  create_db (f, "station");
  remote_bulk (f, "station", "case", 10);
  g_free (remote_put (f, "station", "odd", "{\"type\":\"case\",\"refuse\":true}"));
  a = open_store (f, "a.db");
  g_assert_true (tj_store_add_indexer (a, "test:refusing", 1, reset_nothing, refusing_indexer, NULL, &error));
  g_assert_no_error (error);
  r = replicator_for (f, a, NULL, "station");

  result = run_ok (r);
  g_assert_cmpint (json_object_get_int_member (result, "pulled"), ==, 10);
  entry = error_about (result, "odd");
  g_assert_nonnull (entry);
  g_assert_cmpstr (json_object_get_string_member (entry, "error"), ==, "refused_locally");
  g_assert_true (g_str_has_prefix (json_object_get_string_member (entry, "rev"), "1-"));
  g_assert_cmpuint (local_doc_count (a), ==, 10);
  g_assert_cmpuint (refused_count (a, r, TJ_SYNC_PULL), ==, 1);
}

/* Local revisions that cannot go: one whose stored body cannot be read
 * back, one nested deeper than any store may hold. The others are pushed;
 * these are reported on every run and never reach the server, until an
 * edit replaces them. */
static void
test_push_refused (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(TjStore) a = NULL;
  g_autoptr(TjReplicator) r = NULL;
  g_autoptr(JsonObject) result = NULL;
  g_autoptr(GError) error = NULL;
  /* Deeper than a document may be (TJ_JSON_MAX_DEPTH), yet shallow enough
   * for the store to read the text back (TJ_JSON_MAX_TEXT_DEPTH): the
   * body rule, not the parser, must stop it. */
  g_autofree char *deep = deep_body (TJ_JSON_MAX_DEPTH + 4);
  sqlite3 *db;
  char *sql;

  SKIP_IF_FAILED (f);
  create_db (f, "station");
  a = open_store (f, "a.db");
  for (guint i = 0; i < 5; i++)
    {
      g_autofree char *json = g_strdup_printf ("{\"_id\":\"loc-%u\",\"type\":\"case\"}", i);
      g_free (tj_test_put (a, json));
    }
  g_free (tj_test_put (a, "{\"_id\":\"damaged\",\"type\":\"case\",\"title\":\"x\"}"));
  g_free (tj_test_put (a, "{\"_id\":\"too-deep\",\"type\":\"case\"}"));
  /* As an older version, or a damaged disk, could have left them. */
  db = tj_store_get_sqlite (a);
  g_assert_cmpint (sqlite3_exec (db, "UPDATE revs SET body = CAST(x'7b227469746c65223a22ff227d' AS TEXT) "
                                     "WHERE doc_id = (SELECT doc_id FROM docs WHERE id = 'damaged')",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
  sql = sqlite3_mprintf ("UPDATE revs SET body = %Q WHERE doc_id = (SELECT doc_id FROM docs WHERE id = 'too-deep')",
                         deep);
  g_assert_cmpint (sqlite3_exec (db, sql, NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_free (sql);

  r = replicator_for (f, a, NULL, "station");
  tj_replicator_set_direction (r, TJ_SYNC_PUSH);
  result = run_ok (r);
  g_assert_cmpint (json_object_get_int_member (result, "pushed"), ==, 5);
  g_assert_cmpuint (json_array_get_length (errors_of (result)), ==, 2);
  g_assert_cmpstr (json_object_get_string_member (error_about (result, "damaged"), "error"), ==, "unreadable");
  g_assert_cmpstr (json_object_get_string_member (error_about (result, "too-deep"), "error"), ==, "invalid_document");
  g_assert_cmpint (remote_doc_count (f, "station"), ==, 5);
  g_assert_cmpuint (refused_count (a, r, TJ_SYNC_PUSH), ==, 2);
  g_assert_cmpint (history_failures (a, r, TJ_SYNC_PUSH), ==, 2);

  g_clear_pointer (&result, json_object_unref);
  result = run_ok (r);
  g_assert_cmpint (json_object_get_int_member (result, "pushed"), ==, 0);
  g_assert_cmpuint (json_array_get_length (errors_of (result)), ==, 2);

  /* Edited: the new revision goes, and nothing is reported any more. */
  {
    g_autofree char *rev = local_rev (a, "too-deep");
    g_autofree char *json = g_strdup_printf ("{\"_id\":\"too-deep\",\"_rev\":\"%s\",\"type\":\"case\"}", rev);
    g_free (tj_test_put (a, json));
  }
  g_clear_pointer (&result, json_object_unref);
  result = run_ok (r);
  g_assert_cmpint (json_object_get_int_member (result, "pushed"), ==, 1);
  g_assert_cmpuint (json_array_get_length (errors_of (result)), ==, 1);
  g_assert_nonnull (error_about (result, "damaged"));
  g_assert_cmpint (remote_doc_count (f, "station"), ==, 6);
}

/* Refusals are logged by id, revision and reason: the names, ID numbers
 * and phone numbers in the documents never reach the log. */
static void
test_logs (Fixture       *f,
           gconstpointer  data)
{
  static const char *const personal[] = { "张三", "110101199003074514", "13800138000" };
  g_autoptr(Proxy) proxy = NULL;
  g_autoptr(TjStore) a = NULL;
  g_autoptr(TjReplicator) r = NULL;
  g_autoptr(JsonObject) result = NULL;
  g_autofree char *logged = NULL;
  g_autofree char *deep = deep_body (150);
  const char *body = "{\"type\":\"party\",\"name\":\"张三\",\"id_number\":\"110101199003074514\","
                     "\"phone\":\"13800138000\"}";

  SKIP_IF_FAILED (f);
  g_assert_nonnull (strstr (g_getenv ("G_MESSAGES_DEBUG"), "Tiaojie-Sync"));
  create_db (f, "station");
  for (guint i = 0; i < 3; i++)
    {
      /* Edited once, so that they are fetched with _bulk_get. */
      g_autofree char *id = g_strdup_printf ("party-%u", i);
      g_autofree char *rev = remote_put (f, "station", id, body);
      g_autofree char *path = g_strdup_printf ("%s?rev=%s", id, rev);
      g_free (remote_put (f, "station", path, body));
    }
  proxy = proxy_new (f->server.url);
  a = open_store (f, "a.db");
  g_free (tj_test_put (a, "{\"_id\":\"local-party\",\"type\":\"party\",\"name\":\"张三\",\"phone\":\"13800138000\"}"));
  {
    g_autofree char *json = g_strdup_printf ("%.*s,\"name\":\"张三\",\"phone\":\"13800138000\"}",
                                             (int) strlen (deep) - 1, deep);
    char *sql = sqlite3_mprintf ("UPDATE revs SET body = %Q WHERE doc_id = "
                                 "(SELECT doc_id FROM docs WHERE id = 'local-party')", json);
    g_assert_cmpint (sqlite3_exec (tj_store_get_sqlite (a), sql, NULL, NULL, NULL), ==, SQLITE_OK);
    sqlite3_free (sql);
  }
  r = replicator_for (f, a, proxy->url, "station");

  g_free (take_log ());
  /* Damaged on the way (pull), and too deep to send (push). */
  proxy_fault (proxy, FAULT_SUBST, "/_bulk_get", -1, 0, "\"ids\":[\"not a hash\",", "\"ids\":[");
  result = run_ok (r);
  g_assert_cmpuint (json_array_get_length (errors_of (result)), ==, 4);
  logged = take_log ();
  g_assert_nonnull (strstr (logged, "party-1"));
  for (guint i = 0; i < G_N_ELEMENTS (personal); i++)
    if (strstr (logged, personal[i]) != NULL)
      g_error ("the log holds “%s”:\n%s", personal[i], logged);

  /* A reply cut off in the middle of a name: the parser's complaint is
   * not quoted, in the log or in the run's error. */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(JsonObject) bad = NULL;
    g_autofree char *more = NULL;
    g_autofree char *cut = g_strdup_printf ("{\"results\":[{\"id\":\"party-1\",\"docs\":[{\"ok\":"
                                            "{\"_id\":\"party-1\",\"name\":\"张三 %s", personal[1]);

    proxy_fault (proxy, FAULT_REPLACE, "/_bulk_get", -1, 0, cut, NULL);
    bad = tj_replicator_run (r, NULL, &error);
    g_assert_error (error, TJ_ERROR, TJ_ERROR_NETWORK);
    more = take_log ();
    g_free (logged);
    logged = g_strconcat (more, error->message, NULL);
    g_assert_nonnull (strstr (logged, "_bulk_get"));
    for (guint i = 0; i < G_N_ELEMENTS (personal); i++)
      if (strstr (logged, personal[i]) != NULL)
        g_error ("the log or the error holds “%s”:\n%s", personal[i], logged);
  }
}

/* A new station that pulls a document edited at one station and deleted
 * at another (the edit won) never edited or deleted it: nothing was kept
 * for it. The same for a station that got the deletion first and the
 * edit on a later run. */
static void
test_kept_new_station (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(TjStore) a = NULL;
  g_autoptr(TjStore) b = NULL;
  g_autoptr(TjStore) c = NULL;
  g_autoptr(TjStore) d = NULL;
  g_autoptr(JsonObject) doc = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *rev = NULL, *body = NULL, *deleted = NULL;

  SKIP_IF_FAILED (f);
  create_db (f, "station");
  a = open_store (f, "a.db");
  b = open_store (f, "b.db");
  d = open_store (f, "d.db");
  g_free (tj_test_put (a, "{\"_id\":\"case-9\",\"type\":\"case\",\"status\":\"open\"}"));
  json_object_unref (sync_once (f, a, "station"));
  json_object_unref (sync_once (f, b, "station"));
  json_object_unref (sync_once (f, d, "station"));

  rev = local_rev (a, "case-9");
  deleted = tj_store_delete (a, "case-9", rev, &error);
  g_assert_no_error (error);
  doc = local_get (b, "case-9");
  json_object_set_string_member (doc, "status", "closed");
  body = tj_json_object_to_string (doc, FALSE);
  g_free (tj_test_put (b, body));

  /* D gets the deletion first… */
  json_object_unref (sync_once (f, a, "station"));
  {
    g_autoptr(JsonObject) result = sync_once (f, d, "station");
    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (result, "kept")), ==, 0);
  }
  {
    /* (B edited: it is told, as before.) */
    g_autoptr(JsonObject) result = sync_once (f, b, "station");
    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (result, "kept")), ==, 1);
  }
  {
    /* …and the edit that brings the document back on its next run. */
    g_autoptr(JsonObject) result = sync_once (f, d, "station");
    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (result, "kept")), ==, 0);
    g_clear_pointer (&doc, json_object_unref);
    doc = local_get (d, "case-9");
    g_assert_cmpstr (json_object_get_string_member (doc, "status"), ==, "closed");
  }

  /* C is new: both branches in one run. */
  c = open_store (f, "c.db");
  {
    g_autoptr(JsonObject) result = sync_once (f, c, "station");
    g_autoptr(JsonArray) leaves = tj_store_get_leaves (c, "case-9", &error);
    g_assert_no_error (error);
    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (result, "kept")), ==, 0);
    g_assert_cmpuint (json_array_get_length (leaves), ==, 2);
  }
  {
    /* A, whose deletion lost, is still told. */
    g_autoptr(JsonObject) result = sync_once (f, a, "station");
    JsonArray *kept = json_object_get_array_member (result, "kept");
    g_assert_cmpuint (json_array_get_length (kept), ==, 1);
    g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (kept, 0), "why"), ==,
                     "edited_elsewhere");
  }
}

int
main (int    argc,
      char **argv)
{
  log_text = g_string_new (NULL);
  g_log_set_writer_func (capture_writer, NULL, NULL);
  g_log_writer_default_set_use_stderr (TRUE);
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/sync-documents/bad-revision", test_bad_revision);
  ADD ("/sync-documents/body-rules", test_body_rules);
  ADD ("/sync-documents/refused-locally", test_refused_locally);
  ADD ("/sync-documents/push-refused", test_push_refused);
  ADD ("/sync-documents/logs", test_logs);
  ADD ("/sync-documents/kept-new-station", test_kept_new_station);
#undef ADD

  return g_test_run ();
}
