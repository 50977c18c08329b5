/* SPDX-License-Identifier: GPL-3.0-or-later */
/* What the server sends, parsed and checked before anything is written
 * or any checkpoint moves: JSON that is neither absurdly large nor deep,
 * the shape of every reply the replicator asks for (GET /, GET /db,
 * _session, _changes, _revs_diff, _bulk_get, open_revs, _bulk_docs,
 * _local checkpoints), revision ids and histories, attachments, and the
 * rule every document body follows in the local store. A reply that
 * does not have its shape is "malformed" (TJ_ERROR_NETWORK): the request
 * is asked again like a 5xx. A single revision that breaks the rules is
 * refused on its own (see tj-sync-pull.c). */
#undef G_LOG_DOMAIN
#define G_LOG_DOMAIN "Tiaojie-Sync"

#include "tj-replicator-private.h"

#include <string.h>

#include "tj-i18n.h"

G_DEFINE_QUARK (tj-sync-too-deep-error-quark, _tj_sync_too_deep_error)

/* U+FDD0 in UTF-8: see scan_json_text(). */
#define NONCHARACTER_MARK "\xef\xb7\x90"

gboolean
_tj_sync_malformed (GError     **error,
                    const char  *what,
                    const char  *detail)
{
  g_set_error (error, TJ_ERROR, TJ_ERROR_NETWORK,
               _("The server sent a malformed reply to %s: %s"), what, detail);
  return FALSE;
}

static gboolean
valid_rev_hash (const char *hash)
{
  gsize len = strlen (hash);

  if (len == 0 || len > MAX_REV_HASH_BYTES)
    return FALSE;
  for (const char *p = hash; *p; p++)
    if (!g_ascii_isalnum (*p))
      return FALSE;
  return TRUE;
}

/* "N-hash" with 1 <= N <= MAX_GENERATION, N written without leading zeros. */
gboolean
_tj_sync_parse_rev (const char  *rev,
                    gint64      *out_generation,
                    const char **out_hash)
{
  const char *dash;
  gint64 generation = 0;

  /* No leading zero: "01-a" would name the revision "1-a" in a history. */
  if (rev == NULL || (dash = strchr (rev, '-')) == NULL || dash == rev || dash - rev > 9 || rev[0] == '0')
    return FALSE;
  for (const char *p = rev; p < dash; p++)
    {
      if (!g_ascii_isdigit (*p))
        return FALSE;
      generation = generation * 10 + (*p - '0');
    }
  if (generation < 1 || generation > MAX_GENERATION || !valid_rev_hash (dash + 1))
    return FALSE;
  if (out_generation)
    *out_generation = generation;
  if (out_hash)
    *out_hash = dash + 1;
  return TRUE;
}

static gboolean
valid_doc_id (const char *id)
{
  gsize len;

  if (id == NULL)
    return FALSE;
  len = strlen (id);
  if (len == 0 || len > MAX_ID_BYTES || !g_utf8_validate (id, len, NULL))
    return FALSE;
  /* CouchDB reserves ids starting with "_"; only design documents
   * replicate, _local/ documents never do. */
  if (id[0] == '_' && !g_str_has_prefix (id, "_design/"))
    return FALSE;
  return TRUE;
}

/* A server sequence: an integer (PouchDB Server, CouchDB 1) or a string
 * (CouchDB 2+). Opaque: only stored and sent back. */
gboolean
_tj_sync_valid_seq (JsonNode *seq)
{
  if (seq == NULL || !JSON_NODE_HOLDS_VALUE (seq))
    return FALSE;
  if (json_node_get_value_type (seq) == G_TYPE_INT64)
    return json_node_get_int (seq) >= 0;
  if (json_node_get_value_type (seq) == G_TYPE_STRING)
    {
      const char *s = json_node_get_string (seq);
      gsize len = strlen (s);
      return len > 0 && len <= MAX_SEQ_BYTES && g_utf8_validate (s, len, NULL);
    }
  return FALSE;
}

char *
_tj_sync_seq_to_param (JsonNode *seq)
{
  if (seq == NULL)
    return g_strdup ("0");
  if (json_node_get_value_type (seq) == G_TYPE_INT64)
    return g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (seq));
  return g_strdup (json_node_get_string (seq));
}

gboolean
_tj_sync_seq_equal (JsonNode *a,
                    JsonNode *b)
{
  g_autofree char *sa = NULL;
  g_autofree char *sb = NULL;

  if (a == NULL || b == NULL)
    return a == b;
  sa = tj_json_canonical (a);
  sb = tj_json_canonical (b);
  return strcmp (sa, sb) == 0;
}


char *
_tj_sync_escape (const char *s)
{
  return g_uri_escape_string (s, NULL, FALSE);
}

/* An entry of a result's "errors" (or of a per-batch list of refused
 * revisions): what the server says may be anything, so it is made valid
 * UTF-8 before it is printed as JSON. */
void
_tj_sync_add_failure (JsonArray  *array,
                      const char *id,
                      const char *rev,
                      const char *error_name,
                      const char *reason)
{
  JsonObject *entry = json_object_new ();
  g_autofree char *valid_reason = g_utf8_make_valid (reason ? reason : "", -1);

  json_object_set_string_member (entry, "id", id);
  if (rev)
    json_object_set_string_member (entry, "rev", rev);
  if (error_name)
    {
      g_autofree char *valid_name = g_utf8_make_valid (error_name, -1);
      json_object_set_string_member (entry, "error", valid_name);
    }
  json_object_set_string_member (entry, "reason", valid_reason);
  json_array_add_object_element (array, entry);
}

/* ------------------------------------------------------------------ */
/* JSON text                                                            */
/* ------------------------------------------------------------------ */

/* The code unit of the \uXXXX escape whose "u" is at @p (with @end the
 * end of the text), or -1. */
static gint
escape_unit (const char *p,
             const char *end)
{
  gint unit = 0;

  if (end - p < 5 || *p != 'u')
    return -1;
  for (guint i = 1; i <= 4; i++)
    {
      if (!g_ascii_isxdigit (p[i]))
        return -1;
      unit = unit * 16 + g_ascii_xdigit_value (p[i]);
    }
  return unit;
}

