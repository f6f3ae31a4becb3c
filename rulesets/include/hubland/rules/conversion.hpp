#pragma once
// Conversion checks: each request to convert a parcel between industrial (1001xx, 100100 M0),
// logistics/warehousing (1101xx) and R&D (0802) use is checked against the ruleset's
// [[conversion]] rules, over the request row joined with its parcel's facts.
//
// Contract:
//  - request_facts() joins by parcel_id: request columns first, then every parcel-facts column
//    not already present; a request whose parcel is unknown gets NULL parcel facts (the
//    ruleset decides what that means, e.g. a rule "area_m2 IS NULL" that rejects).
//  - Verdict per request: Reject when any rule fails with outcome reject; else Conditional
//    when any rule yields a condition (listed by name); else Approve. Every rule's outcome is
//    in `findings` (pass, fail, condition, n/a), by request then rule.
//  - Every request appears exactly once in `verdicts`, in facts order.
// Failure modes: Error(Schema) for requests without request_id / parcel_id, duplicate ids;
// those of evaluate().

#include <map>
#include <string>
#include <vector>

#include "hubland/layers/table.hpp"
#include "hubland/rules/evaluator.hpp"
#include "hubland/rules/finding.hpp"
#include "hubland/rules/ruleset.hpp"

namespace hubland::rules {

enum class Verdict { Approve, Conditional, Reject };
const char* to_string(Verdict v) noexcept;

struct VerdictRow {
  std::string request_id;
  Verdict verdict = Verdict::Approve;
  std::vector<std::string> conditions;    ///< "zh / en" text of each condition, in rule order
  std::vector<std::string> failed_rules;  ///< ids of the rules that reject
  std::vector<std::string> condition_rules;
};

struct ConversionResult {
  std::vector<VerdictRow> verdicts;
  std::vector<Finding> findings;
  std::map<std::string, std::size_t> verdict_counts;  ///< approve, conditional, reject
};

/// The request table joined with parcel facts (see the contract).
layers::Table request_facts(const layers::Table& requests, const layers::Table& parcel_facts);

/// Checks every request of `requests` (a FactsDb of Subject::Request).
ConversionResult check_conversions(const FactsDb& requests, const Ruleset& ruleset);

/// verdicts.csv: request_id, verdict, conditions ("; "-separated), failed_rules (';'-separated).
layers::Table verdicts_table(const ConversionResult& result);

}  // namespace hubland::rules
