/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Template files: parsing (libxml2, no network, no entities, no DTD),
 * validation into a TjTNode tree, loading by name with custom overrides,
 * and listing. The language is described in TEMPLATES.md. */
#undef G_LOG_DOMAIN
#define G_LOG_DOMAIN "Tiaojie-Docgen"

#include <string.h>

#include <libxml/parser.h>
#include <libxml/globals.h>
#include <libxml/tree.h>

#include "tj-docgen-private.h"
#include "tj-docgen-resources.h"
#include "tj-i18n.h"

#define RESOURCE_DIR "/io/github/tiaojie/Tiaojie/docgen/templates"

/* The names a path may start with, besides <each> variables. */
static const char * const scope_roots[] = {
  "case", "settlement", "organisation", "agreement", "outcome", "consultation", "arbitration",
  "payment_order", "doc", NULL
};

typedef enum {
  CTX_BLOCK,
  CTX_INLINE,
  CTX_TABLE,
  CTX_ROW,
  CTX_SIGNATURES,
} Context;

typedef struct {
  const char *file_name;
  GPtrArray  *vars;      /* names bound by enclosing <each> */
  GError    **error;
} Parser;

static void
register_resources (void)
{
  static gsize once = 0;

  /* Referencing the generated getter keeps the resource object in the
   * link even though the core is a static library. */
  if (g_once_init_enter (&once))
    {
      g_resources_register (tj_docgen_get_resource ());
      g_once_init_leave (&once, 1);
    }
}

void
tj_tnode_free (TjTNode *node)
{
  if (node == NULL)
    return;
  g_free (node->text);
  g_free (node->path);
  g_free (node->as);
  g_free (node->index);
  g_free (node->equals);
  g_free (node->contains);
  g_free (node->widths);
  g_clear_pointer (&node->children, g_ptr_array_unref);
  g_clear_pointer (&node->otherwise, g_ptr_array_unref);
  g_free (node);
}

static TjTNode *
tnode_new (TjTNodeKind kind,
           int         line)
{
  TjTNode *node = g_new0 (TjTNode, 1);

  node->kind = kind;
  node->line = line;
  node->indent = -1;
  node->span = 1;
  node->children = g_ptr_array_new_with_free_func ((GDestroyNotify) tj_tnode_free);
  return node;
}

static gboolean
fail (Parser     *p,
      int         line,
      const char *format,
      ...) G_GNUC_PRINTF (3, 4);

void
tj_template_set_line_error_valist (GError     **error,
                                   const char  *file_name,
                                   int          line,
                                   const char  *format,
                                   va_list      args)
{
  g_autofree char *reason = g_strdup_vprintf (format, args);

  /* TRANSLATORS: file name, line number, reason */
  g_set_error (error, TJ_ERROR, TJ_ERROR_INVALID, _("Template %s, line %d: %s"), file_name, line, reason);
}

static gboolean
fail (Parser     *p,
      int         line,
      const char *format,
      ...)
{
  va_list args;

  va_start (args, format);
  tj_template_set_line_error_valist (p->error, p->file_name, line, format, args);
  va_end (args);
  return FALSE;
}

static gboolean
valid_path_syntax (const char *path)
{
  g_auto(GStrv) parts = NULL;

  if (path == NULL || *path == '\0')
    return FALSE;
  parts = g_strsplit (path, ".", -1);
  for (guint i = 0; parts[i]; i++)
    {
      if (parts[i][0] == '\0')
        return FALSE;
      for (const char *c = parts[i]; *c; c++)
        if (!g_ascii_isalnum (*c) && *c != '_')
          return FALSE;
    }
  return TRUE;
}

static gboolean
check_path (Parser     *p,
            int         line,
            const char *path)
{
  g_autofree char *root = NULL;
  const char *dot;

  if (!valid_path_syntax (path))
    return fail (p, line, _("“%s” is not a field path (names separated by dots)"),
                 path ? path : "");
  dot = strchr (path, '.');
  root = dot ? g_strndup (path, dot - path) : g_strdup (path);
  if (g_strv_contains (scope_roots, root))
    return TRUE;
  for (guint i = 0; i < p->vars->len; i++)
    if (g_strcmp0 (g_ptr_array_index (p->vars, i), root) == 0)
      return TRUE;
  return fail (p, line, _("unknown field “%s”: “%s” is neither a part of the model "
                          "(case, settlement, organisation, agreement, outcome, "
                          "consultation, arbitration, payment_order, doc) nor an <each> variable"),
               path, root);
}

