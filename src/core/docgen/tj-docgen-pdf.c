/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Layout and pagination with pango, drawing with cairo. Pagination is
 * separate from drawing so that the same pages go to a PDF surface, a
 * preview image or a GtkPrintOperation's cairo context. */
#undef G_LOG_DOMAIN
#define G_LOG_DOMAIN "Tiaojie-Docgen"

#include <string.h>

#include <cairo-pdf.h>
#include <pango/pangocairo.h>

#include "tj-docgen-private.h"
#include "tj-file.h"
#include "tj-i18n.h"
#include "tj-pdf-renderer.h"

#define MM (72.0 / 25.4)
#define PAGE_W (210.0 * MM)
#define PAGE_H (297.0 * MM)
#define MARGIN_TOP (25.0 * MM)
#define MARGIN_BOTTOM (25.0 * MM)
#define MARGIN_LEFT (26.0 * MM)
#define MARGIN_RIGHT (24.0 * MM)
#define CONTENT_W (PAGE_W - MARGIN_LEFT - MARGIN_RIGHT)
#define CONTENT_BOTTOM (PAGE_H - MARGIN_BOTTOM)
#define FOOTER_BASELINE (PAGE_H - 13.0 * MM)
#define CELL_PAD_X 3.5
#define CELL_PAD_Y 3.0
#define BORDER 0.6
#define SIG_GAP (8.0 * MM)

/* Song (serif) faces for text, Hei (sans) for headings; whichever the
 * machine has, ending with the Noto CJK faces Debian and Flatpak ship. */
#define SERIF_FAMILIES "SimSun,宋体,Songti SC,STSong,FangSong,Noto Serif CJK SC,Noto Sans CJK SC,serif"
#define SANS_FAMILIES "SimHei,黑体,Heiti SC,STHeiti,Noto Sans CJK SC,sans-serif"

typedef struct {
  const char *families;
  double      size;
  double      line_factor;
  double      space_before;
  double      space_after;
} StyleSpec;

static const StyleSpec styles[] = {
  [TJ_STYLE_BODY]     = { SERIF_FAMILIES, 12.0, 1.22, 0, 5 },
  [TJ_STYLE_TITLE]    = { SERIF_FAMILIES, 20.0, 1.1, 0, 14 },
  [TJ_STYLE_SUBTITLE] = { SERIF_FAMILIES, 12.0, 1.1, 0, 10 },
  [TJ_STYLE_HEADING]  = { SANS_FAMILIES, 12.5, 1.15, 8, 4 },
  [TJ_STYLE_SMALL]    = { SERIF_FAMILIES, 10.5, 1.15, 0, 4 },
  [TJ_STYLE_CELL]     = { SERIF_FAMILIES, 10.5, 1.05, 0, 0 },
};

/* A laid-out piece of text with the vertical extent of each line. */
typedef struct {
  PangoLayout *layout;
  int          n_lines;
  double      *top;      /* per line, relative to the layout */
  double      *bottom;
  double      *baseline;
  double      *x;        /* logical x of each line (alignment, indent) */
  double       height;
} Text;

typedef struct {
  guint   n;
  Text  **cells;
  double *x;          /* relative to the content's left edge */
  double *w;
  gboolean header;
  double  min_height;  /* room to sign in */
} RowLayout;

typedef struct {
  Text   *label;
  Text   *marks;
  Text   *date;
  double  space;
  double  height;
} SigLayout;

typedef enum {
  PLACE_TEXT,
  PLACE_ROW,
  PLACE_SIG,
} PlaceKind;

typedef struct {
  PlaceKind  kind;
  double     x, y;
  Text      *text;       /* PLACE_TEXT */
  int        first, last;
  RowLayout *row;        /* PLACE_ROW */
  int       *starts;     /* per cell: first line, one past the last */
  int       *ends;
  double     height;
  SigLayout *sig;        /* PLACE_SIG */
  double     width;
} Placement;

struct _TjPages {
  PangoContext *context;    /* from the pool below, returned when freed */
  GPtrArray    *texts;      /* owns every Text */
  GPtrArray    *rows;       /* owns every RowLayout */
  GPtrArray    *sigs;       /* owns every SigLayout */
  GPtrArray    *pages;      /* of GPtrArray of Placement */
  char         *title;
};

/* ---- fonts ----
 *
 * A fresh font map per document made every document open its fonts,
 * reload their tables and shape every string from cold: most of the
 * layout time.  Contexts (each with its own font map, which is not
 * thread-safe) are kept in a small pool instead: a TjPages owns one from
 * tj_docgen_paginate() to tj_pages_free(), so documents laid out in
 * several threads at once never share one, and the next document finds
 * the fonts and their shaping caches warm. */

#define FONT_POOL_MAX 4

static GMutex font_pool_lock;
static GSList *font_pool;
static guint font_pool_len;

