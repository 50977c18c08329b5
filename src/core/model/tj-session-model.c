/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Tiaojie-Session"

/* The session window's model. See tj-session-model.h.
 *
 * Everything is read on the main thread through the core calls: a case's
 * mediation is a few dozen small documents, read in well under a frame.
 * A reload announces only what changed (JSON compared as text), so the
 * echo of the model's own write through "changed" costs nothing on
 * screen. */

#include "tj-error.h"
#include "tj-i18n.h"
#include "tj-json.h"
#include "tj-session-model.h"
#include "tj-session-model-private.h"
#include "tj-settlement.h"

struct _TjSessionModel
{
  GObject               parent_instance;

  TjRepository         *repository;
  char                 *case_id;
  char                 *step;
  gboolean              reveal;
  gboolean              presenting;
  gulong                changed_id;

  TjContext            *context;

  JsonObject           *case_doc;
  JsonArray            *sessions;     /* tj_session_list(): step → meeting */
  JsonObject           *view;
  JsonObject           *session;
  JsonObject           *figures;
  JsonObject           *guidance;
  JsonObject           *settlement;
  JsonArray            *next_steps;
  TjAudience            audience;

  GListStore           *lists[9];
  GListStore           *issues;
};

G_DEFINE_FINAL_TYPE (TjSessionModel, tj_session_model, G_TYPE_OBJECT)

static const char * const list_names[] = {
  "flow", "checklist", "attendance", "main-note", "shared-notes", "interests", "meetings", "moves",
  "bottom-lines",
};
enum { FLOW, CHECKLIST, ATTENDANCE, MAIN_NOTE, SHARED_NOTES, INTERESTS, MEETINGS, MOVES, BOTTOM_LINES };

enum {
  PROP_0,
  PROP_REPOSITORY,
  PROP_CASE_ID,
  PROP_STEP,
  PROP_REVEAL_PRIVATE,
  PROP_PRESENTING,
  PROP_AUDIENCE,
  PROP_CAN_REVEAL,
  PROP_HIDING_PRIVATE,
  PROP_CASE_NUMBER,
  PROP_CASE_TITLE,
  PROP_CASE_STATUS,
  PROP_COLLECTIVE,
  PROP_SESSION,
  PROP_HAS_SESSION,
  PROP_SESSION_OPEN,
  PROP_SESSION_TITLE,
  PROP_VIEW,
  PROP_FIGURES,
  PROP_GUIDANCE,
  PROP_SETTLEMENT,
  PROP_NEXT_STEPS,
  PROP_TIMER_RUNNING,
  PROP_ISSUES,
  PROP_LIST_FIRST,
  N_PROPS = PROP_LIST_FIRST + G_N_ELEMENTS (list_names)
};

static GParamSpec *properties[N_PROPS];

/* ------------------------------------------------------------ helpers */

static TjStore *
store_of (TjSessionModel *self)
{
  return tj_repository_get_store (self->repository);
}

void
tj_session_model_get_context (TjSessionModel *self,
                              TjCaseContext  *ctx)
{
  g_return_if_fail (TJ_IS_SESSION_MODEL (self));

  if (self->context)
    tj_context_fill_case_context (self->context, ctx);
  else
    tj_case_context_init_defaults (ctx);
}

/* Which step of the method a meeting belongs to, as tj_session_flow()
 * counts it (the first round alone per side, later rounds shuttle). */
static const char *
step_of_meeting (JsonObject *session)
{
  const char *kind = tj_json_get_string (session, "kind", "");

  if (g_str_equal (kind, "joint"))
    return "joint";
  if (tj_json_get_int (session, "round", 1) > 1)
    return "shuttle";
  return g_strcmp0 (tj_json_get_string (session, "party_side", ""), "employer") == 0
           ? "separate_employer" : "separate_worker";
}

static JsonObject *
meeting_for_step (TjSessionModel *self,
                  const char     *step)
{
  guint n = self->sessions ? json_array_get_length (self->sessions) : 0;

  if (g_strcmp0 (step, "preparation") == 0 || g_strcmp0 (step, "outcome") == 0)
    return NULL;
  for (guint i = n; i > 0; i--)
    {
      JsonObject *s = json_array_get_object_element (self->sessions, i - 1);
      if (g_strcmp0 (step_of_meeting (s), step) == 0)
        return s;
    }
  return NULL;
}

/* The one rule of who looks: the parties' screen up, or the joint step
 * without a deliberate reveal, is the table. */