static gboolean
parse_format (Parser     *p,
              int         line,
              const char *name,
              TjFormat   *out)
{
  static const struct { const char *name; TjFormat format; } formats[] = {
    { "money", TJ_FORMAT_MONEY },
    { "money_upper", TJ_FORMAT_MONEY_UPPER },
    { "date_cn", TJ_FORMAT_DATE_CN },
    { "masked_id", TJ_FORMAT_MASKED_ID },
    { "masked_phone", TJ_FORMAT_MASKED_PHONE },
    { "count", TJ_FORMAT_COUNT },
    { "label", TJ_FORMAT_LABEL },
    { "cn_number", TJ_FORMAT_CN_NUMBER },
    { "cn_count", TJ_FORMAT_CN_COUNT },
  };

  if (name == NULL || *name == '\0')
    {
      *out = TJ_FORMAT_NONE;
      return TRUE;
    }
  for (guint i = 0; i < G_N_ELEMENTS (formats); i++)
    if (strcmp (name, formats[i].name) == 0)
      {
        *out = formats[i].format;
        return TRUE;
      }
  return fail (p, line, _("unknown format “%s” (known: money, money_upper, date_cn, "
                          "masked_id, masked_phone, count, label, cn_number, cn_count)"), name);
}

/* Whitespace that contains a line break is layout of the XML file, not
 * text: drop it (Chinese has no spaces between words). Other white space
 * is kept as typed. */
static char *
collapse_layout_space (const char *text)
{
  GString *out = g_string_new (NULL);
  const char *c = text;

  while (*c)
    {
      if (g_ascii_isspace (*c))
        {
          const char *start = c;
          gboolean newline = FALSE;
          while (*c && g_ascii_isspace (*c))
            {
              if (*c == '\n' || *c == '\r')
                newline = TRUE;
              c++;
            }
          if (!newline)
            g_string_append_len (out, start, c - start);
        }
      else
        g_string_append_c (out, *c++);
    }
  return g_string_free (out, FALSE);
}

/* Splits "申请人：{{case.workers.0.name}}" into text and field nodes.
 * {{path}}, {{path|format}}, {{path?}} and {{path?|format}}. */
static gboolean
parse_text (Parser     *p,
            int         line,
            const char *raw,
            GPtrArray  *into)
{
  g_autofree char *text = collapse_layout_space (raw);
  const char *c = text;

  while (*c)
    {
      const char *open = strstr (c, "{{");
      const char *close;
      g_autofree char *inner = NULL;
      g_auto(GStrv) parts = NULL;
      TjTNode *field;
      char *path;
      gsize len;

      if (open == NULL)
        {
          TjTNode *t = tnode_new (TN_TEXT, line);
          t->text = g_strdup (c);
          g_ptr_array_add (into, t);
          break;
        }
      if (open > c)
        {
          TjTNode *t = tnode_new (TN_TEXT, line);
          t->text = g_strndup (c, open - c);
          g_ptr_array_add (into, t);
        }
      close = strstr (open + 2, "}}");
      if (close == NULL)
        return fail (p, line, _("“{{” without a closing “}}”"));
      inner = g_strstrip (g_strndup (open + 2, close - open - 2));
      /* g_strsplit() of "" is an empty vector: "{{}}" has no path at all. */
      if (*inner == '\0')
        return fail (p, line, _("“{{}}” names no field; write a path such as {{case.number}}"));
      parts = g_strsplit (inner, "|", 2);
      path = g_strstrip (parts[0]);
      field = tnode_new (TN_FIELD, line);
      g_ptr_array_add (into, field);
      len = strlen (path);
      if (len > 0 && path[len - 1] == '?')
        {
          path[len - 1] = '\0';
          field->optional = TRUE;
        }
      field->path = g_strdup (path);
      if (!check_path (p, line, field->path))
        return FALSE;
      if (parts[1] && !parse_format (p, line, g_strstrip (parts[1]), &field->format))
        return FALSE;
      c = close + 2;
    }
  return TRUE;
}

static char *
get_attr (xmlNode    *node,
          const char *name)
{
  xmlChar *value = xmlGetProp (node, (const xmlChar *) name);
  char *copy;

  if (value == NULL)
    return NULL;
  copy = g_strdup ((const char *) value);
  xmlFree (value);
  return copy;
}

static gboolean
check_attrs (Parser     *p,
             xmlNode    *node,
             const char *allowed)
{
  g_auto(GStrv) names = g_strsplit (allowed, ",", -1);

  for (xmlAttr *a = node->properties; a; a = a->next)
    if (!g_strv_contains ((const char * const *) names, (const char *) a->name))
      return fail (p, xmlGetLineNo (node), _("<%s> has no attribute “%s”"),
                   (const char *) node->name, (const char *) a->name);
  return TRUE;
}

