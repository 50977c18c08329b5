/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Tiaojie-Model"

#include "tj-csv.h"
#include "tj-error.h"
#include "tj-i18n.h"
#include "tj-json.h"
#include "tj-xlsx.h"

#include <string.h>

void
tj_csv_free (TjCsv *csv)
{
  if (csv == NULL)
    return;
  g_ptr_array_unref (csv->rows);
  g_array_unref (csv->lines);
  g_free (csv->encoding);
  g_free (csv);
}

static char *
to_utf8 (const char  *data,
         gsize        length,
         char       **encoding,
         GError     **error)
{
  const char *end = NULL;

  if (length >= 3 && memcmp (data, "\xEF\xBB\xBF", 3) == 0)
    {
      data += 3;
      length -= 3;
    }
  {
    /* The parser stops at a NUL: everything after one would be dropped
     * without a word. No spreadsheet writes one into CSV text. */
    const char *nul = memchr (data, '\0', length);
    if (nul)
      {
        guint line = 1;
        for (const char *p = data; p < nul; p++)
          if (*p == '\n')
            line++;
        g_set_error (error, TJ_ERROR, TJ_ERROR_INVALID,
                     _("Line %u: the file contains a NUL byte, which CSV text never does; it is damaged or "
                       "not a CSV file (save it from the spreadsheet as CSV (UTF-8))"),
                     line);
        return NULL;
      }
  }
  if (g_utf8_validate_len (data, length, &end))
    {
      *encoding = g_strdup ("UTF-8");
      return g_strndup (data, length);
    }
  {
    g_autoptr(GError) local = NULL;
    gsize written = 0;
    char *converted = g_convert (data, length, "UTF-8", "GB18030", NULL, &written, &local);
    if (converted)
      {
        *encoding = g_strdup ("GB18030");
        return converted;
      }
  }
  {
    guint line = 1;
    for (const char *p = data; p < end; p++)
      if (*p == '\n')
        line++;
    g_set_error (error, TJ_ERROR, TJ_ERROR_INVALID,
                 _("Line %u: the file is neither UTF-8 nor GBK text; save it from the spreadsheet as CSV (UTF-8)"),
                 line);
  }
  return NULL;
}

TjCsv *
tj_csv_parse (const char  *data,
              gsize        length,
              GError     **error)
{
  g_autoptr(TjCsv) csv = g_new0 (TjCsv, 1);
  g_autofree char *text = NULL;
  g_autoptr(GPtrArray) row = NULL;
  g_autoptr(GString) cell = g_string_new (NULL);
  const char *p, *first_nl;
  char sep = ',';
  guint line = 1, row_line = 1;
  gboolean quoted = FALSE;

  csv->rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  csv->lines = g_array_new (FALSE, FALSE, sizeof (guint));
  text = to_utf8 (data, length, &csv->encoding, error);
  if (text == NULL)
    return NULL;

  first_nl = strchr (text, '\n');
  {
    g_autofree char *first = g_strndup (text, first_nl ? (gsize) (first_nl - text) : strlen (text));
    if (strchr (first, '\t') && !strchr (first, ','))
      sep = '\t';
  }

  row = g_ptr_array_new_with_free_func (g_free);
  for (p = text;; p++)
    {
      char c = *p;

      if (quoted)
        {
          if (c == '\0')
            {
              g_set_error (error, TJ_ERROR, TJ_ERROR_INVALID,
                           _("Line %u: a quoted cell is never closed"), row_line);
              return NULL;
            }
          if (c == '"' && p[1] == '"')
            {
              g_string_append_c (cell, '"');
              p++;
            }
          else if (c == '"')
            quoted = FALSE;
          else
            {
              if (c == '\n')
                line++;
              g_string_append_c (cell, c);
            }
          continue;
        }

      if (c == '"' && cell->len == 0)
        quoted = TRUE;
      else if (c == sep)
        {
          g_ptr_array_add (row, g_strstrip (g_strdup (cell->str)));
          g_string_truncate (cell, 0);
        }
      else if (c == '\n' || c == '\0')
        {
          if (cell->len > 0 && cell->str[cell->len - 1] == '\r')
            g_string_truncate (cell, cell->len - 1);
          g_ptr_array_add (row, g_strstrip (g_strdup (cell->str)));
          g_string_truncate (cell, 0);

          /* Keep rows that have any non-empty cell. */
          {
            gboolean any = FALSE;
            for (guint i = 0; i < row->len; i++)
              if (*(char *) g_ptr_array_index (row, i))
                any = TRUE;
            if (any)
              {
                g_ptr_array_add (row, NULL);
                g_ptr_array_add (csv->rows, g_ptr_array_free (row, FALSE));
                g_array_append_val (csv->lines, row_line);
                row = g_ptr_array_new_with_free_func (g_free);
              }
            else
              g_ptr_array_set_size (row, 0);
          }
          if (c == '\0')
            break;
          line++;
          row_line = line;
        }
      else
        g_string_append_c (cell, c);
    }
  return g_steal_pointer (&csv);
}

