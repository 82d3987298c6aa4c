/* cox_resid.c -- residuals of a fitted Cox model, as R's residuals.coxph (right-censored data;
 * on Surv(start, stop, event) data the martingale and Schoenfeld residuals come from cox_ag.c,
 * the score residuals from the one score-residual routine, which knows both). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cox_diag.h"
#include "cox_impl.h"

/*
 * Residuals of a Cox model (Therneau, Grambsch & Fleming 1990; Therneau & Grambsch 2000, ch. 4),
 * matching survival::residuals.coxph for Surv(time, status) data, ties "efron" or "breslow"
 * (ties "exact" uses Breslow's hazard for the martingale residual, as R's coxexact.fit, and has
 * no score or Schoenfeld residuals, as in R).
 *
 * Notation, within one stratum: r_i = exp(x_i'b) (x centred by the fit's means: every residual
 * is invariant to the centring), and at a distinct event time t with d deaths D,
 *   S0 = sum_{t_i >= t} r_i,  S1 = sum_{t_i >= t} r_i x_i,  E0 = sum_{i in D} r_i,
 *   E1 = sum_{i in D} r_i x_i.
 * Efron (d >= 2) splits the time into d steps k = 0..d-1 with f_k = k/d and
 *   den_k = S0 - f_k E0,  xbar_k = (S1 - f_k E1) / den_k;
 * Breslow (or d = 1) has one step of weight d with den = S0, xbar = S1 / S0. The hazard
 * increments seen by a subject at risk who does not die at t, and by one who does, are
 *   h1(t) = sum_k 1 / den_k,             h2(t) = sum_k (1 - f_k) / den_k        (Breslow: d/S0)
 * and their x-weighted versions m1(t) = sum_k xbar_k / den_k and
 * m2(t) = sum_k (1 - f_k) xbar_k / den_k
 * (Breslow: d S1 / S0^2). With H(t_i) = sum of h1 over the event times before t_i plus h1 or h2
 * at t_i (h2 when i dies there), and M(t_i) likewise from m1, m2:
 *   martingale  M_i = delta_i - r_i H(t_i)                                  (R: coxmart.c)
 *   deviance    D_i = sign(M_i) sqrt(-2 (M_i + delta_i log(delta_i - M_i)))
 *   score       L_i = delta_i (x_i - xbar(t_i)) - r_i (x_i H(t_i) - M(t_i))   (R: coxscore2.c)
 *               with xbar(t) = (1/d) sum_k xbar_k, the mean Efron uses for the deaths at t;
 *               computed by pg_cox_score_resid (cox_robust.c), the one routine that the
 *               robust variance uses too
 *   Schoenfeld  s_i = x_i - xbar(t_i) for each death, rows ordered by (stratum, time,
 *               data order)                                               (R: coxscho.c)
 *   scaledsch   s %*% V * (total deaths) + b   (V = model variance, aliased b as 0)
 *   dfbeta      L %*% V
 * V is the model-based (naive) variance even when the fit has a robust one, as R's vv.
 * Matches: residuals(fit, type = "martingale" | "deviance" | "score" | "schoenfeld" |
 *          "scaledsch" | "dfbeta") for coxph(Surv(time, status) ~ ..., ties = ...).
 */

typedef struct resid_ws {
    size_t nblk;
    size_t *blk_start;      /* nblk + 1 positions in w->ord */
    double *h1, *h2;        /* per block */
    double *xbar;           /* per block, p each */
} resid_ws;

static void resid_ws_free(resid_ws *r)
{
    free(r->blk_start);
    free(r->h1);
    free(r->h2);
    free(r->xbar);
}

/* Split the sorted rows into blocks of equal (stratum, time) and compute h1, h2 and the Efron
 * death mean of each block. efron = 0 gives Breslow's sums. */
