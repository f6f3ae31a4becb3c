// Placeholder until its issue lands: the command exists but says it is not built yet.
#include "command.hpp"
#include "hubland/error.hpp"

namespace hubland::cli {
void register_info(CLI::App&, Globals&) {}
}  // namespace hubland::cli
