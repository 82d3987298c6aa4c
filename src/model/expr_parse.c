/* expr_parse.c -- recursive descent from tokens (expr_lex.c) to a pg_expr tree, one function per
 * precedence level of R's grammar (expr.h), lowest first: ~, | ||, & &&, !, comparisons
 * (not chainable), + -, * /, %in%, :, unary - +, ^ (right-associative), primaries. */
#include "expr_impl.h"

#include "prognos/limits.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_DEPTH PG_LIMIT_PARSE_NEST

static pg_expr *node(pg_expr_kind kind, long pos)
{
    pg_expr *e = calloc(1, sizeof *e);
    if (e) {
        e->kind = kind;
        e->pos = pos;
        e->oppos = pos;
        e->depth = 1;
    }
    return e;
}

void pg_expr_free(pg_expr *e)
{
    if (!e) return;
    for (size_t i = 0; i < e->nargs; i++) {
        pg_expr_free(e->args[i]);
        if (e->argnames) free(e->argnames[i]);
    }
    free(e->args);
    free(e->argnames);
    free(e->name);
    free(e);
}

static int push_arg(pg_expr *e, pg_expr *a, char *name)
{
    pg_expr **na = realloc(e->args, (e->nargs + 1) * sizeof *na);
    if (!na) return -1;
    e->args = na;
    char **nn = realloc(e->argnames, (e->nargs + 1) * sizeof *nn);
    if (!nn) return -1;
    e->argnames = nn;
    e->args[e->nargs] = a;
    e->argnames[e->nargs] = name;
    e->nargs++;
    if (a->depth + 1 > e->depth) e->depth = a->depth + 1;
    return 0;
}

/* The tree's depth, not only its brackets, is bounded: a long chain such as 1+1+...+1 or
 * x^x^...^x is as deep as its length, and eval, deparse and the formula code recurse on it. */
static pg_expr *check_depth(pg_ex_parser *p, pg_expr *e)
{
    if (!e || e->depth <= PG_LIMIT_EXPR_DEPTH) return e;
    pg_ex_perr(p, e->oppos, NULL, "expression too deep: more than %d nested operations "
               "(PG_LIMIT_EXPR_DEPTH, docs/limits.md); use fewer chained operators", PG_LIMIT_EXPR_DEPTH);
    pg_expr_free(e);
    return NULL;
}

static pg_expr *nomem(pg_ex_parser *p)
{
    if (!p->failed) {
        p->failed = 1;
        pg_fail(p->err, PG_ENOMEM, "out of memory");
    }
    return NULL;
}

static pg_expr *binary(pg_ex_parser *p, int op, long oppos, pg_expr *a, pg_expr *b)
{
    if (!a || !b) {
        pg_expr_free(a);
        pg_expr_free(b);
        return NULL;
    }
    pg_expr *e = node(PG_EX_BIN, a->pos);
    pg_expr **args = malloc(2 * sizeof *args);
    char **names = calloc(2, sizeof *names);
    if (!e || !args || !names) {
        free(e);
        free(args);
        free(names);
        pg_expr_free(a);
        pg_expr_free(b);
        return nomem(p);
    }
    args[0] = a;
    args[1] = b;
    e->args = args;
    e->argnames = names;
    e->nargs = 2;
    e->op = op;
    e->oppos = oppos;
    e->depth = 1 + (a->depth > b->depth ? a->depth : b->depth);
    return check_depth(p, e);
}

static pg_expr *unary(pg_ex_parser *p, int op, long pos, pg_expr *a)
{
    if (!a) return NULL;
    pg_expr *e = node(PG_EX_UN, pos);
    if (!e || push_arg(e, a, NULL)) {
        pg_expr_free(a);
        pg_expr_free(e);
        return nomem(p);
    }
    e->op = op;
    return check_depth(p, e);
}

static pg_expr *parse_tilde(pg_ex_parser *p);
static pg_expr *parse_not(pg_ex_parser *p);
static pg_expr *parse_unary(pg_ex_parser *p);

static int is_op(const pg_ex_parser *p, int op)
{
    return p->cur.type == PG_TK_OP && p->cur.op == op;
}

/* An operand is missing after an operator (or at the start). */
static pg_expr *missing_operand(pg_ex_parser *p, const char *after)
{
    char b[64];
    if (p->cur.type == PG_TK_EOF) {
        if (after) pg_ex_perr(p, p->cur.pos, after, "incomplete formula: nothing after '%s'", after);
        else pg_ex_perr(p, p->cur.pos, NULL, "empty expression");
    } else if (p->cur.type == PG_TK_RP) {
        pg_ex_perr(p, p->cur.pos, ")", "unexpected ')'");
    } else {
        pg_ex_perr(p, p->cur.pos, NULL, "unexpected %s", pg_ex_tok_str(p, b, sizeof b));
    }
    return NULL;
}


