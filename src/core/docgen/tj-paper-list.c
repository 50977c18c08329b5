/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Tiaojie-Papers"

/* The papers of a case as a list model. See tj-paper-list.h.
 *
 * A case has a handful of papers, but every version is kept for ever and
 * a page must not read the database on the main thread: the list is read
 * whole on the repository's worker, and only replaced when it differs. */

#include "tj-json.h"
#include "tj-paper-list.h"
#include "tj-papers.h"

/* ------------------------------------------------------------ TjPaper */

struct _TjPaper
{
  GObject   parent_instance;

  char     *id;
  char     *template;
  char     *title;
  char     *format;
  int       version;
  char     *generated_at;
  char     *dated;
  gboolean  is_signed;
  char     *signed_at;
  guint     n_scans;
  char     *sha256;
  gint64    length;
  char     *filename;
};

G_DEFINE_FINAL_TYPE (TjPaper, tj_paper, G_TYPE_OBJECT)

enum {
  PAPER_PROP_0,
  PAPER_PROP_ID,
  PAPER_PROP_TEMPLATE,
  PAPER_PROP_TITLE,
  PAPER_PROP_FORMAT,
  PAPER_PROP_VERSION,
  PAPER_PROP_GENERATED_AT,
  PAPER_PROP_DATED,
  PAPER_PROP_SIGNED,
  PAPER_PROP_SIGNED_AT,
  PAPER_PROP_N_SCANS,
  PAPER_PROP_SHA256,
  PAPER_PROP_LENGTH,
  PAPER_PROP_FILENAME,
  PAPER_N_PROPS
};

static GParamSpec *paper_properties[PAPER_N_PROPS];

static void
tj_paper_finalize (GObject *object)
{
  TjPaper *self = TJ_PAPER (object);

  g_free (self->id);
  g_free (self->template);
  g_free (self->title);
  g_free (self->format);
  g_free (self->generated_at);
  g_free (self->dated);
  g_free (self->signed_at);
  g_free (self->sha256);
  g_free (self->filename);
  G_OBJECT_CLASS (tj_paper_parent_class)->finalize (object);
}

