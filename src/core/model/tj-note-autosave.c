/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Tiaojie-Session"

#include "tj-note-autosave.h"
#include "tj-repository.h"
#include "tj-session.h"

/* However fast someone types, a change is written within this long. */
#define MAX_WAIT_MS 1000

struct _TjNoteAutosave
{
  GObject       parent_instance;

  TjStore      *store;       /* writes on the caller's thread, or */
  TjRepository *repository;  /* writes on its worker */
  guint         writing;     /* writes on the worker not yet done */
  char         *note_id;
  char         *text;        /* pending text, NULL when saved */
  guint         delay_ms;
  GSource      *timeout;
  gint64        first_change; /* monotonic µs of the oldest unsaved change */
};

enum {
  PROP_0,
  PROP_PENDING,
  N_PROPS
};

enum {
  SAVED,
  FAILED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (TjNoteAutosave, tj_note_autosave, G_TYPE_OBJECT)

static void
cancel_timeout (TjNoteAutosave *self)
{
  if (self->timeout)
    {
      g_source_destroy (self->timeout);
      g_clear_pointer (&self->timeout, g_source_unref);
    }
}

typedef struct
{
  GWeakRef  self;
  char     *note_id;
  char     *text;
} Write;

static void
write_free (gpointer data)
{
  Write *write = data;

  g_weak_ref_clear (&write->self);
  g_free (write->note_id);
  g_free (write->text);
  g_free (write);
}

static gboolean
write_run (TjStore  *store,
           gpointer  data,
           GError  **error)
{
  Write *write = data;

  return tj_session_note_update (store, write->note_id, write->text, error);
}

static void
written_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TjNoteAutosave) self = NULL;
  Write *write = NULL;
  gboolean ok = tj_repository_run_finish (TJ_REPOSITORY (source), result, (gpointer *) &write, &error);

  /* Written or not, the autosave may be gone: the job had its own copy. */
  self = g_weak_ref_get (&write->self);
  if (self == NULL)
    {
      if (!ok)
        g_warning ("Could not save a note: %s", error->message);
      return;
    }
  self->writing--;
  if (!ok)
    {
      /* Kept to be tried again, unless newer text came meanwhile. */
      if (self->text == NULL)
        {
          self->text = g_strdup (write->text);
          self->first_change = g_get_monotonic_time ();
        }
      g_signal_emit (self, signals[FAILED], 0, error);
    }
  else if (self->text == NULL && self->writing == 0)
    {
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PENDING]);
      g_signal_emit (self, signals[SAVED], 0);
    }
}

gboolean
tj_note_autosave_flush (TjNoteAutosave  *self,
                        GError         **error)
{
  g_return_val_if_fail (TJ_IS_NOTE_AUTOSAVE (self), FALSE);

  cancel_timeout (self);
  if (self->text == NULL)
    return TRUE;
  if (self->repository)
    {
      Write *write = g_new0 (Write, 1);

      /* On the worker, after every write asked for before: a release of
       * the note asked for after this flush finds its last words. */
      g_weak_ref_init (&write->self, self);
      write->note_id = g_strdup (self->note_id);
      write->text = g_steal_pointer (&self->text);
      self->first_change = 0;
      self->writing++;
      tj_repository_run_async (self->repository, write_run, write, write_free, NULL, written_cb, NULL);
      return TRUE;
    }
  if (!tj_session_note_update (self->store, self->note_id, self->text, error))
    return FALSE;
  g_clear_pointer (&self->text, g_free);
  self->first_change = 0;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PENDING]);
  g_signal_emit (self, signals[SAVED], 0);
  return TRUE;
}

static gboolean
timeout_cb (gpointer user_data)
{
  TjNoteAutosave *self = user_data;
  g_autoptr(GError) error = NULL;

  g_clear_pointer (&self->timeout, g_source_unref);
  g_object_ref (self);
  if (!tj_note_autosave_flush (self, &error))
    g_signal_emit (self, signals[FAILED], 0, error);
  g_object_unref (self);
  return G_SOURCE_REMOVE;
}

