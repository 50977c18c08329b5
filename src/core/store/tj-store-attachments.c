/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Tiaojie-Store"

/* Attachments: the data of each is kept once per digest (blobs), and each
 * revision lists its attachments by name (rev_atts). */

#include "tj-store-private.h"
#include "tj-json.h"
#include "tj-i18n.h"

#include <string.h>

gboolean
_tj_store_drop_unused_blobs (TjStore  *self,
                             GError  **error)
{
  return _tj_store_exec_sql (self,
                             "DELETE FROM blobs WHERE NOT EXISTS "
                             "(SELECT 1 FROM rev_atts WHERE rev_atts.digest = blobs.digest)", error);
}

static void
att_free (gpointer data)
{
  Att *att = data;
  g_free (att->name);
  g_free (att->content_type);
  g_free (att->digest);
  g_free (att);
}

static char *
digest_of (const guint8 *data,
           gsize         len)
{
  g_autoptr(GChecksum) sum = g_checksum_new (G_CHECKSUM_MD5);
  guint8 raw[16];
  gsize raw_len = sizeof raw;
  g_autofree char *b64 = NULL;

  g_checksum_update (sum, data, len);
  g_checksum_get_digest (sum, raw, &raw_len);
  b64 = g_base64_encode (raw, raw_len);
  return g_strconcat ("md5-", b64, NULL);
}

static gboolean
store_blob (TjStore       *self,
            const char    *digest,
            const guint8  *data,
            gsize          len,
            GError       **error)
{
  sqlite3_stmt *st = _tj_store_stmt (self, "INSERT OR IGNORE INTO blobs (digest, data) VALUES (?, ?)", error);
  if (st == NULL)
    return FALSE;
  sqlite3_bind_text (st, 1, digest, -1, SQLITE_STATIC);
  sqlite3_bind_blob64 (st, 2, data, len, SQLITE_STATIC);
  return _tj_store_step_done (self, st, error);
}

GPtrArray *
_tj_store_load_atts (TjStore     *self,
                     gint64       doc_id,
                     const char  *rev,
                     GError     **error)
{
  sqlite3_stmt *st = _tj_store_stmt (self,
                                     "SELECT name, content_type, digest, length, revpos FROM rev_atts "
                                     "WHERE doc_id = ? AND rev = ? ORDER BY name", error);
  g_autoptr(GPtrArray) atts = g_ptr_array_new_with_free_func (att_free);

  if (st == NULL)
    return NULL;
  sqlite3_bind_int64 (st, 1, doc_id);
  sqlite3_bind_text (st, 2, rev, -1, SQLITE_STATIC);
  while (sqlite3_step (st) == SQLITE_ROW)
    {
      Att *att = g_new0 (Att, 1);
      att->name = g_strdup ((const char *) sqlite3_column_text (st, 0));
      att->content_type = g_strdup ((const char *) sqlite3_column_text (st, 1));
      att->digest = g_strdup ((const char *) sqlite3_column_text (st, 2));
      att->length = sqlite3_column_int64 (st, 3);
      att->revpos = sqlite3_column_int (st, 4);
      g_ptr_array_add (atts, att);
    }
  sqlite3_reset (st);
  return g_steal_pointer (&atts);
}

/* Known attachment with @digest anywhere in the document (for stubs in
 * replicated writes, whose parent may be a revision we never had). */
static gboolean
have_blob (TjStore    *self,
           const char *digest)
{
  sqlite3_stmt *st = _tj_store_stmt (self, "SELECT 1 FROM blobs WHERE digest = ?", NULL);
  gboolean found;

  if (st == NULL)
    return FALSE;
  sqlite3_bind_text (st, 1, digest, -1, SQLITE_STATIC);
  found = sqlite3_step (st) == SQLITE_ROW;
  sqlite3_reset (st);
  return found;
}

/* Reads `_attachments` (@atts_node) of an incoming document into Att records, storing
 * new data. @parent_atts resolves stubs of local edits; @new_gen is the
 * revpos of new data when the document does not say. */
