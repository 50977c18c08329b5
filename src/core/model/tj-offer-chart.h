/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <cairo.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/*
 * The demands-and-offers chart (issue 4): for each issue in dispute, the
 * worker side's demands and the employer side's offers over the rounds,
 * drawn as two lines that (ideally) converge, with the agreed figure and,
 * once the ranges cross, the band both sides accept. Display-free: it
 * draws on any cairo_t (a GtkDrawingArea, a PNG, a PDF page), so the GUI
 * and the documents share it and the tests can check its pixels.
 *
 * @figures is what tj_session_figures() returns ({"issues": [...]});
 * issues whose figures are texts are not drawn. Each issue gets a panel,
 * stacked top to bottom.
 */

void     tj_offer_chart_draw      (cairo_t     *cr,
                                   int          width,
                                   int          height,
                                   JsonObject  *figures,
                                   gboolean     dark);

/* Where the figure of @side ("worker", "employer" or "agreed") in @round
 * of the @index-th drawn issue lies, in the same coordinates as
 * tj_offer_chart_draw() with @width × @height. FALSE when there is none. */
gboolean tj_offer_chart_point     (int          width,
                                   int          height,
                                   JsonObject  *figures,
                                   guint        index,
                                   gint64       round,
                                   const char  *side,
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
