// hubland screen ANALYSIS.toml -o DIR         low-efficiency grades and flags
// hubland check ANALYSIS.toml -o DIR          conversion requests -> verdicts
// hubland diff-rulesets A.toml B.toml ANALYSIS.toml -o DIR
//                                             which parcels / requests change outcome, and why
// Common flags: --ruleset (overrides [analysis] ruleset), the layer flags (--parcels, --zones,
// --hubs, --constraints, --roads, --catchments, --conversions) overriding [inputs], and
// --facts FILE to reuse the parcel facts written by `hubland overlay` (facts.csv or
// facts.gpkg|parcel_facts) instead of computing them. The ruleset is loaded and compiled before
// any data is read. Outputs are written atomically; the same inputs give the same bytes.
#include <cpl_conv.h>
#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <filesystem>
#include <iostream>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <unordered_map>

#include "command.hpp"
#include "hubland/error.hpp"
#include "hubland/layers/analysis.hpp"
#include "hubland/layers/facts.hpp"
#include "hubland/layers/reader.hpp"
#include "hubland/layers/sink.hpp"
#include "hubland/layers/vocabulary.hpp"
#include "hubland/rules/conversion.hpp"
#include "hubland/rules/diff.hpp"
#include "hubland/rules/evaluator.hpp"
#include "hubland/rules/ranking_stage.hpp"
#include "hubland/rules/ruleset.hpp"
#include "hubland/rules/screening.hpp"
#include "options.hpp"

namespace fs = std::filesystem;