static TjAudience
audience_for (TjSessionModel *self)
{
  if (self->presenting)
    return TJ_AUDIENCE_TABLE;
  if (g_strcmp0 (self->step, "joint") == 0 && !self->reveal)
    return TJ_AUDIENCE_TABLE;
  return TJ_AUDIENCE_MEDIATOR;
}

static gboolean
same_json (JsonNode *a,
           JsonNode *b)
{
  g_autofree char *x = a ? tj_json_to_string (a, FALSE) : NULL;
  g_autofree char *y = b ? tj_json_to_string (b, FALSE) : NULL;
  return g_strcmp0 (x, y) == 0;
}

/* Takes @value; announces @prop when it differs from what was there. */
static void
take_object (TjSessionModel  *self,
             JsonObject     **field,
             JsonObject      *value,
             guint            prop)
{
  g_autoptr(JsonNode) a = *field ? json_node_init_object (json_node_alloc (), *field) : NULL;
  g_autoptr(JsonNode) b = value ? json_node_init_object (json_node_alloc (), value) : NULL;
  gboolean same = same_json (a, b);

  g_clear_pointer (field, json_object_unref);
  *field = value;
  if (!same)
    g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
}

static const char *
session_id_of (TjSessionModel *self)
{
  return self->session ? tj_json_get_string (self->session, "id", NULL) : NULL;
}

/* ------------------------------------------------------------- reload */

