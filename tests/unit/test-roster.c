/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Rosters: CSV (UTF-8, GBK) and .xlsx, header detection, per-row errors,
 * all-or-nothing import of a 72-worker roster. */

#include <archive.h>
#include <archive_entry.h>
#include <glib/gstdio.h>
#include <stdlib.h>
#include <string.h>

#include "tj-case.h"
#include "tj-csv.h"
#include "tj-json.h"
#include "tj-money.h"
#include "tj-roster.h"
#include "tj-test-store.h"
#include "tj-test-util.h"
#include "tj-xlsx.h"

typedef struct {
  char          *dir;
  char          *path;
  TjStore       *store;
  TjCaseContext  ctx;
  char          *case_id;
} Fixture;

/* A valid GB 11643 number from region, birth date and sequence. */
static char *
make_id (const char *region,
         const char *birth,
         guint       seq)
{
  g_autofree char *body = g_strdup_printf ("%s%s%03u", region, birth, seq % 1000);

  return tj_test_id_number (body);
}

/* The same number with a wrong check character. */
static char *
break_id (const char *id)
{
  char *bad = g_strdup (id);
  bad[17] = bad[17] == '0' ? '1' : '0';
  return bad;
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) input = NULL;
  g_autoptr(JsonObject) added = NULL;
  g_autofree char *existing = make_id ("110105", "19700101", 901);
  g_autofree char *json = g_strdup_printf (
    "{\"title\":\"城南工地农民工欠薪\",\"kind\":\"wage_arrears\",\"source\":\"hotline\","
    "\"received_on\":\"2026-11-16\",\"employer\":{\"name\":\"华建劳务有限公司\"},"
    "\"workers\":[{\"name\":\"赵六\",\"id_number\":\"%s\",\"owed_fen\":300000}],"
    "\"claims\":[{\"kind\":\"wages\",\"amount_fen\":300000}]}", existing);

  f->store = tj_test_store_open_tmp ("tj-roster-XXXXXX", "roster.db", &f->dir, &f->path);
  g_assert_true (tj_case_attach (f->store, &error));
  tj_test_case_context_init (&f->ctx);

  input = tj_json_parse_object (json, -1, &error);
  g_assert_no_error (error);
  added = tj_case_add (f->store, &f->ctx, input, &error);
  g_assert_no_error (error);
  f->case_id = g_strdup (tj_json_get_string (added, "id", NULL));
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  tj_test_store_close (&f->store, &f->dir, &f->path);
  g_free (f->case_id);
}

static guint
case_workers (Fixture *f,
              gint64  *owed)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) shown = tj_case_show (f->store, &f->ctx, f->case_id, &error);
  JsonObject *totals;

  g_assert_no_error (error);
  totals = tj_json_get_object (shown, "totals");
  if (owed)
    *owed = tj_json_get_int (totals, "owed_fen", -1);
  return (guint) tj_json_get_int (totals, "workers", -1);
}

static JsonObject *
error_at (JsonObject *preview,
          guint       row,
          const char *field)
{
  JsonArray *errors = tj_json_get_array (preview, "errors");

  for (guint i = 0; i < json_array_get_length (errors); i++)
    {
      JsonObject *e = json_array_get_object_element (errors, i);
      if (tj_json_get_int (e, "row", 0) == row && g_strcmp0 (tj_json_get_string (e, "field", NULL), field) == 0)
        return e;
    }
  return NULL;
}

/* ------------------------------------------------------------------ */
/* A minimal .xlsx, written part by part as Excel lays it out.          */

typedef struct {
  GString    *sheet;
  GPtrArray  *strings;
  GHashTable *index;
} Xlsx;

static Xlsx *
xlsx_new (void)
{
  Xlsx *x = g_new0 (Xlsx, 1);
  x->sheet = g_string_new (NULL);
  x->strings = g_ptr_array_new_with_free_func (g_free);
  x->index = g_hash_table_new (g_str_hash, g_str_equal);
  return x;
}

static void
xlsx_row (Xlsx *x,
          guint r)
{
  if (x->sheet->len > 0)
    g_string_append (x->sheet, "</row>");
  g_string_append_printf (x->sheet, "<row r=\"%u\">", r);
}

/* A shared string: the usual way Excel stores text. */
static void
xlsx_text (Xlsx       *x,
           const char *ref,
           const char *text)
{
  gpointer found;
  guint i;
  g_autofree char *escaped = g_markup_escape_text (text, -1);

  if (g_hash_table_lookup_extended (x->index, escaped, NULL, &found))
    i = GPOINTER_TO_UINT (found);
  else
    {
      i = x->strings->len;
      g_ptr_array_add (x->strings, g_strdup (escaped));
      g_hash_table_insert (x->index, g_ptr_array_index (x->strings, i), GUINT_TO_POINTER (i));
    }
  g_string_append_printf (x->sheet, "<c r=\"%s\" t=\"s\"><v>%u</v></c>", ref, i);
}

static void
xlsx_inline (Xlsx       *x,
             const char *ref,
             const char *text)
{
  g_autofree char *escaped = g_markup_escape_text (text, -1);
  g_string_append_printf (x->sheet, "<c r=\"%s\" t=\"inlineStr\"><is><t>%s</t></is></c>", ref, escaped);
}

/* @style 1: built-in date format 14; 2: a custom 年月日 format. */
static void
xlsx_number (Xlsx       *x,
             const char *ref,
             const char *value,
             int         style)
{
  if (style)
    g_string_append_printf (x->sheet, "<c r=\"%s\" s=\"%d\"><v>%s</v></c>", ref, style, value);
  else
    g_string_append_printf (x->sheet, "<c r=\"%s\"><v>%s</v></c>", ref, value);
}

static la_ssize_t
write_cb (struct archive *a,
          void           *data,
          const void     *buffer,
          size_t          length)
{
  g_byte_array_append (data, buffer, length);
  return (la_ssize_t) length;
}

static void
zip_add (struct archive *a,
         const char     *name,
         const char     *text)
{
  struct archive_entry *e = archive_entry_new ();
  archive_entry_set_pathname (e, name);
  archive_entry_set_size (e, strlen (text));
  archive_entry_set_filetype (e, AE_IFREG);
  archive_entry_set_perm (e, 0644);
  g_assert_cmpint (archive_write_header (a, e), ==, ARCHIVE_OK);
  g_assert_cmpint (archive_write_data (a, text, strlen (text)), ==, (la_ssize_t) strlen (text));
  archive_entry_free (e);
}

#define NS_MAIN "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
#define NS_R "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
#define NS_PKG_R "http://schemas.openxmlformats.org/package/2006/relationships"

/* The roster is the FIRST sheet but stored as sheet2.xml, behind a
 * notes sheet in sheet1.xml: the reader must follow workbook.xml and its
 * relationships, not guess a file name. */
