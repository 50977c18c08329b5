/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Tiaojie-Store"

#include "tj-json.h"
#include "tj-error.h"
#include "tj-i18n.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

static void append_node (GString *out, JsonNode *node);

static void
append_string (GString    *out,
               const char *s)
{
  g_string_append_c (out, '"');
  for (const unsigned char *p = (const unsigned char *) s; *p; p++)
    {
      switch (*p)
        {
        case '"':  g_string_append (out, "\\\""); break;
        case '\\': g_string_append (out, "\\\\"); break;
        case '\b': g_string_append (out, "\\b"); break;
        case '\f': g_string_append (out, "\\f"); break;
        case '\n': g_string_append (out, "\\n"); break;
        case '\r': g_string_append (out, "\\r"); break;
        case '\t': g_string_append (out, "\\t"); break;
        default:
          if (*p < 0x20)
            g_string_append_printf (out, "\\u%04x", *p);
          else
            g_string_append_c (out, (char) *p);
        }
    }
  g_string_append_c (out, '"');
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

static void
append_value (GString  *out,
              JsonNode *node)
{
  switch (json_node_get_value_type (node))
    {
    case G_TYPE_INT64:
      g_string_append_printf (out, "%" G_GINT64_FORMAT, json_node_get_int (node));
      break;
    case G_TYPE_DOUBLE:
      {
        char buf[G_ASCII_DTOSTR_BUF_SIZE];
        double d = json_node_get_double (node);
        /* Integral doubles print as integers, like JavaScript does, so a
         * document that went through PouchDB hashes the same. The range
         * is checked before the cast (a cast of 1e308 is undefined), and
         * what JSON cannot hold (NaN, infinities) is null, as in
         * JavaScript; the store never keeps such a number. */
        if (!isfinite (d))
          g_string_append (out, "null");
        else if (d > -9007199254740992.0 && d < 9007199254740992.0 && d == floor (d))
          g_string_append_printf (out, "%" G_GINT64_FORMAT, (gint64) d);
        else
          g_string_append (out, g_ascii_dtostr (buf, sizeof buf, d));
      }
      break;
    case G_TYPE_BOOLEAN:
      g_string_append (out, json_node_get_boolean (node) ? "true" : "false");
      break;
    case G_TYPE_STRING:
      append_string (out, json_node_get_string (node));
      break;
    default:
      g_string_append (out, "null");
    }
}

static void
append_object (GString    *out,
               JsonObject *object)
{
  g_autoptr(GList) members = json_object_get_members (object);
  g_autoptr(GPtrArray) names = g_ptr_array_new ();

  for (GList *l = members; l; l = l->next)
    g_ptr_array_add (names, l->data);
  g_ptr_array_sort (names, compare_names);

  g_string_append_c (out, '{');
  for (guint i = 0; i < names->len; i++)
    {
      const char *name = g_ptr_array_index (names, i);
      if (i > 0)
        g_string_append_c (out, ',');
      append_string (out, name);
      g_string_append_c (out, ':');
      append_node (out, json_object_get_member (object, name));
    }
  g_string_append_c (out, '}');
}

static void
append_node (GString  *out,
             JsonNode *node)
{
  if (node == NULL)
    {
      g_string_append (out, "null");
      return;
    }
  switch (JSON_NODE_TYPE (node))
    {
    case JSON_NODE_OBJECT:
      append_object (out, json_node_get_object (node));
      break;
    case JSON_NODE_ARRAY:
      {
        JsonArray *array = json_node_get_array (node);
        guint n = json_array_get_length (array);
        g_string_append_c (out, '[');
        for (guint i = 0; i < n; i++)
          {
            if (i > 0)
              g_string_append_c (out, ',');
            append_node (out, json_array_get_element (array, i));
          }
        g_string_append_c (out, ']');
      }
      break;
    case JSON_NODE_VALUE:
      append_value (out, node);
      break;
    case JSON_NODE_NULL:
    default:
      g_string_append (out, "null");
    }
}

char *
tj_json_canonical (JsonNode *node)
{
  GString *out = g_string_sized_new (256);
  append_node (out, node);
  return g_string_free (out, FALSE);
}

char *
tj_json_canonical_object (JsonObject *object)
{
  GString *out = g_string_sized_new (256);
  append_object (out, object);
  return g_string_free (out, FALSE);
}

char *
tj_json_to_string (JsonNode *node,
                   gboolean  pretty)
{
  g_autoptr(JsonGenerator) gen = json_generator_new ();
  json_generator_set_pretty (gen, pretty);
  json_generator_set_root (gen, node);
  return json_generator_to_data (gen, NULL);
}

char *
tj_json_object_to_string (JsonObject *object,
                          gboolean    pretty)
{
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);
  json_node_set_object (node, object);
  return tj_json_to_string (node, pretty);
}

