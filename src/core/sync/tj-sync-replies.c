/* SPDX-License-Identifier: GPL-3.0-or-later */
/* What the server sends, checked before anything is written: revision
 * ids, sequences, documents with their history and attachments, changes
 * feed rows, and JSON that is neither absurdly large nor deep. */
#undef G_LOG_DOMAIN
#define G_LOG_DOMAIN "Tiaojie-Sync"

#include "tj-replicator-private.h"

#include <string.h>

#include "tj-i18n.h"

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

/* "N-hash" with 1 <= N <= MAX_GENERATION. */
gboolean
_tj_sync_parse_rev (const char  *rev,
                    gint64      *out_generation,
                    const char **out_hash)
{
  const char *dash;
  gint64 generation = 0;

  if (rev == NULL || (dash = strchr (rev, '-')) == NULL || dash == rev || dash - rev > 9)
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

/* Nesting depth of a JSON text, counted without parsing: json-glib's parser
 * recurses, so a hostile reply of a million '[' must not reach it. */
static gboolean
json_depth_ok (const char *data,
               gsize       len)
{
  guint depth = 0;
  gboolean in_string = FALSE;
  gboolean escaped = FALSE;

  for (gsize i = 0; i < len; i++)
    {
      char c = data[i];

      if (in_string)
        {
          if (escaped)
            escaped = FALSE;
          else if (c == '\\')
            escaped = TRUE;
          else if (c == '"')
            in_string = FALSE;
        }
      else if (c == '"')
        in_string = TRUE;
      else if (c == '[' || c == '{')
        {
          if (++depth > MAX_JSON_DEPTH)
            return FALSE;
        }
      else if ((c == ']' || c == '}') && depth > 0)
        depth--;
    }
  return TRUE;
}

char *
_tj_sync_escape (const char *s)
{
  return g_uri_escape_string (s, NULL, FALSE);
}

void
_tj_sync_add_failure (JsonArray  *array,
                      const char *id,
                      const char *error_name,
                      const char *reason)
{
  JsonObject *entry = json_object_new ();

  json_object_set_string_member (entry, "id", id);
  if (error_name)
    json_object_set_string_member (entry, "error", error_name);
  json_object_set_string_member (entry, "reason", reason ? reason : "");
  json_array_add_object_element (array, entry);
}

/* The JSON of a reply: parsed when there is a body, and required (valid,
 * not absurdly nested) for a 2xx answer. */
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

      if (!json_depth_ok (data, len))
        {
          if (SOUP_STATUS_IS_SUCCESSFUL (status))
            return _tj_sync_malformed (error, what, _("the JSON is nested absurdly deep"));
        }
      else if (json_parser_load_from_data (parser, data, len, &parse_error) &&
               json_parser_get_root (parser) != NULL)
        *out_json = json_node_ref (json_parser_get_root (parser));
      else if (SOUP_STATUS_IS_SUCCESSFUL (status))
        return _tj_sync_malformed (error, what, parse_error ? parse_error->message : _("no JSON"));
    }
  if (SOUP_STATUS_IS_SUCCESSFUL (status) && *out_json == NULL)
    return _tj_sync_malformed (error, what, _("the reply is empty"));
  return TRUE;
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
validate_attachments (JsonObject  *doc,
                      const char  *id,
                      const char  *what,
                      GError     **error)
{
  JsonNode *node = json_object_get_member (doc, "_attachments");
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
      g_autofree char *detail = g_strdup_printf (_("attachment “%s” of “%s” is damaged"),
                                                 (const char *) l->data, id);
      gsize data_len, decoded_len;
      g_autofree guchar *decoded = NULL;

      if (att == NULL)
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
      if (json_object_has_member (att, "length") &&
          tj_json_get_int (att, "length", -1) != (gint64) decoded_len)
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

/* A revision as the source sent it, before it may be written. */
gboolean
_tj_sync_validate_doc (JsonObject  *doc,
                       const char  *expected_id,
                       const char  *what,
                       GError     **error)
{
  const char *id = tj_json_get_string (doc, "_id", NULL);
  const char *rev = tj_json_get_string (doc, "_rev", NULL);
  JsonObject *revisions = tj_json_get_object (doc, "_revisions");
  JsonArray *ids = tj_json_get_array (revisions, "ids");
  JsonNode *start = revisions ? json_object_get_member (revisions, "start") : NULL;
  JsonNode *deleted = json_object_get_member (doc, "_deleted");
  const char *hash = NULL;
  gint64 generation = 0;
  g_autofree char *detail = NULL;

  if (id == NULL || g_strcmp0 (id, expected_id) != 0)
    {
      detail = g_strdup_printf (_("a document came back as “%s” instead of “%s”"),
                                id ? id : "", expected_id);
      return _tj_sync_malformed (error, what, detail);
    }
  detail = g_strdup_printf (_("document “%s” has a bad revision or history"), id);
  if (!_tj_sync_parse_rev (rev, &generation, &hash) || ids == NULL || start == NULL ||
      !JSON_NODE_HOLDS_VALUE (start) || json_node_get_value_type (start) != G_TYPE_INT64 ||
      json_node_get_int (start) != generation ||
      json_array_get_length (ids) == 0 || json_array_get_length (ids) > (guint) generation)
    {
      g_autofree char *text = tj_json_object_to_string (doc, FALSE);
      g_debug ("refused revision: %.2000s", text);
      return _tj_sync_malformed (error, what, detail);
    }
  for (guint i = 0; i < json_array_get_length (ids); i++)
    {
      JsonNode *el = json_array_get_element (ids, i);
      if (!JSON_NODE_HOLDS_VALUE (el) || json_node_get_value_type (el) != G_TYPE_STRING ||
          !valid_rev_hash (json_node_get_string (el)))
        {
          g_debug ("refused revision %s of %s: history entry %u is not a revision hash", rev, id, i);
          return _tj_sync_malformed (error, what, detail);
        }
    }
  if (strcmp (json_array_get_string_element (ids, 0), hash) != 0)
    {
      g_debug ("refused revision %s of %s: its history starts with %s", rev, id,
               json_array_get_string_element (ids, 0));
      return _tj_sync_malformed (error, what, detail);
    }
  if (deleted && (!JSON_NODE_HOLDS_VALUE (deleted) || json_node_get_value_type (deleted) != G_TYPE_BOOLEAN))
    return _tj_sync_malformed (error, what, detail);
  return validate_attachments (doc, id, what, error);
}

/* Rows of a changes feed: each with a valid id, leaf revisions and seq. */
JsonArray *
_tj_sync_validate_changes (JsonNode    *json,
                           const char  *what,
                           GError     **error)
{
  JsonArray *results = tj_json_get_array (_tj_sync_node_object (json), "results");

  if (results == NULL)
    {
      _tj_sync_malformed (error, what, _("no “results” list"));
      return NULL;
    }
  for (guint i = 0; i < json_array_get_length (results); i++)
    {
      JsonObject *row = _tj_sync_node_object (json_array_get_element (results, i));
      JsonArray *changes = tj_json_get_array (row, "changes");
      g_autofree char *detail = g_strdup_printf (_("row %u of the changes feed is damaged"), i + 1);

      if (row == NULL || !valid_doc_id (tj_json_get_string (row, "id", NULL)) || changes == NULL ||
          json_array_get_length (changes) == 0 || !_tj_sync_valid_seq (json_object_get_member (row, "seq")))
        {
          _tj_sync_malformed (error, what, detail);
          return NULL;
        }
      for (guint j = 0; j < json_array_get_length (changes); j++)
        if (!_tj_sync_parse_rev (tj_json_get_string (_tj_sync_node_object (json_array_get_element (changes, j)), "rev", NULL), NULL, NULL))
          {
            _tj_sync_malformed (error, what, detail);
            return NULL;
          }
    }
  return results;
}
