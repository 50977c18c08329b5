/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Tiaojie-Model"

/* See tj-paged-list.h. Two kinds of job go to the repository's worker: a
 * reload (count, plus the pages in view read again) and a page read. Both
 * carry the generation they were asked in; a result of an older
 * generation is dropped, so a burst of reloads (typing a search) ends
 * with the last one only. Everything here runs on the main thread except
 * the job functions, which see only the job. */

#include "tj-i18n.h"
#include "tj-paged-list.h"
#include "tj-row-private.h"

#define DEFAULT_PAGE_SIZE 100
/* Pages held: what a tall window shows, and some scrolling either way. */
#define MAX_PAGES 12
/* Pages a reload reads again besides the first: the ones in view. */
#define RELOAD_PAGES 2

typedef struct
{
  GPtrArray    *items;       /* TjRow, placeholders until the page is read */
  GCancellable *cancellable; /* its read; cancelled when the page is dropped */
} Page;

typedef struct
{
  TjRepository   *repository;
  gpointer        query;         /* the query the count and pages are of */
  GDestroyNotify  query_clear;
  gpointer        next_query;    /* set, taken by the next reload */
  GDestroyNotify  next_clear;
  gpointer        pending_query; /* taken by a reload still under way */
  GDestroyNotify  pending_clear;
  guint           n_items;
  guint           generation;
  GHashTable     *pages;         /* page index → Page */
  GQueue          lru;           /* page indexes, most recent first */
  GCancellable   *reload_cancellable;
  guint           reloads;       /* under way */
  gboolean        recount_asked; /* a page came back short: once per generation */
} TjPagedListPrivate;

static void tj_paged_list_model_init (GListModelInterface *iface);

G_DEFINE_TYPE_WITH_CODE (TjPagedList, tj_paged_list, G_TYPE_OBJECT,
                         G_ADD_PRIVATE (TjPagedList)
                         G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, tj_paged_list_model_init))

enum {
  PROP_0,
  PROP_REPOSITORY,
  PROP_N_ITEMS,
  PROP_LOADING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static guint
page_size (TjPagedList *self)
{
  guint size = TJ_PAGED_LIST_GET_CLASS (self)->page_size;

  return size ? size : DEFAULT_PAGE_SIZE;
}

static void
page_free (gpointer data)
{
  Page *page = data;

  g_cancellable_cancel (page->cancellable);
  g_object_unref (page->cancellable);
  g_ptr_array_unref (page->items);
  g_free (page);
}

/* ------------------------------------------------------------------ */
/* Jobs                                                                 */

typedef struct
{
  TjPagedListClass *klass;       /* vfuncs: static, safe on any thread */
  gpointer          query;       /* a reference of its own */
  GDestroyNotify    clear;
  guint             generation;
  guint             page_size;
  gboolean          count;
  guint             n_items;
  JsonObject       *summary;
  GArray           *pages;       /* guint page indexes to read */
  GPtrArray        *rows;        /* JsonArray per page (NULL past the end) */
  GCancellable     *cancellable; /* a page read's: its page's */
} Job;

static void
job_free (gpointer data)
{
  Job *job = data;

  if (job->query)
    g_atomic_rc_box_release_full (job->query, job->clear);
  g_clear_pointer (&job->summary, json_object_unref);
  g_clear_pointer (&job->pages, g_array_unref);
  g_clear_pointer (&job->rows, g_ptr_array_unref);
  g_clear_object (&job->cancellable);
  g_free (job);
}

static void
rows_free (gpointer rows)
{
  if (rows)
    json_array_unref (rows);
}

static Job *
job_new (TjPagedList   *self,
         gpointer       query,
         GDestroyNotify clear)
{
  TjPagedListPrivate *priv = tj_paged_list_get_instance_private (self);
  Job *job = g_new0 (Job, 1);

  job->klass = TJ_PAGED_LIST_GET_CLASS (self);
  job->query = query ? g_atomic_rc_box_acquire (query) : NULL;
  job->clear = clear;
  job->generation = priv->generation;
  job->page_size = page_size (self);
  job->pages = g_array_new (FALSE, FALSE, sizeof (guint));
  job->rows = g_ptr_array_new_with_free_func (rows_free);
  return job;
}

/* The worker. */
static gboolean
job_run (TjStore  *store,
         gpointer  data,
         GError  **error)
{
  Job *job = data;

  if (job->query == NULL)
    return TRUE;   /* no query yet: nothing */
  if (job->count && !job->klass->count (store, job->query, &job->n_items, &job->summary, error))
    return FALSE;
  for (guint i = 0; i < job->pages->len; i++)
    {
      guint page = g_array_index (job->pages, guint, i);
      JsonArray *rows = NULL;

      if (!job->count || (guint64) page * job->page_size < job->n_items)
        {
          rows = job->klass->fetch (store, job->query, page * job->page_size, job->page_size, error);
          if (rows == NULL)
            return FALSE;
        }
      g_ptr_array_add (job->rows, rows);
    }
  return TRUE;
}

/* ------------------------------------------------------------------ */
/* Pages                                                                */

static void reload_quietly (TjPagedList *self);

static void
drop_pages (TjPagedList *self)
{
  TjPagedListPrivate *priv = tj_paged_list_get_instance_private (self);

  g_hash_table_remove_all (priv->pages);
  g_queue_clear (&priv->lru);
}

static void
hold_page (TjPagedList *self,
           guint        index,
           Page        *page)
{
  TjPagedListPrivate *priv = tj_paged_list_get_instance_private (self);

  g_hash_table_insert (priv->pages, GUINT_TO_POINTER (index), page);
  g_queue_push_head (&priv->lru, GUINT_TO_POINTER (index));
  while (g_queue_get_length (&priv->lru) > MAX_PAGES)
    g_hash_table_remove (priv->pages, g_queue_pop_tail (&priv->lru));
}

static Page *
page_new (void)
{
  Page *page = g_new0 (Page, 1);

  page->items = g_ptr_array_new_with_free_func (g_object_unref);
  page->cancellable = g_cancellable_new ();
  return page;
}

static void
page_read_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(TjPagedList) self = user_data;
  TjPagedListPrivate *priv = tj_paged_list_get_instance_private (self);
  g_autoptr(GError) error = NULL;
  gpointer data = NULL;
  JsonArray *rows;
  Page *page;
  Job *job;
  guint index;

