/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The station's account: GSettings mirrored into the object, the pinned
 * certificate, the password in the keyring (or this process), and the
 * replicator made from all of them. */
#define G_LOG_DOMAIN "Tiaojie-Sync"

#include <libsecret/secret.h>
#include <libsoup/soup.h>
#include <string.h>

#include "tj-error.h"
#include "tj-i18n.h"
#include "tj-json.h"
#include "tj-sync-account-private.h"

G_DEFINE_FINAL_TYPE (TjSyncAccount, tj_sync_account, G_TYPE_OBJECT)

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static const SecretSchema password_schema = {
  "io.github.tiaojie.Tiaojie.Sync", SECRET_SCHEMA_NONE,
  {
    { "server", SECRET_SCHEMA_ATTRIBUTE_STRING },
    { "user", SECRET_SCHEMA_ATTRIBUTE_STRING },
    { NULL, 0 },
  },
  0, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
};

/* Passwords kept for this process when no keyring can hold them, and the
 * ones just stored (so a run right after "apply" needs no D-Bus round
 * trip). Keyed by "server\nuser"; shared by every account object, since
 * the preferences window and the scheduler each have their own. */
static GMutex session_lock;
static GHashTable *session_passwords;

static char *
session_key (const char *server,
             const char *user)
{
  return g_strconcat (server ? server : "", "\n", user ? user : "", NULL);
}

static void
session_remember (const char *server,
                  const char *user,
                  const char *password)
{
  g_mutex_lock (&session_lock);
  if (session_passwords == NULL)
    session_passwords = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  if (password && *password)
    g_hash_table_replace (session_passwords, session_key (server, user), g_strdup (password));
  else
    {
      g_autofree char *key = session_key (server, user);
      g_hash_table_remove (session_passwords, key);
    }
  g_mutex_unlock (&session_lock);
}

static char *
session_lookup (const char *server,
                const char *user)
{
  g_autofree char *key = session_key (server, user);
  char *password = NULL;

  g_mutex_lock (&session_lock);
  if (session_passwords)
    password = g_strdup (g_hash_table_lookup (session_passwords, key));
  g_mutex_unlock (&session_lock);
  return password;
}

/* Whether the keyring can take a password without asking anything: a
 * secret service with an unlocked default collection. Asking first keeps
 * gnome-keyring from popping up a "create a keyring" prompt (which, on a
 * test display, nobody would ever answer). libsecret's file backend needs
 * no service. */
/* Whether the session bus has a secret service, running or one it can
 * start. Without one libsecret is not asked at all: its default service,
 * made and dropped from several threads when the name has no owner, makes
 * it warn that its cached instance is "out of sync with the watch for its
 * DBus name". */
static gboolean
secret_service_on_bus (GCancellable *cancellable)
{
  static const char *const name = "org.freedesktop.secrets";
  g_autoptr(GDBusConnection) bus = g_bus_get_sync (G_BUS_TYPE_SESSION, cancellable, NULL);
  g_autoptr(GVariant) owned = NULL;
  g_autoptr(GVariant) activatable = NULL;
  g_autofree const char **names = NULL;
  gboolean has_owner = FALSE;

  if (bus == NULL)
    return FALSE;
  owned = g_dbus_connection_call_sync (bus, "org.freedesktop.DBus", "/org/freedesktop/DBus", "org.freedesktop.DBus",
                                       "NameHasOwner", g_variant_new ("(s)", name), G_VARIANT_TYPE ("(b)"),
                                       G_DBUS_CALL_FLAGS_NONE, -1, cancellable, NULL);
  if (owned)
    g_variant_get (owned, "(b)", &has_owner);
  if (has_owner)
    return TRUE;
  activatable = g_dbus_connection_call_sync (bus, "org.freedesktop.DBus", "/org/freedesktop/DBus",
                                             "org.freedesktop.DBus", "ListActivatableNames", NULL,
                                             G_VARIANT_TYPE ("(as)"), G_DBUS_CALL_FLAGS_NONE, -1, cancellable,
                                             NULL);
  if (activatable == NULL)
    return FALSE;
  g_variant_get (activatable, "(^a&s)", &names);
  return names && g_strv_contains (names, name);
}

