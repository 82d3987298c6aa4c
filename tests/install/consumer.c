/* consumer.c -- a program built against an installed libprognos (tests/install/check.sh). */
#include <prognos.h>
#include <stdio.h>

int main(void)
{
    double time[] = {6, 6, 6, 7, 10, 13, 16, 22, 23, 6, 9, 10, 11, 17, 19, 20, 25, 32, 32, 34};
    int status[] = {1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};
    pg_frame_spec s = {0};
    s.n = 20;
    s.time = time;
    s.status = status;
    pg_frame *fr = NULL;
    pg_km *km = NULL;
    pg_error e = {0};
    pg_km_opts o;
    pg_km_opts_init(&o);
    if (pg_frame_from_arrays(&s, &fr, &e) || pg_km_fit(fr, &o, &km, &e)) {
        char buf[300];
        fprintf(stderr, "%s\n", pg_error_str(&e, buf, sizeof buf));
        return 1;
    }
    printf("prognos %s: median %g\n", pg_version(), km->median[0].estimate);
    /* what `prognos km --format md` prints, through the public renderer (prognos/render.h) */
    if (pg_km_render(stdout, km, NULL, PG_FMT_MD) != PG_OK) return 1;
    pg_km_free(km);
    pg_frame_free(fr);
    return 0;
}
