/* plot_cif.c -- the cumulative incidence figure: the Kaplan-Meier figure's layout (risk table,
 * legend, bands, median lines, --script) drawing F(t) from pg_cif instead of 1 - S(t). The
 * curves are turned into the step form the KM writer reads: one step per distinct time of the
 * group (every event and censoring, so the number at risk is right between the cause's own
 * events), "survival" 1 - F, limits 1 - upper and 1 - lower, drawn with fun = event. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "plot_impl.h"

/* F of curve cv at time t (the last step at or before t), and its limits; 0 before. */
static void cif_at(const pg_cif_curve *cv, double t, size_t *s, double *f, double *lo,
                   double *hi)
{
    while (*s < cv->n_steps && cv->time[*s] <= t) (*s)++;
    *f = *s ? cv->estimate[*s - 1] : 0;
    *lo = *s ? cv->conf_low[*s - 1] : NAN;
    *hi = *s ? cv->conf_high[*s - 1] : NAN;
}

/* The steps of curve cv from its group's rows idx[0..m) in time order, appended at km's
 * position *k. cause: the curve's cause (events counted are this cause's; censor marks are
 * the censored rows only). below[0..nb): the same group's curves of the causes stacked under
 * cv (pg_plot_opts.stacked): their F is added to cv's, and the limits are dropped, since the
 * sum's are not those of its parts. */
static void curve_steps(pg_km *km, size_t *k, const pg_cif_curve *cv, const pg_frame *fr,
                        const size_t *idx, size_t m, const pg_cif_curve *const *below,
                        size_t *below_s, size_t nb)
{
    const double *time = pg_frame_time(fr);
    const int *cause = pg_frame_cause(fr);
    size_t s = 0;
    for (size_t b = 0; b < nb; b++) below_s[b] = 0;
    for (size_t i = 0; i < m;) {
        double t = time[idx[i]], ne = 0, nc = 0, f, lo, hi;
        size_t j = i;
        for (; j < m && time[idx[j]] == t; j++) {
            ne += (size_t)cause[idx[j]] == cv->cause;
            nc += cause[idx[j]] == 0;
        }
        cif_at(cv, t, &s, &f, &lo, &hi);
        for (size_t b = 0; b < nb; b++) {
            double fb, lb, hb;
            cif_at(below[b], t, &below_s[b], &fb, &lb, &hb);
            f += fb;
            lo = hi = NAN;
        }
        km->time[*k] = t;
        km->n_risk[*k] = (double)(m - i);
        km->n_event[*k] = ne;
        km->n_censor[*k] = nc;
        km->surv[*k] = 1 - f;
        km->conf_low[*k] = isnan(hi) ? NAN : 1 - hi;
        km->conf_high[*k] = isnan(lo) ? NAN : 1 - lo;
        (*k)++;
        i = j;
    }
}

/* The curves drawn: those of cause (1..K), or of every cause when cause is 0. */
static int wanted(const pg_cif_curve *cv, size_t cause)
{
    return cause == 0 || cv->cause == cause;
}

