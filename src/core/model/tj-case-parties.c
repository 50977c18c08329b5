/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Cases: parties and the contractor chain — added, corrected, moved
 * between roles, deleted. */
#define G_LOG_DOMAIN "Tiaojie-Case"

#include "tj-case-private.h"
#include "tj-audit.h"
#include "tj-consent.h"
#include "tj-chain.h"
#include "tj-check.h"
#include "tj-csv.h"
#include "tj-deadline.h"
#include "tj-field-labels.h"
#include "tj-i18n.h"
#include "tj-json.h"
#include "tj-money.h"
#include "tj-validate.h"


/* ------------------------------------------------------------------ */
/* The contractor chain as a whole                                      */

/* The chain party documents of a case, in legal order. */
JsonArray *
_tj_case_load_chain (TjStore     *store,
                     const char  *case_id,
                     GError     **error)
{
  g_autoptr(JsonArray) ids = _tj_case_child_ids (store, case_id, "party", FALSE, error);
  g_autoptr(JsonArray) docs = NULL;

  if (ids == NULL)
    return NULL;
  docs = json_array_new ();
  for (guint i = 0; i < json_array_get_length (ids); i++)
    {
      g_autoptr(JsonObject) doc = tj_store_get (store, json_array_get_string_element (ids, i), NULL,
                                                TJ_GET_NONE, error);
      if (doc == NULL)
        return NULL;
      if (tj_chain_is_role (tj_json_get_string (doc, "role", NULL)))
        json_array_add_object_element (docs, g_steal_pointer (&doc));
    }
  return tj_chain_sort (docs);
}

/* A stored link as the interchange JSON has it: its members and its id. */
static JsonObject *
public_link (JsonObject *doc)
{
  JsonObject *link = json_object_new ();

  json_object_set_string_member (link, "id", tj_json_get_string (doc, "_id", ""));
  json_object_set_string_member (link, "role", tj_json_get_string (doc, "role", ""));
  _tj_case_copy_members (link, doc, _tj_case_chain_members);
  return link;
}

/* Writes @links (top-down, each the whole of a link; "id" names a stored
 * one) as the case's chain: validates the chain as a whole, numbers the
 * tiers, updates what changed, adds the new links (setting their "id")
 * and deletes the stored links not listed. Inside the caller's
 * transaction; nothing is written when it is refused. */
static char *party_references (TjStore *store, const char *case_id, const char *party_id, const char *name,
                               GError **error);

