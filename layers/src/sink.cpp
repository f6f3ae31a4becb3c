#include "hubland/layers/sink.hpp"

#include <fcntl.h>
#include <gdal.h>
#include <ogr_api.h>
#include <ogr_srs_api.h>
#include <ogrsf_frmts.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <charconv>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <optional>
#include <random>
#include <span>

#include "gdal_raii.hpp"
#include "gpkg_bulk.hpp"
#include "hubland/error.hpp"
#include "hubland/layers/kill_point.hpp"
#include "hubland/layers/number_text.hpp"
#include "hubland/layers/table_rows.hpp"
#include "process_owner.hpp"
#include "writeback.hpp"

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

}  // namespace

ScopedGdalConfig::ScopedGdalConfig(const char* key, const char* value) : m_key(key) {
  if (const char* old = CPLGetThreadLocalConfigOption(key, nullptr)) m_old = old;
  CPLSetThreadLocalConfigOption(key, value);
}

ScopedGdalConfig::~ScopedGdalConfig() {
  CPLSetThreadLocalConfigOption(m_key, m_old ? m_old->c_str() : nullptr);
}

namespace {

fs::path parent_of(const std::string& target) {
  const fs::path t(target);
  return t.has_parent_path() ? t.parent_path() : fs::path(".");
}

// fsync a finished file so that the rename publishes its content, not an empty file.
void sync_file(const fs::path& p) {
  const int fd = ::open(p.c_str(), O_RDONLY | O_CLOEXEC);
  const bool ok = fd >= 0 && ::fsync(fd) == 0;
  const int err = errno;
  if (fd >= 0) ::close(fd);
  if (!ok)
    throw Error(ErrorKind::Io, std::string("cannot sync the finished file: ") + std::strerror(err),
                Where{.file = p.string()});
}

// The renames of a folder reach the disk with the folder's own fsync.
void sync_dir(const fs::path& dir) {
  const int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd >= 0) {
    ::fsync(fd);  // best effort: the files themselves are already synced
    ::close(fd);
  }
}

constexpr const char* kStagingPrefix = ".hubland-tmp-";
constexpr const char* kJournal = ".commit";

// ".hubland-tmp-<random>-<pid>-<start>-<host>"; the host keeps only [A-Za-z0-9_].
std::string staging_dir_name(const std::string& random, const ProcessOwner& owner) {
  std::string host;
  for (char c : owner.host.substr(0, 48))
    host += std::isalnum(static_cast<unsigned char>(c)) ? c : '_';
  return kStagingPrefix + random + "-" + std::to_string(owner.pid) + "-" + owner.start + "-" + host;
}

// The owner named by a staging folder; nullopt for another name (or an older HubLand's).
std::optional<ProcessOwner> staging_owner(const std::string& name, const std::string& this_host) {
  const std::string prefix = kStagingPrefix;
  if (name.rfind(prefix, 0) != 0) return std::nullopt;
  std::vector<std::string> parts;
  std::size_t at = prefix.size();
  for (int i = 0; i < 3; ++i) {
    const auto dash = name.find('-', at);
    if (dash == std::string::npos) return std::nullopt;
    parts.push_back(name.substr(at, dash - at));
    at = dash + 1;
  }
  ProcessOwner o;
  if (std::from_chars(parts[1].data(), parts[1].data() + parts[1].size(), o.pid).ec != std::errc{})
    return std::nullopt;
  o.start = parts[2];
  // The name holds the sanitised host: compare it with this host sanitised the same way.
  const std::string mine = staging_dir_name("", ProcessOwner{0, this_host, ""});
  const std::string mine_host = mine.substr(mine.rfind('-') + 1);
  o.host = name.substr(at) == mine_host ? this_host : "(another host)";
  return o;
}

// The files of a dataset (the target's extension: .shp, .gpkg; "_2.shp" parts too) move last.
bool is_primary(const std::string& name, const std::string& ext) {
  return !ext.empty() && fs::path(name).extension().string() == ext;
}

std::vector<std::string> commit_order(std::vector<std::string> names, const std::string& ext) {
  std::stable_partition(names.begin(), names.end(),
                        [&](const std::string& n) { return !is_primary(n, ext); });
  return names;
}

