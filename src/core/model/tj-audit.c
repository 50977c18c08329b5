/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The access log: append-only `audit` documents, an index to list them by
 * case and date, and the rule that none is ever changed. The rule lives in
 * the indexer because an indexer sees every write, local or replicated,
 * inside its transaction: an audit document is written once (generation 1),
 * so any later revision or a deletion is an edit of the log and is refused. */
#define G_LOG_DOMAIN "Tiaojie-Audit"

#include "tj-audit.h"

#include <stdlib.h>

#include "tj-clock.h"
#include "tj-field-labels.h"
#include "tj-i18n.h"
#include "tj-json.h"
#include "tj-validate.h"

#define INDEX_NAME "audit"
#define INDEX_VERSION 1

static const char * const actions[] = {
  TJ_AUDIT_REVEAL, TJ_AUDIT_EXPORT, TJ_AUDIT_PRINT, TJ_AUDIT_IMPORT, TJ_AUDIT_DELETE, TJ_AUDIT_ARCHIVE, TJ_AUDIT_RESTORE, NULL
};

static gboolean
index_reset (TjStore  *store,
             gpointer  user_data,
             GError  **error)
{
  return tj_store_exec (store,
                        "DROP TABLE IF EXISTS audit_index;"
                        "CREATE TABLE audit_index ("
                        "  id TEXT PRIMARY KEY, case_id TEXT, on_date TEXT, at TEXT, action TEXT) WITHOUT ROWID;"
                        "CREATE INDEX audit_index_by_case ON audit_index (case_id, at);"
                        "CREATE INDEX audit_index_by_date ON audit_index (on_date, at);",
                        error);
}

static gboolean
is_logged (TjStore     *store,
           const char  *id,
           gboolean    *out,
           GError     **error)
{
  sqlite3_stmt *st = tj_store_statement (store, "SELECT 1 FROM audit_index WHERE id = ?", error);

  if (st == NULL)
    return FALSE;
  sqlite3_bind_text (st, 1, id, -1, SQLITE_STATIC);
  *out = sqlite3_step (st) == SQLITE_ROW;
  sqlite3_reset (st);
  return TRUE;
}

static gboolean
index_doc (TjStore     *store,
           const char  *id,
           JsonObject  *winner,
           gpointer     user_data,
           GError     **error)
{
  gboolean logged = FALSE;
  sqlite3_stmt *st;

  if (!is_logged (store, id, &logged, error))
    return FALSE;
  if (winner == NULL || g_strcmp0 (tj_json_get_string (winner, "type", NULL), "audit") != 0)
    {
      if (logged)
        {
          g_set_error (error, TJ_ERROR, TJ_ERROR_CONFLICT,
                       _("Audit record %s: the access log is never changed or deleted"), id);
          return FALSE;
        }
      return TRUE;
    }
  if (logged || strtol (tj_json_get_string (winner, "_rev", "1"), NULL, 10) > 1)
    {
      g_set_error (error, TJ_ERROR, TJ_ERROR_CONFLICT,
                   _("Audit record %s: the access log is never changed or deleted"), id);
      return FALSE;
    }

  st = tj_store_statement (store, "INSERT INTO audit_index (id, case_id, on_date, at, action) "
                                  "VALUES (?, ?, ?, ?, ?)", error);
  if (st == NULL)
    return FALSE;
  sqlite3_bind_text (st, 1, id, -1, SQLITE_STATIC);
  tj_store_bind_text_or_null (st, 2, tj_json_get_string (winner, "case_id", NULL));
  tj_store_bind_text_or_null (st, 3, tj_json_get_string (winner, "on", NULL));
  tj_store_bind_text_or_null (st, 4, tj_json_get_string (winner, "at", NULL));
  tj_store_bind_text_or_null (st, 5, tj_json_get_string (winner, "action", NULL));
  return tj_store_step_done (store, st, error);
}

gboolean
tj_audit_attach (TjStore  *store,
                 GError  **error)
{
  g_return_val_if_fail (TJ_IS_STORE (store), FALSE);

  if (g_object_get_data (G_OBJECT (store), "tj-audit-index"))
    return TRUE;
  if (!tj_store_add_indexer (store, INDEX_NAME, INDEX_VERSION, index_reset, index_doc, NULL, error))
    return FALSE;
  g_object_set_data (G_OBJECT (store), "tj-audit-index", GINT_TO_POINTER (1));
  return TRUE;
}

