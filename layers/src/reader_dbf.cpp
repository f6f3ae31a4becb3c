// Record counts of a shapefile's .dbf against what the files hold: GDAL trusts the .dbf
// header's count, so records past it are never read and a short file yields empty or failed
// rows; the reader and `info` say so instead of passing it silently.
#include <cpl_vsi.h>

#include <array>
#include <cstdint>

#include "gdal_raii.hpp"
#include "read_steps.hpp"

namespace hubland::layers::detail {

namespace {

constexpr std::size_t kDbfHeaderFixed = 32;  // version, date, count, header and record length
constexpr std::uint64_t kShxHeader = 100;    // then 8 bytes per indexed shape
constexpr std::uint64_t kShxEntry = 8;

std::uint64_t file_size(const std::string& path) {
  VSIStatBufL st;
  return VSIStatL(path.c_str(), &st) == 0 ? static_cast<std::uint64_t>(st.st_size) : 0;
}

}  // namespace

std::vector<Problem> shapefile_count_problems(const Source& src, OGRLayer* layer) {
  std::vector<Problem> out;
  const std::string base = shapefile_base(src, layer);
  if (base.empty()) return out;
  const std::string dbf = shapefile_sidecar(base, "dbf");
  if (dbf.empty()) return out;
  std::array<unsigned char, kDbfHeaderFixed> head{};
  {
    VsiFilePtr f(VSIFOpenL(dbf.c_str(), "rb"));
    if (!f || VSIFReadL(head.data(), 1, head.size(), f.get()) != head.size()) return out;
  }
  // dBASE header, little-endian: record count at 4..7, header length 8..9, record length 10..11.
  const std::uint64_t declared = std::uint64_t{head[4]} | std::uint64_t{head[5]} << 8 |
                                 std::uint64_t{head[6]} << 16 | std::uint64_t{head[7]} << 24;
  const std::uint64_t header_len = head[8] | head[9] << 8;
  const std::uint64_t record_len = head[10] | head[11] << 8;
  const std::uint64_t size = file_size(dbf);
  const std::string name = layer->GetName();
  auto warn = [&](const std::string& message) {
    out.push_back({Severity::Warning, "dbf-count-mismatch", src.path, name, "", "", message});
  };
  const std::string says = "the .dbf header says " + std::to_string(declared) + " record(s)";
  if (record_len > 0 && size >= header_len) {
    // Whole records present; a lone 0x1A end-of-file byte after them is usual, not a record.
    const std::uint64_t present = (size - header_len) / record_len;
    if (present < declared)
      warn(says + " but the file holds " + std::to_string(present) +
           " whole one(s): it is cut short (the missing rows read empty or fail)");
    else if (present > declared)
      warn(says + " but the file holds " + std::to_string(present) + "; only the first " +
           std::to_string(declared) + " are read");
  }
  if (const std::string shx = shapefile_sidecar(base, "shx"); !shx.empty()) {
    const std::uint64_t shx_size = file_size(shx);
    if (shx_size >= kShxHeader) {
      const std::uint64_t shapes = (shx_size - kShxHeader) / kShxEntry;
      if (shapes != declared)
        warn(says + " but the .shx indexes " + std::to_string(shapes) +
             " shape(s): attributes and shapes may not belong together");
    }
  }
  return out;
}

}  // namespace hubland::layers::detail
