/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Mediation sessions: the separate-then-joint flow, caucus confidentiality,
 * offers and gaps, outcomes, autosave under SIGKILL, the offer chart. */

#include <glib/gstdio.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "tj-case.h"
#include "tj-docgen.h"
#include "tj-json.h"
#include "tj-note-autosave.h"
#include "tj-offer-chart.h"
#include "tj-session.h"
#include "tj-settlement.h"
#include "tj-test-store.h"
#include "tj-test-util.h"

/* Typed into every caucus note and confidential offer; must never come out
 * of a shared view. */
#define SENTINEL "绝密SENTINEL-7731"

/* A store with the case tables, station "海" (tj-test-store.h). */
typedef TjTestCaseStore Fixture;

static const char wage_case[] =
  "{\"title\":\"城南工地农民工欠薪\",\"kind\":\"wage_arrears\",\"source\":\"hotline\","
  "\"received_on\":\"2026-11-16\",\"accepted_on\":\"2026-11-16\",\"knew_on\":\"2026-10-31\","
  "\"employment_ended_on\":\"2026-10-31\",\"facts\":\"完工后拖欠工资\","
  "\"employer\":{\"name\":\"华建劳务有限公司\",\"representative\":\"李经理\"},"
  "\"workers\":[{\"name\":\"张三\",\"owed_fen\":1200000},"
  "             {\"name\":\"王伟\",\"owed_fen\":980000},"
  "             {\"name\":\"欧阳娜娜\",\"owed_fen\":500000}]}";

#define add_case(f, json) tj_test_add_case ((f)->store, &(f)->ctx, (json))

static JsonObject *
start (Fixture    *f,
       const char *case_id,
       const char *kind,
       const char *side)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) input = json_object_new ();
  JsonObject *s;

  json_object_set_string_member (input, "case_id", case_id);
  json_object_set_string_member (input, "kind", kind);
  if (side)
    json_object_set_string_member (input, "party_side", side);
  s = tj_session_start (f->store, &f->ctx, input, &error);
  g_assert_no_error (error);
  g_assert_nonnull (s);
  return s;
}

static char *
note (Fixture    *f,
      const char *session_id,
      const char *json)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) input = tj_test_object (json);
  g_autoptr(JsonObject) n = tj_session_note_add (f->store, &f->ctx, session_id, input, &error);
  g_assert_no_error (error);
  return g_strdup (tj_json_get_string (n, "id", NULL));
}

static void
offer (Fixture    *f,
       const char *session_id,
       const char *json)
{
  tj_test_add_offer (f->store, &f->ctx, session_id, json);
}

static char *
to_json (JsonObject *o)
{
  return tj_json_object_to_string (o, FALSE);
}

static JsonObject *
find_issue (JsonArray  *list,
            const char *issue)
{
  for (guint i = 0; list && i < json_array_get_length (list); i++)
    {
      JsonObject *is = json_array_get_object_element (list, i);
      if (g_strcmp0 (tj_json_get_string (is, "issue", NULL), issue) == 0)
        return is;
    }
  return NULL;
}

static const char *
case_status (Fixture    *f,
             const char *case_id)
{
  static char status[32];
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) c = tj_case_show (f->store, &f->ctx, case_id, &error);
  g_assert_no_error (error);
  g_strlcpy (status, tj_json_get_string (c, "status", ""), sizeof status);
  return status;
}

static gboolean
timeline_has (Fixture    *f,
              const char *case_id,
              const char *kind)
{
  g_autoptr(JsonArray) tl = tj_case_timeline (f->store, case_id, NULL);
  for (guint i = 0; tl && i < json_array_get_length (tl); i++)
    if (g_strcmp0 (tj_json_get_string (json_array_get_object_element (tl, i), "kind", NULL), kind) == 0)
      return TRUE;
  return FALSE;
}

/* Every shared output of the case, serialised, must be free of caucus
 * text; the mediator's own view of @caucus_session must contain it (so the
 * check would notice if the sentinel were never stored). */
static void
assert_confidential (Fixture    *f,
                     const char *case_id,
                     const char *caucus_session)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) joint = tj_session_view (f->store, &f->ctx, case_id, NULL, TJ_AUDIENCE_TABLE, &error);
  g_autoptr(JsonObject) present = tj_session_view (f->store, &f->ctx, case_id, NULL, TJ_AUDIENCE_PARTIES_SCREEN, &error);
  g_autoptr(JsonObject) pub = tj_session_view (f->store, &f->ctx, case_id, NULL, TJ_AUDIENCE_DOCUMENT, &error);
  g_autoptr(JsonObject) shared_figures = tj_session_figures (f->store, case_id, TJ_AUDIENCE_TABLE, &error);
  g_autoptr(JsonObject) show = tj_case_show (f->store, &f->ctx, case_id, &error);
  g_autoptr(JsonArray) timeline = tj_case_timeline (f->store, case_id, &error);
  g_autoptr(JsonObject) mediator = tj_session_show (f->store, &f->ctx, caucus_session, &error);
  /* The caucus meeting itself, as the table would see it on the screen. */
  g_autoptr(JsonObject) meeting = tj_session_view (f->store, &f->ctx, NULL, caucus_session, TJ_AUDIENCE_TABLE, &error);
  g_autofree char *s_meeting = to_json (meeting);
  g_autoptr(JsonNode) tl_node = json_node_init_array (json_node_alloc (), timeline);
  g_autofree char *s_joint = to_json (joint);
  g_autofree char *s_present = to_json (present);
  g_autofree char *s_pub = to_json (pub);
  g_autofree char *s_fig = to_json (shared_figures);
  g_autofree char *s_show = to_json (show);
  g_autofree char *s_tl = tj_json_to_string (tl_node, FALSE);
  g_autofree char *s_mediator = to_json (mediator);
  g_autofree char *s_docgen = NULL;

  /* What document generation sees: the case with the public session model
   * merged in the way docgen reads it. */
  {
    g_autoptr(JsonObject) input = json_object_new ();
    g_autoptr(JsonObject) model = NULL;
    JsonObject *case_copy = tj_json_object_copy (show);
    json_object_set_array_member (case_copy, "sessions", json_array_ref (tj_json_get_array (pub, "sessions")));
    json_object_set_object_member (input, "case", case_copy);
    if (tj_json_get_object (pub, "outcome"))
      json_object_set_object_member (input, "outcome", tj_json_object_copy (tj_json_get_object (pub, "outcome")));
    model = tj_docgen_model_from_case (input, &error);
    g_assert_no_error (error);
    s_docgen = to_json (model);
  }

  g_assert_no_error (error);
  g_assert_null (strstr (s_joint, SENTINEL));
  g_assert_null (strstr (s_meeting, SENTINEL));
  g_assert_null (strstr (s_present, SENTINEL));
  g_assert_null (strstr (s_pub, SENTINEL));
  g_assert_null (strstr (s_fig, SENTINEL));
  g_assert_null (strstr (s_show, SENTINEL));
  g_assert_null (strstr (s_tl, SENTINEL));
  g_assert_null (strstr (s_docgen, SENTINEL));
  g_assert_nonnull (strstr (s_mediator, SENTINEL));
}

