/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The document store: CouchDB semantics on SQLite (docs/SYNC.md). */

#include <glib/gstdio.h>
#include <errno.h>
#include <math.h>
#include <signal.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "tj-store.h"
#include "tj-json.h"
#include "tj-test-store.h"
#include "tj-test-util.h"

typedef struct {
  char    *dir;
  char    *path;
  TjStore *store;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  f->store = tj_test_store_open_tmp ("tj-store-XXXXXX", "test.db", &f->dir, &f->path);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  tj_test_store_close (&f->store, &f->dir, &f->path);
}

static void
put_replicated (TjStore    *store,
                const char *json)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) doc = tj_test_object (json);
  g_assert_true (tj_store_put_replicated (store, doc, &error));
  g_assert_no_error (error);
}

static char *
winner_of (TjStore    *store,
           const char *id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) doc = tj_store_get (store, id, NULL, TJ_GET_DELETED, &error);
  g_assert_no_error (error);
  return g_strdup (tj_json_get_string (doc, "_rev", NULL));
}

static void
test_put_get_update (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *rev1 = tj_test_put (f->store, "{\"_id\":\"c1\",\"type\":\"case\",\"title\":\"欠薪\"}");
  g_autofree char *rev2 = NULL;
  g_autoptr(JsonObject) doc = NULL;
  g_autoptr(JsonObject) stale = NULL;
  g_autofree char *json = NULL;

  g_assert_true (g_str_has_prefix (rev1, "1-"));
  g_assert_cmpuint (strlen (rev1), ==, 2 + 32);

  doc = tj_store_get (f->store, "c1", NULL, TJ_GET_NONE, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (tj_json_get_string (doc, "title", NULL), ==, "欠薪");
  g_assert_cmpstr (tj_json_get_string (doc, "_rev", NULL), ==, rev1);

  json = g_strdup_printf ("{\"_id\":\"c1\",\"_rev\":\"%s\",\"type\":\"case\",\"title\":\"欠薪 72 人\"}", rev1);
  rev2 = tj_test_put (f->store, json);
  g_assert_true (g_str_has_prefix (rev2, "2-"));

  /* Writing against the old revision is a conflict, and changes nothing. */
  stale = tj_test_object (json);
  g_assert_null (tj_store_put (f->store, stale, NULL, &error));
  g_assert_error (error, TJ_ERROR, TJ_ERROR_CONFLICT);
  g_clear_error (&error);

  /* So is creating a document that exists. */
  {
    g_autoptr(JsonObject) again = tj_test_object ("{\"_id\":\"c1\",\"title\":\"x\"}");
    g_assert_null (tj_store_put (f->store, again, NULL, &error));
    g_assert_error (error, TJ_ERROR, TJ_ERROR_CONFLICT);
    g_clear_error (&error);
  }

  {
    g_autofree char *w = winner_of (f->store, "c1");
    g_assert_cmpstr (w, ==, rev2);
  }

  /* Not found. */
  g_assert_null (tj_store_get (f->store, "nope", NULL, TJ_GET_NONE, &error));
  g_assert_error (error, TJ_ERROR, TJ_ERROR_NOT_FOUND);
}

static void
test_deterministic_revs (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir2 = g_build_filename (f->dir, "other.db", NULL);
  g_autoptr(TjStore) other = tj_store_open (dir2, &error);
  /* Same edit, members in another order: same revision on both stations. */
  g_autofree char *a = tj_test_put (f->store, "{\"_id\":\"d\",\"a\":1,\"b\":[1,2,{\"y\":1,\"x\":2}]}");
  g_autofree char *b = tj_test_put (other, "{\"b\":[1,2,{\"x\":2,\"y\":1}],\"a\":1,\"_id\":\"d\"}");

  g_assert_no_error (error);
  g_assert_cmpstr (a, ==, b);

  /* A different body gives a different revision. */
  {
    g_autofree char *c = tj_test_put (f->store, "{\"_id\":\"e\",\"a\":2}");
    g_autofree char *d = tj_test_put (other, "{\"_id\":\"e\",\"a\":3}");
    g_assert_cmpstr (c, !=, d);
  }
}

static void
test_delete_and_recreate (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *rev1 = tj_test_put (f->store, "{\"_id\":\"p\",\"name\":\"张三\"}");
  g_autofree char *rev2 = tj_store_delete (f->store, "p", rev1, &error);
  g_autofree char *rev3 = NULL;
  g_autoptr(JsonObject) tomb = NULL;
  g_autoptr(JsonObject) changes = NULL;
  JsonArray *results;

  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (rev2, "2-"));
  g_assert_null (tj_store_get (f->store, "p", NULL, TJ_GET_NONE, &error));
  g_assert_error (error, TJ_ERROR, TJ_ERROR_NOT_FOUND);
  g_clear_error (&error);

  tomb = tj_store_get (f->store, "p", NULL, TJ_GET_DELETED, &error);
  g_assert_no_error (error);
  g_assert_true (tj_json_get_bool (tomb, "_deleted", FALSE));

  /* The changes feed lists the tombstone. */
  changes = tj_store_changes (f->store, 0, 0, &error);
  g_assert_no_error (error);
  results = tj_json_get_array (changes, "results");
  g_assert_cmpuint (json_array_get_length (results), ==, 1);
  g_assert_true (tj_json_get_bool (json_array_get_object_element (results, 0), "deleted", FALSE));

  /* Re-creating continues the tombstone's branch. */
  rev3 = tj_test_put (f->store, "{\"_id\":\"p\",\"name\":\"张三\"}");
  g_assert_true (g_str_has_prefix (rev3, "3-"));
}

static void
test_changes_feed (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) all = NULL;
  g_autoptr(JsonObject) page = NULL;
  g_autoptr(JsonObject) rest = NULL;
  g_autofree char *ra = tj_test_put (f->store, "{\"_id\":\"a\",\"v\":1}");
  g_autofree char *rb = tj_test_put (f->store, "{\"_id\":\"b\",\"v\":1}");
  g_autofree char *rc = tj_test_put (f->store, "{\"_id\":\"c\",\"v\":1}");
  g_autofree char *upd = g_strdup_printf ("{\"_id\":\"a\",\"_rev\":\"%s\",\"v\":2}", ra);
  g_autofree char *ra2 = tj_test_put (f->store, upd);
  JsonArray *results;

  g_assert_no_error (error);
  /* Each document once, at its latest sequence: b, c, a. */
  all = tj_store_changes (f->store, 0, 0, &error);
  results = tj_json_get_array (all, "results");
  g_assert_cmpuint (json_array_get_length (results), ==, 3);
  g_assert_cmpstr (tj_json_get_string (json_array_get_object_element (results, 0), "id", NULL), ==, "b");
  g_assert_cmpstr (tj_json_get_string (json_array_get_object_element (results, 2), "id", NULL), ==, "a");
  g_assert_cmpint (tj_json_get_int (all, "last_seq", 0), ==, 4);
  g_assert_cmpint (tj_store_get_update_seq (f->store), ==, 4);

  /* Paging by the seq of the last row. */
  page = tj_store_changes (f->store, 0, 2, &error);
  g_assert_cmpuint (json_array_get_length (tj_json_get_array (page, "results")), ==, 2);
  rest = tj_store_changes (f->store, tj_json_get_int (page, "last_seq", 0), 2, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (json_array_get_length (tj_json_get_array (rest, "results")), ==, 1);
  g_assert_cmpstr (tj_json_get_string (json_array_get_object_element (tj_json_get_array (rest, "results"), 0), "id", NULL),
                   ==, "a");
  (void) rb; (void) rc; (void) ra2;
}

