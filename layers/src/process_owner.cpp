#include "process_owner.hpp"

#include <signal.h>
#include <unistd.h>

#include <cerrno>
#include <fstream>
#include <sstream>

namespace hubland::layers {

namespace {

// Field 22 of /proc/PID/stat; "" when there is no such process (or no /proc).
std::string start_time_of(std::int64_t pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/stat");
  std::string line;
  if (!in || !std::getline(in, line)) return "";
  // Field 2 (the command) is in parentheses and may hold spaces: count from the last ')'.
  const auto close = line.rfind(')');
  if (close == std::string::npos) return "";
  std::istringstream rest(line.substr(close + 1));
  std::string field;
  for (int i = 3; i <= 22; ++i)
    if (!(rest >> field)) return "";
  return field;
}

std::string host_name() {
  char buf[256] = {};
  if (::gethostname(buf, sizeof buf - 1) != 0) return "";
  return buf;
}

}  // namespace

ProcessOwner this_process() {
  static const ProcessOwner self = [] {
    const std::int64_t pid = ::getpid();
    return ProcessOwner{pid, host_name(), start_time_of(pid)};
  }();
  // A forked child has another pid: the cached value only serves its own process.
  if (self.pid == ::getpid()) return self;
  const std::int64_t pid = ::getpid();
  return ProcessOwner{pid, host_name(), start_time_of(pid)};
}

OwnerState owner_state(const ProcessOwner& owner) {
  if (owner.pid <= 0 || owner.host.empty() || owner.host != host_name()) return OwnerState::Unknown;
  if (!owner.start.empty()) {
    const std::string now = start_time_of(owner.pid);
    if (!now.empty()) return now == owner.start ? OwnerState::Alive : OwnerState::Gone;
  }
  if (::kill(static_cast<pid_t>(owner.pid), 0) == 0 || errno == EPERM) return OwnerState::Alive;
  return OwnerState::Gone;
}

}  // namespace hubland::layers
