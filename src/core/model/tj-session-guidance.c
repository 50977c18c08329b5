/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Tiaojie-Session"

/* Guidance for each step of a mediation (分离冷静调解法): what to ask, what
 * to explain, which law applies, and the checklist.
 *
 * The built-in texts are C tables of N_() strings so that xgettext puts
 * them in po/ and the Chinese catalogue translates them like every other
 * string. An organisation can replace any of them with its own wording in
 * a JSON file ($XDG_DATA_HOME/tiaojie/guidance.json); it is read on every
 * call (it is small) so an edit shows without restarting, and a malformed
 * file is reported with its line and otherwise ignored, never fatal. */

#include <string.h>

#include "tj-error.h"
#include "tj-i18n.h"
#include "tj-json.h"
#include "tj-session.h"
#include "tj-session-private.h"

#define MAX_LINES 6

typedef struct {
  const char *basis;
  const char *text;
} Law;

typedef struct {
  const char *step;     /* its title: tj_session_step_label() */
  const char *summary;
  const char *ask[MAX_LINES];
  const char *explain[MAX_LINES];
  Law         law[MAX_LINES];
  const char *checklist[8];
  const char *deadlines[4];
  gboolean    calculators;
} StepGuide;

/* The statutes, named once so the translations stay consistent. */
#define LDMAL_7  N_("Labour Dispute Mediation and Arbitration Law, Article 7")
#define LDMAL_13 N_("Labour Dispute Mediation and Arbitration Law, Article 13")
#define LDMAL_14 N_("Labour Dispute Mediation and Arbitration Law, Article 14")
#define LDMAL_16 N_("Labour Dispute Mediation and Arbitration Law, Article 16")
#define LDMAL_27 N_("Labour Dispute Mediation and Arbitration Law, Article 27")
#define PML_23   N_("People's Mediation Law, Article 23")
#define PML_33   N_("People's Mediation Law, Article 33")
#define LCL_30   N_("Labour Contract Law, Article 30")
#define LCL_85   N_("Labour Contract Law, Article 85")
#define MWW_30   N_("Regulations on Ensuring Payment of Wages to Migrant Workers, Article 30")
#define LAL_42   N_("Legal Aid Law, Article 42")
#define LIR_26   N_("Regulations on Labour Security Inspection, Article 26")

#define LAW_14 { LDMAL_14, N_("If no agreement is reached within 15 days of the mediation organisation receiving the application, either party may apply for arbitration.") }
#define LAW_27 { LDMAL_27, N_("Arbitration must be applied for within one year of knowing of the infringement; wages owed while the job lasts are not limited, but after it ends the claim must be made within one year of the end.") }
#define LAW_23 { PML_23, N_("Parties may accept or refuse mediation, ask to end it at any time, and agree only of their own free will.") }

