/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Tiaojie-Check"

#include <string.h>

#include "tj-check.h"
#include "tj-error.h"
#include "tj-i18n.h"
#include "tj-money.h"
#include "tj-validate.h"

typedef struct {
  char *path;
  char *message;
} Field;

static void
field_free (gpointer data)
{
  Field *field = data;

  g_free (field->path);
  g_free (field->message);
  g_free (field);
}

void
tj_check_clear (TjCheck *check)
{
  g_clear_pointer (&check->fields, g_ptr_array_unref);
}

static void
add_field (TjCheck    *check,
           const char *path,
           const char *message)
{
  Field *field = g_new0 (Field, 1);

  if (check->fields == NULL)
    check->fields = g_ptr_array_new_with_free_func (field_free);
  field->path = g_strdup (path);
  field->message = g_strdup (message);
  g_ptr_array_add (check->fields, field);
}

static void
add_problem (TjCheck    *check,
             const char *path,
             char       *text)
{
  g_ptr_array_add (check->errors, text);
  add_field (check, path ? path : "", tj_error_text_after_path (text, path));
}

static void G_GNUC_PRINTF (3, 0)
add_problem_va (TjCheck    *check,
                const char *path,
                const char *format,
                va_list     args)
{
  add_problem (check, path, g_strdup_vprintf (format, args));
}

void
tj_check_field (TjCheck    *check,
                const char *path,
                const char *format,
                ...)
{
  va_list args;

  va_start (args, format);
  add_problem_va (check, path, format, args);
  va_end (args);
}

void
tj_check_member (TjCheck    *check,
                 const char *prefix,
                 const char *member,
                 const char *format,
                 ...)
{
  g_autofree char *path = g_strdup_printf ("%s.%s", prefix, member);
  va_list args;

  va_start (args, format);
  add_problem_va (check, path, format, args);
  va_end (args);
}

void
tj_check_problem (TjCheck    *check,
                  const char *format,
                  ...)
{
  va_list args;

  va_start (args, format);
  add_problem_va (check, "", format, args);
  va_end (args);
}

void
tj_check_take_error (TjCheck *check,
                     GError  *error)
{
  if (error == NULL)
    return;
  /* One problem per error, so that problem i is check->errors[i]; an
   * error about several fields stays one problem about none. */
  if (tj_error_get_n_fields (error) == 1)
    add_problem (check, tj_error_get_field_path (error, 0), g_strdup (error->message));
  else
    add_problem (check, "", g_strdup (error->message));
  g_error_free (error);
}

guint
tj_check_get_n_problems (TjCheck *check)
{
  return check->fields ? check->fields->len : 0;
}

const char *
tj_check_get_problem_path (TjCheck *check,
                           guint    index)
{
  g_return_val_if_fail (index < tj_check_get_n_problems (check), NULL);

  return ((Field *) g_ptr_array_index (check->fields, index))->path;
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
  for (guint i = 0; error && *error && i < tj_check_get_n_problems (check); i++)
    {
      Field *field = g_ptr_array_index (check->fields, i);
      tj_error_add_field (*error, field->path, field->message);
    }
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
        tj_check_field (check, field, _("%s: required"), field);
      return NULL;
    }
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    {
      tj_check_field (check, field, _("%s: must be text"), field);
      return NULL;
    }
  if (required)
    {
      /* Spaces alone are what a form sends when nothing was typed. */
      g_autofree char *s = g_strstrip (g_strdup (json_node_get_string (node)));
      if (*s == '\0')
        {
          tj_check_field (check, field, _("%s: required"), field);
          return NULL;
        }
    }
  return json_node_get_string (node);
}

JsonObject *
tj_check_element (TjCheck    *check,
                  JsonArray  *array,
                  guint       index,
                  const char *field)
{
  JsonNode *node = json_array_get_element (array, index);

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      tj_check_field (check, field, _("%s: must be an object"), field);
      return NULL;
    }
  return json_node_get_object (node);
}

void
tj_check_date (TjCheck    *check,
               JsonObject *obj,
               const char *member,
               const char *field,
               gboolean    required)
{
  tj_check_valid (check, obj, member, field, required, tj_validate_date);
}

gint64
tj_check_fen (TjCheck    *check,
              JsonObject *obj,
              const char *member,
              const char *field,
              gboolean    required)
{
  JsonNode *node = obj ? json_object_get_member (obj, member) : NULL;
  gint64 value;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    {
      if (required)
        tj_check_field (check, field, _("%s: required"), field);
      return -1;
    }
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64)
    {
      if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_DOUBLE)
        tj_check_field (check, field, _("%s: an amount in fen must be a whole number (¥12.50 is 1250)"), field);
      else
        tj_check_field (check, field, _("%s: must be a whole number of fen"), field);
      return -1;
    }
  value = json_node_get_int (node);
  if (value < 0)
    {
      tj_check_field (check, field, _("%s: cannot be negative"), field);
      return -1;
    }
  if (value > TJ_MONEY_MAX_AMOUNT_FEN)
    {
      tj_check_field (check, field, _("%s: the amount is implausibly large"), field);
      return -1;
    }
  return value;
}

void
tj_check_valid (TjCheck         *check,
                JsonObject      *obj,
                const char      *member,
                const char      *field,
                gboolean         required,
                TjCheckValidate  validate)
{
  const char *value = tj_check_string (check, obj, member, field, required);
  GError *error = NULL;

  if (value && *value && !validate (value, field, &error))
    tj_check_take_error (check, error);
}
