/* formula.c -- R-style model formulas: the response Surv(time, event), and the right-hand side
 * expanded into terms the way R's terms() does it:
 *   a + b      both terms            a:b     the interaction (product of the columns)
 *   a * b      a + b + a:b           (a + b):c   a:c + b:c
 *   a - b      a without the term b  1, 0, -1    the intercept (Cox models have none; ignored)
 * A variable ("leaf") is any other expression: a column, factor(x), I(expr), fnclcc(...),
 * log(x), ... . Terms keep R's order: main effects first, then interactions, each group in the
 * order written; a term written twice counts once (a:b and b:a are the same term).
 * strata(x, ...) and cluster(id) are not terms; they are collected separately. */
#include "formula.h"
#include "suggest.h"

#include "prognos/limits.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct tset {
    size_t n;
    size_t *leaf;           /* ascending */
    long pos;
} tset;

typedef struct tlist {
    size_t n;
    tset *t;
    size_t nslot;           /* open-addressing index of t by leaf set: slot = term + 1, 0 free */
    size_t *slot;           /* NULL: rebuild before the next look-up (after a removal) */
} tlist;

static void tlist_free(tlist *l)
{
    for (size_t i = 0; i < l->n; i++) free(l->t[i].leaf);
    free(l->t);
    free(l->slot);
    l->t = NULL;
    l->slot = NULL;
    l->n = l->nslot = 0;
}

static int same_set(const tset *a, const size_t *leaf, size_t n)
{
    if (a->n != n) return 0;
    for (size_t i = 0; i < n; i++)
        if (a->leaf[i] != leaf[i]) return 0;
    return 1;
}

static size_t set_hash(const size_t *leaf, size_t n)
{
    uint64_t h = 1469598103934665603u ^ n;          /* FNV-1a over the leaf indices */
    for (size_t i = 0; i < n; i++) h = (h ^ leaf[i]) * 1099511628211u;
    return (size_t)(h ^ (h >> 29));
}

/* The slot of the set in l's index: the term's (slot value k + 1) or a free one (0). */
static size_t *tlist_find(tlist *l, const size_t *leaf, size_t n)
{
    size_t mask = l->nslot - 1;
    for (size_t s = set_hash(leaf, n) & mask;; s = (s + 1) & mask)
        if (!l->slot[s] || same_set(&l->t[l->slot[s] - 1], leaf, n)) return &l->slot[s];
}

/* (Re)build the index with room for one more term; load factor at most 1/2. */
static int tlist_index(tlist *l)
{
    if (l->slot && 2 * (l->n + 1) <= l->nslot) return PG_OK;
    size_t want = 16;
    while (want < 2 * (l->n + 1)) want *= 2;
    free(l->slot);
    l->slot = calloc(want, sizeof *l->slot);
    if (!l->slot) return PG_ENOMEM;
    l->nslot = want;
    for (size_t i = 0; i < l->n; i++) *tlist_find(l, l->t[i].leaf, l->t[i].n) = i + 1;
    return PG_OK;
}

/* Append a copy of the set (unless already present: a hashed look-up, so a formula's terms are
 * deduplicated in linear time). At most PG_LIMIT_TERMS terms: a*b*c*... doubles at each '*'. */
static int tlist_add(tlist *l, const size_t *leaf, size_t n, long pos, pg_error *err)
{
    if (tlist_index(l)) return pg_fail(err, PG_ENOMEM, "out of memory");
    size_t *s = tlist_find(l, leaf, n);
    if (*s) return PG_OK;
    if (l->n >= PG_LIMIT_TERMS)
        return pg_fail(err, PG_EINPUT, "formula expands to more than %d terms (PG_LIMIT_TERMS, "
                       "docs/limits.md): a*b*c*... with k variables has 2^k - 1 terms; write "
                       "the interactions you need with ':'", PG_LIMIT_TERMS);
    tset *nt = realloc(l->t, (l->n + 1) * sizeof *nt);
    if (!nt) return pg_fail(err, PG_ENOMEM, "out of memory");
    l->t = nt;
    size_t *c = pg_malloc_array(n, sizeof *c);
    if (!c) return pg_fail(err, PG_ENOMEM, "out of memory");
    memcpy(c, leaf, n * sizeof *c);
    l->t[l->n].n = n;
    l->t[l->n].leaf = c;
    l->t[l->n].pos = pos;
    l->n++;
    *s = l->n;
    return PG_OK;
}

