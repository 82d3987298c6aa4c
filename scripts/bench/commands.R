# commands.R -- the R side of scripts/bench/commands.sh: one analysis as a user would run it in
# its own Rscript process (data.table::fread + one call), or all three in one process.
# Usage: Rscript commands.R km|logrank|cox|all data.csv out.json
# Writes JSON with what the two sides must agree on: n, the KM medians, the log-rank chi-square,
# the Cox coefficients and log-likelihood (only those the analysis computes).
suppressMessages({ library(survival); library(data.table) })
args <- commandArgs(TRUE)
what <- args[1]
d <- fread(args[2])
num <- function(x) paste(sprintf("%.17g", x), collapse = ", ")
out <- sprintf('  "n": %d', nrow(d))
if (what %in% c("km", "all")) {
    km <- survfit(Surv(time, event) ~ group, d)
    out <- c(out, sprintf('  "km_median": [%s]', num(unname(quantile(km, 0.5)$quantile))))
}
if (what %in% c("logrank", "all")) {
    lr <- survdiff(Surv(time, event) ~ group, d)
    out <- c(out, sprintf('  "logrank_chisq": %s', num(lr$chisq)))
}
if (what %in% c("cox", "all")) {
    fit <- coxph(Surv(time, event) ~ x1 + x2 + x3 + x4 + x5 + sex, d)
    out <- c(out, sprintf('  "cox_coef": [%s]', num(unname(coef(fit)))),
             sprintf('  "cox_loglik": %s', num(fit$loglik[2])))
}
writeLines(c("{", paste(out, collapse = ",\n"), "}"), args[3])
