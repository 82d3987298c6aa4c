/* render_meta.c -- a meta-analysis as text (the numbers of metafor's print.rma.uni, laid out
 * as a forest table), CSV (one row per study, then the pooled rows), JSON (the contract of
 * docs/meta.md) and Markdown. */
#include "render_meta.h"
#include "prognos/format.h"

#include <math.h>
#include <string.h>

#define CELL 64

/* An effect on the scale shown: exp() with journal ratio formatting, or 4 significant digits. */
static char *eff(char *buf, const pg_meta_report *r, double x)
{
    if (r->ratio) return pg_format_ratio(buf, CELL, exp(x));
    return pg_fmt_num(buf, CELL, x, 4);
}

static const char *W(const pg_meta_report *r, pg_word w) { return pg_lang_word(r->lang, w); }

static char *ci(char *buf, const pg_meta_report *r, double lo, double hi)
{
    char a[CELL], b[CELL];
    snprintf(buf, CELL, "%s %s %s", eff(a, r, lo), W(r, PG_W_TO), eff(b, r, hi));
    return buf;
}

static const char *model_name(const pg_meta_report *r)
{
    switch (r->fit->method) {
    case PG_META_FE: return W(r, PG_W_META_FE);
    case PG_META_PETO: return W(r, PG_W_META_PETO);
    default: return W(r, PG_W_META_RE);
    }
}

static const char *measure(const pg_meta_report *r)
{
    return r->measure ? r->measure : W(r, PG_W_ESTIMATE);
}

/* "95% CI" in r->lang; the level as given (97.5 stays 97.5) */
static char *ci_level(char *buf, const pg_meta_report *r)
{
    pg_lang_ci_word(r->lang, PG_W_CI_LEVEL, 100 * r->fit->conf_level, buf, CELL);
    return buf;
}

static int is_fixed(const pg_meta *m) { return m->method == PG_META_FE || m->method == PG_META_PETO; }

/* The forest table: one row per study, then the pooled estimate and the prediction interval. */
static pg_tab *study_table(const pg_meta_report *r, int md)
{
    const pg_meta *m = r->fit;
    char cih[CELL];
    const char *hdr[] = {md ? W(r, PG_W_STUDY) : "", measure(r), ci_level(cih, r),
                         W(r, PG_W_WEIGHT)};
    pg_tab *t = pg_tab_new(4, hdr);
    if (!t) return NULL;
    pg_tab_left(t, 0);
    double z = pg_z_two_sided(m->conf_level);
    for (size_t i = 0; i < m->k; i++) {
        char e[CELL], c[CELL], w[CELL];
        double se = sqrt(m->vi[i]);
        snprintf(w, sizeof w, "%.1f%%", m->weight[i]);
        const char *row[] = {r->labels[i], eff(e, r, m->yi[i]),
                             ci(c, r, m->yi[i] - z * se, m->yi[i] + z * se), w};
        if (pg_tab_row(t, row)) goto fail;
    }
    char name[CELL], e[CELL], c[CELL];
    snprintf(name, sizeof name, W(r, PG_W_POOLED), pg_meta_method_name(m->method));
    const char *pooled[] = {name, eff(e, r, m->estimate), ci(c, r, m->conf_low, m->conf_high),
                            "100%"};
    if (pg_tab_row(t, pooled)) goto fail;
    if (!is_fixed(m) && m->k > 1) {
        const char *pi[] = {W(r, PG_W_PRED_INTERVAL), "", ci(c, r, m->pi_low, m->pi_high), ""};
        if (pg_tab_row(t, pi)) goto fail;
    }
    return t;
fail:
    pg_tab_free(t);
    return NULL;
}