/* One pass over a JSON text before json-glib sees it.
 *
 * json-glib's parser recurses, so a reply nested absurdly deep (a million
 * '[') must not reach it.
 *
 * And strings that are not text must be seen for what they are: json-glib
 * ends a string silently at \u0000, and a surrogate escape without its
 * pair makes it fail the whole reply or keep bytes that are not UTF-8,
 * depending on what follows. Such an escape is made \ufdd0 here, a
 * noncharacter Unicode sets aside for a program's internal use, which
 * _tj_sync_check_body() refuses: the one document is refused, naming the
 * member, instead of arriving cut short or spoiling the reply.
 *
 * A text holding more than one value at the top ("[][]", "0[]") is not a
 * reply either, and json-glib 1.6 leaks the first value when it meets the
 * second: such a text is refused here, and so is a string with a broken
 * \u escape or a raw control character, which it leaks on too.
 *
 * *@out_fixed is a copy when an escape was replaced. */
typedef enum {
  SCAN_OK,
  SCAN_TOO_DEEP,
  SCAN_SEVERAL_VALUES,
  SCAN_NOT_JSON,
} ScanResult;

static ScanResult
scan_json_text (const char  *data,
                gsize        len,
                char       **out_fixed)
{
  const char *end = data + len;
  guint depth = 0;
  guint top_values = 0;
  gboolean in_scalar = FALSE;
  gboolean in_string = FALSE;
  gboolean escaped = FALSE;
  char *fixed = NULL;

  *out_fixed = NULL;
  for (gsize i = 0; i < len; i++)
    {
      char c = data[i];

      if (in_string)
        {
          if (escaped)
            {
              gint unit = escape_unit (data + i, end);
              gboolean bad = FALSE;

              escaped = FALSE;
              if (unit < 0 && c == 'u')
                {
                  /* "\u" without four hex digits: json-glib 1.6 leaks
                   * the string it was reading when it meets one. */
                  g_free (fixed);
                  return SCAN_NOT_JSON;
                }
              if (unit < 0)
                continue;
              if (unit >= 0xd800 && unit <= 0xdbff)
                {
                  gint low = i + 5 < len && data[i + 5] == '\\' ? escape_unit (data + i + 6, end) : -1;
                  if (low >= 0xdc00 && low <= 0xdfff)
                    i += 6;   /* a pair: the low half is consumed too */
                  else
                    bad = TRUE;
                }
              else if (unit == 0 || (unit >= 0xdc00 && unit <= 0xdfff))
                bad = TRUE;
              if (bad)
                {
                  if (fixed == NULL)
                    fixed = g_memdup2 (data, len);
                  memcpy (fixed + i + 1, "fdd0", 4);
                }
              i += 4;
            }
          else if (c == '\\')
            escaped = TRUE;
          else if (c == '"')
            in_string = FALSE;
          else if ((guchar) c < 0x20)
            {
              /* A raw control character is not allowed in a string
               * either, and takes json-glib down the same path. */
              g_free (fixed);
              return SCAN_NOT_JSON;
            }
        }
      else
        {
          if (depth == 0)
            {
              gboolean space = c == ' ' || c == '\t' || c == '\n' || c == '\r';
              gboolean structural = c == '"' || c == '[' || c == '{' || c == ']' || c == '}';

              /* A value starts at the top: a string, a container, or the
               * first character of a number or a literal. */
              if (!space && (structural || !in_scalar) && c != ']' && c != '}')
                top_values++;
              in_scalar = !space && !structural;
              if (top_values > 1)
                {
                  g_free (fixed);
                  return SCAN_SEVERAL_VALUES;
                }
            }
          if (c == '"')
            in_string = TRUE;
          else if (c == '[' || c == '{')
            {
              if (++depth > MAX_JSON_DEPTH)
                {
                  g_free (fixed);
                  return SCAN_TOO_DEEP;
                }
            }
          else if ((c == ']' || c == '}') && depth > 0)
            depth--;
        }
    }
  *out_fixed = fixed;
  return SCAN_OK;
}

/* The JSON of a reply: parsed when there is a body, and required (valid,
 * not absurdly nested) for a 2xx answer. A 2xx reply nested deeper than
 * MAX_JSON_DEPTH gives a TJ_SYNC_TOO_DEEP_ERROR. */
gboolean
_tj_sync_parse_reply (const char  *what,
                      guint        status,
                      GBytes      *reply,
                      JsonNode   **out_json,
                      GError     **error)
{
  *out_json = NULL;
  if (reply && g_bytes_get_size (reply) > 0)
    {
      gsize len;
      const char *data = g_bytes_get_data (reply, &len);
      g_autoptr(JsonParser) parser = json_parser_new_immutable ();
      g_autoptr(GError) parse_error = NULL;
      g_autofree char *fixed = NULL;

      ScanResult scan = scan_json_text (data, len, &fixed);

      if (scan == SCAN_TOO_DEEP)
        {
          if (SOUP_STATUS_IS_SUCCESSFUL (status))
            {
              g_set_error (error, TJ_SYNC_TOO_DEEP_ERROR, 0,
                           _("The server sent a malformed reply to %s: %s"), what,
                           _("the JSON is nested absurdly deep"));
              return FALSE;
            }
        }
      else if (scan == SCAN_SEVERAL_VALUES)
        {
          if (SOUP_STATUS_IS_SUCCESSFUL (status))
            return _tj_sync_malformed (error, what, _("the reply holds more than one JSON value"));
        }
      else if (scan == SCAN_NOT_JSON)
        {
          if (SOUP_STATUS_IS_SUCCESSFUL (status))
            return _tj_sync_malformed (error, what, _("a string in the JSON is not valid"));
        }
      else if (json_parser_load_from_data (parser, fixed ? fixed : data, len, &parse_error) &&
               json_parser_get_root (parser) != NULL)
        *out_json = json_node_ref (json_parser_get_root (parser));
      else if (SOUP_STATUS_IS_SUCCESSFUL (status))
        {
          /* Where, not what: json-glib's message quotes the text around
           * the error, which may be a document's content. */
          g_autofree char *detail = g_strdup_printf (_("the JSON is not valid (line %u, character %u)"),
                                                     json_parser_get_current_line (parser),
                                                     json_parser_get_current_pos (parser));
          return _tj_sync_malformed (error, what, parse_error ? detail : _("no JSON"));
        }
    }
  if (SOUP_STATUS_IS_SUCCESSFUL (status) && *out_json == NULL)
    return _tj_sync_malformed (error, what, _("the reply is empty"));
  return TRUE;
}

/* ------------------------------------------------------------------ */
/* Documents                                                            */
/* ------------------------------------------------------------------ */

/* Valid UTF-8 without the mark scan_json_text() leaves for a NUL or a
 * lone surrogate. */
static gboolean
valid_text (const char *s)
{
  return g_utf8_validate (s, -1, NULL) && strstr (s, NONCHARACTER_MARK) == NULL;
}

