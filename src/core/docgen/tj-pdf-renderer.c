/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Draws laid-out pages into a PDF with font programs cut down to the
 * glyphs the document uses, before cairo sees them.
 *
 * Given pango's fonts, cairo's PDF surface subsets each font itself, and
 * cairo 1.16 reads the whole CFF table to do it: 21 MB for each Noto CJK
 * face, copied out of the mapped file twice per face per document; and
 * what it embedded was far more than the glyphs' outlines (698 KB of
 * font programs for the 600 glyphs of the 72-worker agreement), all of
 * it deflated. HarfBuzz subsets straight from the mapped file: each face
 * the document uses is subset to its glyphs first, with the subroutines
 * expanded into the glyphs (subsetted subroutines would depend on what
 * other glyphs a reused subset has, and so would the PDF), loaded into
 * FreeType from memory, and drawn with a cairo font made from it with
 * pango's font matrix and options. The glyph positions are pango's,
 * untouched; glyph ids are mapped to the subset's. The text and its
 * clusters go along as pango gives them (cairo_show_text_glyphs), so the
 * PDF's text stays searchable.
 *
 * A font that cannot be subset (synthetic bold or slant, variations,
 * neither CFF nor TrueType outlines, a subsetter failure) and unknown
 * glyphs (hex boxes) are drawn by pango as before. */
#undef G_LOG_DOMAIN
#define G_LOG_DOMAIN "Tiaojie-Docgen"

#include "tj-pdf-renderer.h"

#include <cairo-ft.h>
#include <ft2build.h>
#include FT_FREETYPE_H
#include <hb-ot.h>
#include <hb-subset.h>
#include <pango/pangofc-font.h>

/* A font file (or one font of a collection) cut down to some glyphs.
 * Shared by documents and threads, read-only once made. */
typedef struct {
  hb_set_t          *glyphs;      /* the original glyph ids it has */
  hb_subset_plan_t  *plan;        /* owns the old-to-new glyph map */
  const hb_map_t    *map;
  cairo_font_face_t *font_face;
} Subset;

/* A font file the document uses: pango has a PangoFont per size, and
 * cairo embeds one font program per face, as it did before. */
typedef struct {
  char      *key;       /* file and index */
  hb_face_t *face;
  hb_set_t  *glyphs;    /* pango's glyph ids the document uses */
  Subset    *subset;    /* NULL: drawn by pango */
  gboolean   tried;
} DocFace;

typedef struct {
  DocFace             *face;      /* NULL: drawn by pango */
  cairo_scaled_font_t *scaled;    /* NULL: drawn by pango */
} SubsetFont;

struct _TjPdfRenderer
{
  PangoRenderer  parent_instance;

  GHashTable    *faces;     /* hb_face_t -> DocFace */
  GHashTable    *fonts;     /* PangoFont -> SubsetFont */
  guint          n_subset;
  cairo_t       *cr;        /* while showing */
  double         x_offset;
  double         y_offset;
};

G_DEFINE_FINAL_TYPE (TjPdfRenderer, tj_pdf_renderer, PANGO_TYPE_RENDERER)

/* ---- FreeType ----
 *
 * One library for every thread: documents are drawn on worker threads,
 * and cairo may drop a face (calling face_data_free) on any of them, so
 * creating and freeing faces is serialised; cairo locks a face itself
 * while it uses it. */

static GMutex ft_lock;
static FT_Library ft_library;

typedef struct {
  FT_Face    face;
  hb_blob_t *blob;   /* the font program the face reads */
} FaceData;

static cairo_user_data_key_t face_data_key;

static void
face_data_free (gpointer data)
{
  FaceData *fd = data;

  g_mutex_lock (&ft_lock);
  FT_Done_Face (fd->face);
  g_mutex_unlock (&ft_lock);
  hb_blob_destroy (fd->blob);
  g_free (fd);
}

