/* cox_zph.c -- the score test of proportional hazards and the scaled Schoenfeld residuals, as R's
 * cox.zph (survival >= 3.0). */
#include "prognos/zph.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cox_diag.h"
#include "linalg.h"

/*
 * Test of proportional hazards (Grambsch & Therneau, Biometrika 81 (1994) 515-526; survival >= 3.0
 * cox.zph with its C routine zph1.c).
 *
 * The model is extended with time-varying coefficients b_j + c_j g(t) for every covariate, i.e.
 * with the extra covariates x_ij g(t), and the score test of c = 0 is computed at (b_hat, 0):
 * one Newton step from the fitted model, not a refit. g is the transform of time (km: 1 - S(t-)
 * with S the Kaplan-Meier estimate of all the data ignoring strata; rank: rank(time) over all
 * rows, ties averaged; identity: t; log: log t), centred: g(t) - mean of g over the events.
 * Within each stratum, at each distinct event time t with d deaths and risk set R(t), with
 * r_i = exp(lp_i) (x centred by its overall mean, which changes nothing but rounding),
 *   Breslow (ties breslow/exact, or d = 1): one step of weight d with
 *       m = S1/S0,  V = S2/S0 - m m'   (S_k the sums over R(t) of r_i x_i^{(k)})
 *   Efron: d steps k = 1..d, the deaths entering with weight k/d:
 *       m_k = (A1 + k/d D1) / (A0 + k/d D0),  V_k = (A2 + k/d D2) / (A0 + k/d D0) - m_k m_k'
 *       (A: sums over the survivors of t, D: over the d deaths), each of weight 1.
 *   U2  += g(t) (sum_{deaths} x_i - sum_steps m)
 *   I11 += sum_steps V,  I12 += g(t) sum_steps V,  I22 += g(t)^2 sum_steps V
 *   Schoenfeld residual of a death i: x_i - mean of the step means.
 * With u = (0, U2) (the score for b is zero at b_hat) and I the 2p x 2p information
 * [[I11, I12], [I12, I22]], a term owning columns J (a factor: its k-1 dummies) has
 *   chisq_J = u_K' (I_KK)^{-1} u_K,  K = (1..p, p + J),  df = |J|,
 * and GLOBAL = u' I^{-1} u with df = p. Aliased columns are dropped first, as cox.zph does.
 *
 * Scaled Schoenfeld residuals (R's z$y, one column per term): per stratum s and column j,
 * used[s][j] = deaths of s when x_j is not constant in s, else 0 (a factor's columns share the
 * row maximum when any is 0); W[j][k] = sum_s min(used[s][j], used[s][k]); Vm = I11 / W
 * elementwise (W = 0 read as 1). A term with several columns J is collapsed to one column
 * through T[j] = b_j (j in J): residual s T, Vm -> T' Vm T. In stratum s, the columns K with
 * used > 0 are scaled: rows s_K Vm_KK^{-1} (others NA); then b_j is added (1 for a collapsed
 * term). As R, stratum s scales the next max_j used[s][j] rows: its own events, except that a
 * stratum where every covariate is constant takes no rows and shifts the later strata (R's
 * quirk, kept so the numbers agree; tested).
 * Matches: cox.zph(fit, transform = "km" | "rank" | "identity" | "log") $table, $x, $time, $y.
 */

void pg_zph_free(pg_zph *z)
{
    if (!z) return;
    if (z->term)
        for (size_t t = 0; t < z->n_terms; t++) free(z->term[t]);
    free(z->term);
    if (z->colname)
        for (size_t j = 0; j < z->ncol; j++) free(z->colname[j]);
    free(z->colname);
    free(z->chisq);
    free(z->df);
    free(z->p);
    free(z->time);
    free(z->transformed_time);
    free(z->resid);
    free(z);
}

static const char *const transform_names[] = {"km", "rank", "identity", "log"};

int pg_zph_transform_parse(const char *s, pg_zph_transform *out)
{
    for (int i = 0; s && i < 4; i++)
        if (strcmp(s, transform_names[i]) == 0) {
            if (out) *out = (pg_zph_transform)i;
            return PG_OK;
        }
    return PG_EINPUT;
}

const char *pg_zph_transform_name(pg_zph_transform t)
{
    return (int)t >= 0 && (int)t < 4 ? transform_names[t] : "unknown";
}

