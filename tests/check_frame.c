/* check_frame.c -- model frames from formulas: design matrices, names, dropped and excluded rows,
 * event coding, groups, strata and clusters, new data, and the catalogue of malformed formulas.
 * Expected values from scripts/fixtures/frame.R (R's model.matrix / model.frame / survfit on the
 * files in tests/data), which writes tests/fixtures/frame_r.h. */
#include <string.h>

#include "fixtures/frame_r.h"
#include "frame_impl.h"
#include "internal.h"
#include "pg_test.h"

static pg_frame *frame(const pg_dataset *ds, const char *formula, const char *where)
{
    pg_frame_opts o;
    pg_frame_opts_init(&o);
    o.where = where;
    pg_frame *fr = NULL;
    pg_error e = {0};
    char b[512];
    int rc = pg_frame_new(ds, formula, &o, &fr, &e);
    ck_assert_msg(rc == PG_OK, "%s: %s", formula, pg_error_str(&e, b, sizeof b));
    return fr;
}

/* Read PG_TEST_DATA/name with the CSV reader's defaults. */
static pg_dataset *load(const char *name)
{
    char path[512];
    snprintf(path, sizeof path, "%s/%s", PG_TEST_DATA, name);
    pg_csv_opts o;
    pg_csv_opts_init(&o);
    pg_dataset *ds = NULL;
    pg_error e = {0};
    char b[512];
    int rc = pg_dataset_read_csv(path, &o, &ds, &e);
    ck_assert_msg(rc == PG_OK, "cannot load %s: %s", name, pg_error_str(&e, b, sizeof b));
    return ds;
}

/* Compare the whole design with R's (column-major, kept rows in data order) and our names. */
static void ck_design(const pg_frame *fr, size_t n, size_t p, size_t events, size_t dropped,
                      const double *x, const char *const *names)
{
    ck_assert_uint_eq(pg_frame_n(fr), n);
    ck_assert_uint_eq(pg_frame_p(fr), p);
    ck_assert_uint_eq(pg_frame_events(fr), events);
    ck_assert_uint_eq(pg_frame_dropped(fr), dropped);
    for (size_t j = 0; j < p; j++) {
        ck_assert_str_eq(pg_frame_colname(fr, j), names[j]);
        for (size_t i = 0; i < n; i++) pg_ck_rel(pg_frame_x(fr)[j * n + i], x[j * n + i], 1e-12);
    }
}

START_TEST(design_lung_factor_interaction)
{
    pg_dataset *ds = load("lung.csv");
    pg_frame *fr = frame(ds, "Surv(time, status) ~ factor(ph.ecog) + age*sex", NULL);
    static const char *const nm[] = {"ph.ecog=1", "ph.ecog=2", "ph.ecog=3", "age", "sex",
                                     "age:sex"};
    ck_design(fr, FR_LUNG_N, FR_LUNG_P, FR_LUNG_EVENTS, FR_LUNG_DROPPED, fr_lung_x, nm);
    ck_assert_uint_eq(pg_frame_nterms(fr), 4);
    ck_assert_str_eq(pg_frame_term_label(fr, 0), "factor(ph.ecog)");
    ck_assert_int_eq(pg_frame_term_kind(fr, 0), PG_TERM_FACTOR);
    ck_assert_str_eq(pg_frame_term_var(fr, 0), "ph.ecog");
    ck_assert_uint_eq(pg_frame_term_nlevels(fr, 0), 4);
    ck_assert_str_eq(pg_frame_term_level(fr, 0, 0), "0");
    ck_assert_str_eq(pg_frame_term_level(fr, 0, 3), "3");
    ck_assert_int_eq(pg_frame_term_ordered(fr, 0), 0);
    ck_assert_int_eq(pg_frame_term_kind(fr, 1), PG_TERM_NUMERIC);
    ck_assert_ptr_null(pg_frame_term_var(fr, 1));
    ck_assert_int_eq(pg_frame_term_kind(fr, 3), PG_TERM_INTERACTION);
    ck_assert_uint_eq(pg_frame_term_first(fr, 3), 5);
    ck_assert_uint_eq(pg_frame_term_ncol(fr, 3), 1);
    ck_assert_str_eq(pg_frame_response(fr), "Surv(time, status)");
    /* Status 1/2: 2 is the event (R's Surv rule); rows keep data order (row 14 has NA). */
    ck_assert_int_eq(pg_frame_status(fr)[0], 1);
    ck_assert_int_eq(pg_frame_status(fr)[2], 0);
    ck_assert_uint_eq(pg_frame_rows(fr)[12], 12);
    ck_assert_uint_eq(pg_frame_rows(fr)[13], 14);
    pg_frame_free(fr);
    pg_dataset_free(ds);
}
END_TEST

