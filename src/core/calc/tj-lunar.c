/* SPDX-License-Identifier: GPL-3.0-or-later */
#undef G_LOG_DOMAIN
#define G_LOG_DOMAIN "Tiaojie-Calc"

/* The Chinese calendar from astronomy, not from a table.
 *
 * Why computed: the statutory holidays (全国年节及纪念日放假办法) must count
 * in a year whose State Council notice is not installed yet, and the usual
 * lunar tables (a hex word per year) are opaque: one wrong digit moves a
 * holiday silently. The rules of the calendar are short and public
 * (GB/T 33661-2017):
 *   - days run midnight to midnight, Beijing time (UTC+8);
 *   - a month begins on the day of a new moon;
 *   - the month containing the winter solstice (冬至, Sun at 270°) is the
 *     11th;
 *   - when 13 months lie between two 11th months, the first of them that
 *     contains no principal term (中气, the Sun at a multiple of 30°) is a
 *     leap month and repeats the number of the month before;
 *   - 清明 is the day the Sun reaches 15°.
 * So all we need are the times of new moons and of the Sun's longitude.
 *
 * New moons: Meeus, Astronomical Algorithms (2nd ed.), chapter 49 — the
 * mean lunation plus the periodic and planetary terms, good to well under
 * a minute. The Sun: VSOP87 (Bretagnon & Francou) for the Earth truncated
 * to its largest terms, as in Meeus chapter 32 and appendix III, with the
 * FK5 correction, nutation (chapter 22, 4 terms) and aberration (chapter
 * 25): about a second of arc, a few seconds of time. ΔT (TT − UT) from the
 * Espenak–Meeus polynomials. A date is only wrong when an event falls
 * within these errors of midnight; the unit tests check 1900–2100 holidays
 * that are known. */

#include "tj-lunar.h"

#include <math.h>

#define DEG (G_PI / 180.0)
#define J2000 2451545.0
#define MEAN_LUNATION 29.530588861
/* Julian Day (at noon) of GDate's julian day 1, 0001-01-01, minus one. */
#define GDATE_TO_JD 1721425

/* ΔT in days for a (decimal) year: Espenak & Meeus, NASA eclipse pages. */
static double
delta_t (double y)
{
  double t, s;

  if (y < 1920)
    {
      t = y - 1900;
      s = -2.79 + 1.494119 * t - 0.0598939 * t * t + 0.0061966 * t * t * t - 0.000197 * t * t * t * t;
    }
  else if (y < 1941)
    {
      t = y - 1920;
      s = 21.20 + 0.84493 * t - 0.076100 * t * t + 0.0020936 * t * t * t;
    }
  else if (y < 1961)
    {
      t = y - 1950;
      s = 29.07 + 0.407 * t - t * t / 233 + t * t * t / 2547;
    }
  else if (y < 1986)
    {
      t = y - 1975;
      s = 45.45 + 1.067 * t - t * t / 260 - t * t * t / 718;
    }
  else if (y < 2005)
    {
      t = y - 2000;
      s = 63.86 + 0.3345 * t - 0.060374 * t * t + 0.0017275 * pow (t, 3)
          + 0.000651814 * pow (t, 4) + 0.00002373599 * pow (t, 5);
    }
  else if (y < 2050)
    {
      t = y - 2000;
      s = 62.92 + 0.32217 * t + 0.005589 * t * t;
    }
  else
    {
      double u = (y - 1820) / 100;
      s = -20 + 32 * u * u - 0.5628 * (2150 - y);
    }
  return s / 86400.0;
}

/* The civil day number (GDate julian) at UTC+8 of the dynamical time
 * @jde. */
static guint32
beijing_day (double jde)
{
  double year = 2000.0 + (jde - J2000) / 365.25;
  double jd_ut = jde - delta_t (year);

  return (guint32) floor (jd_ut + 0.5 + 8.0 / 24.0) - GDATE_TO_JD;
}

/* New moons ------------------------------------------------------------ */

/* Meeus (49.1) and the corrections of chapter 49; @k is the lunation
 * number (0 = the new moon of 2000-01-06). */
