/* SPDX-License-Identifier: GPL-3.0-or-later */
/* See tj-sync-tape.h. The parser is a loop with an explicit stack, so a
 * reply nested absurdly deep costs a counter, not the C stack. */
#undef G_LOG_DOMAIN
#define G_LOG_DOMAIN "Tiaojie-Sync"

#include "tj-sync-tape.h"

#include <errno.h>
#include <math.h>
#include <string.h>

#include "tj-json.h"

/* U+FDD0: what an escape that is not text becomes (tj-sync-replies.c). */
#define NONCHARACTER_MARK "\xef\xb7\x90"

typedef struct
{
  TjSyncTape *tape;
  guint       alloc;
  const char *text;
  gsize       len;
  gsize       pos;
} Parser;

static guint
add_node (Parser *p,
          guint8  type,
          gsize   start)
{
  TjSyncTape *tape = p->tape;
  TjTapeNode *node;

  if (tape->n_nodes == p->alloc)
    {
      p->alloc *= 2;
      tape->nodes = g_renew (TjTapeNode, tape->nodes, p->alloc);
    }
  node = &tape->nodes[tape->n_nodes];
  node->type = type;
  node->flags = 0;
  node->height = 0;
  node->start = (guint32) start;
  node->end = (guint32) start;
  node->skip = tape->n_nodes + 1;
  return tape->n_nodes++;
}

static inline void
skip_space (Parser *p)
{
  while (p->pos < p->len)
    {
      char c = p->text[p->pos];
      if (c != ' ' && c != '\n' && c != '\r' && c != '\t')
        break;
      p->pos++;
    }
}

/* One UTF-8 sequence at @s (its lead byte >= 0x80), as g_utf8_validate()
 * takes them: no overlong forms, no surrogates, nothing past U+10FFFF.
 * Its length, 0 when it is not one. */
static guint
utf8_sequence (const guchar *s,
               gsize         avail)
{
  guchar c = s[0];

  if (c >= 0xc2 && c <= 0xdf)
    return avail >= 2 && (s[1] & 0xc0) == 0x80 ? 2 : 0;
  if (c >= 0xe0 && c <= 0xef)
    {
      if (avail < 3 || (s[1] & 0xc0) != 0x80 || (s[2] & 0xc0) != 0x80)
        return 0;
      if ((c == 0xe0 && s[1] < 0xa0) || (c == 0xed && s[1] > 0x9f))
        return 0;
      return 3;
    }
  if (c >= 0xf0 && c <= 0xf4)
    {
      if (avail < 4 || (s[1] & 0xc0) != 0x80 || (s[2] & 0xc0) != 0x80 || (s[3] & 0xc0) != 0x80)
        return 0;
      if ((c == 0xf0 && s[1] < 0x90) || (c == 0xf4 && s[1] > 0x8f))
        return 0;
      return 4;
    }
  return 0;
}

/* A string at p->pos (its opening quote). */
static gboolean
parse_string (Parser *p,
              guint8 *out_flags)
{
  const guchar *text = (const guchar *) p->text;
  gsize i = p->pos + 1;
  guint8 flags = 0;

  for (;;)
    {
      guchar c;

      /* The common case: plain ASCII text. */
      while (i < p->len && text[i] >= 0x20 && text[i] < 0x80 && text[i] != '"' && text[i] != '\\')
        i++;
      if (i >= p->len)
        goto fail;
      c = text[i];
      if (c == '"')
        break;
      if (c < 0x20)
        goto fail;
      if (c >= 0x80)
        {
          guint n = utf8_sequence (text + i, p->len - i);
          if (n == 0)
            goto fail;
          /* The mark itself, raw: as little text as its escape. */
          if (n == 3 && memcmp (text + i, NONCHARACTER_MARK, 3) == 0)
            flags |= TJ_TAPE_NOT_TEXT;
          i += n;
          continue;
        }
      /* A backslash. */
      flags |= TJ_TAPE_ESCAPED;
      if (i + 1 >= p->len)
        goto fail;
      c = text[i + 1];
      if (c == 'u')
        {
          int unit = i + 6 <= p->len ? tj_json_hex4 (p->text + i + 2) : -1;

          if (unit < 0)
            goto fail;
          i += 6;
          if (unit >= 0xd800 && unit <= 0xdbff)
            {
              int low = i + 6 <= p->len && text[i] == '\\' && text[i + 1] == 'u' ? tj_json_hex4 (p->text + i + 2) : -1;
              if (low >= 0xdc00 && low <= 0xdfff)
                i += 6;
              else
                flags |= TJ_TAPE_NOT_TEXT;
            }
          else if (unit == 0 || (unit >= 0xdc00 && unit <= 0xdfff) || unit == 0xfdd0)
            flags |= TJ_TAPE_NOT_TEXT;
          continue;
        }
      if (strchr ("\"\\/bfnrt", c) == NULL || c == '\0')
        goto fail;
      i += 2;
    }
  *out_flags = flags;
  p->pos = i + 1;
  return TRUE;

fail:
  p->pos = MIN (i, p->len);
  return FALSE;
}

