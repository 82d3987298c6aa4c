/* frame.c -- pg_frame accessors, the array constructor and R's timefix. The formula-driven
 * constructor pg_frame_new lives in frame_new.c. */
#include "frame_impl.h"

#include <float.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

void pg_frame_opts_init(pg_frame_opts *opt)
{
    memset(opt, 0, sizeof *opt);
}

pg_frame *pg_frame_alloc(void)
{
    pg_frame *fr = calloc(1, sizeof *fr);
    if (!fr) return NULL;
    fr->response = pg_strdup("");
    if (!fr->response) {
        free(fr);
        return NULL;
    }
    return fr;
}

static void free_strings(char **s, size_t n)
{
    if (!s) return;
    for (size_t i = 0; i < n; i++) free(s[i]);
    free(s);
}

void pg_frame_free(pg_frame *fr)
{
    if (!fr) return;
    free(fr->time);
    free(fr->status);
    free(fr->time2);
    free(fr->censoring);
    free(fr->cause);
    free_strings(fr->cause_names, fr->ncauses);
    free_strings(fr->censor_names, fr->ncensor);
    free(fr->x);
    free_strings(fr->colnames, fr->p);
    for (size_t t = 0; t < fr->nterms && fr->terms; t++) {
        free(fr->terms[t].label);
        free(fr->terms[t].var);
        free_strings(fr->terms[t].levels, fr->terms[t].nlevels);
    }
    free(fr->terms);
    free(fr->group);
    free_strings(fr->group_names, fr->ngroups);
    free(fr->strata);
    free_strings(fr->strata_names, fr->nstrata);
    free(fr->cluster);
    free(fr->entry);
    free(fr->id);
    free(fr->weights);
    free(fr->offset);
    free(fr->rows);
    free(fr->order);
    free(fr->response);
    if (fr->model_free) fr->model_free(fr->model);
    free(fr);
}

/*
 * R's aeqSurv (survival >= 2.39, called by Surv consumers when timefix = TRUE):
 *   u = sorted unique finite times; gap_k = u[k+1] - u[k];
 *   u[k+1] is tied to u[k] when gap_k <= tol or gap_k / mean(|u|) <= tol, tol = sqrt(DBL_EPSILON);
 *   each time is replaced by the first value of its run of tied unique times.
 */
/*
 * When every finite time is a whole number with |t| <= 2^25, aeqSurv ties nothing, so the
 * sort below can be skipped (day counts, the usual registry time, always qualify).
 * Proof: tol = sqrt(DBL_EPSILON) = sqrt(2^-52) = 2^-26 exactly. Two distinct unique times are
 * whole numbers, so their gap is at least 1, and it is computed exactly (the difference of two
 * integers below 2^53 is representable): gap >= 1 > tol. mean(|u|) is at most 2^25; its
 * floating-point sum of at most n terms has relative error below n * DBL_EPSILON, far less
 * than the factor 2 of headroom, so the computed mean is below 2^26 and
 * gap / mean > 2^-26 = tol (the division rounds by a relative 2^-53 at most). Neither test ties
 * the pair, and every time maps to itself.
 */
static int whole_times_below_2_25(const double *time, size_t n)
{
    const double lim = 33554432.0;              /* 2^25 */
    for (size_t i = 0; i < n; i++) {
        double t = time[i];
        if (!isfinite(t)) continue;             /* aeqSurv leaves these alone too */
        if (!(fabs(t) <= lim) || t != (double)(int32_t)t) return 0;
    }
    return 1;
}

/* mean(abs(u)) as R's mean() computes it (summary.c): the sum in long double, divided by m,
 * then corrected by the mean of the residuals. A double sum of times near 1e308 overflows to
 * Inf and the test gap / mean <= tol would then tie every time to the smallest. Where long
 * double is no wider than double, each term is divided by m first, which cannot overflow. */
static double mean_abs_r(const double *u, size_t m)
{
    if (m == 0) return 0;
    long double s = 0;
    for (size_t i = 0; i < m; i++) s += fabsl((long double)u[i]);
    s /= (long double)m;
    if (isfinite((double)s)) {
        long double t = 0;
        for (size_t i = 0; i < m; i++) t += fabsl((long double)u[i]) - s;
        s += t / (long double)m;
        if (isfinite((double)s)) return (double)s;
    }
    double d = 0;
    for (size_t i = 0; i < m; i++) d += fabs(u[i]) / (double)m;
    return d;
}

