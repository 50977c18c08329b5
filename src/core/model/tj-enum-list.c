/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Tiaojie-Labels"

#include "tj-enum-list.h"

/* ------------------------------------------------------------------ */
/* TjEnumItem                                                           */

struct _TjEnumItem
{
  GObject     parent_instance;

  int         value;
  const char *nick;    /* the enum class's, static */
  const char *label;   /* translated, static */
};

G_DEFINE_FINAL_TYPE (TjEnumItem, tj_enum_item, G_TYPE_OBJECT)

enum {
  ITEM_PROP_0,
  ITEM_PROP_VALUE,
  ITEM_PROP_NICK,
  ITEM_PROP_LABEL,
  N_ITEM_PROPS
};

static GParamSpec *item_properties[N_ITEM_PROPS];

static void
tj_enum_item_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  TjEnumItem *self = TJ_ENUM_ITEM (object);

  switch (prop_id)
    {
    case ITEM_PROP_VALUE:
      g_value_set_int (value, self->value);
      break;
    case ITEM_PROP_NICK:
      g_value_set_static_string (value, self->nick);
      break;
    case ITEM_PROP_LABEL:
      g_value_set_static_string (value, self->label);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tj_enum_item_class_init (TjEnumItemClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = tj_enum_item_get_property;

  item_properties[ITEM_PROP_VALUE] =
    g_param_spec_int ("value", NULL, NULL, G_MININT, G_MAXINT, 0, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  item_properties[ITEM_PROP_NICK] =
    g_param_spec_string ("nick", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  item_properties[ITEM_PROP_LABEL] =
    g_param_spec_string ("label", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_ITEM_PROPS, item_properties);
}

static void
tj_enum_item_init (TjEnumItem *self)
{
}

int
tj_enum_item_get_value (TjEnumItem *self)
{
  g_return_val_if_fail (TJ_IS_ENUM_ITEM (self), 0);

  return self->value;
}

const char *
tj_enum_item_get_nick (TjEnumItem *self)
{
  g_return_val_if_fail (TJ_IS_ENUM_ITEM (self), NULL);

  return self->nick;
}

const char *
tj_enum_item_get_label (TjEnumItem *self)
{
  g_return_val_if_fail (TJ_IS_ENUM_ITEM (self), NULL);

  return self->label;
}

/* ------------------------------------------------------------------ */
/* TjEnumList                                                           */

struct _TjEnumList
{
  GObject    parent_instance;

  GType      enum_type;
  GPtrArray *items;   /* TjEnumItem */
};

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (TjEnumList, tj_enum_list, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

static GType
get_item_type (GListModel *model)
{
  return TJ_TYPE_ENUM_ITEM;
}

static guint
get_n_items (GListModel *model)
{
  return TJ_ENUM_LIST (model)->items->len;
}

static gpointer
get_item (GListModel *model,
          guint       position)
{
  TjEnumList *self = TJ_ENUM_LIST (model);

  if (position >= self->items->len)
    return NULL;
  return g_object_ref (g_ptr_array_index (self->items, position));
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = get_item_type;
  iface->get_n_items = get_n_items;
  iface->get_item = get_item;
}

static void
tj_enum_list_finalize (GObject *object)
{
  TjEnumList *self = TJ_ENUM_LIST (object);

  g_ptr_array_unref (self->items);

  G_OBJECT_CLASS (tj_enum_list_parent_class)->finalize (object);
}

static void
tj_enum_list_class_init (TjEnumListClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = tj_enum_list_finalize;
}

static void
tj_enum_list_init (TjEnumList *self)
{
  self->items = g_ptr_array_new_with_free_func (g_object_unref);
}

static void
append (TjEnumList *self,
        GEnumValue *value)
{
  TjEnumItem *item = g_object_new (TJ_TYPE_ENUM_ITEM, NULL);
  const char *label = tj_enum_get_label (self->enum_type, value->value);

  item->value = value->value;
  item->nick = value->value_nick;
  item->label = label ? label : value->value_nick;
  g_ptr_array_add (self->items, item);
}

/**
 * tj_enum_list_new:
 * @enum_type: a registered enum of tj-types.h
 *
 * Returns: (transfer full): the enum's values in order, with their labels
 */
TjEnumList *
tj_enum_list_new (GType enum_type)
{
  g_autoptr(GEnumClass) klass = NULL;
  TjEnumList *self;

  g_return_val_if_fail (G_TYPE_IS_ENUM (enum_type), NULL);

  self = g_object_new (TJ_TYPE_ENUM_LIST, NULL);
  self->enum_type = enum_type;
  klass = g_type_class_ref (enum_type);
  for (guint i = 0; i < klass->n_values; i++)
    append (self, &klass->values[i]);
  return self;
}

/**
 * tj_enum_list_new_for_nicks:
 * @enum_type: a registered enum of tj-types.h
 * @nicks: the values to list, in order
 *
 * Returns: (transfer full): those values with their labels
 */
TjEnumList *
tj_enum_list_new_for_nicks (GType               enum_type,
                            const char * const *nicks)
{
  g_autoptr(GEnumClass) klass = NULL;
  TjEnumList *self;

  g_return_val_if_fail (G_TYPE_IS_ENUM (enum_type), NULL);
  g_return_val_if_fail (nicks != NULL, NULL);

  self = g_object_new (TJ_TYPE_ENUM_LIST, NULL);
  self->enum_type = enum_type;
  klass = g_type_class_ref (enum_type);
  for (guint i = 0; nicks[i]; i++)
    {
      GEnumValue *value = g_enum_get_value_by_nick (klass, nicks[i]);
      if (value)
        append (self, value);
    }
  return self;
}

GType
tj_enum_list_get_enum_type (TjEnumList *self)
{
  g_return_val_if_fail (TJ_IS_ENUM_LIST (self), G_TYPE_INVALID);

  return self->enum_type;
}

guint
tj_enum_list_find (TjEnumList *self,
                   const char *nick)
{
  g_return_val_if_fail (TJ_IS_ENUM_LIST (self), G_MAXUINT);

  for (guint i = 0; nick && i < self->items->len; i++)
    if (g_str_equal (((TjEnumItem *) g_ptr_array_index (self->items, i))->nick, nick))
      return i;
  return G_MAXUINT;
}

const char *
tj_enum_list_get_nick (TjEnumList *self,
                       guint       position)
{
  g_return_val_if_fail (TJ_IS_ENUM_LIST (self), NULL);

  if (position >= self->items->len)
    return NULL;
  return ((TjEnumItem *) g_ptr_array_index (self->items, position))->nick;
}