static PangoContext *
font_context_new (void)
{
  PangoFontMap *font_map = pango_cairo_font_map_new ();
  PangoContext *context;
  cairo_font_options_t *options;

  pango_cairo_font_map_set_resolution (PANGO_CAIRO_FONT_MAP (font_map), 72.0);
  context = pango_font_map_create_context (font_map);
  g_object_unref (font_map);   /* the context holds it */
  /* Device-independent metrics: the layout must be the same on paper, in
   * a PDF and in a preview. */
  options = cairo_font_options_create ();
  cairo_font_options_set_hint_metrics (options, CAIRO_HINT_METRICS_OFF);
  cairo_font_options_set_hint_style (options, CAIRO_HINT_STYLE_NONE);
  pango_cairo_context_set_font_options (context, options);
  cairo_font_options_destroy (options);
  pango_context_set_round_glyph_positions (context, FALSE);
  pango_context_set_language (context, pango_language_from_string ("zh-cn"));
  return context;
}

static PangoContext *
font_context_take (void)
{
  PangoContext *context = NULL;

  g_mutex_lock (&font_pool_lock);
  if (font_pool != NULL)
    {
      context = font_pool->data;
      font_pool = g_slist_delete_link (font_pool, font_pool);
      font_pool_len--;
    }
  g_mutex_unlock (&font_pool_lock);
  return context ? context : font_context_new ();
}

static void
font_context_give (PangoContext *context)
{
  if (context == NULL)
    return;
  g_mutex_lock (&font_pool_lock);
  if (font_pool_len < FONT_POOL_MAX)
    {
      font_pool = g_slist_prepend (font_pool, g_steal_pointer (&context));
      font_pool_len++;
    }
  g_mutex_unlock (&font_pool_lock);
  g_clear_object (&context);
}

/* ---- text ---- */

static void
text_free (Text *t)
{
  g_clear_object (&t->layout);
  g_free (t->top);
  g_free (t->bottom);
  g_free (t->baseline);
  g_free (t->x);
  g_free (t);
}

static Text *
text_new_from_layout (TjPages     *pages,
                      PangoLayout *layout)
{
  Text *t = g_new0 (Text, 1);
  PangoLayoutIter *iter;
  int i = 0;

  t->layout = layout;
  t->n_lines = pango_layout_get_line_count (layout);
  t->top = g_new0 (double, t->n_lines);
  t->bottom = g_new0 (double, t->n_lines);
  t->baseline = g_new0 (double, t->n_lines);
  t->x = g_new0 (double, t->n_lines);
  iter = pango_layout_get_iter (layout);
  do
    {
      int y0, y1;
      PangoRectangle logical;
      pango_layout_iter_get_line_yrange (iter, &y0, &y1);
      pango_layout_iter_get_line_extents (iter, NULL, &logical);
      t->top[i] = (double) y0 / PANGO_SCALE;
      t->bottom[i] = (double) y1 / PANGO_SCALE;
      t->baseline[i] = (double) pango_layout_iter_get_baseline (iter) / PANGO_SCALE;
      t->x[i] = (double) logical.x / PANGO_SCALE;
      i++;
    }
  while (i < t->n_lines && pango_layout_iter_next_line (iter));
  pango_layout_iter_free (iter);
  t->height = t->n_lines ? t->bottom[t->n_lines - 1] : 0;
  g_ptr_array_add (pages->texts, t);
  return t;
}

static PangoLayout *
layout_new (TjPages    *pages,
            TjStyle     style,
            gboolean    bold,
            double      width)
{
  PangoLayout *layout = pango_layout_new (pages->context);
  PangoFontDescription *desc = pango_font_description_from_string (styles[style].families);

  pango_font_description_set_size (desc, (int) (styles[style].size * PANGO_SCALE));
  if (bold)
    pango_font_description_set_weight (desc, PANGO_WEIGHT_BOLD);
  pango_layout_set_font_description (layout, desc);
  pango_font_description_free (desc);
  pango_layout_set_width (layout, (int) (width * PANGO_SCALE));
  pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
  pango_layout_set_line_spacing (layout, styles[style].line_factor);
  return layout;
}

/* Whether every line of @layout (laid out ragged) but the last leaves at
 * most about one character of room at its end. */
static gboolean
lines_nearly_full (PangoLayout *layout,
                   double       width,
                   double       font_size)
{
  int n = pango_layout_get_line_count (layout);

  for (int i = 0; i + 1 < n; i++)
    {
      PangoLayoutLine *line = pango_layout_get_line_readonly (layout, i);
      PangoRectangle logical;
      double indent = i == 0 ? (double) pango_layout_get_indent (layout) / PANGO_SCALE : 0;

      pango_layout_line_get_extents (line, NULL, &logical);
      if (width - indent - (double) logical.width / PANGO_SCALE > 1.05 * font_size)
        return FALSE;
    }
  return TRUE;
}

