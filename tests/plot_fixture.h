/* plot_fixture.h -- hand-built results for the plot tests: the Kaplan-Meier fit and log-rank
 * test of R's aml data, and a small Cox model, with R's numbers.
 *   R> f <- survfit(Surv(time, status) ~ x, data = aml)      # survival 3.x, conf.type "log"
 *   R> survdiff(Surv(time, status) ~ x, data = aml)$pvalue   # 0.065339322040505132
 * Every array is static; the structs point into them and must not be freed. */
#ifndef PG_PLOT_FIXTURE_H
#define PG_PLOT_FIXTURE_H

#include <math.h>

#include "prognos.h"

static size_t aml_start[] = {0, 10, 20};
static char aml_name0[] = "x=Maintained", aml_name1[] = "x=Nonmaintained";
static char *aml_names[] = {aml_name0, aml_name1};
static size_t aml_sn[] = {11, 12}, aml_sev[] = {7, 11};
static double aml_time[] = {9, 13, 18, 23, 28, 31, 34, 45, 48, 161,
                            5, 8,  12, 16, 23, 27, 30, 33, 43, 45};
static double aml_nrisk[] = {11, 10, 8, 7, 6, 5, 4, 3, 2, 1, 12, 10, 8, 7, 6, 5, 4, 3, 2, 1};
static double aml_nevent[] = {1, 1, 1, 1, 0, 1, 1, 0, 1, 0, 2, 2, 1, 0, 1, 1, 1, 1, 1, 1};
static double aml_ncens[] = {0, 1, 0, 0, 1, 0, 0, 1, 0, 1, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0};
static double aml_surv[] = {
    0.909090909090909061, 0.818181818181818121, 0.715909090909090828, 0.613636363636363535,
    0.613636363636363535, 0.490909090909090851, 0.368181818181818166, 0.368181818181818166,
    0.184090909090909083, 0.184090909090909083, 0.833333333333333370, 0.666666666666666741,
    0.583333333333333370, 0.583333333333333370, 0.486111111111111160, 0.388888888888888951,
    0.291666666666666741, 0.194444444444444475, 0.097222222222222238, 0.0};
static double aml_low[] = {
    0.754133845081525478, 0.619248987399363515, 0.488426287422128458, 0.376867059501679758,
    0.376867059501679758, 0.254859951199317314, 0.154877117897191052, 0.154877117897191052,
    0.035917898489185258, 0.035917898489185258, 0.647036987013361653, 0.446846081150263919,
    0.361613705210384717, 0.361613705210384717, 0.267518248858266583, 0.185396526095556763,
    0.114831150152470404, 0.056921552571604174, 0.015256527170865199, NAN};
static double aml_high[] = {
    1, 1, 1, 0.99915760022847266, 0.99915760022847266, 0.94558495520042918, 0.87526067814390762,
    0.87526067814390762, 0.94352576947455202, 0.94352576947455202, 1, 0.99462536025909154,
    0.94099801217380930, 0.94099801217380930, 0.88331922533955765, 0.81573571569127235,
    0.74082201851580376, 0.66422365988256338, 0.61954862911905562, NAN};
/* quantile(f, 0.5): 31 (18, NA) and 23 (8, NA) */
static pg_km_quantile aml_median[] = {{0.5, 31, 18, NAN}, {0.5, 23, 8, NAN}};

static pg_km aml_km(void)
{
    pg_km k = {0};
    k.conf_type = PG_CONF_LOG;
    k.conf_level = 0.95;
    k.n = 23;
    k.events = 18;
    k.n_strata = 2;
    k.strata_start = aml_start;
    k.strata_name = aml_names;
    k.strata_n = aml_sn;
    k.strata_events = aml_sev;
    k.time = aml_time;
    k.n_risk = aml_nrisk;
    k.n_event = aml_nevent;
    k.n_censor = aml_ncens;
    k.surv = aml_surv;
    k.conf_low = aml_low;
    k.conf_high = aml_high;
    k.median = aml_median;
    k.rmst_tau = NAN;
    return k;
}

static char aml_g0[] = "x=Maintained", aml_g1[] = "x=Nonmaintained";
static char *aml_groups[] = {aml_g0, aml_g1};
static pg_logrank aml_logrank(void)
{
    pg_logrank l = {0};
    l.n = 23;
    l.n_groups = 2;
    l.group = aml_groups;
    l.chisq = 3.3963886121092661;
    l.df = 1;
    l.p = 0.065339322040505132;
    return l;
}

