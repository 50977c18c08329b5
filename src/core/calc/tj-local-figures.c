/* SPDX-License-Identifier: GPL-3.0-or-later */
#undef G_LOG_DOMAIN
#define G_LOG_DOMAIN "Tiaojie-Calc"

#include "tj-local-figures.h"
#include "tj-data-file.h"
#include "tj-error.h"
#include "tj-i18n.h"
#include "tj-json.h"

#include <stdlib.h>
#include <string.h>

#define FIGURES_FILE "local-figures-cn.json"

struct _TjLocalFigures {
  GObject    parent_instance;
  GPtrArray *figures;    /* TjLocalFigure */
  GPtrArray *warnings;   /* NULL-terminated strings */
};

G_DEFINE_FINAL_TYPE (TjLocalFigures, tj_local_figures, G_TYPE_OBJECT)

static void
figure_free (gpointer data)
{
  TjLocalFigure *f = data;

  g_free (f->city);
  g_free (f->min_wage_effective);
  g_free (f->source);
  g_free (f->published);
  g_free (f->verify);
  g_free (f);
}

static void
tj_local_figures_finalize (GObject *object)
{
  TjLocalFigures *self = TJ_LOCAL_FIGURES (object);

  g_clear_pointer (&self->figures, g_ptr_array_unref);
  g_clear_pointer (&self->warnings, g_ptr_array_unref);
  G_OBJECT_CLASS (tj_local_figures_parent_class)->finalize (object);
}

static void
tj_local_figures_class_init (TjLocalFiguresClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = tj_local_figures_finalize;
}

static void
tj_local_figures_init (TjLocalFigures *self)
{
  self->figures = g_ptr_array_new_with_free_func (figure_free);
  self->warnings = g_ptr_array_new_null_terminated (0, g_free, TRUE);
}

TjLocalFigures *
tj_local_figures_new (void)
{
  return g_object_new (TJ_TYPE_LOCAL_FIGURES, NULL);
}

char *
tj_local_figures_get_user_file_path (void)
{
  return _tj_data_file_user_path (FIGURES_FILE);
}

TjLocalFigures *
tj_local_figures_new_with_user_file (const char *user_file)
{
  TjLocalFigures *self = tj_local_figures_new ();

  _tj_data_file_load_default (FIGURES_FILE, user_file, (TjDataFileLoad) tj_local_figures_load_data, self,
                              self->warnings);
  return self;
}

TjLocalFigures *
tj_local_figures_new_default (void)
{
  g_autofree char *user_file = tj_local_figures_get_user_file_path ();

  return tj_local_figures_new_with_user_file (user_file);
}

/* An optional fen figure: absent or null → -1; otherwise a non-negative
 * integer. */
static gboolean
read_fen (JsonObject  *entry,
          const char  *member,
          gint64      *out)
{
  JsonNode *node = json_object_get_member (entry, member);

  *out = -1;
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64
      || json_node_get_int (node) < 0)
    return FALSE;
  *out = json_node_get_int (node);
  return TRUE;
}

gboolean
tj_local_figures_load_data (TjLocalFigures  *self,
                            const char      *data,
                            gssize           length,
                            const char      *name,
                            GError         **error)
{
  g_autoptr(JsonObject) root = NULL;
  g_autoptr(GPtrArray) parsed = NULL;
  g_autofree char *text = NULL;
  JsonArray *figures;
  const char *search_from;

  g_return_val_if_fail (TJ_IS_LOCAL_FIGURES (self), FALSE);
  g_return_val_if_fail (data != NULL, FALSE);

  if (name == NULL)
    name = FIGURES_FILE;
  root = _tj_data_file_parse (data, length, name, &text, error);
  if (root == NULL)
    return FALSE;
  figures = tj_json_get_array (root, "figures");
  if (figures == NULL)
    {
      g_set_error (error, TJ_ERROR, TJ_ERROR_INVALID,
                   _("%s, line %u: “figures” is missing or not a list"),
                   name, MAX (1u, _tj_data_file_line_of (text, "\"figures\"")));
      return FALSE;
    }

  parsed = g_ptr_array_new_with_free_func (figure_free);
  /* Entries are found in order, so each one's line is searched for after
   * the previous one's. */
  search_from = text;
  for (guint i = 0; i < json_array_get_length (figures); i++)
    {
      JsonNode *node = json_array_get_element (figures, i);
      JsonObject *entry = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
      const char *city = tj_json_get_string (entry, "city", NULL);
      const char *hit = city ? strstr (search_from, "\"city\"") : NULL;
      guint line = _tj_data_file_line_of (text, "\"figures\"");
      gint64 year = tj_json_get_int (entry, "year", 0);
      TjLocalFigure *f;
      const char *bad = NULL;

      if (hit != NULL)
        {
          line = _tj_data_file_line_at (text, hit);
          search_from = hit + 1;
        }
      if (entry == NULL)
        bad = "{…}";
      else if (city == NULL || *city == '\0')
        bad = "city";
      else if (year < 1900 || year > 2999
               || json_node_get_value_type (json_object_get_member (entry, "year")) != G_TYPE_INT64)
        bad = "year";

      f = g_new0 (TjLocalFigure, 1);
      g_ptr_array_add (parsed, f);
      if (bad == NULL)
        {
          f->city = g_strdup (city);
          f->year = (guint) year;
          f->avg_wage_of_year = (guint) tj_json_get_int (entry, "avg_wage_of_year", year - 1);
          f->min_wage_effective = g_strdup (tj_json_get_string (entry, "min_wage_effective", NULL));
          f->source = g_strdup (tj_json_get_string (entry, "source", tj_json_get_string (root, "source", NULL)));
          f->published = g_strdup (tj_json_get_string (entry, "published", NULL));
          f->verify = g_strdup (tj_json_get_string (entry, "verify", NULL));
          if (!read_fen (entry, "avg_monthly_wage_fen", &f->avg_monthly_wage_fen))
            bad = "avg_monthly_wage_fen";
          else if (!read_fen (entry, "min_monthly_wage_fen", &f->min_monthly_wage_fen))
            bad = "min_monthly_wage_fen";
        }
      if (bad != NULL)
        {
          g_set_error (error, TJ_ERROR, TJ_ERROR_INVALID,
                       _("%s, line %u: entry %u has a missing or invalid “%s”"),
                       name, line, i + 1, bad);
          return FALSE;
        }
    }

  /* Merge: an entry for the same city and year replaces the old one. */
  for (guint i = 0; i < parsed->len; i++)
    {
      TjLocalFigure *f = g_ptr_array_index (parsed, i);
      for (guint k = 0; k < self->figures->len; k++)
        {
          TjLocalFigure *old = g_ptr_array_index (self->figures, k);
          if (old->year == f->year && g_strcmp0 (old->city, f->city) == 0)
            {
              g_ptr_array_remove_index (self->figures, k);
              break;
            }
        }
    }
  for (guint i = 0; i < parsed->len; i++)
    g_ptr_array_add (self->figures, g_ptr_array_index (parsed, i));
  g_ptr_array_set_free_func (parsed, NULL);
  return TRUE;
}