static void
append_path (GString    *path,
             const char *member)
{
  if (path->len > 0)
    g_string_append_c (path, '.');
  g_string_append (path, member);
}

static gboolean
check_value (JsonNode  *node,
             guint      depth,
             GString   *path,
             GError   **error)
{
  if (JSON_NODE_HOLDS_OBJECT (node) || JSON_NODE_HOLDS_ARRAY (node))
    {
      if (depth >= TJ_SYNC_MAX_DOC_DEPTH)
        {
          g_set_error (error, TJ_ERROR, TJ_ERROR_INVALID,
                       _("“%s” is nested deeper than %u levels"), path->str, TJ_SYNC_MAX_DOC_DEPTH);
          return FALSE;
        }
    }
  if (JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonObject *object = json_node_get_object (node);
      g_autoptr(GList) members = json_object_get_members (object);

      for (GList *l = members; l; l = l->next)
        {
          gsize len = path->len;
          gboolean ok;

          if (!valid_text (l->data))
            {
              g_autofree char *shown = g_utf8_make_valid (l->data, -1);
              append_path (path, shown);
              g_set_error (error, TJ_ERROR, TJ_ERROR_INVALID,
                           _("The member name “%s” is not valid UTF-8 or contains a NUL character"), path->str);
              return FALSE;
            }
          append_path (path, l->data);
          ok = check_value (json_object_get_member (object, l->data), depth + 1, path, error);
          g_string_truncate (path, len);
          if (!ok)
            return FALSE;
        }
    }
  else if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);

      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          gsize len = path->len;
          gboolean ok;

          g_string_append_printf (path, "[%u]", i);
          ok = check_value (json_array_get_element (array, i), depth + 1, path, error);
          g_string_truncate (path, len);
          if (!ok)
            return FALSE;
        }
    }
  else if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING &&
           !valid_text (json_node_get_string (node)))
    {
      g_set_error (error, TJ_ERROR, TJ_ERROR_INVALID,
                   _("“%s” is not valid UTF-8 or contains a NUL character"), path->str);
      return FALSE;
    }
  return TRUE;
}

/**
 * _tj_sync_check_body:
 *
 * The rule the local store applies to every document body it writes
 * (local edits and new_edits=false writes alike), applied here to what
 * pull is about to write and to what push is about to send, so that a
 * document one station cannot hold never travels: at most
 * TJ_SYNC_MAX_DOC_DEPTH levels of nesting (the document object is level
 * 1), every member name and string valid UTF-8 without NUL. TJ_ERROR_INVALID
 * naming the member ("parties[2].name") otherwise.
 */
gboolean
_tj_sync_check_body (JsonObject  *doc,
                     GError     **error)
{
  g_autoptr(JsonNode) node = json_node_init_object (json_node_alloc (), doc);
  g_autoptr(GString) path = g_string_new (NULL);

  return check_value (node, 0, path, error);
}

static gboolean
valid_base64 (const char *s,
              gsize       len)
{
  if (len % 4 != 0)
    return FALSE;
  for (gsize i = 0; i < len; i++)
    {
      char c = s[i];
      if (g_ascii_isalnum (c) || c == '+' || c == '/')
        continue;
      if (c == '=' && i >= len - 2)
        continue;
      return FALSE;
    }
  return TRUE;
}

static gboolean
is_int (JsonNode *node)
{
  return node && JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_INT64;
}

/* The "_attachments" of a revision of @id (@node, nullable) as the
 * source sent it: data that matches its length and digest, or a stub. */
static gboolean
validate_attachments (JsonNode    *node,
                      const char  *id,
                      gint64       generation,
                      const char  *what,
                      GError     **error)
{
  JsonObject *attachments = _tj_sync_node_object (node);
  g_autoptr(GList) names = NULL;

  if (node == NULL)
    return TRUE;
  if (attachments == NULL)
    {
      g_autofree char *detail = g_strdup_printf (_("the attachments of “%s” are not an object"), id);
      return _tj_sync_malformed (error, what, detail);
    }
  names = json_object_get_members (attachments);
  for (GList *l = names; l; l = l->next)
    {
      JsonObject *att = tj_json_get_object (attachments, l->data);
      const char *data = tj_json_get_string (att, "data", NULL);
      const char *digest = tj_json_get_string (att, "digest", NULL);
      JsonNode *length = att ? json_object_get_member (att, "length") : NULL;
      JsonNode *revpos = att ? json_object_get_member (att, "revpos") : NULL;
      g_autofree char *name = g_utf8_make_valid (l->data, -1);
      g_autofree char *detail = g_strdup_printf (_("attachment “%s” of “%s” is damaged"), name, id);
      gsize data_len, decoded_len;
      g_autofree guchar *decoded = NULL;

      if (att == NULL ||
          (length != NULL && (!is_int (length) || json_node_get_int (length) < 0)) ||
          (revpos != NULL && (!is_int (revpos) || json_node_get_int (revpos) < 1 ||
                              json_node_get_int (revpos) > generation)) ||
          (json_object_has_member (att, "content_type") && tj_json_get_string (att, "content_type", NULL) == NULL))
        return _tj_sync_malformed (error, what, detail);
      if (data == NULL)
        {
          /* We always ask for the data; a stub is only fine if marked so. */
          if (!tj_json_get_bool (att, "stub", FALSE))
            return _tj_sync_malformed (error, what, detail);
          continue;
        }
      data_len = strlen (data);
      if (!valid_base64 (data, data_len))
        return _tj_sync_malformed (error, what, detail);
      decoded = g_base64_decode (data, &decoded_len);
      if (length != NULL && json_node_get_int (length) != (gint64) decoded_len)
        return _tj_sync_malformed (error, what, detail);
      if (digest && g_str_has_prefix (digest, "md5-"))
        {
          g_autoptr(GChecksum) md5 = g_checksum_new (G_CHECKSUM_MD5);
          guint8 raw[16];
          gsize raw_len = sizeof raw;
          g_autofree char *expected = NULL;

          g_checksum_update (md5, decoded, decoded_len);
          g_checksum_get_digest (md5, raw, &raw_len);
          expected = g_base64_encode (raw, raw_len);
          if (strcmp (expected, digest + 4) != 0)
            return _tj_sync_malformed (error, what, detail);
        }
    }
  return TRUE;
}

/* Members starting with "_" that a document may carry (CouchDB refuses
 * any other as "Bad special document member"). */
static gboolean
known_special_member (const char *name)
{
  static const char *const known[] = { "_id", "_rev", "_revisions", "_deleted", "_attachments",
                                       "_conflicts", "_deleted_conflicts", "_local_seq",
                                       "_revs_info", NULL };

  for (guint i = 0; known[i]; i++)
    if (strcmp (name, known[i]) == 0)
      return TRUE;
  return FALSE;
}

