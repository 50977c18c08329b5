/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Tiaojie-Sync"

#include <libsoup/soup.h>
#include <string.h>
#include <sys/random.h>

#include "tj-error.h"
#include "tj-i18n.h"
#include "tj-json.h"
#include "tj-provision.h"
#include "tj-replicator.h"

#define PROVISION_TIMEOUT_SECONDS 60
#define MAX_ANSWER_BYTES          (1024 * 1024)

typedef struct
{
  const TjProvision *in;
  const char        *server_url;
  const char        *admin_user;
  const char        *admin_password;
  GTlsCertificate   *pinned;
  SoupSession       *session;
  char              *base;        /* no trailing slash */
  char              *basic;       /* "Basic …" of the administrator */
  GCancellable      *cancellable;
} Provision;

/* One request; @out_answer gets the reply's JSON object (NULL when the
 * reply is not one). FALSE only when nothing sensible came back. */
static gboolean
call (Provision   *p,
      SoupSession *session,
      const char  *method,
      const char  *path,
      JsonObject  *body,
      gboolean     as_admin,
      guint       *out_status,
      JsonObject **out_answer,
      GError     **error)
{
  g_autofree char *url = g_strconcat (p->base, path, NULL);
  g_autoptr(SoupMessage) msg = soup_message_new (method, url);
  g_autoptr(GBytes) reply = NULL;
  g_autoptr(GError) local_error = NULL;

  *out_answer = NULL;
  if (msg == NULL)
    {
      g_set_error (error, TJ_ERROR, TJ_ERROR_INVALID, _("“%s” is not a valid server address"), url);
      return FALSE;
    }
  soup_message_headers_replace (soup_message_get_request_headers (msg), "Accept", "application/json");
  if (as_admin)
    soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", p->basic);
  if (body)
    {
      g_autofree char *text = tj_json_object_to_string (body, FALSE);
      g_autoptr(GBytes) bytes = g_bytes_new_take (g_steal_pointer (&text), strlen (text));
      soup_message_set_request_body_from_bytes (msg, "application/json", bytes);
    }
  tj_sync_pin_message (msg, p->pinned);

  reply = soup_session_send_and_read (session, msg, p->cancellable, &local_error);
  if (reply != NULL && !tj_sync_pinned_check (msg, p->pinned, &local_error))
    g_clear_pointer (&reply, g_bytes_unref);
  if (reply == NULL)
    {
      if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_propagate_error (error, g_steal_pointer (&local_error));
      else if (local_error->domain == G_TLS_ERROR)
        g_set_error (error, TJ_ERROR, TJ_ERROR_NETWORK,
                     _("The server's certificate at %s is not trusted: %s"), p->base, local_error->message);
      else
        g_set_error (error, TJ_ERROR, TJ_ERROR_NETWORK,
                     _("Cannot reach the server at %s: %s"), p->base, local_error->message);
      return FALSE;
    }
  *out_status = soup_message_get_status (msg);
  if (g_bytes_get_size (reply) > 0 && g_bytes_get_size (reply) <= MAX_ANSWER_BYTES)
    *out_answer = tj_json_parse_object (g_bytes_get_data (reply, NULL), g_bytes_get_size (reply), NULL);
  return TRUE;
}

/* The error for an answer the step did not expect. */
static JsonObject *
refused (Provision  *p,
         const char *what,
         guint       status,
         JsonObject *answer,
         GError    **error)
{
  const char *reason = tj_json_get_string (answer, "reason", tj_json_get_string (answer, "error", ""));

  if (status == SOUP_STATUS_UNAUTHORIZED || status == SOUP_STATUS_FORBIDDEN)
    g_set_error (error, TJ_ERROR, TJ_ERROR_DENIED,
                 _("The server refused administrator “%s” (%s): %s"), p->admin_user, what, reason);
  else
    g_set_error (error, TJ_ERROR, TJ_ERROR_NETWORK,
                 _("The server answered %u to %s: %s"), status, what, reason);
  return NULL;
}

static char *
escape (const char *s)
{
  return g_uri_escape_string (s, NULL, FALSE);
}

static char *
generate_password (void)
{
  static const char alphabet[] = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
  guint8 bytes[20];
  char *password = g_malloc (sizeof bytes + 1);
  gsize filled = 0;

  /* Read aloud over the phone to the station: no 0/O or 1/l/I. */
  while (filled < sizeof bytes)
    {
      gssize n = getrandom (bytes + filled, sizeof bytes - filled, 0);
      if (n > 0)
        filled += (gsize) n;
    }
  for (gsize i = 0; i < sizeof bytes; i++)
    password[i] = alphabet[bytes[i] % (sizeof alphabet - 1)];
  password[sizeof bytes] = '\0';
  return password;
}

