// Zone performance evaluation: indicators per zone and year through the one guarded SQL
// evaluator (evaluate_grouped), scored, ranked and graded (evaluation.hpp).
#include "hubland/rules/evaluation.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

#include "hubland/error.hpp"
#include "hubland/rules/evaluator.hpp"

namespace hubland::rules {

namespace {

std::string text_cell(const layers::Table& t, std::size_t row, std::optional<std::size_t> col) {
  if (!col || t.null_at(row, *col)) return {};
  return layers::as_text(t.get(row, *col));
}

/// parcel_id -> row of a grades table (empty without one or without parcel_id).
std::map<std::string, std::size_t> rows_by_parcel(const layers::Table* grades) {
  std::map<std::string, std::size_t> out;
  const auto gid = grades ? grades->find("parcel_id") : std::nullopt;
  if (gid)
    for (std::size_t r = 0; r < grades->row_count(); ++r)
      out.emplace(text_cell(*grades, r, gid), r);
  return out;
}

/// The facts with the grade columns of kEvaluationGradeColumns, joined by parcel_id: this
/// year's from `grades`, the `previous` ones from `previous_grades`.
layers::Table join_grades(const layers::Table& facts, const layers::Table* grades,
                          const layers::Table* previous_grades) {
  layers::Table out = facts;
  const auto fid = facts.find("parcel_id");
  if (!fid)
    throw Error(ErrorKind::Schema, "the parcel facts have no parcel_id column",
                Where{.field = "parcel_id"});
  const auto this_year = rows_by_parcel(grades), last_year = rows_by_parcel(previous_grades);
  for (const auto& c : kEvaluationGradeColumns) {
    if (out.find(c.name)) continue;  // the facts carry it already: theirs stand
    const std::size_t oc =
        out.add_column(c.name, c.numeric ? layers::FieldType::Real : layers::FieldType::Text);
    const layers::Table* source = c.previous ? previous_grades : grades;
    const auto& row_of = c.previous ? last_year : this_year;
    const auto gc = source ? source->find(c.grades_column) : std::nullopt;
    if (!gc) continue;
    for (std::size_t r = 0; r < facts.row_count(); ++r) {
      const auto it = row_of.find(text_cell(facts, r, fid));
      if (it == row_of.end() || source->null_at(it->second, *gc)) continue;
      const layers::Value v = source->get(it->second, *gc);
      if (c.numeric) {
        if (auto n = layers::as_number(v)) out.set(r, oc, *n);
      } else {
        out.set(r, oc, layers::as_text(v));
      }
    }
  }
  return out;
}

/// The rows of `over = "projects"` indicators: the ranking of the year before (the quota granted
/// then) with this year's started_date (by project_id) and as_of; kEvaluationProjectColumns.
layers::Table granted_projects(const layers::Table* previous_ranking, const layers::Table* projects,
                               const std::string& as_of) {
  layers::Table out;
  for (const auto& c : kEvaluationProjectColumns)
    out.add_column(c.name, c.numeric ? layers::FieldType::Real : layers::FieldType::Text);
  if (!previous_ranking) return out;
  std::map<std::string, std::string> started;
  if (projects)
    if (const auto id = projects->find("project_id"), sd = projects->find("started_date"); id && sd)
      for (std::size_t r = 0; r < projects->row_count(); ++r)
        started[text_cell(*projects, r, id)] = text_cell(*projects, r, sd);
  const auto pid = previous_ranking->find("project_id");
  // The ranking's column of each output column, looked up once.
  std::vector<std::optional<std::size_t>> source(out.column_count());
  for (std::size_t c = 0; c < out.column_count(); ++c)
    source[c] = previous_ranking->find(out.column(c).name);
  out.resize(previous_ranking->row_count());
  for (std::size_t r = 0; r < previous_ranking->row_count(); ++r) {
    for (std::size_t c = 0; c < out.column_count(); ++c) {
      const std::string& name = out.column(c).name;
      if (name == "started_date") {
        if (auto it = started.find(text_cell(*previous_ranking, r, pid));
            it != started.end() && !it->second.empty())
          out.set(r, c, it->second);
      } else if (name == "as_of") {
        out.set(r, c, as_of);
      } else if (const auto& src = source[c]; src && !previous_ranking->null_at(r, *src)) {
        const layers::Value v = previous_ranking->get(r, *src);
        if (out.column(c).type == layers::FieldType::Real) {
          if (auto n = layers::as_number(v)) out.set(r, c, *n);
        } else {
          out.set(r, c, layers::as_text(v));
        }
      }
    }
  }
  return out;
}

/// zone_id -> the grouped row of `agg` (column 0 the zone id).
std::map<std::string, std::size_t> rows_by_zone(const layers::Table& agg) {
  std::map<std::string, std::size_t> out;
  for (std::size_t r = 0; r < agg.row_count(); ++r)
    if (!agg.null_at(r, 0)) out[std::string(agg.text_at(r, 0))] = r;
  return out;
}

/// zone_id -> district_code of the largest area_m2 in it (ties: the smaller code).
std::map<std::string, std::string> zone_districts(const layers::Table& facts) {
  std::map<std::string, std::string> out;
  const auto zc = facts.find("zone_id"), dc = facts.find("district_code"),
             ac = facts.find("area_m2");
  if (!zc || !dc) return out;
  std::map<std::string, std::map<std::string, double>> area;
  for (std::size_t r = 0; r < facts.row_count(); ++r) {
    const std::string z = text_cell(facts, r, zc), d = text_cell(facts, r, dc);
    if (z.empty() || d.empty()) continue;
    double a = 0;
    if (ac && !facts.null_at(r, *ac)) a = layers::as_number(facts.get(r, *ac)).value_or(0.0);
    area[z][d] += a;
  }
  for (const auto& [z, by] : area) {
    const auto best = std::max_element(by.begin(), by.end(), [](const auto& x, const auto& y) {
      return x.second < y.second;  // max_element keeps the first (smallest code) of a tie
    });
    out[z] = best->first;
  }
  return out;
}

double ratio_of(const EvaluationIndicator& ind, double value, double cap) {
  double r = 0;
  if (ind.direction == EvaluationIndicator::Direction::Benefit)
    r = value / ind.benchmark;
  else
    r = value <= 0 ? cap : ind.benchmark / value;
  return std::min(std::max(r, 0.0), cap);
}

std::string grade_of(const EvaluationConfig& cfg, double score) {
  if (score >= cfg.grade_a) return "A";
  if (score >= cfg.grade_b) return "B";
  if (score >= cfg.grade_c) return "C";
  return "D";
}

}  // namespace

std::vector<ZoneEvaluation> evaluate_zones(const Ruleset& ruleset,
                                           const std::vector<EvaluationZone>& zones,
                                           std::vector<EvaluationYear> years) {
  if (!ruleset.has_evaluation)
    throw Error(ErrorKind::Rule, "the ruleset has no [evaluation] table",
                Where{.file = ruleset.file});
  const EvaluationConfig& cfg = ruleset.evaluation;
  // Each indicator is column `slot` of the parcel or the project aggregate.
  std::vector<std::string> parcel_exprs, project_exprs;
  std::vector<std::size_t> slot;
  for (const auto& ind : cfg.indicators) {
    auto& exprs = ind.over == EvaluationIndicator::Over::Projects ? project_exprs : parcel_exprs;
    exprs.push_back(ind.value);
    slot.push_back(exprs.size());
  }
  std::sort(years.begin(), years.end(),
            [](const EvaluationYear& a, const EvaluationYear& b) { return a.year < b.year; });

  // Every zone given, then zones only the facts know (with the facts' name and type).
  // A zone of several polygons is listed once per polygon: its first entry stands.
  std::vector<EvaluationZone> all;
  std::set<std::string> known;
  for (const auto& z : zones)
    if (known.insert(z.zone_id).second) all.push_back(z);
  std::map<std::string, EvaluationZone> extra;
  for (const auto& y : years) {
    if (!y.facts) throw Error(ErrorKind::Internal, "evaluation year without facts");
    const auto zc = y.facts->find("zone_id"), nc = y.facts->find("zone_name"),
               tc = y.facts->find("zone_type");
    for (std::size_t r = 0; zc && r < y.facts->row_count(); ++r) {
      const std::string id = text_cell(*y.facts, r, zc);
      if (id.empty() || known.count(id) || extra.count(id)) continue;
      extra[id] = {id, text_cell(*y.facts, r, nc), text_cell(*y.facts, r, tc)};
    }
  }
  for (auto& [id, z] : extra) all.push_back(std::move(z));

  std::vector<ZoneEvaluation> out;
  std::map<std::string, std::optional<double>> previous;  // zone_id -> last year's score
  std::map<std::string, std::vector<std::optional<double>>> previous_values;
  for (std::size_t yi = 0; yi < years.size(); ++yi) {
    const EvaluationYear& y = years[yi];
    const layers::Table* previous_grades = yi > 0 ? years[yi - 1].grades : y.previous_grades;
    const Where where{.file = ruleset.file, .line = cfg.line, .rule = "evaluation"};
    const FactsDb db(join_grades(*y.facts, y.grades, previous_grades), Subject::Parcel, &ruleset);
    const layers::Table agg = evaluate_grouped(db, parcel_exprs, "zone_id", where);
    const auto agg_row = rows_by_zone(agg);
    layers::Table project_agg;
    if (!project_exprs.empty()) {
      const layers::Table* previous_ranking = yi > 0 ? years[yi - 1].ranking : y.previous_ranking;
      const FactsDb pdb(granted_projects(previous_ranking, y.projects, y.as_of), Subject::Project,
                        &ruleset);
      project_agg = evaluate_grouped(pdb, project_exprs, "zone_id", where);
    }
    const auto project_row = rows_by_zone(project_agg);
    const auto districts = zone_districts(*y.facts);

    const std::size_t first = out.size();
    for (const auto& z : all) {
      ZoneEvaluation e;
      e.zone_id = z.zone_id;
      e.zone_name = z.zone_name;
      e.zone_type = z.zone_type;
      e.year = y.year;
      if (auto d = districts.find(z.zone_id); d != districts.end()) e.district_code = d->second;
      double weighted = 0, weights = 0;
      for (std::size_t i = 0; i < cfg.indicators.size(); ++i) {
        std::optional<double> v;
        const bool over_projects = cfg.indicators[i].over == EvaluationIndicator::Over::Projects;
        const layers::Table& source = over_projects ? project_agg : agg;
        const auto& by_zone = over_projects ? project_row : agg_row;
        if (const auto zr = by_zone.find(z.zone_id);
            zr != by_zone.end() && !source.null_at(zr->second, slot[i]))
          v = layers::as_number(source.get(zr->second, slot[i]));
        if (v && !std::isfinite(*v)) v.reset();
        e.values.push_back(v);
        if (!v) {
          e.missing.push_back(cfg.indicators[i].id);
          continue;
        }
        const double w = cfg.indicators[i].weight_for(z.zone_type);
        if (w <= 0) continue;
        weighted += w * ratio_of(cfg.indicators[i], *v, cfg.ratio_cap);
        weights += w;
      }
      if (weights > 0) {
        e.score = 100.0 * weighted / weights;
        e.grade = grade_of(cfg, *e.score);
      } else {
        e.grade = "-";
      }
      if (auto p = previous.find(z.zone_id); p != previous.end() && p->second && e.score)
        e.change_vs_prev = *e.score - *p->second;
      const auto pv = previous_values.find(z.zone_id);
      for (std::size_t i = 0; i < e.values.size(); ++i) {
        std::optional<double> change;
        if (pv != previous_values.end() && pv->second[i] && e.values[i])
          change = *e.values[i] - *pv->second[i];
        e.value_changes.push_back(change);
      }
      out.push_back(std::move(e));
    }
    // Rank within the zone type: 1 + the number of zones of the type scoring strictly higher.
    for (std::size_t i = first; i < out.size(); ++i) {
      if (!out[i].score) continue;
      int higher = 0;
      for (std::size_t j = first; j < out.size(); ++j)
        if (out[j].zone_type == out[i].zone_type && out[j].score && *out[j].score > *out[i].score)
          ++higher;
      out[i].rank = 1 + higher;
    }
    for (std::size_t i = first; i < out.size(); ++i) {
      previous[out[i].zone_id] = out[i].score;
      previous_values[out[i].zone_id] = out[i].values;
    }
  }
  return out;
}

layers::Table zone_evaluation_table(const Ruleset& ruleset,
                                    const std::vector<ZoneEvaluation>& rows) {
  using layers::FieldType;
  layers::Table t;
  t.add_column("zone_id", FieldType::Text);
  t.add_column("zone_name", FieldType::Text);
  t.add_column("zone_type", FieldType::Text);
  t.add_column("district_code", FieldType::Text);
  t.add_column("year", FieldType::Integer);
  for (const auto& ind : ruleset.evaluation.indicators)
    t.add_column(ind.id, FieldType::Real, ind.unit);
  const std::size_t score = t.add_column("score", FieldType::Real, "0..100");
  t.add_column("rank", FieldType::Integer);
  t.add_column("grade", FieldType::Text);
  t.add_column("change_vs_prev", FieldType::Real, "score points");
  t.add_column("missing", FieldType::Text);
  const std::size_t changes = t.column_count();
  for (const auto& ind : ruleset.evaluation.indicators)
    t.add_column(ind.id + "_change", FieldType::Real, ind.unit);
  t.resize(rows.size());
  for (std::size_t r = 0; r < rows.size(); ++r) {
    const ZoneEvaluation& e = rows[r];
    t.set(r, 0, e.zone_id);
    t.set(r, 1, e.zone_name);
    t.set(r, 2, e.zone_type);
    t.set(r, 3, e.district_code);
    t.set(r, 4, static_cast<std::int64_t>(e.year));
    for (std::size_t i = 0; i < e.values.size(); ++i)
      if (e.values[i]) t.set(r, 5 + i, *e.values[i]);
    if (e.score) t.set(r, score, *e.score);
    if (e.rank > 0) t.set(r, score + 1, static_cast<std::int64_t>(e.rank));
    t.set(r, score + 2, e.grade);
    if (e.change_vs_prev) t.set(r, score + 3, *e.change_vs_prev);
    std::string missing;
    for (const auto& id : e.missing) missing += (missing.empty() ? "" : ";") + id;
    t.set(r, score + 4, missing);
    for (std::size_t i = 0; i < e.value_changes.size(); ++i)
      if (e.value_changes[i]) t.set(r, changes + i, *e.value_changes[i]);
  }
  return t;
}

}  // namespace hubland::rules