/* Solve A y = b for a symmetric positive definite k x k A (destroyed) with the library's one
 * solver (src/core/linalg.c, R's cholesky2 rank rule), after scaling A to unit diagonal so that
 * the singularity test does not depend on the units of the covariates or of g(t). b (k) is
 * overwritten by y. Returns 0, or -1 when A is numerically singular (R's solve() fails there
 * too) or out of memory. */
static int sym_solve(double *a, double *b, size_t k)
{
    double sc[64], *s = k <= 64 ? sc : pg_malloc_array(k, sizeof *s);
    if (!s) return -1;
    int ok = pg_chol_factor_pd(a, k, s);
    if (ok) pg_chol_solve_pd(a, k, s, b);
    if (s != sc) free(s);
    return ok ? 0 : -1;
}

static int cmp_double(const void *pa, const void *pb)
{
    double a = *(const double *)pa, b = *(const double *)pb;
    return (a > b) - (a < b);
}

/* g(t) for every row (before centring); t is the stop time on counting data (entry not NULL). */
static int zph_transform(const pg_coxdiag *w, const double *entry, pg_zph_transform tr,
                         double *g, pg_error *err)
{
    size_t n = w->n;
    if (tr == PG_ZPH_IDENTITY || tr == PG_ZPH_LOG) {
        for (size_t i = 0; i < n; i++) {
            if (tr == PG_ZPH_LOG && !(w->time[i] > 0))
                return pg_fail(err, PG_EINPUT, "zph: the log transform needs positive times "
                                               "(row %zu has time %g)", i + 1, w->time[i]);
            g[i] = tr == PG_ZPH_LOG ? log(w->time[i]) : w->time[i];
        }
        return PG_OK;
    }
    const size_t *o = w->time_order;   /* all rows by time, strata ignored */
    /* km on counting data: the left-truncated curve of survfitKM(y), at risk at t the rows
     * with start < t <= stop, i.e. (stop >= t) less (start >= t); starts sorted ascending */
    double *st = NULL;
    if (entry && tr == PG_ZPH_KM) {
        if (!(st = pg_malloc_array(n, sizeof *st)))
            return pg_fail(err, PG_ENOMEM, "zph: out of memory");
        memcpy(st, entry, n * sizeof *st);
        qsort(st, n, sizeof *st, cmp_double);
    }
    double surv = 1;   /* km: Kaplan-Meier of all rows, left limit */
    size_t late = 0;   /* rows whose start is before the current time */
    for (size_t lo = 0; lo < n;) {
        size_t hi = lo;
        double d = 0, t = w->time[o[lo]];
        while (hi < n && w->time[o[hi]] == t) d += w->status[o[hi++]];
        double v = tr == PG_ZPH_RANK ? (double)(lo + 1 + hi) / 2 : 1 - surv;
        for (size_t k = lo; k < hi; k++) g[o[k]] = v;
        while (st && late < n && st[late] < t) late++;
        double at_risk = st ? (double)late - (double)lo : (double)(n - lo);
        if (d > 0) surv *= 1 - d / at_risk;
        lo = hi;
    }
    free(st);
    return PG_OK;
}

typedef struct zph_ws {
    size_t nv;              /* kept (non-aliased) columns */
    size_t *col;            /* nv: frame column of each kept column */
    size_t nterm;
    size_t *tfirst, *tncol; /* terms over kept columns (contiguous, in order) */
    char **tlabel;          /* borrowed */
    double *x;              /* n x nv column-major, centred by the column means */
    double *u2, *imat;      /* nv, (2nv)^2 */
    double *sch;            /* events x nv */
    size_t *ev_row;         /* frame row of each event, (stratum, time) order */
} zph_ws;

static void zph_ws_free(zph_ws *z)
{
    free(z->col);
    free(z->tfirst);
    free(z->tncol);
    free(z->tlabel);
    free(z->x);
    free(z->u2);
    free(z->imat);
    free(z->sch);
    free(z->ev_row);
}

/* Per stratum, the rows by start time ascending (counting data): sord[sfirst[s] ..
 * sfirst[s + 1]). PG_OK or PG_ENOMEM. */
typedef struct zph_start {
    double start;
    size_t row;
} zph_start;

