/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Tiaojie-Case"

#include "tj-case-list.h"
#include "tj-json.h"
#include "tj-repository.h"

#define PAGE_SIZE 100
#define MAX_PAGES 20 /* pages kept; older ones are dropped */

/* ------------------------------------------------------------------ */
/* TjCaseRow                                                            */

struct _TjCaseRow
{
  GObject     parent_instance;
  JsonObject *row;
};

G_DEFINE_FINAL_TYPE (TjCaseRow, tj_case_row, G_TYPE_OBJECT)

enum {
  ROW_PROP_0,
  ROW_PROP_ID,
  ROW_PROP_NUMBER,
  ROW_PROP_TITLE,
  ROW_PROP_STATUS,
  ROW_PROP_KIND,
  ROW_PROP_SOURCE,
  ROW_PROP_RECEIVED_ON,
  ROW_PROP_EMPLOYER,
  ROW_PROP_WORKERS,
  ROW_PROP_OWED_FEN,
  ROW_PROP_FLAGGED,
  ROW_PROP_MEDIATION_DEADLINE,
  ROW_PROP_DAYS_LEFT,
  ROW_N_PROPS
};

static GParamSpec *row_properties[ROW_N_PROPS];

static const char *
row_string (TjCaseRow  *self,
            const char *member)
{
  return tj_json_get_string (self->row, member, "");
}

const char *tj_case_row_get_id (TjCaseRow *self) { return row_string (self, "id"); }
const char *tj_case_row_get_number (TjCaseRow *self) { return row_string (self, "number"); }
const char *tj_case_row_get_title (TjCaseRow *self) { return row_string (self, "title"); }
const char *tj_case_row_get_status (TjCaseRow *self) { return row_string (self, "status"); }
const char *tj_case_row_get_kind (TjCaseRow *self) { return row_string (self, "kind"); }
const char *tj_case_row_get_source (TjCaseRow *self) { return row_string (self, "source"); }
const char *tj_case_row_get_received_on (TjCaseRow *self) { return row_string (self, "received_on"); }
const char *tj_case_row_get_employer (TjCaseRow *self) { return row_string (self, "employer"); }
const char *tj_case_row_get_mediation_deadline (TjCaseRow *self) { return row_string (self, "mediation_deadline"); }
guint tj_case_row_get_workers (TjCaseRow *self) { return (guint) tj_json_get_int (self->row, "workers", 0); }
gint64 tj_case_row_get_owed_fen (TjCaseRow *self)
{
  return MAX (tj_json_get_int (self->row, "owed_fen", 0), tj_json_get_int (self->row, "claimed_fen", 0));
}
gboolean tj_case_row_get_flagged (TjCaseRow *self) { return tj_json_get_bool (self->row, "flagged", FALSE); }
int tj_case_row_get_days_left (TjCaseRow *self) { return (int) tj_json_get_int (self->row, "days_left", G_MININT); }