START_TEST(design_veteran_celltype)
{
    pg_dataset *ds = load("veteran.csv");
    pg_frame *fr = frame(ds, "Surv(time, status) ~ celltype*trt + karno", NULL);
    static const char *const nm[] = {"celltype=large", "celltype=smallcell", "celltype=squamous",
                                     "trt", "karno", "celltype=large:trt",
                                     "celltype=smallcell:trt", "celltype=squamous:trt"};
    ck_design(fr, FR_VET_N, FR_VET_P, FR_VET_EVENTS, FR_VET_DROPPED, fr_vet_x, nm);
    pg_frame_free(fr);
    fr = frame(ds, "Surv(time, status) ~ celltype*factor(prior)", NULL);
    static const char *const nm2[] = {"celltype=large", "celltype=smallcell", "celltype=squamous",
                                      "prior=10", "celltype=large:prior=10",
                                      "celltype=smallcell:prior=10",
                                      "celltype=squamous:prior=10"};
    ck_design(fr, FR_VET2_N, FR_VET2_P, FR_VET2_EVENTS, FR_VET2_DROPPED, fr_vet2_x, nm2);
    pg_frame_free(fr);
    /* Nested: no trt main effect, so celltype is coded by all four levels inside celltype:trt. */
    fr = frame(ds, "Surv(time, status) ~ celltype + celltype:trt", NULL);
    static const char *const nm3[] = {"celltype=large", "celltype=smallcell", "celltype=squamous",
                                      "celltype=adeno:trt", "celltype=large:trt",
                                      "celltype=smallcell:trt", "celltype=squamous:trt"};
    ck_design(fr, FR_VET3_N, FR_VET3_P, FR_VET3_EVENTS, FR_VET3_DROPPED, fr_vet3_x, nm3);
    ck_assert_str_eq(pg_frame_term_label(fr, 1), "celltype:trt");
    pg_frame_free(fr);
    fr = frame(ds, "Surv(time, status) ~ karno + celltype:karno", NULL);
    static const char *const nm4[] = {"karno", "karno:celltype=large", "karno:celltype=smallcell",
                                      "karno:celltype=squamous"};
    ck_design(fr, FR_VET4_N, FR_VET4_P, FR_VET4_EVENTS, FR_VET4_DROPPED, fr_vet4_x, nm4);
    ck_assert_str_eq(pg_frame_term_label(fr, 1), "karno:celltype");
    pg_frame_free(fr);
    pg_dataset_free(ds);
}
END_TEST

START_TEST(design_pbc_numeric_levels_and_functions)
{
    pg_dataset *ds = load("pbc.csv");
    pg_frame *fr = frame(ds, "Surv(time, status == 2) ~ factor(edema) + log(bili) + I(age/10) + "
                         "sex", NULL);
    static const char *const nm[] = {"edema=0.5", "edema=1", "log(bili)", "I(age/10)", "sex=m"};
    ck_design(fr, FR_PBC_N, FR_PBC_P, FR_PBC_EVENTS, FR_PBC_DROPPED, fr_pbc_x, nm);
    pg_frame_free(fr);
    pg_dataset_free(ds);
}
END_TEST

START_TEST(dropped_like_na_omit)
{
    pg_dataset *ds = load("lung.csv");
    pg_frame *fr = frame(ds, "Surv(time, status) ~ ph.ecog + wt.loss + meal.cal", NULL);
    static const char *const nm[] = {"ph.ecog", "wt.loss", "meal.cal"};
    ck_design(fr, FR_LUNG3_N, FR_LUNG3_P, FR_LUNG3_EVENTS, FR_LUNG3_DROPPED, fr_lung3_x, nm);
    ck_assert_uint_eq(pg_frame_excluded(fr), 0);
    pg_frame_free(fr);
    /* A variable computed so that it is never missing does not drop rows (R evaluates first). */
    fr = frame(ds, "Surv(time, status) ~ I(ifelse(is.na(wt.loss), 0, wt.loss))", NULL);
    ck_assert_uint_eq(pg_frame_dropped(fr), 0);
    pg_frame_free(fr);
    pg_dataset_free(ds);
}
END_TEST

START_TEST(design_colon_strata)
{
    pg_dataset *ds = load("colon_death.csv");
    pg_frame *fr = frame(ds, "Surv(time, status) ~ rx + factor(differ) + strata(sex)", NULL);
    static const char *const nm[] = {"rx=Lev+5FU", "rx=Obs", "differ=2", "differ=3"};
    ck_design(fr, FR_COLON_N, FR_COLON_P, FR_COLON_EVENTS, FR_COLON_DROPPED, fr_colon_x, nm);
    ck_assert_uint_eq(pg_frame_nstrata(fr), 2);
    ck_assert_str_eq(pg_frame_strata_name(fr, 0), "sex=0");
    ck_assert_str_eq(pg_frame_strata_name(fr, 1), "sex=1");
    /* strata ids follow the data: the first colon patient is male (sex = 1). */
    ck_assert_uint_eq(pg_frame_strata(fr)[0], 1);
    /* groups come from rx and differ, not from strata() */
    ck_assert_uint_eq(pg_frame_ngroups(fr), 9);
    ck_assert_str_eq(pg_frame_group_name(fr, 0), "rx=Lev, differ=1");
    pg_frame_free(fr);
    pg_dataset_free(ds);
}
END_TEST

static void ck_groups(const pg_frame *fr, size_t ng, const char *const *names, const size_t *n)
{
    ck_assert_uint_eq(pg_frame_ngroups(fr), ng);
    size_t *count = calloc(ng, sizeof *count);
    for (size_t i = 0; i < pg_frame_n(fr); i++) count[pg_frame_group(fr)[i]]++;
    for (size_t g = 0; g < ng; g++) {
        ck_assert_str_eq(pg_frame_group_name(fr, g), names[g]);
        ck_assert_uint_eq(count[g], n[g]);
    }
    free(count);
}