static Text *
text_from_para (TjPages *pages,
                TjPara  *para,
                double   width)
{
  PangoLayout *layout = layout_new (pages, para->style, para->bold, width);
  PangoAttrList *attrs = pango_attr_list_new ();
  GString *s = g_string_new (NULL);
  gboolean has_break = FALSE;

  for (guint i = 0; i < para->runs->len; i++)
    {
      TjRun *run = g_ptr_array_index (para->runs, i);
      guint start = s->len;
      if (run->flags & TJ_RUN_BREAK)
        {
          has_break = TRUE;
          /* U+2028 breaks the line without starting a new paragraph, so a
           * first-line indent is not repeated. */
          g_string_append (s, "\u2028");
          continue;
        }
      g_string_append (s, run->text);
      if (run->flags & TJ_RUN_BOLD)
        {
          PangoAttribute *a = pango_attr_weight_new (PANGO_WEIGHT_BOLD);
          a->start_index = start;
          a->end_index = s->len;
          pango_attr_list_insert (attrs, a);
        }
      if (run->flags & TJ_RUN_UNDERLINE)
        {
          PangoAttribute *a = pango_attr_underline_new (PANGO_UNDERLINE_SINGLE);
          a->start_index = start;
          a->end_index = s->len;
          pango_attr_list_insert (attrs, a);
        }
    }
  pango_layout_set_text (layout, s->str, (int) s->len);
  pango_layout_set_attributes (layout, attrs);
  pango_attr_list_unref (attrs);
  g_string_free (s, TRUE);

  /* The indent first: it changes where the lines break. */
  if (para->indent > 0)
    pango_layout_set_indent (layout, (int) (para->indent * styles[para->style].size * PANGO_SCALE));
  switch (para->align)
    {
    case TJ_ALIGN_CENTER:
      pango_layout_set_alignment (layout, PANGO_ALIGN_CENTER);
      break;
    case TJ_ALIGN_RIGHT:
      pango_layout_set_alignment (layout, PANGO_ALIGN_RIGHT);
      break;
    case TJ_ALIGN_JUSTIFY:
      /* Pango would stretch the lines that end in a forced break, and a
       * line that wraps before a long run of digits or Latin letters (a
       * credit code) would be spread out character by character
       * (施 工 总 承 包 …): justify only when every line but the last is
       * already full to within one character. */
      if (!has_break && lines_nearly_full (layout, width, styles[para->style].size))
        pango_layout_set_justify (layout, TRUE);
      G_GNUC_FALLTHROUGH;
    default:
      pango_layout_set_alignment (layout, PANGO_ALIGN_LEFT);
    }
  return text_new_from_layout (pages, layout);
}

static Text *
text_plain (TjPages    *pages,
            const char *str,
            TjStyle     style,
            double      width)
{
  PangoLayout *layout = layout_new (pages, style, FALSE, width);
  pango_layout_set_text (layout, str, -1);
  return text_new_from_layout (pages, layout);
}

/* Set on the cairo context of a PDF being written: draws with subset
 * fonts (tj-pdf-renderer.c). Previews and printing go through pangocairo
 * as they always did. */
static cairo_user_data_key_t pdf_renderer_key;

static void
show_layout_line (cairo_t         *cr,
                  PangoLayoutLine *line)
{
  TjPdfRenderer *renderer = cairo_get_user_data (cr, &pdf_renderer_key);

  if (renderer)
    tj_pdf_renderer_show_layout_line (renderer, cr, line);
  else
    pango_cairo_show_layout_line (cr, line);
}

static void
draw_text_lines (cairo_t *cr,
                 Text    *t,
                 int      first,
                 int      last,
                 double   x,
                 double   y)
{
  PangoLayoutIter *iter = pango_layout_get_iter (t->layout);
  int i = 0;

  /* y is where line @first's top goes. */
  do
    {
      if (i >= first && i < last)
        {
          PangoLayoutLine *line = pango_layout_iter_get_line_readonly (iter);
          cairo_move_to (cr, x + t->x[i], y + t->baseline[i] - t->top[first]);
          show_layout_line (cr, line);
        }
      i++;
    }
  while (i < last && pango_layout_iter_next_line (iter));
  pango_layout_iter_free (iter);
}

/* ---- pagination ---- */

typedef struct {
  TjPages   *pages;
  GPtrArray *page;   /* current */
  double     y;
} Flow;

static void
placement_free (Placement *p)
{
  g_free (p->starts);
  g_free (p->ends);
  g_free (p);
}

static void
new_page (Flow *f)
{
  f->page = g_ptr_array_new_with_free_func ((GDestroyNotify) placement_free);
  g_ptr_array_add (f->pages->pages, f->page);
  f->y = MARGIN_TOP;
}

static gboolean
at_top (Flow *f)
{
  return f->page->len == 0;
}

static double
space_left (Flow *f)
{
  return CONTENT_BOTTOM - f->y;
}

/* Number of lines from @first that fit in @avail points. */
static int
lines_fitting (Text   *t,
               int     first,
               double  avail)
{
  int n = 0;
  while (first + n < t->n_lines && t->bottom[first + n] - t->top[first] <= avail + 0.01)
    n++;
  return n;
}

