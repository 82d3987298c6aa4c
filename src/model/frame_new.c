/* frame_new.c -- a formula evaluated on a dataset: R's model.frame() + model.matrix() for
 * survival models, and the strata survfit() forms from the right-hand side.
 *
 * Order of operations (R's model.frame with subset= and na.action = na.omit):
 *   1. --where keeps the rows where its expression is TRUE (FALSE and NA rows are "excluded");
 *   2. rows with a missing value in any model variable -- the time, the event, each variable of
 *      the right-hand side as evaluated (so I(ifelse(is.na(x), 0, x)) is never missing), the
 *      strata() and cluster() variables -- are "dropped" ("N observations deleted due to
 *      missingness");
 *   3. a negative or infinite time among the rows --where keeps is an error naming the row.
 * Factor levels that no kept row uses are dropped (R's drop.unused.levels = TRUE), so every
 * dummy column has at least one 1. The event is 0/1, TRUE/FALSE, or 1/2 (2 = event: R's Surv()
 * rule when every value is 1 or 2), judged on every row of the dataset, as R evaluates Surv()
 * before subset= applies.
 * Design matrix: treatment contrasts against the first level (contr.treatment) for every
 * factor, ordered ones included (R would use contr.poly for those), except where R's margin rule
 * codes a factor by all its levels (see is_full); an interaction's columns are the products of
 * its variables' columns, the first variable varying fastest, as model.matrix() orders them.
 * Names: "age", "I(size_cm > 5)", "sex=M", "age:sex=M", "grade=2:sex=M".
 * Groups (survfit's strata): one per observed combination of the right-hand-side variables,
 * sorted by level (numbers by value), the first variable varying slowest, as survfit() sorts
 * them; named "sex=F" or "sex=F, grade=2". strata() variables give the strata the same way. */
#include "frame_impl.h"

#include <ctype.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dataset_impl.h"
#include "formula.h"
#include "frame_censor.h"
#include "frame_model.h"
#include "prognos/format.h"
#include "prognos/limits.h"

static void model_free(void *p)
{
    model *m = p;
    if (!m) return;
    if (m->leaves && m->f) {
        for (size_t i = 0; i < m->f->nleaves; i++) {
            free(m->leaves[i].var);
            for (size_t k = 0; k < m->leaves[i].nlevels; k++) free(m->leaves[i].levels[k]);
            free(m->leaves[i].levels);
        }
    }
    free(m->leaves);
    if (m->full && m->f)
        for (size_t t = 0; t < m->f->nterms; t++) free(m->full[t]);
    free(m->full);
    pg_formula_free(m->f);
    free(m);
}

/* A categorical key over the kept rows, for groups, strata and clusters. */
typedef struct keyvar {
    const char *name;
    size_t card;
    size_t *key;            /* per kept row, < card */
    char **vals;            /* card texts */
    int borrowed;           /* key and vals belong to someone else */
} keyvar;

static void keyvar_clear(keyvar *k)
{
    if (!k->borrowed) {
        free(k->key);
        if (k->vals)
            for (size_t i = 0; i < k->card; i++) free(k->vals[i]);
        free(k->vals);
    }
    memset(k, 0, sizeof *k);
}

/* Key of numbers x (one per kept row) by value; texts as R prints the numbers, or TRUE/FALSE
 * for a logical held as 0/1. */
static int keyvar_num(keyvar *k, const char *name, const double *x, size_t n, int logical)
{
    memset(k, 0, sizeof *k);
    k->name = name;
    k->key = pg_malloc_array(n, sizeof *k->key);
    /* a status or a 0/1 variable has few values: found in one read of x, with no copy */
    double few[PG_SMALL_DISTINCT];
    size_t m = n >= 256 ? pg_small_distinct(x, n, few) : 0;
    double *u = pg_malloc_array(m ? m : n, sizeof *u);
    if (!k->key || !u) {
        free(u);
        return PG_ENOMEM;
    }
    if (m) {
        memcpy(u, few, m * sizeof *u);
    } else {
        memcpy(u, x, n * sizeof *u);
        m = pg_sort_distinct(u, n);
    }
    for (size_t r = 0; r < n; r++) k->key[r] = pg_sorted_index(u, m, x[r]);
    k->vals = pg_calloc_array(m, sizeof *k->vals);
    if (!k->vals) {
        free(u);
        return PG_ENOMEM;
    }
    for (size_t j = 0; j < m; j++) {
        char buf[64];
        k->vals[j] = pg_strdup(logical ? (u[j] ? "TRUE" : "FALSE") : pg_fmt_rnum(buf, sizeof buf, u[j]));
        k->card = j + 1;
        if (!k->vals[j]) {
            free(u);
            return PG_ENOMEM;
        }
    }
    free(u);
    return PG_OK;
}

/* Build a key from value v over the kept dataset rows: factor levels in level order (unused
 * ones dropped), logicals FALSE < TRUE, numbers by value. */
