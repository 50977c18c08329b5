/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "tj-case.h"
#include "tj-clock.h"
#include "tj-repository.h"

G_BEGIN_DECLS

/**
 * TjContext:
 *
 * What every part of the program works in: the preferences that matter to
 * the core (station code, case-number pattern, the mediator's name, the
 * early-warning thresholds, the city, the organisation, the arbitration
 * commission and the court), the open #TjRepository and the #TjClock that
 * says what day it is.
 *
 * The app has one (tj_application_get_context()) that every page and
 * window asks; the CLI makes one per run (tj_context_new_default()) and
 * overrides what the options say (`--actor`, `--station`). Values come
 * from, in order: an override set with tj_context_override(), the
 * #GSettings given (read at each call, so a preference changed in the
 * Preferences window counts at once), the built-in default.
 *
 * Strings returned are interned: they stay valid for the life of the
 * process, so a #TjCaseContext filled from the context may be kept and
 * handed to a worker thread.
 */
#define TJ_TYPE_CONTEXT (tj_context_get_type ())
G_DECLARE_FINAL_TYPE (TjContext, tj_context, TJ, CONTEXT, GObject)

/* Keys of tj_context_override() and of the settings schema. */
#define TJ_CONTEXT_STATION_CODE           "station-code"
#define TJ_CONTEXT_NUMBER_PATTERN         "case-number-pattern"
#define TJ_CONTEXT_MEDIATOR_NAME          "mediator-name"
#define TJ_CONTEXT_ORGANISATION_NAME      "organisation-name"
#define TJ_CONTEXT_ARBITRATION_COMMISSION "arbitration-commission"
#define TJ_CONTEXT_COURT                  "court"
#define TJ_CONTEXT_CITY                   "locality"

TjContext    *tj_context_new                     (GSettings     *settings,
                                                  TjClock       *clock);
TjContext    *tj_context_new_default             (TjClock       *clock);

GSettings    *tj_context_get_settings            (TjContext     *self);
void          tj_context_set_settings            (TjContext     *self,
                                                  GSettings     *settings);
TjClock      *tj_context_get_clock               (TjContext     *self);
TjRepository *tj_context_get_repository          (TjContext     *self);
void          tj_context_set_repository          (TjContext     *self,
                                                  TjRepository  *repository);

void          tj_context_override                (TjContext     *self,
                                                  const char    *key,
                                                  const char    *value);

const char   *tj_context_get_station_code        (TjContext     *self);
const char   *tj_context_get_number_pattern      (TjContext     *self);
const char   *tj_context_get_actor               (TjContext     *self);
const char   *tj_context_get_organisation_name   (TjContext     *self);
const char   *tj_context_get_arbitration_commission (TjContext  *self);
const char   *tj_context_get_court               (TjContext     *self);
const char   *tj_context_get_city                (TjContext     *self);
guint         tj_context_get_flag_min_workers    (TjContext     *self);
gint64        tj_context_get_flag_min_amount_fen (TjContext     *self);
const char   *tj_context_get_today               (TjContext     *self);

void          tj_context_fill_case_context       (TjContext     *self,
                                                  TjCaseContext *ctx);
void          tj_context_fill_case_query         (TjContext     *self,
                                                  TjCaseQuery   *query);
JsonObject   *tj_context_dup_organisation        (TjContext     *self);

G_END_DECLS