/* A cairo face reading @blob, which it keeps; NULL if FreeType cannot
 * load it. */
static cairo_font_face_t *
font_face_from_blob (hb_blob_t *blob)
{
  unsigned int len = 0;
  const char *data = hb_blob_get_data (blob, &len);
  FT_Face face = NULL;
  FT_Error ft_error;
  cairo_font_face_t *font_face;
  FaceData *fd;

  g_mutex_lock (&ft_lock);
  if (ft_library == NULL && FT_Init_FreeType (&ft_library) != 0)
    ft_library = NULL;
  ft_error = ft_library ? FT_New_Memory_Face (ft_library, (const FT_Byte *) data, len, 0, &face) : 1;
  g_mutex_unlock (&ft_lock);
  if (ft_error != 0)
    {
      hb_blob_destroy (blob);
      return NULL;
    }

  fd = g_new0 (FaceData, 1);
  fd->face = face;
  fd->blob = blob;
  font_face = cairo_ft_font_face_create_for_ft_face (face, 0);
  /* The face lives as long as cairo's font face, which may outlive this
   * document in cairo's caches. */
  if (cairo_font_face_set_user_data (font_face, &face_data_key, fd, face_data_free) != CAIRO_STATUS_SUCCESS)
    {
      cairo_font_face_destroy (font_face);
      face_data_free (fd);
      return NULL;
    }
  return font_face;
}

/* ---- subsetting ---- */

static void
subset_free (Subset *subset)
{
  hb_set_destroy (subset->glyphs);
  if (subset->plan)
    hb_subset_plan_destroy (subset->plan);
  if (subset->font_face)
    cairo_font_face_destroy (subset->font_face);
}

static Subset *
subset_ref (Subset *subset)
{
  return g_atomic_rc_box_acquire (subset);
}

static void
subset_unref (Subset *subset)
{
  g_atomic_rc_box_release_full (subset, (GDestroyNotify) subset_free);
}

static void
doc_face_free (DocFace *df)
{
  g_free (df->key);
  hb_face_destroy (df->face);
  hb_set_destroy (df->glyphs);
  g_clear_pointer (&df->subset, subset_unref);
  g_free (df);
}

static void
subset_font_free (SubsetFont *sf)
{
  if (sf->scaled)
    cairo_scaled_font_destroy (sf->scaled);
  g_free (sf);
}

static gboolean
face_has_table (hb_face_t *face,
                hb_tag_t   tag)
{
  hb_blob_t *blob = hb_face_reference_table (face, tag);
  gboolean has = hb_blob_get_length (blob) > 0;

  hb_blob_destroy (blob);
  return has;
}

/* Whether cairo would draw @font's outlines as they are in its file
 * (no emboldening, slant or variations made up on the way); if so, its
 * file and index in @key. */
static gboolean
font_is_plain (PangoFont  *font,
               hb_face_t  *face,
               char      **key)
{
  FcPattern *pattern;
  FcBool embolden = FcFalse;
  FcMatrix *matrix = NULL;
  FcChar8 *file = NULL;
  int index = 0;

  if (!PANGO_IS_FC_FONT (font) || !PANGO_IS_CAIRO_FONT (font))
    return FALSE;
  pattern = pango_fc_font_get_pattern (PANGO_FC_FONT (font));
  if (FcPatternGetString (pattern, FC_FILE, 0, &file) != FcResultMatch)
    return FALSE;
  FcPatternGetInteger (pattern, FC_INDEX, 0, &index);
  if (FcPatternGetBool (pattern, FC_EMBOLDEN, 0, &embolden) == FcResultMatch && embolden)
    return FALSE;
  if (FcPatternGetMatrix (pattern, FC_MATRIX, 0, &matrix) == FcResultMatch &&
      (matrix->xx != 1 || matrix->xy != 0 || matrix->yx != 0 || matrix->yy != 1))
    return FALSE;
  if (hb_ot_var_has_data (face))
    return FALSE;
  if (!face_has_table (face, HB_TAG ('C', 'F', 'F', ' ')) &&
      !face_has_table (face, HB_TAG ('g', 'l', 'y', 'f')))
    return FALSE;
  *key = g_strdup_printf ("%s#%d", (const char *) file, index);
  return TRUE;
}

