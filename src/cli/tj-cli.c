/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tiaojie-cli: every core capability, scriptable, JSON in and out. */

#include <locale.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "tj-cli-private.h"
#include "tj-i18n.h"
#include "tj-json.h"
#include "tj-repository.h"

static const struct {
  const char     *name;
  TjCliGroupFunc  func;
  const char     *summary;
} groups[] = {
  { "case", tj_cli_case, N_("Cases: add, list, show, status, import, timeline, related") },
  { "consultation", tj_cli_consultation, N_("Evening-clinic consultations: add, list, convert") },
  { "doc", tj_cli_doc, N_("Documents of the store: put, get, delete, changes, conflicts") },
  { "calc", tj_cli_calc, N_("Labour-law calculators: arrears, overtime, compensation…") },
  { "sync", tj_cli_sync, N_("Replicate with a CouchDB or PouchDB server") },
  { "papers", tj_cli_papers, N_("Case papers: templates, render (PDF, DOCX)") },
  { "conflicts", tj_cli_conflicts, N_("List and resolve conflicting revisions") },
  { "server", tj_cli_server, N_("Set up a station on the central server: database, user, role, security") },
  { "roster", tj_cli_roster, N_("Import a worker roster into a case (CSV or .xlsx)") },
  { "settlement", tj_cli_settlement, N_("Settlements of wage arrears: set, show") },
  { "payment", tj_cli_payment, N_("Record a payment under a settlement") },
  { "arrears", tj_cli_arrears, N_("Open wage arrears across cases; overdue installments") },
  { "agenda", tj_cli_agenda, N_("What is overdue, due, flagged or owed a follow-up call") },
  { "session", tj_cli_session, N_("Mediation sessions: start, note, offer, release, end, joint view, chart") },
  { "report", tj_cli_report, N_("Statistics for a period: summary, cases behind a figure, export CSV or PDF") },
};

TjStore *
tj_cli_store (TjCli   *cli,
              GError **error)
{
  if (cli->store == NULL)
    {
      g_autofree char *path = cli->db_path ? g_strdup (cli->db_path) : tj_store_default_path ();
      /* Every index, as the app has them: one open for all (tj-repository.h). */
      g_autoptr(TjRepository) repository = tj_repository_open (path, error);
      cli->store = repository ? g_object_ref (tj_repository_get_store (repository)) : NULL;
    }
  return cli->store;
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

int
tj_cli_fail (const GError *error)
{
  g_autofree char *line = g_strdup (error->message);

  /* One line on stderr, whatever the message holds. */
  g_strdelimit (line, "\n\r", ' ');
  fprintf (stderr, "tiaojie-cli: %s\n", line);
  return tj_error_exit_code (error);
}

int
tj_cli_usage (const char *format,
              ...)
{
  va_list args;
  g_autofree char *msg = NULL;

  va_start (args, format);
  msg = g_strdup_vprintf (format, args);
  va_end (args);
  fprintf (stderr, "tiaojie-cli: %s\n", msg);
  return TJ_EXIT_USAGE;
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

  if (text == NULL)
    return NULL;
  return tj_json_parse_object (text, length, error);
}

const char *
tj_cli_opt_value (int          argc,
                  char       **argv,
                  const char  *name)
{
  size_t len = strlen (name);

  for (int i = 0; i < argc; i++)
    {
      if (strcmp (argv[i], name) == 0 && i + 1 < argc)
        return argv[i + 1];
      if (strncmp (argv[i], name, len) == 0 && argv[i][len] == '=')
        return argv[i] + len + 1;
    }
  return NULL;
}

gboolean
tj_cli_opt_flag (int          argc,
                 char       **argv,
                 const char  *name)
{
  for (int i = 0; i < argc; i++)
    if (strcmp (argv[i], name) == 0)
      return TRUE;
  return FALSE;
}

gboolean
tj_cli_opt_count (int          argc,
                  char       **argv,
                  const char  *name,
                  gint64      *out,
                  GError     **error)
{
  const char *text = tj_cli_opt_value (argc, argv, name);
  guint64 value;

  if (text == NULL)
    return TRUE;
  if (!g_ascii_string_to_unsigned (text, 10, 0, G_MAXINT64, &value, NULL))
    {
      g_set_error (error, TJ_ERROR, TJ_ERROR_INVALID,
                   _("%s must be a whole number, not “%s”"), name, text);
      return FALSE;
    }
  *out = (gint64) value;
  return TRUE;
}

static void
print_help (FILE *out)
{
  fprintf (out, "%s\n\n", _("Usage: tiaojie-cli [--db PATH] GROUP COMMAND [ARGS…]"));
  fprintf (out, "%s\n", _("Groups:"));
  for (guint i = 0; i < G_N_ELEMENTS (groups); i++)
    fprintf (out, "  %-14s %s\n", groups[i].name, _(groups[i].summary));
  fprintf (out, "\n%s\n", _("Output is JSON on stdout; errors are one line on stderr.\n"
                            "Exit codes: 0 ok, 1 usage, 2 invalid input, 3 not found, "
                            "4 conflict, 5 network or server error."));
}

int
main (int    argc,
      char **argv)
{
  TjCli cli = { 0 };
  int i = 1;
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

  for (; i < argc && argv[i][0] == '-'; i++)
    {
      if (strcmp (argv[i], "--db") == 0 && i + 1 < argc)
        cli.db_path = argv[++i];
      else if (g_str_has_prefix (argv[i], "--db="))
        cli.db_path = argv[i] + strlen ("--db=");
      else if (strcmp (argv[i], "--help") == 0 || strcmp (argv[i], "-h") == 0)
        {
          print_help (stdout);
          return TJ_EXIT_OK;
        }
      else if (strcmp (argv[i], "--version") == 0)
        {
          printf ("tiaojie-cli %s\n", PACKAGE_VERSION);
          return TJ_EXIT_OK;
        }
      else
        return tj_cli_usage (_("Unknown option “%s”; see --help"), argv[i]);
    }

  if (i >= argc)
    {
      print_help (stderr);
      return TJ_EXIT_USAGE;
    }

  for (guint g = 0; g < G_N_ELEMENTS (groups); g++)
    if (strcmp (argv[i], groups[g].name) == 0)
      {
        status = groups[g].func (&cli, argc - i, argv + i);
        g_clear_object (&cli.store);
        return status;
      }

  return tj_cli_usage (_("Unknown command group “%s”; see --help"), argv[i]);
}
