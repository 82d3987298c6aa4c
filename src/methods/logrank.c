/* logrank.c -- the log-rank test and its weighted family (G-rho, Gehan, Tarone-Ware,
 * Fleming-Harrington), stratified, with a test for trend, pairwise comparisons and an exact
 * permutation p-value. R counterpart: survival::survdiff (rho). */
#include "internal.h"
#include "linalg.h"
#include "logrank_exact.h"
#include "prognos/logrank.h"
#include "prognos/format.h"
#include "prognos/limits.h"

#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

void pg_logrank_opts_init(pg_logrank_opts *opt)
{
    memset(opt, 0, sizeof *opt);
    opt->weights = PG_WEIGHTS_LOGRANK;
    opt->adjust = PG_ADJUST_HOLM;
    opt->seed = 1;
    opt->permutations = 10000;
    opt->max_nodes = 1000000;
    opt->max_enumerate = 100000;
}

static const char *const weight_names[] = {"logrank", "g-rho", "gehan", "tarone-ware", "fh"};

const char *pg_logrank_weights_name(pg_weights w)
{
    return (unsigned)w < 5 ? weight_names[w] : "unknown";
}

int pg_logrank_weights_parse(const char *s, pg_weights *out)
{
    static const struct { const char *name; pg_weights w; } alias[] = {
        {"logrank", PG_WEIGHTS_LOGRANK}, {"log-rank", PG_WEIGHTS_LOGRANK},
        {"g-rho", PG_WEIGHTS_GRHO}, {"grho", PG_WEIGHTS_GRHO},
        {"gehan", PG_WEIGHTS_GEHAN}, {"gehan-breslow", PG_WEIGHTS_GEHAN},
        {"tarone-ware", PG_WEIGHTS_TARONE_WARE}, {"tarone", PG_WEIGHTS_TARONE_WARE},
        {"fh", PG_WEIGHTS_FH}, {"fleming-harrington", PG_WEIGHTS_FH},
    };
    for (size_t i = 0; s && i < sizeof alias / sizeof alias[0]; i++)
        if (strcmp(s, alias[i].name) == 0) {
            *out = alias[i].w;
            return PG_OK;
        }
    return PG_EINPUT;
}

static const char *const adjust_names[] = {"holm", "bonferroni", "none"};   /* by pg_adjust */

const char *pg_logrank_adjust_name(pg_adjust a)
{
    return (unsigned)a < 3 ? adjust_names[a] : "unknown";
}

int pg_logrank_adjust_parse(const char *s, pg_adjust *out)
{
    for (int i = 0; s && i < 3; i++)
        if (strcmp(s, adjust_names[i]) == 0) {
            *out = (pg_adjust)i;
            return PG_OK;
        }
    return PG_EINPUT;
}

void pg_logrank_free(pg_logrank *lr)
{
    if (!lr) return;
    for (size_t g = 0; lr->group && g < lr->n_groups; g++) free(lr->group[g]);
    free(lr->group);
    free(lr->n_group);
    free(lr->observed);
    free(lr->expected);
    free(lr->variance);
    free(lr->pairs);
    free(lr->trend_scores);
    free(lr);
}

/* The rows of one test, in survdiff's order: by stratum, time ascending, events before
 * censorings at a tied time. grp[i] is a group id < k, strat[i] a stratum id. */
typedef struct lr_rows {
    size_t m;               /* rows used */
    const size_t *ord;      /* m row indices in order */
    const double *time;
    const int *status;
    const size_t *grp;
    const size_t *strat;
    size_t k;               /* groups */
} lr_rows;

typedef struct lr_weight {
    pg_weights kind;
    double rho, gamma;
} lr_weight;

/*
 * Weight at a death time t_j with n_j at risk and left-continuous pooled Kaplan-Meier S(t_j-)
 * (within the stratum, all groups together, as survdiff computes it):
 *   log-rank            w = 1                                  Mantel (1966)
 *   G-rho               w = S(t_j-)^rho                        Harrington & Fleming (1982)
 *   Gehan               w = n_j                                Gehan (1965), Breslow (1970)
 *   Tarone-Ware         w = sqrt(n_j)                          Tarone & Ware (1977)
 *   Fleming-Harrington  w = S(t_j-)^rho (1 - S(t_j-))^gamma    Fleming & Harrington (1991)
 * C's pow(0, 0) is 1, as R's 0^0.
 */
static double weight_at(const lr_weight *w, double nrisk, double km)
{
    switch (w->kind) {
    case PG_WEIGHTS_GRHO: return w->rho == 0 ? 1.0 : pow(km, w->rho);
    case PG_WEIGHTS_GEHAN: return nrisk;
    case PG_WEIGHTS_TARONE_WARE: return sqrt(nrisk);
    case PG_WEIGHTS_FH: return pow(km, w->rho) * pow(1.0 - km, w->gamma);
    case PG_WEIGHTS_LOGRANK:
    default: return 1.0;
    }
}