/* @face cut down to @glyphs, or NULL. */
static Subset *
subset_new (hb_face_t *face,
            hb_set_t  *glyphs)
{
  static const hb_tag_t drop[] = {
    /* Shaping is done: the PDF needs outlines and metrics only, and
     * without GSUB the subsetter does not chase substitutions. */
    HB_TAG ('G', 'S', 'U', 'B'), HB_TAG ('G', 'P', 'O', 'S'), HB_TAG ('G', 'D', 'E', 'F'),
    HB_TAG ('B', 'A', 'S', 'E'), HB_TAG ('J', 'S', 'T', 'F'), HB_TAG ('M', 'A', 'T', 'H'),
    HB_TAG ('v', 'h', 'e', 'a'), HB_TAG ('v', 'm', 't', 'x'), HB_TAG ('V', 'O', 'R', 'G'),
    HB_TAG ('E', 'B', 'D', 'T'), HB_TAG ('E', 'B', 'L', 'C'), HB_TAG ('E', 'B', 'S', 'C'),
    HB_TAG ('C', 'B', 'D', 'T'), HB_TAG ('C', 'B', 'L', 'C'), HB_TAG ('s', 'b', 'i', 'x'),
    HB_TAG ('C', 'O', 'L', 'R'), HB_TAG ('C', 'P', 'A', 'L'), HB_TAG ('S', 'V', 'G', ' '),
    HB_TAG ('D', 'S', 'I', 'G'), HB_TAG ('k', 'e', 'r', 'n'),
  };
  Subset *subset = g_atomic_rc_box_new0 (Subset);
  hb_subset_input_t *input;
  hb_set_t *drop_set;
  hb_face_t *result;

  subset->glyphs = hb_set_copy (glyphs);
  input = hb_subset_input_create_or_fail ();
  if (input == NULL)
    goto fail;
  hb_set_union (hb_subset_input_glyph_set (input), glyphs);
  /* No subroutines: what cairo embeds then depends on the glyphs the PDF
   * draws only, not on the others a reused subset has; and it is
   * smaller once deflated. */
  hb_subset_input_set_flags (input, HB_SUBSET_FLAGS_DESUBROUTINIZE);
  drop_set = hb_subset_input_set (input, HB_SUBSET_SETS_DROP_TABLE_TAG);
  for (gsize i = 0; i < G_N_ELEMENTS (drop); i++)
    hb_set_add (drop_set, drop[i]);
  subset->plan = hb_subset_plan_create_or_fail (face, input);
  hb_subset_input_destroy (input);
  if (subset->plan == NULL)
    goto fail;
  subset->map = hb_subset_plan_old_to_new_glyph_mapping (subset->plan);
  result = hb_subset_plan_execute_or_fail (subset->plan);
  if (result == NULL)
    goto fail;
  subset->font_face = font_face_from_blob (hb_face_reference_blob (result));
  hb_face_destroy (result);
  if (subset->font_face == NULL)
    goto fail;
  g_debug ("subset a font to %u glyphs", hb_set_get_population (glyphs));
  return subset;

fail:
  subset_unref (subset);
  return NULL;
}

/* ---- the subsets of recent documents ----
 *
 * Cairo subsets the fonts it is given once more, to the glyphs a PDF
 * draws, so a subset with more glyphs than a document needs embeds the
 * same. Keeping one subset per font file with the glyphs of the recent
 * documents lets the next document reuse it, and its cairo fonts with
 * their warm glyph caches, when it needs no new glyph: papers of cases
 * are written in the same few thousand characters. Past CACHE_GLYPHS
 * glyphs the subset starts again from the document's own. */

