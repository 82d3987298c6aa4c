/* cif.c -- competing risks: Aalen-Johansen cumulative incidence with Gray's variance, values at
 * times, medians, 1 - KM beside it, and Gray's K-sample test. Delayed entry, case weights and
 * subjects (id) go to survfit's multi-state estimate with the IJ variance (cif_aj.c).
 *
 * Refs: Kalbfleisch & Prentice (2002) sec. 8.2 (the estimator); Gray, Ann Stat 16 (1988)
 * 1141-1154 (the K-sample test and its variance); Aalen & Johansen, Scand J Stat 5 (1978).
 * Matches: cmprsk::cuminc (Fortran cinc for the curves and their variances, crstm/crst for
 * Tests), cmprsk::timepoints (tpoi), survival::survfit with a multi-state status (estimates).
 * The code is our own, written from the formulas those routines implement. */
#include "internal.h"
#include "prognos/cif.h"
#include "cif_impl.h"
#include "conf.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

void pg_cif_opts_init(pg_cif_opts *opt)
{
    memset(opt, 0, sizeof *opt);
    opt->conf_type = PG_CONF_LOGLOG;
    opt->conf_level = 0.95;
}

static void curve_free(pg_cif_curve *c)
{
    double **a[] = {&c->time,        &c->n_risk,     &c->n_event,     &c->estimate,
                    &c->std_err,     &c->conf_low,   &c->conf_high,   &c->km,
                    &c->at_estimate, &c->at_std_err, &c->at_conf_low, &c->at_conf_high,
                    &c->at_km};
    for (size_t i = 0; i < sizeof a / sizeof a[0]; i++) free(*a[i]);
}

static void free_names(char **s, size_t n)
{
    if (!s) return;
    for (size_t i = 0; i < n; i++) free(s[i]);
    free(s);
}

void pg_cif_free(pg_cif *cif)
{
    if (!cif) return;
    for (size_t i = 0; cif->curves && i < cif->n_curves; i++) curve_free(&cif->curves[i]);
    free(cif->curves);
    free_names(cif->cause_names, cif->n_causes);
    free_names(cif->censor_names, cif->n_censor);
    free_names(cif->group_names, cif->n_groups);
    free(cif->times);
    free(cif->gray);
    free(cif);
}

const pg_cif_curve *pg_cif_curve_at(const pg_cif *cif, size_t k, size_t g)
{
    if (!cif || k < 1 || k > cif->n_causes || g >= cif->n_groups) return NULL;
    return &cif->curves[(k - 1) * cif->n_groups + g];
}

/* Room for up to m steps (m = the events of the cause in the group), and the values at times. */
static int curve_alloc(pg_cif_curve *c, size_t m, size_t nt, int km)
{
    size_t s = m ? m : 1, t = nt ? nt : 1;
    double **steps[] = {&c->time,    &c->n_risk,   &c->n_event,   &c->estimate,
                        &c->std_err, &c->conf_low, &c->conf_high, km ? &c->km : NULL};
    for (size_t i = 0; i < sizeof steps / sizeof steps[0]; i++)
        if (steps[i] && !(*steps[i] = pg_malloc_array(s, sizeof(double)))) return PG_ENOMEM;
    double **at[] = {&c->at_estimate, &c->at_std_err, &c->at_conf_low, &c->at_conf_high,
                     km ? &c->at_km : NULL};
    for (size_t i = 0; i < sizeof at / sizeof at[0]; i++)
        if (at[i] && !(*at[i] = pg_malloc_array(t, sizeof(double)))) return PG_ENOMEM;
    return PG_OK;
}

