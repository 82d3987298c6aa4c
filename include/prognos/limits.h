/* limits.h -- every stated resource limit of prognos in one place (docs/limits.md lists them).
 * Each limit guards against input that would otherwise crash (stack), hang (exponential or
 * quadratic work) or exhaust memory; each is reported by a one-line exit-2 message naming it.
 * Those that make sense to raise can be raised at build time (-DPG_LIMIT_X=...) or, where the
 * message says so, with an environment variable read by the command-line tool. */
#ifndef PROGNOS_LIMITS_H
#define PROGNOS_LIMITS_H

/* Longest CSV field, in bytes (an unterminated quote otherwise swallows the whole file). */
#ifndef PG_LIMIT_FIELD_BYTES
#define PG_LIMIT_FIELD_BYTES (16L << 20)
#endif

/* Deepest expression tree (--where, formula terms): operators chained without brackets
 * (1+1+...+1, x^x^...^x) count as well as brackets. Evaluation and printing recurse once per
 * level, so this bounds their stack use. */
#ifndef PG_LIMIT_EXPR_DEPTH
#define PG_LIMIT_EXPR_DEPTH 1000
#endif

/* Brackets and prefix operators nested in the text, which the parser itself recurses on. */
#ifndef PG_LIMIT_PARSE_NEST
#define PG_LIMIT_PARSE_NEST 200
#endif

/* Most terms a formula may expand to (a*b*c*... has 2^k - 1 terms). */
#ifndef PG_LIMIT_TERMS
#define PG_LIMIT_TERMS 4096
#endif

/* Largest dense matrix built for a model, in bytes: the design matrix (rows x columns x 8),
 * or survdiff's groups x groups variance. Checked before allocating; the CLI reads
 * PROGNOS_MAX_MATRIX_BYTES to change the design matrix's (pg_frame_opts.max_matrix_bytes). */
#ifndef PG_LIMIT_MATRIX_BYTES
#define PG_LIMIT_MATRIX_BYTES (4LL << 30)
#endif

/* Most bytes read from standard input (a file has no limit); PROGNOS_MAX_STDIN_BYTES
 * changes it. */
#ifndef PG_LIMIT_STDIN_BYTES
#define PG_LIMIT_STDIN_BYTES (1LL << 30)
#endif

#endif