/* Remove term j (keeping the order); the index is rebuilt at the next add. */
static void tlist_remove(tlist *l, size_t j)
{
    free(l->t[j].leaf);
    memmove(l->t + j, l->t + j + 1, (l->n - j - 1) * sizeof *l->t);
    l->n--;
    free(l->slot);
    l->slot = NULL;
    l->nslot = 0;
}

static int fail_at(pg_error *err, const pg_formula *f, const pg_expr *e, long pos,
                   const char *fmt, ...) __attribute__((format(printf, 5, 6)));

/* A formula error naming the term e (deparsed) with the caret at pos. */
static int fail_at(pg_error *err, const pg_formula *f, const pg_expr *e, long pos,
                   const char *fmt, ...)
{
    char msg[256];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    char *t = e ? pg_expr_deparse(e) : NULL;
    pg_fail_term(err, PG_EINPUT, t ? t : f->text, pos, "%s", msg);
    free(t);
    return PG_EINPUT;
}

/* Register a leaf (by its deparsed text) and return its index in *idx. */
static int add_leaf(pg_formula *f, pg_expr *e, size_t *idx, pg_error *err)
{
    char *label = pg_expr_deparse(e);
    if (!label) return pg_fail(err, PG_ENOMEM, "out of memory");
    for (size_t i = 0; i < f->nleaves; i++)
        if (strcmp(f->leaf_labels[i], label) == 0) {
            free(label);
            *idx = i;
            return PG_OK;
        }
    pg_expr **nl = realloc(f->leaves, (f->nleaves + 1) * sizeof *nl);
    if (nl) f->leaves = nl;
    char **nn = realloc(f->leaf_labels, (f->nleaves + 1) * sizeof *nn);
    if (nn) f->leaf_labels = nn;
    if (!nl || !nn) {
        free(label);
        return pg_fail(err, PG_ENOMEM, "out of memory");
    }
    f->leaves[f->nleaves] = e;
    f->leaf_labels[f->nleaves] = label;
    *idx = f->nleaves++;
    return PG_OK;
}

static int push_expr(pg_expr ***arr, char ***labels, size_t *n, pg_expr *e)
{
    char *l = pg_expr_deparse(e);
    pg_expr **na = realloc(*arr, (*n + 1) * sizeof *na);
    if (na) *arr = na;
    char **nl = realloc(*labels, (*n + 1) * sizeof *nl);
    if (nl) *labels = nl;
    if (!l || !na || !nl) {
        free(l);
        return PG_ENOMEM;
    }
    (*arr)[*n] = e;
    (*labels)[*n] = l;
    (*n)++;
    return PG_OK;
}

/* Union of two ascending index sets. */
static size_t *set_union(const tset *a, const tset *b, size_t *n)
{
    size_t *u = pg_malloc_array(a->n + b->n, sizeof *u);
    if (!u) return NULL;
    size_t i = 0, j = 0, k = 0;
    while (i < a->n || j < b->n) {
        size_t v;
        if (j >= b->n || (i < a->n && a->leaf[i] < b->leaf[j])) v = a->leaf[i++];
        else if (i >= a->n || b->leaf[j] < a->leaf[i]) v = b->leaf[j++];
        else {
            v = a->leaf[i++];
            j++;
        }
        u[k++] = v;
    }
    *n = k;
    return u;
}

static int expand(pg_formula *f, pg_expr *e, int additive, tlist *out, pg_error *err);

