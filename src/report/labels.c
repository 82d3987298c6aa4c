/* labels.c -- variable, term and level labels for tables, figures and text (prognos/labels.h).
 *
 * A label set is a short list of entries (variable, level or NULL, label, where it came from);
 * lookups are linear, as a manuscript labels tens of variables, not thousands. Names are kept
 * as "keys": backquotes around a whole name dropped and blanks outside quotes removed, so the
 * term a user types and the term a table prints meet. User entries override the defaults of a
 * data file (SPSS/Stata variable labels). */
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "prognos/labels.h"
#include "report_impl.h"
#include "suggest.h"

typedef struct entry {
    char *key, *level, *label;   /* level NULL: the variable's label */
    char *origin;                /* "--label", "labels.csv" */
    long line;
    int dflt;                    /* from the data file, not the user */
} entry;

struct pg_labels {
    entry *e;
    size_t n, cap;
};

pg_labels *pg_labels_new(void)
{
    return calloc(1, sizeof(pg_labels));
}

void pg_labels_free(pg_labels *l)
{
    if (!l) return;
    for (size_t i = 0; i < l->n; i++) {
        free(l->e[i].key);
        free(l->e[i].level);
        free(l->e[i].label);
        free(l->e[i].origin);
    }
    free(l->e);
    free(l);
}

/* The key of a name: a whole-name backquote pair dropped, blanks outside quotes removed. */
static char *name_key(const char *s)
{
    size_t n = strlen(s);
    while (n && isspace((unsigned char)*s)) s++, n--;
    while (n && isspace((unsigned char)s[n - 1])) n--;
    if (n >= 2 && s[0] == '`' && s[n - 1] == '`' && !memchr(s + 1, '`', n - 2)) s++, n -= 2;
    char *k = malloc(n + 1);
    if (!k) return NULL;
    size_t m = 0;
    char quote = 0;
    for (size_t i = 0; i < n; i++) {
        char ch = s[i];
        if (quote) {
            if (ch == quote) quote = 0;
        } else if (ch == '"' || ch == '\'' || ch == '`') {
            quote = ch;
        } else if (isspace((unsigned char)ch)) {
            continue;
        }
        k[m++] = ch;
    }
    k[m] = '\0';
    return k;
}

static char *trim_dup(const char *s, size_t n)
{
    while (n && isspace((unsigned char)*s)) s++, n--;
    while (n && isspace((unsigned char)s[n - 1])) n--;
    char *r = malloc(n + 1);
    if (!r) return NULL;
    memcpy(r, s, n);
    r[n] = '\0';
    return r;
}

static entry *find(const pg_labels *l, const char *key, const char *level, int dflt)
{
    for (size_t i = l ? l->n : 0; i-- > 0;) {
        const entry *e = &l->e[i];
        if (e->dflt != dflt || strcmp(e->key, key) != 0) continue;
        if (!level ? !e->level : e->level && strcmp(e->level, level) == 0)
            return (entry *)e;
    }
    return NULL;
}

static int add_entry(pg_labels *l, const char *var, const char *level, const char *label,
                     const char *origin, long line, int dflt, pg_error *err)
{
    if (!var || !*var || !label || !*label)
        return pg_fail_at(err, PG_EINPUT, origin ? origin : "", line, 0,
                          "%s: a label needs a variable and a text", origin ? origin : "labels");
    char *key = name_key(var);
    if (!key) return pg_fail(err, PG_ENOMEM, "labels: out of memory");
    entry *old = find(l, key, level, dflt);
    char *text = pg_strdup(label), *org = pg_strdup(origin ? origin : "");
    if (!text || !org) goto nomem;
    if (old) {
        free(key);
        free(old->label);
        free(old->origin);
        old->label = text;
        old->origin = org;
        old->line = line;
        return PG_OK;
    }
    if (l->n == l->cap) {
        size_t cap = l->cap ? 2 * l->cap : 16;
        entry *ne = realloc(l->e, cap * sizeof *ne);
        if (!ne) goto nomem;
        l->e = ne;
        l->cap = cap;
    }
    entry *e = &l->e[l->n];
    *e = (entry){key, NULL, text, org, line, dflt};
    if (level && !(e->level = pg_strdup(level))) goto nomem;
    l->n++;
    return PG_OK;
nomem:
    free(key);
    free(text);
    free(org);
    return pg_fail(err, PG_ENOMEM, "labels: out of memory");
}

