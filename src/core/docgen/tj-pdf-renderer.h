/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <pango/pangocairo.h>

G_BEGIN_DECLS

/* Declared by hand: G_DECLARE_FINAL_TYPE would need an autoptr cleanup
 * for PangoRenderer, which pango does not define. */
#define TJ_TYPE_PDF_RENDERER (tj_pdf_renderer_get_type ())
#define TJ_PDF_RENDERER(obj) (G_TYPE_CHECK_INSTANCE_CAST ((obj), TJ_TYPE_PDF_RENDERER, TjPdfRenderer))
#define TJ_IS_PDF_RENDERER(obj) (G_TYPE_CHECK_INSTANCE_TYPE ((obj), TJ_TYPE_PDF_RENDERER))

typedef struct _TjPdfRenderer TjPdfRenderer;
typedef struct {
  PangoRendererClass parent_class;
} TjPdfRendererClass;

GType tj_pdf_renderer_get_type (void) G_GNUC_CONST;
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TjPdfRenderer, g_object_unref)

TjPdfRenderer *tj_pdf_renderer_new              (void);
void           tj_pdf_renderer_add_layout       (TjPdfRenderer   *self,
                                                 PangoLayout     *layout);
void           tj_pdf_renderer_prepare          (TjPdfRenderer   *self);
guint          tj_pdf_renderer_get_n_subset     (TjPdfRenderer   *self);
void           tj_pdf_renderer_show_layout_line (TjPdfRenderer   *self,
                                                 cairo_t         *cr,
                                                 PangoLayoutLine *line);
void           tj_pdf_renderer_show_layout      (TjPdfRenderer   *self,
                                                 cairo_t         *cr,
                                                 PangoLayout     *layout);

G_END_DECLS
