/* reconstruct.c -- patient rows from a digitised Kaplan-Meier curve and its number-at-risk
 * table (prognos/reconstruct.h).
 *
 * The algorithm is that of Guyot, Ades, Ouwens & Welton, BMC Med Res Methodol 2012;12:9 ("the
 * iterative KM algorithm"), written here from the paper's description and the authors' R code
 * read as a reference; R counterparts: their published function, survHE::digitise and
 * IPDfromKM::getIPD. The risk table cuts the time axis into intervals [T_i, T_{i+1}); inside
 * interval i the digitised points k = lo_i .. hi_i carry the survival S_k.
 *
 *   Censored in interval i, first guess:  c_i = round(R_i S(lo_{i+1}) / S(lo_i) - R_{i+1})
 *   They are spread evenly:               t = t_lo + j (t_lo' - t_lo) / (c_i + 1), j = 1..c_i
 *   and binned between the points like R's hist(right = TRUE) (with its 1e-7 fuzz).
 *   Events at point k:                    d_k = round(n_k (1 - S_k / KM_last))
 *                                         KM_k = KM_last (1 - d_k / n_k)
 *                                         n_{k+1} = n_k - d_k - cen_k
 *   (KM_last: the reconstructed KM at the last point that had an event.) c_i is corrected by
 *   n(lo_{i+1}) - R_{i+1} until the rebuilt number at risk matches the published one. In the
 *   last interval, which has no later number at risk, the censoring rate is that of the earlier
 *   intervals per unit time (Guyot's rule); when the total number of events is reported, c is
 *   corrected instead until the events add up to it.
 *   A censored patient is placed at the midpoint of the two points around its bin; patients left
 *   at the end are censored at the last point's time.
 *
 * Rounding is R's round(): half to even (nearbyint in the default rounding mode).
 * Where we guard what the published code does not: an event count is kept within 0..n_k (a
 * digitised point just above KM_last would otherwise give a negative count), the number at risk
 * never goes below 0 in any interval (the published code guards only the last), and each
 * correction loop stops after a bounded number of rounds (it can cycle on inconsistent input),
 * which is reported, not hidden.
 *
 * Cleaning of the points (before the algorithm; docs/reconstruct.md compares the published
 * implementations): surv converted to a fraction of survival; reads above 1 or below 0 set to
 * 1 or 0, a negative time to 0; sorted by time (stable); (0, 1) put first (a read at time 0
 * is the start of the curve); survival made non-increasing (a running minimum); of the points
 * that share a time, the lowest survival kept (the foot of the step).
 *
 * Faithfulness: the Kaplan-Meier estimate of the rebuilt rows at each cleaned point against
 * the point (RMSE and the maximum absolute difference, as IPDfromKM's getIPD reports), and the
 * rebuilt number at risk (rows with time >= T_i) at each risk-table time. */
#include "internal.h"
#include "prognos/reconstruct.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Correction rounds of one loop before it is reported as not settling. */
#define MAX_ROUNDS 1000

void pg_recon_opts_init(pg_recon_opts *opt)
{
    memset(opt, 0, sizeof *opt);
}

/* The cleaned curve of one arm and the algorithm's work arrays (m points, nint intervals). */
typedef struct arm_work {
    size_t m, nint;
    double *t, *s;              /* cleaned points */
    size_t *lo, *hi;            /* each interval's first and last point */
    double *nr;                 /* published numbers at risk (lowered where the fit is below) */
    double *d, *cen, *nhat, *km, *ncen, *scratch;
    size_t *last_i;
} arm_work;

static void work_free(arm_work *w)
{
    free(w->t);
    free(w->s);
    free(w->lo);
    free(w->hi);
    free(w->nr);
    free(w->d);
    free(w->cen);
    free(w->nhat);
    free(w->km);
    free(w->ncen);
    free(w->scratch);
    free(w->last_i);
}

static double rround(double x)
{
    return nearbyint(x);   /* R's round(x): half to even */
}

static const char *arm_name(const pg_recon_arm_input *in)
{
    return in->arm ? in->arm : "";
}