/* ------------------------------------------------------------------ */
/* Strict checking of JSON text                                         */

/* json-glib is lenient where leniency loses data: it takes "\377" and
 * "\0" escapes (bytes that are not UTF-8, or a NUL that cuts the string
 * short), lone surrogates, raw control characters, hexadecimal and
 * leading-zero numbers, integers past 2^63 (wrapped around: 2^64 - 1
 * reads as -1) and recurses once per level of nesting. A text is checked
 * here first, in one pass without recursion, against RFC 8259 and the
 * limits above; only text that passes reaches json-glib. */

typedef struct {
  gboolean  object;  /* else an array */
  guint     index;   /* array: the element being read */
  char     *key;     /* object: the member being read; NULL before the first */
} Frame;

typedef struct {
  const char *text;
  gsize       len;
  gsize       pos;
  GArray     *stack;  /* of Frame */
  GError    **error;
} Scan;

static void
frame_clear (gpointer data)
{
  g_free (((Frame *) data)->key);
}

/* A path for a message: a very deep one is cut short, keeping its start
 * (the member of the document it is in). */
static char *
shorten_path (const char *path)
{
  const char *cut;

  if (strlen (path) <= 60)
    return g_strdup (path);
  cut = g_utf8_find_prev_char (path, path + 60);
  return g_strdup_printf ("%.*s…", (int) (cut - path), path);
}

/* "workers[0].name": where the scan is, as the validators name fields. */
static char *
scan_path (Scan *sc)
{
  GString *path = g_string_new (NULL);

  for (guint i = 0; i < sc->stack->len; i++)
    {
      Frame *f = &g_array_index (sc->stack, Frame, i);
      if (!f->object)
        g_string_append_printf (path, "[%u]", f->index);
      else if (f->key)
        g_string_append_printf (path, "%s%s", path->len ? "." : "", f->key);
    }
  return g_string_free (path, FALSE);
}

static gboolean
scan_fail (Scan       *sc,
           gsize       at,
           const char *format,
           ...) G_GNUC_PRINTF (3, 4);

static gboolean
scan_fail (Scan       *sc,
           gsize       at,
           const char *format,
           ...)
{
  g_autofree char *reason = NULL;
  g_autofree char *full_path = scan_path (sc);
  g_autofree char *path = shorten_path (full_path);
  const char *line_start = sc->text;
  guint line = 1, column = 1;
  va_list args;

  va_start (args, format);
  reason = g_strdup_vprintf (format, args);
  va_end (args);
  for (gsize i = 0; i < at && i < sc->len; i++)
    if (sc->text[i] == '\n')
      {
        line++;
        line_start = sc->text + i + 1;
      }
  /* Columns count characters, not bytes (the text up to @at is UTF-8). */
  for (const char *p = line_start; p < sc->text + at; p = g_utf8_next_char (p))
    column++;
  if (*path)
    g_set_error (sc->error, TJ_ERROR, TJ_ERROR_INVALID,
                 _("The JSON is not valid at line %u, column %u, in “%s”: %s"), line, column, path, reason);
  else
    g_set_error (sc->error, TJ_ERROR, TJ_ERROR_INVALID,
                 _("The JSON is not valid at line %u, column %u: %s"), line, column, reason);
  return FALSE;
}

int
tj_json_hex4 (const char *p)
{
  int v = 0;

  for (int i = 0; i < 4; i++)
    {
      int d = g_ascii_xdigit_value (p[i]);
      if (d < 0)
        return -1;
      v = v * 16 + d;
    }
  return v;
}

/* A string at sc->pos (its opening quote); @decoded, when not NULL, gets
 * its text (member names, for messages). */