static void
tj_case_row_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  TjCaseRow *self = TJ_CASE_ROW (object);

  switch (prop_id)
    {
    case ROW_PROP_ID: g_value_set_string (value, tj_case_row_get_id (self)); break;
    case ROW_PROP_NUMBER: g_value_set_string (value, tj_case_row_get_number (self)); break;
    case ROW_PROP_TITLE: g_value_set_string (value, tj_case_row_get_title (self)); break;
    case ROW_PROP_STATUS: g_value_set_string (value, tj_case_row_get_status (self)); break;
    case ROW_PROP_KIND: g_value_set_string (value, tj_case_row_get_kind (self)); break;
    case ROW_PROP_SOURCE: g_value_set_string (value, tj_case_row_get_source (self)); break;
    case ROW_PROP_RECEIVED_ON: g_value_set_string (value, tj_case_row_get_received_on (self)); break;
    case ROW_PROP_EMPLOYER: g_value_set_string (value, tj_case_row_get_employer (self)); break;
    case ROW_PROP_WORKERS: g_value_set_uint (value, tj_case_row_get_workers (self)); break;
    case ROW_PROP_OWED_FEN: g_value_set_int64 (value, tj_case_row_get_owed_fen (self)); break;
    case ROW_PROP_FLAGGED: g_value_set_boolean (value, tj_case_row_get_flagged (self)); break;
    case ROW_PROP_MEDIATION_DEADLINE: g_value_set_string (value, tj_case_row_get_mediation_deadline (self)); break;
    case ROW_PROP_DAYS_LEFT: g_value_set_int (value, tj_case_row_get_days_left (self)); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tj_case_row_finalize (GObject *object)
{
  g_clear_pointer (&TJ_CASE_ROW (object)->row, json_object_unref);
  G_OBJECT_CLASS (tj_case_row_parent_class)->finalize (object);
}

static void
tj_case_row_class_init (TjCaseRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags f = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS;
  static const struct { guint id; const char *name; } strings[] = {
    { ROW_PROP_ID, "id" }, { ROW_PROP_NUMBER, "number" }, { ROW_PROP_TITLE, "title" },
    { ROW_PROP_STATUS, "status" }, { ROW_PROP_KIND, "kind" }, { ROW_PROP_SOURCE, "source" },
    { ROW_PROP_RECEIVED_ON, "received-on" }, { ROW_PROP_EMPLOYER, "employer" },
    { ROW_PROP_MEDIATION_DEADLINE, "mediation-deadline" },
  };

  object_class->get_property = tj_case_row_get_property;
  object_class->finalize = tj_case_row_finalize;
  for (guint i = 0; i < G_N_ELEMENTS (strings); i++)
    row_properties[strings[i].id] = g_param_spec_string (strings[i].name, NULL, NULL, NULL, f);
  row_properties[ROW_PROP_WORKERS] = g_param_spec_uint ("workers", NULL, NULL, 0, G_MAXUINT, 0, f);
  row_properties[ROW_PROP_OWED_FEN] = g_param_spec_int64 ("owed-fen", NULL, NULL, 0, G_MAXINT64, 0, f);
  row_properties[ROW_PROP_FLAGGED] = g_param_spec_boolean ("flagged", NULL, NULL, FALSE, f);
  row_properties[ROW_PROP_DAYS_LEFT] = g_param_spec_int ("days-left", NULL, NULL, G_MININT, G_MAXINT, G_MININT, f);
  g_object_class_install_properties (object_class, ROW_N_PROPS, row_properties);
}

static void
tj_case_row_init (TjCaseRow *self)
{
}

static TjCaseRow *
tj_case_row_new (JsonObject *row)
{
  TjCaseRow *self = g_object_new (TJ_TYPE_CASE_ROW, NULL);
  self->row = json_object_ref (row);
  return self;
}

/* ------------------------------------------------------------------ */
/* TjCaseList                                                           */

struct _TjCaseList
{
  GObject      parent_instance;
  TjStore     *store;
  TjCaseQuery  query;
  char        *strings[6];   /* owned copies of the query's strings */
  guint        n_items;
  guint        generation;   /* bumped by each reload and query */
  GHashTable  *pages;        /* page index -> GPtrArray of TjCaseRow */
  GQueue       lru;          /* page indexes, most recent first */
};

static void tj_case_list_model_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (TjCaseList, tj_case_list, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, tj_case_list_model_init))

static GType
tj_case_list_get_item_type (GListModel *model)
{
  return TJ_TYPE_CASE_ROW;
}

static guint
tj_case_list_get_n_items (GListModel *model)
{
  return TJ_CASE_LIST (model)->n_items;
}

static GPtrArray *
load_page (TjCaseList *self,
           guint       page)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonArray) rows = NULL;
  TjCaseQuery q = self->query;
  GPtrArray *items;

  q.limit = PAGE_SIZE;
  q.offset = page * PAGE_SIZE;
  rows = tj_case_list (self->store, &q, &error);
  if (rows == NULL)
    {
      g_warning ("Cannot read the case list: %s", error->message);
      return NULL;
    }
  items = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < json_array_get_length (rows); i++)
    g_ptr_array_add (items, tj_case_row_new (json_array_get_object_element (rows, i)));

  g_hash_table_insert (self->pages, GUINT_TO_POINTER (page), items);
  g_queue_push_head (&self->lru, GUINT_TO_POINTER (page));
  if (g_queue_get_length (&self->lru) > MAX_PAGES)
    g_hash_table_remove (self->pages, g_queue_pop_tail (&self->lru));
  return items;
}

static gpointer
tj_case_list_get_item (GListModel *model,
                       guint       position)
{
  TjCaseList *self = TJ_CASE_LIST (model);
  guint page = position / PAGE_SIZE;
  GPtrArray *items;

  if (position >= self->n_items)
    return NULL;
  items = g_hash_table_lookup (self->pages, GUINT_TO_POINTER (page));
  if (items == NULL)
    items = load_page (self, page);
  else
    {
      g_queue_remove (&self->lru, GUINT_TO_POINTER (page));
      g_queue_push_head (&self->lru, GUINT_TO_POINTER (page));
    }
  if (items == NULL || position % PAGE_SIZE >= items->len)
    return NULL;
  return g_object_ref (g_ptr_array_index (items, position % PAGE_SIZE));
}

static void
tj_case_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = tj_case_list_get_item_type;
  iface->get_n_items = tj_case_list_get_n_items;
  iface->get_item = tj_case_list_get_item;
}

static void
tj_case_list_finalize (GObject *object)
{
  TjCaseList *self = TJ_CASE_LIST (object);

  g_clear_object (&self->store);
  g_hash_table_unref (self->pages);
  g_queue_clear (&self->lru);
  for (guint i = 0; i < G_N_ELEMENTS (self->strings); i++)
    g_free (self->strings[i]);
  G_OBJECT_CLASS (tj_case_list_parent_class)->finalize (object);
}

