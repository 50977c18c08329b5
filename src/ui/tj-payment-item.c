/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Tiaojie-UI"

#include <glib/gi18n.h>

#include "tj-money.h"
#include "tj-payment-item.h"

struct _TjPaymentItem
{
  GObject  parent_instance;

  char    *worker_id;
  char    *name;
  gint64   owed_fen;
  char    *owed_text;
  gboolean ticked;
};

G_DEFINE_FINAL_TYPE (TjPaymentItem, tj_payment_item, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_WORKER_ID,
  PROP_NAME,
  PROP_OWED_FEN,
  PROP_OWED_TEXT,
  PROP_TICKED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
tj_payment_item_finalize (GObject *object)
{
  TjPaymentItem *self = TJ_PAYMENT_ITEM (object);

  g_free (self->worker_id);
  g_free (self->name);
  g_free (self->owed_text);
  G_OBJECT_CLASS (tj_payment_item_parent_class)->finalize (object);
}

static void
tj_payment_item_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  TjPaymentItem *self = TJ_PAYMENT_ITEM (object);

  switch (prop_id)
    {
    case PROP_WORKER_ID:
      g_value_set_string (value, self->worker_id);
      break;
    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;
    case PROP_OWED_FEN:
      g_value_set_int64 (value, self->owed_fen);
      break;
    case PROP_OWED_TEXT:
      g_value_set_string (value, self->owed_text);
      break;
    case PROP_TICKED:
      g_value_set_boolean (value, self->ticked);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tj_payment_item_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  TjPaymentItem *self = TJ_PAYMENT_ITEM (object);

  switch (prop_id)
    {
    case PROP_TICKED:
      tj_payment_item_set_ticked (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tj_payment_item_class_init (TjPaymentItemClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = tj_payment_item_finalize;
  object_class->get_property = tj_payment_item_get_property;
  object_class->set_property = tj_payment_item_set_property;

  properties[PROP_WORKER_ID] = g_param_spec_string ("worker-id", NULL, NULL, NULL,
                                                    G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_NAME] = g_param_spec_string ("name", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_OWED_FEN] = g_param_spec_int64 ("owed-fen", NULL, NULL, 0, G_MAXINT64, 0,
                                                  G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_OWED_TEXT] = g_param_spec_string ("owed-text", NULL, NULL, NULL,
                                                    G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_TICKED] = g_param_spec_boolean ("ticked", NULL, NULL, FALSE,
                                                  G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
tj_payment_item_init (TjPaymentItem *self)
{
}

TjPaymentItem *
tj_payment_item_new (const char *worker_id,
                     const char *name,
                     gint64      owed_fen)
{
  TjPaymentItem *self = g_object_new (TJ_TYPE_PAYMENT_ITEM, NULL);

  self->worker_id = g_strdup (worker_id);
  self->name = g_strdup (name);
  self->owed_fen = owed_fen;
  if (owed_fen > 0)
    {
      g_autofree char *owed = tj_money_format (owed_fen);
      /* Translators: what a worker is still owed in an installment, "尚欠 ¥5,424.00". */
      self->owed_text = g_strdup_printf (_("Still owed %s"), owed);
    }
  else
    self->owed_text = g_strdup (_("Paid in full"));
  self->ticked = owed_fen > 0;
  return self;
}

const char *
tj_payment_item_get_worker_id (TjPaymentItem *self)
{
  g_return_val_if_fail (TJ_IS_PAYMENT_ITEM (self), NULL);
  return self->worker_id;
}

const char *
tj_payment_item_get_name (TjPaymentItem *self)
{
  g_return_val_if_fail (TJ_IS_PAYMENT_ITEM (self), NULL);
  return self->name;
}

gint64
tj_payment_item_get_owed_fen (TjPaymentItem *self)
{
  g_return_val_if_fail (TJ_IS_PAYMENT_ITEM (self), 0);
  return self->owed_fen;
}

const char *
tj_payment_item_get_owed_text (TjPaymentItem *self)
{
  g_return_val_if_fail (TJ_IS_PAYMENT_ITEM (self), NULL);
  return self->owed_text;
}

gboolean
tj_payment_item_get_ticked (TjPaymentItem *self)
{
  g_return_val_if_fail (TJ_IS_PAYMENT_ITEM (self), FALSE);
  return self->ticked;
}

void
tj_payment_item_set_ticked (TjPaymentItem *self,
                            gboolean       ticked)
{
  g_return_if_fail (TJ_IS_PAYMENT_ITEM (self));

  /* Nothing is owed: there is nothing to tick. */
  ticked = ticked && self->owed_fen > 0;
  if (self->ticked == ticked)
    return;
  self->ticked = ticked;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TICKED]);
}