static gboolean
save_chain (TjStore     *store,
            const char  *case_id,
            JsonObject  *case_doc,
            JsonArray   *links,
            GError     **error)
{
  g_autoptr(GPtrArray) errors = g_ptr_array_new_with_free_func (g_free);
  g_auto(TjCheck) check = { errors };
  g_autoptr(JsonArray) stored = NULL;
  g_autoptr(GHashTable) by_id = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                                       (GDestroyNotify) json_object_unref);
  gint64 position;

  stored = _tj_case_load_chain (store, case_id, error);
  if (stored == NULL)
    return FALSE;
  for (guint i = 0; i < json_array_get_length (stored); i++)
    {
      JsonObject *doc = json_array_get_object_element (stored, i);
      g_hash_table_insert (by_id, (gpointer) tj_json_get_string (doc, "_id", ""), json_object_ref (doc));
    }

  for (guint i = 0; i < json_array_get_length (links); i++)
    {
      g_autofree char *f = g_strdup_printf ("chain[%u]", i);
      JsonObject *c = tj_check_element (&check, links, i, f);
      const char *id;

      if (c == NULL)
        continue;
      _tj_case_validate_link (&check, c, f);
      id = tj_json_get_string (c, "id", NULL);
      if (id && !g_hash_table_contains (by_id, id))
        tj_check_member (&check, f, "id", _("%s.id: %s is not a member of this case’s contractor chain"), f, id);
    }
  tj_chain_check (&check, links, tj_json_get_bool (case_doc, "illegal_project", FALSE));
  if (!tj_check_finish (&check, error))
    return FALSE;

  tj_chain_number_tiers (links);
  position = _tj_case_next_position (store, case_id, error);
  if (position < 0)
    return FALSE;
  for (guint i = 0; i < json_array_get_length (links); i++)
    {
      JsonObject *c = json_array_get_object_element (links, i);
      const char *id = tj_json_get_string (c, "id", NULL);
      const char *role = tj_json_get_string (c, "role", "");

      if (id)
        {
          JsonObject *doc = g_hash_table_lookup (by_id, id);
          g_autoptr(JsonObject) updated = tj_json_object_copy (doc);
          g_autofree char *before = tj_json_canonical_object (doc);
          g_autofree char *after = NULL;

          for (guint k = 0; _tj_case_chain_members[k]; k++)
            if (json_object_has_member (updated, _tj_case_chain_members[k]))
              json_object_remove_member (updated, _tj_case_chain_members[k]);
          _tj_case_copy_members (updated, c, _tj_case_chain_members);
          json_object_set_string_member (updated, "role", role);
          if (json_object_has_member (updated, "credit_code"))
            {
              g_autofree char *up = g_ascii_strup (tj_json_get_string (updated, "credit_code", ""), -1);
              json_object_set_string_member (updated, "credit_code", up);
            }
          after = tj_json_canonical_object (updated);
          if (!g_str_equal (before, after))
            {
              g_autofree char *rev = tj_store_put (store, updated, NULL, error);
              if (rev == NULL)
                return FALSE;
            }
          g_hash_table_remove (by_id, id);
        }
      else
        {
          g_autofree char *new_id = NULL;
          if (!_tj_case_put_party (store, case_id, role, c, _tj_case_chain_members, position++, &new_id, error))
            return FALSE;
          json_object_set_string_member (c, "id", new_id);
        }
    }

  /* The links left out are no longer in the chain. */
  {
    GHashTableIter iter;
    JsonObject *doc;

    g_hash_table_iter_init (&iter, by_id);
    while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &doc))
      {
        g_autofree char *rev = NULL;
        /* A link the settlement or a payment names stays (it would print
         * in the agreement as a party the case no longer has). */
        g_autofree char *reason = party_references (store, case_id, tj_json_get_string (doc, "_id", ""),
                                                    tj_json_get_string (doc, "name", ""), error);
        if (reason == NULL)
          return FALSE;
        if (*reason)
          {
            g_set_error_literal (error, TJ_ERROR, TJ_ERROR_CONFLICT, reason);
            return FALSE;
          }
        rev = tj_store_delete (store, tj_json_get_string (doc, "_id", ""), tj_json_get_string (doc, "_rev", ""), error);
        if (rev == NULL)
          return FALSE;
      }
  }
  return TRUE;
}

/* The stored chain as links, with @patched (an id) replaced by @with
 * (NULL: left as it is) and @added inserted where its role and tier put
 * it (NULL: nothing added). */
static JsonArray *
chain_with (JsonArray  *stored,
            const char *patched,
            JsonObject *with,
            JsonObject *added)
{
  g_autoptr(JsonArray) links = json_array_new ();
  gint64 tier = 0, sub_count = 0;

  for (guint i = 0; i < json_array_get_length (stored); i++)
    {
      JsonObject *doc = json_array_get_object_element (stored, i);
      if (patched && g_strcmp0 (tj_json_get_string (doc, "_id", NULL), patched) == 0 && with)
        json_array_add_object_element (links, json_object_ref (with));
      else
        json_array_add_object_element (links, public_link (doc));
    }
  if (added == NULL)
    return g_steal_pointer (&links);

  /* A new subcontractor goes to the tier asked for (pushing those below
   * it down one), by default to the bottom of the subcontractors. */
  for (guint i = 0; i < json_array_get_length (links); i++)
    if (g_strcmp0 (tj_json_get_string (json_array_get_object_element (links, i), "role", NULL),
                   "subcontractor") == 0)
      sub_count++;
  tier = tj_json_get_int (added, "tier", sub_count + 1);
  if (g_strcmp0 (tj_json_get_string (added, "role", NULL), "subcontractor") == 0)
    json_object_set_int_member (added, "tier", MIN (MAX (tier, 1), sub_count + 1));
  {
    JsonArray *sorted;
    g_autoptr(JsonArray) all = json_array_new ();
    gint64 seen = 0;

    /* Number the stored subcontractors by their place, leaving room for
     * the new one at its tier. */
    for (guint i = 0; i < json_array_get_length (links); i++)
      {
        JsonObject *l = json_array_get_object_element (links, i);
        if (g_strcmp0 (tj_json_get_string (l, "role", NULL), "subcontractor") == 0)
          {
            seen++;
            json_object_set_int_member (l, "tier", seen >= tj_json_get_int (added, "tier", 0) &&
                                                   g_strcmp0 (tj_json_get_string (added, "role", NULL), "subcontractor") == 0
                                                   ? seen + 1 : seen);
          }
        json_array_add_object_element (all, json_object_ref (l));
      }
    json_array_add_object_element (all, json_object_ref (added));
    /* A second link of a role that has one goes below the first, where
     * the check names it. Tiers are numbered again when saved. */
    sorted = tj_chain_sort (all);
    return sorted;
  }
}