static int keyvar_build(keyvar *k, const char *name, const pg_value *v, const size_t *rows,
                        size_t n)
{
    memset(k, 0, sizeof *k);
    k->name = name;
    if (v->type == PG_V_NUM) {
        double *x = pg_malloc_array(n, sizeof *x);
        if (!x) return PG_ENOMEM;
        for (size_t r = 0; r < n; r++) x[r] = v->num[rows[r]];
        int rc = keyvar_num(k, name, x, n, 0);
        free(x);
        return rc;
    }
    k->key = pg_malloc_array(n, sizeof *k->key);
    if (!k->key) return PG_ENOMEM;
    size_t nl = v->type == PG_V_FAC ? v->nlevels : 2;
    size_t *map = pg_malloc_array(nl, sizeof *map);
    if (!map) return PG_ENOMEM;
    for (size_t l = 0; l < nl; l++) map[l] = (size_t)-1;
    for (size_t r = 0; r < n; r++) {
        size_t i = rows[r];
        size_t c = v->type == PG_V_FAC ? (size_t)v->code[i] : (size_t)(v->num[i] != 0);
        map[c] = 0;
    }
    k->vals = pg_calloc_array(nl, sizeof *k->vals);
    if (!k->vals) {
        free(map);
        return PG_ENOMEM;
    }
    for (size_t l = 0; l < nl; l++) {
        if (map[l] == (size_t)-1) continue;
        map[l] = k->card;
        k->vals[k->card] = pg_strdup(v->type == PG_V_FAC ? v->levels[l] : l ? "TRUE" : "FALSE");
        if (!k->vals[k->card]) {
            free(map);
            return PG_ENOMEM;
        }
        k->card++;
    }
    for (size_t r = 0; r < n; r++) {
        size_t i = rows[r];
        size_t c = v->type == PG_V_FAC ? (size_t)v->code[i] : (size_t)(v->num[i] != 0);
        k->key[r] = map[c];
    }
    free(map);
    return PG_OK;
}

/* Do rows a and b have the same value of every key? */
static int same_tuple(const keyvar *kv, size_t nk, size_t a, size_t b)
{
    for (size_t j = 0; j < nk; j++)
        if (kv[j].key[a] != kv[j].key[b]) return 0;
    return 1;
}

/* One id per observed combination of the keys, combinations sorted with the first key most
 * significant; names "a=x, b=y" ("" when there are no keys). */
static int combine(const keyvar *kv, size_t nk, size_t n, size_t **ids, char ***names,
                   size_t *ng)
{
    *ids = pg_calloc_array(n, sizeof **ids);
    if (!*ids) return PG_ENOMEM;
    if (nk == 0 || n == 0) {
        *names = pg_calloc_array(1, sizeof **names);
        if (!*names) return PG_ENOMEM;
        (*names)[0] = pg_strdup("");
        *ng = 1;
        return (*names)[0] ? PG_OK : PG_ENOMEM;
    }
    size_t *first = pg_malloc_array(n, sizeof *first);     /* a row of each group */
    if (!first) return PG_ENOMEM;
    /* Few possible combinations (factors): number them in mixed radix, first key most
     * significant, in O(n). Otherwise sort the rows by their key tuples. */
    size_t P = 1;
    int small = 1;
    for (size_t j = 0; j < nk && small; j++) {
        if (kv[j].card && P > (4 * n + 4096) / kv[j].card) small = 0;
        else P *= kv[j].card ? kv[j].card : 1;
    }
    size_t g = 0;
    if (small) {
        size_t *slot = pg_calloc_array(P, sizeof *slot);
        if (!slot) {
            free(first);
            return PG_ENOMEM;
        }
        for (size_t r = 0; r < n; r++) {
            size_t code = 0;
            for (size_t j = 0; j < nk; j++) code = code * kv[j].card + kv[j].key[r];
            (*ids)[r] = code;
            slot[code] = 1;
        }
        for (size_t c = 0; c < P; c++)
            if (slot[c]) slot[c] = ++g;
        for (size_t r = 0; r < n; r++) {
            size_t id = slot[(*ids)[r]] - 1;
            first[id] = r;
            (*ids)[r] = id;
        }
        free(slot);
    } else {
        size_t *idx = pg_malloc_array(n, sizeof *idx), *tmp = pg_malloc_array(n, sizeof *tmp);
        if (!idx || !tmp) {
            free(idx);
            free(tmp);
            free(first);
            return PG_ENOMEM;
        }
        /* Least significant key first, one stable counting pass per key (pg_order_by_key):
         * the rows end in key-tuple order, tied tuples in row order. */
        for (size_t r = 0; r < n; r++) idx[r] = r;
        for (size_t j = nk; j-- > 0;) {
            if (pg_order_by_key(n, idx, kv[j].key, kv[j].card, tmp) != PG_OK) {
                free(idx);
                free(tmp);
                free(first);
                return PG_ENOMEM;
            }
            size_t *t = idx;
            idx = tmp;
            tmp = t;
        }
        for (size_t r = 0; r < n; r++) {
            if (r > 0 && !same_tuple(kv, nk, idx[r - 1], idx[r])) g++;
            first[g] = idx[r];
            (*ids)[idx[r]] = g;
        }
        g++;
        free(idx);
        free(tmp);
    }
    *ng = g;
    *names = pg_calloc_array(g, sizeof **names);
    if (!*names) {
        free(first);
        return PG_ENOMEM;
    }
    const char **keys = pg_malloc_array(nk, sizeof *keys), **vals = pg_malloc_array(nk, sizeof *vals);
    for (size_t j = 0; keys && j < nk; j++) keys[j] = kv[j].name;
    int rc = keys && vals ? PG_OK : PG_ENOMEM;
    for (size_t k = 0; !rc && k < g; k++) {
        for (size_t j = 0; j < nk; j++) vals[j] = kv[j].vals[kv[j].key[first[k]]];
        if (!((*names)[k] = pg_frame_tuple_name(keys, vals, nk))) rc = PG_ENOMEM;
    }
    free(keys);
    free(vals);
    free(first);
    return rc;
}

char *pg_frame_tuple_name(const char *const *names, const char *const *values, size_t n)
{
    size_t len = 1;
    for (size_t j = 0; j < n; j++) len += strlen(names[j]) + strlen(values[j]) + 3;
    char *s = malloc(len);
    if (!s) return NULL;
    size_t at = 0;
    for (size_t j = 0; j < n; j++)
        at += (size_t)snprintf(s + at, len - at, "%s%s=%s", j ? ", " : "", names[j], values[j]);
    s[at] = '\0';
    return s;
}