GPtrArray *
_tj_store_collect_atts (TjStore     *self,
                        const char  *id,
                        JsonNode    *atts_node,
                        GPtrArray   *parent_atts,
                        int          new_gen,
                        gboolean     replicated,
                        GError     **error)
{
  JsonObject *atts_obj = atts_node && JSON_NODE_HOLDS_OBJECT (atts_node) ? json_node_get_object (atts_node) : NULL;
  g_autoptr(GPtrArray) atts = g_ptr_array_new_with_free_func (att_free);
  g_autoptr(GList) names = NULL;

  if (atts_node && atts_obj == NULL)
    {
      g_set_error (error, TJ_ERROR, TJ_ERROR_INVALID,
                   _("Document %s: _attachments must be an object"), id);
      return NULL;
    }
  if (atts_obj == NULL)
    return g_steal_pointer (&atts);

  names = json_object_get_members (atts_obj);
  for (GList *l = names; l; l = l->next)
    {
      const char *name = l->data;
      JsonObject *a = tj_json_get_object (atts_obj, name);
      Att *att;

      if (a == NULL)
        {
          g_set_error (error, TJ_ERROR, TJ_ERROR_INVALID,
                       _("Document %s: attachment “%s” must be an object"), id, name);
          return NULL;
        }

      att = g_new0 (Att, 1);
      g_ptr_array_add (atts, att);
      att->name = g_strdup (name);
      att->content_type = g_strdup (tj_json_get_string (a, "content_type", "application/octet-stream"));

      if (tj_json_get_string (a, "data", NULL))
        {
          const char *b64 = tj_json_get_string (a, "data", NULL);
          gsize len = 0;
          g_autofree guint8 *data = NULL;

          /* g_base64_decode accepts anything; check the alphabet first so a
           * corrupted reply is refused rather than stored as garbage. */
          for (const char *p = b64; *p; p++)
            if (!g_ascii_isalnum (*p) && *p != '+' && *p != '/' && *p != '=' &&
                !g_ascii_isspace (*p))
              {
                g_set_error (error, TJ_ERROR, TJ_ERROR_INVALID,
                             _("Document %s: attachment “%s” is not valid base64"), id, name);
                return NULL;
              }
          data = g_base64_decode (b64, &len);
          att->digest = digest_of (data, len);
          att->length = len;
          att->revpos = replicated ? (int) tj_json_get_int (a, "revpos", new_gen) : new_gen;
          if (replicated && tj_json_get_string (a, "digest", NULL) &&
              g_str_has_prefix (tj_json_get_string (a, "digest", NULL), "md5-") &&
              g_strcmp0 (tj_json_get_string (a, "digest", NULL), att->digest) != 0)
            {
              g_set_error (error, TJ_ERROR, TJ_ERROR_INVALID,
                           _("Document %s: attachment “%s” does not match its digest"), id, name);
              return NULL;
            }
          if (!store_blob (self, att->digest, data, len, error))
            return NULL;
        }
      else if (tj_json_get_bool (a, "stub", FALSE))
        {
          const char *digest = tj_json_get_string (a, "digest", NULL);
          Att *found = NULL;

          for (guint i = 0; parent_atts && i < parent_atts->len; i++)
            {
              Att *p = g_ptr_array_index (parent_atts, i);
              if (g_strcmp0 (p->name, name) == 0 && (digest == NULL || g_strcmp0 (p->digest, digest) == 0))
                found = p;
            }
          if (found)
            {
              att->digest = g_strdup (found->digest);
              att->length = found->length;
              att->revpos = found->revpos;
              g_free (att->content_type);
              att->content_type = g_strdup (found->content_type);
            }
          else if (replicated && digest && have_blob (self, digest))
            {
              att->digest = g_strdup (digest);
              att->length = tj_json_get_int (a, "length", 0);
              att->revpos = (int) tj_json_get_int (a, "revpos", new_gen);
            }
          else
            {
              g_set_error (error, TJ_ERROR, TJ_ERROR_INVALID,
                           _("Document %s: attachment “%s” is a stub but its data is not here (missing_stub)"),
                           id, name);
              return NULL;
            }
        }
      else
        {
          g_set_error (error, TJ_ERROR, TJ_ERROR_INVALID,
                       _("Document %s: attachment “%s” has neither data nor stub"), id, name);
          return NULL;
        }
    }
  return g_steal_pointer (&atts);
}

