/* SPDX-License-Identifier: GPL-3.0-or-later */
/* DOCX: WordprocessingML written with libxml2's xmlTextWriter and packed
 * into a zip with libarchive. The parts are the minimum that Word, WPS
 * and LibreOffice open without repair, with East Asian fonts set so the
 * Chinese text keeps a Song face when an organisation edits the wording. */
#undef G_LOG_DOMAIN
#define G_LOG_DOMAIN "Tiaojie-Docgen"

#include <string.h>

#include <archive.h>
#include <archive_entry.h>
#include <libxml/xmlwriter.h>

#include "tj-docgen-private.h"
#include "tj-i18n.h"

#define W_NS "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
#define R_NS "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
/* A4 in twentieths of a point; margins as in the PDF. */
#define PAGE_W_TW 11906
#define PAGE_H_TW 16838
#define MARGIN_LEFT_TW 1474
#define MARGIN_RIGHT_TW 1361
#define MARGIN_TB_TW 1417
#define CONTENT_TW (PAGE_W_TW - MARGIN_LEFT_TW - MARGIN_RIGHT_TW)

typedef struct {
  xmlBufferPtr     buf;
  xmlTextWriterPtr w;
} Writer;

static void
writer_open (Writer *wr)
{
  wr->buf = xmlBufferCreate ();
  wr->w = xmlNewTextWriterMemory (wr->buf, 0);
  xmlTextWriterStartDocument (wr->w, "1.0", "UTF-8", "yes");
}

static char *
writer_close (Writer *wr)
{
  char *out;
  xmlTextWriterEndDocument (wr->w);
  xmlFreeTextWriter (wr->w);
  out = g_strdup ((const char *) xmlBufferContent (wr->buf));
  xmlBufferFree (wr->buf);
  return out;
}

#define W(wr) ((wr)->w)

static void
start (Writer     *wr,
       const char *name)
{
  xmlTextWriterStartElement (W (wr), (const xmlChar *) name);
}

static void
end (Writer *wr)
{
  xmlTextWriterEndElement (W (wr));
}

static void
attr (Writer     *wr,
      const char *name,
      const char *value)
{
  xmlTextWriterWriteAttribute (W (wr), (const xmlChar *) name, (const xmlChar *) value);
}

static void
attr_int (Writer     *wr,
          const char *name,
          long        value)
{
  char buf[32];
  g_snprintf (buf, sizeof buf, "%ld", value);
  attr (wr, name, buf);
}

/* <name w:val="value"/> */
static void
val_element (Writer     *wr,
             const char *name,
             const char *value)
{
  start (wr, name);
  if (value)
    attr (wr, "w:val", value);
  end (wr);
}

static void
empty (Writer     *wr,
       const char *name)
{
  start (wr, name);
  end (wr);
}

static const char *
style_id (TjStyle style)
{
  switch (style)
    {
    case TJ_STYLE_TITLE: return "TjTitle";
    case TJ_STYLE_SUBTITLE: return "TjSubtitle";
    case TJ_STYLE_HEADING: return "TjHeading";
    case TJ_STYLE_SMALL: return "TjSmall";
    case TJ_STYLE_CELL: return "TjCell";
    case TJ_STYLE_BODY:
    default: return "TjBody";
    }
}

static int
style_half_points (TjStyle style)
{
  switch (style)
    {
    case TJ_STYLE_TITLE: return 40;
    case TJ_STYLE_HEADING: return 25;
    case TJ_STYLE_SMALL:
    case TJ_STYLE_CELL: return 21;
    default: return 24;
    }
}

static void
write_run (Writer     *wr,
           const char *text,
           guint       flags)
{
  start (wr, "w:r");
  if (flags & (TJ_RUN_BOLD | TJ_RUN_UNDERLINE))
    {
      start (wr, "w:rPr");
      if (flags & TJ_RUN_BOLD)
        {
          empty (wr, "w:b");
          empty (wr, "w:bCs");
        }
      if (flags & TJ_RUN_UNDERLINE)
        val_element (wr, "w:u", "single");
      end (wr);
    }
  if (flags & TJ_RUN_BREAK)
    empty (wr, "w:br");
  else
    {
      start (wr, "w:t");
      attr (wr, "xml:space", "preserve");
      xmlTextWriterWriteString (W (wr), (const xmlChar *) text);
      end (wr);
    }
  end (wr);
}