static gboolean
get_bool_attr (Parser     *p,
               xmlNode    *node,
               const char *name,
               gboolean   *out)
{
  g_autofree char *value = get_attr (node, name);

  if (value == NULL)
    return TRUE;
  if (strcmp (value, "true") == 0)
    *out = TRUE;
  else if (strcmp (value, "false") == 0)
    *out = FALSE;
  else
    return fail (p, xmlGetLineNo (node), _("attribute %s=\"%s\" must be true or false"),
                 name, value);
  return TRUE;
}

static gboolean
get_number_attr (Parser     *p,
                 xmlNode    *node,
                 const char *name,
                 double      min,
                 double      max,
                 double     *out)
{
  g_autofree char *value = get_attr (node, name);
  char *end = NULL;
  double d;

  if (value == NULL)
    return TRUE;
  d = g_ascii_strtod (value, &end);
  if (end == value || *end != '\0' || !(d >= min && d <= max))
    return fail (p, xmlGetLineNo (node), _("attribute %s=\"%s\" must be a number from %g to %g"),
                 name, value, min, max);
  *out = d;
  return TRUE;
}

static gboolean
get_align_attr (Parser  *p,
                xmlNode *node,
                TjAlign *out)
{
  g_autofree char *value = get_attr (node, "align");

  if (value == NULL)
    return TRUE;
  if (strcmp (value, "left") == 0)
    *out = TJ_ALIGN_LEFT;
  else if (strcmp (value, "center") == 0)
    *out = TJ_ALIGN_CENTER;
  else if (strcmp (value, "right") == 0)
    *out = TJ_ALIGN_RIGHT;
  else if (strcmp (value, "justify") == 0)
    *out = TJ_ALIGN_JUSTIFY;
  else
    return fail (p, xmlGetLineNo (node), _("align=\"%s\" must be left, center, right or justify"),
                 value);
  return TRUE;
}

static gboolean parse_children (Parser *p, xmlNode *parent, Context ctx, GPtrArray *into);

static gboolean
is_element (xmlNode    *node,
            const char *name)
{
  return node->type == XML_ELEMENT_NODE && strcmp ((const char *) node->name, name) == 0;
}

