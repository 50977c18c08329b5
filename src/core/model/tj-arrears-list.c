/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Tiaojie-Arrears"

#include "tj-arrears-list.h"
#include "tj-calendar.h"
#include "tj-json.h"
#include "tj-row-private.h"

/* ------------------------------------------------------------------ */
/* TjArrearsRow                                                         */

struct _TjArrearsRow
{
  TjRow parent_instance;
};

G_DEFINE_FINAL_TYPE (TjArrearsRow, tj_arrears_row, TJ_TYPE_ROW)

enum {
  ROW_PROP_0,
  ROW_PROP_ID,
  ROW_PROP_NUMBER,
  ROW_PROP_TITLE,
  ROW_PROP_STATUS,
  ROW_PROP_KIND,
  ROW_PROP_EMPLOYER,
  ROW_PROP_SETTLEMENT_STATUS,
  ROW_PROP_NEXT_DUE_ON,
  ROW_PROP_WORKERS,
  ROW_PROP_WORKERS_OWED,
  ROW_PROP_OVERDUE_INSTALLMENTS,
  ROW_PROP_OWED_FEN,
  ROW_PROP_AGREED_FEN,
  ROW_PROP_PAID_FEN,
  ROW_PROP_OUTSTANDING_FEN,
  ROW_PROP_OVERDUE_FEN,
  ROW_N_PROPS
};

static GParamSpec *row_properties[ROW_N_PROPS];

/* A member that may be null: %NULL for null or missing. */
static const char *
nullable_string (TjArrearsRow *self,
                 const char   *member)
{
  const char *value = _tj_row_string (self, member);

  return value && *value ? value : NULL;
}

const char *tj_arrears_row_get_id (TjArrearsRow *self) { return _tj_row_string (self, "id"); }
const char *tj_arrears_row_get_number (TjArrearsRow *self) { return _tj_row_string (self, "number"); }
const char *tj_arrears_row_get_title (TjArrearsRow *self) { return _tj_row_string (self, "title"); }
const char *tj_arrears_row_get_status (TjArrearsRow *self) { return _tj_row_string (self, "status"); }
const char *tj_arrears_row_get_kind (TjArrearsRow *self) { return _tj_row_string (self, "kind"); }
const char *tj_arrears_row_get_employer (TjArrearsRow *self) { return _tj_row_string (self, "employer"); }
const char *tj_arrears_row_get_settlement_status (TjArrearsRow *self) { return nullable_string (self, "settlement_status"); }
const char *tj_arrears_row_get_next_due_on (TjArrearsRow *self) { return nullable_string (self, "next_due_on"); }
guint tj_arrears_row_get_workers (TjArrearsRow *self) { return (guint) _tj_row_int (self, "workers", 0); }
guint tj_arrears_row_get_workers_owed (TjArrearsRow *self) { return (guint) _tj_row_int (self, "workers_owed", 0); }
guint tj_arrears_row_get_overdue_installments (TjArrearsRow *self) { return (guint) _tj_row_int (self, "overdue_installments", 0); }
gint64 tj_arrears_row_get_owed_fen (TjArrearsRow *self) { return _tj_row_int (self, "owed_fen", 0); }
gint64 tj_arrears_row_get_agreed_fen (TjArrearsRow *self) { return _tj_row_int (self, "agreed_fen", 0); }
gint64 tj_arrears_row_get_paid_fen (TjArrearsRow *self) { return _tj_row_int (self, "paid_fen", 0); }
gint64 tj_arrears_row_get_outstanding_fen (TjArrearsRow *self) { return _tj_row_int (self, "outstanding_fen", 0); }
gint64 tj_arrears_row_get_overdue_fen (TjArrearsRow *self) { return _tj_row_int (self, "overdue_fen", 0); }

