// bench_render: redraw times of the map renderer (app/map) at 1,000,000 parcels.
//
// Generates N synthetic square parcels (default 1,000,000, jittered sizes, grades A-D) on a
// 1000 x 1000 grid at 100 m pitch in Gauss-Kruger metres, builds the MapLayer once (decode +
// grid index), then renders a 1280 x 800 image repeatedly: full extent, a district view
// (10 km wide), a street view (2 km wide), each panned a little between runs as a user would.
// Prints the median and the worst time of each; the target is a redraw within 100 ms.
//
//   bench_render [parcels=1000000] [runs=15]

#include <QGuiApplication>
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "hubland/map/map_renderer.hpp"
#include "hubland/map/styles.hpp"

namespace {

using Clock = std::chrono::steady_clock;

hubland::geo::Wkb square_wkb(double x0, double y0, double size_m) {
  hubland::geo::Wkb wkb(1 + 4 + 4 + 4 + 5 * 16);
  std::uint8_t* p = wkb.data();
  auto put32 = [&](std::uint32_t v) {
    std::memcpy(p, &v, 4);
    p += 4;
  };
  auto putd = [&](double v) {
    std::memcpy(p, &v, 8);
    p += 8;
  };
  *p++ = 1;
  put32(3);
  put32(1);
  put32(5);
  const double xs[5] = {x0, x0 + size_m, x0 + size_m, x0, x0};
  const double ys[5] = {y0, y0, y0 + size_m, y0 + size_m, y0};
  for (int i = 0; i < 5; ++i) {
    putd(xs[i]);
    putd(ys[i]);
  }
  return wkb;
}

double ms_since(Clock::time_point t0) {
  return std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
}

struct Figures {
  double median_ms, worst_ms;
  std::size_t drawn;
};

Figures measure(const hubland::map::MapView& base,
                const std::vector<const hubland::map::MapLayer*>& layers, int runs,
                hubland::map::Antialias aa) {
  std::vector<double> times;
  std::size_t drawn = 0;
  hubland::map::RenderOptions options;
  options.antialias = aa;
  QImage image(base.size_px, QImage::Format_ARGB32_Premultiplied);
  for (int i = 0; i < runs; ++i) {
    // Pan by 37 px per run: a redraw after a drag, not a cached frame.
    const auto view = base.panned(QPointF(37.0 * (i % 5) - 74.0, 23.0 * (i % 3) - 23.0));
    const auto t0 = Clock::now();
    QPainter painter(&image);
    drawn = hubland::map::render(painter, view, layers, options);
    hubland::map::draw_scale_bar(painter, view);
    hubland::map::draw_north_arrow(painter, view);
    painter.end();
    times.push_back(ms_since(t0));
  }
  std::sort(times.begin(), times.end());
  return {times[times.size() / 2], times.back(), drawn};
}

}  // namespace

int main(int argc, char** argv) {
  qputenv("QT_QPA_PLATFORM", "offscreen");
  QGuiApplication app(argc, argv);
  const std::size_t n = argc > 1 ? std::stoul(argv[1]) : 1000000;
  const int runs = argc > 2 ? std::stoi(argv[2]) : 15;
  const std::size_t side = static_cast<std::size_t>(std::ceil(std::sqrt(double(n))));
  const double pitch_m = 100.0, x0 = 400000.0, y0 = 3200000.0;

  std::mt19937 rng(7);
  std::uniform_real_distribution<double> size(40.0, 95.0);
  std::uniform_int_distribution<int> grade(0, 3);
  std::vector<hubland::geo::Wkb> wkb;
  std::vector<std::string> keys;
  wkb.reserve(n);
  keys.reserve(n);
  for (std::size_t i = 0; i < n; ++i) {
    const double x = x0 + double(i % side) * pitch_m, y = y0 + double(i / side) * pitch_m;
    wkb.push_back(square_wkb(x, y, size(rng)));
    keys.push_back(std::string(1, char('A' + grade(rng))));
  }

  auto t0 = Clock::now();
  hubland::map::MapLayer parcels(QStringLiteral("parcels"), wkb);
  const double build_ms = ms_since(t0);
  t0 = Clock::now();
  parcels.set_style(hubland::map::grade_style(), keys);
  const double style_ms = ms_since(t0);
  parcels.set_selection({n / 2, n / 2 + 1});
  const std::vector<const hubland::map::MapLayer*> layers{&parcels};

  const QSize size_px(1280, 800);
  const auto full = hubland::map::MapView::fit(parcels.extent(), size_px);
  auto district = full;
  district.metres_per_pixel = 10000.0 / size_px.width();
  auto city = full;
  city.metres_per_pixel = 30000.0 / size_px.width();
  auto street = full;
  street.metres_per_pixel = 2000.0 / size_px.width();

  std::printf("bench_render: %zu parcels, %dx%d image, %d runs per view, %u hardware threads\n", n,
              size_px.width(), size_px.height(), runs, std::thread::hardware_concurrency());
  std::printf("  build layer (decode WKB + grid index): %.0f ms; style (grade keys): %.0f ms\n",
              build_ms, style_ms);
  struct Case {
    const char* name;
    hubland::map::MapView view;
  } cases[] = {{"full extent (100 km)", full},
               {"city (30 km wide)", city},
               {"district (10 km wide)", district},
               {"street (2 km wide)", street}};
  for (const auto aa : {hubland::map::Antialias::On, hubland::map::Antialias::Off}) {
    for (const auto& c : cases) {
      const auto f = measure(c.view, layers, runs, aa);
      std::printf(
          "  %-22s antialias %-3s  median %6.1f ms  worst %6.1f ms  features drawn %zu  %s\n",
          c.name, aa == hubland::map::Antialias::On ? "on" : "off", f.median_ms, f.worst_ms,
          f.drawn, f.median_ms <= 100.0 ? "(within 100 ms)" : "(OVER 100 ms)");
    }
  }
  t0 = Clock::now();
  double cx = 0, cy = 0;
  street.to_world(QPointF(640, 400), cx, cy);
  std::size_t hits = 0;
  for (int i = 0; i < 1000; ++i) hits += parcels.features_at(cx + i * 3.0, cy + 20.0, 1.0).size();
  std::printf("  identify (features_at) x1000: %.2f ms total, %zu hits\n", ms_since(t0), hits);
  return 0;
}
