/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The replicator's reading of large replies (tj-sync-tape.h): strict
 * JSON, values found where they are, text a store may not keep marked
 * rather than failing the reply, and the checks a pull applies to the
 * documents in a reply, which write the server's text as it came. */

#include <string.h>

#include "tj-replicator-private.h"

static TjSyncTape *
tape_of (const char *text)
{
  g_autoptr(GBytes) bytes = g_bytes_new (text, strlen (text));
  guint line = 0, column = 0;
  gboolean too_deep = FALSE;
  TjSyncTape *tape = _tj_sync_tape_parse (bytes, 256, &line, &column, &too_deep);

  if (tape == NULL)
    g_error ("not JSON at line %u, column %u%s: %s", line, column, too_deep ? " (too deep)" : "", text);
  return tape;
}

static void
assert_not_json (const char *text,
                 guint       expected_line,
                 guint       expected_column)
{
  g_autoptr(GBytes) bytes = g_bytes_new (text, strlen (text));
  g_autoptr(TjSyncTape) tape = NULL;
  guint line = 0, column = 0;
  gboolean too_deep = TRUE;

  tape = _tj_sync_tape_parse (bytes, 256, &line, &column, &too_deep);
  if (tape != NULL)
    g_error ("taken as JSON: %s", text);
  g_assert_false (too_deep);
  if (expected_line)
    {
      g_assert_cmpuint (line, ==, expected_line);
      g_assert_cmpuint (column, ==, expected_column);
    }
}

static void
test_values (void)
{
  g_autoptr(TjSyncTape) tape = tape_of (" {\"a\" : [1, -2.5e3, \"x\\u00e9\\ud83d\\ude00\\n\", true, false, null, {}],"
                                        "\"b\":{\"c\":\"d\"}, \"a\": 7, \"\\u5f20\": \"三\"} ");
  g_autofree char *s = NULL;
  guint a, b, c, list;
  gint64 value = 0;

  g_assert_true (_tj_sync_tape_is (tape, TJ_TAPE_ROOT, TJ_TAPE_OBJECT));
  g_assert_cmpuint (_tj_sync_tape_length (tape, TJ_TAPE_ROOT), ==, 4);
  /* The last of equal names, as json-glib and JavaScript take it. */
  a = _tj_sync_tape_member (tape, TJ_TAPE_ROOT, "a");
  g_assert_true (_tj_sync_tape_get_int (tape, a, &value));
  g_assert_cmpint (value, ==, 7);
  /* The first "a", walked by hand: a list of seven values. */
  list = _tj_sync_tape_first (tape, TJ_TAPE_ROOT) + 1;
  g_assert_true (_tj_sync_tape_is (tape, list, TJ_TAPE_ARRAY));
  g_assert_cmpuint (_tj_sync_tape_length (tape, list), ==, 7);
  c = _tj_sync_tape_first (tape, list);
  g_assert_true (_tj_sync_tape_get_int (tape, c, &value));
  g_assert_cmpint (value, ==, 1);
  c = _tj_sync_tape_next (tape, list, c);
  g_assert_true (_tj_sync_tape_is (tape, c, TJ_TAPE_NUMBER));
  g_assert_false (_tj_sync_tape_get_int (tape, c, &value));
  c = _tj_sync_tape_next (tape, list, c);
  s = _tj_sync_tape_dup_string (tape, c);
  g_assert_cmpstr (s, ==, "xé😀\n");
  g_assert_true (_tj_sync_tape_string_is (tape, c, "xé😀\n"));
  g_assert_false (tape->nodes[c].flags & TJ_TAPE_NOT_TEXT);
  c = _tj_sync_tape_next (tape, list, c);
  g_assert_true (_tj_sync_tape_is (tape, c, TJ_TAPE_TRUE));
  c = _tj_sync_tape_next (tape, list, c);
  g_assert_true (_tj_sync_tape_is (tape, c, TJ_TAPE_FALSE));
  c = _tj_sync_tape_next (tape, list, c);
  g_assert_true (_tj_sync_tape_is (tape, c, TJ_TAPE_NULL));
  c = _tj_sync_tape_next (tape, list, c);
  g_assert_true (_tj_sync_tape_is (tape, c, TJ_TAPE_OBJECT));
  g_assert_cmpuint (_tj_sync_tape_first (tape, c), ==, 0);
  g_assert_cmpuint (_tj_sync_tape_next (tape, list, c), ==, 0);

  b = _tj_sync_tape_member (tape, TJ_TAPE_ROOT, "b");
  g_assert_true (_tj_sync_tape_string_is (tape, _tj_sync_tape_member (tape, b, "c"), "d"));
  g_assert_cmpuint (_tj_sync_tape_member (tape, b, "missing"), ==, 0);
  /* A name written with escapes is found by its text. */
  g_assert_true (_tj_sync_tape_string_is (tape, _tj_sync_tape_member (tape, TJ_TAPE_ROOT, "张"), "三"));
  /* Every node knows where its text is. */
  g_assert_cmpmem (tape->text + tape->nodes[b].start, tape->nodes[b].end - tape->nodes[b].start,
                   "{\"c\":\"d\"}", 9);
}

