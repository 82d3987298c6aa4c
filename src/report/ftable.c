/* ftable.c -- the prognostic-factor table (what a paper's "Table 2" prints).
 *
 * For each right-hand-side term t of `Surv(...) ~ t1 + ... + tk [+ strata(s)]`:
 *   - a frame `Surv ~ t` (rows complete for t): n and events per level, Kaplan-Meier survival at
 *     the chosen times with CIs and the median (pg_km_fit, pooled over strata as survfit(~ t));
 *   - a frame `Surv ~ t + strata(s)`: the log-rank test (pg_logrank_test; the test for trend with
 *     scores 1..k when t is an ordered factor such as fnclcc()), and the univariate Cox model;
 * then one multivariable Cox model of the chosen terms on its complete cases. A Cox model whose
 * likelihood is monotone (a level with no events, R's "coefficient may be infinite" warning, or
 * no convergence) is refitted with Firth's penalised likelihood and footnoted.
 * Counting-process data, Surv(start, stop, event) (frame.h): the Kaplan-Meier columns are the
 * left-truncated survfit, the Cox fits agreg's (cox_ag.c), and the log-rank p is the score test
 * of the Cox model (survdiff takes no such data); with --id, n counts subjects and the Cox
 * variance is by subject as coxph(id =) decides. Case weights (R's weights =): weighted survfit
 * and coxph, the log-rank p the weighted Cox score test (survdiff takes no weights).
 * Matches, level by level: gtsummary::tbl_survfit (times, conf.type "log"),
 * tbl_uvregression(method = coxph, exponentiate = TRUE) and tbl_regression(coxph(...)).
 */
#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "prognos/ftable.h"
#include "prognos/cif.h"
#include "prognos/crr.h"
#include "prognos/logrank.h"
#include "formula.h"
#include "report_impl.h"

void pg_ftable_opts_init(pg_ftable_opts *opt)
{
    memset(opt, 0, sizeof *opt);
    opt->conf_level = 0.95;
    opt->conf_type = PG_CONF_LOG;
    opt->ties = PG_TIES_EFRON;
    opt->multivariable = PG_MV_ALL;
}

static void free_row(pg_ftable_row *r)
{
    free(r->term);
    free(r->level);
    free(r->surv);
    free(r->surv_low);
    free(r->surv_high);
    free(r->label);
    free(r->level_label);
}

void pg_ftable_free(pg_ftable *t)
{
    if (!t) return;
    for (size_t i = 0; i < t->n_rows; i++) free_row(&t->rows[i]);
    free(t->rows);
    for (size_t i = 0; i < t->n_notes; i++) free(t->notes[i]);
    free(t->notes);
    for (size_t i = 0; i < t->n_warnings; i++) free(t->warnings[i]);
    free(t->warnings);
    free(t->times);
    free(t->response);
    free(t->strata);
    free(t->cause);
    free(t->id);
    free(t->weights);
    free(t);
}

/* ---- splitting the formula text ------------------------------------------------------------ */

static int split_top(const char *text, char sep, char ***out, size_t *n)
{
    return pg_report_split(text, sep, out, n);
}

static void free_parts(char **p, size_t n)
{
    pg_report_parts_free(p, n);
}

static int starts_with(const char *s, const char *prefix)
{
    return strncmp(s, prefix, strlen(prefix)) == 0;
}

/* ---- one Cox fit, with Firth when the likelihood is monotone ----------------------------- */

static int monotone(const pg_cox *fit)
{
    if (!fit->converged) return 1;
    for (size_t w = 0; w < fit->n_warnings; w++)
        if (strstr(fit->warnings[w], "infinite") || strstr(fit->warnings[w], "monotone"))
            return 1;
    for (size_t j = 0; j < fit->n_coef; j++)
        if (!fit->aliased[j] && !isfinite(fit->coef[j])) return 1;
    return 0;
}

/* Fit fr; refit with Firth when force_firth or the fit is monotone. *firth tells which. */
static int fit_cox(const pg_frame *fr, const pg_ftable_opts *o, int force_firth, pg_cox **fit,
                   int *firth, pg_error *err)
{
    pg_cox_opts co;
    pg_cox_opts_init(&co);
    co.ties = o->ties;
    co.conf_level = o->conf_level;
    co.threads = o->threads;
    *firth = 0;
    *fit = NULL;
    int rc = PG_OK;
    if (!force_firth) {
        rc = pg_cox_fit(fr, &co, fit, err);
        if (rc) return rc;
        if (!monotone(*fit)) return PG_OK;
        pg_cox_free(*fit);
        *fit = NULL;
    }
    co.firth = 1;
    if (co.ties == PG_TIES_EFRON) co.ties = PG_TIES_BRESLOW;   /* as coxphf */
    rc = pg_cox_fit(fr, &co, fit, err);
    if (rc == PG_OK) *firth = 1;
    return rc;
}

/* The hazard ratios of one model, Cox (pg_cox) or Fine-Gray (pg_crr, --model fine-gray): the
 * columns the table reads, pointing into the fit it owns. */
typedef struct hr_fit {
    pg_cox *cox;
    pg_crr *crr;
    size_t n_coef;
    char **colname;
    const double *coef, *conf_low, *conf_high, *p;
    const int *aliased;     /* NULL: none (Fine-Gray) */
} hr_fit;

static void hr_fit_free(hr_fit *h)
{
    pg_cox_free(h->cox);
    pg_crr_free(h->crr);
    memset(h, 0, sizeof *h);
}

/* Fit fr as the table's model: Cox (with Firth as fit_cox decides; *firth tells), or
 * Fine-Gray for the cause of interest (cmprsk::crr; never Firth). */
