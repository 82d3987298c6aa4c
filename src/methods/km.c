/* km.c -- Kaplan-Meier curves with Greenwood standard errors and R's five confidence transforms,
 * Nelson-Aalen cumulative hazard, quantiles with confidence limits, survival at chosen times,
 * restricted mean survival time, and median follow-up by the reverse Kaplan-Meier method.
 *
 * Every number follows R's survival package (3.x): survfit.formula / survfitKM (the curve),
 * survfit_confint (the limits), quantile.survfit / findq (quantiles), summary.survfit with
 * times = (survival at times) and survmean (print.survfit's rmean). The code is our own; the
 * comments above each routine say which R function it reproduces and where R's conventions
 * (NA limits, capped upper limits, tie handling) come from. */
#include "internal.h"
#include "prognos/km.h"
#include "conf.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* R: sqrt(.Machine$double.eps), the tolerance of quantile.survfit and survmean. */
#define KM_TOL 1.4901161193847656e-08


void pg_km_opts_init(pg_km_opts *opt)
{
    memset(opt, 0, sizeof *opt);
    opt->conf_type = PG_CONF_LOG;
    opt->conf_level = 0.95;
    opt->rmst_tau = NAN;
}

static const char *const conf_names[] = {"log", "log-log", "plain", "logit", "arcsin", "none"};

const char *pg_km_conf_type_name(pg_conf_type t)
{
    if ((int)t < 0 || (int)t > (int)PG_CONF_NONE) return "?";
    return conf_names[t];
}

int pg_km_conf_type_parse(const char *s, pg_conf_type *out)
{
    for (int i = 0; s && i <= (int)PG_CONF_NONE; i++)
        if (strcmp(s, conf_names[i]) == 0) {
            *out = (pg_conf_type)i;
            return PG_OK;
        }
    return PG_EINPUT;
}

void pg_km_free(pg_km *km)
{
    if (!km) return;
    if (km->strata_name)
        for (size_t s = 0; s < km->n_strata; s++) free(km->strata_name[s]);
    free(km->strata_name);
    free(km->strata_start);
    free(km->strata_n);
    free(km->strata_events);
    free(km->strata_n_max);
    free(km->strata_wevents);
    free(km->strata_wn);
    free(km->strata_n_start);
    double **arrays[] = {&km->time,     &km->n_risk,    &km->n_event, &km->n_censor,
                         &km->surv,     &km->std_err,   &km->conf_low, &km->conf_high,
                         &km->cumhaz,   &km->cumhaz_se, &km->rmst,     &km->rmst_se,
                         &km->at_time,  &km->at_n_risk, &km->at_n_event, &km->at_surv,
                         &km->at_std_err, &km->at_conf_low, &km->at_conf_high};
    for (size_t i = 0; i < sizeof arrays / sizeof arrays[0]; i++) free(*arrays[i]);
    free(km->median);
    free(km->quantiles);
    free(km);
}

/*
 * Pointwise confidence limits for S(t), as R's survfit_confint (logse = TRUE, conf.lower =
 * "usual"). se is R's std.err, the SE of log S (Greenwood); z = qnorm(1 - (1 - level) / 2).
 *   plain   : S -/+ z se S, clipped to [0, 1]
 *   log     : S exp(-/+ z se), upper capped at 1; NA where S = 0
 *   log-log : exp(-exp(log(-log S) -/+ z se / log S)); NA where S = 0 or S = 1
 *   logit   : logit^-1(logit S -/+ z se / (1 - S)); NA where S = 0, NaN where S = 1
 *   arcsin  : sin^2(asin(sqrt S) -/+ z se sqrt(S / (1 - S)) / 2), clipped to [0, pi/2];
 *             NA where S = 0, NaN where S = 1
 * The NaN at S = 1 is R's 0 * Inf; at S = 0 R's std.err is Inf and plain gives NaN.
 * Refs: Kalbfleisch & Prentice (2002) sec. 1.3 (log-log); Borgan & Liestol, Scand J Stat 17
 *       (1990) 35-41 (arcsin, log-log); Therneau & Grambsch (2000) sec. 2.1.
 * Matches: survival:::survfit_confint.
 */
void pg_conf_limits(pg_conf_type ct, double z, double p, double se, double *lo, double *hi,
                    unsigned char *klo, unsigned char *khi)
{
    double l = NAN, h = NAN;
    unsigned char kind = VAL;
    switch (ct) {
    case PG_CONF_PLAIN: {
        double se2 = se * p * z;   /* Inf * 0 = NaN when S = 0, as in R */
        l = p - se2;
        h = p + se2;
        if (isnan(l) || isnan(h)) kind = MISS_NAN;
        else {
            if (l < 0) l = 0;
            if (h > 1) h = 1;
        }
        break;
    }
    case PG_CONF_LOG:
        if (p == 0) kind = MISS_NA;
        else {
            l = exp(log(p) - z * se);
            h = exp(log(p) + z * se);
            if (h > 1) h = 1;
        }
        break;
    case PG_CONF_LOGLOG:
        if (p == 0 || p == 1) kind = MISS_NA;
        else {
            double se2 = z * se / log(p), ll = log(-log(p));
            l = exp(-exp(ll - se2));
            h = exp(-exp(ll + se2));
        }
        break;
    case PG_CONF_LOGIT:
        if (p == 0) kind = MISS_NA;
        else if (p == 1) kind = MISS_NAN;
        else {
            double se2 = z * se * (1 + p / (1 - p)), lg = log(p / (1 - p));
            l = 1 - 1 / (1 + exp(lg - se2));
            h = 1 - 1 / (1 + exp(lg + se2));
        }
        break;
    case PG_CONF_ARCSIN:
        if (p == 0) kind = MISS_NA;
        else if (p == 1) kind = MISS_NAN;
        else {
            double se2 = 0.5 * z * se * sqrt(p / (1 - p)), a = asin(sqrt(p));
            double al = a - se2, ah = a + se2;
            if (al < 0) al = 0;
            if (ah > M_PI / 2) ah = M_PI / 2;
            l = sin(al) * sin(al);
            h = sin(ah) * sin(ah);
        }
        break;
    default:
        kind = MISS_NA;
        break;
    }
    if (kind != VAL) l = h = NAN;
    *lo = l;
    *hi = h;
    *klo = *khi = kind;
}

