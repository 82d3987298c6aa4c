/* cif_gray.c -- Gray's K-sample test for the cumulative incidence of one cause.
 *
 * Ref: Gray, "A class of K-sample tests for comparing the cumulative incidence of a competing
 * risk", Ann Stat 16 (1988) 1141-1154: the score of group i (i = 1..K-1) is
 *   s_i = sum_t W(t) [d_i1(t) - d_1(t) R_i(t) / R(t)],  R_i = n_i (1 - F_i(t-)) / S_i(t-),
 * the weighted difference between the group's events of the cause and their expectation under
 * a common subdistribution hazard, W = (1 - F(t-))^rho with F the pooled estimate (F jumps by
 * d_1 / sum_i n_i / S_i(t-)); its variance is the martingale sum of the paper's sec. 2, with a
 * term per group at the events of the cause and at the events of the other causes.
 * Matches: cmprsk::cuminc's Tests (Fortran crstm/crst, summed over the strata, then
 * stat = s' V^-1 s, df = K - 1). The code is our own, written from those formulas. */
#include "internal.h"
#include "cif_impl.h"
#include "linalg.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* One stratum's state for G groups (crst's arrays), and the totals over strata. */
typedef struct gray_work {
    size_t G;
    double *rs, *f1m, *f1, *skmm, *skm, *v3;   /* G each */
    double *c, *a;                             /* G x G, c[i + j * G] */
    double *v2;                                /* (G - 1) x G */
    double *d;                                 /* 3 x G: censored, this cause, other causes */
    double *s, *v;                             /* totals: G - 1, (G - 1) x (G - 1) */
} gray_work;

#define AT(m, i, j, ld) (m)[(i) + (j) * (ld)]

/* Variance terms of the events of the cause at one time (nd1 of them, pooled F now f). */
static void var_cause(gray_work *w, double nd1, double tr, double f)
{
    size_t G = w->G, H = G - 1;
    for (size_t k = 0; k < G; k++) {
        if (w->rs[k] <= 0) continue;
        double t4 = w->skm[k] > 0 ? 1 - (1 - f) / w->skm[k] : 1;
        double t5 = nd1 > 1 ? 1 - (nd1 - 1) / (tr * w->skmm[k] - 1) : 1;
        double t3 = t5 * w->skmm[k] * nd1 / (tr * w->rs[k]);
        w->v3[k] += t4 * t4 * t3;
        for (size_t i = 0; i < H; i++) {
            double t1 = AT(w->a, i, k, G) - t4 * AT(w->c, i, k, G);
            AT(w->v2, i, k, H) += t1 * t4 * t3;
            for (size_t j = 0; j <= i; j++)
                AT(w->v, i, j, H) += t1 * (AT(w->a, j, k, G) - t4 * AT(w->c, j, k, G)) * t3;
        }
    }
}

/* Variance terms of the events of the other causes at one time. */
static void var_other(gray_work *w, double f)
{
    size_t G = w->G, H = G - 1;
    for (size_t k = 0; k < G; k++) {
        double d2 = AT(w->d, 2, k, 3);
        if (w->skm[k] <= 0 || d2 <= 0) continue;
        double t4 = (1 - f) / w->skm[k];
        double t5 = d2 > 1 ? 1 - (d2 - 1) / (w->rs[k] - 1) : 1;
        double t3 = t5 * w->skmm[k] * w->skmm[k] * d2 / (w->rs[k] * w->rs[k]);
        w->v3[k] += t4 * t4 * t3;
        for (size_t i = 0; i < H; i++) {
            double t1 = t4 * AT(w->c, i, k, G);
            AT(w->v2, i, k, H) -= t1 * t4 * t3;
            for (size_t j = 0; j <= i; j++) AT(w->v, i, j, H) += t1 * t4 * AT(w->c, j, k, G) * t3;
        }
    }
}

/* One time with events: nd1 of the cause, nd2 of others; fm the pooled F just before.
 * Returns the pooled F just after. */
static double gray_time(gray_work *w, double nd1, double nd2, double fm, double rho)
{
    size_t G = w->G;
    double tr = 0, tq = 0;
    for (size_t i = 0; i < G; i++) {
        if (w->rs[i] <= 0) continue;
        double d1 = AT(w->d, 1, i, 3), td = d1 + AT(w->d, 2, i, 3);
        w->skm[i] = w->skmm[i] * (w->rs[i] - td) / w->rs[i];
        w->f1[i] = w->f1m[i] + w->skmm[i] * d1 / w->rs[i];
        tr += w->rs[i] / w->skmm[i];
        tq += w->rs[i] * (1 - w->f1m[i]) / w->skmm[i];
    }
    double f = fm + nd1 / tr, fb = pow(1 - fm, rho);
    memset(w->a, 0, G * G * sizeof *w->a);
    for (size_t i = 0; i < G; i++) {
        if (w->rs[i] <= 0) continue;
        double t1 = w->rs[i] / w->skmm[i];
        AT(w->a, i, i, G) = fb * t1 * (1 - t1 / tr);
        AT(w->c, i, i, G) += AT(w->a, i, i, G) * nd1 / (tr * (1 - fm));
        for (size_t j = i + 1; j < G; j++) {
            if (w->rs[j] <= 0) continue;
            AT(w->a, i, j, G) = -fb * t1 * w->rs[j] / (w->skmm[j] * tr);
            AT(w->c, i, j, G) += AT(w->a, i, j, G) * nd1 / (tr * (1 - fm));
        }
    }
    for (size_t i = 1; i < G; i++)
        for (size_t j = 0; j < i; j++) {
            AT(w->a, i, j, G) = AT(w->a, j, i, G);
            AT(w->c, i, j, G) = AT(w->c, j, i, G);
        }
    for (size_t i = 0; i + 1 < G; i++)
        if (w->rs[i] > 0)
            w->s[i] += fb * (AT(w->d, 1, i, 3) -
                             nd1 * w->rs[i] * (1 - w->f1m[i]) / (w->skmm[i] * tq));
    if (nd1 > 0) var_cause(w, nd1, tr, f);
    if (nd2 > 0) var_other(w, f);
    return f;
}

