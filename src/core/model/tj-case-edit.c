/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Cases: later edits of a case, its claims and its evidence. */
#define G_LOG_DOMAIN "Tiaojie-Case"

#include "tj-case-private.h"
#include "tj-chain.h"
#include "tj-check.h"
#include "tj-csv.h"
#include "tj-deadline.h"
#include "tj-field-labels.h"
#include "tj-i18n.h"
#include "tj-time.h"
#include "tj-json.h"
#include "tj-money.h"
#include "tj-validate.h"

#include <string.h>

/* ------------------------------------------------------------------ */
/* Later edits and evidence                                             */

/* The refusal for each type _tj_case_load_typed () is asked for: one
 * whole sentence per type, so a translator never sees a bare type word. */
static const struct {
  const char *type;
  const char *not_one;   /* N_() */
} not_a[] = {
  { "case", N_("%s is not a case") },
  { "claim", N_("%s is not a claim") },
  { "party", N_("%s is not a party") },
  { "evidence", N_("%s is not an item of evidence") },
};

JsonObject *
_tj_case_load_typed (TjStore     *store,
                     const char  *id,
                     const char  *type,
                     GError     **error)
{
  JsonObject *doc = tj_store_get (store, id, NULL, TJ_GET_NONE, error);
  if (doc && g_strcmp0 (tj_json_get_string (doc, "type", NULL), type) != 0)
    {
      const char *not_one = NULL;

      for (guint i = 0; i < G_N_ELEMENTS (not_a) && not_one == NULL; i++)
        if (strcmp (not_a[i].type, type) == 0)
          not_one = not_a[i].not_one;
      g_assert (not_one != NULL);
      g_set_error (error, TJ_ERROR, TJ_ERROR_NOT_FOUND, _(not_one), id);
      g_clear_pointer (&doc, json_object_unref);
    }
  return doc;
}


/* The labels of the changed members, in the writer's language. */
char *
_tj_case_join_labels (GPtrArray *fields)
{
  g_autoptr(GPtrArray) names = g_ptr_array_new ();

  for (guint i = 0; i < fields->len; i++)
    g_ptr_array_add (names, fields->pdata[i]);
  g_ptr_array_add (names, NULL);
  return tj_field_labels_join ((const char * const *) names->pdata);
}

/* An edit's timeline event keeps the changed members ("fields") beside its
 * text, so that a reader in another language sees the labels in theirs. */
gboolean
_tj_case_add_fields_event (TjStore             *store,
                           const TjCaseContext *ctx,
                           const char          *case_id,
                           const char          *kind,
                           const char          *text,
                           GPtrArray           *fields,
                           JsonObject          *extra,
                           GError             **error)
{
  g_autoptr(JsonObject) all = extra ? json_object_ref (extra) : json_object_new ();
  JsonArray *names = json_array_new ();

  for (guint i = 0; fields && i < fields->len; i++)
    json_array_add_string_element (names, fields->pdata[i]);
  json_object_set_array_member (all, "fields", names);
  return tj_case_add_event (store, ctx, case_id, kind, text, all, error);
}

/* The end of a write that adds a child to a case (a claim, a party, a
 * piece of evidence): its timeline event, then the commit. Takes @id, the
 * new child's, and returns it; when either fails the transaction is rolled
 * back, @id freed and NULL returned. */
char *
_tj_case_commit_added (TjStore             *store,
                       const TjCaseContext *ctx,
                       const char          *case_id,
                       const char          *kind,
                       const char          *text,
                       char                *id,
                       GError             **error)
{
  g_autofree char *owned = id;

  if (!tj_case_add_event (store, ctx, case_id, kind, text, NULL, error))
    {
      tj_store_rollback (store);
      return NULL;
    }
  /* A commit that fails has rolled back already. */
  if (!tj_store_commit (store, error))
    return NULL;
  return g_steal_pointer (&owned);
}