  if (!tj_repository_run_finish (TJ_REPOSITORY (source), result, &data, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_warning ("Cannot read a page of the list: %s", error->message);
      return;
    }
  job = data;
  index = g_array_index (job->pages, guint, 0);
  page = g_hash_table_lookup (priv->pages, GUINT_TO_POINTER (index));
  /* Reloaded or dropped since: not these rows. */
  if (job->generation != priv->generation || page == NULL || page->cancellable != job->cancellable ||
      job->rows->len == 0)
    return;
  rows = g_ptr_array_index (job->rows, 0);
  for (guint i = 0; i < page->items->len && i < json_array_get_length (rows); i++)
    _tj_row_set_data (g_ptr_array_index (page->items, i), json_array_get_object_element (rows, i));
  /* Fewer rows than counted: the data changed in between, and the
   * repository's "changed" may not concern this list's owner. */
  if (json_array_get_length (rows) < page->items->len && !priv->recount_asked)
    {
      priv->recount_asked = TRUE;
      reload_quietly (self);
    }
}

static Page *
request_page (TjPagedList *self,
              guint        index)
{
  TjPagedListPrivate *priv = tj_paged_list_get_instance_private (self);
  GType type = TJ_PAGED_LIST_GET_CLASS (self)->item_type;
  guint size = page_size (self);
  guint n = MIN (size, priv->n_items - index * size);
  Page *page = page_new ();
  Job *job;

  for (guint i = 0; i < n; i++)
    g_ptr_array_add (page->items, g_object_new (type, NULL));
  hold_page (self, index, page);

  job = job_new (self, priv->query, priv->query_clear);
  g_array_append_val (job->pages, index);
  job->cancellable = g_object_ref (page->cancellable);
  tj_repository_run_async (priv->repository, job_run, job, job_free, page->cancellable, page_read_cb,
                           g_object_ref (self));
  return page;
}

/* ------------------------------------------------------------------ */
/* GListModel                                                           */

static GType
tj_paged_list_get_item_type (GListModel *model)
{
  return TJ_PAGED_LIST_GET_CLASS (model)->item_type;
}

static guint
tj_paged_list_get_n_items (GListModel *model)
{
  TjPagedListPrivate *priv = tj_paged_list_get_instance_private (TJ_PAGED_LIST (model));

  return priv->n_items;
}

static gpointer
tj_paged_list_get_item (GListModel *model,
                        guint       position)
{
  TjPagedList *self = TJ_PAGED_LIST (model);
  TjPagedListPrivate *priv = tj_paged_list_get_instance_private (self);
  guint size = page_size (self);
  guint index = position / size;
  Page *page;

  if (position >= priv->n_items)
    return NULL;
  page = g_hash_table_lookup (priv->pages, GUINT_TO_POINTER (index));
  if (page == NULL)
    page = request_page (self, index);
  else if (g_queue_peek_head (&priv->lru) != GUINT_TO_POINTER (index))
    {
      g_queue_remove (&priv->lru, GUINT_TO_POINTER (index));
      g_queue_push_head (&priv->lru, GUINT_TO_POINTER (index));
    }
  if (position % size >= page->items->len)
    return NULL;
  return g_object_ref (g_ptr_array_index (page->items, position % size));
}

static void
tj_paged_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = tj_paged_list_get_item_type;
  iface->get_n_items = tj_paged_list_get_n_items;
  iface->get_item = tj_paged_list_get_item;
}

