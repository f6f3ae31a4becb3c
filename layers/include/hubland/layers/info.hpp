#pragma once
// Inspecting a source without importing it (`hubland info`): per layer the driver, feature
// count, geometry type, CRS (name, EPSG, where it came from), extent in its CRS and in WGS84,
// fields with their types and a few decoded sample values, the text encoding and what decided
// it, and the null / empty / invalid geometry counts.
//
// Failure modes: Error(Io) when the source cannot be opened; Error(Encoding) when the text
// encoding cannot be decided (the message asks for --encoding and shows a value both ways).
// A missing CRS or an extent outside the CRS area of use does NOT throw here: it is reported
// in LayerInfo::crs_problem, because `info` is how the user finds out.
//
// Web-map offsets: a lon/lat layer whose feature centroids fit the bundled Chongqing district
// centroids (WGS 84) better after the inverse GCJ-02 transform gets the warning "looks-gcj02"
// in LayerInfo::problems. With InfoOptions::datum the layer is converted first and a
// "web-datum-converted" note says so.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "hubland/geo/geos.hpp"
#include "hubland/layers/reader.hpp"

namespace hubland::layers {

struct InfoOptions {
  std::optional<std::string> encoding;    ///< --encoding
  std::optional<std::string> assume_crs;  ///< --assume-crs
  std::size_t samples = 3;                ///< distinct sample values per field
  std::size_t invalid_examples = 10;      ///< invalid geometries listed (all are counted)
  /// --datum: lon/lat digitised on a web map; geometries are taken back to WGS 84 before the
  /// extent and checks (Error(Crs) naming the file for a layer not in EPSG:4326 / 4490).
  geo::WebDatum datum = geo::WebDatum::None;
};

struct FieldInfo {
  std::string name;  ///< decoded UTF-8
  std::string type;  ///< OGR type name: "String", "Integer", "Integer64", "Real", "Date", ...
  int width = 0;
  std::vector<std::string> samples;  ///< decoded, distinct, in feature order
};

struct LayerInfo {
  std::string name;
  std::string driver;
  std::string geometry_type;  ///< "Polygon", "Multi Polygon", "None", ...
  std::int64_t feature_count = 0;
  bool has_crs = false;
  std::string crs_name;
  int epsg = 0;                ///< 0 when none or not identifiable
  std::string crs_source;      ///< ".prj", "source", "--assume-crs"
  std::string crs_problem;     ///< "" when fine; else why the CRS is missing or does not fit
  geo::Envelope extent;        ///< in the layer CRS
  geo::Envelope extent_wgs84;  ///< lon/lat; empty without a usable CRS
  std::string encoding;
  std::string encoding_source;       ///< ".cpg", "LDID", "--encoding", "detected", "source"
  std::string encoding_explanation;  ///< e.g. ".cpg says CP936"
  std::vector<FieldInfo> fields;
  std::size_t null_geometries = 0;
  std::size_t empty_geometries = 0;
  std::size_t invalid_geometries = 0;
  std::vector<std::string> invalid_examples;  ///< "fid 3: Self-intersection[x y]"
  std::vector<Problem> problems;  ///< e.g. field names cut mid-character, a .dbf whose header
                                  ///< record count differs from its records or the .shx
};

struct SourceInfo {
  std::string source;
  std::string driver;
  std::vector<LayerInfo> layers;
};

/// Inspect every layer of a source ("path|layer" inspects one).
SourceInfo inspect_source(const std::string& source, const InfoOptions& options = {});

}  // namespace hubland::layers