static void
place_text (Flow   *f,
            Text   *t,
            double  space_before,
            double  space_after)
{
  int first = 0;

  if (!at_top (f))
    f->y += space_before;
  while (first < t->n_lines)
    {
      int n = lines_fitting (t, first, space_left (f));
      Placement *p;

      /* Keep two lines together at the start and end of a paragraph
       * (no orphans, no widows) when the page has other content. */
      if (n > 0 && n < t->n_lines - first && !at_top (f))
        {
          if (first == 0 && n < 2 && t->n_lines > 1)
            n = 0;
          else if (t->n_lines - first - n == 1 && n > 2)
            n--;
        }
      if (n == 0)
        {
          if (at_top (f))
            n = 1;   /* a line taller than a page: place it anyway */
          else
            {
              new_page (f);
              continue;
            }
        }
      p = g_new0 (Placement, 1);
      p->kind = PLACE_TEXT;
      p->text = t;
      p->first = first;
      p->last = first + n;
      p->x = MARGIN_LEFT;
      p->y = f->y;
      g_ptr_array_add (f->page, p);
      f->y += t->bottom[first + n - 1] - t->top[first];
      first += n;
      if (first < t->n_lines)
        new_page (f);
    }
  f->y += space_after;
}

static RowLayout *
row_layout (TjPages *pages,
            TjTable *table,
            TjRow   *row,
            gboolean header)
{
  RowLayout *rl = g_new0 (RowLayout, 1);
  guint col = 0;

  rl->n = row->cells->len;
  rl->cells = g_new0 (Text *, rl->n);
  rl->x = g_new0 (double, rl->n);
  rl->w = g_new0 (double, rl->n);
  rl->header = header;
  rl->min_height = header ? 0 : table->min_row_mm * MM;
  for (guint i = 0; i < rl->n; i++)
    {
      TjCell *cell = g_ptr_array_index (row->cells, i);
      double x = 0, w = 0;
      for (guint c = 0; c < col; c++)
        x += table->widths[c] * CONTENT_W;
      for (guint c = col; c < col + cell->span && c < table->n_cols; c++)
        w += table->widths[c] * CONTENT_W;
      col += cell->span;
      rl->x[i] = x;
      rl->w[i] = w;
      if (header)
        {
          cell->para->bold = TRUE;
          cell->para->align = TJ_ALIGN_CENTER;
        }
      rl->cells[i] = text_from_para (pages, cell->para, MAX (w - 2 * CELL_PAD_X, 10));
    }
  g_ptr_array_add (pages->rows, rl);
  return rl;
}

static void
row_layout_free (RowLayout *rl)
{
  g_free (rl->cells);
  g_free (rl->x);
  g_free (rl->w);
  g_free (rl);
}

static double
row_height (RowLayout *rl)
{
  double h = 0;
  for (guint i = 0; i < rl->n; i++)
    h = MAX (h, rl->cells[i]->height);
  return MAX (h + 2 * CELL_PAD_Y, rl->min_height);
}

static void
place_row (Flow      *f,
           RowLayout *rl,
           int       *starts,
           int       *ends,
           double     height)
{
  Placement *p = g_new0 (Placement, 1);

  p->kind = PLACE_ROW;
  p->row = rl;
  p->x = MARGIN_LEFT;
  p->y = f->y;
  p->height = height;
  p->starts = g_memdup2 (starts, sizeof (int) * rl->n);
  p->ends = g_memdup2 (ends, sizeof (int) * rl->n);
  g_ptr_array_add (f->page, p);
  f->y += height;
}

static void
place_whole_row (Flow      *f,
                 RowLayout *rl)
{
  g_autofree int *starts = g_new0 (int, rl->n);
  g_autofree int *ends = g_new0 (int, rl->n);

  for (guint i = 0; i < rl->n; i++)
    ends[i] = rl->cells[i]->n_lines;
  place_row (f, rl, starts, ends, row_height (rl));
}