static pg_expr *parse_call_args(pg_ex_parser *p, pg_expr *call)
{
    long open = p->cur.pos;
    if (pg_ex_lex(p)) goto fail;
    if (p->cur.type == PG_TK_RP) {
        if (pg_ex_lex(p)) goto fail;
        return call;
    }
    for (;;) {
        char *argname = NULL;
        if (p->cur.type == PG_TK_NAME) {
            /* name = value? Peek one token ahead without losing the current one. */
            size_t save = p->i;
            while (p->s[save] == ' ' || p->s[save] == '\t') save++;
            if (p->s[save] == '=' && p->s[save + 1] != '=') {
                argname = p->cur.text;
                p->cur.text = NULL;
                p->i = save + 1;
                if (pg_ex_lex(p)) {
                    free(argname);
                    goto fail;
                }
            }
        }
        if (p->cur.type == PG_TK_COMMA || p->cur.type == PG_TK_RP) {
            free(argname);
            pg_ex_perr(p, p->cur.pos, call->name, "empty argument in %s()", call->name);
            goto fail;
        }
        pg_expr *a = parse_tilde(p);
        if (!a) {
            free(argname);
            goto fail;
        }
        if (push_arg(call, a, argname)) {
            pg_expr_free(a);
            free(argname);
            nomem(p);
            goto fail;
        }
        if (p->cur.type == PG_TK_COMMA) {
            if (pg_ex_lex(p)) goto fail;
            continue;
        }
        if (p->cur.type == PG_TK_RP) {
            if (pg_ex_lex(p)) goto fail;
            return check_depth(p, call);
        }
        if (p->cur.type == PG_TK_EOF)
            pg_ex_perr(p, open, "(", "unbalanced parentheses: '(' of %s() is never closed", call->name);
        else {
            char b[64];
            pg_ex_perr(p, p->cur.pos, NULL, "expected ',' or ')' in %s(), found %s", call->name,
                 pg_ex_tok_str(p, b, sizeof b));
        }
        goto fail;
    }
fail:
    pg_expr_free(call);
    return NULL;
}

static pg_expr *parse_primary(pg_ex_parser *p)
{
    pg_ex_tok *t = &p->cur;
    pg_expr *e = NULL;
    if (++p->depth > MAX_DEPTH) {
        pg_ex_perr(p, t->pos, NULL, "expression nested too deeply");
        return NULL;
    }
    switch (t->type) {
    case PG_TK_NUM:
        e = node(PG_EX_NUM, t->pos);
        if (!e) return nomem(p);
        e->num = t->num;
        if (pg_ex_lex(p)) goto fail;
        break;
    case PG_TK_STR:
        e = node(PG_EX_STR, t->pos);
        if (!e) return nomem(p);
        e->name = t->text;
        t->text = NULL;
        if (pg_ex_lex(p)) goto fail;
        break;
    case PG_TK_NAME: {
        long pos = t->pos;
        if (!t->quoted && (strcmp(t->text, "TRUE") == 0 || strcmp(t->text, "FALSE") == 0)) {
            e = node(PG_EX_LGL, pos);
            if (!e) return nomem(p);
            e->num = t->text[0] == 'T';
            if (pg_ex_lex(p)) goto fail;
            break;
        }
        if (!t->quoted && strcmp(t->text, "NA") == 0) {
            e = node(PG_EX_NA, pos);
            if (!e) return nomem(p);
            if (pg_ex_lex(p)) goto fail;
            break;
        }
        e = node(PG_EX_VAR, pos);
        if (!e) return nomem(p);
        e->name = t->text;
        t->text = NULL;
        int quoted = t->quoted;
        if (pg_ex_lex(p)) goto fail;
        if (p->cur.type == PG_TK_LP && !quoted) {
            e->kind = PG_EX_CALL;
            e = parse_call_args(p, e);
            if (!e) return NULL;
        }
        break;
    }
    case PG_TK_LP: {
        long open = t->pos;
        if (pg_ex_lex(p)) return NULL;
        if (p->cur.type == PG_TK_RP) {
            pg_ex_perr(p, p->cur.pos, ")", "empty parentheses");
            return NULL;
        }
        pg_expr *in = parse_tilde(p);
        if (!in) return NULL;
        if (p->cur.type != PG_TK_RP) {
            pg_expr_free(in);
            if (p->cur.type == PG_TK_EOF)
                pg_ex_perr(p, open, "(", "unbalanced parentheses: '(' is never closed");
            else {
                char b[64];
                pg_ex_perr(p, p->cur.pos, NULL, "expected ')', found %s", pg_ex_tok_str(p, b, sizeof b));
            }
            return NULL;
        }
        e = node(PG_EX_PAREN, open);
        if (!e || push_arg(e, in, NULL)) {
            pg_expr_free(in);
            pg_expr_free(e);
            return nomem(p);
        }
        if (!(e = check_depth(p, e))) return NULL;
        if (pg_ex_lex(p)) goto fail;
        break;
    }
    case PG_TK_ASSIGN:
        pg_ex_perr(p, t->pos, "=", "'=' is only for named arguments such as ref = \"2\"; "
                             "use '==' to compare");
        return NULL;
    default:
        return missing_operand(p, NULL);
    }
    p->depth--;
    return e;
fail:
    pg_expr_free(e);
    return NULL;
}