static int resid_blocks(const pg_coxdiag *w, int efron, resid_ws *r)
{
    size_t n = w->n, p = w->p, pp = p ? p : 1;
    const size_t *o = w->ord;
    memset(r, 0, sizeof *r);
    r->blk_start = pg_malloc_array(n + 1, sizeof *r->blk_start);
    if (!r->blk_start) return PG_ENOMEM;
    size_t nb = 0;
    for (size_t k = 0; k < n; k++)
        if (k == 0 || w->strata[o[k]] != w->strata[o[k - 1]] || w->time[o[k]] != w->time[o[k - 1]])
            r->blk_start[nb++] = k;
    r->blk_start[nb] = n;
    r->nblk = nb;
    r->h1 = pg_calloc_array(nb, sizeof *r->h1);
    r->h2 = pg_calloc_array(nb, sizeof *r->h2);
    r->xbar = pg_calloc_array(nb * pp, sizeof *r->xbar);
    double *s1 = pg_calloc_array(pp, sizeof *s1), *e1 = pg_calloc_array(pp, sizeof *e1);
    if (!r->h1 || !r->h2 || !r->xbar || !s1 || !e1) {
        free(s1);
        free(e1);
        return PG_ENOMEM;
    }
    /* Backwards in time: S0, S1 accumulate the risk set of each stratum. */
    double s0 = 0;
    for (size_t b = nb; b-- > 0;) {
        size_t lo = r->blk_start[b], hi = r->blk_start[b + 1];
        if (b + 1 == nb || w->strata[o[lo]] != w->strata[o[hi]]) {
            s0 = 0;
            memset(s1, 0, pp * sizeof *s1);
        }
        double e0 = 0, d = 0;
        memset(e1, 0, pp * sizeof *e1);
        for (size_t k = lo; k < hi; k++) {
            size_t i = o[k];
            double ri = w->risk[i];
            s0 += ri;
            for (size_t j = 0; j < p; j++) s1[j] += ri * w->xc[j * n + i];
            if (w->status[i]) {
                d += 1;
                e0 += ri;
                for (size_t j = 0; j < p; j++) e1[j] += ri * w->xc[j * n + i];
            }
        }
        if (d == 0) continue;
        double *xb = r->xbar + b * pp;
        if (!efron || d < 2) {
            r->h1[b] = r->h2[b] = d / s0;
            for (size_t j = 0; j < p; j++) xb[j] = s1[j] / s0;
        } else {
            for (size_t k = 0; k < (size_t)d; k++) {
                double f = (double)k / d, den = s0 - f * e0;
                r->h1[b] += 1 / den;
                r->h2[b] += (1 - f) / den;
                for (size_t j = 0; j < p; j++) xb[j] += (s1[j] - f * e1[j]) / den / d;
            }
        }
    }
    free(s1);
    free(e1);
    return PG_OK;
}

/* Martingale residuals (n, frame order). */
static int resid_martingale(const pg_coxdiag *w, int efron, double *mart)
{
    const size_t *o = w->ord;
    resid_ws r;
    int rc = resid_blocks(w, efron, &r);
    if (rc) goto done;
    /* Forwards in time: cumulate h1 of the earlier event times of the stratum. */
    double ch = 0;
    for (size_t b = 0; b < r.nblk; b++) {
        size_t lo = r.blk_start[b], hi = r.blk_start[b + 1];
        if (b == 0 || w->strata[o[lo]] != w->strata[o[lo - 1]]) ch = 0;
        for (size_t k = lo; k < hi; k++) {
            size_t i = o[k];
            int dead = w->status[i];
            mart[i] = dead - w->risk[i] * (ch + (dead ? r.h2[b] : r.h1[b]));
        }
        ch += r.h1[b];
    }
done:
    resid_ws_free(&r);
    return rc;
}

/* Score residuals L (n x p column-major, frame row order) through the library's one score-residual
 * routine, pg_cox_score_resid (cox_robust.c, also behind the robust variance): a workspace is
 * built from the frame and the fit's coefficients (aliased read as 0) are put in its scaled
 * units. The residuals do not depend on the centring, so the workspace's own is used. */
static int resid_score(const pg_frame *fr, const pg_coxdiag *d, double *score)
{
    size_t n = d->n, p = d->p;
    pg_cox_work w;
    double *beta = NULL, *U = NULL;
    int rc = pg_cox_work_init(&w, fr, 0, 1);
    if (rc) return rc;
    rc = PG_ENOMEM;
    beta = pg_malloc_array(p ? p : 1, sizeof *beta);
    U = pg_malloc_array((n && p) ? n * p : 1, sizeof *U);
    if (!beta || !U) goto done;
    for (size_t j = 0; j < p; j++) beta[j] = d->beta[j] / w.mult[j];
    if ((rc = pg_cox_score_resid(&w, beta, d->efron, U))) goto done;
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < p; j++) score[w.row[i] + j * n] = U[i * p + j] / w.mult[j];
done:
    free(beta);
    free(U);
    pg_cox_work_free(&w);
    return rc;
}

/* Martingale (mart, n, frame order) or Schoenfeld residuals (sch, events x p column-major, in
 * (stratum, time) order, with their times and frame rows) on Surv(start, stop, event) data,
 * through the workspace's counting-process walk (pg_cox_ag_resid, cox_ag.c). */