/* Whether @para holds a run of ten or more letters or digits that cannot
 * be broken (a credit code, an ID number). Word would spread the line
 * before it out character by character to justify it (施 工 总 承 包 …);
 * such a paragraph is set ragged instead, as the PDF is. */
static gboolean
long_latin_run (TjPara *para)
{
  for (guint i = 0; i < para->runs->len; i++)
    {
      TjRun *run = g_ptr_array_index (para->runs, i);
      guint n = 0;

      for (const char *p = run->text; p && *p; p++)
        {
          n = g_ascii_isalnum (*p) || *p == ',' || *p == '.' || *p == '-' ? n + 1 : 0;
          if (n >= 10)
            return TRUE;
        }
    }
  return FALSE;
}

static void
write_para (Writer   *wr,
            TjPara   *para,
            gboolean  keep_next)
{
  const char *jc = NULL;

  start (wr, "w:p");
  start (wr, "w:pPr");
  val_element (wr, "w:pStyle", style_id (para->style));
  if (keep_next)
    empty (wr, "w:keepNext");
  switch (para->align)
    {
    case TJ_ALIGN_CENTER: jc = "center"; break;
    case TJ_ALIGN_RIGHT: jc = "right"; break;
    case TJ_ALIGN_JUSTIFY: jc = long_latin_run (para) ? "left" : "both"; break;
    default: jc = "left"; break;
    }
  if (para->indent > 0)
    {
      start (wr, "w:ind");
      attr_int (wr, "w:firstLineChars", (long) (para->indent * 100));
      attr_int (wr, "w:firstLine", (long) (para->indent * style_half_points (para->style) * 10));
      end (wr);
    }
  else
    {
      start (wr, "w:ind");
      attr (wr, "w:firstLineChars", "0");
      attr (wr, "w:firstLine", "0");
      end (wr);
    }
  val_element (wr, "w:jc", jc);
  if (para->bold)
    {
      start (wr, "w:rPr");
      empty (wr, "w:b");
      end (wr);
    }
  end (wr);
  for (guint i = 0; i < para->runs->len; i++)
    {
      TjRun *run = g_ptr_array_index (para->runs, i);
      write_run (wr, run->text, run->flags | (para->bold ? TJ_RUN_BOLD : 0));
    }
  end (wr);
}

static void
write_borders (Writer     *wr,
               const char *element,
               const char *value)
{
  static const char * const sides[] = { "w:top", "w:left", "w:bottom", "w:right", "w:insideH", "w:insideV" };
  start (wr, element);
  for (guint i = 0; i < G_N_ELEMENTS (sides); i++)
    {
      start (wr, sides[i]);
      attr (wr, "w:val", value);
      attr (wr, "w:sz", "4");
      attr (wr, "w:space", "0");
      attr (wr, "w:color", "000000");
      end (wr);
    }
  end (wr);
}

static void
write_row (Writer   *wr,
           TjTable  *table,
           TjRow    *row,
           gboolean  header)
{
  guint col = 0;

  start (wr, "w:tr");
  start (wr, "w:trPr");
  empty (wr, "w:cantSplit");
  if (!header && table->min_row_mm > 0)
    {
      start (wr, "w:trHeight");
      attr_int (wr, "w:val", (long) (table->min_row_mm * 56.7));
      attr (wr, "w:hRule", "atLeast");
      end (wr);
    }
  if (header)
    empty (wr, "w:tblHeader");
  end (wr);
  for (guint i = 0; i < row->cells->len; i++)
    {
      TjCell *cell = g_ptr_array_index (row->cells, i);
      double frac = 0;
      for (guint c = col; c < col + cell->span && c < table->n_cols; c++)
        frac += table->widths[c];
      col += cell->span;
      start (wr, "w:tc");
      start (wr, "w:tcPr");
      start (wr, "w:tcW");
      attr_int (wr, "w:w", (long) (frac * CONTENT_TW));
      attr (wr, "w:type", "dxa");
      end (wr);
      if (cell->span > 1)
        {
          start (wr, "w:gridSpan");
          attr_int (wr, "w:val", cell->span);
          end (wr);
        }
      if (header)
        {
          start (wr, "w:shd");
          attr (wr, "w:val", "clear");
          attr (wr, "w:color", "auto");
          attr (wr, "w:fill", "E6E6E6");
          end (wr);
        }
      val_element (wr, "w:vAlign", "center");
      end (wr);
      if (header)
        {
          cell->para->bold = TRUE;
          cell->para->align = TJ_ALIGN_CENTER;
        }
      write_para (wr, cell->para, FALSE);
      end (wr);
    }
  end (wr);
}