int pg_labels_add(pg_labels *l, const char *var, const char *level, const char *label,
                  const char *origin, long line, pg_error *err)
{
    return add_entry(l, var, level, label, origin, line, 0, err);
}

/* The '=' that ends the name in "name=rest": the first outside brackets and quotes that is not
 * part of ==, <=, >=, !=. NULL if none. */
static const char *name_end(const char *s)
{
    int depth = 0;
    char quote = 0;
    for (const char *p = s; *p; p++) {
        if (quote) {
            if (*p == quote) quote = 0;
            continue;
        }
        if (*p == '"' || *p == '\'' || *p == '`') quote = *p;
        else if (*p == '(' || *p == '[') depth++;
        else if (*p == ')' || *p == ']') depth--;
        else if (*p == '=' && depth == 0 && p[1] != '=' &&
                 (p == s || !strchr("=<>!", p[-1])))
            return p;
    }
    return NULL;
}

int pg_labels_parse_label(pg_labels *l, const char *spec, pg_error *err)
{
    const char *eq = name_end(spec);
    if (!eq || eq == spec || !eq[1])
        return pg_fail(err, PG_EINPUT, "--label wants VARIABLE=LABEL, not '%s'", spec);
    char *var = trim_dup(spec, (size_t)(eq - spec));
    if (!var) return pg_fail(err, PG_ENOMEM, "labels: out of memory");
    int rc = add_entry(l, var, NULL, eq + 1, "--label", 0, 0, err);
    free(var);
    return rc;
}

int pg_labels_parse_level(pg_labels *l, const char *spec, pg_error *err)
{
    const char *eq = name_end(spec);
    if (!eq || eq == spec || !eq[1])
        return pg_fail(err, PG_EINPUT,
                       "--level wants VARIABLE=LEVEL:LABEL,LEVEL:LABEL, not '%s'", spec);
    char *var = trim_dup(spec, (size_t)(eq - spec));
    if (!var) return pg_fail(err, PG_ENOMEM, "labels: out of memory");
    int rc = PG_OK;
    for (const char *p = eq + 1; !rc && *p;) {
        const char *comma = strchr(p, ',');
        size_t n = comma ? (size_t)(comma - p) : strlen(p);
        const char *colon = memchr(p, ':', n);
        char *lev = colon ? trim_dup(p, (size_t)(colon - p)) : NULL;
        char *lab = colon ? trim_dup(colon + 1, n - (size_t)(colon - p) - 1) : NULL;
        if (!colon || !*lev || !*lab)
            rc = pg_fail(err, PG_EINPUT, "--level wants VARIABLE=LEVEL:LABEL,LEVEL:LABEL; "
                         "'%.*s' in '%s' is not LEVEL:LABEL", (int)n, p, spec);
        else
            rc = add_entry(l, var, lev, lab, "--level", 0, 0, err);
        free(lev);
        free(lab);
        p += n + (comma ? 1 : 0);
    }
    free(var);
    return rc;
}

