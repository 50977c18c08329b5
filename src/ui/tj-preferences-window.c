/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Tiaojie-UI"

#include <glib/gi18n.h>

#include "tj-application.h"
#include "tj-calendar.h"
#include "tj-json.h"
#include "tj-local-figures.h"
#include "tj-money.h"
#include "tj-preferences-window.h"
#include "tj-sync-account.h"
#include "tj-ui-format.h"

/* Preferences are GSettings keys bound straight to their rows: every change
 * is saved as it is made, and a change made elsewhere (tiaojie-cli, another
 * window, dconf) shows here at once. */
struct _TjPreferencesWindow
{
  AdwPreferencesWindow  parent_instance;

  AdwEntryRow          *organisation_row;
  AdwEntryRow          *station_row;
  AdwEntryRow          *mediator_row;
  GtkTextView          *consent_view;
  AdwEntryRow          *commission_row;
  AdwEntryRow          *court_row;
  AdwEntryRow          *locality_row;
  AdwComboRow          *color_scheme_row;
  GtkSpinButton        *min_workers_spin;
  GtkSpinButton        *min_amount_spin;
  GtkSpinButton        *retention_spin;
  AdwEntryRow          *server_url_row;
  AdwEntryRow          *sync_database_row;
  AdwEntryRow          *sync_user_row;
  GtkSwitch            *sync_enabled_switch;
  AdwPasswordEntryRow  *sync_password_row;
  AdwActionRow         *test_row;
  GtkImage             *test_icon;
  GtkSpinner           *test_spinner;
  GtkWidget            *test_button;
  AdwActionRow         *certificate_row;
  GtkWidget            *certificate_forget_button;
  AdwActionRow         *holidays_row;
  GtkImage             *holidays_icon;
  AdwActionRow         *figures_row;
  GtkImage             *figures_icon;

  GtkFileChooserNative *certificate_chooser;
  GtkFileChooserNative *data_chooser;
  gboolean              data_chooser_holidays; /* which file it is for */
  /* Why the last chosen data file was not installed, per row. */
  char                 *holidays_problem;
  char                 *figures_problem;
  /* Why the last chosen file was not used; shown until the certificate
   * changes or another file is tried. */
  char                 *certificate_problem;

  GSettings            *settings;
  TjSyncAccount        *account;
  GCancellable         *cancellable;
};

G_DEFINE_FINAL_TYPE (TjPreferencesWindow, tj_preferences_window, ADW_TYPE_PREFERENCES_WINDOW)

/* The nicks of io.github.tiaojie.Tiaojie.ColorScheme, in the order of the
 * combo row's items. */
static const char *const color_schemes[] = { "default", "light", "dark" };

static gboolean
color_scheme_get_mapping (GValue   *value,
                          GVariant *variant,
                          gpointer  user_data)
{
  const char *nick = g_variant_get_string (variant, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (color_schemes); i++)
    if (g_str_equal (nick, color_schemes[i]))
      {
        g_value_set_uint (value, i);
        return TRUE;
      }
  return FALSE;
}

static GVariant *
color_scheme_set_mapping (const GValue       *value,
                          const GVariantType *expected_type,
                          gpointer            user_data)
{
  guint selected = g_value_get_uint (value);

  if (selected >= G_N_ELEMENTS (color_schemes))
    return NULL;
  return g_variant_new_string (color_schemes[selected]);
}

static gboolean
workers_get_mapping (GValue   *value,
                     GVariant *variant,
                     gpointer  user_data)
{
  g_value_set_double (value, g_variant_get_uint32 (variant));
  return TRUE;
}

static GVariant *
workers_set_mapping (const GValue       *value,
                     const GVariantType *expected_type,
                     gpointer            user_data)
{
  double workers = g_value_get_double (value);

  if (workers < 0 || workers > G_MAXUINT32)
    return NULL;
  return g_variant_new_uint32 ((guint32) (workers + 0.5));
}

/* The threshold is kept in fen like every amount; the row shows whole yuan,
 * which is how a mediator thinks of a threshold. A value in fen that is not
 * a whole number of yuan (set from the command line) shows rounded down and
 * is only rewritten when the user changes it. */
