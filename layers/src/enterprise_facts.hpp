#pragma once
// Private to the facts bridge: the enterprise attributes of parcels (统一社会信用代码, 规上/规下,
// operating and completion dates) checked, and the years since operating and since completion
// counted to the analysis date (docs/facts.md, "Years in operation and since completion").

#include <string>

#include "hubland/layers/layer.hpp"
#include "hubland/layers/table.hpp"

namespace hubland::layers::detail {

/// Checks credit_code (18 characters of 0-9 A-H J-N P Q R T U W X Y), scale (规上 / 规下) and the
/// dates operating_since and completed_date of every parcel, throwing Error(BadInput) naming the
/// file, layer, feature and field; then appends the kTenureFacts columns to `facts` (rows in
/// subject order) when the source has operating_since or completed_date. `as_of` is the
/// analysis date (empty: today, UTC). The checks and the tenure columns run side by side on up
/// to two of `threads` (0: every core); the first failure in that order is the one thrown.
void add_enterprise_facts(const Layer& parcels, const std::string& as_of, Table& facts,
                          int threads = 0);

/// True when `code` is 18 characters of the GB 32100 alphabet (no check-digit test: a wrong
/// check digit is a registry matter, a wrong character a data-entry error).
bool valid_credit_code(const std::string& code);

}  // namespace hubland::layers::detail
