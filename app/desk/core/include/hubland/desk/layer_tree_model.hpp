#pragma once
// LayerTreeModel — the layer panel: one row per layer of the session, top row drawn on top
// (as in QGIS). Each row has a visibility check box and a style choice; rows reorder by
// drag and drop or move_row(). The map is rebuilt from draw_order().

#include <QAbstractListModel>
#include <vector>

#include "hubland/desk/session.hpp"

namespace hubland::desk {

/// Thematic style of a layer. Parcels offer Grade, LowEfficiency and LandUse; other roles
/// use their Default style.
enum class StyleChoice { Default, Grade, LowEfficiency, LandUse, LandStatus };

class LayerTreeModel : public QAbstractListModel {
  Q_OBJECT
 public:
  struct Entry {
    Role role = Role::Parcels;
    bool visible = true;
    StyleChoice style = StyleChoice::Default;
  };
  /// Item data role carrying the StyleChoice (int) of a row.
  static constexpr int kStyleRole = Qt::UserRole + 1;
  /// Item data role carrying the layers::Role (int) of a row.
  static constexpr int kLayerRole = Qt::UserRole + 2;

  explicit LayerTreeModel(QObject* parent = nullptr);

  /// One row per role of the session, in its default order; parcels styled by grade when
  /// grades exist, else by land use.
  void reset(const Session& session);
  const std::vector<Entry>& entries() const noexcept { return m_entries; }
  /// Visible roles bottom to top (the render order).
  std::vector<Entry> draw_order() const;
  /// Row of a role, or -1.
  int row_of(Role role) const;

  void set_visible(int row, bool visible);
  void set_style(int row, StyleChoice style);
  /// Move a row to `to` (both in current numbering); false when out of range.
  bool move_row(int from, int to);
  /// The styles a role offers.
  static std::vector<StyleChoice> styles_for(Role role);
  static QString style_name(StyleChoice style);
  static QString layer_name(Role role);
  /// The UI language changed: the rows' names are read again.
  void retranslate();

  int rowCount(const QModelIndex& parent = {}) const override;
  QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
  bool setData(const QModelIndex& index, const QVariant& value, int role = Qt::EditRole) override;
  Qt::ItemFlags flags(const QModelIndex& index) const override;
  Qt::DropActions supportedDropActions() const override { return Qt::MoveAction; }
  bool moveRows(const QModelIndex& source_parent, int source_row, int count,
                const QModelIndex& destination_parent, int destination_child) override;
  QStringList mimeTypes() const override;
  QMimeData* mimeData(const QModelIndexList& indexes) const override;
  bool dropMimeData(const QMimeData* data, Qt::DropAction action, int row, int column,
                    const QModelIndex& parent) override;

 signals:
  /// Visibility, order or style changed: the map must be rebuilt.
  void layers_changed();

 private:
  std::vector<Entry> m_entries;
};

}  // namespace hubland::desk