static gboolean
parse_number (Parser *p,
              guint8 *out_flags)
{
  const char *text = p->text;
  gsize i = p->pos;
  gsize digits_start;
  guint8 flags = TJ_TAPE_INTEGER;

  if (text[i] == '-')
    i++;
  digits_start = i;
  if (i < p->len && text[i] == '0')
    i++;
  else if (i < p->len && text[i] >= '1' && text[i] <= '9')
    while (i < p->len && g_ascii_isdigit (text[i]))
      i++;
  else
    goto fail;
  if (i < p->len && text[i] == '.')
    {
      flags = 0;
      if (++i >= p->len || !g_ascii_isdigit (text[i]))
        goto fail;
      while (i < p->len && g_ascii_isdigit (text[i]))
        i++;
    }
  if (i < p->len && (text[i] == 'e' || text[i] == 'E'))
    {
      flags = 0;
      if (++i < p->len && (text[i] == '+' || text[i] == '-'))
        i++;
      if (i >= p->len || !g_ascii_isdigit (text[i]))
        goto fail;
      while (i < p->len && g_ascii_isdigit (text[i]))
        i++;
    }

  /* What a store keeps: integers within 64 bits, finite doubles. Up to 18
   * digits always fit; only longer ones are read to be sure. */
  if ((flags & TJ_TAPE_INTEGER) ? i - digits_start > 18 : TRUE)
    {
      g_autofree char *number = g_strndup (text + p->pos, i - p->pos);

      errno = 0;
      if (flags & TJ_TAPE_INTEGER)
        {
          g_ascii_strtoll (number, NULL, 10);
          if (errno == ERANGE)
            flags |= TJ_TAPE_TOO_LARGE;
        }
      else if (!isfinite (g_ascii_strtod (number, NULL)))
        flags |= TJ_TAPE_TOO_LARGE;
    }
  *out_flags = flags;
  p->pos = i;
  return TRUE;

fail:
  p->pos = MIN (i, p->len);
  return FALSE;
}

static gboolean
parse_literal (Parser     *p,
               const char *word)
{
  gsize n = strlen (word);

  if (p->len - p->pos < n || memcmp (p->text + p->pos, word, n) != 0)
    return FALSE;
  p->pos += n;
  return TRUE;
}

/* A scalar value at p->pos. */
static gboolean
parse_scalar (Parser *p)
{
  gsize start = p->pos;
  guint8 flags = 0;
  guint8 type;
  guint node;

  switch (p->text[start])
    {
    case '"':
      if (!parse_string (p, &flags))
        return FALSE;
      type = TJ_TAPE_STRING;
      break;
    case 't':
      if (!parse_literal (p, "true"))
        return FALSE;
      type = TJ_TAPE_TRUE;
      break;
    case 'f':
      if (!parse_literal (p, "false"))
        return FALSE;
      type = TJ_TAPE_FALSE;
      break;
    case 'n':
      if (!parse_literal (p, "null"))
        return FALSE;
      type = TJ_TAPE_NULL;
      break;
    default:
      if (!parse_number (p, &flags))
        return FALSE;
      type = TJ_TAPE_NUMBER;
    }
  node = add_node (p, type, start);
  p->tape->nodes[node].flags = flags;
  p->tape->nodes[node].end = (guint32) p->pos;
  return TRUE;
}

