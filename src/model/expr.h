/* expr.h -- the expression language shared by formulas (I(), the event of Surv(), factor()),
 * and the --where subset: parse text into a small tree, print it back the way R's deparse()
 * does, and evaluate it over the rows of a dataset with R's missing-value rules. Internal.
 *
 * Grammar (R's precedence, lowest first):
 *   ~   |  ||   &  &&   !(prefix)   == != < <= > >=   + -   * /   %in%   :   -(unary) +(unary)
 *   ^ (right-associative)   calls f(a, name = b)   ( )   numbers   "strings" 'strings'
 *   names (backquoted `size cm` if not syntactic)   TRUE FALSE NA
 * Values are numeric (double, NaN = NA), logical (0/1, NaN = NA), factor (level codes, -1 =
 * NA, with level texts; categorical columns and strings are factors) or date (days, as R's
 * Date: date - date is days, date +/- days a date; a model refuses a date, expr_eval.c).
 * Built-in functions: log exp sqrt abs is.na ifelse factor I as.numeric date as.Date, and the
 * staging functions fnclcc ajcc_t (staging.c); the table is in expr_builtin.c, the pieces are
 * listed in expr_impl.h.
 * Thread safety: parsing, printing and evaluating share no state, except that evaluating
 * fnclcc() records its necrosis scale in the tree the first time (so one tree must not be
 * evaluated by two threads at once until it has been evaluated once). */
#ifndef PG_EXPR_H
#define PG_EXPR_H

#include <math.h>
#include <stddef.h>
#include <stdint.h>

#include "internal.h"
#include "prognos/frame.h"

typedef enum {
    PG_EX_NUM,      /* number literal: num */
    PG_EX_STR,      /* string literal: name holds the text */
    PG_EX_LGL,      /* TRUE / FALSE: num = 1 / 0 */
    PG_EX_NA,       /* NA */
    PG_EX_VAR,      /* column: name */
    PG_EX_CALL,     /* name(args) */
    PG_EX_BIN,      /* args[0] op args[1] */
    PG_EX_UN,       /* op args[0] */
    PG_EX_PAREN     /* ( args[0] ) */
} pg_expr_kind;

/* Operators, as token codes. */
enum {
    PG_OP_TILDE = 1, PG_OP_OR, PG_OP_OR2, PG_OP_AND, PG_OP_AND2, PG_OP_NOT,
    PG_OP_EQ, PG_OP_NE, PG_OP_LT, PG_OP_LE, PG_OP_GT, PG_OP_GE,
    PG_OP_PLUS, PG_OP_MINUS, PG_OP_TIMES, PG_OP_DIV, PG_OP_IN, PG_OP_COLON, PG_OP_POW
};

typedef struct pg_expr {
    pg_expr_kind kind;
    int op;                 /* PG_OP_* for BIN and UN */
    double num;
    char *name;             /* VAR, CALL: the name; STR: the text */
    size_t nargs;
    struct pg_expr **args;
    char **argnames;        /* CALL: NULL or the name of each argument ("ref" in ref = "2") */
    long pos;               /* 1-based offset in the text of the node's first character */
    long oppos;             /* BIN, UN: offset of the operator; CALL: of the name */
    int necrosis_scale;     /* fnclcc(): 0 detect, 1 score, 2 percent (remembered once found) */
    int depth;              /* levels of the subtree (a leaf is 1), at most PG_LIMIT_EXPR_DEPTH */
} pg_expr;

/* Parse text (the whole of it) into a tree. PG_EINPUT with err->column at the offending token.
 * in_formula selects how errors are labelled: term set (caret under the formula) or "--where". */
int pg_expr_parse(const char *text, int in_formula, pg_expr **out, pg_error *err);
void pg_expr_free(pg_expr *e);

/* The expression as R's deparse() prints it ("I(size_cm > 5)", "I(age/10)"). NULL on ENOMEM. */
char *pg_expr_deparse(const pg_expr *e);

/* Format x as R's as.character() does for a double: 15 significant digits at most, fixed or
 * scientific notation whichever is shorter ("2.5", "1e+05", "0.001"). Returns buf. */
char *pg_fmt_rnum(char *buf, size_t len, double x);

/* PG_V_DATE: days since 1970-01-01 in num (prognos/date.h), from a date column or date(). */
typedef enum { PG_V_NUM = 0, PG_V_LGL, PG_V_FAC, PG_V_DATE } pg_vtype;

typedef struct pg_value {
    pg_vtype type;
    size_t n;               /* number of rows, or 1 for a constant (recycled) */
    double *num;            /* NUM, LGL, DATE */
    int32_t *code;          /* FAC */
    size_t nlevels;
    char **levels;          /* FAC: level texts in level order */
    int ordered;            /* FAC from fnclcc() / ajcc_t() */
    int borrowed;           /* num/code/levels point into the dataset: do not free */
} pg_value;

void pg_value_clear(pg_value *v);
/* Missing in row i (recycling constants)? Inline: the frame asks it of every row and leaf. */
static inline int pg_value_na(const pg_value *v, size_t i)
{
    size_t r = v->n == 1 ? 0 : i;
    return v->type == PG_V_FAC ? v->code[r] < 0 : isnan(v->num[r]);
}

/* Evaluation context: the dataset and how to name errors. */
typedef struct pg_eval_ctx {
    const pg_dataset *ds;
    const char *term;       /* enclosing formula term ("factor(grade2)"), NULL for --where */
} pg_eval_ctx;

/* Evaluate e on every row of ctx->ds. On success *out holds a value the caller clears. */
int pg_expr_eval(pg_expr *e, const pg_eval_ctx *ctx, pg_value *out, pg_error *err);

#endif
