/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* Private to src/core/calc: what the dated data files (the holiday
 * calendar, the local wage figures) share. Each is a JSON object compiled
 * into the core, which the user can override with a file of the same name
 * in $XDG_DATA_HOME/tiaojie/. The loaders differ only in what they check
 * and keep; finding, reading, parsing and reporting errors by file and line
 * are here. */

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* A module's loader: check @data completely and, only when it is valid,
 * merge it into @target. @name names the data in errors. */
typedef gboolean (*TjDataFileLoad) (gpointer     target,
                                    const char  *data,
                                    gssize       length,
                                    const char  *name,
                                    GError     **error);

/* $XDG_DATA_HOME/tiaojie/@name */
char       *_tj_data_file_user_path    (const char      *name);

/* Loads the bundled file @name into @target, then @user_file when it
 * exists. A broken user file is not fatal: the bundled data stay and a
 * translated message is added to @warnings. */
void        _tj_data_file_load_default (const char      *name,
                                        const char      *user_file,
                                        TjDataFileLoad   load,
                                        gpointer         target,
                                        GPtrArray       *warnings);

/* Reads @path and loads it into @target under its path's name;
 * TJ_ERROR_NOT_FOUND when it cannot be read. */
gboolean    _tj_data_file_load_file    (const char      *path,
                                        TjDataFileLoad   load,
                                        gpointer         target,
                                        GError         **error);

/* Reads @source_path, checks it completely by loading it into @check (a
 * new, empty object) and copies it to @dest_path, creating its folder.
 * Nothing is written when the data are invalid. */
gboolean    _tj_data_file_install      (const char      *source_path,
                                        const char      *dest_path,
                                        TjDataFileLoad   load,
                                        gpointer         check,
                                        GError         **error);

/* Parses @data (@length bytes, or NUL-terminated when negative) as a JSON
 * object. @text receives a NUL-terminated copy, for line numbers; on
 * invalid JSON the error names @name, the line and the column. */
JsonObject *_tj_data_file_parse        (const char      *data,
                                        gssize           length,
                                        const char      *name,
                                        char           **text,
                                        GError         **error);

/* The 1-based line of the first occurrence of @needle in @text (0 if
 * absent), and the line at which @at (inside @text) stands. */
guint       _tj_data_file_line_of      (const char      *text,
                                        const char      *needle);
guint       _tj_data_file_line_at      (const char      *text,
                                        const char      *at);

G_END_DECLS