/* offset(expr): a term with coefficient 1 (R's offset()), kept apart from the terms. */
static int add_offset(pg_formula *f, pg_expr *e, int additive, pg_error *err)
{
    if (!additive) return fail_at(err, f, e, e->oppos, "offset() cannot be part of an interaction");
    if (e->nargs != 1 || e->argnames[0])
        return fail_at(err, f, e, e->oppos, "offset() takes one expression");
    if (f->offset) return fail_at(err, f, e, e->oppos, "only one offset() term is allowed");
    f->offset = e->args[0];
    f->offset_label = pg_expr_deparse(e->args[0]);
    return f->offset_label ? PG_OK : pg_fail(err, PG_ENOMEM, "out of memory");
}

/* out += { a u b : a in A, b in B } */
static int cross(const tlist *A, const tlist *B, long pos, tlist *out, pg_error *err)
{
    for (size_t i = 0; i < A->n; i++)
        for (size_t j = 0; j < B->n; j++) {
            size_t n;
            size_t *u = set_union(&A->t[i], &B->t[j], &n);
            if (!u) return pg_fail(err, PG_ENOMEM, "out of memory");
            int rc = tlist_add(out, u, n, pos, err);
            free(u);
            if (rc) return rc;
        }
    return PG_OK;
}

static int expand(pg_formula *f, pg_expr *e, int additive, tlist *out, pg_error *err)
{
    int rc = PG_OK;
    switch (e->kind) {
    case PG_EX_PAREN:
        return expand(f, e->args[0], additive, out, err);
    case PG_EX_NUM:
        if (e->num == 0 || e->num == 1) return PG_OK;     /* intercept: nothing to do */
        return fail_at(err, f, e, e->pos, "a number cannot be a term (only 1 or 0, for the "
                       "intercept)");
    case PG_EX_STR:
        return fail_at(err, f, e, e->pos, "a string cannot be a term; compare a column with "
                       "it inside I(), as in I(status == \"DOD\")");
    case PG_EX_UN:
        if (e->op == PG_OP_PLUS) return expand(f, e->args[0], additive, out, err);
        if (e->op == PG_OP_MINUS) {
            /* "- term" with nothing to remove from (or "-1"): nothing to do. */
            tlist tmp = {0};
            rc = expand(f, e->args[0], 1, &tmp, err);
            tlist_free(&tmp);
            return rc;
        }
        if (e->op == PG_OP_TILDE)
            return fail_at(err, f, e, e->oppos, "a formula has only one '~'");
        break;                                              /* !x: a logical leaf */
    case PG_EX_BIN:
        switch (e->op) {
        case PG_OP_PLUS:
            rc = expand(f, e->args[0], additive, out, err);
            return rc ? rc : expand(f, e->args[1], additive, out, err);
        case PG_OP_MINUS: {
            rc = expand(f, e->args[0], additive, out, err);
            if (rc) return rc;
            tlist rm = {0};
            rc = expand(f, e->args[1], 1, &rm, err);
            for (size_t i = 0; !rc && i < rm.n; i++)
                for (size_t j = 0; j < out->n; j++)
                    if (same_set(&out->t[j], rm.t[i].leaf, rm.t[i].n)) {
                        tlist_remove(out, j);
                        break;
                    }
            tlist_free(&rm);
            return rc;
        }
        case PG_OP_TIMES:
        case PG_OP_COLON: {
            tlist A = {0}, B = {0};
            rc = expand(f, e->args[0], 0, &A, err);
            if (!rc) rc = expand(f, e->args[1], 0, &B, err);
            if (!rc && e->op == PG_OP_TIMES) {
                for (size_t i = 0; !rc && i < A.n; i++)
                    rc = tlist_add(out, A.t[i].leaf, A.t[i].n, A.t[i].pos, err);
                for (size_t i = 0; !rc && i < B.n; i++)
                    rc = tlist_add(out, B.t[i].leaf, B.t[i].n, B.t[i].pos, err);
            }
            if (!rc) rc = cross(&A, &B, e->args[0]->pos, out, err);
            tlist_free(&A);
            tlist_free(&B);
            return rc;
        }
        case PG_OP_POW:
            return fail_at(err, f, e, e->oppos, "'^' in a formula means crossing terms, which "
                           "is not supported; write the interactions out, or use I(x^2) for "
                           "a power");
        case PG_OP_TILDE:
            return fail_at(err, f, e, e->oppos, "a formula has only one '~'");
        default:
            break;                                          /* comparison etc.: a leaf */
        }
        break;
    case PG_EX_VAR:
        if (strcmp(e->name, ".") == 0)
            return fail_at(err, f, e, e->pos, "'.' (all other columns) is not supported; "
                           "list the terms");
        break;
    case PG_EX_CALL:
        if (strcmp(e->name, "strata") == 0 || strcmp(e->name, "cluster") == 0) {
            int is_strata = e->name[0] == 's';
            if (!additive)
                return fail_at(err, f, e, e->oppos, "%s() cannot be part of an interaction",
                               e->name);
            if (e->nargs == 0)
                return fail_at(err, f, e, e->oppos, "%s() needs a variable", e->name);
            for (size_t i = 0; i < e->nargs; i++)
                if (e->argnames[i])
                    return fail_at(err, f, e, e->args[i]->pos, "unknown argument '%s' to %s()",
                                   e->argnames[i], e->name);
            if (is_strata) {
                for (size_t i = 0; i < e->nargs; i++)
                    if (push_expr(&f->strata, &f->strata_labels, &f->nstrata, e->args[i]))
                        return pg_fail(err, PG_ENOMEM, "out of memory");
                return PG_OK;
            }
            if (e->nargs != 1)
                return fail_at(err, f, e, e->oppos, "cluster() takes one variable, not %zu",
                               e->nargs);
            if (f->cluster)
                return fail_at(err, f, e, e->oppos, "only one cluster() term is allowed");
            f->cluster = e->args[0];
            f->cluster_label = pg_expr_deparse(e->args[0]);
            return f->cluster_label ? PG_OK : pg_fail(err, PG_ENOMEM, "out of memory");
        }
        if (strcmp(e->name, "Surv") == 0)
            return fail_at(err, f, e, e->oppos, "Surv() belongs on the left of '~'");
        if (strcmp(e->name, "offset") == 0) return add_offset(f, e, additive, err);
        break;
    default:
        break;
    }
    size_t idx = 0;
    rc = add_leaf(f, e, &idx, err);
    if (rc) return rc;
    return tlist_add(out, &idx, 1, e->pos, err);
}