/* Text of row i of a value (factor level, TRUE/FALSE, number as R prints it); NULL if NA. */
const char *pg_frame_value_text(const pg_value *v, size_t i, char *buf, size_t len)
{
    if (pg_value_na(v, i)) return NULL;
    if (v->type == PG_V_FAC) return v->levels[v->code[i]];
    if (v->type == PG_V_LGL) return v->num[i] ? "TRUE" : "FALSE";
    return pg_fmt_rnum(buf, len, v->num[i]);
}

const char *pg_frame_row_file(const pg_dataset *ds, size_t i)
{
    const char *f = pg_dataset_row_file(ds, i);
    return f ? f : "";
}

/* "row 12" when the dataset has no file positions (those go into err->file/line instead). */
const char *pg_frame_row_note(const pg_dataset *ds, size_t i, char *buf, size_t len)
{
    if (pg_frame_row_file(ds, i)[0] && pg_dataset_row_line(ds, i) > 0) buf[0] = '\0';
    else snprintf(buf, len, " in row %zu", i + 1);
    return buf;
}

/* The variable name a factor leaf uses in names: x for factor(x, ...), else its text. */
static char *leaf_var(const pg_expr *e, const char *label)
{
    const pg_expr *c = e;
    while (c->kind == PG_EX_PAREN) c = c->args[0];
    if (c->kind == PG_EX_CALL && strcmp(c->name, "factor") == 0) {
        for (size_t i = 0; i < c->nargs; i++)
            if (!c->argnames[i]) return pg_expr_deparse(c->args[i]);
    }
    return pg_strdup(label);
}

static int is_I_call(const pg_expr *e)
{
    while (e->kind == PG_EX_PAREN) e = e->args[0];
    return e->kind == PG_EX_CALL && strcmp(e->name, "I") == 0;
}

/* R's rule for coding a factor inside a term (model.matrix, TermCode): the factor gets
 * contrasts when the term without it is also in the model -- the empty term being the
 * intercept, always present -- and indicators for every level otherwise. So in
 * celltype + celltype:trt the interaction has a trt slope for each of the four cell types,
 * while in celltype*trt it has three differences. */
static int is_full(const pg_formula *f, size_t t, size_t k)
{
    const pg_fterm *ft = &f->terms[t];
    if (ft->nleaf == 1) return 0;
    for (size_t u = 0; u < f->nterms; u++) {
        const pg_fterm *o = &f->terms[u];
        if (o->nleaf != ft->nleaf - 1) continue;
        size_t a = 0, b = 0, same = 1;
        for (; a < ft->nleaf && same; a++) {
            if (a == k) continue;
            same = b < o->nleaf && o->leaf[b] == ft->leaf[a];
            b++;
        }
        if (same) return 0;
    }
    return 1;
}

/* A level of a text event that probably means death, for the example in the error message. */
static const char *event_level_hint(const pg_value *v)
{
    static const char *const words[] = {"dod", "dead", "died", "death", "deceased", "event",
                                        "yes", NULL};
    for (size_t w = 0; words[w]; w++)
        for (size_t k = 0; k < v->nlevels; k++) {
            char low[64];
            size_t i = 0;
            for (; v->levels[k][i] && i + 1 < sizeof low; i++)
                low[i] = (char)tolower((unsigned char)v->levels[k][i]);
            low[i] = '\0';
            if (strstr(low, words[w])) return v->levels[k];
        }
    return v->nlevels ? v->levels[v->nlevels - 1] : "DOD";
}

/* The state of one pg_frame_new: what is evaluated on every dataset row (the values), and what
 * the steps below build from it on the kept rows. build_clear releases all of it, and the frame
 * and the model unless they were handed to the caller. */
typedef struct build {
    const pg_dataset *ds;
    const pg_frame_opts *opt;
    pg_error *err;
    model *m;
    pg_formula *f;              /* m->f */
    pg_frame *fr;
    pg_expr *where;
    pg_value vw, vt, ve, vc;    /* --where, time, event, cluster(): one per dataset row */
    pg_value vt2;               /* Surv(type = "interval2"): the upper ends (frame_censor.c) */
    pg_value vstart, vid;       /* start of Surv(start, stop, event), --id: per dataset row */
    pg_value vwt, voff;         /* --weights, offset(): per dataset row */
    pg_expr *idexpr, *wtexpr;
    pg_value *vl, *vs;          /* each leaf, each strata() argument: one per dataset row */
    size_t nleaves, nstrata;
    size_t **gkey;              /* factor leaves: the level of each kept row */
} build;

static int nomem(build *b)
{
    return pg_fail(b->err, PG_ENOMEM, "out of memory");
}

static void build_clear(build *b)
{
    pg_frame_free(b->fr);
    model_free(b->m);
    pg_expr_free(b->where);
    pg_value_clear(&b->vw);
    pg_value_clear(&b->vt);
    pg_value_clear(&b->ve);
    pg_value_clear(&b->vc);
    pg_value_clear(&b->vt2);
    pg_value_clear(&b->vstart);
    pg_value_clear(&b->vid);
    pg_expr_free(b->idexpr);
    pg_expr_free(b->wtexpr);
    pg_value_clear(&b->vwt);
    pg_value_clear(&b->voff);
    for (size_t j = 0; b->vl && j < b->nleaves; j++) pg_value_clear(&b->vl[j]);
    for (size_t j = 0; b->vs && j < b->nstrata; j++) pg_value_clear(&b->vs[j]);
    free(b->vl);
    free(b->vs);
    for (size_t j = 0; b->gkey && j < b->nleaves; j++) free(b->gkey[j]);
    free(b->gkey);
}

/* Step 1: --where on every row; it must be a condition. */
static int eval_where(build *b, const char *where)
{
    int rc = pg_expr_parse(where, 0, &b->where, b->err);
    if (rc) return rc;
    pg_eval_ctx wc = {b->ds, NULL};
    rc = pg_expr_eval(b->where, &wc, &b->vw, b->err);
    if (rc) return rc;
    if (b->vw.type != PG_V_LGL)
        return pg_fail(b->err, PG_EINPUT, "--where: '%s' must be a condition that is TRUE or "
                       "FALSE, such as age > 60", where);
    return PG_OK;
}