char *
tj_case_add_party (TjStore             *store,
                   const TjCaseContext *ctx,
                   const char          *case_id,
                   const char          *role,
                   JsonObject          *party,
                   GError             **error)
{
  g_autoptr(GPtrArray) errors = g_ptr_array_new_with_free_func (g_free);
  g_auto(TjCheck) check = { errors };
  g_autoptr(JsonObject) c = NULL;
  g_autofree char *id = NULL;
  gint64 pos;

  if (!tj_enum_from_nick (TJ_TYPE_PARTY_ROLE, role, NULL))
    {
      tj_set_invalid (error, "role", _("role: “%s” is not a party role"), role ? role : "");
      return NULL;
    }
  _tj_case_validate_party (&check, role, party, role);
  if (!tj_check_finish (&check, error))
    return NULL;

  if (!tj_case_attach (store, error) || !tj_store_begin (store, error))
    return NULL;
  c = _tj_case_load_typed (store, case_id, "case", error);
  if (c == NULL)
    goto fail;

  /* The same worker twice on one case is a mistake, not a second person. */
  if (g_str_equal (role, "worker") && tj_json_get_string (party, "id_number", NULL) &&
      *tj_json_get_string (party, "id_number", ""))
    {
      g_autofree char *norm = tj_normalize_id_number (tj_json_get_string (party, "id_number", NULL));
      sqlite3_stmt *st = tj_store_statement (store, "SELECT name FROM case_people WHERE case_id = ? AND id_number = ?", error);
      if (st == NULL)
        goto fail;
      sqlite3_bind_text (st, 1, case_id, -1, SQLITE_STATIC);
      sqlite3_bind_text (st, 2, norm, -1, SQLITE_STATIC);
      if (sqlite3_step (st) == SQLITE_ROW)
        {
          tj_set_invalid (error, "worker.id_number",
                       _("worker.id_number: %s is already on this case with the same ID number"),
                       (const char *) sqlite3_column_text (st, 0));
          sqlite3_reset (st);
          goto fail;
        }
      sqlite3_reset (st);
    }

  if (tj_chain_is_role (role))
    {
      /* A link joins the chain where its role (and tier) puts it, and the
       * chain must still hold together. */
      g_autoptr(JsonArray) stored = _tj_case_load_chain (store, case_id, error);
      g_autoptr(JsonArray) links = NULL;
      g_autoptr(JsonObject) added = json_object_new ();

      if (stored == NULL)
        goto fail;
      _tj_case_copy_members (added, party, _tj_case_chain_members);
      json_object_set_string_member (added, "role", role);
      links = chain_with (stored, NULL, NULL, added);
      if (!save_chain (store, case_id, c, links, error))
        goto fail;
      id = g_strdup (tj_json_get_string (added, "id", NULL));
    }
  else
    {
      pos = _tj_case_next_position (store, case_id, error);
      if (pos < 0)
        goto fail;
      if (!_tj_case_put_party (store, case_id, role, party, _tj_case_members_for_role (role), pos, &id, error))
        goto fail;
    }
  {
    g_autofree char *text = g_strdup_printf (_("Party added: %s"), tj_json_get_string (party, "name", ""));
    return _tj_case_commit_added (store, ctx, case_id, "party_added", text, g_steal_pointer (&id), error);
  }

fail:
  tj_store_rollback (store);
  return NULL;
}

