/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Tiaojie-Session"

/* The session window's model. See tj-session-model.h.
 *
 * Reads and writes run on the repository's worker (one thread, jobs in the
 * order asked for), never on the main thread of the window: a read job
 * (ReadJob) takes a copy of what decides the view (step, reveal, parties'
 * screen, the context) and reads everything with the core calls; its
 * result is applied here on the main thread. One read runs at a time: a
 * reload asked for meanwhile runs after it, once, and the result of the
 * one before is set aside (latest wins). A read is also set aside when a
 * write was asked for after it or the view changed meanwhile, so nothing
 * older than the last write or for another audience is ever applied. A
 * write (TjSessionWrite) is the core call in its own transaction; its task
 * returns once the read that follows it is applied, so a caller sees its
 * write on screen when told it is done.
 *
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
  GCancellable         *cancellable;  /* the reads; cancelled by dispose */

  /* The worker: one read at a time (a second request waits as
   * read_again); writes counted as asked, so a read knows whether a write
   * came after it; writes done wait in waiting for the read after them. */
  gboolean              reading;
  gboolean              read_again;
  gboolean              loaded;
  gboolean              busy;
  guint64               writes_asked;
  guint                 writes_running;
  GQueue                waiting;

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
  PROP_LOADED,
  PROP_BUSY,
  PROP_LIST_FIRST,
  N_PROPS = PROP_LIST_FIRST + G_N_ELEMENTS (list_names)
};

static GParamSpec *properties[N_PROPS];

