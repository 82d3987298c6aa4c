/* simulate.c -- the calibrated synthetic pooled cohort of superficial leiomyosarcoma.
 *
 * Every patient is drawn independently with GSL's Mersenne Twister (gsl_rng_mt19937, fixed
 * seed), in this order, so that a seed always gives the same rows:
 *   centre (five synthetic centres with their own size, case mix, accrual, follow-up and
 *   baseline hazard) -> depth -> sex | depth -> age -> site -> size | depth -> FNCLCC
 *   differentiation, mitoses, necrosis | depth -> margin | depth -> event times.
 * Death from disease (DOD): exponential with rate
 *   lambda_c * exp(b_sub [subcutaneous] + b_size [size > 5] + b_g2 [grade 2] + b_g3 [grade 3]
 *                  + b_nec [necrosis > 0] + b_fem [female])
 * with the hazard ratios of pg_sim_hr (defaults: 5, 3, 2, 4, 2, 1.6) -- the numbers a Cox model
 * stratified by centre should recover. Death from other causes: Gompertz in attained age
 * (about 1%/year at 60, doubling every 7.7 years). Metastasis: every patient who dies of disease
 * metastasised first (an exponential interval, mean 16 months, before death, as in Winchester
 * 2014's 16-month survival after metastasis); others may have a treated, non-fatal metastasis at
 * one fifth of the disease hazard. Local recurrence: exponential, 3x with involved margins and
 * 1.5x in subcutaneous tumours. Censoring: uniform accrual over each centre's recruitment years,
 * administrative end of study, and loss to follow-up (0.4%/month).
 * Calibration targets (shared/literature/README.md): 5-year DSS about 97-100% dermal and 63-88%
 * subcutaneous; crude metastasis 0-10% vs 21-43%; median size about 1.3 cm vs 4-5 cm; men 2-4:1
 * among dermal, about 1:1 among subcutaneous tumours. scripts/analysis checks them.
 */
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "dataset_impl.h"
#include "prognos/simulate.h"

void pg_sim_opts_init(pg_sim_opts *opt)
{
    memset(opt, 0, sizeof *opt);
    opt->seed = 20261121UL;
    opt->scale = 1.0;
    opt->hr.subcutaneous = 5.0;
    opt->hr.size_gt5 = 3.0;
    opt->hr.grade2 = 2.0;
    opt->hr.grade3 = 4.0;
    opt->hr.necrosis = 2.0;
    opt->hr.female = 1.6;
}

typedef struct centre {
    const char *name;
    int n;                 /* patients at scale 1 */
    double p_subcut;       /* share of subcutaneous tumours */
    double accrual_months; /* recruitment period */
    double study_months;   /* from first recruitment to database lock */
    double lambda_mult;    /* centre's baseline hazard relative to the common one */
} centre;

static const centre centres[] = {
    {"centre_A", 140, 0.25, 180, 240, 1.0},
    {"centre_B", 110, 0.30, 120, 156, 0.8},
    {"centre_C", 90, 0.45, 96, 120, 1.2},
    {"centre_D", 80, 0.35, 72, 96, 1.0},
    {"centre_E", 60, 0.50, 48, 72, 1.3},
};
enum { N_CENTRES = sizeof centres / sizeof centres[0] };

/* Common baseline hazard of death from disease per month (dermal, size <= 5, grade 1, no
 * necrosis, male), chosen so that 5-year DSS is about 98% in dermal and 70% in subcutaneous
 * tumours. */
static const double LAMBDA_DOD = 1.6e-4;
static const double LAMBDA_LR = 2.5e-3;   /* local recurrence per month, clear margins */
static const double LOSS_RATE = 4e-3;     /* loss to follow-up per month */

/* FNCLCC grade from differentiation (1-3), mitotic count per 10 HPF and necrosis score (0-2):
 * mitotic score 1/2/3 for 0-9/10-19/>=20; total 2-3 -> 1, 4-5 -> 2, 6-8 -> 3 (Trojani 1984;
 * Tinguria 2025 Table 1). */
static int fnclcc_grade(int diff, int mitoses, int necrosis)
{
    int mit = mitoses >= 20 ? 3 : mitoses >= 10 ? 2 : 1;
    int total = diff + mit + necrosis;
    return total <= 3 ? 1 : total <= 5 ? 2 : 3;
}

static int draw3(gsl_rng *r, const double p[3])
{
    double u = gsl_rng_uniform(r);
    return u < p[0] ? 0 : u < p[0] + p[1] ? 1 : 2;
}

/* Time (months) to death from other causes: Gompertz hazard h(t) = c exp(g t) in years, with
 * c = 0.01 exp(0.09 (age - 60)); inverse of the survival function at U. */
