/* cox_predict.c -- predicted survival curves of a Cox model for given covariates, as R's
 * survfit.coxph, and through them the baseline hazard (basehaz). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cox_diag.h"

/*
 * Predicted survival for covariate vector z (Kalbfleisch & Prentice 1980; Therneau & Grambsch
 * 2000, sec. 10.2), per stratum, at every distinct time t of the stratum (censoring times too):
 *   r_i = exp((x_i - xm)'b), xm = the fit's means; S0(t) = sum_{t_i >= t} r_i;
 *   S1(t) = sum_{t_i >= t} r_i (x_i - xm); d deaths at t with E0 = sum r_i, E1 = sum r_i (x_i - xm)
 *   Breslow (ties breslow or exact):  dL = d / S0,  dV = d / S0^2,  dX = d S1 / S0^2
 *   Efron   (ties efron):  with den_k = S0 - (k/d) E0, k = 0..d-1,
 *           dL = sum_k 1/den_k,  dV = sum_k 1/den_k^2,  dX = sum_k (S1 - (k/d) E1) / den_k^2
 *   L(t), V(t), X(t) = cumulative sums of dL, dV, dX (the baseline at z = xm);
 *   rz = exp((z - xm)'b);  cumhaz(t) = L(t) rz;  surv(t) = exp(-cumhaz(t))   (stype 2)
 *   Var[cumhaz(t)] = rz^2 (V(t) + q' Vb q),  q = L(t) (z - xm) - X(t)
 * the second term being the uncertainty of b (Vb = fit's variance: the robust one when the fit
 * has it, as R uses fit$var). std_err is the square root, the standard error of log S.
 * Limits (conf.type "log"): S exp(-+ z_{1-a/2} se), the upper limit capped at 1; NA where S = 0.
 * Centring by xm cancels in every quantity (the sums shift by multiples of L), so it only keeps
 * the exponentials in range.
 * Matches: survfit(fit, newdata) for coxph fits without the strata variable in newdata (one curve
 *          per newdata row per stratum), and basehaz(fit, centered = FALSE) as the cumhaz of a
 *          zero row. R survival agsurv.R, agsurv5.c, coxsurv.fit.
 */

void pg_cox_curves_free(pg_cox_curves *c)
{
    if (!c) return;
    if (c->strata_name)
        for (size_t s = 0; s < c->n_strata; s++) free(c->strata_name[s]);
    free(c->strata_name);
    free(c->start);
    free(c->newdata_row);
    free(c->stratum);
    free(c->time);
    free(c->n_risk);
    free(c->n_event);
    free(c->cumhaz);
    free(c->surv);
    free(c->std_err);
    free(c->conf_low);
    free(c->conf_high);
    free(c);
}

/* The baseline quantities of one stratum, at its distinct times. */
typedef struct base_curve {
    size_t k;               /* distinct times */
    double *time, *n_risk, *n_event, *cumhaz, *cumvar, *xsum;   /* xsum: k x p */
} base_curve;

static void base_free(base_curve *b)
{
    free(b->time);
    free(b->n_risk);
    free(b->n_event);
    free(b->cumhaz);
    free(b->cumvar);
    free(b->xsum);
    memset(b, 0, sizeof *b);
}

