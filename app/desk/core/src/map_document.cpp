#include "hubland/desk/map_document.hpp"

#include "hubland/desk/basemap.hpp"
#include "hubland/map/styles.hpp"

namespace hubland::desk {

MapDocument::MapDocument(const Session& session) {
  for (Role role : session.roles()) {
    const auto& layer = session.layer(role);
    if (layer.geometry.empty()) continue;  // attribute-only (conversion requests as a table)
    m_layers.emplace(role, map::make_map_layer(layer, LayerTreeModel::layer_name(role)));
  }
  m_basemap = make_basemap(session);
}

const map::MapLayer* MapDocument::layer(Role role) const {
  auto it = m_layers.find(role);
  return it == m_layers.end() ? nullptr : &it->second;
}

map::Bounds MapDocument::extent() const {
  map::Bounds b;
  for (const auto& [role, layer] : m_layers) b.expand(layer.extent());
  return b;
}

map::Bounds MapDocument::analysis_extent() const {
  map::Bounds b;
  for (const auto& [role, layer] : m_layers)
    if (role == Role::Parcels || role == Role::Zones || role == Role::Hubs ||
        role == Role::Projects || role == Role::Conversions)
      b.expand(layer.extent());
  return b.empty ? extent() : b;
}

std::vector<std::string> parcel_style_keys(const layers::Table& view, StyleChoice style) {
  switch (style) {
    case StyleChoice::Grade:
      return map::column_keys(view, "grade");
    case StyleChoice::LowEfficiency: {
      auto flags = map::column_keys(view, "flags");
      const auto grades = map::column_keys(view, "grade");
      for (std::size_t i = 0; i < flags.size(); ++i)
        flags[i] = !flags[i].empty() ? "flagged" : !grades[i].empty() ? "ok" : "";
      return flags;
    }
    case StyleChoice::LandStatus:
      return map::column_keys(view, "land_status");
    case StyleChoice::LandUse:
    case StyleChoice::Default:
      break;
  }
  return map::land_use_keys(view);
}

std::vector<std::shared_ptr<const map::MapLayer>> MapDocument::snapshot(
    const Session& session, const std::vector<LayerTreeModel::Entry>& draw_order,
    Role selection_layer, const std::vector<std::size_t>& selected,
    const std::vector<std::size_t>* shown_rows, bool basemap) const {
  std::vector<std::shared_ptr<const map::MapLayer>> out;
  if (basemap && m_basemap) out.push_back(std::make_shared<map::MapLayer>(*m_basemap));
  for (const auto& entry : draw_order) {
    const map::MapLayer* base = layer(entry.role);
    if (!base) continue;
    auto copy = std::make_shared<map::MapLayer>(*base);  // geometry shared, style copied
    if (entry.role == Role::Parcels) {
      const auto view = session.view(Role::Parcels);
      switch (entry.style) {
        case StyleChoice::Grade:
          copy->set_style(map::grade_style(), parcel_style_keys(*view, entry.style));
          break;
        case StyleChoice::LowEfficiency:
          copy->set_style(map::low_efficiency_style(), parcel_style_keys(*view, entry.style));
          break;
        case StyleChoice::LandStatus:
          copy->set_style(map::land_status_style(), parcel_style_keys(*view, entry.style));
          break;
        case StyleChoice::LandUse:
        case StyleChoice::Default:
          break;  // make_map_layer's land-use style
      }
    }
    if (entry.role == selection_layer) {
      copy->set_selection(selected);
      if (shown_rows) {
        // Filtered-out features stay on the map, faded: where they are still matters.
        std::vector<bool> dimmed(copy->size(), true);
        for (std::size_t r : *shown_rows)
          if (r < dimmed.size()) dimmed[r] = false;
        copy->set_dimmed(std::move(dimmed));
      }
    }
    out.push_back(std::move(copy));
  }
  return out;
}

}  // namespace hubland::desk
