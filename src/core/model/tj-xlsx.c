/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Tiaojie-Model"

#include "tj-xlsx.h"
#include "tj-error.h"
#include "tj-i18n.h"

#include <archive.h>
#include <archive_entry.h>
#include <libxml/globals.h>
#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/tree.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Far above any real roster (5,000 workers unpack to a few MB) and far
 * below what would hurt a desktop: the guard against zip bombs. */
#define MAX_UNPACKED (256u * 1024u * 1024u)
#define MAX_COLUMNS 16384   /* XFD, Excel's last column */
#define MAX_ROWS 1048576
/* What the cells may expand to once read: a few bytes of XML can stand
 * for a long row (a cell in column XFC is 16,383 cells of a row, empty
 * ones included) or for a long shared string repeated in every cell.
 * A roster of 5,000 workers has some 50,000 cells and a few MB of text;
 * the limits are far above that and far below what hurts a desktop. */
#define MAX_ROW_WIDTH 1024                 /* column AMJ */
#define MAX_CELLS 2000000u                 /* counting the empty ones before each filled cell */
#define MAX_TEXT (64u * 1024u * 1024u)     /* bytes of cell text in all */
#define MAX_STRINGS MAX_CELLS              /* shared strings: no sheet can use more */
/* The small parts read into a tree (workbook, relationships, styles):
 * libxml2's tree takes several times the text, so they are held to a
 * size Excel never comes near. */
#define MAX_TREE_PART (16u * 1024u * 1024u)

#define NS_REL "http://schemas.openxmlformats.org/officeDocument/2006/relationships"

G_DEFINE_AUTOPTR_CLEANUP_FUNC (xmlDoc, xmlFreeDoc)

gboolean
tj_xlsx_sniff (const char *data,
               gsize       length)
{
  return length >= 4 && memcmp (data, "PK\003\004", 4) == 0;
}

char *
tj_xlsx_serial_to_iso (double   serial,
                       gboolean date1904)
{
  GDate d;
  double days = floor (serial);

  /* 1900 system: day 1 is 1900-01-01 and Lotus' fictitious 1900-02-29 is
   * day 60, so from day 61 on the epoch is 1899-12-30. Earlier days are
   * never roster dates; refusing them avoids the off-by-one. */
  if (!isfinite (days) || days < (date1904 ? 0 : 61) || days > 2958465)
    return NULL;
  g_date_clear (&d, 1);
  if (date1904)
    g_date_set_dmy (&d, 1, G_DATE_JANUARY, 1904);
  else
    g_date_set_dmy (&d, 30, G_DATE_DECEMBER, 1899);
  g_date_add_days (&d, (guint) days);
  if (g_date_get_year (&d) > 9999)
    return NULL;
  return g_strdup_printf ("%04u-%02u-%02u", g_date_get_year (&d), g_date_get_month (&d),
                          g_date_get_day (&d));
}

/* ------------------------------------------------------------------ */
/* The zip                                                              */

static gboolean
wanted_part (const char *name)
{
  return g_str_has_prefix (name, "xl/") &&
         (g_str_has_suffix (name, ".xml") || g_str_has_suffix (name, ".rels"));
}

/* libarchive's reason, as UTF-8 (it may quote a file name's raw bytes). */
static char *
archive_reason (struct archive *a)
{
  return g_utf8_make_valid (archive_error_string (a) ? archive_error_string (a) : "zip", -1);
}

/* name -> GBytes of the XML parts under xl/. */
static GHashTable *
read_parts (const char  *data,
            gsize        length,
            GError     **error)
{
  g_autoptr(GHashTable) parts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                       (GDestroyNotify) g_bytes_unref);
  struct archive *a = archive_read_new ();
  struct archive_entry *entry;
  gsize total = 0;
  int rc;

  archive_read_support_format_zip (a);
  if (archive_read_open_memory (a, data, length) != ARCHIVE_OK)
    {
      g_autofree char *reason = archive_reason (a);
      g_set_error (error, TJ_ERROR, TJ_ERROR_INVALID,
                   _("The file is not an Excel workbook (.xlsx) that can be read: %s"), reason);
      archive_read_free (a);
      return NULL;
    }
  while ((rc = archive_read_next_header (a, &entry)) == ARCHIVE_OK)
    {
      const char *name = archive_entry_pathname_utf8 (entry);
      g_autoptr(GByteArray) buf = NULL;
      char chunk[65536];
      la_ssize_t n;

      if (name == NULL)
        name = archive_entry_pathname (entry);
      /* The parts looked up all have UTF-8 names; another name is none of
       * them (and must not reach a message). */
      if (name == NULL || !g_utf8_validate (name, -1, NULL) || !wanted_part (name))
        {
          archive_read_data_skip (a);
          continue;
        }
      buf = g_byte_array_new ();
      while ((n = archive_read_data (a, chunk, sizeof chunk)) > 0)
        {
          total += (gsize) n;
          if (total > MAX_UNPACKED)
            {
              g_set_error (error, TJ_ERROR, TJ_ERROR_INVALID,
                           _("The workbook unpacks to more than %u MB; it cannot be a roster"),
                           MAX_UNPACKED / (1024u * 1024u));
              archive_read_free (a);
              return NULL;
            }
          g_byte_array_append (buf, (const guint8 *) chunk, (guint) n);
        }
      if (n < 0)
        {
          g_autofree char *reason = archive_reason (a);
          g_set_error (error, TJ_ERROR, TJ_ERROR_INVALID, _("The workbook is damaged: %s: %s"), name, reason);
          archive_read_free (a);
          return NULL;
        }
      g_hash_table_insert (parts, g_strdup (name), g_byte_array_free_to_bytes (g_steal_pointer (&buf)));
    }
  if (rc != ARCHIVE_EOF)
    {
      g_autofree char *reason = archive_reason (a);
      g_set_error (error, TJ_ERROR, TJ_ERROR_INVALID,
                   _("The file is not an Excel workbook (.xlsx) that can be read: %s"), reason);
      archive_read_free (a);
      return NULL;
    }
  archive_read_free (a);
  return g_steal_pointer (&parts);
}