static void
tj_paper_get_property (GObject    *object,
                       guint       prop_id,
                       GValue     *value,
                       GParamSpec *pspec)
{
  TjPaper *self = TJ_PAPER (object);

  switch (prop_id)
    {
    case PAPER_PROP_ID: g_value_set_string (value, self->id); break;
    case PAPER_PROP_TEMPLATE: g_value_set_string (value, self->template); break;
    case PAPER_PROP_TITLE: g_value_set_string (value, self->title); break;
    case PAPER_PROP_FORMAT: g_value_set_string (value, self->format); break;
    case PAPER_PROP_VERSION: g_value_set_int (value, self->version); break;
    case PAPER_PROP_GENERATED_AT: g_value_set_string (value, self->generated_at); break;
    case PAPER_PROP_DATED: g_value_set_string (value, self->dated); break;
    case PAPER_PROP_SIGNED: g_value_set_boolean (value, self->is_signed); break;
    case PAPER_PROP_SIGNED_AT: g_value_set_string (value, self->signed_at); break;
    case PAPER_PROP_N_SCANS: g_value_set_uint (value, self->n_scans); break;
    case PAPER_PROP_SHA256: g_value_set_string (value, self->sha256); break;
    case PAPER_PROP_LENGTH: g_value_set_int64 (value, self->length); break;
    case PAPER_PROP_FILENAME: g_value_set_string (value, self->filename); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tj_paper_class_init (TjPaperClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags flags = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;

  object_class->finalize = tj_paper_finalize;
  object_class->get_property = tj_paper_get_property;

  paper_properties[PAPER_PROP_ID] = g_param_spec_string ("id", NULL, NULL, NULL, flags);
  paper_properties[PAPER_PROP_TEMPLATE] = g_param_spec_string ("template", NULL, NULL, NULL, flags);
  paper_properties[PAPER_PROP_TITLE] = g_param_spec_string ("title", NULL, NULL, NULL, flags);
  paper_properties[PAPER_PROP_FORMAT] = g_param_spec_string ("format", NULL, NULL, NULL, flags);
  paper_properties[PAPER_PROP_VERSION] = g_param_spec_int ("version", NULL, NULL, 0, G_MAXINT, 1, flags);
  paper_properties[PAPER_PROP_GENERATED_AT] = g_param_spec_string ("generated-at", NULL, NULL, NULL, flags);
  paper_properties[PAPER_PROP_DATED] = g_param_spec_string ("dated", NULL, NULL, NULL, flags);
  paper_properties[PAPER_PROP_SIGNED] = g_param_spec_boolean ("signed", NULL, NULL, FALSE, flags);
  paper_properties[PAPER_PROP_SIGNED_AT] = g_param_spec_string ("signed-at", NULL, NULL, NULL, flags);
  paper_properties[PAPER_PROP_N_SCANS] = g_param_spec_uint ("n-scans", NULL, NULL, 0, G_MAXUINT, 0, flags);
  paper_properties[PAPER_PROP_SHA256] = g_param_spec_string ("sha256", NULL, NULL, NULL, flags);
  paper_properties[PAPER_PROP_LENGTH] = g_param_spec_int64 ("length", NULL, NULL, 0, G_MAXINT64, 0, flags);
  paper_properties[PAPER_PROP_FILENAME] = g_param_spec_string ("filename", NULL, NULL, NULL, flags);
  g_object_class_install_properties (object_class, PAPER_N_PROPS, paper_properties);
}

static void
tj_paper_init (TjPaper *self)
{
  self->version = 1;
}

static TjPaper *
paper_new (JsonObject *summary)
{
  TjPaper *self = g_object_new (TJ_TYPE_PAPER, NULL);
  JsonArray *scans = tj_json_get_array (summary, "scans");

  self->id = g_strdup (tj_json_get_string (summary, "id", ""));
  self->template = g_strdup (tj_json_get_string (summary, "template", NULL));
  self->title = g_strdup (tj_json_get_string (summary, "title", ""));
  self->format = g_strdup (tj_json_get_string (summary, "format", "pdf"));
  self->version = (int) tj_json_get_int (summary, "version", 1);
  self->generated_at = g_strdup (tj_json_get_string (summary, "generated_at", NULL));
  self->dated = g_strdup (tj_json_get_string (summary, "dated", NULL));
  self->is_signed = tj_json_get_bool (summary, "signed", FALSE);
  self->signed_at = g_strdup (tj_json_get_string (summary, "signed_at", NULL));
  self->n_scans = scans ? json_array_get_length (scans) : 0;
  self->sha256 = g_strdup (tj_json_get_string (summary, "sha256", NULL));
  self->length = tj_json_get_int (summary, "length", 0);
  self->filename = g_strdup (tj_json_get_string (summary, "filename", NULL));
  return self;
}

/* Whether two reads of the same version show the same: a version's file
 * never changes, only its signature and scans. */
static gboolean
same_paper (TjPaper *a,
            TjPaper *b)
{
  return g_strcmp0 (a->id, b->id) == 0 && a->is_signed == b->is_signed && a->n_scans == b->n_scans &&
         g_strcmp0 (a->signed_at, b->signed_at) == 0 && g_strcmp0 (a->sha256, b->sha256) == 0 &&
         g_strcmp0 (a->title, b->title) == 0;
}

#define GETTER(type, name, field, fallback)                \
  type                                                     \
  tj_paper_get_##name (TjPaper *self)                      \
  {                                                        \
    g_return_val_if_fail (TJ_IS_PAPER (self), fallback);   \
    return self->field;                                    \
  }
GETTER (const char *, id, id, NULL)
GETTER (const char *, template, template, NULL)
GETTER (const char *, title, title, NULL)
GETTER (const char *, format, format, NULL)
GETTER (int, version, version, 0)
GETTER (const char *, generated_at, generated_at, NULL)
GETTER (const char *, dated, dated, NULL)
GETTER (gboolean, signed, is_signed, FALSE)
GETTER (const char *, signed_at, signed_at, NULL)
GETTER (guint, n_scans, n_scans, 0)
GETTER (const char *, sha256, sha256, NULL)
GETTER (gint64, length, length, 0)
GETTER (const char *, filename, filename, NULL)
#undef GETTER

/* -------------------------------------------------------- TjPaperList */

struct _TjPaperList
{
  GObject        parent_instance;

  TjRepository  *repository;
  char          *case_id;
  GPtrArray     *papers;        /* TjPaper, newest first */
  GCancellable  *cancellable;   /* of the read under way */
  gboolean       loaded;
};

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (TjPaperList, tj_paper_list, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

enum {
  PROP_0,
  PROP_REPOSITORY,
  PROP_CASE_ID,
  PROP_LOADING,
  PROP_LOADED,
  PROP_N_ITEMS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static GType
tj_paper_list_get_item_type (GListModel *model)
{
  return TJ_TYPE_PAPER;
}

static guint
tj_paper_list_get_n_items (GListModel *model)
{
  return TJ_PAPER_LIST (model)->papers->len;
}

static gpointer
tj_paper_list_get_item (GListModel *model,
                        guint       position)
{
  TjPaperList *self = TJ_PAPER_LIST (model);

  return position < self->papers->len ? g_object_ref (self->papers->pdata[position]) : NULL;
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = tj_paper_list_get_item_type;
  iface->get_n_items = tj_paper_list_get_n_items;
  iface->get_item = tj_paper_list_get_item;
}

/* What the worker reads. */
typedef struct {
  char         *case_id;
  GCancellable *cancellable;   /* which read this is */
  JsonArray    *papers;
} Read;

static void
read_free (Read *read)
{
  g_free (read->case_id);
  g_clear_object (&read->cancellable);
  g_clear_pointer (&read->papers, json_array_unref);
  g_free (read);
}

static gboolean
read_papers (TjStore  *store,
             gpointer  data,
             GError  **error)
{
  Read *read = data;

  read->papers = tj_papers_list (store, read->case_id, error);
  return read->papers != NULL;
}

static void
set_papers (TjPaperList *self,
            JsonArray   *papers)
{
  g_autoptr(GPtrArray) fresh = g_ptr_array_new_with_free_func (g_object_unref);
  guint old = self->papers->len;
  gboolean same;

  for (guint i = 0; i < json_array_get_length (papers); i++)
    g_ptr_array_add (fresh, paper_new (json_array_get_object_element (papers, i)));
  same = fresh->len == old;
  for (guint i = 0; same && i < old; i++)
    same = same_paper (self->papers->pdata[i], fresh->pdata[i]);
  if (same)
    return;
  g_ptr_array_unref (self->papers);
  self->papers = g_steal_pointer (&fresh);
  g_list_model_items_changed (G_LIST_MODEL (self), 0, old, self->papers->len);
  if (old != self->papers->len)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ITEMS]);
}

static void
read_done_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  TjPaperList *self = g_task_get_source_object (task);
  g_autoptr(GError) error = NULL;
  Read *read = NULL;
  gboolean ok = tj_repository_run_finish (TJ_REPOSITORY (source), result, (gpointer *) &read, &error);

  /* Only the newest read sets the list; an older one was cancelled by it
   * (or finished before it noticed). */
  if (read->cancellable != self->cancellable)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED, "Superseded by a newer read");
      return;
    }
  g_clear_object (&self->cancellable);
  if (ok)
    {
      set_papers (self, read->papers);
      if (!self->loaded)
        {
          self->loaded = TRUE;
          g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADED]);
        }
    }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
  if (ok)
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, g_steal_pointer (&error));
}

