// The WKB codec on hand-made byte strings: both byte orders, Z/M, collections, and malformed
// input.
#include <geos_c.h>
#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <initializer_list>
#include <string>

#include "hubland/error.hpp"
#include "hubland/geo/geos.hpp"
#include "hubland/geo/wkb.hpp"

namespace hubland::geo {
namespace {

// Hand assembly of WKB: byte-order marker, u32 and f64 in the chosen order.
struct Bytes {
  bool le = true;
  Wkb b;
  Bytes& order() {
    b.push_back(le ? 1 : 0);
    return *this;
  }
  Bytes& u32(std::uint32_t v) {
    for (int i = 0; i < 4; ++i) b.push_back(static_cast<std::uint8_t>(v >> (8 * (le ? i : 3 - i))));
    return *this;
  }
  Bytes& f64(double v) {
    std::uint64_t bits;
    std::memcpy(&bits, &v, 8);
    for (int i = 0; i < 8; ++i)
      b.push_back(static_cast<std::uint8_t>(bits >> (8 * (le ? i : 7 - i))));
    return *this;
  }
  Bytes& xy(std::initializer_list<double> vs) {
    for (double v : vs) f64(v);
    return *this;
  }
};

Bytes little() {
  return Bytes{true, {}};
}
Bytes big() {
  return Bytes{false, {}};
}

void expect_error(const Wkb& w, const char* what) {
  try {
    read_wkb(w);
    ADD_FAILURE() << "no error for " << what;
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::Geometry) << what;
    EXPECT_NE(e.message().find("malformed WKB"), std::string::npos) << e.message();
  }
}

TEST(Wkb, PointBothByteOrders) {
  // 01 01000000 <1.5> <-2>: the classic little-endian POINT(1.5 -2).
  const Wkb le = little().order().u32(1).xy({1.5, -2}).b;
  ASSERT_EQ(le.size(), 21u);
  EXPECT_EQ(le[0], 1);
  EXPECT_EQ(le[1], 1);
  EXPECT_EQ(le[4], 0);
  const Wkb be = big().order().u32(1).xy({1.5, -2}).b;
  EXPECT_EQ(be[0], 0);
  EXPECT_EQ(be[4], 1);
  for (const Wkb* w : {&le, &be}) {
    const Shapes s = read_wkb(*w);
    ASSERT_EQ(s.points.size(), 1u);
    EXPECT_EQ(s.points[0].x, 1.5);
    EXPECT_EQ(s.points[0].y, -2);
    EXPECT_TRUE(s.lines.empty());
    EXPECT_TRUE(s.polygons.empty());
  }
}

TEST(Wkb, EmptyPointYieldsNothing) {
  const double nan = std::nan("");
  EXPECT_TRUE(read_wkb(little().order().u32(1).xy({nan, nan}).b).points.empty());
  EXPECT_FALSE(first_xy(little().order().u32(1).xy({nan, nan}).b.data(), 21).has_value());
}

TEST(Wkb, PolygonWithHoleBigEndian) {
  // POLYGON((0 0,4 0,4 4,0 0),(1 1,2 1,1 2,1 1)) in XDR.
  const Wkb w = big()
                    .order()
                    .u32(3)
                    .u32(2)
                    .u32(4)
                    .xy({0, 0, 4, 0, 4, 4, 0, 0})
                    .u32(4)
                    .xy({1, 1, 2, 1, 1, 2, 1, 1})
                    .b;
  const Shapes s = read_wkb(w);
  ASSERT_EQ(s.polygons.size(), 1u);
  ASSERT_EQ(s.polygons[0].size(), 2u);
  EXPECT_EQ(s.polygons[0][0].size(), 4u);
  EXPECT_EQ(s.polygons[0][0][2].x, 4);
  EXPECT_EQ(s.polygons[0][0][2].y, 4);
  EXPECT_EQ(s.polygons[0][1][1].x, 2);
  const Envelope e = envelope(s);
  EXPECT_FALSE(e.empty);
  EXPECT_EQ(e.min_x, 0);
  EXPECT_EQ(e.min_y, 0);
  EXPECT_EQ(e.max_x, 4);
  EXPECT_EQ(e.max_y, 4);
  const auto p = first_xy(w.data(), w.size());
  ASSERT_TRUE(p);
  EXPECT_EQ(p->x, 0);
}

TEST(Wkb, MultiPolygonMixedByteOrdersAndLines) {
  // MULTIPOLYGON of two triangles, the second member in XDR inside an NDR parent.
  Bytes w = little().order().u32(6).u32(2);
  w.order().u32(3).u32(1).u32(4).xy({0, 0, 1, 0, 0, 1, 0, 0});
  Bytes m2 = big().order().u32(3).u32(1).u32(4).xy({10, 10, 11, 10, 10, 11, 10, 10});
  w.b.insert(w.b.end(), m2.b.begin(), m2.b.end());
  const Shapes s = read_wkb(w.b);
  ASSERT_EQ(s.polygons.size(), 2u);
  EXPECT_EQ(s.polygons[1][0][1].x, 11);
  EXPECT_EQ(envelope(s).max_y, 11);
  EXPECT_FALSE(first_xy(w.b.data(), w.b.size()).has_value());  // collections: none

  // LINESTRING(0 0,3 4) and a MULTILINESTRING of one line.
  const Shapes l = read_wkb(little().order().u32(2).u32(2).xy({0, 0, 3, 4}).b);
  ASSERT_EQ(l.lines.size(), 1u);
  EXPECT_EQ(l.lines[0][1].y, 4);
  const Shapes ml = read_wkb(little().order().u32(5).u32(1).order().u32(2).u32(1).xy({7, 8}).b);
  ASSERT_EQ(ml.lines.size(), 1u);
  EXPECT_EQ(ml.lines[0][0].x, 7);
}

TEST(Wkb, ZAndMAreDropped) {
  // ISO POINT Z (1 2 3), ISO LINESTRING ZM, EWKB POINT Z with SRID 4490.
  const Shapes z = read_wkb(little().order().u32(1001).xy({1, 2, 3}).b);
  ASSERT_EQ(z.points.size(), 1u);
  EXPECT_EQ(z.points[0].y, 2);
  const Shapes zm = read_wkb(big().order().u32(3002).u32(2).xy({1, 2, 3, 4, 5, 6, 7, 8}).b);
  ASSERT_EQ(zm.lines.size(), 1u);
  EXPECT_EQ(zm.lines[0][1].x, 5);
  EXPECT_EQ(zm.lines[0][1].y, 6);
  const Shapes ewkb = read_wkb(little().order().u32(0xA0000001u).u32(4490).xy({9, 8, 7}).b);
  ASSERT_EQ(ewkb.points.size(), 1u);
  EXPECT_EQ(ewkb.points[0].x, 9);
  EXPECT_EQ(ewkb.points[0].y, 8);
}

TEST(Wkb, MalformedInputThrows) {
  expect_error({}, "empty input");
  expect_error({1}, "byte order only");
  expect_error(little().order().u32(1).xy({1}).b, "point missing y");
  expect_error(little().order().u32(2).u32(3).xy({0, 0, 1, 1}).b, "line shorter than its count");
  expect_error(little().order().u32(3).u32(2).u32(4).xy({0, 0, 1, 0, 0, 1, 0, 0}).b,
               "missing hole");
  expect_error(little().order().u32(8).xy({0, 0}).b, "CircularString is not supported");
  expect_error(little().order().u32(6).u32(1).b, "collection without its member");
  Bytes deep = little();
  for (int i = 0; i < 10; ++i) deep.order().u32(7).u32(1);
  deep.order().u32(1).xy({0, 0});
  expect_error(deep.b, "nesting too deep");
  // A huge count must fail on the bounds check, not allocate.
  expect_error(little().order().u32(2).u32(0xffffffffu).b, "absurd count");
}

TEST(Wkb, WriterBytesByHand) {
  WkbWriter w;
  w.header(WkbType::Point);
  w.xy(1.5, -2);
  EXPECT_EQ(w.take(), little().order().u32(1).xy({1.5, -2}).b);

  // A multipolygon whose part count is corrected at the end.
  WkbWriter m;
  m.header(WkbType::MultiPolygon);
  const std::size_t at = m.mark();
  m.count(0);
  m.header(WkbType::Polygon);
  m.count(1);
  m.count(4);
  for (double v : {0.0, 1.0, 0.0, 0.0}) m.xy(v, v == 1.0 ? 0.0 : v);
  m.set_count(at, 1);
  const Wkb out = m.take();
  EXPECT_EQ(
      out,
      little().order().u32(6).u32(1).order().u32(3).u32(1).u32(4).xy({0, 0, 1, 0, 0, 0, 0, 0}).b);
  EXPECT_EQ(read_wkb(out).polygons.size(), 1u);
}

TEST(Wkb, RewriterKeepsByteOrderAndZ) {
  // Big-endian LINESTRING Z (1 2 3, 4 5 6) shifted by (+10, +100): Z stays.
  Wkb w = big().order().u32(1002).u32(2).xy({1, 2, 3, 4, 5, 6}).b;
  WkbXyRewriter r;
  std::size_t seen = 0;
  r.apply(w, [&](double* xs, double* ys, std::size_t n) {
    seen = n;
    for (std::size_t i = 0; i < n; ++i) xs[i] += 10, ys[i] += 100;
  });
  EXPECT_EQ(seen, 2u);
  EXPECT_EQ(w, big().order().u32(1002).u32(2).xy({11, 102, 3, 14, 105, 6}).b);

  // Empty points are skipped; malformed input throws and leaves the bytes alone.
  const double nan = std::nan("");
  Wkb mp = little().order().u32(4).u32(2).order().u32(1).xy({nan, nan}).order().u32(1).xy({1, 1}).b;
  r.apply(mp, [&](double* xs, double*, std::size_t n) {
    seen = n;
    xs[0] = 2;
  });
  EXPECT_EQ(seen, 1u);
  EXPECT_EQ(read_wkb(mp).points.at(0).x, 2);
  Wkb bad = little().order().u32(2).u32(2).xy({1, 1, 2}).b;
  const Wkb before = bad;
  EXPECT_THROW(r.apply(bad, [](double*, double*, std::size_t) {}), Error);
  EXPECT_EQ(bad, before);
}

}  // namespace
}  // namespace hubland::geo

