/* report_impl.h -- helpers shared by the report layer's modules; never installed. */
#ifndef PG_REPORT_IMPL_H
#define PG_REPORT_IMPL_H

#include <stddef.h>

/* Split text at top-level occurrences of sep (outside parentheses, quotes and backquotes) into
 * a new array of n trimmed parts (free with pg_report_parts_free). PG_OK or PG_ENOMEM. */
int pg_report_split(const char *text, char sep, char ***out, size_t *n);
void pg_report_parts_free(char **parts, size_t n);

#endif