/* The lines under the table: the test of the pooled effect and the heterogeneity. */
static int summary_lines(FILE *f, const pg_meta_report *r)
{
    const pg_meta *m = r->fit;
    char p[CELL], a[CELL], b[CELL], c[CELL], lvl[CELL];
    const char *se = W(r, PG_W_SE), *to = W(r, PG_W_TO);
    ci_level(lvl, r);
    if (m->test == PG_META_TEST_KNHA)
        fprintf(f, "t(%s) = %s, %s (Knapp-Hartung)\n", pg_fmt_num(a, CELL, m->df, 7),
                pg_fmt_num(b, CELL, m->stat, 4), pg_format_pvalue(p, CELL, m->p, 1));
    else
        fprintf(f, "z = %s, %s\n", pg_fmt_num(b, CELL, m->stat, 4),
                pg_format_pvalue(p, CELL, m->p, 1));
    if (r->ratio)
        fprintf(f, "%s = %s (%s %s)\n", W(r, PG_W_LOG_ESTIMATE),
                pg_fmt_num(a, CELL, m->estimate, 4), se, pg_fmt_num(b, CELL, m->se, 4));
    if (m->k == 1) {
        fprintf(f, "%s\n", W(r, PG_W_ONE_STUDY));
        return ferror(f) ? PG_EIO : PG_OK;
    }
    if (!is_fixed(m)) {
        fprintf(f, "tau^2 = %s", pg_fmt_num(a, CELL, m->tau2, 4));
        if (isfinite(m->tau2_se))
            fprintf(f, " (%s %s)", se, pg_fmt_num(b, CELL, m->tau2_se, 4));
        fprintf(f, ", %s %s %s %s (%s); tau = %s", lvl, pg_fmt_num(b, CELL, m->tau2_low, 4), to,
                pg_fmt_num(c, CELL, m->tau2_high, 4), W(r, PG_W_Q_PROFILE),
                pg_fmt_num(a, CELL, sqrt(m->tau2), 4));
        if (m->tau2_at_zero) fprintf(f, " (%s)", W(r, PG_W_AT_BOUNDARY));
        fprintf(f, "\nI^2 = %s%%, %s %s %s %s; H^2 = %s\n", pg_fmt_num(a, CELL, m->i2, 4), lvl,
                pg_fmt_num(b, CELL, m->i2_low, 4), to, pg_fmt_num(c, CELL, m->i2_high, 4),
                pg_fmt_num(p, CELL, m->h2, 4));
    } else {
        fprintf(f, "I^2 = %s%%; H^2 = %s (%s)\n", pg_fmt_num(a, CELL, m->i2, 4),
                pg_fmt_num(b, CELL, m->h2, 4), W(r, PG_W_FROM_Q));
    }
    fprintf(f, "%s: Q(%s) = %s, %s\n", W(r, PG_W_HETEROGENEITY), pg_fmt_num(a, CELL, m->q_df, 7),
            pg_fmt_num(b, CELL, m->q, 5), pg_format_pvalue(p, CELL, m->q_p, 1));
    return ferror(f) ? PG_EIO : PG_OK;
}

/* Subgroups: one row each, then the test for subgroup differences. */
static pg_tab *group_table(const pg_meta_report *r, int md)
{
    const char *hdr[] = {md ? W(r, PG_W_SUBGROUP) : "", "k", measure(r), W(r, PG_W_CI),
                         "tau^2", "I^2", "Q p"};
    pg_tab *t = pg_tab_new(7, hdr);
    if (!t) return NULL;
    pg_tab_left(t, 0);
    for (size_t g = 0; g < r->n_groups; g++) {
        const pg_meta *m = r->groups[g];
        char k[CELL], e[CELL], c[CELL], t2[CELL], i2[CELL], qp[CELL];
        snprintf(k, sizeof k, "%zu", m->k);
        const char *row[] = {r->group_names[g], k, eff(e, r, m->estimate),
                             ci(c, r, m->conf_low, m->conf_high),
                             pg_fmt_num(t2, CELL, m->tau2, 4), pg_fmt_num(i2, CELL, m->i2, 3),
                             pg_format_pvalue(qp, CELL, m->q_p, 0)};
        if (pg_tab_row(t, row)) {
            pg_tab_free(t);
            return NULL;
        }
    }
    return t;
}

/* Leave-one-out: the pooled result without each study (metafor::leave1out). */
static pg_tab *loo_table(const pg_meta_report *r, int md)
{
    const char *hdr[] = {md ? W(r, PG_W_LEFT_OUT) : "", measure(r), W(r, PG_W_CI), "p",
                         "tau^2", "I^2"};
    pg_tab *t = pg_tab_new(6, hdr);
    if (!t) return NULL;
    pg_tab_left(t, 0);
    for (size_t i = 0; i < r->fit->k; i++) {
        const pg_meta *m = r->loo[i];
        char e[CELL], c[CELL], p[CELL], t2[CELL], i2[CELL];
        const char *row[] = {r->labels[i], eff(e, r, m->estimate),
                             ci(c, r, m->conf_low, m->conf_high),
                             pg_format_pvalue(p, CELL, m->p, 0),
                             pg_fmt_num(t2, CELL, m->tau2, 4), pg_fmt_num(i2, CELL, m->i2, 3)};
        if (pg_tab_row(t, row)) {
            pg_tab_free(t);
            return NULL;
        }
    }
    return t;
}

