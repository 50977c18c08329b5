/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Tiaojie-Session"

/* The demands-and-offers chart. See tj-offer-chart.h.
 *
 * Layout and labels are computed before anything is drawn, by the same
 * code for tj_offer_chart_draw(), tj_offer_chart_point() and
 * tj_offer_chart_labels(), so what the tests read is what the screen
 * shows. Text is measured and drawn with one Pango context of fixed
 * resolution and unhinted metrics: the size of a label does not depend on
 * the surface it ends up on. */

#include <math.h>
#include <pango/pangocairo.h>

#include "tj-calendar.h"
#include "tj-error.h"
#include "tj-i18n.h"
#include "tj-json.h"
#include "tj-money.h"
#include "tj-offer-chart.h"

/* Margins of each panel's plot area, in pixels. */
#define LEFT   100.0
#define RIGHT  24.0
#define TOP    36.0
#define BOTTOM 47.0
#define MARKER 7.0

#define FONT_SMALL "Sans 9"
#define FONT_TITLE "Sans Bold 11"

typedef struct {
  double r, g, b;
} Rgb;

typedef struct {
  Rgb background, text, grid, worker, employer, agreed, band, gap, round;
} Palette;

/* GNOME palette colours: light and dark variants chosen so both lines keep
 * at least 3:1 contrast with their background (WCAG non-text contrast). */
static const Palette light = {
  { 1.0, 1.0, 1.0 },
  { 0x24 / 255.0, 0x1f / 255.0, 0x31 / 255.0 },
  { 0xde / 255.0, 0xdd / 255.0, 0xda / 255.0 },
  { 0xc0 / 255.0, 0x1c / 255.0, 0x28 / 255.0 },
  { 0x1a / 255.0, 0x5f / 255.0, 0xb4 / 255.0 },
  { 0x26 / 255.0, 0xa2 / 255.0, 0x69 / 255.0 },
  { 0x8f / 255.0, 0xf0 / 255.0, 0xa4 / 255.0 },
  { 0xf6 / 255.0, 0xd3 / 255.0, 0x2d / 255.0 },
  { 0xf6 / 255.0, 0xf5 / 255.0, 0xf4 / 255.0 },
};
static const Palette dark = {
  { 0x1e / 255.0, 0x1e / 255.0, 0x1e / 255.0 },
  { 1.0, 1.0, 1.0 },
  { 0x3d / 255.0, 0x38 / 255.0, 0x46 / 255.0 },
  { 0xff / 255.0, 0x7b / 255.0, 0x63 / 255.0 },
  { 0x62 / 255.0, 0xa0 / 255.0, 0xea / 255.0 },
  { 0x57 / 255.0, 0xe3 / 255.0, 0x89 / 255.0 },
  { 0x26 / 255.0, 0x5c / 255.0, 0x3a / 255.0 },
  { 0xe5 / 255.0, 0xa5 / 255.0, 0x0a / 255.0 },
  { 0x2a / 255.0, 0x2a / 255.0, 0x2a / 255.0 },
};

guint32
tj_offer_chart_background (gboolean is_dark)
{
  const Palette *p = is_dark ? &dark : &light;
  return ((guint32) (p->background.r * 255 + 0.5) << 16) |
         ((guint32) (p->background.g * 255 + 0.5) << 8) |
         (guint32) (p->background.b * 255 + 0.5);
}

void
tj_offer_chart_label_free (TjOfferChartLabel *label)
{
  if (label == NULL)
    return;
  g_free (label->text);
  g_free (label);
}

/* ------------------------------------------------------------------ */
/* Layout: shared by drawing, points and labels                         */

typedef struct {
  JsonObject *issue;
  JsonArray  *moves;
  guint       n;              /* moves */
  gboolean    is_date;
  double      top;            /* the margin above the plot: title, legend */
  double      x0, y0, w, h;   /* plot area */
  double      vmin, vmax, step;
} Panel;

static gboolean
value_of (JsonObject *figure,
          gboolean    is_date,
          double     *out)
{
  if (figure == NULL)
    return FALSE;
  if (is_date)
    {
      GDate d;
      g_date_clear (&d, 1);
      if (!tj_date_parse_iso (tj_json_get_string (figure, "date", NULL), &d))
        return FALSE;
      *out = g_date_get_julian (&d);
      return TRUE;
    }
  if (!json_object_has_member (figure, "amount_fen"))
    return FALSE;
  *out = (double) tj_json_get_int (figure, "amount_fen", 0);
  return TRUE;
}

static double
nice_step (double raw)
{
  double magnitude, norm;
  if (raw <= 1)
    return 1;
  magnitude = pow (10, floor (log10 (raw)));
  norm = raw / magnitude;
  return (norm <= 1 ? 1 : norm <= 2 ? 2 : norm <= 5 ? 5 : 10) * magnitude;
}

static char *
title_of (JsonObject *issue)
{
  const char *label = tj_json_get_string (issue, "label", "");
  const char *status = tj_json_get_string (issue, "status", "open");

  if (g_str_equal (status, "crossed"))
    return g_strdup_printf (_("%s — ranges crossed"), label);
  if (g_str_equal (status, "agreed"))
    return g_strdup_printf (_("%s — agreed"), label);
  return g_strdup (label);
}