static int cmp_start(const void *pa, const void *pb)
{
    const zph_start *a = pa, *b = pb;
    if (a->start != b->start) return a->start < b->start ? -1 : 1;
    return (a->row > b->row) - (a->row < b->row);
}

static int start_order(const pg_coxdiag *w, const double *entry, size_t *sord, size_t *sfirst)
{
    size_t n = w->n, ns = w->nstrata;
    zph_start *v = pg_malloc_array(n, sizeof *v);
    if (!v) return PG_ENOMEM;
    memset(sfirst, 0, (ns + 1) * sizeof *sfirst);
    for (size_t i = 0; i < n; i++) sfirst[w->strata[i] + 1]++;
    for (size_t s = 0; s < ns; s++) sfirst[s + 1] += sfirst[s];
    for (size_t k = 0; k < n; k++) {   /* w->ord is by stratum: its blocks are the strata's */
        size_t i = w->ord[k];
        v[k] = (zph_start){entry[i], i};
    }
    for (size_t s = 0; s < ns; s++)
        qsort(v + sfirst[s], sfirst[s + 1] - sfirst[s], sizeof *v, cmp_start);
    for (size_t k = 0; k < n; k++) sord[k] = v[k].row;
    free(v);
    return PG_OK;
}

/* Add (sign 1) or remove (sign -1) row i, of risk r, to the risk-set sums s0, s1, s2. */
static void zph_move(const zph_ws *z, size_t n, size_t i, double r, double sign, double *s0,
                     double *s1, double *s2)
{
    size_t nv = z->nv;
    *s0 += sign * r;
    for (size_t j = 0; j < nv; j++) {
        double xj = sign * r * z->x[j * n + i];
        s1[j] += xj;
        for (size_t l = 0; l <= j; l++) s2[j * nv + l] += xj * z->x[l * n + i];
    }
}

/* Accumulate U2, the information and the Schoenfeld residuals (see the comment at the top).
 * Counting data (entry not NULL), as survival's zph2.c: the risk set at t is the rows of the
 * stratum with start < t <= stop, kept by adding rows at their stop time and removing them once
 * t <= start on the walk backwards in time. Case weights wt (NULL: 1), as zph1.c and zph2.c:
 * risk w_i exp(lp_i), U2 += g w_i x_i for a death, and a tied time's steps are weighted by the
 * deaths' total weight (Breslow) or their mean weight (each Efron step). */
