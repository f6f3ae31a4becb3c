// bench_rules — rule evaluation speed: N synthetic parcel-fact rows × 30 rules.
//
//   bench_rules [--rows 1000000] [--runs 5] [--digest]
//
// Builds a facts table with the canonical parcel columns (deterministic pseudo-random values),
// writes a 30-rule ruleset (thresholds, LIKE on codes, a lookup table, a derived column,
// actual/threshold values, reason templates), then per run: loads the facts into the in-memory
// SQLite (FactsDb, derived column included), evaluates the 30 rules in one pass keeping the
// non-pass findings (about 2 % of the rule evaluations flag, like a real screening), and renders
// their reasons. Prints each run and the medians. --digest also prints a SHA-256 over every
// finding of the last run (all fields, in evaluate()'s order: row, then rule): a faster
// evaluator must give the same digest.
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "hubland/layers/sha256.hpp"
#include "hubland/rules/evaluator.hpp"
#include "hubland/rules/ruleset.hpp"

using namespace hubland;
using Clock = std::chrono::steady_clock;

namespace {

std::uint64_t splitmix(std::uint64_t& s) {
  std::uint64_t z = (s += 0x9e3779b97f4a7c15ULL);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}
double uniform(std::uint64_t& s) {
  return static_cast<double>(splitmix(s) >> 11) * 0x1.0p-53;
}

layers::Table make_facts(std::size_t rows) {
  using layers::FieldType;
  layers::Table t;
  const char* uses[] = {"100101", "100102", "100103", "100100", "1101", "0802", "0901"};
  const char* industries[] = {"13", "26", "29", "33", "36", "38", "39", "59", "73"};
  const auto id = t.add_column("parcel_id", FieldType::Text);
  const auto lu = t.add_column("land_use", FieldType::Text);
  const auto ind = t.add_column("industry", FieldType::Text);
  const char* reals[] = {
      "plot_ratio",       "building_density",  "tax_per_mu", "output_per_mu", "value_added_per_mu",
      "employees_per_mu", "energy_per_output", "idle_years", "stopped_years", "area_mu",
      "far_min",          "far_max",           "udb_share",  "redline_m2",    "farmland_m2",
      "dist_port_m",      "travel_airport_min"};
  std::vector<std::size_t> rc;
  for (const char* r : reals) rc.push_back(t.add_column(r, FieldType::Real));
  const auto hub = t.add_column("hub_zone", FieldType::Integer);
  t.resize(rows);
  std::uint64_t seed = 20261128;
  const double scale[] = {2.5, 0.8, 40, 500, 150, 3, 0.2, 3, 3, 200, 1.5, 4, 1, 50, 50, 30000, 90};
  for (std::size_t r = 0; r < rows; ++r) {
    t.set(r, id, "P" + std::to_string(r));
    t.set(r, lu, std::string(uses[splitmix(seed) % 7]));
    t.set(r, ind, std::string(industries[splitmix(seed) % 9]));
    for (std::size_t k = 0; k < rc.size(); ++k) {
      if (splitmix(seed) % 50 == 0) continue;  // 2 % data gaps (NULL)
      double v = uniform(seed) * scale[k];
      if (k == 7 || k == 8) v = v < 2.9 ? 0 : std::floor(v * 2);  // idle / stopped: mostly 0
      t.set(r, rc[k], v);
    }
    t.set(r, hub, static_cast<std::int64_t>(splitmix(seed) % 10 != 0));
  }
  return t;
}

std::string ruleset_text() {
  std::string s = R"T([ruleset]
id = "bench"
version = "1"
title = { zh = "基准", en = "bench" }

[lookups.far_min]
values = { "13" = 1.0, "26" = 0.6, "29" = 0.8, "33" = 0.7, "36" = 0.7, "38" = 0.7, "39" = 1.0 }

[[derived]]
name = "control_far_min"
expr = "(SELECT value FROM lookup_far_min WHERE key = industry)"
)T";
  // 30 rules: 6 shapes × 5 thresholds.
  struct Shape {
    const char* applies;
    const char* column;
    const char* op;
    double base;
  };
  const Shape shapes[] = {
      {"land_use LIKE '1001%'", "plot_ratio", "<", 0.1},
      {"land_use LIKE '1001%'", "building_density", "<", 0.02},
      {"land_use LIKE '1001%' OR land_use = '100100'", "tax_per_mu", "<", 1},
      {"", "idle_years", ">=", 1},
      {"hub_zone = 1", "udb_share", "<", 0.02},
      {"land_use LIKE '1001%' AND control_far_min IS NOT NULL", "plot_ratio", "<", 0.0},
  };
  int n = 0;
  for (const auto& sh : shapes) {
    for (int k = 0; k < 5; ++k, ++n) {
      char buf[1024];
      const std::string col = sh.column;
      std::string threshold = std::to_string(sh.base * (1 + 0.25 * k));
      if (std::strcmp(sh.applies, "land_use LIKE '1001%' AND control_far_min IS NOT NULL") == 0)
        threshold = "control_far_min * " + std::to_string(0.05 + 0.05 * k);
      std::snprintf(buf, sizeof buf,
                    "\n[[screen]]\nid = \"R%02d\"\ntitle = { zh = \"规则%d\", en = \"rule %d\" }\n"
                    "%s%s%s"
                    "fails_when = \"%s %s %s\"\nactual = \"%s\"\nthreshold = \"%s\"\n"
                    "reason = { zh = \"%s {actual} %s {threshold}（{land_use}）\", en = \"%s "
                    "{actual} %s {threshold} ({land_use})\" }\nclause = \"条款 %d\"\n",
                    n, n, n, *sh.applies ? "applies = \"" : "", sh.applies,
                    *sh.applies ? "\"\n" : "", col.c_str(), sh.op, threshold.c_str(), col.c_str(),
                    threshold.c_str(), col.c_str(), sh.op, col.c_str(), sh.op, n);
      s += buf;
    }
  }
  return s;
}