static GBytes *
xlsx_finish (Xlsx *x)
{
  struct archive *a = archive_write_new ();
  GByteArray *out = g_byte_array_new ();
  g_autoptr(GString) sst = g_string_new (NULL);
  g_autofree char *sheet = NULL;

  g_string_append (x->sheet, "</row>");
  sheet = g_strdup_printf ("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
                           "<worksheet xmlns=\"" NS_MAIN "\" xmlns:r=\"" NS_R "\">"
                           "<sheetData>%s</sheetData></worksheet>", x->sheet->str);
  g_string_append_printf (sst, "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
                          "<sst xmlns=\"" NS_MAIN "\" count=\"%u\" uniqueCount=\"%u\">",
                          x->strings->len, x->strings->len);
  for (guint i = 0; i < x->strings->len; i++)
    g_string_append_printf (sst, "<si><t>%s</t></si>", (char *) g_ptr_array_index (x->strings, i));
  g_string_append (sst, "</sst>");

  archive_write_set_format_zip (a);
  archive_write_set_bytes_per_block (a, 0);
  g_assert_cmpint (archive_write_open (a, out, NULL, write_cb, NULL), ==, ARCHIVE_OK);
  zip_add (a, "[Content_Types].xml",
           "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
           "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
           "<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
           "<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
           "<Override PartName=\"/xl/workbook.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml\"/>"
           "<Override PartName=\"/xl/worksheets/sheet1.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/>"
           "<Override PartName=\"/xl/worksheets/sheet2.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/>"
           "<Override PartName=\"/xl/strings/shared.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml\"/>"
           "<Override PartName=\"/xl/styles.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml\"/>"
           "</Types>");
  zip_add (a, "_rels/.rels",
           "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
           "<Relationships xmlns=\"" NS_PKG_R "\">"
           "<Relationship Id=\"rId1\" Type=\"" NS_R "/officeDocument\" Target=\"xl/workbook.xml\"/>"
           "</Relationships>");
  zip_add (a, "xl/workbook.xml",
           "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
           "<workbook xmlns=\"" NS_MAIN "\" xmlns:r=\"" NS_R "\"><sheets>"
           "<sheet name=\"工资表\" sheetId=\"2\" r:id=\"rId2\"/>"
           "<sheet name=\"说明\" sheetId=\"1\" r:id=\"rId1\"/>"
           "</sheets></workbook>");
  zip_add (a, "xl/_rels/workbook.xml.rels",
           "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
           "<Relationships xmlns=\"" NS_PKG_R "\">"
           "<Relationship Id=\"rId1\" Type=\"" NS_R "/worksheet\" Target=\"worksheets/sheet1.xml\"/>"
           "<Relationship Id=\"rId2\" Type=\"" NS_R "/worksheet\" Target=\"/xl/worksheets/sheet2.xml\"/>"
           "<Relationship Id=\"rId3\" Type=\"" NS_R "/styles\" Target=\"styles.xml\"/>"
           "<Relationship Id=\"rId4\" Type=\"" NS_R "/sharedStrings\" Target=\"strings/shared.xml\"/>"
           "</Relationships>");
  zip_add (a, "xl/styles.xml",
           "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
           "<styleSheet xmlns=\"" NS_MAIN "\">"
           "<numFmts count=\"1\"><numFmt numFmtId=\"164\" formatCode=\"yyyy&quot;年&quot;m&quot;月&quot;d&quot;日&quot;\"/></numFmts>"
           "<fonts count=\"1\"><font><sz val=\"11\"/><name val=\"宋体\"/></font></fonts>"
           "<fills count=\"1\"><fill><patternFill patternType=\"none\"/></fill></fills>"
           "<borders count=\"1\"><border><left/><right/><top/><bottom/><diagonal/></border></borders>"
           "<cellStyleXfs count=\"1\"><xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\"/></cellStyleXfs>"
           "<cellXfs count=\"3\"><xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\"/>"
           "<xf numFmtId=\"14\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\" applyNumberFormat=\"1\"/>"
           "<xf numFmtId=\"164\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\" applyNumberFormat=\"1\"/></cellXfs>"
           "</styleSheet>");
  zip_add (a, "xl/worksheets/sheet1.xml",
           "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
           "<worksheet xmlns=\"" NS_MAIN "\"><sheetData><row r=\"1\"><c r=\"A1\" t=\"inlineStr\">"
           "<is><t>姓名 说明：本表由总包单位提供</t></is></c></row></sheetData></worksheet>");
  zip_add (a, "xl/worksheets/sheet2.xml", sheet);
  /* Not the usual name: found through the relationships. */
  zip_add (a, "xl/strings/shared.xml", sst->str);
  g_assert_cmpint (archive_write_close (a), ==, ARCHIVE_OK);
  archive_write_free (a);

  g_string_free (x->sheet, TRUE);
  g_ptr_array_unref (x->strings);
  g_hash_table_unref (x->index);
  g_free (x);
  return g_byte_array_free_to_bytes (out);
}

static GBytes *
small_xlsx (char **id_zhang,
            char **id_wang,
            char **id_li)
{
  Xlsx *x = xlsx_new ();
  *id_zhang = make_id ("110105", "19850312", 11);
  *id_wang = make_id ("320102", "19900101", 22);
  *id_li = make_id ("440301", "19781130", 33);

  xlsx_row (x, 1);
  xlsx_text (x, "A1", "城南工地农民工工资表（2026年10月）");
  /* Row 2 is empty (absent), row 3 is the header. */
  xlsx_row (x, 3);
  xlsx_text (x, "A3", "序号");
  xlsx_text (x, "B3", "姓名");
  xlsx_text (x, "C3", "身份证号码");
  xlsx_text (x, "D3", "联系电话");
  xlsx_text (x, "E3", "工种");
  xlsx_text (x, "F3", "入职日期");
  xlsx_text (x, "G3", "月工资（元）");
  xlsx_text (x, "H3", "欠薪金额（元）");
  xlsx_row (x, 4);
  xlsx_number (x, "A4", "1", 0);
  xlsx_text (x, "B4", "张三");
  xlsx_text (x, "C4", *id_zhang);
  xlsx_text (x, "D4", "13812345678");
  xlsx_text (x, "E4", "木工");
  xlsx_number (x, "F4", "45352", 1);  /* 2024-03-01, format 14 */
  xlsx_number (x, "G4", "8000", 0);
  xlsx_text (x, "H4", "1.2万");
  xlsx_row (x, 5);
  xlsx_number (x, "A5", "2", 0);
  xlsx_inline (x, "B5", "王伟");
  xlsx_text (x, "C5", *id_wang);
  /* No D5: the phone is missing. */
  xlsx_text (x, "E5", "钢筋工");
  xlsx_number (x, "F5", "45418", 2);  /* 2024-05-06, custom 年月日 format */
  xlsx_number (x, "G5", "7500", 0);
  xlsx_number (x, "H5", "9800.5", 0);
  xlsx_row (x, 6);
  xlsx_number (x, "A6", "3", 0);
  xlsx_text (x, "B6", "李娜");
  xlsx_text (x, "C6", *id_li);
  /* Straight from C6 to H6: D–G are missing. */
  xlsx_number (x, "H6", "3500.4499999999998", 0);
  return xlsx_finish (x);
}

/* ------------------------------------------------------------------ */

static void
test_xlsx_reader (void)
{
  g_autofree char *a = NULL, *b = NULL, *c = NULL;
  g_autoptr(GBytes) bytes = small_xlsx (&a, &b, &c);
  g_autoptr(GError) error = NULL;
  gsize len;
  const char *data = g_bytes_get_data (bytes, &len);
  g_autoptr(TjCsv) sheet = tj_xlsx_read_first_sheet (data, len, &error);
  GStrv row;

  g_assert_no_error (error);
  g_assert_cmpstr (sheet->encoding, ==, "XLSX");
  g_assert_cmpuint (sheet->rows->len, ==, 5);
  g_assert_cmpuint (g_array_index (sheet->lines, guint, 0), ==, 1);
  g_assert_cmpuint (g_array_index (sheet->lines, guint, 1), ==, 3);
  row = g_ptr_array_index (sheet->rows, 2);
  g_assert_cmpstr (row[1], ==, "张三");
  g_assert_cmpstr (row[5], ==, "2024-03-01");
  g_assert_cmpstr (row[6], ==, "8000");
  row = g_ptr_array_index (sheet->rows, 3);
  g_assert_cmpstr (row[1], ==, "王伟");
  g_assert_cmpstr (row[3], ==, "");
  g_assert_cmpstr (row[5], ==, "2024-05-06");
  g_assert_cmpstr (row[7], ==, "9800.5");
  row = g_ptr_array_index (sheet->rows, 4);
  g_assert_cmpuint (g_strv_length (row), ==, 8);
  g_assert_cmpstr (row[2], ==, c);
  g_assert_cmpstr (row[3], ==, "");
  g_assert_cmpstr (row[7], ==, "3500.45");

  /* Not a workbook; an old binary .xls; a DTD with entities. */
  g_assert_null (tj_xlsx_read_first_sheet ("姓名,电话\n", strlen ("姓名,电话\n"), &error));
  g_assert_error (error, TJ_ERROR, TJ_ERROR_INVALID);
  g_clear_error (&error);

  {
    g_autofree char *d1 = tj_xlsx_serial_to_iso (45352, FALSE);
    g_autofree char *d2 = tj_xlsx_serial_to_iso (61, FALSE);
    g_autofree char *d3 = tj_xlsx_serial_to_iso (60, FALSE);
    g_autofree char *d4 = tj_xlsx_serial_to_iso (0, TRUE);
    g_assert_cmpstr (d1, ==, "2024-03-01");
    g_assert_cmpstr (d2, ==, "1900-03-01");
    g_assert_null (d3);
    g_assert_cmpstr (d4, ==, "1904-01-01");
  }
}

