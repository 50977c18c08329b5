/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "tj-case.h"
#include "tj-docgen.h"
#include "tj-store.h"

G_BEGIN_DECLS

/*
 * The papers of a case (issue 6): documents generated from the case's own
 * data with the docgen templates and kept on the case.
 *
 * Each generated file is a `paper` document:
 *   {"type": "paper", "case_id", "template", "title", "format": "pdf"|"docx",
 *    "version", "sha256" (of the file), "length", "filename",
 *    "generated_at", "generated_by", "dated" (the date printed as today),
 *    "input_hash" (of the model and the template text it was made from),
 *    "settlement_id", "settlement_rev", "signed", "signed_at", "signed_by",
 *    "scans": [{"name", "filename", "content_type", "length", "added_at"}]}
 * with attachments: the file (named "filename"), "model.json" (the
 * whitelisted document model, tj_docgen_model_from_case()) and
 * "template.xml" (the template text), so a stored version can be shown
 * and printed again exactly as it was made, and the signed scans.
 *
 * Versions count per case and template; the PDF and the DOCX made from
 * the same data share a version number. Regenerating when nothing changed
 * returns the existing unsigned version; otherwise a new version is made.
 * A signed version is never rewritten except to add another scan, and
 * never deleted.
 *
 * Every function is synchronous and runs on the thread of the @store it
 * is given, reading, rendering and writing there: the GUI calls them on
 * the repository's worker (tj_repository_run_async()) with the worker's
 * connection, the CLI on its own. What each costs for a 72-worker
 * agreement (tens of milliseconds) is printed by tests/bench/bench-docgen.
 */

/**
 * tj_papers_model:
 * @ctx: today, the actor and the early-warning thresholds
 * @organisation: (nullable): {"name", "mediator", "address", "phone",
 *   "court", "arbitration_commission"} from the preferences; "mediator"
 *   defaults to @ctx->actor
 *
 * The input of tj_docgen_model_from_case() for the case: {"case"
 * (tj_case_show()), "settlement" (when there is one), "organisation",
 * "agreement" {number, signed_on, effective_on, copies}, "outcome" (failed
 * or referred cases: reason from the timeline, ended_on, the arbitration
 * limitation), "consultation" (when the case came from one)}. Day counts
 * ("days_left") are left out: a paper must not change from one day to
 * the next.
 */
JsonObject *tj_papers_model          (TjStore             *store,
                                      const TjCaseContext *ctx,
                                      JsonObject          *organisation,
                                      const char          *case_id,
                                      GError             **error);

/**
 * tj_papers_generate:
 * @template_name: a template name (tj_docgen_list_templates())
 * @format: "pdf" or "docx"
 *
 * Renders the paper and stores it on the case (see above), with a
 * "paper_generated" timeline event when a new version was made.
 *
 * Returns: the paper as tj_papers_list() gives it, plus "reused": whether
 * an existing version was returned.
 */
JsonObject *tj_papers_generate       (TjStore             *store,
                                      const TjCaseContext *ctx,
                                      JsonObject          *organisation,
                                      const char          *case_id,
                                      const char          *template_name,
                                      const char          *format,
                                      GError             **error);

/* The papers of a case, newest first: [{"id", "template", "title",
 * "format", "version", "sha256", "length", "filename", "generated_at",
 * "dated", "settlement_rev", "signed", "signed_at", "scans"}]. */
JsonArray  *tj_papers_list           (TjStore             *store,
                                      const char          *case_id,
                                      GError             **error);

/* One paper as tj_papers_list() gives it. */
JsonObject *tj_papers_get            (TjStore             *store,
                                      const char          *paper_id,
                                      GError             **error);

/* The generated file. */
GBytes     *tj_papers_get_file       (TjStore             *store,
                                      const char          *paper_id,
                                      char               **out_filename,
                                      char               **out_content_type,
                                      GError             **error);

/**
 * tj_papers_attach_signed:
 *
 * Attaches a scan or photo of the signed paper to that version and marks
 * it signed (a "paper_signed" timeline event). More scans may be added
 * later (several pages); none is ever replaced. TJ_ERROR_INVALID for an
 * empty file or a content type that is not an image or a PDF.
 *
 * Returns: the paper as tj_papers_list() gives it.
 */
JsonObject *tj_papers_attach_signed  (TjStore             *store,
                                      const TjCaseContext *ctx,
                                      const char          *paper_id,
                                      GBytes              *scan,
                                      const char          *filename,
                                      const char          *content_type,
                                      GError             **error);

/**
 * tj_papers_paginate:
 * @cancellable: (nullable): checked before the store is read and before
 *   the layout; G_IO_ERROR_CANCELLED then
 *
 * Lays out a stored version again from the model and template text it was
 * made from, for a preview or a GtkPrintOperation: the pages are exactly
 * those of the stored file. They may be drawn on another thread than the
 * one that laid them out (one at a time).
 */
TjPages    *tj_papers_paginate       (TjStore             *store,
                                      const char          *paper_id,
                                      GCancellable        *cancellable,
                                      GError             **error);

/**
 * tj_papers_export:
 * @format: "pdf" or "docx"
 * @cancellable: (nullable): as for tj_papers_paginate()
 *
 * The file of a stored version in @format: the stored file itself when
 * it has that format, otherwise rendered from the model and template
 * text that version was made from.
 */
GBytes     *tj_papers_export         (TjStore             *store,
                                      const char          *paper_id,
                                      const char          *format,
                                      GCancellable        *cancellable,
                                      GError             **error);

/**
 * tj_papers_record_output:
 * @action: TJ_AUDIT_EXPORT (a file written) or TJ_AUDIT_PRINT
 *
 * Records in the access log (tj-audit.h) that the stored version
 * @paper_id left the program: who, when, which paper of which case, and
 * whether it carries ID numbers in full (the papers whose law asks for
 * them: the agreement, the applications, the roster for the bank…).
 */
gboolean    tj_papers_record_output  (TjStore             *store,
                                      const TjCaseContext *ctx,
                                      const char          *paper_id,
                                      const char          *action,
                                      GError             **error);

G_END_DECLS
