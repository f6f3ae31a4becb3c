#pragma once
// AttributeTableModel — the attribute table of the active layer: a sortable, filterable view
// over a layers::Table. The model keeps the list of visible source rows (filter, then sort);
// source rows are feature indices of the layer, which is how the table and the map share a
// selection (selection_sync.hpp).
//
// Filters are the SQL WHERE language planners know from "select by attribute" (evaluated by
// SQLite over a private in-memory copy of the table, read-only authorizer, one expression),
// plus outcome shorthands: "grade D", "flag LE-FAR", "rejected", "conditional", "approved",
// "eligible", "ineligible", "selected" is not one (selection is separate).

#include <QAbstractTableModel>
#include <QString>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "hubland/layers/table.hpp"

namespace hubland::desk {

class AttributeTableModel : public QAbstractTableModel {
  Q_OBJECT
 public:
  explicit AttributeTableModel(QObject* parent = nullptr);
  ~AttributeTableModel() override;

  /// Show a table (all rows, source order); clears the filter.
  void set_table(std::shared_ptr<const layers::Table> table);
  const layers::Table* table() const noexcept { return m_table.get(); }

  /// Apply a filter: an outcome shorthand or an SQL boolean expression over the columns; ""
  /// shows all rows. Returns "" on success, else the reason (the previous filter stays).
  QString set_filter(const QString& text);
  const QString& filter() const noexcept { return m_filter; }
  /// The SQL a filter text stands for ("grade D" -> "grade = 'D'"; SQL passes unchanged).
  static std::string filter_to_sql(const QString& text);

  /// Source rows (feature indices) in view order.
  const std::vector<std::size_t>& visible_rows() const noexcept { return m_rows; }
  std::size_t source_row(int view_row) const {
    return m_rows.at(static_cast<std::size_t>(view_row));
  }
  /// View row of a source row, or nullopt when filtered out.
  std::optional<int> view_row(std::size_t source_row) const;

  int rowCount(const QModelIndex& parent = {}) const override;
  int columnCount(const QModelIndex& parent = {}) const override;
  QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
  QVariant headerData(int section, Qt::Orientation orientation, int role) const override;
  /// The UI language changed: the column headers (column_names.hpp) are read again.
  void retranslate();
  /// Sorts the visible rows by a column (numbers numerically, nulls last), stable.
  void sort(int column, Qt::SortOrder order = Qt::AscendingOrder) override;

 private:
  void rebuild_view_index();
  struct Db;
  std::shared_ptr<const layers::Table> m_table;
  std::unique_ptr<Db> m_db;  // built on the first SQL filter
  QString m_filter;
  std::vector<std::size_t> m_rows;
  std::vector<int> m_view_of;  // source row -> view row, -1 when hidden
  int m_sort_column = -1;
  Qt::SortOrder m_sort_order = Qt::AscendingOrder;
};

/// Rows of `table` matching an SQL boolean `where` (SQLite over an in-memory copy, read-only).
/// Throws Error(BadInput) with SQLite's reason for a bad expression.
std::vector<std::size_t> select_rows(const layers::Table& table, const std::string& where);

}  // namespace hubland::desk
