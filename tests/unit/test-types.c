/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The registered enums of the documents' codes: every value of every
 * labelled enum has a label in the one table, nicks are the stored
 * strings and go both ways, an unknown code shows as itself, and the
 * list model of choices follows the enum (or the nicks asked for). */

#include <locale.h>

#include "tj-enum-list.h"
#include "tj-types.h"

static void
test_every_value_labelled (void)
{
  guint n_types = 0;
  g_autofree GType *types = tj_enum_list_labelled_types (&n_types);

  g_assert_cmpuint (n_types, >=, 15);
  for (guint i = 0; i < n_types; i++)
    {
      g_autoptr(GEnumClass) klass = g_type_class_ref (types[i]);

      for (guint v = 0; v < klass->n_values; v++)
        {
          const char *label = tj_enum_get_label (types[i], klass->values[v].value);
          int back = -1;

          if (label == NULL || *label == '\0')
            g_error ("%s: %s has no label", g_type_name (types[i]), klass->values[v].value_nick);
          g_assert_cmpstr (tj_enum_get_nick (types[i], klass->values[v].value), ==, klass->values[v].value_nick);
          g_assert_true (tj_enum_from_nick (types[i], klass->values[v].value_nick, &back));
          g_assert_cmpint (back, ==, klass->values[v].value);
        }
    }
}

static void
test_labels_by_nick (void)
{
  /* The codes stored in documents since the first version. */
  g_assert_cmpstr (tj_party_role_label ("general_contractor"), ==, "General contractor");
  g_assert_cmpstr (tj_party_role_label ("representative"), ==, "Workers’ representative");
  g_assert_cmpstr (tj_case_status_label ("mediating"), ==, "Mediating");
  g_assert_cmpstr (tj_deadline_kind_label ("installment"), ==, "Installment overdue");
  g_assert_cmpstr (tj_payment_method_label ("wage_account"), ==, "Into the wage account");
  g_assert_cmpstr (tj_calc_kind_label ("compensation_with_notice"), ==,
                   "Compensation and pay in lieu of notice (N+1)");

  /* A code from a newer version shows as itself; nothing shows as "". */
  g_assert_cmpstr (tj_party_role_label ("guarantor"), ==, "guarantor");
  g_assert_cmpstr (tj_case_kind_label (NULL), ==, "");
  g_assert_false (tj_enum_from_nick (TJ_TYPE_PARTY_ROLE, "guarantor", NULL));
  g_assert_false (tj_enum_from_nick (TJ_TYPE_PARTY_ROLE, NULL, NULL));
}

static void
test_nicks (void)
{
  g_autofree const char **nicks = tj_enum_dup_nicks (TJ_TYPE_SETTLEMENT_STATUS);

  g_assert_cmpuint (g_strv_length ((char **) nicks), ==, 2);
  g_assert_cmpstr (nicks[0], ==, "draft");
  g_assert_cmpstr (nicks[1], ==, "agreed");
}

static void
test_list (void)
{
  g_autoptr(TjEnumList) all = tj_enum_list_new (TJ_TYPE_PAYMENT_METHOD);
  const char * const some[] = { "cash", "no_such_method", "bank_transfer", NULL };
  g_autoptr(TjEnumList) picked = tj_enum_list_new_for_nicks (TJ_TYPE_PAYMENT_METHOD, some);
  g_autoptr(TjEnumItem) item = NULL;
  g_autofree char *label = NULL;

  g_assert_true (g_list_model_get_item_type (G_LIST_MODEL (all)) == TJ_TYPE_ENUM_ITEM);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (all)), ==, 3);
  g_assert_true (tj_enum_list_get_enum_type (all) == TJ_TYPE_PAYMENT_METHOD);
  g_assert_cmpuint (tj_enum_list_find (all, "wage_account"), ==, 2);
  g_assert_cmpuint (tj_enum_list_find (all, "cheque"), ==, G_MAXUINT);
  g_assert_cmpstr (tj_enum_list_get_nick (all, 0), ==, "bank_transfer");
  g_assert_null (tj_enum_list_get_nick (all, 3));

  /* Only the nicks asked for, in their order; unknown ones skipped. */
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (picked)), ==, 2);
  g_assert_cmpstr (tj_enum_list_get_nick (picked, 0), ==, "cash");
  g_assert_cmpstr (tj_enum_list_get_nick (picked, 1), ==, "bank_transfer");

  /* What a combo row's expression reads. */
  item = g_list_model_get_item (G_LIST_MODEL (picked), 1);
  g_assert_cmpint (tj_enum_item_get_value (item), ==, TJ_PAYMENT_METHOD_BANK_TRANSFER);
  g_assert_cmpstr (tj_enum_item_get_nick (item), ==, "bank_transfer");
  g_object_get (item, "label", &label, NULL);
  g_assert_cmpstr (label, ==, "Bank transfer");
  g_assert_null (g_list_model_get_item (G_LIST_MODEL (picked), 2));
}

int
main (int    argc,
      char **argv)
{
  /* The labels are compared untranslated. */
  g_setenv ("LANGUAGE", "C", TRUE);
  setlocale (LC_ALL, "C.UTF-8");
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/types/every-value-labelled", test_every_value_labelled);
  g_test_add_func ("/types/labels-by-nick", test_labels_by_nick);
  g_test_add_func ("/types/nicks", test_nicks);
  g_test_add_func ("/types/list", test_list);
  return g_test_run ();
}
