/* pipeline.c -- the prognos side of scripts/bench/run.sh, in one process like the R side:
 * read the CSV, Kaplan-Meier by group, log-rank by group, Cox with six covariates (Efron ties),
 * write JSON with the estimates both sides must agree on. Prints phase times to stderr:
 *   read     pg_dataset_read_csv (tokenise, convert, store columns)
 *   km       model frame for "~ group" (sorts by stratum and time) + pg_km_fit; the frame's
 *            share is also printed on its own
 *   logrank  pg_logrank_test on the same frame
 *   cox      model frame for the six covariates + pg_cox_fit
 * What is no longer needed is freed as it goes (the KM/log-rank frame and results before the
 * Cox frame is built, the dataset once it is), as a C program would: peak memory is then the
 * largest of the phases, not their sum.
 * Usage: prognos_bench_pipeline data.csv out.json [phases...]
 * With phase names after out.json (read km logrank cox) only those run, for profiling one
 * phase; the JSON is then not written. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
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

static int wanted(int argc, char **argv, const char *phase)
{
    if (argc <= 3) return 1;
    for (int k = 3; k < argc; k++)
        if (strcmp(argv[k], phase) == 0) return 1;
    return 0;
}

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: prognos_bench_pipeline data.csv out.json [phases...]\n");
        return 2;
    }
    gsl_set_error_handler_off();
    pg_error e = {0};
    pg_csv_opts co;
    pg_csv_opts_init(&co);
    /* PROGNOS_THREADS=1 keeps one thread, otherwise a second may be used (the library itself
     * reads no environment). Not quite the command line: with PROGNOS_THREADS unset, prognos
     * allows the second thread only when a processor is idle (src/cli/env.c). */
    const char *te = getenv("PROGNOS_THREADS");
    int threads = te && strcmp(te, "1") == 0 ? 1 : 2;
    co.threads = threads;
    pg_dataset *ds = NULL;
    pg_frame *fg = NULL, *fx = NULL;
    pg_km *km = NULL;
    pg_logrank *lr = NULL;
    pg_cox *cox = NULL;
    double *median = NULL, chisq = 0;
    size_t n = 0, n_strata = 0;
    int rc = 1, all = argc <= 3;
    double t[5] = {0}, t_frame = 0;
    t[0] = now();
    if (pg_dataset_read_csv(argv[1], &co, &ds, &e)) return fail("read", &e);
    t[1] = now();
    int need_g = wanted(argc, argv, "km") || wanted(argc, argv, "logrank");
    if (need_g && pg_frame_new(ds, "Surv(time, event) ~ group", NULL, &fg, &e)) {
        fail("frame", &e);
        goto done;
    }
    t_frame = now() - t[1];
    pg_km_opts ko;
    pg_km_opts_init(&ko);
    if (wanted(argc, argv, "km") && pg_km_fit(fg, &ko, &km, &e)) {
        fail("km", &e);
        goto done;
    }
    t[2] = now();
    pg_logrank_opts lo;
    pg_logrank_opts_init(&lo);
    if (wanted(argc, argv, "logrank") && pg_logrank_test(fg, &lo, &lr, &e)) {
        fail("logrank", &e);
        goto done;
    }
    t[3] = now();
    /* Keep the numbers the JSON needs and release what the Cox model does not use: a C
     * program holds only what is still needed (R keeps everything until the end). */
    if (fg) n = pg_frame_n(fg);
    if (km) {
        n_strata = km->n_strata;
        if (!(median = malloc((n_strata ? n_strata : 1) * sizeof *median))) goto done;
        for (size_t s = 0; s < n_strata; s++) median[s] = km->median[s].estimate;
    }
    if (lr) chisq = lr->chisq;
    pg_km_free(km);
    pg_logrank_free(lr);
    pg_frame_free(fg);
    km = NULL;
    lr = NULL;
    fg = NULL;
    if (wanted(argc, argv, "cox")) {
        pg_frame_opts fo;
        pg_frame_opts_init(&fo);
        fo.no_groups = 1;               /* the Cox model needs no groups */
        if (pg_frame_new(ds, "Surv(time, event) ~ x1 + x2 + x3 + x4 + x5 + sex", &fo, &fx,
                         &e)) {
            fail("frame", &e);
            goto done;
        }
        pg_dataset_free(ds);            /* the frame has copied what the model needs */
        ds = NULL;
        pg_cox_opts xo;
        pg_cox_opts_init(&xo);
        xo.threads = threads;
        if (pg_cox_fit(fx, &xo, &cox, &e)) {
            fail("cox", &e);
            goto done;
        }
    }
    t[4] = now();
    rc = 0;
    if (all) {
        FILE *f = fopen(argv[2], "w");
        if (!f) {
            perror(argv[2]);
            rc = 1;
            goto done;
        }
        fprintf(f, "{\n  \"n\": %zu,\n  \"km_median\": [", n);
        for (size_t s = 0; s < n_strata; s++) fprintf(f, "%s%.17g", s ? ", " : "", median[s]);
        fprintf(f, "],\n  \"logrank_chisq\": %.17g,\n  \"cox_coef\": [", chisq);
        for (size_t j = 0; j < cox->n_coef; j++) fprintf(f, "%s%.17g", j ? ", " : "", cox->coef[j]);
        fprintf(f, "],\n  \"cox_loglik\": %.17g\n}\n", cox->loglik_final);
        rc = fclose(f) != 0;
    }
    fprintf(stderr, "phases read=%.3f km=%.3f (frame %.3f) logrank=%.3f cox=%.3f\n", t[1] - t[0],
            t[2] - t[1], t_frame, t[3] - t[2], t[4] - t[3]);
done:
    free(median);
    pg_cox_free(cox);
    pg_logrank_free(lr);
    pg_km_free(km);
    pg_frame_free(fx);
    pg_frame_free(fg);
    pg_dataset_free(ds);
    return rc;
}
