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

class Writeback {
 public:
  /// Every kStepBytes a file grows, the pages written so far are queued for writing.
  static constexpr std::size_t kStepBytes = std::size_t{32} << 20;

  /// Nothing followed yet: see follow().
  Writeback() noexcept = default;
  /// For a file another library writes (SQLite): opened here, read-only; call grown() now and
  /// then. A file that cannot be opened costs nothing but the saving.
  explicit Writeback(const std::string& path) noexcept;
  ~Writeback();
  Writeback(const Writeback&) = delete;
  Writeback& operator=(const Writeback&) = delete;

  /// A file the caller writes through `fd` (not owned): call wrote() after each write.
  void follow(int fd) noexcept { m_fd = fd; }
  /// `bytes` more were written through the caller's fd.
  void wrote(std::size_t bytes) noexcept {
    m_unqueued += bytes;
    if (m_unqueued >= kStepBytes) start();
  }
  /// The file may have grown: queue whatever of it is dirty when the file has grown by a step.
  void grown() noexcept;

 private:
  /// Queues the file's dirty pages for writing, without waiting for them (sync_file_range's
  /// SYNC_FILE_RANGE_WRITE). Best effort: a failure leaves the work to the final fsync.
  void start() noexcept;
  int m_fd = -1;
  bool m_owned = false;
  std::size_t m_unqueued = 0;
  long long m_size_at_start = 0;
};

}  // namespace hubland::layers::detail