namespace hubland::cli {

namespace {

struct Args {
  std::string analysis;
  std::string out;
  std::string ruleset;
  std::string ruleset_b;  // diff-rulesets: A is `ruleset`, B this
  std::string facts;
  std::map<layers::Role, std::string> inputs;
  std::string crs, assume_crs, encoding;
  int threads = -1;
  bool all_outcomes = false;
  bool json = false;
};

/// A facts table written by `hubland overlay` (CSV or GeoPackage, "path" or "path|layer").
/// Columns of the canonical parcel schema get their schema type (CSV cells arrive as text);
/// other columns keep the source type. A cell that is not a number in a numeric column is an
/// Error(Schema) naming the row and column.
layers::Table read_facts_table(const std::string& source) {
  const auto bar = source.find('|');
  const std::string path = source.substr(0, bar);
  const std::string layer_name = bar == std::string::npos ? "" : source.substr(bar + 1);
  GDALDatasetUniquePtr ds(GDALDataset::Open(path.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY));
  if (!ds) throw Error(ErrorKind::Io, "cannot open the facts file", Where{.file = path});
  OGRLayer* layer = layer_name.empty() ? ds->GetLayer(0) : ds->GetLayerByName(layer_name.c_str());
  if (!layer)
    throw Error(ErrorKind::BadInput, "no such layer in the facts file",
                Where{.file = path, .layer = layer_name});
  const layers::Table schema = rules::facts_schema(rules::Subject::Parcel);
  OGRFeatureDefn* defn = layer->GetLayerDefn();
  layers::Table t;
  std::vector<layers::FieldType> types;
  for (int i = 0; i < defn->GetFieldCount(); ++i) {
    const OGRFieldDefn* f = defn->GetFieldDefn(i);
    const std::string name = f->GetNameRef();
    layers::FieldType type = layers::FieldType::Text;
    if (auto c = schema.find(name)) {
      type = schema.column(*c).type;
    } else if (f->GetType() == OFTInteger || f->GetType() == OFTInteger64) {
      type = layers::FieldType::Integer;
    } else if (f->GetType() == OFTReal) {
      type = layers::FieldType::Real;
    }
    t.add_column(name, type);
    types.push_back(type);
  }
  layer->ResetReading();
  for (OGRFeatureUniquePtr feat(layer->GetNextFeature()); feat;
       feat.reset(layer->GetNextFeature())) {
    const std::size_t r = t.add_row();
    for (int i = 0; i < defn->GetFieldCount(); ++i) {
      if (!feat->IsFieldSetAndNotNull(i)) continue;
      const std::string text = feat->GetFieldAsString(i);
      const auto c = static_cast<std::size_t>(i);
      if (types[c] == layers::FieldType::Text) {
        t.set(r, c, text);
        continue;
      }
      if (text.empty()) continue;  // an empty CSV cell is a null
      double v = 0;
      const auto res = std::from_chars(text.data(), text.data() + text.size(), v);
      if (res.ec != std::errc() || res.ptr != text.data() + text.size())
        throw Error(ErrorKind::Schema, "'" + text + "' is not a number",
                    Where{.file = path,
                          .feature = "row " + std::to_string(r + 1),
                          .field = t.column(c).name});
      if (types[c] == layers::FieldType::Integer)
        t.set(r, c, static_cast<std::int64_t>(v));
      else
        t.set(r, c, v);
    }
  }
  return t;
}

/// What a command works on: the ruleset(s), parcel facts, their geometry, the requests.
struct Prepared {
  layers::AnalysisSpec spec;
  std::vector<rules::Ruleset> rulesets;
  layers::Table parcel_facts;
  std::optional<layers::Table> conversions;
  std::optional<layers::AnalysisInputs> inputs;  // absent with --facts
  std::size_t facts_parcels = 0;
};

Prepared prepare(const Args& a, bool want_conversions, bool conversions_required,
                 std::vector<std::string> ruleset_paths) {
  Prepared p;
  if (!a.analysis.empty()) p.spec = layers::load_analysis(a.analysis);
  for (const auto& [role, path] : a.inputs) p.spec.inputs[role] = path;
  if (a.threads >= 0) p.spec.threads = a.threads;
  if (!a.crs.empty()) p.spec.working_epsg = parse_epsg_option(a.crs);
  if (!a.assume_crs.empty()) p.spec.assume_crs = a.assume_crs;
  if (!a.encoding.empty()) p.spec.encoding = a.encoding;
  if (ruleset_paths.empty()) {
    const std::string path = a.ruleset.empty() ? p.spec.ruleset : a.ruleset;
    if (path.empty())
      throw Error(ErrorKind::BadInput,
                  "no ruleset: give --ruleset or [analysis] ruleset in the analysis file");
    ruleset_paths.push_back(path);
  }
  // Rulesets first: a broken rule stops the run before any data is read.
  for (const auto& path : ruleset_paths) p.rulesets.push_back(rules::load_ruleset(path));

  if (!want_conversions) p.spec.inputs.erase(layers::Role::Conversions);
  p.spec.inputs.erase(layers::Role::Projects);  // project facts belong to `hubland rank`
  const bool have_conversions = p.spec.inputs.count(layers::Role::Conversions) != 0;
  if (conversions_required && !have_conversions)
    throw Error(ErrorKind::BadInput,
                "check needs conversion requests: [inputs] conversions or --conversions");
  if (!a.facts.empty()) {
    p.parcel_facts = read_facts_table(a.facts);
    if (have_conversions) {
      layers::ReadOptions ro;
      if (p.spec.encoding) ro.encoding = p.spec.encoding;
      layers::ImportReport report;
      p.conversions = layers::read_layer(p.spec.inputs.at(layers::Role::Conversions),
                                         layers::Role::Conversions, ro, report)
                          .attributes;
    }
  } else {
    if (!p.spec.inputs.count(layers::Role::Parcels))
      throw Error(
          ErrorKind::BadInput,
          "no parcels: give an analysis file, --parcels, or --facts from `hubland overlay`");
    p.inputs = layers::load_inputs(p.spec);
    // The first ruleset reads the land survey (a diff compares rules over the same facts).
    p.parcel_facts =
        layers::compute_parcel_facts(*p.inputs, rules::facts_options(p.spec, p.rulesets.front()))
            .facts;
    if (p.inputs->has(layers::Role::Conversions))
      p.conversions = p.inputs->at(layers::Role::Conversions).attributes;
  }
  p.facts_parcels = p.parcel_facts.row_count();
  return p;
}

/// Geometry per finding: the subject parcel's polygon (the request's parcel for requests);
/// empty when facts came from --facts or the parcel is unknown.
std::vector<geo::Wkb> finding_geometry(
    const Prepared& p, const std::vector<rules::Finding>& fs,
    const std::unordered_map<std::string, std::string>* request_parcel) {
  std::vector<geo::Wkb> out(fs.size());
  if (!p.inputs || !p.inputs->has(layers::Role::Parcels)) return out;
  const layers::Layer& parcels = p.inputs->at(layers::Role::Parcels);
  const std::size_t id_col = parcels.attributes.index("parcel_id");
  std::unordered_map<std::string, std::size_t> row_of;
  for (std::size_t r = 0; r < parcels.size(); ++r)
    row_of.emplace(layers::as_text(parcels.attributes.get(r, id_col)), r);
  for (std::size_t i = 0; i < fs.size(); ++i) {
    std::string parcel = fs[i].subject_id;
    if (request_parcel) {
      auto it = request_parcel->find(parcel);
      parcel = it == request_parcel->end() ? std::string() : it->second;
    }
    auto it = row_of.find(parcel);
    if (it != row_of.end() && it->second < parcels.geometry.size())
      out[i] = parcels.geometry[it->second];
  }
  return out;
}

void write_findings(const Prepared& p, const std::string& dir,
                    const std::vector<rules::Finding>& findings,
                    const std::unordered_map<std::string, std::string>* request_parcel,
                    const layers::Table& subject_facts, const std::string& subject_key) {
  layers::Table table = rules::findings_table(findings);
  rules::add_district_columns(table, "subject_id", subject_facts, subject_key);
  {
    layers::VectorSink sink((fs::path(dir) / "findings.gpkg").string(), "GPKG");
    const std::vector<geo::Wkb> geometry = finding_geometry(p, findings, request_parcel);
    layers::SinkLayerOptions so;
    const bool with_geometry = p.inputs.has_value() && p.inputs->working_epsg > 0;
    if (with_geometry) {
      so.geometry_kind = layers::GeometryKind::MultiPolygon;
      so.epsg = p.inputs->working_epsg;
    } else {
      so.geometry_kind = layers::GeometryKind::None;
    }
    sink.add_layer("findings", table, with_geometry ? &geometry : nullptr, so);
    sink.commit();
  }
  layers::write_csv(table, (fs::path(dir) / "findings.csv").string());
}

std::string title_of(const std::vector<rules::Rule>& rules, const std::string& id) {
  for (const auto& r : rules)
    if (r.id == id) return r.title.zh + " / " + r.title.en;
  return {};
}

// Land statuses strongest first, then the disposals in [land_status] order (the normal one
// last): a stable order for the summary, whatever the data.
std::vector<std::pair<std::string, rules::LandTally>> status_rows(
    const rules::ScreeningResult& res) {
  std::vector<std::pair<std::string, rules::LandTally>> out;
  for (const char* st : rules::kLandStatuses) out.emplace_back(st, res.status_tally.at(st));
  return out;
}

std::vector<std::pair<std::string, rules::LandTally>> disposal_rows(
    const rules::ScreeningResult& res, const rules::Ruleset& rs) {
  std::vector<std::string> order;
  for (const auto& m : rs.land_status.rules) order.push_back(m.disposal);
  order.push_back(rs.land_status.normal_disposal);
  std::vector<std::pair<std::string, rules::LandTally>> out;
  for (const auto& d : order) {
    const auto it = res.disposal_tally.find(d);
    const bool seen =
        std::any_of(out.begin(), out.end(), [&](const auto& x) { return x.first == d; });
    if (it != res.disposal_tally.end() && !seen) out.emplace_back(d, it->second);
  }
  return out;
}

double round2(double v) {
  return std::round(v * 100.0) / 100.0;
}

int run_screen(const Args& a, const Globals& g) {
  Prepared p = prepare(a, false, false, {});
  const rules::Ruleset& rs = p.rulesets.front();
  const rules::FactsDb db(p.parcel_facts, rules::Subject::Parcel, &rs);
  const rules::ScreeningResult res =
      rules::screen(db, rs, a.all_outcomes ? rules::Keep::All : rules::Keep::NonPass);
  fs::create_directories(a.out);
  write_findings(p, a.out, res.findings, nullptr, p.parcel_facts, "parcel_id");
  layers::Table grades = rules::grades_table(res);
  rules::add_district_columns(grades, "parcel_id", p.parcel_facts, "parcel_id");
  layers::write_csv(grades, (fs::path(a.out) / "grades.csv").string());

  std::size_t graded = 0;
  for (const auto& g : layers::kGrades) graded += res.grade_counts.at(g.key);
  if (a.json || g.json) {
    // {"status": {"parcels": n, "mu": m}, ...}; an empty object without [land_status].
    const auto tallies = [&](const std::vector<std::pair<std::string, rules::LandTally>>& rows) {
      nlohmann::json j = nlohmann::json::object();
      if (res.has_land_status)
        for (const auto& [k, t] : rows) j[k] = {{"parcels", t.parcels}, {"mu", round2(t.mu)}};
      return j;
    };
    nlohmann::json flags = nlohmann::json::object();
    for (const auto& [id, n] : res.flag_counts) flags[id] = n;
    nlohmann::json grades = nlohmann::json::object();
    for (const auto& [grade, n] : res.grade_counts) grades[grade == "-" ? "ungraded" : grade] = n;
    const nlohmann::json j{
        {"ruleset", ruleset_json(rs)},
        {"parcels", p.facts_parcels},
        {"graded", graded},
        {"grades", grades},
        {"evaluation_units", res.units},
        {"enterprises", res.enterprises},
        {"flags", flags},
        {"parcels_flagged", res.parcels_flagged},
        {"land_status", tallies(status_rows(res))},
        {"disposal", tallies(disposal_rows(res, rs))},
        {"findings", res.findings.size()},
        {"outputs",
         {(fs::path(a.out) / "findings.gpkg").string(), (fs::path(a.out) / "findings.csv").string(),
          (fs::path(a.out) / "grades.csv").string()}}};
    std::cout << j.dump(2) << "\n";
    return 0;
  }
  print_ruleset(rs);
  std::cout << "parcels: " << p.facts_parcels << " screened, " << graded << " graded: A "
            << res.grade_counts.at("A") << ", B " << res.grade_counts.at("B") << ", C "
            << res.grade_counts.at("C") << ", D " << res.grade_counts.at("D") << ", not graded "
            << res.grade_counts.at("-") << "\n";
  // Units in scope but not graded, and how many enterprises the grades rest on.
  std::cout << "  ungraded pending data " << res.grade_counts.at("pending") << ", not graded (new) "
            << res.grade_counts.at("new") << "; " << res.units << " evaluation units, "
            << res.enterprises << " of them enterprises\n";
  std::cout << "low-efficiency flags (" << res.parcels_flagged << " parcels flagged):\n";
  for (const auto& r : rs.screen) {
    char line[64];
    std::snprintf(line, sizeof line, "  %-16s %7zu  ", r.id.c_str(), res.flag_counts.at(r.id));
    std::cout << line << title_of(rs.screen, r.id) << "\n";
  }
  if (res.has_land_status) {
    const auto print = [](const char* head,
                          const std::vector<std::pair<std::string, rules::LandTally>>& rows) {
      std::cout << head << " (parcels, mu):\n";
      for (const auto& [k, t] : rows) {
        char line[64];
        std::snprintf(line, sizeof line, "  %7zu  %12.2f  ", t.parcels, t.mu);
        std::cout << line << k << "\n";
      }
    };
    print("land status", status_rows(res));
    print("suggested disposal", disposal_rows(res, rs));
  }
  std::cout << "wrote " << (fs::path(a.out) / "findings.gpkg").string() << ", findings.csv ("
            << res.findings.size() << " findings), grades.csv\n";
  return 0;
}

std::unordered_map<std::string, std::string> request_parcels(const layers::Table& requests) {
  std::unordered_map<std::string, std::string> out;
  const auto rid = requests.find("request_id"), pid = requests.find("parcel_id");
  if (!rid || !pid) return out;
  for (std::size_t r = 0; r < requests.row_count(); ++r)
    out.emplace(layers::as_text(requests.get(r, *rid)), layers::as_text(requests.get(r, *pid)));
  return out;
}

int run_check(const Args& a, const Globals& g) {
  Prepared p = prepare(a, true, true, {});
  const rules::Ruleset& rs = p.rulesets.front();
  const rules::FactsDb db(rules::request_facts(*p.conversions, p.parcel_facts),
                          rules::Subject::Request, &rs);
  const rules::ConversionResult res = rules::check_conversions(db, rs);
  fs::create_directories(a.out);
  const auto parcels_of = request_parcels(*p.conversions);
  write_findings(p, a.out, res.findings, &parcels_of, db.table(), "request_id");
  layers::Table verdicts = rules::verdicts_table(res);
  rules::add_district_columns(verdicts, "request_id", db.table(), "request_id");
  layers::write_csv(verdicts, (fs::path(a.out) / "verdicts.csv").string());

  std::map<std::string, std::size_t> fails, conditions;
  for (const auto& r : rs.conversion)
    (r.on_fail == rules::Outcome::Condition ? conditions : fails)[r.id] = 0;
  for (const auto& v : res.verdicts) {
    for (const auto& id : v.failed_rules) ++fails[id];
    for (const auto& id : v.condition_rules) ++conditions[id];
  }
  if (a.json || g.json) {
    const nlohmann::json j{
        {"ruleset", ruleset_json(rs)},
        {"requests", res.verdicts.size()},
        {"verdicts", res.verdict_counts},
        {"rejected_by", fails},
        {"conditions", conditions},
        {"findings", res.findings.size()},
        {"outputs",
         {(fs::path(a.out) / "findings.gpkg").string(), (fs::path(a.out) / "findings.csv").string(),
          (fs::path(a.out) / "verdicts.csv").string()}}};
    std::cout << j.dump(2) << "\n";
    return 0;
  }
  print_ruleset(rs);
  std::cout << "requests: " << res.verdicts.size() << " checked: approve "
            << res.verdict_counts.at("approve") << ", conditional "
            << res.verdict_counts.at("conditional") << ", reject "
            << res.verdict_counts.at("reject") << "\n";
  std::cout << "rules (requests rejected / given the condition):\n";
  for (const auto& r : rs.conversion) {
    const bool cond = r.on_fail == rules::Outcome::Condition;
    char line[80];
    std::snprintf(line, sizeof line, "  %-18s %-9s %5zu  ", r.id.c_str(),
                  cond ? "condition" : "reject", cond ? conditions[r.id] : fails[r.id]);
    std::cout << line << r.title.zh << " / " << r.title.en << "\n";
  }
  std::cout << "wrote " << (fs::path(a.out) / "findings.gpkg").string() << ", findings.csv ("
            << res.findings.size() << " findings), verdicts.csv\n";
  return 0;
}

int run_diff(const Args& a, const Globals& g) {
  Prepared p = prepare(a, true, false, {a.ruleset, a.ruleset_b});
  const rules::Ruleset& ra = p.rulesets[0];
  const rules::Ruleset& rb = p.rulesets[1];
  const rules::FactsDb pa(p.parcel_facts, rules::Subject::Parcel, &ra);
  const rules::FactsDb pb(p.parcel_facts, rules::Subject::Parcel, &rb);
  const rules::ScreeningResult sa = rules::screen(pa, ra, rules::Keep::All);
  const rules::ScreeningResult sb = rules::screen(pb, rb, rules::Keep::All);
  rules::ConversionResult ca, cb;
  if (p.conversions) {
    const layers::Table req = rules::request_facts(*p.conversions, p.parcel_facts);
    const rules::FactsDb qa(req, rules::Subject::Request, &ra),
        qb(req, rules::Subject::Request, &rb);
    ca = rules::check_conversions(qa, ra);
    cb = rules::check_conversions(qb, rb);
  }
  const rules::DiffResult d = rules::diff_results(sa, sb, ca, cb);
  fs::create_directories(a.out);
  const std::string csv = (fs::path(a.out) / "diff.csv").string();
  layers::write_csv(rules::diff_table(d), csv);
  // Which rules cause the changes: count per rule id over the diff rows.
  std::map<std::string, std::size_t> by_rule;
  for (const auto& row : d.rows) {
    std::size_t pos = 0;
    while (pos < row.changed_rules.size()) {
      const auto end = row.changed_rules.find("; ", pos);
      const std::string part = row.changed_rules.substr(pos, end - pos);
      ++by_rule[part.substr(0, part.find(':'))];
      if (end == std::string::npos) break;
      pos = end + 2;
    }
  }
  if (a.json || g.json) {
    const nlohmann::json j{{"a", ruleset_json(ra)},
                           {"b", ruleset_json(rb)},
                           {"parcels",
                            {{"compared", d.parcels_compared},
                             {"changed", d.parcels_changed},
                             {"grade_changes", d.grade_changes},
                             {"flag_changes", d.flag_changes},
                             {"grades_a", sa.grade_counts},
                             {"grades_b", sb.grade_counts},
                             {"flags_a", sa.flag_counts},
                             {"flags_b", sb.flag_counts}}},
                           {"requests",
                            {{"compared", d.requests_compared},
                             {"changed", d.requests_changed},
                             {"verdict_changes", d.verdict_changes},
                             {"verdicts_a", ca.verdict_counts},
                             {"verdicts_b", cb.verdict_counts}}},
                           {"changes_by_rule", by_rule},
                           {"outputs", {csv}}};
    std::cout << j.dump(2) << "\n";
    return 0;
  }
  std::cout << "A: " << ra.id << " " << ra.version << " (" << ra.file << ")\n";
  std::cout << "B: " << rb.id << " " << rb.version << " (" << rb.file << ")\n";
  std::cout << "parcels: " << d.parcels_compared << " compared, " << d.parcels_changed
            << " changed (" << d.grade_changes << " grade, " << d.flag_changes << " flags)\n";
  std::vector<std::string> grades;
  for (const auto& g : layers::kGrades) grades.emplace_back(g.key);
  for (const auto& g : layers::kUngradedStates) grades.emplace_back(g.key);  // pending, new, -
  for (const auto& grade : grades)
    std::cout << "  grade " << grade << ": " << sa.grade_counts.at(grade) << " -> "
              << sb.grade_counts.at(grade) << "\n";
  if (p.conversions) {
    std::cout << "requests: " << d.requests_compared << " compared, " << d.requests_changed
              << " changed (" << d.verdict_changes << " verdicts)\n";
    for (const auto& verdict : layers::kVerdicts) {
      const std::string v = verdict.key;
      std::cout << "  " << v << ": " << ca.verdict_counts.at(v) << " -> " << cb.verdict_counts.at(v)
                << "\n";
    }
  }
  std::cout << "changes by rule:\n";
  for (const auto& [id, n] : by_rule) std::cout << "  " << id << ": " << n << "\n";
  std::cout << "wrote " << csv << " (" << d.rows.size() << " rows)\n";
  return 0;
}

void add_common(CLI::App* cmd, const std::shared_ptr<Args>& a, bool with_conversions) {
  cmd->add_option("-o,--out", a->out, "Output folder")->required();
  cmd->add_option("--facts", a->facts,
                  "Parcel facts from `hubland overlay` (facts.csv or facts.gpkg|parcel_facts) "
                  "instead of computing them");
  add_input_flags(cmd, a->inputs,
                  {layers::Role::Parcels, layers::Role::Zones, layers::Role::Hubs,
                   layers::Role::Constraints, layers::Role::Roads, layers::Role::Catchments});
  add_input_flags(cmd, a->inputs, {layers::Role::Buildings});
  if (with_conversions) add_input_flags(cmd, a->inputs, {layers::Role::Conversions});
  cmd->add_option("--threads", a->threads, "Worker threads for the overlay (0: all cores)");
  cmd->add_option("--crs", a->crs, "Working CRS, EPSG:<code>");
  cmd->add_option("--assume-crs", a->assume_crs, "CRS for inputs that have none");
  cmd->add_option("--encoding", a->encoding, "Text encoding for inputs that do not declare one");
  cmd->add_flag("--json", a->json, "Print the summary as JSON");
}

}  // namespace

void register_screen_check(CLI::App& app, Globals& g) {
  {
    auto a = std::make_shared<Args>();
    CLI::App* cmd = app.add_subcommand("screen", "Low-efficiency screening: grades and flags");
    cmd->add_option("analysis", a->analysis, "Analysis file (TOML)")->check(CLI::ExistingFile);
    cmd->add_option("--ruleset", a->ruleset, "Ruleset file (overrides [analysis] ruleset)");
    cmd->add_flag("--all-outcomes", a->all_outcomes,
                  "List pass and n/a findings too (default: flags only)");
    add_common(cmd, a, false);
    cmd->callback([a, &g] { g.action = [a, &g] { return run_screen(*a, g); }; });
  }
  {
    auto a = std::make_shared<Args>();
    CLI::App* cmd =
        app.add_subcommand("check", "Conversion requests: approve / conditional / reject");
    cmd->add_option("analysis", a->analysis, "Analysis file (TOML)")->check(CLI::ExistingFile);
    cmd->add_option("--ruleset", a->ruleset, "Ruleset file (overrides [analysis] ruleset)");
    add_common(cmd, a, true);
    cmd->callback([a, &g] { g.action = [a, &g] { return run_check(*a, g); }; });
  }
  {
    auto a = std::make_shared<Args>();
    CLI::App* cmd = app.add_subcommand(
        "diff-rulesets", "Which parcels and requests change outcome between two rulesets, and why");
    cmd->add_option("a", a->ruleset, "Ruleset A")->required()->check(CLI::ExistingFile);
    cmd->add_option("b", a->ruleset_b, "Ruleset B")->required()->check(CLI::ExistingFile);
    cmd->add_option("analysis", a->analysis, "Analysis file (TOML)")->check(CLI::ExistingFile);
    add_common(cmd, a, true);
    cmd->callback([a, &g] { g.action = [a, &g] { return run_diff(*a, g); }; });
  }
}

}  // namespace hubland::cli