/* Scratch space of one fit: R's std.err (SE of log S) and the kinds of missing limits per step,
 * and buffers for quantile searches (sized for the longest curve + 1). */
typedef struct km_ws {
    double *se_log;
    unsigned char *klo, *khi;
    double *qx, *qy;
    unsigned char *qk;
    size_t *qi, *qt;
    double *qkey;
    size_t cap;
} km_ws;

static void ws_free(km_ws *w)
{
    free(w->se_log);
    free(w->klo);
    free(w->khi);
    free(w->qx);
    free(w->qy);
    free(w->qk);
    free(w->qi);
    free(w->qt);
    free(w->qkey);
}

static int ws_alloc(km_ws *w, size_t steps, size_t longest)
{
    memset(w, 0, sizeof *w);
    w->cap = longest + 1;
    w->se_log = pg_malloc_array(steps, sizeof *w->se_log);
    w->klo = pg_malloc_array(steps, 1);
    w->khi = pg_malloc_array(steps, 1);
    w->qx = pg_malloc_array(w->cap, sizeof *w->qx);
    w->qy = pg_malloc_array(w->cap, sizeof *w->qy);
    w->qk = pg_malloc_array(w->cap, 1);
    w->qi = pg_malloc_array(w->cap, sizeof *w->qi);
    w->qt = pg_malloc_array(w->cap, sizeof *w->qt);
    w->qkey = pg_malloc_array(w->cap, sizeof *w->qkey);
    if (!w->se_log || !w->klo || !w->khi || !w->qx || !w->qy || !w->qk || !w->qi || !w->qt ||
        !w->qkey)
        return PG_ENOMEM;
    return PG_OK;
}

/*
 * Kaplan-Meier product-limit estimate of one curve, with Greenwood's variance and the
 * Nelson-Aalen cumulative hazard, at each distinct time (event or censoring):
 *   S(t)          = prod_{t_j <= t} (1 - d_j / n_j)                      Kaplan & Meier [1]
 *   Var[log S(t)] = sum_{t_j <= t} d_j / (n_j (n_j - d_j))  (Inf once d_j = n_j)  Greenwood [2]
 *   std_err       = S(t) sqrt(Var[log S(t)])   (summary.survfit's std.err; NaN when S = 0)
 *   H(t)          = sum_{t_j <= t} d_j / n_j,  se H = sqrt(sum d_j / n_j^2)      Aalen [3]
 * Requires: t/s sorted by time with events before censorings at a tied time (pg_order_by_time),
 *           so those censored at t are at risk at t, as R does.
 * Case weights: n_j, d_j and the censored are sums of weights (survfit's weighted Greenwood).
 * Counting-process data (st: the curve's start times, ascending; NULL for Surv(time, event)):
 *           n_j counts the rows with start < t_j <= stop (an entry at t_j is not at risk at
 *           t_j), so the curve is the left-truncated product-limit estimate (Tsai, Jewell &
 *           Wang, Biometrika 74 (1987) 883-886); its steps are the distinct stop times, as
 *           survfit's on Surv(start, stop, event).
 * Edges:    no events -> S = 1, std_err 0; d_j = n_j -> S = 0, std_err NaN, limits NA (R).
 * Matches:  survival::survfit(Surv(time, status) ~ 1) fields time, n.risk, n.event, n.censor,
 *           surv, std.err (log scale, kept in ws->se_log), cumhaz, std.chaz, lower, upper.
 * Refs:     [1] Kaplan & Meier, JASA 53 (1958) 457-481; [2] Greenwood, Rep. Public Health Med.
 *           Subj. 33 (1926); [3] Nelson, Technometrics 14 (1972) 945-966; Aalen, Ann Stat 6
 *           (1978) 701-726.
 * Writes steps at k0 .. k0 + returned count - 1.
 */
/* One curve's rows: stop times t and statuses s (sorted), case weights wt (NULL: 1), and on
 * counting-process data the start times st ascending with their weights sw (NULL: none). */
typedef struct curve_rows {
    const double *t;
    const int *s;
    const double *wt, *st, *sw;
    const double *st_row;   /* counting data: the start time of each stop-sorted row */
    size_t m;
} curve_rows;

static size_t curve_steps(const curve_rows *cr, pg_conf_type ct, double z, pg_km *km, km_ws *w,
                          size_t k0)
{
    const double *t = cr->t, *st = cr->st;
    const int *s = cr->s;
    size_t m = cr->m;
    double surv = 1, green = 0, haz = 0, hvar = 0, wtot = 0, wpast = 0, wentered = 0;
    for (size_t q = 0; q < m; q++) wtot += cr->wt ? cr->wt[q] : 1;
    size_t k = k0, i = 0, js = 0;
    while (i < m) {
        double tj = t[i];
        /* at risk at tj: stop >= tj (rows i ..), less those entering at tj or later */
        for (; st && js < m && st[js] < tj; js++) wentered += cr->sw ? cr->sw[js] : 1;
        double n_risk = (st ? wentered : wtot) - wpast, d = 0, c = 0;
        for (; i < m && t[i] == tj; i++) {
            double wi = cr->wt ? cr->wt[i] : 1;
            wpast += wi;
            if (s[i]) d += wi;
            else c += wi;
        }
        if (d > 0) {
            surv *= 1 - d / n_risk;
            green += (n_risk > d) ? d / (n_risk * (n_risk - d)) : INFINITY;
            haz += d / n_risk;
            hvar += d / (n_risk * n_risk);
        }
        km->time[k] = tj;
        km->n_risk[k] = n_risk;
        km->n_event[k] = d;
        km->n_censor[k] = c;
        km->surv[k] = surv;
        w->se_log[k] = sqrt(green);
        /* R prints std.err * surv; Inf * 0 is NaN once S reaches 0 */
        km->std_err[k] = isinf(w->se_log[k]) && surv == 0 ? NAN : w->se_log[k] * surv;
        km->cumhaz[k] = haz;
        km->cumhaz_se[k] = sqrt(hvar);
        pg_conf_limits(ct, z, surv, w->se_log[k], &km->conf_low[k], &km->conf_high[k], &w->klo[k],
                    &w->khi[k]);
        k++;
    }
    return k - k0;
}

