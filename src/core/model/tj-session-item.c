/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Tiaojie-Session"

/* The rows of the session model's lists, and the one way they change:
 * _tj_session_items_sync() updates rows in place when the same ids come
 * back (a ticked switch, a present worker), so that a list bound to them
 * keeps its widgets, focus and scroll position, and replaces them only
 * when the rows themselves changed. See tj-session-model.h. */

#include "tj-session-model.h"
#include "tj-session-model-private.h"

struct _TjSessionItem
{
  GObject   parent_instance;

  char     *id;
  char     *title;
  char     *subtitle;
  char     *kind;
  char     *side;
  char     *state;
  gboolean  active;
  gboolean  flag;
  int       count;
};

G_DEFINE_FINAL_TYPE (TjSessionItem, tj_session_item, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_TITLE,
  PROP_SUBTITLE,
  PROP_KIND,
  PROP_SIDE,
  PROP_STATE,
  PROP_ACTIVE,
  PROP_FLAG,
  PROP_COUNT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
tj_session_item_finalize (GObject *object)
{
  TjSessionItem *self = TJ_SESSION_ITEM (object);

  g_free (self->id);
  g_free (self->title);
  g_free (self->subtitle);
  g_free (self->kind);
  g_free (self->side);
  g_free (self->state);
  G_OBJECT_CLASS (tj_session_item_parent_class)->finalize (object);
}

static void
tj_session_item_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  TjSessionItem *self = TJ_SESSION_ITEM (object);

  switch (prop_id)
    {
    case PROP_ID: g_value_set_string (value, self->id); break;
    case PROP_TITLE: g_value_set_string (value, self->title); break;
    case PROP_SUBTITLE: g_value_set_string (value, self->subtitle); break;
    case PROP_KIND: g_value_set_string (value, self->kind); break;
    case PROP_SIDE: g_value_set_string (value, self->side); break;
    case PROP_STATE: g_value_set_string (value, self->state); break;
    case PROP_ACTIVE: g_value_set_boolean (value, self->active); break;
    case PROP_FLAG: g_value_set_boolean (value, self->flag); break;
    case PROP_COUNT: g_value_set_int (value, self->count); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tj_session_item_class_init (TjSessionItemClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags flags = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;

  object_class->finalize = tj_session_item_finalize;
  object_class->get_property = tj_session_item_get_property;

  properties[PROP_ID] = g_param_spec_string ("id", NULL, NULL, NULL, flags);
  properties[PROP_TITLE] = g_param_spec_string ("title", NULL, NULL, NULL, flags);
  properties[PROP_SUBTITLE] = g_param_spec_string ("subtitle", NULL, NULL, NULL, flags);
  properties[PROP_KIND] = g_param_spec_string ("kind", NULL, NULL, NULL, flags);
  properties[PROP_SIDE] = g_param_spec_string ("side", NULL, NULL, NULL, flags);
  properties[PROP_STATE] = g_param_spec_string ("state", NULL, NULL, NULL, flags);
  properties[PROP_ACTIVE] = g_param_spec_boolean ("active", NULL, NULL, FALSE, flags);
  properties[PROP_FLAG] = g_param_spec_boolean ("flag", NULL, NULL, FALSE, flags);
  properties[PROP_COUNT] = g_param_spec_int ("count", NULL, NULL, 0, G_MAXINT, 0, flags);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
tj_session_item_init (TjSessionItem *self)
{
}

TjSessionItem *
_tj_session_item_new (const char *id,
                      const char *title,
                      const char *subtitle)
{
  TjSessionItem *self = g_object_new (TJ_TYPE_SESSION_ITEM, NULL);

  self->id = g_strdup (id ? id : "");
  self->title = g_strdup (title ? title : "");
  self->subtitle = g_strdup (subtitle);
  return self;
}

void
_tj_session_item_set (TjSessionItem *self,
                      const char    *kind,
                      const char    *side,
                      const char    *state,
                      gboolean       active,
                      gboolean       flag,
                      int            count)
{
  g_free (self->kind);
  self->kind = g_strdup (kind);
  g_free (self->side);
  self->side = g_strdup (side);
  g_free (self->state);
  self->state = g_strdup (state);
  self->active = active;
  self->flag = flag;
  self->count = count;
}

#define GETTER(type, name, fallback)                              \
  type                                                            \
  tj_session_item_get_##name (TjSessionItem *self)                \
  {                                                               \
    g_return_val_if_fail (TJ_IS_SESSION_ITEM (self), fallback);   \
    return self->name;                                            \
  }
GETTER (const char *, id, NULL)
GETTER (const char *, title, NULL)
GETTER (const char *, subtitle, NULL)
GETTER (const char *, kind, NULL)
GETTER (const char *, side, NULL)
GETTER (const char *, state, NULL)
GETTER (gboolean, active, FALSE)
GETTER (gboolean, flag, FALSE)
GETTER (int, count, 0)
#undef GETTER

static gboolean
set_string (char       **field,
            const char  *value)
{
  if (g_strcmp0 (*field, value) == 0)
    return FALSE;
  g_free (*field);
  *field = g_strdup (value);
  return TRUE;
}

/* Copies @from into @to, announcing only what changed. */
static void
update_item (TjSessionItem *to,
             TjSessionItem *from)
{
  GObject *o = G_OBJECT (to);

  g_object_freeze_notify (o);
  if (set_string (&to->title, from->title))
    g_object_notify_by_pspec (o, properties[PROP_TITLE]);
  if (set_string (&to->subtitle, from->subtitle))
    g_object_notify_by_pspec (o, properties[PROP_SUBTITLE]);
  if (set_string (&to->kind, from->kind))
    g_object_notify_by_pspec (o, properties[PROP_KIND]);
  if (set_string (&to->side, from->side))
    g_object_notify_by_pspec (o, properties[PROP_SIDE]);
  if (set_string (&to->state, from->state))
    g_object_notify_by_pspec (o, properties[PROP_STATE]);
  if (to->active != from->active)
    {
      to->active = from->active;
      g_object_notify_by_pspec (o, properties[PROP_ACTIVE]);
    }
  if (to->flag != from->flag)
    {
      to->flag = from->flag;
      g_object_notify_by_pspec (o, properties[PROP_FLAG]);
    }
  if (to->count != from->count)
    {
      to->count = from->count;
      g_object_notify_by_pspec (o, properties[PROP_COUNT]);
    }
  g_object_thaw_notify (o);
}

void
_tj_session_items_sync (GListStore *store,
                        GPtrArray  *items)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (store));
  gboolean same = n == items->len;

  for (guint i = 0; same && i < n; i++)
    {
      g_autoptr(TjSessionItem) old = g_list_model_get_item (G_LIST_MODEL (store), i);
      same = g_strcmp0 (old->id, ((TjSessionItem *) items->pdata[i])->id) == 0;
    }
  if (!same)
    {
      g_list_store_splice (store, 0, n, items->pdata, items->len);
      return;
    }
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(TjSessionItem) old = g_list_model_get_item (G_LIST_MODEL (store), i);
      update_item (old, items->pdata[i]);
    }
}