static gboolean
scan_string (Scan    *sc,
             GString *decoded)
{
  gsize start = sc->pos;
  gsize i = sc->pos + 1;

  while (TRUE)
    {
      guchar c;

      if (i >= sc->len)
        return scan_fail (sc, start, _("a string is not closed"));
      c = (guchar) sc->text[i];
      if (c == '"')
        break;
      if (c < 0x20)
        return scan_fail (sc, i, _("a control character (U+%04X) must be written as an escape such as \\n"), c);
      if (c != '\\')
        {
          if (decoded)
            g_string_append_c (decoded, (char) c);
          i++;
          continue;
        }
      if (i + 1 >= sc->len)
        return scan_fail (sc, start, _("a string is not closed"));
      c = (guchar) sc->text[i + 1];
      if (c == 'u')
        {
          int code = i + 6 <= sc->len ? tj_json_hex4 (sc->text + i + 2) : -1;
          if (code < 0)
            return scan_fail (sc, i, _("“\\u” must be followed by four hexadecimal digits"));
          if (code == 0)
            return scan_fail (sc, i, _("text may not contain the NUL character (\\u0000)"));
          if (code >= 0xDC00 && code <= 0xDFFF)
            return scan_fail (sc, i, _("“\\u%04X” is the second half of a surrogate pair without the first"), code);
          if (code >= 0xD800 && code <= 0xDBFF)
            {
              int low = i + 12 <= sc->len && sc->text[i + 6] == '\\' && sc->text[i + 7] == 'u'
                        ? tj_json_hex4 (sc->text + i + 8) : -1;
              if (low < 0xDC00 || low > 0xDFFF)
                return scan_fail (sc, i, _("“\\u%04X” is the first half of a surrogate pair without the second"),
                                  code);
              if (decoded)
                g_string_append_unichar (decoded, 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00));
              i += 12;
              continue;
            }
          if (decoded)
            g_string_append_unichar (decoded, code);
          i += 6;
          continue;
        }
      if (strchr ("\"\\/bfnrt", c) == NULL || c == '\0')
        {
          if (c >= 0x20 && c < 0x7F)
            return scan_fail (sc, i, _("“\\%c” is not an escape JSON knows (\\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX)"),
                              c);
          return scan_fail (sc, i, _("a backslash must start an escape such as \\n or \\u00e9"));
        }
      if (decoded)
        g_string_append_c (decoded, c == 'n' ? '\n' : c == 't' ? '\t' : c == 'r' ? '\r'
                                    : c == 'b' ? '\b' : c == 'f' ? '\f' : (char) c);
      i += 2;
    }
  sc->pos = i + 1;
  return TRUE;
}

static gboolean
scan_number (Scan *sc)
{
  gsize start = sc->pos;
  gsize i = start;
  gboolean integer = TRUE;
  g_autofree char *number = NULL;

  if (sc->text[i] == '-')
    i++;
  if (i < sc->len && sc->text[i] == '0')
    i++;
  else if (i < sc->len && sc->text[i] >= '1' && sc->text[i] <= '9')
    while (i < sc->len && g_ascii_isdigit (sc->text[i]))
      i++;
  else
    return scan_fail (sc, start, _("a number must start with a digit"));
  if (i < sc->len && sc->text[i] == '.')
    {
      integer = FALSE;
      i++;
      if (i >= sc->len || !g_ascii_isdigit (sc->text[i]))
        return scan_fail (sc, start, _("a decimal point must be followed by digits"));
      while (i < sc->len && g_ascii_isdigit (sc->text[i]))
        i++;
    }
  if (i < sc->len && (sc->text[i] == 'e' || sc->text[i] == 'E'))
    {
      integer = FALSE;
      i++;
      if (i < sc->len && (sc->text[i] == '+' || sc->text[i] == '-'))
        i++;
      if (i >= sc->len || !g_ascii_isdigit (sc->text[i]))
        return scan_fail (sc, start, _("an exponent must have digits"));
      while (i < sc->len && g_ascii_isdigit (sc->text[i]))
        i++;
    }
  /* 0x10, 012, 1.5.2: what follows a number must end it. */
  if (i < sc->len && (g_ascii_isalnum (sc->text[i]) || sc->text[i] == '.'))
    return scan_fail (sc, start, _("this is not a JSON number (no leading zeros, no hexadecimal)"));

  number = g_strndup (sc->text + start, i - start);
  errno = 0;
  if (integer)
    {
      g_ascii_strtoll (number, NULL, 10);
      if (errno == ERANGE)
        return scan_fail (sc, start, _("%s is too large for a whole number (at most 19 digits, 9223372036854775807)"),
                          number);
    }
  else if (!isfinite (g_ascii_strtod (number, NULL)))
    return scan_fail (sc, start, _("%s is too large a number"), number);
  sc->pos = i;
  return TRUE;
}

