// 自评 vs 统评: a zone office's self-reported indicator values beside the computed ones, with
// differences beyond the ruleset's tolerance flagged (evaluation.hpp).
#include <cmath>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "hubland/error.hpp"
#include "hubland/rules/evaluation.hpp"
#include "hubland/rules/evaluator.hpp"

namespace hubland::rules {

namespace {

// One CSV record (RFC 4180: quoted fields, doubled quotes); false at the end of the input.
bool csv_record(std::istream& in, std::vector<std::string>& fields, int& line) {
  fields.clear();
  std::string field;
  bool quoted = false, any = false;
  char c;
  while (in.get(c)) {
    any = true;
    if (quoted) {
      if (c == '"') {
        if (in.peek() == '"') {
          field += '"';
          in.get();
        } else {
          quoted = false;
        }
      } else {
        if (c == '\n') ++line;
        field += c;
      }
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      fields.push_back(std::move(field));
      field.clear();
    } else if (c == '\n') {
      ++line;
      break;
    } else if (c != '\r') {
      field += c;
    }
  }
  if (!any) return false;
  fields.push_back(std::move(field));
  return true;
}

}  // namespace

std::vector<SelfReport> read_self_evaluation(const std::string& path, const Ruleset& ruleset) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error(ErrorKind::Io, "cannot read the self-evaluation file", Where{.file = path});
  if (in.peek() == 0xEF) {  // UTF-8 BOM (Excel); peek() gives the byte as 0..255
    char bom[3];
    in.read(bom, 3);
  }
  std::vector<std::string> f;
  int line = 1;
  const int header_line = line;
  if (!csv_record(in, f, line))
    throw Error(ErrorKind::BadInput, "the self-evaluation file is empty", Where{.file = path});
  std::map<std::string, std::size_t> col;
  for (std::size_t i = 0; i < f.size(); ++i) col[f[i]] = i;
  for (const char* need : {"zone_id", "indicator", "value"})
    if (!col.count(need))
      throw Error(ErrorKind::BadInput,
                  std::string("the self-evaluation file has no '") + need +
                      "' column (zone_id, indicator, value, note)",
                  Where{.file = path, .field = need, .line = header_line});
  std::set<std::string> ids;
  for (const auto& i : ruleset.evaluation.indicators) ids.insert(i.id);
  std::vector<SelfReport> out;
  std::set<std::pair<std::string, std::string>> seen;
  for (;;) {
    const int at = line;
    if (!csv_record(in, f, line)) break;
    if (f.size() == 1 && f[0].empty()) continue;  // blank line
    auto cell = [&](const char* name) {
      const auto it = col.find(name);
      return it != col.end() && it->second < f.size() ? f[it->second] : std::string();
    };
    SelfReport r;
    r.line = at;
    r.zone_id = cell("zone_id");
    r.indicator = cell("indicator");
    r.note = cell("note");
    const Where where{.file = path, .feature = r.zone_id, .line = at};
    if (r.zone_id.empty()) {
      Where w = where;
      w.field = "zone_id";
      throw Error(ErrorKind::BadInput, "empty zone_id", w);
    }
    if (!ids.count(r.indicator)) {
      Where w = where;
      w.field = "indicator";
      throw Error(ErrorKind::BadInput,
                  "'" + r.indicator + "' is not an indicator of the ruleset's [evaluation]", w);
    }
    const std::string v = cell("value");
    std::size_t used = 0;
    bool ok = false;
    try {
      r.value = std::stod(v, &used);
      ok = used == v.size() && std::isfinite(r.value);
    } catch (const std::exception&) {
    }
    if (!ok) {
      Where w = where;
      w.field = "value";
      throw Error(ErrorKind::BadInput, "value '" + v + "' is not a number", w);
    }
    if (!seen.insert({r.zone_id, r.indicator}).second) {
      Where w = where;
      w.field = "indicator";
      throw Error(ErrorKind::BadInput, "zone " + r.zone_id + " reports " + r.indicator + " twice",
                  w);
    }
    out.push_back(std::move(r));
  }
  return out;
}

layers::Table self_evaluation_table(const Ruleset& ruleset, const std::vector<ZoneEvaluation>& rows,
                                    int year, const std::vector<SelfReport>& reports) {
  using layers::FieldType;
  const EvaluationConfig& cfg = ruleset.evaluation;
  layers::Table t;
  for (const auto& [name, type] :
       std::vector<std::pair<const char*, FieldType>>{{"zone_id", FieldType::Text},
                                                      {"year", FieldType::Integer},
                                                      {"indicator", FieldType::Text},
                                                      {"self_value", FieldType::Real},
                                                      {"computed_value", FieldType::Real},
                                                      {"difference", FieldType::Real},
                                                      {"relative_difference", FieldType::Real},
                                                      {"flagged", FieldType::Integer},
                                                      {"reason", FieldType::Text},
                                                      {"note", FieldType::Text}})
    t.add_column(name, type);
  t.resize(reports.size());
  for (std::size_t r = 0; r < reports.size(); ++r) {
    const SelfReport& s = reports[r];
    std::optional<double> computed;
    bool zone_known = false;
    for (const auto& e : rows) {
      if (e.year != year || e.zone_id != s.zone_id) continue;
      zone_known = true;
      for (std::size_t i = 0; i < cfg.indicators.size(); ++i)
        if (cfg.indicators[i].id == s.indicator) computed = e.values[i];
    }
    t.set(r, 0, s.zone_id);
    t.set(r, 1, static_cast<std::int64_t>(year));
    t.set(r, 2, s.indicator);
    t.set(r, 3, s.value);
    std::string reason;
    bool flagged = true;
    if (!zone_known) {
      reason = "未评价的区域 / zone not evaluated";
    } else if (!computed) {
      reason = "无计算值 / no computed value";
    } else {
      const double diff = s.value - *computed;
      const double rel = *computed == 0 ? std::fabs(diff) : std::fabs(diff) / std::fabs(*computed);
      t.set(r, 4, *computed);
      t.set(r, 5, diff);
      t.set(r, 6, rel);
      flagged = rel > cfg.self_tolerance;
      if (flagged)
        reason = std::string(diff > 0 ? "自评高于计算值 / self-reported above computed"
                                      : "自评低于计算值 / self-reported below computed") +
                 " (" + format_number(rel * 100) + " % > " +
                 format_number(cfg.self_tolerance * 100) + " %)";
    }
    t.set(r, 7, static_cast<std::int64_t>(flagged ? 1 : 0));
    t.set(r, 8, reason);
    t.set(r, 9, s.note);
  }
  return t;
}

}  // namespace hubland::rules
