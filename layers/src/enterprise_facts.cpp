// Enterprise attributes of parcels and the years since operating / completion
// (enterprise_facts.hpp).
#include "enterprise_facts.hpp"
#include "cells.hpp"

#include <algorithm>
#include <array>
#include <cstring>
#include <optional>

#include "hubland/error.hpp"
#include "hubland/geo/parallel.hpp"
#include "hubland/layers/dates.hpp"
#include "hubland/layers/facts_columns.hpp"

namespace hubland::layers::detail {

namespace {

// GB 32100-2015 统一社会信用代码 characters: digits and capitals without I, O, S, V, Z.
constexpr const char* kCreditAlphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY";

const auto text = detail::cell_text;

}  // namespace

bool valid_credit_code(const std::string& code) {
  // One table lookup a character (strchr over the alphabet was most of a city's check).
  static const auto allowed = [] {
    std::array<bool, 256> a{};
    for (const char* c = kCreditAlphabet; *c; ++c) a[static_cast<unsigned char>(*c)] = true;
    return a;
  }();
  return code.size() == 18 && std::all_of(code.begin(), code.end(), [](char c) {
           return allowed[static_cast<unsigned char>(c)];
         });
}

void add_enterprise_facts(const Layer& parcels, const std::string& as_of_text, Table& facts,
                          int threads) {
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
  auto check_enterprises = [&] {
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
  };
  if (!operating && !completed) {
    check_enterprises();
    return;
  }

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
  auto add_tenure = [&] {
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
  };
  // The checks only read; the tenure columns are written by one thread: at a million parcels
  // each loop is a few tenths of a second that the other core spent idle. A failure of the
  // checks is thrown before one of the dates, as when they ran one after the other.
  geo::parallel_for_each(2, threads, [&](std::size_t half, int) {
    if (half == 0)
      check_enterprises();
    else
      add_tenure();
  });
}

}  // namespace hubland::layers::detail
