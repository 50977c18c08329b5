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
};

G_DEFINE_FINAL_TYPE (TjOfferChartWidget, tj_offer_chart_widget, GTK_TYPE_DRAWING_AREA)

#define PANEL_HEIGHT 250
#define MIN_DRAW_WIDTH 680

static void
draw_cb (GtkDrawingArea *area,
         cairo_t        *cr,
         int             width,
         int             height,
         gpointer        user_data)
{
  TjOfferChartWidget *self = TJ_OFFER_CHART_WIDGET (area);
  gboolean dark = adw_style_manager_get_dark (adw_style_manager_get_default ());

  if (self->figures == NULL)
    return;
  /* Below this width the chart's title and legend would run into each
   * other: draw it at that width, scaled down to fit. */
  if (width < MIN_DRAW_WIDTH)
    {
      double scale = (double) width / MIN_DRAW_WIDTH;

      cairo_scale (cr, scale, scale);
      tj_offer_chart_draw (cr, MIN_DRAW_WIDTH, (int) (height / scale), self->figures, dark);
      return;
    }
  tj_offer_chart_draw (cr, width, height, self->figures, dark);
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
  gtk_drawing_area_set_content_height (GTK_DRAWING_AREA (self), PANEL_HEIGHT * MAX (n, 1));
  gtk_widget_set_visible (GTK_WIDGET (self), n > 0);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

JsonObject *
tj_offer_chart_widget_get_figures (TjOfferChartWidget *self)
{
  g_return_val_if_fail (TJ_IS_OFFER_CHART_WIDGET (self), NULL);
  return self->figures;
}
