/* render_logrank.c -- log-rank results as text (R's print.survdiff), CSV, JSON and Markdown. */
#include "render_logrank.h"
#include "prognos/cox.h"
#include "prognos/format.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* The chi-square as print.survdiff shows it: format(round(chisq, 1)) with 3 digits. */
static char *rchisq(char *buf, size_t len, double x)
{
    return pg_format_r_num(buf, len, isfinite(x) ? round(x * 10) / 10 : x, 3);
}

static const char *weights_line(const pg_logrank *lr, char *buf, size_t len)
{
    char r[32], g[32];
    pg_fmt_num(r, sizeof r, lr->rho, 7);
    pg_fmt_num(g, sizeof g, lr->gamma, 7);
    switch (lr->weights) {
    case PG_WEIGHTS_GRHO:
        if (lr->rho == 0) return NULL;
        snprintf(buf, len, "Weights: G-rho, S(t-)^%s (survdiff rho = %s)", r, r);
        break;
    case PG_WEIGHTS_GEHAN: snprintf(buf, len, "Weights: Gehan-Breslow (number at risk)"); break;
    case PG_WEIGHTS_TARONE_WARE:
        snprintf(buf, len, "Weights: Tarone-Ware (square root of the number at risk)");
        break;
    case PG_WEIGHTS_FH:
        snprintf(buf, len, "Weights: Fleming-Harrington, S(t-)^%s (1 - S(t-))^%s", r, g);
        break;
    default: return NULL;
    }
    return buf;
}

/* The N / Observed / Expected / (O-E)^2/E / (O-E)^2/V table, each column formatted as R does. */
static pg_tab *group_table(const pg_logrank *lr, int md)
{
    size_t k = lr->n_groups;
    const char *hdr[] = {md ? "group" : "", "N", "Observed", "Expected", "(O-E)^2/E",
                         "(O-E)^2/V"};
    pg_tab *t = pg_tab_new(6, hdr);
    double *col = pg_malloc_array(5 * k, sizeof *col);
    char *cells = pg_malloc_array(5 * k, 64);
    if (!t || !col || !cells) goto fail;
    pg_tab_left(t, 0);
    for (size_t g = 0; g < k; g++) {
        double o = lr->observed[g], e = lr->expected[g], v = lr->variance[g * k + g];
        col[0 * k + g] = lr->n_group[g];
        col[1 * k + g] = o;
        col[2 * k + g] = e;
        col[3 * k + g] = (o - e) * (o - e) / e;
        col[4 * k + g] = (o - e) * (o - e) / v;
    }
    for (int c = 0; c < 5; c++) {
        pg_format_spec s = pg_format_r_spec(col + c * k, k, 3);
        s.width = 0;        /* the table aligns the column */
        for (size_t g = 0; g < k; g++) {
            char *cell = cells + (c * k + g) * 64;
            if (isnan(col[c * k + g])) snprintf(cell, 64, "NaN");   /* 0/0, as R prints it */
            else pg_format_r_encode(cell, 64, col[c * k + g], &s);
        }
    }
    for (size_t g = 0; g < k; g++) {
        const char *row[6] = {lr->group[g]};
        for (int c = 0; c < 5; c++) row[c + 1] = cells + (c * k + g) * 64;
        if (pg_tab_row(t, row) != PG_OK) goto fail;
    }
    free(col);
    free(cells);
    return t;
fail:
    free(col);
    free(cells);
    pg_tab_free(t);
    return NULL;
}

static pg_tab *pair_table(const pg_logrank *lr, int md)
{
    const pg_format_spec two = {0, 2, 0};       /* "%.2f", NA as "NA" */
    char hadj[64];
    snprintf(hadj, sizeof hadj, "p (%s)", pg_logrank_adjust_name(lr->adjust));
    const char *hdr[] = {md ? "group 1" : "", md ? "group 2" : "", "Chisq", "p", hadj};
    size_t np = lr->n_pairs;
    pg_tab *t = pg_tab_new(lr->adjust == PG_ADJUST_NONE ? 4 : 5, hdr);
    if (!t) return NULL;
    pg_tab_left(t, 0);
    pg_tab_left(t, 1);
    /* Chi-squares with two decimals (a column-wide R format would give every value the
     * decimals the smallest one needs); p-values to two significant digits each. */
    for (size_t i = 0; i < np; i++) {
        char c[64], p[64], pa[64];
        const pg_logrank_pair *pp = &lr->pairs[i];
        const char *row[] = {lr->group[pp->a], lr->group[pp->b],
                             pg_format_r_encode(c, sizeof c, pp->chisq, &two),
                             pg_fmt_p(p, sizeof p, pp->p, 2),
                             pg_fmt_p(pa, sizeof pa, pp->p_adjusted, 2)};
        if (pg_tab_row(t, row) != PG_OK) {
            pg_tab_free(t);
            return NULL;
        }
    }
    return t;
}