int pg_labels_read(pg_labels *l, const char *path, const pg_csv_opts *opt, pg_error *err)
{
    static const char *const cols[] = {"variable", "level", "label"};
    static const char *const no_na[] = {"\x01"};   /* every text is a label, "NA" too */
    pg_csv_opts o;
    if (opt) o = *opt;
    else pg_csv_opts_init(&o);
    o.categorical = cols;
    o.n_categorical = 3;
    o.numeric = NULL;
    o.n_numeric = 0;
    o.na = no_na;
    o.n_na = 1;
    o.date_format = NULL;
    pg_dataset *ds = NULL;
    int rc = pg_dataset_read(&path, 1, &o, &ds, err);
    if (rc == PG_EINPUT && err && strstr(err->msg, "given as categorical")) {
        pg_error e = *err;   /* the reader's "no column named 'label'" */
        return pg_fail_at(err, PG_EINPUT, path, 1, 0, "a labels file needs the columns "
                          "variable, level and label (%s)", e.msg);
    }
    if (rc) return rc;
    long c[3];
    for (size_t k = 0; k < 3; k++)
        if ((c[k] = pg_dataset_find(ds, cols[k])) < 0 ||
            pg_dataset_coltype(ds, (size_t)c[k]) != PG_COL_CATEGORICAL) {
            pg_dataset_free(ds);
            return pg_fail_at(err, PG_EINPUT, path, 1, 0,
                              "a labels file needs the columns variable, level and label; "
                              "'%s' is missing", cols[k]);
        }
    for (size_t i = 0; !rc && i < pg_dataset_nrow(ds); i++) {
        const char *v[3];
        for (size_t k = 0; k < 3; k++) {
            int32_t code = pg_dataset_codes(ds, (size_t)c[k])[i];
            v[k] = code < 0 ? "" : pg_dataset_level(ds, (size_t)c[k], (size_t)code);
        }
        long line = pg_dataset_row_line(ds, i);
        if (!*v[0] || !*v[2])
            rc = pg_fail_at(err, PG_EINPUT, path, line, 0, "a label needs its variable and "
                            "its text (columns variable and label)");
        else
            rc = add_entry(l, v[0], *v[1] ? v[1] : NULL, v[2], path, line, 0, err);
    }
    pg_dataset_free(ds);
    return rc;
}

int pg_labels_add_dataset(pg_labels *l, const pg_dataset *ds, pg_error *err)
{
    for (size_t j = 0; j < pg_dataset_ncol(ds); j++) {
        const char *lab = pg_dataset_col_label(ds, j);
        if (!lab || !*lab || strcmp(lab, pg_dataset_colname(ds, j)) == 0) continue;
        int rc = add_entry(l, pg_dataset_colname(ds, j), NULL, lab, "data", 0, 1, err);
        if (rc) return rc;
    }
    return PG_OK;
}

int pg_labels_any(const pg_labels *l)
{
    return l && l->n > 0;
}

/* ---- lookups ----------------------------------------------------------------------------- */

/* The variable inside factor(x), ordered(x), as.factor(x), strata(x), as a key; NULL if key is
 * not such a call (or out of memory). */
static char *inner_var(const char *key)
{
    static const char *const fns[] = {"factor(", "ordered(", "as.factor(", "strata("};
    size_t n = strlen(key);
    for (size_t i = 0; i < sizeof fns / sizeof fns[0]; i++) {
        size_t f = strlen(fns[i]);
        if (n > f + 1 && strncmp(key, fns[i], f) == 0 && key[n - 1] == ')' &&
            !strpbrk(key + f, ",(")) {
            char *v = trim_dup(key + f, n - f - 1);
            char *k = v ? name_key(v) : NULL;
            free(v);
            return k;
        }
    }
    return NULL;
}

/* The entry for (term, level): the user's for the term, then for its inner variable, then the
 * defaults likewise. */
static const entry *lookup(const pg_labels *l, const char *term, const char *level)
{
    if (!l || !l->n || !term) return NULL;
    char *key = name_key(term);
    if (!key) return NULL;
    char *in = inner_var(key);
    const entry *e = NULL;
    for (int dflt = 0; !e && dflt < 2; dflt++) {
        e = find(l, key, level, dflt);
        if (!e && in) e = find(l, in, level, dflt);
    }
    free(in);
    free(key);
    return e;
}

const char *pg_labels_var(const pg_labels *l, const char *term)
{
    const entry *e = lookup(l, term, NULL);
    return e ? e->label : term;
}

const char *pg_labels_level(const pg_labels *l, const char *term, const char *level)
{
    const entry *e = level ? lookup(l, term, level) : NULL;
    return e ? e->label : level;
}

int pg_labels_has_level(const pg_labels *l, const char *term, const char *level)
{
    return level && lookup(l, term, level) != NULL;
}

/* Append s[0, n) to the growing string *out (length *len). PG_OK or PG_ENOMEM. */
static int append(char **out, size_t *len, const char *s, size_t n)
{
    char *p = realloc(*out, *len + n + 1);
    if (!p) return PG_ENOMEM;
    memcpy(p + *len, s, n);
    *len += n;
    p[*len] = '\0';
    *out = p;
    return PG_OK;
}

