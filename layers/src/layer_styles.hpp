#pragma once
// QGIS styles stored in a GeoPackage: the `layer_styles` table QGIS itself creates and reads
// ("Save as default" style), so an exported layer opens styled.

#include <gdal_priv.h>

#include <string>

#include "hubland/layers/export.hpp"

namespace hubland::layers {

/// Adds `layer`'s default style of `kind` (Grades or Constraints) to the GeoPackage `ds`;
/// throws Error(Io) naming `output` on failure.
void write_layer_style(GDALDataset& ds, const std::string& layer, StyleKind kind,
                       const std::string& output);

}  // namespace hubland::layers
