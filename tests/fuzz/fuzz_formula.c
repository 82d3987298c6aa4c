/* fuzz_formula.c -- libFuzzer harness: a formula and a --where expression (the input's first line
 * and the rest) evaluated on a fixed dataset (datasets/melanoma.csv, plus a one-row and a
 * two-file pooled version), then every estimator that needs no optimiser -- km, logrank -- and
 * their renderers in every format, written to /dev/null. Errors are expected; crashes, leaks,
 * undefined behaviour and hangs (libFuzzer's -timeout) are findings. */
#include "render_km.h"
#include "render_logrank.h"
#include "prognos/dataset.h"
#include "prognos/frame.h"
#include "prognos/km.h"
#include "prognos/logrank.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifndef PG_SOURCE_DIR
#error "PG_SOURCE_DIR must name the source tree (tests/fuzz/CMakeLists.txt)"
#endif

static pg_dataset *data;
static FILE *devnull;

static void load(void)
{
    pg_csv_opts opt;
    pg_csv_opts_init(&opt);
    pg_error err = {0};
    if (pg_dataset_read_csv(PG_SOURCE_DIR "/datasets/melanoma.csv", &opt, &data, &err) ||
        !(devnull = fopen("/dev/null", "w"))) {
        fprintf(stderr, "fuzz_formula: %s\n", err.msg);
        abort();
    }
}

static void estimate(const pg_frame *fr, const char *formula)
{
    static const pg_format fmts[] = {PG_FMT_TEXT, PG_FMT_CSV, PG_FMT_JSON, PG_FMT_MD};
    pg_error err = {0};
    pg_km *km = NULL;
    if (pg_km_fit(fr, NULL, &km, &err) == PG_OK) {
        pg_km_render_opts ro;
        pg_km_render_opts_init(&ro);
        ro.formula = formula;
        for (size_t k = 0; k < sizeof fmts / sizeof *fmts; k++) pg_km_render(devnull, km, &ro, fmts[k]);
        pg_km_free(km);
    }
    pg_logrank *lr = NULL;
    pg_logrank_opts lo;
    pg_logrank_opts_init(&lo);
    lo.trend = 1;
    if (pg_logrank_test(fr, &lo, &lr, &err) == PG_OK) {
        for (size_t k = 0; k < sizeof fmts / sizeof *fmts; k++) pg_logrank_render(devnull, lr, fmts[k]);
        pg_logrank_free(lr);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *bytes, size_t size)
{
    if (!data) load();
    if (size > 4096) return 0;
    char *text = malloc(size + 1);
    if (!text) return 0;
    memcpy(text, bytes, size);
    text[size] = '\0';
    if (strlen(text) != size) {         /* a NUL: the CLI's argv cannot hold one either */
        free(text);
        return 0;
    }
    char *where = strchr(text, '\n');
    if (where) *where++ = '\0';
    for (int design = 0; design < 2; design++) {
        pg_frame_opts fo;
        pg_frame_opts_init(&fo);
        fo.where = where;
        fo.no_design = !design;
        fo.max_matrix_bytes = 64u << 20;   /* keep the fuzzer's memory small */
        pg_frame *fr = NULL;
        pg_error err = {0};
        if (pg_frame_new(data, text, &fo, &fr, &err) == PG_OK) {
            if (!design) estimate(fr, text);
            pg_frame_free(fr);
        }
    }
    free(text);
    return 0;
}
