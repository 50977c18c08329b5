/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Tiaojie"

#include "tj-time.h"

char *
tj_timestamp_now (void)
{
  static gint64 last;
  gint64 us = g_get_real_time ();
  g_autoptr(GDateTime) second = NULL;
  g_autoptr(GDateTime) now = NULL;

  G_LOCK_DEFINE_STATIC (last);
  G_LOCK (last);
  if (us <= last)
    us = last + 1;
  last = us;
  G_UNLOCK (last);
  second = g_date_time_new_from_unix_utc (us / G_USEC_PER_SEC);
  now = g_date_time_add (second, us % G_USEC_PER_SEC);
  return g_date_time_format (now, "%Y-%m-%dT%H:%M:%S.%fZ");
}

char *
tj_timestamp_now_seconds (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

  return g_date_time_format (now, "%Y-%m-%dT%H:%M:%SZ");
}