/* Foreign revisions grafted with new_edits=false. */
static void
test_graft_and_branch (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) doc = NULL;
  g_autoptr(JsonArray) leaves = NULL;
  g_autoptr(JsonArray) conflicts = NULL;
  JsonArray *c;

  /* 1-a -> 2-b -> 3-c arrives in one piece. */
  put_replicated (f->store,
                  "{\"_id\":\"x\",\"_rev\":\"3-ccc\",\"v\":3,"
                  "\"_revisions\":{\"start\":3,\"ids\":[\"ccc\",\"bbb\",\"aaa\"]}}");
  doc = tj_store_get (f->store, "x", NULL, TJ_GET_REVS | TJ_GET_CONFLICTS, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (tj_json_get_string (doc, "_rev", NULL), ==, "3-ccc");
  g_assert_cmpint (tj_json_get_int (tj_json_get_object (doc, "_revisions"), "start", 0), ==, 3);
  g_assert_cmpuint (json_array_get_length (tj_json_get_array (tj_json_get_object (doc, "_revisions"), "ids")), ==, 3);
  g_assert_false (json_object_has_member (doc, "_conflicts"));
  g_clear_pointer (&doc, json_object_unref);

  /* Another station edited 2-b into 3-ddd: a branch, and a conflict.
   * Equal generations: the higher hash wins ("ddd" > "ccc"). */
  put_replicated (f->store,
                  "{\"_id\":\"x\",\"_rev\":\"3-ddd\",\"v\":33,"
                  "\"_revisions\":{\"start\":3,\"ids\":[\"ddd\",\"bbb\",\"aaa\"]}}");
  doc = tj_store_get (f->store, "x", NULL, TJ_GET_CONFLICTS, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (tj_json_get_string (doc, "_rev", NULL), ==, "3-ddd");
  c = tj_json_get_array (doc, "_conflicts");
  g_assert_nonnull (c);
  g_assert_cmpuint (json_array_get_length (c), ==, 1);
  g_assert_cmpstr (json_array_get_string_element (c, 0), ==, "3-ccc");

  leaves = tj_store_get_leaves (f->store, "x", &error);
  g_assert_cmpuint (json_array_get_length (leaves), ==, 2);

  conflicts = tj_store_list_conflicts (f->store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (json_array_get_length (conflicts), ==, 1);
  g_assert_cmpstr (tj_json_get_string (json_array_get_object_element (conflicts, 0), "id", NULL), ==, "x");
  g_assert_cmpstr (tj_json_get_string (json_array_get_object_element (conflicts, 0), "winner", NULL), ==, "3-ddd");

  /* The losing branch's content is still there. */
  g_clear_pointer (&doc, json_object_unref);
  doc = tj_store_get (f->store, "x", "3-ccc", TJ_GET_NONE, &error);
  g_assert_no_error (error);
  g_assert_cmpint (tj_json_get_int (doc, "v", 0), ==, 3);
}

static void
test_winner_rules (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) doc = NULL;
  g_autofree char *w = NULL;

  /* A longer branch beats a shorter one regardless of hash. */
  put_replicated (f->store, "{\"_id\":\"w\",\"_rev\":\"2-zzz\",\"_revisions\":{\"start\":2,\"ids\":[\"zzz\",\"aaa\"]}}");
  put_replicated (f->store, "{\"_id\":\"w\",\"_rev\":\"3-bbb\",\"_revisions\":{\"start\":3,\"ids\":[\"bbb\",\"yyy\",\"aaa\"]}}");
  w = winner_of (f->store, "w");
  g_assert_cmpstr (w, ==, "3-bbb");
  g_clear_pointer (&w, g_free);

  /* A deleted leaf loses to a live one even with a higher generation. */
  put_replicated (f->store, "{\"_id\":\"w\",\"_rev\":\"4-eee\",\"_deleted\":true,"
                  "\"_revisions\":{\"start\":4,\"ids\":[\"eee\",\"bbb\",\"yyy\",\"aaa\"]}}");
  w = winner_of (f->store, "w");
  g_assert_cmpstr (w, ==, "2-zzz");
  g_clear_pointer (&w, g_free);

  doc = tj_store_get (f->store, "w", NULL, TJ_GET_CONFLICTS | TJ_GET_DELETED_CONFLICTS, &error);
  g_assert_no_error (error);
  g_assert_false (json_object_has_member (doc, "_conflicts"));
  g_assert_cmpstr (json_array_get_string_element (tj_json_get_array (doc, "_deleted_conflicts"), 0), ==, "4-eee");

  /* Only deleted leaves: the document is deleted; the highest tombstone wins. */
  put_replicated (f->store, "{\"_id\":\"w\",\"_rev\":\"3-fff\",\"_deleted\":true,"
                  "\"_revisions\":{\"start\":3,\"ids\":[\"fff\",\"zzz\",\"aaa\"]}}");
  w = winner_of (f->store, "w");
  g_assert_cmpstr (w, ==, "4-eee");
  g_clear_pointer (&doc, json_object_unref);
  g_assert_null (tj_store_get (f->store, "w", NULL, TJ_GET_NONE, &error));
  g_assert_error (error, TJ_ERROR, TJ_ERROR_NOT_FOUND);
}

static void
test_idempotent_graft (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  const char *d = "{\"_id\":\"i\",\"_rev\":\"2-b\",\"v\":1,\"_revisions\":{\"start\":2,\"ids\":[\"b\",\"a\"]}}";
  gint64 seq;

  put_replicated (f->store, d);
  seq = tj_store_get_update_seq (f->store);
  /* Delivered again (changes may repeat): nothing changes, not even the seq. */
  put_replicated (f->store, d);
  put_replicated (f->store, d);
  g_assert_cmpint (tj_store_get_update_seq (f->store), ==, seq);
  {
    g_autoptr(JsonArray) leaves = tj_store_get_leaves (f->store, "i", &error);
    g_assert_no_error (error);
    g_assert_cmpuint (json_array_get_length (leaves), ==, 1);
  }
  /* An ancestor arriving later is known too: nothing changes. */
  put_replicated (f->store, "{\"_id\":\"i\",\"_rev\":\"1-a\",\"v\":0}");
  g_assert_cmpint (tj_store_get_update_seq (f->store), ==, seq);
}

static void
test_bad_replicated_input (Fixture       *f,
                           gconstpointer  data)
{
  const char *bad[] = {
    "{\"_id\":\"b\",\"_rev\":\"nonsense\"}",
    "{\"_id\":\"b\",\"_rev\":\"2-x\",\"_revisions\":{\"start\":3,\"ids\":[\"x\",\"y\"]}}",
    "{\"_id\":\"b\",\"_rev\":\"2-x\",\"_revisions\":{\"start\":2,\"ids\":[\"q\",\"y\"]}}",
    "{\"_id\":\"b\",\"_rev\":\"2-x\",\"_revisions\":{\"start\":2,\"ids\":[\"x\",5]}}",
    "{\"_id\":\"b\",\"_rev\":\"1-x\",\"_revisions\":{\"start\":1,\"ids\":[\"x\",\"y\",\"z\"]}}",
    "{\"_rev\":\"1-x\"}",
    "{\"_id\":\"b\",\"_rev\":\"1-x\",\"_attachments\":{\"f\":{\"data\":\"@@@\"}}}",
    "{\"_id\":\"b\",\"_rev\":\"1-x\",\"_attachments\":{\"f\":{\"stub\":true,\"digest\":\"md5-nope\"}}}",
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonObject) doc = tj_test_object (bad[i]);
      g_assert_false (tj_store_put_replicated (f->store, doc, &error));
      g_assert_error (error, TJ_ERROR, TJ_ERROR_INVALID);
    }
  /* Nothing was written. */
  g_assert_cmpint (tj_store_get_update_seq (f->store), ==, 0);
}

