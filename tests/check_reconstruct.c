/* check_reconstruct.c -- Guyot et al.'s reconstruction (src/methods/reconstruct.c): the round
 * trip of survival::lung through its published curve and risk table, a hand-like digitisation
 * of it, the small cases and the errors. The targets are what R says of the real patients
 * (tests/fixtures/reconstruct_r.h, written by scripts/fixtures/reconstruct.R, each value with
 * its R call); the inputs are in tests/data/reconstruct (the lung files are
 * ../shared/literature/reconstruction; the digitisation is made by the same R script). */
#include <string.h>

#include "pg_test.h"

#include "fixtures/reconstruct_r.h"

#define DIR PG_TEST_DATA "/reconstruct/"

/* One arm read from a curve and a risk file (columns 0 and 1 of each), kept alive for a fit. */
typedef struct arm_files {
    pg_dataset *curve, *risk;
    pg_recon_arm_input in;
} arm_files;

static void arm_load(arm_files *a, const char *curve, const char *risk, const char *arm,
                     double events)
{
    pg_error err = {0};
    ck_assert_int_eq(pg_dataset_read_csv(curve, NULL, &a->curve, &err), PG_OK);
    ck_assert_int_eq(pg_dataset_read_csv(risk, NULL, &a->risk, &err), PG_OK);
    a->in = (pg_recon_arm_input){.arm = arm, .curve_file = curve, .risk_file = risk,
                                 .n_points = pg_dataset_nrow(a->curve),
                                 .time = pg_dataset_numeric(a->curve, 0),
                                 .surv = pg_dataset_numeric(a->curve, 1),
                                 .n_risk_rows = pg_dataset_nrow(a->risk),
                                 .risk_time = pg_dataset_numeric(a->risk, 0),
                                 .at_risk = pg_dataset_numeric(a->risk, 1), .events = events};
}

static void arm_unload(arm_files *a)
{
    pg_dataset_free(a->curve);
    pg_dataset_free(a->risk);
}

/* The rows as a dataset (time, event, female = arm 1) and a frame of formula over it. */
static pg_frame *rows_frame(const pg_recon *r, const char *formula, pg_dataset **ds)
{
    double *ev = malloc(r->n_rows * sizeof *ev), *arm = malloc(r->n_rows * sizeof *arm);
    for (size_t i = 0; i < r->n_rows; i++) {
        ev[i] = r->event[i];
        arm[i] = (double)r->arm[i];
    }
    pg_error err = {0};
    *ds = pg_dataset_new();
    ck_assert_int_eq(pg_dataset_add_numeric(*ds, "time", r->time, r->n_rows, &err), PG_OK);
    ck_assert_int_eq(pg_dataset_add_numeric(*ds, "event", ev, r->n_rows, &err), PG_OK);
    ck_assert_int_eq(pg_dataset_add_numeric(*ds, "female", arm, r->n_rows, &err), PG_OK);
    free(ev);
    free(arm);
    pg_frame *fr = NULL;
    ck_assert_int_eq(pg_frame_new(*ds, formula, NULL, &fr, &err), PG_OK);
    return fr;
}

static double rows_median(const pg_recon *r)
{
    pg_dataset *ds;
    pg_frame *fr = rows_frame(r, "Surv(time, event) ~ 1", &ds);
    pg_km *km = NULL;
    pg_error err = {0};
    ck_assert_int_eq(pg_km_fit(fr, NULL, &km, &err), PG_OK);
    double m = km->median[0].estimate;
    pg_km_free(km);
    pg_frame_free(fr);
    pg_dataset_free(ds);
    return m;
}

/* Position of t among R's KM step times (the first step at or after t). */
static long step_of(double t)
{
    long i = 0;
    while (i < RECON_LUNG_N_STEPS && recon_lung_steps[i] < t) i++;
    return i;
}

static pg_recon *fit_ok(const pg_recon_arm_input *in, size_t n, const pg_recon_opts *o)
{
    pg_recon *r = NULL;
    pg_error err = {0};
    int rc = pg_recon_fit(in, n, o, &r, &err);
    ck_assert_msg(rc == PG_OK, "pg_recon_fit: %s", err.msg);
    return r;
}