static int zph_sums(const pg_coxdiag *w, zph_ws *z, const double *gt, const double *entry,
                    const double *wt)
{
    size_t n = w->n, nv = z->nv, n2 = 2 * nv, ns = w->nstrata;
    const size_t *o = w->ord;
    double *s1 = pg_calloc_array(nv, sizeof *s1), *s2 = pg_calloc_array(nv * nv, sizeof *s2);
    double *d1 = pg_calloc_array(nv, sizeof *d1), *d2 = pg_calloc_array(nv * nv, sizeof *d2);
    double *m = pg_calloc_array(nv, sizeof *m), *mbar = pg_calloc_array(nv, sizeof *mbar);
    size_t *evi = pg_malloc_array(n, sizeof *evi);
    size_t *sord = entry ? pg_malloc_array(n, sizeof *sord) : NULL;
    size_t *sfirst = entry ? pg_malloc_array(ns + 1, sizeof *sfirst) : NULL;
    int rc = PG_OK;
    if (!s1 || !s2 || !d1 || !d2 || !m || !mbar || !evi || (entry && (!sord || !sfirst)) ||
        (entry && start_order(w, entry, sord, sfirst))) {
        rc = PG_ENOMEM;
        goto done;
    }
    /* The events in (stratum, time) order; on counting data tied events come in the reverse
     * of their data order, as cox.zph lists them (rev(order(-strata, -stop))). */
    size_t e = 0;
    for (size_t lo = 0; lo < n;) {
        size_t hi = lo + 1;
        while (hi < n && w->strata[o[hi]] == w->strata[o[lo]] && w->time[o[hi]] == w->time[o[lo]])
            hi++;
        size_t nd = 0;
        for (size_t k = lo; k < hi; k++) nd += w->status[o[k]] != 0;
        for (size_t k = lo, q = 0; k < hi; k++) {
            if (!w->status[o[k]]) continue;
            evi[k] = e + (entry ? nd - 1 - q : q);
            z->ev_row[evi[k]] = o[k];
            q++;
        }
        e += nd;
        lo = hi;
    }
    double s0 = 0;
    size_t nrisk = 0, next_out = 0;   /* counting data: next row to leave is sord[next_out-1] */
    for (size_t hi = n; hi > 0;) {
        size_t lo = hi - 1;
        size_t stratum = w->strata[o[lo]];
        double t = w->time[o[lo]];
        while (lo > 0 && w->strata[o[lo - 1]] == stratum && w->time[o[lo - 1]] == t) lo--;
        if (hi == n || w->strata[o[hi]] != stratum) {   /* a new stratum (walking backwards) */
            s0 = 0;
            nrisk = 0;
            memset(s1, 0, nv * sizeof *s1);
            memset(s2, 0, nv * nv * sizeof *s2);
            if (entry) next_out = sfirst[stratum + 1];
        }
        /* rows with start >= t have left (all joined earlier: their stop is after t) */
        while (entry && next_out > sfirst[stratum] && entry[sord[next_out - 1]] >= t) {
            size_t i = sord[--next_out];
            zph_move(z, n, i, w->risk[i] * (wt ? wt[i] : 1), -1, &s0, s1, s2);
            if (--nrisk == 0) {   /* an empty risk set: drop what the subtractions left */
                s0 = 0;
                memset(s1, 0, nv * sizeof *s1);
                memset(s2, 0, nv * nv * sizeof *s2);
            }
        }
        double d0 = 0, d = 0, dw = 0, g = gt[o[lo]];
        memset(d1, 0, nv * sizeof *d1);
        memset(d2, 0, nv * nv * sizeof *d2);
        for (size_t k = lo; k < hi; k++) {
            size_t i = o[k];
            double wi = wt ? wt[i] : 1, r = w->risk[i] * wi;
            int dead = w->status[i];
            nrisk++;
            if (dead) {
                d += 1;
                dw += wi;
                for (size_t j = 0; j < nv; j++) z->u2[j] += g * wi * z->x[j * n + i];
                zph_move(z, n, i, r, 1, &d0, d1, d2);
            } else {
                zph_move(z, n, i, r, 1, &s0, s1, s2);
            }
        }
        if (d > 0) {
            size_t steps = w->efron ? (size_t)d : 1;
            double sw = w->efron ? dw / d : dw;
            memset(mbar, 0, nv * sizeof *mbar);
            for (size_t k = 1; k <= steps; k++) {
                double f = w->efron ? (double)k / d : 1, den = s0 + f * d0;
                for (size_t j = 0; j < nv; j++) m[j] = (s1[j] + f * d1[j]) / den;
                for (size_t j = 0; j < nv; j++) {
                    mbar[j] += m[j] / (double)steps;
                    z->u2[j] -= g * sw * m[j];
                    for (size_t l = 0; l <= j; l++) {
                        double v = sw * ((s2[j * nv + l] + f * d2[j * nv + l]) / den - m[j] * m[l]);
                        z->imat[j * n2 + l] += v;
                        z->imat[j * n2 + nv + l] += g * v;
                        z->imat[(nv + j) * n2 + nv + l] += g * g * v;
                    }
                }
            }
            for (size_t k = lo; k < hi; k++) {
                size_t i = o[k];
                if (!w->status[i]) continue;
                for (size_t j = 0; j < nv; j++) z->sch[evi[k] * nv + j] = z->x[j * n + i] - mbar[j];
            }
        }
        s0 += d0;
        for (size_t j = 0; j < nv; j++) {
            s1[j] += d1[j];
            for (size_t l = 0; l <= j; l++) s2[j * nv + l] += d2[j * nv + l];
        }
        hi = lo;
    }
    /* Symmetrise: I11 and I22 from their lower triangles; I12 as accumulated (i, l<=j) then
     * mirrored, and I21 = I12'. */
    for (size_t j = 0; j < nv; j++)
        for (size_t l = 0; l < j; l++) {
            z->imat[l * n2 + j] = z->imat[j * n2 + l];
            z->imat[l * n2 + nv + j] = z->imat[j * n2 + nv + l];
            z->imat[(nv + l) * n2 + nv + j] = z->imat[(nv + j) * n2 + nv + l];
        }
    for (size_t j = 0; j < nv; j++)
        for (size_t l = 0; l < nv; l++) z->imat[(nv + j) * n2 + l] = z->imat[l * n2 + nv + j];
done:
    free(s1);
    free(s2);
    free(d1);
    free(d2);
    free(m);
    free(mbar);
    free(evi);
    free(sord);
    free(sfirst);
    return rc;
}

