# pipeline.R -- the R side of scripts/bench/run.sh: read with data.table::fread, Kaplan-Meier by
# group, log-rank by group, Cox with six covariates (Efron), write JSON. Prints phase times.
# Usage: Rscript pipeline.R data.csv out.json
suppressMessages({ library(survival); library(data.table) })
args <- commandArgs(TRUE)
tm <- function(expr) { t0 <- proc.time()[["elapsed"]]; v <- expr; list(v, proc.time()[["elapsed"]] - t0) }
r <- tm(fread(args[1])); d <- r[[1]]; t_read <- r[[2]]
r <- tm(survfit(Surv(time, event) ~ group, d)); km <- r[[1]]; t_km <- r[[2]]
med <- unname(quantile(km, 0.5)$quantile)
r <- tm(survdiff(Surv(time, event) ~ group, d)); lr <- r[[1]]; t_lr <- r[[2]]
r <- tm(coxph(Surv(time, event) ~ x1 + x2 + x3 + x4 + x5 + sex, d)); fit <- r[[1]]; t_cox <- r[[2]]
num <- function(x) paste(sprintf("%.17g", x), collapse = ", ")
writeLines(c("{", sprintf('  "n": %d,', nrow(d)),
             sprintf('  "km_median": [%s],', num(med)),
             sprintf('  "logrank_chisq": %s,', num(lr$chisq)),
             sprintf('  "cox_coef": [%s],', num(unname(coef(fit)))),
             sprintf('  "cox_loglik": %s', num(fit$loglik[2])), "}"), args[2])
cat(sprintf("phases read=%.3f km=%.3f logrank=%.3f cox=%.3f\n", t_read, t_km, t_lr, t_cox),
    file = stderr())
