# check_simulation.R -- calibration of datasets/lms_synthetic.csv against the published figures
# (shared literature README): 5-year DSS, crude metastasis, size, sex ratio, and recovery of the
# generating hazard ratios by a Cox model stratified by centre. Run: Rscript scripts/check_simulation.R
suppressMessages(library(survival))
d <- read.csv("datasets/lms_synthetic.csv")
cat("n by depth\n"); print(table(d$depth))
f <- survfit(Surv(months, status == "DOD") ~ depth, d)
print(summary(f, times = c(60, 120))$surv)
cat("crude metastasis:\n"); print(tapply(d$metastasis, d$depth, mean))
cat("crude LR:\n"); print(tapply(d$local_recurrence, d$depth, mean))
cat("median size:\n"); print(tapply(d$size_cm, d$depth, median))
cat("male share:\n"); print(tapply(d$sex == "M", d$depth, mean))
cat("median follow-up (reverse KM):\n"); print(survfit(Surv(months, status %in% c("NED","AWD")) ~ 1, d))
cat("events DOD:", sum(d$status == "DOD"), " DOC:", sum(d$status=="DOC"), "\n")
print(table(d$grade, d$depth))
m <- coxph(Surv(months, status == "DOD") ~ depth + I(size_cm > 5) + factor(grade) + I(necrosis > 0) + sex + strata(source), d)
print(summary(m)$conf.int)
