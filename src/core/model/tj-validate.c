/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Tiaojie-Model"

#include "tj-validate.h"
#include "tj-calendar.h"
#include "tj-error.h"
#include "tj-i18n.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static gboolean G_GNUC_PRINTF (3, 4)
fail (GError     **error,
      const char  *field,
      const char  *format,
      ...)
{
  g_autofree char *msg = NULL;
  va_list args;

  va_start (args, format);
  msg = g_strdup_vprintf (format, args);
  va_end (args);
  if (field)
    tj_set_field_error (error, field, msg);
  else
    g_set_error_literal (error, TJ_ERROR, TJ_ERROR_INVALID, msg);
  return FALSE;
}

/* The first four characters and an ellipsis: enough for the mediator to
 * find the line, not enough to leak the number into a log. Characters,
 * not bytes: "%.4s" cut 工 in "1工…" in half, and the message was no
 * longer UTF-8. */
static char *
hint (const char *value)
{
  const char *end = value;

  if (!g_utf8_validate (value, -1, NULL))
    return g_strdup ("…");
  /* (g_utf8_substring() of GLib 2.74 reads past the end of a string
   * shorter than the substring.) */
  for (int i = 0; i < 4 && *end; i++)
    end = g_utf8_next_char (end);
  return g_strdup_printf ("%.*s…", (int) (end - value), value);
}

char *
tj_normalize_id_number (const char *value)
{
  g_autofree char *trimmed = g_strstrip (g_strdup (value ? value : ""));
  return g_ascii_strup (trimmed, -1);
}

static const int id_weights[17] = { 7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2 };
static const char id_check_chars[] = "10X98765432";

static gboolean
valid_province (int code)
{
  static const int provinces[] = {
    11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45,
    46, 50, 51, 52, 53, 54, 61, 62, 63, 64, 65, 71, 81, 82, 83, 91,
  };
  for (guint i = 0; i < G_N_ELEMENTS (provinces); i++)
    if (provinces[i] == code)
      return TRUE;
  return FALSE;
}

/* The hint is made for a message only: a roster of thousands of valid
 * numbers spent a tenth of its validation formatting hints nobody saw. */
#define HINT (h = hint (id))

gboolean
tj_validate_id_number (const char  *value,
                       const char  *field,
                       GError     **error)
{
  g_autofree char *id = tj_normalize_id_number (value);
  g_autofree char *h = NULL;
  int sum = 0;
  int year, month, day;
  GDate today;

  if (*id == '\0')
    return fail (error, field, _("the ID number is empty"));
  if (strlen (id) != 18)
    return fail (error, field, _("ID number %s has %d characters; a resident ID number has 18"),
                 HINT, (int) g_utf8_strlen (id, -1));
  for (int i = 0; i < 17; i++)
    if (!g_ascii_isdigit (id[i]))
      return fail (error, field, _("ID number %s: the first 17 characters must be digits"), HINT);
  if (!g_ascii_isdigit (id[17]) && id[17] != 'X')
    return fail (error, field, _("ID number %s: the last character must be a digit or X"), HINT);
  if (!valid_province ((id[0] - '0') * 10 + (id[1] - '0')))
    return fail (error, field, _("ID number %s does not start with a valid region code"), HINT);

  year = (id[6] - '0') * 1000 + (id[7] - '0') * 100 + (id[8] - '0') * 10 + (id[9] - '0');
  month = (id[10] - '0') * 10 + (id[11] - '0');
  day = (id[12] - '0') * 10 + (id[13] - '0');
  tj_date_set_today (&today);
  if (year < 1900 || !g_date_valid_dmy (day, month, year))
    return fail (error, field, _("ID number %s: the birth date in it (%04d-%02d-%02d) does not exist"),
                 HINT, year, month, day);
  {
    GDate birth;
    g_date_clear (&birth, 1);
    g_date_set_dmy (&birth, day, month, year);
    if (g_date_compare (&birth, &today) > 0)
      return fail (error, field, _("ID number %s: the birth date in it is in the future"), HINT);
  }

  for (int i = 0; i < 17; i++)
    sum += (id[i] - '0') * id_weights[i];
  if (id_check_chars[sum % 11] != id[17])
    return fail (error, field, _("ID number %s has a bad check digit (a digit was probably mistyped)"), HINT);
  return TRUE;
}

