#include "hubland/geo/overlay.hpp"

#include <geos_c.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <map>
#include <memory>
#include <mutex>
#include <numeric>
#include <span>
#include <tuple>

#include "hubland/error.hpp"
#include "hubland/geo/network.hpp"
#include "hubland/geo/parallel.hpp"
#include "hubland/geo/strtree.hpp"
#include "planar.hpp"
#include "prepared_layer.hpp"

namespace hubland::geo {

namespace {

using detail::Dissolve;
using detail::polygonal_part;
using detail::PolyLayer;

/// A convex subject whose clipped overlap with a feature falls short of its own area by at most
/// this lies wholly inside it. It is ten times the clipping's rounding on a city parcel (parts
/// cut at 1e-10 m on coordinates of 1e6 m: about 1e-8 m²) and a tenth of what the PostGIS
/// comparison allows (1e-6 m², docs/performance.md), so whether GEOS's covers test would say
/// inside for a sliver this small changes no answer.
constexpr double kInsideSlack_m2 = 1e-7;
/// Short by more but by less than this share of its area, the covers test decides.
constexpr double kMaybeInside = 1e-4;

/// Squared distance from `p` to the box (0 inside it): at most the squared distance from `p` to
/// anything in the box.
double box_distance2(const Envelope& box, detail::XY p) {
  if (box.empty) return 0;
  const double dx = std::max({box.min_x - p.x, 0.0, p.x - box.max_x});
  const double dy = std::max({box.min_y - p.y, 0.0, p.y - box.max_y});
  return dx * dx + dy * dy;
}

/// A polygon layer rebuilt on one worker thread: the pieces' coordinates and an STRtree of the
/// features' envelopes up front; GEOS geometries, whole or of a piece, and their prepared forms
/// on first use (convex subjects seldom need any: docs/performance.md).
class LayerIndex {
 public:
  struct Piece {
    const Wkb* wkb = nullptr;  ///< in the shared layer
    Envelope env;
    std::vector<detail::Polygon> rings;  ///< the same piece as coordinates (fast clipping)
    mutable GeomPtr geom;                ///< made on first use: most subjects never need it
    mutable PreparedPtr prepared;        ///< likewise
  };
  explicit LayerIndex(const PolyLayer& layer) : m_layer(layer) {
    m_geoms.resize(layer.wkb.size());
    m_prepared.resize(layer.wkb.size());
    m_pieces.resize(layer.wkb.size());
    for (std::size_t i = 0; i < layer.wkb.size(); ++i) {
      auto add_piece = [&](const Wkb& w) {
        Piece piece{&w, Envelope{}, read_wkb(w).polygons, nullptr, nullptr};
        for (const auto& poly : piece.rings)
          for (const detail::XY& p : poly.front()) piece.env.expand(p.x, p.y);
        m_pieces[i].push_back(std::move(piece));
      };
      if (layer.pieces[i].empty())
        add_piece(layer.wkb[i]);  // a small feature is its own single piece
      else
        for (const auto& w : layer.pieces[i]) add_piece(w);
      for (std::size_t j = 0; j < m_pieces[i].size(); ++j) {
        m_piece_tree.insert(m_pieces[i][j].env, m_piece_at.size());
        m_piece_at.emplace_back(i, j);
      }
    }
  }
  /// What a subject meets: the pieces whose envelopes meet its envelope, as piece numbers in
  /// ascending order (by feature, then in the feature's own order), and the features they
  /// belong to, ascending; feature k's pieces are pieces[from[k] .. from[k + 1]). A feature
  /// none of whose pieces meets the subject can neither overlap, cover nor touch it (each point
  /// of the feature lies in a piece), so these are all the candidates; a feature of 100 pieces
  /// no longer costs 100 envelope tests a subject.
  struct Hits {
    std::vector<std::size_t> pieces, features, from;
    std::span<const std::size_t> pieces_of(std::size_t k) const {
      return std::span(pieces).subspan(from[k], from[k + 1] - from[k]);
    }
  };
  void query(const GEOSGeometry* g, Hits& out) {
    m_piece_tree.query(g, out.pieces);
    out.features.clear();
    out.from.clear();
    for (std::size_t h = 0; h < out.pieces.size(); ++h) {
      const std::size_t feature = m_piece_at[out.pieces[h]].first;
      if (out.features.empty() || out.features.back() != feature) {
        out.features.push_back(feature);
        out.from.push_back(h);
      }
    }
    out.from.push_back(out.pieces.size());
  }
  const Piece& piece(std::size_t p) const {
    return m_pieces[m_piece_at[p].first][m_piece_at[p].second];
  }
  const GEOSGeometry* piece_geom(const Piece& piece) const {
    if (!piece.geom) piece.geom = from_wkb(*piece.wkb);
    return piece.geom.get();
  }
  const GEOSPreparedGeometry* prepared_piece(const Piece& piece) const {
    if (!piece.prepared) piece.prepared = prepare(piece_geom(piece));
    return piece.prepared.get();
  }
  const GEOSGeometry* geom(std::size_t i) {
    if (!m_geoms[i]) m_geoms[i] = from_wkb(m_layer.wkb[i]);
    return m_geoms[i].get();
  }
  const GEOSPreparedGeometry* prepared(std::size_t i) {
    if (!m_prepared[i]) m_prepared[i] = prepare(geom(i));
    return m_prepared[i].get();
  }
  int group(std::size_t i) const { return m_layer.group[i]; }
  bool empty() const noexcept { return m_layer.wkb.empty(); }

