#include "hubland/desk/attribute_table_model.hpp"

#include <QRegularExpression>
#include <algorithm>
#include <numeric>
#include <string_view>

#include "hubland/desk/column_names.hpp"
#include "hubland/error.hpp"
#include "hubland/layers/sql_text.hpp"
#include "hubland/layers/vocabulary.hpp"
#include "hubland/rules/evaluator.hpp"

namespace hubland::desk {
// The filter runs through the rules' expression service: the same guard, allowlist (ST_*
// included) and pre-checks as every rule, over the table in place (no SQLite copy).
struct AttributeTableModel::Db {
  explicit Db(const layers::Table& table) : facts(table, rules::FactsDb::AnyTable{}) {}
  rules::FactsDb facts;
};

std::vector<std::size_t> select_rows(const layers::Table& table, const std::string& where) {
  AttributeTableModel model;
  model.set_table(std::make_shared<const layers::Table>(table));
  const QString err = model.set_filter(QString::fromStdString(where));
  if (!err.isEmpty()) throw Error(ErrorKind::BadInput, err.toStdString());
  return model.visible_rows();
}

AttributeTableModel::AttributeTableModel(QObject* parent) : QAbstractTableModel(parent) {}
AttributeTableModel::~AttributeTableModel() = default;

void AttributeTableModel::set_table(std::shared_ptr<const layers::Table> table) {
  beginResetModel();
  m_table = std::move(table);
  m_db.reset();
  m_filter.clear();
  m_rows.resize(m_table ? m_table->row_count() : 0);
  std::iota(m_rows.begin(), m_rows.end(), std::size_t{0});
  m_sort_column = -1;
  rebuild_view_index();
  endResetModel();
}

std::string AttributeTableModel::filter_to_sql(const QString& text) {
  const QString t = text.trimmed();
  static const QRegularExpression grade(QStringLiteral("^grade\\s+([A-Da-d])$"),
                                        QRegularExpression::CaseInsensitiveOption);
  static const QRegularExpression flag(QStringLiteral("^flag\\s+([A-Za-z0-9_.-]+)$"),
                                       QRegularExpression::CaseInsensitiveOption);
  if (auto m = grade.match(t); m.hasMatch())
    return "grade = " + layers::sql_literal(m.captured(1).toUpper().toStdString());
  if (auto m = flag.match(t); m.hasMatch())
    // flags lists rule ids separated by ';' (grades.csv) or ',': match a whole id.
    return "instr(';' || replace(replace(ifnull(flags, ''), ' ', ''), ',', ';') || ';', " +
           layers::sql_literal(";" + m.captured(1).toStdString() + ";") + ") > 0";
  const QString word = t.toLower();
  if (word == QLatin1String("flagged")) return "ifnull(flags, '') <> ''";
  // The verdict keys of the shared vocabulary, and the longer words older tables used.
  auto verdict = [](const layers::VerdictInfo& v, const char* older) {
    return "verdict IN (" + layers::sql_literal(v.key) + ", " + layers::sql_literal(older) + ")";
  };
  if (word == QLatin1String("approved")) return verdict(layers::kVerdicts[0], "approved");
  if (word == QLatin1String("conditional"))
    return verdict(layers::kVerdicts[1], "conditionally approved");
  if (word == QLatin1String("rejected")) return verdict(layers::kVerdicts[2], "rejected");
  if (word == QLatin1String("eligible")) return "eligible IN (1, 'true', 'yes')";
  if (word == QLatin1String("ineligible")) return "eligible IN (0, 'false', 'no')";
  return t.toStdString();
}

QString AttributeTableModel::set_filter(const QString& text) {
  if (!m_table) return tr("no table");
  std::vector<std::size_t> rows;
  const std::string sql = filter_to_sql(text);
  if (sql.empty()) {
    rows.resize(m_table->row_count());
    std::iota(rows.begin(), rows.end(), std::size_t{0});
  } else {
    try {
      if (!m_db) m_db = std::make_unique<Db>(*m_table);
      rows = rules::select_rows(m_db->facts, sql);
    } catch (const Error& e) {
      return QString::fromStdString(e.message());
    }
  }
  beginResetModel();
  m_filter = text.trimmed();
  m_rows = std::move(rows);
  endResetModel();
  if (m_sort_column >= 0)
    sort(m_sort_column, m_sort_order);
  else {
    beginResetModel();
    rebuild_view_index();
    endResetModel();
  }
  return {};
}

std::optional<int> AttributeTableModel::view_row(std::size_t source_row) const {
  if (source_row >= m_view_of.size() || m_view_of[source_row] < 0) return std::nullopt;
  return m_view_of[source_row];
}

void AttributeTableModel::rebuild_view_index() {
  m_view_of.assign(m_table ? m_table->row_count() : 0, -1);
  for (std::size_t i = 0; i < m_rows.size(); ++i) m_view_of[m_rows[i]] = static_cast<int>(i);
}

int AttributeTableModel::rowCount(const QModelIndex& parent) const {
  return parent.isValid() ? 0 : static_cast<int>(m_rows.size());
}

int AttributeTableModel::columnCount(const QModelIndex& parent) const {
  return parent.isValid() || !m_table ? 0 : static_cast<int>(m_table->column_count());
}

QVariant AttributeTableModel::data(const QModelIndex& index, int role) const {
  if (!m_table || !index.isValid() || index.row() >= static_cast<int>(m_rows.size())) return {};
  const std::size_t r = m_rows[static_cast<std::size_t>(index.row())];
  const std::size_t c = static_cast<std::size_t>(index.column());
  if (role == Qt::DisplayRole) {
    if (m_table->null_at(r, c)) return {};
    if (m_table->column(c).type == layers::FieldType::Real)
      return QString::number(m_table->real_at(r, c), 'g', 10);
    return QString::fromStdString(layers::as_text(m_table->get(r, c)));
  }
  if (role == Qt::TextAlignmentRole && m_table->column(c).type != layers::FieldType::Text)
    return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
  return {};
}

QVariant AttributeTableModel::headerData(int section, Qt::Orientation orientation, int role) const {
  if ((role != Qt::DisplayRole && role != Qt::ToolTipRole) || !m_table) return {};
  if (orientation == Qt::Horizontal) {
    if (section < 0 || section >= static_cast<int>(m_table->column_count())) return {};
    const auto& col = m_table->column(static_cast<std::size_t>(section));
    // The header in the UI language; the tooltip keeps the name a filter expression uses.
    return role == Qt::DisplayRole ? column_title(col.name) : QString::fromStdString(col.name);
  }
  if (role != Qt::DisplayRole) return {};
  return section + 1;
}

void AttributeTableModel::retranslate() {
  if (m_table && m_table->column_count() > 0)
    emit headerDataChanged(Qt::Horizontal, 0, static_cast<int>(m_table->column_count()) - 1);
}

void AttributeTableModel::sort(int column, Qt::SortOrder order) {
  if (!m_table || column < 0 || column >= static_cast<int>(m_table->column_count())) return;
  const std::size_t c = static_cast<std::size_t>(column);
  const auto& t = *m_table;
  const bool text = t.column(c).type == layers::FieldType::Text;
  const bool desc = order == Qt::DescendingOrder;
  emit layoutAboutToBeChanged();
  // Keep the view's selection and current index on the same source rows.
  const QModelIndexList persistent = persistentIndexList();
  std::vector<std::size_t> persistent_rows;
  for (const QModelIndex& p : persistent)
    persistent_rows.push_back(m_rows[static_cast<std::size_t>(p.row())]);
  std::stable_sort(m_rows.begin(), m_rows.end(), [&](std::size_t a, std::size_t b) {
    const bool na = t.null_at(a, c), nb = t.null_at(b, c);
    if (na || nb) return !na && nb;  // nulls last either way
    bool less;
    if (text)
      less = desc ? t.text_at(b, c) < t.text_at(a, c) : t.text_at(a, c) < t.text_at(b, c);
    else {
      const double va = *layers::as_number(t.get(a, c)), vb = *layers::as_number(t.get(b, c));
      less = desc ? vb < va : va < vb;
    }
    return less;
  });
  m_sort_column = column;
  m_sort_order = order;
  rebuild_view_index();
  QModelIndexList moved;
  for (int i = 0; i < persistent.size(); ++i)
    moved.append(
        index(m_view_of[persistent_rows[static_cast<std::size_t>(i)]], persistent[i].column()));
  changePersistentIndexList(persistent, moved);
  emit layoutChanged();
}

}  // namespace hubland::desk
