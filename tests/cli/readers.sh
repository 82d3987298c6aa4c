#!/usr/bin/env bash
# readers.sh -- the readers of other formats (docs/readers.md): every file R wrote from a bundled
# CSV (scripts/fixtures/readers.R) gives exactly the CSV's km, logrank and cox JSON; value labels
# give haven::as_factor's levels; encodings; damaged files exit 2 naming the file and what is
# wrong, with no -o file left.
PG=$1 SRC=$2
. "$SRC/tests/cli/lib.bash"
R="$SRC/tests/data/readers"

# same_json FORMULA CSV FILE [OPTIONS...]: km, logrank and cox on FILE give the CSV's JSON
same_json() {
    local f=$1 csv=$2 file=$3
    shift 3
    for cmd in km logrank cox; do
        "$PG" "$cmd" -f "$f" --format json "$csv" >"$TMPD/want" 2>/dev/null
        run "$PG" "$cmd" -f "$f" --format json "$@" "$file"
        # the same JSON apart from "input", which records the file read and its options
        if [ "$rc" -eq 0 ] && python3 -c '
import json, sys
a, b = (json.load(open(p)) for p in sys.argv[1:])
for d in (a, b): d.pop("input", None)
sys.exit(a != b)' "$TMPD/want" "$TMPD/out"; then
            ok "$cmd on $(basename "$file") = its CSV"
        else
            fail "$cmd on $(basename "$file") differs from $(basename "$csv")"
        fi
    done
}

LMS="$SRC/datasets/lms_synthetic.csv"
for ext in sav zsav dta xpt xlsx; do
    same_json 'Surv(months, status == "DOD") ~ depth + age' "$LMS" "$R/lms_synthetic.$ext"
    same_json 'Surv(time, status == "melanoma") ~ sex + age' "$SRC/datasets/melanoma.csv" \
        "$R/melanoma.$ext"
done
# content, not the name: a workbook renamed .csv
cp "$R/melanoma.xlsx" "$TMPD/book.csv"
same_json 'Surv(time, status == "melanoma") ~ sex' "$SRC/datasets/melanoma.csv" "$TMPD/book.csv"
# pooling mixed formats: an .xlsx and a .sav pool like their two CSVs
cp "$SRC/datasets/melanoma.csv" "$TMPD/m1.csv"; cp "$SRC/datasets/melanoma.csv" "$TMPD/m2.csv"
"$PG" describe --format json "$TMPD/m1.csv" "$TMPD/m2.csv" >"$TMPD/want"
cp "$R/melanoma.xlsx" "$TMPD/m1.xlsx"; cp "$R/melanoma.sav" "$TMPD/m2.sav"
run "$PG" describe --format json "$TMPD/m1.xlsx" "$TMPD/m2.sav"
sed 's/m1.xlsx/m1.csv/; s/m2.sav/m2.csv/' "$TMPD/out" | cmp -s - "$TMPD/want" \
    && ok "pooled .xlsx + .sav = pooled CSVs" || fail "pooled .xlsx + .sav differ"

# value labels: haven::as_factor's level order (low < intermediate < high, not alphabetical),
# SPSS user missing 999 and Stata .a missing, the date column a date (its range as ISO dates)
for ext in sav dta; do
    run "$PG" describe "$R/labelled.$ext"
    expect_rc 0 "describe labelled.$ext"
    expect_out "low 69 (33.7%), intermediate 68 (33.2%), high 68 (33.2%)"
    expect_out "Male 79 (38.5%), Female 126 (61.5%)"
    expect_out "thickness numeric     202       3"
    expect_out "diagnosis date        205       0"; expect_out "1963-12-23 1962-01-08–1965-12-06"
    # R: coef(coxph(Surv(time, died) ~ grade + thickness, droplevels(as_factor(read_sav(...)))))
    #    gradeintermediate 0.2950020531, gradehigh 0.4806284474, thickness 0.1626361339
    run "$PG" cox -f 'Surv(time, died) ~ grade + thickness' "$R/labelled.$ext"
    expect_out "grade=intermediate 0.29500"
    expect_out "grade=high         0.48063"
    case $ext in   # SPSS/Stata variable labels name the rows by default (docs/labels.md)
    sav|dta) expect_out "Tumour thickness (mm)           0.16264";;
    *) expect_out "thickness          0.16264";;
    esac
done
run "$PG" describe --codes "$R/labelled.sav"
expect_rc 0 "--codes"; expect_out "grade     numeric 205       0 1.995 (0.8195)"
run "$PG" describe --format json "$R/labelled.sav"
expect_out '"label": "Histological grade"'