static void chisq_line(FILE *f, double chisq, double df, double p)
{
    char c[64], pv[64];   /* format.pval(p, digits = 1): options(digits = 3) - 2 */
    fprintf(f, " Chisq= %s  on %.0f degrees of freedom, p= %s\n", rchisq(c, sizeof c, chisq), df,
            pg_fmt_p(pv, sizeof pv, p, 1));
}

static void scores_text(FILE *f, const pg_logrank *lr)
{
    for (size_t g = 0; g < lr->n_groups; g++) {
        char b[64];
        fprintf(f, "%s%s", g ? ", " : "", pg_fmt_num(b, sizeof b, lr->trend_scores[g], 7));
    }
}

/* Number of arrangements as text: the exact count when it fits in size_t, else e.g.
 * "about 3.2e+21". */
static void arrangements_text(char *buf, size_t len, const pg_logrank *lr)
{
    if (lr->exact_draws > 0) {
        snprintf(buf, len, "%zu", lr->exact_draws);
        return;
    }
    char num[64];
    snprintf(buf, len, "about %s", pg_format_r_num(num, sizeof num,
                                                   exp(lr->exact_log_arrangements), 2));
}

static void exact_text(FILE *f, const pg_logrank *lr, int md)
{
    char p[64], n[64], se[64];
    const char *b = md ? "**" : "", *ws = lr->n_strata > 1 ? " within strata" : "";
    pg_format_r_num(p, sizeof p, lr->exact_p, 3);
    arrangements_text(n, sizeof n, lr);
    switch (lr->exact_method) {
    case PG_EXACT_NETWORK:
        fprintf(f, "%sExact permutation test%s: p= %s (exact, network algorithm over all %s "
                   "arrangements of the groups%s)\n", b, b, p, n, ws);
        break;
    case PG_EXACT_ENUMERATION:
        fprintf(f, "%sExact permutation test%s: p= %s (all %s arrangements of the groups%s)\n",
                b, b, p, n, ws);
        break;
    case PG_EXACT_MONTE_CARLO:
        pg_format_r_num(se, sizeof se, lr->exact_mc_se, 3);
        fprintf(f, "%sPermutation test%s: p= %s (Monte Carlo%s, %zu random arrangements%s, "
                   "Monte Carlo standard error %s, seed %lu)\n", b, b, p,
                lr->exact_mc_asked ? "" : " as the exact p-value is out of reach",
                lr->exact_draws, ws, se, lr->exact_seed);
        break;
    }
}

static int render_text(FILE *f, const pg_logrank *lr, int md)
{
    char buf[256];
    if (lr->dropped)
        fprintf(f, "n=%zu, %zu observation%s deleted due to missingness.\n\n", lr->n,
                lr->dropped, lr->dropped == 1 ? "" : "s");
    const char *wl = weights_line(lr, buf, sizeof buf);
    if (wl) fprintf(f, "%s\n\n", wl);
    if (lr->n_strata > 1 && md) fprintf(f, "Stratified: %zu strata.\n\n", lr->n_strata);
    pg_tab *t = group_table(lr, md);
    if (!t) return PG_ENOMEM;
    int rc = pg_tab_write(f, t, md ? PG_FMT_MD : PG_FMT_TEXT, 0);
    pg_tab_free(t);
    if (rc) return rc;
    fputc('\n', f);
    chisq_line(f, lr->chisq, lr->df, lr->p);
    if (lr->score_test)
        fprintf(f, "\n%sScore test of the Cox model%s (ties %s%s); survdiff does not take "
                   "counting-process data.\nExpected and V from the risk sets start < t <= stop.\n",
                md ? "**" : "", md ? "**" : "", pg_cox_ties_name((pg_ties)lr->score_ties),
                lr->n_strata > 1 ? ", within strata" : "");
    if (lr->has_trend) {
        fprintf(f, "\n%sTest for trend%s (scores ", md ? "**" : "", md ? "**" : "");
        scores_text(f, lr);
        fprintf(f, "):\n%s", md ? "\n" : "");
        chisq_line(f, lr->trend_chisq, lr->trend_df, lr->trend_p);
    }
    if (lr->pairs) {
        fprintf(f, "\n%sPairwise comparisons%s (%s adjustment):\n%s", md ? "**" : "",
                md ? "**" : "", lr->adjust == PG_ADJUST_HOLM ? "Holm"
                : lr->adjust == PG_ADJUST_BONFERRONI ? "Bonferroni" : "no",
                md ? "\n" : "");
        t = pair_table(lr, md);
        if (!t) return PG_ENOMEM;
        rc = pg_tab_write(f, t, md ? PG_FMT_MD : PG_FMT_TEXT, 0);
        pg_tab_free(t);
        if (rc) return rc;
    }
    if (lr->has_exact) {
        fputc('\n', f);
        exact_text(f, lr, md);
    }
    return ferror(f) ? PG_EIO : PG_OK;
}