static void
test_xlsx_refuses_dtd (void)
{
  struct archive *a = archive_write_new ();
  g_autoptr(GByteArray) out = g_byte_array_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(TjCsv) sheet = NULL;

  archive_write_set_format_zip (a);
  archive_write_set_bytes_per_block (a, 0);
  archive_write_open (a, out, NULL, write_cb, NULL);
  zip_add (a, "xl/workbook.xml",
           "<?xml version=\"1.0\"?>\n<!DOCTYPE workbook [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;\">]>"
           "<workbook xmlns=\"" NS_MAIN "\"><sheets><sheet name=\"&b;\" sheetId=\"1\"/></sheets></workbook>");
  archive_write_close (a);
  archive_write_free (a);
  sheet = tj_xlsx_read_first_sheet ((const char *) out->data, out->len, &error);
  g_assert_null (sheet);
  g_assert_error (error, TJ_ERROR, TJ_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "DTD"));
}

/* A workbook whose first sheet, "工资表", is @sheet_data (the inside of
 * <sheetData>), with @sst as the shared strings part and @styles as the
 * styles part when not NULL. */
static GByteArray *
sheet_xlsx_full (const char *sheet_data,
                 const char *sst,
                 const char *styles)
{
  struct archive *a = archive_write_new ();
  GByteArray *out = g_byte_array_new ();
  g_autofree char *sheet = g_strconcat ("<?xml version=\"1.0\"?>\n<worksheet xmlns=\"" NS_MAIN "\"><sheetData>",
                                        sheet_data, "</sheetData></worksheet>", NULL);

  archive_write_set_format_zip (a);
  archive_write_set_bytes_per_block (a, 0);
  archive_write_open (a, out, NULL, write_cb, NULL);
  zip_add (a, "xl/workbook.xml",
           "<?xml version=\"1.0\"?>\n<workbook xmlns=\"" NS_MAIN "\" xmlns:r=\"" NS_R "\">"
           "<sheets><sheet name=\"工资表\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>");
  zip_add (a, "xl/worksheets/sheet1.xml", sheet);
  if (sst)
    zip_add (a, "xl/sharedStrings.xml", sst);
  if (styles)
    zip_add (a, "xl/styles.xml", styles);
  archive_write_close (a);
  archive_write_free (a);
  return out;
}

static GByteArray *
sheet_xlsx (const char *sheet_data,
            const char *sst)
{
  return sheet_xlsx_full (sheet_data, sst, NULL);
}

/* Comments and processing instructions are ordinary XML (they used to
 * crash the streaming parser); entity references other than the
 * predefined ones are refused, naming the part. */
static void
test_xlsx_markup (void)
{
  g_autoptr(GByteArray) file = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(TjCsv) sheet = NULL;
  GStrv row;

  file = sheet_xlsx ("<!-- 制表人 --><?foo bar?><row r=\"1\"><!--x--><c r=\"A1\" t=\"s\"><v>0</v></c>"
                     "<c r=\"B1\" t=\"inlineStr\"><is><t>a&amp;b&#20013;<!--y--><?pi?></t></is></c></row>",
                     "<?xml version=\"1.0\"?>\n<!--s--><sst xmlns=\"" NS_MAIN "\"><?x y?><si><!--z--><t>姓名</t></si></sst>");
  sheet = tj_xlsx_read_first_sheet ((const char *) file->data, file->len, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (sheet->rows->len, ==, 1);
  row = g_ptr_array_index (sheet->rows, 0);
  g_assert_cmpstr (row[0], ==, "姓名");
  g_assert_cmpstr (row[1], ==, "a&b中");
  g_clear_pointer (&sheet, tj_csv_free);
  g_byte_array_unref (file);

  file = sheet_xlsx ("<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>&foo;</t></is></c></row>", NULL);
  sheet = tj_xlsx_read_first_sheet ((const char *) file->data, file->len, &error);
  g_assert_null (sheet);
  g_assert_error (error, TJ_ERROR, TJ_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "xl/worksheets/sheet1.xml"));
  g_assert_nonnull (strstr (error->message, "foo"));
  g_clear_error (&error);
  g_byte_array_unref (file);

  file = sheet_xlsx ("<row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c></row>",
                     "<sst xmlns=\"" NS_MAIN "\"><si><t>&bar;</t></si></sst>");
  sheet = tj_xlsx_read_first_sheet ((const char *) file->data, file->len, &error);
  g_assert_null (sheet);
  g_assert_error (error, TJ_ERROR, TJ_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "xl/sharedStrings.xml"));
}

/* A part declared in one encoding but written in another is refused,
 * and libxml2 does not print the bytes (a worker's name) on stderr. */
static void
test_xlsx_quiet (void)
{
  if (g_test_subprocess ())
    {
      g_autoptr(GByteArray) file = NULL;
      g_autoptr(GError) error = NULL;
      g_autoptr(TjCsv) sheet = NULL;
      struct archive *a = archive_write_new ();

      file = g_byte_array_new ();
      archive_write_set_format_zip (a);
      archive_write_set_bytes_per_block (a, 0);
      archive_write_open (a, file, NULL, write_cb, NULL);
      zip_add (a, "xl/workbook.xml", "<workbook xmlns=\"" NS_MAIN "\"><sheets><sheet name=\"s\" sheetId=\"1\"/></sheets></workbook>");
      zip_add (a, "xl/worksheets/sheet1.xml",
               "<?xml version=\"1.0\" encoding=\"Big5\"?>\n<worksheet xmlns=\"" NS_MAIN "\"><sheetData><row r=\"1\">"
               "<c r=\"A1\" t=\"inlineStr\"><is><t>工资</t></is></c></row></sheetData></worksheet>");
      archive_write_close (a);
      archive_write_free (a);
      sheet = tj_xlsx_read_first_sheet ((const char *) file->data, file->len, &error);
      g_assert_null (sheet);
      g_assert_error (error, TJ_ERROR, TJ_ERROR_INVALID);
      g_assert_nonnull (strstr (error->message, "xl/worksheets/sheet1.xml"));
      return;
    }
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
  g_test_trap_assert_stderr_unmatched ("*encoding error*");
}

/* A few bytes of XML must not expand into gigabytes of cells: a cell far
 * to the right pads its row, a long shared string repeats in every cell
 * that names it. Each is refused naming the sheet and the cell. */