static const char *
legend_name (int entry)
{
  const char *names[] = { _("Worker side"), _("Employer side"), _("Agreed"), _("Bottom line (private)") };
  return names[entry];
}

static PangoContext *chart_context_new (void);
static PangoLayout  *measure          (PangoContext *context,
                                       const char   *text,
                                       gboolean      bold,
                                       double       *w,
                                       double       *h);

/* The first panel's title and the legend share a row when they fit side
 * by side; otherwise the legend gets a row of its own under the title. */
static double
first_top (int         width,
           JsonObject *issue,
           gboolean    secret)
{
  PangoContext *context = chart_context_new ();
  g_autofree char *title = title_of (issue);
  double need, w, h;

  g_object_unref (measure (context, title, TRUE, &w, &h));
  need = 8 + w + 24;
  for (int s = 0; s < (secret ? 4 : 3); s++)
    {
      g_object_unref (measure (context, legend_name (s), FALSE, &w, &h));
      need += w + 28;
    }
  g_object_unref (context);
  return need <= width - RIGHT ? TOP : TOP + 24;
}

static GArray *
layout (int         width,
        int         height,
        JsonObject *figures)
{
  GArray *panels = g_array_new (FALSE, TRUE, sizeof (Panel));
  JsonArray *list = figures ? tj_json_get_array (figures, "issues") : NULL;
  double each;

  for (guint i = 0; list && i < json_array_get_length (list); i++)
    {
      JsonObject *is = json_array_get_object_element (list, i);
      const char *unit = tj_json_get_string (is, "unit", "");
      Panel p = { 0 };
      gboolean any = FALSE;

      p.moves = tj_json_get_array (is, "moves");
      if ((!g_str_equal (unit, "fen") && !g_str_equal (unit, "date")) || p.moves == NULL)
        continue;
      p.issue = is;
      p.is_date = g_str_equal (unit, "date");
      p.n = json_array_get_length (p.moves);
      for (guint m = 0; m < p.n; m++)
        {
          double v;
          if (!value_of (json_array_get_object_element (p.moves, m), p.is_date, &v))
            continue;
          if (!any)
            p.vmin = p.vmax = v;
          any = TRUE;
          p.vmin = MIN (p.vmin, v);
          p.vmax = MAX (p.vmax, v);
        }
      if (!any)
        continue;
      /* Room above and below so the lines never sit on the frame, and
       * for the labels above the highest and below the lowest figure. */
      {
        double span = p.vmax - p.vmin;
        double pad = span > 0 ? span * 0.25 : MAX (1.0, ABS (p.vmax) * 0.1);
        gboolean positive = p.vmin >= 0;
        if (p.is_date && span == 0)
          pad = 3;
        p.vmin -= pad;
        p.vmax += pad;
        /* Round the axis to a 1-2-5 step so the grid reads ¥20,000, not
         * ¥19,672.35 (fen for money, days for dates). */
        p.step = nice_step ((p.vmax - p.vmin) / 4);
        p.vmin = floor (p.vmin / p.step) * p.step;
        p.vmax = ceil (p.vmax / p.step) * p.step;
        if (positive && !p.is_date && p.vmin < 0)
          p.vmin = 0;
      }
      g_array_append_val (panels, p);
    }

  each = panels->len ? (double) height / panels->len : height;
  for (guint i = 0; i < panels->len; i++)
    {
      Panel *p = &g_array_index (panels, Panel, i);
      gboolean secret = FALSE;
      for (guint k = 0; k < panels->len && i == 0; k++)
        {
          Panel *q = &g_array_index (panels, Panel, k);
          for (guint m = 0; m < q->n; m++)
            secret |= tj_json_get_bool (json_array_get_object_element (q->moves, m), "private", FALSE);
        }
      p->top = i == 0 ? first_top (width, p->issue, secret) : TOP;
      p->x0 = LEFT;
      p->y0 = i * each + p->top;
      p->w = MAX (10.0, width - LEFT - RIGHT);
      p->h = MAX (10.0, each - p->top - BOTTOM);
    }
  return panels;
}

guint
tj_offer_chart_count_panels (JsonObject *figures)
{
  g_autoptr(GArray) panels = layout (800, 600, figures);
  return panels->len;
}

/* One column per move, the move in its middle. */
static double
x_of (const Panel *p,
      gint64       n)
{
  return p->x0 + p->w * ((double) n - 0.5) / MAX (p->n, 1);
}

static double
y_of (const Panel *p,
      double       v)
{
  return p->y0 + p->h - p->h * (v - p->vmin) / (p->vmax - p->vmin);
}

static int
side_index (JsonObject *move)
{
  const char *side = tj_json_get_string (move, "side", "");
  return g_str_equal (side, "worker") ? 0 : g_str_equal (side, "employer") ? 1 : 2;
}