/* ------------------------------------------------------------------ */
/* XML helpers                                                          */

/* libxml2's messages would go to stderr; the first one is kept by the
 * streaming parser, and a broken part is reported by name anyway. */
static void
quiet_error (void        *user_data,
             xmlErrorPtr  error)
{
}

/* A DTD is where entity tricks (billion laughs, external entities) live,
 * and Office never writes one: stop the parse the moment one starts,
 * before libxml2 reads what it declares. */
static void
dom_internal_subset (void          *user_data,
                     const xmlChar *name,
                     const xmlChar *external_id,
                     const xmlChar *system_id)
{
  xmlParserCtxtPtr ctxt = user_data;

  *(gboolean *) ctxt->_private = TRUE;
  xmlStopParser (ctxt);
}

/* Whether part @name, when there is one, is small enough to be read into
 * a tree; a bigger one is refused (even an optional part: ignoring it
 * would read the workbook wrongly without a word). */
static gboolean
tree_part_fits (GHashTable  *parts,
                const char  *name,
                GError     **error)
{
  GBytes *bytes = g_hash_table_lookup (parts, name);

  if (bytes == NULL || g_bytes_get_size (bytes) <= MAX_TREE_PART)
    return TRUE;
  g_set_error (error, TJ_ERROR, TJ_ERROR_INVALID,
               _("The workbook is refused: %s is larger than %u MB, far more than Excel writes"), name,
               MAX_TREE_PART / (1024u * 1024u));
  return FALSE;
}

static xmlDoc *
parse_part (GHashTable  *parts,
            const char  *name,
            gboolean     required,
            GError     **error)
{
  GBytes *bytes = g_hash_table_lookup (parts, name);
  xmlParserCtxtPtr ctxt;
  gboolean dtd = FALSE;
  gsize size;
  const char *data;
  xmlDoc *doc;

  if (bytes == NULL)
    {
      if (required)
        g_set_error (error, TJ_ERROR, TJ_ERROR_INVALID,
                     _("The file is not an Excel workbook (.xlsx): %s is missing"), name);
      return NULL;
    }
  if (!tree_part_fits (parts, name, error))
    return NULL;
  data = g_bytes_get_data (bytes, &size);
  ctxt = xmlCreateMemoryParserCtxt (data, (int) size);
  if (ctxt == NULL)
    {
      g_set_error (error, TJ_ERROR, TJ_ERROR_INVALID, _("The workbook is damaged: %s is not well-formed XML"), name);
      return NULL;
    }
  /* No NOENT (entities stay unexpanded), no DTD loading, no network; the
   * tree is built by libxml2's own SAX2 handlers, whose context is the
   * parser context, as they require. */
  xmlCtxtUseOptions (ctxt, XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING | XML_PARSE_COMPACT);
  ctxt->sax->internalSubset = dom_internal_subset;
  ctxt->sax->externalSubset = NULL;
  ctxt->sax->serror = quiet_error;
  ctxt->_private = &dtd;
  xmlParseDocument (ctxt);
  doc = ctxt->myDoc;
  ctxt->myDoc = NULL;
  if (doc && (!ctxt->wellFormed || dtd))
    g_clear_pointer (&doc, xmlFreeDoc);
  xmlFreeParserCtxt (ctxt);
  if (dtd)
    {
      /* Office never writes a DTD; one here is an attempt at entity tricks. */
      g_set_error (error, TJ_ERROR, TJ_ERROR_INVALID,
                   _("The workbook is refused: %s declares a DTD, which Excel files never do"), name);
      return NULL;
    }
  if (doc == NULL || xmlDocGetRootElement (doc) == NULL)
    {
      g_set_error (error, TJ_ERROR, TJ_ERROR_INVALID, _("The workbook is damaged: %s is not well-formed XML"), name);
      if (doc)
        xmlFreeDoc (doc);
      return NULL;
    }
  return doc;
}