gboolean
tj_local_figures_load_file (TjLocalFigures  *self,
                            const char      *path,
                            GError         **error)
{
  g_return_val_if_fail (TJ_IS_LOCAL_FIGURES (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  return _tj_data_file_load_file (path, (TjDataFileLoad) tj_local_figures_load_data, self, error);
}

gboolean
tj_local_figures_install_file (const char  *source_path,
                               const char  *dest_path,
                               GError     **error)
{
  g_autoptr(TjLocalFigures) check = tj_local_figures_new ();
  g_autofree char *default_dest = NULL;

  g_return_val_if_fail (source_path != NULL, FALSE);

  if (dest_path == NULL)
    dest_path = default_dest = tj_local_figures_get_user_file_path ();
  return _tj_data_file_install (source_path, dest_path, (TjDataFileLoad) tj_local_figures_load_data, check,
                                error);
}

static gint64
figure_value (const TjLocalFigure *f,
              TjLocalFigureKind    kind)
{
  return kind == TJ_LOCAL_FIGURE_AVG_MONTHLY_WAGE ? f->avg_monthly_wage_fen : f->min_monthly_wage_fen;
}

const TjLocalFigure *
tj_local_figures_lookup (TjLocalFigures     *self,
                         const char         *city,
                         guint               year,
                         TjLocalFigureKind   kind,
                         char              **warning,
                         GError            **error)
{
  const TjLocalFigure *best = NULL;
  const char *what = kind == TJ_LOCAL_FIGURE_AVG_MONTHLY_WAGE
                     ? _("average monthly wage") : _("minimum wage");

  g_return_val_if_fail (TJ_IS_LOCAL_FIGURES (self), NULL);

  if (warning)
    *warning = NULL;
  for (guint i = 0; i < self->figures->len; i++)
    {
      const TjLocalFigure *f = g_ptr_array_index (self->figures, i);
      if (g_strcmp0 (f->city, city) == 0 && f->year <= year && figure_value (f, kind) >= 0
          && (best == NULL || f->year > best->year))
        best = f;
    }
  if (best == NULL)
    {
      g_set_error (error, TJ_ERROR, TJ_ERROR_NOT_FOUND,
                   /* Translators: "no average monthly wage for 深圳 for 2025 or earlier …" */
                   _("The local figures have no %s for %s for %u or earlier; enter the figure published by the local bureau"),
                   what, city ? city : "", year);
      return NULL;
    }
  if (best->year < year && warning)
    *warning = g_strdup_printf (_("The %s used for %s is the figure for %u, older than the period (%u); check whether the local bureau has published a newer one"),
                                what, city, best->year, year);
  return best;
}

static int
compare_strings (const void *a,
                 const void *b)
{
  return strcmp (*(char * const *) a, *(char * const *) b);
}

GStrv
tj_local_figures_get_cities (TjLocalFigures *self)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  GStrv cities;

  g_return_val_if_fail (TJ_IS_LOCAL_FIGURES (self), NULL);

  for (guint i = 0; i < self->figures->len; i++)
    {
      const TjLocalFigure *f = g_ptr_array_index (self->figures, i);
      if (g_hash_table_add (seen, f->city))
        g_strv_builder_add (builder, f->city);
    }
  cities = g_strv_builder_end (builder);
  qsort (cities, g_strv_length (cities), sizeof (char *), compare_strings);
  return cities;
}

const char * const *
tj_local_figures_get_warnings (TjLocalFigures *self)
{
  g_return_val_if_fail (TJ_IS_LOCAL_FIGURES (self), NULL);

  return self->warnings->len ? (const char * const *) self->warnings->pdata : NULL;
}
