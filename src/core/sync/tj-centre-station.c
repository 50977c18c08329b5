/* SPDX-License-Identifier: GPL-3.0-or-later */
/* TjCentreStation: a row of the Centre section as a GObject over the JSON
 * object core computed (tj-centre-overview.h). */
#undef G_LOG_DOMAIN
#define G_LOG_DOMAIN "Tiaojie-Centre"

#include "tj-centre-station.h"

#include "tj-json.h"

struct _TjCentreStation
{
  GObject     parent_instance;
  JsonObject *object;
};

G_DEFINE_FINAL_TYPE (TjCentreStation, tj_centre_station, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_CODE,
  PROP_NAME,
  PROP_DATABASE,
  PROP_LAST_SYNC_AT,
  PROP_LAST_OK_AT,
  PROP_SYNC_ERROR,
  PROP_SYNC_STATE,
  PROP_CASES,
  PROP_OPEN_CASES,
  PROP_DEADLINES_DUE,
  PROP_DEADLINES_MISSED,
  PROP_COLLECTIVE,
  PROP_OVERDUE_INSTALLMENTS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

const char *
tj_centre_station_get_code (TjCentreStation *self)
{
  g_return_val_if_fail (TJ_IS_CENTRE_STATION (self), NULL);
  return tj_json_get_string (self->object, "code", "");
}

const char *
tj_centre_station_get_name (TjCentreStation *self)
{
  g_return_val_if_fail (TJ_IS_CENTRE_STATION (self), NULL);
  return tj_json_get_string (self->object, "name", "");
}

const char *
tj_centre_station_get_database (TjCentreStation *self)
{
  g_return_val_if_fail (TJ_IS_CENTRE_STATION (self), NULL);
  return tj_json_get_string (self->object, "database", "");
}

const char *
tj_centre_station_get_last_sync_at (TjCentreStation *self)
{
  g_return_val_if_fail (TJ_IS_CENTRE_STATION (self), NULL);
  return tj_json_get_string (self->object, "last_sync_at", "");
}

const char *
tj_centre_station_get_last_ok_at (TjCentreStation *self)
{
  g_return_val_if_fail (TJ_IS_CENTRE_STATION (self), NULL);
  return tj_json_get_string (self->object, "last_ok_at", "");
}

const char *
tj_centre_station_get_sync_error (TjCentreStation *self)
{
  g_return_val_if_fail (TJ_IS_CENTRE_STATION (self), NULL);
  return tj_json_get_string (self->object, "sync_error", "");
}

const char *
tj_centre_station_get_sync_state (TjCentreStation *self)
{
  g_return_val_if_fail (TJ_IS_CENTRE_STATION (self), NULL);
  return tj_json_get_string (self->object, "sync_state", "");
}

gint64
tj_centre_station_get_cases (TjCentreStation *self)
{
  g_return_val_if_fail (TJ_IS_CENTRE_STATION (self), 0);
  return tj_json_get_int (self->object, "cases", 0);
}

gint64
tj_centre_station_get_open_cases (TjCentreStation *self)
{
  g_return_val_if_fail (TJ_IS_CENTRE_STATION (self), 0);
  return tj_json_get_int (self->object, "open_cases", 0);
}

gint64
tj_centre_station_get_deadlines_due (TjCentreStation *self)
{
  g_return_val_if_fail (TJ_IS_CENTRE_STATION (self), 0);
  return tj_json_get_int (self->object, "deadlines_due", 0);
}

gint64
tj_centre_station_get_deadlines_missed (TjCentreStation *self)
{
  g_return_val_if_fail (TJ_IS_CENTRE_STATION (self), 0);
  return tj_json_get_int (self->object, "deadlines_missed", 0);
}

gint64
tj_centre_station_get_collective (TjCentreStation *self)
{
  g_return_val_if_fail (TJ_IS_CENTRE_STATION (self), 0);
  return tj_json_get_int (self->object, "collective", 0);
}

gint64
tj_centre_station_get_overdue_installments (TjCentreStation *self)
{
  g_return_val_if_fail (TJ_IS_CENTRE_STATION (self), 0);
  return tj_json_get_int (self->object, "overdue_installments", 0);
}

JsonObject *
tj_centre_station_get_json (TjCentreStation *self)
{
  g_return_val_if_fail (TJ_IS_CENTRE_STATION (self), NULL);
  return self->object;
}

static void
tj_centre_station_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  TjCentreStation *self = TJ_CENTRE_STATION (object);

  switch (prop_id)
    {
    case PROP_CODE:
      g_value_set_string (value, tj_centre_station_get_code (self));
      break;
    case PROP_NAME:
      g_value_set_string (value, tj_centre_station_get_name (self));
      break;
    case PROP_DATABASE:
      g_value_set_string (value, tj_centre_station_get_database (self));
      break;
    case PROP_LAST_SYNC_AT:
      g_value_set_string (value, tj_centre_station_get_last_sync_at (self));
      break;
    case PROP_LAST_OK_AT:
      g_value_set_string (value, tj_centre_station_get_last_ok_at (self));
      break;
    case PROP_SYNC_ERROR:
      g_value_set_string (value, tj_centre_station_get_sync_error (self));
      break;
    case PROP_SYNC_STATE:
      g_value_set_string (value, tj_centre_station_get_sync_state (self));
      break;
    case PROP_CASES:
      g_value_set_int64 (value, tj_centre_station_get_cases (self));
      break;
    case PROP_OPEN_CASES:
      g_value_set_int64 (value, tj_centre_station_get_open_cases (self));
      break;
    case PROP_DEADLINES_DUE:
      g_value_set_int64 (value, tj_centre_station_get_deadlines_due (self));
      break;
    case PROP_DEADLINES_MISSED:
      g_value_set_int64 (value, tj_centre_station_get_deadlines_missed (self));
      break;
    case PROP_COLLECTIVE:
      g_value_set_int64 (value, tj_centre_station_get_collective (self));
      break;
    case PROP_OVERDUE_INSTALLMENTS:
      g_value_set_int64 (value, tj_centre_station_get_overdue_installments (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tj_centre_station_finalize (GObject *object)
{
  TjCentreStation *self = TJ_CENTRE_STATION (object);

  g_clear_pointer (&self->object, json_object_unref);

  G_OBJECT_CLASS (tj_centre_station_parent_class)->finalize (object);
}

static void
tj_centre_station_class_init (TjCentreStationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = tj_centre_station_finalize;
  object_class->get_property = tj_centre_station_get_property;

  properties[PROP_CODE] =
    g_param_spec_string ("code", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_DATABASE] =
    g_param_spec_string ("database", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_LAST_SYNC_AT] =
    g_param_spec_string ("last-sync-at", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_LAST_OK_AT] =
    g_param_spec_string ("last-ok-at", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_SYNC_ERROR] =
    g_param_spec_string ("sync-error", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_SYNC_STATE] =
    g_param_spec_string ("sync-state", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_CASES] =
    g_param_spec_int64 ("cases", NULL, NULL, G_MININT64, G_MAXINT64, 0, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_OPEN_CASES] =
    g_param_spec_int64 ("open-cases", NULL, NULL, G_MININT64, G_MAXINT64, 0, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_DEADLINES_DUE] =
    g_param_spec_int64 ("deadlines-due", NULL, NULL, G_MININT64, G_MAXINT64, 0, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_DEADLINES_MISSED] =
    g_param_spec_int64 ("deadlines-missed", NULL, NULL, G_MININT64, G_MAXINT64, 0, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_COLLECTIVE] =
    g_param_spec_int64 ("collective", NULL, NULL, G_MININT64, G_MAXINT64, 0, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_OVERDUE_INSTALLMENTS] =
    g_param_spec_int64 ("overdue-installments", NULL, NULL, G_MININT64, G_MAXINT64, 0, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
tj_centre_station_init (TjCentreStation *self)
{
}

TjCentreStation *
tj_centre_station_new (JsonObject *object)
{
  TjCentreStation *self;

  g_return_val_if_fail (object != NULL, NULL);

  self = g_object_new (TJ_TYPE_CENTRE_STATION, NULL);
  self->object = json_object_ref (object);
  return self;
}

GPtrArray *
tj_centre_station_items_from (JsonArray *array)
{
  return tj_json_wrap_objects (array, (TjJsonWrapFunc) tj_centre_station_new);
}