static void
test_to_node (void)
{
  g_autoptr(TjSyncTape) tape = tape_of ("{\"seq\":42,\"s\":\"10-x\",\"l\":[1.5,true,null],\"o\":{\"k\":\"v\"}}");
  g_autoptr(JsonNode) node = _tj_sync_tape_to_node (tape, TJ_TAPE_ROOT);
  g_autofree char *canonical = tj_json_canonical (node);

  g_assert_cmpstr (canonical, ==, "{\"l\":[1.5,true,null],\"o\":{\"k\":\"v\"},\"s\":\"10-x\",\"seq\":42}");
}

static void
test_not_json (void)
{
  static const char *const bad[] = {
    "", " ", "{", "[1,]", "{\"a\":1,}", "{\"a\" 1}", "{a:1}", "[01]", "[1.]", "[.5]", "[1e]", "[-]",
    "[0x10]", "[tru]", "[nulll]", "[\"a\tb\"]", "[\"\\x\"]", "[\"\\u12\"]", "[\"abc]", "[1] [2]",
    "[\"\xff\"]", "[\"\xc0\xaf\"]", "[\"\xed\xa0\x80\"]", "[\"\xf4\x90\x80\x80\"]", "{\"a\":1}}", "[}",
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    assert_not_json (bad[i], 0, 0);
  /* Where: the line, and the character in it (not the byte). */
  assert_not_json ("{\"名\":\n  [1, 2,, 3]}", 2, 9);
}

static void
test_too_deep (void)
{
  g_autofree char *deep = g_strnfill (300, '[');
  g_autoptr(GBytes) bytes = g_bytes_new (deep, strlen (deep));
  g_autofree char *ok_text = g_strconcat (g_strnfill (256, '['), g_strnfill (256, ']'), NULL);
  g_autoptr(GBytes) ok = g_bytes_new (ok_text, strlen (ok_text));
  g_autoptr(TjSyncTape) tape = NULL;
  guint line, column;
  gboolean too_deep = FALSE;

  g_assert_null (_tj_sync_tape_parse (bytes, 256, &line, &column, &too_deep));
  g_assert_true (too_deep);
  tape = _tj_sync_tape_parse (ok, 256, &line, &column, &too_deep);
  g_assert_nonnull (tape);
  g_assert_false (too_deep);
  g_assert_cmpuint (tape->nodes[TJ_TAPE_ROOT].height, ==, 256);
}

/* What a store may not keep fails the document, not the reply. */
static void
test_spoilt (void)
{
  static const struct {
    const char *json;
    const char *message_part;
  } cases[] = {
    { "{\"a\":{\"b\":[\"x\\u0000y\"]}}", "“a.b[0]” is not valid UTF-8 or contains a NUL character" },
    { "{\"a\":\"\\ud800\"}", "“a” is not valid UTF-8" },
    { "{\"a\":\"\\udc00x\"}", "“a” is not valid UTF-8" },
    { "{\"a\":\"\xef\xb7\x90\"}", "“a” is not valid UTF-8" },
    { "{\"a\\u0000\":1}", "The member name “a" },
    { "{\"n\":[1,99999999999999999999]}", "“n[1]” is a number too large to keep" },
    { "{\"n\":1e400}", "“n” is a number too large to keep" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(TjSyncTape) tape = tape_of (cases[i].json);
      g_autoptr(GError) error = NULL;

      g_assert_true (tape->nodes[TJ_TAPE_ROOT].flags & TJ_TAPE_SPOILT);
      g_assert_false (_tj_sync_tape_check_body (tape, TJ_TAPE_ROOT, &error));
      g_assert_error (error, TJ_ERROR, TJ_ERROR_INVALID);
      if (strstr (error->message, cases[i].message_part) == NULL)
        g_error ("%s: “%s” does not say “%s”", cases[i].json, error->message, cases[i].message_part);
    }
  /* At the edge of what fits: fine. */
  {
    g_autoptr(TjSyncTape) tape = tape_of ("{\"n\":[9223372036854775807,-9223372036854775808,1e300,"
                                          "\"\\ud83d\\ude00\"]}");
    g_autoptr(GError) error = NULL;

    g_assert_false (tape->nodes[TJ_TAPE_ROOT].flags & TJ_TAPE_SPOILT);
    g_assert_true (_tj_sync_tape_check_body (tape, TJ_TAPE_ROOT, &error));
    g_assert_no_error (error);
  }
}

static char *
nested (guint levels)
{
  GString *s = g_string_new ("{\"_id\":\"deep\",\"_rev\":\"1-abc\",\"x\":");

  for (guint i = 1; i < levels; i++)
    g_string_append_c (s, '[');
  for (guint i = 1; i < levels; i++)
    g_string_append_c (s, ']');
  g_string_append_c (s, '}');
  return g_string_free (s, FALSE);
}

static void
test_depth (void)
{
  g_autofree char *ok_text = nested (64);
  g_autofree char *deep_text = nested (65);
  g_autoptr(TjSyncTape) ok = tape_of (ok_text);
  g_autoptr(TjSyncTape) deep = tape_of (deep_text);
  g_autoptr(GError) error = NULL;

  g_assert_true (_tj_sync_tape_check_body (ok, TJ_TAPE_ROOT, &error));
  g_assert_no_error (error);
  g_assert_false (_tj_sync_tape_check_body (deep, TJ_TAPE_ROOT, &error));
  g_assert_error (error, TJ_ERROR, TJ_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "nested deeper than 64 levels"));
  g_assert_nonnull (strstr (error->message, "x[0]"));
}

/* A document as a pull takes it: checked, its history, its text as the
 * server sent it without the "_" members. */
static void
test_doc (void)
{
  const char *json = "{\"_id\":\"c-1\",\"_rev\":\"3-ccc\",\"title\" : \"欠薪\\u0021\",\"type\":\"case\","
                     "\"_revisions\":{\"start\":3,\"ids\":[\"ccc\",\"bbb\",\"aaa\"]},\"n\":[1, 2]}";
  g_autoptr(TjSyncTape) tape = tape_of (json);
  g_autoptr(TjSyncDoc) doc = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) body = NULL;

  g_assert_true (_tj_sync_tape_doc (tape, TJ_TAPE_ROOT, "c-1", FALSE, "test", &doc, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (doc->id, ==, "c-1");
  g_assert_cmpstr (doc->rev, ==, "3-ccc");
  g_assert_cmpuint (doc->path->len, ==, 3);
  g_assert_cmpstr (g_ptr_array_index (doc->path, 1), ==, "2-bbb");
  g_assert_cmpstr (g_ptr_array_index (doc->path, 2), ==, "1-aaa");
  g_assert_false (doc->deleted);
  g_assert_cmpstr (doc->type, ==, "case");
  g_assert_null (doc->attachments);
  g_assert_cmpstr (doc->body, ==, "{\"title\" : \"欠薪\\u0021\",\"type\":\"case\",\"n\":[1, 2]}");
  body = tj_json_parse_object (doc->body, -1, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (tj_json_get_string (body, "title", NULL), ==, "欠薪!");
}

static void
test_doc_refused (void)
{
  static const struct {
    const char *json;
    gboolean    only_revision;
    gint        code;        /* TJ_ERROR_NETWORK: damaged; TJ_ERROR_INVALID: the body */
  } cases[] = {
    { "{\"_id\":\"other\",\"_rev\":\"1-a\"}", TRUE, TJ_ERROR_NETWORK },
    { "{\"_id\":\"d\",\"_rev\":\"x-a\"}", TRUE, TJ_ERROR_NETWORK },
    { "{\"_id\":\"d\",\"_rev\":\"01-a\",\"_revisions\":{\"start\":1,\"ids\":[\"a\"]}}", FALSE, TJ_ERROR_NETWORK },
    { "{\"_id\":\"d\",\"_rev\":\"2-a\"}", TRUE, TJ_ERROR_NETWORK },
    { "{\"_id\":\"d\",\"_rev\":\"1-a\",\"_revisions\":{\"start\":1,\"ids\":[\"a\"]}}", TRUE, TJ_ERROR_NETWORK },
    { "{\"_id\":\"d\",\"_rev\":\"2-a\"}", FALSE, TJ_ERROR_NETWORK },
    { "{\"_id\":\"d\",\"_rev\":\"2-a\",\"_revisions\":{\"start\":3,\"ids\":[\"a\"]}}", FALSE, TJ_ERROR_NETWORK },
    { "{\"_id\":\"d\",\"_rev\":\"2-a\",\"_revisions\":{\"start\":2,\"ids\":[\"b\",\"a\"]}}", FALSE, TJ_ERROR_NETWORK },
    { "{\"_id\":\"d\",\"_rev\":\"1-a\",\"_revisions\":{\"start\":1,\"ids\":[\"a\",\"z\"]}}", FALSE, TJ_ERROR_NETWORK },
    { "{\"_id\":\"d\",\"_rev\":\"2-a\",\"_revisions\":{\"start\":2,\"ids\":[\"a\",\"not a hash\"]}}", FALSE,
      TJ_ERROR_NETWORK },
    { "{\"_id\":\"d\",\"_rev\":\"1-a\",\"_deleted\":1}", TRUE, TJ_ERROR_NETWORK },
    { "{\"_id\":\"d\",\"_rev\":\"1-a\",\"_secret\":1}", TRUE, TJ_ERROR_NETWORK },
    { "{\"_id\":\"d\",\"_rev\":\"1-a\",\"_attachments\":{\"f\":{\"data\":\"not base64!\"}}}", TRUE,
      TJ_ERROR_NETWORK },
    { "{\"_id\":\"d\",\"_rev\":\"1-a\",\"name\":\"\\u0000\"}", TRUE, TJ_ERROR_INVALID },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(TjSyncTape) tape = tape_of (cases[i].json);
      g_autoptr(TjSyncDoc) doc = NULL;
      g_autoptr(GError) error = NULL;

      if (_tj_sync_tape_doc (tape, TJ_TAPE_ROOT, "d", cases[i].only_revision, "test", &doc, &error))
        g_error ("taken: %s", cases[i].json);
      g_assert_null (doc);
      g_assert_error (error, TJ_ERROR, cases[i].code);
    }
}

static void
test_doc_attachments (void)
{
  /* "hello world": its MD5 digest in CouchDB's form. */
  const char *json = "{\"_id\":\"d\",\"_rev\":\"1-a\",\"_deleted\":false,\"_attachments\":{\"a.txt\":"
                     "{\"content_type\":\"text/plain\",\"data\":\"aGVsbG8gd29ybGQ=\","
                     "\"digest\":\"md5-XrY7u+Ae7tCTyyK7j1rNww==\",\"revpos\":1}}}";
  g_autoptr(TjSyncTape) tape = tape_of (json);
  g_autoptr(TjSyncDoc) doc = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (_tj_sync_tape_doc (tape, TJ_TAPE_ROOT, "d", TRUE, "test", &doc, &error));
  g_assert_no_error (error);
  g_assert_nonnull (doc->attachments);
  g_assert_cmpstr (tj_json_get_string (tj_json_get_object (doc->attachments, "a.txt"), "data", NULL), ==,
                   "aGVsbG8gd29ybGQ=");
  g_assert_cmpstr (doc->body, ==, "{}");
  g_assert_cmpuint (doc->path->len, ==, 1);
}

static void
test_changes (void)
{
  g_autoptr(TjSyncTape) tape = tape_of ("{\"results\":[{\"seq\":1,\"id\":\"a\",\"changes\":[{\"rev\":\"1-x\"}],"
                                        "\"doc\":{\"_id\":\"a\",\"_rev\":\"1-x\"}},"
                                        "{\"seq\":\"2-g1\",\"id\":\"b\",\"changes\":[{\"rev\":\"2-y\"},"
                                        "{\"rev\":\"2-z\"}],\"deleted\":true,\"doc\":null}],\"last_seq\":2}");
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GError) error = NULL;
  TjSyncRow *row;

  rows = _tj_sync_tape_changes (tape, "test", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (rows->len, ==, 2);
  row = g_ptr_array_index (rows, 0);
  g_assert_cmpstr (row->id, ==, "a");
  g_assert_cmpint (json_node_get_int (row->seq), ==, 1);
  g_assert_cmpuint (row->revs->len, ==, 1);
  g_assert_false (row->deleted);
  g_assert_true (_tj_sync_tape_is (tape, row->doc, TJ_TAPE_OBJECT));
  row = g_ptr_array_index (rows, 1);
  g_assert_cmpstr (json_node_get_string (row->seq), ==, "2-g1");
  g_assert_cmpstr (g_ptr_array_index (row->revs, 1), ==, "2-z");
  g_assert_true (row->deleted);
  g_assert_cmpuint (row->doc, ==, 0);

  /* Damaged rows fail the page, naming the row. */
  {
    static const char *const bad[] = {
      "{\"results\":{}}",
      "{\"results\":[{\"seq\":1,\"id\":\"_local/x\",\"changes\":[{\"rev\":\"1-x\"}]}]}",
      "{\"results\":[{\"seq\":1,\"id\":\"a\",\"changes\":[]}]}",
      "{\"results\":[{\"seq\":-1,\"id\":\"a\",\"changes\":[{\"rev\":\"1-x\"}]}]}",
      "{\"results\":[{\"seq\":1e300,\"id\":\"a\",\"changes\":[{\"rev\":\"1-x\"}]}]}",
      "{\"results\":[{\"seq\":1,\"id\":\"a\",\"changes\":[{\"rev\":\"x\"}]}]}",
      "{\"results\":[{\"seq\":1,\"id\":\"a\",\"changes\":[{\"rev\":\"1-x\"}],\"deleted\":\"yes\"}]}",
      "{\"results\":[{\"seq\":1,\"id\":\"a\",\"changes\":[{\"rev\":\"1-x\"}],\"doc\":[]}]}",
    };

    for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
      {
        g_autoptr(TjSyncTape) t = tape_of (bad[i]);
        g_autoptr(GPtrArray) none = NULL;
        g_autoptr(GError) e = NULL;

        none = _tj_sync_tape_changes (t, "test", &e);
        g_assert_null (none);
        g_assert_error (e, TJ_ERROR, TJ_ERROR_NETWORK);
      }
  }
}

static void
test_bulk_get (void)
{
  g_autoptr(TjSyncTape) tape = tape_of ("{\"results\":[{\"id\":\"a\",\"docs\":["
                                        "{\"ok\":{\"_id\":\"a\",\"_rev\":\"1-x\",\"_revisions\":{\"start\":1,"
                                        "\"ids\":[\"x\"]},\"v\":1}},"
                                        "{\"ok\":{\"_id\":\"a\",\"_rev\":\"1-y\",\"v\":\"\\u0000\","
                                        "\"_revisions\":{\"start\":1,\"ids\":[\"y\"]}}}]},"
                                        "{\"id\":\"b\",\"docs\":[{\"error\":{\"id\":\"b\",\"rev\":\"1-z\","
                                        "\"error\":\"not_found\",\"reason\":\"missing\"}}]}]}");
  g_autoptr(JsonObject) asked = tj_json_parse_object ("{\"a\":[\"1-x\",\"1-y\"],\"b\":[\"1-z\"]}", -1, NULL);
  g_autoptr(GPtrArray) docs = g_ptr_array_new_with_free_func ((GDestroyNotify) _tj_sync_doc_free);
  g_autoptr(JsonArray) failures = json_array_new ();
  g_autoptr(GError) error = NULL;
  TjSyncDoc *doc;

  g_assert_true (_tj_sync_tape_bulk_get (tape, asked, "test", docs, failures, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (docs->len, ==, 1);
  doc = g_ptr_array_index (docs, 0);
  g_assert_cmpstr (doc->body, ==, "{\"v\":1}");
  g_assert_cmpuint (json_array_get_length (failures), ==, 2);
  g_assert_cmpstr (tj_json_get_string (json_array_get_object_element (failures, 0), "error", NULL), ==,
                   "invalid_document");
  g_assert_cmpstr (tj_json_get_string (json_array_get_object_element (failures, 1), "error", NULL), ==,
                   "not_found");

  /* A document not asked for, or one asked for and not answered. */
  {
    g_autoptr(JsonObject) more = tj_json_parse_object ("{\"a\":[\"1-x\",\"1-y\"],\"b\":[\"1-z\"],\"c\":[\"1-c\"]}",
                                                       -1, NULL);
    g_autoptr(JsonObject) fewer = tj_json_parse_object ("{\"a\":[\"1-x\",\"1-y\"]}", -1, NULL);
    g_autoptr(GError) e1 = NULL;
    g_autoptr(GError) e2 = NULL;

    g_assert_false (_tj_sync_tape_bulk_get (tape, more, "test", docs, failures, &e1));
    g_assert_error (e1, TJ_ERROR, TJ_ERROR_NETWORK);
    g_assert_false (_tj_sync_tape_bulk_get (tape, fewer, "test", docs, failures, &e2));
    g_assert_error (e2, TJ_ERROR, TJ_ERROR_NETWORK);
  }
}

static void
test_reply (void)
{
  g_autoptr(GBytes) deep = NULL;
  g_autoptr(GBytes) broken = g_bytes_new_static ("{\"results\":[}", 13);
  g_autoptr(GBytes) empty = g_bytes_new_static ("", 0);
  g_autofree char *deep_text = g_strnfill (300, '[');
  g_autoptr(TjSyncTape) tape = NULL;
  g_autoptr(JsonNode) json = NULL;
  g_autoptr(GError) error = NULL;

  deep = g_bytes_new (deep_text, strlen (deep_text));
  g_assert_false (_tj_sync_parse_reply_tape ("GET /db/_changes", 200, deep, &tape, &json, &error));
  g_assert_error (error, TJ_SYNC_TOO_DEEP_ERROR, 0);
  g_clear_error (&error);
  g_assert_false (_tj_sync_parse_reply_tape ("GET /db/_changes", 200, broken, &tape, &json, &error));
  g_assert_error (error, TJ_ERROR, TJ_ERROR_NETWORK);
  g_assert_nonnull (strstr (error->message, "line 1, character 13"));
  g_clear_error (&error);
  g_assert_false (_tj_sync_parse_reply_tape ("GET /db/_changes", 200, empty, &tape, &json, &error));
  g_assert_error (error, TJ_ERROR, TJ_ERROR_NETWORK);
  g_clear_error (&error);
  /* Not a success: parsed by json-glib for its reason, no tape. */
  {
    g_autoptr(GBytes) answer = g_bytes_new_static ("{\"error\":\"not_found\"}", 21);
    g_assert_true (_tj_sync_parse_reply_tape ("GET /db/_changes", 404, answer, &tape, &json, &error));
    g_assert_no_error (error);
    g_assert_null (tape);
    g_assert_nonnull (json);
  }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/sync-tape/values", test_values);
  g_test_add_func ("/sync-tape/to-node", test_to_node);
  g_test_add_func ("/sync-tape/not-json", test_not_json);
  g_test_add_func ("/sync-tape/too-deep", test_too_deep);
  g_test_add_func ("/sync-tape/spoilt", test_spoilt);
  g_test_add_func ("/sync-tape/depth", test_depth);
  g_test_add_func ("/sync-tape/doc", test_doc);
  g_test_add_func ("/sync-tape/doc-refused", test_doc_refused);
  g_test_add_func ("/sync-tape/doc-attachments", test_doc_attachments);
  g_test_add_func ("/sync-tape/changes", test_changes);
  g_test_add_func ("/sync-tape/bulk-get", test_bulk_get);
  g_test_add_func ("/sync-tape/reply", test_reply);
  return g_test_run ();
}
