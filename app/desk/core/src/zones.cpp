#include "hubland/desk/zones.hpp"

#include <QCoreApplication>
#include <algorithm>
#include <charconv>
#include <map>
#include <optional>
#include <tuple>

#include "hubland/desk/workspace_stage.hpp"
#include "hubland/error.hpp"
#include "hubland/layers/vocabulary.hpp"
#include "hubland/layers/workspace.hpp"
#include "hubland/map/styles.hpp"
#include "hubland/rules/evaluator.hpp"

namespace hubland::desk {

namespace {

// Translation context of this file's user-visible text (lupdate reads it).
struct Text {
  Q_DECLARE_TR_FUNCTIONS(hubland::desk::zones)
};

// A number cell, or a number stored as text (a workspace's grades table keeps `score` as text;
// the evaluation reads it as a number too).
std::optional<double> number_at(const layers::Table& t, std::size_t row,
                                std::optional<std::size_t> col) {
  if (!col) return std::nullopt;
  const layers::Value v = t.get(row, *col);
  if (const auto n = layers::as_number(v)) return n;
  const auto* s = std::get_if<std::string>(&v);
  double d = 0;
  if (s && !s->empty() && std::from_chars(s->data(), s->data() + s->size(), d).ec == std::errc())
    return d;
  return std::nullopt;
}

std::string text_at(const layers::Table& t, std::size_t row, std::optional<std::size_t> col) {
  if (!col || t.null_at(row, *col)) return {};
  return layers::as_text(t.get(row, *col));
}

QString number_text(const std::optional<double>& v) {
  return v ? QString::fromStdString(rules::format_number(*v)) : QString();
}

// Scores and changes shown to one decimal, as the CLI summary prints them; the sort key keeps
// the full value.
QString score_text(const std::optional<double>& v, bool sign = false) {
  if (!v) return {};
  const QString s = QString::number(*v, 'f', 1);
  return sign && *v > 0 ? QStringLiteral("+") + s : s;
}

std::size_t year_index(const rules::WorkspaceEvaluation& ev, int year) {
  const auto it = std::find(ev.years.begin(), ev.years.end(), year);
  if (it == ev.years.end())
    throw Error(ErrorKind::BadInput, "no evaluation year " + std::to_string(year));
  return static_cast<std::size_t>(it - ev.years.begin());
}

}  // namespace

ZoneEvaluationPtr evaluate_workspace_zones(const std::string& path_or_url, JobContext& context) {
  context.progress(0, 2);
  const auto ws = layers::Workspace::open(path_or_url, layers::OpenMode::MustExist);
  if (rules::evaluation_runs(ws).empty()) return nullptr;
  context.check_cancel();
  // The ruleset the newest run recorded; its text from the workspace when the file is gone.
  rules::WorkspaceEvaluationRequest request;
  std::string recorded_path;
  const RulesetSource src =
      workspace_ruleset(ws, rules::evaluation_runs(ws).rbegin()->second.info, recorded_path);
  std::optional<TemporaryRulesetFile> text_file;
  if (src.from_workspace()) {
    text_file.emplace(src.text, path_or_url);
    request.ruleset_path = text_file->path();
  }
  auto ev = std::make_shared<rules::WorkspaceEvaluation>(
      rules::evaluate_workspace(ws, path_or_url, request));
  context.progress(2, 2);
  return ev;
}

// ---- table model ----

ZoneTableModel::ZoneTableModel(Language language, QObject* parent)
    : QAbstractTableModel(parent), m_language(language) {}

void ZoneTableModel::set_evaluation(ZoneEvaluationPtr evaluation, int year) {
  beginResetModel();
  m_evaluation = std::move(evaluation);
  m_year = year;
  m_rows.clear();
  if (m_evaluation)
    for (const auto& r : m_evaluation->rows)
      if (r.year == year) m_rows.push_back(&r);
  endResetModel();
}

int ZoneTableModel::row_of(const std::string& zone_id) const {
  for (std::size_t i = 0; i < m_rows.size(); ++i)
    if (m_rows[i]->zone_id == zone_id) return static_cast<int>(i);
  return -1;
}

int ZoneTableModel::rowCount(const QModelIndex& parent) const {
  return parent.isValid() ? 0 : static_cast<int>(m_rows.size());
}

int ZoneTableModel::columnCount(const QModelIndex& parent) const {
  if (parent.isValid() || !m_evaluation) return 0;
  return FirstIndicator + static_cast<int>(m_evaluation->ruleset.evaluation.indicators.size());
}

QVariant ZoneTableModel::data(const QModelIndex& index, int role) const {
  if (!index.isValid() || index.row() >= rowCount() || index.column() >= columnCount()) return {};
  if (role != Qt::DisplayRole && role != Qt::UserRole && role != Qt::TextAlignmentRole) return {};
  const rules::ZoneEvaluation& z = *m_rows[static_cast<std::size_t>(index.row())];
  const int c = index.column();
  const bool numeric = c == Score || c == Rank || c == Change || c >= FirstIndicator;
  if (role == Qt::TextAlignmentRole)
    return numeric ? QVariant(Qt::AlignRight | Qt::AlignVCenter) : QVariant();
  auto text = [](const std::string& s) { return QString::fromStdString(s); };
  auto number = [role](const std::optional<double>& v, const QString& shown) -> QVariant {
    if (role == Qt::UserRole) return v ? QVariant(*v) : QVariant();
    return shown;
  };
  switch (c) {
    case ZoneId:
      return text(z.zone_id);
    case Name:
      return text(z.zone_name);
    case Type:
      return text(z.zone_type);
    case District:
      return text(z.district_code);
    case Score:
      return number(z.score, score_text(z.score));
    case Rank: {
      const std::optional<double> r =
          z.rank > 0 ? std::optional<double>(z.rank) : std::optional<double>();
      return number(r, z.rank > 0 ? QString::number(z.rank) : QString());
    }
    case Grade:
      return text(z.grade);
    case Change:
      return number(z.change_vs_prev, score_text(z.change_vs_prev, true));
    default: {
      const auto& v = z.values.at(static_cast<std::size_t>(c - FirstIndicator));
      return number(v, number_text(v));
    }
  }
}

QVariant ZoneTableModel::headerData(int section, Qt::Orientation orientation, int role) const {
  if (role != Qt::DisplayRole && role != Qt::ToolTipRole) return {};
  if (orientation == Qt::Vertical) return section + 1;
  switch (section) {
    case ZoneId:
      return Text::tr("Zone");
    case Name:
      return Text::tr("Name");
    case Type:
      return Text::tr("Type");
    case District:
      return Text::tr("District");
    case Score:
      return Text::tr("Score");
    case Rank:
      return Text::tr("Rank in type");
    case Grade:
      return Text::tr("Grade");
    case Change:
      return Text::tr("Change");
    default:
      break;
  }
  if (!m_evaluation) return {};
  const auto& inds = m_evaluation->ruleset.evaluation.indicators;
  const auto i = static_cast<std::size_t>(section - FirstIndicator);
  if (i >= inds.size()) return {};
  const auto& ind = inds[i];
  const std::string& title = m_language == Language::Chinese ? ind.title_zh : ind.title_en;
  if (role == Qt::ToolTipRole) return QString::fromStdString(ind.id);
  return QString::fromStdString(title) +
         (ind.unit.empty() ? QString()
                           : QStringLiteral(" (%1)").arg(QString::fromStdString(ind.unit)));
}

// ---- map ----

map::Style zone_grade_style() {
  map::Style s = map::grade_style();  // one vocabulary: the parcel grade colours
  s.title = Text::tr("Zone evaluation");
  map::Symbol neutral = s.fallback;
  neutral.fill = QColor(150, 150, 150);  // darker than the basemap: an ungraded zone shows
  s.classes.push_back({"-", Text::tr("- not graded"), neutral});
  s.fallback = neutral;
  s.fallback_label.clear();
  for (auto& c : s.classes) {
    c.symbol.stroke = QColor(40, 40, 120);
    c.symbol.stroke_width_px = 1.5;
  }
  return s;
}

std::vector<std::string> zone_grade_keys(const rules::WorkspaceEvaluation& ev, int year) {
  std::map<std::string, std::string> grade_of;
  for (const auto& r : ev.rows)
    if (r.year == year) grade_of.emplace(r.zone_id, r.grade.empty() ? "-" : r.grade);
  std::vector<std::string> keys;
  keys.reserve(ev.zones.size());
  for (const auto& z : ev.zones) {
    const auto it = grade_of.find(z.zone_id);
    keys.push_back(it == grade_of.end() ? "-" : it->second);
  }
  return keys;
}

map::MapLayer zone_evaluation_layer(const rules::WorkspaceEvaluation& ev, int year) {
  if (!ev.zone_layer)
    throw Error(ErrorKind::BadInput, "the evaluated run has no zones layer to draw");
  map::MapLayer layer = map::make_map_layer(*ev.zone_layer, Text::tr("Zone evaluation"));
  layer.set_style(zone_grade_style(), zone_grade_keys(ev, year));
  std::vector<QString> labels;  // the stored layer's role is not set: label here
  for (const auto& z : ev.zones) labels.push_back(QString::fromStdString(z.zone_name));
  layer.set_labels(std::move(labels));
  return layer;
}

// ---- worst parcels ----

std::vector<WorstParcel> worst_parcels(const rules::WorkspaceEvaluation& ev, int year,
                                       const std::string& zone_id, std::size_t limit) {
  const std::size_t y = year_index(ev, year);
  const layers::Table& facts = ev.facts.at(y);
  const layers::Table& grades = ev.grades.at(y);
  const auto f_id = facts.find("parcel_id"), f_zone = facts.find("zone_id"),
             f_mu = facts.find("area_mu");
  const auto g_id = grades.find("parcel_id"), g_score = grades.find("score"),
             g_grade = grades.find("grade"), g_status = grades.find("land_status");
  std::map<std::string, std::size_t> grade_row;
  if (g_id)
    for (std::size_t r = 0; r < grades.row_count(); ++r)
      grade_row.emplace(text_at(grades, r, g_id), r);
  std::vector<WorstParcel> out;
  for (std::size_t r = 0; r < facts.row_count(); ++r) {
    if (text_at(facts, r, f_zone) != zone_id) continue;
    WorstParcel p;
    p.parcel_id = text_at(facts, r, f_id);
    p.area_mu = number_at(facts, r, f_mu);
    if (const auto it = grade_row.find(p.parcel_id); it != grade_row.end()) {
      p.grade = text_at(grades, it->second, g_grade);
      p.land_status = text_at(grades, it->second, g_status);
      p.grade_score = number_at(grades, it->second, g_score);
    }
    out.push_back(std::move(p));
  }
  auto severity = [](const std::string& status) {
    const auto& info = layers::kLandStatusInfo;
    for (std::size_t i = 0; i < info.size(); ++i)
      if (status == info[i].key) return i;
    return info.size();
  };
  auto key = [&](const WorstParcel& p) {
    return std::make_tuple(severity(p.land_status), !p.grade_score.has_value(),
                           p.grade_score.value_or(0.0), p.parcel_id);
  };
  std::sort(out.begin(), out.end(),
            [&](const WorstParcel& a, const WorstParcel& b) { return key(a) < key(b); });
  if (out.size() > limit) out.resize(limit);
  return out;
}

}  // namespace hubland::desk