/* u_K' (I_KK)^{-1} u_K for K = (0..nv-1, nv + first .. nv + first + nc - 1): a term's columns
 * are consecutive, and the global test is first = 0, nc = nv. */
static int zph_stat(const zph_ws *z, size_t first, size_t nc, double *stat)
{
    size_t nv = z->nv, n2 = 2 * nv, k = nv + nc;
    double *a = pg_malloc_array(k * k + 2 * k, sizeof *a);
    if (!a) return PG_ENOMEM;
    double *b = a + k * k, *u = b + k;
    for (size_t i = 0; i < k; i++) {
        size_t ki = i < nv ? i : nv + first + (i - nv);
        u[i] = b[i] = i < nv ? 0 : z->u2[ki - nv];
        for (size_t j = 0; j < k; j++) {
            size_t kj = j < nv ? j : nv + first + (j - nv);
            a[i * k + j] = z->imat[ki * n2 + kj];
        }
    }
    int rc = PG_OK;
    if (sym_solve(a, b, k)) {
        rc = PG_ENUMERIC;
    } else {
        double s = 0;
        for (size_t i = 0; i < k; i++) s += u[i] * b[i];
        *stat = s;
    }
    free(a);
    return rc;
}

/* The scaled Schoenfeld residuals, events x nterm column-major (y[e + t * events]), as R's
 * cox.zph $y. */