 private:
  const PolyLayer& m_layer;
  std::vector<GeomPtr> m_geoms;
  std::vector<PreparedPtr> m_prepared;
  std::vector<std::vector<Piece>> m_pieces;
  StrTree m_piece_tree;
  std::vector<std::pair<std::size_t, std::size_t>> m_piece_at;  ///< piece number → (feature, j)
};

struct Shared {
  const OverlayOptions* options = nullptr;
  PolyLayer zones, constraints, catchments;
  std::vector<std::pair<HubType, double>> catchment_entries;  ///< group -> (type, ring_km)
  std::array<bool, kHubTypeCount> catchment_has_type{};
  std::array<std::vector<detail::XY>, kHubTypeCount> hubs;
  std::array<bool, 3> constraint_kind_present{};
  bool zones_given = false, constraints_given = false, roads_given = false;
  std::optional<RoadNetwork> network;
  std::array<std::vector<double>, kHubTypeCount> type_minutes;  ///< per node
  std::vector<PolyLayer> grouped;  ///< OverlayLayers::grouped, canonical
  std::vector<GroupUnion> grouped_union;
};

class Worker {
 public:
  explicit Worker(const Shared& s)
      : m_s(s),
        m_ctx(GeosContext::local().handle()),
        m_zones(s.zones),
        m_constraints(s.constraints),
        m_catchments(s.catchments) {
    m_reader = GEOSWKBReader_create_r(m_ctx);
    for (const auto& layer : s.grouped) m_grouped.push_back(std::make_unique<LayerIndex>(layer));
  }
  ~Worker() { GEOSWKBReader_destroy_r(m_ctx, m_reader); }
  Worker(const Worker&) = delete;
  Worker& operator=(const Worker&) = delete;

  std::size_t slivers = 0;

