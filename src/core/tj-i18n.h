/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* gettext for the core: the core translates its own messages with the
 * "tiaojie" domain, so a CLI error is Chinese under a zh_CN locale too. */
#include <glib/gi18n-lib.h>
