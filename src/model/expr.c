/* expr.c -- the expression language: tokenizer, recursive-descent parser, R-style deparser and
 * a vectorised evaluator with R's NA rules. See expr.h for the grammar. */
#include "expr.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dataset_impl.h"
#include "prognos/format.h"

/* ------------------------------------------------------------------------------------------ */
/* Tokens                                                                                     */

enum { T_EOF, T_NUM, T_STR, T_NAME, T_LP, T_RP, T_COMMA, T_OP, T_ASSIGN };

typedef struct tok {
    int type;
    int op;                 /* T_OP: PG_OP_* */
    int quoted;             /* T_NAME written with backquotes */
    long pos;               /* 1-based */
    size_t len;             /* length in the text */
    double num;
    char *text;             /* T_NAME, T_STR: decoded text (owned) */
} tok;

typedef struct parser {
    const char *s;
    size_t i;               /* next byte to lex */
    tok cur;
    int in_formula;
    pg_error *err;
    int failed;
    int depth;
} parser;

#define MAX_DEPTH 200

static int perr(parser *p, long pos, const char *term, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* A syntax error at pos: the formula form carries a term and the caret column; the --where form
 * says where in the text. */
static int perr(parser *p, long pos, const char *term, const char *fmt, ...)
{
    if (p->failed) return PG_EINPUT;
    p->failed = 1;
    char msg[200];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    if (p->in_formula)
        pg_fail_term(p->err, PG_EINPUT, term && *term ? term : p->s, pos, "%s", msg);
    else
        pg_fail(p->err, PG_EINPUT, "--where: %s (at character %ld of '%s')", msg, pos, p->s);
    return PG_EINPUT;
}

static int is_name_start(int c) { return isalpha(c) || c == '.' || c == '_' || c >= 0x80; }
static int is_name_char(int c) { return isalnum(c) || c == '.' || c == '_' || c >= 0x80; }

/* Lex the token at p->i into p->cur. */
static int lex(parser *p)
{
    free(p->cur.text);
    memset(&p->cur, 0, sizeof p->cur);
    const char *s = p->s;
    while (s[p->i] == ' ' || s[p->i] == '\t' || s[p->i] == '\n' || s[p->i] == '\r') p->i++;
    size_t st = p->i;
    tok *t = &p->cur;
    t->pos = (long)st + 1;
    unsigned char c = (unsigned char)s[st];
    if (!c) {
        t->type = T_EOF;
        return PG_OK;
    }
    if (isdigit(c) || (c == '.' && isdigit((unsigned char)s[st + 1]))) {
        char *end;
        errno = 0;
        t->num = strtod(s + st, &end);
        if (end == s + st) return perr(p, t->pos, NULL, "cannot read a number here");
        if (*end == 'L') end++;                 /* R's integer suffix */
        if (is_name_char((unsigned char)*end))
            return perr(p, t->pos, NULL, "malformed number '%.*s'", (int)(end - (s + st) + 1),
                        s + st);
        t->type = T_NUM;
        t->len = (size_t)(end - (s + st));
        p->i = st + t->len;
        return PG_OK;
    }
    if (c == '"' || c == '\'' || c == '`') {
        size_t j = st + 1, k = 0;
        char *buf = malloc(strlen(s + st) + 1);
        if (!buf) return pg_fail(p->err, PG_ENOMEM, "out of memory");
        while (s[j] && (unsigned char)s[j] != c) {
            if (s[j] == '\\' && s[j + 1]) {
                j++;
                char e = s[j];
                buf[k++] = e == 'n' ? '\n' : e == 't' ? '\t' : e;
            } else {
                buf[k++] = s[j];
            }
            j++;
        }
        buf[k] = '\0';
        if (!s[j]) {
            free(buf);
            return perr(p, t->pos, NULL, c == '`' ? "unterminated backquoted name"
                                                  : "unterminated string");
        }
        if (c == '`' && k == 0) {
            free(buf);
            return perr(p, t->pos, NULL, "empty backquoted name");
        }
        t->type = c == '`' ? T_NAME : T_STR;
        t->quoted = c == '`';
        t->text = buf;
        t->len = j + 1 - st;
        p->i = j + 1;
        return PG_OK;
    }
    if (is_name_start(c)) {
        size_t j = st;
        while (is_name_char((unsigned char)s[j])) j++;
        t->type = T_NAME;
        t->len = j - st;
        t->text = malloc(t->len + 1);
        if (!t->text) return pg_fail(p->err, PG_ENOMEM, "out of memory");
        memcpy(t->text, s + st, t->len);
        t->text[t->len] = '\0';
        p->i = j;
        return PG_OK;
    }
    static const struct { const char *s; int type, op; } ops[] = {
        {"%in%", T_OP, PG_OP_IN}, {"==", T_OP, PG_OP_EQ}, {"!=", T_OP, PG_OP_NE},
        {"<=", T_OP, PG_OP_LE}, {">=", T_OP, PG_OP_GE}, {"&&", T_OP, PG_OP_AND2},
        {"||", T_OP, PG_OP_OR2}, {"<", T_OP, PG_OP_LT}, {">", T_OP, PG_OP_GT},
        {"&", T_OP, PG_OP_AND}, {"|", T_OP, PG_OP_OR}, {"!", T_OP, PG_OP_NOT},
        {"~", T_OP, PG_OP_TILDE}, {"+", T_OP, PG_OP_PLUS}, {"-", T_OP, PG_OP_MINUS},
        {"*", T_OP, PG_OP_TIMES}, {"/", T_OP, PG_OP_DIV}, {"^", T_OP, PG_OP_POW},
        {":", T_OP, PG_OP_COLON}, {"(", T_LP, 0}, {")", T_RP, 0}, {",", T_COMMA, 0},
        {"=", T_ASSIGN, 0},
    };
    for (size_t k = 0; k < sizeof ops / sizeof ops[0]; k++) {
        size_t n = strlen(ops[k].s);
        if (strncmp(s + st, ops[k].s, n) == 0) {
            t->type = ops[k].type;
            t->op = ops[k].op;
            t->len = n;
            p->i = st + n;
            return PG_OK;
        }
    }
    if (c == '%') {
        const char *e = strchr(s + st + 1, '%');
        int n = e ? (int)(e - (s + st)) + 1 : 1;
        return perr(p, t->pos, NULL, "unknown operator '%.*s' (only %%in%% is supported)", n,
                    s + st);
    }
    if (c == '*' || (c == '<' && s[st + 1] == '-'))
        return perr(p, t->pos, NULL, "unexpected '%c'", c);
    /* Print a whole UTF-8 sequence, not a lone byte. */
    int n = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
    return perr(p, t->pos, NULL, "unexpected character '%.*s'", n, s + st);
}

/* The current token as text, for messages. */
static const char *tok_str(const parser *p, char *buf, size_t len)
{
    const tok *t = &p->cur;
    if (t->type == T_EOF) return "end of input";
    snprintf(buf, len, "'%.*s'", (int)(t->len < 40 ? t->len : 40), p->s + t->pos - 1);
    return buf;
}

static pg_expr *node(pg_expr_kind kind, long pos)
{
    pg_expr *e = calloc(1, sizeof *e);
    if (e) {
        e->kind = kind;
        e->pos = pos;
        e->oppos = pos;
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
    return 0;
}

static pg_expr *nomem(parser *p)
{
    if (!p->failed) {
        p->failed = 1;
        pg_fail(p->err, PG_ENOMEM, "out of memory");
    }
    return NULL;
}

static pg_expr *binary(parser *p, int op, long oppos, pg_expr *a, pg_expr *b)
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
    return e;
}

static pg_expr *unary(parser *p, int op, long pos, pg_expr *a)
{
    if (!a) return NULL;
    pg_expr *e = node(PG_EX_UN, pos);
    if (!e || push_arg(e, a, NULL)) {
        pg_expr_free(a);
        pg_expr_free(e);
        return nomem(p);
    }
    e->op = op;
    return e;
}

static pg_expr *parse_tilde(parser *p);
static pg_expr *parse_not(parser *p);
static pg_expr *parse_unary(parser *p);

static int is_op(const parser *p, int op) { return p->cur.type == T_OP && p->cur.op == op; }

/* An operand is missing after an operator (or at the start). */
static pg_expr *missing_operand(parser *p, const char *after)
{
    char b[64];
    if (p->cur.type == T_EOF) {
        if (after) perr(p, p->cur.pos, after, "incomplete formula: nothing after '%s'", after);
        else perr(p, p->cur.pos, NULL, "empty expression");
    } else if (p->cur.type == T_RP) {
        perr(p, p->cur.pos, ")", "unexpected ')'");
    } else {
        perr(p, p->cur.pos, NULL, "unexpected %s", tok_str(p, b, sizeof b));
    }
    return NULL;
}

static int is_keyword(const char *s)
{
    static const char *const kw[] = {"TRUE", "FALSE", "NA", "NULL", "Inf", "NaN", "if", "else",
                                     "for", "while", "repeat", "function", "return", "in",
                                     "next", "break", NULL};
    for (size_t i = 0; kw[i]; i++)
        if (strcmp(s, kw[i]) == 0) return 1;
    return 0;
}

static pg_expr *parse_call_args(parser *p, pg_expr *call)
{
    long open = p->cur.pos;
    if (lex(p)) goto fail;
    if (p->cur.type == T_RP) {
        if (lex(p)) goto fail;
        return call;
    }
    for (;;) {
        char *argname = NULL;
        if (p->cur.type == T_NAME) {
            /* name = value? Peek one token ahead without losing the current one. */
            size_t save = p->i;
            while (p->s[save] == ' ' || p->s[save] == '\t') save++;
            if (p->s[save] == '=' && p->s[save + 1] != '=') {
                argname = p->cur.text;
                p->cur.text = NULL;
                p->i = save + 1;
                if (lex(p)) {
                    free(argname);
                    goto fail;
                }
            }
        }
        if (p->cur.type == T_COMMA || p->cur.type == T_RP) {
            free(argname);
            perr(p, p->cur.pos, call->name, "empty argument in %s()", call->name);
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
        if (p->cur.type == T_COMMA) {
            if (lex(p)) goto fail;
            continue;
        }
        if (p->cur.type == T_RP) {
            if (lex(p)) goto fail;
            return call;
        }
        if (p->cur.type == T_EOF)
            perr(p, open, "(", "unbalanced parentheses: '(' of %s() is never closed", call->name);
        else {
            char b[64];
            perr(p, p->cur.pos, NULL, "expected ',' or ')' in %s(), found %s", call->name,
                 tok_str(p, b, sizeof b));
        }
        goto fail;
    }
fail:
    pg_expr_free(call);
    return NULL;
}

static pg_expr *parse_primary(parser *p)
{
    tok *t = &p->cur;
    pg_expr *e = NULL;
    if (++p->depth > MAX_DEPTH) {
        perr(p, t->pos, NULL, "expression nested too deeply");
        return NULL;
    }
    switch (t->type) {
    case T_NUM:
        e = node(PG_EX_NUM, t->pos);
        if (!e) return nomem(p);
        e->num = t->num;
        if (lex(p)) goto fail;
        break;
    case T_STR:
        e = node(PG_EX_STR, t->pos);
        if (!e) return nomem(p);
        e->name = t->text;
        t->text = NULL;
        if (lex(p)) goto fail;
        break;
    case T_NAME: {
        long pos = t->pos;
        if (!t->quoted && (strcmp(t->text, "TRUE") == 0 || strcmp(t->text, "FALSE") == 0)) {
            e = node(PG_EX_LGL, pos);
            if (!e) return nomem(p);
            e->num = t->text[0] == 'T';
            if (lex(p)) goto fail;
            break;
        }
        if (!t->quoted && strcmp(t->text, "NA") == 0) {
            e = node(PG_EX_NA, pos);
            if (!e) return nomem(p);
            if (lex(p)) goto fail;
            break;
        }
        e = node(PG_EX_VAR, pos);
        if (!e) return nomem(p);
        e->name = t->text;
        t->text = NULL;
        int quoted = t->quoted;
        if (lex(p)) goto fail;
        if (p->cur.type == T_LP && !quoted) {
            e->kind = PG_EX_CALL;
            e = parse_call_args(p, e);
            if (!e) return NULL;
        }
        break;
    }
    case T_LP: {
        long open = t->pos;
        if (lex(p)) return NULL;
        if (p->cur.type == T_RP) {
            perr(p, p->cur.pos, ")", "empty parentheses");
            return NULL;
        }
        pg_expr *in = parse_tilde(p);
        if (!in) return NULL;
        if (p->cur.type != T_RP) {
            pg_expr_free(in);
            if (p->cur.type == T_EOF)
                perr(p, open, "(", "unbalanced parentheses: '(' is never closed");
            else {
                char b[64];
                perr(p, p->cur.pos, NULL, "expected ')', found %s", tok_str(p, b, sizeof b));
            }
            return NULL;
        }
        e = node(PG_EX_PAREN, open);
        if (!e || push_arg(e, in, NULL)) {
            pg_expr_free(in);
            pg_expr_free(e);
            return nomem(p);
        }
        if (lex(p)) goto fail;
        break;
    }
    case T_ASSIGN:
        perr(p, t->pos, "=", "'=' is only for named arguments such as ref = \"2\"; "
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

static pg_expr *parse_pow(parser *p)
{
    pg_expr *a = parse_primary(p);
    if (!a) return NULL;
    if (is_op(p, PG_OP_POW)) {
        long pos = p->cur.pos;
        if (lex(p)) {
            pg_expr_free(a);
            return NULL;
        }
        pg_expr *b = parse_unary(p);       /* right-associative; 2^-1 allowed */
        if (!b) {
            pg_expr_free(a);
            return NULL;
        }
        return binary(p, PG_OP_POW, pos, a, b);
    }
    return a;
}

static pg_expr *parse_unary(parser *p)
{
    if (is_op(p, PG_OP_MINUS) || is_op(p, PG_OP_PLUS) || is_op(p, PG_OP_NOT)) {
        int op = p->cur.op;
        long pos = p->cur.pos;
        if (++p->depth > MAX_DEPTH) {
            perr(p, pos, NULL, "expression nested too deeply");
            return NULL;
        }
        if (lex(p)) return NULL;
        if (p->cur.type == T_EOF || p->cur.type == T_RP || p->cur.type == T_COMMA)
            return missing_operand(p, op == PG_OP_MINUS ? "-" : op == PG_OP_PLUS ? "+" : "!");
        pg_expr *a = op == PG_OP_NOT ? parse_not(p) : parse_unary(p);
        p->depth--;
        return unary(p, op, pos, a);
    }
    return parse_pow(p);
}

typedef pg_expr *(*level_fn)(parser *);

/* Left-associative binary level: operand (op operand)*. */
static pg_expr *parse_left(parser *p, level_fn next, const int *ops, int nonassoc)
{
    pg_expr *a = next(p);
    while (a && p->cur.type == T_OP) {
        int op = p->cur.op, hit = 0;
        for (const int *o = ops; *o; o++) hit |= *o == op;
        if (!hit) break;
        long pos = p->cur.pos;
        char opname[8];
        snprintf(opname, sizeof opname, "%.*s", (int)p->cur.len, p->s + pos - 1);
        if (lex(p)) {
            pg_expr_free(a);
            return NULL;
        }
        if (p->cur.type == T_EOF || p->cur.type == T_RP || p->cur.type == T_COMMA ||
            (p->cur.type == T_OP && p->cur.op != PG_OP_MINUS && p->cur.op != PG_OP_PLUS &&
             p->cur.op != PG_OP_NOT && p->cur.op != PG_OP_TILDE)) {
            pg_expr_free(a);
            if (p->cur.type == T_OP) {
                char b[64];
                perr(p, p->cur.pos, opname, "unexpected %s after '%s'", tok_str(p, b, sizeof b),
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
        if (a && nonassoc && p->cur.type == T_OP) {
            for (const int *o = ops; *o; o++)
                if (*o == p->cur.op) {
                    char b2[64];
                    perr(p, p->cur.pos, NULL, "unexpected %s: comparisons cannot be chained",
                         tok_str(p, b2, sizeof b2));
                    pg_expr_free(a);
                    return NULL;
                }
        }
    }
    return a;
}

static pg_expr *parse_colon(parser *p)
{
    static const int ops[] = {PG_OP_COLON, 0};
    return parse_left(p, parse_unary, ops, 0);
}
static pg_expr *parse_special(parser *p)
{
    static const int ops[] = {PG_OP_IN, 0};
    return parse_left(p, parse_colon, ops, 0);
}
static pg_expr *parse_mul(parser *p)
{
    static const int ops[] = {PG_OP_TIMES, PG_OP_DIV, 0};
    return parse_left(p, parse_special, ops, 0);
}
static pg_expr *parse_add(parser *p)
{
    static const int ops[] = {PG_OP_PLUS, PG_OP_MINUS, 0};
    return parse_left(p, parse_mul, ops, 0);
}
static pg_expr *parse_cmp(parser *p)
{
    static const int ops[] = {PG_OP_EQ, PG_OP_NE, PG_OP_LT, PG_OP_LE, PG_OP_GT, PG_OP_GE, 0};
    return parse_left(p, parse_add, ops, 1);
}
static pg_expr *parse_not(parser *p)
{
    if (is_op(p, PG_OP_NOT)) {
        long pos = p->cur.pos;
        if (++p->depth > MAX_DEPTH) {
            perr(p, pos, NULL, "expression nested too deeply");
            return NULL;
        }
        if (lex(p)) return NULL;
        if (p->cur.type == T_EOF || p->cur.type == T_RP || p->cur.type == T_COMMA)
            return missing_operand(p, "!");
        pg_expr *a = parse_not(p);
        p->depth--;
        return unary(p, PG_OP_NOT, pos, a);
    }
    return parse_cmp(p);
}
static pg_expr *parse_and(parser *p)
{
    static const int ops[] = {PG_OP_AND, PG_OP_AND2, 0};
    return parse_left(p, parse_not, ops, 0);
}
static pg_expr *parse_or(parser *p)
{
    static const int ops[] = {PG_OP_OR, PG_OP_OR2, 0};
    return parse_left(p, parse_and, ops, 0);
}

static pg_expr *parse_tilde(parser *p)
{
    if (is_op(p, PG_OP_TILDE)) {
        long pos = p->cur.pos;
        if (lex(p)) return NULL;
        if (p->cur.type == T_EOF) return missing_operand(p, "~");
        return unary(p, PG_OP_TILDE, pos, parse_or(p));
    }
    pg_expr *a = parse_or(p);
    if (a && is_op(p, PG_OP_TILDE)) {
        long pos = p->cur.pos;
        if (lex(p)) {
            pg_expr_free(a);
            return NULL;
        }
        if (p->cur.type == T_EOF) {
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
            perr(p, p->cur.pos, "~", "a formula has only one '~'");
            pg_expr_free(a);
            return NULL;
        }
    }
    return a;
}

int pg_expr_parse(const char *text, int in_formula, pg_expr **out, pg_error *err)
{
    *out = NULL;
    parser p = {0};
    p.s = text ? text : "";
    p.in_formula = in_formula;
    p.err = err;
    if (lex(&p)) goto fail;
    if (p.cur.type == T_EOF) {
        perr(&p, 1, NULL, in_formula ? "empty formula" : "empty expression");
        goto fail;
    }
    pg_expr *e = parse_tilde(&p);
    if (!e) goto fail;
    if (p.cur.type != T_EOF) {
        char b[64];
        if (p.cur.type == T_RP)
            perr(&p, p.cur.pos, ")", "unbalanced parentheses: unmatched ')'");
        else
            perr(&p, p.cur.pos, NULL, "unexpected %s (missing operator?)", tok_str(&p, b, sizeof b));
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

/* ------------------------------------------------------------------------------------------ */
/* Printing                                                                                   */

/* A number as R deparses it: format(x, digits = 15), the fewest digits that show it. */
char *pg_fmt_rnum(char *buf, size_t len, double x) { return pg_format_r_num(buf, len, x, 15); }

typedef struct sbuf {
    char *s;
    size_t n, cap;
    int bad;
} sbuf;

static void sb_add(sbuf *b, const char *s)
{
    if (b->bad) return;
    size_t k = strlen(s);
    if (b->n + k + 1 > b->cap) {
        size_t cap = (b->cap ? b->cap * 2 : 64) + k;
        char *ns = realloc(b->s, cap);
        if (!ns) {
            b->bad = 1;
            return;
        }
        b->s = ns;
        b->cap = cap;
    }
    memcpy(b->s + b->n, s, k + 1);
    b->n += k;
}

static int syntactic(const char *s)
{
    if (!*s || is_keyword(s)) return 0;
    if (!(isalpha((unsigned char)s[0]) || s[0] == '.' || (unsigned char)s[0] >= 0x80)) return 0;
    if (s[0] == '.' && isdigit((unsigned char)s[1])) return 0;
    for (const char *c = s; *c; c++)
        if (!is_name_char((unsigned char)*c)) return 0;
    return 1;
}

static const char *op_text(int op)
{
    switch (op) {
    case PG_OP_TILDE: return " ~ ";
    case PG_OP_OR: return " | ";
    case PG_OP_OR2: return " || ";
    case PG_OP_AND: return " & ";
    case PG_OP_AND2: return " && ";
    case PG_OP_NOT: return "!";
    case PG_OP_EQ: return " == ";
    case PG_OP_NE: return " != ";
    case PG_OP_LT: return " < ";
    case PG_OP_LE: return " <= ";
    case PG_OP_GT: return " > ";
    case PG_OP_GE: return " >= ";
    case PG_OP_PLUS: return " + ";
    case PG_OP_MINUS: return " - ";
    case PG_OP_TIMES: return " * ";
    case PG_OP_DIV: return "/";
    case PG_OP_IN: return " %in% ";
    case PG_OP_COLON: return ":";
    case PG_OP_POW: return "^";
    default: return "?";
    }
}

/* The operator without the spaces deparse puts around it. */
static const char *op_name(int op)
{
    static char buf[8];
    const char *t = op_text(op);
    while (*t == ' ') t++;
    size_t k = 0;
    while (t[k] && t[k] != ' ' && k + 1 < sizeof buf) {
        buf[k] = t[k];
        k++;
    }
    buf[k] = '\0';
    return buf;
}

static void deparse(sbuf *b, const pg_expr *e)
{
    char num[64];
    switch (e->kind) {
    case PG_EX_NUM: sb_add(b, pg_fmt_rnum(num, sizeof num, e->num)); break;
    case PG_EX_LGL: sb_add(b, e->num ? "TRUE" : "FALSE"); break;
    case PG_EX_NA: sb_add(b, "NA"); break;
    case PG_EX_STR: {
        sb_add(b, "\"");
        for (const char *c = e->name; *c; c++) {
            char ch[3] = {*c, 0, 0};
            if (*c == '"' || *c == '\\') ch[0] = '\\', ch[1] = *c;
            sb_add(b, ch);
        }
        sb_add(b, "\"");
        break;
    }
    case PG_EX_VAR:
        if (syntactic(e->name)) {
            sb_add(b, e->name);
        } else {
            sb_add(b, "`");
            sb_add(b, e->name);
            sb_add(b, "`");
        }
        break;
    case PG_EX_CALL:
        sb_add(b, e->name);
        sb_add(b, "(");
        for (size_t i = 0; i < e->nargs; i++) {
            if (i) sb_add(b, ", ");
            if (e->argnames && e->argnames[i]) {
                sb_add(b, e->argnames[i]);
                sb_add(b, " = ");
            }
            deparse(b, e->args[i]);
        }
        sb_add(b, ")");
        break;
    case PG_EX_BIN:
        deparse(b, e->args[0]);
        sb_add(b, op_text(e->op));
        deparse(b, e->args[1]);
        break;
    case PG_EX_UN:
        sb_add(b, e->op == PG_OP_MINUS ? "-" : e->op == PG_OP_PLUS ? "+"
                  : e->op == PG_OP_TILDE ? "~" : "!");
        deparse(b, e->args[0]);
        break;
    case PG_EX_PAREN:
        sb_add(b, "(");
        deparse(b, e->args[0]);
        sb_add(b, ")");
        break;
    }
}

char *pg_expr_deparse(const pg_expr *e)
{
    sbuf b = {0};
    deparse(&b, e);
    sb_add(&b, "");
    if (b.bad) {
        free(b.s);
        return NULL;
    }
    return b.s;
}

/* ------------------------------------------------------------------------------------------ */
/* Names                                                                                      */

size_t pg_edit_distance(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    size_t *row = malloc((lb + 1) * sizeof *row);
    if (!row) return (size_t)-1;
    for (size_t j = 0; j <= lb; j++) row[j] = j;
    for (size_t i = 1; i <= la; i++) {
        size_t diag = row[0];
        row[0] = i;
        for (size_t j = 1; j <= lb; j++) {
            size_t up = row[j];
            size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
            size_t best = diag + cost;
            if (up + 1 < best) best = up + 1;
            if (row[j - 1] + 1 < best) best = row[j - 1] + 1;
            row[j] = best;
            diag = up;
        }
    }
    size_t d = row[lb];
    free(row);
    return d;
}

/* The candidate nearest to name by edit distance, if it is close enough to be a plausible typo
 * (at most 2 edits, or a third of the name); ties go to the earlier candidate. */
static const char *nearest(const char *name, const char *const *cand, size_t n)
{
    const char *best = NULL;
    size_t bd = (size_t)-1;
    for (size_t i = 0; i < n; i++) {
        size_t d = pg_edit_distance(name, cand[i]);
        if (d < bd) {
            bd = d;
            best = cand[i];
        }
    }
    size_t len = strlen(name);
    if (best && (bd <= 2 || bd * 3 <= len) && bd < len) return best;
    return NULL;
}

const char *pg_nearest_column(const pg_dataset *ds, const char *name)
{
    if (!ds || ds->ncol == 0) return NULL;
    const char **c = malloc(ds->ncol * sizeof *c);
    if (!c) return NULL;
    for (size_t j = 0; j < ds->ncol; j++) c[j] = ds->cols[j].name;
    const char *r = nearest(name, c, ds->ncol);
    free(c);
    return r;
}

/* ------------------------------------------------------------------------------------------ */
/* Values                                                                                     */

void pg_value_clear(pg_value *v)
{
    if (!v) return;
    if (!v->borrowed) {
        free(v->num);
        free(v->code);
        for (size_t k = 0; k < v->nlevels; k++) free(v->levels[k]);
        free(v->levels);
    }
    memset(v, 0, sizeof *v);
}

int pg_value_na(const pg_value *v, size_t i)
{
    size_t r = v->n == 1 ? 0 : i;
    return v->type == PG_V_FAC ? v->code[r] < 0 : isnan(v->num[r]);
}

static double nget(const pg_value *v, size_t i) { return v->num[v->n == 1 ? 0 : i]; }
static int32_t cget(const pg_value *v, size_t i) { return v->code[v->n == 1 ? 0 : i]; }

static int alloc_num(pg_value *v, pg_vtype type, size_t n)
{
    memset(v, 0, sizeof *v);
    v->type = type;
    v->n = n;
    v->num = pg_malloc_array(n, sizeof *v->num);
    return v->num ? PG_OK : PG_ENOMEM;
}

/* A factor with the given level texts (copied) and n codes (uninitialised). */
static int alloc_fac(pg_value *v, size_t n, size_t nlevels, const char *const *levels)
{
    memset(v, 0, sizeof *v);
    v->type = PG_V_FAC;
    v->n = n;
    v->code = pg_malloc_array(n, sizeof *v->code);
    v->levels = pg_calloc_array(nlevels, sizeof *v->levels);
    if (!v->code || !v->levels) return PG_ENOMEM;
    for (size_t k = 0; k < nlevels; k++) {
        v->levels[k] = pg_strdup(levels[k]);
        if (!v->levels[k]) return PG_ENOMEM;
        v->nlevels = k + 1;
    }
    return PG_OK;
}

typedef struct ectx {
    const pg_eval_ctx *c;
    pg_error *err;
    size_t n;               /* dataset rows */
} ectx;

static int efail(ectx *x, long pos, const char *suffix, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* An evaluation error at pos: "MSG in term 'T'SUFFIX" or "--where: MSG SUFFIX". */
static int efail(ectx *x, long pos, const char *suffix, const char *fmt, ...)
{
    char msg[200];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    if (!suffix) suffix = "";
    if (x->c->term)
        return pg_fail_term(x->err, PG_EINPUT, x->c->term, pos, "%s in term '%s'%s", msg,
                            x->c->term, suffix);
    return pg_fail(x->err, PG_EINPUT, "--where: %s%s", msg, suffix);
}

static int enomem(ectx *x)
{
    return pg_fail(x->err, PG_ENOMEM, "out of memory");
}

/* " (file.csv:12)" or " (row 12)" for messages about one dataset row. */
static const char *rowref(const pg_dataset *ds, size_t i, char *buf, size_t len)
{
    const char *f = pg_dataset_row_file(ds, i);
    long line = pg_dataset_row_line(ds, i);
    if (f && *f && line > 0) snprintf(buf, len, " (%s:%ld)", f, line);
    else snprintf(buf, len, " (row %zu)", i + 1);
    return buf;
}

static int is_true_text(const char *s)
{
    return !strcmp(s, "TRUE") || !strcmp(s, "true") || !strcmp(s, "True") || !strcmp(s, "T");
}
static int is_false_text(const char *s)
{
    return !strcmp(s, "FALSE") || !strcmp(s, "false") || !strcmp(s, "False") || !strcmp(s, "F");
}

static int eval(ectx *x, pg_expr *e, pg_value *out);

static int eval_var(ectx *x, const pg_expr *e, pg_value *out)
{
    const pg_dataset *ds = x->c->ds;
    long j = pg_dataset_find(ds, e->name);
    if (j < 0 && (strcmp(e->name, "T") == 0 || strcmp(e->name, "F") == 0)) {
        /* R's T and F are TRUE and FALSE unless a column has that name. */
        if (alloc_num(out, PG_V_LGL, 1)) return enomem(x);
        out->num[0] = e->name[0] == 'T';
        return PG_OK;
    }
    if (j < 0) {
        const char *near = pg_nearest_column(ds, e->name);
        char sug[200] = "";
        if (near) snprintf(sug, sizeof sug, "; did you mean '%s'?", near);
        return efail(x, e->pos, sug, "unknown variable '%s'", e->name);
    }
    const pg_column *c = &ds->cols[j];
    memset(out, 0, sizeof *out);
    out->n = ds->nrow;
    if (c->type == PG_COL_NUMERIC) {
        out->type = PG_V_NUM;
        out->num = c->num;
        out->borrowed = 1;
        return PG_OK;
    }
    /* A text column of TRUE/FALSE values is logical, as R's read.csv makes it. */
    int logical = c->nlevels > 0;
    for (size_t k = 0; k < c->nlevels && logical; k++)
        logical = is_true_text(c->levels[k]) || is_false_text(c->levels[k]);
    if (logical) {
        if (alloc_num(out, PG_V_LGL, ds->nrow)) return enomem(x);
        for (size_t i = 0; i < ds->nrow; i++)
            out->num[i] = c->code[i] < 0 ? NAN : is_true_text(c->levels[c->code[i]]);
        return PG_OK;
    }
    out->type = PG_V_FAC;
    out->code = c->code;
    out->nlevels = c->nlevels;
    out->levels = c->levels;
    out->borrowed = 1;
    return PG_OK;
}

static const char *type_name(pg_vtype t)
{
    return t == PG_V_NUM ? "numeric" : t == PG_V_LGL ? "logical" : "text";
}

/* Arithmetic, vectorised; NA (NaN) propagates through IEEE arithmetic. */
static int eval_arith(ectx *x, const pg_expr *e, pg_value *a, pg_value *b, pg_value *out)
{
    const pg_value *bad = a->type == PG_V_FAC ? a : b && b->type == PG_V_FAC ? b : NULL;
    if (bad) {
        char *t = pg_expr_deparse(bad == a ? e->args[0] : e->args[1]);
        efail(x, e->oppos, NULL, "'%s' needs numbers, but '%s' is text", op_name(e->op),
              t ? t : "?");
        free(t);
        return PG_EINPUT;
    }
    size_t n = b ? (a->n > b->n ? a->n : b->n) : a->n;
    if (alloc_num(out, PG_V_NUM, n)) return enomem(x);
    for (size_t i = 0; i < n; i++) {
        double u = nget(a, i), v = b ? nget(b, i) : 0, r;
        switch (e->op) {
        case PG_OP_PLUS: r = b ? u + v : u; break;
        case PG_OP_MINUS: r = b ? u - v : -u; break;
        case PG_OP_TIMES: r = u * v; break;
        case PG_OP_DIV: r = u / v; break;
        default: r = isnan(u) || isnan(v) ? NAN : (u == 1 || v == 0) ? 1 : pow(u, v); break;
        }
        out->num[i] = r;
    }
    return PG_OK;
}

/* Logical value of row i (numbers: nonzero is TRUE), NaN when NA. */
static double truth(const pg_value *v, size_t i)
{
    double u = nget(v, i);
    return isnan(u) ? NAN : u != 0;
}

/* R's three-valued logic: NA & FALSE is FALSE, NA | TRUE is TRUE, otherwise NA propagates. */
static int eval_logic(ectx *x, const pg_expr *e, pg_value *a, pg_value *b, pg_value *out)
{
    const pg_value *bad = a->type == PG_V_FAC ? a : b && b->type == PG_V_FAC ? b : NULL;
    if (bad) {
        char *t = pg_expr_deparse(bad == a ? e->args[0] : e->args[1]);
        efail(x, e->oppos, NULL, "'%s' needs TRUE/FALSE values, but '%s' is text",
              e->op == PG_OP_NOT ? "!" : e->op == PG_OP_AND || e->op == PG_OP_AND2 ? "&" : "|",
              t ? t : "?");
        free(t);
        return PG_EINPUT;
    }
    size_t n = b ? (a->n > b->n ? a->n : b->n) : a->n;
    if (alloc_num(out, PG_V_LGL, n)) return enomem(x);
    for (size_t i = 0; i < n; i++) {
        double u = truth(a, i), v = b ? truth(b, i) : 0, r;
        if (e->op == PG_OP_NOT) {
            r = isnan(u) ? NAN : !u;
        } else if (e->op == PG_OP_AND || e->op == PG_OP_AND2) {
            if (u == 0 || v == 0) r = 0;
            else if (isnan(u) || isnan(v)) r = NAN;
            else r = 1;
        } else {
            if (u == 1 || v == 1) r = 1;
            else if (isnan(u) || isnan(v)) r = NAN;
            else r = 0;
        }
        out->num[i] = r;
    }
    return PG_OK;
}

static int cmp_result(int op, int c)
{
    switch (op) {
    case PG_OP_EQ: return c == 0;
    case PG_OP_NE: return c != 0;
    case PG_OP_LT: return c < 0;
    case PG_OP_LE: return c <= 0;
    case PG_OP_GT: return c > 0;
    default: return c >= 0;
    }
}

static long find_level(const pg_value *v, const char *s)
{
    for (size_t k = 0; k < v->nlevels; k++)
        if (strcmp(v->levels[k], s) == 0) return (long)k;
    return -1;
}

/* Turn a numeric constant into the text R would compare a factor with ("2", "2.5"). */
static int num_const_to_text(ectx *x, const pg_value *v, pg_value *out)
{
    char buf[64];
    pg_fmt_rnum(buf, sizeof buf, v->num[0]);
    const char *l[] = {buf};
    if (alloc_fac(out, 1, isnan(v->num[0]) ? 0 : 1, l)) {
        pg_value_clear(out);
        return enomem(x);
    }
    out->code[0] = isnan(v->num[0]) ? -1 : 0;
    return PG_OK;
}

/* Comparisons. Numbers compare as numbers; text (factor levels and strings) compares as text
 * for == and !=; < <= > >= on text need an ordered factor (fnclcc(), ajcc_t()) and compare level
 * positions, as R does for ordered factors. A number compared with text is an error, except a
 * literal number compared with a factor, which R coerces to its text (grade == 2). */
static int eval_cmp(ectx *x, const pg_expr *e, pg_value *a, pg_value *b, pg_value *out)
{
    int fa = a->type == PG_V_FAC, fb = b->type == PG_V_FAC;
    pg_value conv = {0};
    if (fa != fb && (fa ? b : a)->type == PG_V_LGL) {
        /* A logical against text compares as "TRUE"/"FALSE", as R coerces it (died == "TRUE"). */
        pg_value *lv = fa ? b : a;
        static const char *const tf[] = {"FALSE", "TRUE"};
        if (alloc_fac(&conv, lv->n, 2, tf)) {
            pg_value_clear(&conv);
            return enomem(x);
        }
        for (size_t i = 0; i < lv->n; i++)
            conv.code[i] = isnan(lv->num[i]) ? -1 : (int32_t)(lv->num[i] != 0);
        if (fa) b = &conv;
        else a = &conv;
        fb = fa = 1;
    }
    if (fa != fb) {
        pg_value *nv = fa ? b : a;
        const pg_expr *ne = fa ? e->args[1] : e->args[0];
        const pg_expr *fe = fa ? e->args[0] : e->args[1];
        const pg_expr *core = ne;
        while (core->kind == PG_EX_PAREN) core = core->args[0];
        int literal = core->kind == PG_EX_NUM ||
                      (core->kind == PG_EX_UN && core->op == PG_OP_MINUS &&
                       core->args[0]->kind == PG_EX_NUM);
        const pg_value *fv = fa ? a : b;
        if (literal && fv->n != 1) {
            int rc = num_const_to_text(x, nv, &conv);
            if (rc) return rc;
            if (fa) b = &conv;
            else a = &conv;
        } else {
            char *nt = pg_expr_deparse(ne), *ft = pg_expr_deparse(fe);
            const pg_expr *fcore = fe;
            while (fcore->kind == PG_EX_PAREN) fcore = fcore->args[0];
            if (fcore->kind == PG_EX_STR)
                efail(x, e->oppos, NULL, "cannot compare %s '%s' with the string %s",
                      type_name(nv->type), nt ? nt : "?", ft ? ft : "?");
            else
                efail(x, e->oppos, NULL, "cannot compare %s '%s' with text '%s'",
                      type_name(nv->type), nt ? nt : "?", ft ? ft : "?");
            free(nt);
            free(ft);
            return PG_EINPUT;
        }
    }
    size_t n = a->n > b->n ? a->n : b->n;
    if (a->type != PG_V_FAC) {
        if (alloc_num(out, PG_V_LGL, n)) return enomem(x);
        for (size_t i = 0; i < n; i++) {
            double u = nget(a, i), v = nget(b, i);
            out->num[i] = isnan(u) || isnan(v) ? NAN : cmp_result(e->op, (u > v) - (u < v));
        }
        pg_value_clear(&conv);
        return PG_OK;
    }
    int rc = PG_OK;
    long *mapb = NULL;        /* level of b -> level of the ordered side (a) */
    int ordering = e->op != PG_OP_EQ && e->op != PG_OP_NE;
    pg_value *ord = NULL, *oth = NULL;
    if (ordering) {
        ord = a->ordered ? a : b->ordered ? b : NULL;
        oth = ord == a ? b : a;
        if (!ord) {
            char *t = pg_expr_deparse(e->args[0]);
            rc = efail(x, e->oppos, NULL, "'%s' is not meaningful for text '%s' (only for "
                       "ordered factors such as fnclcc() and ajcc_t())",
                       op_name(e->op), t ? t : "?");
            free(t);
            goto done;
        }
        mapb = pg_malloc_array(oth->nlevels, sizeof *mapb);
        if (!mapb) {
            rc = enomem(x);
            goto done;
        }
        for (size_t k = 0; k < oth->nlevels; k++) {
            mapb[k] = find_level(ord, oth->levels[k]);
            if (mapb[k] < 0 && oth->n == 1) {
                char *t = pg_expr_deparse(ord == a ? e->args[0] : e->args[1]);
                char lv[200] = "";
                size_t used = 0;
                for (size_t q = 0; q < ord->nlevels && used + 20 < sizeof lv; q++)
                    used += (size_t)snprintf(lv + used, sizeof lv - used, "%s%s", q ? ", " : "",
                                             ord->levels[q]);
                rc = efail(x, e->oppos, NULL, "'%s' is not a level of '%s' (levels: %s)",
                           oth->levels[k], t ? t : "?", lv);
                free(t);
                goto done;
            }
        }
    }
    if (alloc_num(out, PG_V_LGL, n)) {
        rc = enomem(x);
        goto done;
    }
    for (size_t i = 0; i < n; i++) {
        int32_t u = cget(a, i), v = cget(b, i);
        if (u < 0 || v < 0) {
            out->num[i] = NAN;
        } else if (!ordering) {
            out->num[i] = cmp_result(e->op, strcmp(a->levels[u], b->levels[v]));
        } else {
            long ou = ord == a ? u : mapb[u], ov = ord == a ? mapb[v] : v;
            if (ou < 0 || ov < 0) out->num[i] = NAN;
            else out->num[i] = cmp_result(e->op, (ou > ov) - (ou < ov));
        }
    }
done:
    free(mapb);
    pg_value_clear(&conv);
    if (rc) pg_value_clear(out);
    return rc;
}

/* x %in% c(...): TRUE where x equals one of the listed literals; never NA (R's match()). */
static int eval_in(ectx *x, const pg_expr *e, pg_value *out)
{
    const pg_expr *set = e->args[1];
    while (set->kind == PG_EX_PAREN) set = set->args[0];
    const pg_expr *const *items;
    size_t nitems;
    const pg_expr *single = set;
    if (set->kind == PG_EX_CALL && strcmp(set->name, "c") == 0) {
        items = (const pg_expr *const *)set->args;
        nitems = set->nargs;
    } else {
        items = &single;
        nitems = 1;
    }
    for (size_t k = 0; k < nitems; k++) {
        const pg_expr *it = items[k];
        int neg = it->kind == PG_EX_UN && it->op == PG_OP_MINUS && it->args[0]->kind == PG_EX_NUM;
        if (!(it->kind == PG_EX_NUM || it->kind == PG_EX_STR || it->kind == PG_EX_LGL ||
              it->kind == PG_EX_NA || neg))
            return efail(x, it->pos, NULL, "the right side of %%in%% must list constants, "
                         "as in c(\"DOD\", \"AWD\")");
    }
    pg_value a = {0};
    int rc = eval(x, e->args[0], &a);
    if (rc) return rc;
    if (alloc_num(out, PG_V_LGL, a.n)) {
        pg_value_clear(&a);
        return enomem(x);
    }
    if (a.type == PG_V_FAC) {
        /* For each level, is it listed? Numbers are compared by their text. */
        char *hit = calloc(a.nlevels + 1, 1);
        if (!hit) {
            pg_value_clear(&a);
            pg_value_clear(out);
            return enomem(x);
        }
        int na_listed = 0;
        for (size_t k = 0; k < nitems; k++) {
            const pg_expr *it = items[k];
            char buf[64];
            const char *s;
            if (it->kind == PG_EX_NA) {
                na_listed = 1;
                continue;
            } else if (it->kind == PG_EX_STR) {
                s = it->name;
            } else if (it->kind == PG_EX_LGL) {
                s = it->num ? "TRUE" : "FALSE";
            } else {
                double v = it->kind == PG_EX_NUM ? it->num : -it->args[0]->num;
                s = pg_fmt_rnum(buf, sizeof buf, v);
            }
            long lv = find_level(&a, s);
            if (lv >= 0) hit[lv] = 1;
        }
        for (size_t i = 0; i < a.n; i++) {
            int32_t c = a.code[i];
            out->num[i] = c < 0 ? na_listed : hit[c];
        }
        free(hit);
    } else {
        for (size_t k = 0; k < nitems; k++)
            if (items[k]->kind == PG_EX_STR) {
                char *t = pg_expr_deparse(e->args[0]);
                rc = efail(x, items[k]->pos, NULL, "cannot compare %s '%s' with the string \"%s\"",
                           type_name(a.type), t ? t : "?", items[k]->name);
                free(t);
                pg_value_clear(&a);
                pg_value_clear(out);
                return rc;
            }
        for (size_t i = 0; i < a.n; i++) {
            double u = a.num[i];
            int r = 0;
            for (size_t k = 0; k < nitems && !r; k++) {
                const pg_expr *it = items[k];
                if (it->kind == PG_EX_NA) r = isnan(u);
                else if (it->kind == PG_EX_UN) r = u == -it->args[0]->num;
                else r = u == it->num;
            }
            out->num[i] = r;
        }
    }
    pg_value_clear(&a);
    return PG_OK;
}

static int arity(ectx *x, const pg_expr *e, size_t lo, size_t hi)
{
    if (e->nargs >= lo && e->nargs <= hi) return PG_OK;
    if (lo == hi)
        return efail(x, e->oppos, NULL, "%s() takes %zu argument%s, not %zu", e->name, lo,
                     lo == 1 ? "" : "s", e->nargs);
    return efail(x, e->oppos, NULL, "%s() takes %zu to %zu arguments, not %zu", e->name, lo, hi,
                 e->nargs);
}

/* Only the names listed may be given as name = value. */
static int check_argnames(ectx *x, const pg_expr *e, const char *const *allowed)
{
    for (size_t i = 0; i < e->nargs; i++) {
        if (!e->argnames || !e->argnames[i]) continue;
        int ok = 0;
        for (size_t k = 0; allowed && allowed[k]; k++) ok |= !strcmp(allowed[k], e->argnames[i]);
        if (!ok)
            return efail(x, e->args[i]->pos, NULL, "unknown argument '%s' to %s()",
                         e->argnames[i], e->name);
    }
    return PG_OK;
}

static int need_number(ectx *x, const pg_expr *e, const pg_value *v, const char *what)
{
    if (v->type != PG_V_FAC) return PG_OK;
    char *t = pg_expr_deparse(e);
    int rc = efail(x, e->pos, NULL, "%s needs numbers, but '%s' is text", what, t ? t : "?");
    free(t);
    return rc;
}

static int cmpd(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static int cmps(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* factor(x [, ref = "level"]): numbers become levels sorted numerically and printed as R's
 * as.character() prints them; TRUE/FALSE become FALSE < TRUE; text keeps its sorted levels.
 * ref moves one level to the front, as R's relevel(). Unused levels are dropped later, by the
 * model frame, once the rows are known. */
static int eval_factor(ectx *x, pg_expr *e, pg_value *out)
{
    static const char *const names[] = {"ref", NULL};
    int rc = arity(x, e, 1, 2);
    if (!rc) rc = check_argnames(x, e, names);
    if (rc) return rc;
    const pg_expr *ref = NULL;
    pg_expr *arg = NULL;
    for (size_t i = 0; i < e->nargs; i++) {
        if (e->argnames[i]) ref = e->args[i];
        else if (!arg) arg = e->args[i];
        else return efail(x, e->args[i]->pos, NULL, "factor() takes one variable; choose the "
                          "reference level with ref = \"level\"");
    }
    if (!arg) return efail(x, e->oppos, NULL, "factor() needs a variable");
    char refbuf[64];
    const char *reftext = NULL;
    if (ref) {
        if (ref->kind == PG_EX_STR) reftext = ref->name;
        else if (ref->kind == PG_EX_NUM) reftext = pg_fmt_rnum(refbuf, sizeof refbuf, ref->num);
        else if (ref->kind == PG_EX_LGL) reftext = ref->num ? "TRUE" : "FALSE";
        else return efail(x, ref->pos, NULL, "ref must be a level, as in ref = \"2\"");
    }
    pg_value a = {0};
    rc = eval(x, arg, &a);
    if (rc) return rc;
    size_t n = a.n;
    if (a.type == PG_V_FAC) {
        if (alloc_fac(out, n, a.nlevels, (const char *const *)a.levels)) goto nomem;
        memcpy(out->code, a.code, n * sizeof *out->code);
        out->ordered = a.ordered;
    } else if (a.type == PG_V_LGL) {
        int seen[2] = {0, 0};
        for (size_t i = 0; i < n; i++)
            if (!isnan(a.num[i])) seen[a.num[i] != 0] = 1;
        const char *l[2] = {"FALSE", "TRUE"};
        size_t k = 0;
        if (seen[0]) l[k++] = "FALSE";
        if (seen[1]) l[k++] = "TRUE";
        if (alloc_fac(out, n, k, l)) goto nomem;
        for (size_t i = 0; i < n; i++)
            out->code[i] = isnan(a.num[i]) ? -1 : (int32_t)(a.num[i] != 0 && seen[0]);
    } else {
        /* Sort the distinct values, then merge those that print alike (R's factor() works on
         * as.character() of the values). */
        double *u = pg_malloc_array(n, sizeof *u);
        if (!u) goto nomem;
        size_t m = 0;
        for (size_t i = 0; i < n; i++)
            if (!isnan(a.num[i])) u[m++] = a.num[i];
        qsort(u, m, sizeof *u, cmpd);
        size_t k = 0;
        for (size_t i = 0; i < m; i++)
            if (k == 0 || u[i] != u[k - 1]) u[k++] = u[i];
        m = k;
        char **lv = pg_calloc_array(m, sizeof *lv);
        size_t *idx = pg_malloc_array(m, sizeof *idx);   /* unique value -> level */
        if (!lv || !idx) {
            free(u);
            free(lv);
            free(idx);
            goto nomem;
        }
        size_t nl = 0;
        int bad = 0;
        for (size_t i = 0; i < m && !bad; i++) {
            char buf[64];
            pg_fmt_rnum(buf, sizeof buf, u[i]);
            if (nl > 0 && strcmp(lv[nl - 1], buf) == 0) {
                idx[i] = nl - 1;
                continue;
            }
            lv[nl] = pg_strdup(buf);
            if (!lv[nl]) bad = 1;
            idx[i] = nl++;
        }
        memset(out, 0, sizeof *out);
        out->type = PG_V_FAC;
        out->n = n;
        out->levels = lv;
        out->nlevels = nl;
        out->code = bad ? NULL : pg_malloc_array(n, sizeof *out->code);
        if (!out->code) {
            free(u);
            free(idx);
            goto nomem;
        }
        for (size_t i = 0; i < n; i++) {
            if (isnan(a.num[i])) {
                out->code[i] = -1;
                continue;
            }
            size_t lo = 0, hi = m;
            while (hi - lo > 1) {
                size_t mid = lo + (hi - lo) / 2;
                if (u[mid] <= a.num[i]) lo = mid; else hi = mid;
            }
            out->code[i] = (int32_t)idx[lo];
        }
        free(u);
        free(idx);
    }
    pg_value_clear(&a);
    if (reftext) {
        long r = find_level(out, reftext);
        if (r < 0) {
            char lv[160] = "";
            size_t used = 0;
            for (size_t q = 0; q < out->nlevels && used + 24 < sizeof lv; q++)
                used += (size_t)snprintf(lv + used, sizeof lv - used, "%s%s", q ? ", " : "",
                                         out->levels[q]);
            if (out->nlevels && used + 24 >= sizeof lv) snprintf(lv + used, sizeof lv - used, ", ...");
            char *t = pg_expr_deparse(arg);
            rc = efail(x, ref->pos, NULL, "reference level '%s' is not a level of '%s' "
                       "(levels: %s)", reftext, t ? t : "?", lv);
            free(t);
            pg_value_clear(out);
            return rc;
        }
        /* rotate level r to the front */
        char *keep = out->levels[r];
        memmove(out->levels + 1, out->levels, (size_t)r * sizeof *out->levels);
        out->levels[0] = keep;
        for (size_t i = 0; i < n; i++) {
            int32_t c = out->code[i];
            if (c < 0) continue;
            out->code[i] = c == r ? 0 : c < r ? c + 1 : c;
        }
    }
    return PG_OK;
nomem:
    pg_value_clear(&a);
    pg_value_clear(out);
    return enomem(x);
}


/* ajcc_t(size_cm): AJCC 8th edition soft-tissue sarcoma T category of the trunk/extremity, as
 * tabulated in the seed review (Table 2): T1 <= 5 cm, T2 > 5 to <= 10, T3 > 10 to <= 15,
 * T4 > 15 cm. An ordered factor T1 < T2 < T3 < T4; a negative size is an error. */
static int eval_ajcc(ectx *x, pg_expr *e, pg_value *out)
{
    int rc = arity(x, e, 1, 1);
    if (!rc) rc = check_argnames(x, e, NULL);
    if (rc) return rc;
    pg_value a = {0};
    rc = eval(x, e->args[0], &a);
    if (!rc) rc = need_number(x, e->args[0], &a, "ajcc_t()");
    if (rc) {
        pg_value_clear(&a);
        return rc;
    }
    static const char *const lv[] = {"T1", "T2", "T3", "T4"};
    if (alloc_fac(out, a.n, 4, lv)) {
        pg_value_clear(&a);
        pg_value_clear(out);
        return enomem(x);
    }
    out->ordered = 1;
    for (size_t i = 0; i < a.n; i++) {
        double s = a.num[i];
        if (isnan(s)) {
            out->code[i] = -1;
        } else if (s < 0) {
            char r[300], b[64];
            rc = efail(x, e->args[0]->pos, rowref(x->c->ds, i, r, sizeof r),
                       "ajcc_t(): tumour size %s cm is negative", pg_fmt_rnum(b, sizeof b, s));
            break;
        } else {
            out->code[i] = s <= 5 ? 0 : s <= 10 ? 1 : s <= 15 ? 2 : 3;
        }
    }
    pg_value_clear(&a);
    if (rc) pg_value_clear(out);
    return rc;
}

/* Necrosis given as text: none/absent/no -> 0, <50% (or "focal") -> 1, >=50% ("extensive") -> 2.
 * -1 if the text is not recognised. */
static int necrosis_text_score(const char *s)
{
    char b[32];
    size_t k = 0;
    for (const char *c = s; *c && k + 1 < sizeof b; c++)
        if (*c != ' ') b[k++] = (char)tolower((unsigned char)*c);
    b[k] = '\0';
    static const char *const zero[] = {"0", "none", "absent", "no", "negative", "nonecrosis",
                                       NULL};
    static const char *const one[] = {"1", "<50%", "<50", "focal", "present<50%", NULL};
    static const char *const two[] = {"2", ">=50%", ">=50", "\xe2\x89\xa5" "50%", ">50%", ">50",
                                      "extensive", NULL};
    for (size_t i = 0; zero[i]; i++)
        if (!strcmp(b, zero[i])) return 0;
    for (size_t i = 0; one[i]; i++)
        if (!strcmp(b, one[i])) return 1;
    for (size_t i = 0; two[i]; i++)
        if (!strcmp(b, two[i])) return 2;
    return -1;
}

/* fnclcc(differentiation, mitoses_per_10hpf, necrosis [, necrosis_scale = "score"|"percent"]):
 * the FNCLCC histological grade (Trojani et al. 1984; Coindre 2006), as tabulated in the seed
 * review (Table 1):
 *   differentiation score 1-3 (given as is);
 *   mitotic count per 10 HPF: 0-9 -> 1, 10-19 -> 2, >= 20 -> 3;
 *   necrosis: none -> 0, < 50% -> 1, >= 50% -> 2;
 *   total 2-3 -> grade 1, 4-5 -> grade 2, 6-8 -> grade 3.
 * Necrosis may be a score or a percentage. Unless necrosis_scale says which, a numeric necrosis
 * whose non-missing values are all 0, 1 or 2 is read as a score, and otherwise as a percentage
 * of the tumour (0-100); the decision is made once, on every row of the dataset, and kept for
 * new data. Text necrosis may say none/absent/no, <50%/focal or >=50%/extensive.
 * Result: an ordered factor with levels 1 < 2 < 3. */
static int eval_fnclcc(ectx *x, pg_expr *e, pg_value *out)
{
    static const char *const names[] = {"necrosis_scale", NULL};
    int rc = check_argnames(x, e, names);
    if (rc) return rc;
    pg_expr *pos[3] = {NULL, NULL, NULL};
    size_t np = 0;
    for (size_t i = 0; i < e->nargs; i++) {
        if (e->argnames[i]) {
            const pg_expr *s = e->args[i];
            if (s->kind != PG_EX_STR || (strcmp(s->name, "score") && strcmp(s->name, "percent")))
                return efail(x, s->pos, NULL, "necrosis_scale must be \"score\" or \"percent\"");
            e->necrosis_scale = strcmp(s->name, "score") == 0 ? 1 : 2;
        } else if (np < 3) {
            pos[np++] = e->args[i];
        } else {
            np++;
        }
    }
    if (np != 3)
        return efail(x, e->oppos, NULL, "fnclcc() takes 3 arguments (differentiation, "
                     "mitoses_per_10hpf, necrosis), not %zu", np);
    pg_value v[3] = {{0}, {0}, {0}};
    static const char *const what[] = {"differentiation", "mitotic count", "necrosis"};
    for (int k = 0; k < 3 && !rc; k++) {
        rc = eval(x, pos[k], &v[k]);
        if (!rc && k < 2) rc = need_number(x, pos[k], &v[k], "fnclcc()");
    }
    if (rc) goto done;
    size_t n = x->n;
    int32_t *nscore = NULL;          /* necrosis score per row, -1 NA */
    nscore = pg_malloc_array(v[2].n, sizeof *nscore);
    if (!nscore) {
        rc = enomem(x);
        goto done;
    }
    char r[300], b[64];
    if (v[2].type == PG_V_FAC) {
        int32_t *map = pg_malloc_array(v[2].nlevels, sizeof *map);
        if (!map) {
            free(nscore);
            rc = enomem(x);
            goto done;
        }
        for (size_t k = 0; k < v[2].nlevels; k++) map[k] = necrosis_text_score(v[2].levels[k]);
        for (size_t i = 0; i < v[2].n && !rc; i++) {
            int32_t c = v[2].code[i];
            nscore[i] = c < 0 ? -1 : map[c];
            if (c >= 0 && map[c] < 0)
                rc = efail(x, pos[2]->pos, rowref(x->c->ds, i, r, sizeof r),
                           "fnclcc(): cannot read necrosis '%s' (use a score 0-2, a percentage, "
                           "or none, <50%%, >=50%%)", v[2].levels[c]);
        }
        free(map);
    } else {
        if (e->necrosis_scale == 0) {
            int score = 1;
            for (size_t i = 0; i < v[2].n && score; i++) {
                double u = v[2].num[i];
                if (!isnan(u) && u != 0 && u != 1 && u != 2) score = 0;
            }
            e->necrosis_scale = score ? 1 : 2;
        }
        for (size_t i = 0; i < v[2].n && !rc; i++) {
            double u = v[2].num[i];
            if (isnan(u)) {
                nscore[i] = -1;
            } else if (e->necrosis_scale == 1) {
                if (u != 0 && u != 1 && u != 2)
                    rc = efail(x, pos[2]->pos, rowref(x->c->ds, i, r, sizeof r),
                               "fnclcc(): necrosis score must be 0, 1 or 2, not %s",
                               pg_fmt_rnum(b, sizeof b, u));
                nscore[i] = (int32_t)u;
            } else {
                if (u < 0 || u > 100)
                    rc = efail(x, pos[2]->pos, rowref(x->c->ds, i, r, sizeof r),
                               "fnclcc(): necrosis of %s%% is not a percentage between 0 and 100",
                               pg_fmt_rnum(b, sizeof b, u));
                nscore[i] = u == 0 ? 0 : u < 50 ? 1 : 2;
            }
        }
    }
    static const char *const lv[] = {"1", "2", "3"};
    if (!rc && alloc_fac(out, n, 3, lv)) rc = enomem(x);
    if (!rc) out->ordered = 1;
    for (size_t i = 0; i < n && !rc; i++) {
        double d = nget(&v[0], i), m = nget(&v[1], i);
        int32_t ns = nscore[v[2].n == 1 ? 0 : i];
        if (isnan(d) || isnan(m) || ns < 0) {
            out->code[i] = -1;
            continue;
        }
        if (d != 1 && d != 2 && d != 3) {
            rc = efail(x, pos[0]->pos, rowref(x->c->ds, i, r, sizeof r),
                       "fnclcc(): %s score must be 1, 2 or 3, not %s", what[0],
                       pg_fmt_rnum(b, sizeof b, d));
            break;
        }
        if (m < 0) {
            rc = efail(x, pos[1]->pos, rowref(x->c->ds, i, r, sizeof r),
                       "fnclcc(): %s %s per 10 HPF is negative", what[1],
                       pg_fmt_rnum(b, sizeof b, m));
            break;
        }
        int ms = m < 10 ? 1 : m < 20 ? 2 : 3;
        int total = (int)d + ms + ns;
        out->code[i] = total <= 3 ? 0 : total <= 5 ? 1 : 2;
    }
    free(nscore);
    if (rc) pg_value_clear(out);
done:
    for (int k = 0; k < 3; k++) pg_value_clear(&v[k]);
    return rc;
}

/* ifelse(test, yes, no): yes where test is TRUE, no where FALSE, NA where test is NA. yes and no
 * are both numbers (or logicals) or both text. */
static int eval_ifelse(ectx *x, pg_expr *e, pg_value *out)
{
    int rc = arity(x, e, 3, 3);
    if (!rc) rc = check_argnames(x, e, NULL);
    if (rc) return rc;
    pg_value t = {0}, y = {0}, no = {0};
    rc = eval(x, e->args[0], &t);
    if (!rc && t.type == PG_V_FAC) rc = need_number(x, e->args[0], &t, "the test of ifelse()");
    if (!rc) rc = eval(x, e->args[1], &y);
    if (!rc) rc = eval(x, e->args[2], &no);
    if (rc) goto done;
    size_t n = t.n;
    if (y.n > n) n = y.n;
    if (no.n > n) n = no.n;
    if ((y.type == PG_V_FAC) != (no.type == PG_V_FAC)) {
        rc = efail(x, e->oppos, NULL, "ifelse(): 'yes' and 'no' must both be numbers or both "
                   "be text");
        goto done;
    }
    if (y.type != PG_V_FAC) {
        pg_vtype type = y.type == PG_V_LGL && no.type == PG_V_LGL ? PG_V_LGL : PG_V_NUM;
        if (alloc_num(out, type, n)) {
            rc = enomem(x);
            goto done;
        }
        for (size_t i = 0; i < n; i++) {
            double c = truth(&t, i);
            out->num[i] = isnan(c) ? NAN : c ? nget(&y, i) : nget(&no, i);
        }
        goto done;
    }
    /* Text: the union of both level sets, sorted as factor() sorts text. */
    size_t nl = y.nlevels + no.nlevels;
    const char **all = pg_malloc_array(nl, sizeof *all);
    if (!all) {
        rc = enomem(x);
        goto done;
    }
    for (size_t k = 0; k < y.nlevels; k++) all[k] = y.levels[k];
    for (size_t k = 0; k < no.nlevels; k++) all[y.nlevels + k] = no.levels[k];
    qsort(all, nl, sizeof *all, cmps);
    size_t m = 0;
    for (size_t k = 0; k < nl; k++)
        if (m == 0 || strcmp(all[k], all[m - 1])) all[m++] = all[k];
    if (alloc_fac(out, n, m, all)) {
        free(all);
        rc = enomem(x);
        goto done;
    }
    free(all);
    long *my = pg_malloc_array(y.nlevels, sizeof *my), *mn = pg_malloc_array(no.nlevels, sizeof *mn);
    if (!my || !mn) {
        free(my);
        free(mn);
        rc = enomem(x);
        goto done;
    }
    for (size_t k = 0; k < y.nlevels; k++) my[k] = find_level(out, y.levels[k]);
    for (size_t k = 0; k < no.nlevels; k++) mn[k] = find_level(out, no.levels[k]);
    for (size_t i = 0; i < n; i++) {
        double c = truth(&t, i);
        int32_t code = -1;
        if (!isnan(c)) {
            int32_t s = c ? cget(&y, i) : cget(&no, i);
            if (s >= 0) code = (int32_t)(c ? my[s] : mn[s]);
        }
        out->code[i] = code;
    }
    free(my);
    free(mn);
done:
    pg_value_clear(&t);
    pg_value_clear(&y);
    pg_value_clear(&no);
    if (rc) pg_value_clear(out);
    return rc;
}


static const char *const known_functions[] = {
    "log", "exp", "sqrt", "abs", "is.na", "ifelse", "factor", "I", "fnclcc", "ajcc_t",
    "Surv", "strata", "cluster", "c", NULL};

static int eval_call(ectx *x, pg_expr *e, pg_value *out)
{
    const char *f = e->name;
    int rc;
    if (!strcmp(f, "log") || !strcmp(f, "exp") || !strcmp(f, "sqrt") || !strcmp(f, "abs")) {
        int islog = !strcmp(f, "log");
        rc = arity(x, e, 1, islog ? 2 : 1);
        if (!rc) {
            static const char *const lnames[] = {"base", NULL};
            rc = check_argnames(x, e, islog ? lnames : NULL);
        }
        if (rc) return rc;
        pg_value a = {0}, base = {0};
        rc = eval(x, e->args[0], &a);
        if (!rc) rc = need_number(x, e->args[0], &a, "a function such as log()");
        if (!rc && e->nargs == 2) {
            rc = eval(x, e->args[1], &base);
            if (!rc) rc = need_number(x, e->args[1], &base, "log()");
        }
        if (!rc && alloc_num(out, PG_V_NUM, a.n)) rc = enomem(x);
        for (size_t i = 0; !rc && i < a.n; i++) {
            double u = a.num[i];
            switch (f[0]) {
            case 'l': u = log(u); if (e->nargs == 2) u /= log(nget(&base, i)); break;
            case 'e': u = exp(u); break;
            case 's': u = sqrt(u); break;
            default: u = fabs(u); break;
            }
            out->num[i] = u;
        }
        pg_value_clear(&a);
        pg_value_clear(&base);
        if (rc) pg_value_clear(out);
        return rc;
    }
    if (!strcmp(f, "is.na")) {
        rc = arity(x, e, 1, 1);
        if (!rc) rc = check_argnames(x, e, NULL);
        if (rc) return rc;
        pg_value a = {0};
        rc = eval(x, e->args[0], &a);
        if (rc) return rc;
        if (alloc_num(out, PG_V_LGL, a.n)) {
            pg_value_clear(&a);
            return enomem(x);
        }
        for (size_t i = 0; i < a.n; i++) out->num[i] = pg_value_na(&a, i);
        pg_value_clear(&a);
        return PG_OK;
    }
    if (!strcmp(f, "I")) {
        rc = arity(x, e, 1, 1);
        if (!rc) rc = check_argnames(x, e, NULL);
        return rc ? rc : eval(x, e->args[0], out);
    }
    if (!strcmp(f, "ifelse")) return eval_ifelse(x, e, out);
    if (!strcmp(f, "factor")) return eval_factor(x, e, out);
    if (!strcmp(f, "fnclcc")) return eval_fnclcc(x, e, out);
    if (!strcmp(f, "ajcc_t")) return eval_ajcc(x, e, out);
    if (!strcmp(f, "c"))
        return efail(x, e->oppos, NULL, "c() is only supported on the right of %%in%%");
    if (!strcmp(f, "Surv"))
        return efail(x, e->oppos, NULL, "Surv() belongs on the left of '~'");
    if (!strcmp(f, "strata") || !strcmp(f, "cluster"))
        return efail(x, e->oppos, NULL, "%s() must be a term of its own, after '~'", f);
    size_t nk = 0;
    while (known_functions[nk]) nk++;
    const char *near = nearest(f, known_functions, nk);
    char sug[120] = "";
    if (near) snprintf(sug, sizeof sug, "; did you mean '%s'?", near);
    return efail(x, e->oppos, sug, "unknown function '%s'", f);
}

static int eval(ectx *x, pg_expr *e, pg_value *out)
{
    memset(out, 0, sizeof *out);
    int rc = PG_OK;
    switch (e->kind) {
    case PG_EX_NUM:
    case PG_EX_LGL:
    case PG_EX_NA:
        if (alloc_num(out, e->kind == PG_EX_NUM ? PG_V_NUM : PG_V_LGL, 1)) return enomem(x);
        out->num[0] = e->kind == PG_EX_NA ? NAN : e->num;
        return PG_OK;
    case PG_EX_STR: {
        const char *l[] = {e->name};
        if (alloc_fac(out, 1, 1, l)) {
            pg_value_clear(out);
            return enomem(x);
        }
        out->code[0] = 0;
        return PG_OK;
    }
    case PG_EX_VAR: return eval_var(x, e, out);
    case PG_EX_PAREN: return eval(x, e->args[0], out);
    case PG_EX_CALL: return eval_call(x, e, out);
    case PG_EX_UN: {
        if (e->op == PG_OP_TILDE) return efail(x, e->oppos, NULL, "unexpected '~'");
        pg_value a = {0};
        rc = eval(x, e->args[0], &a);
        if (rc) return rc;
        rc = e->op == PG_OP_NOT ? eval_logic(x, e, &a, NULL, out) : eval_arith(x, e, &a, NULL, out);
        pg_value_clear(&a);
        return rc;
    }
    case PG_EX_BIN: break;
    }
    switch (e->op) {
    case PG_OP_TILDE: return efail(x, e->oppos, NULL, "unexpected '~'");
    case PG_OP_COLON:
        return efail(x, e->oppos, NULL, "':' joins formula terms (an interaction) and cannot be "
                     "used inside an expression");
    case PG_OP_IN: return eval_in(x, e, out);
    default: break;
    }
    pg_value a = {0}, b = {0};
    rc = eval(x, e->args[0], &a);
    if (!rc) rc = eval(x, e->args[1], &b);
    if (!rc) {
        switch (e->op) {
        case PG_OP_OR: case PG_OP_OR2: case PG_OP_AND: case PG_OP_AND2:
            rc = eval_logic(x, e, &a, &b, out);
            break;
        case PG_OP_EQ: case PG_OP_NE: case PG_OP_LT: case PG_OP_LE: case PG_OP_GT: case PG_OP_GE:
            rc = eval_cmp(x, e, &a, &b, out);
            break;
        default:
            rc = eval_arith(x, e, &a, &b, out);
            break;
        }
    }
    pg_value_clear(&a);
    pg_value_clear(&b);
    return rc;
}

int pg_expr_eval(pg_expr *e, const pg_eval_ctx *ctx, pg_value *out, pg_error *err)
{
    ectx x = {ctx, err, ctx->ds->nrow};
    memset(out, 0, sizeof *out);
    int rc = eval(&x, e, out);
    if (rc) {
        pg_value_clear(out);
        return rc;
    }
    /* Recycle constants to every row, so callers see one value per row. */
    if (out->n == 1 && x.n != 1) {
        pg_value full = *out;
        full.n = x.n;
        full.borrowed = 0;
        if (out->type == PG_V_FAC) {
            full.code = pg_malloc_array(x.n, sizeof *full.code);
            if (!full.code) goto nomem;
            for (size_t i = 0; i < x.n; i++) full.code[i] = out->code[0];
            free(out->code);
        } else {
            full.num = pg_malloc_array(x.n, sizeof *full.num);
            if (!full.num) goto nomem;
            for (size_t i = 0; i < x.n; i++) full.num[i] = out->num[0];
            free(out->num);
        }
        *out = full;
    }
    return PG_OK;
nomem:
    pg_value_clear(out);
    return pg_fail(err, PG_ENOMEM, "out of memory");
}