/* ------------------------------------------------------------------ */
/* Replies                                                              */
/* ------------------------------------------------------------------ */

static gboolean
is_string (JsonNode *node)
{
  return node && JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING;
}

static gboolean
string_in (JsonArray  *array,
           const char *s)
{
  for (guint i = 0; array && s && i < json_array_get_length (array); i++)
    if (g_strcmp0 (json_array_get_string_element (array, i), s) == 0)
      return TRUE;
  return FALSE;
}

/* GET /: the server's welcome, and its uuid (borrowed, NULL when it has
 * none: old CouchDB behind some proxies). */
gboolean
_tj_sync_parse_server (JsonNode    *reply,
                       const char **out_uuid,
                       GError     **error)
{
  JsonObject *info = _tj_sync_node_object (reply);
  JsonNode *uuid = info ? json_object_get_member (info, "uuid") : NULL;

  *out_uuid = NULL;
  if (info == NULL)
    return _tj_sync_malformed (error, "GET /", _("the answer is not an object"));
  if (uuid != NULL &&
      (!is_string (uuid) || *json_node_get_string (uuid) == '\0' || strlen (json_node_get_string (uuid)) > 256 ||
       !g_utf8_validate (json_node_get_string (uuid), -1, NULL)))
    return _tj_sync_malformed (error, "GET /", _("the server uuid is absurd"));
  if (uuid == NULL && !is_string (json_object_get_member (info, "couchdb")) &&
      !is_string (json_object_get_member (info, "express-pouchdb")))
    return _tj_sync_malformed (error, "GET /", _("it is not the welcome of a CouchDB or PouchDB server"));
  *out_uuid = uuid ? json_node_get_string (uuid) : NULL;
  return TRUE;
}

/* GET /db: the database's update_seq (borrowed) and whether it holds no
 * document at all. */
gboolean
_tj_sync_parse_database (JsonNode    *reply,
                         const char  *what,
                         JsonNode   **out_update_seq,
                         gboolean    *out_empty,
                         GError     **error)
{
  JsonObject *info = _tj_sync_node_object (reply);
  JsonNode *update_seq = info ? json_object_get_member (info, "update_seq") : NULL;
  JsonNode *doc_count = info ? json_object_get_member (info, "doc_count") : NULL;
  JsonNode *del_count = info ? json_object_get_member (info, "doc_del_count") : NULL;

  if (info == NULL)
    return _tj_sync_malformed (error, what, _("the answer is not an object"));
  if (!_tj_sync_valid_seq (update_seq))
    return _tj_sync_malformed (error, what, _("no valid “update_seq”"));
  if ((doc_count && (!is_int (doc_count) || json_node_get_int (doc_count) < 0)) ||
      (del_count && (!is_int (del_count) || json_node_get_int (del_count) < 0)))
    return _tj_sync_malformed (error, what, _("the document counts are not numbers"));
  *out_update_seq = update_seq;
  /* Unknown counts mean "not known to be empty": the careful way. */
  *out_empty = doc_count && json_node_get_int (doc_count) == 0 &&
               (del_count == NULL || json_node_get_int (del_count) == 0);
  return TRUE;
}

/* POST /_session, 2xx: {"ok": true, …}. */
gboolean
_tj_sync_parse_session (JsonNode  *reply,
                        GError   **error)
{
  JsonObject *answer = _tj_sync_node_object (reply);

  if (answer == NULL || !tj_json_get_bool (answer, "ok", FALSE))
    return _tj_sync_malformed (error, "POST /_session", _("no “ok” in the answer"));
  return TRUE;
}

/* POST /db/_revs_diff about @asked ({id: [rev]}): {id: {"missing": [rev],
 * "possible_ancestors": [rev]?}} for the documents with missing
 * revisions. Every entry has a "missing" list naming only revisions that
 * were asked about: an entry without one is not "nothing missing" but a
 * damaged reply. *@out_missing: {id: [rev]}; *@out_ancestors: {id: [rev]},
 * well-formed ones only (PouchDB Server sends none). */
gboolean
_tj_sync_parse_revs_diff (JsonNode     *reply,
                          JsonObject   *asked,
                          const char   *what,
                          JsonObject  **out_missing,
                          JsonObject  **out_ancestors,
                          GError      **error)
{
  g_autoptr(JsonObject) missing = json_object_new ();
  g_autoptr(JsonObject) ancestors = json_object_new ();
  g_autoptr(GList) ids = NULL;
  JsonObject *answer = _tj_sync_node_object (reply);

  if (answer == NULL)
    return _tj_sync_malformed (error, what, _("the answer is not an object"));
  ids = json_object_get_members (answer);
  for (GList *l = ids; l; l = l->next)
    {
      const char *id = l->data;
      JsonArray *revs_asked = tj_json_get_array (asked, id);
      JsonObject *entry = tj_json_get_object (answer, id);
      JsonArray *revs = tj_json_get_array (entry, "missing");
      JsonNode *have_node = entry ? json_object_get_member (entry, "possible_ancestors") : NULL;
      JsonArray *have = _tj_sync_node_array (have_node);
      g_autoptr(JsonArray) copy = json_array_new ();
      JsonArray *kept;

      if (revs_asked == NULL || entry == NULL)
        return _tj_sync_malformed (error, what, _("it names a document that was not asked about"));
      if (revs == NULL)
        {
          g_autofree char *detail = g_strdup_printf (_("the entry of “%s” has no “missing” list"), id);
          return _tj_sync_malformed (error, what, detail);
        }
      if (have_node && have == NULL)
        {
          g_autofree char *detail = g_strdup_printf (_("the entry of “%s” has no valid “possible_ancestors” list"), id);
          return _tj_sync_malformed (error, what, detail);
        }
      for (guint i = 0; i < json_array_get_length (revs); i++)
        {
          JsonNode *el = json_array_get_element (revs, i);
          const char *rev = is_string (el) ? json_node_get_string (el) : NULL;

          if (!string_in (revs_asked, rev))
            return _tj_sync_malformed (error, what, _("it lists a revision that was not asked about"));
          json_array_add_string_element (copy, rev);
        }
      if (json_array_get_length (copy) > 0)
        json_object_set_array_member (missing, id, g_steal_pointer (&copy));

      /* CouchDB names revisions it has that may be ancestors. */
      kept = json_array_new ();
      for (guint i = 0; have && i < json_array_get_length (have); i++)
        {
          JsonNode *el = json_array_get_element (have, i);
          if (is_string (el) && _tj_sync_parse_rev (json_node_get_string (el), NULL, NULL))
            json_array_add_string_element (kept, json_node_get_string (el));
        }
      json_object_set_array_member (ancestors, id, kept);
    }
  *out_missing = g_steal_pointer (&missing);
  *out_ancestors = g_steal_pointer (&ancestors);
  return TRUE;
}

