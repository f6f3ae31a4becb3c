// Fuzz harness: the shapefile field-name shortener. The input's first line is the target
// encoding, every further line a field name, optionally followed by a tab and its preferred
// short form.
// Properties (the contract in shapefile_names.hpp): one short name per field, in order; each
// 1..10 bytes in the target encoding; no two equal without regard to ASCII case; names that
// already fit keep their spelling.
#include <cstdint>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "fuzz_support.hpp"
#include "hubland/error.hpp"
#include "hubland/layers/shapefile_names.hpp"

using namespace hubland;

namespace {
std::string ascii_lower(std::string s) {
  for (char& c : s)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return s;
}
}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  fuzz::init_libraries();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  const std::vector<std::string> lines = fuzz::split_lines(bytes);
  std::vector<std::string> names, preferred;
  for (std::size_t i = 1; i < lines.size(); ++i) {
    const std::size_t tab = lines[i].find('\t');
    names.push_back(lines[i].substr(0, tab));
    preferred.push_back(tab == std::string::npos ? "" : lines[i].substr(tab + 1));
  }
  std::vector<layers::ShortName> out;
  try {
    out = layers::shapefile_field_names(names, lines.front(), preferred);
  } catch (const Error&) {
    return 0;
  }
  fuzz::require(out.size() == names.size(), "one short name per field");
  layers::TextEncoder encoder(lines.front());
  auto fits = [&](const std::string& name) {
    const auto n = encoder.encoded_size(name);
    return n && *n >= 1 && *n <= 10;
  };
  std::multiset<std::string> fitting;  // names that fit, as DBF readers compare them
  for (const auto& name : names)
    if (fits(name)) fitting.insert(ascii_lower(name));
  std::set<std::string> seen;
  for (std::size_t i = 0; i < out.size(); ++i) {
    fuzz::require(out[i].field == names[i], "short names in field order");
    const auto short_size = encoder.encoded_size(out[i].short_name);
    fuzz::require(short_size && *short_size >= 1 && *short_size <= 10,
                  "short name is 1..10 bytes in the target encoding");
    fuzz::require(seen.insert(ascii_lower(out[i].short_name)).second,
                  "short names unique without regard to ASCII case");
    if (fits(names[i]) && fitting.count(ascii_lower(names[i])) == 1)
      fuzz::require(out[i].short_name == names[i], "a name that fits keeps its spelling");
  }
  return 0;
}