char *
_tj_store_canonical_atts (GPtrArray *atts)
{
  g_autoptr(JsonObject) obj = NULL;

  if (atts == NULL || atts->len == 0)
    return NULL;
  obj = json_object_new ();
  for (guint i = 0; i < atts->len; i++)
    {
      Att *att = g_ptr_array_index (atts, i);
      JsonObject *a = json_object_new ();
      json_object_set_string_member (a, "content_type", att->content_type);
      json_object_set_string_member (a, "digest", att->digest);
      json_object_set_object_member (obj, att->name, a);
    }
  return tj_json_canonical_object (obj);
}

gboolean
_tj_store_save_atts (TjStore     *self,
                     gint64       doc_id,
                     const char  *rev,
                     GPtrArray   *atts,
                     GError     **error)
{
  sqlite3_stmt *st;

  for (guint i = 0; atts && i < atts->len; i++)
    {
      Att *att = g_ptr_array_index (atts, i);
      st = _tj_store_stmt (self,
                           "INSERT OR REPLACE INTO rev_atts (doc_id, rev, name, content_type, digest, length, revpos) "
                           "VALUES (?, ?, ?, ?, ?, ?, ?)", error);
      if (st == NULL)
        return FALSE;
      sqlite3_bind_int64 (st, 1, doc_id);
      sqlite3_bind_text (st, 2, rev, -1, SQLITE_STATIC);
      sqlite3_bind_text (st, 3, att->name, -1, SQLITE_STATIC);
      sqlite3_bind_text (st, 4, att->content_type, -1, SQLITE_STATIC);
      sqlite3_bind_text (st, 5, att->digest, -1, SQLITE_STATIC);
      sqlite3_bind_int64 (st, 6, att->length);
      sqlite3_bind_int (st, 7, att->revpos);
      if (!_tj_store_step_done (self, st, error))
        return FALSE;
    }
  return TRUE;
}

GBytes *
_tj_store_load_blob (TjStore    *self,
                     const char *digest)
{
  sqlite3_stmt *st = _tj_store_stmt (self, "SELECT data FROM blobs WHERE digest = ?", NULL);
  GBytes *bytes = NULL;

  if (st == NULL)
    return NULL;
  sqlite3_bind_text (st, 1, digest, -1, SQLITE_STATIC);
  if (sqlite3_step (st) == SQLITE_ROW)
    bytes = g_bytes_new (sqlite3_column_blob (st, 0), sqlite3_column_bytes (st, 0));
  sqlite3_reset (st);
  return bytes;
}

GBytes *
tj_store_get_attachment (TjStore     *self,
                         const char  *id,
                         const char  *rev,
                         const char  *name,
                         char       **out_content_type,
                         GError     **error)
{
  g_autofree char *winner = NULL;
  g_autoptr(GPtrArray) atts = NULL;
  gint64 doc_id;
  gboolean deleted;

  g_return_val_if_fail (TJ_IS_STORE (self), NULL);

  if (!_tj_store_doc_row (self, id, &doc_id, &winner, &deleted, error))
    return NULL;
  atts = _tj_store_load_atts (self, doc_id, rev ? rev : winner, error);
  if (atts == NULL)
    return NULL;
  for (guint i = 0; i < atts->len; i++)
    {
      Att *att = g_ptr_array_index (atts, i);
      if (g_strcmp0 (att->name, name) == 0)
        {
          GBytes *bytes = _tj_store_load_blob (self, att->digest);
          if (bytes && out_content_type)
            *out_content_type = g_strdup (att->content_type);
          if (bytes == NULL)
            g_set_error (error, TJ_ERROR, TJ_ERROR_CORRUPT,
                         _("The data of attachment “%s” of document %s is missing"), name, id);
          return bytes;
        }
    }
  g_set_error (error, TJ_ERROR, TJ_ERROR_NOT_FOUND,
               _("Document %s has no attachment “%s”"), id, name);
  return NULL;
}