// Staging folders in `parent` whose process is gone: one killed while moving its files into
// place (it has a journal) is finished, so the target becomes the complete new output; one
// killed earlier is removed. Folders of live processes, other hosts or older names stay.
void finish_abandoned_staging(const std::string& parent) {
  std::error_code ec;
  const std::string host = this_process().host;
  std::vector<fs::path> abandoned;
  for (fs::directory_iterator it(parent, ec), end; !ec && it != end; it.increment(ec)) {
    std::error_code dir_ec;
    const auto owner = staging_owner(it->path().filename().string(), host);
    if (owner && it->is_directory(dir_ec) && owner_state(*owner) == OwnerState::Gone)
      abandoned.push_back(it->path());
  }
  for (const auto& dir : abandoned) {
    // The journal: the target's extension, then the names in the order they move.
    std::ifstream journal(dir / kJournal);
    std::string ext;
    std::vector<std::string> pending;  // not moved before the kill
    if (journal) std::getline(journal, ext);
    for (std::string name; journal && std::getline(journal, name);)
      if (!name.empty() && fs::exists(dir / name, ec)) pending.push_back(name);
    // As in commit(): an old dataset file goes before any new sidecar arrives.
    for (const auto& name : pending)
      if (is_primary(name, ext)) fs::remove(fs::path(parent) / name, ec);
    bool finished = true;
    for (const auto& name : pending) {
      fs::rename(dir / name, fs::path(parent) / name, ec);
      finished = finished && !ec;
    }
    if (!finished) continue;  // keep the files rather than lose them
    sync_dir(parent);
    fs::remove_all(dir, ec);
  }
}

}  // namespace

StagedOutput::StagedOutput(const std::string& target)
    : m_target(target), m_parent(parent_of(target).string()) {
  std::error_code ec;
  fs::create_directories(m_parent, ec);
  finish_abandoned_staging(m_parent);
  // Not named after the target: GDAL's /vsizip/ (XLSX writer) splits paths at the first
  // ".xlsx"/".zip" it sees, so an extension inside a folder name breaks the write. The owner
  // is in the name (made in one step with the folder) so a later export can tell a folder
  // left by a killed process from one still being written.
  m_dir = (fs::path(m_parent) / staging_dir_name(unique_suffix(), this_process())).string();
  if (!fs::create_directory(m_dir, ec))
    throw Error(ErrorKind::Io, "cannot create a temporary folder: " + ec.message(),
                Where{.file = target});
}

StagedOutput::~StagedOutput() {
  if (m_committed) return;
  std::error_code ec;
  fs::remove_all(m_dir, ec);
}

std::string StagedOutput::path(const std::string& filename) const {
  return (fs::path(m_dir) / filename).string();
}

std::vector<std::string> StagedOutput::file_names() const {
  std::vector<std::string> names;
  for (const auto& e : fs::directory_iterator(m_dir))
    if (e.path().filename().string().front() != '.') names.push_back(e.path().filename());
  std::sort(names.begin(), names.end());
  return names;
}

std::vector<std::string> StagedOutput::commit() {
  const auto names = commit_order(file_names(), fs::path(m_target).extension().string());
  for (const auto& n : names) sync_file(fs::path(m_dir) / n);
  kill_point("export:staged");
  // The journal: from here on the staged files are complete, and whoever finds this folder
  // abandoned moves them into place in this order.
  {
    std::string list = fs::path(m_target).extension().string() + "\n";
    for (const auto& n : names) list += n + "\n";
    const fs::path journal = fs::path(m_dir) / kJournal;
    std::ofstream(journal, std::ios::binary) << list;
    sync_file(journal);
  }
  // A hard link to each file about to be replaced, so that a failed move can be undone and
  // the old output kept whole (best effort: without links the move still happens).
  std::error_code ec;
  const fs::path replaced = fs::path(m_dir) / ".replaced";
  fs::create_directory(replaced, ec);
  const std::string ext = fs::path(m_target).extension().string();
  std::vector<bool> kept(names.size(), false), removed(names.size(), false);
  for (std::size_t i = 0; i < names.size(); ++i) {
    const fs::path dest = fs::path(m_parent) / names[i];
    if (!fs::is_regular_file(dest, ec)) continue;
    fs::create_hard_link(dest, replaced / names[i], ec);
    kept[i] = !ec;
  }
  // The old dataset files go before any new sidecar arrives: never old .shp with new .dbf.
  for (std::size_t i = 0; i < names.size(); ++i)
    if (kept[i] && is_primary(names[i], ext))
      removed[i] = fs::remove(fs::path(m_parent) / names[i], ec);
  kill_point("export:old-removed");
  std::vector<std::string> out;
  for (std::size_t i = 0; i < names.size(); ++i) {
    const fs::path dest = fs::path(m_parent) / names[i];
    fs::rename(fs::path(m_dir) / names[i], dest, ec);
    if (ec) {
      const std::string why = ec.message();
      for (std::size_t j = 0; j < names.size(); ++j) {
        const fs::path back = fs::path(m_parent) / names[j];
        if ((j < i || removed[j]) && kept[j])
          fs::rename(replaced / names[j], back, ec);
        else if (j < i)
          fs::remove(back, ec);
      }
      throw Error(ErrorKind::Io, "cannot move the finished file into place: " + why,
                  Where{.file = dest.string()});
    }
    out.push_back(dest.string());
    kill_point("export:moved:" + names[i]);
  }
  sync_dir(m_parent);
  fs::remove_all(m_dir, ec);
  m_committed = true;
  return out;
}