/* Gray's variance accumulators of one cause in one group (cinc's v1, v2, v3): at a time with
 * d events of this cause and e of the others among r at risk, S = the all-cause KM just
 * before, S' just after and F the incidence just after,
 *   other causes: w = S^2 (1 - (e - 1)/(r - 1)) e / r^2;  v1 += (F/S')^2 w,
 *                 v2 += F/S'^2 w, v3 += w / S'^2               (only while S' > 0)
 *   this cause:   w = S^2 (1 - (d - 1)/(r - 1)) d / r^2,  a = 1/S' (0 if S' = 0),
 *                 b = 1 + a F;  v1 += b^2 w, v2 += a b w, v3 += a^2 w,
 * and the variance of F is v1 + F^2 v3 - 2 F v2 (updated where this cause occurs). */
typedef struct acc {
    double f, v1, v2, v3, km;
} acc;

static void acc_add(acc *a, double wgt, double ia, double ib)
{
    a->v1 += ib * ib * wgt;
    a->v2 += ia * ib * wgt;
    a->v3 += ia * ia * wgt;
}

/* Tie correction of the variance weight: 1 - (d - 1) / (r - 1) for d > 1 tied events. */
static double tie_factor(double d, double r)
{
    return d > 1 ? 1 - (d - 1) / (r - 1) : 1;
}

typedef struct fitctx {
    const pg_frame *fr;
    const pg_cif_opts *o;
    pg_cif *cif;
    double z;
    const double *time;
    const int *cause;
    size_t *cnt;        /* K + 1 event counts at one time */
    acc *acc;           /* K accumulators */
    pg_cif_aj_ws *aj;   /* the survfit path (cif_aj.c), NULL for cuminc's */
} fitctx;

/* One time of a group's walk: nd events (cnt[1..K]) among rs at risk, fk the all-cause KM just
 * before. Updates the accumulators and records a step for each cause that occurs. */
static void walk_time(fitctx *x, size_t g, double t, double rs, size_t nd, double fk)
{
    pg_cif *cif = x->cif;
    double fkn = fk * (rs - (double)nd) / rs;
    for (size_t k = 1; k <= cif->n_causes; k++) {
        acc *a = &x->acc[k - 1];
        double d1 = (double)x->cnt[k], d2 = (double)(nd - x->cnt[k]);
        if (d1 > 0) a->f += fk * d1 / rs;
        if (d2 > 0 && fkn > 0)
            acc_add(a, fk * fk * tie_factor(d2, rs) * d2 / (rs * rs), 1 / fkn, a->f / fkn);
        if (d1 <= 0) continue;
        double ia = fkn > 0 ? 1 / fkn : 0;
        acc_add(a, fk * fk * tie_factor(d1, rs) * d1 / (rs * rs), ia, 1 + ia * a->f);
        a->km *= 1 - d1 / rs;
        pg_cif_curve *c = &cif->curves[(k - 1) * cif->n_groups + g];
        size_t s = c->n_steps++;
        double v = a->v1 + a->f * a->f * a->v3 - 2 * a->f * a->v2;
        c->time[s] = t;
        c->n_risk[s] = rs;
        c->n_event[s] = d1;
        c->estimate[s] = a->f;
        c->std_err[s] = sqrt(v > 0 ? v : 0);
        pg_cif_limits(cif->conf_type, x->z, a->f, c->std_err[s], &c->conf_low[s], &c->conf_high[s]);
        if (c->km) c->km[s] = 1 - a->km;
    }
}

/* The curves of group g from its rows idx[0..m) in time order (cinc, for every cause at once). */
static void walk_group(fitctx *x, size_t g, const size_t *idx, size_t m)
{
    size_t K = x->cif->n_causes;
    for (size_t k = 0; k < K; k++) x->acc[k] = (acc){0, 0, 0, 0, 1};
    double rs = (double)m, fk = 1;
    for (size_t i = 0; i < m;) {
        double t = x->time[idx[i]];
        size_t j = i, nd = 0;
        memset(x->cnt, 0, (K + 1) * sizeof *x->cnt);
        for (; j < m && x->time[idx[j]] == t; j++) x->cnt[x->cause[idx[j]]]++;
        for (size_t k = 1; k <= K; k++) nd += x->cnt[k];
        if (nd > 0) {
            walk_time(x, g, t, rs, nd, fk);
            fk *= (rs - (double)nd) / rs;
        }
        rs -= (double)(j - i);
        i = j;
    }
}