  SubjectFacts compute(const Wkb& wkb) {
    SubjectFacts f;
    if (wkb.empty()) return f;
    GeomPtr g = adopt(GEOSWKBReader_read_r(m_ctx, m_reader, wkb.data(), wkb.size()), "reading WKB");
    if (is_empty(g.get())) return f;
    if (!is_polygonal(g.get())) throw Error(ErrorKind::Geometry, "expected a polygon");
    const Wkb* coords = &wkb;
    Wkb repaired_wkb;
    if (m_s.options->subjects == SubjectValidity::Check && GEOSisValid_r(m_ctx, g.get()) != 1) {
      g = make_valid(g.get());
      f.repaired = true;
      if (is_empty(g.get())) return f;
      repaired_wkb = to_wkb(g.get());
      coords = &repaired_wkb;
    }
    f.has_geometry = true;
    const double area_m2 = area(g.get());
    f.area_m2 = area_m2;
    const Shapes shapes = read_wkb(*coords);
    if (!detail::convex_parts(shapes.polygons, m_convex)) m_convex.clear();

    if (m_s.zones_given) {
      overlaps(m_zones, g.get(), area_m2, m_group_area);
      double best = 0, sum = 0;
      int best_zone = -1;
      for (const auto& [zone, ov] : m_group_area) {
        sum += ov;
        if (ov > best)
          best = ov, best_zone = zone;  // ascending zone order: ties keep the smaller id
      }
      f.zone = best_zone;
      f.zone_share = area_m2 > 0 ? std::min(1.0, best / area_m2) : 0.0;
      f.zone_overlap_sum_m2 = sum;
    }
    if (m_s.constraints_given) {
      overlaps(m_constraints, g.get(), area_m2, m_group_area);
      double by_kind[3] = {0, 0, 0};
      for (const auto& [kind, ov] : m_group_area) by_kind[kind] = ov;
      if (m_s.constraint_kind_present[0]) f.redline_m2 = by_kind[0];
      if (m_s.constraint_kind_present[1]) f.farmland_m2 = by_kind[1];
      if (m_s.constraint_kind_present[2])
        f.udb_share = area_m2 > 0 ? std::min(1.0, by_kind[2] / area_m2) : 0.0;
    }

    const detail::XY c = detail::centroid(shapes.polygons);
    const auto& rings = m_s.options->rings_km;
    std::optional<std::uint32_t> node;
    double node_dist_m = 0;
    if (m_s.network) {
      if (auto nn = m_s.network->nearest_node(c.x, c.y)) node = nn->node, node_dist_m = nn->dist_m;
    }
    const double v = m_s.options->access_speed_kmh * 1000.0 / 60.0;
    const Envelope box = envelope(shapes);
    for (std::size_t t = 0; t < kHubTypeCount; ++t) {
      const auto& hubs = m_s.hubs[t];
      if (hubs.empty()) continue;
      double direct2 = std::numeric_limits<double>::infinity();
      std::size_t nearest = 0;  // by centroid: the first exact distance, likely the least
      for (std::size_t k = 0; k < hubs.size(); ++k) {
        const double dx = c.x - hubs[k].x, dy = c.y - hubs[k].y;
        if (dx * dx + dy * dy < direct2) direct2 = dx * dx + dy * dy, nearest = k;
      }
      double d = std::min(kUnreachable, detail::distance(shapes.polygons, hubs[nearest]));
      for (std::size_t k = 0; k < hubs.size(); ++k) {
        // A hub farther from the parcel's bounding box than the least distance so far is
        // farther from the parcel too: its exact distance cannot lower the minimum. The
        // 1e-9 keeps rounding on the side of computing it (same minimum, same bits).
        if (k == nearest || box_distance2(box, hubs[k]) > d * d * (1 + 1e-9)) continue;
        d = std::min(d, detail::distance(shapes.polygons, hubs[k]));
      }
      const double direct = std::sqrt(direct2) / v;
      f.dist_m[t] = d;
      if (!m_s.catchment_has_type[t]) {
        // 1 µm of slack: a parcel exactly at a ring's radius belongs to that ring.
        for (double r : rings)
          if (d <= r * 1000.0 + 1e-6) {
            f.ring_km[t] = r;
            break;
          }
      }
      if (m_s.roads_given) {
        double travel = direct;
        if (node) {
          const double net = m_s.type_minutes[t][*node];
          if (net < kUnreachable) travel = std::min(travel, net + node_dist_m / v);
        }
        f.travel_min[t] = travel;
      }
    }
    if (!m_catchments.empty()) catchment_rings(g.get(), f);
    f.group_m2.resize(m_grouped.size());
    for (std::size_t l = 0; l < m_grouped.size(); ++l)
      overlaps(*m_grouped[l], g.get(), area_m2, f.group_m2[l], m_s.grouped_union[l]);
    return f;
  }

