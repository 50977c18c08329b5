/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Tiaojie-Session"

/* The session model's writes as jobs of the repository's worker: each is
 * the core call in its own transaction, on the worker's connection, with
 * copies of what the model asked (see tj-session-model.c). Apart from the
 * model so that tj-session-model.c stays about what is shown. */

#include "tj-json.h"
#include "tj-session-model-private.h"

void
_tj_session_write_free (gpointer data)
{
  TjSessionWrite *job = data;

  g_free (job->case_id);
  g_free (job->id);
  g_free (job->arg);
  g_free (job->reason);
  g_clear_pointer (&job->input, json_object_unref);
  g_strfreev (job->parties);
  g_clear_pointer (&job->result, json_object_unref);
  g_free (job);
}

TjSessionWrite *
_tj_session_write_new (TjSessionWriteKind   kind,
                       const TjCaseContext *ctx,
                       const char          *case_id,
                       const char          *id,
                       JsonObject          *input)
{
  TjSessionWrite *job = g_new0 (TjSessionWrite, 1);

  job->kind = kind;
  job->ctx = *ctx;
  job->case_id = g_strdup (case_id);
  job->id = g_strdup (id);
  job->input = input ? tj_json_object_copy (input) : NULL;
  return job;
}

/* Ends the meeting @job->id, or opens a short joint one to record the
 * outcome at when every meeting has ended (no id): one transaction. */
static JsonObject *
end_run (TjStore  *store,
         TjSessionWrite *job,
         GError  **error)
{
  g_autoptr(JsonObject) started = NULL;
  const char *id = job->id;
  JsonObject *result;

  if (!tj_store_begin (store, error))
    return NULL;
  if (id == NULL)
    {
      g_autoptr(JsonObject) input = json_object_new ();
      json_object_set_string_member (input, "case_id", job->case_id);
      json_object_set_string_member (input, "kind", "joint");
      started = tj_session_start (store, &job->ctx, input, error);
      if (started == NULL)
        goto fail;
      id = tj_json_get_string (started, "id", NULL);
    }
  result = tj_session_end (store, &job->ctx, id, job->arg, job->reason, job->input, error);
  if (result == NULL)
    goto fail;
  /* A commit that fails has rolled the transaction back itself. */
  if (!tj_store_commit (store, error))
    g_clear_pointer (&result, json_object_unref);
  return result;

fail:
  tj_store_rollback (store);
  return NULL;
}

/* Who is present, as stored now, with @job->parties marked: read and
 * written in one transaction, so that two ticks in a row both count
 * (each changes what the one before wrote, not what was on screen). */
static JsonObject *
present_run (TjStore  *store,
             TjSessionWrite *job,
             GError  **error)
{
  g_autoptr(JsonObject) session = NULL;
  g_autoptr(JsonObject) patch = json_object_new ();
  JsonArray *stored, *ids = json_array_new ();
  JsonObject *result;

  json_object_set_array_member (patch, "attendance", ids);
  if (!tj_store_begin (store, error))
    return NULL;
  session = tj_session_show (store, &job->ctx, job->id, error);
  if (session == NULL)
    goto fail;
  stored = tj_json_get_array (session, "attendance");
  for (guint i = 0; stored && i < json_array_get_length (stored); i++)
    {
      const char *party = json_array_get_string_element (stored, i);
      if (party && !g_strv_contains ((const char * const *) job->parties, party))
        json_array_add_string_element (ids, party);
    }
  for (guint i = 0; job->present && job->parties[i]; i++)
    json_array_add_string_element (ids, job->parties[i]);
  result = tj_session_update (store, &job->ctx, job->id, patch, error);
  if (result == NULL)
    goto fail;
  /* A commit that fails has rolled the transaction back itself. */
  if (!tj_store_commit (store, error))
    g_clear_pointer (&result, json_object_unref);
  return result;

fail:
  tj_store_rollback (store);
  return NULL;
}

/* On the worker: the core call, in its own transaction. */
gboolean
_tj_session_write_run (TjStore  *store,
                       gpointer  data,
                       GError  **error)
{
  TjSessionWrite *job = data;

  switch (job->kind)
    {
    case TJ_SESSION_WRITE_START:
      job->result = tj_session_start_meeting (store, &job->ctx, job->input, error);
      break;
    case TJ_SESSION_WRITE_UPDATE:
      job->result = tj_session_update (store, &job->ctx, job->id, job->input, error);
      break;
    case TJ_SESSION_WRITE_TIMER:
      job->result = tj_session_timer (store, job->id, job->arg, NULL, error);
      break;
    case TJ_SESSION_WRITE_NOTE:
      job->result = tj_session_note_add (store, &job->ctx, job->id, job->input, error);
      break;
    case TJ_SESSION_WRITE_RELEASE:
      job->result = tj_session_release_note (store, &job->ctx, job->id, job->arg, error);
      break;
    case TJ_SESSION_WRITE_OFFER:
      job->result = tj_session_offer_add (store, &job->ctx, job->id, job->input, error);
      break;
    case TJ_SESSION_WRITE_END:
      job->result = end_run (store, job, error);
      break;
    case TJ_SESSION_WRITE_PRESENT:
      job->result = present_run (store, job, error);
      break;
    default:
      g_assert_not_reached ();
    }
  return job->result != NULL;
}
