#include "prepared_layer.hpp"

#include <geos_c.h>

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <map>
#include <numeric>
#include <tuple>

#include "hubland/error.hpp"
#include "hubland/geo/parallel.hpp"
#include "hubland/geo/strtree.hpp"
#include "hubland/geo/wkb.hpp"

namespace hubland::geo::detail {

GeomPtr polygonal_part(GeomPtr g) {
  auto ctx = GeosContext::local().handle();
  if (is_polygonal(g.get()) || is_empty(g.get())) return g;
  std::vector<GeomPtr> polys;
  const int n = GEOSGetNumGeometries_r(ctx, g.get());
  for (int i = 0; i < n; ++i) {
    const GEOSGeometry* part = GEOSGetGeometryN_r(ctx, g.get(), i);
    if (is_polygonal(part) && !is_empty(part)) {
      const int m = GEOSGetNumGeometries_r(ctx, part);
      for (int k = 0; k < m; ++k) polys.push_back(clone(GEOSGetGeometryN_r(ctx, part, k)));
    }
  }
  return collect(GEOS_MULTIPOLYGON, std::move(polys), "collecting polygons");
}

namespace {

/// Cut a polygon in halves along the longer side of its envelope until every piece has at
/// most kPieceVertices vertices. ClipByRect is linear in the vertices; where its output is not
/// valid, the robust (OverlayNG) intersection redoes that cut.
void subdivide(const GEOSGeometry* g, int depth, std::vector<Wkb>& out) {
  auto ctx = GeosContext::local().handle();
  if (GEOSGetNumCoordinates_r(ctx, g) <= kPieceVertices || depth >= 12) {
    out.push_back(to_wkb(g));
    return;
  }
  const Envelope e = envelope(g);
  const double pad = 1.0 + std::max(e.max_x - e.min_x, e.max_y - e.min_y);
  const bool along_x = e.max_x - e.min_x >= e.max_y - e.min_y;
  const double mid = along_x ? (e.min_x + e.max_x) / 2 : (e.min_y + e.max_y) / 2;
  for (int half = 0; half < 2; ++half) {
    double x0 = e.min_x - pad, y0 = e.min_y - pad, x1 = e.max_x + pad, y1 = e.max_y + pad;
    if (along_x)
      (half == 0 ? x1 : x0) = mid;
    else
      (half == 0 ? y1 : y0) = mid;
    GeomPtr part =
        polygonal_part(adopt(GEOSClipByRect_r(ctx, g, x0, y0, x1, y1), "clip by rectangle"));
    if (GEOSisValid_r(ctx, part.get()) != 1) {
      GeomPtr box = adopt(GEOSGeom_createRectangle_r(ctx, x0, y0, x1, y1), "cutting box");
      part = polygonal_part(intersection(g, box.get()));
    }
    if (!is_empty(part.get()) && area(part.get()) > 0) subdivide(part.get(), depth + 1, out);
  }
}

std::size_t find_root(std::vector<std::size_t>& parent, std::size_t i) {
  while (parent[i] != i) i = parent[i] = parent[parent[i]];
  return i;
}

/// Canonical order, repair, dissolve and subdivision of one overlay layer.
/// With Dissolve::ByGroup, features of one group that meet are unioned and the union split into
/// its polygons, so the features of a group end up with disjoint interiors: overlaps with a
/// group are then plain sums, never counted twice (docs/design.md §10 P12).
/// Repair, the unions and the subdivision run on `threads` threads (they are most of the fixed
/// cost of an overlay: a city's constraint layer is thousands of polygons); what crosses
/// threads is WKB, and every result goes to the slot of its feature or cluster, so the layer is
/// the same for any thread count.
PolyLayer canonical_layer(const std::vector<Wkb>& wkb, const std::vector<int>& group,
                          const char* layer_name, Dissolve dissolve, SubjectValidity validity,
                          int threads, std::size_t& repaired) {
  std::vector<std::size_t> order(wkb.size());
  std::iota(order.begin(), order.end(), 0);
  std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    return std::tie(group[a], wkb[a]) < std::tie(group[b], wkb[b]);
  });