#define CACHE_GLYPHS 6000

static GMutex cache_lock;
static GHashTable *cache;   /* file and index -> Subset */

static Subset *
subset_for (const char *key,
            hb_face_t  *face,
            hb_set_t   *glyphs)
{
  Subset *cached, *subset;
  hb_set_t *wanted;

  g_mutex_lock (&cache_lock);
  if (cache == NULL)
    cache = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) subset_unref);
  cached = g_hash_table_lookup (cache, key);
  if (cached && hb_set_is_subset (glyphs, cached->glyphs))
    {
      subset = subset_ref (cached);
      g_mutex_unlock (&cache_lock);
      return subset;
    }
  wanted = hb_set_copy (glyphs);
  if (cached)
    hb_set_union (wanted, cached->glyphs);
  g_mutex_unlock (&cache_lock);

  if (hb_set_get_population (wanted) > CACHE_GLYPHS)
    {
      hb_set_destroy (wanted);
      wanted = hb_set_copy (glyphs);
    }
  /* Made unlocked: another thread may make one too, the last one stays. */
  subset = subset_new (face, wanted);
  hb_set_destroy (wanted);
  if (subset)
    {
      g_mutex_lock (&cache_lock);
      g_hash_table_replace (cache, g_strdup (key), subset_ref (subset));
      g_mutex_unlock (&cache_lock);
    }
  return subset;
}

/* A cairo font of the subset with pango's size, transformation and
 * options, so that glyph widths and extents come out as pango's own font
 * gives them. */
static cairo_scaled_font_t *
scaled_font_new (PangoFont         *font,
                 cairo_font_face_t *font_face)
{
  cairo_scaled_font_t *pango_scaled = pango_cairo_font_get_scaled_font (PANGO_CAIRO_FONT (font));
  cairo_scaled_font_t *scaled;
  cairo_matrix_t font_matrix, ctm;
  cairo_font_options_t *options;

  if (pango_scaled == NULL || cairo_scaled_font_status (pango_scaled) != CAIRO_STATUS_SUCCESS)
    return NULL;
  cairo_scaled_font_get_font_matrix (pango_scaled, &font_matrix);
  cairo_scaled_font_get_ctm (pango_scaled, &ctm);
  options = cairo_font_options_create ();
  cairo_scaled_font_get_font_options (pango_scaled, options);
  scaled = cairo_scaled_font_create (font_face, &font_matrix, &ctm, options);
  cairo_font_options_destroy (options);
  if (cairo_scaled_font_status (scaled) != CAIRO_STATUS_SUCCESS)
    g_clear_pointer (&scaled, cairo_scaled_font_destroy);
  return scaled;
}

/* ---- collecting glyphs ---- */

static SubsetFont *
font_entry (TjPdfRenderer *self,
            PangoFont     *font)
{
  SubsetFont *sf = g_hash_table_lookup (self->fonts, font);
  hb_font_t *hb_font;
  hb_face_t *face;
  char *key = NULL;

  if (sf != NULL)
    return sf;
  sf = g_new0 (SubsetFont, 1);
  g_hash_table_insert (self->fonts, g_object_ref (font), sf);
  hb_font = pango_font_get_hb_font (font);
  if (hb_font == NULL)
    return sf;
  face = hb_font_get_face (hb_font);
  sf->face = g_hash_table_lookup (self->faces, face);
  if (sf->face == NULL && font_is_plain (font, face, &key))
    {
      sf->face = g_new0 (DocFace, 1);
      sf->face->key = g_steal_pointer (&key);
      sf->face->face = hb_face_reference (face);
      sf->face->glyphs = hb_set_create ();
      g_hash_table_insert (self->faces, face, sf->face);
    }
  else if (sf->face && !font_is_plain (font, face, &key))
    sf->face = NULL;   /* the same file, emboldened */
  g_free (key);
  return sf;
}