namespace hubland::rules {

layers::Table evaluation_evidence(const Ruleset& ruleset, std::vector<EvaluationYear> years) {
  using layers::FieldType;
  layers::Table out;
  out.add_column("year", FieldType::Integer);
  for (const char* c : {"zone_id", "indicator", "parcel_id"}) out.add_column(c, FieldType::Text);
  out.add_column("area_mu", FieldType::Real, "mu");
  for (const char* c : {"land_status", "prev_land_status", "grade", "flags"})
    out.add_column(c, FieldType::Text);
  if (!ruleset.has_evaluation) return out;
  std::sort(years.begin(), years.end(),
            [](const EvaluationYear& a, const EvaluationYear& b) { return a.year < b.year; });
  for (std::size_t yi = 0; yi < years.size(); ++yi) {
    const EvaluationYear& y = years[yi];
    const layers::Table* previous_grades = yi > 0 ? years[yi - 1].grades : y.previous_grades;
    const FactsDb db(join_grades(*y.facts, y.grades, previous_grades), Subject::Parcel, &ruleset);
    const layers::Table& rows = db.table();
    const auto zc = rows.find("zone_id"), pc = rows.find("parcel_id"), ac = rows.find("area_mu");
    const std::optional<std::size_t> status_cols[] = {rows.find("land_status"),
                                                      rows.find("prev_land_status"),
                                                      rows.find("grade"), rows.find("flags")};
    // zone_id -> (indicator index, facts row), so the file reads zone by zone.
    std::map<std::string, std::vector<std::pair<std::size_t, std::size_t>>> by_zone;
    const auto& inds = ruleset.evaluation.indicators;
    for (std::size_t i = 0; i < inds.size(); ++i) {
      if (inds[i].evidence.empty()) continue;
      for (std::size_t r : select_rows(db, inds[i].evidence)) {
        const std::string zone = text_cell(rows, r, zc);
        if (!zone.empty()) by_zone[zone].emplace_back(i, r);
      }
    }
    for (auto& [zone, hits] : by_zone) {
      std::stable_sort(hits.begin(), hits.end(),
                       [](const auto& a, const auto& b) { return a.first < b.first; });
      for (const auto& [i, r] : hits) {
        const std::size_t o = out.add_row();
        out.set(o, 0, static_cast<std::int64_t>(y.year));
        out.set(o, 1, zone);
        out.set(o, 2, inds[i].id);
        out.set(o, 3, text_cell(rows, r, pc));
        if (ac && !rows.null_at(r, *ac))
          if (auto a = layers::as_number(rows.get(r, *ac))) out.set(o, 4, *a);
        std::size_t c = 5;
        for (const auto& sc : status_cols) out.set(o, c++, text_cell(rows, r, sc));
      }
    }
  }
  return out;
}

}  // namespace hubland::rules