char *
tj_csv_fold_header (const char *text)
{
  GString *out = g_string_new (NULL);
  g_autofree char *down = g_utf8_strdown (text, -1);
  int depth = 0;

  for (const char *p = down; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      if (c == '(' || c == 0xFF08 || c == '[' || c == 0x3010)
        depth++;
      else if (c == ')' || c == 0xFF09 || c == ']' || c == 0x3011)
        depth = MAX (depth - 1, 0);
      else if (depth == 0 && !g_unichar_isspace (c) && c != '_' && c != '-' && c != 0x3000 &&
               c != '*' && c != ':' && c != 0xFF1A)
        g_string_append_unichar (out, c);
    }
  return g_string_free (out, FALSE);
}

int
tj_csv_find_column (GStrv               header,
                    const char * const *names)
{
  g_autoptr(GPtrArray) folded = g_ptr_array_new_with_free_func (g_free);

  /* Each name folded once, not once per header cell. */
  for (guint j = 0; names[j]; j++)
    g_ptr_array_add (folded, tj_csv_fold_header (names[j]));
  for (guint i = 0; header && header[i]; i++)
    {
      g_autofree char *h = tj_csv_fold_header (header[i]);
      for (guint j = 0; j < folded->len; j++)
        if (g_strcmp0 (h, g_ptr_array_index (folded, j)) == 0)
          return (int) i;
    }
  return -1;
}

const char *
tj_csv_cell (GStrv row,
             int   col)
{
  if (col < 0)
    return NULL;
  for (int i = 0; i <= col; i++)
    if (row[i] == NULL)
      return NULL;
  return *row[col] ? row[col] : NULL;
}

int
tj_csv_find_header (TjCsv              *csv,
                    guint               max_rows,
                    const char * const *names,
                    guint               stride,
                    int                 n_fields,
                    TjCsvHeaderAccept   accept,
                    int                *cols)
{
  for (guint r = 0; r < csv->rows->len && r < max_rows; r++)
    {
      GStrv row = g_ptr_array_index (csv->rows, r);
      int matched = 0;

      for (int f = 0; f < n_fields; f++)
        cols[f] = -1;
      for (int c = 0; row[c]; c++)
        {
          g_autofree char *h = tj_csv_fold_header (row[c]);
          for (int f = 0; f < n_fields; f++)
            {
              const char * const *list = names + (gsize) f * stride;
              gboolean hit = FALSE;
              for (guint i = 0; i < stride && list[i] && !hit; i++)
                hit = g_str_equal (h, list[i]);
              if (hit)
                {
                  if (cols[f] < 0)
                    {
                      cols[f] = c;
                      matched++;
                    }
                  break;
                }
            }
        }
      if (accept (cols, matched))
        return (int) r;
    }
  return -1;
}

/* CSV or tab-separated text. tj_csv_parse() picks tabs when the first
 * line has them, but title lines above the header have no separator at
 * all: they are left out of the parse (and the line numbers put right). */
static TjCsv *
parse_text (const char  *data,
            gsize        length,
            GError     **error)
{
  const char *end = data + length;
  const char *p = data;
  guint skipped = 0;
  TjCsv *csv;

  if (memchr (data, '\t', length) != NULL)
    while (p < end)
      {
        const char *nl = memchr (p, '\n', end - p);
        const char *line_end = nl ? nl : end;
        if (memchr (p, '\t', line_end - p) || memchr (p, ',', line_end - p) || nl == NULL)
          break;
        p = nl + 1;
        skipped++;
      }
  if (skipped == 0)
    return tj_csv_parse (data, length, error);
  csv = tj_csv_parse (p, end - p, error);
  for (guint i = 0; csv && i < csv->lines->len; i++)
    g_array_index (csv->lines, guint, i) += skipped;
  return csv;
}

