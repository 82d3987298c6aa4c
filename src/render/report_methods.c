/* report_methods.c -- the methods paragraph of a plan's report, written from what was run.
 * Each sentence is written only when an analysis that ran (status 0) used the method; its
 * details (CI transform, ties, test weights, Firth, robust variance, exact p-values) are read
 * from the analyses' JSON (the result keys and input.options of docs/json.md), never assumed.
 * The references cited are listed alphabetically, in a journal's author-year style. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "render.h"
#include "report_impl.h"

/* Alphabetical by first author: the list prints in this order. */
enum {
    R_AALEN, R_BENJAMINI, R_BRESLOW, R_COX, R_DERSIMONIAN, R_EFRON, R_FINE, R_FIRTH, R_GEHAN,
    R_GRAMBSCH, R_GRAY, R_GREENWOOD, R_GUYOT, R_HARRINGTON, R_HEINZE, R_HOLM, R_KALBFLEISCH,
    R_KAPLAN, R_LIN, R_MANTEL, R_MEHTA, R_PETO, R_TARONE, R_VIECHTBAUER, R_YUSUF, R_N
};
static const struct {
    const char *cite;
    const char *text;
} refs[R_N] = {
    {"Aalen & Johansen 1978", "Aalen OO, Johansen S. An empirical transition matrix for "
     "non-homogeneous Markov chains based on censored observations. Scand J Stat 1978;5:141-150."},
    {"Benjamini & Hochberg 1995", "Benjamini Y, Hochberg Y. Controlling the false discovery "
     "rate: a practical and powerful approach to multiple testing. J R Stat Soc B "
     "1995;57:289-300."},
    {"Breslow 1974", "Breslow N. Covariance analysis of censored survival data. Biometrics "
     "1974;30:89-99."},
    {"Cox 1972", "Cox DR. Regression models and life-tables. J R Stat Soc B 1972;34:187-220."},
    {"DerSimonian & Laird 1986", "DerSimonian R, Laird N. Meta-analysis in clinical trials. "
     "Control Clin Trials 1986;7:177-188."},
    {"Efron 1977", "Efron B. The efficiency of Cox's likelihood function for censored data. "
     "J Am Stat Assoc 1977;72:557-565."},
    {"Fine & Gray 1999", "Fine JP, Gray RJ. A proportional hazards model for the "
     "subdistribution of a competing risk. J Am Stat Assoc 1999;94:496-509."},
    {"Firth 1993", "Firth D. Bias reduction of maximum likelihood estimates. Biometrika "
     "1993;80:27-38."},
    {"Gehan 1965", "Gehan EA. A generalized Wilcoxon test for comparing arbitrarily "
     "singly-censored samples. Biometrika 1965;52:203-223."},
    {"Grambsch & Therneau 1994", "Grambsch PM, Therneau TM. Proportional hazards tests and "
     "diagnostics based on weighted residuals. Biometrika 1994;81:515-526."},
    {"Gray 1988", "Gray RJ. A class of K-sample tests for comparing the cumulative incidence "
     "of a competing risk. Ann Stat 1988;16:1141-1154."},
    {"Greenwood 1926", "Greenwood M. The natural duration of cancer. Reports on Public Health "
     "and Medical Subjects 1926;33:1-26."},
    {"Guyot et al. 2012", "Guyot P, Ades AE, Ouwens MJ, Welton NJ. Enhanced secondary analysis "
     "of survival data: reconstructing the data from published Kaplan-Meier survival curves. "
     "BMC Med Res Methodol 2012;12:9."},
    {"Harrington & Fleming 1982", "Harrington DP, Fleming TR. A class of rank test procedures "
     "for censored survival data. Biometrika 1982;69:553-566."},
    {"Heinze & Schemper 2001", "Heinze G, Schemper M. A solution to the problem of monotone "
     "likelihood in Cox regression. Biometrics 2001;57:114-119."},
    {"Holm 1979", "Holm S. A simple sequentially rejective multiple test procedure. Scand J "
     "Stat 1979;6:65-70."},
    {"Kalbfleisch & Prentice 2002", "Kalbfleisch JD, Prentice RL. The Statistical Analysis of "
     "Failure Time Data, 2nd ed. New York: Wiley; 2002."},
    {"Kaplan & Meier 1958", "Kaplan EL, Meier P. Nonparametric estimation from incomplete "
     "observations. J Am Stat Assoc 1958;53:457-481."},
    {"Lin & Wei 1989", "Lin DY, Wei LJ. The robust inference for the Cox proportional hazards "
     "model. J Am Stat Assoc 1989;84:1074-1078."},
    {"Mantel 1966", "Mantel N. Evaluation of survival data and two new rank order statistics "
     "arising in its consideration. Cancer Chemother Rep 1966;50:163-170."},
    {"Mehta & Patel 1983", "Mehta CR, Patel NR. A network algorithm for performing Fisher's "
     "exact test in r x c contingency tables. J Am Stat Assoc 1983;78:427-434."},
    {"Peto & Peto 1972", "Peto R, Peto J. Asymptotically efficient rank invariant test "
     "procedures. J R Stat Soc A 1972;135:185-207."},
    {"Tarone & Ware 1977", "Tarone RE, Ware J. On distribution-free tests for equality of "
     "survival distributions. Biometrika 1977;64:156-160."},
    {"Viechtbauer 2005", "Viechtbauer W. Bias and efficiency of meta-analytic variance "
     "estimators in the random-effects model. J Educ Behav Stat 2005;30:261-293."},
    {"Yusuf et al. 1985", "Yusuf S, Peto R, Lewis J, Collins R, Sleight P. Beta blockade "
     "during and after myocardial infarction: an overview of the randomized trials. Prog "
     "Cardiovasc Dis 1985;27:335-371."},
};

