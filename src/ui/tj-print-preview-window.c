/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Tiaojie-UI"

#include <glib/gi18n.h>
#include <math.h>

#include "tj-print-preview-window.h"

/* The preview draws the laid-out pages with tj_pages_draw_page(), the
 * very function that writes the PDF and that printing calls, so what the
 * mediator sees is what the printer gets. */
struct _TjPrintPreviewWindow
{
  AdwWindow        parent_instance;

  AdwWindowTitle  *window_title;
  GtkWidget       *scroller;
  GtkWidget       *area;

  TjPages         *pages;
  char            *title;
  guint            page;
  double           zoom;      /* pixels per point; 0 = fit the page to the window */

  /* The page last drawn, at the size it was drawn: redraws (scrolling,
   * a spinner elsewhere) only paint it again. */
  cairo_surface_t *cache;
  guint            cache_page;
  int              cache_width;
};

G_DEFINE_FINAL_TYPE (TjPrintPreviewWindow, tj_print_preview_window, ADW_TYPE_WINDOW)

#define MARGIN_PX 16.0

static void
update_state (TjPrintPreviewWindow *self)
{
  guint n = self->pages ? tj_pages_get_n_pages (self->pages) : 0;
  g_autofree char *subtitle = NULL;

  /* Translators: the page shown in the print preview and the page count. */
  subtitle = g_strdup_printf (_("Page %u of %u"), n ? self->page + 1 : 0, n);
  adw_window_title_set_subtitle (self->window_title, subtitle);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "preview.previous-page", self->page > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "preview.next-page", self->page + 1 < n);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "preview.print", n > 0);

  if (self->zoom > 0 && self->pages)
    {
      double w, h;
      tj_pages_get_page_size (self->pages, &w, &h);
      gtk_drawing_area_set_content_width (GTK_DRAWING_AREA (self->area), (int) ceil (w * self->zoom + 2 * MARGIN_PX));
      gtk_drawing_area_set_content_height (GTK_DRAWING_AREA (self->area), (int) ceil (h * self->zoom + 2 * MARGIN_PX));
    }
  else
    {
      gtk_drawing_area_set_content_width (GTK_DRAWING_AREA (self->area), 0);
      gtk_drawing_area_set_content_height (GTK_DRAWING_AREA (self->area), 0);
    }
  gtk_widget_queue_draw (self->area);
}

static void
draw_cb (GtkDrawingArea *area,
         cairo_t        *cr,
         int             width,
         int             height,
         gpointer        user_data)
{
  TjPrintPreviewWindow *self = user_data;
  double pw, ph, scale, x, y;

  if (self->pages == NULL || tj_pages_get_n_pages (self->pages) == 0)
    return;
  tj_pages_get_page_size (self->pages, &pw, &ph);
  if (self->zoom > 0)
    scale = self->zoom;
  else
    scale = MIN ((width - 2 * MARGIN_PX) / pw, (height - 2 * MARGIN_PX) / ph);
  if (scale <= 0)
    return;
  x = floor (MAX (MARGIN_PX, (width - pw * scale) / 2));
  y = floor (MAX (MARGIN_PX, (height - ph * scale) / 2));

  /* A sheet of paper with a soft shadow on the window's background. */
  cairo_set_source_rgba (cr, 0, 0, 0, 0.18);
  cairo_rectangle (cr, x + 2, y + 3, pw * scale, ph * scale);
  cairo_fill (cr);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_rectangle (cr, x, y, pw * scale, ph * scale);
  cairo_fill (cr);

  /* The page is drawn into an image of its own, at the screen's scale,
   * with the font options of paper (no hinting) rather than the
   * widget's: hinted at this small size, digits collided ("11,00C.00"). */
  {
    int factor = gtk_widget_get_scale_factor (GTK_WIDGET (area));
    int iw = (int) ceil (pw * scale * factor);
    int ih = (int) ceil (ph * scale * factor);

    if (self->cache == NULL || self->cache_page != self->page || self->cache_width != iw)
      {
        cairo_font_options_t *options = cairo_font_options_create ();
        cairo_t *icr;

        g_clear_pointer (&self->cache, cairo_surface_destroy);
        self->cache = cairo_image_surface_create (CAIRO_FORMAT_RGB24, iw, ih);
        icr = cairo_create (self->cache);
        cairo_font_options_set_hint_style (options, CAIRO_HINT_STYLE_NONE);
        cairo_font_options_set_hint_metrics (options, CAIRO_HINT_METRICS_OFF);
        cairo_font_options_set_antialias (options, CAIRO_ANTIALIAS_GRAY);
        cairo_set_font_options (icr, options);
        cairo_font_options_destroy (options);
        cairo_set_source_rgb (icr, 1, 1, 1);
        cairo_paint (icr);
        cairo_scale (icr, scale * factor, scale * factor);
        tj_pages_draw_page (self->pages, icr, self->page);
        cairo_destroy (icr);
        self->cache_page = self->page;
        self->cache_width = iw;
      }
    cairo_save (cr);
    cairo_translate (cr, x, y);
    cairo_scale (cr, 1.0 / factor, 1.0 / factor);
    cairo_set_source_surface (cr, self->cache, 0, 0);
    cairo_paint (cr);
    cairo_restore (cr);
  }
}