char *
tj_provision_default_database (const char  *station,
                               GError     **error)
{
  g_autofree char *lower = NULL;

  if (station == NULL || *station == '\0' || strlen (station) > 64)
    {
      g_set_error (error, TJ_ERROR, TJ_ERROR_INVALID, _("The station code is missing or too long"));
      return NULL;
    }
  for (const char *c = station; *c; c++)
    if (!g_ascii_isalnum (*c) && *c != '-' && *c != '_')
      {
        g_set_error (error, TJ_ERROR, TJ_ERROR_INVALID,
                     _("The station code “%s” can only have ASCII letters, digits, “-” and “_”: "
                       "on the server it names the user and the role (and the database unless "
                       "one is given)"), station);
        return NULL;
      }
  lower = g_ascii_strdown (station, -1);
  return g_strconcat ("station-", lower, NULL);
}

static gboolean
ensure_database (Provision   *p,
                 const char  *db_path,
                 gboolean    *created,
                 GError     **error)
{
  g_autoptr(JsonObject) answer = NULL;
  guint status;

  if (!call (p, p->session, "PUT", db_path, NULL, TRUE, &status, &answer, error))
    return FALSE;
  *created = status == SOUP_STATUS_CREATED || status == SOUP_STATUS_ACCEPTED;
  if (*created || status == SOUP_STATUS_PRECONDITION_FAILED) /* 412: it exists */
    return TRUE;
  return refused (p, db_path, status, answer, error) != NULL;
}

/* A new user without @password gets a generated one, in @generated. */
static gboolean
ensure_user (Provision   *p,
             const char  *user,
             const char  *role,
             const char  *password,
             gboolean    *created,
             char       **generated,
             GError     **error)
{
  g_autofree char *doc_id = g_strconcat ("org.couchdb.user:", user, NULL);
  g_autofree char *escaped = escape (doc_id);
  g_autofree char *path = g_strconcat ("/_users/", escaped, NULL);
  g_autoptr(JsonObject) doc = NULL;
  guint status;

  if (!call (p, p->session, "GET", path, NULL, TRUE, &status, &doc, error))
    return FALSE;
  if (status == SOUP_STATUS_NOT_FOUND &&
      g_strcmp0 (tj_json_get_string (doc, "reason", NULL), "Database does not exist.") == 0)
    {
      /* A CouchDB 3 single node not yet set up has no _users. */
      g_autoptr(JsonObject) answer = NULL;
      if (!call (p, p->session, "PUT", "/_users", NULL, TRUE, &status, &answer, error))
        return FALSE;
      if (!SOUP_STATUS_IS_SUCCESSFUL (status) && status != SOUP_STATUS_PRECONDITION_FAILED)
        return refused (p, "PUT /_users", status, answer, error) != NULL;
      status = SOUP_STATUS_NOT_FOUND;
    }
  *created = status == SOUP_STATUS_NOT_FOUND;
  if (*created)
    {
      g_clear_pointer (&doc, json_object_unref);
      doc = json_object_new ();
      json_object_set_string_member (doc, "_id", doc_id);
      json_object_set_string_member (doc, "name", user);
      json_object_set_string_member (doc, "type", "user");
      json_object_set_array_member (doc, "roles", json_array_new ());
      if (password == NULL)
        password = *generated = generate_password ();
    }
  else if (status != SOUP_STATUS_OK || doc == NULL)
    return refused (p, path, status, doc, error) != NULL;

  {
    JsonArray *roles = tj_json_get_array (doc, "roles");
    gboolean has_role = FALSE;
    g_autoptr(JsonObject) answer = NULL;

    if (roles == NULL)
      {
        json_object_set_array_member (doc, "roles", json_array_new ());
        roles = tj_json_get_array (doc, "roles");
      }
    for (guint i = 0; i < json_array_get_length (roles); i++)
      has_role |= g_strcmp0 (json_array_get_string_element (roles, i), role) == 0;
    if (has_role && password == NULL)
      return TRUE; /* nothing to change */
    if (!has_role)
      json_array_add_string_element (roles, role);
    if (password)
      json_object_set_string_member (doc, "password", password);
    if (!call (p, p->session, "PUT", path, doc, TRUE, &status, &answer, error))
      return FALSE;
    if (!SOUP_STATUS_IS_SUCCESSFUL (status))
      return refused (p, path, status, answer, error) != NULL;
  }
  return TRUE;
}

