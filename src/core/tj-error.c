/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Tiaojie"

#include "tj-error.h"

G_DEFINE_QUARK (tj-error-quark, tj_error)

int
tj_error_exit_code (const GError *error)
{
  if (error == NULL)
    return 0;
  if (error->domain != TJ_ERROR)
    return 5;
  switch ((TjError) error->code)
    {
    case TJ_ERROR_INVALID:
    /* A damaged or foreign database is a bad --db file: invalid input. */
    case TJ_ERROR_CORRUPT:
      return 2;
    case TJ_ERROR_NOT_FOUND:
      return 3;
    case TJ_ERROR_CONFLICT:
      return 4;
    case TJ_ERROR_NETWORK:
    case TJ_ERROR_DENIED:
      return 5;
    case TJ_ERROR_BUSY:
    case TJ_ERROR_FAILED:
    default:
      return 5;
    }
}