static gboolean
amount_get_mapping (GValue   *value,
                    GVariant *variant,
                    gpointer  user_data)
{
  gint64 fen = g_variant_get_int64 (variant);

  g_value_set_double (value, (double) (fen / 100));
  return TRUE;
}

static GVariant *
amount_set_mapping (const GValue       *value,
                    const GVariantType *expected_type,
                    gpointer            user_data)
{
  double yuan = g_value_get_double (value);

  if (yuan < 0 || yuan > G_MAXINT64 / 100)
    return NULL;
  return g_variant_new_int64 ((gint64) (yuan + 0.5) * 100);
}

/* A sync server address: http or https, with a host. Returns a translated
 * explanation naming the field when it is not one. */
static char *
check_server_url (const char *text)
{
  g_autoptr(GUri) uri = NULL;
  const char *scheme;

  if (*text == '\0')
    return NULL;

  uri = g_uri_parse (text, G_URI_FLAGS_NONE, NULL);
  scheme = uri ? g_uri_get_scheme (uri) : NULL;
  if (uri == NULL || scheme == NULL ||
      (g_ascii_strcasecmp (scheme, "https") != 0 && g_ascii_strcasecmp (scheme, "http") != 0) ||
      g_uri_get_host (uri) == NULL || *g_uri_get_host (uri) == '\0')
    return g_strdup (_("The server address must look like https://sync.example.org:6984"));
  return NULL;
}

static void
server_url_changed_cb (TjPreferencesWindow *self)
{
  /* Editing again clears the mark of a rejected address. */
  gtk_widget_remove_css_class (GTK_WIDGET (self->server_url_row), "error");
}

static void
server_url_apply_cb (TjPreferencesWindow *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->server_url_row));
  g_autofree char *trimmed = g_strstrip (g_strdup (text));
  g_autofree char *problem = check_server_url (trimmed);

  if (problem != NULL)
    {
      gtk_widget_add_css_class (GTK_WIDGET (self->server_url_row), "error");
      adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self), adw_toast_new (problem));
      return;
    }
  g_settings_set_string (self->settings, "sync-server-url", trimmed);
}

static void
server_url_setting_changed_cb (TjPreferencesWindow *self)
{
  g_autofree char *url = g_settings_get_string (self->settings, "sync-server-url");

  gtk_editable_set_text (GTK_EDITABLE (self->server_url_row), url);
  gtk_widget_remove_css_class (GTK_WIDGET (self->server_url_row), "error");
}

static void
password_stored_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(TjPreferencesWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;
  gboolean saved;

  saved = tj_sync_account_store_password_finish (TJ_SYNC_ACCOUNT (source), result, &message, &error);
  if (error)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self), adw_toast_new (error->message));
      return;
    }
  adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self),
                                    adw_toast_new (saved ? _("Password saved in the keyring") : message));
}

/* The password goes to the keyring (for the server and user set now),
 * never to GSettings; the row is emptied so it is not left on screen. */
static void
password_apply_cb (TjPreferencesWindow *self)
{
  const char *password = gtk_editable_get_text (GTK_EDITABLE (self->sync_password_row));

  tj_sync_account_store_password_async (self->account, password, self->cancellable,
                                        password_stored_cb, g_object_ref (self));
  gtk_editable_set_text (GTK_EDITABLE (self->sync_password_row), "");
}

static void
test_done_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(TjPreferencesWindow) self = user_data;
  g_autofree char *message = NULL;
  TjSyncCheck check;

  check = tj_sync_account_test_finish (TJ_SYNC_ACCOUNT (source), result, &message);
  if (g_cancellable_is_cancelled (self->cancellable))
    return;
  gtk_spinner_set_spinning (self->test_spinner, FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->test_spinner), FALSE);
  gtk_widget_set_sensitive (self->test_button, TRUE);
  adw_action_row_set_subtitle (self->test_row, message);
  gtk_image_set_from_icon_name (self->test_icon, check == TJ_SYNC_CHECK_OK ? "emblem-ok-symbolic"
                                                                          : "dialog-warning-symbolic");
  gtk_widget_remove_css_class (GTK_WIDGET (self->test_icon), "success");
  gtk_widget_remove_css_class (GTK_WIDGET (self->test_icon), "error");
  gtk_widget_add_css_class (GTK_WIDGET (self->test_icon), check == TJ_SYNC_CHECK_OK ? "success" : "error");
}

