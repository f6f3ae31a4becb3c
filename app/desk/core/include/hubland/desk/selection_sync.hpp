#pragma once
// SelectionSync — one selection shared by the map and the attribute table: source rows
// (feature indices) of the active layer. Each side writes into it with its origin and listens
// for changes from the other, so a selection never echoes back to where it came from.

#include <QItemSelection>
#include <QObject>
#include <vector>

#include "hubland/desk/attribute_table_model.hpp"
#include "hubland/desk/session.hpp"
#include "hubland/map/map_renderer.hpp"

namespace hubland::desk {

class SelectionSync : public QObject {
  Q_OBJECT
 public:
  enum class Origin { Map, Table, Program };
  Q_ENUM(Origin)

  explicit SelectionSync(QObject* parent = nullptr) : QObject(parent) {}

  /// Changing the layer clears the selection.
  void set_layer(Role role);
  Role layer() const noexcept { return m_layer; }
  /// Replace the selection (rows sorted, duplicates removed); emits changed() when different.
  void select(std::vector<std::size_t> rows, Origin origin);
  void clear(Origin origin) { select({}, origin); }
  const std::vector<std::size_t>& rows() const noexcept { return m_rows; }
  bool contains(std::size_t row) const;

 signals:
  void changed(hubland::desk::SelectionSync::Origin origin);

 private:
  Role m_layer = Role::Parcels;
  std::vector<std::size_t> m_rows;
};

/// Source rows behind selected view indexes of the table.
std::vector<std::size_t> rows_from_view(const AttributeTableModel& model,
                                        const QModelIndexList& indexes);
/// The table selection (whole rows) for source rows; rows filtered out are skipped.
QItemSelection view_selection(const AttributeTableModel& model,
                              const std::vector<std::size_t>& rows);
/// Envelope of the selected features, padded so that they sit inside the view; empty when none
/// has geometry. A single small feature is padded to at least `min_size_m` across.
map::Bounds zoom_bounds(const map::MapLayer& layer, const std::vector<std::size_t>& rows,
                        double min_size_m = 1200.0);

}  // namespace hubland::desk