static int resid_counting(const pg_frame *fr, const pg_coxdiag *d, double *mart, double *sch,
                          double *time, size_t *rows)
{
    size_t n = d->n, p = d->p;
    pg_cox_work w;
    double *beta = NULL, *m = NULL, *S = NULL;
    int rc = pg_cox_work_init(&w, fr, 0, 1);
    if (rc) return rc;
    rc = PG_ENOMEM;
    beta = pg_malloc_array(p ? p : 1, sizeof *beta);
    m = pg_malloc_array(n ? n : 1, sizeof *m);
    S = pg_calloc_array((n && p) ? n * p : 1, sizeof *S);
    if (!beta || !m || !S) goto done;
    for (size_t j = 0; j < p; j++) beta[j] = d->beta[j] / w.mult[j];
    if ((rc = pg_cox_ag_resid(&w, beta, d->efron, m, S))) goto done;
    size_t e = 0;
    for (size_t i = 0; i < n; i++) {
        if (mart) mart[w.row[i]] = m[i];
        if (!sch || !w.status[i]) continue;
        for (size_t j = 0; j < p; j++) sch[e + j * d->events] = S[i * p + j] / w.mult[j];
        time[e] = w.time[i];
        rows[e++] = w.row[i];
    }
done:
    free(beta);
    free(m);
    free(S);
    pg_cox_work_free(&w);
    return rc;
}

/* Schoenfeld residuals: events x p column-major in (stratum, time, data) order; *rows gets
 * the frame row of each. */
static int resid_schoenfeld(const pg_coxdiag *w, double *sch, double *time, size_t *rows)
{
    size_t n = w->n, p = w->p, pp = p ? p : 1;
    const size_t *o = w->ord;
    resid_ws r;
    int rc = resid_blocks(w, w->efron, &r);
    if (rc) goto done;
    size_t e = 0;
    for (size_t b = 0; b < r.nblk; b++) {
        for (size_t k = r.blk_start[b]; k < r.blk_start[b + 1]; k++) {
            size_t i = o[k];
            if (!w->status[i]) continue;
            for (size_t j = 0; j < p; j++)
                sch[e + j * w->events] = w->xc[j * n + i] - r.xbar[b * pp + j];
            time[e] = w->time[i];
            rows[e] = i;
            e++;
        }
    }
done:
    resid_ws_free(&r);
    return rc;
}

void pg_cox_resid_free(pg_cox_resid *r)
{
    if (!r) return;
    free(r->value);
    free(r->time);
    free(r->row);
    free(r);
}

int pg_cox_resid_type_parse(const char *s, pg_resid_type *out)
{
    static const struct { const char *name; pg_resid_type t; } names[] = {
        {"martingale", PG_RESID_MARTINGALE}, {"deviance", PG_RESID_DEVIANCE},
        {"score", PG_RESID_SCORE},           {"schoenfeld", PG_RESID_SCHOENFELD},
        {"scaledsch", PG_RESID_SCALED_SCHOENFELD},
        {"scaled-schoenfeld", PG_RESID_SCALED_SCHOENFELD},
        {"dfbeta", PG_RESID_DFBETA},
    };
    for (size_t i = 0; s && i < sizeof names / sizeof names[0]; i++)
        if (strcmp(s, names[i].name) == 0) {
            if (out) *out = names[i].t;
            return PG_OK;
        }
    return PG_EINPUT;
}

static const char *resid_name(pg_resid_type t)
{
    switch (t) {
    case PG_RESID_MARTINGALE: return "martingale";
    case PG_RESID_DEVIANCE: return "deviance";
    case PG_RESID_SCORE: return "score";
    case PG_RESID_SCHOENFELD: return "schoenfeld";
    case PG_RESID_SCALED_SCHOENFELD: return "scaledsch";
    case PG_RESID_DFBETA: return "dfbeta";
    }
    return "?";
}

void pg_cox_resid_opts_init(pg_cox_resid_opts *opt)
{
    memset(opt, 0, sizeof *opt);
    opt->type = PG_RESID_MARTINGALE;
}