/* POST /db/_bulk_docs with @sent (the documents): a list naming only sent
 * documents; with new_edits=false it normally holds only the refusals,
 * which go to @refusals as {id, error, reason}. */
gboolean
_tj_sync_parse_bulk_docs (JsonNode    *reply,
                          JsonArray   *sent,
                          const char  *what,
                          JsonArray   *refusals,
                          GError     **error)
{
  g_autoptr(GHashTable) ids = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; i < json_array_get_length (sent); i++)
    g_hash_table_add (ids, (gpointer) tj_json_get_string (json_array_get_object_element (sent, i), "_id", ""));
  return _tj_sync_parse_bulk_docs_ids (reply, ids, what, refusals, error);
}

/* The same, with the ids sent as a set. */
gboolean
_tj_sync_parse_bulk_docs_ids (JsonNode    *reply,
                              GHashTable  *ids,
                              const char  *what,
                              JsonArray   *refusals,
                              GError     **error)
{
  JsonArray *answer = _tj_sync_node_array (reply);

  if (answer == NULL)
    return _tj_sync_malformed (error, what, _("the answer is not a list"));
  for (guint i = 0; i < json_array_get_length (answer); i++)
    {
      JsonObject *item = _tj_sync_node_object (json_array_get_element (answer, i));
      const char *id = tj_json_get_string (item, "id", NULL);
      JsonNode *err = item ? json_object_get_member (item, "error") : NULL;

      if (item == NULL)
        return _tj_sync_malformed (error, what, _("an entry is not an object"));
      if (id == NULL || !g_hash_table_contains (ids, id))
        return _tj_sync_malformed (error, what, _("an entry names a document that was not sent"));
      if (err == NULL)
        {
          /* A success; it says so in one of CouchDB's ways. */
          if (!tj_json_get_bool (item, "ok", FALSE) && !is_string (json_object_get_member (item, "rev")))
            return _tj_sync_malformed (error, what, _("an entry is neither a success nor a refusal"));
          continue;
        }
      if (!is_string (err))
        return _tj_sync_malformed (error, what, _("a refusal does not say what went wrong"));
      _tj_sync_add_failure (refusals, id, NULL, json_node_get_string (err),
                            tj_json_get_string (item, "reason", NULL));
    }
  return TRUE;
}

/* GET /db/_local/id, 200: an object with its _rev (borrowed). What is in
 * it is read leniently: an unusable checkpoint means "start over". */
gboolean
_tj_sync_parse_checkpoint (JsonNode     *reply,
                           const char   *what,
                           const char  **out_rev,
                           GError      **error)
{
  JsonObject *log = _tj_sync_node_object (reply);
  const char *rev = tj_json_get_string (log, "_rev", NULL);

  if (log == NULL)
    return _tj_sync_malformed (error, what, _("a checkpoint is not a JSON object"));
  if (rev == NULL || *rev == '\0' || strlen (rev) > MAX_SEQ_BYTES || !g_utf8_validate (rev, -1, NULL))
    return _tj_sync_malformed (error, what, _("the checkpoint has no “_rev”"));
  *out_rev = rev;
  return TRUE;
}

/* PUT, 2xx: {"ok": true, "id", "rev"}; the new rev (borrowed). */
gboolean
_tj_sync_parse_put (JsonNode     *reply,
                    const char   *what,
                    const char  **out_rev,
                    GError      **error)
{
  JsonObject *answer = _tj_sync_node_object (reply);
  const char *rev = tj_json_get_string (answer, "rev", NULL);

  if (rev == NULL || *rev == '\0' || strlen (rev) > MAX_SEQ_BYTES || !g_utf8_validate (rev, -1, NULL))
    return _tj_sync_malformed (error, what, _("no “rev” in the answer"));
  *out_rev = rev;
  return TRUE;
}

/* ------------------------------------------------------------------ */
/* Large replies, read as a tape                                        */
/* ------------------------------------------------------------------ */

/* The tape of a reply to @what with @status, for _changes, _bulk_get and
 * open_revs, whose documents make them large: like _tj_sync_parse_reply(),
 * but a 2xx reply becomes a tape (*@out_tape) and only another one is
 * parsed by json-glib (*@out_json: an error's reason). */
gboolean
_tj_sync_parse_reply_tape (const char  *what,
                           guint        status,
                           GBytes      *reply,
                           TjSyncTape **out_tape,
                           JsonNode   **out_json,
                           GError     **error)
{
  guint line = 0, column = 0;
  gboolean too_deep = FALSE;

  *out_tape = NULL;
  *out_json = NULL;
  if (!SOUP_STATUS_IS_SUCCESSFUL (status))
    return _tj_sync_parse_reply (what, status, reply, out_json, error);
  if (reply == NULL || g_bytes_get_size (reply) == 0)
    return _tj_sync_malformed (error, what, _("the reply is empty"));
  *out_tape = _tj_sync_tape_parse (reply, MAX_JSON_DEPTH, &line, &column, &too_deep);
  if (*out_tape)
    return TRUE;
  if (too_deep)
    {
      g_set_error (error, TJ_SYNC_TOO_DEEP_ERROR, 0, _("The server sent a malformed reply to %s: %s"), what,
                   _("the JSON is nested absurdly deep"));
      return FALSE;
    }
  {
    /* Where, not what: the text around the error may be a document's. */
    g_autofree char *detail = g_strdup_printf (_("the JSON is not valid (line %u, character %u)"), line, column);
    return _tj_sync_malformed (error, what, detail);
  }
}

void
_tj_sync_row_free (TjSyncRow *row)
{
  g_free (row->id);
  g_clear_pointer (&row->seq, json_node_unref);
  g_clear_pointer (&row->revs, g_ptr_array_unref);
  g_free (row);
}

void
_tj_sync_doc_free (TjSyncDoc *doc)
{
  g_free (doc->id);
  g_free (doc->rev);
  g_clear_pointer (&doc->path, g_ptr_array_unref);
  g_free (doc->type);
  g_free (doc->body);
  g_clear_pointer (&doc->attachments, json_object_unref);
  g_free (doc);
}

/* A sequence on the tape: an integer >= 0 or a short string (as
 * _tj_sync_valid_seq()). */