static double
new_moon (double k)
{
  double t = k / 1236.85, t2 = t * t, t3 = t2 * t, t4 = t3 * t;
  double jde = 2451550.09766 + MEAN_LUNATION * k + 0.00015437 * t2 - 0.000000150 * t3 + 0.00000000073 * t4;
  double e = 1 - 0.002516 * t - 0.0000074 * t2;
  double m = (2.5534 + 29.10535670 * k - 0.0000014 * t2 - 0.00000011 * t3) * DEG;
  double mp = (201.5643 + 385.81693528 * k + 0.0107582 * t2 + 0.00001238 * t3 - 0.000000058 * t4) * DEG;
  double f = (160.7108 + 390.67050284 * k - 0.0016118 * t2 - 0.00000227 * t3 + 0.000000011 * t4) * DEG;
  double om = (124.7746 - 1.56375588 * k + 0.0020672 * t2 + 0.00000215 * t3) * DEG;
  static const double a_coef[14][3] = {
    { 299.77, 0.107408, 0.000325 }, { 251.88, 0.016321, 0.000165 }, { 251.83, 26.651886, 0.000164 },
    { 349.42, 36.412478, 0.000126 }, { 84.66, 18.206239, 0.000110 }, { 141.74, 53.303771, 0.000062 },
    { 207.14, 2.453732, 0.000060 }, { 154.84, 7.306860, 0.000056 }, { 34.52, 27.261239, 0.000047 },
    { 207.19, 0.121824, 0.000042 }, { 291.34, 1.844379, 0.000040 }, { 161.72, 24.198154, 0.000037 },
    { 239.56, 25.513099, 0.000035 }, { 331.55, 3.592518, 0.000023 },
  };
  double c;

  c = -0.40720 * sin (mp)
      + 0.17241 * e * sin (m)
      + 0.01608 * sin (2 * mp)
      + 0.01039 * sin (2 * f)
      + 0.00739 * e * sin (mp - m)
      - 0.00514 * e * sin (mp + m)
      + 0.00208 * e * e * sin (2 * m)
      - 0.00111 * sin (mp - 2 * f)
      - 0.00057 * sin (mp + 2 * f)
      + 0.00056 * e * sin (2 * mp + m)
      - 0.00042 * sin (3 * mp)
      + 0.00042 * e * sin (m + 2 * f)
      + 0.00038 * e * sin (m - 2 * f)
      - 0.00024 * e * sin (2 * mp - m)
      - 0.00017 * sin (om)
      - 0.00007 * sin (mp + 2 * m)
      + 0.00004 * sin (2 * mp - 2 * f)
      + 0.00004 * sin (3 * m)
      + 0.00003 * sin (mp + m - 2 * f)
      + 0.00003 * sin (2 * mp + 2 * f)
      - 0.00003 * sin (mp + m + 2 * f)
      + 0.00003 * sin (mp - m + 2 * f)
      - 0.00002 * sin (mp - m - 2 * f)
      - 0.00002 * sin (3 * mp + m)
      + 0.00002 * sin (4 * mp);
  for (guint i = 0; i < G_N_ELEMENTS (a_coef); i++)
    {
      double a = a_coef[i][0] + a_coef[i][1] * k;
      if (i == 0)
        a -= 0.009173 * t2;
      c += a_coef[i][2] * sin (a * DEG);
    }
  return jde + c;
}

/* The Sun ----------------------------------------------------------------- */

typedef struct {
  double a, b, c;
} Term;

/* VSOP87D Earth, heliocentric longitude, the largest terms (units of
 * 1e-8 radian; argument b + c·τ, τ in Julian millennia from J2000). */