static void
test_revs_diff (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) req = NULL;
  g_autoptr(JsonObject) diff = NULL;
  JsonObject *entry;

  put_replicated (f->store, "{\"_id\":\"r\",\"_rev\":\"2-b\",\"_revisions\":{\"start\":2,\"ids\":[\"b\",\"a\"]}}");
  req = tj_test_object ("{\"r\":[\"1-a\",\"2-b\",\"3-c\"],\"new\":[\"1-z\"],\"known\":[]}");
  diff = tj_store_revs_diff (f->store, req, &error);
  g_assert_no_error (error);
  entry = tj_json_get_object (diff, "r");
  g_assert_nonnull (entry);
  g_assert_cmpuint (json_array_get_length (tj_json_get_array (entry, "missing")), ==, 1);
  g_assert_cmpstr (json_array_get_string_element (tj_json_get_array (entry, "missing"), 0), ==, "3-c");
  g_assert_cmpstr (json_array_get_string_element (tj_json_get_array (entry, "possible_ancestors"), 0), ==, "2-b");
  g_assert_nonnull (tj_json_get_object (diff, "new"));
  g_assert_false (json_object_has_member (diff, "known"));
}

static void
test_stemming (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) doc = NULL;
  g_autofree char *rev = tj_test_put (f->store, "{\"_id\":\"s\",\"n\":0}");
  sqlite3_stmt *st;
  int count = 0;

  g_assert_true (tj_store_set_revs_limit (f->store, 5, &error));
  for (int i = 1; i <= 20; i++)
    {
      g_autofree char *json = g_strdup_printf ("{\"_id\":\"s\",\"_rev\":\"%s\",\"n\":%d}", rev, i);
      g_free (rev);
      rev = tj_test_put (f->store, json);
    }
  g_assert_true (g_str_has_prefix (rev, "21-"));

  sqlite3_prepare_v2 (tj_store_get_sqlite (f->store), "SELECT COUNT(*) FROM revs", -1, &st, NULL);
  g_assert_cmpint (sqlite3_step (st), ==, SQLITE_ROW);
  count = sqlite3_column_int (st, 0);
  sqlite3_finalize (st);
  g_assert_cmpint (count, ==, 5);

  doc = tj_store_get (f->store, "s", NULL, TJ_GET_REVS, &error);
  g_assert_no_error (error);
  g_assert_cmpint (tj_json_get_int (doc, "n", -1), ==, 20);
  g_assert_cmpint (tj_json_get_int (tj_json_get_object (doc, "_revisions"), "start", 0), ==, 21);
  g_assert_cmpuint (json_array_get_length (tj_json_get_array (tj_json_get_object (doc, "_revisions"), "ids")), ==, 5);

  /* The limit survives reopening. */
  g_clear_object (&f->store);
  f->store = tj_store_open (f->path, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (tj_store_get_revs_limit (f->store), ==, 5);
}

static int
count_rows (TjStore    *store,
            const char *sql)
{
  sqlite3_stmt *st;
  int n = -1;
  sqlite3_prepare_v2 (tj_store_get_sqlite (store), sql, -1, &st, NULL);
  if (sqlite3_step (st) == SQLITE_ROW)
    n = sqlite3_column_int (st, 0);
  sqlite3_finalize (st);
  return n;
}

