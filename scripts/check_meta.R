# check_meta.R -- `prognos meta` against metafor through the CLI's JSON, beyond the committed
# fixtures: every method x test on dat.bcg (yi, SE), dat.hackshaw1998 (published ORs and CIs),
# k = 2, k = 3, a homogeneous set (tau2 at 0) and two near-identical studies; the SE of tau2,
# Q-profile CIs, the prediction interval and weights; leave1out, regtest, Peto's O-E/V and
# subgroups. metafor runs with tight convergence (its defaults stop at 1e-5 / 1.2e-4) and
# confint() with tau2.max = 1e6 (its default search stops at 100; docs/meta.md says why).
# Run from the repository root: Rscript scripts/check_meta.R build/dev/prognos
suppressMessages({ library(metafor); library(jsonlite) })
args <- commandArgs(trailingOnly = TRUE)
PG <- if (length(args)) args[1] else "build/dev/prognos"
tmp <- tempdir()
ctl <- list(tol = 1e-14, threshold = 1e-14, maxiter = 10000)
n_cmp <- 0; n_bad <- 0

same <- function(what, ours, theirs, tol = 1e-6) {
  if (is.null(ours)) ours <- NA
  if (is.null(theirs)) theirs <- NA
  n_cmp <<- n_cmp + 1
  if (is.na(ours) && is.na(theirs)) return(invisible())
  if (is.na(ours) != is.na(theirs) || abs(ours - theirs) > tol * max(1, abs(theirs))) {
    n_bad <<- n_bad + 1
    cat(sprintf("DIFF %s: prognos %.12g, metafor %.12g\n", what, ours, theirs))
  }
}

prognos <- function(opts) {
  out <- suppressWarnings(system2(PG, c("meta", opts, "--format", "json"), stdout = TRUE,
                                  stderr = TRUE))
  if (!is.null(attr(out, "status"))) stop("prognos meta ", paste(opts, collapse = " "), ": ", out)
  fromJSON(paste(out, collapse = "\n"), simplifyVector = FALSE)
}

compare_fit <- function(tag, j, fit, ratio) {
  back <- if (ratio) exp else identity
  pooled <- j$pooled
  same(paste(tag, "estimate"), pooled$log_estimate, fit$beta[1])
  same(paste(tag, "se"), pooled$std_err, fit$se)
  same(paste(tag, "z/t"), if (is.null(pooled$z)) pooled$t else pooled$z, fit$zval)
  same(paste(tag, "p"), pooled$p, fit$pval)
  same(paste(tag, "ci.lb"), pooled$conf_low, back(fit$ci.lb))
  same(paste(tag, "ci.ub"), pooled$conf_high, back(fit$ci.ub))
  same(paste(tag, "tau2"), j$tau2, fit$tau2)
  same(paste(tag, "QE"), j$q, fit$QE)
  same(paste(tag, "QEp"), j$q_p, fit$QEp)
  same(paste(tag, "I2"), j$i2, fit$I2)
  same(paste(tag, "H2"), j$h2, fit$H2)
  if (fit$method != "FE") {
    same(paste(tag, "se.tau2"), j$tau2_std_err, fit$se.tau2)
    ci <- confint(fit, control = list(tau2.max = 1e6, tol = 1e-13))$random
    same(paste(tag, "tau2 lb"), j$tau2_conf_low, ci["tau^2", "ci.lb"], 1e-5)
    same(paste(tag, "tau2 ub"), j$tau2_conf_high, ci["tau^2", "ci.ub"], 1e-5)
    same(paste(tag, "I2 lb"), j$i2_conf_low, ci["I^2(%)", "ci.lb"], 1e-5)
    same(paste(tag, "I2 ub"), j$i2_conf_high, ci["I^2(%)", "ci.ub"], 1e-5)
  }
  pr <- predict(fit)
  same(paste(tag, "pi.lb"), j$prediction$conf_low, back(if (is.null(pr$pi.lb)) pr$ci.lb else pr$pi.lb))
  same(paste(tag, "pi.ub"), j$prediction$conf_high, back(if (is.null(pr$pi.ub)) pr$ci.ub else pr$pi.ub))
  w <- weights(fit)
  for (i in seq_along(w)) same(paste(tag, "weight", i), j$studies[[i]]$weight, w[[i]])
}