/* The last of the curve's ns step times (from k0) that is <= s; -1 if none. */
static long last_step_le(const pg_km *km, size_t k0, size_t ns, double s)
{
    size_t a = 0, b = ns;
    while (a < b) {
        size_t mid = a + (b - a) / 2;
        if (km->time[k0 + mid] <= s) a = mid + 1;
        else b = mid;
    }
    return (long)a - 1;
}

/*
 * survfit's robust variance (the infinitesimal jackknife), which R uses by default when case
 * weights are not whole numbers. With the sums g_k over the steps j <= k of
 *   Greenwood (log S): d_j / (n_j (n_j - d_j)), jump of an event row 1 / (n_j - d_j);
 *   Nelson-Aalen (H):  d_j / n_j^2,            jump of an event row 1 / n_j,
 * the influence of row i at step k is 0 before it enters, g_k - g(start_i) while at risk, and
 * g(stop_i) - g(start_i) - jump_i once it has left, and var_k = sum_i w_i^2 infl_i(k)^2. The
 * rows at risk enter through the running sums of w^2, w^2 g(start) and w^2 g(start)^2, so
 * var_k = g_k^2 A0 - 2 g_k A1 + A2 + (sum over the rows that have left): O(n log n) a curve.
 * Matches: survfit(..., weights = w) std.err and std.chaz for non-integer w (robust = TRUE).
 * inc holds ns doubles of scratch.
 */
static void curve_ij_pass(const curve_rows *cr, pg_km *km, size_t k0, size_t ns, int haz,
                          double *g, double *out)
{
    double acc = 0;
    for (size_t k = 0; k < ns; k++) {
        double n = km->n_risk[k0 + k], d = km->n_event[k0 + k];
        acc += d > 0 ? (haz ? d / (n * n) : (n > d ? d / (n * (n - d)) : INFINITY)) : 0;
        g[k] = acc;
    }
    double A0 = 0, A1 = 0, A2 = 0, C = 0;
    if (!cr->st)
        for (size_t q = 0; q < cr->m; q++) A0 += cr->wt[q] * cr->wt[q];
    size_t i = 0, js = 0;
    for (size_t k = 0; k < ns; k++) {
        double tk = km->time[k0 + k], gprev = k ? g[k - 1] : 0, gk = g[k];
        for (; cr->st && js < cr->m && cr->st[js] < tk; js++) {
            double w2 = cr->sw[js] * cr->sw[js];
            A0 += w2;
            A1 += w2 * gprev;
            A2 += w2 * gprev * gprev;
        }
        double n = km->n_risk[k0 + k], d = km->n_event[k0 + k];
        for (; i < cr->m && cr->t[i] == tk; i++) {
            double w2 = cr->wt[i] * cr->wt[i], gs = 0;
            if (cr->st_row) {
                long e = last_step_le(km, k0, ns, cr->st_row[i]);
                gs = e >= 0 ? g[e] : 0;
            }
            A0 -= w2;
            A1 -= w2 * gs;
            A2 -= w2 * gs * gs;
            double jump = cr->s[i] ? (haz ? 1 / n : 1 / (n - d)) : 0, c = gk - gs - jump;
            C += w2 * c * c;
        }
        double var = gk * gk * A0 - 2 * gk * A1 + A2 + C;
        out[k] = isinf(gk) ? INFINITY : sqrt(var > 0 ? var : 0);
    }
}

/* Replace the curve's Greenwood and Nelson-Aalen standard errors by the robust ones
 * (curve_ij_pass), and the limits with them. PG_OK or PG_ENOMEM. */
static int curve_ij(const curve_rows *cr, pg_km *km, km_ws *w, size_t k0, size_t ns,
                    pg_conf_type ct, double z)
{
    double *g = pg_malloc_array(ns ? ns : 1, sizeof *g);
    if (!g) return PG_ENOMEM;
    curve_ij_pass(cr, km, k0, ns, 0, g, w->se_log + k0);
    curve_ij_pass(cr, km, k0, ns, 1, g, km->cumhaz_se + k0);
    free(g);
    for (size_t k = k0; k < k0 + ns; k++) {
        double surv = km->surv[k];
        km->std_err[k] = isinf(w->se_log[k]) && surv == 0 ? NAN : w->se_log[k] * surv;
        pg_conf_limits(ct, z, surv, w->se_log[k], &km->conf_low[k], &km->conf_high[k], &w->klo[k],
                       &w->khi[k]);
    }
    return PG_OK;
}

typedef struct keyed {
    double key;
    size_t idx;
} keyed;

static int cmp_keyed(const void *a, const void *b)
{
    const keyed *x = a, *y = b;
    if (x->key < y->key) return -1;
    if (x->key > y->key) return 1;
    return (x->idx > y->idx) - (x->idx < y->idx);   /* stable */
}

/* R's approx(x = key, y = idx, xout = v, method = "constant", f = 1, rule = 1) on pairs sorted by
 * key: NA (SIZE_MAX) outside [key_0, key_last]; at a knot its own value; between knots the value
 * of the right-hand knot. */