gboolean
tj_offer_chart_point (int          width,
                      int          height,
                      JsonObject  *figures,
                      guint        index,
                      gint64       n,
                      double      *x,
                      double      *y)
{
  g_autoptr(GArray) panels = layout (width, height, figures);
  const Panel *p;
  double v;

  if (index >= panels->len)
    return FALSE;
  p = &g_array_index (panels, Panel, index);
  if (n < 1 || n > p->n || !value_of (json_array_get_object_element (p->moves, n - 1), p->is_date, &v))
    return FALSE;
  *x = x_of (p, n);
  *y = y_of (p, v);
  return TRUE;
}

/* ------------------------------------------------------------------ */
/* Labels                                                               */

typedef struct {
  TjOfferChartLabel  label;
  PangoLayout       *layout;
  int                colour;     /* -1 text, 0 worker, 1 employer, 2 agreed */
  gboolean           bold;
} Placed;

static void
placed_free (Placed *p)
{
  g_free (p->label.text);
  g_clear_object (&p->layout);
  g_free (p);
}

typedef struct {
  double x, y, w, h;
} Box;

typedef struct {
  PangoContext *context;
  GPtrArray    *placed;     /* Placed */
  GArray       *obstacles;  /* Box: markers and legend swatches */
  double        width, height;
} Placer;

static PangoContext *
chart_context_new (void)
{
  PangoContext *context = pango_font_map_create_context (pango_cairo_font_map_get_default ());
  cairo_font_options_t *options = cairo_font_options_create ();

  /* Unhinted metrics and a fixed resolution: the same size on a screen,
   * a PNG and a test. */
  cairo_font_options_set_hint_metrics (options, CAIRO_HINT_METRICS_OFF);
  cairo_font_options_set_hint_style (options, CAIRO_HINT_STYLE_NONE);
  pango_cairo_context_set_font_options (context, options);
  pango_cairo_context_set_resolution (context, 96);
  cairo_font_options_destroy (options);
  return context;
}

static void
placer_init (Placer *pl,
             int     width,
             int     height)
{
  pl->context = chart_context_new ();
  pl->placed = g_ptr_array_new_with_free_func ((GDestroyNotify) placed_free);
  pl->obstacles = g_array_new (FALSE, FALSE, sizeof (Box));
  pl->width = width;
  pl->height = height;
}

static void
placer_clear (Placer *pl)
{
  g_clear_object (&pl->context);
  g_clear_pointer (&pl->placed, g_ptr_array_unref);
  g_clear_pointer (&pl->obstacles, g_array_unref);
}

static gboolean
boxes_meet (const Box *a,
            const Box *b)
{
  return a->x < b->x + b->w && b->x < a->x + a->w && a->y < b->y + b->h && b->y < a->y + a->h;
}

static gboolean
box_free (Placer    *pl,
          const Box *b,
          const Box *bounds)
{
  if (b->x < bounds->x || b->y < bounds->y ||
      b->x + b->w > bounds->x + bounds->w || b->y + b->h > bounds->y + bounds->h)
    return FALSE;
  for (guint i = 0; i < pl->placed->len; i++)
    {
      Placed *p = pl->placed->pdata[i];
      Box o = { p->label.x, p->label.y, p->label.width, p->label.height };
      if (boxes_meet (b, &o))
        return FALSE;
    }
  for (guint i = 0; i < pl->obstacles->len; i++)
    if (boxes_meet (b, &g_array_index (pl->obstacles, Box, i)))
      return FALSE;
  return TRUE;
}

static PangoLayout *
measure (PangoContext *context,
         const char   *text,
         gboolean      bold,
         double       *w,
         double       *h)
{
  PangoLayout *layout = pango_layout_new (context);
  PangoFontDescription *font = pango_font_description_from_string (bold ? FONT_TITLE : FONT_SMALL);
  PangoRectangle logical;

  pango_layout_set_font_description (layout, font);
  pango_layout_set_text (layout, text, -1);
  pango_layout_get_extents (layout, NULL, &logical);
  /* Whole pixels around the ink and a pixel of air, so that boxes that
   * do not meet never touch on screen either. */
  *w = ceil ((double) logical.width / PANGO_SCALE) + 2;
  *h = ceil ((double) logical.height / PANGO_SCALE) + 2;
  pango_font_description_free (font);
  return layout;
}

static PangoLayout *
text_layout (Placer     *pl,
             const char *text,
             gboolean    bold,
             double     *w,
             double     *h)
{
  return measure (pl->context, text, bold, w, h);
}

/* Places @text at the first of @n candidate top-left corners where it is
 * inside @bounds and meets nothing placed; FALSE when there is none. The
 * candidates are given as offsets from (@ax, @ay) in units of the text's
 * width and height plus pixels: x = ax + fx * w + dx. */
typedef struct {
  double fx, dx, fy, dy;
} Spot;

