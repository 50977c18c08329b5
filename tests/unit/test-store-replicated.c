/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The store's writes of replicated revisions taken apart
 * (tj_store_put_replicated_rev(): what a pull writes, the server's text as
 * it came), next to the same revisions written from JSON objects, and the
 * lookups a pull makes (tj_store_revs_missing(), tj_store_get_winner()). */

#include <glib/gstdio.h>
#include <string.h>

#include "tj-json.h"
#include "tj-store.h"

typedef struct
{
  char    *dir;
  TjStore *text;     /* written with tj_store_put_replicated_rev() */
  TjStore *json;     /* written with tj_store_put_replicated_full() */
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *a = NULL, *b = NULL;

  f->dir = g_dir_make_tmp ("tj-store-rev-XXXXXX", &error);
  g_assert_no_error (error);
  a = g_build_filename (f->dir, "text.db", NULL);
  b = g_build_filename (f->dir, "json.db", NULL);
  f->text = tj_store_open (a, &error);
  g_assert_no_error (error);
  f->json = tj_store_open (b, &error);
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GDir) d = g_dir_open (f->dir, 0, NULL);
  const char *name;

  g_clear_object (&f->text);
  g_clear_object (&f->json);
  while (d && (name = g_dir_read_name (d)))
    {
      g_autofree char *p = g_build_filename (f->dir, name, NULL);
      g_remove (p);
    }
  g_rmdir (f->dir);
  g_free (f->dir);
}

/* A revision both ways: @json is the whole document as replication sends
 * it; @body the text the text way writes (the same content, as a server
 * may have written it: another member order, escapes, spaces). */
static TjReplicatedOutcome
put_both (Fixture    *f,
          const char *json,
          const char *body)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) doc = tj_json_parse_object (json, -1, &error);
  g_autoptr(GPtrArray) path = g_ptr_array_new_with_free_func (g_free);
  JsonObject *revisions;
  TjReplicatedOutcome by_text = TJ_REPLICATED_PLAIN, by_json = TJ_REPLICATED_PLAIN;
  TjReplicatedRev rev = { 0 };

  g_assert_no_error (error);
  revisions = tj_json_get_object (doc, "_revisions");
  rev.id = tj_json_get_string (doc, "_id", NULL);
  rev.rev = tj_json_get_string (doc, "_rev", NULL);
  if (revisions)
    {
      JsonArray *ids = tj_json_get_array (revisions, "ids");
      gint64 start = tj_json_get_int (revisions, "start", 0);

      for (guint i = 0; i < json_array_get_length (ids); i++)
        g_ptr_array_add (path, g_strdup_printf ("%" G_GINT64_FORMAT "-%s", start - i,
                                                json_array_get_string_element (ids, i)));
      rev.path = (const char * const *) path->pdata;
      rev.n_path = path->len;
    }
  rev.deleted = tj_json_get_bool (doc, "_deleted", FALSE);
  rev.body = body;
  rev.type = tj_json_get_string (doc, "type", NULL);
  rev.attachments = tj_json_get_object (doc, "_attachments");

  g_assert_true (tj_store_put_replicated_rev (f->text, &rev, &by_text, &error));
  g_assert_no_error (error);
  g_assert_true (tj_store_put_replicated_full (f->json, doc, &by_json, &error));
  g_assert_no_error (error);
  g_assert_cmpint (by_text, ==, by_json);
  return by_text;
}

static char *
canonical_get (TjStore    *store,
               const char *id,
               const char *rev)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) doc = tj_store_get (store, id, rev,
                                            TJ_GET_REVS | TJ_GET_CONFLICTS | TJ_GET_DELETED_CONFLICTS |
                                            TJ_GET_ATTACHMENTS | TJ_GET_DELETED, &error);
  g_assert_no_error (error);
  return tj_json_canonical_object (doc);
}