 private:
  /// Overlap (m²) of the subject with each group of the layer, ascending by group; groups with
  /// no overlap (after the sliver rule) are left out.
  void overlaps(LayerIndex& index, const GEOSGeometry* subject, double area_m2,
                std::vector<std::pair<int, double>>& out,
                GroupUnion union_mode = GroupUnion::Global) {
    out.clear();
    index.query(subject, m_hits);
    const std::vector<std::size_t>& candidates = m_hits.features;
    const double tol = m_s.options->sliver_tolerance_m2;
    const Envelope subject_env = envelope(subject);
    std::vector<std::size_t>& partial = m_partial;  ///< candidate positions k
    // Convex subjects of a dissolved layer are clipped against each feature's pieces, which
    // tile the feature: the clipped areas add up to the overlap. A subject whose overlap falls
    // short of its own area by at most kInsideSlack_m2 lies wholly inside and overlaps by its
    // area, as GEOS's covers test would say, without its cost on an 800-vertex zone. Short by
    // a little more (kMaybeInside), the covers test decides: first of the one piece that could
    // hold the subject, then of the whole feature (a piece lies inside its feature).
    auto holds_env = [&](const Envelope& e) {
      return e.min_x <= subject_env.min_x && e.max_x >= subject_env.max_x &&
             e.min_y <= subject_env.min_y && e.max_y >= subject_env.max_y;
    };
    const bool clip_first = !m_convex.empty() && union_mode == GroupUnion::Global;
    std::size_t k = 0;
    while (k < candidates.size()) {
      const int group = index.group(candidates[k]);
      bool whole = false;
      double piece_area = 0;
      partial.clear();
      for (; k < candidates.size() && index.group(candidates[k]) == group; ++k) {
        if (whole) continue;
        const std::size_t i = candidates[k];
        if (clip_first) {
          // Summed straight into piece_area, piece by piece, as the covers-first order did
          // (the same bits).
          const double before = piece_area;
          const LayerIndex::Piece* holder = nullptr;
          for (const std::size_t p : m_hits.pieces_of(k)) {
            const LayerIndex::Piece& pc = index.piece(p);
            if (holds_env(pc.env)) holder = &pc;
            for (const auto& poly : pc.rings)
              for (const auto& convex : m_convex)
                piece_area += detail::clipped_area(poly, convex, m_scratch_a, m_scratch_b);
          }
          // The share gates the slack too: a subject of 1e-7 m² or less is not inside
          // whatever it misses.
          const double short_m2 = area_m2 - (piece_area - before);
          if (short_m2 <= area_m2 * kMaybeInside)
            whole = short_m2 <= kInsideSlack_m2 ||
                    (holder && covers(index.prepared_piece(*holder), subject)) ||
                    covers(index.prepared(i), subject);
          continue;
        }
        const GEOSPreparedGeometry* p = index.prepared(i);
        if (covers(p, subject)) {
          whole = true;  // the subject lies wholly inside: no intersection needed
          continue;
        }
        if (m_convex.empty()) {
          // Non-convex subjects go through GEOS intersections: skip the features they miss.
          // (Convex ones are clipped directly; a feature they miss just clips to nothing.)
          const char meets = GEOSPreparedIntersects_r(m_ctx, p, subject);
          if (meets == 2) fail("intersects test");
          if (meets == 0) continue;
        }
        partial.push_back(k);
      }
      if (!whole && union_mode == GroupUnion::PerSubject) {
        // Features of the group may overlap: union the subject's clipped pieces.
        m_clipped.clear();
        for (const std::size_t pk : partial)
          for (const std::size_t p : m_hits.pieces_of(pk)) {
            const LayerIndex::Piece& pc = index.piece(p);
            GeomPtr part = polygonal_part(intersect(subject, index.piece_geom(pc)));
            if (!is_empty(part.get())) m_clipped.push_back(std::move(part));
          }
        if (m_clipped.size() == 1) {
          piece_area = area(m_clipped[0].get());
        } else if (!m_clipped.empty()) {
          piece_area = area(union_all(std::move(m_clipped)).get());
          m_clipped.clear();  // moved from: empty again for the next group
        }
      } else if (!whole) {
        for (const std::size_t pk : partial)
          for (const std::size_t p : m_hits.pieces_of(pk)) {
            const LayerIndex::Piece& pc = index.piece(p);
            if (!m_convex.empty()) {
              // Fast path: a convex parcel clips the piece (Sutherland-Hodgman) and the overlap
              // area comes without building geometries.
              for (const auto& poly : pc.rings)
                for (const auto& convex : m_convex)
                  piece_area += detail::clipped_area(poly, convex, m_scratch_a, m_scratch_b);
            } else {
              piece_area += area(intersect(subject, index.piece_geom(pc)).get());
            }
          }
      }
      // Features of a group have disjoint interiors (dissolved beforehand): overlaps add up.
      double ov = whole ? area_m2 : piece_area;
      ov = std::min(ov, area_m2);
      if (ov > 0 && ov < tol && ov < area_m2) {
        ov = 0;
        ++slivers;
      } else if (ov > 0 && ov < area_m2 && area_m2 - ov < tol) {
        ov = area_m2;
        ++slivers;
      }
      if (ov > 0) out.emplace_back(group, ov);
    }
  }

