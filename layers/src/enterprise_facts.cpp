// Enterprise attributes of parcels and the years since operating / completion
// (enterprise_facts.hpp).
#include "cells.hpp"
#include "enterprise_facts.hpp"

#include <algorithm>
#include <cstring>
#include <optional>

#include "hubland/error.hpp"
#include "hubland/layers/dates.hpp"
#include "hubland/layers/facts_columns.hpp"

namespace hubland::layers::detail {

namespace {

// GB 32100-2015 统一社会信用代码 characters: digits and capitals without I, O, S, V, Z.
constexpr const char* kCreditAlphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY";

const auto text = detail::cell_text;

}  // namespace

bool valid_credit_code(const std::string& code) {
  return code.size() == 18 && std::all_of(code.begin(), code.end(), [](char c) {
           return c != '\0' && std::strchr(kCreditAlphabet, c) != nullptr;
         });
}

void add_enterprise_facts(const Layer& parcels, const std::string& as_of_text, Table& facts) {
  const Table& src = parcels.attributes;
  const auto credit = src.find("credit_code"), scale = src.find("scale"),
             operating = src.find("operating_since"), completed = src.find("completed_date");
  if (!credit && !scale && !operating && !completed) return;
  const std::size_t id_col = src.index("parcel_id");
  auto bad = [&](std::size_t row, const char* field, const std::string& msg) {
    throw Error(ErrorKind::BadInput, msg,
                Where{.file = parcels.source,
                      .layer = parcels.layer_name,
                      .feature = text(src, row, id_col),
                      .field = field});
  };
  auto day = [&](std::size_t row, std::optional<std::size_t> col,
                 const char* field) -> std::optional<long> {
    const std::string s = text(src, row, col);
    if (s.empty()) return std::nullopt;
    const auto d = iso_day_number(s);
    if (!d) bad(row, field, "'" + s + "' is not a date YYYY-MM-DD");
    return d;
  };
  for (std::size_t i = 0; i < src.row_count(); ++i) {
    const std::string code = text(src, i, credit);
    if (!code.empty() && !valid_credit_code(code))
      bad(i, "credit_code",
          "'" + code +
              "' is not a 统一社会信用代码 (18 characters of 0-9 A-H J-N P Q R T U W X Y)");
    const std::string s = text(src, i, scale);
    if (!s.empty() && s != "规上" && s != "规下")
      bad(i, "scale", "'" + s + "' is not an enterprise scale (规上 or 规下)");
  }
  if (!operating && !completed) return;

  const std::string date = date_or_today(as_of_text);
  const auto as_of = iso_day_number(date);
  if (!as_of)
    throw Error(ErrorKind::BadInput, "the analysis date '" + date + "' is not YYYY-MM-DD");
  // kTenureFacts: operating_years, completed_years, completed_basis.
  std::size_t cols[std::size(kTenureFacts)];
  for (std::size_t k = 0; k < std::size(kTenureFacts); ++k)
    cols[k] = facts.add_column(kTenureFacts[k].name, kTenureFacts[k].type, kTenureFacts[k].unit);
  // A date after the analysis date counts 0 years: not yet operating / not yet completed.
  const auto years = [&](long from) { return std::max(0.0, years_between(from, *as_of)); };
  for (std::size_t i = 0; i < src.row_count(); ++i) {
    const auto op = day(i, operating, "operating_since");
    const auto done = day(i, completed, "completed_date");
    if (op) facts.set(i, cols[0], years(*op));
    // 竣工/投产: the completion date, else the start of operation (said by completed_basis).
    if (done) {
      facts.set(i, cols[1], years(*done));
      facts.set(i, cols[2], std::string("completed_date"));
    } else if (op) {
      facts.set(i, cols[1], years(*op));
      facts.set(i, cols[2], std::string("operating_since"));
    }
  }
}

}  // namespace hubland::layers::detail