static gboolean
keyring_usable (GCancellable *cancellable)
{
  g_autoptr(SecretService) service = NULL;
  g_autoptr(SecretCollection) collection = NULL;
  g_autoptr(GError) error = NULL;

  if (g_strcmp0 (g_getenv ("SECRET_BACKEND"), "file") == 0)
    return TRUE;
  if (!secret_service_on_bus (cancellable))
    {
      g_debug ("No secret service on the session bus");
      return FALSE;
    }

  service = secret_service_get_sync (SECRET_SERVICE_NONE, cancellable, &error);
  if (service == NULL)
    {
      g_debug ("No secret service: %s", error->message);
      return FALSE;
    }
  collection = secret_collection_for_alias_sync (service, SECRET_COLLECTION_DEFAULT,
                                                 SECRET_COLLECTION_NONE, cancellable, &error);
  if (collection == NULL)
    {
      g_debug ("No default keyring collection%s%s", error ? ": " : "", error ? error->message : "");
      return FALSE;
    }
  if (secret_collection_get_locked (collection))
    {
      g_debug ("The default keyring collection is locked");
      return FALSE;
    }
  return TRUE;
}

/* ------------------------------------------------------------------ */
/* The object                                                           */
/* ------------------------------------------------------------------ */

static char *
trimmed (const char *text)
{
  return g_strstrip (g_strdup (text ? text : ""));
}

static gboolean account_update (TjSyncAccount *self,
                                const char    *server_url,
                                const char    *database,
                                const char    *user,
                                gboolean       enabled);

/* Replaces the pinned certificate; TRUE when it differs. */
static gboolean
certificate_update (TjSyncAccount   *self,
                    const char      *pem,
                    GTlsCertificate *certificate)
{
  gboolean changed;

  g_mutex_lock (&self->lock);
  changed = g_strcmp0 (pem, self->certificate_pem) != 0;
  if (changed)
    {
      g_free (self->certificate_pem);
      self->certificate_pem = g_strdup (pem);
      g_set_object (&self->certificate, certificate);
    }
  g_mutex_unlock (&self->lock);
  return changed;
}

/* The key as someone wrote it (this object, tiaojie-cli, dconf): applied
 * when it parses; unusable text leaves the system's trust store in charge,
 * which fails safe (an untrusted server is refused). */
static gboolean
load_certificate (TjSyncAccount *self,
                  const char    *pem)
{
  g_autoptr(GTlsCertificate) certificate = NULL;
  gboolean same;

  g_mutex_lock (&self->lock);
  same = g_strcmp0 (pem, self->certificate_pem) == 0;
  g_mutex_unlock (&self->lock);
  if (same)
    return FALSE;

  if (*pem != '\0')
    {
      g_autoptr(GError) error = NULL;

      certificate = g_tls_certificate_new_from_pem (pem, -1, &error);
      if (certificate == NULL)
        g_message ("The sync-certificate setting holds no usable certificate (%s); "
                   "only the system's trusted certificates apply", error->message);
    }
  return certificate_update (self, pem, certificate);
}

static void
load_settings (TjSyncAccount *self)
{
  g_autofree char *url = g_settings_get_string (self->settings, "sync-server-url");
  g_autofree char *db = g_settings_get_string (self->settings, "sync-database");
  g_autofree char *user = g_settings_get_string (self->settings, "sync-user");
  g_autofree char *pem = self->has_certificate_key ? g_settings_get_string (self->settings, "sync-certificate")
                                                   : g_strdup ("");
  gboolean changed;

  changed = account_update (self, url, db, user, g_settings_get_boolean (self->settings, "sync-enabled"));
  changed |= load_certificate (self, pem);
  if (changed)
    g_signal_emit (self, signals[CHANGED], 0);
}