static gboolean
place (Placer                *pl,
       TjOfferChartLabelKind  kind,
       const char            *text,
       gboolean               bold,
       int                    colour,
       guint                  panel,
       gint64                 move,
       double                 ax,
       double                 ay,
       const Spot            *spots,
       guint                  n_spots,
       const Box             *bounds)
{
  double w, h;
  PangoLayout *layout = text_layout (pl, text, bold, &w, &h);

  for (guint i = 0; i < n_spots; i++)
    {
      Box b = { ax + spots[i].fx * w + spots[i].dx, ay + spots[i].fy * h + spots[i].dy, w, h };
      Placed *p;

      b.x = round (b.x);
      b.y = round (b.y);
      if (!box_free (pl, &b, bounds))
        continue;
      p = g_new0 (Placed, 1);
      p->label.kind = kind;
      p->label.text = g_strdup (text);
      p->label.x = b.x;
      p->label.y = b.y;
      p->label.width = w;
      p->label.height = h;
      p->label.panel = panel;
      p->label.move = move;
      p->layout = layout;
      p->colour = colour;
      p->bold = bold;
      g_ptr_array_add (pl->placed, p);
      return TRUE;
    }
  g_object_unref (layout);
  return FALSE;
}

static char *
value_label (const Panel *p,
             double       v)
{
  if (p->is_date)
    {
      GDate d;
      char buf[64];
      g_date_clear (&d, 1);
      g_date_set_julian (&d, (guint32) CLAMP (v + 0.5, 1, G_MAXUINT32));
      /* xgettext:no-c-format */
      /* Translators: a date in g_date_time_format() notation; Chinese uses
       * "%Y年%-m月%-d日". */
      {
        g_autoptr(GDateTime) dt = g_date_time_new_local (g_date_get_year (&d), g_date_get_month (&d),
                                                         g_date_get_day (&d), 12, 0, 0);
        g_autofree char *text = dt ? g_date_time_format (dt, _("%-d %b %Y")) : NULL;
        if (text)
          return g_steal_pointer (&text);
      }
      g_date_strftime (buf, sizeof buf, "%Y-%m-%d", &d);
      return g_strdup (buf);
    }
  return tj_money_format ((gint64) (v + (v >= 0 ? 0.5 : -0.5)));
}

/* Short names of the steps, for the captions under the columns. */
static const char *
step_caption (const char *step)
{
  if (g_strcmp0 (step, "separate_worker") == 0)
    return C_("chart step", "Worker alone");
  if (g_strcmp0 (step, "separate_employer") == 0)
    return C_("chart step", "Employer alone");
  if (g_strcmp0 (step, "shuttle") == 0)
    return C_("chart step", "Shuttle");
  if (g_strcmp0 (step, "joint") == 0)
    return C_("chart step", "Together");
  if (g_strcmp0 (step, "preparation") == 0)
    return C_("chart step", "Preparation");
  return C_("chart step", "Outcome");
}

/* A bottom line is said to be one in its label, not only by its shape. */
static char *
move_text (const Panel *p,
           JsonObject  *move,
           double       v)
{
  g_autofree char *value = value_label (p, v);

  if (tj_json_get_bool (move, "private", FALSE))
    /* Translators: a bottom line told in confidence, on the chart. */
    return g_strdup_printf (_("Private: %s"), value);
  return g_steal_pointer (&value);
}