/* A few distinct texts (CI transforms, ties, test names) in the order first seen. */
#define SET_MAX 8
typedef struct {
    const char *v[SET_MAX];
    size_t n;
} strset;

static void set_add(strset *s, const char *v)
{
    if (!v) return;
    for (size_t i = 0; i < s->n; i++)
        if (strcmp(s->v[i], v) == 0) return;
    if (s->n < SET_MAX) s->v[s->n++] = v;
}

/* What the analyses that ran used. */
typedef struct {
    int km, km_figure, forest, cox, firth, robust, lr, trend, exact, stratified, zph, cif,
        gray, finegray, reconstruct, meta_knha, failed;
    strset conf_type, level, ties, tests, adjust, transform, dist, meta;
} facts;

static const char *str_of(const json_t *o, const char *key)
{
    return json_string_value(json_object_get(o, key));
}

static const json_t *options_of(const json_t *j)
{
    return json_object_get(json_object_get(j, "input"), "options");
}

static int opt_true(const json_t *j, const char *key)
{
    return json_is_true(json_object_get(options_of(j), key));
}

/* "95" for 0.95: the level as a percentage, kept for the set (static storage per level). */
static const char *level_text(const json_t *j)
{
    static const char *const known[] = {"80", "90", "95", "99"};
    static const double v[] = {0.80, 0.90, 0.95, 0.99};
    json_t *x = json_object_get(j, "conf_level");
    if (!json_is_number(x)) return NULL;
    for (size_t i = 0; i < sizeof v / sizeof *v; i++)
        if (json_number_value(x) > v[i] - 1e-9 && json_number_value(x) < v[i] + 1e-9)
            return known[i];
    return "other";
}

/* The log-rank family as its weights name it (render_logrank.c: weights, rho, gamma). */
static void note_logrank(facts *f, const json_t *j)
{
    const char *w = str_of(j, "weights");
    double rho = json_number_value(json_object_get(j, "rho"));
    f->lr = 1;
    if (!w || strcmp(w, "logrank") == 0) set_add(&f->tests, "logrank");
    else if (strcmp(w, "g-rho") == 0 && rho == 1) set_add(&f->tests, "peto");
    else set_add(&f->tests, w);
    if (json_is_object(json_object_get(j, "trend"))) f->trend = 1;
    if (json_is_object(json_object_get(j, "exact"))) f->exact = 1;
    if (json_is_array(json_object_get(j, "pairwise"))) set_add(&f->adjust, str_of(j, "adjust"));
    if (json_integer_value(json_object_get(j, "strata")) > 1) f->stratified = 1;
}

static void note_cox(facts *f, const json_t *j)
{
    f->cox = 1;
    set_add(&f->ties, str_of(j, "ties"));
    const char *method = str_of(j, "method");
    if (method && strcmp(method, "firth") == 0) f->firth = 1;
    const json_t *c0 = json_array_get(json_object_get(j, "coefficients"), 0);
    if (json_is_number(json_object_get(c0, "robust_se"))) f->robust = 1;   /* null: not asked */
}

