// The sample's buildings layer: footprints of buildings, structures (构筑物) and open yards
// (露天堆场) on the single-cell industrial parcels of the 果园港 (GY) area, so the overlay can
// compute 计容建筑面积, 建筑密度 and 建筑系数 there; every other parcel keeps its attributes.
// Footprints are quads placed in the parcel's own (u, v) parameter space (bilinear in its four
// corners), so they lie inside the (convex) cell; draws come from the kBuilding stream.

#include <algorithm>
#include <cstdio>

#include "generator_parts.hpp"

namespace hubland::sample::detail {

namespace {

struct BuildingColumns {
  std::size_t id, floors, height, kind;
};

/// The point (u, v) of the quad c[0..3] (ring order): bilinear, so lines of constant u or v are
/// straight and a (u, v) rectangle maps onto the quad of its four corner images.
P at(const std::array<P, 4>& c, double u, double v) {
  return {
      (1 - u) * (1 - v) * c[0].x + u * (1 - v) * c[1].x + u * v * c[2].x + (1 - u) * v * c[3].x,
      (1 - u) * (1 - v) * c[0].y + u * (1 - v) * c[1].y + u * v * c[2].y + (1 - u) * v * c[3].y};
}

Ring rect(const std::array<P, 4>& c, double u0, double u1, double v0, double v1) {
  return {rp(at(c, u0, v0)), rp(at(c, u1, v0)), rp(at(c, u1, v1)), rp(at(c, u0, v1))};
}

constexpr double kNoHeight = -1;  // not a std::optional: GCC 12 warns falsely on one here

void add(Dataset& d, const BuildingColumns& bc, const std::string& id, std::int64_t floors,
         double height_m, const char* kind, const Ring& ring) {
  const std::size_t r = d.buildings.add_row();
  d.buildings.set(r, bc.id, id);
  d.buildings.set(r, bc.floors, floors);
  if (height_m != kNoHeight) d.buildings.set(r, bc.height, height_m);
  d.buildings.set(r, bc.kind, std::string(kind));
  d.building_geom.push_back(polygon_wkb({ccw(ring)}));
}

/// The four corners of a single-cell parcel, or nullopt for any other shape.
std::optional<std::array<P, 4>> quad(const Wkb& wkb) {
  const geo::Shapes s = geo::read_wkb(wkb);
  if (s.polygons.size() != 1 || s.polygons[0].size() != 1 || s.polygons[0][0].size() != 5)
    return std::nullopt;
  const auto& r = s.polygons[0][0];
  return std::array<P, 4>{P{r[0].x, r[0].y}, P{r[1].x, r[1].y}, P{r[2].x, r[2].y},
                          P{r[3].x, r[3].y}};
}

}  // namespace

void buildings_layer(Dataset& d, const Options& o) {
  BuildingColumns bc{};
  bc.id = d.buildings.add_column("building_id", FieldType::Text);
  bc.floors = d.buildings.add_column("floors", FieldType::Integer);
  bc.height = d.buildings.add_column("storey_height_m", FieldType::Real, "m");
  bc.kind = d.buildings.add_column("kind", FieldType::Text);
  bool case_done = false;
  for (std::size_t row = 0; row < d.parcels.row_count(); ++row) {
    const std::string id(d.parcels.text_at(row, d.pc.parcel_id));
    const std::string use(d.parcels.text_at(row, d.pc.land_use));
    if (id.rfind("GY", 0) != 0 || use.rfind("1001", 0) != 0 || use == "100100") continue;
    const auto c = quad(d.parcel_geom[row]);
    if (!c) continue;
    const std::string industry(d.parcels.text_at(row, d.pc.industry));
    if (!case_done &&
        (industry == "39" || industry == "13" || industry == "14" || industry == "40")) {
      // The hand-worked case (sample-data/README.md): one single-storey plant 12 m high
      // covering 60 % of the parcel: gross FAR 0.6, 计容 FAR 1.2 against a 1.0 minimum. The
      // footprint is the cell scaled by √0.6 about its vertex centroid (inside: the cell is
      // convex).
      case_done = true;
      const P m{((*c)[0].x + (*c)[1].x + (*c)[2].x + (*c)[3].x) / 4,
                ((*c)[0].y + (*c)[1].y + (*c)[2].y + (*c)[3].y) / 4};
      // Among scale factors within 2e-4 of √0.6, the one whose 1 cm-rounded footprint comes
      // closest to 60 % (so the case reads 0.6 and 1.2 to four decimals).
      const Ring cell(c->begin(), c->end());
      const double cell_m2 = poly_area({cell});
      Ring best;
      double best_err = 1;
      for (int step = -200; step <= 200; ++step) {
        const double k = std::sqrt(0.6) + step * 1e-6;
        Ring r;
        for (const P& p : *c) r.push_back(rp({m.x + k * (p.x - m.x), m.y + k * (p.y - m.y)}));
        const double err = std::abs(poly_area({r}) / cell_m2 - 0.6);
        if (err < best_err) best_err = err, best = std::move(r);
      }
      add(d, bc, id + "-1", 1, 12.0, "building", best);
      continue;
    }
    // The footprints carry the parcel's declared gross floor area (floor_area_m2), so the gross
    // FAR is about what the parcel declares and 计容 differs from it only by the tall storeys.
    // A parcel with nothing built (an idle one) gets no footprint and keeps its attributes.
    const double gross_far =
        d.parcels.null_at(row, d.pc.floor_area_m2)
            ? 0.0
            : d.parcels.real_at(row, d.pc.floor_area_m2) / poly_area({Ring(c->begin(), c->end())});
    if (!(gross_far > 0.02)) continue;
    Rng rng(key(o.seed, kBuilding, row));
    // An office block of 3–6 storeys on about 4.4 % of the cell (60 % of the parcels, where it
    // holds at most half the floor area).
    const std::int64_t office_floors = 3 + static_cast<std::int64_t>(rng.pick(4));
    const bool office =
        rng.chance(0.6) && 0.2 * 0.22 * static_cast<double>(office_floors) <= gross_far / 2;
    const double office_far = office ? 0.2 * 0.22 * static_cast<double>(office_floors) : 0.0;
    // The main plant, on at most 0.6 × 0.6 of the cell: a tall single storey (> 8 m, counted
    // twice in 计容) on about 45 % of the parcels whose floor area fits one storey, else as many
    // storeys of 4.2–6 m as the floor area needs.
    const double rest = std::max(0.05, gross_far - office_far);
    const bool tall = rest <= 0.36 && rng.chance(0.45);
    std::int64_t floors =
        std::clamp<std::int64_t>(static_cast<std::int64_t>(std::ceil(rest / 0.36)), 1, 8);
    const double su = round_to(
        std::clamp(std::sqrt(rest / static_cast<double>(floors)) * rng.range(0.85, 1.15), 0.1, 0.6),
        0.01);
    // The depth that gives the plant its floor area (to within the 1 cm coordinates, a hair
    // over so the gross FAR is not below the declared one): bisection, the area grows with it.
    // One more storey while the plant cannot hold it at the full depth.
    const double cell_m2 = poly_area({Ring(c->begin(), c->end())});
    const double office_m2 = office ? poly_area({rect(*c, 0.72, 0.92, 0.08, 0.3)}) : 0.0;
    const double plant_m2 =
        (gross_far * cell_m2 - office_m2 * static_cast<double>(office_floors)) * 1.0005;
    const double deepest_m2 = poly_area({rect(*c, 0.08, 0.08 + su, 0.08, 0.68)});
    while (floors < 8 && plant_m2 / static_cast<double>(floors) > deepest_m2) ++floors;
    const double want_m2 = plant_m2 / static_cast<double>(floors);
    double lo = 0.01, hi = 0.6;
    for (int it = 0; it < 40; ++it) {
      const double mid = (lo + hi) / 2;
      (poly_area({rect(*c, 0.08, 0.08 + su, 0.08, 0.08 + mid)}) < want_m2 ? lo : hi) = mid;
    }
    const double sv = hi;
    double height = round_to(tall ? rng.range(9, 14) : rng.range(4.2, 6), 0.1);
    if (rng.chance(0.1)) height = kNoHeight;  // some records lack the storey height
    add(d, bc, id + "-1", floors, height, "building", rect(*c, 0.08, 0.08 + su, 0.08, 0.08 + sv));
    if (office)
      add(d, bc, id + "-2", office_floors, 3.9, "building", rect(*c, 0.72, 0.92, 0.08, 0.3));
    if (rng.chance(0.35))  // a structure (tank, silo)
      add(d, bc, id + "-3", 1, kNoHeight, "structure", rect(*c, 0.72, 0.9, 0.4, 0.6));
    if (rng.chance(0.35)) {
      // An open yard; on some parcels it runs under the plant's canopy (overlapping footprints:
      // the 建筑系数 counts the area once).
      const double v0 = rng.chance(0.3) ? 0.55 : 0.72;
      add(d, bc, id + "-4", 1, kNoHeight, "yard", rect(*c, 0.08, 0.6, v0, 0.92));
    }
  }
}

}  // namespace hubland::sample::detail
