/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Tiaojie"

#include "tj-clock.h"
#include "tj-calendar.h"
#include "tj-error.h"
#include "tj-i18n.h"

#include <errno.h>
#include <string.h>

#ifdef __linux__
# include <glib-unix.h>
# include <sys/timerfd.h>
# include <unistd.h>
#endif

/* The furthest a clock may be moved from the real date: a century. */
#define MAX_OFFSET_DAYS 36500

/* Without timerfd, how long the clock sleeps at most before it looks at
 * the date again (a suspend or a changed system clock is noticed then). */
#define FALLBACK_CHECK_SECONDS (60 * 60)

typedef enum {
  MODE_REAL,
  MODE_OFFSET,
  MODE_PINNED,
} Mode;

struct _TjClock
{
  GObject  parent_instance;

  Mode     mode;
  int      offset_days;   /* MODE_OFFSET */

  GMutex   mutex;         /* guards pinned and reported */
  GDate    pinned;        /* MODE_PINNED */
  GDate    reported;      /* the day last announced by ::day-changed */

  GSource *timer;         /* wakes up at the next midnight */
  int      timer_fd;      /* -1 without timerfd */
};

G_DEFINE_FINAL_TYPE (TjClock, tj_clock, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_TODAY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  DAY_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void schedule_midnight (TjClock *self);

/* Today's date as the clock sees it. Call with the mutex held. */
static void
compute_today_locked (TjClock *self,
                      GDate   *today)
{
  g_autoptr(GDateTime) now = NULL;

  if (self->mode == MODE_PINNED)
    {
      *today = self->pinned;
      return;
    }
  now = g_date_time_new_now_local ();
  g_date_clear (today, 1);
  g_date_set_dmy (today, (GDateDay) g_date_time_get_day_of_month (now),
                  (GDateMonth) g_date_time_get_month (now),
                  (GDateYear) g_date_time_get_year (now));
  if (self->offset_days > 0)
    g_date_add_days (today, (guint) self->offset_days);
  else if (self->offset_days < 0)
    g_date_subtract_days (today, (guint) -self->offset_days);
}

/* Announces a new day, if the date moved since it was last announced. */
static void
check_day (TjClock *self)
{
  gboolean changed;
  GDate today;

  g_mutex_lock (&self->mutex);
  compute_today_locked (self, &today);
  changed = g_date_compare (&today, &self->reported) != 0;
  self->reported = today;
  g_mutex_unlock (&self->mutex);

  if (!changed)
    return;
  g_debug ("The day changed to %04u-%02u-%02u", g_date_get_year (&today),
           g_date_get_month (&today), g_date_get_day (&today));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TODAY]);
  g_signal_emit (self, signals[DAY_CHANGED], 0);
}

/* The next local midnight, as seconds since the epoch. */
static gint64
next_midnight (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) midnight = g_date_time_new_local (g_date_time_get_year (now),
                                                         g_date_time_get_month (now),
                                                         g_date_time_get_day_of_month (now),
                                                         0, 0, 0);
  g_autoptr(GDateTime) next = g_date_time_add_days (midnight, 1);

  return g_date_time_to_unix (next);
}

static gboolean
midnight_cb (gpointer user_data)
{
  TjClock *self = user_data;

  g_clear_pointer (&self->timer, g_source_unref);
  check_day (self);
  schedule_midnight (self);
  return G_SOURCE_REMOVE;
}

#ifdef __linux__
/* A timerfd on the real-time clock fires at the wall-clock midnight even
 * when the machine slept through it, and is cancelled when the system
 * clock is set: the two cases a monotonic timeout gets wrong. */
static gboolean
timer_fd_cb (int          fd,
             GIOCondition condition,
             gpointer     user_data)
{
  TjClock *self = user_data;
  guint64 expirations;

  /* ECANCELED: the system clock was set. Either way, look at the date. */
  if (read (fd, &expirations, sizeof expirations) < 0 && errno != ECANCELED && errno != EAGAIN)
    g_debug ("Reading the midnight timer failed: %s", g_strerror (errno));
  check_day (self);
  schedule_midnight (self);
  return G_SOURCE_CONTINUE;
}