static void
test_flow (Fixture       *f,
           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *case_id = add_case (f, wage_case);
  g_autoptr(JsonObject) w1 = NULL, e1 = NULL, w2 = NULL, e2 = NULL, j = NULL;
  g_autoptr(JsonObject) view = NULL, mediator_fig = NULL, present = NULL, result = NULL;
  g_autoptr(JsonObject) released = NULL, terms = NULL, settlement = NULL, pub = NULL;
  g_autoptr(JsonObject) c = NULL;
  g_autofree char *worker_note = NULL, *share_note = NULL, *employer_note = NULL;
  const char *zhang;
  JsonObject *guidance, *is;
  JsonArray *list;
  gint64 per_worker[3] = { 0, 0, 0 };

  c = tj_case_show (f->store, &f->ctx, case_id, &error);
  g_assert_no_error (error);
  zhang = tj_json_get_string (json_array_get_object_element (tj_json_get_array (c, "workers"), 0), "id", NULL);
  g_assert_cmpstr (tj_json_get_string (c, "status", NULL), ==, "accepted");

  /* Round 1: the worker side alone; the case moves to mediating. */
  w1 = start (f, case_id, "separate", "worker");
  g_assert_cmpint (tj_json_get_int (w1, "round", 0), ==, 1);
  g_assert_cmpstr (tj_json_get_string (w1, "step", NULL), ==, "separate_worker");
  g_assert_cmpstr (case_status (f, case_id), ==, "mediating");
  g_assert_true (timeline_has (f, case_id, "session_started"));
  g_assert_true (timeline_has (f, case_id, "status"));
  guidance = tj_json_get_object (w1, "guidance");
  g_assert_cmpuint (json_array_get_length (tj_json_get_array (guidance, "ask")), >, 0);
  g_assert_cmpuint (json_array_get_length (tj_json_get_array (guidance, "law")), >, 0);
  g_assert_cmpuint (json_array_get_length (tj_json_get_array (guidance, "checklist")), ==, 5);
  /* The case's mediation deadline (§14: 15 days from receipt) is in the step. */
  g_assert_cmpstr (tj_json_get_string (json_array_get_object_element (tj_json_get_array (guidance, "deadlines"), 0),
                                       "kind", NULL), ==, "mediation");
  g_assert_nonnull (tj_json_get_string (json_array_get_object_element (tj_json_get_array (guidance, "deadlines"), 0),
                                        "date", NULL));
  g_assert_cmpstr (tj_json_get_string (w1, "suggested_next", NULL), ==, "separate_employer");
  /* The stepper: preparation behind, the worker caucus open, the employer
   * caucus suggested. */
  {
    JsonArray *flow = tj_json_get_array (w1, "flow");
    g_assert_cmpuint (json_array_get_length (flow), ==, 6);
    g_assert_true (tj_json_get_bool (json_array_get_object_element (flow, 0), "done", FALSE));
    g_assert_true (tj_json_get_bool (json_array_get_object_element (flow, 1), "current", FALSE));
    g_assert_true (tj_json_get_bool (json_array_get_object_element (flow, 2), "suggested", FALSE));
    g_assert_false (tj_json_get_bool (json_array_get_object_element (flow, 2), "done", TRUE));
  }

  /* Checklist and attendance are saved. */
  {
    g_autofree char *patch_text = g_strdup_printf ("{\"checklist\":{\"identities_checked\":true,"
                                                   "\"confidentiality_explained\":true},\"attendance\":[\"%s\"]}",
                                                   zhang);
    g_autoptr(JsonObject) patch = tj_test_object (patch_text);
    g_autoptr(JsonObject) updated = tj_session_update (f->store, &f->ctx, tj_json_get_string (w1, "id", NULL),
                                                       patch, &error);
    JsonArray *items;
    g_assert_no_error (error);
    items = tj_json_get_array (tj_json_get_object (updated, "guidance"), "checklist");
    g_assert_true (tj_json_get_bool (json_array_get_object_element (items, 0), "checked", FALSE));
    g_assert_false (tj_json_get_bool (json_array_get_object_element (items, 1), "checked", TRUE));
    g_assert_cmpstr (tj_json_get_string (json_array_get_object_element (tj_json_get_array (updated, "attendance_names"), 0),
                                         "name", NULL), ==, "张三");
  }

  worker_note = note (f, tj_json_get_string (w1, "id", NULL),
                      "{\"text\":\"工人说包工头跑了，" SENTINEL "\",\"category\":\"note\"}");
  g_free (note (f, tj_json_get_string (w1, "id", NULL),
                "{\"text\":\"春节前要拿到现金 " SENTINEL "\",\"category\":\"interest\"}"));
  share_note = note (f, tj_json_get_string (w1, "id", NULL),
                     "{\"text\":\"工人同意可以分两期付款\",\"category\":\"position\"}");
  offer (f, tj_json_get_string (w1, "id", NULL),
         "{\"by\":\"worker\",\"issue\":\"wages_owed\",\"amount_fen\":2680000,\"reason\":\"按考勤表计算\"}");
  offer (f, tj_json_get_string (w1, "id", NULL),
         "{\"by\":\"worker\",\"issue\":\"payment_date\",\"date\":\"2026-12-20\"}");

  e1 = start (f, case_id, "separate", "employer");
  g_assert_cmpint (tj_json_get_int (e1, "round", 0), ==, 1);
  g_assert_cmpstr (tj_json_get_string (e1, "step", NULL), ==, "separate_employer");
  employer_note = note (f, tj_json_get_string (e1, "id", NULL),
                        "{\"text\":\"总包拖欠工程款，" SENTINEL "\",\"category\":\"interest\"}");
  offer (f, tj_json_get_string (e1, "id", NULL),
         "{\"by\":\"employer\",\"issue\":\"wages_owed\",\"amount_fen\":1800000,\"reason\":\"部分工人已预支\"}");
  offer (f, tj_json_get_string (e1, "id", NULL),
         "{\"by\":\"employer\",\"issue\":\"payment_date\",\"date\":\"2027-01-31\"}");

  /* Round 2: shuttle. */
  w2 = start (f, case_id, "separate", "worker");
  g_assert_cmpint (tj_json_get_int (w2, "round", 0), ==, 2);
  g_assert_cmpstr (tj_json_get_string (w2, "step", NULL), ==, "shuttle");
  offer (f, tj_json_get_string (w2, "id", NULL),
         "{\"by\":\"worker\",\"issue\":\"wages_owed\",\"amount_fen\":2400000,\"reason\":\"放弃部分加班费\"}");

  e2 = start (f, case_id, "separate", "employer");
  g_assert_cmpint (tj_json_get_int (e2, "round", 0), ==, 2);
  offer (f, tj_json_get_string (e2, "id", NULL),
         "{\"by\":\"employer\",\"issue\":\"wages_owed\",\"amount_fen\":2200000}");
  /* Before the ranges meet, the gap is demand minus offer. */
  {
    g_autoptr(JsonObject) fig = tj_session_figures (f->store, case_id, TJ_AUDIENCE_TABLE, &error);
    g_assert_no_error (error);
    is = find_issue (tj_json_get_array (fig, "issues"), "wages_owed");
    g_assert_cmpint (tj_json_get_int (is, "gap_fen", 0), ==, 200000);
    g_assert_false (tj_json_get_bool (is, "crossed", TRUE));
    g_assert_cmpstr (tj_json_get_string (is, "status", NULL), ==, "open");
    is = find_issue (tj_json_get_array (fig, "issues"), "payment_date");
    g_assert_cmpint (tj_json_get_int (is, "gap_days", 0), ==, 42);
  }
  offer (f, tj_json_get_string (e2, "id", NULL),
         "{\"by\":\"employer\",\"issue\":\"wages_owed\",\"amount_fen\":2400000,\"reason\":\"总包同意先付\"}");
  /* A bottom line the employer does not want shown. */
  offer (f, tj_json_get_string (e2, "id", NULL),
         "{\"by\":\"employer\",\"issue\":\"wages_owed\",\"amount_fen\":2500000,\"visibility\":\"caucus\","
         "\"reason\":\"最多能到250万 " SENTINEL "\"}");

  /* Release one note with the worker's consent: recorded in the timeline. */
  released = tj_session_release_note (f->store, &f->ctx, share_note, zhang, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (tj_json_get_string (released, "released_with_consent_of", NULL), ==, zhang);
  g_assert_true (timeline_has (f, case_id, "note_released"));

  j = start (f, case_id, "joint", NULL);
  g_assert_cmpint (tj_json_get_int (j, "round", 0), ==, 2);
  g_assert_cmpstr (tj_json_get_string (j, "step", NULL), ==, "joint");
  g_assert_cmpuint (json_array_get_length (tj_json_get_array (tj_json_get_object (j, "guidance"), "checklist")), ==, 6);
  offer (f, tj_json_get_string (j, "id", NULL),
         "{\"by\":\"both\",\"issue\":\"payment_date\",\"date\":\"2026-12-31\"}");

  /* The joint view: crossed wages at the meeting point, the agreed date, the
   * released note; the caucus bottom line is not counted. */
  view = tj_session_view (f->store, &f->ctx, case_id, NULL, TJ_AUDIENCE_TABLE, &error);
  g_assert_no_error (error);
  is = find_issue (tj_json_get_array (view, "issues"), "wages_owed");
  g_assert_true (tj_json_get_bool (is, "crossed", FALSE));
  g_assert_cmpstr (tj_json_get_string (is, "status", NULL), ==, "crossed");
  g_assert_cmpint (tj_json_get_int (is, "meeting_point_fen", 0), ==, 2400000);
  g_assert_cmpint (tj_json_get_int (tj_json_get_object (is, "employer"), "amount_fen", 0), ==, 2400000);
  g_assert_cmpuint (json_array_get_length (tj_json_get_array (is, "rounds")), ==, 2);
  list = tj_json_get_array (view, "agreed_points");
  g_assert_cmpuint (json_array_get_length (list), ==, 1);
  g_assert_cmpstr (tj_json_get_string (json_array_get_object_element (list, 0), "date", NULL), ==, "2026-12-31");
  list = tj_json_get_array (view, "notes");
  g_assert_cmpuint (json_array_get_length (list), ==, 1);
  g_assert_cmpstr (tj_json_get_string (json_array_get_object_element (list, 0), "text", NULL), ==, "工人同意可以分两期付款");
  mediator_fig = tj_session_figures (f->store, case_id, TJ_AUDIENCE_MEDIATOR, &error);
  is = find_issue (tj_json_get_array (mediator_fig, "issues"), "wages_owed");
  /* The mediator sees the bottom line apart, marked; what was said at the
   * table stays the figure, the gap and the crossing. */
  g_assert_cmpint (tj_json_get_int (tj_json_get_object (is, "employer"), "amount_fen", 0), ==, 2400000);
  g_assert_cmpint (tj_json_get_int (tj_json_get_object (tj_json_get_object (is, "bottom_lines"), "employer"),
                                    "amount_fen", 0), ==, 2500000);
  g_assert_true (tj_json_get_bool (tj_json_get_object (tj_json_get_object (is, "bottom_lines"), "employer"),
                                   "private", FALSE));
  g_assert_cmpuint (json_array_get_length (tj_json_get_array (is, "moves")), ==, 6);

  present = tj_session_view (f->store, &f->ctx, case_id, NULL, TJ_AUDIENCE_PARTIES_SCREEN, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (json_array_get_length (tj_json_get_array (present, "items")), ==, 3);

  assert_confidential (f, case_id, tj_json_get_string (e2, "id", NULL));
  assert_confidential (f, case_id, tj_json_get_string (w1, "id", NULL));

  /* A released note's text is fixed: consent covered those words. */
  g_assert_false (tj_session_note_update (f->store, share_note, "改过的文字", &error));
  g_assert_error (error, TJ_ERROR, TJ_ERROR_CONFLICT);
  g_clear_error (&error);
  g_assert_false (tj_session_release_note (f->store, &f->ctx, share_note, NULL, &error) != NULL);
  g_assert_error (error, TJ_ERROR, TJ_ERROR_CONFLICT);
  g_clear_error (&error);
  /* An employer-side note cannot be released on the worker's say-so. */
  g_assert_null (tj_session_release_note (f->store, &f->ctx, employer_note, zhang, &error));
  g_assert_error (error, TJ_ERROR, TJ_ERROR_INVALID);
  g_clear_error (&error);

  /* Agreement: the crossed figure in two installments. */
  terms = tj_test_object ("{\"installments\":[{\"due_on\":\"2026-12-31\",\"amount_fen\":1400001},"
                          "{\"due_on\":\"2027-01-31\",\"amount_fen\":999999}]}");
  result = tj_session_end (f->store, &f->ctx, tj_json_get_string (j, "id", NULL), "agreed", NULL, terms, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (tj_json_get_string (result, "case_status", NULL), ==, "agreed");
  g_assert_cmpstr (case_status (f, case_id), ==, "agreed");
  g_assert_nonnull (tj_json_get_string (result, "settlement_id", NULL));

  settlement = tj_settlement_get (f->store, &f->ctx, case_id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (tj_json_get_string (settlement, "status", NULL), ==, "draft");
  g_assert_cmpstr (tj_json_get_string (settlement, "source_session_id", NULL), ==, tj_json_get_string (j, "id", NULL));
  g_assert_cmpint (tj_json_get_int (settlement, "total_fen", 0), ==, 2400000);
  list = tj_json_get_array (settlement, "installments");
  g_assert_cmpuint (json_array_get_length (list), ==, 2);
  for (guint k = 0; k < json_array_get_length (list); k++)
    {
      JsonObject *inst = json_array_get_object_element (list, k);
      JsonArray *alloc = tj_json_get_array (inst, "allocations");
      gint64 sum = 0;
      for (guint a = 0; a < json_array_get_length (alloc); a++)
        {
          JsonObject *al = json_array_get_object_element (alloc, a);
          const char *name = tj_json_get_string (al, "name", "");
          gint64 v = tj_json_get_int (al, "amount_fen", 0);
          sum += v;
          per_worker[g_str_equal (name, "张三") ? 0 : g_str_equal (name, "王伟") ? 1 : 2] += v;
        }
      g_assert_cmpint (sum, ==, tj_json_get_int (inst, "amount_fen", -1));
    }
  /* 2,400,000 fen over owed 1,200,000 : 980,000 : 500,000 (2,680,000):
   * 1,074,626.86 / 877,611.94 / 447,761.19 → largest remainder. */
  g_assert_cmpint (per_worker[0], ==, 1074627);
  g_assert_cmpint (per_worker[1], ==, 877612);
  g_assert_cmpint (per_worker[2], ==, 447761);
  g_assert_cmpint (per_worker[0] + per_worker[1] + per_worker[2], ==, 2400000);

  {
    g_autoptr(JsonArray) flow = tj_session_flow (f->store, case_id, &error);
    g_assert_no_error (error);
    g_assert_cmpint (tj_json_get_int (json_array_get_object_element (flow, 3), "sessions", 0), ==, 2);
    g_assert_true (tj_json_get_bool (json_array_get_object_element (flow, 4), "done", FALSE));
    g_assert_true (tj_json_get_bool (json_array_get_object_element (flow, 5), "done", FALSE));
    g_assert_true (tj_json_get_bool (json_array_get_object_element (flow, 5), "suggested", FALSE));
  }
  pub = tj_session_view (f->store, &f->ctx, case_id, NULL, TJ_AUDIENCE_DOCUMENT, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (tj_json_get_string (tj_json_get_object (pub, "outcome"), "outcome", NULL), ==, "agreed");
  g_assert_cmpuint (json_array_get_length (tj_json_get_array (pub, "sessions")), ==, 1);
  /* Papers print the days by the context's today, not the real date of
   * the timestamps: the unscheduled joint session was held, and the
   * mediation ended, on 2026-11-22. */
  g_assert_cmpstr (tj_json_get_string (json_array_get_object_element (tj_json_get_array (pub, "sessions"), 0),
                                       "date", NULL), ==, "2026-11-22");
  g_assert_cmpstr (tj_json_get_string (tj_json_get_object (pub, "outcome"), "ended_on", NULL), ==, "2026-11-22");
  assert_confidential (f, case_id, tj_json_get_string (e1, "id", NULL));

  /* Ended: no more offers, no second ending. */
  g_assert_null (tj_session_end (f->store, &f->ctx, tj_json_get_string (j, "id", NULL), "failed", "x", NULL, &error));
  g_assert_error (error, TJ_ERROR, TJ_ERROR_CONFLICT);
}

static void
test_failed (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *case_id = add_case (f, wage_case);
  g_autoptr(JsonObject) s1 = start (f, case_id, "separate", "worker");
  g_autoptr(JsonObject) s2 = NULL;
  g_autoptr(JsonObject) cont = NULL, failed = NULL, c = NULL, pub = NULL;
  JsonArray *steps;
  gboolean arbitration = FALSE, inspection = FALSE, aid = FALSE;

  /* continue: nothing changes on the case. */
  cont = tj_session_end (f->store, &f->ctx, tj_json_get_string (s1, "id", NULL), "continue", NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (case_status (f, case_id), ==, "mediating");
  g_assert_null (tj_json_get_array (cont, "next_steps"));

  s2 = start (f, case_id, "separate", "employer");
  g_assert_null (tj_session_end (f->store, &f->ctx, tj_json_get_string (s2, "id", NULL), "failed", "", NULL, &error));
  g_assert_error (error, TJ_ERROR, TJ_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_cmpstr (case_status (f, case_id), ==, "mediating");

  failed = tj_session_end (f->store, &f->ctx, tj_json_get_string (s2, "id", NULL), "failed",
                           "单位拒绝支付任何款项", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (case_status (f, case_id), ==, "failed");
  c = tj_case_show (f->store, &f->ctx, case_id, &error);
  steps = tj_json_get_array (failed, "next_steps");
  for (guint i = 0; i < json_array_get_length (steps); i++)
    {
      JsonObject *s = json_array_get_object_element (steps, i);
      const char *kind = tj_json_get_string (s, "kind", "");
      g_assert_cmpstr (tj_json_get_string (s, "from", NULL), ==, "2026-11-22");
      g_assert_cmpstr (tj_json_get_string (s, "basis", ""), !=, "");
      if (g_str_equal (kind, "arbitration"))
        {
          JsonObject *limit = tj_json_get_object (tj_json_get_object (c, "deadlines"), "arbitration_limitation");
          arbitration = TRUE;
          g_assert_nonnull (tj_json_get_string (s, "by", NULL));
          g_assert_cmpstr (tj_json_get_string (s, "by", NULL), ==, tj_json_get_string (limit, "date", "x"));
        }
      else if (g_str_equal (kind, "labour_inspection"))
        inspection = TRUE;
      else if (g_str_equal (kind, "legal_aid"))
        {
          aid = TRUE;
          g_assert_true (tj_json_get_bool (s, "means_test_exempt", FALSE));
        }
    }
  g_assert_true (arbitration && inspection && aid);

  pub = tj_session_view (f->store, &f->ctx, case_id, NULL, TJ_AUDIENCE_DOCUMENT, &error);
  g_assert_cmpstr (tj_json_get_string (tj_json_get_object (pub, "outcome"), "reason", NULL), ==, "单位拒绝支付任何款项");
  g_assert_cmpstr (tj_json_get_string (tj_json_get_object (pub, "outcome"), "ended_on", NULL), ==,
                   tj_json_get_string (c, "ended_on", NULL));
  g_assert_cmpstr (tj_json_get_string (tj_json_get_object (pub, "outcome"), "ended_on", NULL), ==, "2026-11-22");
  /* A failed case takes no new sessions. */
  {
    g_autoptr(JsonObject) input = tj_test_object ("{\"kind\":\"joint\"}");
    json_object_set_string_member (input, "case_id", case_id);
    g_assert_null (tj_session_start (f->store, &f->ctx, input, &error));
    g_assert_error (error, TJ_ERROR, TJ_ERROR_CONFLICT);
  }
}

/* A meeting is separate or joint; anything else is refused, naming it. */
static void
test_start_kind (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *case_id = add_case (f, wage_case);
  g_autoptr(JsonObject) input = tj_test_object ("{\"kind\":\"mediation\"}");
  g_autoptr(JsonObject) joint = NULL;

  json_object_set_string_member (input, "case_id", case_id);
  g_assert_null (tj_session_start (f->store, &f->ctx, input, &error));
  g_assert_error (error, TJ_ERROR, TJ_ERROR_INVALID);
  g_assert_cmpstr (error->message, ==, "kind: “mediation” is not separate or joint");
  joint = start (f, case_id, "joint", NULL);
  g_assert_cmpstr (tj_json_get_string (joint, "kind", NULL), ==, "joint");
}

static JsonObject *
show (Fixture    *f,
      const char *session_id)
{
  g_autoptr(GError) error = NULL;
  JsonObject *s = tj_session_show (f->store, &f->ctx, session_id, &error);

  g_assert_no_error (error);
  return s;
}

static gboolean
timer_running (JsonObject *session)
{
  return tj_json_get_bool (tj_json_get_object (session, "timer"), "running", FALSE);
}

/* One meeting at a time: a meeting started for today runs its clock and
 * ends the one before it; one scheduled for another day changes nothing;
 * an agreement leaves no meeting open. Each is one write. */
static void
test_start_meeting (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *case_id = add_case (f, wage_case);
  g_autoptr(JsonObject) input = json_object_new ();
  g_autoptr(JsonObject) worker = NULL, employer = NULL, later = NULL, joint = NULL, end = NULL;
  g_autoptr(JsonObject) w = NULL, e = NULL, l = NULL, bad = NULL;
  g_autoptr(JsonObject) terms = tj_test_object ("{\"total_fen\":2680000,\"due_on\":\"2026-12-31\"}");
  gint64 seq;

  json_object_set_string_member (input, "case_id", case_id);
  json_object_set_string_member (input, "kind", "separate");
  json_object_set_string_member (input, "party_side", "worker");
  worker = tj_session_start_meeting (f->store, &f->ctx, input, &error);
  g_assert_no_error (error);
  g_assert_true (timer_running (worker));
  g_assert_false (json_object_has_member (worker, "ended_at"));

  /* Today's date given explicitly is "for today" as well. */
  json_object_set_string_member (input, "party_side", "employer");
  json_object_set_string_member (input, "scheduled_on", f->ctx.today);
  seq = tj_store_get_update_seq (f->store);
  employer = tj_session_start_meeting (f->store, &f->ctx, input, &error);
  g_assert_no_error (error);
  g_assert_true (timer_running (employer));
  w = show (f, tj_json_get_string (worker, "id", NULL));
  g_assert_cmpstr (tj_json_get_string (w, "outcome", NULL), ==, "continue");
  g_assert_false (timer_running (w));
  /* The new session, its timer, the worker's end and their events: the
   * sequence moved, and a failure would have undone all of it (below). */
  g_assert_cmpint (tj_store_get_update_seq (f->store), >, seq);

  /* Another day: only scheduled; the employer's meeting goes on. */
  json_object_set_string_member (input, "scheduled_on", "2026-11-30");
  later = tj_session_start_meeting (f->store, &f->ctx, input, &error);
  g_assert_no_error (error);
  g_assert_false (timer_running (later));
  e = show (f, tj_json_get_string (employer, "id", NULL));
  g_assert_false (json_object_has_member (e, "ended_at"));
  g_assert_true (timer_running (e));

  /* A start that fails writes nothing and ends nothing. */
  seq = tj_store_get_update_seq (f->store);
  bad = tj_test_object ("{\"kind\":\"separate\",\"party_side\":\"worker\",\"place\":7}");
  json_object_set_string_member (bad, "case_id", case_id);
  g_assert_null (tj_session_start_meeting (f->store, &f->ctx, bad, &error));
  g_assert_error (error, TJ_ERROR, TJ_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_cmpint (tj_store_get_update_seq (f->store), ==, seq);

  /* Agreement at a joint meeting: no meeting stays open, not even the one
   * scheduled for later, in the same write as the agreement. */
  json_object_remove_member (input, "scheduled_on");
  json_object_remove_member (input, "party_side");
  json_object_set_string_member (input, "kind", "joint");
  joint = tj_session_start_meeting (f->store, &f->ctx, input, &error);
  g_assert_no_error (error);
  g_clear_pointer (&e, json_object_unref);
  e = show (f, tj_json_get_string (employer, "id", NULL));
  g_assert_cmpstr (tj_json_get_string (e, "outcome", NULL), ==, "continue");
  end = tj_session_end (f->store, &f->ctx, tj_json_get_string (joint, "id", NULL), "agreed", NULL, terms, &error);
  g_assert_no_error (error);
  l = show (f, tj_json_get_string (later, "id", NULL));
  g_assert_cmpstr (tj_json_get_string (l, "outcome", NULL), ==, "continue");
  g_assert_cmpstr (case_status (f, case_id), ==, "agreed");
}

static void
test_validation (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *case_id = add_case (f, wage_case);
  g_autoptr(JsonObject) s = NULL;
  const char *sid;
  gint64 seq;

  {
    g_autoptr(JsonObject) input = tj_test_object ("{\"kind\":\"separate\"}");
    json_object_set_string_member (input, "case_id", case_id);
    g_assert_null (tj_session_start (f->store, &f->ctx, input, &error));
    g_assert_error (error, TJ_ERROR, TJ_ERROR_INVALID);
    g_assert_nonnull (strstr (error->message, "party_side"));
    g_clear_error (&error);
    g_assert_cmpstr (case_status (f, case_id), ==, "accepted");
  }
  {
    g_autoptr(JsonObject) input = tj_test_object ("{\"kind\":\"separate\",\"party_side\":\"worker\",\"scheduled_on\":\"2026-02-30\"}");
    json_object_set_string_member (input, "case_id", case_id);
    g_assert_null (tj_session_start (f->store, &f->ctx, input, &error));
    g_assert_error (error, TJ_ERROR, TJ_ERROR_INVALID);
    g_assert_nonnull (strstr (error->message, "scheduled_on"));
    g_clear_error (&error);
  }
  {
    g_autoptr(JsonObject) input = tj_test_object ("{\"kind\":\"separate\",\"party_side\":\"worker\",\"scheduled_on\":\"2026-11-25\","
                                                  "\"scheduled_time\":\"19:00\",\"place\":\"法律夜市\"}");
    json_object_set_string_member (input, "case_id", case_id);
    s = tj_session_start (f->store, &f->ctx, input, &error);
    g_assert_no_error (error);
  }
  sid = tj_json_get_string (s, "id", NULL);
  {
    g_autoptr(JsonArray) up = tj_session_upcoming (f->store, "2026-11-22", 7, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (json_array_get_length (up), ==, 1);
    g_assert_cmpstr (tj_json_get_string (json_array_get_object_element (up, 0), "case_title", NULL), ==, "城南工地农民工欠薪");
    json_array_unref (g_steal_pointer (&up));
    up = tj_session_upcoming (f->store, "2026-11-26", 7, &error);
    g_assert_cmpuint (json_array_get_length (up), ==, 0);
  }

  /* Bad input changes nothing. */
  seq = tj_store_get_update_seq (f->store);
  {
    g_autoptr(JsonObject) bad = tj_test_object ("{\"by\":\"worker\",\"issue\":\"wages_owed\",\"amount_fen\":-5}");
    g_assert_null (tj_session_offer_add (f->store, &f->ctx, sid, bad, &error));
    g_assert_error (error, TJ_ERROR, TJ_ERROR_INVALID);
    g_assert_nonnull (strstr (error->message, "amount_fen"));
    g_clear_error (&error);
  }
  {
    g_autoptr(JsonObject) bad = tj_test_object ("{\"by\":\"worker\",\"issue\":\"bonus\",\"amount_fen\":5}");
    g_assert_null (tj_session_offer_add (f->store, &f->ctx, sid, bad, &error));
    g_assert_error (error, TJ_ERROR, TJ_ERROR_INVALID);
    g_clear_error (&error);
  }
  {
    g_autoptr(JsonObject) bad = tj_test_object ("{\"checklist\":{\"identities_checked\":true,\"coffee\":true}}");
    g_assert_null (tj_session_update (f->store, &f->ctx, sid, bad, &error));
    g_assert_error (error, TJ_ERROR, TJ_ERROR_INVALID);
    g_assert_nonnull (strstr (error->message, "coffee"));
    g_clear_error (&error);
  }
  {
    g_autoptr(JsonObject) bad = tj_test_object ("{\"attendance\":[\"nobody\"]}");
    g_assert_null (tj_session_update (f->store, &f->ctx, sid, bad, &error));
    g_assert_error (error, TJ_ERROR, TJ_ERROR_INVALID);
    g_clear_error (&error);
  }
  {
    g_autoptr(JsonObject) bad = tj_test_object ("{\"text\":\"x\",\"visibility\":\"public\"}");
    g_assert_null (tj_session_note_add (f->store, &f->ctx, sid, bad, &error));
    g_assert_error (error, TJ_ERROR, TJ_ERROR_INVALID);
    g_clear_error (&error);
  }
  g_assert_null (tj_session_end (f->store, &f->ctx, sid, "maybe", NULL, NULL, &error));
  g_assert_error (error, TJ_ERROR, TJ_ERROR_INVALID);
  g_clear_error (&error);
  /* Agreed with nothing agreed and no terms: named, and nothing written. */
  g_assert_null (tj_session_end (f->store, &f->ctx, sid, "agreed", NULL, NULL, &error));
  g_assert_error (error, TJ_ERROR, TJ_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "terms.total_fen"));
  g_clear_error (&error);
  g_assert_cmpint (tj_store_get_update_seq (f->store), ==, seq);

  /* A joint note is already shared: nothing to release. */
  {
    g_autofree char *n = note (f, sid, "{\"text\":\"双方都在\",\"visibility\":\"joint\"}");
    g_assert_null (tj_session_release_note (f->store, &f->ctx, n, NULL, &error));
    g_assert_error (error, TJ_ERROR, TJ_ERROR_INVALID);
    g_clear_error (&error);
  }

  /* Timer with pause. */
  {
    g_autoptr(GDateTime) t0 = g_date_time_new_utc (2026, 11, 25, 11, 0, 0);
    g_autoptr(GDateTime) t90 = g_date_time_add_seconds (t0, 90);
    g_autoptr(GDateTime) t100 = g_date_time_add_seconds (t0, 100);
    g_autoptr(GDateTime) t130 = g_date_time_add_seconds (t0, 130);
    g_autoptr(JsonObject) a = tj_session_timer (f->store, sid, "start", t0, &error);
    g_autoptr(JsonObject) b = tj_session_timer (f->store, sid, "pause", t90, &error);
    g_autoptr(JsonObject) c = tj_session_timer (f->store, sid, "start", t100, &error);
    g_autoptr(JsonObject) doc = tj_store_get (f->store, sid, NULL, TJ_GET_NONE, &error);
    g_assert_no_error (error);
    g_assert_true (tj_json_get_bool (a, "running", FALSE));
    g_assert_cmpint (tj_json_get_int (b, "elapsed_seconds", 0), ==, 90);
    g_assert_false (tj_json_get_bool (b, "running", TRUE));
    g_assert_cmpint (tj_session_timer_elapsed (doc, t130), ==, 120);
    g_assert_true (tj_json_get_bool (c, "running", FALSE));
  }

  /* A session with notes took place: it cannot be cancelled. One that was
   * only scheduled can, with a reason, and leaves the agenda. */
  g_assert_false (tj_session_cancel (f->store, &f->ctx, sid, "改期", &error));
  g_assert_error (error, TJ_ERROR, TJ_ERROR_CONFLICT);
  g_clear_error (&error);
  {
    g_autoptr(JsonObject) input = tj_test_object ("{\"kind\":\"joint\",\"scheduled_on\":\"2026-11-27\",\"place\":\"工会调解室\"}");
    g_autoptr(JsonObject) later = NULL;
    g_autoptr(JsonArray) up = NULL;
    json_object_set_string_member (input, "case_id", case_id);
    later = tj_session_start (f->store, &f->ctx, input, &error);
    g_assert_no_error (error);
    g_assert_false (tj_session_cancel (f->store, &f->ctx, tj_json_get_string (later, "id", NULL), "", &error));
    g_assert_error (error, TJ_ERROR, TJ_ERROR_INVALID);
    g_clear_error (&error);
    g_assert_true (tj_session_cancel (f->store, &f->ctx, tj_json_get_string (later, "id", NULL), "单位代表出差", &error));
    g_assert_no_error (error);
    g_assert_true (timeline_has (f, case_id, "session_cancelled"));
    up = tj_session_upcoming (f->store, "2026-11-26", 7, &error);
    g_assert_cmpuint (json_array_get_length (up), ==, 0);
    json_array_unref (g_steal_pointer (&up));
    up = tj_session_list (f->store, case_id, &error);
    g_assert_cmpuint (json_array_get_length (up), ==, 1);
  }
}


/* Offers of @issue in @figures, as "side:amount" in the order named. */
static char *
moves_text (JsonObject *figures,
            const char *issue)
{
  JsonArray *moves = tj_json_get_array (find_issue (tj_json_get_array (figures, "issues"), issue), "moves");
  GString *s = g_string_new (NULL);

  for (guint i = 0; moves && i < json_array_get_length (moves); i++)
    {
      JsonObject *m = json_array_get_object_element (moves, i);
      g_assert_cmpint (tj_json_get_int (m, "n", 0), ==, i + 1);
      g_string_append_printf (s, "%s%s:%" G_GINT64_FORMAT "%s", i ? " " : "", tj_json_get_string (m, "side", ""),
                              tj_json_get_int (m, "amount_fen", 0) / 100,
                              tj_json_get_bool (m, "private", FALSE) ? "!" : "");
    }
  return g_string_free (s, FALSE);
}

/* The issue's example, in two rounds of two caucuses and a joint session
 * each, starting in the worker's caucus @w1: worker 1,106,050 → 900,000,
 * employer 600,000 → 850,000, agreed at 875,000; bottom lines 860,000
 * (worker) and 880,000 (employer) told in caucus. */
static void
example_negotiation (Fixture    *f,
                     const char *case_id,
                     JsonObject *w1)
{
  g_autoptr(JsonObject) e1 = NULL, j1 = NULL, w2 = NULL, e2 = NULL, j2 = NULL;

  offer (f, tj_json_get_string (w1, "id", NULL), "{\"by\":\"worker\",\"issue\":\"wages_owed\",\"amount_fen\":110605000}");
  offer (f, tj_json_get_string (w1, "id", NULL),
         "{\"by\":\"worker\",\"issue\":\"wages_owed\",\"amount_fen\":86000000,\"visibility\":\"caucus\","
         "\"reason\":\"最低能接受 " SENTINEL "\"}");
  e1 = start (f, case_id, "separate", "employer");
  offer (f, tj_json_get_string (e1, "id", NULL), "{\"by\":\"employer\",\"issue\":\"wages_owed\",\"amount_fen\":60000000}");
  offer (f, tj_json_get_string (e1, "id", NULL),
         "{\"by\":\"employer\",\"issue\":\"wages_owed\",\"amount_fen\":88000000,\"visibility\":\"caucus\"}");
  j1 = start (f, case_id, "joint", NULL);
  offer (f, tj_json_get_string (j1, "id", NULL), "{\"by\":\"worker\",\"issue\":\"wages_owed\",\"amount_fen\":100000000}");
  offer (f, tj_json_get_string (j1, "id", NULL), "{\"by\":\"employer\",\"issue\":\"wages_owed\",\"amount_fen\":70000000}");
  w2 = start (f, case_id, "separate", "worker");
  offer (f, tj_json_get_string (w2, "id", NULL), "{\"by\":\"worker\",\"issue\":\"wages_owed\",\"amount_fen\":95000000}");
  e2 = start (f, case_id, "separate", "employer");
  offer (f, tj_json_get_string (e2, "id", NULL), "{\"by\":\"employer\",\"issue\":\"wages_owed\",\"amount_fen\":80000000}");
  j2 = start (f, case_id, "joint", NULL);
  offer (f, tj_json_get_string (j2, "id", NULL), "{\"by\":\"worker\",\"issue\":\"wages_owed\",\"amount_fen\":90000000}");
  offer (f, tj_json_get_string (j2, "id", NULL), "{\"by\":\"employer\",\"issue\":\"wages_owed\",\"amount_fen\":85000000}");
  offer (f, tj_json_get_string (j2, "id", NULL), "{\"by\":\"both\",\"issue\":\"wages_owed\",\"amount_fen\":87500000}");

}

/* The issue's example: the worker side comes down from 1,106,050 to
 * 900,000, the employer goes up from 600,000 to 850,000 over two caucuses
 * and a joint session per round, and they agree at 875,000; each side told
 * the mediator a bottom line in caucus. Every figure stays, in order, with
 * its step; the bottom lines reach the mediator alone. */
static void
test_negotiation_record (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *case_id = add_case (f, wage_case);
  g_autoptr(JsonObject) w1 = start (f, case_id, "separate", "worker");
  g_autoptr(JsonObject) table = NULL, mediator = NULL, screen = NULL, doc = NULL;
  g_autofree char *table_moves = NULL, *mediator_moves = NULL, *s_table = NULL, *s_screen = NULL, *s_doc = NULL;
  JsonObject *is;
  JsonArray *list;
  static const char * const steps[] = {
    "separate_worker", "separate_employer", "joint", "joint", "shuttle", "shuttle", "joint", "joint", "joint",
  };
  static const gint64 gaps[] = { 506050, 400000, 300000, 250000, 150000, 100000, 50000 };

  example_negotiation (f, case_id, w1);

  /* The table: every figure said in the open, in order, none replaced. */
  table = tj_session_figures (f->store, case_id, TJ_AUDIENCE_TABLE, &error);
  g_assert_no_error (error);
  table_moves = moves_text (table, "wages_owed");
  g_assert_cmpstr (table_moves, ==,
                   "worker:1106050 employer:600000 worker:1000000 employer:700000 worker:950000 employer:800000 "
                   "worker:900000 employer:850000 agreed:875000");
  is = find_issue (tj_json_get_array (table, "issues"), "wages_owed");
  list = tj_json_get_array (is, "moves");
  for (guint i = 0; i < G_N_ELEMENTS (steps); i++)
    {
      JsonObject *m = json_array_get_object_element (list, i);
      g_assert_cmpstr (tj_json_get_string (m, "step", NULL), ==, steps[i]);
      g_assert_nonnull (tj_json_get_string (m, "session_id", NULL));
      g_assert_nonnull (tj_json_get_string (m, "at", NULL));
      g_assert_false (json_object_has_member (m, "private"));
    }
  /* Rounds are groups of moves: a caucus each and a joint session. */
  list = tj_json_get_array (is, "rounds");
  g_assert_cmpuint (json_array_get_length (list), ==, 2);
  g_assert_cmpint (tj_json_get_int (json_array_get_object_element (list, 0), "first", 0), ==, 1);
  g_assert_cmpint (tj_json_get_int (json_array_get_object_element (list, 0), "last", 0), ==, 4);
  g_assert_cmpuint (json_array_get_length (tj_json_get_array (json_array_get_object_element (list, 0), "steps")), ==, 3);
  g_assert_cmpint (tj_json_get_int (json_array_get_object_element (list, 1), "first", 0), ==, 5);
  g_assert_cmpint (tj_json_get_int (json_array_get_object_element (list, 1), "last", 0), ==, 9);
  /* The gap over time, narrowing with every move. */
  list = tj_json_get_array (is, "gaps");
  g_assert_cmpuint (json_array_get_length (list), ==, G_N_ELEMENTS (gaps));
  for (guint i = 0; i < G_N_ELEMENTS (gaps); i++)
    {
      g_assert_cmpint (tj_json_get_int (json_array_get_object_element (list, i), "gap_fen", 0), ==, gaps[i] * 100);
      g_assert_cmpint (tj_json_get_int (json_array_get_object_element (list, i), "n", 0), ==, i + 2);
    }
  g_assert_cmpstr (tj_json_get_string (is, "status", NULL), ==, "agreed");
  g_assert_cmpint (tj_json_get_int (tj_json_get_object (is, "agreed"), "amount_fen", 0), ==, 87500000);
  g_assert_false (json_object_has_member (is, "bottom_lines"));
  g_assert_false (json_object_has_member (is, "crossing"));
  s_table = to_json (table);
  g_assert_null (strstr (s_table, SENTINEL));
  g_assert_null (strstr (s_table, "86000000"));
  g_assert_null (strstr (s_table, "88000000"));

  /* The mediator: the same, and the two bottom lines in their places. */
  mediator = tj_session_figures (f->store, case_id, TJ_AUDIENCE_MEDIATOR, &error);
  g_assert_no_error (error);
  mediator_moves = moves_text (mediator, "wages_owed");
  g_assert_cmpstr (mediator_moves, ==,
                   "worker:1106050 worker:860000! employer:600000 employer:880000! worker:1000000 employer:700000 "
                   "worker:950000 employer:800000 worker:900000 employer:850000 agreed:875000");
  is = find_issue (tj_json_get_array (mediator, "issues"), "wages_owed");
  g_assert_cmpint (tj_json_get_int (tj_json_get_object (tj_json_get_object (is, "bottom_lines"), "worker"),
                                    "amount_fen", 0), ==, 86000000);
  g_assert_cmpint (tj_json_get_int (tj_json_get_object (tj_json_get_object (is, "bottom_lines"), "employer"),
                                    "amount_fen", 0), ==, 88000000);
  /* A bottom line moves neither the gap nor the status. */
  g_assert_cmpuint (json_array_get_length (tj_json_get_array (is, "gaps")), ==, G_N_ELEMENTS (gaps));

  /* The other audiences see the table's figures. */
  screen = tj_session_view (f->store, &f->ctx, case_id, NULL, TJ_AUDIENCE_PARTIES_SCREEN, &error);
  g_assert_no_error (error);
  doc = tj_session_view (f->store, &f->ctx, case_id, NULL, TJ_AUDIENCE_DOCUMENT, &error);
  g_assert_no_error (error);
  s_screen = to_json (screen);
  s_doc = to_json (doc);
  g_assert_null (strstr (s_screen, SENTINEL));
  g_assert_null (strstr (s_doc, SENTINEL));
  g_assert_null (strstr (s_screen, "860,000.00"));
  g_assert_null (strstr (s_doc, "86000000"));
  g_assert_cmpuint (json_array_get_length (tj_json_get_array (find_issue (tj_json_get_array (doc, "figures"), "wages_owed"),
                                                              "moves")), ==, 9);
}

/* The ranges cross at a move, which the record names; an offer written
 * before offers kept their step still shows, with its session's step. */
static void
test_crossing_and_old_offers (Fixture       *f,
                              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *case_id = add_case (f, wage_case);
  g_autoptr(JsonObject) w = start (f, case_id, "separate", "worker");
  g_autoptr(JsonObject) j = NULL, figures = NULL, old = json_object_new ();
  g_autofree char *old_id = NULL;
  g_autofree char *rev = NULL;
  g_autofree char *text = NULL;
  JsonObject *is, *crossing, *first;

  /* As offers were stored before: no step, earlier than the rest. */
  json_object_set_string_member (old, "type", "offer");
  json_object_set_string_member (old, "session_id", tj_json_get_string (w, "id", NULL));
  json_object_set_string_member (old, "case_id", case_id);
  json_object_set_string_member (old, "side", "worker");
  json_object_set_string_member (old, "issue", "wages_owed");
  json_object_set_int_member (old, "amount_fen", 120000000);
  json_object_set_int_member (old, "round", 1);
  json_object_set_string_member (old, "visibility", "joint");
  json_object_set_string_member (old, "created_at", "2026-11-16T02:00:00.000000Z");
  rev = tj_store_put (f->store, old, &old_id, &error);
  g_assert_no_error (error);

  offer (f, tj_json_get_string (w, "id", NULL), "{\"by\":\"worker\",\"issue\":\"wages_owed\",\"amount_fen\":100000000}");
  j = start (f, case_id, "joint", NULL);
  offer (f, tj_json_get_string (j, "id", NULL), "{\"by\":\"employer\",\"issue\":\"wages_owed\",\"amount_fen\":80000000}");
  offer (f, tj_json_get_string (j, "id", NULL), "{\"by\":\"employer\",\"issue\":\"wages_owed\",\"amount_fen\":100000000}");
  offer (f, tj_json_get_string (j, "id", NULL), "{\"by\":\"worker\",\"issue\":\"wages_owed\",\"amount_fen\":95000000}");

  figures = tj_session_figures (f->store, case_id, TJ_AUDIENCE_TABLE, &error);
  g_assert_no_error (error);
  text = moves_text (figures, "wages_owed");
  g_assert_cmpstr (text, ==, "worker:1200000 worker:1000000 employer:800000 employer:1000000 worker:950000");
  is = find_issue (tj_json_get_array (figures, "issues"), "wages_owed");
  first = json_array_get_object_element (tj_json_get_array (is, "moves"), 0);
  g_assert_cmpstr (tj_json_get_string (first, "offer_id", NULL), ==, old_id);
  g_assert_cmpstr (tj_json_get_string (first, "step", NULL), ==, "separate_worker");
  /* Crossed when the employer's 1,000,000 reached the demand (move 4);
   * the worker's later 950,000 keeps it crossed at the lower figure. */
  crossing = tj_json_get_object (is, "crossing");
  g_assert_nonnull (crossing);
  g_assert_cmpint (tj_json_get_int (crossing, "n", 0), ==, 4);
  g_assert_cmpstr (tj_json_get_string (crossing, "step", NULL), ==, "joint");
  g_assert_cmpint (tj_json_get_int (crossing, "meeting_point_fen", 0), ==, 100000000);
  g_assert_cmpstr (tj_json_get_string (is, "status", NULL), ==, "crossed");
  g_assert_cmpint (tj_json_get_int (is, "meeting_point_fen", 0), ==, 95000000);
  g_assert_cmpint (tj_json_get_int (is, "gap_fen", 1), ==, -5000000);
}

static void
test_audiences (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) caucus_note = tj_test_object ("{\"type\":\"note\",\"visibility\":\"caucus\",\"category\":\"interest\"}");
  g_autoptr(JsonObject) released = tj_test_object ("{\"type\":\"note\",\"visibility\":\"caucus\",\"released_at\":\"2026-11-22T01:00:00Z\","
                                                   "\"released_with_consent_of\":\"worker\"}");
  g_autoptr(JsonObject) joint_note = tj_test_object ("{\"type\":\"note\",\"visibility\":\"joint\"}");
  g_autoptr(JsonObject) bottom = tj_test_object ("{\"type\":\"offer\",\"visibility\":\"caucus\"}");
  g_autoptr(JsonObject) said = tj_test_object ("{\"type\":\"offer\",\"visibility\":\"joint\"}");
  g_autoptr(JsonObject) old = tj_test_object ("{\"type\":\"offer\"}");
  g_autoptr(JsonObject) caucus = tj_test_object ("{\"type\":\"session\",\"kind\":\"separate\"}");
  g_autoptr(JsonObject) joint = tj_test_object ("{\"type\":\"session\",\"kind\":\"joint\"}");
  g_autoptr(JsonObject) other = tj_test_object ("{\"type\":\"party\"}");
  TjAudience a;

  for (a = TJ_AUDIENCE_MEDIATOR; a <= TJ_AUDIENCE_DOCUMENT; a++)
    {
      gboolean mediator = a == TJ_AUDIENCE_MEDIATOR;
      TjAudience back;
      g_assert_true (tj_audience_from_string (tj_audience_to_string (a), &back, &error));
      g_assert_cmpint (back, ==, a);
      g_assert_true (tj_audience_may_see (a, caucus_note) == mediator);
      g_assert_true (tj_audience_may_see (a, bottom) == mediator);
      g_assert_true (tj_audience_may_see (a, released));
      g_assert_true (tj_audience_may_see (a, joint_note));
      g_assert_true (tj_audience_may_see (a, said));
      g_assert_true (tj_audience_may_see (a, old));
      g_assert_true (tj_audience_may_see (a, joint));
      g_assert_true (tj_audience_may_see (a, caucus) == (mediator || a == TJ_AUDIENCE_TABLE));
      g_assert_true (tj_audience_may_see (a, other) == mediator);
    }
  g_assert_false (tj_audience_from_string ("everyone", &a, &error));
  g_assert_error (error, TJ_ERROR, TJ_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "everyone"));
}

static void
test_explicit_terms (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *case_id = add_case (f, wage_case);
  g_autoptr(JsonObject) j = start (f, case_id, "joint", NULL);
  g_autoptr(JsonObject) c = tj_case_show (f->store, &f->ctx, case_id, &error);
  g_autoptr(JsonObject) result = NULL;
  g_autoptr(JsonObject) settlement = NULL;
  JsonArray *workers = tj_json_get_array (c, "workers");
  const char *w1 = tj_json_get_string (json_array_get_object_element (workers, 0), "id", NULL);
  const char *w3 = tj_json_get_string (json_array_get_object_element (workers, 2), "id", NULL);
  const char *employer = tj_json_get_string (tj_json_get_object (c, "employer"), "id", NULL);
  const char *sid = tj_json_get_string (j, "id", NULL);
  gint64 seq;
  JsonArray *alloc;

  /* Installments that do not add up: named, and nothing written. */
  seq = tj_store_get_update_seq (f->store);
  {
    g_autofree char *text = g_strdup_printf ("{\"workers\":[{\"worker_id\":\"%s\",\"amount_fen\":1000}],"
                                             "\"installments\":[{\"due_on\":\"2026-12-01\",\"amount_fen\":999}]}", w1);
    g_autoptr(JsonObject) bad = tj_test_object (text);
    g_assert_null (tj_session_end (f->store, &f->ctx, sid, "agreed", NULL, bad, &error));
    g_assert_error (error, TJ_ERROR, TJ_ERROR_INVALID);
    g_assert_nonnull (strstr (error->message, "terms.installments"));
    g_clear_error (&error);
  }
  {
    g_autoptr(JsonObject) bad = tj_test_object ("{\"workers\":[{\"worker_id\":\"nobody\",\"amount_fen\":1000}],"
                                                "\"due_on\":\"2026-12-01\"}");
    g_assert_null (tj_session_end (f->store, &f->ctx, sid, "agreed", NULL, bad, &error));
    g_assert_error (error, TJ_ERROR, TJ_ERROR_INVALID);
    g_assert_nonnull (strstr (error->message, "terms.workers[0].worker_id"));
    g_clear_error (&error);
  }
  g_assert_cmpint (tj_store_get_update_seq (f->store), ==, seq);
  g_assert_cmpstr (case_status (f, case_id), ==, "mediating");

  /* Amounts per worker as agreed: no split, only those workers paid. */
  {
    g_autofree char *text = g_strdup_printf ("{\"workers\":[{\"worker_id\":\"%s\",\"amount_fen\":1000},"
                                             "{\"worker_id\":\"%s\",\"amount_fen\":2001}],"
                                             "\"payer\":{\"party_id\":\"%s\"},\"method\":\"cash\","
                                             "\"due_on\":\"2026-12-01\",\"terms\":[\"当场支付现金\"]}",
                                             w1, w3, employer);
    g_autoptr(JsonObject) terms = tj_test_object (text);
    result = tj_session_end (f->store, &f->ctx, sid, "agreed", "当场达成", terms, &error);
    g_assert_no_error (error);
  }
  settlement = tj_settlement_get (f->store, &f->ctx, case_id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (tj_json_get_int (settlement, "total_fen", 0), ==, 3001);
  g_assert_cmpstr (tj_json_get_string (settlement, "method", NULL), ==, "cash");
  g_assert_cmpstr (tj_json_get_string (tj_json_get_object (settlement, "payer"), "party_id", NULL), ==, employer);
  alloc = tj_json_get_array (json_array_get_object_element (tj_json_get_array (settlement, "installments"), 0),
                             "allocations");
  g_assert_cmpuint (json_array_get_length (alloc), ==, 2);
  g_assert_cmpint (tj_json_get_int (json_array_get_object_element (alloc, 1), "amount_fen", 0), ==, 2001);
  g_assert_cmpstr (json_array_get_string_element (tj_json_get_array (settlement, "terms"), 0), ==, "当场支付现金");
  g_assert_cmpstr (case_status (f, case_id), ==, "agreed");
}

/* ------------------------------------------------------------------ */
/* Autosave survives SIGKILL                                            */

/* The text the "typist" has written after @len characters. */
static char *
typed_text (guint note_no,
            guint len)
{
  GString *s = g_string_new (NULL);
  for (guint i = 0; s->len < len; i++)
    g_string_append_printf (s, "%c", 'a' + (note_no * 7 + i) % 26);
  return g_string_free (s, FALSE);
}

/* How many autosaves the writer reports done before it is killed. */
#define CRASH_AFTER_WRITES 60

static void
test_autosave_crash (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *case_id = add_case (f, wage_case);
  g_autoptr(JsonObject) s = start (f, case_id, "separate", "worker");
  g_autofree char *sid = g_strdup (tj_json_get_string (s, "id", NULL));
  g_autofree char *log_path = g_build_filename (f->dir, "typed.log", NULL);
  int done[2];
  pid_t pid;
  guint checked = 0;

  g_clear_object (&f->store);
  g_assert_cmpint (pipe (done), ==, 0);
  pid = fork ();
  g_assert_cmpint (pid, >=, 0);
  if (pid == 0)
    {
      /* The GUI's autosave: a note per topic, rewritten on every pause in
       * typing. Each write is logged after it returned, then reported on
       * the pipe; the writer goes on until it is killed. */
      TjStore *store = tj_store_open (f->path, NULL);
      FILE *log = fopen (log_path, "w");
      char *id = NULL;

      close (done[0]);
      for (guint i = 0; store && log; i++)
        {
          guint note_no = i / 40, len = (i % 40) * 3 + 1;
          g_autofree char *text = typed_text (note_no, len);
          if (i % 40 == 0)
            {
              g_autoptr(JsonObject) in = json_object_new ();
              g_autoptr(JsonObject) n = NULL;
              json_object_set_string_member (in, "text", text);
              n = tj_session_note_add (store, NULL, sid, in, NULL);
              if (n == NULL)
                _exit (2);
              g_free (id);
              id = g_strdup (tj_json_get_string (n, "id", NULL));
            }
          else if (!tj_session_note_update (store, id, text, NULL))
            _exit (3);
          fprintf (log, "%s %u %u\n", id, note_no, len);
          fflush (log);
          if (write (done[1], "w", 1) != 1)
            _exit (4);
        }
      _exit (1);
    }
  /* Killed in the middle of its writing, once it has done enough of it:
   * however slow the machine, the same point in the work. */
  close (done[1]);
  for (guint reported = 0; reported < CRASH_AFTER_WRITES;)
    {
      char byte;
      ssize_t n = read (done[0], &byte, 1);

      if (n < 0 && errno == EINTR)
        continue;
      g_assert_cmpint (n, ==, 1);
      reported++;
    }
  kill (pid, SIGKILL);
  waitpid (pid, NULL, 0);
  close (done[0]);

  f->store = tj_store_open (f->path, &error);
  g_assert_no_error (error);
  {
    g_autofree char *contents = NULL;
    g_auto(GStrv) lines = NULL;
    g_assert_true (g_file_get_contents (log_path, &contents, NULL, NULL));
    lines = g_strsplit (contents, "\n", -1);
    for (guint i = 0; lines[i]; i++)
      {
        char id[64];
        guint note_no, len;
        g_autoptr(JsonObject) doc = NULL;
        const char *stored;
        g_autofree char *expected = NULL;

        /* The last line may have been cut by the kill. */
        if (lines[i + 1] == NULL || sscanf (lines[i], "%63s %u %u", id, &note_no, &len) != 3)
          continue;
        /* Every write that had returned: intact, at least as long as
         * then, and exactly what was typed. */
        doc = tj_store_get (f->store, id, NULL, TJ_GET_NONE, &error);
        g_assert_no_error (error);
        stored = tj_json_get_string (doc, "text", "");
        g_assert_cmpuint (strlen (stored), >=, len);
        expected = typed_text (note_no, strlen (stored));
        g_assert_cmpstr (stored, ==, expected);
        checked++;
      }
  }
  g_assert_cmpuint (checked, >=, CRASH_AFTER_WRITES);
  g_test_message ("%u autosaves checked after SIGKILL", checked);
  g_remove (log_path);
}

/* The GUI's autosave: typing is written once it pauses, in one write, and
 * never later than a second after the first unsaved change however fast
 * the typing; disposing flushes the rest. Waits are for the "saved"
 * signal; their bound only ends a broken test. */
static void
count_cb (gpointer  self,
          guint    *count)
{
  (*count)++;
}

static gboolean
quit_cb (gpointer loop)
{
  g_main_loop_quit (loop);
  return G_SOURCE_REMOVE;
}

static gboolean
expired_cb (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

static void
test_autosave_object (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *case_id = add_case (f, wage_case);
  g_autoptr(JsonObject) s = start (f, case_id, "separate", "worker");
  g_autofree char *id = note (f, tj_json_get_string (s, "id", NULL), "{\"text\":\"\"}");
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  TjNoteAutosave *autosave = tj_note_autosave_new (f->store, id, 200);
  TjNoteAutosave *typing;
  gboolean expired = FALSE;
  guint saved = 0, typed_saved = 0;
  guint bound;
  gint64 seq;

  g_signal_connect (autosave, "saved", G_CALLBACK (count_cb), &saved);
  seq = tj_store_get_update_seq (f->store);
  tj_note_autosave_set_text (autosave, "工");
  tj_note_autosave_set_text (autosave, "工人");
  tj_note_autosave_set_text (autosave, "工人说");
  g_assert_true (tj_note_autosave_get_pending (autosave));
  g_assert_cmpint (tj_store_get_update_seq (f->store), ==, seq);
  bound = g_timeout_add_seconds (60, expired_cb, &expired);
  while (saved == 0 && !expired)
    g_main_context_iteration (NULL, TRUE);
  if (!expired)
    g_source_remove (bound);
  /* One write for the three changes, and nothing left to write. */
  g_assert_cmpuint (saved, ==, 1);
  g_assert_false (tj_note_autosave_get_pending (autosave));
  g_assert_cmpint (tj_store_get_update_seq (f->store), ==, seq + 1);
  {
    g_autoptr(JsonObject) doc = tj_store_get (f->store, id, NULL, TJ_GET_NONE, &error);
    g_assert_cmpstr (tj_json_get_string (doc, "text", NULL), ==, "工人说");
  }

  /* Typing without pause: with a pause of a minute before writing, only
   * the one-second rule can write while the typing goes on. */
  typing = tj_note_autosave_new (f->store, id, 60000);
  g_signal_connect (typing, "saved", G_CALLBACK (count_cb), &typed_saved);
  bound = g_timeout_add_seconds (60, expired_cb, &expired);
  for (guint i = 0; typed_saved == 0 && !expired; i++)
    {
      g_autofree char *text = g_strdup_printf ("工人说%u", i);
      tj_note_autosave_set_text (typing, text);
      g_timeout_add (50, quit_cb, loop);
      g_main_loop_run (loop);
    }
  if (!expired)
    g_source_remove (bound);
  g_assert_cmpuint (typed_saved, ==, 1);
  g_object_unref (typing);

  /* Closing the editor flushes the last words. */
  tj_note_autosave_set_text (autosave, "最后一句");
  g_object_unref (autosave);
  {
    g_autoptr(JsonObject) doc = tj_store_get (f->store, id, NULL, TJ_GET_NONE, &error);
    g_assert_cmpstr (tj_json_get_string (doc, "text", NULL), ==, "最后一句");
  }
}

/* ------------------------------------------------------------------ */
/* Chart                                                                */

static guint32
pixel (cairo_surface_t *surface,
       int              x,
       int              y)
{
  unsigned char *data = cairo_image_surface_get_data (surface);
  int stride = cairo_image_surface_get_stride (surface);
  return *(guint32 *) (data + y * stride + x * 4) & 0xffffff;
}

static gboolean
any_ink (cairo_surface_t *surface,
         double           x,
         double           y,
         guint32          bg)
{
  for (int dx = -7; dx <= 7; dx++)
    for (int dy = -7; dy <= 7; dy++)
      if (pixel (surface, (int) x + dx, (int) y + dy) != bg)
        return TRUE;
  return FALSE;
}

static gboolean
has_label (GPtrArray  *labels,
           const char *text)
{
  for (guint i = 0; i < labels->len; i++)
    if (g_strcmp0 (((TjOfferChartLabel *) labels->pdata[i])->text, text) == 0)
      return TRUE;
  return FALSE;
}

/* No two labels meet, and every one is inside the chart. */
static void
assert_labels_apart (GPtrArray *labels,
                     int        width,
                     int        height)
{
  for (guint i = 0; i < labels->len; i++)
    {
      TjOfferChartLabel *a = labels->pdata[i];
      g_assert_cmpfloat (a->x, >=, 0);
      g_assert_cmpfloat (a->y, >=, 0);
      g_assert_cmpfloat (a->x + a->width, <=, width);
      g_assert_cmpfloat (a->y + a->height, <=, height);
      g_assert_cmpfloat (a->width, >, 4);
      for (guint j = i + 1; j < labels->len; j++)
        {
          TjOfferChartLabel *b = labels->pdata[j];
          if (a->x < b->x + b->width && b->x < a->x + a->width && a->y < b->y + b->height && b->y < a->y + a->height)
            g_error ("“%s” (%.0f,%.0f %.0f×%.0f) overlaps “%s” (%.0f,%.0f %.0f×%.0f) at %d×%d", a->text, a->x, a->y,
                     a->width, a->height, b->text, b->x, b->y, b->width, b->height, width, height);
        }
    }
}

/* The chart of the example: a marker for every move, each side's path,
 * the bottom lines only in the mediator's chart, and its labels. */
static void
test_chart (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *case_id = add_case (f, wage_case);
  g_autoptr(JsonObject) w1 = start (f, case_id, "separate", "worker");
  g_autofree char *dir = g_dir_make_tmp ("tj-chart-XXXXXX", NULL);
  g_autofree char *png = g_build_filename (dir, "chart.png", NULL);
  const int W = 900, H = 300;

  example_negotiation (f, case_id, w1);
  for (int audience = 0; audience < 2; audience++)
    {
      g_autoptr(JsonObject) figures = tj_session_figures (f->store, case_id,
                                                          audience ? TJ_AUDIENCE_TABLE : TJ_AUDIENCE_MEDIATOR, &error);
      g_autoptr(GPtrArray) labels = NULL;
      JsonArray *moves = tj_json_get_array (json_array_get_object_element (tj_json_get_array (figures, "issues"), 0),
                                            "moves");
      guint n = json_array_get_length (moves);

      g_assert_no_error (error);
      g_assert_cmpuint (n, ==, audience ? 9 : 11);
      g_assert_cmpuint (tj_offer_chart_count_panels (figures), ==, 1);
      for (int dark = 0; dark <= 1; dark++)
        {
          cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, W, H);
          cairo_t *cr = cairo_create (surface);
          guint32 bg = tj_offer_chart_background (dark);
          double x, y, last_x = 0, x2, y2;

          tj_offer_chart_draw (cr, W, H, figures, dark);
          cairo_destroy (cr);
          cairo_surface_flush (surface);
          g_assert_cmpuint (pixel (surface, 2, H - 2), ==, bg);

          /* Every figure named has its marker, left to right in order. */
          for (guint m = 1; m <= n; m++)
            {
              g_assert_true (tj_offer_chart_point (W, H, figures, 0, m, &x, &y));
              g_assert_cmpfloat (x, >, last_x);
              last_x = x;
              g_assert_true (any_ink (surface, x, y, bg));
            }
          g_assert_false (tj_offer_chart_point (W, H, figures, 0, n + 1, &x, &y));
          g_assert_false (tj_offer_chart_point (W, H, figures, 1, 1, &x, &y));
          /* The worker's path from the first demand to the second. */
          g_assert_true (tj_offer_chart_point (W, H, figures, 0, 1, &x, &y));
          g_assert_true (tj_offer_chart_point (W, H, figures, 0, audience ? 3 : 5, &x2, &y2));
          {
            guint32 p = pixel (surface, (int) ((x + x2) / 2), (int) ((y + y2) / 2));
            g_assert_cmpuint (p, !=, bg);
            /* Reddish: the worker side. */
            g_assert_cmpuint ((p >> 16) & 0xff, >, p & 0xff);
          }
          /* The employer's first offer is a bluish square. */
          g_assert_true (tj_offer_chart_point (W, H, figures, 0, audience ? 2 : 3, &x, &y));
          {
            guint32 p = pixel (surface, (int) x, (int) y);
            g_assert_cmpuint (p & 0xff, >, (p >> 16) & 0xff);
          }
          /* A bottom line is hollow: its middle is not filled. */
          if (!audience)
            {
              g_assert_true (tj_offer_chart_point (W, H, figures, 0, 2, &x, &y));
              guint32 p = pixel (surface, (int) x, (int) y);
              g_assert_true (any_ink (surface, x, y, bg));
              /* The middle shows what is behind (a round's shade), not
               * the worker's red. */
              g_assert_cmpint ((int) ((p >> 16) & 0xff) - (int) (p & 0xff), <, 24);
            }
          cairo_surface_destroy (surface);
        }

      labels = tj_offer_chart_labels (W, H, figures);
      assert_labels_apart (labels, W, H);
      /* The figures that matter are named: both sides' last word and the
       * agreement; the bottom lines only in the mediator's chart. */
      g_assert_true (has_label (labels, "¥900,000.00"));
      g_assert_true (has_label (labels, "¥850,000.00"));
      g_assert_true (has_label (labels, "¥875,000.00"));
      g_assert_true (has_label (labels, "¥1,106,050.00"));
      g_assert_true (has_label (labels, "Round 1"));
      g_assert_true (has_label (labels, "Round 2"));
      g_assert_true (has_label (labels, "Wages owed — agreed"));
      g_assert_true (has_label (labels, "Private: ¥860,000.00") == !audience);
      g_assert_true (has_label (labels, "Bottom line (private)") == !audience);
      for (guint i = 0; audience && i < labels->len; i++)
        g_assert_null (strstr (((TjOfferChartLabel *) labels->pdata[i])->text, "860,000"));
    }

  {
    g_autoptr(JsonObject) figures = tj_session_figures (f->store, case_id, TJ_AUDIENCE_TABLE, &error);
    g_assert_true (tj_offer_chart_write_png (figures, W, H, TRUE, png, &error));
    g_assert_no_error (error);
    g_assert_false (tj_offer_chart_write_png (figures, 10, 10, FALSE, png, &error));
    g_assert_error (error, TJ_ERROR, TJ_ERROR_INVALID);
  }
  {
    g_autofree char *contents = NULL;
    gsize len = 0;
    g_assert_true (g_file_get_contents (png, &contents, &len, NULL));
    g_assert_cmpuint (len, >, 1000);
    g_assert_cmpmem (contents, 8, "\x89PNG\r\n\x1a\n", 8);
  }
  g_remove (png);
  g_rmdir (dir);
}

/* Crowded: forty moves in twelve rounds on three issues (money, a date
 * and an "other" amount), bottom lines among them, at sizes from a narrow
 * window to a wall: the labels never meet, whatever has to give way. */
static void
test_chart_crowded (void)
{
  g_autoptr(JsonObject) figures = json_object_new ();
  JsonArray *issues = json_array_new ();
  static const int sizes[][2] = {
    { 200, 120 }, { 360, 240 }, { 480, 600 }, { 680, 570 }, { 800, 300 }, { 1024, 720 }, { 1200, 800 }, { 1920, 400 },
  };
  static const char * const steps[] = { "separate_worker", "separate_employer", "joint", "shuttle" };

  json_object_set_array_member (figures, "issues", issues);
  for (int k = 0; k < 3; k++)
    {
      JsonObject *is = json_object_new ();
      JsonArray *moves = json_array_new ();
      JsonArray *rounds = json_array_new ();
      guint n = k == 1 ? 12 : 40;

      json_object_set_string_member (is, "issue", k == 0 ? "wages_owed" : k == 1 ? "payment_date" : "other");
      json_object_set_string_member (is, "label", k == 0 ? "Wages owed" : k == 1 ? "Payment date" : "社会保险补缴");
      json_object_set_string_member (is, "unit", k == 1 ? "date" : "fen");
      json_object_set_string_member (is, "status", k == 0 ? "crossed" : "open");
      for (guint m = 1; m <= n; m++)
        {
          JsonObject *move = json_object_new ();
          gboolean worker = m % 2 == 1;
          json_object_set_int_member (move, "n", m);
          json_object_set_string_member (move, "side", m == n && k == 2 ? "agreed" : worker ? "worker" : "employer");
          json_object_set_string_member (move, "step", steps[(m / 3) % 4]);
          json_object_set_int_member (move, "round", 1 + (m - 1) * 12 / n);
          if (m % 7 == 0)
            json_object_set_boolean_member (move, "private", TRUE);
          if (k == 1)
            {
              g_autofree char *date = g_strdup_printf ("2027-%02d-%02d", worker ? 1 : 2, 1 + (m * 3) % 27);
              json_object_set_string_member (move, "date", date);
            }
          else
            /* Converging, and crossing near the end. */
            json_object_set_int_member (move, "amount_fen",
                                        worker ? 110605000 - (gint64) m * 600000 : 60000000 + (gint64) m * 800000);
          json_array_add_object_element (moves, move);
        }
      for (guint r = 1; r <= 12; r++)
        {
          JsonObject *row = json_object_new ();
          json_object_set_int_member (row, "round", r);
          json_object_set_int_member (row, "first", (r - 1) * n / 12 + 1);
          json_object_set_int_member (row, "last", MAX (r * n / 12, (r - 1) * n / 12 + 1));
          json_array_add_object_element (rounds, row);
        }
      json_object_set_array_member (is, "moves", moves);
      json_object_set_array_member (is, "rounds", rounds);
      if (k == 0)
        {
          JsonObject *crossing = json_object_new ();
          json_object_set_int_member (crossing, "n", 30);
          json_object_set_object_member (is, "crossing", crossing);
          json_object_set_object_member (is, "worker", json_object_ref (json_array_get_object_element (moves, 38)));
          json_object_set_object_member (is, "employer", json_object_ref (json_array_get_object_element (moves, 39)));
        }
      json_array_add_object_element (issues, is);
    }

  for (guint i = 0; i < G_N_ELEMENTS (sizes); i++)
    {
      g_autoptr(GPtrArray) labels = tj_offer_chart_labels (sizes[i][0], sizes[i][1], figures);
      guint values = 0;
      assert_labels_apart (labels, sizes[i][0], sizes[i][1]);
      for (guint j = 0; j < labels->len; j++)
        values += ((TjOfferChartLabel *) labels->pdata[j])->kind == TJ_OFFER_CHART_LABEL_VALUE;
      g_test_message ("%d×%d: %u labels, %u of 92 figures named", sizes[i][0], sizes[i][1], labels->len, values);
      /* Drawing at that size works from the same labels. */
      {
        cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, sizes[i][0], sizes[i][1]);
        cairo_t *cr = cairo_create (surface);
        tj_offer_chart_draw (cr, sizes[i][0], sizes[i][1], figures, i % 2);
        g_assert_cmpint (cairo_status (cr), ==, CAIRO_STATUS_SUCCESS);
        cairo_destroy (cr);
        cairo_surface_destroy (surface);
      }
      if (sizes[i][0] >= 1024)
        g_assert_cmpuint (values, >=, 12);
    }
  /* Nothing to draw: one label says so. */
  {
    g_autoptr(JsonObject) empty = tj_test_object ("{\"issues\":[]}");
    g_autoptr(GPtrArray) labels = tj_offer_chart_labels (640, 200, empty);
    g_assert_cmpuint (labels->len, ==, 1);
    g_assert_cmpint (((TjOfferChartLabel *) labels->pdata[0])->kind, ==, TJ_OFFER_CHART_LABEL_EMPTY);
  }
}

/* ------------------------------------------------------------------ */
/* Guidance override                                                    */

static void
test_guidance_override (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *file = g_build_filename (f->dir, "guidance.json", NULL);
  g_autofree char *case_id = add_case (f, wage_case);
  g_autoptr(JsonObject) builtin = NULL;

  g_setenv ("TIAOJIE_GUIDANCE", file, TRUE);

  builtin = tj_session_guidance (f->store, &f->ctx, case_id, "joint", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (tj_json_get_string (builtin, "source", NULL), ==, "builtin");
  g_assert_cmpstr (tj_json_get_string (builtin, "title", NULL), ==, "Joint session");

  /* Malformed: named with file and line, ignored. */
  g_assert_true (g_file_set_contents (file, "{\n  \"steps\": {\n    \"joint\": {\n      \"ask\": \"not a list\"\n    }\n  }\n}\n", -1, NULL));
  {
    g_autoptr(JsonObject) g = tj_session_guidance (f->store, &f->ctx, case_id, "joint", NULL, &error);
    g_autoptr(JsonObject) direct = NULL;
    const char *warning;
    g_assert_no_error (error);
    g_assert_cmpstr (tj_json_get_string (g, "title", NULL), ==, "Joint session");
    warning = json_array_get_string_element (tj_json_get_array (g, "warnings"), 0);
    g_assert_nonnull (strstr (warning, file));
    g_assert_nonnull (strstr (warning, "line 4"));
    direct = tj_session_guidance_load_file (file, &error);
    g_assert_null (direct);
    g_assert_error (error, TJ_ERROR, TJ_ERROR_INVALID);
    g_clear_error (&error);
  }
  g_assert_true (g_file_set_contents (file, "{\"steps\": {\"joint\": {\"title\": \"面对面协商\",\n \"bogus\": 1", -1, NULL));
  {
    g_autoptr(JsonObject) g = tj_session_guidance (f->store, &f->ctx, case_id, "joint", NULL, &error);
    const char *warning = json_array_get_string_element (tj_json_get_array (g, "warnings"), 0);
    g_assert_nonnull (strstr (warning, file));
    g_assert_nonnull (strstr (warning, "2"));
  }
  g_assert_true (g_file_set_contents (file, "{\"steps\":{\"shuttel\":{}}}", -1, NULL));
  g_assert_null (tj_session_guidance_load_file (file, &error));
  g_assert_nonnull (strstr (error->message, "shuttel"));
  g_clear_error (&error);

  /* Valid: the organisation's words replace the built-ins. */
  g_assert_true (g_file_set_contents (file,
    "{\"steps\":{\"joint\":{\"title\":\"面对面协商\",\"ask\":[\"双方是否确认已达成一致的事项？\"],"
    "\"law\":[{\"basis\":\"本会调解规则第5条\",\"text\":\"调解协议当场签字。\"}]}},"
    "\"checklist\":{\"identities_checked\":\"核对身份证件\"}}", -1, NULL));
  {
    g_autoptr(JsonObject) g = tj_session_guidance (f->store, &f->ctx, case_id, "joint", NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpstr (tj_json_get_string (g, "title", NULL), ==, "面对面协商");
    g_assert_cmpuint (json_array_get_length (tj_json_get_array (g, "ask")), ==, 1);
    g_assert_cmpstr (tj_json_get_string (json_array_get_object_element (tj_json_get_array (g, "checklist"), 0), "label", NULL),
                     ==, "核对身份证件");
    g_assert_cmpstr (tj_json_get_string (g, "source", NULL), ==, file);
    /* Steps the file leaves alone keep the built-in texts. */
    json_object_unref (g_steal_pointer (&g));
    g = tj_session_guidance (f->store, &f->ctx, case_id, "preparation", NULL, &error);
    g_assert_cmpstr (tj_json_get_string (g, "title", NULL), ==, "Preparation");
    g_assert_cmpuint (json_array_get_length (tj_json_get_array (g, "calculators")), >, 0);
  }
  g_assert_null (tj_session_guidance (f->store, &f->ctx, case_id, "lunch", NULL, &error));
  g_assert_error (error, TJ_ERROR, TJ_ERROR_INVALID);
  g_setenv ("TIAOJIE_GUIDANCE", "/nonexistent/tiaojie-guidance.json", TRUE);
  g_remove (file);
}

int
main (int    argc,
      char **argv)
{
  tj_test_pin_today ("2026-11-22");
  /* Built-in English texts in assertions; no user guidance file. */
  g_setenv ("LANGUAGE", "C", TRUE);
  g_setenv ("LC_ALL", "C.UTF-8", TRUE);
  g_setenv ("TIAOJIE_GUIDANCE", "/nonexistent/tiaojie-guidance.json", TRUE);
  g_test_init (&argc, &argv, NULL);

#define ADD(name, func) \
  g_test_add ("/session/" name, Fixture, NULL, tj_test_case_store_set_up, func, tj_test_case_store_tear_down)
  ADD ("flow", test_flow);
  ADD ("failed", test_failed);
  ADD ("start-meeting", test_start_meeting);
  ADD ("start-kind", test_start_kind);
  ADD ("validation", test_validation);
  ADD ("explicit-terms", test_explicit_terms);
  ADD ("negotiation-record", test_negotiation_record);
  ADD ("crossing-and-old-offers", test_crossing_and_old_offers);
  ADD ("autosave-crash", test_autosave_crash);
  ADD ("autosave-object", test_autosave_object);
  ADD ("guidance-override", test_guidance_override);
  ADD ("chart", test_chart);
#undef ADD
  g_test_add_func ("/session/chart-crowded", test_chart_crowded);
  g_test_add_func ("/session/audiences", test_audiences);

  return g_test_run ();
}
