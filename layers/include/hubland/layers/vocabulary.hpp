#pragma once
// Screening grades and conversion verdicts: their names and colours, declared once for the
// rules, the exports (QGIS layer_styles), the map styles and the report.

#include <array>
#include <cstdlib>
#include <string>

namespace hubland::layers {

struct GradeInfo {
  const char* key;         ///< "A" .. "D", the value of the grade column
  const char* label_zh;    ///< "A 高效", ...
  const char* label_en;    ///< "Grade A", ...
  const char* colour_hex;  ///< "#rrggbb": ColorBrewer RdYlGn reversed, A (best) green .. D red
};

inline constexpr std::array<GradeInfo, 4> kGrades{{
    {"A", "A 高效", "Grade A", "#1a9641"},
    {"B", "B 较高效", "Grade B", "#a6d96a"},
    {"C", "C 低效", "Grade C", "#fdae61"},
    {"D", "D 极低效", "Grade D", "#d7191c"},
}};

/// The grade column's other values: a parcel in the screening's scope but not graded, and one
/// outside it. The report, the CLI summary and the desk count them next to kGrades.
struct UngradedInfo {
  const char* key;  ///< the value of the grade column
  const char* label_zh;
  const char* label_en;
};

inline constexpr std::array<UngradedInfo, 3> kUngradedStates{{
    {"pending", "待补数据未分档", "ungraded pending data"},
    {"new", "新投产或在建未分档", "not graded (new)"},
    {"-", "未评价", "not graded"},
}};

struct VerdictInfo {
  const char* key;  ///< the value of the verdict column: "approve", "conditional", "reject"
  const char* zh;   ///< 同意, 有条件同意, 不同意
};

/// In the order of rules::Verdict (Approve, Conditional, Reject).
inline constexpr std::array<VerdictInfo, 3> kVerdicts{{
    {"approve", "同意"},
    {"conditional", "有条件同意"},
    {"reject", "不同意"},
}};

/// "#rrggbb" -> "r,g,b", as QGIS symbol colours are written.
inline std::string rgb_triplet(const char* colour_hex) {
  const long v = std::strtol(colour_hex + 1, nullptr, 16);
  return std::to_string((v >> 16) & 255) + "," + std::to_string((v >> 8) & 255) + "," +
         std::to_string(v & 255);
}

/// A parcel's land status (grades.csv `land_status`), strongest first: a parcel takes the
/// strongest status any of its flags maps to. 闲置 (a legal status, 《闲置土地处置办法》) outranks
/// the redevelopment categories. Colours for the map and the legends.
struct LandStatusInfo {
  const char* key;         ///< the value of the land_status column
  const char* label_en;    ///< English legend label
  const char* colour_hex;  ///< "#rrggbb"
};
inline constexpr std::array<LandStatusInfo, 4> kLandStatusInfo{{
    {"疑似闲置", "Suspected idle", "#7b3294"},
    {"停产", "Production stopped", "#d7191c"},
    {"低效", "Low efficiency", "#fdae61"},
    {"正常", "Normal", "#a6d96a"},
}};

}  // namespace hubland::layers
