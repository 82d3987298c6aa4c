/* choices.h -- the enums the command line accepts by name, each with the library's parser, so
 * a name the library understands is a name the command line understands (and --help lists). */
#ifndef PG_CLI_CHOICES_H
#define PG_CLI_CHOICES_H

#include "opt.h"

extern const cli_choices cli_formats;      /* pg_format: text csv json md */
extern const cli_choices cli_ft_formats;   /* pg_ft_format: text md csv tex html json docx xlsx */
extern const cli_choices cli_ties;         /* pg_ties */
extern const cli_choices cli_conf_types;   /* pg_conf_type */
extern const cli_choices cli_weights;      /* pg_weights */
extern const cli_choices cli_adjusts;      /* pg_adjust */
extern const cli_choices cli_transforms;   /* pg_zph_transform */
extern const cli_choices cli_resid_types;  /* pg_resid_type */
extern const cli_choices cli_plot_funs;    /* pg_plot_fun */
extern const cli_choices cli_sr_dists;     /* pg_sr_dist: survreg's distributions */

#endif
