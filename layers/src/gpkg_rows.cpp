// A GeoPackage feature table read with SQLite (gpkg_rows.hpp).
#include "gpkg_rows.hpp"

#include <sqlite3.h>

#include <cstring>
#include <filesystem>
#include <iterator>
#include <optional>
#include <string>
#include <utility>

#include "hubland/geo/wkb.hpp"
#include "workspace_store.hpp"

namespace hubland::layers::detail {

namespace {

using DbPtr = std::unique_ptr<sqlite3, CDeleter<sqlite3_close_v2>>;
using StmtPtr = std::unique_ptr<sqlite3_stmt, CDeleter<sqlite3_finalize>>;

constexpr std::size_t kBatch = 1024;  // rows handed over at once: one lock per batch

std::string quoted(const char* name) {
  std::string out = "\"";
  for (const char* p = name; *p; ++p) {
    if (*p == '"') out += '"';
    out += *p;
  }
  return out + '"';
}

// The WKB inside a GeoPackage geometry blob (GeoPackage 1.3, §2.1.3): "GP", version 0, flags,
// srs_id, an envelope of 0, 4, 6, 6 or 8 doubles. Extended and empty geometries, and anything
// malformed, are nullopt: GDAL reads those.
std::optional<std::pair<const std::uint8_t*, std::size_t>> gpkg_wkb(const std::uint8_t* blob,
                                                                    std::size_t size) {
  if (size < 8 || blob[0] != 'G' || blob[1] != 'P' || blob[2] != 0) return std::nullopt;
  const std::uint8_t flags = blob[3];
  if (flags & 0x30) return std::nullopt;  // extended type, or the empty flag
  constexpr std::size_t kEnvelopeBytes[] = {0, 32, 48, 48, 64};
  const unsigned envelope = (flags >> 1) & 0x7;
  if (envelope >= std::size(kEnvelopeBytes)) return std::nullopt;
  const std::size_t header = 8 + kEnvelopeBytes[envelope];
  if (size <= header) return std::nullopt;
  return std::pair{blob + header, size - header};
}

bool fits(GeometryClass want, geo::WkbType type) {
  using T = geo::WkbType;
  switch (want) {
    case GeometryClass::Polygon:
      return type == T::Polygon || type == T::MultiPolygon;
    case GeometryClass::Line:
      return type == T::LineString || type == T::MultiLineString;
    case GeometryClass::Point:
      return type == T::Point;  // a multipoint of one is unwrapped by the GDAL path
    case GeometryClass::None:
      return false;
  }
  return false;
}

}  // namespace

struct GpkgRows::Query {
  DbPtr db;
  StmtPtr stmt;
  std::vector<OGRFieldType> types;  ///< per cell slot
  GeometryClass geometry = GeometryClass::None;

  // One batch of rows; false at the end or at a failed step.
  bool fill(GpkgRowBatch& b, std::string& failure) {
    sqlite3_stmt* s = stmt.get();
    const int first_field = geometry == GeometryClass::None ? 1 : 2;
    const std::size_t n = types.size();
    for (std::size_t row = 0; row < kBatch; ++row) {
      const int rc = sqlite3_step(s);
      if (rc == SQLITE_DONE) return false;
      if (rc != SQLITE_ROW) {
        failure = std::string("SQLite: ") + sqlite3_errmsg(db.get());
        return false;
      }
      b.fids.push_back(sqlite3_column_int64(s, 0));
      bool through_gdal = false;
      std::size_t wkb_at = 0, wkb_size = 0;
      geo::Envelope extent;
      if (geometry != GeometryClass::None) {
        const auto* blob = static_cast<const std::uint8_t*>(sqlite3_column_blob(s, 1));
        const auto size = static_cast<std::size_t>(sqlite3_column_bytes(s, 1));
        const auto wkb = blob ? gpkg_wkb(blob, size) : std::nullopt;
        const auto plain = wkb ? geo::plain_wkb(wkb->first, wkb->second) : std::nullopt;
        if (plain && fits(geometry, plain->type)) {
          wkb_at = b.bytes.size();
          wkb_size = wkb->second;
          b.bytes.append(reinterpret_cast<const char*>(wkb->first), wkb->second);
          extent = plain->envelope;
        } else {
          through_gdal = true;
        }
      }
      b.through_gdal.push_back(through_gdal);
      b.wkb_at.push_back(wkb_at);
      b.wkb_size.push_back(wkb_size);
      b.extents.push_back(extent);
      // As GDAL's GeoPackage driver converts them (OGRGeoPackageLayer::TranslateFeature):
      // NULL is null, then by the field's OGR type whatever SQLite holds.
      for (std::size_t k = 0; k < n; ++k) {
        const int col = first_field + static_cast<int>(k);
        GpkgRowBatch::Cell cell;
        if (sqlite3_column_type(s, col) != SQLITE_NULL) {
          switch (types[k]) {
            case OFTInteger:
              cell.kind = GpkgRowBatch::Kind::Integer;
              cell.integer = sqlite3_column_int(s, col);
              break;
            case OFTInteger64:
              cell.kind = GpkgRowBatch::Kind::Integer;
              cell.integer = sqlite3_column_int64(s, col);
              break;
            case OFTReal:
              cell.kind = GpkgRowBatch::Kind::Real;
              cell.real = sqlite3_column_double(s, col);
              break;
            default: {  // OFTString (open() admits no other type)
              const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(s, col));
              if (!text) {
                failure = std::string("SQLite: ") + sqlite3_errmsg(db.get());
                return false;
              }
              cell.kind = GpkgRowBatch::Kind::Text;
              cell.text_at = b.bytes.size();
              b.bytes.append(text, std::strlen(text) + 1);
            }
          }
        }
        b.cells.push_back(cell);
      }
    }
    return true;
  }
};