static void
test_xlsx_expansion (void)
{
  g_autoptr(GString) data = g_string_new (NULL);
  g_autoptr(GString) sst = g_string_new (NULL);
  g_autoptr(GByteArray) file = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(TjCsv) sheet = NULL;
  GStrv row;

  /* One cell in column XFC (the 19.6 KB workbook of issue 12 had one per
   * row and took 1.9 GB). */
  for (guint r = 1; r <= 400; r++)
    g_string_append_printf (data, "<row r=\"%u\"><c r=\"A%u\" t=\"inlineStr\"><is><t>x</t></is></c>"
                            "<c r=\"XFC%u\"><v>1</v></c></row>", r, r, r);
  file = sheet_xlsx (data->str, NULL);
  sheet = tj_xlsx_read_first_sheet ((const char *) file->data, file->len, &error);
  g_assert_null (sheet);
  g_assert_error (error, TJ_ERROR, TJ_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "工资表"));
  g_assert_nonnull (strstr (error->message, "XFC1"));
  g_clear_error (&error);
  g_clear_pointer (&file, g_byte_array_unref);

  /* The last column read, AMJ, is fine once… */
  file = sheet_xlsx ("<row r=\"1\"><c r=\"A1\"><v>1</v></c><c r=\"AMJ1\"><v>2</v></c></row>", NULL);
  sheet = tj_xlsx_read_first_sheet ((const char *) file->data, file->len, &error);
  g_assert_no_error (error);
  row = g_ptr_array_index (sheet->rows, 0);
  g_assert_cmpuint (g_strv_length (row), ==, 1024);
  g_assert_cmpstr (row[1023], ==, "2");
  g_clear_pointer (&sheet, tj_csv_free);
  g_clear_pointer (&file, g_byte_array_unref);

  /* …but not in 2,000 rows: more than two million cells. */
  g_string_truncate (data, 0);
  for (guint r = 1; r <= 2000; r++)
    g_string_append_printf (data, "<row r=\"%u\"><c r=\"AMJ%u\"><v>1</v></c></row>", r, r);
  file = sheet_xlsx (data->str, NULL);
  sheet = tj_xlsx_read_first_sheet ((const char *) file->data, file->len, &error);
  g_assert_null (sheet);
  g_assert_error (error, TJ_ERROR, TJ_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "工资表"));
  g_assert_nonnull (strstr (error->message, "AMJ1954"));
  g_clear_error (&error);
  g_clear_pointer (&file, g_byte_array_unref);

  /* A 2 MB shared string named by 40 cells: 80 MB of text. */
  g_string_append (sst, "<sst xmlns=\"" NS_MAIN "\"><si><t>");
  for (guint i = 0; i < 2 * 1024 * 1024; i++)
    g_string_append_c (sst, 'a');
  g_string_append (sst, "</t></si></sst>");
  g_string_truncate (data, 0);
  for (guint r = 1; r <= 40; r++)
    g_string_append_printf (data, "<row r=\"%u\"><c r=\"A%u\" t=\"s\"><v>0</v></c></row>", r, r);
  file = sheet_xlsx (data->str, sst->str);
  sheet = tj_xlsx_read_first_sheet ((const char *) file->data, file->len, &error);
  g_assert_null (sheet);
  g_assert_error (error, TJ_ERROR, TJ_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "A33"));
  g_clear_error (&error);
  g_clear_pointer (&file, g_byte_array_unref);

  /* Two million and one empty shared strings (10 MB of "<si/>", a few
   * KB zipped). */
  g_string_assign (sst, "<sst xmlns=\"" NS_MAIN "\">");
  for (guint i = 0; i <= 2000000; i++)
    g_string_append (sst, "<si/>");
  g_string_append (sst, "</sst>");
  file = sheet_xlsx ("<row r=\"1\"><c r=\"A1\"><v>1</v></c></row>", sst->str);
  sheet = tj_xlsx_read_first_sheet ((const char *) file->data, file->len, &error);
  g_assert_null (sheet);
  g_assert_error (error, TJ_ERROR, TJ_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "xl/sharedStrings.xml"));
  g_clear_error (&error);
  g_clear_pointer (&file, g_byte_array_unref);

  /* A styles part of 17 MB would become a tree of several times that. */
  g_string_assign (sst, "<styleSheet xmlns=\"" NS_MAIN "\">");
  for (guint i = 0; i < 17 * 1024 * 1024; i++)
    g_string_append_c (sst, ' ');
  g_string_append (sst, "</styleSheet>");
  file = sheet_xlsx_full ("<row r=\"1\"><c r=\"A1\"><v>1</v></c></row>", NULL, sst->str);
  sheet = tj_xlsx_read_first_sheet ((const char *) file->data, file->len, &error);
  g_assert_null (sheet);
  g_assert_error (error, TJ_ERROR, TJ_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "xl/styles.xml"));
}

static void
test_xlsx_roster (Fixture       *f,
                  gconstpointer  data)
{
  g_autofree char *a = NULL, *b = NULL, *c = NULL;
  g_autoptr(GBytes) bytes = small_xlsx (&a, &b, &c);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) preview = NULL;
  g_autoptr(JsonObject) result = NULL;
  gsize len;
  const char *xdata = g_bytes_get_data (bytes, &len);
  JsonArray *rows;
  JsonObject *r;
  gint64 owed;

  preview = tj_roster_preview (f->store, f->case_id, xdata, len, "工资表.xlsx", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (tj_json_get_string (preview, "format", NULL), ==, "xlsx");
  g_assert_cmpint (tj_json_get_int (preview, "header_row", 0), ==, 3);
  g_assert_cmpstr (tj_json_get_string (tj_json_get_object (preview, "columns"), "owed", NULL), ==, "欠薪金额（元）");
  g_assert_cmpuint (json_array_get_length (tj_json_get_array (preview, "errors")), ==, 0);
  rows = tj_json_get_array (preview, "rows");
  g_assert_cmpuint (json_array_get_length (rows), ==, 3);
  r = json_array_get_object_element (rows, 0);
  g_assert_cmpint (tj_json_get_int (r, "row", 0), ==, 4);
  g_assert_cmpstr (tj_json_get_string (r, "start_date", NULL), ==, "2024-03-01");
  g_assert_cmpint (tj_json_get_int (r, "monthly_wage_fen", 0), ==, 800000);
  g_assert_cmpint (tj_json_get_int (r, "owed_fen", 0), ==, 1200000);
  r = json_array_get_object_element (rows, 1);
  g_assert_false (json_object_has_member (r, "phone"));
  g_assert_cmpstr (tj_json_get_string (r, "start_date", NULL), ==, "2024-05-06");
  g_assert_cmpint (tj_json_get_int (r, "owed_fen", 0), ==, 980050);
  r = json_array_get_object_element (rows, 2);
  g_assert_cmpint (tj_json_get_int (r, "owed_fen", 0), ==, 350045);
  g_assert_cmpint (tj_json_get_int (tj_json_get_object (preview, "totals"), "owed_fen", 0), ==, 2530095);

  result = tj_roster_import (f->store, &f->ctx, f->case_id, xdata, len, "工资表.xlsx", &error);
  g_assert_no_error (error);
  g_assert_cmpint (tj_json_get_int (result, "imported", 0), ==, 3);
  g_assert_cmpuint (case_workers (f, &owed), ==, 4);
  g_assert_cmpint (owed, ==, 300000 + 2530095);

  /* The workers come after the case's existing parties and claims. */
  {
    g_autoptr(JsonObject) shown = tj_case_show (f->store, &f->ctx, f->case_id, &error);
    JsonArray *workers = tj_json_get_array (shown, "workers");
    g_assert_cmpstr (tj_json_get_string (json_array_get_object_element (workers, 0), "name", NULL), ==, "赵六");
    g_assert_cmpstr (tj_json_get_string (json_array_get_object_element (workers, 3), "name", NULL), ==, "李娜");
    g_assert_cmpstr (tj_json_get_string (json_array_get_object_element (workers, 1), "id_number", NULL), ==, a);
  }
}

/* The generated workbook is a real one: LibreOffice opens it and sees
 * the same roster. Skipped when LibreOffice is not installed. */