/* Parses one element (or text node) in context @ctx and appends to @into. */
static gboolean
parse_node (Parser    *p,
            xmlNode   *node,
            Context    ctx,
            GPtrArray *into)
{
  int line = xmlGetLineNo (node);
  const char *name = (const char *) node->name;
  TjTNode *tn;

  if (node->type == XML_COMMENT_NODE || node->type == XML_PI_NODE)
    return TRUE;
  if (node->type == XML_ENTITY_REF_NODE || node->type == XML_ENTITY_NODE)
    return fail (p, line, _("entity references are not allowed in templates"));
  if (node->type == XML_TEXT_NODE || node->type == XML_CDATA_SECTION_NODE)
    {
      const char *content = (const char *) node->content;
      if (ctx == CTX_INLINE)
        return parse_text (p, line, content, into);
      for (const char *c = content; *c; c++)
        if (!g_ascii_isspace (*c))
          return fail (p, line, _("text is not allowed here; put it in a <paragraph>"));
      return TRUE;
    }
  if (node->type != XML_ELEMENT_NODE)
    return TRUE;

  if (node->ns != NULL)
    return fail (p, line, _("namespaced element <%s> is not part of the template language"), name);

  /* Elements allowed in every context: conditionals and repeats. */
  if (strcmp (name, "if") == 0)
    {
      xmlNode *else_node = NULL;

      tn = tnode_new (TN_IF, line);
      g_ptr_array_add (into, tn);
      if (!check_attrs (p, node, "path,equals,contains,not") ||
          !get_bool_attr (p, node, "not", &tn->negate))
        return FALSE;
      tn->path = get_attr (node, "path");
      tn->equals = get_attr (node, "equals");
      tn->contains = get_attr (node, "contains");
      if (tn->path == NULL)
        return fail (p, line, _("<if> needs a path attribute"));
      if (!check_path (p, line, tn->path))
        return FALSE;
      for (xmlNode *c = node->children; c; c = c->next)
        if (is_element (c, "else"))
          {
            for (xmlNode *after = c->next; after; after = after->next)
              if (after->type == XML_ELEMENT_NODE ||
                  (after->type == XML_TEXT_NODE && !xmlIsBlankNode (after)))
                return fail (p, xmlGetLineNo (after), _("<else> must come last inside <if>"));
            else_node = c;
            break;
          }
      for (xmlNode *c = node->children; c && c != else_node; c = c->next)
        if (!parse_node (p, c, ctx, tn->children))
          return FALSE;
      if (else_node)
        {
          if (!check_attrs (p, else_node, ""))
            return FALSE;
          tn->otherwise = g_ptr_array_new_with_free_func ((GDestroyNotify) tj_tnode_free);
          if (!parse_children (p, else_node, ctx, tn->otherwise))
            return FALSE;
        }
      return TRUE;
    }
  if (strcmp (name, "else") == 0)
    return fail (p, line, _("<else> outside <if>"));
  if (strcmp (name, "each") == 0)
    {
      gboolean ok;

      tn = tnode_new (TN_EACH, line);
      g_ptr_array_add (into, tn);
      if (!check_attrs (p, node, "path,as,index"))
        return FALSE;
      tn->path = get_attr (node, "path");
      tn->as = get_attr (node, "as");
      tn->index = get_attr (node, "index");
      if (tn->path == NULL || tn->as == NULL)
        return fail (p, line, _("<each> needs path and as attributes"));
      if (!check_path (p, line, tn->path))
        return FALSE;
      if (strchr (tn->as, '.') || !valid_path_syntax (tn->as) ||
          g_strv_contains (scope_roots, tn->as) ||
          (tn->index && (strchr (tn->index, '.') || !valid_path_syntax (tn->index) ||
                         g_strv_contains (scope_roots, tn->index))))
        return fail (p, line, _("<each> as= and index= must be simple names other than the model's"));
      g_ptr_array_add (p->vars, tn->as);
      if (tn->index)
        g_ptr_array_add (p->vars, tn->index);
      ok = parse_children (p, node, ctx, tn->children);
      g_ptr_array_set_size (p->vars, p->vars->len - (tn->index ? 2 : 1));
      return ok;
    }

  switch (ctx)
    {
    case CTX_INLINE:
      if (strcmp (name, "field") == 0)
        {
          g_autofree char *format = NULL;
          double blank = 0;

          tn = tnode_new (TN_FIELD, line);
          g_ptr_array_add (into, tn);
          if (!check_attrs (p, node, "path,format,optional,blank") ||
              !get_bool_attr (p, node, "optional", &tn->optional) ||
              !get_number_attr (p, node, "blank", 0, 40, &blank))
            return FALSE;
          tn->blank = (int) blank;
          tn->path = get_attr (node, "path");
          format = get_attr (node, "format");
          if (tn->path == NULL)
            return fail (p, line, _("<field> needs a path attribute"));
          if (node->children != NULL)
            return fail (p, line, _("<field> must be empty"));
          return check_path (p, line, tn->path) && parse_format (p, line, format, &tn->format);
        }
      if (strcmp (name, "b") == 0 || strcmp (name, "u") == 0)
        {
          tn = tnode_new (name[0] == 'b' ? TN_BOLD : TN_UNDERLINE, line);
          g_ptr_array_add (into, tn);
          return check_attrs (p, node, "") && parse_children (p, node, CTX_INLINE, tn->children);
        }
      if (strcmp (name, "blank") == 0)
        {
          double chars = 6;
          tn = tnode_new (TN_BLANK, line);
          g_ptr_array_add (into, tn);
          if (!check_attrs (p, node, "chars") ||
              !get_number_attr (p, node, "chars", 1, 40, &chars))
            return FALSE;
          tn->blank = (int) chars;
          return TRUE;
        }
      if (strcmp (name, "br") == 0)
        {
          g_ptr_array_add (into, tnode_new (TN_BR, line));
          return check_attrs (p, node, "");
        }
      break;

    case CTX_BLOCK:
      {
        static const struct { const char *name; TjTNodeKind kind; } inl[] = {
          { "title", TN_TITLE }, { "subtitle", TN_SUBTITLE },
          { "heading", TN_HEADING }, { "paragraph", TN_PARAGRAPH }, { "p", TN_PARAGRAPH },
        };
        for (guint i = 0; i < G_N_ELEMENTS (inl); i++)
          if (strcmp (name, inl[i].name) == 0)
            {
              g_autofree char *style = NULL;
              tn = tnode_new (inl[i].kind, line);
              g_ptr_array_add (into, tn);
              if (!check_attrs (p, node, "align,indent,bold,style") ||
                  !get_align_attr (p, node, &tn->align) ||
                  !get_number_attr (p, node, "indent", 0, 20, &tn->indent) ||
                  !get_bool_attr (p, node, "bold", &tn->bold))
                return FALSE;
              style = get_attr (node, "style");
              if (style && strcmp (style, "small") != 0 && strcmp (style, "body") != 0)
                return fail (p, line, _("style=\"%s\" must be body or small"), style);
              tn->small = g_strcmp0 (style, "small") == 0;
              return parse_children (p, node, CTX_INLINE, tn->children);
            }
        if (strcmp (name, "table") == 0)
          {
            g_autofree char *widths = NULL;
            g_auto(GStrv) parts = NULL;
            tn = tnode_new (TN_TABLE, line);
            g_ptr_array_add (into, tn);
            if (!check_attrs (p, node, "widths,row-height") ||
                !get_number_attr (p, node, "row-height", 0, 100, &tn->min_row_mm))
              return FALSE;
            widths = get_attr (node, "widths");
            if (widths == NULL)
              return fail (p, line, _("<table> needs widths=\"…\", one relative width per column"));
            parts = g_strsplit (widths, ",", -1);
            tn->n_cols = g_strv_length (parts);
            tn->widths = g_new0 (double, MAX (tn->n_cols, 1));
            for (guint i = 0; i < tn->n_cols; i++)
              {
                char *end = NULL;
                double w = g_ascii_strtod (g_strstrip (parts[i]), &end);
                if (end == parts[i] || *end != '\0' || !(w > 0 && w < 1000))
                  return fail (p, line, _("widths=\"%s\": “%s” is not a positive number"),
                               widths, parts[i]);
                tn->widths[i] = w;
              }
            if (tn->n_cols == 0 || tn->n_cols > 20)
              return fail (p, line, _("a table has 1 to 20 columns"));
            return parse_children (p, node, CTX_TABLE, tn->children);
          }
        if (strcmp (name, "signatures") == 0)
          {
            double columns = 2;
            tn = tnode_new (TN_SIGNATURES, line);
            g_ptr_array_add (into, tn);
            if (!check_attrs (p, node, "columns") ||
                !get_number_attr (p, node, "columns", 1, 3, &columns))
              return FALSE;
            tn->columns = (guint) columns;
            return parse_children (p, node, CTX_SIGNATURES, tn->children);
          }
        if (strcmp (name, "pagebreak") == 0)
          {
            g_ptr_array_add (into, tnode_new (TN_PAGEBREAK, line));
            return check_attrs (p, node, "");
          }
        if (strcmp (name, "spacer") == 0)
          {
            tn = tnode_new (TN_SPACER, line);
            tn->height_mm = 5;
            g_ptr_array_add (into, tn);
            return check_attrs (p, node, "height") &&
                   get_number_attr (p, node, "height", 0, 200, &tn->height_mm);
          }
      }
      break;

    case CTX_TABLE:
      if (strcmp (name, "header") == 0 || strcmp (name, "row") == 0)
        {
          tn = tnode_new (name[0] == 'h' ? TN_HEADER : TN_ROW, line);
          g_ptr_array_add (into, tn);
          return check_attrs (p, node, "") && parse_children (p, node, CTX_ROW, tn->children);
        }
      break;

    case CTX_ROW:
      if (strcmp (name, "cell") == 0)
        {
          double span = 1;
          tn = tnode_new (TN_CELL, line);
          g_ptr_array_add (into, tn);
          if (!check_attrs (p, node, "span,align,bold") ||
              !get_number_attr (p, node, "span", 1, 20, &span) ||
              !get_align_attr (p, node, &tn->align) ||
              !get_bool_attr (p, node, "bold", &tn->bold))
            return FALSE;
          tn->span = (guint) span;
          return parse_children (p, node, CTX_INLINE, tn->children);
        }
      break;

    case CTX_SIGNATURES:
      if (strcmp (name, "signature") == 0)
        {
          g_autofree char *marks = NULL;
          tn = tnode_new (TN_SIGNATURE, line);
          tn->height_mm = 14;
          tn->date = TRUE;
          g_ptr_array_add (into, tn);
          if (!check_attrs (p, node, "marks,date,space") ||
              !get_bool_attr (p, node, "date", &tn->date) ||
              !get_number_attr (p, node, "space", 0, 60, &tn->height_mm))
            return FALSE;
          marks = get_attr (node, "marks");
          if (marks)
            {
              g_auto(GStrv) parts = g_strsplit (marks, ",", -1);
              for (guint i = 0; parts[i]; i++)
                {
                  const char *m = g_strstrip (parts[i]);
                  if (strcmp (m, "sign") == 0)
                    tn->marks |= TJ_MARK_SIGN;
                  else if (strcmp (m, "seal") == 0)
                    tn->marks |= TJ_MARK_SEAL;
                  else if (strcmp (m, "fingerprint") == 0)
                    tn->marks |= TJ_MARK_FINGERPRINT;
                  else
                    return fail (p, line, _("marks=\"%s\": “%s” is not sign, seal or fingerprint"),
                                 marks, m);
                }
            }
          else
            tn->marks = TJ_MARK_SIGN;
          return parse_children (p, node, CTX_INLINE, tn->children);
        }
      break;
    }

  {
    static const char * const where[] = {
      [CTX_BLOCK] = N_("the document body"),
      [CTX_INLINE] = N_("text"),
      [CTX_TABLE] = "<table>",
      [CTX_ROW] = "<header>/<row>",
      [CTX_SIGNATURES] = "<signatures>",
    };
    return fail (p, line, _("element <%s> is not allowed in %s"), name, _(where[ctx]));
  }
}

