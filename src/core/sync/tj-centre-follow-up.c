/* SPDX-License-Identifier: GPL-3.0-or-later */
/* TjCentreFollowUp: a row of the Centre section as a GObject over the JSON
 * object core computed (tj-centre-overview.h). */
#undef G_LOG_DOMAIN
#define G_LOG_DOMAIN "Tiaojie-Centre"

#include "tj-centre-follow-up.h"

#include "tj-json.h"

struct _TjCentreFollowUp
{
  GObject     parent_instance;
  JsonObject *object;
};

G_DEFINE_FINAL_TYPE (TjCentreFollowUp, tj_centre_follow_up, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_CASE_ID,
  PROP_NUMBER,
  PROP_TITLE,
  PROP_STATION,
  PROP_STATION_NAME,
  PROP_CLOSED_ON,
  PROP_FOLLOW_UP,
  PROP_LABEL,
  PROP_DUE_ON,
  PROP_DAYS_LEFT,
  PROP_STATE,
  PROP_ATTEMPTS,
  PROP_OUTCOME,
  PROP_OUTCOME_LABEL,
  PROP_NOTE,
  PROP_DONE_AT,
  PROP_BY_CENTRE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

const char *
tj_centre_follow_up_get_case_id (TjCentreFollowUp *self)
{
  g_return_val_if_fail (TJ_IS_CENTRE_FOLLOW_UP (self), NULL);
  return tj_json_get_string (self->object, "case_id", "");
}

const char *
tj_centre_follow_up_get_number (TjCentreFollowUp *self)
{
  g_return_val_if_fail (TJ_IS_CENTRE_FOLLOW_UP (self), NULL);
  return tj_json_get_string (self->object, "number", "");
}

const char *
tj_centre_follow_up_get_title (TjCentreFollowUp *self)
{
  g_return_val_if_fail (TJ_IS_CENTRE_FOLLOW_UP (self), NULL);
  return tj_json_get_string (self->object, "title", "");
}

const char *
tj_centre_follow_up_get_station (TjCentreFollowUp *self)
{
  g_return_val_if_fail (TJ_IS_CENTRE_FOLLOW_UP (self), NULL);
  return tj_json_get_string (self->object, "station", "");
}

const char *
tj_centre_follow_up_get_station_name (TjCentreFollowUp *self)
{
  g_return_val_if_fail (TJ_IS_CENTRE_FOLLOW_UP (self), NULL);
  return tj_json_get_string (self->object, "station_name", "");
}

const char *
tj_centre_follow_up_get_closed_on (TjCentreFollowUp *self)
{
  g_return_val_if_fail (TJ_IS_CENTRE_FOLLOW_UP (self), NULL);
  return tj_json_get_string (self->object, "closed_on", "");
}

const char *
tj_centre_follow_up_get_follow_up (TjCentreFollowUp *self)
{
  g_return_val_if_fail (TJ_IS_CENTRE_FOLLOW_UP (self), NULL);
  return tj_json_get_string (self->object, "follow_up", "");
}

const char *
tj_centre_follow_up_get_label (TjCentreFollowUp *self)
{
  g_return_val_if_fail (TJ_IS_CENTRE_FOLLOW_UP (self), NULL);
  return tj_json_get_string (self->object, "label", "");
}

const char *
tj_centre_follow_up_get_due_on (TjCentreFollowUp *self)
{
  g_return_val_if_fail (TJ_IS_CENTRE_FOLLOW_UP (self), NULL);
  return tj_json_get_string (self->object, "due_on", "");
}

gint64
tj_centre_follow_up_get_days_left (TjCentreFollowUp *self)
{
  g_return_val_if_fail (TJ_IS_CENTRE_FOLLOW_UP (self), 0);
  return tj_json_get_int (self->object, "days_left", G_MININT);
}

const char *
tj_centre_follow_up_get_state (TjCentreFollowUp *self)
{
  g_return_val_if_fail (TJ_IS_CENTRE_FOLLOW_UP (self), NULL);
  return tj_json_get_string (self->object, "state", "");
}

gint64
tj_centre_follow_up_get_attempts (TjCentreFollowUp *self)
{
  g_return_val_if_fail (TJ_IS_CENTRE_FOLLOW_UP (self), 0);
  return tj_json_get_int (self->object, "attempts", 0);
}

const char *
tj_centre_follow_up_get_outcome (TjCentreFollowUp *self)
{
  g_return_val_if_fail (TJ_IS_CENTRE_FOLLOW_UP (self), NULL);
  return tj_json_get_string (self->object, "outcome", "");
}

const char *
tj_centre_follow_up_get_outcome_label (TjCentreFollowUp *self)
{
  g_return_val_if_fail (TJ_IS_CENTRE_FOLLOW_UP (self), NULL);
  return tj_json_get_string (self->object, "outcome_label", "");
}

const char *
tj_centre_follow_up_get_note (TjCentreFollowUp *self)
{
  g_return_val_if_fail (TJ_IS_CENTRE_FOLLOW_UP (self), NULL);
  return tj_json_get_string (self->object, "note", "");
}

const char *
tj_centre_follow_up_get_done_at (TjCentreFollowUp *self)
{
  g_return_val_if_fail (TJ_IS_CENTRE_FOLLOW_UP (self), NULL);
  return tj_json_get_string (self->object, "done_at", "");
}

gboolean
tj_centre_follow_up_get_by_centre (TjCentreFollowUp *self)
{
  g_return_val_if_fail (TJ_IS_CENTRE_FOLLOW_UP (self), FALSE);
  return tj_json_get_bool (self->object, "by_centre", FALSE);
}

JsonObject *
tj_centre_follow_up_get_json (TjCentreFollowUp *self)
{
  g_return_val_if_fail (TJ_IS_CENTRE_FOLLOW_UP (self), NULL);
  return self->object;
}

static void
tj_centre_follow_up_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  TjCentreFollowUp *self = TJ_CENTRE_FOLLOW_UP (object);

  switch (prop_id)
    {
    case PROP_CASE_ID:
      g_value_set_string (value, tj_centre_follow_up_get_case_id (self));
      break;
    case PROP_NUMBER:
      g_value_set_string (value, tj_centre_follow_up_get_number (self));
      break;
    case PROP_TITLE:
      g_value_set_string (value, tj_centre_follow_up_get_title (self));
      break;
    case PROP_STATION:
      g_value_set_string (value, tj_centre_follow_up_get_station (self));
      break;
    case PROP_STATION_NAME:
      g_value_set_string (value, tj_centre_follow_up_get_station_name (self));
      break;
    case PROP_CLOSED_ON:
      g_value_set_string (value, tj_centre_follow_up_get_closed_on (self));
      break;
    case PROP_FOLLOW_UP:
      g_value_set_string (value, tj_centre_follow_up_get_follow_up (self));
      break;
    case PROP_LABEL:
      g_value_set_string (value, tj_centre_follow_up_get_label (self));
      break;
    case PROP_DUE_ON:
      g_value_set_string (value, tj_centre_follow_up_get_due_on (self));
      break;
    case PROP_DAYS_LEFT:
      g_value_set_int64 (value, tj_centre_follow_up_get_days_left (self));
      break;
    case PROP_STATE:
      g_value_set_string (value, tj_centre_follow_up_get_state (self));
      break;
    case PROP_ATTEMPTS:
      g_value_set_int64 (value, tj_centre_follow_up_get_attempts (self));
      break;
    case PROP_OUTCOME:
      g_value_set_string (value, tj_centre_follow_up_get_outcome (self));
      break;
    case PROP_OUTCOME_LABEL:
      g_value_set_string (value, tj_centre_follow_up_get_outcome_label (self));
      break;
    case PROP_NOTE:
      g_value_set_string (value, tj_centre_follow_up_get_note (self));
      break;
    case PROP_DONE_AT:
      g_value_set_string (value, tj_centre_follow_up_get_done_at (self));
      break;
    case PROP_BY_CENTRE:
      g_value_set_boolean (value, tj_centre_follow_up_get_by_centre (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tj_centre_follow_up_finalize (GObject *object)
{
  TjCentreFollowUp *self = TJ_CENTRE_FOLLOW_UP (object);

  g_clear_pointer (&self->object, json_object_unref);

  G_OBJECT_CLASS (tj_centre_follow_up_parent_class)->finalize (object);
}

static void
tj_centre_follow_up_class_init (TjCentreFollowUpClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = tj_centre_follow_up_finalize;
  object_class->get_property = tj_centre_follow_up_get_property;

  properties[PROP_CASE_ID] =
    g_param_spec_string ("case-id", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_NUMBER] =
    g_param_spec_string ("number", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_STATION] =
    g_param_spec_string ("station", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_STATION_NAME] =
    g_param_spec_string ("station-name", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_CLOSED_ON] =
    g_param_spec_string ("closed-on", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_FOLLOW_UP] =
    g_param_spec_string ("follow-up", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_LABEL] =
    g_param_spec_string ("label", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_DUE_ON] =
    g_param_spec_string ("due-on", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_DAYS_LEFT] =
    g_param_spec_int64 ("days-left", NULL, NULL, G_MININT64, G_MAXINT64, 0, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_STATE] =
    g_param_spec_string ("state", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_ATTEMPTS] =
    g_param_spec_int64 ("attempts", NULL, NULL, G_MININT64, G_MAXINT64, 0, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_OUTCOME] =
    g_param_spec_string ("outcome", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_OUTCOME_LABEL] =
    g_param_spec_string ("outcome-label", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_NOTE] =
    g_param_spec_string ("note", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_DONE_AT] =
    g_param_spec_string ("done-at", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_BY_CENTRE] =
    g_param_spec_boolean ("by-centre", NULL, NULL, FALSE, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
tj_centre_follow_up_init (TjCentreFollowUp *self)
{
}

TjCentreFollowUp *
tj_centre_follow_up_new (JsonObject *object)
{
  TjCentreFollowUp *self;

  g_return_val_if_fail (object != NULL, NULL);

  self = g_object_new (TJ_TYPE_CENTRE_FOLLOW_UP, NULL);
  self->object = json_object_ref (object);
  return self;
}

GPtrArray *
tj_centre_follow_up_items_from (JsonArray *array)
{
  return tj_json_wrap_objects (array, (TjJsonWrapFunc) tj_centre_follow_up_new);
}
