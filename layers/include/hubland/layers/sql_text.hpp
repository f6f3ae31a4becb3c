#pragma once
// SQL text HubLand generates itself (table and column names, literal values) for SQLite,
// SpatiaLite and PostgreSQL: one quoting rule, one type mapping. User expressions never go
// through here: they run under the rules' guard (hubland/rules/evaluator.hpp).

#include <string>
#include <string_view>

#include "hubland/layers/table.hpp"

namespace hubland::layers {

/// "name", with each embedded double quote doubled: an identifier in SQLite and PostgreSQL.
std::string sql_identifier(std::string_view name);
/// 'text', with each embedded single quote doubled: a string literal in SQLite and PostgreSQL.
std::string sql_literal(std::string_view text);
/// The SQLite column type that holds a Table column: "INTEGER", "REAL" or "TEXT".
const char* sqlite_type(FieldType type) noexcept;

}  // namespace hubland::layers