/* Opens a <w:tbl> as wide as the text with fixed columns, in @style
 * (nullable) with @borders ("single", "nil"); its <w:tblGrid> follows. */
static void
start_table (Writer     *wr,
             const char *style,
             const char *borders)
{
  start (wr, "w:tbl");
  start (wr, "w:tblPr");
  if (style)
    val_element (wr, "w:tblStyle", style);
  start (wr, "w:tblW");
  attr_int (wr, "w:w", CONTENT_TW);
  attr (wr, "w:type", "dxa");
  end (wr);
  write_borders (wr, "w:tblBorders", borders);
  start (wr, "w:tblLayout");
  attr (wr, "w:type", "fixed");
  end (wr);
  end (wr);
}

static void
write_table (Writer  *wr,
             TjTable *table)
{
  start_table (wr, "TjTable", "single");
  start (wr, "w:tblGrid");
  for (guint c = 0; c < table->n_cols; c++)
    {
      start (wr, "w:gridCol");
      attr_int (wr, "w:w", (long) (table->widths[c] * CONTENT_TW));
      end (wr);
    }
  end (wr);
  if (table->header)
    write_row (wr, table, table->header, TRUE);
  for (guint r = 0; r < table->rows->len; r++)
    write_row (wr, table, g_ptr_array_index (table->rows, r), FALSE);
  end (wr);
  /* Word needs a paragraph between two tables, and after a last one. */
  start (wr, "w:p");
  start (wr, "w:pPr");
  val_element (wr, "w:pStyle", "TjSmall");
  end (wr);
  end (wr);
}

static void
write_spacing_para (Writer   *wr,
                    long      twips,
                    gboolean  keep_next)
{
  start (wr, "w:p");
  start (wr, "w:pPr");
  if (keep_next)
    empty (wr, "w:keepNext");
  start (wr, "w:spacing");
  attr (wr, "w:before", "0");
  attr_int (wr, "w:after", twips);
  attr (wr, "w:line", "20");
  attr (wr, "w:lineRule", "exact");
  end (wr);
  end (wr);
  end (wr);
}

static void
write_signatures (Writer  *wr,
                  TjBlock *block)
{
  guint columns = MAX (block->columns, 1);
  long col_tw = CONTENT_TW / columns;

  start_table (wr, NULL, "nil");
  start (wr, "w:tblGrid");
  for (guint c = 0; c < columns; c++)
    {
      start (wr, "w:gridCol");
      attr_int (wr, "w:w", col_tw);
      end (wr);
    }
  end (wr);
  /* Two table rows per group: the labels, then the signing lines, so the
   * lines are level across a row however long each label is. */
  /* Every paragraph but the last keeps with the next, so Word and
   * LibreOffice keep the signature blocks together on one page. */
  for (guint i = 0; i < block->signatures->len; i += columns)
    for (guint part = 0; part < 2; part++)
      {
        gboolean last_group = i + columns >= block->signatures->len;
        start (wr, "w:tr");
        start (wr, "w:trPr");
        empty (wr, "w:cantSplit");
        end (wr);
        for (guint c = 0; c < columns; c++)
          {
            TjSignature *sig = i + c < block->signatures->len
                               ? g_ptr_array_index (block->signatures, i + c) : NULL;
            start (wr, "w:tc");
            start (wr, "w:tcPr");
            start (wr, "w:tcW");
            attr_int (wr, "w:w", col_tw);
            attr (wr, "w:type", "dxa");
            end (wr);
            if (part == 0)
              val_element (wr, "w:vAlign", "top");
            end (wr);
            if (sig == NULL)
              empty (wr, "w:p");
            else if (part == 0)
              {
                sig->label->align = TJ_ALIGN_LEFT;
                sig->label->indent = 0;
                write_para (wr, sig->label, TRUE);
              }
            else
              {
                g_autofree char *marks = tj_signature_marks_text (sig->marks);
                g_autofree char *marks_line = g_strconcat (marks, "：", NULL);
                GString *blank = g_string_new (NULL);
                glong fill = (col_tw / 240) - g_utf8_strlen (marks_line, -1) - 2;

                write_spacing_para (wr, (long) (sig->space_mm * 56.7), TRUE);
                for (glong k = 0; k < MAX (fill, 4); k++)
                  g_string_append (blank, "\u3000");
                if (sig->marks != TJ_MARK_SEAL)
                  {
                    start (wr, "w:p");
                    start (wr, "w:pPr");
                    val_element (wr, "w:pStyle", "TjBody");
                    empty (wr, "w:keepNext");
                    val_element (wr, "w:jc", "left");
                    end (wr);
                    write_run (wr, marks_line, 0);
                    write_run (wr, blank->str, TJ_RUN_UNDERLINE);
                    end (wr);
                  }
                g_string_free (blank, TRUE);
                if (sig->date)
                  {
                    start (wr, "w:p");
                    start (wr, "w:pPr");
                    val_element (wr, "w:pStyle", "TjBody");
                    empty (wr, "w:keepNext");
                    val_element (wr, "w:jc", "left");
                    end (wr);
                    /* Two characters to spare: Word and LibreOffice may
                     * substitute a wider face than the PDF's. */
                    write_run (wr, tj_signature_date_text (col_tw / 240.0 - 2), 0);
                    end (wr);
                  }
                write_spacing_para (wr, 240, !last_group);
              }
            end (wr);
          }
        end (wr);
      }
  end (wr);
  empty (wr, "w:p");
}

