/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Tiaojie-Search"

#include "tj-search.h"
#include "tj-error.h"
#include "tj-i18n.h"

#include <string.h>

typedef enum { CHAR_SEP, CHAR_HAN, CHAR_WORD } CharClass;

static CharClass
classify (gunichar c)
{
  if (g_unichar_get_script (c) == G_UNICODE_SCRIPT_HAN && g_unichar_isalpha (c))
    return CHAR_HAN;
  if (c == 0x3007) /* 〇, used in dates and numbers */
    return CHAR_HAN;
  if (g_unichar_isalnum (c))
    return CHAR_WORD;
  return CHAR_SEP;
}

typedef int (*TokenFunc) (void *ctx, int flags, const char *token, int len, int start, int end);

/* Called with each run of Han characters or of letters and digits:
 * @offsets[0…n] are where its characters start and where it ends. */
typedef int (*RunFunc) (void        *ctx,
                        const char  *text,
                        CharClass    cls,
                        const char **offsets,
                        int          n);

/* Walks @text (already normalised) run by run: what the index and the
 * scan of tj_search_text_matches() both see. */
static int
for_each_run (const char *text,
              int         length,
              RunFunc     func,
              void       *ctx)
{
  const char *p = text;
  const char *end = text + length;

  while (p < end)
    {
      gunichar c = g_utf8_get_char_validated (p, end - p);
      CharClass cls;
      int n = 0;
      const char *offsets[256 + 1];
      int rc;

      if (c == (gunichar) -1 || c == (gunichar) -2)
        {
          p++;
          continue;
        }
      cls = classify (c);
      if (cls == CHAR_SEP)
        {
          p = g_utf8_next_char (p);
          continue;
        }

      /* Collect one run of the same class (bounded, so a pathological
       * input cannot blow the stack; longer runs are split). */
      while (p < end && n < 256)
        {
          gunichar d = g_utf8_get_char_validated (p, end - p);
          if (d == (gunichar) -1 || d == (gunichar) -2 || classify (d) != cls)
            break;
          offsets[n++] = p;
          p = g_utf8_next_char (p);
        }
      offsets[n] = p;
      rc = func (ctx, text, cls, offsets, n);
      if (rc != SQLITE_OK)
        return rc;
    }
  return SQLITE_OK;
}

typedef struct {
  gboolean   query;
  void      *ctx;
  TokenFunc  emit;
} TokenizeData;

static int
tokenize_run (void        *data,
              const char  *text,
              CharClass    cls,
              const char **offsets,
              int          n)
{
  TokenizeData *td = data;
  gboolean query = td->query;
  void *ctx = td->ctx;
  TokenFunc emit = td->emit;

  if (cls == CHAR_HAN)
    {
      if (query && n >= 2)
        {
          for (int i = 0; i + 1 < n; i++)
            {
              int rc = emit (ctx, 0, offsets[i], offsets[i + 2] - offsets[i],
                             offsets[i] - text, offsets[i + 2] - text);
              if (rc != SQLITE_OK)
                return rc;
            }
        }
      else
        {
          for (int i = 0; i < n; i++)
            {
              int rc = emit (ctx, 0, offsets[i], offsets[i + 1] - offsets[i],
                             offsets[i] - text, offsets[i + 1] - text);
              if (rc == SQLITE_OK && !query && i + 1 < n)
                rc = emit (ctx, FTS5_TOKEN_COLOCATED, offsets[i], offsets[i + 2] - offsets[i],
                           offsets[i] - text, offsets[i + 2] - text);
              if (rc != SQLITE_OK)
                return rc;
            }
        }
    }
  else
    {
      if (n < 4)
        {
          int rc = emit (ctx, 0, offsets[0], offsets[n] - offsets[0],
                         offsets[0] - text, offsets[n] - text);
          if (rc != SQLITE_OK)
            return rc;
        }
      else
        {
          for (int i = 0; i + 3 < n; i++)
            {
              int rc = emit (ctx, 0, offsets[i], offsets[i + 4] - offsets[i],
                             offsets[i] - text, offsets[i + 4] - text);
              /* The last three characters, beside the last 4-gram:
               * a query of three is a prefix query, and this is the
               * one place they start no 4-gram. */
              if (rc == SQLITE_OK && !query && i + 4 == n)
                rc = emit (ctx, FTS5_TOKEN_COLOCATED, offsets[i + 1], offsets[n] - offsets[i + 1],
                           offsets[i + 1] - text, offsets[n] - text);
              if (rc != SQLITE_OK)
                return rc;
            }
        }
    }
  return SQLITE_OK;
}