/* Why a time column is text, when its values say ("; it has decimal commas ('10,5'): ..."),
 * else "". The usual causes in spreadsheet exports (pg_text_kind_of_levels). */
static void text_time_why(const pg_value *v, char *buf, size_t len)
{
    size_t k = 0;
    pg_text_kind kind = pg_text_kind_of_levels((const char *const *)v->levels, v->nlevels, &k);
    const char *lev = kind != PG_TEXT_OTHER ? v->levels[k] : "";
    switch (kind) {
    case PG_TEXT_DECIMAL_COMMA: case PG_TEXT_COMMA3:
        snprintf(buf, len, " ('%.40s'): looks like decimal commas; use --decimal , or a ';' file",
                 lev);
        break;
    case PG_TEXT_UNIT:
        snprintf(buf, len, " ('%.40s'): numbers with a unit; keep the numbers alone and the unit "
                 "in the column's name", lev);
        break;
    case PG_TEXT_DATE:
        snprintf(buf, len, " ('%.40s'): dates; give the time from the start instead (e.g. "
                 "months from diagnosis)", lev);
        break;
    default: break;
    }
}

/* Step 1: the time (numeric) and the event (numbers or TRUE/FALSE, not text) on every row. */
static int eval_response(build *b)
{
    const pg_formula *f = b->f;
    pg_eval_ctx rctx = {b->ds, f->response};
    int rc = pg_expr_eval(f->time, &rctx, &b->vt, b->err);
    if (rc) return rc;
    if (b->vt.type != PG_V_NUM) {
        char *t = pg_expr_deparse(f->time), why[160] = "";
        if (b->vt.type == PG_V_FAC) text_time_why(&b->vt, why, sizeof why);
        rc = pg_fail_term(b->err, PG_EINPUT, f->response, f->time->pos, "time '%s' must be "
                          "numeric, but it is %s%s", t ? t : "?",
                          b->vt.type == PG_V_FAC ? "text" : "TRUE/FALSE", why);
        free(t);
        return rc;
    }
    if (f->surv_type != PG_SURV_RIGHT)      /* left / interval censoring: frame_censor.c */
        return pg_censor_eval(b->ds, f, b->opt, &b->vt, &b->ve, &b->vt2, b->err);
    const pg_value *ve = &b->ve;
    rc = pg_expr_eval(f->event, &rctx, &b->ve, b->err);
    if (rc || ve->type != PG_V_FAC || (b->opt && b->opt->censor && b->opt->n_censor)) return rc;
    /* a text status: the values meaning censored must be named (frame.h, "Causes") */
    char *t = pg_expr_deparse(f->event);
    pg_cause_in in = {.levels = ve->levels, .nlevels = ve->nlevels, .response = f->response,
                      .event = t ? t : "?", .pos = f->event->pos};
    rc = pg_frame_censor_needed(&in, event_level_hint(ve), b->err);
    free(t);
    return rc;
}

/* Step 1: every right-hand-side variable, strata() and cluster() argument on every row. */
static int eval_rhs(build *b)
{
    const pg_formula *f = b->f;
    int rc = PG_OK;
    for (size_t j = 0; j < f->nleaves && !rc; j++) {
        pg_eval_ctx lc = {b->ds, f->leaf_labels[j]};
        rc = pg_expr_eval(f->leaves[j], &lc, &b->vl[j], b->err);
    }
    for (size_t j = 0; j < f->nstrata && !rc; j++) {
        pg_eval_ctx sc = {b->ds, f->strata_labels[j]};
        rc = pg_expr_eval(f->strata[j], &sc, &b->vs[j], b->err);
    }
    if (f->cluster && !rc) {
        pg_eval_ctx cc = {b->ds, f->cluster_label};
        rc = pg_expr_eval(f->cluster, &cc, &b->vc, b->err);
    }
    return rc;
}

/* Step 1, counting-process data (frame.h): the start time of Surv(start, stop, event), which
 * only callers that set opt->counting accept, and the --id expression, on every row. */
static int eval_counting(build *b)
{
    const pg_formula *f = b->f;
    int rc = PG_OK;
    if (f->start && !(b->opt && b->opt->counting))
        return pg_fail_term(b->err, PG_EINPUT, f->response, 1, "Surv(start, stop, event) "
                            "(counting-process data) is not supported here; use "
                            "Surv(time, event)");
    if (f->start) {
        pg_eval_ctx rctx = {b->ds, f->response};
        rc = pg_expr_eval(f->start, &rctx, &b->vstart, b->err);
        if (!rc && b->vstart.type != PG_V_NUM) {
            char *t = pg_expr_deparse(f->start);
            rc = pg_fail_term(b->err, PG_EINPUT, f->response, f->start->pos, "start time '%s' "
                              "must be numeric", t ? t : "?");
            free(t);
        }
    }
    if (!rc && b->opt && b->opt->id && *b->opt->id) {
        rc = pg_expr_parse(b->opt->id, 0, &b->idexpr, b->err);
        pg_eval_ctx ic = {b->ds, b->opt->id};
        if (!rc) rc = pg_expr_eval(b->idexpr, &ic, &b->vid, b->err);
    }
    if (!rc && b->opt && b->opt->weights && *b->opt->weights) {
        rc = pg_expr_parse(b->opt->weights, 0, &b->wtexpr, b->err);
        pg_eval_ctx wc = {b->ds, b->opt->weights};
        if (!rc) rc = pg_expr_eval(b->wtexpr, &wc, &b->vwt, b->err);
        if (!rc && b->vwt.type != PG_V_NUM)
            rc = pg_fail(b->err, PG_EINPUT, "--weights: '%s' must be numeric", b->opt->weights);
    }
    if (!rc && f->offset) {
        pg_eval_ctx oc = {b->ds, f->offset_label};
        rc = pg_expr_eval(f->offset, &oc, &b->voff, b->err);
        if (!rc && b->voff.type != PG_V_NUM)
            rc = pg_fail_term(b->err, PG_EINPUT, f->offset_label, 1, "offset() must be numeric");
    }
    return rc;
}