struct VectorSink::Impl {
  // Declared before `ds`, so the fixed date is still set while the dataset closes.
  std::optional<ScopedGdalConfig> fixed_date;
  GDALDatasetUniquePtr ds;
  std::string driver;
  std::string temp_path;  ///< the dataset's file in the staging folder
};

VectorSink::VectorSink(std::string path, std::string driver,
                       std::vector<std::string> dataset_options)
    : m_path(std::move(path)), m_staging(m_path), m_impl(std::make_unique<Impl>()) {
  register_gdal_drivers();
  GDALDriver* drv = GetGDALDriverManager()->GetDriverByName(driver.c_str());
  if (!drv) throw Error(ErrorKind::Internal, "GDAL has no driver " + driver, Where{.file = m_path});
  m_impl->driver = driver;
  if (driver == "GPKG") m_impl->fixed_date.emplace("OGR_CURRENT_DATE", kFixedGpkgDate);
  m_impl->temp_path = m_staging.path(fs::path(m_path).filename().string());
  {
    // 64 KiB pages for a GeoPackage: a facts row of 110 columns is about 600 bytes, so SQLite's
    // default 4 KiB page holds six and the B-tree splits a page every few rows; with 64 KiB the
    // bulk insert of a million rows is about 15 % faster (docs/performance.md). The page size
    // is fixed when the file is made, so the pragma applies to the creation only.
    std::optional<ScopedGdalConfig> page_size;
    if (driver == "GPKG") page_size.emplace("OGR_SQLITE_PRAGMA", "page_size=65536");
    m_impl->ds.reset(drv->Create(m_impl->temp_path.c_str(), 0, 0, 0, GDT_Unknown,
                                 to_csl(dataset_options).List()));
  }
  if (!m_impl->ds) gdal_fail(ErrorKind::Io, "cannot create " + driver + " dataset", m_path);
}

