/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tiaojie-cli: every core capability, scriptable, JSON in and out. */

#include <errno.h>
#include <locale.h>
#include <sqlite3.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "tj-cli-private.h"
#include "tj-calendar.h"
#include "tj-clock.h"
#include "tj-i18n.h"
#include "tj-json.h"
#include "tj-repository.h"

static const TjCliGroup * const groups[] = {
  &tj_cli_case_group,
  &tj_cli_consultation_group,
  &tj_cli_doc_group,
  &tj_cli_calc_group,
  &tj_cli_sync_group,
  &tj_cli_papers_group,
  &tj_cli_conflicts_group,
  &tj_cli_server_group,
  &tj_cli_roster_group,
  &tj_cli_settlement_group,
  &tj_cli_payment_group,
  &tj_cli_arrears_group,
  &tj_cli_agenda_group,
  &tj_cli_session_group,
  &tj_cli_report_group,
  &tj_cli_centre_group,
  &tj_cli_audit_group,
  &tj_cli_archive_group,
};

/* What the store would adopt without a word: a file that is not SQLite
 * fails only on the first statement, and another program's SQLite
 * database (no user_version, tables of its own) would get Tiaojie's
 * tables written into it. Both are refused before the store opens. */
static gboolean
check_database_file (const char  *path,
                     GError     **error)
{
  static const char magic[16] = "SQLite format 3";
  GStatBuf st;
  char header[16];
  FILE *file;
  size_t n;
  g_autofree char *escaped = NULL;
  g_autofree char *uri = NULL;
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  int user_version = -1, tables = -1;

  if (g_stat (path, &st) != 0)
    return TRUE;   /* a new database, or the store says why not */
  if (S_ISDIR (st.st_mode))
    {
      g_set_error (error, TJ_ERROR, TJ_ERROR_INVALID,
                   _("The database %s is a folder, not a Tiaojie database."), path);
      return FALSE;
    }
  if (st.st_size == 0)
    return TRUE;   /* SQLite starts an empty file as a new database */

  file = g_fopen (path, "rb");
  if (file == NULL)
    return TRUE;
  n = fread (header, 1, sizeof header, file);
  fclose (file);
  if (n < sizeof header || memcmp (header, magic, sizeof magic) != 0)
    {
      g_set_error (error, TJ_ERROR, TJ_ERROR_INVALID,
                   _("The database %s is damaged or is not a Tiaojie database."), path);
      return FALSE;
    }

  /* immutable: read the file as it is, creating no -wal or -shm beside
   * it (a check must not write, even next to a damaged file). */
  escaped = g_uri_escape_string (path, "/", FALSE);
  uri = g_strconcat ("file:", escaped, "?immutable=1", NULL);
  if (sqlite3_open_v2 (uri, &db, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI, NULL) == SQLITE_OK)
    {
      if (sqlite3_prepare_v2 (db, "PRAGMA user_version", -1, &stmt, NULL) == SQLITE_OK &&
          sqlite3_step (stmt) == SQLITE_ROW)
        user_version = sqlite3_column_int (stmt, 0);
      sqlite3_finalize (stmt);
      stmt = NULL;
      if (sqlite3_prepare_v2 (db, "SELECT count(*) FROM sqlite_master", -1, &stmt, NULL) == SQLITE_OK &&
          sqlite3_step (stmt) == SQLITE_ROW)
        tables = sqlite3_column_int (stmt, 0);
      sqlite3_finalize (stmt);
    }
  sqlite3_close (db);
  if (user_version < 0 || tables < 0)
    {
      g_set_error (error, TJ_ERROR, TJ_ERROR_INVALID,
                   _("The database %s is damaged or is not a Tiaojie database."), path);
      return FALSE;
    }
  if (user_version == 0 && tables > 0)
    {
      g_set_error (error, TJ_ERROR, TJ_ERROR_INVALID,
                   _("The database %s belongs to another program: it is SQLite, but not a Tiaojie database. "
                     "It was left unchanged."), path);
      return FALSE;
    }
  return TRUE;
}

TjStore *
tj_cli_store (TjCli   *cli,
              GError **error)
{
  if (cli->store == NULL)
    {
      g_autofree char *path = cli->db_path ? g_strdup (cli->db_path) : tj_store_default_path ();
      g_autoptr(GError) local_error = NULL;
      g_autoptr(TjRepository) repository = NULL;

      if (!check_database_file (path, error))
        return NULL;
      /* Every index, as the app has them: one open for all (tj-repository.h). */
      repository = tj_repository_open (path, &local_error);
      if (repository == NULL)
        {
          /* A database another program holds is busy, not bad: trying
           * again later helps. Anything else is the file given. */
          if (g_error_matches (local_error, TJ_ERROR, TJ_ERROR_BUSY))
            g_propagate_error (error, g_steal_pointer (&local_error));
          else
            g_set_error_literal (error, TJ_ERROR, TJ_ERROR_INVALID, local_error->message);
          return NULL;
        }
      cli->store = g_object_ref (tj_repository_get_store (repository));
      tj_context_set_repository (cli->context, repository);
    }
  return cli->store;
}