static gboolean
scan_literal (Scan *sc)
{
  static const char * const literals[] = { "true", "false", "null" };

  for (guint i = 0; i < G_N_ELEMENTS (literals); i++)
    {
      gsize n = strlen (literals[i]);
      if (sc->len - sc->pos >= n && memcmp (sc->text + sc->pos, literals[i], n) == 0 &&
          (sc->pos + n == sc->len || !g_ascii_isalnum (sc->text[sc->pos + n])))
        {
          sc->pos += n;
          return TRUE;
        }
    }
  return scan_fail (sc, sc->pos, _("expected a value (text in double quotes, a number, true, false, null, "
                                   "an object or a list)"));
}

static gboolean
scan_push (Scan     *sc,
           gboolean  object)
{
  Frame f = { object, 0, NULL };

  if (sc->stack->len >= TJ_JSON_MAX_TEXT_DEPTH)
    return scan_fail (sc, sc->pos, _("it is nested more than %d levels deep"), TJ_JSON_MAX_TEXT_DEPTH);
  g_array_append_val (sc->stack, f);
  sc->pos++;
  return TRUE;
}

static gboolean
check_text (const char  *text,
            gsize        len,
            GError     **error)
{
  enum { VALUE, VALUE_OR_CLOSE, KEY, KEY_OR_CLOSE, COLON, AFTER } state = VALUE;
  g_autoptr(GArray) stack = g_array_new (FALSE, FALSE, sizeof (Frame));
  Scan sc = { text, len, 0, stack, error };
  const char *bad = NULL;

  g_array_set_clear_func (stack, frame_clear);
  if (!g_utf8_validate_len (text, len, &bad))
    return scan_fail (&sc, bad - text, *bad == '\0' ? _("the text contains a NUL byte")
                                                    : _("the text is not UTF-8"));
  while (TRUE)
    {
      Frame *top;
      char c;

      while (sc.pos < len && (text[sc.pos] == ' ' || text[sc.pos] == '\t' || text[sc.pos] == '\n' ||
                              text[sc.pos] == '\r'))
        sc.pos++;
      if (sc.pos == len)
        {
          if (state == AFTER && stack->len == 0)
            return TRUE;
          if (state == VALUE && stack->len == 0)
            {
              g_set_error (error, TJ_ERROR, TJ_ERROR_INVALID, _("The JSON is empty"));
              return FALSE;
            }
          return scan_fail (&sc, len, _("the text ends before the JSON does"));
        }
      c = text[sc.pos];
      top = stack->len ? &g_array_index (stack, Frame, stack->len - 1) : NULL;

      switch (state)
        {
        case VALUE_OR_CLOSE:
          if (c == ']')
            {
              g_array_set_size (stack, stack->len - 1);
              sc.pos++;
              state = AFTER;
              break;
            }
          G_GNUC_FALLTHROUGH;
        case VALUE:
          if (c == '{' || c == '[')
            {
              if (!scan_push (&sc, c == '{'))
                return FALSE;
              state = c == '{' ? KEY_OR_CLOSE : VALUE_OR_CLOSE;
              break;
            }
          if (c == '"' ? !scan_string (&sc, NULL)
              : (c == '-' || g_ascii_isdigit (c)) ? !scan_number (&sc)
              : !scan_literal (&sc))
            return FALSE;
          state = AFTER;
          break;

        case KEY_OR_CLOSE:
          if (c == '}')
            {
              g_array_set_size (stack, stack->len - 1);
              sc.pos++;
              state = AFTER;
              break;
            }
          G_GNUC_FALLTHROUGH;
        case KEY:
          {
            g_autoptr(GString) key = g_string_new (NULL);
            if (c != '"')
              return scan_fail (&sc, sc.pos, _("expected a member name in double quotes"));
            if (!scan_string (&sc, key))
              return FALSE;
            g_free (top->key);
            top->key = g_string_free (g_steal_pointer (&key), FALSE);
            state = COLON;
          }
          break;

        case COLON:
          if (c != ':')
            return scan_fail (&sc, sc.pos, _("expected “:” after the member name"));
          sc.pos++;
          state = VALUE;
          break;

        case AFTER:
        default:
          if (top == NULL)
            return scan_fail (&sc, sc.pos, _("there is more text after the end of the JSON"));
          if (c == ',')
            {
              if (top->object)
                {
                  g_clear_pointer (&top->key, g_free);
                  state = KEY;
                }
              else
                {
                  top->index++;
                  state = VALUE;
                }
              sc.pos++;
            }
          else if ((c == '}' && top->object) || (c == ']' && !top->object))
            {
              g_array_set_size (stack, stack->len - 1);
              sc.pos++;
            }
          else
            return scan_fail (&sc, sc.pos, top->object ? _("expected “,” or “}”") : _("expected “,” or “]”"));
          break;
        }
    }
}

