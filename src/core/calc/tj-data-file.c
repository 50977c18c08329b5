/* SPDX-License-Identifier: GPL-3.0-or-later */
#undef G_LOG_DOMAIN
#define G_LOG_DOMAIN "Tiaojie-Calc"

#include "tj-data-file.h"
#include "tj-calc-resources.h"
#include "tj-error.h"
#include "tj-i18n.h"
#include "tj-json.h"

#include <glib/gstdio.h>

#include <errno.h>
#include <string.h>

#define RESOURCE_PREFIX "/io/github/tiaojie/Tiaojie/calc/"

guint
_tj_data_file_line_at (const char *text,
                       const char *at)
{
  guint line = 1;

  for (const char *p = text; p < at; p++)
    if (*p == '\n')
      line++;
  return line;
}

guint
_tj_data_file_line_of (const char *text,
                       const char *needle)
{
  const char *hit;

  if (text == NULL || needle == NULL || (hit = strstr (text, needle)) == NULL)
    return 0;
  return _tj_data_file_line_at (text, hit);
}

char *
_tj_data_file_user_path (const char *name)
{
  return g_build_filename (g_get_user_data_dir (), "tiaojie", name, NULL);
}

static GBytes *
lookup_bundled (const char *name)
{
  g_autofree char *path = g_strconcat (RESOURCE_PREFIX, name, NULL);
  g_autoptr(GError) error = NULL;
  /* Looked up in our own resource (not the global registry) so that the
   * linker keeps the generated resource object in the static core. */
  GBytes *bytes = g_resource_lookup_data (tj_calc_get_resource (), path,
                                          G_RESOURCE_LOOKUP_FLAGS_NONE, &error);
  if (bytes == NULL)
    g_critical ("Bundled data file %s is missing: %s", name, error->message);
  return bytes;
}

void
_tj_data_file_load_default (const char     *name,
                            const char     *user_file,
                            TjDataFileLoad  load,
                            gpointer        target,
                            GPtrArray      *warnings)
{
  g_autoptr(GBytes) bundled = lookup_bundled (name);
  g_autoptr(GError) error = NULL;

  if (bundled != NULL)
    {
      gsize len = 0;
      const char *data = g_bytes_get_data (bundled, &len);
      if (!load (target, data, (gssize) len, name, &error))
        g_critical ("Bundled %s is invalid: %s", name, error->message);
      g_clear_error (&error);
    }

  if (user_file != NULL && g_file_test (user_file, G_FILE_TEST_EXISTS)
      && !_tj_data_file_load_file (user_file, load, target, &error))
    {
      /* A broken user file must not stop the application: keep the
       * bundled data and tell the user what is wrong with the file. */
      g_ptr_array_add (warnings, g_strdup_printf (_("%s (the file was ignored)"), error->message));
      g_debug ("%s", error->message);
    }
}

static char *
read_file (const char  *path,
           gsize       *length,
           GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  char *contents = NULL;

  if (!g_file_get_contents (path, &contents, length, &local_error))
    {
      /* Missing is "not found"; a folder or an unreadable file is bad input. */
      g_set_error (error, TJ_ERROR,
                   g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_NOENT)
                     ? TJ_ERROR_NOT_FOUND : TJ_ERROR_INVALID,
                   "%s", local_error->message);
      return NULL;
    }
  return contents;
}

gboolean
_tj_data_file_load_file (const char      *path,
                         TjDataFileLoad   load,
                         gpointer         target,
                         GError         **error)
{
  gsize length = 0;
  g_autofree char *contents = read_file (path, &length, error);

  return contents != NULL && load (target, contents, (gssize) length, path, error);
}

gboolean
_tj_data_file_install (const char      *source_path,
                       const char      *dest_path,
                       TjDataFileLoad   load,
                       gpointer         check,
                       GError         **error)
{
  gsize length = 0;
  g_autofree char *contents = read_file (source_path, &length, error);
  g_autofree char *dir = NULL;
  g_autoptr(GError) local_error = NULL;

  if (contents == NULL || !load (check, contents, (gssize) length, source_path, error))
    return FALSE;
  dir = g_path_get_dirname (dest_path);
  if (g_mkdir_with_parents (dir, 0700) != 0
      || !g_file_set_contents (dest_path, contents, (gssize) length, &local_error))
    {
      g_set_error (error, TJ_ERROR, TJ_ERROR_INVALID, _("Could not write %s: %s"), dest_path,
                   local_error ? local_error->message : g_strerror (errno));
      return FALSE;
    }
  return TRUE;
}

JsonObject *
_tj_data_file_parse (const char  *data,
                     gssize       length,
                     const char  *name,
                     char       **text,
                     GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  JsonObject *root;

  *text = length < 0 ? g_strdup (data) : g_strndup (data, (gsize) length);
  root = tj_json_parse_object (*text, -1, &local_error);
  if (root == NULL)
    /* tj_json_parse() names the line and column. */
    g_set_error (error, TJ_ERROR, TJ_ERROR_INVALID, "%s: %s", name, local_error->message);
  return root;
}
