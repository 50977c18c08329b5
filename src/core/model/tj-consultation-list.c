/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Tiaojie-Case"

#include "tj-consultation-list.h"
#include "tj-json.h"
#include "tj-row-private.h"

/* ------------------------------------------------------------------ */
/* TjConsultationRow                                                    */

struct _TjConsultationRow
{
  TjRow parent_instance;
};

G_DEFINE_FINAL_TYPE (TjConsultationRow, tj_consultation_row, TJ_TYPE_ROW)

enum {
  ROW_PROP_0,
  ROW_PROP_ID,
  ROW_PROP_HELD_ON,
  ROW_PROP_CHANNEL,
  ROW_PROP_WORKER_NAME,
  ROW_PROP_PHONE,
  ROW_PROP_ID_NUMBER,
  ROW_PROP_EMPLOYER,
  ROW_PROP_KIND,
  ROW_PROP_PROBLEM,
  ROW_PROP_ADVICE,
  ROW_PROP_NEXT_STEP,
  ROW_PROP_REFERRAL,
  ROW_PROP_ADVISED_BY,
  ROW_PROP_CASE_ID,
  ROW_PROP_MIGRANT_WORKER,
  ROW_PROP_OWED_FEN,
  ROW_N_PROPS
};

static GParamSpec *row_properties[ROW_N_PROPS];

/* A member of an object member of the row's data ("" when missing). */
static const char *
nested_string (TjConsultationRow *self,
               const char        *object,
               const char        *member)
{
  JsonObject *data = _tj_row_get_data (TJ_ROW (self));

  return tj_json_get_string (tj_json_get_object (data, object), member, "");
}

const char *tj_consultation_row_get_id (TjConsultationRow *self) { return _tj_row_string (self, "id"); }
const char *tj_consultation_row_get_held_on (TjConsultationRow *self) { return _tj_row_string (self, "held_on"); }
const char *tj_consultation_row_get_channel (TjConsultationRow *self) { return _tj_row_string (self, "channel"); }
const char *tj_consultation_row_get_worker_name (TjConsultationRow *self) { return nested_string (self, "worker", "name"); }
const char *tj_consultation_row_get_phone (TjConsultationRow *self) { return nested_string (self, "worker", "phone"); }
const char *tj_consultation_row_get_id_number (TjConsultationRow *self) { return nested_string (self, "worker", "id_number"); }
const char *tj_consultation_row_get_employer (TjConsultationRow *self) { return nested_string (self, "employer", "name"); }
const char *tj_consultation_row_get_kind (TjConsultationRow *self) { return _tj_row_string (self, "kind"); }
const char *tj_consultation_row_get_problem (TjConsultationRow *self) { return _tj_row_string (self, "problem"); }
const char *tj_consultation_row_get_advice (TjConsultationRow *self) { return _tj_row_string (self, "advice"); }
const char *tj_consultation_row_get_next_step (TjConsultationRow *self) { return _tj_row_string (self, "next_step"); }
const char *tj_consultation_row_get_referral (TjConsultationRow *self) { return _tj_row_string (self, "referral"); }
const char *tj_consultation_row_get_advised_by (TjConsultationRow *self) { return _tj_row_string (self, "advised_by"); }
const char *tj_consultation_row_get_case_id (TjConsultationRow *self) { return _tj_row_string (self, "case_id"); }
gboolean tj_consultation_row_get_migrant_worker (TjConsultationRow *self) { return _tj_row_bool (self, "migrant_worker"); }
gint64 tj_consultation_row_get_owed_fen (TjConsultationRow *self) { return _tj_row_int (self, "owed_fen", -1); }