/* Values at the chosen times (cmprsk::timepoints): the last step at or before the time, 0
 * before the first, NaN after the group's last follow-up time tmax. */
static void at_times(const pg_cif *cif, pg_cif_curve *c, double tmax, double z)
{
    size_t s = 0;
    for (size_t i = 0; i < cif->n_times; i++) {
        double tp = cif->times[i];
        while (s < c->n_steps && c->time[s] <= tp) s++;
        double f = s ? c->estimate[s - 1] : 0, se = s ? c->std_err[s - 1] : 0;
        if (tp > tmax) f = se = NAN;
        c->at_estimate[i] = f;
        c->at_std_err[i] = se;
        if (isnan(f)) c->at_conf_low[i] = c->at_conf_high[i] = NAN;
        else pg_cif_limits(cif->conf_type, z, f, se, &c->at_conf_low[i], &c->at_conf_high[i]);
        if (c->at_km) c->at_km[i] = isnan(f) ? NAN : s ? c->km[s - 1] : 0;
    }
}

static void medians(pg_cif_curve *c, double tmax)
{
    c->median = pg_cif_first_half(c->estimate, c->time, c->n_steps, tmax, 1);
    c->median_low = pg_cif_first_half(c->conf_high, c->time, c->n_steps, tmax, 0);
    c->median_high = pg_cif_first_half(c->conf_low, c->time, c->n_steps, tmax, 0);
}

static char **copy_names(size_t n, const char *(*get)(const pg_frame *, size_t),
                         const pg_frame *fr, size_t first)
{
    char **out = pg_calloc_array(n ? n : 1, sizeof *out);
    for (size_t i = 0; out && i < n; i++) {
        out[i] = pg_strdup(get(fr, i + first));
        if (!out[i]) {
            free_names(out, i);
            return NULL;
        }
    }
    return out;
}

static int check_opts(const pg_cif_opts *o, pg_error *err)
{
    if (o->conf_type != PG_CONF_LOGLOG && o->conf_type != PG_CONF_LOG &&
        o->conf_type != PG_CONF_PLAIN && o->conf_type != PG_CONF_NONE)
        return pg_fail(err, PG_EINPUT, "cif: conf-type must be log-log, log, plain or none");
    if (!(o->conf_level > 0 && o->conf_level < 1))
        return pg_fail(err, PG_EINPUT, "cif: conf-level must be in (0, 1)");
    if (!isfinite(o->rho)) return pg_fail(err, PG_EINPUT, "cif: rho must be finite");
    if (o->se != PG_CIF_SE_AUTO && o->se != PG_CIF_SE_GRAY && o->se != PG_CIF_SE_IJ)
        return pg_fail(err, PG_EINPUT, "cif: se must be auto, gray or ij");
    for (size_t i = 0; i < o->n_times; i++)
        if (!isfinite(o->times[i]))
            return pg_fail(err, PG_EINPUT, "cif: times must be finite");
    return PG_OK;
}

/* The result's header: counts, names, the chosen times (sorted, distinct). */
static int cif_header(pg_cif *cif, const pg_frame *fr, const pg_cif_opts *o)
{
    cif->n = pg_frame_n(fr);
    cif->dropped = pg_frame_dropped(fr);
    cif->conf_type = o->conf_type;
    cif->conf_level = o->conf_level;
    cif->rho = o->rho;
    cif->compare_km = o->compare_km;
    cif->n_groups = pg_frame_ngroups(fr);
    cif->n_strata = pg_frame_nstrata(fr);
    cif->cause_names = copy_names(pg_frame_ncauses(fr), pg_frame_cause_name, fr, 1);
    cif->censor_names = copy_names(pg_frame_ncensor(fr), pg_frame_censor_name, fr, 0);
    cif->group_names = copy_names(cif->n_groups, pg_frame_group_name, fr, 0);
    if (!cif->cause_names || !cif->censor_names || !cif->group_names) return PG_ENOMEM;
    cif->n_causes = pg_frame_ncauses(fr);
    cif->n_censor = pg_frame_ncensor(fr);
    cif->times = pg_malloc_array(o->n_times ? o->n_times : 1, sizeof *cif->times);
    if (!cif->times) return PG_ENOMEM;
    if (o->n_times) memcpy(cif->times, o->times, o->n_times * sizeof *cif->times);
    cif->n_times = pg_sort_distinct(cif->times, o->n_times);
    cif->n_curves = cif->n_causes * cif->n_groups;
    cif->curves = pg_calloc_array(cif->n_curves ? cif->n_curves : 1, sizeof *cif->curves);
    return cif->curves ? PG_OK : PG_ENOMEM;
}

