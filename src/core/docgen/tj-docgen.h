/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <cairo.h>
#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "tj-error.h"

G_BEGIN_DECLS

/*
 * Document generation (issue 6): XML templates -> a laid-out document ->
 * PDF (cairo + pango), DOCX (WordprocessingML) or any cairo_t (printing).
 *
 * Templates are XML (see src/core/docgen/TEMPLATES.md for the language).
 * Built-in templates are compiled into the core as a GResource; a file
 * $XDG_DATA_HOME/tiaojie/templates/NAME.xml overrides the built-in NAME.
 *
 * The data a template sees is the *document model*, always built by
 * tj_docgen_model_from_case(), which copies only whitelisted public members:
 * caucus notes can never reach a document.
 *
 * Pipeline:
 *   tj_template_load() -> tj_docgen_evaluate() (TjDocument)
 *     -> tj_docgen_paginate() (TjPages) -> tj_pages_draw_page() / tj_pages_write_pdf()
 *     -> tj_document_to_docx()
 * The convenience functions tj_docgen_render_pdf() / _docx() do all steps.
 */

typedef struct _TjTemplate TjTemplate;
typedef struct _TjDocument TjDocument;
typedef struct _TjPages    TjPages;

/* ---- templates ---------------------------------------------------------- */

/**
 * tj_docgen_list_templates:
 *
 * Returns: (transfer full): [{"name", "title", "source": "builtin"|"custom",
 *   "path"}], sorted by name; a custom file that does not parse is listed
 *   with "error" (file, line and reason) instead of a title.
 */
JsonArray  *tj_docgen_list_templates  (GError     **error);

/* The directory of custom templates: $XDG_DATA_HOME/tiaojie/templates. */
char       *tj_docgen_custom_dir      (void);

/**
 * tj_template_load:
 * @name: a template name ("agreement"): letters, digits, "_" and "-"
 *
 * The custom template NAME.xml if there is one, else the built-in.
 * TJ_ERROR_NOT_FOUND for an unknown name; TJ_ERROR_INVALID naming the
 * file, line and reason for a broken template.
 */
TjTemplate *tj_template_load          (const char  *name,
                                       GError     **error);
/**
 * tj_template_get_data:
 * @name: a template name
 * @builtin: %TRUE for the built-in text even when a custom file overrides it
 *
 * The XML text of a template, for an organisation to copy and edit.
 */
GBytes     *tj_template_get_data      (const char  *name,
                                       gboolean     builtin,
                                       GError     **error);
TjTemplate *tj_template_new_from_file (const char  *path,
                                       GError     **error);
/* @file_name is used in messages only. */
TjTemplate *tj_template_new_from_data (const char  *data,
                                       gsize        length,
                                       const char  *file_name,
                                       GError     **error);
TjTemplate *tj_template_ref           (TjTemplate  *self);
void        tj_template_unref         (TjTemplate  *self);
const char *tj_template_get_name      (TjTemplate  *self);
const char *tj_template_get_title     (TjTemplate  *self);
/* "builtin" or "custom" (or "file"/"data" for the _new_ functions). */
const char *tj_template_get_source    (TjTemplate  *self);
const char *tj_template_get_file_name (TjTemplate  *self);

/* ---- the model ------------------------------------------------------------ */

/**
 * tj_docgen_model_from_case:
 * @input: the case as tj_case_show() returns it, with the extra members
 *   "settlement", "organisation", "agreement", "outcome" and "consultation"
 *   either at its top level or beside a "case" member:
 *   {"case": {…}, "settlement": {…}, …}
 * @error: TJ_ERROR_INVALID naming the member (e.g. a settlement whose
 *   installments do not add up to its total)
 *
 * Builds the scope a template sees: {"case", "settlement", "organisation",
 * "agreement", "outcome", "consultation"} holding only the known public
 * members (the case interchange fields, see tj-case.h). Everything else —
 * "notes", caucus "sessions", unknown members — is dropped. Adds derived
 * members: settlement.workers (each worker's agreed total, in case order,
 * with id_number) and settlement.installment_count.
 */
JsonObject *tj_docgen_model_from_case (JsonObject  *input,
                                       GError     **error);

/* ---- evaluation ------------------------------------------------------------ */

typedef struct {
  const char *today;   /* ISO date for doc.today; NULL = the real today */
} TjDocgenOptions;

/**
 * tj_docgen_evaluate:
 * @model: any model; it is passed through tj_docgen_model_from_case()
 *   first, so a template never sees non-public members
 * @options: (nullable)
 *
 * Fills the template. TJ_ERROR_INVALID for an unknown field (naming the
 * path, file and line), a value of the wrong kind for its format, or a bad
 * model.
 */