TjStore *
tj_cli_case_store (TjCli   *cli,
                   GError **error)
{
  TjStore *store = tj_cli_store (cli, error);
  if (store && !tj_case_attach (store, error))
    return NULL;
  return store;
}

void
tj_cli_print_json (JsonNode *node)
{
  g_autofree char *text = tj_json_to_string (node, isatty (STDOUT_FILENO));
  fputs (text, stdout);
  fputc ('\n', stdout);
  fflush (stdout);
}

void
tj_cli_print_object (JsonObject *object)
{
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);
  json_node_set_object (node, object);
  tj_cli_print_json (node);
}

void
tj_cli_print_array (JsonArray *array)
{
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_ARRAY);
  json_node_set_array (node, array);
  tj_cli_print_json (node);
}

int
tj_cli_print_result (JsonObject   *result,
                     const GError *error)
{
  if (result == NULL)
    return tj_cli_fail (error);
  tj_cli_print_object (result);
  return TJ_EXIT_OK;
}

int
tj_cli_print_array_result (JsonArray    *result,
                           const GError *error)
{
  if (result == NULL)
    return tj_cli_fail (error);
  tj_cli_print_array (result);
  return TJ_EXIT_OK;
}

int
tj_cli_fail (const GError *error)
{
  g_autofree char *line = g_strdup (error->message);

  /* One line on stderr, whatever the message holds. */
  g_strdelimit (line, "\n\r", ' ');
  fprintf (stderr, "tiaojie-cli: %s\n", line);
  /* A file the user named (GLib's messages name it): missing is not
   * found, anything else is invalid input, never a network error. */
  if (error->domain == G_FILE_ERROR)
    return error->code == G_FILE_ERROR_NOENT ? TJ_EXIT_NOT_FOUND : TJ_EXIT_INVALID;
  return tj_error_exit_code (error);
}

char *
tj_cli_read_password (const char  *file,
                      GError     **error)
{
  gsize length = 0;
  char *text = tj_cli_read_file (file, &length, error);

  if (text == NULL)
    return NULL;
  /* The first line is the password; an editor's final newline is not. */
  text[strcspn (text, "\r\n")] = '\0';
  return text;
}

GTlsCertificate *
tj_cli_read_certificate (const char  *file,
                         GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  GTlsCertificate *certificate = g_tls_certificate_new_from_file (file, &local_error);

  if (certificate == NULL)
    g_set_error (error, TJ_ERROR, TJ_ERROR_INVALID, _("--certificate %s: %s"), file, local_error->message);
  return certificate;
}

char *
tj_cli_read_file (const char  *file,
                  gsize       *length,
                  GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  char *contents = NULL;

  if (g_strcmp0 (file, "-") == 0)
    {
      GString *buf = g_string_new (NULL);
      char chunk[65536];
      size_t n;
      while ((n = fread (chunk, 1, sizeof chunk, stdin)) > 0)
        g_string_append_len (buf, chunk, n);
      if (ferror (stdin))
        {
          int saved = errno;
          g_string_free (buf, TRUE);
          g_set_error (error, TJ_ERROR, TJ_ERROR_INVALID,
                       _("Cannot read standard input: %s"), g_strerror (saved));
          return NULL;
        }
      if (length)
        *length = buf->len;
      return g_string_free (buf, FALSE);
    }
  if (!g_file_get_contents (file, &contents, length, &local_error))
    {
      g_set_error (error, TJ_ERROR,
                   g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_NOENT)
                     ? TJ_ERROR_NOT_FOUND : TJ_ERROR_INVALID,
                   "%s", local_error->message);
      return NULL;
    }
  return contents;
}

JsonObject *
tj_cli_read_json (const char  *file,
                  GError     **error)
{
  gsize length = 0;
  g_autofree char *text = tj_cli_read_file (file, &length, error);
  JsonObject *object;

  if (text == NULL)
    return NULL;
  object = tj_json_parse_object (text, length, error);
  /* Which of the files given is not JSON. */
  if (object == NULL && g_strcmp0 (file, "-") != 0)
    g_prefix_error (error, "%s: ", file);
  return object;
}

static void
print_usage_line (FILE *out)
{
  fprintf (out, "%s\n", _("Usage: tiaojie-cli [--db PATH] GROUP COMMAND [ARGS…]"));
}

