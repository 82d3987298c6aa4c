#!/usr/bin/env bash
# table_office.sh -- `prognos table --format docx|xlsx`: valid packages holding the text table's
# cells in order (Spanish labels, accents), the csv-format numbers in the xlsx, -o required.
PG=$1 SRC=$2
. "$SRC/tests/cli/lib.bash"
lms="$SRC/datasets/lms_synthetic.csv"
F='Surv(months, status == "DOD") ~ depth + I(size_cm > 5) + fnclcc(diff, mitoses, necrosis) + sex + strata(source)'

# The cells of a docx table or an xlsx sheet, one row a line, cells joined by '|'; every XML
# part must parse (python3's xml.dom.minidom), as a word processor's reader would require.
cells() {
    python3 - "$1" <<'PY'
import sys, zipfile, xml.dom.minidom
import xml.etree.ElementTree as ET
path = sys.argv[1]
z = zipfile.ZipFile(path)
for name in z.namelist():
    if name.endswith(".xml") or name.endswith(".rels"):
        xml.dom.minidom.parseString(z.read(name))
if path.endswith(".docx"):
    W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    doc = ET.fromstring(z.read("word/document.xml"))
    for p in doc.find(W + "body"):
        if p.tag == W + "tbl":
            for tr in p.iter(W + "tr"):
                print("|".join("".join(t.text or "" for t in tc.iter(W + "t"))
                               for tc in tr.iter(W + "tc")))
        elif p.tag == W + "p":
            print("P:" + "".join(t.text or "" for t in p.iter(W + "t")))
else:
    S = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
    ss = ET.fromstring(z.read("xl/sharedStrings.xml"))
    strs = ["".join(t.text or "" for t in si.iter(S + "t")) for si in ss.findall(S + "si")]
    sheet = ET.fromstring(z.read("xl/worksheets/sheet1.xml"))
    def col(ref):
        n = 0
        for ch in ref:
            if ch.isalpha(): n = 26 * n + ord(ch) - 64
        return n - 1
    for row in sheet.iter(S + "row"):
        out = {}
        for c in row.findall(S + "c"):
            v = c.find(S + "v")
            out[col(c.get("r"))] = strs[int(v.text)] if c.get("t") == "s" else "num:" + v.text
        print("|".join(out.get(k, "") for k in range(max(out) + 1)))
PY
}

for fmt in docx xlsx; do
    run "$PG" table -f "$F" "$lms" --lang es --format "$fmt" -o "$TMPD/t.$fmt"
    expect_rc 0 "format $fmt"
    unzip -tq "$TMPD/t.$fmt" >/dev/null 2>&1 && ok "$fmt is a sound zip" || fail "$fmt zip test"
    cells "$TMPD/t.$fmt" >"$TMPD/$fmt.cells" 2>"$TMPD/$fmt.perr" && ok "$fmt parts parse" \
        || { cat "$TMPD/$fmt.perr"; fail "$fmt parts do not parse"; }
done
# A re-run writes the same bytes (no creation time in docProps/core.xml, fixed zip dates)
for fmt in docx xlsx; do
    sleep 1
    "$PG" table -f "$F" "$lms" --lang es --format "$fmt" -o "$TMPD/again.$fmt" 2>/dev/null
    cmp -s "$TMPD/t.$fmt" "$TMPD/again.$fmt" && ok "$fmt re-run is byte-identical" \
        || fail "$fmt differs between runs"
done
unzip -p "$TMPD/t.docx" word/document.xml | python3 -c 'import sys, xml.dom.minidom as m; m.parse(sys.stdin)' \
    && ok "unzip -p document.xml is well formed" || fail "document.xml not well formed"

# The docx holds the text format's cells, in order: the md table, cell by cell.
"$PG" table -f "$F" "$lms" --lang es --format md 2>/dev/null \
    | grep '^|' | grep -v '^| *:*-' | sed 's/^| *//; s/ *|$//; s/ *| */|/g' >"$TMPD/md.cells"
grep -v '^P:' "$TMPD/docx.cells" >"$TMPD/docx.table"
diff "$TMPD/md.cells" "$TMPD/docx.table" >"$TMPD/diff" && ok "docx cells = md cells" \
    || { cat "$TMPD/diff"; fail "docx cells differ from md"; }
head -1 "$TMPD/docx.cells" | grep -qx 'P:Factores pronósticos de Surv(months, status == "DOD")' \
    && ok "docx title" || fail "docx title"
grep -q '^Factor|Categoría|n (%)|Eventos|Supervivencia a 60 meses' "$TMPD/docx.table" \
    && ok "docx Spanish header" || fail "docx Spanish header"
grep -q '^|Sí|71 (14.8)|24|' "$TMPD/docx.table" && ok "docx accented level" || fail "docx Sí"
grep -q '^P:HR: modelos de riesgos proporcionales de Cox' "$TMPD/docx.cells" \
    && ok "docx footnotes" || fail "docx footnotes"
