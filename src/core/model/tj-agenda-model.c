/* SPDX-License-Identifier: GPL-3.0-or-later */
#undef G_LOG_DOMAIN
#define G_LOG_DOMAIN "Tiaojie-Agenda"

/* The agenda's list models (tj-agenda-model.h): rows over the items of
 * tj_agenda_items(), which they read on the repository's worker. */

#include "tj-agenda-model.h"
#include "tj-calendar.h"
#include "tj-json.h"
#include "tj-row-private.h"
#include "tj-sync-scheduler.h"

/* ------------------------------------------------------------------ */
/* TjAgendaItem                                                         */

struct _TjAgendaItem
{
  TjRow parent_instance;
};

G_DEFINE_FINAL_TYPE (TjAgendaItem, tj_agenda_item, TJ_TYPE_ROW)

enum {
  ITEM_PROP_0,
  ITEM_PROP_SECTION,
  ITEM_PROP_CASE_ID,
  ITEM_PROP_NUMBER,
  ITEM_PROP_TITLE,
  ITEM_PROP_STATUS,
  ITEM_PROP_KIND,
  ITEM_PROP_LABEL,
  ITEM_PROP_DATE,
  ITEM_PROP_TIME,
  ITEM_PROP_PLACE,
  ITEM_PROP_BASIS,
  ITEM_PROP_NOTE,
  ITEM_PROP_NEXT_STEP,
  ITEM_PROP_PAPER,
  ITEM_PROP_EMPLOYER,
  ITEM_PROP_SESSION_ID,
  ITEM_PROP_STEP_LABEL,
  ITEM_PROP_ARRIVED_AT,
  ITEM_PROP_REASONS,
  ITEM_PROP_DAYS_LEFT,
  ITEM_PROP_WORKERS,
  ITEM_PROP_OWED_FEN,
  ITEM_PROP_INSTALLMENT,
  ITEM_N_PROPS
};

static GParamSpec *item_properties[ITEM_N_PROPS];

/* The JSON member behind each string property. */
static const struct { guint id; const char *name; const char *member; } item_strings[] = {
  { ITEM_PROP_SECTION, "section", "section" },
  { ITEM_PROP_CASE_ID, "case-id", "case_id" },
  { ITEM_PROP_NUMBER, "number", "number" },
  { ITEM_PROP_TITLE, "title", "title" },
  { ITEM_PROP_STATUS, "status", "status" },
  { ITEM_PROP_KIND, "kind", "kind" },
  { ITEM_PROP_LABEL, "label", "label" },
  { ITEM_PROP_DATE, "date", "date" },
  { ITEM_PROP_TIME, "time", "time" },
  { ITEM_PROP_PLACE, "place", "place" },
  { ITEM_PROP_BASIS, "basis", "basis" },
  { ITEM_PROP_NOTE, "note", "note" },
  { ITEM_PROP_NEXT_STEP, "next-step", "next_step" },
  { ITEM_PROP_PAPER, "paper", "paper" },
  { ITEM_PROP_EMPLOYER, "employer", "employer" },
  { ITEM_PROP_SESSION_ID, "session-id", "session_id" },
  { ITEM_PROP_STEP_LABEL, "step-label", "step_label" },
  { ITEM_PROP_ARRIVED_AT, "arrived-at", "arrived_at" },
};