/* Fill b for the sorted rows lo..hi-1 (one stratum). */
static int base_stratum(const pg_coxdiag *w, size_t lo, size_t hi, base_curve *b)
{
    size_t n = w->n, p = w->p, pp = p ? p : 1;
    const size_t *o = w->ord;
    memset(b, 0, sizeof *b);
    size_t k = 0;
    for (size_t i = lo; i < hi; i++)
        if (i == lo || w->time[o[i]] != w->time[o[i - 1]]) k++;
    b->k = k;
    b->time = pg_malloc_array(k, sizeof *b->time);
    b->n_risk = pg_malloc_array(k, sizeof *b->n_risk);
    b->n_event = pg_malloc_array(k, sizeof *b->n_event);
    b->cumhaz = pg_malloc_array(k, sizeof *b->cumhaz);
    b->cumvar = pg_malloc_array(k, sizeof *b->cumvar);
    b->xsum = pg_calloc_array(k * pp, sizeof *b->xsum);
    size_t *first = pg_malloc_array(k + 1, sizeof *first);
    double *s0 = pg_malloc_array(k, sizeof *s0), *e0 = pg_calloc_array(k, sizeof *e0);
    double *s1 = pg_calloc_array(k * pp, sizeof *s1), *e1 = pg_calloc_array(k * pp, sizeof *e1);
    int rc = PG_OK;
    if (!b->time || !b->n_risk || !b->n_event || !b->cumhaz || !b->cumvar || !b->xsum || !first ||
        !s0 || !e0 || !s1 || !e1) {
        rc = PG_ENOMEM;
        goto done;
    }
    k = 0;
    for (size_t i = lo; i < hi; i++)
        if (i == lo || w->time[o[i]] != w->time[o[i - 1]]) first[k++] = i;
    first[k] = hi;
    /* Risk sets: backwards cumulative sums over the distinct times. */
    double a0 = 0, cnt = 0;
    for (size_t t = k; t-- > 0;) {
        double d = 0;
        if (t + 1 < k)
            for (size_t j = 0; j < p; j++) s1[t * pp + j] = s1[(t + 1) * pp + j];
        for (size_t i = first[t]; i < first[t + 1]; i++) {
            size_t r = o[i];
            double ri = w->risk[r];
            a0 += ri;
            cnt += 1;
            for (size_t j = 0; j < p; j++) s1[t * pp + j] += ri * w->xc[j * n + r];
            if (w->status[r]) {
                d += 1;
                e0[t] += ri;
                for (size_t j = 0; j < p; j++) e1[t * pp + j] += ri * w->xc[j * n + r];
            }
        }
        s0[t] = a0;
        b->time[t] = w->time[o[first[t]]];
        b->n_risk[t] = cnt;
        b->n_event[t] = d;
    }
    /* Increments, cumulated forwards. */
    double L = 0, V = 0;
    for (size_t t = 0; t < k; t++) {
        double d = b->n_event[t], dl = 0, dv = 0;
        double *xs = b->xsum + t * pp;
        if (t > 0) memcpy(xs, b->xsum + (t - 1) * pp, pp * sizeof *xs);
        if (d > 0) {
            if (!w->efron || d < 2) {
                dl = d / s0[t];
                dv = d / (s0[t] * s0[t]);
                for (size_t j = 0; j < p; j++) xs[j] += d * s1[t * pp + j] / (s0[t] * s0[t]);
            } else {
                for (size_t q = 0; q < (size_t)d; q++) {
                    double f = (double)q / d, den = s0[t] - f * e0[t];
                    dl += 1 / den;
                    dv += 1 / (den * den);
                    for (size_t j = 0; j < p; j++)
                        xs[j] += (s1[t * pp + j] - f * e1[t * pp + j]) / (den * den);
                }
            }
        }
        L += dl;
        V += dv;
        b->cumhaz[t] = L;
        b->cumvar[t] = V;
    }
done:
    free(first);
    free(s0);
    free(e0);
    free(s1);
    free(e1);
    if (rc) base_free(b);
    return rc;
}