/* ------------------------------------------------------------------ */
/* Reloading                                                            */

static void
set_loading (TjPagedList *self,
             gboolean     more)
{
  TjPagedListPrivate *priv = tj_paged_list_get_instance_private (self);
  gboolean was = priv->reloads > 0;

  if (more)
    priv->reloads++;
  else if (priv->reloads > 0)
    priv->reloads--;
  if (was != (priv->reloads > 0))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
}

static void
reload_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  TjPagedList *self = g_task_get_source_object (task);
  TjPagedListPrivate *priv = tj_paged_list_get_instance_private (self);
  GType type = TJ_PAGED_LIST_GET_CLASS (self)->item_type;
  g_autoptr(GError) error = NULL;
  gpointer data = NULL;
  Job *job;
  guint old;

  set_loading (self, FALSE);
  if (!tj_repository_run_finish (TJ_REPOSITORY (source), result, &data, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  job = data;
  if (job->generation != priv->generation)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED, "superseded");
      return;
    }
  if (g_task_return_error_if_cancelled (task))
    return;

  /* From here on the pages and the count are of the job's query, the
   * newest asked for. */
  if (priv->query)
    g_atomic_rc_box_release_full (priv->query, priv->query_clear);
  priv->query = job->query ? g_atomic_rc_box_acquire (job->query) : NULL;
  priv->query_clear = job->clear;
  if (priv->pending_query)
    g_atomic_rc_box_release_full (g_steal_pointer (&priv->pending_query), priv->pending_clear);
  priv->recount_asked = FALSE;

  old = priv->n_items;
  drop_pages (self);
  priv->n_items = job->n_items;
  /* A job without a query read no page. */
  for (guint i = MIN (job->pages->len, job->rows->len); i > 0; i--)
    {
      JsonArray *rows = g_ptr_array_index (job->rows, i - 1);
      guint index = g_array_index (job->pages, guint, i - 1);
      Page *page;

      if (rows == NULL || g_hash_table_contains (priv->pages, GUINT_TO_POINTER (index)))
        continue;
      page = page_new ();
      for (guint r = 0; r < json_array_get_length (rows) && r < job->page_size; r++)
        g_ptr_array_add (page->items, _tj_row_new (type, json_array_get_object_element (rows, r)));
      /* A short page is all there is; a page that would be long is
       * read again in full when asked for. */
      if (page->items->len < MIN (job->page_size, priv->n_items - index * job->page_size))
        {
          page_free (page);
          continue;
        }
      hold_page (self, index, page);
    }

  g_list_model_items_changed (G_LIST_MODEL (self), 0, old, priv->n_items);
  if (old != priv->n_items)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ITEMS]);
  if (TJ_PAGED_LIST_GET_CLASS (self)->counted)
    TJ_PAGED_LIST_GET_CLASS (self)->counted (self, job->summary);
  g_task_return_boolean (task, TRUE);
}

void
tj_paged_list_reload_async (TjPagedList         *self,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  TjPagedListPrivate *priv = tj_paged_list_get_instance_private (self);
  GTask *task;
  Job *job;
  GList *l;

  g_return_if_fail (TJ_IS_PAGED_LIST (self));
  g_return_if_fail (priv->repository != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, tj_paged_list_reload_async);

  /* A newer reload: the one under way may be skipped on the worker. */
  priv->generation++;
  g_cancellable_cancel (priv->reload_cancellable);
  g_clear_object (&priv->reload_cancellable);
  priv->reload_cancellable = g_cancellable_new ();

  /* The newest query asked for: one set since, or the one a reload
   * still under way took, not the one shown, which is older. */
  if (priv->next_query)
    {
      if (priv->pending_query)
        g_atomic_rc_box_release_full (priv->pending_query, priv->pending_clear);
      priv->pending_query = g_steal_pointer (&priv->next_query);
      priv->pending_clear = priv->next_clear;
    }
  if (priv->pending_query)
    job = job_new (self, priv->pending_query, priv->pending_clear);
  else
    job = job_new (self, priv->query, priv->query_clear);
  job->count = TRUE;
  /* The first page, and the pages in view, so that the rows shown are
   * replaced by their new values rather than by placeholders. */
  g_array_append_val (job->pages, (guint) { 0 });
  for (l = priv->lru.head; l && job->pages->len < 1 + RELOAD_PAGES; l = l->next)
    if (GPOINTER_TO_UINT (l->data) != 0)
      g_array_append_val (job->pages, (guint) { GPOINTER_TO_UINT (l->data) });

  set_loading (self, TRUE);
  tj_repository_run_async (priv->repository, job_run, job, job_free, priv->reload_cancellable, reload_cb, task);
}

