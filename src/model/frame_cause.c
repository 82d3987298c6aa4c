/* frame_cause.c -- the outcome with several values: which levels of the event mean censored,
 * which are causes (competing risks), and which cause is of interest. The rules are frame.h's
 * ("Causes"); the evaluator (frame_new.c) hands over the event's levels among the kept rows.
 * The coding follows cmprsk::cuminc and crr (a status vector with a censoring code, cencode,
 * and causes failcode) and survfit's multi-state status (a factor whose first level is
 * censoring), with the censoring values named rather than positional. */
#include "frame_impl.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "suggest.h"

/* Level of token among the levels, or -1: numbers by value when the levels are numbers. */
static long level_of(const pg_cause_in *in, const char *token)
{
    char *end;
    double v = in->numeric ? strtod(token, &end) : 0;
    int is_num = in->numeric && *token && !*end;
    for (size_t k = 0; k < in->nlevels; k++) {
        if (strcmp(in->levels[k], token) == 0) return (long)k;
        if (is_num && strtod(in->levels[k], NULL) == v) return (long)k;
    }
    return -1;
}

/* The levels whose mark equals want (all of them when mark is NULL), joined by ", " into buf
 * (at most about len bytes; "..." when cut short). */
static const char *join_levels(const pg_cause_in *in, const unsigned char *mark, int want,
                               char *buf, size_t len)
{
    size_t used = 0;
    buf[0] = '\0';
    int any = 0;
    for (size_t k = 0; k < in->nlevels; k++) {
        if (mark && mark[k] != want) continue;
        const char *s = in->levels[k];
        if (used + strlen(s) + 8 >= len) {
            snprintf(buf + used, len - used, ", ...");
            break;
        }
        used += (size_t)snprintf(buf + used, len - used, "%s%s", any ? ", " : "", s);
        any = 1;
    }
    if (!any) snprintf(buf, len, "none");
    return buf;
}

/* "--censor NED,AWD": the levels that look like censoring (alive, no evidence of disease,
 * alive with disease, lost), else the first level. For the example in a message. */