static void note_km(facts *f, const json_t *j)
{
    f->km = 1;
    set_add(&f->conf_type, str_of(j, "conf_type"));
    set_add(&f->level, level_text(j));
}

static void note_item(facts *f, const rep_item *it)
{
    const json_t *j = it->json;
    const char *cmd = j ? str_of(j, "command") : NULL;
    if (!cmd) cmd = it->item->type ? it->item->type : "";
    if (strcmp(cmd, "plot") == 0) {
        /* a figure has no JSON of its own: a forest plot draws a Cox model, the rest curves */
        const char *title = it->item->title ? it->item->title : "";
        if (strstr(title, "orest")) f->forest = 1;
        else f->km_figure = 1;
        return;
    }
    if (!j) return;
    if (strcmp(cmd, "km") == 0) {
        note_km(f, j);
    } else if (strcmp(cmd, "logrank") == 0) {
        note_logrank(f, j);
    } else if (strcmp(cmd, "cox") == 0) {
        note_cox(f, j);
    } else if (strcmp(cmd, "table") == 0) {
        note_km(f, j);
        f->lr = 1;
        set_add(&f->tests, "logrank");
        f->cox = 1;
        set_add(&f->ties, str_of(j, "ties"));
    } else if (strcmp(cmd, "zph") == 0) {
        f->zph = 1;
        set_add(&f->transform, str_of(j, "transform"));
        set_add(&f->ties, str_of(options_of(j), "ties"));
        f->cox = 1;
    } else if (strcmp(cmd, "cif") == 0) {
        f->cif = 1;
        if (json_array_size(json_object_get(j, "gray")) > 0) f->gray = 1;
        set_add(&f->level, level_text(j));
    } else if (strcmp(cmd, "finegray") == 0) {
        f->finegray = 1;
    } else if (strcmp(cmd, "survreg") == 0) {
        set_add(&f->dist, str_of(j, "dist"));
    } else if (strcmp(cmd, "meta") == 0) {
        set_add(&f->meta, str_of(j, "method"));
        const char *t = str_of(j, "test");
        if (t && strcmp(t, "knha") == 0) f->meta_knha = 1;
    } else if (strcmp(cmd, "reconstruct") == 0) {
        f->reconstruct = 1;
    }
    if (opt_true(j, "firth")) f->firth = 1;
}

/* The paragraph as it grows, and the references it cites. */
typedef struct {
    FILE *f;
    int cited[R_N];
} para;

