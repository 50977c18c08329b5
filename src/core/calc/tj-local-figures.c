/* SPDX-License-Identifier: GPL-3.0-or-later */
#undef G_LOG_DOMAIN
#define G_LOG_DOMAIN "Tiaojie-Calc"

#include "tj-local-figures.h"
#include "tj-calendar.h"
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
  g_free (f->effective);
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

const char *
tj_local_figure_kind_to_string (TjLocalFigureKind kind)
{
  return kind == TJ_LOCAL_FIGURE_AVG_MONTHLY_WAGE ? "avg_monthly_wage" : "min_monthly_wage";
}

/* Where an entry of the file stands, to name its line in errors. */
typedef struct {
  const char *text;
  const char *entry;   /* the entry's "city" in @text, or NULL */
  const char *next;    /* the next entry's, or NULL */
  guint       line;    /* the entry's line */
} Place;

/* The line of @member inside the entry, or the entry's line. */
static guint
line_of_member (const Place *place,
                const char  *member)
{
  g_autofree char *quoted = g_strdup_printf ("\"%s\"", member);
  const char *hit = place->entry ? strstr (place->entry, quoted) : NULL;

  if (hit == NULL || (place->next && hit >= place->next))
    return place->line;
  return _tj_data_file_line_at (place->text, hit);
}

static gboolean
bad_member (const Place  *place,
            const char   *name,
            guint         index,
            const char   *member,
            const char   *expected,
            GError      **error)
{
  g_set_error (error, TJ_ERROR, TJ_ERROR_INVALID,
               /* Translators: "local-figures-cn.json, line 12: entry 3 has a missing or invalid
                * “effective” (expected a date written YYYY-MM-DD)" */
               _("%s, line %u: entry %u has a missing or invalid “%s” (expected %s)"),
               name, line_of_member (place, member), index + 1, member, expected);
  return FALSE;
}

/* An optional amount: absent or null → -1; otherwise a whole number of
 * fen ≥ 0. */
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

/* An optional text member: FALSE when present and not text. */
static gboolean
read_string (JsonObject  *entry,
             const char  *member,
             const char **out)
{
  JsonNode *node = json_object_get_member (entry, member);

  *out = NULL;
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return FALSE;
  *out = json_node_get_string (node);
  return TRUE;
}

/* "2024-07-15", or a month "2024-07" read as its first day. */
static gboolean
parse_day_or_month (const char *text,
                    GDate      *out)
{
  g_autofree char *day = NULL;

  if (text == NULL)
    return FALSE;
  if (strlen (text) == 7)
    text = day = g_strconcat (text, "-01", NULL);
  return tj_date_parse_iso (text, out);
}

static TjLocalFigure *
new_figure (const char        *city,
            TjLocalFigureKind  kind,
            gint64             value_fen,
            const GDate       *effective,
            guint              of_year,
            const char        *source,
            const char        *published,
            const char        *verify)
{
  TjLocalFigure *f = g_new0 (TjLocalFigure, 1);

  f->city = g_strdup (city);
  f->kind = kind;
  f->value_fen = value_fen;
  f->effective_date = *effective;
  f->effective = tj_date_to_iso (effective);
  f->of_year = of_year;
  f->source = g_strdup (source);
  f->published = g_strdup (published);
  f->verify = g_strdup (verify);
  return f;
}