static void
place_moves (Placer      *pl,
             const Panel *p,
             guint        panel)
{
  /* Worker demands above their marker first, employer offers below, the
   * agreed figure to the side: the lines converge from both directions. */
  static const Spot above[] = {
    { -0.5, 0, -1, -9 }, { 0, 8, -1, -6 }, { -1, -8, -1, -6 }, { -1, 8, -1, -9 }, { 0, 10, -0.5, 0 },
    { -1, -10, -0.5, 0 }, { -0.5, 0, 0, 9 }, { 0, 8, 0, 6 }, { -1, -8, 0, 6 }, { -1, 8, 0, 9 },
    { -0.5, 0, -2, -12 }, { -0.5, 0, 1, 12 },
  };
  static const Spot below[] = {
    { -0.5, 0, 0, 9 }, { 0, 8, 0, 6 }, { -1, -8, 0, 6 }, { -1, 8, 0, 9 }, { 0, 10, -0.5, 0 },
    { -1, -10, -0.5, 0 }, { -0.5, 0, -1, -9 }, { 0, 8, -1, -6 }, { -1, -8, -1, -6 }, { -1, 8, -1, -9 },
    { -0.5, 0, 1, 12 }, { -0.5, 0, -2, -12 },
  };
  static const Spot beside[] = {
    { 0, 12, -0.5, 0 }, { -1, -12, -0.5, 0 }, { -0.5, 0, -1, -11 }, { -0.5, 0, 0, 11 },
    { -1, 8, -1, -11 }, { -1, 8, 0, 11 }, { 0, 10, -1, -6 }, { 0, 10, 0, 6 }, { -1, -10, -1, -6 }, { -1, -10, 0, 6 },
  };
  /* The plot, and the margin on its right for the last column's labels. */
  Box bounds = { p->x0 - 4, p->y0, p->w + RIGHT, p->h };
  g_autoptr(GArray) order = g_array_new (FALSE, FALSE, sizeof (guint));
  gint64 latest[3] = { 0, 0, 0 }, first[2] = { 0, 0 }, bottom[2] = { 0, 0 };
  JsonObject *crossing = tj_json_get_object (p->issue, "crossing");

  /* Importance: the agreed figure, each side's latest figure and bottom
   * line, the crossing and each side's first figure, then the rest from
   * the newest back. */
  for (guint m = 0; m < p->n; m++)
    {
      JsonObject *move = json_array_get_object_element (p->moves, m);
      int s = side_index (move);
      if (tj_json_get_bool (move, "private", FALSE))
        {
          if (s < 2)
            bottom[s] = m + 1;
          continue;
        }
      latest[s] = m + 1;
      if (s < 2 && first[s] == 0)
        first[s] = m + 1;
    }
  {
    /* A bottom line is in the chart only for the mediator, who needs it
     * named. */
    gint64 lead[] = { latest[2], latest[0], latest[1], bottom[0], bottom[1],
                      crossing ? tj_json_get_int (crossing, "n", 0) : 0, first[0], first[1] };
    for (guint i = 0; i < G_N_ELEMENTS (lead); i++)
      {
        gboolean seen = FALSE;
        guint m = (guint) lead[i];
        for (guint j = 0; j < order->len; j++)
          seen |= g_array_index (order, guint, j) == m;
        if (m > 0 && !seen)
          g_array_append_val (order, m);
      }
    for (guint m = p->n; m > 0; m--)
      {
        gboolean seen = FALSE;
        for (guint j = 0; j < order->len; j++)
          seen |= g_array_index (order, guint, j) == m;
        if (!seen)
          g_array_append_val (order, m);
      }
  }

  for (guint i = 0; i < order->len; i++)
    {
      guint m = g_array_index (order, guint, i);
      JsonObject *move = json_array_get_object_element (p->moves, m - 1);
      int s = side_index (move);
      g_autofree char *text = NULL;
      double v;

      if (!value_of (move, p->is_date, &v))
        continue;
      text = move_text (p, move, v);
      if (s == 0)
        place (pl, TJ_OFFER_CHART_LABEL_VALUE, text, FALSE, s, panel, m, x_of (p, m), y_of (p, v), above,
               G_N_ELEMENTS (above), &bounds);
      else if (s == 1)
        place (pl, TJ_OFFER_CHART_LABEL_VALUE, text, FALSE, s, panel, m, x_of (p, m), y_of (p, v), below,
               G_N_ELEMENTS (below), &bounds);
      else
        place (pl, TJ_OFFER_CHART_LABEL_VALUE, text, FALSE, s, panel, m, x_of (p, m), y_of (p, v), beside,
               G_N_ELEMENTS (beside), &bounds);
    }

  /* The crossing: where the offer reached the demand. */
  if (crossing)
    {
      gint64 n = tj_json_get_int (crossing, "n", 0);
      double v;
      if (n >= 1 && n <= p->n && value_of (json_array_get_object_element (p->moves, n - 1), p->is_date, &v))
        {
          static const Spot spots[] = {
            { 0, 12, 0, 10 }, { -1, -12, 0, 10 }, { 0, 12, -1, -10 }, { -1, -12, -1, -10 },
            { -0.5, 0, 0, 26 }, { -0.5, 0, -1, -26 },
          };
          place (pl, TJ_OFFER_CHART_LABEL_CROSSING, C_("chart", "Ranges crossed"), FALSE, 2, panel, n,
                 x_of (p, n), y_of (p, v), spots, G_N_ELEMENTS (spots), &bounds);
        }
    }

  /* The gap still open, at the right end between the two held figures. */
  if (json_object_has_member (p->issue, "gap_fen") &&
      g_strcmp0 (tj_json_get_string (p->issue, "status", NULL), "open") == 0)
    {
      double a, b;
      if (value_of (tj_json_get_object (p->issue, "worker"), p->is_date, &a) &&
          value_of (tj_json_get_object (p->issue, "employer"), p->is_date, &b))
        {
          g_autofree char *money = tj_money_format (tj_json_get_int (p->issue, "gap_fen", 0));
          g_autofree char *text = g_strdup_printf (_("Gap %s"), money);
          static const Spot spots[] = {
            { -1, -4, -0.5, 0 }, { -1, -30, -0.5, 0 }, { -1, -4, -0.5, -14 }, { -1, -4, -0.5, 14 },
          };
          place (pl, TJ_OFFER_CHART_LABEL_GAP, text, FALSE, -1, panel, 0, p->x0 + p->w, (y_of (p, a) + y_of (p, b)) / 2,
                 spots, G_N_ELEMENTS (spots), &bounds);
        }
    }
}

/* The columns of moves @first to @last, and half a column either side
 * (within @under): a caption may reach over its neighbours' edges as long
 * as it meets no other caption. */
static Box
widened (const Panel *p,
         gint64       first,
         gint64       last,
         const Box   *under)
{
  double column = p->w / MAX (p->n, 1);
  double x1 = MAX (under->x, x_of (p, first) - column);
  double x2 = MIN (under->x + under->w, x_of (p, last) + column);
  Box b = { x1, under->y, x2 - x1, under->h };
  return b;
}