gboolean
tj_session_model_reload (TjSessionModel  *self,
                         GError         **error)
{
  TjStore *store = store_of (self);
  g_autoptr(JsonObject) case_doc = NULL;
  g_autoptr(JsonArray) sessions = NULL;
  g_autoptr(JsonArray) flow = NULL;
  g_autoptr(JsonObject) view = NULL;
  g_autoptr(JsonObject) table = NULL;
  g_autoptr(JsonObject) guidance = NULL;
  g_autoptr(JsonObject) settlement = NULL;
  g_autoptr(JsonArray) next_steps = NULL;
  g_autoptr(GError) local = NULL;
  JsonObject *meeting, *figures, *session = NULL;
  TjAudience audience = audience_for (self);
  TjCaseContext ctx;
  const char *status;
  GPtrArray *rows[G_N_ELEMENTS (list_names)];
  g_autoptr(GPtrArray) issues = NULL;

  g_return_val_if_fail (TJ_IS_SESSION_MODEL (self), FALSE);

  tj_session_model_get_context (self, &ctx);
  case_doc = tj_case_show (store, &ctx, self->case_id, error);
  sessions = case_doc ? tj_session_list (store, self->case_id, error) : NULL;
  flow = sessions ? tj_session_flow (store, self->case_id, error) : NULL;
  if (flow == NULL)
    return FALSE;

  g_object_freeze_notify (G_OBJECT (self));
  g_clear_pointer (&self->sessions, json_array_unref);
  self->sessions = json_array_ref (sessions);
  if (self->step == NULL)
    {
      /* Open at the meeting in progress, else at the suggested step. */
      for (guint i = 0; i < json_array_get_length (flow) && self->step == NULL; i++)
        if (tj_json_get_bool (json_array_get_object_element (flow, i), "current", FALSE))
          self->step = g_strdup (tj_json_get_string (json_array_get_object_element (flow, i), "step", NULL));
      for (guint i = 0; i < json_array_get_length (flow) && self->step == NULL; i++)
        if (tj_json_get_bool (json_array_get_object_element (flow, i), "suggested", FALSE))
          self->step = g_strdup (tj_json_get_string (json_array_get_object_element (flow, i), "step", NULL));
      if (self->step == NULL)
        self->step = g_strdup ("preparation");
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STEP]);
      audience = audience_for (self);
    }

  meeting = meeting_for_step (self, self->step);
  view = tj_session_view (store, &ctx, self->case_id, meeting ? tj_json_get_string (meeting, "id", NULL) : NULL,
                          audience, error);
  /* What the table sees, for "shared at the table" whoever looks. */
  table = view && audience != TJ_AUDIENCE_TABLE
            ? tj_session_view (store, &ctx, self->case_id, NULL, TJ_AUDIENCE_TABLE, error)
            : (view ? json_object_ref (view) : NULL);
  if (table == NULL)
    {
      g_object_thaw_notify (G_OBJECT (self));
      return FALSE;
    }
  if (tj_json_get_object (view, "session"))
    session = json_object_ref (tj_json_get_object (view, "session"));
  guidance = session && tj_json_get_object (session, "guidance")
               ? tj_json_object_copy (tj_json_get_object (session, "guidance"))
               : tj_session_guidance (store, &ctx, self->case_id, self->step, NULL, &local);
  if (guidance == NULL)
    g_debug ("No guidance for %s: %s", self->step, local->message);
  g_clear_error (&local);
  status = tj_json_get_string (case_doc, "status", "");
  if (g_strv_contains ((const char *[]) { "agreed", "performing", "closed", NULL }, status))
    {
      settlement = tj_settlement_get (store, &ctx, self->case_id, &local);
      if (settlement == NULL && !g_error_matches (local, TJ_ERROR, TJ_ERROR_NOT_FOUND))
        g_debug ("Settlement of the case not read: %s", local->message);
      g_clear_error (&local);
    }
  else if (g_str_equal (status, "failed"))
    {
      next_steps = tj_session_next_steps (store, &ctx, self->case_id, &local);
      g_clear_error (&local);
    }
  figures = json_object_new ();
  json_object_set_string_member (figures, "audience", tj_audience_to_string (audience));
  json_object_set_array_member (figures, "issues", json_array_ref (tj_json_get_array (view, "issues")));

  /* Everything read: now change what is announced. */
  if (self->audience != audience)
    {
      self->audience = audience;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_AUDIENCE]);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HIDING_PRIVATE]);
    }
  take_object (self, &self->case_doc, g_steal_pointer (&case_doc), PROP_CASE_STATUS);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CASE_NUMBER]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CASE_TITLE]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_COLLECTIVE]);
  take_object (self, &self->session, session, PROP_SESSION);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HAS_SESSION]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SESSION_OPEN]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SESSION_TITLE]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TIMER_RUNNING]);
  take_object (self, &self->figures, figures, PROP_FIGURES);
  rows[CHECKLIST] = _tj_session_rows_checklist (guidance, session);
  /* The checklist's state is in its list: a ticked switch must not
   * announce new guidance (and close what the mediator had opened). */
  if (guidance)
    json_object_remove_member (guidance, "checklist");
  take_object (self, &self->guidance, g_steal_pointer (&guidance), PROP_GUIDANCE);
  take_object (self, &self->settlement, g_steal_pointer (&settlement), PROP_SETTLEMENT);
  g_clear_pointer (&self->next_steps, json_array_unref);
  self->next_steps = g_steal_pointer (&next_steps);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NEXT_STEPS]);

  rows[FLOW] = _tj_session_rows_flow (flow);
  rows[ATTENDANCE] = _tj_session_rows_attendance (self->case_doc, self->session);
  rows[MAIN_NOTE] = _tj_session_rows_main_note (self->session);
  rows[SHARED_NOTES] = _tj_session_rows_notes (tj_json_get_array (table, "notes"));
  rows[INTERESTS] = _tj_session_rows_interests (tj_json_get_object (view, "interests"));
  rows[MEETINGS] = _tj_session_rows_meetings (tj_json_get_array (view, "sessions"));
  rows[MOVES] = _tj_session_rows_moves (tj_json_get_array (view, "issues"));
  issues = _tj_session_rows_issues (tj_json_get_array (view, "issues"), audience);
  rows[BOTTOM_LINES] = _tj_session_rows_bottom_lines (issues);
  _tj_session_issues_sync (self->issues, issues);
  take_object (self, &self->view, g_steal_pointer (&view), PROP_VIEW);
  for (guint i = 0; i < G_N_ELEMENTS (list_names); i++)
    {
      _tj_session_items_sync (self->lists[i], rows[i]);
      g_ptr_array_unref (rows[i]);
    }
  g_object_thaw_notify (G_OBJECT (self));
  return TRUE;
}

static void
reload_quietly (TjSessionModel *self)
{
  g_autoptr(GError) error = NULL;

  /* Nothing to show the user from here: the window keeps what it had. */
  if (!tj_session_model_reload (self, &error))
    g_debug ("Session model of %s not reloaded: %s", self->case_id, error->message);
}

static void
changed_cb (TjRepository   *repository,
            GStrv           ids,
            gint64          seq,
            TjSessionModel *self)
{
  if (tj_repository_changes_concern (repository, (const char * const *) ids, NULL, self->case_id))
    reload_quietly (self);
}

/* ------------------------------------------------------------ getters */

