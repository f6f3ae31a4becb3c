#pragma once
// MapDocument — the session's layers as map::MapLayers: geometry decoded once per session,
// restyled from the layer panel's choices and the stage results, with the selection applied.
// snapshot() returns immutable layers the render thread can draw while the UI moves on.

#include <map>
#include <memory>
#include <optional>
#include <vector>

#include "hubland/desk/layer_tree_model.hpp"
#include "hubland/desk/session.hpp"
#include "hubland/map/map_renderer.hpp"

namespace hubland::desk {

class MapDocument {
 public:
  /// Decode every layer of the session (the slow part: do it off the UI thread for big data).
  explicit MapDocument(const Session& session);
  MapDocument() = default;

  /// Layers to draw, bottom to top: the visible entries with their style, `selected` rows
  /// highlighted on `selection_layer`. With `shown_rows` (the rows a table filter keeps), the
  /// other features of `selection_layer` are dimmed; with `basemap`, the basemap
  /// (basemap.hpp) comes first, under everything.
  std::vector<std::shared_ptr<const map::MapLayer>> snapshot(
      const Session& session, const std::vector<LayerTreeModel::Entry>& draw_order,
      Role selection_layer, const std::vector<std::size_t>& selected,
      const std::vector<std::size_t>* shown_rows = nullptr, bool basemap = false) const;
  /// The basemap of the session, or null when it has none of its layers.
  const map::MapLayer* basemap() const { return m_basemap ? &*m_basemap : nullptr; }

  /// The undecorated layer of a role (hit tests, extents); null when absent.
  const map::MapLayer* layer(Role role) const;
  /// Union of the extents of all layers.
  map::Bounds extent() const;
  /// Union of the extents of what the analysis is about: parcels, zones, hubs, project sites
  /// and conversion requests. Context layers (districts, land survey, roads, catchment rings,
  /// constraints …) may reach far beyond (the sample's districts cover all of Chongqing, its
  /// 30 km rings 60 km around each hub), where the parcels would be specks. extent() when
  /// there is none of them. The window's Full extent.
  map::Bounds analysis_extent() const;

 private:
  std::map<Role, map::MapLayer> m_layers;
  std::optional<map::MapLayer> m_basemap;
};

/// Style keys of the parcels for a style choice, from the parcels' attribute view:
/// Grade -> grade column; LowEfficiency -> "flagged" when flags is non-empty, "ok" when graded,
/// else ""; LandUse -> land_use_category(land_use).
std::vector<std::string> parcel_style_keys(const layers::Table& parcel_view, StyleChoice style);

}  // namespace hubland::desk