static gboolean
tape_valid_seq (TjSyncTape *tape,
                guint       i)
{
  gint64 value;

  if (_tj_sync_tape_is (tape, i, TJ_TAPE_NUMBER))
    return _tj_sync_tape_get_int (tape, i, &value) && value >= 0;
  if (_tj_sync_tape_is (tape, i, TJ_TAPE_STRING))
    {
      g_autofree char *s = _tj_sync_tape_dup_string (tape, i);
      gsize len = strlen (s);
      return len > 0 && len <= MAX_SEQ_BYTES;
    }
  return FALSE;
}

/* GET /db/_changes: the rows, each with a valid id, its leaf revisions
 * and a seq; "deleted" a boolean and "doc" an object (or null) when
 * present. */
GPtrArray *
_tj_sync_tape_changes (TjSyncTape  *tape,
                       const char  *what,
                       GError     **error)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) _tj_sync_row_free);
  g_autoptr(GString) buf = g_string_new (NULL);
  guint results = _tj_sync_tape_member (tape, TJ_TAPE_ROOT, "results");
  guint n = 0;

  if (!_tj_sync_tape_is (tape, results, TJ_TAPE_ARRAY))
    {
      _tj_sync_malformed (error, what, _("no “results” list"));
      return NULL;
    }
  for (guint r = _tj_sync_tape_first (tape, results); r; r = _tj_sync_tape_next (tape, results, r))
    {
      TjSyncRow *row;
      guint changes = _tj_sync_tape_member (tape, r, "changes");
      guint seq = _tj_sync_tape_member (tape, r, "seq");
      guint deleted = _tj_sync_tape_member (tape, r, "deleted");
      guint doc = _tj_sync_tape_member (tape, r, "doc");
      const char *id = _tj_sync_tape_get_string (tape, r, "id", buf);

      n++;
      if (!valid_doc_id (id) || !_tj_sync_tape_is (tape, changes, TJ_TAPE_ARRAY) ||
          _tj_sync_tape_first (tape, changes) == 0 || !tape_valid_seq (tape, seq) ||
          (deleted && !_tj_sync_tape_is (tape, deleted, TJ_TAPE_TRUE) &&
           !_tj_sync_tape_is (tape, deleted, TJ_TAPE_FALSE)) ||
          (doc && !_tj_sync_tape_is (tape, doc, TJ_TAPE_OBJECT) && !_tj_sync_tape_is (tape, doc, TJ_TAPE_NULL)))
        goto damaged;
      row = g_new0 (TjSyncRow, 1);
      g_ptr_array_add (rows, row);
      row->id = g_strdup (id);
      row->seq = _tj_sync_tape_to_node (tape, seq);
      row->revs = g_ptr_array_new_with_free_func (g_free);
      row->deleted = _tj_sync_tape_is (tape, deleted, TJ_TAPE_TRUE);
      row->doc = _tj_sync_tape_is (tape, doc, TJ_TAPE_OBJECT) ? doc : 0;
      for (guint c = _tj_sync_tape_first (tape, changes); c; c = _tj_sync_tape_next (tape, changes, c))
        {
          const char *rev = _tj_sync_tape_get_string (tape, c, "rev", buf);
          if (!_tj_sync_parse_rev (rev, NULL, NULL))
            goto damaged;
          g_ptr_array_add (row->revs, g_strdup (rev));
        }
      continue;

    damaged:
      {
        g_autofree char *detail = g_strdup_printf (_("row %u of the changes feed is damaged"), n);
        _tj_sync_malformed (error, what, detail);
        return NULL;
      }
    }
  return g_steal_pointer (&rows);
}

/* Where the rule of every body breaks in value @i at @depth (the
 * document is at 0), found as check_value() walks: the first container
 * too deep, string that is not text or number out of range. */
static gboolean
tape_check_value (TjSyncTape  *tape,
                  guint        i,
                  guint        depth,
                  GString     *path,
                  GError     **error)
{
  const TjTapeNode *node = &tape->nodes[i];

  if (node->type == TJ_TAPE_OBJECT || node->type == TJ_TAPE_ARRAY)
    {
      /* Nothing wrong below: no need to look. */
      if (depth + node->height <= TJ_SYNC_MAX_DOC_DEPTH && !(node->flags & TJ_TAPE_SPOILT))
        return TRUE;
      if (depth >= TJ_SYNC_MAX_DOC_DEPTH)
        {
          g_set_error (error, TJ_ERROR, TJ_ERROR_INVALID,
                       _("“%s” is nested deeper than %u levels"), path->str, TJ_SYNC_MAX_DOC_DEPTH);
          return FALSE;
        }
    }
  if (node->type == TJ_TAPE_OBJECT)
    {
      for (guint k = _tj_sync_tape_first (tape, i); k; k = _tj_sync_tape_next (tape, i, k + 1))
        {
          g_autofree char *name = _tj_sync_tape_dup_string (tape, k);
          gsize len = path->len;
          gboolean ok;

          if (tape->nodes[k].flags & TJ_TAPE_NOT_TEXT)
            {
              append_path (path, name);
              g_set_error (error, TJ_ERROR, TJ_ERROR_INVALID,
                           _("The member name “%s” is not valid UTF-8 or contains a NUL character"), path->str);
              return FALSE;
            }
          append_path (path, name);
          ok = tape_check_value (tape, k + 1, depth + 1, path, error);
          g_string_truncate (path, len);
          if (!ok)
            return FALSE;
        }
    }
  else if (node->type == TJ_TAPE_ARRAY)
    {
      guint index = 0;

      for (guint c = _tj_sync_tape_first (tape, i); c; c = _tj_sync_tape_next (tape, i, c), index++)
        {
          gsize len = path->len;
          gboolean ok;

          g_string_append_printf (path, "[%u]", index);
          ok = tape_check_value (tape, c, depth + 1, path, error);
          g_string_truncate (path, len);
          if (!ok)
            return FALSE;
        }
    }
  else if (node->type == TJ_TAPE_STRING && (node->flags & TJ_TAPE_NOT_TEXT))
    {
      g_set_error (error, TJ_ERROR, TJ_ERROR_INVALID,
                   _("“%s” is not valid UTF-8 or contains a NUL character"), path->str);
      return FALSE;
    }
  else if (node->type == TJ_TAPE_NUMBER && (node->flags & TJ_TAPE_TOO_LARGE))
    {
      g_set_error (error, TJ_ERROR, TJ_ERROR_INVALID,
                   _("“%s” is a number too large to keep"), path->str);
      return FALSE;
    }
  return TRUE;
}

