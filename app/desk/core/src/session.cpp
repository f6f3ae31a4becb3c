#include "hubland/desk/session.hpp"

#include <algorithm>
#include <iterator>

namespace hubland::desk {

Session::Session(layers::AnalysisInputs inputs, layers::AnalysisSpec spec)
    : m_spec(std::move(spec)), m_inputs(std::move(inputs)) {
  rebuild();
}

void Session::set_results(StageResults results) {
  m_results = std::move(results);
  const layers::Table* parts[] = {&m_results.screening_findings, &m_results.conversion_findings,
                                  &m_results.eligibility_findings};
  if (std::any_of(std::begin(parts), std::end(parts),
                  [](const auto* t) { return t->column_count() > 0; })) {
    layers::Table all;
    for (const layers::Table* t : parts) {
      std::vector<std::size_t> cols;
      for (const auto& c : t->columns()) cols.push_back(all.add_column(c.name, c.type, c.unit));
      for (std::size_t r = 0; r < t->row_count(); ++r) {
        const std::size_t o = all.add_row();
        for (std::size_t c = 0; c < cols.size(); ++c) all.set(o, cols[c], t->get(r, c));
      }
    }
    m_results.findings = std::move(all);
  }
  rebuild();
}

std::vector<Role> Session::roles() const {
  static const Role order[] = {Role::Zones,   Role::Catchments,  Role::Constraints, Role::Roads,
                               Role::Parcels, Role::Conversions, Role::Projects,    Role::Hubs};
  std::vector<Role> out;
  for (Role r : order)
    if (m_inputs.has(r)) out.push_back(r);
  return out;
}

std::shared_ptr<const layers::Table> Session::view(Role role) const {
  auto it = m_views.find(role);
  if (it != m_views.end()) return it->second;
  static const auto empty = std::make_shared<const layers::Table>();
  return empty;
}

std::string Session::feature_id(Role role, std::size_t row) const {
  if (!m_inputs.has(role)) return {};
  const auto& t = m_inputs.at(role).attributes;
  const auto c = t.find(layers::id_column(role));
  if (!c || row >= t.row_count() || t.null_at(row, *c)) return {};
  return layers::as_text(t.get(row, *c));
}

std::size_t Session::row_of(Role role, const std::string& id) const {
  auto it = m_rows_by_id.find(role);
  if (it == m_rows_by_id.end()) return npos;
  auto r = it->second.find(id);
  return r == it->second.end() ? npos : r->second;
}

std::vector<std::size_t> Session::findings_of(const std::string& id) const {
  auto it = m_findings_by_subject.find(id);
  return it == m_findings_by_subject.end() ? std::vector<std::size_t>{} : it->second;
}

std::size_t Session::facts_row(const std::string& parcel_id) const {
  auto it = m_facts_by_parcel.find(parcel_id);
  return it == m_facts_by_parcel.end() ? npos : it->second;
}

void Session::rebuild() {
  m_views.clear();
  m_rows_by_id.clear();
  for (const auto& [role, layer] : m_inputs.layers) {
    layers::Table view = layer.attributes;
    const std::string id = layers::id_column(role);
    if (role == Role::Parcels && m_results.grades.row_count() > 0)
      view = left_join(view, id, m_results.grades, "parcel_id");
    if (role == Role::Conversions && m_results.verdicts.row_count() > 0)
      view = left_join(view, id, m_results.verdicts, "request_id");
    if (role == Role::Projects && m_results.ranking.row_count() > 0)
      view = left_join(view, id, m_results.ranking, "project_id");
    m_views[role] = std::make_shared<const layers::Table>(std::move(view));
    auto& index = m_rows_by_id[role];
    for (std::size_t r = 0; r < layer.size(); ++r) index.emplace(feature_id(role, r), r);
  }
  m_findings_by_subject.clear();
  const auto& f = m_results.findings;
  if (auto c = f.find("subject_id"))
    for (std::size_t r = 0; r < f.row_count(); ++r)
      m_findings_by_subject[layers::as_text(f.get(r, *c))].push_back(r);
  m_facts_by_parcel.clear();
  if (auto c = m_results.facts.find("parcel_id"))
    for (std::size_t r = 0; r < m_results.facts.row_count(); ++r)
      m_facts_by_parcel.emplace(layers::as_text(m_results.facts.get(r, *c)), r);
}

layers::Table left_join(const layers::Table& left, const std::string& left_key,
                        const layers::Table& right, const std::string& right_key) {
  layers::Table out = left;
  const auto lk = left.find(left_key);
  const auto rk = right.find(right_key);
  if (!lk || !rk) return out;
  std::unordered_map<std::string, std::size_t> right_rows;
  for (std::size_t r = 0; r < right.row_count(); ++r)
    right_rows.emplace(layers::as_text(right.get(r, *rk)), r);
  std::vector<std::pair<std::size_t, std::size_t>> columns;  // right column -> out column
  for (std::size_t c = 0; c < right.column_count(); ++c) {
    const auto& col = right.column(c);
    if (c == *rk || left.find(col.name)) continue;
    columns.emplace_back(c, out.add_column(col.name, col.type, col.unit));
  }
  for (std::size_t r = 0; r < out.row_count(); ++r) {
    if (left.null_at(r, *lk)) continue;
    auto it = right_rows.find(layers::as_text(left.get(r, *lk)));
    if (it == right_rows.end()) continue;
    for (auto [rc, oc] : columns) out.set(r, oc, right.get(it->second, rc));
  }
  return out;
}

}  // namespace hubland::desk