static void
test_xlsx_libreoffice (Fixture       *f,
                       gconstpointer  data)
{
  g_autofree char *soffice = g_find_program_in_path ("libreoffice");
  g_autofree char *a = NULL, *b = NULL, *c = NULL;
  g_autoptr(GBytes) bytes = small_xlsx (&a, &b, &c);
  g_autofree char *xlsx = g_build_filename (f->dir, "roster.xlsx", NULL);
  g_autofree char *csv_path = g_build_filename (f->dir, "roster.csv", NULL);
  g_autofree char *profile = g_build_filename (f->dir, "lo-profile", NULL);
  g_autofree char *profile_uri = g_filename_to_uri (profile, NULL, NULL);
  g_autofree char *profile_arg = g_strconcat ("-env:UserInstallation=", profile_uri, NULL);
  g_autofree char *csv = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) from_lo = NULL;
  g_autoptr(JsonObject) from_us = NULL;
  gsize len;
  int status = -1;
  const char *argv[] = {
    soffice, profile_arg, "--headless", "--convert-to", "csv:Text - txt - csv (StarCalc):44,34,76",
    "--outdir", f->dir, xlsx, NULL
  };

  if (soffice == NULL)
    {
      g_test_skip ("LibreOffice is not installed");
      return;
    }
  /* Distributions split LibreOffice; without Calc (its spreadsheet core,
   * libsclo) no spreadsheet can be opened, ours or any other. */
  {
    char *real = realpath (soffice, NULL);
    g_autofree char *dir = g_path_get_dirname (real ? real : soffice);
    g_autofree char *calc = g_build_filename (dir, "libsclo.so", NULL);
    free (real);
    if (!g_file_test (calc, G_FILE_TEST_EXISTS))
      {
        g_test_skip ("LibreOffice Calc is not installed");
        return;
      }
  }
  g_assert_true (g_file_set_contents (xlsx, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), NULL));
  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_STDERR_TO_DEV_NULL,
                               NULL, NULL, NULL, NULL, &status, &error));
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  g_assert_true (g_file_get_contents (csv_path, &csv, &len, &error));
  g_assert_nonnull (strstr (csv, "城南工地农民工工资表"));

  /* LibreOffice's CSV of our workbook reads as the same roster. */
  from_lo = tj_roster_preview (f->store, f->case_id, csv, len, "roster.csv", &error);
  g_assert_no_error (error);
  from_us = tj_roster_preview (f->store, f->case_id, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes),
                               "roster.xlsx", &error);
  g_assert_no_error (error);
  g_assert_cmpint (tj_json_get_int (from_lo, "header_row", 0), ==, 3);
  for (guint i = 0; i < 3; i++)
    {
      JsonObject *lo = json_array_get_object_element (tj_json_get_array (from_lo, "rows"), i);
      JsonObject *us = json_array_get_object_element (tj_json_get_array (from_us, "rows"), i);
      g_assert_cmpstr (tj_json_get_string (lo, "name", "?"), ==, tj_json_get_string (us, "name", "!"));
      g_assert_cmpstr (tj_json_get_string (lo, "id_number", "?"), ==, tj_json_get_string (us, "id_number", "!"));
      g_assert_cmpint (tj_json_get_int (lo, "owed_fen", -1), ==, tj_json_get_int (us, "owed_fen", -2));
      g_assert_cmpint (tj_json_get_int (lo, "row", -1), ==, tj_json_get_int (us, "row", -2));
    }
}

static char *
utf8_roster (void)
{
  g_autofree char *id1 = make_id ("110105", "19850312", 1);
  g_autofree char *id2 = make_id ("110105", "19900505", 2);
  return g_strdup_printf ("姓名,身份证号,电话,工种,入职日期,月工资,拖欠工资\n"
                          "张三,%s,138-1234-5678,木工,2024年3月1日,\"8,000\",￥12000\n"
                          "王伟,%s,,泥瓦工,2024/05/06,7500,9800.50元\n", id1, id2);
}

static void
test_csv_utf8 (Fixture       *f,
               gconstpointer  data)
{
  g_autofree char *csv = utf8_roster ();
  g_autofree char *bom = g_strconcat ("\xEF\xBB\xBF", csv, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) preview = tj_roster_preview (f->store, f->case_id, bom, strlen (bom), "r.csv", &error);
  g_autoptr(JsonObject) result = NULL;
  JsonObject *r;

  g_assert_no_error (error);
  g_assert_cmpstr (tj_json_get_string (preview, "encoding", NULL), ==, "UTF-8");
  g_assert_cmpint (tj_json_get_int (preview, "header_row", 0), ==, 1);
  r = json_array_get_object_element (tj_json_get_array (preview, "rows"), 0);
  g_assert_cmpint (tj_json_get_int (r, "row", 0), ==, 2);
  g_assert_cmpstr (tj_json_get_string (r, "start_date", NULL), ==, "2024-03-01");
  g_assert_cmpint (tj_json_get_int (r, "owed_fen", 0), ==, 1200000);
  r = json_array_get_object_element (tj_json_get_array (preview, "rows"), 1);
  g_assert_cmpstr (tj_json_get_string (r, "start_date", NULL), ==, "2024-05-06");
  g_assert_cmpint (tj_json_get_int (r, "owed_fen", 0), ==, 980050);

  result = tj_roster_import (f->store, &f->ctx, f->case_id, bom, strlen (bom), "r.csv", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (case_workers (f, NULL), ==, 3);

  /* The same roster again: every worker is already on the case. */
  g_assert_null (tj_roster_import (f->store, &f->ctx, f->case_id, bom, strlen (bom), "r.csv", &error));
  g_assert_error (error, TJ_ERROR, TJ_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "Row 2, 身份证号: 张三 is already a worker on this case"));
  g_assert_nonnull (strstr (error->message, "Row 3, 身份证号: 王伟"));
  g_assert_cmpuint (case_workers (f, NULL), ==, 3);
}

/* The head of every import's preview: the header's line as the file
 * numbers it (blank lines above it count), and the header's own text for
 * each field found, none for a field the file lacks. A preview with
 * errors is refused, every row named by the header's text. */
static void
test_csv_preview_head (void)
{
  static const char data[] = "\n\n序号,姓名,欠薪金额（元）\n1,张三,100\n";
  static const char * const names[] = { "name", "id_number", "owed_fen" };
  const int cols[] = { 1, -1, 2 };
  g_autoptr(GError) error = NULL;
  g_autoptr(TjCsv) csv = tj_csv_parse (data, strlen (data), &error);
  g_autoptr(JsonObject) head = NULL;
  JsonObject *columns;

  g_assert_no_error (error);
  head = tj_csv_preview_new (csv, 0, cols, names, G_N_ELEMENTS (names));
  g_assert_cmpstr (tj_json_get_string (head, "format", NULL), ==, "csv");
  g_assert_cmpstr (tj_json_get_string (head, "encoding", NULL), ==, "UTF-8");
  g_assert_cmpint (tj_json_get_int (head, "header_row", 0), ==, 3);
  columns = tj_json_get_object (head, "columns");
  g_assert_cmpuint (json_object_get_size (columns), ==, 2);
  g_assert_cmpstr (tj_json_get_string (columns, "name", NULL), ==, "姓名");
  g_assert_cmpstr (tj_json_get_string (columns, "owed_fen", NULL), ==, "欠薪金额（元）");
  g_assert_false (json_object_has_member (columns, "id_number"));

  g_assert_true (tj_csv_preview_check (head, &error));
  g_assert_no_error (error);
  {
    TjCsvErrors e = { json_array_new (), g_ptr_array_index (csv->rows, 0), cols, names, 0 };

    json_object_set_array_member (head, "errors", e.errors);
    g_assert_true (tj_csv_preview_check (head, &error));
    tj_csv_errors_add (&e, 4, 2, "cannot be negative");
    tj_csv_errors_add (&e, 5, 1, "is not an ID number");
    g_assert_false (tj_csv_preview_check (head, &error));
    g_assert_error (error, TJ_ERROR, TJ_ERROR_INVALID);
    g_assert_cmpstr (error->message, ==, "Nothing was imported; fix these rows: "
                                         "Row 4, 欠薪金额（元）: cannot be negative; Row 5, id_number: is not an ID number");
  }
}