TjSessionModel *
tj_session_model_new (TjRepository *repository,
                      const char   *case_id)
{
  g_return_val_if_fail (TJ_IS_REPOSITORY (repository), NULL);
  g_return_val_if_fail (case_id != NULL, NULL);

  return g_object_new (TJ_TYPE_SESSION_MODEL, "repository", repository, "case-id", case_id, NULL);
}

void
tj_session_model_set_context (TjSessionModel *self,
                              TjContext      *context)
{
  g_return_if_fail (TJ_IS_SESSION_MODEL (self));
  g_return_if_fail (context == NULL || TJ_IS_CONTEXT (context));

  g_set_object (&self->context, context);
}

TjRepository *
tj_session_model_get_repository (TjSessionModel *self)
{
  g_return_val_if_fail (TJ_IS_SESSION_MODEL (self), NULL);
  return self->repository;
}

TjStore *
tj_session_model_get_store (TjSessionModel *self)
{
  g_return_val_if_fail (TJ_IS_SESSION_MODEL (self), NULL);
  return store_of (self);
}

const char *
tj_session_model_get_case_id (TjSessionModel *self)
{
  g_return_val_if_fail (TJ_IS_SESSION_MODEL (self), NULL);
  return self->case_id;
}

const char *
tj_session_model_get_step (TjSessionModel *self)
{
  g_return_val_if_fail (TJ_IS_SESSION_MODEL (self), NULL);
  return self->step;
}

void
tj_session_model_set_step (TjSessionModel *self,
                           const char     *step)
{
  g_return_if_fail (TJ_IS_SESSION_MODEL (self));
  g_return_if_fail (step != NULL);

  if (g_strcmp0 (self->step, step) == 0)
    return;
  g_object_freeze_notify (G_OBJECT (self));
  g_free (self->step);
  self->step = g_strdup (step);
  /* A reveal is for the moment it was asked for, not for the next step. */
  if (self->reveal)
    {
      self->reveal = FALSE;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REVEAL_PRIVATE]);
    }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STEP]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAN_REVEAL]);
  reload_quietly (self);
  g_object_thaw_notify (G_OBJECT (self));
}

TjAudience
tj_session_model_get_audience (TjSessionModel *self)
{
  g_return_val_if_fail (TJ_IS_SESSION_MODEL (self), TJ_AUDIENCE_TABLE);
  return self->audience;
}

gboolean
tj_session_model_get_reveal_private (TjSessionModel *self)
{
  g_return_val_if_fail (TJ_IS_SESSION_MODEL (self), FALSE);
  return self->reveal;
}

gboolean
tj_session_model_get_can_reveal (TjSessionModel *self)
{
  g_return_val_if_fail (TJ_IS_SESSION_MODEL (self), FALSE);
  return !self->presenting && g_strcmp0 (self->step, "joint") == 0;
}

void
tj_session_model_set_reveal_private (TjSessionModel *self,
                                     gboolean        reveal)
{
  g_return_if_fail (TJ_IS_SESSION_MODEL (self));

  reveal = reveal && tj_session_model_get_can_reveal (self);
  if (self->reveal == reveal)
    {
      /* Told to reveal where it cannot be: say it stayed off. */
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REVEAL_PRIVATE]);
      return;
    }
  g_object_freeze_notify (G_OBJECT (self));
  self->reveal = reveal;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REVEAL_PRIVATE]);
  reload_quietly (self);
  g_object_thaw_notify (G_OBJECT (self));
}

gboolean
tj_session_model_get_presenting (TjSessionModel *self)
{
  g_return_val_if_fail (TJ_IS_SESSION_MODEL (self), FALSE);
  return self->presenting;
}

void
tj_session_model_set_presenting (TjSessionModel *self,
                                 gboolean        presenting)
{
  g_return_if_fail (TJ_IS_SESSION_MODEL (self));

  presenting = !!presenting;
  if (self->presenting == presenting)
    return;
  g_object_freeze_notify (G_OBJECT (self));
  self->presenting = presenting;
  /* The parties' screen opening ends a reveal, for good. */
  if (presenting && self->reveal)
    {
      self->reveal = FALSE;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REVEAL_PRIVATE]);
    }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PRESENTING]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAN_REVEAL]);
  reload_quietly (self);
  g_object_thaw_notify (G_OBJECT (self));
}

#define JSON_GETTER(name, field)                                  \
  JsonObject *                                                    \
  tj_session_model_get_##name (TjSessionModel *self)              \
  {                                                               \
    g_return_val_if_fail (TJ_IS_SESSION_MODEL (self), NULL);      \
    return self->field;                                           \
  }
