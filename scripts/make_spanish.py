#!/usr/bin/env python3
"""make_spanish.py -- datasets/lms_es_cp1252.csv, the Spanish twin of datasets/lms_synthetic.csv.

The same 480 SYNTHETIC patients, row for row and value for value, written the way a Spanish
hospital's Excel exports them: Windows-1252, ';' between fields, decimal commas, CRLF line ends,
Spanish column names with spaces, brackets and accents, and the codes written out in Spanish.
Every number of an analysis of this file must equal the English file's (tests/cli/spanish.sh
checks n, events, medians and hazard ratios), so the mapping keeps each categorical column's
levels in the same sorted order (Mujer < Varón as F < M, Dérmica < Subcutánea, Libre < Positivo
as clear < involved, No < Sí as 0 < 1): reference levels and signs of coefficients do not change.

Status (DOD/DOC/NED/AWD in the English file) is written out:
    DOD -> Muerto por enfermedad      DOC -> Muerto por otra causa
    NED -> Vivo sin enfermedad        AWD -> Vivo con enfermedad

Usage: python3 scripts/make_spanish.py   (rewrites datasets/lms_es_cp1252.csv; deterministic)
"""
import csv
import os

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
SRC = os.path.join(ROOT, "datasets", "lms_synthetic.csv")
DST = os.path.join(ROOT, "datasets", "lms_es_cp1252.csv")

# English column -> (Spanish header, value map or None for numbers, kept as they are)
CENTRES = {f"centre_{c}": f"Centro {c}" for c in "ABCDE"}
NO_SI = {"0": "No", "1": "Sí"}
COLUMNS = [
    ("id", "Nº historia", None),
    ("source", "Centro", CENTRES),
    ("age", "Edad (años)", None),
    ("sex", "Sexo", {"F": "Mujer", "M": "Varón"}),
    ("depth", "Profundidad", {"dermal": "Dérmica", "subcutaneous": "Subcutánea"}),
    ("site", "Localización", {"head_neck": "Cabeza y cuello", "lower_limb": "Miembro inferior",
                              "trunk": "Tronco", "upper_limb": "Miembro superior"}),
    ("size_cm", "Tamaño (cm)", None),
    ("diff", "Diferenciación", None),
    ("mitoses", "Mitosis", None),
    ("necrosis", "Necrosis", None),
    ("necrosis_pct", "Necrosis (%)", None),
    ("grade", "Grado FNCLCC", None),
    ("margin", "Margen", {"clear": "Libre", "involved": "Positivo"}),
    ("local_recurrence", "Recidiva local", NO_SI),
    ("lr_months", "Meses hasta recidiva", None),
    ("metastasis", "Metástasis", NO_SI),
    ("met_months", "Meses hasta metástasis", None),
    ("months", "Seguimiento (meses)", None),
    ("status", "Estado", {"DOD": "Muerto por enfermedad", "DOC": "Muerto por otra causa",
                          "NED": "Vivo sin enfermedad", "AWD": "Vivo con enfermedad"}),
]


def spanish_value(value, mapping):
    if value == "NA":
        return ""                      # Excel writes an empty cell
    if mapping is None:
        return value.replace(".", ",")  # decimal comma
    return mapping[value]              # KeyError: a code this script does not know


def main():
    with open(SRC, newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    for eng, _, mapping in COLUMNS:     # order-preserving maps keep R's reference levels
        if mapping is not None:
            assert sorted(mapping) == sorted(mapping, key=lambda k: mapping[k]) or eng in (
                "site", "status"), eng
    with open(DST, "w", newline="", encoding="cp1252") as f:
        w = csv.writer(f, delimiter=";", lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
        w.writerow([es for _, es, _ in COLUMNS])
        for r in rows:
            w.writerow([spanish_value(r[eng], m) for eng, _, m in COLUMNS])


if __name__ == "__main__":
    main()