const char *tj_agenda_item_get_section (TjAgendaItem *self) { return _tj_row_string (self, "section"); }
const char *tj_agenda_item_get_case_id (TjAgendaItem *self) { return _tj_row_string (self, "case_id"); }
const char *tj_agenda_item_get_number (TjAgendaItem *self) { return _tj_row_string (self, "number"); }
const char *tj_agenda_item_get_title (TjAgendaItem *self) { return _tj_row_string (self, "title"); }
const char *tj_agenda_item_get_status (TjAgendaItem *self) { return _tj_row_string (self, "status"); }
const char *tj_agenda_item_get_kind (TjAgendaItem *self) { return _tj_row_string (self, "kind"); }
const char *tj_agenda_item_get_label (TjAgendaItem *self) { return _tj_row_string (self, "label"); }
const char *tj_agenda_item_get_date (TjAgendaItem *self) { return _tj_row_string (self, "date"); }
const char *tj_agenda_item_get_time (TjAgendaItem *self) { return _tj_row_string (self, "time"); }
const char *tj_agenda_item_get_place (TjAgendaItem *self) { return _tj_row_string (self, "place"); }
const char *tj_agenda_item_get_basis (TjAgendaItem *self) { return _tj_row_string (self, "basis"); }
const char *tj_agenda_item_get_note (TjAgendaItem *self) { return _tj_row_string (self, "note"); }
const char *tj_agenda_item_get_next_step (TjAgendaItem *self) { return _tj_row_string (self, "next_step"); }
const char *tj_agenda_item_get_paper (TjAgendaItem *self) { return _tj_row_string (self, "paper"); }
const char *tj_agenda_item_get_employer (TjAgendaItem *self) { return _tj_row_string (self, "employer"); }
const char *tj_agenda_item_get_session_id (TjAgendaItem *self) { return _tj_row_string (self, "session_id"); }
const char *tj_agenda_item_get_step_label (TjAgendaItem *self) { return _tj_row_string (self, "step_label"); }
const char *tj_agenda_item_get_arrived_at (TjAgendaItem *self) { return _tj_row_string (self, "arrived_at"); }
guint tj_agenda_item_get_workers (TjAgendaItem *self) { return (guint) _tj_row_int (self, "workers", 0); }
gint64 tj_agenda_item_get_owed_fen (TjAgendaItem *self) { return _tj_row_int (self, "owed_fen", 0); }
int tj_agenda_item_get_installment (TjAgendaItem *self) { return (int) _tj_row_int (self, "installment", 0); }

int
tj_agenda_item_get_days_left (TjAgendaItem *self)
{
  JsonObject *data = _tj_row_get_data (TJ_ROW (self));

  if (!json_object_has_member (data, "days_left") || *tj_json_get_string (data, "date", "") == '\0')
    return G_MININT;
  return (int) tj_json_get_int (data, "days_left", 0);
}

char *
tj_agenda_item_dup_reasons (TjAgendaItem *self)
{
  JsonArray *reasons = tj_json_get_array (_tj_row_get_data (TJ_ROW (self)), "reasons");
  GString *text = g_string_new (NULL);

  for (guint i = 0; reasons && i < json_array_get_length (reasons); i++)
    g_string_append_printf (text, "%s%s", i ? " · " : "", json_array_get_string_element (reasons, i));
  return g_string_free (text, FALSE);
}