/*
 * Weighted observed, expected and hypergeometric variance, summed over strata (survdiff).
 * At each distinct death time t_j of stratum s, with d_j deaths among n_j at risk, d_gj and
 * n_gj of them in group g, and weight w_j:
 *   O_g  += w_j d_gj
 *   E_g  += w_j d_j n_gj / n_j
 *   V_gh += w_j^2 d_j (n_j - d_j) / (n_j (n_j - 1)) * n_gj (delta_gh - n_hj / n_j)   (n_j > 1)
 * Also, if score is not NULL, each subject's weighted log-rank score (within its stratum)
 *   a_i = w(t_i) delta_i - sum_{t_j <= t_i} w_j d_j / n_j
 * so that sum_{i in g} a_i = O_g - E_g for every assignment of the stratum's subjects to groups
 * (the basis of the permutation test below).
 * Refs: Mantel (1966); Peto & Peto (1972); Harrington & Fleming, Biometrika 69 (1982) 553-566.
 * Matches: survival::survdiff(..., rho) -- C routine survdiff2, which sweeps each stratum
 * backwards in time accumulating the risk sets, with the left-continuous KM from a forward pass.
 * wbuf, risk: scratch of m and k doubles. obs, expct: k; var: k x k (all zeroed here).
 */
static void accumulate(const lr_rows *r, const lr_weight *w, double *obs, double *expct,
                       double *var, double *score, double *wbuf, double *risk)
{
    size_t k = r->k;
    memset(obs, 0, k * sizeof *obs);
    memset(expct, 0, k * sizeof *expct);
    memset(var, 0, k * k * sizeof *var);
    size_t b = 0;
    while (b < r->m) {
        size_t e = b + 1;           /* stratum block [b, e) of positions in ord */
        while (e < r->m && r->strat[r->ord[e]] == r->strat[r->ord[b]]) {
            if (e + PG_AHEAD < r->m) PG_PREFETCH(r->strat + r->ord[e + PG_AHEAD]);
            e++;
        }

        /* Forward: weight per tied-time block from n at risk and S(t-); scores. */
        double km = 1.0, cum = 0.0;
        for (size_t i = b; i < e;) {
            double t = r->time[r->ord[i]];
            size_t j = i;
            double d = 0;
            while (j < e && r->time[r->ord[j]] == t) {
                if (j + PG_AHEAD < e) {
                    PG_PREFETCH(r->time + r->ord[j + PG_AHEAD]);
                    PG_PREFETCH(r->status + r->ord[j + PG_AHEAD]);
                }
                d += r->status[r->ord[j++]];
            }
            double nrisk = (double)(e - i);
            double wt = weight_at(w, nrisk, km);
            cum += wt * d / nrisk;
            for (size_t q = i; q < j; q++) {
                wbuf[q] = wt;
                if (score) {
                    size_t row = r->ord[q];
                    score[row] = wt * r->status[row] - cum;
                }
            }
            km *= (nrisk - d) / nrisk;
            i = j;
        }

        /* Backward: risk sets grow as time decreases. */
        memset(risk, 0, k * sizeof *risk);
        size_t i = e;
        while (i > b) {
            double t = r->time[r->ord[i - 1]];
            double wt = wbuf[i - 1];
            double d = 0;
            size_t j = i;
            while (j > b && r->time[r->ord[j - 1]] == t) {
                if (j > b + PG_AHEAD) {
                    size_t ra = r->ord[j - 1 - PG_AHEAD];
                    PG_PREFETCH(r->time + ra);
                    PG_PREFETCH(r->status + ra);
                    PG_PREFETCH(r->grp + ra);
                }
                size_t row = r->ord[--j];
                d += r->status[row];
                risk[r->grp[row]] += 1;
                obs[r->grp[row]] += r->status[row] * wt;
            }
            double nrisk = (double)(e - j);
            if (d > 0) {
                for (size_t g = 0; g < k; g++) expct[g] += wt * d * risk[g] / nrisk;
                if (nrisk > 1) {
                    double c = wt * wt * d * (nrisk - d) / (nrisk * (nrisk - 1));
                    for (size_t g = 0; g < k; g++) {
                        double tg = c * risk[g];
                        var[g * k + g] += tg;
                        for (size_t h = 0; h < k; h++) var[g * k + h] -= tg * risk[h] / nrisk;
                    }
                }
            }
            i = j;
        }
        b = e;
    }
}

/*
 * survdiff's chi-square from summed O, E and V: keep the groups with E_g > 0, drop the first of
 * them (the k differences O - E sum to zero), and form
 *   chisq = (O - E)' V^- (O - E)  on  df = #{g : E_g > 0} - 1.
 * V^- from the library's one solver (pg_chol_quad, survival's cholesky2 rule): for a non-singular
 * V this is what survdiff's solve() gives. Fewer than two groups with E > 0 gives chisq = 0 (as
 * survdiff).
 */
static double chisq_of(const double *obs, const double *expct, const double *var, size_t k,
                       double *scratch, size_t *keep, size_t *df)
{
    double *u = scratch, *a = u + k, *y = a + k * k;
    size_t nk = 0;
    for (size_t g = 0; g < k; g++)
        if (expct[g] > 0) keep[nk++] = g;
    *df = nk ? nk - 1 : 0;
    if (nk < 2) return 0;
    size_t m = nk - 1;
    for (size_t i = 0; i < m; i++) {
        u[i] = obs[keep[i + 1]] - expct[keep[i + 1]];
        for (size_t j = 0; j < m; j++) a[i * m + j] = var[keep[i + 1] * k + keep[j + 1]];
    }
    return pg_chol_quad(a, m, PG_TOLER_CHOL, u, y, NULL);
}

