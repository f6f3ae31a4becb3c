#pragma once
// Role schemas and field-name aliases.
//
// Each role (parcels, zones, hubs, ...) has a fixed list of canonical fields with types and
// units, required or optional, and an expected geometry class. Source field names are mapped
// to canonical names by, in order: a --map target=source override; an exact canonical name;
// an alias from layers/data/field_aliases.toml, then from $HUBLAND_ALIASES, then from an
// --aliases file (later files add to and override earlier ones). Matching ignores ASCII case
// and surrounding blanks. Unmapped source fields are carried along under their own names.

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "hubland/layers/layer.hpp"
#include "hubland/layers/table.hpp"

namespace hubland::layers {

/// Geometry a role expects. None: attribute table (geometry optional, e.g. conversions).
enum class GeometryClass { Polygon, Point, Line, None };
const char* to_string(GeometryClass g) noexcept;

/// Value constraint checked on read.
enum class Range { Any, NonNegative, Fraction, Positive };

enum class Requirement { Required, Optional };

struct FieldSpec {
  const char* name;
  FieldType type;
  Requirement requirement;
  const char* unit;  ///< "" when none
  Range range;
  const char* doc;
};

struct RoleSchema {
  Role role;
  GeometryClass geometry;
  std::vector<FieldSpec> fields;  ///< the id column first
  /// Ids must be unique (false for zones: several features may share a zone_id).
  bool unique_ids = true;
  const FieldSpec* find(std::string_view name) const noexcept;
};

const RoleSchema& schema(Role role);

/// Field-name aliases: source name -> canonical name, per role (a "common" section applies to
/// every role).
class FieldAliases {
 public:
  /// The shipped file, then $HUBLAND_ALIASES when set, then `extra_file` when non-empty.
  /// Throws Error(Io) for a missing file, Error(BadInput) with file and line for bad TOML,
  /// an unknown role section, or an alias naming a field its role does not have.
  static FieldAliases load(const std::string& extra_file = {});
  /// Merge one TOML file (same format as layers/data/field_aliases.toml).
  void add_file(const std::string& path);
  /// Canonical name for a source field name in a role; nullopt when no alias matches.
  std::optional<std::string> canonical(Role role, std::string_view source_name) const;
  /// Files that were read, in order.
  const std::vector<std::string>& files() const noexcept { return m_files; }
  /// Path of the shipped alias file.
  static std::string default_file();

 private:
  // key: role name or "common"; value: normalised alias -> canonical
  std::map<std::string, std::map<std::string, std::string>> m_map;
  std::vector<std::string> m_files;
};

/// How one canonical field is fed: from which source field (index into the source fields),
/// and why (override, exact name, alias).
struct FieldBinding {
  std::string canonical;
  int source_index = -1;
  std::string source_name;
  std::string how;  ///< "--map", "name", "alias"
};

/// Map source field names (decoded UTF-8) to canonical fields of a role. `overrides` is
/// --map target=source; a target that is not a field of the role, or a source that does not
/// exist, throws Error(BadInput). Returns one binding per mapped canonical field; the source
/// fields not used appear in `unmapped` (indices).
std::vector<FieldBinding> bind_fields(Role role, const std::vector<std::string>& source_names,
                                      const FieldAliases& aliases,
                                      const std::map<std::string, std::string>& overrides,
                                      std::vector<int>* unmapped);

/// Normalise enumerated values: hub_type (Chinese 陆港型 -> land_port, ...), constraint kind
/// (生态保护红线 -> redline, ...), road_class. Returns nullopt when the value is not one of the
/// accepted spellings; other fields pass through unchanged. With `role`, only that role's values
/// of the field count (constraints' kind and buildings' kind differ); without, every role's.
std::optional<std::string> normalise_enum(std::string_view field, std::string_view value,
                                          std::optional<Role> role = std::nullopt);
/// The accepted keys of an enumerated field ("" when the field is not enumerated).
std::string enum_keys(std::string_view field, std::optional<Role> role = std::nullopt);

/// Default speed (km/h) of a road class: expressway 80, arterial 50, secondary 40, local 30.
double default_speed_kmh(std::string_view road_class);

}  // namespace hubland::layers
