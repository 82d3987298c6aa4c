/* expr_lex.c -- the tokens of the expression language (expr.h): numbers (R's 1L suffix
 * allowed), "strings" and 'strings' with backslash escapes (also in typographic quotes),
 * `backquoted names`, names,
 * operators; and the syntax errors every stage of parsing reports. */
#include "expr_impl.h"

#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A syntax error at pos: the formula form carries a term and the caret column; the --where form
 * says where in the text. */
int pg_ex_perr(pg_ex_parser *p, long pos, const char *term, const char *fmt, ...)
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
int pg_ex_is_name_char(int c) { return isalnum(c) || c == '.' || c == '_' || c >= 0x80; }

/* The quote that opens a string or name at s: its length in bytes (0 if none), and in closers
 * the texts that close it. "..." '...' `...` as in R; and, because formulas are pasted from
 * word processors, the typographic quotes U+201C...U+201D and U+2018...U+2019 (either of a pair
 * closes it, as autocorrect turns them) and the German U+201E...U+201C, which are strings. */
static size_t quote_open(const char *s, const char *closers[3])
{
    static const char *const ascii[] = {"\"", "'", "`"};
    for (size_t k = 0; k < 3; k++)
        if (s[0] == ascii[k][0]) {
            closers[0] = ascii[k];
            return 1;
        }
    static const char *const dq[] = {"\xE2\x80\x9C", "\xE2\x80\x9D", "\xE2\x80\x9E"};
    static const char *const sq[] = {"\xE2\x80\x98", "\xE2\x80\x99"};
    if (strncmp(s, dq[0], 3) == 0 || strncmp(s, dq[2], 3) == 0) {
        closers[0] = dq[1];
        closers[1] = dq[0];
        return 3;
    }
    if (strncmp(s, sq[0], 3) == 0) {
        closers[0] = sq[1];
        closers[1] = sq[0];
        return 3;
    }
    return 0;
}

/* The length of the closer of closers at s, or 0. */
static size_t quote_close(const char *s, const char *const closers[3])
{
    for (size_t k = 0; k < 3 && closers[k]; k++) {
        size_t n = strlen(closers[k]);
        if (strncmp(s, closers[k], n) == 0) return n;
    }
    return 0;
}

/* Lex the string or backquoted name that opens at st (open bytes) into p->cur, with backslash
 * escapes. */
static int lex_quoted(pg_ex_parser *p, size_t st, size_t open, const char *const closers[3])
{
    const char *s = p->s;
    pg_ex_tok *t = &p->cur;
    int back = s[st] == '`';
    size_t j = st + open, k = 0, close = 0;
    char *buf = malloc(strlen(s + st) + 1);
    if (!buf) return pg_fail(p->err, PG_ENOMEM, "out of memory");
    while (s[j] && !(close = quote_close(s + j, closers))) {
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
        return pg_ex_perr(p, t->pos, NULL, back ? "unterminated backquoted name"
                                                : "unterminated string");
    }
    if (back && k == 0) {
        free(buf);
        return pg_ex_perr(p, t->pos, NULL, "empty backquoted name");
    }
    t->type = back ? PG_TK_NAME : PG_TK_STR;
    t->quoted = back;
    t->text = buf;
    t->len = j + close - st;
    p->i = j + close;
    return PG_OK;
}

