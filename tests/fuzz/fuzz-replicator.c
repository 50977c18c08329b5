/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The replicator's reply parsing, in process (src/core/sync/
 * tj-sync-replies.c): arbitrary bytes as the body of one of the server's
 * replies, through the same JSON pass and the same shape checks a sync
 * run applies, with the same requests behind them.
 *
 * _changes, _bulk_get and open_revs are read as a tape, as a run reads
 * them (tj-sync-tape.h).
 *
 * The first byte of the input chooses the reply (its value modulo
 * N_REPLIES, in the order of the enum below) and the status it came with
 * (200, 201 or 404); the rest is the body. The corpus in
 * corpus/replicator/ holds one real reply of each kind, as PouchDB Server
 * sends them, about the documents asked for here.
 *
 * Every input must be either taken, giving what the run would use, or
 * refused with a TJ_ERROR (or, for a reply too deep to parse, the
 * replicator's own too-deep error) and a message: never a crash, a leak,
 * a critical, or a document that breaks the store's rule.
 * regressions/replicator/ holds the replies that broke the replicator
 * before (a renamed "missing", a reply 100,000 levels deep, a lone
 * surrogate at the end of a string, a NUL in an id).
 *
 * By hand, from the top of the tree (the meson -Dfuzzing=true build
 * links the same files through the core library):
 *   clang -g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined \
 *     -DGETTEXT_PACKAGE='"tiaojie"' -Isrc/core -Isrc/core/store -Isrc/core/sync \
 *     $(pkg-config --cflags glib-2.0 gio-2.0 json-glib-1.0 libsoup-3.0 sqlite3) \
 *     tests/fuzz/fuzz-replicator.c src/core/sync/tj-sync-replies.c src/core/sync/tj-sync-tape.c \
 *     src/core/store/tj-json.c src/core/tj-error.c \
 *     $(pkg-config --libs glib-2.0 gio-2.0 json-glib-1.0 libsoup-3.0 sqlite3) -o fuzz-replicator
 *   mkdir -p work && ./fuzz-replicator -runs=1000000 work tests/fuzz/corpus/replicator */
#define G_LOG_DOMAIN "Tiaojie-Fuzz"

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "tj-replicator-private.h"

int LLVMFuzzerTestOneInput (const uint8_t *data,
                            size_t         size);

typedef enum {
  REPLY_SERVER,       /* GET / */
  REPLY_DATABASE,     /* GET /db */
  REPLY_SESSION,      /* POST /_session */
  REPLY_CHANGES,      /* GET /db/_changes */
  REPLY_REVS_DIFF,    /* POST /db/_revs_diff */
  REPLY_BULK_GET,     /* POST /db/_bulk_get */
  REPLY_OPEN_REVS,    /* GET /db/doc?open_revs=[…] */
  REPLY_BULK_DOCS,    /* POST /db/_bulk_docs */
  REPLY_CHECKPOINT,   /* GET /db/_local/id */
  REPLY_PUT,          /* PUT /db/_local/id */
  N_REPLIES
} Reply;

/* What the replies answer: the revisions a run asked about or sent. */
static const char asked_json[] =
  "{\"doc-1\":[\"1-967a00dff5e02add41819138abb3284d\",\"2-7051cbe5c8faecd085a3fa619e6e6337\"],"
  "\"doc-2\":[\"1-c3c4b1bdc0cbc33f0e7e5e3e7dbf0b48\"]}";
static const char sent_json[] =
  "[{\"_id\":\"doc-1\",\"_rev\":\"2-7051cbe5c8faecd085a3fa619e6e6337\"},"
  "{\"_id\":\"doc-2\",\"_rev\":\"1-c3c4b1bdc0cbc33f0e7e5e3e7dbf0b48\"}]";

static JsonNode *
parse_constant (const char *text)
{
  g_autoptr(JsonParser) parser = json_parser_new ();

  if (!json_parser_load_from_data (parser, text, -1, NULL))
    g_error ("the fuzzer's own JSON does not parse");
  return json_node_ref (json_parser_get_root (parser));
}

/* A refusal must say what is wrong, in the error domains a run uses. */
static void
check_refusal (const GError *error)
{
  if (error == NULL)
    g_error ("refused without an error");
  if (error->domain != TJ_ERROR && error->domain != TJ_SYNC_TOO_DEEP_ERROR)
    g_error ("refused with an error of domain %s: %s", g_quark_to_string (error->domain), error->message);
  if (error->message == NULL || *error->message == '\0')
    g_error ("refused without a message");
  if (!g_utf8_validate (error->message, -1, NULL))
    g_error ("refused with a message that is not UTF-8");
}

/* Every revision the replicator would write follows the store's rule:
 * its text, as the store will keep it, reads back as JSON and holds
 * nothing the rule of every body refuses. */
static void
check_docs (GPtrArray *docs,
            JsonArray *failures)
{
  for (guint i = 0; i < docs->len; i++)
    {
      TjSyncDoc *doc = g_ptr_array_index (docs, i);
      g_autoptr(GBytes) text = g_bytes_new (doc->body, strlen (doc->body));
      g_autoptr(TjSyncTape) tape = NULL;
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonObject) parsed = NULL;
      guint line, column;
      gboolean too_deep;

      tape = _tj_sync_tape_parse (text, TJ_SYNC_MAX_DOC_DEPTH + 1, &line, &column, &too_deep);
      if (tape == NULL)
        g_error ("a revision taken is not JSON the store can read (line %u, column %u)", line, column);
      if (!_tj_sync_tape_check_body (tape, TJ_TAPE_ROOT, &error))
        g_error ("a revision taken breaks the rule of every body: %s", error->message);
      parsed = tj_json_parse_object (doc->body, -1, &error);
      if (parsed == NULL)
        g_error ("a revision taken does not parse: %s", error->message);
      if (doc->path->len == 0 || g_strcmp0 (g_ptr_array_index (doc->path, 0), doc->rev) != 0)
        g_error ("a revision taken has no history");
    }
  for (guint i = 0; i < json_array_get_length (failures); i++)
    {
      JsonObject *failure = json_array_get_object_element (failures, i);
      const char *reason = tj_json_get_string (failure, "reason", NULL);
      if (tj_json_get_string (failure, "id", NULL) == NULL || reason == NULL || !g_utf8_validate (reason, -1, NULL))
        g_error ("a refused revision is not reported by id and reason");
    }
}