static gboolean
arm_timer_fd (TjClock *self)
{
  struct itimerspec spec = { { 0, 0 }, { 0, 0 } };

  if (self->timer_fd < 0)
    {
      self->timer_fd = timerfd_create (CLOCK_REALTIME, TFD_CLOEXEC | TFD_NONBLOCK);
      if (self->timer_fd < 0)
        {
          g_debug ("No timerfd (%s): checking the date every hour", g_strerror (errno));
          return FALSE;
        }
    }
  spec.it_value.tv_sec = (time_t) next_midnight ();
  if (timerfd_settime (self->timer_fd, TFD_TIMER_ABSTIME | TFD_TIMER_CANCEL_ON_SET, &spec, NULL) < 0)
    {
      g_debug ("Could not arm the midnight timer (%s): checking the date every hour", g_strerror (errno));
      close (self->timer_fd);
      self->timer_fd = -1;
      return FALSE;
    }
  if (self->timer == NULL)
    {
      self->timer = g_unix_fd_source_new (self->timer_fd, G_IO_IN);
      g_source_set_callback (self->timer, G_SOURCE_FUNC (timer_fd_cb), self, NULL);
      g_source_set_static_name (self->timer, "[tiaojie] midnight");
      g_source_attach (self->timer, NULL);
    }
  return TRUE;
}
#endif

/* Wakes up at the next midnight, in the global default main context
 * whatever thread made the clock. A pinned clock never changes by itself. */
static void
schedule_midnight (TjClock *self)
{
  gint64 seconds;

  if (self->mode == MODE_PINNED)
    return;
#ifdef __linux__
  if (arm_timer_fd (self))
    return;
#endif
  if (self->timer != NULL)
    return;
  seconds = next_midnight () - g_get_real_time () / G_USEC_PER_SEC + 1;
  self->timer = g_timeout_source_new_seconds ((guint) CLAMP (seconds, 1, FALLBACK_CHECK_SECONDS));
  g_source_set_callback (self->timer, midnight_cb, self, NULL);
  g_source_set_static_name (self->timer, "[tiaojie] midnight");
  g_source_attach (self->timer, NULL);
}

static TjClock *
clock_new (Mode         mode,
           int          offset_days,
           const GDate *pinned)
{
  TjClock *self = g_object_new (TJ_TYPE_CLOCK, NULL);

  self->mode = mode;
  self->offset_days = offset_days;
  if (pinned)
    self->pinned = *pinned;
  compute_today_locked (self, &self->reported);
  schedule_midnight (self);
  return self;
}

static void
tj_clock_finalize (GObject *object)
{
  TjClock *self = TJ_CLOCK (object);

  if (self->timer)
    {
      g_source_destroy (self->timer);
      g_clear_pointer (&self->timer, g_source_unref);
    }
#ifdef __linux__
  if (self->timer_fd >= 0)
    close (self->timer_fd);
#endif
  g_mutex_clear (&self->mutex);
  G_OBJECT_CLASS (tj_clock_parent_class)->finalize (object);
}