static const Term l0[] = {
  { 175347046, 0, 0 }, { 3341656, 4.6692568, 6283.0758500 }, { 34894, 4.62610, 12566.15170 },
  { 3497, 2.7441, 5753.3849 }, { 3418, 2.8289, 3.5231 }, { 3136, 3.6277, 77713.7715 },
  { 2676, 4.4181, 7860.4194 }, { 2343, 6.1352, 3930.2097 }, { 1324, 0.7425, 11506.7698 },
  { 1273, 2.0371, 529.6910 }, { 1199, 1.1096, 1577.3435 }, { 990, 5.233, 5884.927 },
  { 902, 2.045, 26.298 }, { 857, 3.508, 398.149 }, { 780, 1.179, 5223.694 },
  { 753, 2.533, 5507.553 }, { 505, 4.583, 18849.228 }, { 492, 4.205, 775.523 },
  { 357, 2.920, 0.067 }, { 317, 5.849, 11790.629 }, { 284, 1.899, 796.298 },
  { 271, 0.315, 10977.079 }, { 243, 0.345, 5486.778 }, { 206, 4.806, 2544.314 },
  { 205, 1.869, 5573.143 }, { 202, 2.458, 6069.777 }, { 156, 0.833, 213.299 },
  { 132, 3.411, 2942.463 }, { 126, 1.083, 20.775 }, { 115, 0.645, 0.980 },
  { 103, 0.636, 4694.003 }, { 102, 0.976, 15720.839 }, { 102, 4.267, 7.114 },
  { 99, 6.21, 2146.17 }, { 98, 0.68, 155.42 }, { 86, 5.98, 161000.69 },
  { 85, 1.30, 6275.96 }, { 85, 3.67, 71430.70 }, { 80, 1.81, 17260.15 },
  { 79, 3.04, 12036.46 }, { 75, 1.76, 5088.63 }, { 74, 3.50, 3154.69 },
  { 74, 4.68, 801.82 }, { 70, 0.83, 9437.76 }, { 62, 3.98, 8827.39 },
  { 61, 1.82, 7084.90 }, { 57, 2.78, 6286.60 }, { 56, 4.39, 14143.50 },
  { 56, 3.47, 6279.55 }, { 52, 0.19, 12139.55 }, { 52, 1.33, 1748.02 },
  { 51, 0.28, 5856.48 }, { 49, 0.49, 1194.45 }, { 41, 5.37, 8429.24 },
  { 41, 2.40, 19651.05 }, { 39, 6.17, 10447.39 }, { 37, 6.04, 10213.29 },
  { 37, 2.57, 1059.38 }, { 36, 1.71, 2352.87 }, { 36, 1.78, 6812.77 },
  { 33, 0.59, 17789.85 }, { 30, 0.44, 83996.85 }, { 30, 2.74, 1349.87 },
  { 25, 3.16, 4690.48 },
};
static const Term l1[] = {
  { 628331966747.0, 0, 0 }, { 206059, 2.678235, 6283.075850 }, { 4303, 2.6351, 12566.1517 },
  { 425, 1.590, 3.523 }, { 119, 5.796, 26.298 }, { 109, 2.966, 1577.344 },
  { 93, 2.59, 18849.23 }, { 72, 1.14, 529.69 }, { 68, 1.87, 398.15 },
  { 67, 4.41, 5507.55 }, { 59, 2.89, 5223.69 }, { 56, 2.17, 155.42 },
  { 45, 0.40, 796.30 }, { 36, 0.47, 775.52 }, { 29, 2.65, 7.11 },
  { 21, 5.34, 0.98 }, { 19, 1.85, 5486.78 }, { 19, 4.97, 213.30 },
  { 17, 2.99, 6275.96 }, { 16, 0.03, 2544.31 }, { 16, 1.43, 2146.17 },
  { 15, 1.21, 10977.08 }, { 12, 2.83, 1748.02 }, { 12, 3.26, 5088.63 },
  { 12, 5.27, 1194.45 }, { 12, 2.08, 4694.00 }, { 11, 0.77, 553.57 },
  { 10, 1.30, 6286.60 }, { 10, 4.24, 1349.87 }, { 9, 2.70, 242.73 },
  { 9, 5.64, 951.72 }, { 8, 5.30, 2352.87 }, { 6, 2.65, 9437.76 },
  { 6, 4.67, 4690.48 },
};
static const Term l2[] = {
  { 52919, 0, 0 }, { 8720, 1.0721, 6283.0758 }, { 309, 0.867, 12566.152 },
  { 27, 0.05, 3.52 }, { 16, 5.19, 26.30 }, { 16, 3.68, 155.42 },
  { 10, 0.76, 18849.23 }, { 9, 2.06, 77713.77 }, { 7, 0.83, 775.52 },
  { 5, 4.66, 1577.34 }, { 4, 1.03, 7.11 }, { 4, 3.44, 5573.14 },
  { 3, 5.14, 796.30 }, { 3, 6.05, 5507.55 }, { 3, 1.19, 242.73 },
  { 3, 6.12, 529.69 }, { 3, 0.31, 398.15 }, { 3, 2.28, 553.57 },
  { 2, 4.38, 5223.69 }, { 2, 3.75, 0.98 },
};
static const Term l3[] = {
  { 289, 5.844, 6283.076 }, { 35, 0, 0 }, { 17, 5.49, 12566.15 },
  { 3, 5.20, 155.42 }, { 1, 4.72, 3.52 }, { 1, 5.30, 18849.23 },
  { 1, 5.97, 242.73 },
};
static const Term l4[] = {
  { 114, 3.142, 0 }, { 8, 4.13, 6283.08 }, { 1, 3.84, 12566.15 },
};