static JsonObject *
ensure_security (Provision   *p,
                 const char  *db_path,
                 const char  *role,
                 GError     **error)
{
  g_autofree char *path = g_strconcat (db_path, "/_security", NULL);
  g_autoptr(JsonObject) security = NULL;
  g_autoptr(JsonObject) answer = NULL;
  JsonObject *members;
  JsonArray *roles;
  gboolean has_role = FALSE;
  guint status;

  if (!call (p, p->session, "GET", path, NULL, TRUE, &status, &security, error))
    return NULL;
  if (status != SOUP_STATUS_OK)
    return refused (p, path, status, security, error);
  if (security == NULL)
    security = json_object_new ();

  /* Others' entries stay: the role is added, nothing is taken away. */
  for (guint i = 0; i < 2; i++)
    {
      const char *part = i == 0 ? "admins" : "members";
      JsonObject *o = tj_json_get_object (security, part);
      if (o == NULL)
        {
          json_object_set_object_member (security, part, json_object_new ());
          o = tj_json_get_object (security, part);
        }
      if (tj_json_get_array (o, "names") == NULL)
        json_object_set_array_member (o, "names", json_array_new ());
      if (tj_json_get_array (o, "roles") == NULL)
        json_object_set_array_member (o, "roles", json_array_new ());
    }
  members = tj_json_get_object (security, "members");
  roles = tj_json_get_array (members, "roles");
  for (guint i = 0; i < json_array_get_length (roles); i++)
    has_role |= g_strcmp0 (json_array_get_string_element (roles, i), role) == 0;
  if (!has_role)
    {
      json_array_add_string_element (roles, role);
      if (!call (p, p->session, "PUT", path, security, TRUE, &status, &answer, error))
        return NULL;
      if (!SOUP_STATUS_IS_SUCCESSFUL (status))
        return refused (p, path, status, answer, error);
    }
  return g_steal_pointer (&security);
}

/* The station user logs in (a cookie session, as the app does) and opens
 * its database. */
static gboolean
verify (Provision   *p,
        const char  *db_path,
        const char  *user,
        const char  *password,
        GError     **error)
{
  g_autoptr(SoupSession) session = soup_session_new_with_options ("timeout", PROVISION_TIMEOUT_SECONDS, NULL);
  g_autoptr(JsonObject) login = json_object_new ();
  g_autoptr(JsonObject) answer = NULL;
  guint status;

  soup_session_add_feature_by_type (session, SOUP_TYPE_COOKIE_JAR);
  json_object_set_string_member (login, "name", user);
  json_object_set_string_member (login, "password", password);
  if (!call (p, session, "POST", "/_session", login, FALSE, &status, &answer, error))
    return FALSE;
  if (SOUP_STATUS_IS_SUCCESSFUL (status))
    {
      g_clear_pointer (&answer, json_object_unref);
      if (!call (p, session, "GET", db_path, NULL, FALSE, &status, &answer, error))
        return FALSE;
    }
  if (!SOUP_STATUS_IS_SUCCESSFUL (status))
    {
      g_set_error (error, TJ_ERROR, TJ_ERROR_DENIED,
                   _("User “%s” was set up but cannot open %s (the server answered %u)"),
                   user, db_path + 1, status);
      return FALSE;
    }
  return TRUE;
}

static gboolean
parse_server (Provision   *p,
              GError     **error)
{
  g_autoptr(GUri) uri = g_uri_parse (p->server_url ? p->server_url : "", SOUP_HTTP_URI_FLAGS, NULL);
  const char *scheme = uri ? g_uri_get_scheme (uri) : NULL;
  gsize len;

  if (uri == NULL || g_uri_get_host (uri) == NULL || *g_uri_get_host (uri) == '\0' ||
      (g_ascii_strcasecmp (scheme, "http") != 0 && g_ascii_strcasecmp (scheme, "https") != 0) ||
      g_uri_get_user (uri) != NULL)
    {
      g_set_error (error, TJ_ERROR, TJ_ERROR_INVALID,
                   _("“%s” is not a server address like https://sync.example.org:6984 "
                     "(without a user name in it)"), p->server_url ? p->server_url : "");
      return FALSE;
    }
  p->base = g_strdup (p->server_url);
  len = strlen (p->base);
  while (len > 0 && p->base[len - 1] == '/')
    p->base[--len] = '\0';
  return TRUE;
}

