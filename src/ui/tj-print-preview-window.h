/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "tj-docgen.h"

G_BEGIN_DECLS

#define TJ_TYPE_PRINT_PREVIEW_WINDOW (tj_print_preview_window_get_type ())
G_DECLARE_FINAL_TYPE (TjPrintPreviewWindow, tj_print_preview_window, TJ, PRINT_PREVIEW_WINDOW, AdwWindow)

/* Shows @pages (the window takes them over) one at a time, as they will
 * be printed, with page navigation, zoom and a Print button. */
TjPrintPreviewWindow *tj_print_preview_window_new          (GtkWindow            *parent,
                                                            TjPages              *pages,
                                                            const char           *title);
guint                 tj_print_preview_window_get_n_pages  (TjPrintPreviewWindow *self);
guint                 tj_print_preview_window_get_page     (TjPrintPreviewWindow *self);
void                  tj_print_preview_window_set_page     (TjPrintPreviewWindow *self,
                                                            guint                 page);
TjPages              *tj_print_preview_window_get_pages    (TjPrintPreviewWindow *self);

/**
 * tj_print_pages:
 * @action: GTK_PRINT_OPERATION_ACTION_PRINT_DIALOG for the user,
 *   GTK_PRINT_OPERATION_ACTION_EXPORT with @export_filename to write a PDF
 *
 * Prints @pages with a GtkPrintOperation on A4 that draws each page with
 * tj_pages_draw_page(), the same drawing as the preview and the PDF.
 */
GtkPrintOperationResult tj_print_pages (GtkWindow               *parent,
                                        TjPages                 *pages,
                                        const char              *job_name,
                                        GtkPrintOperationAction  action,
                                        const char              *export_filename,
                                        GError                 **error);

G_END_DECLS