static double
series (const Term *terms,
        gsize       n,
        double      tau)
{
  double sum = 0;

  for (gsize i = 0; i < n; i++)
    sum += terms[i].a * cos (terms[i].b + terms[i].c * tau);
  return sum;
}

static double
normalize_degrees (double d)
{
  d = fmod (d, 360.0);
  return d < 0 ? d + 360.0 : d;
}

/* The Sun's apparent geocentric longitude in degrees at @jde. */
static double
sun_longitude (double jde)
{
  double tau = (jde - J2000) / 365250.0;
  double t = tau * 10.0;
  double l, lambda, omega, ls, lm, dpsi, m, r;

  l = (series (l0, G_N_ELEMENTS (l0), tau)
       + series (l1, G_N_ELEMENTS (l1), tau) * tau
       + series (l2, G_N_ELEMENTS (l2), tau) * tau * tau
       + series (l3, G_N_ELEMENTS (l3), tau) * tau * tau * tau
       + series (l4, G_N_ELEMENTS (l4), tau) * tau * tau * tau * tau) / 1e8;
  /* Geocentric: the Earth seen from the Sun, turned round. */
  lambda = l / DEG + 180.0;
  /* To FK5 (Meeus 32.3, −0.09033″). */
  lambda -= 0.09033 / 3600.0;
  /* Nutation in longitude (Meeus 22, the four main terms). */
  omega = (125.04452 - 1934.136261 * t) * DEG;
  ls = (280.4665 + 36000.7698 * t) * DEG;
  lm = (218.3165 + 481267.8813 * t) * DEG;
  dpsi = -17.20 * sin (omega) - 1.32 * sin (2 * ls) - 0.23 * sin (2 * lm) + 0.21 * sin (2 * omega);
  lambda += dpsi / 3600.0;
  /* Aberration, −20.4898″ / R, R from the eccentric orbit (Meeus 25). */
  m = (357.52911 + 35999.05029 * t) * DEG;
  r = 1.000140 - 0.016708 * cos (m) - 0.000139 * cos (2 * m);
  lambda -= 20.4898 / 3600.0 / r;
  return normalize_degrees (lambda);
}

/* The moment (JDE) near @guess when the Sun reaches @target degrees. */
static double
sun_reaches (double target,
             double guess)
{
  double jde = guess;

  for (guint i = 0; i < 20; i++)
    {
      double diff = normalize_degrees (target - sun_longitude (jde) + 180.0) - 180.0;
      jde += diff * 365.2422 / 360.0;
      if (fabs (diff) < 1e-7)
        break;
    }
  return jde;
}

