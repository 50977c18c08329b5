/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tiaojie-cli sync …, tiaojie-cli conflicts …, tiaojie-cli server …:
 * replication with a CouchDB or PouchDB server, the conflicts it can leave
 * behind, and setting up a station on the server. */
#undef G_LOG_DOMAIN
#define G_LOG_DOMAIN "Tiaojie-CLI"

#include <stdio.h>
#include <string.h>

#include "tj-centre.h"
#include "tj-cli-private.h"
#include "tj-i18n.h"
#include "tj-json.h"
#include "tj-provision.h"
#include "tj-replicator.h"

gboolean
tj_cli_check_server_options (TjCliArgs  *args,
                             guint64    *retries,
                             GError    **error)
{
  const char *retries_text = tj_cli_opt (args, "retries");

  if (tj_cli_opt (args, "password-file") && tj_cli_opt (args, "user") == NULL)
    {
      g_set_error (error, TJ_ERROR, TJ_ERROR_INVALID, _("--password-file needs --user"));
      return FALSE;
    }
  /* Scripts that prefer failing fast to waiting out the back-off. */
  if (retries_text && !g_ascii_string_to_unsigned (retries_text, 10, 0, 30, retries, NULL))
    {
      g_set_error (error, TJ_ERROR, TJ_ERROR_INVALID, _("--retries must be a number from 0 to 30, not “%s”"),
                   retries_text);
      return FALSE;
    }
  return TRUE;
}

gboolean
tj_cli_read_server_secrets (TjCliArgs        *args,
                            GTlsCertificate **certificate,
                            char            **password,
                            GError          **error)
{
  const char *certificate_file = tj_cli_opt (args, "certificate");
  const char *password_file = tj_cli_opt (args, "password-file");

  if (certificate_file && (*certificate = tj_cli_read_certificate (certificate_file, error)) == NULL)
    return FALSE;
  if (password_file && (*password = tj_cli_read_password (password_file, error)) == NULL)
    return FALSE;
  return TRUE;
}

TjReplicator *
tj_cli_replicator (TjCli      *cli,
                   TjCliArgs  *args,
                   GError    **error)
{
  g_autoptr(GTlsCertificate) certificate = NULL;
  g_autofree char *password = NULL;
  TjReplicator *replicator;
  guint64 retries = 0;
  TjStore *store;

  if (!tj_cli_check_server_options (args, &retries, error) ||
      !tj_cli_read_server_secrets (args, &certificate, &password, error))
    return NULL;
  if ((store = tj_cli_store (cli, error)) == NULL)
    return NULL;
  replicator = tj_replicator_new (store, tj_cli_opt (args, "server"), tj_cli_opt (args, "database"),
                                  tj_cli_opt (args, "user"), password);
  if (password)
    memset (password, 0, strlen (password));
  if (tj_cli_opt (args, "retries"))
    tj_replicator_set_retry (replicator, 1000, (guint) retries);
  if (certificate)
    tj_replicator_set_pinned_certificate (replicator, certificate);
  return replicator;
}

/**
 * tiaojie-cli sync: one replication run; prints the result object.
 */
static int
sync_run (TjCli     *cli,
          TjCliArgs *args)
{
  const char *server = tj_cli_opt (args, "server"), *database = tj_cli_opt (args, "database");
  const char *user = tj_cli_opt (args, "user");
  const char *direction_text = tj_cli_opt (args, "direction");
  const char *batch_text = tj_cli_opt (args, "batch-size");
  TjSyncDirection direction;
  g_autofree char *password = NULL;
  g_autoptr(TjReplicator) replicator = NULL;
  g_autoptr(JsonObject) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GTlsCertificate) certificate = NULL;
  guint64 batch = 0, retries = 0;
  TjStore *store;
  guint refused;

  if (direction_text == NULL)
    direction_text = "both";
  /* Every argument is checked before the store is opened. */
  if (!tj_sync_direction_from_string (direction_text, &direction))
    return tj_cli_usage_error (args, _("--direction must be both, push or pull, not “%s”"), direction_text);
  if (!tj_cli_check_server_options (args, &retries, &error))
    return tj_cli_usage_error (args, "%s", error->message);
  if (batch_text && !g_ascii_string_to_unsigned (batch_text, 10, 1, TJ_REPLICATOR_MAX_BATCH, &batch, NULL))
    return tj_cli_usage_error (args, _("--batch-size must be a number from 1 to %u, not “%s”"),
                               TJ_REPLICATOR_MAX_BATCH, batch_text);
  if (!tj_cli_read_server_secrets (args, &certificate, &password, &error))
    return tj_cli_fail (error);
  if ((store = tj_cli_store (cli, &error)) == NULL)
    return tj_cli_fail (error);

  replicator = tj_replicator_new (store, server, database, user, password);
  tj_replicator_set_direction (replicator, direction);
  if (batch_text)
    tj_replicator_set_batch_size (replicator, (guint) batch);
  if (tj_cli_opt (args, "retries"))
    tj_replicator_set_retry (replicator, 1000, (guint) retries);
  if (certificate)
    tj_replicator_set_pinned_certificate (replicator, certificate);

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