static int write_tab(FILE *f, pg_tab *t, pg_format fmt)
{
    if (!t) return PG_ENOMEM;
    int rc = pg_tab_write(f, t, fmt, 0);
    pg_tab_free(t);
    return rc;
}

static int egger_lines(FILE *f, const pg_meta_report *r)
{
    const pg_meta_egger *e = r->egger;
    char a[CELL], b[CELL], p[CELL], lo[CELL], hi[CELL];
    if (isnan(e->df))
        fprintf(f, "%s: z = %s, %s\n", W(r, PG_W_EGGER), pg_fmt_num(a, CELL, e->stat, 4),
                pg_format_pvalue(p, CELL, e->p, 1));
    else
        fprintf(f, "%s: t(%s) = %s, %s\n", W(r, PG_W_EGGER), pg_fmt_num(b, CELL, e->df, 7),
                pg_fmt_num(a, CELL, e->stat, 4), pg_format_pvalue(p, CELL, e->p, 1));
    fprintf(f, "%s: %s, %s %s %s %s\n", W(r, PG_W_EGGER_LIMIT), eff(a, r, e->limit),
            W(r, PG_W_CI), eff(lo, r, e->limit_low), W(r, PG_W_TO), eff(hi, r, e->limit_high));
    if (r->fit->k < 10) {
        fprintf(f, W(r, PG_W_EGGER_POWER), r->fit->k);
        fputc('\n', f);
    }
    return ferror(f) ? PG_EIO : PG_OK;
}

static int render_text(FILE *f, const pg_meta_report *r, pg_format fmt)
{
    const pg_meta *m = r->fit;
    int md = fmt == PG_FMT_MD, rc;
    if (md) fprintf(f, "### %s\n\n", W(r, PG_W_META_TITLE));
    fprintf(f, "%s, %s (k = %zu", W(r, PG_W_META_TITLE), model_name(r), m->k);
    if (!is_fixed(m)) {
        fputs("; ", f);
        fprintf(f, W(r, PG_W_META_TAU2_BY), pg_meta_method_name(m->method));
    }
    fprintf(f, ")\n\n");
    if ((rc = write_tab(f, study_table(r, md), fmt))) return rc;
    fputc('\n', f);
    if ((rc = summary_lines(f, r))) return rc;
    if (r->n_groups) {
        char a[CELL], b[CELL], p[CELL];
        fputs(md ? "\n#### " : "\n", f);
        fprintf(f, W(r, PG_W_SUBGROUPS), r->by_name ? r->by_name : "");
        fputs(md ? "\n\n" : "\n", f);
        if ((rc = write_tab(f, group_table(r, md), fmt))) return rc;
        fprintf(f, "%s%s: Q(%s) = %s, %s\n", md ? "\n" : "", W(r, PG_W_SUBGROUP_TEST),
                pg_fmt_num(a, CELL, r->q_between_df, 7), pg_fmt_num(b, CELL, r->q_between, 5),
                pg_format_pvalue(p, CELL, r->q_between_p, 1));
    }
    if (r->loo) {
        fprintf(f, md ? "\n#### %s\n\n" : "\n%s\n", W(r, PG_W_LEAVE_ONE_OUT));
        if ((rc = write_tab(f, loo_table(r, md), fmt))) return rc;
    }
    if (r->egger) {
        fputc('\n', f);
        if ((rc = egger_lines(f, r))) return rc;
    }
    return ferror(f) ? PG_EIO : PG_OK;
}

/* CSV: the studies, then "pooled" and "prediction" rows, every number at full precision on the
 * scale shown (exp() for ratios). */
static int render_csv(FILE *f, const pg_meta_report *r)
{
    const pg_meta *m = r->fit;
    const char *hdr[] = {"label", "estimate", "conf_low", "conf_high", "weight"};
    pg_tab *t = pg_tab_new(5, hdr);
    if (!t) return PG_ENOMEM;
    double z = pg_z_two_sided(m->conf_level);
    int rc = PG_OK;
    for (size_t i = 0; i <= m->k + 1 && rc == PG_OK; i++) {
        double e, lo, hi, w;
        const char *label;
        if (i < m->k) {
            double se = sqrt(m->vi[i]);
            label = r->labels[i], e = m->yi[i], lo = e - z * se, hi = e + z * se;
            w = m->weight[i];
        } else if (i == m->k) {
            label = "pooled", e = m->estimate, lo = m->conf_low, hi = m->conf_high, w = 100;
        } else {
            label = "prediction", e = m->estimate, lo = m->pi_low, hi = m->pi_high, w = NAN;
        }
        if (r->ratio) e = exp(e), lo = exp(lo), hi = exp(hi);
        char c[4][CELL];
        const char *row[] = {label, pg_fmt_num(c[0], CELL, e, 0), pg_fmt_num(c[1], CELL, lo, 0),
                             pg_fmt_num(c[2], CELL, hi, 0), pg_fmt_num(c[3], CELL, w, 0)};
        rc = pg_tab_row(t, row);
    }
    if (rc == PG_OK) rc = pg_tab_write(f, t, PG_FMT_CSV, 0);
    pg_tab_free(t);
    return rc;
}

