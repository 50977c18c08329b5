/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Tiaojie-Store"

/* The store itself: opening the file, its schema and migrations, the
 * statement cache and SQLite errors, metadata, sequences and transactions.
 * Documents are read and written in tj-store-revisions.c, attachments in
 * tj-store-attachments.c, what replication needs in tj-store-replication.c
 * and derived tables in tj-store-indexes.c, all behind tj-store-private.h. */

#include "tj-store-private.h"
#include "tj-json.h"
#include "tj-i18n.h"

#include <errno.h>
#include <fcntl.h>
#include <unistd.h>

#include <glib/gstdio.h>
#include <string.h>

#define SCHEMA_VERSION 2
#define DEFAULT_REVS_LIMIT 1000

G_DEFINE_FINAL_TYPE (TjStore, tj_store, G_TYPE_OBJECT)

gboolean
_tj_store_set_sqlite_error (TjStore  *self,
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

gboolean
_tj_store_exec_sql (TjStore     *self,
                    const char  *sql,
                    GError     **error)
{
  int rc = sqlite3_exec (self->db, sql, NULL, NULL, NULL);
  if (rc != SQLITE_OK)
    return _tj_store_set_sqlite_error (self, rc, error);
  return TRUE;
}

/* A cached prepared statement, reset and unbound, ready to use. */
sqlite3_stmt *
_tj_store_stmt (TjStore     *self,
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
          _tj_store_set_sqlite_error (self, rc, error);
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

gboolean
_tj_store_step_done (TjStore       *self,
                     sqlite3_stmt  *st,
                     GError       **error)
{
  int rc = sqlite3_step (st);
  sqlite3_reset (st);
  if (rc != SQLITE_DONE && rc != SQLITE_ROW)
    return _tj_store_set_sqlite_error (self, rc, error);
  return TRUE;
}

static void
finalize_stmt (gpointer data)
{
  sqlite3_finalize (data);
}

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

char *
_tj_store_meta_get (TjStore    *self,
                    const char *key)
{
  sqlite3_stmt *st = _tj_store_stmt (self, "SELECT value FROM meta WHERE key = ?", NULL);
  char *value = NULL;

  if (st == NULL)
    return NULL;
  sqlite3_bind_text (st, 1, key, -1, SQLITE_STATIC);
  if (sqlite3_step (st) == SQLITE_ROW)
    value = g_strdup ((const char *) sqlite3_column_text (st, 0));
  sqlite3_reset (st);
  return value;
}

gboolean
_tj_store_meta_set (TjStore     *self,
                    const char  *key,
                    const char  *value,
                    GError     **error)
{
  sqlite3_stmt *st = _tj_store_stmt (self, "INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", error);
  if (st == NULL)
    return FALSE;
  sqlite3_bind_text (st, 1, key, -1, SQLITE_STATIC);
  sqlite3_bind_text (st, 2, value, -1, SQLITE_STATIC);
  return _tj_store_step_done (self, st, error);
}

char *
tj_store_get_meta (TjStore    *self,
                   const char *key)
{
  g_return_val_if_fail (TJ_IS_STORE (self), NULL);
  g_return_val_if_fail (key != NULL && strchr (key, ':') != NULL, NULL);
  return _tj_store_meta_get (self, key);
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
  return _tj_store_meta_set (self, key, value, error);
}

/* Refuses, before anything is written, an SQLite file of another
 * program: tables but no schema version of ours. Changing its journal
 * to WAL and adding our tables would alter a file that is not ours. */
static gboolean
check_ours (TjStore  *self,
            GError  **error)
{
  sqlite3_stmt *st = NULL;
  int version = -1, tables = -1;
  int rc;

  rc = sqlite3_prepare_v2 (self->db, "SELECT (SELECT user_version FROM pragma_user_version),"
                           " (SELECT count(*) FROM sqlite_master)", -1, &st, NULL);
  if (rc == SQLITE_OK)
    rc = sqlite3_step (st);
  if (rc == SQLITE_ROW)
    {
      version = sqlite3_column_int (st, 0);
      tables = sqlite3_column_int (st, 1);
    }
  sqlite3_finalize (st);
  if (rc != SQLITE_ROW)
    return _tj_store_set_sqlite_error (self, rc, error);
  if (version == 0 && tables > 0)
    {
      g_set_error (error, TJ_ERROR, TJ_ERROR_CORRUPT,
                   _("The database %s belongs to another program: it is SQLite, but not a Tiaojie database. "
                     "It was left unchanged."), self->path);
      return FALSE;
    }
  return TRUE;
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
    return _tj_store_set_sqlite_error (self, rc, error);

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
      if (!_tj_store_exec_sql (self, schema_v1, error) ||
          !_tj_store_meta_set (self, "uuid", uuid, error) ||
          !_tj_store_meta_set (self, "revs_limit", G_STRINGIFY (DEFAULT_REVS_LIMIT), error))
        goto fail;
    }
  /* 2: docs_by_type held every document's 32-character id next to its
   * type (about 290 bytes a case) only so that tj_store_foreach() of one
   * type needs no sort; its types are the few (stations, sessions), and
   * sorting those by id costs next to nothing. */
  if (version < 2 &&
      !_tj_store_exec_sql (self,
                           "DROP INDEX docs_by_type;"
                           "CREATE INDEX docs_by_type ON docs (type) WHERE deleted = 0;",
                           error))
    goto fail;

  {
    g_autofree char *sql = g_strdup_printf ("PRAGMA user_version = %d", SCHEMA_VERSION);
    if (!_tj_store_exec_sql (self, sql, error))
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
      _tj_store_set_sqlite_error (self, rc, error);
      return NULL;
    }
  sqlite3_extended_result_codes (self->db, 1);
  sqlite3_busy_timeout (self->db, 5000);

  /* WAL lets the GUI read while a sync or import writes; synchronous=FULL
   * because a mediator's typing must survive a power cut, not just a crash. */
  /* Savepoints (every nested write) keep their statement journals in
   * memory, and a bulk import fits in the page cache: both used to turn
   * into hundreds of small writes per case. */
  if (!check_ours (self, error) ||
      !_tj_store_exec_sql (self, "PRAGMA journal_mode = WAL", error) ||
      !_tj_store_exec_sql (self, "PRAGMA synchronous = FULL", error) ||
      !_tj_store_exec_sql (self, "PRAGMA temp_store = MEMORY", error) ||
      !_tj_store_exec_sql (self, "PRAGMA cache_size = -16000", error) ||
      !_tj_store_exec_sql (self, "PRAGMA foreign_keys = ON", error) ||
      !migrate (self, error))
    return NULL;

  self->uuid = _tj_store_meta_get (self, "uuid");
  limit = _tj_store_meta_get (self, "revs_limit");
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
  return _tj_store_stmt (self, sql, error);
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
      _tj_store_set_sqlite_error (self, rc, error);
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
  return _tj_store_exec_sql (self, sql, error);
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

  st = _tj_store_stmt (self, sql, error);
  if (st == NULL)
    return FALSE;
  sqlite3_bind_text (st, 1, id, -1, SQLITE_TRANSIENT);
  return _tj_store_step_done (self, st, error);
}

gboolean
tj_store_step_done (TjStore       *self,
                    sqlite3_stmt  *st,
                    GError       **error)
{
  g_return_val_if_fail (TJ_IS_STORE (self), FALSE);
  g_return_val_if_fail (st != NULL, FALSE);
  return _tj_store_step_done (self, st, error);
}

gboolean
tj_store_set_error (TjStore  *self,
                    int       rc,
                    GError  **error)
{
  g_return_val_if_fail (TJ_IS_STORE (self), FALSE);
  return _tj_store_set_sqlite_error (self, rc, error);
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
  st = _tj_store_stmt (self, "SELECT MAX(seq) FROM docs", NULL);
  if (st && sqlite3_step (st) == SQLITE_ROW)
    seq = sqlite3_column_int64 (st, 0); /* NULL reads as 0 */
  if (st)
    sqlite3_reset (st);
  /* A purge (tj_store_purge()) may have taken the documents with the
   * highest sequences: a sequence is never given twice, or a write would
   * hide behind a push checkpoint. */
  st = _tj_store_stmt (self, "SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'purged_seq'", NULL);
  if (st && sqlite3_step (st) == SQLITE_ROW)
    seq = MAX (seq, sqlite3_column_int64 (st, 0));
  if (st)
    sqlite3_reset (st);
  return MAX (seq, 0);
}

/* The sequence for the next write of a document. Known once per
 * transaction (MAX(seq) is a lookup in an index, but once per document
 * of a pull it added up): every write in it goes through here. */
gint64
_tj_store_take_seq (TjStore *self)
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
  if (!_tj_store_meta_set (self, "revs_limit", value, error))
    return FALSE;
  self->revs_limit = limit;
  return TRUE;
}

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
        st = _tj_store_stmt (self, savepoints[v][n], error);
        return st != NULL && _tj_store_step_done (self, st, error);
      }
  text = g_strdup_printf ("%s tj%u", verb, n);
  st = _tj_store_stmt (self, g_intern_string (text), error);
  return st != NULL && _tj_store_step_done (self, st, error);
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
      if (!_tj_store_exec_sql (self, sql, error))
        return FALSE;
      /* Another connection may have written since. */
      self->next_seq = 0;
    }
  else if (self->whole_depth == 0 && !savepoint (self, "SAVEPOINT", self->depth, error))
    return FALSE;
  self->depth++;
  return TRUE;
}