gint64
_tj_case_next_position (TjStore     *store,
                        const char  *case_id,
                        GError     **error)
{
  sqlite3_stmt *st = tj_store_statement (store,
                                         "SELECT COALESCE(MAX(CAST(sort_key AS INTEGER)), -1) + 1 FROM case_children "
                                         "WHERE case_id = ? AND type IN ('party', 'claim')", error);
  gint64 pos = 0;
  if (st == NULL)
    return -1;
  sqlite3_bind_text (st, 1, case_id, -1, SQLITE_STATIC);
  if (sqlite3_step (st) == SQLITE_ROW)
    pos = sqlite3_column_int64 (st, 0);
  sqlite3_reset (st);
  return pos;
}

/* @patch's @members written into @target (a null removes the member),
 * each compared with its value in @before: the names of those that change
 * are added to @changed, the same value is no change. */
static void
apply_patch (JsonObject *target,
             JsonObject *before,
             JsonObject *patch,
             GList      *members,
             GPtrArray  *changed)
{
  for (GList *l = members; l; l = l->next)
    {
      JsonNode *node = json_object_get_member (patch, l->data);
      JsonNode *old = json_object_get_member (before, l->data);
      g_autofree char *a = old ? tj_json_canonical (old) : NULL;
      g_autofree char *b = tj_json_canonical (node);

      if (JSON_NODE_HOLDS_NULL (node))
        {
          if (old == NULL)
            continue;
          json_object_remove_member (target, l->data);
        }
      else if (g_strcmp0 (a, b) == 0)
        continue;
      else
        json_object_set_member (target, l->data, json_node_copy (node));
      g_ptr_array_add (changed, l->data);
    }
}

gboolean
tj_case_update (TjStore             *store,
                const TjCaseContext *ctx,
                const char          *id,
                JsonObject          *patch,
                GError             **error)
{
  static const char * const editable[] = {
    "title", "kind", "source", "received_on", "accepted_on", "knew_on", "employment_ended_on",
    "employment_ongoing", "facts", "layoff", "layoff_size", "hotline_ref", "illegal_project",
    "referred_by", "referral_ref", "limitation_restarted_on", "arbitration_applied_on", "arbitration_accepted_on", NULL
  };
  static const char * const dates[] = {
    "received_on", "accepted_on", "knew_on", "employment_ended_on", "limitation_restarted_on",
    "arbitration_applied_on", "arbitration_accepted_on", NULL
  };
  g_autoptr(GPtrArray) errors = g_ptr_array_new_with_free_func (g_free);
  g_auto(TjCheck) check = { errors };
  g_autoptr(JsonObject) doc = NULL;
  g_autoptr(GList) members = json_object_get_members (patch);
  g_autoptr(GPtrArray) changed = g_ptr_array_new ();
  g_autofree char *rev = NULL;

  for (GList *l = members; l; l = l->next)
    {
      const char *m = l->data;
      JsonNode *node = json_object_get_member (patch, m);
      if (!_tj_case_in_list (m, editable))
        {
          tj_check_field (&check, m, _("%s: cannot be changed here"), m);
          continue;
        }
      if (JSON_NODE_HOLDS_NULL (node))
        continue;
      if (_tj_case_in_list (m, dates))
        tj_check_date (&check, patch, m, m, FALSE);
      else if (g_str_equal (m, "kind"))
        {
          const char *kind = tj_check_string (&check, patch, m, m, TRUE);
          if (kind && !tj_enum_from_nick (TJ_TYPE_CASE_KIND, kind, NULL))
            tj_check_field (&check, "kind", _("kind: “%s” is not a dispute kind"), kind);
        }
      else if (g_str_equal (m, "source"))
        {
          const char *source = tj_check_string (&check, patch, m, m, TRUE);
          if (source && !tj_enum_from_nick (TJ_TYPE_CASE_SOURCE, source, NULL))
            tj_check_field (&check, "source", _("source: “%s” is not an intake channel"), source);
        }
      else if (g_str_equal (m, "title"))
        tj_check_string (&check, patch, m, m, TRUE);
      else if (g_str_equal (m, "facts") || g_str_equal (m, "hotline_ref") ||
               g_str_equal (m, "referred_by") || g_str_equal (m, "referral_ref"))
        tj_check_string (&check, patch, m, m, FALSE);
      else if (g_str_equal (m, "layoff_size"))
        _tj_case_check_count (&check, patch, m, m, 1, 1000000);
      else if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_BOOLEAN)
        tj_check_field (&check, m, _("%s: must be true or false"), m);
    }
  if (!tj_check_finish (&check, error))
    return FALSE;

  if (!tj_case_attach (store, error) || !tj_store_begin (store, error))
    return FALSE;
  doc = _tj_case_load_typed (store, id, "case", error);
  if (doc == NULL)
    goto fail;
  apply_patch (doc, doc, patch, members, changed);
  if (changed->len == 0)
    {
      tj_store_rollback (store);
      return TRUE; /* nothing to save: not an edit */
    }
  if (tj_json_get_bool (doc, "illegal_project", FALSE))
    {
      /* Art. 37 makes the owner pay: the chain must have one. */
      g_autoptr(JsonArray) stored = _tj_case_load_chain (store, id, error);
      if (stored == NULL)
        goto fail;
      tj_chain_check (&check, stored, TRUE);
      if (!tj_check_finish (&check, error))
        goto fail;
    }
  rev = tj_store_put (store, doc, NULL, error);
  if (rev == NULL)
    goto fail;
  {
    g_autofree char *labels = _tj_case_join_labels (changed);
    g_autofree char *text = g_strdup_printf (_("Case details changed: %s"), labels);
    if (!_tj_case_add_fields_event (store, ctx, id, "edited", text, changed, NULL, error))
      goto fail;
  }
  return tj_store_commit (store, error);