/* Doubles of scratch for chisq_of with k groups: u (k), a (k*k), y (k). */
static size_t chisq_scratch(size_t k) { return 2 * k + k * k; }

/*
 * Multiple-comparison adjustment of m p-values (NaN ones are left out, as p.adjust does):
 *   Bonferroni: min(1, m p)
 *   Holm:       p_(i) -> max_{j <= i} min(1, (m - j + 1) p_(j)) over the ascending order
 * Holm, Scand. J. Statist. 6 (1979) 65-70. Matches: stats::p.adjust(p, "holm"/"bonferroni").
 */
static int adjust_p(pg_logrank_pair *pr, size_t n, pg_adjust how)
{
    size_t m = 0;
    for (size_t i = 0; i < n; i++) m += !isnan(pr[i].p);
    for (size_t i = 0; i < n; i++) {
        if (isnan(pr[i].p) || how == PG_ADJUST_NONE) pr[i].p_adjusted = pr[i].p;
        else pr[i].p_adjusted = fmin(1.0, (double)m * pr[i].p);
    }
    if (how != PG_ADJUST_HOLM || m == 0) return PG_OK;
    size_t *o = pg_malloc_array(m, sizeof *o);
    if (!o) return PG_ENOMEM;
    size_t q = 0;
    for (size_t i = 0; i < n; i++)
        if (!isnan(pr[i].p)) o[q++] = i;
    for (size_t i = 1; i < m; i++) {           /* stable insertion sort by p */
        size_t v = o[i], j = i;
        while (j > 0 && pr[o[j - 1]].p > pr[v].p) {
            o[j] = o[j - 1];
            j--;
        }
        o[j] = v;
    }
    double run = 0;
    for (size_t j = 0; j < m; j++) {
        double v = fmin(1.0, (double)(m - j) * pr[o[j]].p);
        if (v > run) run = v;
        pr[o[j]].p_adjusted = run;
    }
    free(o);
    return PG_OK;
}

/* ---- exact permutation test ---------------------------------------------------------------- */

typedef struct perm_state {
    size_t n_strata;
    size_t *start;          /* n_strata + 1 offsets into pos/lab */
    size_t *pos;            /* rows of each stratum */
    size_t *lab;            /* current group label of each position */
    const double *score;    /* a_i per row */
    size_t k;
    double *ginv;           /* k x k generalised inverse of W */
    double *u, *ustrat;     /* k; n_strata x k */
} perm_state;

/* Rearrange lab[0..n) into the next multiset permutation in lexicographic order; returns 0 and
 * leaves the smallest arrangement (sorted) when lab was the last one. */
static int next_arrangement(size_t *lab, size_t n)
{
    if (n < 2) return 0;
    size_t i = n - 1;
    while (i > 0 && lab[i - 1] >= lab[i]) i--;
    if (i == 0) {
        for (size_t a = 0, b = n - 1; a < b; a++, b--) {
            size_t t = lab[a]; lab[a] = lab[b]; lab[b] = t;
        }
        return 0;
    }
    size_t j = n - 1;
    while (lab[j] <= lab[i - 1]) j--;
    size_t t = lab[i - 1]; lab[i - 1] = lab[j]; lab[j] = t;
    for (size_t a = i, b = n - 1; a < b; a++, b--) {
        t = lab[a]; lab[a] = lab[b]; lab[b] = t;
    }
    return 1;
}

static void stratum_sums(perm_state *ps, size_t s)
{
    double *us = ps->ustrat + s * ps->k;
    memset(us, 0, ps->k * sizeof *us);
    for (size_t q = ps->start[s]; q < ps->start[s + 1]; q++)
        us[ps->lab[q]] += ps->score[ps->pos[q]];
}

/* U' W^- U with U the sum of the strata's score sums. */
static double perm_stat(perm_state *ps)
{
    size_t k = ps->k;
    memset(ps->u, 0, k * sizeof *ps->u);
    for (size_t s = 0; s < ps->n_strata; s++)
        for (size_t g = 0; g < k; g++) ps->u[g] += ps->ustrat[s * k + g];
    double q = 0;
    for (size_t g = 0; g < k; g++)
        for (size_t h = 0; h < k; h++) q += ps->u[g] * ps->ginv[g * k + h] * ps->u[h];
    return q;
}

/* Generalised inverse of the symmetric NND k x k matrix w (src/core/linalg.c: survival's
 * cholesky2 and chinv2). */
static int ginv_full(const double *w, size_t k, double *out)
{
    double *work = pg_malloc_array(k * k + k, sizeof *work);
    if (!work) return PG_ENOMEM;
    memcpy(out, w, k * k * sizeof *out);
    pg_chol_factor(out, k, PG_TOLER_CHOL);
    pg_chol_inverse(out, k, work);
    free(work);
    return PG_OK;
}

