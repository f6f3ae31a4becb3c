#include "hubland/layers/reader.hpp"

#include <algorithm>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "hubland/error.hpp"
#include "hubland/geo/crs.hpp"
#include "hubland/geo/units.hpp"
#include "hubland/layers/encoding.hpp"
#include "hubland/layers/schema.hpp"
#include "hubland/layers/sink.hpp"
#include "read_steps.hpp"
#include "source.hpp"

namespace hubland::layers {

const char* to_string(Severity s) noexcept {
  switch (s) {
    case Severity::Info:
      return "info";
    case Severity::Warning:
      return "warning";
    case Severity::Error:
      return "error";
  }
  return "info";
}

bool ImportReport::has_errors() const noexcept {
  for (const auto& p : problems)
    if (p.severity == Severity::Error) return true;
  return false;
}

namespace detail {

void ProblemLog::stop(const char* code, const Error& e) const {
  const Where& w = e.where();
  add(Severity::Error, code, w.feature, w.field, e.message());
  ++report.stops;
  if (!first_stop) first_stop = e;
}

void ProblemLog::throw_if_stopped() const {
  if (report.stops == 0) return;
  // Lines past this many are left to the report: a wrong code page can fail every feature.
  constexpr std::size_t kShown = 20;
  std::size_t errors = 0;
  std::string lines;
  for (const auto& p : report.problems) {
    if (p.severity != Severity::Error) continue;
    if (++errors > kShown) continue;
    const std::string at = describe(Where{.feature = p.feature, .field = p.field});
    lines += "\n  " + (at.empty() ? "" : at + ": ") + p.message;
  }
  if (errors == 1) throw *first_stop;
  if (errors > kShown)
    lines += "\n  ... and " + std::to_string(errors - kShown) +
             " more (every one is in the import report)";
  throw Error(first_stop->kind(),
              std::to_string(errors) + " problems stop the import of this layer:" + lines,
              Where{.file = file, .layer = layer});
}

}  // namespace detail

namespace {

// Copy the kept rows of a table (when geometry processing dropped some).
Table compact(const Table& in, const std::vector<bool>& keep) {
  Table out;
  for (const auto& c : in.columns()) out.add_column(c.name, c.type, c.unit);
  std::size_t kept = 0;
  for (bool k : keep) kept += k;
  out.resize(kept);
  std::size_t r = 0;
  for (std::size_t i = 0; i < in.row_count(); ++i) {
    if (!keep[i]) continue;
    for (std::size_t c = 0; c < in.column_count(); ++c)
      if (!in.null_at(i, c)) out.set(r, c, in.get(i, c));
    ++r;
  }
  return out;
}

// Duplicate ids: the first accepted feature keeps the id, later ones are rejected (reported,
// and false in the returned mask).
std::vector<bool> reject_duplicate_ids(
    std::vector<std::pair<std::uint64_t, std::size_t>>& id_hashes, const Table& t,
    const detail::ColumnPlan& plan, Role role, const detail::ProblemLog& log) {
  std::vector<bool> keep(t.row_count(), true);
  std::sort(id_hashes.begin(), id_hashes.end());
  std::vector<std::pair<std::size_t, std::size_t>> dups;  // (later row, first row)
  for (std::size_t i = 0; i < id_hashes.size();) {
    std::size_t j = i + 1;
    while (j < id_hashes.size() && id_hashes[j].first == id_hashes[i].first) ++j;
    for (std::size_t k = i + 1; k < j; ++k) {
      const std::size_t later = id_hashes[k].second;
      for (std::size_t m = i; m < k; ++m) {
        const std::size_t first = id_hashes[m].second;
        if (keep[first] && t.text_at(first, plan.id_col) == t.text_at(later, plan.id_col)) {
          keep[later] = false;
          dups.emplace_back(later, first);
          break;
        }
      }
    }
    i = j;
  }
  std::sort(dups.begin(), dups.end());
  for (const auto& [later, first] : dups) {
    ++log.report.counts.rejected;
    const std::string id(t.text_at(later, plan.id_col));
    log.add(Severity::Error, "duplicate-id", id, id_column(role),
            "id '" + id + "' already used by fid " +
                std::to_string(t.integer_at(first, plan.fid_col)) + "; fid " +
                std::to_string(t.integer_at(later, plan.fid_col)) + " rejected");
  }
  return keep;
}

// Geometry results into the layer: failures stop the import, skips and repairs are reported,
// areas filled in. Rows whose geometry is skipped get false in `keep`.
void take_geometry(std::vector<detail::GeomResult>& results, const detail::ColumnPlan& plan,
                   bool polygonal, int working_epsg, Layer& layer, std::vector<bool>& keep,
                   const detail::ProblemLog& log) {
  using Status = detail::GeomResult::Status;
  Table& t = layer.attributes;
  layer.geometry.reserve(results.size());
  for (std::size_t i = 0; i < results.size(); ++i) {
    if (!keep[i]) continue;  // a duplicate id, already reported
    detail::GeomResult& r = results[i];
    if (r.status == Status::Failed) {
      keep[i] = false;
      log.stop("geometry-failed", Error(r.error_kind, r.note,
                                        Where{.file = log.file,
                                              .layer = log.layer,
                                              .feature = std::string(t.text_at(i, plan.id_col))}));
      continue;
    }
    if (r.status == Status::Skipped) {
      keep[i] = false;
      ++log.report.counts.skipped;
      log.add(Severity::Warning, "geometry-skipped", std::string(t.text_at(i, plan.id_col)), "",
              r.note);
      continue;
    }
    if (r.status == Status::Repaired) {
      ++log.report.counts.repaired;
      log.add(Severity::Warning, "geometry-repaired", std::string(t.text_at(i, plan.id_col)), "",
              "invalid geometry repaired with MakeValid; GEOS: " + r.note +
                  " (in EPSG:" + std::to_string(working_epsg) + ")");
    }
    if (polygonal) {
      t.set(i, plan.area_col, r.area_m2);
      t.set(i, plan.mu_col, geo::m2_to_mu(r.area_m2));
    }
    layer.geometry.push_back(std::move(r.wkb));
  }
}

// Values the role derives when the source leaves them out.
void derive_values(Role role, const detail::ColumnPlan& plan, Table& t) {
  if (role == Role::Parcels) {
    const std::size_t pr = t.index("plot_ratio"), fa = t.index("floor_area_m2");
    for (std::size_t i = 0; i < t.row_count(); ++i)
      if (t.null_at(i, pr) && !t.null_at(i, fa) && t.real_at(i, plan.area_col) > 0)
        t.set(i, pr, t.real_at(i, fa) / t.real_at(i, plan.area_col));
  } else if (role == Role::Zones) {
    const std::size_t hz = t.index("hub_zone");
    for (std::size_t i = 0; i < t.row_count(); ++i)
      if (t.null_at(i, hz)) t.set(i, hz, std::int64_t{1});
  } else if (role == Role::Roads) {
    const std::size_t sp = t.index("speed_kmh"), rc = t.index("road_class");
    for (std::size_t i = 0; i < t.row_count(); ++i)
      if (t.null_at(i, sp))
        t.set(i, sp, default_speed_kmh(t.null_at(i, rc) ? "local" : t.text_at(i, rc)));
  }
}

}  // namespace

Layer read_layer(const std::string& source, Role role, const ReadOptions& options,
                 ImportReport& report) {
  const RoleSchema& sc = schema(role);
  detail::Source src = detail::open_source(source);
  OGRLayer* ogr = detail::pick_layer(src, to_string(role));
  const std::string file = src.path;
  const std::string lname = ogr->GetName();
  report.source = source;
  report.layer_name = lname;
  const detail::ProblemLog log{report, file, lname, {}};
  for (auto& p : detail::source_problems(src, ogr)) report.problems.push_back(std::move(p));

  // Encoding and field names.
  detail::LayerEncoding enc = detail::decide_encoding(src, ogr, options.encoding);
  report.encoding = enc.decision.encoding;
  report.encoding_source = to_string(enc.decision.source);
  report.encoding_explanation = enc.decision.explanation;
  for (auto& p : enc.problems) report.problems.push_back(std::move(p));
  Decoder dec(enc.decision.encoding);
  std::vector<std::string> names = detail::decode_field_names(ogr, dec, file, &report.problems);

  Layer layer;
  layer.role = role;
  layer.source = source;
  layer.layer_name = lname;
  Table& t = layer.attributes;
  const detail::ColumnPlan plan = detail::plan_columns(role, ogr, names, options, t, log);
  const bool polygonal = sc.geometry == GeometryClass::Polygon;
  const bool has_geometry = sc.geometry != GeometryClass::None;

  // CRS (needed before any geometry work). Without one the features are still read, for
  // their own problems; the geometry work is left out and the import stops at the end.
  detail::LayerCrs crs;
  const bool source_has_geometry = ogr->GetGeomType() != wkbNone;
  bool geometry_usable = has_geometry;
  if (has_geometry && !source_has_geometry) {
    log.stop("no-geometry", Error(ErrorKind::Geometry,
                                  std::string("the layer has no geometry; role ") +
                                      to_string(role) + " needs " + to_string(sc.geometry) + "s",
                                  Where{.file = file, .layer = lname}));
    geometry_usable = false;
  } else if (has_geometry) {
    crs = detail::layer_crs(src, ogr, options.assume_crs);
    if (!crs.present) {
      log.stop("no-crs", Error(ErrorKind::Crs,
                               "the layer has no CRS (no .prj or CRS in the source): pass "
                               "--assume-crs EPSG:<code> if you know it",
                               Where{.file = file, .layer = lname}));
      geometry_usable = false;
    } else {
      report.source_crs = crs.name + (crs.epsg ? " (EPSG:" + std::to_string(crs.epsg) + ")" : "");
      report.crs_source = crs.origin;
      detail::check_web_datum(crs, options.datum, file);
    }
  }

  // The working CRS, decided up front when the source knows its extent cheaply (GPKG,
  // shapefile headers); a layer outside its CRS is then known before its features are read
  // (and their geometry work is left out).
  int working = options.working_epsg.value_or(0);
  bool working_chosen = false;
  auto choose_working = [&](const geo::Envelope& extent) {
    detail::check_extent(crs, extent, file);
    if (working == 0) {
      const geo::Envelope ll = detail::to_wgs84(crs, extent);
      if (ll.empty)
        throw Error(ErrorKind::Crs, "cannot place the layer on the globe to choose a working CRS",
                    Where{.file = file, .layer = lname});
      working = geo::gk3_epsg_for_lon((ll.min_x + ll.max_x) / 2);
    }
    working_chosen = true;
  };
  // An extent that does not fit the CRS stops the import, after the features were read.
  auto extent_fits = [&](const geo::Envelope& extent) {
    try {
      if (!working_chosen)
        choose_working(extent);
      else
        detail::check_extent(crs, extent, file);
      return true;
    } catch (const Error& e) {
      log.stop("crs-extent", e);
      return false;
    }
  };
  if (geometry_usable) {
    OGREnvelope env;
    if (ogr->GetExtent(&env, FALSE) == OGRERR_NONE && env.IsInit())
      geometry_usable = extent_fits(geo::Envelope{env.MinX, env.MinY, env.MaxX, env.MaxY, false});
  }

  detail::FeatureRows read =
      detail::read_features(ogr, {src.driver, src.gdal_path, options.gpkg_with_sqlite}, role, plan,
                            dec, t, log, has_geometry && source_has_geometry);
  report.read_with = read.with_sqlite ? "SQLite" : "GDAL";
  report.read_through_gdal = read.through_gdal;
  std::vector<bool> keep = sc.unique_ids ? reject_duplicate_ids(read.id_hashes, t, plan, role, log)
                                         : std::vector<bool>(read.rows, true);
  if (read.ids_from_fid > 0) {
    const std::string id = id_column(role);
    report.id_note = plan.id_given ? id + " empty in " + std::to_string(read.ids_from_fid) +
                                         " feature(s): their ids taken from feature ids (fid N)"
                                   : id + " absent: ids taken from feature ids (fid N)";
    log.add(Severity::Info, "id-from-fid", "", id, report.id_note);
  }

  // The extent of what was read is checked too (the cheap one may be missing or stale).
  if (geometry_usable) geometry_usable = extent_fits(read.extent);
  if (geometry_usable) {
    report.working_epsg = working;
    layer.epsg = working;
    std::vector<detail::GeomResult> results =
        detail::process_geometries(read.geometry, crs.definition, working, polygonal,
                                   options.on_invalid, options.threads, options.datum);
    take_geometry(results, plan, polygonal, working, layer, keep, log);
    if (options.datum != geo::WebDatum::None)
      log.add(Severity::Info, "web-datum-converted", "", "", web_datum_note(options.datum));
  }
  log.throw_if_stopped();
  if (std::find(keep.begin(), keep.end(), false) != keep.end()) t = compact(t, keep);

  derive_values(role, plan, t);
  report.counts.imported = t.row_count();
  return layer;
}

std::string web_datum_note(geo::WebDatum datum) {
  if (datum == geo::WebDatum::None) return {};
  return std::string("converted from ") + geo::display_name(datum) +
         " (web-map offset) to WGS 84 by the inverse transform";
}

std::string web_datum_note_zh(geo::WebDatum datum) {
  if (datum == geo::WebDatum::None) return {};
  return std::string("已由 ") + geo::display_name(datum) + "（网络地图偏移）经逆变换转换为 WGS 84";
}

void write_problems_csv(const std::vector<ImportReport>& reports, const std::string& path) {
  Table t;
  const char* cols[] = {"severity", "code", "file", "layer", "feature", "field", "message"};
  for (const char* c : cols) t.add_column(c, FieldType::Text);
  for (const auto& r : reports)
    for (const auto& p : r.problems) {
      const std::size_t row = t.add_row();
      t.set(row, 0, std::string(to_string(p.severity)));
      t.set(row, 1, p.code);
      t.set(row, 2, p.file);
      t.set(row, 3, p.layer);
      t.set(row, 4, p.feature);
      t.set(row, 5, p.field);
      t.set(row, 6, p.message);
    }
  write_csv(t, path);
}

}  // namespace hubland::layers
