/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* What tj_server_provision() sets up on a CouchDB or PouchDB Server, as
 * docs/SYNC.md describes: one database per station, a user with the station's
 * role, and a _security object that lets only that role in. */
typedef struct
{
  const char      *server_url;      /* http(s)://host:port[/prefix] */
  const char      *admin_user;
  const char      *admin_password;
  const char      *station;         /* ASCII letters, digits, '-', '_' */
  const char      *database;        /* NULL: "station-" + station, lower case */
  const char      *user_password;   /* NULL: keep an existing user's, or generate one */
  GTlsCertificate *pinned;          /* nullable: a self-hosted server's certificate */
} TjProvision;

/* The database name a station gets by default, or NULL (with @error)
 * when @station cannot make one (not ASCII letters, digits, '-', '_'). */
char       *tj_provision_default_database (const char        *station,
                                           GError           **error);

/* Creates what is missing and leaves what is there (running it again is
 * harmless): the database, the user "station-CODE" with role
 * "station-CODE" (its password set when @user_password is given; a new
 * user without one gets a generated password, returned once as
 * "password"), and the role among the database's members. Then logs in
 * as the station user and opens the database to prove it works.
 *
 * Returns: (transfer full): {"server", "database", "user", "role",
 * "created_database", "created_user", "password_set", "security",
 * "verified", ["password"]}, or %NULL with @error (TJ_ERROR_DENIED for a
 * refused administrator, TJ_ERROR_NETWORK, TJ_ERROR_INVALID). */
JsonObject *tj_server_provision           (const TjProvision *provision,
                                           GCancellable      *cancellable,
                                           GError           **error);

/* What tj_server_provision_centre() sets up: the centre's user, whose
 * role becomes a member of each station's database (next to the
 * station's own role), so that the centre can pull all of each and push
 * each station its own cases. */
typedef struct
{
  const char         *server_url;
  const char         *admin_user;
  const char         *admin_password;
  const char         *centre;          /* the user and role: ASCII letters, digits, '-', '_' */
  const char * const *codes;           /* the stations … */
  const char * const *databases;       /* … and their databases, as many */
  const char         *user_password;   /* NULL: keep an existing user's, or generate one */
  GTlsCertificate    *pinned;
} TjProvisionCentre;

/* Checks first that every station's database exists (a missing one is
 * TJ_ERROR_NOT_FOUND naming the station, and nothing is changed), then
 * creates the centre's user with its role when missing (a generated
 * password as for stations), adds the role to each database's members
 * (keeping what is there) and logs in as the centre to open each one.
 *
 * Returns: (transfer full): {"server", "user", "role", "created_user",
 * "password_set", "stations": [{"code", "database", "security"}],
 * "verified", ["password"]}, or %NULL with @error. */
JsonObject *tj_server_provision_centre    (const TjProvisionCentre *provision,
                                           GCancellable            *cancellable,
                                           GError                 **error);

G_END_DECLS
