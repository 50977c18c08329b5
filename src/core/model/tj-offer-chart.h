/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <cairo.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/*
 * The demands-and-offers chart: for each issue in dispute, the path of
 * each side through the negotiation — every figure named, in order, one
 * column per move, the rounds as groups of columns with their steps named
 * under them — the gap between the two sides over time (shaded), the
 * point where the ranges crossed and the agreed figure. Bottom lines are
 * drawn hollow and only when the figures are the mediator's (@figures
 * comes from tj_session_figures() for an audience: the chart draws what
 * it is given). Display-free: it draws on any cairo_t (a GtkDrawingArea, a
 * PNG, a PDF page), so the GUI and the documents share it and the tests
 * can check its pixels.
 *
 * Every text the chart draws is a label placed by tj_offer_chart_labels():
 * in order of importance, each at the first place where it overlaps no
 * other label and no marker, or not at all — labels never overlap.
 * Issues whose figures are texts are not drawn. Each issue gets a panel,
 * stacked top to bottom.
 */

typedef enum {
  TJ_OFFER_CHART_LABEL_TITLE,
  TJ_OFFER_CHART_LABEL_LEGEND,
  TJ_OFFER_CHART_LABEL_AXIS,
  TJ_OFFER_CHART_LABEL_ROUND,
  TJ_OFFER_CHART_LABEL_STEP,
  TJ_OFFER_CHART_LABEL_VALUE,
  TJ_OFFER_CHART_LABEL_GAP,
  TJ_OFFER_CHART_LABEL_CROSSING,
  TJ_OFFER_CHART_LABEL_EMPTY,
} TjOfferChartLabelKind;

/**
 * TjOfferChartLabel:
 * @kind: what the text says
 * @text: the text drawn
 * @x: left edge, in chart pixels
 * @y: top edge
 * @width: width of the box the text takes
 * @height: height of the box
 * @panel: the panel (0 for the chart as a whole)
 * @move: the move a value label belongs to (1, 2, …), else 0
 */
typedef struct {
  TjOfferChartLabelKind kind;
  char                 *text;
  double                x, y, width, height;
  guint                 panel;
  gint64                move;
} TjOfferChartLabel;

void       tj_offer_chart_label_free (TjOfferChartLabel *label);

/* Every text tj_offer_chart_draw() draws at @width × @height, placed:
 * (element-type TjOfferChartLabel) (transfer full). */
GPtrArray *tj_offer_chart_labels     (int          width,
                                      int          height,
                                      JsonObject  *figures);

void     tj_offer_chart_draw      (cairo_t     *cr,
                                   int          width,
                                   int          height,
                                   JsonObject  *figures,
                                   gboolean     dark);

/* How many panels (issues with figures to draw) @figures makes. */
guint    tj_offer_chart_count_panels (JsonObject *figures);

/* Where move @n (the "n" of tj_session_figures()) of the @index-th drawn
 * issue has its marker, in the same coordinates as tj_offer_chart_draw()
 * with @width × @height. FALSE when there is none. */
gboolean tj_offer_chart_point     (int          width,
                                   int          height,
                                   JsonObject  *figures,
                                   guint        index,
                                   gint64       n,
                                   double      *x,
                                   double      *y);

/* The background colour the chart paints, as 0xRRGGBB. */
guint32  tj_offer_chart_background (gboolean    dark);

/* Renders to PNG data; TJ_ERROR_INVALID for a size outside 200×120 to
 * 8000×8000. */
GBytes  *tj_offer_chart_render_png (JsonObject  *figures,
                                   int          width,
                                   int          height,
                                   gboolean     dark,
                                   GError     **error);

/* Renders to a PNG file (for reports and tests). */
gboolean tj_offer_chart_write_png (JsonObject  *figures,
                                   int          width,
                                   int          height,
                                   gboolean     dark,
                                   const char  *path,
                                   GError     **error);

G_END_DECLS
