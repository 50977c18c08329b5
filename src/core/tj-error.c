/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Tiaojie"

#include <string.h>

#include "tj-error.h"

/* An extended error domain (GLib 2.68): each TjError carries the fields
 * it is about as data, so that no one reads them back out of the text. */
typedef struct {
  GPtrArray *paths;      /* char*, NULL until a field is added */
  GPtrArray *messages;   /* char*, same length */
} TjErrorPrivate;

static void
tj_error_private_init (TjErrorPrivate *priv)
{
  priv->paths = NULL;
  priv->messages = NULL;
}

static void
tj_error_private_copy (const TjErrorPrivate *src,
                       TjErrorPrivate       *dest)
{
  dest->paths = NULL;
  dest->messages = NULL;
  if (src->paths)
    {
      dest->paths = g_ptr_array_copy (src->paths, (GCopyFunc) g_strdup, NULL);
      g_ptr_array_set_free_func (dest->paths, g_free);
      dest->messages = g_ptr_array_copy (src->messages, (GCopyFunc) g_strdup, NULL);
      g_ptr_array_set_free_func (dest->messages, g_free);
    }
}

static void
tj_error_private_clear (TjErrorPrivate *priv)
{
  g_clear_pointer (&priv->paths, g_ptr_array_unref);
  g_clear_pointer (&priv->messages, g_ptr_array_unref);
}

G_DEFINE_EXTENDED_ERROR (TjError, tj_error)

static TjErrorPrivate *
get_private (const GError *error)
{
  if (error == NULL || error->domain != TJ_ERROR)
    return NULL;
  return tj_error_get_private (error);
}

void
tj_error_add_field (GError     *error,
                    const char *path,
                    const char *message)
{
  TjErrorPrivate *priv = get_private (error);

  g_return_if_fail (priv != NULL);
  g_return_if_fail (path != NULL && message != NULL);

  if (priv->paths == NULL)
    {
      priv->paths = g_ptr_array_new_with_free_func (g_free);
      priv->messages = g_ptr_array_new_with_free_func (g_free);
    }
  g_ptr_array_add (priv->paths, g_strdup (path));
  g_ptr_array_add (priv->messages, g_strdup (message));
}

guint
tj_error_get_n_fields (const GError *error)
{
  TjErrorPrivate *priv = get_private (error);

  return priv && priv->paths ? priv->paths->len : 0;
}

const char *
tj_error_get_field_path (const GError *error,
                         guint         index)
{
  g_return_val_if_fail (index < tj_error_get_n_fields (error), NULL);

  return g_ptr_array_index (get_private (error)->paths, index);
}

const char *
tj_error_get_field_message (const GError *error,
                            guint         index)
{
  g_return_val_if_fail (index < tj_error_get_n_fields (error), NULL);

  return g_ptr_array_index (get_private (error)->messages, index);
}

void
tj_set_field_error (GError     **error,
                    const char  *path,
                    const char  *message)
{
  if (error == NULL)
    return;
  g_set_error (error, TJ_ERROR, TJ_ERROR_INVALID, "%s: %s", path, message);
  tj_error_add_field (*error, path, message);
}

const char *
tj_error_text_after_path (const char *text,
                          const char *path)
{
  static const char * const separators[] = { ": ", "：", NULL };
  gsize len = path ? strlen (path) : 0;

  if (len == 0 || strncmp (text, path, len) != 0)
    return text;
  for (guint i = 0; separators[i]; i++)
    if (g_str_has_prefix (text + len, separators[i]))
      return text + len + strlen (separators[i]);
  return text;
}

void
tj_set_invalid (GError     **error,
                const char  *path,
                const char  *format,
                ...)
{
  g_autofree char *text = NULL;
  va_list args;

  if (error == NULL)
    return;
  va_start (args, format);
  text = g_strdup_vprintf (format, args);
  va_end (args);
  g_set_error_literal (error, TJ_ERROR, TJ_ERROR_INVALID, text);
  tj_error_add_field (*error, path, tj_error_text_after_path (text, path));
}

gboolean
tj_field_path_element (const char  *path,
                       const char  *member,
                       guint       *index,
                       const char **rest)
{
  gsize len;
  const char *p;
  char *end = NULL;
  guint64 n;

  g_return_val_if_fail (member != NULL, FALSE);

  len = strlen (member);
  if (path == NULL || strncmp (path, member, len) != 0 || path[len] != '[' || !g_ascii_isdigit (path[len + 1]))
    return FALSE;
  p = path + len + 1;
  n = g_ascii_strtoull (p, &end, 10);
  if (end == NULL || *end != ']' || n > G_MAXUINT)
    return FALSE;
  if (end[1] != '\0' && end[1] != '.' && end[1] != '[')
    return FALSE;
  if (index)
    *index = (guint) n;
  if (rest)
    *rest = end[1] == '.' ? end + 2 : end + 1;
  return TRUE;
}
int
tj_error_exit_code (const GError *error)
{
  if (error == NULL)
    return 0;
  if (error->domain != TJ_ERROR)
    return 5;
  switch ((TjError) error->code)
    {
    case TJ_ERROR_INVALID:
    /* A damaged or foreign database is a bad --db file: invalid input. */
    case TJ_ERROR_CORRUPT:
      return 2;
    case TJ_ERROR_NOT_FOUND:
      return 3;
    case TJ_ERROR_CONFLICT:
      return 4;
    case TJ_ERROR_NETWORK:
    case TJ_ERROR_DENIED:
      return 5;
    case TJ_ERROR_BUSY:
    case TJ_ERROR_FAILED:
    default:
      return 5;
    }
}
