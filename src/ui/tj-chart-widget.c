/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Tiaojie-UI"

#include <adwaita.h>

#include "tj-chart-widget.h"

/* The drawing is core's (the same on a PDF page); the widget only hands
 * it a cairo context, its size and whether the style is dark. */
struct _TjChartWidget
{
  GtkDrawingArea  parent_instance;

  TjReportChart   chart;
  JsonObject     *summary;
  gulong          dark_handler;
};

G_DEFINE_FINAL_TYPE (TjChartWidget, tj_chart_widget, GTK_TYPE_DRAWING_AREA)

static void
draw_cb (GtkDrawingArea *area,
         cairo_t        *cr,
         int             width,
         int             height,
         gpointer        user_data)
{
  TjChartWidget *self = TJ_CHART_WIDGET (area);
  gboolean dark = adw_style_manager_get_dark (adw_style_manager_get_default ());

  if (self->summary == NULL)
    return;
  tj_report_chart_draw (self->summary, self->chart, cr, width, height, dark, NULL);
}

static void
dark_changed_cb (AdwStyleManager *manager,
                 GParamSpec      *pspec,
                 TjChartWidget   *self)
{
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
tj_chart_widget_dispose (GObject *object)
{
  TjChartWidget *self = TJ_CHART_WIDGET (object);

  g_clear_signal_handler (&self->dark_handler, adw_style_manager_get_default ());
  g_clear_pointer (&self->summary, json_object_unref);
  G_OBJECT_CLASS (tj_chart_widget_parent_class)->dispose (object);
}

/* Drawn to whatever width it gets: on a phone narrower than its natural
 * 320 px rather than widen the window. */
#define CHART_MIN_WIDTH 240

static void
tj_chart_widget_measure (GtkWidget      *widget,
                         GtkOrientation  orientation,
                         int             for_size,
                         int            *minimum,
                         int            *natural,
                         int            *minimum_baseline,
                         int            *natural_baseline)
{
  GTK_WIDGET_CLASS (tj_chart_widget_parent_class)->measure (widget, orientation, for_size, minimum, natural,
                                                           minimum_baseline, natural_baseline);
  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    *minimum = MIN (*minimum, CHART_MIN_WIDTH);
}

static void
tj_chart_widget_class_init (TjChartWidgetClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = tj_chart_widget_dispose;
  GTK_WIDGET_CLASS (klass)->measure = tj_chart_widget_measure;
  gtk_widget_class_set_css_name (GTK_WIDGET_CLASS (klass), "chart");
}

static void
tj_chart_widget_init (TjChartWidget *self)
{
  gtk_drawing_area_set_draw_func (GTK_DRAWING_AREA (self), draw_cb, NULL, NULL);
  gtk_drawing_area_set_content_height (GTK_DRAWING_AREA (self), 240);
  gtk_drawing_area_set_content_width (GTK_DRAWING_AREA (self), 320);
  gtk_widget_set_hexpand (GTK_WIDGET (self), TRUE);
  self->dark_handler = g_signal_connect (adw_style_manager_get_default (), "notify::dark",
                                         G_CALLBACK (dark_changed_cb), self);
}

GtkWidget *
tj_chart_widget_new (TjReportChart chart)
{
  TjChartWidget *self = g_object_new (TJ_TYPE_CHART_WIDGET, NULL);

  self->chart = chart;
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  tj_report_chart_title (chart), -1);
  return GTK_WIDGET (self);
}

TjReportChart
tj_chart_widget_get_chart (TjChartWidget *self)
{
  g_return_val_if_fail (TJ_IS_CHART_WIDGET (self), 0);
  return self->chart;
}

void
tj_chart_widget_set_summary (TjChartWidget *self,
                             JsonObject    *summary)
{
  g_return_if_fail (TJ_IS_CHART_WIDGET (self));

  g_clear_pointer (&self->summary, json_object_unref);
  if (summary)
    self->summary = json_object_ref (summary);
  /* The station chart grows with the stations. */
  gtk_drawing_area_set_content_height (GTK_DRAWING_AREA (self),
                                       (int) tj_report_chart_height (summary, self->chart, 240));
  gtk_widget_queue_draw (GTK_WIDGET (self));
}
