/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Tiaojie-Reveal"

#include "tj-reveal.h"
#include "tj-audit.h"
#include "tj-field-labels.h"
#include "tj-i18n.h"
#include "tj-json.h"
#include "tj-validate.h"

#include <string.h>

static const char * const fields[] = { "phone", "id_number", "bank_account", "address", NULL };

gboolean
tj_reveal_field_known (const char *field)
{
  return field != NULL && g_strv_contains (fields, field);
}

char *
tj_reveal_mask (const char *field,
                const char *value)
{
  if (value == NULL || *value == '\0')
    return g_strdup ("");
  if (g_strcmp0 (field, "id_number") == 0)
    return tj_mask_id_number (value);
  if (g_strcmp0 (field, "bank_account") == 0)
    return tj_mask_bank_account (value);
  if (g_strcmp0 (field, "address") == 0)
    {
      /* The district is enough to see where someone lives in a list; the
       * street and house number are what identifies them. */
      const char *end = value;
      for (int i = 0; i < 6 && *end; i++)
        end = g_utf8_next_char (end);
      if (*end == '\0' && g_utf8_strlen (value, -1) <= 6)
        return g_strdup ("****");
      return g_strdup_printf ("%.*s****", (int) (end - value), value);
    }
  return tj_mask_phone (value);
}

/* Only the numbers and the address are masked, so only they are revealed. */
static gboolean
check_field (const char  *field,
             GError     **error)
{
  if (tj_reveal_field_known (field))
    return TRUE;
  g_set_error (error, TJ_ERROR, TJ_ERROR_INVALID,
               _("%s: only a phone, an ID number, a bank account or an address is revealed"), field ? field : "");
  return FALSE;
}

char *
tj_reveal (TjStore             *store,
           const TjCaseContext *ctx,
           const char          *doc_id,
           const char          *field,
           const char          *reason,
           GError             **error)
{
  TjAuditEntry entry = { TJ_AUDIT_REVEAL, };
  g_autofree char *audit_id = NULL;
  g_autoptr(JsonObject) doc = NULL;
  g_autoptr(GError) local = NULL;
  JsonObject *holder = NULL;
  const char *type, *value;

  g_return_val_if_fail (TJ_IS_STORE (store), NULL);

  if (!check_field (field, error))
    return NULL;
  doc = doc_id ? tj_store_get (store, doc_id, NULL, TJ_GET_NONE, &local) : NULL;
  type = doc ? tj_json_get_string (doc, "type", "") : "";
  if (g_str_equal (type, "party"))
    holder = doc;
  else if (g_str_equal (type, "consultation"))
    holder = tj_json_get_object (doc, "worker");
  else if (doc == NULL && local && !g_error_matches (local, TJ_ERROR, TJ_ERROR_NOT_FOUND))
    {
      g_propagate_error (error, g_steal_pointer (&local));
      return NULL;
    }
  else
    {
      g_set_error (error, TJ_ERROR, TJ_ERROR_NOT_FOUND, _("There is no party or consultation %s"),
                   doc_id ? doc_id : "");
      return NULL;
    }

  value = holder ? tj_json_get_string (holder, field, NULL) : NULL;
  if (value == NULL || *value == '\0')
    {
      g_set_error (error, TJ_ERROR, TJ_ERROR_NOT_FOUND, _("%s: none was recorded"), tj_field_label (field));
      return NULL;
    }
  if (reason == NULL || *reason == '\0')
    {
      g_set_error (error, TJ_ERROR, TJ_ERROR_INVALID,
                   _("reason: say why the %s is shown in full (it is recorded)"), tj_field_label (field));
      return NULL;
    }
  /* No reveal without its record: when the audit document cannot be
   * written, the value is not given either. */
  entry.case_id = tj_json_get_string (doc, "case_id", NULL);
  entry.party_id = doc_id;
  entry.field = field;
  entry.reason = reason;
  entry.detail = tj_json_get_string (holder, "name", NULL);
  audit_id = tj_audit_record (store, ctx, &entry, error);
  if (audit_id == NULL)
    return NULL;
  return g_strdup (value);
}

