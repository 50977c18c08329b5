/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Certificates for pinning: parsed from what a user chose (only the
 * server's own certificate kept), and described so that a person can
 * recognise it. */
#define G_LOG_DOMAIN "Tiaojie-Sync"

#include "tj-error.h"
#include "tj-i18n.h"
#include "tj-json.h"
#include "tj-sync-account-private.h"

/* Parses @pem and keeps only the server's own certificate: a private key
 * or the rest of a chain pasted along never reaches the settings. */
GTlsCertificate *
_tj_sync_certificate_parse (const char  *pem,
                            char       **out_pem,
                            GError     **error)
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
