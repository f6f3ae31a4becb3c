#include "hubland/desk/column_names.hpp"

#include <QCoreApplication>

namespace hubland::desk {

namespace {
constexpr const char* kContext = "hubland::desk::columns";
}

const std::vector<const char*>& translated_column_names() {
  // QT_TRANSLATE_NOOP marks the names for lupdate; the Chinese headers are in the .ts files.
  static const std::vector<const char*> names = {
      QT_TRANSLATE_NOOP("hubland::desk::columns", "parcel_id"),
      QT_TRANSLATE_NOOP("hubland::desk::columns", "land_use"),
      QT_TRANSLATE_NOOP("hubland::desk::columns", "industry"),
      QT_TRANSLATE_NOOP("hubland::desk::columns", "enterprise"),
      QT_TRANSLATE_NOOP("hubland::desk::columns", "area_m2"),
      QT_TRANSLATE_NOOP("hubland::desk::columns", "floor_area_m2"),
      QT_TRANSLATE_NOOP("hubland::desk::columns", "far_floor_area_m2"),
      QT_TRANSLATE_NOOP("hubland::desk::columns", "building_coefficient"),
      QT_TRANSLATE_NOOP("hubland::desk::columns", "building_coverage"),
      QT_TRANSLATE_NOOP("hubland::desk::columns", "plot_ratio"),
      QT_TRANSLATE_NOOP("hubland::desk::columns", "tax_10k_yuan"),
      QT_TRANSLATE_NOOP("hubland::desk::columns", "output_10k_yuan"),
      QT_TRANSLATE_NOOP("hubland::desk::columns", "value_added_10k_yuan"),
      QT_TRANSLATE_NOOP("hubland::desk::columns", "revenue_10k_yuan"),
      QT_TRANSLATE_NOOP("hubland::desk::columns", "rd_10k_yuan"),
      QT_TRANSLATE_NOOP("hubland::desk::columns", "energy_tce"),
      QT_TRANSLATE_NOOP("hubland::desk::columns", "employees"),
      QT_TRANSLATE_NOOP("hubland::desk::columns", "idle_years"),
      QT_TRANSLATE_NOOP("hubland::desk::columns", "stopped_years"),
      QT_TRANSLATE_NOOP("hubland::desk::columns", "idle_cause"),
      QT_TRANSLATE_NOOP("hubland::desk::columns", "contract_date"),
      QT_TRANSLATE_NOOP("hubland::desk::columns", "agreed_start_date"),
      QT_TRANSLATE_NOOP("hubland::desk::columns", "started_date"),
      QT_TRANSLATE_NOOP("hubland::desk::columns", "completed_date"),
      QT_TRANSLATE_NOOP("hubland::desk::columns", "operating_since"),
      QT_TRANSLATE_NOOP("hubland::desk::columns", "developed_share"),
      QT_TRANSLATE_NOOP("hubland::desk::columns", "invested_share"),
      QT_TRANSLATE_NOOP("hubland::desk::columns", "credit_code"),
      QT_TRANSLATE_NOOP("hubland::desk::columns", "scale"),
      QT_TRANSLATE_NOOP("hubland::desk::columns", "throughput_t"),
      QT_TRANSLATE_NOOP("hubland::desk::columns", "storage_floor_area_m2"),
      QT_TRANSLATE_NOOP("hubland::desk::columns", "score"),
      QT_TRANSLATE_NOOP("hubland::desk::columns", "grade"),
      QT_TRANSLATE_NOOP("hubland::desk::columns", "flags"),
      QT_TRANSLATE_NOOP("hubland::desk::columns", "land_status"),
      QT_TRANSLATE_NOOP("hubland::desk::columns", "zone_id"),
      QT_TRANSLATE_NOOP("hubland::desk::columns", "zone_name"),
      QT_TRANSLATE_NOOP("hubland::desk::columns", "hub_id"),
      QT_TRANSLATE_NOOP("hubland::desk::columns", "hub_name"),
      QT_TRANSLATE_NOOP("hubland::desk::columns", "hub_type"),
      QT_TRANSLATE_NOOP("hubland::desk::columns", "project_id"),
      QT_TRANSLATE_NOOP("hubland::desk::columns", "project_name"),
      QT_TRANSLATE_NOOP("hubland::desk::columns", "request_id"),
      QT_TRANSLATE_NOOP("hubland::desk::columns", "verdict"),
      QT_TRANSLATE_NOOP("hubland::desk::columns", "conditions"),
      QT_TRANSLATE_NOOP("hubland::desk::columns", "failed_rules"),
      QT_TRANSLATE_NOOP("hubland::desk::columns", "eligible"),
      QT_TRANSLATE_NOOP("hubland::desk::columns", "rank"),
      QT_TRANSLATE_NOOP("hubland::desk::columns", "fid"),
      QT_TRANSLATE_NOOP("hubland::desk::columns", "area_mu"),
      QT_TRANSLATE_NOOP("hubland::desk::columns", "district_code"),
      QT_TRANSLATE_NOOP("hubland::desk::columns", "district_name"),
      QT_TRANSLATE_NOOP("hubland::desk::columns", "disposal"),
      QT_TRANSLATE_NOOP("hubland::desk::columns", "land_use_scheme"),
      QT_TRANSLATE_NOOP("hubland::desk::columns", "evaluated_as"),
      QT_TRANSLATE_NOOP("hubland::desk::columns", "grade_group"),
      QT_TRANSLATE_NOOP("hubland::desk::columns", "grade_note"),
  };
  return names;
}

QString column_title(const std::string& canonical_name) {
  return QCoreApplication::translate(kContext, canonical_name.c_str());
}

}  // namespace hubland::desk