static void
test_csv_gbk (Fixture       *f,
              gconstpointer  data)
{
  g_autofree char *utf8 = utf8_roster ();
  gsize len = 0;
  g_autofree char *gbk = g_convert (utf8, -1, "GBK", "UTF-8", NULL, &len, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) preview = NULL;
  g_autoptr(JsonObject) result = NULL;

  g_assert_nonnull (gbk);
  g_assert_false (g_utf8_validate (gbk, len, NULL));
  preview = tj_roster_preview (f->store, f->case_id, gbk, len, "r.csv", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (tj_json_get_string (preview, "encoding", NULL), ==, "GB18030");
  g_assert_cmpstr (tj_json_get_string (json_array_get_object_element (tj_json_get_array (preview, "rows"), 1),
                                       "name", NULL), ==, "王伟");
  result = tj_roster_import (f->store, &f->ctx, f->case_id, gbk, len, "r.csv", &error);
  g_assert_no_error (error);
  g_assert_cmpint (tj_json_get_int (result, "owed_fen", 0), ==, 2180050);
}

static void
test_header_not_found (Fixture       *f,
                       gconstpointer  data)
{
  const char *csv = "工资表\n名字,号码\n张三,1\n";
  g_autoptr(GError) error = NULL;

  g_assert_null (tj_roster_preview (f->store, f->case_id, csv, strlen (csv), NULL, &error));
  g_assert_error (error, TJ_ERROR, TJ_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "姓名"));
  g_clear_error (&error);
  g_assert_null (tj_roster_preview (f->store, "no-such-case", "姓名,电话\n张三,13812345678\n", 30, NULL, &error));
  g_assert_error (error, TJ_ERROR, TJ_ERROR_NOT_FOUND);
}

/* Every kind of bad row, each named by row and column. */
static void
test_row_errors (Fixture       *f,
                 gconstpointer  data)
{
  g_autofree char *ok = make_id ("110105", "19850312", 5);
  g_autofree char *bad = break_id (ok);
  g_autofree char *csv = g_strdup_printf (
    "欠薪名单\n"
    "姓名,身份证号码,手机,入职日期,欠薪金额\n"
    "张三,%s,13812345678,2024-03-01,很多\n"        /* row 3: unreadable amount */
    ",%s,,,100\n"                                  /* row 4: no name; same ID as row 3 */
    "李四,%s,1381234567,2024-02-30,-300\n"              /* row 5: bad ID, phone, date, negative */
    "王五,,,,1.2万\n"                                /* row 6: fine */
    "钱七,1.10105E+17,,,100\n",                     /* row 7: Excel made it a number */
    ok, ok, bad);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) preview = tj_roster_preview (f->store, f->case_id, csv, strlen (csv), NULL, &error);
  JsonObject *totals, *e;

  g_assert_no_error (error);
  g_assert_cmpint (tj_json_get_int (preview, "header_row", 0), ==, 2);
  e = error_at (preview, 3, "owed");
  g_assert_nonnull (e);
  g_assert_cmpstr (tj_json_get_string (e, "column", NULL), ==, "欠薪金额");
  g_assert_nonnull (strstr (tj_json_get_string (e, "message", ""), "很多"));
  g_assert_nonnull (error_at (preview, 4, "name"));
  e = error_at (preview, 4, "id_number");
  g_assert_nonnull (e);
  g_assert_nonnull (strstr (tj_json_get_string (e, "message", ""), "row 3"));
  g_assert_nonnull (error_at (preview, 5, "id_number"));
  g_assert_nonnull (error_at (preview, 5, "phone"));
  g_assert_nonnull (error_at (preview, 5, "start_date"));
  e = error_at (preview, 5, "owed");
  g_assert_nonnull (strstr (tj_json_get_string (e, "message", ""), "negative"));
  g_assert_null (error_at (preview, 6, "owed"));
  g_assert_nonnull (strstr (tj_json_get_string (error_at (preview, 7, "id_number"), "message", ""),
                            "format the column as text"));
  /* An ID number is never shown whole in a message. */
  g_assert_null (strstr (tj_json_get_string (error_at (preview, 5, "id_number"), "message", ""), bad));

  totals = tj_json_get_object (preview, "totals");
  g_assert_cmpint (tj_json_get_int (totals, "rows", 0), ==, 5);
  g_assert_cmpint (tj_json_get_int (totals, "valid", 0), ==, 1);
  g_assert_cmpint (tj_json_get_int (totals, "invalid", 0), ==, 4);
  g_assert_cmpint (tj_json_get_int (totals, "existing_workers", 0), ==, 1);
}

/* The story of the issue: a contractor's Excel file with 72 workers, two
 * bad rows explained, fixed, then imported in one go. */
static GBytes *
roster_72 (gboolean fixed)
{
  Xlsx *x = xlsx_new ();
  static const char * const cols[] = { "A", "B", "C", "D", "E", "F" };

  xlsx_row (x, 1);
  xlsx_text (x, "A1", "中城建设集团城南项目 劳务班组工资发放表");
  xlsx_row (x, 2);
  xlsx_text (x, "A2", "班组：华建劳务  制表日期：2026年11月");
  xlsx_row (x, 3);
  xlsx_text (x, "A3", "序号");
  xlsx_text (x, "B3", "姓名");
  xlsx_text (x, "C3", "身份证号");
  xlsx_text (x, "D3", "工种");
  xlsx_text (x, "E3", "月工资");
  xlsx_text (x, "F3", "欠薪金额");
  for (guint i = 1; i <= 72; i++)
    {
      guint r = i + 3;
      char *refs[6];
      g_autofree char *name = g_strdup_printf ("工人%02u", i);
      g_autofree char *id = make_id ("410102", "19800101", i);
      g_autofree char *seq = g_strdup_printf ("%u", i);
      g_autofree char *owed = g_strdup_printf ("%u", 10000 + i * 100);

      for (guint c = 0; c < 6; c++)
        refs[c] = g_strdup_printf ("%s%u", cols[c], r);
      xlsx_row (x, r);
      xlsx_number (x, refs[0], seq, 0);
      xlsx_text (x, refs[1], name);
      if (i == 17 && !fixed)
        {
          g_autofree char *bad = break_id (id);
          xlsx_text (x, refs[2], bad);
        }
      else
        xlsx_text (x, refs[2], id);
      xlsx_text (x, refs[3], i % 3 ? "钢筋工" : "木工");
      xlsx_number (x, refs[4], "7500", 0);
      if (i == 40 && !fixed)
        xlsx_text (x, refs[5], "约一万");
      else
        xlsx_number (x, refs[5], owed, 0);
      for (guint c = 0; c < 6; c++)
        g_free (refs[c]);
    }
  return xlsx_finish (x);
}

