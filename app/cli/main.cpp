// hubland — the command line. Thin over the engine modules; see README.md for the commands.

#include <gdal.h>

#include <iostream>

#include "command.hpp"
#include "hubland/error.hpp"
#include "hubland/geo/allocator.hpp"
#include "hubland/rules/evaluator.hpp"  // configure_sqlite(): before GDAL starts SQLite
#include "hubland/version.hpp"

int main(int argc, char** argv) {
  using namespace hubland;
  rules::configure_sqlite();
  CLI::App app{"HubLand: land and spatial planning analysis for Chongqing's hub economic zone"};
  app.set_version_flag("--version", std::string("hubland ") + kVersion +
                                        "\nallocator: " + geo::allocator_description());
  app.require_subcommand(1);
  cli::Globals g;
  app.add_flag("--json", g.json, "Print machine-readable JSON on stdout");
  app.add_flag("-q,--quiet", g.quiet, "No progress output");
  cli::add_cache_flags(&app, g);
  cli::register_info(app, g);
  cli::register_import(app, g);
  cli::register_overlay(app, g);
  cli::register_screen_check(app, g);
  cli::register_workspace(app, g);
  cli::register_rank_report(app, g);
  cli::register_run(app, g);
  cli::register_evaluate(app, g);
  cli::register_applications(app, g);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int rc = app.exit(e);
    return rc == 0 ? 0 : 2;
  }
  GDALAllRegister();
  try {
    return g.action ? g.action() : 0;
  } catch (const Error& e) {
    std::cerr << "hubland: error: " << e.what() << "\n";
    return exit_code(e.kind());
  } catch (const std::exception& e) {
    std::cerr << "hubland: internal error: " << e.what() << "\n";
    return 1;
  }
}