/* " in arm 'x'" for messages, or "" for a single unnamed arm. */
static const char *arm_phrase(const pg_recon_arm_input *in, char *buf, size_t len)
{
    if (!*arm_name(in)) return "";
    snprintf(buf, len, " in arm '%s'", arm_name(in));
    return buf;
}

static long line_of(const long *lines, size_t i)
{
    return lines ? lines[i] : 0;
}

/* ---- cleaning ------------------------------------------------------------------------- */

typedef struct point {
    double t, s;
    size_t pos;                 /* file order, for a stable sort */
} point;

static int point_cmp(const void *a, const void *b)
{
    const point *x = a, *y = b;
    if (x->t != y->t) return x->t < y->t ? -1 : 1;
    return x->pos < y->pos ? -1 : x->pos > y->pos;
}

/* The cleaning described at the top, into w->t, w->s (w->m points). */
static int clean_points(const pg_recon_arm_input *in, const pg_recon_opts *opt, arm_work *w,
                        pg_error *err)
{
    point *p = pg_malloc_array(in->n_points + 1, sizeof *p);
    w->t = pg_malloc_array(in->n_points + 1, sizeof *w->t);
    w->s = pg_malloc_array(in->n_points + 1, sizeof *w->s);
    if (!p || !w->t || !w->s) {
        free(p);
        return pg_fail(err, PG_ENOMEM, "reconstruct: out of memory");
    }
    size_t n = 0;
    p[n++] = (point){0.0, 1.0, 0};
    for (size_t i = 0; i < in->n_points; i++) {
        double t = in->time[i], s = in->surv[i];
        if (!isfinite(t) || !isfinite(s)) {
            free(p);
            return pg_fail_at(err, PG_EINPUT, in->curve_file, line_of(in->point_line, i), 0,
                              "digitised point has no %s", isfinite(t) ? "survival" : "time");
        }
        if (opt->percent) s /= 100.0;
        if (opt->failure) s = 1.0 - s;
        s = s > 1.0 ? 1.0 : s < 0.0 ? 0.0 : s;
        t = t < 0.0 ? 0.0 : t;
        if (t == 0.0) continue;   /* the curve starts at (0, 1), put first above */
        p[n++] = (point){t, s, i + 1};
    }
    qsort(p, n, sizeof *p, point_cmp);
    size_t m = 0;
    for (size_t i = 0; i < n; i++) {
        double s = m > 0 && p[i].s > w->s[m - 1] ? w->s[m - 1] : p[i].s;
        if (m > 0 && p[i].t == w->t[m - 1]) {
            w->s[m - 1] = s;   /* same time: the lower read, the foot of the step */
            continue;
        }
        w->t[m] = p[i].t;
        w->s[m] = s;
        m++;
    }
    free(p);
    w->m = m;
    char ab[160];
    if (m < 2)
        return pg_fail_at(err, PG_EINPUT, in->curve_file, 0, 0,
                          "no digitised point after time 0%s", arm_phrase(in, ab, sizeof ab));
    return PG_OK;
}

/* Check the risk table and find each interval's points. Trailing rows with nobody at risk
 * beyond the curve's last point are dropped (a published table often ends with a 0 there). */