static int set(json_t *o, const char *key, json_t *v)
{
    return v ? json_object_set_new(o, key, v) : -1;
}

static double shown(const pg_meta_report *r, double x) { return r->ratio ? exp(x) : x; }

/* The pooled object and the heterogeneity numbers of one fit, into o. */
static int json_fit(json_t *o, const pg_meta_report *r, const pg_meta *m)
{
    int bad = 0;
    json_t *p = json_object();
    if (!p) return -1;
    bad |= set(p, "estimate", pg_json_num(shown(r, m->estimate)));
    bad |= set(p, "conf_low", pg_json_num(shown(r, m->conf_low)));
    bad |= set(p, "conf_high", pg_json_num(shown(r, m->conf_high)));
    bad |= set(p, "log_estimate", pg_json_num(m->estimate));
    bad |= set(p, "std_err", pg_json_num(m->se));
    bad |= set(p, m->test == PG_META_TEST_KNHA ? "t" : "z", pg_json_num(m->stat));
    if (m->test == PG_META_TEST_KNHA) bad |= set(p, "df", pg_json_count(m->df));
    bad |= set(p, "p", pg_json_num(m->p));
    bad |= set(o, "pooled", p);
    bad |= set(o, "tau2", pg_json_num(m->tau2));
    bad |= set(o, "tau2_std_err", pg_json_num(m->tau2_se));
    bad |= set(o, "tau2_conf_low", pg_json_num(m->tau2_low));
    bad |= set(o, "tau2_conf_high", pg_json_num(m->tau2_high));
    bad |= set(o, "i2", pg_json_num(m->i2));
    bad |= set(o, "i2_conf_low", pg_json_num(m->i2_low));
    bad |= set(o, "i2_conf_high", pg_json_num(m->i2_high));
    bad |= set(o, "h2", pg_json_num(m->h2));
    bad |= set(o, "q", pg_json_num(m->q));
    bad |= set(o, "q_df", pg_json_count(m->q_df));
    bad |= set(o, "q_p", pg_json_num(m->q_p));
    /* the same test with the p-value under "p" (docs/json.md); q, q_df, q_p stay (meta.md) */
    bad |= set(o, "heterogeneity", pg_json_test(m->q, m->q_df, m->q_p));
    json_t *pi = json_object();
    if (!pi) return -1;
    bad |= set(pi, "conf_low", pg_json_num(shown(r, m->pi_low)));
    bad |= set(pi, "conf_high", pg_json_num(shown(r, m->pi_high)));
    bad |= set(o, "prediction", pi);
    return bad;
}

static json_t *json_studies(const pg_meta_report *r)
{
    const pg_meta *m = r->fit;
    json_t *a = json_array();
    double z = pg_z_two_sided(m->conf_level);
    int bad = !a;
    for (size_t i = 0; i < m->k && !bad; i++) {
        json_t *s = json_object();
        if (!s || json_array_append_new(a, s)) {
            bad = 1;
            break;
        }
        double se = sqrt(m->vi[i]);
        bad |= set(s, "label", json_string(r->labels[i]));
        bad |= set(s, "estimate", pg_json_num(shown(r, m->yi[i])));
        bad |= set(s, "conf_low", pg_json_num(shown(r, m->yi[i] - z * se)));
        bad |= set(s, "conf_high", pg_json_num(shown(r, m->yi[i] + z * se)));
        bad |= set(s, "weight", pg_json_num(m->weight[i]));
    }
    if (bad) json_decref(a);
    return bad ? NULL : a;
}