static const StepGuide builtin[] = {
  { "preparation",
    N_("Before anyone arrives: read the file, know the figures and the deadlines, and plan to meet each side alone first."),
    { N_("Who are the parties? Check the list of workers, the employer and, on construction projects, the whole contractor chain."),
      N_("What is claimed, and what evidence is there (pay slips, attendance records, chat messages, IOUs)?"),
      N_("Who will speak for the employer, and will they bring a letter of authority?") },
    { N_("Work out the amounts with the calculators before the meeting, so every figure you quote is right."),
      N_("If feelings run high, meet each side alone first; bring them together only when both are calm."),
      N_("In a collective case, ask the workers to choose a few representatives.") },
    { LAW_14, LAW_27,
      { LDMAL_7, N_("Ten or more workers with a common claim may choose representatives to take part in mediation.") } },
    { NULL },
    { "mediation", "arbitration_limitation" }, TRUE },

  { "separate_worker",
    N_("Meet the workers alone. Let them tell their story, calm the anger, find out what they really need, and explain the law in plain words."),
    { N_("When did you start and stop working, and what pay was agreed?"),
      N_("How much is owed, for which months, and how did you work it out?"),
      N_("What do you need most, and by when (for example, cash before Spring Festival)?"),
      N_("What would you accept if the employer cannot pay everything at once?") },
    { N_("What you tell me here stays between us unless you agree that I may share it."),
      N_("Mediation is voluntary: you may stop at any time and apply for arbitration instead."),
      N_("What the law says you are owed, and the deadlines that protect you.") },
    { LAW_23,
      { LCL_30, N_("The employer must pay wages in full and on time; if it does not, the worker may ask a court for a payment order.") },
      { LAL_42, N_("Migrant workers claiming wages are exempt from the financial-hardship check for legal aid.") } },
    { "identities_checked", "rights_explained", "voluntariness_explained",
      "confidentiality_explained", "interpreter_or_representative" },
    { "mediation", "arbitration_limitation" }, TRUE },

  { "separate_employer",
    N_("Meet the employer's representative alone. Check their authority, hear their side and their difficulties, and explain the legal risk of not paying."),
    { N_("Do you accept that wages are owed? Which amounts do you dispute, and why?"),
      N_("What can you pay now, and when can you pay the rest?"),
      N_("Is money held up elsewhere (the project owner, the general contractor)?"),
      N_("Can you decide today? Does your letter of authority cover a settlement?") },
    { N_("What you tell me here stays confidential unless you agree that I may share it."),
      N_("If mediation fails, the workers may go to arbitration, to labour inspection or to court; wages still unpaid after an official order cost an extra 50% to 100%."),
      N_("On construction projects the general contractor pays first when a subcontractor defaults.") },
    { LAW_23,
      /* xgettext:no-c-format */
      { LCL_85, N_("Wages not paid by the deadline the labour authority sets: additional compensation of 50% to 100% of the amount owed.") },
      { MWW_30, N_("The general contractor pays migrant workers' wages first when the subcontractor defaults, and recovers them later.") } },
    { "identities_checked", "employer_authority_seen", "rights_explained",
      "voluntariness_explained", "confidentiality_explained" },
    { "mediation" }, TRUE },

  { "shuttle",
    N_("Carry proposals between the sides. Narrow the gap issue by issue, and ask each side to see the matter from the other's position."),
    { N_("The other side now offers this. What would make it acceptable to you?"),
      N_("If the total cannot move, would installments or an earlier date help?"),
      N_("Which point matters most to you, and where can you give way?") },
    { N_("Share only what each side has agreed you may share."),
      N_("Record every demand and offer with its reason, so the gap stays clear."),
      N_("Remind both sides of the 15-day mediation limit and what happens after it.") },
    { { LDMAL_13, N_("The mediator hears both sides fully, explains patiently and helps them reach agreement.") },
      LAW_14 },
    { "voluntariness_explained", "confidentiality_explained" },
    { "mediation" }, TRUE },

  { "joint",
    N_("Bring both sides together once feelings have calmed. Confirm the agreed points, settle the open ones, and write down the terms."),
    { N_("Do both sides confirm the points already agreed?"),
      N_("For each open point: can we meet at this figure?"),
      N_("Who pays, how much to each worker, by which dates and in which way?") },
    { N_("Notes from the separate sessions are not shown here, only what both sides may see."),
      N_("The agreement, signed by both parties and the mediator and sealed by the organisation, binds both from then on."),
      N_("Both sides may ask the court to confirm the agreement within 30 days, which makes it enforceable.") },
    { { LDMAL_14, N_("The mediation agreement is in writing, signed or sealed by both parties, signed by the mediator and sealed by the organisation; it then takes effect and binds both parties.") },
      { PML_33, N_("Both parties may apply together to the local court for judicial confirmation within 30 days of the agreement taking effect.") },
      { LDMAL_16, N_("If an agreement on unpaid wages is not performed, the worker may apply to a court for a payment order.") } },
    { "identities_checked", "employer_authority_seen", "rights_explained",
      "voluntariness_explained", "confidentiality_explained", "interpreter_or_representative" },
    { "mediation", "arbitration_limitation" }, TRUE },

  { "outcome",
    N_("Record the result. If the sides agree, draft the settlement; if not, tell the workers their next steps and deadlines in plain words."),
    { N_("Are the terms complete: the amount for each worker, the payer, the installments and their dates?"),
      N_("Without agreement: does each worker know where to go next, and by when?") },
    { N_("If the employer does not perform, the worker may apply for arbitration, or to a court for a payment order for unpaid wages."),
      N_("If mediation fails: arbitration before the limitation date, a complaint to labour inspection about unpaid wages, and free legal aid.") },
    { LAW_27,
      { LIR_26, N_("The labour inspection orders an employer that withholds or delays wages to pay them by a deadline.") },
      { LAL_42, N_("Migrant workers claiming wages are exempt from the financial-hardship check for legal aid.") } },
    { NULL },
    { "arbitration_limitation", "judicial_confirmation", "follow_up_7" }, FALSE },
};