char *pg_labels_group(const pg_labels *l, const char *group)
{
    char *out = pg_strdup("");
    size_t len = 0;
    const char *p = group;
    while (out && *p) {
        /* one "var=level" part, up to a ", " outside brackets */
        const char *q = p;
        int depth = 0;
        while (*q && !(depth == 0 && q[0] == ',' && q[1] == ' ')) {
            depth += *q == '(';
            depth -= *q == ')';
            q++;
        }
        char *part = trim_dup(p, (size_t)(q - p));
        const char *eq = part ? strrchr(part, '=') : NULL;
        int rc = part ? PG_OK : PG_ENOMEM;
        if (!rc && eq) {
            *(char *)eq = '\0';
            const char *v = pg_labels_var(l, part), *lv = pg_labels_level(l, part, eq + 1);
            rc = append(&out, &len, v, strlen(v));
            if (!rc) rc = append(&out, &len, "=", 1);
            if (!rc) rc = append(&out, &len, lv, strlen(lv));
        } else if (!rc) {
            rc = append(&out, &len, part, strlen(part));
        }
        free(part);
        if (!rc && *q) rc = append(&out, &len, ", ", 2);
        if (rc) {
            free(out);
            return NULL;
        }
        p = *q ? q + 2 : q;
    }
    return out;
}

char *pg_labels_coef(const pg_labels *l, const pg_frame *fr, size_t j)
{
    if (!pg_labels_any(l)) return NULL;
    for (size_t t = 0; t < pg_frame_nterms(fr); t++) {
        size_t first = pg_frame_term_first(fr, t), ncol = pg_frame_term_ncol(fr, t);
        if (j < first || j >= first + ncol) continue;
        const char *term = pg_frame_term_label(fr, t);
        if (pg_frame_term_kind(fr, t) == PG_TERM_FACTOR) {
            const char *var = pg_frame_term_var(fr, t);
            const char *lev = pg_frame_term_level(fr, t, j - first + 1);
            const entry *ev = lookup(l, term, NULL);
            if (!ev && var) ev = lookup(l, var, NULL);
            const entry *el = lookup(l, term, lev);
            if (!el && var) el = lookup(l, var, lev);
            if (!ev && !el) return NULL;
            return pg_strdup_printf("%s=%s", ev ? ev->label : var ? var : term,
                                    el ? el->label : lev);
        }
        if (pg_frame_term_kind(fr, t) == PG_TERM_NUMERIC && ncol == 1) {
            const entry *e = lookup(l, term, NULL);
            return e ? pg_strdup(e->label) : NULL;
        }
        return NULL;
    }
    return NULL;
}

/* ---- every label must be used ------------------------------------------------------------ */

/* The names a label may name: the columns, then the formula's terms (and the parts of its
 * interactions), as written and as keys. */
typedef struct known {
    char **name, **key;
    size_t n, n_cols;
    char **terms;
    size_t n_terms;
} known;

static void known_free(known *k)
{
    for (size_t i = 0; i < k->n; i++) {
        free(k->name[i]);
        free(k->key[i]);
    }
    free(k->name);
    free(k->key);
    pg_report_parts_free(k->terms, k->n_terms);
}

static int known_add(known *k, const char *name)
{
    char *key = name_key(name);
    for (size_t i = 0; key && i < k->n; i++)
        if (strcmp(k->key[i], key) == 0) {
            free(key);
            return PG_OK;
        }
    char **nn = key ? realloc(k->name, (k->n + 1) * sizeof *nn) : NULL;
    if (nn) k->name = nn;
    char **nk = nn ? realloc(k->key, (k->n + 1) * sizeof *nk) : NULL;
    if (nk) k->key = nk;
    char *dup = nk ? pg_strdup(name) : NULL;
    if (!dup) {
        free(key);
        return PG_ENOMEM;
    }
    k->name[k->n] = dup;
    k->key[k->n++] = key;
    return PG_OK;
}

