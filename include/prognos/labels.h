/* prognos/labels.h -- the manuscript's names for variables, terms and levels.
 *
 * A label set maps a variable (a column, or a term written as in the formula: "I(size_cm > 5)",
 * "factor(grade)") to its label ("Tumour size > 5 cm"), and a level of it ("dermal") to the
 * level's label ("Dermal"). Tables, figures and the text output print the labels; JSON and CSV
 * keep R's names. Labels come from --label 'var=Label', --level 'var=a:A,b:B', a labels CSV
 * file (columns variable, level, label; an empty level labels the variable) and, as defaults
 * the user's labels override, the variable labels of SPSS/Stata files.
 *
 * Terms are matched as printed with blanks ignored ("I(size_cm>5)" is "I(size_cm > 5)"); a
 * backquoted column is its column; factor(x), ordered(x), as.factor(x) and strata(x) take the
 * labels of x unless labelled themselves.
 * Thread safety: a label set is built by one thread and then only read (the lookups are
 * reentrant). */
#ifndef PROGNOS_LABELS_H
#define PROGNOS_LABELS_H

#include <stddef.h>

#include "prognos/common.h"
#include "prognos/dataset.h"
#include "prognos/frame.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct pg_labels pg_labels;

/* A new empty label set (NULL when out of memory); release it with pg_labels_free. */
PG_API pg_labels *pg_labels_new(void);
PG_API void pg_labels_free(pg_labels *l);

/* Add the label of var (level NULL) or of one of its levels. origin names where it came from
 * for messages ("--label", "labels.csv"), line its line there (0 if none). A later label of
 * the same variable or level replaces the earlier one. PG_OK, PG_EINPUT (empty name or label),
 * PG_ENOMEM. */
PG_API int pg_labels_add(pg_labels *l, const char *var, const char *level, const char *label,
                         const char *origin, long line, pg_error *err);
/* --label 'size_cm=Tumour size' (the first '=' outside brackets and quotes that is not part of
 * ==, <=, >=, != ends the name). PG_OK or PG_EINPUT with the text in the message. */
PG_API int pg_labels_parse_label(pg_labels *l, const char *spec, pg_error *err);
/* --level 'depth=dermal:Dermal,subcutaneous:Subcutaneous'. PG_OK or PG_EINPUT. */
PG_API int pg_labels_parse_level(pg_labels *l, const char *spec, pg_error *err);
/* A labels file read like any data file (CSV in any delimiter or encoding, .xlsx, ...):
 * columns variable, level, label, each row one label (level empty: the variable's). opt are
 * the reader's options (NULL: defaults); its column types are overridden (all text). PG_OK,
 * PG_EINPUT (a missing column, an empty label: file:line), PG_EIO. */
PG_API int pg_labels_read(pg_labels *l, const char *path, const pg_csv_opts *opt,
                          pg_error *err);
/* The variable labels of ds's columns (SPSS/Stata/SAS), as defaults. PG_OK or PG_ENOMEM. */
PG_API int pg_labels_add_dataset(pg_labels *l, const pg_dataset *ds, pg_error *err);

/* Every label must be used: its variable a column of ds or a term of formula's right-hand side
 * (NULL: columns only), its level one of that variable's levels (a categorical column's levels,
 * a numeric column's values, FALSE and TRUE for I(...); fr, when not NULL, gives the levels of
 * its other factor terms such as fnclcc()). Otherwise PG_EINPUT naming the unknown variable or
 * level, the nearest known one and the known ones ("--label: unknown variable 'sizecm'; did you
 * mean 'size_cm'? (variables: ...)"). */
PG_API int pg_labels_check(const pg_labels *l, const pg_dataset *ds, const char *formula,
                           const pg_frame *fr, pg_error *err);

/* Has l any label at all (user's or default)? l may be NULL. */
PG_API int pg_labels_any(const pg_labels *l);
/* The label of a term or variable, or term itself when it has none (l may be NULL). The result
 * is borrowed from l or is term. */
PG_API const char *pg_labels_var(const pg_labels *l, const char *term);
/* The label of a level of term, or level itself. */
PG_API const char *pg_labels_level(const pg_labels *l, const char *term, const char *level);
/* Is the level of term labelled? */
PG_API int pg_labels_has_level(const pg_labels *l, const char *term, const char *level);
/* A group name "sex=F, depth=dermal" with its variables and levels labelled: "Sex=Female,
 * Depth=Dermal". A new string (free it); NULL when out of memory. */
PG_API char *pg_labels_group(const pg_labels *l, const char *group);
/* The name of coefficient column j of fr (a Cox model's row) with labels: a factor level
 * "Depth: Subcutaneous" (R's "depthsubcutaneous"), a logical I() term's TRUE its label alone
 * ("Size > 5 cm"), a numeric term its label. NULL when nothing of it is labelled (keep R's
 * name) or out of memory; else a new string. */
PG_API char *pg_labels_coef(const pg_labels *l, const pg_frame *fr, size_t j);

#ifdef __cplusplus
}
#endif
#endif