/* Roles a party may move between: a contractor entered as the project
 * owner by mistake becomes the general contractor (the chain places it
 * again), an agent the workers' representative. A worker is a person with
 * wages and arrears, the employer the other side of the labour relation:
 * neither becomes something else — that is a new party, not a new role. */
static int
role_family (const char *role)
{
  if (g_strcmp0 (role, "agent") == 0 || g_strcmp0 (role, "representative") == 0)
    return 1;
  if (tj_chain_is_role (role))
    return 2;
  if (g_strcmp0 (role, "employer") == 0)
    return 3;
  return 0;
}

/* The timeline of a chain link's edit: its role change, and the fields
 * changed by their labels. */
static gboolean
chain_edit_events (TjStore             *store,
                   const TjCaseContext *ctx,
                   const char          *case_id,
                   const char          *party_id,
                   JsonObject          *before,
                   JsonObject          *after,
                   GError             **error)
{
  g_autoptr(GPtrArray) changed = g_ptr_array_new ();
  const char *from = tj_json_get_string (before, "role", "");
  const char *to = tj_json_get_string (after, "role", from);
  const char *name = tj_json_get_string (after, "name", "");

  for (guint i = 0; _tj_case_chain_members[i]; i++)
    {
      JsonNode *a = json_object_get_member (before, _tj_case_chain_members[i]);
      JsonNode *b = json_object_get_member (after, _tj_case_chain_members[i]);
      g_autofree char *ta = a ? tj_json_canonical (a) : NULL;
      g_autofree char *tb = b ? tj_json_canonical (b) : NULL;

      /* The tier follows the role and the place in the chain. */
      if (!g_str_equal (_tj_case_chain_members[i], "tier") && g_strcmp0 (ta, tb) != 0)
        g_ptr_array_add (changed, (gpointer) _tj_case_chain_members[i]);
    }
  if (!g_str_equal (from, to))
    {
      g_autoptr(JsonObject) extra = json_object_new ();
      g_autofree char *text = g_strdup_printf (_("Role changed: %s, %s → %s"), name, tj_party_role_label (from),
                                               tj_party_role_label (to));
      json_object_set_string_member (extra, "party_id", party_id);
      json_object_set_string_member (extra, "name", name);
      json_object_set_string_member (extra, "from_role", from);
      json_object_set_string_member (extra, "to_role", to);
      if (!tj_case_add_event (store, ctx, case_id, "party_role", text, extra, error))
        return FALSE;
    }
  if (changed->len > 0)
    {
      g_autoptr(JsonObject) extra = json_object_new ();
      g_autofree char *labels = _tj_case_join_labels (changed);
      g_autofree char *text = g_strdup_printf (_("Party details changed: %s (%s)"), name, labels);
      json_object_set_string_member (extra, "party_id", party_id);
      json_object_set_string_member (extra, "name", name);
      if (!_tj_case_add_fields_event (store, ctx, case_id, "party_edited", text, changed, extra, error))
        return FALSE;
    }
  return TRUE;
}