static int known_make(known *k, const pg_dataset *ds, const char *formula)
{
    memset(k, 0, sizeof *k);
    int rc = PG_OK;
    for (size_t j = 0; !rc && j < pg_dataset_ncol(ds); j++)
        rc = known_add(k, pg_dataset_colname(ds, j));
    k->n_cols = k->n;
    char **sides = NULL;
    size_t n_sides = 0;
    if (!rc && formula && (rc = pg_report_split(formula, '~', &sides, &n_sides)) == PG_OK &&
        n_sides == 2)
        rc = pg_report_split(sides[1], '+', &k->terms, &k->n_terms);
    pg_report_parts_free(sides, n_sides);
    for (size_t i = 0; !rc && i < k->n_terms; i++) {
        rc = known_add(k, k->terms[i]);
        char **parts = NULL;   /* a:b and a*b: their parts too */
        size_t np = 0;
        for (const char *sep = ":*"; !rc && *sep; sep++) {
            if ((rc = pg_report_split(k->terms[i], *sep, &parts, &np))) break;
            for (size_t p = 0; np > 1 && !rc && p < np; p++) rc = known_add(k, parts[p]);
            pg_report_parts_free(parts, np);
        }
    }
    return rc;
}

/* "a, b, c" of names[0, n) into buf, "..." when it does not fit. */
static void name_list(char *buf, size_t cap, const char *const *names, size_t n)
{
    size_t len = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < n; i++) {
        size_t w = strlen(names[i]) + 2;
        if (len + w + 5 >= cap) {
            snprintf(buf + len, cap - len, "%s...", i ? ", " : "");
            return;
        }
        len += (size_t)snprintf(buf + len, cap - len, "%s%s", i ? ", " : "", names[i]);
    }
}