enum {
  READ_FAILED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

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
meeting_for_step (JsonArray  *sessions,
                  const char *step)
{
  guint n = sessions ? json_array_get_length (sessions) : 0;

  if (g_strcmp0 (step, "preparation") == 0 || g_strcmp0 (step, "outcome") == 0)
    return NULL;
  for (guint i = n; i > 0; i--)
    {
      JsonObject *s = json_array_get_object_element (sessions, i - 1);
      if (g_strcmp0 (step_of_meeting (s), step) == 0)
        return s;
    }
  return NULL;
}

/* The one rule of who looks: the parties' screen up, or the joint step
 * without a deliberate reveal, is the table. */
static TjAudience
audience_of (const char *step,
             gboolean    reveal,
             gboolean    presenting)
{
  if (presenting)
    return TJ_AUDIENCE_TABLE;
  if (g_strcmp0 (step, "joint") == 0 && !reveal)
    return TJ_AUDIENCE_TABLE;
  return TJ_AUDIENCE_MEDIATOR;
}

static TjAudience
audience_for (TjSessionModel *self)
{
  return audience_of (self->step, self->reveal, self->presenting);
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

typedef struct
{
  /* What to read: the model's view when it was asked for. */
  char          *case_id;
  char          *step;        /* NULL: the step the flow suggests */
  gboolean       reveal;
  gboolean       presenting;
  TjCaseContext  ctx;         /* interned strings: safe on the worker */
  guint64        gen;         /* writes asked for before this read */

  /* What was read. */
  char          *step_read;
  TjAudience     audience;
  JsonObject    *case_doc;
  JsonArray     *sessions;
  JsonArray     *flow;
  JsonObject    *view;
  JsonObject    *table;
  JsonObject    *guidance;
  JsonObject    *settlement;
  JsonArray     *next_steps;
} ReadJob;

static void
read_job_free (gpointer data)
{
  ReadJob *job = data;

  g_free (job->case_id);
  g_free (job->step);
  g_free (job->step_read);
  g_clear_pointer (&job->case_doc, json_object_unref);
  g_clear_pointer (&job->sessions, json_array_unref);
  g_clear_pointer (&job->flow, json_array_unref);
  g_clear_pointer (&job->view, json_object_unref);
  g_clear_pointer (&job->table, json_object_unref);
  g_clear_pointer (&job->guidance, json_object_unref);
  g_clear_pointer (&job->settlement, json_object_unref);
  g_clear_pointer (&job->next_steps, json_array_unref);
  g_free (job);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ReadJob, read_job_free)

static ReadJob *
read_job_new (TjSessionModel *self)
{
  ReadJob *job = g_new0 (ReadJob, 1);

  job->case_id = g_strdup (self->case_id);
  job->step = g_strdup (self->step);
  job->reveal = self->reveal;
  job->presenting = self->presenting;
  tj_session_model_get_context (self, &job->ctx);
  job->gen = self->writes_asked;
  return job;
}

/* On the worker (or the caller's thread for tj_session_model_reload()):
 * everything the window shows, for the audience of the job's view. */
static gboolean
read_run (TjStore  *store,
          gpointer  data,
          GError  **error)
{
  ReadJob *job = data;
  g_autoptr(GError) local = NULL;
  JsonObject *meeting;
  const char *status;

  job->case_doc = tj_case_show (store, &job->ctx, job->case_id, error);
  job->sessions = job->case_doc ? tj_session_list (store, job->case_id, error) : NULL;
  job->flow = job->sessions ? tj_session_flow (store, job->case_id, error) : NULL;
  if (job->flow == NULL)
    return FALSE;

  job->step_read = g_strdup (job->step);
  if (job->step_read == NULL)
    {
      /* Open at the meeting in progress, else at the suggested step. */
      guint n = json_array_get_length (job->flow);

      for (guint i = 0; i < n && job->step_read == NULL; i++)
        if (tj_json_get_bool (json_array_get_object_element (job->flow, i), "current", FALSE))
          job->step_read = g_strdup (tj_json_get_string (json_array_get_object_element (job->flow, i), "step", NULL));
      for (guint i = 0; i < n && job->step_read == NULL; i++)
        if (tj_json_get_bool (json_array_get_object_element (job->flow, i), "suggested", FALSE))
          job->step_read = g_strdup (tj_json_get_string (json_array_get_object_element (job->flow, i), "step", NULL));
      if (job->step_read == NULL)
        job->step_read = g_strdup ("preparation");
    }
  job->audience = audience_of (job->step_read, job->reveal, job->presenting);

  meeting = meeting_for_step (job->sessions, job->step_read);
  job->view = tj_session_view (store, &job->ctx, job->case_id,
                               meeting ? tj_json_get_string (meeting, "id", NULL) : NULL, job->audience, error);
  /* What the table sees, for "shared at the table" whoever looks. */
  job->table = job->view && job->audience != TJ_AUDIENCE_TABLE
                 ? tj_session_view (store, &job->ctx, job->case_id, NULL, TJ_AUDIENCE_TABLE, error)
                 : (job->view ? json_object_ref (job->view) : NULL);
  if (job->table == NULL)
    return FALSE;

  meeting = tj_json_get_object (job->view, "session");
  job->guidance = meeting && tj_json_get_object (meeting, "guidance")
                    ? tj_json_object_copy (tj_json_get_object (meeting, "guidance"))
                    : tj_session_guidance (store, &job->ctx, job->case_id, job->step_read, NULL, &local);
  if (job->guidance == NULL)
    g_debug ("No guidance for %s: %s", job->step_read, local->message);
  g_clear_error (&local);
  status = tj_json_get_string (job->case_doc, "status", "");
  if (g_strv_contains ((const char *[]) { "agreed", "performing", "closed", NULL }, status))
    {
      job->settlement = tj_settlement_get (store, &job->ctx, job->case_id, &local);
      if (job->settlement == NULL && !g_error_matches (local, TJ_ERROR, TJ_ERROR_NOT_FOUND))
        g_debug ("Settlement of the case not read: %s", local->message);
      g_clear_error (&local);
    }
  else if (g_str_equal (status, "failed"))
    {
      job->next_steps = tj_session_next_steps (store, &job->ctx, job->case_id, &local);
      g_clear_error (&local);
    }
  return TRUE;
}

/* Whether @job read the view the model shows now (no step, reveal or
 * parties' screen changed since it was asked for). */
static gboolean
read_matches (TjSessionModel *self,
              ReadJob        *job)
{
  return (self->step == NULL || g_strcmp0 (self->step, job->step_read) == 0) &&
         job->reveal == self->reveal && job->presenting == self->presenting;
}

static void
set_audience (TjSessionModel *self,
              TjAudience      audience)
{
  if (self->audience == audience)
    return;
  self->audience = audience;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_AUDIENCE]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HIDING_PRIVATE]);
}