/* Emits the tokens of @text (already normalised); @query selects the
 * query-side form described in tj-search.h. */
static int
tokenize (const char *text,
          int         length,
          gboolean    query,
          void       *ctx,
          TokenFunc   emit)
{
  TokenizeData td = { query, ctx, emit };

  return for_each_run (text, length, tokenize_run, &td);
}

static char *
normalize (const char *text,
           int         length)
{
  g_autofree char *valid = g_utf8_make_valid (text, length);
  g_autofree char *nfkc = g_utf8_normalize (valid, -1, G_NORMALIZE_ALL);
  return g_utf8_strdown (nfkc ? nfkc : valid, -1);
}

/* The scan: what the index finds, found in a case's text directly. */

typedef struct {
  CharClass  cls;
  int        n;     /* characters */
  gsize      len;   /* bytes */
  char      *bytes;
  gboolean   found;
} Needle;

static void
needles_free (gpointer data)
{
  GArray *needles = data;

  for (guint i = 0; i < needles->len; i++)
    g_free (g_array_index (needles, Needle, i).bytes);
  g_array_unref (needles);
}

/* The runs of @query as tj_search_match_expression() makes phrases of. */
static GArray *
parse_needles (const char *query)
{
  g_autofree char *norm = normalize (query, -1);
  GArray *needles = g_array_new (FALSE, TRUE, sizeof (Needle));
  const char *p = norm;

  while (*p)
    {
      CharClass cls = classify (g_utf8_get_char (p));
      const char *start = p;
      Needle needle = { cls, 0, 0, NULL, FALSE };

      if (cls == CHAR_SEP)
        {
          p = g_utf8_next_char (p);
          continue;
        }
      while (*p && classify (g_utf8_get_char (p)) == cls)
        {
          p = g_utf8_next_char (p);
          needle.n++;
        }
      needle.len = p - start;
      needle.bytes = g_strndup (start, needle.len);
      g_array_append_val (needles, needle);
    }
  return needles;
}

/* Marks the needles this run holds. As the index has them: Han anywhere;
 * a word of three or more characters anywhere in a word; one or two at
 * its start or where a 4-gram or its last three start (not in its last
 * two characters). */
static int
match_run (void        *data,
           const char  *text,
           CharClass    cls,
           const char **offsets,
           int          n)
{
  GArray *needles = data;
  gboolean all = TRUE;

  for (guint k = 0; k < needles->len; k++)
    {
      Needle *needle = &g_array_index (needles, Needle, k);

      if (needle->found || needle->cls != cls)
        {
          all = all && needle->found;
          continue;
        }
      for (int i = 0; i + needle->n <= n && !needle->found; i++)
        if ((gsize) (offsets[n] - offsets[i]) >= needle->len &&
            memcmp (offsets[i], needle->bytes, needle->len) == 0 &&
            (cls == CHAR_HAN || needle->n >= 3 || i == 0 || i + 3 <= n))
          needle->found = TRUE;
      all = all && needle->found;
    }
  /* Every needle found: no need to read on. */
  return all ? SQLITE_DONE : SQLITE_OK;
}

static gboolean
needles_match (GArray     *needles,
               const char *text,
               int         length)
{
  g_autofree char *norm = NULL;

  if (needles->len == 0)
    return TRUE;
  for (guint k = 0; k < needles->len; k++)
    g_array_index (needles, Needle, k).found = FALSE;
  norm = normalize (text, length);
  return for_each_run (norm, strlen (norm), match_run, needles) == SQLITE_DONE;
}

gboolean
tj_search_text_matches (const char *text,
                        const char *query)
{
  GArray *needles;
  gboolean matches;

  g_return_val_if_fail (query != NULL, FALSE);

  needles = parse_needles (query);
  matches = needles_match (needles, text ? text : "", -1);
  needles_free (needles);
  return matches;
}

gboolean
tj_search_has_short_word (const char *query)
{
  GArray *needles;
  gboolean shorter = FALSE;

  if (query == NULL)
    return FALSE;
  needles = parse_needles (query);
  for (guint k = 0; k < needles->len; k++)
    if (g_array_index (needles, Needle, k).cls == CHAR_WORD && g_array_index (needles, Needle, k).n <= 2)
      shorter = TRUE;
  needles_free (needles);
  return shorter;
}