gboolean
tj_case_update_party (TjStore             *store,
                      const TjCaseContext *ctx,
                      const char          *party_id,
                      JsonObject          *party,
                      GError             **error)
{
  g_autoptr(GPtrArray) errors = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) changed = g_ptr_array_new ();
  g_auto(TjCheck) check = { errors };
  g_autoptr(JsonObject) doc = NULL;
  g_autoptr(JsonObject) merged = NULL;
  g_autofree char *rev = NULL;
  const char *role, *new_role = NULL, *case_id;
  const char * const *members;

  if (json_object_has_member (party, "role"))
    {
      new_role = tj_json_get_string (party, "role", NULL);
      if (!tj_enum_from_nick (TJ_TYPE_PARTY_ROLE, new_role, NULL))
        {
          tj_set_invalid (error, "role", _("role: “%s” is not a party role"),
                       new_role ? new_role : "");
          return FALSE;
        }
    }

  if (!tj_case_attach (store, error) || !tj_store_begin (store, error))
    return FALSE;
  doc = _tj_case_load_typed (store, party_id, "party", error);
  if (doc == NULL)
    goto fail;
  role = tj_json_get_string (doc, "role", "worker");
  case_id = tj_json_get_string (doc, "case_id", "");
  if (new_role && g_str_equal (new_role, role))
    new_role = NULL;
  if (new_role && role_family (new_role) != role_family (role))
    {
      tj_set_invalid (error, "role",
                   _("role: %s cannot change from %s to %s; delete the party and add it again in its role"),
                   tj_json_get_string (doc, "name", party_id), tj_party_role_label (role),
                   tj_party_role_label (new_role));
      goto fail;
    }
  members = _tj_case_members_for_role (new_role ? new_role : role);

  if (tj_chain_is_role (role))
    {
      /* A link is edited as part of its chain (its role too), which must
       * still hold together afterwards. */
      g_autoptr(JsonObject) case_doc = _tj_case_load_typed (store, tj_json_get_string (doc, "case_id", ""), "case", error);
      g_autoptr(JsonArray) stored = NULL;
      g_autoptr(JsonArray) links = NULL;
      g_autoptr(JsonObject) link = NULL;
      g_autoptr(GList) names = json_object_get_members (party);
      const char *new_role;

      if (case_doc == NULL)
        goto fail;
      stored = _tj_case_load_chain (store, tj_json_get_string (doc, "case_id", ""), error);
      if (stored == NULL)
        goto fail;
      link = public_link (doc);
      for (GList *l = names; l; l = l->next)
        {
          JsonNode *node = json_object_get_member (party, l->data);
          if (!g_str_equal (l->data, "role") && !g_strv_contains (_tj_case_chain_members, l->data))
            continue;
          if (JSON_NODE_HOLDS_NULL (node))
            {
              if (json_object_has_member (link, l->data))
                json_object_remove_member (link, l->data);
            }
          else
            json_object_set_member (link, l->data, json_node_copy (node));
        }
      new_role = tj_json_get_string (link, "role", NULL);
      if (new_role == NULL || !tj_chain_is_role (new_role))
        {
          tj_set_invalid (error, "role",
                       _("role: “%s” is not one of project_owner, general_contractor, subcontractor, team_leader"),
                       new_role ? new_role : "");
          goto fail;
        }
      /* A link that changes role, or a subcontractor given another tier,
       * moves: the roles and tiers place it again. */
      if (!g_str_equal (new_role, role) ||
          (json_object_has_member (party, "tier") && !JSON_NODE_HOLDS_NULL (json_object_get_member (party, "tier")) &&
           tj_json_get_int (party, "tier", 0) != tj_json_get_int (doc, "tier", 0)))
        {
          g_autoptr(JsonArray) others = chain_with (stored, NULL, NULL, NULL);
          g_autoptr(JsonArray) rest = json_array_new ();
          for (guint i = 0; i < json_array_get_length (others); i++)
            {
              JsonObject *o = json_array_get_object_element (others, i);
              if (g_strcmp0 (tj_json_get_string (o, "id", NULL), party_id) != 0)
                json_array_add_object_element (rest, json_object_ref (o));
            }
          if (!g_str_equal (new_role, role))
            {
              /* The facts were the old role's: keep those the new role
               * can have (tj-chain.h), so that a form made for the old
               * role does not contradict the new one. */
              gboolean owner = g_str_equal (new_role, "project_owner");
              gboolean sub = g_str_equal (new_role, "subcontractor");
              gboolean leader = g_str_equal (new_role, "team_leader");
              const char *relation = tj_json_get_string (link, "relation", NULL);

              if (!sub && json_object_has_member (link, "tier"))
                json_object_remove_member (link, "tier");
              if (sub && !json_object_has_member (party, "tier") && json_object_has_member (link, "tier"))
                json_object_remove_member (link, "tier");
              if (!owner && json_object_has_member (link, "unpaid_price_fen"))
                json_object_remove_member (link, "unpaid_price_fen");
              if (!owner && json_object_has_member (link, "illegal_project"))
                json_object_remove_member (link, "illegal_project");
              if ((owner || leader) && json_object_has_member (link, "name_lent"))
                json_object_remove_member (link, "name_lent");
              if ((owner || leader) && json_object_has_member (link, "qualified"))
                json_object_remove_member (link, "qualified");
              if (relation && !g_strv_contains (tj_chain_relations_for (new_role), relation))
                json_object_remove_member (link, "relation");
            }
          {
            JsonArray *placed;
            g_autoptr(JsonArray) rest_docs = json_array_new ();
            /* chain_with() takes stored documents: hand it the others as
             * such, with their ids. */
            for (guint i = 0; i < json_array_get_length (rest); i++)
              {
                JsonObject *o = tj_json_object_copy (json_array_get_object_element (rest, i));
                json_object_set_string_member (o, "_id", tj_json_get_string (o, "id", ""));
                json_array_add_object_element (rest_docs, o);
              }
            placed = chain_with (rest_docs, NULL, NULL, link);
            links = placed;
          }
        }
      else
        links = chain_with (stored, party_id, link, NULL);
      if (!save_chain (store, tj_json_get_string (doc, "case_id", ""), case_doc, links, error))
        goto fail;
      if (!chain_edit_events (store, ctx, case_id, party_id, doc, link, error))
        goto fail;
      return tj_store_commit (store, error);
    }

  /* Validate the party as it will be after the edit. */
  merged = tj_json_object_copy (doc);
  for (guint i = 0; members[i]; i++)
    {
      JsonNode *node;

      if (g_str_equal (members[i], "role") || !json_object_has_member (party, members[i]))
        continue;
      node = json_object_get_member (party, members[i]);
      if (JSON_NODE_HOLDS_NULL (node))
        json_object_remove_member (merged, members[i]);
      else
        json_object_set_member (merged, members[i], json_node_copy (node));
    }
  _tj_case_validate_party (&check, new_role ? new_role : role, merged, new_role ? new_role : role);
  if (!tj_check_finish (&check, error))
    goto fail;
  _tj_case_normalize_party (merged);
  if (new_role)
    json_object_set_string_member (merged, "role", new_role);

  /* What changed, for the timeline; nothing changed is not an edit. */
  for (guint i = 0; members[i]; i++)
    {
      JsonNode *a = json_object_get_member (doc, members[i]);
      JsonNode *b = json_object_get_member (merged, members[i]);
      g_autofree char *ta = a ? tj_json_canonical (a) : NULL;
      g_autofree char *tb = b ? tj_json_canonical (b) : NULL;

      if (!g_str_equal (members[i], "role") && g_strcmp0 (ta, tb) != 0)
        g_ptr_array_add (changed, (gpointer) members[i]);
    }
  if (changed->len == 0 && new_role == NULL)
    {
      tj_store_rollback (store);
      return TRUE;
    }

  rev = tj_store_put (store, merged, NULL, error);
  if (rev == NULL)
    goto fail;
  if (new_role)
    {
      g_autoptr(JsonObject) extra = json_object_new ();
      g_autofree char *text = g_strdup_printf (_("Role changed: %s, %s → %s"),
                                               tj_json_get_string (merged, "name", ""),
                                               tj_party_role_label (role), tj_party_role_label (new_role));
      json_object_set_string_member (extra, "party_id", party_id);
      json_object_set_string_member (extra, "name", tj_json_get_string (merged, "name", ""));
      json_object_set_string_member (extra, "from_role", role);
      json_object_set_string_member (extra, "to_role", new_role);
      if (!tj_case_add_event (store, ctx, case_id, "party_role", text, extra, error))
        goto fail;
    }
  if (changed->len > 0)
    {
      g_autoptr(JsonObject) extra = json_object_new ();
      g_autofree char *labels = _tj_case_join_labels (changed);
      /* Translators: "Party details changed: 张三 (Phone, Bank account)". */
      g_autofree char *text = g_strdup_printf (_("Party details changed: %s (%s)"),
                                               tj_json_get_string (merged, "name", ""), labels);
      json_object_set_string_member (extra, "party_id", party_id);
      json_object_set_string_member (extra, "name", tj_json_get_string (merged, "name", ""));
      if (!_tj_case_add_fields_event (store, ctx, case_id, "party_edited", text, changed, extra, error))
        goto fail;
    }
  return tj_store_commit (store, error);

