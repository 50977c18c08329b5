/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Tiaojie-UI"

#include "tj-list-frame.h"

struct _TjListFrame
{
  GtkWidget  parent_instance;

  GtkWidget *child;
  int        max_height;
  gboolean   capped;       /* the rows are taller than max-height */
  guint      policy_idle;
};

static void buildable_iface_init (GtkBuildableIface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (TjListFrame, tj_list_frame, GTK_TYPE_WIDGET,
                               G_IMPLEMENT_INTERFACE (GTK_TYPE_BUILDABLE, buildable_iface_init))

enum { PROP_0, PROP_CHILD, PROP_MAX_HEIGHT, N_PROPS };

static GParamSpec *properties[N_PROPS];
static GtkBuildableIface *parent_buildable_iface;

static GtkWidget *
list_of (TjListFrame *self)
{
  GtkWidget *list = GTK_IS_SCROLLED_WINDOW (self->child)
                      ? gtk_scrolled_window_get_child (GTK_SCROLLED_WINDOW (self->child))
                      : self->child;

  /* A grid view of one column is a list that keeps fewer rows alive. */
  return GTK_IS_LIST_VIEW (list) || GTK_IS_GRID_VIEW (list) ? list : NULL;
}

/* The rows the list has made, measured at @width; the others (a long
 * list makes only some) counted at the average of those. */
static int
rows_height (TjListFrame *self,
             int          width)
{
  GtkWidget *list = list_of (self);
  GListModel *model = list == NULL            ? NULL
                      : GTK_IS_LIST_VIEW (list) ? G_LIST_MODEL (gtk_list_view_get_model (GTK_LIST_VIEW (list)))
                                                : G_LIST_MODEL (gtk_grid_view_get_model (GTK_GRID_VIEW (list)));
  guint n_items = model ? g_list_model_get_n_items (model) : 0;
  guint n_rows = 0;
  int height = 0;

  if (list == NULL)
    return 0;
  for (GtkWidget *row = gtk_widget_get_first_child (list); row; row = gtk_widget_get_next_sibling (row))
    {
      int nat = 0;

      if (!gtk_widget_get_visible (row) || n_rows >= n_items)
        continue;
      /* The list view gives its rows their natural height. */
      gtk_widget_measure (row, GTK_ORIENTATION_VERTICAL, width, NULL, &nat, NULL, NULL);
      height += nat;
      n_rows++;
    }
  if (n_rows > 0 && n_items > n_rows)
    height += (int) ((gint64) height * (n_items - n_rows) / n_rows);
  return height;
}

/* A scrolled window takes the wheel whenever its policy lets it scroll,
 * even when everything fits: the page around it would stop scrolling
 * under the pointer. So it scrolls only while the rows are capped. */
static void
apply_policy (TjListFrame *self)
{
  if (GTK_IS_SCROLLED_WINDOW (self->child))
    gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (self->child), GTK_POLICY_NEVER,
                                    self->capped ? GTK_POLICY_AUTOMATIC : GTK_POLICY_NEVER);
}

static gboolean
update_policy_cb (gpointer data)
{
  TjListFrame *self = data;

  self->policy_idle = 0;
  apply_policy (self);
  return G_SOURCE_REMOVE;
}

static void
set_capped (TjListFrame *self,
            gboolean     capped)
{
  if (self->capped == capped)
    return;
  self->capped = capped;
  /* Not while being measured: a new policy asks for a new size. */
  if (self->policy_idle == 0)
    self->policy_idle = g_idle_add (update_policy_cb, self);
}

static GtkSizeRequestMode
tj_list_frame_get_request_mode (GtkWidget *widget)
{
  return GTK_SIZE_REQUEST_HEIGHT_FOR_WIDTH;
}

static void
tj_list_frame_measure (GtkWidget      *widget,
                       GtkOrientation  orientation,
                       int             for_size,
                       int            *minimum,
                       int            *natural,
                       int            *minimum_baseline,
                       int            *natural_baseline)
{
  TjListFrame *self = TJ_LIST_FRAME (widget);
  int child_min = 0, child_nat = 0;

  if (self->child == NULL || !gtk_widget_get_visible (self->child))
    {
      *minimum = *natural = 0;
      return;
    }
  gtk_widget_measure (self->child, orientation, for_size, &child_min, &child_nat, NULL, NULL);
  if (orientation == GTK_ORIENTATION_HORIZONTAL || for_size < 0)
    {
      *minimum = child_min;
      *natural = child_nat;
      return;
    }
  /* What the rows need at this width, and the child's margins. */
  {
    int height = rows_height (self, for_size - gtk_widget_get_margin_start (self->child) -
                                    gtk_widget_get_margin_end (self->child));
    set_capped (self, self->max_height >= 0 && height > self->max_height);
    if (self->max_height >= 0)
      height = MIN (height, self->max_height);
    height += gtk_widget_get_margin_top (self->child) + gtk_widget_get_margin_bottom (self->child);
    *minimum = *natural = MAX (height, child_min);
  }
}