static void
place_table (Flow    *f,
             TjTable *table)
{
  TjPages *pages = f->pages;
  RowLayout *header = table->header ? row_layout (pages, table, table->header, TRUE) : NULL;
  double header_h = header ? row_height (header) : 0;
  const double space_around = 6;

  if (!at_top (f))
    f->y += space_around;

  for (guint r = 0; r < table->rows->len || (r == 0 && header); r++)
    {
      RowLayout *rl;
      double h;
      gboolean first_on_page;

      if (table->rows->len == 0)
        {
          /* Only a header: keep it on one page. */
          if (header_h > space_left (f) && !at_top (f))
            new_page (f);
          place_whole_row (f, header);
          break;
        }
      rl = row_layout (pages, table, g_ptr_array_index (table->rows, r), FALSE);
      h = row_height (rl);
      first_on_page = (r == 0);

      if (r == 0 && header_h + h > space_left (f) && !at_top (f) &&
          header_h + h <= CONTENT_BOTTOM - MARGIN_TOP)
        new_page (f);
      if (!first_on_page && h > space_left (f) && h <= CONTENT_BOTTOM - MARGIN_TOP - header_h)
        {
          new_page (f);
          first_on_page = TRUE;
        }
      if (first_on_page && header)
        place_whole_row (f, header);

      if (h <= space_left (f))
        {
          place_whole_row (f, rl);
          continue;
        }

      /* A row taller than what is left of a fresh page: break it between
       * lines, cell by cell, repeating the header on the next page. */
      {
        g_autofree int *starts = g_new0 (int, rl->n);
        g_autofree int *ends = g_new0 (int, rl->n);
        gboolean done = FALSE;

        while (!done)
          {
            double avail = space_left (f) - 2 * CELL_PAD_Y;
            double used = 0;
            gboolean progress = FALSE;

            done = TRUE;
            for (guint i = 0; i < rl->n; i++)
              {
                Text *t = rl->cells[i];
                int n = starts[i] < t->n_lines ? lines_fitting (t, starts[i], avail) : 0;
                ends[i] = starts[i] + n;
                if (n > 0)
                  {
                    used = MAX (used, t->bottom[ends[i] - 1] - t->top[starts[i]]);
                    progress = TRUE;
                  }
                if (ends[i] < t->n_lines)
                  done = FALSE;
              }
            if (!progress && !at_top (f))
              {
                new_page (f);
                if (header)
                  place_whole_row (f, header);
                continue;
              }
            if (!progress)
              {
                /* Not even one line fits a fresh page: give up splitting. */
                for (guint i = 0; i < rl->n; i++)
                  ends[i] = MIN (starts[i] + 1, rl->cells[i]->n_lines);
                done = TRUE;
                for (guint i = 0; i < rl->n; i++)
                  if (ends[i] < rl->cells[i]->n_lines)
                    done = FALSE;
                used = space_left (f) - 2 * CELL_PAD_Y;
              }
            place_row (f, rl, starts, ends, used + 2 * CELL_PAD_Y);
            memcpy (starts, ends, sizeof (int) * rl->n);
            if (!done)
              {
                new_page (f);
                if (header)
                  place_whole_row (f, header);
              }
          }
      }
    }
  f->y += space_around;
}

typedef struct {
  GPtrArray *rows;      /* of SigLayout *[columns] */
  GArray    *heights;   /* of double */
  double     total;
  double     col_w;
  guint      columns;
} SigBlock;

static void
sig_block_free (SigBlock *sb)
{
  for (guint i = 0; i < sb->rows->len; i++)
    g_free (g_ptr_array_index (sb->rows, i));
  g_ptr_array_unref (sb->rows);
  g_array_unref (sb->heights);
  g_free (sb);
}

#define SIG_ROW_GAP 12
#define SIG_SPACE_BEFORE 10

/* Lays out a signature block row by row; within a row the signing lines
 * are level, below the tallest label. */
static SigBlock *
layout_signatures (TjPages *pages,
                   TjBlock *block)
{
  SigBlock *sb = g_new0 (SigBlock, 1);
  guint columns = MAX (block->columns, 1);
  double col_w = (CONTENT_W - SIG_GAP * (columns - 1)) / columns;
  GPtrArray *rows = sb->rows = g_ptr_array_new ();
  GArray *heights = sb->heights = g_array_new (FALSE, FALSE, sizeof (double));
  double total = 0;
  const double row_gap = SIG_ROW_GAP;

  sb->col_w = col_w;
  sb->columns = columns;

  /* Lay out row by row; within a row the signing lines are level, below
   * the tallest label. */
  for (guint i = 0; i < block->signatures->len; i += columns)
    {
      double label_h = 0, space = 0, below = 0;
      SigLayout **row = g_new0 (SigLayout *, columns);

      for (guint c = 0; c < columns && i + c < block->signatures->len; c++)
        {
          TjSignature *sig = g_ptr_array_index (block->signatures, i + c);
          SigLayout *sl = g_new0 (SigLayout, 1);

          sig->label->align = TJ_ALIGN_LEFT;
          sig->label->indent = 0;
          sl->label = text_from_para (pages, sig->label, col_w);
          /* A seal needs room, not a line: "盖章" alone gets no line. */
          if (sig->marks != TJ_MARK_SEAL)
            {
              g_autofree char *marks = tj_signature_marks_text (sig->marks);
              g_autofree char *marks_line = g_strconcat (marks, "：", NULL);
              sl->marks = text_plain (pages, marks_line, TJ_STYLE_BODY, col_w);
            }
          if (sig->date)
            sl->date = text_plain (pages, tj_signature_date_text (col_w / styles[TJ_STYLE_BODY].size),
                                   TJ_STYLE_BODY, col_w);
          g_ptr_array_add (pages->sigs, sl);
          row[c] = sl;
          label_h = MAX (label_h, sl->label->height);
          space = MAX (space, sig->space_mm * MM);
          below = MAX (below, (sl->marks ? sl->marks->height : 0) +
                              (sl->date ? 6 + sl->date->height : 0));
        }
      for (guint c = 0; c < columns; c++)
        if (row[c])
          {
            row[c]->space = label_h - row[c]->label->height + space;
            row[c]->height = label_h + space + below;
          }
      g_ptr_array_add (rows, row);
      total += label_h + space + below + row_gap;
      g_array_append_vals (heights, (double[]) { label_h + space + below }, 1);
    }
  sb->total = total;
  return sb;
}