static void
tj_arrears_row_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  TjArrearsRow *self = TJ_ARREARS_ROW (object);

  switch (prop_id)
    {
    case ROW_PROP_ID: g_value_set_string (value, tj_arrears_row_get_id (self)); break;
    case ROW_PROP_NUMBER: g_value_set_string (value, tj_arrears_row_get_number (self)); break;
    case ROW_PROP_TITLE: g_value_set_string (value, tj_arrears_row_get_title (self)); break;
    case ROW_PROP_STATUS: g_value_set_string (value, tj_arrears_row_get_status (self)); break;
    case ROW_PROP_KIND: g_value_set_string (value, tj_arrears_row_get_kind (self)); break;
    case ROW_PROP_EMPLOYER: g_value_set_string (value, tj_arrears_row_get_employer (self)); break;
    case ROW_PROP_SETTLEMENT_STATUS: g_value_set_string (value, tj_arrears_row_get_settlement_status (self)); break;
    case ROW_PROP_NEXT_DUE_ON: g_value_set_string (value, tj_arrears_row_get_next_due_on (self)); break;
    case ROW_PROP_WORKERS: g_value_set_uint (value, tj_arrears_row_get_workers (self)); break;
    case ROW_PROP_WORKERS_OWED: g_value_set_uint (value, tj_arrears_row_get_workers_owed (self)); break;
    case ROW_PROP_OVERDUE_INSTALLMENTS: g_value_set_uint (value, tj_arrears_row_get_overdue_installments (self)); break;
    case ROW_PROP_OWED_FEN: g_value_set_int64 (value, tj_arrears_row_get_owed_fen (self)); break;
    case ROW_PROP_AGREED_FEN: g_value_set_int64 (value, tj_arrears_row_get_agreed_fen (self)); break;
    case ROW_PROP_PAID_FEN: g_value_set_int64 (value, tj_arrears_row_get_paid_fen (self)); break;
    case ROW_PROP_OUTSTANDING_FEN: g_value_set_int64 (value, tj_arrears_row_get_outstanding_fen (self)); break;
    case ROW_PROP_OVERDUE_FEN: g_value_set_int64 (value, tj_arrears_row_get_overdue_fen (self)); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tj_arrears_row_class_init (TjArrearsRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags f = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;
  static const struct { guint id; const char *name; } strings[] = {
    { ROW_PROP_ID, "id" }, { ROW_PROP_NUMBER, "number" }, { ROW_PROP_TITLE, "title" },
    { ROW_PROP_STATUS, "status" }, { ROW_PROP_KIND, "kind" }, { ROW_PROP_EMPLOYER, "employer" },
    { ROW_PROP_SETTLEMENT_STATUS, "settlement-status" }, { ROW_PROP_NEXT_DUE_ON, "next-due-on" },
  }, counts[] = {
    { ROW_PROP_WORKERS, "workers" }, { ROW_PROP_WORKERS_OWED, "workers-owed" },
    { ROW_PROP_OVERDUE_INSTALLMENTS, "overdue-installments" },
  }, money[] = {
    { ROW_PROP_OWED_FEN, "owed-fen" }, { ROW_PROP_AGREED_FEN, "agreed-fen" }, { ROW_PROP_PAID_FEN, "paid-fen" },
    { ROW_PROP_OUTSTANDING_FEN, "outstanding-fen" }, { ROW_PROP_OVERDUE_FEN, "overdue-fen" },
  };

  object_class->get_property = tj_arrears_row_get_property;
  for (guint i = 0; i < G_N_ELEMENTS (strings); i++)
    row_properties[strings[i].id] = g_param_spec_string (strings[i].name, NULL, NULL, NULL, f);
  for (guint i = 0; i < G_N_ELEMENTS (counts); i++)
    row_properties[counts[i].id] = g_param_spec_uint (counts[i].name, NULL, NULL, 0, G_MAXUINT, 0, f);
  for (guint i = 0; i < G_N_ELEMENTS (money); i++)
    row_properties[money[i].id] = g_param_spec_int64 (money[i].name, NULL, NULL, G_MININT64, G_MAXINT64, 0, f);
  g_object_class_install_properties (object_class, ROW_N_PROPS, row_properties);
}

static void
tj_arrears_row_init (TjArrearsRow *self)
{
}

/* ------------------------------------------------------------------ */
/* TjArrearsList                                                        */

struct _TjArrearsList
{
  TjPagedList  parent_instance;

  JsonObject  *totals;
};

G_DEFINE_FINAL_TYPE (TjArrearsList, tj_arrears_list, TJ_TYPE_PAGED_LIST)

enum {
  PROP_0,
  PROP_TOTALS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* The query as the worker's jobs share it. */
typedef struct
{
  char *sort;
  char *today;
} Query;

static void
query_clear (gpointer data)
{
  Query *q = data;

  g_free (q->sort);
  g_free (q->today);
}

static gboolean
tj_arrears_list_count (TjStore       *store,
                       gconstpointer  query,
                       guint         *n_items,
                       JsonObject   **summary,
                       GError       **error)
{
  const Query *q = query;
  JsonObject *totals;

  /* A wrong order fails the reload, before any row is read. */
  if (!tj_arrears_check_sort (q->sort, error))
    return FALSE;
  totals = tj_arrears_totals (store, q->today, error);
  if (totals == NULL)
    return FALSE;
  json_object_set_string_member (totals, "today", q->today);
  *n_items = (guint) tj_json_get_int (totals, "cases", 0);
  *summary = totals;
  return TRUE;
}

static JsonArray *
tj_arrears_list_fetch (TjStore       *store,
                       gconstpointer  query,
                       guint          offset,
                       guint          limit,
                       GError       **error)
{
  const Query *q = query;

  return tj_arrears_cases_page (store, q->sort, q->today, offset, limit, error);
}

static void
tj_arrears_list_counted (TjPagedList *list,
                         JsonObject  *summary)
{
  TjArrearsList *self = TJ_ARREARS_LIST (list);

  g_clear_pointer (&self->totals, json_object_unref);
  self->totals = summary ? json_object_ref (summary) : NULL;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TOTALS]);
}