/* The rule of every body (_tj_sync_check_body()) on document @i of
 * @tape. Cheap when it holds: the parser noted every container's height
 * and whether anything in it is spoilt. */
gboolean
_tj_sync_tape_check_body (TjSyncTape  *tape,
                          guint        i,
                          GError     **error)
{
  g_autoptr(GString) path = g_string_new (NULL);

  return tape_check_value (tape, i, 0, path, error);
}

static gboolean
name_is_special (TjSyncTape *tape,
                 guint       k)
{
  g_autofree char *name = NULL;

  if (!(tape->nodes[k].flags & TJ_TAPE_ESCAPED))
    return tape->text[tape->nodes[k].start + 1] == '_';
  name = _tj_sync_tape_dup_string (tape, k);
  return name[0] == '_';
}

/* The document's members that are not "_" ones, as the JSON object text
 * the store keeps: the server's own text, member by member. */
static char *
body_text (TjSyncTape *tape,
           guint       i)
{
  const TjTapeNode *node = &tape->nodes[i];
  GString *out = g_string_sized_new (node->end - node->start);
  gboolean first = TRUE;

  g_string_append_c (out, '{');
  for (guint k = _tj_sync_tape_first (tape, i); k; k = _tj_sync_tape_next (tape, i, k + 1))
    {
      if (name_is_special (tape, k))
        continue;
      if (!first)
        g_string_append_c (out, ',');
      first = FALSE;
      g_string_append_len (out, tape->text + tape->nodes[k].start,
                           tape->nodes[k + 1].end - tape->nodes[k].start);
    }
  g_string_append_c (out, '}');
  return g_string_free (out, FALSE);
}

static gboolean
bad_history (GError     **error,
             const char  *what,
             const char  *id)
{
  g_autofree char *detail = g_strdup_printf (_("document “%s” has a bad revision or history"), id);
  return _tj_sync_malformed (error, what, detail);
}

/* A revision on the tape (@i, an object) as the source sent it, before it
 * may be written: its id, revision, history and attachments
 * (TJ_ERROR_NETWORK, "malformed", when they are damaged) and its body
 * (TJ_ERROR_INVALID, the rule of every body). Logs ids, revisions and
 * reasons, never a body.
 * With @only_revision (a first replication's changes feed, which sends
 * no history), it must have none, and its history is its own hash. */
gboolean
_tj_sync_tape_doc (TjSyncTape  *tape,
                   guint        i,
                   const char  *expected_id,
                   gboolean     only_revision,
                   const char  *what,
                   TjSyncDoc  **out_doc,
                   GError     **error)
{
  g_autoptr(GString) buf = g_string_new (NULL);
  g_autoptr(TjSyncDoc) doc = g_new0 (TjSyncDoc, 1);
  guint revisions = _tj_sync_tape_member (tape, i, "_revisions");
  guint deleted = _tj_sync_tape_member (tape, i, "_deleted");
  guint attachments = _tj_sync_tape_member (tape, i, "_attachments");
  guint type = _tj_sync_tape_member (tape, i, "type");
  g_autoptr(JsonNode) attachments_node = NULL;
  const char *id = _tj_sync_tape_get_string (tape, i, "_id", buf);
  const char *hash = NULL;
  gint64 generation = 0;

  *out_doc = NULL;
  if (id == NULL || g_strcmp0 (id, expected_id) != 0)
    {
      g_autofree char *shown = g_utf8_make_valid (id ? id : "", -1);
      g_autofree char *detail = g_strdup_printf (_("a document came back as “%s” instead of “%s”"),
                                                 shown, expected_id);
      return _tj_sync_malformed (error, what, detail);
    }
  doc->id = g_strdup (id);
  doc->rev = g_strdup (_tj_sync_tape_get_string (tape, i, "_rev", buf));
  doc->path = g_ptr_array_new_with_free_func (g_free);
  if (!_tj_sync_parse_rev (doc->rev, &generation, &hash))
    {
      g_debug ("refused a revision of %s: its _rev is missing or damaged", doc->id);
      return bad_history (error, what, doc->id);
    }
  if (only_revision)
    {
      if (revisions || generation != 1)
        return bad_history (error, what, doc->id);
      g_ptr_array_add (doc->path, g_strdup (doc->rev));
    }
  else
    {
      guint ids = _tj_sync_tape_member (tape, revisions, "ids");
      guint start = _tj_sync_tape_member (tape, revisions, "start");
      guint n_ids = _tj_sync_tape_is (tape, ids, TJ_TAPE_ARRAY) ? _tj_sync_tape_length (tape, ids) : 0;
      gint64 start_value = 0;
      guint k = 0;

      if (n_ids == 0 || !_tj_sync_tape_get_int (tape, start, &start_value) || start_value != generation ||
          n_ids > (guint) generation)
        {
          g_debug ("refused a revision of %s: its _rev or _revisions is missing or does not match", doc->id);
          return bad_history (error, what, doc->id);
        }
      for (guint c = _tj_sync_tape_first (tape, ids); c; c = _tj_sync_tape_next (tape, ids, c), k++)
        {
          g_autofree char *entry = _tj_sync_tape_dup_string (tape, c);

          if (entry == NULL || !valid_rev_hash (entry) || (k == 0 && strcmp (entry, hash) != 0))
            {
              /* What the entry is (a revision hash, or what stands in its
               * place, cut short): a server's damaged history is rare. */
              const char *what_is = entry ? entry : "(not a string)";
              g_autofree char *shown = g_utf8_make_valid (what_is, MIN (strlen (what_is), 40));
              g_debug ("refused revision %s of %s: history entry %u of %u is damaged: “%s”", doc->rev, doc->id,
                       k, n_ids, shown);
              return bad_history (error, what, doc->id);
            }
          g_ptr_array_add (doc->path, g_strdup_printf ("%" G_GINT64_FORMAT "-%s", generation - k, entry));
        }
    }
  if (deleted && !_tj_sync_tape_is (tape, deleted, TJ_TAPE_TRUE) && !_tj_sync_tape_is (tape, deleted, TJ_TAPE_FALSE))
    return bad_history (error, what, doc->id);
  doc->deleted = _tj_sync_tape_is (tape, deleted, TJ_TAPE_TRUE);
  for (guint k = _tj_sync_tape_first (tape, i); k; k = _tj_sync_tape_next (tape, i, k + 1))
    if (name_is_special (tape, k))
      {
        g_autofree char *name = _tj_sync_tape_dup_string (tape, k);
        if (!known_special_member (name))
          {
            g_debug ("refused revision %s of %s: unknown special member", doc->rev, doc->id);
            return bad_history (error, what, doc->id);
          }
      }
  if (attachments)
    {
      attachments_node = _tj_sync_tape_to_node (tape, attachments);
      if (!validate_attachments (attachments_node, doc->id, generation, what, error))
        return FALSE;
      doc->attachments = json_object_ref (json_node_get_object (attachments_node));
    }
  if (!_tj_sync_tape_check_body (tape, i, error))
    return FALSE;
  doc->type = _tj_sync_tape_dup_string (tape, type);
  doc->body = body_text (tape, i);
  *out_doc = g_steal_pointer (&doc);
  return TRUE;
}