/* One tidy table: a row per group, then a row per test (overall, trend, pairwise, exact). */
static int render_csv(FILE *f, const pg_logrank *lr)
{
    const char *hdr[] = {"section", "group", "group2", "n", "observed", "expected", "o_e2_e",
                         "o_e2_v", "chisq", "df", "p", "p_adjusted"};
    pg_tab *t = pg_tab_new(12, hdr);
    if (!t) return PG_ENOMEM;
    char b[10][64];
    int rc = PG_OK;
    size_t k = lr->n_groups;
#define NUM(i, x) pg_fmt_num(b[i], sizeof b[i], (x), 0)
    for (size_t g = 0; g < k && rc == PG_OK; g++) {
        double o = lr->observed[g], e = lr->expected[g], v = lr->variance[g * k + g];
        const char *row[] = {"group", lr->group[g], "", NUM(0, lr->n_group[g]), NUM(1, o),
                             NUM(2, e), NUM(3, (o - e) * (o - e) / e),
                             NUM(4, (o - e) * (o - e) / v), "", "", "", ""};
        rc = pg_tab_row(t, row);
    }
    if (rc == PG_OK) {
        const char *row[] = {lr->score_test ? "cox_score_test" : "test", "", "",
                             NUM(0, (double)lr->n), "", "", "", "",
                             NUM(1, lr->chisq), NUM(2, lr->df), NUM(3, lr->p), ""};
        rc = pg_tab_row(t, row);
    }
    if (rc == PG_OK && lr->has_trend) {
        const char *row[] = {"trend", "", "", "", "", "", "", "", NUM(1, lr->trend_chisq),
                             NUM(2, lr->trend_df), NUM(3, lr->trend_p), ""};
        rc = pg_tab_row(t, row);
    }
    for (size_t i = 0; lr->pairs && i < lr->n_pairs && rc == PG_OK; i++) {
        const pg_logrank_pair *pp = &lr->pairs[i];
        const char *row[] = {"pairwise", lr->group[pp->a], lr->group[pp->b],
                             NUM(0, lr->n_group[pp->a] + lr->n_group[pp->b]), "", "", "", "",
                             NUM(1, pp->chisq), isnan(pp->chisq) ? "NA" : "1", NUM(3, pp->p),
                             NUM(4, pp->p_adjusted)};
        rc = pg_tab_row(t, row);
    }
    if (rc == PG_OK && lr->has_exact) {
        const char *row[] = {lr->exact_enumerated ? "exact" : "monte_carlo", "", "", "", "", "",
                             "", "", NUM(1, lr->exact_stat), "", NUM(3, lr->exact_p), ""};
        rc = pg_tab_row(t, row);
    }
#undef NUM
    if (rc == PG_OK) rc = pg_tab_write(f, t, PG_FMT_CSV, 0);
    pg_tab_free(t);
    return rc;
}

static int set(json_t *o, const char *key, json_t *v)
{
    return v ? json_object_set_new(o, key, v) : -1;
}