/* The KM-shaped copy of the wanted curves. by_group: the rows in time order within groups. */
static pg_km *as_km(const pg_cif *cif, const pg_frame *fr, size_t cause, int stacked,
                    const size_t *by_group)
{
    size_t n = pg_frame_n(fr), G = cif->n_groups, nc = 0, total = 0;
    const size_t *grp = pg_frame_group(fr);
    size_t *start = pg_calloc_array(G + 1, sizeof *start);   /* group g's rows in by_group */
    size_t K = cif->n_causes ? cif->n_causes : 1;
    const pg_cif_curve **below = pg_calloc_array(K, sizeof *below);
    size_t *below_s = pg_calloc_array(K, sizeof *below_s);
    pg_km *km = calloc(1, sizeof *km);
    if (!start || !below || !below_s || !km) goto fail;
    for (size_t r = 0; r < n; r++) start[grp[r] + 1]++;
    for (size_t g = 0; g < G; g++) start[g + 1] += start[g];
    for (size_t c = 0; c < cif->n_curves; c++)
        if (wanted(&cif->curves[c], cause)) nc++, total += start[cif->curves[c].group + 1] -
                                                          start[cif->curves[c].group];
    km->n = cif->n;
    km->conf_level = cif->conf_level;
    km->n_strata = nc;
    km->strata_start = pg_calloc_array(nc + 1, sizeof *km->strata_start);
    km->strata_name = pg_calloc_array(nc ? nc : 1, sizeof *km->strata_name);
    km->strata_n = pg_calloc_array(nc ? nc : 1, sizeof *km->strata_n);
    km->strata_events = pg_calloc_array(nc ? nc : 1, sizeof *km->strata_events);
    km->median = pg_calloc_array(nc ? nc : 1, sizeof *km->median);
    double **arrays[] = {&km->time, &km->n_risk, &km->n_event, &km->n_censor, &km->surv,
                         &km->conf_low, &km->conf_high};
    for (size_t i = 0; i < sizeof arrays / sizeof arrays[0]; i++)
        if (!(*arrays[i] = pg_malloc_array(total ? total : 1, sizeof(double)))) goto fail;
    if (!km->strata_start || !km->strata_name || !km->strata_n || !km->strata_events ||
        !km->median)
        goto fail;
    size_t s = 0, k = 0;
    for (size_t c = 0; c < cif->n_curves; c++) {
        const pg_cif_curve *cv = &cif->curves[c];
        if (!wanted(cv, cause)) continue;
        size_t nb = 0;
        for (size_t d = 0; stacked && !cause && d < cif->n_curves; d++)
            if (cif->curves[d].group == cv->group && cif->curves[d].cause < cv->cause)
                below[nb++] = &cif->curves[d];
        /* A stacked curve is named by its causes: "DOC + DOD". */
        char cn[256];
        size_t at = 0;
        for (size_t b = 0; b <= nb; b++) {
            const char *name = cif->cause_names[(b < nb ? below[b] : cv)->cause - 1];
            int w = snprintf(cn + at, sizeof cn - at, "%s%s", b ? " + " : "", name);
            if (w < 0 || (size_t)w >= sizeof cn - at) break;   /* a long label is cut */
            at += (size_t)w;
        }
        const char *gn = cif->group_names[cv->group];
        km->strata_name[s] = cause ? pg_strdup(gn)
                             : gn[0] ? pg_strdup_printf("%s, %s", cn, gn) : pg_strdup(cn);
        if (!km->strata_name[s]) goto fail;
        km->strata_n[s] = cv->n;
        km->strata_events[s] = cv->events;
        km->median[s] = (pg_km_quantile){0.5, cv->median, cv->median_low, cv->median_high};
        km->events += cv->events;
        curve_steps(km, &k, cv, fr, by_group + start[cv->group],
                    start[cv->group + 1] - start[cv->group], below, below_s, nb);
        km->strata_start[++s] = k;
    }
    free(start);
    free(below);
    free(below_s);
    return km;
fail:
    free(start);
    free(below);
    free(below_s);
    pg_km_free(km);
    return NULL;
}

int pg_plot_cif_script(FILE *f, const pg_cif *cif, const pg_frame *fr, size_t cause,
                       const pg_plot_opts *opt, pg_error *err)
{
    if (!cif || !fr || !pg_frame_group(fr) || pg_frame_ngroups(fr) != cif->n_groups ||
        pg_frame_n(fr) != cif->n)
        return pg_fail(err, PG_EINPUT, "plot: the cumulative incidence and its frame differ");
    if (cif->n_causes == 0)
        return pg_fail(err, PG_EANALYSIS, "plot: no events of any cause: nothing to draw");
    if (cause > cif->n_causes)
        return pg_fail(err, PG_EINPUT, "plot: no cause %zu", cause);
    if (opt->stacked && cause)
        return pg_fail(err, PG_EINPUT, "plot: stacked curves are of every cause: leave out "
                       "--cause");
    if (opt->pval && (!cause || !cif->gray))
        return pg_fail(err, PG_EINPUT, "plot: Gray's p-value needs one cause (--cause) and two "
                       "groups or more");
    size_t n = pg_frame_n(fr);
    size_t *by_group = pg_malloc_array(n ? n : 1, sizeof *by_group);
    if (!by_group || pg_order_by_key(n, pg_frame_time_order(fr), pg_frame_group(fr),
                                     cif->n_groups, by_group)) {
        free(by_group);
        return pg_fail(err, PG_ENOMEM, "out of memory");
    }
    pg_km *km = as_km(cif, fr, cause, opt->stacked, by_group);
    free(by_group);
    if (!km) return pg_fail(err, PG_ENOMEM, "out of memory");
    pg_plot_opts o = *opt;
    o.fun = PG_PLOT_EVENT;
    pg_logrank lr;
    memset(&lr, 0, sizeof lr);
    if (o.pval) {
        lr.p = cif->gray[cause - 1].p;
        if (!o.test_label) o.test_label = pg_lang_word(o.lang, PG_W_GRAY_TEST);
    }
    int rc = pg_plot_km_script(f, km, o.pval ? &lr : NULL, &o, err);
    pg_km_free(km);
    return rc;
}