/* log of the number of distinct arrangements: sum_s log( n_s! / prod_g m_gs! ). */
static double log_arrangements(const perm_state *ps, const size_t *count)
{
    double l = 0;
    for (size_t s = 0; s < ps->n_strata; s++) {
        l += lgamma((double)(ps->start[s + 1] - ps->start[s]) + 1);
        for (size_t g = 0; g < ps->k; g++) l -= lgamma((double)count[s * ps->k + g] + 1);
    }
    return l;
}

/* *a = *a * b; 0, or 1 when that overflows size_t. */
static int mul_over(size_t *a, size_t b)
{
    if (b != 0 && *a > SIZE_MAX / b) return 1;
    *a *= b;
    return 0;
}

/* The number of distinct arrangements, prod_s n_s! / prod_g m_gs!, as an exact integer, or 0
 * when it does not fit in size_t: every multinomial as a product of binomials, each built by
 * C(r, i) = C(r - 1, i - 1) r / i (exact: the product is divisible by i). */
static size_t count_arrangements(const perm_state *ps, const size_t *count)
{
    size_t all = 1;
    for (size_t s = 0; s < ps->n_strata; s++) {
        size_t left = ps->start[s + 1] - ps->start[s];
        for (size_t g = 0; g < ps->k; g++) {
            size_t mg = count[s * ps->k + g], c = 1;
            for (size_t i = 1; i <= mg; i++) {
                size_t r = left - mg + i, q = c / i, rem = c % i;
                /* c r / i = q r + rem r / i, without forming c r (rem r < i r is small) */
                if (mul_over(&q, r) || q > SIZE_MAX - rem * r / i) return 0;
                c = q + rem * r / i;
            }
            left -= mg;
            if (mul_over(&all, c)) return 0;
        }
    }
    return all;
}

/* Record an exact p from a network (logrank_exact.c, logrank_exact_k.c); returns 1. */
static int network_done(pg_logrank *lr, double p, size_t peak, size_t arrangements)
{
    lr->exact_p = p;
    lr->exact_enumerated = 1;
    lr->exact_method = PG_EXACT_NETWORK;
    lr->exact_nodes = peak;
    lr->exact_draws = arrangements;
    return 1;
}

/*
 * Exact (permutation) p-value of the weighted log-rank test.
 * Under H0 the group labels are exchangeable within each stratum, so the reference distribution
 * is that of all re-assignments of the observed labels within strata, keeping the group sizes
 * of every stratum. With the subject scores a_i of accumulate() (computed once from the pooled
 * data of each stratum, which a re-assignment does not change),
 *   U_g = sum_{i in g} a_i = O_g - E_g,
 *   W   = sum_s S2_s / (n_s - 1) (diag(m_s) - m_s m_s' / n_s),   S2_s = sum_{i in s} a_i^2
 *         (the permutation covariance of U; sum_{i in s} a_i = 0),
 *   T   = U' W^- U,
 * and p = #{arrangements with T >= T_obs} / #{arrangements} by complete enumeration, or
 * p = (1 + #{draws with T >= T_obs}) / (1 + B) from B random arrangements.
 * Each arrangement costs O(n + k^2). For two groups T orders arrangements as |O_1 - E_1| does.
 * Refs: Heimann & Neuhaus, Stat. Med. 17 (1998) 2935-2957 (exact log-rank);
 * Strasser & Weber, Math. Methods Statist. 8 (1999) 220-250 (W). Matches: the statistic of
 * coin::logrank_test (two-sided, exact or approximate distribution) for untied data; tested
 * against a brute-force enumeration in R (scripts/fixtures/logrank.R).
 */