static const struct { const char *item; const char *label; } checklist_labels[] = {
  { "identities_checked", N_("Identities checked (ID cards, business licence)") },
  { "employer_authority_seen", N_("Employer representative's letter of authority seen") },
  { "rights_explained", N_("Rights and obligations explained") },
  { "voluntariness_explained", N_("Voluntariness explained: either side may stop at any time") },
  { "confidentiality_explained", N_("Confidentiality explained") },
  { "interpreter_or_representative", N_("Interpreter or workers' representatives present (collective cases)") },
};

static const char * const checklist_ids[] = {
  "identities_checked", "employer_authority_seen", "rights_explained",
  "voluntariness_explained", "confidentiality_explained", "interpreter_or_representative", NULL
};

/* Calculators that fit a kind of dispute (names of tj_calc_get_kinds()). */
static const struct { const char *kind; const char *calcs[4]; } calculators[] = {
  { "wage_arrears", { "arrears", "minimum_wage", "late_payment" } },
  { "compensation", { "compensation" } },
  { "termination", { "compensation", "unlawful_termination" } },
  { "overtime", { "overtime", "annual_leave" } },
  { "other", { "double_wage" } },
};

const char * const *
tj_session_checklist_items (void)
{
  return checklist_ids;
}

const char *
tj_session_checklist_label (const char *item)
{
  for (guint i = 0; i < G_N_ELEMENTS (checklist_labels); i++)
    if (g_strcmp0 (item, checklist_labels[i].item) == 0)
      return _(checklist_labels[i].label);
  return item ? item : "";
}

static const StepGuide *
find_step (const char *step)
{
  for (guint i = 0; i < G_N_ELEMENTS (builtin); i++)
    if (g_strcmp0 (builtin[i].step, step) == 0)
      return &builtin[i];
  return NULL;
}

gboolean
_tj_session_check_applies (const char *step,
                           const char *item)
{
  const StepGuide *g = find_step (step);
  for (guint i = 0; g && g->checklist[i]; i++)
    if (g_str_equal (g->checklist[i], item))
      return TRUE;
  return FALSE;
}

/* ------------------------------------------------------------------ */
/* The organisation's file                                              */

char *
tj_session_guidance_override_path (void)
{
  const char *env = g_getenv ("TIAOJIE_GUIDANCE");
  if (env && *env)
    return g_strdup (env);
  return g_build_filename (g_get_user_data_dir (), "tiaojie", "guidance.json", NULL);
}

/* The line of the first occurrence of "@key" (quoted) in @text, to point
 * an organisation at the place to fix. */
static guint
line_of (const char *text,
         const char *key)
{
  g_autofree char *quoted = g_strdup_printf ("\"%s\"", key);
  const char *hit = strstr (text, quoted);
  guint line = 1;
  if (hit == NULL)
    return 1;
  for (const char *p = text; p < hit; p++)
    if (*p == '\n')
      line++;
  return line;
}

