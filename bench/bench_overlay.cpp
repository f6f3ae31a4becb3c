// bench_overlay — the overlay benchmark workload, end to end: read the GeoPackages, compute the
// parcel facts, write the facts table (facts.gpkg attribute table + facts.csv), as
// `hubland overlay` does. Prints wall time, parcels/s, peak RSS and the share of each phase.
//
//   bench_overlay [--parcels 100000,1000000] [--runs 3] [--threads 0] [--dir /tmp/hubland-bench]
//
// The workload is generated once per N (in a child process, so that its memory does not count)
// under DIR/N/bench.gpkg with the sample generator: N parcels of about 3,600 m², 200 zones of
// 300–800 vertices, 30 hubs, 5,000 constraint polygons of 50–300 vertices, a 1 km road grid.
// Isochrones are not part of the workload (facts only). Figures are medians over the runs;
// peak RSS is the process maximum (getrusage), i.e. over all runs.
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <sstream>
#include <string>
#include <vector>

#include "hubland/error.hpp"
#include "hubland/layers/analysis.hpp"
#include "hubland/layers/facts.hpp"
#include "hubland/layers/facts_files.hpp"
#include "hubland/sample/generator.hpp"

namespace fs = std::filesystem;
using namespace hubland;
using Clock = std::chrono::steady_clock;

namespace {

double since(Clock::time_point t) {
  return std::chrono::duration<double>(Clock::now() - t).count();
}

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  const std::size_t n = v.size();
  return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

std::vector<std::size_t> parse_list(const std::string& s) {
  std::vector<std::size_t> out;
  std::stringstream ss(s);
  std::string item;
  while (std::getline(ss, item, ',')) out.push_back(static_cast<std::size_t>(std::stoull(item)));
  return out;
}

void generate(std::size_t n, const std::string& dir) {
  const std::string gpkg = dir + "/bench.gpkg";
  if (fs::exists(gpkg)) return;
  std::printf("generating %zu parcels into %s ...\n", n, dir.c_str());
  std::fflush(stdout);
  const auto t0 = Clock::now();
  const pid_t pid = fork();
  if (pid == 0) {
    try {
      sample::Options o;
      o.layout = sample::Layout::Bench;
      o.parcels = n;
      sample::generate(o, dir);
      std::_Exit(0);
    } catch (const std::exception& e) {
      std::fprintf(stderr, "generation failed: %s\n", e.what());
      std::_Exit(1);
    }
  }
  int status = 0;
  waitpid(pid, &status, 0);
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
    throw Error(ErrorKind::Internal, "generation failed");
  std::printf("generated in %.1f s (%.0f MB)\n", since(t0),
              static_cast<double>(fs::file_size(gpkg)) / 1e6);
}

/// CPU seconds (user + system) of this process so far: under a loaded machine the wall time
/// says little, the CPU time per phase says what the work costs.
double cpu_s() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return static_cast<double>(u.ru_utime.tv_sec + u.ru_stime.tv_sec) +
         static_cast<double>(u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6;
}

double peak_rss_mb() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return static_cast<double>(u.ru_maxrss) / 1024.0;
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::size_t> sizes{100000, 1000000};
  int runs = 3, threads = 0;
  std::string dir = "/tmp/hubland-bench";
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string k = argv[i], v = argv[i + 1];
    if (k == "--parcels")
      sizes = parse_list(v);
    else if (k == "--runs")
      runs = std::max(1, std::atoi(v.c_str()));
    else if (k == "--threads")
      threads = std::atoi(v.c_str());
    else if (k == "--dir")
      dir = v;
    else {
      std::fprintf(stderr, "unknown option %s\n", k.c_str());
      return 2;
    }
  }
  try {
    for (std::size_t n : sizes) {
      const std::string d = dir + "/" + std::to_string(n);
      fs::create_directories(d);
      generate(n, d);
    }
    double load = 0;
    if (FILE* f = std::fopen("/proc/loadavg", "r")) {
      if (std::fscanf(f, "%lf", &load) != 1) load = 0;
      std::fclose(f);
    }
    std::printf("threads %d, load average %.2f at start\n", threads, load);
    std::printf("%10s %8s %8s %8s %8s %10s %8s %6s %6s %6s\n", "parcels", "read_s", "facts_s",
                "write_s", "total_s", "parcels/s", "rss_MB", "read%", "facts%", "write%");
    for (std::size_t n : sizes) {
      const std::string d = dir + "/" + std::to_string(n);
      layers::AnalysisSpec spec;
      for (const char* role : {"parcels", "zones", "hubs", "constraints", "roads"})
        spec.inputs[layers::role_from_string(role)] = d + "/bench.gpkg|" + role;
      spec.threads = threads;
      spec.isochrones_min.clear();
      std::vector<double> read_s, facts_s, write_s, total_s;
      for (int r = 0; r < runs; ++r) {
        const auto t0 = Clock::now();
        const double c0 = cpu_s();
        layers::AnalysisInputs in = layers::load_inputs(spec);
        read_s.push_back(since(t0));
        const double c1 = cpu_s();
        const auto t1 = Clock::now();
        layers::FactsResult facts = layers::compute_parcel_facts(in, layers::facts_options(spec));
        facts_s.push_back(since(t1));
        in = layers::AnalysisInputs{};  // as hubland overlay does: inputs are not needed to write
        const double c2 = cpu_s();
        const auto t2 = Clock::now();
        // The command's own writer: facts.gpkg, and facts.csv on a second thread that then
        // helps with the GeoPackage's rows.
        const layers::FactsFiles files = layers::write_facts_files(d + "/out", facts, nullptr);
        const double gpkg_s = files.gpkg_s, csv_s = files.csv_s;
        write_s.push_back(since(t2));
        total_s.push_back(since(t0));
        if (facts.counts.with_facts != n)
          throw Error(ErrorKind::Internal, "facts for " + std::to_string(facts.counts.with_facts) +
                                               " of " + std::to_string(n) + " parcels");
        const double c3 = cpu_s();
        std::printf(
            "  run %d: read %.2f s, facts %.2f s, write %.2f s (gpkg %.2f, csv %.2f, "
            "concurrently; %zu gpkg rows by the csv thread), total %.2f "
            "s, rss %.0f MB; CPU s: read %.2f, facts %.2f, write %.2f\n",
            r + 1, read_s.back(), facts_s.back(), write_s.back(), gpkg_s, csv_s,
            files.gpkg_rows_by_csv_thread, total_s.back(), peak_rss_mb(), c1 - c0, c2 - c1,
            c3 - c2);
        std::fflush(stdout);
      }
      const double rd = median(read_s), fa = median(facts_s), wr = median(write_s),
                   tt = median(total_s);
      std::printf("%10zu %8.2f %8.2f %8.2f %8.2f %10.0f %8.0f %5.0f%% %5.0f%% %5.0f%%\n", n, rd, fa,
                  wr, tt, static_cast<double>(n) / tt, peak_rss_mb(), 100 * rd / tt, 100 * fa / tt,
                  100 * wr / tt);
      std::fflush(stdout);
    }
  } catch (const std::exception& e) {
    std::fprintf(stderr, "bench_overlay: %s\n", e.what());
    return 1;
  }
  return 0;
}
