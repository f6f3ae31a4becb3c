#pragma once
// QGIS styles stored in a GeoPackage: the `layer_styles` table QGIS itself creates and reads
// ("Save as default" style), so an exported layer opens styled.

#include <gdal_priv.h>

#include <string>

#include "hubland/layers/export.hpp"

namespace hubland::layers {

/// Adds `layer`'s default style of `kind` (Grades or Constraints) to the GeoPackage `ds`, the
/// grades categorised on `grade_field`; throws Error(Io) naming `output` on failure.
void write_layer_style(GDALDataset& ds, const std::string& layer, StyleKind kind,
                       const std::string& output, const std::string& grade_field = "grade");

/// The QGIS style document (QML) of the grades: a category for A–D, one for each ungraded state
/// (pending, new, -) and a last one with value "" — QGIS's "all other values", which also takes
/// NULL and empty grades — so that every parcel is drawn.
std::string grades_qml(const std::string& grade_field);

}  // namespace hubland::layers
