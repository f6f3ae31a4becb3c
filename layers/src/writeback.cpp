// The kernel told to write a growing file while it grows (writeback.hpp).
#include "writeback.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace hubland::layers::detail {

Writeback::Writeback(const std::string& path) noexcept
    : m_fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC)) {}

Writeback::~Writeback() {
  if (m_fd >= 0) ::close(m_fd);
}

void Writeback::grown() noexcept {
  struct stat st {};
  if (m_fd < 0 || ::fstat(m_fd, &st) != 0) return;
  if (st.st_size - m_size_at_queueing < static_cast<long long>(kStepBytes)) return;
  m_size_at_queueing = st.st_size;
  if (::sync_file_range(m_fd, 0, 0, SYNC_FILE_RANGE_WRITE) == 0) ++m_queued;
}

}  // namespace hubland::layers::detail