bcg <- read.csv("tests/data/meta_bcg.csv")
hk <- read.csv("tests/data/meta_hackshaw.csv")
hk$yi <- log(hk$or)
hk$sei <- (log(hk$upper) - log(hk$lower)) / (2 * qnorm(0.975))
sets <- list(
  bcg = list(d = bcg, file = "tests/data/meta_bcg.csv", ratio = FALSE,
             opts = c("--yi", "yi", "--sei", "sei")),
  hackshaw = list(d = hk, file = "tests/data/meta_hackshaw.csv", ratio = TRUE,
                  opts = c("--hr", "or", "--lower", "lower", "--upper", "upper")))
small <- function(name, yi, sei) {
  d <- data.frame(study = paste0("s", seq_along(yi)), yi = yi, sei = sei)
  file <- file.path(tmp, paste0(name, ".csv"))
  write.csv(d, file, row.names = FALSE)
  list(d = d, file = file, ratio = FALSE, opts = c("--yi", "yi", "--sei", "sei"))
}
sets$k2 <- small("k2", c(-0.3, 0.4), c(0.2, 0.25))
sets$k3 <- small("k3", c(-0.3, 0.1, 0.5), c(0.2, 0.25, 0.3))
sets$homogeneous <- small("homog", c(-0.21, -0.2, -0.19, -0.22, -0.2), c(0.1, 0.15, 0.2, 0.12, 0.3))
sets$near_identical <- small("k2h", c(-0.2, -0.19), c(0.2, 0.25))

for (name in names(sets)) {
  s <- sets[[name]]
  for (m in c("FE", "DL", "REML", "ML", "PM", "HE", "SJ")) for (test in c("z", "knha")) {
    if (m == "FE" && test == "knha") next
    fit <- suppressWarnings(rma(s$d$yi, sei = s$d$sei, method = m, test = test, control = ctl))
    j <- prognos(c(s$opts, "--method", tolower(m), "--test", test, s$file))
    compare_fit(paste(name, m, test), j, fit, s$ratio)
  }
  k <- nrow(s$d)
  j <- prognos(c(s$opts, "--leave-one-out", if (k >= 3) "--egger", s$file))
  fit <- rma(s$d$yi, sei = s$d$sei, control = ctl)
  l1 <- leave1out(fit)
  for (i in seq_len(k)) {
    same(paste(name, "leave1out estimate", i), j$leave_one_out[[i]]$pooled$log_estimate,
         l1$estimate[i])
    same(paste(name, "leave1out Q", i), j$leave_one_out[[i]]$q, l1$Q[i])
    # one study left: rma() says tau2 = 0, prognos NA (not estimable), by design
    if (k > 2) same(paste(name, "leave1out tau2", i), j$leave_one_out[[i]]$tau2, l1$tau2[i])
  }
  if (k >= 3) {
    rt <- regtest(fit)
    limit <- j$egger$limit_estimate
    same(paste(name, "regtest z"), j$egger$z, rt$zval)
    same(paste(name, "regtest p"), j$egger$p, rt$pval)
    same(paste(name, "regtest limit"), if (s$ratio) log(limit) else limit, rt$est)
  }
}

j <- prognos(c("--oe", "oe", "--v", "v", "tests/data/meta_bcg.csv"))
same("Peto estimate", j$pooled$log_estimate, sum(bcg$oe) / sum(bcg$v))
same("Peto se", j$pooled$std_err, 1 / sqrt(sum(bcg$v)))
same("Peto Q", j$q, sum(bcg$oe^2 / bcg$v) - sum(bcg$oe)^2 / sum(bcg$v))

j <- prognos(c("--yi", "yi", "--sei", "sei", "--by", "alloc", "tests/data/meta_bcg.csv"))
fits <- list()
for (g in j$subgroups$groups) {
  f <- rma(yi, sei = sei, data = bcg, subset = alloc == g$group, control = ctl)
  fits[[g$group]] <- f
  same(paste("subgroup", g$group, "estimate"), g$pooled$log_estimate, f$beta[1])
  same(paste("subgroup", g$group, "tau2"), g$tau2, f$tau2)
}
qb <- rma(sapply(fits, function(f) f$beta[1]), sei = sapply(fits, function(f) f$se), method = "FE")
same("Q between", j$subgroups$q_between, qb$QE)
same("Q between p", j$subgroups$q_between_p, qb$QEp)

cat(sprintf("check_meta: %d comparisons, %d differ\n", n_cmp, n_bad))
quit(status = if (n_bad) 1 else 0)
