/* logrank.c -- `prognos logrank`: compare survival between groups (R: survdiff), with the
 * weights R lacks, a test for trend, pairwise comparisons and an exact permutation p-value. */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "commands.h"
#include "render_logrank.h"

enum {
    OPT_RHO = CLI_OPT_FIRST_FREE, OPT_GAMMA, OPT_WEIGHTS, OPT_TREND, OPT_SCORES, OPT_PAIRWISE,
    OPT_ADJUST, OPT_EXACT, OPT_PERMUTATIONS, OPT_SEED, OPT_MAX_ENUMERATE
};

static const struct option long_opts[] = {
    CLI_COMMON_LONGOPTS,
    {"rho", required_argument, NULL, OPT_RHO},
    {"gamma", required_argument, NULL, OPT_GAMMA},
    {"weights", required_argument, NULL, OPT_WEIGHTS},
    {"trend", no_argument, NULL, OPT_TREND},
    {"scores", required_argument, NULL, OPT_SCORES},
    {"pairwise", no_argument, NULL, OPT_PAIRWISE},
    {"adjust", required_argument, NULL, OPT_ADJUST},
    {"exact", no_argument, NULL, OPT_EXACT},
    {"permutations", required_argument, NULL, OPT_PERMUTATIONS},
    {"seed", required_argument, NULL, OPT_SEED},
    {"max-enumerate", required_argument, NULL, OPT_MAX_ENUMERATE},
    {NULL, 0, NULL, 0}
};

static void help(void)
{
    printf("usage: prognos logrank -f 'Surv(time, status) ~ group [+ strata(s)]' [OPTIONS] "
           "FILE...\n"
           "\n"
           "Test whether survival differs between groups: the log-rank test and its weighted\n"
           "family, within strata, as R's survdiff; a test for trend across ordered groups;\n"
           "pairwise comparisons; an exact permutation p-value for small series.\n"
           "\n"
           "Test options:\n"
           "      --rho R            G-rho weights S(t-)^R as survdiff(rho = R); 1 is Peto-Peto\n"
           "      --weights W        logrank (default), gehan (n at risk), tarone-ware (sqrt n),\n"
           "                         fh (Fleming-Harrington S(t-)^rho (1 - S(t-))^gamma)\n"
           "      --gamma G          the gamma of --weights fh (default 0)\n"
           "      --trend            also test for trend across the groups in level order\n"
           "      --scores LIST      trend scores, one per group, e.g. 1,2,3 (implies --trend)\n"
           "      --pairwise         also compare every pair of groups\n"
           "      --adjust M         pairwise p-value adjustment: holm (default), bonferroni,\n"
           "                         none\n"
           "      --exact            permutation p-value (group labels permuted within strata)\n"
           "      --permutations N   Monte Carlo draws when enumeration is too large (10000)\n"
           "      --seed S           Monte Carlo seed (default 1)\n"
           "      --max-enumerate N  enumerate every arrangement when there are at most N\n"
           "                         (default 100000), else draw at random\n"
           "\n%s"
           "\nExamples:\n"
           "  prognos logrank -f 'Surv(time, cens) ~ treat' tests/data/gehan.csv\n"
           "  prognos logrank -f 'Surv(time, status) ~ rx + strata(sex)' --pairwise colon.csv\n"
           "  prognos logrank -f 'Surv(months, dod) ~ grade' --trend --exact lms.csv\n",
           cli_common_help);
}

/* Progress bar on stderr for a long permutation test: only on a terminal, and only once the
 * test has run for more than a second. */
typedef struct progress {
    struct timespec start;
    int tty, shown;
} progress;

static double elapsed(const struct timespec *t0)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (double)(now.tv_sec - t0->tv_sec) + 1e-9 * (double)(now.tv_nsec - t0->tv_nsec);
}

static void show_progress(size_t done, size_t total, void *ctx)
{
    progress *p = ctx;
    if (!p->tty || total == 0) return;
    if (!p->shown && elapsed(&p->start) < 1.0) return;
    p->shown = 1;
    int width = 30, fill = (int)((double)width * (double)done / (double)total);
    fprintf(stderr, "\rprognos logrank: permutations [%.*s%*s] %3d%%",
            fill, "##############################", width - fill, "",
            (int)(100.0 * (double)done / (double)total));
    if (done >= total) fputc('\n', stderr);
    fflush(stderr);
}

static int parse_count(const char *s, unsigned long long *out)
{
    if (!s || !*s || *s == '-') return PG_EINPUT;
    char *end;
    errno = 0;
    unsigned long long v = strtoull(s, &end, 10);
    if (*end || errno) return PG_EINPUT;
    *out = v;
    return PG_OK;
}