JSON_GETTER (case, case_doc)
JSON_GETTER (session, session)
JSON_GETTER (view, view)
JSON_GETTER (figures, figures)
JSON_GETTER (guidance, guidance)
JSON_GETTER (settlement, settlement)
#undef JSON_GETTER

JsonArray *
tj_session_model_get_next_steps (TjSessionModel *self)
{
  g_return_val_if_fail (TJ_IS_SESSION_MODEL (self), NULL);
  return self->next_steps;
}

const char *
tj_session_model_get_session_id (TjSessionModel *self)
{
  g_return_val_if_fail (TJ_IS_SESSION_MODEL (self), NULL);
  return session_id_of (self);
}

GListModel *
tj_session_model_get_list (TjSessionModel *self,
                           const char     *name)
{
  g_return_val_if_fail (TJ_IS_SESSION_MODEL (self), NULL);

  if (g_strcmp0 (name, "issues") == 0)
    return G_LIST_MODEL (self->issues);
  for (guint i = 0; i < G_N_ELEMENTS (list_names); i++)
    if (g_strcmp0 (list_names[i], name) == 0)
      return G_LIST_MODEL (self->lists[i]);
  g_critical ("The session model has no list named %s", name);
  return NULL;
}

/* ------------------------------------------------------------- writes */

static gboolean
need_session (TjSessionModel  *self,
              GError         **error)
{
  if (session_id_of (self))
    return TRUE;
  g_set_error (error, TJ_ERROR, TJ_ERROR_INVALID, _("Start a meeting at this step first"));
  return FALSE;
}

/* After a write: read again now (the repository's echo comes later). */
static void
written (TjSessionModel *self)
{
  reload_quietly (self);
  tj_repository_queue_check (self->repository);
}

JsonObject *
tj_session_model_start_meeting (TjSessionModel  *self,
                                JsonObject      *input,
                                GError         **error)
{
  JsonObject *result;
  TjCaseContext ctx;

  g_return_val_if_fail (TJ_IS_SESSION_MODEL (self), NULL);

  tj_session_model_get_context (self, &ctx);
  json_object_set_string_member (input, "case_id", self->case_id);
  result = tj_session_start_meeting (store_of (self), &ctx, input, error);
  if (result == NULL)
    return NULL;
  /* Show the step the new meeting belongs to; one scheduled while
   * preparing stays in the overview there. */
  if (g_strcmp0 (self->step, "preparation") != 0)
    {
      g_free (self->step);
      self->step = g_strdup (step_of_meeting (result));
      self->reveal = FALSE;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STEP]);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAN_REVEAL]);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REVEAL_PRIVATE]);
    }
  written (self);
  return result;
}

gboolean
tj_session_model_update (TjSessionModel  *self,
                         JsonObject      *patch,
                         GError         **error)
{
  g_autoptr(JsonObject) result = NULL;
  TjCaseContext ctx;

  g_return_val_if_fail (TJ_IS_SESSION_MODEL (self), FALSE);

  if (!need_session (self, error))
    return FALSE;
  tj_session_model_get_context (self, &ctx);
  result = tj_session_update (store_of (self), &ctx, session_id_of (self), patch, error);
  if (result == NULL)
    return FALSE;
  written (self);
  return TRUE;
}

gboolean
tj_session_model_toggle_timer (TjSessionModel  *self,
                               GError         **error)
{
  g_autoptr(JsonObject) timer = NULL;
  JsonObject *now;

  g_return_val_if_fail (TJ_IS_SESSION_MODEL (self), FALSE);

  if (!need_session (self, error))
    return FALSE;
  now = tj_json_get_object (self->session, "timer");
  timer = tj_session_timer (store_of (self), session_id_of (self),
                            now && tj_json_get_bool (now, "running", FALSE) ? "pause" : "start", NULL, error);
  if (timer == NULL)
    return FALSE;
  written (self);
  return TRUE;
}

JsonObject *
tj_session_model_add_note (TjSessionModel  *self,
                           JsonObject      *input,
                           GError         **error)
{
  JsonObject *note;
  TjCaseContext ctx;

  g_return_val_if_fail (TJ_IS_SESSION_MODEL (self), NULL);

  if (!need_session (self, error))
    return NULL;
  tj_session_model_get_context (self, &ctx);
  note = tj_session_note_add (store_of (self), &ctx, session_id_of (self), input, error);
  if (note)
    written (self);
  return note;
}