/* The curves: per group, the rows in time order (the frame's order split by group). */
static int fit_curves(fitctx *x, const size_t *by_group)
{
    pg_cif *cif = x->cif;
    const pg_frame *fr = x->fr;
    size_t n = cif->n, G = cif->n_groups, K = cif->n_causes;
    const size_t *grp = pg_frame_group(fr);
    for (size_t g = 0; g < G; g++)
        for (size_t k = 1; k <= K; k++)
            cif->curves[(k - 1) * G + g] = (pg_cif_curve){.group = g, .cause = k};
    for (size_t r = 0; r < n; r++) {
        int c = x->cause[r];
        for (size_t k = 1; k <= K; k++) cif->curves[(k - 1) * G + grp[r]].n++;
        if (c > 0) cif->curves[((size_t)c - 1) * G + grp[r]].events++;
    }
    for (size_t i = 0; i < cif->n_curves; i++)
        if (curve_alloc(&cif->curves[i], cif->curves[i].events, cif->n_times, cif->compare_km))
            return PG_ENOMEM;
    const size_t *id = pg_frame_id(fr);
    size_t *stamp = id ? pg_calloc_array(pg_frame_nid(fr) ? pg_frame_nid(fr) : 1, sizeof *stamp)
                       : NULL;
    if (id && !stamp) return PG_ENOMEM;
    for (size_t r0 = 0; r0 < n;) {
        size_t g = grp[by_group[r0]], r1 = r0, nsub = 0;
        double tmax = 0;
        for (; r1 < n && grp[by_group[r1]] == g; r1++) {
            if (x->time[by_group[r1]] > tmax) tmax = x->time[by_group[r1]];
            if (id && stamp[id[by_group[r1]]] != g + 1) {   /* subjects, not rows, with an id */
                stamp[id[by_group[r1]]] = g + 1;
                nsub++;
            }
        }
        for (size_t k = 1; id && k <= K; k++) cif->curves[(k - 1) * G + g].n = nsub;
        if (x->aj) {
            if (pg_cif_aj_group(fr, cif, g, by_group + r0, r1 - r0, x->z, x->aj)) {
                free(stamp);
                return PG_ENOMEM;
            }
            r0 = r1;
            continue;
        }
        walk_group(x, g, by_group + r0, r1 - r0);
        for (size_t k = 1; k <= K; k++) {
            pg_cif_curve *c = &cif->curves[(k - 1) * G + g];
            at_times(cif, c, tmax, x->z);
            medians(c, tmax);
        }
        r0 = r1;
    }
    free(stamp);
    return PG_OK;
}

pg_cif_se pg_cif_se_for(const pg_frame *fr, pg_cif_se se)
{
    if (se != PG_CIF_SE_AUTO) return se;
    return pg_frame_entry(fr) || pg_frame_weights(fr) || pg_frame_id(fr) ? PG_CIF_SE_IJ
                                                                         : PG_CIF_SE_GRAY;
}

