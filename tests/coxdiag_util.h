/* coxdiag_util.h -- build a frame and a pg_cox by hand from one of R's reference cases
 * (tests/fixtures/coxdiag_*.h), so the diagnostics are tested without the Cox fitter. */
#ifndef COXDIAG_UTIL_H
#define COXDIAG_UTIL_H

#include <string.h>

#include "fixtures/coxdiag_case.h"
#include "fixtures/coxdiag_aml.h"
#include "fixtures/coxdiag_aml_breslow.h"
#include "fixtures/coxdiag_lung.h"
#include "fixtures/coxdiag_lung_breslow.h"
#include "fixtures/coxdiag_lung_strata.h"
#include "fixtures/coxdiag_ovarian.h"
#include "fixtures/coxdiag_ovarian_alias.h"
#include "fixtures/coxdiag_veteran.h"
#include "fixtures/coxdiag_veteran_strata.h"
#include "frame_impl.h"
#include "pg_test.h"

static const cd_case *const cd_cases[] = {
    &cd_lung_case,        &cd_lung_breslow_case, &cd_veteran_case,       &cd_ovarian_case,
    &cd_aml_case,         &cd_aml_breslow_case,  &cd_lung_strata_case,   &cd_ovarian_alias_case,
    &cd_veteran_strata_case,
};
#define CD_NCASES (sizeof cd_cases / sizeof cd_cases[0])

/* Options of one call: pg_zph_opts with this transform. */
#define ZPH(t) (&(pg_zph_opts){.transform = (t)})
/* Options of one call: pg_cox_resid_opts with this type. */
#define RESID(t) (&(pg_cox_resid_opts){.type = (t)})

/* The frame of case c, with its terms grouped as R's fit$assign (a factor is one term). */
static inline pg_frame *cd_frame(const cd_case *c)
{
    pg_frame_spec s = {0};
    s.n = c->n;
    s.time = c->time;
    s.status = c->status;
    s.p = c->p;
    s.x = c->x;
    s.colnames = c->colnames;
    if (c->nstrata > 1) {
        s.n_strata = c->nstrata;
        s.strata = c->strata;
        s.strata_names = c->strata_names;
    }
    pg_frame *fr = NULL;
    pg_error e = {0};
    ck_assert_int_eq(pg_frame_from_arrays(&s, &fr, &e), PG_OK);
    for (size_t t = 0; t < fr->nterms; t++) free(fr->terms[t].label);
    fr->nterms = c->nterms;
    for (size_t t = 0; t < c->nterms; t++) {
        fr->terms[t].label = pg_strdup(c->term_labels[t]);
        fr->terms[t].first = c->term_first[t];
        fr->terms[t].ncol = c->term_ncol[t];
        fr->terms[t].kind = c->term_ncol[t] > 1 ? PG_TERM_FACTOR : PG_TERM_NUMERIC;
    }
    return fr;
}

/* A pg_cox holding R's coef, var and means for case c (free with cd_cox_free). */
static inline pg_cox *cd_cox(const cd_case *c)
{
    pg_cox *f = calloc(1, sizeof *f);
    size_t p = c->p;
    f->ties = c->ties;
    f->conf_level = 0.95;
    f->n = c->n;
    f->events = c->events;
    f->n_coef = p;
    f->coef = malloc(p * sizeof *f->coef);
    f->var = malloc(p * p * sizeof *f->var);
    f->means = malloc(p * sizeof *f->means);
    f->aliased = calloc(p, sizeof *f->aliased);
    memcpy(f->coef, c->coef, p * sizeof *f->coef);
    memcpy(f->var, c->var, p * p * sizeof *f->var);
    memcpy(f->means, c->means, p * sizeof *f->means);
    for (size_t j = 0; j < p; j++) f->aliased[j] = isnan(c->coef[j]);
    return f;
}

static inline void cd_cox_free(pg_cox *f)
{
    if (!f) return;
    free(f->coef);
    free(f->var);
    free(f->means);
    free(f->aliased);
    free(f);
}

/* The fixtures' newdata rows (m x p, row-major as R prints them) in the column-major layout of
 * pg_cox_predict; free() the result. */
static inline double *cd_newx(const cd_case *c)
{
    double *x = malloc(((c->m && c->p) ? c->m * c->p : 1) * sizeof *x);
    ck_assert_ptr_nonnull(x);
    for (size_t i = 0; i < c->m; i++)
        for (size_t j = 0; j < c->p; j++) x[i + j * c->m] = c->newx[i * c->p + j];
    return x;
}

#endif
