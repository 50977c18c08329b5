/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The pinned server certificate of the sync account: validation, the
 * GSettings key `sync-certificate`, "changed", the description shown in
 * the preferences and the replicator it pins. Runs with the memory
 * settings backend and the schema compiled in the build tree. */

#include <glib/gstdio.h>
#include <string.h>

#include "tj-error.h"
#include "tj-json.h"
#include "tj-store.h"
#include "tj-sync-account.h"
#include "tj-test-util.h"

#define CERT_SHA256 "B2:FD:C1:46:F7:96:29:64:AF:A2:9C:2C:57:C0:83:11:4A:4E:B4:C5:B0:2E:6A:13:41:05:58:F9:D5:43:8C:B0"
#define OTHER_SHA256 "48:A6:47:BC:D6:88:5D:69:8B:8D:47:BC:EC:54:2E:B0:C6:E8:DF:34:78:B7:60:4F:DD:44:CE:23:53:B8:77:4C"

static char *
read_test_file (const char *name,
                gsize      *out_length)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "integration", name, NULL);
  g_autoptr(GError) error = NULL;
  char *contents = NULL;

  g_assert_true (g_file_get_contents (path, &contents, out_length, &error));
  g_assert_no_error (error);
  return contents;
}

static GTlsCertificate *
load_test_certificate (const char *name)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "integration", name, NULL);
  g_autoptr(GError) error = NULL;
  GTlsCertificate *certificate = g_tls_certificate_new_from_file (path, &error);

  g_assert_no_error (error);
  return certificate;
}

static void
count_cb (TjSyncAccount *account,
          guint         *count)
{
  (*count)++;
}

static GSettings *
fresh_settings (void)
{
  GSettings *settings = g_settings_new ("io.github.tiaojie.Tiaojie");

  g_settings_reset (settings, "sync-certificate");
  return settings;
}

static void
assert_pinned (TjSyncAccount   *account,
               GTlsCertificate *expected)
{
  g_autoptr(GTlsCertificate) pinned = tj_sync_account_dup_certificate (account);

  g_assert_nonnull (pinned);
  g_assert_true (g_tls_certificate_is_same (pinned, expected));
}

static void
test_default (void)
{
  g_autoptr(GSettings) settings = fresh_settings ();
  g_autoptr(TjSyncAccount) account = tj_sync_account_new (settings);
  g_autofree char *pem = tj_sync_account_dup_certificate_pem (account);

  /* Nothing pinned: the system's trust store decides. */
  g_assert_null (tj_sync_account_dup_certificate (account));
  g_assert_cmpstr (pem, ==, "");
}