static gboolean
check_strings (JsonObject  *step_obj,
               const char  *member,
               const char  *path,
               const char  *text,
               const char  *step,
               GError     **error)
{
  JsonNode *node = json_object_get_member (step_obj, member);
  JsonArray *a;

  if (node == NULL)
    return TRUE;
  if (!JSON_NODE_HOLDS_ARRAY (node))
    goto bad;
  a = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (a); i++)
    {
      JsonNode *e = json_array_get_element (a, i);
      if (g_str_equal (member, "law"))
        {
          JsonObject *o = JSON_NODE_HOLDS_OBJECT (e) ? json_node_get_object (e) : NULL;
          if (o == NULL || tj_json_get_string (o, "basis", NULL) == NULL ||
              tj_json_get_string (o, "text", NULL) == NULL)
            {
              g_set_error (error, TJ_ERROR, TJ_ERROR_INVALID,
                           _("%s, line %u: steps.%s.law[%u] must be an object with “basis” and “text”"),
                           path, line_of (text, member), step, i);
              return FALSE;
            }
        }
      else if (!JSON_NODE_HOLDS_VALUE (e) || json_node_get_value_type (e) != G_TYPE_STRING)
        goto bad;
    }
  return TRUE;

bad:
  g_set_error (error, TJ_ERROR, TJ_ERROR_INVALID,
               _("%s, line %u: steps.%s.%s must be a list of texts"),
               path, line_of (text, member), step, member);
  return FALSE;
}

JsonObject *
tj_session_guidance_load_file (const char  *path,
                               GError     **error)
{
  g_autofree char *text = NULL;
  g_autoptr(GError) local = NULL;
  g_autoptr(JsonObject) root = NULL;
  JsonObject *steps, *checklist;

  g_return_val_if_fail (path != NULL, NULL);

  if (!g_file_get_contents (path, &text, NULL, &local))
    {
      /* Missing is "not found"; a folder or an unreadable file is bad input. */
      g_set_error (error, TJ_ERROR,
                   g_error_matches (local, G_FILE_ERROR, G_FILE_ERROR_NOENT)
                     ? TJ_ERROR_NOT_FOUND : TJ_ERROR_INVALID,
                   "%s", local->message);
      return NULL;
    }
  root = tj_json_parse_object (text, -1, &local);
  if (root == NULL)
    {
      /* The parser names the line and column; prefix the file. */
      g_set_error (error, TJ_ERROR, TJ_ERROR_INVALID, "%s: %s", path, local->message);
      return NULL;
    }
  if (json_object_has_member (root, "steps") && tj_json_get_object (root, "steps") == NULL)
    {
      g_set_error (error, TJ_ERROR, TJ_ERROR_INVALID, _("%s, line %u: “steps” must be an object"),
                   path, line_of (text, "steps"));
      return NULL;
    }
  steps = tj_json_get_object (root, "steps");
  if (steps)
    {
      g_autoptr(GList) names = json_object_get_members (steps);
      for (GList *l = names; l; l = l->next)
        {
          const char *step = l->data;
          JsonObject *s = tj_json_get_object (steps, step);
          static const char * const text_members[] = { "title", "summary", NULL };

          if (find_step (step) == NULL)
            {
              g_set_error (error, TJ_ERROR, TJ_ERROR_INVALID,
                           _("%s, line %u: “%s” is not a step (preparation, separate_worker, separate_employer, shuttle, joint, outcome)"),
                           path, line_of (text, step), step);
              return NULL;
            }
          if (s == NULL)
            {
              g_set_error (error, TJ_ERROR, TJ_ERROR_INVALID, _("%s, line %u: steps.%s must be an object"),
                           path, line_of (text, step), step);
              return NULL;
            }
          for (guint i = 0; text_members[i]; i++)
            {
              JsonNode *n = json_object_get_member (s, text_members[i]);
              if (n && (!JSON_NODE_HOLDS_VALUE (n) || json_node_get_value_type (n) != G_TYPE_STRING))
                {
                  g_set_error (error, TJ_ERROR, TJ_ERROR_INVALID, _("%s, line %u: steps.%s.%s must be a text"),
                               path, line_of (text, text_members[i]), step, text_members[i]);
                  return NULL;
                }
            }
          if (!check_strings (s, "ask", path, text, step, error) ||
              !check_strings (s, "explain", path, text, step, error) ||
              !check_strings (s, "law", path, text, step, error))
            return NULL;
        }
    }
  if (json_object_has_member (root, "checklist") && tj_json_get_object (root, "checklist") == NULL)
    {
      g_set_error (error, TJ_ERROR, TJ_ERROR_INVALID, _("%s, line %u: “checklist” must be an object"),
                   path, line_of (text, "checklist"));
      return NULL;
    }
  checklist = tj_json_get_object (root, "checklist");
  if (checklist)
    {
      g_autoptr(GList) names = json_object_get_members (checklist);
      for (GList *l = names; l; l = l->next)
        {
          JsonNode *n = json_object_get_member (checklist, l->data);
          if (!g_strv_contains (checklist_ids, l->data))
            {
              g_set_error (error, TJ_ERROR, TJ_ERROR_INVALID,
                           _("%s, line %u: “%s” is not a checklist item"),
                           path, line_of (text, l->data), (const char *) l->data);
              return NULL;
            }
          if (!JSON_NODE_HOLDS_VALUE (n) || json_node_get_value_type (n) != G_TYPE_STRING)
            {
              g_set_error (error, TJ_ERROR, TJ_ERROR_INVALID, _("%s, line %u: checklist.%s must be a text"),
                           path, line_of (text, l->data), (const char *) l->data);
              return NULL;
            }
        }
    }
  return g_steal_pointer (&root);
}

