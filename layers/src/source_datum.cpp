// Does a lon/lat layer look GCJ-02? Its feature centroids are compared with a bundled WGS 84
// reference (declared in source.hpp).
#include <algorithm>
#include <cmath>

#include "source.hpp"

namespace hubland::layers::detail {

namespace {

// The 38 Chongqing district centroids in WGS 84: the GEOS centroid, in degrees, of each
// district of sample-data/source/chongqing_districts.valid.geojson after its conversion from
// GCJ-02 (printed by `hubland-districts-wgs84 IN OUT --centroids`; sample-data/README.md).
// The ECharts codes are kept (500228 is now 500155 梁平区, 500232 is 500156 武隆区).
struct Reference {
  int adcode;
  double lon, lat;
};
constexpr Reference kDistrictCentroids[] = {
    {500101, 108.402972, 30.706736},  // 万州区
    {500102, 107.330186, 29.661571},  // 涪陵区
    {500103, 106.536994, 29.552629},  // 渝中区
    {500104, 106.455353, 29.421426},  // 大渡口区
    {500105, 106.703978, 29.616588},  // 江北区
    {500106, 106.364944, 29.627602},  // 沙坪坝区
    {500107, 106.360958, 29.431636},  // 九龙坡区
    {500108, 106.657256, 29.538828},  // 南岸区
    {500109, 106.510698, 29.863589},  // 北碚区
    {500110, 106.719238, 28.881959},  // 綦江区
    {500111, 105.739680, 29.653084},  // 大足区
    {500112, 106.743917, 29.813350},  // 渝北区
    {500113, 106.748191, 29.374919},  // 巴南区
    {500114, 108.704898, 29.438369},  // 黔江区
    {500115, 107.136144, 29.957596},  // 长寿区
    {500116, 106.260024, 29.032511},  // 江津区
    {500117, 106.308270, 30.115341},  // 合川区
    {500118, 105.869672, 29.293299},  // 永川区
    {500119, 107.167678, 29.138445},  // 南川区
    {500120, 106.188535, 29.564255},  // 璧山区
    {500151, 106.030030, 29.814013},  // 铜梁区
    {500152, 105.811379, 30.146208},  // 潼南区
    {500153, 105.503732, 29.467939},  // 荣昌区
    {500228, 107.715098, 30.661329},  // 梁平区
    {500229, 108.731127, 31.884266},  // 城口县
    {500230, 107.827046, 29.887506},  // 丰都县
    {500231, 107.433834, 30.256112},  // 垫江县
    {500232, 107.705643, 29.376201},  // 武隆区
    {500233, 107.910822, 30.338625},  // 忠县
    {500235, 108.852845, 31.038621},  // 云阳县
    {500236, 109.345007, 30.953879},  // 奉节县
    {500237, 109.896822, 31.117528},  // 巫山县
    {500238, 109.349156, 31.505542},  // 巫溪县
    {500240, 108.294591, 30.096123},  // 石柱土家族自治县
    {500241, 109.014103, 28.495253},  // 秀山土家族苗族自治县
    {500242, 108.796038, 28.902805},  // 酉阳土家族苗族自治县
    {500243, 108.262410, 29.356680},  // 彭水苗族土家族自治县
    {500154, 108.378821, 31.276289},  // 开州区
};

// A feature counts when its centroid lies this close to a reference point read either way:
// district centroids of another source differ from these by tens to hundreds of metres.
constexpr double kMatchRadius_m = 2000.0;
// At least this many matched features, and a median gain of this much, before warning: the
// Chongqing offset is 300-600 m, generalisation noise averages out in the median.
constexpr std::size_t kMinMatched = 3;
constexpr double kMinGain_m = 150.0;

double nearest_reference_m(geo::LonLat p) {
  // The nearest by a flat-earth measure (plenty to rank points kilometres apart), then its
  // geodesic distance.
  const double k = std::cos(p.lat * 3.14159265358979323846 / 180.0);
  const Reference* best = nullptr;
  double best_d2 = INFINITY;
  for (const Reference& r : kDistrictCentroids) {
    const double dx = (r.lon - p.lon) * k, dy = r.lat - p.lat;
    if (dx * dx + dy * dy < best_d2) best_d2 = dx * dx + dy * dy, best = &r;
  }
  // A NaN coordinate compares false with everything: no nearest point, no match.
  if (!best) return INFINITY;
  return geo::geodesic_distance_m(p, {best->lon, best->lat});
}

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  const std::size_t n = v.size();
  return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

}  // namespace

std::optional<double> gcj02_fit_gain_m(const std::vector<geo::LonLat>& centroids) {
  std::vector<double> as_is, inverse;
  for (const geo::LonLat& c : centroids) {
    if (!std::isfinite(c.lon) || !std::isfinite(c.lat) || geo::outside_china(c.lon, c.lat))
      continue;
    const double d0 = nearest_reference_m(c);
    const double d1 = nearest_reference_m(geo::wgs84_from_gcj02(c));
    if (std::min(d0, d1) > kMatchRadius_m) continue;
    as_is.push_back(d0);
    inverse.push_back(d1);
  }
  if (as_is.size() < kMinMatched) return std::nullopt;
  const double gain = median(as_is) - median(inverse);
  if (gain < kMinGain_m) return std::nullopt;
  return gain;
}

}  // namespace hubland::layers::detail