START_TEST(groups_like_survfit)
{
    pg_dataset *ds = load("lung.csv");
    pg_frame *fr = frame(ds, "Surv(time, status) ~ sex + ph.ecog", NULL);
    ck_groups(fr, FR_G_LUNG_NG, fr_g_lung_names, fr_g_lung_n);
    pg_frame_free(fr);
    pg_dataset_free(ds);
    ds = load("veteran.csv");
    fr = frame(ds, "Surv(time, status) ~ celltype", NULL);
    ck_groups(fr, FR_G_VET_NG, fr_g_vet_names, fr_g_vet_n);
    ck_assert_uint_eq(pg_frame_nstrata(fr), 1);
    ck_assert_str_eq(pg_frame_strata_name(fr, 0), "");
    pg_frame_free(fr);
    /* Numeric variables group by value. R: survfit(Surv(time, status) ~
     * celltype + karno, veteran) has 35 strata, the first two "celltype=adeno, karno=10" and
     * "celltype=adeno, karno=20"; survfit(Surv(time, status) ~ age, veteran) has 40, the first
     * "age=34", "age=35", "age=36" with n = 1, 2, 1. */
    const char *forms[] = {"Surv(time, status) ~ celltype + karno",
                           "Surv(time, status) ~ celltype:karno"};
    for (int k = 0; k < 2; k++) {
        fr = frame(ds, forms[k], NULL);
        ck_assert_uint_eq(pg_frame_ngroups(fr), 35);
        ck_assert_str_eq(pg_frame_group_name(fr, 0), "celltype=adeno, karno=10");
        ck_assert_str_eq(pg_frame_group_name(fr, 1), "celltype=adeno, karno=20");
        pg_frame_free(fr);
    }
    fr = frame(ds, "Surv(time, status) ~ age", NULL);
    static const char *const age_names[] = {"age=34", "age=35", "age=36"};
    static const size_t age_n[] = {1, 2, 1};
    ck_assert_uint_eq(pg_frame_ngroups(fr), 40);
    size_t cnt[3] = {0, 0, 0};
    for (size_t i = 0; i < pg_frame_n(fr); i++)
        if (pg_frame_group(fr)[i] < 3) cnt[pg_frame_group(fr)[i]]++;
    for (int g = 0; g < 3; g++) {
        ck_assert_str_eq(pg_frame_group_name(fr, (size_t)g), age_names[g]);
        ck_assert_uint_eq(cnt[g], age_n[g]);
    }
    pg_frame_free(fr);
    pg_dataset_free(ds);
    ds = load("pbc.csv");
    fr = frame(ds, "Surv(time, status == 2) ~ I(bili > 2) + sex", NULL);
    ck_groups(fr, FR_G_PBC_NG, fr_g_pbc_names, fr_g_pbc_n);
    /* I(logical) is one 0/1 column named by its text */
    ck_assert_str_eq(pg_frame_colname(fr, 0), "I(bili > 2)");
    ck_assert_int_eq(pg_frame_term_kind(fr, 0), PG_TERM_NUMERIC);
    pg_frame_free(fr);
    pg_dataset_free(ds);
}
END_TEST

START_TEST(where_like_subset)
{
    pg_dataset *ds = load("lung.csv");
    pg_frame *fr = frame(ds, "Surv(time, status) ~ sex + wt.loss",
                         "ph.ecog %in% c(0, 1) & age > 60");
    ck_assert_uint_eq(pg_frame_n(fr), FR_W_LUNG_N);
    ck_assert_uint_eq(pg_frame_events(fr), FR_W_LUNG_EVENTS);
    ck_assert_uint_eq(pg_frame_dropped(fr), FR_W_LUNG_DROPPED);
    ck_assert_uint_eq(pg_frame_excluded(fr), FR_W_LUNG_EXCLUDED);
    pg_frame_free(fr);
    pg_dataset_free(ds);
    ds = load("veteran.csv");
    fr = frame(ds, "Surv(time, status) ~ karno", "celltype != \"adeno\" & !(prior == 10 | trt == 2)");
    ck_assert_uint_eq(pg_frame_n(fr), FR_W_VET_N);
    ck_assert_uint_eq(pg_frame_events(fr), FR_W_VET_EVENTS);
    ck_assert_uint_eq(pg_frame_excluded(fr), FR_W_VET_EXCLUDED);
    pg_frame_free(fr);
    pg_dataset_free(ds);
}
END_TEST

/* Event codings: 0/1, TRUE/FALSE (logical text), 1/2 (2 = event), all 1, an expression. */
START_TEST(event_coding_rules)
{
    pg_dataset *ds = pg_dataset_new();
    double t[] = {5, 3, 8, 1};
    double s01[] = {1, 0, 1, 0}, s12[] = {2, 1, 2, 1}, s1[] = {1, 1, 1, 1};
    const char *lg[] = {"TRUE", "FALSE", "TRUE", "FALSE"};
    const char *st[] = {"DOD", "NED", "AWD", "DOC"};
    pg_error e = {0};
    pg_dataset_add_numeric(ds, "t", t, 4, &e);
    pg_dataset_add_numeric(ds, "s01", s01, 4, &e);
    pg_dataset_add_numeric(ds, "s12", s12, 4, &e);
    pg_dataset_add_numeric(ds, "s1", s1, 4, &e);
    pg_dataset_add_categorical(ds, "lg", lg, 4, &e);
    pg_dataset_add_categorical(ds, "st", st, 4, &e);
    const char *forms[] = {"Surv(t, s01) ~ 1", "Surv(t, s12) ~ 1", "Surv(t, lg) ~ 1",
                           "Surv(t, st == \"DOD\" | st == 'AWD') ~ 1",
                           "Surv(t, st %in% c(\"DOD\", \"AWD\")) ~ 1", "Surv(t, s01 > 0) ~ 1"};
    for (size_t f = 0; f < sizeof forms / sizeof forms[0]; f++) {
        pg_frame *fr = frame(ds, forms[f], NULL);
        ck_assert_uint_eq(pg_frame_events(fr), 2);
        int want[] = {1, 0, 1, 0};
        for (int i = 0; i < 4; i++) ck_assert_int_eq(pg_frame_status(fr)[i], want[i]);
        pg_frame_free(fr);
    }
    pg_frame *fr = frame(ds, "Surv(t, s1) ~ 1", NULL);    /* all 1: 0/1 coding, all events */
    ck_assert_uint_eq(pg_frame_events(fr), 4);
    pg_frame_free(fr);
    /* 1/2 judged on all rows, as R evaluates Surv() before subset=: with the 2s excluded, the
     * 1s are still censored. R: coxph(Surv(t, s12) ~ 1, d, subset = s12 == 1) has 0 events. */
    fr = frame(ds, "Surv(t, s12) ~ 1", "s12 == 1");
    ck_assert_uint_eq(pg_frame_events(fr), 0);
    pg_frame_free(fr);
    pg_dataset_free(ds);
}
END_TEST

