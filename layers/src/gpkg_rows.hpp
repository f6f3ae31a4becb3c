#pragma once
// Private to hubland_layers: a GeoPackage feature table's rows read straight with SQLite, on a
// worker thread, for the reader (reader_features.cpp). GDAL builds an OGRFeature, an
// OGRGeometry and its WKB again for every row; a city's parcels are plain little-endian
// polygons already, so their bytes are kept as they are (docs/performance.md, "Reading a
// GeoPackage with SQLite"). What is not plain is read through GDAL, one feature by its FID.

#include <ogrsf_frmts.h>

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "hubland/geo/geos.hpp"
#include "hubland/layers/schema.hpp"
#include "read_ahead.hpp"

namespace hubland::layers::detail {

/// Rows of a GeoPackage feature table, as GDAL's GeoPackage driver would give their values.
struct GpkgRowBatch {
  enum class Kind : std::uint8_t { Null, Integer, Real, Text };
  struct Cell {
    Kind kind = Kind::Null;
    std::int64_t integer = 0;
    double real = 0;
    std::size_t text_at = 0;  ///< into bytes, NUL-terminated
  };
  std::vector<std::int64_t> fids;
  /// 1: the row's geometry is null, empty, of another class or not plain WKB (geo::plain_wkb):
  /// read the feature through GDAL instead.
  std::vector<std::uint8_t> through_gdal;
  std::vector<std::size_t> wkb_at;  ///< into bytes
  std::vector<std::size_t> wkb_size;
  std::vector<geo::Envelope> extents;
  std::vector<Cell> cells;  ///< row-major, one per field read
  std::string bytes;        ///< text values and WKB
  bool empty() const noexcept { return fids.empty(); }
  std::size_t size() const noexcept { return fids.size(); }
};

/// Reads a GeoPackage feature table from its start on a worker thread, in GDAL's order.
class GpkgRows {
 public:
  /// `layer` of the GeoPackage file `path`, its OGR fields `fields` and, unless `geometry` is
  /// None, its geometry (rows whose geometry is not plain WKB of that class are marked for
  /// GDAL). nullptr when the layer cannot be read this way — not a feature table of a
  /// GeoPackage file, no FID column, a field of a type GDAL converts (dates, binary), SQLite
  /// cannot open it: the caller reads through GDAL, which reports any problem itself.
  static std::unique_ptr<GpkgRows> open(const std::string& path, OGRLayer* layer,
                                        const std::vector<int>& fields, GeometryClass geometry);
  ~GpkgRows();

  /// The next batch, valid until the next call; nullptr at the end or at a failed read (then
  /// failure() holds SQLite's message).
  const GpkgRowBatch* next() { return m_ahead->next(); }
  const std::string& failure() const noexcept { return m_ahead->failure(); }
  /// Where OGR field `field` (one of those asked for) is among a row's cells.
  std::size_t slot(int field) const { return m_slot_of_field.at(static_cast<std::size_t>(field)); }

 private:
  struct Query;
  GpkgRows() = default;
  std::unique_ptr<Query> m_query;  ///< the connection and statement the worker steps
  std::vector<std::size_t> m_slot_of_field;
  std::unique_ptr<ReadAhead<GpkgRowBatch>> m_ahead;
};

}  // namespace hubland::layers::detail
