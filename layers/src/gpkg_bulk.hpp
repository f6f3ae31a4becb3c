#pragma once
// Internal: the bulk path for a GeoPackage attribute table (VectorSink's GPKG layers without
// geometry). OGR creates the table and the GeoPackage's metadata; the rows then go in through
// SQLite directly, one prepared INSERT in one transaction: a facts table of a million rows and a
// hundred columns is written several times faster than through one OGRFeature per row.
#include <string>

#include "hubland/layers/table.hpp"

namespace hubland::layers::detail {

/// Inserts every row of `table` into the existing, empty attribute table `layer` of the closed
/// GeoPackage `path`, columns in table order under the names `field_names` (one per column), and
/// sets its feature count in gpkg_ogr_contents. The file must not be open in GDAL meanwhile.
/// Throws Error(Io) naming `target` (the file the user asked for, not its staging copy) and the
/// layer when SQLite fails (a full disk included).
void gpkg_insert_attribute_rows(const std::string& path, const std::string& target,
                                const std::string& layer, const Table& table,
                                const std::vector<std::string>& field_names);

}  // namespace hubland::layers::detail