static int exact_test(const lr_rows *r, const double *score, const pg_logrank_opts *opt,
                      pg_logrank *lr, pg_error *err)
{
    int rc = PG_ENOMEM;
    size_t k = r->k, m = r->m, ns = 0;
    perm_state ps = {0};
    gsl_rng *rng = NULL;
    size_t *count = NULL;
    double *w = NULL;
    for (size_t i = 0; i < m; i++)
        if (i == 0 || r->strat[r->ord[i]] != r->strat[r->ord[i - 1]]) ns++;
    ps.n_strata = ns;
    ps.k = k;
    ps.score = score;
    ps.start = pg_malloc_array(ns + 1, sizeof *ps.start);
    ps.pos = pg_malloc_array(m, sizeof *ps.pos);
    ps.lab = pg_malloc_array(m, sizeof *ps.lab);
    ps.ginv = pg_calloc_array(k * k, sizeof *ps.ginv);
    ps.u = pg_calloc_array(k, sizeof *ps.u);
    ps.ustrat = pg_calloc_array(ns * k, sizeof *ps.ustrat);
    count = pg_calloc_array(ns * k, sizeof *count);
    w = pg_calloc_array(k * k, sizeof *w);
    if (!ps.start || !ps.pos || !ps.lab || !ps.ginv || !ps.u || !ps.ustrat || !count || !w)
        goto fail;
    size_t s = 0;
    for (size_t i = 0; i < m; i++) {
        if (i > 0 && r->strat[r->ord[i]] != r->strat[r->ord[i - 1]]) s++;
        if (i == 0 || r->strat[r->ord[i]] != r->strat[r->ord[i - 1]]) ps.start[s] = i;
        ps.pos[i] = r->ord[i];
        ps.lab[i] = r->grp[r->ord[i]];
        count[s * k + ps.lab[i]]++;
    }
    ps.start[ns] = m;

    /* W, the permutation covariance of U. */
    for (s = 0; s < ns; s++) {
        size_t nsz = ps.start[s + 1] - ps.start[s];
        if (nsz < 2) continue;
        double s2 = 0;
        for (size_t q = ps.start[s]; q < ps.start[s + 1]; q++)
            s2 += score[ps.pos[q]] * score[ps.pos[q]];
        double c = s2 / (double)(nsz - 1);
        for (size_t g = 0; g < k; g++) {
            double mg = (double)count[s * k + g];
            w[g * k + g] += c * mg;
            for (size_t h = 0; h < k; h++)
                w[g * k + h] -= c * mg * (double)count[s * k + h] / (double)nsz;
        }
    }
    if ((rc = ginv_full(w, k, ps.ginv)) != PG_OK) goto fail;

    for (s = 0; s < ns; s++) stratum_sums(&ps, s);
    double tobs = perm_stat(&ps);
    /* Ties in T between arrangements that differ only by rounding must count as >=. */
    double cut = tobs - 1e-7 * fabs(tobs) - 1e-12;
    lr->exact_stat = tobs;

    double larr = log_arrangements(&ps, count);
    lr->exact_log_arrangements = larr;
    size_t hits = 0, done = 0;
    const size_t every = 4096;
    int exact_done = 0;
    lr->exact_mc_se = NAN;
    if (k == 2 && opt->monte_carlo == 0) {
        /* Two groups: T = U_1^2 / W_11 orders the arrangements as |U_1| does. */
        double u1 = 0, p = NAN;
        size_t peak = 0;
        for (s = 0; s < ns; s++) u1 += ps.ustrat[s * k + 1];
        int x = pg_lr_exact_two(ns, ps.start, ps.pos, ps.lab, score, u1, opt->max_nodes, &p,
                                &peak);
        if (x < 0) goto fail;
        if (x == 0) {
            exact_done = network_done(lr, p, peak, count_arrangements(&ps, count));
        }
    }
    if (k > 2 && opt->monte_carlo == 0) {
        /* k groups: the multivariate network (logrank_exact_k.c), enumeration when too big */
        double p = NAN;
        size_t peak = 0;
        int x = pg_lr_exact_k(ns, ps.start, ps.pos, ps.lab, score, k, ps.ginv, cut,
                              opt->max_nodes, &p, &peak);
        if (x < 0) goto fail;
        if (x == 0) {
            exact_done = network_done(lr, p, peak, count_arrangements(&ps, count));
        }
    }
    if (exact_done) {
    } else if (k > 2 && opt->monte_carlo == 0 && larr <= log((double)opt->max_enumerate) + 1e-9) {
        size_t total = (size_t)floor(exp(larr) + 0.5);
        /* Start every stratum from its smallest (sorted) arrangement. */
        for (s = 0; s < ns; s++) {
            size_t q = ps.start[s];
            for (size_t g = 0; g < k; g++)
                for (size_t c = 0; c < count[s * k + g]; c++) ps.lab[q++] = g;
            stratum_sums(&ps, s);
        }
        for (;;) {
            if (perm_stat(&ps) >= cut) hits++;
            done++;
            if (opt->progress && done % every == 0) opt->progress(done, total, opt->progress_ctx);
            /* Odometer over strata. */
            for (s = 0; s < ns; s++) {
                size_t a = ps.start[s], len = ps.start[s + 1] - a;
                int more = next_arrangement(ps.lab + a, len);
                stratum_sums(&ps, s);
                if (more) break;
            }
            if (s == ns) break;
        }
        lr->exact_p = (double)hits / (double)done;
        lr->exact_enumerated = 1;
        lr->exact_draws = done;
        lr->exact_method = PG_EXACT_ENUMERATION;
        if (opt->progress) opt->progress(done, done, opt->progress_ctx);
    } else {
        size_t b = opt->monte_carlo ? opt->monte_carlo : opt->permutations;
        if (b == 0) {
            rc = pg_fail(err, PG_EINPUT, "logrank: the number of permutations must be positive");
            goto fail;
        }
        rng = gsl_rng_alloc(gsl_rng_mt19937);
        if (!rng) goto fail;
        gsl_rng_set(rng, opt->seed);
        for (done = 0; done < b;) {
            for (s = 0; s < ns; s++) {
                size_t a = ps.start[s], len = ps.start[s + 1] - a;
                if (len > 1) gsl_ran_shuffle(rng, ps.lab + a, len, sizeof *ps.lab);
                stratum_sums(&ps, s);
            }
            if (perm_stat(&ps) >= cut) hits++;
            done++;
            if (opt->progress && done % every == 0) opt->progress(done, b, opt->progress_ctx);
        }
        lr->exact_p = (1.0 + (double)hits) / (1.0 + (double)b);
        lr->exact_enumerated = 0;
        lr->exact_draws = b;
        lr->exact_seed = opt->seed;
        lr->exact_method = PG_EXACT_MONTE_CARLO;
        lr->exact_mc_asked = opt->monte_carlo > 0;
        lr->exact_mc_se = sqrt(lr->exact_p * (1 - lr->exact_p) / (double)b);
        if (opt->progress) opt->progress(b, b, opt->progress_ctx);
    }
    lr->has_exact = 1;
    rc = PG_OK;
fail:
    if (rc == PG_ENOMEM) pg_fail(err, PG_ENOMEM, "logrank: out of memory");
    gsl_rng_free(rng);
    free(ps.start);
    free(ps.pos);
    free(ps.lab);
    free(ps.ginv);
    free(ps.u);
    free(ps.ustrat);
    free(count);
    free(w);
    return rc;
}