static void put(para *p, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void put(para *p, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vfprintf(p->f, fmt, ap);
    va_end(ap);
}

/* " (A 1972; B 1977)": the references, marked as cited. */
static void cite(para *p, int a, int b)
{
    put(p, " (%s", refs[a].cite);
    p->cited[a] = 1;
    if (b >= 0) {
        put(p, "; %s", refs[b].cite);
        p->cited[b] = 1;
    }
    put(p, ")");
}

/* Items i of n joined as English lists: "a", "a and b", "a, b and c". */
static const char *joiner(size_t i, size_t n)
{
    if (i == 0) return "";
    return i + 1 == n ? " and " : ", ";
}

static const char *transform_words(const char *ct)
{
    if (strcmp(ct, "log") == 0) return "log";
    if (strcmp(ct, "log-log") == 0) return "log-log";
    if (strcmp(ct, "logit") == 0) return "logit";
    if (strcmp(ct, "arcsin") == 0) return "arcsine-square-root";
    return NULL;   /* plain and none have no transformation */
}

static void km_sentence(para *p, const facts *f)
{
    put(p, "Survival was estimated with the Kaplan-Meier method");
    cite(p, R_KAPLAN, -1);
    strset tr = {{0}, 0};
    int plain = 0;
    for (size_t i = 0; i < f->conf_type.n; i++) {
        const char *w = transform_words(f->conf_type.v[i]);
        if (w) set_add(&tr, w);
        else if (strcmp(f->conf_type.v[i], "plain") == 0) plain = 1;
    }
    if (tr.n > 0 || plain) {
        if (f->level.n == 1 && strcmp(f->level.v[0], "other") != 0)
            put(p, "; %s%% confidence intervals", f->level.v[0]);
        else
            put(p, "; confidence intervals (at the level given with each analysis)");
        put(p, " used Greenwood's variance");
        cite(p, R_GREENWOOD, -1);
        if (tr.n > 0) {
            put(p, " with the ");
            for (size_t i = 0; i < tr.n; i++) put(p, "%s%s", joiner(i, tr.n), tr.v[i]);
            put(p, " transformation%s", tr.n > 1 ? "s" : "");
            if (plain) put(p, " or on the plain scale");
        } else {
            put(p, " on the plain scale");
        }
    }
    put(p, ". ");
}

static void test_phrase(para *p, const char *t)
{
    if (strcmp(t, "logrank") == 0) {
        put(p, "the log-rank test");
        cite(p, R_MANTEL, R_PETO);
    } else if (strcmp(t, "peto") == 0) {
        put(p, "the Peto-Peto modification of the Gehan-Wilcoxon test");
        cite(p, R_PETO, R_HARRINGTON);
    } else if (strcmp(t, "gehan") == 0) {
        put(p, "Gehan's generalised Wilcoxon test");
        cite(p, R_GEHAN, -1);
    } else if (strcmp(t, "tarone-ware") == 0) {
        put(p, "the Tarone-Ware test");
        cite(p, R_TARONE, -1);
    } else if (strcmp(t, "fh") == 0) {
        put(p, "a weighted log-rank test with Fleming-Harrington weights");
        cite(p, R_HARRINGTON, -1);
    } else {   /* g-rho with rho other than 0 and 1 */
        put(p, "a test of the G-rho family");
        cite(p, R_HARRINGTON, -1);
    }
}

static void logrank_sentence(para *p, const facts *f)
{
    put(p, "Groups were compared with ");
    for (size_t i = 0; i < f->tests.n; i++) {
        put(p, "%s", joiner(i, f->tests.n));
        test_phrase(p, f->tests.v[i]);
    }
    if (f->stratified) put(p, ", stratified where stated");
    if (f->trend) put(p, "; ordered groups were also tested for trend");
    put(p, ". ");
    if (f->exact) {
        put(p, "Exact p-values were computed from the permutation distribution of the test, "
               "enumerated on a network");
        cite(p, R_MEHTA, -1);
        put(p, ". ");
    }
    for (size_t i = 0; i < f->adjust.n; i++) {
        const char *a = f->adjust.v[i];
        put(p, "Pairwise comparisons ");
        if (strcmp(a, "holm") == 0) put(p, "were adjusted by Holm's method"), cite(p, R_HOLM, -1);
        else if (strcmp(a, "BH") == 0 || strcmp(a, "fdr") == 0)
            put(p, "controlled the false discovery rate"), cite(p, R_BENJAMINI, -1);
        else if (strcmp(a, "bonferroni") == 0) put(p, "were adjusted by Bonferroni's method");
        else put(p, "were not adjusted for multiplicity");
        put(p, ". ");
    }
}

static void cox_sentence(para *p, const facts *f)
{
    put(p, "Hazard ratios were estimated with Cox proportional-hazards models");
    cite(p, R_COX, -1);
    for (size_t i = 0; i < f->ties.n; i++) {
        const char *t = f->ties.v[i];
        put(p, "%s", i == 0 ? ", ties handled by " : i + 1 == f->ties.n ? " or " : ", ");
        if (strcmp(t, "efron") == 0) put(p, "Efron's method"), cite(p, R_EFRON, -1);
        else if (strcmp(t, "breslow") == 0) put(p, "Breslow's method"), cite(p, R_BRESLOW, -1);
        else put(p, "the exact partial likelihood"), cite(p, R_KALBFLEISCH, -1);
    }
    if (f->ties.n > 1) put(p, " as stated with each model");
    put(p, ". ");
    if (f->firth) {
        put(p, "Where the likelihood was monotone, Firth's penalised likelihood was used");
        cite(p, R_FIRTH, R_HEINZE);
        put(p, ". ");
    }
    if (f->robust) {
        put(p, "Robust (sandwich) standard errors were used where stated");
        cite(p, R_LIN, -1);
        put(p, ". ");
    }
}

static void zph_sentence(para *p, const facts *f)
{
    put(p, "Proportional hazards were checked with scaled Schoenfeld residuals");
    cite(p, R_GRAMBSCH, -1);
    if (f->transform.n == 1) {
        const char *t = f->transform.v[0];
        if (strcmp(t, "km") == 0) put(p, " against the Kaplan-Meier transform of time");
        else if (strcmp(t, "rank") == 0) put(p, " against the rank of time");
        else if (strcmp(t, "log") == 0) put(p, " against log time");
        else if (strcmp(t, "identity") == 0) put(p, " against time");
    }
    put(p, ". ");
}

static void other_sentences(para *p, const facts *f)
{
    if (f->cif) {
        put(p, "The cumulative incidence of each cause was estimated with the Aalen-Johansen "
               "estimator");
        cite(p, R_AALEN, -1);
        if (f->gray) put(p, " and compared between groups with Gray's test"), cite(p, R_GRAY, -1);
        put(p, ". ");
    }
    if (f->finegray) {
        put(p, "Subdistribution hazard ratios were estimated with the Fine-Gray model");
        cite(p, R_FINE, -1);
        put(p, ". ");
    }
    if (f->dist.n > 0) {
        put(p, "Parametric accelerated-failure-time models used the ");
        for (size_t i = 0; i < f->dist.n; i++) put(p, "%s%s", joiner(i, f->dist.n), f->dist.v[i]);
        put(p, " distribution%s", f->dist.n > 1 ? "s" : "");
        cite(p, R_KALBFLEISCH, -1);
        put(p, ". ");
    }
    for (size_t i = 0; i < f->meta.n; i++) {
        const char *m = f->meta.v[i];
        put(p, "Published estimates were pooled ");
        if (strcmp(m, "FE") == 0) put(p, "with a fixed-effect (inverse-variance) model");
        else if (strcmp(m, "Peto") == 0) put(p, "by Peto's O-E/V method"), cite(p, R_YUSUF, -1);
        else if (strcmp(m, "DL") == 0)
            put(p, "with a random-effects model, tau^2 by DerSimonian-Laird"),
                cite(p, R_DERSIMONIAN, -1);
        else if (strcmp(m, "REML") == 0)
            put(p, "with a random-effects model, tau^2 by REML"), cite(p, R_VIECHTBAUER, -1);
        else put(p, "with a random-effects model, tau^2 by %s", m);
        if (f->meta_knha) put(p, ", with Hartung-Knapp-Sidik-Jonkman tests");
        put(p, ". ");
    }
    if (f->reconstruct) {
        put(p, "Patient-level data were reconstructed from published Kaplan-Meier curves and "
               "their numbers at risk");
        cite(p, R_GUYOT, -1);
        put(p, ". ");
    }
}

int rep_methods_build(rep_doc *d)
{
    facts f;
    memset(&f, 0, sizeof f);
    for (size_t i = 0; i < d->r->n_items; i++) {
        if (d->items[i].item->status == 0) note_item(&f, &d->items[i]);
        else f.failed++;
    }
    para p;
    memset(&p, 0, sizeof p);
    char *text = NULL;
    size_t len = 0;
    p.f = open_memstream(&text, &len);
    if (!p.f) return PG_ENOMEM;
    if (f.km) km_sentence(&p, &f);
    if (f.km_figure) {
        put(&p, "Figures show Kaplan-Meier curves");
        cite(&p, R_KAPLAN, -1);
        put(&p, ". ");
    }
    if (f.lr) logrank_sentence(&p, &f);
    if (f.cox) cox_sentence(&p, &f);
    if (f.forest) put(&p, "Forest plots show the hazard ratios of Cox models. ");
    if (f.zph) zph_sentence(&p, &f);
    other_sentences(&p, &f);
    if (f.failed)
        put(&p, "Of the plan's %zu analyses, %d could not be done; %s listed with %s reason. ",
            d->r->n_items, f.failed, f.failed == 1 ? "it is" : "they are",
            f.failed == 1 ? "its" : "their");
    put(&p, "Analyses were done with prognos %s.", d->r->version ? d->r->version : "");
    if (fclose(p.f) != 0) {
        free(text);
        return PG_ENOMEM;
    }
    d->methods = text;
    size_t n = 0;
    for (int i = 0; i < R_N; i++) n += (size_t)p.cited[i];
    d->refs = pg_calloc_array(n ? n : 1, sizeof *d->refs);
    if (!d->refs) return PG_ENOMEM;
    for (int i = 0; i < R_N; i++)
        if (p.cited[i]) d->refs[d->n_refs++] = refs[i].text;
    return PG_OK;
}