/* Frames with several causes (frame.h, "Causes"): the synthetic cohort's NED 348, AWD 15,
 * DOC 74, DOD 43 (R: table(read.csv("datasets/lms_synthetic.csv")$status)). */
static pg_frame *cause_frame(const pg_dataset *ds, const char *formula, const char *censor,
                             const char *cause, int all)
{
    pg_frame_opts o;
    pg_frame_opts_init(&o);
    const char *cl[4] = {0};
    char buf[64];
    snprintf(buf, sizeof buf, "%s", censor ? censor : "");
    for (char *p = strtok(censor ? buf : NULL, ","); p; p = strtok(NULL, ","))
        cl[o.n_censor++] = p;
    o.censor = censor ? cl : NULL;
    o.cause = cause;
    o.all_causes = all;
    pg_frame *fr = NULL;
    pg_error e = {0};
    char b[600];
    int rc = pg_frame_new(ds, formula, &o, &fr, &e);
    ck_assert_msg(rc == PG_OK, "%s: %s", formula, pg_error_str(&e, b, sizeof b));
    return fr;
}

static void ck_cause_err(const pg_dataset *ds, const char *censor, const char *cause,
                         const char *msg)
{
    pg_frame_opts o;
    pg_frame_opts_init(&o);
    const char *cl[] = {censor, "AWD"};
    o.censor = censor ? cl : NULL;
    o.n_censor = censor ? 2 : 0;
    o.cause = cause;
    pg_frame *fr = NULL;
    pg_error e = {0};
    char b[600];
    ck_assert_int_eq(pg_frame_new(ds, "Surv(months, status) ~ 1", &o, &fr, &e), PG_EINPUT);
    ck_assert_ptr_null(fr);
    ck_assert_str_eq(pg_error_str(&e, b, sizeof b), msg);
}

START_TEST(causes_competing_risks)
{
    pg_dataset *ds = load("../../datasets/lms_synthetic.csv");
    pg_frame *fr = cause_frame(ds, "Surv(months, status) ~ 1", "NED,AWD", NULL, 1);
    ck_assert_uint_eq(pg_frame_ncauses(fr), 2);
    ck_assert_str_eq(pg_frame_cause_name(fr, 1), "DOC");
    ck_assert_str_eq(pg_frame_cause_name(fr, 2), "DOD");
    ck_assert_ptr_null(pg_frame_cause_name(fr, 3));
    ck_assert_uint_eq(pg_frame_ncensor(fr), 2);
    ck_assert_str_eq(pg_frame_censor_name(fr, 0), "AWD");
    ck_assert_str_eq(pg_frame_censor_name(fr, 1), "NED");
    ck_assert_uint_eq(pg_frame_cause_index(fr), 0);
    ck_assert_uint_eq(pg_frame_events(fr), 74 + 43);      /* any cause */
    size_t count[3] = {0};
    for (size_t r = 0; r < pg_frame_n(fr); r++) {
        int c = pg_frame_cause(fr)[r];
        count[c]++;
        ck_assert_int_eq(pg_frame_status(fr)[r], c > 0);
    }
    ck_assert_uint_eq(count[0], 363);
    ck_assert_uint_eq(count[1], 74);
    ck_assert_uint_eq(count[2], 43);
    pg_frame_free(fr);
    /* --cause DOD: the status is DOD, the same frame as status == "DOD" */
    fr = cause_frame(ds, "Surv(months, status) ~ 1", "NED,AWD", "DOD", 0);
    pg_frame *eq = cause_frame(ds, "Surv(months, status == \"DOD\") ~ 1", NULL, NULL, 0);
    ck_assert_uint_eq(pg_frame_cause_index(fr), 2);
    ck_assert_uint_eq(pg_frame_events(fr), 43);
    for (size_t r = 0; r < pg_frame_n(fr); r++) {
        ck_assert_int_eq(pg_frame_status(fr)[r], pg_frame_status(eq)[r]);
        ck_assert_uint_eq(pg_frame_time_order(fr)[r], pg_frame_time_order(eq)[r]);
    }
    /* a 0/1 status is one cause, "1", censored "0" */
    ck_assert_uint_eq(pg_frame_ncauses(eq), 1);
    ck_assert_str_eq(pg_frame_cause_name(eq, 1), "TRUE");
    ck_assert_str_eq(pg_frame_censor_name(eq, 0), "FALSE");
    pg_frame_free(fr);
    pg_frame_free(eq);
    /* only censoring values kept: no cause */
    fr = cause_frame(ds, "Surv(months, status) ~ 1", "NED,AWD,DOD,DOC", NULL, 0);
    ck_assert_uint_eq(pg_frame_ncauses(fr), 0);
    ck_assert_uint_eq(pg_frame_events(fr), 0);
    pg_frame_free(fr);
    ck_cause_err(ds, "NDE", NULL, "--censor: 'NDE' is not a value of 'status'; did you mean "
                 "'NED'? (levels: AWD, DOC, DOD, NED)");
    ck_cause_err(ds, "NED", "dod", "--cause: 'dod' is not a cause of 'status'; did you mean "
                 "'DOD'? (causes: DOC, DOD; censored: AWD, NED)");
    ck_cause_err(ds, "NED", "AWD", "--cause: 'AWD' means censored (--censor); the causes of "
                 "'status' are DOC, DOD");
    ck_cause_err(ds, NULL, NULL, "formula: event 'status' is text: say which values mean "
                 "censored, e.g. --censor AWD,NED (levels: AWD, DOC, DOD, NED), or write a "
                 "condition such as status == \"DOD\"");
    pg_dataset_free(ds);

    /* integer codes 0/1/2: 0 censored by default; numbers compare by value ("2.0" is 2) */
    ds = pg_dataset_new();
    double t[] = {4, 2, 6, 1}, s[] = {0, 2, 1, 2};
    pg_error e = {0};
    pg_dataset_add_numeric(ds, "t", t, 4, &e);
    pg_dataset_add_numeric(ds, "s", s, 4, &e);
    fr = cause_frame(ds, "Surv(t, s) ~ 1", NULL, "2.0", 0);
    ck_assert_uint_eq(pg_frame_ncauses(fr), 2);
    ck_assert_str_eq(pg_frame_cause_name(fr, 2), "2");
    int wc[] = {0, 2, 1, 2}, ws[] = {0, 1, 0, 1};
    for (int i = 0; i < 4; i++) {
        ck_assert_int_eq(pg_frame_cause(fr)[i], wc[i]);
        ck_assert_int_eq(pg_frame_status(fr)[i], ws[i]);
    }
    pg_frame_free(fr);
    /* --censor 2: causes 0 and 1 */
    fr = cause_frame(ds, "Surv(t, s) ~ 1", "2", NULL, 1);
    ck_assert_str_eq(pg_frame_cause_name(fr, 1), "0");
    ck_assert_str_eq(pg_frame_censor_name(fr, 0), "2");
    pg_frame_free(fr);
    pg_dataset_free(ds);

    /* array frames: from cause, the status derived */
    double at[] = {1, 2, 3};
    int ac[] = {2, 0, 1};
    pg_frame_spec sp = {.n = 3, .time = at, .cause = ac, .ncauses = 2, .cause_of_interest = 1};
    ck_assert_int_eq(pg_frame_from_arrays(&sp, &fr, &e), PG_OK);
    ck_assert_uint_eq(pg_frame_events(fr), 1);
    ck_assert_int_eq(pg_frame_status(fr)[2], 1);
    ck_assert_str_eq(pg_frame_cause_name(fr, 2), "2");
    pg_frame_free(fr);
    int as[] = {0, 0, 0};
    pg_frame_spec s0 = {.n = 3, .time = at, .status = as};
    ck_assert_int_eq(pg_frame_from_arrays(&s0, &fr, &e), PG_OK);
    ck_assert_uint_eq(pg_frame_ncauses(fr), 0);
    ck_assert_uint_eq(pg_frame_ncensor(fr), 1);
    pg_frame_free(fr);
}
END_TEST