static void
place_panel (Placer      *pl,
             const Panel *p,
             guint        panel,
             gboolean     legend,
             gboolean     any_private)
{
  static const Spot at[] = { { 0, 0, 0, 0 } };
  static const Spot right_of[] = { { -1, 0, -0.5, 0 } };
  static const Spot left_of_top[] = { { -1, 0, 0, 0 } };
  static const Spot centred[] = { { -0.5, 0, 0, 0 } };
  Box whole = { 0, p->y0 - p->top, pl->width, p->h + p->top + BOTTOM };
  JsonArray *rounds = tj_json_get_array (p->issue, "rounds");
  g_autofree char *title = NULL;

  /* Markers first: no label may cover one. */
  for (guint m = 0; m < p->n; m++)
    {
      double v;
      if (value_of (json_array_get_object_element (p->moves, m), p->is_date, &v))
        {
          Box b = { x_of (p, m + 1) - MARKER - 1, y_of (p, v) - MARKER - 1, 2 * MARKER + 2, 2 * MARKER + 2 };
          g_array_append_val (pl->obstacles, b);
        }
    }

  title = title_of (p->issue);
  place (pl, TJ_OFFER_CHART_LABEL_TITLE, title, TRUE, -1, panel, 0, 8, p->y0 - p->top + 6, at, 1, &whole);

  if (legend)
    {
      /* Beside the title, or on a row of its own under it. */
      double x = p->x0 + p->w, y = p->top > TOP ? p->y0 - p->top + 30 : p->y0 - TOP + 8;
      for (int s = any_private ? 3 : 2; s >= 0; s--)
        {
          /* Right to left; each entry leaves room for its marker. */
          Placed *last;
          if (!place (pl, TJ_OFFER_CHART_LABEL_LEGEND, legend_name (s), FALSE, s == 3 ? -1 : s, panel, 0, x, y,
                      left_of_top, 1, &whole))
            break;
          last = pl->placed->pdata[pl->placed->len - 1];
          {
            Box marker = { last->label.x - 20, last->label.y, 18, last->label.height };
            g_array_append_val (pl->obstacles, marker);
          }
          x = last->label.x - 28;
        }
    }

  /* The value axis: a label per grid line. */
  for (int i = 0; p->vmin + i * p->step <= p->vmax + p->step / 2 && i < 12; i++)
    {
      double v = p->vmin + i * p->step;
      g_autofree char *text = value_label (p, v);
      Box left = { 0, p->y0 - 14, p->x0 - 2, p->h + 28 };
      place (pl, TJ_OFFER_CHART_LABEL_AXIS, text, FALSE, -1, panel, 0, p->x0 - 6, y_of (p, v), right_of, 1, &left);
    }

  /* Under the columns: the rounds, then the steps within them. */
  {
    /* Down here the left margin is free: the first captions may use it. */
    Box under = { 4, p->y0 + p->h, p->x0 + p->w + RIGHT - 8, BOTTOM };
    for (guint r = 0; rounds && r < json_array_get_length (rounds); r++)
      {
        JsonObject *row = json_array_get_object_element (rounds, r);
        gint64 first = tj_json_get_int (row, "first", 0), last = tj_json_get_int (row, "last", 0);
        g_autofree char *text = g_strdup_printf (_("Round %d"), (int) tj_json_get_int (row, "round", 1));
        Box span = widened (p, first, last, &under);
        if (first < 1 || last < first)
          continue;
        place (pl, TJ_OFFER_CHART_LABEL_ROUND, text, FALSE, -1, panel, 0, span.x + span.w / 2, p->y0 + p->h + 3, centred,
               1, &span);
      }
    for (guint m = 1; m <= p->n;)
      {
        const char *step = tj_json_get_string (json_array_get_object_element (p->moves, m - 1), "step", "");
        guint end = m;
        while (end < p->n &&
               g_strcmp0 (tj_json_get_string (json_array_get_object_element (p->moves, end), "step", ""), step) == 0)
          end++;
        {
          Box span = widened (p, m, end, &under);
          place (pl, TJ_OFFER_CHART_LABEL_STEP, step_caption (step), FALSE, -1, panel, 0, span.x + span.w / 2,
                 p->y0 + p->h + 25, centred, 1, &span);
        }
        m = end + 1;
      }
  }

  place_moves (pl, p, panel);
}

static gboolean
any_private (GArray *panels)
{
  for (guint i = 0; i < panels->len; i++)
    {
      const Panel *p = &g_array_index (panels, Panel, i);
      for (guint m = 0; m < p->n; m++)
        if (tj_json_get_bool (json_array_get_object_element (p->moves, m), "private", FALSE))
          return TRUE;
    }
  return FALSE;
}

static void
place_all (Placer *pl,
           GArray *panels)
{
  gboolean secret = any_private (panels);

  if (panels->len == 0)
    {
      static const Spot centred[] = { { -0.5, 0, -0.5, 0 } };
      Box all = { 0, 0, pl->width, pl->height };
      place (pl, TJ_OFFER_CHART_LABEL_EMPTY, _("No demands or offers recorded yet"), FALSE, -1, 0, 0,
             pl->width / 2, pl->height / 2, centred, 1, &all);
    }
  for (guint i = 0; i < panels->len; i++)
    place_panel (pl, &g_array_index (panels, Panel, i), i, i == 0, secret);
}

