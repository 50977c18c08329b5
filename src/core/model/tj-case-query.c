/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Cases: listing, counting and searching the case index, and related
 * earlier cases. */
#define G_LOG_DOMAIN "Tiaojie-Case"

#include "tj-case-private.h"
#include "tj-calendar.h"
#include "tj-deadline.h"
#include "tj-json.h"
#include "tj-search.h"
#include "tj-validate.h"

#include <string.h>


/* ------------------------------------------------------------------ */
/* Listing and search                                                   */

/* How the search is written into the WHERE clause. */
typedef enum {
  MATCH_IN,   /* a rowid IN the matches of case_fts */
  MATCH_FTS,  /* case_fts is read first (in rowid order, which is the
               * list's order, tj-case-index.c) and joins case_index */
  MATCH_SCAN, /* as MATCH_FTS, but the newest cases' text is read and
               * tested (tj_search_text_matches()) */
} MatchMode;

static char *
build_where (const TjCaseQuery *q,
             MatchMode          mode,
             gboolean          *uses_match)
{
  GString *sql = g_string_new (" WHERE 1");

  *uses_match = FALSE;
  if (q->query && *q->query)
    {
      g_autofree char *expr = tj_search_match_expression (q->query);
      if (expr)
        {
          if (mode == MATCH_SCAN)
            g_string_append (sql, " AND case_fts.rowid > :floor AND tj_search_matches(case_fts.text, :query)");
          else if (mode == MATCH_FTS)
            g_string_append (sql, " AND case_fts MATCH :match");
          else
            g_string_append (sql, " AND ci.rowid IN (SELECT rowid FROM case_fts WHERE case_fts MATCH :match)");
          *uses_match = TRUE;
        }
    }
  if (q->status)
    g_string_append (sql, " AND ci.status = :status");
  if (q->kind)
    g_string_append (sql, " AND ci.kind = :kind");
  if (q->source)
    g_string_append (sql, " AND ci.source = :source");
  if (q->flagged_only)
    g_string_append (sql, " AND (ci.workers >= :minw OR MAX(ci.owed_fen, ci.claimed_fen) >= :mina OR ci.layoff = 1)");
  if (q->deadline_within >= 0)
    g_string_append (sql, " AND ci.status IN ('accepted', 'mediating') AND ci.mediation_deadline IS NOT NULL"
                          " AND ci.mediation_deadline <= date(:today, '+' || :within || ' days')");
  return g_string_free (sql, FALSE);
}

/* ------------------------------------------------------------------ */
/* Characters in every case                                             */

/* A search is the AND of its runs (tj_search_match_expression()), and a
 * case number as a court or the hotline says it, "第1234号", holds two
 * characters that every case's own number holds too: FTS5 then walks
 * their lists, each as long as the case list, to keep what the digits
 * found. A phrase of one character that every row of case_fts holds
 * filters nothing, so it is left out of the expression: the matches are
 * the same, found from the rarer phrases alone.
 *
 * Which characters are in every row is counted in fts5vocab and kept per
 * connection until the database changes (PRAGMA data_version, for other
 * connections and processes, and this connection's own changes). */
typedef struct {
  gint64      data_version;
  gint64      changes;
  gint64      rows;          /* rows of case_fts, -1 before counted */
  GHashTable *docs;          /* character → rows holding it (gint64 *) */
} Everywhere;

static void
everywhere_free (gpointer data)
{
  Everywhere *e = data;

  g_hash_table_unref (e->docs);
  g_free (e);
}