static size_t approx_right(const keyed *kv, size_t n, double v)
{
    if (n == 0 || v < kv[0].key || v > kv[n - 1].key) return SIZE_MAX;
    size_t i = 0, j = n - 1;
    while (i + 1 < j) {
        size_t mid = (i + j) / 2;
        if (v < kv[mid].key) j = mid;
        else i = mid;
    }
    if (v == kv[j].key) return kv[j].idx;
    if (v == kv[i].key) return kv[i].idx;
    return kv[j].idx;
}

/*
 * Quantiles of one curve, as R's quantile.survfit (its helpers doquant and findq):
 *   x = (0, t_1, ..., t_m), y = (0, 1 - v_1, ..., 1 - v_m), v = S, or a confidence limit;
 *   all NA if max(y) < min(p); drop duplicated y values (first kept; NA and NaN distinct);
 *   i1 = approx(y + tol -> index, p, constant, f = 1), i2 = same with y - tol;
 *   q = (x[i1] + x[i2]) / 2 -- the midpoint of a flat stretch where S = 1 - p exactly, else
 *   the first time S <= 1 - p; if the last y equals p (within tol) q = (x[i1] + x_max) / 2,
 *   x_max = last time of the curve; NA when not reached. tol = sqrt(DBL_EPSILON).
 * The lower confidence limit of a quantile uses v = lower limit of S, the upper uses the upper
 * limit (Brookmeyer & Crowley, Biometrics 38 (1982) 29-41: the interval is where the band
 * crosses 1 - p). Matches: survival:::findq.
 */
static void findq(const double *t, const double *v, const unsigned char *vk, size_t m,
                  const double *p, size_t np, double *out, km_ws *w, keyed *kv)
{
    double *x = w->qx, *y = w->qy;
    unsigned char *yk = w->qk;
    size_t n = m + 1;
    x[0] = 0;
    y[0] = 0;
    yk[0] = VAL;
    for (size_t j = 0; j < m; j++) {
        x[j + 1] = t[j];
        yk[j + 1] = vk ? vk[j] : VAL;
        y[j + 1] = yk[j + 1] == VAL ? 1 - v[j] : NAN;
    }
    double xmax = x[n - 1];
    double ymax = -INFINITY, pmin = INFINITY;
    for (size_t j = 0; j < n; j++)
        if (yk[j] == VAL && y[j] > ymax) ymax = y[j];
    for (size_t q = 0; q < np; q++)
        if (p[q] < pmin) pmin = p[q];
    if (ymax < pmin) {
        for (size_t q = 0; q < np; q++) out[q] = NAN;
        return;
    }
    /* duplicated(): sort (value, position) and keep the first of each run of equal values; the
     * first NA and the first NaN are kept too (R tells them apart) */
    size_t nk = 0, nv = 0;
    for (size_t j = 0; j < n; j++)
        if (yk[j] == VAL) w->qi[nv++] = j;
    for (size_t j = 0; j < nv; j++) {
        kv[j].key = y[w->qi[j]];
        kv[j].idx = w->qi[j];
    }
    qsort(kv, nv, sizeof *kv, cmp_keyed);
    unsigned char *keep = (unsigned char *)w->qt;   /* n bytes fit in n size_t */
    memset(keep, 0, n);
    for (size_t j = 0; j < nv; j++)
        if (j == 0 || kv[j].key != kv[j - 1].key) keep[kv[j].idx] = 1;
    int seen_na = 0, seen_nan = 0;
    for (size_t j = 0; j < n; j++) {
        if (yk[j] == MISS_NA && !seen_na) keep[j] = 1, seen_na = 1;
        if (yk[j] == MISS_NAN && !seen_nan) keep[j] = 1, seen_nan = 1;
    }
    /* compact x, y, kind in place (positions 0..nd-1 are R's deduplicated vectors) */
    size_t nd = 0;
    for (size_t j = 0; j < n; j++)
        if (keep[j]) {
            x[nd] = x[j];
            y[nd] = y[j];
            yk[nd] = yk[j];
            nd++;
        }
    /* the two approx() tables: y + tol and y - tol against positions, missing pairs dropped */
    keyed *up = kv, *dn = kv + n;
    nk = 0;
    for (size_t j = 0; j < nd; j++)
        if (yk[j] == VAL) {
            up[nk].key = y[j] + KM_TOL;
            up[nk].idx = j;
            dn[nk].key = y[j] - KM_TOL;
            dn[nk].idx = j;
            nk++;
        }
    qsort(up, nk, sizeof *up, cmp_keyed);
    qsort(dn, nk, sizeof *dn, cmp_keyed);
    for (size_t q = 0; q < np; q++) {
        size_t i1 = approx_right(up, nk, p[q]), i2 = approx_right(dn, nk, p[q]);
        double r = (i1 == SIZE_MAX || i2 == SIZE_MAX) ? NAN : (x[i1] + x[i2]) / 2;
        if (yk[nd - 1] == VAL && fabs(p[q] - y[nd - 1]) < KM_TOL)
            r = i1 == SIZE_MAX ? NAN : (x[i1] + xmax) / 2;
        out[q] = r;
    }
}

/* Quantiles p[0..np-1] of one curve with their limits (NaN limits without a confidence band). */
static void curve_quantiles(const pg_km *km, size_t k0, size_t m, const km_ws *w0,
                            const double *p, size_t np, pg_km_quantile *out, double *buf,
                            km_ws *w, keyed *kv)
{
    findq(km->time + k0, km->surv + k0, NULL, m, p, np, buf, w, kv);
    for (size_t q = 0; q < np; q++) {
        out[q].p = p[q];
        out[q].estimate = buf[q];
        out[q].conf_low = out[q].conf_high = NAN;
    }
    if (km->conf_type == PG_CONF_NONE) return;
    findq(km->time + k0, km->conf_low + k0, w0->klo + k0, m, p, np, buf, w, kv);
    for (size_t q = 0; q < np; q++) out[q].conf_low = buf[q];
    findq(km->time + k0, km->conf_high + k0, w0->khi + k0, m, p, np, buf, w, kv);
    for (size_t q = 0; q < np; q++) out[q].conf_high = buf[q];
}