static void
test_attachments (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *b64 = g_base64_encode ((const guchar *) "signed agreement scan", 21);
  g_autofree char *j1 = g_strdup_printf ("{\"_id\":\"e1\",\"_attachments\":{\"scan.jpg\":"
                                         "{\"content_type\":\"image/jpeg\",\"data\":\"%s\"}}}", b64);
  g_autofree char *j2 = g_strdup_printf ("{\"_id\":\"e2\",\"_attachments\":{\"copy.jpg\":"
                                         "{\"content_type\":\"image/jpeg\",\"data\":\"%s\"}}}", b64);
  g_autofree char *r1 = tj_test_put (f->store, j1);
  g_autofree char *r2 = tj_test_put (f->store, j2);
  g_autofree char *r3 = NULL;
  g_autoptr(JsonObject) doc = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *ctype = NULL;
  JsonObject *att;

  /* Stored once per digest. */
  g_assert_cmpint (count_rows (f->store, "SELECT COUNT(*) FROM blobs"), ==, 1);

  doc = tj_store_get (f->store, "e1", NULL, TJ_GET_NONE, &error);
  g_assert_no_error (error);
  att = tj_json_get_object (tj_json_get_object (doc, "_attachments"), "scan.jpg");
  g_assert_true (tj_json_get_bool (att, "stub", FALSE));
  g_assert_cmpint (tj_json_get_int (att, "length", 0), ==, 21);
  g_assert_cmpint (tj_json_get_int (att, "revpos", 0), ==, 1);
  g_assert_true (g_str_has_prefix (tj_json_get_string (att, "digest", ""), "md5-"));

  /* An update that keeps the attachment as a stub. */
  {
    g_autofree char *j = g_strdup_printf ("{\"_id\":\"e1\",\"_rev\":\"%s\",\"note\":\"x\","
                                          "\"_attachments\":{\"scan.jpg\":{\"stub\":true}}}", r1);
    r3 = tj_test_put (f->store, j);
  }
  bytes = tj_store_get_attachment (f->store, "e1", NULL, "scan.jpg", &ctype, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (ctype, ==, "image/jpeg");
  g_assert_cmpmem (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), "signed agreement scan", 21);

  g_clear_pointer (&doc, json_object_unref);
  doc = tj_store_get (f->store, "e1", NULL, TJ_GET_ATTACHMENTS, &error);
  att = tj_json_get_object (tj_json_get_object (doc, "_attachments"), "scan.jpg");
  g_assert_cmpstr (tj_json_get_string (att, "data", NULL), ==, b64);
  g_assert_cmpint (tj_json_get_int (att, "revpos", 0), ==, 1);

  /* A stub with no data behind it is refused. */
  {
    g_autofree char *j = g_strdup_printf ("{\"_id\":\"e2\",\"_rev\":\"%s\","
                                          "\"_attachments\":{\"other.jpg\":{\"stub\":true}}}", r2);
    g_autoptr(JsonObject) bad = tj_test_object (j);
    g_assert_null (tj_store_put (f->store, bad, NULL, &error));
    g_assert_error (error, TJ_ERROR, TJ_ERROR_INVALID);
    g_clear_error (&error);
  }

  /* Removing the attachment from both documents frees the blob. */
  {
    g_autofree char *ja = g_strdup_printf ("{\"_id\":\"e1\",\"_rev\":\"%s\"}", r3);
    g_autofree char *jb = g_strdup_printf ("{\"_id\":\"e2\",\"_rev\":\"%s\"}", r2);
    g_autofree char *x = tj_test_put (f->store, ja);
    g_autofree char *y = tj_test_put (f->store, jb);
  }
  g_assert_cmpint (count_rows (f->store, "SELECT COUNT(*) FROM blobs"), ==, 0);
}