static void
notify_session (TjSessionModel *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HAS_SESSION]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SESSION_OPEN]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SESSION_TITLE]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TIMER_RUNNING]);
}

/* On the main thread: shows what @job read (its view is the model's). */
static void
apply_read (TjSessionModel *self,
            ReadJob        *job)
{
  JsonObject *figures, *session = NULL;
  GPtrArray *rows[G_N_ELEMENTS (list_names)];
  g_autoptr(GPtrArray) issues = NULL;

  g_object_freeze_notify (G_OBJECT (self));
  g_clear_pointer (&self->sessions, json_array_unref);
  self->sessions = json_array_ref (job->sessions);
  if (self->step == NULL)
    {
      self->step = g_strdup (job->step_read);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STEP]);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAN_REVEAL]);
    }
  if (tj_json_get_object (job->view, "session"))
    session = json_object_ref (tj_json_get_object (job->view, "session"));
  figures = json_object_new ();
  json_object_set_string_member (figures, "audience", tj_audience_to_string (job->audience));
  json_object_set_array_member (figures, "issues", json_array_ref (tj_json_get_array (job->view, "issues")));

  /* Everything read: now change what is announced. */
  set_audience (self, job->audience);
  take_object (self, &self->case_doc, g_steal_pointer (&job->case_doc), PROP_CASE_STATUS);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CASE_NUMBER]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CASE_TITLE]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_COLLECTIVE]);
  take_object (self, &self->session, session, PROP_SESSION);
  notify_session (self);
  take_object (self, &self->figures, figures, PROP_FIGURES);
  rows[CHECKLIST] = _tj_session_rows_checklist (job->guidance, session);
  /* The checklist's state is in its list: a ticked switch must not
   * announce new guidance (and close what the mediator had opened). */
  if (job->guidance)
    json_object_remove_member (job->guidance, "checklist");
  take_object (self, &self->guidance, g_steal_pointer (&job->guidance), PROP_GUIDANCE);
  take_object (self, &self->settlement, g_steal_pointer (&job->settlement), PROP_SETTLEMENT);
  g_clear_pointer (&self->next_steps, json_array_unref);
  self->next_steps = g_steal_pointer (&job->next_steps);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NEXT_STEPS]);

  rows[FLOW] = _tj_session_rows_flow (job->flow);
  rows[ATTENDANCE] = _tj_session_rows_attendance (self->case_doc, self->session);
  rows[MAIN_NOTE] = _tj_session_rows_main_note (self->session);
  rows[SHARED_NOTES] = _tj_session_rows_notes (tj_json_get_array (job->table, "notes"));
  rows[INTERESTS] = _tj_session_rows_interests (tj_json_get_object (job->view, "interests"));
  rows[MEETINGS] = _tj_session_rows_meetings (tj_json_get_array (job->view, "sessions"));
  rows[MOVES] = _tj_session_rows_moves (tj_json_get_array (job->view, "issues"));
  issues = _tj_session_rows_issues (tj_json_get_array (job->view, "issues"), job->audience);
  rows[BOTTOM_LINES] = _tj_session_rows_bottom_lines (issues);
  _tj_session_issues_sync (self->issues, issues);
  take_object (self, &self->view, g_steal_pointer (&job->view), PROP_VIEW);
  for (guint i = 0; i < G_N_ELEMENTS (list_names); i++)
    {
      _tj_session_items_sync (self->lists[i], rows[i]);
      g_ptr_array_unref (rows[i]);
    }
  g_object_thaw_notify (G_OBJECT (self));
}

