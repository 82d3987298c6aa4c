/* commands.c -- the table of the subcommands that compute (every one but `run`), in the order
 * `prognos --help` lists them. The plan runner (src/plan) runs an analysis by looking its type
 * up here; main.c lists these and then `run`. */
#include "commands.h"

const cli_cmd *const cli_commands[] = {
    &cli_cmd_describe, &cli_cmd_km, &cli_cmd_logrank, &cli_cmd_cox, &cli_cmd_zph,
    &cli_cmd_plot, &cli_cmd_table, &cli_cmd_simulate, &cli_cmd_cif, &cli_cmd_finegray,
    &cli_cmd_reconstruct, &cli_cmd_meta, &cli_cmd_survreg, &cli_cmd_split,
    &cli_cmd_tmerge, NULL};