/* The large replies, read as a tape as a run reads them. */
static gboolean
parse_tape (Reply       reply_kind,
            TjSyncTape *tape,
            JsonNode   *asked_node,
            GError    **error)
{
  JsonObject *asked = json_node_get_object (asked_node);

  switch (reply_kind)
    {
    case REPLY_CHANGES:
      {
        g_autoptr(GPtrArray) rows = _tj_sync_tape_changes (tape, "GET /db/_changes", error);
        g_autoptr(GPtrArray) docs = g_ptr_array_new_with_free_func ((GDestroyNotify) _tj_sync_doc_free);
        g_autoptr(JsonArray) none = json_array_new ();

        if (rows == NULL)
          return FALSE;
        /* A first replication takes documents from the rows. */
        for (guint i = 0; i < rows->len; i++)
          {
            TjSyncRow *row = g_ptr_array_index (rows, i);
            g_autoptr(GError) bad = NULL;
            TjSyncDoc *doc = NULL;

            g_free (_tj_sync_seq_to_param (row->seq));
            if (row->doc && !_tj_sync_tape_doc (tape, row->doc, row->id, TRUE, "row", &doc, &bad))
              check_refusal (bad);
            if (doc)
              g_ptr_array_add (docs, doc);
          }
        check_docs (docs, none);
        return TRUE;
      }
    case REPLY_BULK_GET:
    case REPLY_OPEN_REVS:
      {
        g_autoptr(GPtrArray) docs = g_ptr_array_new_with_free_func ((GDestroyNotify) _tj_sync_doc_free);
        g_autoptr(JsonArray) failures = json_array_new ();
        gboolean ok = reply_kind == REPLY_BULK_GET
                      ? _tj_sync_tape_bulk_get (tape, asked, "POST /db/_bulk_get", docs, failures, error)
                      : _tj_sync_tape_open_revs (tape, "doc-1", 2, "GET /db/doc-1", docs, failures, error);
        if (ok)
          check_docs (docs, failures);
        return ok;
      }
    default:
      g_assert_not_reached ();
    }
}

