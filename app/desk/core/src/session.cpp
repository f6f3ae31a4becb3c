#include "hubland/desk/session.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <iterator>

namespace hubland::desk {

namespace {

// Polygon WKB of a circle (72 vertices): catchment rings drawn around hubs.
geo::Wkb circle_wkb(double cx, double cy, double radius_m) {
  constexpr int kVertices = 72;
  geo::Wkb wkb(1 + 4 + 4 + 4 + (kVertices + 1) * 16);
  std::uint8_t* p = wkb.data();
  auto put32 = [&p](std::uint32_t v) {
    std::memcpy(p, &v, 4);
    p += 4;
  };
  auto putd = [&p](double v) {
    std::memcpy(p, &v, 8);
    p += 8;
  };
  *p++ = 1;  // little endian (x86 and ARM hosts)
  put32(3);
  put32(1);
  put32(kVertices + 1);
  for (int i = 0; i <= kVertices; ++i) {
    const double a = 2.0 * M_PI * (i % kVertices) / kVertices;
    putd(cx + radius_m * std::cos(a));
    putd(cy + radius_m * std::sin(a));
  }
  return wkb;
}

// The analysis' distance rings (rings_km) around each hub, as a catchments layer, when the
// inputs have none: the map shows what ring_T_km in the facts means.
layers::Layer hub_rings(const layers::Layer& hubs, const std::vector<double>& rings_km) {
  layers::Layer out;
  out.role = Role::Catchments;
  out.epsg = hubs.epsg;
  out.source = "rings_km around hubs";
  auto& t = out.attributes;
  const auto c_id = t.add_column("catchment_id", layers::FieldType::Text);
  const auto c_hub = t.add_column("hub_id", layers::FieldType::Text);
  const auto c_type = t.add_column("hub_type", layers::FieldType::Text);
  const auto c_ring = t.add_column("ring_km", layers::FieldType::Real, "km");
  const auto h_id = hubs.attributes.find("hub_id");
  const auto h_type = hubs.attributes.find("hub_type");
  for (std::size_t h = 0; h < hubs.size(); ++h) {
    if (hubs.geometry[h].empty()) continue;
    const geo::Envelope e = geo::envelope(geo::from_wkb(hubs.geometry[h]).get());
    if (e.empty) continue;
    const std::string id =
        h_id ? layers::as_text(hubs.attributes.get(h, *h_id)) : std::to_string(h);
    for (double km : rings_km) {
      const auto r = t.add_row();
      t.set(r, c_id, id + "-" + layers::as_text(km) + "km");
      t.set(r, c_hub, id);
      if (h_type && !hubs.attributes.null_at(h, *h_type))
        t.set(r, c_type, hubs.attributes.get(h, *h_type));
      t.set(r, c_ring, km);
      out.geometry.push_back(
          circle_wkb(0.5 * (e.min_x + e.max_x), 0.5 * (e.min_y + e.max_y), km * 1000.0));
    }
  }
  return out;
}

// Stage columns (grade, verdict, rank...) right after the id, where a planner looks first.
layers::Table stage_columns_first(const layers::Table& view, std::size_t first_stage_column,
                                  const std::string& id) {
  const auto id_col = view.find(id);
  if (!id_col || first_stage_column >= view.column_count()) return view;
  std::vector<std::size_t> order;
  for (std::size_t c = 0; c <= *id_col; ++c) order.push_back(c);
  for (std::size_t c = first_stage_column; c < view.column_count(); ++c) order.push_back(c);
  for (std::size_t c = *id_col + 1; c < first_stage_column; ++c) order.push_back(c);
  layers::Table out;
  for (std::size_t c : order)
    out.add_column(view.column(c).name, view.column(c).type, view.column(c).unit);
  out.resize(view.row_count());
  for (std::size_t i = 0; i < order.size(); ++i)
    for (std::size_t r = 0; r < view.row_count(); ++r)
      if (!view.null_at(r, order[i])) out.set(r, i, view.get(r, order[i]));
  return out;
}

}  // namespace

Session::Session(layers::AnalysisInputs inputs, layers::AnalysisSpec spec)
    : m_spec(std::move(spec)),
      m_inputs(std::make_shared<layers::AnalysisInputs>(std::move(inputs))) {
  if (!m_inputs->has(Role::Catchments) && m_inputs->has(Role::Hubs) && !m_spec.rings_km.empty()) {
    auto rings = hub_rings(m_inputs->at(Role::Hubs), m_spec.rings_km);
    if (rings.size() > 0) m_inputs->layers[Role::Catchments] = std::move(rings);
  }
  // Ids do not change with the stage results: indexed once.
  for (const auto& [role, layer] : m_inputs->layers) {
    auto& index = m_rows_by_id[role];
    index.reserve(layer.size());
    for (std::size_t r = 0; r < layer.size(); ++r) index.emplace(feature_id(role, r), r);
  }
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
  static const Role order[] = {Role::Districts, Role::LandSurvey,  Role::LandSupply,  Role::Zones,
                               Role::Parks,     Role::Catchments,  Role::Constraints, Role::Roads,
                               Role::Parcels,   Role::Conversions, Role::Projects,    Role::Hubs,
                               Role::Buildings};
  std::vector<Role> out;
  for (Role r : order)
    if (m_inputs->has(r)) out.push_back(r);
  return out;
}

std::shared_ptr<const layers::Table> Session::view(Role role) const {
  auto it = m_views.find(role);
  if (it != m_views.end()) return it->second;
  static const auto empty = std::make_shared<const layers::Table>();
  return empty;
}

std::string Session::feature_id(Role role, std::size_t row) const {
  if (!m_inputs->has(role)) return {};
  const auto& t = m_inputs->at(role).attributes;
  const auto c = t.find(layers::id_column(role));
  if (!c || row >= t.row_count() || t.null_at(row, *c)) return {};
  if (t.column(*c).type == layers::FieldType::Text) return std::string(t.text_at(row, *c));
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
  for (const auto& [role, layer] : m_inputs->layers) {
    const layers::Table* joined = nullptr;
    const char* key = "";
    if (role == Role::Parcels && m_results.grades.row_count() > 0)
      joined = &m_results.grades, key = "parcel_id";
    if (role == Role::Conversions && m_results.verdicts.row_count() > 0)
      joined = &m_results.verdicts, key = "request_id";
    if (role == Role::Projects && m_results.ranking.row_count() > 0)
      joined = &m_results.ranking, key = "project_id";
    if (!joined) {
      // Nothing to join: the view is the layer's table itself, owned with the inputs.
      m_views[role] = std::shared_ptr<const layers::Table>(m_inputs, &layer.attributes);
      continue;
    }
    const std::string id = layers::id_column(role);
    layers::Table view = left_join(layer.attributes, id, *joined, key);
    if (view.column_count() > layer.attributes.column_count())
      view = stage_columns_first(view, layer.attributes.column_count(), id);
    m_views[role] = std::make_shared<const layers::Table>(std::move(view));
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
