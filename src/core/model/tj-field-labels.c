/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Tiaojie-Labels"

#include "tj-field-labels.h"
#include "tj-i18n.h"

#include <string.h>

typedef struct {
  const char *name;
  const char *label;
} Label;

/* Members of every document type in one table: a name means the same in
 * each (a party's "phone" and a case's employer "phone"), and a reader
 * should never meet a member name on screen. */
static const Label fields[] = {
  /* Cases */
  { "title", N_("Title") },
  { "number", N_("Case Number") },
  { "status", N_("Status") },
  { "kind", N_("Kind") },
  { "source", N_("Source") },
  { "received_on", N_("Received") },
  { "accepted_on", N_("Accepted On") },
  { "knew_on", N_("Worker knew of the infringement") },
  { "employment_ended_on", N_("Employment ended") },
  { "employment_ongoing", N_("Employment continues") },
  { "facts", N_("Facts") },
  { "layoff", N_("Collective layoff") },
  { "layoff_size", N_("Workers to be laid off") },
  { "hotline_ref", N_("Dispatch number") },
  { "illegal_project", N_("Illegal subcontracting") },
  { "referred_by", N_("Referred by") },
  { "referral_ref", N_("Their reference number") },
  { "referred_to", N_("Referred To") },
  { "limitation_restarted_on", N_("Limitation restarted (claim made, relief sought)") },
  { "arbitration_applied_on", N_("Applied for arbitration") },
  { "arbitration_accepted_on", N_("Arbitration accepted") },
  { "station", N_("Station code") },
  { "number_year", N_("Year of the case number") },
  { "number_seq", N_("Sequence of the case number") },
  { "created_at", N_("Created") },
  { "created_by", N_("Created by") },
  { "updated_at", N_("Last Changed") },
  { "closed_on", N_("Closed on") },
  /* Parties */
  { "name", N_("Name") },
  { "role", N_("Role") },
  { "id_number", N_("ID number") },
  { "phone", N_("Phone") },
  { "job", N_("Job") },
  { "start_date", N_("Started work") },
  { "monthly_wage_fen", N_("Monthly wage") },
  { "owed_fen", N_("Amount owed") },
  { "bank_account", N_("Bank account") },
  { "credit_code", N_("Unified social credit code") },
  { "representative", N_("Legal representative") },
  { "address", N_("Address") },
  { "contact", N_("Contact person") },
  { "represents", N_("Acts for") },
  { "position", N_("Order in the list") },
  /* Claims */
  { "amount_fen", N_("Amount") },
  { "description", N_("Description") },
  /* Settlements and payments */
  { "total_fen", N_("Total") },
  { "payer", N_("Payer") },
  { "method", N_("Method") },
  { "installments", N_("Installments") },
  { "installment", N_("Installment") },
  { "terms", N_("Agreed terms") },
  { "agreed_on", N_("Agreed on") },
  { "source_session_id", N_("Session it came from") },
  { "worker_id", N_("Worker") },
  { "paid_on", N_("Paid on") },
  { "reference", N_("Reference") },
  { "recorded_at", N_("Recorded") },
  { "recorded_by", N_("Recorded By") },
  { "settlement_id", N_("Settlement") },
  /* Sessions, notes, timeline, consultations */
  { "text", N_("Text") },
  { "note", N_("Note") },
  { "date", N_("Date") },
  { "place", N_("Place") },
  { "summary", N_("Summary") },
  { "side", N_("Side") },
  { "party_id", N_("Party") },
  { "started_at", N_("Started") },
  { "ended_at", N_("Ended") },
  { "at", N_("When") },
  { "actor", N_("Who") },
  { "reason", N_("Reason") },
  { "held_on", N_("Date") },
  { "channel", N_("Where") },
  { "worker", N_("Worker") },
  { "employer", N_("Employer") },
  { "problem", N_("Problem") },
  { "advice", N_("Advice Given") },
  { "next_step", N_("Next Step") },
  { "referral", N_("Referred To") },
  { "migrant_worker", N_("Migrant Worker") },
  { "advised_by", N_("Recorded By") },
  { "filename", N_("File name") },
  { "content_type", N_("Kind of file") },
};

static const Label types[] = {
  { "case", N_("Case") },
  { "party", N_("Party") },
  { "claim", N_("Claim") },
  { "note", N_("Note") },
  { "session", N_("Session") },
  { "offer", N_("Offer") },
  { "settlement", N_("Settlement") },
  { "payment", N_("Payment") },
  { "event", N_("Timeline Entry") },
  { "consultation", N_("Consultation") },
  { "evidence", N_("Evidence") },
};

static const Label *
find (const Label *labels,
      gsize        n,
      const char  *name)
{
  if (name == NULL)
    return NULL;
  for (gsize i = 0; i < n; i++)
    if (strcmp (labels[i].name, name) == 0)
      return &labels[i];
  return NULL;
}

const char *
tj_field_label (const char *field)
{
  const Label *l = find (fields, G_N_ELEMENTS (fields), field);

  return l ? _(l->label) : (field ? field : "");
}

gboolean
tj_field_label_known (const char *field)
{
  return find (fields, G_N_ELEMENTS (fields), field) != NULL;
}

char *
tj_field_labels_join (const char * const *names)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; names && names[i]; i++)
    {
      if (i > 0)
        /* Translators: between the items of a list, "Title, Facts". */
        g_string_append (out, _(", "));
      g_string_append (out, tj_field_label (names[i]));
    }
  return g_string_free (out, FALSE);
}

const char *
tj_document_type_label (const char *type)
{
  const Label *l = find (types, G_N_ELEMENTS (types), type);

  return l ? _(l->label) : _("Document");
}

gboolean
tj_field_is_date (const char *field)
{
  return field != NULL &&
         (g_str_has_suffix (field, "_on") || strcmp (field, "date") == 0 || strcmp (field, "start_date") == 0 ||
          strcmp (field, "due_on") == 0);
}

gboolean
tj_field_is_timestamp (const char *field)
{
  return field != NULL && (g_str_has_suffix (field, "_at") || strcmp (field, "at") == 0);
}