static void
previous_page_activated (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *parameter)
{
  TjPrintPreviewWindow *self = TJ_PRINT_PREVIEW_WINDOW (widget);

  if (self->page > 0)
    tj_print_preview_window_set_page (self, self->page - 1);
}

static void
next_page_activated (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  TjPrintPreviewWindow *self = TJ_PRINT_PREVIEW_WINDOW (widget);

  tj_print_preview_window_set_page (self, self->page + 1);
}

/* The scale at which the page fits the window, as a starting point for
 * zooming in or out from "fit". */
static double
current_scale (TjPrintPreviewWindow *self)
{
  double pw, ph;
  int width = gtk_widget_get_width (self->scroller);
  int height = gtk_widget_get_height (self->scroller);

  if (self->zoom > 0)
    return self->zoom;
  tj_pages_get_page_size (self->pages, &pw, &ph);
  return MAX (0.2, MIN ((width - 2 * MARGIN_PX) / pw, (height - 2 * MARGIN_PX) / ph));
}

static void
zoom_in_activated (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  TjPrintPreviewWindow *self = TJ_PRINT_PREVIEW_WINDOW (widget);

  self->zoom = MIN (6.0, current_scale (self) * 1.25);
  update_state (self);
}

static void
zoom_out_activated (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  TjPrintPreviewWindow *self = TJ_PRINT_PREVIEW_WINDOW (widget);

  self->zoom = MAX (0.2, current_scale (self) / 1.25);
  update_state (self);
}

static void
zoom_fit_activated (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  TjPrintPreviewWindow *self = TJ_PRINT_PREVIEW_WINDOW (widget);

  self->zoom = 0;
  update_state (self);
}

static void
print_activated (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  TjPrintPreviewWindow *self = TJ_PRINT_PREVIEW_WINDOW (widget);
  g_autoptr(GError) error = NULL;

  if (tj_print_pages (GTK_WINDOW (self), self->pages, self->title, GTK_PRINT_OPERATION_ACTION_PRINT_DIALOG,
                      NULL, &error) == GTK_PRINT_OPERATION_RESULT_ERROR)
    {
      GtkWidget *dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Could Not Print"), error->message);
      adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
      gtk_window_present (GTK_WINDOW (dialog));
    }
}

static void
tj_print_preview_window_finalize (GObject *object)
{
  TjPrintPreviewWindow *self = TJ_PRINT_PREVIEW_WINDOW (object);

  g_clear_pointer (&self->cache, cairo_surface_destroy);
  g_clear_pointer (&self->pages, tj_pages_free);
  g_clear_pointer (&self->title, g_free);

  G_OBJECT_CLASS (tj_print_preview_window_parent_class)->finalize (object);
}