/* Count the rows of each of the frame's kf groups (cnt) and number the non-empty ones
 * (map: frame group -> test group, -1 for an empty one; *kout of them), then check that the
 * test can be done: two groups or more, an event, valid trend scores. PG_OK, or the error
 * (err filled). */
static int check_groups(const pg_frame *fr, const pg_logrank_opts *opt, size_t *map, double *cnt,
                        size_t *kout, pg_error *err)
{
    size_t n = pg_frame_n(fr), kf = pg_frame_ngroups(fr);
    const size_t *fgrp = pg_frame_group(fr);
    for (size_t i = 0; i < n; i++) cnt[fgrp[i]] += 1;
    size_t k = 0;
    for (size_t g = 0; g < kf; g++) map[g] = cnt[g] > 0 ? k++ : (size_t)-1;
    *kout = k;
    if (k < 2 && kf <= 1 && (kf == 0 || pg_frame_group_name(fr, 0)[0] == '\0'))
        return pg_fail(err, PG_EANALYSIS, "logrank needs at least two groups; the formula has "
                                          "no grouping variable (write 'Surv(t, e) ~ group')");
    if (k == 1) {
        size_t g = 0;
        while (cnt[g] == 0) g++;
        return pg_fail(err, PG_EANALYSIS, "logrank needs at least two groups; every row is in "
                                          "group '%s'", pg_frame_group_name(fr, g));
    }
    if (k == 0)
        return pg_fail(err, PG_EANALYSIS, "logrank needs at least two groups; there are no rows");
    if (pg_frame_events(fr) == 0)
        return pg_fail(err, PG_ENOEVENTS, "logrank: no events (every observation is censored)");
    if (opt->trend && opt->scores && opt->n_scores != kf)
        return pg_fail(err, PG_EINPUT, "logrank: %zu trend score%s given for %zu groups",
                       opt->n_scores, opt->n_scores == 1 ? "" : "s", kf);
    for (size_t g = 0; opt->trend && opt->scores && g < kf; g++)
        if (!isfinite(opt->scores[g]))
            return pg_fail(err, PG_EINPUT, "logrank: trend score %zu is not a finite number",
                           g + 1);
    /* scores equal on every group with rows test nothing (U and V are 0 up to rounding) */
    size_t first = kf;
    for (size_t g = 0; opt->trend && opt->scores && g < kf; g++) {
        if (map[g] == (size_t)-1) continue;
        if (first == kf) first = g;
        else if (opt->scores[g] != opt->scores[first]) return PG_OK;
    }
    if (opt->trend && opt->scores && first < kf)
        return pg_fail(err, PG_EINPUT, "logrank: the trend scores of the groups with rows are "
                       "all %g: give scores that differ", opt->scores[first]);
    return PG_OK;
}

/*
 * Test for trend across ordered groups with scores s_g (default 1, 2, ..., k):
 *   U = s'(O - E),  V = s' V s,  chisq = U^2 / V on 1 df,
 * O, E, V the (weighted, stratum-summed) quantities above. Collett, Modelling Survival Data
 * in Medical Research (3rd ed., 2015) section 2.7; R: no survdiff option -- checked in
 * scripts/fixtures/logrank.R by this formula on survdiff's obs, exp and var.
 * chisq does not change when the scores are shifted (sum(O - E) = 0 and V's rows sum to 0) or
 * scaled, so when the given scores overflow it is computed on (s - s_1) / max|s - s_1|, which
 * cannot: scores such as 1e308, -1e308, 0 gave Inf - Inf = NaN before. U and V are reported on
 * the given scores.
 */
/* U = s'(O - E) and V = s' V s for the scores s_g = (score_g / 2 - s0 / 2) / scale, or the scores
 * themselves when scale = 1 and s0 = 0 (trend_test). */
static void trend_uv(const pg_logrank *lr, double s0, double scale, double *uo, double *vo)
{
    size_t k = lr->n_groups;
    const double *sc = lr->trend_scores;
    int raw = s0 == 0 && scale == 1;
    double u = 0, v = 0;
    for (size_t g = 0; scale > 0 && g < k; g++) {
        double sg = raw ? sc[g] : (sc[g] / 2 - s0 / 2) / scale;
        u += sg * (lr->observed[g] - lr->expected[g]);
        for (size_t h = 0; h < k; h++)
            v += sg * lr->variance[g * k + h] * (raw ? sc[h] : (sc[h] / 2 - s0 / 2) / scale);
    }
    *uo = u;
    *vo = v;
}