fail:
  tj_store_rollback (store);
  return FALSE;
}

/* A claim as the timeline names it: "Overtime pay ¥4,896.55". */
static char *
claim_title (JsonObject *claim)
{
  g_autofree char *amount = tj_money_format (tj_json_get_int (claim, "amount_fen", 0));
  const char *kind = tj_json_get_string (claim, "kind", "");

  return g_strdup_printf ("%s %s", tj_enum_from_nick (TJ_TYPE_CASE_KIND, kind, NULL) ? tj_case_kind_label (kind) : kind, amount);
}

char *
tj_case_add_claim (TjStore             *store,
                   const TjCaseContext *ctx,
                   const char          *case_id,
                   JsonObject          *claim,
                   GError             **error)
{
  g_autoptr(GPtrArray) errors = g_ptr_array_new_with_free_func (g_free);
  g_auto(TjCheck) check = { errors };
  g_autoptr(JsonObject) c = NULL;
  g_autoptr(JsonObject) doc = json_object_new ();
  g_autofree char *rev = NULL;
  g_autofree char *id = NULL;
  gint64 pos;

  tj_check_string (&check, claim, "kind", "claim.kind", TRUE);
  _tj_case_check_fen (&check, claim, "amount_fen", "claim.amount_fen");
  tj_check_string (&check, claim, "description", "claim.description", FALSE);
  if (!tj_check_finish (&check, error))
    return NULL;
  if (!tj_case_attach (store, error) || !tj_store_begin (store, error))
    return NULL;
  c = _tj_case_load_typed (store, case_id, "case", error);
  if (c == NULL || (pos = _tj_case_next_position (store, case_id, error)) < 0)
    goto fail;
  json_object_set_string_member (doc, "type", "claim");
  json_object_set_string_member (doc, "case_id", case_id);
  json_object_set_int_member (doc, "position", pos);
  _tj_case_copy_members (doc, claim, _tj_case_claim_members);
  rev = tj_store_put (store, doc, &id, error);
  if (rev == NULL)
    goto fail;
  {
    g_autofree char *title = claim_title (claim);
    g_autofree char *text = g_strdup_printf (_("Claim added: %s"), title);
    return _tj_case_commit_added (store, ctx, case_id, "claim_added", text, g_steal_pointer (&id), error);
  }

fail:
  tj_store_rollback (store);
  return NULL;
}

