/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Tiaojie-Session"

/* Notes taken in a meeting, their release to both sides with consent,
 * and the positions and interests gathered from them. See tj-session.h. */

#include <string.h>

#include "tj-calendar.h"
#include "tj-error.h"
#include "tj-i18n.h"
#include "tj-time.h"
#include "tj-json.h"
#include "tj-money.h"
#include "tj-session.h"
#include "tj-session-private.h"
#include "tj-settlement.h"
#include "tj-validate.h"

/* ------------------------------------------------------------------ */
/* Notes                                                                */

JsonObject *
tj_session_note_add (TjStore             *store,
                     const TjCaseContext *ctx,
                     const char          *session_id,
                     JsonObject          *input,
                     GError             **error)
{
  g_autoptr(JsonObject) session = NULL;
  g_autoptr(JsonObject) doc = NULL;
  g_autofree char *at = tj_timestamp_now ();
  const char *visibility, *category, *side;

  g_return_val_if_fail (TJ_IS_STORE (store), NULL);
  g_return_val_if_fail (input != NULL, NULL);

  session = _tj_session_get_session (store, session_id, error);
  if (session == NULL)
    return NULL;
  if (!_tj_session_check_text (input, "text", "text", error))
    return NULL;
  visibility = tj_json_get_string (input, "visibility",
                                   g_strcmp0 (tj_json_get_string (session, "kind", NULL), "joint") == 0
                                     ? "joint" : "caucus");
  if (!_tj_session_in_list (visibility, (const char *[]) { "caucus", "joint", NULL }))
    {
      tj_set_invalid (error, "visibility", _("visibility: “%s” is not caucus or joint"), visibility);
      return NULL;
    }
  category = tj_json_get_string (input, "category", "note");
  if (!_tj_session_in_list (category, (const char *[]) { "note", "position", "interest", NULL }))
    {
      tj_set_invalid (error, "category", _("category: “%s” is not note, position or interest"), category);
      return NULL;
    }
  side = tj_json_get_string (input, "party_side", tj_json_get_string (session, "party_side", NULL));
  if (side && !_tj_session_in_list (side, _tj_session_sides))
    {
      tj_set_invalid (error, "party_side", _("party_side: “%s” is not worker or employer"), side);
      return NULL;
    }

  doc = json_object_new ();
  json_object_set_string_member (doc, "type", "note");
  json_object_set_string_member (doc, "session_id", session_id);
  json_object_set_string_member (doc, "case_id", tj_json_get_string (session, "case_id", ""));
  json_object_set_string_member (doc, "text", tj_json_get_string (input, "text", ""));
  json_object_set_string_member (doc, "visibility", visibility);
  json_object_set_string_member (doc, "category", category);
  if (side)
    json_object_set_string_member (doc, "party_side", side);
  json_object_set_string_member (doc, "created_at", at);
  json_object_set_string_member (doc, "updated_at", at);
  if (ctx && ctx->actor && *ctx->actor)
    json_object_set_string_member (doc, "author", ctx->actor);
  if (!_tj_session_put_doc (store, doc, NULL, error))
    return NULL;
  return _tj_session_private_copy (doc);
}

gboolean
tj_session_note_update (TjStore     *store,
                        const char  *note_id,
                        const char  *text,
                        GError     **error)
{
  g_autoptr(JsonObject) doc = NULL;
  g_autofree char *at = NULL;

  g_return_val_if_fail (TJ_IS_STORE (store), FALSE);

  if (text == NULL)
    {
      tj_set_invalid (error, "text", _("text: give the note's text"));
      return FALSE;
    }
  doc = _tj_session_get_typed (store, note_id, "note", _("note"), error);
  if (doc == NULL)
    return FALSE;
  if (g_strcmp0 (tj_json_get_string (doc, "text", NULL), text) == 0)
    return TRUE; /* autosave with nothing new: no revision */
  /* The party consented to this text being shown; another text would be
   * shown without consent. */
  if (json_object_has_member (doc, "released_at"))
    {
      g_set_error (error, TJ_ERROR, TJ_ERROR_CONFLICT,
                   _("This note was released with consent; its text can no longer change. Add a new note instead."));
      return FALSE;
    }
  at = tj_timestamp_now ();
  json_object_set_string_member (doc, "text", text);
  json_object_set_string_member (doc, "updated_at", at);
  return _tj_session_put_doc (store, doc, NULL, error);
}