gboolean
tj_paged_list_reload_finish (TjPagedList   *self,
                             GAsyncResult  *result,
                             GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
reload_quietly_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  if (!tj_paged_list_reload_finish (TJ_PAGED_LIST (source), result, &error) &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_warning ("Cannot count the list again: %s", error->message);
}

static void
reload_quietly (TjPagedList *self)
{
  tj_paged_list_reload_async (self, NULL, reload_quietly_cb, NULL);
}

/* ------------------------------------------------------------------ */
/* The rest                                                             */

void
_tj_paged_list_set_query (TjPagedList    *self,
                          gpointer        query,
                          GDestroyNotify  clear)
{
  TjPagedListPrivate *priv = tj_paged_list_get_instance_private (self);

  g_return_if_fail (TJ_IS_PAGED_LIST (self));

  if (priv->next_query)
    g_atomic_rc_box_release_full (priv->next_query, priv->next_clear);
  priv->next_query = query;
  priv->next_clear = clear;
}

gconstpointer
_tj_paged_list_get_query (TjPagedList *self)
{
  TjPagedListPrivate *priv = tj_paged_list_get_instance_private (self);

  g_return_val_if_fail (TJ_IS_PAGED_LIST (self), NULL);
  if (priv->next_query)
    return priv->next_query;
  return priv->pending_query ? priv->pending_query : priv->query;
}

TjRepository *
tj_paged_list_get_repository (TjPagedList *self)
{
  TjPagedListPrivate *priv = tj_paged_list_get_instance_private (self);

  g_return_val_if_fail (TJ_IS_PAGED_LIST (self), NULL);
  return priv->repository;
}

gboolean
tj_paged_list_get_loading (TjPagedList *self)
{
  TjPagedListPrivate *priv = tj_paged_list_get_instance_private (self);

  g_return_val_if_fail (TJ_IS_PAGED_LIST (self), FALSE);
  return priv->reloads > 0;
}

static void
tj_paged_list_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  TjPagedList *self = TJ_PAGED_LIST (object);
  TjPagedListPrivate *priv = tj_paged_list_get_instance_private (self);

  switch (prop_id)
    {
    case PROP_REPOSITORY:
      g_value_set_object (value, priv->repository);
      break;
    case PROP_N_ITEMS:
      g_value_set_uint (value, priv->n_items);
      break;
    case PROP_LOADING:
      g_value_set_boolean (value, priv->reloads > 0);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tj_paged_list_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  TjPagedListPrivate *priv = tj_paged_list_get_instance_private (TJ_PAGED_LIST (object));

  switch (prop_id)
    {
    case PROP_REPOSITORY:
      priv->repository = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tj_paged_list_dispose (GObject *object)
{
  TjPagedListPrivate *priv = tj_paged_list_get_instance_private (TJ_PAGED_LIST (object));

  g_cancellable_cancel (priv->reload_cancellable);
  g_clear_object (&priv->reload_cancellable);
  drop_pages (TJ_PAGED_LIST (object));

  G_OBJECT_CLASS (tj_paged_list_parent_class)->dispose (object);
}

static void
tj_paged_list_finalize (GObject *object)
{
  TjPagedListPrivate *priv = tj_paged_list_get_instance_private (TJ_PAGED_LIST (object));

  if (priv->query)
    g_atomic_rc_box_release_full (priv->query, priv->query_clear);
  if (priv->next_query)
    g_atomic_rc_box_release_full (priv->next_query, priv->next_clear);
  if (priv->pending_query)
    g_atomic_rc_box_release_full (priv->pending_query, priv->pending_clear);
  g_hash_table_unref (priv->pages);
  g_clear_object (&priv->repository);

  G_OBJECT_CLASS (tj_paged_list_parent_class)->finalize (object);
}

static void
tj_paged_list_class_init (TjPagedListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = tj_paged_list_get_property;
  object_class->set_property = tj_paged_list_set_property;
  object_class->dispose = tj_paged_list_dispose;
  object_class->finalize = tj_paged_list_finalize;

  klass->item_type = TJ_TYPE_ROW;

  properties[PROP_REPOSITORY] =
    g_param_spec_object ("repository", NULL, NULL, TJ_TYPE_REPOSITORY,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_N_ITEMS] =
    g_param_spec_uint ("n-items", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_LOADING] =
    g_param_spec_boolean ("loading", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
tj_paged_list_init (TjPagedList *self)
{
  TjPagedListPrivate *priv = tj_paged_list_get_instance_private (self);

  priv->pages = g_hash_table_new_full (NULL, NULL, NULL, page_free);
  g_queue_init (&priv->lru);
}