static int split_intervals(const pg_recon_arm_input *in, arm_work *w, pg_error *err)
{
    const char *f = in->risk_file;
    if (in->n_risk_rows == 0) return pg_fail_at(err, PG_EINPUT, f, 0, 0, "risk table has no rows");
    for (size_t i = 0; i < in->n_risk_rows; i++) {
        double t = in->risk_time[i], r = in->at_risk[i];
        long ln = line_of(in->risk_line, i);
        if (!isfinite(t) || !isfinite(r))
            return pg_fail_at(err, PG_EINPUT, f, ln, 0, "risk table row has no %s",
                              isfinite(t) ? "number at risk" : "time");
        if (r < 0 || r != floor(r) || r > 1e9)
            return pg_fail_at(err, PG_EINPUT, f, ln, 0,
                              "number at risk %g is not a whole number >= 0", r);
        if (i == 0 && t != 0.0)
            return pg_fail_at(err, PG_EINPUT, f, ln, 0,
                              "risk table must start at time 0, not %g", t);
        if (i == 0 && r == 0)
            return pg_fail_at(err, PG_EINPUT, f, ln, 0, "nobody at risk at time 0");
        if (i > 0 && t <= in->risk_time[i - 1])
            return pg_fail_at(err, PG_EINPUT, f, ln, 0,
                              "risk table times are not increasing: %g after %g", t,
                              in->risk_time[i - 1]);
        if (i > 0 && r > in->at_risk[i - 1])
            return pg_fail_at(err, PG_EINPUT, f, ln, 0,
                              "number at risk increases from %g to %g", in->at_risk[i - 1], r);
    }
    size_t nint = in->n_risk_rows;
    while (nint > 1 && in->at_risk[nint - 1] == 0 && in->risk_time[nint - 1] > w->t[w->m - 1])
        nint--;
    w->nint = nint;
    w->lo = pg_malloc_array(nint, sizeof *w->lo);
    w->hi = pg_malloc_array(nint, sizeof *w->hi);
    w->nr = pg_malloc_array(nint, sizeof *w->nr);
    if (!w->lo || !w->hi || !w->nr) return pg_fail(err, PG_ENOMEM, "reconstruct: out of memory");
    size_t k = 0;
    for (size_t i = 0; i < nint; i++) {
        double end = i + 1 < nint ? in->risk_time[i + 1] : INFINITY;
        while (k < w->m && w->t[k] < in->risk_time[i]) k++;
        w->lo[i] = k;
        while (k < w->m && w->t[k] < end) k++;
        if (k == w->lo[i] && i + 1 < nint)
            return pg_fail_at(err, PG_EINPUT, f, line_of(in->risk_line, i), 0,
                              "no digitised point of the curve between times %g and %g",
                              in->risk_time[i], end);
        if (k == w->lo[i])
            return pg_fail_at(err, PG_EINPUT, f, line_of(in->risk_line, i), 0,
                              "no digitised point of the curve at or after time %g, where %g "
                              "are at risk",
                              in->risk_time[i], in->at_risk[i]);
        w->hi[i] = k - 1;
        w->nr[i] = in->at_risk[i];
    }
    return PG_OK;
}

/* ---- the algorithm -------------------------------------------------------------------- */