/* The view changed (step, reveal, parties' screen): what was read for the
 * view before must not stay a moment longer where it could show more than
 * the new audience may see, or another meeting's state. Keeps the case
 * and the flow; the rest comes back with the next read. */
static void
clear_view (TjSessionModel *self)
{
  g_autoptr(GPtrArray) none = g_ptr_array_new ();

  g_object_freeze_notify (G_OBJECT (self));
  set_audience (self, audience_for (self));
  take_object (self, &self->session, NULL, PROP_SESSION);
  notify_session (self);
  take_object (self, &self->view, NULL, PROP_VIEW);
  take_object (self, &self->figures, NULL, PROP_FIGURES);
  take_object (self, &self->guidance, NULL, PROP_GUIDANCE);
  _tj_session_issues_sync (self->issues, none);
  for (guint i = 0; i < G_N_ELEMENTS (list_names); i++)
    if (i != FLOW)
      _tj_session_items_sync (self->lists[i], none);
  g_object_thaw_notify (G_OBJECT (self));
}

static void
update_busy (TjSessionModel *self)
{
  gboolean busy = self->reading || self->writes_running > 0 || !g_queue_is_empty (&self->waiting);

  if (busy == self->busy)
    return;
  self->busy = busy;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

/* Writes done whose read has now been applied (or failed): their callers
 * hear back. */
static void
finish_waiting (TjSessionModel *self)
{
  GTask *task;

  while ((task = g_queue_pop_head (&self->waiting)))
    {
      JsonObject *result = g_object_steal_data (G_OBJECT (task), "tj-result");

      g_task_return_pointer (task, result, result ? (GDestroyNotify) json_object_unref : NULL);
      g_object_unref (task);
    }
}

static void start_read (TjSessionModel *self);

static void
read_done_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  TjSessionModel *self;
  g_autoptr(GError) error = NULL;
  ReadJob *job = NULL;
  gboolean ok = tj_repository_run_finish (TJ_REPOSITORY (source), result, (gpointer *) &job, &error);

  /* Cancelled only by dispose: the model is gone. */
  if (!ok && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self = user_data;
  self->reading = FALSE;
  if (self->read_again || job->gen != self->writes_asked || !read_matches (self, job))
    {
      /* Stale: a reload, a write or another view was asked for since;
       * the read after them is the one to show. */
      self->read_again = FALSE;
      start_read (self);
      return;
    }
  if (ok)
    {
      apply_read (self, job);
      if (!self->loaded)
        {
          self->loaded = TRUE;
          g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADED]);
        }
    }
  else
    {
      /* The model keeps what it had (before the first read, nothing:
       * "loaded" stays off); the window says why. */
      g_debug ("Session model of %s not read: %s", self->case_id, error->message);
      g_signal_emit (self, signals[READ_FAILED], 0, error);
    }
  finish_waiting (self);
  update_busy (self);
}

static void
start_read (TjSessionModel *self)
{
  self->reading = TRUE;
  update_busy (self);
  /* The callback gets no reference: dispose cancels, and a cancelled
   * read's callback does not look at the model. */
  tj_repository_run_async (self->repository, read_run, read_job_new (self), read_job_free, self->cancellable,
                           read_done_cb, self);
}

/**
 * tj_session_model_queue_reload:
 * @self: a session model
 *
 * Reads everything again on the repository's worker and shows it when
 * read ("loaded" turns on after the first). Asked again while a read
 * runs, it reads once more after that one, whose result is set aside.
 */
void
tj_session_model_queue_reload (TjSessionModel *self)
{
  g_return_if_fail (TJ_IS_SESSION_MODEL (self));

  if (self->reading)
    {
      self->read_again = TRUE;
      return;
    }
  start_read (self);
}

