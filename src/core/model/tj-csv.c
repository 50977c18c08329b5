/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Tiaojie-Model"

#include "tj-csv.h"
#include "tj-error.h"
#include "tj-i18n.h"

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

static char *
fold_header (const char *s)
{
  GString *out = g_string_new (NULL);
  g_autofree char *down = g_utf8_strdown (s, -1);
  for (const char *p = down; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      if (!g_unichar_isspace (c) && c != '_' && c != '-' && c != 0x3000 && c != '*')
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
    g_ptr_array_add (folded, fold_header (names[j]));
  for (guint i = 0; header && header[i]; i++)
    {
      g_autofree char *h = fold_header (header[i]);
      for (guint j = 0; j < folded->len; j++)
        if (g_strcmp0 (h, g_ptr_array_index (folded, j)) == 0)
          return (int) i;
    }
  return -1;
}