#undef HINT

static const char uscc_chars[] = "0123456789ABCDEFGHJKLMNPQRTUWXY";
static const int uscc_weights[17] = { 1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28 };

gboolean
tj_validate_credit_code (const char  *value,
                         const char  *field,
                         GError     **error)
{
  g_autofree char *trimmed = g_strstrip (g_strdup (value ? value : ""));
  g_autofree char *code = g_ascii_strup (trimmed, -1);
  int sum = 0;
  int check;

  if (*code == '\0')
    return fail (error, field, _("the unified social credit code is empty"));
  if (strlen (code) != 18)
    return fail (error, field,
                 _("unified social credit code %s has %d characters; it must have 18"),
                 code, (int) g_utf8_strlen (code, -1));
  for (int i = 0; i < 18; i++)
    if (strchr (uscc_chars, code[i]) == NULL || code[i] == '\0')
      {
        /* Everything before is one-byte characters from the alphabet, so
         * this is where a character starts; show all of it. */
        const char *next = g_utf8_validate (code, -1, NULL) ? g_utf8_next_char (code + i) : code + i + 1;
        g_autofree char *c = g_strndup (code + i, next - (code + i));
        return fail (error, field,
                     _("unified social credit code %s: “%s” at position %d is not allowed (I, O, S, V and Z are never used)"),
                     code, g_utf8_validate (c, -1, NULL) ? c : "?", i + 1);
      }
  for (int i = 0; i < 17; i++)
    sum += (int) (strchr (uscc_chars, code[i]) - uscc_chars) * uscc_weights[i];
  check = (31 - sum % 31) % 31;
  if (uscc_chars[check] != code[17])
    return fail (error, field,
                 _("unified social credit code %s has a bad check character (a character was probably mistyped)"),
                 code);
  return TRUE;
}

char *
tj_normalize_phone (const char *value)
{
  GString *digits = g_string_new (NULL);
  const char *p = value ? value : "";

  while (*p == ' ')
    p++;
  if (g_str_has_prefix (p, "+86"))
    p += 3;
  else if (g_str_has_prefix (p, "0086"))
    p += 4;
  for (; *p; p++)
    if (g_ascii_isdigit (*p))
      g_string_append_c (digits, *p);
  return g_string_free (digits, FALSE);
}

static gboolean
only_phone_chars (const char *value)
{
  for (const char *p = value; *p; p++)
    if (!g_ascii_isdigit (*p) && !strchr (" -+()", *p))
      return FALSE;
  return TRUE;
}

gboolean
tj_validate_mobile (const char  *value,
                    const char  *field,
                    GError     **error)
{
  g_autofree char *digits = tj_normalize_phone (value);

  if (value == NULL || *digits == '\0')
    return fail (error, field, _("the mobile number is empty"));
  if (!only_phone_chars (value))
    return fail (error, field, _("a mobile number has only digits"));
  if (strlen (digits) != 11)
    return fail (error, field, _("mobile number %.3s… has %d digits; it must have 11"),
                 digits, (int) strlen (digits));
  if (digits[0] != '1' || digits[1] < '3')
    return fail (error, field, _("mobile number %.3s… does not start with 13–19"), digits);
  return TRUE;
}