gboolean
tj_session_model_release_note (TjSessionModel  *self,
                               const char      *note_id,
                               const char      *consent_of,
                               GError         **error)
{
  g_autoptr(JsonObject) note = NULL;
  TjCaseContext ctx;

  g_return_val_if_fail (TJ_IS_SESSION_MODEL (self), FALSE);

  tj_session_model_get_context (self, &ctx);
  note = tj_session_release_note (store_of (self), &ctx, note_id, consent_of, error);
  if (note == NULL)
    return FALSE;
  written (self);
  return TRUE;
}

gboolean
tj_session_model_add_offer (TjSessionModel  *self,
                            JsonObject      *input,
                            GError         **error)
{
  g_autoptr(JsonObject) offer = NULL;
  TjCaseContext ctx;

  g_return_val_if_fail (TJ_IS_SESSION_MODEL (self), FALSE);

  if (!need_session (self, error))
    return FALSE;
  tj_session_model_get_context (self, &ctx);
  offer = tj_session_offer_add (store_of (self), &ctx, session_id_of (self), input, error);
  if (offer == NULL)
    return FALSE;
  written (self);
  return TRUE;
}

static const char *
open_meeting (TjSessionModel *self)
{
  guint n = self->sessions ? json_array_get_length (self->sessions) : 0;

  for (guint i = n; i > 0; i--)
    {
      JsonObject *s = json_array_get_object_element (self->sessions, i - 1);
      if (!json_object_has_member (s, "ended_at"))
        return tj_json_get_string (s, "id", NULL);
    }
  return NULL;
}

JsonObject *
tj_session_model_end (TjSessionModel  *self,
                      const char      *outcome,
                      const char      *reason,
                      JsonObject      *terms,
                      GError         **error)
{
  TjStore *store = store_of (self);
  g_autoptr(JsonObject) started = NULL;
  g_autofree char *id = NULL;
  JsonObject *result;
  TjCaseContext ctx;

  g_return_val_if_fail (TJ_IS_SESSION_MODEL (self), NULL);

  tj_session_model_get_context (self, &ctx);
  if (g_strcmp0 (outcome, "continue") == 0)
    {
      if (!need_session (self, error))
        return NULL;
      id = g_strdup (session_id_of (self));
    }
  else
    id = g_strdup (open_meeting (self));

  if (!tj_store_begin (store, error))
    return NULL;
  if (id == NULL)
    {
      /* The outcome is recorded at a meeting; when every meeting has
       * ended, this is a short joint one, in the same write. */
      g_autoptr(JsonObject) input = json_object_new ();
      json_object_set_string_member (input, "case_id", self->case_id);
      json_object_set_string_member (input, "kind", "joint");
      started = tj_session_start (store, &ctx, input, error);
      if (started == NULL)
        goto fail;
      id = g_strdup (tj_json_get_string (started, "id", NULL));
    }
  result = tj_session_end (store, &ctx, id, outcome, reason, terms, error);
  if (result == NULL)
    goto fail;
  if (!tj_store_commit (store, error))
    {
      json_object_unref (result);
      goto fail;
    }
  if (g_strcmp0 (outcome, "continue") != 0)
    {
      g_free (self->step);
      self->step = g_strdup ("outcome");
      self->reveal = FALSE;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STEP]);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAN_REVEAL]);
    }
  written (self);
  return result;

fail:
  tj_store_rollback (store);
  return NULL;
}

/* ------------------------------------------------------------ GObject */

static gboolean
is_collective (JsonObject *case_doc)
{
  JsonArray *flags = case_doc ? tj_json_get_array (case_doc, "flags") : NULL;
  JsonArray *workers = case_doc ? tj_json_get_array (case_doc, "workers") : NULL;

  for (guint i = 0; flags && i < json_array_get_length (flags); i++)
    if (g_strcmp0 (json_array_get_string_element (flags, i), "collective") == 0)
      return TRUE;
  return workers && json_array_get_length (workers) > 1;
}

static char *
session_title (TjSessionModel *self)
{
  if (self->session == NULL)
    return NULL;
  return g_strdup_printf (_("Round %d · %s"), (int) tj_json_get_int (self->session, "round", 1),
                          tj_json_get_string (self->session, "step_label", ""));
}

static void
tj_session_model_constructed (GObject *object)
{
  TjSessionModel *self = TJ_SESSION_MODEL (object);

  G_OBJECT_CLASS (tj_session_model_parent_class)->constructed (object);
  self->changed_id = g_signal_connect (self->repository, "changed", G_CALLBACK (changed_cb), self);
}