/* One stratum: rows idx[0..m) in time order, code[r] 0 censored, 1 the cause, 2 another. */
static void gray_stratum(gray_work *w, const pg_frame *fr, const size_t *idx, size_t m,
                         const unsigned char *code, double rho)
{
    size_t G = w->G, H = G - 1;
    const size_t *grp = pg_frame_group(fr);
    const double *time = pg_frame_time(fr);
    memset(w->rs, 0, G * sizeof *w->rs);
    for (size_t r = 0; r < m; r++) w->rs[grp[idx[r]]]++;
    for (size_t i = 0; i < G; i++) {
        w->f1m[i] = w->f1[i] = w->v3[i] = 0;
        w->skmm[i] = w->skm[i] = 1;
    }
    memset(w->c, 0, G * G * sizeof *w->c);
    memset(w->v2, 0, H * G * sizeof *w->v2);
    double fm = 0;
    for (size_t i = 0; i < m;) {
        double t = time[idx[i]], nd1 = 0, nd2 = 0;
        size_t j = i;
        memset(w->d, 0, 3 * G * sizeof *w->d);
        for (; j < m && time[idx[j]] == t; j++) AT(w->d, code[idx[j]], grp[idx[j]], 3)++;
        for (size_t g = 0; g < G; g++) {
            nd1 += AT(w->d, 1, g, 3);
            nd2 += AT(w->d, 2, g, 3);
        }
        if (nd1 > 0 || nd2 > 0) fm = gray_time(w, nd1, nd2, fm, rho);
        for (size_t r = i; r < j; r++) w->rs[grp[idx[r]]]--;
        for (size_t g = 0; g < G; g++) {
            w->f1m[g] = w->f1[g];
            w->skmm[g] = w->skm[g];
        }
        i = j;
    }
    for (size_t i = 0; i < H; i++)
        for (size_t j = 0; j <= i; j++)
            for (size_t k = 0; k < G; k++)
                AT(w->v, i, j, H) += AT(w->c, i, k, G) * AT(w->c, j, k, G) * w->v3[k] +
                                     AT(w->c, i, k, G) * AT(w->v2, j, k, H) +
                                     AT(w->c, j, k, G) * AT(w->v2, i, k, H);
}

int pg_cif_gray_test(const pg_frame *fr, size_t cause, double rho, const size_t *order,
                     pg_cif_gray *out)
{
    size_t n = pg_frame_n(fr), G = pg_frame_ngroups(fr), H = G - 1;
    const size_t *st = pg_frame_strata(fr);
    const int *cs = pg_frame_cause(fr);
    *out = (pg_cif_gray){cause, NAN, (double)H, NAN};
    gray_work w = {.G = G};
    size_t need = 6 * G + 2 * G * G + H * G + 3 * G + H + H * H;
    double *buf = pg_calloc_array(need, sizeof *buf);
    unsigned char *code = pg_malloc_array(n ? n : 1, 1);
    double *y = pg_malloc_array(H + H, sizeof *y);
    if (!buf || !code || !y) {
        free(buf);
        free(code);
        free(y);
        return PG_ENOMEM;
    }
    double *p = buf;
    double **parts[] = {&w.rs, &w.f1m, &w.f1, &w.skmm, &w.skm, &w.v3, &w.c, &w.a, &w.v2,
                        &w.d, &w.s, &w.v};
    size_t len[] = {G, G, G, G, G, G, G * G, G * G, H * G, 3 * G, H, H * H};
    for (size_t i = 0; i < sizeof len / sizeof len[0]; i++) {
        *parts[i] = p;
        p += len[i];
    }
    for (size_t r = 0; r < n; r++)
        code[r] = (unsigned char)(cs[r] == 0 ? 0 : (size_t)cs[r] == cause ? 1 : 2);
    for (size_t r0 = 0; r0 < n;) {
        size_t r1 = r0;
        while (r1 < n && st[order[r1]] == st[order[r0]]) r1++;
        gray_stratum(&w, fr, order + r0, r1 - r0, code, rho);
        r0 = r1;
    }
    for (size_t i = 0; i < H; i++)
        for (size_t j = 0; j < i; j++) AT(w.v, j, i, H) = AT(w.v, i, j, H);
    /* s' V^-1 s where V has full rank (cuminc: qr rank == K - 1; else stat -1) */
    memcpy(y, w.s, H * sizeof *y);
    if (pg_chol_factor_pd(w.v, H, y + H)) {
        pg_chol_solve_pd(w.v, H, y + H, y);
        double q = 0;
        for (size_t i = 0; i < H; i++) q += w.s[i] * y[i];
        out->chisq = q;
        out->p = pg_chisq_p(q, (double)H);
    }
    free(buf);
    free(code);
    free(y);
    return PG_OK;
}