/**
 * tj_pdf_renderer_add_layout:
 *
 * Notes the glyphs of @layout; every layout drawn later must have been
 * added before tj_pdf_renderer_prepare(), or its runs are drawn by pango
 * with the whole font.
 */
void
tj_pdf_renderer_add_layout (TjPdfRenderer *self,
                            PangoLayout   *layout)
{
  PangoLayoutIter *iter;

  g_return_if_fail (TJ_IS_PDF_RENDERER (self));

  iter = pango_layout_get_iter (layout);
  do
    {
      PangoGlyphItem *run = pango_layout_iter_get_run_readonly (iter);
      SubsetFont *sf;

      if (run == NULL)
        continue;
      sf = font_entry (self, run->item->analysis.font);
      if (sf->face == NULL)
        continue;
      for (int i = 0; i < run->glyphs->num_glyphs; i++)
        {
          PangoGlyph glyph = run->glyphs->glyphs[i].glyph;
          if (glyph != PANGO_GLYPH_EMPTY && !(glyph & PANGO_GLYPH_UNKNOWN_FLAG))
            hb_set_add (sf->face->glyphs, glyph);
        }
    }
  while (pango_layout_iter_next_run (iter));
  pango_layout_iter_free (iter);
}

/* Subsets every font the added layouts use. */
void
tj_pdf_renderer_prepare (TjPdfRenderer *self)
{
  GHashTableIter iter;
  gpointer key, value;

  g_return_if_fail (TJ_IS_PDF_RENDERER (self));

  g_hash_table_iter_init (&iter, self->faces);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      DocFace *df = value;
      if (!df->tried && !hb_set_is_empty (df->glyphs))
        {
          df->tried = TRUE;
          df->subset = subset_for (df->key, df->face, df->glyphs);
          if (df->subset)
            self->n_subset++;
        }
    }
  g_hash_table_iter_init (&iter, self->fonts);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      SubsetFont *sf = value;
      if (sf->scaled == NULL && sf->face && sf->face->subset)
        sf->scaled = scaled_font_new (key, sf->face->subset->font_face);
    }
}

/* How many font files are drawn from subsets; for tests. */
guint
tj_pdf_renderer_get_n_subset (TjPdfRenderer *self)
{
  g_return_val_if_fail (TJ_IS_PDF_RENDERER (self), 0);
  return self->n_subset;
}

/* ---- drawing ---- */

static void
set_color (TjPdfRenderer   *self,
           PangoRenderPart  part)
{
  PangoColor *color = pango_renderer_get_color (PANGO_RENDERER (self), part);

  if (color)
    cairo_set_source_rgb (self->cr, color->red / 65535., color->green / 65535., color->blue / 65535.);
}

/* The run as pangocairo would draw it, at the same place. */
static void
draw_by_pango (TjPdfRenderer  *self,
               const char     *text,
               PangoGlyphItem *glyph_item,
               int             x,
               int             y)
{
  cairo_save (self->cr);
  set_color (self, PANGO_RENDER_PART_FOREGROUND);
  cairo_move_to (self->cr, self->x_offset + (double) x / PANGO_SCALE,
                 self->y_offset + (double) y / PANGO_SCALE);
  pango_cairo_show_glyph_item (self->cr, text, glyph_item);
  cairo_restore (self->cr);
}