  // 1. Decode, check, repair (per feature). A valid feature keeps its bytes.
  enum class State : std::uint8_t { Skip, Valid, Repaired };
  std::vector<State> state(order.size(), State::Skip);
  std::vector<Wkb> repaired_wkb(order.size());
  parallel_for_each(order.size(), threads, [&](std::size_t k, int) {
    const std::size_t i = order[k];
    if (wkb[i].empty()) return;
    if (validity == SubjectValidity::Trusted) {
      const std::optional<PlainWkb> plain = plain_wkb(wkb[i].data(), wkb[i].size());
      if (plain && (plain->type == WkbType::Polygon || plain->type == WkbType::MultiPolygon)) {
        state[k] = State::Valid;
        return;
      }
    }
    const Where where{.layer = layer_name, .feature = "feature " + std::to_string(i + 1)};
    GeomPtr g;
    try {
      g = from_wkb(wkb[i]);
    } catch (const Error& e) {
      throw Error(ErrorKind::Geometry, e.message(), where);
    }
    if (is_empty(g.get())) return;
    if (!is_polygonal(g.get())) throw Error(ErrorKind::Geometry, "expected a polygon", where);
    if (invalid_reason(g.get()).empty()) {
      state[k] = State::Valid;
      return;
    }
    g = make_valid(g.get());
    if (is_empty(g.get())) {
      state[k] = State::Repaired;  // counted, then dropped
      return;
    }
    repaired_wkb[k] = to_wkb(g.get());
    state[k] = State::Repaired;
  });
  std::vector<const Wkb*> kept;
  std::vector<int> groups;
  for (std::size_t k = 0; k < order.size(); ++k) {
    if (state[k] == State::Repaired) ++repaired;
    const Wkb* w = state[k] == State::Valid                                  ? &wkb[order[k]]
                   : state[k] == State::Repaired && !repaired_wkb[k].empty() ? &repaired_wkb[k]
                                                                             : nullptr;
    if (!w) continue;
    kept.push_back(w);
    groups.push_back(group[order[k]]);
  }

  std::vector<std::pair<int, Wkb>> features;
  if (dissolve == Dissolve::ByGroup) {
    // 2. Clusters of meeting features within a group (union-find over STRtree candidates).
    auto ctx = GeosContext::local().handle();
    std::vector<GeomPtr> geoms;
    geoms.reserve(kept.size());
    for (const Wkb* w : kept) geoms.push_back(from_wkb(*w));
    std::vector<std::size_t> parent(geoms.size());
    std::iota(parent.begin(), parent.end(), 0);
    StrTree tree;
    for (std::size_t i = 0; i < geoms.size(); ++i) tree.insert(geoms[i].get(), i);
    std::vector<std::size_t> cand;
    for (std::size_t i = 0; i < geoms.size(); ++i) {
      tree.query(geoms[i].get(), cand);
      // Prepared once a pair is to be tested: GEOS's plain intersects computes a full relate
      // per pair (0.15-0.20 s for 5,000 constraints on this thread, 0.09-0.10 s prepared).
      PreparedPtr prepared;
      for (std::size_t j : cand) {
        if (j <= i || groups[j] != groups[i] || find_root(parent, i) == find_root(parent, j))
          continue;
        if (!prepared) prepared = prepare(geoms[i].get());
        const char meets = GEOSPreparedIntersects_r(ctx, prepared.get(), geoms[j].get());
        if (meets == 2)
          throw Error(ErrorKind::Geometry, "intersects test failed", Where{.layer = layer_name});
        if (meets == 1) parent[find_root(parent, j)] = find_root(parent, i);
      }
    }
    geoms.clear();
    std::map<std::size_t, std::vector<std::size_t>> by_root;  // root -> members, ascending
    for (std::size_t i = 0; i < kept.size(); ++i) by_root[find_root(parent, i)].push_back(i);
    std::vector<std::vector<std::size_t>> clusters;
    for (auto& [root, members] : by_root) clusters.push_back(std::move(members));
    // 3. Each cluster's union, split into its polygons.
    std::vector<std::vector<Wkb>> unions(clusters.size());
    parallel_for_each(clusters.size(), threads, [&](std::size_t c, int) {
      const auto& members = clusters[c];
      if (members.size() == 1) {
        unions[c].push_back(*kept[members[0]]);
        return;
      }
      std::vector<GeomPtr> parts;
      parts.reserve(members.size());
      for (std::size_t m : members) parts.push_back(from_wkb(*kept[m]));
      auto cctx = GeosContext::local().handle();
      GeomPtr u = polygonal_part(union_all(std::move(parts)));  // taken over, not copied
      const int n = GEOSGetNumGeometries_r(cctx, u.get());
      for (int k = 0; k < n; ++k) unions[c].push_back(to_wkb(GEOSGetGeometryN_r(cctx, u.get(), k)));
    });
    for (std::size_t c = 0; c < clusters.size(); ++c)
      for (auto& w : unions[c]) features.emplace_back(groups[clusters[c][0]], std::move(w));
  } else {
    for (std::size_t i = 0; i < kept.size(); ++i) features.emplace_back(groups[i], *kept[i]);
  }
  std::sort(features.begin(), features.end());

