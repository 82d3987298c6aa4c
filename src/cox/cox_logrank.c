/* cox_logrank.c -- comparing groups on counting-process data, Surv(start, stop, event), where
 * survdiff stops ("Right censored data only"): the score test of the Cox model with the group
 * as a factor, and the observed and expected events from the left-truncated risk sets. */
#include "prognos/cox.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

/*
 * Groups g = 0..k-1 (the frame's groups, survfit's strata), strata s (strata()).
 *   Test:     the score test at b = 0 of coxph(Surv(start, stop, event) ~ factor(g) +
 *             strata(s)) with the given ties, U0' I0^- U0 on k - 1 df (fewer when a column is
 *             aliased): R's summary(fit)$sctest. Without tied event times it is the log-rank
 *             test; the fit is pg_cox_fit on a frame of k - 1 group indicators (cox_ag.c).
 *   O, E, V:  per stratum, at each event time t with the risk set R(t) = {start < t <= stop},
 *             n_g(t) rows of group g at risk, n = sum_g n_g, d_g events, d = sum_g d_g:
 *               O_g += d_g,  E_g += d n_g / n,
 *               V_gh += d (n - d) / (n - 1) (n_g / n) (delta_gh - n_h / n)   (n > 1),
 *             survdiff's sums (survdiff2.c, rho = 0) over the left-truncated risk sets.
 *             With case weights w_i, n_g, n, d_g and d are sums of weights (survfit's weighted
 *             n.risk and n.event), so O - E is the Cox score vector at b = 0 with Breslow ties,
 *             and V its information, V_gh += d (n_g / n) (delta_gh - n_h / n): survdiff has
 *             no weights, and the factor (n - d) / (n - 1) of replicated rows has no meaning
 *             for sampling weights.
 * Refs:     Andersen, Borgan, Gill & Keiding (1993) sec. V.2 (the log-rank test under left
 *           truncation); Therneau & Grambsch (2000) sec. 3.3 (score test = log-rank).
 * Matches:  summary(coxph(Surv(start, stop, event) ~ factor(g) + strata(s)))$sctest; with
 *           weights O - E = colSums(coxph.detail(fit0)$score) and V = solve(vcov(fit0)) of
 *           fit0 <- coxph(..., weights = w, ties = "breslow", iter.max = 0).
 */

typedef struct lr_row {
    double key;
    size_t row;
} lr_row;

static int cmp_row(const void *pa, const void *pb)
{
    const lr_row *a = pa, *b = pb;
    if (a->key != b->key) return a->key < b->key ? -1 : 1;
    return (a->row > b->row) - (a->row < b->row);
}

/* O, E and V of the left-truncated risk sets into lr (arrays allocated, zeroed). */
static int observed_expected(const pg_frame *fr, pg_logrank *lr)
{
    size_t n = pg_frame_n(fr), k = lr->n_groups, ns = pg_frame_nstrata(fr);
    const double *stop = pg_frame_time(fr), *start = pg_frame_entry(fr);
    const int *status = pg_frame_status(fr);
    const size_t *grp = pg_frame_group(fr), *str = pg_frame_strata(fr);
    const double *w = pg_frame_weights(fr);
    lr_row *by_stop = pg_malloc_array(n, sizeof *by_stop);
    lr_row *by_start = pg_malloc_array(n, sizeof *by_start);
    size_t *first = pg_calloc_array(ns + 1, sizeof *first), *fill = pg_calloc_array(ns, sizeof *fill);
    double *nrisk = pg_calloc_array(k, sizeof *nrisk), *dg = pg_calloc_array(k, sizeof *dg);
    int rc = PG_ENOMEM;
    if (!by_stop || !by_start || !first || !fill || !nrisk || !dg) goto done;
    for (size_t i = 0; i < n; i++) first[str[i] + 1]++;
    for (size_t s = 0; s < ns; s++) first[s + 1] += first[s];
    for (size_t i = 0; i < n; i++) {
        size_t q = first[str[i]] + fill[str[i]]++;
        by_stop[q] = (lr_row){stop[i], i};
        by_start[q] = (lr_row){start ? start[i] : -INFINITY, i};
    }
    for (size_t s = 0; s < ns; s++) {
        size_t lo = first[s], m = first[s + 1] - lo;
        qsort(by_stop + lo, m, sizeof *by_stop, cmp_row);
        qsort(by_start + lo, m, sizeof *by_start, cmp_row);
        memset(nrisk, 0, k * sizeof *nrisk);
        size_t in = lo, out = lo;   /* next row to enter (by start), to leave (by stop) */
        for (size_t a = lo; a < lo + m;) {
            double t = by_stop[a].key;
            size_t b = a;
            double d = 0;
            memset(dg, 0, k * sizeof *dg);
            for (; b < lo + m && by_stop[b].key == t; b++) {
                size_t i = by_stop[b].row;
                if (status[i]) {
                    dg[grp[i]] += w ? w[i] : 1;
                    d += w ? w[i] : 1;
                }
            }
            /* at risk at t: start < t (entered) and stop >= t (not yet left) */
            for (; in < lo + m && by_start[in].key < t; in++)
                nrisk[grp[by_start[in].row]] += w ? w[by_start[in].row] : 1;
            for (; out < lo + m && by_stop[out].key < t; out++)
                nrisk[grp[by_stop[out].row]] -= w ? w[by_stop[out].row] : 1;
            double nr = 0;
            for (size_t g = 0; g < k; g++) nr += nrisk[g];
            if (d > 0 && nr > 0) {
                for (size_t g = 0; g < k; g++) {
                    lr->observed[g] += dg[g];
                    lr->expected[g] += d * nrisk[g] / nr;
                    if (!w && nr <= 1) continue;
                    double c = w ? d : d * (nr - d) / (nr - 1);
                    for (size_t h = 0; h < k; h++)
                        lr->variance[g * k + h] +=
                            c * (nrisk[g] / nr) * ((g == h) - nrisk[h] / nr);
                }
            }
            a = b;
        }
    }
    rc = PG_OK;
done:
    free(by_stop);
    free(by_start);
    free(first);
    free(fill);
    free(nrisk);
    free(dg);
    return rc;
}

