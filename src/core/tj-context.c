/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Tiaojie"

#include "tj-context.h"

struct _TjContext
{
  GObject       parent_instance;

  GSettings    *settings;     /* NULL: no schema installed (the CLI, tests) */
  TjClock      *clock;
  TjRepository *repository;
  GHashTable   *overrides;    /* settings key → interned string */
};

G_DEFINE_FINAL_TYPE (TjContext, tj_context, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_SETTINGS,
  PROP_CLOCK,
  PROP_REPOSITORY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Built-in defaults, as tj_case_context_init_defaults() has them. */
#define DEFAULT_NUMBER_PATTERN "〔{year}〕{station}调字第{seq:04}号"
#define DEFAULT_FLAG_MIN_WORKERS 10
#define DEFAULT_FLAG_MIN_AMOUNT_FEN G_GINT64_CONSTANT (50000000)  /* ¥500,000 */

static gboolean
has_key (TjContext  *self,
         const char *key)
{
  g_autoptr(GSettingsSchema) schema = NULL;

  if (self->settings == NULL)
    return FALSE;
  g_object_get (self->settings, "settings-schema", &schema, NULL);
  return schema != NULL && g_settings_schema_has_key (schema, key);
}

/* The preference @key as the settings have it ("" without settings). */
static const char *
setting_string (TjContext  *self,
                const char *key)
{
  g_autofree char *value = NULL;

  if (!has_key (self, key))
    return "";
  value = g_settings_get_string (self->settings, key);
  return g_intern_string (value);
}

/* The override of @key, else the preference. */
static const char *
get_string (TjContext  *self,
            const char *key)
{
  const char *value = g_hash_table_lookup (self->overrides, key);

  return value ? value : setting_string (self, key);
}

static void
tj_context_dispose (GObject *object)
{
  TjContext *self = TJ_CONTEXT (object);

  g_clear_object (&self->settings);
  g_clear_object (&self->clock);
  g_clear_object (&self->repository);

  G_OBJECT_CLASS (tj_context_parent_class)->dispose (object);
}

static void
tj_context_finalize (GObject *object)
{
  TjContext *self = TJ_CONTEXT (object);

  g_hash_table_unref (self->overrides);

  G_OBJECT_CLASS (tj_context_parent_class)->finalize (object);
}

static void
tj_context_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  TjContext *self = TJ_CONTEXT (object);

  switch (prop_id)
    {
    case PROP_SETTINGS:
      g_value_set_object (value, self->settings);
      break;
    case PROP_CLOCK:
      g_value_set_object (value, self->clock);
      break;
    case PROP_REPOSITORY:
      g_value_set_object (value, self->repository);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tj_context_set_property (GObject      *object,
                         guint         prop_id,
                         const GValue *value,
                         GParamSpec   *pspec)
{
  TjContext *self = TJ_CONTEXT (object);

  switch (prop_id)
    {
    case PROP_SETTINGS:
      tj_context_set_settings (self, g_value_get_object (value));
      break;
    case PROP_CLOCK:
      /* Construct-only: NULL is the process's clock. */
      self->clock = g_value_get_object (value) ? g_value_dup_object (value)
                                               : g_object_ref (tj_clock_get_default ());
      break;
    case PROP_REPOSITORY:
      tj_context_set_repository (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tj_context_class_init (TjContextClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = tj_context_dispose;
  object_class->finalize = tj_context_finalize;
  object_class->get_property = tj_context_get_property;
  object_class->set_property = tj_context_set_property;

  /**
   * TjContext:settings:
   *
   * The preferences (the io.github.tiaojie.Tiaojie schema), or %NULL when
   * the schema is not installed: then the built-in defaults count.
   */
  properties[PROP_SETTINGS] =
    g_param_spec_object ("settings", NULL, NULL, G_TYPE_SETTINGS,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  /**
   * TjContext:clock:
   *
   * What day it is; the process's clock (tj_clock_get_default()) unless
   * another was given.
   */
  properties[PROP_CLOCK] =
    g_param_spec_object ("clock", NULL, NULL, TJ_TYPE_CLOCK,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  /**
   * TjContext:repository:
   *
   * The open case database, or %NULL while there is none.
   */
  properties[PROP_REPOSITORY] =
    g_param_spec_object ("repository", NULL, NULL, TJ_TYPE_REPOSITORY,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
tj_context_init (TjContext *self)
{
  self->overrides = g_hash_table_new (g_str_hash, g_str_equal);
}

/**
 * tj_context_new:
 * @settings: (nullable): the preferences
 * @clock: (nullable): the clock; %NULL for the process's
 *
 * Returns: (transfer full): a new context without a repository
 */
TjContext *
tj_context_new (GSettings *settings,
                TjClock   *clock)
{
  g_return_val_if_fail (settings == NULL || G_IS_SETTINGS (settings), NULL);
  g_return_val_if_fail (clock == NULL || TJ_IS_CLOCK (clock), NULL);

  return g_object_new (TJ_TYPE_CONTEXT, "settings", settings, "clock", clock, NULL);
}

/**
 * tj_context_new_default:
 * @clock: (nullable): the clock; %NULL for the process's
 *
 * A context on the preferences when their schema is installed (otherwise
 * the built-in defaults): what a command-line run works in.
 *
 * Returns: (transfer full): a new context without a repository
 */
TjContext *
tj_context_new_default (TjClock *clock)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = source ? g_settings_schema_source_lookup (source, APP_ID, TRUE) : NULL;
  g_autoptr(GSettings) settings = schema ? g_settings_new (APP_ID) : NULL;

  return tj_context_new (settings, clock);
}

GSettings *
tj_context_get_settings (TjContext *self)
{
  g_return_val_if_fail (TJ_IS_CONTEXT (self), NULL);

  return self->settings;
}

void
tj_context_set_settings (TjContext *self,
                         GSettings *settings)
{
  g_return_if_fail (TJ_IS_CONTEXT (self));
  g_return_if_fail (settings == NULL || G_IS_SETTINGS (settings));

  if (g_set_object (&self->settings, settings))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SETTINGS]);
}

/**
 * tj_context_get_clock:
 * @self: a context
 *
 * Returns: (transfer none): the clock; pages that show dated lists reload
 *   on its ::day-changed
 */
TjClock *
tj_context_get_clock (TjContext *self)
{
  g_return_val_if_fail (TJ_IS_CONTEXT (self), NULL);

  return self->clock;
}

/**
 * tj_context_get_repository:
 * @self: a context
 *
 * Returns: (transfer none) (nullable): the open database with its worker
 *   and its "changed" signal
 */
TjRepository *
tj_context_get_repository (TjContext *self)
{
  g_return_val_if_fail (TJ_IS_CONTEXT (self), NULL);

  return self->repository;
}

void
tj_context_set_repository (TjContext    *self,
                           TjRepository *repository)
{
  g_return_if_fail (TJ_IS_CONTEXT (self));
  g_return_if_fail (repository == NULL || TJ_IS_REPOSITORY (repository));

  if (g_set_object (&self->repository, repository))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REPOSITORY]);
}

/**
 * tj_context_override:
 * @self: a context
 * @key: a preference (TJ_CONTEXT_MEDIATOR_NAME, TJ_CONTEXT_STATION_CODE…)
 * @value: (nullable): what counts instead of the preference; %NULL to
 *   follow the preference again
 *
 * Overrides a preference for this context only: a command's `--actor`
 * and `--station`, a test's fixed mediator.
 */
void
tj_context_override (TjContext  *self,
                     const char *key,
                     const char *value)
{
  g_return_if_fail (TJ_IS_CONTEXT (self));
  g_return_if_fail (key != NULL);

  if (value == NULL)
    g_hash_table_remove (self->overrides, key);
  else
    g_hash_table_insert (self->overrides, (gpointer) g_intern_string (key), (gpointer) g_intern_string (value));
}

/* Part of case numbers; may be empty. */
const char *
tj_context_get_station_code (TjContext *self)
{
  g_return_val_if_fail (TJ_IS_CONTEXT (self), "");

  return get_string (self, TJ_CONTEXT_STATION_CODE);
}

/* The case-number pattern; the built-in one when the preference is empty. */
const char *
tj_context_get_number_pattern (TjContext *self)
{
  const char *pattern;

  g_return_val_if_fail (TJ_IS_CONTEXT (self), DEFAULT_NUMBER_PATTERN);

  pattern = get_string (self, TJ_CONTEXT_NUMBER_PATTERN);
  return *pattern ? pattern : DEFAULT_NUMBER_PATTERN;
}

/* The mediator at the screen, recorded in timelines; may be empty. */
const char *
tj_context_get_actor (TjContext *self)
{
  g_return_val_if_fail (TJ_IS_CONTEXT (self), "");

  return get_string (self, TJ_CONTEXT_MEDIATOR_NAME);
}

const char *
tj_context_get_organisation_name (TjContext *self)
{
  g_return_val_if_fail (TJ_IS_CONTEXT (self), "");

  return get_string (self, TJ_CONTEXT_ORGANISATION_NAME);
}

const char *
tj_context_get_arbitration_commission (TjContext *self)
{
  g_return_val_if_fail (TJ_IS_CONTEXT (self), "");

  return get_string (self, TJ_CONTEXT_ARBITRATION_COMMISSION);
}

const char *
tj_context_get_court (TjContext *self)
{
  g_return_val_if_fail (TJ_IS_CONTEXT (self), "");

  return get_string (self, TJ_CONTEXT_COURT);
}

/* The city whose local figures (minimum wage, average wage) calculators
 * look up by default; may be empty. */
const char *
tj_context_get_city (TjContext *self)
{
  g_return_val_if_fail (TJ_IS_CONTEXT (self), "");

  return get_string (self, TJ_CONTEXT_CITY);
}

/* Early warning: a case with this many workers or more is flagged. */
guint
tj_context_get_flag_min_workers (TjContext *self)
{
  g_return_val_if_fail (TJ_IS_CONTEXT (self), DEFAULT_FLAG_MIN_WORKERS);

  return has_key (self, "flag-min-workers") ? g_settings_get_uint (self->settings, "flag-min-workers")
                                            : DEFAULT_FLAG_MIN_WORKERS;
}

/* Early warning: a case owing this much or more is flagged. */
gint64
tj_context_get_flag_min_amount_fen (TjContext *self)
{
  g_return_val_if_fail (TJ_IS_CONTEXT (self), DEFAULT_FLAG_MIN_AMOUNT_FEN);

  return has_key (self, "flag-min-amount-fen") ? g_settings_get_int64 (self->settings, "flag-min-amount-fen")
                                               : DEFAULT_FLAG_MIN_AMOUNT_FEN;
}

/* Today as YYYY-MM-DD by the context's clock (interned). */
const char *
tj_context_get_today (TjContext *self)
{
  g_autofree char *today = NULL;

  g_return_val_if_fail (TJ_IS_CONTEXT (self), NULL);

  today = tj_clock_dup_today_iso (self->clock);
  return g_intern_string (today);
}

/**
 * tj_context_fill_case_context:
 * @self: a context
 * @ctx: (out caller-allocates): what the case API reads
 *
 * Fills @ctx: station code, number pattern, the mediator's name, the
 * early-warning thresholds and today. The strings are interned, so @ctx
 * stays valid after the preferences change.
 */
void
tj_context_fill_case_context (TjContext     *self,
                              TjCaseContext *ctx)
{
  g_return_if_fail (TJ_IS_CONTEXT (self));
  g_return_if_fail (ctx != NULL);

  tj_case_context_init_defaults (ctx);
  ctx->station_code = tj_context_get_station_code (self);
  ctx->number_pattern = tj_context_get_number_pattern (self);
  ctx->actor = tj_context_get_actor (self);
  ctx->flag_min_workers = tj_context_get_flag_min_workers (self);
  ctx->flag_min_amount_fen = tj_context_get_flag_min_amount_fen (self);
  ctx->today = tj_context_get_today (self);
}

/**
 * tj_context_fill_case_query:
 * @self: a context
 * @query: a query set up by tj_case_query_init()
 *
 * Sets what a case list counts with: the early-warning thresholds and
 * today. The rest of @query is left alone.
 */
void
tj_context_fill_case_query (TjContext   *self,
                            TjCaseQuery *query)
{
  g_return_if_fail (TJ_IS_CONTEXT (self));
  g_return_if_fail (query != NULL);

  query->flag_min_workers = tj_context_get_flag_min_workers (self);
  query->flag_min_amount_fen = tj_context_get_flag_min_amount_fen (self);
  query->today = tj_context_get_today (self);
}

/**
 * tj_context_dup_organisation:
 * @self: a context
 *
 * The organisation printed on papers, from the preferences: "name", and
 * "mediator", "arbitration_commission" and "court" when set (a paper
 * prints a line to fill in for what is left out; tj_papers_generate()
 * puts the mediator at the screen when there is none).
 *
 * Returns: (transfer full): the organisation object
 */
JsonObject *
tj_context_dup_organisation (TjContext *self)
{
  JsonObject *org;
  const char *mediator, *commission, *court;

  g_return_val_if_fail (TJ_IS_CONTEXT (self), NULL);

  org = json_object_new ();
  json_object_set_string_member (org, "name", tj_context_get_organisation_name (self));
  /* The preference, not a command's --actor: the papers name the
   * organisation's mediator, the timeline who was at the keyboard. */
  mediator = setting_string (self, TJ_CONTEXT_MEDIATOR_NAME);
  commission = tj_context_get_arbitration_commission (self);
  court = tj_context_get_court (self);
  if (*mediator)
    json_object_set_string_member (org, "mediator", mediator);
  if (*commission)
    json_object_set_string_member (org, "arbitration_commission", commission);
  if (*court)
    json_object_set_string_member (org, "court", court);
  return org;
}