static void
line_and_column (const char *text,
                 gsize       pos,
                 guint      *out_line,
                 guint      *out_column)
{
  guint line = 1, column = 1;

  for (gsize i = 0; i < pos; i++)
    {
      if (text[i] == '\n')
        {
          line++;
          column = 1;
        }
      else if (((guchar) text[i] & 0xc0) != 0x80)
        column++;
    }
  *out_line = line;
  *out_column = column;
}

TjSyncTape *
_tj_sync_tape_parse (GBytes   *bytes,
                     guint     max_depth,
                     guint    *out_line,
                     guint    *out_column,
                     gboolean *out_too_deep)
{
  g_autoptr(TjSyncTape) tape = g_new0 (TjSyncTape, 1);
  g_autofree guint *stack = g_new (guint, max_depth + 1);
  guint depth = 0;
  Parser p = { 0 };

  *out_too_deep = FALSE;
  *out_line = *out_column = 0;
  tape->bytes = g_bytes_ref (bytes);
  tape->text = g_bytes_get_data (bytes, &tape->len);
  if (tape->text == NULL)
    tape->text = "";
  /* Replies over 4 GiB are refused long before (MAX_REPLY_BYTES). */
  g_return_val_if_fail (tape->len < G_MAXUINT32, NULL);
  p.tape = tape;
  p.text = tape->text;
  p.len = tape->len;
  p.alloc = MAX (64, tape->len / 16);
  tape->nodes = g_new (TjTapeNode, p.alloc);
  tape->n_nodes = 1;
  memset (&tape->nodes[0], 0, sizeof tape->nodes[0]);

value:
  skip_space (&p);
  if (p.pos >= p.len)
    goto fail;
  if (p.text[p.pos] == '{' || p.text[p.pos] == '[')
    {
      gboolean object = p.text[p.pos] == '{';
      guint node = add_node (&p, object ? TJ_TAPE_OBJECT : TJ_TAPE_ARRAY, p.pos);

      tape->nodes[node].height = 1;
      if (depth == max_depth)
        {
          *out_too_deep = TRUE;
          return NULL;
        }
      stack[depth++] = node;
      p.pos++;
      skip_space (&p);
      if (p.pos < p.len && p.text[p.pos] == (object ? '}' : ']'))
        goto close;
      if (object)
        goto key;
      goto value;
    }
  if (!parse_scalar (&p))
    goto fail;
  if (depth > 0 && (tape->nodes[tape->n_nodes - 1].flags & (TJ_TAPE_NOT_TEXT | TJ_TAPE_TOO_LARGE)))
    tape->nodes[stack[depth - 1]].flags |= TJ_TAPE_SPOILT;
  goto after_value;

key:
  skip_space (&p);
  if (p.pos >= p.len || p.text[p.pos] != '"' || !parse_scalar (&p))
    goto fail;
  if (tape->nodes[tape->n_nodes - 1].flags & TJ_TAPE_NOT_TEXT)
    tape->nodes[stack[depth - 1]].flags |= TJ_TAPE_SPOILT;
  skip_space (&p);
  if (p.pos >= p.len || p.text[p.pos] != ':')
    goto fail;
  p.pos++;
  goto value;

after_value:
  skip_space (&p);
  if (depth == 0)
    {
      if (p.pos != p.len)
        goto fail;
      return g_steal_pointer (&tape);
    }
  if (p.pos >= p.len)
    goto fail;
  if (p.text[p.pos] == ',')
    {
      p.pos++;
      if (tape->nodes[stack[depth - 1]].type == TJ_TAPE_OBJECT)
        goto key;
      goto value;
    }
  if (p.text[p.pos] != (tape->nodes[stack[depth - 1]].type == TJ_TAPE_OBJECT ? '}' : ']'))
    goto fail;

close:
  {
    guint node = stack[--depth];
    TjTapeNode *n = &tape->nodes[node];

    p.pos++;
    n->end = (guint32) p.pos;
    n->skip = tape->n_nodes;
    if (depth > 0)
      {
        TjTapeNode *parent = &tape->nodes[stack[depth - 1]];
        parent->height = MAX (parent->height, n->height + 1);
        parent->flags |= n->flags & TJ_TAPE_SPOILT;
      }
  }
  goto after_value;

fail:
  line_and_column (p.text, MIN (p.pos, p.len), out_line, out_column);
  return NULL;
}