static void
tj_list_frame_size_allocate (GtkWidget *widget,
                             int        width,
                             int        height,
                             int        baseline)
{
  TjListFrame *self = TJ_LIST_FRAME (widget);

  if (self->child && gtk_widget_get_visible (self->child))
    gtk_widget_allocate (self->child, width, height, baseline, NULL);
}

/* ---------------------------------------------------------- the rest */

GtkWidget *
tj_list_frame_new (void)
{
  return g_object_new (TJ_TYPE_LIST_FRAME, NULL);
}

GtkWidget *
tj_list_frame_get_child (TjListFrame *self)
{
  g_return_val_if_fail (TJ_IS_LIST_FRAME (self), NULL);
  return self->child;
}

void
tj_list_frame_set_child (TjListFrame *self,
                         GtkWidget   *child)
{
  g_return_if_fail (TJ_IS_LIST_FRAME (self));
  g_return_if_fail (child == NULL || GTK_IS_WIDGET (child));

  if (self->child == child)
    return;
  g_clear_pointer (&self->child, gtk_widget_unparent);
  if (child)
    {
      self->child = child;
      gtk_widget_set_parent (child, GTK_WIDGET (self));
      apply_policy (self);
    }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CHILD]);
}

int
tj_list_frame_get_max_height (TjListFrame *self)
{
  g_return_val_if_fail (TJ_IS_LIST_FRAME (self), -1);
  return self->max_height;
}

void
tj_list_frame_set_max_height (TjListFrame *self,
                              int          max_height)
{
  g_return_if_fail (TJ_IS_LIST_FRAME (self));

  if (self->max_height == max_height)
    return;
  self->max_height = max_height;
  gtk_widget_queue_resize (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MAX_HEIGHT]);
}

static void
tj_list_frame_add_child (GtkBuildable *buildable,
                         GtkBuilder   *builder,
                         GObject      *child,
                         const char   *type)
{
  if (GTK_IS_WIDGET (child))
    tj_list_frame_set_child (TJ_LIST_FRAME (buildable), GTK_WIDGET (child));
  else
    parent_buildable_iface->add_child (buildable, builder, child, type);
}

static void
buildable_iface_init (GtkBuildableIface *iface)
{
  parent_buildable_iface = g_type_interface_peek_parent (iface);
  iface->add_child = tj_list_frame_add_child;
}

static void
tj_list_frame_dispose (GObject *object)
{
  g_clear_handle_id (&TJ_LIST_FRAME (object)->policy_idle, g_source_remove);
  g_clear_pointer (&TJ_LIST_FRAME (object)->child, gtk_widget_unparent);
  G_OBJECT_CLASS (tj_list_frame_parent_class)->dispose (object);
}

static void
tj_list_frame_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  TjListFrame *self = TJ_LIST_FRAME (object);

  switch (prop_id)
    {
    case PROP_CHILD: g_value_set_object (value, self->child); break;
    case PROP_MAX_HEIGHT: g_value_set_int (value, self->max_height); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tj_list_frame_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  TjListFrame *self = TJ_LIST_FRAME (object);

  switch (prop_id)
    {
    case PROP_CHILD: tj_list_frame_set_child (self, g_value_get_object (value)); break;
    case PROP_MAX_HEIGHT: tj_list_frame_set_max_height (self, g_value_get_int (value)); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tj_list_frame_class_init (TjListFrameClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = tj_list_frame_dispose;
  object_class->get_property = tj_list_frame_get_property;
  object_class->set_property = tj_list_frame_set_property;
  widget_class->get_request_mode = tj_list_frame_get_request_mode;
  widget_class->measure = tj_list_frame_measure;
  widget_class->size_allocate = tj_list_frame_size_allocate;

  properties[PROP_CHILD] = g_param_spec_object ("child", NULL, NULL, GTK_TYPE_WIDGET,
                                                G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_MAX_HEIGHT] = g_param_spec_int ("max-height", NULL, NULL, -1, G_MAXINT, -1,
                                                  G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);
  gtk_widget_class_set_css_name (widget_class, "listframe");
}

static void
tj_list_frame_init (TjListFrame *self)
{
  self->max_height = -1;
}
