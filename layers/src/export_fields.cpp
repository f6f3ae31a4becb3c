// The export vocabulary (layers/data/export_fields.toml): Chinese column names, their shapefile
// forms and the text columns written typed. One table; the exporter only looks names up here.
#include <cctype>

#include "hubland/error.hpp"
#include "hubland/layers/export.hpp"
#include "toml_file.hpp"

namespace hubland::layers {

FieldNames field_names_from(const std::string& s) {
  std::string l;
  for (char c : s) l += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (l == "en") return FieldNames::En;
  if (l == "zh") return FieldNames::Zh;
  throw Error(ErrorKind::BadInput,
              "unknown --field-names '" + s + "' (en: names as exported, zh: Chinese names)");
}

const char* to_string(FieldNames f) noexcept {
  return f == FieldNames::Zh ? "zh" : "en";
}

std::string ExportVocabulary::default_file() {
  return std::string(HUBLAND_DATA_DIR) + "/export_fields.toml";
}

ExportVocabulary ExportVocabulary::load(const std::string& path) {
  const toml::table doc = parse_toml_file(path);
  ExportVocabulary v;
  auto read = [&](const char* section, std::map<std::string, std::string>& into) {
    const toml::node* node = doc.get(section);
    if (!node) return;
    const toml::table* t = node->as_table();
    if (!t)
      throw Error(ErrorKind::BadInput, std::string("[") + section + "] must be a table",
                  Where{.file = path});
    for (const auto& [key, value] : *t) {
      const auto text = value.value<std::string>();
      if (!text || text->empty())
        throw Error(ErrorKind::BadInput,
                    std::string("[") + section + "] values must be non-empty text",
                    Where{.file = path,
                          .field = std::string(key.str()),
                          .line = static_cast<int>(value.source().begin.line)});
      into[std::string(key.str())] = *text;
    }
  };
  read("zh", v.zh);
  read("zh_short", v.zh_short);
  read("types", v.types);
  for (const auto& [field, type] : v.types)
    if (type != "date" && type != "real")
      throw Error(ErrorKind::BadInput, "[types] " + field + " = '" + type + "': use date or real",
                  Where{.file = path, .field = field});
  for (const auto& [field, short_name] : v.zh_short)
    if (!v.zh.count(field))
      throw Error(ErrorKind::BadInput, "[zh_short] " + field + " has no [zh] name",
                  Where{.file = path, .field = field});
  return v;
}

const ExportVocabulary& ExportVocabulary::bundled() {
  static const ExportVocabulary v = load(default_file());
  return v;
}

std::string ExportVocabulary::zh_name(const std::string& canonical) const {
  const auto it = zh.find(canonical);
  return it == zh.end() ? canonical : it->second;
}

}  // namespace hubland::layers