  bool covers(const GEOSPreparedGeometry* p, const GEOSGeometry* subject) {
    const char c = GEOSPreparedCovers_r(m_ctx, p, subject);
    if (c == 2) fail("covers test");
    return c == 1;
  }

  GeomPtr intersect(const GEOSGeometry* a, const GEOSGeometry* b) {
    GEOSGeometry* r = GEOSIntersection_r(m_ctx, a, b);
    if (!r) {
      // Robustness fallback (docs/design.md §10 P7): snap to a 1 mm grid and retry.
      GeosContext::local().clear_error();
      r = GEOSIntersectionPrec_r(m_ctx, a, b, 0.001);
    }
    return adopt(r, "intersection");
  }

  void catchment_rings(const GEOSGeometry* subject, SubjectFacts& f) {
    m_catchments.query(subject, m_hits);
    for (std::size_t i : m_hits.features) {
      const auto& [type, ring] =
          m_s.catchment_entries[static_cast<std::size_t>(m_catchments.group(i))];
      const auto t = static_cast<std::size_t>(type);
      if (!missing(f.ring_km[t]) && f.ring_km[t] <= ring) continue;
      const char meets = GEOSPreparedIntersects_r(m_ctx, m_catchments.prepared(i), subject);
      if (meets == 2) fail("intersects test");
      if (meets == 1) f.ring_km[t] = ring;
    }
  }

  [[noreturn]] void fail(const char* what) {
    auto& ctx = GeosContext::local();
    std::string reason = ctx.last_error();
    ctx.clear_error();
    throw Error(ErrorKind::Geometry,
                std::string(what) + " failed" + (reason.empty() ? "" : ": " + reason));
  }