static int fit_model(const pg_frame *fr, const pg_ftable_opts *o, int force_firth, hr_fit *h,
                     int *firth, pg_error *err)
{
    memset(h, 0, sizeof *h);
    *firth = 0;
    if (o->fine_gray) {
        pg_crr_opts co;
        pg_crr_opts_init(&co);
        co.conf_level = o->conf_level;
        int rc = pg_crr_fit_frame(fr, &co, &h->crr, err);
        if (rc) return rc;
        *h = (hr_fit){NULL, h->crr, h->crr->n_coef, h->crr->colname, h->crr->coef,
                      h->crr->conf_low, h->crr->conf_high, h->crr->p, NULL};
        return PG_OK;
    }
    int rc = fit_cox(fr, o, force_firth, &h->cox, firth, err);
    if (rc) return rc;
    pg_cox *c = h->cox;
    *h = (hr_fit){c, NULL, c->n_coef, c->colname, c->coef, c->conf_low, c->conf_high, c->p,
                  c->aliased};
    return PG_OK;
}

/* A fit the data cannot support (a constant or collinear column, a singular information
 * matrix: PG_EANALYSIS, PG_ENUMERIC) leaves its hazard ratios empty ('—') and is explained in
 * a note, instead of failing the whole table; other failures (memory) stay errors. */
static int unestimable(int rc)
{
    return rc == PG_EANALYSIS || rc == PG_ENUMERIC;
}

static int add_note(pg_ftable *t, char *note, pg_error *err)
{
    if (!note) return pg_fail(err, PG_ENOMEM, "table: out of memory");
    char **n = realloc(t->notes, (t->n_notes + 1) * sizeof *n);
    if (!n) {
        free(note);
        return pg_fail(err, PG_ENOMEM, "table: out of memory");
    }
    t->notes = n;
    t->notes[t->n_notes++] = note;
    return PG_OK;
}

/* ---- per-term rows ------------------------------------------------------------------------- */

typedef struct builder {
    const pg_dataset *ds;
    const pg_ftable_opts *o;
    const char *lhs, *strata;   /* strata: " + strata(s)" or "" */
    pg_ftable *t;
    size_t cap;
    int any_uv_firth, any_trend;
    char **epv_notes;           /* t->warnings in the table's language, for its footnotes */
} builder;

static void free_epv_notes(builder *b)
{
    for (size_t k = 0; b->epv_notes && b->t && k < b->t->n_warnings; k++) free(b->epv_notes[k]);
    free(b->epv_notes);
    b->epv_notes = NULL;
}

/* The events-per-coefficient warning of a Cox model fitted for the table (Peduzzi et al.
 * 1995, 1996; pg_cox_epv_warning counts only estimated coefficients), kept in English as
 * "what: ..." in the table's warnings (stderr, JSON) and in the table's language in
 * b->epv_notes, which mv_and_firth_notes footnotes. term is the univariable model's term, NULL
 * for the multivariable model. Fine-Gray models are not counted. */
static int epv_warn(builder *b, const char *term, const hr_fit *h, pg_error *err)
{
    if (!h->cox) return PG_OK;
    pg_ftable *t = b->t;
    size_t p = 0;
    for (size_t j = 0; j < h->n_coef; j++) p += !(h->aliased && h->aliased[j]);
    char buf[300], what[512], local[900];
    if (!pg_cox_epv_warning(h->cox->events, p, buf, sizeof buf)) return PG_OK;
    size_t ev = h->cox->events;
    if (term) snprintf(what, sizeof what, pg_lang_word(t->lang, PG_W_UNIVARIABLE), term);
    else snprintf(what, sizeof what, "%s", pg_lang_word(t->lang, PG_W_MV_MODEL));
    int n0 = snprintf(local, sizeof local, "%s", what);
    if (t->lang == PG_LANG_EN) snprintf(local + n0, sizeof local - (size_t)n0, "%s", buf);
    else if (p == 1)
        snprintf(local + n0, sizeof local - (size_t)n0, pg_lang_word(t->lang, PG_W_EPV1), ev,
                 (double)ev);
    else
        snprintf(local + n0, sizeof local - (size_t)n0, pg_lang_word(t->lang, PG_W_EPV), ev, p,
                 (double)ev / (double)p);
    char *w = term ? pg_strdup_printf("%s (univariable): %s", term, buf)
                   : pg_strdup_printf("Multivariable model: %s", buf);
    char *l = pg_strdup(local);
    char **n = w && l ? realloc(t->warnings, (t->n_warnings + 1) * sizeof *n) : NULL;
    if (n) t->warnings = n;
    char **m = n ? realloc(b->epv_notes, (t->n_warnings + 1) * sizeof *m) : NULL;
    if (!m) {
        free(w);
        free(l);
        return pg_fail(err, PG_ENOMEM, "table: out of memory");
    }
    b->epv_notes = m;
    b->epv_notes[t->n_warnings] = l;
    t->warnings[t->n_warnings++] = w;
    return PG_OK;
}

static pg_ftable_row *new_row(builder *b, pg_error *err)
{
    pg_ftable *t = b->t;
    if (t->n_rows == b->cap) {
        size_t cap = b->cap ? b->cap * 2 : 16;
        pg_ftable_row *r = realloc(t->rows, cap * sizeof *r);
        if (!r) return pg_fail(err, PG_ENOMEM, "table: out of memory"), NULL;
        t->rows = r;
        b->cap = cap;
    }
    pg_ftable_row *r = &t->rows[t->n_rows];
    memset(r, 0, sizeof *r);
    size_t k = t->n_times;
    r->surv = pg_malloc_array(k, sizeof(double));
    r->surv_low = pg_malloc_array(k, sizeof(double));
    r->surv_high = pg_malloc_array(k, sizeof(double));
    if (!r->surv || !r->surv_low || !r->surv_high) {
        free_row(r);
        return pg_fail(err, PG_ENOMEM, "table: out of memory"), NULL;
    }
    t->n_rows++;
    for (size_t i = 0; i < k; i++) r->surv[i] = r->surv_low[i] = r->surv_high[i] = NAN;
    r->median = r->median_low = r->median_high = NAN;
    r->logrank_p = NAN;
    r->uv_hr = r->uv_low = r->uv_high = r->uv_p = NAN;
    r->mv_hr = r->mv_low = r->mv_high = r->mv_p = NAN;
    return r;
}