/* Kaplan-Meier fits of veteran ~ celltype and gehan ~ treat (scripts/fixtures/plot.R). */
#include "fixtures/plot_km.h"

static pg_km_quantile fixture_median[8];
#define FIXTURE_KM(ID, id)                                                                     \
    fixture_km(PLOT_##ID##_NS, plot_##id##_start, plot_##id##_names, plot_##id##_sn,        \
               plot_##id##_time, plot_##id##_n_risk, plot_##id##_n_event,                   \
               plot_##id##_n_censor, plot_##id##_surv, plot_##id##_lower, plot_##id##_upper, \
               plot_##id##_median)

static pg_km fixture_km(size_t ns, size_t *start, const char **names, size_t *sn, double *time,
                        double *nr, double *ne, double *nc, double *surv, double *lo,
                        double *hi, double *median)
{
    pg_km k = {0};
    k.conf_level = 0.95;
    k.n_strata = ns;
    k.strata_start = start;
    k.strata_name = (char **)names;
    k.strata_n = sn;
    for (size_t s = 0; s < ns; s++) k.n += sn[s];
    k.time = time, k.n_risk = nr, k.n_event = ne, k.n_censor = nc;
    k.surv = surv, k.conf_low = lo, k.conf_high = hi;
    for (size_t s = 0; s < ns && s < 8; s++)
        fixture_median[s] = (pg_km_quantile){0.5, median[s], NAN, NAN};
    k.median = fixture_median;
    k.rmst_tau = NAN;
    return k;
}

/* The lung model: a frame from arrays with its last three columns regrouped into the factor
 * term factor(ph.ecog) (levels 0-3, reference 0), as the formula evaluator would make it, and a
 * pg_cox holding R's estimates. Free with lung_free(). */
#include <stdlib.h>
#include <string.h>

#include "fixtures/plot_lung.h"
#include "frame_impl.h"

static const char *const lung_cols[] = {"age", "sex", "factor(ph.ecog)1", "factor(ph.ecog)2",
                                        "factor(ph.ecog)3"};
static char *lung_colname[] = {"age", "sex", "factor(ph.ecog)1", "factor(ph.ecog)2",
                               "factor(ph.ecog)3"};

static pg_frame *lung_frame(void)
{
    pg_frame_spec sp = {0};
    sp.n = PLOT_LUNG_N;
    sp.time = plot_lung_time;
    sp.status = plot_lung_status;
    sp.p = PLOT_LUNG_P;
    sp.x = plot_lung_x;
    sp.colnames = lung_cols;
    pg_frame *fr = NULL;
    if (pg_frame_from_arrays(&sp, &fr, NULL)) return NULL;
    for (size_t t = 3; t < fr->nterms; t++) free(fr->terms[t].label);
    fr->nterms = 3;
    pg_frame_term *ft = &fr->terms[2];
    free(ft->label);
    ft->label = pg_strdup("factor(ph.ecog)");
    ft->kind = PG_TERM_FACTOR;
    ft->first = 2;
    ft->ncol = 3;
    ft->var = pg_strdup("ph.ecog");
    ft->nlevels = 4;
    ft->levels = calloc(4, sizeof *ft->levels);
    for (int k = 0; k < 4; k++) {
        char b[4] = {(char)('0' + k), 0};
        ft->levels[k] = pg_strdup(b);
    }
    return fr;
}

static double lung_z[PLOT_LUNG_P];
static pg_cox lung_cox(void)
{
    pg_cox c = {0};
    c.conf_level = 0.95;
    c.n = PLOT_LUNG_N;
    c.n_coef = PLOT_LUNG_P;
    c.colname = lung_colname;
    c.coef = (double *)plot_lung_coef;
    c.std_err = (double *)plot_lung_se;
    for (size_t j = 0; j < PLOT_LUNG_P; j++) lung_z[j] = plot_lung_coef[j] / plot_lung_se[j];
    c.z = lung_z;
    c.p = (double *)plot_lung_p;
    c.conf_low = (double *)plot_lung_lower;
    c.conf_high = (double *)plot_lung_upper;
    return c;
}

#endif