/* One answer item of _bulk_get or open_revs about document @id: a
 * revision ("ok"), or a refusal ("error" object, or "missing" rev for
 * open_revs). Good revisions go to @docs; damaged ones and the server's
 * refusals to @failures as {id, rev?, error, reason}; FALSE (malformed)
 * only when the item is neither. */
static gboolean
tape_item (TjSyncTape  *tape,
           guint        item,
           const char  *id,
           gboolean     open_revs,
           const char  *what,
           GPtrArray   *docs,
           JsonArray   *failures,
           GError     **error)
{
  g_autoptr(GString) buf = g_string_new (NULL);
  guint ok = _tj_sync_tape_member (tape, item, "ok");
  guint failure = _tj_sync_tape_member (tape, item, "error");
  guint missing = open_revs ? _tj_sync_tape_member (tape, item, "missing") : 0;

  if (_tj_sync_tape_is (tape, ok, TJ_TAPE_OBJECT))
    {
      g_autoptr(GError) bad = NULL;
      TjSyncDoc *doc = NULL;

      if (_tj_sync_tape_doc (tape, ok, id, FALSE, what, &doc, &bad))
        g_ptr_array_add (docs, doc);
      else
        {
          const char *rev = _tj_sync_tape_get_string (tape, ok, "_rev", buf);
          _tj_sync_add_failure (failures, id, _tj_sync_parse_rev (rev, NULL, NULL) ? rev : NULL,
                                bad->domain == TJ_ERROR && bad->code == TJ_ERROR_INVALID
                                ? "invalid_document" : "bad_revision",
                                bad->message);
        }
      return TRUE;
    }
  if (_tj_sync_tape_is (tape, failure, TJ_TAPE_OBJECT))
    {
      g_autofree char *rev = g_strdup (_tj_sync_tape_get_string (tape, failure, "rev", buf));
      g_autofree char *name = g_strdup (_tj_sync_tape_get_string (tape, failure, "error", buf));
      const char *reason = _tj_sync_tape_get_string (tape, failure, "reason", buf);

      _tj_sync_add_failure (failures, id, _tj_sync_parse_rev (rev, NULL, NULL) ? rev : NULL,
                            name ? name : "error", reason);
      return TRUE;
    }
  if (_tj_sync_tape_is (tape, missing, TJ_TAPE_STRING))
    {
      g_autofree char *rev = _tj_sync_tape_dup_string (tape, missing);
      _tj_sync_add_failure (failures, id, _tj_sync_parse_rev (rev, NULL, NULL) ? rev : NULL, "not_found", "missing");
      return TRUE;
    }
  return _tj_sync_malformed (error, what, open_revs ? _("an item is neither a document nor “missing”")
                                                    : _("a result is neither a document nor an error"));
}

/* POST /db/_bulk_get for @asked ({id: [rev]}): {"results": [{"id", "docs":
 * [item]}]}, every document asked about answered, with at least as many
 * items as revisions asked; good revisions go to @docs (TjSyncDoc). */
gboolean
_tj_sync_tape_bulk_get (TjSyncTape  *tape,
                        JsonObject  *asked,
                        const char  *what,
                        GPtrArray   *docs,
                        JsonArray   *failures,
                        GError     **error)
{
  guint results = _tj_sync_tape_member (tape, TJ_TAPE_ROOT, "results");
  g_autoptr(GHashTable) answered = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GList) ids = json_object_get_members (asked);

  if (!_tj_sync_tape_is (tape, results, TJ_TAPE_ARRAY))
    return _tj_sync_malformed (error, what, _("no “results” list"));
  for (guint r = _tj_sync_tape_first (tape, results); r; r = _tj_sync_tape_next (tape, results, r))
    {
      g_autofree char *id = _tj_sync_tape_dup_string (tape, _tj_sync_tape_member (tape, r, "id"));
      guint items = _tj_sync_tape_member (tape, r, "docs");
      guint count;

      if (id == NULL || !_tj_sync_tape_is (tape, items, TJ_TAPE_ARRAY) || !json_object_has_member (asked, id))
        return _tj_sync_malformed (error, what, _("a result names a document that was not asked for"));
      count = GPOINTER_TO_UINT (g_hash_table_lookup (answered, id));
      g_hash_table_insert (answered, g_strdup (id),
                           GUINT_TO_POINTER (count + _tj_sync_tape_length (tape, items)));
      for (guint c = _tj_sync_tape_first (tape, items); c; c = _tj_sync_tape_next (tape, items, c))
        if (!tape_item (tape, c, id, FALSE, what, docs, failures, error))
          return FALSE;
    }
  for (GList *l = ids; l; l = l->next)
    if (GPOINTER_TO_UINT (g_hash_table_lookup (answered, l->data)) <
        json_array_get_length (tj_json_get_array (asked, l->data)))
      {
        g_autofree char *detail = g_strdup_printf (_("document “%s” is missing from the answer"),
                                                   (const char *) l->data);
        return _tj_sync_malformed (error, what, detail);
      }
  return TRUE;
}

/* GET /db/id?open_revs=[…] for @n_asked revisions of @id: [item], at
 * least one per revision asked. */
gboolean
_tj_sync_tape_open_revs (TjSyncTape  *tape,
                         const char  *id,
                         guint        n_asked,
                         const char  *what,
                         GPtrArray   *docs,
                         JsonArray   *failures,
                         GError     **error)
{
  if (!_tj_sync_tape_is (tape, TJ_TAPE_ROOT, TJ_TAPE_ARRAY))
    return _tj_sync_malformed (error, what, _("open_revs did not answer a list"));
  if (_tj_sync_tape_length (tape, TJ_TAPE_ROOT) < n_asked)
    return _tj_sync_malformed (error, what, _("revisions are missing from the answer"));
  for (guint c = _tj_sync_tape_first (tape, TJ_TAPE_ROOT); c; c = _tj_sync_tape_next (tape, TJ_TAPE_ROOT, c))
    if (!tape_item (tape, c, id, TRUE, what, docs, failures, error))
      return FALSE;
  return TRUE;
}
