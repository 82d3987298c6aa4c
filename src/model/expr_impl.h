/* expr_impl.h -- what the pieces of the expression language share; never installed. expr.h is
 * the interface the rest of the model layer sees.
 *
 * The pieces, each calling only those listed before it (no call cycle between files):
 *   expr_lex.c      tokens: numbers, strings, backquoted names, operators; syntax errors
 *   expr_print.c    R's deparse() and as.character() of a double; operator names
 *   expr_parse.c    recursive descent into pg_expr trees (R's precedence, expr.h)
 *   expr_value.c    values (pg_value) and the helpers every evaluator function uses
 *   staging.c       FNCLCC grade and AJCC T category: fnclcc(), ajcc_t()
 *   expr_date.c     dates: their arithmetic and comparisons, date() / as.Date()
 *   expr_builtin.c  the table of built-in functions {name, min_args, max_args, fn}
 *   expr_eval.c     the evaluator: variables, operators, calls through the table
 * A built-in evaluates its arguments through ctx->eval, so that the table need not call back
 * into the file that calls it. */
/* Thread safety: no global state; every function is reentrant, and what it only reads may be
 * shared between threads (common.h). */
#ifndef PG_EXPR_IMPL_H
#define PG_EXPR_IMPL_H

#include <stddef.h>
#include <stdint.h>

#include "expr.h"

/* ------------------------------------------------------------------------------------------ */
/* Lexer (expr_lex.c)                                                                          */

enum { PG_TK_EOF, PG_TK_NUM, PG_TK_STR, PG_TK_NAME, PG_TK_LP, PG_TK_RP, PG_TK_COMMA, PG_TK_OP,
       PG_TK_ASSIGN };

typedef struct pg_ex_tok {
    int type;               /* PG_TK_* */
    int op;                 /* PG_TK_OP: PG_OP_* */
    int quoted;             /* PG_TK_NAME written with backquotes */
    long pos;               /* 1-based */
    size_t len;             /* length in the text */
    double num;
    char *text;             /* PG_TK_NAME, PG_TK_STR: decoded text (owned) */
} pg_ex_tok;

/* The state of one parse: the text, the current token and how to report errors. */
typedef struct pg_ex_parser {
    const char *s;
    size_t i;               /* next byte to lex */
    pg_ex_tok cur;
    int in_formula;
    pg_error *err;
    int failed;
    int depth;
} pg_ex_parser;

/* Lex the token at p->i into p->cur (freeing the previous one). PG_OK, or the error code after
 * filling p->err. */
int pg_ex_lex(pg_ex_parser *p);

/* A syntax error at pos (1-based): the formula form carries a term (NULL: the whole text) and
 * the caret column; the --where form says where in the text. Only the first error is kept.
 * Returns PG_EINPUT. */