/* Step 2: the weight of row i: missing, negative or infinite is an error naming the row
 * (*rc); 0 drops the row (returns 1, counted in fr->zero_weight). */
static int weight_row_drop(build *b, size_t i, int *rc)
{
    *rc = PG_OK;
    if (!b->wtexpr) return 0;
    double v = b->vwt.num[i];
    if (v == 0) {
        b->fr->zero_weight++;
        return 1;
    }
    if (v > 0 && isfinite(v)) return 0;
    char note[64], buf[64];
    *rc = pg_fail_at(b->err, PG_EINPUT, pg_frame_row_file(b->ds, i), pg_dataset_row_line(b->ds, i), 0,
                     "--weights: the weight '%s' is %s%s; weights must be finite and >= 0 (0 "
                     "drops the row)", b->opt->weights,
                     isnan(v) ? "missing" : pg_fmt_rnum(buf, sizeof buf, v),
                     pg_frame_row_note(b->ds, i, note, sizeof note));
    return 0;
}

/* Step 2, counting-process data: is row i dropped (missing start or id)? An infinite start
 * is an error naming the row (*rc). Returns 1 dropped, 0 kept. */
static int counting_row_na(build *b, size_t i, int *rc)
{
    *rc = PG_OK;
    if (b->idexpr && pg_value_na(&b->vid, i)) return 1;
    if (b->f->offset && pg_value_na(&b->voff, i)) return 1;
    if (!b->f->start) return 0;
    double s = b->vstart.num[i];
    if (isnan(s)) return 1;
    if (isinf(s)) {
        char note[64];
        *rc = pg_fail_at(b->err, PG_EINPUT, pg_frame_row_file(b->ds, i), pg_dataset_row_line(b->ds, i),
                         0, "infinite start time in '%s'%s", b->f->response,
                         pg_frame_row_note(b->ds, i, note, sizeof note));
    }
    return 0;
}

/* Step 2: the rows that stay: --where TRUE, then no missing model variable (the others are
 * counted as excluded and dropped). A negative or infinite time among the rows --where keeps is
 * an error naming the row. */
static int keep_rows(build *b)
{
    const pg_formula *f = b->f;
    const pg_dataset *ds = b->ds;
    pg_frame *fr = b->fr;
    const size_t N = ds->nrow;
    fr->rows = pg_malloc_array(N, sizeof *fr->rows);
    if (!fr->rows) return nomem(b);
    size_t n = 0;
    for (size_t i = 0; i < N; i++) {
        if (b->where && b->vw.num[i] != 1) {
            fr->excluded++;
            continue;
        }
        double t = b->vt.num[i];
        if (!isnan(t) && ((t < 0 && !f->start) || isinf(t))) {
            char buf[64], note[64];
            char *tt = pg_expr_deparse(f->time);
            int rc = pg_fail_at(b->err, PG_EINPUT, pg_frame_row_file(ds, i), pg_dataset_row_line(ds, i),
                                0, "%s time %s in '%s'%s", t < 0 ? "negative" : "infinite",
                                pg_fmt_rnum(buf, sizeof buf, t), tt ? tt : "?",
                                pg_frame_row_note(ds, i, note, sizeof note));
            free(tt);
            return rc;
        }
        int na = isnan(t) || pg_value_na(&b->ve, i);
        for (size_t j = 0; j < f->nleaves && !na; j++) na = pg_value_na(&b->vl[j], i);
        for (size_t j = 0; j < f->nstrata && !na; j++) na = pg_value_na(&b->vs[j], i);
        if (f->cluster && !na) na = pg_value_na(&b->vc, i);
        if (!na) {
            int crc;
            na = counting_row_na(b, i, &crc);
            if (crc) return crc;
        }
        if (!na) {   /* after the missing values, so a zero weight is counted only once */
            int wrc;
            if (weight_row_drop(b, i, &wrc)) continue;
            if (wrc) return wrc;
        }
        if (na) {
            fr->dropped++;
            continue;
        }
        fr->rows[n++] = i;
    }
    /* an empty subgroup: the data cannot support the analysis (exit 1), not a wrong command */
    if (n == 0 && fr->zero_weight)
        return pg_fail(b->err, PG_EANALYSIS, "no rows left to analyse: %zu of %zu excluded by "
                       "--where, %zu with missing values, %zu of weight 0", fr->excluded, N,
                       fr->dropped, fr->zero_weight);
    if (n == 0)
        return pg_fail(b->err, PG_EANALYSIS, "no rows left to analyse: %zu of %zu excluded by "
                       "--where, %zu with missing values", fr->excluded, N, fr->dropped);
    fr->n = n;
    return PG_OK;
}

/* Step 3, the status: the event's levels among the kept rows, which mean censored and which
 * are causes (frame_cause.c, frame.h "Causes"); def is the default censoring level. */
static int set_causes(build *b, const char *def)
{
    keyvar k;
    int rc = keyvar_build(&k, "", &b->ve, b->fr->rows, b->fr->n);
    char *t = rc ? NULL : pg_expr_deparse(b->f->event);
    if (!rc && !t) rc = PG_ENOMEM;
    if (rc) {
        keyvar_clear(&k);
        return nomem(b);
    }
    pg_cause_in in = {k.key, k.vals, k.card, def, b->ve.type == PG_V_NUM, b->f->response, t,
                      b->f->event->pos};
    rc = pg_frame_set_causes(b->fr, &in, b->opt, b->err);
    free(t);
    keyvar_clear(&k);
    return rc;
}