static void
provision_clear (Provision *p)
{
  g_clear_object (&p->session);
  g_clear_pointer (&p->base, g_free);
  if (p->basic)
    memset (p->basic, 0, strlen (p->basic));
  g_clear_pointer (&p->basic, g_free);
}

/* A CouchDB-like server, and the administrator is one. */
static gboolean
connect_admin (Provision    *p,
               GError      **error)
{
  g_autofree char *credentials = NULL;
  g_autofree char *encoded = NULL;
  g_autoptr(JsonObject) root = NULL;
  guint status;

  p->session = soup_session_new_with_options ("timeout", PROVISION_TIMEOUT_SECONDS,
                                              "user-agent", "Tiaojie-provision", NULL);
  credentials = g_strdup_printf ("%s:%s", p->admin_user, p->admin_password);
  encoded = g_base64_encode ((const guchar *) credentials, strlen (credentials));
  memset (credentials, 0, strlen (credentials));
  p->basic = g_strconcat ("Basic ", encoded, NULL);
  memset (encoded, 0, strlen (encoded));

  if (!call (p, p->session, "GET", "/", NULL, TRUE, &status, &root, error))
    return FALSE;
  if (status == SOUP_STATUS_UNAUTHORIZED || status == SOUP_STATUS_FORBIDDEN)
    return refused (p, "GET /", status, root, error) != NULL;
  if (status != SOUP_STATUS_OK || root == NULL ||
      (tj_json_get_string (root, "couchdb", NULL) == NULL && tj_json_get_string (root, "express-pouchdb", NULL) == NULL))
    {
      g_set_error (error, TJ_ERROR, TJ_ERROR_NETWORK,
                   _("%s does not answer like a CouchDB or PouchDB server (status %u)"), p->base, status);
      return FALSE;
    }
  return TRUE;
}

JsonObject *
tj_server_provision (const TjProvision  *in,
                     GCancellable       *cancellable,
                     GError            **error)
{
  Provision p = { in, in->server_url, in->admin_user, in->admin_password, in->pinned, NULL, NULL, NULL,
                  cancellable };
  g_autofree char *database = NULL, *user = NULL, *db_path = NULL, *generated = NULL;
  g_autofree char *lower = NULL;
  g_autoptr(JsonObject) security = NULL;
  JsonObject *result = NULL;
  gboolean created_db = FALSE, created_user = FALSE;
  const char *password;

  g_return_val_if_fail (in != NULL, NULL);

  if (!parse_server (&p, error))
    goto out;
  if (in->admin_user == NULL || *in->admin_user == '\0' || in->admin_password == NULL)
    {
      g_set_error (error, TJ_ERROR, TJ_ERROR_INVALID, _("The administrator’s name and password are needed"));
      goto out;
    }
  /* The code names the user and the role too: ASCII, which every
   * CouchDB accepts in names and URLs. */
  if ((lower = tj_provision_default_database (in->station, error)) == NULL)
    goto out;
  database = g_strdup (in->database ? in->database : lower);
  if (!tj_sync_valid_database_name (database))
    {
      g_set_error (error, TJ_ERROR, TJ_ERROR_INVALID,
                   _("“%s” is not a database name CouchDB accepts (lower-case letters first, then "
                     "letters, digits and _$()+-/)"), database);
      goto out;
    }
  user = g_strconcat ("station-", in->station, NULL);
  {
    g_autofree char *escaped = escape (database);
    db_path = g_strconcat ("/", escaped, NULL);
  }

  if (!connect_admin (&p, error))
    goto out;

  if (!ensure_database (&p, db_path, &created_db, error) ||
      !ensure_user (&p, user, user, in->user_password, &created_user, &generated, error))
    goto out;
  password = in->user_password ? in->user_password : generated;
  if ((security = ensure_security (&p, db_path, user, error)) == NULL)
    goto out;
  if (password && !verify (&p, db_path, user, password, error))
    goto out;

  result = json_object_new ();
  json_object_set_string_member (result, "server", p.base);
  json_object_set_string_member (result, "database", database);
  json_object_set_string_member (result, "user", user);
  json_object_set_string_member (result, "role", user);
  json_object_set_boolean_member (result, "created_database", created_db);
  json_object_set_boolean_member (result, "created_user", created_user);
  json_object_set_boolean_member (result, "password_set", password != NULL);
  json_object_set_object_member (result, "security", g_steal_pointer (&security));
  /* Without a password (an existing user whose password was kept) the
   * login cannot be tried. */
  json_object_set_boolean_member (result, "verified", password != NULL);
  if (generated)
    json_object_set_string_member (result, "password", generated);

out:
  provision_clear (&p);
  return result;
}