static void
test_resolve_conflict (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *other_path = g_build_filename (f->dir, "station2.db", NULL);
  g_autoptr(TjStore) other = tj_store_open (other_path, &error);
  const char *branches[] = {
    "{\"_id\":\"k\",\"_rev\":\"2-aaa\",\"owed\":100,\"_revisions\":{\"start\":2,\"ids\":[\"aaa\",\"root\"]}}",
    "{\"_id\":\"k\",\"_rev\":\"2-bbb\",\"owed\":200,\"_revisions\":{\"start\":2,\"ids\":[\"bbb\",\"root\"]}}",
  };
  g_autofree char *r1 = NULL;
  g_autofree char *r2 = NULL;
  g_autoptr(JsonArray) conflicts = NULL;
  g_autoptr(JsonObject) a = NULL;
  g_autoptr(JsonObject) b = NULL;

  g_assert_no_error (error);
  for (guint i = 0; i < 2; i++)
    {
      put_replicated (f->store, branches[i]);
      put_replicated (other, branches[1 - i]);
    }

  /* Both stations pick the 100 version (the loser) and merge in a note. */
  a = tj_test_object ("{\"_id\":\"k\",\"_rev\":\"2-aaa\",\"owed\":100,\"note\":\"merged\"}");
  b = tj_test_object ("{\"_id\":\"k\",\"_rev\":\"2-aaa\",\"owed\":100,\"note\":\"merged\"}");
  r1 = tj_store_resolve_conflict (f->store, a, &error);
  g_assert_no_error (error);
  r2 = tj_store_resolve_conflict (other, b, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (r1, ==, r2);

  conflicts = tj_store_list_conflicts (f->store, &error);
  g_assert_cmpuint (json_array_get_length (conflicts), ==, 0);
  {
    g_autoptr(JsonObject) doc = tj_store_get (f->store, "k", NULL, TJ_GET_CONFLICTS | TJ_GET_DELETED_CONFLICTS, &error);
    g_assert_cmpint (tj_json_get_int (doc, "owed", 0), ==, 100);
    g_assert_false (json_object_has_member (doc, "_conflicts"));
    g_assert_nonnull (tj_json_get_array (doc, "_deleted_conflicts"));
    /* The tombstone of the other branch is the same on both stations. */
    {
      g_autoptr(JsonObject) doc2 = tj_store_get (other, "k", NULL, TJ_GET_DELETED_CONFLICTS, &error);
      g_assert_cmpstr (json_array_get_string_element (tj_json_get_array (doc, "_deleted_conflicts"), 0), ==,
                       json_array_get_string_element (tj_json_get_array (doc2, "_deleted_conflicts"), 0));
    }
  }
}

static void
test_local_docs (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) cp = tj_test_object ("{\"session_id\":\"s1\",\"source_last_seq\":\"42-abc\"}");
  g_autoptr(JsonObject) got = NULL;
  g_autoptr(JsonObject) changes = NULL;

  g_assert_true (tj_store_put_local (f->store, "_local/rep1", cp, &error));
  g_assert_true (tj_store_put_local (f->store, "_local/rep1", cp, &error));
  g_assert_no_error (error);
  got = tj_store_get (f->store, "_local/rep1", NULL, TJ_GET_NONE, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (tj_json_get_string (got, "_rev", NULL), ==, "0-2");
  g_assert_cmpstr (tj_json_get_string (got, "source_last_seq", NULL), ==, "42-abc");

  /* Never in the changes feed. */
  changes = tj_store_changes (f->store, 0, 0, &error);
  g_assert_cmpuint (json_array_get_length (tj_json_get_array (changes, "results")), ==, 0);
  g_assert_false (tj_store_put_local (f->store, "rep1", cp, &error));
  g_assert_error (error, TJ_ERROR, TJ_ERROR_INVALID);
}

typedef struct {
  int calls;
  int resets;
  gboolean fail_next;
} IndexState;

static gboolean
count_reset (TjStore *store, gpointer user_data, GError **error)
{
  ((IndexState *) user_data)->resets++;
  return TRUE;
}

static gboolean
count_indexer (TjStore *store, const char *id, JsonObject *winner, gpointer user_data, GError **error)
{
  IndexState *s = user_data;
  if (s->fail_next)
    {
      g_set_error (error, TJ_ERROR, TJ_ERROR_INVALID, "refused by the indexer");
      return FALSE;
    }
  s->calls++;
  return TRUE;
}

static void
test_indexer (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  IndexState s = { 0 };
  g_autofree char *r = tj_test_put (f->store, "{\"_id\":\"pre\",\"v\":1}");

  /* New indexer: reset + every existing document. */
  g_assert_true (tj_store_add_indexer (f->store, "count", 1, count_reset, count_indexer, &s, &error));
  g_assert_no_error (error);
  g_assert_cmpint (s.resets, ==, 1);
  g_assert_cmpint (s.calls, ==, 1);

  g_free (tj_test_put (f->store, "{\"_id\":\"post\",\"v\":1}"));
  g_assert_cmpint (s.calls, ==, 2);

  /* An indexer that fails rolls the whole write back. */
  s.fail_next = TRUE;
  {
    g_autoptr(JsonObject) doc = tj_test_object ("{\"_id\":\"refused\"}");
    g_assert_null (tj_store_put (f->store, doc, NULL, &error));
    g_assert_error (error, TJ_ERROR, TJ_ERROR_INVALID);
    g_clear_error (&error);
    g_assert_null (tj_store_get (f->store, "refused", NULL, TJ_GET_DELETED, &error));
    g_assert_error (error, TJ_ERROR, TJ_ERROR_NOT_FOUND);
  }
}

static gboolean
count_flush (TjStore *store, gpointer user_data, GError **error)
{
  ((IndexState *) user_data)->resets += 100;
  return TRUE;
}

/* Writes made by a store without the indexer (another process, a sync
 * thread) are caught up when the indexer is attached again; the flush runs
 * once per outermost transaction. */
static void
test_indexer_catch_up (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  IndexState s = { 0 };
  IndexState s2 = { 0 };
  g_autoptr(TjStore) plain = tj_store_open (f->path, &error);
  g_autoptr(TjStore) again = NULL;

  g_assert_true (tj_store_add_indexer_full (f->store, "count", 1, NULL, count_indexer, count_flush,
                                            NULL, &s, &error));
  g_assert_no_error (error);
  s.resets = 0;
  g_assert_true (tj_store_begin (f->store, &error));
  g_free (tj_test_put (f->store, "{\"_id\":\"a\"}"));
  g_free (tj_test_put (f->store, "{\"_id\":\"b\"}"));
  g_assert_true (tj_store_commit (f->store, &error));
  g_assert_cmpint (s.calls, ==, 2);
  g_assert_cmpint (s.resets, ==, 100);

  /* Written while no indexer was attached to this instance. */
  g_free (tj_test_put (plain, "{\"_id\":\"c\"}"));
  g_free (tj_test_put (plain, "{\"_id\":\"d\"}"));

  again = tj_store_open (f->path, &error);
  g_assert_true (tj_store_add_indexer_full (again, "count", 1, NULL, count_indexer, count_flush,
                                            NULL, &s2, &error));
  g_assert_no_error (error);
  g_assert_cmpint (s2.calls, ==, 2);
  g_assert_cmpint (s2.resets, ==, 100);
}

static void
test_nested_transaction (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (tj_store_begin (f->store, &error));
  g_free (tj_test_put (f->store, "{\"_id\":\"t1\"}"));
  g_free (tj_test_put (f->store, "{\"_id\":\"t2\"}"));
  tj_store_rollback (f->store);
  g_assert_cmpint (tj_store_get_update_seq (f->store), ==, 0);

  g_assert_true (tj_store_begin (f->store, &error));
  g_free (tj_test_put (f->store, "{\"_id\":\"t1\"}"));
  g_assert_true (tj_store_commit (f->store, &error));
  g_assert_cmpint (tj_store_get_update_seq (f->store), ==, 1);
}

/* An all-or-nothing transaction: nested writes commit with it; one that
 * fails dooms it, so nothing of it is written, not even what came before
 * the failure; inside another transaction it nests as usual. */
static void
test_whole_transaction (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) conflict = tj_test_object ("{\"_id\":\"w1\"}");
  char *rev;

  g_assert_true (tj_store_begin_whole (f->store, &error));
  g_free (tj_test_put (f->store, "{\"_id\":\"w1\"}"));
  g_free (tj_test_put (f->store, "{\"_id\":\"w2\"}"));
  g_assert_true (tj_store_commit (f->store, &error));
  g_assert_no_error (error);
  g_assert_cmpint (tj_store_get_update_seq (f->store), ==, 2);

  /* w1 exists: the second put of it fails inside the transaction. */
  g_assert_true (tj_store_begin_whole (f->store, &error));
  g_free (tj_test_put (f->store, "{\"_id\":\"w3\"}"));
  rev = tj_store_put (f->store, conflict, NULL, &error);
  g_assert_null (rev);
  g_assert_error (error, TJ_ERROR, TJ_ERROR_CONFLICT);
  g_clear_error (&error);
  g_free (tj_test_put (f->store, "{\"_id\":\"w4\"}"));
  g_assert_false (tj_store_commit (f->store, &error));
  g_assert_error (error, TJ_ERROR, TJ_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_cmpint (tj_store_get_update_seq (f->store), ==, 2);
  g_assert_null (tj_store_get (f->store, "w3", NULL, TJ_GET_NONE, NULL));
  g_assert_null (tj_store_get (f->store, "w4", NULL, TJ_GET_NONE, NULL));

  /* The next transaction is an ordinary one again: a failed nested write
   * is undone alone. */
  g_assert_true (tj_store_begin (f->store, &error));
  g_free (tj_test_put (f->store, "{\"_id\":\"w5\"}"));
  g_assert_null (tj_store_put (f->store, conflict, NULL, NULL));
  g_assert_true (tj_store_commit (f->store, &error));
  g_assert_no_error (error);
  g_assert_cmpint (tj_store_get_update_seq (f->store), ==, 3);

  /* Nested in an ordinary transaction, begin_whole is a savepoint. */
  g_assert_true (tj_store_begin (f->store, &error));
  g_assert_true (tj_store_begin_whole (f->store, &error));
  g_assert_null (tj_store_put (f->store, conflict, NULL, NULL));
  g_free (tj_test_put (f->store, "{\"_id\":\"w6\"}"));
  g_assert_true (tj_store_commit (f->store, &error));
  g_assert_true (tj_store_commit (f->store, &error));
  g_assert_no_error (error);
  g_assert_cmpint (tj_store_get_update_seq (f->store), ==, 4);
}

/* The SQL helpers the indexers share: errors come back in TJ_ERROR and
 * name the database file. */
static void
test_sql_helpers (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  sqlite3_stmt *st;

  g_assert_true (tj_store_exec (f->store, "CREATE TABLE t (k TEXT PRIMARY KEY, v TEXT);", &error));
  g_assert_no_error (error);

  st = tj_store_statement (f->store, "INSERT INTO t (k, v) VALUES (?1, ?2)", &error);
  g_assert_nonnull (st);
  sqlite3_bind_text (st, 1, "a", -1, SQLITE_STATIC);
  tj_store_bind_text_or_null (st, 2, "");
  g_assert_true (tj_store_step_done (f->store, st, &error));
  g_assert_no_error (error);
  sqlite3_bind_text (st, 1, "b", -1, SQLITE_STATIC);
  tj_store_bind_text_or_null (st, 2, "工资 二");
  g_assert_true (tj_store_step_done (f->store, st, &error));

  /* The same key again: the statement fails, is reset, and can be used on. */
  sqlite3_bind_text (st, 1, "a", -1, SQLITE_STATIC);
  g_assert_false (tj_store_step_done (f->store, st, &error));
  g_assert_error (error, TJ_ERROR, TJ_ERROR_FAILED);
  g_assert_nonnull (strstr (error->message, "test.db"));
  g_clear_error (&error);

  st = tj_store_prepare (f->store, "SELECT v, v IS NULL FROM t ORDER BY k", &error);
  g_assert_no_error (error);
  g_assert_cmpint (sqlite3_step (st), ==, SQLITE_ROW);
  g_assert_cmpstr (tj_store_column_text (st, 0), ==, "");
  g_assert_cmpint (sqlite3_column_int (st, 1), ==, 1);
  g_assert_cmpint (sqlite3_step (st), ==, SQLITE_ROW);
  g_assert_cmpstr (tj_store_column_text (st, 0), ==, "工资 二");
  g_assert_cmpint (sqlite3_step (st), ==, SQLITE_DONE);
  sqlite3_finalize (st);

  g_assert_true (tj_store_exec_with_id (f->store, "DELETE FROM t WHERE k = ?1", "a", &error));
  g_assert_no_error (error);
  st = tj_store_statement (f->store, "SELECT group_concat(k) FROM t", &error);
  g_assert_cmpint (sqlite3_step (st), ==, SQLITE_ROW);
  g_assert_cmpstr (tj_store_column_text (st, 0), ==, "b");
  sqlite3_reset (st);

  g_assert_null (tj_store_prepare (f->store, "SELECT v FROM nowhere", &error));
  g_assert_error (error, TJ_ERROR, TJ_ERROR_FAILED);
  g_assert_nonnull (strstr (error->message, "nowhere"));
  g_clear_error (&error);
  g_assert_false (tj_store_exec (f->store, "DROP TABLE nowhere;", &error));
  g_assert_error (error, TJ_ERROR, TJ_ERROR_FAILED);
  g_clear_error (&error);

  g_assert_false (tj_store_set_error (f->store, SQLITE_BUSY, &error));
  g_assert_error (error, TJ_ERROR, TJ_ERROR_BUSY);
  g_clear_error (&error);
  g_assert_false (tj_store_set_error (f->store, SQLITE_CORRUPT, &error));
  g_assert_error (error, TJ_ERROR, TJ_ERROR_CORRUPT);
}

static void
test_json_deep_copy (void)
{
  g_autoptr(JsonObject) a = tj_test_object ("{\"w\":{\"name\":\"张三\"},\"l\":[{\"x\":1}]}");
  g_autoptr(JsonObject) b = tj_json_object_copy (a);

  json_object_set_string_member (tj_json_get_object (b, "w"), "name", "李四");
  json_object_set_int_member (json_array_get_object_element (tj_json_get_array (b, "l"), 0), "x", 2);
  g_assert_cmpstr (tj_json_get_string (tj_json_get_object (a, "w"), "name", NULL), ==, "张三");
  g_assert_cmpint (tj_json_get_int (json_array_get_object_element (tj_json_get_array (a, "l"), 0), "x", 0), ==, 1);
}

/* What json-glib would take in and get wrong is refused by tj_json_parse(),
 * naming the line, the column and the member. */
static void
test_json_strict (void)
{
  static const struct { const char *text; const char *expect; } bad[] = {
    { "{\"workers\":[{\"name\":\"张\\u0000三\"}]}", "workers[0].name" },   /* NUL cuts a name short */
    { "{\"name\":\"x\\377y\"}", "“name”" },                                 /* octal escape: not UTF-8 */
    { "{\"name\":\"\\ud800\"}", "“name”" },                                 /* a lone surrogate */
    { "{\"name\":\"a\tb\"}", "“name”" },                                    /* a raw control character */
    { "{\"owed_fen\":99999999999999999999}", "owed_fen" },                  /* json-glib wraps it to -1 */
    { "{\"owed_fen\":1e999}", "owed_fen" },                                 /* infinity */
    { "{\"owed_fen\":0x10}", "owed_fen" },
    { "{\"owed_fen\":012}", "owed_fen" },
    { "{\"a\":1,}", "line 1, column 8" },
    { "{\"a\":1} trailing", "line 1, column 9" },
    { "{\"a\":\n  /* comment */ 1}", "line 2, column 3" },
    { "\"\xff\"", "UTF-8" },
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) deep = g_string_new (NULL);
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(JsonObject) o = NULL;
  g_autofree char *canonical = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(JsonNode) n = tj_json_parse (bad[i].text, -1, &error);
      g_assert_null (n);
      g_assert_error (error, TJ_ERROR, TJ_ERROR_INVALID);
      if (strstr (error->message, bad[i].expect) == NULL)
        g_error ("“%s”: “%s” does not name %s", bad[i].text, error->message, bad[i].expect);
      g_clear_error (&error);
    }

  /* 100,000 levels used to overflow the stack in json-glib. */
  for (guint i = 0; i < 100000; i++)
    g_string_append_c (deep, '[');
  node = tj_json_parse (deep->str, -1, &error);
  g_assert_null (node);
  g_assert_error (error, TJ_ERROR, TJ_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "80"));
  g_clear_error (&error);
  /* As deep as a text may be is fine. */
  g_string_truncate (deep, TJ_JSON_MAX_TEXT_DEPTH);
  for (guint i = 0; i < TJ_JSON_MAX_TEXT_DEPTH; i++)
    g_string_append_c (deep, ']');
  node = tj_json_parse (deep->str, -1, &error);
  g_assert_no_error (error);
  g_assert_nonnull (node);

  /* Valid JSON still reads, escapes and all. */
  o = tj_json_parse_object ("{\"s\":\"\\u5f20\\ud83d\\ude00\\\"\\\\\\/\\b\\f\\n\\r\\t\",\"n\":-0,\"d\":1.5e2,"
                            "\"big\":1e308,\"min\":-9223372036854775808,\"l\":[true,false,null,{}]}", -1, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (tj_json_get_string (o, "s", NULL), ==, "张😀\"\\/\b\f\n\r\t");
  g_assert_cmpint (tj_json_get_int (o, "min", 0), ==, G_MININT64);
  /* A double beyond the range of gint64 is no integer (the cast was
   * undefined behaviour), and canonical JSON prints it as a number. */
  g_assert_cmpint (tj_json_get_int (o, "big", 7), ==, 7);
  g_assert_cmpint (tj_json_get_int (o, "d", 7), ==, 150);
  canonical = tj_json_canonical_object (o);
  g_assert_nonnull (strstr (canonical, "\"big\":1e+308"));
  g_assert_nonnull (strstr (canonical, "\"d\":150"));
}