gboolean
tj_session_model_reload (TjSessionModel  *self,
                         GError         **error)
{
  g_autoptr(ReadJob) job = NULL;

  g_return_val_if_fail (TJ_IS_SESSION_MODEL (self), FALSE);

  job = read_job_new (self);
  if (!read_run (store_of (self), job, error))
    return FALSE;
  apply_read (self, job);
  if (!self->loaded)
    {
      self->loaded = TRUE;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADED]);
    }
  return TRUE;
}

/* A new view (another step, or the audience changed) is read. What was
 * shown goes at once when it was another step's or could show more than
 * the new audience may see; a wider view keeps the narrower one until
 * read. */
static void
view_changed (TjSessionModel *self,
              gboolean        step_changed)
{
  if (step_changed || (self->audience == TJ_AUDIENCE_MEDIATOR && audience_for (self) == TJ_AUDIENCE_TABLE))
    clear_view (self);
  tj_session_model_queue_reload (self);
}

static void
changed_cb (TjRepository   *repository,
            GStrv           ids,
            gint64          seq,
            TjSessionModel *self)
{
  if (tj_repository_changes_concern (repository, (const char * const *) ids, NULL, self->case_id))
    tj_session_model_queue_reload (self);
}

gboolean
tj_session_model_get_loaded (TjSessionModel *self)
{
  g_return_val_if_fail (TJ_IS_SESSION_MODEL (self), FALSE);
  return self->loaded;
}

gboolean
tj_session_model_get_busy (TjSessionModel *self)
{
  g_return_val_if_fail (TJ_IS_SESSION_MODEL (self), FALSE);
  return self->busy;
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

/* @step shown from now on (notifications frozen by the caller); FALSE
 * when it already was. A reveal is for the moment it was asked for, not
 * for the next step. */
static gboolean
change_step (TjSessionModel *self,
             const char     *step)
{
  if (g_strcmp0 (self->step, step) == 0)
    return FALSE;
  g_free (self->step);
  self->step = g_strdup (step);
  if (self->reveal)
    {
      self->reveal = FALSE;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REVEAL_PRIVATE]);
    }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STEP]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAN_REVEAL]);
  return TRUE;
}

void
tj_session_model_set_step (TjSessionModel *self,
                           const char     *step)
{
  g_return_if_fail (TJ_IS_SESSION_MODEL (self));
  g_return_if_fail (step != NULL);

  g_object_freeze_notify (G_OBJECT (self));
  if (change_step (self, step))
    view_changed (self, TRUE);
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
  view_changed (self, FALSE);
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
  view_changed (self, FALSE);
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

static TjSessionWrite *
write_job_new (TjSessionModel     *self,
               TjSessionWriteKind  kind,
               const char         *id,
               JsonObject         *input)
{
  TjCaseContext ctx;

  tj_session_model_get_context (self, &ctx);
  return _tj_session_write_new (kind, &ctx, self->case_id, id, input);
}

/* Shows @step, as a write decided (a new meeting, an outcome). */
static void
move_to_step (TjSessionModel *self,
              const char     *step)
{
  g_object_freeze_notify (G_OBJECT (self));
  if (change_step (self, step))
    clear_view (self);
  g_object_thaw_notify (G_OBJECT (self));
}

static void
write_done_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  TjSessionModel *self = g_task_get_source_object (task);
  g_autoptr(GError) error = NULL;
  TjSessionWrite *job = NULL;

  self->writes_running--;
  if (!tj_repository_run_finish (TJ_REPOSITORY (source), result, (gpointer *) &job, &error))
    {
      /* Nothing was written. A read asked for before this write was set
       * aside for it: read again. */
      g_task_return_error (task, g_steal_pointer (&error));
      tj_session_model_queue_reload (self);
      update_busy (self);
      return;
    }
  if (job->kind == TJ_SESSION_WRITE_START && g_strcmp0 (self->step, "preparation") != 0)
    /* Show the step the new meeting belongs to; one scheduled while
     * preparing stays in the overview there. */
    move_to_step (self, step_of_meeting (job->result));
  else if (job->kind == TJ_SESSION_WRITE_END && g_strcmp0 (job->arg, "continue") != 0)
    move_to_step (self, "outcome");
  g_object_set_data_full (G_OBJECT (task), "tj-result", g_steal_pointer (&job->result),
                          (GDestroyNotify) json_object_unref);
  /* The caller hears back once the read after this write is shown. */
  g_queue_push_tail (&self->waiting, g_steal_pointer (&task));
  tj_session_model_queue_reload (self);
  tj_repository_queue_check (self->repository);
  update_busy (self);
}