JsonObject *
tj_session_release_note (TjStore             *store,
                         const TjCaseContext *ctx,
                         const char          *note_id,
                         const char          *consent_of,
                         GError             **error)
{
  g_autoptr(JsonObject) doc = NULL;
  g_autoptr(JsonObject) extra = NULL;
  g_autoptr(GPtrArray) parties = NULL;
  g_autofree char *at = tj_timestamp_now ();
  g_autofree char *text = NULL;
  const char *side, *case_id, *consent_name;

  g_return_val_if_fail (TJ_IS_STORE (store), NULL);

  doc = _tj_session_get_typed (store, note_id, "note", _("note"), error);
  if (doc == NULL)
    return NULL;
  if (g_strcmp0 (tj_json_get_string (doc, "visibility", NULL), "caucus") != 0)
    {
      g_set_error (error, TJ_ERROR, TJ_ERROR_INVALID, _("This note is already shared with both sides"));
      return NULL;
    }
  if (json_object_has_member (doc, "released_at"))
    {
      g_set_error (error, TJ_ERROR, TJ_ERROR_CONFLICT, _("This note was already released on %s"),
                   tj_json_get_string (doc, "released_at", ""));
      return NULL;
    }
  side = tj_json_get_string (doc, "party_side", NULL);
  case_id = tj_json_get_string (doc, "case_id", "");
  if (consent_of == NULL || *consent_of == '\0')
    consent_of = side;
  if (consent_of == NULL)
    {
      tj_set_invalid (error, "consent_of",
                   _("consent_of: name the party whose consent allows this note to be shown"));
      return NULL;
    }
  consent_name = _tj_session_side_label (consent_of);
  if (_tj_session_in_list (consent_of, _tj_session_sides))
    {
      if (side && !g_str_equal (consent_of, side))
        {
          tj_set_invalid (error, "consent_of",
                       _("consent_of: this note belongs to the %s; only that side can consent to showing it"),
                       _tj_session_side_label (side));
          return NULL;
        }
    }
  else
    {
      JsonObject *party;
      parties = _tj_session_children (store, case_id, "party", error);
      if (parties == NULL)
        return NULL;
      party = _tj_session_find_party (parties, consent_of);
      if (party == NULL)
        {
          tj_set_invalid (error, "consent_of", _("consent_of: %s is not a party of this case"), consent_of);
          return NULL;
        }
      if (side && g_strcmp0 (_tj_session_side_of_party (party), side) != 0)
        {
          tj_set_invalid (error, "consent_of",
                       _("consent_of: this note belongs to the %s; only that side can consent to showing it"),
                       _tj_session_side_label (side));
          return NULL;
        }
      consent_name = tj_json_get_string (party, "name", consent_of);
    }

  if (!tj_store_begin (store, error))
    return NULL;
  json_object_set_string_member (doc, "released_at", at);
  json_object_set_string_member (doc, "released_with_consent_of", consent_of);
  /* A party's name is stored; a side is named when read, in the reader's
   * language. */
  if (!_tj_session_in_list (consent_of, _tj_session_sides))
    json_object_set_string_member (doc, "released_consent_name", consent_name);
  if (ctx && ctx->actor && *ctx->actor)
    json_object_set_string_member (doc, "released_by", ctx->actor);
  if (!_tj_session_put_doc (store, doc, NULL, error))
    goto fail;
  /* The timeline says that and by whose consent, never what: the timeline
   * is read by more people than the note's readers. */
  extra = json_object_new ();
  json_object_set_string_member (extra, "note_id", note_id);
  json_object_set_string_member (extra, "session_id", tj_json_get_string (doc, "session_id", ""));
  json_object_set_string_member (extra, "consent_of", consent_of);
  text = g_strdup_printf (_("A separate-session note was shown to both sides with the consent of %s"), consent_name);
  if (!tj_case_add_event (store, ctx, case_id, "note_released", text, extra, error))
    goto fail;
  /* A commit that fails has rolled back already. */
  if (!tj_store_commit (store, error))
    return NULL;
  return _tj_session_private_copy (doc);

fail:
  tj_store_rollback (store);
  return NULL;
}

JsonObject *
_tj_session_interests (TjStore     *store,
                      const char  *case_id,
                      GError     **error)
{
  g_autoptr(GPtrArray) notes = NULL;
  static const char * const groups[] = { "worker", "employer", "unassigned", NULL };
  JsonObject *out;

  g_return_val_if_fail (TJ_IS_STORE (store), NULL);

  notes = _tj_session_children (store, case_id, "note", error);
  if (notes == NULL)
    return NULL;
  out = json_object_new ();
  for (guint g = 0; groups[g]; g++)
    {
      JsonObject *side = json_object_new ();
      json_object_set_array_member (side, "positions", json_array_new ());
      json_object_set_array_member (side, "interests", json_array_new ());
      json_object_set_object_member (out, groups[g], side);
    }
  for (guint i = 0; i < notes->len; i++)
    {
      JsonObject *n = notes->pdata[i];
      const char *category = tj_json_get_string (n, "category", "note");
      const char *side = tj_json_get_string (n, "party_side", NULL);
      JsonObject *group = tj_json_get_object (out, _tj_session_in_list (side, _tj_session_sides) ? side : "unassigned");
      if (g_str_equal (category, "position"))
        json_array_add_object_element (tj_json_get_array (group, "positions"), _tj_session_private_copy (n));
      else if (g_str_equal (category, "interest"))
        json_array_add_object_element (tj_json_get_array (group, "interests"), _tj_session_private_copy (n));
    }
  return out;
}
