/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The clock: pinned, moved and real days, what $TIAOJIE_TODAY may say and
 * what happens when it says something else, and ::day-changed. */

#include <string.h>

#include "tj-calendar.h"
#include "tj-clock.h"
#include "tj-error.h"

static void
real_today_moved (int    days,
                  GDate *out)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();

  g_date_clear (out, 1);
  g_date_set_dmy (out, (GDateDay) g_date_time_get_day_of_month (now),
                  (GDateMonth) g_date_time_get_month (now), (GDateYear) g_date_time_get_year (now));
  if (days > 0)
    g_date_add_days (out, (guint) days);
  else if (days < 0)
    g_date_subtract_days (out, (guint) -days);
}

/* The clock's today is the real date moved by @days; should midnight pass
 * while the test runs, either side of it is right. */
static void
assert_today_moved (TjClock *clock,
                    int      days)
{
  GDate before, today, after;

  real_today_moved (days, &before);
  tj_clock_get_today (clock, &today);
  real_today_moved (days, &after);
  g_assert_true (g_date_compare (&today, &before) == 0 || g_date_compare (&today, &after) == 0);
}

static void
test_pinned (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TjClock) clock = tj_clock_new_for_spec ("2026-11-22", &error);
  g_autoptr(GDateTime) now = NULL;
  g_autofree char *iso = NULL;
  g_autofree char *property = NULL;
  GDate today;

  g_assert_no_error (error);
  g_assert_true (tj_clock_is_pinned (clock));
  g_assert_cmpint (tj_clock_get_offset_days (clock), ==, 0);
  tj_clock_get_today (clock, &today);
  g_assert_cmpuint (g_date_get_year (&today), ==, 2026);
  g_assert_cmpuint (g_date_get_month (&today), ==, 11);
  g_assert_cmpuint (g_date_get_day (&today), ==, 22);
  iso = tj_clock_dup_today_iso (clock);
  g_assert_cmpstr (iso, ==, "2026-11-22");
  g_object_get (clock, "today", &property, NULL);
  g_assert_cmpstr (property, ==, "2026-11-22");

  /* "Now" is on that day too, at the real time of day. */
  now = tj_clock_get_now (clock);
  g_assert_cmpint (g_date_time_get_year (now), ==, 2026);
  g_assert_cmpint (g_date_time_get_month (now), ==, 11);
  g_assert_cmpint (g_date_time_get_day_of_month (now), ==, 22);

  /* 29 February exists in a leap year only. */
  g_clear_object (&clock);
  clock = tj_clock_new_for_spec ("2028-02-29", &error);
  g_assert_no_error (error);
  g_free (iso);
  iso = tj_clock_dup_today_iso (clock);
  g_assert_cmpstr (iso, ==, "2028-02-29");
}