TjDocument *tj_docgen_evaluate        (TjTemplate             *tmpl,
                                       JsonObject             *model,
                                       const TjDocgenOptions  *options,
                                       GError                **error);
void        tj_document_free          (TjDocument  *doc);
const char *tj_document_get_title     (TjDocument  *doc);

/* ---- PDF and printing ---------------------------------------------------------- */

/**
 * tj_docgen_paginate:
 *
 * Lays the document out on A4 pages (points, 1/72 inch). Tables break
 * between rows with the header row repeated; a row taller than a page
 * breaks between lines. The result keeps its own fonts, so pages can be
 * drawn later from another thread (one at a time).
 */
TjPages    *tj_docgen_paginate        (TjDocument  *doc,
                                       GError     **error);
void        tj_pages_free             (TjPages     *pages);
guint       tj_pages_get_n_pages      (TjPages     *pages);
/* A4: 595.28 x 841.89 points. */
void        tj_pages_get_page_size    (TjPages     *pages,
                                       double      *width_pt,
                                       double      *height_pt);
/**
 * tj_pages_draw_page:
 * @cr: any cairo context whose user space is in points with the origin at
 *   the page's top-left corner (a PDF surface, an image surface scaled by
 *   dpi/72, or a GtkPrintContext's context with GTK_UNIT_POINTS and
 *   use-full-page)
 *
 * Draws page @index (0-based), including the "第 1 页 共 3 页" footer.
 */
void        tj_pages_draw_page        (TjPages     *pages,
                                       cairo_t     *cr,
                                       guint        index);
gboolean    tj_pages_write_pdf        (TjPages     *pages,
                                       const char  *path,
                                       GError     **error);
GBytes     *tj_pages_to_pdf_bytes     (TjPages     *pages,
                                       GError     **error);

/* ---- DOCX ---------------------------------------------------------------------- */

GBytes     *tj_document_to_docx       (TjDocument  *doc,
                                       GError     **error);

/* ---- all steps ------------------------------------------------------------------ */

GBytes     *tj_docgen_render_pdf      (TjTemplate             *tmpl,
                                       JsonObject             *model,
                                       const TjDocgenOptions  *options,
                                       GError                **error);
gboolean    tj_docgen_render_pdf_file (TjTemplate             *tmpl,
                                       JsonObject             *model,
                                       const TjDocgenOptions  *options,
                                       const char             *path,
                                       GError                **error);
GBytes     *tj_docgen_render_docx     (TjTemplate             *tmpl,
                                       JsonObject             *model,
                                       const TjDocgenOptions  *options,
                                       GError                **error);

typedef enum {
  TJ_DOCGEN_FORMAT_PDF,
  TJ_DOCGEN_FORMAT_DOCX,
} TjDocgenFormat;

/* tj_docgen_render_pdf() or _docx() as @format says: what
 * tj_docgen_render_async() runs in its thread, for a caller already off
 * the main thread (the repository's worker). */
GBytes     *tj_docgen_render          (TjTemplate             *tmpl,
                                       JsonObject             *model,
                                       const TjDocgenOptions  *options,
                                       TjDocgenFormat          format,
                                       GError                **error);
/* tj_docgen_evaluate() then tj_docgen_paginate(): what
 * tj_docgen_paginate_async() runs in its thread. */
TjPages    *tj_docgen_lay_out         (TjTemplate             *tmpl,
                                       JsonObject             *model,
                                       const TjDocgenOptions  *options,
                                       GError                **error);

/* ---- off the main thread ------------------------------------------------------- */

/**
 * tj_docgen_render_async:
 *
 * Evaluates and renders in a worker thread (GTask). @model is copied, so
 * the caller may change it afterwards. The result is the file's bytes.
 */
void        tj_docgen_render_async    (TjTemplate             *tmpl,
                                       JsonObject             *model,
                                       const TjDocgenOptions  *options,
                                       TjDocgenFormat          format,
                                       GCancellable           *cancellable,
                                       GAsyncReadyCallback     callback,
                                       gpointer                user_data);
GBytes     *tj_docgen_render_finish   (GAsyncResult           *result,
                                       GError                **error);

/**
 * tj_docgen_paginate_async:
 *
 * Evaluates and lays out in a worker thread, for a print preview or a
 * GtkPrintOperation: the pages are then drawn with tj_pages_draw_page()
 * on the main thread.
 */
void        tj_docgen_paginate_async  (TjTemplate             *tmpl,
                                       JsonObject             *model,
                                       const TjDocgenOptions  *options,
                                       GCancellable           *cancellable,
                                       GAsyncReadyCallback     callback,
                                       gpointer                user_data);
TjPages    *tj_docgen_paginate_finish (GAsyncResult           *result,
                                       GError                **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TjTemplate, tj_template_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TjDocument, tj_document_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TjPages, tj_pages_free)

G_END_DECLS