static void
test_set_and_refuse (void)
{
  g_autoptr(GSettings) settings = fresh_settings ();
  g_autoptr(TjSyncAccount) account = tj_sync_account_new (settings);
  g_autoptr(TjSyncAccount) other_view = tj_sync_account_new (settings);
  g_autoptr(GTlsCertificate) expected = load_test_certificate ("tls-cert.pem");
  g_autoptr(GTlsCertificate) other = load_test_certificate ("tls-other-cert.pem");
  g_autoptr(GError) error = NULL;
  g_autofree char *pem = read_test_file ("tls-cert.pem", NULL);
  g_autofree char *other_pem = read_test_file ("tls-other-cert.pem", NULL);
  g_autofree char *key_pem = read_test_file ("tls-key.pem", NULL);
  g_autofree char *stored = NULL;
  g_autofree char *written = NULL;
  guint changed = 0;
  guint other_changed = 0;

  g_signal_connect (account, "changed", G_CALLBACK (count_cb), &changed);
  g_signal_connect (other_view, "changed", G_CALLBACK (count_cb), &other_changed);

  g_assert_true (tj_sync_account_set_certificate_pem (account, pem, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (changed, ==, 1);
  assert_pinned (account, expected);
  /* Written to GSettings, and so seen by every other account object. */
  written = g_settings_get_string (settings, "sync-certificate");
  g_assert_true (g_str_has_prefix (written, "-----BEGIN CERTIFICATE-----"));
  stored = tj_sync_account_dup_certificate_pem (account);
  g_assert_cmpstr (stored, ==, written);
  g_assert_cmpuint (other_changed, ==, 1);
  assert_pinned (other_view, expected);

  /* The same again is no change. */
  g_assert_true (tj_sync_account_set_certificate_pem (account, pem, &error));
  g_assert_cmpuint (changed, ==, 1);

  /* Garbage, a private key alone, a truncated certificate: refused with a
   * message saying what is wrong, and nothing changes. */
  {
    g_autofree char *truncated = g_strndup (other_pem, strlen (other_pem) / 2);
    const char *bad[] = { "hello", key_pem, truncated, "-----BEGIN CERTIFICATE-----\nnot base64\n-----END CERTIFICATE-----\n" };

    for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
      {
        g_autofree char *after = NULL;

        g_assert_false (tj_sync_account_set_certificate_pem (account, bad[i], &error));
        g_assert_error (error, TJ_ERROR, TJ_ERROR_INVALID);
        g_test_message ("refused: %s", error->message);
        g_assert_nonnull (strstr (error->message, "not a certificate"));
        g_clear_error (&error);
        g_assert_cmpuint (changed, ==, 1);
        assert_pinned (account, expected);
        after = g_settings_get_string (settings, "sync-certificate");
        g_assert_cmpstr (after, ==, written);
      }
  }

  /* Another certificate replaces it. */
  g_assert_true (tj_sync_account_set_certificate_pem (account, other_pem, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (changed, ==, 2);
  assert_pinned (account, other);
  assert_pinned (other_view, other);
  {
    g_autoptr(GTlsCertificate) pinned = tj_sync_account_dup_certificate (account);
    g_assert_false (g_tls_certificate_is_same (pinned, expected));
  }

  /* Blank goes back to the system's trust store. */
  g_assert_true (tj_sync_account_set_certificate_pem (account, "  \n", &error));
  g_assert_no_error (error);
  g_assert_cmpuint (changed, ==, 3);
  g_assert_null (tj_sync_account_dup_certificate (account));
  g_assert_null (tj_sync_account_dup_certificate (other_view));
  g_clear_pointer (&written, g_free);
  written = g_settings_get_string (settings, "sync-certificate");
  g_assert_cmpstr (written, ==, "");
  g_assert_true (tj_sync_account_set_certificate_pem (account, NULL, &error));
  g_assert_cmpuint (changed, ==, 3);
}

static void
test_private_key_dropped (void)
{
  g_autoptr(GSettings) settings = fresh_settings ();
  g_autoptr(TjSyncAccount) account = tj_sync_account_new (settings);
  g_autoptr(GTlsCertificate) expected = load_test_certificate ("tls-cert.pem");
  g_autoptr(GError) error = NULL;
  g_autofree char *pem = read_test_file ("tls-cert.pem", NULL);
  g_autofree char *key_pem = read_test_file ("tls-key.pem", NULL);
  g_autofree char *both = g_strconcat (key_pem, pem, NULL);
  g_autofree char *written = NULL;

  /* A server's combined file: only the certificate is kept. */
  g_assert_true (tj_sync_account_set_certificate_pem (account, both, &error));
  g_assert_no_error (error);
  assert_pinned (account, expected);
  written = g_settings_get_string (settings, "sync-certificate");
  g_assert_null (strstr (written, "PRIVATE KEY"));
  g_assert_nonnull (strstr (written, "BEGIN CERTIFICATE"));
}

static void
test_file_data (void)
{
  g_autoptr(TjSyncAccount) account = tj_sync_account_new (NULL);
  g_autoptr(GTlsCertificate) expected = load_test_certificate ("tls-cert.pem");
  g_autoptr(GTlsCertificate) other = load_test_certificate ("tls-other-cert.pem");
  g_autoptr(GByteArray) der = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *pem = NULL;
  g_autofree char *big = NULL;
  gsize length = 0;
  guint changed = 0;

  g_signal_connect (account, "changed", G_CALLBACK (count_cb), &changed);

  /* PEM text, as read from a .pem file (not NUL-terminated by contract). */
  pem = read_test_file ("tls-cert.pem", &length);
  g_assert_true (tj_sync_account_set_certificate_data (account, pem, length, &error));
  g_assert_no_error (error);
  assert_pinned (account, expected);
  g_assert_cmpuint (changed, ==, 1);

  /* Binary DER, as Windows exports a .cer. */
  g_object_get (other, "certificate", &der, NULL);
  g_assert_nonnull (der);
  g_assert_true (tj_sync_account_set_certificate_data (account, (const char *) der->data, der->len, &error));
  g_assert_no_error (error);
  assert_pinned (account, other);
  g_assert_cmpuint (changed, ==, 2);

  /* Empty, too large, binary junk: refused, nothing changes. */
  g_assert_false (tj_sync_account_set_certificate_data (account, "", 0, &error));
  g_assert_error (error, TJ_ERROR, TJ_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "empty"));
  g_clear_error (&error);
  big = g_malloc0 (TJ_SYNC_CERTIFICATE_MAX_SIZE + 1);
  memset (big, 'A', TJ_SYNC_CERTIFICATE_MAX_SIZE);
  g_assert_false (tj_sync_account_set_certificate_data (account, big, TJ_SYNC_CERTIFICATE_MAX_SIZE + 1, &error));
  g_assert_error (error, TJ_ERROR, TJ_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "too large"));
  g_clear_error (&error);
  g_assert_false (tj_sync_account_set_certificate_data (account, "\x30\x82\x01\x00junk", 8, &error));
  g_assert_error (error, TJ_ERROR, TJ_ERROR_INVALID);
  g_clear_error (&error);
  assert_pinned (account, other);
  g_assert_cmpuint (changed, ==, 2);
}

static void
test_describe (void)
{
  g_autoptr(GTlsCertificate) cert = load_test_certificate ("tls-cert.pem");
  g_autoptr(GTlsCertificate) other = load_test_certificate ("tls-other-cert.pem");
  g_autoptr(JsonObject) info = tj_sync_certificate_describe (cert);
  g_autoptr(JsonObject) other_info = tj_sync_certificate_describe (other);

  g_assert_cmpstr (tj_json_get_string (info, "name", NULL), ==, "127.0.0.1");
  g_assert_nonnull (strstr (tj_json_get_string (info, "subject", ""), "CN=127.0.0.1"));
  g_assert_nonnull (strstr (tj_json_get_string (info, "issuer", ""), "CN=127.0.0.1"));
  g_assert_cmpstr (tj_json_get_string (info, "expires_on", NULL), ==, "2126-10-29");
  g_assert_false (tj_json_get_bool (info, "expired", TRUE));
  /* The fingerprint `openssl x509 -fingerprint -sha256` prints. */
  g_assert_cmpstr (tj_json_get_string (info, "sha256", NULL), ==, CERT_SHA256);
  g_assert_cmpstr (tj_json_get_string (other_info, "sha256", NULL), ==, OTHER_SHA256);
}

/* The key written by someone else (tiaojie-cli, dconf) is followed; text
 * that is no certificate leaves the system's trust store in charge. */
static void
test_settings_followed (void)
{
  g_autoptr(GSettings) settings = fresh_settings ();
  g_autoptr(TjSyncAccount) account = tj_sync_account_new (settings);
  g_autoptr(GTlsCertificate) expected = load_test_certificate ("tls-cert.pem");
  g_autofree char *pem = read_test_file ("tls-cert.pem", NULL);
  guint changed = 0;

  g_signal_connect (account, "changed", G_CALLBACK (count_cb), &changed);
  g_settings_set_string (settings, "sync-certificate", pem);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_cmpuint (changed, ==, 1);
  assert_pinned (account, expected);

  g_settings_set_string (settings, "sync-certificate", "garbage");
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_cmpuint (changed, ==, 2);
  g_assert_null (tj_sync_account_dup_certificate (account));
  g_settings_reset (settings, "sync-certificate");
}

static void
test_replicator_pinned (void)
{
  g_autofree char *dir = g_dir_make_tmp ("tj-cert-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "station.db", NULL);
  g_autoptr(TjSyncAccount) account = tj_sync_account_new (NULL);
  g_autoptr(GTlsCertificate) expected = load_test_certificate ("tls-cert.pem");
  g_autoptr(GError) error = NULL;
  g_autofree char *pem = read_test_file ("tls-cert.pem", NULL);
  g_autoptr(TjStore) store = NULL;

  store = tj_store_open (path, &error);
  g_assert_no_error (error);
  tj_sync_account_set (account, "https://127.0.0.1:6984", "station-a", "", TRUE);

  {
    g_autoptr(TjReplicator) replicator = tj_sync_account_create_replicator (account, store, NULL);
    g_autoptr(GTlsCertificate) pinned = NULL;

    g_object_get (replicator, "pinned-certificate", &pinned, NULL);
    g_assert_null (pinned);
  }
  g_assert_true (tj_sync_account_set_certificate_pem (account, pem, &error));
  g_assert_no_error (error);
  {
    g_autoptr(TjReplicator) replicator = tj_sync_account_create_replicator (account, store, NULL);
    g_autoptr(GTlsCertificate) pinned = NULL;

    g_object_get (replicator, "pinned-certificate", &pinned, NULL);
    g_assert_nonnull (pinned);
    g_assert_true (g_tls_certificate_is_same (pinned, expected));
  }

  g_clear_object (&store);
  {
    g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
    const char *name;
    while (d && (name = g_dir_read_name (d)))
      {
        g_autofree char *child = g_build_filename (dir, name, NULL);
        g_unlink (child);
      }
  }
  g_rmdir (dir);
}

int
main (int    argc,
      char **argv)
{
  tj_test_pin_today ("2026-11-22");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/sync-account-cert/default", test_default);
  g_test_add_func ("/sync-account-cert/set-and-refuse", test_set_and_refuse);
  g_test_add_func ("/sync-account-cert/private-key-dropped", test_private_key_dropped);
  g_test_add_func ("/sync-account-cert/file-data", test_file_data);
  g_test_add_func ("/sync-account-cert/describe", test_describe);
  g_test_add_func ("/sync-account-cert/settings-followed", test_settings_followed);
  g_test_add_func ("/sync-account-cert/replicator-pinned", test_replicator_pinned);

  return g_test_run ();
}
