#include "hubland/desk/layer_tree_model.hpp"

#include <QCoreApplication>
#include <QMimeData>

namespace hubland::desk {
namespace {
const QString kMime = QStringLiteral("application/x-hubland-layer-row");
}

LayerTreeModel::LayerTreeModel(QObject* parent) : QAbstractListModel(parent) {}

void LayerTreeModel::reset(const Session& session) {
  beginResetModel();
  m_entries.clear();
  const auto roles = session.roles();
  // Panel order is top first: the reverse of the drawing order.
  for (auto it = roles.rbegin(); it != roles.rend(); ++it) {
    Entry e;
    e.role = *it;
    if (*it == Role::Parcels)
      e.style =
          session.results().grades.row_count() > 0 ? StyleChoice::Grade : StyleChoice::LandUse;
    // The basemap draws the district boundaries muted; the layer's dark dashes over them
    // would only add clutter (tick it to show them).
    if (*it == Role::Districts) e.visible = false;
    m_entries.push_back(e);
  }
  endResetModel();
  emit layers_changed();
}

std::vector<LayerTreeModel::Entry> LayerTreeModel::draw_order() const {
  std::vector<Entry> out;
  for (auto it = m_entries.rbegin(); it != m_entries.rend(); ++it)
    if (it->visible) out.push_back(*it);
  return out;
}

int LayerTreeModel::row_of(Role role) const {
  for (std::size_t i = 0; i < m_entries.size(); ++i)
    if (m_entries[i].role == role) return static_cast<int>(i);
  return -1;
}

void LayerTreeModel::set_visible(int row, bool visible) {
  if (row < 0 || row >= rowCount() || m_entries[row].visible == visible) return;
  m_entries[row].visible = visible;
  emit dataChanged(index(row), index(row), {Qt::CheckStateRole});
  emit layers_changed();
}

void LayerTreeModel::set_style(int row, StyleChoice style) {
  if (row < 0 || row >= rowCount() || m_entries[row].style == style) return;
  const auto allowed = styles_for(m_entries[row].role);
  if (std::find(allowed.begin(), allowed.end(), style) == allowed.end()) return;
  m_entries[row].style = style;
  emit dataChanged(index(row), index(row), {kStyleRole, Qt::DisplayRole});
  emit layers_changed();
}

bool LayerTreeModel::move_row(int from, int to) {
  const int n = rowCount();
  if (from < 0 || from >= n || to < 0 || to >= n || from == to) return false;
  // beginMoveRows wants the destination in pre-move numbering, "before row".
  const int dest = to > from ? to + 1 : to;
  beginMoveRows({}, from, from, {}, dest);
  Entry e = m_entries[from];
  m_entries.erase(m_entries.begin() + from);
  m_entries.insert(m_entries.begin() + to, e);
  endMoveRows();
  emit layers_changed();
  return true;
}

std::vector<StyleChoice> LayerTreeModel::styles_for(Role role) {
  if (role == Role::Parcels)
    return {StyleChoice::Grade, StyleChoice::LowEfficiency, StyleChoice::LandStatus,
            StyleChoice::LandUse};
  return {StyleChoice::Default};
}

QString LayerTreeModel::style_name(StyleChoice style) {
  switch (style) {
    case StyleChoice::Grade:
      return tr("By grade (A-D)");
    case StyleChoice::LowEfficiency:
      return tr("By low-efficiency flag");
    case StyleChoice::LandUse:
      return tr("By land use");
    case StyleChoice::LandStatus:
      return tr("By land status (idle, stopped, low efficiency)");
    case StyleChoice::Default:
      break;
  }
  return tr("Default");
}

QString LayerTreeModel::layer_name(Role role) {
  switch (role) {
    case Role::Parcels:
      return tr("Parcels");
    case Role::Zones:
      return tr("Zones");
    case Role::Hubs:
      return tr("Hubs");
    case Role::Catchments:
      return tr("Catchment rings");
    case Role::Constraints:
      return tr("Constraints");
    case Role::Projects:
      return tr("Project sites");
    case Role::Conversions:
      return tr("Conversion requests");
    case Role::Roads:
      return tr("Roads");
    case Role::LandSurvey:
      return tr("Current land class");
    case Role::LandSupply:
      return tr("Land supply");
    case Role::Parks:
      return tr("Industrial parks");
    case Role::Districts:
      return tr("Districts");
    case Role::Buildings:
      return tr("Buildings");
  }
  return {};
}

void LayerTreeModel::retranslate() {
  if (!m_entries.empty()) emit dataChanged(index(0), index(rowCount() - 1), {Qt::DisplayRole});
}

int LayerTreeModel::rowCount(const QModelIndex& parent) const {
  return parent.isValid() ? 0 : static_cast<int>(m_entries.size());
}

QVariant LayerTreeModel::data(const QModelIndex& index, int role) const {
  if (!index.isValid() || index.row() >= rowCount()) return {};
  const Entry& e = m_entries[index.row()];
  switch (role) {
    case Qt::DisplayRole:
      return styles_for(e.role).size() > 1
                 ? layer_name(e.role) + QStringLiteral(" — ") + style_name(e.style)
                 : layer_name(e.role);
    case Qt::CheckStateRole:
      return e.visible ? Qt::Checked : Qt::Unchecked;
    case kStyleRole:
      return static_cast<int>(e.style);
    case kLayerRole:
      return static_cast<int>(e.role);
    default:
      return {};
  }
}

bool LayerTreeModel::setData(const QModelIndex& index, const QVariant& value, int role) {
  if (!index.isValid()) return false;
  if (role == Qt::CheckStateRole) {
    set_visible(index.row(), value.toInt() == Qt::Checked);
    return true;
  }
  if (role == kStyleRole) {
    set_style(index.row(), static_cast<StyleChoice>(value.toInt()));
    return true;
  }
  return false;
}

Qt::ItemFlags LayerTreeModel::flags(const QModelIndex& index) const {
  if (!index.isValid()) return Qt::ItemIsDropEnabled;
  return Qt::ItemIsEnabled | Qt::ItemIsSelectable | Qt::ItemIsUserCheckable | Qt::ItemIsDragEnabled;
}

bool LayerTreeModel::moveRows(const QModelIndex&, int source_row, int count, const QModelIndex&,
                              int destination_child) {
  if (count != 1) return false;
  const int to = destination_child > source_row ? destination_child - 1 : destination_child;
  return move_row(source_row, std::min(to, rowCount() - 1));
}

QStringList LayerTreeModel::mimeTypes() const {
  return {kMime};
}

QMimeData* LayerTreeModel::mimeData(const QModelIndexList& indexes) const {
  if (indexes.isEmpty()) return nullptr;
  auto* mime = new QMimeData;  // ownership passes to the drag (Qt API contract)
  mime->setData(kMime, QByteArray::number(indexes.first().row()));
  return mime;
}

bool LayerTreeModel::dropMimeData(const QMimeData* data, Qt::DropAction action, int row, int,
                                  const QModelIndex& parent) {
  if (action != Qt::MoveAction || !data || !data->hasFormat(kMime)) return false;
  const int from = data->data(kMime).toInt();
  int dest = row >= 0 ? row : parent.isValid() ? parent.row() : rowCount();
  return moveRows({}, from, 1, {}, dest);
}

}  // namespace hubland::desk