/* Tests what is saved, except that a password typed but not applied yet
 * is tried as it is (and still not stored). */
static void
test_clicked_cb (TjPreferencesWindow *self)
{
  const char *typed = gtk_editable_get_text (GTK_EDITABLE (self->sync_password_row));

  gtk_widget_set_sensitive (self->test_button, FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->test_spinner), TRUE);
  gtk_spinner_set_spinning (self->test_spinner, TRUE);
  adw_action_row_set_subtitle (self->test_row, _("Connecting…"));
  gtk_image_set_from_icon_name (self->test_icon, "network-server-symbolic");
  tj_sync_account_test_async (self->account, *typed ? typed : NULL, self->cancellable,
                              test_done_cb, g_object_ref (self));
}

/* ------------------------------------------------------------------ */
/* Server certificate                                                   */
/* ------------------------------------------------------------------ */

static void
certificate_row_update (TjPreferencesWindow *self)
{
  g_autoptr(GTlsCertificate) certificate = tj_sync_account_dup_certificate (self->account);
  g_autofree char *state = NULL;
  g_autofree char *tooltip = NULL;

  if (certificate == NULL)
    state = g_strdup (_("Trusted by the system"));
  else
    {
      g_autoptr(JsonObject) info = tj_sync_certificate_describe (certificate);
      const char *expires_on = tj_json_get_string (info, "expires_on", NULL);
      g_autofree char *date = expires_on ? tj_ui_format_date (expires_on) : NULL;
      const char *name = tj_json_get_string (info, "name", "");

      if (date == NULL)
        /* Translators: %s is the name in the server's certificate. */
        state = g_strdup_printf (_("Pinned: %s"), name);
      else if (tj_json_get_bool (info, "expired", FALSE))
        /* Translators: %s are the name in the server's certificate and a date. */
        state = g_strdup_printf (_("Pinned: %s, expired on %s"), name, date);
      else
        /* Translators: %s are the name in the server's certificate and a date. */
        state = g_strdup_printf (_("Pinned: %s, valid until %s"), name, date);
      /* What the centre can confirm over the phone. */
      tooltip = g_strdup_printf (_("Issued by %s\nSHA-256 fingerprint %s"),
                                 tj_json_get_string (info, "issuer", ""),
                                 tj_json_get_string (info, "sha256", ""));
    }

  if (self->certificate_problem)
    {
      g_autofree char *both = g_strconcat (self->certificate_problem, "\n", state, NULL);
      adw_action_row_set_subtitle (self->certificate_row, both);
    }
  else
    adw_action_row_set_subtitle (self->certificate_row, state);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->certificate_row), tooltip);
  gtk_widget_set_visible (self->certificate_forget_button, certificate != NULL);
}

static void
account_changed_cb (TjPreferencesWindow *self)
{
  g_clear_pointer (&self->certificate_problem, g_free);
  certificate_row_update (self);
}

typedef struct
{
  TjPreferencesWindow *self;
  char                *name;
} CertificateLoad;

static void
certificate_load_free (CertificateLoad *load)
{
  g_object_unref (load->self);
  g_free (load->name);
  g_free (load);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CertificateLoad, certificate_load_free)

static gboolean
certificate_read_more_cb (const char *contents,
                          goffset     size,
                          gpointer    user_data)
{
  /* A byte past the limit is enough to refuse the file. */
  return size <= TJ_SYNC_CERTIFICATE_MAX_SIZE;
}

static void
certificate_problem_show (TjPreferencesWindow *self,
                          const char          *name,
                          const char          *problem)
{
  g_free (self->certificate_problem);
  /* Translators: %s are a file name and what is wrong with it. */
  self->certificate_problem = g_strdup_printf (_("“%s” was not used: %s"), name, problem);
  certificate_row_update (self);
}