static char *
document_xml (TjDocument *doc)
{
  Writer wr;

  writer_open (&wr);
  start (&wr, "w:document");
  attr (&wr, "xmlns:w", W_NS);
  attr (&wr, "xmlns:r", R_NS);
  start (&wr, "w:body");
  for (guint i = 0; i < doc->blocks->len; i++)
    {
      TjBlock *block = g_ptr_array_index (doc->blocks, i);
      switch (block->kind)
        {
        case TJ_BLOCK_PARA:
          {
            TjBlock *next = i + 1 < doc->blocks->len ? g_ptr_array_index (doc->blocks, i + 1) : NULL;
            /* Headings and titles keep with what follows; so does the
             * last clause with the signatures under it. */
            write_para (&wr, block->para, block->para->style == TJ_STYLE_HEADING ||
                                          block->para->style == TJ_STYLE_TITLE ||
                                          (next && next->kind == TJ_BLOCK_SIGNATURES));
          }
          break;
        case TJ_BLOCK_TABLE:
          write_table (&wr, block->table);
          break;
        case TJ_BLOCK_SIGNATURES:
          write_signatures (&wr, block);
          break;
        case TJ_BLOCK_PAGEBREAK:
          start (&wr, "w:p");
          start (&wr, "w:r");
          start (&wr, "w:br");
          attr (&wr, "w:type", "page");
          end (&wr);
          end (&wr);
          end (&wr);
          break;
        case TJ_BLOCK_SPACER:
          write_spacing_para (&wr, (long) (block->height_mm * 56.7), FALSE);
          break;
        }
    }
  start (&wr, "w:sectPr");
  start (&wr, "w:footerReference");
  attr (&wr, "w:type", "default");
  attr (&wr, "r:id", "rIdFooter");
  end (&wr);
  start (&wr, "w:pgSz");
  attr_int (&wr, "w:w", PAGE_W_TW);
  attr_int (&wr, "w:h", PAGE_H_TW);
  end (&wr);
  start (&wr, "w:pgMar");
  attr_int (&wr, "w:top", MARGIN_TB_TW);
  attr_int (&wr, "w:right", MARGIN_RIGHT_TW);
  attr_int (&wr, "w:bottom", MARGIN_TB_TW);
  attr_int (&wr, "w:left", MARGIN_LEFT_TW);
  attr (&wr, "w:header", "851");
  attr (&wr, "w:footer", "737");
  attr (&wr, "w:gutter", "0");
  end (&wr);
  end (&wr);   /* sectPr */
  end (&wr);   /* body */
  end (&wr);   /* document */
  return writer_close (&wr);
}

static void
field_runs (Writer     *wr,
            const char *instr)
{
  start (wr, "w:r");
  start (wr, "w:fldChar");
  attr (wr, "w:fldCharType", "begin");
  end (wr);
  end (wr);
  start (wr, "w:r");
  start (wr, "w:instrText");
  attr (wr, "xml:space", "preserve");
  xmlTextWriterWriteString (W (wr), (const xmlChar *) instr);
  end (wr);
  end (wr);
  start (wr, "w:r");
  start (wr, "w:fldChar");
  attr (wr, "w:fldCharType", "separate");
  end (wr);
  end (wr);
  write_run (wr, "1", 0);
  start (wr, "w:r");
  start (wr, "w:fldChar");
  attr (wr, "w:fldCharType", "end");
  end (wr);
  end (wr);
}

