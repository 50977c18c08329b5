/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Tiaojie-Check"

#include "tj-check.h"
#include "tj-error.h"
#include "tj-i18n.h"
#include "tj-validate.h"

void
tj_check_problem (TjCheck    *check,
                  const char *format,
                  ...)
{
  va_list args;

  va_start (args, format);
  g_ptr_array_add (check->errors, g_strdup_vprintf (format, args));
  va_end (args);
}

void
tj_check_take_error (TjCheck *check,
                     GError  *error)
{
  if (error)
    {
      g_ptr_array_add (check->errors, g_strdup (error->message));
      g_error_free (error);
    }
}

gboolean
tj_check_finish (TjCheck  *check,
                 GError  **error)
{
  g_autoptr(GString) msg = NULL;

  if (check->errors->len == 0)
    return TRUE;
  msg = g_string_new (NULL);
  for (guint i = 0; i < check->errors->len; i++)
    {
      if (i > 0)
        g_string_append (msg, "; ");
      g_string_append (msg, g_ptr_array_index (check->errors, i));
    }
  g_set_error_literal (error, TJ_ERROR, TJ_ERROR_INVALID, msg->str);
  return FALSE;
}

const char *
tj_check_string (TjCheck    *check,
                 JsonObject *obj,
                 const char *member,
                 const char *field,
                 gboolean    required)
{
  JsonNode *node = obj ? json_object_get_member (obj, member) : NULL;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    {
      if (required)
        tj_check_problem (check, _("%s: required"), field);
      return NULL;
    }
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    {
      tj_check_problem (check, _("%s: must be text"), field);
      return NULL;
    }
  if (required)
    {
      /* Spaces alone are what a form sends when nothing was typed. */
      g_autofree char *s = g_strstrip (g_strdup (json_node_get_string (node)));
      if (*s == '\0')
        {
          tj_check_problem (check, _("%s: required"), field);
          return NULL;
        }
    }
  return json_node_get_string (node);
}

void
tj_check_date (TjCheck    *check,
               JsonObject *obj,
               const char *member,
               const char *field,
               gboolean    required)
{
  const char *value = tj_check_string (check, obj, member, field, required);
  GError *error = NULL;

  if (value && *value && !tj_validate_date (value, field, &error))
    tj_check_take_error (check, error);
}