JsonNode *
tj_json_parse (const char  *text,
               gssize       length,
               GError     **error)
{
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GError) local_error = NULL;
  gsize len;

  if (text == NULL)
    {
      g_set_error (error, TJ_ERROR, TJ_ERROR_INVALID, _("No JSON was given"));
      return NULL;
    }
  len = length < 0 ? strlen (text) : (gsize) length;
  if (!check_text (text, len, error))
    return NULL;

  parser = json_parser_new_immutable ();
  if (!json_parser_load_from_data (parser, text, (gssize) len, &local_error))
    {
      /* json-glib's message already says "<line>:<column>: reason". */
      g_set_error (error, TJ_ERROR, TJ_ERROR_INVALID,
                   _("The JSON is not valid: %s"), local_error->message);
      return NULL;
    }
  if (json_parser_get_root (parser) == NULL)
    {
      g_set_error (error, TJ_ERROR, TJ_ERROR_INVALID, _("The JSON is empty"));
      return NULL;
    }
  return json_parser_steal_root (parser);
}

/* ------------------------------------------------------------------ */
/* Checking a document before it is stored                              */

/* Where in the document the walk is: a chain of steps on the stack,
 * spelled out as "a.b[2].c" only when a check fails. Formatting the path
 * at every member cost a tenth of writing a 5,000-worker roster. */
typedef struct _CheckStep CheckStep;
struct _CheckStep {
  const CheckStep *up;
  const char      *name;    /* a member, or NULL for an array element */
  guint            index;
};

static void
append_path (GString         *path,
             const CheckStep *step)
{
  if (step == NULL)
    return;
  append_path (path, step->up);
  if (step->name)
    g_string_append_printf (path, "%s%s", path->len ? "." : "", step->name);
  else
    g_string_append_printf (path, "[%u]", step->index);
}

static gboolean
check_fail (const CheckStep  *step,
            const char       *what,
            GError          **error,
            const char       *reason)
{
  g_autoptr(GString) path = g_string_new (NULL);
  g_autofree char *shown = NULL;

  append_path (path, step);
  shown = shorten_path (path->str);
  if (path->len)
    g_set_error (error, TJ_ERROR, TJ_ERROR_INVALID, _("Document %s, “%s”: %s"), what, shown, reason);
  else
    g_set_error (error, TJ_ERROR, TJ_ERROR_INVALID, _("Document %s: %s"), what, reason);
  return FALSE;
}

static gboolean
check_node (JsonNode         *node,
            const CheckStep  *step,
            guint             depth,
            const char       *what,
            GError          **error)
{
  if (node == NULL)
    return TRUE;
  switch (JSON_NODE_TYPE (node))
    {
    case JSON_NODE_OBJECT:
    case JSON_NODE_ARRAY:
      if (depth > TJ_JSON_MAX_DEPTH)
        {
          g_autofree char *reason = g_strdup_printf (_("it is nested more than %d levels deep"), TJ_JSON_MAX_DEPTH);
          return check_fail (step, what, error, reason);
        }
      if (JSON_NODE_HOLDS_ARRAY (node))
        {
          JsonArray *array = json_node_get_array (node);
          for (guint i = 0; i < json_array_get_length (array); i++)
            {
              CheckStep next = { step, NULL, i };
              if (!check_node (json_array_get_element (array, i), &next, depth + 1, what, error))
                return FALSE;
            }
        }
      else
        {
          JsonObject *object = json_node_get_object (node);
          g_autoptr(GList) members = json_object_get_members (object);
          for (GList *l = members; l; l = l->next)
            {
              const char *name = l->data;
              CheckStep next = { step, name, 0 };
              if (!g_utf8_validate (name, -1, NULL))
                return check_fail (step, what, error, _("a member name is not valid UTF-8 text"));
              if (!check_node (json_object_get_member (object, name), &next, depth + 1, what, error))
                return FALSE;
            }
        }
      return TRUE;

    case JSON_NODE_VALUE:
      if (json_node_get_value_type (node) == G_TYPE_STRING &&
          !g_utf8_validate (json_node_get_string (node), -1, NULL))
        return check_fail (step, what, error, _("the text is not valid UTF-8"));
      if (json_node_get_value_type (node) == G_TYPE_DOUBLE && !isfinite (json_node_get_double (node)))
        return check_fail (step, what, error, _("the number is not finite"));
      return TRUE;

    case JSON_NODE_NULL:
    default:
      return TRUE;
    }
}