static void
place_signatures (Flow     *f,
                  SigBlock *sb)
{
  guint columns = sb->columns;
  double col_w = sb->col_w;
  const double row_gap = SIG_ROW_GAP;

  /* Signatures stay together with the end of the text when they can:
   * move the whole block rather than leave one signature alone. */
  if (!at_top (f))
    f->y += SIG_SPACE_BEFORE;
  if (sb->total > space_left (f) && !at_top (f) && sb->total <= CONTENT_BOTTOM - MARGIN_TOP)
    new_page (f);

  for (guint r = 0; r < sb->rows->len; r++)
    {
      SigLayout **row = g_ptr_array_index (sb->rows, r);
      double row_h = g_array_index (sb->heights, double, r);

      if (row_h > space_left (f) && !at_top (f))
        new_page (f);
      for (guint c = 0; c < columns; c++)
        if (row[c])
          {
            Placement *p = g_new0 (Placement, 1);
            p->kind = PLACE_SIG;
            p->sig = row[c];
            p->x = MARGIN_LEFT + c * (col_w + SIG_GAP);
            p->y = f->y;
            p->width = col_w;
            g_ptr_array_add (f->page, p);
          }
      f->y += row_h + row_gap;
    }
}

/* Height a block needs at least on the page where it starts, for
 * keeping a heading with what follows it. */
static double
min_start_height (TjPages *pages,
                  TjBlock *block)
{
  switch (block->kind)
    {
    case TJ_BLOCK_PARA:
      {
        Text *t = text_from_para (pages, block->para, CONTENT_W);
        int n = MIN (t->n_lines, 2);
        return n ? t->bottom[n - 1] + styles[block->para->style].space_before : 0;
      }
    case TJ_BLOCK_TABLE:
      return 60;
    case TJ_BLOCK_SIGNATURES:
      return 90;
    default:
      return 0;
    }
}

TjPages *
tj_docgen_paginate (TjDocument  *doc,
                    GError     **error)
{
  TjPages *pages;
  Flow f = { 0 };
  SigBlock *sigs = NULL;   /* laid out ahead, to keep the last clause with it */

  g_return_val_if_fail (doc != NULL, NULL);

  pages = g_new0 (TjPages, 1);
  pages->context = font_context_take ();
  pages->texts = g_ptr_array_new_with_free_func ((GDestroyNotify) text_free);
  pages->rows = g_ptr_array_new_with_free_func ((GDestroyNotify) row_layout_free);
  pages->sigs = g_ptr_array_new_with_free_func (g_free);
  pages->pages = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);
  pages->title = g_strdup (doc->title);

  f.pages = pages;
  new_page (&f);

  for (guint i = 0; i < doc->blocks->len; i++)
    {
      TjBlock *block = g_ptr_array_index (doc->blocks, i);
      switch (block->kind)
        {
        case TJ_BLOCK_PARA:
          {
            const StyleSpec *st = &styles[block->para->style];
            Text *t = text_from_para (pages, block->para, CONTENT_W);
            TjBlock *next = i + 1 < doc->blocks->len ? g_ptr_array_index (doc->blocks, i + 1) : NULL;
            if (block->para->style == TJ_STYLE_HEADING && next && !at_top (&f))
              {
                double need = st->space_before + t->height + st->space_after +
                              min_start_height (pages, next);
                if (need > space_left (&f))
                  new_page (&f);
              }
            /* The last clause goes with the signatures that follow it, and
             * so do the one-line paragraphs just before it (此致, the
             * addressee): a page of signatures alone could be attached to
             * any text. */
            if (!at_top (&f))
              {
                double need = st->space_before + t->height + st->space_after;
                guint k = i + 1;
                gboolean one_line = t->n_lines == 1;

                while (k < doc->blocks->len && k < i + 4 && one_line)
                  {
                    TjBlock *b = g_ptr_array_index (doc->blocks, k);
                    Text *bt;
                    if (b->kind != TJ_BLOCK_PARA)
                      break;
                    bt = text_from_para (pages, b->para, CONTENT_W);
                    need += styles[b->para->style].space_before + bt->height + styles[b->para->style].space_after;
                    one_line = bt->n_lines == 1;
                    k++;
                  }
                if (k < doc->blocks->len &&
                    ((TjBlock *) g_ptr_array_index (doc->blocks, k))->kind == TJ_BLOCK_SIGNATURES &&
                    (k == i + 1 || t->n_lines == 1))
                  {
                    g_clear_pointer (&sigs, sig_block_free);
                    sigs = layout_signatures (pages, g_ptr_array_index (doc->blocks, k));
                    need += SIG_SPACE_BEFORE + sigs->total;
                    if (need > space_left (&f) && need - st->space_before <= CONTENT_BOTTOM - MARGIN_TOP)
                      new_page (&f);
                  }
              }
            place_text (&f, t, st->space_before, st->space_after);
          }
          break;
        case TJ_BLOCK_TABLE:
          place_table (&f, block->table);
          break;
        case TJ_BLOCK_SIGNATURES:
          if (sigs == NULL)
            sigs = layout_signatures (pages, block);
          place_signatures (&f, sigs);
          g_clear_pointer (&sigs, sig_block_free);
          break;
        case TJ_BLOCK_PAGEBREAK:
          if (!at_top (&f))
            new_page (&f);
          break;
        case TJ_BLOCK_SPACER:
          if (!at_top (&f))
            f.y += block->height_mm * MM;
          break;
        }
    }

  g_clear_pointer (&sigs, sig_block_free);
  /* A trailing page break leaves an empty last page: drop it. */
  if (pages->pages->len > 1 && at_top (&f))
    g_ptr_array_set_size (pages->pages, pages->pages->len - 1);
  return pages;
}