  // 4. Large features cut into pieces.
  PolyLayer out;
  out.group.resize(features.size());
  out.wkb.resize(features.size());
  out.pieces.resize(features.size());
  parallel_for_each(features.size(), threads, [&](std::size_t i, int) {
    GeomPtr geom = from_wkb(features[i].second);
    if (GEOSGetNumCoordinates_r(GeosContext::local().handle(), geom.get()) > kPieceVertices)
      subdivide(geom.get(), 0, out.pieces[i]);
  });
  for (std::size_t i = 0; i < features.size(); ++i) {
    out.group[i] = features[i].first;
    out.wkb[i] = std::move(features[i].second);
  }
  return out;
}
/// Names the encoding and everything besides the inputs that shapes a prepared layer; part of
/// every store key, so a layer kept by another version is never taken.
std::string format_tag() {
  const std::uint16_t one = 1;
  unsigned char first = 0;
  std::memcpy(&first, &one, 1);
  return std::string("hubland prepared layer 1; pieces of ") + std::to_string(kPieceVertices) +
         " vertices; GEOS " + GEOSversion() + (first == 1 ? "; little-endian" : "; big-endian");
}

template <class T>
void put(std::vector<char>& out, T v) {
  const std::size_t at = out.size();
  out.resize(at + sizeof v);
  std::memcpy(out.data() + at, &v, sizeof v);
}

/// Reads what put() wrote, refusing to read past the end.
class Cursor {
 public:
  explicit Cursor(std::string_view bytes) : m_rest(bytes) {}
  template <class T>
  bool get(T& v) {
    if (m_rest.size() < sizeof v) return false;
    std::memcpy(&v, m_rest.data(), sizeof v);
    m_rest.remove_prefix(sizeof v);
    return true;
  }
  /// One polygon or multipolygon of plain WKB (hubland/geo/wkb.hpp): what the overlay wrote.
  bool get_wkb(Wkb& w) {
    std::uint64_t size = 0;
    if (!get(size) || size > m_rest.size()) return false;
    const auto* data = reinterpret_cast<const std::uint8_t*>(m_rest.data());
    const std::optional<PlainWkb> plain = plain_wkb(data, size);
    if (!plain || (plain->type != WkbType::Polygon && plain->type != WkbType::MultiPolygon))
      return false;
    w.assign(data, data + size);
    m_rest.remove_prefix(size);
    return true;
  }
  bool at_end() const noexcept { return m_rest.empty(); }
  std::size_t left() const noexcept { return m_rest.size(); }

 private:
  std::string_view m_rest;
};

const std::string_view kHeader = "hubland prepared layer 1\n";

}  // namespace