fail:
  tj_store_rollback (store);
  return FALSE;
}

/* Why @party_id may not go: the settlement or a payment names them (the
 * agreement would print a party the case no longer has, the payments would
 * belong to no one), or a session was held with them. %NULL when nothing
 * refers to them. */
static char *
party_references (TjStore     *store,
                  const char  *case_id,
                  const char  *party_id,
                  const char  *name,
                  GError     **error)
{
  sqlite3_stmt *st = tj_store_statement (store, "SELECT id, type FROM case_children WHERE case_id = ? "
                                                "AND type IN ('settlement', 'payment', 'session')", error);
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  guint payments = 0;
  gint64 paid = 0;
  char *reason = NULL;

  if (st == NULL)
    return NULL;
  sqlite3_bind_text (st, 1, case_id, -1, SQLITE_STATIC);
  while (sqlite3_step (st) == SQLITE_ROW)
    g_ptr_array_add (ids, g_strdup ((const char *) sqlite3_column_text (st, 0)));
  sqlite3_reset (st);

  for (guint i = 0; i < ids->len && reason == NULL; i++)
    {
      g_autoptr(JsonObject) d = tj_store_get (store, ids->pdata[i], NULL, TJ_GET_NONE, NULL);
      const char *type = d ? tj_json_get_string (d, "type", "") : "";
      gboolean agreed = d && g_strcmp0 (tj_json_get_string (d, "status", NULL), "agreed") == 0;

      if (d == NULL)
        continue;
      if (g_str_equal (type, "payment"))
        {
          if (g_strcmp0 (tj_json_get_string (d, "worker_id", NULL), party_id) == 0)
            {
              payments++;
              paid += tj_json_get_int (d, "amount_fen", 0);
            }
        }
      else if (g_str_equal (type, "session"))
        {
          if (g_strcmp0 (tj_json_get_string (d, "party_id", NULL), party_id) == 0)
            reason = g_strdup_printf (_("%s cannot be deleted: a mediation session was held with them"), name);
        }
      else
        {
          JsonArray *installments = tj_json_get_array (d, "installments");

          if (g_strcmp0 (tj_json_get_string (tj_json_get_object (d, "payer"), "party_id", NULL), party_id) == 0)
            reason = g_strdup_printf (agreed ? _("%s cannot be deleted: the agreed settlement names them as the payer")
                                             : _("%s cannot be deleted: the draft settlement names them as the payer"),
                                      name);
          for (guint k = 0; reason == NULL && installments && k < json_array_get_length (installments); k++)
            {
              JsonArray *allocations = tj_json_get_array (json_array_get_object_element (installments, k),
                                                          "allocations");
              for (guint a = 0; reason == NULL && allocations && a < json_array_get_length (allocations); a++)
                {
                  JsonObject *al = json_array_get_object_element (allocations, a);
                  if (g_strcmp0 (tj_json_get_string (al, "worker_id", NULL), party_id) == 0)
                    {
                      g_autofree char *amount = tj_money_format (tj_json_get_int (al, "amount_fen", 0));
                      reason = g_strdup_printf (agreed ? _("%s cannot be deleted: the agreed settlement allocates "
                                                           "%s to them in installment %u")
                                                       : _("%s cannot be deleted: the draft settlement allocates "
                                                           "%s to them in installment %u"),
                                                name, amount, k + 1);
                    }
                }
            }
        }
    }
  if (reason == NULL && payments > 0)
    {
      g_autofree char *amount = tj_money_format (paid);
      reason = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                             "%s cannot be deleted: %u payment to them (%s) is recorded",
                                             "%s cannot be deleted: %u payments to them (%s) are recorded",
                                             payments),
                                name, payments, amount);
    }
  if (reason == NULL)
    reason = g_strdup ("");
  return reason;
}