static void
tj_agenda_item_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  TjAgendaItem *self = TJ_AGENDA_ITEM (object);

  for (guint i = 0; i < G_N_ELEMENTS (item_strings); i++)
    if (item_strings[i].id == prop_id)
      {
        g_value_set_string (value, _tj_row_string (self, item_strings[i].member));
        return;
      }
  switch (prop_id)
    {
    case ITEM_PROP_REASONS: g_value_take_string (value, tj_agenda_item_dup_reasons (self)); break;
    case ITEM_PROP_DAYS_LEFT: g_value_set_int (value, tj_agenda_item_get_days_left (self)); break;
    case ITEM_PROP_WORKERS: g_value_set_uint (value, tj_agenda_item_get_workers (self)); break;
    case ITEM_PROP_OWED_FEN: g_value_set_int64 (value, tj_agenda_item_get_owed_fen (self)); break;
    case ITEM_PROP_INSTALLMENT: g_value_set_int (value, tj_agenda_item_get_installment (self)); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tj_agenda_item_class_init (TjAgendaItemClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags f = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;

  object_class->get_property = tj_agenda_item_get_property;
  for (guint i = 0; i < G_N_ELEMENTS (item_strings); i++)
    item_properties[item_strings[i].id] = g_param_spec_string (item_strings[i].name, NULL, NULL, NULL, f);
  item_properties[ITEM_PROP_REASONS] = g_param_spec_string ("reasons", NULL, NULL, NULL, f);
  item_properties[ITEM_PROP_DAYS_LEFT] = g_param_spec_int ("days-left", NULL, NULL, G_MININT, G_MAXINT, G_MININT, f);
  item_properties[ITEM_PROP_WORKERS] = g_param_spec_uint ("workers", NULL, NULL, 0, G_MAXUINT, 0, f);
  item_properties[ITEM_PROP_OWED_FEN] = g_param_spec_int64 ("owed-fen", NULL, NULL, G_MININT64, G_MAXINT64, 0, f);
  item_properties[ITEM_PROP_INSTALLMENT] = g_param_spec_int ("installment", NULL, NULL, 0, G_MAXINT, 0, f);
  g_object_class_install_properties (object_class, ITEM_N_PROPS, item_properties);
}

static void
tj_agenda_item_init (TjAgendaItem *self)
{
}

/* ------------------------------------------------------------------ */
/* The query: today, the thresholds, the list and its reach             */

typedef struct
{
  TjCaseContext  ctx;
  char          *today;
  char          *section;
  guint          days;
} Query;

static void
query_clear (gpointer data)
{
  Query *q = data;

  g_free (q->today);
  g_free (q->section);
}

static Query *
query_new (const TjCaseContext *ctx,
           const char          *section,
           guint                days)
{
  Query *q = g_atomic_rc_box_new0 (Query);

  /* Only what the agenda reads: its strings are owned here. */
  tj_case_context_init_defaults (&q->ctx);
  if (ctx)
    {
      q->ctx.flag_min_workers = ctx->flag_min_workers;
      q->ctx.flag_min_amount_fen = ctx->flag_min_amount_fen;
      q->ctx.today = q->today = g_strdup (ctx->today);
    }
  q->section = g_strdup (section);
  q->days = days;
  return q;
}

/* Items of @section, each told which list it is in. */
static JsonArray *
read_items (TjStore      *store,
            const Query  *q,
            const char   *section,
            guint         offset,
            guint         limit,
            GError      **error)
{
  JsonArray *items = tj_agenda_items (store, &q->ctx, section, q->days, offset, limit, error);

  for (guint i = 0; items && i < json_array_get_length (items); i++)
    json_object_set_string_member (json_array_get_object_element (items, i), "section", section);
  return items;
}

/* ------------------------------------------------------------------ */
/* TjAgendaList                                                         */

struct _TjAgendaList
{
  TjPagedList parent_instance;
  char       *section;
};

G_DEFINE_FINAL_TYPE (TjAgendaList, tj_agenda_list, TJ_TYPE_PAGED_LIST)

enum {
  LIST_PROP_0,
  LIST_PROP_SECTION,
  LIST_N_PROPS
};

static GParamSpec *list_properties[LIST_N_PROPS];

static gboolean
tj_agenda_list_count (TjStore       *store,
                      gconstpointer  query,
                      guint         *n_items,
                      JsonObject   **summary,
                      GError       **error)
{
  const Query *q = query;

  return tj_agenda_count (store, &q->ctx, q->section, q->days, n_items, error);
}

static JsonArray *
tj_agenda_list_fetch (TjStore       *store,
                      gconstpointer  query,
                      guint          offset,
                      guint          limit,
                      GError       **error)
{
  const Query *q = query;

  return read_items (store, q, q->section, offset, limit, error);
}

static void
tj_agenda_list_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  switch (prop_id)
    {
    case LIST_PROP_SECTION:
      g_value_set_string (value, TJ_AGENDA_LIST (object)->section);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tj_agenda_list_finalize (GObject *object)
{
  g_free (TJ_AGENDA_LIST (object)->section);
  G_OBJECT_CLASS (tj_agenda_list_parent_class)->finalize (object);
}

static void
tj_agenda_list_class_init (TjAgendaListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  TjPagedListClass *list_class = TJ_PAGED_LIST_CLASS (klass);

  object_class->get_property = tj_agenda_list_get_property;
  object_class->finalize = tj_agenda_list_finalize;
  list_class->item_type = TJ_TYPE_AGENDA_ITEM;
  /* Each row costs a case document read: smaller pages. */
  list_class->page_size = 50;
  list_class->count = tj_agenda_list_count;
  list_class->fetch = tj_agenda_list_fetch;

  list_properties[LIST_PROP_SECTION] =
    g_param_spec_string ("section", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, LIST_N_PROPS, list_properties);
}

static void
tj_agenda_list_init (TjAgendaList *self)
{
}

TjAgendaList *
tj_agenda_list_new (TjRepository *repository)
{
  g_return_val_if_fail (TJ_IS_REPOSITORY (repository), NULL);

  return g_object_new (TJ_TYPE_AGENDA_LIST, "repository", repository, NULL);
}

void
tj_agenda_list_set_query (TjAgendaList        *self,
                          const TjCaseContext *ctx,
                          const char          *section,
                          guint                days)
{
  g_return_if_fail (TJ_IS_AGENDA_LIST (self));
  g_return_if_fail (g_strv_contains (tj_agenda_sections (), section));

  _tj_paged_list_set_query (TJ_PAGED_LIST (self), query_new (ctx, section, days), query_clear);
  if (g_strcmp0 (self->section, section) != 0)
    {
      g_free (self->section);
      self->section = g_strdup (section);
      g_object_notify_by_pspec (G_OBJECT (self), list_properties[LIST_PROP_SECTION]);
    }
}

const char *
tj_agenda_list_get_section (TjAgendaList *self)
{
  g_return_val_if_fail (TJ_IS_AGENDA_LIST (self), NULL);
  return self->section;
}

/* ------------------------------------------------------------------ */
/* TjAgendaSummary                                                      */

#define N_SECTIONS 7

struct _TjAgendaSummary
{
  GObject       parent_instance;

  TjRepository *repository;
  GListStore   *items[N_SECTIONS];
  GListStore   *dispatched;
  guint         counts[N_SECTIONS];
  char         *today;
  guint         generation;
  guint         loading;
};

G_DEFINE_FINAL_TYPE (TjAgendaSummary, tj_agenda_summary, G_TYPE_OBJECT)

enum {
  SUM_PROP_0,
  SUM_PROP_REPOSITORY,
  SUM_PROP_TODAY,
  SUM_PROP_TOTAL,
  SUM_PROP_LOADING,
  SUM_PROP_DISPATCHED,
  SUM_PROP_FIRST_LIST,
  SUM_PROP_LAST_LIST = SUM_PROP_FIRST_LIST + N_SECTIONS - 1,
  SUM_PROP_FIRST_COUNT,
  SUM_PROP_LAST_COUNT = SUM_PROP_FIRST_COUNT + N_SECTIONS - 1,
  SUM_N_PROPS
};

static GParamSpec *sum_properties[SUM_N_PROPS];

static int
section_index (const char *section)
{
  const char * const *sections = tj_agenda_sections ();

  for (int i = 0; sections[i]; i++)
    if (g_strcmp0 (sections[i], section) == 0)
      return i;
  return -1;
}

typedef struct
{
  Query      *query;
  guint       generation;
  JsonArray  *items[N_SECTIONS];
  guint       counts[N_SECTIONS];
  JsonArray  *dispatched;
  char       *today;
} Load;

static void
load_free (gpointer data)
{
  Load *load = data;

  g_atomic_rc_box_release_full (load->query, query_clear);
  for (guint i = 0; i < N_SECTIONS; i++)
    g_clear_pointer (&load->items[i], json_array_unref);
  g_clear_pointer (&load->dispatched, json_array_unref);
  g_free (load->today);
  g_free (load);
}

/* The worker: a count and the first few of every list. */
static gboolean
load_run (TjStore  *store,
          gpointer  data,
          GError  **error)
{
  Load *load = data;
  const char * const *sections = tj_agenda_sections ();

  for (guint i = 0; i < N_SECTIONS; i++)
    {
      if (!tj_agenda_count (store, &load->query->ctx, sections[i], load->query->days, &load->counts[i], error))
        return FALSE;
      load->items[i] = read_items (store, load->query, sections[i], 0, TJ_AGENDA_SUMMARY_TOP, error);
      if (load->items[i] == NULL)
        return FALSE;
    }
  /* New cases from the hotline head the agenda until opened; a list a
   * sync keeps, not an agenda list. */
  load->dispatched = tj_sync_dispatched_list (store, NULL);
  if (load->dispatched == NULL)
    load->dispatched = json_array_new ();
  for (guint i = 0; i < json_array_get_length (load->dispatched); i++)
    {
      JsonObject *item = json_array_get_object_element (load->dispatched, i);

      json_object_set_string_member (item, "section", "dispatched");
      json_object_set_string_member (item, "case_id", tj_json_get_string (item, "id", ""));
    }
  load->today = tj_date_today_iso (load->query->ctx.today);
  return TRUE;
}

/* Replaces the items of @store by @items unless they are the same. */
static void
update_items (GListStore *store,
              JsonArray  *items)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (store));
  g_autoptr(GPtrArray) rows = NULL;
  gboolean same = n == json_array_get_length (items);

  for (guint i = 0; same && i < n; i++)
    {
      g_autoptr(TjRow) row = g_list_model_get_item (G_LIST_MODEL (store), i);
      g_autoptr(JsonNode) a = json_node_init_object (json_node_alloc (), _tj_row_get_data (row));
      g_autoptr(JsonNode) b = json_node_init_object (json_node_alloc (), json_array_get_object_element (items, i));

      same = json_node_equal (a, b);
    }
  if (same)
    return;
  rows = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < json_array_get_length (items); i++)
    g_ptr_array_add (rows, _tj_row_new (TJ_TYPE_AGENDA_ITEM, json_array_get_object_element (items, i)));
  g_list_store_splice (store, 0, n, rows->pdata, rows->len);
}

