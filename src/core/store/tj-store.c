/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Tiaojie-Store"

/* Over 1,500 lines, and why: the store was split by responsibility
 * (revisions, attachments, replication, indexes) on one branch while
 * another rewrote its write path for replication speed; the two met at
 * the merge, and the rewritten file was kept whole so that nothing of
 * the faster write path was lost in a hand port. Split it along those
 * four lines, behind a tj-store-private.h, before it grows further. */

#include "tj-store.h"
#include "tj-json.h"
#include "tj-i18n.h"

#include <errno.h>
#include <fcntl.h>
#include <unistd.h>

#include <glib/gstdio.h>
#include <stdlib.h>
#include <string.h>

/*
 * Layout of the file (schema version 1):
 *
 *   docs      one row per document: its winning revision, whether that is a
 *             tombstone, whether it has conflicts, its latest sequence.
 *   revs      the revision tree: one row per known revision with its parent.
 *             Only leaves keep a body; ancestors keep their place in the
 *             tree (for _revisions and revs_diff) but not their content.
 *   rev_atts  attachments of a revision, pointing at blobs by digest.
 *   blobs     attachment data, once per digest.
 *   local_docs  _local/ documents (checkpoints): no revisions, no sequence.
 *
 * Every public write runs in one transaction (a savepoint when nested in a
 * caller's transaction), so a crash leaves each document either before or
 * after a write, never half-way.
 */

#define SCHEMA_VERSION 2
#define DEFAULT_REVS_LIMIT 1000

typedef struct {
  char              *name;
  TjStoreIndexer     indexer;
  TjStoreIndexReset  flush;
  GCallback          discard;
  gpointer           user_data;
} Indexer;

struct _TjStore
{
  GObject     parent_instance;

  char       *path;
  char       *uuid;
  sqlite3    *db;
  GHashTable *stmts;        /* SQL text -> sqlite3_stmt* */
  GHashTable *stmts_by_address; /* the same, by the address of the SQL text */
  GArray     *indexers;     /* Indexer */
  guint       depth;        /* transaction nesting */
  gboolean    dirty;        /* documents written in this transaction */
  guint       revs_limit;
  gint64      next_seq;     /* the next sequence to give, 0: not known (see take_seq()) */
};

G_DEFINE_FINAL_TYPE (TjStore, tj_store, G_TYPE_OBJECT)

typedef struct {
  char     *rev;
  int       gen;
  gboolean  deleted;
} Leaf;

static void
leaf_clear (gpointer data)
{
  Leaf *leaf = data;
  g_free (leaf->rev);
}

/* ------------------------------------------------------------------ */
/* SQLite helpers                                                       */

static gboolean
set_sqlite_error (TjStore  *self,
                  int       rc,
                  GError  **error)
{
  int code;

  switch (rc & 0xff)
    {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      code = TJ_ERROR_BUSY;
      g_set_error (error, TJ_ERROR, code,
                   _("The database %s is in use by another program. Close it there and try again."),
                   self->path);
      return FALSE;
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
      g_set_error (error, TJ_ERROR, TJ_ERROR_CORRUPT,
                   _("The database %s is damaged or is not a Tiaojie database."),
                   self->path);
      return FALSE;
    case SQLITE_FULL:
      g_set_error (error, TJ_ERROR, TJ_ERROR_FAILED,
                   _("The disk is full: nothing was saved to %s."), self->path);
      return FALSE;
    case SQLITE_READONLY:
    case SQLITE_CANTOPEN:
    case SQLITE_PERM:
      g_set_error (error, TJ_ERROR, TJ_ERROR_FAILED,
                   _("The database %s cannot be opened for writing."), self->path);
      return FALSE;
    default:
      g_set_error (error, TJ_ERROR, TJ_ERROR_FAILED,
                   _("Database error in %s: %s"), self->path,
                   self->db ? sqlite3_errmsg (self->db) : sqlite3_errstr (rc));
      return FALSE;
    }
}

static gboolean
exec_sql (TjStore     *self,
          const char  *sql,
          GError     **error)
{
  int rc = sqlite3_exec (self->db, sql, NULL, NULL, NULL);
  if (rc != SQLITE_OK)
    return set_sqlite_error (self, rc, error);
  return TRUE;
}

/* A cached prepared statement, reset and unbound, ready to use. */
static sqlite3_stmt *
stmt (TjStore     *self,
      const char  *sql,
      GError     **error)
{
  sqlite3_stmt *st = g_hash_table_lookup (self->stmts_by_address, sql);

  /* By address first: hashing the text of the SQL on every statement was
   * a few percent of a pull. The text is compared (a string built at run
   * time may reuse an address); a miss is looked up by text. */
  if (st != NULL && strcmp (sqlite3_sql (st), sql) == 0)
    {
      sqlite3_reset (st);
      sqlite3_clear_bindings (st);
      return st;
    }
  st = g_hash_table_lookup (self->stmts, sql);
  if (st != NULL)
    g_hash_table_replace (self->stmts_by_address, (gpointer) sql, st);
  if (st == NULL)
    {
      int rc = sqlite3_prepare_v3 (self->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &st, NULL);
      if (rc != SQLITE_OK)
        {
          set_sqlite_error (self, rc, error);
          return NULL;
        }
      g_hash_table_insert (self->stmts, (gpointer) sql, st);
      g_hash_table_replace (self->stmts_by_address, (gpointer) sql, st);
    }
  else
    {
      sqlite3_reset (st);
      sqlite3_clear_bindings (st);
    }
  return st;
}

static gboolean
step_done (TjStore       *self,
           sqlite3_stmt  *st,
           GError       **error)
{
  int rc = sqlite3_step (st);
  sqlite3_reset (st);
  if (rc != SQLITE_DONE && rc != SQLITE_ROW)
    return set_sqlite_error (self, rc, error);
  return TRUE;
}

static void
finalize_stmt (gpointer data)
{
  sqlite3_finalize (data);
}

/* ------------------------------------------------------------------ */
/* Object                                                               */

static void
tj_store_finalize (GObject *object)
{
  TjStore *self = (TjStore *) object;

  g_clear_pointer (&self->stmts_by_address, g_hash_table_unref);
  g_clear_pointer (&self->stmts, g_hash_table_unref);
  if (self->db)
    sqlite3_close_v2 (self->db);
  g_clear_pointer (&self->indexers, g_array_unref);
  g_free (self->path);
  g_free (self->uuid);

  G_OBJECT_CLASS (tj_store_parent_class)->finalize (object);
}

static void
tj_store_class_init (TjStoreClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = tj_store_finalize;
  /* SQLite counts its memory under a global mutex on every allocation;
   * nothing here reads the counts. Only possible before SQLite starts:
   * when something else started it, the call fails and changes nothing. */
  sqlite3_config (SQLITE_CONFIG_MEMSTATUS, 0);
}

static void
indexer_clear (gpointer data)
{
  Indexer *ix = data;
  g_free (ix->name);
}

static void
tj_store_init (TjStore *self)
{
  self->stmts = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, finalize_stmt);
  self->stmts_by_address = g_hash_table_new (g_direct_hash, g_direct_equal);
  self->indexers = g_array_new (FALSE, TRUE, sizeof (Indexer));
  g_array_set_clear_func (self->indexers, indexer_clear);
  self->revs_limit = DEFAULT_REVS_LIMIT;
}

char *
tj_store_new_id (void)
{
  static const char hex[] = "0123456789abcdef";
  guint8 bytes[16];
  char *s = g_malloc (2 * sizeof bytes + 1);

  for (guint i = 0; i < sizeof bytes; i += 4)
    {
      guint32 r = g_random_int ();
      memcpy (bytes + i, &r, 4);
    }
  /* By hand: a printf per byte was a twentieth of an import's time. */
  for (guint i = 0; i < sizeof bytes; i++)
    {
      s[2 * i] = hex[bytes[i] >> 4];
      s[2 * i + 1] = hex[bytes[i] & 0xf];
    }
  s[2 * sizeof bytes] = '\0';
  return s;
}

char *
tj_store_default_path (void)
{
  const char *env = g_getenv ("TIAOJIE_DB");
  if (env && *env)
    return g_strdup (env);
  return g_build_filename (g_get_user_data_dir (), "tiaojie", "tiaojie.db", NULL);
}

static const char schema_v1[] =
  "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;"
  "CREATE TABLE docs ("
  "  doc_id INTEGER PRIMARY KEY,"
  "  id TEXT NOT NULL UNIQUE,"
  "  seq INTEGER NOT NULL,"
  "  winner TEXT NOT NULL,"
  "  deleted INTEGER NOT NULL,"
  "  conflicted INTEGER NOT NULL,"
  "  type TEXT);"
  "CREATE UNIQUE INDEX docs_by_seq ON docs (seq);"
  "CREATE INDEX docs_by_type ON docs (type, id) WHERE deleted = 0;"
  "CREATE INDEX docs_conflicted ON docs (id) WHERE conflicted = 1;"
  "CREATE TABLE revs ("
  "  doc_id INTEGER NOT NULL REFERENCES docs (doc_id),"
  "  rev TEXT NOT NULL,"
  "  gen INTEGER NOT NULL,"
  "  parent TEXT,"
  "  deleted INTEGER NOT NULL,"
  "  leaf INTEGER NOT NULL,"
  "  body TEXT,"
  "  PRIMARY KEY (doc_id, rev)) WITHOUT ROWID;"
  "CREATE TABLE blobs (digest TEXT PRIMARY KEY, data BLOB NOT NULL) WITHOUT ROWID;"
  "CREATE TABLE rev_atts ("
  "  doc_id INTEGER NOT NULL,"
  "  rev TEXT NOT NULL,"
  "  name TEXT NOT NULL,"
  "  content_type TEXT NOT NULL,"
  "  digest TEXT NOT NULL,"
  "  length INTEGER NOT NULL,"
  "  revpos INTEGER NOT NULL,"
  "  PRIMARY KEY (doc_id, rev, name)) WITHOUT ROWID;"
  "CREATE INDEX rev_atts_by_digest ON rev_atts (digest);"
  "CREATE TABLE local_docs (id TEXT PRIMARY KEY, rev TEXT NOT NULL, body TEXT NOT NULL) WITHOUT ROWID;"
  "CREATE TABLE indexers (name TEXT PRIMARY KEY, version INTEGER NOT NULL) WITHOUT ROWID;";

static char *
meta_get (TjStore    *self,
          const char *key)
{
  sqlite3_stmt *st = stmt (self, "SELECT value FROM meta WHERE key = ?", NULL);
  char *value = NULL;

  if (st == NULL)
    return NULL;
  sqlite3_bind_text (st, 1, key, -1, SQLITE_STATIC);
  if (sqlite3_step (st) == SQLITE_ROW)
    value = g_strdup ((const char *) sqlite3_column_text (st, 0));
  sqlite3_reset (st);
  return value;
}

static gboolean
meta_set (TjStore     *self,
          const char  *key,
          const char  *value,
          GError     **error)
{
  sqlite3_stmt *st = stmt (self, "INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", error);
  if (st == NULL)
    return FALSE;
  sqlite3_bind_text (st, 1, key, -1, SQLITE_STATIC);
  sqlite3_bind_text (st, 2, value, -1, SQLITE_STATIC);
  return step_done (self, st, error);
}

char *
tj_store_get_meta (TjStore    *self,
                   const char *key)
{
  g_return_val_if_fail (TJ_IS_STORE (self), NULL);
  g_return_val_if_fail (key != NULL && strchr (key, ':') != NULL, NULL);
  return meta_get (self, key);
}

gboolean
tj_store_set_meta (TjStore     *self,
                   const char  *key,
                   const char  *value,
                   GError     **error)
{
  g_return_val_if_fail (TJ_IS_STORE (self), FALSE);
  g_return_val_if_fail (key != NULL && strchr (key, ':') != NULL, FALSE);
  g_return_val_if_fail (value != NULL, FALSE);
  return meta_set (self, key, value, error);
}

static gboolean
migrate (TjStore  *self,
         GError  **error)
{
  sqlite3_stmt *st = NULL;
  int version = 0;
  int rc;

  rc = sqlite3_prepare_v2 (self->db, "PRAGMA user_version", -1, &st, NULL);
  if (rc == SQLITE_OK)
    rc = sqlite3_step (st);
  if (rc == SQLITE_ROW)
    version = sqlite3_column_int (st, 0);
  sqlite3_finalize (st);
  if (rc != SQLITE_ROW)
    return set_sqlite_error (self, rc, error);

  if (version > SCHEMA_VERSION)
    {
      g_set_error (error, TJ_ERROR, TJ_ERROR_CORRUPT,
                   _("The database %s was written by a newer version of Tiaojie. Update Tiaojie to open it."),
                   self->path);
      return FALSE;
    }
  if (version == SCHEMA_VERSION)
    return TRUE;

  if (!tj_store_begin (self, error))
    return FALSE;

  /* Each step brings the file from version N-1 to N; add new steps below. */
  if (version < 1)
    {
      g_autofree char *uuid = tj_store_new_id ();
      if (!exec_sql (self, schema_v1, error) ||
          !meta_set (self, "uuid", uuid, error) ||
          !meta_set (self, "revs_limit", G_STRINGIFY (DEFAULT_REVS_LIMIT), error))
        goto fail;
    }
  /* 2: docs_by_type held every document's 32-character id next to its
   * type (about 290 bytes a case) only so that tj_store_foreach() of one
   * type needs no sort; its types are the few (stations, sessions), and
   * sorting those by id costs next to nothing. */
  if (version < 2 &&
      !exec_sql (self,
                 "DROP INDEX docs_by_type;"
                 "CREATE INDEX docs_by_type ON docs (type) WHERE deleted = 0;",
                 error))
    goto fail;

  {
    g_autofree char *sql = g_strdup_printf ("PRAGMA user_version = %d", SCHEMA_VERSION);
    if (!exec_sql (self, sql, error))
      goto fail;
  }
  return tj_store_commit (self, error);

fail:
  tj_store_rollback (self);
  return FALSE;
}

