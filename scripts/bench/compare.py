# compare.py -- the benchmarks' one check that prognos and R agree before any time is printed
# (commands.sh, plan.sh): n, the KM medians to 1e-9, the log-rank chi-square and the Cox
# coefficients to 1e-6, the Cox log-likelihood to 1e-8 (relative).

def close(x, y, tol):
    return abs(x - y) <= tol * max(1.0, abs(y))

def differences(w, p, r):
    """What differs between prognos's JSON p of analysis w (km, logrank, cox) and R's r."""
    bad = []
    if p["n"] != r["n"]:
        bad.append("%s n %s vs %s" % (w, p["n"], r["n"]))
    if w == "km":
        m = [c["median"]["estimate"] for c in p["curves"]]
        if len(m) != len(r["km_median"]) or not all(close(x, y, 1e-9)
                                                     for x, y in zip(m, r["km_median"])):
            bad.append("km medians %s vs %s" % (m, r["km_median"]))
    if w == "logrank" and not close(p["chisq"], r["logrank_chisq"], 1e-6):
        bad.append("chisq %r vs %r" % (p["chisq"], r["logrank_chisq"]))
    if w == "cox":
        b = [c["coef"] for c in p["coefficients"]]
        if len(b) != len(r["cox_coef"]) or not all(close(x, y, 1e-6)
                                                   for x, y in zip(b, r["cox_coef"])):
            bad.append("cox coef %s vs %s" % (b, r["cox_coef"]))
        if not close(p["loglik"]["final"], r["cox_loglik"], 1e-8):
            bad.append("loglik %r vs %r" % (p["loglik"]["final"], r["cox_loglik"]))
    return bad