/* Step 3: time and status of the kept rows. The coding is judged on every row with an event
 * value, before --where, as R evaluates Surv() on the whole data before subset= applies: a
 * subset holding only 1s of a 1/2 coding is still all censored. */
static int set_response(build *b)
{
    const pg_formula *f = b->f;
    pg_frame *fr = b->fr;
    if (f->surv_type != PG_SURV_RIGHT)
        return pg_censor_response(fr, &b->vt, &b->vt2, &b->ve, f->response, b->err);
    const pg_value *ve = &b->ve;
    size_t n = fr->n;
    int zero_one = 1, one_two = 1, codes = 1, has_zero = 0;
    double bad = 0;
    for (size_t i = 0; ve->type != PG_V_FAC && i < b->ds->nrow; i++) {
        double e = ve->num[i];
        if (isnan(e)) continue;
        has_zero |= e == 0;
        if (e != 0 && e != 1) {
            if (zero_one) bad = e;
            zero_one = 0;
        }
        if (e != 1 && e != 2) one_two = 0;
        if (codes && !(fabs(e) < 1e9 && e == floor(e))) {
            codes = 0;
            bad = e;
        }
    }
    if (ve->type == PG_V_NUM && !zero_one && !one_two && !codes) {
        char buf[64];
        char *t = pg_expr_deparse(f->event);
        int rc = pg_fail_term(b->err, PG_EINPUT, f->response, f->event->pos, "event '%s' must "
                              "be coded 0/1, 1/2, TRUE/FALSE or by whole numbers (causes), but "
                              "has the value %s; write a condition such as %s == %s", t ? t : "?",
                              pg_fmt_rnum(buf, sizeof buf, bad), t ? t : "?", buf);
        free(t);
        return rc;
    }
    fr->time = pg_malloc_array(n, sizeof *fr->time);
    if (!fr->time) return nomem(b);
    for (size_t r = 0; r < n; r++) fr->time[r] = b->vt.num[fr->rows[r]];
    /* Whole-number codes with no 0 anywhere (1 alive, 2 dead of disease, 3 dead of other
     * causes) have no default censoring value: taking 0 would make every code a cause, so the
     * user must say (--censor), as for text. */
    const char *def = ve->type == PG_V_FAC   ? NULL
                      : ve->type == PG_V_LGL ? "FALSE"
                      : zero_one             ? "0"
                      : one_two              ? "1"
                      : has_zero             ? "0"
                                             : NULL;
    int rc = set_causes(b, def);
    if (rc) return rc;
    free(fr->response);
    fr->response = pg_strdup(f->response);
    return fr->response ? PG_OK : nomem(b);
}

/* Step 4: the leaves as the model sees them: numbers (a logical I() is a 0/1 number), or
 * factors with their used levels and the level of each kept row. */
static int set_leaves(build *b)
{
    const pg_formula *f = b->f;
    pg_frame *fr = b->fr;
    b->gkey = pg_calloc_array(b->nleaves, sizeof *b->gkey);
    if (!b->gkey) return nomem(b);
    for (size_t j = 0; j < b->nleaves; j++) {
        mleaf *l = &b->m->leaves[j];
        const pg_value *v = &b->vl[j];
        if (v->type == PG_V_NUM || (v->type == PG_V_LGL && is_I_call(f->leaves[j]))) {
            l->var = pg_strdup(f->leaf_labels[j]);
            l->logical = v->type == PG_V_LGL;
            if (!l->var) return nomem(b);
            continue;
        }
        l->factor = 1;
        l->ordered = v->ordered;
        l->var = leaf_var(f->leaves[j], f->leaf_labels[j]);
        if (!l->var) return nomem(b);
        keyvar k;
        int krc = keyvar_build(&k, l->var, v, fr->rows, fr->n);
        b->gkey[j] = k.key;
        l->levels = k.vals;
        l->nlevels = k.card;
        if (krc) return nomem(b);
    }
    return PG_OK;
}

/* Step 5, per term: what the frame says about term t (label, kind, columns, levels). */
static int describe_term(build *b, size_t t, size_t first)
{
    const pg_fterm *ft = &b->f->terms[t];
    const model *m = b->m;
    pg_frame_term *tt = &b->fr->terms[t];
    tt->label = pg_strdup(ft->label);
    if (!tt->label) return nomem(b);
    tt->first = first;
    tt->ncol = 1;
    for (size_t k = 0; k < ft->nleaf; k++)
        tt->ncol *= leaf_ncol(&m->leaves[ft->leaf[k]], m->full[t][k]);
    const mleaf *l0 = &m->leaves[ft->leaf[0]];
    if (ft->nleaf > 1) {
        tt->kind = PG_TERM_INTERACTION;
        return PG_OK;
    }
    if (!l0->factor) {
        tt->kind = PG_TERM_NUMERIC;
        return PG_OK;
    }
    tt->kind = PG_TERM_FACTOR;
    tt->ordered = l0->ordered;
    tt->var = pg_strdup(l0->var);
    tt->levels = pg_calloc_array(l0->nlevels, sizeof *tt->levels);
    if (!tt->var || !tt->levels) return nomem(b);
    for (size_t k = 0; k < l0->nlevels; k++) {
        tt->levels[k] = pg_strdup(l0->levels[k]);
        if (!tt->levels[k]) return nomem(b);
        tt->nlevels = k + 1;
    }
    return PG_OK;
}

/* Step 5, per column: column c of term t is a product over the leaves of the term -- the value
 * of a numeric leaf, or the indicator of one level of a factor leaf (the first leaf varying
 * fastest) -- named "age:sex=M". */