static void
set_optional (JsonObject *doc,
              const char *member,
              const char *value)
{
  if (value && *value)
    json_object_set_string_member (doc, member, value);
}

void
tj_audit_stamp (JsonObject *doc)
{
  g_autoptr(GDateTime) now = tj_clock_get_now (tj_clock_get_default ());
  g_autoptr(GDateTime) utc = g_date_time_to_utc (now);
  g_autofree char *at = g_date_time_format (utc, "%Y-%m-%dT%H:%M:%S.%fZ");
  g_autofree char *on = g_date_time_format (now, "%Y-%m-%d");

  json_object_set_string_member (doc, "at", at);
  json_object_set_string_member (doc, "on", on);
}

char *
tj_audit_record (TjStore             *store,
                 const TjCaseContext *ctx,
                 const TjAuditEntry  *entry,
                 GError             **error)
{
  g_autoptr(JsonObject) doc = NULL;
  g_autofree char *rev = NULL;
  g_autofree char *reason = NULL;
  char *id = NULL;

  g_return_val_if_fail (TJ_IS_STORE (store), NULL);
  g_return_val_if_fail (entry != NULL, NULL);

  if (entry->action == NULL || !g_strv_contains (actions, entry->action))
    {
      g_set_error (error, TJ_ERROR, TJ_ERROR_INVALID, _("action: “%s” is not an audited action"),
                   entry->action ? entry->action : "");
      return NULL;
    }
  reason = g_strstrip (g_strdup (entry->reason ? entry->reason : ""));
  if (*reason == '\0' && (g_str_equal (entry->action, TJ_AUDIT_REVEAL) ||
                          (entry->full && g_str_equal (entry->action, TJ_AUDIT_EXPORT) &&
                           g_strcmp0 (entry->field, "agreement") != 0 &&
                           g_strcmp0 (entry->field, "arbitration_application") != 0)))
    {
      g_set_error (error, TJ_ERROR, TJ_ERROR_INVALID,
                   _("reason: say why the numbers are shown in full (it is recorded)"));
      return NULL;
    }
  if (!tj_audit_attach (store, error))
    return NULL;

  doc = json_object_new ();
  json_object_set_string_member (doc, "type", "audit");
  tj_audit_stamp (doc);
  json_object_set_string_member (doc, "action", entry->action);
  set_optional (doc, "actor", ctx ? ctx->actor : NULL);
  set_optional (doc, "station", ctx ? ctx->station_code : NULL);
  set_optional (doc, "case_id", entry->case_id);
  set_optional (doc, "party_id", entry->party_id);
  set_optional (doc, "field", entry->field);
  set_optional (doc, "reason", reason);
  set_optional (doc, "detail", entry->detail);
  if (entry->full)
    json_object_set_boolean_member (doc, "full", TRUE);
  rev = tj_store_put (store, doc, &id, error);
  if (rev == NULL)
    g_clear_pointer (&id, g_free);
  /* The log names ids and actions only, never a value or a name. */
  g_debug ("audit: %s %s", entry->action, id ? id : "(failed)");
  return id;
}

/* What was revealed, exported or printed, as the timeline says it. */
static const char *
what_label (const char *field)
{
  if (field == NULL || *field == '\0')
    return "";
  if (g_str_equal (field, "report"))
    return _("the statistics report");
  if (g_str_equal (field, "workers"))
    return _("the workers list");
  if (g_str_equal (field, "agreement"))
    return _("the mediation agreement");
  if (g_str_equal (field, "arbitration_application"))
    return _("the arbitration application");
  if (g_str_equal (field, "roster"))
    return _("a roster");
  if (g_str_equal (field, "bank_file"))
    return _("a bank file");
  if (g_str_equal (field, "party"))
    return _("a party");
  if (g_str_equal (field, "case"))
    return _("personal numbers");
  if (tj_field_label_known (field))
    return tj_field_label (field);
  return field;
}

