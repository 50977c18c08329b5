/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Tiaojie-Consent"

#include "tj-consent.h"

#include "tj-audit.h"
#include "tj-i18n.h"
#include "tj-json.h"

const char *
tj_consent_default_wording (void)
{
  return "本中心为办理您的劳动争议调解，需要收集和使用您的姓名、身份证号、联系电话、住址、"
         "工资及银行账户等个人信息（其中身份证号、银行账户属于敏感个人信息），"
         "仅用于本案的受理、调解、制作文书、支付及回访，并按规定报送上级工会和法律援助机构；"
         "未经您同意不向其他单位或个人提供。结案后按规定期限保存，期满归档。"
         "您可以查阅、更正您的信息。您是否同意？";
}

char *
tj_consent_record (TjStore             *store,
                   const TjCaseContext *ctx,
                   const char          *case_id,
                   const char          *wording,
                   const char          *given_by,
                   GError             **error)
{
  g_autoptr(JsonObject) c = NULL;
  g_autoptr(JsonObject) doc = NULL;
  g_autofree char *rev = NULL;
  g_autofree char *text = g_strstrip (g_strdup (wording ? wording : ""));
  char *id = NULL;

  g_return_val_if_fail (TJ_IS_STORE (store), NULL);

  if (*text == '\0')
    {
      g_set_error (error, TJ_ERROR, TJ_ERROR_INVALID,
                   _("consent.wording: say what the worker was told about the use of their data"));
      return NULL;
    }
  c = case_id ? tj_store_get (store, case_id, NULL, TJ_GET_NONE, NULL) : NULL;
  if (c == NULL || g_strcmp0 (tj_json_get_string (c, "type", NULL), "case") != 0)
    {
      g_set_error (error, TJ_ERROR, TJ_ERROR_NOT_FOUND, _("There is no case %s"), case_id ? case_id : "");
      return NULL;
    }
  doc = json_object_new ();
  json_object_set_string_member (doc, "type", "consent");
  json_object_set_string_member (doc, "case_id", case_id);
  json_object_set_string_member (doc, "wording", text);
  if (given_by && *given_by)
    json_object_set_string_member (doc, "given_by", given_by);
  if (ctx && ctx->actor && *ctx->actor)
    json_object_set_string_member (doc, "recorded_by", ctx->actor);
  tj_audit_stamp (doc);
  rev = tj_store_put (store, doc, &id, error);
  if (rev == NULL)
    g_clear_pointer (&id, g_free);
  return id;
}

JsonObject *
tj_consent_summary (TjStore     *store,
                    const char  *case_id,
                    GError     **error)
{
  g_autofree char *newest = NULL;
  g_autoptr(JsonObject) doc = NULL;
  JsonObject *out = json_object_new ();
  sqlite3_stmt *st;

  g_return_val_if_fail (TJ_IS_STORE (store), NULL);

  /* case_children is the case index's (tj_case_attach()). */
  st = tj_store_statement (store, "SELECT id FROM case_children WHERE case_id = ? AND type = 'consent' "
                                  "ORDER BY sort_key DESC, id LIMIT 1", error);
  if (st == NULL)
    {
      json_object_unref (out);
      return NULL;
    }
  sqlite3_bind_text (st, 1, case_id, -1, SQLITE_STATIC);
  if (sqlite3_step (st) == SQLITE_ROW)
    newest = g_strdup (tj_store_column_text (st, 0));
  sqlite3_reset (st);
  doc = newest ? tj_store_get (store, newest, NULL, TJ_GET_NONE, NULL) : NULL;
  json_object_set_boolean_member (out, "given", doc != NULL);
  if (doc)
    {
      static const char * const members[] = { "on", "at", "given_by", "recorded_by", "wording", NULL };
      json_object_set_string_member (out, "id", newest);
      for (guint i = 0; members[i]; i++)
        if (tj_json_get_string (doc, members[i], NULL))
          json_object_set_string_member (out, members[i], tj_json_get_string (doc, members[i], NULL));
    }
  return out;
}
