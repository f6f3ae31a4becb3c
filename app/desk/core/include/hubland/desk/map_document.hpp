#pragma once
// MapDocument — the session's layers as map::MapLayers: geometry decoded once per session,
// restyled from the layer panel's choices and the stage results, with the selection applied.
// snapshot() returns immutable layers the render thread can draw while the UI moves on.

#include <map>
#include <memory>
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
  /// highlighted on `selection_layer`.
  std::vector<std::shared_ptr<const map::MapLayer>> snapshot(
      const Session& session, const std::vector<LayerTreeModel::Entry>& draw_order,
      Role selection_layer, const std::vector<std::size_t>& selected) const;

  /// The undecorated layer of a role (hit tests, extents); null when absent.
  const map::MapLayer* layer(Role role) const;
  /// Union of the extents of all layers.
  map::Bounds extent() const;

 private:
  std::map<Role, map::MapLayer> m_layers;
};

/// Style keys of the parcels for a style choice, from the parcels' attribute view:
/// Grade -> grade column; LowEfficiency -> "flagged" when flags is non-empty, "ok" when graded,
/// else ""; LandUse -> land_use_category(land_use).
std::vector<std::string> parcel_style_keys(const layers::Table& parcel_view, StyleChoice style);

}  // namespace hubland::desk