static gboolean
is_element (xmlNode    *node,
            const char *local_name)
{
  return node->type == XML_ELEMENT_NODE && strcmp ((const char *) node->name, local_name) == 0;
}

static xmlNode *
child (xmlNode    *parent,
       const char *local_name)
{
  for (xmlNode *n = parent ? parent->children : NULL; n; n = n->next)
    if (is_element (n, local_name))
      return n;
  return NULL;
}

/* Attribute by local name, whatever its namespace prefix. */
static char *
attr (xmlNode    *node,
      const char *local_name)
{
  for (xmlAttr *a = node->properties; a; a = a->next)
    if (strcmp ((const char *) a->name, local_name) == 0)
      {
        xmlChar *v = xmlNodeListGetString (node->doc, a->children, 1);
        char *out = g_strdup ((const char *) v);
        xmlFree (v);
        return out;
      }
  return NULL;
}

/* A whole number from an attribute, or @fallback when it is not one or
 * is outside [@min, @max] (atoi() would overflow on "99999999999"). */
static int
parse_int (const char *text,
           int         min,
           int         max,
           int         fallback)
{
  char *end = NULL;
  gint64 v;

  if (text == NULL)
    return fallback;
  v = g_ascii_strtoll (text, &end, 10);
  if (end == text || v < min || v > max)
    return fallback;
  return (int) v;
}

/* ------------------------------------------------------------------ */
/* Workbook parts                                                       */

/* (g_set_str() would do, but it is GLib 2.76.) */
static void
set_str (char       **target,
         const char  *value)
{
  g_free (*target);
  *target = g_strdup (value);
}

static char *
first_sheet_path (GHashTable  *parts,
                  char       **sheet_name,
                  gboolean    *date1904,
                  char       **shared_path,
                  char       **styles_path,
                  GError     **error)
{
  g_autoptr(xmlDoc) wb = parse_part (parts, "xl/workbook.xml", TRUE, error);
  g_autoptr(xmlDoc) rels = NULL;
  g_autofree char *rid = NULL;
  g_autofree char *sheet_path = NULL;
  xmlNode *sheets, *sheet = NULL, *pr;

  if (wb == NULL)
    return NULL;
  pr = child (xmlDocGetRootElement (wb), "workbookPr");
  if (pr)
    {
      g_autofree char *v = attr (pr, "date1904");
      *date1904 = v && (g_str_equal (v, "1") || g_ascii_strcasecmp (v, "true") == 0);
    }
  sheets = child (xmlDocGetRootElement (wb), "sheets");
  sheet = child (sheets, "sheet");
  if (sheet == NULL)
    {
      g_set_error (error, TJ_ERROR, TJ_ERROR_INVALID, _("The workbook has no worksheet"));
      return NULL;
    }
  *sheet_name = attr (sheet, "name");
  {
    xmlChar *v = xmlGetNsProp (sheet, (const xmlChar *) "id", (const xmlChar *) NS_REL);
    rid = v ? g_strdup ((const char *) v) : attr (sheet, "id");
    xmlFree (v);
  }

  /* The relationships name the sheet's part, and also where the shared
   * strings and the styles are (usually, not always, the usual names). */
  if (!tree_part_fits (parts, "xl/_rels/workbook.xml.rels", error))
    return NULL;
  rels = parse_part (parts, "xl/_rels/workbook.xml.rels", FALSE, NULL);
  for (xmlNode *n = rels ? xmlDocGetRootElement (rels)->children : NULL; n; n = n->next)
    {
      g_autofree char *id = NULL;
      g_autofree char *type = NULL;
      g_autofree char *target = NULL;
      g_autofree char *resolved = NULL;

      if (!is_element (n, "Relationship"))
        continue;
      id = attr (n, "Id");
      type = attr (n, "Type");
      target = attr (n, "Target");
      if (target == NULL)
        continue;
      if (target[0] == '/')
        resolved = g_strdup (target + 1);
      else if (g_str_has_prefix (target, "./"))
        resolved = g_strconcat ("xl/", target + 2, NULL);
      else
        resolved = g_strconcat ("xl/", target, NULL);
      if (type && g_str_has_suffix (type, "/sharedStrings"))
        set_str (shared_path, resolved);
      else if (type && g_str_has_suffix (type, "/styles"))
        set_str (styles_path, resolved);
      else if (rid && g_strcmp0 (id, rid) == 0 && sheet_path == NULL)
        sheet_path = g_steal_pointer (&resolved);
    }
  if (sheet_path)
    return g_steal_pointer (&sheet_path);
  /* Without usable relationships, the conventional name of the first sheet. */
  if (g_hash_table_contains (parts, "xl/worksheets/sheet1.xml"))
    return g_strdup ("xl/worksheets/sheet1.xml");
  g_set_error (error, TJ_ERROR, TJ_ERROR_INVALID,
               _("The workbook is damaged: the first worksheet cannot be found"));
  return NULL;
}

