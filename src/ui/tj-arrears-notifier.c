/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Tiaojie-UI"

#include <glib/gi18n.h>

#include "tj-application.h"
#include "tj-arrears.h"
#include "tj-arrears-notifier.h"
#include "tj-calendar.h"
#include "tj-json.h"
#include "tj-money.h"
#include "tj-repository.h"
#include "tj-ui-format.h"

/* An installment that was not paid on time is the moment a mediator must
 * act (payment order, arbitration, labour inspection), even when the app
 * sits behind other windows: each overdue installment becomes a desktop
 * notification once a day. Today's agenda lists them too; this only makes
 * sure they are seen. What was notified is kept in memory only: a new
 * session (the next morning) reminds again.
 *
 * An installment becomes overdue when the day turns (the clock's
 * ::day-changed) or when a settlement or payment is written (the
 * repository's ::changed, also for writes by sync or the CLI): those are
 * when it looks, on the repository's worker — there is no timer.
 *
 * A few at a time are told one by one, each opening its case. More than
 * that (a centre, or the first morning after a long absence) make one
 * summary instead, naming the first cases and opening the Arrears page:
 * a desktop flooded with hundreds of banners tells nothing. */

/* Up to this many new overdue installments are notified one by one. */
#define MAX_SINGLE_NOTIFICATIONS 3
/* Case numbers named in the summary's body. */
#define SUMMARY_NAMES 3

struct _TjArrearsNotifier
{
  GObject         parent_instance;

  TjApplication  *application;  /* weak: the application owns us */
  TjRepository   *repository;   /* weak: whose "changed" we follow */
  GCancellable   *cancellable;  /* the checks under way */
  GHashTable     *notified;     /* "case:installment:date" */
  guint           sent;
};

G_DEFINE_FINAL_TYPE (TjArrearsNotifier, tj_arrears_notifier, G_TYPE_OBJECT)

static guint notify_overdue (TjArrearsNotifier *self,
                             JsonArray         *overdue,
                             const char        *today);

typedef struct
{
  char      *today;
  JsonArray *overdue;
} Check;

static void
check_free (gpointer data)
{
  Check *check = data;

  g_free (check->today);
  g_clear_pointer (&check->overdue, json_array_unref);
  g_free (check);
}

static gboolean
read_overdue (TjStore  *store,
              gpointer  data,
              GError  **error)
{
  Check *check = data;

  check->overdue = tj_arrears_overdue (store, check->today, error);
  return check->overdue != NULL;
}

static void
overdue_read_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(TjArrearsNotifier) self = user_data;
  g_autoptr(GError) error = NULL;
  Check *check = NULL;

  if (!tj_repository_run_finish (TJ_REPOSITORY (source), result, (gpointer *) &check, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_warning ("Could not read the overdue installments: %s", error->message);
      return;
    }
  notify_overdue (self, check->overdue, check->today);
}

/* Looks on the repository's worker; the notifications are sent here. */
static void
check_async (TjArrearsNotifier *self)
{
  TjCaseContext ctx;
  Check *check;

  if (self->application == NULL || self->repository == NULL)
    return;
  tj_context_fill_case_context (tj_application_get_context (self->application), &ctx);
  check = g_new0 (Check, 1);
  check->today = g_strdup (ctx.today);
  tj_repository_run_async (self->repository, read_overdue, check, check_free, self->cancellable,
                           overdue_read_cb, g_object_ref (self));
}

static void
repository_changed_cb (TjRepository       *repository,
                       const char * const *ids,
                       gint64              seq,
                       TjArrearsNotifier  *self)
{
  static const char * const types[] = { "case", "settlement", "payment", NULL };

  if (tj_repository_changes_concern (repository, ids, types, NULL))
    check_async (self);
}

static gboolean
first_check_cb (gpointer user_data)
{
  check_async (user_data);
  return G_SOURCE_REMOVE;
}

static void
repository_cb (TjArrearsNotifier *self)
{
  TjRepository *repository = self->application ? tj_application_get_repository (self->application) : NULL;

  if (repository == self->repository)
    return;
  if (self->repository)
    g_signal_handlers_disconnect_by_func (self->repository, repository_changed_cb, self);
  g_set_weak_pointer (&self->repository, repository);
  if (repository)
    {
      g_signal_connect_object (repository, "changed", G_CALLBACK (repository_changed_cb), self, 0);
      /* Once the window has asked for what it shows first: the worker
       * takes jobs in turn, and every overdue installment of a centre
       * is a long read. */
      g_idle_add_full (G_PRIORITY_LOW, first_check_cb, g_object_ref (self), g_object_unref);
    }
}