static void
tj_session_model_dispose (GObject *object)
{
  TjSessionModel *self = TJ_SESSION_MODEL (object);

  if (self->repository)
    g_clear_signal_handler (&self->changed_id, self->repository);
  g_clear_object (&self->context);
  G_OBJECT_CLASS (tj_session_model_parent_class)->dispose (object);
}

static void
tj_session_model_finalize (GObject *object)
{
  TjSessionModel *self = TJ_SESSION_MODEL (object);

  g_clear_object (&self->repository);
  g_free (self->case_id);
  g_free (self->step);
  g_clear_pointer (&self->case_doc, json_object_unref);
  g_clear_pointer (&self->sessions, json_array_unref);
  g_clear_pointer (&self->view, json_object_unref);
  g_clear_pointer (&self->session, json_object_unref);
  g_clear_pointer (&self->figures, json_object_unref);
  g_clear_pointer (&self->guidance, json_object_unref);
  g_clear_pointer (&self->settlement, json_object_unref);
  g_clear_pointer (&self->next_steps, json_array_unref);
  for (guint i = 0; i < G_N_ELEMENTS (list_names); i++)
    g_clear_object (&self->lists[i]);
  g_clear_object (&self->issues);
  G_OBJECT_CLASS (tj_session_model_parent_class)->finalize (object);
}