static void
set_loading (TjAgendaSummary *self,
             gboolean         more)
{
  gboolean was = self->loading > 0;

  if (more)
    self->loading++;
  else if (self->loading > 0)
    self->loading--;
  if (was != (self->loading > 0))
    g_object_notify_by_pspec (G_OBJECT (self), sum_properties[SUM_PROP_LOADING]);
}

static void
load_done_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  TjAgendaSummary *self = g_task_get_source_object (task);
  g_autoptr(GError) error = NULL;
  gpointer data = NULL;
  guint old_total, total;
  Load *load;

  set_loading (self, FALSE);
  if (!tj_repository_run_finish (TJ_REPOSITORY (source), result, &data, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  load = data;
  if (load->generation != self->generation)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED, "superseded");
      return;
    }
  if (g_task_return_error_if_cancelled (task))
    return;

  g_object_freeze_notify (G_OBJECT (self));
  old_total = tj_agenda_summary_get_total (self);
  for (guint i = 0; i < N_SECTIONS; i++)
    {
      update_items (self->items[i], load->items[i]);
      if (self->counts[i] != load->counts[i])
        {
          self->counts[i] = load->counts[i];
          g_object_notify_by_pspec (G_OBJECT (self), sum_properties[SUM_PROP_FIRST_COUNT + i]);
        }
    }
  update_items (self->dispatched, load->dispatched);
  total = tj_agenda_summary_get_total (self);
  if (total != old_total)
    g_object_notify_by_pspec (G_OBJECT (self), sum_properties[SUM_PROP_TOTAL]);
  if (g_strcmp0 (self->today, load->today) != 0)
    {
      g_free (self->today);
      self->today = g_strdup (load->today);
      g_object_notify_by_pspec (G_OBJECT (self), sum_properties[SUM_PROP_TODAY]);
    }
  g_object_thaw_notify (G_OBJECT (self));
  g_task_return_boolean (task, TRUE);
}