static void
tj_case_list_class_init (TjCaseListClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = tj_case_list_finalize;
}

static void
tj_case_list_init (TjCaseList *self)
{
  self->pages = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify) g_ptr_array_unref);
  g_queue_init (&self->lru);
  tj_case_query_init (&self->query);
}

TjCaseList *
tj_case_list_new (TjStore *store)
{
  TjCaseList *self;

  g_return_val_if_fail (TJ_IS_STORE (store), NULL);
  self = g_object_new (TJ_TYPE_CASE_LIST, NULL);
  self->store = g_object_ref (store);
  return self;
}

void
tj_case_list_set_query (TjCaseList        *self,
                        const TjCaseQuery *query)
{
  const char **fields[6];

  g_return_if_fail (TJ_IS_CASE_LIST (self));
  self->generation++;
  self->query = *query;
  fields[0] = &self->query.query;
  fields[1] = &self->query.status;
  fields[2] = &self->query.kind;
  fields[3] = &self->query.source;
  fields[4] = &self->query.sort;
  fields[5] = &self->query.today;
  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    {
      char *copy = g_strdup (*fields[i]);
      g_free (self->strings[i]);
      self->strings[i] = copy;
      *fields[i] = copy;
    }
}

gboolean
tj_case_list_reload (TjCaseList  *self,
                     GError     **error)
{
  g_autoptr(GError) local = NULL;
  guint old = self->n_items;
  guint n;

  g_return_val_if_fail (TJ_IS_CASE_LIST (self), FALSE);
  n = tj_case_count (self->store, &self->query, &local);
  if (local)
    {
      g_propagate_error (error, g_steal_pointer (&local));
      return FALSE;
    }
  self->generation++;
  g_hash_table_remove_all (self->pages);
  g_queue_clear (&self->lru);
  self->n_items = n;
  g_list_model_items_changed (G_LIST_MODEL (self), 0, old, n);
  return TRUE;
}

/* A count on the repository's worker, with its own copy of the query. */
typedef struct
{
  TjCaseQuery  query;
  char        *strings[6];
  guint        generation;
  guint        n;
} Count;

static void
count_free (gpointer data)
{
  Count *count = data;

  for (guint i = 0; i < G_N_ELEMENTS (count->strings); i++)
    g_free (count->strings[i]);
  g_free (count);
}

static gboolean
count_run (TjStore  *store,
           gpointer  data,
           GError  **error)
{
  Count *count = data;
  g_autoptr(GError) local = NULL;

  count->n = tj_case_count (store, &count->query, &local);
  if (local)
    {
      g_propagate_error (error, g_steal_pointer (&local));
      return FALSE;
    }
  return TRUE;
}

static void
count_done_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  TjCaseList *self = g_task_get_source_object (task);
  g_autoptr(GError) error = NULL;
  gpointer data = NULL;
  Count *count;
  guint old;

  if (!tj_repository_run_finish (TJ_REPOSITORY (source), result, &data, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  count = data;
  /* A newer query or reload came in between: this count is stale. */
  if (count->generation != self->generation)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED, "superseded");
      return;
    }
  old = self->n_items;
  self->generation++;
  g_hash_table_remove_all (self->pages);
  g_queue_clear (&self->lru);
  self->n_items = count->n;
  g_list_model_items_changed (G_LIST_MODEL (self), 0, old, count->n);
  g_task_return_boolean (task, TRUE);
}

/**
 * tj_case_list_reload_async:
 * @repository: the repository of the list's store
 *
 * As tj_case_list_reload(), with the count run on the repository's worker
 * (the rows still load a page at a time as they are shown). A reload or
 * tj_case_list_set_query() before it ends makes it end with
 * G_IO_ERROR_CANCELLED and change nothing.
 */
void
tj_case_list_reload_async (TjCaseList          *self,
                           TjRepository        *repository,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  const char **fields[6];
  GTask *task;
  Count *count;

  g_return_if_fail (TJ_IS_CASE_LIST (self));
  g_return_if_fail (TJ_IS_REPOSITORY (repository));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, tj_case_list_reload_async);
  count = g_new0 (Count, 1);
  count->query = self->query;
  count->generation = self->generation;
  fields[0] = &count->query.query;
  fields[1] = &count->query.status;
  fields[2] = &count->query.kind;
  fields[3] = &count->query.source;
  fields[4] = &count->query.sort;
  fields[5] = &count->query.today;
  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    *fields[i] = count->strings[i] = g_strdup (*fields[i]);
  tj_repository_run_async (repository, count_run, count, count_free, cancellable, count_done_cb, task);
}

gboolean
tj_case_list_reload_finish (TjCaseList    *self,
                            GAsyncResult  *result,
                            GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