gboolean
tj_store_begin_whole (TjStore  *self,
                      GError  **error)
{
  g_return_val_if_fail (TJ_IS_STORE (self), FALSE);

  if (self->depth > 0)
    return tj_store_begin (self, error);
  if (!tj_store_begin (self, error))
    return FALSE;
  self->whole_depth = self->depth;
  self->doomed = FALSE;
  return TRUE;
}

/* The end of the outermost transaction: its all-or-nothing state goes. */
static void
end_transaction (TjStore *self)
{
  if (self->depth == 0)
    {
      self->dirty = FALSE;
      self->whole_depth = 0;
      self->doomed = FALSE;
    }
}

gboolean
tj_store_commit (TjStore  *self,
                 GError  **error)
{
  g_autofree char *sql = NULL;

  g_return_val_if_fail (TJ_IS_STORE (self), FALSE);
  g_return_val_if_fail (self->depth > 0, FALSE);

  if (self->depth == 1 && self->doomed)
    {
      g_set_error_literal (error, TJ_ERROR, TJ_ERROR_INVALID,
                           _("A write in this transaction failed, so none of it was saved"));
      tj_store_rollback (self);
      return FALSE;
    }
  if (self->depth == 1 && self->dirty && !_tj_store_flush_indexers (self, error))
    {
      tj_store_rollback (self);
      return FALSE;
    }

  if (self->depth == 1)
    {
      sql = g_strdup ("COMMIT");
      if (!_tj_store_exec_sql (self, sql, error))
        {
          tj_store_rollback (self);
          return FALSE;
        }
    }
  else if (self->whole_depth == 0 && !savepoint (self, "RELEASE", self->depth - 1, error))
    {
      tj_store_rollback (self);
      return FALSE;
    }
  self->depth--;
  end_transaction (self);
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
  else if (self->whole_depth > 0)
    /* Without a savepoint, what the nested write did stays: nothing of
     * the transaction may be committed now. */
    self->doomed = TRUE;
  else
    {
      savepoint (self, "ROLLBACK TO", self->depth - 1, NULL);
      savepoint (self, "RELEASE", self->depth - 1, NULL);
    }
  self->depth--;
  end_transaction (self);
}

