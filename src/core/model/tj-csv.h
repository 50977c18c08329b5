/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

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

G_END_DECLS