static void
test_import_72 (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GBytes) bad = roster_72 (FALSE);
  g_autoptr(GBytes) good = roster_72 (TRUE);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) preview = NULL;
  g_autoptr(JsonObject) result = NULL;
  g_autoptr(JsonArray) timeline = NULL;
  JsonArray *errors;
  gint64 owed, expected = 300000;

  preview = tj_roster_preview (f->store, f->case_id, g_bytes_get_data (bad, NULL), g_bytes_get_size (bad),
                               "contractor.xlsx", &error);
  g_assert_no_error (error);
  errors = tj_json_get_array (preview, "errors");
  g_assert_cmpuint (json_array_get_length (errors), ==, 2);
  /* Worker 17 sits on spreadsheet row 20, worker 40 on row 43. */
  g_assert_nonnull (error_at (preview, 20, "id_number"));
  g_assert_nonnull (strstr (tj_json_get_string (error_at (preview, 20, "id_number"), "message", ""), "check"));
  g_assert_nonnull (error_at (preview, 43, "owed"));
  g_assert_cmpint (tj_json_get_int (tj_json_get_object (preview, "totals"), "valid", 0), ==, 70);

  /* All or nothing. */
  g_assert_null (tj_roster_import (f->store, &f->ctx, f->case_id, g_bytes_get_data (bad, NULL),
                                   g_bytes_get_size (bad), "contractor.xlsx", &error));
  g_assert_error (error, TJ_ERROR, TJ_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "Row 20, 身份证号"));
  g_assert_nonnull (strstr (error->message, "Row 43, 欠薪金额"));
  g_assert_nonnull (strstr (error->message, "约一万"));
  g_clear_error (&error);
  g_assert_cmpuint (case_workers (f, NULL), ==, 1);

  result = tj_roster_import (f->store, &f->ctx, f->case_id, g_bytes_get_data (good, NULL),
                             g_bytes_get_size (good), "contractor.xlsx", &error);
  g_assert_no_error (error);
  g_assert_cmpint (tj_json_get_int (result, "imported", 0), ==, 72);
  for (guint i = 1; i <= 72; i++)
    expected += (10000 + i * 100) * 100;
  g_assert_cmpuint (case_workers (f, &owed), ==, 73);
  g_assert_cmpint (owed, ==, expected);

  timeline = tj_case_timeline (f->store, f->case_id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (tj_json_get_string (json_array_get_object_element (timeline, 0), "kind", NULL), ==, "roster");
  g_assert_cmpint (tj_json_get_int (json_array_get_object_element (timeline, 0), "workers", 0), ==, 72);
}

static void
async_done (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  GAsyncResult **out = user_data;
  *out = g_object_ref (result);
}

/* The GUI's way: preview and import in a thread, on a connection of its
 * own, while this one stays usable. */
static void
test_import_async (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GBytes) bad = roster_72 (FALSE);
  g_autoptr(GBytes) good = roster_72 (TRUE);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) preview = NULL;
  g_autoptr(JsonObject) imported = NULL;

  tj_roster_preview_async (f->store, f->case_id, good, "contractor.xlsx", NULL, async_done, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  preview = tj_roster_preview_finish (result, &error);
  g_assert_no_error (error);
  g_assert_cmpint (tj_json_get_int (tj_json_get_object (preview, "totals"), "valid", 0), ==, 72);
  g_clear_object (&result);

  tj_roster_import_async (f->store, &f->ctx, f->case_id, bad, "contractor.xlsx", NULL, async_done, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_null (tj_roster_import_finish (result, &error));
  g_assert_error (error, TJ_ERROR, TJ_ERROR_INVALID);
  g_clear_error (&error);
  g_clear_object (&result);
  g_assert_cmpuint (case_workers (f, NULL), ==, 1);

  tj_roster_import_async (f->store, &f->ctx, f->case_id, good, "contractor.xlsx", NULL, async_done, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  imported = tj_roster_import_finish (result, &error);
  g_assert_no_error (error);
  g_assert_cmpint (tj_json_get_int (imported, "imported", 0), ==, 72);
  /* This connection sees the workers and the refreshed case index. */
  g_assert_cmpuint (case_workers (f, NULL), ==, 73);
  {
    TjCaseQuery q;
    g_autoptr(JsonArray) rows = NULL;
    tj_case_query_init (&q);
    rows = tj_case_list (f->store, &q, &error);
    g_assert_no_error (error);
    g_assert_cmpint (tj_json_get_int (json_array_get_object_element (rows, 0), "workers", 0), ==, 73);
  }
}

/* The committed fixtures (tests/fixtures/roster-72-contractor*.xlsx): a
 * contractor's sheet with two title rows, a bold header, a 年月日 date
 * format, workers without a phone cell, two bad rows and a totals row. */
static void
test_fixture_files (Fixture       *f,
                    gconstpointer  data)
{
  g_autofree char *bad_path = g_test_build_filename (G_TEST_DIST, "fixtures", "roster-72-contractor.xlsx", NULL);
  g_autofree char *good_path = g_test_build_filename (G_TEST_DIST, "fixtures", "roster-72-contractor-fixed.xlsx", NULL);
  g_autofree char *bad = NULL;
  g_autofree char *good = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) preview = NULL;
  g_autoptr(JsonObject) fixed = NULL;
  g_autoptr(JsonObject) result = NULL;
  gsize bad_len, good_len;
  JsonObject *r, *note;

  g_assert_true (g_file_get_contents (bad_path, &bad, &bad_len, &error));
  g_assert_true (g_file_get_contents (good_path, &good, &good_len, &error));

  preview = tj_roster_preview (f->store, f->case_id, bad, bad_len, bad_path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (tj_json_get_int (preview, "header_row", 0), ==, 3);
  g_assert_cmpuint (json_array_get_length (tj_json_get_array (preview, "errors")), ==, 2);
  g_assert_nonnull (error_at (preview, 20, "id_number"));
  g_assert_nonnull (error_at (preview, 43, "owed"));
  g_assert_cmpint (tj_json_get_int (tj_json_get_object (preview, "totals"), "rows", 0), ==, 72);
  note = json_array_get_object_element (tj_json_get_array (preview, "notes"), 0);
  g_assert_cmpint (tj_json_get_int (note, "row", 0), ==, 76);

  fixed = tj_roster_preview (f->store, f->case_id, good, good_len, good_path, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (json_array_get_length (tj_json_get_array (fixed, "errors")), ==, 0);
  r = json_array_get_object_element (tj_json_get_array (fixed, "rows"), 0);
  g_assert_cmpint (tj_json_get_int (r, "row", 0), ==, 4);
  g_assert_cmpstr (tj_json_get_string (r, "start_date", NULL), ==, "2026-03-02");
  g_assert_cmpint (tj_json_get_int (r, "monthly_wage_fen", 0), ==, 630000);
  /* Worker 9 gave no phone: the cell is absent, not shifted. */
  r = json_array_get_object_element (tj_json_get_array (fixed, "rows"), 8);
  g_assert_false (json_object_has_member (r, "phone"));
  g_assert_cmpstr (tj_json_get_string (r, "job", NULL), ==, "泥瓦工");
  /* The totals row agrees with the rows and is left out. */
  g_assert_cmpint (tj_json_get_int (tj_json_get_object (fixed, "totals"), "owed_fen", 0), ==, 107625000);
  note = json_array_get_object_element (tj_json_get_array (fixed, "notes"), 0);
  g_assert_nonnull (strstr (tj_json_get_string (note, "message", ""), "left out"));

  result = tj_roster_import (f->store, &f->ctx, f->case_id, good, good_len, good_path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (tj_json_get_int (result, "imported", 0), ==, 72);
}

/* A totals row that disagrees with the rows is pointed out; numbered
 * blank template rows are ignored. */
static void
test_totals_and_blank_rows (Fixture       *f,
                            gconstpointer  data)
{
  const char *csv = "序号,姓名,欠薪金额\n1,张三,1000\n2,李四,2000\n3,,\n4,,\n,合计,3500\n";
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) preview = tj_roster_preview (f->store, f->case_id, csv, strlen (csv), NULL, &error);
  JsonObject *note;

  g_assert_no_error (error);
  g_assert_cmpuint (json_array_get_length (tj_json_get_array (preview, "errors")), ==, 0);
  g_assert_cmpuint (json_array_get_length (tj_json_get_array (preview, "rows")), ==, 2);
  note = json_array_get_object_element (tj_json_get_array (preview, "notes"), 0);
  g_assert_cmpint (tj_json_get_int (note, "row", 0), ==, 6);
  g_assert_nonnull (strstr (tj_json_get_string (note, "message", ""), "¥3,500.00"));
  g_assert_nonnull (strstr (tj_json_get_string (note, "message", ""), "¥3,000.00"));
}

/* Excel's "Unicode text" export: UTF-16LE with a BOM, tab-separated, the
 * title line above the header keeping its row number. */
static void
test_unicode_text (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *id = make_id ("110105", "19850312", 7);
  g_autofree char *text = g_strdup_printf ("城南工地工资表\r\n姓名\t身份证号\t欠薪金额\r\n张三\t%s\t1.2万\r\n", id);
  gsize len = 0;
  g_autofree char *utf16 = g_convert (text, -1, "UTF-16LE", "UTF-8", NULL, &len, NULL);
  g_autofree char *file = g_malloc (len + 2);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) preview = NULL;
  JsonObject *r;

  memcpy (file, "\xFF\xFE", 2);
  memcpy (file + 2, utf16, len);
  preview = tj_roster_preview (f->store, f->case_id, file, len + 2, "工资表.txt", &error);
  g_assert_no_error (error);
  g_assert_cmpint (tj_json_get_int (preview, "header_row", 0), ==, 2);
  r = json_array_get_object_element (tj_json_get_array (preview, "rows"), 0);
  g_assert_cmpint (tj_json_get_int (r, "row", 0), ==, 3);
  g_assert_cmpstr (tj_json_get_string (r, "name", NULL), ==, "张三");
  g_assert_cmpint (tj_json_get_int (r, "owed_fen", 0), ==, 1200000);
}

/* Eight-digit dates are checked like the others: 20260230 and 00000000
 * used to be stored as dates. */
static void
test_eight_digit_dates (Fixture       *f,
                        gconstpointer  data)
{
  const char *csv = "姓名,入职日期,欠薪金额\n"
                    "甲,20260230,100\n"      /* row 2: no 30 February */
                    "乙,00000000,100\n"      /* row 3 */
                    "丙,20240229,100\n"      /* row 4: a leap day, fine */
                    "丁,20241301,100\n";     /* row 5: no month 13 */
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) preview = tj_roster_preview (f->store, f->case_id, csv, strlen (csv), NULL, &error);
  JsonObject *e;
  JsonObject *r;

  g_assert_no_error (error);
  e = error_at (preview, 2, "start_date");
  g_assert_nonnull (e);
  g_assert_cmpstr (tj_json_get_string (e, "column", NULL), ==, "入职日期");
  g_assert_nonnull (strstr (tj_json_get_string (e, "message", ""), "20260230"));
  g_assert_nonnull (error_at (preview, 3, "start_date"));
  g_assert_null (error_at (preview, 4, "start_date"));
  g_assert_nonnull (error_at (preview, 5, "start_date"));
  r = json_array_get_object_element (tj_json_get_array (preview, "rows"), 2);
  g_assert_cmpstr (tj_json_get_string (r, "start_date", NULL), ==, "2024-02-29");

  g_assert_null (tj_roster_import (f->store, &f->ctx, f->case_id, csv, strlen (csv), NULL, &error));
  g_assert_error (error, TJ_ERROR, TJ_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "Row 2, 入职日期"));
  g_assert_cmpuint (case_workers (f, NULL), ==, 1);
}

