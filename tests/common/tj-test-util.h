/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Small things every suite's tests do: read a JSON object they wrote
 * themselves, remove the folder they worked in, tell whether anything in
 * a folder changed. */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

JsonObject *tj_test_object      (const char *json);
void        tj_test_remove_tree (const char *path);
char       *tj_test_snapshot    (const char *dir);
void        tj_test_pin_today   (const char *day);
char       *tj_test_id_number   (const char *body);
double      tj_test_cpu_seconds (void);

G_END_DECLS
