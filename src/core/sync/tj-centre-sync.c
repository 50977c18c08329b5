/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A centre sync: the replicator run with each station's database, one
 * after the other, a failing station never stopping the others. See
 * tj-centre-sync.h. */
#undef G_LOG_DOMAIN
#define G_LOG_DOMAIN "Tiaojie-Centre"

#include "tj-centre-sync.h"

#include <string.h>

#include "tj-centre.h"
#include "tj-i18n.h"
#include "tj-json.h"
#include "tj-replicator.h"
#include "tj-repository.h"

struct _TjCentreSync
{
  GObject          parent_instance;

  char            *path;
  char            *server_url;
  char            *user;
  char            *password;
  GStrv            codes;
  GTlsCertificate *pinned;
  guint            retry_delay_ms;
  guint            max_retries;
  gboolean         retry_set;
  guint            timeout_seconds;
  guint            batch_size;
  TjSyncAccount   *account;     /* the password comes from it, in the run */

  gint             running;  /* atomic: 1 while a run is under way */
};

G_DEFINE_FINAL_TYPE (TjCentreSync, tj_centre_sync, G_TYPE_OBJECT)

enum {
  SIGNAL_STATION_DONE,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* ------------------------------------------------------------------ */
/* One station                                                          */

typedef struct {
  TjCentreSync *self;
  char         *code;
  gboolean      ok;
} Done;

static gboolean
emit_done_cb (gpointer data)
{
  Done *done = data;

  g_signal_emit (done->self, signals[SIGNAL_STATION_DONE], 0, done->code, done->ok);
  return G_SOURCE_REMOVE;
}

static void
done_free (gpointer data)
{
  Done *done = data;

  g_object_unref (done->self);
  g_free (done->code);
  g_free (done);
}

static void
report_done (TjCentreSync *self,
             GMainContext *context,
             const char   *code,
             gboolean      ok)
{
  Done *done = g_new0 (Done, 1);

  done->self = g_object_ref (self);
  done->code = g_strdup (code);
  done->ok = ok;
  if (context)
    g_main_context_invoke_full (context, G_PRIORITY_DEFAULT, emit_done_cb, done, done_free);
  else
    {
      emit_done_cb (done);
      done_free (done);
    }
}

static JsonObject *
station_changes (TjStore   *store,
                 gint64     since,
                 guint      limit,
                 gpointer   user_data,
                 GError   **error)
{
  return tj_centre_station_changes (store, user_data, since, limit, error);
}

static const char *
error_kind (const GError *error)
{
  if (g_error_matches (error, TJ_ERROR, TJ_ERROR_NOT_FOUND))
    return "database_missing";
  if (g_error_matches (error, TJ_ERROR, TJ_ERROR_DENIED))
    return "no_access";
  if (g_error_matches (error, TJ_ERROR, TJ_ERROR_NETWORK) || error->domain == G_TLS_ERROR ||
      error->domain == G_IO_ERROR)
    return "network";
  return "failed";
}

/* The run with one station's database, on a connection of its own.
 * Fills @entry (the station's line of the result); FALSE only when the
 * run was cancelled or the local store failed, which ends the whole
 * centre sync. */
static gboolean
sync_station (TjCentreSync  *self,
              JsonObject    *station,
              JsonObject    *entry,
              GCancellable  *cancellable,
              GError       **error)
{
  const char *code = tj_json_get_string (station, "code", "");
  const char *database = tj_json_get_string (station, "database", "");
  g_autoptr(TjStore) store = NULL;
  g_autoptr(TjReplicator) replicator = NULL;
  g_autoptr(JsonObject) result = NULL;
  g_autoptr(JsonObject) record = json_object_new ();
  g_autoptr(GError) run_error = NULL;
  g_autofree char *filter = g_strconcat ("tiaojie-centre:", code, NULL);

  store = tj_store_open (self->path, error);
  if (store == NULL || !tj_repository_attach_indexes (store, error))
    return FALSE;
  /* What this connection pulls is this station's. */
  tj_centre_set_origin (store, code);

  replicator = tj_replicator_new (store, self->server_url, database, self->user, self->password);
  tj_replicator_set_push_filter (replicator, filter, station_changes, g_strdup (code), g_free);
  if (self->pinned)
    tj_replicator_set_pinned_certificate (replicator, self->pinned);
  if (self->retry_set)
    tj_replicator_set_retry (replicator, self->retry_delay_ms, self->max_retries);
  if (self->timeout_seconds)
    tj_replicator_set_timeout (replicator, self->timeout_seconds);
  if (self->batch_size)
    tj_replicator_set_batch_size (replicator, self->batch_size);

  g_debug ("centre sync: station %s (%s)", code, database);
  result = tj_replicator_run (replicator, cancellable, &run_error);
  tj_centre_set_origin (store, NULL);

  json_object_set_int_member (entry, "attempts", tj_json_get_int (entry, "attempts", 0) + 1);
  json_object_remove_member (entry, "result");
  json_object_remove_member (entry, "error");
  json_object_remove_member (entry, "error_kind");
  if (result)
    {
      guint refused = json_array_get_length (tj_json_get_array (result, "denied")) +
                      json_array_get_length (tj_json_get_array (result, "errors"));

      json_object_set_boolean_member (entry, "ok", refused == 0);
      json_object_set_object_member (entry, "result", json_object_ref (result));
      json_object_set_boolean_member (record, "ok", refused == 0);
      json_object_set_int_member (record, "pulled", tj_json_get_int (result, "pulled", 0));
      json_object_set_int_member (record, "pushed", tj_json_get_int (result, "pushed", 0));
      if (refused > 0)
        {
          g_autofree char *message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                                   "Station %s: %u document was not replicated",
                                                                   "Station %s: %u documents were not replicated",
                                                                   refused), code, refused);
          json_object_set_string_member (entry, "error", message);
          json_object_set_string_member (entry, "error_kind", "refused");
          json_object_set_string_member (record, "error", message);
          json_object_set_string_member (record, "error_kind", "refused");
        }
    }
  else
    {
      g_autofree char *message = NULL;

      if (g_error_matches (run_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_propagate_error (error, g_steal_pointer (&run_error));
          return FALSE;
        }
      if (g_error_matches (run_error, TJ_ERROR, TJ_ERROR_NOT_FOUND))
        message = g_strdup_printf (_("Station %s: its database “%s” does not exist on the server; "
                                     "provision it with tiaojie-cli server provision --station %s"),
                                   code, database, code);
      else if (g_error_matches (run_error, TJ_ERROR, TJ_ERROR_DENIED))
        /* Translators: %s is the station, then the replicator's reason. */
        message = g_strdup_printf (_("Station %s: the centre’s account has no access to its database “%s” "
                                     "(give it with tiaojie-cli server provision --centre): %s"),
                                   code, database, run_error->message);
      else
        message = g_strdup_printf (_("Station %s: %s"), code, run_error->message);
      g_debug ("centre sync: station %s failed: %s", code, error_kind (run_error));
      json_object_set_boolean_member (entry, "ok", FALSE);
      json_object_set_string_member (entry, "error", message);
      json_object_set_string_member (entry, "error_kind", error_kind (run_error));
      json_object_set_boolean_member (record, "ok", FALSE);
      json_object_set_string_member (record, "error", message);
      json_object_set_string_member (record, "error_kind", error_kind (run_error));
    }
  return tj_centre_record_sync (store, code, record, error);
}

