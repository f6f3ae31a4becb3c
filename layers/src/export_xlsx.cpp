// XLSX after GDAL: date cells shown as YYYY-MM-DD. GDAL 3.6 writes the date style with the
// display format DD/MM/YY, which a Chinese reader takes for YY/MM/DD (05/03/19 for 2019-03-05).
// The cell values stay what GDAL wrote (day serials with a date style); only the format code in
// xl/styles.xml changes, by rewriting the archive member by member through /vsizip/.
#include <cpl_vsi.h>

#include <algorithm>
#include <filesystem>
#include <string>
#include <vector>

#include "export_job.hpp"
#include "gdal_raii.hpp"
#include "hubland/error.hpp"

namespace hubland::layers {

namespace {

bool read_member(const std::string& zip, const std::string& name, std::string& out) {
  VSILFILE* fp = VSIFOpenL(("/vsizip/" + zip + "/" + name).c_str(), "rb");
  if (!fp) return false;
  char buf[65536];
  std::size_t n;
  out.clear();
  while ((n = VSIFReadL(buf, 1, sizeof buf, fp)) > 0) out.append(buf, n);
  VSIFCloseL(fp);
  return true;
}

}  // namespace

void xlsx_iso_dates(const std::string& path, const std::string& shown) {
  constexpr const char* kGdalDate = "formatCode=\"DD/MM/YY\"";
  constexpr const char* kIsoDate = "formatCode=\"YYYY\\-MM\\-DD\"";
  std::string styles;
  if (!read_member(path, "xl/styles.xml", styles))
    throw Error(ErrorKind::Io, "cannot read the XLSX written by GDAL", Where{.file = shown});
  const auto at = styles.find(kGdalDate);
  if (at == std::string::npos) return;  // another GDAL: leave its formats alone
  styles.replace(at, std::string(kGdalDate).size(), kIsoDate);

  CPLStringList members(VSIReadDirRecursive(("/vsizip/" + path).c_str()));
  std::vector<std::string> names;
  for (int i = 0; i < members.Count(); ++i) {
    const std::string n = members[i];
    if (!n.empty() && n.back() != '/') names.push_back(n);
  }
  std::sort(names.begin(), names.end());  // fixed order; "[Content_Types].xml" first
  // Beside the file, named *.zip: /vsizip/ would take "s.xlsx.new" for the member "new" of s.xlsx.
  const std::string rewritten =
      (std::filesystem::path(path).parent_path() / "hubland-xlsx-dates.zip").string();
  bool ok = true;
  {
    // The archive stays open while its members are written one after the other.
    VSILFILE* zip = VSIFOpenExL(("/vsizip/" + rewritten).c_str(), "wb", true);
    if (!zip) gdal_fail(ErrorKind::Io, "cannot rewrite the XLSX", shown);
    for (const auto& name : names) {
      std::string content;
      if (name == "xl/styles.xml")
        content = styles;
      else
        ok = ok && read_member(path, name, content);
      VSILFILE* fp = VSIFOpenL(("/vsizip/" + rewritten + "/" + name).c_str(), "wb");
      ok = ok && fp && VSIFWriteL(content.data(), 1, content.size(), fp) == content.size();
      if (fp) ok = VSIFCloseL(fp) == 0 && ok;
    }
    ok = VSIFCloseL(zip) == 0 && ok;
  }
  std::error_code ec;
  if (ok) std::filesystem::rename(rewritten, path, ec);
  if (!ok || ec) {
    std::filesystem::remove(rewritten, ec);
    throw Error(ErrorKind::Io, "cannot rewrite the XLSX date format", Where{.file = shown});
  }
}

}  // namespace hubland::layers