int pg_cif_fit(const pg_frame *fr, const pg_cif_opts *opt, pg_cif **out, pg_error *err)
{
    *out = NULL;
    pg_cif_opts def;
    pg_cif_opts_init(&def);
    const pg_cif_opts *o = opt ? opt : &def;
    if (!fr) return pg_fail(err, PG_EINPUT, "cif: a frame is needed");
    int rc = check_opts(o, err);
    if (rc) return rc;
    if (!pg_frame_group(fr) || !pg_frame_cause(fr))
        return pg_fail(err, PG_EINPUT, "cif: the frame has no groups or no causes "
                       "(build it with groups)");
    /* delayed entry or weights: survfit's multi-state estimate, no cuminc (cif.h) */
    int survfit_only = pg_frame_entry(fr) || pg_frame_weights(fr);
    if (pg_frame_entry(fr) && !pg_frame_id(fr))   /* R: "an id statement is required" */
        return pg_fail(err, PG_EINPUT, "cif: Surv(start, stop, status) needs the subject of "
                       "each row (the frame's id), as R's survfit needs id = for start, stop "
                       "data");
    pg_cif_se se = pg_cif_se_for(fr, o->se);
    if (se == PG_CIF_SE_GRAY && survfit_only)
        return pg_fail(err, PG_EINPUT, "cif: Gray's variance (cmprsk::cuminc) is not defined for "
                       "%s data; use the infinitesimal jackknife (se ij)",
                       pg_frame_entry(fr) ? "left-truncated (start, stop]" : "weighted");
    if ((rc = pg_cif_check_subjects(fr, NULL, err))) return rc;
    pg_cif *cif = calloc(1, sizeof *cif);
    size_t n = pg_frame_n(fr), *by_group = NULL, *by_stratum = NULL;
    fitctx x = {fr, o, cif, pg_z_two_sided(o->conf_level), pg_frame_time(fr),
                pg_frame_cause(fr), NULL, NULL, NULL};
    if (!cif || cif_header(cif, fr, o)) goto nomem;
    cif->variance = se;
    cif->n_id = pg_frame_id(fr) ? pg_frame_nid(fr) : 0;
    if (se == PG_CIF_SE_IJ && !(x.aj = pg_cif_aj_ws_new(fr, cif->n_causes))) goto nomem;
    x.cnt = pg_calloc_array(cif->n_causes + 1, sizeof *x.cnt);
    x.acc = pg_calloc_array(cif->n_causes ? cif->n_causes : 1, sizeof *x.acc);
    by_group = pg_malloc_array(n ? n : 1, sizeof *by_group);
    by_stratum = pg_malloc_array(n ? n : 1, sizeof *by_stratum);
    if (!x.cnt || !x.acc || !by_group || !by_stratum) goto nomem;
    if (pg_order_by_key(n, pg_frame_time_order(fr), pg_frame_group(fr), cif->n_groups,
                        by_group) ||
        pg_order_by_key(n, pg_frame_time_order(fr), pg_frame_strata(fr), cif->n_strata,
                        by_stratum))
        goto nomem;
    if (fit_curves(&x, by_group)) goto nomem;
    if (cif->n_groups >= 2 && cif->n_causes > 0 && survfit_only) cif->gray_undefined = 1;
    else if (cif->n_groups >= 2 && cif->n_causes > 0) {
        cif->gray = pg_calloc_array(cif->n_causes, sizeof *cif->gray);
        if (!cif->gray) goto nomem;
        for (size_t k = 1; k <= cif->n_causes; k++)
            if (pg_cif_gray_test(fr, k, o->rho, by_stratum, &cif->gray[k - 1])) goto nomem;
    }
    free(x.cnt);
    free(x.acc);
    pg_cif_aj_ws_free(x.aj);
    free(by_group);
    free(by_stratum);
    *out = cif;
    return PG_OK;
nomem:
    free(x.cnt);
    free(x.acc);
    pg_cif_aj_ws_free(x.aj);
    free(by_group);
    free(by_stratum);
    pg_cif_free(cif);
    return pg_fail(err, PG_ENOMEM, "cif: out of memory");
}
