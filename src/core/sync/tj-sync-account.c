/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Tiaojie-Sync"

#include <libsecret/secret.h>
#include <libsoup/soup.h>
#include <string.h>

#include "tj-error.h"
#include "tj-i18n.h"
#include "tj-json.h"
#include "tj-sync-account.h"

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
static gboolean
keyring_usable (GCancellable *cancellable)
{
  g_autoptr(SecretService) service = NULL;
  g_autoptr(SecretCollection) collection = NULL;
  g_autoptr(GError) error = NULL;

  if (g_strcmp0 (g_getenv ("SECRET_BACKEND"), "file") == 0)
    return TRUE;

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

const char *
tj_sync_check_to_string (TjSyncCheck check)
{
  switch (check)
    {
    case TJ_SYNC_CHECK_OK: return "ok";
    case TJ_SYNC_CHECK_INCOMPLETE: return "incomplete";
    case TJ_SYNC_CHECK_UNREACHABLE: return "unreachable";
    case TJ_SYNC_CHECK_TLS: return "tls";
    case TJ_SYNC_CHECK_NOT_COUCHDB: return "not-couchdb";
    case TJ_SYNC_CHECK_UNAUTHORIZED: return "unauthorized";
    case TJ_SYNC_CHECK_FORBIDDEN: return "forbidden";
    case TJ_SYNC_CHECK_NO_DATABASE: return "no-database";
    default: return "unknown";
    }
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

/* Parses @pem and keeps only the server's own certificate: a private key
 * or the rest of a chain pasted along never reaches the settings. */
static GTlsCertificate *
parse_certificate (const char *pem,
                   char      **out_pem,
                   GError    **error)
{
  g_autoptr(GTlsCertificate) parsed = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *leaf = NULL;
  GTlsCertificate *certificate = NULL;

  parsed = g_tls_certificate_new_from_pem (pem, -1, &local_error);
  if (parsed != NULL)
    {
      g_object_get (parsed, "certificate-pem", &leaf, NULL);
      if (leaf != NULL)
        certificate = g_tls_certificate_new_from_pem (leaf, -1, &local_error);
    }
  if (certificate == NULL)
    {
      g_set_error (error, TJ_ERROR, TJ_ERROR_INVALID,
                   _("This is not a certificate in PEM or DER form (%s). Choose the server’s "
                     "certificate, usually a .pem or .crt file from the centre."),
                   local_error ? local_error->message : "certificate-pem");
      return NULL;
    }
  *out_pem = g_steal_pointer (&leaf);
  return certificate;
}

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
  certificate = parse_certificate (text, &leaf, error);
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

  certificate = parse_certificate (pem, &leaf, error);
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

/* The value of the first CN of an RFC 4514 distinguished name, with its
 * escapes ("\,", "\2C") undone; NULL when there is none. */
static char *
common_name (const char *dn)
{
  const char *p = dn;

  while (*p)
    {
      g_autoptr(GString) type = g_string_new (NULL);
      g_autoptr(GString) value = g_string_new (NULL);

      while (*p == ' ')
        p++;
      while (*p && *p != '=' && *p != ',' && *p != '+')
        g_string_append_c (type, *p++);
      if (*p == '=')
        p++;
      while (*p && *p != ',' && *p != '+')
        {
          if (*p == '\\' && g_ascii_isxdigit (p[1]) && g_ascii_isxdigit (p[2]))
            {
              g_string_append_c (value, (char) (g_ascii_xdigit_value (p[1]) * 16 +
                                                g_ascii_xdigit_value (p[2])));
              p += 3;
            }
          else if (*p == '\\' && p[1])
            {
              g_string_append_c (value, p[1]);
              p += 2;
            }
          else
            g_string_append_c (value, *p++);
        }
      if (*p)
        p++;
      g_strstrip (type->str);
      if ((g_ascii_strcasecmp (type->str, "CN") == 0 || g_str_equal (type->str, "2.5.4.3")) &&
          value->len > 0 && g_utf8_validate (value->str, -1, NULL))
        return g_string_free (g_steal_pointer (&value), FALSE);
    }
  return NULL;
}

JsonObject *
tj_sync_certificate_describe (GTlsCertificate *certificate)
{
  g_autofree char *subject = NULL;
  g_autofree char *issuer = NULL;
  g_autofree char *name = NULL;
  g_autoptr(GDateTime) not_after = NULL;
  g_autoptr(GByteArray) der = NULL;
  JsonObject *info;

  g_return_val_if_fail (G_IS_TLS_CERTIFICATE (certificate), NULL);

  info = json_object_new ();
  subject = g_tls_certificate_get_subject_name (certificate);
  issuer = g_tls_certificate_get_issuer_name (certificate);
  name = subject ? common_name (subject) : NULL;
  json_object_set_string_member (info, "subject", subject ? subject : "");
  json_object_set_string_member (info, "name", name ? name : subject ? subject : "");
  json_object_set_string_member (info, "issuer", issuer ? issuer : "");

  not_after = g_tls_certificate_get_not_valid_after (certificate);
  if (not_after)
    {
      g_autoptr(GDateTime) utc = g_date_time_to_utc (not_after);
      g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
      g_autofree char *date = g_date_time_format (utc, "%Y-%m-%d");

      json_object_set_string_member (info, "expires_on", date);
      json_object_set_boolean_member (info, "expired", g_date_time_compare (utc, now) < 0);
    }
  else
    json_object_set_boolean_member (info, "expired", FALSE);

  g_object_get (certificate, "certificate", &der, NULL);
  if (der)
    {
      g_autofree char *hex = g_compute_checksum_for_data (G_CHECKSUM_SHA256, der->data, der->len);
      g_autoptr(GString) fingerprint = g_string_new (NULL);

      for (gsize i = 0; hex[i] && hex[i + 1]; i += 2)
        {
          if (i > 0)
            g_string_append_c (fingerprint, ':');
          g_string_append_c (fingerprint, g_ascii_toupper (hex[i]));
          g_string_append_c (fingerprint, g_ascii_toupper (hex[i + 1]));
        }
      json_object_set_string_member (info, "sha256", fingerprint->str);
    }
  return info;
}

typedef struct
{
  char *server_url;

  char *database;
  char *user;
  char *password;
  char *message;
  GTlsCertificate *certificate;
} Snapshot;

static void
snapshot_free (Snapshot *snap)
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

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Snapshot, snapshot_free)

static Snapshot *
snapshot (TjSyncAccount *self,
          const char    *password)
{
  Snapshot *snap = g_new0 (Snapshot, 1);

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
store_password (const char   *server,
                const char   *user,
                const char   *password,
                gboolean     *out_saved,
                char        **out_message,
                GCancellable *cancellable,
                GError      **error)
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
tj_sync_account_store_password (TjSyncAccount *self,
                                const char    *password,
                                gboolean      *out_saved,
                                char         **out_message,
                                GCancellable  *cancellable,
                                GError       **error)
{
  g_autoptr(Snapshot) snap = NULL;

  g_return_val_if_fail (TJ_IS_SYNC_ACCOUNT (self), FALSE);

  snap = snapshot (self, password);
  return store_password (snap->server_url, snap->user, snap->password, out_saved, out_message,
                         cancellable, error);
}

static void
store_password_thread (GTask        *task,
                       gpointer      source,
                       gpointer      task_data,
                       GCancellable *cancellable)
{
  Snapshot *snap = task_data;
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
  g_task_set_task_data (task, snapshot (self, password), (GDestroyNotify) snapshot_free);
  g_task_run_in_thread (task, store_password_thread);
}

gboolean
tj_sync_account_store_password_finish (TjSyncAccount *self,
                                       GAsyncResult  *result,
                                       char         **out_message,
                                       GError       **error)
{
  Snapshot *snap;

  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  snap = g_task_get_task_data (G_TASK (result));
  if (out_message)
    *out_message = g_strdup (snap->message);
  return g_task_propagate_boolean (G_TASK (result), error);
}

static char *
lookup_password (const char   *server,
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
  g_autoptr(Snapshot) snap = NULL;

  g_return_val_if_fail (TJ_IS_SYNC_ACCOUNT (self), NULL);

  snap = snapshot (self, NULL);
  return lookup_password (snap->server_url, snap->user, cancellable);
}

/* ------------------------------------------------------------------ */
/* Test connection                                                      */
/* ------------------------------------------------------------------ */

/* What the pinned certificate made of the server's. */
typedef struct
{
  GTlsCertificate *pinned;
  gboolean         other_presented;
} PinCheck;

static GBytes *
send (SoupSession  *session,
      SoupMessage  *msg,
      PinCheck     *pin,
      GCancellable *cancellable,
      GError      **error)
{
  GBytes *body;

  soup_message_headers_replace (soup_message_get_request_headers (msg), "Accept", "application/json");
  body = soup_session_send_and_read (session, msg, cancellable, error);
  /* As the replicator: a certificate the system trusts but that is not
   * the pinned one is refused. */
  if (body && !tj_sync_pinned_check (msg, pin->pinned, error))
    {
      pin->other_presented = TRUE;
      g_clear_pointer (&body, g_bytes_unref);
    }
  return body;
}

static JsonObject *
parse_object (GBytes *body)
{
  g_autoptr(JsonNode) node = NULL;

  if (body == NULL || g_bytes_get_size (body) == 0 || g_bytes_get_size (body) > 1024 * 1024)
    return NULL;
  node = tj_json_parse (g_bytes_get_data (body, NULL), g_bytes_get_size (body), NULL);
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return NULL;
  return json_object_ref (json_node_get_object (node));
}

static gboolean
accept_pinned_cb (SoupMessage          *msg,
                  GTlsCertificate      *peer,
                  GTlsCertificateFlags  errors,
                  PinCheck             *pin)
{
  /* As the replicator: only reached when normal verification failed, and
   * then exactly the pinned certificate is accepted. */
  if (peer != NULL && g_tls_certificate_is_same (peer, pin->pinned))
    return TRUE;
  pin->other_presented = TRUE;
  return FALSE;
}

static SoupMessage *
new_message (const char *method,
             const char *url,
             PinCheck   *pin)
{
  SoupMessage *msg = soup_message_new (method, url);

  if (msg && pin->pinned)
    g_signal_connect (msg, "accept-certificate", G_CALLBACK (accept_pinned_cb), pin);
  return msg;
}

static TjSyncCheck
transport_failure (GError    *error,
                   PinCheck  *pin,
                   char     **out_message)
{
  if (error->domain == G_TLS_ERROR && pin->other_presented)
    {
      *out_message = g_strdup_printf (_("The server presented a different certificate than the pinned "
                                        "one (%s). If the centre has replaced its certificate, choose "
                                        "the new one; otherwise do not sync over this network."),
                                      error->message);
      return TJ_SYNC_CHECK_TLS;
    }
  if (error->domain == G_TLS_ERROR)
    {
      *out_message = g_strdup_printf (_("The server’s certificate cannot be trusted (%s). "
                                        "Check the address, or ask the centre about its certificate."),
                                      error->message);
      return TJ_SYNC_CHECK_TLS;
    }
  *out_message = g_strdup_printf (_("The server cannot be reached (%s). "
                                    "Check the address and the network connection."),
                                  error->message);
  return TJ_SYNC_CHECK_UNREACHABLE;
}

static TjSyncCheck
test_connection (Snapshot     *snap,
                 GCancellable *cancellable,
                 char        **out_message)
{
  g_autoptr(SoupSession) session = NULL;
  g_autoptr(SoupMessage) msg = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(JsonObject) info = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GUri) uri = NULL;
  g_autofree char *root = NULL;
  g_autofree char *db_url = NULL;
  g_autofree char *escaped = NULL;
  gboolean have_cookie = FALSE;
  PinCheck pin = { snap->certificate, FALSE };
  guint status;

  if (*snap->server_url == '\0' || *snap->database == '\0')
    {
      *out_message = g_strdup (_("Enter the server address and the database name first."));
      return TJ_SYNC_CHECK_INCOMPLETE;
    }
  uri = g_uri_parse (snap->server_url, G_URI_FLAGS_NONE, NULL);
  if (uri == NULL || g_uri_get_host (uri) == NULL || *g_uri_get_host (uri) == '\0' ||
      (g_strcmp0 (g_uri_get_scheme (uri), "http") != 0 && g_strcmp0 (g_uri_get_scheme (uri), "https") != 0))
    {
      *out_message = g_strdup (_("The server address must look like https://sync.example.org:6984"));
      return TJ_SYNC_CHECK_INCOMPLETE;
    }

  /* The system proxy settings apply (libsoup's default resolver); the
   * cookie jar keeps the _session cookie for the database request. */
  session = soup_session_new_with_options ("timeout", 15, "user-agent", "Tiaojie", NULL);
  soup_session_add_feature_by_type (session, SOUP_TYPE_COOKIE_JAR);

  /* 1. Is anything there, and is it CouchDB? */
  root = g_strconcat (snap->server_url, "/", NULL);
  msg = new_message ("GET", root, &pin);
  if (msg == NULL)
    {
      *out_message = g_strdup (_("The server address must look like https://sync.example.org:6984"));
      return TJ_SYNC_CHECK_INCOMPLETE;
    }
  body = send (session, msg, &pin, cancellable, &error);
  if (body == NULL)
    return transport_failure (error, &pin, out_message);
  status = soup_message_get_status (msg);
  info = parse_object (body);
  /* CouchDB with require_valid_user answers 401 even here. */
  if (status != SOUP_STATUS_UNAUTHORIZED &&
      (info == NULL || !(json_object_has_member (info, "couchdb") ||
                         json_object_has_member (info, "express-pouchdb") ||
                         json_object_has_member (info, "uuid"))))
    {
      *out_message = g_strdup (_("Something answers at this address, but it is not a CouchDB or "
                                 "PouchDB server. Check the address and the port."));
      return TJ_SYNC_CHECK_NOT_COUCHDB;
    }
  g_clear_object (&msg);
  g_clear_pointer (&body, g_bytes_unref);

  /* 2. The password, by a cookie session like the replicator. */
  if (*snap->user != '\0')
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();
      g_autoptr(JsonNode) node = NULL;
      g_autofree char *login_url = g_strconcat (snap->server_url, "/_session", NULL);
      g_autofree char *text = NULL;
      g_autoptr(GBytes) request = NULL;

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "name");
      json_builder_add_string_value (builder, snap->user);
      json_builder_set_member_name (builder, "password");
      json_builder_add_string_value (builder, snap->password ? snap->password : "");
      json_builder_end_object (builder);
      node = json_builder_get_root (builder);
      text = tj_json_to_string (node, FALSE);
      request = g_bytes_new (text, strlen (text));
      msg = new_message ("POST", login_url, &pin);
      soup_message_set_request_body_from_bytes (msg, "application/json", request);
      body = send (session, msg, &pin, cancellable, &error);
      if (body == NULL)
        return transport_failure (error, &pin, out_message);
      status = soup_message_get_status (msg);
      if (status == SOUP_STATUS_UNAUTHORIZED || status == SOUP_STATUS_FORBIDDEN)
        {
          *out_message = g_strdup_printf (_("The server refused user “%s” with this password. "
                                            "Check the user name and the password."),
                                          snap->user);
          return TJ_SYNC_CHECK_UNAUTHORIZED;
        }
      have_cookie = SOUP_STATUS_IS_SUCCESSFUL (status);
      g_clear_object (&msg);
      g_clear_pointer (&body, g_bytes_unref);
    }

  /* 3. The database. */
  escaped = g_uri_escape_string (snap->database, NULL, FALSE);
  db_url = g_strconcat (snap->server_url, "/", escaped, NULL);
  msg = new_message ("GET", db_url, &pin);
  if (msg == NULL)
    {
      *out_message = g_strdup_printf (_("“%s” cannot be a database name."), snap->database);
      return TJ_SYNC_CHECK_NO_DATABASE;
    }
  if (*snap->user != '\0' && !have_cookie)
    {
      /* No _session endpoint: Basic, as the replicator falls back to. */
      g_autofree char *pair = g_strconcat (snap->user, ":", snap->password ? snap->password : "", NULL);
      g_autofree char *encoded = g_base64_encode ((const guchar *) pair, strlen (pair));
      g_autofree char *header = g_strconcat ("Basic ", encoded, NULL);
      soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", header);
    }
  body = send (session, msg, &pin, cancellable, &error);
  if (body == NULL)
    return transport_failure (error, &pin, out_message);
  status = soup_message_get_status (msg);
  switch (status)
    {
    case SOUP_STATUS_OK:
      {
        g_autoptr(JsonObject) db = parse_object (body);
        gint64 count = db ? tj_json_get_int (db, "doc_count", -1) : -1;

        if (db == NULL || count < 0)
          {
            *out_message = g_strdup (_("Something answers at this address, but it is not a CouchDB or "
                                       "PouchDB server. Check the address and the port."));
            return TJ_SYNC_CHECK_NOT_COUCHDB;
          }
        g_autofree char *number = g_strdup_printf ("%" G_GINT64_FORMAT, count);

        /* Translators: %s are the database name and its number of documents. */
        *out_message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                     "Connected: database “%s” holds %s document.",
                                                     "Connected: database “%s” holds %s documents.",
                                                     (gulong) MIN (count, G_MAXLONG)),
                                        snap->database, number);
        return TJ_SYNC_CHECK_OK;
      }
    case SOUP_STATUS_UNAUTHORIZED:
      /* The password was just accepted by _session: a server that answers
       * 401 rather than 403 for a member of another station (PouchDB
       * Server does) means "not yours". */
      if (have_cookie)
        goto forbidden;
      if (*snap->user == '\0')
        *out_message = g_strdup (_("The server needs a user name and a password."));
      else
        *out_message = g_strdup_printf (_("The server refused user “%s” with this password. "
                                          "Check the user name and the password."),
                                        snap->user);
      return TJ_SYNC_CHECK_UNAUTHORIZED;
    case SOUP_STATUS_FORBIDDEN:
    forbidden:
      *out_message = g_strdup_printf (_("User “%s” may not use database “%s”. Ask the centre to "
                                        "give this station’s role access to it."),
                                      *snap->user ? snap->user : _("(anonymous)"), snap->database);
      return TJ_SYNC_CHECK_FORBIDDEN;
    case SOUP_STATUS_NOT_FOUND:
      *out_message = g_strdup_printf (_("The server has no database “%s”. Check the name, or ask the "
                                        "centre to create it (tiaojie-cli server provision)."),
                                      snap->database);
      return TJ_SYNC_CHECK_NO_DATABASE;
    default:
      *out_message = g_strdup_printf (_("The server answered “%u %s” for database “%s”. Try again "
                                        "later, or ask the centre."),
                                      status, soup_message_get_reason_phrase (msg) ? soup_message_get_reason_phrase (msg) : "",
                                      snap->database);
      return TJ_SYNC_CHECK_UNREACHABLE;
    }
}