START_TEST(clusters_and_timefix)
{
    pg_dataset *ds = load("rats.csv");
    pg_frame *fr = frame(ds, "Surv(time, status) ~ rx + cluster(litter)", NULL);
    ck_assert_uint_eq(pg_frame_nclusters(fr), 100);       /* R: length(unique(rats$litter)) */
    ck_assert_uint_eq(pg_frame_cluster(fr)[0], 0);
    ck_assert_uint_eq(pg_frame_cluster(fr)[3], 1);
    pg_frame_free(fr);
    pg_dataset_free(ds);
    /* R's timefix ties times that differ by rounding noise. */
    ds = pg_dataset_new();
    double t[] = {1, 1 + 1e-12, 2};
    double s[] = {1, 1, 0};
    pg_error e = {0};
    pg_dataset_add_numeric(ds, "t", t, 3, &e);
    pg_dataset_add_numeric(ds, "s", s, 3, &e);
    fr = frame(ds, "Surv(t*1, s) ~ 1", NULL);
    ck_assert(pg_frame_time(fr)[0] == pg_frame_time(fr)[1]);
    pg_frame_free(fr);
    pg_dataset_free(ds);
}
END_TEST

/* Times near DBL_MAX: mean(abs(u)) summed in double overflowed to Inf, gap / Inf = 0 <= tol
 * tied every time to the smallest (issue 20). R sums in long double: aeqSurv ties nothing here,
 * summary(survfit(Surv(t, s) ~ 1)) lists the three event times 1e308, 1.2e308, 1.5e308. */
START_TEST(timefix_huge_times)
{
    pg_dataset *ds = pg_dataset_new();
    double t[] = {1e308, 1.5e308, 1.7e308, 1.2e308};
    double s[] = {1, 1, 0, 1};
    pg_error e = {0};
    pg_dataset_add_numeric(ds, "t", t, 4, &e);
    pg_dataset_add_numeric(ds, "s", s, 4, &e);
    pg_frame *fr = frame(ds, "Surv(t, s) ~ 1", NULL);
    for (size_t i = 0; i < 4; i++) ck_assert(pg_frame_time(fr)[i] == t[i]);
    pg_frame_free(fr);
    pg_dataset_free(ds);
}
END_TEST

START_TEST(staging_terms_are_ordered)
{
    pg_dataset *ds = load("../../datasets/lms_synthetic.csv");
    pg_frame *fr = frame(ds, "Surv(months, status == \"DOD\") ~ fnclcc(diff, mitoses, necrosis_pct)"
                         " + ajcc_t(size_cm) + sex + strata(source)", NULL);
    ck_assert_uint_eq(pg_frame_nterms(fr), 3);
    ck_assert_int_eq(pg_frame_term_ordered(fr, 0), 1);
    ck_assert_int_eq(pg_frame_term_ordered(fr, 1), 1);
    ck_assert_int_eq(pg_frame_term_ordered(fr, 2), 0);
    ck_assert_int_eq(pg_frame_term_ordered(fr, 99), 0);
    ck_assert_str_eq(pg_frame_colname(fr, 0), "fnclcc(diff, mitoses, necrosis_pct)=2");
    ck_assert_str_eq(pg_frame_term_level(fr, 1, 0), "T1");
    ck_assert_str_eq(pg_frame_colname(fr, 5), "sex=M");
    ck_assert_uint_eq(pg_frame_nstrata(fr), 5);
    ck_assert_str_eq(pg_frame_strata_name(fr, 4), "source=centre_E");
    pg_frame_free(fr);
    pg_dataset_free(ds);
}
END_TEST