static pg_expr *parse_pow(pg_ex_parser *p)
{
    pg_expr *a = parse_primary(p);
    if (!a) return NULL;
    if (is_op(p, PG_OP_POW)) {
        long pos = p->cur.pos;
        if (pg_ex_lex(p)) {
            pg_expr_free(a);
            return NULL;
        }
        if (++p->depth > MAX_DEPTH) {       /* each '^' recurses: x^x^...^x */
            pg_ex_perr(p, pos, "^", "expression too deep: more than %d chained '^' or brackets "
                       "(PG_LIMIT_PARSE_NEST, docs/limits.md)", MAX_DEPTH);
            pg_expr_free(a);
            return NULL;
        }
        pg_expr *b = parse_unary(p);       /* right-associative; 2^-1 allowed */
        p->depth--;
        if (!b) {
            pg_expr_free(a);
            return NULL;
        }
        return binary(p, PG_OP_POW, pos, a, b);
    }
    return a;
}

typedef pg_expr *(*level_fn)(pg_ex_parser *);

/* A prefix operator (the current token) and its operand, parsed by operand. */
static pg_expr *parse_prefix(pg_ex_parser *p, level_fn operand)
{
    int op = p->cur.op;
    long pos = p->cur.pos;
    if (++p->depth > MAX_DEPTH) {
        pg_ex_perr(p, pos, NULL, "expression nested too deeply");
        return NULL;
    }
    if (pg_ex_lex(p)) return NULL;
    if (p->cur.type == PG_TK_EOF || p->cur.type == PG_TK_RP || p->cur.type == PG_TK_COMMA)
        return missing_operand(p, pg_ex_op_name(op));
    pg_expr *a = operand(p);
    p->depth--;
    return unary(p, op, pos, a);
}

/* Unary minus and plus bind tighter than ':' and looser than '^' (R: -a:b is (-a):b, -a^b is
 * -(a^b)); a '!' here (as in 1 + !a) takes a whole comparison, as R's does. */
static pg_expr *parse_unary(pg_ex_parser *p)
{
    if (is_op(p, PG_OP_MINUS) || is_op(p, PG_OP_PLUS)) return parse_prefix(p, parse_unary);
    if (is_op(p, PG_OP_NOT)) return parse_prefix(p, parse_not);
    return parse_pow(p);
}


/* Left-associative binary level: operand (op operand)*. */
static pg_expr *parse_left(pg_ex_parser *p, level_fn next, const int *ops, int nonassoc)
{
    pg_expr *a = next(p);
    while (a && p->cur.type == PG_TK_OP) {
        int op = p->cur.op, hit = 0;
        for (const int *o = ops; *o; o++) hit |= *o == op;
        if (!hit) break;
        long pos = p->cur.pos;
        char opname[8];
        snprintf(opname, sizeof opname, "%.*s", (int)p->cur.len, p->s + pos - 1);
        if (pg_ex_lex(p)) {
            pg_expr_free(a);
            return NULL;
        }
        if (p->cur.type == PG_TK_EOF || p->cur.type == PG_TK_RP || p->cur.type == PG_TK_COMMA ||
            (p->cur.type == PG_TK_OP && p->cur.op != PG_OP_MINUS && p->cur.op != PG_OP_PLUS &&
             p->cur.op != PG_OP_NOT && p->cur.op != PG_OP_TILDE)) {
            pg_expr_free(a);
            if (p->cur.type == PG_TK_OP) {
                char b[64];
                pg_ex_perr(p, p->cur.pos, opname, "unexpected %s after '%s'", pg_ex_tok_str(p, b, sizeof b),
                     opname);
                return NULL;
            }
            return missing_operand(p, opname);
        }
        pg_expr *b = next(p);
        if (!b) {
            pg_expr_free(a);
            return NULL;
        }
        a = binary(p, op, pos, a, b);
        if (a && nonassoc && p->cur.type == PG_TK_OP) {
            for (const int *o = ops; *o; o++)
                if (*o == p->cur.op) {
                    char b2[64];
                    pg_ex_perr(p, p->cur.pos, NULL, "unexpected %s: comparisons cannot be chained",
                         pg_ex_tok_str(p, b2, sizeof b2));
                    pg_expr_free(a);
                    return NULL;
                }
        }
    }
    return a;
}