/* The Cox model of the k - 1 group indicators (group 0 the reference) with fr's strata, entry
 * times and case weights (offsets left out): survdiff's comparison as a Cox model, R's
 * summary(coxph(Surv(...) ~ group + strata(s), weights = w))$sctest. */
static int group_fit(const pg_frame *fr, pg_ties ties, pg_cox **fit, pg_error *err)
{
    size_t n = pg_frame_n(fr), k = pg_frame_ngroups(fr), p = k - 1;
    const size_t *grp = pg_frame_group(fr);
    double *x = pg_calloc_array(n * p, sizeof *x);
    const char **names = pg_calloc_array(p, sizeof *names);
    size_t *strata = pg_malloc_array(n, sizeof *strata);
    pg_frame *gf = NULL;
    if (!x || !names || !strata) {
        free(x);
        free(names);
        free(strata);
        return pg_fail(err, PG_ENOMEM, "logrank: out of memory");
    }
    for (size_t i = 0; i < n; i++)
        if (grp[i] > 0) x[(grp[i] - 1) * n + i] = 1;
    for (size_t j = 0; j < p; j++) names[j] = pg_frame_group_name(fr, j + 1);
    memcpy(strata, pg_frame_strata(fr), n * sizeof *strata);
    pg_frame_spec sp = {.n = n, .time = pg_frame_time(fr), .status = pg_frame_status(fr), .p = p,
                        .x = x, .colnames = names, .n_strata = pg_frame_nstrata(fr),
                        .strata = strata, .entry = pg_frame_entry(fr),
                        .weights = pg_frame_weights(fr)};
    int rc = pg_frame_from_arrays(&sp, &gf, err);
    pg_cox_opts co;
    pg_cox_opts_init(&co);
    co.ties = ties;
    if (rc == PG_OK) rc = pg_cox_fit(gf, &co, fit, err);
    pg_frame_free(gf);
    free(x);
    free(names);
    free(strata);
    return rc;
}

int pg_logrank_needs_score(const pg_frame *fr)
{
    return fr && (pg_frame_entry(fr) || pg_frame_weights(fr));
}

int pg_cox_logrank(const pg_frame *fr, pg_ties ties, pg_logrank **out, pg_error *err)
{
    if (!out) return pg_fail(err, PG_EINPUT, "logrank: no place for the result");
    *out = NULL;
    if (!fr || !pg_frame_group(fr))
        return pg_fail(err, PG_EINPUT, "logrank: the frame has no groups");
    size_t n = pg_frame_n(fr), k = pg_frame_ngroups(fr);
    if (k < 2)
        return pg_fail(err, PG_EANALYSIS, "logrank: there is only one group; nothing to compare");
    if (pg_frame_events(fr) == 0) return pg_fail(err, PG_ENOEVENTS, "logrank: no events");
    pg_cox *fit = NULL;
    int rc = group_fit(fr, ties, &fit, err);
    if (rc) return rc;
    pg_logrank *lr = calloc(1, sizeof *lr);
    if (!lr) goto nomem;
    lr->weights = PG_WEIGHTS_LOGRANK;
    lr->n = n;
    lr->dropped = pg_frame_dropped(fr);
    lr->n_groups = k;
    lr->n_strata = pg_frame_nstrata(fr);
    lr->events = pg_frame_events(fr);
    lr->exact_p = NAN;
    lr->exact_mc_se = NAN;
    lr->score_test = 1;
    lr->score_ties = ties;
    lr->chisq = fit->score.statistic;
    lr->df = fit->score.df;
    lr->p = fit->score.p;
    lr->group = pg_calloc_array(k, sizeof *lr->group);
    lr->n_group = pg_calloc_array(k, sizeof *lr->n_group);
    lr->observed = pg_calloc_array(k, sizeof *lr->observed);
    lr->expected = pg_calloc_array(k, sizeof *lr->expected);
    lr->variance = pg_calloc_array(k * k, sizeof *lr->variance);
    if (!lr->group || !lr->n_group || !lr->observed || !lr->expected || !lr->variance) goto nomem;
    for (size_t g = 0; g < k; g++)
        if (!(lr->group[g] = pg_strdup(pg_frame_group_name(fr, g)))) goto nomem;
    const size_t *grp = pg_frame_group(fr);
    for (size_t i = 0; i < n; i++) lr->n_group[grp[i]] += 1;
    if (observed_expected(fr, lr)) goto nomem;
    pg_cox_free(fit);
    *out = lr;
    return PG_OK;
nomem:
    pg_cox_free(fit);
    pg_logrank_free(lr);
    return pg_fail(err, PG_ENOMEM, "logrank: out of memory");
}
