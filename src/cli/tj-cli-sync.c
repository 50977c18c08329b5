/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tiaojie-cli sync …, tiaojie-cli conflicts …, tiaojie-cli server …:
 * replication with a CouchDB or PouchDB server, the conflicts it can leave
 * behind, and setting up a station on the server. */
#undef G_LOG_DOMAIN
#define G_LOG_DOMAIN "Tiaojie-CLI"

#include <stdio.h>
#include <string.h>

#include "tj-cli-private.h"
#include "tj-i18n.h"
#include "tj-json.h"
#include "tj-provision.h"
#include "tj-replicator.h"

static gboolean
take_value (int          argc,
            char       **argv,
            int         *i,
            const char  *name,
            const char **out_value)
{
  gsize len = strlen (name);

  if (strcmp (argv[*i], name) == 0 && *i + 1 < argc)
    {
      *out_value = argv[++*i];
      return TRUE;
    }
  if (strncmp (argv[*i], name, len) == 0 && argv[*i][len] == '=')
    {
      *out_value = argv[*i] + len + 1;
      return TRUE;
    }
  return FALSE;
}

static char *
read_password (const char  *file,
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

static const char sync_usage[] =
  N_("Usage: tiaojie-cli sync --server URL --database NAME [--user USER "
     "--password-file FILE] [--direction both|push|pull] [--certificate PEM] "
     "[--batch-size N] [--retries N]\n"
     "Exit code 5 on a network or server error, and also when the server "
     "refused documents (listed in \"denied\" and \"errors\").");

/**
 * tiaojie-cli sync: one replication run; prints the result object.
 */
int
tj_cli_sync (TjCli  *cli,
             int     argc,
             char  **argv)
{
  const char *server = NULL, *database = NULL, *user = NULL, *password_file = NULL;
  const char *direction_text = "both", *certificate_file = NULL, *batch_text = NULL;
  const char *retries_text = NULL;
  TjSyncDirection direction;
  g_autofree char *password = NULL;
  g_autoptr(TjReplicator) replicator = NULL;
  g_autoptr(JsonObject) result = NULL;
  g_autoptr(GError) error = NULL;
  TjStore *store;
  guint refused;

  for (int i = 1; i < argc; i++)
    {
      if (take_value (argc, argv, &i, "--server", &server) ||
          take_value (argc, argv, &i, "--database", &database) ||
          take_value (argc, argv, &i, "--user", &user) ||
          take_value (argc, argv, &i, "--password-file", &password_file) ||
          take_value (argc, argv, &i, "--direction", &direction_text) ||
          take_value (argc, argv, &i, "--certificate", &certificate_file) ||
          take_value (argc, argv, &i, "--batch-size", &batch_text) ||
          take_value (argc, argv, &i, "--retries", &retries_text))
        continue;
      if (strcmp (argv[i], "--help") == 0)
        {
          printf ("%s\n", _(sync_usage));
          return TJ_EXIT_OK;
        }
      return tj_cli_usage (_("Unknown argument “%s”; see sync --help"), argv[i]);
    }
  if (server == NULL || database == NULL)
    return tj_cli_usage ("%s", _(sync_usage));
  if (!tj_sync_direction_from_string (direction_text, &direction))
    return tj_cli_usage (_("--direction must be both, push or pull, not “%s”"), direction_text);
  if (password_file && user == NULL)
    return tj_cli_usage (_("--password-file needs --user"));

  if (password_file && (password = read_password (password_file, &error)) == NULL)
    return tj_cli_fail (error);
  if ((store = tj_cli_store (cli, &error)) == NULL)
    return tj_cli_fail (error);

  replicator = tj_replicator_new (store, server, database, user, password);
  tj_replicator_set_direction (replicator, direction);
  if (batch_text)
    {
      guint64 batch = 0;
      if (!g_ascii_string_to_unsigned (batch_text, 10, 1, 1000, &batch, NULL))
        return tj_cli_usage (_("--batch-size must be a number from 1 to 1000, not “%s”"), batch_text);
      tj_replicator_set_batch_size (replicator, (guint) batch);
    }
  if (retries_text)
    {
      guint64 retries = 0;
      /* Scripts that prefer failing fast to waiting out the back-off. */
      if (!g_ascii_string_to_unsigned (retries_text, 10, 0, 30, &retries, NULL))
        return tj_cli_usage (_("--retries must be a number from 0 to 30, not “%s”"), retries_text);
      tj_replicator_set_retry (replicator, 1000, (guint) retries);
    }
  if (certificate_file)
    {
      g_autoptr(GTlsCertificate) certificate = g_tls_certificate_new_from_file (certificate_file, &error);
      if (certificate == NULL)
        {
          g_autoptr(GError) wrapped = g_error_new (TJ_ERROR, TJ_ERROR_INVALID,
                                                   _("--certificate %s: %s"),
                                                   certificate_file, error->message);
          return tj_cli_fail (wrapped);
        }
      tj_replicator_set_pinned_certificate (replicator, certificate);
    }

  result = tj_replicator_run (replicator, NULL, &error);
  if (result == NULL)
    return tj_cli_fail (error);
  tj_cli_print_object (result);

  refused = json_array_get_length (json_object_get_array_member (result, "denied")) +
            json_array_get_length (json_object_get_array_member (result, "errors"));
  if (refused > 0)
    {
      fprintf (stderr, "tiaojie-cli: ");
      fprintf (stderr, g_dngettext (GETTEXT_PACKAGE,
                                    "%u document was not replicated; see \"denied\" and \"errors\"",
                                    "%u documents were not replicated; see \"denied\" and \"errors\"",
                                    refused), refused);
      fputc ('\n', stderr);
      return TJ_EXIT_NETWORK;
    }
  return TJ_EXIT_OK;
}

static const char conflicts_usage[] =
  N_("Usage: tiaojie-cli conflicts list\n"
     "       tiaojie-cli conflicts resolve ID (--pick REV | --json MERGED.json|-)");

static int
conflicts_resolve (TjCli  *cli,
                   int     argc,
                   char  **argv)
{
  const char *id = NULL, *pick = NULL, *json_file = NULL;
  g_autoptr(JsonObject) winner = NULL;
  g_autoptr(JsonObject) answer = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *rev = NULL;
  TjStore *store;

  for (int i = 2; i < argc; i++)
    {
      if (take_value (argc, argv, &i, "--pick", &pick) ||
          take_value (argc, argv, &i, "--json", &json_file))
        continue;
      if (argv[i][0] == '-' && strcmp (argv[i], "-") != 0)
        return tj_cli_usage (_("Unknown argument “%s”; see conflicts --help"), argv[i]);
      if (id != NULL)
        return tj_cli_usage ("%s", _(conflicts_usage));
      id = argv[i];
    }
  if (id == NULL || (pick == NULL) == (json_file == NULL))
    return tj_cli_usage ("%s", _(conflicts_usage));
  if ((store = tj_cli_store (cli, &error)) == NULL)
    return tj_cli_fail (error);

  if (pick)
    {
      /* The chosen revision, as it is, becomes the winner's content. */
      winner = tj_store_get (store, id, pick, TJ_GET_NONE, &error);
      if (winner == NULL)
        return tj_cli_fail (error);
    }
  else
    {
      winner = tj_cli_read_json (json_file, &error);
      if (winner == NULL)
        return tj_cli_fail (error);
      if (json_object_has_member (winner, "_id") &&
          g_strcmp0 (tj_json_get_string (winner, "_id", NULL), id) != 0)
        {
          g_autoptr(GError) mismatch = g_error_new (TJ_ERROR, TJ_ERROR_INVALID,
                                                    _("The merged document's _id “%s” is not “%s”"),
                                                    tj_json_get_string (winner, "_id", ""), id);
          return tj_cli_fail (mismatch);
        }
      json_object_set_string_member (winner, "_id", id);
      if (!json_object_has_member (winner, "_rev"))
        {
          /* Extend the current winner unless the merge names a leaf. */
          g_autoptr(JsonObject) current = tj_store_get (store, id, NULL, TJ_GET_NONE, &error);
          if (current == NULL)
            return tj_cli_fail (error);
          json_object_set_string_member (winner, "_rev", tj_json_get_string (current, "_rev", ""));
        }
    }

  rev = tj_store_resolve_conflict (store, winner, &error);
  if (rev == NULL)
    return tj_cli_fail (error);
  answer = json_object_new ();
  json_object_set_boolean_member (answer, "ok", TRUE);
  json_object_set_string_member (answer, "id", id);
  json_object_set_string_member (answer, "rev", rev);
  tj_cli_print_object (answer);
  return TJ_EXIT_OK;
}

/**
 * tiaojie-cli conflicts list | resolve: documents with conflicting
 * revisions, and their resolution in one deterministic write.
 */
int
tj_cli_conflicts (TjCli  *cli,
                  int     argc,
                  char  **argv)
{
  g_autoptr(GError) error = NULL;

  if (argc < 2)
    return tj_cli_usage ("%s", _(conflicts_usage));
  if (strcmp (argv[1], "--help") == 0)
    {
      printf ("%s\n", _(conflicts_usage));
      return TJ_EXIT_OK;
    }
  if (strcmp (argv[1], "list") == 0)
    {
      g_autoptr(JsonArray) list = NULL;
      g_autoptr(JsonNode) node = json_node_new (JSON_NODE_ARRAY);
      TjStore *store;

      if (argc > 2)
        return tj_cli_usage ("%s", _(conflicts_usage));
      if ((store = tj_cli_store (cli, &error)) == NULL)
        return tj_cli_fail (error);
      if ((list = tj_store_list_conflicts (store, &error)) == NULL)
        return tj_cli_fail (error);
      json_node_set_array (node, list);
      tj_cli_print_json (node);
      return TJ_EXIT_OK;
    }
  if (strcmp (argv[1], "resolve") == 0)
    return conflicts_resolve (cli, argc, argv);
  return tj_cli_usage (_("Unknown command “conflicts %s”; see conflicts --help"), argv[1]);
}

static const char server_usage[] =
  N_("Usage: tiaojie-cli server provision --server URL --admin-user USER "
     "--admin-password-file FILE --station CODE [--database NAME] "
     "[--user-password-file FILE] [--certificate PEM]\n"
     "Creates what is missing for a station: its database (station-CODE in "
     "lower case unless --database is given), the user and role station-CODE, "
     "and the database's _security that lets only that role in; then logs in "
     "as the station user to check. Running it again changes nothing but the "
     "password when --user-password-file is given. A new user without a "
     "password file gets a generated password, printed once as \"password\".");

/**
 * tiaojie-cli server provision: a station's database, user, role and
 * _security on the central server (docs/SYNC.md).
 */
int
tj_cli_server (TjCli  *cli,
               int     argc,
               char  **argv)
{
  const char *server = NULL, *admin = NULL, *admin_file = NULL, *station = NULL;
  const char *database = NULL, *user_file = NULL, *certificate_file = NULL;
  g_autofree char *admin_password = NULL, *user_password = NULL;
  g_autoptr(GTlsCertificate) certificate = NULL;
  g_autoptr(JsonObject) result = NULL;
  g_autoptr(GError) error = NULL;
  TjProvision provision = { 0 };

  if (argc >= 2 && strcmp (argv[1], "--help") == 0)
    {
      printf ("%s\n", _(server_usage));
      return TJ_EXIT_OK;
    }
  if (argc < 2 || strcmp (argv[1], "provision") != 0)
    return tj_cli_usage ("%s", _(server_usage));
  for (int i = 2; i < argc; i++)
    {
      if (take_value (argc, argv, &i, "--server", &server) ||
          take_value (argc, argv, &i, "--admin-user", &admin) ||
          take_value (argc, argv, &i, "--admin-password-file", &admin_file) ||
          take_value (argc, argv, &i, "--station", &station) ||
          take_value (argc, argv, &i, "--database", &database) ||
          take_value (argc, argv, &i, "--user-password-file", &user_file) ||
          take_value (argc, argv, &i, "--certificate", &certificate_file))
        continue;
      if (strcmp (argv[i], "--help") == 0)
        {
          printf ("%s\n", _(server_usage));
          return TJ_EXIT_OK;
        }
      return tj_cli_usage (_("Unknown argument “%s”; see server --help"), argv[i]);
    }
  if (server == NULL || admin == NULL || admin_file == NULL || station == NULL)
    return tj_cli_usage ("%s", _(server_usage));

  /* Passwords come from files, never from the command line (where every
   * user of the machine could read them). */
  if ((admin_password = read_password (admin_file, &error)) == NULL)
    return tj_cli_fail (error);
  if (user_file && (user_password = read_password (user_file, &error)) == NULL)
    return tj_cli_fail (error);
  if (user_password && strlen (user_password) < 8)
    {
      g_autoptr(GError) short_error = g_error_new (TJ_ERROR, TJ_ERROR_INVALID,
                                                   _("%s: the station’s password needs at least 8 characters"),
                                                   user_file);
      return tj_cli_fail (short_error);
    }
  if (certificate_file && (certificate = g_tls_certificate_new_from_file (certificate_file, &error)) == NULL)
    {
      g_autoptr(GError) wrapped = g_error_new (TJ_ERROR, TJ_ERROR_INVALID, _("--certificate %s: %s"),
                                               certificate_file, error->message);
      return tj_cli_fail (wrapped);
    }

  provision.server_url = server;
  provision.admin_user = admin;
  provision.admin_password = admin_password;
  provision.station = station;
  provision.database = database;
  provision.user_password = user_password;
  provision.pinned = certificate;
  result = tj_server_provision (&provision, NULL, &error);
  if (admin_password)
    memset (admin_password, 0, strlen (admin_password));
  if (user_password)
    memset (user_password, 0, strlen (user_password));
  if (result == NULL)
    return tj_cli_fail (error);
  tj_cli_print_object (result);
  return TJ_EXIT_OK;
}