static void
test_offset (void)
{
  static const struct {
    const char *spec;
    int         days;
  } cases[] = {
    { "+365", 365 },
    { "-30", -30 },
    { "+0", 0 },
    { "+36500", 36500 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(TjClock) clock = tj_clock_new_for_spec (cases[i].spec, &error);
      g_autoptr(GDateTime) now = NULL;
      g_autoptr(GDateTime) real = NULL;
      GTimeSpan apart;

      g_assert_no_error (error);
      g_assert_false (tj_clock_is_pinned (clock));
      g_assert_cmpint (tj_clock_get_offset_days (clock), ==, cases[i].days);
      assert_today_moved (clock, cases[i].days);

      /* "Now" is moved by as many days. */
      real = g_date_time_new_now_local ();
      now = tj_clock_get_now (clock);
      apart = g_date_time_difference (now, real) - (GTimeSpan) cases[i].days * G_TIME_SPAN_DAY;
      g_assert_cmpint (ABS (apart), <=, G_TIME_SPAN_HOUR); /* a change of daylight saving time */
    }
}

static void
test_real (void)
{
  g_autoptr(TjClock) clock = tj_clock_new ();
  g_autoptr(TjClock) from_empty = tj_clock_new_for_spec ("", NULL);
  g_autoptr(TjClock) from_null = tj_clock_new_for_spec (NULL, NULL);

  g_assert_false (tj_clock_is_pinned (clock));
  assert_today_moved (clock, 0);
  assert_today_moved (from_empty, 0);
  assert_today_moved (from_null, 0);
}

static void
test_malformed (void)
{
  static const char * const bad[] = {
    "tomorrow", "2026-02-30", "2026-11-22 ", " 2026-11-22", "2026/11/22", "26-11-22",
    "+", "-", "365", "+36501", "+99999999999", "+1x", "++1", "+-1", "+ 1", "0x10",
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(TjClock) clock = tj_clock_new_for_spec (bad[i], &error);

      g_assert_null (clock);
      g_assert_error (error, TJ_ERROR, TJ_ERROR_INVALID);
      /* The message quotes what was given. */
      g_assert_nonnull (strstr (error->message, bad[i]));
    }
}

static void
count_cb (TjClock *clock,
          guint   *count)
{
  (*count)++;
}

static void
notify_cb (TjClock    *clock,
           GParamSpec *pspec,
           char      **seen)
{
  g_free (*seen);
  g_object_get (clock, "today", seen, NULL);
}

static void
test_day_changed (void)
{
  GDate day;
  g_autoptr(TjClock) clock = NULL;
  g_autofree char *seen = NULL;
  guint changed = 0;

  g_date_clear (&day, 1);
  g_date_set_dmy (&day, 30, G_DATE_NOVEMBER, 2026);
  clock = tj_clock_new_pinned (&day);
  g_signal_connect (clock, "day-changed", G_CALLBACK (count_cb), &changed);
  g_signal_connect (clock, "notify::today", G_CALLBACK (notify_cb), &seen);

  /* Midnight, as a test steps over it. */
  g_date_add_days (&day, 1);
  tj_clock_set_today (clock, &day);
  g_assert_cmpuint (changed, ==, 1);
  g_assert_cmpstr (seen, ==, "2026-12-01");

  /* The same day again is no change. */
  tj_clock_set_today (clock, &day);
  g_assert_cmpuint (changed, ==, 1);

  /* Nor does a pinned clock move by itself, whatever the main loop does. */
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_cmpuint (changed, ==, 1);

  g_date_subtract_days (&day, 400);
  tj_clock_set_today (clock, &day);
  g_assert_cmpuint (changed, ==, 2);
  g_assert_cmpstr (seen, ==, "2025-10-27");
}

/* The default clock reads $TIAOJIE_TODAY once per process: each case runs
 * in a process of its own with the variable set there. */
static void
test_default_child (const char *spec)
{
  TjClock *clock;
  GDate today;
  g_autofree char *iso = NULL;

  g_setenv ("TIAOJIE_TODAY", spec, TRUE);
  clock = tj_clock_get_default ();
  g_assert_true (clock == tj_clock_get_default ());
  if (g_str_equal (spec, "2026-11-22"))
    {
      g_assert_true (tj_clock_is_pinned (clock));
      /* The core's date helpers ask the default clock. */
      tj_date_set_today (&today);
      iso = tj_date_to_iso (&today);
      g_assert_cmpstr (iso, ==, "2026-11-22");
      g_free (iso);
      iso = tj_date_today_iso (NULL);
      g_assert_cmpstr (iso, ==, "2026-11-22");
      g_free (iso);
      iso = tj_date_today_iso ("2025-01-02");
      g_assert_cmpstr (iso, ==, "2025-01-02");
    }
  else if (g_str_equal (spec, "+365"))
    {
      g_assert_cmpint (tj_clock_get_offset_days (clock), ==, 365);
      assert_today_moved (clock, 365);
    }
  else
    g_assert_not_reached ();
}

static void
test_default (void)
{
  if (g_test_subprocess ())
    {
      test_default_child (g_getenv ("TJ_TEST_SPEC"));
      return;
    }
  g_setenv ("TJ_TEST_SPEC", "2026-11-22", TRUE);
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
  g_setenv ("TJ_TEST_SPEC", "+365", TRUE);
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
}

/* A malformed value: tj_clock_check_environment() refuses it naming the
 * variable; the default clock says so once (a message, not a warning:
 * nothing aborts) and follows the real date. */
static void
test_default_malformed (void)
{
  if (g_test_subprocess ())
    {
      g_autoptr(GError) error = NULL;
      TjClock *clock;

      g_setenv ("TIAOJIE_TODAY", "2026-13-01", TRUE);
      g_assert_false (tj_clock_check_environment (&error));
      g_assert_error (error, TJ_ERROR, TJ_ERROR_INVALID);
      g_assert_nonnull (strstr (error->message, "TIAOJIE_TODAY"));
      g_assert_nonnull (strstr (error->message, "2026-13-01"));

      g_log_set_always_fatal (G_LOG_FATAL_MASK | G_LOG_LEVEL_WARNING | G_LOG_LEVEL_CRITICAL);
      clock = tj_clock_get_default ();
      g_assert_false (tj_clock_is_pinned (clock));
      g_assert_cmpint (tj_clock_get_offset_days (clock), ==, 0);
      assert_today_moved (clock, 0);
      return;
    }
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
  g_test_trap_assert_stderr ("*Ignoring TIAOJIE_TODAY*2026-13-01*real date*");

  /* Unset or well-formed, the check passes. */
  g_unsetenv ("TIAOJIE_TODAY");
  g_assert_true (tj_clock_check_environment (NULL));
  g_setenv ("TIAOJIE_TODAY", "-7", TRUE);
  g_assert_true (tj_clock_check_environment (NULL));
  g_unsetenv ("TIAOJIE_TODAY");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/clock/pinned", test_pinned);
  g_test_add_func ("/clock/offset", test_offset);
  g_test_add_func ("/clock/real", test_real);
  g_test_add_func ("/clock/malformed", test_malformed);
  g_test_add_func ("/clock/day-changed", test_day_changed);
  g_test_add_func ("/clock/default", test_default);
  g_test_add_func ("/clock/default-malformed", test_default_malformed);

  return g_test_run ();
}