GpkgRows::~GpkgRows() = default;

std::unique_ptr<GpkgRows> GpkgRows::open(const std::string& path, OGRLayer* layer,
                                         const std::vector<int>& fields, GeometryClass geometry) {
  std::error_code ec;
  const char* fid = layer->GetFIDColumn();
  if (!std::filesystem::is_regular_file(path, ec) || !fid || !*fid) return nullptr;
  const char* geom = layer->GetGeometryColumn();
  if (geometry != GeometryClass::None && (!geom || !*geom)) return nullptr;
  OGRFeatureDefn* defn = layer->GetLayerDefn();
  auto query = std::make_unique<Query>();
  query->geometry = geometry;
  std::string sql = "SELECT " + quoted(fid);
  if (geometry != GeometryClass::None) sql += ", " + quoted(geom);
  std::unique_ptr<GpkgRows> rows(new GpkgRows);
  rows->m_slot_of_field.assign(static_cast<std::size_t>(defn->GetFieldCount()), 0);
  for (int field : fields) {
    const OGRFieldDefn* d = defn->GetFieldDefn(field);
    if (!d) return nullptr;
    const OGRFieldType type = d->GetType();
    if (type != OFTInteger && type != OFTInteger64 && type != OFTReal && type != OFTString)
      return nullptr;
    rows->m_slot_of_field[static_cast<std::size_t>(field)] = query->types.size();
    query->types.push_back(type);
    sql += ", " + quoted(d->GetNameRef());
  }
  sql += " FROM " + quoted(layer->GetName());

  sqlite3* raw = nullptr;
  // One thread uses the connection at a time (opened here, stepped by the worker).
  const int rc =
      sqlite3_open_v2(path.c_str(), &raw, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, nullptr);
  query->db.reset(raw);
  if (rc != SQLITE_OK) return nullptr;
  // The file's pages mapped rather than read(): copying a city's parcels out of the page cache
  // was a third of the reading thread's time (0.9 s of 2.8 s at a million parcels). SQLite
  // caps the mapping at its compiled maximum and reads the rest as before.
  sqlite3_exec(query->db.get(), "PRAGMA mmap_size = 1099511627776", nullptr, nullptr, nullptr);
  // A feature table of the GeoPackage's own, not a view or something GDAL made up.
  const std::string check =
      "SELECT 1 FROM gpkg_contents c JOIN sqlite_master m ON m.name = c.table_name "
      "WHERE c.table_name = ?1 AND lower(c.data_type) = 'features' AND m.type = 'table'";
  sqlite3_stmt* st = nullptr;
  if (sqlite3_prepare_v2(query->db.get(), check.c_str(), -1, &st, nullptr) != SQLITE_OK)
    return nullptr;
  StmtPtr check_stmt(st);
  sqlite3_bind_text(st, 1, layer->GetName(), -1, SQLITE_TRANSIENT);
  if (sqlite3_step(st) != SQLITE_ROW) return nullptr;
  check_stmt.reset();
  if (sqlite3_prepare_v2(query->db.get(), sql.c_str(), -1, &st, nullptr) != SQLITE_OK)
    return nullptr;
  query->stmt.reset(st);
  rows->m_query = std::move(query);
  Query* q = rows->m_query.get();
  rows->m_ahead = std::make_unique<ReadAhead<GpkgRowBatch>>(
      [q](GpkgRowBatch& b, std::string& failure) { return q->fill(b, failure); });
  return rows;
}

}  // namespace hubland::layers::detail