  const Shared& m_s;
  GEOSContextHandle_t m_ctx;
  GEOSWKBReader* m_reader = nullptr;
  LayerIndex m_zones, m_constraints, m_catchments;
  LayerIndex::Hits m_hits;
  std::vector<std::size_t> m_partial;
  std::vector<detail::Ring> m_convex;  ///< the current subject's convex parts (else empty)
  std::vector<detail::XY> m_scratch_a, m_scratch_b;
  std::vector<std::pair<int, double>> m_group_area;
  std::vector<std::unique_ptr<LayerIndex>> m_grouped;  // StrTree does not move
  std::vector<GeomPtr> m_clipped;
};

detail::XY hub_point(const Wkb& wkb, std::size_t index) {
  const Shapes s = read_wkb(wkb);
  if (!s.points.empty()) return s.points[0];
  if (!s.polygons.empty()) return detail::centroid(s.polygons);
  throw Error(ErrorKind::Geometry, "a hub must be a point",
              Where{.layer = "hubs", .feature = "feature " + std::to_string(index + 1)});
}

/// The caller's store, asked to find or keep by one layer's preparation at a time (the layers
/// are prepared side by side; a store need not be thread-safe). Keys are made side by side.
class SerialStore final : public PreparedLayerStore {
 public:
  explicit SerialStore(PreparedLayerStore* store) : m_store(store) {}
  std::string key(const std::vector<std::string_view>& inputs) const override {
    return m_store->key(inputs);
  }
  std::optional<std::string> find(const std::string& key) override {
    std::lock_guard lock(m_mutex);
    return m_store->find(key);
  }
  void keep(const std::string& key, const std::vector<std::string_view>& encoded) override {
    std::lock_guard lock(m_mutex);
    m_store->keep(key, encoded);
  }