int cmd_logrank(int argc, char **argv)
{
    cli_common c;
    cli_init(&c, "logrank");
    pg_logrank_opts o;
    pg_logrank_opts_init(&o);
    pg_dataset *ds = NULL;
    pg_frame *fr = NULL;
    pg_logrank *lr = NULL;
    double *scores = NULL;
    FILE *out = NULL;
    int ex = PG_EXIT_OK, have_weights = 0, have_rho = 0, have_gamma = 0;
    unsigned long long u;

    optind = 0;
    opterr = 0;
    int opt;
    while ((opt = getopt_long(argc, argv, CLI_COMMON_SHORTOPTS, long_opts, NULL)) != -1) {
        switch (opt) {
        case 'h':
            help();
            goto done;
        case OPT_RHO:
        case OPT_GAMMA:
            if (cli_parse_double(optarg, opt == OPT_RHO ? &o.rho : &o.gamma) ||
                (opt == OPT_RHO ? o.rho : o.gamma) < 0) {
                cli_errorf(&c, 1, "--%s must be a number >= 0, not '%s'",
                           opt == OPT_RHO ? "rho" : "gamma", optarg);
                ex = PG_EXIT_USAGE;
                goto done;
            }
            if (opt == OPT_RHO) have_rho = 1; else have_gamma = 1;
            break;
        case OPT_WEIGHTS:
            if (pg_logrank_weights_parse(optarg, &o.weights) || o.weights == PG_WEIGHTS_GRHO) {
                cli_errorf(&c, 1, "unknown weights '%s' (use logrank, gehan, tarone-ware or fh; "
                                  "--rho R for G-rho)", optarg);
                ex = PG_EXIT_USAGE;
                goto done;
            }
            have_weights = 1;
            break;
        case OPT_TREND: o.trend = 1; break;
        case OPT_SCORES:
            free(scores);
            scores = NULL;
            if (cli_parse_doubles(optarg, &scores, &o.n_scores)) {
                cli_errorf(&c, 1, "--scores must be numbers separated by commas, not '%s'",
                           optarg);
                ex = PG_EXIT_USAGE;
                goto done;
            }
            o.scores = scores;
            o.trend = 1;
            break;
        case OPT_PAIRWISE: o.pairwise = 1; break;
        case OPT_ADJUST:
            if (pg_logrank_adjust_parse(optarg, &o.adjust)) {
                cli_errorf(&c, 1, "unknown adjustment '%s' (use holm, bonferroni or none)",
                           optarg);
                ex = PG_EXIT_USAGE;
                goto done;
            }
            break;
        case OPT_EXACT: o.exact = 1; break;
        case OPT_PERMUTATIONS:
            if (parse_count(optarg, &u) || u == 0 || u > (unsigned long long)SIZE_MAX / 2) {
                cli_errorf(&c, 1, "--permutations must be a positive whole number, not '%s'",
                           optarg);
                ex = PG_EXIT_USAGE;
                goto done;
            }
            o.permutations = (size_t)u;
            break;
        case OPT_SEED:
            if (parse_count(optarg, &u) || u > (unsigned long long)(unsigned long)-1) {
                cli_errorf(&c, 1, "--seed must be a whole number >= 0, not '%s'", optarg);
                ex = PG_EXIT_USAGE;
                goto done;
            }
            o.seed = (unsigned long)u;
            break;
        case OPT_MAX_ENUMERATE:
            if (parse_count(optarg, &u) || u > (unsigned long long)SIZE_MAX / 2) {
                cli_errorf(&c, 1, "--max-enumerate must be a whole number >= 0, not '%s'",
                           optarg);
                ex = PG_EXIT_USAGE;
                goto done;
            }
            o.max_enumerate = (size_t)u;
            break;
        default:
            ex = cli_common_option(&c, opt, optarg, argc, argv);
            if (ex == -1) {
                cli_errorf(&c, 1, "unknown option '%s'", argv[optind - 1]);
                ex = PG_EXIT_USAGE;
            }
            if (ex) goto done;
        }
    }

    /* --rho and --gamma: G-rho by default, the parameters of fh with --weights fh. */
    if (have_gamma && !have_weights) o.weights = PG_WEIGHTS_FH;
    if (have_rho && !have_weights && !have_gamma) o.weights = PG_WEIGHTS_GRHO;
    if (have_rho && have_weights && o.weights == PG_WEIGHTS_LOGRANK) o.weights = PG_WEIGHTS_GRHO;
    if ((have_rho || have_gamma) &&
        (o.weights == PG_WEIGHTS_GEHAN || o.weights == PG_WEIGHTS_TARONE_WARE)) {
        cli_errorf(&c, 1, "--%s does not apply to --weights %s", have_rho ? "rho" : "gamma",
                   pg_logrank_weights_name(o.weights));
        ex = PG_EXIT_USAGE;
        goto done;
    }
    if (have_gamma && o.weights != PG_WEIGHTS_FH) {
        cli_errorf(&c, 1, "--gamma applies only to --weights fh");
        ex = PG_EXIT_USAGE;
        goto done;
    }
    if (o.weights == PG_WEIGHTS_GRHO && o.rho == 0) o.weights = PG_WEIGHTS_LOGRANK;

    if ((ex = cli_files(&c, argc, argv, optind)) != PG_EXIT_OK) goto done;
    if ((ex = cli_load(&c, &ds, &fr)) != PG_EXIT_OK) goto done;

    progress pr = {0};
    pr.tty = isatty(STDERR_FILENO);
    clock_gettime(CLOCK_MONOTONIC, &pr.start);
    if (o.exact) {
        o.progress = show_progress;
        o.progress_ctx = &pr;
    }
    pg_error err = {0};
    int rc = pg_logrank_test(fr, &o, &lr, &err);
    if (rc) {
        cli_report(&c, &err);
        ex = cli_exit_code(rc);
        goto done;
    }
    if ((ex = cli_output_open(&c, &out)) != PG_EXIT_OK) goto done;
    rc = pg_logrank_render(out, lr, c.format);
    if (rc) cli_errorf(&c, 0, "%s", rc == PG_EIO ? "cannot write the output" : "out of memory");
    ex = cli_output_close(&c, out, rc ? (rc == PG_EIO ? PG_EXIT_USAGE : PG_EXIT_ANALYSIS)
                                      : PG_EXIT_OK);
done:
    pg_logrank_free(lr);
    pg_frame_free(fr);
    pg_dataset_free(ds);
    free(scores);
    cli_free(&c);
    return ex;
}
