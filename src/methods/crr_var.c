/* crr_var.c -- the middle of Fine and Gray's sandwich variance, and predict.crr. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "crr_impl.h"
#include "internal.h"

/* v2 += u u' for the p-vector u (both triangles). */
static void add_outer(double *v2, const double *u, size_t p)
{
    for (size_t a = 0; a < p; a++)
        for (size_t c = 0; c < p; c++) v2[c * p + a] += u[a] * u[c];
}

/*
 * The influence of subject i on the score (Fine & Gray 1999, sec. 4, eta_i + psi_i):
 *   eta_i = (i fails from cause 1) (x_i - xbar(t_i))
 *           - sum_k d_k w_i(tau_k) e_i (x_i - xbar_k) / S0_k        (the d Lambda_1 part)
 *   psi_i = (i censored) q(t_i) / Y(t_i) - sum_{censoring times u <= t_i} c(u) q(u) / Y(u)^2
 *     with q(u) = sum_{tau_k >= u} d_k G(tau_k-) / S0_k
 *                 * sum_{t_j < u, j competing} e_j (x_j - xbar_k) / G(t_j-),
 *   Y(u) subjects with time >= u, c(u) censorings at u (the censoring martingale's part, from
 *   estimating G). V2 = sum_i (eta_i + psi_i)(eta_i + psi_i)'.
 * The sums over failure times are prefix / suffix sums over the blocks (pk: sum_{l < k}
 * d_l / S0_l and the same times xbar_l; qk: sum_{l >= k} d_l G_l / S0_l and times xbar_l), so
 * q(u) = A1(u) qk0 - A0(u) qk1 with A the competing sums e_j / G(t_j-) (times x_j) below u;
 * O(n p^2), where crrvv loops over pairs (O(n^2 p)).
 * Matches: cmprsk's crrvv (v2), one censoring group.
 */
int pg_crr_meat(const crr_work *w, double *v2)
{
    size_t n = w->n, p = w->p, nd = w->nd;
    double *mem = pg_calloc_array(2 * (nd + 1) * (p + 1) + 5 * p, sizeof *mem);
    if (!mem) return PG_ENOMEM;
    double *p0 = mem, *q0 = p0 + nd + 1, *p1 = q0 + nd + 1, *q1 = p1 + (nd + 1) * p;
    double *a1 = q1 + (nd + 1) * p, *q = a1 + p, *psi = q + p, *u = psi + p, *xi = u + p;
    for (size_t k = 0; k < nd; k++) {
        double h = w->d[k] / w->s0[k];
        p0[k + 1] = p0[k] + h;
        for (size_t j = 0; j < p; j++)
            p1[(k + 1) * p + j] = p1[k * p + j] + h * w->xbar[k * p + j];
    }
    for (size_t k = nd; k-- > 0;) {
        double h = w->d[k] * w->gk[k] / w->s0[k];
        q0[k] = q0[k + 1] + h;
        for (size_t j = 0; j < p; j++)
            q1[k * p + j] = q1[(k + 1) * p + j] + h * w->xbar[k * p + j];
    }
    memset(v2, 0, p * p * sizeof *v2);
    double a0 = 0;
    for (size_t i = 0; i < n;) {
        size_t end = i, nc = 0;
        while (end < n && w->t[end] == w->t[i]) nc += w->c[end++] == 0;
        double Y = (double)(n - i);
        size_t ke = w->kle[i];
        size_t klt = (ke > 0 && w->tau[ke - 1] == w->t[i]) ? ke - 1 : ke;
        if (nc > 0) {
            for (size_t j = 0; j < p; j++) {
                q[j] = a1[j] * q0[klt] - a0 * q1[klt * p + j];
                psi[j] -= (double)nc * q[j] / (Y * Y);
            }
        }
        for (size_t m = i; m < end; m++) {
            for (size_t j = 0; j < p; j++) xi[j] = w->x[j * n + m];
            for (size_t j = 0; j < p; j++) {
                double eta = -w->e[m] * (xi[j] * p0[ke] - p1[ke * p + j]);
                if (w->c[m] == 1) eta += xi[j] - w->xbar[(ke - 1) * p + j];
                if (w->c[m] == 2)
                    eta -= w->e[m] / w->g[m] * (xi[j] * q0[ke] - q1[ke * p + j]);
                u[j] = eta + psi[j] + (w->c[m] == 0 ? q[j] / Y : 0);
            }
            add_outer(v2, u, p);
        }
        for (size_t m = i; m < end; m++) {
            if (w->c[m] != 2) continue;
            double we = w->e[m] / w->g[m];
            a0 += we;
            for (size_t j = 0; j < p; j++) a1[j] += we * w->x[j * n + m];
        }
        i = end;
    }
    free(mem);
    return PG_OK;
}

void pg_crr_pred_free(pg_crr_pred *pred)
{
    if (!pred) return;
    free(pred->time);
    free(pred->cif);
    free(pred);
}

/*
 * Cumulative incidence of cause 1 for covariate rows (Fine & Gray 1999, sec. 5):
 *   F(t | x) = 1 - exp(-exp(x'b) Lambda0(t)),  Lambda0(t) = sum_{tau_k <= t} bfitj_k,
 * one step per failure time of the fit. 1 - exp(-L) is computed as -expm1(-L), exact where
 * it is small. Matches: cmprsk::predict.crr (no cov2).
 */
int pg_crr_predict(const pg_crr *fit, const double *newx, size_t m, pg_crr_pred **out,
                   pg_error *err)
{
    if (!out) return pg_fail(err, PG_EINPUT, "finegray: no place for the prediction");
    *out = NULL;
    if (!fit) return pg_fail(err, PG_EINPUT, "finegray: no fit to predict from");
    if (m > 0 && !newx) return pg_fail(err, PG_EINPUT, "finegray: no covariate rows");
    size_t nt = fit->n_times, p = fit->n_coef;
    pg_crr_pred *pr = calloc(1, sizeof *pr);
    if (!pr) return pg_fail(err, PG_ENOMEM, "finegray: out of memory");
    pr->n_times = nt;
    pr->n_rows = m;
    pr->time = pg_malloc_array(nt ? nt : 1, sizeof *pr->time);
    pr->cif = pg_malloc_array(nt > 0 && m > 0 ? nt * m : 1, sizeof *pr->cif);
    if (!pr->time || !pr->cif) {
        pg_crr_pred_free(pr);
        return pg_fail(err, PG_ENOMEM, "finegray: out of memory");
    }
    if (nt) memcpy(pr->time, fit->uftime, nt * sizeof *pr->time);
    for (size_t r = 0; r < m; r++) {
        double lp = 0;
        for (size_t j = 0; j < p; j++) lp += newx[r + j * m] * fit->coef[j];
        if (!isfinite(lp)) {
            pg_crr_pred_free(pr);
            return pg_fail(err, PG_EINPUT, "finegray: covariate row %zu gives no finite "
                           "linear predictor", r + 1);
        }
        double rr = exp(lp), cum = 0;
        for (size_t k = 0; k < nt; k++) {
            cum += rr * fit->bfitj[k];
            pr->cif[k + r * nt] = -expm1(-cum);
        }
    }
    *out = pr;
    return PG_OK;
}

double pg_crr_pred_at(const pg_crr_pred *pred, size_t r, double t)
{
    if (!pred || r >= pred->n_rows || isnan(t)) return NAN;
    if (pred->n_times == 0 || t < pred->time[0]) return 0;
    size_t k = pg_sorted_index(pred->time, pred->n_times, t);
    return pred->cif[k + r * pred->n_times];
}