/* ------------------------------------------------------------------ */
/* Streaming (SAX) parsing of the two big parts                         */

/* The shared strings and the worksheet grow with the roster (5,000
 * workers: some 20,000 strings and 35,000 cells), so they are read as a
 * stream instead of being built into a tree. */

typedef struct {
  xmlParserCtxtPtr ctxt;
  const char *part;        /* the part's name, for messages */
  GError     *error;       /* why the parse was stopped (a DTD, a limit) */
  int         error_line;  /* first XML error */
  char       *error_text;
  /* shared strings */
  GPtrArray  *strings;
  GString    *text;
  /* worksheet */
  const char *sheet_name;
  GPtrArray  *shared;
  GArray     *date_styles;
  gboolean    date1904;
  TjCsv      *csv;
  GPtrArray  *cells;       /* current row */
  int         row_number;
  int         last_row;
  int         col;
  char       *type;        /* current cell's t= */
  int         style;       /* current cell's s=, -1 when absent */
  gboolean    in_cell;
  gboolean    in_inline;   /* <is> */
  guint64     n_cells;     /* cells kept, empty ones included */
  guint64     n_text;      /* bytes of their text */
  /* both */
  gboolean    capture;     /* inside <t> or <v> */
  int         phonetic;    /* depth inside <rPh>/<phoneticPr> */
} Stream;

/* Stops the parse with @error's reason (the first one wins). */
static void
stream_stop (Stream *st,
             GError *error)
{
  if (st->error == NULL)
    st->error = error;
  else
    g_error_free (error);
  xmlStopParser (st->ctxt);
}

static const char *
sax_attr (const xmlChar **attributes,
          int             n,
          const char     *local_name,
          char           *buf,
          gsize           size)
{
  for (int i = 0; i < n; i++)
    if (strcmp ((const char *) attributes[i * 5], local_name) == 0)
      {
        gsize len = (gsize) (attributes[i * 5 + 4] - attributes[i * 5 + 3]);
        if (len >= size)
          len = size - 1;
        memcpy (buf, attributes[i * 5 + 3], len);
        buf[len] = '\0';
        return buf;
      }
  return NULL;
}

static void
sax_characters (void          *user_data,
                const xmlChar *ch,
                int            len)
{
  Stream *st = user_data;
  if (st->capture && st->phonetic == 0)
    g_string_append_len (st->text, (const char *) ch, len);
}

static void
sax_internal_subset (void          *user_data,
                     const xmlChar *name,
                     const xmlChar *external_id,
                     const xmlChar *system_id)
{
  Stream *st = user_data;

  /* Office never writes a DTD; one here is an attempt at entity tricks. */
  stream_stop (st, g_error_new (TJ_ERROR, TJ_ERROR_INVALID,
                                _("The workbook is refused: %s declares a DTD, which Excel files never do"),
                                st->part));
}

static void
sax_error (void        *user_data,
           xmlErrorPtr  error)
{
  Stream *st = user_data;

  if (st->error_text == NULL && error && error->level >= XML_ERR_ERROR)
    {
      st->error_line = error->line;
      /* libxml2 may quote half a character: keep the message UTF-8. */
      st->error_text = g_strstrip (g_utf8_make_valid (error->message ? error->message : "?", -1));
    }
}

static void
sst_start (void           *user_data,
           const xmlChar  *localname,
           const xmlChar  *prefix,
           const xmlChar  *uri,
           int             nb_namespaces,
           const xmlChar **namespaces,
           int             nb_attributes,
           int             nb_defaulted,
           const xmlChar **attributes)
{
  Stream *st = user_data;
  const char *name = (const char *) localname;

  if (g_str_equal (name, "si"))
    g_string_truncate (st->text, 0);
  else if (g_str_equal (name, "rPh") || g_str_equal (name, "phoneticPr"))
    st->phonetic++;
  else if (g_str_equal (name, "t"))
    st->capture = TRUE;
}

static void
sst_end (void          *user_data,
         const xmlChar *localname,
         const xmlChar *prefix,
         const xmlChar *uri)
{
  Stream *st = user_data;
  const char *name = (const char *) localname;

  if (g_str_equal (name, "si"))
    {
      /* Five bytes of "<si/>" make a string of forty on the heap. */
      if (st->strings->len >= MAX_STRINGS)
        {
          stream_stop (st, g_error_new (TJ_ERROR, TJ_ERROR_INVALID,
                                        _("The workbook is refused: %s holds more than %u strings, far more than "
                                          "a roster"),
                                        st->part, MAX_STRINGS));
          return;
        }
      g_ptr_array_add (st->strings, g_strndup (st->text->str, st->text->len));
    }
  else if (g_str_equal (name, "rPh") || g_str_equal (name, "phoneticPr"))
    st->phonetic--;
  else if (g_str_equal (name, "t"))
    st->capture = FALSE;
}