static void
certificate_loaded_cb (GObject      *source,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  g_autoptr(CertificateLoad) load = user_data;
  TjPreferencesWindow *self = load->self;
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  gsize length = 0;

  if (!g_file_load_partial_contents_finish (G_FILE (source), result, &contents, &length, NULL, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) && self->account != NULL)
        certificate_problem_show (self, load->name, error->message);
      return;
    }
  /* Read just before the window was closed: nothing to set any more. */
  if (self->account == NULL)
    return;
  if (!tj_sync_account_set_certificate_data (self->account, contents, length, &error))
    {
      certificate_problem_show (self, load->name, error->message);
      return;
    }
  /* Set ("changed" has redrawn the row unless it is the same one); the
   * last test of the connection says nothing about this certificate. */
  g_clear_pointer (&self->certificate_problem, g_free);
  certificate_row_update (self);
  adw_action_row_set_subtitle (self->test_row, _("Check the address, the database and the password with the server"));
  gtk_image_set_from_icon_name (self->test_icon, "network-server-symbolic");
  gtk_widget_remove_css_class (GTK_WIDGET (self->test_icon), "success");
  gtk_widget_remove_css_class (GTK_WIDGET (self->test_icon), "error");
}

static void
certificate_chosen_cb (TjPreferencesWindow *self,
                       int                  response,
                       GtkNativeDialog     *chooser)
{
  g_autoptr(GFile) file = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  gtk_native_dialog_destroy (chooser);
  g_clear_object (&self->certificate_chooser);

  if (file != NULL)
    {
      CertificateLoad *load = g_new0 (CertificateLoad, 1);

      load->self = g_object_ref (self);
      load->name = g_file_get_basename (file);
      g_file_load_partial_contents_async (file, self->cancellable, certificate_read_more_cb,
                                          certificate_loaded_cb, load);
    }
}

/* A modal file chooser for @self with a filter of @suffixes and
 * @mime_types (and "All files"), answering to @response. */
static GtkFileChooserNative *
open_chooser (TjPreferencesWindow *self,
              const char          *title,
              const char          *accept,
              const char          *filter_name,
              const char * const  *suffixes,
              const char * const  *mime_types,
              GCallback            response)
{
  GtkFileChooserNative *chooser = gtk_file_chooser_native_new (title, GTK_WINDOW (self),
                                                               GTK_FILE_CHOOSER_ACTION_OPEN,
                                                               accept, _("_Cancel"));
  GtkFileFilter *filter;

  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  filter = gtk_file_filter_new ();
  gtk_file_filter_set_name (filter, filter_name);
  for (guint i = 0; suffixes[i]; i++)
    gtk_file_filter_add_suffix (filter, suffixes[i]);
  for (guint i = 0; mime_types[i]; i++)
    gtk_file_filter_add_mime_type (filter, mime_types[i]);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  gtk_file_chooser_set_filter (GTK_FILE_CHOOSER (chooser), filter);
  g_object_unref (filter);

  filter = gtk_file_filter_new ();
  gtk_file_filter_set_name (filter, _("All files"));
  gtk_file_filter_add_pattern (filter, "*");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  g_object_unref (filter);

  g_signal_connect_object (chooser, "response", response, self, G_CONNECT_SWAPPED);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
  return chooser;
}

static void
certificate_choose_cb (TjPreferencesWindow *self)
{
  static const char * const suffixes[] = { "pem", "crt", "cer", NULL };
  static const char * const mime_types[] = { "application/x-x509-ca-cert", "application/x-pem-file", NULL };

  if (self->certificate_chooser != NULL)
    return;
  self->certificate_chooser = open_chooser (self, _("Choose the Server’s Certificate"), _("_Open"),
                                            _("Certificates (PEM, CRT, CER)"), suffixes, mime_types,
                                            G_CALLBACK (certificate_chosen_cb));
}

static void
certificate_forget_cb (TjPreferencesWindow *self)
{
  g_autoptr(GError) error = NULL;

  /* Clearing cannot fail; "changed" redraws the row. */
  if (!tj_sync_account_set_certificate_pem (self->account, NULL, &error))
    g_warning ("Could not forget the pinned certificate: %s", error->message);
}

/* ------------------------------------------------------------------ */
/* Legal data: holidays and local wage figures                          */

/* "2024–2026", or the years one by one when some are missing between. */
static char *
years_text (GArray *years)
{
  GString *text = g_string_new (NULL);
  guint first = g_array_index (years, guint, 0);
  guint last = g_array_index (years, guint, years->len - 1);

  if (last - first + 1 == years->len)
    g_string_append_printf (text, first == last ? "%u" : "%u–%u", first, last);
  else
    for (guint i = 0; i < years->len; i++)
      g_string_append_printf (text, i ? ", %u" : "%u", g_array_index (years, guint, i));
  return g_string_free (text, FALSE);
}