int pg_frame_timefix(double *time, size_t n)
{
    if (n < 2 || whole_times_below_2_25(time, n)) return PG_OK;
    double *u = pg_malloc_array(n, sizeof *u);
    if (!u) return PG_ENOMEM;
    size_t m = 0;
    for (size_t i = 0; i < n; i++)
        if (isfinite(time[i])) u[m++] = time[i];
    m = pg_sort_distinct(u, m);
    double mean_abs = mean_abs_r(u, m);
    const double tol = sqrt(DBL_EPSILON);
    int any = 0;
    /* cut[i]: representative of u[i] */
    double *cut = pg_malloc_array(m ? m : 1, sizeof *cut);
    if (!cut) {
        free(u);
        return PG_ENOMEM;
    }
    for (size_t i = 0; i < m; i++) {
        if (i > 0) {
            double gap = u[i] - u[i - 1];
            if (gap <= tol || (mean_abs > 0 && gap / mean_abs <= tol)) {
                cut[i] = cut[i - 1];
                any = 1;
                continue;
            }
        }
        cut[i] = u[i];
    }
    if (any) {
        for (size_t i = 0; i < n; i++) {
            if (!isfinite(time[i])) continue;
            time[i] = cut[pg_sorted_index(u, m, time[i])];
        }
    }
    free(cut);
    free(u);
    return PG_OK;
}

/* R's timefix on counting-process data: start and stop times are tied together (aeqSurv on
 * both columns at once). */
static int timefix_counting(pg_frame *fr)
{
    size_t n = fr->n;
    double *both = pg_malloc_array(2 * n + 1, sizeof *both);
    if (!both) return PG_ENOMEM;
    memcpy(both, fr->entry, n * sizeof *both);
    memcpy(both + n, fr->time, n * sizeof *both);
    int rc = pg_frame_timefix(both, 2 * n);
    if (!rc) {
        memcpy(fr->entry, both, n * sizeof *both);
        memcpy(fr->time, both + n, n * sizeof *both);
    }
    free(both);
    return rc;
}

int pg_frame_sort(pg_frame *fr)
{
    if (fr->entry ? timefix_counting(fr) : pg_frame_timefix(fr->time, fr->n)) return PG_ENOMEM;
    free(fr->order);
    fr->order = pg_malloc_array(fr->n ? fr->n : 1, sizeof *fr->order);
    if (!fr->order) return PG_ENOMEM;
    return pg_order_by_time(fr->n, NULL, fr->time, fr->status, fr->order);
}

static char **name_list(size_t n, const char *const *given, const char *fallback_fmt, int *ok)
{
    char **out = pg_calloc_array(n, sizeof *out);
    if (!out) {
        *ok = 0;
        return NULL;
    }
    for (size_t i = 0; i < n; i++) {
        out[i] = given ? pg_strdup(given[i]) : pg_strdup_printf(fallback_fmt, i + 1);
        if (!out[i]) *ok = 0;
    }
    return out;
}

static int check_ids(const size_t *id, size_t n, size_t k, const char *what, pg_error *err)
{
    for (size_t i = 0; i < n; i++)
        if (id[i] >= k) return pg_fail(err, PG_EINPUT, "%s id %zu of row %zu is out of range",
                                       what, id[i], i + 1);
    return PG_OK;
}

/* Causes and status of an array frame (frame.h, "Causes"): from spec->cause, or the status as
 * one cause "1". fr->status is allocated. Returns PG_OK or PG_ENOMEM. */
static int array_causes(pg_frame *fr, const pg_frame_spec *s)
{
    size_t n = fr->n;
    fr->cause = pg_malloc_array(n ? n : 1, sizeof *fr->cause);
    if (!fr->cause) return PG_ENOMEM;
    for (size_t i = 0; i < n; i++) {
        int c = s->cause ? s->cause[i] : s->status[i];
        fr->cause[i] = c;
        fr->status[i] = s->status ? s->status[i]
                        : s->cause_of_interest ? (size_t)c == s->cause_of_interest : c > 0;
        fr->events += (size_t)fr->status[i];
    }
    int ok = 1;
    size_t K = s->cause ? s->ncauses : fr->events > 0;
    fr->cause_index = s->cause ? s->cause_of_interest : 0;
    fr->cause_names = name_list(K ? K : 1, s->cause ? s->cause_names : NULL, "%zu", &ok);
    fr->ncauses = K;
    if (!K && fr->cause_names) {
        free(fr->cause_names[0]);
        fr->cause_names[0] = NULL;
    }
    size_t C = 0;
    for (size_t i = 0; i < n && !C; i++) C = fr->cause[i] == 0;
    static const char *const zero[] = {"0"};
    fr->censor_names = name_list(1, zero, "", &ok);
    fr->ncensor = C;
    if (!C && fr->censor_names) {
        free(fr->censor_names[0]);
        fr->censor_names[0] = NULL;
    }
    return ok ? PG_OK : PG_ENOMEM;
}