/* One depth limit, the same for every write path, so that what one
 * station stores every other can read (issue 12: a document 300 deep
 * stopped every station's pull). */
static JsonObject *
nested (guint       depth,
        const char *id,
        const char *rev)
{
  g_autoptr(GString) text = g_string_new (NULL);
  JsonObject *o;

  g_string_append_printf (text, "{\"_id\":\"%s\"", id);
  if (rev)
    g_string_append_printf (text, ",\"_rev\":\"%s\"", rev);
  g_string_append (text, ",\"d\":");
  for (guint i = 1; i < depth; i++)
    g_string_append_c (text, '[');
  for (guint i = 1; i < depth; i++)
    g_string_append_c (text, ']');
  g_string_append_c (text, '}');
  o = tj_json_parse_object (text->str, -1, NULL);
  g_assert_nonnull (o);
  return o;
}

static void
test_depth_limit (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) ok = nested (TJ_JSON_MAX_DEPTH, "ok", NULL);
  g_autoptr(JsonObject) deep = nested (TJ_JSON_MAX_DEPTH + 1, "deep", NULL);
  g_autoptr(JsonObject) deep_replicated = nested (TJ_JSON_MAX_DEPTH + 1, "deep", "1-abc");
  g_autoptr(JsonObject) deep_local = nested (TJ_JSON_MAX_DEPTH + 1, "_local/deep", NULL);
  g_autofree char *rev = NULL;
  gint64 seq = tj_store_get_update_seq (f->store);

  rev = tj_store_put (f->store, ok, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (rev);
  seq = tj_store_get_update_seq (f->store);

  g_assert_null (tj_store_put (f->store, deep, NULL, &error));
  g_assert_error (error, TJ_ERROR, TJ_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "deep"));
  g_assert_nonnull (strstr (error->message, "64"));
  g_clear_error (&error);

  g_assert_false (tj_store_put_replicated (f->store, deep_replicated, &error));
  g_assert_error (error, TJ_ERROR, TJ_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "64"));
  g_clear_error (&error);

  g_assert_false (tj_store_put_local (f->store, "_local/deep", deep_local, &error));
  g_assert_error (error, TJ_ERROR, TJ_ERROR_INVALID);
  g_clear_error (&error);

  /* Nothing was written. */
  g_assert_cmpint (tj_store_get_update_seq (f->store), ==, seq);
  g_assert_null (tj_store_get (f->store, "deep", NULL, TJ_GET_DELETED, &error));
  g_assert_error (error, TJ_ERROR, TJ_ERROR_NOT_FOUND);
}