/* Fail for entry e: "--label: MSG" or "FILE:LINE: MSG". */
static int entry_fail(pg_error *err, const entry *e, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static int entry_fail(pg_error *err, const entry *e, const char *fmt, ...)
{
    char msg[400];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    if (e->line > 0) return pg_fail_at(err, PG_EINPUT, e->origin, e->line, 0, "%s", msg);
    return pg_fail(err, PG_EINPUT, "%s: %s", e->origin, msg);
}

/* The levels of the variable with key vkey (NULL levels: unknown, any level is accepted), as
 * a new array of n borrowed strings (numbers formatted into owned[]). */
typedef struct levels {
    const char **v;
    size_t n;
    char **owned;
    size_t n_owned;
    int unknown;
} levels;

static void levels_free(levels *lv)
{
    for (size_t i = 0; i < lv->n_owned; i++) free(lv->owned[i]);
    free(lv->owned);
    free(lv->v);
}

static int dbl_cmp(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* The levels of column c: a categorical column's, a numeric column's distinct values. */
static int column_levels(const pg_dataset *ds, size_t c, levels *lv)
{
    if (pg_dataset_coltype(ds, c) == PG_COL_CATEGORICAL) {
        size_t L = pg_dataset_nlevels(ds, c);
        if (!(lv->v = pg_malloc_array(L, sizeof *lv->v))) return PG_ENOMEM;
        for (size_t k = 0; k < L; k++) lv->v[lv->n++] = pg_dataset_level(ds, c, k);
        return PG_OK;
    }
    const double *x = pg_dataset_numeric(ds, c);
    size_t n = pg_dataset_nrow(ds), m = 0;
    if (!x) {
        lv->unknown = 1;
        return PG_OK;
    }
    double *u = pg_malloc_array(n, sizeof *u);
    if (!u) return PG_ENOMEM;
    for (size_t i = 0; i < n; i++)
        if (!isnan(x[i])) u[m++] = x[i];
    qsort(u, m, sizeof *u, dbl_cmp);
    size_t d = 0;
    for (size_t i = 0; i < m; i++)
        if (i == 0 || u[i] != u[d - 1]) u[d++] = u[i];
    lv->v = pg_malloc_array(d, sizeof *lv->v);
    lv->owned = pg_calloc_array(d, sizeof *lv->owned);
    int rc = lv->v && lv->owned ? PG_OK : PG_ENOMEM;
    for (size_t i = 0; !rc && i < d; i++) {
        if (!(lv->owned[i] = pg_strdup_printf("%.15g", u[i]))) rc = PG_ENOMEM;
        else lv->v[lv->n++] = lv->owned[lv->n_owned++];
    }
    free(u);
    return rc;
}

static int var_levels(const known *k, const pg_dataset *ds, const pg_frame *fr, const char *vkey,
                      levels *lv)
{
    memset(lv, 0, sizeof *lv);
    char *in = inner_var(vkey);
    const char *look = in ? in : vkey;
    for (size_t i = 0; i < k->n_cols; i++)
        if (strcmp(k->key[i], look) == 0) {
            free(in);
            return column_levels(ds, i, lv);
        }
    free(in);
    if (strncmp(vkey, "I(", 2) == 0) {
        static const char *const tf[] = {"FALSE", "TRUE"};
        if (!(lv->v = pg_malloc_array(2, sizeof *lv->v))) return PG_ENOMEM;
        lv->v[0] = tf[0], lv->v[1] = tf[1], lv->n = 2;
        return PG_OK;
    }
    for (size_t t = 0; fr && t < pg_frame_nterms(fr); t++) {
        char *tk = name_key(pg_frame_term_label(fr, t));
        int same = tk && strcmp(tk, vkey) == 0;
        free(tk);
        if (!same || pg_frame_term_kind(fr, t) != PG_TERM_FACTOR) continue;
        size_t L = pg_frame_term_nlevels(fr, t);
        if (!(lv->v = pg_malloc_array(L, sizeof *lv->v))) return PG_ENOMEM;
        for (size_t j = 0; j < L; j++) lv->v[lv->n++] = pg_frame_term_level(fr, t, j);
        return PG_OK;
    }
    lv->unknown = 1;   /* a function of the data (fnclcc(), ajcc_t()) without a frame */
    return PG_OK;
}

/* Is level one of lv's (a number compared as a number: "2" is "2.0")? */
static int level_known(const levels *lv, const char *level)
{
    char *end;
    double x = strtod(level, &end);
    int num = *level && !*end;
    for (size_t i = 0; i < lv->n; i++) {
        if (strcmp(lv->v[i], level) == 0) return 1;
        if (num && lv->owned && strtod(lv->v[i], NULL) == x) return 1;
    }
    return 0;
}

static int check_entry(const entry *e, const known *k, const pg_dataset *ds, const pg_frame *fr,
                       pg_error *err)
{
    size_t i = 0;
    while (i < k->n && strcmp(k->key[i], e->key) != 0) i++;
    char list[240];
    if (i == k->n) {
        const char *near = pg_suggest(e->key, (const char *const *)k->name, k->n);
        name_list(list, sizeof list, (const char *const *)k->name, k->n);
        return entry_fail(err, e, "unknown variable '%s'%s%s%s (variables: %s)", e->key,
                          near ? "; did you mean '" : "", near ? near : "", near ? "'?" : "",
                          list);
    }
    if (!e->level) return PG_OK;
    levels lv;
    int rc = var_levels(k, ds, fr, e->key, &lv);
    if (!rc && !lv.unknown && !level_known(&lv, e->level)) {
        const char *near = pg_suggest_level(e->level, lv.v, lv.n);
        name_list(list, sizeof list, lv.v, lv.n);
        rc = entry_fail(err, e, "'%s' is not a level of '%s'%s%s%s (levels: %s)", e->level,
                        k->name[i], near ? "; did you mean '" : "", near ? near : "",
                        near ? "'?" : "", list);
    } else if (rc) {
        rc = pg_fail(err, PG_ENOMEM, "labels: out of memory");
    }
    levels_free(&lv);
    return rc;
}

int pg_labels_check(const pg_labels *l, const pg_dataset *ds, const char *formula,
                    const pg_frame *fr, pg_error *err)
{
    if (!l || !l->n) return PG_OK;
    known k;
    int rc = known_make(&k, ds, formula);
    if (rc) rc = pg_fail(err, PG_ENOMEM, "labels: out of memory");
    for (size_t i = 0; !rc && i < l->n; i++)
        if (!l->e[i].dflt) rc = check_entry(&l->e[i], &k, ds, fr, err);
    known_free(&k);
    return rc;
}