/* model.matrix(terms(fit), newdata) for a few new patients. */
START_TEST(newdata_uses_model_levels)
{
    pg_dataset *ds = load("lung.csv");
    pg_frame *fr = frame(ds, "Surv(time, status) ~ factor(ph.ecog, ref = \"1\") + age*sex", NULL);
    pg_dataset *nd = pg_dataset_new();
    double ecog[] = {0, 3, 1}, age[] = {50, 60, 70}, sex[] = {1, 2, 2};
    pg_error e = {0};
    pg_dataset_add_numeric(nd, "ph.ecog", ecog, 3, &e);
    pg_dataset_add_numeric(nd, "age", age, 3, &e);
    pg_dataset_add_numeric(nd, "sex", sex, 3, &e);
    double *x = NULL;
    size_t m = 0;
    ck_assert_int_eq(pg_frame_newdata(fr, nd, &x, &m, &e), PG_OK);
    ck_assert_uint_eq(m, 3);
    ck_assert_str_eq(pg_frame_colname(fr, 0), "ph.ecog=0");
    double want[] = {1, 0, 0, 50, 1, 50,   /* ph.ecog=0 ph.ecog=2 ph.ecog=3 age sex age:sex */
                     0, 0, 1, 60, 2, 120,
                     0, 0, 0, 70, 2, 140};
    for (int i = 0; i < 18; i++) ck_assert(x[i / 6 + (i % 6) * 3] == want[i]);   /* column-major */
    free(x);
    ecog[1] = 4;
    pg_dataset *bad = pg_dataset_new();
    pg_dataset_add_numeric(bad, "ph.ecog", ecog, 3, &e);
    pg_dataset_add_numeric(bad, "age", age, 3, &e);
    pg_dataset_add_numeric(bad, "sex", sex, 3, &e);
    ck_assert_int_eq(pg_frame_newdata(fr, bad, &x, &m, &e), PG_EINPUT);
    ck_assert_ptr_null(x);
    ck_assert_str_eq(e.msg, "new data: level '4' of 'ph.ecog' was not in the data the model was "
                     "fitted on in row 2");
    pg_dataset_free(bad);
    age[2] = NAN;
    bad = pg_dataset_new();
    ecog[1] = 1;
    pg_dataset_add_numeric(bad, "ph.ecog", ecog, 3, &e);
    pg_dataset_add_numeric(bad, "age", age, 3, &e);
    pg_dataset_add_numeric(bad, "sex", sex, 3, &e);
    ck_assert_int_eq(pg_frame_newdata(fr, bad, &x, &m, &e), PG_EINPUT);
    ck_assert_str_eq(e.msg, "new data: 'age' is missing in row 3");
    pg_dataset_free(bad);
    /* an array frame has no formula to re-apply */
    double t[] = {1}, xx[] = {0};
    int s[] = {1};
    pg_frame_spec sp = {0};
    sp.n = 1, sp.time = t, sp.status = s, sp.p = 1, sp.x = xx;
    pg_frame *af = NULL;
    ck_assert_int_eq(pg_frame_from_arrays(&sp, &af, &e), PG_OK);
    ck_assert_int_eq(pg_frame_newdata(af, nd, &x, &m, &e), PG_EINPUT);
    pg_frame_free(af);
    pg_dataset_free(nd);
    pg_frame_free(fr);
    pg_dataset_free(ds);
    /* nested coding, text levels */
    ds = load("veteran.csv");
    fr = frame(ds, "Surv(time, status) ~ celltype + celltype:trt", NULL);
    nd = pg_dataset_new();
    const char *ct[] = {"adeno", "squamous"};
    double trt[] = {2, 1};
    pg_dataset_add_categorical(nd, "celltype", ct, 2, &e);
    pg_dataset_add_numeric(nd, "trt", trt, 2, &e);
    ck_assert_int_eq(pg_frame_newdata(fr, nd, &x, &m, &e), PG_OK);
    double want2[] = {0, 0, 0, 2, 0, 0, 0,
                      0, 0, 1, 0, 0, 0, 1};
    for (int i = 0; i < 14; i++) ck_assert(x[i / 7 + (i % 7) * 2] == want2[i]);
    free(x);
    pg_dataset_free(nd);
    pg_frame_free(fr);
    pg_dataset_free(ds);
}
END_TEST

/* ~ 1, one row, no events, unused and single levels. */
START_TEST(edge_frames)
{
    pg_dataset *ds = pg_dataset_new();
    double t[] = {4, 2, 6, 3};
    double s[] = {0, 0, 0, 0};
    const char *g[] = {"b", "a", "c", "b"};
    pg_error e = {0};
    pg_dataset_add_numeric(ds, "t", t, 4, &e);
    pg_dataset_add_numeric(ds, "s", s, 4, &e);
    pg_dataset_add_categorical(ds, "g", g, 4, &e);
    pg_frame *fr = frame(ds, "Surv(t, s) ~ 1", NULL);
    ck_assert_uint_eq(pg_frame_p(fr), 0);
    ck_assert_uint_eq(pg_frame_nterms(fr), 0);
    ck_assert_uint_eq(pg_frame_events(fr), 0);             /* no events is not an error here */
    ck_assert_uint_eq(pg_frame_ngroups(fr), 1);
    ck_assert_str_eq(pg_frame_group_name(fr, 0), "");
    ck_assert_uint_eq(pg_frame_nstrata(fr), 1);
    ck_assert_str_eq(pg_frame_strata_name(fr, 0), "");
    ck_assert_ptr_null(pg_frame_cluster(fr));
    pg_frame_free(fr);
    /* level "a" unused once --where drops its row: no all-zero column */
    fr = frame(ds, "Surv(t, s) ~ g", "t > 2");
    ck_assert_uint_eq(pg_frame_p(fr), 1);
    ck_assert_str_eq(pg_frame_colname(fr, 0), "g=c");
    ck_assert_uint_eq(pg_frame_term_nlevels(fr, 0), 2);
    ck_assert_uint_eq(pg_frame_excluded(fr), 1);
    pg_frame_free(fr);
    /* one row, one level: a factor term with no columns, one group */
    fr = frame(ds, "Surv(t, s) ~ g", "t == 2");
    ck_assert_uint_eq(pg_frame_n(fr), 1);
    ck_assert_uint_eq(pg_frame_p(fr), 0);
    ck_assert_uint_eq(pg_frame_term_ncol(fr, 0), 0);
    ck_assert_str_eq(pg_frame_group_name(fr, 0), "g=a");
    pg_frame_free(fr);
    /* ref reorders levels, columns and groups */
    fr = frame(ds, "Surv(t, s) ~ factor(g, ref = \"c\")", NULL);
    ck_assert_str_eq(pg_frame_colname(fr, 0), "g=a");
    ck_assert_str_eq(pg_frame_group_name(fr, 0), "g=c");
    ck_assert_uint_eq(pg_frame_group(fr)[2], 0);
    pg_frame_free(fr);
    /* a logical without I() is a factor FALSE/TRUE, as R's model.matrix treats it */
    fr = frame(ds, "Surv(t, s) ~ t > 3", NULL);
    ck_assert_str_eq(pg_frame_colname(fr, 0), "t > 3=TRUE");
    pg_frame_free(fr);
    pg_dataset_free(ds);
}
END_TEST