static const TjCliCommand sync_commands[] = {
  { .name = NULL,
    .summary = N_("One replication run with the server; exit 5 on a network or server error, and also "
                  "when the server refused documents (listed in \"denied\" and \"errors\")"),
    .run = sync_run,
    .options = {
      TJ_CLI_SERVER_OPTION,
      TJ_CLI_REQUIRED_OPTION ("database", "NAME", N_("The station’s database on the server")),
      TJ_CLI_VALUE_OPTION ("user", "USER", N_("The user name")),
      TJ_CLI_PASSWORD_FILE_OPTION,
      TJ_CLI_VALUE_OPTION ("direction", "both|push|pull", N_("Which way (default: both, pull then push)")),
      TJ_CLI_CERTIFICATE_OPTION,
      TJ_CLI_VALUE_OPTION ("batch-size", "N", N_("Changes per batch and checkpoint, 1–10000 (default 2000)")),
      TJ_CLI_RETRIES_OPTION,
    } },
};

const TjCliGroup tj_cli_sync_group = {
  "sync", N_("Replicate with a CouchDB or PouchDB server"),
  sync_commands, G_N_ELEMENTS (sync_commands),
};

static int
conflicts_resolve (TjCli     *cli,
                   TjCliArgs *args)
{
  const char *id = tj_cli_arg (args, 0), *pick = tj_cli_opt (args, "pick");
  const char *json_file = tj_cli_opt (args, "json");
  g_autoptr(JsonObject) winner = NULL;
  g_autoptr(JsonObject) answer = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *rev = NULL;
  TjStore *store;

  if ((pick == NULL) == (json_file == NULL))
    return tj_cli_usage_error (args, _("Give either --pick or --json"));
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

int
tj_cli_conflicts_list (TjCli     *cli,
                       TjCliArgs *args)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonArray) list = NULL;
  TjStore *store;

  if ((store = tj_cli_store (cli, &error)) == NULL)
    return tj_cli_fail (error);
  list = tj_store_list_conflicts (store, &error);
  return tj_cli_print_array_result (list, error);
}

static const TjCliCommand conflicts_commands[] = {
  { .name = "list", .summary = N_("Documents with conflicting revisions, sorted by id"), .run = tj_cli_conflicts_list },
  { .name = "resolve", .arguments = "ID", .min_args = 1, .max_args = 1,
    .summary = N_("Resolve a conflict in one write: the other versions are deleted"), .run = conflicts_resolve,
    .options = {
      TJ_CLI_VALUE_OPTION ("pick", "REV", N_("Make this revision’s content the winner")),
      TJ_CLI_VALUE_OPTION ("json", "MERGED.json|-", N_("Write this merged body instead")),
    } },
};

const TjCliGroup tj_cli_conflicts_group = {
  "conflicts", N_("List and resolve conflicting revisions"),
  conflicts_commands, G_N_ELEMENTS (conflicts_commands),
};

/**
 * tiaojie-cli server provision: a station's database, user, role and
 * _security on the central server (docs/SYNC.md).
 */
