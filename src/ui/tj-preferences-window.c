/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Tiaojie-UI"

#include <glib/gi18n.h>

#include "tj-preferences-window.h"
#include "tj-sync-account.h"

/* Preferences are GSettings keys bound straight to their rows: every change
 * is saved as it is made, and a change made elsewhere (tiaojie-cli, another
 * window, dconf) shows here at once. */
struct _TjPreferencesWindow
{
  AdwPreferencesWindow  parent_instance;

  AdwEntryRow          *organisation_row;
  AdwEntryRow          *station_row;
  AdwEntryRow          *mediator_row;
  AdwEntryRow          *locality_row;
  AdwComboRow          *color_scheme_row;
  GtkSpinButton        *min_workers_spin;
  GtkSpinButton        *min_amount_spin;
  AdwEntryRow          *server_url_row;
  AdwEntryRow          *sync_database_row;
  AdwEntryRow          *sync_user_row;
  GtkSwitch            *sync_enabled_switch;
  AdwPasswordEntryRow  *sync_password_row;
  AdwActionRow         *test_row;
  GtkImage             *test_icon;
  GtkSpinner           *test_spinner;
  GtkWidget            *test_button;

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

static void
tj_preferences_window_dispose (GObject *object)
{
  TjPreferencesWindow *self = TJ_PREFERENCES_WINDOW (object);

  if (self->cancellable)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
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
  gtk_widget_class_bind_template_child (widget_class, TjPreferencesWindow, locality_row);
  gtk_widget_class_bind_template_child (widget_class, TjPreferencesWindow, color_scheme_row);
  gtk_widget_class_bind_template_child (widget_class, TjPreferencesWindow, min_workers_spin);
  gtk_widget_class_bind_template_child (widget_class, TjPreferencesWindow, min_amount_spin);
  gtk_widget_class_bind_template_child (widget_class, TjPreferencesWindow, server_url_row);
  gtk_widget_class_bind_template_child (widget_class, TjPreferencesWindow, sync_database_row);
  gtk_widget_class_bind_template_child (widget_class, TjPreferencesWindow, sync_user_row);
  gtk_widget_class_bind_template_child (widget_class, TjPreferencesWindow, sync_enabled_switch);
  gtk_widget_class_bind_template_child (widget_class, TjPreferencesWindow, sync_password_row);
  gtk_widget_class_bind_template_child (widget_class, TjPreferencesWindow, test_row);
  gtk_widget_class_bind_template_child (widget_class, TjPreferencesWindow, test_icon);
  gtk_widget_class_bind_template_child (widget_class, TjPreferencesWindow, test_spinner);
  gtk_widget_class_bind_template_child (widget_class, TjPreferencesWindow, test_button);
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
  g_signal_connect_object (self->settings, "changed::sync-server-url",
                           G_CALLBACK (server_url_setting_changed_cb), self, G_CONNECT_SWAPPED);
  server_url_setting_changed_cb (self);

  g_settings_bind (self->settings, "sync-enabled", self->sync_enabled_switch, "active",
                   G_SETTINGS_BIND_DEFAULT);
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
  return g_object_new (TJ_TYPE_PREFERENCES_WINDOW, "transient-for", parent, NULL);
}