static void ck_frame_err(const pg_dataset *ds, const char *formula, const char *where,
                         int code, const char *msg)
{
    pg_frame_opts o;
    pg_frame_opts_init(&o);
    o.where = where;
    pg_frame *fr = NULL;
    pg_error e = {0};
    int rc = pg_frame_new(ds, formula, &o, &fr, &e);
    ck_assert_msg(rc == code, "%s [%s]: rc %d", formula, where ? where : "", rc);
    ck_assert_ptr_null(fr);
    char b[600];
    ck_assert_str_eq(pg_error_str(&e, b, sizeof b), msg);
}

START_TEST(frame_errors)
{
    pg_dataset *ds = pg_dataset_new();
    double t[] = {4, -2, 6}, s[] = {1, 0, 1}, s3[] = {0, 1, 2};
    pg_error e = {0};
    pg_dataset_add_numeric(ds, "t", t, 3, &e);
    pg_dataset_add_numeric(ds, "s", s, 3, &e);
    pg_dataset_add_numeric(ds, "s3", s3, 3, &e);
    ck_frame_err(ds, "Surv(t, s) ~ 1", NULL, PG_EINPUT, "negative time -2 in 't' in row 2");
    ck_frame_err(ds, "Surv(t, s) ~ 1", "t < 0 & t > 0", PG_EANALYSIS,
                 "no rows left to analyse: 3 of 3 excluded by --where, 0 with missing values");
    ck_frame_err(ds, "Surv(t, s) ~ 1", "t + 1", PG_EINPUT,
                 "--where: 't + 1' must be a condition that is TRUE or FALSE, such as age > 60");
    ck_frame_err(ds, "Surv(t, s3 / 2) ~ 1", "t > 0", PG_EINPUT,
                 "formula: event 's3/2' must be coded 0/1, 1/2, TRUE/FALSE or by whole numbers "
                 "(causes), but has the value 0.5; write a condition such as s3/2 == 0.5");
    ck_frame_err(ds, "Surv(t, s) ~ 1", "tt > 0", PG_EINPUT,
                 "--where: unknown variable 'tt'; did you mean 't'?");
    ck_frame_err(ds, "Surv(log(t), s) ~ 1", "t == -2", PG_EANALYSIS,
                 "no rows left to analyse: 2 of 3 excluded by --where, 1 with missing values");
    /* with file positions, the error names file and line */
    pg_dataset_free(ds);
    ds = load("aml.csv");
    char want[600];
    snprintf(want, sizeof want, "%s/aml.csv:2: negative time -1 in 'time - 10'", PG_TEST_DATA);
    ck_frame_err(ds, "Surv(time - 10, status) ~ x", NULL, PG_EINPUT, want);
    /* rows --where excludes are not checked: the first kept row is line 13 */
    snprintf(want, sizeof want, "%s/aml.csv:13: negative time -5 in 'time - 10'", PG_TEST_DATA);
    ck_frame_err(ds, "Surv(time - 10, status) ~ x", "x == \"Nonmaintained\"", PG_EINPUT, want);
    pg_dataset_free(ds);
}
END_TEST

/* tests/data/bad_formulas.txt: formula, message substring, caret column, on lms_synthetic.csv. */
START_TEST(bad_formula_catalogue)
{
    pg_dataset *ds = load("../../datasets/lms_synthetic.csv");
    char path[512], line[1024];
    snprintf(path, sizeof path, "%s/bad_formulas.txt", PG_TEST_DATA);
    FILE *fp = fopen(path, "r");
    ck_assert_ptr_nonnull(fp);
    int count = 0;
    while (fgets(line, sizeof line, fp)) {
        if (line[0] == '#' || line[0] == '\n') continue;
        line[strcspn(line, "\r\n")] = '\0';
        char *formula = line, *msg = strchr(line, '\t');
        ck_assert_ptr_nonnull(msg);
        *msg++ = '\0';
        char *colp = strchr(msg, '\t');
        long col = -1;
        if (colp) {
            *colp++ = '\0';
            col = strtol(colp, NULL, 10);
        }
        pg_frame *fr = NULL;
        pg_error e = {0};
        int rc = pg_frame_new(ds, formula, NULL, &fr, &e);
        ck_assert_msg(rc == PG_EINPUT, "%s: rc %d", formula, rc);
        ck_assert_ptr_null(fr);
        ck_assert_msg(strstr(e.msg, msg) != NULL, "%s:\n  got  '%s'\n  want '%s'", formula, e.msg,
                      msg);
        ck_assert_msg(col < 0 || e.column == col, "%s: column %ld, want %ld\n  %s\n  %*s^",
                      formula, e.column, col, formula, (int)(e.column > 0 ? e.column - 1 : 0), "");
        count++;
    }
    fclose(fp);
    ck_assert_int_ge(count, 20);
    pg_dataset_free(ds);
}
END_TEST

