/* SPDX-License-Identifier: GPL-3.0-or-later */
/* What the files of TjSyncAccount share:
 *   tj-sync-account.c        the object, its settings, the pinned
 *                            certificate and the password
 *   tj-sync-account-check.c  "Test connection" against the server
 *   tj-sync-certificate.c    reading and describing a certificate
 * Names shared between those files start with "_". */
#pragma once

#include "tj-sync-account.h"

G_BEGIN_DECLS

/* The account lives in GSettings and the keyring; this object only mirrors
 * the settings and knows how to reach the password. The fields are read
 * from worker threads (tests of the connection, sync runs), so they are
 * guarded by a mutex and copied out. */
struct _TjSyncAccount
{
  GObject    parent_instance;

  GMutex     lock;
  GSettings *settings;
  char      *server_url;
  char      *database;
  char      *user;
  gboolean   enabled;
  /* The text of `sync-certificate` as last applied ("" when none) and the
   * certificate parsed from it (NULL when none or unusable). A
   * GTlsCertificate is immutable, so threads share a reference. */
  char            *certificate_pem;
  GTlsCertificate *certificate;
  /* A schema compiled before the key existed (a stale build tree) must
   * not abort the application: then nothing is pinned or written. */
  gboolean         has_certificate_key;
};

/* The account's fields copied out under the lock, for a worker thread. */
typedef struct
{
  char *server_url;
  char *database;
  char *user;
  char *password;
  char *message;
  GTlsCertificate *certificate;
} TjSyncAccountSnapshot;

TjSyncAccountSnapshot *_tj_sync_account_snapshot        (TjSyncAccount          *self,
                                                         const char             *password);
void                   _tj_sync_account_snapshot_free   (TjSyncAccountSnapshot  *snap);
/* The password of @server and @user: this process's, else the keyring's. */
char                  *_tj_sync_account_lookup_password (const char             *server,
                                                         const char             *user,
                                                         GCancellable           *cancellable);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TjSyncAccountSnapshot, _tj_sync_account_snapshot_free)

/* tj-sync-certificate.c */
GTlsCertificate       *_tj_sync_certificate_parse       (const char             *pem,
                                                         char                  **out_pem,
                                                         GError                **error);

G_END_DECLS