TjStore *
tj_store_open (const char  *path,
               GError     **error)
{
  g_autoptr(TjStore) self = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *limit = NULL;
  int rc;

  g_return_val_if_fail (path != NULL, NULL);

  self = g_object_new (TJ_TYPE_STORE, NULL);
  self->path = g_strdup (path);

  dir = g_path_get_dirname (path);
  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved = errno;
      g_set_error (error, TJ_ERROR, TJ_ERROR_FAILED,
                   _("Cannot create the folder %s: %s"), dir, g_strerror (saved));
      return NULL;
    }

  /* The database holds workers' ID numbers and the facts of their
   * disputes: a new file is readable by its user alone. SQLite would
   * create it 0644 (less the umask); its -wal and -shm files take the
   * database file's mode, so creating the file here covers all three. */
  {
    int fd = g_open (path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd >= 0)
      close (fd);
  }
  rc = sqlite3_open_v2 (path, &self->db,
                        SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
                        NULL);
  if (rc != SQLITE_OK)
    {
      set_sqlite_error (self, rc, error);
      return NULL;
    }
  sqlite3_extended_result_codes (self->db, 1);
  sqlite3_busy_timeout (self->db, 5000);

  /* WAL lets the GUI read while a sync or import writes; synchronous=FULL
   * because a mediator's typing must survive a power cut, not just a crash. */
  /* Savepoints (every nested write) keep their statement journals in
   * memory, and a bulk import fits in the page cache: both used to turn
   * into hundreds of small writes per case. */
  if (!exec_sql (self, "PRAGMA journal_mode = WAL", error) ||
      !exec_sql (self, "PRAGMA synchronous = FULL", error) ||
      !exec_sql (self, "PRAGMA temp_store = MEMORY", error) ||
      !exec_sql (self, "PRAGMA cache_size = -16000", error) ||
      !exec_sql (self, "PRAGMA foreign_keys = ON", error) ||
      !migrate (self, error))
    return NULL;

  self->uuid = meta_get (self, "uuid");
  limit = meta_get (self, "revs_limit");
  if (self->uuid == NULL)
    {
      g_set_error (error, TJ_ERROR, TJ_ERROR_CORRUPT,
                   _("The database %s is damaged or is not a Tiaojie database."), path);
      return NULL;
    }
  if (limit)
    self->revs_limit = MAX (1, (guint) g_ascii_strtoull (limit, NULL, 10));

  return g_steal_pointer (&self);
}

static void
open_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  GError *error = NULL;
  TjStore *store = tj_store_open (task_data, &error);

  if (store)
    g_task_return_pointer (task, store, g_object_unref);
  else
    g_task_return_error (task, error);
}

void
tj_store_open_async (const char          *path,
                     GCancellable        *cancellable,
                     GAsyncReadyCallback  callback,
                     gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);

  g_task_set_source_tag (task, tj_store_open_async);
  g_task_set_task_data (task, g_strdup (path), g_free);
  g_task_run_in_thread (task, open_thread);
}