static char *
footer_xml (void)
{
  Writer wr;

  writer_open (&wr);
  start (&wr, "w:ftr");
  attr (&wr, "xmlns:w", W_NS);
  attr (&wr, "xmlns:r", R_NS);
  start (&wr, "w:p");
  start (&wr, "w:pPr");
  val_element (&wr, "w:pStyle", "TjSmall");
  val_element (&wr, "w:jc", "center");
  end (&wr);
  write_run (&wr, "第 ", 0);
  field_runs (&wr, " PAGE ");
  write_run (&wr, " 页 共 ", 0);
  field_runs (&wr, " NUMPAGES ");
  write_run (&wr, " 页", 0);
  end (&wr);
  end (&wr);
  return writer_close (&wr);
}

static void
fonts (Writer     *wr,
       const char *east_asia)
{
  start (wr, "w:rFonts");
  attr (wr, "w:ascii", "Times New Roman");
  attr (wr, "w:hAnsi", "Times New Roman");
  attr (wr, "w:eastAsia", east_asia);
  attr (wr, "w:cs", "Times New Roman");
  end (wr);
}

static void
paragraph_style (Writer     *wr,
                 const char *id,
                 const char *name,
                 const char *east_asia,
                 int         half_points,
                 gboolean    bold,
                 const char *jc,
                 int         before,
                 int         after,
                 int         line)
{
  char sz[16];

  start (wr, "w:style");
  attr (wr, "w:type", "paragraph");
  if (strcmp (id, "TjBody") == 0)
    attr (wr, "w:default", "1");
  attr (wr, "w:styleId", id);
  val_element (wr, "w:name", name);
  val_element (wr, "w:qFormat", NULL);
  start (wr, "w:pPr");
  start (wr, "w:spacing");
  attr_int (wr, "w:before", before);
  attr_int (wr, "w:after", after);
  attr_int (wr, "w:line", line);
  attr (wr, "w:lineRule", "auto");
  end (wr);
  if (jc)
    val_element (wr, "w:jc", jc);
  end (wr);
  start (wr, "w:rPr");
  fonts (wr, east_asia);
  if (bold)
    {
      empty (wr, "w:b");
      empty (wr, "w:bCs");
    }
  g_snprintf (sz, sizeof sz, "%d", half_points);
  val_element (wr, "w:sz", sz);
  val_element (wr, "w:szCs", sz);
  end (wr);
  end (wr);
}

static char *
styles_xml (void)
{
  Writer wr;

  writer_open (&wr);
  start (&wr, "w:styles");
  attr (&wr, "xmlns:w", W_NS);
  start (&wr, "w:docDefaults");
  start (&wr, "w:rPrDefault");
  start (&wr, "w:rPr");
  fonts (&wr, "宋体");
  val_element (&wr, "w:sz", "24");
  val_element (&wr, "w:szCs", "24");
  start (&wr, "w:lang");
  attr (&wr, "w:val", "en-US");
  attr (&wr, "w:eastAsia", "zh-CN");
  attr (&wr, "w:bidi", "ar-SA");
  end (&wr);
  end (&wr);
  end (&wr);
  start (&wr, "w:pPrDefault");
  start (&wr, "w:pPr");
  /* Chinese line breaking rules (no 。，at the start of a line). */
  val_element (&wr, "w:kinsoku", NULL);
  val_element (&wr, "w:autoSpaceDE", "0");
  val_element (&wr, "w:autoSpaceDN", "0");
  end (&wr);
  end (&wr);
  end (&wr);

  /* line = 240ths of single spacing, matching the PDF's factors. */
  paragraph_style (&wr, "TjBody", "Body Text (Tiaojie)", "宋体", 24, FALSE, "both", 0, 100, 300);
  paragraph_style (&wr, "TjTitle", "Title (Tiaojie)", "宋体", 40, TRUE, "center", 0, 280, 264);
  paragraph_style (&wr, "TjSubtitle", "Subtitle (Tiaojie)", "宋体", 24, FALSE, "center", 0, 200, 264);
  paragraph_style (&wr, "TjHeading", "Heading (Tiaojie)", "黑体", 25, TRUE, "left", 160, 80, 276);
  paragraph_style (&wr, "TjSmall", "Small Text (Tiaojie)", "宋体", 21, FALSE, NULL, 0, 80, 276);
  paragraph_style (&wr, "TjCell", "Table Text (Tiaojie)", "宋体", 21, FALSE, NULL, 0, 0, 252);

  start (&wr, "w:style");
  attr (&wr, "w:type", "table");
  attr (&wr, "w:styleId", "TjTable");
  val_element (&wr, "w:name", "Table Grid (Tiaojie)");
  start (&wr, "w:tblPr");
  write_borders (&wr, "w:tblBorders", "single");
  start (&wr, "w:tblCellMar");
  start (&wr, "w:left");
  attr (&wr, "w:w", "70");
  attr (&wr, "w:type", "dxa");
  end (&wr);
  start (&wr, "w:right");
  attr (&wr, "w:w", "70");
  attr (&wr, "w:type", "dxa");
  end (&wr);
  end (&wr);
  end (&wr);
  end (&wr);

  end (&wr);
  return writer_close (&wr);
}