void
tj_note_autosave_set_text (TjNoteAutosave *self,
                           const char     *text)
{
  gint64 now = g_get_monotonic_time ();
  gint64 wait_ms;
  gboolean was_pending;

  g_return_if_fail (TJ_IS_NOTE_AUTOSAVE (self));
  g_return_if_fail (text != NULL);

  was_pending = tj_note_autosave_get_pending (self);
  g_free (self->text);
  self->text = g_strdup (text);
  if (self->first_change == 0)
    self->first_change = now;

  /* Wait for a pause in typing, but never past MAX_WAIT_MS after the
   * oldest unsaved change. */
  wait_ms = MIN ((gint64) self->delay_ms, MAX_WAIT_MS - (now - self->first_change) / 1000);
  cancel_timeout (self);
  self->timeout = g_timeout_source_new ((guint) MAX (wait_ms, 0));
  g_source_set_callback (self->timeout, timeout_cb, self, NULL);
  g_source_set_name (self->timeout, "[tiaojie] note autosave");
  g_source_attach (self->timeout, g_main_context_get_thread_default ());
  if (!was_pending)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PENDING]);
}

gboolean
tj_note_autosave_get_pending (TjNoteAutosave *self)
{
  g_return_val_if_fail (TJ_IS_NOTE_AUTOSAVE (self), FALSE);
  return self->text != NULL || self->writing > 0;
}

const char *
tj_note_autosave_get_note_id (TjNoteAutosave *self)
{
  g_return_val_if_fail (TJ_IS_NOTE_AUTOSAVE (self), NULL);
  return self->note_id;
}

static void
tj_note_autosave_dispose (GObject *object)
{
  TjNoteAutosave *self = TJ_NOTE_AUTOSAVE (object);
  g_autoptr(GError) error = NULL;

  /* Closing the editor must not lose the last words typed (on the
   * worker, the write outlives the autosave). */
  if ((self->store || self->repository) && self->text && !tj_note_autosave_flush (self, &error))
    g_warning ("Could not save a note: %s", error->message);
  cancel_timeout (self);
  g_clear_object (&self->store);
  g_clear_object (&self->repository);
  G_OBJECT_CLASS (tj_note_autosave_parent_class)->dispose (object);
}

static void
tj_note_autosave_finalize (GObject *object)
{
  TjNoteAutosave *self = TJ_NOTE_AUTOSAVE (object);

  g_free (self->note_id);
  g_free (self->text);
  G_OBJECT_CLASS (tj_note_autosave_parent_class)->finalize (object);
}

static void
tj_note_autosave_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  TjNoteAutosave *self = TJ_NOTE_AUTOSAVE (object);

  switch (prop_id)
    {
    case PROP_PENDING:
      g_value_set_boolean (value, self->text != NULL || self->writing > 0);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tj_note_autosave_class_init (TjNoteAutosaveClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = tj_note_autosave_dispose;
  object_class->finalize = tj_note_autosave_finalize;
  object_class->get_property = tj_note_autosave_get_property;

  properties[PROP_PENDING] =
    g_param_spec_boolean ("pending", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[SAVED] = g_signal_new ("saved", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                 0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[FAILED] = g_signal_new ("failed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_ERROR);
}

static void
tj_note_autosave_init (TjNoteAutosave *self)
{
}

TjNoteAutosave *
tj_note_autosave_new (TjStore    *store,
                      const char *note_id,
                      guint       delay_ms)
{
  TjNoteAutosave *self;

  g_return_val_if_fail (TJ_IS_STORE (store), NULL);
  g_return_val_if_fail (note_id != NULL, NULL);

  self = g_object_new (TJ_TYPE_NOTE_AUTOSAVE, NULL);
  self->store = g_object_ref (store);
  self->note_id = g_strdup (note_id);
  self->delay_ms = delay_ms ? MIN (delay_ms, MAX_WAIT_MS) : 400;
  return self;
}

/**
 * tj_note_autosave_new_on_worker:
 * @repository: where the note is
 * @note_id: the note
 * @delay_ms: as for tj_note_autosave_new()
 *
 * The same, writing on the repository's worker (in order with the other
 * jobs asked of it): tj_note_autosave_flush() asks for the write and
 * returns; "saved" or "failed" tell how it went. "pending" stays on until
 * every write asked for is done.
 */
TjNoteAutosave *
tj_note_autosave_new_on_worker (TjRepository *repository,
                                const char   *note_id,
                                guint         delay_ms)
{
  TjNoteAutosave *self;

  g_return_val_if_fail (TJ_IS_REPOSITORY (repository), NULL);
  g_return_val_if_fail (note_id != NULL, NULL);

  self = g_object_new (TJ_TYPE_NOTE_AUTOSAVE, NULL);
  self->repository = g_object_ref (repository);
  self->note_id = g_strdup (note_id);
  self->delay_ms = delay_ms ? MIN (delay_ms, MAX_WAIT_MS) : 400;
  return self;
}
