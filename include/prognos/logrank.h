/* prognos/logrank.h -- the log-rank test and its weighted family, stratified, with trend,
 * pairwise and exact permutation versions. R counterpart: survival::survdiff (rho). *
 * Threads: every function here is reentrant (no global or static state); a result is immutable
 * once returned and may be read from several threads at once; options and frames are only read.
 * (opts.progress is called from the calling thread only.) */
#ifndef PROGNOS_LOGRANK_H
#define PROGNOS_LOGRANK_H

#include <stddef.h>

#include "prognos/common.h"
#include "prognos/frame.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum {
    PG_WEIGHTS_LOGRANK = 0,   /* w = 1 */
    PG_WEIGHTS_GRHO,          /* survdiff(rho = r): w = S(t-)^rho, S the pooled KM (left limit) */
    PG_WEIGHTS_GEHAN,         /* w = n at risk (Gehan-Breslow-Wilcoxon) */
    PG_WEIGHTS_TARONE_WARE,   /* w = sqrt(n at risk) */
    PG_WEIGHTS_FH             /* Fleming-Harrington: w = S(t-)^rho (1 - S(t-))^gamma */
} pg_weights;

typedef enum { PG_ADJUST_HOLM = 0, PG_ADJUST_BONFERRONI, PG_ADJUST_NONE } pg_adjust;

typedef struct pg_logrank_opts {
    pg_weights weights;       /* PG_WEIGHTS_LOGRANK */
    double rho, gamma;        /* 0, 0 */
    int trend;                /* also the test for trend */
    const double *scores;     /* trend scores per group; NULL = 1, 2, ..., k */
    size_t n_scores;
    int pairwise;             /* all pairwise tests */
    pg_adjust adjust;         /* PG_ADJUST_HOLM */
    int exact;                /* permutation p-value */
    unsigned long seed;       /* Monte Carlo seed (default 1) */
    size_t permutations;      /* Monte Carlo draws (default 10000) */
    size_t max_enumerate;     /* enumerate completely when arrangements <= this (default 1e5) */
    /* Called now and then during a permutation test with done/total; may be NULL. */
    void (*progress)(size_t done, size_t total, void *ctx);
    void *progress_ctx;
    /* Added after the first contract: */
    size_t monte_carlo;       /* > 0: Monte Carlo with this many draws instead of exact */
    size_t max_nodes;         /* two groups: the exact p is out of reach when its network
                                 needs more than this many live nodes (default 1e6) */
} pg_logrank_opts;

/* How pg_logrank.exact_p was computed. */
typedef enum pg_exact_method {
    PG_EXACT_ENUMERATION = 0, /* every arrangement visited (k > 2) */
    PG_EXACT_NETWORK,         /* exact tail of |U_1| on a network (two groups) */
    PG_EXACT_MONTE_CARLO      /* random arrangements (asked for, or exact out of reach) */
} pg_exact_method;

typedef struct pg_logrank_pair {
    size_t a, b;              /* group indices */
    double chisq, p, p_adjusted;
} pg_logrank_pair;

typedef struct pg_logrank {
    pg_weights weights;
    double rho, gamma;
    size_t n, dropped;
    size_t n_groups;
    char **group;             /* "sex=F" */
    double *n_group, *observed, *expected;   /* per group, summed over strata */
    double *variance;         /* n_groups x n_groups, column-major (symmetric): Var(O - E) */
    double chisq, df, p;
    int has_trend;
    double trend_chisq, trend_df, trend_p;
    size_t n_pairs;
    pg_logrank_pair *pairs;   /* NULL unless asked for */
    int has_exact;
    double exact_p;           /* NaN unless asked for */
    int exact_enumerated;     /* 1 exact (see exact_method), 0 Monte Carlo */
    size_t exact_draws;       /* arrangements enumerated or drawn (0: more than 1e18) */
    /* Added after the first contract: */
    size_t n_strata;          /* strata the test was computed within (1 if none) */
    size_t events;            /* events (unweighted) in the rows used */
    double *trend_scores;     /* n_groups scores used by the trend test; NULL unless asked for */
    double trend_u, trend_var;/* U = s'(O - E), V = s' V s */
    pg_adjust adjust;         /* adjustment applied to pairs[].p_adjusted */
    double exact_stat;        /* observed permutation statistic U' W^- U (see logrank.c) */
    unsigned long exact_seed; /* seed of the Monte Carlo draws */
    pg_exact_method exact_method;
    double exact_mc_se;       /* Monte Carlo standard error sqrt(p (1 - p) / B); NaN if exact */
    int exact_mc_asked;       /* Monte Carlo: 1 asked for (--monte-carlo), 0 exact out of reach */
    size_t exact_nodes;       /* network: largest number of live nodes */
    double exact_log_arrangements; /* log of the number of arrangements within strata */
    /* Counting-process data (pg_cox_logrank, prognos/cox.h): chisq, df and p are then the
     * score test of the Cox model of the groups (score_ties: its pg_ties, efron by default),
     * observed, expected and variance survdiff's sums over the left-truncated risk sets. */
    int score_test;           /* 1: see above; 0: survdiff's test */
    int score_ties;
} pg_logrank;

PG_API void pg_logrank_opts_init(pg_logrank_opts *opt);
/* Test equality of the survival curves of fr's groups, within fr's strata. Needs at least two
 * groups (PG_EANALYSIS otherwise) and at least one event (PG_ENOEVENTS). */
PG_API int pg_logrank_test(const pg_frame *fr, const pg_logrank_opts *opt, pg_logrank **out,
                           pg_error *err);
PG_API void pg_logrank_free(pg_logrank *lr);
/* "logrank", "g-rho", "gehan", "tarone-ware", "fh". */
PG_API const char *pg_logrank_weights_name(pg_weights w);
/* Parse a --weights value: logrank (log-rank), g-rho, gehan (gehan-breslow), tarone-ware,
 * fh (fleming-harrington); case-sensitive. PG_OK or PG_EINPUT (*out untouched). */
PG_API int pg_logrank_weights_parse(const char *s, pg_weights *out);
/* "holm", "bonferroni", "none". */
PG_API const char *pg_logrank_adjust_name(pg_adjust a);
PG_API int pg_logrank_adjust_parse(const char *s, pg_adjust *out);

#ifdef __cplusplus
}
#endif
#endif
