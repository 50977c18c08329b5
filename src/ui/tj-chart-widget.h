/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>
#include <json-glib/json-glib.h>

#include "tj-report-chart.h"

G_BEGIN_DECLS

/* A GtkDrawingArea showing one of the report's charts (core drawing,
 * tj-report-chart.h), redrawn when the style turns dark or light. */
#define TJ_TYPE_CHART_WIDGET (tj_chart_widget_get_type ())
G_DECLARE_FINAL_TYPE (TjChartWidget, tj_chart_widget, TJ, CHART_WIDGET, GtkDrawingArea)

GtkWidget     *tj_chart_widget_new         (TjReportChart  chart);
TjReportChart  tj_chart_widget_get_chart   (TjChartWidget *self);
/* @summary: what tj_report_summary() returned; a reference is kept. */
void           tj_chart_widget_set_summary (TjChartWidget *self,
                                            JsonObject    *summary);

G_END_DECLS