static void
set_data_row (AdwActionRow *row,
              GtkImage     *icon,
              const char   *problem,
              const char   *state,
              gboolean      warning)
{
  g_autofree char *both = problem ? g_strconcat (problem, "\n", state, NULL) : NULL;

  adw_action_row_set_subtitle (row, both ? both : state);
  /* The row's own icon was set by the caller; passing the image's own
   * icon name back to it would read freed memory (setting clears it
   * first), and the row showed a missing-icon image. */
  if (warning || problem)
    gtk_image_set_from_icon_name (icon, "dialog-warning-symbolic");
  if (warning || problem)
    gtk_widget_add_css_class (GTK_WIDGET (icon), "warning");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (icon), "warning");
}

static void
holidays_row_update (TjPreferencesWindow *self)
{
  TjCalendar *calendar = tj_calendar_get_default ();
  g_autoptr(GArray) years = tj_calendar_get_years (calendar);
  const char * const *warnings = tj_calendar_get_warnings (calendar);
  GDate today;
  guint next;
  g_autofree char *covered = NULL;
  GString *state = g_string_new (NULL);
  gboolean missing_next;

  tj_date_set_today (&today);
  next = g_date_get_year (&today) + 1;

  gtk_image_set_from_icon_name (self->holidays_icon, "x-office-calendar-symbolic");
  if (years->len == 0)
    {
      g_string_append (state, _("No holiday data: deadlines count weekends only"));
      missing_next = TRUE;
    }
  else
    {
      covered = years_text (years);
      /* Translators: %s is a list of years, such as 2024–2026. */
      g_string_append_printf (state, _("Years %s, from the State Council’s notices"), covered);
      /* This year's notice missing matters at once; next year's comes
       * out in the autumn, and from October on its absence matters, since
       * deadlines already reach into it. */
      guint missing = !tj_calendar_covers_year (calendar, next - 1) ? next - 1
                      : g_date_get_month (&today) >= 10 && !tj_calendar_covers_year (calendar, next) ? next
                      : 0;
      missing_next = missing != 0;
      if (missing_next)
        {
          g_string_append_c (state, '\n');
          g_string_append_printf (state,
                                  _("Not yet for %u: deadlines that end in %u count the statutory holidays "
                                    "only (元旦, 春节, 清明, 劳动节, 端午, 中秋, 国庆, computed); that year’s "
                                    "make-up working days (调休) are unknown. Install the notice when the "
                                    "centre sends it."),
                                  missing, missing);
        }
    }
  if (warnings && warnings[0])
    {
      g_string_append_c (state, '\n');
      g_string_append (state, warnings[0]);
    }
  set_data_row (self->holidays_row, self->holidays_icon, self->holidays_problem, state->str,
                missing_next || (warnings && warnings[0]));
  g_string_free (state, TRUE);
}

static void
figures_row_update (TjPreferencesWindow *self)
{
  g_autoptr(TjLocalFigures) figures = tj_local_figures_new_default ();
  g_auto(GStrv) cities = tj_local_figures_get_cities (figures);
  g_autofree char *locality = g_settings_get_string (self->settings, "locality");
  const char * const *warnings = tj_local_figures_get_warnings (figures);
  g_autoptr(GString) state = g_string_new (NULL);

  gtk_image_set_from_icon_name (self->figures_icon, "x-office-spreadsheet-symbolic");
  g_string_append_printf (state, g_dngettext (NULL, "%u city", "%u cities", g_strv_length (cities)),
                          g_strv_length (cities));
  g_strstrip (locality);
  if (*locality)
    {
      /* The latest figures, with the date each applies from. */
      const TjLocalFigure *minimum = tj_local_figures_lookup (figures, locality, TJ_LOCAL_FIGURE_MIN_MONTHLY_WAGE,
                                                              NULL, NULL, NULL);
      const TjLocalFigure *average = tj_local_figures_lookup (figures, locality, TJ_LOCAL_FIGURE_AVG_MONTHLY_WAGE,
                                                              NULL, NULL, NULL);
      g_string_append (state, " · ");
      if (minimum)
        {
          g_autofree char *wage = tj_money_format (minimum->value_fen);
          g_autofree char *since = tj_ui_format_date (minimum->effective);
          /* Translators: city, an amount and the date it applies from. */
          g_string_append_printf (state, _("%s: minimum wage %s from %s"), locality, wage, since);
        }
      if (average)
        {
          g_autofree char *wage = tj_money_format (average->value_fen);
          /* Translators: the statistical year and an amount. */
          g_autofree char *text = g_strdup_printf (_("average monthly wage of %u %s"), average->of_year, wage);
          if (minimum)
            g_string_append_printf (state, "%s%s", _(", "), text);
          else
            g_string_append_printf (state, _("%s: %s"), locality, text);
        }
      if (!minimum && !average)
        /* Translators: %s is the locality set above. */
        g_string_append_printf (state, _("no figures for %s: the calculators ask for them"), locality);
    }
  if (warnings && warnings[0])
    {
      g_string_append_c (state, '\n');
      g_string_append (state, warnings[0]);
    }
  set_data_row (self->figures_row, self->figures_icon, self->figures_problem, state->str,
                warnings && warnings[0]);
}

