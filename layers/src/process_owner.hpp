#pragma once
// Internal: which process owns something (a running workspace run, an export's staging
// folder), and whether that process is still alive — how a killed writer is told apart from a
// slow one. Linux: /proc/PID/stat field 22 (start time in clock ticks since boot) guards
// against a recycled pid; elsewhere kill(pid, 0) alone.

#include <cstdint>
#include <string>

namespace hubland::layers {

struct ProcessOwner {
  std::int64_t pid = 0;
  std::string host;   ///< gethostname()
  std::string start;  ///< start time of the process ("" when unknown)
};

/// This process.
ProcessOwner this_process();

enum class OwnerState { Alive, Gone, Unknown };

/// Alive or Gone for a process of this host; Unknown for another host (or no pid), since
/// nothing here can see its processes.
OwnerState owner_state(const ProcessOwner& owner);

}  // namespace hubland::layers
