#!/usr/bin/env python3
# check_docs.py -- keep the examples in README.md and docs/*.md true.
#
# In every ``` block, a line "$ COMMAND" that runs prognos (or `cat` of a file) is run with bash,
# `prognos` being the binary given, and what it prints must equal the lines that follow, up to
# the next "$ " line or the end of the block: standard output then standard error, or standard
# error first, or standard output alone (an example may leave standard error out). Trailing blank
# lines do not count. "# exit N" at the end of an output line states the exit status, which is
# checked too; an example without it must exit 0 (a failing command is documented as failing). A line "..." (any indentation, optionally followed by ",") stands for any number
# of lines.
#
# Examples run in a scratch directory whose entries link to the work tree's top-level entries,
# so what they write (-o, --script, mkdir) stays out of the work tree; a block preceded by the
# comment <!-- cwd: DIR --> runs in DIR (relative to the work tree) instead, one preceded by
# <!-- needs: PROGRAM --> is skipped when PROGRAM is not on PATH (gnuplot), and one preceded by
# <!-- check: no --> is not run. Commands that measure time (scripts/bench*) or read files that
# are not in the repository (new.csv) are skipped.
#
#   python3 scripts/check_docs.py [--update] PROGNOS [FILE.md ...]    (from the work tree)
#
# Exit status 0 when every example matches, 1 otherwise (each mismatch is shown as a diff).
# --update rewrites each differing example with what the command printed (keeping the order of
# standard output and error the example had, and cutting at a final "..." line as before); read
# `git diff` afterwards: a changed number is a changed result.
import difflib, os, re, shutil, subprocess, sys, tempfile

EXIT = re.compile(r"\s+# exit (\d+)$")

def examples(lines):
    """Yield (cwd, command, first, end) for each example: lines[first:end] is its output."""
    cwd, check, inside = ".", True, False
    have = lambda prog: shutil.which(prog) is not None
    cmd = None
    for i, ln in enumerate(lines + ["```"]):
        if not inside:
            m = re.match(r"\s*<!-- cwd: (\S+) -->", ln)
            cwd = m.group(1) if m else cwd
            check = check and not re.match(r"\s*<!-- check: no -->", ln)
            m = re.match(r"\s*<!-- needs: (\S+) -->", ln)
            check = check and not (m and not have(m.group(1)))
            inside = ln.startswith("```")
            continue
        if ln.startswith("```") or ln.startswith("$ "):
            if cmd is not None and check:
                yield cwd, cmd, first, i
            cmd = None
            if ln.startswith("```"):
                inside, cwd, check = False, ".", True
            else:
                cmd, first = ln[2:], i + 1
        elif cmd is not None and first == i and cmd.endswith("\\"):
            cmd, first = cmd[:-1] + " " + ln.strip(), i + 1    # a continued command line

def matches(expected, got):
    """expected may hold '...' lines, each matching any run of lines."""
    if not expected:
        return not got
    head = expected[0]
    if head.strip().rstrip(",") == "...":
        return any(matches(expected[1:], got[i:]) for i in range(len(got) + 1))
    return bool(got) and got[0].rstrip() == head.rstrip() and matches(expected[1:], got[1:])

def runnable(cmd):
    if "bench" in cmd or "new.csv" in cmd:
        return False
    return re.search(r"(^|[|;] *|=\S+ )prognos ", cmd) or re.match(r"cat \S+$", cmd)

def trim(ls):
    while ls and ls[-1].strip() == "":
        ls = ls[:-1]
    return ls

def rewrite(exp, out, err, status):
    """The example's new output: in the order the old one had, cut where it was cut."""
    first = next((l for l in exp if l.strip()), "")
    prefix = err[0].split(":")[0] + ":" if err else None    # "prognos cox:"
    new = err + out if prefix and first.startswith(prefix) else out + err
    if exp and exp[-1].strip().rstrip(",") == "..." and "..." not in [l.strip() for l in exp[:-1]]:
        new = new[:len(exp) - 1] + [exp[-1]]
    if status and new:
        new[-1] += "   # exit %d" % status
    return new

def main():
    args = sys.argv[1:]
    update = bool(args) and args[0] == "--update"
    args = args[1:] if update else args
    binary = os.path.abspath(args[0])
    files = args[1:] or ["README.md"] + sorted(
        os.path.join("docs", f) for f in os.listdir("docs") if f.endswith(".md"))
    bindir, scratch = tempfile.mkdtemp(), tempfile.mkdtemp()
    os.symlink(binary, os.path.join(bindir, "prognos"))
    env = dict(os.environ, PATH=bindir + os.pathsep + os.environ["PATH"], LC_ALL="C")
    for entry in os.listdir("."):
        if not entry.startswith("."):
            os.symlink(os.path.abspath(entry), os.path.join(scratch, entry))
    ran = failed = 0
    for path in files:
        lines = open(path, encoding="utf-8").read().split("\n")
        edits = []
        for cwd, cmd, first, end in examples(lines):
            if not runnable(cmd):
                continue
            ran += 1
            p = subprocess.run(["bash", "-c", cmd], cwd=scratch if cwd == "." else cwd,
                               env=env, capture_output=True, text=True)
            out, err = trim(p.stdout.split("\n")), trim(p.stderr.split("\n"))
            exp = trim(lines[first:end])
            status = [int(m.group(1)) for m in map(EXIT.search, exp + [cmd]) if m]
            bare = [EXIT.sub("", l) for l in exp]
            same = matches(bare, out + err) or matches(bare, err + out) or matches(bare, out)
            # a failing command must say so: "# exit N" (an example that shows nothing of a
            # failure, its message on stderr unseen, would pass otherwise)
            documented = status[0] if status else 0
            if same and all(s == p.returncode for s in status) and p.returncode == documented:
                continue
            failed += 1
            print("%s:%d: $ %s" % (path, first, cmd))
            if same:
                print("exit status %d, documented %d%s" % (p.returncode, documented,
                      "" if status else " (no '# exit N')"))
                if err and p.returncode:
                    print("stderr: " + "\n".join(err[:3]))
            else:
                sys.stdout.writelines(difflib.unified_diff(
                    [l + "\n" for l in bare], [l + "\n" for l in out + err],
                    "documented", "actual", n=1))
            if update:
                new = rewrite(bare, out, err, p.returncode)
                edits.append((first, first + len(exp), new))
        for first, end, new in reversed(edits):
            lines[first:end] = new
        if edits:
            open(path, "w", encoding="utf-8").write("\n".join(lines))
    shutil.rmtree(bindir)
    shutil.rmtree(scratch)
    print("check_docs: %d examples, %d differ%s" % (ran, failed, " (updated)" if update else ""))
    return 1 if failed and not update else 0

if __name__ == "__main__":
    sys.exit(main())
