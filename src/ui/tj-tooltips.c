/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Tiaojie-UI"

#include <string.h>

#include "tj-tooltips.h"

/* GTK 4.8 wraps a tooltip's text at as many "characters" as the text has,
 * measured in average Latin characters; a Chinese character is about two
 * of those, so "搜索" came out one character per line and longer texts at
 * half their width. Every widget's tooltip is shown here instead in a
 * label of our own that keeps a short text on one line and wraps a long
 * one at a readable width. A text with line breaks of its own is left to
 * GTK, which shows it line by line unwrapped. */

#define TOOLTIP_MAX_WIDTH_CHARS 56

typedef gboolean (*QueryTooltip) (GtkWidget  *widget,
                                  int         x,
                                  int         y,
                                  gboolean    keyboard_tooltip,
                                  GtkTooltip *tooltip);

static QueryTooltip real_query_tooltip;

static GtkWidget *
tooltip_label (GtkWidget  *widget,
               const char *text,
               gboolean    markup)
{
  GtkWidget *label = g_object_get_data (G_OBJECT (widget), "tj-tooltip-label");

  if (label == NULL)
    {
      label = gtk_label_new (NULL);
      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
      gtk_label_set_max_width_chars (GTK_LABEL (label), TOOLTIP_MAX_WIDTH_CHARS);
      gtk_label_set_xalign (GTK_LABEL (label), 0);
      g_object_set_data_full (G_OBJECT (widget), "tj-tooltip-label", g_object_ref_sink (label), g_object_unref);
    }
  if (markup)
    {
      if (g_strcmp0 (gtk_label_get_label (GTK_LABEL (label)), text) != 0 || !gtk_label_get_use_markup (GTK_LABEL (label)))
        gtk_label_set_markup (GTK_LABEL (label), text);
    }
  else if (g_strcmp0 (gtk_label_get_label (GTK_LABEL (label)), text) != 0 || gtk_label_get_use_markup (GTK_LABEL (label)))
    gtk_label_set_text (GTK_LABEL (label), text);
  return label;
}

static gboolean
query_tooltip (GtkWidget  *widget,
               int         x,
               int         y,
               gboolean    keyboard_tooltip,
               GtkTooltip *tooltip)
{
  const char *markup;
  const char *text;

  if (!real_query_tooltip (widget, x, y, keyboard_tooltip, tooltip))
    return FALSE;
  markup = gtk_widget_get_tooltip_markup (widget);
  text = gtk_widget_get_tooltip_text (widget);
  if (text == NULL || strchr (text, '\n') != NULL)
    return TRUE;
  gtk_tooltip_set_text (tooltip, NULL);
  gtk_tooltip_set_custom (tooltip, markup ? tooltip_label (widget, markup, TRUE) : tooltip_label (widget, text, FALSE));
  return TRUE;
}

/* Every class that shows its tooltip the base class's way: those set up
 * already, and through the base class those set up later. */
static void
patch (GType type)
{
  GtkWidgetClass *klass = g_type_class_peek (type);
  g_autofree GType *children = NULL;
  guint n = 0;

  if (klass && klass->query_tooltip == real_query_tooltip)
    klass->query_tooltip = query_tooltip;
  children = g_type_children (type, &n);
  for (guint i = 0; i < n; i++)
    patch (children[i]);
}

void
tj_tooltips_init (void)
{
  GtkWidgetClass *base;

  if (real_query_tooltip != NULL)
    return;
  base = g_type_class_ref (GTK_TYPE_WIDGET);
  real_query_tooltip = base->query_tooltip;
  patch (GTK_TYPE_WIDGET);
  g_type_class_unref (base);
}

GtkWidget *
tj_tooltips_get_label (GtkWidget *widget)
{
  g_return_val_if_fail (GTK_IS_WIDGET (widget), NULL);

  return g_object_get_data (G_OBJECT (widget), "tj-tooltip-label");
}