static void
data_installed (TjPreferencesWindow *self,
                gboolean             holidays)
{
  GApplication *app = g_application_get_default ();
  g_autoptr(GError) error = NULL;
  gboolean counted = TRUE;
  AdwToast *toast;

  if (!holidays)
    {
      /* The calculators read the figures when they open. */
      figures_row_update (self);
      toast = adw_toast_new (_("Local wage figures installed"));
      adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self), toast);
      return;
    }

  /* Deadlines already counted into the new year are counted again. */
  if (TJ_IS_APPLICATION (app))
    counted = tj_application_reload_calendar (TJ_APPLICATION (app), &error);
  else
    tj_calendar_reload_default ();
  if (!counted)
    {
      g_autofree char *text = g_strdup_printf (_("Deadlines could not be counted again: %s"), error->message);
      toast = adw_toast_new (text);
    }
  else
    {
      g_autoptr(GArray) years = tj_calendar_get_years (tj_calendar_get_default ());
      g_autofree char *covered = years->len ? years_text (years) : g_strdup ("");
      /* Translators: %s is a list of years, such as 2024–2027. */
      g_autofree char *text = g_strdup_printf (_("Holidays installed: deadlines now count with %s"), covered);
      toast = adw_toast_new (text);
    }
  adw_toast_set_timeout (toast, 6);
  adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self), toast);
  holidays_row_update (self);
}

static void
data_chosen_cb (TjPreferencesWindow *self,
                int                  response,
                GtkNativeDialog     *chooser)
{
  gboolean holidays = self->data_chooser_holidays;
  g_autoptr(GFile) file = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;
  char **problem = holidays ? &self->holidays_problem : &self->figures_problem;
  gboolean ok;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  gtk_native_dialog_destroy (chooser);
  g_clear_object (&self->data_chooser);
  if (file == NULL)
    return;

  path = g_file_get_path (file);
  g_clear_pointer (problem, g_free);
  if (path == NULL)
    {
      g_autofree char *name = g_file_get_parse_name (file);
      *problem = g_strdup_printf (_("“%s” was not installed: only local files can be read"), name);
    }
  else
    {
      /* A data file is a few kilobytes: checked and copied at once. The
       * check is complete before anything is written; the error names
       * the file and line. */
      ok = holidays ? tj_calendar_install_file (path, NULL, &error)
                    : tj_local_figures_install_file (path, NULL, &error);
      if (ok)
        {
          data_installed (self, holidays);
          return;
        }
      *problem = g_strdup_printf (_("Not installed: %s"), error->message);
    }
  if (holidays)
    holidays_row_update (self);
  else
    figures_row_update (self);
}

static void
data_choose (TjPreferencesWindow *self,
             gboolean             holidays)
{
  static const char * const suffixes[] = { "json", NULL };
  static const char * const mime_types[] = { "application/json", NULL };

  if (self->data_chooser != NULL)
    return;
  self->data_chooser_holidays = holidays;
  self->data_chooser = open_chooser (self, holidays ? _("Install Holidays") : _("Install Local Wage Figures"),
                                     _("_Install"), _("Data files (JSON)"), suffixes, mime_types,
                                     G_CALLBACK (data_chosen_cb));
}