/* ------------------------------------------------------------------ */
/* The run                                                              */

static gboolean
valid_server (const char  *url,
              GError     **error)
{
  g_autofree char *scheme = NULL, *host = NULL;

  if (url == NULL ||
      !g_uri_split_with_user (url, G_URI_FLAGS_HAS_PASSWORD | G_URI_FLAGS_ENCODED_PATH, &scheme, NULL, NULL,
                              NULL, &host, NULL, NULL, NULL, NULL, NULL) ||
      scheme == NULL || host == NULL || *host == '\0' ||
      (g_ascii_strcasecmp (scheme, "http") != 0 && g_ascii_strcasecmp (scheme, "https") != 0))
    {
      g_set_error (error, TJ_ERROR, TJ_ERROR_INVALID,
                   _("The server address “%s” is not an http:// or https:// URL"), url ? url : "");
      return FALSE;
    }
  return TRUE;
}

/* The stations to sync, checked before anything is sent. */
static JsonArray *
chosen_stations (TjCentreSync  *self,
                 TjStore       *store,
                 GError       **error)
{
  g_autoptr(JsonArray) all = tj_centre_list_stations (store, error);
  g_autoptr(JsonArray) chosen = NULL;
  g_autoptr(GString) unknown = NULL;
  guint n_unknown = 0;

  if (all == NULL)
    return NULL;
  if (self->codes == NULL)
    {
      if (json_array_get_length (all) == 0)
        {
          g_set_error (error, TJ_ERROR, TJ_ERROR_INVALID,
                       _("No station is registered at this centre (tiaojie-cli centre stations add CODE)"));
          return NULL;
        }
      return g_steal_pointer (&all);
    }

  chosen = json_array_new ();
  unknown = g_string_new (NULL);
  for (guint c = 0; self->codes[c]; c++)
    {
      JsonObject *found = NULL;
      gboolean twice = FALSE;

      for (guint i = 0; i < json_array_get_length (all) && !found; i++)
        if (g_strcmp0 (tj_json_get_string (json_array_get_object_element (all, i), "code", NULL),
                       self->codes[c]) == 0)
          found = json_array_get_object_element (all, i);
      for (guint i = 0; i < json_array_get_length (chosen); i++)
        twice |= json_array_get_object_element (chosen, i) == found;
      if (found && !twice)
        json_array_add_object_element (chosen, json_object_ref (found));
      else if (!found)
        {
          g_string_append_printf (unknown, "%s“%s”", n_unknown ? _(", ") : "", self->codes[c]);
          n_unknown++;
        }
    }
  if (n_unknown > 0)
    {
      g_set_error (error, TJ_ERROR, TJ_ERROR_INVALID,
                   g_dngettext (GETTEXT_PACKAGE,
                                "%s is not a station of this centre (see tiaojie-cli centre stations list); "
                                "nothing was synced",
                                "%s are not stations of this centre (see tiaojie-cli centre stations list); "
                                "nothing was synced", n_unknown), unknown->str);
      return NULL;
    }
  return g_steal_pointer (&chosen);
}