unzip -p "$TMPD/t.docx" word/document.xml | grep -q '<w:tblHeader/>' \
    && ok "docx header row repeats" || fail "no tblHeader"
unzip -p "$TMPD/t.docx" word/document.xml | grep -q '<w:insideV w:val="nil"/>' \
    && ok "docx no vertical rules" || fail "vertical rules"

# The xlsx: title, then the same cells as the docx; numbers where the cell is one: events as
# the csv format's counts, p-values as the text shows them. Labels ("1", "2" levels) stay text.
sed -n 1p "$TMPD/xlsx.cells" | grep -qx 'Factores pronósticos de Surv(months, status == "DOD")' \
    && ok "xlsx title" || fail "xlsx title"
sed 's/num://g' "$TMPD/xlsx.cells" | sed -n '2,11p' >"$TMPD/xlsx.table"
# a number cell is compared by value: "5" in the text, 5 stored in the sheet
python3 - "$TMPD/docx.table" "$TMPD/xlsx.table" <<'PY' && ok "xlsx cells = docx cells" || fail "xlsx cells differ"
import sys
a = [l.rstrip("\n").split("|") for l in open(sys.argv[1])]
b = [l.rstrip("\n").split("|") for l in open(sys.argv[2])]
def same(x, y):
    if x == y: return True
    try: return float(x) == float(y)
    except ValueError: return False
bad = [(i, j, x, y) for i, (ra, rb) in enumerate(zip(a, b)) for j, (x, y) in
       enumerate(zip(ra, rb + [""] * (len(ra) - len(rb)))) if not same(x, y)]
if len(a) != len(b) or bad: print(len(a), len(b), bad[:5]); sys.exit(1)
PY
# events as numbers equal to the csv format's events column (R: the d of survfit per level)
"$PG" table -f "$F" "$lms" --format csv 2>/dev/null | python3 -c '
import csv, sys; print(" ".join(r["events"] for r in csv.DictReader(sys.stdin)))' >"$TMPD/csv.events"
cut -d'|' -f4 "$TMPD/xlsx.cells" | sed -n '3,11p' | sed 's/^num://' | tr '\n' ' ' \
    | sed 's/ $//' >"$TMPD/xlsx.events"
diff -w "$TMPD/csv.events" "$TMPD/xlsx.events" >/dev/null && ok "xlsx events = csv events" \
    || { cat "$TMPD/csv.events" "$TMPD/xlsx.events"; fail "xlsx events"; }
grep -q '^|Sí|71 (14.8)|num:24|' "$TMPD/xlsx.cells" && ok "xlsx events are numbers" \
    || fail "xlsx events not numbers"
grep -q '^fnclcc(diff, mitoses, necrosis)|1|230 (47.9)|num:3|.*|< 0.001 (tendencia)|' \
    "$TMPD/xlsx.cells" && ok "xlsx level text, trend p text" || fail "xlsx fnclcc row"
grep -q '|num:0.13$' "$TMPD/xlsx.cells" && ok "xlsx p as number" || fail "xlsx p number"
grep -q '^HR: modelos de riesgos proporcionales de Cox' "$TMPD/xlsx.cells" \
    && ok "xlsx footnotes" || fail "xlsx footnotes"
unzip -p "$TMPD/t.xlsx" xl/styles.xml | grep -q 'formatCode="0.000"' \
    && ok "xlsx p keeps three decimals" || fail "xlsx number format"

# Binary formats need -o; no file is left by a failure.
for fmt in docx xlsx; do
    run "$PG" table -f "$F" "$lms" --format "$fmt"; expect_rc 2 "$fmt to stdout"
    expect_err "--format $fmt writes a zip file: give it a name with -o FILE.$fmt"
    [ -z "$out" ] && ok "nothing on stdout" || fail "bytes on stdout"
    run "$PG" table -f "$F" "$lms" --format "$fmt" -o -; expect_rc 2 "$fmt to -o -"
    run "$PG" table -f 'Surv(months, status == "DOD") ~ nosuch' "$lms" --format "$fmt" \
        -o "$TMPD/bad.$fmt"
    expect_rc 2 "$fmt bad formula"; expect_no_file "$TMPD/bad.$fmt"
done
run "$PG" table -f "$F" "$lms" --format docx -o "$TMPD/nodir/t.docx"
expect_rc 2 "docx into a missing directory"; expect_err "cannot create output file"
run "$PG" table --help; expect_rc 0 "help"
printf '%s' "$out" | tr -s ' \n' '  ' | grep -q 'docx (Word) and xlsx (Excel) need -o FILE' \
    && ok "help names docx and xlsx" || fail "help lacks docx/xlsx"
done_testing