char *pg_formula_time_text(const char *text)
{
    if (!text) return NULL;
    char *whole = strchr(text, '~') ? pg_strdup(text) : pg_strdup_printf("%s ~ 1", text);
    pg_formula *f = NULL;
    pg_error err = {0};
    char *r = NULL;
    if (whole && pg_formula_parse(whole, &f, &err) == PG_OK && f->time) r = pg_expr_deparse(f->time);
    pg_formula_free(f);
    free(whole);
    return r;
}

void pg_formula_free(pg_formula *f)
{
    if (!f) return;
    free(f->text);
    pg_expr_free(f->tree);
    free(f->response);
    for (size_t i = 0; i < f->nleaves; i++) free(f->leaf_labels[i]);
    free(f->leaves);
    free(f->leaf_labels);
    for (size_t t = 0; t < f->nterms; t++) {
        free(f->terms[t].leaf);
        free(f->terms[t].label);
    }
    free(f->terms);
    for (size_t i = 0; i < f->nstrata; i++) free(f->strata_labels[i]);
    free(f->strata);
    free(f->strata_labels);
    free(f->cluster_label);
    free(f->offset_label);
    free(f);
}

/* Surv(time, event, type = "left") and Surv(time, time2, type = "interval2") (R's Surv types for
 * left and interval censoring, which survreg takes): the two arguments by position or by name
 * (time = and event =, or time = and time2 =); type = "right" is Surv(time, event). */