static void
tj_pdf_renderer_draw_glyph_item (PangoRenderer  *renderer,
                                 const char     *text,
                                 PangoGlyphItem *glyph_item,
                                 int             x,
                                 int             y)
{
  TjPdfRenderer *self = TJ_PDF_RENDERER (renderer);
  PangoGlyphString *glyphs = glyph_item->glyphs;
  PangoItem *item = glyph_item->item;
  SubsetFont *sf = g_hash_table_lookup (self->fonts, item->analysis.font);
  gboolean backward = (item->analysis.level & 1) != 0;
  g_autofree cairo_glyph_t *cairo_glyphs = NULL;
  g_autofree cairo_text_cluster_t *clusters = NULL;
  PangoGlyphItemIter iter;
  double base_x = self->x_offset + (double) x / PANGO_SCALE;
  double base_y = self->y_offset + (double) y / PANGO_SCALE;
  int x_position = 0, count = 0, n_clusters = 0;

  if (sf == NULL || sf->scaled == NULL)
    {
      draw_by_pango (self, text, glyph_item, x, y);
      return;
    }

  cairo_glyphs = g_new (cairo_glyph_t, MAX (glyphs->num_glyphs, 1));
  for (int i = 0; i < glyphs->num_glyphs; i++)
    {
      PangoGlyphInfo *gi = &glyphs->glyphs[i];

      if (gi->glyph != PANGO_GLYPH_EMPTY)
        {
          hb_codepoint_t glyph = gi->glyph & PANGO_GLYPH_UNKNOWN_FLAG ? HB_MAP_VALUE_INVALID
                                                                      : hb_map_get (sf->face->subset->map, gi->glyph);
          /* A hex box, or a layout that was not added: pango's way. */
          if (glyph == HB_MAP_VALUE_INVALID)
            {
              draw_by_pango (self, text, glyph_item, x, y);
              return;
            }
          cairo_glyphs[count].index = glyph;
          cairo_glyphs[count].x = base_x + (double) (x_position + gi->geometry.x_offset) / PANGO_SCALE;
          cairo_glyphs[count].y = base_y + (double) gi->geometry.y_offset / PANGO_SCALE;
          count++;
        }
      x_position += gi->geometry.width;
    }

  /* Clusters as pangocairo makes them: empty glyphs are not drawn and do
   * not count. */
  clusters = g_new (cairo_text_cluster_t, MAX (glyphs->num_glyphs, 1));
  if (pango_glyph_item_iter_init_start (&iter, glyph_item, text))
    do
      {
        int num_glyphs = backward ? iter.start_glyph - iter.end_glyph : iter.end_glyph - iter.start_glyph;

        for (int i = MIN (iter.start_glyph, iter.end_glyph + 1); i < MAX (iter.start_glyph + 1, iter.end_glyph); i++)
          if (glyphs->glyphs[i].glyph == PANGO_GLYPH_EMPTY)
            num_glyphs--;
        clusters[n_clusters].num_bytes = iter.end_index - iter.start_index;
        clusters[n_clusters].num_glyphs = num_glyphs;
        n_clusters++;
      }
    while (pango_glyph_item_iter_next_cluster (&iter));

  cairo_save (self->cr);
  set_color (self, PANGO_RENDER_PART_FOREGROUND);
  cairo_set_scaled_font (self->cr, sf->scaled);
  cairo_show_text_glyphs (self->cr, text + item->offset, item->length, cairo_glyphs, count,
                          clusters, n_clusters, backward ? CAIRO_TEXT_CLUSTER_FLAG_BACKWARD : 0);
  cairo_restore (self->cr);
}

static void
tj_pdf_renderer_draw_glyphs (PangoRenderer    *renderer,
                             PangoFont        *font,
                             PangoGlyphString *glyphs,
                             int               x,
                             int               y)
{
  TjPdfRenderer *self = TJ_PDF_RENDERER (renderer);

  /* Glyphs without text (not drawn by a layout): pango's way. */
  cairo_save (self->cr);
  set_color (self, PANGO_RENDER_PART_FOREGROUND);
  cairo_move_to (self->cr, self->x_offset + (double) x / PANGO_SCALE,
                 self->y_offset + (double) y / PANGO_SCALE);
  pango_cairo_show_glyph_string (self->cr, font, glyphs);
  cairo_restore (self->cr);
}

