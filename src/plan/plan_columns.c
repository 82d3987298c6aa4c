/* plan_columns.c -- the columns a plan's analyses of one data source evaluate, so that the
 * source is read with only those columns converted (pg_csv_opts.columns, issue 19), as the
 * single commands km, logrank and cox read theirs (cli_needed_columns). The set is the union,
 * over the source's analyses, of the variables of every endpoint ~ right-hand side formula,
 * of the analysis's and the source's where, the subgroup columns and the options that name
 * columns (id, weights, label, level); it is "every column" when any analysis is of a command
 * that may look at other columns than its frames' (describe, meta), or names a labels file. */
#include <string.h>

#include "internal.h"
#include "plan_check.h"

/* The commands whose run uses nothing of the dataset but the frames of its formula and where
 * (km, logrank and cox read only those columns alone too: cli_common.needed_only). */
static int frame_only(const char *type)
{
    static const char *const types[] = {"km", "logrank", "cox", "table", "plot", "zph", "cif",
                                        "finegray", "survreg"};
    for (size_t i = 0; i < sizeof types / sizeof types[0]; i++)
        if (strcmp(types[i], type) == 0) return 1;
    return 0;
}

static void option_columns(cli_names *s, const cli_cmd *cmd, const plan_opt *po)
{
    const cli_opt *o = cmd ? plan_option(cmd, po->key) : NULL;
    if (po->off || !o) return;
    if (strcmp(o->name, "label-file") == 0) {
        s->all = 1;
        return;
    }
    int column = strcmp(o->name, "id") == 0 || strcmp(o->name, "weights") == 0;
    int label = strcmp(o->name, "label") == 0 || strcmp(o->name, "level") == 0;
    if (!column && !label) return;
    size_t n = po->n_items ? po->n_items : 1;
    for (size_t k = 0; k < n; k++) {
        const char *v = po->n_items ? po->items[k] : po->value;
        if (!v) continue;
        if (column) cli_names_add(s, v);
        else cli_names_label(s, v);
    }
}

void plan_columns(const pg_plan *p, size_t data, cli_names *s)
{
    const plan_data *d = &p->data[data];
    cli_names_text(s, d->where, 0);
    for (size_t si = 0; si < p->n_specs && !s->all; si++) {
        const plan_spec *sp = &p->specs[si];
        const cli_cmd *cmd = plan_command(sp->type);
        if (sp->data != data || (cmd && !(cmd->common & CLI_C_DATA))) continue;
        if (!frame_only(sp->type)) {
            s->all = 1;
            break;
        }
        for (size_t k = 0; k < sp->n_opts; k++) option_columns(s, cmd, &sp->opts[k]);
        cli_names_text(s, sp->where, 0);
        for (size_t k = 0; k < sp->n_subgroups; k++) cli_names_add(s, sp->subgroups[k]);
        if (sp->formula) {
            cli_names_text(s, sp->formula, 1);
            continue;
        }
        size_t ne = sp->n_endpoints ? sp->n_endpoints : 1, nb = sp->n_by ? sp->n_by : 1;
        for (size_t e = 0; e < ne && !s->all; e++)
            for (size_t b = 0; b < nb && !s->all; b++) {
                const char *lhs = sp->n_endpoints ? p->endpoints[sp->endpoints[e]].formula : "";
                char *f = pg_strdup_printf("%s ~ %s", lhs, sp->n_by ? sp->by[b] : "1");
                if (!f) s->all = 1;
                else cli_names_text(s, f, 1);
                free(f);
            }
    }
}
