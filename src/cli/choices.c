/* choices.c -- names for the enums of the command line, parsed by the library's own
 * pg_*_parse functions. Each list is the help's; the parser may accept aliases too. The
 * options store the value in an int-sized enum field (checked below). */
#include "choices.h"

#include "prognos.h"
#include "render.h"
#include "render_ftable.h"

_Static_assert(sizeof(pg_format) == sizeof(int) && sizeof(pg_ft_format) == sizeof(int) &&
                   sizeof(pg_ties) == sizeof(int) && sizeof(pg_conf_type) == sizeof(int) &&
                   sizeof(pg_weights) == sizeof(int) && sizeof(pg_adjust) == sizeof(int) &&
                   sizeof(pg_zph_transform) == sizeof(int) &&
                   sizeof(pg_resid_type) == sizeof(int) && sizeof(pg_plot_fun) == sizeof(int),
               "choice options store an int");

/* One adapter per enum: the library parser, its value as an int. */
#define CLI_CHOICE_PARSER(fn, type, parser)                                                    \
    static int fn(const char *s, int *v)                                                       \
    {                                                                                          \
        type t;                                                                                \
        int rc = parser(s, &t);                                                                \
        if (rc == PG_OK) *v = (int)t;                                                          \
        return rc;                                                                             \
    }

CLI_CHOICE_PARSER(format_parse, pg_format, pg_format_parse)
CLI_CHOICE_PARSER(ft_format_parse, pg_ft_format, pg_ft_format_parse)
CLI_CHOICE_PARSER(ties_parse, pg_ties, pg_cox_ties_parse)
CLI_CHOICE_PARSER(conf_type_parse, pg_conf_type, pg_km_conf_type_parse)
CLI_CHOICE_PARSER(weights_parse, pg_weights, pg_logrank_weights_parse)
CLI_CHOICE_PARSER(adjust_parse, pg_adjust, pg_logrank_adjust_parse)
CLI_CHOICE_PARSER(transform_parse, pg_zph_transform, pg_zph_transform_parse)
CLI_CHOICE_PARSER(resid_parse, pg_resid_type, pg_cox_resid_type_parse)
CLI_CHOICE_PARSER(fun_parse, pg_plot_fun, pg_plot_fun_parse)
CLI_CHOICE_PARSER(sr_dist_parse, pg_sr_dist, pg_survreg_dist_parse)

const cli_choices cli_formats = {(const char *const[]){"text", "csv", "json", "md", NULL},
                                 format_parse};
const cli_choices cli_ft_formats = {
    (const char *const[]){"text", "md", "csv", "tex", "html", "json", "docx", "xlsx", NULL},
    ft_format_parse};
const cli_choices cli_ties = {(const char *const[]){"efron", "breslow", "exact", NULL},
                              ties_parse};
const cli_choices cli_conf_types = {
    (const char *const[]){"log", "log-log", "plain", "logit", "arcsin", "none", NULL},
    conf_type_parse};
const cli_choices cli_weights = {
    (const char *const[]){"logrank", "g-rho", "gehan", "tarone-ware", "fh", NULL},
    weights_parse};
const cli_choices cli_adjusts = {(const char *const[]){"holm", "bonferroni", "none", NULL},
                                 adjust_parse};
const cli_choices cli_transforms = {(const char *const[]){"km", "rank", "identity", "log", NULL},
                                    transform_parse};
const cli_choices cli_resid_types = {
    (const char *const[]){"martingale", "deviance", "score", "schoenfeld", "scaledsch",
                          "scaled-schoenfeld", "dfbeta", NULL},
    resid_parse};
const cli_choices cli_plot_funs = {(const char *const[]){"surv", "event", "cumhaz", NULL},
                                   fun_parse};
const cli_choices cli_sr_dists = {
    (const char *const[]){"weibull", "exponential", "lognormal", "loglogistic", "gaussian",
                          "logistic", "extreme", "rayleigh", NULL},
    sr_dist_parse};