void
tj_pages_free (TjPages *pages)
{
  if (pages == NULL)
    return;
  g_ptr_array_unref (pages->pages);
  g_ptr_array_unref (pages->rows);
  g_ptr_array_unref (pages->sigs);
  g_ptr_array_unref (pages->texts);
  font_context_give (g_steal_pointer (&pages->context));
  g_free (pages->title);
  g_free (pages);
}

guint
tj_pages_get_n_pages (TjPages *pages)
{
  return pages->pages->len;
}

void
tj_pages_get_page_size (TjPages *pages,
                        double  *width_pt,
                        double  *height_pt)
{
  if (width_pt)
    *width_pt = PAGE_W;
  if (height_pt)
    *height_pt = PAGE_H;
}

/* ---- drawing ---- */

static void
draw_row (cairo_t   *cr,
          Placement *p)
{
  RowLayout *rl = p->row;

  for (guint i = 0; i < rl->n; i++)
    {
      double x = p->x + rl->x[i];
      if (rl->header)
        {
          cairo_save (cr);
          cairo_set_source_rgb (cr, 0.90, 0.90, 0.90);
          cairo_rectangle (cr, x, p->y, rl->w[i], p->height);
          cairo_fill (cr);
          cairo_restore (cr);
        }
      cairo_rectangle (cr, x, p->y, rl->w[i], p->height);
      cairo_set_line_width (cr, BORDER);
      cairo_stroke (cr);
      if (p->ends[i] > p->starts[i])
        {
          /* Vertically centre short cells in tall rows. */
          Text *t = rl->cells[i];
          double used = t->bottom[p->ends[i] - 1] - t->top[p->starts[i]];
          double off = (p->height - 2 * CELL_PAD_Y - used) / 2;
          draw_text_lines (cr, t, p->starts[i], p->ends[i], x + CELL_PAD_X,
                           p->y + CELL_PAD_Y + MAX (off, 0));
        }
    }
}

static void
draw_sig (cairo_t   *cr,
          Placement *p)
{
  SigLayout *sl = p->sig;
  double y = p->y;
  PangoRectangle ink, logical;

  draw_text_lines (cr, sl->label, 0, sl->label->n_lines, p->x, y);
  y += sl->label->height + sl->space;
  if (sl->marks)
    {
      draw_text_lines (cr, sl->marks, 0, sl->marks->n_lines, p->x, y);
      /* The line to sign on, from the end of "签名：" to the column's end. */
      pango_layout_get_extents (sl->marks->layout, &ink, &logical);
      cairo_set_line_width (cr, BORDER);
      cairo_move_to (cr, p->x + (double) logical.width / PANGO_SCALE + 2, y + sl->marks->baseline[0] + 2);
      cairo_line_to (cr, p->x + p->width - 4, y + sl->marks->baseline[0] + 2);
      cairo_stroke (cr);
      y += sl->marks->height;
    }
  if (sl->date)
    draw_text_lines (cr, sl->date, 0, sl->date->n_lines, p->x, y + 6);
}

static PangoLayout *
footer_layout_new (TjPages *pages,
                   guint    index)
{
  g_autofree char *footer = g_strdup_printf ("第 %u 页 共 %u 页", index + 1, pages->pages->len);
  PangoLayout *layout = pango_layout_new (pages->context);
  PangoFontDescription *desc = pango_font_description_from_string (SERIF_FAMILIES);

  pango_font_description_set_size (desc, (int) (10.5 * PANGO_SCALE));
  pango_layout_set_font_description (layout, desc);
  pango_font_description_free (desc);
  pango_layout_set_text (layout, footer, -1);
  return layout;
}

