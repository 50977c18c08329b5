/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "tj-replicator.h"
#include "tj-store.h"

G_BEGIN_DECLS

/**
 * TjSyncCheck:
 * @TJ_SYNC_CHECK_OK: the server answers, the password is right and the
 *   user may open the database
 * @TJ_SYNC_CHECK_INCOMPLETE: no server address or database name yet
 * @TJ_SYNC_CHECK_UNREACHABLE: nothing answers at the address (no network,
 *   wrong host or port, server down)
 * @TJ_SYNC_CHECK_TLS: the server's certificate cannot be trusted (or,
 *   with a pinned certificate, the server presented another one)
 * @TJ_SYNC_CHECK_NOT_COUCHDB: something answers, but not CouchDB or
 *   PouchDB Server
 * @TJ_SYNC_CHECK_UNAUTHORIZED: wrong user name or password (401)
 * @TJ_SYNC_CHECK_FORBIDDEN: the user may not use this database (403)
 * @TJ_SYNC_CHECK_NO_DATABASE: the server has no such database (404)
 *
 * The outcome of tj_sync_account_test(), one per thing the user can fix.
 */
typedef enum {
  TJ_SYNC_CHECK_OK,
  TJ_SYNC_CHECK_INCOMPLETE,
  TJ_SYNC_CHECK_UNREACHABLE,
  TJ_SYNC_CHECK_TLS,
  TJ_SYNC_CHECK_NOT_COUCHDB,
  TJ_SYNC_CHECK_UNAUTHORIZED,
  TJ_SYNC_CHECK_FORBIDDEN,
  TJ_SYNC_CHECK_NO_DATABASE,
} TjSyncCheck;

/* "ok", "incomplete", "unreachable", "tls", "not-couchdb",
 * "unauthorized", "forbidden", "no-database". */
const char *tj_sync_check_to_string (TjSyncCheck check);

/**
 * TjSyncAccount:
 *
 * The station's account on the centre's server: address, database and
 * user from the GSettings keys `sync-server-url`, `sync-database`,
 * `sync-user`, `sync-enabled` and `sync-certificate` (followed live:
 * "changed" is emitted when one changes), and the password in the desktop
 * keyring (libsecret,
 * schema `io.github.tiaojie.Tiaojie.Sync`, attributes `server` and
 * `user`) — never in GSettings or the database.
 *
 * When there is no usable keyring (no secret service, no default
 * collection, or it is locked) the password is kept in this process only
 * and tj_sync_account_store_password() says so; nothing fails.
 * `SECRET_BACKEND=file` (libsecret's file backend) is honoured.
 *
 * Display-free; the password functions block (keyring over D-Bus) and the
 * test blocks on the network: call them from a thread, or use the async
 * variants.
 */
#define TJ_TYPE_SYNC_ACCOUNT (tj_sync_account_get_type ())
G_DECLARE_FINAL_TYPE (TjSyncAccount, tj_sync_account, TJ, SYNC_ACCOUNT, GObject)

/* @settings: (nullable): io.github.tiaojie.Tiaojie settings; without them
 * the account is set with tj_sync_account_set() (tests, tools). */
TjSyncAccount *tj_sync_account_new            (GSettings      *settings);
void           tj_sync_account_set            (TjSyncAccount  *self,
                                               const char     *server_url,
                                               const char     *database,
                                               const char     *user,
                                               gboolean        enabled);

const char    *tj_sync_account_get_server_url (TjSyncAccount  *self);
const char    *tj_sync_account_get_database   (TjSyncAccount  *self);
const char    *tj_sync_account_get_user       (TjSyncAccount  *self);
gboolean       tj_sync_account_get_enabled    (TjSyncAccount  *self);
/* A server address and a database name are set. */
gboolean       tj_sync_account_is_configured  (TjSyncAccount  *self);

