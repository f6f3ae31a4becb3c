// [land_classes] and the [[industry]] catalogue of a ruleset (catalogues.hpp).
#include "catalogues.hpp"

#include <algorithm>
#include <cctype>
#include <set>

#include "hubland/error.hpp"
#include "hubland/geo/hub_types.hpp"

namespace hubland::rules::detail {

namespace {

int line_of(const toml::node& n) {
  return static_cast<int>(n.source().begin.line);
}

struct Ctx {
  const std::string& file;
  std::string rule;

  [[noreturn]] void fail(const toml::node& n, const std::string& msg) const {
    throw Error(ErrorKind::Rule, msg, Where{.file = file, .line = line_of(n), .rule = rule});
  }
  std::string str(const toml::table& t, const char* key, bool required) const {
    const toml::node* n = t.get(key);
    if (!n) {
      if (required) fail(t, std::string("missing '") + key + "'");
      return {};
    }
    auto v = n->value<std::string>();
    if (!v) fail(*n, std::string("'") + key + "' must be a string");
    return *v;
  }
  bool boolean(const toml::table& t, const char* key, bool fallback) const {
    const toml::node* n = t.get(key);
    if (!n) return fallback;
    auto v = n->value<bool>();
    if (!v) fail(*n, std::string("'") + key + "' must be true or false");
    return *v;
  }
  void only_keys(const toml::table& t, std::initializer_list<const char*> allowed,
                 const char* section) const {
    for (const auto& [k, v] : t) {
      const std::string_view name = k.str();  // Clang 14 cannot capture a structured binding
      if (std::none_of(allowed.begin(), allowed.end(), [&](const char* a) { return name == a; }))
        fail(v, "unknown key '" + std::string(name) + "' in " + section);
    }
  }
};

}  // namespace

layers::LandClassTable parse_land_classes(const toml::node& node, const std::string& file) {
  Ctx ctx{file, "land_classes"};
  const auto* t = node.as_table();
  if (!t) ctx.fail(node, "[land_classes] must be a table");
  ctx.only_keys(*t, {"source", "verified", "note", "entries"}, "[land_classes]");
  layers::LandClassTable table;
  table.source = ctx.str(*t, "source", true);
  table.verified = ctx.boolean(*t, "verified", true);
  table.note = ctx.str(*t, "note", false);
  const toml::node* entries = t->get("entries");
  const auto* arr = entries ? entries->as_array() : nullptr;
  if (!arr || arr->empty())
    ctx.fail(entries ? *entries : node,
             "[land_classes] needs entries = [{ code, name, category, cultivated }, ...]");
  std::set<std::string> seen;
  for (const auto& e : *arr) {
    const auto* et = e.as_table();
    if (!et) ctx.fail(e, "a [land_classes] entry is a table { code, name, category, cultivated }");
    ctx.only_keys(*et, {"code", "name", "category", "cultivated"}, "a [land_classes] entry");
    layers::LandClassEntry entry;
    entry.code = ctx.str(*et, "code", true);
    if (entry.code.empty() || entry.code.find(' ') != std::string::npos)
      ctx.fail(e, "a [land_classes] entry needs a non-empty code without spaces");
    if (!seen.insert(entry.code).second)
      ctx.fail(e, "[land_classes]: code '" + entry.code + "' is listed twice");
    entry.name = ctx.str(*et, "name", false);
    const std::string category = ctx.str(*et, "category", true);
    const auto c = layers::land_category_from_string(category);
    if (!c)
      ctx.fail(e, "[land_classes]: code '" + entry.code + "': unknown category '" + category +
                      "' (agricultural | construction | unused, or 农用地 | 建设用地 | 未利用地)");
    entry.category = *c;
    entry.cultivated = ctx.boolean(*et, "cultivated", false);
    table.add(std::move(entry));
  }
  return table;
}

std::vector<Industry> parse_industries(const toml::table& doc, const std::string& file) {
  std::vector<Industry> out;
  const toml::node* node = doc.get("industry");
  if (!node) return out;
  Ctx ctx{file, "industry"};
  const auto* arr = node->as_array();
  if (!arr) ctx.fail(*node, "industry must be an array of tables: [[industry]]");
  std::set<std::string> seen;
  for (const auto& e : *arr) {
    const auto* t = e.as_table();
    if (!t) ctx.fail(e, "industry must be an array of tables: [[industry]]");
    Industry ind;
    ind.line = line_of(e);
    ind.code = ctx.str(*t, "code", true);
    ctx.rule = "industry " + ind.code;
    ctx.only_keys(*t, {"code", "name", "target", "hub_types", "catalogue", "verified", "note"},
                  "[[industry]]");
    if (ind.code.size() != 4 || !std::all_of(ind.code.begin(), ind.code.end(),
                                             [](unsigned char c) { return std::isdigit(c) != 0; }))
      ctx.fail(e, "[[industry]] code '" + ind.code + "' is not a GB/T 4754-2017 4-digit code");
    if (!seen.insert(ind.code).second)
      ctx.fail(e, "[[industry]] code '" + ind.code + "' is listed twice");
    ind.name = ctx.str(*t, "name", true);
    ind.target = ctx.str(*t, "target", false);
    ind.catalogue = ctx.str(*t, "catalogue", false);
    if (std::none_of(std::begin(kCatalogueStatuses), std::end(kCatalogueStatuses),
                     [&](const char* s) { return ind.catalogue == s; }))
      ctx.fail(t->get("catalogue") ? *t->get("catalogue") : e,
               "catalogue = \"" + ind.catalogue +
                   "\" is not one of \"\" | restricted | eliminated | prohibited");
    if (const toml::node* hubs = t->get("hub_types")) {
      const auto* ha = hubs->as_array();
      if (!ha) ctx.fail(*hubs, "hub_types must be a list like [\"airport\", \"port\"]");
      for (const auto& h : *ha) {
        auto s = h.value<std::string>();
        const bool known = s && std::any_of(geo::kHubTypes.begin(), geo::kHubTypes.end(),
                                            [&](const auto& type) { return *s == type.key; });
        if (!known)
          ctx.fail(h, "unknown hub type in hub_types (" + geo::hub_type_keys(" | ") + ")");
        ind.hub_types.push_back(*s);
      }
    }
    ind.verified = ctx.boolean(*t, "verified", true);
    ind.note = ctx.str(*t, "note", false);
    out.push_back(std::move(ind));
  }
  return out;
}

std::vector<Lookup> industry_lookups(const std::vector<Industry>& industries) {
  Lookup target, catalogue;
  target.name = "industry_target";
  catalogue.name = "industry_catalogue";
  for (const Industry& i : industries) {
    target.rows.emplace_back(i.code, i.target.empty() ? 0.0 : 1.0);
    catalogue.text_rows.emplace_back(i.code, i.catalogue);
  }
  std::sort(target.rows.begin(), target.rows.end());
  std::sort(catalogue.text_rows.begin(), catalogue.text_rows.end());
  if (!industries.empty()) target.line = catalogue.line = industries.front().line;
  return {target, catalogue};
}

}  // namespace hubland::rules::detail