/*
 * Restricted mean survival time to tau and its standard error, as print(fit, rmean = tau):
 *   RMST = int_0^tau S(u) du  (S extended flat past the last time when tau is beyond it)
 *   Var  = sum_{t_j <= tau} d_j / (n_j (n_j - d_j)) * (int_{t_j}^tau S(u) du)^2
 *          (terms with n_j = d_j count 0)
 * Refs: Irwin, J Hyg 47 (1949) 188; Klein & Moeschberger (2003) sec. 4.5.
 * Matches: survival:::survmean (pfun) with a numeric rmean, the "*rmean" and "*se(rmean)" columns.
 */
static void curve_rmst(const pg_km *km, size_t k0, size_t m, double tau, double *est, double *se)
{
    const double *t = km->time + k0, *S = km->surv + k0;
    const double *n = km->n_risk + k0, *d = km->n_event + k0;
    size_t k = 0;
    while (k < m && t[k] <= tau) k++;
    /* area from t_j to tau for each kept time, accumulated backwards */
    double area_after = 0, var = 0, total;
    for (size_t j = k; j-- > 0;) {
        double next = j + 1 < k ? t[j + 1] : tau;
        area_after += (next - t[j]) * S[j];
        double h = (n[j] - d[j]) == 0 ? 0 : d[j] / (n[j] * (n[j] - d[j]));
        var += area_after * area_after * h;
    }
    total = area_after + (k > 0 ? t[0] : tau);   /* S = 1 from 0 to the first time */
    *est = total;
    *se = sqrt(var);
}

/*
 * Survival at chosen times, as summary(fit, times = tt) with extend = FALSE:
 *   the curve gets a row at time 0 (S = 1, std.err 0, limits 1, n.risk = n) unless it has one
 *   (survfit0); for t <= last time of the curve: S, std.err, limits at the last row with
 *   time <= t; n.risk at the first row with time >= t; n.event = events in (previous t, t].
 *   Times after the curve's last time are dropped by R: here every field but at_time is NaN.
 * tt is sorted ascending, as R does.
 * Matches: survival:::summary.survfit (findrow).
 */
static void curve_at(pg_km *km, size_t k0, size_t m, const double *tt, size_t nt, size_t out0)
{
    const double *t = km->time + k0;
    double cum_ev = 0, prev_cum = 0;
    size_t row = 0;        /* rows with time <= current tt (events counted up to there) */
    size_t first_ge = 0;   /* first row with time >= current tt */
    for (size_t q = 0; q < nt; q++) {
        size_t o = out0 + q;
        km->at_time[o] = tt[q];
        if (tt[q] > t[m - 1]) {
            km->at_n_risk[o] = km->at_n_event[o] = km->at_surv[o] = km->at_std_err[o] = NAN;
            km->at_conf_low[o] = km->at_conf_high[o] = NAN;
            continue;
        }
        while (row < m && t[row] <= tt[q]) cum_ev += km->n_event[k0 + row++];
        km->at_n_event[o] = cum_ev - prev_cum;
        prev_cum = cum_ev;
        while (first_ge < m && t[first_ge] < tt[q]) first_ge++;   /* tt is sorted */
        km->at_n_risk[o] = km->n_risk[k0 + first_ge];
        if (row == 0) {   /* before the first time: survfit0's row at 0 */
            km->at_surv[o] = 1;
            km->at_std_err[o] = 0;
            int none = km->conf_type == PG_CONF_NONE;
            km->at_conf_low[o] = km->at_conf_high[o] = none ? NAN : 1;
        } else {
            size_t r = k0 + row - 1;
            km->at_surv[o] = km->surv[r];
            km->at_std_err[o] = km->std_err[r];
            km->at_conf_low[o] = km->conf_low[r];
            km->at_conf_high[o] = km->conf_high[r];
        }
    }
}