gboolean
tj_case_delete_party (TjStore             *store,
                      const TjCaseContext *ctx,
                      const char          *party_id,
                      GError             **error)
{
  g_autoptr(JsonObject) doc = NULL;
  g_autoptr(JsonObject) extra = NULL;
  g_autofree char *reason = NULL;
  g_autofree char *rev = NULL;
  g_autofree char *text = NULL;
  const char *case_id, *name, *role;

  if (!tj_case_attach (store, error) || !tj_store_begin (store, error))
    return FALSE;
  doc = _tj_case_load_typed (store, party_id, "party", error);
  if (doc == NULL)
    goto fail;
  case_id = tj_json_get_string (doc, "case_id", "");
  name = tj_json_get_string (doc, "name", party_id);
  role = tj_json_get_string (doc, "role", "worker");

  /* Checked under the write lock: a payment recorded by another window in
   * between cannot be left without its worker. */
  reason = party_references (store, case_id, party_id, name, error);
  if (reason == NULL)
    goto fail;
  if (*reason)
    {
      g_set_error_literal (error, TJ_ERROR, TJ_ERROR_CONFLICT, reason);
      goto fail;
    }
  if (tj_chain_is_role (role))
    {
      /* A link leaves the chain, which must hold together without it
       * (the owner of an illegal project cannot simply go). */
      g_autoptr(JsonObject) case_doc = _tj_case_load_typed (store, case_id, "case", error);
      g_autoptr(JsonArray) stored = case_doc ? _tj_case_load_chain (store, case_id, error) : NULL;
      g_autoptr(JsonArray) links = json_array_new ();

      if (stored == NULL)
        goto fail;
      for (guint i = 0; i < json_array_get_length (stored); i++)
        {
          JsonObject *d = json_array_get_object_element (stored, i);
          if (g_strcmp0 (tj_json_get_string (d, "_id", NULL), party_id) != 0)
            json_array_add_object_element (links, public_link (d));
        }
      if (!save_chain (store, case_id, case_doc, links, error))
        goto fail;
    }
  else
    {
      rev = tj_store_delete (store, party_id, tj_json_get_string (doc, "_rev", NULL), error);
      if (rev == NULL)
        goto fail;
    }
  /* Translators: "Party deleted: 华建劳务有限公司 (Project owner)". */
  text = g_strdup_printf (_("Party deleted: %s (%s)"), name, tj_party_role_label (role));
  extra = json_object_new ();
  json_object_set_string_member (extra, "party_id", party_id);
  json_object_set_string_member (extra, "name", name);
  json_object_set_string_member (extra, "role", role);
  if (!tj_case_add_event (store, ctx, case_id, "party_deleted", text, extra, error))
    goto fail;
  {
    /* A person's data left the case: the access log keeps who and when. */
    g_autofree char *audit_id = NULL;
    TjAuditEntry entry = { TJ_AUDIT_DELETE, case_id, party_id, "party", NULL, name, FALSE };

    audit_id = tj_audit_record (store, ctx, &entry, error);
    if (audit_id == NULL)
      goto fail;
  }
  return tj_store_commit (store, error);

fail:
  tj_store_rollback (store);
  return FALSE;
}

