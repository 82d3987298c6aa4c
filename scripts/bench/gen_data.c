/* gen_data.c -- benchmark data for scripts/bench/run.sh: N rows x 9 columns, fixed seed.
 *   time   integer days 1..3650 (heavy ties), exponential hazard depending on the covariates
 *   event  0/1 (about 60% events: administrative censoring at a uniform time)
 *   group  A/B/C (hazard ratios 1, 1.3, 1.7)
 *   x1..x5 standard normal (log-HRs 0.2, -0.1, 0.05, 0, 0.3)
 *   sex    F/M (log-HR 0.25 for M)
 * Usage: gen_data N SEED > file.csv. Built by run.sh with the system compiler and GSL. */
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: gen_data N SEED\n");
        return 2;
    }
    long n = atol(argv[1]);
    gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(r, strtoul(argv[2], NULL, 10));
    static const double beta[5] = {0.2, -0.1, 0.05, 0.0, 0.3};
    static const double group_lhr[3] = {0.0, 0.26236426446749106, 0.53062825106217038};
    static char buf[1 << 16];
    setvbuf(stdout, buf, _IOFBF, sizeof buf);
    printf("time,event,group,x1,x2,x3,x4,x5,sex\n");
    for (long i = 0; i < n; i++) {
        int g = (int)gsl_rng_uniform_int(r, 3);
        int male = gsl_rng_uniform(r) < 0.5;
        double x[5], lp = group_lhr[g] + (male ? 0.25 : 0.0);
        for (int k = 0; k < 5; k++) {
            x[k] = gsl_ran_ugaussian(r);
            lp += beta[k] * x[k];
        }
        double t = gsl_ran_exponential(r, 1500.0 / exp(lp));
        double c = 3650.0 * gsl_rng_uniform(r);
        int event = t <= c;
        double obs = ceil(fmin(fmin(t, c), 3650.0));
        printf("%.0f,%d,%c,%.6f,%.6f,%.6f,%.6f,%.6f,%c\n", obs, event, "ABC"[g], x[0], x[1], x[2],
               x[3], x[4], male ? 'M' : 'F');
    }
    gsl_rng_free(r);
    return 0;
}
