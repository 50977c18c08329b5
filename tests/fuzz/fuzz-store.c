/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Store writes, local and replicated. The input is JSON shaped like
 * CouchDB's _bulk_docs: a document, a list of documents, or
 * {"new_edits": false, "docs": […]}. Without new_edits=false each
 * document goes through tj_store_put() (or tj_store_put_local() for a
 * "_local/" id); with it, or when a document carries `_revisions`,
 * through tj_store_put_replicated_full() (the replicator's path).
 *
 * What the store accepts it must give back: after every accepted write
 * the new leaf is readable with all flags, its attachments are readable,
 * the document is in the changes feed, revs_diff knows the revision, and
 * what comes back serialises to JSON that parses again. ("Acknowledged
 * but unreadable" is the bug this guards against.) */
#define G_LOG_DOMAIN "Tiaojie-Fuzz"

#include <string.h>

#include "tj-fuzz.h"
#include "tj-json.h"

static gboolean
is_leaf (TjStore    *store,
         const char *id,
         const char *rev)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonArray) leaves = tj_store_get_leaves (store, id, &error);

  g_assert_no_error (error);
  for (guint i = 0; i < json_array_get_length (leaves); i++)
    if (g_strcmp0 (tj_json_get_string (json_array_get_object_element (leaves, i), "rev", NULL), rev) == 0)
      return TRUE;
  return FALSE;
}

static void
check_readable (TjStore    *store,
                const char *id,
                const char *rev)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) doc = NULL;
  g_autoptr(JsonObject) winner = NULL;
  g_autoptr(JsonObject) changes = NULL;
  g_autoptr(JsonObject) request = NULL;
  g_autoptr(JsonObject) diff = NULL;
  JsonObject *atts;
  JsonArray *results;
  gboolean listed = FALSE;

  doc = tj_store_get (store, id, rev,
                      TJ_GET_CONFLICTS | TJ_GET_DELETED_CONFLICTS | TJ_GET_REVS | TJ_GET_ATTACHMENTS,
                      &error);
  g_assert_no_error (error);
  g_assert_cmpstr (tj_json_get_string (doc, "_rev", NULL), ==, rev);
  {
    g_autoptr(JsonNode) node = json_node_init_object (json_node_alloc (), doc);
    g_autofree char *text = tj_json_canonical (node);
    g_autoptr(JsonNode) again = NULL;

    tj_fuzz_check_utf8 (node);
    again = tj_json_parse (text, -1, &error);
    g_assert_no_error (error);
  }

  atts = tj_json_get_object (doc, "_attachments");
  if (atts)
    {
      g_autoptr(GList) names = json_object_get_members (atts);
      for (GList *l = names; l; l = l->next)
        {
          g_autoptr(GBytes) bytes = tj_store_get_attachment (store, id, rev, l->data, NULL, &error);
          g_assert_no_error (error);
          g_assert_nonnull (bytes);
        }
    }

  winner = tj_store_get (store, id, NULL, TJ_GET_DELETED, &error);
  g_assert_no_error (error);

  changes = tj_store_changes (store, 0, 0, &error);
  g_assert_no_error (error);
  results = tj_json_get_array (changes, "results");
  for (guint i = 0; i < json_array_get_length (results) && !listed; i++)
    listed = g_strcmp0 (tj_json_get_string (json_array_get_object_element (results, i), "id", NULL), id) == 0;
  g_assert_true (listed);

  request = json_object_new ();
  {
    JsonArray *revs = json_array_new ();
    json_array_add_string_element (revs, rev);
    json_object_set_array_member (request, id, revs);
  }
  diff = tj_store_revs_diff (store, request, &error);
  g_assert_no_error (error);
  g_assert_null (tj_json_get_object (diff, id));
}

static void
write_one (TjStore    *store,
           JsonObject *doc,
           gboolean    replicated)
{
  g_autoptr(GError) error = NULL;
  const char *id = tj_json_get_string (doc, "_id", NULL);

  if (id && g_str_has_prefix (id, "_local/"))
    {
      g_autofree char *local_id = g_strdup (id);
      if (tj_store_put_local (store, local_id, doc, &error))
        {
          g_autoptr(JsonObject) back = tj_store_get_local (store, local_id, &error);
          g_assert_no_error (error);
          g_assert_nonnull (back);
        }
      else
        tj_fuzz_check_error (error);
      return;
    }

  if (replicated || json_object_has_member (doc, "_revisions"))
    {
      TjReplicatedOutcome outcome;
      g_autofree char *rev = g_strdup (tj_json_get_string (doc, "_rev", NULL));
      g_autofree char *doc_id = g_strdup (id);

      if (tj_store_put_replicated_full (store, doc, &outcome, &error))
        {
          g_assert_nonnull (doc_id);
          g_assert_nonnull (rev);
          /* Already known revisions may be inner ones without a body. */
          if (is_leaf (store, doc_id, rev))
            check_readable (store, doc_id, rev);
        }
      else
        tj_fuzz_check_error (error);
    }
  else
    {
      g_autofree char *new_id = NULL;
      g_autofree char *rev = tj_store_put (store, doc, &new_id, &error);

      if (rev)
        check_readable (store, new_id, rev);
      else
        tj_fuzz_check_error (error);
    }
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(JsonArray) conflicts = NULL;
  JsonArray *docs = NULL;
  gboolean replicated = FALSE;
  TjStore *store;

  tj_fuzz_init ();
  store = tj_fuzz_store ();
  root = tj_json_parse ((const char *) data, (gssize) size, &error);
  if (root == NULL)
    {
      tj_fuzz_check_error (error);
      return 0;
    }

  tj_fuzz_begin ();
  if (JSON_NODE_HOLDS_ARRAY (root))
    docs = json_node_get_array (root);
  else if (JSON_NODE_HOLDS_OBJECT (root))
    {
      JsonObject *o = json_node_get_object (root);
      JsonArray *list = tj_json_get_array (o, "docs");
      if (list && !json_object_has_member (o, "_id"))
        {
          docs = list;
          replicated = !tj_json_get_bool (o, "new_edits", TRUE);
        }
      else
        write_one (store, o, FALSE);
    }
  for (guint i = 0; docs && i < json_array_get_length (docs); i++)
    {
      JsonNode *node = json_array_get_element (docs, i);
      if (JSON_NODE_HOLDS_OBJECT (node))
        write_one (store, json_node_get_object (node), replicated);
    }

  conflicts = tj_store_list_conflicts (store, &error);
  g_assert_no_error (error);
  tj_fuzz_end ();
  return 0;
}