gboolean
tj_case_update_claim (TjStore             *store,
                      const TjCaseContext *ctx,
                      const char          *claim_id,
                      JsonObject          *patch,
                      GError             **error)
{
  g_autoptr(GPtrArray) errors = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) changed = g_ptr_array_new ();
  g_autoptr(GList) members = json_object_get_members (patch);
  g_auto(TjCheck) check = { errors };
  g_autoptr(JsonObject) doc = NULL;
  g_autoptr(JsonObject) merged = NULL;
  g_autoptr(JsonObject) extra = NULL;
  g_autofree char *rev = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *labels = NULL;
  g_autofree char *text = NULL;

  /* The same rules as a new claim: a kind, an amount in whole fen. */
  for (GList *l = members; l; l = l->next)
    {
      const char *m = l->data;
      g_autofree char *field = g_strconcat ("claim.", m, NULL);
      JsonNode *node = json_object_get_member (patch, m);

      if (!_tj_case_in_list (m, _tj_case_claim_members))
        tj_check_field (&check, field, _("%s: cannot be changed here"), field);
      else if (g_str_equal (m, "kind"))
        tj_check_string (&check, patch, m, field, TRUE);
      else if (JSON_NODE_HOLDS_NULL (node))
        continue;
      else if (g_str_equal (m, "amount_fen"))
        _tj_case_check_fen (&check, patch, m, field);
      else
        tj_check_string (&check, patch, m, field, FALSE);
    }
  if (!tj_check_finish (&check, error))
    return FALSE;

  if (!tj_case_attach (store, error) || !tj_store_begin (store, error))
    return FALSE;
  doc = _tj_case_load_typed (store, claim_id, "claim", error);
  if (doc == NULL)
    goto fail;
  merged = tj_json_object_copy (doc);
  apply_patch (merged, doc, patch, members, changed);
  if (changed->len == 0)
    {
      tj_store_rollback (store);
      return TRUE;
    }
  rev = tj_store_put (store, merged, NULL, error);
  if (rev == NULL)
    goto fail;
  before = claim_title (doc);
  after = claim_title (merged);
  labels = _tj_case_join_labels (changed);
  /* Translators: "Claim changed: Overtime ¥4,000.00 → Overtime ¥4,896.55 (Amount)". */
  text = g_strdup_printf (_("Claim changed: %s → %s (%s)"), before, after, labels);
  extra = json_object_new ();
  json_object_set_string_member (extra, "claim_id", claim_id);
  if (!_tj_case_add_fields_event (store, ctx, tj_json_get_string (doc, "case_id", ""), "claim_edited", text, changed,
                                  extra, error))
    goto fail;
  return tj_store_commit (store, error);

fail:
  tj_store_rollback (store);
  return FALSE;
}

gboolean
tj_case_delete_claim (TjStore             *store,
                      const TjCaseContext *ctx,
                      const char          *claim_id,
                      GError             **error)
{
  g_autoptr(JsonObject) doc = NULL;
  g_autoptr(JsonObject) extra = NULL;
  g_autofree char *rev = NULL;
  g_autofree char *title = NULL;
  g_autofree char *text = NULL;

  if (!tj_case_attach (store, error) || !tj_store_begin (store, error))
    return FALSE;
  doc = _tj_case_load_typed (store, claim_id, "claim", error);
  if (doc == NULL)
    goto fail;
  rev = tj_store_delete (store, claim_id, tj_json_get_string (doc, "_rev", NULL), error);
  if (rev == NULL)
    goto fail;
  title = claim_title (doc);
  text = g_strdup_printf (_("Claim deleted: %s"), title);
  extra = json_object_new ();
  json_object_set_string_member (extra, "claim_id", claim_id);
  if (!tj_case_add_event (store, ctx, tj_json_get_string (doc, "case_id", ""), "claim_deleted", text, extra, error))
    goto fail;
  return tj_store_commit (store, error);

fail:
  tj_store_rollback (store);
  return FALSE;
}

