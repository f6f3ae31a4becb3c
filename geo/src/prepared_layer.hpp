#pragma once
// Internal: the preparation of the overlay's polygon layers before any subject (canonical
// order, repair, the dissolve of each group, the cut of large features into pieces) and its
// encoding for a PreparedLayerStore (hubland/geo/overlay.hpp).

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "hubland/geo/geos.hpp"
#include "hubland/geo/overlay.hpp"

namespace hubland::geo::detail {

/// An overlay polygon layer in canonical order (sorted by group, then WKB bytes), repaired.
struct PolyLayer {
  std::vector<Wkb> wkb;
  std::vector<int> group;  ///< zone rank / constraint kind / catchment entry
  /// Large features cut into pieces of at most kPieceVertices vertices (disjoint interiors);
  /// empty for small features. Intersections use the pieces: clipping a 5-vertex parcel
  /// against an 800-vertex zone costs as much as the zone's size (docs/design.md §10 P13).
  std::vector<std::vector<Wkb>> pieces;
};

inline constexpr int kPieceVertices = 48;

/// Whether the features of one group are dissolved (unioned) before use.
enum class Dissolve { ByGroup, No };

/// The polygonal part of an overlay result (drops the lines and points a cut may leave).
GeomPtr polygonal_part(GeomPtr g);

/// One layer prepared: canonical order, repair, dissolve and subdivision. With
/// Dissolve::ByGroup, features of one group that meet are unioned and the union split into its
/// polygons, so the features of a group end up with disjoint interiors: overlaps with a group
/// are then plain sums, never counted twice (docs/design.md §10 P12). Runs on `threads`
/// threads; the layer is the same for any thread count. Adds the features repaired to
/// `repaired` and the layer to `counts` (layers_prepared, layers_from_store). With
/// SubjectValidity::Trusted a polygon of plain WKB (geo::plain_wkb) is taken as valid
/// without GEOS's check (the caller, layers::read_layer, checked and repaired it). With a `store`,
/// a layer kept there from the same inputs is taken instead of prepared, and a prepared one is
/// kept. Throws Error(Geometry) naming `layer_name` and the feature for WKB that is not a
/// polygon.
PolyLayer prepare_layer(const std::vector<Wkb>& wkb, const std::vector<int>& group,
                        const char* layer_name, Dissolve dissolve, SubjectValidity validity,
                        int threads, PreparedLayerStore* store, std::size_t& repaired,
                        OverlayCounts& counts);

/// A prepared layer and how many of its features were repaired, as a store keeps it.
struct EncodedLayer {
  PolyLayer layer;
  std::size_t repaired = 0;
};
/// A layer's encoding as the parts it is made of, in order: the small fields (header, counts,
/// groups, sizes) in `fields`, the WKB where the layer holds it. Views into `fields` and the
/// layer: valid while both live. Not joined into one string: that copied a city's constraints
/// (22 MB) into fresh memory on a first run's critical path (0.05 s).
/// Moved, not copied: a vector's move keeps the views into `fields` valid (a string's need not).
struct LayerEncoding {
  LayerEncoding() = default;
  LayerEncoding(LayerEncoding&&) noexcept = default;
  LayerEncoding& operator=(LayerEncoding&&) noexcept = default;
  LayerEncoding(const LayerEncoding&) = delete;
  LayerEncoding& operator=(const LayerEncoding&) = delete;
  std::vector<char> fields;
  std::vector<std::string_view> parts;
};
LayerEncoding encode_layer(const PolyLayer& layer, std::size_t repaired);
/// nullopt for anything encode_layer did not write (wrong header, cut short, bytes after the
/// end, a feature or piece that is not a polygon or multipolygon of plain WKB). Never throws.
std::optional<EncodedLayer> decode_layer(std::string_view bytes) noexcept;

}  // namespace hubland::geo::detail