/* An entry of the dated format: one figure. */
static gboolean
parse_dated_entry (JsonObject   *entry,
                   const Place  *place,
                   const char   *name,
                   guint         index,
                   const char   *city,
                   const char   *default_source,
                   GPtrArray    *into,
                   GError      **error)
{
  const char *kind_text = NULL, *effective_text = NULL, *source = NULL, *published = NULL, *verify = NULL;
  TjLocalFigureKind kind;
  gint64 value = -1, of_year = 0;
  JsonNode *of_year_node = json_object_get_member (entry, "of_year");
  GDate effective;

  if (!read_string (entry, "kind", &kind_text) || kind_text == NULL
      || (g_strcmp0 (kind_text, "min_monthly_wage") != 0 && g_strcmp0 (kind_text, "avg_monthly_wage") != 0))
    return bad_member (place, name, index, "kind", _("“min_monthly_wage” or “avg_monthly_wage”"), error);
  kind = g_str_equal (kind_text, "avg_monthly_wage") ? TJ_LOCAL_FIGURE_AVG_MONTHLY_WAGE
                                                     : TJ_LOCAL_FIGURE_MIN_MONTHLY_WAGE;
  if (!read_fen (entry, "value_fen", &value) || value < 0)
    return bad_member (place, name, index, "value_fen", _("a whole number of fen"), error);
  if (!read_string (entry, "effective", &effective_text) || !tj_date_parse_iso (effective_text, &effective))
    return bad_member (place, name, index, "effective", _("a date written YYYY-MM-DD"), error);
  if (of_year_node != NULL && !JSON_NODE_HOLDS_NULL (of_year_node))
    {
      if (!JSON_NODE_HOLDS_VALUE (of_year_node) || json_node_get_value_type (of_year_node) != G_TYPE_INT64
          || json_node_get_int (of_year_node) < 1900 || json_node_get_int (of_year_node) > 2999)
        return bad_member (place, name, index, "of_year", _("a year such as 2024"), error);
      of_year = json_node_get_int (of_year_node);
    }
  else if (kind == TJ_LOCAL_FIGURE_AVG_MONTHLY_WAGE)
    of_year = g_date_get_year (&effective) - 1;   /* published the year after */
  if (!read_string (entry, "source", &source))
    return bad_member (place, name, index, "source", _("text"), error);
  if (!read_string (entry, "published", &published))
    return bad_member (place, name, index, "published", _("text"), error);
  if (!read_string (entry, "verify", &verify))
    return bad_member (place, name, index, "verify", _("text"), error);

  g_ptr_array_add (into, new_figure (city, kind, value, &effective,
                                     kind == TJ_LOCAL_FIGURE_AVG_MONTHLY_WAGE ? (guint) of_year : 0,
                                     source ? source : default_source, published, verify));
  return TRUE;
}

/* An entry of the earlier format, one per city and year: up to two
 * figures, dated as well as it allows. */