static int parse_surv_type(pg_formula *f, pg_expr *lhs, const pg_expr *core,
                           const pg_expr *type, pg_error *err)
{
    static const char *const types[] = {"right", "left", "interval2"};
    if (type->kind != PG_EX_STR)
        return fail_at(err, f, lhs, type->pos, "Surv(type = ) takes a quoted name: \"right\", "
                       "\"left\" or \"interval2\"");
    size_t k = 0;
    while (k < 3 && strcmp(type->name, types[k]) != 0) k++;
    if (k == 3) {
        const char *near = pg_suggest(type->name, types, 3);
        return fail_at(err, f, lhs, type->pos, "Surv(type = \"%s\") is not supported%s%s%s: "
                       "prognos takes \"right\", \"left\" and \"interval2\" (NA for an open "
                       "end)", type->name, near ? " (did you mean \"" : "", near ? near : "",
                       near ? "\"?)" : "");
    }
    const char *second = k == PG_SURV_INTERVAL2 ? "time2" : "event";
    pg_expr *arg[2] = {NULL, NULL};
    size_t nother = 0;
    for (size_t i = 0; i < core->nargs; i++) {
        const char *nm = core->argnames[i];
        if (core->args[i] == type) continue;
        nother++;
        if (!nm) continue;
        if (strcmp(nm, "time") && strcmp(nm, second))
            return fail_at(err, f, lhs, core->args[i]->pos, "unknown argument '%s' to "
                           "Surv(type = \"%s\"), which takes time and %s", nm, types[k], second);
        arg[strcmp(nm, "time") != 0] = core->args[i];
    }
    if (nother != 2)
        return fail_at(err, f, lhs, core->oppos, "Surv(type = \"%s\") needs two arguments, "
                       "time and %s, not %zu", types[k], second, nother);
    for (size_t i = 0; i < core->nargs; i++)
        if (!core->argnames[i]) arg[arg[0] != NULL] = core->args[i];
    if (!arg[0] || !arg[1])
        return fail_at(err, f, lhs, core->oppos, "Surv(type = \"%s\") needs time and %s once "
                       "each", types[k], second);
    f->time = arg[0];
    if (k == PG_SURV_INTERVAL2) f->time2 = arg[1];
    else f->event = arg[1];
    f->surv_type = (int)k;
    return PG_OK;
}

/* Surv(start, stop, event) (counting-process data; R's Surv(time, time2, event)): three
 * arguments by position or named time = / time2 = / event =. */
static int parse_counting(pg_formula *f, pg_expr *lhs, const pg_expr *core, pg_error *err)
{
    pg_expr *arg[3] = {NULL, NULL, NULL};
    static const char *const names[3] = {"time", "time2", "event"};
    for (size_t i = 0; i < core->nargs; i++) {
        const char *nm = core->argnames[i];
        if (!nm) continue;
        size_t k = 0;
        while (k < 3 && strcmp(nm, names[k]) != 0) k++;
        if (k == 3)
            return fail_at(err, f, lhs, core->args[i]->pos, "unknown argument '%s' to Surv() "
                           "(to compare, write '==')", nm);
        arg[k] = core->args[i];
    }
    for (size_t i = 0, k = 0; i < core->nargs; i++) {
        if (core->argnames[i]) continue;
        while (k < 3 && arg[k]) k++;
        if (k < 3) arg[k] = core->args[i];
    }
    f->start = arg[0];
    f->time = arg[1];
    f->event = arg[2];
    return PG_OK;
}

/* The response: Surv(time, event), arguments by position or named time = / event =; or
 * Surv(start, stop, event) (parse_counting). */