namespace hubland::geo {
namespace {

// is_plain_convex_polygon lets the reader skip GEOS's validity check: it must never say yes
// to a polygon GEOS finds invalid, and it says yes to the plain convex parcels of a city.
TEST(Wkb, PlainConvexPolygonsAreKnownValidWithoutGeos) {
  auto fast = [](const char* wkt) { return is_plain_convex_polygon(to_wkb(from_wkt(wkt).get())); };
  EXPECT_TRUE(fast("POLYGON((0 0,10 0,10 10,0 10,0 0))"));
  EXPECT_TRUE(fast("POLYGON((0 0,0 10,10 10,10 0,0 0))"));  // clockwise
  EXPECT_TRUE(fast("POLYGON((0 0,4 0,2 3,0 0))"));
  EXPECT_TRUE(
      fast("POLYGON((500000.25 3300000.5,500060.75 3300001.5,500059 3300061,"
           "500001 3300060,500000.25 3300000.5))"));
  EXPECT_TRUE(fast("MULTIPOLYGON(((0 0,10 0,10 10,0 10,0 0)))"));
  EXPECT_FALSE(fast("POLYGON((0 0,10 10,10 0,0 10,0 0))"));                    // bow-tie
  EXPECT_FALSE(fast("POLYGON((0 0,10 0,10 10,5 2,0 10,0 0))"));                // concave
  EXPECT_FALSE(fast("POLYGON((0 0,5 0,10 0,10 10,0 10,0 0))"));                // straight vertex
  EXPECT_FALSE(fast("POLYGON((0 0,10 0,10 0,10 10,0 10,0 0))"));               // repeated vertex
  EXPECT_FALSE(fast("POLYGON((0 0,10 0,10 10,0 10,0 0),(2 2,3 2,3 3,2 2))"));  // a hole
  EXPECT_FALSE(fast("MULTIPOLYGON(((0 0,1 0,1 1,0 0)),((5 5,6 5,6 6,5 5)))"));
  // A pentagram turns the same way at every vertex but winds twice.
  EXPECT_FALSE(fast("POLYGON((0 10,6 -8,-9.5 3,9.5 3,-6 -8,0 10))"));
  EXPECT_FALSE(is_plain_convex_polygon(Wkb{1, 3, 0}));  // truncated: no, and no throw
  Wkb unclosed = to_wkb(from_wkt("POLYGON((0 0,10 0,10 10,0 10,0 0))").get());
  unclosed[unclosed.size() - 1] ^= 0x01;  // the last y no longer the first
  EXPECT_FALSE(is_plain_convex_polygon(unclosed));
  Wkb not_a_number = to_wkb(from_wkt("POLYGON((0 0,10 0,10 10,0 10,0 0))").get());
  const double nan = std::nan("");
  std::memcpy(not_a_number.data() + 13 + 16, &nan, 8);  // the second vertex's x
  EXPECT_FALSE(is_plain_convex_polygon(not_a_number));

  // Random quadrilaterals and pentagons, many of them twisted: every yes is valid for GEOS.
  std::uint64_t state = 20261202;
  auto next = [&] {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    return static_cast<double>(state >> 11) / 9007199254740992.0 * 100.0;
  };
  int yes = 0, geos_valid = 0;
  for (int k = 0; k < 4000; ++k) {
    const int corners = 4 + k % 2;
    std::string wkt = "POLYGON((";
    std::string first;
    for (int c = 0; c < corners; ++c) {
      const std::string p = std::to_string(next()) + " " + std::to_string(next());
      if (c == 0) first = p;
      wkt += p + ",";
    }
    wkt += first + "))";
    GeomPtr g = from_wkt(wkt.c_str());
    const bool valid = invalid_reason(g.get()).empty();
    geos_valid += valid ? 1 : 0;
    if (is_plain_convex_polygon(to_wkb(g.get()))) {
      ++yes;
      EXPECT_TRUE(valid) << wkt;
    }
  }
  EXPECT_GT(yes, 300);               // about one in eight sets of random corners is convex
  EXPECT_GT(geos_valid - yes, 100);  // valid but concave: left to GEOS
}

}  // namespace
}  // namespace hubland::geo

