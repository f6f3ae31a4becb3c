#!/usr/bin/env python3
"""Opens a shapefile with fiona (no encoding given: it must follow the .cpg) and prints, as JSON,
the field names, the encoding fiona used and the first record's properties. Exit 77 when fiona
is missing.

    python3 tests/tools/check_fiona.py FILE.shp
"""
import json
import sys

try:
    import fiona
except ImportError:
    print("SKIP: python3 module fiona is not installed (apt-get install python3-fiona)")
    sys.exit(77)

with fiona.open(sys.argv[1]) as src:
    first = next(iter(src))
    out = {
        "fields": list(src.schema["properties"].keys()),
        "encoding": src.encoding,
        "first": {k: v for k, v in first["properties"].items()},
        "count": len(src),
    }
print(json.dumps(out, ensure_ascii=False))