static void
tj_session_model_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  TjSessionModel *self = TJ_SESSION_MODEL (object);
  JsonObject *timer = self->session ? tj_json_get_object (self->session, "timer") : NULL;

  if (prop_id >= PROP_LIST_FIRST && prop_id < N_PROPS)
    {
      g_value_set_object (value, self->lists[prop_id - PROP_LIST_FIRST]);
      return;
    }
  switch (prop_id)
    {
    case PROP_REPOSITORY: g_value_set_object (value, self->repository); break;
    case PROP_CASE_ID: g_value_set_string (value, self->case_id); break;
    case PROP_STEP: g_value_set_string (value, self->step); break;
    case PROP_REVEAL_PRIVATE: g_value_set_boolean (value, self->reveal); break;
    case PROP_PRESENTING: g_value_set_boolean (value, self->presenting); break;
    case PROP_AUDIENCE: g_value_set_enum (value, self->audience); break;
    case PROP_CAN_REVEAL: g_value_set_boolean (value, tj_session_model_get_can_reveal (self)); break;
    case PROP_HIDING_PRIVATE: g_value_set_boolean (value, self->audience != TJ_AUDIENCE_MEDIATOR); break;
    case PROP_CASE_NUMBER:
      g_value_set_string (value, self->case_doc ? tj_json_get_string (self->case_doc, "number", "") : "");
      break;
    case PROP_CASE_TITLE:
      g_value_set_string (value, self->case_doc ? tj_json_get_string (self->case_doc, "title", "") : "");
      break;
    case PROP_CASE_STATUS:
      g_value_set_string (value, self->case_doc ? tj_json_get_string (self->case_doc, "status", "") : "");
      break;
    case PROP_COLLECTIVE: g_value_set_boolean (value, is_collective (self->case_doc)); break;
    case PROP_SESSION: g_value_set_boxed (value, self->session); break;
    case PROP_HAS_SESSION: g_value_set_boolean (value, self->session != NULL); break;
    case PROP_SESSION_OPEN:
      g_value_set_boolean (value, self->session && !json_object_has_member (self->session, "ended_at"));
      break;
    case PROP_SESSION_TITLE: g_value_take_string (value, session_title (self)); break;
    case PROP_VIEW: g_value_set_boxed (value, self->view); break;
    case PROP_FIGURES: g_value_set_boxed (value, self->figures); break;
    case PROP_GUIDANCE: g_value_set_boxed (value, self->guidance); break;
    case PROP_SETTLEMENT: g_value_set_boxed (value, self->settlement); break;
    case PROP_NEXT_STEPS: g_value_set_boxed (value, self->next_steps); break;
    case PROP_TIMER_RUNNING: g_value_set_boolean (value, timer && tj_json_get_bool (timer, "running", FALSE)); break;
    case PROP_ISSUES: g_value_set_object (value, self->issues); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tj_session_model_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  TjSessionModel *self = TJ_SESSION_MODEL (object);

  switch (prop_id)
    {
    case PROP_REPOSITORY: self->repository = g_value_dup_object (value); break;
    case PROP_CASE_ID: self->case_id = g_value_dup_string (value); break;
    case PROP_STEP:
      if (g_value_get_string (value))
        tj_session_model_set_step (self, g_value_get_string (value));
      break;
    case PROP_REVEAL_PRIVATE: tj_session_model_set_reveal_private (self, g_value_get_boolean (value)); break;
    case PROP_PRESENTING: tj_session_model_set_presenting (self, g_value_get_boolean (value)); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tj_session_model_class_init (TjSessionModelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags ro = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;
  const GParamFlags rw = G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;
  const GParamFlags construct = G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS;

  object_class->constructed = tj_session_model_constructed;
  object_class->dispose = tj_session_model_dispose;
  object_class->finalize = tj_session_model_finalize;
  object_class->get_property = tj_session_model_get_property;
  object_class->set_property = tj_session_model_set_property;

  properties[PROP_REPOSITORY] = g_param_spec_object ("repository", NULL, NULL, TJ_TYPE_REPOSITORY, construct);
  properties[PROP_CASE_ID] = g_param_spec_string ("case-id", NULL, NULL, NULL, construct);
  properties[PROP_STEP] = g_param_spec_string ("step", NULL, NULL, NULL, rw);
  properties[PROP_REVEAL_PRIVATE] = g_param_spec_boolean ("reveal-private", NULL, NULL, FALSE, rw);
  properties[PROP_PRESENTING] = g_param_spec_boolean ("presenting", NULL, NULL, FALSE, rw);
  properties[PROP_AUDIENCE] = g_param_spec_enum ("audience", NULL, NULL, TJ_TYPE_AUDIENCE, TJ_AUDIENCE_MEDIATOR, ro);
  properties[PROP_CAN_REVEAL] = g_param_spec_boolean ("can-reveal", NULL, NULL, FALSE, ro);
  properties[PROP_HIDING_PRIVATE] = g_param_spec_boolean ("hiding-private", NULL, NULL, FALSE, ro);
  properties[PROP_CASE_NUMBER] = g_param_spec_string ("case-number", NULL, NULL, NULL, ro);
  properties[PROP_CASE_TITLE] = g_param_spec_string ("case-title", NULL, NULL, NULL, ro);
  properties[PROP_CASE_STATUS] = g_param_spec_string ("case-status", NULL, NULL, NULL, ro);
  properties[PROP_COLLECTIVE] = g_param_spec_boolean ("collective", NULL, NULL, FALSE, ro);
  properties[PROP_SESSION] = g_param_spec_boxed ("session", NULL, NULL, JSON_TYPE_OBJECT, ro);
  properties[PROP_HAS_SESSION] = g_param_spec_boolean ("has-session", NULL, NULL, FALSE, ro);
  properties[PROP_SESSION_OPEN] = g_param_spec_boolean ("session-open", NULL, NULL, FALSE, ro);
  properties[PROP_SESSION_TITLE] = g_param_spec_string ("session-title", NULL, NULL, NULL, ro);
  properties[PROP_VIEW] = g_param_spec_boxed ("view", NULL, NULL, JSON_TYPE_OBJECT, ro);
  properties[PROP_FIGURES] = g_param_spec_boxed ("figures", NULL, NULL, JSON_TYPE_OBJECT, ro);
  properties[PROP_GUIDANCE] = g_param_spec_boxed ("guidance", NULL, NULL, JSON_TYPE_OBJECT, ro);
  properties[PROP_SETTLEMENT] = g_param_spec_boxed ("settlement", NULL, NULL, JSON_TYPE_OBJECT, ro);
  properties[PROP_NEXT_STEPS] = g_param_spec_boxed ("next-steps", NULL, NULL, JSON_TYPE_ARRAY, ro);
  properties[PROP_TIMER_RUNNING] = g_param_spec_boolean ("timer-running", NULL, NULL, FALSE, ro);
  properties[PROP_ISSUES] = g_param_spec_object ("issues", NULL, NULL, G_TYPE_LIST_MODEL,
                                                 G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  for (guint i = 0; i < G_N_ELEMENTS (list_names); i++)
    properties[PROP_LIST_FIRST + i] = g_param_spec_object (list_names[i], NULL, NULL, G_TYPE_LIST_MODEL,
                                                           G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
tj_session_model_init (TjSessionModel *self)
{
  self->audience = TJ_AUDIENCE_MEDIATOR;
  for (guint i = 0; i < G_N_ELEMENTS (list_names); i++)
    self->lists[i] = g_list_store_new (TJ_TYPE_SESSION_ITEM);
  self->issues = g_list_store_new (TJ_TYPE_SESSION_ISSUE_ROW);
}
