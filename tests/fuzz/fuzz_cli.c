/* fuzz_cli.c -- libFuzzer harness: the whole command line, main() of src/cli/main.c (compiled
 * here as pg_fuzz_cli_main), called many times in one process with argv generated from the
 * input: each byte picks a token of a fixed vocabulary (commands, options, values, the bundled
 * datasets). No token writes a file (-o, --script and plot are left out), none reads standard
 * input. This checks that main can run twice in one process (getopt reset, no state kept) and
 * that any combination of options ends in an answer or a one-line error. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifndef PG_SOURCE_DIR
#error "PG_SOURCE_DIR must name the source tree (tests/fuzz/CMakeLists.txt)"
#endif

int pg_fuzz_cli_main(int argc, char **argv);

static const char *const vocab[] = {
    /* commands */
    "km", "logrank", "cox", "describe", "cif", "zph", "table", "finegray", "help", "--help",
    /* options */
    "-f", "--where", "--format", "--conf-level", "--conf-type", "--censor", "--cause",
    "--times", "--quantiles", "--rmst-tau", "--steps", "--cumhaz", "--censored", "--followup",
    "--trend", "--scores", "--pairwise", "--weights", "--rho", "--gamma", "--adjust", "--exact",
    "--permutations", "--seed", "--ties", "--robust", "--firth", "--na", "--numeric",
    "--categorical", "--delim", "--decimal", "--help", "--", "-x",
    /* values */
    "Surv(time, status == \"melanoma\") ~ sex", "Surv(time, status) ~ ulcer + strata(sex)",
    "Surv(time, status != \"alive\") ~ factor(year) * sex", "Surv(time, status) ~ 1",
    "Surv(time, cens) ~ treat", "Surv(futime, fustat) ~ rx + age", "age > 50", "sex == \"F\"",
    "thickness^2 < 4 | ulcer == \"present\"", "text", "csv", "json", "md", "log-log", "plain",
    "0.9", "0", "-1", "1e308", "NaN", "1,2", "1e308,-1e308,0", "10,20,30", "melanoma", "alive",
    "other", "efron", "breslow", "exact", "holm", "fh", "all", "events", ";", ",", "x", "",
    /* data */
    PG_SOURCE_DIR "/datasets/melanoma.csv", PG_SOURCE_DIR "/tests/data/gehan.csv",
    PG_SOURCE_DIR "/tests/data/ovarian.csv", PG_SOURCE_DIR "/tests/data/nonexistent.csv",
};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static int quiet;
    if (!quiet) {
        quiet = 1;
        if (!freopen("/dev/null", "w", stdout)) abort();
    }
    enum { MAXARG = 24 };
    char *argv[MAXARG + 2];
    int argc = 0;
    argv[argc++] = "prognos";
    for (size_t i = 0; i < size && argc < MAXARG + 1; i++)
        argv[argc++] = (char *)vocab[data[i] % (sizeof vocab / sizeof *vocab)];
    argv[argc] = NULL;
    pg_fuzz_cli_main(argc, argv);
    return 0;
}