int pg_frame_from_arrays(const pg_frame_spec *s, pg_frame **out, pg_error *err)
{
    *out = NULL;
    if (!s || !s->time || (!s->status && !s->cause) || (s->p && !s->x))
        return pg_fail(err, PG_EINPUT, "frame: time, status (or cause) and x are required");
    size_t n = s->n, p = s->p;
    for (size_t i = 0; i < n; i++) {
        if ((!s->entry && !(s->time[i] >= 0)) || !isfinite(s->time[i]))
            return pg_fail(err, PG_EINPUT, "frame: time of row %zu is negative or missing", i + 1);
        if (s->weights && !(s->weights[i] > 0 && isfinite(s->weights[i])))
            return pg_fail(err, PG_EINPUT, "frame: weight of row %zu is not positive", i + 1);
        if (s->entry && !isfinite(s->entry[i]))
            return pg_fail(err, PG_EINPUT, "frame: start time of row %zu is missing", i + 1);
        if (s->status && s->status[i] != 0 && s->status[i] != 1)
            return pg_fail(err, PG_EINPUT, "frame: status of row %zu is not 0 or 1", i + 1);
        if (s->cause && (s->cause[i] < 0 || (size_t)s->cause[i] > s->ncauses))
            return pg_fail(err, PG_EINPUT, "frame: cause of row %zu is not 0 .. %zu", i + 1,
                           s->ncauses);
    }
    if (s->cause && s->cause_of_interest > s->ncauses)
        return pg_fail(err, PG_EINPUT, "frame: cause of interest %zu is not 0 .. %zu",
                       s->cause_of_interest, s->ncauses);
    size_t ng = s->group ? s->n_groups : 1, ns = s->strata ? s->n_strata : 1;
    if (ng == 0 || ns == 0) return pg_fail(err, PG_EINPUT, "frame: zero groups or strata");
    if (s->group && check_ids(s->group, n, ng, "group", err)) return err ? err->code : PG_EINPUT;
    if (s->strata && check_ids(s->strata, n, ns, "stratum", err))
        return err ? err->code : PG_EINPUT;

    pg_frame *fr = pg_frame_alloc();
    if (!fr) goto nomem;
    int ok = 1;
    fr->n = n;
    fr->p = p;
    fr->time = pg_malloc_array(n, sizeof *fr->time);
    fr->status = pg_malloc_array(n, sizeof *fr->status);
    fr->x = pg_malloc_array(n * p, sizeof *fr->x);
    fr->group = pg_calloc_array(n, sizeof *fr->group);
    fr->strata = pg_calloc_array(n, sizeof *fr->strata);
    if (!fr->time || !fr->status || !fr->x || !fr->group || !fr->strata) goto nomem;
    memcpy(fr->time, s->time, n * sizeof *fr->time);
    if (p) memcpy(fr->x, s->x, n * p * sizeof *fr->x);
    if (array_causes(fr, s)) goto nomem;
    if (s->group) memcpy(fr->group, s->group, n * sizeof *fr->group);
    if (s->strata) memcpy(fr->strata, s->strata, n * sizeof *fr->strata);
    fr->ngroups = ng;
    fr->nstrata = ns;
    if (s->group) {
        fr->group_names = name_list(ng, s->group_names, "%zu", &ok);
    } else {
        static const char *const empty[] = {""};
        fr->group_names = name_list(1, empty, "", &ok);
    }
    if (s->strata) {
        fr->strata_names = name_list(ns, s->strata_names, "%zu", &ok);
    } else {
        static const char *const empty[] = {""};
        fr->strata_names = name_list(1, empty, "", &ok);
    }
    fr->colnames = name_list(p, s->colnames, "x%zu", &ok);
    fr->terms = pg_calloc_array(p, sizeof *fr->terms);
    if (!ok || !fr->terms) goto nomem;
    fr->nterms = p;
    for (size_t j = 0; j < p; j++) {
        fr->terms[j].label = pg_strdup(fr->colnames[j]);
        if (!fr->terms[j].label) goto nomem;
        fr->terms[j].kind = PG_TERM_NUMERIC;
        fr->terms[j].first = j;
        fr->terms[j].ncol = 1;
    }
    if (s->cluster) {
        fr->cluster = pg_malloc_array(n, sizeof *fr->cluster);
        if (!fr->cluster) goto nomem;
        memcpy(fr->cluster, s->cluster, n * sizeof *fr->cluster);
        for (size_t i = 0; i < n; i++)
            if (fr->cluster[i] + 1 > fr->nclusters) fr->nclusters = fr->cluster[i] + 1;
    }
    if (s->entry) {
        fr->entry = pg_malloc_array(n ? n : 1, sizeof *fr->entry);
        if (!fr->entry) goto nomem;
        memcpy(fr->entry, s->entry, n * sizeof *fr->entry);
    }
    if (s->weights) {
        fr->weights = pg_malloc_array(n ? n : 1, sizeof *fr->weights);
        if (!fr->weights) goto nomem;
        memcpy(fr->weights, s->weights, n * sizeof *fr->weights);
    }
    if (pg_frame_sort(fr)) goto nomem;
    if (s->entry) {
        int rc = pg_frame_check_intervals(fr, NULL, err);
        if (rc) {
            pg_frame_free(fr);
            return rc;
        }
    }
    *out = fr;
    return PG_OK;
nomem:
    pg_frame_free(fr);
    return pg_fail(err, PG_ENOMEM, "frame: out of memory");
}