/**
 * tj_agenda_summary_reload_async:
 * @ctx: today and the early-warning thresholds (copied)
 * @days: how far ahead deadlines, sessions and calls are due
 *
 * Reads the counts and the first items of every list on the repository's
 * worker. A later reload makes this one end with G_IO_ERROR_CANCELLED,
 * changing nothing.
 */
void
tj_agenda_summary_reload_async (TjAgendaSummary     *self,
                                const TjCaseContext *ctx,
                                guint                days,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  GTask *task;
  Load *load;

  g_return_if_fail (TJ_IS_AGENDA_SUMMARY (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, tj_agenda_summary_reload_async);
  load = g_new0 (Load, 1);
  load->query = query_new (ctx, NULL, days);
  load->generation = ++self->generation;
  set_loading (self, TRUE);
  tj_repository_run_async (self->repository, load_run, load, load_free, cancellable, load_done_cb, task);
}

gboolean
tj_agenda_summary_reload_finish (TjAgendaSummary  *self,
                                 GAsyncResult     *result,
                                 GError          **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

GListModel *
tj_agenda_summary_get_items (TjAgendaSummary *self,
                             const char      *section)
{
  int i = section_index (section);

  g_return_val_if_fail (TJ_IS_AGENDA_SUMMARY (self), NULL);
  g_return_val_if_fail (i >= 0, NULL);
  return G_LIST_MODEL (self->items[i]);
}

guint
tj_agenda_summary_get_count (TjAgendaSummary *self,
                             const char      *section)
{
  int i = section_index (section);

  g_return_val_if_fail (TJ_IS_AGENDA_SUMMARY (self), 0);
  g_return_val_if_fail (i >= 0, 0);
  return self->counts[i];
}

guint
tj_agenda_summary_get_total (TjAgendaSummary *self)
{
  guint total = 0;

  g_return_val_if_fail (TJ_IS_AGENDA_SUMMARY (self), 0);
  for (guint i = 0; i < N_SECTIONS; i++)
    total += self->counts[i];
  return total + g_list_model_get_n_items (G_LIST_MODEL (self->dispatched));
}

const char *
tj_agenda_summary_get_today (TjAgendaSummary *self)
{
  g_return_val_if_fail (TJ_IS_AGENDA_SUMMARY (self), NULL);
  return self->today;
}

gboolean
tj_agenda_summary_get_loading (TjAgendaSummary *self)
{
  g_return_val_if_fail (TJ_IS_AGENDA_SUMMARY (self), FALSE);
  return self->loading > 0;
}

TjAgendaSummary *
tj_agenda_summary_new (TjRepository *repository)
{
  g_return_val_if_fail (TJ_IS_REPOSITORY (repository), NULL);

  return g_object_new (TJ_TYPE_AGENDA_SUMMARY, "repository", repository, NULL);
}

static void
tj_agenda_summary_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  TjAgendaSummary *self = TJ_AGENDA_SUMMARY (object);

  if (prop_id >= SUM_PROP_FIRST_LIST && prop_id <= SUM_PROP_LAST_LIST)
    g_value_set_object (value, self->items[prop_id - SUM_PROP_FIRST_LIST]);
  else if (prop_id >= SUM_PROP_FIRST_COUNT && prop_id <= SUM_PROP_LAST_COUNT)
    g_value_set_uint (value, self->counts[prop_id - SUM_PROP_FIRST_COUNT]);
  else switch (prop_id)
    {
    case SUM_PROP_REPOSITORY: g_value_set_object (value, self->repository); break;
    case SUM_PROP_TODAY: g_value_set_string (value, self->today); break;
    case SUM_PROP_TOTAL: g_value_set_uint (value, tj_agenda_summary_get_total (self)); break;
    case SUM_PROP_LOADING: g_value_set_boolean (value, self->loading > 0); break;
    case SUM_PROP_DISPATCHED: g_value_set_object (value, self->dispatched); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tj_agenda_summary_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  TjAgendaSummary *self = TJ_AGENDA_SUMMARY (object);

  switch (prop_id)
    {
    case SUM_PROP_REPOSITORY: self->repository = g_value_dup_object (value); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tj_agenda_summary_finalize (GObject *object)
{
  TjAgendaSummary *self = TJ_AGENDA_SUMMARY (object);

  for (guint i = 0; i < N_SECTIONS; i++)
    g_clear_object (&self->items[i]);
  g_clear_object (&self->dispatched);
  g_clear_object (&self->repository);
  g_free (self->today);
  G_OBJECT_CLASS (tj_agenda_summary_parent_class)->finalize (object);
}

static void
tj_agenda_summary_class_init (TjAgendaSummaryClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags f = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;
  const char * const *sections = tj_agenda_sections ();

  object_class->get_property = tj_agenda_summary_get_property;
  object_class->set_property = tj_agenda_summary_set_property;
  object_class->finalize = tj_agenda_summary_finalize;

  g_assert (g_strv_length ((char **) sections) == N_SECTIONS);
  sum_properties[SUM_PROP_REPOSITORY] =
    g_param_spec_object ("repository", NULL, NULL, TJ_TYPE_REPOSITORY,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  sum_properties[SUM_PROP_TODAY] = g_param_spec_string ("today", NULL, NULL, NULL, f);
  sum_properties[SUM_PROP_TOTAL] = g_param_spec_uint ("total", NULL, NULL, 0, G_MAXUINT, 0, f);
  sum_properties[SUM_PROP_LOADING] = g_param_spec_boolean ("loading", NULL, NULL, FALSE, f);
  sum_properties[SUM_PROP_DISPATCHED] =
    g_param_spec_object ("dispatched", NULL, NULL, G_TYPE_LIST_MODEL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  for (guint i = 0; i < N_SECTIONS; i++)
    {
      g_autofree char *name = g_strdelimit (g_strdup (sections[i]), "_", '-');
      g_autofree char *count = g_strconcat (name, "-count", NULL);

      sum_properties[SUM_PROP_FIRST_LIST + i] =
        g_param_spec_object (g_intern_string (name), NULL, NULL, G_TYPE_LIST_MODEL,
                             G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
      sum_properties[SUM_PROP_FIRST_COUNT + i] = g_param_spec_uint (g_intern_string (count), NULL, NULL,
                                                                    0, G_MAXUINT, 0, f);
    }
  g_object_class_install_properties (object_class, SUM_N_PROPS, sum_properties);
}

static void
tj_agenda_summary_init (TjAgendaSummary *self)
{
  for (guint i = 0; i < N_SECTIONS; i++)
    self->items[i] = g_list_store_new (TJ_TYPE_AGENDA_ITEM);
  self->dispatched = g_list_store_new (TJ_TYPE_AGENDA_ITEM);
}

GListModel *
tj_agenda_summary_get_dispatched (TjAgendaSummary *self)
{
  g_return_val_if_fail (TJ_IS_AGENDA_SUMMARY (self), NULL);
  return G_LIST_MODEL (self->dispatched);
}