static int make_frame(builder *b, const char *term, int with_strata, pg_frame **fr,
                      pg_error *err)
{
    char *f = pg_strdup_printf("%s ~ %s%s", b->lhs, term, with_strata ? b->strata : "");
    if (!f) return pg_fail(err, PG_ENOMEM, "table: out of memory");
    pg_frame_opts fo;
    pg_frame_opts_init(&fo);
    fo.where = b->o->where;
    fo.censor = b->o->censor;
    fo.n_censor = b->o->n_censor;
    fo.cause = b->o->cause;
    fo.counting = !b->o->cause;         /* cif.c and crr.c take no left truncation */
    fo.id = b->o->id;
    fo.weights = b->o->weights;
    fo.max_matrix_bytes = b->o->max_matrix_bytes;
    int rc = pg_frame_new(b->ds, f, &fo, fr, err);
    if (!rc && pg_frame_entry(*fr)) b->t->counting = 1;
    free(f);
    return rc;
}

/* Level of each frame row for the frame's first term: factor -> 0..L-1 (reference 0); binary
 * numeric -> 0/1; continuous -> 0. Returns the number of levels (1 for continuous). */
static size_t row_levels(const pg_frame *fr, size_t *lev, int *continuous, int *binary)
{
    size_t n = pg_frame_n(fr), first = pg_frame_term_first(fr, 0);
    size_t ncol = pg_frame_term_ncol(fr, 0);
    const double *x = pg_frame_x(fr);
    *continuous = *binary = 0;
    if (pg_frame_term_kind(fr, 0) == PG_TERM_FACTOR) {
        for (size_t i = 0; i < n; i++) {
            lev[i] = 0;
            for (size_t j = 0; j < ncol; j++)
                if (x[(first + j) * n + i] == 1) lev[i] = j + 1;
        }
        return pg_frame_term_nlevels(fr, 0);
    }
    int bin = ncol == 1;
    for (size_t i = 0; i < n && bin; i++) bin = x[first * n + i] == 0 || x[first * n + i] == 1;
    if (bin) {
        *binary = 1;
        for (size_t i = 0; i < n; i++) lev[i] = (size_t)x[first * n + i];
        return 2;
    }
    *continuous = 1;
    for (size_t i = 0; i < n; i++) lev[i] = 0;
    return 1;
}

/* The rows of one term: one per level (one for a continuous term), with n, events and percent,
 * and the notes a reader needs when a level is alone or there are no events. lev, cnt and ev
 * are the level of each frame row and the counts per level, n the patients (subjects with
 * --id, else rows). */
static int level_rows(builder *b, const char *term, const pg_frame *fk, size_t n, size_t L,
                      int continuous, int binary, const size_t *cnt, const size_t *ev,
                      size_t observed, pg_error *err)
{
    int rc;
    if (!continuous && observed < 2 &&
        (rc = add_note(b->t, pg_strdup_printf(pg_lang_word(b->t->lang, PG_W_NOTE_ONE_LEVEL), term,
                                              n), err)))
        return rc;
    if (pg_frame_events(fk) == 0 &&
        (rc = add_note(b->t, pg_strdup_printf(pg_lang_word(b->t->lang, PG_W_NOTE_NO_EVENTS), term,
                                              n), err)))
        return rc;
    for (size_t k = 0; k < L; k++) {
        pg_ftable_row *r = new_row(b, err);
        if (!r) return err ? err->code : PG_ENOMEM;
        r->first = k == 0;
        r->reference = !continuous && k == 0;
        r->continuous = continuous;
        r->n = cnt[k];
        r->events = ev[k];
        r->pct = n ? 100.0 * (double)cnt[k] / (double)n : NAN;
        r->term = pg_strdup(term);
        if (continuous) r->level = pg_strdup("");
        else if (binary) r->level = pg_strdup(starts_with(term, "I(") ? (k ? "TRUE" : "FALSE")
                                                                     : (k ? "1" : "0"));
        else r->level = pg_strdup(pg_frame_term_level(fk, 0, k));
        if (!r->term || !r->level) return pg_fail(err, PG_ENOMEM, "table: out of memory");
    }
    return PG_OK;
}

/* Kaplan-Meier survival at the table's times and the median, per level (rows from first_row),
 * matched through the frame's group names. */
static int cif_columns(builder *b, const pg_frame *fk, const size_t *lev, size_t first_row,
                       pg_error *err);

/* Frame group -> level of the table, through any row of the group (lev: each row's level).
 * A new array (free it), NULL when out of memory. */
static size_t *group_levels(const pg_frame *fk, const size_t *lev)
{
    size_t G = pg_frame_ngroups(fk), n = pg_frame_n(fk);
    const size_t *grp = pg_frame_group(fk);
    size_t *gl = pg_calloc_array(G ? G : 1, sizeof *gl);
    for (size_t i = 0; gl && i < n; i++) gl[grp[i]] = lev[i];
    return gl;
}