static gboolean
parse_children (Parser    *p,
                xmlNode   *parent,
                Context    ctx,
                GPtrArray *into)
{
  for (xmlNode *c = parent->children; c; c = c->next)
    if (!parse_node (p, c, ctx, into))
      return FALSE;
  return TRUE;
}

typedef struct {
  int   line;
  char *message;
} FirstError;

/* The first error is the one that explains a broken file; libxml2's last
 * error is often just "premature end of data". */
static void
first_error_cb (void        *user_data,
                xmlErrorPtr  error)
{
  FirstError *first = user_data;

  if (first->message == NULL && error && error->level >= XML_ERR_ERROR)
    {
      first->line = error->line;
      /* libxml2 quotes the text around an error by bytes, and may cut a
       * character in half: a message must stay UTF-8. */
      first->message = g_strstrip (g_utf8_make_valid (error->message ? error->message : "?", -1));
    }
}

TjTemplate *
tj_template_new_from_data (const char  *data,
                           gsize        length,
                           const char  *file_name,
                           GError     **error)
{
  g_autoptr(TjTemplate) self = NULL;
  xmlParserCtxtPtr ctxt;
  xmlDocPtr doc;
  xmlNode *root;
  Parser p = { 0 };
  FirstError first = { 0 };
  g_autofree char *base = NULL;
  gboolean ok;

  g_return_val_if_fail (data != NULL, NULL);
  if (file_name == NULL)
    file_name = "template.xml";

  if (length > 4 * 1024 * 1024)
    {
      g_set_error (error, TJ_ERROR, TJ_ERROR_INVALID,
                   _("Template %s is larger than 4 MB"), file_name);
      return NULL;
    }

  ctxt = xmlNewParserCtxt ();
  if (ctxt == NULL)
    {
      g_set_error (error, TJ_ERROR, TJ_ERROR_FAILED, _("Out of memory"));
      return NULL;
    }
  /* No network, no entity substitution (no XML_PARSE_NOENT), no DTD
   * loading or validation: a template is a plain, self-contained file.
   * (libxml2's error handler is per thread.) */
  {
    /* Restore whatever handler another part of the program set. */
    xmlStructuredErrorFunc old_func = xmlStructuredError;
    void *old_ctx = xmlStructuredErrorContext;

    xmlSetStructuredErrorFunc (&first, first_error_cb);
    doc = xmlCtxtReadMemory (ctxt, data, (int) length, file_name, "UTF-8",
                             XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING |
                             XML_PARSE_BIG_LINES | XML_PARSE_NOCDATA);
    xmlSetStructuredErrorFunc (old_ctx, old_func);
  }
  if (doc == NULL || first.message != NULL)
    {
      g_set_error (error, TJ_ERROR, TJ_ERROR_INVALID, _("Template %s, line %d: %s"),
                   file_name, first.line, first.message ? first.message : "?");
      g_free (first.message);
      if (doc)
        xmlFreeDoc (doc);
      xmlFreeParserCtxt (ctxt);
      return NULL;
    }
  xmlFreeParserCtxt (ctxt);

  p.file_name = file_name;
  p.error = error;
  p.vars = g_ptr_array_new ();

  root = xmlDocGetRootElement (doc);
  if (doc->intSubset != NULL || doc->extSubset != NULL)
    {
      /* libxml2 keeps no line for the DTD node: find it in the text. */
      const char *at = g_strstr_len (data, length, "<!DOCTYPE");
      int line = 1;
      for (const char *c = data; at && c < at; c++)
        if (*c == '\n')
          line++;
      ok = fail (&p, line, _("a template may not have a DOCTYPE"));
    }
  else if (root == NULL || !is_element (root, "template") || root->ns != NULL)
    ok = fail (&p, root ? xmlGetLineNo (root) : 1, _("the root element must be <template>"));
  else if (!check_attrs (&p, root, "name,title"))
    ok = FALSE;
  else
    {
      self = g_new0 (TjTemplate, 1);
      g_atomic_ref_count_init (&self->ref_count);
      self->file_name = g_strdup (file_name);
      self->source = g_strdup ("data");
      self->title = get_attr (root, "title");
      base = g_path_get_basename (file_name);
      if (g_str_has_suffix (base, ".xml"))
        base[strlen (base) - 4] = '\0';
      self->name = get_attr (root, "name");
      if (self->name == NULL)
        self->name = g_strdup (base);
      self->root = tnode_new (TN_ROOT, xmlGetLineNo (root));
      if (self->title == NULL || *self->title == '\0')
        ok = fail (&p, xmlGetLineNo (root), _("<template> needs a title attribute"));
      else
        ok = parse_children (&p, root, CTX_BLOCK, self->root->children);
    }

  g_ptr_array_unref (p.vars);
  xmlFreeDoc (doc);
  if (!ok)
    return NULL;
  return g_steal_pointer (&self);
}