static int json_extras(json_t *root, const pg_meta_report *r)
{
    int bad = 0;
    if (r->n_groups) {
        json_t *a = json_array(), *sg = json_object();
        bad |= !a || !sg;
        for (size_t g = 0; g < r->n_groups && !bad; g++) {
            json_t *o = json_object();
            bad |= !o || json_array_append_new(a, o);
            if (bad) break;
            bad |= set(o, "group", json_string(r->group_names[g]));
            bad |= set(o, "k", json_integer((json_int_t)r->groups[g]->k));
            bad |= json_fit(o, r, r->groups[g]);
        }
        if (sg) {
            bad |= set(sg, "groups", a);
            bad |= set(sg, "q_between", pg_json_num(r->q_between));
            bad |= set(sg, "q_between_df", pg_json_count(r->q_between_df));
            bad |= set(sg, "q_between_p", pg_json_num(r->q_between_p));
            bad |= set(sg, "between", pg_json_test(r->q_between, r->q_between_df,
                                                   r->q_between_p));
            bad |= set(root, "subgroups", sg);
        }
    }
    if (r->loo) {
        json_t *a = json_array();
        bad |= !a;
        for (size_t i = 0; i < r->fit->k && !bad; i++) {
            json_t *o = json_object();
            bad |= !o || json_array_append_new(a, o);
            if (bad) break;
            bad |= set(o, "left_out", json_string(r->labels[i]));
            bad |= json_fit(o, r, r->loo[i]);
        }
        bad |= set(root, "leave_one_out", a);
    }
    if (r->egger) {
        const pg_meta_egger *e = r->egger;
        json_t *o = json_object();
        bad |= !o;
        if (o) {
            bad |= set(o, isnan(e->df) ? "z" : "t", pg_json_num(e->stat));
            bad |= set(o, "df", pg_json_count(e->df));
            bad |= set(o, "p", pg_json_num(e->p));
            bad |= set(o, "limit_estimate", pg_json_num(shown(r, e->limit)));
            bad |= set(o, "limit_conf_low", pg_json_num(shown(r, e->limit_low)));
            bad |= set(o, "limit_conf_high", pg_json_num(shown(r, e->limit_high)));
            bad |= set(root, "egger", o);
        }
    }
    return bad;
}

/* The caveats the text output prints under the numbers, as the house's JSON "warnings" list:
 * one study (nothing but its own estimate), tau2 on its boundary 0 (the random-effects result
 * is the fixed-effect one), Egger's test on fewer than 10 studies (little power). */
static json_t *json_warnings(const pg_meta_report *r)
{
    const pg_meta *m = r->fit;
    json_t *a = json_array();
    char b[200];
    int bad = !a;
    if (!bad && m->k == 1)
        bad |= json_array_append_new(a, json_string("one study: the pooled estimate is the "
                                                    "study's own; tau^2, I^2 and Q are not "
                                                    "estimable"));
    if (!bad && m->k > 1 && !is_fixed(m) && m->tau2_at_zero)
        bad |= json_array_append_new(a, json_string("tau^2 is on its boundary 0: the "
                                                    "random-effects result is the fixed-effect "
                                                    "one"));
    if (!bad && r->egger && m->k < 10) {
        snprintf(b, sizeof b, "Egger's test on k = %zu < 10 studies has little power; a "
                 "non-significant result does not rule out small-study effects", m->k);
        bad |= json_array_append_new(a, json_string(b));
    }
    if (bad) {
        json_decref(a);
        return NULL;
    }
    return a;
}

static int render_json(FILE *f, const pg_meta_report *r)
{
    const pg_meta *m = r->fit;
    json_t *root = json_object();
    if (!root) return PG_ENOMEM;
    int bad = set(root, "k", json_integer((json_int_t)m->k));
    bad |= set(root, "method", json_string(pg_meta_method_name(m->method)));
    bad |= set(root, "test", json_string(m->test == PG_META_TEST_KNHA ? "knha" : "z"));
    bad |= set(root, "conf_level", pg_json_num(m->conf_level));
    bad |= set(root, "scale", json_string(r->ratio ? "ratio" : "given"));
    bad |= json_fit(root, r, m);
    bad |= set(root, "studies", json_studies(r));
    bad |= json_extras(root, r);
    bad |= set(root, "warnings", json_warnings(r));
    int rc = bad ? PG_ENOMEM : pg_json_write(f, root);
    json_decref(root);
    return rc;
}

int pg_meta_render(FILE *f, const pg_meta_report *r, pg_format fmt)
{
    switch (fmt) {
    case PG_FMT_CSV: return render_csv(f, r);
    case PG_FMT_JSON: return render_json(f, r);
    default: return render_text(f, r, fmt);
    }
}