TjSyncCheck
tj_sync_account_test (TjSyncAccount *self,
                      const char    *password,
                      char         **out_message,
                      GCancellable  *cancellable)
{
  g_autoptr(Snapshot) snap = NULL;
  g_autofree char *message = NULL;
  TjSyncCheck check;

  g_return_val_if_fail (TJ_IS_SYNC_ACCOUNT (self), TJ_SYNC_CHECK_INCOMPLETE);

  snap = snapshot (self, password);
  if (snap->password == NULL)
    snap->password = lookup_password (snap->server_url, snap->user, cancellable);
  check = test_connection (snap, cancellable, &message);
  g_debug ("Connection test of %s/%s: %s", snap->server_url, snap->database,
           tj_sync_check_to_string (check));
  if (out_message)
    *out_message = g_steal_pointer (&message);
  return check;
}

static void
test_thread (GTask        *task,
             gpointer      source,
             gpointer      task_data,
             GCancellable *cancellable)
{
  Snapshot *snap = task_data;
  TjSyncCheck check;

  if (snap->password == NULL)
    snap->password = lookup_password (snap->server_url, snap->user, cancellable);
  check = test_connection (snap, cancellable, &snap->message);
  g_task_return_int (task, check);
}

void
tj_sync_account_test_async (TjSyncAccount       *self,
                            const char          *password,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (TJ_IS_SYNC_ACCOUNT (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, tj_sync_account_test_async);
  g_task_set_return_on_cancel (task, FALSE);
  g_task_set_task_data (task, snapshot (self, password), (GDestroyNotify) snapshot_free);
  g_task_run_in_thread (task, test_thread);
}

TjSyncCheck
tj_sync_account_test_finish (TjSyncAccount *self,
                             GAsyncResult  *result,
                             char         **out_message)
{
  Snapshot *snap;
  g_autoptr(GError) error = NULL;
  gssize check;

  g_return_val_if_fail (g_task_is_valid (result, self), TJ_SYNC_CHECK_INCOMPLETE);

  snap = g_task_get_task_data (G_TASK (result));
  check = g_task_propagate_int (G_TASK (result), &error);
  if (error)
    {
      if (out_message)
        *out_message = g_strdup (error->message);
      return TJ_SYNC_CHECK_UNREACHABLE;
    }
  if (out_message)
    *out_message = g_strdup (snap->message);
  return (TjSyncCheck) check;
}

TjReplicator *
tj_sync_account_create_replicator (TjSyncAccount *self,
                                   TjStore       *store,
                                   GCancellable  *cancellable)
{
  g_autoptr(Snapshot) snap = NULL;
  TjReplicator *replicator;

  g_return_val_if_fail (TJ_IS_SYNC_ACCOUNT (self), NULL);
  g_return_val_if_fail (TJ_IS_STORE (store), NULL);

  snap = snapshot (self, NULL);
  snap->password = lookup_password (snap->server_url, snap->user, cancellable);
  replicator = tj_replicator_new (store, snap->server_url, snap->database,
                                  *snap->user ? snap->user : NULL, snap->password);
  if (snap->certificate)
    tj_replicator_set_pinned_certificate (replicator, snap->certificate);
  return replicator;
}