static int km_columns(builder *b, const pg_frame *fk, const size_t *lev, size_t first_row,
                      pg_error *err)
{
    if (b->t->competing) return cif_columns(b, fk, lev, first_row, err);
    pg_km *km = NULL;
    pg_km_opts ko;
    pg_km_opts_init(&ko);
    ko.conf_type = b->o->conf_type;
    ko.conf_level = b->o->conf_level;
    ko.times = b->t->times;
    ko.n_times = b->t->n_times;
    int rc = pg_km_fit(fk, &ko, &km, err);
    if (rc) return rc;
    size_t G = pg_frame_ngroups(fk), *grp_level = group_levels(fk, lev);
    if (!grp_level) {
        pg_km_free(km);
        return pg_fail(err, PG_ENOMEM, "table: out of memory");
    }
    for (size_t s = 0; s < km->n_strata; s++) {
        size_t g = s;
        for (size_t h = 0; h < G; h++)
            if (strcmp(pg_frame_group_name(fk, h), km->strata_name[s]) == 0) g = h;
        if (g >= G) continue;
        pg_ftable_row *r = &b->t->rows[first_row + grp_level[g]];
        for (size_t k = 0; k < b->t->n_times; k++) {
            size_t at = s * km->n_times + k;
            r->surv[k] = km->at_surv[at];
            r->surv_low[k] = km->at_conf_low[at];
            r->surv_high[k] = km->at_conf_high[at];
        }
        r->median = km->median[s].estimate;
        r->median_low = km->median[s].conf_low;
        r->median_high = km->median[s].conf_high;
    }
    free(grp_level);
    pg_km_free(km);
    return PG_OK;
}

/* Competing risks: the cumulative incidence of the cause of interest at the table's times and
 * the median time to it, per level (cmprsk::cuminc, timepoints), through the frame's groups. */
static int cif_columns(builder *b, const pg_frame *fk, const size_t *lev, size_t first_row,
                       pg_error *err)
{
    pg_cif *cif = NULL;
    pg_cif_opts co;
    pg_cif_opts_init(&co);
    co.conf_type = b->o->conf_type;
    co.conf_level = b->o->conf_level;
    co.times = b->t->times;
    co.n_times = b->t->n_times;
    int rc = pg_cif_fit(fk, &co, &cif, err);
    if (rc) return rc;
    size_t k = pg_frame_cause_index(fk), *gl = group_levels(fk, lev);
    if (!gl) {
        pg_cif_free(cif);
        return pg_fail(err, PG_ENOMEM, "table: out of memory");
    }
    for (size_t g = 0; g < cif->n_groups; g++) {
        const pg_cif_curve *cv = pg_cif_curve_at(cif, k, g);
        pg_ftable_row *r = &b->t->rows[first_row + gl[g]];
        if (!cv) continue;
        /* cif->times are the table's sorted and without duplicates */
        for (size_t q = 0; q < b->t->n_times && q < cif->n_times; q++) {
            r->surv[q] = cv->at_estimate[q];
            r->surv_low[q] = cv->at_conf_low[q];
            r->surv_high[q] = cv->at_conf_high[q];
        }
        r->median = cv->median;
        r->median_low = cv->median_low;
        r->median_high = cv->median_high;
    }
    free(gl);
    pg_cif_free(cif);
    return PG_OK;
}

/* Competing risks: Gray's test for the cause of interest (within the strata) on the term's
 * first row. */
static int gray_column(const pg_frame *fs, pg_ftable_row *head, pg_error *err)
{
    pg_cif *cif = NULL;
    int rc = pg_cif_fit(fs, NULL, &cif, err);
    if (rc) return rc;
    size_t k = pg_frame_cause_index(fs);
    if (cif->gray && k >= 1) head->logrank_p = cif->gray[k - 1].p;
    pg_cif_free(cif);
    return PG_OK;
}

/* Counting-process data or case weights, which survdiff does not take: the score test of the
 * Cox model of the term (within the strata), R's summary(coxph(Surv(start, stop, event) ~ x +
 * strata(s), weights = w, ties = ties))$sctest. No test for trend there. */
static int score_column(builder *b, const pg_frame *fs, pg_ftable_row *head, pg_error *err)
{
    pg_cox *fit = NULL;
    pg_cox_opts co;
    pg_cox_opts_init(&co);
    co.ties = b->o->ties;
    co.threads = b->o->threads;
    int rc = pg_cox_fit(fs, &co, &fit, err);
    if (unestimable(rc)) {
        if (err) *err = (pg_error){0};
        return PG_OK;                       /* uv_columns notes why */
    }
    if (rc) return rc;
    head->logrank_p = fit->score.p;
    pg_cox_free(fit);
    return PG_OK;
}

/* The stratified log-rank p-value on the term's first row (the test for trend across ordered
 * levels when there are more than two); Gray's test for competing risks. */
static int logrank_column(builder *b, const pg_frame *fs, pg_ftable_row *head, pg_error *err)
{
    if (b->t->competing) return gray_column(fs, head, err);
    if (pg_logrank_needs_score(fs)) return score_column(b, fs, head, err);
    pg_logrank *lr = NULL;
    pg_logrank_opts lo;
    pg_logrank_opts_init(&lo);
    lo.trend = pg_frame_term_ordered(fs, 0) && pg_frame_ngroups(fs) > 2;
    int rc = pg_logrank_test(fs, &lo, &lr, err);
    if (rc) return rc;
    head->logrank_p = lo.trend ? lr->trend_p : lr->p;
    head->trend = lo.trend;
    b->any_trend |= lo.trend;
    pg_logrank_free(lr);
    return PG_OK;
}

/* The univariable Cox hazard ratios (Firth's when a level has no events, as fit_cox decides);
 * a model that cannot be estimated becomes a note, not an error. */