START_TEST(lung_round_trip)
{
    /* with the reported total of events and without it */
    for (int given = 0; given < 2; given++) {
        arm_files a;
        arm_load(&a, DIR "lung_km_steps.csv", DIR "lung_nrisk_0_800.csv", "all",
                 given ? RECON_LUNG_EVENTS : NAN);
        pg_recon *r = fit_ok(&a.in, 1, NULL);
        ck_assert_uint_eq(r->n_rows, RECON_LUNG_N);
        ck_assert_uint_eq(r->arms[0].n, RECON_LUNG_N);
        ck_assert_int_le(labs((long)r->arms[0].events - RECON_LUNG_EVENTS), 2);
        double med = rows_median(r);
        ck_assert_int_le(labs(step_of(med) - step_of(RECON_LUNG_MEDIAN)), 1);
        ck_assert(r->arms[0].rmse < 0.005 && r->arms[0].max_abs_diff < 0.01);
        ck_assert_uint_eq(r->arms[0].n_risk, 9);
        for (size_t i = 0; i < 9; i++)
            ck_assert(fabs(r->arms[0].n_risk_rebuilt[i] - r->arms[0].n_risk_published[i]) <= 2);
        pg_recon_free(r);
        arm_unload(&a);
    }
}
END_TEST

/* Two arms in one call; the HR female vs male fitted with our own Cox on the rows. */
static double sex_hr(int with_events)
{
    arm_files m, f;
    arm_load(&m, DIR "lung_km_steps_sex1.csv", DIR "lung_nrisk_sex1.csv", "male",
             with_events ? RECON_LUNG_EVENTS_MALE : NAN);
    arm_load(&f, DIR "lung_km_steps_sex2.csv", DIR "lung_nrisk_sex2.csv", "female",
             with_events ? RECON_LUNG_EVENTS_FEMALE : NAN);
    pg_recon_arm_input in[2] = {m.in, f.in};
    pg_recon *r = fit_ok(in, 2, NULL);
    ck_assert_uint_eq(r->n_rows, RECON_LUNG_N);
    ck_assert_str_eq(r->arms[1].arm, "female");
    if (with_events) {
        ck_assert_int_le(labs((long)r->arms[0].events - RECON_LUNG_EVENTS_MALE), 2);
        ck_assert_int_le(labs((long)r->arms[1].events - RECON_LUNG_EVENTS_FEMALE), 2);
    }
    pg_dataset *ds;
    pg_frame *fr = rows_frame(r, "Surv(time, event) ~ female", &ds);
    pg_cox *cx = NULL;
    pg_error err = {0};
    ck_assert_int_eq(pg_cox_fit(fr, NULL, &cx, &err), PG_OK);
    double hr = exp(cx->coef[0]);
    pg_cox_free(cx);
    pg_frame_free(fr);
    pg_dataset_free(ds);
    pg_recon_free(r);
    arm_unload(&m);
    arm_unload(&f);
    return hr;
}

START_TEST(lung_sex_hazard_ratio)
{
    pg_ck_abs(sex_hr(1), RECON_LUNG_HR_FEMALE, 0.02);
    pg_ck_abs(sex_hr(0), RECON_LUNG_HR_FEMALE, 0.02);
}
END_TEST

/* A figure-like digitisation: 40% of the steps, both corners, jittered by +/-0.5%, percent. */
START_TEST(lung_hand_digitised)
{
    arm_files a;
    arm_load(&a, DIR "lung_digitised.csv", DIR "lung_nrisk_0_800.csv", "all", RECON_LUNG_EVENTS);
    pg_recon_opts o;
    pg_recon_opts_init(&o);
    o.percent = 1;
    pg_recon *r = fit_ok(&a.in, 1, &o);
    ck_assert_uint_eq(r->n_rows, RECON_LUNG_N);
    ck_assert_int_le(labs((long)r->arms[0].events - RECON_LUNG_EVENTS), 2);
    /* Guyot et al. report medians within a few percent of the originals */
    pg_ck_rel(rows_median(r), RECON_LUNG_MEDIAN, 0.03);
    ck_assert(r->arms[0].rmse < 0.01 && r->arms[0].max_abs_diff < 0.03);
    pg_recon_free(r);
    arm_unload(&a);
}
END_TEST