static void
tj_arrears_notifier_dispose (GObject *object)
{
  TjArrearsNotifier *self = TJ_ARREARS_NOTIFIER (object);

  g_cancellable_cancel (self->cancellable);
  if (self->repository)
    g_signal_handlers_disconnect_by_func (self->repository, repository_changed_cb, self);
  g_clear_weak_pointer (&self->repository);
  if (self->application)
    {
      g_signal_handlers_disconnect_by_data (self->application, self);
      g_object_remove_weak_pointer (G_OBJECT (self->application), (gpointer *) &self->application);
      self->application = NULL;
    }
  G_OBJECT_CLASS (tj_arrears_notifier_parent_class)->dispose (object);
}

static void
tj_arrears_notifier_finalize (GObject *object)
{
  TjArrearsNotifier *self = TJ_ARREARS_NOTIFIER (object);

  g_clear_pointer (&self->notified, g_hash_table_unref);
  g_clear_object (&self->cancellable);
  G_OBJECT_CLASS (tj_arrears_notifier_parent_class)->finalize (object);
}

static void
tj_arrears_notifier_class_init (TjArrearsNotifierClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = tj_arrears_notifier_dispose;
  object_class->finalize = tj_arrears_notifier_finalize;
}

static void
tj_arrears_notifier_init (TjArrearsNotifier *self)
{
  self->notified = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->cancellable = g_cancellable_new ();
}

TjArrearsNotifier *
tj_arrears_notifier_new (TjApplication *application)
{
  TjArrearsNotifier *self;

  g_return_val_if_fail (TJ_IS_APPLICATION (application), NULL);

  self = g_object_new (TJ_TYPE_ARREARS_NOTIFIER, NULL);
  self->application = application;
  g_object_add_weak_pointer (G_OBJECT (application), (gpointer *) &self->application);
  g_signal_connect_swapped (application, "notify::repository", G_CALLBACK (repository_cb), self);
  /* A new day: installments due yesterday are overdue now. */
  g_signal_connect_object (tj_application_get_clock (application), "day-changed",
                           G_CALLBACK (check_async), self, G_CONNECT_SWAPPED);
  repository_cb (self);
  return self;
}

static GNotification *
notification_new (JsonObject *item)
{
  JsonObject *step = tj_json_get_object (item, "next_step");
  g_autofree char *due = tj_ui_format_date (tj_json_get_string (item, "due_on", NULL));
  g_autofree char *owed = tj_money_format (tj_json_get_int (item, "owed_fen", 0));
  int days = (int) tj_json_get_int (item, "days_overdue", 0);
  int number = (int) tj_json_get_int (item, "installment", 0) + 1;
  /* Translators: title of a desktop notification, "Installment overdue: 〔2026〕…号". */
  g_autofree char *title = g_strdup_printf (_("Installment overdue: %s"), tj_json_get_string (item, "number", ""));
  g_autoptr(GString) body = g_string_new (NULL);
  GNotification *notification;

  /* Translators: "华建劳务欠薪: installment 2 was due on 15 Dec 2026 (5 days ago); ¥11,800.50 is unpaid." */
  g_string_append_printf (body, ngettext ("%s: installment %d was due on %s (%d day ago); %s is unpaid.",
                                          "%s: installment %d was due on %s (%d days ago); %s is unpaid.",
                                          (gulong) days),
                          tj_json_get_string (item, "title", ""), number, due, days, owed);
  if (step)
    {
      g_string_append_c (body, '\n');
      /* Translators: the next step the law offers, e.g. "Next step: apply for a payment order (…)". */
      g_string_append_printf (body, _("Next step: %s (%s)"), tj_json_get_string (step, "label", ""),
                              tj_json_get_string (step, "basis", ""));
    }
  notification = g_notification_new (title);
  g_notification_set_body (notification, body->str);
  g_notification_set_priority (notification, G_NOTIFICATION_PRIORITY_HIGH);
  g_notification_set_default_action_and_target (notification, "app.show-case", "s",
                                                tj_json_get_string (item, "case_id", ""));
  /* Translators: button of the overdue-installment notification. */
  g_notification_add_button_with_target (notification, _("Open Case"), "app.show-case", "s",
                                         tj_json_get_string (item, "case_id", ""));
  return notification;
}

