/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* The demands-and-offers chart on screen: a GtkDrawingArea that hands
 * tj_offer_chart_draw() its cairo context and follows the dark style. */
#define TJ_TYPE_OFFER_CHART_WIDGET (tj_offer_chart_widget_get_type ())
G_DECLARE_FINAL_TYPE (TjOfferChartWidget, tj_offer_chart_widget, TJ, OFFER_CHART_WIDGET, GtkDrawingArea)

GtkWidget  *tj_offer_chart_widget_new         (void);
/* @figures: what tj_session_figures() returns; NULL clears the chart. */
void        tj_offer_chart_widget_set_figures (TjOfferChartWidget *self,
                                               JsonObject         *figures);
JsonObject *tj_offer_chart_widget_get_figures (TjOfferChartWidget *self);
/* Every text the chart draws at its current size (element-type
 * TjOfferChartLabel): what a reader of the screen can read. */
GPtrArray  *tj_offer_chart_widget_get_labels  (TjOfferChartWidget *self);
/* Draws @zoom times larger than usual (1): the parties' screen is read
 * from across the table. */
void        tj_offer_chart_widget_set_zoom    (TjOfferChartWidget *self,
                                               double              zoom);
/* How many issues the chart draws (money and date issues with figures). */
guint       tj_offer_chart_widget_count_drawn (JsonObject         *figures);

G_END_DECLS
