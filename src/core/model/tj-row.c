/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Tiaojie-Model"

#include "tj-json.h"
#include "tj-row-private.h"

typedef struct
{
  JsonObject *data;
  gboolean    loaded;
} TjRowPrivate;

G_DEFINE_TYPE_WITH_PRIVATE (TjRow, tj_row, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_LOADED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

gboolean
tj_row_get_loaded (TjRow *self)
{
  TjRowPrivate *priv = tj_row_get_instance_private (self);

  g_return_val_if_fail (TJ_IS_ROW (self), FALSE);
  return priv->loaded;
}

JsonObject *
_tj_row_get_data (TjRow *self)
{
  TjRowPrivate *priv = tj_row_get_instance_private (self);

  return priv->data;
}

void
_tj_row_set_data (TjRow      *self,
                  JsonObject *data)
{
  TjRowPrivate *priv = tj_row_get_instance_private (self);
  g_autofree GParamSpec **pspecs = NULL;
  guint n = 0;

  g_return_if_fail (TJ_IS_ROW (self));
  g_return_if_fail (data != NULL);

  json_object_ref (data);
  g_clear_pointer (&priv->data, json_object_unref);
  priv->data = data;
  priv->loaded = TRUE;

  /* Every property may have changed: a placeholder becomes a row. */
  g_object_freeze_notify (G_OBJECT (self));
  pspecs = g_object_class_list_properties (G_OBJECT_GET_CLASS (self), &n);
  for (guint i = 0; i < n; i++)
    if (pspecs[i] != properties[PROP_LOADED])
      g_object_notify_by_pspec (G_OBJECT (self), pspecs[i]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADED]);
  g_object_thaw_notify (G_OBJECT (self));
}

gpointer
_tj_row_new (GType       type,
             JsonObject *data)
{
  TjRow *self;
  TjRowPrivate *priv;

  g_return_val_if_fail (g_type_is_a (type, TJ_TYPE_ROW), NULL);

  self = g_object_new (type, NULL);
  priv = tj_row_get_instance_private (self);
  if (data)
    {
      g_clear_pointer (&priv->data, json_object_unref);
      priv->data = json_object_ref (data);
      priv->loaded = TRUE;
    }
  return self;
}

const char *
_tj_row_string (gpointer    self,
                const char *member)
{
  TjRowPrivate *priv = tj_row_get_instance_private (self);

  return tj_json_get_string (priv->data, member, "");
}

gint64
_tj_row_int (gpointer    self,
             const char *member,
             gint64      fallback)
{
  TjRowPrivate *priv = tj_row_get_instance_private (self);

  return tj_json_get_int (priv->data, member, fallback);
}

gboolean
_tj_row_bool (gpointer    self,
              const char *member)
{
  TjRowPrivate *priv = tj_row_get_instance_private (self);

  return tj_json_get_bool (priv->data, member, FALSE);
}

static void
tj_row_get_property (GObject    *object,
                     guint       prop_id,
                     GValue     *value,
                     GParamSpec *pspec)
{
  TjRow *self = TJ_ROW (object);

  switch (prop_id)
    {
    case PROP_LOADED:
      g_value_set_boolean (value, tj_row_get_loaded (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tj_row_finalize (GObject *object)
{
  TjRowPrivate *priv = tj_row_get_instance_private (TJ_ROW (object));

  g_clear_pointer (&priv->data, json_object_unref);
  G_OBJECT_CLASS (tj_row_parent_class)->finalize (object);
}

static void
tj_row_class_init (TjRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = tj_row_get_property;
  object_class->finalize = tj_row_finalize;

  /**
   * TjRow:loaded:
   *
   * Whether the row holds what was read; %FALSE for a placeholder.
   */
  properties[PROP_LOADED] =
    g_param_spec_boolean ("loaded", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
tj_row_init (TjRow *self)
{
  TjRowPrivate *priv = tj_row_get_instance_private (self);

  priv->data = json_object_new ();
}