static int zph_scaled(const pg_coxdiag *w, const zph_ws *z, const double *fcoef, double *y)
{
    size_t n = w->n, nv = z->nv, nt = z->nterm, ns = w->nstrata, ne = w->events, n2 = 2 * nv;
    double *used = pg_calloc_array(ns * nv, sizeof *used);
    double *vm = pg_malloc_array(nv * nv, sizeof *vm), *tm = pg_calloc_array(nv * nt, sizeof *tm);
    double *vt = pg_malloc_array(nt * nt, sizeof *vt), *tmp = pg_malloc_array(nv * nt, sizeof *tmp);
    double *ev = pg_calloc_array(ns, sizeof *ev), *a = pg_malloc_array(nt * nt, sizeof *a);
    double *first = pg_malloc_array(ns * nv, sizeof *first);
    int *seen = pg_calloc_array(ns, sizeof *seen);
    double *ut = pg_malloc_array(ns * nt, sizeof *ut), *rowv = pg_malloc_array(nt, sizeof *rowv);
    size_t *kc = pg_malloc_array(nt, sizeof *kc);
    int rc = PG_OK;
    if (!used || !vm || !tm || !vt || !tmp || !ev || !a || !first || !seen || !ut || !rowv || !kc) {
        rc = PG_ENOMEM;
        goto done;
    }
    /* used[s][j]: deaths of s when column j varies within s (on the uncentred values). */
    for (size_t i = 0; i < n; i++) {
        size_t s = w->strata[i];
        ev[s] += w->status[i];
        for (size_t j = 0; j < nv; j++) {
            double xj = z->x[j * n + i];
            if (!seen[s]) first[s * nv + j] = xj;
            else if (xj != first[s * nv + j]) used[s * nv + j] = 1;
        }
        seen[s] = 1;
    }
    for (size_t s = 0; s < ns; s++)
        for (size_t j = 0; j < nv; j++) used[s * nv + j] = used[s * nv + j] ? ev[s] : 0;
    for (size_t t = 0; t < nt; t++) {
        size_t f = z->tfirst[t], c = z->tncol[t];
        if (c < 2) continue;
        int anyzero = 0;
        for (size_t s = 0; s < ns; s++)
            for (size_t j = f; j < f + c; j++) anyzero |= used[s * nv + j] == 0;
        if (!anyzero) continue;
        for (size_t s = 0; s < ns; s++) {
            double mx = 0;
            for (size_t j = f; j < f + c; j++) mx = used[s * nv + j] > mx ? used[s * nv + j] : mx;
            for (size_t j = f; j < f + c; j++) used[s * nv + j] = mx;
        }
    }
    for (size_t j = 0; j < nv; j++)
        for (size_t l = 0; l < nv; l++) {
            double wt = 0;
            for (size_t s = 0; s < ns; s++) {
                double uj = used[s * nv + j], ul = used[s * nv + l];
                wt += uj < ul ? uj : ul;
            }
            vm[j * nv + l] = z->imat[j * n2 + l] / (wt == 0 ? 1 : wt);
        }
    /* Collapse to terms: T[j][t] = 1 (one column) or b_j (several); Vt = T' Vm T. */
    for (size_t t = 0; t < nt; t++)
        for (size_t j = z->tfirst[t]; j < z->tfirst[t] + z->tncol[t]; j++)
            tm[j * nt + t] = z->tncol[t] == 1 ? 1 : fcoef[j];
    for (size_t j = 0; j < nv; j++)
        for (size_t t = 0; t < nt; t++) {
            double s = 0;
            for (size_t l = 0; l < nv; l++) s += vm[j * nv + l] * tm[l * nt + t];
            tmp[j * nt + t] = s;
        }
    for (size_t t = 0; t < nt; t++)
        for (size_t u = 0; u < nt; u++) {
            double s = 0;
            for (size_t j = 0; j < nv; j++) s += tm[j * nt + t] * tmp[j * nt + u];
            vt[t * nt + u] = s;
        }
    for (size_t s = 0; s < ns; s++)
        for (size_t t = 0; t < nt; t++) ut[s * nt + t] = used[s * nv + z->tfirst[t]];
    for (size_t e = 0; e < ne; e++) {
        for (size_t t = 0; t < nt; t++) {
            double s = 0;
            for (size_t j = 0; j < nv; j++) s += z->sch[e * nv + j] * tm[j * nt + t];
            y[e + t * ne] = s;
        }
    }
    /* Per stratum: rows times Vt_KK^{-1} on the columns K with used > 0, NA elsewhere. As R,
     * stratum s owns the next max_t used[s][t] rows (its event count, or none when every
     * covariate is constant in s, which shifts later strata onto its rows; rows left over are
     * not scaled). */
    size_t row = 0;
    for (size_t s = 0; s < ns; s++) {
        size_t nk = 0;
        double nrow_s = 0;
        for (size_t t = 0; t < nt; t++) {
            if (ut[s * nt + t] > 0) kc[nk++] = t;
            if (ut[s * nt + t] > nrow_s) nrow_s = ut[s * nt + t];
        }
        for (size_t e = row; e < row + (size_t)nrow_s && e < ne; e++) {
            /* solve Vt_KK v = row_K (Vt symmetric, so row Vt^{-1} = (Vt^{-1} row')') */
            for (size_t i = 0; i < nk; i++) {
                rowv[i] = y[e + kc[i] * ne];
                for (size_t j = 0; j < nk; j++) a[i * nk + j] = vt[kc[i] * nt + kc[j]];
            }
            if (nk == 1) rowv[0] /= a[0];   /* R divides (no singularity check) */
            else if (nk > 1 && pg_lu_solve(a, nk, rowv)) {   /* R: solve(); may be indefinite */
                rc = PG_ENUMERIC;
                goto done;
            }
            for (size_t t = 0; t < nt; t++) y[e + t * ne] = NAN;
            for (size_t i = 0; i < nk; i++) y[e + kc[i] * ne] = rowv[i];
        }
        row += (size_t)nrow_s;
    }
    for (size_t e = 0; e < ne; e++)
        for (size_t t = 0; t < nt; t++)
            y[e + t * ne] += z->tncol[t] == 1 ? fcoef[z->tfirst[t]] : 1.0;
done:
    free(used);
    free(vm);
    free(tm);
    free(vt);
    free(tmp);
    free(ev);
    free(a);
    free(first);
    free(seen);
    free(ut);
    free(rowv);
    free(kc);
    return rc;
}

void pg_zph_opts_init(pg_zph_opts *opt)
{
    memset(opt, 0, sizeof *opt);
    opt->transform = PG_ZPH_KM;
}