static void
print_help (FILE *out)
{
  print_usage_line (out);
  fprintf (out, "\n%s\n", _("Options (before the group):"));
  fprintf (out, "  %-16s %s\n", "--db PATH", _("The database (default: $TIAOJIE_DB, else the app’s)"));
  fprintf (out, "  %-16s %s\n", "--list-commands", _("Print every command with its arguments and options as JSON"));
  fprintf (out, "  %-16s %s\n", "--version", _("Print the version"));
  fprintf (out, "  %-16s %s\n", "-h, --help", _("Show this help"));
  fprintf (out, "\n%s\n", _("Groups:"));
  for (guint i = 0; i < G_N_ELEMENTS (groups); i++)
    fprintf (out, "  %-14s %s\n", groups[i]->name, _(groups[i]->summary));
  fprintf (out, "\n%s\n", _("Run “tiaojie-cli GROUP --help” for a group’s commands."));
  fprintf (out, "\n%s\n", _("Output is JSON on stdout; errors are one line on stderr.\n"
                            "Exit codes: 0 ok, 1 usage, 2 invalid input, 3 not found, "
                            "4 conflict, 5 network or server error."));
}

/* One day for the whole run, by the process's clock: every command's
 * context counts from it, and a run that crosses midnight does not
 * change its mind half-way. */
const char *
tj_cli_today (void)
{
  static char *today;

  if (g_once_init_enter (&today))
    g_once_init_leave (&today, tj_clock_dup_today_iso (tj_clock_get_default ()));
  return today;
}

int
main (int    argc,
      char **argv)
{
  TjCli cli = { 0 };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *db_path = NULL;
  gboolean help = FALSE, version = FALSE, list_commands = FALSE;
  const GOptionEntry entries[] = {
    { "db", 0, 0, G_OPTION_ARG_FILENAME, &db_path, NULL, "PATH" },
    { "list-commands", 0, 0, G_OPTION_ARG_NONE, &list_commands, NULL, NULL },
    { "version", 0, 0, G_OPTION_ARG_NONE, &version, NULL, NULL },
    { "help", 'h', 0, G_OPTION_ARG_NONE, &help, NULL, NULL },
    { NULL }
  };
  int status;

  /* stdout carries JSON only: log messages (G_MESSAGES_DEBUG) go to
   * stderr. */
  g_log_writer_default_set_use_stderr (TRUE);
  setlocale (LC_ALL, "");
  /* Like the app: a build tree points at its own translations. */
  {
    const char *localedir = g_getenv ("TIAOJIE_LOCALEDIR");
    bindtextdomain (GETTEXT_PACKAGE, (localedir && *localedir) ? localedir : LOCALEDIR);
  }
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  /* A script that pins the day must not run on the real one: a day the
   * environment gives wrongly (tj-clock.h) stops every command, before
   * anything is read or written. */
  if (!tj_clock_check_environment (&error))
    {
      fprintf (stderr, "tiaojie-cli: %s\n", error->message);
      return TJ_EXIT_USAGE;
    }

  /* Options before the group only: parsing stops at the group's name,
   * whose own options are the command's business. */
  context = g_option_context_new (NULL);
  g_option_context_set_help_enabled (context, FALSE);
  g_option_context_set_strict_posix (context, TRUE);
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_autofree char *line = g_strdup (error->message);
      g_strdelimit (line, "\n\r", ' ');
      fprintf (stderr, "tiaojie-cli: %s\n", line);
      print_usage_line (stderr);
      return TJ_EXIT_USAGE;
    }
  if (help)
    {
      print_help (stdout);
      return TJ_EXIT_OK;
    }
  if (version)
    {
      printf ("tiaojie-cli %s\n", PACKAGE_VERSION);
      return TJ_EXIT_OK;
    }
  if (list_commands)
    {
      g_autoptr(JsonArray) commands = tj_cli_describe_commands (groups, G_N_ELEMENTS (groups));
      tj_cli_print_array (commands);
      return TJ_EXIT_OK;
    }
  cli.db_path = db_path;
  {
    g_autoptr(TjClock) clock = NULL;
    GDate today;

    g_date_clear (&today, 1);
    tj_date_parse_iso (tj_cli_today (), &today);
    clock = tj_clock_new_pinned (&today);
    /* One day for the whole run (tj_cli_today()). */
    cli.context = tj_context_new_default (clock);
  }

  if (argc < 2)
    {
      print_help (stderr);
      return TJ_EXIT_USAGE;
    }

  for (guint g = 0; g < G_N_ELEMENTS (groups); g++)
    if (strcmp (argv[1], groups[g]->name) == 0)
      {
        status = tj_cli_run_group (&cli, groups[g], argc - 1, argv + 1);
        g_clear_object (&cli.store);
        g_clear_object (&cli.context);
        return status;
      }

  fprintf (stderr, "tiaojie-cli: ");
  fprintf (stderr, _("Unknown command group “%s”; see --help"), argv[1]);
  fputc ('\n', stderr);
  print_usage_line (stderr);
  return TJ_EXIT_USAGE;
}
