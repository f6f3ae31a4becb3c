// The canonical facts columns per subject (docs/facts.md): the names rules may use. The
// overlay facts come from layers/facts_columns.hpp; the subjects' own attributes are listed here.
#include "hubland/rules/ruleset.hpp"

#include "hubland/layers/facts_columns.hpp"

namespace hubland::rules {

namespace {

using layers::FieldType;
constexpr FieldType I = FieldType::Integer, R = FieldType::Real, T = FieldType::Text;

struct Col {
  const char* name;
  FieldType type;
  const char* unit;
};

constexpr Col kParcelAttributes[] = {
    {"parcel_id", T, ""},
    {"land_use", T, "national land-use code (e.g. 100101)"},
    {"industry", T, "GB/T 4754 2-digit code"},
    {"enterprise", T, ""},
    {"floor_area_m2", R, "m2"},
    {"plot_ratio", R, "FAR"},
    {"tax_10k_yuan", R, "10k yuan/yr"},
    {"output_10k_yuan", R, "10k yuan/yr"},
    {"value_added_10k_yuan", R, "10k yuan/yr"},
    {"energy_tce", R, "tce/yr"},
    {"employees", R, "persons"},
    {"rd_10k_yuan", R, "10k yuan/yr"},
    {"idle_years", R, "years"},
    {"stopped_years", R, "years"},
    {"contract_date", T, "YYYY-MM-DD"},
    {"agreed_start_date", T, "YYYY-MM-DD"},
    {"started_date", T, "YYYY-MM-DD"},
    {"developed_share", R, "0..1 of the area to develop"},
    {"invested_share", R, "0..1 of the total investment"},
    {"idle_cause", T, "government / enterprise / unknown"},
    {"land_use_scheme", T, "yydh2023 / gbt21010 / sandiao"},
    // 亩均 evaluation per enterprise: the attributes, then the computed kTenureFacts.
    {"credit_code", T, "统一社会信用代码"},
    {"scale", T, "规上 / 规下"},
    {"operating_since", T, "YYYY-MM-DD"},
    {"completed_date", T, "YYYY-MM-DD"},
    {"revenue_10k_yuan", R, "10k yuan/yr"},
    {"throughput_t", R, "t/yr"},
    {"storage_floor_area_m2", R, "m2"},
};

constexpr Col kRequest[] = {
    {"request_id", T, ""},
    {"parcel_id", T, ""},
    {"from_use", T, "land-use code"},
    {"to_use", T, "land-use code"},
    {"industrial_share", R, "0..1 of proposed floor area"},
    {"logistics_share", R, "0..1 of proposed floor area"},
    {"rd_share", R, "0..1 of proposed floor area"},
    {"support_share", R, "0..1 of proposed floor area"},
    {"office_land_share", R, "0..1 of land"},
    {"proposed_far", R, "FAR"},
    {"use_scheme", T, "yydh2023 / gbt21010 / sandiao"},
};

constexpr Col kProject[] = {
    {"project_id", T, ""},
    {"project_name", T, ""},
    {"enterprise", T, ""},
    {"industry", T, "GB/T 4754 2-digit code"},
    {"investment_10k_yuan", R, "10k yuan"},
    {"land_mu", R, "mu"},
    {"output_10k_yuan", R, "10k yuan/yr"},
    {"tax_10k_yuan", R, "10k yuan/yr"},
    {"rd_intensity", R, "0..1 of revenue"},
    {"hightech", I, "0/1"},
    {"energy_tce", R, "tce/yr"},
    {"pollution_class", I, "1..3"},
    {"jobs", I, "persons"},
    {"planned_far", R, "FAR"},
    {"planned_coverage", R, "0..1"},
    {"planned_office_share", R, "0..1 of the site"},
};

void add(layers::Table& t, const Col& c) {
  t.add_column(c.name, c.type, c.unit);
}

void add(layers::Table& t, const layers::FactColumn& c) {
  t.add_column(c.name, c.type, c.unit);
}

void add_overlay(layers::Table& t) {
  for (const auto& c : layers::kZoneFacts) add(t, c);
  for (const auto& c : layers::hub_fact_columns()) add(t, c);
  for (const auto& c : layers::kConstraintFacts) add(t, c);
  for (const auto& c : layers::kDistrictFacts) add(t, c);
  for (const auto& c : layers::kLocationFacts) add(t, c);
  for (const auto& c : layers::kLandFacts) add(t, c);
}

}  // namespace

const char* to_string(Subject s) noexcept {
  switch (s) {
    case Subject::Parcel:
      return "parcel";
    case Subject::Request:
      return "request";
    case Subject::Project:
      return "project";
  }
  return "parcel";
}

const char* id_column(Subject s) noexcept {
  switch (s) {
    case Subject::Parcel:
      return "parcel_id";
    case Subject::Request:
      return "request_id";
    case Subject::Project:
      return "project_id";
  }
  return "parcel_id";
}

layers::Table facts_schema(Subject subject) {
  layers::Table t;
  switch (subject) {
    case Subject::Parcel:
      for (const auto& c : kParcelAttributes) add(t, c);
      for (const auto& c : layers::kAreaFacts) add(t, c);
      for (const auto& c : layers::kIntensityFacts) add(t, c);
      add_overlay(t);
      for (const auto& c : layers::kTenureFacts) add(t, c);
      for (const auto& c : layers::kBuildingFacts) add(t, c);
      break;
    case Subject::Request:
      for (const auto& c : kRequest) add(t, c);
      // The parcel's facts, except parcel_id (already there): names are unchanged.
      for (const auto& c : kParcelAttributes)
        if (std::string(c.name) != "parcel_id") add(t, c);
      for (const auto& c : layers::kAreaFacts) add(t, c);
      for (const auto& c : layers::kIntensityFacts) add(t, c);
      add_overlay(t);
      for (const auto& c : layers::kTenureFacts) add(t, c);
      for (const auto& c : layers::kBuildingFacts) add(t, c);
      break;
    case Subject::Project:
      for (const auto& c : kProject) add(t, c);
      for (const auto& c : layers::kAreaFacts) add(t, c);
      add_overlay(t);
      for (const auto& c : layers::kProjectOnlyFacts) add(t, c);
      t.add_column("hub_affinity", R, "0..1");  // from the ranking config, not the overlay
      break;
  }
  return t;
}

}  // namespace hubland::rules