/* The terms over the kept columns z->col[0..nv), in column order: a factor's columns form one
 * term, a column no term of the frame owns is its own term (z->tfirst, tncol, tlabel, nterm).
 * PG_OK or PG_ENOMEM. */
static int zph_terms(const pg_frame *fr, size_t p, zph_ws *z)
{
    size_t nv = z->nv, nft = pg_frame_nterms(fr);
    z->tfirst = pg_malloc_array(nv, sizeof *z->tfirst);
    z->tncol = pg_malloc_array(nv, sizeof *z->tncol);
    z->tlabel = pg_calloc_array(nv, sizeof *z->tlabel);
    size_t *owner = pg_malloc_array(p, sizeof *owner);
    if (!z->tfirst || !z->tncol || !z->tlabel || !owner) {
        free(owner);
        return PG_ENOMEM;
    }
    for (size_t j = 0; j < p; j++) owner[j] = (size_t)-1;
    for (size_t t = 0; t < nft; t++) {
        size_t f = pg_frame_term_first(fr, t), c = pg_frame_term_ncol(fr, t);
        for (size_t j = f; j < f + c && j < p; j++) owner[j] = t;
    }
    for (size_t k = 0; k < nv; k++) {
        size_t j = z->col[k];
        int same = k > 0 && owner[j] != (size_t)-1 && owner[z->col[k - 1]] == owner[j];
        if (same) {
            z->tncol[z->nterm - 1]++;
        } else {
            z->tfirst[z->nterm] = k;
            z->tncol[z->nterm] = 1;
            z->tlabel[z->nterm] = (char *)(owner[j] != (size_t)-1
                                               ? pg_frame_term_label(fr, owner[j])
                                               : pg_frame_colname(fr, j));
            z->nterm++;
        }
    }
    free(owner);
    return PG_OK;
}

/* The per-term chi-squares and the global test into r (its arrays allocated). PG_OK, PG_ENOMEM
 * (err not filled) or PG_ENUMERIC (err filled). */
static int zph_tests(const zph_ws *z, pg_zph *r, pg_error *err)
{
    int rc;
    for (size_t t = 0; t < z->nterm; t++) {
        rc = zph_stat(z, z->tfirst[t], z->tncol[t], &r->chisq[t]);
        if (rc == PG_ENOMEM) return rc;
        if (rc)
            return pg_fail(err, PG_ENUMERIC, "zph: the information matrix of term '%s' is singular",
                           z->tlabel[t]);
        r->df[t] = (double)z->tncol[t];
        r->p[t] = pg_chisq_p(r->chisq[t], r->df[t]);
    }
    rc = zph_stat(z, 0, z->nv, &r->global_chisq);
    if (rc == PG_ENOMEM) return rc;
    if (rc) return pg_fail(err, PG_ENUMERIC, "zph: the information matrix is singular");
    r->global_df = (double)z->nv;
    r->global_p = pg_chisq_p(r->global_chisq, r->global_df);
    return PG_OK;
}

