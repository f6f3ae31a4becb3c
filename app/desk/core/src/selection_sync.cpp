#include "hubland/desk/selection_sync.hpp"

#include <algorithm>

namespace hubland::desk {

void SelectionSync::set_layer(Role role) {
  if (role == m_layer) return;
  m_layer = role;
  if (!m_rows.empty()) {
    m_rows.clear();
    emit changed(Origin::Program);
  }
}

void SelectionSync::select(std::vector<std::size_t> rows, Origin origin) {
  std::sort(rows.begin(), rows.end());
  rows.erase(std::unique(rows.begin(), rows.end()), rows.end());
  if (rows == m_rows) return;
  m_rows = std::move(rows);
  emit changed(origin);
}

bool SelectionSync::contains(std::size_t row) const {
  return std::binary_search(m_rows.begin(), m_rows.end(), row);
}

std::vector<std::size_t> rows_from_view(const AttributeTableModel& model,
                                        const QModelIndexList& indexes) {
  std::vector<std::size_t> rows;
  for (const QModelIndex& i : indexes)
    if (i.isValid() && i.row() < model.rowCount()) rows.push_back(model.source_row(i.row()));
  std::sort(rows.begin(), rows.end());
  rows.erase(std::unique(rows.begin(), rows.end()), rows.end());
  return rows;
}

QItemSelection view_selection(const AttributeTableModel& model,
                              const std::vector<std::size_t>& rows) {
  QItemSelection selection;
  const int last = model.columnCount() - 1;
  if (last < 0) return selection;
  for (std::size_t r : rows)
    if (auto v = model.view_row(r)) selection.select(model.index(*v, 0), model.index(*v, last));
  return selection;
}

map::Bounds zoom_bounds(const map::MapLayer& layer, const std::vector<std::size_t>& rows,
                        double min_size_m) {
  map::Bounds b;
  for (std::size_t r : rows)
    if (r < layer.size()) b.expand(layer.feature_bounds(r));
  if (b.empty) return b;
  const double cx = 0.5 * (b.min_x + b.max_x), cy = 0.5 * (b.min_y + b.max_y);
  const double half = 0.5 * std::max({b.width() * 1.6, b.height() * 1.6, min_size_m});
  map::Bounds out;
  out.expand(cx - half, cy - half);
  out.expand(cx + half, cy + half);
  return out;
}

}  // namespace hubland::desk