static int fill_column(build *b, size_t t, size_t c, size_t col)
{
    const pg_fterm *ft = &b->f->terms[t];
    const model *m = b->m;
    pg_frame *fr = b->fr;
    size_t n = fr->n;
    double *xc = fr->x + col * n;
    for (size_t r = 0; r < n; r++) xc[r] = 1;
    size_t rest = c, len = 1;
    for (size_t k = 0; k < ft->nleaf; k++) {
        const mleaf *l = &m->leaves[ft->leaf[k]];
        const pg_value *v = &b->vl[ft->leaf[k]];
        size_t lc = leaf_ncol(l, m->full[t][k]);
        size_t ck = rest % lc + !m->full[t][k];     /* level of this column */
        rest /= lc;
        if (!l->factor) {
            for (size_t r = 0; r < n; r++) xc[r] *= v->num[fr->rows[r]];
            len += strlen(l->var) + 1;
            continue;
        }
        const size_t *key = b->gkey[ft->leaf[k]];
        for (size_t r = 0; r < n; r++)
            if (key[r] != ck) xc[r] = 0;
        len += strlen(l->var) + strlen(l->levels[ck]) + 2;
    }
    char *name = malloc(len);
    if (!name) return nomem(b);
    name[0] = '\0';
    rest = c;
    for (size_t k = 0; k < ft->nleaf; k++) {
        const mleaf *l = &m->leaves[ft->leaf[k]];
        size_t lc = leaf_ncol(l, m->full[t][k]), ck = rest % lc + !m->full[t][k];
        rest /= lc;
        if (k) strcat(name, ":");
        strcat(name, l->var);
        if (l->factor) {
            strcat(name, "=");
            strcat(name, l->levels[ck]);
        }
    }
    fr->colnames[col] = name;
    return PG_OK;
}

/* Step 5, before allocating: the design matrix (n x p doubles) must fit in the stated limit
 * (opt->max_matrix_bytes, else PG_LIMIT_MATRIX_BYTES): a factor with many levels, or the
 * interaction of two, would otherwise ask for gigabytes and be killed by the system, or swap. */
static int check_design_size(build *b, size_t p, size_t tbig, size_t cbig)
{
    size_t n = b->fr->n;
    double max = b->opt && b->opt->max_matrix_bytes ? (double)b->opt->max_matrix_bytes
                                                    : (double)PG_LIMIT_MATRIX_BYTES;
    double bytes = (double)n * (double)p * (double)sizeof(double);
    if (bytes <= max && p < SIZE_MAX) return PG_OK;
    char need[32], lim[32];
    pg_format_bytes(need, sizeof need, bytes);
    pg_format_bytes(lim, sizeof lim, max);
    return pg_fail(b->err, PG_EINPUT, "the design matrix would have %zu rows x %.0f columns "
                   "(%s), more than the limit of %s (PG_LIMIT_MATRIX_BYTES; "
                   "PROGNOS_MAX_MATRIX_BYTES raises it, docs/limits.md); term '%s' has %.0f "
                   "column%s", n, (double)p, need, lim, b->f->terms[tbig].label, (double)cbig,
                   cbig == 1 ? "" : "s");
}

/* Step 5: the design matrix, its column names and the terms. */
static int set_design(build *b)
{
    const pg_formula *f = b->f;
    model *m = b->m;
    pg_frame *fr = b->fr;
    m->full = pg_calloc_array(f->nterms, sizeof *m->full);
    if (!m->full) return nomem(b);
    size_t p = 0, cbig = 0, tbig = 0;
    for (size_t t = 0; t < f->nterms; t++) {
        m->full[t] = pg_calloc_array(f->terms[t].nleaf, 1);
        if (!m->full[t]) return nomem(b);
        size_t c = 1;
        for (size_t k = 0; k < f->terms[t].nleaf; k++) {
            const mleaf *l = &m->leaves[f->terms[t].leaf[k]];
            m->full[t][k] = (unsigned char)(l->factor && is_full(f, t, k));
            size_t lc = leaf_ncol(l, m->full[t][k]);
            c = lc && c > SIZE_MAX / lc ? SIZE_MAX : c * lc;
        }
        p = p + c < p ? SIZE_MAX : p + c;
        if (c > cbig) {
            cbig = c;
            tbig = t;
        }
    }
    fr->terms = pg_calloc_array(f->nterms, sizeof *fr->terms);
    if (!fr->terms) return nomem(b);
    fr->nterms = f->nterms;
    int design = !(b->opt && b->opt->no_design);
    if (design) {
        int rc = check_design_size(b, p, tbig, cbig);
        if (rc) return rc;
        fr->p = p;
        fr->x = pg_malloc_array(fr->n * p, sizeof *fr->x);
        fr->colnames = pg_calloc_array(p, sizeof *fr->colnames);
        if ((!fr->x && fr->n && p) || (!fr->colnames && p)) return nomem(b);
    }
    size_t col = 0;
    for (size_t t = 0; t < f->nterms; t++) {
        int rc = describe_term(b, t, col);
        if (!design) fr->terms[t].first = fr->terms[t].ncol = 0;   /* no columns (no_design) */
        for (size_t c = 0; !rc && c < fr->terms[t].ncol; c++, col++) rc = fill_column(b, t, c, col);
        if (rc) return rc;
    }
    return PG_OK;
}

/* Step 6: the groups (survfit's strata): one per observed combination of every right-hand-side
 * variable (see the head of this file); one group "" when there is none. */
