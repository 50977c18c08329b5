/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Tiaojie-UI"

#include <glib/gi18n.h>
#include <adwaita.h>

#include "tj-json.h"
#include "tj-offer-chart.h"
#include "tj-offer-chart-widget.h"

/* The drawing is core's (the same chart goes into documents and the CLI's
 * PNG); the widget gives it a size that fits the number of panels and
 * redraws when the style turns dark or light. */
struct _TjOfferChartWidget
{
  GtkDrawingArea  parent_instance;

  JsonObject     *figures;
  gulong          dark_handler;
  double          zoom;
};

G_DEFINE_FINAL_TYPE (TjOfferChartWidget, tj_offer_chart_widget, GTK_TYPE_DRAWING_AREA)

#define PANEL_HEIGHT 250
#define MIN_DRAW_WIDTH 520

/* The size the chart is laid out at for @width × @height on screen, and
 * the scale that maps it there: the zoom (larger text for a screen read
 * from across the table), and below a minimum width the chart drawn at
 * that width and scaled down, so its title and legend never collide. */
static double
logical_size (TjOfferChartWidget *self,
              int                 width,
              int                 height,
              int                *out_width,
              int                *out_height)
{
  double scale = self->zoom;

  if (width / scale < MIN_DRAW_WIDTH)
    scale = (double) width / MIN_DRAW_WIDTH;
  *out_width = (int) (width / scale);
  *out_height = (int) (height / scale);
  return scale;
}

static void
draw_cb (GtkDrawingArea *area,
         cairo_t        *cr,
         int             width,
         int             height,
         gpointer        user_data)
{
  TjOfferChartWidget *self = TJ_OFFER_CHART_WIDGET (area);
  gboolean dark = adw_style_manager_get_dark (adw_style_manager_get_default ());
  int w, h;
  double scale;

  if (self->figures == NULL)
    return;
  scale = logical_size (self, width, height, &w, &h);
  cairo_scale (cr, scale, scale);
  tj_offer_chart_draw (cr, w, h, self->figures, dark);
}

GPtrArray *
tj_offer_chart_widget_get_labels (TjOfferChartWidget *self)
{
  int w, h;

  g_return_val_if_fail (TJ_IS_OFFER_CHART_WIDGET (self), NULL);

  if (self->figures == NULL)
    return g_ptr_array_new_with_free_func ((GDestroyNotify) tj_offer_chart_label_free);
  logical_size (self, MAX (gtk_widget_get_width (GTK_WIDGET (self)), 1),
                MAX (gtk_widget_get_height (GTK_WIDGET (self)), 1), &w, &h);
  return tj_offer_chart_labels (w, h, self->figures);
}

void
tj_offer_chart_widget_set_zoom (TjOfferChartWidget *self,
                                double              zoom)
{
  g_return_if_fail (TJ_IS_OFFER_CHART_WIDGET (self));
  g_return_if_fail (zoom >= 0.5 && zoom <= 4);

  self->zoom = zoom;
  gtk_drawing_area_set_content_height (GTK_DRAWING_AREA (self),
                                       (int) (PANEL_HEIGHT * zoom * MAX (tj_offer_chart_count_panels (self->figures), 1)));
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
dark_changed_cb (AdwStyleManager    *manager,
                 GParamSpec         *pspec,
                 TjOfferChartWidget *self)
{
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
tj_offer_chart_widget_dispose (GObject *object)
{
  TjOfferChartWidget *self = TJ_OFFER_CHART_WIDGET (object);

  g_clear_signal_handler (&self->dark_handler, adw_style_manager_get_default ());
  g_clear_pointer (&self->figures, json_object_unref);
  G_OBJECT_CLASS (tj_offer_chart_widget_parent_class)->dispose (object);
}

static void
tj_offer_chart_widget_class_init (TjOfferChartWidgetClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = tj_offer_chart_widget_dispose;
  gtk_widget_class_set_css_name (GTK_WIDGET_CLASS (klass), "chart");
}

static void
tj_offer_chart_widget_init (TjOfferChartWidget *self)
{
  self->zoom = 1;
  gtk_drawing_area_set_draw_func (GTK_DRAWING_AREA (self), draw_cb, NULL, NULL);
  gtk_drawing_area_set_content_width (GTK_DRAWING_AREA (self), 360);
  gtk_drawing_area_set_content_height (GTK_DRAWING_AREA (self), PANEL_HEIGHT);
  gtk_widget_set_hexpand (GTK_WIDGET (self), TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Every demand and offer, in order, with the gap between the sides"), -1);
  self->dark_handler = g_signal_connect (adw_style_manager_get_default (), "notify::dark",
                                         G_CALLBACK (dark_changed_cb), self);
}

GtkWidget *
tj_offer_chart_widget_new (void)
{
  return g_object_new (TJ_TYPE_OFFER_CHART_WIDGET, NULL);
}

guint
tj_offer_chart_widget_count_drawn (JsonObject *figures)
{
  return tj_offer_chart_count_panels (figures);
}

void
tj_offer_chart_widget_set_figures (TjOfferChartWidget *self,
                                   JsonObject         *figures)
{
  guint n;

  g_return_if_fail (TJ_IS_OFFER_CHART_WIDGET (self));

  g_clear_pointer (&self->figures, json_object_unref);
  if (figures)
    self->figures = json_object_ref (figures);
  n = tj_offer_chart_widget_count_drawn (figures);
  gtk_drawing_area_set_content_height (GTK_DRAWING_AREA (self), (int) (PANEL_HEIGHT * self->zoom * MAX (n, 1)));
  gtk_widget_set_visible (GTK_WIDGET (self), n > 0);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

JsonObject *
tj_offer_chart_widget_get_figures (TjOfferChartWidget *self)
{
  g_return_val_if_fail (TJ_IS_OFFER_CHART_WIDGET (self), NULL);
  return self->figures;
}
