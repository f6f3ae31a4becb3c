#pragma once
// Private to hubland_layers: the kernel told to start writing a growing file to disk while it
// grows. A finished file is fsync'ed before it is renamed into place (writes are atomic); at a
// million facts rows that fsync waited 0.3 s for 600 MB of CSV and 0.25 s for 440 MB of
// GeoPackage still in the page cache, on the write phase's critical path. Started early, the
// disk writes while the CPU formats and inserts, and the fsync waits for the tail only
// (docs/performance.md, "Writing the facts").

#include <cstddef>
#include <string>

namespace hubland::layers::detail {

/// Follows one file by its path, whoever writes it (HubLand's CSV writer, SQLite): call
/// grown() now and then while it is written. Best effort and never throws: a file that cannot
/// be opened or queued leaves the work to the writer's final fsync.
class Writeback {
 public:
  /// Each time the file has grown by this much since the last queueing, its dirty pages are
  /// queued for writing.
  static constexpr std::size_t kStepBytes = std::size_t{32} << 20;

  /// Opens `path` read-only, for its size and its pages (the writer keeps its own descriptor).
  explicit Writeback(const std::string& path) noexcept;
  ~Writeback();
  Writeback(const Writeback&) = delete;
  Writeback& operator=(const Writeback&) = delete;

  /// The file may have grown: when it has grown by kStepBytes since the last time, queue its
  /// dirty pages for writing without waiting for them (sync_file_range's
  /// SYNC_FILE_RANGE_WRITE). One fstat otherwise.
  void grown() noexcept;
  /// How many times the pages were queued (tests: the steps).
  std::size_t queued() const noexcept { return m_queued; }

 private:
  int m_fd = -1;
  long long m_size_at_queueing = 0;
  std::size_t m_queued = 0;
};

}  // namespace hubland::layers::detail
