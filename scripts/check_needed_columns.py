#!/usr/bin/env python3
"""Reading only the needed columns (issue 19) gives what reading every column gives.

For every CSV file under datasets/ and tests/data/ (and the xlsx/sav/dta files of
tests/data/readers), runs `prognos km` and `prognos cox` with formulas made of the file's
columns (each pair of its first columns as Surv(time, status), each other column as the group
or covariate) under two binaries -- one that reads every column (OLD) and one that reads only
the needed ones (NEW) -- and compares exit status, stdout and stderr byte for byte. This
covers the summary-row check (issue 17) on every bundled file: a difference in what it finds
changes the exit status and stderr.

usage: scripts/check_needed_columns.py OLD NEW [MAX_PER_FILE]
"""
import csv, itertools, os, subprocess, sys

old, new = sys.argv[1], sys.argv[2]
cap = int(sys.argv[3]) if len(sys.argv) > 3 else 12
root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
files = []
for top in ("datasets", "tests/data"):
    for d, _, names in os.walk(os.path.join(root, top)):
        files += [os.path.join(d, n) for n in sorted(names) if n.endswith(".csv")]

def q(n):
    return n if n.replace("_", "a").replace(".", "a").isalnum() and not n[0].isdigit() else "`%s`" % n

def run(binary, args):
    p = subprocess.run([binary] + args, capture_output=True, timeout=60)
    return p.returncode, p.stdout, p.stderr.replace(binary.encode(), b"BIN")

runs = diffs = 0
for path in files:
    try:
        with open(path, newline="", encoding="utf-8", errors="replace") as fh:
            sample = fh.read(4096)
            delim = "\t" if sample.count("\t") > sample.count(",") else (
                ";" if sample.count(";") > sample.count(",") else ",")
            fh.seek(0)
            header = next(csv.reader(fh, delimiter=delim))
    except (StopIteration, csv.Error, UnicodeError):
        continue
    header = [h for h in header if h and "`" not in h and "\0" not in h]
    if len(header) < 3:
        continue
    forms = []
    for t, s in itertools.permutations(header[:5], 2):
        for g in header:
            if g not in (t, s):
                forms.append(("km", "Surv(%s, %s) ~ %s" % (q(t), q(s), q(g))))
                forms.append(("cox", "Surv(%s, %s) ~ %s" % (q(t), q(s), q(g))))
    step = max(1, len(forms) // cap)
    for cmd, f in forms[::step][:cap]:
        args = [cmd, "-f", f, "--format", "json", path]
        a, b = run(old, args), run(new, args)
        runs += 1
        if a != b:
            diffs += 1
            print("DIFFER: %s" % " ".join(args))
            print("  old:", a[0], a[2][:300])
            print("  new:", b[0], b[2][:300])
print("%d runs, %d differ" % (runs, diffs))
sys.exit(1 if diffs else 0)
