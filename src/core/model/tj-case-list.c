/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Tiaojie-Case"

#include "tj-case-list.h"
#include "tj-row-private.h"

/* ------------------------------------------------------------------ */
/* TjCaseRow                                                            */

struct _TjCaseRow
{
  TjRow parent_instance;
};

G_DEFINE_FINAL_TYPE (TjCaseRow, tj_case_row, TJ_TYPE_ROW)

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

const char *tj_case_row_get_id (TjCaseRow *self) { return _tj_row_string (self, "id"); }
const char *tj_case_row_get_number (TjCaseRow *self) { return _tj_row_string (self, "number"); }
const char *tj_case_row_get_title (TjCaseRow *self) { return _tj_row_string (self, "title"); }
const char *tj_case_row_get_status (TjCaseRow *self) { return _tj_row_string (self, "status"); }
const char *tj_case_row_get_kind (TjCaseRow *self) { return _tj_row_string (self, "kind"); }
const char *tj_case_row_get_source (TjCaseRow *self) { return _tj_row_string (self, "source"); }
const char *tj_case_row_get_received_on (TjCaseRow *self) { return _tj_row_string (self, "received_on"); }
const char *tj_case_row_get_employer (TjCaseRow *self) { return _tj_row_string (self, "employer"); }
const char *tj_case_row_get_mediation_deadline (TjCaseRow *self) { return _tj_row_string (self, "mediation_deadline"); }
guint tj_case_row_get_workers (TjCaseRow *self) { return (guint) _tj_row_int (self, "workers", 0); }
gint64 tj_case_row_get_owed_fen (TjCaseRow *self)
{
  return MAX (_tj_row_int (self, "owed_fen", 0), _tj_row_int (self, "claimed_fen", 0));
}
gboolean tj_case_row_get_flagged (TjCaseRow *self) { return _tj_row_bool (self, "flagged"); }
int tj_case_row_get_days_left (TjCaseRow *self) { return (int) _tj_row_int (self, "days_left", G_MININT); }

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
tj_case_row_class_init (TjCaseRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags f = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;
  static const struct { guint id; const char *name; } strings[] = {
    { ROW_PROP_ID, "id" }, { ROW_PROP_NUMBER, "number" }, { ROW_PROP_TITLE, "title" },
    { ROW_PROP_STATUS, "status" }, { ROW_PROP_KIND, "kind" }, { ROW_PROP_SOURCE, "source" },
    { ROW_PROP_RECEIVED_ON, "received-on" }, { ROW_PROP_EMPLOYER, "employer" },
    { ROW_PROP_MEDIATION_DEADLINE, "mediation-deadline" },
  };

  object_class->get_property = tj_case_row_get_property;
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

/* ------------------------------------------------------------------ */
/* TjCaseList                                                           */

struct _TjCaseList
{
  TjPagedList parent_instance;
};

G_DEFINE_FINAL_TYPE (TjCaseList, tj_case_list, TJ_TYPE_PAGED_LIST)

/* The query as the worker's jobs share it: a TjCaseQuery and the strings
 * it points to. */
typedef struct
{
  TjCaseQuery  query;
  char        *strings[6];
} Query;

static void
query_clear (gpointer data)
{
  Query *q = data;

  for (guint i = 0; i < G_N_ELEMENTS (q->strings); i++)
    g_free (q->strings[i]);
}

static gboolean
tj_case_list_count (TjStore       *store,
                    gconstpointer  query,
                    guint         *n_items,
                    JsonObject   **summary,
                    GError       **error)
{
  const Query *q = query;
  g_autoptr(GError) local = NULL;

  *n_items = tj_case_count (store, &q->query, &local);
  if (local)
    {
      g_propagate_error (error, g_steal_pointer (&local));
      return FALSE;
    }
  return TRUE;
}

static JsonArray *
tj_case_list_fetch (TjStore       *store,
                    gconstpointer  query,
                    guint          offset,
                    guint          limit,
                    GError       **error)
{
  const Query *q = query;
  TjCaseQuery page = q->query;

  page.limit = limit;
  page.offset = offset;
  return tj_case_list (store, &page, error);
}

static void
tj_case_list_class_init (TjCaseListClass *klass)
{
  TjPagedListClass *list_class = TJ_PAGED_LIST_CLASS (klass);

  list_class->item_type = TJ_TYPE_CASE_ROW;
  list_class->count = tj_case_list_count;
  list_class->fetch = tj_case_list_fetch;
}

static void
tj_case_list_init (TjCaseList *self)
{
}

TjCaseList *
tj_case_list_new (TjRepository *repository)
{
  g_return_val_if_fail (TJ_IS_REPOSITORY (repository), NULL);

  return g_object_new (TJ_TYPE_CASE_LIST, "repository", repository, NULL);
}

void
tj_case_list_set_query (TjCaseList        *self,
                        const TjCaseQuery *query)
{
  Query *q;
  const char **fields[6];

  g_return_if_fail (TJ_IS_CASE_LIST (self));
  g_return_if_fail (query != NULL);

  q = g_atomic_rc_box_new0 (Query);
  q->query = *query;
  fields[0] = &q->query.query;
  fields[1] = &q->query.status;
  fields[2] = &q->query.kind;
  fields[3] = &q->query.source;
  fields[4] = &q->query.sort;
  fields[5] = &q->query.today;
  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    *fields[i] = q->strings[i] = g_strdup (*fields[i]);
  _tj_paged_list_set_query (TJ_PAGED_LIST (self), q, query_clear);
}
