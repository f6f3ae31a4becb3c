#pragma once
// Session — what the desktop app has open: the analysis (spec + input layers in the working
// CRS) and the stage results (facts, findings, grades, verdicts, ranking), plus the attribute
// views the tables and the identify panel show (a layer's attributes joined with its results).
//
// Plain data, no Qt: it is built on a worker thread (opening, running a stage) and handed to
// the UI thread whole, so the UI never sees a half-updated session.

#include <map>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "hubland/layers/analysis.hpp"
#include "hubland/layers/table.hpp"

namespace hubland::desk {

using layers::Role;

struct RankState;  // engine.hpp

/// Results of the engine stages; an empty Table means "not run".
struct StageResults {
  layers::Table facts;  ///< parcel facts: parcel_id + the facts vocabulary (docs/facts.md)
  /// All findings (screening, conversion, eligibility): subject_id, rule_id, outcome, actual,
  /// threshold, reason_zh, reason_en, clause. Rebuilt from the per-stage tables below when
  /// any of them is set.
  layers::Table findings;
  layers::Table screening_findings;
  layers::Table conversion_findings;
  layers::Table eligibility_findings;
  layers::Table grades;    ///< parcel_id, score, grade (A-D), flags (comma-separated rule ids)
  layers::Table verdicts;  ///< request_id, verdict, conditions, failed_rules
  layers::Table ranking;   ///< project_id, eligible, score, rank, ...
  /// Everything the justification report of a project needs (set by the ranking stage).
  std::shared_ptr<const RankState> rank_state;
  /// Where the ranking's zone caps came from: rules::caps_for_ranking's summary line.
  std::string zone_caps_basis;
};

/// Where the stages' ruleset comes from on a session opened from a workspace: the ruleset the
/// newest `run` run recorded, read from its file when that exists with the recorded SHA-256, else
/// from the text the workspace stored with the run (Workspace::ruleset_text).
struct RulesetSource {
  std::string id;      ///< the ruleset id recorded ("" for an analysis file)
  std::string sha256;  ///< the SHA-256 recorded ("" when the run recorded none)
  /// The ruleset text taken from the workspace ("" = the file spec().ruleset is used).
  std::string text;
  std::vector<std::string> rule_ids;  ///< every rule id of the ruleset, in file order
  std::string problem;  ///< why the stages cannot run ("" = they can), e.g. the file is missing
  bool from_workspace() const noexcept { return !text.empty(); }
};

class Session {
 public:
  Session() = default;
  /// A session over already loaded inputs (tests build them by hand).
  explicit Session(layers::AnalysisInputs inputs, layers::AnalysisSpec spec = {});

  const layers::AnalysisSpec& spec() const noexcept { return m_spec; }
  const layers::AnalysisInputs& inputs() const noexcept { return *m_inputs; }
  const StageResults& results() const noexcept { return m_results; }
  /// The workspace this session was opened from ("" for an analysis file).
  const std::string& workspace() const noexcept { return m_workspace; }
  void set_workspace(std::string path_or_url) { m_workspace = std::move(path_or_url); }
  /// The workspace's ruleset (open_workspace); empty for an analysis file.
  const RulesetSource& ruleset_source() const noexcept { return m_ruleset_source; }
  void set_ruleset_source(RulesetSource source) { m_ruleset_source = std::move(source); }
  /// Replace the stage results and rebuild the joined views and the findings index.
  void set_results(StageResults results);

  bool has(Role role) const { return m_inputs->has(role); }
  const layers::Layer& layer(Role role) const { return m_inputs->at(role); }
  /// Roles present, in drawing order bottom to top (zones, catchments, constraints, roads,
  /// parcels, conversions, projects, hubs).
  std::vector<Role> roles() const;

  /// The attribute view of a role: its attributes, then the stage columns joined by id
  /// (parcels: score, grade, flags; conversions: verdict, conditions, failed_rules; projects:
  /// eligible, score, rank). Row i is feature i of the layer.
  std::shared_ptr<const layers::Table> view(Role role) const;
  /// Id of feature `row` of a role's layer ("" when the layer has no id column).
  std::string feature_id(Role role, std::size_t row) const;
  /// Row of the feature with this id, or npos.
  std::size_t row_of(Role role, const std::string& id) const;
  /// Rows of `results().findings` whose subject_id is `id`, in table order.
  std::vector<std::size_t> findings_of(const std::string& id) const;
  /// Row of `results().facts` for a parcel id, or npos.
  std::size_t facts_row(const std::string& parcel_id) const;

  static constexpr std::size_t npos = static_cast<std::size_t>(-1);

 private:
  void rebuild();
  layers::AnalysisSpec m_spec;
  std::string m_workspace;
  RulesetSource m_ruleset_source;
  /// Fixed once the session is made. Shared so that a view without joined columns is the
  /// layer's own table (no copy of a million rows) and stays valid while anyone holds it.
  std::shared_ptr<layers::AnalysisInputs> m_inputs = std::make_shared<layers::AnalysisInputs>();
  StageResults m_results;
  std::map<Role, std::shared_ptr<const layers::Table>> m_views;
  std::map<Role, std::unordered_map<std::string, std::size_t>> m_rows_by_id;
  std::unordered_map<std::string, std::vector<std::size_t>> m_findings_by_subject;
  std::unordered_map<std::string, std::size_t> m_facts_by_parcel;
};

/// `left` with the columns of `right` (except `right_key`) appended, matched on
/// left[left_key] == right[right_key] (text); unmatched rows get nulls. A column name already in
/// `left` is skipped. The row order of `left` is kept.
layers::Table left_join(const layers::Table& left, const std::string& left_key,
                        const layers::Table& right, const std::string& right_key);

}  // namespace hubland::desk