TjStore *
tj_store_open_finish (GAsyncResult  *result,
                      GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

const char *
tj_store_get_path (TjStore *self)
{
  g_return_val_if_fail (TJ_IS_STORE (self), NULL);
  return self->path;
}

const char *
tj_store_get_uuid (TjStore *self)
{
  g_return_val_if_fail (TJ_IS_STORE (self), NULL);
  return self->uuid;
}

sqlite3_stmt *
tj_store_statement (TjStore     *self,
                    const char  *sql,
                    GError     **error)
{
  g_return_val_if_fail (TJ_IS_STORE (self), NULL);
  return stmt (self, sql, error);
}

sqlite3_stmt *
tj_store_prepare (TjStore     *self,
                  const char  *sql,
                  GError     **error)
{
  sqlite3_stmt *st = NULL;
  int rc;

  g_return_val_if_fail (TJ_IS_STORE (self), NULL);
  g_return_val_if_fail (sql != NULL, NULL);

  rc = sqlite3_prepare_v2 (self->db, sql, -1, &st, NULL);
  if (rc != SQLITE_OK)
    {
      set_sqlite_error (self, rc, error);
      return NULL;
    }
  return st;
}

gboolean
tj_store_exec (TjStore     *self,
               const char  *sql,
               GError     **error)
{
  g_return_val_if_fail (TJ_IS_STORE (self), FALSE);
  g_return_val_if_fail (sql != NULL, FALSE);
  return exec_sql (self, sql, error);
}

gboolean
tj_store_exec_with_id (TjStore     *self,
                       const char  *sql,
                       const char  *id,
                       GError     **error)
{
  sqlite3_stmt *st;

  g_return_val_if_fail (TJ_IS_STORE (self), FALSE);
  g_return_val_if_fail (sql != NULL, FALSE);

  st = stmt (self, sql, error);
  if (st == NULL)
    return FALSE;
  sqlite3_bind_text (st, 1, id, -1, SQLITE_TRANSIENT);
  return step_done (self, st, error);
}

gboolean
tj_store_step_done (TjStore       *self,
                    sqlite3_stmt  *st,
                    GError       **error)
{
  g_return_val_if_fail (TJ_IS_STORE (self), FALSE);
  g_return_val_if_fail (st != NULL, FALSE);
  return step_done (self, st, error);
}

gboolean
tj_store_set_error (TjStore  *self,
                    int       rc,
                    GError  **error)
{
  g_return_val_if_fail (TJ_IS_STORE (self), FALSE);
  return set_sqlite_error (self, rc, error);
}

void
tj_store_bind_text_or_null (sqlite3_stmt *st,
                            int           i,
                            const char   *text)
{
  if (text && *text)
    sqlite3_bind_text (st, i, text, -1, SQLITE_TRANSIENT);
  else
    sqlite3_bind_null (st, i);
}

const char *
tj_store_column_text (sqlite3_stmt *st,
                      int           i)
{
  const char *s = (const char *) sqlite3_column_text (st, i);
  return s ? s : "";
}

sqlite3 *
tj_store_get_sqlite (TjStore *self)
{
  g_return_val_if_fail (TJ_IS_STORE (self), NULL);
  return self->db;
}

gint64
tj_store_get_update_seq (TjStore *self)
{
  sqlite3_stmt *st;
  gint64 seq = 0;

  g_return_val_if_fail (TJ_IS_STORE (self), 0);
  /* Exactly "SELECT MAX(col) FROM t": SQLite answers it from the index in
   * O(log n); wrapping the aggregate in anything makes it scan. */
  st = stmt (self, "SELECT MAX(seq) FROM docs", NULL);
  if (st && sqlite3_step (st) == SQLITE_ROW)
    seq = sqlite3_column_int64 (st, 0); /* NULL reads as 0 */
  if (st)
    sqlite3_reset (st);
  return MAX (seq, 0);
}

/* The sequence for the next write of a document. Known once per
 * transaction (MAX(seq) is a lookup in an index, but once per document
 * of a pull it added up): every write in it goes through here. */
static gint64
take_seq (TjStore *self)
{
  if (self->next_seq == 0)
    self->next_seq = tj_store_get_update_seq (self) + 1;
  return self->next_seq++;
}

guint
tj_store_get_revs_limit (TjStore *self)
{
  g_return_val_if_fail (TJ_IS_STORE (self), 0);
  return self->revs_limit;
}

gboolean
tj_store_set_revs_limit (TjStore  *self,
                         guint     limit,
                         GError  **error)
{
  g_autofree char *value = NULL;

  g_return_val_if_fail (TJ_IS_STORE (self), FALSE);
  if (limit == 0)
    {
      g_set_error (error, TJ_ERROR, TJ_ERROR_INVALID, _("revs_limit must be at least 1"));
      return FALSE;
    }
  value = g_strdup_printf ("%u", limit);
  if (!meta_set (self, "revs_limit", value, error))
    return FALSE;
  self->revs_limit = limit;
  return TRUE;
}

/* ------------------------------------------------------------------ */
/* Transactions                                                         */

static gboolean flush_indexers (TjStore *self, GError **error);

/* "SAVEPOINT tjN" and friends, as cached statements keyed by interned SQL;
 * the first levels by constants (a pull nests one per document). */
static gboolean
savepoint (TjStore     *self,
           const char  *verb,
           guint        n,
           GError     **error)
{
#define LEVELS(verb) { verb " tj0", verb " tj1", verb " tj2", verb " tj3" }
  static const char * const savepoints[][4] = {
    LEVELS ("SAVEPOINT"), LEVELS ("RELEASE"), LEVELS ("ROLLBACK TO"),
  };
#undef LEVELS
  static const char * const verbs[] = { "SAVEPOINT", "RELEASE", "ROLLBACK TO" };
  g_autofree char *text = NULL;
  sqlite3_stmt *st;

  for (guint v = 0; v < G_N_ELEMENTS (verbs) && n < G_N_ELEMENTS (savepoints[0]); v++)
    if (strcmp (verb, verbs[v]) == 0)
      {
        st = stmt (self, savepoints[v][n], error);
        return st != NULL && step_done (self, st, error);
      }
  text = g_strdup_printf ("%s tj%u", verb, n);
  st = stmt (self, g_intern_string (text), error);
  return st != NULL && step_done (self, st, error);
}

gboolean
tj_store_begin (TjStore  *self,
                GError  **error)
{
  g_autofree char *sql = NULL;

  g_return_val_if_fail (TJ_IS_STORE (self), FALSE);

  /* IMMEDIATE takes the write lock up front, so a second writer waits at
   * BEGIN (busy_timeout) instead of failing half-way through. Savepoints
   * are frequent (every write nested in a caller's transaction): run them
   * as cached statements rather than parsing SQL each time. */
  if (self->depth == 0)
    {
      sql = g_strdup ("BEGIN IMMEDIATE");
      if (!exec_sql (self, sql, error))
        return FALSE;
      /* Another connection may have written since. */
      self->next_seq = 0;
    }
  else if (!savepoint (self, "SAVEPOINT", self->depth, error))
    return FALSE;
  self->depth++;
  return TRUE;
}

gboolean
tj_store_commit (TjStore  *self,
                 GError  **error)
{
  g_autofree char *sql = NULL;

  g_return_val_if_fail (TJ_IS_STORE (self), FALSE);
  g_return_val_if_fail (self->depth > 0, FALSE);

  if (self->depth == 1 && self->dirty && !flush_indexers (self, error))
    {
      tj_store_rollback (self);
      return FALSE;
    }

  if (self->depth == 1)
    {
      sql = g_strdup ("COMMIT");
      if (!exec_sql (self, sql, error))
        {
          tj_store_rollback (self);
          return FALSE;
        }
    }
  else if (!savepoint (self, "RELEASE", self->depth - 1, error))
    {
      tj_store_rollback (self);
      return FALSE;
    }
  self->depth--;
  if (self->depth == 0)
    self->dirty = FALSE;
  return TRUE;
}

void
tj_store_rollback (TjStore *self)
{
  g_autofree char *sql = NULL;

  g_return_if_fail (TJ_IS_STORE (self));
  g_return_if_fail (self->depth > 0);

  /* The sequences given in what is undone are free again. */
  self->next_seq = 0;
  if (self->depth == 1)
    {
      sql = g_strdup ("ROLLBACK");
      for (guint i = 0; i < self->indexers->len; i++)
        {
          Indexer *ix = &g_array_index (self->indexers, Indexer, i);
          if (ix->discard)
            ((void (*) (TjStore *, gpointer)) ix->discard) (self, ix->user_data);
        }
      self->dirty = FALSE;
    }
  if (sql)
    sqlite3_exec (self->db, sql, NULL, NULL, NULL);
  else
    {
      savepoint (self, "ROLLBACK TO", self->depth - 1, NULL);
      savepoint (self, "RELEASE", self->depth - 1, NULL);
    }
  self->depth--;
}

/* ------------------------------------------------------------------ */
/* Revisions                                                            */

static gboolean
parse_rev (const char  *rev,
           int         *gen,
           const char **hash)
{
  char *end = NULL;
  gint64 n;

  if (rev == NULL || !g_ascii_isdigit (rev[0]))
    return FALSE;
  errno = 0;
  n = g_ascii_strtoll (rev, &end, 10);
  if (errno != 0 || end == NULL || *end != '-' || end[1] == '\0' || n < 1 || n > G_MAXINT / 2)
    return FALSE;
  *gen = (int) n;
  if (hash)
    *hash = end + 1;
  return TRUE;
}

static gboolean
is_reserved_member (const char *name)
{
  return name[0] == '_';
}

/* The document without its underscore members: what a revision stores. */
static JsonObject *
body_of (JsonObject *doc)
{
  JsonObject *body = json_object_new ();
  g_autoptr(GList) members = json_object_get_members (doc);

  for (GList *l = members; l; l = l->next)
    if (!is_reserved_member (l->data))
      json_object_set_member (body, l->data,
                              json_node_copy (json_object_get_member (doc, l->data)));
  return body;
}

/* Deterministic revision hash (docs/SYNC.md): MD5 over the parent revision, the
 * deleted flag and the canonical body including attachment digests. */
static char *
rev_hash (const char *parent,
          gboolean    deleted,
          const char *canonical_body,
          const char *canonical_atts)
{
  g_autoptr(GChecksum) sum = g_checksum_new (G_CHECKSUM_MD5);

  g_checksum_update (sum, (const guchar *) (parent ? parent : ""), -1);
  g_checksum_update (sum, (const guchar *) (deleted ? "\n1\n" : "\n0\n"), -1);
  g_checksum_update (sum, (const guchar *) canonical_body, -1);
  if (canonical_atts)
    {
      g_checksum_update (sum, (const guchar *) "\n", 1);
      g_checksum_update (sum, (const guchar *) canonical_atts, -1);
    }
  return g_strdup (g_checksum_get_string (sum));
}

static gint64
lookup_doc (TjStore     *self,
            const char  *id,
            GError     **error)
{
  sqlite3_stmt *st = stmt (self, "SELECT doc_id FROM docs WHERE id = ?", error);
  gint64 doc_id = 0;
  int rc;

  if (st == NULL)
    return -1;
  sqlite3_bind_text (st, 1, id, -1, SQLITE_STATIC);
  rc = sqlite3_step (st);
  if (rc == SQLITE_ROW)
    doc_id = sqlite3_column_int64 (st, 0);
  sqlite3_reset (st);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    {
      set_sqlite_error (self, rc, error);
      return -1;
    }
  return doc_id;
}

/* The row of a document new to the store, its one leaf @rev the winner:
 * written at once, with its sequence (no placeholder to update). Returns
 * its doc_id, or -1. */
static gint64
insert_new_doc (TjStore     *self,
                const char  *id,
                const char  *rev,
                gboolean     deleted,
                const char  *type,
                GError     **error)
{
  sqlite3_stmt *st = stmt (self,
                           "INSERT INTO docs (id, seq, winner, deleted, conflicted, type) "
                           "VALUES (?, ?, ?, ?, 0, ?)", error);

  if (st == NULL)
    return -1;
  sqlite3_bind_text (st, 1, id, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (st, 2, take_seq (self));
  sqlite3_bind_text (st, 3, rev, -1, SQLITE_STATIC);
  sqlite3_bind_int (st, 4, deleted);
  if (!deleted && type)
    sqlite3_bind_text (st, 5, type, -1, SQLITE_STATIC);
  if (!step_done (self, st, error))
    return -1;
  return sqlite3_last_insert_rowid (self->db);
}

static int
compare_leaves (gconstpointer a,
                gconstpointer b)
{
  const Leaf *la = a, *lb = b;
  const char *ha = strchr (la->rev, '-'), *hb = strchr (lb->rev, '-');

  /* Highest first: not deleted, then generation, then hash as a string. */
  if (la->deleted != lb->deleted)
    return la->deleted ? 1 : -1;
  if (la->gen != lb->gen)
    return la->gen > lb->gen ? -1 : 1;
  return -strcmp (ha ? ha : "", hb ? hb : "");
}

/* The leaves of a document, winner first. */
static GArray *
load_leaves (TjStore  *self,
             gint64    doc_id,
             GError  **error)
{
  sqlite3_stmt *st = stmt (self, "SELECT rev, gen, deleted FROM revs WHERE doc_id = ? AND leaf = 1",
                           error);
  g_autoptr(GArray) leaves = g_array_new (FALSE, TRUE, sizeof (Leaf));
  int rc;

  g_array_set_clear_func (leaves, leaf_clear);
  if (st == NULL)
    return NULL;
  sqlite3_bind_int64 (st, 1, doc_id);
  while ((rc = sqlite3_step (st)) == SQLITE_ROW)
    {
      Leaf leaf = {
        g_strdup ((const char *) sqlite3_column_text (st, 0)),
        sqlite3_column_int (st, 1),
        sqlite3_column_int (st, 2) != 0,
      };
      g_array_append_val (leaves, leaf);
    }
  sqlite3_reset (st);
  if (rc != SQLITE_DONE)
    {
      set_sqlite_error (self, rc, error);
      return NULL;
    }
  g_array_sort (leaves, compare_leaves);
  return g_steal_pointer (&leaves);
}

typedef struct {
  gboolean  exists;
  int       gen;
  gboolean  deleted;
  gboolean  leaf;
  gboolean  has_body;
  char     *parent;
} RevInfo;

static gboolean
lookup_rev (TjStore     *self,
            gint64       doc_id,
            const char  *rev,
            RevInfo     *info,
            GError     **error)
{
  sqlite3_stmt *st = stmt (self,
                           "SELECT gen, deleted, leaf, body IS NOT NULL, parent FROM revs "
                           "WHERE doc_id = ? AND rev = ?", error);
  int rc;

  memset (info, 0, sizeof *info);
  if (st == NULL)
    return FALSE;
  sqlite3_bind_int64 (st, 1, doc_id);
  sqlite3_bind_text (st, 2, rev, -1, SQLITE_STATIC);
  rc = sqlite3_step (st);
  if (rc == SQLITE_ROW)
    {
      info->exists = TRUE;
      info->gen = sqlite3_column_int (st, 0);
      info->deleted = sqlite3_column_int (st, 1) != 0;
      info->leaf = sqlite3_column_int (st, 2) != 0;
      info->has_body = sqlite3_column_int (st, 3) != 0;
      info->parent = g_strdup ((const char *) sqlite3_column_text (st, 4));
    }
  sqlite3_reset (st);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return set_sqlite_error (self, rc, error);
  return TRUE;
}

static void
rev_info_clear (RevInfo *info)
{
  g_clear_pointer (&info->parent, g_free);
}

static gboolean
insert_rev (TjStore     *self,
            gint64       doc_id,
            const char  *rev,
            int          gen,
            const char  *parent,
            gboolean     deleted,
            gboolean     leaf,
            const char  *body,
            GError     **error)
{
  sqlite3_stmt *st = stmt (self,
                           "INSERT INTO revs (doc_id, rev, gen, parent, deleted, leaf, body) "
                           "VALUES (?, ?, ?, ?, ?, ?, ?)", error);
  if (st == NULL)
    return FALSE;
  sqlite3_bind_int64 (st, 1, doc_id);
  sqlite3_bind_text (st, 2, rev, -1, SQLITE_STATIC);
  sqlite3_bind_int (st, 3, gen);
  if (parent)
    sqlite3_bind_text (st, 4, parent, -1, SQLITE_STATIC);
  sqlite3_bind_int (st, 5, deleted);
  sqlite3_bind_int (st, 6, leaf);
  if (body)
    sqlite3_bind_text (st, 7, body, -1, SQLITE_STATIC);
  return step_done (self, st, error);
}

static gboolean
drop_unused_blobs (TjStore  *self,
                   GError  **error)
{
  return exec_sql (self,
                   "DELETE FROM blobs WHERE NOT EXISTS "
                   "(SELECT 1 FROM rev_atts WHERE rev_atts.digest = blobs.digest)", error);
}

/* A revision that got a child is no longer a leaf: only leaves keep their
 * content (docs/SYNC.md: bodies of non-leaf revisions may be pruned). */
static gboolean
demote_rev (TjStore     *self,
            gint64       doc_id,
            const char  *rev,
            gboolean    *dropped_atts,
            GError     **error)
{
  sqlite3_stmt *st = stmt (self, "UPDATE revs SET leaf = 0, body = NULL WHERE doc_id = ? AND rev = ?",
                           error);
  if (st == NULL)
    return FALSE;
  sqlite3_bind_int64 (st, 1, doc_id);
  sqlite3_bind_text (st, 2, rev, -1, SQLITE_STATIC);
  if (!step_done (self, st, error))
    return FALSE;

  st = stmt (self, "DELETE FROM rev_atts WHERE doc_id = ? AND rev = ?", error);
  if (st == NULL)
    return FALSE;
  sqlite3_bind_int64 (st, 1, doc_id);
  sqlite3_bind_text (st, 2, rev, -1, SQLITE_STATIC);
  if (!step_done (self, st, error))
    return FALSE;
  if (sqlite3_changes (self->db) > 0)
    *dropped_atts = TRUE;
  return TRUE;
}

static JsonObject *load_revision (TjStore *self, gint64 doc_id, const char *id,
                                  const char *rev, TjGetFlags flags, GError **error);

/* Keep only the revs_limit newest ancestors of every leaf. */
static gboolean
stem (TjStore   *self,
      gint64     doc_id,
      gboolean  *dropped_atts,
      GError   **error)
{
  sqlite3_stmt *st = stmt (self, "SELECT COUNT(*) FROM revs WHERE doc_id = ?", error);
  g_autoptr(GHashTable) parents = NULL;
  g_autoptr(GHashTable) keep = NULL;
  g_autoptr(GPtrArray) leaves = NULL;
  g_autoptr(GPtrArray) drop = NULL;
  int count = 0;

  if (st == NULL)
    return FALSE;
  sqlite3_bind_int64 (st, 1, doc_id);
  if (sqlite3_step (st) == SQLITE_ROW)
    count = sqlite3_column_int (st, 0);
  sqlite3_reset (st);
  if (count <= (int) self->revs_limit)
    return TRUE;

  parents = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  keep = g_hash_table_new (g_str_hash, g_str_equal);
  leaves = g_ptr_array_new ();
  drop = g_ptr_array_new ();

  st = stmt (self, "SELECT rev, parent, leaf FROM revs WHERE doc_id = ?", error);
  if (st == NULL)
    return FALSE;
  sqlite3_bind_int64 (st, 1, doc_id);
  while (sqlite3_step (st) == SQLITE_ROW)
    {
      char *rev = g_strdup ((const char *) sqlite3_column_text (st, 0));
      g_hash_table_insert (parents, rev, g_strdup ((const char *) sqlite3_column_text (st, 1)));
      if (sqlite3_column_int (st, 2))
        g_ptr_array_add (leaves, rev);
    }
  sqlite3_reset (st);

  for (guint i = 0; i < leaves->len; i++)
    {
      const char *rev = g_ptr_array_index (leaves, i);
      for (guint depth = 0; rev && depth < self->revs_limit; depth++)
        {
          gpointer orig_key, value;
          if (!g_hash_table_lookup_extended (parents, rev, &orig_key, &value))
            break;
          g_hash_table_add (keep, orig_key);
          rev = value;
        }
    }

  {
    GHashTableIter iter;
    gpointer key;
    g_hash_table_iter_init (&iter, parents);
    while (g_hash_table_iter_next (&iter, &key, NULL))
      if (!g_hash_table_contains (keep, key))
        g_ptr_array_add (drop, key);
  }

  st = stmt (self, "DELETE FROM revs WHERE doc_id = ? AND rev = ?", error);
  if (st == NULL)
    return FALSE;
  for (guint i = 0; i < drop->len; i++)
    {
      sqlite3_bind_int64 (st, 1, doc_id);
      sqlite3_bind_text (st, 2, g_ptr_array_index (drop, i), -1, SQLITE_STATIC);
      if (!step_done (self, st, error))
        return FALSE;
      sqlite3_reset (st);
    }
  if (drop->len > 0)
    *dropped_atts = TRUE;
  return TRUE;
}

/* What a write just stored, for update_doc_row(): its revision and, to
 * spare reading it back, its content as an object or as JSON text. */
typedef struct {
  const char *rev;
  JsonObject *body;   /* nullable: the content as an object, without "_" members */
  const char *text;   /* nullable: the content as JSON text (when there is no @body) */
  const char *type;   /* with @text: its "type" */
  gboolean    atts;   /* it has attachments */
} Written;

/* The revision just written, as the indexers see a winner: "_id", "_rev"
 * and its content. */
static JsonObject *
written_winner (const char     *id,
                const Written  *w,
                GError        **error)
{
  JsonObject *winner;

  if (w->body)
    {
      g_autoptr(GList) members = json_object_get_members (w->body);

      winner = json_object_new ();
      json_object_set_string_member (winner, "_id", id);
      json_object_set_string_member (winner, "_rev", w->rev);
      for (GList *l = members; l; l = l->next)
        json_object_set_member (winner, l->data, json_node_copy (json_object_get_member (w->body, l->data)));
      return winner;
    }
  winner = tj_json_parse_object (w->text, -1, error);
  if (winner == NULL)
    return NULL;
  json_object_set_string_member (winner, "_id", id);
  json_object_set_string_member (winner, "_rev", w->rev);
  return winner;
}

static gboolean
tell_indexers (TjStore     *self,
               const char  *id,
               JsonObject  *winner,
               GError     **error)
{
  self->dirty = TRUE;
  for (guint i = 0; i < self->indexers->len; i++)
    {
      Indexer *ix = &g_array_index (self->indexers, Indexer, i);
      if (!ix->indexer (self, id, winner, ix->user_data, error))
        return FALSE;
    }
  return TRUE;
}

/* After a write: recompute the winner, give the document the next sequence,
 * stem, and tell the indexers. */
static gboolean
update_doc_row (TjStore        *self,
                gint64          doc_id,
                const char     *id,
                const Written  *written,
                GError        **error)
{
  g_autoptr(GArray) leaves = NULL;
  g_autoptr(JsonObject) winner = NULL;
  const char *type = NULL;
  const Leaf *win;
  guint live = 0;
  sqlite3_stmt *st;
  gboolean dropped_atts = FALSE;

  if (!stem (self, doc_id, &dropped_atts, error))
    return FALSE;
  if (dropped_atts && !drop_unused_blobs (self, error))
    return FALSE;

  leaves = load_leaves (self, doc_id, error);
  if (leaves == NULL)
    return FALSE;
  g_assert (leaves->len > 0);
  win = &g_array_index (leaves, Leaf, 0);
  for (guint i = 0; i < leaves->len; i++)
    if (!g_array_index (leaves, Leaf, i).deleted)
      live++;

  if (!win->deleted && (written->body || written->text) && !written->atts &&
      g_strcmp0 (win->rev, written->rev) == 0)
    {
      /* The revision just written won: hand it to the indexers as it is
       * instead of reading and parsing it back (a sixth of a write), and
       * only when there are indexers. */
      type = written->body ? tj_json_get_string (written->body, "type", NULL) : written->type;
      if (self->indexers->len > 0 && (winner = written_winner (id, written, error)) == NULL)
        return FALSE;
    }
  else if (!win->deleted)
    {
      winner = load_revision (self, doc_id, id, win->rev, TJ_GET_NONE, error);
      if (winner == NULL)
        return FALSE;
      type = tj_json_get_string (winner, "type", NULL);
    }

  st = stmt (self,
             "UPDATE docs SET seq = ?, winner = ?, deleted = ?, conflicted = ?, type = ? "
             "WHERE doc_id = ?", error);
  if (st == NULL)
    return FALSE;
  sqlite3_bind_int64 (st, 1, take_seq (self));
  sqlite3_bind_text (st, 2, win->rev, -1, SQLITE_STATIC);
  sqlite3_bind_int (st, 3, win->deleted);
  sqlite3_bind_int (st, 4, live > 1);
  if (type)
    sqlite3_bind_text (st, 5, type, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (st, 6, doc_id);
  if (!step_done (self, st, error))
    return FALSE;

  return tell_indexers (self, id, win->deleted ? NULL : winner, error);
}

/* ------------------------------------------------------------------ */
/* Attachments                                                          */

typedef struct {
  char   *name;
  char   *content_type;
  char   *digest;
  gint64  length;
  int     revpos;
} Att;

static void
att_free (gpointer data)
{
  Att *att = data;
  g_free (att->name);
  g_free (att->content_type);
  g_free (att->digest);
  g_free (att);
}

static char *
digest_of (const guint8 *data,
           gsize         len)
{
  g_autoptr(GChecksum) sum = g_checksum_new (G_CHECKSUM_MD5);
  guint8 raw[16];
  gsize raw_len = sizeof raw;
  g_autofree char *b64 = NULL;

  g_checksum_update (sum, data, len);
  g_checksum_get_digest (sum, raw, &raw_len);
  b64 = g_base64_encode (raw, raw_len);
  return g_strconcat ("md5-", b64, NULL);
}

static gboolean
store_blob (TjStore       *self,
            const char    *digest,
            const guint8  *data,
            gsize          len,
            GError       **error)
{
  sqlite3_stmt *st = stmt (self, "INSERT OR IGNORE INTO blobs (digest, data) VALUES (?, ?)", error);
  if (st == NULL)
    return FALSE;
  sqlite3_bind_text (st, 1, digest, -1, SQLITE_STATIC);
  sqlite3_bind_blob64 (st, 2, data, len, SQLITE_STATIC);
  return step_done (self, st, error);
}

static GPtrArray *
load_atts (TjStore     *self,
           gint64       doc_id,
           const char  *rev,
           GError     **error)
{
  sqlite3_stmt *st = stmt (self,
                           "SELECT name, content_type, digest, length, revpos FROM rev_atts "
                           "WHERE doc_id = ? AND rev = ? ORDER BY name", error);
  g_autoptr(GPtrArray) atts = g_ptr_array_new_with_free_func (att_free);

  if (st == NULL)
    return NULL;
  sqlite3_bind_int64 (st, 1, doc_id);
  sqlite3_bind_text (st, 2, rev, -1, SQLITE_STATIC);
  while (sqlite3_step (st) == SQLITE_ROW)
    {
      Att *att = g_new0 (Att, 1);
      att->name = g_strdup ((const char *) sqlite3_column_text (st, 0));
      att->content_type = g_strdup ((const char *) sqlite3_column_text (st, 1));
      att->digest = g_strdup ((const char *) sqlite3_column_text (st, 2));
      att->length = sqlite3_column_int64 (st, 3);
      att->revpos = sqlite3_column_int (st, 4);
      g_ptr_array_add (atts, att);
    }
  sqlite3_reset (st);
  return g_steal_pointer (&atts);
}

/* Known attachment with @digest anywhere in the document (for stubs in
 * replicated writes, whose parent may be a revision we never had). */
static gboolean
have_blob (TjStore    *self,
           const char *digest)
{
  sqlite3_stmt *st = stmt (self, "SELECT 1 FROM blobs WHERE digest = ?", NULL);
  gboolean found;

  if (st == NULL)
    return FALSE;
  sqlite3_bind_text (st, 1, digest, -1, SQLITE_STATIC);
  found = sqlite3_step (st) == SQLITE_ROW;
  sqlite3_reset (st);
  return found;
}

/* Reads `_attachments` (@atts_node) of an incoming document into Att records, storing
 * new data. @parent_atts resolves stubs of local edits; @new_gen is the
 * revpos of new data when the document does not say. */
static GPtrArray *
collect_atts (TjStore     *self,
              const char  *id,
              JsonNode    *atts_node,
              GPtrArray   *parent_atts,
              int          new_gen,
              gboolean     replicated,
              GError     **error)
{
  JsonObject *atts_obj = atts_node && JSON_NODE_HOLDS_OBJECT (atts_node) ? json_node_get_object (atts_node) : NULL;
  g_autoptr(GPtrArray) atts = g_ptr_array_new_with_free_func (att_free);
  g_autoptr(GList) names = NULL;

  if (atts_node && atts_obj == NULL)
    {
      g_set_error (error, TJ_ERROR, TJ_ERROR_INVALID,
                   _("Document %s: _attachments must be an object"), id);
      return NULL;
    }
  if (atts_obj == NULL)
    return g_steal_pointer (&atts);

  names = json_object_get_members (atts_obj);
  for (GList *l = names; l; l = l->next)
    {
      const char *name = l->data;
      JsonObject *a = tj_json_get_object (atts_obj, name);
      Att *att;

      if (a == NULL)
        {
          g_set_error (error, TJ_ERROR, TJ_ERROR_INVALID,
                       _("Document %s: attachment “%s” must be an object"), id, name);
          return NULL;
        }

      att = g_new0 (Att, 1);
      g_ptr_array_add (atts, att);
      att->name = g_strdup (name);
      att->content_type = g_strdup (tj_json_get_string (a, "content_type", "application/octet-stream"));

      if (tj_json_get_string (a, "data", NULL))
        {
          const char *b64 = tj_json_get_string (a, "data", NULL);
          gsize len = 0;
          g_autofree guint8 *data = NULL;

          /* g_base64_decode accepts anything; check the alphabet first so a
           * corrupted reply is refused rather than stored as garbage. */
          for (const char *p = b64; *p; p++)
            if (!g_ascii_isalnum (*p) && *p != '+' && *p != '/' && *p != '=' &&
                !g_ascii_isspace (*p))
              {
                g_set_error (error, TJ_ERROR, TJ_ERROR_INVALID,
                             _("Document %s: attachment “%s” is not valid base64"), id, name);
                return NULL;
              }
          data = g_base64_decode (b64, &len);
          att->digest = digest_of (data, len);
          att->length = len;
          att->revpos = replicated ? (int) tj_json_get_int (a, "revpos", new_gen) : new_gen;
          if (replicated && tj_json_get_string (a, "digest", NULL) &&
              g_str_has_prefix (tj_json_get_string (a, "digest", NULL), "md5-") &&
              g_strcmp0 (tj_json_get_string (a, "digest", NULL), att->digest) != 0)
            {
              g_set_error (error, TJ_ERROR, TJ_ERROR_INVALID,
                           _("Document %s: attachment “%s” does not match its digest"), id, name);
              return NULL;
            }
          if (!store_blob (self, att->digest, data, len, error))
            return NULL;
        }
      else if (tj_json_get_bool (a, "stub", FALSE))
        {
          const char *digest = tj_json_get_string (a, "digest", NULL);
          Att *found = NULL;

          for (guint i = 0; parent_atts && i < parent_atts->len; i++)
            {
              Att *p = g_ptr_array_index (parent_atts, i);
              if (g_strcmp0 (p->name, name) == 0 && (digest == NULL || g_strcmp0 (p->digest, digest) == 0))
                found = p;
            }
          if (found)
            {
              att->digest = g_strdup (found->digest);
              att->length = found->length;
              att->revpos = found->revpos;
              g_free (att->content_type);
              att->content_type = g_strdup (found->content_type);
            }
          else if (replicated && digest && have_blob (self, digest))
            {
              att->digest = g_strdup (digest);
              att->length = tj_json_get_int (a, "length", 0);
              att->revpos = (int) tj_json_get_int (a, "revpos", new_gen);
            }
          else
            {
              g_set_error (error, TJ_ERROR, TJ_ERROR_INVALID,
                           _("Document %s: attachment “%s” is a stub but its data is not here (missing_stub)"),
                           id, name);
              return NULL;
            }
        }
      else
        {
          g_set_error (error, TJ_ERROR, TJ_ERROR_INVALID,
                       _("Document %s: attachment “%s” has neither data nor stub"), id, name);
          return NULL;
        }
    }
  return g_steal_pointer (&atts);
}

static char *
canonical_atts (GPtrArray *atts)
{
  g_autoptr(JsonObject) obj = NULL;

  if (atts == NULL || atts->len == 0)
    return NULL;
  obj = json_object_new ();
  for (guint i = 0; i < atts->len; i++)
    {
      Att *att = g_ptr_array_index (atts, i);
      JsonObject *a = json_object_new ();
      json_object_set_string_member (a, "content_type", att->content_type);
      json_object_set_string_member (a, "digest", att->digest);
      json_object_set_object_member (obj, att->name, a);
    }
  return tj_json_canonical_object (obj);
}

static gboolean
save_atts (TjStore     *self,
           gint64       doc_id,
           const char  *rev,
           GPtrArray   *atts,
           GError     **error)
{
  sqlite3_stmt *st;

  for (guint i = 0; atts && i < atts->len; i++)
    {
      Att *att = g_ptr_array_index (atts, i);
      st = stmt (self,
                 "INSERT OR REPLACE INTO rev_atts (doc_id, rev, name, content_type, digest, length, revpos) "
                 "VALUES (?, ?, ?, ?, ?, ?, ?)", error);
      if (st == NULL)
        return FALSE;
      sqlite3_bind_int64 (st, 1, doc_id);
      sqlite3_bind_text (st, 2, rev, -1, SQLITE_STATIC);
      sqlite3_bind_text (st, 3, att->name, -1, SQLITE_STATIC);
      sqlite3_bind_text (st, 4, att->content_type, -1, SQLITE_STATIC);
      sqlite3_bind_text (st, 5, att->digest, -1, SQLITE_STATIC);
      sqlite3_bind_int64 (st, 6, att->length);
      sqlite3_bind_int (st, 7, att->revpos);
      if (!step_done (self, st, error))
        return FALSE;
    }
  return TRUE;
}

static GBytes *
load_blob (TjStore    *self,
           const char *digest)
{
  sqlite3_stmt *st = stmt (self, "SELECT data FROM blobs WHERE digest = ?", NULL);
  GBytes *bytes = NULL;

  if (st == NULL)
    return NULL;
  sqlite3_bind_text (st, 1, digest, -1, SQLITE_STATIC);
  if (sqlite3_step (st) == SQLITE_ROW)
    bytes = g_bytes_new (sqlite3_column_blob (st, 0), sqlite3_column_bytes (st, 0));
  sqlite3_reset (st);
  return bytes;
}

/* ------------------------------------------------------------------ */
/* Reading                                                              */

static JsonArray *
revisions_path (TjStore    *self,
                gint64      doc_id,
                const char *rev,
                int        *start)
{
  JsonArray *ids = json_array_new ();
  g_autofree char *cur = g_strdup (rev);
  int gen = 0;

  parse_rev (rev, start, NULL);
  for (guint depth = 0; cur && depth < self->revs_limit; depth++)
    {
      RevInfo info;
      const char *hash;

      if (!parse_rev (cur, &gen, &hash))
        break;
      if (!lookup_rev (self, doc_id, cur, &info, NULL) || !info.exists)
        {
          rev_info_clear (&info);
          break;
        }
      json_array_add_string_element (ids, hash);
      g_free (cur);
      cur = g_steal_pointer (&info.parent);
      rev_info_clear (&info);
    }
  return ids;
}

static JsonObject *
load_revision (TjStore     *self,
               gint64       doc_id,
               const char  *id,
               const char  *rev,
               TjGetFlags   flags,
               GError     **error)
{
  sqlite3_stmt *st = stmt (self, "SELECT body, deleted FROM revs WHERE doc_id = ? AND rev = ?", error);
  g_autoptr(JsonObject) body = NULL;
  g_autoptr(GPtrArray) atts = NULL;
  JsonObject *doc;
  gboolean deleted = FALSE;
  int rc;

  if (st == NULL)
    return NULL;
  sqlite3_bind_int64 (st, 1, doc_id);
  sqlite3_bind_text (st, 2, rev, -1, SQLITE_STATIC);
  rc = sqlite3_step (st);
  if (rc == SQLITE_ROW && sqlite3_column_type (st, 0) != SQLITE_NULL)
    {
      body = tj_json_parse_object ((const char *) sqlite3_column_text (st, 0), -1, NULL);
      deleted = sqlite3_column_int (st, 1) != 0;
    }
  sqlite3_reset (st);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    {
      set_sqlite_error (self, rc, error);
      return NULL;
    }
  if (body == NULL)
    {
      g_set_error (error, TJ_ERROR, TJ_ERROR_NOT_FOUND,
                   _("Document %s has no revision %s (or its content was not kept)"), id, rev);
      return NULL;
    }

  doc = json_object_new ();
  json_object_set_string_member (doc, "_id", id);
  json_object_set_string_member (doc, "_rev", rev);
  if (deleted)
    json_object_set_boolean_member (doc, "_deleted", TRUE);
  {
    g_autoptr(GList) members = json_object_get_members (body);
    for (GList *l = members; l; l = l->next)
      json_object_set_member (doc, l->data, json_node_copy (json_object_get_member (body, l->data)));
  }

  atts = load_atts (self, doc_id, rev, error);
  if (atts == NULL)
    {
      json_object_unref (doc);
      return NULL;
    }
  if (atts->len > 0)
    {
      JsonObject *obj = json_object_new ();
      for (guint i = 0; i < atts->len; i++)
        {
          Att *att = g_ptr_array_index (atts, i);
          JsonObject *a = json_object_new ();
          json_object_set_string_member (a, "content_type", att->content_type);
          json_object_set_string_member (a, "digest", att->digest);
          json_object_set_int_member (a, "length", att->length);
          json_object_set_int_member (a, "revpos", att->revpos);
          if (flags & TJ_GET_ATTACHMENTS)
            {
              g_autoptr(GBytes) bytes = load_blob (self, att->digest);
              gsize len = 0;
              const guint8 *data = bytes ? g_bytes_get_data (bytes, &len) : NULL;
              g_autofree char *b64 = data ? g_base64_encode (data, len) : g_strdup ("");
              json_object_set_string_member (a, "data", b64);
            }
          else
            json_object_set_boolean_member (a, "stub", TRUE);
          json_object_set_object_member (obj, att->name, a);
        }
      json_object_set_object_member (doc, "_attachments", obj);
    }

  if (flags & (TJ_GET_CONFLICTS | TJ_GET_DELETED_CONFLICTS))
    {
      g_autoptr(GArray) leaves = load_leaves (self, doc_id, NULL);
      JsonArray *conflicts = json_array_new ();
      JsonArray *deleted_conflicts = json_array_new ();

      for (guint i = 1; leaves && i < leaves->len; i++)
        {
          Leaf *leaf = &g_array_index (leaves, Leaf, i);
          json_array_add_string_element (leaf->deleted ? deleted_conflicts : conflicts, leaf->rev);
        }
      if ((flags & TJ_GET_CONFLICTS) && json_array_get_length (conflicts) > 0)
        json_object_set_array_member (doc, "_conflicts", json_array_ref (conflicts));
      if ((flags & TJ_GET_DELETED_CONFLICTS) && json_array_get_length (deleted_conflicts) > 0)
        json_object_set_array_member (doc, "_deleted_conflicts", json_array_ref (deleted_conflicts));
      json_array_unref (conflicts);
      json_array_unref (deleted_conflicts);
    }

  if (flags & TJ_GET_REVS)
    {
      int start = 0;
      JsonArray *ids = revisions_path (self, doc_id, rev, &start);
      JsonObject *revisions = json_object_new ();
      json_object_set_int_member (revisions, "start", start);
      json_object_set_array_member (revisions, "ids", ids);
      json_object_set_object_member (doc, "_revisions", revisions);
    }
  return doc;
}

static gboolean
doc_row (TjStore     *self,
         const char  *id,
         gint64      *doc_id,
         char       **winner,
         gboolean    *deleted,
         GError     **error)
{
  sqlite3_stmt *st = stmt (self, "SELECT doc_id, winner, deleted FROM docs WHERE id = ?", error);
  int rc;

  if (st == NULL)
    return FALSE;
  sqlite3_bind_text (st, 1, id, -1, SQLITE_STATIC);
  rc = sqlite3_step (st);
  if (rc == SQLITE_ROW)
    {
      *doc_id = sqlite3_column_int64 (st, 0);
      *winner = g_strdup ((const char *) sqlite3_column_text (st, 1));
      *deleted = sqlite3_column_int (st, 2) != 0;
    }
  sqlite3_reset (st);
  if (rc == SQLITE_ROW)
    return TRUE;
  if (rc == SQLITE_DONE)
    g_set_error (error, TJ_ERROR, TJ_ERROR_NOT_FOUND, _("No document with the id %s"), id);
  else
    set_sqlite_error (self, rc, error);
  return FALSE;
}

JsonObject *
tj_store_get (TjStore     *self,
              const char  *id,
              const char  *rev,
              TjGetFlags   flags,
              GError     **error)
{
  g_autofree char *winner = NULL;
  gint64 doc_id;
  gboolean deleted;

  g_return_val_if_fail (TJ_IS_STORE (self), NULL);
  g_return_val_if_fail (id != NULL, NULL);

  if (g_str_has_prefix (id, "_local/"))
    return tj_store_get_local (self, id, error);

  if (!doc_row (self, id, &doc_id, &winner, &deleted, error))
    return NULL;
  if (rev == NULL && deleted && !(flags & TJ_GET_DELETED))
    {
      g_set_error (error, TJ_ERROR, TJ_ERROR_NOT_FOUND, _("Document %s was deleted"), id);
      return NULL;
    }
  return load_revision (self, doc_id, id, rev ? rev : winner, flags, error);
}

static void
append_json_string (GString    *out,
                    const char *s)
{
  g_string_append_c (out, '"');
  for (const unsigned char *p = (const unsigned char *) s; *p; p++)
    {
      if (*p == '"' || *p == '\\')
        {
          g_string_append_c (out, '\\');
          g_string_append_c (out, (char) *p);
        }
      else if (*p < 0x20)
        g_string_append_printf (out, "\\u%04x", *p);
      else
        g_string_append_c (out, (char) *p);
    }
  g_string_append_c (out, '"');
}

char *
tj_store_get_replicated_text (TjStore     *self,
                              const char  *id,
                              const char  *rev,
                              gboolean    *out_attachments,
                              GError     **error)
{
  g_autofree char *winner = NULL;
  g_autoptr(JsonArray) ids = NULL;
  g_autoptr(GString) out = NULL;
  sqlite3_stmt *st;
  gboolean deleted = FALSE, has_body = FALSE, has_atts;
  const char *body, *end;
  gint64 doc_id;
  int start = 0;
  int rc;

  g_return_val_if_fail (TJ_IS_STORE (self), NULL);
  g_return_val_if_fail (id != NULL && rev != NULL, NULL);

  *out_attachments = FALSE;
  if (!doc_row (self, id, &doc_id, &winner, &deleted, error))
    return NULL;

  st = stmt (self, "SELECT EXISTS (SELECT 1 FROM rev_atts WHERE doc_id = ?1 AND rev = ?2)", error);
  if (st == NULL)
    return NULL;
  sqlite3_bind_int64 (st, 1, doc_id);
  sqlite3_bind_text (st, 2, rev, -1, SQLITE_STATIC);
  rc = sqlite3_step (st);
  has_atts = rc == SQLITE_ROW && sqlite3_column_int (st, 0) != 0;
  sqlite3_reset (st);
  if (rc != SQLITE_ROW)
    {
      set_sqlite_error (self, rc, error);
      return NULL;
    }
  if (has_atts)
    {
      *out_attachments = TRUE;
      return NULL;
    }

  st = stmt (self, "SELECT body, deleted FROM revs WHERE doc_id = ? AND rev = ?", error);
  if (st == NULL)
    return NULL;
  sqlite3_bind_int64 (st, 1, doc_id);
  sqlite3_bind_text (st, 2, rev, -1, SQLITE_STATIC);
  rc = sqlite3_step (st);
  out = g_string_new ("{\"_id\":");
  append_json_string (out, id);
  g_string_append (out, ",\"_rev\":");
  append_json_string (out, rev);
  if (rc == SQLITE_ROW && sqlite3_column_type (st, 0) != SQLITE_NULL)
    {
      has_body = TRUE;
      deleted = sqlite3_column_int (st, 1) != 0;
      body = (const char *) sqlite3_column_text (st, 0);
      /* The stored object's members, as they are. */
      while (*body && *body != '{')
        body++;
      end = body + strlen (body);
      while (end > body && end[-1] != '}')
        end--;
      if (*body == '{' && end > body + 1)
        {
          const char *inner = body + 1, *inner_end = end - 1;

          while (inner < inner_end && g_ascii_isspace (*inner))
            inner++;
          if (inner < inner_end)
            {
              g_string_append_c (out, ',');
              g_string_append_len (out, inner, inner_end - inner);
            }
        }
    }
  sqlite3_reset (st);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    {
      set_sqlite_error (self, rc, error);
      return NULL;
    }
  if (!has_body)
    {
      g_set_error (error, TJ_ERROR, TJ_ERROR_NOT_FOUND,
                   _("Document %s has no revision %s (or its content was not kept)"), id, rev);
      return NULL;
    }

  if (deleted)
    g_string_append (out, ",\"_deleted\":true");
  ids = revisions_path (self, doc_id, rev, &start);
  g_string_append_printf (out, ",\"_revisions\":{\"start\":%d,\"ids\":[", start);
  for (guint i = 0; i < json_array_get_length (ids); i++)
    {
      if (i > 0)
        g_string_append_c (out, ',');
      append_json_string (out, json_array_get_string_element (ids, i));
    }
  g_string_append (out, "]}}");
  return g_string_free (g_steal_pointer (&out), FALSE);
}

JsonArray *
tj_store_get_leaves (TjStore     *self,
                     const char  *id,
                     GError     **error)
{
  g_autoptr(GArray) leaves = NULL;
  JsonArray *out;
  gint64 doc_id;

  g_return_val_if_fail (TJ_IS_STORE (self), NULL);

  doc_id = lookup_doc (self, id, error);
  if (doc_id < 0)
    return NULL;
  if (doc_id == 0)
    {
      g_set_error (error, TJ_ERROR, TJ_ERROR_NOT_FOUND, _("No document with the id %s"), id);
      return NULL;
    }
  leaves = load_leaves (self, doc_id, error);
  if (leaves == NULL)
    return NULL;
  out = json_array_new ();
  for (guint i = 0; i < leaves->len; i++)
    {
      Leaf *leaf = &g_array_index (leaves, Leaf, i);
      JsonObject *o = json_object_new ();
      json_object_set_string_member (o, "rev", leaf->rev);
      json_object_set_boolean_member (o, "deleted", leaf->deleted);
      json_array_add_object_element (out, o);
    }
  return out;
}

GBytes *
tj_store_get_attachment (TjStore     *self,
                         const char  *id,
                         const char  *rev,
                         const char  *name,
                         char       **out_content_type,
                         GError     **error)
{
  g_autofree char *winner = NULL;
  g_autoptr(GPtrArray) atts = NULL;
  gint64 doc_id;
  gboolean deleted;

  g_return_val_if_fail (TJ_IS_STORE (self), NULL);

  if (!doc_row (self, id, &doc_id, &winner, &deleted, error))
    return NULL;
  atts = load_atts (self, doc_id, rev ? rev : winner, error);
  if (atts == NULL)
    return NULL;
  for (guint i = 0; i < atts->len; i++)
    {
      Att *att = g_ptr_array_index (atts, i);
      if (g_strcmp0 (att->name, name) == 0)
        {
          GBytes *bytes = load_blob (self, att->digest);
          if (bytes && out_content_type)
            *out_content_type = g_strdup (att->content_type);
          if (bytes == NULL)
            g_set_error (error, TJ_ERROR, TJ_ERROR_CORRUPT,
                         _("The data of attachment “%s” of document %s is missing"), name, id);
          return bytes;
        }
    }
  g_set_error (error, TJ_ERROR, TJ_ERROR_NOT_FOUND,
               _("Document %s has no attachment “%s”"), id, name);
  return NULL;
}

/* ------------------------------------------------------------------ */
/* Writing                                                              */

static gboolean
validate_id (const char  *id,
             GError     **error)
{
  if (id == NULL || *id == '\0')
    {
      g_set_error (error, TJ_ERROR, TJ_ERROR_INVALID, _("_id must be a non-empty string"));
      return FALSE;
    }
  if (!g_utf8_validate (id, -1, NULL))
    {
      g_set_error (error, TJ_ERROR, TJ_ERROR_INVALID, _("_id is not valid UTF-8"));
      return FALSE;
    }
  if (id[0] == '_' && !g_str_has_prefix (id, "_design/"))
    {
      g_set_error (error, TJ_ERROR, TJ_ERROR_INVALID,
                   _("_id “%s”: ids starting with “_” are reserved"), id);
      return FALSE;
    }
  return TRUE;
}

/* Writes document @id, new to the store, with its first revision @rev
 * (@body as an object and as its canonical @body_text, @atts collected);
 * @body is then the winner given to the indexers. */
static gboolean
put_new_local (TjStore     *self,
               const char  *id,
               const char  *rev,
               gboolean     deleted,
               JsonObject  *body,
               const char  *body_text,
               GPtrArray   *atts,
               GError     **error)
{
  g_autoptr(JsonObject) winner = NULL;
  gboolean has_atts = atts->len > 0;
  gint64 doc_id;

  doc_id = insert_new_doc (self, id, rev, deleted, tj_json_get_string (body, "type", NULL), error);
  if (doc_id < 0 ||
      !insert_rev (self, doc_id, rev, 1, NULL, deleted, TRUE, body_text, error) ||
      !save_atts (self, doc_id, rev, atts, error))
    return FALSE;
  if (!deleted && self->indexers->len > 0)
    {
      if (has_atts)
        winner = load_revision (self, doc_id, id, rev, TJ_GET_NONE, error);
      else
        {
          /* @body is ours and written: it becomes the winner the indexers
           * see, without a copy. */
          json_object_set_string_member (body, "_id", id);
          json_object_set_string_member (body, "_rev", rev);
          winner = json_object_ref (body);
        }
      if (winner == NULL)
        return FALSE;
    }
  return tell_indexers (self, id, winner, error);
}

static char *
put_in_transaction (TjStore     *self,
                    JsonObject  *doc,
                    char       **out_id,
                    GError     **error)
{
  g_autofree char *id = NULL;
  g_autofree char *parent = NULL;
  g_autofree char *body_text = NULL;
  g_autofree char *atts_text = NULL;
  g_autofree char *hash = NULL;
  g_autoptr(JsonObject) body = NULL;
  g_autoptr(GPtrArray) parent_atts = NULL;
  g_autoptr(GPtrArray) atts = NULL;
  const char *given_rev;
  gboolean deleted;
  gboolean dropped = FALSE;
  gint64 doc_id;
  int gen = 0;
  char *rev;

  if (json_object_has_member (doc, "_id") && tj_json_get_string (doc, "_id", NULL) == NULL)
    {
      g_set_error (error, TJ_ERROR, TJ_ERROR_INVALID, _("_id must be a string"));
      return NULL;
    }
  id = g_strdup (tj_json_get_string (doc, "_id", NULL));
  if (id == NULL)
    id = tj_store_new_id ();
  if (!validate_id (id, error) || !tj_json_check_document (doc, id, error))
    return NULL;

  given_rev = tj_json_get_string (doc, "_rev", NULL);
  if (json_object_has_member (doc, "_rev") && given_rev == NULL)
    {
      g_set_error (error, TJ_ERROR, TJ_ERROR_INVALID, _("Document %s: _rev must be a string"), id);
      return NULL;
    }
  deleted = tj_json_get_bool (doc, "_deleted", FALSE);

  doc_id = lookup_doc (self, id, error);
  if (doc_id < 0)
    return NULL;

  if (doc_id == 0)
    {
      if (given_rev)
        {
          g_set_error (error, TJ_ERROR, TJ_ERROR_CONFLICT,
                       _("Document %s does not exist, so revision %s cannot be updated"), id, given_rev);
          return NULL;
        }
      /* Its row is written with its revision, below. */
    }
  else if (given_rev)
    {
      RevInfo info;
      if (!lookup_rev (self, doc_id, given_rev, &info, error))
        return NULL;
      if (!info.exists || !info.leaf)
        {
          rev_info_clear (&info);
          g_set_error (error, TJ_ERROR, TJ_ERROR_CONFLICT,
                       _("Document %s was changed meanwhile: %s is not its current revision"),
                       id, given_rev);
          return NULL;
        }
      gen = info.gen;
      rev_info_clear (&info);
      parent = g_strdup (given_rev);
    }
  else
    {
      g_autoptr(GArray) leaves = load_leaves (self, doc_id, error);
      Leaf *win;
      if (leaves == NULL)
        return NULL;
      win = &g_array_index (leaves, Leaf, 0);
      if (!win->deleted)
        {
          g_set_error (error, TJ_ERROR, TJ_ERROR_CONFLICT,
                       _("Document %s already exists; give its current _rev to update it"), id);
          return NULL;
        }
      /* Re-creating a deleted document continues its tombstone branch. */
      gen = win->gen;
      parent = g_strdup (win->rev);
    }

  if (parent)
    {
      parent_atts = load_atts (self, doc_id, parent, error);
      if (parent_atts == NULL)
        return NULL;
    }
  atts = collect_atts (self, id, json_object_get_member (doc, "_attachments"), parent_atts, gen + 1, FALSE, error);
  if (atts == NULL)
    return NULL;

  body = body_of (doc);
  body_text = tj_json_canonical_object (body);
  atts_text = canonical_atts (atts);
  hash = rev_hash (parent, deleted, body_text, atts_text);
  rev = g_strdup_printf ("%d-%s", gen + 1, hash);

  if (doc_id == 0)
    {
      /* A new document (most of an import): its row, its one revision and
       * the indexers, with nothing to stem, load or compare. */
      if (!put_new_local (self, id, rev, deleted, body, body_text, atts, error))
        {
          g_free (rev);
          return NULL;
        }
      if (out_id)
        *out_id = g_steal_pointer (&id);
      return rev;
    }

  if ((parent && !demote_rev (self, doc_id, parent, &dropped, error)) ||
      !insert_rev (self, doc_id, rev, gen + 1, parent, deleted, TRUE, body_text, error) ||
      !save_atts (self, doc_id, rev, atts, error) ||
      (dropped && !drop_unused_blobs (self, error)) ||
      !update_doc_row (self, doc_id, id, &(Written) { rev, body, NULL, NULL, atts->len > 0 }, error))
    {
      g_free (rev);
      return NULL;
    }

  if (out_id)
    *out_id = g_steal_pointer (&id);
  return rev;
}

char *
tj_store_put (TjStore     *self,
              JsonObject  *doc,
              char       **out_id,
              GError     **error)
{
  char *rev;

  g_return_val_if_fail (TJ_IS_STORE (self), NULL);
  g_return_val_if_fail (doc != NULL, NULL);

  if (!tj_store_begin (self, error))
    return NULL;
  rev = put_in_transaction (self, doc, out_id, error);
  if (rev == NULL || !tj_store_commit (self, error))
    {
      if (rev == NULL)
        tj_store_rollback (self);
      g_clear_pointer (&rev, g_free);
      if (out_id)
        g_clear_pointer (out_id, g_free);
      return NULL;
    }
  return rev;
}

char *
tj_store_delete (TjStore     *self,
                 const char  *id,
                 const char  *rev,
                 GError     **error)
{
  g_autoptr(JsonObject) doc = json_object_new ();

  g_return_val_if_fail (TJ_IS_STORE (self), NULL);
  json_object_set_string_member (doc, "_id", id);
  if (rev)
    json_object_set_string_member (doc, "_rev", rev);
  json_object_set_boolean_member (doc, "_deleted", TRUE);
  return tj_store_put (self, doc, NULL, error);
}

/* Whether the winner of document @doc_id is a deletion. */
static gboolean
winner_deleted (TjStore *self,
                gint64   doc_id)
{
  sqlite3_stmt *st = stmt (self, "SELECT deleted FROM docs WHERE doc_id = ?", NULL);
  gboolean deleted = FALSE;

  if (st == NULL)
    return FALSE;
  sqlite3_bind_int64 (st, 1, doc_id);
  if (sqlite3_step (st) == SQLITE_ROW)
    deleted = sqlite3_column_int (st, 0) != 0;
  sqlite3_reset (st);
  return deleted;
}

/* A document new to the store: its revisions and its row written at
 * once, with nothing to look up, demote or compare (most of a first
 * replication). */
static gboolean
put_new_replicated (TjStore                *self,
                    const TjReplicatedRev  *r,
                    GPtrArray              *atts,
                    const Written          *written,
                    GError                **error)
{
  g_autoptr(JsonObject) winner = NULL;
  gboolean dropped = FALSE;
  gint64 doc_id;

  doc_id = insert_new_doc (self, r->id, r->rev, r->deleted, written->type, error);
  if (doc_id < 0)
    return FALSE;

  for (int j = (int) r->n_path - 1; j >= 0; j--)
    {
      int gen;

      parse_rev (r->path[j], &gen, NULL);
      if (!insert_rev (self, doc_id, r->path[j], gen, j + 1 < (int) r->n_path ? r->path[j + 1] : NULL,
                       j == 0 && r->deleted, j == 0, j == 0 ? written->text : NULL, error))
        return FALSE;
    }
  if (!save_atts (self, doc_id, r->rev, atts, error))
    return FALSE;
  if (r->n_path > self->revs_limit &&
      (!stem (self, doc_id, &dropped, error) || (dropped && !drop_unused_blobs (self, error))))
    return FALSE;

  if (!r->deleted && self->indexers->len > 0)
    {
      winner = written->atts ? load_revision (self, doc_id, r->id, r->rev, TJ_GET_NONE, error)
                             : written_winner (r->id, written, error);
      if (winner == NULL)
        return FALSE;
    }
  return tell_indexers (self, r->id, winner, error);
}

/* Grafts @r into the tree (see tj_store_put_replicated_rev()); @body, when
 * given, is its content as an object (for the indexers). */
static gboolean
put_replicated_rev (TjStore                *self,
                    const TjReplicatedRev  *r,
                    JsonObject             *body,
                    TjReplicatedOutcome    *outcome,
                    GError                **error)
{
  gboolean existed, was_deleted = FALSE, attach_was_leaf = FALSE;
  g_autoptr(JsonNode) atts_node = NULL;
  g_autoptr(GPtrArray) atts = NULL;
  const char *hash;
  gboolean dropped = FALSE;
  Written written = { r->rev, body, r->body, r->type, FALSE };
  gint64 doc_id;
  int gen;
  int attach = -1;
  guint i;

  if (!parse_rev (r->rev, &gen, &hash))
    {
      g_set_error (error, TJ_ERROR, TJ_ERROR_INVALID,
                   _("Document %s: _rev “%s” is not a revision id (N-hash)"), r->id, r->rev ? r->rev : "");
      return FALSE;
    }
  /* The history: the revision first, each the parent of the one before. */
  for (i = 0; i < r->n_path; i++)
    {
      int g = 0;
      if (!parse_rev (r->path[i], &g, NULL) || g != gen - (int) i || (i == 0 && strcmp (r->path[0], r->rev) != 0))
        {
          g_set_error (error, TJ_ERROR, TJ_ERROR_INVALID,
                       _("Document %s: _revisions does not match _rev %s"), r->id, r->rev);
          return FALSE;
        }
    }
  g_return_val_if_fail (r->n_path > 0 && r->body != NULL, FALSE);
  if (r->attachments)
    atts_node = json_node_init_object (json_node_alloc (), r->attachments);

  if (outcome)
    *outcome = TJ_REPLICATED_PLAIN;
  doc_id = lookup_doc (self, r->id, error);
  if (doc_id < 0)
    return FALSE;
  if (doc_id == 0)
    {
      atts = collect_atts (self, r->id, atts_node, NULL, gen, TRUE, error);
      if (atts == NULL)
        return FALSE;
      written.atts = atts->len > 0;
      return put_new_replicated (self, r, atts, &written, error);
    }
  existed = TRUE;
  if (outcome)
    was_deleted = winner_deleted (self, doc_id);

  /* The newest revision of the path that we already have: graft there. */
  for (i = 0; i < r->n_path; i++)
    {
      RevInfo info;
      if (!lookup_rev (self, doc_id, r->path[i], &info, error))
        return FALSE;
      rev_info_clear (&info);
      if (info.exists)
        {
          attach = (int) i;
          break;
        }
    }
  if (attach == 0)
    return TRUE; /* already known: replication delivers changes more than once */

  atts = collect_atts (self, r->id, atts_node, NULL, gen, TRUE, error);
  if (atts == NULL)
    return FALSE;
  written.atts = atts->len > 0;

  if (attach > 0)
    {
      RevInfo info;
      if (!lookup_rev (self, doc_id, r->path[attach], &info, error))
        return FALSE;
      if (info.leaf && !demote_rev (self, doc_id, r->path[attach], &dropped, error))
        {
          rev_info_clear (&info);
          return FALSE;
        }
      attach_was_leaf = info.leaf;
      rev_info_clear (&info);
    }

  {
    int top = attach > 0 ? attach - 1 : (int) r->n_path - 1;
    for (int j = top; j >= 0; j--)
      {
        const char *rv = r->path[j];
        const char *p = (j + 1 < (int) r->n_path) ? r->path[j + 1] : NULL;
        int g;
        parse_rev (rv, &g, NULL);
        if (!insert_rev (self, doc_id, rv, g, p, j == 0 ? r->deleted : FALSE, j == 0,
                         j == 0 ? r->body : NULL, error))
          return FALSE;
      }
  }

  if (!save_atts (self, doc_id, r->rev, atts, error) ||
      (dropped && !drop_unused_blobs (self, error)) ||
      !update_doc_row (self, doc_id, r->id, &written, error))
    return FALSE;

  /* docs/SYNC.md: an edit on one branch beats a delete on another, and a
   * deleted document can come back; say so rather than hide it. A
   * deletion that forks from history this store had already edited past
   * (it grafts below a revision that was no longer a leaf) lost to the
   * edit; a live revision that makes a deleted document live again
   * revived it. A deletion continuing a leaf is an ordinary delete, or a
   * conflict being resolved elsewhere. */
  if (outcome && existed)
    {
      gboolean now_deleted = winner_deleted (self, doc_id);
      if (was_deleted && !now_deleted && !r->deleted)
        *outcome = TJ_REPLICATED_REVIVED;
      else if (!was_deleted && !now_deleted && r->deleted && attach > 0 && !attach_was_leaf)
        *outcome = TJ_REPLICATED_DELETION_LOST;
    }
  return TRUE;
}

static gboolean
put_replicated_in_transaction (TjStore              *self,
                               JsonObject           *doc,
                               TjReplicatedOutcome  *outcome,
                               GError              **error)
{
  const char *id = tj_json_get_string (doc, "_id", NULL);
  const char *rev = tj_json_get_string (doc, "_rev", NULL);
  JsonObject *revisions = tj_json_get_object (doc, "_revisions");
  g_autoptr(GPtrArray) path = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(JsonObject) body = NULL;
  g_autofree char *body_text = NULL;
  TjReplicatedRev r = { 0 };
  const char *hash;
  int gen;
  guint i;

  if (id == NULL || !validate_id (id, error))
    {
      if (id == NULL)
        g_set_error (error, TJ_ERROR, TJ_ERROR_INVALID, _("A replicated document has no _id"));
      return FALSE;
    }
  /* The same rules as a local write: what is refused here is what a
   * station would refuse to write itself (depth, UTF-8, numbers). */
  if (!tj_json_check_document (doc, id, error))
    return FALSE;
  if (!parse_rev (rev, &gen, &hash))
    {
      g_set_error (error, TJ_ERROR, TJ_ERROR_INVALID,
                   _("Document %s: _rev “%s” is not a revision id (N-hash)"), id, rev ? rev : "");
      return FALSE;
    }

  if (revisions)
    {
      JsonArray *ids = tj_json_get_array (revisions, "ids");
      gint64 start = tj_json_get_int (revisions, "start", -1);
      guint n = ids ? json_array_get_length (ids) : 0;

      if (ids == NULL || n == 0 || start != gen || (gint64) n > start)
        {
          g_set_error (error, TJ_ERROR, TJ_ERROR_INVALID,
                       _("Document %s: _revisions does not match _rev %s"), id, rev);
          return FALSE;
        }
      for (i = 0; i < n; i++)
        {
          JsonNode *node = json_array_get_element (ids, i);
          if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING ||
              *json_node_get_string (node) == '\0')
            {
              g_set_error (error, TJ_ERROR, TJ_ERROR_INVALID,
                           _("Document %s: _revisions.ids[%u] is not a revision hash"), id, i);
              return FALSE;
            }
          g_ptr_array_add (path, g_strdup_printf ("%" G_GINT64_FORMAT "-%s", start - i,
                                                  json_node_get_string (node)));
        }
      if (g_strcmp0 (g_ptr_array_index (path, 0), rev) != 0)
        {
          g_set_error (error, TJ_ERROR, TJ_ERROR_INVALID,
                       _("Document %s: _revisions does not match _rev %s"), id, rev);
          return FALSE;
        }
    }
  else
    g_ptr_array_add (path, g_strdup (rev));

  if (json_object_has_member (doc, "_attachments") && tj_json_get_object (doc, "_attachments") == NULL)
    {
      g_set_error (error, TJ_ERROR, TJ_ERROR_INVALID,
                   _("Document %s: _attachments must be an object"), id);
      return FALSE;
    }
  /* The canonical text, computed once: what the revision keeps. */
  body = body_of (doc);
  body_text = tj_json_canonical_object (body);
  r.id = id;
  r.rev = rev;
  r.path = (const char * const *) path->pdata;
  r.n_path = path->len;
  r.deleted = tj_json_get_bool (doc, "_deleted", FALSE);
  r.body = body_text;
  r.type = tj_json_get_string (body, "type", NULL);
  r.attachments = tj_json_get_object (doc, "_attachments");
  return put_replicated_rev (self, &r, body, outcome, error);
}

gboolean
tj_store_put_replicated (TjStore     *self,
                         JsonObject  *doc,
                         GError     **error)
{
  g_return_val_if_fail (TJ_IS_STORE (self), FALSE);
  g_return_val_if_fail (doc != NULL, FALSE);

  if (!tj_store_begin (self, error))
    return FALSE;
  if (!put_replicated_in_transaction (self, doc, NULL, error))
    {
      tj_store_rollback (self);
      return FALSE;
    }
  return tj_store_commit (self, error);
}

gboolean
tj_store_put_replicated_full (TjStore              *self,
                              JsonObject           *doc,
                              TjReplicatedOutcome  *outcome,
                              GError              **error)
{
  g_return_val_if_fail (TJ_IS_STORE (self), FALSE);
  g_return_val_if_fail (doc != NULL, FALSE);
  g_return_val_if_fail (outcome != NULL, FALSE);

  if (!tj_store_begin (self, error))
    return FALSE;
  if (!put_replicated_in_transaction (self, doc, outcome, error))
    {
      tj_store_rollback (self);
      return FALSE;
    }
  return tj_store_commit (self, error);
}

gboolean
tj_store_put_replicated_rev (TjStore                *self,
                             const TjReplicatedRev  *rev,
                             TjReplicatedOutcome    *outcome,
                             GError                **error)
{
  g_return_val_if_fail (TJ_IS_STORE (self), FALSE);
  g_return_val_if_fail (rev != NULL && rev->body != NULL, FALSE);
  g_return_val_if_fail (outcome != NULL, FALSE);

  if (rev->id == NULL || !validate_id (rev->id, error))
    {
      if (rev->id == NULL)
        g_set_error (error, TJ_ERROR, TJ_ERROR_INVALID, _("A replicated document has no _id"));
      return FALSE;
    }
  if (rev->n_path == 0)
    {
      const char *self_path[1] = { rev->rev };
      TjReplicatedRev one = *rev;

      one.path = self_path;
      one.n_path = 1;
      return tj_store_put_replicated_rev (self, &one, outcome, error);
    }
  if (!tj_store_begin (self, error))
    return FALSE;
  if (!put_replicated_rev (self, rev, NULL, outcome, error))
    {
      tj_store_rollback (self);
      return FALSE;
    }
  return tj_store_commit (self, error);
}

/* The winning revision of @id and whether it is a deletion, as the docs
 * table keeps them. FALSE with TJ_ERROR_NOT_FOUND when the store has no
 * such document. */
gboolean
tj_store_get_winner (TjStore     *self,
                     const char  *id,
                     char       **out_rev,
                     gboolean    *out_deleted,
                     GError     **error)
{
  gint64 doc_id;

  g_return_val_if_fail (TJ_IS_STORE (self), FALSE);
  return doc_row (self, id, &doc_id, out_rev, out_deleted, error);
}

char *
tj_store_resolve_conflict (TjStore     *self,
                           JsonObject  *winner,
                           GError     **error)
{
  const char *id;
  const char *base;
  g_autoptr(GArray) leaves = NULL;
  g_autofree char *new_rev = NULL;
  gint64 doc_id;

  g_return_val_if_fail (TJ_IS_STORE (self), NULL);

  id = tj_json_get_string (winner, "_id", NULL);
  base = tj_json_get_string (winner, "_rev", NULL);
  if (id == NULL || base == NULL)
    {
      g_set_error (error, TJ_ERROR, TJ_ERROR_INVALID,
                   _("A resolution needs the _id and the _rev of the version it builds on"));
      return NULL;
    }

  if (!tj_store_begin (self, error))
    return NULL;

  doc_id = lookup_doc (self, id, error);
  if (doc_id == 0)
    g_set_error (error, TJ_ERROR, TJ_ERROR_NOT_FOUND, _("No document with the id %s"), id);
  if (doc_id <= 0)
    goto fail;
  leaves = load_leaves (self, doc_id, error);
  if (leaves == NULL)
    goto fail;

  new_rev = put_in_transaction (self, winner, NULL, error);
  if (new_rev == NULL)
    goto fail;

  /* Delete every other live leaf: deterministic ids (parent + tombstone)
   * make two stations' identical resolutions converge instead of
   * conflicting again. */
  for (guint i = 0; i < leaves->len; i++)
    {
      Leaf *leaf = &g_array_index (leaves, Leaf, i);
      g_autoptr(JsonObject) tomb = NULL;
      g_autofree char *r = NULL;

      if (leaf->deleted || g_strcmp0 (leaf->rev, base) == 0)
        continue;
      tomb = json_object_new ();
      json_object_set_string_member (tomb, "_id", id);
      json_object_set_string_member (tomb, "_rev", leaf->rev);
      json_object_set_boolean_member (tomb, "_deleted", TRUE);
      r = put_in_transaction (self, tomb, NULL, error);
      if (r == NULL)
        goto fail;
    }

  if (!tj_store_commit (self, error))
    return NULL;
  return g_steal_pointer (&new_rev);

fail:
  tj_store_rollback (self);
  return NULL;
}

/* ------------------------------------------------------------------ */
/* Replication helpers                                                  */

gint
tj_store_revs_missing (TjStore             *self,
                       const char          *id,
                       const char * const  *revs,
                       guint                n_revs,
                       gboolean            *missing,
                       GPtrArray           *ancestors,
                       GError             **error)
{
  gint64 doc_id;
  int max_missing_gen = 0;
  gint n_missing = 0;

  g_return_val_if_fail (TJ_IS_STORE (self), -1);

  doc_id = lookup_doc (self, id, error);
  if (doc_id < 0)
    return -1;
  for (guint i = 0; i < n_revs; i++)
    {
      RevInfo info = { 0 };
      int gen;

      missing[i] = FALSE;
      if (revs[i] == NULL || !parse_rev (revs[i], &gen, NULL))
        continue;
      if (doc_id > 0 && !lookup_rev (self, doc_id, revs[i], &info, error))
        return -1;
      if (!info.exists)
        {
          missing[i] = TRUE;
          n_missing++;
          max_missing_gen = MAX (max_missing_gen, gen);
        }
      rev_info_clear (&info);
    }

  if (n_missing > 0 && ancestors && doc_id > 0)
    {
      g_autoptr(GArray) leaves = load_leaves (self, doc_id, NULL);

      for (guint i = 0; leaves && i < leaves->len; i++)
        {
          Leaf *leaf = &g_array_index (leaves, Leaf, i);
          if (leaf->gen < max_missing_gen)
            g_ptr_array_add (ancestors, g_strdup (leaf->rev));
        }
    }
  return n_missing;
}

JsonObject *
tj_store_revs_diff (TjStore     *self,
                    JsonObject  *request,
                    GError     **error)
{
  g_autoptr(JsonObject) out = json_object_new ();
  g_autoptr(GList) ids = NULL;

  g_return_val_if_fail (TJ_IS_STORE (self), NULL);

  ids = json_object_get_members (request);
  for (GList *l = ids; l; l = l->next)
    {
      const char *id = l->data;
      JsonArray *revs = tj_json_get_array (request, id);
      g_autoptr(GPtrArray) asked = NULL;
      g_autoptr(GPtrArray) ancestors = NULL;
      g_autofree gboolean *missing = NULL;
      JsonArray *missing_list;
      JsonObject *entry;
      gint n_missing;

      if (revs == NULL)
        {
          tj_set_invalid (error, "revs_diff",
                       _("revs_diff: the revisions of %s must be an array"), id);
          return NULL;
        }
      asked = g_ptr_array_new ();
      for (guint i = 0; i < json_array_get_length (revs); i++)
        {
          JsonNode *node = json_array_get_element (revs, i);
          if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
            g_ptr_array_add (asked, (gpointer) json_node_get_string (node));
        }
      missing = g_new0 (gboolean, MAX (asked->len, 1));
      ancestors = g_ptr_array_new_with_free_func (g_free);
      n_missing = tj_store_revs_missing (self, id, (const char * const *) asked->pdata, asked->len, missing,
                                         ancestors, error);
      if (n_missing < 0)
        return NULL;
      if (n_missing == 0)
        continue;

      entry = json_object_new ();
      missing_list = json_array_new ();
      for (guint i = 0; i < asked->len; i++)
        if (missing[i])
          json_array_add_string_element (missing_list, g_ptr_array_index (asked, i));
      json_object_set_array_member (entry, "missing", missing_list);
      if (ancestors->len > 0)
        {
          JsonArray *anc = json_array_new ();
          for (guint i = 0; i < ancestors->len; i++)
            json_array_add_string_element (anc, g_ptr_array_index (ancestors, i));
          json_object_set_array_member (entry, "possible_ancestors", anc);
        }
      json_object_set_object_member (out, id, entry);
    }
  return g_steal_pointer (&out);
}

JsonObject *
tj_store_changes (TjStore     *self,
                  gint64       since,
                  guint        limit,
                  GError     **error)
{
  sqlite3_stmt *st;
  g_autoptr(JsonObject) out = json_object_new ();
  JsonArray *results = json_array_new ();
  gint64 last = since;
  int rc;

  g_return_val_if_fail (TJ_IS_STORE (self), NULL);

  json_object_set_array_member (out, "results", results);

  st = stmt (self, "SELECT doc_id, id, seq, deleted FROM docs WHERE seq > ? ORDER BY seq LIMIT ?",
             error);
  if (st == NULL)
    return NULL;
  sqlite3_bind_int64 (st, 1, since);
  sqlite3_bind_int64 (st, 2, limit ? (gint64) limit : -1);

  /* Collect rows first: load_leaves() reuses the statement cache. */
  {
    g_autoptr(GArray) rows = g_array_new (FALSE, FALSE, sizeof (gint64));
    g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
    g_autoptr(GArray) seqs = g_array_new (FALSE, FALSE, sizeof (gint64));
    g_autoptr(GArray) dels = g_array_new (FALSE, FALSE, sizeof (gboolean));

    while ((rc = sqlite3_step (st)) == SQLITE_ROW)
      {
        gint64 doc_id = sqlite3_column_int64 (st, 0);
        gint64 seq = sqlite3_column_int64 (st, 2);
        gboolean del = sqlite3_column_int (st, 3) != 0;
        g_array_append_val (rows, doc_id);
        g_ptr_array_add (ids, g_strdup ((const char *) sqlite3_column_text (st, 1)));
        g_array_append_val (seqs, seq);
        g_array_append_val (dels, del);
      }
    sqlite3_reset (st);
    if (rc != SQLITE_DONE)
      {
        set_sqlite_error (self, rc, error);
        return NULL;
      }

    for (guint i = 0; i < rows->len; i++)
      {
        g_autoptr(GArray) leaves = load_leaves (self, g_array_index (rows, gint64, i), error);
        JsonObject *row;
        JsonArray *changes;

        if (leaves == NULL)
          return NULL;
        row = json_object_new ();
        changes = json_array_new ();
        json_object_set_int_member (row, "seq", g_array_index (seqs, gint64, i));
        json_object_set_string_member (row, "id", g_ptr_array_index (ids, i));
        for (guint j = 0; j < leaves->len; j++)
          {
            JsonObject *c = json_object_new ();
            json_object_set_string_member (c, "rev", g_array_index (leaves, Leaf, j).rev);
            json_array_add_object_element (changes, c);
          }
        json_object_set_array_member (row, "changes", changes);
        if (g_array_index (dels, gboolean, i))
          json_object_set_boolean_member (row, "deleted", TRUE);
        json_array_add_object_element (results, row);
        last = g_array_index (seqs, gint64, i);
      }
    if (rows->len == 0)
      last = MAX (since, tj_store_get_update_seq (self));
  }

  json_object_set_int_member (out, "last_seq", last);
  return g_steal_pointer (&out);
}

JsonArray *
tj_store_list_conflicts (TjStore  *self,
                         GError  **error)
{
  sqlite3_stmt *st;
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GArray) doc_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  JsonArray *out;
  int rc;

  g_return_val_if_fail (TJ_IS_STORE (self), NULL);

  st = stmt (self, "SELECT doc_id, id FROM docs WHERE conflicted = 1 ORDER BY id", error);
  if (st == NULL)
    return NULL;
  while ((rc = sqlite3_step (st)) == SQLITE_ROW)
    {
      gint64 doc_id = sqlite3_column_int64 (st, 0);
      g_array_append_val (doc_ids, doc_id);
      g_ptr_array_add (ids, g_strdup ((const char *) sqlite3_column_text (st, 1)));
    }
  sqlite3_reset (st);
  if (rc != SQLITE_DONE)
    {
      set_sqlite_error (self, rc, error);
      return NULL;
    }

  out = json_array_new ();
  for (guint i = 0; i < ids->len; i++)
    {
      g_autoptr(GArray) leaves = load_leaves (self, g_array_index (doc_ids, gint64, i), NULL);
      JsonObject *o = json_object_new ();
      JsonArray *conflicts = json_array_new ();

      json_object_set_string_member (o, "id", g_ptr_array_index (ids, i));
      for (guint j = 0; leaves && j < leaves->len; j++)
        {
          Leaf *leaf = &g_array_index (leaves, Leaf, j);
          if (j == 0)
            json_object_set_string_member (o, "winner", leaf->rev);
          else if (!leaf->deleted)
            json_array_add_string_element (conflicts, leaf->rev);
        }
      json_object_set_array_member (o, "conflicts", conflicts);
      json_array_add_object_element (out, o);
    }
  return out;
}

/* ------------------------------------------------------------------ */
/* _local documents                                                     */

JsonObject *
tj_store_get_local (TjStore     *self,
                    const char  *id,
                    GError     **error)
{
  sqlite3_stmt *st;
  JsonObject *doc = NULL;
  int rc;

  g_return_val_if_fail (TJ_IS_STORE (self), NULL);

  st = stmt (self, "SELECT rev, body FROM local_docs WHERE id = ?", error);
  if (st == NULL)
    return NULL;
  sqlite3_bind_text (st, 1, id, -1, SQLITE_STATIC);
  rc = sqlite3_step (st);
  if (rc == SQLITE_ROW)
    {
      g_autoptr(JsonObject) body = tj_json_parse_object ((const char *) sqlite3_column_text (st, 1), -1, NULL);
      doc = json_object_new ();
      json_object_set_string_member (doc, "_id", id);
      json_object_set_string_member (doc, "_rev", (const char *) sqlite3_column_text (st, 0));
      if (body)
        {
          g_autoptr(GList) members = json_object_get_members (body);
          for (GList *l = members; l; l = l->next)
            json_object_set_member (doc, l->data, json_node_copy (json_object_get_member (body, l->data)));
        }
    }
  sqlite3_reset (st);
  if (rc == SQLITE_DONE)
    g_set_error (error, TJ_ERROR, TJ_ERROR_NOT_FOUND, _("No document with the id %s"), id);
  else if (rc != SQLITE_ROW)
    set_sqlite_error (self, rc, error);
  return doc;
}

gboolean
tj_store_put_local (TjStore     *self,
                    const char  *id,
                    JsonObject  *doc,
                    GError     **error)
{
  g_autoptr(JsonObject) body = NULL;
  g_autofree char *text = NULL;
  g_autofree char *rev = NULL;
  sqlite3_stmt *st;
  gint64 n = 0;

  g_return_val_if_fail (TJ_IS_STORE (self), FALSE);

  if (!g_str_has_prefix (id, "_local/") || id[strlen ("_local/")] == '\0')
    {
      g_set_error (error, TJ_ERROR, TJ_ERROR_INVALID, _("A local document id must start with _local/"));
      return FALSE;
    }
  if (!g_utf8_validate (id, -1, NULL))
    {
      g_set_error (error, TJ_ERROR, TJ_ERROR_INVALID, _("_id is not valid UTF-8"));
      return FALSE;
    }
  if (!tj_json_check_document (doc, id, error))
    return FALSE;
  if (!tj_store_begin (self, error))
    return FALSE;

  st = stmt (self, "SELECT rev FROM local_docs WHERE id = ?", error);
  if (st == NULL)
    goto fail;
  sqlite3_bind_text (st, 1, id, -1, SQLITE_STATIC);
  if (sqlite3_step (st) == SQLITE_ROW)
    {
      const char *old = (const char *) sqlite3_column_text (st, 0);
      const char *dash = strchr (old, '-');
      n = dash ? g_ascii_strtoll (dash + 1, NULL, 10) : 0;
    }
  sqlite3_reset (st);

  /* CouchDB's local revisions are "0-N". */
  rev = g_strdup_printf ("0-%" G_GINT64_FORMAT, n + 1);
  body = body_of (doc);
  text = tj_json_canonical_object (body);
  st = stmt (self, "INSERT OR REPLACE INTO local_docs (id, rev, body) VALUES (?, ?, ?)", error);
  if (st == NULL)
    goto fail;
  sqlite3_bind_text (st, 1, id, -1, SQLITE_STATIC);
  sqlite3_bind_text (st, 2, rev, -1, SQLITE_STATIC);
  sqlite3_bind_text (st, 3, text, -1, SQLITE_STATIC);
  if (!step_done (self, st, error))
    goto fail;
  return tj_store_commit (self, error);

fail:
  tj_store_rollback (self);
  return FALSE;
}

/* ------------------------------------------------------------------ */
/* Iteration and indexers                                               */

gboolean
tj_store_foreach (TjStore             *self,
                  const char          *type,
                  TjStoreForeachFunc   func,
                  gpointer             user_data,
                  GError             **error)
{
  sqlite3_stmt *st;
  int rc;

  g_return_val_if_fail (TJ_IS_STORE (self), FALSE);

  /* A dedicated statement: the callback may use the cached ones. */
  rc = sqlite3_prepare_v2 (self->db,
                           type
                             ? "SELECT d.id, d.winner, r.body FROM docs d JOIN revs r "
                               "ON r.doc_id = d.doc_id AND r.rev = d.winner "
                               "WHERE d.deleted = 0 AND d.type = ?1 ORDER BY d.id"
                             : "SELECT d.id, d.winner, r.body FROM docs d JOIN revs r "
                               "ON r.doc_id = d.doc_id AND r.rev = d.winner "
                               "WHERE d.deleted = 0 ORDER BY d.id",
                           -1, &st, NULL);
  if (rc != SQLITE_OK)
    return set_sqlite_error (self, rc, error);
  if (type)
    sqlite3_bind_text (st, 1, type, -1, SQLITE_STATIC);

  while ((rc = sqlite3_step (st)) == SQLITE_ROW)
    {
      g_autoptr(JsonObject) body = tj_json_parse_object ((const char *) sqlite3_column_text (st, 2), -1, NULL);
      g_autoptr(JsonObject) doc = json_object_new ();
      gboolean go_on;

      json_object_set_string_member (doc, "_id", (const char *) sqlite3_column_text (st, 0));
      json_object_set_string_member (doc, "_rev", (const char *) sqlite3_column_text (st, 1));
      if (body)
        {
          g_autoptr(GList) members = json_object_get_members (body);
          for (GList *l = members; l; l = l->next)
            json_object_set_member (doc, l->data, json_node_copy (json_object_get_member (body, l->data)));
        }
      go_on = func (doc, user_data);
      if (!go_on)
        break;
    }
  sqlite3_finalize (st);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return set_sqlite_error (self, rc, error);
  return TRUE;
}

static char *
indexer_seq_key (const char *name)
{
  return g_strconcat ("indexer-seq:", name, NULL);
}

/* Before the outermost commit: let indexers finish their batched work and
 * record how far each has seen the documents, so that one attached later
 * (or in another process) knows what it missed. */
static gboolean
flush_indexers (TjStore  *self,
                GError  **error)
{
  g_autofree char *seq = NULL;

  if (self->indexers->len == 0)
    return TRUE;
  seq = g_strdup_printf ("%" G_GINT64_FORMAT, tj_store_get_update_seq (self));
  for (guint i = 0; i < self->indexers->len; i++)
    {
      Indexer *ix = &g_array_index (self->indexers, Indexer, i);
      g_autofree char *key = indexer_seq_key (ix->name);
      if (ix->flush && !ix->flush (self, ix->user_data, error))
        return FALSE;
      if (!meta_set (self, key, seq, error))
        return FALSE;
    }
  return TRUE;
}

typedef struct {
  TjStore        *store;
  TjStoreIndexer  indexer;
  gpointer        user_data;
  GError        **error;
  gboolean        ok;
} ReindexData;

static gboolean
reindex_one (JsonObject *doc,
             gpointer    user_data)
{
  ReindexData *data = user_data;
  data->ok = data->indexer (data->store, tj_json_get_string (doc, "_id", ""), doc,
                            data->user_data, data->error);
  return data->ok;
}

/* Feed the indexer every document changed after @since. */
static gboolean
catch_up (TjStore  *self,
          Indexer  *ix,
          gint64    since,
          GError  **error)
{
  for (;;)
    {
      g_autoptr(JsonObject) changes = tj_store_changes (self, since, 500, error);
      JsonArray *results;
      guint n;

      if (changes == NULL)
        return FALSE;
      results = tj_json_get_array (changes, "results");
      n = json_array_get_length (results);
      if (n == 0)
        return TRUE;
      for (guint i = 0; i < n; i++)
        {
          JsonObject *row = json_array_get_object_element (results, i);
          const char *id = tj_json_get_string (row, "id", "");
          g_autoptr(JsonObject) doc = NULL;

          if (!tj_json_get_bool (row, "deleted", FALSE))
            {
              doc = tj_store_get (self, id, NULL, TJ_GET_NONE, error);
              if (doc == NULL)
                return FALSE;
            }
          if (!ix->indexer (self, id, doc, ix->user_data, error))
            return FALSE;
        }
      since = tj_json_get_int (changes, "last_seq", since);
    }
}

gboolean
tj_store_add_indexer_full (TjStore            *self,
                           const char         *name,
                           int                 version,
                           TjStoreIndexReset   reset,
                           TjStoreIndexer      indexer,
                           TjStoreIndexReset   flush,
                           GCallback           discard,
                           gpointer            user_data,
                           GError            **error)
{
  sqlite3_stmt *st;
  int stored = -1;
  gint64 seen = 0;
  g_autofree char *key = NULL;
  g_autofree char *seen_text = NULL;
  Indexer ix = { NULL, indexer, flush, discard, user_data };

  g_return_val_if_fail (TJ_IS_STORE (self), FALSE);
  g_return_val_if_fail (indexer != NULL, FALSE);

  for (guint i = 0; i < self->indexers->len; i++)
    if (g_strcmp0 (g_array_index (self->indexers, Indexer, i).name, name) == 0)
      return TRUE;

  st = stmt (self, "SELECT version FROM indexers WHERE name = ?", error);
  if (st == NULL)
    return FALSE;
  sqlite3_bind_text (st, 1, name, -1, SQLITE_STATIC);
  if (sqlite3_step (st) == SQLITE_ROW)
    stored = sqlite3_column_int (st, 0);
  sqlite3_reset (st);
  key = indexer_seq_key (name);
  seen_text = meta_get (self, key);
  if (seen_text)
    seen = g_ascii_strtoll (seen_text, NULL, 10);

  ix.name = g_strdup (name);
  if (stored != version || seen < tj_store_get_update_seq (self))
    {
      /* Attach first so the commit below flushes and records it. */
      g_array_append_val (self->indexers, ix);
      if (!tj_store_begin (self, error))
        goto fail_detach;
      if (stored != version)
        {
          ReindexData data = { self, indexer, user_data, error, TRUE };

          if ((reset && !reset (self, user_data, error)) ||
              !tj_store_foreach (self, NULL, reindex_one, &data, error) || !data.ok)
            goto fail;
          st = stmt (self, "INSERT OR REPLACE INTO indexers (name, version) VALUES (?, ?)", error);
          if (st == NULL)
            goto fail;
          sqlite3_bind_text (st, 1, name, -1, SQLITE_STATIC);
          sqlite3_bind_int (st, 2, version);
          if (!step_done (self, st, error))
            goto fail;
        }
      else if (!catch_up (self, &g_array_index (self->indexers, Indexer, self->indexers->len - 1),
                          seen, error))
        goto fail;
      self->dirty = TRUE;
      if (!tj_store_commit (self, error))
        goto fail_detach; /* tj_store_commit() rolled back already */
      return TRUE;
    }

  g_array_append_val (self->indexers, ix);
  return TRUE;

fail:
  tj_store_rollback (self);
fail_detach:
  g_array_remove_index (self->indexers, self->indexers->len - 1);
  return FALSE;
}

gboolean
tj_store_add_indexer (TjStore            *self,
                      const char         *name,
                      int                 version,
                      TjStoreIndexReset   reset,
                      TjStoreIndexer      indexer,
                      gpointer            user_data,
                      GError            **error)
{
  return tj_store_add_indexer_full (self, name, version, reset, indexer, NULL, NULL,
                                    user_data, error);
}