static double other_death(gsl_rng *r, double age)
{
    double g = 0.09, c = 0.01 * exp(g * (age - 60.0));
    double u = gsl_rng_uniform_pos(r);
    return 12.0 * log(1.0 - g * log(u) / c) / g;
}

typedef struct cols {
    double *id, *age, *size, *diff, *mitoses, *necrosis, *necrosis_pct, *grade, *lr, *lr_m,
        *met, *met_m, *months;
    const char **source, **sex, **depth, **site, **margin, **status;
} cols;

static double round1(double x) { return round(x * 10.0) / 10.0; }

static void draw_patient(gsl_rng *r, const pg_sim_opts *o, const centre *c, size_t i, cols *v)
{
    static const char *const sites[] = {"head_neck", "trunk", "upper_limb", "lower_limb"};
    static const double site_p[] = {0.15, 0.30, 0.20, 0.35};
    int subcut = gsl_rng_uniform(r) < c->p_subcut;
    int female = gsl_rng_uniform(r) < (subcut ? 0.5 : 0.25);
    double age = round(fmin(95, fmax(18, 63 + 13 * gsl_ran_ugaussian(r))));
    double u = gsl_rng_uniform(r), acc = 0;
    size_t site = 3;
    for (size_t k = 0; k < 4; k++) {
        acc += site_p[k];
        if (u < acc) {
            site = k;
            break;
        }
    }
    double size = subcut ? 4.5 * exp(0.55 * gsl_ran_ugaussian(r))
                         : 1.4 * exp(0.6 * gsl_ran_ugaussian(r));
    size = fmax(0.3, round1(size));
    static const double diff_p[2][3] = {{0.45, 0.45, 0.10}, {0.25, 0.50, 0.25}};
    static const double nec_p[2][3] = {{0.75, 0.20, 0.05}, {0.45, 0.35, 0.20}};
    int diff = 1 + draw3(r, diff_p[subcut]);
    /* mitoses: negative binomial with 2 "successes", mean 6 (dermal) or 12 (subcutaneous) */
    int mitoses = (int)gsl_ran_negative_binomial(r, subcut ? 2.0 / 14.0 : 2.0 / 8.0, 2.0);
    int nec = draw3(r, nec_p[subcut]);
    double nec_pct = nec == 0 ? 0 : nec == 1 ? round(5 + 44 * gsl_rng_uniform(r))
                                             : round(50 + 45 * gsl_rng_uniform(r));
    int grade = fnclcc_grade(diff, mitoses, nec);
    int involved = gsl_rng_uniform(r) < (subcut ? 0.30 : 0.20);

    double lp = (subcut ? log(o->hr.subcutaneous) : 0) + (size > 5 ? log(o->hr.size_gt5) : 0) +
                (grade == 2 ? log(o->hr.grade2) : 0) + (grade == 3 ? log(o->hr.grade3) : 0) +
                (nec > 0 ? log(o->hr.necrosis) : 0) + (female ? log(o->hr.female) : 0);
    double rate = LAMBDA_DOD * c->lambda_mult * exp(lp);
    double t_dod = gsl_ran_exponential(r, 1.0 / rate);
    double t_doc = other_death(r, age);
    double entry = c->accrual_months * gsl_rng_uniform(r);
    double t_cens = fmin(c->study_months - entry, gsl_ran_exponential(r, 1.0 / LOSS_RATE));
    double t_met = t_dod - gsl_ran_exponential(r, 16.0);
    if (t_met < 0.5) t_met = 0.5 * t_dod;
    double t_met2 = gsl_ran_exponential(r, 1.0 / (0.2 * rate));   /* non-fatal metastasis */
    if (t_met2 < t_met && t_met2 < t_dod) t_met = t_met2;
    double lr_rate = LAMBDA_LR * (involved ? 3.0 : 1.0) * (subcut ? 1.5 : 1.0);
    double t_lr = gsl_ran_exponential(r, 1.0 / lr_rate);

    double end = fmin(t_dod, fmin(t_doc, t_cens));
    end = fmax(0.1, round1(end));
    const char *status = t_dod <= t_doc && t_dod <= t_cens ? "DOD"
                         : t_doc <= t_cens                 ? "DOC"
                         : t_met < end                     ? "AWD"
                                                           : "NED";
    v->id[i] = (double)(i + 1);
    v->source[i] = c->name;
    v->age[i] = age;
    v->sex[i] = female ? "F" : "M";
    v->depth[i] = subcut ? "subcutaneous" : "dermal";
    v->site[i] = sites[site];
    v->size[i] = size;
    v->diff[i] = diff;
    v->mitoses[i] = mitoses;
    v->necrosis[i] = nec;
    v->necrosis_pct[i] = nec_pct;
    v->grade[i] = grade;
    v->margin[i] = involved ? "involved" : "clear";
    v->lr[i] = t_lr < end;
    v->lr_m[i] = t_lr < end ? fmax(0.1, round1(t_lr)) : NAN;
    v->met[i] = t_met < end || strcmp(status, "DOD") == 0;
    v->met_m[i] = v->met[i] ? fmin(end, fmax(0.1, round1(t_met))) : NAN;
    v->months[i] = end;
    v->status[i] = status;
}