static int uv_columns(builder *b, const char *term, const pg_frame *fs, int empty_level,
                      int continuous, size_t observed, size_t first_row, pg_error *err)
{
    hr_fit cox;
    int firth;
    int rc = fit_model(fs, b->o, empty_level, &cox, &firth, err);
    if (rc) {
        hr_fit_free(&cox);
        if (!unestimable(rc)) return rc;
        /* English keeps the reason (the library's words); the other languages the sentence */
        rc = add_note(b->t, b->t->lang == PG_LANG_EN
                                ? pg_strdup_printf("%s: no hazard ratio can be estimated (%s).",
                                                   term, err ? err->msg : "singular model")
                                : pg_strdup_printf(pg_lang_word(b->t->lang, PG_W_NOTE_NO_HR),
                                                   term), err);
        if (!rc && err) *err = (pg_error){0};
        return rc;
    }
    b->any_uv_firth |= firth;
    if ((rc = epv_warn(b, term, &cox, err))) {
        hr_fit_free(&cox);
        return rc;
    }
    int aliased = 0;
    size_t first = pg_frame_term_first(fs, 0);
    for (size_t j = 0; j < pg_frame_term_ncol(fs, 0); j++) {
        pg_ftable_row *r = &b->t->rows[first_row + (continuous ? 0 : j + 1)];
        size_t c = first + j;
        r->uv_hr = exp(cox.coef[c]);
        r->uv_low = cox.conf_low[c];
        r->uv_high = cox.conf_high[c];
        r->uv_p = cox.p[c];
        r->uv_firth = firth;
        aliased |= cox.aliased ? cox.aliased[c] : 0;
    }
    hr_fit_free(&cox);
    if (aliased && (continuous || observed >= 2))       /* else noted as one level */
        return add_note(b->t, pg_strdup_printf(pg_lang_word(b->t->lang, PG_W_NOTE_CONSTANT),
                                               term), err);
    return PG_OK;
}

/* With --id: cnt[k] = the subjects with a row of level k (R's n.id); a subject whose level
 * changes over its rows counts in each of them. */
static int count_subjects(const pg_frame *fk, const size_t *lev, size_t L, size_t *cnt,
                          size_t *n_subjects, pg_error *err)
{
    size_t n = pg_frame_n(fk), nid = pg_frame_nid(fk);
    const size_t *id = pg_frame_id(fk);
    unsigned char *seen = pg_calloc_array(nid ? nid * L : 1, 1);
    if (!seen) return pg_fail(err, PG_ENOMEM, "table: out of memory");
    for (size_t k = 0; k < L; k++) cnt[k] = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char *s = &seen[id[i] * L + lev[i]];
        cnt[lev[i]] += !*s;
        *s = 1;
    }
    *n_subjects = 0;
    for (size_t j = 0; j < nid; j++) {
        int any = 0;
        for (size_t k = 0; k < L; k++) any |= seen[j * L + k];
        *n_subjects += (size_t)any;
    }
    free(seen);
    return PG_OK;
}

/* One term of the table: its frame without and with the strata, its level rows, then the
 * Kaplan-Meier, log-rank and univariable Cox columns of those rows. */
static int term_rows(builder *b, const char *term, pg_error *err)
{
    pg_frame *fk = NULL, *fs = NULL;
    size_t *lev = NULL, *cnt = NULL, *ev = NULL;
    size_t first_row = b->t->n_rows;
    int rc = make_frame(b, term, 0, &fk, err);
    if (rc) goto done;
    if (pg_frame_nterms(fk) != 1 || pg_frame_term_kind(fk, 0) == PG_TERM_INTERACTION) {
        rc = pg_fail(err, PG_EINPUT,
                     "table: term '%s' is not a main effect; list its variables instead", term);
        goto done;
    }
    size_t n = pg_frame_n(fk), n_pat = n;   /* n_pat: subjects with --id, else rows */
    lev = pg_malloc_array(n, sizeof *lev);
    if (!lev) goto nomem;
    int continuous, binary;
    size_t L = row_levels(fk, lev, &continuous, &binary);
    cnt = pg_calloc_array(L, sizeof *cnt);
    ev = pg_calloc_array(L, sizeof *ev);
    if (!cnt || !ev) goto nomem;
    const int *status = pg_frame_status(fk);
    for (size_t i = 0; i < n; i++) {
        cnt[lev[i]]++;
        ev[lev[i]] += (size_t)status[i];
    }
    if (pg_frame_id(fk)) {
        if (b->t->n_rows == 0) b->t->n_data_rows = n;
        if ((rc = count_subjects(fk, lev, L, cnt, &n_pat, err))) goto done;
    }
    int empty_level = 0;
    size_t observed = 0;
    for (size_t k = 0; k < L; k++) {
        empty_level |= (cnt[k] > 0 && ev[k] == 0) && !continuous;
        observed += cnt[k] > 0;
    }
    if ((rc = level_rows(b, term, fk, n_pat, L, continuous, binary, cnt, ev, observed, err)))
        goto done;
    if (!continuous && n > 0 && (rc = km_columns(b, fk, lev, first_row, err))) goto done;
    if ((rc = make_frame(b, term, 1, &fs, err))) goto done;
    if (!continuous && pg_frame_ngroups(fs) >= 2 && pg_frame_events(fs) > 0 &&
        (rc = logrank_column(b, fs, &b->t->rows[first_row], err)))
        goto done;
    if (pg_frame_events(fs) > 0 && pg_frame_p(fs) > 0)
        rc = uv_columns(b, term, fs, empty_level, continuous, observed, first_row, err);
    goto done;
nomem:
    rc = pg_fail(err, PG_ENOMEM, "table: out of memory");
done:
    free(lev);
    free(cnt);
    free(ev);
    pg_frame_free(fk);
    pg_frame_free(fs);
    return rc;
}

/* Column name of row r's coefficient in the univariate frame naming, found again in fit. */
static long find_col(const hr_fit *fit, const char *name)
{
    for (size_t j = 0; j < fit->n_coef; j++)
        if (strcmp(fit->colname[j], name) == 0) return (long)j;
    return -1;
}

