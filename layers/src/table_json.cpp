// One table row as JSON text (table_json.hpp).
#include "hubland/layers/table_json.hpp"

#include <cmath>
#include <nlohmann/json.hpp>

#include "hubland/error.hpp"

namespace hubland::layers {

std::string row_to_json(const Table& t, std::size_t row) {
  nlohmann::json cols = nlohmann::json::array(), values = nlohmann::json::array();
  for (std::size_t c = 0; c < t.column_count(); ++c) {
    const auto& col = t.column(c);
    cols.push_back({{"name", col.name}, {"type", to_string(col.type)}, {"unit", col.unit}});
    if (row >= t.row_count() || t.null_at(row, c)) {
      values.push_back(nullptr);
      continue;
    }
    switch (col.type) {
      case FieldType::Integer:
        values.push_back(t.integer_at(row, c));
        break;
      case FieldType::Real:
        if (!std::isfinite(t.real_at(row, c)))
          throw Error(ErrorKind::BadInput, "a value that is not a finite number cannot be stored",
                      Where{.field = col.name});
        values.push_back(t.real_at(row, c));
        break;
      case FieldType::Text:
        values.push_back(t.text_at(row, c));
        break;
    }
  }
  return nlohmann::json{{"columns", cols}, {"values", values}}.dump();
}

Table row_from_json(const std::string& json, const std::string& what) {
  Table t;
  try {
    const auto j = nlohmann::json::parse(json);
    for (const auto& c : j.at("columns")) {
      const std::string type = c.at("type").get<std::string>();
      const FieldType ft = type == "integer" ? FieldType::Integer
                           : type == "real"  ? FieldType::Real
                                             : FieldType::Text;
      t.add_column(c.at("name").get<std::string>(), ft, c.value("unit", ""));
    }
    const auto& values = j.at("values");
    const std::size_t r = t.add_row();
    for (std::size_t c = 0; c < t.column_count() && c < values.size(); ++c) {
      const auto& v = values[c];
      if (v.is_null()) continue;
      switch (t.column(c).type) {
        case FieldType::Integer:
          t.set(r, c, v.get<std::int64_t>());
          break;
        case FieldType::Real:
          t.set(r, c, v.get<double>());
          break;
        case FieldType::Text:
          t.set(r, c, v.get<std::string>());
          break;
      }
    }
  } catch (const nlohmann::json::exception& e) {
    throw Error(ErrorKind::BadInput, what + ": stored row unreadable: " + e.what());
  }
  return t;
}

}  // namespace hubland::layers
