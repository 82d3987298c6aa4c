/* format.c -- numbers as the reader of a result expects them: as R prints them (format(),
 * signif(), format.pval()) and p-values as journals print them. */
#include "internal.h"
#include "prognos/format.h"

#include <float.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------------------------------------ */
/* R's formatReal                                                                             */

/* Powers of ten exact in an x87 long double (64-bit mantissa), as R's tbl[] in format.c. */
static const long double tbl[] = {
    1e00L, 1e01L, 1e02L, 1e03L, 1e04L, 1e05L, 1e06L, 1e07L, 1e08L, 1e09L,
    1e10L, 1e11L, 1e12L, 1e13L, 1e14L, 1e15L, 1e16L, 1e17L, 1e18L, 1e19L,
    1e20L, 1e21L, 1e22L, 1e23L, 1e24L, 1e25L, 1e26L, 1e27L
};
#define KP_MAX 27

static int clamp_digits(int digits)
{
    return digits < 1 ? 1 : digits > 22 ? 22 : digits;
}

/*
 * For finite x != 0 write |x| = alpha 10^kpower with 1 <= alpha < 10 after rounding to
 * `digits` significant digits; nsig is how many of those digits are significant (trailing
 * zeros dropped); widens is 1 when the rounding carries into a new leading digit in
 * scientific notation but would not in fixed notation (9996 to 3 digits is 1e+04, yet 9996).
 * R's scientific() in src/main/format.c: alpha = nearbyintl(|x| / 10^kp) in long double with
 * exact powers of ten, so that 0.15 to one digit is 0.1 as its binary value says (R 4.2).
 * From 16 digits on R reads the digits off sprintf("%.*e") instead, and so do we.
 */
static void scientific(double x, int digits, int *neg, int *kpower, int *nsig, int *widens)
{
    *neg = 0;
    *widens = 0;
    if (x == 0.0) {
        *kpower = 0;
        *nsig = 1;
        return;
    }
    double r = x;
    if (x < 0) *neg = 1, r = -x;
    if (digits >= DBL_DIG + 1) {
        char buf[64];
        snprintf(buf, sizeof buf, "%#.*e", digits - 1, r);
        *kpower = (int)strtol(buf + digits + 2, NULL, 10);
        int i = digits;
        while (i >= 2 && buf[i] == '0') i--;
        *nsig = i;
        return;
    }
    int kp = (int)floor(log10(r)) - digits + 1;
    long double rp = r;
    if (abs(kp) <= KP_MAX) {
        if (kp > 0) rp /= tbl[kp];
        else if (kp < 0) rp *= tbl[-kp];
    } else {
        rp /= powl(10.0L, (long double)kp);
    }
    if (rp < tbl[digits - 1]) {
        rp *= 10.0L;
        kp--;
    }
    double alpha = (double)nearbyintl(rp);
    int ns = digits;
    for (int j = 1; j <= digits; j++) {
        alpha /= 10.0;
        if (alpha != floor(alpha)) break;
        ns--;
    }
    if (ns == 0) {
        ns = 1;
        kp += 1;
    }
    *nsig = ns;
    *kpower = kp + digits - 1;
    int rgt = digits - *kpower;
    rgt = rgt < 0 ? 0 : rgt > KP_MAX ? KP_MAX : rgt;
    double fuzz = 0.5 / (double)tbl[rgt];
    *widens = *kpower > 0 && *kpower <= KP_MAX && r < tbl[*kpower] - fuzz;
}

/*
 * R's formatReal with nsmall = 0 and scipen = 0. Over the finite elements:
 *   left  = kpower + 1 (less one when rounding widens), right = nsig - left,
 *   fixed width       wF = max(neg_i + max(left, 1)) + rgt + (rgt > 0),  rgt = max(right, 0)
 *   scientific width  wE = neg + (d > 0) + d + 4 + e,  d = max(nsig) - 1,
 *                     e = 2 (three exponent digits) when max left > 100 or min left <= -99
 * and fixed notation whenever wF <= wE. NA needs 2 columns, Inf 3, -Inf 4.
 */
pg_format_spec pg_format_r_spec(const double *x, size_t n, int digits)
{
    pg_format_spec s = {0, 0, 0};
    int naflag = 0, posinf = 0, neginf = 0, neg = 0;
    int mnl = INT_MAX, mxl = INT_MIN, rgt = INT_MIN, mxsl = INT_MIN, mxns = INT_MIN;
    digits = clamp_digits(digits);
    for (size_t i = 0; i < n; i++) {
        if (isnan(x[i])) naflag = 1;
        else if (isinf(x[i])) x[i] > 0 ? (posinf = 1) : (neginf = 1);
        else {
            int neg_i, kpower, nsig, widens;
            scientific(x[i], digits, &neg_i, &kpower, &nsig, &widens);
            int left = kpower + 1 - widens;
            int sleft = neg_i + (left <= 0 ? 1 : left);
            int right = nsig - left;
            if (neg_i) neg = 1;
            if (right > rgt) rgt = right;
            if (left > mxl) mxl = left;
            if (left < mnl) mnl = left;
            if (sleft > mxsl) mxsl = sleft;
            if (nsig > mxns) mxns = nsig;
        }
    }
    if (mxns != INT_MIN) {
        if (mxl < 0) mxsl = 1 + neg;
        if (rgt < 0) rgt = 0;
        int wf = mxsl + rgt + (rgt != 0);
        s.expo = (mxl > 100 || mnl <= -99) ? 2 : 1;
        s.decimals = mxns - 1;
        s.width = neg + (s.decimals > 0) + s.decimals + 4 + s.expo;
        if (wf <= s.width) {
            s.expo = 0;
            s.decimals = rgt;
            s.width = wf;
        }
    }
    if (naflag && s.width < 2) s.width = 2;
    if (posinf && s.width < 3) s.width = 3;
    if (neginf && s.width < 4) s.width = 4;
    return s;
}