static int trend_test(pg_logrank *lr, const pg_logrank_opts *opt, const size_t *map, size_t kf)
{
    size_t k = lr->n_groups;
    lr->trend_scores = pg_malloc_array(k, sizeof *lr->trend_scores);
    if (!lr->trend_scores) return PG_ENOMEM;
    for (size_t g = 0; g < kf; g++)
        if (map[g] != (size_t)-1)
            lr->trend_scores[map[g]] = opt->scores ? opt->scores[g] : (double)(g + 1);
    double u, v;
    trend_uv(lr, 0, 1, &u, &v);
    lr->has_trend = 1;
    lr->trend_u = u;
    lr->trend_var = v;
    if (!isfinite(u) || !isfinite(v) || !isfinite(u * u)) {
        double s0 = lr->trend_scores[0], scale = 0;
        for (size_t g = 0; g < k; g++) {
            double d = fabs(lr->trend_scores[g] / 2 - s0 / 2);     /* halves: no overflow */
            if (d > scale) scale = d;
        }
        trend_uv(lr, s0, scale, &u, &v);
        /* on the given scores: U = 2 scale u' + s_1 sum(O - E), the last term 0;
         * V = (2 scale)^2 v' (either may be Inf: the statistic is still defined) */
        lr->trend_u = 2 * scale * u;
        lr->trend_var = 2 * scale * 2 * scale * v;
    }
    lr->trend_df = 1;
    lr->trend_chisq = v > 0 ? u * u / v : NAN;
    lr->trend_p = v > 0 ? pg_chisq_p(lr->trend_chisq, 1) : NAN;
    return PG_OK;
}

/*
 * Pairwise comparisons: for each pair of groups (a, b), the same test (weights, strata) on
 * the rows of a and b only -- the pooled KM of G-rho/FH weights and the numbers at risk are
 * those of the pair, as survdiff on the subset gives (survminer::pairwise_survdiff).
 * p-values adjusted by Holm (default) or Bonferroni.
 */
static int pairwise_tests(pg_logrank *lr, const lr_rows *rows, const lr_weight *w,
                          pg_adjust adjust, double *wbuf, double *risk, double *scratch,
                          size_t *keep)
{
    size_t k = lr->n_groups, n = rows->m;
    size_t *sub = NULL, *subgrp = NULL;
    double o2[2], e2[2], v2[4];   /* the pair's O, E and V */
    int rc = PG_ENOMEM;
    size_t np = k * (k - 1) / 2;
    lr->pairs = pg_calloc_array(np, sizeof *lr->pairs);
    sub = pg_malloc_array(n, sizeof *sub);
    subgrp = pg_malloc_array(n, sizeof *subgrp);
    if (!lr->pairs || !sub || !subgrp) goto done;
    lr->n_pairs = np;
    size_t q = 0;
    for (size_t a = 0; a < k; a++)
        for (size_t b = a + 1; b < k; b++, q++) {
            size_t m = 0, ev = 0;
            for (size_t i = 0; i < n; i++) {
                size_t row = rows->ord[i];
                if (rows->grp[row] != a && rows->grp[row] != b) continue;
                sub[m++] = row;
                subgrp[row] = rows->grp[row] == a ? 0 : 1;
                ev += (size_t)rows->status[row];
            }
            lr_rows pr = {m, sub, rows->time, rows->status, subgrp, rows->strat, 2};
            pg_logrank_pair *pp = &lr->pairs[q];
            pp->a = a;
            pp->b = b;
            if (ev == 0) {           /* survdiff gives chisq 0 on -1 df: report NA */
                pp->chisq = pp->p = NAN;
                continue;
            }
            accumulate(&pr, w, o2, e2, v2, NULL, wbuf, risk);
            size_t pdf;
            pp->chisq = chisq_of(o2, e2, v2, 2, scratch, keep, &pdf);
            pp->p = pg_chisq_p(pp->chisq, (double)pdf);
        }
    rc = adjust_p(lr->pairs, np, adjust);
done:
    free(sub);
    free(subgrp);
    return rc;
}

/* ---- the test ------------------------------------------------------------------------------- */

