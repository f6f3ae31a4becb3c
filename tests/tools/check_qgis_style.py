#!/usr/bin/env python3
"""Loads an exported GeoPackage layer in QGIS (its default style from layer_styles, as the QGIS
desktop does) and checks that every feature gets a visible symbol from the categorised grade
renderer. Prints one line per grade value: value, count, category label. Exit 0 when every
feature is drawn, 1 when one is not, 77 when QGIS's Python bindings are missing.

    QT_QPA_PLATFORM=offscreen python3 tests/tools/check_qgis_style.py FILE.gpkg LAYER
"""
import os
import sys

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
try:
    from qgis.core import (QgsApplication, QgsCategorizedSymbolRenderer, QgsRenderContext,
                           QgsVectorLayer)
except ImportError:
    print("SKIP: QGIS Python bindings are not installed (apt-get install python3-qgis)")
    sys.exit(77)

path, name = sys.argv[1], sys.argv[2]
app = QgsApplication([], False)
app.initQgis()
layer = QgsVectorLayer(f"{path}|layername={name}", name, "ogr")
if not layer.isValid():
    print(f"FAIL: QGIS cannot open {path}|{name}")
    sys.exit(1)
renderer = layer.renderer()
if not isinstance(renderer, QgsCategorizedSymbolRenderer):
    print(f"FAIL: the default style is {type(renderer).__name__}, not the categorised grades")
    sys.exit(1)
print(f"renderer: categorised on {renderer.classAttribute()}, "
      f"{len(renderer.categories())} categories")
ctx = QgsRenderContext()
renderer.startRender(ctx, layer.fields())
field = renderer.classAttribute()
seen = {}
undrawn = 0
for feature in layer.getFeatures():
    value = feature[field]
    key = "NULL" if value is None or (hasattr(value, "isNull") and value.isNull()) else repr(value)
    symbol = renderer.symbolForFeature(feature, ctx)
    visible = symbol is not None and symbol.color().alpha() > 0 and symbol.opacity() > 0
    labels = [renderer.categories()[renderer.categoryIndexForValue(value)].label()
              if renderer.categoryIndexForValue(value) >= 0 else "(all other values)"]
    count, _, drawn = seen.get(key, (0, labels[0], True))
    seen[key] = (count + 1, labels[0], drawn and visible)
    undrawn += 0 if visible else 1
renderer.stopRender(ctx)
for key, (count, label, drawn) in sorted(seen.items()):
    print(f"{field} = {key}: {count} feature(s) -> {label}{'' if drawn else '  NOT DRAWN'}")
if undrawn:
    print(f"FAIL: {undrawn} feature(s) have no visible symbol")
else:
    print(f"OK: all {sum(c for c, _, _ in seen.values())} features drawn")
sys.stdout.flush()
# QGIS 3.22's exitQgis() can crash while tearing down offscreen; the check is done.
os._exit(1 if undrawn else 0)