static int dbl_cmp(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* Spread c censorings evenly over (t[a], t[b]) and bin them into cen[a .. b-1] as R's
 * hist(breaks = t[a..b], right = TRUE) counts: bin k is (t[k], t[k+1]], each break moved up by
 * hist's fuzz, so that a time a rounding error above a break counts below it. The fuzz is
 * 1e-7 times (as hist.default, R 4.x): with more than 5 breaks the median gap, with 4 or 5 the
 * smallest positive gap, with 2 or 3 the range of the censoring times. */
static void spread(arm_work *w, size_t a, size_t b, double c)
{
    for (size_t k = a; k < b; k++) w->cen[k] = 0;
    if (c <= 0 || b <= a) return;
    size_t nb = b - a, breaks = nb + 1;
    double step = (w->t[b] - w->t[a]) / (c + 1), scale;
    for (size_t k = 0; k < nb; k++) w->scratch[k] = w->t[a + k + 1] - w->t[a + k];
    qsort(w->scratch, nb, sizeof *w->scratch, dbl_cmp);
    if (breaks > 5) {
        scale = nb % 2 ? w->scratch[nb / 2] : 0.5 * (w->scratch[nb / 2 - 1] + w->scratch[nb / 2]);
    } else if (breaks <= 3) {
        scale = (c - 1) * step;
    } else {
        size_t k = 0;
        while (k + 1 < nb && !(w->scratch[k] > 0)) k++;
        scale = w->scratch[k];
    }
    double fuzz = 1e-7 * scale;
    size_t k = a;
    for (double j = 1; j <= c; j++) {
        double x = w->t[a] + j * step;
        while (k + 1 < b && x > w->t[k + 1] + fuzz) k++;
        w->cen[k] += 1;
    }
}

/* Events and numbers at risk over the points of interval i (up to point `end`), given the
 * censorings in cen: the event formula at the top. Returns the last point with an event. */
static size_t events_pass(arm_work *w, size_t i, size_t end)
{
    size_t last = w->last_i[i];
    w->nhat[w->lo[i]] = w->nr[i];
    for (size_t k = w->lo[i]; k <= end; k++) {
        double n = w->nhat[k];
        if (k == 0) {
            w->d[k] = 0;
            w->km[k] = 1;
        } else {
            double d = w->km[last] > 0 && n > 0 ? rround(n * (1 - w->s[k] / w->km[last])) : 0;
            w->d[k] = d < 0 ? 0 : d > n ? n : d;
            w->km[k] = n > 0 ? w->km[last] * (1 - w->d[k] / n) : w->km[last];
        }
        double next = n - w->d[k] - w->cen[k];
        if (next < 0) {
            next = 0;
            w->cen[k] = n - w->d[k];
        }
        if (k + 1 <= w->m) w->nhat[k + 1] = next;
        if (w->d[k] != 0) last = k;
    }
    return last;
}

static int not_settled(const pg_recon_arm_input *in, size_t i, pg_error *err)
{
    return pg_fail_at(err, PG_ENUMERIC, in->risk_file, line_of(in->risk_line, i), 0,
                      "reconstruct: censoring in the interval from time %g does not settle "
                      "(curve and risk table disagree)",
                      in->risk_time[i]);
}

/* Intervals 0 .. nint-2: correct the censoring until the next number at risk is matched. */
static int inner_intervals(const pg_recon_arm_input *in, arm_work *w, pg_error *err)
{
    for (size_t i = 0; i + 1 < w->nint; i++) {
        size_t a = w->lo[i], b = w->lo[i + 1];
        double target = w->nr[i + 1];
        w->ncen[i] = w->s[a] > 0 ? rround(w->nr[i] * w->s[b] / w->s[a] - target) : 0;
        size_t last = w->last_i[i];
        int rounds = 0;
        do {
            if (++rounds > MAX_ROUNDS) return not_settled(in, i, err);
            if (w->ncen[i] <= 0) w->ncen[i] = 0;
            spread(w, a, b, w->ncen[i]);
            last = events_pass(w, i, w->hi[i]);
            w->ncen[i] += w->nhat[b] - target;
        } while (w->nhat[b] > target || (w->nhat[b] < target && w->ncen[i] > 0));
        if (w->nhat[b] < target) w->nr[i + 1] = w->nhat[b];
        w->last_i[i + 1] = last;
    }
    return PG_OK;
}

static double sum_d(const arm_work *w, size_t from, size_t to)
{
    double s = 0;
    for (size_t k = from; k <= to; k++) s += w->d[k];
    return s;
}

/* The last interval: Guyot's censoring rate, then the reported total of events if given. */
static int last_interval(const pg_recon_arm_input *in, arm_work *w, pg_error *err)
{
    size_t L = w->nint - 1, a = w->lo[L], b = w->hi[L];
    double c = 0;
    if (w->nint > 1) {
        double before = 0, span = w->t[w->hi[L - 1]] - w->t[w->lo[0]];
        for (size_t i = 0; i < L; i++) before += w->ncen[i];
        c = span > 0 ? rround(before * (w->t[b] - w->t[a]) / span) : 0;
        if (c > w->nr[L]) c = w->nr[L];
    }
    if (c < 0) c = 0;
    spread(w, a, b, c);
    events_pass(w, L, b);
    double tot = in->events;
    if (isnan(tot)) return PG_OK;
    if (w->nint > 1 && sum_d(w, 0, w->hi[L - 1]) >= tot) {
        /* the earlier intervals already hold every event: nothing more happens */
        for (size_t k = a; k <= b; k++) {
            w->d[k] = 0;
            w->cen[k] = 0;
            w->nhat[k + 1] = w->nr[L];
        }
        return PG_OK;
    }
    double sd = sum_d(w, 0, b);
    for (int rounds = 0; sd > tot || (sd < tot && c > 0); rounds++) {
        if (rounds >= MAX_ROUNDS) return not_settled(in, L, err);
        c += sd - tot;
        if (c < 0) c = 0;
        spread(w, a, b, c);
        events_pass(w, L, b);
        sd = sum_d(w, 0, b);
    }
    return PG_OK;
}

/* ---- one arm, then all ------------------------------------------------------------------ */

static int alloc_work(arm_work *w, pg_error *err)
{
    size_t m = w->m;
    w->d = pg_calloc_array(m, sizeof *w->d);
    w->cen = pg_calloc_array(m, sizeof *w->cen);
    w->nhat = pg_calloc_array(m + 1, sizeof *w->nhat);
    w->km = pg_calloc_array(m, sizeof *w->km);
    w->ncen = pg_calloc_array(w->nint, sizeof *w->ncen);
    w->scratch = pg_calloc_array(m, sizeof *w->scratch);
    w->last_i = pg_calloc_array(w->nint, sizeof *w->last_i);
    if (!w->d || !w->cen || !w->nhat || !w->km || !w->ncen || !w->scratch || !w->last_i)
        return pg_fail(err, PG_ENOMEM, "reconstruct: out of memory");
    for (size_t k = 0; k <= m; k++) w->nhat[k] = w->nr[0] + 1;
    for (size_t k = 0; k < m; k++) w->km[k] = 1;
    return PG_OK;
}

/* Write arm `ai`'s rows at r->time + r->n_rows and fill its summary. */
static int emit_arm(const pg_recon_arm_input *in, const arm_work *w, size_t ai, pg_recon *r,
                    pg_error *err)
{
    pg_recon_arm *ra = &r->arms[ai];
    double n = w->nr[0], used = 0;
    size_t start = r->n_rows;
    for (size_t k = 0; k < w->m; k++) used += w->d[k] + (k + 1 < w->m ? w->cen[k] : 0);
    if (used > n)
    {
        char ab[160];
        return pg_fail(err, PG_ENUMERIC, "reconstruct: more events and censorings than "
                       "patients%s", arm_phrase(in, ab, sizeof ab));
    }
    for (size_t k = 0; k < w->m; k++)
        for (double j = 0; j < w->d[k]; j++) {
            r->time[r->n_rows] = w->t[k];
            r->event[r->n_rows] = 1;
            r->arm[r->n_rows++] = ai;
        }
    for (size_t k = 0; k + 1 < w->m; k++)
        for (double j = 0; j < w->cen[k]; j++) {
            r->time[r->n_rows] = 0.5 * (w->t[k] + w->t[k + 1]);
            r->event[r->n_rows] = 0;
            r->arm[r->n_rows++] = ai;
        }
    while (r->n_rows - start < (size_t)n) {
        r->time[r->n_rows] = w->t[w->m - 1];
        r->event[r->n_rows] = 0;
        r->arm[r->n_rows++] = ai;
    }

    ra->n = (size_t)n;
    ra->events = (size_t)sum_d(w, 0, w->m - 1);
    ra->events_reported = in->events;
    ra->n_points_read = in->n_points;
    ra->n_points_used = w->m;
    /* The KM of the rows at each point: censorings sit strictly between points. */
    double S = 1, at = n, ss = 0, mx = 0;
    for (size_t k = 0; k < w->m; k++) {
        if (at > 0) S *= 1 - w->d[k] / at;
        at -= w->d[k] + (k + 1 < w->m ? w->cen[k] : 0);
        double e = fabs(S - w->s[k]);
        ss += e * e;
        mx = e > mx ? e : mx;
    }
    ra->rmse = sqrt(ss / (double)w->m);
    ra->max_abs_diff = mx;
    ra->n_risk = in->n_risk_rows;
    ra->risk_time = pg_malloc_array(in->n_risk_rows, sizeof(double));
    ra->n_risk_published = pg_malloc_array(in->n_risk_rows, sizeof(double));
    ra->n_risk_rebuilt = pg_malloc_array(in->n_risk_rows, sizeof(double));
    if (!ra->risk_time || !ra->n_risk_published || !ra->n_risk_rebuilt)
        return pg_fail(err, PG_ENOMEM, "reconstruct: out of memory");
    for (size_t i = 0; i < in->n_risk_rows; i++) {
        size_t c = 0;
        for (size_t j = start; j < r->n_rows; j++) c += r->time[j] >= in->risk_time[i];
        ra->risk_time[i] = in->risk_time[i];
        ra->n_risk_published[i] = in->at_risk[i];
        ra->n_risk_rebuilt[i] = (double)c;
    }
    return PG_OK;
}

static int fit_arm(const pg_recon_arm_input *in, const pg_recon_opts *opt, arm_work *w,
                   pg_error *err)
{
    int rc;
    if ((rc = clean_points(in, opt, w, err)) || (rc = split_intervals(in, w, err)) ||
        (rc = alloc_work(w, err)))
        return rc;
    if (!isnan(in->events) && (in->events < 0 || in->events != floor(in->events) ||
                               in->events > w->nr[0]))
    {
        char ab[160];
        return pg_fail(err, PG_EINPUT,
                       "reconstruct: %g events reported for %g patients%s: not a whole number "
                       "from 0 to the patients",
                       in->events, w->nr[0], arm_phrase(in, ab, sizeof ab));
    }
    if ((rc = inner_intervals(in, w, err)) || (rc = last_interval(in, w, err))) return rc;
    return PG_OK;
}

void pg_recon_free(pg_recon *r)
{
    if (!r) return;
    for (size_t a = 0; a < r->n_arms && r->arms; a++) {
        free(r->arms[a].arm);
        free(r->arms[a].risk_time);
        free(r->arms[a].n_risk_published);
        free(r->arms[a].n_risk_rebuilt);
    }
    free(r->arms);
    free(r->time);
    free(r->event);
    free(r->arm);
    free(r);
}

int pg_recon_fit(const pg_recon_arm_input *arms, size_t n_arms, const pg_recon_opts *opt,
                 pg_recon **out, pg_error *err)
{
    pg_recon_opts def;
    if (!opt) {
        pg_recon_opts_init(&def);
        opt = &def;
    }
    *out = NULL;
    if (n_arms == 0) return pg_fail(err, PG_EINPUT, "reconstruct: no curve given");
    int rc = PG_OK;
    size_t total = 0;
    for (size_t a = 0; a < n_arms; a++) {
        /* an unusable first number at risk is reported by fit_arm before any row is written */
        double n0 = arms[a].n_risk_rows > 0 ? arms[a].at_risk[0] : 0;
        total += n0 > 0 && n0 <= 1e9 ? (size_t)n0 : 0;
    }
    pg_recon *r = calloc(1, sizeof *r);
    if (!r) return pg_fail(err, PG_ENOMEM, "reconstruct: out of memory");
    r->arms = pg_calloc_array(n_arms, sizeof *r->arms);
    r->time = pg_malloc_array(total + 1, sizeof *r->time);
    r->event = pg_malloc_array(total + 1, sizeof *r->event);
    r->arm = pg_malloc_array(total + 1, sizeof *r->arm);
    if (!r->arms || !r->time || !r->event || !r->arm) {
        rc = pg_fail(err, PG_ENOMEM, "reconstruct: out of memory");
        goto fail;
    }
    r->n_arms = n_arms;
    for (size_t a = 0; a < n_arms; a++) {
        arm_work w = {0};
        r->arms[a].arm = pg_strdup(arm_name(&arms[a]));
        if (!r->arms[a].arm) rc = pg_fail(err, PG_ENOMEM, "reconstruct: out of memory");
        if (!rc) rc = fit_arm(&arms[a], opt, &w, err);
        if (!rc) rc = emit_arm(&arms[a], &w, a, r, err);
        work_free(&w);
        if (rc) goto fail;
    }
    *out = r;
    return PG_OK;
fail:
    pg_recon_free(r);
    return rc;
}
