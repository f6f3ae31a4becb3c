#include "hubland/layers/sink.hpp"

#include <fcntl.h>
#include <gdal.h>
#include <ogr_api.h>
#include <ogr_srs_api.h>
#include <ogrsf_frmts.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <random>

#include "hubland/error.hpp"

namespace fs = std::filesystem;

namespace hubland::layers {

namespace {

std::string unique_suffix() {
  static thread_local std::mt19937_64 rng{std::random_device{}()};
  char buf[24];
  std::snprintf(buf, sizeof buf, "%08llx", static_cast<unsigned long long>(rng() & 0xffffffffULL));
  return buf;
}

OGRwkbGeometryType ogr_type(GeometryKind k) {
  switch (k) {
    case GeometryKind::None:
      return wkbNone;
    case GeometryKind::Point:
      return wkbPoint;
    case GeometryKind::LineString:
      return wkbLineString;
    case GeometryKind::Polygon:
      return wkbPolygon;
    case GeometryKind::MultiPolygon:
      return wkbMultiPolygon;
    case GeometryKind::MultiLineString:
      return wkbMultiLineString;
    case GeometryKind::Unknown:
      return wkbUnknown;
  }
  return wkbUnknown;
}

char** to_csl(const std::vector<std::string>& opts) {
  char** list = nullptr;
  for (const auto& o : opts) list = CSLAddString(list, o.c_str());
  return list;
}

[[noreturn]] void gdal_fail(const std::string& what, const std::string& path) {
  std::string reason = CPLGetLastErrorMsg();
  throw Error(ErrorKind::Io, what + (reason.empty() ? "" : ": " + reason), Where{.file = path});
}

}  // namespace

ScopedGdalConfig::ScopedGdalConfig(const char* key, const char* value) : m_key(key) {
  if (const char* old = CPLGetThreadLocalConfigOption(key, nullptr)) m_old = old;
  CPLSetThreadLocalConfigOption(key, value);
}

ScopedGdalConfig::~ScopedGdalConfig() {
  CPLSetThreadLocalConfigOption(m_key, m_old ? m_old->c_str() : nullptr);
}

struct VectorSink::Impl {
  // Declared before `ds`, so the fixed date is still set while the dataset closes.
  std::optional<ScopedGdalConfig> fixed_date;
  GDALDatasetUniquePtr ds;
  std::string driver;
};

VectorSink::VectorSink(std::string path, std::string driver,
                       std::vector<std::string> dataset_options)
    : m_impl(std::make_unique<Impl>()), m_path(std::move(path)) {
  GDALAllRegister();
  fs::path target(m_path);
  fs::path parent = target.has_parent_path() ? target.parent_path() : fs::path(".");
  std::error_code ec;
  fs::create_directories(parent, ec);
  // The folder name must not contain the target's extension: GDAL's /vsizip/ layer (XLSX)
  // splits a path at the first ".xlsx" it sees.
  m_temp_dir =
      (parent / (".hubland-tmp-" + target.stem().string() + "-" + unique_suffix())).string();
  if (!fs::create_directory(m_temp_dir, ec))
    throw Error(ErrorKind::Io, "cannot create a temporary folder: " + ec.message(),
                Where{.file = m_path});
  GDALDriver* drv = GetGDALDriverManager()->GetDriverByName(driver.c_str());
  if (!drv) throw Error(ErrorKind::Internal, "GDAL has no driver " + driver, Where{.file = m_path});
  m_impl->driver = driver;
  if (driver == "GPKG") m_impl->fixed_date.emplace("OGR_CURRENT_DATE", kFixedGpkgDate);
  const std::string temp_target = (fs::path(m_temp_dir) / target.filename()).string();
  char** opts = to_csl(dataset_options);
  m_impl->ds.reset(drv->Create(temp_target.c_str(), 0, 0, 0, GDT_Unknown, opts));
  CSLDestroy(opts);
  if (!m_impl->ds) {
    std::string reason = CPLGetLastErrorMsg();
    fs::remove_all(m_temp_dir, ec);
    throw Error(ErrorKind::Io, "cannot create " + driver + " dataset: " + reason,
                Where{.file = m_path});
  }
}

VectorSink::~VectorSink() {
  m_impl->ds.reset();
  if (!m_committed) {
    std::error_code ec;
    fs::remove_all(m_temp_dir, ec);
  }
}

void VectorSink::add_layer(const std::string& name, const Table& table,
                           const std::vector<geo::Wkb>* geometry, const SinkLayerOptions& options) {
  if (geometry && geometry->size() != table.row_count())
    throw Error(ErrorKind::Internal, "geometry count differs from row count",
                Where{.file = m_path, .layer = name});
  OGRSpatialReference srs;
  OGRSpatialReference* srs_ptr = nullptr;
  if (options.epsg > 0) {
    srs.importFromEPSG(options.epsg);
    srs.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    srs_ptr = &srs;
  }
  const OGRwkbGeometryType gtype = geometry ? ogr_type(options.geometry_kind) : wkbNone;
  char** opts = to_csl(options.creation_options);
  OGRLayer* layer = m_impl->ds->CreateLayer(name.c_str(), srs_ptr, gtype, opts);
  CSLDestroy(opts);
  if (!layer) gdal_fail("cannot create layer " + name, m_path);

  const auto& cols = table.columns();
  for (std::size_t c = 0; c < cols.size(); ++c) {
    const std::string& out_name =
        options.field_names.empty() ? cols[c].name : options.field_names.at(c);
    OGRFieldType t = cols[c].type == FieldType::Integer ? OFTInteger64
                     : cols[c].type == FieldType::Real  ? OFTReal
                                                        : OFTString;
    OGRFieldDefn defn(out_name.c_str(), t);
    if (layer->CreateField(&defn) != OGRERR_NONE)
      gdal_fail("cannot create field " + out_name, m_path);
  }
  const bool transactional = m_impl->ds->TestCapability(ODsCTransactions);
  if (transactional) m_impl->ds->StartTransaction();
  OGRFeatureDefn* fdefn = layer->GetLayerDefn();
  for (std::size_t r = 0; r < table.row_count(); ++r) {
    OGRFeatureUniquePtr f(OGRFeature::CreateFeature(fdefn));
    for (std::size_t c = 0; c < cols.size(); ++c) {
      if (table.null_at(r, c)) {
        f->SetFieldNull(static_cast<int>(c));
        continue;
      }
      switch (cols[c].type) {
        case FieldType::Integer:
          f->SetField(static_cast<int>(c), static_cast<GIntBig>(table.integer_at(r, c)));
          break;
        case FieldType::Real:
          f->SetField(static_cast<int>(c), table.real_at(r, c));
          break;
        case FieldType::Text:
          f->SetField(static_cast<int>(c), table.text_at(r, c).c_str());
          break;
      }
    }
    if (geometry && !(*geometry)[r].empty()) {
      OGRGeometry* g = nullptr;
      const auto& wkb = (*geometry)[r];
      if (OGRGeometryFactory::createFromWkb(wkb.data(), srs_ptr, &g, wkb.size()) != OGRERR_NONE)
        throw Error(ErrorKind::Internal, "bad WKB",
                    Where{.file = m_path, .layer = name, .feature = std::to_string(r)});
      if (options.geometry_kind == GeometryKind::MultiPolygon)
        g = OGRGeometryFactory::forceToMultiPolygon(g);
      f->SetGeometryDirectly(g);
    }
    if (layer->CreateFeature(f.get()) != OGRERR_NONE)
      gdal_fail("cannot write feature " + std::to_string(r) + " of layer " + name, m_path);
  }
  if (transactional && m_impl->ds->CommitTransaction() != OGRERR_NONE)
    gdal_fail("cannot commit layer " + name, m_path);
}

void VectorSink::execute_sql(const std::string& sql) {
  CPLErrorReset();
  OGRLayer* res = m_impl->ds->ExecuteSQL(sql.c_str(), nullptr, nullptr);
  if (res) m_impl->ds->ReleaseResultSet(res);
  if (CPLGetLastErrorType() >= CE_Failure) gdal_fail("SQL failed", m_path);
}

void VectorSink::commit() {
  m_impl->ds->FlushCache();
  m_impl->ds.reset();  // closes and finishes the files
  fs::path target(m_path);
  fs::path parent = target.has_parent_path() ? target.parent_path() : fs::path(".");
  std::error_code ec;
  // Move every file the driver wrote (a shapefile is several) next to the target.
  std::vector<fs::path> produced;
  for (const auto& e : fs::directory_iterator(m_temp_dir)) produced.push_back(e.path());
  std::sort(produced.begin(), produced.end());
  for (const auto& p : produced) {
    fs::rename(p, parent / p.filename(), ec);
    if (ec)
      throw Error(ErrorKind::Io, "cannot move the finished file into place: " + ec.message(),
                  Where{.file = (parent / p.filename()).string()});
  }
  fs::remove_all(m_temp_dir, ec);
  m_committed = true;
}

namespace {
void append_csv_field(std::string& out, const std::string& s) {
  if (s.find_first_of(",\"\n\r") == std::string::npos) {
    out += s;
    return;
  }
  out += '"';
  for (char ch : s) {
    if (ch == '"') out += '"';
    out += ch;
  }
  out += '"';
}
}  // namespace

namespace {
/// A file written in pieces to a temporary name next to its target, then fsync'ed and renamed
/// into place by commit(); removed when destroyed uncommitted. Lets write_csv stream a large
/// table instead of holding the whole file in memory.
class AtomicFileWriter {
 public:
  explicit AtomicFileWriter(const std::string& path) : m_path(path) {
    fs::path target(path);
    fs::path parent = target.has_parent_path() ? target.parent_path() : fs::path(".");
    std::error_code ec;
    fs::create_directories(parent, ec);
    m_tmp = parent / ("." + target.filename().string() + ".tmp-" + unique_suffix());
    m_fd = ::open(m_tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (m_fd < 0)
      throw Error(ErrorKind::Io, std::string("cannot write: ") + std::strerror(errno),
                  Where{.file = path});
  }
  ~AtomicFileWriter() {
    if (m_fd >= 0) ::close(m_fd);
    if (!m_committed) {
      std::error_code ec;
      fs::remove(m_tmp, ec);
    }
  }
  void write(const std::string& bytes) {
    std::size_t done = 0;
    while (done < bytes.size()) {
      const ssize_t n = ::write(m_fd, bytes.data() + done, bytes.size() - done);
      if (n < 0)
        throw Error(ErrorKind::Io, std::string("cannot write: ") + std::strerror(errno),
                    Where{.file = m_path});
      done += static_cast<std::size_t>(n);
    }
  }
  void commit() {
    ::fsync(m_fd);
    ::close(m_fd);
    m_fd = -1;
    std::error_code ec;
    fs::rename(m_tmp, m_path, ec);
    if (ec)
      throw Error(ErrorKind::Io, "cannot move the finished file into place", Where{.file = m_path});
    m_committed = true;
  }

 private:
  std::string m_path;
  fs::path m_tmp;
  int m_fd = -1;
  bool m_committed = false;
};
}  // namespace

void write_csv(const Table& table, const std::string& path, const CsvOptions& options) {
  // Same bytes as rendering every cell with as_text(), but typed and streamed in 1 MB chunks.
  AtomicFileWriter file(path);
  std::string out;
  out.reserve(1 << 20);
  if (options.bom) out += "\xEF\xBB\xBF";
  const auto& cols = table.columns();
  for (std::size_t c = 0; c < cols.size(); ++c) {
    if (c) out += ',';
    append_csv_field(out, cols[c].name);
  }
  out += '\n';
  char num[32];
  for (std::size_t r = 0; r < table.row_count(); ++r) {
    for (std::size_t c = 0; c < cols.size(); ++c) {
      if (c) out += ',';
      if (table.null_at(r, c)) continue;
      switch (cols[c].type) {
        case FieldType::Integer: {
          auto res = std::to_chars(num, num + sizeof num, table.integer_at(r, c));
          out.append(num, res.ptr);
          break;
        }
        case FieldType::Real: {
          auto res =
              std::to_chars(num, num + sizeof num, table.real_at(r, c));  // shortest round trip
          out.append(num, res.ptr);
          break;
        }
        case FieldType::Text:
          append_csv_field(out, table.text_at(r, c));
          break;
      }
    }
    out += '\n';
    if (out.size() >= (1u << 20)) {
      file.write(out);
      out.clear();
    }
  }
  file.write(out);
  file.commit();
}

void write_file_atomic(const std::string& path, const std::string& bytes) {
  fs::path target(path);
  fs::path parent = target.has_parent_path() ? target.parent_path() : fs::path(".");
  std::error_code ec;
  fs::create_directories(parent, ec);
  std::string tmp_name(1, '.');
  tmp_name += target.filename().string();
  tmp_name += ".tmp-" + unique_suffix();
  const fs::path tmp = parent / tmp_name;
  int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0)
    throw Error(ErrorKind::Io, std::string("cannot write: ") + std::strerror(errno),
                Where{.file = path});
  std::size_t done = 0;
  while (done < bytes.size()) {
    ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
    if (n < 0) {
      int err = errno;
      ::close(fd);
      fs::remove(tmp, ec);
      throw Error(ErrorKind::Io, std::string("cannot write: ") + std::strerror(err),
                  Where{.file = path});
    }
    done += static_cast<std::size_t>(n);
  }
  ::fsync(fd);
  ::close(fd);
  fs::rename(tmp, target, ec);
  if (ec) {
    fs::remove(tmp, ec);
    throw Error(ErrorKind::Io, "cannot move the finished file into place", Where{.file = path});
  }
}

}  // namespace hubland::layers
