/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* A parsed spreadsheet: rows of cells, with the 1-based line each row
 * started on (quoted cells may span lines), for error messages. */
typedef struct {
  GPtrArray *rows;   /* GStrv per row */
  GArray    *lines;  /* guint per row */
  char      *encoding; /* "UTF-8" or "GB18030" */
} TjCsv;

void   tj_csv_free   (TjCsv       *csv);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TjCsv, tj_csv_free)

/* Parses RFC 4180 CSV (comma, or tab when the first line has tabs and no
 * commas). The bytes may be UTF-8 (with or without BOM) or GBK/GB18030,
 * as Excel on a Chinese Windows writes it; anything else is refused with
 * TJ_ERROR_INVALID naming the line. Blank rows are dropped. */
TjCsv *tj_csv_parse  (const char  *data,
                      gsize        length,
                      GError     **error);

/* Index of the first header cell matching any of @names (case-insensitive,
 * spaces ignored), or -1. */
int    tj_csv_find_column (GStrv        header,
                           const char * const *names);

/* Header text as it is compared: lower case, without white space,
 * underscores, dashes, asterisks (required-field marks), colons or
 * bracketed units: "欠薪金额（元）" -> "欠薪金额". */
char  *tj_csv_fold_header (const char *text);

/* A spreadsheet a person chose to import: an .xlsx (its first sheet), CSV
 * or tab-separated text in UTF-8, GBK or Excel's UTF-16 "Unicode text".
 * Title lines without a separator above a tab-separated header are left
 * out, the line numbers kept. An old .xls is refused, naming @filename. */
TjCsv *tj_csv_read_sheet (const char  *data,
                          gsize        length,
                          const char  *filename,
                          GError     **error);

/* Cell @col of @row; NULL when the row is shorter or the cell empty. */
const char *tj_csv_cell (GStrv row,
                         int   col);

/* Whether the columns found in a row (@cols[field] or -1; @matched of
 * them found) make it the header. */
typedef gboolean (*TjCsvHeaderAccept) (const int *cols,
                                       int        matched);

/* The header among the first @max_rows rows: the first row @accept takes.
 * @names holds @n_fields lists of folded header names, each @stride
 * entries long and NULL-terminated when shorter (a `[N_FIELDS][stride]`
 * table). Fills @cols (@n_fields entries, -1 for a field not found) and
 * returns the row's index, or -1. */
int    tj_csv_find_header (TjCsv              *csv,
                           guint               max_rows,
                           const char * const *names,
                           guint               stride,
                           int                 n_fields,
                           TjCsvHeaderAccept   accept,
                           int                *cols);

/* The start of an import's preview (a roster, a bank's payment file):
 * "format" ("xlsx" or "csv"), "encoding", "header_row" (the header's
 * line) and "columns", the header's text for each field found (named by
 * @field_names; @cols as tj_csv_find_header() filled it). */
JsonObject *tj_csv_preview_new (TjCsv              *csv,
                                int                 header_index,
                                const int          *cols,
                                const char * const *field_names,
                                int                 n_fields);

/* The errors of an import, one JSON object a cell: row, column (the
 * header's text, or the field's name when the sheet has no such column),
 * field and message. */
typedef struct {
  JsonArray          *errors;
  GStrv               header;
  const int          *cols;
  const char * const *field_names;
  guint               n;
} TjCsvErrors;

void   tj_csv_errors_add     (TjCsvErrors *e,
                              guint        row,
                              int          field,
                              const char  *message);
/* Whether an import's preview may be written: FALSE when its "errors"
 * list any, with TJ_ERROR_INVALID naming them all ("Nothing was imported;
 * fix these rows: Row 3, 身份证号: …; …"). */
gboolean tj_csv_preview_check (JsonObject  *preview,
                               GError     **error);

G_END_DECLS