static char *
settings_xml (void)
{
  Writer wr;

  writer_open (&wr);
  start (&wr, "w:settings");
  attr (&wr, "xmlns:w", W_NS);
  start (&wr, "w:zoom");
  attr (&wr, "w:percent", "100");
  end (&wr);
  val_element (&wr, "w:defaultTabStop", "420");
  val_element (&wr, "w:characterSpacingControl", "compressPunctuation");
  start (&wr, "w:compat");
  start (&wr, "w:compatSetting");
  attr (&wr, "w:name", "compatibilityMode");
  attr (&wr, "w:uri", "http://schemas.microsoft.com/office/word");
  attr (&wr, "w:val", "15");
  end (&wr);
  end (&wr);
  start (&wr, "w:themeFontLang");
  attr (&wr, "w:val", "en-US");
  attr (&wr, "w:eastAsia", "zh-CN");
  end (&wr);
  end (&wr);
  return writer_close (&wr);
}

static char *
core_xml (TjDocument *doc)
{
  Writer wr;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *stamp = g_date_time_format (now, "%Y-%m-%dT%H:%M:%SZ");

  writer_open (&wr);
  start (&wr, "cp:coreProperties");
  attr (&wr, "xmlns:cp", "http://schemas.openxmlformats.org/package/2006/metadata/core-properties");
  attr (&wr, "xmlns:dc", "http://purl.org/dc/elements/1.1/");
  attr (&wr, "xmlns:dcterms", "http://purl.org/dc/terms/");
  attr (&wr, "xmlns:xsi", "http://www.w3.org/2001/XMLSchema-instance");
  xmlTextWriterWriteElement (wr.w, (const xmlChar *) "dc:title", (const xmlChar *) (doc->title ? doc->title : ""));
  xmlTextWriterWriteElement (wr.w, (const xmlChar *) "dc:creator", (const xmlChar *) "Tiaojie");
  xmlTextWriterWriteElement (wr.w, (const xmlChar *) "dc:language", (const xmlChar *) "zh-CN");
  start (&wr, "dcterms:created");
  attr (&wr, "xsi:type", "dcterms:W3CDTF");
  xmlTextWriterWriteString (wr.w, (const xmlChar *) stamp);
  end (&wr);
  end (&wr);
  return writer_close (&wr);
}

static const char content_types[] =
  "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
  "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
  "<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
  "<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
  "<Override PartName=\"/word/document.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/>"
  "<Override PartName=\"/word/styles.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml\"/>"
  "<Override PartName=\"/word/settings.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml\"/>"
  "<Override PartName=\"/word/footer1.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml\"/>"
  "<Override PartName=\"/docProps/core.xml\" ContentType=\"application/vnd.openxmlformats-package.core-properties+xml\"/>"
  "<Override PartName=\"/docProps/app.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.extended-properties+xml\"/>"
  "</Types>";

static const char package_rels[] =
  "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
  "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
  "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"word/document.xml\"/>"
  "<Relationship Id=\"rId2\" Type=\"http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties\" Target=\"docProps/core.xml\"/>"
  "<Relationship Id=\"rId3\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties\" Target=\"docProps/app.xml\"/>"
  "</Relationships>";

