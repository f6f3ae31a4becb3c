#pragma once
// The kill matrix's tools: start the real CLI (fork + exec, no shell between, so the test
// holds the CLI's own pid), kill it at a named point (HUBLAND_TEST_KILL_AT, see
// hubland/layers/kill_point.hpp) or after a delay, and read what it left.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sqlite3.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "sqlite_integrity.hpp"
#include "test_support.hpp"

namespace hubland::test {

/// How a CLI process ended.
struct Ended {
  pid_t pid = 0;
  bool killed = false;  ///< by SIGKILL
  int exit_code = -1;   ///< when it exited
};

/// Starts `HUBLAND_CLI -q ARGS…` with HUBLAND_TEST_KILL_AT=kill_at (unset when empty); its
/// output goes to /dev/null.
inline pid_t start_cli(const std::vector<std::string>& args, const std::string& kill_at = "") {
  const pid_t pid = ::fork();
  if (pid != 0) return pid;
  if (kill_at.empty())
    ::unsetenv("HUBLAND_TEST_KILL_AT");
  else
    ::setenv("HUBLAND_TEST_KILL_AT", kill_at.c_str(), 1);
  const int null = ::open("/dev/null", O_WRONLY);
  ::dup2(null, 1);
  ::dup2(null, 2);
  std::vector<std::string> all = {HUBLAND_CLI, "-q"};
  all.insert(all.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (auto& a : all) argv.push_back(a.data());
  argv.push_back(nullptr);
  ::execv(argv[0], argv.data());
  ::_exit(127);
}

inline Ended wait_cli(pid_t pid) {
  int status = 0;
  ::waitpid(pid, &status, 0);
  Ended e;
  e.pid = pid;
  e.killed = WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL;
  if (WIFEXITED(status)) e.exit_code = WEXITSTATUS(status);
  return e;
}

/// Runs the CLI until it reaches `point` (and kills itself there).
inline Ended cli_killed_at(const std::vector<std::string>& args, const std::string& point) {
  return wait_cli(start_cli(args, point));
}

/// Runs the CLI and kills it after `delay` (it may have finished by then: see Ended).
inline Ended cli_killed_after(const std::vector<std::string>& args,
                              std::chrono::microseconds delay) {
  const pid_t pid = start_cli(args);
  std::this_thread::sleep_for(delay);
  ::kill(pid, SIGKILL);
  return wait_cli(pid);
}

/// A small analysis with every stage of `hubland run` (facts, screening, conversion checks,
/// ranking): the sample's zones, hubs, constraints, projects, conversions and parks, every
/// 20th parcel, and no roads (the network's isochrones are most of a run's time), so one run
/// takes a few seconds and the kill matrix stays within its time budget. Returns its path.
inline std::string small_analysis(const std::string& dir) {
  const std::string sample = std::string(HUBLAND_SOURCE_ROOT) + "/sample-data/chongqing";
  const std::string gpkg = dir + "/small.gpkg";
  const std::string from = quoted(sample + "/chongqing.gpkg");
  EXPECT_EQ(run("ogr2ogr -f GPKG " + quoted(gpkg) + " " + from +
                " zones hubs constraints projects conversions parks")
                .exit_code,
            0);
  EXPECT_EQ(run("ogr2ogr -update " + quoted(gpkg) + " " + from + " parcels -where 'fid % 20 = 0'")
                .exit_code,
            0);
  const std::string toml = dir + "/small.toml";
  std::ofstream(toml) << "[inputs]\n"
                      << "parcels = \"small.gpkg|parcels\"\nzones = \"small.gpkg|zones\"\n"
                      << "hubs = \"small.gpkg|hubs\"\nconstraints = \"small.gpkg|constraints\"\n"
                      << "projects = \"small.gpkg|projects\"\n"
                      << "conversions = \"small.gpkg|conversions\"\nparks = \"small.gpkg|parks\"\n"
                      << "[analysis]\nruleset = \"" << HUBLAND_SOURCE_ROOT
                      << "/rulesets/chongqing-hub/ruleset.toml\"\n"
                      << "crs = \"EPSG:4545\"\nrings_km = [3, 10, 30]\nquota_mu = 60\n"
                      << "as_of = \"2026-06-30\"\n";
  return toml;
}

}  // namespace hubland::test
