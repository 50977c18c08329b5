/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <cairo.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/*
 * The report's charts (issue 8), drawn with cairo and pango on any cairo_t:
 * a GtkDrawingArea, a PDF page or an image. They read the summary JSON of
 * tj_report_summary() ("months", "by_kind", "by_station"). Nothing is painted behind
 * them: the caller owns the background. @dark picks colours readable on a
 * dark background.
 */
typedef enum {
  TJ_REPORT_CHART_OUTCOMES,   /* cases per month by outcome, stacked bars */
  TJ_REPORT_CHART_RECOVERED,  /* amounts recovered (paid) per month, bars */
  TJ_REPORT_CHART_KINDS,      /* cases received by kind, horizontal bars */
  TJ_REPORT_CHART_STATIONS,   /* per station: received, and closed by outcome */
} TjReportChart;

#define TJ_REPORT_N_CHARTS 4

/* Whether @summary has what @chart shows: the station chart needs the
 * summary's "by_station" (TjReportOptions.by_station). */
gboolean    tj_report_chart_applies (JsonObject    *summary,
                                     TjReportChart  chart);
/* The height @chart wants at @width units wide: the station chart grows
 * with the stations, the others keep @height. */
double      tj_report_chart_height  (JsonObject    *summary,
                                     TjReportChart  chart,
                                     double         height);

/* Translated title of the chart. */
const char *tj_report_chart_title (TjReportChart  chart);

/* @font_family: a pango family list, or NULL for the CJK sans faces. */
void        tj_report_chart_draw  (JsonObject    *summary,
                                   TjReportChart  chart,
                                   cairo_t       *cr,
                                   double         width,
                                   double         height,
                                   gboolean       dark,
                                   const char    *font_family);

G_END_DECLS