static const char document_rels[] =
  "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
  "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
  "<Relationship Id=\"rIdStyles\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles\" Target=\"styles.xml\"/>"
  "<Relationship Id=\"rIdSettings\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/settings\" Target=\"settings.xml\"/>"
  "<Relationship Id=\"rIdFooter\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer\" Target=\"footer1.xml\"/>"
  "</Relationships>";

static const char app_xml[] =
  "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
  "<Properties xmlns=\"http://schemas.openxmlformats.org/officeDocument/2006/extended-properties\">"
  "<Application>Tiaojie</Application></Properties>";

static int
archive_open_cb (struct archive *a,
                 void           *data)
{
  return ARCHIVE_OK;
}

static la_ssize_t
archive_write_cb (struct archive *a,
                  void           *data,
                  const void     *buffer,
                  size_t          length)
{
  g_byte_array_append (data, buffer, length);
  return length;
}

static int
archive_close_cb (struct archive *a,
                  void           *data)
{
  return ARCHIVE_OK;
}

static gboolean
add_entry (struct archive  *a,
           const char      *name,
           const char      *data,
           GError         **error)
{
  struct archive_entry *entry = archive_entry_new ();
  size_t len = strlen (data);
  gboolean ok = TRUE;

  archive_entry_set_pathname (entry, name);
  archive_entry_set_size (entry, len);
  archive_entry_set_filetype (entry, AE_IFREG);
  archive_entry_set_perm (entry, 0644);
  /* A fixed time: the same document gives the same bytes. */
  archive_entry_set_mtime (entry, 1577836800, 0);
  if (archive_write_header (a, entry) != ARCHIVE_OK ||
      archive_write_data (a, data, len) != (la_ssize_t) len)
    {
      g_set_error (error, TJ_ERROR, TJ_ERROR_FAILED, _("Could not write the DOCX part %s: %s"),
                   name, archive_error_string (a));
      ok = FALSE;
    }
  archive_entry_free (entry);
  return ok;
}

GBytes *
tj_document_to_docx (TjDocument  *doc,
                     GError     **error)
{
  g_autoptr(GByteArray) buf = g_byte_array_new ();
  g_autofree char *document = document_xml (doc);
  g_autofree char *styles = styles_xml ();
  g_autofree char *settings = settings_xml ();
  g_autofree char *footer = footer_xml ();
  g_autofree char *core = core_xml (doc);
  struct archive *a = archive_write_new ();
  gboolean ok;

  archive_write_set_format_zip (a);
  archive_write_set_bytes_in_last_block (a, 1);
  if (archive_write_open (a, buf, archive_open_cb, archive_write_cb, archive_close_cb) != ARCHIVE_OK)
    {
      g_set_error (error, TJ_ERROR, TJ_ERROR_FAILED, _("Could not start the DOCX archive: %s"),
                   archive_error_string (a));
      archive_write_free (a);
      return NULL;
    }
  /* [Content_Types].xml first, as Word expects. */
  ok = add_entry (a, "[Content_Types].xml", content_types, error) &&
       add_entry (a, "_rels/.rels", package_rels, error) &&
       add_entry (a, "word/document.xml", document, error) &&
       add_entry (a, "word/_rels/document.xml.rels", document_rels, error) &&
       add_entry (a, "word/styles.xml", styles, error) &&
       add_entry (a, "word/settings.xml", settings, error) &&
       add_entry (a, "word/footer1.xml", footer, error) &&
       add_entry (a, "docProps/core.xml", core, error) &&
       add_entry (a, "docProps/app.xml", app_xml, error);
  if (archive_write_close (a) != ARCHIVE_OK && ok)
    {
      g_set_error (error, TJ_ERROR, TJ_ERROR_FAILED, _("Could not finish the DOCX archive: %s"),
                   archive_error_string (a));
      ok = FALSE;
    }
  archive_write_free (a);
  if (!ok)
    return NULL;
  return g_byte_array_free_to_bytes (g_steal_pointer (&buf));
}

GBytes *
tj_docgen_render_docx (TjTemplate             *tmpl,
                       JsonObject             *model,
                       const TjDocgenOptions  *options,
                       GError                **error)
{
  g_autoptr(TjDocument) doc = tj_docgen_evaluate (tmpl, model, options, error);

  if (doc == NULL)
    return NULL;
  return tj_document_to_docx (doc, error);
}