void
tj_pages_draw_page (TjPages *pages,
                    cairo_t *cr,
                    guint    index)
{
  GPtrArray *page;
  PangoLayout *layout;
  TjPdfRenderer *renderer;
  int w, h;

  g_return_if_fail (pages != NULL);
  g_return_if_fail (index < pages->pages->len);

  page = g_ptr_array_index (pages->pages, index);
  cairo_save (cr);
  cairo_set_source_rgb (cr, 0, 0, 0);
  for (guint i = 0; i < page->len; i++)
    {
      Placement *p = g_ptr_array_index (page, i);
      switch (p->kind)
        {
        case PLACE_TEXT:
          draw_text_lines (cr, p->text, p->first, p->last, p->x, p->y);
          break;
        case PLACE_ROW:
          draw_row (cr, p);
          break;
        case PLACE_SIG:
          draw_sig (cr, p);
          break;
        }
    }

  layout = footer_layout_new (pages, index);
  pango_layout_get_size (layout, &w, &h);
  cairo_move_to (cr, (PAGE_W - (double) w / PANGO_SCALE) / 2,
                 FOOTER_BASELINE - (double) pango_layout_get_baseline (layout) / PANGO_SCALE);
  renderer = cairo_get_user_data (cr, &pdf_renderer_key);
  if (renderer)
    tj_pdf_renderer_show_layout (renderer, cr, layout);
  else
    pango_cairo_show_layout (cr, layout);
  g_object_unref (layout);
  cairo_restore (cr);
}

static gboolean
write_pdf (TjPages          *pages,
           cairo_surface_t  *surface,
           GError          **error)
{
  g_autoptr(TjPdfRenderer) renderer = tj_pdf_renderer_new ();
  cairo_t *cr;
  cairo_status_t status;

  /* Every glyph the pages draw, the footers' too, then one subset per
   * font. Laid-out texts that were measured but not placed add a few
   * glyphs at most. */
  for (guint i = 0; i < pages->texts->len; i++)
    tj_pdf_renderer_add_layout (renderer, ((Text *) g_ptr_array_index (pages->texts, i))->layout);
  for (guint i = 0; i < pages->pages->len; i++)
    {
      g_autoptr(PangoLayout) footer = footer_layout_new (pages, i);
      tj_pdf_renderer_add_layout (renderer, footer);
    }
  tj_pdf_renderer_prepare (renderer);

  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_TITLE, pages->title ? pages->title : "");
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATOR, "Tiaojie " PACKAGE_VERSION);
  cr = cairo_create (surface);
  cairo_set_user_data (cr, &pdf_renderer_key, renderer, NULL);
  for (guint i = 0; i < pages->pages->len; i++)
    {
      tj_pages_draw_page (pages, cr, i);
      cairo_show_page (cr);
    }
  cairo_destroy (cr);
  cairo_surface_finish (surface);
  status = cairo_surface_status (surface);
  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, TJ_ERROR, TJ_ERROR_FAILED, _("Could not write the PDF: %s"),
                   cairo_status_to_string (status));
      return FALSE;
    }
  return TRUE;
}

static cairo_status_t
append_cb (void                *closure,
           const unsigned char *data,
           unsigned int         length)
{
  g_byte_array_append (closure, data, length);
  return CAIRO_STATUS_SUCCESS;
}

GBytes *
tj_pages_to_pdf_bytes (TjPages  *pages,
                       GError  **error)
{
  g_autoptr(GByteArray) buf = g_byte_array_new ();
  cairo_surface_t *surface = cairo_pdf_surface_create_for_stream (append_cb, buf, PAGE_W, PAGE_H);
  gboolean ok = write_pdf (pages, surface, error);

  cairo_surface_destroy (surface);
  if (!ok)
    return NULL;
  return g_byte_array_free_to_bytes (g_steal_pointer (&buf));
}

gboolean
tj_pages_write_pdf (TjPages     *pages,
                    const char  *path,
                    GError     **error)
{
  g_autoptr(GBytes) bytes = tj_pages_to_pdf_bytes (pages, error);

  /* No half-written agreement; papers name the parties. */
  return bytes != NULL && tj_file_write_private (path, bytes, error);
}

GBytes *
tj_docgen_render_pdf (TjTemplate             *tmpl,
                      JsonObject             *model,
                      const TjDocgenOptions  *options,
                      GError                **error)
{
  g_autoptr(TjDocument) doc = tj_docgen_evaluate (tmpl, model, options, error);
  g_autoptr(TjPages) pages = NULL;

  if (doc == NULL)
    return NULL;
  pages = tj_docgen_paginate (doc, error);
  if (pages == NULL)
    return NULL;
  return tj_pages_to_pdf_bytes (pages, error);
}

gboolean
tj_docgen_render_pdf_file (TjTemplate             *tmpl,
                           JsonObject             *model,
                           const TjDocgenOptions  *options,
                           const char             *path,
                           GError                **error)
{
  g_autoptr(GBytes) bytes = tj_docgen_render_pdf (tmpl, model, options, error);

  return bytes != NULL && tj_file_write_private (path, bytes, error);
}