static int parse_response(pg_formula *f, pg_expr *lhs, pg_error *err)
{
    const pg_expr *core = lhs;
    while (core->kind == PG_EX_PAREN) core = core->args[0];
    if (core->kind != PG_EX_CALL || strcmp(core->name, "Surv") != 0) {
        static const char *const surv[] = {"Surv"};
        if (core->kind == PG_EX_CALL && pg_suggest(core->name, surv, 1))
            return fail_at(err, f, lhs, core->oppos, "unknown function '%s' for the response; "
                           "did you mean 'Surv'?", core->name);
        return fail_at(err, f, lhs, lhs->pos, "the response must be Surv(time, event), as in "
                       "Surv(months, status == \"DOD\") ~ sex");
    }
    for (size_t i = 0; i < core->nargs; i++)
        if (core->argnames[i] && strcmp(core->argnames[i], "type") == 0)
            return parse_surv_type(f, lhs, core, core->args[i], err);
    if (core->nargs == 3) return parse_counting(f, lhs, core, err);
    pg_expr *time = NULL, *event = NULL;
    for (size_t i = 0; i < core->nargs; i++) {
        const char *nm = core->argnames[i];
        if (nm && strcmp(nm, "time") == 0) time = core->args[i];
        else if (nm && strcmp(nm, "event") == 0) event = core->args[i];
        else if (nm)
            return fail_at(err, f, lhs, core->args[i]->pos, "unknown argument '%s' to Surv() "
                           "(to compare, write '==')", nm);
    }
    if (core->nargs != 2)
        return fail_at(err, f, lhs, core->oppos, "Surv() needs two arguments, time and event "
                       "(or three: start, stop and event), not %zu", core->nargs);
    for (size_t i = 0; i < core->nargs; i++) {
        if (core->argnames[i]) continue;
        if (!time) time = core->args[i];
        else event = core->args[i];
    }
    f->time = time;
    f->event = event;
    return PG_OK;
}

int pg_formula_parse(const char *text, pg_formula **out, pg_error *err)
{
    *out = NULL;
    pg_formula *f = calloc(1, sizeof *f);
    if (!f) return pg_fail(err, PG_ENOMEM, "out of memory");
    f->text = pg_strdup(text ? text : "");
    if (!f->text) {
        free(f);
        return pg_fail(err, PG_ENOMEM, "out of memory");
    }
    int rc = pg_expr_parse(f->text, 1, &f->tree, err);
    if (rc) goto fail;
    pg_expr *t = f->tree;
    if (t->kind == PG_EX_UN && t->op == PG_OP_TILDE) {
        rc = fail_at(err, f, NULL, t->oppos, "the formula has no response: write "
                     "Surv(time, event) before '~'");
        goto fail;
    }
    if (t->kind != PG_EX_BIN || t->op != PG_OP_TILDE) {
        rc = fail_at(err, f, NULL, 1, "a formula needs '~', as in Surv(time, status) ~ group");
        goto fail;
    }
    rc = parse_response(f, t->args[0], err);
    if (rc) goto fail;
    f->response = pg_expr_deparse(t->args[0]);
    if (!f->response) goto nomem;
    tlist terms = {0};
    rc = expand(f, t->args[1], 1, &terms, err);
    if (rc) {
        tlist_free(&terms);
        goto fail;
    }
    /* R's terms(): order by the number of variables (main effects, then two-way, ...), stably. */
    f->terms = pg_calloc_array(terms.n, sizeof *f->terms);
    if (!f->terms) {
        tlist_free(&terms);
        goto nomem;
    }
    size_t maxdeg = 0;
    for (size_t i = 0; i < terms.n; i++)
        if (terms.t[i].n > maxdeg) maxdeg = terms.t[i].n;
    for (size_t deg = 1; deg <= maxdeg; deg++)
        for (size_t i = 0; i < terms.n; i++) {
            if (terms.t[i].n != deg) continue;
            pg_fterm *ft = &f->terms[f->nterms++];
            ft->nleaf = deg;
            ft->leaf = terms.t[i].leaf;
            ft->pos = terms.t[i].pos;
            terms.t[i].leaf = NULL;
            size_t len = 1;
            for (size_t k = 0; k < deg; k++) len += strlen(f->leaf_labels[ft->leaf[k]]) + 1;
            ft->label = malloc(len);
            if (!ft->label) {
                tlist_free(&terms);
                goto nomem;
            }
            ft->label[0] = '\0';
            for (size_t k = 0; k < deg; k++) {
                if (k) strcat(ft->label, ":");
                strcat(ft->label, f->leaf_labels[ft->leaf[k]]);
            }
        }
    tlist_free(&terms);
    *out = f;
    return PG_OK;
nomem:
    rc = pg_fail(err, PG_ENOMEM, "out of memory");
fail:
    pg_formula_free(f);
    return rc;
}