gboolean
tj_reveal_record (TjStore             *store,
                  const TjCaseContext *ctx,
                  const char          *doc_id,
                  const char          *field,
                  const char          *reason,
                  GError             **error)
{
  TjAuditEntry entry = { TJ_AUDIT_REVEAL, };
  g_autofree char *audit_id = NULL;
  g_autofree char *why = NULL;
  g_autoptr(JsonObject) doc = NULL;
  g_autoptr(GError) local = NULL;
  JsonObject *holder;
  const char *type;

  g_return_val_if_fail (TJ_IS_STORE (store), FALSE);

  if (!check_field (field, error))
    return FALSE;
  why = reason ? g_strstrip (g_strdup (reason)) : NULL;
  if (why == NULL || *why == '\0')
    {
      g_set_error (error, TJ_ERROR, TJ_ERROR_INVALID,
                   _("reason: say why the %s is shown in full (it is recorded)"), tj_field_label (field));
      return FALSE;
    }
  doc = doc_id ? tj_store_get (store, doc_id, NULL, TJ_GET_NONE, &local) : NULL;
  if (doc == NULL)
    {
      if (local && !g_error_matches (local, TJ_ERROR, TJ_ERROR_NOT_FOUND))
        g_propagate_error (error, g_steal_pointer (&local));
      else
        g_set_error (error, TJ_ERROR, TJ_ERROR_NOT_FOUND, _("There is no document %s"), doc_id ? doc_id : "");
      return FALSE;
    }
  /* Whose number it is, for the log's line: a consultation keeps its
   * worker in a record, every other holder names itself. */
  type = tj_json_get_string (doc, "type", "");
  holder = g_str_equal (type, "consultation") && tj_json_get_object (doc, "worker")
             ? tj_json_get_object (doc, "worker") : doc;
  if (g_str_equal (type, "case"))
    {
      entry.case_id = doc_id;
      entry.detail = tj_json_get_string (doc, "title", tj_json_get_string (doc, "number", NULL));
    }
  else
    {
      entry.case_id = tj_json_get_string (doc, "case_id", NULL);
      entry.party_id = doc_id;
      entry.detail = tj_json_get_string (holder, "name", NULL);
    }
  entry.field = field;
  entry.reason = why;
  audit_id = tj_audit_record (store, ctx, &entry, error);
  return audit_id != NULL;
}

const char * const *
tj_reveal_common_reasons (void)
{
  static const char * const reasons[] = {
    N_("Call the worker back"),
    N_("Check the worker’s identity"),
    N_("Prepare the agreement or an application"),
    N_("Match a bank payment"),
    N_("The worker asked to see it"),
    NULL
  };
  return reasons;
}

/* The members of a person that lists and exports mask. */
static const char * const person_fields[] = { "id_number", "phone", "address", "bank_account", NULL };

static void
mask_person (JsonObject *person)
{
  for (guint i = 0; person_fields[i]; i++)
    {
      const char *value = tj_json_get_string (person, person_fields[i], NULL);
      if (value && *value)
        {
          g_autofree char *masked = tj_reveal_mask (person_fields[i], value);
          json_object_set_string_member (person, person_fields[i], masked);
        }
    }
}

static void
mask_people (JsonArray *people)
{
  for (guint i = 0; people && i < json_array_get_length (people); i++)
    {
      JsonNode *node = json_array_get_element (people, i);
      if (JSON_NODE_HOLDS_OBJECT (node))
        mask_person (json_node_get_object (node));
    }
}

gboolean
tj_reveal_case (TjStore             *store,
                const TjCaseContext *ctx,
                JsonObject          *shown,
                const char          *reason,
                GError             **error)
{
  TjAuditEntry entry = { TJ_AUDIT_REVEAL, };
  g_autofree char *audit_id = NULL;

  g_return_val_if_fail (TJ_IS_STORE (store), FALSE);
  g_return_val_if_fail (shown != NULL, FALSE);

  if (reason == NULL)
    {
      mask_people (tj_json_get_array (shown, "workers"));
      mask_people (tj_json_get_array (shown, "agents"));
      return TRUE;
    }
  entry.case_id = tj_json_get_string (shown, "id", NULL);
  entry.field = "case";
  entry.reason = reason;
  entry.detail = tj_json_get_string (shown, "number", NULL);
  audit_id = tj_audit_record (store, ctx, &entry, error);
  return audit_id != NULL;
}