static pg_expr *parse_colon(pg_ex_parser *p)
{
    static const int ops[] = {PG_OP_COLON, 0};
    return parse_left(p, parse_unary, ops, 0);
}
static pg_expr *parse_special(pg_ex_parser *p)
{
    static const int ops[] = {PG_OP_IN, 0};
    return parse_left(p, parse_colon, ops, 0);
}
static pg_expr *parse_mul(pg_ex_parser *p)
{
    static const int ops[] = {PG_OP_TIMES, PG_OP_DIV, 0};
    return parse_left(p, parse_special, ops, 0);
}
static pg_expr *parse_add(pg_ex_parser *p)
{
    static const int ops[] = {PG_OP_PLUS, PG_OP_MINUS, 0};
    return parse_left(p, parse_mul, ops, 0);
}
static pg_expr *parse_cmp(pg_ex_parser *p)
{
    static const int ops[] = {PG_OP_EQ, PG_OP_NE, PG_OP_LT, PG_OP_LE, PG_OP_GT, PG_OP_GE, 0};
    return parse_left(p, parse_add, ops, 1);
}
static pg_expr *parse_not(pg_ex_parser *p)
{
    return is_op(p, PG_OP_NOT) ? parse_prefix(p, parse_not) : parse_cmp(p);
}
static pg_expr *parse_and(pg_ex_parser *p)
{
    static const int ops[] = {PG_OP_AND, PG_OP_AND2, 0};
    return parse_left(p, parse_not, ops, 0);
}
static pg_expr *parse_or(pg_ex_parser *p)
{
    static const int ops[] = {PG_OP_OR, PG_OP_OR2, 0};
    return parse_left(p, parse_and, ops, 0);
}

static pg_expr *parse_tilde(pg_ex_parser *p)
{
    if (is_op(p, PG_OP_TILDE)) {
        long pos = p->cur.pos;
        if (pg_ex_lex(p)) return NULL;
        if (p->cur.type == PG_TK_EOF) return missing_operand(p, "~");
        return unary(p, PG_OP_TILDE, pos, parse_or(p));
    }
    pg_expr *a = parse_or(p);
    if (a && is_op(p, PG_OP_TILDE)) {
        long pos = p->cur.pos;
        if (pg_ex_lex(p)) {
            pg_expr_free(a);
            return NULL;
        }
        if (p->cur.type == PG_TK_EOF) {
            pg_expr_free(a);
            return missing_operand(p, "~");
        }
        pg_expr *b = parse_or(p);
        if (!b) {
            pg_expr_free(a);
            return NULL;
        }
        a = binary(p, PG_OP_TILDE, pos, a, b);
        if (a && is_op(p, PG_OP_TILDE)) {
            pg_ex_perr(p, p->cur.pos, "~", "a formula has only one '~'");
            pg_expr_free(a);
            return NULL;
        }
    }
    return a;
}

int pg_expr_parse(const char *text, int in_formula, pg_expr **out, pg_error *err)
{
    *out = NULL;
    pg_ex_parser p = {0};
    p.s = text ? text : "";
    p.in_formula = in_formula;
    p.err = err;
    if (pg_ex_lex(&p)) goto fail;
    if (p.cur.type == PG_TK_EOF) {
        pg_ex_perr(&p, 1, NULL, in_formula ? "empty formula" : "empty expression");
        goto fail;
    }
    pg_expr *e = parse_tilde(&p);
    if (!e) goto fail;
    if (p.cur.type != PG_TK_EOF) {
        char b[64];
        if (p.cur.type == PG_TK_RP)
            pg_ex_perr(&p, p.cur.pos, ")", "unbalanced parentheses: unmatched ')'");
        else
            pg_ex_perr(&p, p.cur.pos, NULL, "unexpected %s (missing operator?)", pg_ex_tok_str(&p, b, sizeof b));
        pg_expr_free(e);
        goto fail;
    }
    free(p.cur.text);
    *out = e;
    return PG_OK;
fail:
    free(p.cur.text);
    return err ? err->code : PG_EINPUT;
}