/* Groups are formed when the frame is built, not on first use: the frame's fields hold them
 * before any accessor runs, so an allocation failure can only surface from pg_frame_new (as
 * PG_ENOMEM) and the accessors are pure reads. no_groups skips them: 0 groups, and km and
 * logrank refuse the frame rather than pool it into one group. */
START_TEST(groups_formed_when_built)
{
    pg_dataset *ds = load("veteran.csv");
    pg_frame *fr = frame(ds, "Surv(time, status) ~ age + strata(celltype)", NULL);
    ck_assert_ptr_nonnull(fr->group);
    ck_assert_uint_eq(fr->ngroups, 40);            /* R: survfit(~ age, veteran): 40 strata */
    ck_assert_str_eq(fr->group_names[0], "age=34");
    pg_frame_free(fr);

    pg_frame_opts o;
    pg_frame_opts_init(&o);
    o.no_groups = 1;
    pg_error e = {0};
    ck_assert_int_eq(pg_frame_new(ds, "Surv(time, status) ~ age + strata(celltype)", &o, &fr, &e),
                     PG_OK);
    ck_assert_uint_eq(pg_frame_ngroups(fr), 0);
    ck_assert_ptr_null(pg_frame_group(fr));
    ck_assert_ptr_null(pg_frame_group_name(fr, 0));
    ck_assert_uint_eq(pg_frame_nstrata(fr), 4);    /* strata are formed all the same */
    ck_assert_uint_eq(pg_frame_p(fr), 1);
    pg_km *km = NULL;
    ck_assert_int_eq(pg_km_fit(fr, NULL, &km, &e), PG_EINPUT);
    ck_assert_ptr_null(km);
    ck_assert_str_eq(e.msg, "km: the frame was built without groups (no_groups)");
    pg_logrank *lr = NULL;
    ck_assert_int_eq(pg_logrank_test(fr, NULL, &lr, &e), PG_EINPUT);
    ck_assert_ptr_null(lr);
    pg_frame_free(fr);
    pg_dataset_free(ds);
}
END_TEST

/* The frame sorts once: pg_frame_time_order is pg_order_by_time of its times and statuses
 * (events first at a tied time, then row order), for formula frames (after timefix) and for
 * array frames alike. */
static void ck_time_order(const pg_frame *fr)
{
    size_t n = pg_frame_n(fr);
    size_t *want = malloc(n * sizeof *want);
    ck_assert_ptr_nonnull(want);
    ck_assert_int_eq(pg_order_by_time(n, NULL, pg_frame_time(fr), pg_frame_status(fr), want),
                     PG_OK);
    const size_t *got = pg_frame_time_order(fr);
    ck_assert_ptr_nonnull(got);
    for (size_t i = 0; i < n; i++) ck_assert_uint_eq(got[i], want[i]);
    for (size_t i = 1; i < n; i++) {
        double t0 = pg_frame_time(fr)[got[i - 1]], t1 = pg_frame_time(fr)[got[i]];
        ck_assert(t0 < t1 || (t0 == t1 && pg_frame_status(fr)[got[i - 1]] >=
                                              pg_frame_status(fr)[got[i]]));
    }
    free(want);
}

START_TEST(time_order_sorted_once)
{
    pg_dataset *ds = load("lung.csv");
    pg_frame *fr = frame(ds, "Surv(time, status) ~ sex + strata(ph.ecog)", NULL);
    ck_time_order(fr);
    pg_frame_free(fr);
    pg_dataset_free(ds);
    /* rows 0..5: times 3 1 3 2 1 3, statuses 0 0 1 1 1 0 -> 4 1 3 2 0 5 */
    static const double t[] = {3, 1, 3, 2, 1, 3};
    static const int st[] = {0, 0, 1, 1, 1, 0};
    static const size_t want[] = {4, 1, 3, 2, 0, 5};
    pg_frame_spec sp = {0};
    sp.n = 6;
    sp.time = t;
    sp.status = st;
    pg_error e = {0};
    ck_assert_int_eq(pg_frame_from_arrays(&sp, &fr, &e), PG_OK);
    for (size_t i = 0; i < 6; i++) ck_assert_uint_eq(pg_frame_time_order(fr)[i], want[i]);
    ck_time_order(fr);
    pg_frame_free(fr);
}
END_TEST

static Suite *frame_suite(void)
{
    Suite *s = suite_create("frame");
    TCase *tc = tcase_create("reference");
    tcase_add_test(tc, design_lung_factor_interaction);
    tcase_add_test(tc, design_veteran_celltype);
    tcase_add_test(tc, design_pbc_numeric_levels_and_functions);
    tcase_add_test(tc, dropped_like_na_omit);
    tcase_add_test(tc, design_colon_strata);
    tcase_add_test(tc, groups_like_survfit);
    tcase_add_test(tc, groups_formed_when_built);
    tcase_add_test(tc, time_order_sorted_once);
    tcase_add_test(tc, where_like_subset);
    tcase_add_test(tc, event_coding_rules);
    tcase_add_test(tc, causes_competing_risks);
    tcase_add_test(tc, clusters_and_timefix);
    tcase_add_test(tc, timefix_huge_times);
    tcase_add_test(tc, staging_terms_are_ordered);
    tcase_add_test(tc, newdata_uses_model_levels);
    suite_add_tcase(s, tc);
    tc = tcase_create("edge");
    tcase_add_test(tc, edge_frames);
    suite_add_tcase(s, tc);
    tc = tcase_create("errors");
    tcase_add_test(tc, frame_errors);
    tcase_add_test(tc, bad_formula_catalogue);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return pg_test_run(frame_suite());
}