/* ---- edge: small hand-made curves ---- */

static pg_recon_arm_input arm_of(const double *t, const double *s, size_t np, const double *rt,
                                 const double *rn, size_t nr, double events)
{
    return (pg_recon_arm_input){.arm = "a", .curve_file = "c.csv", .risk_file = "r.csv",
                                .n_points = np, .time = t, .surv = s, .n_risk_rows = nr,
                                .risk_time = rt, .at_risk = rn, .events = events};
}

START_TEST(no_events)
{
    double t[] = {0, 5, 10}, s[] = {1, 1, 1}, rt[] = {0, 5}, rn[] = {10, 6};
    pg_recon_arm_input in = arm_of(t, s, 3, rt, rn, 2, NAN);
    pg_recon *r = fit_ok(&in, 1, NULL);
    ck_assert_uint_eq(r->n_rows, 10);
    ck_assert_uint_eq(r->arms[0].events, 0);
    ck_assert_double_eq(r->arms[0].n_risk_rebuilt[1], 6);
    for (size_t i = 0; i < r->n_rows; i++) ck_assert_int_eq(r->event[i], 0);
    pg_recon_free(r);
}
END_TEST

START_TEST(everyone_dies)
{
    double t[] = {1, 2, 3, 4}, s[] = {0.75, 0.5, 0.25, 0}, rt[] = {0}, rn[] = {4};
    pg_recon_arm_input in = arm_of(t, s, 4, rt, rn, 1, 4);
    pg_recon *r = fit_ok(&in, 1, NULL);
    ck_assert_uint_eq(r->n_rows, 4);
    ck_assert_uint_eq(r->arms[0].events, 4);
    for (size_t i = 0; i < 4; i++) ck_assert_double_eq(r->time[i], (double)(i + 1));
    pg_ck_abs(r->arms[0].max_abs_diff, 0, 1e-12);
    pg_recon_free(r);
}
END_TEST

/* A published table ending with nobody at risk after the curve's last point: that row is
 * dropped (not an interval without points), and the rebuilt table still reports it. */
START_TEST(trailing_zero_at_risk)
{
    double t[] = {2, 4, 6}, s[] = {0.8, 0.6, 0.6}, rt[] = {0, 3, 10}, rn[] = {10, 8, 0};
    pg_recon_arm_input in = arm_of(t, s, 3, rt, rn, 3, NAN);
    pg_recon *r = fit_ok(&in, 1, NULL);
    ck_assert_uint_eq(r->n_rows, 10);
    ck_assert_uint_eq(r->arms[0].n_risk, 3);
    ck_assert_double_eq(r->arms[0].n_risk_rebuilt[2], 0);
    pg_recon_free(r);
    double rn2[] = {10, 8, 2};   /* someone at risk where the curve has no point: an error */
    in = arm_of(t, s, 3, rt, rn2, 3, NAN);
    pg_error err = {0};
    ck_assert_int_eq(pg_recon_fit(&in, 1, NULL, &r, &err), PG_EINPUT);
    ck_assert_ptr_nonnull(strstr(err.msg, "at or after time 10"));
}
END_TEST

/* Cleaning: unsorted, reads above 1, a rise, a duplicate, the failure scale in percent all give
 * the rows of the clean curve. */
START_TEST(cleaning)
{
    double t[] = {0, 2, 4, 6}, s[] = {1, 0.8, 0.6, 0.6}, rt[] = {0, 3}, rn[] = {10, 8};
    double td[] = {4, -0.1, 2, 6, 2, 5}, fd[] = {40, 0, 20, 40, 19, 39.5};
    pg_recon_arm_input in = arm_of(t, s, 4, rt, rn, 2, NAN);
    pg_recon_arm_input dirty = arm_of(td, fd, 6, rt, rn, 2, NAN);
    pg_recon_opts o;
    pg_recon_opts_init(&o);
    o.percent = o.failure = 1;
    pg_recon *a = fit_ok(&in, 1, NULL), *b = fit_ok(&dirty, 1, &o);
    ck_assert_uint_eq(a->arms[0].events, 4);
    ck_assert_uint_eq(b->arms[0].events, a->arms[0].events);
    ck_assert_uint_eq(b->arms[0].n_points_used, 5);   /* 0, 2, 4, 5, 6 */
    ck_assert_uint_eq(b->n_rows, a->n_rows);
    for (size_t i = 0; i < a->n_rows; i++) ck_assert_int_eq(b->event[i], a->event[i]);
    pg_recon_free(a);
    pg_recon_free(b);
}
END_TEST