 private:
  PreparedLayerStore* m_store;
  std::mutex m_mutex;
};

}  // namespace

std::optional<ConstraintKind> constraint_kind_from_string(std::string_view s) noexcept {
  if (s == "redline" || s == "生态保护红线") return ConstraintKind::Redline;
  if (s == "farmland" || s == "永久基本农田") return ConstraintKind::Farmland;
  if (s == "udb" || s == "城镇开发边界") return ConstraintKind::Udb;
  return std::nullopt;
}

OverlayResult compute_overlay(const std::vector<Wkb>& subjects, const OverlayLayers& in,
                              const OverlayOptions& options,
                              const std::vector<std::string>* subject_ids) {
  for (double r : options.rings_km)
    if (!(r > 0)) throw Error(ErrorKind::BadInput, "rings_km must hold positive numbers");
  if (!(options.access_speed_kmh > 0))
    throw Error(ErrorKind::BadInput, "access_speed_kmh must be positive");
  if (!(options.sliver_tolerance_m2 >= 0))
    throw Error(ErrorKind::BadInput, "sliver_tolerance_m2 must not be negative");
  if (in.zones.size() != in.zone_ids.size() || in.hubs.size() != in.hub_types.size() ||
      in.catchments.size() != in.catchment_types.size() ||
      in.catchments.size() != in.catchment_ring_km.size() ||
      in.constraints.size() != in.constraint_kinds.size() ||
      in.roads.size() != in.road_speed_kmh.size())
    throw Error(ErrorKind::Internal, "overlay layer attributes differ in count from geometries");

  OverlayOptions opts = options;
  std::sort(opts.rings_km.begin(), opts.rings_km.end());
  std::sort(opts.isochrones_min.begin(), opts.isochrones_min.end());
  OverlayResult result;
  result.counts.subjects_in = subjects.size();
  Shared s;
  s.options = &opts;
  s.zones_given = in.zones_given == Presence::Present;
  s.constraints_given = in.constraints_given == Presence::Present;
  s.roads_given = in.roads_given == Presence::Present;

  // Zones: rank the distinct ids; the group of a feature is its id's rank.
  result.zone_ids = in.zone_ids;
  std::sort(result.zone_ids.begin(), result.zone_ids.end());
  result.zone_ids.erase(std::unique(result.zone_ids.begin(), result.zone_ids.end()),
                        result.zone_ids.end());
  std::vector<int> zone_group(in.zones.size());
  for (std::size_t i = 0; i < in.zones.size(); ++i)
    zone_group[i] = static_cast<int>(
        std::lower_bound(result.zone_ids.begin(), result.zone_ids.end(), in.zone_ids[i]) -
        result.zone_ids.begin());
  std::size_t repaired = 0;
  const int threads = resolve_threads(opts.threads);

  std::vector<int> kind(in.constraints.size());
  for (std::size_t i = 0; i < kind.size(); ++i) kind[i] = static_cast<int>(in.constraint_kinds[i]);

  std::vector<int> entry(in.catchments.size());
  for (std::size_t i = 0; i < entry.size(); ++i) {
    if (!(in.catchment_ring_km[i] > 0))
      throw Error(ErrorKind::BadInput, "catchment ring_km must be positive",
                  Where{.layer = "catchments",
                        .feature = "feature " + std::to_string(i + 1),
                        .field = "ring_km"});
    const std::pair<HubType, double> e{in.catchment_types[i], in.catchment_ring_km[i]};
    auto it = std::find(s.catchment_entries.begin(), s.catchment_entries.end(), e);
    if (it == s.catchment_entries.end())
      it = s.catchment_entries.insert(s.catchment_entries.end(), e);
    entry[i] = static_cast<int>(it - s.catchment_entries.begin());
  }
  // Entries in canonical (type, ring) order so that groups do not depend on input order.
  {
    std::vector<std::pair<HubType, double>> sorted = s.catchment_entries;
    std::sort(sorted.begin(), sorted.end());
    for (int& e : entry)
      e = static_cast<int>(std::lower_bound(sorted.begin(), sorted.end(),
                                            s.catchment_entries[static_cast<std::size_t>(e)]) -
                           sorted.begin());
    s.catchment_entries = std::move(sorted);
  }

  for (const GroupedLayer& gl : in.grouped) {
    if (gl.features.size() != gl.groups.size())
      throw Error(ErrorKind::Internal, "grouped layer " + gl.name + ": groups differ in count");
    for (int g : gl.groups)
      if (g < 0) throw Error(ErrorKind::Internal, "grouped layer " + gl.name + ": negative group");
    s.grouped_union.push_back(gl.union_mode);
  }

  // The layers are prepared side by side, each also spreading its own steps over the threads:
  // one after another, a layer's serial steps (finding the clusters of 5,000 constraints, a few
  // large unions or cuts) left a core idle. A layer is the same whatever runs beside it, and a
  // failure is that of the first failing layer in this order, as before.
  struct LayerJob {
    const std::vector<Wkb>* wkb;
    const std::vector<int>* group;
    const char* name;
    Dissolve dissolve;
    detail::PolyLayer* out;
  };
  s.grouped.resize(in.grouped.size());
  std::vector<LayerJob> jobs{
      {&in.zones, &zone_group, "zones", Dissolve::ByGroup, &s.zones},
      {&in.constraints, &kind, "constraints", Dissolve::ByGroup, &s.constraints},
      {&in.catchments, &entry, "catchments", Dissolve::No, &s.catchments}};
  for (std::size_t g = 0; g < in.grouped.size(); ++g) {
    const GroupedLayer& gl = in.grouped[g];
    jobs.push_back({&gl.features, &gl.groups, gl.name.c_str(),
                    gl.union_mode == GroupUnion::Global ? Dissolve::ByGroup : Dissolve::No,
                    &s.grouped[g]});
  }
  SerialStore store(opts.prepared_store);
  std::vector<std::size_t> job_repaired(jobs.size(), 0);
  std::vector<OverlayCounts> job_counts(jobs.size());
  parallel_for_each(jobs.size(), threads, [&](std::size_t j, int) {
    const LayerJob& job = jobs[j];
    *job.out = detail::prepare_layer(*job.wkb, *job.group, job.name, job.dissolve, opts.layers,
                                     threads, opts.prepared_store ? &store : nullptr,
                                     job_repaired[j], job_counts[j]);
  });
  for (std::size_t j = 0; j < jobs.size(); ++j) {
    repaired += job_repaired[j];
    result.counts.layers_prepared += job_counts[j].layers_prepared;
    result.counts.layers_from_store += job_counts[j].layers_from_store;
  }
  for (int k : s.constraints.group) s.constraint_kind_present[static_cast<std::size_t>(k)] = true;
  for (int e : s.catchments.group)
    s.catchment_has_type[static_cast<std::size_t>(
        s.catchment_entries[static_cast<std::size_t>(e)].first)] = true;

  std::vector<detail::XY> hub_xy;
  for (std::size_t i = 0; i < in.hubs.size(); ++i) {
    hub_xy.push_back(hub_point(in.hubs[i], i));
    s.hubs[static_cast<std::size_t>(in.hub_types[i])].push_back(hub_xy.back());
  }

  // Road network: one Dijkstra per hub, folded into per-type minima; isochrones per hub.
  if (s.roads_given) {
    s.network.emplace(in.roads, in.road_speed_kmh);
    result.counts.network_nodes = s.network->node_count();
    result.counts.network_edges = s.network->edge_count();
    const double v = opts.access_speed_kmh * 1000.0 / 60.0;
    for (auto& m : s.type_minutes) m.assign(s.network->node_count(), kUnreachable);
    for (std::size_t h = 0; h < hub_xy.size(); ++h) {
      if (opts.cancel && opts.cancel->load()) throw Error(ErrorKind::Cancelled, "cancelled");
      auto nn = s.network->nearest_node(hub_xy[h].x, hub_xy[h].y);
      if (!nn) break;
      const std::vector<double> t = s.network->travel_minutes({{nn->node, nn->dist_m / v}});
      auto& tm = s.type_minutes[static_cast<std::size_t>(in.hub_types[h])];
      for (std::size_t n = 0; n < t.size(); ++n) tm[n] = std::min(tm[n], t[n]);
      if (!opts.isochrones_min.empty()) {
        IsochroneRequest q;
        q.network = &*s.network;
        q.node_minutes = &t;
        q.origin_x = hub_xy[h].x;
        q.origin_y = hub_xy[h].y;
        q.minutes = opts.isochrones_min;
        q.access_speed_kmh = opts.access_speed_kmh;
        q.cell_m = opts.isochrone_cell_m;
        std::vector<Wkb> polys = isochrones(q);
        for (std::size_t k = 0; k < polys.size(); ++k) {
          Isochrone iso;
          iso.hub_id = h < in.hub_ids.size() ? in.hub_ids[h] : std::to_string(h + 1);
          iso.hub_type = in.hub_types[h];
          iso.minutes = opts.isochrones_min[k];
          iso.area_m2 = area(from_wkb(polys[k]).get());
          iso.geometry = std::move(polys[k]);
          result.isochrones.push_back(std::move(iso));
        }
      }
    }
  }

  // 200 bytes a subject: a million parcels' results are 200 MB of fresh memory, whose pages
  // the kernel zeroed on the calling thread alone (0.5–1 s with the other core idle).
  resize_touched(result.facts, subjects.size(), threads);
  std::vector<std::size_t> slivers(static_cast<std::size_t>(threads), 0);
  ParallelOptions popts;
  popts.threads = threads;
  popts.chunk = opts.chunk;
  popts.progress = opts.progress;
  popts.cancel = opts.cancel;
  run_parallel(subjects.size(), popts, [&](WorkQueue& queue, int w) {
    Worker worker(s);
    std::size_t begin = 0, end = 0;
    while (queue.next(begin, end)) {
      if (opts.on_range) opts.on_range(w, begin, end);
      for (std::size_t i = begin; i < end; ++i) {
        try {
          result.facts[i] = worker.compute(subjects[i]);
        } catch (const Error& e) {
          Where where = e.where();
          where.layer = "subjects";
          where.feature = subject_ids && i < subject_ids->size()
                              ? (*subject_ids)[i]
                              : "feature " + std::to_string(i + 1);
          throw Error(e.kind(), e.message(), where);
        }
      }
      queue.finished(end - begin);
    }
    slivers[static_cast<std::size_t>(w)] = worker.slivers;
  });
  for (std::size_t n : slivers) result.counts.slivers_removed += n;
  for (const auto& f : result.facts) {
    if (f.has_geometry) ++result.counts.with_facts;
    if (f.repaired) ++repaired;
  }
  result.counts.repaired = repaired;
  return result;
}

}  // namespace hubland::geo