static int render_json(FILE *f, const pg_logrank *lr)
{
    size_t k = lr->n_groups;
    int bad = 0;
    json_t *root = json_object();
    if (!root) return PG_ENOMEM;
    if (lr->score_test) {   /* counting-process data: the Cox model's score test */
        bad |= set(root, "test", json_string("cox_score"));
        bad |= set(root, "ties", json_string(pg_cox_ties_name((pg_ties)lr->score_ties)));
    }
    bad |= set(root, "weights", json_string(pg_logrank_weights_name(lr->weights)));
    bad |= set(root, "rho", pg_json_num(lr->rho));
    bad |= set(root, "gamma", pg_json_num(lr->gamma));
    bad |= set(root, "n", json_integer((json_int_t)lr->n));
    bad |= set(root, "events", json_integer((json_int_t)lr->events));
    bad |= set(root, "strata", json_integer((json_int_t)lr->n_strata));
    bad |= set(root, "chisq", pg_json_num(lr->chisq));
    bad |= set(root, "df", pg_json_count(lr->df));
    bad |= set(root, "p", pg_json_num(lr->p));
    json_t *groups = json_array(), *var = json_array();
    bad |= set(root, "groups", groups);
    bad |= set(root, "variance", var);
    for (size_t g = 0; !bad && g < k; g++) {
        json_t *o = json_object(), *row = json_array();
        bad |= o ? json_array_append_new(groups, o) : -1;
        bad |= row ? json_array_append_new(var, row) : -1;
        if (bad) break;
        bad |= set(o, "group", json_string(lr->group[g]));
        bad |= set(o, "n", json_integer((json_int_t)lr->n_group[g]));
        bad |= set(o, "observed", pg_json_count(lr->observed[g]));
        bad |= set(o, "expected", pg_json_num(lr->expected[g]));
        for (size_t h = 0; h < k; h++)
            bad |= json_array_append_new(row, pg_json_num(lr->variance[g * k + h]));
    }
    if (!bad && lr->has_trend) {
        json_t *t = json_object(), *sc = json_array();
        bad |= set(root, "trend", t);
        if (!bad) {
            bad |= set(t, "chisq", pg_json_num(lr->trend_chisq));
            bad |= set(t, "df", pg_json_count(lr->trend_df));
            bad |= set(t, "p", pg_json_num(lr->trend_p));
            bad |= set(t, "scores", sc);
            for (size_t g = 0; !bad && g < k; g++)
                bad |= json_array_append_new(sc, pg_json_num(lr->trend_scores[g]));
        }
    }
    bad |= set(root, "exact_p", pg_json_num(lr->has_exact ? lr->exact_p : NAN));
    if (!bad && lr->has_exact) {
        json_t *e = json_object();
        bad |= set(root, "exact", e);
        if (!bad) {
            static const char *const method[] = {"enumeration", "network", "monte-carlo"};
            int mc = lr->exact_method == PG_EXACT_MONTE_CARLO;
            bad |= set(e, "method", json_string(method[lr->exact_method]));
            if (lr->exact_draws > 0 || mc)
                bad |= set(e, mc ? "draws" : "arrangements",
                           json_integer((json_int_t)lr->exact_draws));
            if (!mc)
                bad |= set(e, "log_arrangements", pg_json_num(lr->exact_log_arrangements));
            if (lr->exact_method == PG_EXACT_NETWORK)
                bad |= set(e, "nodes", json_integer((json_int_t)lr->exact_nodes));
            bad |= set(e, "statistic", pg_json_num(lr->exact_stat));
            bad |= set(e, "p", pg_json_num(lr->exact_p));   /* exact_p stays (logrank.md) */
            if (mc) {
                bad |= set(e, "seed", json_integer((json_int_t)lr->exact_seed));
                bad |= set(e, "mc_se", pg_json_num(lr->exact_mc_se));
                bad |= set(e, "reason", json_string(lr->exact_mc_asked ? "asked"
                                                                       : "exact out of reach"));
            }
        }
    }
    if (!bad && lr->pairs) {
        json_t *pw = json_array();
        bad |= set(root, "adjust", json_string(pg_logrank_adjust_name(lr->adjust)));
        bad |= set(root, "pairwise", pw);
        for (size_t i = 0; !bad && i < lr->n_pairs; i++) {
            const pg_logrank_pair *pp = &lr->pairs[i];
            json_t *o = json_object();
            bad |= o ? json_array_append_new(pw, o) : -1;
            if (bad) break;
            bad |= set(o, "group1", json_string(lr->group[pp->a]));
            bad |= set(o, "group2", json_string(lr->group[pp->b]));
            bad |= set(o, "chisq", pg_json_num(pp->chisq));
            bad |= set(o, "p", pg_json_num(pp->p));
            bad |= set(o, "p_adjusted", pg_json_num(pp->p_adjusted));
        }
    }
    json_t *dr = json_object();
    bad |= set(root, "dropped", dr);
    if (!bad) bad |= set(dr, "missing", json_integer((json_int_t)lr->dropped));
    int rc = bad ? PG_ENOMEM : pg_json_write(f, root);
    json_decref(root);
    return rc;
}

int pg_logrank_render(FILE *f, const pg_logrank *lr, pg_format fmt)
{
    switch (fmt) {
    case PG_FMT_CSV: return render_csv(f, lr);
    case PG_FMT_JSON: return render_json(f, lr);
    case PG_FMT_MD: return render_text(f, lr, 1);
    case PG_FMT_TEXT:
    default: return render_text(f, lr, 0);
    }
}