/* Both stores hold the same documents, trees, winners and changes feed. */
static void
assert_same (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) changes_text = tj_store_changes (f->text, 0, 0, &error);
  g_autoptr(JsonObject) changes_json = tj_store_changes (f->json, 0, 0, &error);
  g_autofree char *a = tj_json_canonical_object (changes_text);
  g_autofree char *b = tj_json_canonical_object (changes_json);
  JsonArray *rows = tj_json_get_array (changes_text, "results");

  g_assert_no_error (error);
  g_assert_cmpstr (a, ==, b);
  g_assert_cmpint (tj_store_get_update_seq (f->text), ==, tj_store_get_update_seq (f->json));
  for (guint i = 0; i < json_array_get_length (rows); i++)
    {
      JsonObject *row = json_array_get_object_element (rows, i);
      const char *id = tj_json_get_string (row, "id", NULL);
      JsonArray *leaves = tj_json_get_array (row, "changes");

      for (guint j = 0; j < json_array_get_length (leaves); j++)
        {
          const char *rev = tj_json_get_string (json_array_get_object_element (leaves, j), "rev", NULL);
          g_autofree char *x = canonical_get (f->text, id, rev);
          g_autofree char *y = canonical_get (f->json, id, rev);
          g_assert_cmpstr (x, ==, y);
        }
    }
}