/* Strings entering the store are UTF-8: a document built in code (or by
 * a lenient parser) with other bytes is refused naming the member, on a
 * local and a replicated write alike, instead of being stored unreadable. */
static void
test_refuses_bad_text (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) doc = tj_test_object ("{\"_id\":\"c1\",\"type\":\"party\"}");
  g_autoptr(JsonObject) replicated = tj_test_object ("{\"_id\":\"c2\",\"_rev\":\"1-abc\"}");
  g_autoptr(JsonObject) inner = json_object_new ();
  g_autoptr(JsonObject) number = tj_test_object ("{\"_id\":\"c3\"}");

  json_object_set_string_member (doc, "name", "\xff\xfe");
  g_assert_null (tj_store_put (f->store, doc, NULL, &error));
  g_assert_error (error, TJ_ERROR, TJ_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "c1"));
  g_assert_nonnull (strstr (error->message, "“name”"));
  g_clear_error (&error);

  json_object_set_string_member (inner, "x\xc3", "v");
  json_object_set_object_member (replicated, "employer", g_steal_pointer (&inner));
  g_assert_false (tj_store_put_replicated (f->store, replicated, &error));
  g_assert_error (error, TJ_ERROR, TJ_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "employer"));
  g_clear_error (&error);

  json_object_set_double_member (number, "owed", INFINITY);
  g_assert_null (tj_store_put (f->store, number, NULL, &error));
  g_assert_error (error, TJ_ERROR, TJ_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "owed"));
  g_clear_error (&error);

  g_assert_cmpint (tj_store_get_update_seq (f->store), ==, 0);
}

