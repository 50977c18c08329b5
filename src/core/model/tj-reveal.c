/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Tiaojie-Reveal"

#include "tj-reveal.h"
#include "tj-field-labels.h"
#include "tj-i18n.h"
#include "tj-json.h"
#include "tj-validate.h"

static const char * const fields[] = { "phone", "id_number", "bank_account", NULL };

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
  return tj_mask_phone (value);
}

char *
tj_reveal (TjStore             *store,
           const TjCaseContext *ctx,
           const char          *doc_id,
           const char          *field,
           GError             **error)
{
  g_autoptr(JsonObject) doc = NULL;
  g_autoptr(GError) local = NULL;
  JsonObject *holder = NULL;
  const char *type, *value;

  g_return_val_if_fail (TJ_IS_STORE (store), NULL);

  if (!tj_reveal_field_known (field))
    {
      g_set_error (error, TJ_ERROR, TJ_ERROR_INVALID,
                   _("%s: only a phone, an ID number or a bank account is revealed"), field ? field : "");
      return NULL;
    }
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
  /* Here the reason for the reveal and its audit record will be added. */
  (void) ctx;
  return g_strdup (value);
}