static int check_opts(const pg_km_opts *o, pg_error *err)
{
    if ((int)o->conf_type < 0 || (int)o->conf_type > (int)PG_CONF_NONE)
        return pg_fail(err, PG_EINPUT, "km: unknown confidence interval type");
    if (!(o->conf_level > 0 && o->conf_level < 1))
        return pg_fail(err, PG_EINPUT, "km: conf_level must be between 0 and 1, not %g",
                       o->conf_level);
    for (size_t q = 0; q < o->n_quantiles; q++)
        if (!(o->quantiles[q] > 0 && o->quantiles[q] < 1))
            return pg_fail(err, PG_EINPUT, "km: quantile %g is not a probability in (0, 1)",
                           o->quantiles[q]);
    for (size_t q = 0; q < o->n_times; q++)
        if (!isfinite(o->times[q]))
            return pg_fail(err, PG_EINPUT, "km: times must be finite numbers");
    if (!isnan(o->rmst_tau) && !(isfinite(o->rmst_tau) && o->rmst_tau > 0))
        return pg_fail(err, PG_EINPUT, "km: rmst tau must be a positive number, not %g",
                       o->rmst_tau);
    return PG_OK;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* Name curve curve_of[c] of each non-empty group x stratum combination c: "group, stratum",
 * either alone when the other is "". PG_OK or PG_ENOMEM. */
static int curve_names(const pg_frame *fr, pg_km *km, const size_t *curve_of, size_t ncomb,
                       size_t ns)
{
    for (size_t c = 0; c < ncomb; c++) {
        if (curve_of[c] == SIZE_MAX) continue;
        const char *gn = pg_frame_group_name(fr, c / ns), *sn = pg_frame_strata_name(fr, c % ns);
        gn = gn ? gn : "";
        sn = sn ? sn : "";
        char *name = (*gn && *sn) ? pg_strdup_printf("%s, %s", gn, sn)
                                  : pg_strdup(*gn ? gn : sn);
        if (!name) return PG_ENOMEM;
        km->strata_name[curve_of[c]] = name;
    }
    return PG_OK;
}

/* Each curve's rows (row_start: nc + 1 offsets into the sorted ts, ss), size, events and
 * number of distinct times (km->strata_start offsets). Returns the total number of steps;
 * *longest gets the largest of one curve. */
static size_t curve_sizes(pg_km *km, const size_t *curve_of, const size_t *count, size_t ncomb,
                          const int *ss, const double *ts, size_t n, size_t *row_start,
                          size_t *longest)
{
    size_t nc = km->n_strata, total = 0, i = 0, c = 0;
    for (size_t comb = 0; comb < ncomb; comb++) {
        if (curve_of[comb] == SIZE_MAX) continue;
        size_t i0 = i, steps = 0, end = i0 + count[comb];
        row_start[c] = i0;
        while (i < end) {
            if (i == i0 || ts[i] != ts[i - 1]) steps++;
            km->strata_events[c] += (size_t)ss[i];
            i++;
        }
        km->strata_n[c] = i - i0;
        km->strata_start[c] = total;
        total += steps;
        if (steps > *longest) *longest = steps;
        c++;
    }
    km->strata_start[nc] = total;
    row_start[nc] = n;
    return total;
}

/* What each curve adds to its steps: median and quantiles (quantile.survfit), the restricted
 * mean (opt->rmst_tau) and summary(fit, times). PG_OK or PG_ENOMEM. */
static int curve_summaries(pg_km *km, const pg_km_opts *opt, km_ws *w, keyed *kv)
{
    size_t nc = km->n_strata;
    double *tt = NULL, *qbuf = NULL;
    int rc = PG_ENOMEM;
    /* median and quantiles */
    size_t nq = opt->n_quantiles;
    qbuf = pg_malloc_array(nq > 1 ? nq : 1, sizeof *qbuf);
    km->median = pg_calloc_array(nc, sizeof *km->median);
    if (!qbuf || !km->median) goto done;
    if (nq) {
        km->quantiles = pg_calloc_array(nc * nq, sizeof *km->quantiles);
        if (!km->quantiles) goto done;
        km->n_quantiles = nq;
    }
    const double half = 0.5;
    for (size_t c = 0; c < nc; c++) {
        size_t k0 = km->strata_start[c], m = km->strata_start[c + 1] - k0;
        curve_quantiles(km, k0, m, w, &half, 1, &km->median[c], qbuf, w, kv);
        if (nq)
            curve_quantiles(km, k0, m, w, opt->quantiles, nq, km->quantiles + c * nq, qbuf, w,
                            kv);
    }

    /* restricted mean */
    if (!isnan(opt->rmst_tau)) {
        km->rmst = pg_malloc_array(nc, sizeof *km->rmst);
        km->rmst_se = pg_malloc_array(nc, sizeof *km->rmst_se);
        if (!km->rmst || !km->rmst_se) goto done;
        for (size_t c = 0; c < nc; c++) {
            size_t k0 = km->strata_start[c], m = km->strata_start[c + 1] - k0;
            curve_rmst(km, k0, m, opt->rmst_tau, &km->rmst[c], &km->rmst_se[c]);
        }
    }

    /* survival at times */
    if (opt->n_times) {
        size_t nt = opt->n_times;
        tt = pg_malloc_array(nt, sizeof *tt);
        if (!tt) goto done;
        memcpy(tt, opt->times, nt * sizeof *tt);
        qsort(tt, nt, sizeof *tt, cmp_double);
        double **at[] = {&km->at_time, &km->at_n_risk, &km->at_n_event, &km->at_surv,
                         &km->at_std_err, &km->at_conf_low, &km->at_conf_high};
        for (size_t a = 0; a < sizeof at / sizeof at[0]; a++)
            if (!(*at[a] = pg_malloc_array(nc * nt, sizeof(double)))) goto done;
        km->n_times = nt;
        for (size_t c = 0; c < nc; c++) {
            size_t k0 = km->strata_start[c], m = km->strata_start[c + 1] - k0;
            curve_at(km, k0, m, tt, nt, c * nt);
        }
    }
    rc = PG_OK;
done:
    free(tt);
    free(qbuf);
    return rc;
}

/* The weighted events of each curve and of the fit (print.survfit's events). PG_OK or
 * PG_ENOMEM. */
static int km_weighted_events(pg_km *km, const double *wts, const size_t *row_start)
{
    size_t nc = km->n_strata;
    km->strata_wevents = pg_calloc_array(nc ? nc : 1, sizeof *km->strata_wevents);
    km->strata_wn = pg_calloc_array(nc ? nc : 1, sizeof *km->strata_wn);
    if (!km->strata_wevents || !km->strata_wn) return PG_ENOMEM;
    km->wevents = 0;
    for (size_t c = 0; c < nc; c++) {
        for (size_t i = row_start[c]; i < row_start[c + 1]; i++) km->strata_wn[c] += wts[i];
        for (size_t k = km->strata_start[c]; k < km->strata_start[c + 1]; k++)
            km->strata_wevents[c] += km->n_event[k];
        km->wevents += km->strata_wevents[c];
    }
    return PG_OK;
}

/* print.survfit's n.max and n.start of each curve on counting-process data. PG_OK or
 * PG_ENOMEM. */
static int km_risk_range(pg_km *km)
{
    size_t nc = km->n_strata;
    km->strata_n_max = pg_calloc_array(nc ? nc : 1, sizeof *km->strata_n_max);
    km->strata_n_start = pg_calloc_array(nc ? nc : 1, sizeof *km->strata_n_start);
    if (!km->strata_n_max || !km->strata_n_start) return PG_ENOMEM;
    for (size_t c = 0; c < nc; c++) {
        size_t k0 = km->strata_start[c], k1 = km->strata_start[c + 1];
        if (k1 > k0) km->strata_n_start[c] = km->n_risk[k0];
        for (size_t k = k0; k < k1; k++)
            if (km->n_risk[k] > km->strata_n_max[c]) km->strata_n_max[c] = km->n_risk[k];
    }
    return PG_OK;
}

/* The start times of counting-process data, curve by curve (curve c at row_start[c], as the
 * sorted stop times), each curve's ascending. NULL when out of memory. */
static double *km_starts(const pg_frame *fr, const pg_km *km, const size_t *curve_of, size_t ns,
                         const size_t *row_start, double **esw)
{
    size_t n = pg_frame_n(fr), nc = km->n_strata;
    const double *entry = pg_frame_entry(fr), *wt = pg_frame_weights(fr);
    const size_t *grp = pg_frame_group(fr), *str = pg_frame_strata(fr);
    double *es = pg_malloc_array(n ? n : 1, sizeof *es);
    keyed *kv = pg_malloc_array(n ? n : 1, sizeof *kv);
    size_t *pos = pg_malloc_array(nc + 1, sizeof *pos);
    *esw = wt ? pg_malloc_array(n ? n : 1, sizeof **esw) : NULL;
    if (!es || !pos || !kv || (wt && !*esw)) {
        free(es);
        free(pos);
        free(kv);
        free(*esw);
        *esw = NULL;
        return NULL;
    }
    memcpy(pos, row_start, (nc + 1) * sizeof *pos);
    for (size_t i = 0; i < n; i++) {
        size_t c = curve_of[(grp ? grp[i] : 0) * ns + (str ? str[i] : 0)];
        kv[pos[c]++] = (keyed){entry[i], i};
    }
    for (size_t c = 0; c < nc; c++)
        qsort(kv + row_start[c], row_start[c + 1] - row_start[c], sizeof *kv, cmp_keyed);
    for (size_t q = 0; q < n; q++) {
        es[q] = kv[q].key;
        if (wt) (*esw)[q] = wt[kv[q].idx];
    }
    free(pos);
    free(kv);
    return es;
}

/*
 * pg_km_fit: one Kaplan-Meier curve per non-empty combination of frame group and stratum, in
 * the order group-major, stratum-minor (R's order for `~ a + strata(b)`), named "a=x, b=y".
 * Matches: survfit(Surv(time, status) ~ ..., conf.type, conf.int), summary.survfit(times),
 *          quantile.survfit(probs), print.survfit(rmean = tau).
 */
int pg_km_fit(const pg_frame *fr, const pg_km_opts *opt, pg_km **out, pg_error *err)
{
    pg_km_opts defaults;
    km_ws w;
    memset(&w, 0, sizeof w);
    size_t *key = NULL, *idx = NULL, *curve_of = NULL, *count = NULL, *row_start = NULL;
    double *ts = NULL, *es = NULL, *esw = NULL, *wts = NULL, *esr = NULL;
    int robust = 0;   /* survfit's default: the robust variance for non-integer weights */
    int *ss = NULL;
    keyed *kv = NULL;
    pg_km *km = NULL;
    int rc = PG_ENOMEM;

    *out = NULL;
    if (!fr) return pg_fail(err, PG_EINPUT, "km: no frame");
    if (!pg_frame_group(fr))
        return pg_fail(err, PG_EINPUT, "km: the frame was built without groups (no_groups)");
    if (!opt) {
        pg_km_opts_init(&defaults);
        opt = &defaults;
    }
    if ((rc = check_opts(opt, err))) return rc;
    size_t n = pg_frame_n(fr);
    if (n == 0) return pg_fail(err, PG_EANALYSIS, "km: no observations");
    const double *time = pg_frame_time(fr);
    const int *status = pg_frame_status(fr);
    const size_t *grp = pg_frame_group(fr), *str = pg_frame_strata(fr);
    size_t ng = pg_frame_ngroups(fr), ns = pg_frame_nstrata(fr);
    if (ng == 0) ng = 1;
    if (ns == 0) ns = 1;
    size_t ncomb = ng * ns;

    km = calloc(1, sizeof *km);
    key = pg_malloc_array(n, sizeof *key);
    idx = pg_malloc_array(n, sizeof *idx);
    curve_of = pg_malloc_array(ncomb, sizeof *curve_of);
    count = pg_calloc_array(ncomb, sizeof *count);
    if (!km || !key || !idx || !curve_of || !count) goto nomem;
    km->conf_type = opt->conf_type;
    km->conf_level = opt->conf_level;
    km->n = n;
    km->events = pg_frame_events(fr);
    km->dropped = pg_frame_dropped(fr);
    km->rmst_tau = opt->rmst_tau;

    for (size_t i = 0; i < n; i++) {
        size_t g = grp ? grp[i] : 0, s = str ? str[i] : 0;
        count[g * ns + s]++;
    }
    size_t nc = 0;
    for (size_t c = 0; c < ncomb; c++) curve_of[c] = count[c] ? nc++ : SIZE_MAX;
    for (size_t i = 0; i < n; i++)
        key[i] = curve_of[(grp ? grp[i] : 0) * ns + (str ? str[i] : 0)];
    if (pg_order_by_key(n, pg_frame_time_order(fr), key, nc, idx)) goto nomem;
    /* Peak memory at registry scale (docs/performance.md): the key is not needed once sorted
     * (curve c is the c-th block of the sorted rows, of its count's size), nor the order once
     * times and statuses are gathered into it. */
    free(key);
    key = NULL;
    ts = pg_malloc_array(n, sizeof *ts);
    ss = pg_malloc_array(n, sizeof *ss);
    if (!ts || !ss) goto nomem;
    const double *fwt = pg_frame_weights(fr);
    if (fwt) {
        if (!(wts = pg_malloc_array(n, sizeof *wts))) goto nomem;
        for (size_t i = 0; i < n; i++) {
            wts[i] = fwt[idx[i]];
            if (wts[i] != floor(wts[i])) robust = 1;
        }
    }
    const double *fen = pg_frame_entry(fr);
    if (robust && fen) {
        if (!(esr = pg_malloc_array(n, sizeof *esr))) goto nomem;
        for (size_t i = 0; i < n; i++) esr[i] = fen[idx[i]];
    }
    for (size_t i = 0; i < n; i++) {
        if (i + PG_AHEAD < n) {   /* random reads: fetch ahead (internal.h) */
            PG_PREFETCH(time + idx[i + PG_AHEAD]);
            PG_PREFETCH(status + idx[i + PG_AHEAD]);
        }
        ts[i] = time[idx[i]];
        ss[i] = status[idx[i]];
    }
    free(idx);
    idx = NULL;

    /* curves: names, sizes, and the number of distinct times of each */
    km->n_strata = nc;
    km->strata_start = pg_calloc_array(nc + 1, sizeof *km->strata_start);
    km->strata_name = pg_calloc_array(nc, sizeof *km->strata_name);
    km->strata_n = pg_calloc_array(nc, sizeof *km->strata_n);
    km->strata_events = pg_calloc_array(nc, sizeof *km->strata_events);
    if (!km->strata_start || !km->strata_name || !km->strata_n || !km->strata_events) goto nomem;
    row_start = pg_malloc_array(nc + 1, sizeof *row_start);   /* first sorted row per curve */
    if (!row_start) goto nomem;
    if (curve_names(fr, km, curve_of, ncomb, ns)) goto nomem;
    size_t longest = 0, total = curve_sizes(km, curve_of, count, ncomb, ss, ts, n, row_start,
                                            &longest);

    double **arrays[] = {&km->time, &km->n_risk, &km->n_event, &km->n_censor, &km->surv,
                         &km->std_err, &km->conf_low, &km->conf_high, &km->cumhaz,
                         &km->cumhaz_se};
    for (size_t a = 0; a < sizeof arrays / sizeof arrays[0]; a++)
        if (!(*arrays[a] = pg_malloc_array(total, sizeof(double)))) goto nomem;
    if (ws_alloc(&w, total, longest)) goto nomem;
    kv = pg_malloc_array(2 * (longest + 1), sizeof *kv);
    if (!kv) goto nomem;

    double z = pg_z_two_sided(opt->conf_level);
    if (pg_frame_entry(fr) && !(es = km_starts(fr, km, curve_of, ns, row_start, &esw)))
        goto nomem;
    for (size_t c = 0; c < nc; c++) {
        size_t r0 = row_start[c], m = km->strata_n[c];
        curve_rows cr = {ts + r0, ss + r0, wts ? wts + r0 : NULL, es ? es + r0 : NULL,
                         esw ? esw + r0 : NULL, esr ? esr + r0 : NULL, m};
        size_t k0 = km->strata_start[c], nsteps = curve_steps(&cr, opt->conf_type, z, km, &w, k0);
        if (robust && curve_ij(&cr, km, &w, k0, nsteps, opt->conf_type, z)) goto nomem;
    }
    if (wts && km_weighted_events(km, wts, row_start)) goto nomem;
    if (es && km_risk_range(km)) goto nomem;

    if (curve_summaries(km, opt, &w, kv)) goto nomem;

    rc = PG_OK;
    *out = km;
    km = NULL;
    goto done;
nomem:
    rc = pg_fail(err, PG_ENOMEM, "km: out of memory");
done:
    pg_km_free(km);
    ws_free(&w);
    free(key);
    free(idx);
    free(curve_of);
    free(count);
    free(row_start);
    free(ts);
    free(es);
    free(esw);
    free(esr);
    free(wts);
    free(ss);
    free(kv);
    return rc;
}

/*
 * Median follow-up by the reverse Kaplan-Meier method: the Kaplan-Meier median of the
 * censoring times, i.e. of Surv(time, 1 - status), all groups pooled, with its confidence limits
 * by the quantile.survfit rule and the chosen transform. Deaths censor follow-up.
 * Refs: Schemper & Smith, Control Clin Trials 17 (1996) 343-346.
 * Matches: quantile(survfit(Surv(time, 1 - status) ~ 1, conf.type = ...), 0.5).
 * Edges: no censored subject -> the reverse curve never drops: NA estimate (R gives NA).
 */
int pg_km_followup(const pg_frame *fr, const pg_km_opts *opt, pg_km_quantile *out,
                   pg_error *err)
{
    pg_km_opts defaults;
    if (!opt) {
        pg_km_opts_init(&defaults);
        opt = &defaults;
    }
    if (!fr || !out) return pg_fail(err, PG_EINPUT, "km: no frame");
    out->p = 0.5;
    out->estimate = out->conf_low = out->conf_high = NAN;
    pg_km_opts o;
    pg_km_opts_init(&o);
    o.conf_type = opt->conf_type;
    o.conf_level = opt->conf_level;
    int rc = check_opts(&o, err);
    if (rc) return rc;
    size_t n = pg_frame_n(fr);
    if (n == 0) return pg_fail(err, PG_EANALYSIS, "km: no observations");
    const int *status = pg_frame_status(fr);
    int *flip = pg_malloc_array(n, sizeof *flip);
    if (!flip) return pg_fail(err, PG_ENOMEM, "km: out of memory");
    for (size_t i = 0; i < n; i++) flip[i] = !status[i];
    pg_frame_spec spec = {0};
    spec.n = n;
    spec.time = pg_frame_time(fr);
    spec.entry = pg_frame_entry(fr);   /* counting data: the censoring curve is truncated too */
    spec.weights = pg_frame_weights(fr);
    spec.status = flip;
    pg_frame *rev = NULL;
    pg_km *km = NULL;
    rc = pg_frame_from_arrays(&spec, &rev, err);
    free(flip);
    if (rc) return rc;
    rc = pg_km_fit(rev, &o, &km, err);
    pg_frame_free(rev);
    if (rc) return rc;
    *out = km->median[0];
    pg_km_free(km);
    return PG_OK;
}