gboolean
tj_json_check_document (JsonObject  *object,
                        const char  *what,
                        GError     **error)
{
  g_autoptr(JsonNode) node = json_node_init_object (json_node_alloc (), object);

  return check_node (node, NULL, 1, what ? what : "", error);
}

JsonObject *
tj_json_parse_object (const char  *text,
                      gssize       length,
                      GError     **error)
{
  g_autoptr(JsonNode) root = tj_json_parse (text, length, error);

  if (root == NULL)
    return NULL;
  if (!JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error (error, TJ_ERROR, TJ_ERROR_INVALID,
                   _("The JSON must be an object ({…}) at the top level"));
      return NULL;
    }
  return json_object_ref (json_node_get_object (root));
}

/* json_node_copy() shares nested objects and arrays; editing a "copy"
 * would edit the original. Copy every level. */
static JsonNode *
deep_copy_node (JsonNode *node)
{
  JsonNode *copy;

  switch (JSON_NODE_TYPE (node))
    {
    case JSON_NODE_OBJECT:
      copy = json_node_new (JSON_NODE_OBJECT);
      json_node_take_object (copy, tj_json_object_copy (json_node_get_object (node)));
      return copy;
    case JSON_NODE_ARRAY:
      {
        JsonArray *src = json_node_get_array (node);
        JsonArray *dst = json_array_sized_new (json_array_get_length (src));
        for (guint i = 0; i < json_array_get_length (src); i++)
          json_array_add_element (dst, deep_copy_node (json_array_get_element (src, i)));
        copy = json_node_new (JSON_NODE_ARRAY);
        json_node_take_array (copy, dst);
        return copy;
      }
    case JSON_NODE_VALUE:
    case JSON_NODE_NULL:
    default:
      return json_node_copy (node);
    }
}

JsonObject *
tj_json_object_copy (JsonObject *object)
{
  JsonObject *copy = json_object_new ();
  g_autoptr(GList) members = json_object_get_members (object);

  for (GList *l = members; l; l = l->next)
    json_object_set_member (copy, l->data, deep_copy_node (json_object_get_member (object, l->data)));
  return copy;
}

const char *
tj_json_get_string (JsonObject *object,
                    const char *member,
                    const char *default_value)
{
  JsonNode *node = object ? json_object_get_member (object, member) : NULL;
  if (node && JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
    return json_node_get_string (node);
  return default_value;
}

gint64
tj_json_get_int (JsonObject *object,
                 const char *member,
                 gint64      default_value)
{
  JsonNode *node = object ? json_object_get_member (object, member) : NULL;
  if (node && JSON_NODE_HOLDS_VALUE (node))
    {
      GType t = json_node_get_value_type (node);
      if (t == G_TYPE_INT64)
        return json_node_get_int (node);
      if (t == G_TYPE_DOUBLE)
        {
          /* 2^63 is exact as a double; anything from there on (or NaN)
           * has no gint64 to become. */
          double d = json_node_get_double (node);
          if (d >= -9223372036854775808.0 && d < 9223372036854775808.0)
            return (gint64) d;
        }
    }
  return default_value;
}

gboolean
tj_json_get_bool (JsonObject *object,
                  const char *member,
                  gboolean    default_value)
{
  JsonNode *node = object ? json_object_get_member (object, member) : NULL;
  if (node && JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_BOOLEAN)
    return json_node_get_boolean (node);
  return default_value;
}

JsonObject *
tj_json_get_object (JsonObject *object,
                    const char *member)
{
  JsonNode *node = object ? json_object_get_member (object, member) : NULL;
  return node && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

JsonArray *
tj_json_get_array (JsonObject *object,
                   const char *member)
{
  JsonNode *node = object ? json_object_get_member (object, member) : NULL;
  return node && JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;
}

GPtrArray *
tj_json_wrap_objects (JsonArray      *array,
                      TjJsonWrapFunc  wrap)
{
  GPtrArray *items = g_ptr_array_new_with_free_func (g_object_unref);

  g_return_val_if_fail (wrap != NULL, items);

  for (guint i = 0; array && i < json_array_get_length (array); i++)
    {
      JsonNode *node = json_array_get_element (array, i);

      if (JSON_NODE_HOLDS_OBJECT (node))
        g_ptr_array_add (items, wrap (json_node_get_object (node)));
    }
  return items;
}
