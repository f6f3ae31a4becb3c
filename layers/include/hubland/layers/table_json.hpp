#pragma once
// One table row as JSON text, typed: how a workspace keeps an application's subject and how an
// application's checks keep the facts the rules saw — one codec for both.
//
// Form: {"columns":[{"name":…,"type":"integer|real|text","unit":…},…],"values":[…]} with JSON
// null for NULL. Round trip is exact (integers as integers, reals to the last bit).

#include <cstddef>
#include <string>

#include "hubland/layers/table.hpp"

namespace hubland::layers {

/// Row `row` of `t` (with every column's name, type and unit). Error(BadInput) naming the column
/// for a real that is NaN or infinite (JSON has neither).
std::string row_to_json(const Table& t, std::size_t row = 0);
/// A one-row table from row_to_json's text. Error(BadInput) naming `what` when the text is not
/// that form.
Table row_from_json(const std::string& json, const std::string& what);

}  // namespace hubland::layers
