// The kernel told to write a growing file while it grows (writeback.hpp).
#include "writeback.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace hubland::layers::detail {

Writeback::Writeback(const std::string& path) noexcept
    : m_fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC)), m_owned(true) {}

Writeback::~Writeback() {
  if (m_owned && m_fd >= 0) ::close(m_fd);
}

void Writeback::grown() noexcept {
  struct stat st {};
  if (m_fd < 0 || ::fstat(m_fd, &st) != 0) return;
  if (st.st_size - m_size_at_start < static_cast<long long>(kStepBytes)) return;
  m_size_at_start = st.st_size;
  start();
}

void Writeback::start() noexcept {
  m_unqueued = 0;
  if (m_fd >= 0) ::sync_file_range(m_fd, 0, 0, SYNC_FILE_RANGE_WRITE);
}

}  // namespace hubland::layers::detail