namespace hubland::geo {
namespace {

// plain_wkb decides which bytes a reader may keep as they are: only little-endian ISO 2D
// geometry of the five kept types with nothing empty in it and nothing after it. Every other
// form must be refused, or a reader would keep bytes the rest of the engine does not expect.
TEST(Wkb, PlainWkbIsLittleEndian2dNonEmptyAndWhole) {
  auto plain = [](const Wkb& w) { return plain_wkb(w.data(), w.size()); };
  const Wkb square = little().order().u32(3).u32(1).u32(5).xy({0, 0, 10, 0, 10, 10, 0, 10, 0, 0}).b;
  auto p = plain(square);
  ASSERT_TRUE(p);
  EXPECT_EQ(p->type, WkbType::Polygon);
  EXPECT_EQ(p->envelope.min_x, 0);
  EXPECT_EQ(p->envelope.max_y, 10);
  // Two polygons, the second one further out: the envelope covers both.
  Bytes multi = little().order().u32(6).u32(2);
  multi.order().u32(3).u32(1).u32(4).xy({0, 0, 1, 0, 0, 1, 0, 0});
  multi.order().u32(3).u32(1).u32(4).xy({-5, 2, 7, 2, -5, 9, -5, 2});
  p = plain(multi.b);
  ASSERT_TRUE(p);
  EXPECT_EQ(p->type, WkbType::MultiPolygon);
  EXPECT_EQ(p->envelope.min_x, -5);
  EXPECT_EQ(p->envelope.min_y, 0);
  EXPECT_EQ(p->envelope.max_x, 7);
  EXPECT_EQ(p->envelope.max_y, 9);
  p = plain(little().order().u32(1).xy({3, 4}).b);
  ASSERT_TRUE(p);
  EXPECT_EQ(p->type, WkbType::Point);
  EXPECT_EQ(p->envelope.min_x, 3);
  EXPECT_EQ(p->envelope.max_y, 4);
  Bytes lines = little().order().u32(5).u32(1);
  lines.order().u32(2).u32(2).xy({1, 1, 2, 3});
  EXPECT_EQ(plain(lines.b)->type, WkbType::MultiLineString);

  // Refused: other byte orders, dimensions and types, empties, truncation, trailing bytes.
  EXPECT_FALSE(plain(big().order().u32(3).u32(1).u32(4).xy({0, 0, 1, 0, 0, 1, 0, 0}).b));
  Bytes mixed = little().order().u32(6).u32(1);
  mixed.le = false;
  mixed.order().u32(3).u32(1).u32(4).xy({0, 0, 1, 0, 0, 1, 0, 0});
  EXPECT_FALSE(plain(mixed.b));  // a big-endian member
  EXPECT_FALSE(
      plain(little().order().u32(1003).u32(1).u32(4).xy({0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 0}).b));
  EXPECT_FALSE(plain(
      little().order().u32(0x80000003).u32(1).u32(4).xy({0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 0}).b));
  EXPECT_FALSE(plain(little().order().u32(4).u32(1).order().u32(1).xy({3, 4}).b));  // multipoint
  EXPECT_FALSE(plain(little().order().u32(7).u32(1).order().u32(1).xy({3, 4}).b));  // collection
  EXPECT_FALSE(plain(little().order().u32(1).xy({NAN, NAN}).b));                    // empty point
  EXPECT_FALSE(plain(little().order().u32(3).u32(0).b));                            // no ring
  EXPECT_FALSE(plain(little().order().u32(3).u32(1).u32(0).b));                     // empty ring
  EXPECT_FALSE(plain(little().order().u32(6).u32(0).b));                            // no polygon
  EXPECT_FALSE(plain(little().order().u32(2).u32(2).xy({1, NAN, 2, 3}).b));
  Bytes wrong_member = little().order().u32(6).u32(1);
  wrong_member.order().u32(2).u32(2).xy({1, 1, 2, 3});
  EXPECT_FALSE(plain(wrong_member.b));  // a line inside a multipolygon
  Wkb cut = square;
  cut.resize(cut.size() - 1);
  EXPECT_FALSE(plain(cut));
  Wkb longer = square;
  longer.push_back(0);
  EXPECT_FALSE(plain(longer));
  const Wkb huge_count = little().order().u32(2).u32(0xFFFFFFFF).xy({1, 1}).b;
  EXPECT_FALSE(plain(huge_count));
  EXPECT_FALSE(plain(Wkb{}));
}

// What a visitor was handed, in order, as text: "P x y", "L n x0 y0 ...", "R i n x0 y0 ...".
class Recorder final : public WkbVisitor {
 public:
  std::vector<std::string> parts;
  void point(XY p) override { parts.push_back("P " + xy_text({&p, 1})); }
  void line(std::span<const XY> pts) override { parts.push_back("L " + xy_text(pts)); }
  void ring(std::span<const XY> pts, std::size_t index) override {
    parts.push_back("R" + std::to_string(index) + " " + xy_text(pts));
  }

