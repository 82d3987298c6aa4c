/* fuzz_pooling.c -- libFuzzer harness: the inputs of the pooling commands (issue 15) on
 * arbitrary bytes, through the command line itself (src/cli/main.c as pg_fuzz_cli_main, as
 * fuzz_cli): the first byte picks the surface - a meta-analysis table (estimates and SEs, or
 * HRs with limits, or O-E and V), a digitised curve for reconstruct with the bundled risk
 * table, or a numbers-at-risk table with the bundled curve - and the rest is that CSV file.
 * Any crash, leak, ASan/UBSan report or timeout is a finding; bad input must exit 2. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

int pg_fuzz_cli_main(int argc, char **argv);

#define RDIR PG_SOURCE_DIR "/tests/data/reconstruct/"

static char path[64];

static void remove_tmp(void)
{
    if (path[0]) unlink(path);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static int quiet;
    if (!quiet) {
        quiet = 1;
        if (!freopen("/dev/null", "w", stdout)) abort();
        snprintf(path, sizeof path, "/tmp/pg_fuzz_pooling_%ld.csv", (long)getpid());
        atexit(remove_tmp);
    }
    if (size == 0) return 0;
    FILE *f = fopen(path, "wb");
    if (!f) return 0;
    fwrite(data + 1, 1, size - 1, f);
    fclose(f);
    char *meta_se[] = {"prognos", "meta", "--yi", "yi", "--sei", "sei", "--label", "label",
                       "--leave-one-out", "--egger", "--format", "json", path, NULL};
    char *meta_hr[] = {"prognos", "meta", "--hr", "or", "--lower", "lower", "--upper", "upper",
                       "--label", "label", "--method", "dl", "--test", "knha", path, NULL};
    char *meta_oe[] = {"prognos", "meta", "--oe", "oe", "--v", "v", "--label", "label",
                       "--format", "md", path, NULL};
    char *rec_curve[] = {"prognos", "reconstruct", "--curve", path, "--risk",
                         RDIR "small_risk.csv", "--arm", "trial", NULL};
    char *rec_risk[] = {"prognos", "reconstruct", "--curve", RDIR "small_curve.csv", "--risk",
                        path, "--events", "10", "--format", "text", NULL};
    char **argvs[] = {meta_se, meta_hr, meta_oe, rec_curve, rec_risk};
    char **argv = argvs[data[0] % 5];
    int argc = 0;
    while (argv[argc]) argc++;
    pg_fuzz_cli_main(argc, argv);
    return 0;
}