GPtrArray *
tj_offer_chart_labels (int         width,
                       int         height,
                       JsonObject *figures)
{
  g_autoptr(GArray) panels = layout (width, height, figures);
  GPtrArray *out = g_ptr_array_new_with_free_func ((GDestroyNotify) tj_offer_chart_label_free);
  Placer pl;

  placer_init (&pl, width, height);
  place_all (&pl, panels);
  for (guint i = 0; i < pl.placed->len; i++)
    {
      Placed *p = pl.placed->pdata[i];
      TjOfferChartLabel *copy = g_new (TjOfferChartLabel, 1);
      *copy = p->label;
      copy->text = g_strdup (p->label.text);
      g_ptr_array_add (out, copy);
    }
  placer_clear (&pl);
  return out;
}

/* ------------------------------------------------------------------ */
/* Drawing                                                              */

static void
set_rgb (cairo_t   *cr,
         const Rgb *c)
{
  cairo_set_source_rgb (cr, c->r, c->g, c->b);
}

static void
marker (cairo_t *cr,
        double   x,
        double   y,
        int      shape,
        gboolean hollow)
{
  if (shape == 0)
    cairo_arc (cr, x, y, 5.5, 0, 2 * G_PI);
  else if (shape == 1)
    cairo_rectangle (cr, x - 5, y - 5, 10, 10);
  else
    {
      cairo_move_to (cr, x, y - 7);
      cairo_line_to (cr, x + 7, y);
      cairo_line_to (cr, x, y + 7);
      cairo_line_to (cr, x - 7, y);
      cairo_close_path (cr);
    }
  if (hollow)
    {
      /* A bottom line: an outline, dashed, never mistaken for a figure
       * said at the table. */
      static const double dash[] = { 2.5, 1.5 };
      cairo_save (cr);
      cairo_set_line_width (cr, 2);
      cairo_set_dash (cr, dash, G_N_ELEMENTS (dash), 0);
      cairo_stroke (cr);
      cairo_restore (cr);
    }
  else
    cairo_fill (cr);
}

static void
draw_panel (cairo_t       *cr,
            const Panel   *p,
            const Palette *pal)
{
  const Rgb *colours[] = { &pal->worker, &pal->employer, &pal->agreed };
  JsonArray *rounds = tj_json_get_array (p->issue, "rounds");
  double held[2] = { NAN, NAN };
  double column = p->w / MAX (p->n, 1);

  /* Every other round shaded: the rounds are groups of moves. */
  for (guint r = 0; rounds && r < json_array_get_length (rounds); r += 2)
    {
      JsonObject *row = json_array_get_object_element (rounds, r);
      gint64 first = tj_json_get_int (row, "first", 0), last = tj_json_get_int (row, "last", 0);
      if (first < 1 || last < first)
        continue;
      set_rgb (cr, &pal->round);
      cairo_rectangle (cr, x_of (p, first) - column / 2, p->y0, column * (last - first + 1), p->h);
      cairo_fill (cr);
    }

  /* Grid: a line per step of the value axis. */
  cairo_set_line_width (cr, 1);
  set_rgb (cr, &pal->grid);
  for (int i = 0; p->vmin + i * p->step <= p->vmax + p->step / 2 && i < 12; i++)
    {
      double y = round (y_of (p, p->vmin + i * p->step)) + 0.5;
      cairo_move_to (cr, p->x0, y);
      cairo_line_to (cr, p->x0 + p->w, y);
    }
  cairo_stroke (cr);

  /* The gap over time: from each move to the next, the band between what
   * each side last said at the table; green once the ranges crossed. */
  for (guint m = 0; m < p->n; m++)
    {
      JsonObject *move = json_array_get_object_element (p->moves, m);
      int s = side_index (move);
      double v, x1, x2;
      if (s < 2 && !tj_json_get_bool (move, "private", FALSE) && value_of (move, p->is_date, &v))
        held[s] = v;
      if (isnan (held[0]) || isnan (held[1]))
        continue;
      x1 = x_of (p, m + 1);
      x2 = m + 1 < p->n ? x_of (p, m + 2) : p->x0 + p->w;
      if (held[1] >= held[0] && !p->is_date)
        cairo_set_source_rgba (cr, pal->band.r, pal->band.g, pal->band.b, 0.45);
      else if (p->is_date && held[1] <= held[0])
        cairo_set_source_rgba (cr, pal->band.r, pal->band.g, pal->band.b, 0.45);
      else
        cairo_set_source_rgba (cr, pal->gap.r, pal->gap.g, pal->gap.b, 0.22);
      cairo_rectangle (cr, x1, MIN (y_of (p, held[0]), y_of (p, held[1])), x2 - x1,
                       MAX (2, ABS (y_of (p, held[0]) - y_of (p, held[1]))));
      cairo_fill (cr);
    }

  /* Each side's path through the figures it said at the table. */
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  for (int s = 0; s < 2; s++)
    {
      gboolean first = TRUE;
      set_rgb (cr, colours[s]);
      cairo_set_line_width (cr, 3);
      for (guint m = 0; m < p->n; m++)
        {
          JsonObject *move = json_array_get_object_element (p->moves, m);
          double v;
          if (side_index (move) != s || tj_json_get_bool (move, "private", FALSE) || !value_of (move, p->is_date, &v))
            continue;
          if (first)
            cairo_move_to (cr, x_of (p, m + 1), y_of (p, v));
          else
            cairo_line_to (cr, x_of (p, m + 1), y_of (p, v));
          first = FALSE;
        }
      cairo_stroke (cr);
    }
  for (guint m = 0; m < p->n; m++)
    {
      JsonObject *move = json_array_get_object_element (p->moves, m);
      int s = side_index (move);
      double v;
      if (!value_of (move, p->is_date, &v))
        continue;
      set_rgb (cr, colours[s]);
      marker (cr, x_of (p, m + 1), y_of (p, v), s, tj_json_get_bool (move, "private", FALSE));
    }
}

