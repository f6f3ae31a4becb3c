// [land_classes] and the [[industry]] catalogue of a ruleset (catalogues.hpp).
#include "catalogues.hpp"

#include <algorithm>
#include <cctype>
#include <set>

#include "hubland/error.hpp"
#include "hubland/geo/hub_types.hpp"
#include "toml_ctx.hpp"

namespace hubland::rules::detail {

layers::LandClassTable parse_land_classes(const toml::node& node, const std::string& file) {
  const Ctx ctx{file};
  const std::string rule = "land_classes";
  const auto* t = node.as_table();
  if (!t) ctx.fail(node, "[land_classes] must be a table", rule);
  ctx.only_keys(*t, {"source", "verified", "note", "entries"}, rule, "[land_classes]");
  layers::LandClassTable table;
  table.source = ctx.str(*t, "source", rule, true);
  table.verified = ctx.boolean(*t, "verified", rule, true);
  table.note = ctx.str(*t, "note", rule, false);
  const toml::node* entries = t->get("entries");
  const auto* arr = entries ? entries->as_array() : nullptr;
  if (!arr || arr->empty())
    ctx.fail(entries ? *entries : node,
             "[land_classes] needs entries = [{ code, name, category, cultivated }, ...]", rule);
  std::set<std::string> seen;
  for (const auto& e : *arr) {
    const auto* et = e.as_table();
    if (!et)
      ctx.fail(e, "a [land_classes] entry is a table { code, name, category, cultivated }", rule);
    ctx.only_keys(*et, {"code", "name", "category", "cultivated"}, rule, "a [land_classes] entry");
    layers::LandClassEntry entry;
    entry.code = ctx.str(*et, "code", rule, true);
    if (entry.code.empty() || entry.code.find(' ') != std::string::npos)
      ctx.fail(e, "a [land_classes] entry needs a non-empty code without spaces", rule);
    if (!seen.insert(entry.code).second)
      ctx.fail(e, "[land_classes]: code '" + entry.code + "' is listed twice", rule);
    entry.name = ctx.str(*et, "name", rule, false);
    const std::string category = ctx.str(*et, "category", rule, true);
    const auto c = layers::land_category_from_string(category);
    if (!c)
      ctx.fail(e,
               "[land_classes]: code '" + entry.code + "': unknown category '" + category +
                   "' (agricultural | construction | unused, or 农用地 | 建设用地 | 未利用地)",
               rule);
    entry.category = *c;
    entry.cultivated = ctx.boolean(*et, "cultivated", rule, false);
    table.add(std::move(entry));
  }
  return table;
}

std::vector<Industry> parse_industries(const toml::table& doc, const std::string& file) {
  std::vector<Industry> out;
  const toml::node* node = doc.get("industry");
  if (!node) return out;
  const Ctx ctx{file};
  std::string rule = "industry";
  const auto* arr = node->as_array();
  if (!arr) ctx.fail(*node, "industry must be an array of tables: [[industry]]", rule);
  std::set<std::string> seen;
  for (const auto& e : *arr) {
    const auto* t = e.as_table();
    if (!t) ctx.fail(e, "industry must be an array of tables: [[industry]]", rule);
    Industry ind;
    ind.line = line_of(e);
    ind.code = ctx.str(*t, "code", rule, true);
    rule = "industry " + ind.code;
    ctx.only_keys(*t, {"code", "name", "target", "hub_types", "catalogue", "verified", "note"},
                  rule, "[[industry]]");
    if (ind.code.size() != 4 || !std::all_of(ind.code.begin(), ind.code.end(),
                                             [](unsigned char c) { return std::isdigit(c) != 0; }))
      ctx.fail(e, "[[industry]] code '" + ind.code + "' is not a GB/T 4754-2017 4-digit code",
               rule);
    if (!seen.insert(ind.code).second)
      ctx.fail(e, "[[industry]] code '" + ind.code + "' is listed twice", rule);
    ind.name = ctx.str(*t, "name", rule, true);
    ind.target = ctx.str(*t, "target", rule, false);
    ind.catalogue = ctx.str(*t, "catalogue", rule, false);
    if (std::none_of(std::begin(kCatalogueStatuses), std::end(kCatalogueStatuses),
                     [&](const char* s) { return ind.catalogue == s; }))
      ctx.fail(t->get("catalogue") ? *t->get("catalogue") : e,
               "catalogue = \"" + ind.catalogue +
                   "\" is not one of \"\" | restricted | eliminated | prohibited",
               rule);
    if (const toml::node* hubs = t->get("hub_types")) {
      const auto* ha = hubs->as_array();
      if (!ha) ctx.fail(*hubs, "hub_types must be a list like [\"airport\", \"port\"]", rule);
      for (const auto& h : *ha) {
        auto s = h.value<std::string>();
        const bool known = s && std::any_of(geo::kHubTypes.begin(), geo::kHubTypes.end(),
                                            [&](const auto& type) { return *s == type.key; });
        if (!known)
          ctx.fail(h, "unknown hub type in hub_types (" + geo::hub_type_keys(" | ") + ")", rule);
        ind.hub_types.push_back(*s);
      }
    }
    ind.verified = ctx.boolean(*t, "verified", rule, true);
    ind.note = ctx.str(*t, "note", rule, false);
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
