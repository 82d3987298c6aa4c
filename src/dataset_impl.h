/* dataset_impl.h -- the layout of pg_dataset, shared by dataset.c (builder, accessors) and the
 * CSV reader (csv.c, dataset_read.c). Never installed. */
#ifndef PG_DATASET_IMPL_H
#define PG_DATASET_IMPL_H

#include <stdint.h>

#include "internal.h"

typedef struct pg_column {
    char *name;
    pg_coltype type;
    double *num;            /* numeric: nrow values, NaN = missing */
    int32_t *code;          /* categorical: nrow level indices, -1 = missing */
    size_t nlevels;
    char **levels;          /* sorted by strcmp */
    char *level_block;      /* if not NULL, every levels[k] points into this one allocation
                               (the CSV reader's layout); else each level is its own malloc */
} pg_column;

struct pg_dataset {
    size_t nrow, ncol;
    pg_column *cols;
    size_t nfiles;
    char **files;           /* paths as given */
    uint32_t *row_file;     /* nrow indices into files, or NULL */
    long *row_line;         /* nrow 1-based line numbers, or NULL */
};

#endif