void
_tj_sync_tape_free (TjSyncTape *tape)
{
  if (tape == NULL)
    return;
  g_clear_pointer (&tape->bytes, g_bytes_unref);
  g_free (tape->nodes);
  g_free (tape);
}

guint
_tj_sync_tape_length (TjSyncTape *tape,
                      guint       i)
{
  guint n = 0;

  for (guint c = _tj_sync_tape_first (tape, i); c; c = _tj_sync_tape_next (tape, i, c))
    n++;
  return _tj_sync_tape_is (tape, i, TJ_TAPE_OBJECT) ? n / 2 : n;
}

/* Decodes string @i (without its quotes) into @out. */
static void
decode_string (TjSyncTape *tape,
               guint       i,
               GString    *out)
{
  const TjTapeNode *node = &tape->nodes[i];
  const char *s = tape->text + node->start + 1;
  const char *end = tape->text + node->end - 1;

  if (!(node->flags & TJ_TAPE_ESCAPED))
    {
      g_string_append_len (out, s, end - s);
      return;
    }
  while (s < end)
    {
      const char *backslash = memchr (s, '\\', end - s);
      int unit;

      if (backslash == NULL)
        {
          g_string_append_len (out, s, end - s);
          break;
        }
      g_string_append_len (out, s, backslash - s);
      s = backslash + 1;
      switch (*s)
        {
        case 'b': g_string_append_c (out, '\b'); s++; break;
        case 'f': g_string_append_c (out, '\f'); s++; break;
        case 'n': g_string_append_c (out, '\n'); s++; break;
        case 'r': g_string_append_c (out, '\r'); s++; break;
        case 't': g_string_append_c (out, '\t'); s++; break;
        case 'u':
          unit = tj_json_hex4 (s + 1);
          s += 5;
          if (unit >= 0xd800 && unit <= 0xdbff && end - s >= 6 && s[0] == '\\' && s[1] == 'u')
            {
              int low = tj_json_hex4 (s + 2);
              if (low >= 0xdc00 && low <= 0xdfff)
                {
                  g_string_append_unichar (out, 0x10000 + ((unit - 0xd800) << 10) + (low - 0xdc00));
                  s += 6;
                  break;
                }
            }
          if (unit == 0 || (unit >= 0xd800 && unit <= 0xdfff))
            g_string_append (out, NONCHARACTER_MARK);
          else
            g_string_append_unichar (out, unit);
          break;
        default:
          g_string_append_c (out, *s);
          s++;
        }
    }
}

gboolean
_tj_sync_tape_string_is (TjSyncTape *tape,
                         guint       i,
                         const char *s)
{
  const TjTapeNode *node;
  gsize len;

  if (!_tj_sync_tape_is (tape, i, TJ_TAPE_STRING))
    return FALSE;
  node = &tape->nodes[i];
  if (node->flags & TJ_TAPE_ESCAPED)
    {
      g_autoptr(GString) decoded = g_string_new (NULL);
      decode_string (tape, i, decoded);
      return strcmp (decoded->str, s) == 0 && strlen (s) == decoded->len;
    }
  len = node->end - node->start - 2;
  return strlen (s) == len && memcmp (tape->text + node->start + 1, s, len) == 0;
}