static JsonObject *
run_in_thread (TjCentreSync  *self,
               GMainContext  *context,
               GCancellable  *cancellable,
               GError       **error)
{
  g_autoptr(TjStore) control = NULL;
  g_autoptr(JsonArray) stations = NULL;
  g_autoptr(JsonArray) entries = json_array_new ();
  JsonObject *out;
  guint ok = 0;

  if (!valid_server (self->server_url, error))
    return NULL;
  if (self->account && self->password == NULL && self->user)
    {
      /* The keyring blocks: here, in the run's thread. */
      self->password = tj_sync_account_dup_password (self->account, cancellable);
      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return NULL;
    }
  control = tj_store_open (self->path, error);
  if (control == NULL || !tj_repository_attach_indexes (control, error))
    return NULL;
  if (!tj_centre_is_centre (control))
    {
      g_set_error (error, TJ_ERROR, TJ_ERROR_INVALID,
                   _("No station is registered at this centre (tiaojie-cli centre stations add CODE)"));
      return NULL;
    }
  stations = chosen_stations (self, control, error);
  if (stations == NULL)
    return NULL;
  g_clear_object (&control);

  for (guint i = 0; i < json_array_get_length (stations); i++)
    {
      JsonObject *station = json_array_get_object_element (stations, i);
      JsonObject *entry = json_object_new ();

      json_object_set_string_member (entry, "code", tj_json_get_string (station, "code", ""));
      json_object_set_string_member (entry, "name", tj_json_get_string (station, "name", ""));
      json_object_set_string_member (entry, "database", tj_json_get_string (station, "database", ""));
      json_array_add_object_element (entries, entry);
      if (!sync_station (self, station, entry, cancellable, error))
        return NULL;
      if (tj_json_get_bool (entry, "ok", FALSE) || g_strcmp0 (tj_json_get_string (entry, "error_kind", ""), "network") != 0)
        report_done (self, context, tj_json_get_string (station, "code", ""), tj_json_get_bool (entry, "ok", FALSE));
    }

  /* A station the network failed is tried once more, after the others:
   * a link that dropped for a moment should not leave it behind. */
  for (guint i = 0; i < json_array_get_length (entries); i++)
    {
      JsonObject *entry = json_array_get_object_element (entries, i);

      if (g_strcmp0 (tj_json_get_string (entry, "error_kind", ""), "network") != 0)
        continue;
      if (!sync_station (self, json_array_get_object_element (stations, i), entry, cancellable, error))
        return NULL;
      report_done (self, context, tj_json_get_string (entry, "code", ""), tj_json_get_bool (entry, "ok", FALSE));
    }

  for (guint i = 0; i < json_array_get_length (entries); i++)
    ok += tj_json_get_bool (json_array_get_object_element (entries, i), "ok", FALSE);
  out = json_object_new ();
  json_object_set_int_member (out, "ok", ok);
  json_object_set_int_member (out, "failed", json_array_get_length (entries) - ok);
  json_object_set_array_member (out, "stations", g_steal_pointer (&entries));
  return out;
}

/**
 * tj_centre_sync_run:
 * @self: a #TjCentreSync
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for an error
 *
 * Syncs every chosen station, in the calling thread.
 *
 * Returns: (transfer full): the result (see #TjCentreSync), also when
 *   stations failed, or %NULL with @error for bad input, a local store
 *   failure or cancellation
 */