/// SHA-256 over the findings: each field followed by a unit separator, each finding by a record
/// separator, so that no two different lists of findings give the same bytes.
std::string findings_digest(const std::vector<rules::Finding>& findings) {
  layers::Sha256 h;
  for (const auto& f : findings) {
    for (const std::string* s : {&f.subject_id, &f.rule_id, &f.actual, &f.threshold, &f.reason_zh,
                                 &f.reason_en, &f.clause}) {
      h.update(s->data(), s->size());
      h.update("\x1f", 1);
    }
    const char* o = rules::to_string(f.outcome);
    h.update(o, std::strlen(o));
    h.update("\x1e", 1);
  }
  return h.hex();
}

double secs(Clock::time_point a, Clock::time_point b) {
  return std::chrono::duration<double>(b - a).count();
}

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v.size() % 2 ? v[v.size() / 2] : (v[v.size() / 2 - 1] + v[v.size() / 2]) / 2;
}

}  // namespace

int main(int argc, char** argv) {
  rules::configure_sqlite();  // before anything initialises SQLite
  std::size_t rows = 1000000;
  int runs = 5;
  bool digest = false;
  for (int i = 1; i < argc; ++i) {
    if (std::strcmp(argv[i], "--digest") == 0) digest = true;
    if (i + 1 < argc && std::strcmp(argv[i], "--rows") == 0) rows = std::stoul(argv[++i]);
    if (i + 1 < argc && std::strcmp(argv[i], "--runs") == 0) runs = std::stoi(argv[++i]);
  }
  const auto path = std::filesystem::temp_directory_path() / "hubland-bench-rules.toml";
  std::ofstream(path) << ruleset_text();
  const auto t0 = Clock::now();
  const rules::Ruleset rs = rules::load_ruleset(path.string());
  const auto t1 = Clock::now();
  const layers::Table facts = make_facts(rows);
  const auto t2 = Clock::now();
  std::printf("bench_rules: %zu rows x %zu rules, %d runs\n", rows, rs.screen.size(), runs);
  std::printf("load+compile ruleset: %.3f s; build synthetic table: %.2f s\n", secs(t0, t1),
              secs(t1, t2));
  // Wall time, and process CPU time: on a shared machine the CPU time is what the work costs.
  std::vector<double> load, eval, total, cpu;
  std::size_t findings = 0;
  std::string last_digest;
  for (int r = 0; r < runs; ++r) {
    const auto a = Clock::now();
    const std::clock_t cpu_a = std::clock();
    const rules::FactsDb db(facts, rules::Subject::Parcel, &rs);
    const auto b = Clock::now();
    const auto f = rules::evaluate(db, rs.screen, rules::Keep::NonPass);
    const auto c = Clock::now();
    cpu.push_back(static_cast<double>(std::clock() - cpu_a) / CLOCKS_PER_SEC);
    findings = f.size();
    if (digest) last_digest = findings_digest(f);
    load.push_back(secs(a, b));
    eval.push_back(secs(b, c));
    total.push_back(secs(a, c));
    std::printf(
        "run %d: load facts %.2f s, evaluate %.2f s, total %.2f s wall, %.2f s CPU "
        "(%zu findings)\n",
        r + 1, load.back(), eval.back(), total.back(), cpu.back(), findings);
  }
  std::printf(
      "median: load facts %.2f s, evaluate %.2f s, total %.2f s wall; %.2f s CPU; %.0f rule "
      "evaluations per wall second\n",
      median(load), median(eval), median(total), median(cpu),
      static_cast<double>(rows * rs.screen.size()) / median(eval));
  if (digest) std::printf("findings digest (SHA-256): %s\n", last_digest.c_str());
  std::filesystem::remove(path);
  return 0;
}
