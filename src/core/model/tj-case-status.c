/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Cases: the status workflow and the timeline. */
#define G_LOG_DOMAIN "Tiaojie-Case"

#include "tj-case-private.h"
#include "tj-audit.h"
#include "tj-consent.h"
#include "tj-calendar.h"
#include "tj-check.h"
#include "tj-csv.h"
#include "tj-deadline.h"
#include "tj-i18n.h"
#include "tj-json.h"
#include "tj-money.h"
#include "tj-validate.h"


/* ------------------------------------------------------------------ */
/* Status                                                               */

gboolean
tj_case_status_allowed (const char *from,
                        const char *to)
{
  static const struct { const char *from; const char * const to[6]; } moves[] = {
    { "intake",     { "accepted", "withdrawn", "referred", NULL } },
    { "accepted",   { "mediating", "withdrawn", "referred", "failed", NULL } },
    { "mediating",  { "agreed", "failed", "withdrawn", "referred", NULL } },
    { "agreed",     { "performing", "closed", "failed", "referred", NULL } },
    { "performing", { "closed", "failed", "referred", NULL } },
    { "failed",     { "referred", "closed", NULL } },
    { "referred",   { "closed", NULL } },
    { "withdrawn",  { "closed", NULL } },
    { "closed",     { NULL } },
  };
  for (guint i = 0; i < G_N_ELEMENTS (moves); i++)
    if (g_strcmp0 (moves[i].from, from) == 0)
      return _tj_case_in_list (to, moves[i].to);
  return FALSE;
}

gboolean
tj_case_set_status (TjStore             *store,
                    const TjCaseContext *ctx,
                    const char          *id,
                    const char          *new_status,
                    const char          *reason,
                    const char          *referred_to,
                    GError             **error)
{
  g_autoptr(JsonObject) doc = NULL;
  g_autoptr(JsonObject) extra = NULL;
  g_autofree char *today = tj_date_today_iso (ctx ? ctx->today : NULL);
  g_autofree char *rev = NULL;
  g_autofree char *text = NULL;
  g_autofree char *from = NULL;

  g_return_val_if_fail (TJ_IS_STORE (store), FALSE);

  if (!tj_enum_from_nick (TJ_TYPE_CASE_STATUS, new_status, NULL))
    {
      g_set_error (error, TJ_ERROR, TJ_ERROR_INVALID,
                   _("“%s” is not a case status (intake, accepted, mediating, agreed, performing, closed, failed, referred, withdrawn)"),
                   new_status ? new_status : "");
      return FALSE;
    }
  if (g_strcmp0 (new_status, "referred") == 0 && !tj_enum_from_nick (TJ_TYPE_REFERRAL_TARGET, referred_to, NULL))
    {
      g_set_error (error, TJ_ERROR, TJ_ERROR_INVALID,
                   _("A referral needs its destination: arbitration, court, labour_inspection or legal_aid"));
      return FALSE;
    }
  if (reason == NULL || *reason == '\0')
    {
      g_set_error (error, TJ_ERROR, TJ_ERROR_INVALID, _("Give the reason for the change of status"));
      return FALSE;
    }
  if (!tj_case_attach (store, error) || !tj_store_begin (store, error))
    return FALSE;

  doc = tj_case_get_doc (store, id, error);
  if (doc == NULL)
    goto fail;
  from = g_strdup (tj_json_get_string (doc, "status", "intake"));
  if (!tj_case_status_allowed (from, new_status))
    {
      g_set_error (error, TJ_ERROR, TJ_ERROR_CONFLICT,
                   _("A case that is “%s” cannot become “%s”"),
                   tj_case_status_label (from), tj_case_status_label (new_status));
      goto fail;
    }

  json_object_set_string_member (doc, "status", new_status);
  if (g_str_equal (new_status, "accepted") && !json_object_has_member (doc, "accepted_on"))
    json_object_set_string_member (doc, "accepted_on", today);
  if (g_str_equal (new_status, "agreed") && !json_object_has_member (doc, "agreement_effective_on"))
    json_object_set_string_member (doc, "agreement_effective_on", today);
  if (g_str_equal (new_status, "closed") || g_str_equal (new_status, "withdrawn"))
    json_object_set_string_member (doc, "closed_on", today);
  /* Kept when the case is closed later: the limitation runs again from
   * the withdrawal (劳动争议调解仲裁法 §27 ¶2). */
  if (g_str_equal (new_status, "withdrawn"))
    json_object_set_string_member (doc, "withdrawn_on", today);
  if (g_str_equal (new_status, "failed") || g_str_equal (new_status, "referred"))
    json_object_set_string_member (doc, "ended_on", today);
  if (referred_to)
    json_object_set_string_member (doc, "referred_to", referred_to);
  rev = tj_store_put (store, doc, NULL, error);
  if (rev == NULL)
    goto fail;

  extra = json_object_new ();
  json_object_set_string_member (extra, "from_status", from);
  json_object_set_string_member (extra, "to_status", new_status);
  json_object_set_string_member (extra, "reason", reason);
  if (referred_to)
    json_object_set_string_member (extra, "referred_to", referred_to);
  text = g_strdup_printf (_("Status: %s → %s"), tj_case_status_label (from), tj_case_status_label (new_status));
  if (!tj_case_add_event (store, ctx, id, "status", text, extra, error))
    goto fail;
  return tj_store_commit (store, error);

fail:
  tj_store_rollback (store);
  return FALSE;
}

static JsonArray *
timeline (TjStore     *store,
          const char  *case_id,
          gboolean     with_audit,
          GError     **error)
{
  g_autoptr(JsonArray) ids = NULL;
  JsonArray *out;

  if (!tj_case_attach (store, error))
    return NULL;
  /* With the access log's entries of the case (tj-audit.h), merged by
   * time. */
  ids = _tj_case_child_ids (store, case_id, with_audit ? NULL : "event", TRUE, error);
  if (ids == NULL)
    return NULL;
  out = json_array_new ();
  for (guint i = 0; i < json_array_get_length (ids); i++)
    {
      g_autoptr(JsonObject) e = tj_store_get (store, json_array_get_string_element (ids, i), NULL,
                                              TJ_GET_NONE, NULL);
      JsonObject *row;

      if (e == NULL)
        continue;
      row = _tj_case_public_copy (e);
      if (g_strcmp0 (tj_json_get_string (e, "type", NULL), "audit") == 0)
        {
          g_autofree char *text = tj_audit_describe (e);
          json_object_set_string_member (row, "kind", "audit");
          json_object_set_string_member (row, "audit_action", tj_json_get_string (e, "action", ""));
          json_object_set_string_member (row, "text", text);
        }
      json_array_add_object_element (out, row);
    }
  return out;
}

JsonArray *
tj_case_timeline (TjStore     *store,
                  const char  *case_id,
                  GError     **error)
{
  return timeline (store, case_id, FALSE, error);
}

JsonArray *
tj_case_timeline_full (TjStore     *store,
                       const char  *case_id,
                       GError     **error)
{
  return timeline (store, case_id, TRUE, error);
}