size_t pg_frame_n(const pg_frame *fr) { return fr->n; }
const double *pg_frame_time(const pg_frame *fr) { return fr->time; }
const int *pg_frame_status(const pg_frame *fr) { return fr->status; }
size_t pg_frame_events(const pg_frame *fr) { return fr->events; }
size_t pg_frame_p(const pg_frame *fr) { return fr->p; }
const double *pg_frame_x(const pg_frame *fr) { return fr->x; }
const char *pg_frame_colname(const pg_frame *fr, size_t j) { return j < fr->p ? fr->colnames[j] : NULL; }
size_t pg_frame_nterms(const pg_frame *fr) { return fr->nterms; }
const char *pg_frame_term_label(const pg_frame *fr, size_t t) { return t < fr->nterms ? fr->terms[t].label : NULL; }
pg_term_kind pg_frame_term_kind(const pg_frame *fr, size_t t) { return fr->terms[t].kind; }
size_t pg_frame_term_first(const pg_frame *fr, size_t t) { return fr->terms[t].first; }
size_t pg_frame_term_ncol(const pg_frame *fr, size_t t) { return fr->terms[t].ncol; }
const char *pg_frame_term_var(const pg_frame *fr, size_t t) { return t < fr->nterms ? fr->terms[t].var : NULL; }
size_t pg_frame_term_nlevels(const pg_frame *fr, size_t t) { return t < fr->nterms ? fr->terms[t].nlevels : 0; }
const char *pg_frame_term_level(const pg_frame *fr, size_t t, size_t k)
{
    return (t < fr->nterms && k < fr->terms[t].nlevels) ? fr->terms[t].levels[k] : NULL;
}
size_t pg_frame_ngroups(const pg_frame *fr) { return fr->ngroups; }
const size_t *pg_frame_group(const pg_frame *fr) { return fr->group; }
const char *pg_frame_group_name(const pg_frame *fr, size_t g)
{
    return g < fr->ngroups ? fr->group_names[g] : NULL;
}
const size_t *pg_frame_time_order(const pg_frame *fr) { return fr->order; }
size_t pg_frame_nstrata(const pg_frame *fr) { return fr->nstrata; }
const size_t *pg_frame_strata(const pg_frame *fr) { return fr->strata; }
const char *pg_frame_strata_name(const pg_frame *fr, size_t s) { return s < fr->nstrata ? fr->strata_names[s] : NULL; }
const size_t *pg_frame_cluster(const pg_frame *fr) { return fr->cluster; }
size_t pg_frame_nclusters(const pg_frame *fr) { return fr->nclusters; }
const size_t *pg_frame_rows(const pg_frame *fr) { return fr->rows; }
size_t pg_frame_dropped(const pg_frame *fr) { return fr->dropped; }
size_t pg_frame_excluded(const pg_frame *fr) { return fr->excluded; }
const char *pg_frame_response(const pg_frame *fr) { return fr->response; }
size_t pg_frame_ncauses(const pg_frame *fr) { return fr->ncauses; }
/* without competing causes (frame_cause.c), the cause of each row is its status */
const int *pg_frame_cause(const pg_frame *fr) { return fr->cause ? fr->cause : fr->status; }
const char *pg_frame_cause_name(const pg_frame *fr, size_t k)
{
    return k >= 1 && k <= fr->ncauses ? fr->cause_names[k - 1] : NULL;
}
size_t pg_frame_ncensor(const pg_frame *fr) { return fr->ncensor; }
const char *pg_frame_censor_name(const pg_frame *fr, size_t k)
{
    return k < fr->ncensor ? fr->censor_names[k] : NULL;
}
size_t pg_frame_cause_index(const pg_frame *fr) { return fr->cause_index; }
const double *pg_frame_entry(const pg_frame *fr) { return fr->entry; }
const size_t *pg_frame_id(const pg_frame *fr) { return fr->id; }
size_t pg_frame_nid(const pg_frame *fr) { return fr->nid; }
const double *pg_frame_weights(const pg_frame *fr) { return fr->weights; }
size_t pg_frame_zero_weight(const pg_frame *fr) { return fr->zero_weight; }
const double *pg_frame_offset(const pg_frame *fr) { return fr->offset; }