/* JD (noon) of 1 January of @year. */
static double
jd_of_january_first (guint year)
{
  GDate d;

  g_date_clear (&d, 1);
  g_date_set_dmy (&d, 1, G_DATE_JANUARY, (GDateYear) year);
  return (double) g_date_get_julian (&d) + GDATE_TO_JD;
}

/* The civil day (GDate julian, UTC+8) in @year on which the Sun reaches
 * @longitude. On 1 January the Sun stands near 280°. */
static guint32
solar_term_day (guint  year,
                double longitude)
{
  double guess = jd_of_january_first (year) + normalize_degrees (longitude - 280.0) / 360.0 * 365.2422;

  return beijing_day (sun_reaches (longitude, guess));
}

gboolean
tj_lunar_solar_term (guint  year,
                     guint  longitude,
                     GDate *out)
{
  g_return_val_if_fail (out != NULL, FALSE);

  if (year < TJ_LUNAR_FIRST_YEAR || year > TJ_LUNAR_LAST_YEAR || longitude % 15 != 0 || longitude >= 360)
    return FALSE;
  g_date_clear (out, 1);
  g_date_set_julian (out, solar_term_day (year, longitude));
  return TRUE;
}

/* The months ---------------------------------------------------------------- */

/* The day on which the new moon of lunation @k falls, at UTC+8. */
static guint32
new_moon_day (gint k)
{
  return beijing_day (new_moon ((double) k));
}

/* The lunation whose new-moon day is the last one on or before @day. */
static gint
lunation_on_or_before (guint32 day)
{
  double jd = (double) day + GDATE_TO_JD;
  gint k = (gint) floor ((jd - 2451550.09766) / MEAN_LUNATION);

  while (new_moon_day (k) > day)
    k--;
  while (new_moon_day (k + 1) <= day)
    k++;
  return k;
}

/* Fills @starts[m] with the first day of each (non-leap) month from the
 * 11th month containing 冬至 of @year − 1 to the one before the 11th month
 * containing 冬至 of @year: months 11 and 12 of the previous lunar year,
 * then months 1–10 of the lunar year that begins in @year. */
static void
lunar_year_months (guint    year,
                   guint32  starts[13])
{
  guint32 solstice_before = solar_term_day (year - 1, 270);
  guint32 solstice = solar_term_day (year, 270);
  gint k0 = lunation_on_or_before (solstice_before);
  gint k1 = lunation_on_or_before (solstice);
  gint n = k1 - k0;   /* 12, or 13 with a leap month */
  gint leap = -1;
  guint number = 11;

  if (n == 13)
    {
      /* The principal terms (中气) from 大寒 (300°) of @year to 小雪
       * (240°); 冬至 on both sides bounds the months. */
      guint32 terms[11];
      for (guint i = 0; i < 11; i++)
        terms[i] = solar_term_day (year, normalize_degrees (300.0 + 30.0 * i));
      for (gint i = 1; i < n && leap < 0; i++)
        {
          guint32 from = new_moon_day (k0 + i), to = new_moon_day (k0 + i + 1);
          gboolean has_term = FALSE;

          for (guint j = 0; j < G_N_ELEMENTS (terms) && !has_term; j++)
            has_term = terms[j] >= from && terms[j] < to;
          if (!has_term)
            leap = i;
        }
    }

  for (gint i = 0; i < n; i++)
    {
      if (i == leap)
        continue;   /* a leap month repeats the number before it */
      starts[number] = new_moon_day (k0 + i);
      number = number % 12 + 1;
    }
}

gboolean
tj_lunar_to_gregorian (guint  year,
                       guint  month,
                       guint  day,
                       GDate *out)
{
  guint32 starts[13];

  g_return_val_if_fail (out != NULL, FALSE);

  if (year < TJ_LUNAR_FIRST_YEAR || year > TJ_LUNAR_LAST_YEAR || month < 1 || month > 10
      || day < 1 || day > 30)
    return FALSE;
  lunar_year_months (year, starts);
  g_date_clear (out, 1);
  g_date_set_julian (out, starts[month] + day - 1);
  return TRUE;
}
