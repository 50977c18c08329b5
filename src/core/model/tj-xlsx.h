/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "tj-csv.h"

G_BEGIN_DECLS

/*
 * A minimal, safe reader for Office Open XML workbooks (.xlsx), enough to
 * take in the rosters contractors send: the first worksheet's cells as
 * text. The zip is read with libarchive, the XML parts with libxml2
 * without network access and without entity expansion (a document with a
 * DTD is refused, the worksheet streamed with a SAX handler set of its
 * own), and both the unpacked size and what the cells expand to are
 * bounded (at most 1,024 columns, 2 million cells counting the empty ones
 * between filled ones, 64 MB of text; beyond that the file is refused
 * naming the sheet and cell), so a hostile file can neither crash the
 * reader nor exhaust memory.
 *
 * The result is a TjCsv so that code taking in spreadsheets treats both
 * formats alike: rows are the worksheet's non-empty rows, `lines` holds
 * each row's number as the spreadsheet shows it (1-based), missing cells
 * ("C5" after "A5") are empty strings, and `encoding` is "XLSX".
 *
 * Cell values: shared and inline strings as written (phonetic runs
 * dropped); numbers in their shortest exact decimal form ("12000",
 * "3500.45"); numbers in date-formatted cells as ISO dates "YYYY-MM-DD"
 * (1900 and 1904 date systems); booleans "TRUE"/"FALSE"; formulas by
 * their cached value.
 */

/* TRUE when @data starts like a zip archive (as every .xlsx does). */
gboolean  tj_xlsx_sniff            (const char  *data,
                                    gsize        length);

/* Reads the first worksheet (the first <sheet> of xl/workbook.xml).
 * TJ_ERROR_INVALID with a translated reason when the file is not a
 * readable workbook. */
TjCsv    *tj_xlsx_read_first_sheet (const char  *data,
                                    gsize        length,
                                    GError     **error);

/* An Excel date serial number (1900 system, with its fictitious
 * 1900-02-29) as an ISO date; NULL when out of range (before 1900-03-01
 * or after 9999-12-31). */
char     *tj_xlsx_serial_to_iso    (double       serial,
                                    gboolean     date1904);

G_END_DECLS