static void
csv_field (GString    *out,
           const char *value,
           gboolean    first)
{
  if (!first)
    g_string_append_c (out, ',');
  if (value == NULL)
    return;
  /* A leading = + - @ would make a spreadsheet run the cell as a formula. */
  gboolean formula = value[0] != '\0' && strchr ("=+-@", value[0]) != NULL;
  if (strpbrk (value, ",\"\r\n") || formula)
    {
      g_string_append_c (out, '"');
      if (formula)
        g_string_append_c (out, '\'');
      for (const char *p = value; *p; p++)
        {
          if (*p == '"')
            g_string_append_c (out, '"');
          g_string_append_c (out, *p);
        }
      g_string_append_c (out, '"');
    }
  else
    g_string_append (out, value);
}

static char *
yuan (gint64 fen)
{
  return g_strdup_printf ("%s%" G_GINT64_FORMAT ".%02d", fen < 0 ? "-" : "", ABS (fen) / 100, (int) (ABS (fen) % 100));
}

GBytes *
tj_case_export_workers_csv (TjStore             *store,
                            const TjCaseContext *ctx,
                            const char          *case_id,
                            const char          *reason,
                            GError             **error)
{
  g_autoptr(JsonObject) shown = NULL;
  g_autofree char *audit_id = NULL;
  TjAuditEntry entry = { TJ_AUDIT_EXPORT, };
  GString *out;
  JsonArray *workers;

  g_return_val_if_fail (TJ_IS_STORE (store), NULL);

  g_autofree char *stripped = reason ? g_strstrip (g_strdup (reason)) : NULL;

  if (stripped && *stripped == '\0')
    {
      g_set_error (error, TJ_ERROR, TJ_ERROR_INVALID,
                   _("reason: say why the numbers are shown in full (it is recorded)"));
      return NULL;
    }
  shown = tj_case_show (store, ctx, case_id, error);
  if (shown == NULL)
    return NULL;
  if (reason == NULL && !tj_reveal_case (store, ctx, shown, NULL, error))
    return NULL;

  entry.case_id = case_id;
  entry.field = "workers";
  entry.reason = reason;
  entry.full = reason != NULL;
  entry.detail = tj_json_get_string (shown, "number", NULL);
  audit_id = tj_audit_record (store, ctx, &entry, error);
  if (audit_id == NULL)
    return NULL;

  out = g_string_new ("\xEF\xBB\xBF");
  csv_field (out, _("Name"), TRUE);
  csv_field (out, _("ID number"), FALSE);
  csv_field (out, _("Phone"), FALSE);
  csv_field (out, _("Job"), FALSE);
  csv_field (out, _("Monthly wage (yuan)"), FALSE);
  csv_field (out, _("Owed (yuan)"), FALSE);
  g_string_append (out, "\r\n");
  workers = tj_json_get_array (shown, "workers");
  for (guint i = 0; workers && i < json_array_get_length (workers); i++)
    {
      JsonObject *w = json_array_get_object_element (workers, i);
      g_autofree char *wage = json_object_has_member (w, "monthly_wage_fen")
                                ? yuan (tj_json_get_int (w, "monthly_wage_fen", 0)) : NULL;
      g_autofree char *owed = json_object_has_member (w, "owed_fen") ? yuan (tj_json_get_int (w, "owed_fen", 0)) : NULL;

      csv_field (out, tj_json_get_string (w, "name", NULL), TRUE);
      csv_field (out, tj_json_get_string (w, "id_number", NULL), FALSE);
      csv_field (out, tj_json_get_string (w, "phone", NULL), FALSE);
      csv_field (out, tj_json_get_string (w, "job", NULL), FALSE);
      csv_field (out, wage, FALSE);
      csv_field (out, owed, FALSE);
      g_string_append (out, "\r\n");
    }
  return g_string_free_to_bytes (out);
}