static int multivariable(builder *b, char **terms, size_t n_terms, pg_error *err)
{
    pg_ftable *t = b->t;
    size_t len = 1;
    for (size_t i = 0; i < n_terms; i++) len += strlen(terms[i]) + 3;
    char *rhs = malloc(len);
    if (!rhs) return pg_fail(err, PG_ENOMEM, "table: out of memory");
    rhs[0] = '\0';
    for (size_t i = 0; i < n_terms; i++) {
        if (i) strcat(rhs, " + ");
        strcat(rhs, terms[i]);
    }
    pg_frame *fr = NULL, *fu = NULL;
    hr_fit fit = {0};
    int rc = make_frame(b, rhs, 1, &fr, err);
    free(rhs);
    if (rc) return rc;
    t->has_mv = 1;
    t->mv_n = pg_frame_n(fr);
    if (pg_frame_id(fr)) {          /* patients are subjects */
        size_t nid = pg_frame_nid(fr), m = 0;
        const size_t *id = pg_frame_id(fr);
        unsigned char *seen = pg_calloc_array(nid ? nid : 1, 1);
        if (!seen) return pg_fail(err, PG_ENOMEM, "table: out of memory");
        for (size_t i = 0; i < t->mv_n; i++) {
            m += !seen[id[i]];
            seen[id[i]] = 1;
        }
        free(seen);
        t->mv_n = m;
    }
    t->mv_events = pg_frame_events(fr);
    t->mv_dropped = pg_frame_dropped(fr);
    if (t->mv_events == 0 || pg_frame_p(fr) == 0) goto done;
    /* a level without events in any term of the model separates it */
    int force = 0;
    for (size_t i = 0; i < t->n_rows; i++)
        for (size_t k = 0; k < n_terms; k++)
            if (strcmp(t->rows[i].term, terms[k]) == 0 && !t->rows[i].continuous &&
                t->rows[i].n > 0 && t->rows[i].events == 0)
                force = 1;
    int firth;
    rc = fit_model(fr, b->o, force, &fit, &firth, err);
    if (unestimable(rc)) {
        rc = add_note(t, t->lang == PG_LANG_EN
                             ? pg_strdup_printf("Multivariable model: no hazard ratios can be "
                                                "estimated (%s).",
                                                err ? err->msg : "singular model")
                             : pg_strdup(pg_lang_word(t->lang, PG_W_NOTE_MV_NO_HR)), err);
        if (!rc && err) *err = (pg_error){0};
        goto done;
    }
    if (rc || (rc = epv_warn(b, NULL, &fit, err))) goto done;
    t->mv_firth = firth;
    for (size_t k = 0; k < n_terms; k++) {
        /* the univariate frame of this term names its columns as the multivariable one does */
        if ((rc = make_frame(b, terms[k], 0, &fu, err))) goto done;
        size_t first_row = t->n_rows;
        for (size_t i = 0; i < t->n_rows; i++)
            if (strcmp(t->rows[i].term, terms[k]) == 0) {
                first_row = i;
                break;
            }
        size_t first = pg_frame_term_first(fu, 0);
        int aliased = 0;
        for (size_t j = 0; j < pg_frame_term_ncol(fu, 0) && first_row < t->n_rows; j++) {
            pg_ftable_row *r = &t->rows[first_row + (t->rows[first_row].continuous ? 0 : j + 1)];
            long c = find_col(&fit, pg_frame_colname(fu, first + j));
            if (c < 0) continue;
            r->mv_hr = exp(fit.coef[c]);
            r->mv_low = fit.conf_low[c];
            r->mv_high = fit.conf_high[c];
            r->mv_p = fit.p[c];
            r->mv_firth = firth;
            aliased |= fit.aliased ? fit.aliased[c] : 0;
        }
        if (aliased &&
            (rc = add_note(t, pg_strdup_printf(pg_lang_word(t->lang, PG_W_NOTE_COLLINEAR),
                                               terms[k]), err)))
            goto done;
        pg_frame_free(fu);
        fu = NULL;
    }
done:
    pg_frame_free(fu);
    pg_frame_free(fr);
    hr_fit_free(&fit);
    return rc;
}

/* "strata(source) + cluster(id)" -> "source" for the footnotes: the strata() arguments. */
static char *strata_words(const char *s)
{
    char *out = pg_calloc_array(strlen(s) + 1, 1);
    if (!out) return NULL;
    for (const char *p = strstr(s, "strata("); p; p = strstr(p, "strata(")) {
        p += 7;
        int depth = 1;
        const char *q = p;
        while (*q && depth) {
            depth += *q == '(';
            depth -= *q == ')';
            q++;
        }
        if (*out) strcat(out, ", ");
        strncat(out, p, (size_t)(q - p - (depth ? 0 : 1)));
        p = q;
    }
    return out;
}

/* "efron" -> "Efron" */
static const char *ties_label(pg_ties t)
{
    return t == PG_TIES_BRESLOW ? "Breslow" : t == PG_TIES_EXACT ? "exact" : "Efron";
}

static int mv_and_firth_notes(builder *b, pg_error *err);

/* The footnotes of a competing-risks table: which estimate, which test, which hazard ratios. */
static int competing_notes(builder *b, const char *strata, const char *lvl, pg_error *err)
{
    pg_ftable *t = b->t;
    pg_lang lang = t->lang;
    char *within = pg_strdup_printf(pg_lang_word(lang, PG_W_NOTE_WITHIN_STRATA),
                                    strata ? strata : "");
    char *comma = pg_strdup_printf(pg_lang_word(lang, PG_W_NOTE_STRATA_COMMA),
                                   strata ? strata : "");
    int rc = within && comma ? PG_OK : pg_fail(err, PG_ENOMEM, "table: out of memory");
    if (!rc) rc = add_note(t, pg_strdup_printf(pg_lang_word(lang, PG_W_NOTE_CIF), t->cause, lvl,
                                               pg_km_conf_type_name(t->conf_type)), err);
    if (!rc) rc = add_note(t, pg_strdup_printf(pg_lang_word(lang, PG_W_NOTE_GRAY), t->cause,
                                               strata ? within : ""), err);
    if (!rc && t->fine_gray)
        rc = add_note(t, pg_strdup_printf(pg_lang_word(lang, PG_W_NOTE_FINE_GRAY), t->cause),
                      err);
    else if (!rc)
        rc = add_note(t, pg_strdup_printf(pg_lang_word(lang, PG_W_NOTE_CS_COX), t->cause,
                                          ties_label(t->ties), strata ? comma : ""), err);
    free(within);
    free(comma);
    return rc ? rc : mv_and_firth_notes(b, err);
}

