/* split.c -- splitting formula text at top-level separators (report_impl.h). */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "report_impl.h"
#include "prognos/common.h"

static char *trimmed(const char *s, size_t len)
{
    while (len && isspace((unsigned char)*s)) s++, len--;
    while (len && isspace((unsigned char)s[len - 1])) len--;
    char *r = malloc(len + 1);
    if (!r) return NULL;
    memcpy(r, s, len);
    r[len] = '\0';
    return r;
}

/* Split text at top-level occurrences of sep (outside parentheses, quotes and backquotes). */
int pg_report_split(const char *text, char sep, char ***out, size_t *n)
{
    size_t cap = 8, k = 0;
    char **parts = malloc(cap * sizeof *parts);
    if (!parts) return PG_ENOMEM;
    int depth = 0;
    char quote = 0;
    const char *start = text;
    for (const char *p = text;; p++) {
        if (quote) {
            if (*p == '\0') break;
            if (*p == '\\' && p[1]) p++;
            else if (*p == quote) quote = 0;
            continue;
        }
        if (*p == '"' || *p == '\'' || *p == '`') quote = *p;
        else if (*p == '(') depth++;
        else if (*p == ')') depth--;
        if (*p == '\0' || (*p == sep && depth == 0)) {
            if (k + 1 > cap) {
                char **np = realloc(parts, (cap *= 2) * sizeof *np);
                if (!np) goto nomem;
                parts = np;
            }
            if (!(parts[k] = trimmed(start, (size_t)(p - start)))) goto nomem;
            k++;
            if (*p == '\0') break;
            start = p + 1;
        }
    }
    *out = parts;
    *n = k;
    return PG_OK;
nomem:
    for (size_t i = 0; i < k; i++) free(parts[i]);
    free(parts);
    return PG_ENOMEM;
}

void pg_report_parts_free(char **p, size_t n)
{
    for (size_t i = 0; p && i < n; i++) free(p[i]);
    free(p);
}