static void
write_async (TjSessionModel      *self,
             TjSessionWrite            *job,
             gpointer             source_tag,
             GCancellable        *cancellable,
             GAsyncReadyCallback  callback,
             gpointer             user_data)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, source_tag);
  self->writes_asked++;
  self->writes_running++;
  update_busy (self);
  tj_repository_run_async (self->repository, _tj_session_write_run, job, _tj_session_write_free, cancellable, write_done_cb, task);
}

static gboolean
need_session (TjSessionModel      *self,
              gpointer             source_tag,
              GAsyncReadyCallback  callback,
              gpointer             user_data)
{
  if (session_id_of (self))
    return TRUE;
  g_task_report_new_error (self, callback, user_data, source_tag, TJ_ERROR, TJ_ERROR_INVALID, "%s",
                           _("Start a meeting at this step first"));
  return FALSE;
}

static JsonObject *
write_finish (TjSessionModel  *self,
              GAsyncResult    *result,
              gpointer         source_tag,
              GError         **error)
{
  g_return_val_if_fail (TJ_IS_SESSION_MODEL (self), NULL);
  g_return_val_if_fail (g_async_result_is_tagged (result, source_tag), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static gboolean
write_finish_bool (TjSessionModel  *self,
                   GAsyncResult    *result,
                   gpointer         source_tag,
                   GError         **error)
{
  g_autoptr(GError) local = NULL;
  g_autoptr(JsonObject) done = write_finish (self, result, source_tag, &local);

  if (local)
    {
      g_propagate_error (error, g_steal_pointer (&local));
      return FALSE;
    }
  return TRUE;
}

void
tj_session_model_start_meeting_async (TjSessionModel      *self,
                                      JsonObject          *input,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data)
{
  TjSessionWrite *job;

  g_return_if_fail (TJ_IS_SESSION_MODEL (self));
  g_return_if_fail (input != NULL);

  job = write_job_new (self, TJ_SESSION_WRITE_START, NULL, input);
  json_object_set_string_member (job->input, "case_id", self->case_id);
  write_async (self, job, tj_session_model_start_meeting_async, cancellable, callback, user_data);
}

JsonObject *
tj_session_model_start_meeting_finish (TjSessionModel  *self,
                                       GAsyncResult    *result,
                                       GError         **error)
{
  return write_finish (self, result, tj_session_model_start_meeting_async, error);
}

void
tj_session_model_update_async (TjSessionModel      *self,
                               JsonObject          *patch,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_return_if_fail (TJ_IS_SESSION_MODEL (self));
  g_return_if_fail (patch != NULL);

  if (need_session (self, tj_session_model_update_async, callback, user_data))
    write_async (self, write_job_new (self, TJ_SESSION_WRITE_UPDATE, session_id_of (self), patch),
                 tj_session_model_update_async, cancellable, callback, user_data);
}

gboolean
tj_session_model_update_finish (TjSessionModel  *self,
                                GAsyncResult    *result,
                                GError         **error)
{
  return write_finish_bool (self, result, tj_session_model_update_async, error);
}

void
tj_session_model_toggle_timer_async (TjSessionModel      *self,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  JsonObject *now;
  TjSessionWrite *job;

  g_return_if_fail (TJ_IS_SESSION_MODEL (self));

  if (!need_session (self, tj_session_model_toggle_timer_async, callback, user_data))
    return;
  /* Pause or start as the mediator sees the clock now. */
  now = tj_json_get_object (self->session, "timer");
  job = write_job_new (self, TJ_SESSION_WRITE_TIMER, session_id_of (self), NULL);
  job->arg = g_strdup (now && tj_json_get_bool (now, "running", FALSE) ? "pause" : "start");
  write_async (self, job, tj_session_model_toggle_timer_async, cancellable, callback, user_data);
}

gboolean
tj_session_model_toggle_timer_finish (TjSessionModel  *self,
                                      GAsyncResult    *result,
                                      GError         **error)
{
  return write_finish_bool (self, result, tj_session_model_toggle_timer_async, error);
}

void
tj_session_model_add_note_async (TjSessionModel      *self,
                                 JsonObject          *input,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_return_if_fail (TJ_IS_SESSION_MODEL (self));
  g_return_if_fail (input != NULL);

  if (need_session (self, tj_session_model_add_note_async, callback, user_data))
    write_async (self, write_job_new (self, TJ_SESSION_WRITE_NOTE, session_id_of (self), input),
                 tj_session_model_add_note_async, cancellable, callback, user_data);
}

JsonObject *
tj_session_model_add_note_finish (TjSessionModel  *self,
                                  GAsyncResult    *result,
                                  GError         **error)
{
  return write_finish (self, result, tj_session_model_add_note_async, error);
}

void
tj_session_model_release_note_async (TjSessionModel      *self,
                                     const char          *note_id,
                                     const char          *consent_of,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  TjSessionWrite *job;

  g_return_if_fail (TJ_IS_SESSION_MODEL (self));
  g_return_if_fail (note_id != NULL);

  job = write_job_new (self, TJ_SESSION_WRITE_RELEASE, note_id, NULL);
  job->arg = g_strdup (consent_of);
  write_async (self, job, tj_session_model_release_note_async, cancellable, callback, user_data);
}

gboolean
tj_session_model_release_note_finish (TjSessionModel  *self,
                                      GAsyncResult    *result,
                                      GError         **error)
{
  return write_finish_bool (self, result, tj_session_model_release_note_async, error);
}

void
tj_session_model_add_offer_async (TjSessionModel      *self,
                                  JsonObject          *input,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_return_if_fail (TJ_IS_SESSION_MODEL (self));
  g_return_if_fail (input != NULL);

  if (need_session (self, tj_session_model_add_offer_async, callback, user_data))
    write_async (self, write_job_new (self, TJ_SESSION_WRITE_OFFER, session_id_of (self), input),
                 tj_session_model_add_offer_async, cancellable, callback, user_data);
}

gboolean
tj_session_model_add_offer_finish (TjSessionModel  *self,
                                   GAsyncResult    *result,
                                   GError         **error)
{
  return write_finish_bool (self, result, tj_session_model_add_offer_async, error);
}

void
tj_session_model_mark_present_async (TjSessionModel      *self,
                                     const char * const  *parties,
                                     gboolean             present,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  TjSessionWrite *job;

  g_return_if_fail (TJ_IS_SESSION_MODEL (self));
  g_return_if_fail (parties != NULL);

  if (!need_session (self, tj_session_model_mark_present_async, callback, user_data))
    return;
  job = write_job_new (self, TJ_SESSION_WRITE_PRESENT, session_id_of (self), NULL);
  job->parties = g_strdupv ((char **) parties);
  job->present = present;
  write_async (self, job, tj_session_model_mark_present_async, cancellable, callback, user_data);
}

gboolean
tj_session_model_mark_present_finish (TjSessionModel  *self,
                                      GAsyncResult    *result,
                                      GError         **error)
{
  return write_finish_bool (self, result, tj_session_model_mark_present_async, error);
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

void
tj_session_model_end_async (TjSessionModel      *self,
                            const char          *outcome,
                            const char          *reason,
                            JsonObject          *terms,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  gboolean go_on = g_strcmp0 (outcome, "continue") == 0;
  TjSessionWrite *job;

  g_return_if_fail (TJ_IS_SESSION_MODEL (self));
  g_return_if_fail (outcome != NULL);

  if (go_on && !need_session (self, tj_session_model_end_async, callback, user_data))
    return;
  job = write_job_new (self, TJ_SESSION_WRITE_END, go_on ? session_id_of (self) : open_meeting (self), terms);
  job->arg = g_strdup (outcome);
  job->reason = g_strdup (reason);
  write_async (self, job, tj_session_model_end_async, cancellable, callback, user_data);
}

JsonObject *
tj_session_model_end_finish (TjSessionModel  *self,
                             GAsyncResult    *result,
                             GError         **error)
{
  return write_finish (self, result, tj_session_model_end_async, error);
}

static gboolean
nothing_run (TjStore  *store,
             gpointer  data,
             GError  **error)
{
  return TRUE;
}

static void
flushed_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  if (tj_repository_run_finish (TJ_REPOSITORY (source), result, NULL, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

/**
 * tj_session_model_flush_async:
 * @self: a session model
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when everything asked of the worker so far is done
 * @user_data: for @callback
 *
 * Waits for every job asked of the repository's worker before now — the
 * model's writes, a note autosave's — to be done: the worker runs them in
 * order, so a job of its own that does nothing ends after them. What is
 * closing waits for this, so nothing typed is lost.
 */
void
tj_session_model_flush_async (TjSessionModel      *self,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (TJ_IS_SESSION_MODEL (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, tj_session_model_flush_async);
  tj_repository_run_async (self->repository, nothing_run, NULL, NULL, cancellable, flushed_cb, task);
}

gboolean
tj_session_model_flush_finish (TjSessionModel  *self,
                               GAsyncResult    *result,
                               GError         **error)
{
  g_return_val_if_fail (TJ_IS_SESSION_MODEL (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
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
  self->cancellable = g_cancellable_new ();
  self->changed_id = g_signal_connect (self->repository, "changed", G_CALLBACK (changed_cb), self);
}

static void
tj_session_model_dispose (GObject *object)
{
  TjSessionModel *self = TJ_SESSION_MODEL (object);

  if (self->repository)
    g_clear_signal_handler (&self->changed_id, self->repository);
  /* A read still queued or running is not applied; writes hold the model
   * until their read is shown, so none waits here. */
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
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
    case PROP_LOADED: g_value_set_boolean (value, self->loaded); break;
    case PROP_BUSY: g_value_set_boolean (value, self->busy); break;
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
  properties[PROP_LOADED] = g_param_spec_boolean ("loaded", NULL, NULL, FALSE, ro);
  properties[PROP_BUSY] = g_param_spec_boolean ("busy", NULL, NULL, FALSE, ro);
  for (guint i = 0; i < G_N_ELEMENTS (list_names); i++)
    properties[PROP_LIST_FIRST + i] = g_param_spec_object (list_names[i], NULL, NULL, G_TYPE_LIST_MODEL,
                                                           G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * TjSessionModel::read-failed:
   * @self: the model
   * @error: why
   *
   * A read on the worker failed; the model keeps what it showed.
   */
  signals[READ_FAILED] = g_signal_new ("read-failed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                                       NULL, G_TYPE_NONE, 1, G_TYPE_ERROR);
}

static void
tj_session_model_init (TjSessionModel *self)
{
  self->audience = TJ_AUDIENCE_MEDIATOR;
  for (guint i = 0; i < G_N_ELEMENTS (list_names); i++)
    self->lists[i] = g_list_store_new (TJ_TYPE_SESSION_ITEM);
  self->issues = g_list_store_new (TJ_TYPE_SESSION_ISSUE_ROW);
}