static gboolean
read_int (TjStore    *store,
          const char *sql,
          const char *text,
          gint64     *out)
{
  sqlite3_stmt *st = tj_store_statement (store, sql, NULL);
  int rc;

  if (st == NULL)
    return FALSE;
  if (text)
    sqlite3_bind_text (st, 1, text, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (st);
  *out = rc == SQLITE_ROW ? sqlite3_column_int64 (st, 0) : 0;
  sqlite3_reset (st);
  return rc == SQLITE_ROW || rc == SQLITE_DONE;
}

/* Whether every row of case_fts holds the token @character. Any failure
 * answers FALSE: the phrase then stays, which is always right. */
static gboolean
in_every_row (TjStore    *store,
              const char *character)
{
  sqlite3 *db = tj_store_get_sqlite (store);
  Everywhere *e = g_object_get_data (G_OBJECT (store), "tj-case-everywhere");
  gint64 version, *docs;

  if (!read_int (store, "PRAGMA data_version", NULL, &version))
    return FALSE;
  if (e == NULL)
    {
      if (sqlite3_exec (db, "CREATE VIRTUAL TABLE IF NOT EXISTS temp.tj_case_fts_terms"
                            " USING fts5vocab (main, case_fts, 'row')", NULL, NULL, NULL) != SQLITE_OK)
        return FALSE;
      e = g_new0 (Everywhere, 1);
      e->docs = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
      e->rows = -1;
      g_object_set_data_full (G_OBJECT (store), "tj-case-everywhere", e, everywhere_free);
    }
  if (e->data_version != version || e->changes != sqlite3_total_changes64 (db))
    {
      g_hash_table_remove_all (e->docs);
      e->rows = -1;
      e->data_version = version;
      e->changes = sqlite3_total_changes64 (db);
    }
  if (e->rows < 0 && !read_int (store, "SELECT COUNT(*) FROM case_fts_docsize", NULL, &e->rows))
    {
      e->rows = -1;
      return FALSE;
    }
  docs = g_hash_table_lookup (e->docs, character);
  if (docs == NULL)
    {
      gint64 n;
      if (!read_int (store, "SELECT doc FROM temp.tj_case_fts_terms WHERE term = ?1", character, &n))
        return FALSE;
      docs = g_new (gint64, 1);
      *docs = n;
      g_hash_table_insert (e->docs, g_strdup (character), docs);
    }
  return e->rows > 0 && *docs == e->rows;
}

/* @query's match expression without the one-character phrases every row
 * holds (all of them kept when nothing else would be left). */
static char *
match_expression (TjStore    *store,
                  const char *query)
{
  g_autofree char *expr = tj_search_match_expression (query);
  g_auto(GStrv) phrases = NULL;
  g_autoptr(GString) kept = NULL;

  if (expr == NULL || store == NULL)
    return g_steal_pointer (&expr);
  /* Phrases are quoted runs of letters, digits or Han characters, a
   * space between them and no space inside. */
  phrases = g_strsplit (expr, " ", -1);
  kept = g_string_new (NULL);
  for (guint i = 0; phrases[i]; i++)
    {
      const char *p = phrases[i];
      gsize len = strlen (p);

      if (len > 2 && p[0] == '"' && p[len - 1] == '"' &&
          g_utf8_strlen (p + 1, len - 2) == 1)
        {
          g_autofree char *character = g_strndup (p + 1, len - 2);
          if (in_every_row (store, character))
            continue;
        }
      if (kept->len > 0)
        g_string_append_c (kept, ' ');
      g_string_append (kept, p);
    }
  if (kept->len == 0)
    return g_steal_pointer (&expr);
  return g_string_free (g_steal_pointer (&kept), FALSE);
}

static void
bind_query (TjStore           *store,
            sqlite3_stmt      *st,
            const TjCaseQuery *q,
            const char        *today)
{
  int i;
  if ((i = sqlite3_bind_parameter_index (st, ":match")))
    {
      g_autofree char *expr = match_expression (store, q->query);
      sqlite3_bind_text (st, i, expr, -1, SQLITE_TRANSIENT);
    }
  if ((i = sqlite3_bind_parameter_index (st, ":query")))
    sqlite3_bind_text (st, i, q->query, -1, SQLITE_TRANSIENT);
  if ((i = sqlite3_bind_parameter_index (st, ":status")))
    sqlite3_bind_text (st, i, q->status, -1, SQLITE_TRANSIENT);
  if ((i = sqlite3_bind_parameter_index (st, ":kind")))
    sqlite3_bind_text (st, i, q->kind, -1, SQLITE_TRANSIENT);
  if ((i = sqlite3_bind_parameter_index (st, ":source")))
    sqlite3_bind_text (st, i, q->source, -1, SQLITE_TRANSIENT);
  if ((i = sqlite3_bind_parameter_index (st, ":minw")))
    sqlite3_bind_int64 (st, i, q->flag_min_workers ? q->flag_min_workers : G_MAXINT);
  if ((i = sqlite3_bind_parameter_index (st, ":mina")))
    sqlite3_bind_int64 (st, i, q->flag_min_amount_fen ? q->flag_min_amount_fen : G_MAXINT64);
  if ((i = sqlite3_bind_parameter_index (st, ":today")))
    sqlite3_bind_text (st, i, today, -1, SQLITE_TRANSIENT);
  if ((i = sqlite3_bind_parameter_index (st, ":within")))
    sqlite3_bind_int (st, i, q->deadline_within);
}

#define LIST_COLUMNS \
  "ci.id, ci.number, ci.title, ci.status, ci.kind, ci.source, ci.received_on," \
  " ci.employer, ci.workers, ci.owed_fen, ci.claimed_fen," \
  " (ci.workers >= :minw2 OR MAX(ci.owed_fen, ci.claimed_fen) >= :mina2 OR ci.layoff = 1)," \
  " ci.mediation_deadline, ci.accepted_on"

/* How many of the newest cases a search with a short word reads before it
 * asks the index instead: a digit or two is in most cases, so the page
 * fills within the first hundred; a rare pair costs this many reads and
 * then a cheap prefix query. */
guint _tj_case_scan_window = 1000;

static JsonObject *
read_row (sqlite3_stmt *st,
          const char   *today)
{
  JsonObject *row = json_object_new ();
  static const char * const text_cols[] = {
    "id", "number", "title", "status", "kind", "source", "received_on", "employer"
  };

  for (guint c = 0; c < G_N_ELEMENTS (text_cols); c++)
    json_object_set_string_member (row, text_cols[c],
                                   sqlite3_column_text (st, c) ? (const char *) sqlite3_column_text (st, c) : "");
  json_object_set_int_member (row, "workers", sqlite3_column_int64 (st, 8));
  json_object_set_int_member (row, "owed_fen", sqlite3_column_int64 (st, 9));
  json_object_set_int_member (row, "claimed_fen", sqlite3_column_int64 (st, 10));
  json_object_set_boolean_member (row, "flagged", sqlite3_column_int (st, 11) != 0);
  if (sqlite3_column_text (st, 12))
    {
      const char *deadline = (const char *) sqlite3_column_text (st, 12);
      GDate d, t;
      json_object_set_string_member (row, "mediation_deadline", deadline);
      if (tj_date_parse_iso (deadline, &d) && tj_date_parse_iso (today, &t))
        json_object_set_int_member (row, "days_left", tj_deadline_days_remaining (&d, &t));
    }
  return row;
}

/* A row read in rowid order, to be sorted within its day. */
typedef struct {
  JsonObject *row;
  char       *received_on; /* NULL when absent */
  gint64      number_seq;
  gint64      rowid;
} Grouped;

static void
grouped_free (gpointer data)
{
  Grouped *g = data;

  if (g->row)
    json_object_unref (g->row);
  g_free (g->received_on);
  g_free (g);
}

/* The list's order: ORDER BY received_on DESC, number_seq DESC (NULL
 * dates last), and the rowid between equals. */
static int
grouped_compare (gconstpointer a,
                 gconstpointer b)
{
  const Grouped *x = *(Grouped * const *) a, *y = *(Grouped * const *) b;
  int c = g_strcmp0 (y->received_on, x->received_on);

  if (c != 0)
    return c;
  if (x->number_seq != y->number_seq)
    return x->number_seq < y->number_seq ? 1 : -1;
  return x->rowid < y->rowid ? 1 : x->rowid > y->rowid ? -1 : 0;
}

/* Steps @st (matches in descending rowid, the rowid and number last)
 * until it has the page and the rest of the page's last day, sorts what
 * it read by date and number, and adds the page to @rows. The rowids of a
 * day are in the order the cases came, not by number (tj-case-private.h),
 * so a day is read whole before it is cut. */
static int
collect_grouped (sqlite3_stmt      *st,
                 const TjCaseQuery *q,
                 const char        *today,
                 JsonArray         *rows)
{
  g_autoptr(GPtrArray) read = g_ptr_array_new_with_free_func (grouped_free);
  guint limit = q->limit ? q->limit : 50;
  guint wanted = q->offset + limit;
  gint64 last_day = G_MININT64;
  int rc;

  while ((rc = sqlite3_step (st)) == SQLITE_ROW)
    {
      Grouped *g;
      gint64 rowid = sqlite3_column_int64 (st, 14);

      if (read->len >= wanted && tj_case_order_day (rowid) != last_day)
        {
          rc = SQLITE_DONE;
          break;
        }
      g = g_new0 (Grouped, 1);
      g->row = read_row (st, today);
      g->received_on = g_strdup ((const char *) sqlite3_column_text (st, 6));
      g->number_seq = sqlite3_column_int64 (st, 15);
      g->rowid = rowid;
      g_ptr_array_add (read, g);
      if (read->len == wanted)
        last_day = tj_case_order_day (rowid);
    }
  g_ptr_array_sort (read, grouped_compare);
  for (guint i = q->offset; i < read->len && i < wanted; i++)
    {
      Grouped *g = g_ptr_array_index (read, i);
      json_array_add_object_element (rows, g_steal_pointer (&g->row));
    }
  return rc;
}

/* @grouped: @sql reads case_fts in descending rowid order without a LIMIT
 * (collect_grouped()). */
static JsonArray *
run_list (TjStore            *store,
          const TjCaseQuery  *q,
          const char         *today,
          const char         *sql,
          gboolean            grouped,
          gint64              floor,
          GError            **error)
{
  sqlite3_stmt *st;
  JsonArray *rows;
  int rc;

  /* Interned: the cache keeps the key, and the filters give a few shapes of
   * SQL that the list asks for again on every page. */
  st = tj_store_statement (store, g_intern_string (sql), error);
  if (st == NULL)
    return NULL;
  bind_query (store, st, q, today);
  sqlite3_bind_int64 (st, sqlite3_bind_parameter_index (st, ":minw2"),
                      q->flag_min_workers ? q->flag_min_workers : G_MAXINT);
  sqlite3_bind_int64 (st, sqlite3_bind_parameter_index (st, ":mina2"),
                      q->flag_min_amount_fen ? q->flag_min_amount_fen : G_MAXINT64);
  if (sqlite3_bind_parameter_index (st, ":limit"))
    sqlite3_bind_int (st, sqlite3_bind_parameter_index (st, ":limit"), q->limit ? (int) q->limit : 50);
  if (sqlite3_bind_parameter_index (st, ":offset"))
    sqlite3_bind_int (st, sqlite3_bind_parameter_index (st, ":offset"), (int) q->offset);
  if (sqlite3_bind_parameter_index (st, ":floor"))
    sqlite3_bind_int64 (st, sqlite3_bind_parameter_index (st, ":floor"), floor);

  rows = json_array_new ();
  if (grouped)
    rc = collect_grouped (st, q, today, rows);
  else
    while ((rc = sqlite3_step (st)) == SQLITE_ROW)
      json_array_add_object_element (rows, read_row (st, today));
  sqlite3_reset (st);
  if (rc != SQLITE_DONE)
    {
      json_array_unref (rows);
      tj_store_set_error (store, rc, error);
      return NULL;
    }
  return rows;
}

/* The rowid below the day of the newest _tj_case_scan_window cases, or -1
 * when there are no more than that or they reach the undated. */
static gboolean
scan_floor (TjStore  *store,
            gint64   *floor,
            GError  **error)
{
  sqlite3_stmt *st = tj_store_statement (store, "SELECT rowid FROM case_index ORDER BY rowid DESC LIMIT 1 OFFSET ?1",
                                         error);
  int rc;

  if (st == NULL)
    return FALSE;
  sqlite3_bind_int64 (st, 1, _tj_case_scan_window);
  rc = sqlite3_step (st);
  *floor = -1;
  /* Down to the start of that row's day: a day is read whole
   * (collect_grouped()). Undated rows are the last: all of them. */
  if (rc == SQLITE_ROW && tj_case_order_day (sqlite3_column_int64 (st, 0)) >= 0)
    *floor = TJ_CASE_ORDER_DATED + (tj_case_order_day (sqlite3_column_int64 (st, 0)) << TJ_CASE_ORDER_DAY_BITS) - 1;
  sqlite3_reset (st);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return tj_store_set_error (store, rc, error);
  return TRUE;
}

JsonArray *
tj_case_list (TjStore            *store,
              const TjCaseQuery  *q,
              GError            **error)
{
  g_autofree char *today = tj_date_today_iso (q->today);
  g_autofree char *where = NULL;
  g_autofree char *sql = NULL;
  const char *order;
  gboolean uses_match;

  g_return_val_if_fail (TJ_IS_STORE (store), NULL);
  if (!tj_case_attach (store, error))
    return NULL;

  /* A search in the default order reads its matches from case_fts newest
   * first, as the rowids there are the list's order (tj-case-index.c), and
   * stops at the page: a one-character surname matching a tenth of all
   * cases costs no more than a rare ID number. The other orders collect
   * the matches and sort them. */
  if (q->query && *q->query && (q->sort == NULL || g_strcmp0 (q->sort, "received") == 0))
    {
      /* A word of one or two letters or digits is a prefix query, which
       * FTS5 answers by merging the lists of every term starting so (a
       * thousand for one digit) before it gives the first match: read the
       * newest cases' text instead, and stop at the page when it fills
       * there. */
      if (tj_search_has_short_word (q->query))
        {
          guint limit = q->limit ? q->limit : 50;
          g_autoptr(JsonArray) rows = NULL;
          gint64 floor;

          where = build_where (q, MATCH_SCAN, &uses_match);
          sql = g_strdup_printf ("SELECT " LIST_COLUMNS ", case_fts.rowid, ci.number_seq FROM case_fts"
                                 " CROSS JOIN case_index ci ON ci.rowid = case_fts.rowid%s"
                                 " ORDER BY case_fts.rowid DESC", where);
          if (!scan_floor (store, &floor, error) ||
              (rows = run_list (store, q, today, sql, TRUE, floor, error)) == NULL)
            return NULL;
          if (floor < 0 || json_array_get_length (rows) >= limit)
            return g_steal_pointer (&rows);
          g_clear_pointer (&where, g_free);
          g_clear_pointer (&sql, g_free);
        }
      where = build_where (q, MATCH_FTS, &uses_match);
      if (uses_match)
        {
          sql = g_strdup_printf ("SELECT " LIST_COLUMNS ", case_fts.rowid, ci.number_seq FROM case_fts"
                                 " CROSS JOIN case_index ci ON ci.rowid = case_fts.rowid%s"
                                 " ORDER BY case_fts.rowid DESC", where);
          return run_list (store, q, today, sql, TRUE, -1, error);
        }
      g_clear_pointer (&where, g_free);
    }
  if (sql == NULL)
    {
      where = build_where (q, MATCH_IN, &uses_match);
      if (g_strcmp0 (q->sort, "deadline") == 0)
        order = " ORDER BY ci.mediation_deadline IS NULL, ci.mediation_deadline, ci.received_on DESC";
      else if (g_strcmp0 (q->sort, "amount") == 0)
        order = " ORDER BY MAX(ci.owed_fen, ci.claimed_fen) DESC, ci.received_on DESC";
      else
        order = " ORDER BY ci.received_on DESC, ci.number_seq DESC";
      sql = g_strdup_printf ("SELECT " LIST_COLUMNS " FROM case_index ci%s%s LIMIT :limit OFFSET :offset",
                             where, order);
    }
  return run_list (store, q, today, sql, FALSE, -1, error);
}

guint
tj_case_count (TjStore            *store,
               const TjCaseQuery  *q,
               GError            **error)
{
  g_autofree char *today = tj_date_today_iso (q->today);
  g_autofree char *where = NULL;
  g_autofree char *sql = NULL;
  gboolean uses_match;
  sqlite3_stmt *st;
  guint n = 0;

  if (!tj_case_attach (store, error))
    return 0;
  where = build_where (q, MATCH_IN, &uses_match);
  /* A search alone counts its matches in the search index: one row there
   * per row of case_index (tj-case-index.c), so the same number without
   * collecting the matches' rowids (a tenth of all cases for a common
   * surname) and looking each up. */
  if (uses_match && q->status == NULL && q->kind == NULL && q->source == NULL && !q->flagged_only &&
      q->deadline_within < 0)
    sql = g_strdup ("SELECT COUNT(*) FROM case_fts WHERE case_fts MATCH :match");
  else
    sql = g_strdup_printf ("SELECT COUNT(*) FROM case_index ci%s", where);
  st = tj_store_statement (store, g_intern_string (sql), error);
  if (st == NULL)
    return 0;
  bind_query (store, st, q, today);
  if (sqlite3_step (st) == SQLITE_ROW)
    n = (guint) sqlite3_column_int64 (st, 0);
  sqlite3_reset (st);
  return n;
}

JsonArray *
tj_case_find_related (TjStore     *store,
                      JsonObject  *input,
                      const char  *except_id,
                      GError     **error)
{
  JsonObject *employer = tj_json_get_object (input, "employer");
  JsonArray *workers = tj_json_get_array (input, "workers");
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  JsonArray *out;
  sqlite3_stmt *st;

  if (!tj_case_attach (store, error))
    return NULL;
  st = tj_store_statement (store,
                           "SELECT ci.id, ci.number, ci.title, ci.status, ci.received_on, cp.name, cp.role"
                           " FROM case_people cp JOIN case_index ci ON ci.id = cp.case_id"
                           " WHERE ((cp.role = 'employer' AND (cp.name = :employer OR cp.credit_code = :credit))"
                           "        OR (cp.role = 'worker' AND cp.id_number = :idnum))"
                           "   AND ci.id IS NOT :except"
                           " ORDER BY ci.received_on DESC LIMIT 20", error);
  if (st == NULL)
    return NULL;

  out = json_array_new ();
  for (guint i = 0; i <= (workers ? json_array_get_length (workers) : 0); i++)
    {
      const char *idnum = NULL;
      g_autofree char *norm = NULL;

      if (i > 0)
        {
          JsonObject *w = json_array_get_object_element (workers, i - 1);
          idnum = tj_json_get_string (w, "id_number", NULL);
          if (idnum == NULL || *idnum == '\0')
            continue;
          norm = tj_normalize_id_number (idnum);
        }
      sqlite3_reset (st);
      sqlite3_clear_bindings (st);
      if (i == 0 && employer)
        {
          const char *credit = tj_json_get_string (employer, "credit_code", NULL);
          g_autofree char *up = credit ? g_ascii_strup (credit, -1) : NULL;
          tj_store_bind_text_or_null (st, sqlite3_bind_parameter_index (st, ":employer"),
                                      tj_json_get_string (employer, "name", NULL));
          tj_store_bind_text_or_null (st, sqlite3_bind_parameter_index (st, ":credit"), up);
        }
      else if (i == 0)
        continue;
      tj_store_bind_text_or_null (st, sqlite3_bind_parameter_index (st, ":idnum"), norm);
      tj_store_bind_text_or_null (st, sqlite3_bind_parameter_index (st, ":except"), except_id);
      while (sqlite3_step (st) == SQLITE_ROW)
        {
          const char *cid = (const char *) sqlite3_column_text (st, 0);
          JsonObject *row;
          if (g_hash_table_contains (seen, cid))
            continue;
          row = json_object_new ();
          json_object_set_string_member (row, "id", cid);
          json_object_set_string_member (row, "number", (const char *) sqlite3_column_text (st, 1));
          json_object_set_string_member (row, "title", (const char *) sqlite3_column_text (st, 2));
          json_object_set_string_member (row, "status", (const char *) sqlite3_column_text (st, 3));
          json_object_set_string_member (row, "received_on", (const char *) sqlite3_column_text (st, 4));
          json_object_set_string_member (row, "name", (const char *) sqlite3_column_text (st, 5));
          json_object_set_string_member (row, "match",
                                         g_strcmp0 ((const char *) sqlite3_column_text (st, 6), "worker") == 0
                                           ? "worker" : "employer");
          g_hash_table_add (seen, (gpointer) tj_json_get_string (row, "id", NULL));
          json_array_add_object_element (out, row);
        }
    }
  sqlite3_reset (st);
  return out;
}