# encodings: Windows-1252 (with a note) and UTF-16 with a byte-order mark read as UTF-8
F='Surv(tiempo, estado == "melanoma") ~ sexo + úlcera'
same_json "$F" "$R/clinic.csv" "$R/clinic_cp1252.csv"
same_json "$F" "$R/clinic.csv" "$R/clinic_utf16.csv"
run "$PG" km -f "$F" "$R/clinic_cp1252.csv"
expect_err "note: $R/clinic_cp1252.csv is not valid UTF-8: read as Windows-1252"
same_json "$F" "$R/clinic.csv" "$R/clinic_cp1252.csv" --encoding ISO-8859-1
run "$PG" describe --encoding UTF-8 "$R/clinic_cp1252.csv"
expect_rc 2 "--encoding UTF-8 insists"; expect_err "clinic_cp1252.csv:1:4: invalid UTF-8 (byte 0xFA) in '\\xFAlcera'"
run "$PG" describe --encoding NOSUCH "$R/clinic.csv"
expect_rc 2 "unknown encoding"; expect_err "unknown encoding 'NOSUCH'"

# xlsx cells: sheets by name and number, strings, booleans, dates, #N/A, cached formulas
run "$PG" describe --sheet Cases --format csv "$R/cells.xlsx"
expect_rc 0 "--sheet Cases"
expect_out 'group,categorical,4,0,,,,,,,,"Arm 1 (1), B (3)"'
expect_out 'diagnosis,date,4,0,2019-01-01,2019-01-02,2019-01-05,,,,,'
expect_out 'seen,date,3,1,2019-01-01 18:00:00,2019-01-02 12:00:00,2019-01-05 06:00:00,,,,,'
expect_out 'flag,categorical,3,1,,,,,,,,"FALSE (1), TRUE (2)"'
expect_out 'score,numeric,3,1,'
"$PG" describe --sheet Cases "$R/cells.xlsx" >"$TMPD/want"
run "$PG" describe --sheet 2 "$R/cells.xlsx"
[ "$out" = "$(cat "$TMPD/want")" ] && ok "--sheet 2 = --sheet Cases" || fail "--sheet 2"
run "$PG" describe "$R/cells.xlsx"; expect_out "notes  categorical 1       0 read the second sheet 1 (100.0%)"
run "$PG" describe "$R/date1904.xlsx"; expect_out "day    date    2       0"; expect_out "1904-01-01–2017-12-31"

# damaged and unreadable files: exit 2, the file and the problem named, no -o file
bad() {   # bad FILE MESSAGE [OPTIONS...]
    local file=$1 msg=$2
    shift 2
    run "$PG" km -f 'Surv(time, status) ~ 1' -o "$TMPD/res.txt" "$@" "$file"
    expect_rc 2 "$(basename "$file") $*"
    expect_err "$msg"
    expect_no_file "$TMPD/res.txt"
}
head -c 7000 "$R/melanoma.xlsx" >"$TMPD/cut.xlsx"
bad "$TMPD/cut.xlsx" "cut.xlsx: a damaged zip archive (is the workbook cut short?)"
head -c 7000 "$R/melanoma.sav" >"$TMPD/half.sav"
bad "$TMPD/half.sav" "half.sav: cannot read an SPSS data file"
head -c 7000 "$R/melanoma.dta" >"$TMPD/half.dta"
bad "$TMPD/half.dta" "half.dta: cannot read a Stata data file"
head -c 6050 "$R/melanoma.xpt" >"$TMPD/half.xpt"
bad "$TMPD/half.xpt" "half.xpt: a SAS transport file (xpt) cut short"
(cd "$TMPD" && echo hello >a.txt && python3 -c "import zipfile; zipfile.ZipFile('notbook.xlsx', 'w').write('a.txt')")
bad "$TMPD/notbook.xlsx" "notbook.xlsx: a zip archive but not an Excel workbook (it has no xl/workbook.xml)"
bad "$R/merged_header.xlsx" "merged_header.xlsx:Sheet1!B1: merged cells B1:C1"
bad "$R/ragged.xlsx" "ragged.xlsx:Sheet1!H14: a value right of the header's last column (G)"
bad "$R/div0.xlsx" "div0.xlsx:Sheet1!B3: the cell holds the error value #DIV/0!"
bad "$R/nocache.xlsx" "nocache.xlsx:Sheet1!B3: a formula with no saved value"
bad "$R/leapbug.xlsx" "leapbug.xlsx:Sheet1!A2: serial day 60 is 1900-02-29"
bad "$R/cells.xlsx" "cells.xlsx: no sheet 'Data'; the sheets are 'Notes', 'Cases' (or a number, 1 to 2)" --sheet Data
bad "$R/melanoma.sav" "melanoma.sav: given as xlsx, but its content is an SPSS data file" --input-format xlsx
bad "$R/melanoma.sav" "unknown input format 'spsss'" --input-format spsss
# a typing error inside a workbook names its cell
run "$PG" describe --numeric status "$R/melanoma.xlsx"
expect_rc 2 "--numeric on text"; expect_err "melanoma.xlsx:Sheet 1!B2: cannot parse 'other' as a number in column 'status'"
run "$PG" describe --numeric sex "$R/melanoma.sav"
expect_rc 2 "--numeric on text in .sav"; expect_err "melanoma.sav:case 1, variable sex: cannot parse 'M' as a number in column 'sex'"

done_testing