static void
test_new_documents (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) got = NULL;
  g_autofree char *rev = NULL;
  gboolean deleted = TRUE;

  /* One revision, as a first replication's changes feed brings most. */
  put_both (f, "{\"_id\":\"c1\",\"_rev\":\"1-aaa\",\"type\":\"case\",\"title\":\"欠薪\",\"n\":[1,2]}",
            "{\"title\" : \"\\u6b20薪\", \"type\":\"case\",\"n\":[1, 2]}");
  /* A history, a deletion, an attachment. */
  put_both (f, "{\"_id\":\"c2\",\"_rev\":\"3-ccc\",\"_revisions\":{\"start\":3,\"ids\":[\"ccc\",\"bbb\",\"aaa\"]},"
               "\"type\":\"note\",\"text\":\"x\"}",
            "{\"type\":\"note\",\"text\":\"x\"}");
  put_both (f, "{\"_id\":\"c3\",\"_rev\":\"2-ddd\",\"_revisions\":{\"start\":2,\"ids\":[\"ddd\",\"aaa\"]},"
               "\"_deleted\":true}",
            "{}");
  put_both (f, "{\"_id\":\"c4\",\"_rev\":\"1-eee\",\"type\":\"document\",\"_attachments\":{\"a.txt\":"
               "{\"content_type\":\"text/plain\",\"data\":\"aGVsbG8gd29ybGQ=\",\"revpos\":1}}}",
            "{\"type\":\"document\"}");
  assert_same (f);

  /* The text is kept as it came, and reads back as the same content. */
  got = tj_store_get (f->text, "c1", NULL, TJ_GET_NONE, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (tj_json_get_string (got, "title", NULL), ==, "欠薪");
  g_assert_true (tj_store_get_winner (f->text, "c3", &rev, &deleted, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (rev, ==, "2-ddd");
  g_assert_true (deleted);
  g_assert_false (tj_store_get_winner (f->text, "nobody", &rev, &deleted, &error));
  g_assert_error (error, TJ_ERROR, TJ_ERROR_NOT_FOUND);
}

/* Revisions grafted onto what the store has: an edit, a conflict, an
 * edit overruling a deletion, the same revision twice. */
static void
test_existing_documents (Fixture       *f,
                         gconstpointer  data)
{
  put_both (f, "{\"_id\":\"d\",\"_rev\":\"1-aaa\",\"type\":\"case\",\"v\":1}", "{\"type\":\"case\",\"v\":1}");
  put_both (f, "{\"_id\":\"d\",\"_rev\":\"2-bbb\",\"_revisions\":{\"start\":2,\"ids\":[\"bbb\",\"aaa\"]},"
               "\"type\":\"case\",\"v\":2}", "{\"type\":\"case\",\"v\":2}");
  put_both (f, "{\"_id\":\"d\",\"_rev\":\"2-ccc\",\"_revisions\":{\"start\":2,\"ids\":[\"ccc\",\"aaa\"]},"
               "\"type\":\"case\",\"v\":3}", "{\"type\":\"case\",\"v\":3}");
  /* Already known: nothing happens. */
  put_both (f, "{\"_id\":\"d\",\"_rev\":\"2-bbb\",\"_revisions\":{\"start\":2,\"ids\":[\"bbb\",\"aaa\"]},"
               "\"type\":\"case\",\"v\":2}", "{\"type\":\"case\",\"v\":2}");
  assert_same (f);

  /* Deleted here, then an edit arrives on another branch: it wins. */
  put_both (f, "{\"_id\":\"e\",\"_rev\":\"1-aaa\",\"v\":1}", "{\"v\":1}");
  put_both (f, "{\"_id\":\"e\",\"_rev\":\"2-aaa\",\"_revisions\":{\"start\":2,\"ids\":[\"aaa\",\"aaa\"]},"
               "\"_deleted\":true}", "{}");
  g_assert_cmpint (put_both (f, "{\"_id\":\"e\",\"_rev\":\"3-fff\",\"_revisions\":{\"start\":3,"
                                "\"ids\":[\"fff\",\"eee\",\"aaa\"]},\"v\":2}", "{\"v\":2}"),
                   ==, TJ_REPLICATED_REVIVED);
  assert_same (f);
}

/* A history that does not lead to the revision is refused, and nothing
 * of it is written. */
static void
test_bad_history (Fixture       *f,
                  gconstpointer  data)
{
  static const char *const bad[][2] = {
    { "2-xxx", "1-aaa" },     /* the revision is not first */
    { "2-bbb", "3-aaa" },     /* generations do not follow */
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      const char *path[] = { bad[i][0], bad[i][1] };
      TjReplicatedRev rev = { "x", "2-bbb", path, 2, FALSE, "{}", NULL, NULL };
      TjReplicatedOutcome outcome;

      g_assert_false (tj_store_put_replicated_rev (f->text, &rev, &outcome, &error));
      g_assert_error (error, TJ_ERROR, TJ_ERROR_INVALID);
    }
  {
    g_autoptr(GError) error = NULL;
    TjReplicatedRev rev = { "_secret", "1-a", NULL, 0, FALSE, "{}", NULL, NULL };
    TjReplicatedOutcome outcome;

    g_assert_false (tj_store_put_replicated_rev (f->text, &rev, &outcome, &error));
    g_assert_error (error, TJ_ERROR, TJ_ERROR_INVALID);
  }
  g_assert_cmpint (tj_store_get_update_seq (f->text), ==, 0);
}

/* The indexers see the revision a pull writes as they see any winner:
 * "_id", "_rev" and its content; "type" is what the store lists by. */
static gboolean
collecting_indexer (TjStore     *store,
                    const char  *id,
                    JsonObject  *winner,
                    gpointer     user_data,
                    GError     **error)
{
  GPtrArray *seen = user_data;

  if (winner && tj_json_get_bool (winner, "refuse", FALSE))
    {
      g_set_error (error, TJ_ERROR, TJ_ERROR_INVALID, "refused by the test");
      return FALSE;
    }
  g_ptr_array_add (seen, winner ? tj_json_canonical_object (winner) : g_strdup_printf ("%s deleted", id));
  return TRUE;
}

static gboolean
reset_nothing (TjStore  *store,
               gpointer  user_data,
               GError  **error)
{
  return TRUE;
}

static gboolean
count_cb (JsonObject *doc,
          gpointer    user_data)
{
  (*(guint *) user_data)++;
  return TRUE;
}

static void
test_indexers (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GPtrArray) seen = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  TjReplicatedOutcome outcome;
  TjReplicatedRev rev = { "p1", "1-abc", NULL, 0, FALSE, "{\"type\":\"party\",\"name\":\"李四\"}", "party", NULL };
  TjReplicatedRev refused = { "p2", "1-abc", NULL, 0, FALSE, "{\"refuse\":true}", NULL, NULL };
  TjReplicatedRev third = { "p3", "1-abc", NULL, 0, FALSE, "{\"type\":\"party\"}", "party", NULL };
  g_autoptr(JsonObject) changes = NULL;
  JsonArray *rows;
  guint parties = 0;

  g_assert_true (tj_store_add_indexer (f->text, "test:collect", 1, reset_nothing, collecting_indexer, seen,
                                       &error));
  g_assert_no_error (error);

  /* In one transaction, one revision refused by the indexer in between:
   * the others are written, with sequences that follow each other. */
  g_assert_true (tj_store_begin (f->text, &error));
  g_assert_true (tj_store_put_replicated_rev (f->text, &rev, &outcome, &error));
  g_assert_false (tj_store_put_replicated_rev (f->text, &refused, &outcome, &error));
  g_assert_error (error, TJ_ERROR, TJ_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_true (tj_store_put_replicated_rev (f->text, &third, &outcome, &error));
  g_assert_true (tj_store_commit (f->text, &error));
  g_assert_no_error (error);

  g_assert_cmpuint (seen->len, ==, 2);
  g_assert_cmpstr (g_ptr_array_index (seen, 0), ==, "{\"_id\":\"p1\",\"_rev\":\"1-abc\",\"name\":\"李四\",\"type\":\"party\"}");
  changes = tj_store_changes (f->text, 0, 0, &error);
  rows = tj_json_get_array (changes, "results");
  g_assert_cmpuint (json_array_get_length (rows), ==, 2);
  g_assert_cmpint (tj_json_get_int (json_array_get_object_element (rows, 0), "seq", 0), ==, 1);
  g_assert_cmpint (tj_json_get_int (json_array_get_object_element (rows, 1), "seq", 0), ==, 2);
  g_assert_cmpint (tj_store_get_update_seq (f->text), ==, 2);
  g_assert_true (tj_store_foreach (f->text, "party", count_cb, &parties, &error));
  g_assert_cmpuint (parties, ==, 2);
}

static void
test_revs_missing (Fixture       *f,
                   gconstpointer  data)
{
  const char *asked[] = { "1-aaa", "2-bbb", "3-zzz", "not a revision" };
  gboolean missing[G_N_ELEMENTS (asked)];
  g_autoptr(GPtrArray) ancestors = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) request = NULL;
  g_autoptr(JsonObject) diff = NULL;
  g_autofree char *text = NULL;

  put_both (f, "{\"_id\":\"d\",\"_rev\":\"2-bbb\",\"_revisions\":{\"start\":2,\"ids\":[\"bbb\",\"aaa\"]},\"v\":1}",
            "{\"v\":1}");
  g_assert_cmpint (tj_store_revs_missing (f->text, "d", asked, G_N_ELEMENTS (asked), missing, ancestors, &error),
                   ==, 1);
  g_assert_no_error (error);
  g_assert_false (missing[0]);
  g_assert_false (missing[1]);
  g_assert_true (missing[2]);
  g_assert_false (missing[3]);
  g_assert_cmpuint (ancestors->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (ancestors, 0), ==, "2-bbb");

  /* A document the store does not know: everything that parses. */
  g_ptr_array_set_size (ancestors, 0);
  g_assert_cmpint (tj_store_revs_missing (f->text, "new", asked, G_N_ELEMENTS (asked), missing, ancestors, &error),
                   ==, 3);
  g_assert_cmpuint (ancestors->len, ==, 0);

  /* revs_diff says the same, in CouchDB's JSON. */
  request = tj_json_parse_object ("{\"d\":[\"1-aaa\",\"3-zzz\"],\"new\":[\"1-x\"]}", -1, NULL);
  diff = tj_store_revs_diff (f->text, request, &error);
  g_assert_no_error (error);
  text = tj_json_canonical_object (diff);
  g_assert_cmpstr (text, ==, "{\"d\":{\"missing\":[\"3-zzz\"],\"possible_ancestors\":[\"2-bbb\"]},"
                             "\"new\":{\"missing\":[\"1-x\"]}}");
  /* Nothing missing: not named at all. */
  g_clear_pointer (&request, json_object_unref);
  g_clear_pointer (&diff, json_object_unref);
  request = tj_json_parse_object ("{\"d\":[\"2-bbb\",\"1-aaa\"]}", -1, NULL);
  diff = tj_store_revs_diff (f->text, request, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (json_object_get_size (diff), ==, 0);
}

/* What a push sends: the revision's text with _id, _rev, _revisions and
 * _deleted around it, the same document tj_store_get() reads. */
static void
test_replicated_text (Fixture       *f,
                      gconstpointer  data)
{
  static const char *const ids[] = { "c2", "c3", "c1" };
  g_autoptr(GError) error = NULL;
  gboolean attachments = TRUE;

  put_both (f, "{\"_id\":\"c1\",\"_rev\":\"1-aaa\",\"type\":\"case\",\"title\":\"欠薪\"}",
            "{ \"title\" : \"\\u6b20薪\", \"type\":\"case\" }");
  put_both (f, "{\"_id\":\"c2\",\"_rev\":\"3-ccc\",\"_revisions\":{\"start\":3,\"ids\":[\"ccc\",\"bbb\",\"aaa\"]},"
               "\"n\":[1,{\"k\":null}]}", "{\"n\":[1,{\"k\":null}]}");
  put_both (f, "{\"_id\":\"c3\",\"_rev\":\"2-ddd\",\"_revisions\":{\"start\":2,\"ids\":[\"ddd\",\"aaa\"]},"
               "\"_deleted\":true}", "{}");
  put_both (f, "{\"_id\":\"c4\",\"_rev\":\"1-eee\",\"_attachments\":{\"a.txt\":"
               "{\"content_type\":\"text/plain\",\"data\":\"aGVsbG8gd29ybGQ=\",\"revpos\":1}}}", "{}");

  for (guint i = 0; i < G_N_ELEMENTS (ids); i++)
    for (guint k = 0; k < 2; k++)
      {
        TjStore *store = k == 0 ? f->text : f->json;
        g_autofree char *winner = NULL;
        gboolean deleted;
        g_autofree char *text = NULL;
        g_autoptr(JsonObject) sent = NULL;
        g_autoptr(JsonObject) read = NULL;
        g_autofree char *a = NULL, *b = NULL;

        g_assert_true (tj_store_get_winner (store, ids[i], &winner, &deleted, &error));
        text = tj_store_get_replicated_text (store, ids[i], winner, &attachments, &error);
        g_assert_no_error (error);
        g_assert_false (attachments);
        sent = tj_json_parse_object (text, -1, &error);
        g_assert_no_error (error);
        read = tj_store_get (store, ids[i], winner, TJ_GET_REVS | TJ_GET_DELETED, &error);
        g_assert_no_error (error);
        a = tj_json_canonical_object (sent);
        b = tj_json_canonical_object (read);
        g_assert_cmpstr (a, ==, b);
      }

  /* With attachments: read it as JSON instead. */
  g_assert_null (tj_store_get_replicated_text (f->text, "c4", "1-eee", &attachments, &error));
  g_assert_no_error (error);
  g_assert_true (attachments);
  /* A revision the store does not have, or whose content it dropped. */
  g_assert_null (tj_store_get_replicated_text (f->text, "c2", "2-bbb", &attachments, &error));
  g_assert_error (error, TJ_ERROR, TJ_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_null (tj_store_get_replicated_text (f->text, "nobody", "1-a", &attachments, &error));
  g_assert_error (error, TJ_ERROR, TJ_ERROR_NOT_FOUND);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
#define ADD(name, func) g_test_add ("/store-replicated/" name, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("new-documents", test_new_documents);
  ADD ("existing-documents", test_existing_documents);
  ADD ("bad-history", test_bad_history);
  ADD ("indexers", test_indexers);
  ADD ("revs-missing", test_revs_missing);
  ADD ("replicated-text", test_replicated_text);
#undef ADD
  return g_test_run ();
}