static void
tj_print_preview_window_class_init (TjPrintPreviewWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = tj_print_preview_window_finalize;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/tiaojie/Tiaojie/ui/tj-print-preview-window.ui");
  gtk_widget_class_bind_template_child (widget_class, TjPrintPreviewWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, TjPrintPreviewWindow, scroller);
  gtk_widget_class_bind_template_child (widget_class, TjPrintPreviewWindow, area);

  gtk_widget_class_install_action (widget_class, "preview.previous-page", NULL, previous_page_activated);
  gtk_widget_class_install_action (widget_class, "preview.next-page", NULL, next_page_activated);
  gtk_widget_class_install_action (widget_class, "preview.zoom-in", NULL, zoom_in_activated);
  gtk_widget_class_install_action (widget_class, "preview.zoom-out", NULL, zoom_out_activated);
  gtk_widget_class_install_action (widget_class, "preview.zoom-fit", NULL, zoom_fit_activated);
  gtk_widget_class_install_action (widget_class, "preview.print", NULL, print_activated);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Page_Up, 0, "preview.previous-page", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Page_Down, 0, "preview.next-page", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Left, GDK_ALT_MASK, "preview.previous-page", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Right, GDK_ALT_MASK, "preview.next-page", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_plus, GDK_CONTROL_MASK, "preview.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_equal, GDK_CONTROL_MASK, "preview.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_minus, GDK_CONTROL_MASK, "preview.zoom-out", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_0, GDK_CONTROL_MASK, "preview.zoom-fit", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_p, GDK_CONTROL_MASK, "preview.print", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
tj_print_preview_window_init (TjPrintPreviewWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_drawing_area_set_draw_func (GTK_DRAWING_AREA (self->area), draw_cb, self, NULL);
}

/**
 * tj_print_preview_window_new:
 * @parent: (nullable): the window it belongs to
 * @pages: (transfer full): the laid-out pages
 * @title: the document's title, for the header and the print job
 */
TjPrintPreviewWindow *
tj_print_preview_window_new (GtkWindow  *parent,
                             TjPages    *pages,
                             const char *title)
{
  TjPrintPreviewWindow *self;

  g_return_val_if_fail (pages != NULL, NULL);

  self = g_object_new (TJ_TYPE_PRINT_PREVIEW_WINDOW,
                       "transient-for", parent,
                       NULL);
  self->pages = pages;
  self->title = g_strdup (title ? title : "");
  if (title && *title)
    {
      adw_window_title_set_title (self->window_title, title);
      gtk_window_set_title (GTK_WINDOW (self), title);
    }
  update_state (self);
  return self;
}

guint
tj_print_preview_window_get_n_pages (TjPrintPreviewWindow *self)
{
  g_return_val_if_fail (TJ_IS_PRINT_PREVIEW_WINDOW (self), 0);

  return self->pages ? tj_pages_get_n_pages (self->pages) : 0;
}

guint
tj_print_preview_window_get_page (TjPrintPreviewWindow *self)
{
  g_return_val_if_fail (TJ_IS_PRINT_PREVIEW_WINDOW (self), 0);

  return self->page;
}

void
tj_print_preview_window_set_page (TjPrintPreviewWindow *self,
                                  guint                 page)
{
  guint n;

  g_return_if_fail (TJ_IS_PRINT_PREVIEW_WINDOW (self));

  n = tj_print_preview_window_get_n_pages (self);
  if (n == 0)
    return;
  self->page = MIN (page, n - 1);
  update_state (self);
}

TjPages *
tj_print_preview_window_get_pages (TjPrintPreviewWindow *self)
{
  g_return_val_if_fail (TJ_IS_PRINT_PREVIEW_WINDOW (self), NULL);

  return self->pages;
}

/* ---- printing ---------------------------------------------------------- */

static void
draw_page_cb (GtkPrintOperation *operation,
              GtkPrintContext   *context,
              int                page_nr,
              gpointer           user_data)
{
  TjPages *pages = user_data;
  cairo_t *cr = gtk_print_context_get_cairo_context (context);
  double pw, ph, cw, ch, scale;

  /* The operation works in points from the paper's corner; on paper other
   * than A4 the page is scaled down to fit, never cut off. */
  tj_pages_get_page_size (pages, &pw, &ph);
  cw = gtk_print_context_get_width (context);
  ch = gtk_print_context_get_height (context);
  scale = MIN (1.0, MIN (cw / pw, ch / ph));
  cairo_save (cr);
  cairo_scale (cr, scale, scale);
  tj_pages_draw_page (pages, cr, (guint) page_nr);
  cairo_restore (cr);
}

GtkPrintOperationResult
tj_print_pages (GtkWindow               *parent,
                TjPages                 *pages,
                const char              *job_name,
                GtkPrintOperationAction  action,
                const char              *export_filename,
                GError                 **error)
{
  g_autoptr(GtkPrintOperation) operation = NULL;
  g_autoptr(GtkPageSetup) setup = gtk_page_setup_new ();
  g_autoptr(GtkPaperSize) a4 = gtk_paper_size_new (GTK_PAPER_NAME_A4);

  g_return_val_if_fail (pages != NULL, GTK_PRINT_OPERATION_RESULT_ERROR);

  gtk_page_setup_set_paper_size (setup, a4);
  gtk_page_setup_set_orientation (setup, GTK_PAGE_ORIENTATION_PORTRAIT);
  operation = gtk_print_operation_new ();
  gtk_print_operation_set_default_page_setup (operation, setup);
  gtk_print_operation_set_n_pages (operation, (int) tj_pages_get_n_pages (pages));
  gtk_print_operation_set_unit (operation, GTK_UNIT_POINTS);
  gtk_print_operation_set_use_full_page (operation, TRUE);
  gtk_print_operation_set_embed_page_setup (operation, TRUE);
  if (job_name && *job_name)
    gtk_print_operation_set_job_name (operation, job_name);
  if (export_filename)
    gtk_print_operation_set_export_filename (operation, export_filename);
  g_signal_connect (operation, "draw-page", G_CALLBACK (draw_page_cb), pages);

  /* Not async: the pages stay the caller's, valid until this returns. */
  return gtk_print_operation_run (operation, action, parent, error);
}