TjTemplate *
tj_template_new_from_file (const char  *path,
                           GError     **error)
{
  g_autofree char *data = NULL;
  gsize length = 0;
  g_autoptr(GError) local = NULL;
  TjTemplate *self;

  if (!g_file_get_contents (path, &data, &length, &local))
    {
      g_set_error (error, TJ_ERROR,
                   g_error_matches (local, G_FILE_ERROR, G_FILE_ERROR_NOENT)
                     ? TJ_ERROR_NOT_FOUND : TJ_ERROR_INVALID,
                   "%s", local->message);
      return NULL;
    }
  self = tj_template_new_from_data (data, length, path, error);
  if (self)
    {
      g_free (self->source);
      self->source = g_strdup ("file");
    }
  return self;
}

TjTemplate *
tj_template_ref (TjTemplate *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

void
tj_template_unref (TjTemplate *self)
{
  if (self == NULL || !g_atomic_ref_count_dec (&self->ref_count))
    return;
  g_free (self->name);
  g_free (self->title);
  g_free (self->source);
  g_free (self->file_name);
  tj_tnode_free (self->root);
  g_free (self);
}

const char *
tj_template_get_name (TjTemplate *self)
{
  return self->name;
}

const char *
tj_template_get_title (TjTemplate *self)
{
  return self->title;
}

const char *
tj_template_get_source (TjTemplate *self)
{
  return self->source;
}

const char *
tj_template_get_file_name (TjTemplate *self)
{
  return self->file_name;
}

char *
tj_docgen_custom_dir (void)
{
  return g_build_filename (g_get_user_data_dir (), "tiaojie", "templates", NULL);
}

static gboolean
valid_name (const char *name)
{
  if (name == NULL || *name == '\0' || strlen (name) > 64)
    return FALSE;
  for (const char *c = name; *c; c++)
    if (!g_ascii_isalnum (*c) && *c != '_' && *c != '-')
      return FALSE;
  return TRUE;
}

/* The text of template @name: the organisation's own file in
 * tj_docgen_custom_dir() (unless @builtin), else the built-in one. With
 * @custom_path, the path of the organisation's file read, or NULL for a
 * built-in template. */
static GBytes *
lookup_template (const char  *name,
                 gboolean     builtin,
                 char       **custom_path,
                 GError     **error)
{
  g_autofree char *file = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autofree char *resource = NULL;
  GBytes *bytes;

  if (!valid_name (name))
    {
      g_set_error (error, TJ_ERROR, TJ_ERROR_INVALID,
                   _("“%s” is not a template name (letters, digits, _ and -)"),
                   name ? name : "");
      return NULL;
    }
  register_resources ();
  file = g_strconcat (name, ".xml", NULL);
  dir = tj_docgen_custom_dir ();
  path = g_build_filename (dir, file, NULL);
  if (!builtin && g_file_test (path, G_FILE_TEST_IS_REGULAR))
    {
      g_autoptr(GError) local = NULL;
      char *data = NULL;
      gsize len = 0;
      if (!g_file_get_contents (path, &data, &len, &local))
        {
          g_set_error (error, TJ_ERROR, TJ_ERROR_INVALID, "%s", local->message);
          return NULL;
        }
      if (custom_path)
        *custom_path = g_steal_pointer (&path);
      return g_bytes_new_take (data, len);
    }
  resource = g_strconcat (RESOURCE_DIR "/", file, NULL);
  bytes = g_resources_lookup_data (resource, G_RESOURCE_LOOKUP_FLAGS_NONE, NULL);
  if (bytes == NULL)
    g_set_error (error, TJ_ERROR, TJ_ERROR_NOT_FOUND,
                 _("There is no template “%s” (see “papers templates”)"), name);
  return bytes;
}

TjTemplate *
tj_template_load (const char  *name,
                  GError     **error)
{
  g_autofree char *custom_path = NULL;
  g_autofree char *file = NULL;
  g_autoptr(GBytes) bytes = NULL;
  const char *data;
  TjTemplate *self;
  gsize size = 0;

  bytes = lookup_template (name, FALSE, &custom_path, error);
  if (bytes == NULL)
    return NULL;
  file = g_strconcat (name, ".xml", NULL);
  data = g_bytes_get_data (bytes, &size);
  self = tj_template_new_from_data (data, size, custom_path ? custom_path : file, error);
  if (self)
    {
      g_free (self->source);
      self->source = g_strdup (custom_path ? "custom" : "builtin");
    }
  return self;
}

GBytes *
tj_template_get_data (const char  *name,
                      gboolean     builtin,
                      GError     **error)
{
  return lookup_template (name, builtin, NULL, error);
}

static gint
compare_by_name (gconstpointer a,
                 gconstpointer b)
{
  JsonObject *oa = json_node_get_object (*(JsonNode **) a);
  JsonObject *ob = json_node_get_object (*(JsonNode **) b);
  return g_strcmp0 (json_object_get_string_member (oa, "name"),
                    json_object_get_string_member (ob, "name"));
}

JsonArray *
tj_docgen_list_templates (GError **error)
{
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GPtrArray) nodes = g_ptr_array_new_with_free_func ((GDestroyNotify) json_node_unref);
  g_autofree char *dir = tj_docgen_custom_dir ();
  g_auto(GStrv) builtin = NULL;
  JsonArray *result;
  GDir *d;

  register_resources ();

  /* Custom files first: they override built-ins of the same name. */
  d = g_dir_open (dir, 0, NULL);
  if (d)
    {
      const char *entry;
      while ((entry = g_dir_read_name (d)))
        {
          g_autofree char *name = NULL;
          g_autofree char *path = NULL;
          g_autoptr(TjTemplate) t = NULL;
          g_autoptr(GError) local = NULL;
          JsonObject *o;
          JsonNode *n;

          if (!g_str_has_suffix (entry, ".xml"))
            continue;
          name = g_strndup (entry, strlen (entry) - 4);
          if (!valid_name (name))
            continue;
          path = g_build_filename (dir, entry, NULL);
          t = tj_template_new_from_file (path, &local);
          o = json_object_new ();
          json_object_set_string_member (o, "name", name);
          if (t)
            json_object_set_string_member (o, "title", t->title);
          else
            json_object_set_string_member (o, "error", local->message);
          json_object_set_string_member (o, "source", "custom");
          json_object_set_string_member (o, "path", path);
          n = json_node_new (JSON_NODE_OBJECT);
          json_node_take_object (n, o);
          g_ptr_array_add (nodes, n);
          g_hash_table_add (seen, g_steal_pointer (&name));
        }
      g_dir_close (d);
    }

  builtin = g_resources_enumerate_children (RESOURCE_DIR, G_RESOURCE_LOOKUP_FLAGS_NONE, error);
  if (builtin == NULL)
    return NULL;
  for (guint i = 0; builtin[i]; i++)
    {
      g_autofree char *name = NULL;
      g_autoptr(TjTemplate) t = NULL;
      JsonObject *o;
      JsonNode *n;

      if (!g_str_has_suffix (builtin[i], ".xml"))
        continue;
      name = g_strndup (builtin[i], strlen (builtin[i]) - 4);
      if (g_hash_table_contains (seen, name))
        continue;
      t = tj_template_load (name, error);
      if (t == NULL)
        return NULL;   /* a broken built-in is a bug; the tests load them all */
      o = json_object_new ();
      json_object_set_string_member (o, "name", name);
      json_object_set_string_member (o, "title", t->title);
      json_object_set_string_member (o, "source", "builtin");
      {
        g_autofree char *rp = g_strconcat ("resource://" RESOURCE_DIR "/", builtin[i], NULL);
        json_object_set_string_member (o, "path", rp);
      }
      n = json_node_new (JSON_NODE_OBJECT);
      json_node_take_object (n, o);
      g_ptr_array_add (nodes, n);
    }

  g_ptr_array_sort (nodes, compare_by_name);
  result = json_array_new ();
  for (guint i = 0; i < nodes->len; i++)
    json_array_add_element (result, json_node_ref (g_ptr_array_index (nodes, i)));
  return result;
}