static int set_groups(build *b)
{
    const model *m = b->m;
    pg_frame *fr = b->fr;
    size_t nl = b->nleaves, n = fr->n;
    keyvar *kv = pg_calloc_array(nl, sizeof *kv);
    double *num = pg_malloc_array(n, sizeof *num);
    int rc = kv && num ? PG_OK : PG_ENOMEM;
    for (size_t j = 0; j < nl && !rc; j++) {
        const mleaf *l = &m->leaves[j];
        if (l->factor) {
            kv[j] = (keyvar){l->var, l->nlevels, b->gkey[j], l->levels, 1};
            continue;
        }
        for (size_t r = 0; r < n; r++) num[r] = b->vl[j].num[fr->rows[r]];
        rc = keyvar_num(&kv[j], l->var, num, n, l->logical);
    }
    free(num);
    if (!rc) rc = combine(kv, nl, n, &fr->group, &fr->group_names, &fr->ngroups);
    for (size_t j = 0; kv && j < nl; j++) keyvar_clear(&kv[j]);
    free(kv);
    return rc ? nomem(b) : PG_OK;
}

/* Step 6, counting-process data: the start times and the subjects of the kept rows. */
static int set_counting(build *b)
{
    pg_frame *fr = b->fr;
    if (b->f->start) {
        fr->entry = pg_malloc_array(fr->n, sizeof *fr->entry);
        if (!fr->entry) return nomem(b);
        for (size_t r = 0; r < fr->n; r++) fr->entry[r] = b->vstart.num[fr->rows[r]];
    }
    if (b->wtexpr) {
        fr->weights = pg_malloc_array(fr->n, sizeof *fr->weights);
        if (!fr->weights) return nomem(b);
        for (size_t r = 0; r < fr->n; r++) fr->weights[r] = b->vwt.num[fr->rows[r]];
    }
    if (b->f->offset) {
        fr->offset = pg_malloc_array(fr->n, sizeof *fr->offset);
        if (!fr->offset) return nomem(b);
        for (size_t r = 0; r < fr->n; r++) fr->offset[r] = b->voff.num[fr->rows[r]];
    }
    if (b->idexpr) {
        keyvar k;
        if (keyvar_build(&k, b->opt->id, &b->vid, fr->rows, fr->n)) {
            keyvar_clear(&k);
            return nomem(b);
        }
        fr->id = k.key;
        fr->nid = k.card;
        k.key = NULL;
        keyvar_clear(&k);
    }
    return PG_OK;
}

/* Step 6: strata from the strata() terms (one stratum "" without), cluster ids from
 * cluster(). */
static int set_strata_clusters(build *b)
{
    const pg_formula *f = b->f;
    pg_frame *fr = b->fr;
    keyvar *ks = pg_calloc_array(f->nstrata, sizeof *ks), kc = {0};
    size_t nks = 0;
    int rc = ks ? PG_OK : PG_ENOMEM;
    for (size_t j = 0; j < f->nstrata && !rc; j++, nks++)
        rc = keyvar_build(&ks[j], f->strata_labels[j], &b->vs[j], fr->rows, fr->n);
    if (!rc) rc = combine(ks, nks, fr->n, &fr->strata, &fr->strata_names, &fr->nstrata);
    if (!rc && f->cluster) {
        rc = keyvar_build(&kc, f->cluster_label, &b->vc, fr->rows, fr->n);
        fr->cluster = kc.key;
        fr->nclusters = kc.card;
        kc.key = NULL;
    }
    for (size_t j = 0; j < nks; j++) keyvar_clear(&ks[j]);
    free(ks);
    keyvar_clear(&kc);
    return rc ? nomem(b) : PG_OK;
}

int pg_frame_new(const pg_dataset *ds, const char *formula, const pg_frame_opts *opt,
                 pg_frame **out, pg_error *err)
{
    *out = NULL;
    if (!ds || !formula) return pg_fail(err, PG_EINPUT, "frame: a dataset and a formula are needed");
    build b;
    memset(&b, 0, sizeof b);
    b.ds = ds;
    b.opt = opt;
    b.err = err;
    b.m = calloc(1, sizeof *b.m);
    b.fr = pg_frame_alloc();
    int rc = b.m && b.fr ? pg_formula_parse(formula, &b.m->f, err) : nomem(&b);
    if (!rc) {
        b.f = b.m->f;
        b.nleaves = b.f->nleaves;
        b.nstrata = b.f->nstrata;
        b.m->leaves = pg_calloc_array(b.nleaves, sizeof *b.m->leaves);
        b.vl = pg_calloc_array(b.nleaves, sizeof *b.vl);
        b.vs = pg_calloc_array(b.nstrata, sizeof *b.vs);
        if (!b.m->leaves || !b.vl || !b.vs) rc = nomem(&b);
    }
    /* Everything is evaluated on every row, then the rows are chosen (the head of this file). */
    if (!rc && opt && opt->where && *opt->where) rc = eval_where(&b, opt->where);
    if (!rc) rc = eval_response(&b);
    if (!rc) rc = eval_counting(&b);
    if (!rc) rc = eval_rhs(&b);
    if (!rc) rc = keep_rows(&b);
    if (!rc) rc = set_response(&b);
    if (!rc) rc = set_leaves(&b);
    if (!rc) rc = set_design(&b);
    if (!rc && !(opt && opt->no_groups)) rc = set_groups(&b);
    /* the leaves' level of each row served the design and the groups: gone before the sort,
     * the peak of a large frame's memory */
    for (size_t j = 0; !rc && b.gkey && j < b.nleaves; j++) {
        free(b.gkey[j]);
        b.gkey[j] = NULL;
    }
    if (!rc) rc = set_strata_clusters(&b);
    if (!rc) rc = set_counting(&b);
    if (!rc && pg_frame_sort(b.fr)) rc = nomem(&b);
    if (!rc) rc = pg_frame_check_intervals(b.fr, ds, err);
    if (!rc) {
        b.fr->model = b.m;
        b.fr->model_free = model_free;
        b.m = NULL;
        *out = b.fr;
        b.fr = NULL;
    }
    build_clear(&b);
    return rc;
}

int pg_frame_term_ordered(const pg_frame *fr, size_t t)
{
    return fr && t < fr->nterms ? fr->terms[t].ordered : 0;
}