LayerEncoding encode_layer(const PolyLayer& layer, std::size_t repaired) {
  // The fields first, each run of them noted by its end; the views are made once `fields`
  // has stopped growing.
  LayerEncoding e;
  std::vector<std::pair<std::size_t, const Wkb*>> runs;  // end of a run of fields, then a WKB
  e.fields.assign(kHeader.begin(), kHeader.end());
  put<std::uint64_t>(e.fields, repaired);
  put<std::uint64_t>(e.fields, layer.wkb.size());
  auto wkb = [&](const Wkb& w) {
    put<std::uint64_t>(e.fields, w.size());
    runs.emplace_back(e.fields.size(), &w);
  };
  for (std::size_t i = 0; i < layer.wkb.size(); ++i) {
    put<std::int32_t>(e.fields, layer.group[i]);
    wkb(layer.wkb[i]);
    put<std::uint64_t>(e.fields, layer.pieces[i].size());
    for (const Wkb& piece : layer.pieces[i]) wkb(piece);
  }
  e.parts.reserve(2 * runs.size() + 1);
  const std::string_view fields(e.fields.data(), e.fields.size());
  std::size_t from = 0;
  for (const auto& [end, w] : runs) {
    e.parts.push_back(fields.substr(from, end - from));
    e.parts.emplace_back(reinterpret_cast<const char*>(w->data()), w->size());
    from = end;
  }
  if (from < fields.size()) e.parts.push_back(fields.substr(from));
  return e;
}

std::optional<EncodedLayer> decode_layer(std::string_view bytes) noexcept {
  try {
    if (bytes.substr(0, kHeader.size()) != kHeader) return std::nullopt;
    Cursor in(bytes.substr(kHeader.size()));
    EncodedLayer e;
    std::uint64_t repaired = 0, count = 0;
    // Every feature takes at least 24 bytes: a count beyond that is not ours.
    if (!in.get(repaired) || !in.get(count) || count > in.left() / 24) return std::nullopt;
    e.repaired = repaired;
    e.layer.wkb.resize(count);
    e.layer.group.resize(count);
    e.layer.pieces.resize(count);
    for (std::size_t i = 0; i < count; ++i) {
      std::int32_t group = 0;
      std::uint64_t pieces = 0;
      if (!in.get(group) || !in.get_wkb(e.layer.wkb[i]) || !in.get(pieces) ||
          pieces > in.left() / 8)
        return std::nullopt;
      e.layer.group[i] = group;
      e.layer.pieces[i].resize(pieces);
      for (Wkb& piece : e.layer.pieces[i])
        if (!in.get_wkb(piece)) return std::nullopt;
    }
    if (!in.at_end()) return std::nullopt;
    return e;
  } catch (const std::bad_alloc&) {
    return std::nullopt;
  }
}

PolyLayer prepare_layer(const std::vector<Wkb>& wkb, const std::vector<int>& group,
                        const char* layer_name, Dissolve dissolve, SubjectValidity validity,
                        int threads, PreparedLayerStore* store, std::size_t& repaired,
                        OverlayCounts& counts) {
  ++counts.layers_prepared;
  if (!store) return canonical_layer(wkb, group, layer_name, dissolve, validity, threads, repaired);
  const std::string tag = format_tag();
  std::vector<std::string_view> inputs{
      tag, layer_name, dissolve == Dissolve::ByGroup ? "dissolved by group" : "not dissolved",
      validity == SubjectValidity::Trusted ? "validity trusted" : "validity checked",
      std::string_view(reinterpret_cast<const char*>(group.data()), group.size() * sizeof(int))};
  inputs.reserve(inputs.size() + wkb.size());
  for (const Wkb& w : wkb) inputs.emplace_back(reinterpret_cast<const char*>(w.data()), w.size());
  // A layer is taken only if it is whole and every group it names is one of the inputs' (the
  // overlay indexes by group): bytes crafted to pass the store's checks cannot reach further.
  auto groups_of_inputs = [&](const PolyLayer& layer) {
    std::vector<int> known = group;
    std::sort(known.begin(), known.end());
    for (int g : layer.group)
      if (!std::binary_search(known.begin(), known.end(), g)) return false;
    return true;
  };
  const std::string key = store->key(inputs);
  if (std::optional<std::string> kept = store->find(key))
    if (std::optional<EncodedLayer> e = decode_layer(*kept); e && groups_of_inputs(e->layer)) {
      repaired += e->repaired;
      ++counts.layers_from_store;
      return std::move(e->layer);
    }
  std::size_t layer_repaired = 0;
  PolyLayer layer =
      canonical_layer(wkb, group, layer_name, dissolve, validity, threads, layer_repaired);
  repaired += layer_repaired;
  store->keep(key, encode_layer(layer, layer_repaired).parts);
  return layer;
}

}  // namespace hubland::geo::detail