int pg_logrank_test(const pg_frame *fr, const pg_logrank_opts *opt, pg_logrank **out,
                    pg_error *err)
{
    pg_logrank_opts defaults;
    pg_logrank *lr = NULL;
    size_t *map = NULL, *grp = NULL, *ord = NULL, *keep = NULL;
    double *cnt = NULL, *wbuf = NULL, *risk = NULL, *score = NULL, *scratch = NULL;
    int rc = PG_ENOMEM;

    *out = NULL;
    if (!opt) {
        pg_logrank_opts_init(&defaults);
        opt = &defaults;
    }
    if (!fr) return pg_fail(err, PG_EINPUT, "logrank: no data");
    if (!pg_frame_group(fr))
        return pg_fail(err, PG_EINPUT, "logrank: the frame was built without groups (no_groups)");
    if ((unsigned)opt->weights > PG_WEIGHTS_FH)
        return pg_fail(err, PG_EINPUT, "logrank: unknown weights");
    if (!(opt->rho >= 0) || !isfinite(opt->rho) || !(opt->gamma >= 0) || !isfinite(opt->gamma))
        return pg_fail(err, PG_EINPUT, "logrank: rho and gamma must be finite and >= 0");

    size_t n = pg_frame_n(fr), kf = pg_frame_ngroups(fr);
    const size_t *fgrp = pg_frame_group(fr);
    const double *time = pg_frame_time(fr);
    const int *status = pg_frame_status(fr);

    /* Groups that have rows, in frame order (survdiff's table(groups) has no empty cells). */
    map = pg_malloc_array(kf, sizeof *map);
    cnt = pg_calloc_array(kf, sizeof *cnt);
    if (!map || !cnt) goto fail;
    size_t k = 0;
    if ((rc = check_groups(fr, opt, map, cnt, &k, err)) != PG_OK) goto fail;
    /* the variance, its inverse and the pairwise work are k x k: bounded before allocating */
    double kbytes = 3.0 * (double)k * (double)k * (double)sizeof(double);
    if (kbytes > (double)PG_LIMIT_MATRIX_BYTES) {
        char need[32], lim[32];
        pg_format_bytes(need, sizeof need, kbytes);
        pg_format_bytes(lim, sizeof lim, (double)PG_LIMIT_MATRIX_BYTES);
        rc = pg_fail(err, PG_EINPUT, "logrank: %zu groups need three %zu x %zu matrices (%s), "
                     "more than the limit of %s (PG_LIMIT_MATRIX_BYTES, docs/limits.md): "
                     "compare fewer groups", k, k, k, need, lim);
        goto fail;
    }
    rc = PG_ENOMEM;

    lr = calloc(1, sizeof *lr);
    if (!lr) goto fail;
    lr->weights = opt->weights;
    lr->rho = opt->weights == PG_WEIGHTS_GRHO || opt->weights == PG_WEIGHTS_FH ? opt->rho : 0;
    lr->gamma = opt->weights == PG_WEIGHTS_FH ? opt->gamma : 0;
    lr->n = n;
    lr->dropped = pg_frame_dropped(fr);
    lr->n_groups = k;
    lr->n_strata = pg_frame_nstrata(fr);
    lr->events = pg_frame_events(fr);
    lr->adjust = opt->adjust;
    lr->exact_p = NAN;
    lr->exact_mc_se = NAN;
    lr->trend_chisq = lr->trend_df = lr->trend_p = NAN;
    lr->trend_u = lr->trend_var = NAN;
    lr->exact_stat = NAN;
    lr->group = pg_calloc_array(k, sizeof *lr->group);
    lr->n_group = pg_calloc_array(k, sizeof *lr->n_group);
    lr->observed = pg_calloc_array(k, sizeof *lr->observed);
    lr->expected = pg_calloc_array(k, sizeof *lr->expected);
    lr->variance = pg_calloc_array(k * k, sizeof *lr->variance);
    if (!lr->group || !lr->n_group || !lr->observed || !lr->expected || !lr->variance) goto fail;
    for (size_t g = 0; g < kf; g++) {
        if (map[g] == (size_t)-1) continue;
        lr->group[map[g]] = pg_strdup(pg_frame_group_name(fr, g));
        if (!lr->group[map[g]]) goto fail;
        lr->n_group[map[g]] = cnt[g];
    }

    grp = pg_malloc_array(n, sizeof *grp);
    ord = pg_malloc_array(n, sizeof *ord);
    wbuf = pg_malloc_array(n, sizeof *wbuf);
    risk = pg_malloc_array(k, sizeof *risk);
    /* per-subject scores only for the permutation test (8 bytes a row at registry scale) */
    if (opt->exact) score = pg_malloc_array(n, sizeof *score);
    scratch = pg_malloc_array(chisq_scratch(k), sizeof *scratch);
    keep = pg_malloc_array(k, sizeof *keep);
    if (!grp || !ord || !wbuf || !risk || (opt->exact && !score) || !scratch || !keep) goto fail;
    for (size_t i = 0; i < n; i++) grp[i] = map[fgrp[i]];
    if (pg_order_by_key(n, pg_frame_time_order(fr), pg_frame_strata(fr), pg_frame_nstrata(fr),
                        ord) != PG_OK)
        goto fail;

    lr_weight w = {opt->weights, lr->rho, lr->gamma};
    lr_rows rows = {n, ord, time, status, grp, pg_frame_strata(fr), k};
    accumulate(&rows, &w, lr->observed, lr->expected, lr->variance, score, wbuf, risk);
    size_t df;
    lr->chisq = chisq_of(lr->observed, lr->expected, lr->variance, k, scratch, keep, &df);
    lr->df = (double)df;
    lr->p = pg_chisq_p(lr->chisq, lr->df);

    if (opt->trend && trend_test(lr, opt, map, kf)) goto fail;

    if (opt->pairwise && (rc = pairwise_tests(lr, &rows, &w, opt->adjust, wbuf, risk, scratch,
                                              keep)) != PG_OK)
        goto fail;

    if (opt->exact) {
        rc = exact_test(&rows, score, opt, lr, err);
        if (rc != PG_OK) goto fail;
    }

    rc = PG_OK;
    *out = lr;
    lr = NULL;
fail:
    if (rc == PG_ENOMEM) pg_fail(err, PG_ENOMEM, "logrank: out of memory");
    pg_logrank_free(lr);
    free(map);
    free(cnt);
    free(grp);
    free(ord);
    free(wbuf);
    free(risk);
    free(score);
    free(scratch);
    free(keep);
    return rc;
}