/* The time variable of the response "Surv(months, ...)" for the note on missing times. */
static char *time_var(const char *response)
{
    char *r = pg_formula_time_text(response);
    return r ? r : pg_strdup(response);
}

/* Counting-process data, subjects and case weights: what the columns then are, in the table's
 * language. */
static int data_notes(builder *b, pg_error *err)
{
    pg_ftable *t = b->t;
    int rc = PG_OK;
    if (t->counting) rc = add_note(t, pg_strdup(pg_lang_word(t->lang, PG_W_NOTE_COUNTING)), err);
    if (!rc && t->id)
        rc = add_note(t, pg_strdup_printf(pg_lang_word(t->lang, PG_W_NOTE_SUBJECTS), t->id,
                                          t->n_data_rows), err);
    if (!rc && t->weights)
        rc = add_note(t, pg_strdup_printf(pg_lang_word(t->lang, PG_W_NOTE_CASE_WEIGHTS),
                                          t->weights), err);
    return rc;
}

static int notes(builder *b, pg_error *err)
{
    pg_ftable *t = b->t;
    pg_lang lang = t->lang;
    char *words = strata_words(t->strata);
    if (!words) return pg_fail(err, PG_ENOMEM, "table: out of memory");
    const char *strata = *words ? words : NULL;
    char lvl[32];   /* the level as given: 97.5, not a rounded 98 */
    snprintf(lvl, sizeof lvl, "%.6g", 100 * t->conf_level);
    int rc = PG_OK;
    if (t->n_times == 0) {
        char *tv = time_var(t->response);
        rc = tv ? add_note(t, pg_strdup_printf(pg_lang_word(lang, PG_W_NOTE_NO_TIMES), tv), err)
                : pg_fail(err, PG_ENOMEM, "table: out of memory");
        free(tv);
    }
    if (!rc && t->competing) {
        rc = competing_notes(b, strata, lvl, err);
        free(words);
        return rc;
    }
    char *by = pg_strdup_printf(pg_lang_word(lang, PG_W_NOTE_STRATIFIED), strata ? strata : "");
    char *comma = pg_strdup_printf(pg_lang_word(lang, PG_W_NOTE_STRATA_COMMA),
                                   strata ? strata : "");
    if (!by || !comma) rc = pg_fail(err, PG_ENOMEM, "table: out of memory");
    if (!rc) rc = add_note(t, pg_strdup_printf(pg_lang_word(lang, PG_W_NOTE_KM), lvl,
                                               pg_km_conf_type_name(t->conf_type)), err);
    if (!rc) rc = add_note(t, pg_strdup_printf(
        "%s%s%s.", pg_lang_word(lang, PG_W_NOTE_LOGRANK), strata ? by : "",
        b->any_trend ? pg_lang_word(lang, PG_W_NOTE_TREND) : ""), err);
    if (!rc) rc = add_note(t, pg_strdup_printf(pg_lang_word(lang, PG_W_NOTE_COX),
                                               ties_label(t->ties), strata ? comma : ""), err);
    if (!rc) rc = data_notes(b, err);
    if (!rc) rc = mv_and_firth_notes(b, err);
    free(by);
    free(comma);
    free(words);
    return rc;
}

/* The notes on the multivariable model's sample and on Firth's correction. */
static int mv_and_firth_notes(builder *b, pg_error *err)
{
    pg_ftable *t = b->t;
    int rc = PG_OK;
    if (t->has_mv && t->lang == PG_LANG_EN)   /* English says "1 patient" */
        rc = add_note(t, pg_strdup_printf(
            "Multivariable model: %zu patient%s, %zu event%s (%zu with a missing value "
            "excluded).", t->mv_n, t->mv_n == 1 ? "" : "s", t->mv_events,
            t->mv_events == 1 ? "" : "s", t->mv_dropped), err);
    else if (t->has_mv)
        rc = add_note(t, pg_strdup_printf(pg_lang_word(t->lang, PG_W_NOTE_MV), t->mv_n,
                                          t->mv_events, t->mv_dropped), err);
    if (!rc && (b->any_uv_firth || t->mv_firth))
        rc = add_note(t, pg_strdup(pg_lang_word(t->lang, PG_W_NOTE_FIRTH)), err);
    for (size_t k = 0; !rc && k < t->n_warnings; k++)
        rc = add_note(t, pg_strdup_printf(pg_lang_word(t->lang, PG_W_NOTE_WARNING),
                                          b->epv_notes[k]), err);
    return rc;
}

