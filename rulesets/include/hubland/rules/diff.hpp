#pragma once
// Comparing two rulesets on the same facts (`hubland diff-rulesets A B`): which parcels and
// requests change outcome, and why — the rules whose outcome differs, with their reasons.
//
// Contract: one row per parcel whose grade or flags differ and per request whose verdict or
// rule outcomes differ, parcels first (facts order), then requests (facts order). Rules are
// matched by id; a rule present in one ruleset only counts as "none" in the other. A rule
// changes when its acting outcome (flag, fail, condition) differs; pass, n/a and none are alike.

#include <string>
#include <vector>

#include "hubland/layers/table.hpp"
#include "hubland/rules/conversion.hpp"
#include "hubland/rules/screening.hpp"

namespace hubland::rules {

struct DiffRow {
  std::string subject_kind;  ///< "parcel" or "request"
  std::string subject_id;
  std::string outcome_a;  ///< "grade B; flags LE-FAR" or "conditional"
  std::string outcome_b;
  std::string changed_rules;  ///< "LE-FAR: pass→flag; ..." (rule order of B, then A-only)
  std::string why_zh;         ///< reasons of the changed rules' non-pass findings
  std::string why_en;
};

struct DiffResult {
  std::vector<DiffRow> rows;
  std::size_t parcels_compared = 0, parcels_changed = 0;
  std::size_t requests_compared = 0, requests_changed = 0;
  std::size_t grade_changes = 0, flag_changes = 0, verdict_changes = 0;
};

/// Screening results of the same parcels, and conversion results of the same requests, under
/// ruleset A and ruleset B (either pair may be empty).
DiffResult diff_results(const ScreeningResult& a, const ScreeningResult& b,
                        const ConversionResult& ca, const ConversionResult& cb);

/// diff.csv: subject_kind, subject_id, outcome_a, outcome_b, changed_rules, why_zh, why_en.
layers::Table diff_table(const DiffResult& diff);

}  // namespace hubland::rules