/* Runs the SAX handlers of @start/@end over a part; no tree is built.
 *
 * The handler set is ours alone, with @st as the user data: nothing else
 * is set, so libxml2 calls no default (SAX2 tree-building) handler, whose
 * context would have to be the parser's (a comment, a processing
 * instruction or an entity reference in a sheet used to crash here).
 * Entities are not declared (no getEntity), so a reference other than
 * the five predefined ones and character references is an XML error. */
static gboolean
stream_part (GHashTable                *parts,
             const char                *name,
             startElementNsSAX2Func     start,
             endElementNsSAX2Func       end,
             Stream                    *st,
             GError                   **error)
{
  GBytes *bytes = g_hash_table_lookup (parts, name);
  xmlSAXHandler sax;
  gsize size;
  const char *data;
  gboolean ok;

  if (bytes == NULL)
    return TRUE;
  data = g_bytes_get_data (bytes, &size);
  if (size > G_MAXINT)
    {
      g_set_error (error, TJ_ERROR, TJ_ERROR_INVALID, _("The workbook is damaged: %s is too large"), name);
      return FALSE;
    }

  memset (&sax, 0, sizeof sax);
  sax.initialized = XML_SAX2_MAGIC;
  sax.startElementNs = start;
  sax.endElementNs = end;
  sax.characters = sax_characters;
  sax.cdataBlock = sax_characters;
  sax.ignorableWhitespace = sax_characters;
  sax.internalSubset = sax_internal_subset;
  sax.serror = sax_error;

  st->ctxt = xmlCreatePushParserCtxt (&sax, st, NULL, 0, name);
  if (st->ctxt == NULL)
    {
      g_set_error (error, TJ_ERROR, TJ_ERROR_FAILED, _("Out of memory"));
      return FALSE;
    }
  st->part = name;
  /* No NOENT (entities are never expanded), no DTD loading, no network. */
  xmlCtxtUseOptions (st->ctxt, XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
  xmlParseChunk (st->ctxt, data, (int) size, 1);
  ok = st->ctxt->wellFormed && st->error == NULL;
  /* Only the default handlers build a tree; there is none, but be sure. */
  if (st->ctxt->myDoc)
    xmlFreeDoc (st->ctxt->myDoc);
  xmlFreeParserCtxt (st->ctxt);
  st->ctxt = NULL;

  if (st->error)
    g_propagate_error (error, g_steal_pointer (&st->error));
  else if (!ok && st->error_text)
    g_set_error (error, TJ_ERROR, TJ_ERROR_INVALID,
                 _("The workbook is damaged: %s is not well-formed XML (line %d: %s)"),
                 name, st->error_line, st->error_text);
  else if (!ok)
    g_set_error (error, TJ_ERROR, TJ_ERROR_INVALID, _("The workbook is damaged: %s is not well-formed XML"), name);
  g_clear_pointer (&st->error_text, g_free);
  return ok;
}

static GPtrArray *
read_shared_strings (GHashTable  *parts,
                     const char  *path,
                     GError     **error)
{
  Stream st = { 0 };

  st.strings = g_ptr_array_new_with_free_func (g_free);
  st.text = g_string_new (NULL);
  if (!stream_part (parts, path, sst_start, sst_end, &st, error))
    g_clear_pointer (&st.strings, g_ptr_array_unref);
  g_string_free (st.text, TRUE);
  return st.strings;
}

/* A number format shows a date when, outside quoted text, bracketed
 * sections and escapes, it has a day or year code (or a month without
 * hours, minutes or seconds, which would make "m" minutes). */
static gboolean
format_code_is_date (const char *code)
{
  gboolean has_ymd = FALSE, has_m = FALSE, has_hs = FALSE;

  for (const char *p = code; p && *p; p++)
    {
      char c = g_ascii_tolower (*p);
      if (c == '"')
        {
          p = strchr (p + 1, '"');
          if (p == NULL)
            break;
        }
      else if (c == '[')
        {
          p = strchr (p + 1, ']');
          if (p == NULL)
            break;
        }
      else if (c == '\\' && p[1])
        p++;
      else if (c == 'y' || c == 'd' || c == 'e')
        has_ymd = TRUE;
      else if (c == 'm')
        has_m = TRUE;
      else if (c == 'h' || c == 's')
        has_hs = TRUE;
      else if (c == ';')
        break; /* the positive section decides */
    }
  return has_ymd || (has_m && !has_hs);
}

static gboolean
builtin_is_date (int id)
{
  /* 14–17 and 22 everywhere; 27–36 and 50–58 are the East Asian locale
   * date formats (年月日) that Chinese Excel uses. */
  return (id >= 14 && id <= 17) || id == 22 || (id >= 27 && id <= 36) || (id >= 50 && id <= 58);
}

/* Per cell style index (the `s` attribute): whether it shows a date. */
static GArray *
read_date_styles (GHashTable *parts,
                  const char *path)
{
  g_autoptr(xmlDoc) doc = parse_part (parts, path, FALSE, NULL);
  g_autoptr(GHashTable) custom = g_hash_table_new (g_direct_hash, g_direct_equal);
  GArray *styles = g_array_new (FALSE, TRUE, sizeof (gboolean));
  xmlNode *root = doc ? xmlDocGetRootElement (doc) : NULL;

  for (xmlNode *n = child (child (root, "numFmts"), "numFmt"); n; n = n->next)
    if (is_element (n, "numFmt"))
      {
        g_autofree char *id = attr (n, "numFmtId");
        g_autofree char *code = attr (n, "formatCode");
        if (id)
          g_hash_table_insert (custom, GINT_TO_POINTER (parse_int (id, 0, G_MAXINT, -1)),
                               GINT_TO_POINTER (format_code_is_date (code)));
      }
  for (xmlNode *n = child (child (root, "cellXfs"), "xf"); n; n = n->next)
    if (is_element (n, "xf"))
      {
        g_autofree char *v = attr (n, "numFmtId");
        int id = parse_int (v, 0, G_MAXINT, 0);
        gpointer found;
        gboolean is_date;

        if (g_hash_table_lookup_extended (custom, GINT_TO_POINTER (id), NULL, &found))
          is_date = GPOINTER_TO_INT (found);
        else
          is_date = builtin_is_date (id);
        g_array_append_val (styles, is_date);
      }
  return styles;
}

/* ------------------------------------------------------------------ */
/* The worksheet                                                        */

/* "C5" -> column 2 (0-based) and row 5; -1 where absent. */
static void
parse_ref (const char *ref,
           int        *col,
           int        *row)
{
  int c = 0, r = 0;
  const char *p = ref;

  *col = -1;
  *row = -1;
  if (ref == NULL)
    return;
  while (g_ascii_isalpha (*p) && c <= MAX_COLUMNS)
    c = c * 26 + (g_ascii_toupper (*p++) - 'A' + 1);
  if (p > ref)
    *col = c - 1;
  while (g_ascii_isdigit (*p) && r <= MAX_ROWS)
    r = r * 10 + (*p++ - '0');
  if (r > 0)
    *row = r;
}

static char *
format_number (const char *text,
               gboolean    is_date,
               gboolean    date1904)
{
  char *end = NULL;
  double v = g_ascii_strtod (text, &end);

  if (end == text || (end && *end && !g_ascii_isspace (*end)))
    return g_strdup (text); /* not a number after all: keep what is there */
  if (is_date)
    {
      char *iso = tj_xlsx_serial_to_iso (v, date1904);
      if (iso)
        return iso;
    }
  if (v == floor (v) && fabs (v) < 1e21)
    return g_strdup_printf ("%.0f", v);
  {
    /* Shortest form that reads back as the same double: amounts such as
     * 3500.45 are stored as 3500.4499999999998. */
    char buf[G_ASCII_DTOSTR_BUF_SIZE];
    for (int prec = 1; prec <= 15; prec++)
      {
        char fmt[8];
        g_snprintf (fmt, sizeof fmt, "%%.%dg", prec);
        g_ascii_formatd (buf, sizeof buf, fmt, v);
        if (g_ascii_strtod (buf, NULL) == v)
          break;
      }
    return g_strdup (buf);
  }
}

static char *
cell_value (Stream     *st,
            const char *text)
{
  const char *type = st->type;

  if (g_strcmp0 (type, "inlineStr") == 0)
    return g_strdup (text);
  if (g_strcmp0 (type, "s") == 0)
    {
      char *end = NULL;
      guint64 i = g_ascii_strtoull (text, &end, 10);
      if (end != text && i < st->shared->len)
        return g_strdup (g_ptr_array_index (st->shared, i));
      return g_strdup ("");
    }
  if (*text == '\0')
    return g_strdup ("");
  if (g_strcmp0 (type, "b") == 0)
    return g_strdup (g_str_equal (text, "1") ? "TRUE" : "FALSE");
  if (g_strcmp0 (type, "str") == 0 || g_strcmp0 (type, "e") == 0)
    return g_strdup (text);
  if (g_strcmp0 (type, "d") == 0)
    {
      /* ISO 8601 date-time: keep the date (cutting anything else at
       * byte 10 could split a character). */
      if (strlen (text) >= 10 && strspn (text, "0123456789-") >= 10)
        return g_strndup (text, 10);
      return g_strdup (text);
    }
  {
    gboolean is_date = st->style >= 0 && (guint) st->style < st->date_styles->len &&
                       g_array_index (st->date_styles, gboolean, st->style);
    g_autofree char *trimmed = g_strstrip (g_strdup (text));
    return format_number (trimmed, is_date, st->date1904);
  }
}

static void
sheet_start (void           *user_data,
             const xmlChar  *localname,
             const xmlChar  *prefix,
             const xmlChar  *uri,
             int             nb_namespaces,
             const xmlChar **namespaces,
             int             nb_attributes,
             int             nb_defaulted,
             const xmlChar **attributes)
{
  Stream *st = user_data;
  const char *name = (const char *) localname;
  char buf[32];

  if (g_str_equal (name, "row"))
    {
      const char *r = sax_attr (attributes, nb_attributes, "r", buf, sizeof buf);
      int n = parse_int (r, 1, MAX_ROWS, st->last_row + 1);
      if (n <= st->last_row || n > MAX_ROWS)
        n = st->last_row + 1;
      st->row_number = st->last_row = n;
      st->col = -1;
      g_clear_pointer (&st->cells, g_ptr_array_unref);
      st->cells = g_ptr_array_new_with_free_func (g_free);
    }
  else if (g_str_equal (name, "c") && st->cells)
    {
      const char *ref = sax_attr (attributes, nb_attributes, "r", buf, sizeof buf);
      const char *v;
      int ref_col, ref_row;

      parse_ref (ref, &ref_col, &ref_row);
      st->col = ref_col > st->col ? ref_col : st->col + 1;
      g_clear_pointer (&st->type, g_free);
      v = sax_attr (attributes, nb_attributes, "t", buf, sizeof buf);
      st->type = v ? g_strdup (v) : NULL;
      v = sax_attr (attributes, nb_attributes, "s", buf, sizeof buf);
      st->style = parse_int (v, 0, G_MAXINT, -1);
      st->in_cell = TRUE;
      g_string_truncate (st->text, 0);
    }
  else if (!st->in_cell)
    return;
  else if (g_str_equal (name, "is"))
    st->in_inline = TRUE;
  else if (g_str_equal (name, "rPh") || g_str_equal (name, "phoneticPr"))
    st->phonetic++;
  else if (g_str_equal (name, "v") || (st->in_inline && g_str_equal (name, "t")))
    st->capture = TRUE;
}

/* "XFC2" for column 16382 (0-based) of row 2. */
static char *
cell_name (int col,
           int row)
{
  char letters[8];
  int i = G_N_ELEMENTS (letters) - 1;

  letters[i] = '\0';
  for (int c = col + 1; c > 0 && i > 0; c = (c - 1) / 26)
    letters[--i] = (char) ('A' + (c - 1) % 26);
  return g_strdup_printf ("%s%d", letters + i, row);
}

/* Whether one more non-empty cell, at st->col, of @len bytes keeps the
 * sheet within what a roster can be; if not, stops the parse saying
 * which sheet and cell went too far. */
static gboolean
within_limits (Stream *st,
               gsize   len)
{
  g_autofree char *where = NULL;
  GError *error;

  if (st->col < MAX_ROW_WIDTH)
    {
      st->n_cells += (guint64) (st->col + 1) - st->cells->len;
      st->n_text += len;
      if (st->n_cells <= MAX_CELLS && st->n_text <= MAX_TEXT)
        return TRUE;
    }
  where = cell_name (MIN (st->col, MAX_COLUMNS - 1), st->row_number);
  if (st->col >= MAX_ROW_WIDTH)
    error = g_error_new (TJ_ERROR, TJ_ERROR_INVALID,
                         _("Sheet “%s”, cell %s: a roster is read from its first %d columns only, and this "
                           "cell is beyond them; delete what is in it, or copy the roster to a new sheet"),
                         st->sheet_name, where, MAX_ROW_WIDTH);
  else if (st->n_cells > MAX_CELLS)
    error = g_error_new (TJ_ERROR, TJ_ERROR_INVALID,
                         _("Sheet “%s”, cell %s: the sheet has more than %u cells (counting the empty ones "
                           "between filled ones), far more than a roster; delete what lies below or right of "
                           "the list"),
                         st->sheet_name, where, MAX_CELLS);
  else
    error = g_error_new (TJ_ERROR, TJ_ERROR_INVALID,
                         _("Sheet “%s”, cell %s: the sheet’s cells hold more than %u MB of text, far more than "
                           "a roster"),
                         st->sheet_name, where, MAX_TEXT / (1024u * 1024u));
  stream_stop (st, error);
  return FALSE;
}

static void
sheet_end (void          *user_data,
           const xmlChar *localname,
           const xmlChar *prefix,
           const xmlChar *uri)
{
  Stream *st = user_data;
  const char *name = (const char *) localname;

  if (g_str_equal (name, "row") && st->cells)
    {
      gboolean any = FALSE;
      for (guint i = 0; i < st->cells->len && !any; i++)
        any = *(char *) g_ptr_array_index (st->cells, i) != '\0';
      if (any)
        {
          guint row = (guint) st->row_number;
          g_ptr_array_add (st->cells, NULL);
          g_ptr_array_add (st->csv->rows, g_ptr_array_steal (st->cells, NULL));
          g_array_append_val (st->csv->lines, row);
        }
      g_clear_pointer (&st->cells, g_ptr_array_unref);
    }
  else if (g_str_equal (name, "c") && st->in_cell)
    {
      g_autofree char *value = g_strstrip (cell_value (st, st->text->str));
      st->in_cell = FALSE;
      st->in_inline = FALSE;
      st->capture = FALSE;
      if (*value == '\0' || st->cells == NULL)
        return;
      if (!within_limits (st, strlen (value)))
        return;
      /* Cells left out ("C5" right after "A5") are empty. */
      while ((int) st->cells->len < st->col)
        g_ptr_array_add (st->cells, g_strdup (""));
      g_ptr_array_add (st->cells, g_steal_pointer (&value));
    }
  else if (!st->in_cell)
    return;
  else if (g_str_equal (name, "is"))
    st->in_inline = FALSE;
  else if (g_str_equal (name, "rPh") || g_str_equal (name, "phoneticPr"))
    st->phonetic--;
  else if (g_str_equal (name, "v") || g_str_equal (name, "t"))
    st->capture = FALSE;
}

static TjCsv *
read_first_sheet (const char  *data,
                  gsize        length,
                  GError     **error)
{
  g_autoptr(GHashTable) parts = NULL;
  g_autoptr(GPtrArray) shared = NULL;
  g_autoptr(GArray) date_styles = NULL;
  g_autoptr(TjCsv) csv = NULL;
  g_autofree char *path = NULL;
  g_autofree char *shared_path = g_strdup ("xl/sharedStrings.xml");
  g_autofree char *styles_path = g_strdup ("xl/styles.xml");
  g_autofree char *sheet_name = NULL;
  gboolean date1904 = FALSE;
  Stream st = { 0 };
  gboolean ok;

  if (!tj_xlsx_sniff (data, length))
    {
      g_set_error (error, TJ_ERROR, TJ_ERROR_INVALID,
                   _("The file is not an Excel workbook (.xlsx); old .xls files must be saved as .xlsx or CSV first"));
      return NULL;
    }
  parts = read_parts (data, length, error);
  if (parts == NULL)
    return NULL;
  path = first_sheet_path (parts, &sheet_name, &date1904, &shared_path, &styles_path, error);
  if (path == NULL)
    return NULL;
  shared = read_shared_strings (parts, shared_path, error);
  if (shared == NULL)
    return NULL;
  if (!tree_part_fits (parts, styles_path, error))
    return NULL;
  date_styles = read_date_styles (parts, styles_path);
  if (!g_hash_table_contains (parts, path))
    {
      g_set_error (error, TJ_ERROR, TJ_ERROR_INVALID,
                   _("The file is not an Excel workbook (.xlsx): %s is missing"), path);
      return NULL;
    }

  csv = g_new0 (TjCsv, 1);
  csv->rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  csv->lines = g_array_new (FALSE, FALSE, sizeof (guint));
  csv->encoding = g_strdup ("XLSX");

  st.sheet_name = sheet_name ? sheet_name : "1";
  st.shared = shared;
  st.date_styles = date_styles;
  st.date1904 = date1904;
  st.csv = csv;
  st.text = g_string_new (NULL);
  ok = stream_part (parts, path, sheet_start, sheet_end, &st, error);
  g_clear_pointer (&st.cells, g_ptr_array_unref);
  g_free (st.type);
  g_string_free (st.text, TRUE);
  if (!ok)
    return NULL;
  return g_steal_pointer (&csv);
}

/* libxml2 reports encoding errors without a parser context, through its
 * generic handler, on stderr, quoting the bytes (a worker's name, say).
 * The parts' errors are reported by name anyway: no stderr output. */
static void
silent_generic_error (void       *ctx,
                      const char *msg,
                      ...)
{
}

TjCsv *
tj_xlsx_read_first_sheet (const char  *data,
                          gsize        length,
                          GError     **error)
{
  xmlGenericErrorFunc old_func = xmlGenericError;
  void *old_ctx = xmlGenericErrorContext;
  TjCsv *csv;

  g_return_val_if_fail (data != NULL || length == 0, NULL);

  /* (libxml2's handlers are per thread.) */
  xmlSetGenericErrorFunc (NULL, silent_generic_error);
  csv = read_first_sheet (data, length, error);
  xmlSetGenericErrorFunc (old_ctx, old_func);
  return csv;
}