static GNotification *
summary_new (GPtrArray *items)
{
  g_autoptr(GString) names = g_string_new (NULL);
  g_autofree char *title = NULL;
  g_autofree char *body = NULL;
  GNotification *notification;
  guint shown = MIN (items->len, SUMMARY_NAMES);

  for (guint i = 0; i < shown; i++)
    {
      JsonObject *item = g_ptr_array_index (items, i);
      if (i > 0)
        /* Translators: separates case numbers in a list. */
        g_string_append (names, _(", "));
      g_string_append (names, tj_json_get_string (item, "number", ""));
    }
  /* Translators: title of the desktop notification that sums up many overdue installments. */
  title = g_strdup_printf (ngettext ("%u installment overdue", "%u installments overdue", items->len), items->len);
  /* Translators: body of the summary notification: "〔2026〕1号, 〔2026〕2号 and 40 more. The Arrears page lists them." */
  body = g_strdup_printf (ngettext ("%s and %u more. The Arrears page lists them with their next steps.",
                                    "%s and %u more. The Arrears page lists them with their next steps.",
                                    items->len - shown),
                          names->str, items->len - shown);
  notification = g_notification_new (title);
  g_notification_set_body (notification, body);
  g_notification_set_priority (notification, G_NOTIFICATION_PRIORITY_HIGH);
  g_notification_set_default_action (notification, "app.show-arrears");
  /* Translators: button of the summary notification of overdue installments. */
  g_notification_add_button (notification, _("Show Arrears"), "app.show-arrears");
  return notification;
}

/* Each overdue installment not told today yet: one by one when they are
 * few, else one summary. */
static guint
notify_overdue (TjArrearsNotifier *self,
                JsonArray         *overdue,
                const char        *today)
{
  g_autoptr(GPtrArray) fresh = g_ptr_array_new ();

  if (self->application == NULL)
    return 0;
  for (guint i = 0; i < json_array_get_length (overdue); i++)
    {
      JsonObject *item = json_array_get_object_element (overdue, i);
      const char *case_id = tj_json_get_string (item, "case_id", "");
      int installment = (int) tj_json_get_int (item, "installment", 0);
      g_autofree char *key = g_strdup_printf ("%s:%d:%s", case_id, installment, today);

      if (g_hash_table_contains (self->notified, key))
        continue;
      g_hash_table_add (self->notified, g_steal_pointer (&key));
      g_ptr_array_add (fresh, item);
    }
  if (fresh->len > MAX_SINGLE_NOTIFICATIONS)
    {
      g_autoptr(GNotification) notification = summary_new (fresh);
      tj_application_send_notification (self->application, "overdue-summary", notification);
    }
  else
    for (guint i = 0; i < fresh->len; i++)
      {
        JsonObject *item = g_ptr_array_index (fresh, i);
        g_autofree char *id = g_strdup_printf ("overdue-%s-%d", tj_json_get_string (item, "case_id", ""),
                                               (int) tj_json_get_int (item, "installment", 0));
        g_autoptr(GNotification) notification = notification_new (item);
        tj_application_send_notification (self->application, id, notification);
      }
  self->sent += fresh->len;
  if (fresh->len)
    g_debug ("Told of %u overdue installment(s)", fresh->len);
  return fresh->len;
}

/**
 * tj_arrears_notifier_check:
 * @self: the notifier
 *
 * Looks now, on the main thread's connection (what the notifier does by
 * itself is on the worker).
 *
 * Returns: how many overdue installments were newly told of (one by one,
 * or in one summary when there are more than a few)
 */
guint
tj_arrears_notifier_check (TjArrearsNotifier *self)
{
  TjStore *store;
  TjCaseContext ctx;
  g_autoptr(JsonArray) overdue = NULL;
  g_autoptr(GError) error = NULL;

  g_return_val_if_fail (TJ_IS_ARREARS_NOTIFIER (self), 0);

  /* Synchronous on purpose: only the tests call this (the notifier's own
   * looks run on the repository's worker), to know what has been told. */
  if (self->application == NULL || (store = tj_application_get_store (self->application)) == NULL)
    return 0;
  tj_context_fill_case_context (tj_application_get_context (self->application), &ctx);
  overdue = tj_arrears_overdue (store, ctx.today, &error);
  if (overdue == NULL)
    {
      g_warning ("Could not read the overdue installments: %s", error->message);
      return 0;
    }
  return notify_overdue (self, overdue, ctx.today);
}

guint
tj_arrears_notifier_get_sent (TjArrearsNotifier *self)
{
  g_return_val_if_fail (TJ_IS_ARREARS_NOTIFIER (self), 0);

  return self->sent;
}