/* ------------------------------------------------------------------ */
/* The centre                                                           */

JsonObject *
tj_server_provision_centre (const TjProvisionCentre  *in,
                            GCancellable             *cancellable,
                            GError                  **error)
{
  Provision p = { NULL, in->server_url, in->admin_user, in->admin_password, in->pinned, NULL, NULL, NULL,
                  cancellable };
  g_autoptr(GPtrArray) paths = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(JsonArray) stations = json_array_new ();
  g_autofree char *generated = NULL;
  JsonObject *result = NULL;
  gboolean created_user = FALSE;
  const char *password;
  guint n;

  g_return_val_if_fail (in != NULL, NULL);

  if (!parse_server (&p, error))
    goto out;
  if (in->admin_user == NULL || *in->admin_user == '\0' || in->admin_password == NULL)
    {
      g_set_error (error, TJ_ERROR, TJ_ERROR_INVALID, _("The administrator’s name and password are needed"));
      goto out;
    }
  /* The centre's name names its user and role, as a station's code does. */
  {
    g_autofree char *check = tj_provision_default_database (in->centre, NULL);
    if (check == NULL)
      {
        g_set_error (error, TJ_ERROR, TJ_ERROR_INVALID,
                     _("The centre’s name “%s” can only have ASCII letters, digits, “-” and “_”: on the "
                       "server it names the centre’s user and role"), in->centre ? in->centre : "");
        goto out;
      }
  }
  n = in->codes ? g_strv_length ((char **) in->codes) : 0;
  if (n == 0)
    {
      g_set_error (error, TJ_ERROR, TJ_ERROR_INVALID,
                   _("No station to give the centre access to (register them with tiaojie-cli centre stations "
                     "add, or name them with --stations)"));
      goto out;
    }
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *escaped = NULL;

      if (!tj_sync_valid_database_name (in->databases[i]))
        {
          g_set_error (error, TJ_ERROR, TJ_ERROR_INVALID,
                       _("Station %s: “%s” is not a database name CouchDB accepts"), in->codes[i], in->databases[i]);
          goto out;
        }
      escaped = escape (in->databases[i]);
      g_ptr_array_add (paths, g_strconcat ("/", escaped, NULL));
    }

  if (!connect_admin (&p, error))
    goto out;

  /* Every station's database first: nothing changes when one is missing. */
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(JsonObject) answer = NULL;
      guint status;

      if (!call (&p, p.session, "GET", g_ptr_array_index (paths, i), NULL, TRUE, &status, &answer, error))
        goto out;
      if (status == SOUP_STATUS_NOT_FOUND)
        {
          g_set_error (error, TJ_ERROR, TJ_ERROR_NOT_FOUND,
                       _("Station %s: its database “%s” does not exist on %s; provision the station first "
                         "(tiaojie-cli server provision --station %s); nothing was changed"),
                       in->codes[i], in->databases[i], p.base, in->codes[i]);
          goto out;
        }
      if (!SOUP_STATUS_IS_SUCCESSFUL (status))
        {
          refused (&p, g_ptr_array_index (paths, i), status, answer, error);
          goto out;
        }
    }

  if (!ensure_user (&p, in->centre, in->centre, in->user_password, &created_user, &generated, error))
    goto out;
  password = in->user_password ? in->user_password : generated;
  for (guint i = 0; i < n; i++)
    {
      JsonObject *entry;
      JsonObject *security = ensure_security (&p, g_ptr_array_index (paths, i), in->centre, error);

      if (security == NULL)
        goto out;
      entry = json_object_new ();
      json_object_set_string_member (entry, "code", in->codes[i]);
      json_object_set_string_member (entry, "database", in->databases[i]);
      json_object_set_object_member (entry, "security", security);
      json_array_add_object_element (stations, entry);
    }
  for (guint i = 0; password && i < n; i++)
    if (!verify (&p, g_ptr_array_index (paths, i), in->centre, password, error))
      goto out;

  result = json_object_new ();
  json_object_set_string_member (result, "server", p.base);
  json_object_set_string_member (result, "user", in->centre);
  json_object_set_string_member (result, "role", in->centre);
  json_object_set_boolean_member (result, "created_user", created_user);
  json_object_set_boolean_member (result, "password_set", password != NULL);
  json_object_set_array_member (result, "stations", g_steal_pointer (&stations));
  json_object_set_boolean_member (result, "verified", password != NULL);
  if (generated)
    json_object_set_string_member (result, "password", generated);

out:
  provision_clear (&p);
  return result;
}