char *
tj_case_add_evidence (TjStore             *store,
                      const TjCaseContext *ctx,
                      const char          *case_id,
                      const char          *filename,
                      const char          *content_type,
                      GBytes              *data,
                      const char          *description,
                      GError             **error)
{
  g_autoptr(JsonObject) c = NULL;
  g_autoptr(JsonObject) doc = json_object_new ();
  g_autofree char *b64 = NULL;
  g_autofree char *rev = NULL;
  g_autofree char *added = tj_timestamp_now ();
  g_autofree char *base = NULL;
  JsonObject *atts, *att;
  g_autofree char *id = NULL;
  gsize len = 0;
  const guint8 *bytes;

  if (filename == NULL || *filename == '\0' || data == NULL)
    {
      tj_set_invalid (error, "evidence", _("evidence: a file is required"));
      return NULL;
    }
  bytes = g_bytes_get_data (data, &len);
  /* Scans and photos, not archives of a whole phone: 50 MB per file. */
  if (len > 50 * 1024 * 1024)
    {
      tj_set_invalid (error, "evidence",
                   _("evidence: %s is larger than 50 MB; scan it at a lower resolution"), filename);
      return NULL;
    }
  base = g_path_get_basename (filename);
  if (!tj_case_attach (store, error) || !tj_store_begin (store, error))
    return NULL;
  c = _tj_case_load_typed (store, case_id, "case", error);
  if (c == NULL)
    goto fail;

  b64 = g_base64_encode (bytes, len);
  json_object_set_string_member (doc, "type", "evidence");
  json_object_set_string_member (doc, "case_id", case_id);
  json_object_set_string_member (doc, "filename", base);
  json_object_set_string_member (doc, "created_at", added);
  if (description && *description)
    json_object_set_string_member (doc, "description", description);
  atts = json_object_new ();
  att = json_object_new ();
  json_object_set_string_member (att, "content_type", content_type ? content_type : "application/octet-stream");
  json_object_set_string_member (att, "data", b64);
  json_object_set_object_member (atts, base, att);
  json_object_set_object_member (doc, "_attachments", atts);
  rev = tj_store_put (store, doc, &id, error);
  if (rev == NULL)
    goto fail;
  {
    g_autofree char *text = g_strdup_printf (_("Evidence added: %s"), base);
    return _tj_case_commit_added (store, ctx, case_id, "evidence_added", text, g_steal_pointer (&id), error);
  }

fail:
  tj_store_rollback (store);
  return NULL;
}

JsonArray *
tj_case_list_evidence (TjStore     *store,
                       const char  *case_id,
                       GError     **error)
{
  g_autoptr(JsonArray) ids = NULL;
  JsonArray *out;

  if (!tj_case_attach (store, error))
    return NULL;
  ids = _tj_case_child_ids (store, case_id, "evidence", TRUE, error);
  if (ids == NULL)
    return NULL;
  out = json_array_new ();
  for (guint i = 0; i < json_array_get_length (ids); i++)
    {
      g_autoptr(JsonObject) e = tj_store_get (store, json_array_get_string_element (ids, i), NULL, TJ_GET_NONE, NULL);
      JsonObject *row, *atts;
      g_autoptr(GList) names = NULL;

      if (e == NULL)
        continue;
      row = json_object_new ();
      json_object_set_string_member (row, "id", tj_json_get_string (e, "_id", ""));
      json_object_set_string_member (row, "filename", tj_json_get_string (e, "filename", ""));
      json_object_set_string_member (row, "added_at", tj_json_get_string (e, "created_at", ""));
      if (tj_json_get_string (e, "description", NULL))
        json_object_set_string_member (row, "description", tj_json_get_string (e, "description", NULL));
      atts = tj_json_get_object (e, "_attachments");
      names = atts ? json_object_get_members (atts) : NULL;
      if (names)
        {
          JsonObject *a = tj_json_get_object (atts, names->data);
          json_object_set_string_member (row, "content_type", tj_json_get_string (a, "content_type", ""));
          json_object_set_int_member (row, "length", tj_json_get_int (a, "length", 0));
        }
      json_array_add_object_element (out, row);
    }
  return out;
}

GBytes *
tj_case_get_evidence (TjStore     *store,
                      const char  *evidence_id,
                      char       **out_filename,
                      char       **out_content_type,
                      GError     **error)
{
  g_autoptr(JsonObject) e = _tj_case_load_typed (store, evidence_id, "evidence", error);
  GBytes *bytes;

  if (e == NULL)
    return NULL;
  bytes = tj_store_get_attachment (store, evidence_id, NULL, tj_json_get_string (e, "filename", ""),
                                   out_content_type, error);
  if (bytes && out_filename)
    *out_filename = g_strdup (tj_json_get_string (e, "filename", ""));
  return bytes;
}
