# export_public_datasets.R -- the public datasets with published results, as bundled in
# datasets/. Run: Rscript scripts/export_public_datasets.R (needs r-cran-mass).
suppressMessages(library(MASS))
# Freireich's 6-MP trial as analysed by Gehan (1965): remission times in weeks of 42 children
# with acute leukaemia in 21 pairs; cens 1 = relapse, 0 = censored; treat 6-MP or control.
g <- MASS::gehan
names(g) <- c("pair", "weeks", "relapse", "treat")
write.csv(g, "datasets/gehan_6mp.csv", row.names = FALSE)
# Odense malignant melanoma series (Andersen et al. 1993): 205 patients after radical surgery,
# 1962-77. time in days; status 1 = died of melanoma, 2 = alive, 3 = died of other causes;
# sex 1 = male; thickness in mm; ulcer 1 = present.
m <- MASS::Melanoma
m$sex <- ifelse(m$sex == 1, "M", "F")
m$ulcer <- ifelse(m$ulcer == 1, "present", "absent")
m$status <- c("melanoma", "alive", "other")[m$status]
m$years <- m$time / 365.25
write.csv(m, "datasets/melanoma.csv", row.names = FALSE)