guint
_tj_sync_tape_member (TjSyncTape *tape,
                      guint       i,
                      const char *name)
{
  guint found = 0;

  if (!_tj_sync_tape_is (tape, i, TJ_TAPE_OBJECT))
    return 0;
  /* The last of equal names, as json-glib and JavaScript take it. */
  for (guint k = _tj_sync_tape_first (tape, i); k; k = _tj_sync_tape_next (tape, i, k + 1))
    if (_tj_sync_tape_string_is (tape, k, name))
      found = k + 1;
  return found;
}

char *
_tj_sync_tape_dup_string (TjSyncTape *tape,
                          guint       i)
{
  GString *out;

  if (!_tj_sync_tape_is (tape, i, TJ_TAPE_STRING))
    return NULL;
  out = g_string_sized_new (tape->nodes[i].end - tape->nodes[i].start);
  decode_string (tape, i, out);
  return g_string_free (out, FALSE);
}

const char *
_tj_sync_tape_get_string (TjSyncTape *tape,
                          guint       i,
                          const char *name,
                          GString    *buf)
{
  guint value = _tj_sync_tape_member (tape, i, name);

  if (!_tj_sync_tape_is (tape, value, TJ_TAPE_STRING))
    return NULL;
  g_string_truncate (buf, 0);
  decode_string (tape, value, buf);
  return buf->str;
}

gboolean
_tj_sync_tape_get_int (TjSyncTape *tape,
                       guint       i,
                       gint64     *out_value)
{
  const TjTapeNode *node;
  char number[32];
  gsize len;

  if (!_tj_sync_tape_is (tape, i, TJ_TAPE_NUMBER))
    return FALSE;
  node = &tape->nodes[i];
  len = node->end - node->start;
  if (!(node->flags & TJ_TAPE_INTEGER) || (node->flags & TJ_TAPE_TOO_LARGE) || len >= sizeof number)
    return FALSE;
  memcpy (number, tape->text + node->start, len);
  number[len] = '\0';
  *out_value = g_ascii_strtoll (number, NULL, 10);
  return TRUE;
}

JsonNode *
_tj_sync_tape_to_node (TjSyncTape *tape,
                       guint       i)
{
  const TjTapeNode *node = &tape->nodes[i];

  switch (i ? node->type : TJ_TAPE_NULL)
    {
    case TJ_TAPE_OBJECT:
      {
        JsonObject *object = json_object_new ();
        JsonNode *result = json_node_new (JSON_NODE_OBJECT);

        for (guint k = _tj_sync_tape_first (tape, i); k; k = _tj_sync_tape_next (tape, i, k + 1))
          {
            g_autofree char *name = _tj_sync_tape_dup_string (tape, k);
            json_object_set_member (object, name, _tj_sync_tape_to_node (tape, k + 1));
          }
        json_node_take_object (result, object);
        return result;
      }
    case TJ_TAPE_ARRAY:
      {
        JsonArray *array = json_array_new ();
        JsonNode *result = json_node_new (JSON_NODE_ARRAY);

        for (guint c = _tj_sync_tape_first (tape, i); c; c = _tj_sync_tape_next (tape, i, c))
          json_array_add_element (array, _tj_sync_tape_to_node (tape, c));
        json_node_take_array (result, array);
        return result;
      }
    case TJ_TAPE_STRING:
      {
        g_autofree char *s = _tj_sync_tape_dup_string (tape, i);
        return json_node_init_string (json_node_alloc (), s);
      }
    case TJ_TAPE_NUMBER:
      {
        gint64 value;
        g_autofree char *text = g_strndup (tape->text + node->start, node->end - node->start);

        if (_tj_sync_tape_get_int (tape, i, &value))
          return json_node_init_int (json_node_alloc (), value);
        return json_node_init_double (json_node_alloc (), g_ascii_strtod (text, NULL));
      }
    case TJ_TAPE_TRUE:
    case TJ_TAPE_FALSE:
      return json_node_init_boolean (json_node_alloc (), node->type == TJ_TAPE_TRUE);
    case TJ_TAPE_NULL:
    default:
      return json_node_init_null (json_node_alloc ());
    }
}
