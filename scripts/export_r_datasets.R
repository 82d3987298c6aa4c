# export_r_datasets.R -- write the public datasets that ship with R's survival and MASS packages
# to tests/data/*.csv, so that tests and fixtures use the very rows R used. CI does not need R:
# the CSV files are committed. Run: Rscript scripts/export_r_datasets.R
suppressMessages({ library(survival); library(MASS) })
out <- function(df, name) {
  write.csv(df, file.path("tests/data", paste0(name, ".csv")), row.names = FALSE, na = "NA")
}
out(survival::aml, "aml")              # AML maintenance trial (Embury 1977): time, status, x
out(survival::lung, "lung")            # NCCTG lung cancer: status 1/2, NAs in covariates
out(survival::veteran, "veteran")      # VA lung cancer trial: celltype factor, karno, ...
out(survival::ovarian, "ovarian")      # ovarian cancer: futime, fustat, age, rx, ...
out(survival::colon[survival::colon$etype == 2, ], "colon_death")  # colon: death endpoint
out(survival::pbc[1:312, ], "pbc")     # PBC randomised subset: status 0/1/2 (2 = death)
out(survival::rats, "rats")            # litter-matched rats: cluster(litter)
out(survival::bladder1[, c("id", "treatment", "number", "size", "start", "stop", "status")],
    "bladder1")
# Gehan (1965) 6-MP leukaemia trial as MASS::gehan: pair, time, cens, treat
out(MASS::gehan, "gehan")
# Odense melanoma (Andersen et al. 1993), MASS::Melanoma: status 1 = died of melanoma,
# 2 = alive, 3 = died of other causes
out(MASS::Melanoma, "melanoma")
# parametric regression (survreg): KMsurv's larynx cancer series (stage, age; delta = death),
# survival::tobin (left censored at 0), KMsurv's bcdeter breast cosmesis visits (interval
# censored: lower, upper with NA for right censored)
out(local({ data(larynx, package = "KMsurv", envir = environment()); larynx }), "larynx")
out(survival::tobin, "tobin")
out(local({ data(bcdeter, package = "KMsurv", envir = environment()); bcdeter }), "bcdeter")
# Counting-process data (start, stop]:
# Stanford heart transplant (Crowley & Hu 1977) as survival's heart (jasa1): time-varying
# transplant indicator, one to two rows per id
out(survival::heart, "heart")
# chronic granulomatous disease trial, counting-process form: several infections per id
out(survival::cgd[, c("id", "center", "treat", "sex", "age", "inherit", "steroids", "tstart",
                      "tstop", "status", "enum")], "cgd")
# Channing House (Hyde 1980), KMsurv::channing: entry and exit age in months (left truncation)
data(channing, package = "KMsurv")
out(channing[channing$age > channing$ageentry, ], "channing")   # drops 4 rows of length 0
# veteran split at 30, 90 and 180 days (survSplit): the fit equals the unsplit one
out(survSplit(Surv(time, status) ~ ., data = survival::veteran, cut = c(30, 90, 180),
              episode = "tgroup", id = "id"), "veteran_split")