/* ---- errors: code, file and line ---- */

static void expect_error(const pg_recon_arm_input *in, long line, const char *msg)
{
    pg_recon *r = (pg_recon *)1;
    pg_error err = {0};
    long lines[] = {2, 3, 4, 5};
    pg_recon_arm_input x = *in;
    x.risk_line = lines;
    ck_assert_int_eq(pg_recon_fit(&x, 1, NULL, &r, &err), PG_EINPUT);
    ck_assert_ptr_null(r);
    ck_assert_str_eq(err.file, "r.csv");
    ck_assert_int_eq(err.line, line);
    ck_assert_msg(strstr(err.msg, msg), "message '%s' lacks '%s'", err.msg, msg);
}

START_TEST(bad_risk_tables)
{
    double t[] = {1, 2, 6, 7}, s[] = {0.9, 0.8, 0.7, 0.6};
    double rt1[] = {0, 5, 5}, rn1[] = {10, 8, 7};
    pg_recon_arm_input in = arm_of(t, s, 4, rt1, rn1, 3, NAN);
    expect_error(&in, 4, "not increasing");
    double rt2[] = {0, 5}, rn2[] = {10, 11};
    in = arm_of(t, s, 4, rt2, rn2, 2, NAN);
    expect_error(&in, 3, "increases");
    double rt3[] = {0, 3, 5}, rn3[] = {10, 8, 7};
    in = arm_of(t, s, 4, rt3, rn3, 3, NAN);
    expect_error(&in, 3, "no digitised point");
    double rt4[] = {1, 5}, rn4[] = {10, 8};
    in = arm_of(t, s, 4, rt4, rn4, 2, NAN);
    expect_error(&in, 2, "start at time 0");
    double rt5[] = {0, 5}, rn5[] = {10, 7.5};
    in = arm_of(t, s, 4, rt5, rn5, 2, NAN);
    expect_error(&in, 3, "whole number");
}
END_TEST

START_TEST(bad_events)
{
    double t[] = {1, 2}, s[] = {0.9, 0.8}, rt[] = {0}, rn[] = {10};
    pg_recon_arm_input in = arm_of(t, s, 2, rt, rn, 1, 11);
    pg_recon *r = NULL;
    pg_error err = {0};
    ck_assert_int_eq(pg_recon_fit(&in, 1, NULL, &r, &err), PG_EINPUT);
    ck_assert_ptr_null(r);
    ck_assert_ptr_nonnull(strstr(err.msg, "11 events reported for 10 patients"));
    double tn[] = {NAN}, sn[] = {0.5};
    long pl[] = {7};
    in = arm_of(tn, sn, 1, rt, rn, 1, NAN);
    in.point_line = pl;
    ck_assert_int_eq(pg_recon_fit(&in, 1, NULL, &r, &err), PG_EINPUT);
    ck_assert_str_eq(err.file, "c.csv");
    ck_assert_int_eq(err.line, 7);
}
END_TEST

static Suite *reconstruct_suite(void)
{
    Suite *s = suite_create("reconstruct");
    TCase *ref = tcase_create("reference"), *edge = tcase_create("edge"),
          *errs = tcase_create("errors");
    tcase_add_test(ref, lung_round_trip);
    tcase_add_test(ref, lung_sex_hazard_ratio);
    tcase_add_test(ref, lung_hand_digitised);
    tcase_add_test(edge, no_events);
    tcase_add_test(edge, everyone_dies);
    tcase_add_test(edge, cleaning);
    tcase_add_test(edge, trailing_zero_at_risk);
    tcase_add_test(errs, bad_risk_tables);
    tcase_add_test(errs, bad_events);
    suite_add_tcase(s, ref);
    suite_add_tcase(s, edge);
    suite_add_tcase(s, errs);
    return s;
}

int main(void)
{
    return pg_test_run(reconstruct_suite());
}
