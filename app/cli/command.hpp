#pragma once
// How CLI commands plug in: each command file defines one register_* function that adds a
// CLI11 subcommand and sets `action` in its callback. main() parses, runs the action, and turns
// hubland::Error into a message on stderr and an exit code (0 ok, 2 bad input, 1 internal).

#include <CLI/CLI.hpp>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>

namespace hubland::cli {

struct Globals {
  bool json = false;   ///< --json: machine-readable output on stdout
  bool quiet = false;  ///< --quiet: no progress on stderr
  /// --cache-dir / --no-cache: where the overlay keeps its prepared layers between runs
  /// (docs/performance.md, "Prepared layers kept"); by default
  /// layers::default_prepared_cache_dir().
  std::string cache_dir;
  bool no_cache = false;
  /// The directory for AnalysisSpec::prepared_cache_dir ("" with --no-cache).
  std::string prepared_cache_dir() const;
  std::function<int()> action;  ///< set by the chosen subcommand's callback
};

/// --cache-dir and --no-cache on `cmd` (the program and the commands that run an overlay).
void add_cache_flags(CLI::App* cmd, Globals& g);

void register_info(CLI::App& app, Globals& g);
void register_import(CLI::App& app, Globals& g);
void register_overlay(CLI::App& app, Globals& g);
void register_screen_check(CLI::App& app, Globals& g);  // screen, check, diff-rulesets
void register_workspace(CLI::App& app, Globals& g);     // runs, show, run, export
void register_rank_report(CLI::App& app, Globals& g);   // rank, report
void register_run(CLI::App& app, Globals& g);           // run: every stage into a workspace
void register_evaluate(CLI::App& app, Globals& g);      // evaluate: zone evaluation per year
void register_applications(CLI::App& app, Globals& g);  // apply, applications, decide, withdraw,
                                                        // office add

/// `hubland report WS --application ID -o DIR`: the application's justification
/// (cmd_applications.cpp).
int report_application(const std::string& ws_path, std::int64_t id, const std::string& lang,
                       const std::optional<std::string>& issuer, const std::string& out_dir,
                       const Globals& g);

}  // namespace hubland::cli