/* ------------------------------------------------------------------ */
/* Building the step's guidance                                         */

static JsonArray *
text_list (const char * const *builtin_list,
           JsonObject         *override,
           const char         *member)
{
  JsonArray *out = json_array_new ();
  JsonArray *o = override ? tj_json_get_array (override, member) : NULL;

  if (o)
    {
      for (guint i = 0; i < json_array_get_length (o); i++)
        json_array_add_string_element (out, json_array_get_string_element (o, i));
      return out;
    }
  for (guint i = 0; i < MAX_LINES && builtin_list[i]; i++)
    json_array_add_string_element (out, _(builtin_list[i]));
  return out;
}

JsonObject *
_tj_session_guidance_build (const char  *step,
                            JsonObject  *case_doc,
                            JsonObject  *session,
                            GError     **error)
{
  const StepGuide *g = find_step (step);
  g_autoptr(JsonObject) overrides = NULL;
  g_autoptr(GError) load_error = NULL;
  g_autofree char *path = tj_session_guidance_override_path ();
  JsonObject *over = NULL, *over_checklist = NULL, *state;
  JsonObject *out;
  JsonArray *law, *checklist, *deadlines, *calcs, *warnings;
  gboolean collective = FALSE;

  if (g == NULL)
    {
      tj_set_invalid (error, "step",
                   _("step: “%s” is not a step (preparation, separate_worker, separate_employer, shuttle, joint, outcome)"),
                   step ? step : "");
      return NULL;
    }

  warnings = json_array_new ();
  if (g_file_test (path, G_FILE_TEST_EXISTS))
    {
      overrides = tj_session_guidance_load_file (path, &load_error);
      if (overrides == NULL)
        {
          g_message ("%s", load_error->message);
          json_array_add_string_element (warnings, load_error->message);
        }
      else
        {
          JsonObject *steps = tj_json_get_object (overrides, "steps");
          over = steps ? tj_json_get_object (steps, step) : NULL;
          over_checklist = tj_json_get_object (overrides, "checklist");
        }
    }

  out = json_object_new ();
  json_object_set_string_member (out, "step", step);
  json_object_set_string_member (out, "title", tj_json_get_string (over, "title", tj_session_step_label (g->step)));
  json_object_set_string_member (out, "summary", tj_json_get_string (over, "summary", _(g->summary)));
  json_object_set_array_member (out, "ask", text_list (g->ask, over, "ask"));
  json_object_set_array_member (out, "explain", text_list (g->explain, over, "explain"));

  law = json_array_new ();
  if (over && tj_json_get_array (over, "law"))
    {
      JsonArray *o = tj_json_get_array (over, "law");
      for (guint i = 0; i < json_array_get_length (o); i++)
        {
          JsonObject *src = json_array_get_object_element (o, i);
          JsonObject *l = json_object_new ();
          json_object_set_string_member (l, "basis", tj_json_get_string (src, "basis", ""));
          json_object_set_string_member (l, "text", tj_json_get_string (src, "text", ""));
          json_array_add_object_element (law, l);
        }
    }
  else
    for (guint i = 0; i < MAX_LINES && g->law[i].basis; i++)
      {
        JsonObject *l = json_object_new ();
        json_object_set_string_member (l, "basis", _(g->law[i].basis));
        json_object_set_string_member (l, "text", _(g->law[i].text));
        json_array_add_object_element (law, l);
      }
  json_object_set_array_member (out, "law", law);

  if (case_doc)
    {
      JsonArray *flags = tj_json_get_array (case_doc, "flags");
      JsonObject *totals = tj_json_get_object (case_doc, "totals");
      for (guint i = 0; flags && i < json_array_get_length (flags); i++)
        if (g_strcmp0 (json_array_get_string_element (flags, i), "collective") == 0)
          collective = TRUE;
      /* LDMAL §7 lets ten or more workers send representatives; treat that
       * as collective even when the preference threshold is higher. */
      if (tj_json_get_int (totals, "workers", 0) >= 10)
        collective = TRUE;
    }

  checklist = json_array_new ();
  state = session ? tj_json_get_object (session, "checklist") : NULL;
  for (guint i = 0; g->checklist[i]; i++)
    {
      const char *item = g->checklist[i];
      JsonObject *c = json_object_new ();
      gboolean required = !g_str_equal (item, "interpreter_or_representative") || collective;
      if (g_str_equal (item, "employer_authority_seen") && session &&
          g_strcmp0 (tj_json_get_string (session, "party_side", NULL), "worker") == 0)
        required = FALSE;
      json_object_set_string_member (c, "item", item);
      json_object_set_string_member (c, "label",
                                     tj_json_get_string (over_checklist, item, tj_session_checklist_label (item)));
      json_object_set_boolean_member (c, "checked", tj_json_get_bool (state, item, FALSE));
      json_object_set_boolean_member (c, "required", required);
      json_array_add_object_element (checklist, c);
    }
  json_object_set_array_member (out, "checklist", checklist);

  /* The case's own deadlines, so the step shows the dates that matter. */
  deadlines = json_array_new ();
  if (case_doc)
    {
      JsonObject *dl = tj_json_get_object (case_doc, "deadlines");
      for (guint i = 0; dl && i < G_N_ELEMENTS (g->deadlines) && g->deadlines[i]; i++)
        {
          JsonObject *d = tj_json_get_object (dl, g->deadlines[i]);
          JsonObject *copy;
          if (d == NULL)
            continue;
          copy = json_object_new ();
          json_object_set_string_member (copy, "kind", g->deadlines[i]);
          if (tj_json_get_string (d, "date", NULL))
            json_object_set_string_member (copy, "date", tj_json_get_string (d, "date", NULL));
          if (json_object_has_member (d, "days_remaining"))
            json_object_set_int_member (copy, "days_remaining", tj_json_get_int (d, "days_remaining", 0));
          json_object_set_string_member (copy, "status", tj_json_get_string (d, "status", ""));
          json_object_set_string_member (copy, "basis", tj_json_get_string (d, "basis", ""));
          json_array_add_object_element (deadlines, copy);
        }
    }
  json_object_set_array_member (out, "deadlines", deadlines);

  calcs = json_array_new ();
  if (g->calculators && case_doc)
    {
      const char *kind = tj_json_get_string (case_doc, "kind", "");
      for (guint i = 0; i < G_N_ELEMENTS (calculators); i++)
        if (g_str_equal (calculators[i].kind, kind))
          for (guint j = 0; j < G_N_ELEMENTS (calculators[i].calcs) && calculators[i].calcs[j]; j++)
            json_array_add_string_element (calcs, calculators[i].calcs[j]);
    }
  json_object_set_array_member (out, "calculators", calcs);

  json_object_set_string_member (out, "source", over || over_checklist ? path : "builtin");
  json_object_set_array_member (out, "warnings", warnings);
  return out;
}