 private:
  static std::string xy_text(std::span<const XY> pts) {
    std::string s = std::to_string(pts.size());
    for (const XY& p : pts) s += " " + std::to_string(p.x) + " " + std::to_string(p.y);
    return s;
  }
};

TEST(Wkb, PlainWkbWalkedOnceHandsWhatWalkWkbHands) {
  // from_wkb checks plain WKB and takes its rings in one pass: the pass must hand over exactly
  // the parts walk_wkb reads, and say plain exactly when the check alone says so.
  Bytes multi = little().order().u32(6).u32(2);
  multi.order().u32(3).u32(2).u32(5).xy({0, 0, 10, 0, 10, 10, 0, 10, 0, 0});
  multi.u32(4).xy({2, 2, 2, 4, 4, 2, 2, 2});
  multi.order().u32(3).u32(1).u32(4).xy({-5, 2, 7, 2, -5, 9, -5, 2});
  Bytes lines = little().order().u32(5).u32(2);
  lines.order().u32(2).u32(2).xy({1, 1, 2, 3});
  lines.order().u32(2).u32(3).xy({4, 5, 6, 7, 8, 9});
  const Wkb point = little().order().u32(1).xy({3, 4}).b;
  for (const Wkb* w : std::initializer_list<const Wkb*>{&multi.b, &lines.b, &point}) {
    Recorder once, walked;
    const auto plain = plain_wkb(w->data(), w->size(), once);
    walk_wkb(w->data(), w->size(), walked);
    ASSERT_TRUE(plain);
    EXPECT_EQ(once.parts, walked.parts);
    const auto alone = plain_wkb(w->data(), w->size());
    EXPECT_EQ(plain->type, alone->type);
    EXPECT_EQ(plain->envelope.min_x, alone->envelope.min_x);
    EXPECT_EQ(plain->envelope.max_y, alone->envelope.max_y);
  }
  Recorder r;
  ASSERT_TRUE(plain_wkb(multi.b.data(), multi.b.size(), r));
  ASSERT_EQ(r.parts.size(), 3u);
  EXPECT_EQ(r.parts[1],
            "R1 4 2.000000 2.000000 2.000000 4.000000 4.000000 2.000000 2.000000 2.000000");
  // Not plain, with or without the visitor: a NaN, trailing bytes, a big-endian member.
  Wkb longer = multi.b;
  longer.push_back(0);
  Bytes mixed = little().order().u32(6).u32(1);
  mixed.le = false;
  mixed.order().u32(3).u32(1).u32(4).xy({0, 0, 1, 0, 0, 1, 0, 0});
  const Wkb nan = little().order().u32(2).u32(2).xy({1, NAN, 2, 3}).b;
  for (const Wkb* w : std::initializer_list<const Wkb*>{&longer, &mixed.b, &nan}) {
    Recorder ignored;
    EXPECT_FALSE(plain_wkb(w->data(), w->size(), ignored));
    EXPECT_FALSE(plain_wkb(w->data(), w->size()));
  }
}

}  // namespace
}  // namespace hubland::geo