static void
draw_label (cairo_t       *cr,
            const Placed  *p,
            const Palette *pal)
{
  const Rgb *colours[] = { &pal->worker, &pal->employer, &pal->agreed };

  /* A halo keeps the text readable where it crosses a line or a band. */
  cairo_set_source_rgba (cr, pal->background.r, pal->background.g, pal->background.b, 0.85);
  cairo_rectangle (cr, p->label.x, p->label.y, p->label.width, p->label.height);
  cairo_fill (cr);
  if (p->label.kind == TJ_OFFER_CHART_LABEL_LEGEND)
    {
      double cx = p->label.x - 10, cy = p->label.y + p->label.height / 2;
      if (p->colour >= 0)
        set_rgb (cr, colours[p->colour]);
      else
        set_rgb (cr, &pal->text);
      marker (cr, cx, cy, p->colour >= 0 ? p->colour : 0, p->colour < 0);
    }
  if (p->colour >= 0 && p->label.kind != TJ_OFFER_CHART_LABEL_LEGEND)
    set_rgb (cr, colours[p->colour]);
  else
    set_rgb (cr, &pal->text);
  cairo_move_to (cr, p->label.x + 1, p->label.y + 1);
  pango_cairo_show_layout (cr, p->layout);
}

void
tj_offer_chart_draw (cairo_t    *cr,
                     int         width,
                     int         height,
                     JsonObject *figures,
                     gboolean    is_dark)
{
  const Palette *pal = is_dark ? &dark : &light;
  g_autoptr(GArray) panels = NULL;
  Placer pl;

  g_return_if_fail (cr != NULL);

  cairo_save (cr);
  set_rgb (cr, &pal->background);
  cairo_rectangle (cr, 0, 0, width, height);
  cairo_fill (cr);

  panels = layout (width, height, figures);
  for (guint i = 0; i < panels->len; i++)
    draw_panel (cr, &g_array_index (panels, Panel, i), pal);
  placer_init (&pl, width, height);
  place_all (&pl, panels);
  for (guint i = 0; i < pl.placed->len; i++)
    draw_label (cr, pl.placed->pdata[i], pal);
  placer_clear (&pl);
  cairo_restore (cr);
}

static cairo_status_t
append_png_cb (void                *closure,
               const unsigned char *data,
               unsigned int         length)
{
  g_byte_array_append (closure, data, length);
  return CAIRO_STATUS_SUCCESS;
}

GBytes *
tj_offer_chart_render_png (JsonObject  *figures,
                           int          width,
                           int          height,
                           gboolean     is_dark,
                           GError     **error)
{
  g_autoptr(GByteArray) png = NULL;
  cairo_surface_t *surface;
  cairo_t *cr;
  cairo_status_t status;

  if (width < 200 || height < 120 || width > 8000 || height > 8000)
    {
      g_set_error (error, TJ_ERROR, TJ_ERROR_INVALID,
                   _("The chart must be between 200×120 and 8000×8000 pixels"));
      return NULL;
    }
  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, width, height);
  cr = cairo_create (surface);
  tj_offer_chart_draw (cr, width, height, figures, is_dark);
  cairo_destroy (cr);
  png = g_byte_array_new ();
  status = cairo_surface_write_to_png_stream (surface, append_png_cb, png);
  cairo_surface_destroy (surface);
  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, TJ_ERROR, TJ_ERROR_FAILED, _("Could not draw the chart: %s"),
                   cairo_status_to_string (status));
      return NULL;
    }
  return g_byte_array_free_to_bytes (g_steal_pointer (&png));
}

gboolean
tj_offer_chart_write_png (JsonObject  *figures,
                          int          width,
                          int          height,
                          gboolean     is_dark,
                          const char  *path,
                          GError     **error)
{
  g_autoptr(GBytes) png = tj_offer_chart_render_png (figures, width, height, is_dark, error);
  g_autoptr(GError) local_error = NULL;

  if (png == NULL)
    return FALSE;
  /* A temporary file renamed into place: never half a picture. */
  if (!g_file_set_contents (path, g_bytes_get_data (png, NULL), g_bytes_get_size (png), &local_error))
    {
      g_set_error_literal (error, TJ_ERROR, TJ_ERROR_INVALID, local_error->message);
      return FALSE;
    }
  return TRUE;
}