// Members go in reverse order: the dataset closes, then an uncommitted folder is removed.
VectorSink::~VectorSink() = default;

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
  OGRLayer* layer = m_impl->ds->CreateLayer(name.c_str(), srs_ptr, gtype,
                                            to_csl(options.creation_options).List());
  if (!layer) gdal_fail(ErrorKind::Io, "cannot create layer " + name, m_path);

  const auto& cols = table.columns();
  std::vector<std::string> out_names;
  for (std::size_t c = 0; c < cols.size(); ++c) {
    const std::string& out_name =
        options.field_names.empty() ? cols[c].name : options.field_names.at(c);
    out_names.push_back(out_name);
    OGRFieldType t = cols[c].type == FieldType::Integer ? OFTInteger64
                     : cols[c].type == FieldType::Real  ? OFTReal
                                                        : OFTString;
    OGRFieldDefn defn(out_name.c_str(), t);
    if (layer->CreateField(&defn) != OGRERR_NONE)
      gdal_fail(ErrorKind::Io, "cannot create field " + out_name, m_path);
  }
  if (!geometry && m_impl->driver == "GPKG") {
    // An attribute table: GDAL has made the table and its metadata; closing the dataset
    // writes them, the rows go in through SQLite in bulk, and the dataset opens again for the
    // next layer.
    m_impl->ds.reset();
    detail::gpkg_insert_attribute_rows(m_impl->temp_path, m_path, name, table, out_names,
                                       options.insert_help);
    m_impl->ds.reset(GDALDataset::Open(m_impl->temp_path.c_str(), GDAL_OF_VECTOR | GDAL_OF_UPDATE));
    if (!m_impl->ds) gdal_fail(ErrorKind::Io, "cannot reopen the GeoPackage", m_path);
    return;
  }
  const bool transactional = m_impl->ds->TestCapability(ODsCTransactions);
  if (transactional) m_impl->ds->StartTransaction();
  OGRFeatureDefn* fdefn = layer->GetLayerDefn();
  for_each_row(table, [&](std::size_t r, std::span<const RowCell> cells) {
    OGRFeatureUniquePtr f(OGRFeature::CreateFeature(fdefn));
    for (std::size_t c = 0; c < cells.size(); ++c) {
      const RowCell& cell = cells[c];
      if (cell.null) {
        f->SetFieldNull(static_cast<int>(c));
        continue;
      }
      switch (cell.type) {
        case FieldType::Integer:
          f->SetField(static_cast<int>(c), static_cast<GIntBig>(cell.integer));
          break;
        case FieldType::Real:
          f->SetField(static_cast<int>(c), cell.real);
          break;
        case FieldType::Text:
          f->SetField(static_cast<int>(c), cell.text_data);
          break;
      }
    }
    if (geometry && !(*geometry)[r].empty()) {
      OGRGeometryUniquePtr g = ogr_from_wkb((*geometry)[r], srs_ptr);
      if (!g)
        throw Error(ErrorKind::Internal, "bad WKB",
                    Where{.file = m_path, .layer = name, .feature = std::to_string(r)});
      if (options.geometry_kind == GeometryKind::MultiPolygon)
        g.reset(OGRGeometryFactory::forceToMultiPolygon(g.release()));
      f->SetGeometryDirectly(g.release());
    }
    if (layer->CreateFeature(f.get()) != OGRERR_NONE)
      gdal_fail(ErrorKind::Io, "cannot write feature " + std::to_string(r) + " of layer " + name,
                m_path);
  });
  if (transactional && m_impl->ds->CommitTransaction() != OGRERR_NONE)
    gdal_fail(ErrorKind::Io, "cannot commit layer " + name, m_path);
}

void VectorSink::execute_sql(const std::string& sql) {
  CPLErrorReset();
  OGRLayer* res = m_impl->ds->ExecuteSQL(sql.c_str(), nullptr, nullptr);
  if (res) m_impl->ds->ReleaseResultSet(res);
  if (CPLGetLastErrorType() >= CE_Failure) gdal_fail(ErrorKind::Io, "SQL failed", m_path);
}

void VectorSink::commit() {
  m_impl->ds->FlushCache();
  m_impl->ds.reset();  // closes and finishes the files
  // Every file the driver wrote (a shapefile is several) goes next to the target.
  m_staging.commit();
}

namespace {
// A loop over the bytes, not find_first_of: libstdc++ calls memchr on the four characters for
// every byte of the text (0.5 s of a million-row CSV).
bool needs_quotes(std::string_view s) noexcept {
  for (char ch : s)
    if (ch == ',' || ch == '"' || ch == '\n' || ch == '\r') return true;
  return false;
}

}  // namespace