/* The pinned server certificate (GSettings `sync-certificate`): for a
 * self-hosted server whose certificate the system does not trust, exactly
 * this certificate is accepted as well (by the replicator and by
 * tj_sync_account_test()); any other untrusted one is refused.
 *
 * @pem: (nullable): PEM text; %NULL or blank goes back to the system's
 * trust store. Only the server's own certificate is kept (a private key or
 * a chain in the text is dropped). Garbage is refused with TJ_ERROR_INVALID
 * and changes nothing. Writes the key when the account has settings;
 * emits "changed" when the certificate differs. Main thread. */
gboolean       tj_sync_account_set_certificate_pem  (TjSyncAccount  *self,
                                                     const char     *pem,
                                                     GError        **error);
/* The same from the bytes of a certificate file: PEM text or binary DER
 * (a .crt or .cer exported by Windows). Larger than
 * TJ_SYNC_CERTIFICATE_MAX_SIZE is refused (so a reader may stop after
 * that many bytes and one more); so is an empty file. */
#define TJ_SYNC_CERTIFICATE_MAX_SIZE (256 * 1024)
gboolean       tj_sync_account_set_certificate_data (TjSyncAccount  *self,
                                                     const char     *data,
                                                     gsize           length,
                                                     GError        **error);
/* Returns: (transfer full) (nullable): the pinned certificate, %NULL when
 * the system's trust store decides. Any thread. */
GTlsCertificate *tj_sync_account_dup_certificate    (TjSyncAccount  *self);
/* Returns: (transfer full): the pinned certificate's PEM, "" when none. */
char          *tj_sync_account_dup_certificate_pem  (TjSyncAccount  *self);

/* What a user needs to recognise @certificate: `subject` and `issuer`
 * (RFC 4514, "CN=sync.example.org,O=Centre"), `name` (the subject's
 * common name, else the whole subject), `expires_on` (YYYY-MM-DD, UTC;
 * absent when unknown), `expired` (bool) and `sha256` (the fingerprint,
 * "AB:CD:…", to compare with what the centre says over the phone).
 * Returns: (transfer full). */
JsonObject    *tj_sync_certificate_describe         (GTlsCertificate *certificate);

/* Stores @password (empty: forgets it). Returns %FALSE only on
 * cancellation; *@out_saved tells whether the keyring has it (%FALSE: kept
 * for this session only, and *@out_message, when given, receives the
 * translated explanation). */
gboolean       tj_sync_account_store_password (TjSyncAccount  *self,
                                               const char     *password,
                                               gboolean       *out_saved,
                                               char          **out_message,
                                               GCancellable   *cancellable,
                                               GError        **error);
void           tj_sync_account_store_password_async  (TjSyncAccount       *self,
                                                      const char          *password,
                                                      GCancellable        *cancellable,
                                                      GAsyncReadyCallback  callback,
                                                      gpointer             user_data);
/* Returns %TRUE when the keyring has it; @out_message as above. */
gboolean       tj_sync_account_store_password_finish (TjSyncAccount       *self,
                                                      GAsyncResult        *result,
                                                      char               **out_message,
                                                      GError             **error);
/* The password of the current server and user: this session's, else the
 * keyring's; %NULL when none is known. */
char          *tj_sync_account_dup_password   (TjSyncAccount  *self,
                                               GCancellable   *cancellable);

/* Tries the account against the server: `GET /`, `POST /_session` (when a
 * user is set), `GET /db`. @password: (nullable): %NULL looks it up.
 * *@out_message receives a translated sentence for the user. */
TjSyncCheck    tj_sync_account_test           (TjSyncAccount  *self,
                                               const char     *password,
                                               char          **out_message,
                                               GCancellable   *cancellable);
void           tj_sync_account_test_async     (TjSyncAccount       *self,
                                               const char          *password,
                                               GCancellable        *cancellable,
                                               GAsyncReadyCallback  callback,
                                               gpointer             user_data);
TjSyncCheck    tj_sync_account_test_finish    (TjSyncAccount       *self,
                                               GAsyncResult        *result,
                                               char               **out_message);

/* A replicator for this account on @store, with the pinned certificate
 * when there is one (looks the password up: call from a thread). */
TjReplicator  *tj_sync_account_create_replicator (TjSyncAccount *self,
                                                  TjStore       *store,
                                                  GCancellable  *cancellable);

G_END_DECLS
