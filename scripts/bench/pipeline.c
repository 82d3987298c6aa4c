/* pipeline.c -- the prognos side of scripts/bench/run.sh, in one process like the R side:
 * read the CSV, Kaplan-Meier by group, log-rank by group, Cox with six covariates (Efron ties),
 * write JSON with the estimates both sides must agree on. Prints phase times to stderr.
 * Usage: prognos_bench_pipeline data.csv out.json */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include <gsl/gsl_errno.h>

#include "prognos.h"

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static int fail(const char *what, const pg_error *e)
{
    char buf[512];
    fprintf(stderr, "pipeline: %s: %s\n", what, pg_error_str(e, buf, sizeof buf));
    return 1;
}

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: prognos_bench_pipeline data.csv out.json\n");
        return 2;
    }
    gsl_set_error_handler_off();
    pg_error e = {0};
    pg_csv_opts co;
    pg_csv_opts_init(&co);
    pg_dataset *ds = NULL;
    pg_frame *fg = NULL, *fx = NULL;
    pg_km *km = NULL;
    pg_logrank *lr = NULL;
    pg_cox *cox = NULL;
    int rc = 1;
    double t0 = now();
    if (pg_dataset_read_csv(argv[1], &co, &ds, &e)) return fail("read", &e);
    double t1 = now();
    if (pg_frame_new(ds, "Surv(time, event) ~ group", NULL, &fg, &e)) {
        fail("frame", &e);
        goto done;
    }
    pg_km_opts ko;
    pg_km_opts_init(&ko);
    if (pg_km_fit(fg, &ko, &km, &e)) {
        fail("km", &e);
        goto done;
    }
    double t2 = now();
    pg_logrank_opts lo;
    pg_logrank_opts_init(&lo);
    if (pg_logrank_test(fg, &lo, &lr, &e)) {
        fail("logrank", &e);
        goto done;
    }
    double t3 = now();
    if (pg_frame_new(ds, "Surv(time, event) ~ x1 + x2 + x3 + x4 + x5 + sex", NULL, &fx, &e)) {
        fail("frame", &e);
        goto done;
    }
    pg_cox_opts xo;
    pg_cox_opts_init(&xo);
    if (pg_cox_fit(fx, &xo, &cox, &e)) {
        fail("cox", &e);
        goto done;
    }
    double t4 = now();
    FILE *f = fopen(argv[2], "w");
    if (!f) {
        perror(argv[2]);
        goto done;
    }
    fprintf(f, "{\n  \"n\": %zu,\n  \"km_median\": [", pg_frame_n(fg));
    for (size_t s = 0; s < km->n_strata; s++)
        fprintf(f, "%s%.17g", s ? ", " : "", km->median[s].estimate);
    fprintf(f, "],\n  \"logrank_chisq\": %.17g,\n  \"cox_coef\": [", lr->chisq);
    for (size_t j = 0; j < cox->p; j++) fprintf(f, "%s%.17g", j ? ", " : "", cox->coef[j]);
    fprintf(f, "],\n  \"cox_loglik\": %.17g\n}\n", cox->loglik_final);
    rc = fclose(f) != 0;
    fprintf(stderr, "phases read=%.3f km=%.3f logrank=%.3f cox=%.3f\n", t1 - t0, t2 - t1, t3 - t2,
            t4 - t3);
done:
    pg_cox_free(cox);
    pg_logrank_free(lr);
    pg_km_free(km);
    pg_frame_free(fx);
    pg_frame_free(fg);
    pg_dataset_free(ds);
    return rc;
}