/* Underlines and strikethrough. */
static void
tj_pdf_renderer_draw_rectangle (PangoRenderer   *renderer,
                                PangoRenderPart  part,
                                int              x,
                                int              y,
                                int              width,
                                int              height)
{
  TjPdfRenderer *self = TJ_PDF_RENDERER (renderer);

  cairo_save (self->cr);
  set_color (self, part);
  cairo_rectangle (self->cr,
                   self->x_offset + (double) x / PANGO_SCALE,
                   self->y_offset + (double) y / PANGO_SCALE,
                   (double) width / PANGO_SCALE, (double) height / PANGO_SCALE);
  cairo_fill (self->cr);
  cairo_restore (self->cr);
}

static void
tj_pdf_renderer_draw_error_underline (PangoRenderer *renderer,
                                      int            x,
                                      int            y,
                                      int            width,
                                      int            height)
{
  TjPdfRenderer *self = TJ_PDF_RENDERER (renderer);

  cairo_save (self->cr);
  set_color (self, PANGO_RENDER_PART_UNDERLINE);
  pango_cairo_show_error_underline (self->cr,
                                    self->x_offset + (double) x / PANGO_SCALE,
                                    self->y_offset + (double) y / PANGO_SCALE,
                                    (double) width / PANGO_SCALE, (double) height / PANGO_SCALE);
  cairo_restore (self->cr);
}

static void
tj_pdf_renderer_finalize (GObject *object)
{
  TjPdfRenderer *self = TJ_PDF_RENDERER (object);

  g_hash_table_unref (self->fonts);
  g_hash_table_unref (self->faces);
  G_OBJECT_CLASS (tj_pdf_renderer_parent_class)->finalize (object);
}

static void
tj_pdf_renderer_class_init (TjPdfRendererClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  PangoRendererClass *renderer_class = PANGO_RENDERER_CLASS (klass);

  object_class->finalize = tj_pdf_renderer_finalize;
  renderer_class->draw_glyphs = tj_pdf_renderer_draw_glyphs;
  renderer_class->draw_glyph_item = tj_pdf_renderer_draw_glyph_item;
  renderer_class->draw_rectangle = tj_pdf_renderer_draw_rectangle;
  renderer_class->draw_error_underline = tj_pdf_renderer_draw_error_underline;
}

static void
tj_pdf_renderer_init (TjPdfRenderer *self)
{
  self->faces = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify) doc_face_free);
  self->fonts = g_hash_table_new_full (NULL, NULL, g_object_unref, (GDestroyNotify) subset_font_free);
}

TjPdfRenderer *
tj_pdf_renderer_new (void)
{
  return g_object_new (TJ_TYPE_PDF_RENDERER, NULL);
}

/* Like pango_cairo_show_layout_line(): the line's baseline starts at the
 * current point. */
void
tj_pdf_renderer_show_layout_line (TjPdfRenderer   *self,
                                  cairo_t         *cr,
                                  PangoLayoutLine *line)
{
  g_return_if_fail (TJ_IS_PDF_RENDERER (self));

  self->cr = cr;
  cairo_get_current_point (cr, &self->x_offset, &self->y_offset);
  pango_renderer_draw_layout_line (PANGO_RENDERER (self), line, 0, 0);
  cairo_move_to (cr, self->x_offset, self->y_offset);
  self->cr = NULL;
}

/* Like pango_cairo_show_layout(): the layout's top left corner at the
 * current point. */
void
tj_pdf_renderer_show_layout (TjPdfRenderer *self,
                             cairo_t       *cr,
                             PangoLayout   *layout)
{
  g_return_if_fail (TJ_IS_PDF_RENDERER (self));

  self->cr = cr;
  cairo_get_current_point (cr, &self->x_offset, &self->y_offset);
  pango_renderer_draw_layout (PANGO_RENDERER (self), layout, 0, 0);
  cairo_move_to (cr, self->x_offset, self->y_offset);
  self->cr = NULL;
}