/* R's encodeReal0 with R's NA string "NA". */
char *pg_format_r_encode(char *buf, size_t len, double x, const pg_format_spec *spec)
{
    int w = spec->width, d = spec->decimals;
    if (x == 0.0) x = 0.0;      /* drop the sign of -0, as R does */
    if (isnan(x)) snprintf(buf, len, "%*s", w, "NA");
    else if (isinf(x)) snprintf(buf, len, "%*s", w, x > 0 ? "Inf" : "-Inf");
    else if (spec->expo) snprintf(buf, len, d ? "%#*.*e" : "%*.*e", w, d, x);
    else snprintf(buf, len, "%*.*f", w, d, x);
    return buf;
}

void pg_format_r_vector(const double *x, size_t n, int digits, int trim,
                        char (*out)[PG_FORMAT_CELL])
{
    pg_format_spec s = pg_format_r_spec(x, n, digits);
    if (trim) s.width = 0;
    for (size_t i = 0; i < n; i++) pg_format_r_encode(out[i], PG_FORMAT_CELL, x[i], &s);
}

char *pg_format_r_num(char *buf, size_t len, double x, int digits)
{
    pg_format_spec s = pg_format_r_spec(&x, 1, digits);
    s.width = 0;
    return pg_format_r_encode(buf, len, x, &s);
}

/* ------------------------------------------------------------------------------------------ */
/* R's signif                                                                                 */

/* R_pow_di: x^n by repeated squaring, exactly as R computes it (the rounding matters). */
static double pow_di(double x, int n)
{
    double xn = 1.0;
    int inv = n < 0;
    if (inv) n = -n;
    for (;;) {
        if (n & 1) xn *= x;
        if ((n >>= 1) != 0) x *= x;
        else break;
    }
    return inv ? 1.0 / xn : xn;
}

/*
 * R's fprec (src/nmath/fprec.c), behind signif(x, digits): with e10 = digits - 1 -
 * floor(log10|x|), |x| 10^e10 rounded to an integer (nearbyint, ties to even) and scaled back,
 * multiplying by 10^e10 when e10 > 0 so that the power is exact; near the ends of the double
 * range the power is split in two so that neither overflows.
 */
double pg_format_signif(double x, int digits)
{
    const int max10e = DBL_MAX_10_EXP;
    const int max_digits = 22;
    if (isnan(x) || isinf(x) || x == 0) return x;
    if (digits > max_digits) return x;
    int dig = digits < 1 ? 1 : digits;
    double sgn = 1.0;
    if (x < 0.0) sgn = -1.0, x = -x;
    double l10 = log10(x);
    int e10 = (int)(dig - 1 - floor(l10));
    if (fabs(l10) < max10e - 2) {
        double p10 = 1.0;
        if (e10 > max10e) {
            p10 = pow_di(10., e10 - max10e);
            e10 = max10e;
        }
        if (e10 > 0) {
            double pow10 = pow_di(10., e10);
            return sgn * (nearbyint((x * pow10) * p10) / pow10) / p10;
        }
        double pow10 = pow_di(10., -e10);
        return sgn * (nearbyint(x / pow10) * pow10);
    }
    int do_round = max10e - l10 >= pow_di(10., -dig);
    int e2 = dig + ((e10 > 0) ? 1 : -1) * max_digits;
    double p10 = pow_di(10., e2);
    x *= p10;
    double P10 = pow_di(10., e10 - e2);
    x *= P10;
    if (do_round) x += 0.5;
    x = floor(x) / p10;
    return sgn * x / P10;
}

/* ------------------------------------------------------------------------------------------ */
/* R's format.pval                                                                            */

static int fixp_of(double p, int digits)
{
    double expo = floor(log10(p > 0 ? p : 1e-50));
    return expo >= -3 || (expo == -4 && digits > 1);
}

/* format(v[sel], digits) into out[sel] for the elements where group[i] == g. */
static void format_group(const double *p, const int *group, int g, size_t n, int digits,
                         double *tmp, char (*out)[PG_FORMAT_CELL])
{
    size_t m = 0;
    for (size_t i = 0; i < n; i++)
        if (group[i] == g) tmp[m++] = p[i];
    pg_format_spec s = pg_format_r_spec(tmp, m, digits);
    for (size_t i = 0; i < n; i++)
        if (group[i] == g) pg_format_r_encode(out[i], PG_FORMAT_CELL, p[i], &s);
}