static void
tj_consultation_row_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  TjConsultationRow *self = TJ_CONSULTATION_ROW (object);

  switch (prop_id)
    {
    case ROW_PROP_ID: g_value_set_string (value, tj_consultation_row_get_id (self)); break;
    case ROW_PROP_HELD_ON: g_value_set_string (value, tj_consultation_row_get_held_on (self)); break;
    case ROW_PROP_CHANNEL: g_value_set_string (value, tj_consultation_row_get_channel (self)); break;
    case ROW_PROP_WORKER_NAME: g_value_set_string (value, tj_consultation_row_get_worker_name (self)); break;
    case ROW_PROP_PHONE: g_value_set_string (value, tj_consultation_row_get_phone (self)); break;
    case ROW_PROP_ID_NUMBER: g_value_set_string (value, tj_consultation_row_get_id_number (self)); break;
    case ROW_PROP_EMPLOYER: g_value_set_string (value, tj_consultation_row_get_employer (self)); break;
    case ROW_PROP_KIND: g_value_set_string (value, tj_consultation_row_get_kind (self)); break;
    case ROW_PROP_PROBLEM: g_value_set_string (value, tj_consultation_row_get_problem (self)); break;
    case ROW_PROP_ADVICE: g_value_set_string (value, tj_consultation_row_get_advice (self)); break;
    case ROW_PROP_NEXT_STEP: g_value_set_string (value, tj_consultation_row_get_next_step (self)); break;
    case ROW_PROP_REFERRAL: g_value_set_string (value, tj_consultation_row_get_referral (self)); break;
    case ROW_PROP_ADVISED_BY: g_value_set_string (value, tj_consultation_row_get_advised_by (self)); break;
    case ROW_PROP_CASE_ID: g_value_set_string (value, tj_consultation_row_get_case_id (self)); break;
    case ROW_PROP_MIGRANT_WORKER: g_value_set_boolean (value, tj_consultation_row_get_migrant_worker (self)); break;
    case ROW_PROP_OWED_FEN: g_value_set_int64 (value, tj_consultation_row_get_owed_fen (self)); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tj_consultation_row_class_init (TjConsultationRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags f = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;
  static const struct { guint id; const char *name; } strings[] = {
    { ROW_PROP_ID, "id" }, { ROW_PROP_HELD_ON, "held-on" }, { ROW_PROP_CHANNEL, "channel" },
    { ROW_PROP_WORKER_NAME, "worker-name" }, { ROW_PROP_PHONE, "phone" },
    { ROW_PROP_ID_NUMBER, "id-number" }, { ROW_PROP_EMPLOYER, "employer" }, { ROW_PROP_KIND, "kind" },
    { ROW_PROP_PROBLEM, "problem" }, { ROW_PROP_ADVICE, "advice" }, { ROW_PROP_NEXT_STEP, "next-step" },
    { ROW_PROP_REFERRAL, "referral" }, { ROW_PROP_ADVISED_BY, "advised-by" },
    { ROW_PROP_CASE_ID, "case-id" },
  };

  object_class->get_property = tj_consultation_row_get_property;
  for (guint i = 0; i < G_N_ELEMENTS (strings); i++)
    row_properties[strings[i].id] = g_param_spec_string (strings[i].name, NULL, NULL, NULL, f);
  row_properties[ROW_PROP_MIGRANT_WORKER] = g_param_spec_boolean ("migrant-worker", NULL, NULL, FALSE, f);
  row_properties[ROW_PROP_OWED_FEN] = g_param_spec_int64 ("owed-fen", NULL, NULL, -1, G_MAXINT64, -1, f);
  g_object_class_install_properties (object_class, ROW_N_PROPS, row_properties);
}

static void
tj_consultation_row_init (TjConsultationRow *self)
{
}

/* ------------------------------------------------------------------ */
/* TjConsultationList                                                   */

struct _TjConsultationList
{
  TjPagedList  parent_instance;

  char        *search;  /* the last set: every reload is of it */
};

G_DEFINE_FINAL_TYPE (TjConsultationList, tj_consultation_list, TJ_TYPE_PAGED_LIST)

/* The query as the worker's jobs share it (a g_atomic_rc_box). */
typedef struct
{
  char *search;
} Query;

static void
query_clear (gpointer data)
{
  Query *q = data;

  g_free (q->search);
}

static gboolean
tj_consultation_list_count (TjStore       *store,
                            gconstpointer  query,
                            guint         *n_items,
                            JsonObject   **summary,
                            GError       **error)
{
  const Query *q = query;
  g_autoptr(GError) local = NULL;

  *n_items = tj_consultation_count (store, q->search, &local);
  if (local)
    {
      g_propagate_error (error, g_steal_pointer (&local));
      return FALSE;
    }
  return TRUE;
}

static JsonArray *
tj_consultation_list_fetch (TjStore       *store,
                            gconstpointer  query,
                            guint          offset,
                            guint          limit,
                            GError       **error)
{
  const Query *q = query;

  return tj_consultation_list_page (store, q->search, offset, limit, error);
}

static void
reload_quietly_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  if (!tj_paged_list_reload_finish (TJ_PAGED_LIST (source), result, &error) &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_warning ("Cannot list the consultations again: %s", error->message);
}

/* Written here, by sync or by another program: what the rows show may
 * have changed, or how many there are. */
static void
repository_changed_cb (TjRepository       *repository,
                       const char * const *ids,
                       gint64              seq,
                       TjConsultationList *self)
{
  static const char * const listed[] = { "consultation", NULL };

  if (tj_repository_changes_concern (repository, ids, listed, NULL))
    {
      /* With the query of the search last set, even when the reload of
       * it has not ended yet (it is superseded by this one). */
      tj_consultation_list_set_search (self, self->search);
      tj_paged_list_reload_async (TJ_PAGED_LIST (self), NULL, reload_quietly_cb, NULL);
    }
}

static void
tj_consultation_list_constructed (GObject *object)
{
  TjConsultationList *self = TJ_CONSULTATION_LIST (object);
  TjRepository *repository = tj_paged_list_get_repository (TJ_PAGED_LIST (self));

  G_OBJECT_CLASS (tj_consultation_list_parent_class)->constructed (object);

  tj_consultation_list_set_search (self, NULL);
  if (repository)
    g_signal_connect_object (repository, "changed", G_CALLBACK (repository_changed_cb), self, 0);
}

static void
tj_consultation_list_finalize (GObject *object)
{
  TjConsultationList *self = TJ_CONSULTATION_LIST (object);

  g_free (self->search);

  G_OBJECT_CLASS (tj_consultation_list_parent_class)->finalize (object);
}

static void
tj_consultation_list_class_init (TjConsultationListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  TjPagedListClass *list_class = TJ_PAGED_LIST_CLASS (klass);

  object_class->constructed = tj_consultation_list_constructed;
  object_class->finalize = tj_consultation_list_finalize;

  list_class->item_type = TJ_TYPE_CONSULTATION_ROW;
  list_class->count = tj_consultation_list_count;
  list_class->fetch = tj_consultation_list_fetch;
}

static void
tj_consultation_list_init (TjConsultationList *self)
{
}

TjConsultationList *
tj_consultation_list_new (TjRepository *repository)
{
  g_return_val_if_fail (TJ_IS_REPOSITORY (repository), NULL);

  return g_object_new (TJ_TYPE_CONSULTATION_LIST, "repository", repository, NULL);
}

void
tj_consultation_list_set_search (TjConsultationList *self,
                                 const char         *search)
{
  Query *q;

  g_return_if_fail (TJ_IS_CONSULTATION_LIST (self));

  q = g_atomic_rc_box_new0 (Query);
  q->search = search && *search ? g_strdup (search) : NULL;
  if (q->search != self->search)
    {
      g_free (self->search);
      self->search = g_strdup (q->search);
    }
  _tj_paged_list_set_query (TJ_PAGED_LIST (self), q, query_clear);
}

const char *
tj_consultation_list_get_search (TjConsultationList *self)
{
  g_return_val_if_fail (TJ_IS_CONSULTATION_LIST (self), NULL);

  return self->search ? self->search : "";
}
