// Field mapping for read_layer: source fields -> the role's columns and carried columns.
#include <string>

#include "read_steps.hpp"

namespace hubland::layers::detail {

ColumnPlan plan_columns(Role role, OGRLayer* ogr, const std::vector<std::string>& names,
                        const ReadOptions& options, Table& t, const ProblemLog& log) {
  const RoleSchema& sc = schema(role);
  const FieldAliases aliases = FieldAliases::load(options.aliases_file.value_or(""));
  std::vector<int> unmapped;
  std::vector<FieldBinding> bindings =
      bind_fields(role, names, aliases, options.field_map, &unmapped);
  for (const auto& f : sc.fields) {
    if (f.requirement != Requirement::Required) continue;
    bool ok = false;
    for (const auto& b : bindings) ok = ok || b.canonical == f.name;
    if (!ok) {
      std::string list;
      for (const auto& n : names) list += (list.empty() ? "" : ", ") + n;
      log.stop("missing-field",
               Error(ErrorKind::Schema,
                     std::string("required field ") + f.name + " of role " + to_string(role) +
                         " is missing (fields: " + list + "); name the source field with --map " +
                         f.name + "=FIELD or add an alias",
                     Where{.file = log.file, .layer = log.layer, .field = f.name}));
    }
  }

  // Output columns: fid, the role's fields, carried fields, then area for polygon roles.
  ColumnPlan plan;
  plan.fid_col = t.add_column("fid", FieldType::Integer);
  OGRFeatureDefn* defn = ogr->GetLayerDefn();
  for (const auto& f : sc.fields) {
    const std::size_t c = t.add_column(f.name, f.type, f.unit);
    const bool is_id = std::string(f.name) == id_column(role);
    if (is_id) plan.id_col = c;
    for (const auto& b : bindings)
      if (b.canonical == f.name) {
        plan.id_given = plan.id_given || is_id;
        plan.feeds.push_back({c, b.source_index, f.type,
                              defn->GetFieldDefn(b.source_index)->GetType(), f.range, f.name,
                              !enum_keys(f.name, role).empty()});
      }
  }
  for (int i : unmapped) {
    const std::string& n = names[static_cast<std::size_t>(i)];
    if (t.find(n) || n == "area_m2" || n == "area_mu") {
      log.add(Severity::Info, "field-not-carried", "", n,
              "source field '" + n + "' clashes with a HubLand column and is not carried");
      continue;
    }
    const OGRFieldType ot = defn->GetFieldDefn(i)->GetType();
    const FieldType ft = (ot == OFTInteger || ot == OFTInteger64) ? FieldType::Integer
                         : ot == OFTReal                          ? FieldType::Real
                                                                  : FieldType::Text;
    plan.feeds.push_back({t.add_column(n, ft), i, ft, ot, Range::Any, n, false});
  }
  if (sc.geometry == GeometryClass::Polygon) {
    plan.area_col = t.add_column("area_m2", FieldType::Real, "m2");
    plan.mu_col = t.add_column("area_mu", FieldType::Real, "mu");
  }
  return plan;
}

}  // namespace hubland::layers::detail
