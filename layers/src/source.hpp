#pragma once
// Private to hubland_layers: opening an OGR source and deciding its encoding and CRS, shared
// by the reader (read_layer) and the inspector (inspect_source). Not a public header: GDAL
// types appear here and must not cross the module boundary.

#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "hubland/geo/geos.hpp"
#include "hubland/layers/encoding.hpp"
#include "hubland/layers/reader.hpp"

namespace hubland::layers::detail {

/// Collects GDAL/OGR errors raised on this thread while alive (instead of printing them), so
/// that a failing read becomes an Error with GDAL's reason.
class CplCapture {
 public:
  CplCapture();
  ~CplCapture();
  CplCapture(const CplCapture&) = delete;
  CplCapture& operator=(const CplCapture&) = delete;
  /// The first failure message since the last take() ("" when none); clears it.
  std::string take_failure();
  bool has_failure() const noexcept { return !m_failure.empty(); }

 private:
  static void CPL_STDCALL handler(CPLErr cls, CPLErrorNum num, const char* msg);
  std::string m_failure;
};

struct Source {
  std::string given;          ///< as the user gave it
  std::string path;           ///< path part (without |layer)
  std::string gdal_path;      ///< what GDAL opens (/vsizip/ added for .zip)
  std::string layer_request;  ///< after '|', "" when none
  std::string driver;         ///< OGR driver short name
  GDALDatasetUniquePtr ds;
  /// CSV only: which of several coordinate-like columns give the points ("" when no choice).
  std::string coordinate_note;
  bool shapefile() const { return driver == "ESRI Shapefile"; }
};

/// Open a vector source read-only. Shapefiles are opened with ENCODING="" so that text comes
/// raw and HubLand decides the code page; CSV gets WKT / lon-lat column detection, one column
/// per axis chosen by HubLand. Throws Error(Io) for a missing file, a shapefile without its
/// .dbf, or a source GDAL cannot open; Error(Schema) for a CSV with two columns of one
/// coordinate name (e.g. LON and lon).
Source open_source(const std::string& source);

/// The layer to read: the one named after '|', else the only one, else the one named like the
/// role (when given). Throws Error(BadInput) listing the layers otherwise.
OGRLayer* pick_layer(Source& src, const char* role_name);

/// Shapefile sidecar base ("dir/name" without extension) for a layer; "" when not a shapefile.
std::string shapefile_base(const Source& src, OGRLayer* layer);

/// The existing sidecar base + ".ext" (or ".EXT"); "" when there is none.
std::string shapefile_sidecar(const std::string& base, const char* ext);

/// Warnings for a shapefile whose .dbf header record count differs from the whole records the
/// .dbf holds or from the shapes the .shx indexes (GDAL reads by the header, silently); none
/// for other sources or when the counts agree. (reader_dbf.cpp)
std::vector<Problem> shapefile_count_problems(const Source& src, OGRLayer* layer);

/// What the reader and `info` both say of the source as a whole before its features: the
/// shapefile record counts above and, for a CSV, which columns give the points
/// (coordinate-columns). Each problem names the file and the layer.
std::vector<Problem> source_problems(const Source& src, OGRLayer* layer);

struct LayerEncoding {
  EncodingDecision decision;
  std::vector<Problem> problems;  ///< warnings (option ignored, unknown .cpg, ...)
};

/// Decide the text encoding of a layer (.cpg -> LDID -> --encoding -> detection); verifies that
/// a sample of the values decodes. Throws Error(Encoding) when undecidable.
LayerEncoding decide_encoding(Source& src, OGRLayer* layer,
                              const std::optional<std::string>& option);

/// Decoded field names; names cut mid-character are decoded as far as possible and reported.
std::vector<std::string> decode_field_names(OGRLayer* layer, Decoder& dec, const std::string& file,
                                            std::vector<Problem>* problems);

struct LayerCrs {
  bool present = false;
  std::unique_ptr<OGRSpatialReference> srs;  ///< traditional GIS axis order
  std::string name;
  int epsg = 0;
  std::string origin;      ///< ".prj", "source", "--assume-crs"
  std::string definition;  ///< for PROJ: "EPSG:n" when the CRS is exactly that, else WKT2
  /// Cached transformation to WGS84 lon/lat (PROJ database look-ups are slow).
  mutable std::shared_ptr<OGRCoordinateTransformation> to_wgs84;
};

/// The layer's CRS, or --assume-crs; `present` false when neither. Throws Error(Crs) for an
/// --assume-crs PROJ cannot read.
LayerCrs layer_crs(const Source& src, OGRLayer* layer, const std::optional<std::string>& assume);

/// Checks an extent (in the layer CRS) against the CRS: degrees where metres are declared and
/// the reverse, and the CRS area of use. Throws Error(Crs) naming the file.
void check_extent(const LayerCrs& crs, const geo::Envelope& extent, const std::string& file);

/// A web-map offset can only be removed from lon/lat in EPSG:4326 or EPSG:4490: throws
/// Error(Crs) naming the file for any other CRS when `datum` is not None.
void check_web_datum(const LayerCrs& crs, geo::WebDatum datum, const std::string& file);

/// How many metres better lon/lat feature centroids line up with the bundled WGS 84 reference
/// (the Chongqing district centroids, source_datum.cpp) after the inverse GCJ-02 transform than
/// as they are: the median distance to the nearest reference point, as is minus inverted,
/// over the centroids within 2 km of one either way. nullopt when fewer than 3 match or the
/// gain is under 150 m (not GCJ-02, or nothing to compare with: only layers with features at
/// the district scale around Chongqing can be judged).
std::optional<double> gcj02_fit_gain_m(const std::vector<geo::LonLat>& centroids);

/// Extent transformed to WGS84 lon/lat (densified edges); empty when it cannot be.
geo::Envelope to_wgs84(const LayerCrs& crs, const geo::Envelope& extent);

}  // namespace hubland::layers::detail