int pg_cox_predict(const pg_frame *fr, const pg_cox *fit, const double *newx, size_t m,
                   pg_cox_curves **out, pg_error *err)
{
    pg_coxdiag w;
    pg_cox_curves *c = NULL;
    base_curve *base = NULL;
    double *zc = NULL, *q = NULL;
    if (out) *out = NULL;
    if (!out) return pg_fail(err, PG_EINPUT, "cox: no place for the curves");
    if (m > 0 && !newx) return pg_fail(err, PG_EINPUT, "cox: no covariate rows to predict for");
    if (pg_frame_entry(fr) || pg_frame_weights(fr) || pg_frame_offset(fr))
        return pg_fail(err, PG_EANALYSIS, "cox: predicted curves and the baseline hazard of a fit "
                       "on Surv(start, stop, event) data, with --weights or with offset() are "
                       "not available");
    int rc = pg_coxdiag_init(&w, fr, fit, "cox", err);
    if (rc) return rc;
    size_t p = w.p, pp = p ? p : 1, ns = w.nstrata;
    for (size_t i = 0; i < m * p; i++)
        if (!isfinite(newx[i])) {
            pg_coxdiag_free(&w);
            return pg_fail(err, PG_EINPUT, "cox: value %zu of newdata row %zu is missing",
                           i / m + 1, i % m + 1);
        }
    if (p && !fit->var) {
        pg_coxdiag_free(&w);
        return pg_fail(err, PG_EINPUT, "cox: prediction needs the model variance");
    }
    double level = fit->conf_level > 0 && fit->conf_level < 1 ? fit->conf_level : 0.95;
    double zq = pg_z_two_sided(level);

    base = pg_calloc_array(ns, sizeof *base);
    c = calloc(1, sizeof *c);
    zc = pg_malloc_array(pp, sizeof *zc);
    q = pg_malloc_array(pp, sizeof *q);
    if (!base || !c || !zc || !q) goto nomem;
    /* Strata are contiguous in w.ord; a stratum with no rows gets an empty curve. */
    size_t pos = 0, total = 0;
    for (size_t s = 0; s < ns; s++) {
        size_t lo = pos;
        while (pos < w.n && w.strata[w.ord[pos]] == s) pos++;
        if ((rc = base_stratum(&w, lo, pos, &base[s]))) goto fail_rc;
        total += base[s].k;
    }
    c->n_strata = ns;
    c->n_curves = m * ns;
    c->strata_name = pg_calloc_array(ns, sizeof *c->strata_name);
    c->start = pg_malloc_array(c->n_curves + 1, sizeof *c->start);
    c->newdata_row = pg_malloc_array(c->n_curves ? c->n_curves : 1, sizeof *c->newdata_row);
    c->stratum = pg_malloc_array(c->n_curves ? c->n_curves : 1, sizeof *c->stratum);
    size_t nstep = (m * total > 0) ? m * total : 1;
    c->time = pg_malloc_array(nstep, sizeof *c->time);
    c->n_risk = pg_malloc_array(nstep, sizeof *c->n_risk);
    c->n_event = pg_malloc_array(nstep, sizeof *c->n_event);
    c->cumhaz = pg_malloc_array(nstep, sizeof *c->cumhaz);
    c->surv = pg_malloc_array(nstep, sizeof *c->surv);
    c->std_err = pg_malloc_array(nstep, sizeof *c->std_err);
    c->conf_low = pg_malloc_array(nstep, sizeof *c->conf_low);
    c->conf_high = pg_malloc_array(nstep, sizeof *c->conf_high);
    if (!c->strata_name || !c->start || !c->newdata_row || !c->stratum || !c->time ||
        !c->n_risk || !c->n_event || !c->cumhaz || !c->surv || !c->std_err || !c->conf_low ||
        !c->conf_high)
        goto nomem;
    for (size_t s = 0; s < ns; s++) {
        c->strata_name[s] = pg_strdup(pg_frame_strata_name(fr, s));
        if (!c->strata_name[s]) goto nomem;
    }
    size_t at = 0;
    for (size_t r = 0; r < m; r++) {
        const double *z = newx + r;   /* row r of the column-major m x p newx: z[j * m] */
        double lp = 0;
        for (size_t j = 0; j < p; j++) {
            double mj = fit->means && isfinite(fit->means[j]) ? fit->means[j] : 0.0;
            zc[j] = z[j * m] - mj;
            lp += zc[j] * w.beta[j];
        }
        double rz = exp(lp);
        if (!isfinite(rz)) {
            pg_cox_curves_free(c);
            c = NULL;
            rc = pg_fail(err, PG_ENUMERIC, "cox: the linear predictor of newdata row %zu overflows",
                         r + 1);
            goto fail_rc;
        }
        for (size_t s = 0; s < ns; s++) {
            size_t cv = r * ns + s;
            const base_curve *b = &base[s];
            c->start[cv] = at;
            c->newdata_row[cv] = r;
            c->stratum[cv] = s;
            for (size_t t = 0; t < b->k; t++, at++) {
                for (size_t j = 0; j < p; j++) q[j] = b->cumhaz[t] * zc[j] - b->xsum[t * pp + j];
                double qvq = 0;
                for (size_t i = 0; i < p; i++)
                    for (size_t j = 0; j < p; j++)
                        qvq += q[i] * pg_coxdiag_var(fit, &w, i, j, 1) * q[j];
                double H = b->cumhaz[t] * rz, S = exp(-H);
                double se = sqrt((b->cumvar[t] + qvq) * rz * rz);
                c->time[at] = b->time[t];
                c->n_risk[at] = b->n_risk[t];
                c->n_event[at] = b->n_event[t];
                c->cumhaz[at] = H;
                c->surv[at] = S;
                c->std_err[at] = se;
                if (S > 0) {
                    c->conf_low[at] = S * exp(-zq * se);
                    double hi = S * exp(zq * se);
                    c->conf_high[at] = hi < 1 ? hi : 1;
                } else {
                    c->conf_low[at] = c->conf_high[at] = NAN;
                }
            }
        }
    }
    c->start[c->n_curves] = at;
    for (size_t s = 0; s < ns; s++) base_free(&base[s]);
    free(base);
    free(zc);
    free(q);
    pg_coxdiag_free(&w);
    *out = c;
    return PG_OK;
nomem:
    rc = pg_fail(err, PG_ENOMEM, "cox: out of memory");
fail_rc:
    if (base)
        for (size_t s = 0; s < ns; s++) base_free(&base[s]);
    free(base);
    free(zc);
    free(q);
    pg_cox_curves_free(c);
    pg_coxdiag_free(&w);
    return rc;
}