int pg_sim_draw(const pg_sim_opts *opt, pg_dataset **out, pg_error *err)
{
    *out = NULL;
    pg_sim_opts def;
    if (!opt) {
        pg_sim_opts_init(&def);
        opt = &def;
    }
    if (!(opt->scale > 0) || opt->scale > 1e5)
        return pg_fail(err, PG_EINPUT, "simulate: scale must be in (0, 100000]");
    size_t n = 0, nc[N_CENTRES];
    for (int k = 0; k < N_CENTRES; k++) {
        nc[k] = (size_t)fmax(1.0, round(centres[k].n * opt->scale));
        n += nc[k];
    }
    double *num[13] = {0};
    const char **txt[6] = {0};
    int rc = PG_OK;
    for (int k = 0; k < 13; k++)
        if (!(num[k] = pg_malloc_array(n, sizeof(double)))) rc = PG_ENOMEM;
    for (int k = 0; k < 6; k++)
        if (!(txt[k] = pg_malloc_array(n, sizeof(char *)))) rc = PG_ENOMEM;
    gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
    pg_dataset *ds = pg_dataset_new();
    if (!r || !ds) rc = PG_ENOMEM;
    if (rc) goto fail;
    gsl_rng_set(r, opt->seed);
    cols v = {num[0], num[1], num[2], num[3], num[4], num[5], num[6], num[7], num[8], num[9],
              num[10], num[11], num[12], txt[0], txt[1], txt[2], txt[3], txt[4], txt[5]};
    size_t i = 0;
    for (int k = 0; k < N_CENTRES; k++)
        for (size_t j = 0; j < nc[k]; j++, i++) draw_patient(r, opt, &centres[k], i, &v);

    /* column order of the CSV */
    if ((rc = pg_dataset_add_numeric(ds, "id", v.id, n, err)) ||
        (rc = pg_dataset_add_categorical(ds, "source", v.source, n, err)) ||
        (rc = pg_dataset_add_numeric(ds, "age", v.age, n, err)) ||
        (rc = pg_dataset_add_categorical(ds, "sex", v.sex, n, err)) ||
        (rc = pg_dataset_add_categorical(ds, "depth", v.depth, n, err)) ||
        (rc = pg_dataset_add_categorical(ds, "site", v.site, n, err)) ||
        (rc = pg_dataset_add_numeric(ds, "size_cm", v.size, n, err)) ||
        (rc = pg_dataset_add_numeric(ds, "diff", v.diff, n, err)) ||
        (rc = pg_dataset_add_numeric(ds, "mitoses", v.mitoses, n, err)) ||
        (rc = pg_dataset_add_numeric(ds, "necrosis", v.necrosis, n, err)) ||
        (rc = pg_dataset_add_numeric(ds, "necrosis_pct", v.necrosis_pct, n, err)) ||
        (rc = pg_dataset_add_numeric(ds, "grade", v.grade, n, err)) ||
        (rc = pg_dataset_add_categorical(ds, "margin", v.margin, n, err)) ||
        (rc = pg_dataset_add_numeric(ds, "local_recurrence", v.lr, n, err)) ||
        (rc = pg_dataset_add_numeric(ds, "lr_months", v.lr_m, n, err)) ||
        (rc = pg_dataset_add_numeric(ds, "metastasis", v.met, n, err)) ||
        (rc = pg_dataset_add_numeric(ds, "met_months", v.met_m, n, err)) ||
        (rc = pg_dataset_add_numeric(ds, "months", v.months, n, err)) ||
        (rc = pg_dataset_add_categorical(ds, "status", v.status, n, err)))
        goto done;
    *out = ds;
    ds = NULL;
    goto done;
fail:
    pg_fail(err, rc, "simulate: out of memory");
done:
    for (int k = 0; k < 13; k++) free(num[k]);
    for (int k = 0; k < 6; k++) free(txt[k]);
    gsl_rng_free(r);
    pg_dataset_free(ds);
    return rc;
}