gboolean
tj_validate_phone (const char  *value,
                   const char  *field,
                   GError     **error)
{
  g_autofree char *digits = tj_normalize_phone (value);
  size_t len = strlen (digits);

  if (value == NULL || len == 0)
    return fail (error, field, _("the phone number is empty"));
  if (!only_phone_chars (value))
    return fail (error, field, _("a phone number has only digits, spaces and dashes"));
  /* A number starting with 1 is a mobile (11 digits) or a short service
   * number (110, 12351); "1381234" is a mobile with digits missing, not a
   * local landline, and the clinic could never call it back. */
  if (digits[0] == '1')
    {
      if (len >= 10)
        return tj_validate_mobile (value, field, error);
      if (len >= 3 && len <= 5)
        return TRUE;
      return fail (error, field, _("phone number %.3s… has %d digits: a mobile number has 11, a landline "
                                   "starts with its area code (010-…)"), digits, (int) len);
    }
  /* Landline: area code (0 + 2–3 digits) and a 7–8 digit number; a local
   * number alone (7–8 digits, never starting with 0 or 1); 400/800
   * numbers; the 95xxx service numbers of banks and insurers. */
  if (digits[0] == '0' && len >= 10 && len <= 12)
    return TRUE;
  if ((g_str_has_prefix (digits, "400") || g_str_has_prefix (digits, "800")) && len == 10)
    return TRUE;
  if (len >= 7 && len <= 8)
    return TRUE;
  if (digits[0] == '9' && len >= 5 && len <= 6)
    return TRUE;
  return fail (error, field, _("phone number %.3s… is neither a mobile nor a landline number"), digits);
}

char *
tj_normalize_bank_account (const char *value)
{
  GString *digits = g_string_new (NULL);

  for (const char *p = value ? value : ""; *p; p++)
    if (g_ascii_isdigit (*p))
      g_string_append_c (digits, *p);
  return g_string_free (digits, FALSE);
}

gboolean
tj_validate_bank_account (const char  *value,
                          const char  *field,
                          GError     **error)
{
  g_autofree char *digits = tj_normalize_bank_account (value);
  size_t len = strlen (digits);

  if (value == NULL || len == 0)
    return fail (error, field, _("the bank account number is empty"));
  for (const char *p = value; *p; p++)
    if (!g_ascii_isdigit (*p) && *p != ' ' && *p != '-')
      return fail (error, field, _("a bank account number has only digits"));
  /* Debit cards have 16–19 digits, company and passbook accounts up to
   * the low twenties; fewer than 8 is a typing slip. */
  if (len < 8 || len > 32)
    return fail (error, field, _("bank account %.4s… has %d digits; an account number has 8 to 32"),
                 digits, (int) len);
  return TRUE;
}

char *
tj_mask_bank_account (const char *value)
{
  g_autofree char *digits = tj_normalize_bank_account (value);
  size_t len = strlen (digits);

  if (len < 8)
    return g_strdup (len ? "****" : "");
  return g_strdup_printf ("%.4s ****%s", digits, digits + len - 4);
}

gboolean
tj_validate_date (const char  *value,
                  const char  *field,
                  GError     **error)
{
  int y, m, d;
  char extra;

  if (value == NULL || *value == '\0')
    return fail (error, field, _("the date is empty"));
  if (strlen (value) != 10 || sscanf (value, "%4d-%2d-%2d%c", &y, &m, &d, &extra) != 3 ||
      value[4] != '-' || value[7] != '-')
    return fail (error, field, _("“%s” is not a date; write it as YYYY-MM-DD, e.g. 2026-11-22"), value);
  if (y < 1900 || y > 2200 || !g_date_valid_dmy (d, m, y))
    return fail (error, field, _("%s is not a real date"), value);
  return TRUE;
}

char *
tj_mask_id_number (const char *value)
{
  size_t len = value ? strlen (value) : 0;
  GString *out;

  if (len < 8)
    return g_strdup (len ? "****" : "");
  out = g_string_new_len (value, 3);
  for (size_t i = 3; i < len - 4; i++)
    g_string_append_c (out, '*');
  g_string_append (out, value + len - 4);
  return g_string_free (out, FALSE);
}

char *
tj_mask_phone (const char *value)
{
  g_autofree char *digits = tj_normalize_phone (value);
  size_t len = strlen (digits);

  if (len < 7)
    return g_strdup (len ? "****" : "");
  return g_strdup_printf ("%.3s****%s", digits, digits + len - 4);
}