static const char *censor_example(const pg_cause_in *in, char *buf, size_t len)
{
    static const char *const words[] = {"ned", "awd", "alive", "censor", "lost", "none", NULL};
    size_t used = 0;
    buf[0] = '\0';
    for (size_t k = 0; k < in->nlevels; k++) {
        char low[64];
        size_t i = 0;
        for (; in->levels[k][i] && i + 1 < sizeof low; i++) {
            char c = in->levels[k][i];
            low[i] = (char)(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
        }
        low[i] = '\0';
        int hit = 0;
        for (size_t w = 0; words[w] && !hit; w++) hit = strstr(low, words[w]) != NULL;
        if (hit && used + strlen(in->levels[k]) + 2 < len)
            used += (size_t)snprintf(buf + used, len - used, "%s%s", used ? "," : "",
                                     in->levels[k]);
    }
    if (!used && in->nlevels) snprintf(buf, len, "%s", in->levels[0]);
    return buf;
}

int pg_frame_censor_needed(const pg_cause_in *in, const char *hint, pg_error *err)
{
    if (!hint) hint = in->nlevels ? in->levels[in->nlevels - 1] : "DOD";
    char lv[400], ex[200];
    if (in->numeric && in->nlevels)
        return pg_fail_term(err, PG_EINPUT, in->response, in->pos, "event '%s' is coded %s with "
                            "no 0: say which values mean censored, e.g. --censor %s, or write a "
                            "condition such as %s == %s", in->event,
                            join_levels(in, NULL, 0, lv, sizeof lv), in->levels[0], in->event,
                            in->levels[in->nlevels - 1]);
    return pg_fail_term(err, PG_EINPUT, in->response, in->pos, "event '%s' is text: say which "
                        "values mean censored, e.g. --censor %s (levels: %s), or write a "
                        "condition such as %s == \"%s\"", in->event,
                        censor_example(in, ex, sizeof ex), join_levels(in, NULL, 0, lv, sizeof lv),
                        in->event, hint);
}

/* "; did you mean 'NED'?" when token looks like a typo of a level whose mark is want. */
static const char *did_you_mean(const pg_cause_in *in, const unsigned char *mark, int want,
                                const char *token, char *buf, size_t len)
{
    buf[0] = '\0';
    const char **cand = pg_malloc_array(in->nlevels ? in->nlevels : 1, sizeof *cand);
    if (!cand) return buf;
    size_t m = 0;
    for (size_t k = 0; k < in->nlevels; k++)
        if (!mark || mark[k] == want) cand[m++] = in->levels[k];
    const char *s = pg_suggest_level(token, cand, m);
    if (s) snprintf(buf, len, "; did you mean '%s'?", s);
    free(cand);
    return buf;
}

/* Mark the censoring levels: opt->censor, else the default. */
static int mark_censor(const pg_cause_in *in, const pg_frame_opts *opt, unsigned char *cens,
                       pg_error *err)
{
    if (!(opt && opt->censor && opt->n_censor)) {
        if (!in->def_censor) return pg_frame_censor_needed(in, NULL, err);
        long k = level_of(in, in->def_censor);
        if (k >= 0) cens[k] = 1;
        return PG_OK;
    }
    for (size_t j = 0; j < opt->n_censor; j++) {
        long k = level_of(in, opt->censor[j]);
        if (k < 0) {
            char lv[400], dm[160];
            return pg_fail(err, PG_EINPUT, "--censor: '%s' is not a value of '%s'%s (levels: "
                           "%s)", opt->censor[j], in->event,
                           did_you_mean(in, NULL, 0, opt->censor[j], dm, sizeof dm),
                           join_levels(in, NULL, 0, lv, sizeof lv));
        }
        cens[k] = 1;
    }
    return PG_OK;
}

/* The cause of interest: opt->cause as a cause number, or an error listing the causes. */
static int pick_cause(const pg_cause_in *in, const char *want, const unsigned char *cens,
                      const int *code, size_t *index, pg_error *err)
{
    char lc[400], lz[400], dm[160];
    long k = level_of(in, want);
    if (k >= 0 && !cens[k]) {
        *index = (size_t)code[k];
        return PG_OK;
    }
    int any = 0;   /* no cause at all among the rows: no events, whatever was asked (exit 1) */
    for (size_t j = 0; j < in->nlevels && !any; j++) any = !cens[j];
    if (!any)
        return pg_fail(err, PG_ENOEVENTS, "--cause: no events of any cause in '%s' (every row "
                       "is censored: %s)", in->event, join_levels(in, cens, 1, lz, sizeof lz));
    if (k >= 0)
        return pg_fail(err, PG_EINPUT, "--cause: '%s' means censored (--censor); the causes of "
                       "'%s' are %s", want, in->event, join_levels(in, cens, 0, lc, sizeof lc));
    return pg_fail(err, PG_EINPUT, "--cause: '%s' is not a cause of '%s'%s (causes: %s; "
                   "censored: %s)", want, in->event, did_you_mean(in, cens, 0, want, dm, sizeof dm),
                   join_levels(in, cens, 0, lc, sizeof lc),
                   join_levels(in, cens, 1, lz, sizeof lz));
}

int pg_frame_set_causes(pg_frame *fr, const pg_cause_in *in, const pg_frame_opts *opt,
                        pg_error *err)
{
    size_t nl = in->nlevels, n = fr->n;
    unsigned char *cens = pg_calloc_array(nl ? nl : 1, 1);
    int *code = pg_calloc_array(nl ? nl : 1, sizeof *code);
    int rc = cens && code ? mark_censor(in, opt, cens, err) : PG_ENOMEM;
    size_t K = 0, C = 0;
    for (size_t k = 0; !rc && k < nl; k++) {
        if (cens[k]) C++;
        else code[k] = (int)++K;
    }
    if (!rc) {
        /* with one cause or none the causes are the status, 0/1: not held twice
         * (pg_frame_cause answers with the status) */
        if (K > 1) fr->cause = pg_malloc_array(n ? n : 1, sizeof *fr->cause);
        fr->status = pg_malloc_array(n ? n : 1, sizeof *fr->status);
        fr->cause_names = pg_calloc_array(K ? K : 1, sizeof *fr->cause_names);
        fr->censor_names = pg_calloc_array(C ? C : 1, sizeof *fr->censor_names);
        if ((K > 1 && !fr->cause) || !fr->status || !fr->cause_names || !fr->censor_names) rc = PG_ENOMEM;
    }
    for (size_t k = 0; !rc && k < nl; k++) {
        char *s = pg_strdup(in->levels[k]);
        if (!s) rc = PG_ENOMEM;
        else if (cens[k]) fr->censor_names[fr->ncensor++] = s;
        else fr->cause_names[fr->ncauses++] = s;
    }
    if (!rc && opt && opt->cause)
        rc = pick_cause(in, opt->cause, cens, code, &fr->cause_index, err);
    if (!rc && K > 1 && !fr->cause_index && !(opt && opt->all_causes)) {
        char lc[400];
        rc = pg_fail_term(err, PG_EINPUT, in->response, in->pos, "event '%s' has %zu causes "
                          "(%s): name the cause of interest with --cause (a cause-specific "
                          "analysis, the others censored), or use 'prognos cif'", in->event, K,
                          join_levels(in, cens, 0, lc, sizeof lc));
    }
    for (size_t r = 0; !rc && r < n; r++) {
        int c = code[in->key[r]];
        if (fr->cause) fr->cause[r] = c;
        fr->status[r] = fr->cause_index ? (size_t)c == fr->cause_index : c > 0;
        fr->events += (size_t)fr->status[r];
    }
    free(cens);
    free(code);
    if (rc == PG_ENOMEM) return pg_fail(err, PG_ENOMEM, "out of memory");
    return rc;
}