namespace hubland::geo {
namespace {

// What GEOS's own reader makes of `w`, for comparison with from_wkb.
GeomPtr read_with_geos(const Wkb& w) {
  auto ctx = GeosContext::local().handle();
  GEOSWKBReader* reader = GEOSWKBReader_create_r(ctx);
  GEOSGeometry* g = GEOSWKBReader_read_r(ctx, reader, w.data(), w.size());
  GEOSWKBReader_destroy_r(ctx, reader);
  return adopt(g, "reading WKB with GEOS");
}

std::string geos_error(const Wkb& w) {
  try {
    from_wkb(w);
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::Geometry);
    return e.message();
  }
  return "";
}

TEST(Wkb, PlainPolygonsBecomeTheGeometriesGeosReadsFromThem) {
  // from_wkb builds plain little-endian polygons from their coordinates (the fast path); the
  // result must be what GEOS's reader makes: the same rings, holes, parts and order, 2D.
  const Wkb square_with_hole = little()
                                   .order()
                                   .u32(3)
                                   .u32(2)
                                   .u32(5)
                                   .xy({0, 0, 10, 0, 10, 10, 0, 10, 0, 0})
                                   .u32(4)
                                   .xy({2, 2, 2, 4, 4, 2, 2, 2})
                                   .b;
  Bytes multi = little().order().u32(6).u32(2);
  multi.order().u32(3).u32(1).u32(4).xy({20, 0, 30, 0, 20, 5, 20, 0});
  multi.b.insert(multi.b.end(), square_with_hole.begin(), square_with_hole.end());
  auto ctx = GeosContext::local().handle();
  for (const Wkb* w : {&square_with_hole, static_cast<const Wkb*>(&multi.b)}) {
    const GeomPtr fast = from_wkb(*w);
    const GeomPtr reader = read_with_geos(*w);
    EXPECT_EQ(GEOSEqualsExact_r(ctx, fast.get(), reader.get(), 0), 1);
    EXPECT_EQ(GEOSGeomTypeId_r(ctx, fast.get()), GEOSGeomTypeId_r(ctx, reader.get()));
    EXPECT_EQ(GEOSGeom_getCoordinateDimension_r(ctx, fast.get()), 2);
    EXPECT_TRUE(to_wkb(fast.get()) == *w);  // the same bytes back
  }
  const GeomPtr m = from_wkb(multi.b);
  EXPECT_EQ(area(m.get()), 25.0 + 100.0 - 2.0);  // the triangle, the square less its hole
  ASSERT_EQ(GEOSGetNumGeometries_r(ctx, m.get()), 2);
  EXPECT_EQ(GEOSGetNumInteriorRings_r(ctx, GEOSGetGeometryN_r(ctx, m.get(), 1)), 1);
}

TEST(Wkb, MalformedPlainPolygonsFailAsGeosReaderFails) {
  // Unclosed, cut off, or claiming more parts than it has: an error (the reader's own), never
  // a crash or a partial geometry. Bytes after a whole geometry are ignored, as the
  // reader ignores them.
  const Wkb unclosed = little().order().u32(3).u32(1).u32(4).xy({0, 0, 1, 0, 1, 1, 0, 1}).b;
  EXPECT_NE(geos_error(unclosed).find("closed"), std::string::npos) << geos_error(unclosed);
  // A closed ring of three points: GEOS 3.11's reader takes it; so does the fast path, alike.
  const Wkb short_ring = little().order().u32(3).u32(1).u32(3).xy({0, 0, 1, 0, 0, 0}).b;
  EXPECT_EQ(GEOSEqualsExact_r(GeosContext::local().handle(), from_wkb(short_ring).get(),
                              read_with_geos(short_ring).get(), 0),
            1);
  Wkb cut = little().order().u32(3).u32(1).u32(5).xy({0, 0, 1, 0, 1, 1, 0, 1, 0, 0}).b;
  cut.resize(cut.size() - 3);
  EXPECT_NE(geos_error(cut), "");
  const Wkb many_parts = little().order().u32(6).u32(0xFFFFFFFFu).b;
  EXPECT_NE(geos_error(many_parts), "");
  Wkb trailing = little().order().u32(3).u32(1).u32(4).xy({0, 0, 1, 0, 0, 1, 0, 0}).b;
  trailing.push_back(7);
  EXPECT_EQ(area(from_wkb(trailing).get()), 0.5);
}

}  // namespace
}  // namespace hubland::geo