namespace {
/// The one atomic file writer: a file written in pieces to a temporary name next to its
/// target, then fsync'ed and renamed into place by commit(); removed when destroyed
/// uncommitted. Pieces let write_csv stream a large table instead of holding it in memory.
class AtomicFileWriter {
 public:
  explicit AtomicFileWriter(const std::string& path) : m_path(path) {
    const fs::path parent = parent_of(path);
    std::error_code ec;
    fs::create_directories(parent, ec);
    m_tmp = parent / ("." + fs::path(path).filename().string() + ".tmp-" + unique_suffix());
    m_fd = ::open(m_tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (m_fd < 0)
      throw Error(ErrorKind::Io, std::string("cannot write: ") + std::strerror(errno),
                  Where{.file = path});
    m_writeback.emplace(m_tmp.string());
  }
  ~AtomicFileWriter() {
    if (m_fd >= 0) ::close(m_fd);
    if (!m_committed) {
      std::error_code ec;
      fs::remove(m_tmp, ec);
    }
  }
  void write(const std::string& bytes) { write(bytes.data(), bytes.size()); }
  void write(const char* bytes, std::size_t size) {
    std::size_t done = 0;
    while (done < size) {
      const ssize_t n = ::write(m_fd, bytes + done, size - done);
      if (n < 0)
        throw Error(ErrorKind::Io, std::string("cannot write: ") + std::strerror(errno),
                    Where{.file = m_path});
      done += static_cast<std::size_t>(n);
    }
    m_writeback->grown();
  }
  void commit() {
    const bool synced = ::fsync(m_fd) == 0;
    const int err = errno;
    const bool closed = ::close(m_fd) == 0;
    m_fd = -1;
    if (!synced || !closed)
      throw Error(ErrorKind::Io,
                  std::string("cannot write: ") + std::strerror(synced ? errno : err),
                  Where{.file = m_path});
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
  std::optional<detail::Writeback> m_writeback;  ///< of m_tmp, once it exists
  bool m_committed = false;
};
}  // namespace

namespace {
/// The bytes of a CSV on their way to its file, 1 MiB at a time. A cell is written in place
/// after one check of the room it may need (a number at most kShortestTextMax bytes, a text at
/// most twice its size and its quotes), not appended to a std::string byte by byte.
class CsvBuffer {
 public:
  explicit CsvBuffer(AtomicFileWriter& file) : m_file(file), m_bytes(kFlushAt + kRoom) {}
  /// Where to write up to `n` bytes; then done(end).
  char* room(std::size_t n) {
    if (m_used + n > m_bytes.size()) {
      flush();
      if (n > m_bytes.size()) m_bytes.resize(n);
    }
    return m_bytes.data() + m_used;
  }
  void done(const char* end) {
    m_used = static_cast<std::size_t>(end - m_bytes.data());
    if (m_used >= kFlushAt) flush();
  }
  void flush() {
    m_file.write(m_bytes.data(), m_used);
    m_used = 0;
  }

 private:
  static constexpr std::size_t kFlushAt = std::size_t{1} << 20;
  static constexpr std::size_t kRoom = 64 * 1024;
  AtomicFileWriter& m_file;
  std::vector<char> m_bytes;
  std::size_t m_used = 0;
};

char* put_csv_text(char* at, std::string_view s) {
  if (!needs_quotes(s)) {
    std::memcpy(at, s.data(), s.size());
    return at + s.size();
  }
  *at++ = '"';
  for (char ch : s) {
    if (ch == '"') *at++ = '"';
    *at++ = ch;
  }
  *at++ = '"';
  return at;
}
}  // namespace

void write_csv(const Table& table, const std::string& path, const CsvOptions& options) {
  // Same bytes as rendering every cell with as_text(), but typed and streamed in 1 MiB chunks.
  AtomicFileWriter file(path);
  CsvBuffer out(file);
  if (options.bom) {
    char* at = out.room(3);
    std::memcpy(at, "\xEF\xBB\xBF", 3);
    out.done(at + 3);
  }
  const auto& cols = table.columns();
  for (std::size_t c = 0; c < cols.size(); ++c) {
    char* at = out.room(2 * cols[c].name.size() + 4);
    if (c) *at++ = ',';
    at = put_csv_text(at, cols[c].name);
    if (c + 1 == cols.size()) *at++ = '\n';
    out.done(at);
  }
  if (cols.empty()) {
    char* at = out.room(1);
    *at++ = '\n';
    out.done(at);
  }
  std::vector<ColumnNumberText> reals(cols.size());  // a repeated real is copied
  for_each_row(table, [&](std::size_t, std::span<const RowCell> cells) {
    for (std::size_t c = 0; c < cells.size(); ++c) {
      const RowCell& cell = cells[c];
      const std::size_t need =
          1 + (cell.null                      ? 0
               : cell.type == FieldType::Text ? 2 * std::size_t{cell.text_size} + 2
                                              : std::size_t{kShortestTextMax});
      char* at = out.room(need + 1);  // and the line's end
      if (c) *at++ = ',';
      if (!cell.null) {
        switch (cell.type) {
          case FieldType::Integer:
            at = std::to_chars(at, at + kShortestTextMax, cell.integer).ptr;
            break;
          case FieldType::Real:
            at = reals[c].put(cell.real, at);  // shortest round trip
            break;
          case FieldType::Text:
            at = put_csv_text(at, cell.text());
            break;
        }
      }
      if (c + 1 == cells.size()) *at++ = '\n';
      out.done(at);
    }
    if (cells.empty()) {  // a table without columns: an empty line a row
      char* at = out.room(1);
      *at++ = '\n';
      out.done(at);
    }
  });
  out.flush();
  file.commit();
}

void write_file_atomic(const std::string& path, const std::string& bytes) {
  AtomicFileWriter file(path);
  file.write(bytes);
  file.commit();
}

}  // namespace hubland::layers