int pg_ftable_build(const pg_dataset *ds, const char *formula, const pg_ftable_opts *o,
                    pg_ftable **out, pg_error *err)
{
    *out = NULL;
    if (!o || (o->n_times > 0 && !o->times))
        return pg_fail(err, PG_EINPUT, "table: the times for survival are missing");
    char **sides = NULL, **terms = NULL, **mv = NULL, **listed = NULL;
    size_t n_sides = 0, n_terms = 0, n_mv = 0, n_listed = 0;
    int rc = split_top(formula, '~', &sides, &n_sides);
    if (rc) return pg_fail(err, rc, "table: out of memory");
    if (n_sides != 2 || !*sides[1]) {
        free_parts(sides, n_sides);
        return pg_fail(err, PG_EINPUT, "table: the formula needs 'Surv(time, event) ~ factors'");
    }
    pg_ftable *t = calloc(1, sizeof *t);
    builder b = {ds, o, sides[0], "", t, 0, 0, 0, NULL};
    char *strata = NULL;
    if (!t) goto nomem;
    t->conf_level = o->conf_level;
    t->conf_type = o->conf_type;
    t->ties = o->ties;
    t->n_times = o->n_times;
    t->times = pg_malloc_array(o->n_times, sizeof *t->times);
    t->response = pg_strdup(sides[0]);
    if (!t->times || !t->response) goto nomem;
    if (o->n_times) memcpy(t->times, o->times, o->n_times * sizeof *t->times);
    t->lang = o->lang;
    if (o->fine_gray && !o->cause) {
        rc = pg_fail(err, PG_EINPUT, "table: the Fine-Gray model needs the cause of interest "
                     "(--censor and --cause)");
        goto fail;
    }
    t->fine_gray = o->fine_gray;
    if (o->cause && (o->id || o->weights)) {
        rc = pg_fail(err, PG_EINPUT, "table: %s is not available with --cause (cmprsk's "
                     "cuminc and crr take neither)", o->id ? "--id" : "--weights");
        goto fail;
    }
    if ((o->id && !(t->id = pg_strdup(o->id))) ||
        (o->weights && !(t->weights = pg_strdup(o->weights))))
        goto nomem;
    if (o->cause) {
        t->competing = 1;
        if (!(t->cause = pg_strdup(o->cause))) goto nomem;
        for (size_t k = 1; k < o->n_times; k++)
            if (!(o->times[k] > o->times[k - 1])) {
                rc = pg_fail(err, PG_EINPUT, "table: with --cause the times must be "
                             "increasing");
                goto fail;
            }
    }
    if ((rc = split_top(sides[1], '+', &terms, &n_terms))) goto nomem;
    /* strata() and cluster() terms adjust every model; the rest are the table's factors */
    size_t len = 1;
    for (size_t i = 0; i < n_terms; i++) len += strlen(terms[i]) + 3;
    strata = calloc(len, 1);
    t->strata = calloc(len, 1);
    mv = pg_calloc_array(n_terms, sizeof *mv);
    if (!strata || !t->strata || !mv) goto nomem;
    for (size_t i = 0; i < n_terms; i++) {
        if (starts_with(terms[i], "strata(") || starts_with(terms[i], "cluster(")) {
            strcat(strata, " + ");
            strcat(strata, terms[i]);
            if (*t->strata) strcat(t->strata, " + ");
            strcat(t->strata, terms[i]);
        }
    }
    b.strata = strata;
    if (o->fine_gray && *t->strata) {
        rc = pg_fail(err, PG_EINPUT, "table: the Fine-Gray model (cmprsk::crr) has no strata() "
                     "or cluster(): leave them out of the formula");
        goto fail;
    }
    size_t n_factors = 0;
    for (size_t i = 0; i < n_terms && !rc; i++) {
        if (starts_with(terms[i], "strata(") || starts_with(terms[i], "cluster(")) continue;
        if (strcmp(terms[i], "1") == 0 || !*terms[i]) continue;
        n_factors++;
        rc = term_rows(&b, terms[i], err);
        if (o->multivariable == PG_MV_ALL) mv[n_mv++] = terms[i];
    }
    if (!rc && n_factors == 0)
        rc = pg_fail(err, PG_EINPUT, "table: the formula names no factors");
    if (!rc && o->multivariable == PG_MV_LIST) {
        /* the listed terms must be factors of the table, written the same way */
        if ((rc = split_top(o->mv_terms ? o->mv_terms : "", '+', &listed, &n_listed))) goto nomem;
        for (size_t k = 0; k < n_listed && !rc; k++) {
            size_t i = 0;
            while (i < n_terms && strcmp(terms[i], listed[k]) != 0) i++;
            if (i == n_terms || n_mv == n_terms)
                rc = pg_fail(err, PG_EINPUT,
                             "table: multivariable term '%s' is not a factor of the formula",
                             listed[k]);
            else
                mv[n_mv++] = terms[i];
        }
    }
    if (!rc && o->multivariable != PG_MV_NONE && n_mv > 0) rc = multivariable(&b, mv, n_mv, err);
    if (!rc) rc = notes(&b, err);
    free_epv_notes(&b);
    if (rc) goto fail;
    free_parts(listed, n_listed);
    free(mv);
    free(strata);
    free_parts(terms, n_terms);
    free_parts(sides, n_sides);
    *out = t;
    return PG_OK;
nomem:
    rc = pg_fail(err, PG_ENOMEM, "table: out of memory");
fail:
    free_epv_notes(&b);
    free_parts(listed, n_listed);
    free(mv);
    free(strata);
    free_parts(terms, n_terms);
    free_parts(sides, n_sides);
    pg_ftable_free(t);
    return rc;
}

int pg_ftable_label(pg_ftable *t, const pg_labels *l, pg_error *err)
{
    for (size_t i = 0; i < t->n_rows; i++) {
        pg_ftable_row *r = &t->rows[i];
        const char *lab = pg_labels_var(l, r->term);
        int labelled = lab != r->term;
        if (labelled && !(r->label = pg_strdup(lab))) goto nomem;
        const char *lev = pg_labels_level(l, r->term, r->level);
        if (lev == r->level && !r->continuous)
            lev = pg_lang_logical_level(t->lang, r->term, r->level, labelled);
        if (lev != r->level && !(r->level_label = pg_strdup(lev))) goto nomem;
    }
    return PG_OK;
nomem:
    return pg_fail(err, PG_ENOMEM, "table: out of memory");
}