static void
holidays_install_cb (TjPreferencesWindow *self)
{
  data_choose (self, TRUE);
}

static void
figures_install_cb (TjPreferencesWindow *self)
{
  data_choose (self, FALSE);
}

static void
tj_preferences_window_dispose (GObject *object)
{
  TjPreferencesWindow *self = TJ_PREFERENCES_WINDOW (object);

  if (self->cancellable)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->certificate_chooser)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->certificate_chooser));
  g_clear_object (&self->certificate_chooser);
  if (self->data_chooser)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->data_chooser));
  g_clear_object (&self->data_chooser);
  g_clear_pointer (&self->certificate_problem, g_free);
  g_clear_pointer (&self->holidays_problem, g_free);
  g_clear_pointer (&self->figures_problem, g_free);
  g_clear_object (&self->account);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (tj_preferences_window_parent_class)->dispose (object);
}

static void
tj_preferences_window_class_init (TjPreferencesWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = tj_preferences_window_dispose;

  gtk_widget_class_set_template_from_resource (
    widget_class, "/io/github/tiaojie/Tiaojie/ui/tj-preferences-window.ui");
  gtk_widget_class_bind_template_child (widget_class, TjPreferencesWindow, organisation_row);
  gtk_widget_class_bind_template_child (widget_class, TjPreferencesWindow, station_row);
  gtk_widget_class_bind_template_child (widget_class, TjPreferencesWindow, mediator_row);
  gtk_widget_class_bind_template_child (widget_class, TjPreferencesWindow, consent_view);
  gtk_widget_class_bind_template_child (widget_class, TjPreferencesWindow, commission_row);
  gtk_widget_class_bind_template_child (widget_class, TjPreferencesWindow, court_row);
  gtk_widget_class_bind_template_child (widget_class, TjPreferencesWindow, locality_row);
  gtk_widget_class_bind_template_child (widget_class, TjPreferencesWindow, color_scheme_row);
  gtk_widget_class_bind_template_child (widget_class, TjPreferencesWindow, min_workers_spin);
  gtk_widget_class_bind_template_child (widget_class, TjPreferencesWindow, min_amount_spin);
  gtk_widget_class_bind_template_child (widget_class, TjPreferencesWindow, server_url_row);
  gtk_widget_class_bind_template_child (widget_class, TjPreferencesWindow, sync_database_row);
  gtk_widget_class_bind_template_child (widget_class, TjPreferencesWindow, retention_spin);
  gtk_widget_class_bind_template_child (widget_class, TjPreferencesWindow, sync_user_row);
  gtk_widget_class_bind_template_child (widget_class, TjPreferencesWindow, sync_enabled_switch);
  gtk_widget_class_bind_template_child (widget_class, TjPreferencesWindow, sync_password_row);
  gtk_widget_class_bind_template_child (widget_class, TjPreferencesWindow, test_row);
  gtk_widget_class_bind_template_child (widget_class, TjPreferencesWindow, test_icon);
  gtk_widget_class_bind_template_child (widget_class, TjPreferencesWindow, test_spinner);
  gtk_widget_class_bind_template_child (widget_class, TjPreferencesWindow, test_button);
  gtk_widget_class_bind_template_child (widget_class, TjPreferencesWindow, certificate_row);
  gtk_widget_class_bind_template_child (widget_class, TjPreferencesWindow, certificate_forget_button);
  gtk_widget_class_bind_template_child (widget_class, TjPreferencesWindow, holidays_row);
  gtk_widget_class_bind_template_child (widget_class, TjPreferencesWindow, holidays_icon);
  gtk_widget_class_bind_template_child (widget_class, TjPreferencesWindow, figures_row);
  gtk_widget_class_bind_template_child (widget_class, TjPreferencesWindow, figures_icon);
  gtk_widget_class_bind_template_callback (widget_class, holidays_install_cb);
  gtk_widget_class_bind_template_callback (widget_class, figures_install_cb);
  gtk_widget_class_bind_template_callback (widget_class, certificate_choose_cb);
  gtk_widget_class_bind_template_callback (widget_class, certificate_forget_cb);
  gtk_widget_class_bind_template_callback (widget_class, password_apply_cb);
  gtk_widget_class_bind_template_callback (widget_class, test_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, server_url_apply_cb);
  gtk_widget_class_bind_template_callback (widget_class, server_url_changed_cb);
}