JsonObject *
tj_centre_sync_run (TjCentreSync  *self,
                    GCancellable  *cancellable,
                    GError       **error)
{
  JsonObject *result;

  g_return_val_if_fail (TJ_IS_CENTRE_SYNC (self), NULL);

  if (!tj_sync_claim_run (&self->running, error))
    return NULL;
  result = run_in_thread (self, NULL, cancellable, error);
  g_atomic_int_set (&self->running, 0);
  return result;
}

static void
run_thread (GTask        *task,
            gpointer      source_object,
            gpointer      task_data,
            GCancellable *cancellable)
{
  TjCentreSync *self = source_object;
  g_autoptr(GError) error = NULL;
  JsonObject *result = run_in_thread (self, task_data, cancellable, &error);

  tj_sync_return_run (task, &self->running, result, g_steal_pointer (&error));
}

void
tj_centre_sync_run_async (TjCentreSync        *self,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (TJ_IS_CENTRE_SYNC (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, tj_centre_sync_run_async);
  tj_sync_run_in_thread (task, &self->running, run_thread);
}

JsonObject *
tj_centre_sync_run_finish (TjCentreSync  *self,
                           GAsyncResult  *result,
                           GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == tj_centre_sync_run_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* ------------------------------------------------------------------ */
/* Settings                                                             */

static TjCentreSync *
centre_sync_new (const char *path,
                 const char *server_url,
                 const char *user,
                 const char *password)
{
  TjCentreSync *self = g_object_new (TJ_TYPE_CENTRE_SYNC, NULL);

  self->path = g_strdup (path);
  self->server_url = g_strdup (server_url);
  self->user = g_strdup (user && *user ? user : NULL);
  self->password = g_strdup (password);
  return self;
}

TjCentreSync *
tj_centre_sync_new (TjStore    *store,
                    const char *server_url,
                    const char *user,
                    const char *password)
{
  g_return_val_if_fail (TJ_IS_STORE (store), NULL);

  return centre_sync_new (tj_store_get_path (store), server_url, user, password);
}

TjCentreSync *
tj_centre_sync_new_for_account (const char    *path,
                                TjSyncAccount *account)
{
  TjCentreSync *self;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (TJ_IS_SYNC_ACCOUNT (account), NULL);

  self = centre_sync_new (path, tj_sync_account_get_server_url (account), tj_sync_account_get_user (account), NULL);
  self->account = g_object_ref (account);
  self->pinned = tj_sync_account_dup_certificate (account);
  return self;
}

void
tj_centre_sync_set_stations (TjCentreSync       *self,
                             const char * const *codes)
{
  g_return_if_fail (TJ_IS_CENTRE_SYNC (self));

  g_clear_pointer (&self->codes, g_strfreev);
  self->codes = g_strdupv ((char **) codes);
}

void
tj_centre_sync_set_pinned_certificate (TjCentreSync    *self,
                                       GTlsCertificate *certificate)
{
  g_return_if_fail (TJ_IS_CENTRE_SYNC (self));

  g_set_object (&self->pinned, certificate);
}

void
tj_centre_sync_set_retry (TjCentreSync *self,
                          guint         base_delay_ms,
                          guint         max_retries)
{
  g_return_if_fail (TJ_IS_CENTRE_SYNC (self));

  self->retry_set = TRUE;
  self->retry_delay_ms = base_delay_ms;
  self->max_retries = max_retries;
}

void
tj_centre_sync_set_timeout (TjCentreSync *self,
                            guint         seconds)
{
  g_return_if_fail (TJ_IS_CENTRE_SYNC (self));

  self->timeout_seconds = seconds;
}

void
tj_centre_sync_set_batch_size (TjCentreSync *self,
                               guint         batch_size)
{
  g_return_if_fail (TJ_IS_CENTRE_SYNC (self));

  self->batch_size = batch_size;
}

static void
tj_centre_sync_finalize (GObject *object)
{
  TjCentreSync *self = TJ_CENTRE_SYNC (object);

  g_free (self->path);
  g_free (self->server_url);
  g_free (self->user);
  if (self->password)
    memset (self->password, 0, strlen (self->password));
  g_free (self->password);
  g_strfreev (self->codes);
  g_clear_object (&self->pinned);
  g_clear_object (&self->account);

  G_OBJECT_CLASS (tj_centre_sync_parent_class)->finalize (object);
}

static void
tj_centre_sync_class_init (TjCentreSyncClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = tj_centre_sync_finalize;

  /**
   * TjCentreSync::station-done:
   * @self: the centre sync
   * @code: the station
   * @ok: whether it synced without a failure
   *
   * Emitted when a station's run ended for good (a station the network
   * failed, after its second try).
   */
  signals[SIGNAL_STATION_DONE] =
    g_signal_new ("station-done", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_BOOLEAN);
}

static void
tj_centre_sync_init (TjCentreSync *self)
{
}
