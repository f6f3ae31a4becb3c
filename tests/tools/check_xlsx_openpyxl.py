#!/usr/bin/env python3
"""Reads an XLSX with openpyxl (Excel's own cell model) and prints, as JSON, the header row and
every cell of the data rows as [data_type, Python type, value]. Exit 77 when openpyxl is missing.

    python3 tests/tools/check_xlsx_openpyxl.py FILE.xlsx
"""
import json
import sys

try:
    import openpyxl
except ImportError:
    print("SKIP: python3 module openpyxl is not installed (apt-get install python3-openpyxl)")
    sys.exit(77)

book = openpyxl.load_workbook(sys.argv[1])
sheet = book.worksheets[0]
rows = list(sheet.iter_rows())
out = {
    "sheet": sheet.title,
    "header": [c.value for c in rows[0]],
    "rows": [[[c.data_type, type(c.value).__name__, str(c.value)] for c in r] for r in rows[1:]],
}
print(json.dumps(out, ensure_ascii=False))