static void
tj_clock_get_property (GObject    *object,
                       guint       prop_id,
                       GValue     *value,
                       GParamSpec *pspec)
{
  TjClock *self = TJ_CLOCK (object);

  switch (prop_id)
    {
    case PROP_TODAY:
      g_value_take_string (value, tj_clock_dup_today_iso (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tj_clock_class_init (TjClockClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = tj_clock_finalize;
  object_class->get_property = tj_clock_get_property;

  /**
   * TjClock:today:
   *
   * Today's date as ISO 8601 (2026-11-22); notified when the day changes.
   */
  properties[PROP_TODAY] =
    g_param_spec_string ("today", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * TjClock::day-changed:
   *
   * The date changed: lists that depend on it (deadlines, overdue
   * installments, the agenda) should be read again.
   */
  signals[DAY_CHANGED] =
    g_signal_new ("day-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
tj_clock_init (TjClock *self)
{
  g_mutex_init (&self->mutex);
  g_date_clear (&self->pinned, 1);
  g_date_clear (&self->reported, 1);
  self->timer_fd = -1;
}

/**
 * tj_clock_new:
 *
 * Returns: (transfer full): a clock that follows the local date
 */
TjClock *
tj_clock_new (void)
{
  return clock_new (MODE_REAL, 0, NULL);
}

/**
 * tj_clock_new_pinned:
 * @today: a valid date
 *
 * Returns: (transfer full): a clock that stays on @today until
 *   tj_clock_set_today() moves it
 */
TjClock *
tj_clock_new_pinned (const GDate *today)
{
  g_return_val_if_fail (today != NULL && g_date_valid (today), NULL);

  return clock_new (MODE_PINNED, 0, today);
}

/**
 * tj_clock_new_offset:
 * @days: days after (negative: before) the real date, at most a century
 *
 * Returns: (transfer full): a clock that follows the local date moved by
 *   @days; it changes day at the real midnight
 */
TjClock *
tj_clock_new_offset (int days)
{
  g_return_val_if_fail (days >= -MAX_OFFSET_DAYS && days <= MAX_OFFSET_DAYS, NULL);

  return clock_new (days == 0 ? MODE_REAL : MODE_OFFSET, days, NULL);
}

/**
 * tj_clock_new_for_spec:
 * @spec: (nullable): "" or %NULL (the real date), "YYYY-MM-DD" (pinned) or
 *   "+N" / "-N" (N days from the real date), as in `$TIAOJIE_TODAY`
 * @error: return location for a #TJ_ERROR_INVALID error naming @spec
 *
 * Returns: (transfer full) (nullable): the clock, or %NULL when @spec is
 *   none of these
 */
TjClock *
tj_clock_new_for_spec (const char  *spec,
                       GError     **error)
{
  GDate date;

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (spec == NULL || *spec == '\0')
    return tj_clock_new ();
  if (tj_date_parse_iso (spec, &date))
    return tj_clock_new_pinned (&date);
  if ((spec[0] == '+' || spec[0] == '-') && spec[1] != '\0' && strlen (spec) <= 6)
    {
      gboolean digits = TRUE;
      gint64 days;

      for (const char *p = spec + 1; *p; p++)
        digits = digits && g_ascii_isdigit (*p);
      days = g_ascii_strtoll (spec + 1, NULL, 10);
      if (digits && days <= MAX_OFFSET_DAYS)
        return tj_clock_new_offset ((int) (spec[0] == '-' ? -days : days));
    }
  /* Translators: %s is what was given as "today" (the TIAOJIE_TODAY
   * environment variable); keep YYYY-MM-DD, +365 and -30 as they are. */
  g_set_error (error, TJ_ERROR, TJ_ERROR_INVALID,
               _("“%s” is neither a date (YYYY-MM-DD) nor a number of days from today (such as +365 or -30)"),
               spec);
  return NULL;
}

/**
 * tj_clock_check_environment:
 * @error: return location for a #TJ_ERROR_INVALID error
 *
 * Whether `$TIAOJIE_TODAY` is usable. A program that would rather stop
 * than run on the real date when it is not (tiaojie-cli: exit code 1)
 * calls this before anything asks tj_clock_get_default().
 *
 * Returns: %FALSE with @error naming the variable and its value
 */
gboolean
tj_clock_check_environment (GError **error)
{
  g_autoptr(TjClock) clock = NULL;
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  clock = tj_clock_new_for_spec (g_getenv ("TIAOJIE_TODAY"), &local_error);
  if (clock == NULL)
    {
      g_set_error (error, TJ_ERROR, TJ_ERROR_INVALID, "TIAOJIE_TODAY: %s", local_error->message);
      return FALSE;
    }
  return TRUE;
}

/**
 * tj_clock_get_default:
 *
 * The clock of the process, made on first use from `$TIAOJIE_TODAY` (see
 * #TjClock). When the variable is malformed the message is logged once
 * with g_message() and the clock follows the real date.
 *
 * Returns: (transfer none): the default clock
 */
TjClock *
tj_clock_get_default (void)
{
  static TjClock *default_clock;

  if (g_once_init_enter (&default_clock))
    {
      g_autoptr(GError) error = NULL;
      const char *spec = g_getenv ("TIAOJIE_TODAY");
      TjClock *clock = tj_clock_new_for_spec (spec, &error);

      if (clock == NULL)
        {
          g_message ("Ignoring TIAOJIE_TODAY: %s; following the real date", error->message);
          clock = tj_clock_new ();
        }
      g_once_init_leave (&default_clock, clock);
    }
  return default_clock;
}

/**
 * tj_clock_get_today:
 * @self: a clock
 * @today: (out caller-allocates): the date today
 */
void
tj_clock_get_today (TjClock *self,
                    GDate   *today)
{
  g_return_if_fail (TJ_IS_CLOCK (self));
  g_return_if_fail (today != NULL);

  g_mutex_lock (&self->mutex);
  compute_today_locked (self, today);
  g_mutex_unlock (&self->mutex);
}

/**
 * tj_clock_dup_today_iso:
 * @self: a clock
 *
 * Returns: (transfer full): today as ISO 8601 (2026-11-22), the form
 *   #TjCaseContext and the CLI's "today" take
 */
char *
tj_clock_dup_today_iso (TjClock *self)
{
  GDate today;

  g_return_val_if_fail (TJ_IS_CLOCK (self), NULL);

  tj_clock_get_today (self, &today);
  return tj_date_to_iso (&today);
}

/**
 * tj_clock_get_now:
 * @self: a clock
 *
 * The local date and time: the real time of day on the clock's date, so
 * that "now" and "today" agree on a pinned or moved clock.
 *
 * Returns: (transfer full): the local time now
 */
GDateTime *
tj_clock_get_now (TjClock *self)
{
  g_autoptr(GDateTime) now = NULL;
  GDateTime *moved;
  GDate today;

  g_return_val_if_fail (TJ_IS_CLOCK (self), NULL);

  now = g_date_time_new_now_local ();
  if (self->mode == MODE_REAL)
    return g_steal_pointer (&now);
  if (self->mode == MODE_OFFSET)
    return g_date_time_add_days (now, self->offset_days);
  tj_clock_get_today (self, &today);
  moved = g_date_time_new_local (g_date_get_year (&today), g_date_get_month (&today),
                                 g_date_get_day (&today), g_date_time_get_hour (now),
                                 g_date_time_get_minute (now), g_date_time_get_seconds (now));
  /* A time of day skipped on that date (daylight saving): its midnight. */
  if (moved == NULL)
    moved = g_date_time_new_local (g_date_get_year (&today), g_date_get_month (&today),
                                   g_date_get_day (&today), 0, 0, 0);
  return moved;
}

/**
 * tj_clock_is_pinned:
 * @self: a clock
 *
 * Returns: whether the clock stays on one day
 */
gboolean
tj_clock_is_pinned (TjClock *self)
{
  g_return_val_if_fail (TJ_IS_CLOCK (self), FALSE);

  return self->mode == MODE_PINNED;
}

/**
 * tj_clock_get_offset_days:
 * @self: a clock
 *
 * Returns: how many days the clock is moved from the real date (0 for a
 *   real or a pinned clock)
 */
int
tj_clock_get_offset_days (TjClock *self)
{
  g_return_val_if_fail (TJ_IS_CLOCK (self), 0);

  return self->offset_days;
}

/**
 * tj_clock_set_today:
 * @self: a pinned clock
 * @today: a valid date
 *
 * Moves a pinned clock to another day (a test stepping over midnight);
 * emits #TjClock::day-changed, in the caller's thread, when the date is
 * another one.
 */
void
tj_clock_set_today (TjClock     *self,
                    const GDate *today)
{
  g_return_if_fail (TJ_IS_CLOCK (self));
  g_return_if_fail (self->mode == MODE_PINNED);
  g_return_if_fail (today != NULL && g_date_valid (today));

  g_mutex_lock (&self->mutex);
  self->pinned = *today;
  g_mutex_unlock (&self->mutex);
  check_day (self);
}