static void
test_damaged_file (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("tj-store-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "broken.db", NULL);
  g_autofree char *garbage = g_strnfill (8192, 'x');
  g_autoptr(TjStore) store = NULL;

  g_assert_true (g_file_set_contents (path, garbage, -1, NULL));
  store = tj_store_open (path, &error);
  g_assert_null (store);
  g_assert_error (error, TJ_ERROR, TJ_ERROR_CORRUPT);
  g_assert_nonnull (strstr (error->message, "broken.db"));
  tj_test_remove_tree (dir);
}

/* Another program's SQLite file is refused as it is: not turned to WAL,
 * no tables of ours added, not a byte changed. */
static void
test_foreign_file (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("tj-store-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "other.db", NULL);
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  g_autofree char *before = NULL, *after = NULL;
  gsize before_len = 0, after_len = 0;
  g_autoptr(TjStore) store = NULL;
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "CREATE TABLE contacts (name TEXT); INSERT INTO contacts VALUES ('x');",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
  g_assert_true (g_file_get_contents (path, &before, &before_len, NULL));

  store = tj_store_open (path, &error);
  g_assert_null (store);
  g_assert_error (error, TJ_ERROR, TJ_ERROR_CORRUPT);
  g_assert_nonnull (strstr (error->message, "other.db"));
  g_assert_true (g_file_get_contents (path, &after, &after_len, NULL));
  g_assert_cmpmem (before, before_len, after, after_len);
  g_assert_false (g_file_test (wal, G_FILE_TEST_EXISTS));
  tj_test_remove_tree (dir);
}

static char *
index_sql (TjStore    *store,
           const char *name)
{
  sqlite3_stmt *st = NULL;
  char *sql = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (tj_store_get_sqlite (store),
                                       "SELECT sql FROM sqlite_schema WHERE type = 'index' AND name = ?",
                                       -1, &st, NULL), ==, SQLITE_OK);
  sqlite3_bind_text (st, 1, name, -1, SQLITE_STATIC);
  if (sqlite3_step (st) == SQLITE_ROW)
    sql = g_strdup ((const char *) sqlite3_column_text (st, 0));
  sqlite3_finalize (st);
  return sql;
}

static gboolean
collect_id (JsonObject *doc,
            gpointer    user_data)
{
  g_ptr_array_add (user_data, g_strdup (tj_json_get_string (doc, "_id", NULL)));
  return TRUE;
}

/* A file of schema 1 (docs_by_type on type and id) opens as schema 2 (on
 * type alone, a fifth of the size) with its documents, and a walk over
 * one type still comes in id order. */
static void
test_schema_upgrade (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *sql = NULL;
  sqlite3 *db = tj_store_get_sqlite (f->store);

  g_free (tj_test_put (f->store, "{\"_id\": \"s-b\", \"type\": \"station\"}"));
  g_free (tj_test_put (f->store, "{\"_id\": \"p-1\", \"type\": \"party\"}"));
  g_free (tj_test_put (f->store, "{\"_id\": \"s-a\", \"type\": \"station\"}"));
  g_free (tj_test_put (f->store, "{\"_id\": \"s-c\", \"type\": \"station\", \"_deleted\": true}"));
  g_assert_cmpint (sqlite3_exec (db,
                                 "DROP INDEX docs_by_type;"
                                 "CREATE INDEX docs_by_type ON docs (type, id) WHERE deleted = 0;"
                                 "PRAGMA user_version = 1;", NULL, NULL, NULL), ==, SQLITE_OK);
  g_clear_object (&f->store);

  f->store = tj_store_open (f->path, &error);
  g_assert_no_error (error);
  sql = index_sql (f->store, "docs_by_type");
  g_assert_nonnull (sql);
  g_assert_nonnull (strstr (sql, "(type)"));
  g_assert_true (tj_store_foreach (f->store, "station", collect_id, ids, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (ids->len, ==, 2);
  g_assert_cmpstr (g_ptr_array_index (ids, 0), ==, "s-a");
  g_assert_cmpstr (g_ptr_array_index (ids, 1), ==, "s-b");
}

/* A writer killed at a random moment leaves a consistent file: every
 * document either complete or absent, PRAGMA integrity_check ok. */
static void
test_crash_safety (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_object (&f->store);

  for (int round = 0; round < 4; round++)
    {
      int started[2];
      char byte;
      pid_t pid;

      g_assert_cmpint (pipe (started), ==, 0);
      pid = fork ();
      g_assert_cmpint (pid, >=, 0);
      if (pid == 0)
        {
          TjStore *store = tj_store_open (f->path, NULL);
          close (started[0]);
          for (int i = 0; store && i < 100000; i++)
            {
              /* Each document is a case with parties written together in one
               * transaction; "check" lets the parent verify completeness. */
              char id[64];
              g_autoptr(JsonObject) doc = json_object_new ();
              g_autofree char *payload = g_strnfill (200 + (i % 300), 'a' + (i % 26));
              tj_store_begin (store, NULL);
              for (int part = 0; part < 3; part++)
                {
                  g_snprintf (id, sizeof id, "r%d-d%d-p%d", round, i, part);
                  json_object_set_string_member (doc, "_id", id);
                  json_object_set_string_member (doc, "payload", payload);
                  json_object_set_int_member (doc, "len", strlen (payload));
                  g_free (tj_store_put (store, doc, NULL, NULL));
                }
              tj_store_commit (store, NULL);
              /* Writing has begun, whatever the machine's speed. */
              if (i == 0 && write (started[1], "s", 1) != 1)
                _exit (2);
            }
          _exit (0);
        }
      close (started[1]);
      while (read (started[0], &byte, 1) < 0 && errno == EINTR)
        ;
      close (started[0]);
      /* Then killed at a random moment of the writing. */
      g_usleep (g_random_int_range (0, 200000));
      kill (pid, SIGKILL);
      waitpid (pid, NULL, 0);
    }

  {
    g_autoptr(GError) error = NULL;
    g_autoptr(TjStore) store = tj_store_open (f->path, &error);
    sqlite3_stmt *st;
    GHashTable *groups = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
    int docs = 0;

    g_assert_no_error (error);
    sqlite3_prepare_v2 (tj_store_get_sqlite (store), "PRAGMA integrity_check", -1, &st, NULL);
    g_assert_cmpint (sqlite3_step (st), ==, SQLITE_ROW);
    g_assert_cmpstr ((const char *) sqlite3_column_text (st, 0), ==, "ok");
    sqlite3_finalize (st);

    /* Every document readable and whole; every group of three complete. */
    sqlite3_prepare_v2 (tj_store_get_sqlite (store), "SELECT id FROM docs", -1, &st, NULL);
    while (sqlite3_step (st) == SQLITE_ROW)
      {
        const char *id = (const char *) sqlite3_column_text (st, 0);
        g_autoptr(JsonObject) doc = tj_store_get (store, id, NULL, TJ_GET_NONE, &error);
        g_assert_no_error (error);
        g_assert_cmpint ((gint64) strlen (tj_json_get_string (doc, "payload", "")), ==,
                         tj_json_get_int (doc, "len", -1));
        {
          g_autofree char *group = g_strndup (id, strrchr (id, '-') - id);
          g_hash_table_replace (groups, g_steal_pointer (&group),
                                GINT_TO_POINTER (GPOINTER_TO_INT (g_hash_table_lookup (groups, group)) + 1));
        }
        docs++;
      }
    sqlite3_finalize (st);
    g_assert_cmpint (docs, >, 0);
    {
      GHashTableIter iter;
      gpointer key, value;
      g_hash_table_iter_init (&iter, groups);
      while (g_hash_table_iter_next (&iter, &key, &value))
        {
          if (GPOINTER_TO_INT (value) != 3)
            g_error ("group %s has %d of 3 documents", (char *) key, GPOINTER_TO_INT (value));
        }
    }
    g_test_message ("%d documents survived 4 kills, all complete", docs);
    g_hash_table_unref (groups);
  }
  f->store = tj_store_open (f->path, NULL);
}

int
main (int    argc,
      char **argv)
{
  tj_test_pin_today ("2026-11-22");
  g_test_init (&argc, &argv, NULL);

#define ADD(name, func) g_test_add ("/store/" name, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("put-get-update", test_put_get_update);
  ADD ("deterministic-revs", test_deterministic_revs);
  ADD ("delete-recreate", test_delete_and_recreate);
  ADD ("changes-feed", test_changes_feed);
  ADD ("graft-and-branch", test_graft_and_branch);
  ADD ("winner-rules", test_winner_rules);
  ADD ("idempotent-graft", test_idempotent_graft);
  ADD ("bad-replicated-input", test_bad_replicated_input);
  ADD ("revs-diff", test_revs_diff);
  ADD ("stemming", test_stemming);
  ADD ("attachments", test_attachments);
  ADD ("resolve-conflict", test_resolve_conflict);
  ADD ("local-docs", test_local_docs);
  ADD ("indexer", test_indexer);
  ADD ("indexer-catch-up", test_indexer_catch_up);
  ADD ("nested-transaction", test_nested_transaction);
  ADD ("whole-transaction", test_whole_transaction);
  ADD ("sql-helpers", test_sql_helpers);
  ADD ("crash-safety", test_crash_safety);
  ADD ("depth-limit", test_depth_limit);
  ADD ("refuses-bad-text", test_refuses_bad_text);
  ADD ("schema-upgrade", test_schema_upgrade);
#undef ADD
  g_test_add_func ("/store/damaged-file", test_damaged_file);
  g_test_add_func ("/store/foreign-file", test_foreign_file);
  g_test_add_func ("/store/json-deep-copy", test_json_deep_copy);
  g_test_add_func ("/store/json-strict", test_json_strict);

  return g_test_run ();
}
