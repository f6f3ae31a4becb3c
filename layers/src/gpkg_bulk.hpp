#pragma once
// Internal: the bulk path for a GeoPackage attribute table (VectorSink's GPKG layers without
// geometry). OGR creates the table and the GeoPackage's metadata; the rows then go in through
// SQLite directly, one prepared INSERT in one transaction: a facts table of a million rows and a
// hundred columns is written several times faster than through one OGRFeature per row. With an
// InsertHelp, a second thread inserts blocks from the back of the table (insert_help.hpp).
#include <string>
#include <vector>

#include "hubland/layers/insert_help.hpp"
#include "hubland/layers/table.hpp"

namespace hubland::layers::detail {

/// Inserts every row of `table` into the existing, empty attribute table `layer` of the closed
/// GeoPackage `path`, row r with fid r + 1, column c under the name `field_names[c]` (a column
/// without any value is left to its default, NULL), and sets its feature count in
/// gpkg_ogr_contents. The file must not be open in GDAL meanwhile. With `help`, a table of two
/// blocks or more is offered to the helping thread, whose rows go through a side file next to
/// `path` (removed again). Throws Error(Io) naming `target` (the file the user asked for, not
/// its staging copy) and the layer when SQLite fails on either thread (a full disk included).
void gpkg_insert_attribute_rows(const std::string& path, const std::string& target,
                                const std::string& layer, const Table& table,
                                const std::vector<std::string>& field_names,
                                InsertHelp* help = nullptr);

}  // namespace hubland::layers::detail