static gboolean
parse_yearly_entry (JsonObject   *entry,
                    const Place  *place,
                    const char   *name,
                    guint         index,
                    const char   *city,
                    const char   *default_source,
                    GPtrArray    *into,
                    GError      **error)
{
  JsonNode *year_node = json_object_get_member (entry, "year");
  const char *min_effective = NULL, *published = NULL, *source = NULL, *verify = NULL;
  gint64 year, avg, min, of_year;
  GDate january, date;

  if (!JSON_NODE_HOLDS_VALUE (year_node) || json_node_get_value_type (year_node) != G_TYPE_INT64
      || json_node_get_int (year_node) < 1900 || json_node_get_int (year_node) > 2999)
    return bad_member (place, name, index, "year", _("a year such as 2024"), error);
  year = json_node_get_int (year_node);
  of_year = tj_json_get_int (entry, "avg_wage_of_year", year - 1);
  if (!read_fen (entry, "avg_monthly_wage_fen", &avg))
    return bad_member (place, name, index, "avg_monthly_wage_fen", _("a whole number of fen, or null"), error);
  if (!read_fen (entry, "min_monthly_wage_fen", &min))
    return bad_member (place, name, index, "min_monthly_wage_fen", _("a whole number of fen, or null"), error);
  if (!read_string (entry, "min_wage_effective", &min_effective)
      || (min_effective && !tj_date_parse_iso (min_effective, &date)))
    return bad_member (place, name, index, "min_wage_effective", _("a date written YYYY-MM-DD"), error);
  if (!read_string (entry, "published", &published)
      || (published && !parse_day_or_month (published, &date)))
    return bad_member (place, name, index, "published", _("a date written YYYY-MM-DD or a month YYYY-MM"), error);
  if (!read_string (entry, "source", &source) || !read_string (entry, "verify", &verify))
    return bad_member (place, name, index, "source", _("text"), error);

  g_date_clear (&january, 1);
  g_date_set_dmy (&january, 1, G_DATE_JANUARY, (GDateYear) year);
  if (min >= 0)
    {
      if (min_effective == NULL || !tj_date_parse_iso (min_effective, &date))
        date = january;
      g_ptr_array_add (into, new_figure (city, TJ_LOCAL_FIGURE_MIN_MONTHLY_WAGE, min, &date, 0,
                                         source ? source : default_source, published, verify));
    }
  if (avg >= 0)
    {
      if (published == NULL || !parse_day_or_month (published, &date))
        date = january;
      g_ptr_array_add (into, new_figure (city, TJ_LOCAL_FIGURE_AVG_MONTHLY_WAGE, avg, &date, (guint) of_year,
                                         source ? source : default_source, published, verify));
    }
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
  const char *search_from, *default_source;

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
  default_source = tj_json_get_string (root, "source", NULL);

  /* Everything is checked before anything is merged: a bad file changes
   * nothing. */
  parsed = g_ptr_array_new_with_free_func (figure_free);
  /* Entries are found in order, so each one's line is searched for after
   * the previous one's. */
  search_from = text;
  for (guint i = 0; i < json_array_get_length (figures); i++)
    {
      JsonNode *node = json_array_get_element (figures, i);
      JsonObject *entry = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
      const char *city = NULL;
      Place place = { text, NULL, NULL, MAX (1u, _tj_data_file_line_of (text, "\"figures\"")) };
      const char *hit = strstr (search_from, "\"city\"");
      gboolean ok;

      if (hit != NULL)
        {
          place.entry = hit;
          place.next = strstr (hit + 1, "\"city\"");
          place.line = _tj_data_file_line_at (text, hit);
          search_from = hit + 1;
        }
      if (entry == NULL)
        return bad_member (&place, name, i, "{…}", _("an object"), error);
      if (!read_string (entry, "city", &city) || city == NULL || *city == '\0')
        return bad_member (&place, name, i, "city", _("the name of a city"), error);
      if (json_object_has_member (entry, "kind") || !json_object_has_member (entry, "year"))
        ok = parse_dated_entry (entry, &place, name, i, city, default_source, parsed, error);
      else
        ok = parse_yearly_entry (entry, &place, name, i, city, default_source, parsed, error);
      if (!ok)
        return FALSE;
    }

  /* Merge: a figure of the same city, kind and date replaces the old one. */
  for (guint i = 0; i < parsed->len; i++)
    {
      TjLocalFigure *f = g_ptr_array_index (parsed, i);
      for (guint k = 0; k < self->figures->len; k++)
        {
          TjLocalFigure *old = g_ptr_array_index (self->figures, k);
          if (old->kind == f->kind && g_date_compare (&old->effective_date, &f->effective_date) == 0
              && g_strcmp0 (old->city, f->city) == 0)
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

/* The figure of @city and @kind with the latest effective date on or
 * before @on (any date when @on is NULL). */
static const TjLocalFigure *
find_in_force (TjLocalFigures    *self,
               const char        *city,
               TjLocalFigureKind  kind,
               const GDate       *on)
{
  const TjLocalFigure *best = NULL;

  for (guint i = 0; i < self->figures->len; i++)
    {
      const TjLocalFigure *f = g_ptr_array_index (self->figures, i);
      if (f->kind == kind && g_strcmp0 (f->city, city) == 0
          && (on == NULL || g_date_compare (&f->effective_date, on) <= 0)
          && (best == NULL || g_date_compare (&f->effective_date, &best->effective_date) > 0))
        best = f;
    }
  return best;
}

static const char *
kind_words (TjLocalFigureKind kind)
{
  return kind == TJ_LOCAL_FIGURE_AVG_MONTHLY_WAGE ? _("average monthly wage") : _("minimum wage");
}

static void
set_not_found (GError            **error,
               const char         *city,
               TjLocalFigureKind   kind,
               const GDate        *on)
{
  g_autofree char *iso = on ? tj_date_format_display (on) : NULL;

  if (iso)
    g_set_error (error, TJ_ERROR, TJ_ERROR_NOT_FOUND,
                 /* Translators: "no minimum wage for 深圳 in force on 2020-06-30 …" */
                 _("The local figures have no %s for %s in force on %s; enter the figure published by the local bureau"),
                 kind_words (kind), city ? city : "", iso);
  else
    g_set_error (error, TJ_ERROR, TJ_ERROR_NOT_FOUND,
                 _("The local figures have no %s for %s; enter the figure published by the local bureau"),
                 kind_words (kind), city ? city : "");
}

const TjLocalFigure *
tj_local_figures_lookup (TjLocalFigures     *self,
                         const char         *city,
                         TjLocalFigureKind   kind,
                         const GDate        *on,
                         char              **warning,
                         GError            **error)
{
  const TjLocalFigure *best;

  g_return_val_if_fail (TJ_IS_LOCAL_FIGURES (self), NULL);

  if (warning)
    *warning = NULL;
  best = find_in_force (self, city, kind, on);
  if (best == NULL)
    {
      set_not_found (error, city, kind, on);
      return NULL;
    }
  if (warning && on)
    {
      g_autofree char *on_text = tj_date_format_display (on);
      g_autofree char *effective_text = tj_date_format_display (&best->effective_date);

      if (kind == TJ_LOCAL_FIGURE_MIN_MONTHLY_WAGE)
        {
          GDate two_years = best->effective_date;

          g_date_add_years (&two_years, 2);
          if (g_date_compare (on, &two_years) >= 0)
            *warning = g_strdup_printf (_("The minimum wage used for %s took effect on %s, two years or more before %s; standards are adjusted at least every two years (Provisions on Minimum Wages §10): check whether the local bureau has published a newer one"),
                                        city, effective_text, on_text);
        }
      else if (best->of_year + 2 < g_date_get_year (on))
        *warning = g_strdup_printf (_("The average monthly wage used for %s is the one of %u, published %s; check whether the local bureau has published the one of %u"),
                                    city, best->of_year, effective_text, g_date_get_year (on) - 1);
    }
  return best;
}

static int
compare_effective (gconstpointer a,
                   gconstpointer b)
{
  const TjLocalFigure *x = *(const TjLocalFigure * const *) a;
  const TjLocalFigure *y = *(const TjLocalFigure * const *) b;

  return g_date_compare (&x->effective_date, &y->effective_date);
}

GPtrArray *
tj_local_figures_lookup_period (TjLocalFigures     *self,
                                const char         *city,
                                TjLocalFigureKind   kind,
                                const GDate        *from,
                                const GDate        *to,
                                GError            **error)
{
  const TjLocalFigure *first;
  GPtrArray *out;

  g_return_val_if_fail (TJ_IS_LOCAL_FIGURES (self), NULL);
  g_return_val_if_fail (from != NULL && to != NULL, NULL);

  first = find_in_force (self, city, kind, from);
  if (first == NULL)
    {
      set_not_found (error, city, kind, from);
      return NULL;
    }
  out = g_ptr_array_new ();
  g_ptr_array_add (out, (gpointer) first);
  for (guint i = 0; i < self->figures->len; i++)
    {
      const TjLocalFigure *f = g_ptr_array_index (self->figures, i);
      if (f->kind == kind && g_strcmp0 (f->city, city) == 0
          && g_date_compare (&f->effective_date, from) > 0 && g_date_compare (&f->effective_date, to) <= 0)
        g_ptr_array_add (out, (gpointer) f);
    }
  g_ptr_array_sort (out, compare_effective);
  return out;
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