int pg_zph_test(const pg_frame *fr, const pg_cox *fit, const pg_zph_opts *opt, pg_zph **out,
                pg_error *err)
{
    pg_zph_opts defaults;
    if (!opt) {
        pg_zph_opts_init(&defaults);
        opt = &defaults;
    }
    pg_zph_transform transform = opt->transform;
    pg_coxdiag w;
    zph_ws z;
    pg_zph *r = NULL;
    double *g = NULL, *fcoef = NULL;
    memset(&z, 0, sizeof z);
    if (out) *out = NULL;
    if (!out) return pg_fail(err, PG_EINPUT, "zph: no place for the result");
    if ((int)transform < 0 || (int)transform > PG_ZPH_LOG)
        return pg_fail(err, PG_EINPUT, "zph: unknown transform %d", (int)transform);
    int rc = pg_coxdiag_init(&w, fr, fit, "zph", err);
    if (rc) return rc;
    size_t n = w.n, p = w.p;
    if (w.events == 0) {
        rc = pg_fail(err, PG_ENOEVENTS, "zph: no events");
        goto fail;
    }
    z.col = pg_malloc_array(p ? p : 1, sizeof *z.col);
    if (!z.col) goto nomem;
    for (size_t j = 0; j < p; j++)
        if (!w.alias[j]) z.col[z.nv++] = j;
    if (z.nv == 0) {
        rc = pg_fail(err, PG_EANALYSIS, "zph: the model has no coefficients to test");
        goto fail;
    }
    size_t nv = z.nv;
    if (zph_terms(fr, p, &z)) goto nomem;
    size_t nt = z.nterm, ne = w.events;
    g = pg_malloc_array(n, sizeof *g);
    fcoef = pg_malloc_array(nv, sizeof *fcoef);
    z.x = pg_malloc_array(n * nv, sizeof *z.x);
    z.u2 = pg_calloc_array(nv, sizeof *z.u2);
    z.imat = pg_calloc_array(4 * nv * nv, sizeof *z.imat);
    z.sch = pg_calloc_array(ne * nv, sizeof *z.sch);
    z.ev_row = pg_malloc_array(ne, sizeof *z.ev_row);
    r = calloc(1, sizeof *r);
    if (!g || !fcoef || !z.x || !z.u2 || !z.imat || !z.sch || !z.ev_row || !r) goto nomem;
    r->n = n;
    r->dropped = pg_frame_dropped(fr);
    const double *x = pg_frame_x(fr);
    for (size_t k = 0; k < nv; k++) {
        size_t j = z.col[k];
        double mean = 0;
        for (size_t i = 0; i < n; i++) mean += x[j * n + i];
        mean /= (double)n;
        for (size_t i = 0; i < n; i++) z.x[k * n + i] = x[j * n + i] - mean;
        fcoef[k] = w.beta[j];
    }
    if ((rc = zph_transform(&w, pg_frame_entry(fr), transform, g, err))) goto fail;
    double gmean = 0;
    for (size_t i = 0; i < n; i++) gmean += w.status[i] ? g[i] : 0;
    gmean /= (double)ne;
    double *gt = pg_malloc_array(n, sizeof *gt);
    if (!gt) goto nomem;
    for (size_t i = 0; i < n; i++) gt[i] = g[i] - gmean;
    rc = zph_sums(&w, &z, gt, pg_frame_entry(fr), pg_frame_weights(fr));
    free(gt);
    if (rc) goto nomem;

    r->transform = transform;
    r->n_terms = nt;
    r->term = pg_calloc_array(nt, sizeof *r->term);
    r->colname = pg_calloc_array(nt, sizeof *r->colname);
    r->chisq = pg_malloc_array(nt, sizeof *r->chisq);
    r->df = pg_malloc_array(nt, sizeof *r->df);
    r->p = pg_malloc_array(nt, sizeof *r->p);
    r->n_events = ne;
    r->ncol = nt;
    r->time = pg_malloc_array(ne, sizeof *r->time);
    r->transformed_time = pg_malloc_array(ne, sizeof *r->transformed_time);
    r->resid = pg_malloc_array(ne * nt, sizeof *r->resid);
    if (!r->term || !r->colname || !r->chisq || !r->df || !r->p || !r->time ||
        !r->transformed_time || !r->resid)
        goto nomem;
    for (size_t t = 0; t < nt; t++) {
        r->term[t] = pg_strdup(z.tlabel[t]);
        r->colname[t] = pg_strdup(z.tlabel[t]);
        if (!r->term[t] || !r->colname[t]) goto nomem;
    }
    rc = zph_tests(&z, r, err);
    if (rc == PG_ENOMEM) goto nomem;
    if (rc) goto fail;
    for (size_t e = 0; e < ne; e++) {
        r->time[e] = w.time[z.ev_row[e]];
        r->transformed_time[e] = g[z.ev_row[e]];
    }
    rc = zph_scaled(&w, &z, fcoef, r->resid);
    if (rc == PG_ENOMEM) goto nomem;
    if (rc) {
        rc = pg_fail(err, PG_ENUMERIC, "zph: cannot scale the Schoenfeld residuals (singular "
                                       "information)");
        goto fail;
    }
    free(g);
    free(fcoef);
    zph_ws_free(&z);
    pg_coxdiag_free(&w);
    *out = r;
    return PG_OK;
nomem:
    rc = pg_fail(err, PG_ENOMEM, "zph: out of memory");
fail:
    free(g);
    free(fcoef);
    zph_ws_free(&z);
    pg_coxdiag_free(&w);
    pg_zph_free(r);
    return rc;
}
