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

/* Walks @text (already normalised) and emits tokens; @query selects the
 * query-side form described in tj-search.h. */
static int
tokenize (const char *text,
          int         length,
          gboolean    query,
          void       *ctx,
          TokenFunc   emit)
{
  const char *p = text;
  const char *end = text + length;

  while (p < end)
    {
      gunichar c = g_utf8_get_char_validated (p, end - p);
      CharClass cls;
      const char *run;
      int n = 0;
      const char *offsets[256 + 1];

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
      run = p;
      while (p < end && n < 256)
        {
          gunichar d = g_utf8_get_char_validated (p, end - p);
          if (d == (gunichar) -1 || d == (gunichar) -2 || classify (d) != cls)
            break;
          offsets[n++] = p;
          p = g_utf8_next_char (p);
        }
      offsets[n] = p;

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
          (void) run;
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
    }
  return SQLITE_OK;
}

static char *
normalize (const char *text,
           int         length)
{
  g_autofree char *valid = g_utf8_make_valid (text, length);
  g_autofree char *nfkc = g_utf8_normalize (valid, -1, G_NORMALIZE_ALL);
  return g_utf8_strdown (nfkc ? nfkc : valid, -1);
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

  if (api == NULL || api->xCreateTokenizer (api, "tj_cjk", NULL, &tokenizer, NULL) != SQLITE_OK)
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