/* ------------------------------------------------------------------ */
/* Purge                                                                */

gboolean
tj_store_purge (TjStore     *self,
                const char  *id,
                GError     **error)
{
  g_autoptr(GPtrArray) digests = g_ptr_array_new_with_free_func (g_free);
  sqlite3_stmt *st;
  gint64 doc_id;
  gboolean deleted;
  int rc;

  g_return_val_if_fail (TJ_IS_STORE (self), FALSE);
  g_return_val_if_fail (id != NULL, FALSE);

  st = _tj_store_stmt (self, "SELECT doc_id, deleted FROM docs WHERE id = ?", error);
  if (st == NULL)
    return FALSE;
  sqlite3_bind_text (st, 1, id, -1, SQLITE_STATIC);
  rc = sqlite3_step (st);
  if (rc != SQLITE_ROW)
    {
      sqlite3_reset (st);
      if (rc != SQLITE_DONE)
        return _tj_store_set_sqlite_error (self, rc, error);
      g_set_error (error, TJ_ERROR, TJ_ERROR_NOT_FOUND, _("No document with the id %s"), id);
      return FALSE;
    }
  doc_id = sqlite3_column_int64 (st, 0);
  deleted = sqlite3_column_int (st, 1) != 0;
  sqlite3_reset (st);

  if (!tj_store_begin (self, error))
    return FALSE;
  /* The high-water mark stays (see tj_store_get_update_seq()). */
  {
    g_autofree char *mark = g_strdup_printf ("%" G_GINT64_FORMAT, tj_store_get_update_seq (self));
    if (!_tj_store_meta_set (self, "purged_seq", mark, error))
      goto fail;
  }
  /* The indexers forget a live document as they forget a deleted one; a
   * deleted one they have forgotten already. No sequence is taken: the
   * changes feed never shows the document again, so nothing replicates. */
  if (!deleted && !_tj_store_tell_indexers (self, id, NULL, error))
    goto fail;
  st = _tj_store_stmt (self, "SELECT DISTINCT digest FROM rev_atts WHERE doc_id = ?", error);
  if (st == NULL)
    goto fail;
  sqlite3_bind_int64 (st, 1, doc_id);
  while ((rc = sqlite3_step (st)) == SQLITE_ROW)
    g_ptr_array_add (digests, g_strdup ((const char *) sqlite3_column_text (st, 0)));
  sqlite3_reset (st);
  if (rc != SQLITE_DONE)
    {
      _tj_store_set_sqlite_error (self, rc, error);
      goto fail;
    }
  for (guint i = 0; i < 3; i++)
    {
      static const char * const deletes[] = {
        "DELETE FROM rev_atts WHERE doc_id = ?",
        "DELETE FROM revs WHERE doc_id = ?",
        "DELETE FROM docs WHERE doc_id = ?",
      };
      if ((st = _tj_store_stmt (self, deletes[i], error)) == NULL)
        goto fail;
      sqlite3_bind_int64 (st, 1, doc_id);
      rc = sqlite3_step (st);
      sqlite3_reset (st);
      if (rc != SQLITE_DONE)
        {
          _tj_store_set_sqlite_error (self, rc, error);
          goto fail;
        }
    }
  /* A blob is kept once per digest: only the ones no other revision names. */
  for (guint i = 0; i < digests->len; i++)
    {
      if ((st = _tj_store_stmt (self, "DELETE FROM blobs WHERE digest = ?1 AND "
                            "NOT EXISTS (SELECT 1 FROM rev_atts WHERE digest = ?1)", error)) == NULL)
        goto fail;
      sqlite3_bind_text (st, 1, digests->pdata[i], -1, SQLITE_STATIC);
      rc = sqlite3_step (st);
      sqlite3_reset (st);
      if (rc != SQLITE_DONE)
        {
          _tj_store_set_sqlite_error (self, rc, error);
          goto fail;
        }
    }
  self->dirty = TRUE;
  return tj_store_commit (self, error);

fail:
  tj_store_rollback (self);
  return FALSE;
}
