/* prognos/meta.h -- meta-analysis of study-level effects (R: metafor::rma.uni, rma.peto,
 * confint.rma.uni, predict.rma, leave1out).
 *
 * One study = a log-scale effect yi with sampling variance vi (hazard ratios and their CIs are
 * turned into log HR and SE by the command line: se = (log upper - log lower) / (2 z)). Peto's
 * method takes the log-rank O-E and V: yi = (O-E)/V, vi = 1/V, pooled by inverse variance,
 * which is rma.peto's estimate sum(O-E)/sum(V) with se 1/sqrt(sum V).
 *
 * Thread safety: no global state; every function is reentrant. */
#ifndef PROGNOS_META_H
#define PROGNOS_META_H

#include <stddef.h>

#include "prognos/common.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum {
    PG_META_FE = 0,   /* fixed (common) effect, inverse variance: rma(method = "FE") */
    PG_META_DL,       /* DerSimonian-Laird */
    PG_META_REML,     /* restricted maximum likelihood (metafor's default) */
    PG_META_ML,       /* maximum likelihood */
    PG_META_PM,       /* Paule-Mandel */
    PG_META_HE,       /* Hedges (method of moments, unweighted) */
    PG_META_SJ,       /* Sidik-Jonkman */
    PG_META_PETO      /* Peto's O-E/V, fixed effect (rma.peto) */
} pg_meta_method;

typedef enum {
    PG_META_TEST_Z = 0,   /* normal tests and intervals */
    PG_META_TEST_KNHA     /* Hartung-Knapp-Sidik-Jonkman: t on k - 1 df, scaled variance */
} pg_meta_test;

typedef struct pg_meta_opts {
    pg_meta_method method;   /* PG_META_REML */
    pg_meta_test test;       /* PG_META_TEST_Z */
    double conf_level;       /* 0.95: the CIs of the estimate, tau2, I2 and the prediction */
} pg_meta_opts;

PG_API void pg_meta_opts_init(pg_meta_opts *o);

/* A fitted meta-analysis. Every number metafor reports; NaN where it does not apply (the tau2
 * CI of a fixed-effect model, anything needing k >= 2). */
typedef struct pg_meta {
    size_t k;
    pg_meta_method method;
    pg_meta_test test;
    double conf_level;
    double estimate, se, stat, p, conf_low, conf_high;   /* log scale; stat is z or t */
    double df;                    /* of t under knha (k - 1); NaN for z */
    double tau2, tau2_se, tau2_low, tau2_high;
    double i2, i2_low, i2_high, h2, h2_low, h2_high;     /* I2 in percent, as metafor */
    double q, q_df, q_p;          /* Cochran's Q against the fixed-effect estimate */
    double pi_low, pi_high;       /* prediction interval (predict.rma); = CI when tau2 is 0 */
    int tau2_at_zero;             /* the estimate of tau2 is on its boundary 0 */
    double *yi, *vi, *weight;     /* per study; weight in percent of the total */
} pg_meta;

/* Fit from yi and vi (k >= 1; every vi > 0 and finite: the command line checks and names the
 * row). k = 1 gives the study's own estimate with NaN heterogeneity. *out is owned by the
 * caller (pg_meta_free). PG_OK, PG_EINPUT, PG_ENOMEM or PG_ENUMERIC. */
PG_API int pg_meta_fit(const double *yi, const double *vi, size_t k, const pg_meta_opts *o,
                       pg_meta **out, pg_error *err);
PG_API void pg_meta_free(pg_meta *m);

/* Test for subgroup differences from separate fits (metafor: rma per subgroup, then a
 * fixed-effect rma of their estimates): Q between = sum (est_g - est_w)^2 / se_g^2 on g - 1 df.
 * Returns PG_OK or PG_EINPUT (fewer than 2 groups). */
PG_API int pg_meta_subgroup_q(const pg_meta *const *fits, size_t g, double *q, double *df,
                              double *p, pg_error *err);

/* Egger's regression test (Egger et al., BMJ 1997;315:629-34) as metafor::regtest's default
 * (model "rma", predictor "sei"): the meta-regression yi ~ sei with tau2 by o->method (residual
 * heterogeneity), and the z (knha: t on k - 2 df, *df; else *df NaN) test of the slope. *limit
 * and its CI are the intercept, the effect expected as the SE goes to 0. Needs k >= 3. */
PG_API int pg_meta_egger_test(const double *yi, const double *vi, size_t k,
                              const pg_meta_opts *o, double *stat, double *df, double *p,
                              double *limit, double *limit_low, double *limit_high,
                              pg_error *err);

PG_API const char *pg_meta_method_name(pg_meta_method m);   /* "REML", as metafor prints */
PG_API int pg_meta_method_parse(const char *s, int *value); /* "reml" ... PG_OK or PG_EINPUT */
PG_API int pg_meta_test_parse(const char *s, int *value);   /* "z" "knha" */

#ifdef __cplusplus
}
#endif
#endif