static void
tj_preferences_window_init (TjPreferencesWindow *self)
{
  static const struct {
    const char *key;
    gsize offset;
  } entries[] = {
    { "organisation-name", G_STRUCT_OFFSET (TjPreferencesWindow, organisation_row) },
    { "station-code", G_STRUCT_OFFSET (TjPreferencesWindow, station_row) },
    { "mediator-name", G_STRUCT_OFFSET (TjPreferencesWindow, mediator_row) },
    { "arbitration-commission", G_STRUCT_OFFSET (TjPreferencesWindow, commission_row) },
    { "court", G_STRUCT_OFFSET (TjPreferencesWindow, court_row) },
    { "locality", G_STRUCT_OFFSET (TjPreferencesWindow, locality_row) },
    { "sync-database", G_STRUCT_OFFSET (TjPreferencesWindow, sync_database_row) },
    { "sync-user", G_STRUCT_OFFSET (TjPreferencesWindow, sync_user_row) },
  };

  gtk_widget_init_template (GTK_WIDGET (self));

  self->settings = g_settings_new (APP_ID);
  self->account = tj_sync_account_new (self->settings);
  self->cancellable = g_cancellable_new ();

  for (guint i = 0; i < G_N_ELEMENTS (entries); i++)
    {
      GObject *row = G_STRUCT_MEMBER (GObject *, self, entries[i].offset);

      g_settings_bind (self->settings, entries[i].key, row, "text", G_SETTINGS_BIND_DEFAULT);
    }
  g_settings_bind (self->settings, "consent-wording", gtk_text_view_get_buffer (self->consent_view), "text",
                   G_SETTINGS_BIND_DEFAULT);

  g_settings_bind_with_mapping (self->settings, "color-scheme",
                                self->color_scheme_row, "selected", G_SETTINGS_BIND_DEFAULT,
                                color_scheme_get_mapping, color_scheme_set_mapping, NULL, NULL);
  g_settings_bind_with_mapping (self->settings, "flag-min-workers",
                                gtk_spin_button_get_adjustment (self->min_workers_spin), "value",
                                G_SETTINGS_BIND_DEFAULT,
                                workers_get_mapping, workers_set_mapping, NULL, NULL);
  g_settings_bind_with_mapping (self->settings, "flag-min-amount-fen",
                                gtk_spin_button_get_adjustment (self->min_amount_spin), "value",
                                G_SETTINGS_BIND_DEFAULT,
                                amount_get_mapping, amount_set_mapping, NULL, NULL);
  /* Retention (tj-retention.h): years, 0 for never. */
  g_settings_bind_with_mapping (self->settings, "retention-years",
                                gtk_spin_button_get_adjustment (self->retention_spin), "value",
                                G_SETTINGS_BIND_DEFAULT,
                                workers_get_mapping, workers_set_mapping, NULL, NULL);
  g_signal_connect_object (self->settings, "changed::sync-server-url",
                           G_CALLBACK (server_url_setting_changed_cb), self, G_CONNECT_SWAPPED);
  server_url_setting_changed_cb (self);

  g_settings_bind (self->settings, "sync-enabled", self->sync_enabled_switch, "active",
                   G_SETTINGS_BIND_DEFAULT);

  g_signal_connect_object (self->account, "changed", G_CALLBACK (account_changed_cb), self,
                           G_CONNECT_SWAPPED);
  certificate_row_update (self);

  holidays_row_update (self);
  figures_row_update (self);
  g_signal_connect_object (self->settings, "changed::locality",
                           G_CALLBACK (figures_row_update), self, G_CONNECT_SWAPPED);
}

/**
 * tj_preferences_window_new:
 * @parent: (nullable): the window it belongs to
 *
 * Returns: (transfer none): a new preferences window, not yet shown
 */
TjPreferencesWindow *
tj_preferences_window_new (GtkWindow *parent)
{
  /* In the application, for its actions (app.archive-cases). */
  return g_object_new (TJ_TYPE_PREFERENCES_WINDOW, "transient-for", parent,
                       "application", parent ? gtk_window_get_application (parent) : NULL, NULL);
}
