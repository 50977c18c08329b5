/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Tiaojie-UI"

#include <glib/gi18n.h>

#include "tj-case.h"
#include "tj-error.h"
#include "tj-ui-format.h"

/**
 * tj_ui_format_date:
 * @iso_date: (nullable): YYYY-MM-DD
 *
 * Returns: (transfer full): the date as the user's language writes it, or
 *   a copy of @iso_date when it is not a date ("" for %NULL).
 */
char *
tj_ui_format_date (const char *iso_date)
{
  int y, m, d;
  g_autoptr(GDateTime) dt = NULL;

  if (iso_date == NULL)
    return g_strdup ("");
  if (sscanf (iso_date, "%4d-%2d-%2d", &y, &m, &d) != 3 ||
      (dt = g_date_time_new_local (y, m, d, 12, 0, 0)) == NULL)
    return g_strdup (iso_date);

  /* xgettext:no-c-format */
  /* Translators: a date in g_date_time_format() notation; Chinese uses
   * "%Y年%-m月%-d日". */
  return g_date_time_format (dt, _("%-d %b %Y"));
}

/**
 * tj_ui_format_timestamp:
 * @iso_timestamp: (nullable): a UTC ISO 8601 timestamp
 *
 * Returns: (transfer full): the moment in local time, with date and minutes.
 */
char *
tj_ui_format_timestamp (const char *iso_timestamp)
{
  g_autoptr(GTimeZone) zone = g_time_zone_new_utc ();
  g_autoptr(GDateTime) utc = NULL;
  g_autoptr(GDateTime) local = NULL;

  if (iso_timestamp == NULL)
    return g_strdup ("");
  utc = g_date_time_new_from_iso8601 (iso_timestamp, zone);
  if (utc == NULL)
    return g_strdup (iso_timestamp);
  local = g_date_time_to_local (utc);

  /* xgettext:no-c-format */
  /* Translators: a date and time in g_date_time_format() notation; Chinese
   * uses "%Y年%-m月%-d日 %H:%M". */
  return g_date_time_format (local, _("%-d %b %Y, %H:%M"));
}

char *
tj_ui_format_days_left (int days_left)
{
  if (days_left == G_MININT)
    return g_strdup ("");
  if (days_left == 0)
    return g_strdup (_("Due today"));
  if (days_left > 0)
    return g_strdup_printf (ngettext ("%d day left", "%d days left", days_left),
                            days_left);
  return g_strdup_printf (ngettext ("%d day overdue", "%d days overdue", -days_left),
                          -days_left);
}

char *
tj_ui_status_css_class (const char *status)
{
  return g_strconcat ("status-", status ? status : "none", NULL);
}

void
tj_ui_status_pill_set (GtkWidget  *pill,
                       const char *status)
{
  static const char * const statuses[] = {
    "intake", "accepted", "mediating", "agreed", "performing", "closed",
    "failed", "referred", "withdrawn", "none",
  };

  for (guint i = 0; i < G_N_ELEMENTS (statuses); i++)
    {
      g_autofree char *klass = tj_ui_status_css_class (statuses[i]);
      gtk_widget_remove_css_class (pill, klass);
    }
  if (status && *status)
    {
      g_autofree char *klass = tj_ui_status_css_class (status);
      gtk_widget_add_css_class (pill, klass);
    }
  gtk_label_set_text (GTK_LABEL (pill), tj_case_status_label (status));
}

GtkWidget *
tj_ui_status_pill_new (const char *status)
{
  GtkWidget *pill = gtk_label_new (NULL);

  gtk_widget_add_css_class (pill, "status-pill");
  gtk_widget_set_valign (pill, GTK_ALIGN_CENTER);
  gtk_widget_set_halign (pill, GTK_ALIGN_START);
  tj_ui_status_pill_set (pill, status);
  return pill;
}

char **
tj_ui_split_error (const GError *error)
{
  GStrvBuilder *out = g_strv_builder_new ();
  guint n = tj_error_get_n_fields (error);
  char **result;

  for (guint i = 0; i < n; i++)
    {
      g_strv_builder_add (out, tj_error_get_field_path (error, i));
      g_strv_builder_add (out, tj_error_get_field_message (error, i));
    }
  if (n == 0 && error != NULL)
    {
      g_strv_builder_add (out, "");
      g_strv_builder_add (out, error->message);
    }
  result = g_strv_builder_end (out);
  g_strv_builder_unref (out);
  return result;
}