/* tj_search_matches(TEXT, QUERY): tj_search_text_matches() in SQL; the
 * query is parsed once per statement. */
static void
sql_matches (sqlite3_context  *context,
             int               argc,
             sqlite3_value   **argv)
{
  GArray *needles = sqlite3_get_auxdata (context, 1);
  const char *text = (const char *) sqlite3_value_text (argv[0]);

  if (needles == NULL)
    {
      const char *query = (const char *) sqlite3_value_text (argv[1]);

      needles = parse_needles (query ? query : "");
      sqlite3_set_auxdata (context, 1, needles, needles_free);
      /* SQLite may have freed it at once (out of memory). */
      needles = sqlite3_get_auxdata (context, 1);
      if (needles == NULL)
        {
          sqlite3_result_error_nomem (context);
          return;
        }
    }
  sqlite3_result_int (context, needles_match (needles, text ? text : "", text ? sqlite3_value_bytes (argv[0]) : 0));
}

/* FTS5 glue. */

typedef struct {
  int dummy;
} Tokenizer;

static int
tok_create (void          *ctx,
            const char   **argv,
            int            argc,
            Fts5Tokenizer **out)
{
  *out = (Fts5Tokenizer *) g_new0 (Tokenizer, 1);
  return SQLITE_OK;
}

static void
tok_delete (Fts5Tokenizer *tok)
{
  g_free (tok);
}

static int
tok_tokenize (Fts5Tokenizer *tok,
              void          *ctx,
              int            flags,
              const char    *text,
              int            length,
              int          (*xToken) (void *, int, const char *, int, int, int))
{
  g_autofree char *norm = normalize (text, length);
  return tokenize (norm, strlen (norm), (flags & FTS5_TOKENIZE_QUERY) != 0, ctx, xToken);
}

static fts5_api *
get_fts5_api (sqlite3 *db)
{
  fts5_api *api = NULL;
  sqlite3_stmt *st = NULL;

  if (sqlite3_prepare_v2 (db, "SELECT fts5(?1)", -1, &st, NULL) == SQLITE_OK)
    {
      sqlite3_bind_pointer (st, 1, (void *) &api, "fts5_api_ptr", NULL);
      sqlite3_step (st);
    }
  sqlite3_finalize (st);
  return api;
}

gboolean
tj_search_register (sqlite3  *db,
                    GError  **error)
{
  static fts5_tokenizer tokenizer = { tok_create, tok_delete, tok_tokenize };
  fts5_api *api = get_fts5_api (db);

  if (api == NULL || api->xCreateTokenizer (api, "tj_cjk", NULL, &tokenizer, NULL) != SQLITE_OK ||
      sqlite3_create_function (db, "tj_search_matches", 2, SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS,
                               NULL, sql_matches, NULL, NULL) != SQLITE_OK)
    {
      g_set_error (error, TJ_ERROR, TJ_ERROR_FAILED,
                   _("This SQLite has no full-text search (FTS5); search cannot work"));
      return FALSE;
    }
  return TRUE;
}

/* Query side: each run of Han characters or of letters/digits becomes its
 * own quoted phrase (tokenised by tj_cjk in query mode), all ANDed; words
 * of up to three characters are prefix queries. */
char *
tj_search_match_expression (const char *query)
{
  g_autofree char *norm = NULL;
  GString *expr;
  const char *p;

  if (query == NULL)
    return NULL;
  norm = normalize (query, -1);
  expr = g_string_new (NULL);
  p = norm;
  while (*p)
    {
      gunichar c = g_utf8_get_char (p);
      CharClass cls = classify (c);
      const char *start = p;
      int n = 0;

      if (cls == CHAR_SEP)
        {
          p = g_utf8_next_char (p);
          continue;
        }
      while (*p && classify (g_utf8_get_char (p)) == cls)
        {
          p = g_utf8_next_char (p);
          n++;
        }
      if (expr->len > 0)
        g_string_append_c (expr, ' ');
      /* Runs hold only letters, digits and Han characters: no quote can
       * appear inside, so the phrase needs no escaping. */
      g_string_append_c (expr, '"');
      g_string_append_len (expr, start, p - start);
      g_string_append_c (expr, '"');
      if (cls == CHAR_WORD && n < 4)
        g_string_append_c (expr, '*');
    }
  if (expr->len == 0)
    {
      g_string_free (expr, TRUE);
      return NULL;
    }
  return g_string_free (expr, FALSE);
}
