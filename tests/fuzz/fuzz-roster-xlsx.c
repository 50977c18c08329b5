/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A roster as an Excel workbook, through the real path (tj_roster_preview()
 * then tj_roster_import()).
 *
 * An input starting with "PK" is taken as the .xlsx file itself, which
 * exercises the zip reader. Anything else is a list of parts that is first
 * packed into a zip (stored, so that the XML is what the fuzzer mutates
 * rather than deflate bits or checksums):
 *
 *   --- xl/workbook.xml
 *   <workbook …>…</workbook>
 *   --- xl/worksheets/sheet1.xml
 *   …
 */
#define G_LOG_DOMAIN "Tiaojie-Fuzz"

#include <archive.h>
#include <archive_entry.h>
#include <string.h>

#include "tj-fuzz.h"
#include "tj-json.h"
#include "tj-roster.h"

static la_ssize_t
write_cb (struct archive *a,
          void           *user_data,
          const void     *buffer,
          size_t          length)
{
  g_byte_array_append (user_data, buffer, (guint) length);
  return (la_ssize_t) length;
}

static void
add_part (struct archive *a,
          const char     *name,
          gsize           name_len,
          const char     *body,
          gsize           body_len)
{
  struct archive_entry *e = archive_entry_new ();
  g_autofree char *path = g_strndup (name, name_len);

  archive_entry_set_pathname (e, *path ? path : "-");
  archive_entry_set_size (e, (la_int64_t) body_len);
  archive_entry_set_filetype (e, AE_IFREG);
  archive_entry_set_perm (e, 0644);
  if (archive_write_header (a, e) == ARCHIVE_OK && body_len > 0)
    archive_write_data (a, body, body_len);
  archive_entry_free (e);
}

/* The parts container to a zip, in memory. */
static GByteArray *
pack (const char *data,
      gsize       size)
{
  GByteArray *out = g_byte_array_new ();
  struct archive *a = archive_write_new ();
  const char *end = data + size;
  const char *p = data;

  archive_write_set_format_zip (a);
  archive_write_zip_set_compression_store (a);
  archive_write_set_bytes_per_block (a, 0);
  archive_write_open (a, out, NULL, write_cb, NULL);
  while (p < end)
    {
      const char *name, *name_end, *body, *next;

      /* "--- NAME\n" starts a part; its body runs to the next "\n--- ". */
      if (end - p < 4 || memcmp (p, "--- ", 4) != 0)
        break;
      name = p + 4;
      name_end = memchr (name, '\n', end - name);
      if (name_end == NULL)
        break;
      body = name_end + 1;
      next = body;
      while (next < end)
        {
          const char *nl = memchr (next, '\n', end - next);
          if (nl == NULL)
            {
              next = end;
              break;
            }
          if (end - nl >= 5 && memcmp (nl + 1, "--- ", 4) == 0)
            {
              next = nl;
              break;
            }
          next = nl + 1;
        }
      add_part (a, name, name_end - name, body, next - body);
      p = next < end ? next + 1 : end;
    }
  archive_write_close (a);
  archive_write_free (a);
  return out;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) preview = NULL;
  g_autoptr(JsonObject) imported = NULL;
  g_autoptr(GByteArray) packed = NULL;
  const char *file = (const char *) data;
  gsize length = size;
  TjStore *store;

  tj_fuzz_init ();
  store = tj_fuzz_store ();
  if (size < 2 || memcmp (data, "PK", 2) != 0)
    {
      packed = pack ((const char *) data, size);
      file = (const char *) packed->data;
      length = packed->len;
    }

  tj_fuzz_begin ();
  preview = tj_roster_preview (store, tj_fuzz_case_id (), file, length, "roster.xlsx", &error);
  if (preview == NULL)
    tj_fuzz_check_error (error);
  else
    {
      g_autoptr(JsonNode) node = json_node_init_object (json_node_alloc (), preview);
      JsonObject *totals = tj_json_get_object (preview, "totals");

      tj_fuzz_check_utf8 (node);
      g_assert_cmpint (tj_json_get_int (totals, "owed_fen", -1), >=, 0);
      imported = tj_roster_import (store, tj_fuzz_context (), tj_fuzz_case_id (), file, length,
                                   "roster.xlsx", &error);
      if (imported == NULL)
        tj_fuzz_check_error (error);
      else
        g_assert_cmpint (tj_json_get_int (imported, "imported", -1), ==,
                         tj_json_get_int (totals, "valid", -2));
    }
  tj_fuzz_end ();
  return 0;
}