static gboolean
parse (Reply      reply_kind,
       JsonNode  *json,
       JsonNode  *asked_node,
       JsonNode  *sent_node,
       GError   **error)
{
  JsonObject *asked = json_node_get_object (asked_node);
  JsonArray *sent = json_node_get_array (sent_node);

  switch (reply_kind)
    {
    case REPLY_SERVER:
      {
        const char *uuid;
        return _tj_sync_parse_server (json, &uuid, error);
      }
    case REPLY_DATABASE:
      {
        JsonNode *seq;
        gboolean empty;
        if (!_tj_sync_parse_database (json, "GET /db", &seq, &empty, error))
          return FALSE;
        g_free (_tj_sync_seq_to_param (seq));
        return TRUE;
      }
    case REPLY_SESSION:
      return _tj_sync_parse_session (json, error);
    case REPLY_REVS_DIFF:
      {
        g_autoptr(JsonObject) missing = NULL;
        g_autoptr(JsonObject) ancestors = NULL;
        return _tj_sync_parse_revs_diff (json, asked, "POST /db/_revs_diff", &missing, &ancestors, error);
      }
    case REPLY_CHANGES:
    case REPLY_BULK_GET:
    case REPLY_OPEN_REVS:
      g_assert_not_reached ();
    case REPLY_BULK_DOCS:
      {
        g_autoptr(JsonArray) refusals = json_array_new ();
        return _tj_sync_parse_bulk_docs (json, sent, "POST /db/_bulk_docs", refusals, error);
      }
    case REPLY_CHECKPOINT:
      {
        const char *rev;
        return _tj_sync_parse_checkpoint (json, "GET /db/_local/x", &rev, error);
      }
    case REPLY_PUT:
      {
        const char *rev;
        return _tj_sync_parse_put (json, "PUT /db/_local/x", &rev, error);
      }
    case N_REPLIES:
    default:
      g_assert_not_reached ();
    }
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  static const guint statuses[] = { 200, 201, 404 };
  static JsonNode *asked = NULL;
  static JsonNode *sent = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(JsonNode) json = NULL;
  g_autoptr(GError) error = NULL;
  Reply reply_kind;
  guint status;

  if (asked == NULL)
    {
      /* Criticals are findings: bad input is refused with a GError. */
      g_log_set_always_fatal (G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING);
      asked = parse_constant (asked_json);
      sent = parse_constant (sent_json);
    }
  if (size < 1)
    return 0;
  reply_kind = data[0] % N_REPLIES;
  status = statuses[(data[0] / N_REPLIES) % G_N_ELEMENTS (statuses)];
  body = g_bytes_new (data + 1, size - 1);

  if (reply_kind == REPLY_CHANGES || reply_kind == REPLY_BULK_GET || reply_kind == REPLY_OPEN_REVS)
    {
      g_autoptr(TjSyncTape) tape = NULL;

      if (!_tj_sync_parse_reply_tape ("the fuzzer's request", status, body, &tape, &json, &error))
        check_refusal (error);
      else if (SOUP_STATUS_IS_SUCCESSFUL (status) && !parse_tape (reply_kind, tape, asked, &error))
        check_refusal (error);
      return 0;
    }
  if (!_tj_sync_parse_reply ("the fuzzer's request", status, body, &json, &error))
    {
      check_refusal (error);
      return 0;
    }
  if (!SOUP_STATUS_IS_SUCCESSFUL (status))
    return 0;   /* The caller looks at the status, not the shape. */
  g_assert_nonnull (json);
  if (!parse (reply_kind, json, asked, sent, &error))
    check_refusal (error);
  return 0;
}
