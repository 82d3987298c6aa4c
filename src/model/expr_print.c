/* expr_print.c -- expressions back to text: R's deparse() of a tree (the labels of terms and
 * the text of error messages) and R's as.character() of a double (factor levels of numbers). */
#include "expr_impl.h"
#include "prognos/format.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* R's as.character() of a double: 15 significant digits, R's fixed/scientific rule (the one
 * formatter of src/core/format.c). */
char *pg_fmt_rnum(char *buf, size_t len, double x) { return pg_format_r_num(buf, len, x, 15); }

/* The deparsed text; bad once an append failed (the rest is then skipped). */
typedef struct sbuf {
    pg_text t;
    int bad;
} sbuf;

static void sb_add(sbuf *b, const char *s)
{
    if (!b->bad && pg_text_add(&b->t, s, strlen(s), 64) != PG_OK) b->bad = 1;
}

static int syntactic(const char *s)
{
    if (!*s || pg_ex_is_keyword(s)) return 0;
    if (!(isalpha((unsigned char)s[0]) || s[0] == '.' || (unsigned char)s[0] >= 0x80)) return 0;
    if (s[0] == '.' && isdigit((unsigned char)s[1])) return 0;
    for (const char *c = s; *c; c++)
        if (!pg_ex_is_name_char((unsigned char)*c)) return 0;
    return 1;
}

/* Each operator as deparse() prints it (with R's spacing) and as messages name it. */
static const struct { int op; const char *text, *name; } ops[] = {
    {PG_OP_TILDE, " ~ ", "~"},     {PG_OP_OR, " | ", "|"},       {PG_OP_OR2, " || ", "||"},
    {PG_OP_AND, " & ", "&"},       {PG_OP_AND2, " && ", "&&"},   {PG_OP_NOT, "!", "!"},
    {PG_OP_EQ, " == ", "=="},      {PG_OP_NE, " != ", "!="},     {PG_OP_LT, " < ", "<"},
    {PG_OP_LE, " <= ", "<="},      {PG_OP_GT, " > ", ">"},       {PG_OP_GE, " >= ", ">="},
    {PG_OP_PLUS, " + ", "+"},      {PG_OP_MINUS, " - ", "-"},    {PG_OP_TIMES, " * ", "*"},
    {PG_OP_DIV, "/", "/"},         {PG_OP_IN, " %in% ", "%in%"}, {PG_OP_COLON, ":", ":"},
    {PG_OP_POW, "^", "^"},
};

static const char *op_text(int op)
{
    for (size_t k = 0; k < sizeof ops / sizeof ops[0]; k++)
        if (ops[k].op == op) return ops[k].text;
    return "?";
}

const char *pg_ex_op_name(int op)
{
    for (size_t k = 0; k < sizeof ops / sizeof ops[0]; k++)
        if (ops[k].op == op) return ops[k].name;
    return "?";
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
        free(b.t.s);
        return NULL;
    }
    return b.t.s;
}

/* ------------------------------------------------------------------------------------------ */
