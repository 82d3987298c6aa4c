# assemble_readme.py -- README.md is assembled from docs/: the head (docs/_head.md), one section
# per module (docs/<module>.md, headings shifted so each section starts at ##) and the tail
# (docs/_tail.md). Edit those files, then run from the repository root:
#   python3 scripts/assemble_readme.py
import re, sys
order = ["describe", "formula", "km", "logrank", "cox", "firth", "zph", "plot", "table",
         "simulate", "performance"]
head = open("docs/_head.md").read()
tail = open("docs/_tail.md").read()
out = [head]
for name in order:
    try:
        text = open(f"docs/{name}.md").read()
    except FileNotFoundError:
        print("missing", name, file=sys.stderr)
        continue
    lines = text.split("\n")
    top = None
    in_code = False
    res = []
    for ln in lines:
        if ln.startswith("```"):
            in_code = not in_code
        m = re.match(r"^(#+) ", ln) if not in_code else None
        if m:
            lvl = len(m.group(1))
            if top is None:
                top = lvl
            ln = "#" * (lvl - top + 2) + ln[lvl:]
        res.append(ln)
    out.append("\n".join(res).strip() + "\n")
out.append(tail)
open("README.md", "w").write("\n".join(out))