TjCsv *
tj_csv_read_sheet (const char  *data,
                   gsize        length,
                   const char  *filename,
                   GError     **error)
{
  if (tj_xlsx_sniff (data, length))
    return tj_xlsx_read_first_sheet (data, length, error);
  if (length >= 8 && memcmp (data, "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8) == 0)
    {
      /* The binary format of Excel 97–2003 (.xls). */
      g_set_error (error, TJ_ERROR, TJ_ERROR_INVALID,
                   _("%s is an old Excel file (.xls); open it and save it as .xlsx or CSV first"),
                   filename ? filename : _("The file"));
      return NULL;
    }
  if (length >= 2 && (memcmp (data, "\xFF\xFE", 2) == 0 || memcmp (data, "\xFE\xFF", 2) == 0))
    {
      /* Excel's "Unicode text": UTF-16 with a byte-order mark. */
      g_autoptr(GError) local = NULL;
      gsize written = 0;
      g_autofree char *utf8 = g_convert (data + 2, length - 2, "UTF-8",
                                         data[0] == '\xFF' ? "UTF-16LE" : "UTF-16BE", NULL, &written, &local);
      if (utf8 == NULL)
        {
          g_set_error (error, TJ_ERROR, TJ_ERROR_INVALID,
                       _("The file looks like Unicode text (UTF-16) but cannot be read: %s"), local->message);
          return NULL;
        }
      return parse_text (utf8, written, error);
    }
  return parse_text (data, length, error);
}

JsonObject *
tj_csv_preview_new (TjCsv              *csv,
                    int                 header_index,
                    const int          *cols,
                    const char * const *field_names,
                    int                 n_fields)
{
  GStrv header = g_ptr_array_index (csv->rows, header_index);
  JsonObject *out = json_object_new ();
  JsonObject *columns = json_object_new ();

  json_object_set_string_member (out, "format", g_str_equal (csv->encoding, "XLSX") ? "xlsx" : "csv");
  json_object_set_string_member (out, "encoding", csv->encoding);
  json_object_set_int_member (out, "header_row", g_array_index (csv->lines, guint, header_index));
  for (int f = 0; f < n_fields; f++)
    if (cols[f] >= 0)
      json_object_set_string_member (columns, field_names[f], header[cols[f]]);
  json_object_set_object_member (out, "columns", columns);
  return out;
}

void
tj_csv_errors_add (TjCsvErrors *e,
                   guint        row,
                   int          field,
                   const char  *message)
{
  JsonObject *o = json_object_new ();
  const char *column = e->cols[field] >= 0 ? e->header[e->cols[field]] : e->field_names[field];

  json_object_set_int_member (o, "row", row);
  json_object_set_string_member (o, "column", column);
  json_object_set_string_member (o, "field", e->field_names[field]);
  json_object_set_string_member (o, "message", message);
  json_array_add_object_element (e->errors, o);
  e->n++;
}

static char *
errors_message (JsonArray *errors)
{
  GString *msg = g_string_new (_("Nothing was imported; fix these rows: "));

  for (guint i = 0; i < json_array_get_length (errors); i++)
    {
      JsonObject *o = json_array_get_object_element (errors, i);
      g_autofree char *one = g_strdup_printf (_("Row %u, %s: %s"),
                                              (guint) tj_json_get_int (o, "row", 0),
                                              tj_json_get_string (o, "column", ""),
                                              tj_json_get_string (o, "message", ""));
      g_string_append_printf (msg, "%s%s", i ? "; " : "", one);
    }
  return g_string_free (msg, FALSE);
}

gboolean
tj_csv_preview_check (JsonObject  *preview,
                      GError     **error)
{
  JsonArray *errors = tj_json_get_array (preview, "errors");
  g_autofree char *msg = NULL;

  if (errors == NULL || json_array_get_length (errors) == 0)
    return TRUE;
  msg = errors_message (errors);
  g_set_error_literal (error, TJ_ERROR, TJ_ERROR_INVALID, msg);
  return FALSE;
}
