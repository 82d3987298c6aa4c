/* test_csv.h -- a minimal loader for the R-exported CSV files in tests/data (write.csv output:
 * a header, quoted text, NA for missing), building a dataset with pg_dataset_add_*. It lets the
 * formula tests run on R's datasets independently of the full CSV reader. Test code only. */
#ifndef PG_TEST_CSV_H
#define PG_TEST_CSV_H

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "prognos.h"

/* Split one line into at most max fields (quotes removed, "" -> "); returns the field count. */
static size_t tcsv_split(char *line, char **f, size_t max, int *quoted)
{
    size_t n = 0;
    char *p = line;
    while (n < max) {
        char *out = p, *start = p;
        quoted[n] = 0;
        if (*p == '"') {
            quoted[n] = 1;
            p++;
            for (;;) {
                if (*p == '"' && p[1] == '"') { *out++ = '"'; p += 2; }
                else if (*p == '"') { p++; break; }
                else if (!*p) break;
                else *out++ = *p++;
            }
        } else {
            while (*p && *p != ',' && *p != '\n' && *p != '\r') *out++ = *p++;
        }
        char end = *p;
        *out = '\0';
        f[n++] = start;
        if (end != ',') break;
        p++;
    }
    return n;
}

/* Load PG_TEST_DATA/name; NULL on any problem. */
static pg_dataset *tcsv_load(const char *name)
{
    char path[512];
    snprintf(path, sizeof path, "%s/%s", PG_TEST_DATA, name);
    FILE *fp = fopen(path, "r");
    if (!fp) return NULL;
    enum { MAXC = 64 };
    char line[4096];
    char *hdr[MAXC], *fld[MAXC];
    int q[MAXC];
    if (!fgets(line, sizeof line, fp)) { fclose(fp); return NULL; }
    char *hline = strdup(line);
    size_t nc = tcsv_split(hline, hdr, MAXC, q);
    size_t cap = 64, nr = 0;
    char ***cells = malloc(cap * sizeof *cells);
    while (fgets(line, sizeof line, fp)) {
        if (line[0] == '\n' || line[0] == '\0') continue;
        if (nr == cap) cells = realloc(cells, (cap *= 2) * sizeof *cells);
        size_t k = tcsv_split(line, fld, MAXC, q);
        cells[nr] = calloc(nc, sizeof **cells);
        for (size_t j = 0; j < nc && j < k; j++)
            cells[nr][j] = (!q[j] && strcmp(fld[j], "NA") == 0) ? NULL : strdup(fld[j]);
        nr++;
    }
    fclose(fp);
    pg_dataset *ds = pg_dataset_new();
    double *num = malloc((nr ? nr : 1) * sizeof *num);
    const char **txt = malloc((nr ? nr : 1) * sizeof *txt);
    for (size_t j = 0; j < nc; j++) {
        int numeric = 1;
        for (size_t i = 0; i < nr; i++) {
            const char *s = cells[i][j];
            if (!s) { num[i] = NAN; continue; }
            char *end;
            num[i] = strtod(s, &end);
            if (end == s || *end) numeric = 0;
            txt[i] = s;
        }
        for (size_t i = 0; i < nr; i++) txt[i] = cells[i][j];
        if (numeric) pg_dataset_add_numeric(ds, hdr[j], num, nr, NULL);
        else pg_dataset_add_categorical(ds, hdr[j], txt, nr, NULL);
    }
    for (size_t i = 0; i < nr; i++) {
        for (size_t j = 0; j < nc; j++) free(cells[i][j]);
        free(cells[i]);
    }
    free(cells);
    free(num);
    free(txt);
    free(hline);
    return ds;
}

#endif