/* Lex the token at p->i into p->cur. */
int pg_ex_lex(pg_ex_parser *p)
{
    free(p->cur.text);
    memset(&p->cur, 0, sizeof p->cur);
    const char *s = p->s;
    while (s[p->i] == ' ' || s[p->i] == '\t' || s[p->i] == '\n' || s[p->i] == '\r') p->i++;
    size_t st = p->i;
    pg_ex_tok *t = &p->cur;
    t->pos = (long)st + 1;
    unsigned char c = (unsigned char)s[st];
    if (!c) {
        t->type = PG_TK_EOF;
        return PG_OK;
    }
    if (isdigit(c) || (c == '.' && isdigit((unsigned char)s[st + 1]))) {
        char *end;
        errno = 0;
        t->num = strtod(s + st, &end);
        if (end == s + st) return pg_ex_perr(p, t->pos, NULL, "cannot read a number here");
        if (*end == 'L') end++;                 /* R's integer suffix */
        if (pg_ex_is_name_char((unsigned char)*end))
            return pg_ex_perr(p, t->pos, NULL, "malformed number '%.*s'", (int)(end - (s + st) + 1),
                        s + st);
        t->type = PG_TK_NUM;
        t->len = (size_t)(end - (s + st));
        p->i = st + t->len;
        return PG_OK;
    }
    const char *closers[3] = {NULL, NULL, NULL};
    size_t open = quote_open(s + st, closers);
    if (open) return lex_quoted(p, st, open, closers);
    if (is_name_start(c)) {
        size_t j = st;
        while (pg_ex_is_name_char((unsigned char)s[j])) j++;
        t->type = PG_TK_NAME;
        t->len = j - st;
        t->text = malloc(t->len + 1);
        if (!t->text) return pg_fail(p->err, PG_ENOMEM, "out of memory");
        memcpy(t->text, s + st, t->len);
        t->text[t->len] = '\0';
        p->i = j;
        return PG_OK;
    }
    static const struct { const char *s; int type, op; } ops[] = {
        {"%in%", PG_TK_OP, PG_OP_IN}, {"==", PG_TK_OP, PG_OP_EQ}, {"!=", PG_TK_OP, PG_OP_NE},
        {"<=", PG_TK_OP, PG_OP_LE}, {">=", PG_TK_OP, PG_OP_GE}, {"&&", PG_TK_OP, PG_OP_AND2},
        {"||", PG_TK_OP, PG_OP_OR2}, {"<", PG_TK_OP, PG_OP_LT}, {">", PG_TK_OP, PG_OP_GT},
        {"&", PG_TK_OP, PG_OP_AND}, {"|", PG_TK_OP, PG_OP_OR}, {"!", PG_TK_OP, PG_OP_NOT},
        {"~", PG_TK_OP, PG_OP_TILDE}, {"+", PG_TK_OP, PG_OP_PLUS}, {"-", PG_TK_OP, PG_OP_MINUS},
        {"*", PG_TK_OP, PG_OP_TIMES}, {"/", PG_TK_OP, PG_OP_DIV}, {"^", PG_TK_OP, PG_OP_POW},
        {":", PG_TK_OP, PG_OP_COLON}, {"(", PG_TK_LP, 0}, {")", PG_TK_RP, 0}, {",", PG_TK_COMMA, 0},
        {"=", PG_TK_ASSIGN, 0},
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
        return pg_ex_perr(p, t->pos, NULL, "unknown operator '%.*s' (only %%in%% is supported)", n,
                    s + st);
    }
    if (c == '*' || (c == '<' && s[st + 1] == '-'))
        return pg_ex_perr(p, t->pos, NULL, "unexpected '%c'", c);
    /* Print a whole UTF-8 sequence, not a lone byte. */
    int n = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
    return pg_ex_perr(p, t->pos, NULL, "unexpected character '%.*s'", n, s + st);
}

/* The current token as text, for messages. */
const char *pg_ex_tok_str(const pg_ex_parser *p, char *buf, size_t len)
{
    const pg_ex_tok *t = &p->cur;
    if (t->type == PG_TK_EOF) return "end of input";
    snprintf(buf, len, "'%.*s'", (int)(t->len < 40 ? t->len : 40), p->s + t->pos - 1);
    return buf;
}

int pg_ex_is_keyword(const char *s)
{
    static const char *const kw[] = {"TRUE", "FALSE", "NA", "NULL", "Inf", "NaN", "if", "else",
                                     "for", "while", "repeat", "function", "return", "in",
                                     "next", "break", NULL};
    for (size_t i = 0; kw[i]; i++)
        if (strcmp(s, kw[i]) == 0) return 1;
    return 0;
}