/* A NUL byte used to end the CSV there: the rows after it were dropped and
 * the import said nothing. It is refused, naming the line. */
static void
test_nul_byte (Fixture       *f,
               gconstpointer  data)
{
  static const char csv[] = "姓名,欠薪金额\n甲,100\n乙,200\0\n丙,300\n丁,400\n";
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) preview = tj_roster_preview (f->store, f->case_id, csv, sizeof csv - 1, NULL, &error);

  g_assert_null (preview);
  g_assert_error (error, TJ_ERROR, TJ_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "Line 3"));
  g_clear_error (&error);
  g_assert_null (tj_roster_import (f->store, &f->ctx, f->case_id, csv, sizeof csv - 1, NULL, &error));
  g_assert_error (error, TJ_ERROR, TJ_ERROR_INVALID);
  g_assert_cmpuint (case_workers (f, NULL), ==, 1);
  g_clear_error (&error);

  /* The same in a case import. */
  g_assert_null (tj_case_import_csv (f->store, &f->ctx, csv, sizeof csv - 1, &error));
  g_assert_error (error, TJ_ERROR, TJ_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "Line 3"));
}

/* 9,300 rows of 1e15 fen added up past 2^63 to a negative total. Each
 * amount is bounded now, and totals are checked sums. */
static void
test_amount_bounds (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GString) csv = g_string_new ("姓名,欠薪金额\n");
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) preview = NULL;
  JsonObject *totals;
  gint64 sum = G_MAXINT64 - 1;

  for (guint i = 0; i < 9300; i++)
    g_string_append_printf (csv, "工人%u,10000000000000\n", i);   /* 1e13 yuan = 1e15 fen */
  preview = tj_roster_preview (f->store, f->case_id, csv->str, csv->len, NULL, &error);
  g_assert_no_error (error);
  totals = tj_json_get_object (preview, "totals");
  g_assert_cmpint (tj_json_get_int (totals, "valid", -1), ==, 0);
  g_assert_cmpint (tj_json_get_int (totals, "owed_fen", -1), ==, 0);
  g_assert_nonnull (strstr (tj_json_get_string (error_at (preview, 2, "owed"), "message", ""), "implausibly large"));
  g_assert_null (tj_roster_import (f->store, &f->ctx, f->case_id, csv->str, csv->len, NULL, &error));
  g_assert_error (error, TJ_ERROR, TJ_ERROR_INVALID);
  g_assert_cmpuint (case_workers (f, NULL), ==, 1);
  g_clear_error (&error);

  /* The largest amount is taken; the checked sum saturates, never wraps. */
  g_string_assign (csv, "姓名,欠薪金额\n甲,1000000000000\n");
  g_clear_pointer (&preview, json_object_unref);
  preview = tj_roster_preview (f->store, f->case_id, csv->str, csv->len, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (tj_json_get_int (tj_json_get_object (preview, "totals"), "owed_fen", -1), ==,
                   TJ_MONEY_MAX_AMOUNT_FEN);
  g_assert_false (tj_money_add (&sum, 2));
  g_assert_cmpint (sum, ==, G_MAXINT64);
  sum = G_MININT64 + 1;
  g_assert_false (tj_money_add (&sum, -2));
  g_assert_cmpint (sum, ==, G_MININT64);
  sum = 5;
  g_assert_true (tj_money_add (&sum, -7));
  g_assert_cmpint (sum, ==, -2);
}

int
main (int    argc,
      char **argv)
{
  tj_test_pin_today ("2026-11-22");
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/roster/xlsx-reader", test_xlsx_reader);
  g_test_add_func ("/roster/xlsx-refuses-dtd", test_xlsx_refuses_dtd);
  g_test_add_func ("/roster/xlsx-markup", test_xlsx_markup);
  g_test_add_func ("/roster/xlsx-quiet", test_xlsx_quiet);
  g_test_add_func ("/roster/xlsx-expansion", test_xlsx_expansion);
  g_test_add_func ("/roster/csv-preview-head", test_csv_preview_head);
#define ADD(path, func) g_test_add ("/roster/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("xlsx", test_xlsx_roster);
  ADD ("xlsx-libreoffice", test_xlsx_libreoffice);
  ADD ("csv-utf8", test_csv_utf8);
  ADD ("csv-gbk", test_csv_gbk);
  ADD ("header-not-found", test_header_not_found);
  ADD ("row-errors", test_row_errors);
  ADD ("import-72", test_import_72);
  ADD ("import-async", test_import_async);
  ADD ("fixture-files", test_fixture_files);
  ADD ("totals-and-blank-rows", test_totals_and_blank_rows);
  ADD ("unicode-text", test_unicode_text);
  ADD ("eight-digit-dates", test_eight_digit_dates);
  ADD ("nul-byte", test_nul_byte);
  ADD ("amount-bounds", test_amount_bounds);
#undef ADD
  return g_test_run ();
}