static void
settings_changed_cb (GSettings     *settings,
                     const char    *key,
                     TjSyncAccount *self)
{
  if (g_str_has_prefix (key, "sync-"))
    load_settings (self);
}

static void
tj_sync_account_finalize (GObject *object)
{
  TjSyncAccount *self = TJ_SYNC_ACCOUNT (object);

  if (self->settings)
    g_signal_handlers_disconnect_by_func (self->settings, settings_changed_cb, self);
  g_clear_object (&self->settings);
  g_free (self->server_url);
  g_free (self->database);
  g_free (self->user);
  g_free (self->certificate_pem);
  g_clear_object (&self->certificate);
  g_mutex_clear (&self->lock);

  G_OBJECT_CLASS (tj_sync_account_parent_class)->finalize (object);
}

static void
tj_sync_account_class_init (TjSyncAccountClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = tj_sync_account_finalize;

  /**
   * TjSyncAccount::changed:
   *
   * The address, database, user, the enabled switch or the pinned
   * certificate changed.
   */
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
tj_sync_account_init (TjSyncAccount *self)
{
  g_mutex_init (&self->lock);
  self->server_url = g_strdup ("");
  self->database = g_strdup ("");
  self->user = g_strdup ("");
  self->certificate_pem = g_strdup ("");
}

TjSyncAccount *
tj_sync_account_new (GSettings *settings)
{
  TjSyncAccount *self = g_object_new (TJ_TYPE_SYNC_ACCOUNT, NULL);

  g_return_val_if_fail (settings == NULL || G_IS_SETTINGS (settings), self);

  if (settings)
    {
      g_autoptr(GSettingsSchema) schema = NULL;

      self->settings = g_object_ref (settings);
      g_object_get (settings, "settings-schema", &schema, NULL);
      self->has_certificate_key = g_settings_schema_has_key (schema, "sync-certificate");
      if (!self->has_certificate_key)
        g_warning ("The compiled settings schema has no key sync-certificate; recompile it");
      g_signal_connect (settings, "changed", G_CALLBACK (settings_changed_cb), self);
      load_settings (self);
    }
  return self;
}

/**
 * tj_sync_account_set:
 *
 * Sets the account (without writing GSettings); emits "changed" when
 * something differs. Surrounding blanks and a trailing slash of the
 * address are dropped.
 */
void
tj_sync_account_set (TjSyncAccount *self,
                     const char    *server_url,
                     const char    *database,
                     const char    *user,
                     gboolean       enabled)
{
  g_return_if_fail (TJ_IS_SYNC_ACCOUNT (self));

  if (account_update (self, server_url, database, user, enabled))
    g_signal_emit (self, signals[CHANGED], 0);
}

static gboolean
account_update (TjSyncAccount *self,
                const char    *server_url,
                const char    *database,
                const char    *user,
                gboolean       enabled)
{
  g_autofree char *url = trimmed (server_url);
  g_autofree char *db = trimmed (database);
  g_autofree char *name = trimmed (user);
  gboolean changed;
  gsize len;

  len = strlen (url);
  while (len > 0 && url[len - 1] == '/')
    url[--len] = '\0';

  g_mutex_lock (&self->lock);
  changed = g_strcmp0 (url, self->server_url) != 0 || g_strcmp0 (db, self->database) != 0 ||
            g_strcmp0 (name, self->user) != 0 || !enabled != !self->enabled;
  if (changed)
    {
      g_free (self->server_url);
      g_free (self->database);
      g_free (self->user);
      self->server_url = g_steal_pointer (&url);
      self->database = g_steal_pointer (&db);
      self->user = g_steal_pointer (&name);
      self->enabled = !!enabled;
    }
  g_mutex_unlock (&self->lock);
  return changed;
}

/* The getters hand out the object's strings: main thread only. Threads use
 * snapshot(). */
const char *
tj_sync_account_get_server_url (TjSyncAccount *self)
{
  g_return_val_if_fail (TJ_IS_SYNC_ACCOUNT (self), NULL);
  return self->server_url;
}

const char *
tj_sync_account_get_database (TjSyncAccount *self)
{
  g_return_val_if_fail (TJ_IS_SYNC_ACCOUNT (self), NULL);
  return self->database;
}

const char *
tj_sync_account_get_user (TjSyncAccount *self)
{
  g_return_val_if_fail (TJ_IS_SYNC_ACCOUNT (self), NULL);
  return self->user;
}

gboolean
tj_sync_account_get_enabled (TjSyncAccount *self)
{
  g_return_val_if_fail (TJ_IS_SYNC_ACCOUNT (self), FALSE);
  return self->enabled;
}

gboolean
tj_sync_account_is_configured (TjSyncAccount *self)
{
  gboolean configured;

  g_return_val_if_fail (TJ_IS_SYNC_ACCOUNT (self), FALSE);

  g_mutex_lock (&self->lock);
  configured = *self->server_url != '\0' && *self->database != '\0';
  g_mutex_unlock (&self->lock);
  return configured;
}

/* ------------------------------------------------------------------ */
/* Pinned certificate                                                   */
/* ------------------------------------------------------------------ */

/* Applies @pem ("" for none) to GSettings and to the object. */
static void
certificate_store (TjSyncAccount   *self,
                   const char      *pem,
                   GTlsCertificate *certificate)
{
  /* The key first, so that a "changed" handler reading it sees the new
   * text; the settings' own echo then finds nothing new. */
  if (self->settings && self->has_certificate_key)
    g_settings_set_string (self->settings, "sync-certificate", pem);
  if (certificate_update (self, pem, certificate))
    g_signal_emit (self, signals[CHANGED], 0);
}

gboolean
tj_sync_account_set_certificate_pem (TjSyncAccount  *self,
                                     const char     *pem,
                                     GError        **error)
{
  g_autoptr(GTlsCertificate) certificate = NULL;
  g_autofree char *leaf = NULL;
  g_autofree char *text = trimmed (pem);

  g_return_val_if_fail (TJ_IS_SYNC_ACCOUNT (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (*text == '\0')
    {
      certificate_store (self, "", NULL);
      return TRUE;
    }
  certificate = _tj_sync_certificate_parse (text, &leaf, error);
  if (certificate == NULL)
    return FALSE;
  certificate_store (self, leaf, certificate);
  return TRUE;
}

gboolean
tj_sync_account_set_certificate_data (TjSyncAccount  *self,
                                      const char     *data,
                                      gsize           length,
                                      GError        **error)
{
  g_autoptr(GTlsCertificate) certificate = NULL;
  g_autofree char *leaf = NULL;
  g_autofree char *pem = NULL;

  g_return_val_if_fail (TJ_IS_SYNC_ACCOUNT (self), FALSE);
  g_return_val_if_fail (data != NULL || length == 0, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (length > TJ_SYNC_CERTIFICATE_MAX_SIZE)
    {
      /* The size limit, not @length: a caller may stop reading there. */
      g_autofree char *size = g_format_size (TJ_SYNC_CERTIFICATE_MAX_SIZE);
      g_set_error (error, TJ_ERROR, TJ_ERROR_INVALID,
                   _("The file is too large to be a certificate (more than %s)."), size);
      return FALSE;
    }
  if (length == 0)
    {
      g_set_error_literal (error, TJ_ERROR, TJ_ERROR_INVALID, _("The file is empty."));
      return FALSE;
    }

  if (g_strstr_len (data, length, "-----BEGIN") == NULL && (guchar) data[0] == 0x30)
    {
      /* Binary DER (an ASN.1 SEQUENCE), as Windows exports .cer files:
       * wrapped into PEM, which is what GLib parses and the setting holds. */
      g_autofree char *base64 = g_base64_encode ((const guchar *) data, length);
      GString *text = g_string_new ("-----BEGIN CERTIFICATE-----\n");
      gsize total = strlen (base64);

      for (gsize i = 0; i < total; i += 64)
        {
          g_string_append_len (text, base64 + i, MIN (64, total - i));
          g_string_append_c (text, '\n');
        }
      g_string_append (text, "-----END CERTIFICATE-----\n");
      pem = g_string_free (text, FALSE);
    }
  else
    pem = g_strndup (data, length);

  certificate = _tj_sync_certificate_parse (pem, &leaf, error);
  if (certificate == NULL)
    return FALSE;
  certificate_store (self, leaf, certificate);
  return TRUE;
}

GTlsCertificate *
tj_sync_account_dup_certificate (TjSyncAccount *self)
{
  GTlsCertificate *certificate;

  g_return_val_if_fail (TJ_IS_SYNC_ACCOUNT (self), NULL);

  g_mutex_lock (&self->lock);
  certificate = self->certificate ? g_object_ref (self->certificate) : NULL;
  g_mutex_unlock (&self->lock);
  return certificate;
}

char *
tj_sync_account_dup_certificate_pem (TjSyncAccount *self)
{
  char *pem;

  g_return_val_if_fail (TJ_IS_SYNC_ACCOUNT (self), NULL);

  g_mutex_lock (&self->lock);
  pem = g_strdup (self->certificate ? self->certificate_pem : "");
  g_mutex_unlock (&self->lock);
  return pem;
}

void
_tj_sync_account_snapshot_free (TjSyncAccountSnapshot *snap)
{
  g_free (snap->server_url);
  g_free (snap->database);
  g_free (snap->user);
  if (snap->password)
    memset (snap->password, 0, strlen (snap->password));
  g_free (snap->password);
  g_free (snap->message);
  g_clear_object (&snap->certificate);
  g_free (snap);
}

TjSyncAccountSnapshot *
_tj_sync_account_snapshot (TjSyncAccount *self,
                           const char    *password)
{
  TjSyncAccountSnapshot *snap = g_new0 (TjSyncAccountSnapshot, 1);

  g_mutex_lock (&self->lock);
  snap->server_url = g_strdup (self->server_url);
  snap->database = g_strdup (self->database);
  snap->user = g_strdup (self->user);
  snap->certificate = self->certificate ? g_object_ref (self->certificate) : NULL;
  g_mutex_unlock (&self->lock);
  snap->password = g_strdup (password);
  return snap;
}

/* ------------------------------------------------------------------ */
/* Password                                                             */
/* ------------------------------------------------------------------ */

static gboolean
store_password (const char    *server,
                const char    *user,
                const char    *password,
                gboolean      *out_saved,
                char         **out_message,
                GCancellable  *cancellable,
                GError       **error)
{
  g_autoptr(GError) local_error = NULL;
  gboolean saved = FALSE;

  /* Always usable in this session, whatever the keyring says. */
  session_remember (server, user, password);

  if (keyring_usable (cancellable))
    {
      if (password == NULL || *password == '\0')
        {
          secret_password_clear_sync (&password_schema, cancellable, &local_error,
                                      "server", server, "user", user, NULL);
          saved = local_error == NULL;
        }
      else
        {
          g_autofree char *label = g_strdup_printf (_("Tiaojie sync password for %s at %s"),
                                                    *user ? user : "-", server);
          saved = secret_password_store_sync (&password_schema, SECRET_COLLECTION_DEFAULT, label,
                                              password, cancellable, &local_error,
                                              "server", server, "user", user, NULL);
        }
      if (!saved && local_error)
        g_debug ("The keyring refused the password: %s", local_error->message);
    }

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;

  if (out_saved)
    *out_saved = saved;
  if (out_message)
    *out_message = saved ? NULL : g_strdup (_("No keyring available: the password is not saved. "
                                              "It is kept until Tiaojie is closed."));
  return TRUE;
}

gboolean
tj_sync_account_store_password (TjSyncAccount  *self,
                                const char     *password,
                                gboolean       *out_saved,
                                char          **out_message,
                                GCancellable   *cancellable,
                                GError        **error)
{
  g_autoptr(TjSyncAccountSnapshot) snap = NULL;

  g_return_val_if_fail (TJ_IS_SYNC_ACCOUNT (self), FALSE);

  snap = _tj_sync_account_snapshot (self, password);
  return store_password (snap->server_url, snap->user, snap->password, out_saved, out_message,
                         cancellable, error);
}

static void
store_password_thread (GTask        *task,
                       gpointer      source,
                       gpointer      task_data,
                       GCancellable *cancellable)
{
  TjSyncAccountSnapshot *snap = task_data;
  GError *error = NULL;
  gboolean saved = FALSE;

  if (!store_password (snap->server_url, snap->user, snap->password, &saved, &snap->message,
                       cancellable, &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, saved);
}

void
tj_sync_account_store_password_async (TjSyncAccount       *self,
                                      const char          *password,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (TJ_IS_SYNC_ACCOUNT (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, tj_sync_account_store_password_async);
  g_task_set_task_data (task, _tj_sync_account_snapshot (self, password), (GDestroyNotify) _tj_sync_account_snapshot_free);
  g_task_run_in_thread (task, store_password_thread);
}

gboolean
tj_sync_account_store_password_finish (TjSyncAccount  *self,
                                       GAsyncResult   *result,
                                       char          **out_message,
                                       GError        **error)
{
  TjSyncAccountSnapshot *snap;

  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  snap = g_task_get_task_data (G_TASK (result));
  if (out_message)
    *out_message = g_strdup (snap->message);
  return g_task_propagate_boolean (G_TASK (result), error);
}

char *
_tj_sync_account_lookup_password (const char   *server,
                                  const char   *user,
                                  GCancellable *cancellable)
{
  g_autoptr(GError) error = NULL;
  char *password = session_lookup (server, user);

  if (password != NULL)
    return password;
  if (!keyring_usable (cancellable))
    return NULL;
  password = secret_password_lookup_sync (&password_schema, cancellable, &error,
                                          "server", server, "user", user, NULL);
  if (error)
    g_debug ("Could not read the password from the keyring: %s", error->message);
  if (password)
    {
      /* Copy out of libsecret's secure memory; remember it so that later
       * runs do not ask D-Bus again. */
      char *copy = g_strdup (password);
      secret_password_free (password);
      session_remember (server, user, copy);
      return copy;
    }
  return NULL;
}

char *
tj_sync_account_dup_password (TjSyncAccount *self,
                              GCancellable  *cancellable)
{
  g_autoptr(TjSyncAccountSnapshot) snap = NULL;

  g_return_val_if_fail (TJ_IS_SYNC_ACCOUNT (self), NULL);

  snap = _tj_sync_account_snapshot (self, NULL);
  return _tj_sync_account_lookup_password (snap->server_url, snap->user, cancellable);
}

TjReplicator *
tj_sync_account_create_replicator (TjSyncAccount *self,
                                   TjStore       *store,
                                   GCancellable  *cancellable)
{
  g_autoptr(TjSyncAccountSnapshot) snap = NULL;
  TjReplicator *replicator;

  g_return_val_if_fail (TJ_IS_SYNC_ACCOUNT (self), NULL);
  g_return_val_if_fail (TJ_IS_STORE (store), NULL);

  snap = _tj_sync_account_snapshot (self, NULL);
  snap->password = _tj_sync_account_lookup_password (snap->server_url, snap->user, cancellable);
  replicator = tj_replicator_new (store, snap->server_url, snap->database,
                                  *snap->user ? snap->user : NULL, snap->password);
  if (snap->certificate)
    tj_replicator_set_pinned_certificate (replicator, snap->certificate);
  return replicator;
}