gboolean
tj_case_set_chain (TjStore             *store,
                   const TjCaseContext *ctx,
                   const char          *case_id,
                   JsonArray           *chain,
                   GError             **error)
{
  g_autoptr(JsonObject) c = NULL;
  g_autoptr(JsonNode) copy = NULL;
  g_autofree char *text = NULL;

  g_return_val_if_fail (TJ_IS_STORE (store), FALSE);
  g_return_val_if_fail (case_id != NULL, FALSE);

  if (!tj_case_attach (store, error) || !tj_store_begin (store, error))
    return FALSE;
  c = _tj_case_load_typed (store, case_id, "case", error);
  if (c == NULL)
    goto fail;
  /* The caller's list stays as it was given. */
  copy = json_node_new (JSON_NODE_ARRAY);
  json_node_take_array (copy, chain ? json_array_ref (chain) : json_array_new ());
  {
    g_autoptr(JsonNode) mine = json_node_copy (copy);
    JsonArray *links = json_node_get_array (mine);
    /* The order of the list is the chain's: the tiers it had before (a
     * chain read back from tj_case_show() and edited) are numbered again. */
    for (guint i = 0; i < json_array_get_length (links); i++)
      {
        JsonNode *node = json_array_get_element (links, i);
        if (JSON_NODE_HOLDS_OBJECT (node) && json_object_has_member (json_node_get_object (node), "tier"))
          json_object_remove_member (json_node_get_object (node), "tier");
      }
    if (!save_chain (store, case_id, c, links, error))
      goto fail;
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Contractor chain changed: %u link",
                                         "Contractor chain changed: %u links",
                                         json_array_get_length (json_node_get_array (mine))),
                            json_array_get_length (json_node_get_array (mine)));
  }
  if (!tj_case_add_event (store, ctx, case_id, "chain_changed", text, NULL, error))
    goto fail;
  return tj_store_commit (store, error);

fail:
  tj_store_rollback (store);
  return FALSE;
}
