// MapLayer: a layer's features with their style classes, labels, selection and hit tests.
#include "hubland/map/map_renderer.hpp"

#include <algorithm>

#include "feature_store.hpp"
#include "hubland/error.hpp"

namespace hubland::map {

std::size_t Style::class_of(const std::string& key) const {
  for (std::size_t i = 0; i < classes.size(); ++i)
    if (classes[i].key == key) return i;
  return classes.size();
}

MapLayer::MapLayer(QString name, const std::vector<geo::Wkb>& wkb)
    : m_name(std::move(name)), m_store(std::make_shared<const FeatureStore>(wkb)) {
  m_class.assign(m_store->features.size(), 0);
}

std::size_t MapLayer::size() const noexcept {
  return m_store->features.size();
}
GeometryFamily MapLayer::family() const noexcept {
  return m_store->family;
}
Bounds MapLayer::extent() const noexcept {
  return m_store->extent;
}
Bounds MapLayer::feature_bounds(std::size_t feature) const {
  return m_store->feature_bounds(feature);
}

void MapLayer::set_style(Style style, const std::vector<std::string>& keys) {
  if (!keys.empty() && keys.size() != size())
    throw Error(ErrorKind::BadInput,
                "style keys: " + std::to_string(keys.size()) + " keys for " +
                    std::to_string(size()) + " features",
                Where{.layer = m_name.toStdString()});
  m_style = std::move(style);
  const auto fallback =
      static_cast<std::uint16_t>(std::min<std::size_t>(m_style.classes.size(), 65535));
  m_class.assign(size(), fallback);
  for (std::size_t i = 0; i < keys.size(); ++i)
    m_class[i] =
        static_cast<std::uint16_t>(std::min<std::size_t>(m_style.class_of(keys[i]), 65535));
}

std::vector<std::size_t> MapLayer::class_counts() const {
  std::vector<std::size_t> counts(m_style.classes.size() + 1, 0);
  for (std::size_t f = 0; f < m_class.size(); ++f)
    if (m_store->has_geometry(f))
      ++counts[std::min<std::size_t>(m_class[f], m_style.classes.size())];
  return counts;
}

void MapLayer::set_labels(std::vector<QString> labels) {
  m_labels = std::move(labels);
}

void MapLayer::set_selection(std::vector<std::size_t> features) {
  std::sort(features.begin(), features.end());
  features.erase(std::unique(features.begin(), features.end()), features.end());
  while (!features.empty() && features.back() >= size()) features.pop_back();
  m_selection = std::move(features);
}

void MapLayer::set_dimmed(std::vector<bool> dimmed) {
  if (!dimmed.empty() && dimmed.size() != size())
    throw Error(ErrorKind::BadInput,
                "dimmed features: " + std::to_string(dimmed.size()) + " flags for " +
                    std::to_string(size()) + " features",
                Where{.layer = m_name.toStdString()});
  m_dimmed = std::move(dimmed);
}

std::vector<std::size_t> MapLayer::features_at(double x_m, double y_m, double tolerance_m) const {
  Bounds box;
  box.expand(x_m - tolerance_m, y_m - tolerance_m);
  box.expand(x_m + tolerance_m, y_m + tolerance_m);
  std::vector<std::size_t> out;
  m_store->for_each_in(box, [&](std::uint32_t f) {
    if (m_store->hits(f, x_m, y_m, tolerance_m)) out.push_back(f);
  });
  std::sort(out.rbegin(), out.rend());  // last drawn is on top
  return out;
}

std::vector<std::size_t> MapLayer::features_in(const Bounds& box) const {
  std::vector<std::size_t> out;
  m_store->for_each_in(box, [&](std::uint32_t f) { out.push_back(f); });
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace hubland::map