void
tj_paper_list_reload_async (TjPaperList         *self,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  Read *read;

  g_return_if_fail (TJ_IS_PAPER_LIST (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, tj_paper_list_reload_async);

  /* Only the newest read may set the list. */
  if (self->cancellable)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  if (cancellable)
    g_cancellable_connect (cancellable, G_CALLBACK (g_cancellable_cancel), g_object_ref (self->cancellable),
                           g_object_unref);

  read = g_new0 (Read, 1);
  read->case_id = g_strdup (self->case_id);
  read->cancellable = g_object_ref (self->cancellable);
  tj_repository_run_async (self->repository, read_papers, read, (GDestroyNotify) read_free, self->cancellable,
                           read_done_cb, g_steal_pointer (&task));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
}

gboolean
tj_paper_list_reload_finish (TjPaperList   *self,
                             GAsyncResult  *result,
                             GError       **error)
{
  g_return_val_if_fail (TJ_IS_PAPER_LIST (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
reloaded_quietly_cb (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  if (!tj_paper_list_reload_finish (TJ_PAPER_LIST (source), result, &error) &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_warning ("The papers of a case could not be read again: %s", error->message);
}

/* A paper generated, signed or synced in, here or by another program. */
static void
changed_cb (TjRepository *repository,
            GStrv         ids,
            gint64        seq,
            TjPaperList  *self)
{
  static const char * const types[] = { "paper", NULL };

  if (tj_repository_changes_concern (repository, (const char * const *) ids, types, self->case_id))
    tj_paper_list_reload_async (self, NULL, reloaded_quietly_cb, NULL);
}

TjPaperList *
tj_paper_list_new (TjRepository *repository,
                   const char   *case_id)
{
  g_return_val_if_fail (TJ_IS_REPOSITORY (repository), NULL);
  g_return_val_if_fail (case_id != NULL, NULL);

  return g_object_new (TJ_TYPE_PAPER_LIST, "repository", repository, "case-id", case_id, NULL);
}

const char *
tj_paper_list_get_case_id (TjPaperList *self)
{
  g_return_val_if_fail (TJ_IS_PAPER_LIST (self), NULL);
  return self->case_id;
}

gboolean
tj_paper_list_get_loading (TjPaperList *self)
{
  g_return_val_if_fail (TJ_IS_PAPER_LIST (self), FALSE);
  return self->cancellable != NULL;
}

gboolean
tj_paper_list_get_loaded (TjPaperList *self)
{
  g_return_val_if_fail (TJ_IS_PAPER_LIST (self), FALSE);
  return self->loaded;
}

TjPaper *
tj_paper_list_find (TjPaperList *self,
                    const char  *paper_id)
{
  g_return_val_if_fail (TJ_IS_PAPER_LIST (self), NULL);

  for (guint i = 0; i < self->papers->len; i++)
    if (g_strcmp0 (TJ_PAPER (self->papers->pdata[i])->id, paper_id) == 0)
      return self->papers->pdata[i];
  return NULL;
}

static void
tj_paper_list_constructed (GObject *object)
{
  TjPaperList *self = TJ_PAPER_LIST (object);

  G_OBJECT_CLASS (tj_paper_list_parent_class)->constructed (object);
  g_signal_connect_object (self->repository, "changed", G_CALLBACK (changed_cb), self, 0);
}

static void
tj_paper_list_dispose (GObject *object)
{
  TjPaperList *self = TJ_PAPER_LIST (object);

  if (self->cancellable)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->repository);
  G_OBJECT_CLASS (tj_paper_list_parent_class)->dispose (object);
}

static void
tj_paper_list_finalize (GObject *object)
{
  TjPaperList *self = TJ_PAPER_LIST (object);

  g_free (self->case_id);
  g_ptr_array_unref (self->papers);
  G_OBJECT_CLASS (tj_paper_list_parent_class)->finalize (object);
}

static void
tj_paper_list_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  TjPaperList *self = TJ_PAPER_LIST (object);

  switch (prop_id)
    {
    case PROP_REPOSITORY: g_value_set_object (value, self->repository); break;
    case PROP_CASE_ID: g_value_set_string (value, self->case_id); break;
    case PROP_LOADING: g_value_set_boolean (value, tj_paper_list_get_loading (self)); break;
    case PROP_LOADED: g_value_set_boolean (value, self->loaded); break;
    case PROP_N_ITEMS: g_value_set_uint (value, self->papers->len); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tj_paper_list_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  TjPaperList *self = TJ_PAPER_LIST (object);

  switch (prop_id)
    {
    case PROP_REPOSITORY: self->repository = g_value_dup_object (value); break;
    case PROP_CASE_ID: self->case_id = g_value_dup_string (value); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tj_paper_list_class_init (TjPaperListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags ro = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;
  const GParamFlags construct = G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS;

  object_class->constructed = tj_paper_list_constructed;
  object_class->dispose = tj_paper_list_dispose;
  object_class->finalize = tj_paper_list_finalize;
  object_class->get_property = tj_paper_list_get_property;
  object_class->set_property = tj_paper_list_set_property;

  properties[PROP_REPOSITORY] = g_param_spec_object ("repository", NULL, NULL, TJ_TYPE_REPOSITORY, construct);
  properties[PROP_CASE_ID] = g_param_spec_string ("case-id", NULL, NULL, NULL, construct);
  properties[PROP_LOADING] = g_param_spec_boolean ("loading", NULL, NULL, FALSE, ro);
  properties[PROP_LOADED] = g_param_spec_boolean ("loaded", NULL, NULL, FALSE, ro);
  properties[PROP_N_ITEMS] = g_param_spec_uint ("n-items", NULL, NULL, 0, G_MAXUINT, 0, ro);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
tj_paper_list_init (TjPaperList *self)
{
  self->papers = g_ptr_array_new_with_free_func (g_object_unref);
}