char *
tj_audit_describe (JsonObject *entry)
{
  const char *action = tj_json_get_string (entry, "action", "");
  const char *actor = tj_json_get_string (entry, "actor", "");
  const char *what = what_label (tj_json_get_string (entry, "field", NULL));
  const char *detail = tj_json_get_string (entry, "detail", "");
  gboolean full = tj_json_get_bool (entry, "full", FALSE);
  g_autofree char *line = NULL;

  if (*actor == '\0')
    actor = _("Someone");
  if (g_str_equal (action, TJ_AUDIT_REVEAL))
    /* Translators: "王调解 revealed the ID number of 张三" */
    line = g_strdup_printf (_("%s revealed the %s of %s"), actor, what, *detail ? detail : "—");
  else if (g_str_equal (action, TJ_AUDIT_EXPORT))
    line = g_strdup_printf (full ? _("%s exported %s with numbers in full") : _("%s exported %s"), actor, what);
  else if (g_str_equal (action, TJ_AUDIT_PRINT))
    line = g_strdup_printf (full ? _("%s printed %s with numbers in full") : _("%s printed %s"), actor, what);
  else if (g_str_equal (action, TJ_AUDIT_IMPORT))
    line = g_strdup_printf (_("%s imported %s"), actor, what);
  else if (g_str_equal (action, TJ_AUDIT_DELETE))
    line = g_strdup_printf (_("%s deleted %s %s"), actor, what, detail);
  else if (g_str_equal (action, TJ_AUDIT_ARCHIVE))
    /* Translators: "王调解 archived case 〔2023〕…号 from this station" */
    line = g_strdup_printf (_("%s archived case %s from this station (the centre keeps it)"), actor, detail);
  else if (g_str_equal (action, TJ_AUDIT_RESTORE))
    line = g_strdup_printf (_("%s restored archived case %s from the centre"), actor, detail);
  else
    line = g_strdup_printf (_("%s archived %s"), actor, what);
  if (*detail && !g_str_equal (action, TJ_AUDIT_REVEAL) && !g_str_equal (action, TJ_AUDIT_DELETE) &&
      !g_str_equal (action, TJ_AUDIT_ARCHIVE) && !g_str_equal (action, TJ_AUDIT_RESTORE))
    {
      char *with = g_strdup_printf ("%s (%s)", line, detail);
      g_free (line);
      line = with;
    }
  return g_steal_pointer (&line);
}

JsonArray *
tj_audit_list (TjStore     *store,
               const char  *case_id,
               const char  *from,
               const char  *to,
               GError     **error)
{
  g_autoptr(JsonArray) out = NULL;
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  sqlite3_stmt *st;
  int rc;

  g_return_val_if_fail (TJ_IS_STORE (store), NULL);

  if ((from && !tj_validate_date (from, "from", error)) || (to && !tj_validate_date (to, "to", error)))
    return NULL;
  if (!tj_audit_attach (store, error))
    return NULL;
  st = tj_store_statement (store,
                           "SELECT id FROM audit_index WHERE (?1 IS NULL OR case_id = ?1) "
                           "AND (?2 IS NULL OR on_date >= ?2) AND (?3 IS NULL OR on_date <= ?3) "
                           "ORDER BY at DESC, id DESC", error);
  if (st == NULL)
    return NULL;
  tj_store_bind_text_or_null (st, 1, case_id);
  tj_store_bind_text_or_null (st, 2, from);
  tj_store_bind_text_or_null (st, 3, to);
  while ((rc = sqlite3_step (st)) == SQLITE_ROW)
    g_ptr_array_add (ids, g_strdup (tj_store_column_text (st, 0)));
  sqlite3_reset (st);
  if (rc != SQLITE_DONE)
    {
      tj_store_set_error (store, rc, error);
      return NULL;
    }

  out = json_array_new ();
  for (guint i = 0; i < ids->len; i++)
    {
      g_autoptr(JsonObject) doc = tj_store_get (store, ids->pdata[i], NULL, TJ_GET_NONE, NULL);
      g_autoptr(GList) members = NULL;
      g_autofree char *text = NULL;
      JsonObject *row;

      if (doc == NULL)
        continue;
      row = json_object_new ();
      json_object_set_string_member (row, "id", ids->pdata[i]);
      members = json_object_get_members (doc);
      for (GList *l = members; l; l = l->next)
        if (((const char *) l->data)[0] != '_' && !g_str_equal (l->data, "type"))
          json_object_set_member (row, l->data, json_node_copy (json_object_get_member (doc, l->data)));
      text = tj_audit_describe (doc);
      json_object_set_string_member (row, "text", text);
      json_array_add_object_element (out, row);
    }
  return g_steal_pointer (&out);
}