int pg_cox_residuals(const pg_frame *fr, const pg_cox *fit, const pg_cox_resid_opts *opt,
                     pg_cox_resid **out, pg_error *err)
{
    pg_cox_resid_opts defaults;
    if (!opt) {
        pg_cox_resid_opts_init(&defaults);
        opt = &defaults;
    }
    pg_resid_type type = opt->type;
    pg_coxdiag w;
    pg_cox_resid *r = NULL;
    if (out) *out = NULL;
    if (!out) return pg_fail(err, PG_EINPUT, "cox: no place for the residuals");
    if (type < PG_RESID_MARTINGALE || type > PG_RESID_DFBETA)
        return pg_fail(err, PG_EINPUT, "cox: unknown residual type %d", (int)type);
    int rc = pg_coxdiag_init(&w, fr, fit, "cox", err);
    if (rc) return rc;
    int exact = fit->ties == PG_TIES_EXACT;
    if (exact && type != PG_RESID_MARTINGALE && type != PG_RESID_DEVIANCE) {
        pg_coxdiag_free(&w);
        return pg_fail(err, PG_EANALYSIS,
                       "cox: %s residuals are not available for the exact method",
                       resid_name(type));
    }
    if ((type == PG_RESID_SCALED_SCHOENFELD || type == PG_RESID_DFBETA) && w.p && !fit->var) {
        pg_coxdiag_free(&w);
        return pg_fail(err, PG_EINPUT, "cox: %s residuals need the model variance",
                       resid_name(type));
    }
    size_t n = w.n, p = w.p;
    /* counting data, case weights, offsets: the risk sets of cox_ag.c */
    int ag = pg_frame_entry(fr) || pg_frame_weights(fr) || pg_frame_offset(fr);
    r = calloc(1, sizeof *r);
    if (!r) goto nomem;
    r->type = type;
    switch (type) {
    case PG_RESID_MARTINGALE:
    case PG_RESID_DEVIANCE:
        r->nrow = n;
        r->ncol = 1;
        r->value = pg_malloc_array(n, sizeof *r->value);
        if (!r->value) goto nomem;
        rc = ag ? resid_counting(fr, &w, r->value, NULL, NULL, NULL)
                                : resid_martingale(&w, w.efron, r->value);
        if (rc) goto fail_rc;
        if (type == PG_RESID_DEVIANCE)
            for (size_t i = 0; i < n; i++) {
                double m = r->value[i], d = w.status[i];
                double dev = -2 * (m + (d == 0 ? 0 : d * log(d - m)));
                r->value[i] = (m > 0 ? 1 : m < 0 ? -1 : 0) * sqrt(dev > 0 ? dev : 0);
            }
        break;
    case PG_RESID_SCORE:
    case PG_RESID_DFBETA:
        r->nrow = n;
        r->ncol = p;
        r->value = pg_calloc_array(n * (p ? p : 1), sizeof *r->value);
        if (!r->value) goto nomem;
        if ((rc = resid_score(fr, &w, r->value))) goto fail_rc;
        break;
    case PG_RESID_SCHOENFELD:
    case PG_RESID_SCALED_SCHOENFELD:
        r->nrow = w.events;
        r->ncol = p;
        r->value = pg_calloc_array((w.events ? w.events : 1) * (p ? p : 1), sizeof *r->value);
        r->time = pg_calloc_array(w.events ? w.events : 1, sizeof *r->time);
        r->row = pg_calloc_array(w.events ? w.events : 1, sizeof *r->row);
        if (!r->value || !r->time || !r->row) goto nomem;
        rc = ag ? resid_counting(fr, &w, NULL, r->value, r->time, r->row)
                                : resid_schoenfeld(&w, r->value, r->time, r->row);
        if (rc) goto fail_rc;
        break;
    }
    if (!r->row) {
        r->row = pg_malloc_array(n, sizeof *r->row);
        if (!r->row) goto nomem;
        for (size_t i = 0; i < n; i++) r->row[i] = i;
    }
    /* Right-multiply by the model variance: dfbeta = L V; scaledsch = s V * deaths + b. */
    if (type == PG_RESID_DFBETA || type == PG_RESID_SCALED_SCHOENFELD) {
        double *row = pg_malloc_array(p ? p : 1, sizeof *row);
        if (!row) goto nomem;
        double scale = type == PG_RESID_DFBETA ? 1.0 : (double)w.events;
        size_t nr = r->nrow;
        for (size_t i = 0; i < nr; i++) {   /* row i of the column-major nr x p value */
            double *v = r->value + i;
            for (size_t k = 0; k < p; k++) {
                double s = 0;
                for (size_t j = 0; j < p; j++) s += v[j * nr] * pg_coxdiag_var(fit, &w, j, k, 0);
                row[k] = s * scale + (type == PG_RESID_SCALED_SCHOENFELD ? w.beta[k] : 0.0);
            }
            for (size_t k = 0; k < p; k++) v[k * nr] = row[k];
        }
        free(row);
    }
    pg_coxdiag_free(&w);
    *out = r;
    return PG_OK;
nomem:
    rc = PG_ENOMEM;
fail_rc:
    pg_coxdiag_free(&w);
    pg_cox_resid_free(r);
    return rc == PG_ENOMEM ? pg_fail(err, PG_ENOMEM, "cox: out of memory") : rc;
}