static void
tj_arrears_list_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  TjArrearsList *self = TJ_ARREARS_LIST (object);

  switch (prop_id)
    {
    case PROP_TOTALS:
      g_value_set_boxed (value, self->totals);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tj_arrears_list_finalize (GObject *object)
{
  TjArrearsList *self = TJ_ARREARS_LIST (object);

  g_clear_pointer (&self->totals, json_object_unref);

  G_OBJECT_CLASS (tj_arrears_list_parent_class)->finalize (object);
}

static void
tj_arrears_list_class_init (TjArrearsListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  TjPagedListClass *list_class = TJ_PAGED_LIST_CLASS (klass);

  object_class->get_property = tj_arrears_list_get_property;
  object_class->finalize = tj_arrears_list_finalize;
  list_class->item_type = TJ_TYPE_ARREARS_ROW;
  list_class->count = tj_arrears_list_count;
  list_class->fetch = tj_arrears_list_fetch;
  list_class->counted = tj_arrears_list_counted;

  properties[PROP_TOTALS] =
    g_param_spec_boxed ("totals", NULL, NULL, JSON_TYPE_OBJECT,
                        G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
tj_arrears_list_init (TjArrearsList *self)
{
}

TjArrearsList *
tj_arrears_list_new (TjRepository *repository)
{
  g_return_val_if_fail (TJ_IS_REPOSITORY (repository), NULL);

  return g_object_new (TJ_TYPE_ARREARS_LIST, "repository", repository, NULL);
}

void
tj_arrears_list_set_query (TjArrearsList *self,
                           const char    *sort,
                           const char    *today)
{
  Query *q;

  g_return_if_fail (TJ_IS_ARREARS_LIST (self));

  q = g_atomic_rc_box_new0 (Query);
  q->sort = g_strdup (sort ? sort : "owed");
  /* The day is fixed when the query is set: a reload that runs past
   * midnight still counts overdue from the day it was asked for. */
  q->today = tj_date_today_iso (today);
  _tj_paged_list_set_query (TJ_PAGED_LIST (self), q, query_clear);
}

JsonObject *
tj_arrears_list_get_totals (TjArrearsList *self)
{
  g_return_val_if_fail (TJ_IS_ARREARS_LIST (self), NULL);

  return self->totals;
}
