/* SPDX-License-Identifier: GPL-3.0-or-later */
/* TjCentreCase: a row of the Centre section as a GObject over the JSON
 * object core computed (tj-centre-overview.h). */
#undef G_LOG_DOMAIN
#define G_LOG_DOMAIN "Tiaojie-Centre"

#include "tj-centre-case.h"

#include "tj-json.h"

struct _TjCentreCase
{
  GObject     parent_instance;
  JsonObject *object;
};

G_DEFINE_FINAL_TYPE (TjCentreCase, tj_centre_case, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_NUMBER,
  PROP_TITLE,
  PROP_STATUS,
  PROP_STATUS_LABEL,
  PROP_RECEIVED_ON,
  PROP_EMPLOYER,
  PROP_WORKERS,
  PROP_OWED_FEN,
  PROP_MEDIATION_DEADLINE,
  PROP_DAYS_LEFT,
  PROP_FLAGGED,
  PROP_OPEN,
  PROP_DISPATCHED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

const char *
tj_centre_case_get_id (TjCentreCase *self)
{
  g_return_val_if_fail (TJ_IS_CENTRE_CASE (self), NULL);
  return tj_json_get_string (self->object, "id", "");
}

const char *
tj_centre_case_get_number (TjCentreCase *self)
{
  g_return_val_if_fail (TJ_IS_CENTRE_CASE (self), NULL);
  return tj_json_get_string (self->object, "number", "");
}

const char *
tj_centre_case_get_title (TjCentreCase *self)
{
  g_return_val_if_fail (TJ_IS_CENTRE_CASE (self), NULL);
  return tj_json_get_string (self->object, "title", "");
}

const char *
tj_centre_case_get_status (TjCentreCase *self)
{
  g_return_val_if_fail (TJ_IS_CENTRE_CASE (self), NULL);
  return tj_json_get_string (self->object, "status", "");
}

const char *
tj_centre_case_get_status_label (TjCentreCase *self)
{
  g_return_val_if_fail (TJ_IS_CENTRE_CASE (self), NULL);
  return tj_json_get_string (self->object, "status_label", "");
}

const char *
tj_centre_case_get_received_on (TjCentreCase *self)
{
  g_return_val_if_fail (TJ_IS_CENTRE_CASE (self), NULL);
  return tj_json_get_string (self->object, "received_on", "");
}

const char *
tj_centre_case_get_employer (TjCentreCase *self)
{
  g_return_val_if_fail (TJ_IS_CENTRE_CASE (self), NULL);
  return tj_json_get_string (self->object, "employer", "");
}

gint64
tj_centre_case_get_workers (TjCentreCase *self)
{
  g_return_val_if_fail (TJ_IS_CENTRE_CASE (self), 0);
  return tj_json_get_int (self->object, "workers", 0);
}

gint64
tj_centre_case_get_owed_fen (TjCentreCase *self)
{
  g_return_val_if_fail (TJ_IS_CENTRE_CASE (self), 0);
  return tj_json_get_int (self->object, "owed_fen", 0);
}

const char *
tj_centre_case_get_mediation_deadline (TjCentreCase *self)
{
  g_return_val_if_fail (TJ_IS_CENTRE_CASE (self), NULL);
  return tj_json_get_string (self->object, "mediation_deadline", "");
}

gint64
tj_centre_case_get_days_left (TjCentreCase *self)
{
  g_return_val_if_fail (TJ_IS_CENTRE_CASE (self), 0);
  return tj_json_get_int (self->object, "days_left", G_MININT);
}

gboolean
tj_centre_case_get_flagged (TjCentreCase *self)
{
  g_return_val_if_fail (TJ_IS_CENTRE_CASE (self), FALSE);
  return tj_json_get_bool (self->object, "flagged", FALSE);
}

gboolean
tj_centre_case_get_open (TjCentreCase *self)
{
  g_return_val_if_fail (TJ_IS_CENTRE_CASE (self), FALSE);
  return tj_json_get_bool (self->object, "open", FALSE);
}

gboolean
tj_centre_case_get_dispatched (TjCentreCase *self)
{
  g_return_val_if_fail (TJ_IS_CENTRE_CASE (self), FALSE);
  return tj_json_get_bool (self->object, "dispatched", FALSE);
}

JsonObject *
tj_centre_case_get_json (TjCentreCase *self)
{
  g_return_val_if_fail (TJ_IS_CENTRE_CASE (self), NULL);
  return self->object;
}

static void
tj_centre_case_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  TjCentreCase *self = TJ_CENTRE_CASE (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_string (value, tj_centre_case_get_id (self));
      break;
    case PROP_NUMBER:
      g_value_set_string (value, tj_centre_case_get_number (self));
      break;
    case PROP_TITLE:
      g_value_set_string (value, tj_centre_case_get_title (self));
      break;
    case PROP_STATUS:
      g_value_set_string (value, tj_centre_case_get_status (self));
      break;
    case PROP_STATUS_LABEL:
      g_value_set_string (value, tj_centre_case_get_status_label (self));
      break;
    case PROP_RECEIVED_ON:
      g_value_set_string (value, tj_centre_case_get_received_on (self));
      break;
    case PROP_EMPLOYER:
      g_value_set_string (value, tj_centre_case_get_employer (self));
      break;
    case PROP_WORKERS:
      g_value_set_int64 (value, tj_centre_case_get_workers (self));
      break;
    case PROP_OWED_FEN:
      g_value_set_int64 (value, tj_centre_case_get_owed_fen (self));
      break;
    case PROP_MEDIATION_DEADLINE:
      g_value_set_string (value, tj_centre_case_get_mediation_deadline (self));
      break;
    case PROP_DAYS_LEFT:
      g_value_set_int64 (value, tj_centre_case_get_days_left (self));
      break;
    case PROP_FLAGGED:
      g_value_set_boolean (value, tj_centre_case_get_flagged (self));
      break;
    case PROP_OPEN:
      g_value_set_boolean (value, tj_centre_case_get_open (self));
      break;
    case PROP_DISPATCHED:
      g_value_set_boolean (value, tj_centre_case_get_dispatched (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tj_centre_case_finalize (GObject *object)
{
  TjCentreCase *self = TJ_CENTRE_CASE (object);

  g_clear_pointer (&self->object, json_object_unref);

  G_OBJECT_CLASS (tj_centre_case_parent_class)->finalize (object);
}

static void
tj_centre_case_class_init (TjCentreCaseClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = tj_centre_case_finalize;
  object_class->get_property = tj_centre_case_get_property;

  properties[PROP_ID] =
    g_param_spec_string ("id", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_NUMBER] =
    g_param_spec_string ("number", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_STATUS] =
    g_param_spec_string ("status", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_STATUS_LABEL] =
    g_param_spec_string ("status-label", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_RECEIVED_ON] =
    g_param_spec_string ("received-on", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_EMPLOYER] =
    g_param_spec_string ("employer", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_WORKERS] =
    g_param_spec_int64 ("workers", NULL, NULL, G_MININT64, G_MAXINT64, 0, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_OWED_FEN] =
    g_param_spec_int64 ("owed-fen", NULL, NULL, G_MININT64, G_MAXINT64, 0, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_MEDIATION_DEADLINE] =
    g_param_spec_string ("mediation-deadline", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_DAYS_LEFT] =
    g_param_spec_int64 ("days-left", NULL, NULL, G_MININT64, G_MAXINT64, 0, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_FLAGGED] =
    g_param_spec_boolean ("flagged", NULL, NULL, FALSE, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_OPEN] =
    g_param_spec_boolean ("open", NULL, NULL, FALSE, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_DISPATCHED] =
    g_param_spec_boolean ("dispatched", NULL, NULL, FALSE, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
tj_centre_case_init (TjCentreCase *self)
{
}

TjCentreCase *
tj_centre_case_new (JsonObject *object)
{
  TjCentreCase *self;

  g_return_val_if_fail (object != NULL, NULL);

  self = g_object_new (TJ_TYPE_CENTRE_CASE, NULL);
  self->object = json_object_ref (object);
  return self;
}

GPtrArray *
tj_centre_case_items_from (JsonArray *array)
{
  return tj_json_wrap_objects (array, (TjJsonWrapFunc) tj_centre_case_new);
}
