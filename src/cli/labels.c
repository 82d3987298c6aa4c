/* labels.c -- the command line's side of labels (prognos/labels.h): building the label set
 * from --label, --level, --label-file and the data, and relabelling results for text output. */
#include <stdlib.h>
#include <string.h>

#include "cli.h"

int cli_labels(cli_common *c, const pg_dataset *ds, const pg_frame *fr)
{
    pg_error err = {0};
    int rc = PG_OK;
    if (!c->labels) {
        if (!(c->labels = pg_labels_new())) {
            cli_errorf(c, 0, "out of memory");
            return PG_EXIT_ANALYSIS;
        }
        rc = pg_labels_add_dataset(c->labels, ds, &err);
        if (!rc && c->labels_file) {
            pg_csv_opts o = c->csv;   /* the data's reader options (encoding, delimiter) */
            o.format = NULL;
            o.sheet = NULL;
            rc = pg_labels_read(c->labels, c->labels_file, &o, &err);
        }
        for (size_t k = 0; !rc && k < c->label.n; k++)
            rc = pg_labels_parse_label(c->labels, c->label.item[k], &err);
        for (size_t k = 0; !rc && k < c->level.n; k++)
            rc = pg_labels_parse_level(c->labels, c->level.item[k], &err);
    }
    if (!rc) rc = pg_labels_check(c->labels, ds, c->formula, fr, &err);
    return rc ? cli_fail(c, &err, rc) : PG_EXIT_OK;
}

int cli_labelled_output(const cli_common *c)
{
    return pg_labels_any(c->labels) && c->format != PG_FMT_JSON && c->format != PG_FMT_CSV;
}

/* Replace each of the n names by its labelled group name. */
static int relabel_groups(const cli_common *c, char **names, size_t n)
{
    if (!cli_labelled_output(c) || !names) return PG_EXIT_OK;
    for (size_t s = 0; s < n; s++) {
        if (!names[s]) continue;
        char *lab = pg_labels_group(c->labels, names[s]);
        if (!lab) return PG_EXIT_ANALYSIS;
        free(names[s]);
        names[s] = lab;
    }
    return PG_EXIT_OK;
}

int cli_relabel_km(const cli_common *c, pg_km *km)
{
    return relabel_groups(c, km->strata_name, km->n_strata);
}

int cli_relabel_logrank(const cli_common *c, pg_logrank *lr)
{
    return relabel_groups(c, lr->group, lr->n_groups);
}

int cli_relabel_cox(const cli_common *c, const pg_frame *fr, pg_cox *fit)
{
    if (!cli_labelled_output(c) || !fit->colname) return PG_EXIT_OK;
    for (size_t j = 0; j < fit->n_coef; j++) {
        char *lab = pg_labels_coef(c->labels, fr, j);
        if (!lab) continue;
        free(fit->colname[j]);
        fit->colname[j] = lab;
    }
    return PG_EXIT_OK;
}
