# plan.R -- the R side of scripts/bench/plan.sh: the benchmark's whole analysis in one Rscript
# process, as one R script would do it: data.table::fread, survival::survfit (KM by group),
# survival::survdiff (log-rank by group), survival::coxph (x1..x5 + sex, Efron ties), then the
# numbers the two sides must agree on written as JSON. The analysis code is commands.R's
# ("all"); this file only keeps the plan benchmark's R side in one place.
# Usage: Rscript plan.R data.csv out.json
args <- commandArgs(TRUE)
if (length(args) != 2) stop("usage: Rscript plan.R data.csv out.json")
here <- dirname(sub("^--file=", "", grep("^--file=", commandArgs(FALSE), value = TRUE)[1]))
commandArgs <- function(trailingOnly = FALSE) c("all", args)
source(file.path(here, "commands.R"))