/*
 * format.pval (R base, 4.2):
 *   is0 = pv < eps; the others by expo = floor(log10(pv)): fixp = expo >= -3 | (expo == -4 &
 *   digits > 1); format(pv[fixp], digits) and format(pv[!fixp], digits) each as one vector;
 *   below eps: paste("<", format(eps, digits = max(1, digits - 2)), sep) where, if some are
 *   not below eps, nc = max(nchar(those)), digits drops to max(1, nc - 7) when digits > 1 and
 *   digits + 6 > nc, and sep = "" when digits == 1 and nc <= 6 (else " ").
 * Small n is the rule (a table's column); the group marks are on the stack up to 64 values.
 */
void pg_format_r_pval(const double *p, size_t n, int digits, char (*out)[PG_FORMAT_CELL])
{
    const double eps = DBL_EPSILON;
    int gbuf[64] = {0};
    double vbuf[64];
    int *group = n <= 64 ? gbuf : pg_malloc_array(n, sizeof *group);
    double *tmp = n <= 64 ? vbuf : pg_malloc_array(n, sizeof *tmp);
    int any0 = 0, anyok = 0;
    size_t nc = 0;
    if (!group || !tmp) {           /* out of memory: each value on its own */
        for (size_t i = 0; i < n; i++)
            pg_format_r_pval(p + i, 1, digits, out + i);
        goto done;
    }
    for (size_t i = 0; i < n; i++) {
        group[i] = isnan(p[i]) ? 0 : p[i] < eps ? 1 : fixp_of(p[i], digits) ? 2 : 3;
        if (group[i] == 1) any0 = 1;
        if (group[i] >= 2) anyok = 1;
    }
    format_group(p, group, 2, n, digits, tmp, out);
    format_group(p, group, 3, n, digits, tmp, out);
    for (size_t i = 0; i < n; i++) {
        if (group[i] == 0) snprintf(out[i], PG_FORMAT_CELL, "NA");
        if (group[i] >= 2 && strlen(out[i]) > nc) nc = strlen(out[i]);
    }
    if (any0) {
        int d = digits - 2 > 1 ? digits - 2 : 1;
        const char *sep = d == 1 ? "" : " ";
        if (anyok) {
            if (d > 1 && (size_t)d + 6 > nc) d = (int)nc - 7 > 1 ? (int)nc - 7 : 1;
            sep = (d == 1 && nc <= 6) ? "" : " ";
        }
        char e[32];
        pg_format_r_num(e, sizeof e, eps, d);
        for (size_t i = 0; i < n; i++)
            if (group[i] == 1) snprintf(out[i], PG_FORMAT_CELL, "<%s%s", sep, e);
    }
done:
    if (group != gbuf) free(group);
    if (tmp != vbuf) free(tmp);
}

/* ------------------------------------------------------------------------------------------ */
/* Journal style                                                                              */

/*
 * P-values as journals print them (AMA / NEJM style, with the third decimal kept below 0.1 so
 * that 0.012 and 0.049 stay distinguishable from 0.01 and 0.05):
 *   p < 0.001 -> "< 0.001";  p < 0.1 -> 3 decimals;  p <= 0.99 -> 2 decimals;  else "> 0.99".
 * A value that rounds up across a boundary takes the coarser format (0.0996 -> "0.10").
 */
char *pg_format_pvalue(char *buf, size_t len, double p, int prefix)
{
    const char *pre = prefix ? "p " : "", *eq = prefix ? "= " : "";
    if (isnan(p)) snprintf(buf, len, "%sNA", prefix ? "p = " : "");
    else if (p < 0.001) snprintf(buf, len, "%s< 0.001", pre);
    else if (p > 0.99) snprintf(buf, len, "%s> 0.99", pre);
    else if (round(p * 1000) / 1000 < 0.1) snprintf(buf, len, "%s%s%.3f", pre, eq, p);
    else snprintf(buf, len, "%s%s%.2f", pre, eq, p);
    return buf;
}

char *pg_format_ratio(char *buf, size_t len, double x)
{
    if (isnan(x)) snprintf(buf, len, "NA");
    else if (isinf(x)) snprintf(buf, len, x > 0 ? "Inf" : "0");
    else if (x < 0.1) snprintf(buf, len, "%.2g", x);
    else if (x >= 1000) snprintf(buf, len, "%.3g", x);
    else snprintf(buf, len, "%.2f", x);
    return buf;
}

char *pg_format_bytes(char *buf, size_t len, double bytes)
{
    static const char *const unit[] = {"KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
    if (!(bytes >= 1024)) {
        snprintf(buf, len, "%.0f bytes", bytes);
        return buf;
    }
    size_t u = 0;
    for (bytes /= 1024; bytes >= 1024 && u + 1 < sizeof unit / sizeof *unit; u++) bytes /= 1024;
    snprintf(buf, len, "%.3g %s", bytes, unit[u]);
    return buf;
}