int pg_ex_perr(pg_ex_parser *p, long pos, const char *term, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* The current token quoted for messages ("'foo'", "end of input"); may use buf. */
const char *pg_ex_tok_str(const pg_ex_parser *p, char *buf, size_t len);

/* Characters of R names, and R's reserved words (which need backquotes as names). */
int pg_ex_is_name_char(int c);
int pg_ex_is_keyword(const char *s);

/* ------------------------------------------------------------------------------------------ */
/* Printer (expr_print.c)                                                                      */

/* The operator of a PG_EX_BIN or PG_EX_UN node as written, without spaces ("<=", "%in%"). */
const char *pg_ex_op_name(int op);

/* ------------------------------------------------------------------------------------------ */
/* Values and evaluation helpers (expr_value.c)                                                */

typedef struct pg_ex_ctx pg_ex_ctx;

struct pg_ex_ctx {
    const pg_eval_ctx *c;
    pg_error *err;
    size_t n;               /* dataset rows */
    /* The evaluator (expr_eval.c), for built-ins that evaluate their arguments. */
    int (*eval)(pg_ex_ctx *x, pg_expr *e, pg_value *out);
};

/* Row i of a value, recycling constants (n == 1). */
static inline double pg_ex_nget(const pg_value *v, size_t i) { return v->num[v->n == 1 ? 0 : i]; }
static inline int32_t pg_ex_cget(const pg_value *v, size_t i) { return v->code[v->n == 1 ? 0 : i]; }

/* A numeric or logical value of n rows (uninitialised). PG_OK or PG_ENOMEM. */
int pg_ex_alloc_num(pg_value *v, pg_vtype type, size_t n);
/* A factor with the given level texts (copied) and n codes (uninitialised). On PG_ENOMEM the
 * caller clears v. */
int pg_ex_alloc_fac(pg_value *v, size_t n, size_t nlevels, const char *const *levels);

/* An evaluation error at pos: "MSG in term 'T'SUFFIX" or "--where: MSG SUFFIX". PG_EINPUT. */
int pg_ex_fail(pg_ex_ctx *x, long pos, const char *suffix, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
/* Why text value v is text when it is mostly dates: "; it holds dates, but 'unknown'
 * (file:line) is none, so it was read as text: add it to the missing-value tokens ...", else
 * "" (in buf). Mostly: at least 2 distinct dates and 3 for each other text. */
const char *pg_ex_dates_why(const pg_value *v, const pg_dataset *ds, char *buf, size_t len);
/* "out of memory"; PG_ENOMEM. */
int pg_ex_nomem(pg_ex_ctx *x);
/* " (file.csv:12)" or " (row 12)" for messages about one dataset row. Returns buf. */
const char *pg_ex_rowref(const pg_dataset *ds, size_t i, char *buf, size_t len);

/* The call e has lo..hi arguments, else an error naming the function at its name's column. */
int pg_ex_arity(pg_ex_ctx *x, const pg_expr *e, size_t lo, size_t hi);
/* Only the names listed (NULL-terminated; NULL for none) may be given as name = value. */
int pg_ex_check_argnames(pg_ex_ctx *x, const pg_expr *e, const char *const *allowed);
/* What every message refusing a date as a number adds. */
#define PG_EX_DATE_HINT "; subtract another date to get days, as in (last_contact - diagnosis)"
/* v, the value of e, must not be text or a date ("WHAT needs numbers, but 'e' is text"). */
int pg_ex_need_number(pg_ex_ctx *x, const pg_expr *e, const pg_value *v, const char *what);

/* The index of level s of factor v, or -1. */
long pg_ex_find_level(const pg_value *v, const char *s);
/* The levels of factor v for a message, "a, b, c", as many as fit in buf (len > 24 bytes),
 * then ", ..." if some do not. Returns buf. */
const char *pg_ex_level_list(const pg_value *v, char *buf, size_t len);
/* Logical value of row i (numbers: nonzero is TRUE), NaN when NA. */
double pg_ex_truth(const pg_value *v, size_t i);
/* "numeric", "logical", "text" or "date". */
const char *pg_ex_type_name(pg_vtype t);

/* ------------------------------------------------------------------------------------------ */
/* Built-in functions (expr_builtin.c, staging.c)                                              */

/* Evaluate the call e (a PG_EX_CALL whose argument count the table has checked) into out. */
typedef int (*pg_ex_fn)(pg_ex_ctx *x, pg_expr *e, pg_value *out);

#define PG_EX_ANY ((size_t)-1)   /* max_args: the function checks its arguments itself */

typedef struct pg_ex_builtin {
    const char *name;
    size_t min_args, max_args;   /* checked before fn is called, unless max_args is PG_EX_ANY */
    pg_ex_fn fn;
} pg_ex_builtin;

/* The built-ins, in the order suggestions prefer on ties; pg_ex_nbuiltins entries. */
extern const pg_ex_builtin pg_ex_builtins[];
extern const size_t pg_ex_nbuiltins;

/* staging.c */
int pg_ex_fnclcc(pg_ex_ctx *x, pg_expr *e, pg_value *out);
int pg_ex_ajcc_t(pg_ex_ctx *x, pg_expr *e, pg_value *out);

/* expr_date.c: e (a PG_EX_BIN or PG_EX_UN) on operands a, b (b NULL for a unary operator), one
 * of them a date and neither text: date - date is days, date +/- days a date, else an error. */
int pg_ex_date_arith(pg_ex_ctx *x, const pg_expr *e, const pg_value *a, const pg_value *b,
                     pg_value *out);
/* Comparison e of a and b, one of them a date; the other a date or a string literal (an ISO
 * date). cmp(op, sign) is the truth of sign (-1, 0, 1) under the operator. */
int pg_ex_date_cmp(pg_ex_ctx *x, const pg_expr *e, const pg_value *a, const pg_value *b,
                   pg_value *out, int (*cmp)(int op, int c));
/* date(x [, format = ]) and as.Date(): the built-in. */
int pg_ex_fn_date(pg_ex_ctx *x, pg_expr *e, pg_value *out);

#endif