static int
server_provision (TjCli     *cli,
                  TjCliArgs *args)
{
  const char *server = tj_cli_opt (args, "server"), *admin = tj_cli_opt (args, "admin-user");
  const char *admin_file = tj_cli_opt (args, "admin-password-file"), *station = tj_cli_opt (args, "station");
  const char *database = tj_cli_opt (args, "database"), *user_file = tj_cli_opt (args, "user-password-file");
  const char *certificate_file = tj_cli_opt (args, "certificate");
  g_autofree char *admin_password = NULL, *user_password = NULL;
  g_autoptr(GTlsCertificate) certificate = NULL;
  g_autoptr(JsonObject) result = NULL;
  g_autoptr(GError) error = NULL;
  TjProvision provision = { 0 };
  const char *centre = tj_cli_opt (args, "centre"), *stations_text = tj_cli_opt (args, "stations");
  g_autoptr(GPtrArray) codes = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) databases = g_ptr_array_new_with_free_func (g_free);

  if ((station == NULL) == (centre == NULL))
    return tj_cli_usage_error (args, _("Give either --station or --centre"));
  if (station && stations_text)
    return tj_cli_usage_error (args, _("--stations goes with --centre"));
  if (centre && database)
    return tj_cli_usage_error (args, _("--database goes with --station"));

  /* Passwords come from files, never from the command line (where every
   * user of the machine could read them). */
  if ((admin_password = tj_cli_read_password (admin_file, &error)) == NULL)
    return tj_cli_fail (error);
  if (user_file && (user_password = tj_cli_read_password (user_file, &error)) == NULL)
    return tj_cli_fail (error);
  if (user_password && strlen (user_password) < 8)
    {
      g_autoptr(GError) short_error = g_error_new (TJ_ERROR, TJ_ERROR_INVALID,
                                                   _("%s: the station’s password needs at least 8 characters"),
                                                   user_file);
      return tj_cli_fail (short_error);
    }
  if (certificate_file && (certificate = tj_cli_read_certificate (certificate_file, &error)) == NULL)
    return tj_cli_fail (error);

  if (centre)
    {
      /* The stations named, or every one the centre registered: the
       * databases come from the registry either way. */
      g_autoptr(JsonArray) registered = NULL;
      g_auto(GStrv) wanted = stations_text ? g_strsplit (stations_text, ",", -1) : NULL;
      TjStore *store = tj_cli_store (cli, &error);

      if (store == NULL || (registered = tj_centre_list_stations (store, &error)) == NULL)
        return tj_cli_fail (error);
      for (guint i = 0; wanted && wanted[i]; i++)
        {
          JsonObject *found = NULL;

          g_strstrip (wanted[i]);
          if (*wanted[i] == '\0')
            continue;
          for (guint j = 0; j < json_array_get_length (registered) && !found; j++)
            if (g_strcmp0 (tj_json_get_string (json_array_get_object_element (registered, j), "code", NULL),
                           wanted[i]) == 0)
              found = json_array_get_object_element (registered, j);
          if (found == NULL)
            {
              g_autoptr(GError) unknown = g_error_new (TJ_ERROR, TJ_ERROR_INVALID,
                                                       _("“%s” is not a station of this centre (see tiaojie-cli "
                                                         "centre stations list); nothing was changed"), wanted[i]);
              return tj_cli_fail (unknown);
            }
          g_ptr_array_add (codes, g_strdup (wanted[i]));
          g_ptr_array_add (databases, g_strdup (tj_json_get_string (found, "database", "")));
        }
      for (guint j = 0; wanted == NULL && j < json_array_get_length (registered); j++)
        {
          JsonObject *s = json_array_get_object_element (registered, j);
          g_ptr_array_add (codes, g_strdup (tj_json_get_string (s, "code", "")));
          g_ptr_array_add (databases, g_strdup (tj_json_get_string (s, "database", "")));
        }
      g_ptr_array_add (codes, NULL);
      g_ptr_array_add (databases, NULL);
    }

  if (centre)
    {
      TjProvisionCentre in = { 0 };

      in.server_url = server;
      in.admin_user = admin;
      in.admin_password = admin_password;
      in.centre = centre;
      in.codes = (const char * const *) codes->pdata;
      in.databases = (const char * const *) databases->pdata;
      in.user_password = user_password;
      in.pinned = certificate;
      result = tj_server_provision_centre (&in, NULL, &error);
    }
  else
    {
      provision.server_url = server;
      provision.admin_user = admin;
      provision.admin_password = admin_password;
      provision.station = station;
      provision.database = database;
      provision.user_password = user_password;
      provision.pinned = certificate;
      result = tj_server_provision (&provision, NULL, &error);
    }
  if (admin_password)
    memset (admin_password, 0, strlen (admin_password));
  if (user_password)
    memset (user_password, 0, strlen (user_password));
  return tj_cli_print_result (result, error);
}

static const TjCliCommand server_commands[] = {
  { .name = "provision",
    .summary = N_("Create what is missing for a station: its database (station-CODE in lower case unless "
                  "--database is given), the user and role station-CODE, and the database’s _security that "
                  "lets only that role in; then log in as the station user to check. Running it again changes "
                  "nothing but the password when --user-password-file is given. A new user without a password "
                  "file gets a generated password, printed once as \"password\". With --centre NAME instead: "
                  "the centre’s user and role NAME, made a member of every station’s database (those the "
                  "centre registered, or --stations)."),
    .run = server_provision,
    .options = {
      TJ_CLI_SERVER_OPTION,
      TJ_CLI_REQUIRED_OPTION ("admin-user", "USER", N_("A server administrator")),
      TJ_CLI_REQUIRED_OPTION ("admin-password-file", "FILE", N_("A file whose first line is the administrator’s password")),
      TJ_CLI_VALUE_OPTION ("station", "CODE", N_("The station’s code: ASCII letters, digits, - or _")),
      TJ_CLI_VALUE_OPTION ("database", "NAME", N_("The station’s database (default: station-code in lower case)")),
      TJ_CLI_VALUE_OPTION ("centre", "NAME", N_("The centre’s user and role, instead of a station")),
      TJ_CLI_VALUE_OPTION ("stations", "CODE,…", N_("With --centre: only these registered stations")),
      TJ_CLI_VALUE_OPTION ("user-password-file", "FILE", N_("A file whose first line is the station’s (or centre’s) password (at least 8 characters)")),
      TJ_CLI_CERTIFICATE_OPTION,
    } },
};

const TjCliGroup tj_cli_server_group = {
  "server", N_("Set up a station on the central server: database, user, role, security"),
  server_commands, G_N_ELEMENTS (server_commands),
};
